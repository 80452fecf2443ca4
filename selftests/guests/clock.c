// SPDX-License-Identifier: GPL-2.0
/*
 * clock: guest time scaling (HVX_VM_SET_CLOCK): the physical counter and
 * timer at the frequency the VMM gave the VM, one "pass:"/"fail:" line a
 * check (lib/check.h). The expected frequency is the VMM's bootarg
 * hvx-freq=HZ (default CNTFRQ_EL0), not hvx's answer. CNTVCT_EL0 and
 * CNTFRQ_EL0 stay the host's: they are the reference. Sections (bootarg
 * hvx-test=<name>, default all, in this order):
 *   rate      over 1 s of CNTVCT_EL0, CNTPCT_EL0 advances freq/CNTFRQ as
 *             much, within 100 ppm; the COUNTER_FREQ guest call and the
 *             VMware backdoor's GETHZ answer freq
 *   mono      10^5 CNTPCT_EL0 reads never go backwards, with exits to
 *             the host between them (YIELD calls, MMIO reads, WFIs woken
 *             by the physical timer) while the VMM moves the vCPU's
 *             thread between host CPUs
 *   tval      CNTP_TVAL_EL0 = N: PPI 30 reaches the guest's vector (spinning
 *             and in WFI), its CNTPCT_EL0 then at least the deadline, the
 *             deadline N ticks after the write, ISTATUS set
 *   far       CVAL = now + 2^62, 2^64 - 1, TVAL = 2^31 - 1: no interrupt
 *             and ISTATUS clear for 200 ms, also in WFI (the virtual
 *             timer ends that)
 *   el0       EL0 reads of CNTPCT_EL0 (CNTKCTL_EL1.EL0PCTEN) between two
 *             EL1 reads, and at the scaled rate
 *   rebase    (with hvx-testdev=1) the VMM changes the frequency
 *             (HVX_VM_SET_CLOCK from another thread: 8000 times back to
 *             back, then four times 200 ms apart) while the guest reads
 *             CNTPCT_EL0 in a loop: no read goes back, none jumps further
 *             than the host time between them allows at 3x; then
 *             COUNTER_FREQ answers the VMM's last frequency and the count
 *             runs at it
 * Ends with "done: N checks, M failed" and SYSTEM_OFF. One vCPU.
 */
#include <hvx-guest.h>
#include "guest.h"
#include "check.h"
#include "el0.h"
#include "gic.h"

GUEST_NAME("clock");

#define RATE_PPM_MAX	100
#define WAIT_US		10000000
#define SETTLE_US	20000
#define FAR_US		200000
#define MONO_ROUNDS	100
#define MONO_READS	1000	/* a round: 10^5 reads in all */
#define SAMPLE_TRIES	8

/* CNT*_CTL_EL0 */
#define CTL_ENABLE	BIT(0)
#define CTL_IMASK	BIT(1)
#define CTL_ISTATUS	BIT(2)
/* CNTKCTL_EL1 */
#define CNTKCTL_EL0PCTEN	BIT(0)
#define CNTKCTL_EL0VCTEN	BIT(1)

/*
 * The VMM's test device (selftests/lib/vgic-vmm-clock.c): the re-bases.
 * TESTDEV_CLOCK write: start them; read: how many are still to do
 * (CLOCK_FAILED: one failed). TESTDEV_CLOCK_FREQ read: the last
 * frequency the VMM set.
 */
#define TESTDEV_CLOCK		0x20
#define TESTDEV_CLOCK_FREQ	0x28
#define CLOCK_FAILED		0xffffffffU
/* the largest frequency of the re-bases, as a multiple of the host's */
#define REBASE_RATIO_MAX	3

/* The VMware backdoor's GETHZ (open-vm-tools' backdoor_def.h) */
#define VMW_MAGIC		0x564d5868UL
#define VMW_PORT		0x5658UL
#define VMW_X7			(0x86UL << 32 | 0xe)	/* IN EAX, DX */
#define VMW_CMD_GETHZ		45
#define VMW_NONE		0xffffffffUL

static u64 freq;	/* the guest's, as the VMM says */
static u64 host_freq;	/* CNTFRQ_EL0: not trapped, the host's */
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

/* Guest ticks in us microseconds at the frequency f. */
static u64 ticks(u64 f, u64 us)
{
	return f / 1000000 * us + f % 1000000 * us / 1000000;
}

