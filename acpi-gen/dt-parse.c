// SPDX-License-Identifier: GPL-2.0
/*
 * dt-parse.c - stage one of acpi-gen: DTB -> hardware model.
 *
 * This file holds the entry point and the parts every ACPI system needs:
 * the GIC, the CPUs and the generic timer.  Missing any of them is an
 * error, because MADT and GTDT cannot be built without them.
 */
#include "dt.h"

static const char *const ag_gicv3_compat[] = { "arm,gic-v3" };

/* Linux's irq-gic.c: Qualcomm's QGIC2 is a GIC-400 by another name. */
static const char *const ag_gicv2_compat[] = {
	"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
	"arm,cortex-a7-gic", "arm,pl390", "qcom,msm-qgic2",
	"qcom,msm-8660-qgic",
};

static const char *const ag_timer_compat[] = {
	"arm,armv8-timer", "arm,armv7-timer",
};

/* GICv2 binding: reg = <GICD>, <GICC>, <GICH>, <GICV>. */
enum { GICV2_REG_DIST, GICV2_REG_CPU, GICV2_REG_HYP, GICV2_REG_VCPU };

/* First enabled node compatible with one of @list, or -1. */
static int ag_find_compat(const void *fdt, const char *const *list,
			  unsigned int n)
{
	unsigned int i;
	int node;

	for (i = 0; i < n; i++) {
		node = -1;
		while ((node = fdt_node_offset_by_compatible(fdt, node,
							     list[i])) >= 0)
			if (ag_dt_enabled(fdt, node))
				return node;
	}
	return -1;
}

static int ag_gic_reg(struct ag_dt *dt, int idx, u64 *base, bool required)
{
	struct ag_reg r;
	int ret;

	ret = ag_dt_reg(dt, dt->m->gic.node, idx, &r);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		*base = 0;
		return required ? ag_dt_err(dt, dt->m->gic.node,
					    "'reg' entry %d missing", idx) : 0;
	}
	*base = r.base;
	return 0;
}

/* ITS (GICv3) and v2m MSI frames (GICv2) are children of the GIC. */
static int ag_gic_msi_children(struct ag_dt *dt)
{
	struct ag_gic *g = &dt->m->gic;
	struct ag_reg r;
	int child, ret;

	fdt_for_each_subnode(child, dt->fdt, g->node) {
		bool its = ag_dt_is_compat(dt->fdt, child, "arm,gic-v3-its");
		bool v2m = ag_dt_is_compat(dt->fdt, child, "arm,gic-v2m-frame");

		if ((!its && !v2m) || !ag_dt_enabled(dt->fdt, child))
			continue;
		ret = ag_dt_reg(dt, child, 0, &r);
		if (ret <= 0)
			return ret ? ret : ag_dt_err(dt, child, "no usable 'reg'");
		if (its) {
			if (g->nr_its >= AG_MAX_ITS)
				return ag_dt_err(dt, child, "too many ITSs");
			g->its[g->nr_its].base = r.base;
			g->its[g->nr_its++].phandle =
				fdt_get_phandle(dt->fdt, child);
			continue;
		}
		if (g->nr_v2m >= AG_MAX_V2M)
			return ag_dt_err(dt, child, "too many v2m frames");
		g->v2m[g->nr_v2m].base = r.base;
		g->v2m[g->nr_v2m].phandle = fdt_get_phandle(dt->fdt, child);
		g->v2m[g->nr_v2m].has_spis =
			!ag_dt_u32(dt->fdt, child, "arm,msi-base-spi",
				   &g->v2m[g->nr_v2m].spi_base) &&
			!ag_dt_u32(dt->fdt, child, "arm,msi-num-spis",
				   &g->v2m[g->nr_v2m].spi_count);
		/* The MADT MSI frame holds both in 16 bits. */
		if (g->v2m[g->nr_v2m].has_spis &&
		    (g->v2m[g->nr_v2m].spi_base > AG_U16_MAX ||
		     g->v2m[g->nr_v2m].spi_count > AG_U16_MAX))
			return ag_dt_err(dt, child,
					 "'arm,msi-base-spi' or 'arm,msi-num-spis' above 0xffff");
		g->nr_v2m++;
	}
	return 0;
}

