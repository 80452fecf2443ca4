/* SPDX-License-Identifier: GPL-2.0-only */
/* The EL1 side of hvx: what its files share. */
#ifndef __HVX_HOST_H
#define __HVX_HOST_H

#include <linux/threads.h>
#include <linux/types.h>
#include <uapi/linux/hvx.h>

#include "hvx-hyp.h"

#define HVX_VERSION_MAJOR	0
#define HVX_VERSION_MINOR	1
#define HVX_VERSION_PATCH	0
#define HVX_VERSION_STR		"0.1.0"

/*
 * hyp-mem.c: hvx's memory, one physically contiguous range: stage-2 root,
 * EL2 image and per-CPU areas carved from the bottom, EL2 stage-1 tables
 * from the top, EL2's page pool in between.
 */
struct hvx_hyp_mem {
	void *va;
	phys_addr_t pa;
	size_t nr_pages;
	size_t bottom;		/* pages carved from the start */
	size_t top;		/* pages carved from the end */
};

int hvx_hyp_mem_alloc(struct hvx_hyp_mem *m, size_t nr_pages);
void hvx_hyp_mem_free(struct hvx_hyp_mem *m);
void *hvx_hyp_mem_carve(struct hvx_hyp_mem *m, size_t nr_pages,
			size_t align);
void *hvx_hyp_mem_carve_top(struct hvx_hyp_mem *m);
phys_addr_t hvx_hyp_mem_pa(const struct hvx_hyp_mem *m, const void *va);

/* hyp-pgtable.c: hvx's EL2 stage-1 tables (hyp-s1.h). */
enum hvx_prot {
	HVX_PROT_RX,		/* hvx code */
	HVX_PROT_RW,		/* hvx data and stacks */
	HVX_PROT_DEVICE,	/* MMIO */
};

struct hvx_pgtable {
	u64 *pgd;			/* level 0 table */
	struct hvx_hyp_mem *mem;	/* where table pages come from */
};

int hvx_pgtable_init(struct hvx_pgtable *pgt, struct hvx_hyp_mem *mem);
int hvx_pgtable_map(struct hvx_pgtable *pgt, phys_addr_t pa, size_t size,
		    enum hvx_prot prot);
u64 *hvx_pgtable_table(struct hvx_pgtable *pgt, u64 va, int level);
void hvx_pgtable_destroy(struct hvx_pgtable *pgt);
u64 hvx_pgtable_tcr(void);
u64 hvx_pgtable_mair(void);

/* hyp-load.c: the EL2 image, copied to hvx's memory and relocated. */
struct hvx_hyp_image {
	phys_addr_t pa;
	void *va;
	struct hvx_hyp_header hdr;
};

int hvx_hyp_image_load(struct hvx_hyp_image *img, struct hvx_pgtable *pgt,
		       struct hvx_hyp_mem *mem);
struct hvx_hyp_globals *hvx_hyp_image_globals(struct hvx_hyp_image *img);
void hvx_dcache_clean_poc(const void *addr, size_t size);

/*
 * ram-ranges.c, efi-code.c and stage2-setup.c: what EL2 needs for the
 * host stage 2.
 */
int hvx_mem_range_append(struct hvx_mem_range *r, u32 *nr, u32 max,
			 u64 start, u64 end);
int hvx_collect_ram(struct hvx_hyp_globals *g);
int hvx_collect_efi_code(struct hvx_hyp_globals *g);
int hvx_stage2_setup(struct hvx_hyp_globals *g, struct hvx_hyp_mem *mem,
		     struct hvx_pgtable *pgt);

/* hyp-setup.c: everything hvx's EL2 code runs with, built at load. */
struct hvx_hyp_cpu_area {
	phys_addr_t data;	/* struct hvx_hyp_cpu (TPIDR_EL2) */
	phys_addr_t stack_top;	/* initial SP_EL2 */
};

struct hvx_hyp {
	struct hvx_hyp_mem mem;
	struct hvx_pgtable pgt;
	struct hvx_hyp_image image;
	/* Host memory, shared with EL2: one per possible CPU. */
	struct hvx_init_params *params;
	size_t params_size;
	struct hvx_hyp_cpu_area cpu[NR_CPUS];
};

