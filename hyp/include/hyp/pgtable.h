/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-2 translation tables at EL2: 4KB granule, identity mapped tables
 * (EL2 reaches a table at its physical address), root possibly made of
 * concatenated pages.
 */
#ifndef __HVX_PGTABLE_H
#define __HVX_PGTABLE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/page-def.h>

#include "hvx-granule.h"

/*
 * Stage-2 block and page descriptors (Arm ARM D8.3, "VMSAv8-64 translation
 * table format descriptors"), without FEAT_S2FWB.
 */
#define S2_DESC_VALID		BIT_ULL(0)
#define S2_DESC_TABLE		BIT_ULL(1)	/* levels 0-2: next-level table */
#define S2_DESC_PAGE		BIT_ULL(1)	/* level 3: page */
#define S2_DESC_MEMATTR(a)	((u64)(a) << 2)	/* MemAttr[3:0] */
#define S2_MEMATTR_NORMAL_WB	0xf		/* outer and inner write-back */
#define S2_DESC_S2AP_R		BIT_ULL(6)
#define S2_DESC_S2AP_W		BIT_ULL(7)
#define S2_DESC_SH_INNER	(3ULL << 8)
#define S2_DESC_AF		BIT_ULL(10)
#define S2_DESC_XN		BIT_ULL(54)	/* XN[1]: no execution at EL1/EL0 */
#define S2_DESC_SW0		BIT_ULL(55)	/* bits 58:55: for software */
#define S2_DESC_ADDR_MASK	GENMASK_ULL(47, 12)

#define S2_LAST_LEVEL		HVX_PT_LAST_LEVEL
#define S2_LEVEL_BITS		HVX_PT_LEVEL_BITS
#define S2_FIRST_BLOCK_LEVEL	HVX_PT_FIRST_BLOCK_LEVEL

/*
 * Where a stage 2's table pages come from and go back to: EL2's pool for
 * the host's, the VM's page cache for a guest's.
 */
struct hvx_s2_mm_ops {
	void *(*zalloc_page)(void *arg);	/* a zeroed page, or NULL */
	void (*free_page)(void *arg, void *page);
};

struct hvx_s2_pgt {
	u64 *root;
	u32 start_level;
	u32 ia_bits;		/* input (IPA) size */
	u64 nr_tables;		/* pages allocated for non-root tables */
	u64 nr_leaves[S2_LAST_LEVEL + 1];	/* mappings, by level */
	const struct hvx_s2_mm_ops *mm_ops;
	void *mm_arg;
};

/*
 * TLB maintenance in these functions is for the VMID in this CPU's
 * VTTBR_EL2: a caller working on a guest's stage 2 loads the guest's
 * VTTBR_EL2 around them. The caller serialises writers of one stage 2.
 */
int hvx_s2_map_leaf(struct hvx_s2_pgt *pgt, u64 ipa, u64 pa, u32 level,
		    u64 attrs);
int hvx_s2_map_range(struct hvx_s2_pgt *pgt, u64 ipa, u64 pa, u64 size,
		     u64 attrs, u64 first_attrs);
u64 hvx_s2_tables_needed(const struct hvx_s2_pgt *pgt, u64 ipa, u64 pa,
			 u64 size);
bool hvx_s2_get_leaf(const struct hvx_s2_pgt *pgt, u64 ipa, u64 *desc,
		     u32 *level);
void hvx_s2_unmap_range(struct hvx_s2_pgt *pgt, u64 start, u64 end);
void hvx_s2_unmap_all(struct hvx_s2_pgt *pgt);
void hvx_s2_tlb_flush_vmid(void);

#endif /* __HVX_PGTABLE_H */
