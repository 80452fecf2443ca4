// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's stage 2: an identity map of the host's physical address space
 * (VMID 0) that hvx owns, filled lazily on the host's stage-2 translation
 * faults. Everything is mapped Normal write-back, which leaves the memory
 * type to the host's stage 1 (S2_ATTRS_DEVICE says why); all but RAM and
 * the firmware's runtime code is not executable. A whole 1 GiB or 2 MiB
 * block is mapped at once when the block is all of one kind, pages
 * otherwise. hvx's own memory, and pages
 * the host gave away (page-own.c), are never mapped: a host access there
 * gets a synchronous external abort instead. Being only a cache of the
 * identity map and of the ownership state, the whole stage 2 can be dropped
 * at any time (when EL2 runs out of table pages, or on request).
 *
 * The page ownership calls, and the VM calls giving pages to hvx or to a
 * guest, change the pages' state and the host's stage 2 under the same lock
 * as the fault handler, so a fault never maps a page while its donation is
 * half done. The same calls add the pages hvx takes (but guest RAM) to
 * EL2's own stage 1 and remove them when they go back (s1.c), so that EL2
 * maps no more of host RAM than it holds. Lock order: a VM's lock (vm.c),
 * then this one.
 */
#include <linux/arm-smccc.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <asm/barrier.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/page-def.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/trace.h"
#include "hyp/page-alloc.h"
#include "hyp/pgtable.h"
#include "hyp/spinlock.h"

#define S2_ATTRS_COMMON		(S2_DESC_S2AP_R | S2_DESC_S2AP_W | S2_DESC_AF)
#define S2_ATTRS_RAM		(S2_ATTRS_COMMON | S2_DESC_SH_INNER |	\
				 S2_DESC_MEMATTR(S2_MEMATTR_NORMAL_WB))
/*
 * Everything else (MMIO, and memory the kernel does not list as RAM):
 * Normal write-back at stage 2 combines to whatever the host's stage 1
 * says, Device included, as pKVM does; Device at stage 2 would force
 * Device onto the host's write-combining and Normal mappings of non-RAM
 * (framebuffers, no-map reserved memory) and break their unaligned
 * accesses. Never executable.
 */
#define S2_ATTRS_DEVICE		(S2_ATTRS_COMMON | S2_DESC_XN |	\
				 S2_DESC_SH_INNER |			\
				 S2_DESC_MEMATTR(S2_MEMATTR_NORMAL_WB))
/*
 * Firmware code the host calls (EFI runtime services, outside RAM: the
 * ranges the host gave at load, host/efi-code.c): as the rest of non-RAM,
 * but executable.
 */
#define S2_ATTRS_FW_CODE	(S2_ATTRS_DEVICE & ~S2_DESC_XN)

enum mem_kind {
	MEM_RAM,
	MEM_DEVICE,
	MEM_FW_CODE,
	MEM_NOT_HOST,	/* hvx's own, or given away: never the host's */
	MEM_MIXED,	/* more than one of the above */
};

static void *host_s2_zalloc_page(void *arg)
{
	return hvx_page_alloc();
}

static void host_s2_free_page(void *arg, void *page)
{
	hvx_page_free(page);
}

/* The host's stage-2 tables come from EL2's pool. */
static const struct hvx_s2_mm_ops host_s2_mm_ops = {
	.zalloc_page	= host_s2_zalloc_page,
	.free_page	= host_s2_free_page,
};

static struct {
	struct hvx_spinlock lock;
	struct hvx_s2_pgt pgt;
	u64 faults;
	u64 aborts;
	u64 resets;		/* times every mapping was dropped */
} host_s2;

static bool overlaps(u64 start, u64 end, const struct hvx_mem_range *r)
{
	return start < r->end && r->start < end;
}

static bool within(u64 start, u64 end, const struct hvx_mem_range *r)
{
	return start >= r->start && end <= r->end;
}

static enum mem_kind range_kind(u64 start, u64 end)
{
	const struct hvx_hyp_globals *g = &hvx_globals;
	u32 i;

