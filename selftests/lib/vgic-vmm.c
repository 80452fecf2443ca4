// SPDX-License-Identifier: GPL-2.0
/*
 * The vGIC, timer and clock test guests (guests/vgic.img, timer.img,
 * clock.img, gic-hostile.img) under hvx, in VMs with a virtual GICv3
 * (HVX_VM_CREATE_GIC at QEMU virt's addresses): a small VMM here loads
 * each image, writes its device tree, runs one thread per vCPU and turns
 * the guest's "pass:"/"fail:"/"skip:" lines (guests/lib/check.h) into TAP
 * results, adding its own: the VM powered off by itself, the guest got to
 * its "done:" line, no access to the vGIC's frames ever reached user space.
 *
 * Its test device (a page at 0x0c000000, guests/lib/gic.h) lets a guest
 * drive its VM's SPI lines with HVX_VM_IRQ_LINE, at once or after a delay
 * from another thread (while the target vCPU is in WFI); the PL011's data
 * register collects each vCPU's lines. Any other MMIO exit is aborted.
 * Its registers from TESTDEV_END on are a group's own (vgic-vmm.h).
 *
 * Runs: vgic's sections (probe with 4 vCPUs and 256 INTIDs, and with 1
 * vCPU and 64; sgi, prio, spi with 4; sgi twice where EL2 sends SGIs
 * itself, the second time with that turned off: el2_sgis; flood with 2,
 * watching the host CPU that runs vCPU 1), timer's (1 vCPU), clock's
 * (1 vCPU, at three counter frequencies: lib/vgic-vmm-clock.c), gic-hostile
 * with 1 vCPU and 1024 INTIDs (every register offset), with 4 (every
 * 1024th offset, by all at once) alongside a vgic sgi VM that must pass
 * meanwhile, with 2 vCPUs and 64 INTIDs; then the kernel logged no
 * warning. One group of those (vgic, timer, clock, hostile), or one run:
 *   hvx_vgic_guests [vgic | timer | clock | hostile]
 *   hvx_vgic_guests GUEST VCPUS NR_IRQS [BOOTARGS]
 * Needs root, hvx loaded with HVX_FEATURE_VGIC; TAP output.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libfdt.h>

#include "hvx_vm.h"
#include "kmsg.h"
#include "vgic-vmm.h"

#define RAM_SIZE	(16ULL << 20)
#define DTB_ADDR	GUEST_RAM_BASE	/* below the image's text_offset */
#define IMAGE_ADDR	(GUEST_RAM_BASE + 0x80000)
#define DTB_SIZE	4096
#define EL2_SGIS_PARAM	"/sys/module/hvx/parameters/el2_sgis"
#define EL2_VTIMER_PARAM "/sys/module/hvx/parameters/el2_vtimer"
#define TESTDEV_LINE	0x00
#define TESTDEV_STATUS	0x08
#define TESTDEV_DELAY	0x10
#define TESTDEV_LATER	0x18
#define TESTDEV_LEVEL	(1U << 31)
/* Seconds a guest gets (HVX_VGIC_GUESTS_TIMEOUT; the hostile one 3 x) */
#define RUN_TIMEOUT_S	run_timeout_s
#define OUT_MAX		(256 * 1024)

static int dev = -1;
double run_timeout_s = 120.0;
static unsigned int nr_results, nr_failed;
static char guest_dir[256];

void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	nr_results++;
	if (!ok)
		nr_failed++;
	printf("%s %u ", ok ? "ok" : "not ok", nr_results);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void on_signal(int sig)
{
	(void)sig;
}

