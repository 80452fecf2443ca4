// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvx's EL2 stage-1 translation tables, built by the host before hvx takes
 * EL2 (format: hyp/include/hyp-s1.h). Mapped at load: hvx's memory only
 * (image, per-CPU data and stacks, page pool; hyp-setup.c), with 1 GiB
 * and 2 MiB blocks where a range covers them whole; and the tables of
 * EL2's fixmap, whose entries EL2 fills itself. At run time EL2 adds the
 * pages the host gives or shares (hyp/s1.c). The tables themselves are
 * part of hvx's memory (hvx_hyp_mem_carve_top()), out of the host's reach
 * once it runs under stage 2.
 */
#include <linux/align.h>
#include <linux/gfp.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cputype.h>
#include <asm/kvm_arm.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

#include "hvx.h"
#include "hyp-s1.h"

static u64 prot_to_desc(enum hvx_prot prot)
{
	u64 normal = S1_DESC_ATTRINDX(S1_MT_NORMAL) | S1_DESC_SH_INNER;

	switch (prot) {
	case HVX_PROT_RX:
		return normal | S1_DESC_AP1 | S1_DESC_AP_RO;
	case HVX_PROT_RW:
		return normal | S1_DESC_AP1 | S1_DESC_XN;
	case HVX_PROT_DEVICE:
	default:
		return S1_DESC_ATTRINDX(S1_MT_DEVICE) | S1_DESC_AP1 |
		       S1_DESC_XN;
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

static bool is_table(u64 desc, int level)
{
	return level < HVX_S1_LAST_LEVEL &&
	       (desc & (S1_DESC_VALID | S1_DESC_TABLE)) ==
	       (S1_DESC_VALID | S1_DESC_TABLE);
}

/*
 * Map [pa, end) within the entries of @table (at @level) with @attrs: a
 * block wherever a whole, aligned entry of level 1 or 2 is covered and
 * still free, else a next-level table. What is already mapped with the same
 * attributes is left as it is; a different mapping is an error.
 */
static int map_level(struct hvx_pgtable *pgt, u64 *table, int level,
		     phys_addr_t pa, phys_addr_t end, u64 attrs)
{
	u64 size = BIT_ULL(hvx_pt_level_shift(level));
	int ret;

	while (pa < end) {
		u64 *entry = &table[hvx_s1_index(pa, level)];
		phys_addr_t next = min_t(phys_addr_t, ALIGN_DOWN(pa, size) +
					 size, end);
		u64 desc = READ_ONCE(*entry);
		bool whole = IS_ALIGNED(pa, size) && next - pa == size;

		if (level == HVX_S1_LAST_LEVEL ||
		    (level >= HVX_S1_FIRST_BLOCK_LEVEL && whole &&
		     !(desc & S1_DESC_VALID))) {
			u64 leaf = pa | attrs;

			if (level == HVX_S1_LAST_LEVEL)
				leaf |= S1_DESC_PAGE;

			if (desc & S1_DESC_VALID && desc != leaf)
				return -EEXIST;
			WRITE_ONCE(*entry, leaf);
		} else {
			if (!(desc & S1_DESC_VALID)) {
				u64 *next_table = alloc_table(pgt);

				if (!next_table)
					return -ENOMEM;
				desc = virt_to_phys(next_table) | S1_DESC_TABLE |
				       S1_DESC_VALID;
				WRITE_ONCE(*entry, desc);
			} else if (!is_table(desc, level)) {
				/* A block: fine if it maps this the same way. */
				if ((desc & ~S1_DESC_ADDR_MASK) != attrs ||
				    (desc & S1_DESC_ADDR_MASK) !=
				    ALIGN_DOWN(pa, size))
					return -EEXIST;
				pa = next;
				continue;
			}
			ret = map_level(pgt, phys_to_virt(desc & S1_DESC_ADDR_MASK),
					level + 1, pa, next, attrs);
			if (ret)
				return ret;
		}
		pa = next;
	}
	return 0;
}

int hvx_pgtable_map(struct hvx_pgtable *pgt, phys_addr_t pa, size_t size,
		    enum hvx_prot prot)
{
	u64 attrs = prot_to_desc(prot) | S1_DESC_AF | S1_DESC_VALID;
	phys_addr_t end = pa + size;
	int ret;

	if (!PAGE_ALIGNED(pa) || !PAGE_ALIGNED(size) || end < pa ||
	    end > BIT_ULL(HVX_S1_VA_BITS))
		return -EINVAL;

	ret = map_level(pgt, pgt->pgd, 0, pa, end, attrs);
	/* EL2's table walks are cacheable and inner shareable: a DSB suffices. */
	dsb(ishst);
	return ret;
}

/*
 * The table at @level (1 to 3) that translates @va, made along with the
 * tables above it where missing: for EL2's fixmap, whose entries EL2
 * fills. NULL without a page for a table, or if a block maps @va.
 */
u64 *hvx_pgtable_table(struct hvx_pgtable *pgt, u64 va, int level)
{
	u64 *table = pgt->pgd;
	int l;

	for (l = 0; l < level; l++) {
		u64 *entry = &table[hvx_s1_index(va, l)];
		u64 desc = READ_ONCE(*entry);

		if (!(desc & S1_DESC_VALID)) {
			u64 *next = alloc_table(pgt);

			if (!next)
				return NULL;
			desc = virt_to_phys(next) | S1_DESC_TABLE |
			       S1_DESC_VALID;
			WRITE_ONCE(*entry, desc);
		} else if (!is_table(desc, l)) {
			return NULL;
		}
		table = phys_to_virt(desc & S1_DESC_ADDR_MASK);
	}
	return table;
}

/* The tables go back with the rest of hvx's memory. */
void hvx_pgtable_destroy(struct hvx_pgtable *pgt)
{
	pgt->pgd = NULL;
}

u64 hvx_pgtable_mair(void)
{
	return MAIR_ATTRIDX(MAIR_ATTR_NORMAL, S1_MT_NORMAL) |
	       MAIR_ATTRIDX(MAIR_ATTR_DEVICE_nGnRE, S1_MT_DEVICE);
}

u64 hvx_pgtable_tcr(void)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 parange = cpuid_feature_extract_unsigned_field(mmfr0,
					ID_AA64MMFR0_EL1_PARANGE_SHIFT);

	/* Without LPA2, a 4KB-granule regime outputs at most 48 bits. */
	parange = min_t(u64, parange, ID_AA64MMFR0_EL1_PARANGE_48);

	return TCR_EL2_RES1 | TCR_T0SZ(HVX_S1_VA_BITS) | TCR_TG0_4K |
	       TCR_SH0_INNER | TCR_ORGN0_WBWA | TCR_IRGN0_WBWA |
	       (parange << TCR_EL2_PS_SHIFT);
}
