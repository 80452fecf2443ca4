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
	/* /chosen/linux,uefi-*: the tables a stub tree points at (acpi.h) */
	u64 uefi_systab;	/* 0: none */
	u64 uefi_mmap;
	u32 uefi_mmap_size, uefi_desc_size, uefi_desc_ver;
};

/*
 * Returns 0, or -1 if dtb is not a device tree blob (a reason in *why).
 * A stub tree (no memory or CPUs, but linux,uefi-system-table) is one:
 * memory and CPUs then come from ACPI (acpi.h).
 */
int fdt_parse(const void *dtb, struct fdt_info *info, const char **why);

#endif /* GUEST_FDT_H */
