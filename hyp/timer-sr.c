// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generic timer around a guest run.
 *
 * The guest has the virtual timer (CNTV_CTL_EL0, CNTV_CVAL_EL0: EL1 and
 * EL0 reach them without EL2 being able to trap, short of FEAT_ECV) as
 * its own, with its VM's CNTVOFF_EL2 (the physical count at VM_CREATE,
 * vm.c, 0 on QEMU): its virtual counter starts at 0. Its timer interrupt (PPI 27)
 * reaches the host as a physical interrupt, an IRQ exit; the host's vGIC
 * injects it into the guest as a level interrupt and keeps the physical
 * PPI masked while the guest's is pending (the host never uses CNTV
 * itself). The host's virtual timer is saved and given back after the
 * run all the same. (A Linux host at EL1 with EL2 available ticks on the
 * physical timer, CNTP, which the switch leaves alone: the host's ticks
 * keep arriving while a guest runs, as IRQ exits.)
 *
 * The physical counter and timer are the host's: guests run with
 * CNTHCTL_EL2.EL1PCTEN and EL1PCEN clear, so CNTPCT_EL0 and CNTP_*
 * accesses trap to EL2, which emulates them in the guest's count
 * (timer-emul.c). The two are cleared together: QEMU 7.2 checks the wrong
 * one of them for EL0 counter reads.
 */
#include <clocksource/arm_arch_timer.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"

#define GUEST_CNTHCTL_CLEAR	(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)

void hvx_timer_save_host(struct hvx_host_state *host)
{
	host->cnthctl_el2 = read_sysreg(cnthctl_el2);
	host->cntvoff_el2 = read_sysreg(cntvoff_el2);
	host->sys[HVX_SYS_CNTV_CTL_EL0] = read_sysreg(cntv_ctl_el0);
	host->sys[HVX_SYS_CNTV_CVAL_EL0] = read_sysreg(cntv_cval_el0);
}

/* The EL2 controls first: the guest's timer is never live with the host's. */
void hvx_timer_load_guest(const u64 *sys, u64 host_cnthctl, u64 cntvoff)
{
	write_sysreg(host_cnthctl & ~GUEST_CNTHCTL_CLEAR, cnthctl_el2);
	write_sysreg(cntvoff, cntvoff_el2);
	write_sysreg(sys[HVX_SYS_CNTV_CVAL_EL0], cntv_cval_el0);
	write_sysreg(sys[HVX_SYS_CNTV_CTL_EL0], cntv_ctl_el0);
}

/* ISTATUS as the hardware has it: the host reads it too. */
void hvx_timer_save_guest(u64 *sys)
{
	sys[HVX_SYS_CNTV_CTL_EL0] = read_sysreg(cntv_ctl_el0);
	sys[HVX_SYS_CNTV_CVAL_EL0] = read_sysreg(cntv_cval_el0);
}

/* The guest's timer off the hardware before the host's comes back. */
void hvx_timer_restore_host(const struct hvx_host_state *host)
{
	write_sysreg(host->sys[HVX_SYS_CNTV_CTL_EL0] | ARCH_TIMER_CTRL_IT_MASK,
		     cntv_ctl_el0);
	write_sysreg(host->cntvoff_el2, cntvoff_el2);
	write_sysreg(host->cnthctl_el2, cnthctl_el2);
	write_sysreg(host->sys[HVX_SYS_CNTV_CVAL_EL0], cntv_cval_el0);
	write_sysreg(host->sys[HVX_SYS_CNTV_CTL_EL0], cntv_ctl_el0);
}
