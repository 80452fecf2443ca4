/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interrupt benchmarks hvx-vmbench and hvx-kvmbench share ("gic"
 * mode): the guest of gicbench-guest.S on two vCPUs and a virtual GICv3,
 * where things are, the samples it reports, and the threads that run its
 * vCPUs. Each program supplies the hypervisor's part: the VM, its vGIC,
 * and one run of a vCPU (struct gic_vcpu).
 */
#ifndef HVX_BENCH_GIC_RUNNER_H
#define HVX_BENCH_GIC_RUNNER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* The GICv3's frames are where hvxctl run puts them: GUEST_GIC*_BASE. */
#include <hvx/guest-platform.h>

#define GIC_NR_IRQS		64		/* SGIs, PPIs, 32 SPIs */
#define GIC_NR_VCPUS		2
#define GIC_ITERATIONS		1000		/* IPI round trips per loop */

extern const char gicbench_guest[], gicbench_guest_end[];

/* The general registers vCPU id starts with, x0 to x6. */
#define GIC_GUEST_REGS		7
void gic_guest_regs(unsigned int id, uint64_t iterations,
		    uint64_t x[GIC_GUEST_REGS]);

/* The guest's access to REPORT_PAGE: a sample, or an error report. */
void gic_mmio(uint64_t addr, uint8_t *data, bool is_write);

/* What one run of a vCPU (one KVM_RUN or HVX_VCPU_RUN) ended with. */
enum gic_run_result {
	GIC_RUN_AGAIN,		/* an exit handled: run again */
	GIC_RUN_OFF,		/* PSCI SYSTEM_OFF */
	GIC_RUN_INTR,		/* interrupted by a signal */
};

struct gic_vcpu {
	/* one run and the handling of its exit; dies on anything else */
	enum gic_run_result (*run)(struct gic_vcpu *v);
	int fd;
	void *run_page;			/* the mmap()ed run structure */
	uint8_t *immediate_exit;	/* in it */
	unsigned int id;		/* set by gic_run() */
	pthread_t thread;
};

/*
 * Runs v[0] on this thread and the others on threads of their own until
 * v[0] powers the VM off, then stops the others; prints the samples'
 * medians ("BENCH ipi <ticks>" ...) and forgets them.
 */
void gic_run(struct gic_vcpu *v, unsigned int n);

#endif /* HVX_BENCH_GIC_RUNNER_H */
