// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-kvmbench linux: boots an arm64 Linux Image under KVM as hvxctl run
 * does under hvx, for make bench's boot-time comparison. The same guest
 * platform: RAM at the same place, the image and the device tree placed
 * and written by hvxctl's own code (vm-image.c, vm-fdt.c, compiled in),
 * the in-kernel vGICv3 where hvxctl's DT says, PSCI 0.2 (in KVM), and a
 * PL011 at the DT's address that only transmits (its bytes go to stdout).
 *
 *   hvx-kvmbench linux --kernel IMAGE [--initrd FILE] [--append ARGS]
 *                      [--mem MB] [--vcpus N]
 *
 * Exit status as hvxctl run's: 0 after PSCI SYSTEM_OFF, 3 after
 * SYSTEM_RESET, 1 on failure.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gic-runner.h"
#include "guest-runner.h"
#include "kvm.h"
#include "vm.h"

#define LINUX_MAX_VCPUS		8

struct linux_vcpu {
	int fd;
	struct kvm_run *run;
};

struct linux_opts {
	const char *kernel, *initrd, *append;
	unsigned long long mem_mb, vcpus;
};

static void usage(void)
{
	fprintf(stderr, "usage: hvx-kvmbench linux --kernel IMAGE [--initrd FILE]\n"
			"       [--append ARGS] [--mem MB] [--vcpus N]\n");
	exit(2);
}

static void parse(int argc, char **argv, struct linux_opts *o)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'i' },
		{ "append", required_argument, NULL, 'a' },
		{ "mem", required_argument, NULL, 'm' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	*o = (struct linux_opts){ .mem_mb = 256, .vcpus = 1 };
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			o->kernel = optarg;
			break;
		case 'i':
			o->initrd = optarg;
			break;
		case 'a':
			o->append = optarg;
			break;
		case 'm':
			o->mem_mb = strtoull(optarg, &end, 0);
			if (*end || o->mem_mb < 16 || o->mem_mb > 4096)
				usage();
			break;
		case 'c':
			o->vcpus = strtoull(optarg, &end, 0);
			if (*end || o->vcpus < 1 || o->vcpus > LINUX_MAX_VCPUS)
				usage();
			break;
		default:
			usage();
		}
	}
	if (!o->kernel || optind != argc)
		usage();
}

static void exit_vm(struct kvm_run *run)
{
	fflush(stdout);
	if (run->system_event.type == KVM_SYSTEM_EVENT_RESET)
		exit(VM_EXIT_RESET);
	exit(VM_EXIT_OFF);
}

/* A vCPU's loop: the whole process ends with the VM. */
static void *vcpu_loop(void *arg)
{
	struct linux_vcpu *v = arg;
	struct kvm_run *run = v->run;

	for (;;) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			die("KVM_RUN");
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO: {
			uint64_t a = run->mmio.phys_addr;

			if (a >= GUEST_UART_BASE && a - GUEST_UART_BASE < GUEST_UART_SIZE)
				kvm_uart_access(a - GUEST_UART_BASE, run->mmio.data,
						run->mmio.len, run->mmio.is_write,
						stdout);
			else if (!run->mmio.is_write)
				memset(run->mmio.data, 0, sizeof(run->mmio.data));
			break;
		}
		case KVM_EXIT_SYSTEM_EVENT:
			exit_vm(run);
			break;
		default:
			fprintf(stderr, "%s: unexpected exit %u\n", bench_prog,
				run->exit_reason);
			exit(VM_EXIT_ERROR);
		}
	}
	return NULL;
}

static void load(void *ram, uint64_t gpa, const void *data, size_t size)
{
	memcpy((char *)ram + (gpa - GUEST_RAM_BASE), data, size);
}

int kvm_linux_main(int kvm, long mmap_size, int argc, char **argv)
{
	struct vm_layout l = { .ram_base = GUEST_RAM_BASE };
	struct vm_fdt_config cfg = { .ram_base = GUEST_RAM_BASE };
	struct linux_vcpu v[LINUX_MAX_VCPUS];
	void *ram, *initrd = NULL, *dtb;
	struct vm_image img;
	size_t initrd_size = 0, dtb_size;
	struct linux_opts o;
	pthread_t thread;
	unsigned int i;
	int vm;

	bench_prog = "hvx-kvmbench linux";
	parse(argc, argv, &o);
	l.ram_size = cfg.ram_size = o.mem_mb * VM_SZ_1M;
	cfg.nr_vcpus = o.vcpus;
	cfg.bootargs = o.append;
	/* Where hvxctl run puts the image, the initrd and the DT, and that DT */
	if (vm_image_read(o.kernel, &img))
		return 1;
	if (o.initrd) {
		initrd = hvx_read_file(o.initrd, l.ram_size, &initrd_size);
		if (!initrd)
			return 1;
		l.initrd_size = initrd_size;
	}
	if (vm_layout_image(&l, &img, o.kernel))
		return 1;
	if (l.initrd_size) {
		cfg.initrd_start = l.initrd_addr;
		cfg.initrd_end = l.initrd_addr + l.initrd_size;
	}
	dtb = vm_fdt_generate(&cfg, &dtb_size);
	if (!dtb || vm_layout(&l, &img, dtb_size, o.kernel))
		return 1;

	vm = kvm_vm_create(kvm, GUEST_RAM_BASE, l.ram_size, &ram);
	load(ram, l.image_addr, img.data, img.file_size);
	if (initrd)
		load(ram, l.initrd_addr, initrd, initrd_size);
	load(ram, l.dtb_addr, dtb, dtb_size);
	/* vCPUs 1.. wait for PSCI CPU_ON, which KVM answers */
	for (i = 0; i < o.vcpus; i++)
		v[i].fd = kvm_vcpu_create(vm, i, i > 0, mmap_size, &v[i].run);
	kvm_vgic_create(vm, VM_GIC_NR_IRQS);
	/* booting.rst: x0 = the DTB, x1-x3 = 0, at the image's first byte */
	kvm_set_reg(v[0].fd, KVM_CORE_REG(regs.pc), l.image_addr);
	kvm_set_reg(v[0].fd, KVM_CORE_REG(regs.regs[0]), l.dtb_addr);
	for (i = 1; i < o.vcpus; i++) {
		errno = pthread_create(&thread, NULL, vcpu_loop, &v[i]);
		if (errno)
			die("pthread_create");
	}
	vcpu_loop(&v[0]);
	return 1;
}
