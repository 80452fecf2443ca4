// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host calls with random and boundary arguments, issued straight to EL2
 * (the "fuzz" and "fuzz-end" commands of hvx_hostile, hostile-main.c).
 *
 * Every call of the host->hvx ABI, unknown call numbers and the stub ABI,
 * with handles, vCPU ids, IPAs, lengths and page counts drawn from
 * boundaries (0, 1, the limits and one past, 2^64 - n) or at random, and
 * physical addresses that are either the fuzzer's own scratch memory
 * (which EL2 may take: it is given to VMs, donated, shared) or addresses
 * EL2 must refuse (hvx's own memory, MMIO, unaligned, beyond RAM, near
 * 2^64). Host RAM the kernel uses is never offered to a call that takes
 * pages: that would be the host denying itself service, which it may.
 *
 * The VMs the calls make, the ranges they map and the pages they take are
 * recorded; "fuzz-end" destroys and takes back everything, then checks
 * that EL2's ownership counters are back where they started. Scratch
 * memory EL2 still holds then is leaked rather than freed, and the check
 * fails.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <asm/virt.h>
#include "uapi/linux/hvx.h"

#include "hvx-hyp.h"
#include "hostile.h"

#define SCRATCH_ORDER	9			/* 2 MiB: one VM_MAP's most */
#define SCRATCH_PAGES	(1U << SCRATCH_ORDER)
#define NR_SCRATCH	4
#define MAX_MAPS	4096
#define GUEST_IPA_LIMIT	BIT_ULL(HVX_GUEST_IPA_BITS)

struct fuzz_map {
	u64 handle, ipa, pa, nr;
};

/*
 * What one fuzzing task made: VMs are made, mapped into, unmapped and
 * destroyed by their maker only, so that these records follow EL2 exactly
 * without a lock around the calls. Other calls take any handle.
 */
struct fuzz_own {
	struct list_head node;
	DECLARE_BITMAP(vms, HVX_MAX_VMS + 1);
	unsigned int nr_maps;
	struct fuzz_map maps[MAX_MAPS];
};

static struct {
	struct mutex lock;	/* owns, active */
	struct page *scratch[NR_SCRATCH];
	u64 own_start[3];	/* shared, donated, guest pages at the start */
	struct list_head owns;	/* struct fuzz_own of finished tasks */
	atomic64_t calls, ok;
	bool active;
} fz = {
	.lock = __MUTEX_INITIALIZER(fz.lock),
	.owns = LIST_HEAD_INIT(fz.owns),
};

static void hc(struct hostile_regs *r)
{
	get_cpu();
	hostile_hvc(r);
	put_cpu();
}

static int own_stats(u64 counts[3])
{
	struct hostile_regs r = { .x = { HVX_HC_OWN_STATS } };

	hc(&r);
	counts[0] = r.x[1];
	counts[1] = r.x[2];
	counts[2] = r.x[3];
	return r.x[0] ? -EIO : 0;
}

static u64 pick(struct rnd_state *rs, const u64 *v, unsigned int n)
{
	return v[prandom_u32_state(rs) % n];
}

/* Anything but a page of RAM the kernel may be using. */
static u64 rnd64(struct rnd_state *rs)
{
	u64 v = (u64)prandom_u32_state(rs) << 32 | prandom_u32_state(rs);

	if (PAGE_ALIGNED(v) && pfn_valid(PHYS_PFN(v)))
		v |= 8;
	return v;
}

/* A page of scratch memory, or one EL2 must refuse to take. */
static u64 fuzz_pa(struct rnd_state *rs)
{
	static const u64 bad[] = {
		0, 1, PAGE_SIZE - 1, ~0ULL, ~0ULL - PAGE_SIZE + 1,
		-2 * PAGE_SIZE, BIT_ULL(48), BIT_ULL(52) - PAGE_SIZE,
		0x08000000, 0x09000000,	/* GIC, UART on QEMU virt */
	};
	struct hostile_regs r = { .x = { HVX_HC_CPU_STATE } };
	u32 k = prandom_u32_state(rs) % 16;

	if (k < 11) {
		struct page *p = fz.scratch[prandom_u32_state(rs) % NR_SCRATCH];

		return page_to_phys(p) +
		       (prandom_u32_state(rs) % SCRATCH_PAGES) * PAGE_SIZE +
		       (k == 10 ? 8 : 0);
	}
	if (k == 11) {
		/* hvx's own memory: its vectors' page */
		hc(&r);
		return r.x[2] & PAGE_MASK;
	}
	return pick(rs, bad, ARRAY_SIZE(bad));
}

