// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 translation table walker, for the host's identity map and for
 * guests: installs block and page mappings (with the intermediate tables
 * they need, from the stage 2's own page source, struct hvx_s2_mm_ops),
 * looks an IPA up, unmaps a range (splitting the blocks that straddle its
 * ends, freeing the tables it empties) or everything.
 *
 * Mapping only ever replaces invalid entries, so it needs no
 * break-before-make and no TLB maintenance: a TLB never holds a translation
 * that faulted. Stage-2 walks are cacheable and inner shareable
 * (VTCR_EL2), so ordering the writes with DSB ISHST is enough for other
 * CPUs' walkers to see them. Unmapping invalidates the TLBs of every CPU
 * before the tables it cut off are reused, and before it returns.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <asm/barrier.h>
#include <asm/page-def.h>

#include "hyp/pgtable.h"

/*
 * Unmapping up to this many leaves invalidates the TLBs by IPA; more, or
 * any table freed, invalidates the whole VMID.
 */
#define UNMAP_TLBI_IPA_MAX	16

static u64 table_index(const struct hvx_s2_pgt *pgt, u64 addr, u32 level)
{
	u32 shift = hvx_pt_level_shift(level);
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
	return BIT_ULL(pgt->ia_bits - hvx_pt_level_shift(pgt->start_level));
}

static void *alloc_page(struct hvx_s2_pgt *pgt)
{
	return pgt->mm_ops->zalloc_page(pgt->mm_arg);
}

static void free_page(struct hvx_s2_pgt *pgt, void *page)
{
	pgt->mm_ops->free_page(pgt->mm_arg, page);
}

/* Make @ptep point at a new, empty next-level table. */
static int install_table(struct hvx_s2_pgt *pgt, u64 *ptep)
{
	u64 *table = alloc_page(pgt);

	if (!table)
		return -ENOMEM;
	/* The zeroed table must be visible before the entry pointing at it. */
	dsb(ishst);
	WRITE_ONCE(*ptep, (u64)table | S2_DESC_TABLE | S2_DESC_VALID);
	pgt->nr_tables++;
	return 0;
}

/*
 * Map [ipa, ipa + block size of @level) to @pa with @attrs (S2_DESC_*
 * bits). -EEXIST if something already maps @ipa, -EINVAL if finer mappings
 * already cover part of the block, -ENOMEM without a page for a table.
 */
int hvx_s2_map_leaf(struct hvx_s2_pgt *pgt, u64 ipa, u64 pa, u32 level,
		    u64 attrs)
{
	u64 *table = pgt->root;
	u64 desc;
	u32 l;
	int ret;

	for (l = pgt->start_level; l < level; l++) {
		u64 *ptep = &table[table_index(pgt, ipa, l)];

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

	table += table_index(pgt, ipa, level);
	desc = READ_ONCE(*table);
	if (desc & S2_DESC_VALID) {
		/* A finer mapping here means the caller's policy changed. */
		if (level != S2_LAST_LEVEL && (desc & S2_DESC_TABLE))
			return -EINVAL;
		return -EEXIST;
	}
	if (level == S2_LAST_LEVEL)
		attrs |= S2_DESC_PAGE;
	WRITE_ONCE(*table, (pa & S2_DESC_ADDR_MASK) | attrs | S2_DESC_VALID);
	dsb(ishst);
	pgt->nr_leaves[level]++;
	return 0;
}

/*
 * The entry for @ipa at @level, following the tables there are; NULL if
 * the walk stops above @level, at an entry that is invalid or a block,
 * whose level is then in *stop.
 */
static u64 *find_entry(const struct hvx_s2_pgt *pgt, u64 ipa, u32 level,
		       u32 *stop)
{
	u64 *table = pgt->root;
	u32 l;

	for (l = pgt->start_level; l < level; l++) {
		u64 desc = READ_ONCE(table[table_index(pgt, ipa, l)]);

		if (!is_table(desc, l)) {
			*stop = l;
			return NULL;
		}
		table = table_of(desc);
	}
	return &table[table_index(pgt, ipa, level)];
}

/*
 * The level hvx_s2_map_range() maps the piece at @ipa with: the biggest
 * block that both addresses are aligned to, that the @left bytes cover,
 * and that no table is in the way of; else a page.
 */
static u32 chunk_level(const struct hvx_s2_pgt *pgt, u64 ipa, u64 pa,
		       u64 left)
{
	u32 level = max_t(u32, pgt->start_level, S2_FIRST_BLOCK_LEVEL), stop;

	for (; level < S2_LAST_LEVEL; level++) {
		u64 size = BIT_ULL(hvx_pt_level_shift(level));
		u64 *ptep;

		if ((ipa | pa) & (size - 1) || left < size)
			continue;
		ptep = find_entry(pgt, ipa, level, &stop);
		if (!ptep || !is_table(READ_ONCE(*ptep), level))
			return level;
	}
	return S2_LAST_LEVEL;
}

/*
 * Map the physically contiguous [pa, pa + size) at [ipa, ipa + size) with
 * @attrs, by blocks where the alignment of both allows, pages elsewhere;
 * @first_attrs go into the first mapping only. Nothing must be mapped in
 * the range yet, and the page source must hold hvx_s2_tables_needed()
 * pages: then this cannot fail.
 */
int hvx_s2_map_range(struct hvx_s2_pgt *pgt, u64 ipa, u64 pa, u64 size,
		     u64 attrs, u64 first_attrs)
{
	u64 done = 0;

	while (done < size) {
		u32 level = chunk_level(pgt, ipa + done, pa + done,
					size - done);
		int ret = hvx_s2_map_leaf(pgt, ipa + done, pa + done, level,
					  attrs | (done ? 0 : first_attrs));

		if (ret)
			return ret;
		done += BIT_ULL(hvx_pt_level_shift(level));
	}
	return 0;
}

/* Table pages hvx_s2_map_range() would allocate for the same range. */
u64 hvx_s2_tables_needed(const struct hvx_s2_pgt *pgt, u64 ipa, u64 pa,
			 u64 size)
{
	/* Per level, the last new table counted (what it maps, plus 1). */
	u64 counted[S2_LAST_LEVEL + 1] = { 0 };
	u64 done = 0, nr = 0;

	while (done < size) {
		u64 addr = ipa + done;
		u32 level = chunk_level(pgt, addr, pa + done, size - done);
		u32 stop, l;

		/* Ascending addresses: a new table's pieces come in a row. */
		if (!find_entry(pgt, addr, level, &stop)) {
			for (l = stop + 1; l <= level; l++) {
				u64 id = (addr >> hvx_pt_level_shift(l - 1)) + 1;

				if (counted[l] != id) {
					counted[l] = id;
					nr++;
				}
			}
		}
		done += BIT_ULL(hvx_pt_level_shift(level));
	}
	return nr;
}

/* The block or page mapping @ipa: its descriptor and level. */
bool hvx_s2_get_leaf(const struct hvx_s2_pgt *pgt, u64 ipa, u64 *desc,
		     u32 *level)
{
	u64 *table = pgt->root;
	u32 l;

	for (l = pgt->start_level; l <= S2_LAST_LEVEL; l++) {
		u64 d = READ_ONCE(table[table_index(pgt, ipa, l)]);

		if (!(d & S2_DESC_VALID))
			return false;
		if (!is_table(d, l)) {
			*desc = d;
			*level = l;
			return true;
		}
		table = table_of(d);
	}
	return false;
}

/* Give back @table (at @level) and every table below it. */
static void free_table(struct hvx_s2_pgt *pgt, u64 *table, u32 level)
{
	u64 i;

	for (i = 0; i < BIT_ULL(S2_LEVEL_BITS); i++)
		if (is_table(table[i], level))
			free_table(pgt, table_of(table[i]), level + 1);
	free_page(pgt, table);
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
	u32 shift = hvx_pt_level_shift(level + 1);
	u64 attrs = desc & ~(S2_DESC_ADDR_MASK | S2_DESC_VALID | S2_DESC_TABLE);
	u64 base = desc & S2_DESC_ADDR_MASK;
	u64 *table = alloc_page(pgt);
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

static bool table_empty(const u64 *table)
{
	u64 i;

	for (i = 0; i < BIT_ULL(S2_LEVEL_BITS); i++)
		if (READ_ONCE(table[i]) & S2_DESC_VALID)
			return false;
	return true;
}

struct unmap_ctx {
	u64 nr_leaves;		/* leaves cleared */
	bool flush_vmid;	/* invalidate the whole VMID at the end */
	u64 *unlinked;		/* tables cut off, linked through word 0 */
};

static void clear_leaf(struct hvx_s2_pgt *pgt, u64 *ptep, u64 addr,
		       u32 level, struct unmap_ctx *ctx)
{
	WRITE_ONCE(*ptep, 0);
	pgt->nr_leaves[level]--;
	if (++ctx->nr_leaves > UNMAP_TLBI_IPA_MAX) {
		ctx->flush_vmid = true;
		return;
	}
	dsb(ishst);
	asm volatile("tlbi ipas2e1is, %0" : : "r" (addr >> PAGE_SHIFT)
		     : "memory");
}

/*
 * Unmap [start, end) within the entries of @table (at @level). A block
 * only partly in the range is split first; without a page for the table,
 * the whole block goes (only the host's stage 2 has such blocks, and it
 * faults the rest back in). Tables left empty are cut off.
 */
static void unmap_level(struct hvx_s2_pgt *pgt, u64 *table, u32 level,
			u64 start, u64 end, struct unmap_ctx *ctx)
{
	u64 size = BIT_ULL(hvx_pt_level_shift(level));
	u64 addr = start;

	while (addr < end) {
		u64 base = addr & ~(size - 1);
		u64 next = min(base + size, end);
		u64 *ptep = &table[table_index(pgt, addr, level)];
		u64 desc = READ_ONCE(*ptep);

		if (!(desc & S2_DESC_VALID)) {
			/* nothing mapped here */
		} else if (is_table(desc, level)) {
			u64 *sub = table_of(desc);

			unmap_level(pgt, sub, level + 1, addr, next, ctx);
			if (table_empty(sub)) {
				WRITE_ONCE(*ptep, 0);
				/* Page aligned: invalid to a late walker. */
				WRITE_ONCE(sub[0], (u64)ctx->unlinked);
				ctx->unlinked = sub;
				ctx->flush_vmid = true;
				pgt->nr_tables--;
			}
		} else if (addr == base && next == base + size) {
			clear_leaf(pgt, ptep, base, level, ctx);
		} else if (!split_block(pgt, ptep, desc, level)) {
			unmap_level(pgt, table_of(READ_ONCE(*ptep)), level + 1,
				    addr, next, ctx);
		} else {
			clear_leaf(pgt, ptep, base, level, ctx);
		}
		addr = next;
	}
}

/*
 * Unmap [start, end) (page aligned), splitting the blocks that straddle
 * its ends so that the rest stays mapped. Every CPU's TLB is clean of the
 * range when this returns, and the tables it emptied are freed then.
 */
void hvx_s2_unmap_range(struct hvx_s2_pgt *pgt, u64 start, u64 end)
{
	struct unmap_ctx ctx = { 0 };

	unmap_level(pgt, pgt->root, pgt->start_level, start, end, &ctx);
	if (ctx.flush_vmid) {
		tlb_flush_vmid_all_cpus();
	} else if (ctx.nr_leaves) {
		/* The combined stage-1+2 entries, which TLBI IPAS2E1IS keeps. */
		dsb(ish);
		asm volatile("tlbi vmalle1is" : : : "memory");
		dsb(ish);
		isb();
	}
	while (ctx.unlinked) {
		u64 *table = ctx.unlinked;

		ctx.unlinked = (u64 *)table[0];
		free_page(pgt, table);
	}
}

/* Every CPU's TLB entries for this CPU's VMID. */
void hvx_s2_tlb_flush_vmid(void)
{
	tlb_flush_vmid_all_cpus();
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
