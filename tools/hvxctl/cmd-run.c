// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl run {IMAGE | --kernel IMAGE} [--initrd FILE] [--mem MB]
 *            [--vcpus N] [--dtb FILE] [--append ARGS] [--timeout SEC]
 *            [--acpi] [--acpi-tables DIR] [--acpi-map FILE] [--dump-dtb FILE]
 *            [--name NAME] [--detach] [--counter-freq HZ] [--no-vmware]
 *            [--verbose]
 *
 * Creates a VM through /dev/hvx, gives it a virtual GICv3 if hvx has one,
 * loads IMAGE, the initrd and a device tree into its RAM, and runs it
 * until it ends (vm-run.c). The set-up follows the arm64 boot protocol
 * (Documentation/arm64/booting.rst): vCPU 0 enters the image at EL1h with
 * DAIF masked, x0 = the DTB's address, x1-x3 = 0; the other vCPUs start
 * powered off, for the guest's PSCI CPU_ON.
 *
 * --acpi hands the guest ACPI tables made of its device tree (or
 * --acpi-tables', as they are) the way UEFI would, and a stub device tree
 * pointing at them (vm-acpi.c, vm-efi.c).
 *
 * --name names the VM (HVX_VM_SET_NAME) for hvxctl console, stop and
 * stats. --counter-freq gives the guest a counter of HZ ticks a second
 * (HVX_VM_SET_CLOCK, right after HVX_CREATE_VM) and a timer node that
 * lists only the physical timers, which hvx scales. --no-vmware turns
 * the VM's VMware backdoor off (HVX_VM_SET_VMWARE). --detach forks
 * before anything is made: the child makes and runs the VM in a session
 * of its own, its output only in the console's ring
 * and tty; the parent waits until the child says the vCPUs run (a pipe)
 * and the VM's sysfs state says the guest entered, prints the VM's name
 * (or handle) and exits 0; if the child ends first, with its status.
 *
 * Its exit status says how the guest ended (enum vm_exit); a usage error
 * is hvxctl's usual 2, told apart from the guest's internal error (also 2)
 * by coming before any VM is made, with a usage message on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm.h"

#define DEFAULT_MEM_MB		64
/* A longer --timeout is as good as none; this keeps deadlines in range. */
#define MAX_TIMEOUT		1e9
/* --detach: how long the guest gets to start running once set up. */
#define DETACH_WAIT_S		30

struct run_opts {
	const char *image;
	const char *kernel;
	const char *initrd;
	const char *dtb;
	const char *append;
	const char *acpi_tables;
	const char *dump_dtb;
	const char *acpi_map;
	unsigned long long mem_mb;
	unsigned long long vcpus;
	double timeout;
	const char *name;
	bool detach;
	bool verbose;
	bool acpi;
	unsigned long long counter_freq;	/* 0: the host's */
	bool no_vmware;
};

/* Long options without a short one */
enum {
	OPT_ACPI = 256,
	OPT_ACPI_TABLES,
	OPT_DUMP_DTB,
	OPT_ACPI_MAP,
	OPT_NO_VMWARE,
};

static bool parse_seconds(const char *s, double *out)
{
	char *end;

	if ((*s < '0' || *s > '9') && *s != '.')
		return false;
	errno = 0;
	*out = strtod(s, &end);
	return !*end && !errno && *out <= MAX_TIMEOUT;
}

static int parse_opts(const struct hvxctl_cmd *cmd, int argc, char **argv,
		      struct run_opts *o)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "mem", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ "dtb", required_argument, NULL, 'd' },
		{ "append", required_argument, NULL, 'a' },
		{ "timeout", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "name", required_argument, NULL, 'n' },
		{ "detach", no_argument, NULL, 'D' },
		{ "acpi", no_argument, NULL, OPT_ACPI },
		{ "acpi-tables", required_argument, NULL, OPT_ACPI_TABLES },
		{ "counter-freq", required_argument, NULL, 'F' },
		{ "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
		{ "acpi-map", required_argument, NULL, OPT_ACPI_MAP },
		{ "no-vmware", no_argument, NULL, OPT_NO_VMWARE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const unsigned long long max_mb =
		((1ULL << HVX_GUEST_IPA_BITS) - GUEST_RAM_BASE) / VM_SZ_1M;
	int opt;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":k:i:m:c:d:a:t:vn:DF:h", opts)) !=
	       HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'm':
			if (!hvxctl_parse_ull(optarg, 1, max_mb, &o->mem_mb))
				return hvxctl_usage_error(cmd,
						"--mem takes a size in MiB, 1 to %llu: '%s'",
						max_mb, optarg);
			break;
		case 'c':
			if (!hvxctl_parse_ull(optarg, 1, HVX_MAX_VCPUS, &o->vcpus))
				return hvxctl_usage_error(cmd,
						"--vcpus takes a number from 1 to %d: '%s'",
						HVX_MAX_VCPUS, optarg);
			break;
		case 'k':
			o->kernel = optarg;
			break;
		case 'i':
			o->initrd = optarg;
			break;
		case 'd':
			o->dtb = optarg;
			break;
		case 'a':
			o->append = optarg;
			break;
		case 't':
			if (!parse_seconds(optarg, &o->timeout))
				return hvxctl_usage_error(cmd,
						"--timeout takes seconds, 0 to %g: '%s'",
						MAX_TIMEOUT, optarg);
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'n':
			if (!hvx_vm_name_valid(optarg))
				return hvxctl_usage_error(cmd,
						"--name takes 1 to %d characters, a letter first, then letters, digits, '.', '_' or '-': '%s'",
						HVX_VM_NAME_MAX - 1, optarg);
			o->name = optarg;
			break;
		case 'D':
			o->detach = true;
			break;
		case OPT_ACPI_MAP:
			o->acpi_map = optarg;
			o->acpi = true;
			break;
		case OPT_ACPI_TABLES:
			o->acpi_tables = optarg;
			o->acpi = true;
			break;
		case OPT_ACPI:
			o->acpi = true;
			break;
		case OPT_DUMP_DTB:
			o->dump_dtb = optarg;
			break;
		case OPT_NO_VMWARE:
			o->no_vmware = true;
			break;
		case 'F':
			if (!hvxctl_parse_ull(optarg, HVX_CLOCK_FREQ_MIN,
					      HVX_CLOCK_FREQ_MAX, &o->counter_freq))
				return hvxctl_usage_error(cmd,
						"--counter-freq takes the guest's counter frequency in Hz, %llu to %llu: '%s'",
						(unsigned long long)HVX_CLOCK_FREQ_MIN,
						(unsigned long long)HVX_CLOCK_FREQ_MAX,
						optarg);
			break;
		case HVXCTL_OPT_HELP:
			return VM_EXIT_OFF;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	if (o->acpi_map && o->acpi_tables)
		return hvxctl_usage_error(cmd,
					  "--acpi-map is for the tables hvxctl generates, not --acpi-tables' own");
	if (o->kernel && optind < argc)
		return hvxctl_usage_error(cmd, "two images to run: --kernel %s and '%s'",
					  o->kernel, argv[optind]);
	if (optind == argc && !o->kernel)
		return hvxctl_usage_error(cmd, "no image to run: give IMAGE or --kernel IMAGE");
	if (argc - optind > 1)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	o->image = o->kernel ? o->kernel : argv[optind];
	return -1;
}

