// SPDX-License-Identifier: GPL-2.0
/*
 * sysreg (hostile): reads system registers the guest platform does not
 * implement: an IMPLEMENTATION DEFINED one (trapped to EL2 by
 * HCR_EL2.TIDCP) and the DCC receive register DBGDTRRX_EL0 (trapped by
 * MDCR_EL2.TDA, next to MDCCSR_EL0, hvx's hypercall door, which must not
 * be confused with it).
 *
 * Each read prints "hvx-guest: sysreg: read <name>: undefined (esr ..)" or
 * "...: returned 0x.."; then "done" and SYSTEM_OFF.
 *
 * A correct hypervisor: an UNDEFINED exception (EC 0x00) injected into the
 * guest at the MRS, which the guest reports through its vector and goes on
 * (as KVM does for a register it does not know); or an error exit to the
 * VMM. Never a made-up value, never a host crash.
 * Plain QEMU 7.2 (-cpu max): both reads are UNDEFINED.
 */
#include "guest.h"

GUEST_NAME("sysreg");

/* One MRS each; left at 0 if the MRS faults and is skipped. */
static u64 read_impdef(void)
{
	u64 v = 0;

	asm volatile("mrs %0, s3_0_c15_c0_0" : "+r" (v));
	return v;
}

static u64 read_dbgdtrrx(void)
{
	u64 v = 0;

	asm volatile("mrs %0, s2_3_c0_c5_0" : "+r" (v));
	return v;
}

void guest_main(void)
{
	/* IMPLEMENTATION DEFINED, then DBGDTRRX_EL0 */
	guest_try_report("read s3_0_c15_c0_0", read_impdef);
	guest_try_report("read s2_3_c0_c5_0", read_dbgdtrrx);
	report("done");
}