/* Spin for us microseconds of the host's counter (also at EL0). */
static void spin_vct_us(u64 us)
{
	u64 start = vct(), n = ticks(host_freq, us);

	while (vct() - start < n)
		cpu_relax();
}

/* --- rate ------------------------------------------------------------- */

/* A CNTPCT_EL0 read between two CNTVCT_EL0 reads. */
struct sample {
	u64 va, p, vb;
};

/* The tightest of a few tries (a host interrupt may come in between). */
static void sample_take(struct sample *s)
{
	struct sample t;
	unsigned int i;

	for (i = 0; i < SAMPLE_TRIES; i++) {
		t.va = vct();
		t.p = pct();
		t.vb = vct();
		if (!i || t.vb - t.va < s->vb - s->va)
			*s = t;
	}
}

static u64 sample_mid(const struct sample *s)
{
	return s->va + (s->vb - s->va) / 2;
}

/*
 * How far, in ppm, CNTPCT_EL0 ran from f Hz between samples a and b; *hz
 * the rate it ran at.
 */
static s64 rate_ppm(const struct sample *a, const struct sample *b, u64 f,
		    u64 *hz)
{
	u64 dv = sample_mid(b) - sample_mid(a), dp = b->p - a->p;
	u64 want = dv * f / host_freq;

	*hz = dv ? dp * host_freq / dv : 0;
	if (!want)
		return 1000000;
	return ((s64)dp - (s64)want) * 1000000 / (s64)want;
}

static bool rate_ok(s64 ppm)
{
	return ppm <= RATE_PPM_MAX && ppm >= -RATE_PPM_MAX;
}

/* Two samples 1 s of CNTVCT_EL0 apart. */
struct rate_run {
	struct sample a, b;
};

static u64 rate_measure(u64 arg)
{
	struct rate_run *r = (struct rate_run *)arg;

	sample_take(&r->a);
	spin_vct_us(1000000);
	sample_take(&r->b);
	return 0;
}

static void check_rate(const char *what, const struct rate_run *r, u64 f)
{
	u64 hz;
	s64 ppm = rate_ppm(&r->a, &r->b, f, &hz);

	check(rate_ok(ppm),
	      "%s: CNTPCT_EL0 ran at %llu Hz over 1 s of CNTVCT_EL0, %lld ppm from %llu Hz (at most %d; windows %llu and %llu host ticks)",
	      what, hz, ppm, f, RATE_PPM_MAX, r->a.vb - r->a.va,
	      r->b.vb - r->b.va);
}

static bool counter_freq_call(u64 *hz)
{
	struct hvx_guest_res r;

	hvx_guest_call_hvc(HVX_GUEST_CALL_COUNTER_FREQ, 0, 0, 0, 0, 0, 0, &r);
	*hz = r.a1;
	return r.a0 == HVX_GUEST_RET_SUCCESS;
}

/* GETHZ through the DCC door: the counter's Hz in w1:w0. */
static u64 vmware_gethz(void)
{
	register unsigned long x0 asm("x0") = VMW_MAGIC;
	register unsigned long x1 asm("x1") = VMW_NONE;
	register unsigned long x2 asm("x2") = VMW_CMD_GETHZ;
	register unsigned long x3 asm("x3") = VMW_PORT;
	register unsigned long x4 asm("x4") = 0;
	register unsigned long x5 asm("x5") = 0;
	register unsigned long x7 asm("x7") = VMW_X7;

	asm volatile("mrs xzr, mdccsr_el0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3),
		       "+r" (x4), "+r" (x5) : "r" (x7) : "memory");
	if ((u32)x1 == VMW_NONE)
		return 0;
	return (u32)x0 | (u64)(u32)x1 << 32;
}

static void test_rate(void)
{
	struct rate_run r;
	u64 hz;
	bool ok;

	rate_measure((u64)&r);
	check_rate("rate", &r, freq);
	ok = counter_freq_call(&hz);
	check(ok && hz == freq, "COUNTER_FREQ guest call answers %llu Hz (%s, %llu)",
	      freq, ok ? "ok" : "failed", hz);
	hz = vmware_gethz();
	check(hz == freq, "VMware GETHZ answers %llu Hz (%llu)", freq, hz);
}

/* --- timer interrupts ---------------------------------------------------- */

/* What the hook saw at the physical timer's interrupt. */
static u64 irq_at, irq_cval, irq_ctl;

