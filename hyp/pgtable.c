// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 translation table walker: installs one block or page mapping,
 * allocating the intermediate tables it needs from EL2's page allocator,
 * and unmaps one page (splitting the blocks around it) or everything.
 *
 * Mapping only ever replaces invalid entries, so it needs no
 * break-before-make and no TLB maintenance: a TLB never holds a translation
 * that faulted. Stage-2 walks are cacheable and inner shareable
 * (VTCR_EL2), so ordering the writes with DSB ISHST is enough for other
 * CPUs' walkers to see them. Unmapping invalidates the TLBs of every CPU
 * before the tables it cut off are reused, and before it returns.
 */
#include <linux/errno.h>
#include <asm/barrier.h>
#include <asm/page-def.h>

#include "page-alloc.h"
#include "pgtable.h"

static u64 table_index(const struct hvx_s2_pgt *pgt, u64 addr, u32 level)
{
	u32 shift = s2_level_shift(level);
	u32 bits = S2_LEVEL_BITS;

	/* The root may be several concatenated tables, indexed as one. */
	if (level == pgt->start_level)
		bits = pgt->ia_bits - shift;
	return (addr >> shift) & (BIT_ULL(bits) - 1);
}

static u64 *table_of(u64 desc)
{
	return (u64 *)(desc & S2_DESC_ADDR_MASK);
}

static bool is_table(u64 desc, u32 level)
{
	return level < S2_LAST_LEVEL &&
	       (desc & (S2_DESC_VALID | S2_DESC_TABLE)) ==
	       (S2_DESC_VALID | S2_DESC_TABLE);
}

static u64 root_entries(const struct hvx_s2_pgt *pgt)
{
	return BIT_ULL(pgt->ia_bits - s2_level_shift(pgt->start_level));
}

/* Make @ptep point at a new, empty next-level table. */
static int install_table(struct hvx_s2_pgt *pgt, u64 *ptep)
{
	u64 *table = hvx_page_alloc();

	if (!table)
		return -ENOMEM;
	/* The zeroed table must be visible before the entry pointing at it. */
	dsb(ishst);
	WRITE_ONCE(*ptep, (u64)table | S2_DESC_TABLE | S2_DESC_VALID);
	pgt->nr_tables++;
	return 0;
}

/*
 * Map [addr, addr + block size of @level) to the same physical address
 * with @attrs (S2_DESC_* bits). -EEXIST if something already maps @addr,
 * -EINVAL if finer mappings already cover part of the block. The caller
 * serialises writers.
 */
int hvx_s2_map_leaf(struct hvx_s2_pgt *pgt, u64 addr, u32 level, u64 attrs)
{
	u64 *table = pgt->root;
	u64 desc;
	u32 l;
	int ret;

	for (l = pgt->start_level; l < level; l++) {
		u64 *ptep = &table[table_index(pgt, addr, l)];

		desc = READ_ONCE(*ptep);
		if (!(desc & S2_DESC_VALID)) {
			ret = install_table(pgt, ptep);
			if (ret)
				return ret;
			desc = READ_ONCE(*ptep);
		} else if (!(desc & S2_DESC_TABLE)) {
			return -EEXIST;		/* a bigger block maps it */
		}
		table = table_of(desc);
	}

	table += table_index(pgt, addr, level);
	desc = READ_ONCE(*table);
	if (desc & S2_DESC_VALID) {
		/* A finer mapping here means the caller's policy changed. */
		if (level != S2_LAST_LEVEL && (desc & S2_DESC_TABLE))
			return -EINVAL;
		return -EEXIST;
	}
	if (level == S2_LAST_LEVEL)
		attrs |= S2_DESC_PAGE;
	WRITE_ONCE(*table, (addr & S2_DESC_ADDR_MASK) | attrs | S2_DESC_VALID);
	dsb(ishst);
	pgt->nr_leaves[level]++;
	return 0;
}

/* Give back @table (at @level) and every table below it. */
static void free_table(struct hvx_s2_pgt *pgt, u64 *table, u32 level)
{
	u64 i;

	for (i = 0; i < BIT_ULL(S2_LEVEL_BITS); i++)
		if (is_table(table[i], level))
			free_table(pgt, table_of(table[i]), level + 1);
	hvx_page_free(table);
	pgt->nr_tables--;
}

/*
 * Every CPU's TLB entries for the current VMID, stage 1 and 2 and cached
 * walks included: once this completes no walker uses an unlinked table.
 */