/* The GIC's own "interrupts" is the virtual GIC maintenance PPI. */
static int ag_gic_maint(struct ag_dt *dt)
{
	struct ag_gic *g = &dt->m->gic;
	const fdt32_t *c;
	u32 spec[3];
	int len, i, ret;

	c = fdt_getprop(dt->fdt, g->node, "interrupts", &len);
	if (!c || len < 12)
		return 0;
	for (i = 0; i < 3; i++)
		spec[i] = fdt32_to_cpu(c[i]);
	ret = ag_dt_irq_route(dt, g->node, NULL, 0, spec, 3, &g->maint);
	if (ret < 0)
		return ret;
	g->has_maint = ret == 1;
	return 0;
}

static int ag_gic_v3_regs(struct ag_dt *dt)
{
	struct ag_gic *g = &dt->m->gic;
	struct ag_reg r;
	u32 nr = 1, i;
	int ret;

	ag_dt_u32(dt->fdt, g->node, "#redistributor-regions", &nr);
	if (nr == 0 || nr > AG_MAX_REDIST)
		return ag_dt_err(dt, g->node, "bad #redistributor-regions");
	if (ag_gic_reg(dt, 0, &g->dist_base, true))
		return -AG_EINVAL;
	for (i = 0; i < nr; i++) {
		ret = ag_dt_reg(dt, g->node, 1 + i, &r);
		if (ret <= 0)
			return ret ? ret : ag_dt_err(dt, g->node,
				"redistributor region %u missing from 'reg'", i);
		/* The MADT GICR structure has a 32-bit length. */
		if (r.size > AG_U32_MAX)
			return ag_dt_err(dt, g->node,
					 "redistributor region %u is 4 GiB or larger", i);
		g->redist[g->nr_redist++] = r;
	}
	/* GICC, GICH, GICV follow the redistributors and are optional. */
	if (ag_gic_reg(dt, 1 + nr, &g->cpuif_base, false) ||
	    ag_gic_reg(dt, 2 + nr, &g->gich_base, false) ||
	    ag_gic_reg(dt, 3 + nr, &g->gicv_base, false))
		return -AG_EINVAL;
	return 0;
}

static int ag_gic_v2_regs(struct ag_dt *dt)
{
	struct ag_gic *g = &dt->m->gic;

	if (ag_gic_reg(dt, GICV2_REG_DIST, &g->dist_base, true) ||
	    ag_gic_reg(dt, GICV2_REG_CPU, &g->cpuif_base, true) ||
	    ag_gic_reg(dt, GICV2_REG_HYP, &g->gich_base, false) ||
	    ag_gic_reg(dt, GICV2_REG_VCPU, &g->gicv_base, false))
		return -AG_EINVAL;
	return 0;
}

/*
 * ACPI on arm64 knows only the GIC.  Without one (Apple's AIC, the
 * BCM2836 local controller of the Raspberry Pi 3) the MADT still lists
 * the CPUs, but has no distributor, and no interrupt gets a GSI.
 */
static int ag_no_gic(struct ag_dt *dt)
{
	struct ag_gic *g = &dt->m->gic;
	int node;
	u32 ph;

	g->node = -1;
	g->version = 0;
	node = ag_dt_u32(dt->fdt, 0, "interrupt-parent", &ph) ? -1 :
	       ag_dt_phandle(dt, ph);
	ag_dt_warn(dt, node >= 0 ? node : 0,
		   "%s: MADT without a GIC distributor, no interrupts described",
		   node >= 0 ? "interrupt controller is not a GIC" :
			       "no GIC interrupt controller");
	return 0;
}

int ag_dt_parse_gic(struct ag_dt *dt)
{
	struct ag_gic *g = &dt->m->gic;
	int node, ret;

	node = ag_find_compat(dt->fdt, ag_gicv3_compat,
			      AG_ARRAY_SIZE(ag_gicv3_compat));
	g->version = 3;
	if (node < 0) {
		node = ag_find_compat(dt->fdt, ag_gicv2_compat,
				      AG_ARRAY_SIZE(ag_gicv2_compat));
		g->version = 2;
	}
	if (node < 0)
		return ag_no_gic(dt);
	g->node = node;
	g->phandle = fdt_get_phandle(dt->fdt, node);
	ret = g->version == 3 ? ag_gic_v3_regs(dt) : ag_gic_v2_regs(dt);
	if (ret)
		return ret;
	ret = ag_gic_maint(dt);
	if (ret)
		return ret;
	return ag_gic_msi_children(dt);
}

