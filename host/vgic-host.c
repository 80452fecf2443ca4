// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's own interrupts that hvx needs: per-CPU interrupts (PPIs) that
 * the kernel's drivers do not request, found in the host's device tree
 * (the GIC driver's and the timer driver's records of them,
 * gic_get_kvm_info() and arch_timer_get_kvm_info(), are not exported).
 *
 * The vGIC's is the GIC maintenance interrupt: asserted while a guest
 * runs and its list registers need the host (underflow, EOI of a
 * level-sensitive interrupt). EL2 leaves the guest when it arrives, and
 * it drops once EL2 has saved and disabled the guest's CPU interface, so
 * the host's handler has nothing to do: the exit does the work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpuhotplug.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/percpu.h>
#include <asm/cpufeature.h>

#include "vgic.h"

/* The GIC node's first interrupt is its maintenance interrupt (PPI 9). */
#define GICV3_COMPATIBLE	"arm,gic-v3"
#define GICV3_MAINT_INDEX	0

static struct hvx_host_ppi hvx_gic_maint;

static irqreturn_t hvx_host_ppi_nothing(int irq, void *dev_id)
{
	return IRQ_HANDLED;
}

static int hvx_host_ppi_starting(unsigned int cpu, struct hlist_node *node)
{
	struct hvx_host_ppi *p = hlist_entry(node, struct hvx_host_ppi, node);

	enable_percpu_irq(p->virq, IRQ_TYPE_NONE);
	return 0;
}

static int hvx_host_ppi_dying(unsigned int cpu, struct hlist_node *node)
{
	struct hvx_host_ppi *p = hlist_entry(node, struct hvx_host_ppi, node);

	disable_percpu_irq(p->virq);
	return 0;
}

int hvx_host_ppi_init(struct hvx_host_ppi *p, const char *compatible,
		      int index, const char *name, irq_handler_t handler)
{
	struct device_node *np;
	int ret, state;

	memset(p, 0, sizeof(*p));
	p->name = name;
	np = of_find_compatible_node(NULL, NULL, compatible);
	if (!np)
		return -ENODEV;
	p->virq = irq_of_parse_and_map(np, index);
	of_node_put(np);
	if (!p->virq)
		return -ENODEV;
	if (!irq_is_percpu_devid(p->virq)) {
		pr_err("%s: IRQ %u is not a per-CPU interrupt\n", name, p->virq);
		ret = -EINVAL;
		goto err;
	}

	/* request_percpu_irq() wants a per-CPU cookie; nothing is kept in it. */
	p->dev_id = alloc_percpu(u8);
	if (!p->dev_id) {
		ret = -ENOMEM;
		goto err;
	}
	ret = request_percpu_irq(p->virq, handler ?: hvx_host_ppi_nothing,
				 name, p->dev_id);
	if (ret) {
		pr_err("%s: IRQ %u: %d\n", name, p->virq, ret);
		goto err_free;
	}
	/* On every CPU now online, and on each that comes online later. */
	state = cpuhp_setup_state_multi(CPUHP_AP_ONLINE_DYN, name,
					hvx_host_ppi_starting,
					hvx_host_ppi_dying);
	if (state < 0) {
		ret = state;
		goto err_irq;
	}
	p->cpuhp_state = state;
	ret = cpuhp_state_add_instance(state, &p->node);
	if (ret)
		goto err_state;
	return 0;

err_state:
	cpuhp_remove_multi_state(state);
err_irq:
	free_percpu_irq(p->virq, p->dev_id);
err_free:
	free_percpu(p->dev_id);
err:
	memset(p, 0, sizeof(*p));
	return ret;
}

void hvx_host_ppi_exit(struct hvx_host_ppi *p)
{
	if (!p->virq)
		return;
	cpuhp_state_remove_instance(p->cpuhp_state, &p->node);
	cpuhp_remove_multi_state(p->cpuhp_state);
	free_percpu_irq(p->virq, p->dev_id);
	free_percpu(p->dev_id);
	memset(p, 0, sizeof(*p));
}

/* The GICv3 CPU interface's system registers: ICH_*_EL2 at EL2 too. */
static bool host_has_gicv3_cpuif(void)
{
	u64 pfr0 = read_sanitised_ftr_reg(SYS_ID_AA64PFR0_EL1);

	return cpuid_feature_extract_unsigned_field(pfr0,
						    ID_AA64PFR0_EL1_GIC_SHIFT);
}

bool hvx_vgic_available(void)
{
	return hvx_gic_maint.virq;
}

/* Without a GICv3, or its maintenance interrupt, VMs have no vGIC. */
int hvx_vgic_host_init(void)
{
	int ret;

	if (!host_has_gicv3_cpuif())
		return 0;
	ret = hvx_host_ppi_init(&hvx_gic_maint, GICV3_COMPATIBLE,
				GICV3_MAINT_INDEX, "hvx-gic-maint", NULL);
	if (ret == -ENODEV) {
		pr_info("no GICv3 maintenance interrupt in the device tree: no vGIC\n");
		return 0;
	}
	return ret;
}

void hvx_vgic_host_exit(void)
{
	hvx_host_ppi_exit(&hvx_gic_maint);
}