static void vm_end(struct gvm *vm, int how, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void vm_end(struct gvm *vm, int how, const char *fmt, ...)
{
	va_list ap;
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	if (vm->ended == RUNNING) {
		vm->ended = how;
		vm->end = now_s();
		va_start(ap, fmt);
		vsnprintf(vm->why, sizeof(vm->why), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&vm->lock);
	atomic_store(&vm->stop, true);
	for (i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpu[i].run)
			vm->vcpu[i].run->immediate_exit = 1;
		if (vm->vcpu[i].started &&
		    !pthread_equal(vm->vcpu[i].thread, pthread_self()))
			pthread_kill(vm->vcpu[i].thread, SIGUSR1);
	}
}

static void out_line(struct gvm *vm, const char *s, size_t n)
{
	pthread_mutex_lock(&vm->lock);
	if (vm->out_len + n + 2 < OUT_MAX) {
		memcpy(vm->out + vm->out_len, s, n);
		vm->out_len += n;
		vm->out[vm->out_len++] = '\n';
		vm->out[vm->out_len] = '\0';
	}
	pthread_mutex_unlock(&vm->lock);
}

static void uart_char(struct gvcpu *v, char c)
{
	if (c == '\r')
		return;
	if (c == '\n' || v->len == sizeof(v->line) - 1) {
		out_line(v->vm, v->line, v->len);
		v->len = 0;
		if (c == '\n')
			return;
	}
	v->line[v->len++] = c;
}

static int irq_line(int vm, uint32_t intid, uint32_t level)
{
	struct hvx_irq_line l;

	memset(&l, 0, sizeof(l));
	l.intid = intid;
	l.level = level;
	return hvx_ioctl(vm, HVX_VM_IRQ_LINE, &l);
}

struct later {
	int vm;
	uint32_t val;
	unsigned int delay_ms;
};

static void *line_later(void *arg)
{
	struct later *l = arg;
	struct timespec ts = {
		.tv_sec = l->delay_ms / 1000,
		.tv_nsec = (l->delay_ms % 1000) * 1000000L,
	};

	nanosleep(&ts, NULL);
	irq_line(l->vm, l->val & ~TESTDEV_LEVEL, !!(l->val & TESTDEV_LEVEL));
	free(l);
	return NULL;
}

static void testdev(struct gvm *vm, struct hvx_run *run, uint64_t off)
{
	uint32_t val = mmio_data(run, run->mmio.len);
	pthread_t t;

	if (off >= TESTDEV_END && vm->testdev && vm->testdev(vm, run, off))
		return;
	if (!run->mmio.is_write) {
		mmio_set_data(run, off == TESTDEV_STATUS ? vm->line_err : 0);
		return;
	}
	switch (off) {
	case TESTDEV_LINE:
		vm->line_err = irq_line(vm->fd, val & ~TESTDEV_LEVEL,
					!!(val & TESTDEV_LEVEL));
		break;
	case TESTDEV_DELAY:
		vm->delay_ms = val;
		break;
	case TESTDEV_LATER: {
		struct later *l = malloc(sizeof(*l));

		if (!l)
			break;
		l->vm = vm->fd;
		l->val = val;
		l->delay_ms = vm->delay_ms;
		if (pthread_create(&t, NULL, line_later, l))
			free(l);
		else
			pthread_detach(t);
		break;
	}
	}
}

static void mmio(struct gvcpu *v)
{
	struct hvx_run *run = v->run;
	struct gvm *vm = v->vm;
	uint64_t a = run->mmio.phys_addr;
	uint64_t gicr_end = GUEST_GICR_BASE + vm->nr_vcpus * HVX_GIC_REDIST_SIZE;
	char buf[160];

	if (a >= GUEST_UART_BASE && a < GUEST_UART_BASE + GUEST_UART_SIZE) {
		if (run->mmio.is_write && a == GUEST_UART_BASE)
			uart_char(v, run->mmio.data[0]);
		else if (!run->mmio.is_write)
			mmio_set_data(run, 0);
		return;
	}
	if (a >= TESTDEV_BASE && a < TESTDEV_BASE + TESTDEV_SIZE) {
		testdev(vm, run, a - TESTDEV_BASE);
		return;
	}
	if ((a >= GUEST_GICD_BASE && a < GUEST_GICD_BASE + HVX_GIC_DIST_SIZE) ||
	    (a >= GUEST_GICR_BASE && a < gicr_end)) {
		pthread_mutex_lock(&vm->lock);
		if (!vm->gic_exits++)
			snprintf(vm->first_gic_exit, sizeof(vm->first_gic_exit),
				 "vCPU %u: %s", v->id,
				 exit_str(run, buf, sizeof(buf)));
		pthread_mutex_unlock(&vm->lock);
		if (!run->mmio.is_write)
			mmio_set_data(run, 0);
		return;
	}
	pthread_mutex_lock(&vm->lock);
	if (vm->other_exits++ < 5)
		printf("# %s: vCPU %u: %s: aborted\n", vm->label, v->id,
		       exit_str(run, buf, sizeof(buf)));
	pthread_mutex_unlock(&vm->lock);
	run->mmio.abort = 1;
}

static void *vcpu_thread(void *arg)
{
	struct gvcpu *v = arg;
	struct gvm *vm = v->vm;
	char buf[200];

	while (!atomic_load(&vm->stop)) {
		if (ioctl(v->fd, HVX_VCPU_RUN, 0)) {
			if (errno == EINTR)
				continue;
			vm_end(vm, ENDED_ERROR, "vCPU %u: HVX_VCPU_RUN: %s",
			       v->id, strerror(errno));
			break;
		}
		switch (v->run->exit_reason) {
		case HVX_EXIT_MMIO:
			mmio(v);
			break;
		case HVX_EXIT_SYSTEM_EVENT:
			vm_end(vm, v->run->system_event.type ==
				   HVX_SYSTEM_EVENT_SHUTDOWN ? ENDED_OFF : ENDED_RESET,
			       "%s", exit_str(v->run, buf, sizeof(buf)));
			break;
		case HVX_EXIT_CONSOLE:
			if (v->run->console.direction == HVX_CONSOLE_READ)
				v->run->console.len = 0;
			break;
		case HVX_EXIT_INTR:
			break;
		default:
			vm_end(vm, ENDED_ERROR, "vCPU %u: %s", v->id,
			       exit_str(v->run, buf, sizeof(buf)));
			break;
		}
	}
	if (v->len)
		out_line(vm, v->line, v->len);
	return NULL;
}

static void *read_image(const char *path, size_t *size)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || st.st_size <= 0 || st.st_size > (off_t)(RAM_SIZE / 2)) {
		close(fd);
		return NULL;
	}
	buf = malloc(st.st_size);
	if (buf && read(fd, buf, st.st_size) != st.st_size) {
		free(buf);
		buf = NULL;
	}
	close(fd);
	*size = st.st_size;
	return buf;
}

