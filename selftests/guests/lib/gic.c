// SPDX-License-Identifier: GPL-2.0
/* The GICv3 layer of the test guests: see gic.h. */
#include "guest.h"
#include "gic.h"

#define GIC_DEFAULT_PRIO	0xa0
#define GIC_RWP_TIMEOUT_US	1000000

struct gic_cpu_stats gic_stats[GUEST_MAX_CPUS];
static gic_irq_hook irq_hook;

void gic_set_irq_hook(gic_irq_hook hook)
{
	WRITE_ONCE(irq_hook, hook);
	dsb_sy();
}

static void gic_handle_irq(void)
{
	unsigned int cpu = guest_this_cpu();
	struct gic_cpu_stats *st;
	gic_irq_hook hook;
	u64 iar;
	u32 intid;

	iar = gic_read_sysreg(ICC_IAR1_EL1);
	intid = ICC_IAR_INTID(iar);
	if (cpu >= GUEST_MAX_CPUS)
		guest_fail("interrupt %u on an unknown vcpu", intid);
	st = &gic_stats[cpu];
	if (intid >= GIC_FIRST_SPECIAL) {
		st->spurious++;
		return;
	}
	st->count[intid]++;
	if (st->nr_log < GIC_LOG_MAX)
		st->log[st->nr_log++] = intid;
	st->total++;
	hook = READ_ONCE(irq_hook);
	if (hook)
		hook(cpu, intid);
	gic_write_sysreg(iar, ICC_EOIR1_EL1);
	isb();
}

void gic_stats_reset(unsigned int cpu)
{
	memset(&gic_stats[cpu], 0, sizeof(gic_stats[cpu]));
	dsb_sy();
}

static void gicd_wait_rwp(void)
{
	u64 end = guest_now_us() + GIC_RWP_TIMEOUT_US;

	while (gicd_read(GICD_CTLR) & GICD_CTLR_RWP)
		if (guest_now_us() > end)
			guest_fail("GICD_CTLR.RWP stays set");
}

void gic_dist_init(unsigned int nr_irqs)
{
	unsigned int i;

	gicd_write(GICD_CTLR, 0);
	gicd_wait_rwp();
	for (i = GIC_NR_PRIVATE; i < nr_irqs; i += 32) {
		gicd_write(GICD_IGROUPR + i / 8, ~0u);
		gicd_write(GICD_ICENABLER + i / 8, ~0u);
		gicd_write(GICD_ICPENDR + i / 8, ~0u);
		gicd_write(GICD_ICACTIVER + i / 8, ~0u);
	}
	for (i = GIC_NR_PRIVATE; i < nr_irqs; i += 16)
		gicd_write(GICD_ICFGR + i / 4, 0);
	for (i = GIC_NR_PRIVATE; i < nr_irqs; i += 4)
		gicd_write(GICD_IPRIORITYR + i, GIC_DEFAULT_PRIO * 0x01010101u);
	for (i = GIC_NR_PRIVATE; i < nr_irqs && i < GIC_FIRST_SPECIAL; i++)
		gic_irq_route(i, guest.fdt.mpidr[0]);
	gicd_wait_rwp();
	gicd_write(GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1);
	gicd_wait_rwp();
}