/* Any handle: a VM's (likely a live one) or beyond the limits. */
static u64 fuzz_handle(struct rnd_state *rs)
{
	static const u64 v[] = { 0, HVX_MAX_VMS, HVX_MAX_VMS + 1, ~0ULL,
				 BIT_ULL(32) + 1 };

	if (prandom_u32_state(rs) % 4)
		return 1 + prandom_u32_state(rs) % 8;
	return pick(rs, v, ARRAY_SIZE(v));
}

/* A VM this task made, or a handle that cannot be a VM. */
static u64 own_handle(struct rnd_state *rs, const struct fuzz_own *own)
{
	static const u64 v[] = { 0, HVX_MAX_VMS + 1, ~0ULL, BIT_ULL(32) + 1 };
	unsigned long h;

	if (prandom_u32_state(rs) % 8) {
		h = find_next_bit(own->vms, HVX_MAX_VMS + 1,
				  prandom_u32_state(rs) % (HVX_MAX_VMS + 1));
		if (h > HVX_MAX_VMS)
			h = find_first_bit(own->vms, HVX_MAX_VMS + 1);
		if (h <= HVX_MAX_VMS)
			return h;
	}
	return pick(rs, v, ARRAY_SIZE(v));
}

static u64 fuzz_ipa(struct rnd_state *rs)
{
	static const u64 v[] = {
		0, PAGE_SIZE, 0x40000000, 0x40000800, 0x40000fff,
		GUEST_IPA_LIMIT - PAGE_SIZE, GUEST_IPA_LIMIT,
		GUEST_IPA_LIMIT - 0x800, ~0ULL - PAGE_SIZE + 1, ~0ULL,
	};

	if (prandom_u32_state(rs) % 4)
		return 0x40000000 + (prandom_u32_state(rs) % 4096) * PAGE_SIZE;
	return pick(rs, v, ARRAY_SIZE(v));
}

static u64 fuzz_len(struct rnd_state *rs)
{
	static const u64 v[] = {
		0, 1, 8, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1,
		HVX_VM_MAP_MAX_PAGES, HVX_VM_MAP_MAX_PAGES + 1, BIT_ULL(52),
		~0ULL, -0x800ULL, -(u64)PAGE_SIZE, BIT_ULL(63),
	};

	if (prandom_u32_state(rs) % 3)
		return prandom_u32_state(rs) % (PAGE_SIZE + 2);
	return pick(rs, v, ARRAY_SIZE(v));
}

/* Pages from @pa that stay within its scratch block, at most @want. */
static u64 fit_pages(u64 pa, u64 want)
{
	unsigned int i;

	for (i = 0; i < NR_SCRATCH; i++) {
		u64 start = page_to_phys(fz.scratch[i]);
		u64 end = start + SCRATCH_PAGES * PAGE_SIZE;

		if (pa >= start && pa < end)
			return min(want, (end - pa) >> PAGE_SHIFT);
	}
	return want;	/* not scratch: EL2 refuses it whatever its size */
}

/* A successful VM_UNMAP or VM_DESTROY: drop what it undid. */
static void forget(struct fuzz_own *own, const struct hostile_regs *in)
{
	bool destroy = in->x[0] == HVX_HC_VM_DESTROY;
	unsigned int i = 0;

	if (destroy)
		clear_bit(in->x[1], own->vms);
	while (i < own->nr_maps) {
		struct fuzz_map *m = &own->maps[i];

		if (m->handle == in->x[1] &&
		    (destroy || (m->ipa == in->x[2] && m->pa == in->x[3])))
			*m = own->maps[--own->nr_maps];
		else
			i++;
	}
}

/* Calls that make or undo what fuzz-end must take back. */
static bool changes_vms(u64 id)
{
	return id == HVX_HC_VM_CREATE || id == HVX_HC_VM_MAP ||
	       id == HVX_HC_VM_UNMAP || id == HVX_HC_VM_DESTROY;
}

static void record(struct fuzz_own *own, const struct hostile_regs *in,
		   const struct hostile_regs *out)
{
	if (out->x[0] || !changes_vms(in->x[0]))
		return;
	if (in->x[0] == HVX_HC_VM_CREATE && out->x[1] <= HVX_MAX_VMS)
		set_bit(out->x[1], own->vms);
	if (in->x[0] == HVX_HC_VM_MAP && own->nr_maps < MAX_MAPS)
		own->maps[own->nr_maps++] = (struct fuzz_map) {
			in->x[1], in->x[2], in->x[3], in->x[4] };
	if (in->x[0] == HVX_HC_VM_UNMAP || in->x[0] == HVX_HC_VM_DESTROY)
		forget(own, in);
}