/*
 * hvx must speak API 4 and have VMs and consoles: the guest's UART and
 * console calls are hvx.ko's console (hvxctl has no UART of its own);
 * --counter-freq needs API 6's clock. *vgic says whether it has the vGIC
 * too.
 */
static int check_api(int dev, bool *vgic, const struct run_opts *o)
{
	struct hvx_version v;

	if (hvx_get_version(dev, &v))
		return -1;
	if ((o->name || o->detach) && !(v.api_version >= 5 &&
					(v.features & HVX_FEATURE_VM_CONTROL) &&
					(v.features & HVX_FEATURE_CONSOLE))) {
		hvxctl_err("this hvx module (%u.%u.%u, API %u) has no VM names or consoles: --name and --detach need API 5; load a newer hvx.ko",
			   v.major, v.minor, v.patch, v.api_version);
		return -1;
	}
	*vgic = v.api_version >= 3 && (v.features & HVX_FEATURE_VGIC);
	if (v.api_version < 2 || !(v.features & HVX_FEATURE_VM)) {
		hvxctl_err("this hvx module (%u.%u.%u, API %u) cannot run VMs: load an hvx.ko with VM support (API 2 or later)",
			   v.major, v.minor, v.patch, v.api_version);
		return -1;
	}
	if (v.api_version < 4 || !(v.features & HVX_FEATURE_CONSOLE)) {
		hvxctl_err("this hvx module (%u.%u.%u, API %u) has no consoles (HVX_FEATURE_CONSOLE), which emulate the guest's UART: load the hvx.ko that came with this hvxctl",
			   v.major, v.minor, v.patch, v.api_version);
		return -1;
	}
	if (o->counter_freq && !(v.api_version >= 6 &&
				 (v.features & HVX_FEATURE_CLOCK))) {
		hvxctl_err("this hvx module (%u.%u.%u, API %u) cannot scale guest time (no HVX_FEATURE_CLOCK): --counter-freq needs API 6; load a newer hvx.ko",
			   v.major, v.minor, v.patch, v.api_version);
		return -1;
	}
	if (o->no_vmware && !(v.api_version >= 7 &&
			      (v.features & HVX_FEATURE_VMWARE_RPC))) {
		hvxctl_err("this hvx module (%u.%u.%u, API %u) cannot turn the VMware backdoor off (no HVX_FEATURE_VMWARE_RPC): --no-vmware needs API 7; load a newer hvx.ko",
			   v.major, v.minor, v.patch, v.api_version);
		return -1;
	}
	return 0;
}