static void tlb_flush_vmid_all_cpus(void)
{
	dsb(ishst);
	asm volatile("tlbi vmalls12e1is" : : : "memory");
	dsb(ish);
	isb();
}

/*
 * Every CPU's TLB entries for the block or page at @addr (the current
 * VMID): the stage-2 entry by IPA, then the combined stage-1+2 entries,
 * which TLBI IPAS2E1IS leaves alone.
 */
static void tlb_flush_ipa_all_cpus(u64 addr)
{
	dsb(ishst);
	asm volatile("tlbi ipas2e1is, %0" : : "r" (addr >> PAGE_SHIFT)
		     : "memory");
	dsb(ish);
	asm volatile("tlbi vmalle1is" : : : "memory");
	dsb(ish);
	isb();
}

/*
 * Replace the block @desc at @ptep (@level) by a table of the next level
 * mapping the same memory with the same attributes (break-before-make).
 * -ENOMEM if EL2 has no page for the table.
 */
static int split_block(struct hvx_s2_pgt *pgt, u64 *ptep, u64 desc,
		       u32 level)
{
	u32 shift = s2_level_shift(level + 1);
	u64 attrs = desc & ~(S2_DESC_ADDR_MASK | S2_DESC_VALID | S2_DESC_TABLE);
	u64 base = desc & S2_DESC_ADDR_MASK;
	u64 *table = hvx_page_alloc();
	u64 i;

	if (!table)
		return -ENOMEM;
	if (level + 1 == S2_LAST_LEVEL)
		attrs |= S2_DESC_PAGE;
	for (i = 0; i < BIT_ULL(S2_LEVEL_BITS); i++)
		table[i] = (base + (i << shift)) | attrs | S2_DESC_VALID;

	WRITE_ONCE(*ptep, 0);
	tlb_flush_ipa_all_cpus(base);
	/* The filled table is visible before the entry pointing at it. */
	dsb(ishst);
	WRITE_ONCE(*ptep, (u64)table | S2_DESC_TABLE | S2_DESC_VALID);
	dsb(ishst);
	pgt->nr_tables++;
	pgt->nr_leaves[level]--;
	pgt->nr_leaves[level + 1] += BIT_ULL(S2_LEVEL_BITS);
	return 0;
}

/*
 * Unmap the page at @addr, splitting the blocks that map it so that the
 * rest stays mapped; without a page for a table, the whole block goes
 * (the rest is faulted back in later). Every CPU's TLB is clean of the
 * page when this returns. The caller serialises writers.
 */
void hvx_s2_unmap_page(struct hvx_s2_pgt *pgt, u64 addr)
{
	u64 *table = pgt->root;
	u32 l;

	for (l = pgt->start_level; l <= S2_LAST_LEVEL; l++) {
		u64 *ptep = &table[table_index(pgt, addr, l)];
		u64 desc = READ_ONCE(*ptep);

		if (!(desc & S2_DESC_VALID))
			return;
		if (is_table(desc, l)) {
			table = table_of(desc);
			continue;
		}
		if (l < S2_LAST_LEVEL && !split_block(pgt, ptep, desc, l)) {
			table = table_of(READ_ONCE(*ptep));
			continue;
		}
		/* The page itself, or a block that could not be split. */
		WRITE_ONCE(*ptep, 0);
		tlb_flush_ipa_all_cpus(desc & S2_DESC_ADDR_MASK);
		pgt->nr_leaves[l]--;
		return;
	}
}

/*
 * Unmap everything, one root entry at a time: invalidate the entry,
 * invalidate all CPUs' TLBs, then free the tables below it. The caller
 * serialises writers; the VMID is the one in this CPU's VTTBR_EL2.
 */
void hvx_s2_unmap_all(struct hvx_s2_pgt *pgt)
{
	u64 i, nr = root_entries(pgt);

	for (i = 0; i < nr; i++) {
		u64 desc = READ_ONCE(pgt->root[i]);

		if (!(desc & S2_DESC_VALID))
			continue;
		WRITE_ONCE(pgt->root[i], 0);
		tlb_flush_vmid_all_cpus();
		if (is_table(desc, pgt->start_level))
			free_table(pgt, table_of(desc), pgt->start_level + 1);
	}
	for (i = 0; i <= S2_LAST_LEVEL; i++)
		pgt->nr_leaves[i] = 0;
}
