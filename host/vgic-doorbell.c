// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's doorbell for the SGIs it sends guests itself (hyp/vgic-sgi.c): an
 * SGI Linux leaves unused, made a Group 0 interrupt on every CPU's
 * redistributor. With one security state (GICD_CTLR.DS) Group 0 is
 * signalled as an FIQ, and EL2 enables Group 0 only while a guest runs,
 * so the doorbell is always taken at EL2 and never reaches the host.
 *
 * Linux's GICv3 driver sends IPIs with SGIs 0-7 at most, and makes every
 * SGI Group 1 and disabled as a CPU comes up: the hotplug callback here
 * runs later in bring-up and makes the doorbell Group 0 again; it gives
 * it back (Group 1, disabled) as the CPU goes down or hvx unloads. The
 * redistributors are found in the host's device tree and matched to CPUs
 * by GICR_TYPER's affinity, as the GIC driver does.
 *
 * Without DS (Group 0 is the Secure world's then), or without a
 * redistributor for a CPU, EL2 gets no doorbell and the host's vGIC sends
 * every SGI (vgic-sgi.c), as before.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitfield.h>
#include <linux/cpuhotplug.h>
#include <linux/io.h>
#include <linux/kstrtox.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/percpu.h>
#include <linux/sizes.h>
#include <linux/irqchip/arm-gic-v3.h>
#include <asm/cputype.h>

#include "hvx.h"
#include "vgic.h"

#define GICV3_COMPATIBLE	"arm,gic-v3"
#define DOORBELL_SGI		15
/* Above Linux's interrupts (GICD_INT_DEF_PRI), under its priority mask. */
#define DOORBELL_PRIO		0x80
#define MAX_REDIST_REGIONS	16
/* RD_base and SGI_base; VLPI_base and a reserved frame with GICv4. */
#define REDIST_STRIDE		(2 * SZ_64K)
#define REDIST_STRIDE_VLPIS	(4 * SZ_64K)

/*
 * el2_sgis (module parameter): EL2 sends guests' ICC_SGI1R_EL1 SGIs
 * itself. On by default where the doorbell can be had; writable, to
 * compare with the host's vGIC sending them (make bench, the tests).
 */
static bool el2_sgis = true;
static bool doorbell_inited;		/* hvx_vgic_doorbell_init() ran */
static int doorbell_cpuhp;		/* > 0: the doorbell is set up */
static DEFINE_MUTEX(doorbell_lock);

static int doorbell_tell_el2(bool on)
{
	struct hvx_hc_res res;

	return hvx_hyp_call(HVX_HC_VGIC_DOORBELL,
			    on ? DOORBELL_SGI : HVX_DOORBELL_OFF, &res);
}

static int el2_sgis_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	mutex_lock(&doorbell_lock);
	/* Before init: insmod's setting, for init to use. */
	if (doorbell_inited && doorbell_cpuhp > 0)
		ret = doorbell_tell_el2(on);
	else if (doorbell_inited && on)
		ret = -ENODEV;
	if (!ret)
		el2_sgis = on;
	mutex_unlock(&doorbell_lock);
	return ret;
}

static const struct kernel_param_ops el2_sgis_ops = {
	.set = el2_sgis_set,
	.get = param_get_bool,
};
module_param_cb(el2_sgis, &el2_sgis_ops, &el2_sgis, 0644);
MODULE_PARM_DESC(el2_sgis, "EL2 sends guests' SGIs itself, with a doorbell SGI (default: where the GIC allows)");

static void __iomem *redist_regions[MAX_REDIST_REGIONS];
static u64 redist_sizes[MAX_REDIST_REGIONS];
static unsigned int nr_redist_regions;
static u64 redist_stride;

/* GICR_TYPER.Affinity_Value of this CPU: Aff3.Aff2.Aff1.Aff0. */
static u64 my_affinity(void)
{
	u64 mpidr = read_cpuid_mpidr();

	return MPIDR_AFFINITY_LEVEL(mpidr, 3) << 24 |
	       MPIDR_AFFINITY_LEVEL(mpidr, 2) << 16 |
	       MPIDR_AFFINITY_LEVEL(mpidr, 1) << 8 |
	       MPIDR_AFFINITY_LEVEL(mpidr, 0);
}

/* This CPU's SGI_base frame, or NULL. */
static void __iomem *my_sgi_base(void)
{
	u64 aff = my_affinity(), typer, off;
	void __iomem *rd;
	unsigned int r;

	for (r = 0; r < nr_redist_regions; r++) {
		for (off = 0; off + REDIST_STRIDE <= redist_sizes[r];) {
			rd = redist_regions[r] + off;
			typer = readq_relaxed(rd + GICR_TYPER);
			if (FIELD_GET(GICR_TYPER_AFFINITY, typer) == aff)
				return rd + SZ_64K;
			if (typer & GICR_TYPER_LAST)
				break;
			off += redist_stride ?: (typer & GICR_TYPER_VLPIS ?
						 REDIST_STRIDE_VLPIS :
						 REDIST_STRIDE);
		}
	}
	return NULL;
}