/* The few nodes the test guests read (guests/lib/fdt.c). */
static int make_dtb(struct gvm *vm, void *fdt)
{
	fdt32_t reg[4];
	char name[32];
	unsigned int i;
	int e = 0;

	e |= fdt_create(fdt, DTB_SIZE);
	e |= fdt_finish_reservemap(fdt);
	e |= fdt_begin_node(fdt, "");
	e |= fdt_property_u32(fdt, "#address-cells", 2);
	e |= fdt_property_u32(fdt, "#size-cells", 2);
	e |= fdt_property_string(fdt, "compatible", "linux,dummy-virt");
	e |= fdt_begin_node(fdt, "chosen");
	e |= fdt_property_string(fdt, "bootargs", vm->bootargs);
	e |= fdt_end_node(fdt);
	e |= fdt_begin_node(fdt, "memory@40000000");
	e |= fdt_property_string(fdt, "device_type", "memory");
	reg[0] = cpu_to_fdt32(GUEST_RAM_BASE >> 32);
	reg[1] = cpu_to_fdt32((uint32_t)GUEST_RAM_BASE);
	reg[2] = cpu_to_fdt32(RAM_SIZE >> 32);
	reg[3] = cpu_to_fdt32((uint32_t)RAM_SIZE);
	e |= fdt_property(fdt, "reg", reg, sizeof(reg));
	e |= fdt_end_node(fdt);
	e |= fdt_begin_node(fdt, "cpus");
	e |= fdt_property_u32(fdt, "#address-cells", 1);
	e |= fdt_property_u32(fdt, "#size-cells", 0);
	for (i = 0; i < vm->nr_vcpus; i++) {
		snprintf(name, sizeof(name), "cpu@%llx",
			 (unsigned long long)HVX_VCPU_MPIDR(i));
		e |= fdt_begin_node(fdt, name);
		e |= fdt_property_string(fdt, "device_type", "cpu");
		e |= fdt_property_u32(fdt, "reg", HVX_VCPU_MPIDR(i));
		e |= fdt_property_string(fdt, "enable-method", "psci");
		e |= fdt_end_node(fdt);
	}
	e |= fdt_end_node(fdt);
	e |= fdt_end_node(fdt);
	e |= fdt_finish(fdt);
	return e;
}

