// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page ownership: which pages of host RAM are not simply the host's.
 *
 * A sorted array of the pages in another state (physical address, state in
 * the low bits), searched by bisection. It lives in EL2's .bss, apart from
 * the host's stage 2, so that dropping and lazily re-creating stage-2
 * mappings (hvx_s2_unmap_all()) never loses it. A page not in the array is
 * the host's. The caller serialises every access (host_s2's lock).
 */
#include <linux/errno.h>
#include <asm/page-def.h>

#include "hvx-hyp.h"
#include "hyp.h"

#define OWN_STATE_MASK	(PAGE_SIZE - 1)

static struct {
	u32 nr;
	u64 count[HVX_PAGE_NR_STATES];
	u64 page[HVX_OWN_MAX_PAGES];	/* PA | state, sorted by PA */
} own;

static u64 entry_pa(u32 i)
{
	return own.page[i] & ~OWN_STATE_MASK;
}

/* Index of the first entry at or above @pa. */
static u32 lower_bound(u64 pa)
{
	u32 lo = 0, hi = own.nr;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (entry_pa(mid) < pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum hvx_page_state hvx_own_get(u64 pa)
{
	u32 i = lower_bound(pa);

	if (i < own.nr && entry_pa(i) == pa)
		return own.page[i] & OWN_STATE_MASK;
	return HVX_PAGE_HOST;
}

/*
 * Record @state for the page at @pa (page aligned). -ENOMEM when the array
 * is full. The moves are element by element through WRITE_ONCE(): the
 * compiler must not make a memmove() call of them, EL2 has none.
 */
int hvx_own_set(u64 pa, enum hvx_page_state state)
{
	u32 i = lower_bound(pa), j;
	bool found = i < own.nr && entry_pa(i) == pa;

	if (found) {
		own.count[own.page[i] & OWN_STATE_MASK]--;
		if (state == HVX_PAGE_HOST) {
			for (j = i; j + 1 < own.nr; j++)
				WRITE_ONCE(own.page[j], own.page[j + 1]);
			own.nr--;
			return 0;
		}
	} else {
		if (state == HVX_PAGE_HOST)
			return 0;
		if (own.nr == HVX_OWN_MAX_PAGES)
			return -ENOMEM;
		for (j = own.nr; j > i; j--)
			WRITE_ONCE(own.page[j], own.page[j - 1]);
		own.nr++;
	}
	own.page[i] = pa | state;
	own.count[state]++;
	return 0;
}

/* Is any page of [start, end) one the host may not access? */
bool hvx_own_host_denied(u64 start, u64 end)
{
	u32 i;

	for (i = lower_bound(start); i < own.nr && entry_pa(i) < end; i++)
		if ((own.page[i] & OWN_STATE_MASK) != HVX_PAGE_SHARED_HYP)
			return true;
	return false;
}

u64 hvx_own_count(enum hvx_page_state state)
{
	return own.count[state];
}
