// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SVE and SME controls at EL2 that a CPU started by hvx must get.
 *
 * The kernel brings a CPU's EL2 up in two steps: init_el2_state at entry
 * (which hvx's own PSCI entry runs too, hyp/init.S), then the stub call
 * HVC_FINALISE_EL2, which untraps SVE and SME for EL1 (CPTR_EL2.TZ, TSM),
 * gives EL1 the largest vector lengths (ZCR_EL2, SMCR_EL2), makes all SME
 * priorities equal (SMPRIMAP_EL2, HCRX_EL2.SMPME). It decides with the
 * kernel's ID register overrides (arm64.nosve, arm64.nosme), which hvx
 * cannot read. A CPU that comes up through hvx's entry makes that call
 * too, and hvx refuses it, as every stub call while it holds EL2: without
 * more, the kernel's first ZCR_EL1 access on that CPU traps to EL2 and
 * the CPU dies of an UNDEF. So hvx gives such a CPU the controls the stub
 * left on the first CPU hvx took at load (HVX_HC_INIT, which comes before
 * any relayed CPU_ON): the stub finalised all CPUs alike.
 */
#include <linux/bitfield.h>
#include <asm/kvm_arm.h>
#include <asm/sysreg.h>

#include "hyp/hyp.h"
#include "hyp/spinlock.h"

static struct {
	struct hvx_spinlock lock;
	bool saved;
	bool sve, sme, smps, hcx;
	u64 cptr_el2;
	u64 zcr_el2;
	u64 smcr_el2;
	u64 smprimap_el2;
	u64 hcrx_el2;
} finalised;

static bool id_field(u64 reg, u32 shift)
{
	return (reg >> shift) & 0xf;
}

/* Called on HVX_HC_INIT, the stub's controls still untouched. */
void hvx_finalise_save(void)
{
	u64 cptr = read_sysreg(cptr_el2);

	hvx_spin_lock(&finalised.lock);
	if (finalised.saved)
		goto out;
	finalised.cptr_el2 = cptr;
	/* ZCR_EL2 and SMCR_EL2 trap at EL2 too while TZ or TSM is set. */
	finalised.sve = id_field(read_sysreg(id_aa64pfr0_el1),
				 ID_AA64PFR0_EL1_SVE_SHIFT) &&
			!(cptr & CPTR_EL2_TZ);
	if (finalised.sve)
		finalised.zcr_el2 = read_sysreg_s(SYS_ZCR_EL2);
	finalised.sme = id_field(read_sysreg(id_aa64pfr1_el1),
				 ID_AA64PFR1_EL1_SME_SHIFT) &&
			!(cptr & CPTR_EL2_TSM);
	if (finalised.sme) {
		finalised.smcr_el2 = read_sysreg_s(SYS_SMCR_EL2);
		finalised.smps = FIELD_GET(SMIDR_EL1_SMPS,
					   read_sysreg_s(SYS_SMIDR_EL1));
		if (finalised.smps)
			finalised.smprimap_el2 =
				read_sysreg_s(SYS_SMPRIMAP_EL2);
	}
	/* HCRX_EL2 is UNKNOWN at a CPU's entry: init_el2_state leaves it. */
	finalised.hcx = id_field(read_sysreg(id_aa64mmfr1_el1),
				 ID_AA64MMFR1_EL1_HCX_SHIFT);
	if (finalised.hcx)
		finalised.hcrx_el2 = read_sysreg_s(SYS_HCRX_EL2);
	finalised.saved = true;
out:
	hvx_spin_unlock(&finalised.lock);
}

/* On a CPU entering through hvx, after init_el2_state. */
void hvx_finalise_restore(void)
{
	hvx_spin_lock(&finalised.lock);
	if (!finalised.saved)
		goto out;
	write_sysreg(finalised.cptr_el2, cptr_el2);
	isb();
	if (finalised.sve)
		write_sysreg_s(finalised.zcr_el2, SYS_ZCR_EL2);
	if (finalised.sme) {
		write_sysreg_s(finalised.smcr_el2, SYS_SMCR_EL2);
		if (finalised.smps)
			write_sysreg_s(finalised.smprimap_el2,
				       SYS_SMPRIMAP_EL2);
	}
	if (finalised.hcx)
		write_sysreg_s(finalised.hcrx_el2, SYS_HCRX_EL2);
	isb();
out:
	hvx_spin_unlock(&finalised.lock);
}
