// SPDX-License-Identifier: GPL-2.0
/*
 * vgic: the guest's GICv3, checked the way an OS uses it (lib/gic.h), one
 * "pass:"/"fail:" line a check (lib/check.h). Sections, chosen with the
 * bootarg hvx-test=<name> (default: all):
 *   probe  GICD_TYPER (ITLinesNumber from hvx-gic-irqs=N, no LPIs, no
 *          MBIs, 10 INTID bits at least), PIDR2 ArchRev 3 of every frame,
 *          GICR_TYPER of each vCPU (affinity = its MPIDR, Last only on the
 *          last, no LPIs, its 32-bit halves), GICR_WAKER sleep and wake,
 *          enable, pending, group, priority, configuration and IROUTER
 *          bits reading back what was written
 *   sgi    SGIs through ICC_SGI1R_EL1 to self, to target lists, with
 *          IRM=1 (all but self) from two vCPUs, to an absent vCPU, a
 *          disabled SGI staying pending until enabled, a vCPU in WFI woken
 *   prio   16 SGIs pending at once (more than list registers), then SGIs
 *          and SPIs: each acknowledged once, in priority order; 16 at one
 *          priority; ICC_PMR_EL1 holding back lower priorities
 *   spi    SPIs from the VMM (HVX_VM_IRQ_LINE, only with hvx-testdev=1):
 *          level (pending while high, again after EOI while high, gone
 *          when lowered), edge (one per rising edge, two edges while
 *          pending give one), GICD_IROUTER to vCPU 1 then 2 (running:
 *          kicked), vCPU 1 in WFI woken by an SPI, vCPU 0 by its own
 *   wfi    nothing but the WFI wake-ups of sgi and spi (quick re-runs)
 *   poll   vCPU 1 in WFI woken by POLL_ROUNDS SGIs in a row, each sent as
 *          soon as it took the last one (the case halt polling is for:
 *          hvx_halt_poll.sh counts the WFIs polling ended)
 *   flood  vCPU 0 sends vCPU 1 SGIs as fast as it can for FLOOD_US while
 *          vCPU 1 spins taking them (the VMM checks that the host CPU
 *          running vCPU 1 still takes the host's interrupts meanwhile)
 * Ends with "done: N checks, M failed" and SYSTEM_OFF. Needs 4 vCPUs for
 * all checks (fewer: the ones that need more are skipped).
 *
 * Only vCPU 0 prints; the others run commands from their mailbox with
 * IRQs unmasked and count what they take (gic_stats). No exclusives: with
 * the MMU off memory is Device memory (see smp.c).
 */
#include "guest.h"
#include "check.h"
#include "gic.h"

GUEST_NAME("vgic");

#define WAIT_US		10000000	/* for an interrupt that must come */
#define SETTLE_US	50000		/* for one that must not */
#define POLL_ROUNDS	200
#define FLOOD_US	3000000
#define PRIO_STEP	8		/* 5 priority bits at least: 32 levels */

/* INTIDs the sections use (SPIs below 64: every nr_irqs has them) */
#define SPI_PROBE	40
#define SPI_LEVEL	48
#define SPI_EDGE	49
#define SPI_ROUTE	50
#define SPI_WFI1	51
#define SPI_WFI0	52
#define SPI_PRIO_FIRST	33

enum cmd {
	CMD_NONE,
	CMD_SGI,	/* send arg through ICC_SGI1R_EL1 */
	CMD_WFI,	/* WFI until intid's count rises by arg (at least 1) */
};

struct mailbox {
	u32 seq;	/* vCPU 0 bumps it for a new command */
	u32 ack;	/* the vCPU sets it to seq when done */
	u32 cmd;
	u32 intid;
	u64 arg;
	u32 ready;	/* the vCPU's GIC is set up */
	u32 in_wfi;	/* CMD_WFI: about to wait */
	u64 woke_us;	/* CMD_WFI: when the interrupt came */
};

static struct mailbox mbox[GUEST_MAX_CPUS];
static unsigned int nr_cpus, nr_irqs;
static const char *only;

static bool section(const char *name)
{
	return !only || !strcmp(only, name);
}

static bool wfi_only(void)
{
	return only && !strcmp(only, "wfi");
}