/* Set up and start a VM; false (with vm->why) if that failed. */
bool vm_start(struct gvm *vm)
{
	char path[512], dtb[DTB_SIZE];
	struct hvx_vm_gic gic;
	struct hvx_regs r;
	void *img;
	size_t size;
	unsigned int i;
	int rc;

	pthread_mutex_init(&vm->lock, NULL);
	vm->out = calloc(1, OUT_MAX);
	vm->fd = -1;
	snprintf(path, sizeof(path), "%s/%s.img", guest_dir, vm->guest);
	img = read_image(path, &size);
	if (!img || !vm->out) {
		snprintf(vm->why, sizeof(vm->why), "cannot read %s", path);
		return false;
	}
	vm->fd = vm_create(dev);
	if (vm->fd < 0) {
		snprintf(vm->why, sizeof(vm->why), "HVX_CREATE_VM: %s",
			 strerror(-vm->fd));
		free(img);
		return false;
	}
	rc = vm_add_memory(vm->fd, GUEST_RAM_BASE, RAM_SIZE);
	if (!rc)
		rc = vm_write(vm->fd, IMAGE_ADDR, img, size);
	free(img);
	if (!rc && make_dtb(vm, dtb))
		rc = EINVAL;
	if (!rc)
		rc = vm_write(vm->fd, DTB_ADDR, dtb, fdt_totalsize(dtb));
	if (rc) {
		snprintf(vm->why, sizeof(vm->why), "loading the guest: %s",
			 strerror(rc));
		return false;
	}
	memset(&gic, 0, sizeof(gic));
	gic.nr_irqs = vm->nr_irqs;
	gic.dist_base = GUEST_GICD_BASE;
	gic.redist_base = GUEST_GICR_BASE;
	rc = hvx_ioctl(vm->fd, HVX_VM_CREATE_GIC, &gic);
	if (rc) {
		snprintf(vm->why, sizeof(vm->why), "HVX_VM_CREATE_GIC (%u INTIDs): %s",
			 vm->nr_irqs, strerror(rc));
		return false;
	}
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct gvcpu *v = &vm->vcpu[i];

		v->vm = vm;
		v->id = i;
		v->fd = vcpu_create(vm->fd, i, i ? HVX_VCPU_POWER_OFF : 0);
		if (v->fd < 0) {
			snprintf(vm->why, sizeof(vm->why), "HVX_CREATE_VCPU %u: %s",
				 i, strerror(-v->fd));
			return false;
		}
		v->run = vcpu_map(dev, v->fd, &v->run_size);
		if (!v->run) {
			snprintf(vm->why, sizeof(vm->why), "mapping vCPU %u's run structure",
				 i);
			return false;
		}
	}
	rc = vcpu_get_regs(vm->vcpu[0].fd, &r);
	if (!rc) {
		r.pc = IMAGE_ADDR;
		r.x[0] = DTB_ADDR;
		r.pstate = PSR_EL1h_MASKED;
		rc = vcpu_set_regs(vm->vcpu[0].fd, &r);
	}
	if (rc) {
		snprintf(vm->why, sizeof(vm->why), "vCPU 0's registers: %s",
			 strerror(rc));
		return false;
	}
	if (vm->prepare && !vm->prepare(vm))
		return false;
	vm->start = now_s();
	for (i = 0; i < vm->nr_vcpus; i++) {
		if (pthread_create(&vm->vcpu[i].thread, NULL, vcpu_thread,
				   &vm->vcpu[i])) {
			vm_end(vm, ENDED_ERROR, "pthread_create");
			return false;
		}
		vm->vcpu[i].started = true;
	}
	return true;
}

/* Wait for the VM's end (or the timeout), then its threads. */
void vm_wait(struct gvm *vm, double timeout)
{
	unsigned int i;

	while (!atomic_load(&vm->stop) && now_s() - vm->start < timeout)
		usleep(20000);
	if (!atomic_load(&vm->stop))
		vm_end(vm, ENDED_TIMEOUT, "still running after %.0f s", timeout);
	for (i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpu[i].started) {
			/* a vCPU may have entered RUN just before stop */
			while (pthread_tryjoin_np(vm->vcpu[i].thread, NULL)) {
				vm->vcpu[i].run->immediate_exit = 1;
				pthread_kill(vm->vcpu[i].thread, SIGUSR1);
				usleep(10000);
			}
			vm->vcpu[i].started = false;
		}
	/* where a guest that did not finish was: for the diagnosis */
	for (i = 0; vm->ended == ENDED_TIMEOUT && i < vm->nr_vcpus; i++) {
		struct hvx_regs r;

		if (!vcpu_get_regs(vm->vcpu[i].fd, &r))
			printf("# %s: vCPU %u stopped at pc 0x%llx (x30 0x%llx, pstate 0x%llx)\n",
			       vm->label, i, (unsigned long long)r.pc,
			       (unsigned long long)r.x[30],
			       (unsigned long long)r.pstate);
	}
}

