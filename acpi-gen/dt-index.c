// SPDX-License-Identifier: GPL-2.0
/*
 * dt-index.c - a node's parent and a phandle's node in O(log n).
 *
 * libfdt finds both by walking the structure block from its start.  The
 * parser asks for them for every "reg" translation and interrupt
 * specifier, which made the largest kernel trees (thousands of nodes)
 * take most of a second.  One walk records every node's offset (in
 * increasing order), its parent and its phandle.
 */
#include "dt.h"

static int ag_ph_cmp(const void *a, const void *b)
{
	const struct ag_dt_ph *x = a, *y = b;

	if (x->phandle != y->phandle)
		return x->phandle < y->phandle ? -1 : 1;
	/* Duplicates: the first in the tree wins, as in libfdt. */
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static u32 ag_dt_count_nodes(const void *fdt)
{
	int node = 0, depth = 0;
	u32 n = 0;

	while (node >= 0 && depth >= 0) {
		n++;
		node = fdt_next_node(fdt, node, &depth);
	}
	return n;
}

int ag_dt_index(struct ag_dt *dt)
{
	struct ag_dt_index *x = &dt->idx;
	int node = 0, depth = 0, *last;
	u32 n, i = 0;

	n = ag_dt_count_nodes(dt->fdt);
	x->nodes = ag_realloc(NULL, 0, (size_t)n * sizeof(*x->nodes));
	x->ph = ag_realloc(NULL, 0, (size_t)n * sizeof(*x->ph));
	/* The latest node seen at each depth: the parent of the next one. */
	last = ag_realloc(NULL, 0, (size_t)(n + 1) * sizeof(*last));
	if (!x->nodes || !x->ph || !last) {
		ag_free(last);
		return ag_fail(dt->err, AG_ENOMEM, "out of memory");
	}
	while (node >= 0 && depth >= 0 && i < n) {
		last[depth] = node;
		x->nodes[i].offset = node;
		x->nodes[i].parent = depth ? last[depth - 1] : -FDT_ERR_NOTFOUND;
		x->ph[x->nr_ph].phandle = fdt_get_phandle(dt->fdt, node);
		x->ph[x->nr_ph].offset = node;
		x->nr_ph += x->ph[x->nr_ph].phandle != 0;
		i++;
		node = fdt_next_node(dt->fdt, node, &depth);
	}
	x->nr_nodes = i;
	ag_free(last);
	ag_sort(x->ph, x->nr_ph, sizeof(*x->ph), ag_ph_cmp);
	return 0;
}

void ag_dt_index_free(struct ag_dt *dt)
{
	ag_free(dt->idx.nodes);
	ag_free(dt->idx.ph);
	memset(&dt->idx, 0, sizeof(dt->idx));
}

int ag_dt_parent(struct ag_dt *dt, int node)
{
	const struct ag_dt_index *x = &dt->idx;
	u32 lo = 0, hi = x->nr_nodes, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x->nodes[mid].offset == node)
			return x->nodes[mid].parent;
		if (x->nodes[mid].offset < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Not a node's offset: libfdt says why. */
	return fdt_parent_offset(dt->fdt, node);
}

int ag_dt_phandle(struct ag_dt *dt, u32 phandle)
{
	const struct ag_dt_index *x = &dt->idx;
	u32 lo = 0, hi = x->nr_ph, mid;

	if (!phandle || phandle == (u32)-1)
		return -FDT_ERR_BADPHANDLE;
	/* The first entry with this phandle. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (x->ph[mid].phandle < phandle)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->nr_ph && x->ph[lo].phandle == phandle)
		return x->ph[lo].offset;
	return -FDT_ERR_NOTFOUND;
}
