// SPDX-License-Identifier: GPL-2.0
/*
 * gic-hostile: a guest that attacks its virtual GICv3, then checks that
 * it still works. One "pass:"/"fail:" line a check (lib/check.h).
 *   1. Every offset of the distributor frame and of both 64 KiB frames of
 *      every redistributor that holds registers (the reserved space in
 *      between every 64 bytes; all of it with hvx-gic-full=1) is read and
 *      written with every width (1, 2, 4 and 8 bytes, aligned;
 *      hvx-gic-stride=N: every Nth offset) and pseudo-random values
 *      (hvx-seed=), the
 *      frames shared out among all vCPUs, which do it at once with IRQs
 *      masked; an access may read anything or abort into the guest (the
 *      abort is counted and stepped over), nothing else may happen.
 *   2. vCPU 0: random ICC_SGI1R/ASGI1R/SGI0R_EL1 values (absent vCPUs,
 *      any affinity, IRM), SGIs to absent vCPUs by target list and range,
 *      random INTIDs written to ICC_EOIR1/EOIR0/DIR_EL1, garbage in the
 *      CPU interface's control registers (restored after); with fewer
 *      than 1024 INTIDs (hvx-gic-irqs=), the registers of INTIDs beyond
 *      them read as zero after being written.
 *   3. The GIC set up again; every SPI (32-1019 with 1024 INTIDs: 988)
 *      enabled, routed round-robin to the vCPUs and made pending through
 *      GICD_ISPENDR at once: each taken exactly once, on its vCPU.
 *   4. An SGI to self still arrives, once.
 * Ends with "done: N checks, M failed" and SYSTEM_OFF. A correct
 * hypervisor survives all of it; so do the host and the other VMs.
 */
#include "guest.h"
#include "check.h"
#include "gic.h"

GUEST_NAME("gic-hostile");

#define FRAME_SIZE	0x10000UL
#define MAX_FRAMES	(1 + 2 * GUEST_MAX_CPUS)
#define WAIT_US		10000000
#define STORM_US	(900ULL * 1000000)	/* the sweep's limit */
#define NR_RANDOM_SGIS	1000
#define NR_RANDOM_EOIS	1000

static unsigned int nr_cpus, nr_irqs;
static u64 stride = 1;		/* hvx-gic-stride=: offsets apart */
static u64 seed = 0x68767821;

/* per vCPU: accesses done, aborts taken, and the phase reached */
static struct {
	u64 rng;
	u64 accesses, aborts, others;
	u32 swept;		/* phase 1 done */
	u32 ready;		/* phase 3: GIC set up */
	u64 last_esr;
} cpu_state[GUEST_MAX_CPUS];
static u32 go_phase3;

static u64 rnd(unsigned int cpu)
{
	u64 x = cpu_state[cpu].rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	cpu_state[cpu].rng = x;
	return x;
}

/* Aborts from the accesses: count them, step over the instruction. */
static bool hostile_hook(struct guest_regs *regs, unsigned int vec)
{
	unsigned int cpu = guest_this_cpu();

	if ((vec & VEC_KIND_MASK) != VEC_SYNC || cpu >= GUEST_MAX_CPUS)
		return false;
	if (esr_ec(regs->esr) == EC_DABT_CUR)
		cpu_state[cpu].aborts++;
	else
		cpu_state[cpu].others++;	/* e.g. an UNDEFINED sysreg */
	cpu_state[cpu].last_esr = regs->esr;
	regs->elr += A64_INSN_SIZE;
	return true;
}