static int ag_cpu_add(struct ag_dt *dt, int node, int na)
{
	struct ag_model *m = dt->m;
	struct ag_cpu *cpu;
	const fdt32_t *reg;
	u32 i;
	int len;

	reg = fdt_getprop(dt->fdt, node, "reg", &len);
	if (!reg || na < 1 || na > 2 || len != na * 4)
		return ag_dt_err(dt, node, "missing or malformed 'reg' (MPIDR)");
	cpu = ag_dt_grow(dt, (void **)&m->cpus, &m->nr_cpus, sizeof(*cpu),
			 AG_MAX_CPUS, node, "CPUs");
	if (!cpu)
		return -AG_EINVAL;
	cpu->mpidr = ag_dt_read_cells(reg, na);
	cpu->uid = m->nr_cpus - 1;
	cpu->node = node;
	cpu->phandle = fdt_get_phandle(dt->fdt, node);
	cpu->enabled = ag_dt_enabled(dt->fdt, node);
	for (i = 0; i + 1 < m->nr_cpus; i++)
		if (m->cpus[i].mpidr == cpu->mpidr)
			return ag_dt_err(dt, node, "duplicate MPIDR 0x%llx",
					 (unsigned long long)cpu->mpidr);
	return 0;
}

int ag_dt_parse_cpus(struct ag_dt *dt)
{
	int cpus, node, na, ret;

	cpus = fdt_path_offset(dt->fdt, "/cpus");
	if (cpus < 0)
		return ag_dt_err(dt, 0, "no /cpus node");
	if (ag_dt_addr_cells(dt, cpus, &na))
		return -AG_EINVAL;
	fdt_for_each_subnode(node, dt->fdt, cpus) {
		if (!ag_dt_str_is(dt->fdt, node, "device_type", "cpu"))
			continue;
		ret = ag_cpu_add(dt, node, na);
		if (ret)
			return ret;
	}
	if (!dt->m->nr_cpus)
		return ag_dt_err(dt, cpus, "no CPU nodes (device_type = \"cpu\")");
	return 0;
}

static int ag_timer_frame(struct ag_dt *dt, int node)
{
	struct ag_timer *t = &dt->m->timer;
	struct ag_timer_frame *f;
	struct ag_irq irq[2];
	struct ag_reg r;
	u32 n;
	int ret;

	if (t->nr_frames >= AG_MAX_TIMER_FRAMES)
		return ag_dt_err(dt, node, "too many timer frames");
	f = &t->frames[t->nr_frames];
	memset(f, 0, sizeof(*f));
	if (ag_dt_u32(dt->fdt, node, "frame-number", &f->frame))
		return ag_dt_err(dt, node, "missing 'frame-number'");
	ret = ag_dt_reg(dt, node, 0, &r);
	if (ret <= 0)
		return ret ? ret : ag_dt_err(dt, node, "no usable 'reg'");
	f->base = r.base;
	ret = ag_dt_reg(dt, node, 1, &r);
	if (ret < 0)
		return ret;
	f->el0_base = ret ? r.base : AG_NO_ADDR;
	if (ag_dt_irqs_first(dt, node, irq, 2, &n))
		return -AG_EINVAL;
	f->has_phys = n > 0 && irq[0].gsi != AG_GSI_NONE;
	f->has_virt = n > 1 && irq[1].gsi != AG_GSI_NONE;
	f->phys = irq[0];
	f->virt = irq[1];
	t->nr_frames++;
	return 0;
}

/* Memory-mapped system timer: a GTDT "GT Block". */
static int ag_timer_mem(struct ag_dt *dt)
{
	static const char *const compat[] = { "arm,armv7-timer-mem" };
	struct ag_timer *t = &dt->m->timer;
	struct ag_reg r;
	int node, child, ret;

	node = ag_find_compat(dt->fdt, compat, 1);
	if (node < 0)
		return 0;
	ret = ag_dt_reg(dt, node, 0, &r);
	if (ret <= 0)
		return ret ? ret : ag_dt_err(dt, node, "no usable 'reg'");
	t->has_mem = true;
	t->cnt_ctl_base = r.base;
	fdt_for_each_subnode(child, dt->fdt, node) {
		if (!ag_dt_enabled(dt->fdt, child))
			continue;
		ret = ag_timer_frame(dt, child);
		if (ret)
			return ret;
	}
	return 0;
}

