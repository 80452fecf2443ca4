// SPDX-License-Identifier: GPL-2.0
/*
 * dt-misc.c - PSCI, PMU and SBSA watchdog: DT nodes that end up as fields
 * of static tables (FADT, MADT GICC, GTDT) rather than as DSDT devices.
 */
#include "dt.h"

static const char *const ag_psci_compat[] = {
	"arm,psci-1.0", "arm,psci-0.2", "arm,psci",
};

static int ag_parse_psci(struct ag_dt *dt)
{
	unsigned int i;
	int node;

	for (i = 0; i < AG_ARRAY_SIZE(ag_psci_compat); i++) {
		node = fdt_node_offset_by_compatible(dt->fdt, -1,
						     ag_psci_compat[i]);
		if (node >= 0 && ag_dt_enabled(dt->fdt, node))
			break;
	}
	if (i == AG_ARRAY_SIZE(ag_psci_compat))
		return 0;
	dt->m->has_psci = true;
	dt->m->psci_hvc = ag_dt_str_is(dt->fdt, node, "method", "hvc");
	return 0;
}

static struct ag_cpu *ag_cpu_by_phandle(struct ag_model *m, u32 phandle)
{
	u32 i;

	for (i = 0; i < m->nr_cpus; i++)
		if (m->cpus[i].phandle == phandle)
			return &m->cpus[i];
	return NULL;
}

/*
 * A PMU node has either one PPI shared by all CPUs, or one SPI per CPU
 * listed in "interrupt-affinity" (or in CPU order without it).
 */
static int ag_parse_one_pmu(struct ag_dt *dt, int node)
{
	struct ag_model *m = dt->m;
	struct ag_irq *irq;
	const fdt32_t *aff;
	struct ag_cpu *cpu;
	u32 n, i;
	int len, ret;

	ret = ag_dt_irqs(dt, node, &irq, &n);
	if (ret)
		return ret;
	if (n == 0 || irq[0].gsi == AG_GSI_NONE) {
		ag_free(irq);
		return 0;
	}
	aff = fdt_getprop(dt->fdt, node, "interrupt-affinity", &len);
	if (n == 1 && !aff) {
		for (i = 0; i < m->nr_cpus; i++) {
			m->cpus[i].has_pmu = true;
			m->cpus[i].pmu = irq[0];
		}
		ag_free(irq);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (aff)
			cpu = (int)(i * 4) < len ?
			      ag_cpu_by_phandle(m, fdt32_to_cpu(aff[i])) : NULL;
		else
			cpu = i < m->nr_cpus ? &m->cpus[i] : NULL;
		if (!cpu || irq[i].gsi == AG_GSI_NONE)
			continue;
		cpu->has_pmu = true;
		cpu->pmu = irq[i];
	}
	ag_free(irq);
	return 0;
}

/* PMU nodes are "arm,armv8-pmuv3" or per-core "arm,cortex-a57-pmu" etc. */
static bool ag_is_pmu(const void *fdt, int node)
{
	const char *s;
	int len, l, off;

	s = fdt_getprop(fdt, node, "compatible", &len);
	for (off = 0; s && off < len; off += l + 1) {
		l = strnlen(s + off, len - off);
		if (l >= 4 && !memcmp(s + off + l - 4, "-pmu", 4))
			return true;
		if (l == 15 && !memcmp(s + off, "arm,armv8-pmuv3", 15))
			return true;
	}
	return false;
}

static int ag_parse_pmu(struct ag_dt *dt)
{
	int node, ret;

	fdt_for_each_subnode(node, dt->fdt, 0) {
		if (!ag_is_pmu(dt->fdt, node) || !ag_dt_enabled(dt->fdt, node))
			continue;
		ret = ag_parse_one_pmu(dt, node);
		if (ret)
			return ret;
	}
	return 0;
}

/* SBSA generic watchdog: reg = <control frame>, <refresh frame>. */
static int ag_parse_wdog(struct ag_dt *dt)
{
	struct ag_model *m = dt->m;
	struct ag_wdog *w;
	struct ag_reg ctl, refresh;
	struct ag_irq irq;
	u32 n;
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(dt->fdt, node,
						     "arm,sbsa-gwdt")) >= 0) {
		if (!ag_dt_enabled(dt->fdt, node))
			continue;
		if (ag_dt_reg(dt, node, 0, &ctl) != 1 ||
		    ag_dt_reg(dt, node, 1, &refresh) != 1)
			return ag_dt_err(dt, node,
					 "needs control and refresh frames in 'reg'");
		if (ag_dt_irqs_first(dt, node, &irq, 1, &n))
			return -AG_EINVAL;
		if (m->nr_wdog >= AG_MAX_WDOG)
			return ag_dt_err(dt, node, "too many SBSA watchdogs");
		w = &m->wdog[m->nr_wdog++];
		w->control_base = ctl.base;
		w->refresh_base = refresh.base;
		w->has_irq = n > 0 && irq.gsi != AG_GSI_NONE;
		w->irq = irq;
	}
	return 0;
}

int ag_dt_parse_misc(struct ag_dt *dt)
{
	int ret;

	ret = ag_parse_psci(dt);
	if (!ret)
		ret = ag_parse_pmu(dt);
	if (!ret)
		ret = ag_parse_wdog(dt);
	return ret;
}