static int write_guest(int vm_fd, __u64 gpa, const void *data, size_t size,
		       const char *what)
{
	struct hvx_vm_write w = {
		.guest_phys_addr = gpa,
		.size = size,
		.data = (uintptr_t)data,
	};

	if (ioctl(vm_fd, HVX_VM_WRITE_MEMORY, &w) == 0)
		return 0;
	hvxctl_err("HVX_VM_WRITE_MEMORY: writing the %s (%zu bytes at 0x%llx): %s",
		   what, size, (unsigned long long)gpa, strerror(errno));
	return -1;
}

static int add_memory(int vm_fd, const struct vm_layout *l)
{
	struct hvx_vm_memory m = {
		.guest_phys_addr = l->ram_base,
		.size = l->ram_size,
	};

	if (ioctl(vm_fd, HVX_VM_ADD_MEMORY, &m) == 0)
		return 0;
	if (errno == ENOMEM)
		hvxctl_err("HVX_VM_ADD_MEMORY: no room for %llu MiB of guest RAM: give a smaller --mem (or raise the memory cgroup's limit, or the partition's)",
			   (unsigned long long)(l->ram_size / VM_SZ_1M));
	else
		hvx_ioctl_err("HVX_VM_ADD_MEMORY");
	return -1;
}

static int create_vcpu(struct vm *vm, unsigned int id)
{
	struct vm_vcpu *v = &vm->vcpus[id];
	struct hvx_vcpu_create c = {
		/* vCPU 0 boots; the others wait for the guest's CPU_ON */
		.flags = id ? HVX_VCPU_POWER_OFF : 0,
		.id = id,
	};
	void *run;

	v->vm = vm;
	v->id = id;
	v->fd = ioctl(vm->fd, HVX_CREATE_VCPU, &c);
	if (v->fd < 0) {
		if (errno == EDQUOT)
			hvxctl_err("HVX_CREATE_VCPU (vCPU %u): over the partition's limit of vCPUs",
				   id);
		else
			hvxctl_err("HVX_CREATE_VCPU (vCPU %u): %s", id,
				   strerror(errno));
		return -1;
	}
	run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   v->fd, 0);
	if (run == MAP_FAILED) {
		hvxctl_err("mapping vCPU %u's run structure: %s", id,
			   strerror(errno));
		return -1;
	}
	v->run = run;
	return 0;
}

/* vCPU 0 at the image's entry, with the DTB in x0 (x1-x3 stay 0). */
static int set_boot_regs(const struct vm_vcpu *v, const struct vm_layout *l)
{
	struct hvx_regs r;

	memset(&r, 0, sizeof(r));
	if (ioctl(v->fd, HVX_VCPU_GET_REGS, &r)) {
		hvx_ioctl_err("HVX_VCPU_GET_REGS");
		return -1;
	}
	/* in: flags, pad and reserved must be 0, whatever came out */
	r.flags = 0;
	r.pad = 0;
	memset(r.reserved, 0, sizeof(r.reserved));
	memset(r.x, 0, sizeof(r.x));
	r.x[0] = l->dtb_addr;
	r.pc = l->image_addr;
	r.pstate = GUEST_ENTRY_PSTATE;
	if (ioctl(v->fd, HVX_VCPU_SET_REGS, &r)) {
		hvx_ioctl_err("HVX_VCPU_SET_REGS");
		return -1;
	}
	return 0;
}

/* The vGIC at QEMU virt's addresses, with a redistributor per vCPU. */
static int create_gic(struct vm *vm)
{
	struct hvx_vm_gic g = {
		.nr_irqs = VM_GIC_NR_IRQS,
		.dist_base = GUEST_GICD_BASE,
		.redist_base = GUEST_GICR_BASE,
	};

	if (ioctl(vm->fd, HVX_VM_CREATE_GIC, &g) == 0)
		return 0;
	hvx_ioctl_err("HVX_VM_CREATE_GIC");
	return -1;
}