	if (overlaps(start, end, &g->hyp_mem))
		return within(start, end, &g->hyp_mem) ? MEM_NOT_HOST :
							 MEM_MIXED;
	for (i = 0; i < g->nr_ram; i++) {
		if (within(start, end, &g->ram[i])) {
			if (!hvx_own_host_denied(start, end))
				return MEM_RAM;
			return end - start == PAGE_SIZE ? MEM_NOT_HOST :
							  MEM_MIXED;
		}
		if (overlaps(start, end, &g->ram[i]))
			return MEM_MIXED;
	}
	for (i = 0; i < min_t(u32, g->nr_fw_code, HVX_MAX_FW_CODE_RANGES); i++) {
		if (within(start, end, &g->fw_code[i]))
			return MEM_FW_CODE;
		if (overlaps(start, end, &g->fw_code[i]))
			return MEM_MIXED;
	}
	return MEM_DEVICE;
}

/* For page-own.c and s1.c, whose callers hold the lock. */
void hvx_host_s2_assert_locked(void)
{
	hvx_assert_lock_held(&host_s2.lock);
}

/* Is the page at @pa RAM the host owns (a PSCI entry point, say)? */
bool hvx_host_owns_ram(u64 pa)
{
	u64 start = pa & ~(u64)(PAGE_SIZE - 1);
	bool ret;

	hvx_spin_lock(&host_s2.lock);
	ret = range_kind(start, start + PAGE_SIZE) == MEM_RAM;
	hvx_spin_unlock(&host_s2.lock);
	return ret;
}

/*
 * Map the biggest block around @ipa that is all RAM or all device memory.
 * Called with the lock held.
 */
static int map_host_ipa(u64 ipa)
{
	struct hvx_s2_pgt *pgt = &host_s2.pgt;
	u32 level = max_t(u32, pgt->start_level, S2_FIRST_BLOCK_LEVEL);
	int ret;

	hvx_assert_lock_held(&host_s2.lock);
	for (; level <= S2_LAST_LEVEL; level++) {
		u64 size = BIT_ULL(hvx_pt_level_shift(level));
		u64 start = ipa & ~(size - 1);

		if (start + size > BIT_ULL(pgt->ia_bits))
			continue;
		switch (range_kind(start, start + size)) {
		case MEM_RAM:
			ret = hvx_s2_map_leaf(pgt, start, start, level,
					      S2_ATTRS_RAM);
			break;
		case MEM_DEVICE:
			ret = hvx_s2_map_leaf(pgt, start, start, level,
					      S2_ATTRS_DEVICE);
			break;
		case MEM_FW_CODE:
			ret = hvx_s2_map_leaf(pgt, start, start, level,
					      S2_ATTRS_FW_CODE);
			break;
		case MEM_NOT_HOST:
			return -EPERM;
		default:
			continue;	/* try a smaller block */
		}
		/* Finer mappings are there already (a split block). */
		if (ret == -EINVAL)
			continue;
		return ret;
	}
	return -EINVAL;
}

/*
 * Drop every mapping of the host's stage 2: it only caches the identity
 * map, so the host simply faults it back in. Called with the lock held.
 */
static void reset_host_s2(void)
{
	hvx_assert_lock_held(&host_s2.lock);
	hvx_s2_unmap_all(&host_s2.pgt);
	host_s2.resets++;
}

/* Out of table pages: start over with an empty stage 2, and retry once. */
static int map_host_ipa_reclaim(u64 ipa)
{
	int ret = map_host_ipa(ipa);

	if (ret != -ENOMEM)
		return ret;
	reset_host_s2();
	return map_host_ipa(ipa);
}