static const u64 fuzz_ids[] = {
	HVX_HC_INIT, HVX_HC_VERSION, HVX_HC_CPU_STATE, HVX_HC_MEM_STATS,
	HVX_HC_S2_STATS, HVX_HC_HOST_S2_RESET, HVX_HC_HOST_SHARE_HYP,
	HVX_HC_HOST_UNSHARE_HYP, HVX_HC_HOST_DONATE_HYP,
	HVX_HC_HOST_RECLAIM_HYP, HVX_HC_OWN_STATS, HVX_HC_VM_CREATE,
	HVX_HC_VM_TOPUP, HVX_HC_VM_MAP, HVX_HC_VM_WRITE, HVX_HC_VCPU_CREATE,
	HVX_HC_VCPU_RUN, HVX_HC_VM_UNMAP, HVX_HC_VM_DESTROY, HVX_HC_VM_STATS,
	HVX_HC_PSCI_STATS, HVX_HC_VM_SET_CLOCK, HVX_HC_VM_SET_VMWARE,
	HVX_HC_TRACE_RING,
	HVX_HC_ID(HVX_HC_NR),
	HVX_HC_ID(0xffff),
	HVC_SET_VECTORS, HVC_SOFT_RESTART, HVC_RESET_VECTORS,
	HVC_FINALISE_EL2, HVC_STUB_HCALL_NR,
};

/* One call: arguments shaped for its number most of the time. */
static void fuzz_one(struct rnd_state *rs, struct fuzz_own *own)
{
	struct hostile_regs r = {}, in;
	unsigned int i;

	r.x[0] = pick(rs, fuzz_ids, ARRAY_SIZE(fuzz_ids));
	for (i = 1; i < HOSTILE_NR_REGS; i++)
		r.x[i] = prandom_u32_state(rs) % 4 ? fuzz_pa(rs) : rnd64(rs);
	switch (r.x[0]) {
	case HVX_HC_VM_TOPUP:
	case HVX_HC_VM_STATS:
		r.x[1] = fuzz_handle(rs);
		r.x[2] = r.x[0] == HVX_HC_VM_STATS ?
			 prandom_u32_state(rs) % 40 : fuzz_pa(rs);
		break;
	case HVX_HC_VM_MAP:
	case HVX_HC_VM_UNMAP:
		r.x[1] = own_handle(rs, own);
		r.x[2] = fuzz_ipa(rs);
		r.x[3] = fuzz_pa(rs);
		r.x[4] = fit_pages(r.x[3], fuzz_len(rs));
		break;
	case HVX_HC_VM_WRITE:
		r.x[1] = fuzz_handle(rs);
		r.x[2] = fuzz_ipa(rs) + prandom_u32_state(rs) % PAGE_SIZE;
		r.x[3] = fuzz_pa(rs) + prandom_u32_state(rs) % PAGE_SIZE;
		r.x[4] = fuzz_len(rs);
		break;
	case HVX_HC_VM_DESTROY:
		r.x[1] = own_handle(rs, own);
		break;
	case HVX_HC_VM_SET_CLOCK:
		/* Shifts and flags around the valid ones. */
		r.x[1] = fuzz_handle(rs);
		r.x[4] = prandom_u32_state(rs) % 70;
		r.x[5] = prandom_u32_state(rs) % 3;
		break;
	case HVX_HC_TRACE_RING:
		/*
		 * A ring on this CPU of scratch pages (EL2 writes into it), an
		 * "off", or sizes around the limits; never past the scratch
		 * block: EL2 would write into what the kernel uses.
		 */
		r.x[1] = prandom_u32_state(rs) % 4 ? fuzz_pa(rs) : 0;
		r.x[2] = fit_pages(r.x[1], prandom_u32_state(rs) % 4 ?
					   prandom_u32_state(rs) % 70 :
					   rnd64(rs));
		break;
	case HVX_HC_VCPU_CREATE:
	case HVX_HC_VCPU_RUN:
		r.x[1] = fuzz_handle(rs);
		r.x[2] = prandom_u32_state(rs) % (HVX_MAX_VCPUS + 2);
		break;
	case HVX_HC_HOST_S2_RESET:
		/*
		 * Legal and harmless, but the host then faults its whole
		 * stage 2 back in: rarely.
		 */
		if (prandom_u32_state(rs) % 1024)
			r.x[0] = HVX_HC_VERSION;
		break;
	}
	in = r;
	hc(&r);
	record(own, &in, &r);
	if (!r.x[0])
		atomic64_inc(&fz.ok);
}