static int set_name(int vm_fd, const char *name)
{
	struct hvx_vm_name n;

	memset(&n, 0, sizeof(n));
	memcpy(n.name, name, strlen(name));
	if (ioctl(vm_fd, HVX_VM_SET_NAME, &n) == 0)
		return 0;
	if (errno == EEXIST)
		hvxctl_err("a VM named '%s' runs already: pick another --name, or stop that one first ('hvxctl stop %s')",
			   name, name);
	else
		hvx_ioctl_err("HVX_VM_SET_NAME");
	return -1;
}

/* The guest's counter at freq Hz from its first run on. */
static int set_clock(int vm_fd, __u64 freq)
{
	struct hvx_vm_clock c;

	memset(&c, 0, sizeof(c));
	c.freq = freq;
	if (ioctl(vm_fd, HVX_VM_SET_CLOCK, &c) == 0)
		return 0;
	if (errno == EINVAL)
		hvxctl_err("HVX_VM_SET_CLOCK: hvx refuses a counter of %llu Hz",
			   (unsigned long long)freq);
	else
		hvx_ioctl_err("HVX_VM_SET_CLOCK");
	return -1;
}

/* The guest has no VMware backdoor. */
static int vmware_off(int vm_fd)
{
	struct hvx_vm_vmware v;

	memset(&v, 0, sizeof(v));
	v.flags = HVX_VMWARE_OFF;
	if (ioctl(vm_fd, HVX_VM_SET_VMWARE, &v) == 0)
		return 0;
	hvx_ioctl_err("HVX_VM_SET_VMWARE");
	return -1;
}

static int setup_vm(int dev, struct vm *vm, const struct vm_layout *l,
		    const struct vm_image *img, const void *initrd,
		    const void *dtb, const struct vm_efi *efi,
		    __u64 counter_freq)
{
	struct hvx_vm_create c = { 0 };
	unsigned int i;
	int size;

	size = ioctl(dev, HVX_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0) {
		hvx_ioctl_err("HVX_GET_VCPU_MMAP_SIZE");
		return -1;
	}
	if ((size_t)size < sizeof(struct hvx_run)) {
		hvxctl_err("HVX_GET_VCPU_MMAP_SIZE: %d bytes, less than a struct hvx_run (%zu): hvx module and hvxctl disagree",
			   size, sizeof(struct hvx_run));
		return -1;
	}
	vm->run_size = size;
	vm->fd = ioctl(dev, HVX_CREATE_VM, &c);
	if (vm->fd < 0) {
		if (errno == EDQUOT)
			hvxctl_err("HVX_CREATE_VM: over the partition's limit of VMs");
		else
			hvx_ioctl_err("HVX_CREATE_VM");
		return -1;
	}
	if (vm->name && set_name(vm->fd, vm->name))
		return -1;
	if (counter_freq && set_clock(vm->fd, counter_freq))
		return -1;
	if (vm->no_vmware && vmware_off(vm->fd))
		return -1;
	if (add_memory(vm->fd, l) ||
	    write_guest(vm->fd, l->image_addr, img->data, img->file_size,
			"image") ||
	    (l->initrd_size &&
	     write_guest(vm->fd, l->initrd_addr, initrd, l->initrd_size,
			 "initrd")) ||
	    write_guest(vm->fd, l->dtb_addr, dtb, l->dtb_size, "device tree") ||
	    (efi->data && write_guest(vm->fd, efi->base, efi->data, efi->size,
				      "ACPI tables and EFI structures")))
		return -1;
	for (i = 0; i < vm->nr_vcpus; i++)
		if (create_vcpu(vm, i))
			return -1;
	/* After the vCPUs: the last redistributor is the highest vCPU's. */
	if (vm->has_gic && create_gic(vm))
		return -1;
	if (vm_tty_create(&vm->tty, vm->fd, vm->has_gic))
		return -1;
	/*
	 * Detached, nobody reads it here: the ring keeps the output. Else
	 * this process shows it, and 'hvxctl console', which would take
	 * bytes from the same stream, finds the tty locked (cmd-console.c).
	 */
	if (vm->detach_fd >= 0)
		vm_tty_close(&vm->tty);
	else if (vm->tty.fd >= 0)
		fcntl(vm->tty.fd, F_SETLK, &(struct flock){ .l_type = F_WRLCK });
	return set_boot_regs(&vm->vcpus[0], l);
}

/*
 * --detach, in the child, once the vCPUs run: tell the parent the VM's
 * handle, and leave the terminal (stdio to /dev/null).
 */
static void detach_started(struct vm *vm)
{
	unsigned long long handle = 0;
	char line[32];
	int null;

	hvx_vm_of_pid(getpid(), &handle);
	snprintf(line, sizeof(line), "%llu\n", handle);
	if (write(vm->detach_fd, line, strlen(line)) < 0)
		hvxctl_err("--detach: telling the parent: %s", strerror(errno));
	close(vm->detach_fd);
	vm->detach_fd = -1;
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
}

