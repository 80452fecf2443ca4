// SPDX-License-Identifier: GPL-2.0-only
/*
 * hvx's memory: one physically contiguous range taken from the page
 * allocator at load. The host carves the stage-2 root, the EL2 image and
 * the per-CPU areas from its bottom and the EL2 stage-1 tables from its
 * top; what is left in between is EL2's page pool. Being one range, it is
 * simple for EL2 to keep out of the host's stage 2, and it costs the host
 * at most a few split blocks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

#include "hvx.h"

int hvx_hyp_mem_alloc(struct hvx_hyp_mem *m, size_t nr_pages)
{
	size_t size = nr_pages << PAGE_SHIFT;

	memset(m, 0, sizeof(*m));
	/* The page allocator's largest contiguous block. */
	if (!nr_pages || nr_pages > MAX_ORDER_NR_PAGES) {
		pr_err("pool_pages=%zu: must be 1 to %d (the largest physically contiguous allocation)\n",
		       nr_pages, MAX_ORDER_NR_PAGES);
		return -EINVAL;
	}
	m->va = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO |
				  __GFP_NOWARN);
	if (!m->va) {
		pr_err("cannot get %zu physically contiguous pages for hvx's memory pool (pool_pages)\n",
		       nr_pages);
		return -ENOMEM;
	}
	m->pa = virt_to_phys(m->va);
	m->nr_pages = nr_pages;
	return 0;
}

void hvx_hyp_mem_free(struct hvx_hyp_mem *m)
{
	if (m->va)
		free_pages_exact(m->va, m->nr_pages << PAGE_SHIFT);
	m->va = NULL;
}

/* @nr_pages zeroed pages from the bottom, physically aligned to @align. */
void *hvx_hyp_mem_carve(struct hvx_hyp_mem *m, size_t nr_pages,
			size_t align)
{
	phys_addr_t pa = ALIGN(m->pa + (m->bottom << PAGE_SHIFT),
			       align << PAGE_SHIFT);
	size_t first = (pa - m->pa) >> PAGE_SHIFT;

	if (first + nr_pages > m->nr_pages - m->top)
		return NULL;
	m->bottom = first + nr_pages;
	return m->va + (first << PAGE_SHIFT);
}

/* One zeroed page from the top. */
void *hvx_hyp_mem_carve_top(struct hvx_hyp_mem *m)
{
	if (m->bottom + m->top >= m->nr_pages)
		return NULL;
	m->top++;
	return m->va + ((m->nr_pages - m->top) << PAGE_SHIFT);
}

phys_addr_t hvx_hyp_mem_pa(const struct hvx_hyp_mem *m, const void *va)
{
	return m->pa + (va - m->va);
}
