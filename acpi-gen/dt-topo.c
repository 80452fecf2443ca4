// SPDX-License-Identifier: GPL-2.0
/*
 * dt-topo.c - /cpus/cpu-map -> processor hierarchy (PPTT).
 *
 * cpu-map nests socketN > clusterN (possibly nested) > coreN > threadN;
 * a core or thread with a "cpu" phandle is a leaf.  Without socket
 * nodes the whole map is one physical package, as Linux assumes.
 */
#include "dt.h"

#define AG_MAX_TOPO		(4 * AG_MAX_CPUS)
#define AG_TOPO_MAX_DEPTH	8

static bool ag_name_is(const void *fdt, int node, const char *prefix)
{
	const char *name = fdt_get_name(fdt, node, NULL);

	return name && !strncmp(name, prefix, strlen(prefix));
}

static struct ag_topo *ag_topo_add(struct ag_dt *dt, int node, int parent)
{
	struct ag_model *m = dt->m;
	struct ag_topo *t;

	t = ag_dt_grow(dt, (void **)&m->topo, &m->nr_topo, sizeof(*t),
		       AG_MAX_TOPO, node, "cpu-map nodes");
	if (t)
		t->parent = parent;
	return t;
}

static int ag_topo_leaf(struct ag_dt *dt, int node, int parent, u32 ph)
{
	struct ag_model *m = dt->m;
	struct ag_topo *t;
	u32 i;

	for (i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].phandle == ph)
			break;
	if (i == m->nr_cpus)
		return ag_dt_err(dt, node, "'cpu' does not point to a CPU node");
	t = ag_topo_add(dt, node, parent);
	if (!t)
		return -AG_EINVAL;
	t->leaf = true;
	t->thread = ag_name_is(dt->fdt, node, "thread");
	t->cpu_uid = m->cpus[i].uid;
	return 0;
}

static int ag_topo_walk(struct ag_dt *dt, int node, int parent, int depth)
{
	struct ag_topo *t;
	int child, idx, ret;
	u32 ph;

	if (depth > AG_TOPO_MAX_DEPTH)
		return ag_dt_err(dt, node, "cpu-map nests too deep");
	fdt_for_each_subnode(child, dt->fdt, node) {
		if (!ag_dt_u32(dt->fdt, child, "cpu", &ph)) {
			ret = ag_topo_leaf(dt, child, parent, ph);
			if (ret)
				return ret;
			continue;
		}
		t = ag_topo_add(dt, child, parent);
		if (!t)
			return -AG_EINVAL;
		t->package = ag_name_is(dt->fdt, child, "socket");
		idx = dt->m->nr_topo - 1;
		ret = ag_topo_walk(dt, child, idx, depth + 1);
		if (ret)
			return ret;
	}
	return 0;
}

int ag_dt_parse_topology(struct ag_dt *dt)
{
	struct ag_topo *pkg;
	int map, child, parent = -1;
	bool sockets = false;

	map = fdt_path_offset(dt->fdt, "/cpus/cpu-map");
	if (map < 0)
		return 0;
	fdt_for_each_subnode(child, dt->fdt, map)
		if (ag_name_is(dt->fdt, child, "socket"))
			sockets = true;
	if (!sockets) {
		pkg = ag_topo_add(dt, map, -1);
		if (!pkg)
			return -AG_EINVAL;
		pkg->package = true;
		parent = 0;
	}
	return ag_topo_walk(dt, map, parent, 0);
}