static void teardown_vm(struct vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		struct vm_vcpu *v = &vm->vcpus[i];

		/* a thread that never returned may still use them */
		if (v->started)
			continue;
		if (v->run)
			munmap(v->run, vm->run_size);
		if (v->fd >= 0)
			close(v->fd);
	}
	vm_tty_close(&vm->tty);
	/* The last fd of the VM: hvx destroys it and scrubs its memory. */
	if (vm->fd >= 0)
		close(vm->fd);
	free(vm->vcpus);
}

static void describe(const struct run_opts *o, const struct vm_layout *l,
		     const struct vm_image *img)
{
	hvxctl_err("RAM: %llu MiB at 0x%llx-0x%llx; %llu vCPU%s",
		   o->mem_mb, (unsigned long long)l->ram_base,
		   (unsigned long long)(l->ram_base + l->ram_size - 1), o->vcpus,
		   o->vcpus > 1 ? "s" : "");
	if (img->is_linux)
		hvxctl_err("image: %s: arm64 Image, text_offset 0x%llx, %llu bytes (%zu in the file) at 0x%llx-0x%llx",
			   o->image, (unsigned long long)img->text_offset,
			   (unsigned long long)img->size, img->file_size,
			   (unsigned long long)l->image_addr,
			   (unsigned long long)(l->image_end - 1));
	else
		hvxctl_err("image: %s: raw, %zu bytes at 0x%llx-0x%llx",
			   o->image, img->file_size,
			   (unsigned long long)l->image_addr,
			   (unsigned long long)(l->image_end - 1));
	if (l->initrd_size)
		hvxctl_err("initrd: %s, %llu bytes at 0x%llx-0x%llx", o->initrd,
			   (unsigned long long)l->initrd_size,
			   (unsigned long long)l->initrd_addr,
			   (unsigned long long)(l->initrd_addr +
						l->initrd_size - 1));
	hvxctl_err("device tree: %s, %zu bytes at 0x%llx",
		   o->dtb ? o->dtb : "generated", l->dtb_size,
		   (unsigned long long)l->dtb_addr);
	hvxctl_err("vCPU 0: entry 0x%llx, x0 0x%llx", (unsigned long long)l->image_addr,
		   (unsigned long long)l->dtb_addr);
	if (o->counter_freq)
		hvxctl_err("counter: %llu Hz (physical counter and timer scaled by hvx)",
			   o->counter_freq);
}

/* The initrd file, at most ram_size bytes, in *data and l->initrd_size. */
static int read_initrd(const char *path, struct vm_layout *l, void **data)
{
	size_t size;

	*data = hvx_read_file(path, l->ram_size, &size);
	if (!*data)
		return -1;
	if (!size) {
		hvxctl_err("%s: the initrd is empty", path);
		return -1;
	}
	l->initrd_size = size;
	return 0;
}

static int write_dtb(const char *path, const void *dtb, size_t size)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(dtb, 1, size, f) != size) {
		hvxctl_err("--dump-dtb %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return VM_EXIT_FAIL;
	}
	if (fclose(f)) {
		hvxctl_err("--dump-dtb %s: %s", path, strerror(errno));
		return VM_EXIT_FAIL;
	}
	return VM_EXIT_OFF;
}

