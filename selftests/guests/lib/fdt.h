/* SPDX-License-Identifier: GPL-2.0 */
/* The few facts the guests need from the flattened device tree in x0. */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H

#include "types.h"
#include "platform.h"

#define FDT_MAGIC		0xd00dfeed

struct fdt_info {
	u64 mem_base;	/* the first /memory node's first range */
	u64 mem_size;
	unsigned int nr_cpus;	/* /cpus/cpu@* nodes, at most GUEST_MAX_CPUS */
	u64 mpidr[GUEST_MAX_CPUS];	/* their reg */
	const char *bootargs;	/* /chosen/bootargs, or NULL */
};

/* Returns 0, or -1 if dtb is not a device tree blob (a reason in *why). */
int fdt_parse(const void *dtb, struct fdt_info *info, const char **why);

#endif /* GUEST_FDT_H */
