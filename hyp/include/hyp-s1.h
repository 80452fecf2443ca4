/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvx's EL2 stage 1, as the host builds it at load (host/hyp-pgtable.c)
 * and EL2 changes it at run time (hyp/s1.c, hyp/fixmap.c): 4 KB granule,
 * 48-bit VA, four levels, VA == PA for everything EL2 maps but its
 * per-CPU windows (the fixmap), which live in the top 1 GiB of the VA
 * space, above any RAM hvx runs with (the host checks at load).
 */
#ifndef __HVX_HYP_S1_H
#define __HVX_HYP_S1_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/page-def.h>

#include "hvx-granule.h"
#include "hvx-hyp.h"

#define HVX_S1_VA_BITS		48
#define HVX_S1_LEVELS		4
#define HVX_S1_LAST_LEVEL	HVX_PT_LAST_LEVEL
#define HVX_S1_PTRS		HVX_PT_PTRS
#define HVX_S1_FIRST_BLOCK_LEVEL HVX_PT_FIRST_BLOCK_LEVEL

static inline unsigned int hvx_s1_index(u64 va, int level)
{
	return (va >> hvx_pt_level_shift(level)) & (HVX_S1_PTRS - 1);
}

/* Descriptor bits (Arm ARM D8.3, VMSAv8-64 stage 1). */
#define S1_DESC_VALID		BIT_ULL(0)
#define S1_DESC_TABLE		BIT_ULL(1)	/* levels 0-2: next-level table */
#define S1_DESC_PAGE		BIT_ULL(1)	/* level 3: page */
#define S1_DESC_ATTRINDX(i)	((u64)(i) << 2)
#define S1_DESC_AP1		BIT_ULL(6)	/* AP[1]: RES1 at EL2 */
#define S1_DESC_AP_RO		BIT_ULL(7)	/* AP[2] */
#define S1_DESC_SH_INNER	(3ULL << 8)
#define S1_DESC_AF		BIT_ULL(10)
#define S1_DESC_XN		BIT_ULL(54)	/* XN in the EL2 regime */
#define S1_DESC_ADDR_MASK	GENMASK_ULL(47, 12)

/* MAIR_EL2 attribute indices. */
#define S1_MT_NORMAL		0
#define S1_MT_DEVICE		1

/* Normal memory, read-write, never executable: all EL2 maps at run time. */
#define S1_ATTRS_RW		(S1_DESC_ATTRINDX(S1_MT_NORMAL) |	\
				 S1_DESC_SH_INNER | S1_DESC_AP1 |	\
				 S1_DESC_XN | S1_DESC_AF | S1_DESC_VALID)

/*
 * The fixmap: per-CPU windows through which EL2 reaches, for the length of
 * one call, memory it does not keep mapped (a host page it copies from,
 * guest RAM it cleans, writes or scrubs). One level-2 table covers the
 * top 1 GiB: its entry 0 points at a level-3 table with HVX_FIXMAP_SLOTS
 * page windows per CPU, its entry 1 + n is CPU n's 2 MiB window (a block
 * when in use). The host builds both tables at load (their PAs in
 * struct hvx_hyp_globals); each CPU writes only its own entries.
 */
enum hvx_fixmap_slot {
	HVX_FIXMAP_SRC,		/* memory read from */
	HVX_FIXMAP_DST,		/* memory written to */
	HVX_FIXMAP_SLOTS
};

#define HVX_FIXMAP_SIZE		BIT_ULL(30)
#define HVX_FIXMAP_BASE		(BIT_ULL(HVX_S1_VA_BITS) - HVX_FIXMAP_SIZE)
#define HVX_FIXMAP_BLOCK_SHIFT	21
#define HVX_FIXMAP_BLOCK_SIZE	BIT_ULL(HVX_FIXMAP_BLOCK_SHIFT)

static inline u64 hvx_fixmap_page_va(u32 cpu, enum hvx_fixmap_slot slot)
{
	return HVX_FIXMAP_BASE +
	       ((u64)cpu * HVX_FIXMAP_SLOTS + slot) * PAGE_SIZE;
}

static inline u64 hvx_fixmap_block_va(u32 cpu)
{
	return HVX_FIXMAP_BASE + ((u64)cpu + 1) * HVX_FIXMAP_BLOCK_SIZE;
}

#endif /* __HVX_HYP_S1_H */