static void clock_hook(unsigned int cpu, u32 intid)
{
	(void)cpu;
	if (intid == GIC_PPI_PTIMER) {
		irq_at = pct();
		irq_ctl = read_sysreg(cntp_ctl_el0);
		irq_cval = read_sysreg(cntp_cval_el0);
		/* level-sensitive: mask it, or it comes again after EOI */
		write_sysreg(CTL_ENABLE | CTL_IMASK, cntp_ctl_el0);
	} else if (intid == GIC_PPI_VTIMER) {
		write_sysreg(CTL_ENABLE | CTL_IMASK, cntv_ctl_el0);
	}
	isb();
}

static u32 count(u32 intid)
{
	return READ_ONCE(gic_stats[0].count[intid]);
}

/* Wait in WFI (interrupts masked around the check) for intid's first. */
static void wfi_until(u32 intid)
{
	u64 start = guest_now_us();

	while (!count(intid) && guest_now_us() - start < WAIT_US)
		wfi_masked();
}

/* --- mono ---------------------------------------------------------------- */

static unsigned int mono_backs;
static u64 mono_prev, mono_worst;

static void mono_read(void)
{
	u64 now = pct();

	if (now < mono_prev) {
		mono_backs++;
		if (mono_prev - now > mono_worst)
			mono_worst = mono_prev - now;
	}
	mono_prev = now;
}

static void test_mono(void)
{
	unsigned int round, i, yields_bad = 0, wfis = 0, wfis_woken = 0;
	struct hvx_guest_res res;
	bool mmio = testdev_present();

	gic_irq_enable(0, GIC_PPI_PTIMER, true);
	mono_prev = pct();
	for (round = 0; round < MONO_ROUNDS; round++) {
		for (i = 0; i < MONO_READS; i++)
			mono_read();
		switch (round % 3) {
		case 0:	/* an exit to the host and back */
			hvx_guest_call_hvc(HVX_GUEST_CALL_YIELD, 0, 0, 0, 0, 0,
					   0, &res);
			if (res.a0 != HVX_GUEST_RET_SUCCESS)
				yields_bad++;
			break;
		case 1:	/* a WFI the physical timer ends, 200 us on */
			gic_stats_reset(0);
			write_sysreg(0, cntp_ctl_el0);
			write_sysreg(ticks(freq, 200), cntp_tval_el0);
			write_sysreg(CTL_ENABLE, cntp_ctl_el0);
			isb();
			wfi_until(GIC_PPI_PTIMER);
			wfis++;
			wfis_woken += count(GIC_PPI_PTIMER) == 1 && irq_at >= irq_cval;
			write_sysreg(0, cntp_ctl_el0);
			isb();
			break;
		default:	/* an exit to the VMM */
			if (mmio)
				raw_read32(TESTDEV_BASE + TESTDEV_STATUS);
			break;
		}
	}
	gic_irq_enable(0, GIC_PPI_PTIMER, false);
	check(!mono_backs,
	      "mono: %u CNTPCT_EL0 reads never went back, across %u YIELD calls, %u WFIs, %u MMIO exits (%u went back, by up to %llu ticks)",
	      MONO_ROUNDS * MONO_READS, (MONO_ROUNDS + 2) / 3, wfis,
	      mmio ? MONO_ROUNDS / 3 : 0, mono_backs, mono_worst);
	check(!yields_bad, "mono: the YIELD calls succeeded (%u failed)",
	      yields_bad);
	check(wfis_woken == wfis,
	      "mono: each WFI woken by the physical timer, not before its deadline (%u of %u)",
	      wfis_woken, wfis);
}

/* --- tval ---------------------------------------------------------------- */

/* TVAL = n, then PPI 30 in WFI or spinning: once, not early. */
static void tval_fires(u64 n, bool in_wfi, u64 late_max)
{
	u64 p0, p1, cval;

	gic_stats_reset(0);
	irq_at = 0;
	irq_ctl = 0;
	write_sysreg(0, cntp_ctl_el0);
	p0 = pct();
	write_sysreg(n, cntp_tval_el0);
	write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	p1 = pct();
	cval = read_sysreg(cntp_cval_el0);
	if (in_wfi) {
		wfi_until(GIC_PPI_PTIMER);
	} else {
		irqs_enable();
		gic_wait_count(0, GIC_PPI_PTIMER, 1, WAIT_US);
		irqs_disable();
	}
	gic_take_irqs(SETTLE_US);
	check(count(GIC_PPI_PTIMER) == 1 && cval >= p0 + n && cval <= p1 + n &&
	      irq_cval == cval && irq_at >= cval && (irq_ctl & CTL_ISTATUS) &&
	      (!late_max || irq_at - cval <= late_max),
	      "tval: TVAL = %llu%s: PPI 30 taken %u times, its CNTPCT_EL0 %lld ticks after the deadline%s, the deadline %lld after the write, ISTATUS %s",
	      n, in_wfi ? " in WFI" : "", count(GIC_PPI_PTIMER),
	      (long long)(irq_at - cval), late_max ? " (at most 250 ms)" : "",
	      (long long)(cval - p0), irq_ctl & CTL_ISTATUS ? "set" : "clear");
	write_sysreg(0, cntp_ctl_el0);
	isb();
}