void guest_secondary(unsigned int cpu)
{
	struct mailbox *m = &mbox[cpu];
	u32 seen = 0;

	gic_cpu_init(cpu);
	dsb_sy();
	WRITE_ONCE(m->ready, 1);
	irqs_enable();
	for (;;) {
		u32 seq = READ_ONCE(m->seq);

		if (seq == seen) {
			cpu_relax();
			continue;
		}
		dsb_sy();
		switch (READ_ONCE(m->cmd)) {
		case CMD_SGI:
			gic_send_sgi1r(m->arg);
			break;
		case CMD_WFI: {
			u32 end = READ_ONCE(gic_stats[cpu].count[m->intid]) +
				  (m->arg ? m->arg : 1);

			WRITE_ONCE(m->in_wfi, 1);
			dsb_sy();
			irqs_disable();
			while (READ_ONCE(gic_stats[cpu].count[m->intid]) < end)
				wfi_masked();
			irqs_enable();
			WRITE_ONCE(m->woke_us, guest_now_us());
			break;
		}
		default:
			break;
		}
		seen = seq;
		dsb_sy();
		WRITE_ONCE(m->ack, seq);
	}
}

/* Run a command on vCPU cpu; wait for it (unless nowait) up to WAIT_US. */
static bool run_on(unsigned int cpu, enum cmd cmd, u32 intid, u64 arg,
		   bool nowait)
{
	struct mailbox *m = &mbox[cpu];
	u64 end = guest_now_us() + WAIT_US;
	u32 seq = m->seq + 1;

	m->cmd = cmd;
	m->intid = intid;
	m->arg = arg;
	m->in_wfi = 0;
	dsb_sy();
	WRITE_ONCE(m->seq, seq);
	if (nowait)
		return true;
	while (READ_ONCE(m->ack) != seq)
		if (guest_now_us() > end)
			return false;
	return true;
}

static bool wait_ack(unsigned int cpu, u64 timeout_us)
{
	u64 end = guest_now_us() + timeout_us;

	while (READ_ONCE(mbox[cpu].ack) != READ_ONCE(mbox[cpu].seq))
		if (guest_now_us() > end)
			return false;
	return true;
}

static void reset_all_stats(void)
{
	unsigned int c;

	for (c = 0; c < nr_cpus; c++)
		gic_stats_reset(c);
}

/* Wait until each vCPU in mask has count for intid, then settle. */
static void wait_counts(u32 mask, u32 intid)
{
	unsigned int c;

	irqs_enable();
	for (c = 0; c < nr_cpus; c++)
		if (mask & (1u << c))
			gic_wait_count(c, intid, 1, WAIT_US);
	irqs_disable();
	gic_take_irqs(SETTLE_US);
}

/* Each vCPU in mask took intid exactly once, the others never. */
static bool counts_are(u32 mask, u32 intid, const char *what)
{
	char got[64];
	unsigned int c, n = 0;
	bool ok = true;

	for (c = 0; c < nr_cpus && n + 12 < sizeof(got); c++) {
		u32 cnt = READ_ONCE(gic_stats[c].count[intid]);
		u32 want = (mask >> c) & 1;

		if (cnt != want)
			ok = false;
		got[n++] = c ? ' ' : '[';
		got[n++] = '0' + (cnt > 9 ? 9 : cnt);
	}
	got[n++] = ']';
	got[n] = '\0';
	return check(ok, "%s: INTID %u taken once by each vCPU of mask 0x%x (counts per vCPU %s)",
		     what, intid, mask, got);
}

static u64 mpidr_of(unsigned int cpu)
{
	return guest.fdt.mpidr[cpu];
}

