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

uint64_t cntvct(void);
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
};

/*
 * main() of either program, "[gic] [ITERATIONS [REPEATS]]": usage, open
 * the device, ask its vCPU mmap size, then REPEATS times a VM of the
 * calls guest (vmbench-guest.S) or with "gic" of the interrupt guest.
 */
int bench_main(int argc, char **argv, const struct bench_hv *hv);

#endif /* HVX_BENCH_GUEST_RUNNER_H */
