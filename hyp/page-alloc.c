// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's page allocator. The host hands hvx one physically contiguous pool
 * (hvx_globals.pool, identity mapped at EL2); pages come from a free list
 * of pages given back, else from a bump pointer over the part never used.
 * Stage-2 tables are single pages, so nothing here needs contiguous runs
 * or buddies. The pool state is zero-initialised .bss: no init call needed.
 */
#include <linux/align.h>
#include <asm/page-def.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/page-alloc.h"
#include "hyp/spinlock.h"

struct free_page {
	struct free_page *next;
};

static struct {
	struct hvx_spinlock lock;
	u64 bump;		/* pages of the pool handed out at least once */
	u64 used;		/* pages currently handed out */
	struct free_page *free;	/* pages given back */
} pool;

static void *take_page(void)
{
	struct free_page *p = pool.free;

	if (p) {
		pool.free = p->next;
		return p;
	}
	if (pool.bump >= hvx_pool_pages())
		return NULL;
	return (void *)(hvx_globals.pool.start + pool.bump++ * PAGE_SIZE);
}

/* A zeroed page from the pool, or NULL when the pool is exhausted. */
void *hvx_page_alloc(void)
{
	void *page;

	hvx_spin_lock(&pool.lock);
	page = take_page();
	if (page)
		pool.used++;
	hvx_spin_unlock(&pool.lock);
	if (page)
		hvx_clear_page(page);
	return page;
}

void hvx_page_free(void *page)
{
	struct free_page *p = page;

	hvx_spin_lock(&pool.lock);
	p->next = pool.free;
	pool.free = p;
	pool.used--;
	hvx_spin_unlock(&pool.lock);
}

u64 hvx_pool_pages(void)
{
	return (hvx_globals.pool.end - hvx_globals.pool.start) >> PAGE_SHIFT;
}

u64 hvx_pool_used_pages(void)
{
	return READ_ONCE(pool.used);
}