/* GICR_TYPER's Affinity_Value: Aff3.Aff2.Aff1.Aff0 */
static u32 typer_aff(u64 mpidr)
{
	return ((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff);
}

/* --- probe -------------------------------------------------------------- */

static void probe_dist(void)
{
	u32 typer = gicd_read(GICD_TYPER);
	u32 pidr2 = gicd_read(GICD_PIDR2), ctlr;

	check(GIC_PIDR2_ARCHREV(pidr2) == 3,
	      "GICD_PIDR2.ArchRev is 3 (GICv3) (PIDR2 0x%x)", pidr2);
	if (nr_irqs)
		check(GICD_TYPER_ITLINES(typer) == nr_irqs / 32 - 1,
		      "GICD_TYPER.ITLinesNumber %u for %u INTIDs (TYPER 0x%x)",
		      nr_irqs / 32 - 1, nr_irqs, typer);
	else
		check_skip("GICD_TYPER.ITLinesNumber: no hvx-gic-irqs= given");
	check(!(typer & GICD_TYPER_LPIS), "GICD_TYPER: no LPIs (TYPER 0x%x)",
	      typer);
	check(!(typer & GICD_TYPER_MBIS), "GICD_TYPER: no MBIs (TYPER 0x%x)",
	      typer);
	check(!(typer & GICD_TYPER_ESPI),
	      "GICD_TYPER: no extended SPIs (TYPER 0x%x)", typer);
	check(GICD_TYPER_IDBITS(typer) >= 10,
	      "GICD_TYPER.IDbits holds INTIDs up to 1023 (%u bits)",
	      GICD_TYPER_IDBITS(typer));
	ctlr = gicd_read(GICD_CTLR);
	check((ctlr & (GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1)) ==
	      (GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1),
	      "GICD_CTLR keeps ARE and EnableGrp1 (CTLR 0x%x)", ctlr);
}

static void probe_redist(void)
{
	unsigned int c, last = ~0u;
	bool aff_ok = true, lpis_ok = true, half_ok = true, pidr_ok = true;

	for (c = 0; c < nr_cpus; c++) {
		u64 rd = gicr_base(c);
		u64 typer = raw_read64(rd + GICR_TYPER);
		u64 lo = raw_read32(rd + GICR_TYPER);
		u64 hi = raw_read32(rd + GICR_TYPER + 4);
		u32 pidr2 = raw_read32(rd + GICR_PIDR2);

		if (GICR_TYPER_AFF(typer) != typer_aff(mpidr_of(c))) {
			report("GICR %u: TYPER 0x%llx, vCPU mpidr 0x%llx", c,
			       typer, mpidr_of(c));
			aff_ok = false;
		}
		if (typer & GICR_TYPER_PLPIS)
			lpis_ok = false;
		if ((lo | hi << 32) != typer)
			half_ok = false;
		if (GIC_PIDR2_ARCHREV(pidr2) != 3)
			pidr_ok = false;
		if ((typer & GICR_TYPER_LAST) && last == ~0u)
			last = c;
	}
	check(aff_ok, "GICR_TYPER.Affinity of each of %u redistributors is its vCPU's MPIDR",
	      nr_cpus);
	check(last == nr_cpus - 1,
	      "GICR_TYPER.Last set on redistributor %u only (first with Last: %d)",
	      nr_cpus - 1, (int)last);
	check(lpis_ok, "GICR_TYPER.PLPIS clear on every redistributor");
	check(half_ok, "GICR_TYPER read as two 32-bit halves matches the 64-bit read");
	check(pidr_ok, "GICR_PIDR2.ArchRev is 3 on every redistributor");
}

static void probe_waker(void)
{
	u64 rd = gicr_base(0);
	u64 end;
	u32 w;

	raw_write32(rd + GICR_WAKER, GICR_WAKER_PSLEEP);
	end = guest_now_us() + WAIT_US;
	while (!((w = raw_read32(rd + GICR_WAKER)) & GICR_WAKER_CASLEEP) &&
	       guest_now_us() < end)
		;
	check(w & GICR_WAKER_CASLEEP,
	      "GICR_WAKER: ProcessorSleep set gives ChildrenAsleep (WAKER 0x%x)",
	      w);
	raw_write32(rd + GICR_WAKER, 0);
	end = guest_now_us() + WAIT_US;
	while (((w = raw_read32(rd + GICR_WAKER)) & GICR_WAKER_CASLEEP) &&
	       guest_now_us() < end)
		;
	check(!(w & (GICR_WAKER_CASLEEP | GICR_WAKER_PSLEEP)),
	      "GICR_WAKER: ProcessorSleep cleared wakes it (WAKER 0x%x)", w);
}

/* The bit of intid in the set/clear register pair, through both views. */
static bool bit_pair(unsigned int cpu, u32 intid, u32 set, u32 clr,
		     bool want)
{
	u64 base = intid < GIC_NR_PRIVATE ? gicr_sgi_base(cpu) : GUEST_GICD_BASE;
	u32 b = 1u << (intid % 32);
	u32 s = raw_read32(base + set + intid / 32 * 4);
	u32 c = raw_read32(base + clr + intid / 32 * 4);

	return !!(s & b) == want && !!(c & b) == want;
}

static void probe_bits(void)
{
	u64 sgi = gicr_sgi_base(0), rt;
	u32 v, spi = SPI_PROBE;
	bool ok;

	gic_irq_enable(0, spi, true);
	ok = bit_pair(0, spi, GICD_ISENABLER, GICD_ICENABLER, true);
	gic_irq_enable(0, spi, false);
	check(ok && bit_pair(0, spi, GICD_ISENABLER, GICD_ICENABLER, false),
	      "GICD_ISENABLER/ICENABLER set and clear SPI %u's enable", spi);

	gic_irq_enable(0, 21, true);
	ok = bit_pair(0, 21, GICD_ISENABLER, GICD_ICENABLER, true);
	gic_irq_enable(0, 21, false);
	check(ok && bit_pair(0, 21, GICD_ISENABLER, GICD_ICENABLER, false),
	      "GICR_ISENABLER0/ICENABLER0 set and clear PPI 21's enable");

	gic_irq_set_pending(0, spi, true);
	ok = bit_pair(0, spi, GICD_ISPENDR, GICD_ICPENDR, true);
	gic_irq_set_pending(0, spi, false);
	check(ok && bit_pair(0, spi, GICD_ISPENDR, GICD_ICPENDR, false),
	      "GICD_ISPENDR/ICPENDR set and clear SPI %u's pending state", spi);

	gic_irq_set_pending(0, 5, true);
	ok = bit_pair(0, 5, GICD_ISPENDR, GICD_ICPENDR, true);
	gic_irq_set_pending(0, 5, false);
	check(ok && bit_pair(0, 5, GICD_ISPENDR, GICD_ICPENDR, false),
	      "GICR_ISPENDR0/ICPENDR0 set and clear SGI 5's pending state");

	gic_irq_set_priority(0, spi, 0x58);
	v = gicd_read(GICD_IPRIORITYR + spi / 4 * 4);
	check(raw_read8(GUEST_GICD_BASE + GICD_IPRIORITYR + spi) == 0x58 &&
	      ((v >> (8 * (spi % 4))) & 0xff) == 0x58,
	      "GICD_IPRIORITYR: SPI %u's byte reads back 0x58 (word 0x%x)",
	      spi, v);
	gic_irq_set_priority(0, 6, 0x28);
	check(raw_read8(sgi + GICR_IPRIORITYR + 6) == 0x28,
	      "GICR_IPRIORITYR: SGI 6's byte reads back 0x28 (0x%x)",
	      raw_read8(sgi + GICR_IPRIORITYR + 6));
	gic_irq_set_priority(0, spi, 0xa0);
	gic_irq_set_priority(0, 6, 0xa0);

	v = raw_read32(sgi + GICR_ICFGR0);
	check(v == 0xaaaaaaaa, "GICR_ICFGR0: SGIs are edge-triggered (0x%x)",
	      v);
	gic_irq_set_edge(spi, true);
	v = gicd_read(GICD_ICFGR + spi / 16 * 4);
	gic_irq_set_edge(spi, false);
	check((v >> (2 * (spi % 16) + 1)) & 1 &&
	      !((gicd_read(GICD_ICFGR + spi / 16 * 4) >> (2 * (spi % 16) + 1)) & 1),
	      "GICD_ICFGR: SPI %u's edge/level bit reads back", spi);

	v = gicd_read(GICD_IGROUPR + spi / 32 * 4);
	check((v >> (spi % 32)) & 1, "GICD_IGROUPR: SPI %u in Group 1 (0x%x)",
	      spi, v);

	if (nr_cpus > 1) {
		gic_irq_route(spi, mpidr_of(nr_cpus - 1));
		rt = raw_read64(GUEST_GICD_BASE + GICD_IROUTER + 8 * spi);
		gic_irq_route(spi, mpidr_of(0));
		check(rt == (mpidr_of(nr_cpus - 1) & MPIDR_AFF_MASK),
		      "GICD_IROUTER: SPI %u routed to vCPU %u reads back 0x%llx (0x%llx)",
		      spi, nr_cpus - 1, mpidr_of(nr_cpus - 1) & MPIDR_AFF_MASK,
		      rt);
	}
}

static void test_probe(void)
{
	probe_dist();
	probe_redist();
	probe_waker();
	probe_bits();
}

/* --- sgi ---------------------------------------------------------------- */

/* SGI intid enabled on every vCPU, stats cleared. */
static void sgi_prepare(u32 intid)
{
	unsigned int c;

	for (c = 0; c < nr_cpus; c++)
		gic_irq_enable(c, intid, true);
	reset_all_stats();
}

static void sgi_wfi(void)
{
	u32 intid = 7;
	u64 sent;

	if (nr_cpus < 3) {
		check_skip("SGI wakes a vCPU in WFI: needs 3 vCPUs");
		return;
	}
	sgi_prepare(intid);
	run_on(2, CMD_WFI, intid, 0, true);
	while (!READ_ONCE(mbox[2].in_wfi))
		;
	gic_take_irqs(SETTLE_US);	/* let it get into WFI */
	sent = guest_now_us();
	gic_send_sgi1r(gic_sgir_for(intid, mpidr_of(2)));
	check(wait_ack(2, WAIT_US) && READ_ONCE(mbox[2].woke_us) >= sent,
	      "SGI %u wakes vCPU 2 from WFI (%llu us after the send)", intid,
	      READ_ONCE(mbox[2].woke_us) - sent);
	counts_are(1u << 2, intid, "SGI to a vCPU in WFI");
}

static void test_poll(void)
{
	u32 intid = 5, i;

	if (nr_cpus < 2) {
		check_skip("SGIs in a row to a vCPU in WFI: needs 2 vCPUs");
		return;
	}
	sgi_prepare(intid);
	run_on(1, CMD_WFI, intid, POLL_ROUNDS, true);
	while (!READ_ONCE(mbox[1].in_wfi))
		;
	for (i = 0; i < POLL_ROUNDS; i++) {
		gic_send_sgi1r(gic_sgir_for(intid, mpidr_of(1)));
		if (gic_wait_count(1, intid, i + 1, WAIT_US) < i + 1)
			break;
	}
	check(i == POLL_ROUNDS && wait_ack(1, WAIT_US),
	      "vCPU 1 in WFI woken by %u SGIs in a row (of %u)", i,
	      POLL_ROUNDS);
	check(READ_ONCE(gic_stats[1].count[intid]) == POLL_ROUNDS &&
	      !READ_ONCE(gic_stats[0].count[intid]),
	      "each SGI taken once, by vCPU 1 (counts %u and %u)",
	      READ_ONCE(gic_stats[1].count[intid]),
	      READ_ONCE(gic_stats[0].count[intid]));
}

static void test_flood(void)
{
	u32 intid = 6;
	u64 end, sent = 0;

	if (nr_cpus < 2) {
		check_skip("an SGI flood to a spinning vCPU: needs 2 vCPUs");
		return;
	}
	sgi_prepare(intid);
	end = guest_now_us() + FLOOD_US;
	while (guest_now_us() < end) {
		gic_send_sgi1r(gic_sgir_for(intid, mpidr_of(1)));
		sent++;
	}
	check(gic_wait_count(1, intid, 1, WAIT_US) >= 1,
	      "%llu SGIs sent to spinning vCPU 1 in %u ms: it took %u",
	      sent, FLOOD_US / 1000, READ_ONCE(gic_stats[1].count[intid]));
}

static void test_sgi(void)
{
	u32 others = ((1u << nr_cpus) - 1) & ~1u;
	u64 list;
	unsigned int c;

	if (wfi_only()) {
		sgi_wfi();
		return;
	}
	sgi_prepare(1);
	gic_send_sgi1r(gic_sgir_for(1, mpidr_of(0)));
	wait_counts(1, 1);
	counts_are(1, 1, "SGI to self through the target list");

	if (nr_cpus < 4) {
		check_skip("SGIs between vCPUs: needs 4 vCPUs");
		return;
	}
	/* vCPUs 0-3 share Aff3-Aff1 (HVX_VCPU_MPIDR): one target list */
	sgi_prepare(2);
	list = gic_sgir_for(2, mpidr_of(1)) | SGIR_TARGETS(0xe);
	gic_send_sgi1r(list);
	wait_counts(others, 2);
	counts_are(others, 2, "SGI to target list {1,2,3}");

	sgi_prepare(3);
	gic_send_sgi1r(SGIR_INTID(3) | SGIR_IRM);
	wait_counts(others, 3);
	counts_are(others, 3, "SGI with IRM=1 from vCPU 0 (all but self)");

	sgi_prepare(4);
	check(run_on(2, CMD_SGI, 4, SGIR_INTID(4) | SGIR_IRM, false),
	      "vCPU 2 runs a command");
	wait_counts(0xb, 4);
	counts_are(0xb, 4, "SGI with IRM=1 from vCPU 2 (all but self)");

	sgi_prepare(9);
	run_on(3, CMD_SGI, 9, gic_sgir_for(9, mpidr_of(1)), false);
	wait_counts(2, 9);
	counts_are(2, 9, "SGI from vCPU 3 to vCPU 1");

	/* Aff0 15 and Aff1 7 name no vCPU here: nothing happens */
	sgi_prepare(10);
	gic_send_sgi1r(SGIR_INTID(10) | SGIR_TARGETS(0x8000));
	gic_send_sgi1r(SGIR_INTID(10) | SGIR_AFF1(7) | SGIR_TARGETS(0xffff));
	gic_take_irqs(SETTLE_US);
	counts_are(0, 10, "SGI to absent vCPUs");

	/* a disabled SGI stays pending; enabling it delivers it */
	sgi_prepare(11);
	gic_irq_enable(1, 11, false);
	gic_send_sgi1r(gic_sgir_for(11, mpidr_of(1)));
	gic_take_irqs(SETTLE_US);
	c = READ_ONCE(gic_stats[1].count[11]);
	check(c == 0 && gic_irq_is_pending(1, 11),
	      "disabled SGI 11 to vCPU 1 stays pending (taken %u times, GICR_ISPENDR0 0x%x)",
	      c, raw_read32(gicr_sgi_base(1) + GICR_ISPENDR0));
	gic_irq_enable(1, 11, true);
	wait_counts(2, 11);
	counts_are(2, 11, "pending SGI delivered once enabled");

	sgi_wfi();
}

/* --- prio --------------------------------------------------------------- */

/* Priority of each INTID, for the order check. */
static u8 prio_of[GIC_MAX_INTID];

/*
 * Make the n INTIDs pending on vCPU 0 with IRQs masked, then let them in:
 * each must come once, in priority order (a tie in any order).
 */
static void prio_round(const char *what, const u32 *intids, unsigned int n,
		       bool spi_by_line)
{
	struct gic_cpu_stats *st = &gic_stats[0];
	unsigned int i, bad = 0;
	bool once = true;

	(void)spi_by_line;
	gic_stats_reset(0);
	irqs_disable();
	for (i = 0; i < n; i++) {
		gic_irq_set_priority(0, intids[i], prio_of[intids[i]]);
		gic_irq_enable(0, intids[i], true);
	}
	for (i = 0; i < n; i++) {
		if (intids[i] < GIC_NR_SGIS)
			gic_send_sgi1r(gic_sgir_for(intids[i], mpidr_of(0)));
		else
			gic_irq_set_pending(0, intids[i], true);
	}
	irqs_enable();
	gic_wait_count(0, intids[n - 1], 1, WAIT_US);
	for (i = 0; i < n; i++)
		gic_wait_count(0, intids[i], 1, WAIT_US);
	irqs_disable();
	gic_take_irqs(SETTLE_US);
	for (i = 0; i < n; i++)
		if (st->count[intids[i]] != 1) {
			report("%s: INTID %u taken %u times", what, intids[i],
			       st->count[intids[i]]);
			once = false;
		}
	check(once && st->total == n,
	      "%s: %u pending at once, each taken once (%u in all)", what, n,
	      st->total);
	for (i = 1; i < st->nr_log; i++)
		if (prio_of[st->log[i]] < prio_of[st->log[i - 1]])
			bad++;
	if (bad) {
		guest_printf("hvx-guest: vgic: order:");
		for (i = 0; i < st->nr_log; i++)
			guest_printf(" %u(0x%x)", st->log[i], prio_of[st->log[i]]);
		guest_printf("\n");
	}
	check(!bad, "%s: acknowledged in priority order (%u inversions)",
	      what, bad);
	for (i = 0; i < n; i++) {
		gic_irq_enable(0, intids[i], false);
		gic_irq_set_priority(0, intids[i], 0xa0);
	}
}

static void test_prio(void)
{
	u32 ids[GIC_NR_SGIS];
	unsigned int i;

	/* SGI i at priority (15 - i) * 8: they must come 15, 14, ... 0 */
	for (i = 0; i < GIC_NR_SGIS; i++) {
		ids[i] = i;
		prio_of[i] = (GIC_NR_SGIS - 1 - i) * PRIO_STEP;
	}
	prio_round("16 SGIs to self", ids, GIC_NR_SGIS, false);

	/* 4 SGIs and 12 SPIs, priorities interleaved */
	for (i = 0; i < GIC_NR_SGIS; i++) {
		ids[i] = i < 4 ? i : SPI_PRIO_FIRST + i;
		prio_of[ids[i]] = ((i * 7) % GIC_NR_SGIS) * PRIO_STEP + 0x40;
	}
	prio_round("4 SGIs and 12 SPIs", ids, GIC_NR_SGIS, false);

	/* one priority for all */
	for (i = 0; i < GIC_NR_SGIS; i++) {
		ids[i] = SPI_PRIO_FIRST + i;
		prio_of[ids[i]] = 0x80;
	}
	prio_round("16 SPIs of one priority", ids, GIC_NR_SGIS, false);

	/* ICC_PMR_EL1 0x80 holds back priority 0xa0, lets 0x60 through */
	gic_stats_reset(0);
	gic_irq_set_priority(0, 12, 0xa0);
	gic_irq_set_priority(0, 13, 0x60);
	gic_irq_enable(0, 12, true);
	gic_irq_enable(0, 13, true);
	gic_write_sysreg(0x80, ICC_PMR_EL1);
	isb();
	gic_send_sgi1r(gic_sgir_for(12, mpidr_of(0)));
	gic_send_sgi1r(gic_sgir_for(13, mpidr_of(0)));
	wait_counts(1, 13);
	check(gic_stats[0].count[13] == 1 && gic_stats[0].count[12] == 0,
	      "ICC_PMR_EL1 0x80: priority 0x60 taken, 0xa0 held back (counts %u, %u)",
	      gic_stats[0].count[13], gic_stats[0].count[12]);
	gic_write_sysreg(0xff, ICC_PMR_EL1);
	isb();
	wait_counts(1, 12);
	check(gic_stats[0].count[12] == 1,
	      "ICC_PMR_EL1 0xff: the held-back SGI taken (count %u)",
	      gic_stats[0].count[12]);
	gic_irq_enable(0, 12, false);
	gic_irq_enable(0, 13, false);
	gic_irq_set_priority(0, 13, 0xa0);
}

/* --- spi ---------------------------------------------------------------- */

static u32 level_stop_at;	/* the level hook lowers the line here */
static u32 level_hook_err;

static void level_hook(unsigned int cpu, u32 intid)
{
	if (intid == SPI_LEVEL && gic_stats[cpu].count[intid] == level_stop_at)
		level_hook_err = testdev_line(SPI_LEVEL, false);
}

static void spi_level(void)
{
	u32 spi = SPI_LEVEL, err;
	bool pend;

	gic_stats_reset(0);
	gic_irq_set_edge(spi, false);
	gic_irq_enable(0, spi, true);
	err = testdev_line(spi, true);
	check(!err, "HVX_VM_IRQ_LINE raises SPI %u (errno %u)", spi, err);
	gic_spin_us(SETTLE_US);
	pend = gic_irq_is_pending(0, spi);
	check(pend && gic_stats[0].count[spi] == 0,
	      "level SPI %u: pending while high and IRQs masked", spi);
	/* taken, EOIed while high: again; the hook lowers it at the third */
	level_stop_at = 3;
	gic_set_irq_hook(level_hook);
	wait_counts(1, spi);
	gic_take_irqs(SETTLE_US);
	gic_set_irq_hook(NULL);
	check(gic_stats[0].count[spi] == 3 && !level_hook_err,
	      "level SPI %u: taken again after each EOI while high, no more once lowered (%u times)",
	      spi, gic_stats[0].count[spi]);
	check(!gic_irq_is_pending(0, spi),
	      "level SPI %u: not pending once lowered", spi);

	/* raised and lowered before the guest looks: gone */
	gic_stats_reset(0);
	testdev_line(spi, true);
	testdev_line(spi, false);
	pend = gic_irq_is_pending(0, spi);
	gic_take_irqs(SETTLE_US);
	check(!pend && gic_stats[0].count[spi] == 0,
	      "level SPI %u: lowered before it was taken, no interrupt", spi);
	gic_irq_enable(0, spi, false);
}

static void spi_edge(void)
{
	u32 spi = SPI_EDGE;
	unsigned int i;

	gic_stats_reset(0);
	gic_irq_set_edge(spi, true);
	gic_irq_enable(0, spi, true);
	for (i = 1; i <= 3; i++) {
		testdev_line(spi, true);
		irqs_enable();
		gic_wait_count(0, spi, i, WAIT_US);
		irqs_disable();
		testdev_line(spi, false);
	}
	gic_take_irqs(SETTLE_US);
	check(gic_stats[0].count[spi] == 3,
	      "edge SPI %u: 3 rising edges, 3 interrupts (%u)", spi,
	      gic_stats[0].count[spi]);

	gic_stats_reset(0);
	testdev_line(spi, true);
	gic_take_irqs(SETTLE_US);
	testdev_line(spi, true);	/* high again: no edge */
	gic_take_irqs(SETTLE_US);
	check(gic_stats[0].count[spi] == 1,
	      "edge SPI %u: line held high, one interrupt (%u)", spi,
	      gic_stats[0].count[spi]);
	testdev_line(spi, false);

	gic_stats_reset(0);
	testdev_line(spi, true);
	testdev_line(spi, false);
	testdev_line(spi, true);
	testdev_line(spi, false);
	gic_take_irqs(SETTLE_US);
	check(gic_stats[0].count[spi] == 1,
	      "edge SPI %u: two edges while pending, one interrupt (%u)", spi,
	      gic_stats[0].count[spi]);
	gic_irq_enable(0, spi, false);
	gic_irq_set_edge(spi, false);
}

static void spi_route(void)
{
	u32 spi = SPI_ROUTE;

	if (nr_cpus < 3) {
		check_skip("GICD_IROUTER to vCPUs 1 and 2: needs 3 vCPUs");
		return;
	}
	gic_irq_set_edge(spi, true);
	gic_irq_enable(0, spi, true);
	reset_all_stats();
	gic_irq_route(spi, mpidr_of(1));
	testdev_line(spi, true);
	testdev_line(spi, false);
	wait_counts(2, spi);
	counts_are(2, spi, "edge SPI routed to vCPU 1 with GICD_IROUTER");

	reset_all_stats();
	gic_irq_route(spi, mpidr_of(2));
	testdev_line(spi, true);
	wait_counts(4, spi);
	counts_are(4, spi, "edge SPI routed again, to vCPU 2");
	testdev_line(spi, false);
	gic_irq_route(spi, mpidr_of(0));
	gic_irq_enable(0, spi, false);
}

static void spi_wfi(void)
{
	u64 start;

	if (nr_cpus >= 2) {
		reset_all_stats();
		gic_irq_set_edge(SPI_WFI1, true);
		gic_irq_route(SPI_WFI1, mpidr_of(1));
		gic_irq_enable(0, SPI_WFI1, true);
		run_on(1, CMD_WFI, SPI_WFI1, 0, true);
		while (!READ_ONCE(mbox[1].in_wfi))
			;
		start = guest_now_us();
		testdev_line_later(SPI_WFI1, true, 100);
		check(wait_ack(1, WAIT_US),
		      "SPI %u (raised 100 ms later by the VMM) wakes vCPU 1 from WFI (after %llu us)",
		      SPI_WFI1, READ_ONCE(mbox[1].woke_us) - start);
		counts_are(2, SPI_WFI1, "SPI to a vCPU in WFI");
		testdev_line(SPI_WFI1, false);
		gic_irq_enable(0, SPI_WFI1, false);
		gic_irq_route(SPI_WFI1, mpidr_of(0));
	} else {
		check_skip("SPI wakes vCPU 1 from WFI: needs 2 vCPUs");
	}

	/* vCPU 0 itself, in WFI until it comes */
	gic_stats_reset(0);
	gic_irq_set_edge(SPI_WFI0, true);
	gic_irq_enable(0, SPI_WFI0, true);
	start = guest_now_us();
	testdev_line_later(SPI_WFI0, true, 100);
	while (!READ_ONCE(gic_stats[0].count[SPI_WFI0]))
		wfi_masked();
	check(guest_now_us() - start >= 50000,
	      "SPI %u (raised 100 ms later) wakes vCPU 0 from WFI (after %llu us)",
	      SPI_WFI0, guest_now_us() - start);
	testdev_line(SPI_WFI0, false);
	gic_irq_enable(0, SPI_WFI0, false);
}

static void test_spi(void)
{
	if (!testdev_present()) {
		check_skip("SPIs from the VMM: no test device (hvx-testdev=1)");
		return;
	}
	if (wfi_only()) {
		spi_wfi();
		return;
	}
	spi_level();
	spi_edge();
	spi_route();
	spi_wfi();
}

void guest_main(void)
{
	static char name[16];
	u64 v = 0;
	unsigned int c;
	u64 end;

	nr_cpus = guest.fdt.nr_cpus;
	if (guest_bootarg_u64("hvx-gic-irqs", &v))
		nr_irqs = v;
	only = guest_bootarg_str("hvx-test", name, sizeof(name));
	if (guest_this_cpu() != 0)
		guest_fail("the boot vCPU is not vCPU 0");
	report("%u vCPUs, %u INTIDs expected, section %s", nr_cpus, nr_irqs,
	       only ? only : "all");

	gic_dist_init(nr_irqs ? nr_irqs : 64);
	gic_cpu_init(0);
	for (c = 1; c < nr_cpus; c++) {
		int ret = guest_cpu_on(c);

		if (ret != PSCI_SUCCESS)
			guest_fail("CPU_ON vcpu %u: %s", c, psci_strerror(ret));
		end = guest_now_us() + WAIT_US * 5;
		while (!READ_ONCE(mbox[c].ready))
			if (guest_now_us() > end)
				guest_fail("vcpu %u did not come up", c);
	}

	if (section("probe"))
		test_probe();
	if (section("sgi") || wfi_only())
		test_sgi();
	if (section("prio"))
		test_prio();
	if (section("spi") || wfi_only())
		test_spi();
	if (section("poll"))
		test_poll();
	if (only && section("flood"))
		test_flood();
	for (c = 0; c < nr_cpus; c++)
		if (gic_stats[c].spurious)
			report("vCPU %u: %u spurious IRQ exceptions", c,
			       gic_stats[c].spurious);
	checks_done();
}