/* A host data or instruction abort taken to EL2: a stage-2 fault. */
void hvx_handle_host_mem_abort(u64 esr)
{
	u64 ipa = hvx_fault_ipa_page();
	int ret = -EINVAL;

	hvx_spin_lock(&host_s2.lock);
	host_s2.faults++;
	/* Only translation faults: nothing is mapped with fewer rights. */
	if ((esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT)
		ret = map_host_ipa_reclaim(ipa);
	if (ret && ret != -EEXIST)
		host_s2.aborts++;
	hvx_spin_unlock(&host_s2.lock);

	hvx_trace_host_abort(ipa, esr, read_sysreg(far_el2), ret);
	/* -EEXIST: another CPU mapped it first; the retry will succeed. */
	if (ret && ret != -EEXIST)
		hvx_inject_sea(esr, read_sysreg(far_el2));
}

/*
 * Run this CPU's host under the stage 2. The root and VTCR_EL2 come from
 * the host (hvx_globals); setting them again on every CPU is harmless.
 */
void hvx_host_s2_enable(void)
{
	const struct hvx_hyp_globals *g = &hvx_globals;

	hvx_spin_lock(&host_s2.lock);
	host_s2.pgt.root = (u64 *)g->s2_root;
	host_s2.pgt.start_level = g->s2_start_level;
	host_s2.pgt.ia_bits = g->ipa_bits;
	host_s2.pgt.mm_ops = &host_s2_mm_ops;
	hvx_spin_unlock(&host_s2.lock);

	write_sysreg(g->vtcr_el2, vtcr_el2);
	/* VMID 0 (VTTBR_EL2.VMID, bits 63:48) is the host's. */
	write_sysreg(g->s2_root, vttbr_el2);
	isb();
	/* Nothing translated for VMID 0 without stage 2 may be used with it. */
	asm volatile("tlbi vmalls12e1" : : : "memory");
	dsb(nsh);
	write_sysreg(read_sysreg(hcr_el2) | HCR_VM, hcr_el2);
	isb();
}

/* HVX_HC_HOST_S2_RESET: drop every mapping if @now; -> resets so far. */
u64 hvx_host_s2_reset(bool now)
{
	u64 resets;

	hvx_spin_lock(&host_s2.lock);
	if (now)
		reset_host_s2();
	resets = host_s2.resets;
	hvx_spin_unlock(&host_s2.lock);
	return resets;
}

/* HVX_HC_MEM_STATS */
void hvx_host_s2_mem_stats(u64 *pool, u64 *used, u64 *faults, u64 *aborts)
{
	*pool = hvx_pool_pages();
	*used = hvx_pool_used_pages();
	*faults = READ_ONCE(host_s2.faults);
	*aborts = READ_ONCE(host_s2.aborts);
}

/* HVX_HC_S2_STATS: leaves at levels 1-3, and table pages. */
void hvx_host_s2_map_stats(u64 *l1, u64 *l2, u64 *l3, u64 *tables)
{
	hvx_spin_lock(&host_s2.lock);
	*l1 = host_s2.pgt.nr_leaves[1];
	*l2 = host_s2.pgt.nr_leaves[2];
	*l3 = host_s2.pgt.nr_leaves[3];
	*tables = host_s2.pgt.nr_tables;
	hvx_spin_unlock(&host_s2.lock);
}

/*
 * Can the host give [pa, pa + nr pages) away? -EINVAL unless page aligned
 * and within one range of host RAM, -EPERM for hvx's own memory, which is
 * never the host's to give.
 */
static int check_host_ram(u64 pa, u64 nr)
{
	const struct hvx_hyp_globals *g = &hvx_globals;
	u64 end = pa + (nr << PAGE_SHIFT);
	u32 i;

	if (pa & (PAGE_SIZE - 1) || !nr || nr > (U64_MAX >> PAGE_SHIFT) ||
	    end <= pa)
		return -EINVAL;
	for (i = 0; i < g->nr_ram; i++) {
		if (within(pa, end, &g->ram[i]))
			return overlaps(pa, end, &g->hyp_mem) ? -EPERM : 0;
	}
	return -EINVAL;
}

/*
 * Map pages hvx takes into EL2's stage 1. Out of pool pages for its
 * tables, drop the host's stage 2, which only caches the identity map,
 * and try once more. With the lock held.
 */
static int hyp_map(u64 pa, u64 end)
{
	int ret;

	hvx_assert_lock_held(&host_s2.lock);
	ret = hvx_s1_map(pa, end);

	if (ret != -ENOMEM)
		return ret;
	reset_host_s2();
	return hvx_s1_map(pa, end);
}

int hvx_pages_from_host(u64 pa, u64 nr, enum hvx_page_state to)
{
	u64 end = pa + (nr << PAGE_SHIFT);
	int ret = check_host_ram(pa, nr);

	if (ret)
		return ret;
	hvx_spin_lock(&host_s2.lock);
	if (!hvx_own_range_is(pa, end, HVX_PAGE_HOST)) {
		ret = -EPERM;
	} else if (hvx_own_claim(pa, end, to)) {
		ret = -ENOMEM;
	} else if (hvx_page_state_hyp_access(to) && hyp_map(pa, end)) {
		hvx_own_release(pa, end);
		ret = -ENOMEM;
	} else if (!hvx_page_state_host_access(to)) {
		hvx_s2_unmap_range(&host_s2.pgt, pa, end);
	}
	hvx_spin_unlock(&host_s2.lock);
	return ret;
}

int hvx_pages_to_host(u64 pa, u64 nr, enum hvx_page_state from)
{
	u64 end = pa + (nr << PAGE_SHIFT);
	int ret = check_host_ram(pa, nr);

	if (ret)
		return ret;
	hvx_spin_lock(&host_s2.lock);
	if (hvx_own_range_is(pa, end, from)) {
		/* Out of EL2's reach, on every CPU, before the host's again. */
		if (hvx_page_state_hyp_access(from))
			hvx_s1_unmap(pa, end);
		hvx_own_release(pa, end);
	} else {
		ret = -EPERM;
	}
	hvx_spin_unlock(&host_s2.lock);
	/* The host's stage 2 maps them again on its next access. */
	return ret;
}

bool hvx_pages_are(u64 pa, u64 nr, enum hvx_page_state state)
{
	bool ret;

	if (check_host_ram(pa, nr))
		return false;
	hvx_spin_lock(&host_s2.lock);
	ret = hvx_own_range_is(pa, pa + (nr << PAGE_SHIFT), state);
	hvx_spin_unlock(&host_s2.lock);
	return ret;
}

/*
 * Under the lock, so that the page cannot change hands (say, to a guest)
 * while EL2 reads it; through this CPU's fixmap, as EL2 does not map the
 * host's pages.
 */
int hvx_copy_from_host(void *dst, u64 src_pa, u64 len)
{
	u64 page = src_pa & ~(u64)(PAGE_SIZE - 1);
	int ret = check_host_ram(page, 1);
	void *src;

	if (!hvx_within_page(src_pa, len))
		return -EINVAL;
	if (ret)
		return ret;
	hvx_spin_lock(&host_s2.lock);
	if (hvx_own_get(page) == HVX_PAGE_HOST) {
		src = hvx_fixmap_map(HVX_FIXMAP_SRC, page);
		hvx_copy(dst, src + (src_pa - page), len);
		hvx_fixmap_unmap(HVX_FIXMAP_SRC);
	} else {
		ret = -EPERM;
	}
	hvx_spin_unlock(&host_s2.lock);
	return ret;
}

/* HVX_HC_OWN_STATS: pages shared with, donated to hvx, and guests'. */
void hvx_host_own_stats(u64 *shared, u64 *donated, u64 *guest)
{
	hvx_spin_lock(&host_s2.lock);
	*shared = hvx_own_count(HVX_PAGE_SHARED_HYP) +
		  hvx_own_count(HVX_PAGE_SHARED_VCPU) +
		  hvx_own_count(HVX_PAGE_SHARED_TRACE);
	*donated = hvx_own_count(HVX_PAGE_HYP) + hvx_own_count(HVX_PAGE_HYP_VM);
	*guest = hvx_own_count(HVX_PAGE_GUEST);
	hvx_spin_unlock(&host_s2.lock);
}