void gic_cpu_init(unsigned int cpu)
{
	u64 rd = gicr_base(cpu), sgi = gicr_sgi_base(cpu);
	u64 end = guest_now_us() + GIC_RWP_TIMEOUT_US;
	unsigned int i;

	raw_write32(rd + GICR_WAKER,
		    raw_read32(rd + GICR_WAKER) & ~GICR_WAKER_PSLEEP);
	while (raw_read32(rd + GICR_WAKER) & GICR_WAKER_CASLEEP)
		if (guest_now_us() > end)
			guest_fail("cpu %u: GICR_WAKER.ChildrenAsleep stays set",
				   cpu);
	raw_write32(sgi + GICR_IGROUPR0, ~0u);
	raw_write32(sgi + GICR_ICENABLER0, ~0u);
	raw_write32(sgi + GICR_ICPENDR0, ~0u);
	raw_write32(sgi + GICR_ICACTIVER0, ~0u);
	for (i = 0; i < GIC_NR_PRIVATE; i += 4)
		raw_write32(sgi + GICR_IPRIORITYR + i,
			    GIC_DEFAULT_PRIO * 0x01010101u);

	gic_write_sysreg(gic_read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE,
			 ICC_SRE_EL1);
	isb();
	gic_write_sysreg(0xff, ICC_PMR_EL1);
	gic_write_sysreg(0, ICC_BPR1_EL1);
	gic_write_sysreg(gic_read_sysreg(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE,
			 ICC_CTLR_EL1);
	gic_write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
	gic_stats_reset(cpu);
	guest_set_irq_handler(gic_handle_irq);
}

/* The frame holding intid's bits: cpu's SGI_base or the distributor. */
static u64 irq_frame(unsigned int cpu, u32 intid)
{
	return intid < GIC_NR_PRIVATE ? gicr_sgi_base(cpu) : GUEST_GICD_BASE;
}

/* Offset and bit of intid in a one-bit-per-INTID register array at reg. */
static u64 bit_reg(unsigned int cpu, u32 intid, u32 reg)
{
	return irq_frame(cpu, intid) + reg + intid / 32 * 4;
}

#define IRQ_BIT(intid)		(1u << ((intid) % 32))

void gic_irq_enable(unsigned int cpu, u32 intid, bool on)
{
	raw_write32(bit_reg(cpu, intid, on ? GICD_ISENABLER : GICD_ICENABLER),
		    IRQ_BIT(intid));
	dsb_sy();
}

void gic_irq_set_pending(unsigned int cpu, u32 intid, bool on)
{
	raw_write32(bit_reg(cpu, intid, on ? GICD_ISPENDR : GICD_ICPENDR),
		    IRQ_BIT(intid));
	dsb_sy();
}

bool gic_irq_is_pending(unsigned int cpu, u32 intid)
{
	return raw_read32(bit_reg(cpu, intid, GICD_ISPENDR)) & IRQ_BIT(intid);
}

bool gic_irq_is_active(unsigned int cpu, u32 intid)
{
	return raw_read32(bit_reg(cpu, intid, GICD_ISACTIVER)) & IRQ_BIT(intid);
}

void gic_irq_set_priority(unsigned int cpu, u32 intid, u8 prio)
{
	raw_write8(irq_frame(cpu, intid) + GICD_IPRIORITYR + intid, prio);
	dsb_sy();
}

void gic_irq_set_edge(u32 intid, bool edge)
{
	u64 reg = GUEST_GICD_BASE + GICD_ICFGR + intid / 16 * 4;
	u32 bit = 2u << (2 * (intid % 16));
	u32 v = raw_read32(reg);

	raw_write32(reg, edge ? v | bit : v & ~bit);
	dsb_sy();
}

/* GICD_IROUTER's affinity fields from an MPIDR: Aff3 [39:32], Aff2-0. */
void gic_irq_route(u32 intid, u64 mpidr)
{
	raw_write64(GUEST_GICD_BASE + GICD_IROUTER + 8 * intid,
		    mpidr & MPIDR_AFF_MASK);
	dsb_sy();
}

u64 gic_sgir_for(u32 intid, u64 mpidr)
{
	u32 aff0 = mpidr & 0xff;

	return SGIR_INTID(intid) | SGIR_AFF1(mpidr >> 8) |
	       SGIR_AFF2(mpidr >> 16) | SGIR_AFF3(mpidr >> 32) |
	       SGIR_RS(aff0 >> 4) | SGIR_TARGETS(1u << (aff0 & 0xf));
}

void gic_send_sgi1r(u64 val)
{
	dsb_sy();
	gic_write_sysreg(val, ICC_SGI1R_EL1);
	isb();
}

u32 gic_wait_count(unsigned int cpu, u32 intid, u32 want, u64 timeout_us)
{
	u64 end = guest_now_us() + timeout_us;
	u32 n;

	while ((n = READ_ONCE(gic_stats[cpu].count[intid])) < want &&
	       guest_now_us() < end)
		cpu_relax();
	return n;
}

void gic_spin_us(u64 us)
{
	u64 end = guest_now_us() + us;

	while (guest_now_us() < end)
		cpu_relax();
}

void gic_take_irqs(u64 us)
{
	irqs_enable();
	gic_spin_us(us);
	irqs_disable();
}

bool testdev_present(void)
{
	u64 v = 0;

	return guest_bootarg_u64("hvx-testdev", &v) && v == 1;
}

u32 testdev_line(u32 intid, bool level)
{
	raw_write32(TESTDEV_BASE + TESTDEV_LINE,
		    intid | (level ? TESTDEV_LEVEL : 0));
	return raw_read32(TESTDEV_BASE + TESTDEV_STATUS);
}

void testdev_line_later(u32 intid, bool level, u32 delay_ms)
{
	raw_write32(TESTDEV_BASE + TESTDEV_DELAY_MS, delay_ms);
	raw_write32(TESTDEV_BASE + TESTDEV_LINE_LATER,
		    intid | (level ? TESTDEV_LEVEL : 0));
}