static int run_vm(const struct run_opts *o, int detach_fd)
{
	struct vm_layout l = {
		.ram_base = GUEST_RAM_BASE,
		.ram_size = o->mem_mb * VM_SZ_1M,
	};
	struct vm_fdt_config cfg = {
		.ram_base = l.ram_base,
		.ram_size = l.ram_size,
		.nr_vcpus = o->vcpus,
		.bootargs = o->append,
		.counter_freq = o->counter_freq,
	};
	struct vm vm = {
		.fd = -1,
		.nr_vcpus = o->vcpus,
		.verbose = o->verbose,
		.tty = { .fd = -1, .stop_pipe = { -1, -1 } },
		.name = o->name,
		.no_vmware = o->no_vmware,
		.detach_fd = detach_fd,
		.on_start = detach_fd >= 0 ? detach_started : NULL,
	};
	int dev = -1, status = VM_EXIT_FAIL;
	void *dtb = NULL, *initrd = NULL;
	struct vm_efi efi = { 0 };
	struct vm_image img;
	size_t dtb_size;
	unsigned int i;

	if (vm_image_read(o->image, &img))
		return VM_EXIT_FAIL;
	if (o->initrd && read_initrd(o->initrd, &l, &initrd))
		goto out;
	if (vm_layout_image(&l, &img, o->image))
		goto out;
	if (l.initrd_size) {
		cfg.initrd_start = l.initrd_addr;
		cfg.initrd_end = l.initrd_addr + l.initrd_size;
	}
	if (o->dtb)
		dtb = vm_fdt_load(o->dtb, &cfg, &dtb_size);
	else
		dtb = vm_fdt_generate(&cfg, &dtb_size);
	/* As QEMU's -machine dumpdtb: the tree (the one --acpi converts). */
	if (dtb && o->dump_dtb) {
		status = write_dtb(o->dump_dtb, dtb, dtb_size);
		goto out;
	}
	if (!dtb || (o->acpi && vm_acpi_prepare(&efi, o->acpi_tables,
						o->acpi_map, &l, &cfg, &dtb,
						&dtb_size)) ||
	    vm_layout(&l, &img, dtb_size, o->image) ||
	    (o->acpi && vm_efi_finish(&efi, &l, dtb)))
		goto out;

	vm.vcpus = calloc(vm.nr_vcpus, sizeof(*vm.vcpus));
	if (!vm.vcpus) {
		hvxctl_err("out of memory");
		goto out;
	}
	for (i = 0; i < vm.nr_vcpus; i++)
		vm.vcpus[i].fd = -1;

	dev = hvx_open();
	if (dev < 0 || check_api(dev, &vm.has_gic, o))
		goto out;
	if (o->verbose)
		describe(o, &l, &img);
	if (!vm.has_gic && (o->verbose || img.is_linux))
		hvxctl_err("this hvx module has no vGIC (HVX_FEATURE_VGIC): the guest gets no interrupts, and GIC accesses abort");
	if (setup_vm(dev, &vm, &l, &img, initrd, dtb, &efi, o->counter_freq))
		goto out;
	/* The guest's memory has its copies now. */
	vm_image_free(&img);
	vm_efi_free(&efi);
	free(dtb);
	free(initrd);
	dtb = NULL;
	initrd = NULL;
	status = vm_run(&vm, o->timeout);
out:
	if (vm.vcpus)
		teardown_vm(&vm);
	if (dev >= 0)
		close(dev);
	free(dtb);
	free(initrd);
	vm_image_free(&img);
	vm_efi_free(&efi);
	return status;
}

/* The child's exit status, as run's own (it printed why already). */
static int child_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return VM_EXIT_FAIL;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return VM_EXIT_SIGNAL + WTERMSIG(st);
}

/*
 * --detach, in the parent: the child's handle once its vCPUs run, then
 * its VM's state until the guest entered; the name (or handle) on stdout.
 */
static int detach_wait(const struct run_opts *o, pid_t pid, int fd)
{
	unsigned long long handle;
	char line[32], state[32];
	double until;
	ssize_t n;
	int st;

	do {
		n = read(fd, line, sizeof(line) - 1);
	} while (n < 0 && errno == EINTR);
	close(fd);
	/* Nothing: the child failed (and said why) or the VM ended. */
	if (n <= 0)
		return child_status(pid);
	line[n] = '\0';
	handle = strtoull(line, NULL, 10);
	until = hvxctl_now() + DETACH_WAIT_S;
	for (;;) {
		if (waitpid(pid, &st, WNOHANG) == pid) {
			hvxctl_err("the VM ended before hvxctl detached");
			return WIFEXITED(st) ? WEXITSTATUS(st) :
			       VM_EXIT_SIGNAL + WTERMSIG(st);
		}
		if (!hvx_vm_text(handle, "state", state, sizeof(state)) &&
		    strcmp(state, "created"))
			break;
		if (hvxctl_now() > until) {
			hvxctl_err("the guest did not start within %d s; it runs on in the background (pid %ld): 'hvxctl stop %s' ends it",
				   DETACH_WAIT_S, (long)pid, o->name ? o->name : line);
			return VM_EXIT_FAIL;
		}
		usleep(10000);
	}
	if (o->name)
		printf("%s\n", o->name);
	else
		printf("%llu\n", handle);
	return fflush(stdout) ? VM_EXIT_FAIL : VM_EXIT_OFF;
}

static int run_detached(const struct run_opts *o)
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC)) {
		hvxctl_err("--detach: pipe: %s", strerror(errno));
		return VM_EXIT_FAIL;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		hvxctl_err("--detach: fork: %s", strerror(errno));
		return VM_EXIT_FAIL;
	}
	if (pid) {
		close(p[1]);
		return detach_wait(o, pid, p[0]);
	}
	close(p[0]);
	/* No terminal's hangup or job control reaches the VM from now on. */
	setsid();
	_exit(run_vm(o, p[1]));
}

