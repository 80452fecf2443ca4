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
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/hvx.h>

#define GUEST_RAM	0x40000000ULL
#define GUEST_RAM_SIZE	(2ULL << 20)
#define REPORT_PAGE	0x10000000ULL	/* not RAM: every access exits */
#define PSR_EL1H_DAIF	0x3c5ULL	/* EL1h, D, A, I, F masked */

/* vmbench-guest.S: the report offsets it stores to. */
extern const char vmbench_guest[], vmbench_guest_end[];
enum {
	REPORT_FIRST, REPORT_NOP, REPORT_PSCI, REPORT_MMIO, REPORT_DCC,
	REPORT_BRK, REPORT_HVC, REPORT_CONSOLE, NR_REPORTS
};
#define VMBENCH_NO_HVX_ONLY	1	/* x2: leave out the hvx-only loops */

/* The per-round-trip lines, in report order from REPORT_NOP on. */
static const char * const report_name[NR_REPORTS] = {
	[REPORT_NOP] = "nop", [REPORT_PSCI] = "psci", [REPORT_MMIO] = "mmio",
	[REPORT_DCC] = "dcc", [REPORT_BRK] = "brk", [REPORT_HVC] = "hvc",
	[REPORT_CONSOLE] = "console",
};

static uint64_t cntvct(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

static uint64_t cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static void die(const char *what)
{
	fprintf(stderr, "hvx-vmbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	int ret = ioctl(fd, req, arg);

	if (ret < 0)
		die(what);
	return ret;
}

/* Runs the guest to SYSTEM_OFF; fills report[] from its MMIO stores. */
static void run_guest(int vcpu, struct hvx_run *run, uint64_t *report)
{
	for (;;) {
		if (ioctl(vcpu, HVX_VCPU_RUN, 0) < 0)
			die("HVX_VCPU_RUN");
		switch (run->exit_reason) {
		case HVX_EXIT_MMIO: {
			uint64_t off = run->mmio.phys_addr - REPORT_PAGE;

			if (!run->mmio.is_write) {
				memset(run->mmio.data, 0, sizeof(run->mmio.data));
				break;
			}
			if (off % 8 || off / 8 >= NR_REPORTS) {
				fprintf(stderr, "hvx-vmbench: unexpected store at 0x%llx\n",
					(unsigned long long)run->mmio.phys_addr);
				exit(1);
			}
			memcpy(&report[off / 8], run->mmio.data, 8);
			break;
		}
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

/* "BENCH <name> <ticks per round trip>" for each loop the guest ran */
static void print_reports(const uint64_t *report, uint64_t iterations)
{
	int i;

	for (i = REPORT_NOP; i < NR_REPORTS; i++)
		if (report[i])
			printf("BENCH %s %.1f\n", report_name[i],
			       (double)report[i] / iterations);
}

static void bench_once(int dev, uint64_t iterations, long mmap_size)
{
	struct hvx_vm_create vc = { 0 };
	struct hvx_vm_memory mem = {
		.guest_phys_addr = GUEST_RAM, .size = GUEST_RAM_SIZE,
	};
	struct hvx_vm_write wr = {
		.guest_phys_addr = GUEST_RAM,
		.size = vmbench_guest_end - vmbench_guest,
		.data = (uintptr_t)vmbench_guest,
	};
	struct hvx_vcpu_create cc = { 0 };
	struct hvx_regs regs = { 0 };
	uint64_t report[NR_REPORTS] = { 0 };
	struct hvx_run *run;
	uint64_t t0;
	int vm, vcpu;

	t0 = cntvct();
	vm = xioctl(dev, HVX_CREATE_VM, &vc, "HVX_CREATE_VM");
	xioctl(vm, HVX_VM_ADD_MEMORY, &mem, "HVX_VM_ADD_MEMORY");
	xioctl(vm, HVX_VM_WRITE_MEMORY, &wr, "HVX_VM_WRITE_MEMORY");
	vcpu = xioctl(vm, HVX_CREATE_VCPU, &cc, "HVX_CREATE_VCPU");
	run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap of the vCPU");
	xioctl(vcpu, HVX_VCPU_GET_REGS, &regs, "HVX_VCPU_GET_REGS");
	regs.pc = GUEST_RAM;
	regs.pstate = PSR_EL1H_DAIF;
	regs.x[0] = REPORT_PAGE;
	regs.x[1] = iterations;
	regs.x[2] = 0;		/* every loop */
	xioctl(vcpu, HVX_VCPU_SET_REGS, &regs, "HVX_VCPU_SET_REGS");

	run_guest(vcpu, run, report);

	printf("BENCH start %llu\n", (unsigned long long)(report[REPORT_FIRST] - t0));
	print_reports(report, iterations);
	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
}

int main(int argc, char **argv)
{
	uint64_t iterations = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000;
	int repeats = argc > 2 ? atoi(argv[2]) : 3;
	long mmap_size;
	int dev, i;

	if (argc > 3 || !iterations || repeats < 1) {
		fprintf(stderr, "usage: hvx-vmbench [ITERATIONS [REPEATS]]\n");
		return 2;
	}
	dev = open("/dev/hvx", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("cannot open /dev/hvx (is hvx.ko loaded?)");
	mmap_size = xioctl(dev, HVX_GET_VCPU_MMAP_SIZE, NULL,
			   "HVX_GET_VCPU_MMAP_SIZE");
	printf("BENCH freq %llu\n", (unsigned long long)cntfrq());
	for (i = 0; i < repeats; i++)
		bench_once(dev, iterations, mmap_size);
	return 0;
}
