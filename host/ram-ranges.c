// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's RAM, as EL2 must know it to map the host's stage 2: the
 * "System RAM" resources (memblock itself is not reachable from a module),
 * merged, trimmed to whole pages and sorted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/ioport.h>
#include <linux/mm.h>

#include "hvx.h"

/*
 * Append [start, end) to @r, of which *@nr of @max are used, merged with
 * the last range when it starts inside that one (ranges come in address
 * order; one out of order is appended). -E2BIG when full.
 */
int hvx_mem_range_append(struct hvx_mem_range *r, u32 *nr, u32 max,
			 u64 start, u64 end)
{
	struct hvx_mem_range *last = *nr ? &r[*nr - 1] : NULL;

	if (last && start >= last->start && start <= last->end) {
		last->end = max(last->end, end);
		return 0;
	}
	if (*nr == max)
		return -E2BIG;
	r[*nr].start = start;
	r[*nr].end = end;
	(*nr)++;
	return 0;
}

static int add_ram(struct resource *res, void *arg)
{
	struct hvx_hyp_globals *g = arg;
	u64 start = PAGE_ALIGN(res->start);
	u64 end = ALIGN_DOWN(res->end + 1, PAGE_SIZE);

	if (start >= end)
		return 0;
	if (hvx_mem_range_append(g->ram, &g->nr_ram, HVX_MAX_RAM_RANGES,
				 start, end)) {
		pr_err("more than %d System RAM ranges\n", HVX_MAX_RAM_RANGES);
		return -E2BIG;
	}
	return 0;
}

int hvx_collect_ram(struct hvx_hyp_globals *g)
{
	int ret;

	g->nr_ram = 0;
	ret = walk_iomem_res_desc(IORES_DESC_NONE,
				  IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY,
				  0, U64_MAX, g, add_ram);
	/* -EINVAL: nothing matched */
	if (!g->nr_ram) {
		pr_err("no System RAM resources found\n");
		return -ENODEV;
	}
	return ret == -EINVAL ? 0 : ret;
}
