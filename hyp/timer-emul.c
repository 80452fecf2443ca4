// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's physical counter and timer, emulated at EL2.
 *
 * Guests run with CNTHCTL_EL2.EL1PCTEN and EL1PCEN clear (timer-sr.c), so
 * their CNTPCT_EL0 (and CNTPCTSS_EL0, where it exists) reads and CNTP_CTL,
 * CNTP_CVAL and CNTP_TVAL accesses trap here. The guest's physical count
 * is its VM's clock (clock.c): its virtual count (the physical count less
 * CNTVOFF_EL2) until the VMM scales it (HVX_VM_SET_CLOCK), then a count
 * of its own frequency. Its physical timer lives in
 * ctx.sys[HVX_SYS_CNTP_CTL_EL0] (ENABLE and IMASK) and
 * ctx.sys[HVX_SYS_CNTP_CVAL_EL0] (in the guest's count), never in the
 * hardware: the host's physical timer stays the host's.
 *
 * Reads are answered here and the guest goes on; ISTATUS is computed
 * (enabled, and the count at or past CVAL). Writes update sys[] and end
 * the run with HVX_VCPU_EXIT_SYSREG, for the host to re-arm the timer it
 * emulates the guest's with and raise or lower its interrupt (PPI 30).
 *
 * From the guest's EL0 the accesses are allowed only as its
 * CNTKCTL_EL1 says (EL0PCTEN for the counter, EL0PTEN for the timer);
 * otherwise its EL1 gets the trap it asked for, with the same syndrome.
 */
#include <clocksource/arm_arch_timer.h>
#include <linux/bitops.h>
#include <asm/barrier.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"

/* The CNTP_CTL_EL0 bits the guest writes and reads back. */
#define CNTP_CTL_GUEST		(ARCH_TIMER_CTRL_ENABLE | ARCH_TIMER_CTRL_IT_MASK)
/* CNTP_TVAL_EL0: a signed 32-bit TimerValue, bits [63:32] RES0. */
#define CNTP_TVAL_SIGN_BIT	31

/* The guest's count now. */
static u64 guest_count(const struct hvx_hyp_vcpu *vcpu)
{
	return hvx_clock_count(&vcpu->vm->clock);
}

/* Does the guest's CNTKCTL_EL1 let its EL0 make the access? */
static bool el0_allowed(u32 sr)
{
	u64 cntkctl = read_sysreg(cntkctl_el1);

	if (sr == SYS_CNTPCT_EL0 || sr == SYS_CNTPCTSS_EL0)
		return cntkctl & ARCH_TIMER_USR_PCT_ACCESS_EN;
	return cntkctl & ARCH_TIMER_USR_PT_ACCESS_EN;
}

static u64 ctl_read(const u64 *sys, u64 now)
{
	u64 ctl = sys[HVX_SYS_CNTP_CTL_EL0] & CNTP_CTL_GUEST;

	if ((ctl & ARCH_TIMER_CTRL_ENABLE) && now >= sys[HVX_SYS_CNTP_CVAL_EL0])
		ctl |= ARCH_TIMER_CTRL_IT_STAT;
	return ctl;
}

enum hvx_sys_result hvx_timer_access(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 sr = esr_sys64_to_sysreg(esr);
	u64 *sys = vcpu->ctx.sys;
	u64 now, val;

	if (hvx_guest_from_el0() && !el0_allowed(sr)) {
		hvx_inject_same(esr);
		return HVX_SYS_INJECTED;
	}
	now = guest_count(vcpu);
	if (hvx_sys_is_read(esr)) {
		switch (sr) {
		case SYS_CNTPCT_EL0:
		case SYS_CNTPCTSS_EL0:
			val = now;
			break;
		case SYS_CNTP_CTL_EL0:
			val = ctl_read(sys, now);
			break;
		case SYS_CNTP_CVAL_EL0:
			val = sys[HVX_SYS_CNTP_CVAL_EL0];
			break;
		case SYS_CNTP_TVAL_EL0:
			val = (u32)(sys[HVX_SYS_CNTP_CVAL_EL0] - now);
			break;
		default:
			return HVX_SYS_UNDEF;
		}
		hvx_sys_set_rt(vcpu, esr, val);
		return HVX_SYS_DONE;
	}

	val = hvx_sys_get_rt(vcpu, esr);
	switch (sr) {
	case SYS_CNTP_CTL_EL0:
		sys[HVX_SYS_CNTP_CTL_EL0] = val & CNTP_CTL_GUEST;
		break;
	case SYS_CNTP_CVAL_EL0:
		sys[HVX_SYS_CNTP_CVAL_EL0] = val;
		break;
	case SYS_CNTP_TVAL_EL0:
		sys[HVX_SYS_CNTP_CVAL_EL0] = now +
			sign_extend64(val, CNTP_TVAL_SIGN_BIT);
		break;
	default:
		/* The counters are read-only. */
		return HVX_SYS_UNDEF;
	}
	return HVX_SYS_EXIT;
}
