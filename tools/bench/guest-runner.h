/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hvx-vmbench and hvx-kvmbench share: the guest of vmbench-guest.S,
 * where it runs, what it reports, and the runner around it. Each program
 * supplies the hypervisor's part (bench_once()).
 */
#ifndef HVX_BENCH_GUEST_RUNNER_H
#define HVX_BENCH_GUEST_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include <hvx/guest-platform.h>

/* The guest's RAM is at GUEST_RAM_BASE, as under hvxctl run. */
#define GUEST_RAM_SIZE	(2ULL << 20)
#define REPORT_PAGE	0x10000000ULL	/* not RAM: every access exits */

/* vmbench-guest.S, and the report slots (8 bytes each) it stores to. */
extern const char vmbench_guest[], vmbench_guest_end[];
enum {
	REPORT_FIRST, REPORT_NOP, REPORT_PSCI, REPORT_MMIO, REPORT_DCC,
	REPORT_BRK, REPORT_HVC, REPORT_CONSOLE, NR_REPORTS
};
#define VMBENCH_NO_HVX_ONLY	1	/* x2: leave out the hvx-only loops */

/*
 * conbench-guest.S: console throughput. It writes CON_BYTES (the
 * ITERATIONS argument) to its PL011 at GUEST_UART_BASE and reports the
 * ticks in report[REPORT_CON_UART]; with CONBENCH_CALLS (x3) the same
 * again through CONSOLE_WRITE calls, in report[REPORT_CON_CALLS].
 */
extern const char conbench_guest[], conbench_guest_end[];
#define REPORT_CON_UART		1
#define REPORT_CON_CALLS	2
#define CONBENCH_CALLS		1
#define CON_BYTES		(1ULL << 20)
/* The "BENCH" lines of one console run of @bytes, @got of them seen. */
void bench_con_print(const uint64_t *report, uint64_t bytes, uint64_t got);

/*
 * clockbench-guest.S: the physical counter and timer, ITERATIONS of each
 * access; its report slots.
 */
extern const char clockbench_guest[], clockbench_guest_end[];
enum {
	REPORT_CLK_NOP = 1, REPORT_CLK_PCT, REPORT_CLK_PCT_SPAN,
	REPORT_CLK_CVAL, REPORT_CLK_CTL,
};

/* hvx-vmbench clock's scaled VM: its clock at this times the host's */
#define CLOCK_SCALE		3
/*
 * The "BENCH" lines of one clock run, each name with suffix (the scaled
 * VM's "-3x") but the floor's.
 */
void bench_clock_print(const uint64_t *report, uint64_t iterations,
		       const char *suffix);

/* The program's name in messages (die(), hvxctl_err()). */
extern const char *bench_prog;

uint64_t cntvct(void);
uint64_t cntfrq(void);
void die(const char *what);
int xioctl(int fd, unsigned long req, void *arg, const char *what);

/*
 * The guest's access to REPORT_PAGE: a store fills its report slot, a load
 * reads 0 (it is the MMIO loop's).
 */
void bench_mmio(uint64_t addr, uint8_t *data, bool is_write,
		uint64_t *report);
/* The "BENCH" lines of one run started at t0. */
void bench_print(const uint64_t *report, uint64_t t0, uint64_t iterations);

/* A hypervisor's part of either program. */
struct bench_hv {
	const char *dev;	/* its device */
	const char *hint;	/* what to check if it cannot be opened */
	unsigned long mmap_size_req;	/* the ioctl for the vCPU mmap size */
	/* one VM of vmbench-guest.S, of gicbench-guest.S (gic-runner.h) */
	void (*calls_once)(int fd, uint64_t iterations, long mmap_size);
	void (*gic_once)(int fd, uint64_t iterations, long mmap_size);
	/* one VM of conbench-guest.S writing @iterations bytes */
	void (*con_once)(int fd, uint64_t iterations, long mmap_size);
	/* the VMs of clockbench-guest.S */
	void (*clock_once)(int fd, uint64_t iterations, long mmap_size);
};

/*
 * main() of either program, "[gic|console|clock] [ITERATIONS [REPEATS]]":
 * usage, open the device, ask its vCPU mmap size, then REPEATS times a VM
 * of the calls guest (vmbench-guest.S), with "gic" of the interrupt guest,
 * with "console" of the console guest (ITERATIONS: bytes), with "clock"
 * the VMs of the clock guest.
 */
int bench_main(int argc, char **argv, const struct bench_hv *hv);

#endif /* HVX_BENCH_GUEST_RUNNER_H */
