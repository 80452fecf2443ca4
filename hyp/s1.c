// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's own stage 1 at run time. The host builds it at load with hvx's
 * memory only (image, per-CPU data and stacks, pool; host/hyp-setup.c);
 * EL2 adds the pages the host donates to or shares with it when it takes
 * them (mem-protect.c) and removes them when they go back, so that a
 * bounds bug at EL2 reaches hvx's memory and those pages, not the rest of
 * host RAM, nor guest RAM (which EL2 reaches through its fixmap only,
 * fixmap.c). As pKVM's hyp stage 1 does, but identity mapped, so that the
 * rest of EL2 keeps using physical addresses as pointers.
 *
 * Pages only, 4 KiB, read-write, never executable: donations and shares
 * are single pages. The tables this needs come from EL2's pool, leaving
 * the host's stage 2 what it needs, and go back to it once empty. The
 * tables the host built are never freed (they are not in the pool), and
 * no run-time mapping falls in one of their blocks: every block is within
 * hvx's memory, which the host can neither donate nor share.
 *
 * The caller serialises (mem-protect.c's lock). Unmapping invalidates
 * every CPU's TLB entries for the page, and for a table cut off, before
 * it returns or the table is reused.
 */
#include <linux/arm-smccc.h>
#include <linux/errno.h>
#include <asm/barrier.h>
#include <asm/page-def.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp-s1.h"
#include "hyp/hyp.h"
#include "hyp/page-alloc.h"

/*
 * Pool pages left to the host's stage 2, whose faults need up to three
 * tables below its root: after a reset (mem-protect.c) the host can then
 * always go on, however many pages hvx holds. Both take pool pages under
 * mem-protect.c's lock only, so the count is exact.
 */
#define S1_POOL_RESERVE		4

static u64 nr_tables;		/* pool pages holding run-time tables */

static u64 *alloc_table(void)
{
	if (hvx_pool_pages() - hvx_pool_used_pages() <= S1_POOL_RESERVE)
		return NULL;
	return hvx_page_alloc();
}

static u64 *root_table(void)
{
	return (u64 *)(read_sysreg(ttbr0_el2) & S1_DESC_ADDR_MASK);
}

static u64 *table_of(u64 desc)
{
	return (u64 *)(desc & S1_DESC_ADDR_MASK);
}

static bool is_table(u64 desc, int level)
{
	return level < HVX_S1_LAST_LEVEL &&
	       (desc & (S1_DESC_VALID | S1_DESC_TABLE)) ==
	       (S1_DESC_VALID | S1_DESC_TABLE);
}

/*
 * Every CPU's TLB entries for @va, from every level of the walk, so that
 * none still uses a cleared entry or a table cut off.
 */
static void tlb_flush_va_all_cpus(u64 va)
{
	dsb(ishst);
	asm volatile("tlbi vae2is, %0" : : "r" (va >> PAGE_SHIFT)
		     : "memory");
	dsb(ish);
	isb();
}

/*
 * The level-3 entry for @va, with the tables above it; NULL without a
 * page for one (-ENOMEM in *err), or if a block maps @va (-EEXIST).
 */
static u64 *walk_create(u64 va, int *err)
{
	u64 *table = root_table();
	int level;

	for (level = 0; level < HVX_S1_LAST_LEVEL; level++) {
		u64 *ptep = &table[hvx_s1_index(va, level)];
		u64 desc = READ_ONCE(*ptep);

		if (!(desc & S1_DESC_VALID)) {
			u64 *next = alloc_table();

			if (!next) {
				*err = -ENOMEM;
				return NULL;
			}
			nr_tables++;
			/* The zeroed table is seen before the entry to it. */
			dsb(ishst);
			desc = (u64)next | S1_DESC_TABLE | S1_DESC_VALID;
			WRITE_ONCE(*ptep, desc);
		} else if (!is_table(desc, level)) {
			*err = -EEXIST;
			return NULL;
		}
		table = table_of(desc);
	}
	return &table[hvx_s1_index(va, HVX_S1_LAST_LEVEL)];
}

static bool in_pool(const u64 *table)
{
	return (u64)table >= hvx_globals.pool.start &&
	       (u64)table < hvx_globals.pool.end;
}

static bool table_empty(const u64 *table)
{
	u32 i;

	for (i = 0; i < HVX_S1_PTRS; i++)
		if (READ_ONCE(table[i]) & S1_DESC_VALID)
			return false;
	return true;
}

/*
 * Unmap the page at @va, if mapped, then give back the pool's tables on
 * its walk that are left empty (also those a failed mapping left), bottom
 * up.
 */
static void unmap_page(u64 va)
{
	u64 *ptep[HVX_S1_LEVELS], *table = root_table();
	int level;

	for (level = 0;; level++) {
		ptep[level] = &table[hvx_s1_index(va, level)];
		if (level == HVX_S1_LAST_LEVEL ||
		    !is_table(READ_ONCE(*ptep[level]), level))
			break;
		table = table_of(READ_ONCE(*ptep[level]));
	}
	if (level == HVX_S1_LAST_LEVEL &&
	    READ_ONCE(*ptep[level]) & S1_DESC_VALID) {
		WRITE_ONCE(*ptep[level], 0);
		tlb_flush_va_all_cpus(va);
	}

	for (; level > 0; level--) {
		table = (u64 *)((u64)ptep[level] & PAGE_MASK);
		if (!in_pool(table) || !table_empty(table))
			break;
		WRITE_ONCE(*ptep[level - 1], 0);
		tlb_flush_va_all_cpus(va);
		hvx_page_free(table);
		nr_tables--;
	}
}

/*
 * Map [pa, end) (page aligned, host RAM outside hvx's memory) at the same
 * address, read-write. 0; -ENOMEM, with nothing mapped, when the pool has
 * no page for a table.
 */
int hvx_s1_map(u64 pa, u64 end)
{
	u64 va, *ptep;
	int err = 0;

	hvx_host_s2_assert_locked();
	for (va = pa; va < end; va += PAGE_SIZE) {
		ptep = walk_create(va, &err);
		if (ptep && READ_ONCE(*ptep) & S1_DESC_VALID)
			err = -EEXIST;
		if (err)
			break;
		WRITE_ONCE(*ptep, va | S1_ATTRS_RW | S1_DESC_PAGE);
	}
	if (err) {
		/*
		 * With @va too, unless it was mapped already: tables made
		 * for it may be left empty.
		 */
		hvx_s1_unmap(pa, err == -ENOMEM ? va + PAGE_SIZE : va);
		return err;
	}
	/* Seen by this CPU's walks from the next instruction on. */
	dsb(ishst);
	isb();
	return 0;
}

/* Unmap [pa, end): no CPU's TLB holds any of it when this returns. */
void hvx_s1_unmap(u64 pa, u64 end)
{
	u64 va;

	hvx_host_s2_assert_locked();
	for (va = pa; va < end; va += PAGE_SIZE)
		unmap_page(va);
}

/*
 * HVX_HC_HYP_S1_PROBE: PAR_EL1 after AT S1E2R and AT S1E2W of EL2 VA @va,
 * and the run-time table pages. The AT results land in PAR_EL1, which is
 * the host's: it gets its own value back.
 */
void hvx_hyp_s1_probe(u64 va, u64 *par_r, u64 *par_w, u64 *tables)
{
	u64 par = read_sysreg(par_el1);

	asm volatile("at s1e2r, %0" : : "r" (va));
	isb();
	*par_r = read_sysreg(par_el1);
	asm volatile("at s1e2w, %0" : : "r" (va));
	isb();
	*par_w = read_sysreg(par_el1);
	write_sysreg(par, par_el1);
	*tables = READ_ONCE(nr_tables);
}