static void access_at(unsigned int cpu, u64 addr, unsigned int width)
{
	u64 v = rnd(cpu);

	switch (width) {
	case 1:
		asm volatile("ldrb %w0, [%1]" : "+r" (v) : "r" (addr) : "memory");
		v = rnd(cpu);
		asm volatile("strb %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
		break;
	case 2:
		asm volatile("ldrh %w0, [%1]" : "+r" (v) : "r" (addr) : "memory");
		v = rnd(cpu);
		asm volatile("strh %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
		break;
	case 4:
		asm volatile("ldr %w0, [%1]" : "+r" (v) : "r" (addr) : "memory");
		v = rnd(cpu);
		asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
		break;
	default:
		asm volatile("ldr %x0, [%1]" : "+r" (v) : "r" (addr) : "memory");
		v = rnd(cpu);
		asm volatile("str %x0, [%1]" : : "r" (v), "r" (addr) : "memory");
		break;
	}
	cpu_state[cpu].accesses += 2;
}

static u64 frame_base(unsigned int f)
{
	return f ? GUEST_GICR_BASE + (f - 1) * FRAME_SIZE : GUEST_GICD_BASE;
}

/*
 * Where a frame has registers (Arm IHI 0069 tables 8-1, 9-1, 9-25, the ID
 * registers at the top of each): every byte offset there is swept; the
 * reserved space in between every RESERVED_STEP bytes, unless
 * hvx-gic-full=1 (every offset of everything: 2.2 million accesses with 4
 * vCPUs, minutes under TCG).
 */
struct reg_range {
	u32 start, end;
};

static const struct reg_range gicd_regs[] = {
	{ 0x0000, 0x1000 },	/* CTLR .. NSACR, SGIR, CPENDSGIR, SPENDSGIR, INMIR */
	{ 0x6000, 0x8000 },	/* IROUTER */
	{ 0xffc0, 0x10000 },	/* ID registers */
};

static const struct reg_range rd_regs[] = {
	{ 0x0000, 0x0100 },	/* CTLR .. PENDBASER, INVLPIR, INVALLR, SYNCR */
	{ 0xffc0, 0x10000 },
};

static const struct reg_range sgi_regs[] = {
	{ 0x0000, 0x1000 },	/* IGROUPR0 .. NSACR */
	{ 0xffc0, 0x10000 },
};

#define RESERVED_STEP	64

static bool full_sweep;

static bool in_regs(unsigned int f, u64 off)
{
	const struct reg_range *r = !f ? gicd_regs : (f & 1) ? rd_regs : sgi_regs;
	unsigned int n = !f ? ARRAY_SIZE(gicd_regs) :
			 (f & 1) ? ARRAY_SIZE(rd_regs) : ARRAY_SIZE(sgi_regs);
	unsigned int i;

	for (i = 0; i < n; i++)
		if (off >= r[i].start && off < r[i].end)
			return true;
	return false;
}

/* Phase 1 on one vCPU: frames cpu, cpu + nr_cpus, ... */
static void sweep(unsigned int cpu)
{
	unsigned int nr_frames = 1 + 2 * nr_cpus, f, w;
	u64 end = guest_now_us() + STORM_US;
	u64 off;

	for (f = cpu; f < nr_frames; f += nr_cpus) {
		u64 base = frame_base(f);
		u64 t0 = guest_now_us();

		for (off = 0; off < FRAME_SIZE; off += stride) {
			if (!full_sweep && !in_regs(f, off) &&
			    off % RESERVED_STEP)
				continue;
			for (w = 1; w <= 8; w *= 2)
				if (!(off % w))
					access_at(cpu, base + off, w);
			if (!(off & 0xfff) && guest_now_us() > end)
				return;
		}
		if (!cpu)
			report("frame %u (0x%llx) swept in %llu ms", f, base,
			       (guest_now_us() - t0) / 1000);
	}
	dsb_sy();
	WRITE_ONCE(cpu_state[cpu].swept, 1);
}

static void phase3_cpu(unsigned int cpu)
{
	gic_cpu_init(cpu);
	dsb_sy();
	WRITE_ONCE(cpu_state[cpu].ready, 1);
	irqs_enable();
}

void guest_secondary(unsigned int cpu)
{
	sweep(cpu);
	while (!READ_ONCE(go_phase3))
		cpu_relax();
	phase3_cpu(cpu);
	for (;;)
		cpu_relax();
}

static void random_sysregs(void)
{
	u64 pmr = gic_read_sysreg(ICC_PMR_EL1);
	u64 bpr = gic_read_sysreg(ICC_BPR1_EL1);
	u64 ctlr = gic_read_sysreg(ICC_CTLR_EL1);
	u64 grp1 = gic_read_sysreg(ICC_IGRPEN1_EL1);
	u64 grp0 = gic_read_sysreg(ICC_IGRPEN0_EL1);
	u64 sre = gic_read_sysreg(ICC_SRE_EL1);
	unsigned int i, t;
	u64 v;

	for (i = 0; i < NR_RANDOM_SGIS; i++) {
		v = rnd(0);
		switch (i % 4) {
		case 0:
			gic_write_sysreg(v, ICC_SGI1R_EL1);
			break;
		case 1:
			gic_write_sysreg(v, ICC_ASGI1R_EL1);
			break;
		case 2:
			gic_write_sysreg(v, ICC_SGI0R_EL1);
			break;
		default:
			gic_write_sysreg(v | SGIR_IRM, ICC_SGI1R_EL1);
			break;
		}
	}
	/* absent vCPUs: Aff0 beyond the last, every range, other clusters */
	for (t = 0; t < 16; t++) {
		gic_send_sgi1r(SGIR_INTID(t) | SGIR_TARGETS(0xffff & ~((1u << nr_cpus) - 1)));
		gic_send_sgi1r(SGIR_INTID(t) | SGIR_RS(t) | SGIR_TARGETS(0xffff));
		gic_send_sgi1r(SGIR_INTID(t) | SGIR_AFF1(t + 1) | SGIR_AFF2(0xff) |
			       SGIR_AFF3(0xff) | SGIR_TARGETS(0xffff));
	}
	for (i = 0; i < NR_RANDOM_EOIS; i++) {
		v = rnd(0) & (i & 1 ? 0xffffff : 0x7ff);
		gic_write_sysreg(v, ICC_EOIR1_EL1);
		gic_write_sysreg(v, ICC_EOIR0_EL1);
		gic_write_sysreg(v, ICC_DIR_EL1);
		(void)gic_read_sysreg(ICC_IAR1_EL1);
		(void)gic_read_sysreg(ICC_IAR0_EL1);
		(void)gic_read_sysreg(ICC_HPPIR1_EL1);
		(void)gic_read_sysreg(ICC_RPR_EL1);
	}
	for (i = 0; i < 256; i++) {
		gic_write_sysreg(rnd(0), ICC_PMR_EL1);
		gic_write_sysreg(rnd(0), ICC_BPR1_EL1);
		gic_write_sysreg(rnd(0), ICC_CTLR_EL1);
		gic_write_sysreg(rnd(0), ICC_IGRPEN1_EL1);
		gic_write_sysreg(rnd(0), ICC_IGRPEN0_EL1);
		gic_write_sysreg(rnd(0), ICC_AP1R0_EL1);
		gic_write_sysreg(rnd(0), ICC_SRE_EL1);
		isb();
	}
	gic_write_sysreg(0, ICC_AP1R0_EL1);
	gic_write_sysreg(sre, ICC_SRE_EL1);
	gic_write_sysreg(pmr, ICC_PMR_EL1);
	gic_write_sysreg(bpr, ICC_BPR1_EL1);
	gic_write_sysreg(ctlr, ICC_CTLR_EL1);
	gic_write_sysreg(grp0, ICC_IGRPEN0_EL1);
	gic_write_sysreg(grp1, ICC_IGRPEN1_EL1);
	isb();
}

/* INTIDs beyond nr_irqs: their registers are RAZ/WI. */
static void beyond_nr_irqs(void)
{
	u32 first = nr_irqs, bad = 0;
	u64 r;

	if (nr_irqs >= GIC_MAX_INTID) {
		check_skip("INTIDs beyond nr_irqs: the VM has all 1024");
		return;
	}
	gicd_write(GICD_ISENABLER + first / 8, ~0u);
	gicd_write(GICD_ISPENDR + first / 8, ~0u);
	gicd_write(GICD_ISACTIVER + first / 8, ~0u);
	gicd_write(GICD_IGROUPR + first / 8, ~0u);
	gicd_write(GICD_IPRIORITYR + first, 0x80808080);
	gicd_write(GICD_ICFGR + first / 4, ~0u);
	raw_write64(GUEST_GICD_BASE + GICD_IROUTER + 8 * first, guest.fdt.mpidr[0]);
	/* bit n of bad: register n of this list read back non-zero */
	bad |= !!gicd_read(GICD_ISENABLER + first / 8) << 0;
	bad |= !!gicd_read(GICD_ISPENDR + first / 8) << 1;
	bad |= !!gicd_read(GICD_ISACTIVER + first / 8) << 2;
	bad |= !!gicd_read(GICD_IGROUPR + first / 8) << 3;
	bad |= !!gicd_read(GICD_IPRIORITYR + first) << 4;
	bad |= !!gicd_read(GICD_ICFGR + first / 4) << 5;
	r = raw_read64(GUEST_GICD_BASE + GICD_IROUTER + 8 * first);
	check(!bad && !r,
	      "INTID %u and up (beyond nr_irqs %u): enable, pending, active, group, priority, config, IROUTER read as zero after writes (non-zero: 0x%x in that order, IROUTER 0x%llx)",
	      first, nr_irqs, bad, r);
}

static void all_spis(void)
{
	u32 last = nr_irqs < GIC_FIRST_SPECIAL ? nr_irqs : GIC_FIRST_SPECIAL;
	u32 nr_spis = last - GIC_NR_PRIVATE, i, missing = 0, twice = 0;
	u32 wrong_cpu = 0, total = 0;
	unsigned int c;
	u64 end;

	gic_dist_init(nr_irqs);
	phase3_cpu(0);
	irqs_disable();
	WRITE_ONCE(go_phase3, 1);
	dsb_sy();
	for (c = 1; c < nr_cpus; c++) {
		end = guest_now_us() + WAIT_US;
		while (!READ_ONCE(cpu_state[c].ready))
			if (guest_now_us() > end)
				guest_fail("vcpu %u did not set up its GIC", c);
	}
	for (i = GIC_NR_PRIVATE; i < last; i++)
		gic_irq_route(i, guest.fdt.mpidr[i % nr_cpus]);
	for (i = GIC_NR_PRIVATE; i < nr_irqs; i += 32)
		gicd_write(GICD_ISENABLER + i / 8, ~0u);
	for (i = GIC_NR_PRIVATE; i < nr_irqs; i += 32)
		gicd_write(GICD_ISPENDR + i / 8, ~0u);
	irqs_enable();
	end = guest_now_us() + WAIT_US * 12;	/* 18 s seen with 4 vCPUs under TCG */
	do {
		total = 0;
		for (c = 0; c < nr_cpus; c++)
			total += READ_ONCE(gic_stats[c].total);
	} while (total < nr_spis && guest_now_us() < end);
	gic_spin_us(100000);
	irqs_disable();
	for (i = GIC_NR_PRIVATE; i < last; i++) {
		u32 n = 0, mine = gic_stats[i % nr_cpus].count[i];

		for (c = 0; c < nr_cpus; c++)
			n += gic_stats[c].count[i];
		if (!n)
			missing++;
		else if (n > 1)
			twice++;
		else if (mine != 1)
			wrong_cpu++;
	}
	total = 0;
	for (c = 0; c < nr_cpus; c++)
		total += gic_stats[c].total;
	check(!missing && !twice && total == nr_spis,
	      "all %u SPIs enabled and pending through GICD_ISPENDR at once: each taken once (%u missing, %u more than once, %u in all)",
	      nr_spis, missing, twice, total);
	check(!wrong_cpu,
	      "... each on the vCPU GICD_IROUTER names (%u elsewhere)",
	      wrong_cpu);
	for (i = GIC_NR_PRIVATE; i < nr_irqs; i += 32)
		gicd_write(GICD_ICENABLER + i / 8, ~0u);
}

static void still_works(void)
{
	gic_stats_reset(0);
	gic_irq_enable(0, 2, true);
	gic_send_sgi1r(gic_sgir_for(2, guest.fdt.mpidr[0]));
	irqs_enable();
	gic_wait_count(0, 2, 1, WAIT_US);
	irqs_disable();
	check(gic_stats[0].count[2] == 1,
	      "after all that, an SGI to self still arrives once (%u)",
	      gic_stats[0].count[2]);
}

void guest_main(void)
{
	unsigned int c;
	u64 v, t0, accesses = 0, aborts = 0, others = 0;
	bool swept = true;

	nr_cpus = guest.fdt.nr_cpus;
	nr_irqs = GIC_MAX_INTID;
	if (guest_bootarg_u64("hvx-gic-irqs", &v) && v >= 64 &&
	    v <= GIC_MAX_INTID)
		nr_irqs = v;
	guest_bootarg_u64("hvx-seed", &seed);
	if (guest_bootarg_u64("hvx-gic-stride", &v) && v && v <= FRAME_SIZE)
		stride = v;
	full_sweep = guest_bootarg_u64("hvx-gic-full", &v) && v == 1;
	if (guest_this_cpu() != 0)
		guest_fail("the boot vCPU is not vCPU 0");
	report("%u vCPUs, %u INTIDs, seed 0x%llx, stride %llu, %s sweep",
	       nr_cpus, nr_irqs, seed, stride, full_sweep ? "full" : "register");
	for (c = 0; c < GUEST_MAX_CPUS; c++)
		cpu_state[c].rng = seed * (2 * c + 1) | 1;
	guest_set_exception_hook(hostile_hook);

	t0 = guest_now_us();
	for (c = 1; c < nr_cpus; c++) {
		int ret = guest_cpu_on(c);

		if (ret != PSCI_SUCCESS)
			guest_fail("CPU_ON vcpu %u: %s", c, psci_strerror(ret));
	}
	sweep(0);
	for (c = 0; c < nr_cpus; c++) {
		u64 end = guest_now_us() + STORM_US;

		while (!READ_ONCE(cpu_state[c].swept) && guest_now_us() < end)
			cpu_relax();
		swept &= READ_ONCE(cpu_state[c].swept);
		accesses += cpu_state[c].accesses;
		aborts += cpu_state[c].aborts;
		others += cpu_state[c].others;
	}
	check(swept && !others,
	      "GICD and %u x 2 GICR frames: every %s offset read and written at 1, 2, 4, 8 bytes by %u vCPUs at once (%llu accesses, %llu aborted, %llu other exceptions, %llu ms)",
	      nr_cpus, full_sweep ? "" : "register", nr_cpus, accesses,
	      aborts, others,
	      (guest_now_us() - t0) / 1000);

	t0 = guest_now_us();
	v = cpu_state[0].others;
	random_sysregs();
	check(cpu_state[0].others == v,
	      "random SGIs (absent vCPUs, any affinity, IRM), EOIs and CPU interface values: no exception (%llu, last esr 0x%llx, %llu ms)",
	      cpu_state[0].others - v, cpu_state[0].last_esr,
	      (guest_now_us() - t0) / 1000);
	beyond_nr_irqs();
	guest_set_exception_hook(NULL);

	t0 = guest_now_us();
	all_spis();
	report("all SPIs: %llu ms", (guest_now_us() - t0) / 1000);
	still_works();
	checks_done();
}