/* fuzz-start: scratch memory, and EL2's counters to come back to. */
int hostile_fuzz_start(void)
{
	unsigned int i;

	if (fz.active)
		return -EBUSY;
	for (i = 0; i < NR_SCRATCH; i++) {
		if (fz.scratch[i])
			continue;
		fz.scratch[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO,
					    SCRATCH_ORDER);
		if (!fz.scratch[i])
			return -ENOMEM;
	}
	if (own_stats(fz.own_start))
		return -EIO;
	fz.active = true;
	return 0;
}

/*
 * fuzz N SEED SECS: N calls, from the CPUs this task runs on, stopping
 * early once SECS seconds have passed (0: no limit). The time is the
 * counter's, read between calls: it needs no timer interrupt, which may
 * be long in coming when every CPU keeps to EL2.
 */
int hostile_fuzz(u64 n, u64 seed, u64 secs)
{
	u64 end = secs ? ktime_get_ns() + secs * NSEC_PER_SEC : U64_MAX;
	struct fuzz_own *own;
	struct rnd_state rs;
	u64 done;

	if (!READ_ONCE(fz.active))
		return -ENOENT;
	own = kvzalloc(sizeof(*own), GFP_KERNEL);
	if (!own)
		return -ENOMEM;
	prandom_seed_state(&rs, seed);
	for (done = 0; done < n; done++) {
		fuzz_one(&rs, own);
		if (!(done % 64)) {
			cond_resched();
			if (fatal_signal_pending(current) ||
			    ktime_get_ns() > end)
				break;
		}
	}
	atomic64_add(done, &fz.calls);
	mutex_lock(&fz.lock);
	list_add(&own->node, &fz.owns);
	mutex_unlock(&fz.lock);
	return 0;
}

static u64 call(u64 id, u64 a1, u64 a2, u64 a3, u64 a4)
{
	struct hostile_regs r = { .x = { id, a1, a2, a3, a4 } };

	hc(&r);
	return r.x[0];
}

/* The trace ring of this CPU off, if a fuzzed call set one. */
static void ring_off_here(void *unused)
{
	struct hostile_regs r = { .x = { HVX_HC_TRACE_RING } };

	hostile_hvc(&r);
}

/*
 * Take everything back: unmap what was mapped, destroy the VMs, switch
 * off the trace rings, unshare and reclaim every scratch page. 0 if
 * EL2's counters are back at their start; the scratch memory is freed
 * only then.
 */
int hostile_fuzz_end(void)
{
	struct fuzz_own *own, *tmp;
	u64 now[3], pa, left = 0;
	unsigned int i, j, alive = 0;
	unsigned long h;

	if (!fz.active)
		return -ENOENT;
	mutex_lock(&fz.lock);
	list_for_each_entry(own, &fz.owns, node) {
		for (i = 0; i < own->nr_maps; i++)
			call(HVX_HC_VM_UNMAP, own->maps[i].handle,
			     own->maps[i].ipa, own->maps[i].pa,
			     own->maps[i].nr);
		for_each_set_bit(h, own->vms, HVX_MAX_VMS + 1)
			call(HVX_HC_VM_DESTROY, h, 0, 0, 0);
	}
	list_for_each_entry_safe(own, tmp, &fz.owns, node) {
		list_del(&own->node);
		kvfree(own);
	}
	mutex_unlock(&fz.lock);
	on_each_cpu(ring_off_here, NULL, 1);
	for (i = 0; i < NR_SCRATCH; i++) {
		for (j = 0; j < SCRATCH_PAGES; j++) {
			pa = page_to_phys(fz.scratch[i]) + j * PAGE_SIZE;
			call(HVX_HC_HOST_UNSHARE_HYP, pa, 0, 0, 0);
			call(HVX_HC_HOST_RECLAIM_HYP, pa, 0, 0, 0);
		}
	}
	for (h = 1; h <= HVX_MAX_VMS; h++)
		alive += !call(HVX_HC_VM_STATS, h, 0, 0, 0);
	if (own_stats(now))
		return -EIO;
	for (i = 0; i < 3; i++)
		left += now[i] - fz.own_start[i];
	hostile_set_result("%lld %lld %u %llu %lld %lld %lld",
			   atomic64_read(&fz.calls), atomic64_read(&fz.ok),
			   alive, left, now[0] - fz.own_start[0],
			   now[1] - fz.own_start[1], now[2] - fz.own_start[2]);
	if (left || alive)
		return 0;	/* the scratch memory stays EL2's: leak it */
	for (i = 0; i < NR_SCRATCH; i++) {
		__free_pages(fz.scratch[i], SCRATCH_ORDER);
		fz.scratch[i] = NULL;
	}
	atomic64_set(&fz.calls, 0);
	atomic64_set(&fz.ok, 0);
	fz.active = false;
	return 0;
}
