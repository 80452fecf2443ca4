// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-vmbench: what running a guest under hvx costs, in counter ticks
 * (CNTVCT_EL0, the same counter the guest reads: hvx leaves CNTVOFF_EL2
 * at 0).
 *
 *   hvx-vmbench [ITERATIONS [REPEATS]]
 *
 * Each repeat creates a VM from scratch with one vCPU and 2 MiB of RAM,
 * loads the guest of vmbench-guest.S and runs it. Printed, one line each,
 * "BENCH <name> <ticks>" per repeat:
 *   start      HVX_CREATE_VM to the guest's first instruction
 *   nop        one HVC round trip answered at EL2 (the trap floor)
 *   psci       one HVC round trip answered by the host kernel
 *   mmio       one load emulated in user space (exit to here and back)
 *   dcc, brk, hvc  one VERSION call through that door (answered at EL2)
 *   console    one CONSOLE_WRITE through HVC: an HVX_EXIT_CONSOLE to here
 * and "BENCH freq <Hz>" once. tools/bench.sh makes the table.
 *
 *   hvx-vmbench gic [ITERATIONS [REPEATS]]
 *
 * runs gicbench-guest.S instead, on two vCPUs and hvx's vGIC
 * (HVX_VM_CREATE_GIC): "BENCH ipi", "ipi-wfi", "timer", "timer-wfi",
 * "ipi-there", "ipi-wfi-there", the median per VM of virtual IPI round
 * trips (and their way there) and virtual timer interrupt latencies in
 * ticks (gicbench-guest.S).
 *
 *   hvx-vmbench console [BYTES [REPEATS]]
 *
 * runs conbench-guest.S in a VM with a console in hvx.ko and its PL011
 * (vm-tty.c's, as hvxctl run makes it), whose tty a thread here reads
 * meanwhile, counting the bytes: "BENCH uart", "uart-rate", "calls",
 * "calls-rate", ticks per byte and bytes per second of the guest's
 * BYTES UARTDR stores and CONSOLE_WRITE calls.
 *
 *   hvx-vmbench clock [ITERATIONS [REPEATS]]
 *
 * runs clockbench-guest.S in two VMs a repeat, the first on the host's
 * clock (no HVX_VM_SET_CLOCK), the second with its clock at CLOCK_SCALE
 * times the host's frequency: "BENCH nop" (both), "cntpct", "cval",
 * "ctl" (ticks per access) and "cntpct-scale" (the guest's counter over
 * the host's), the second VM's with the suffix "-3x".
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/hvx.h>

#include "gic-runner.h"
#include "guest-runner.h"
#include "vm.h"

/* After the guest's end: the reader waits this long for more. */
#define CON_DRAIN_MS	500


/* Runs the guest to SYSTEM_OFF; fills report[] from its MMIO stores. */
static void run_guest(int vcpu, struct hvx_run *run, uint64_t *report)
{
	for (;;) {
		if (ioctl(vcpu, HVX_VCPU_RUN, 0) < 0)
			die("HVX_VCPU_RUN");
		switch (run->exit_reason) {
		case HVX_EXIT_MMIO:
			bench_mmio(run->mmio.phys_addr, run->mmio.data,
				   run->mmio.is_write, report);
			break;
		case HVX_EXIT_CONSOLE:
			/* the guest's CONSOLE_WRITE bytes: taken, not shown */
			if (run->console.direction == HVX_CONSOLE_READ)
				run->console.len = 0;
			break;
		case HVX_EXIT_SYSTEM_EVENT:
			return;
		default:
			fprintf(stderr, "hvx-vmbench: unexpected exit %u\n",
				run->exit_reason);
			exit(1);
		}
	}
}

/* A VM with GUEST_RAM_SIZE of RAM holding the guest [start, end). */
static int vm_create(int dev, const char *start, const char *end)
{
	struct hvx_vm_create vc = { 0 };
	struct hvx_vm_memory mem = {
		.guest_phys_addr = GUEST_RAM_BASE, .size = GUEST_RAM_SIZE,
	};
	struct hvx_vm_write wr = {
		.guest_phys_addr = GUEST_RAM_BASE, .size = end - start,
		.data = (uintptr_t)start,
	};
	int vm = xioctl(dev, HVX_CREATE_VM, &vc, "HVX_CREATE_VM");

	xioctl(vm, HVX_VM_ADD_MEMORY, &mem, "HVX_VM_ADD_MEMORY");
	xioctl(vm, HVX_VM_WRITE_MEMORY, &wr, "HVX_VM_WRITE_MEMORY");
	return vm;
}

/*
 * vCPU 0 of vm, its run structure mmap()ed at *run, to enter the guest at
 * the RAM base with x0-x3 as given.
 */
static int vcpu_create(int vm, long mmap_size, const uint64_t x[4],
		       struct hvx_run **run)
{
	struct hvx_vcpu_create cc = { 0 };
	struct hvx_regs regs = { 0 };
	int vcpu, i;

	vcpu = xioctl(vm, HVX_CREATE_VCPU, &cc, "HVX_CREATE_VCPU");
	*run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		    vcpu, 0);
	if (*run == MAP_FAILED)
		die("mmap of the vCPU");
	xioctl(vcpu, HVX_VCPU_GET_REGS, &regs, "HVX_VCPU_GET_REGS");
	regs.pc = GUEST_RAM_BASE;
	regs.pstate = GUEST_ENTRY_PSTATE;
	for (i = 0; i < 4; i++)
		regs.x[i] = x[i];
	xioctl(vcpu, HVX_VCPU_SET_REGS, &regs, "HVX_VCPU_SET_REGS");
	return vcpu;
}

/*
 * Runs the guest [start, end) in a VM of its own, its clock at freq Hz if
 * not 0, entered with x[], until SYSTEM_OFF; fills report[].
 */
static void guest_once(int dev, const char *start, const char *end,
		       const uint64_t x[4], uint64_t freq, long mmap_size,
		       uint64_t *report)
{
	struct hvx_vm_clock clk = { .freq = freq };
	struct hvx_run *run;
	int vm, vcpu;

	vm = vm_create(dev, start, end);
	if (freq)
		xioctl(vm, HVX_VM_SET_CLOCK, &clk, "HVX_VM_SET_CLOCK");
	vcpu = vcpu_create(vm, mmap_size, x, &run);

	run_guest(vcpu, run, report);

	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
}

static void calls_once(int dev, uint64_t iterations, long mmap_size)
{
	/* every loop (x2 = 0) */
	const uint64_t x[4] = { REPORT_PAGE, iterations, 0 };
	uint64_t report[NR_REPORTS] = { 0 };
	uint64_t t0 = cntvct();

	guest_once(dev, vmbench_guest, vmbench_guest_end, x, 0, mmap_size,
		   report);
	bench_print(report, t0, iterations);
}

/* One VM of clockbench-guest.S, at freq Hz if not 0. */
static void clock_vm(int dev, uint64_t iterations, long mmap_size,
		     uint64_t freq, const char *suffix)
{
	const uint64_t x[4] = { REPORT_PAGE, iterations };
	uint64_t report[NR_REPORTS] = { 0 };

	/* The counter is EL2's; the timer writes exit to the host kernel. */
	guest_once(dev, clockbench_guest, clockbench_guest_end, x, freq,
		   mmap_size, report);
	bench_clock_print(report, iterations, suffix);
}

static void clock_once(int dev, uint64_t iterations, long mmap_size)
{
	char suffix[16];

	clock_vm(dev, iterations, mmap_size, 0, "");
	snprintf(suffix, sizeof(suffix), "-%dx", CLOCK_SCALE);
	clock_vm(dev, iterations, mmap_size, CLOCK_SCALE * cntfrq(), suffix);
}

/* Reads the console's tty, counting, until stop and CON_DRAIN_MS of quiet. */
struct con_reader {
	int fd;
	int stop;		/* atomic */
	uint64_t got;
	pthread_t thread;
};

static void *con_read(void *arg)
{
	struct con_reader *r = arg;
	struct pollfd p = { .fd = r->fd, .events = POLLIN };
	char buf[4096];
	ssize_t n;
	int ret;

	for (;;) {
		ret = poll(&p, 1, CON_DRAIN_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0) {
			if (ret < 0 || __atomic_load_n(&r->stop, __ATOMIC_ACQUIRE))
				break;
			continue;
		}
		n = read(r->fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		r->got += n;
	}
	return NULL;
}

static void con_once(int dev, uint64_t bytes, long mmap_size)
{
	const uint64_t x[4] = {
		REPORT_PAGE, GUEST_UART_BASE, bytes, CONBENCH_CALLS,
	};
	uint64_t report[NR_REPORTS] = { 0 };
	struct con_reader r = { 0 };
	struct vm_tty tty;
	struct hvx_run *run;
	int vm, vcpu, err;

	vm = vm_create(dev, conbench_guest, conbench_guest_end);
	if (vm_tty_create(&tty, vm, false))
		exit(1);
	r.fd = tty.fd;
	err = pthread_create(&r.thread, NULL, con_read, &r);
	if (err) {
		errno = err;
		die("pthread_create");
	}
	vcpu = vcpu_create(vm, mmap_size, x, &run);

	/* The UART and the calls are hvx.ko's: only the reports exit. */
	run_guest(vcpu, run, report);

	__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
	pthread_join(r.thread, NULL);
	bench_con_print(report, bytes, r.got);
	vm_tty_close(&tty);
	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
}

static enum gic_run_result gic_vcpu_run(struct gic_vcpu *v)
{
	struct hvx_run *run = v->run_page;

	if (ioctl(v->fd, HVX_VCPU_RUN, 0) < 0) {
		if (errno == EINTR)
			return GIC_RUN_INTR;
		die("HVX_VCPU_RUN");
	}
	switch (run->exit_reason) {
	case HVX_EXIT_MMIO:
		gic_mmio(run->mmio.phys_addr, run->mmio.data,
			 run->mmio.is_write);
		return GIC_RUN_AGAIN;
	case HVX_EXIT_SYSTEM_EVENT:
		return GIC_RUN_OFF;
	case HVX_EXIT_INTR:
		return GIC_RUN_INTR;
	default:
		fprintf(stderr, "hvx-vmbench: unexpected exit %u\n",
			run->exit_reason);
		exit(1);
	}
}

static void gic_once(int dev, uint64_t iterations, long mmap_size)
{
	struct hvx_vm_gic gic = {
		.nr_irqs = GIC_NR_IRQS, .dist_base = GUEST_GICD_BASE,
		.redist_base = GUEST_GICR_BASE,
	};
	struct gic_vcpu v[GIC_NR_VCPUS];
	uint64_t x[GIC_GUEST_REGS];
	unsigned int i, r;
	int vm;

	vm = vm_create(dev, gicbench_guest, gicbench_guest_end);
	xioctl(vm, HVX_VM_CREATE_GIC, &gic, "HVX_VM_CREATE_GIC");
	for (i = 0; i < GIC_NR_VCPUS; i++) {
		struct hvx_vcpu_create cc = { .id = i };
		struct hvx_regs regs = { 0 };
		struct hvx_run *run;

		v[i].fd = xioctl(vm, HVX_CREATE_VCPU, &cc, "HVX_CREATE_VCPU");
		run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			   v[i].fd, 0);
		if (run == MAP_FAILED)
			die("mmap of the vCPU");
		v[i].run = gic_vcpu_run;
		v[i].run_page = run;
		v[i].immediate_exit = &run->immediate_exit;
		xioctl(v[i].fd, HVX_VCPU_GET_REGS, &regs, "HVX_VCPU_GET_REGS");
		gic_guest_regs(i, iterations, x);
		for (r = 0; r < GIC_GUEST_REGS; r++)
			regs.x[r] = x[r];
		regs.pc = GUEST_RAM_BASE;
		regs.pstate = GUEST_ENTRY_PSTATE;
		xioctl(v[i].fd, HVX_VCPU_SET_REGS, &regs, "HVX_VCPU_SET_REGS");
	}

	gic_run(v, GIC_NR_VCPUS);

	for (i = 0; i < GIC_NR_VCPUS; i++) {
		munmap(v[i].run_page, mmap_size);
		close(v[i].fd);
	}
	close(vm);
}

int main(int argc, char **argv)
{
	static const struct bench_hv hvx = {
		.dev = "/dev/hvx", .hint = "is hvx.ko loaded?",
		.mmap_size_req = HVX_GET_VCPU_MMAP_SIZE,
		.calls_once = calls_once, .gic_once = gic_once,
		.con_once = con_once, .clock_once = clock_once,
	};

	return bench_main(argc, argv, &hvx);
}
