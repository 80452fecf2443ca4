// SPDX-License-Identifier: GPL-2.0
/*
 * timer: the guest's generic timers through its GICv3, one
 * "pass:"/"fail:" line a check (lib/check.h). Sections (bootarg
 * hvx-test=<name>, default all):
 *   vtimer  the virtual timer's interrupt (PPI 27) arrives, not before its
 *           deadline, also to a vCPU in WFI; the guest's own
 *           CNTV_CTL_EL0.IMASK holds it back (ISTATUS still set, the PPI
 *           not pending) until cleared; a disabled timer gives none
 *   ptimer  the physical timer (emulated under hvx): CNTPCT_EL0 monotonic
 *           and between two CNTVCT_EL0 reads (hvx gives both counters one
 *           offset); CNTP_TVAL_EL0 writes set CVAL = now + signed 32-bit
 *           value, reads give CVAL - now truncated to signed 32 bits (also
 *           for deadlines more than 2^32 ticks away); CNTP_CTL_EL0 ENABLE
 *           and IMASK read back, ISTATUS set exactly when the deadline has
 *           passed; its interrupt (PPI 30), also in WFI, and IMASK
 *   el0     EL0 reads of CNTPCT_EL0 and CNTP_CTL_EL0 as the guest's
 *           CNTKCTL_EL1 says: EL0PCTEN/EL0PTEN set, a value; clear, a
 *           trap to the guest's EL1 (EC 0x18 with the MRS's syndrome)
 * Ends with "done: N checks, M failed" and SYSTEM_OFF. One vCPU.
 */
#include "guest.h"
#include "check.h"
#include "el0.h"
#include "gic.h"

GUEST_NAME("timer");

#define WAIT_US		10000000
#define SETTLE_US	50000

/* CNT*_CTL_EL0 */
#define CTL_ENABLE	BIT(0)
#define CTL_IMASK	BIT(1)
#define CTL_ISTATUS	BIT(2)
/* CNTKCTL_EL1 */
#define CNTKCTL_EL0PCTEN	BIT(0)
#define CNTKCTL_EL0VCTEN	BIT(1)
#define CNTKCTL_EL0PTEN		BIT(9)

/*
 * ISS of a trapped MRS (EC 0x18): Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1: read).
 */
#define SYS_ISS(op0, op1, crn, crm, op2) \
	(((u64)(op0) << 20) | ((u64)(op2) << 17) | ((u64)(op1) << 14) | \
	 ((u64)(crn) << 10) | ((u64)(crm) << 1) | 1)
#define ISS_RT_MASK		(0x1fUL << 5)
#define ISS_CNTPCT		SYS_ISS(3, 3, 14, 0, 1)
#define ISS_CNTP_CTL		SYS_ISS(3, 3, 14, 2, 1)

static u64 freq;
static const char *only;

static bool section(const char *name)
{
	return !only || !strcmp(only, name);
}