static int doorbell_cpu_up(unsigned int cpu)
{
	void __iomem *sgi = my_sgi_base();
	u32 bit = BIT(DOORBELL_SGI);

	if (!sgi) {
		pr_warn("CPU %u: no redistributor: guests' SGIs to it go the slow way\n",
			cpu);
		return 0;
	}
	writel_relaxed(bit, sgi + GICR_ICENABLER0);
	writeb_relaxed(DOORBELL_PRIO, sgi + GICR_IPRIORITYR0 + DOORBELL_SGI);
	writel_relaxed(readl_relaxed(sgi + GICR_IGROUPR0) & ~bit,
		       sgi + GICR_IGROUPR0);
	writel(bit, sgi + GICR_ISENABLER0);
	return 0;
}

static int doorbell_cpu_down(unsigned int cpu)
{
	void __iomem *sgi = my_sgi_base();
	u32 bit = BIT(DOORBELL_SGI);

	if (!sgi)
		return 0;
	/* As Linux left it: disabled, Group 1. */
	writel_relaxed(bit, sgi + GICR_ICENABLER0);
	writel(readl_relaxed(sgi + GICR_IGROUPR0) | bit, sgi + GICR_IGROUPR0);
	return 0;
}

static void unmap_regions(void)
{
	while (nr_redist_regions)
		iounmap(redist_regions[--nr_redist_regions]);
}

/* GICD_CTLR.DS: one security state, so Group 0 is the non-secure side's. */
static bool gic_has_ds(struct device_node *np)
{
	void __iomem *dist = of_iomap(np, 0);
	bool ds;

	if (!dist)
		return false;
	ds = readl_relaxed(dist + GICD_CTLR) & GICD_CTLR_DS;
	iounmap(dist);
	return ds;
}

static int map_regions(struct device_node *np)
{
	struct resource res;
	u32 nr = 1;

	of_property_read_u32(np, "#redistributor-regions", &nr);
	if (of_property_read_u64(np, "redistributor-stride", &redist_stride))
		redist_stride = 0;
	if (!nr || nr > MAX_REDIST_REGIONS)
		return -EINVAL;
	for (; nr_redist_regions < nr; nr_redist_regions++) {
		/* reg: GICD, then the redistributor regions. */
		if (of_address_to_resource(np, 1 + nr_redist_regions, &res))
			goto err;
		redist_regions[nr_redist_regions] =
			ioremap(res.start, resource_size(&res));
		if (!redist_regions[nr_redist_regions])
			goto err;
		redist_sizes[nr_redist_regions] = resource_size(&res);
	}
	return 0;
err:
	unmap_regions();
	return -ENODEV;
}

/* Make SGI DOORBELL_SGI Group 0 on every CPU, then tell EL2 if asked. */
static int doorbell_setup(void)
{
	struct device_node *np;
	int ret;

	np = of_find_compatible_node(NULL, NULL, GICV3_COMPATIBLE);
	if (!np)
		return -ENODEV;
	ret = -ENODEV;
	if (gic_has_ds(np))
		ret = map_regions(np);
	of_node_put(np);
	if (ret)
		return ret;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvx-doorbell",
				doorbell_cpu_up, doorbell_cpu_down);
	if (ret < 0)
		goto err_unmap;
	doorbell_cpuhp = ret;
	if (!el2_sgis)
		return 0;
	ret = doorbell_tell_el2(true);
	if (!ret)
		return 0;
	cpuhp_remove_state(doorbell_cpuhp);
	doorbell_cpuhp = 0;
err_unmap:
	unmap_regions();
	return ret;
}

/* Without a doorbell, the host's vGIC sends every SGI: not an error. */
void hvx_vgic_doorbell_init(void)
{
	int ret;

	mutex_lock(&doorbell_lock);
	ret = doorbell_setup();
	if (ret == -ENODEV)
		pr_info("GIC with two security states, or no redistributors in the device tree: the host sends guests' SGIs\n");
	else if (ret)
		pr_warn("no doorbell for EL2 (%d): the host sends guests' SGIs\n",
			ret);
	if (doorbell_cpuhp <= 0)
		el2_sgis = false;
	doorbell_inited = true;
	mutex_unlock(&doorbell_lock);
}

void hvx_vgic_doorbell_exit(void)
{
	mutex_lock(&doorbell_lock);
	if (doorbell_cpuhp > 0) {
		doorbell_tell_el2(false);
		cpuhp_remove_state(doorbell_cpuhp);
		unmap_regions();
	}
	doorbell_cpuhp = 0;
	doorbell_inited = false;
	mutex_unlock(&doorbell_lock);
}