int ag_dt_parse_timer(struct ag_dt *dt)
{
	struct ag_timer *t = &dt->m->timer;
	struct ag_irq irq[AG_TIMER_NR_IRQS];
	u32 n, i;
	int node;

	node = ag_find_compat(dt->fdt, ag_timer_compat,
			      AG_ARRAY_SIZE(ag_timer_compat));
	if (node < 0)
		return ag_dt_err(dt, 0,
				 "no enabled arm,armv8-timer node (the GTDT needs the generic timer)");
	if (ag_dt_irqs_first(dt, node, irq, AG_TIMER_NR_IRQS, &n))
		return -AG_EINVAL;
	/* The GTDT says 0 for a missing one; without a GIC all are. */
	for (i = 0; i <= AG_TIMER_VIRT && dt->m->gic.version; i++)
		if (i >= n || irq[i].gsi == AG_GSI_NONE)
			break;
	if (i <= AG_TIMER_VIRT && dt->m->gic.version)
		ag_dt_warn(dt, node,
			   "secure, non-secure or virtual timer interrupt missing or not at the GIC: 0 in the GTDT");
	for (i = 0; i < n; i++)
		t->irq[i] = irq[i];
	t->nr_irqs = n;
	t->always_on = ag_dt_has(dt->fdt, node, "always-on");
	return ag_timer_mem(dt);
}

static void ag_fdt_free_model_arrays(struct ag_model *m)
{
	u32 i;

	for (i = 0; i < m->nr_devs; i++) {
		ag_free(m->devs[i].regs);
		ag_free(m->devs[i].irqs);
	}
	ag_free(m->cpus);
	ag_free(m->devs);
	ag_free(m->pci);
	ag_free(m->topo);
}

void ag_model_free(struct ag_model *m)
{
	ag_fdt_free_model_arrays(m);
	memset(m, 0, sizeof(*m));
}

/*
 * Every node must nest under the one root, the root's end then ending the
 * structure. libfdt's fdt_get_path(), which names nodes in our errors,
 * reads and writes below the start of its buffer for a node after the
 * root's end (its depth goes below zero).
 */
static int ag_dt_check_nesting(const void *fdt, struct ag_error *err)
{
	int node = 0, depth = 0, next;
	u32 tag;

	/* fdt_next_node() returns the offset after the root's END_NODE. */
	while (depth >= 0) {
		node = fdt_next_node(fdt, node, &depth);
		if (node < 0)
			return ag_fail(err, AG_EINVAL,
				       "not a valid DTB (structure: %s)",
				       fdt_strerror(node));
	}
	do {
		tag = fdt_next_tag(fdt, node, &next);
		node = next;
	} while (tag == FDT_NOP && node >= 0);
	if (tag != FDT_END)
		return ag_fail(err, AG_EINVAL,
			       "not a valid DTB (a node after the root's end)");
	return 0;
}

static int ag_dt_check(const void *fdt, size_t size, struct ag_error *err)
{
	if (size < sizeof(struct fdt_header) || fdt_check_header(fdt))
		return ag_fail(err, AG_EINVAL, "not a valid DTB (bad header)");
	if (fdt_totalsize(fdt) > size)
		return ag_fail(err, AG_EINVAL,
			       "truncated DTB: header says %u bytes, have %zu",
			       fdt_totalsize(fdt), size);
	/*
	 * The DT spec requires these alignments, and libfdt reads cells
	 * from the structure block with aligned loads.
	 */
	if (fdt_off_dt_struct(fdt) % sizeof(fdt32_t) ||
	    fdt_off_mem_rsvmap(fdt) % sizeof(fdt64_t))
		return ag_fail(err, AG_EINVAL,
			       "not a valid DTB (misaligned blocks)");
	return ag_dt_check_nesting(fdt, err);
}

int ag_dt_parse(const void *fdt, size_t size, const struct ag_warner *warn,
		struct ag_model *m, struct ag_error *err)
{
	struct ag_dt dt = { .fdt = fdt, .m = m, .err = err, .warn = warn };
	int ret;

	memset(m, 0, sizeof(*m));
	m->fdt = fdt;
	m->gic.node = -1;
	ret = ag_dt_check(fdt, size, err);
	if (!ret)
		ret = ag_dt_index(&dt);
	if (!ret)
		ret = ag_dt_parse_cpus(&dt);
	if (!ret)
		ret = ag_dt_parse_gic(&dt);
	if (!ret)
		ret = ag_dt_parse_timer(&dt);
	if (!ret)
		ret = ag_dt_parse_misc(&dt);
	if (!ret)
		ret = ag_dt_parse_devices(&dt);
	if (!ret)
		ret = ag_dt_parse_console(&dt);
	if (!ret)
		ret = ag_dt_parse_topology(&dt);
	ag_dt_index_free(&dt);
	if (ret)
		ag_model_free(m);
	return ret;
}
