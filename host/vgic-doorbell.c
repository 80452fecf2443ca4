// SPDX-License-Identifier: GPL-2.0-only
/*
 * EL2's own interrupts (hyp/vgic-fiq.c), made Group 0 on every CPU's
 * redistributor: the doorbell for the SGIs EL2 sends guests itself
 * (hyp/vgic-sgi.c), an SGI Linux leaves unused, and the virtual timer's
 * PPI, which only guests use (the host kernel has the physical timer).
 * With one security state (GICD_CTLR.DS) Group 0 is signalled as an FIQ,
 * and EL2 enables Group 0 only while a guest runs, so these are always
 * taken at EL2 and never reach the host.
 *
 * Linux's GICv3 driver sends IPIs with SGIs 0-7 at most, and makes every
 * SGI and PPI Group 1 (the SGIs disabled) as a CPU comes up: the hotplug
 * callback here runs later in bring-up and makes them Group 0 again; it
 * gives them back (Group 1, the doorbell disabled) as the CPU goes down or
 * hvx unloads. The redistributors are found in the host's device tree and
 * matched to CPUs by GICR_TYPER's affinity, as the GIC driver does.
 *
 * Without DS (Group 0 is the Secure world's then), or without a
 * redistributor for a CPU, EL2 gets neither: the host's vGIC sends every
 * SGI (vgic-sgi.c) and takes the timer's interrupt (vtimer.c), as before.
 * The timer's also needs the host to split priority drop and
 * deactivation (ICC_CTLR_EL1.EOImode 1, as Linux has when it booted at
 * EL2), for EL2's list register tied to the physical interrupt.
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
#include <asm/sysreg.h>

#include "hvx.h"
#include "vgic.h"
#include "vtimer.h"

#define GICV3_COMPATIBLE	"arm,gic-v3"
#define DOORBELL_SGI		15
/*
 * Below Linux's interrupts (GICD_INT_DEF_PRI, 0xa0) and above its
 * priority mask (0xf0): the GIC signals a pending host interrupt first,
 * so no flood of these (a guest sending SGIs in a loop) keeps the host's
 * interrupts, its timer among them, from a CPU.
 */
#define DOORBELL_PRIO		0xc0
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
/* el2_vtimer: EL2 injects the virtual timer's interrupt itself. */
static bool el2_vtimer = true;
module_param(el2_vtimer, bool, 0444);
MODULE_PARM_DESC(el2_vtimer, "EL2 injects guests' virtual timer interrupts itself (default: where the GIC allows)");

static bool doorbell_inited;		/* hvx_vgic_doorbell_init() ran */
static int doorbell_cpuhp;		/* > 0: the doorbell is set up */
static u32 vtimer_intid;		/* the vtimer PPI, Group 0; or 0 */
static DEFINE_MUTEX(doorbell_lock);

static int doorbell_tell_el2(bool on)
{
	struct hvx_hc_res res;

	return hvx_hyp_call4(HVX_HC_VGIC_DOORBELL,
			     on ? DOORBELL_SGI : HVX_DOORBELL_OFF,
			     vtimer_intid, 0, 0, &res);
}

bool hvx_vgic_el2_vtimer(void)
{
	return READ_ONCE(vtimer_intid);
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

/* The INTIDs EL2 takes as Group 0: the doorbell, and the vtimer's PPI. */
static u32 group0_bits(void)
{
	return BIT(DOORBELL_SGI) | (vtimer_intid ? BIT(vtimer_intid) : 0);
}

static int doorbell_cpu_up(unsigned int cpu)
{
	void __iomem *sgi = my_sgi_base();
	u32 bit = BIT(DOORBELL_SGI);

	if (!sgi) {
		pr_warn("CPU %u: no redistributor: guests' SGIs and timer go through the host there\n",
			cpu);
		return 0;
	}
	/* The timer's PPI stays as enabled as its driver (vtimer.c) has it. */
	writel_relaxed(bit, sgi + GICR_ICENABLER0);
	writeb_relaxed(DOORBELL_PRIO, sgi + GICR_IPRIORITYR0 + DOORBELL_SGI);
	if (vtimer_intid)
		writeb_relaxed(DOORBELL_PRIO,
			       sgi + GICR_IPRIORITYR0 + vtimer_intid);
	writel_relaxed(readl_relaxed(sgi + GICR_IGROUPR0) & ~group0_bits(),
		       sgi + GICR_IGROUPR0);
	writel(bit, sgi + GICR_ISENABLER0);
	return 0;
}

static int doorbell_cpu_down(unsigned int cpu)
{
	void __iomem *sgi = my_sgi_base();

	if (!sgi)
		return 0;
	/* As Linux left them: Group 1, the doorbell disabled. */
	writel_relaxed(BIT(DOORBELL_SGI), sgi + GICR_ICENABLER0);
	writel(readl_relaxed(sgi + GICR_IGROUPR0) | group0_bits(),
	       sgi + GICR_IGROUPR0);
	return 0;
}

/* The vtimer's PPI, if EL2 can inject it: see the top of the file. */
static u32 vtimer_for_el2(void)
{
	u32 intid = hvx_vtimer_host_intid();

	if (!el2_vtimer || intid < 16 || intid > 31 ||
	    !(read_sysreg_s(SYS_ICC_CTLR_EL1) & ICC_CTLR_EL1_EOImode_MASK))
		return 0;
	return intid;
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
	/*
	 * EL2 first: until a CPU's PPI is Group 0, the host takes the
	 * timer's interrupt there, as before (vtimer.c re-enables it where
	 * it had it disabled).
	 */
	vtimer_intid = vtimer_for_el2();
	ret = doorbell_tell_el2(el2_sgis);
	if (ret)
		goto err_unmap;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvx-doorbell",
				doorbell_cpu_up, doorbell_cpu_down);
	if (ret >= 0) {
		doorbell_cpuhp = ret;
		return 0;
	}
	doorbell_tell_el2(false);
err_unmap:
	vtimer_intid = 0;
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
	el2_vtimer = vtimer_intid;
	doorbell_inited = true;
	mutex_unlock(&doorbell_lock);
}

void hvx_vgic_doorbell_exit(void)
{
	mutex_lock(&doorbell_lock);
	if (doorbell_cpuhp > 0) {
		/* The CPUs first: the host takes the timer's again, then EL2. */
		cpuhp_remove_state(doorbell_cpuhp);
		vtimer_intid = 0;
		doorbell_tell_el2(false);
		unmap_regions();
	}
	doorbell_cpuhp = 0;
	doorbell_inited = false;
	mutex_unlock(&doorbell_lock);
}