static int run_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	struct run_opts o = {
		.mem_mb = DEFAULT_MEM_MB,
		.vcpus = 1,
	};
	int ret = parse_opts(cmd, argc, argv, &o);

	if (ret >= 0)
		return ret;
	/*
	 * A closed stdin gets /dev/null (the lowest free descriptor), so no
	 * descriptor of the VM's becomes 0 and is read as the guest's input.
	 */
	if (fcntl(STDIN_FILENO, F_GETFD) < 0 && errno == EBADF)
		open("/dev/null", O_RDONLY);
	if (o.detach)
		return run_detached(&o);
	return run_vm(&o, -1);
}

const struct hvxctl_cmd hvxctl_cmd_run = {
	.name = "run",
	.args = "{IMAGE | --kernel IMAGE} [--initrd FILE] [--append ARGS]\n"
		"                  [--mem MB] [--vcpus N] [--dtb FILE] [--timeout SEC]\n"
		"                  [--acpi] [--acpi-tables DIR] [--counter-freq HZ]\n"
		"                  [--acpi-map FILE] [--dump-dtb FILE]\n"
		"                  [--name NAME] [--detach] [--no-vmware] [--verbose]",
	.summary = "run a guest in a new VM, its console on stdio",
	.help =
	"Creates a VM, loads IMAGE (and an initrd) and a device tree into its\n"
	"RAM and runs it until the guest powers off, resets or fails, or hvxctl\n"
	"is stopped; the VM is destroyed when hvxctl exits.\n"
	"\n"
	"IMAGE is an arm64 Linux Image (its header says where it goes: RAM base\n"
	"+ text_offset, and how much RAM it takes: image_size) or else a raw\n"
	"image, loaded and entered at the RAM base. An --initrd goes after the\n"
	"image, 2 MiB aligned, and /chosen says where. The guest sees QEMU\n"
	"-machine virt's layout: RAM at 0x40000000; a GICv3 emulated by hvx\n"
	"(distributor 0x08000000, redistributors 0x080a0000, 64 interrupts, no\n"
	"ITS; the virtual timer is PPI 11 (INTID 27), the physical timer PPI 14\n"
	"(INTID 30)), if the hvx module has one; a PL011 UART at 0x09000000 (SPI\n"
	"1), emulated by hvx as the VM's console, whose output goes to stdout\n"
	"and whose input comes from stdin; PSCI\n"
	"over HVC. A device tree describing them is generated unless --dtb gives\n"
	"one; it goes at the top of RAM, below 512 MiB (4 KiB aligned). vCPU 0\n"
	"starts at the image's entry at EL1h with x0 = the device tree's\n"
	"address; the others start when the guest calls PSCI CPU_ON. An access\n"
	"to an address with nothing there gets an abort injected, as on\n"
	"hardware.\n"
	"\n"
	"The UART and the guest's console calls are the VM's console in hvx.ko\n"
	"(HVX_FEATURE_CONSOLE, which hvxctl needs): hvxctl relays its tty\n"
	"(/dev/hvxcon<N>, which others may open too) to stdout, and stdin to\n"
	"it as the guest takes it; at the end of stdin the guest gets no more\n"
	"input. A terminal on\n"
	"stdin is put in raw mode while the VM runs (restored when hvxctl ends,\n"
	"also by a signal): keys go to the guest as typed, unechoed, except\n"
	"Ctrl-C, which stops the VM.\n"
	"\n"
	"The guest may also call hvx (<hvx-guest.h>): its console writes go to\n"
	"stdout with the UART's output, its console reads get what the console\n"
	"has received and not handed to the guest yet (nothing: 0 bytes, no\n"
	"wait), its shutdown call ends the VM as PSCI SYSTEM_OFF or\n"
	"SYSTEM_RESET does.\n"
	"\n"
	"Options:\n"
	"  -k, --kernel IMAGE  the image to run (an arm64 Linux Image), instead\n"
	"                      of IMAGE\n"
	"  -i, --initrd FILE   initial RAM disk for a Linux guest\n"
	"  -a, --append ARGS   kernel command line: /chosen/bootargs (also set\n"
	"                      in a --dtb, as is the initrd)\n"
	"  -m, --mem MB        guest RAM in MiB (default 64)\n"
	"  -c, --vcpus N       number of vCPUs, 1 to 64 (default 1); MPIDRs as\n"
	"                      KVM's: 16 to an Aff1 cluster\n"
	"  -d, --dtb FILE      device tree to give the guest instead\n"
	"  -t, --timeout SEC   stop the VM after SEC seconds (0: never)\n"
	"      --acpi          boot the guest from ACPI tables made of its device\n"
	"                      tree (generated, or --dtb) by acpi-gen, handed\n"
	"                      over as UEFI would: an EFI system table whose\n"
	"                      configuration table points to the RSDP, an EFI\n"
	"                      memory map, no boot or runtime services (the\n"
	"                      guest is told), at the top of RAM; the guest's\n"
	"                      device tree is a stub with /chosen only (bootargs,\n"
	"                      initrd, linux,uefi-system-table, linux,uefi-mmap-*)\n"
	"      --acpi-tables DIR  the same with the tables in DIR (one file a\n"
	"                      table, as hvx-acpigen or acpidump -b write them:\n"
	"                      FACP and DSDT needed), used as they are: hvxctl\n"
	"                      adds an RSDP and XSDT and points the FADT at the\n"
	"                      DSDT\n"
	"      --acpi-map FILE  --acpi with acpi-gen's mapping file FILE:\n"
	"                      'compatible = HID [CID...]' lines set the DSDT's\n"
	"                      IDs, 'ID => BIND_ID [DRIVER]' lines go to the\n"
	"                      guest in the OEMB table (acpi-gen/README.md)\n"
	"      --dump-dtb FILE  write the device tree the guest would get (before\n"
	"                      --acpi makes it a stub) to FILE and exit 0\n"
	"  -n, --name NAME     name the VM, for 'hvxctl console/stop/stats NAME'\n"
	"                      and 'hvxctl list': 1 to 31 characters, a letter\n"
	"                      first, then letters, digits, '.', '_' or '-';\n"
	"                      unique among running VMs\n"
	"      --detach        run the VM in the background: once its guest\n"
	"                      runs, print its name (else its handle) and exit\n"
	"                      0; the VM goes on in a process of its own, its\n"
	"                      output only on its console (hvxctl console),\n"
	"                      until it ends, 'hvxctl stop' or --timeout\n"
	"      --counter-freq HZ\n"
	"                      the guest's counter runs at HZ ticks a second,\n"
	"                      1000 to 4294967295 (HVX_VM_SET_CLOCK; needs an\n"
	"                      hvx.ko with HVX_FEATURE_CLOCK): hvx executes the\n"
	"                      guest's physical counter and timer accesses\n"
	"                      (CNTPCT_EL0, CNTP_*_EL0; PPI 14, INTID 30) at\n"
	"                      that rate. The generated timer node then lists\n"
	"                      only the physical timers, so that Linux uses the\n"
	"                      physical one, and says clock-frequency = HZ (a\n"
	"                      --dtb is left as it is). CNTFRQ_EL0 and the\n"
	"                      virtual counter stay the host's: Linux reads its\n"
	"                      clock from the virtual counter at the node's\n"
	"                      frequency: a Linux guest keeps the right time\n"
	"                      only at the host's frequency\n"
	"      --no-vmware     the VM has no VMware backdoor (HVX_VM_SET_VMWARE;\n"
	"                      needs API 7): BRK/HVC #0x86 and MDCCSR_EL0 reads\n"
	"                      tagged with VMware's x7 are then what they are\n"
	"                      without the tag, and the VMware tools find no\n"
	"                      VMware hypervisor\n"
	"  -v, --verbose       say where the image and device tree go, and log\n"
	"                      each access that got an abort (to stderr)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Example: hvxctl run --kernel Image --initrd initramfs.cpio --vcpus 2\n"
	"         --mem 128 --append console=ttyAMA0\n"
	"\n"
	"Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the VM; signals ignored when\n"
	"hvxctl starts (nohup, background jobs of a script) stay ignored.\n"
	"Needs root (/dev/hvx is mode 0600).\n",
	.exit_help =
	"Exit status:\n"
	"  0    the guest powered off (PSCI SYSTEM_OFF: Linux's poweroff, or the\n"
	"       shutdown call)\n"
	"  1    the VM could not be set up or run (an unreadable image, hvx not\n"
	"       loaded, not enough memory, ...)\n"
	"  2    internal error: the guest did something hvx cannot handle; a\n"
	"       report with the syndrome and the vCPU's registers goes to stderr\n"
	"  2    usage error (bad options or arguments): no VM is made\n"
	"  3    the guest asked for a reset (PSCI SYSTEM_RESET: Linux's reboot,\n"
	"       or the shutdown call): not restarted\n"
	"  4    stopped by 'hvxctl stop' (HVX_VM_STOP) from another process\n"
	"  124  --timeout expired\n"
	"  128+N  stopped by signal N: 129 SIGHUP, 130 SIGINT, 143 SIGTERM\n"
	"With --detach: 0 once the guest runs in the background; if the VM ends\n"
	"or fails before, the status above.\n",
	.run = run_run,
};