static void test_tval(void)
{
	gic_irq_enable(0, GIC_PPI_PTIMER, true);
	tval_fires(1, false, 0);
	tval_fires(100, false, 0);
	tval_fires(ticks(freq, 1000), false, 0);
	tval_fires(ticks(freq, 1000), true, 0);
	/* 200 ms: a deadline at the host's scale would be off by 100s of ms */
	tval_fires(ticks(freq, 200000), false, ticks(freq, 250000));
	tval_fires(ticks(freq, 200000), true, ticks(freq, 250000));
	gic_irq_enable(0, GIC_PPI_PTIMER, false);
}

/* --- far ------------------------------------------------------------------ */

static void far_check(const char *what, u64 cval, bool tval, bool in_wfi)
{
	u64 ctl;
	bool pend;

	gic_stats_reset(0);
	write_sysreg(0, cntp_ctl_el0);
	if (tval)
		write_sysreg(cval, cntp_tval_el0);
	else
		write_sysreg(cval, cntp_cval_el0);
	write_sysreg(CTL_ENABLE, cntp_ctl_el0);
	isb();
	if (in_wfi) {
		/* the virtual timer ends the WFI */
		write_sysreg(vct() + ticks(host_freq, FAR_US), cntv_cval_el0);
		write_sysreg(CTL_ENABLE, cntv_ctl_el0);
		isb();
		wfi_until(GIC_PPI_VTIMER);
		write_sysreg(0, cntv_ctl_el0);
		gic_take_irqs(SETTLE_US);
	} else {
		gic_take_irqs(FAR_US);
	}
	ctl = read_sysreg(cntp_ctl_el0);
	pend = gic_irq_is_pending(0, GIC_PPI_PTIMER);
	check(!count(GIC_PPI_PTIMER) && !pend && !(ctl & CTL_ISTATUS) &&
	      (!in_wfi || count(GIC_PPI_VTIMER) == 1),
	      "far: %s%s: no interrupt in 200 ms (taken %u, pending %d), ISTATUS clear (CTL 0x%llx)%s",
	      what, in_wfi ? " in WFI" : "", count(GIC_PPI_PTIMER), pend,
	      ctl, in_wfi && count(GIC_PPI_VTIMER) != 1 ?
	      ", but the virtual timer did not end the WFI" : "");
	write_sysreg(0, cntp_ctl_el0);
	isb();
}

static void test_far(void)
{
	gic_irq_enable(0, GIC_PPI_PTIMER, true);
	gic_irq_enable(0, GIC_PPI_VTIMER, true);
	far_check("CVAL = now + 2^62", pct() + (1ULL << 62), false, false);
	far_check("CVAL = 2^64 - 1", ~0ULL, false, false);
	far_check("TVAL = 2^31 - 1", 0x7fffffff, true, false);
	far_check("CVAL = 2^64 - 1", ~0ULL, false, true);
	far_check("CVAL = now + 2^63", pct() + (1ULL << 63), false, true);
	gic_irq_enable(0, GIC_PPI_VTIMER, false);
	gic_irq_enable(0, GIC_PPI_PTIMER, false);
}

/* --- el0 ------------------------------------------------------------------ */

static u64 el0_pct(u64 unused)
{
	(void)unused;
	return pct();
}

