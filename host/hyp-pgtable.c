// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvx's EL2 stage-1 translation tables, built by the host before hvx takes
 * EL2: 4KB granule, 48-bit VA, four levels, VA == PA. Only what EL2 needs
 * is mapped: hvx's memory (image, per-CPU data and stacks, page pool) and
 * the init parameters the host writes for it. The tables themselves are
 * part of hvx's memory (hvx_hyp_mem_carve_top()), out of the host's reach
 * once it runs under stage 2.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cputype.h>
#include <asm/kvm_arm.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

#include "hvx.h"

#define HVX_VA_BITS		48
#define HVX_LEVELS		4
#define HVX_PTRS_PER_TABLE	(PAGE_SIZE / sizeof(u64))
#define HVX_TABLE_INDEX_BITS	9

/* Descriptor bits (Arm ARM D8.3, VMSAv8-64 stage 1). */
#define DESC_VALID		BIT(0)
#define DESC_TABLE		BIT(1)	/* levels 0-2: next-level table */
#define DESC_PAGE		BIT(1)	/* level 3: page */
#define DESC_ATTRINDX(i)	((u64)(i) << 2)
#define DESC_AP_RO		BIT(7)	/* AP[2] */
#define DESC_AP1		BIT(6)	/* AP[1]: RES1 at EL2 (one privilege level) */
#define DESC_SH_INNER		(3UL << 8)
#define DESC_AF			BIT(10)
#define DESC_XN			BIT(54)	/* XN in the EL2 regime */
#define DESC_ADDR_MASK		GENMASK_ULL(47, 12)

/* MAIR_EL2 attribute indices. */
#define MT_HVX_NORMAL		0
#define MT_HVX_DEVICE		1

static u64 prot_to_desc(enum hvx_prot prot)
{
	u64 normal = DESC_ATTRINDX(MT_HVX_NORMAL) | DESC_SH_INNER;

	switch (prot) {
	case HVX_PROT_RX:
		return normal | DESC_AP1 | DESC_AP_RO;
	case HVX_PROT_RW:
		return normal | DESC_AP1 | DESC_XN;
	case HVX_PROT_DEVICE:
	default:
		return DESC_ATTRINDX(MT_HVX_DEVICE) | DESC_AP1 | DESC_XN;
	}
}

static u64 *alloc_table(struct hvx_pgtable *pgt)
{
	return hvx_hyp_mem_carve_top(pgt->mem);
}

int hvx_pgtable_init(struct hvx_pgtable *pgt, struct hvx_hyp_mem *mem)
{
	pgt->mem = mem;
	pgt->pgd = alloc_table(pgt);
	return pgt->pgd ? 0 : -ENOMEM;
}

static unsigned int table_index(phys_addr_t va, int level)
{
	unsigned int shift = PAGE_SHIFT +
			     (HVX_LEVELS - 1 - level) * HVX_TABLE_INDEX_BITS;

	return (va >> shift) & (HVX_PTRS_PER_TABLE - 1);
}

/* The level 3 entry for @va, allocating intermediate tables on the way. */
static u64 *walk_alloc(struct hvx_pgtable *pgt, phys_addr_t va)
{
	u64 *table = pgt->pgd;
	int level;

	for (level = 0; level < HVX_LEVELS - 1; level++) {
		u64 *entry = &table[table_index(va, level)];
		u64 desc = READ_ONCE(*entry);

		if (!(desc & DESC_VALID)) {
			u64 *next = alloc_table(pgt);

			if (!next)
				return NULL;
			desc = virt_to_phys(next) | DESC_TABLE | DESC_VALID;
			WRITE_ONCE(*entry, desc);
		}
		table = phys_to_virt(desc & DESC_ADDR_MASK);
	}
	return &table[table_index(va, HVX_LEVELS - 1)];
}

int hvx_pgtable_map(struct hvx_pgtable *pgt, phys_addr_t pa, size_t size,
		    enum hvx_prot prot)
{
	u64 attrs = prot_to_desc(prot) | DESC_AF | DESC_PAGE | DESC_VALID;
	phys_addr_t end = pa + size;

	if (!PAGE_ALIGNED(pa) || !PAGE_ALIGNED(size) || end >= BIT_ULL(HVX_VA_BITS))
		return -EINVAL;

	for (; pa < end; pa += PAGE_SIZE) {
		u64 *pte = walk_alloc(pgt, pa);

		if (!pte)
			return -ENOMEM;
		WRITE_ONCE(*pte, pa | attrs);
	}
	/* EL2's table walks are cacheable and inner shareable: a DSB suffices. */
	dsb(ishst);
	return 0;
}

/* The tables go back with the rest of hvx's memory. */
void hvx_pgtable_destroy(struct hvx_pgtable *pgt)
{
	pgt->pgd = NULL;
}

u64 hvx_pgtable_mair(void)
{
	return MAIR_ATTRIDX(MAIR_ATTR_NORMAL, MT_HVX_NORMAL) |
	       MAIR_ATTRIDX(MAIR_ATTR_DEVICE_nGnRE, MT_HVX_DEVICE);
}

u64 hvx_pgtable_tcr(void)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 parange = cpuid_feature_extract_unsigned_field(mmfr0,
					ID_AA64MMFR0_EL1_PARANGE_SHIFT);

	/* Without LPA2, a 4KB-granule regime outputs at most 48 bits. */
	parange = min_t(u64, parange, ID_AA64MMFR0_EL1_PARANGE_48);

	return TCR_EL2_RES1 | TCR_T0SZ(HVX_VA_BITS) | TCR_TG0_4K |
	       TCR_SH0_INNER | TCR_ORGN0_WBWA | TCR_IRGN0_WBWA |
	       (parange << TCR_EL2_PS_SHIFT);
}
