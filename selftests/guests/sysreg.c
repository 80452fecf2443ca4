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

static void try_mrs(const char *reg, u64 (*read)(void))
{
	struct guest_caught c;
	u64 val;
	bool faulted;

	guest_catch_begin();
	val = read();
	faulted = guest_catch_end(&c);
	if (!faulted)
		report("read %s: returned 0x%llx", reg, val);
	else if (esr_ec(c.esr) == EC_UNKNOWN)
		report("read %s: undefined (esr 0x%llx, elr 0x%llx)", reg,
		       c.esr, c.elr);
	else
		report("read %s: exception (esr 0x%llx, ec 0x%x, elr 0x%llx)",
		       reg, c.esr, esr_ec(c.esr), c.elr);
}

void guest_main(void)
{
	try_mrs("s3_0_c15_c0_0", read_impdef);	/* IMPLEMENTATION DEFINED */
	try_mrs("s2_3_c0_c5_0", read_dbgdtrrx);	/* DBGDTRRX_EL0 */
	report("done");
}