extern struct hvx_hyp hvx_hyp;

int hvx_hyp_setup(void);
void hvx_hyp_teardown(void);

/* hyp-cpu.c: taking EL2 on each CPU and giving it back. */
int hvx_cpus_take(void);
int hvx_cpus_release(void);
void hvx_cpu_status(unsigned int cpu, struct hvx_cpu_status *st);
unsigned int hvx_nr_hyp_cpus(void);
bool hvx_runs_on_all_cpus(void);
unsigned int hvx_late_takes_count(void);
u32 hvx_hyp_version(void);
struct hvx_hc_res;
/*
 * A host->hvx call on this CPU: 0, or -EINVAL / -EPERM / -ENOMEM for
 * HVX_HC_ERR_INVALID / _DENIED / _NOMEM, -EIO for any other error, -ENODEV
 * if hvx does not run here.
 */
int hvx_hyp_call6(u64 id, u64 arg1, u64 arg2, u64 arg3, u64 arg4,
		  u64 arg5, u64 arg6, struct hvx_hc_res *res);

static inline int hvx_hyp_call4(u64 id, u64 arg1, u64 arg2, u64 arg3,
				u64 arg4, struct hvx_hc_res *res)
{
	return hvx_hyp_call6(id, arg1, arg2, arg3, arg4, 0, 0, res);
}

static inline int hvx_hyp_call(u64 id, u64 arg, struct hvx_hc_res *res)
{
	return hvx_hyp_call4(id, arg, 0, 0, 0, res);
}

/*
 * trace-el2.c: EL2's events into ftrace while one of them is enabled;
 * the drain also runs at each return of a vCPU to user space.
 */
extern bool hvx_trace_el2_on;		/* rings set: an EL2 event is on */
void hvx_trace_el2_drain(void);
void hvx_trace_el2_exit(void);
u64 hvx_trace_el2_events(void);
u64 hvx_trace_el2_lost(void);

/* acpi.c: HVX_ACPI_GENERATE and /sys/kernel/hvx/acpi/. */
struct kobject;
long hvx_acpi_generate(void __user *arg);
int hvx_acpi_init(struct kobject *parent);
void hvx_acpi_exit(void);

/*
 * debug.c: the debug interface to the page ownership calls (debugfs), in
 * a build with the test hooks (HVX_TEST_HOOKS) only.
 */
#ifdef HVX_TEST_HOOKS
int hvx_debug_init(void);
void hvx_debug_exit(void);
#else
static inline int hvx_debug_init(void) { return 0; }
static inline void hvx_debug_exit(void) { }
#endif

/* pm.c: system sleep refused while hvx is loaded */
int hvx_pm_init(void);
void hvx_pm_exit(void);

/* dev.c and sysfs.c: the user-space interfaces. */
int hvx_dev_init(void);
void hvx_dev_exit(void);
int hvx_sysfs_init(void);
void hvx_sysfs_exit(void);

/*
 * A host->hvx call (HVC #0, SMCCC register use) with arguments in x1-x6;
 * results in x0-x4.
 */
struct hvx_hc_res {
	u64 a0, a1, a2, a3, a4;
};

static inline void hvx_hcall6(u64 id, u64 arg1, u64 arg2, u64 arg3, u64 arg4,
			      u64 arg5, u64 arg6, struct hvx_hc_res *res)
{
	register u64 x0 asm("x0") = id;
	register u64 x1 asm("x1") = arg1;
	register u64 x2 asm("x2") = arg2;
	register u64 x3 asm("x3") = arg3;
	register u64 x4 asm("x4") = arg4;
	register u64 x5 asm("x5") = arg5;
	register u64 x6 asm("x6") = arg6;

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4),
		       "+r"(x5), "+r"(x6)
		     : : "memory");
	res->a0 = x0;
	res->a1 = x1;
	res->a2 = x2;
	res->a3 = x3;
	res->a4 = x4;
}

static inline void hvx_hcall(u64 id, u64 arg1, struct hvx_hc_res *res)
{
	hvx_hcall6(id, arg1, 0, 0, 0, 0, 0, res);
}

#endif /* __HVX_HOST_H */
