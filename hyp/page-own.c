// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page ownership: which ranges of host RAM are not simply the host's.
 *
 * A sorted array of disjoint extents [start, end), each with one state
 * (in the low bits of start), searched by bisection. Neighbours in the
 * same state are always merged, so a range wholly in one state lies in a
 * single extent. A page in no extent is the host's. The array lives in
 * EL2's .bss, apart from the host's stage 2, so that dropping and lazily
 * re-creating stage-2 mappings (hvx_s2_unmap_all()) never loses it. The
 * caller serialises every access (host_s2's lock).
 *
 * Pages leave the host by claims (a range, all host-owned, to one state)
 * and come back by releases of exactly what one claim took. Every extent
 * then starts where some claim still held starts, so there are never more
 * extents than claims: admitting at most HVX_OWN_MAX_RANGES claims makes
 * every release fit in the array, however it splits an extent. Giving
 * pages back, which tearing a VM down must do, can never fail.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <asm/page-def.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"

#define OWN_STATE_MASK	(PAGE_SIZE - 1)

/* At most this many entries replace the extents a change overlaps. */
#define OWN_MAX_NEW	3

struct own_extent {
	u64 start;		/* PA | state */
	u64 end;
};

struct own_new {
	u64 start, end;
	enum hvx_page_state state;
};

static struct {
	u32 nr;			/* extents in use */
	u32 claims;		/* claims held */
	u64 count[HVX_PAGE_NR_STATES];	/* pages in each state */
	/*
	 * own_set()'s list of new entries: here rather than on the stack,
	 * where the kernel's zeroing of automatic arrays
	 * (CONFIG_INIT_STACK_ALL_ZERO) would be a memset() call.
	 */
	struct own_new new[OWN_MAX_NEW];
	struct own_extent ext[HVX_OWN_MAX_RANGES];	/* sorted by PA */
} own;

static u64 ext_start(u32 i)
{
	return own.ext[i].start & ~OWN_STATE_MASK;
}

static enum hvx_page_state ext_state(u32 i)
{
	return own.ext[i].start & OWN_STATE_MASK;
}

/*
 * The stores are one by one through WRITE_ONCE(): the compiler must not
 * make a memmove() or memcpy() call of the moves, EL2 has none.
 */
static void ext_put(u32 i, u64 start, u64 end, enum hvx_page_state state)
{
	WRITE_ONCE(own.ext[i].start, start | state);
	WRITE_ONCE(own.ext[i].end, end);
}

static void ext_move(u32 to, u32 from)
{
	WRITE_ONCE(own.ext[to].start, own.ext[from].start);
	WRITE_ONCE(own.ext[to].end, own.ext[from].end);
}

/* Index of the first extent ending above @pa. */
static u32 first_ending_above(u64 pa)
{
	u32 lo = 0, hi = own.nr;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (own.ext[mid].end <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum hvx_page_state hvx_own_get(u64 pa)
{
	u32 i;

	hvx_host_s2_assert_locked();
	i = first_ending_above(pa);
	if (i < own.nr && ext_start(i) <= pa)
		return ext_state(i);
	return HVX_PAGE_HOST;
}

/* Is all of [start, end) in @state? */
bool hvx_own_range_is(u64 start, u64 end, enum hvx_page_state state)
{
	u32 i;

	hvx_host_s2_assert_locked();
	i = first_ending_above(start);
	if (state == HVX_PAGE_HOST)
		return i == own.nr || ext_start(i) >= end;
	/* Merged neighbours: a range in one state is in one extent. */
	return i < own.nr && ext_start(i) <= start && own.ext[i].end >= end &&
	       ext_state(i) == state;
}

/* States in which the host keeps its access to a page. */
bool hvx_page_state_host_access(enum hvx_page_state state)
{
	return state == HVX_PAGE_HOST || state == HVX_PAGE_SHARED_HYP ||
	       state == HVX_PAGE_SHARED_VCPU ||
	       state == HVX_PAGE_SHARED_TRACE;
}

/*
 * States in which EL2 keeps a page in its own stage 1 (s1.c). Not guest
 * RAM: EL2 reaches it through its fixmap, while it works on it.
 */
bool hvx_page_state_hyp_access(enum hvx_page_state state)
{
	return state == HVX_PAGE_SHARED_HYP || state == HVX_PAGE_HYP ||
	       state == HVX_PAGE_SHARED_VCPU || state == HVX_PAGE_HYP_VM ||
	       state == HVX_PAGE_SHARED_TRACE;
}

/* Is any page of [start, end) one the host may not access? */
bool hvx_own_host_denied(u64 start, u64 end)
{
	u32 i;

	hvx_host_s2_assert_locked();
	for (i = first_ending_above(start); i < own.nr && ext_start(i) < end;
	     i++)
		if (!hvx_page_state_host_access(ext_state(i)))
			return true;
	return false;
}

/* Append [start, end) in @state to @n, merged with the last entry. */
static void new_add(struct own_new *n, u32 *k, u64 start, u64 end,
		    enum hvx_page_state state)
{
	if (*k && n[*k - 1].end == start && n[*k - 1].state == state) {
		n[*k - 1].end = end;
		return;
	}
	n[*k].start = start;
	n[*k].end = end;
	n[*k].state = state;
	(*k)++;
}

/*
 * Put [start, end) (page aligned, start < end) in @state, whatever it was:
 * the extents it overlaps are cut back or dropped, and the result merged
 * with its neighbours. -ENOMEM, changing nothing, if the array cannot hold
 * the result.
 */
static int own_set(u64 start, u64 end, enum hvx_page_state state)
{
	u32 i = first_ending_above(start), j = i, lo, hi, k = 0, nr, m;
	struct own_new *n = own.new;

	while (j < own.nr && ext_start(j) < end)
		j++;
	/* [i, j) overlap the range: what is left of them, and the range. */
	if (i < j && ext_start(i) < start)
		new_add(n, &k, ext_start(i), start, ext_state(i));
	if (state != HVX_PAGE_HOST)
		new_add(n, &k, start, end, state);
	if (i < j && own.ext[j - 1].end > end)
		new_add(n, &k, end, own.ext[j - 1].end, ext_state(j - 1));

	lo = i;
	hi = j;
	if (k && lo > 0 && own.ext[lo - 1].end == n[0].start &&
	    ext_state(lo - 1) == n[0].state) {
		n[0].start = ext_start(lo - 1);
		lo--;
	}
	if (k && hi < own.nr && ext_start(hi) == n[k - 1].end &&
	    ext_state(hi) == n[k - 1].state) {
		n[k - 1].end = own.ext[hi].end;
		hi++;
	}
	nr = own.nr - (hi - lo) + k;
	if (nr > HVX_OWN_MAX_RANGES)
		return -ENOMEM;

	for (m = i; m < j; m++) {
		u64 s = max(ext_start(m), start), e = min(own.ext[m].end, end);

		own.count[ext_state(m)] -= (e - s) >> PAGE_SHIFT;
	}
	if (state != HVX_PAGE_HOST)
		own.count[state] += (end - start) >> PAGE_SHIFT;

	/* Make room for k entries at lo, in place of [lo, hi). */
	if (lo + k > hi) {
		for (m = own.nr; m-- > hi;)
			ext_move(m + (lo + k - hi), m);
	} else if (lo + k < hi) {
		for (m = hi; m < own.nr; m++)
			ext_move(m - (hi - lo - k), m);
	}
	for (m = 0; m < k; m++)
		ext_put(lo + m, n[m].start, n[m].end, n[m].state);
	own.nr = nr;
	return 0;
}

/*
 * [start, end), which the caller found all host-owned, goes to @state
 * (not HVX_PAGE_HOST): one claim more. -ENOMEM, changing nothing, when
 * HVX_OWN_MAX_RANGES claims are held already.
 */
int hvx_own_claim(u64 start, u64 end, enum hvx_page_state state)
{
	int ret;

	hvx_host_s2_assert_locked();
	if (own.claims == HVX_OWN_MAX_RANGES)
		return -ENOMEM;
	ret = own_set(start, end, state);
	if (!ret)
		own.claims++;
	return ret;
}

/*
 * [start, end), exactly what one hvx_own_claim() took, goes back to the
 * host. Never fails: see the top of this file.
 */
void hvx_own_release(u64 start, u64 end)
{
	hvx_host_s2_assert_locked();
	hvx_bug_on(own_set(start, end, HVX_PAGE_HOST));
	own.claims--;
}

u64 hvx_own_count(enum hvx_page_state state)
{
	hvx_host_s2_assert_locked();
	return own.count[state];
}