static void test_el0(void)
{
	u64 saved = read_sysreg(cntkctl_el1);
	struct guest_caught f;
	struct rate_run r;
	u64 p1, v, p2;

	write_sysreg(CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN, cntkctl_el1);
	isb();
	p1 = pct();
	v = guest_run_el0(el0_pct, 0, &f);
	p2 = pct();
	check(!f.caught && v >= p1 && v <= p2,
	      "el0: an EL0 CNTPCT_EL0 read (0x%llx) between two EL1 reads (0x%llx, 0x%llx)%s",
	      v, p1, p2, f.caught ? ", but it trapped" : "");
	guest_run_el0(rate_measure, (u64)&r, &f);
	if (f.caught)
		check(false, "el0: the rate at EL0: trapped (esr 0x%llx)", f.esr);
	else
		check_rate("el0: EL0 reads", &r, freq);
	write_sysreg(saved, cntkctl_el1);
	isb();
}

/* --- rebase --------------------------------------------------------------- */

static u32 rebases_left(void)
{
	return raw_read32(TESTDEV_BASE + TESTDEV_CLOCK);
}

static void test_rebase(void)
{
	u64 va, p, vb, prev, prev_va, start, done_at = 0, last_poll, limit;
	u64 worst_back = 0, worst_jump = 0, worst_limit = 0, n = 0, hz, want;
	unsigned int backs = 0, jumps = 0;
	struct rate_run r;
	u32 left = 1;
	bool ok, last = false;

	if (!testdev_present()) {
		check_skip("rebase: no test device");
		return;
	}
	raw_write32(TESTDEV_BASE + TESTDEV_CLOCK, 1);
	start = vct();
	last_poll = start;
	prev_va = vct();
	prev = pct();
	for (;;) {
		va = vct();
		p = pct();
		vb = vct();
		n++;
		/*
		 * The host time between the two reads is at most vb - prev_va;
		 * at most 3x the host's rate, 1% and a few ticks of rounding.
		 */
		limit = (vb - prev_va) * REBASE_RATIO_MAX;
		limit += limit / 100 + 4;
		if (p < prev) {
			backs++;
			if (prev - p > worst_back)
				worst_back = prev - p;
		} else if (p - prev > limit) {
			jumps++;
			if (p - prev > worst_jump) {
				worst_jump = p - prev;
				worst_limit = limit;
			}
		}
		prev = p;
		prev_va = va;
		if (last)
			break;
		if (vb - last_poll < ticks(host_freq, 20000))
			continue;
		last_poll = vb;
		if (left) {
			left = rebases_left();
			if (!left)
				done_at = vb;
		}
		/* one more read: a re-base may have come during the poll */
		last = left == CLOCK_FAILED || vb - start > ticks(host_freq, WAIT_US) ||
		       (!left && vb - done_at > ticks(host_freq, 200000));
	}
	check(!left, "rebase: the VMM's re-bases done during the loop (%s)",
	      left == CLOCK_FAILED ? "one failed" : left ? "not all" : "all");
	check(!backs && !jumps,
	      "rebase: %llu CNTPCT_EL0 reads in %llu ms across re-bases: none went back (%u, by up to %llu), none jumped further than 3x the host time (%u, by up to %llu, limit %llu)",
	      n, (vb - start) / ticks(host_freq, 1000), backs, worst_back,
	      jumps, worst_jump, worst_limit);
	want = raw_read32(TESTDEV_BASE + TESTDEV_CLOCK_FREQ);
	ok = counter_freq_call(&hz);
	check(ok && hz == want,
	      "rebase: COUNTER_FREQ answers the VMM's last frequency %llu Hz (%llu)",
	      want, hz);
	rate_measure((u64)&r);
	check_rate("rebase: after", &r, want);
	freq = want;
}

void guest_main(void)
{
	static char name[16];

	only = guest_bootarg_str("hvx-test", name, sizeof(name));
	host_freq = read_sysreg(cntfrq_el0);
	if (!guest_bootarg_u64("hvx-freq", &freq))
		freq = host_freq;
	report("CNTFRQ_EL0 %llu Hz, guest counter %llu Hz, section %s",
	       host_freq, freq, only ? only : "all");
	if (!check(host_freq && freq, "CNTFRQ_EL0 (%llu) and hvx-freq (%llu) set",
		   host_freq, freq)) {
		checks_done();
		return;
	}
	gic_dist_init(64);
	gic_cpu_init(0);
	gic_set_irq_hook(clock_hook);
	if (section("rate"))
		test_rate();
	if (section("mono"))
		test_mono();
	if (section("tval"))
		test_tval();
	if (section("far"))
		test_far();
	if (section("el0"))
		test_el0();
	if (section("rebase"))
		test_rebase();
	checks_done();
}