void vm_close(struct gvm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpu[i].run)
			munmap(vm->vcpu[i].run, vm->vcpu[i].run_size);
		if (vm->vcpu[i].fd > 0)
			close(vm->vcpu[i].fd);
	}
	if (vm->fd >= 0)
		close(vm->fd);
	free(vm->out);
	vm->out = NULL;
}

/* The guest's lines as TAP, then the VMM's own checks. */
bool vm_report(struct gvm *vm)
{
	char prefix[64], *line, *save = NULL;
	unsigned int before = nr_failed;
	bool done = false, started = vm->start > 0;

	snprintf(prefix, sizeof(prefix), "hvx-guest: %s: ", vm->guest);
	for (line = strtok_r(vm->out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *s = line;

		if (strncmp(s, prefix, strlen(prefix))) {
			printf("# %s: %s\n", vm->label, s);
			continue;
		}
		s += strlen(prefix);
		if (!strncmp(s, "pass: ", 6)) {
			result(true, "%s: %s", vm->label, s + 6);
		} else if (!strncmp(s, "fail: ", 6)) {
			result(false, "%s: %s", vm->label, s + 6);
		} else if (!strncmp(s, "skip: ", 6)) {
			result(true, "%s: %s # SKIP", vm->label, s + 6);
		} else if (!strncmp(s, "error", 5) ||
			   !strncmp(s, "unexpected exception", 20)) {
			result(false, "%s: guest: %s", vm->label, s);
		} else {
			if (!strncmp(s, "done: ", 6))
				done = true;
			printf("# %s: %s\n", vm->label, s);
		}
	}
	if (!started) {
		result(false, "%s: set up: %s", vm->label, vm->why);
		return false;
	}
	result(done, "%s: the guest finished its checks", vm->label);
	result(vm->ended == ENDED_OFF, "%s: the guest powered off (%s, after %.1f s)",
	       vm->label, vm->why, vm->end - vm->start);
	result(!vm->gic_exits,
	       "%s: no vGIC register access reached user space (%u, first: %s)",
	       vm->label, vm->gic_exits, vm->gic_exits ? vm->first_gic_exit : "none");
	return nr_failed == before;
}

void vm_setup(struct gvm *vm, const char *guest, unsigned int vcpus,
	      unsigned int irqs, const char *args)
{
	memset(vm, 0, sizeof(*vm));
	vm->guest = guest;
	vm->nr_vcpus = vcpus;
	vm->nr_irqs = irqs;
	snprintf(vm->bootargs, sizeof(vm->bootargs),
		 "hvx-testdev=1 hvx-gic-irqs=%u %s", irqs, args ? args : "");
	snprintf(vm->label, sizeof(vm->label), "%s%s%s (%u vCPUs, %u INTIDs)",
		 guest, args && *args ? " " : "", args ? args : "", vcpus, irqs);
}

/* A bool parameter of hvx's: 1 on, 0 off, -1 not there. */
static int param_on(const char *path)
{
	char c = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (fread(&c, 1, 1, f) != 1)
		c = 0;
	fclose(f);
	return c == 'Y';
}

static int el2_sgis(void)
{
	return param_on(EL2_SGIS_PARAM);
}

static bool set_el2_sgis(bool on)
{
	FILE *f = fopen(EL2_SGIS_PARAM, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(on ? "1" : "0", f) >= 0;
	return !fclose(f) && ok;
}

/*
 * Who sent the SGIs of the (only) VM this process runs: EL2 itself
 * (sgis_el2, doorbells: hyp/vgic-sgi.c) exactly when el2_sgis is on.
 */
static void check_sgi_path(struct gvm *vm)
{
	char dirs[1][96];
	uint64_t sent, rung;
	int on = el2_sgis();

	if (vm_dirs_of(getpid(), dirs, 1) != 1) {
		result(false, "%s: its sysfs folder", vm->label);
		return;
	}
	sent = vm_stat(dirs[0], "sgis_el2");
	rung = vm_stat(dirs[0], "doorbells");
	if (on == 1)
		result(sent > 0 && rung > 0,
		       "%s: EL2 sent SGIs itself (%llu) and rang doorbells (%llu)",
		       vm->label, (unsigned long long)sent,
		       (unsigned long long)rung);
	else
		result(sent == 0 && rung == 0,
		       "%s: el2_sgis %s: the host sent every SGI (EL2: %llu, %llu)",
		       vm->label, on ? "absent" : "off",
		       (unsigned long long)sent, (unsigned long long)rung);
}

/*
 * Who injected the virtual timer's interrupts of the (only) VM this
 * process runs: EL2 itself (vtimer_el2: hyp/vgic-fiq.c) exactly when
 * el2_vtimer is on.
 */
static void check_vtimer_path(struct gvm *vm)
{
	int on = param_on(EL2_VTIMER_PARAM);
	char dirs[1][96];
	uint64_t n;

	if (vm_dirs_of(getpid(), dirs, 1) != 1) {
		result(false, "%s: its sysfs folder", vm->label);
		return;
	}
	n = vm_stat(dirs[0], "vtimer_el2");
	if (on == 1)
		result(n > 0, "%s: EL2 injected the timer's interrupts (%llu)",
		       vm->label, (unsigned long long)n);
	else
		result(n == 0, "%s: el2_vtimer %s: the host injected them (EL2: %llu)",
		       vm->label, on ? "absent" : "off", (unsigned long long)n);
}

/*
 * The flood section's watch: a thread on the host CPU that runs vCPU 1
 * (both pinned there) sleeping 1 ms at a time. It runs only if that CPU
 * still takes the host's interrupts (its timer, which preempts the vCPU's
 * thread) while vCPU 1 takes the flood of SGIs: the longest it waited for
 * a turn says whether it did.
 */
struct ticker {
	atomic_bool stop;
	double longest;
};

void pin_to(pthread_t t, unsigned int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(t, sizeof(set), &set);
}

static void *ticker_thread(void *arg)
{
	struct ticker *tk = arg;
	double last = now_s(), t;

	while (!atomic_load(&tk->stop)) {
		usleep(1000);
		t = now_s();
		if (t - last > tk->longest)
			tk->longest = t - last;
		last = t;
	}
	return NULL;
}

#define FLOOD_GAP_MAX_S	1.5	/* the guest floods for 3 s */

static void run_flood(struct gvm *vm)
{
	struct ticker tk = { .longest = 0 };
	pthread_t t;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2 ||
	    pthread_create(&t, NULL, ticker_thread, &tk)) {
		vm_wait(vm, RUN_TIMEOUT_S);
		result(true, "%s: the host's CPU under the flood # SKIP needs 2 CPUs",
		       vm->label);
		return;
	}
	pin_to(t, 1);
	pin_to(vm->vcpu[0].thread, 0);
	pin_to(vm->vcpu[1].thread, 1);
	vm_wait(vm, RUN_TIMEOUT_S);
	atomic_store(&tk.stop, true);
	pthread_join(t, NULL);
	result(tk.longest < FLOOD_GAP_MAX_S,
	       "%s: the host CPU running vCPU 1 ran another thread meanwhile (longest wait %.2f s, at most %.1f)",
	       vm->label, tk.longest, FLOOD_GAP_MAX_S);
}

static void run_one(const char *guest, unsigned int vcpus, unsigned int irqs,
		    const char *args)
{
	struct gvm *vm = malloc(sizeof(*vm));

	if (!vm)
		exit(1);
	vm_setup(vm, guest, vcpus, irqs, args);
	if (vm_start(vm) && strstr(args, "hvx-test=flood") && vcpus >= 2)
		run_flood(vm);
	else if (vm->start > 0)
		vm_wait(vm, RUN_TIMEOUT_S);
	vm_report(vm);
	if (vm->start > 0 && strstr(args, "hvx-test=sgi"))
		check_sgi_path(vm);
	if (vm->start > 0 && strstr(args, "hvx-test=vtimer"))
		check_vtimer_path(vm);
	vm_close(vm);
	free(vm);
}

/*
 * The SGI section both ways: sent at EL2 (if this GIC allows), and by
 * the host's vGIC with el2_sgis turned off meanwhile.
 */
static void run_sgi_both(void)
{
	int was = el2_sgis();

	run_one("vgic", 4, 256, "hvx-test=sgi");
	if (was != 1)
		return;
	result(set_el2_sgis(false), "el2_sgis can be turned off");
	run_one("vgic", 4, 256, "hvx-test=sgi");
	result(set_el2_sgis(true), "el2_sgis can be turned back on");
}

/* The hostile guest, and a well-behaved one that must not notice it. */
static void run_hostile(void)
{
	struct gvm *bad = malloc(sizeof(*bad)), *good = malloc(sizeof(*good));

	if (!bad || !good)
		exit(1);
	/*
	 * Every 1024th offset: four vCPUs hammering the vGIC at once cost
	 * 3-15 ms an access under TCG (one vCPU alone: 0.2 ms).
	 */
	vm_setup(bad, "gic-hostile", 4, HVX_GIC_MAX_IRQS, "hvx-gic-stride=1024");
	vm_setup(good, "vgic", 4, 96, "hvx-test=sgi");
	snprintf(good->label, sizeof(good->label),
		 "vgic hvx-test=sgi next to gic-hostile (4 vCPUs, 96 INTIDs)");
	if (vm_start(bad)) {
		if (vm_start(good))
			vm_wait(good, RUN_TIMEOUT_S);
		vm_wait(bad, 3 * RUN_TIMEOUT_S);
	}
	vm_report(bad);
	vm_report(good);
	vm_close(bad);
	vm_close(good);
	free(bad);
	free(good);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char self[256];
	struct hvx_version ver;
	int kmsg;

	setvbuf(stdout, NULL, _IOLBF, 0);
	sigaction(SIGUSR1, &sa, NULL);
	snprintf(self, sizeof(self), "%s", argv[0]);
	/* lib/vgic-vmm: the images are in ../guests */
	snprintf(guest_dir, sizeof(guest_dir), "%s/../guests", dirname(self));
	printf("TAP version 13\n");

	dev = open(HVX_DEV, O_RDWR | O_CLOEXEC);
	memset(&ver, 0, sizeof(ver));
	if (dev < 0 || hvx_ioctl(dev, HVX_GET_VERSION, &ver) ||
	    !(ver.features & HVX_FEATURE_VGIC)) {
		result(false, "hvx offers HVX_FEATURE_VGIC (open: %s, API %u, features 0x%llx)",
		       dev < 0 ? strerror(errno) : "ok", ver.api_version,
		       (unsigned long long)ver.features);
		printf("1..%u\n", nr_results);
		return 1;
	}
	kmsg = kmsg_open();
	if (getenv("HVX_VGIC_GUESTS_TIMEOUT"))
		run_timeout_s = atof(getenv("HVX_VGIC_GUESTS_TIMEOUT"));

	if (argc >= 4) {
		run_one(argv[1], atoi(argv[2]), atoi(argv[3]),
			argc > 4 ? argv[4] : "");
	} else {
		const char *only = argc > 1 ? argv[1] : NULL;

		if (!only || !strcmp(only, "vgic")) {
			run_one("vgic", 4, 256, "hvx-test=probe");
			run_one("vgic", 1, 64, "hvx-test=probe");
			run_sgi_both();
			run_one("vgic", 4, 256, "hvx-test=prio");
			run_one("vgic", 4, 256, "hvx-test=spi");
			run_one("vgic", 2, 64, "hvx-test=flood");
		}
		if (!only || !strcmp(only, "timer")) {
			run_one("timer", 1, 64, "hvx-test=vtimer");
			run_one("timer", 1, 64, "hvx-test=ptimer");
			run_one("timer", 1, 64, "hvx-test=el0");
		}
		if (!only || !strcmp(only, "clock"))
			run_clock_group();
		if (!only || !strcmp(only, "hostile")) {
			/* every register offset at every width, one vCPU */
			run_one("gic-hostile", 1, HVX_GIC_MAX_IRQS, "");
			/* 4 vCPUs at once (sampled), next to a good VM */
			run_hostile();
			/* INTIDs beyond a small nr_irqs */
			run_one("gic-hostile", 2, 64, "hvx-gic-stride=16");
		}
	}
	if (kmsg >= 0)
		result(kmsg_warnings(kmsg, 20) == 0,
		       "the kernel logged no warning or worse meanwhile");
	printf("1..%u\n", nr_results);
	return nr_failed ? 1 : 0;
}