static u64 vct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static u64 pct(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static u64 ms_ticks(u64 ms)
{
	return freq * ms / 1000;
}

/* What the hook saw: when the timer interrupt came, its deadline then. */
static u64 irq_at, irq_cval;

static void timer_hook(unsigned int cpu, u32 intid)
{
	(void)cpu;
	if (intid == GIC_PPI_VTIMER) {
		irq_at = vct();
		irq_cval = read_sysreg(cntv_cval_el0);
		/* level-sensitive: mask it, or it comes again after EOI */
		write_sysreg(CTL_ENABLE | CTL_IMASK, cntv_ctl_el0);
	} else if (intid == GIC_PPI_PTIMER) {
		irq_at = pct();
		irq_cval = read_sysreg(cntp_cval_el0);
		write_sysreg(CTL_ENABLE | CTL_IMASK, cntp_ctl_el0);
	}
	isb();
}

static void timer_ctl(bool virt, u64 ctl)
{
	if (virt)
		write_sysreg(ctl, cntv_ctl_el0);
	else
		write_sysreg(ctl, cntp_ctl_el0);
	isb();
}

static u32 count(u32 intid)
{
	return READ_ONCE(gic_stats[0].count[intid]);
}

/*
 * Arm timer intid (CVAL = its counter now + ms) and take its interrupt,
 * in WFI or spinning; checks it came once, not early.
 */
static void timer_fires(u32 intid, const char *name, bool in_wfi)
{
	bool virt = intid == GIC_PPI_VTIMER;
	u64 cval, start = guest_now_us();

	gic_stats_reset(0);
	irq_at = 0;
	cval = (virt ? vct() : pct()) + ms_ticks(20);
	if (virt) {
		write_sysreg(cval, cntv_cval_el0);
		write_sysreg(CTL_ENABLE, cntv_ctl_el0);
	} else {
		write_sysreg(cval, cntp_cval_el0);
		write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	}
	isb();
	if (in_wfi) {
		while (!count(intid) && guest_now_us() - start < 10 * WAIT_US)
			wfi_masked();
	} else {
		irqs_enable();
		gic_wait_count(0, intid, 1, WAIT_US);
		irqs_disable();
	}
	gic_take_irqs(SETTLE_US);
	check(count(intid) == 1 && irq_at >= cval && irq_cval == cval,
	      "%s timer interrupt (PPI %u)%s: taken %u times, %lld ticks after its deadline",
	      name, intid, in_wfi ? " wakes a vCPU in WFI" : "",
	      count(intid), (long long)(irq_at - cval));
	timer_ctl(virt, 0);
}

static void timer_imask(u32 intid, const char *name)
{
	bool virt = intid == GIC_PPI_VTIMER;
	u64 ctl;
	bool pend;

	gic_stats_reset(0);
	if (virt) {
		write_sysreg(vct() - 1, cntv_cval_el0);
		write_sysreg(CTL_ENABLE | CTL_IMASK, cntv_ctl_el0);
	} else {
		write_sysreg(pct() - 1, cntp_cval_el0);
		write_sysreg(CTL_ENABLE | CTL_IMASK, cntp_ctl_el0);
	}
	isb();
	gic_take_irqs(SETTLE_US);
	ctl = virt ? read_sysreg(cntv_ctl_el0) : read_sysreg(cntp_ctl_el0);
	pend = gic_irq_is_pending(0, intid);
	check(count(intid) == 0 && !pend && (ctl & CTL_ISTATUS),
	      "%s timer past its deadline with IMASK set: ISTATUS set, no interrupt, PPI %u not pending (CTL 0x%llx, taken %u)",
	      name, intid, ctl, count(intid));
	if (virt)
		write_sysreg(CTL_ENABLE, cntv_ctl_el0);
	else
		write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	isb();
	irqs_enable();
	gic_wait_count(0, intid, 1, WAIT_US);
	irqs_disable();
	gic_take_irqs(SETTLE_US);
	check(count(intid) == 1,
	      "%s timer: IMASK cleared, its interrupt taken once (%u)", name,
	      count(intid));

	gic_stats_reset(0);
	timer_ctl(virt, 0);
	gic_take_irqs(SETTLE_US);
	check(count(intid) == 0 && !gic_irq_is_pending(0, intid),
	      "%s timer disabled past its deadline: no interrupt", name);
}

static void test_vtimer(void)
{
	gic_irq_enable(0, GIC_PPI_VTIMER, true);
	timer_fires(GIC_PPI_VTIMER, "virtual", false);
	timer_fires(GIC_PPI_VTIMER, "virtual", true);
	timer_imask(GIC_PPI_VTIMER, "virtual");
	gic_irq_enable(0, GIC_PPI_VTIMER, false);
}

static void ptimer_counter(void)
{
	u64 prev = pct(), v1, p, v2, worst = 0;
	unsigned int i, back = 0, outside = 0;

	for (i = 0; i < 1000; i++) {
		u64 now = pct();

		if (now < prev)
			back++;
		prev = now;
	}
	check(!back, "CNTPCT_EL0 monotonic over 1000 reads (%u went back)",
	      back);
	for (i = 0; i < 100; i++) {
		v1 = vct();
		p = pct();
		v2 = vct();
		if (p < v1 || p > v2) {
			outside++;
			worst = p < v1 ? v1 - p : p - v2;
		}
	}
	check(!outside,
	      "CNTPCT_EL0 between two CNTVCT_EL0 reads (%u of 100 outside, by %llu ticks)",
	      outside, worst);
}

static void ptimer_tval(void)
{
	u64 p0, p1, cval;
	s32 tval;

	write_sysreg(0, cntp_ctl_el0);
	p0 = pct();
	write_sysreg(1000000, cntp_tval_el0);
	p1 = pct();
	cval = read_sysreg(cntp_cval_el0);
	tval = (s32)read_sysreg(cntp_tval_el0);
	check(cval >= p0 + 1000000 && cval <= p1 + 1000000 && tval > 0 &&
	      tval <= 1000000,
	      "CNTP_TVAL_EL0 = 1000000: CVAL now + 1000000 (off by %lld), TVAL reads %d",
	      (long long)(cval - p0 - 1000000), tval);

	p0 = pct();
	write_sysreg((u32)-1000, cntp_tval_el0);	/* a 32-bit -1000 */
	p1 = pct();
	cval = read_sysreg(cntp_cval_el0);
	check(cval >= p0 - 1000 && cval <= p1 - 1000,
	      "CNTP_TVAL_EL0 = -1000 (32-bit): CVAL now - 1000, sign-extended (CVAL 0x%llx, count 0x%llx)",
	      cval, p0);

	p0 = pct();
	cval = p0 + (1ULL << 33) + 1000000;
	write_sysreg(cval, cntp_cval_el0);
	tval = (s32)read_sysreg(cntp_tval_el0);
	p1 = pct();
	check(tval <= 1000000 && (s64)tval >= 1000000 - (s64)(p1 - p0),
	      "CNTP_TVAL_EL0 reads CVAL - now in signed 32 bits (2^33 + 1000000 ahead: %d)",
	      tval);

	p0 = pct();
	cval = p0 - (1ULL << 32) - 1000000;
	write_sysreg(cval, cntp_cval_el0);
	tval = (s32)read_sysreg(cntp_tval_el0);
	p1 = pct();
	check(tval <= -1000000 && (s64)tval >= -1000000 - (s64)(p1 - p0),
	      "CNTP_TVAL_EL0 negative once the deadline passed (2^32 + 1000000 ago: %d)",
	      tval);
}

static void ptimer_ctl(void)
{
	u64 ctl;

	write_sysreg(pct() + ms_ticks(10000), cntp_cval_el0);
	write_sysreg(CTL_ENABLE | CTL_IMASK, cntp_ctl_el0);
	isb();
	ctl = read_sysreg(cntp_ctl_el0);
	check((ctl & (CTL_ENABLE | CTL_IMASK | CTL_ISTATUS)) ==
	      (CTL_ENABLE | CTL_IMASK),
	      "CNTP_CTL_EL0: ENABLE and IMASK read back, ISTATUS clear before the deadline (0x%llx)",
	      ctl);
	write_sysreg(pct() - 1, cntp_cval_el0);
	isb();
	ctl = read_sysreg(cntp_ctl_el0);
	check(ctl & CTL_ISTATUS,
	      "CNTP_CTL_EL0.ISTATUS set once the deadline passed (0x%llx)", ctl);
	write_sysreg((u32)-5, cntp_tval_el0);
	isb();
	ctl = read_sysreg(cntp_ctl_el0);
	check(ctl & CTL_ISTATUS,
	      "CNTP_CTL_EL0.ISTATUS set after TVAL = -5 (0x%llx)", ctl);
	write_sysreg(0x7fffffff, cntp_tval_el0);
	isb();
	ctl = read_sysreg(cntp_ctl_el0);
	check(!(ctl & CTL_ISTATUS),
	      "CNTP_CTL_EL0.ISTATUS clear after TVAL = 2^31 - 1 (0x%llx)", ctl);
	write_sysreg(0, cntp_ctl_el0);
	isb();
	ctl = read_sysreg(cntp_ctl_el0);
	check(!(ctl & (CTL_ENABLE | CTL_IMASK)),
	      "CNTP_CTL_EL0 cleared reads back 0 in ENABLE and IMASK (0x%llx)",
	      ctl);
}

static void test_ptimer(void)
{
	ptimer_counter();
	ptimer_tval();
	ptimer_ctl();
	gic_irq_enable(0, GIC_PPI_PTIMER, true);
	timer_fires(GIC_PPI_PTIMER, "physical", false);
	timer_fires(GIC_PPI_PTIMER, "physical", true);
	timer_imask(GIC_PPI_PTIMER, "physical");
	gic_irq_enable(0, GIC_PPI_PTIMER, false);
}

static u64 el0_read_cntpct(u64 unused)
{
	u64 v;

	(void)unused;
	asm volatile("isb; mrs %0, cntpct_el0" : "=r" (v));
	return v;
}

static u64 el0_read_cntp_ctl(u64 unused)
{
	u64 v;

	(void)unused;
	asm volatile("mrs %0, cntp_ctl_el0" : "=r" (v));
	return v;
}

/* An EL0 fault is the trapped MRS whose ISS (Rt aside) is iss. */
static bool is_mrs_trap(const struct guest_caught *f, u64 iss)
{
	return f->caught && esr_ec(f->esr) == EC_SYS64 &&
	       ((f->esr & ESR_ISS_MASK) & ~ISS_RT_MASK) == iss;
}

static void test_el0(void)
{
	u64 saved = read_sysreg(cntkctl_el1);
	struct guest_caught f;
	u64 v1, v, v2;

	write_sysreg(CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN, cntkctl_el1);
	isb();
	v1 = vct();
	v = guest_run_el0(el0_read_cntpct, 0, &f);
	v2 = vct();
	check(!f.caught && v >= v1 && v <= v2,
	      "EL0 reads CNTPCT_EL0 with CNTKCTL_EL1.EL0PCTEN set (0x%llx, between 0x%llx and 0x%llx%s)",
	      v, v1, v2, f.caught ? ", but it trapped" : "");

	write_sysreg(CNTKCTL_EL0VCTEN, cntkctl_el1);
	isb();
	v = guest_run_el0(el0_read_cntpct, 0, &f);
	check(is_mrs_trap(&f, ISS_CNTPCT),
	      "EL0 CNTPCT_EL0 read with EL0PCTEN clear traps to the guest's EL1 (caught %d, esr 0x%llx, value 0x%llx)",
	      f.caught, f.esr, v);

	write_sysreg(pct() + ms_ticks(10000), cntp_cval_el0);
	write_sysreg(CTL_ENABLE | CTL_IMASK, cntp_ctl_el0);
	write_sysreg(CNTKCTL_EL0PTEN, cntkctl_el1);
	isb();
	v = guest_run_el0(el0_read_cntp_ctl, 0, &f);
	check(!f.caught && (v & (CTL_ENABLE | CTL_IMASK)) ==
	      (CTL_ENABLE | CTL_IMASK),
	      "EL0 reads CNTP_CTL_EL0 with CNTKCTL_EL1.EL0PTEN set (0x%llx%s)",
	      v, f.caught ? ", but it trapped" : "");
	write_sysreg(0, cntkctl_el1);
	isb();
	v = guest_run_el0(el0_read_cntp_ctl, 0, &f);
	check(is_mrs_trap(&f, ISS_CNTP_CTL),
	      "EL0 CNTP_CTL_EL0 read with EL0PTEN clear traps to the guest's EL1 (caught %d, esr 0x%llx)",
	      f.caught, f.esr);
	write_sysreg(0, cntp_ctl_el0);
	write_sysreg(saved, cntkctl_el1);
	isb();
}

void guest_main(void)
{
	static char name[16];

	only = guest_bootarg_str("hvx-test", name, sizeof(name));
	freq = read_sysreg(cntfrq_el0);
	report("CNTFRQ_EL0 %llu Hz, section %s", freq, only ? only : "all");
	if (!check(freq != 0, "CNTFRQ_EL0 is set (%llu)", freq)) {
		checks_done();
		return;
	}
	gic_dist_init(64);
	gic_cpu_init(0);
	gic_set_irq_hook(timer_hook);
	if (section("vtimer"))
		test_vtimer();
	if (section("ptimer"))
		test_ptimer();
	if (section("el0"))
		test_el0();
	checks_done();
}
