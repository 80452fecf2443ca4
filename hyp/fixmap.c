// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's fixmap: per-CPU windows (hyp-s1.h) through which EL2 reaches
 * memory it does not keep mapped, for the length of one use: a host page
 * it copies from, guest RAM it cleans, writes or scrubs. A window is
 * mapped, used and unmapped on the same CPU with interrupts masked, so
 * each CPU needs no lock for its own.
 *
 * Unmapping invalidates the TLB entry on every CPU, not only this one,
 * as pKVM's fixmap does: another CPU may have walked to the window's
 * entry speculatively and kept it, and would then hold two translations
 * for the address once the window is used again.
 */
#include <asm/barrier.h>
#include <asm/page-def.h>

#include "hvx-hyp.h"
#include "hyp-s1.h"
#include "hyp/hyp.h"

static u32 this_cpu_idx(void)
{
	return this_hyp_cpu()->idx;
}

static u64 *page_entry(u32 cpu, enum hvx_fixmap_slot slot)
{
	return (u64 *)hvx_globals.fixmap_pte + cpu * HVX_FIXMAP_SLOTS + slot;
}

static u64 *block_entry(u32 cpu)
{
	return (u64 *)hvx_globals.fixmap_pmd + 1 + cpu;
}

static void *window_map(u64 *entry, u64 desc, u64 va)
{
	WRITE_ONCE(*entry, desc);
	/* Was invalid: no TLB holds it; this CPU's walks see it now. */
	dsb(ishst);
	isb();
	return (void *)va;
}

static void window_unmap(u64 *entry, u64 va)
{
	WRITE_ONCE(*entry, 0);
	dsb(ishst);
	asm volatile("tlbi vale2is, %0" : : "r" (va >> PAGE_SHIFT)
		     : "memory");
	dsb(ish);
	isb();
}

/* Map the page at @pa in this CPU's window @slot: its EL2 address. */
void *hvx_fixmap_map(enum hvx_fixmap_slot slot, u64 pa)
{
	u32 cpu = this_cpu_idx();

	return window_map(page_entry(cpu, slot),
			  (pa & S1_DESC_ADDR_MASK) | S1_ATTRS_RW | S1_DESC_PAGE,
			  hvx_fixmap_page_va(cpu, slot));
}

void hvx_fixmap_unmap(enum hvx_fixmap_slot slot)
{
	u32 cpu = this_cpu_idx();

	window_unmap(page_entry(cpu, slot), hvx_fixmap_page_va(cpu, slot));
}

/* Map the 2 MiB at @pa (2 MiB aligned) in this CPU's block window. */
void *hvx_fixmap_map_block(u64 pa)
{
	u32 cpu = this_cpu_idx();

	/* At level 2, bit 1 clear: a block. */
	return window_map(block_entry(cpu),
			  (pa & S1_DESC_ADDR_MASK) | S1_ATTRS_RW,
			  hvx_fixmap_block_va(cpu));
}

void hvx_fixmap_unmap_block(void)
{
	u32 cpu = this_cpu_idx();

	window_unmap(block_entry(cpu), hvx_fixmap_block_va(cpu));
}
