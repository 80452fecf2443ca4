// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvx's EL2 stage-1 translation tables, built by the host before hvx takes
 * EL2: 4KB granule, 48-bit VA, four levels, VA == PA. Mapped: hvx's memory
 * (image, per-CPU data and stacks, page pool), the init parameters the
 * host writes for it, and all of host RAM, where EL2 finds the pages the
 * host gives it for VMs (hyp-setup.c). 1 GiB and 2 MiB blocks are used
 * where a range covers them whole, so that mapping all of RAM costs a few
 * tables. The tables themselves are part of hvx's memory
 * (hvx_hyp_mem_carve_top()), out of the host's reach once it runs under
 * stage 2.
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

#define HVX_VA_BITS		48
#define HVX_LEVELS		4
#define HVX_PTRS_PER_TABLE	(PAGE_SIZE / sizeof(u64))
#define HVX_TABLE_INDEX_BITS	9
/* Blocks exist at levels 1 (1 GiB) and 2 (2 MiB) with the 4KB granule. */
#define HVX_FIRST_BLOCK_LEVEL	1

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

/* Bytes one entry of a level maps: 512 GiB at level 0 ... 4 KiB at 3. */
static unsigned int level_shift(int level)
{
	return PAGE_SHIFT + (HVX_LEVELS - 1 - level) * HVX_TABLE_INDEX_BITS;
}

static bool is_table(u64 desc, int level)
{
	return level < HVX_LEVELS - 1 &&
	       (desc & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE);
}

/*
 * Map [pa, end) within the entries of @table (at @level) with @attrs: a
 * block wherever a whole, aligned entry of level 1 or 2 is covered and
 * still free, else a next-level table. What is already mapped with the same
 * attributes is left as it is (host memory EL2 maps twice, such as the init
 * parameters within host RAM); a different mapping is an error.
 */
static int map_level(struct hvx_pgtable *pgt, u64 *table, int level,
		     phys_addr_t pa, phys_addr_t end, u64 attrs)
{
	u64 size = BIT_ULL(level_shift(level));
	int ret;

	while (pa < end) {
		u64 *entry = &table[(pa >> level_shift(level)) &
				    (HVX_PTRS_PER_TABLE - 1)];
		phys_addr_t next = min_t(phys_addr_t, ALIGN_DOWN(pa, size) +
					 size, end);
		u64 desc = READ_ONCE(*entry);
		bool whole = IS_ALIGNED(pa, size) && next - pa == size;

		if (level == HVX_LEVELS - 1 ||
		    (level >= HVX_FIRST_BLOCK_LEVEL && whole &&
		     !(desc & DESC_VALID))) {
			u64 leaf = pa | attrs |
				   (level == HVX_LEVELS - 1 ? DESC_PAGE : 0);

			if (desc & DESC_VALID && desc != leaf)
				return -EEXIST;
			WRITE_ONCE(*entry, leaf);
		} else {
			if (!(desc & DESC_VALID)) {
				u64 *next_table = alloc_table(pgt);

				if (!next_table)
					return -ENOMEM;
				desc = virt_to_phys(next_table) | DESC_TABLE |
				       DESC_VALID;
				WRITE_ONCE(*entry, desc);
			} else if (!is_table(desc, level)) {
				/* A block: fine if it maps this the same way. */
				if ((desc & ~DESC_ADDR_MASK) != attrs ||
				    (desc & DESC_ADDR_MASK) !=
				    ALIGN_DOWN(pa, size))
					return -EEXIST;
				pa = next;
				continue;
			}
			ret = map_level(pgt, phys_to_virt(desc & DESC_ADDR_MASK),
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
	u64 attrs = prot_to_desc(prot) | DESC_AF | DESC_VALID;
	phys_addr_t end = pa + size;
	int ret;

	if (!PAGE_ALIGNED(pa) || !PAGE_ALIGNED(size) || end < pa ||
	    end > BIT_ULL(HVX_VA_BITS))
		return -EINVAL;

	ret = map_level(pgt, pgt->pgd, 0, pa, end, attrs);
	/* EL2's table walks are cacheable and inner shareable: a DSB suffices. */
	dsb(ishst);
	return ret;
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
