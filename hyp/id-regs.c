// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ID registers as a guest sees them.
 *
 * Guests run with HCR_EL2.TID3 (switch.c): their reads of the ID
 * registers (op0 3, op1 0, CRn 0, CRm 1 to 7) trap here and get the
 * hardware's value with the features hvx does not give guests hidden, so
 * that a guest (Linux on QEMU's -cpu max) does not find them and then
 * take an UNDEF or a trap it did not expect:
 * - SVE and SME: their registers and instructions trap (CPTR_EL2) and
 *   are not switched; ID_AA64ZFR0_EL1 and ID_AA64SMFR0_EL1 read as 0;
 * - the activity monitors, MPAM, RAS (HCR_EL2.TERR traps its error
 *   records), MTE (HCR_EL2.ATA clear);
 * - the PMU (MDCR_EL2.TPM, TPMCR), statistical profiling, the trace
 *   buffer, trace filter and trace unit (TPMS, TTRF, CPTR_EL2.TTA), and
 *   the branch record buffer;
 * - pointer authentication (HCR_EL2.API/APK clear: its keys are not
 *   switched), LORegions (HCR_EL2.TLOR);
 * - VHE and nested virtualization: the guest has no EL2.
 * The breakpoint and watchpoint counts stay: the guest may program them
 * (they never match, debug-emul.c). Encodings of the ID space hvx does not
 * know read as 0, as the architecture's unallocated ones do: a feature
 * newer than hvx stays hidden. The registers are read-only: a write is
 * UNDEFINED. A read from the guest's EL0 (FEAT_IDST reports those as a
 * trap) goes to its EL1, as without hvx.
 */
#include <linux/bits.h>
#include <asm/sysreg.h>

#include "hyp/switch.h"

/* The ID space: op0 3, op1 0, CRn 0, CRm 1..7 (CRm 0 is MIDR_EL1's). */
#define ID_SPACE_MASK		(sys_reg(3, 7, 15, 0, 0))
#define ID_SPACE		(sys_reg(3, 0, 0, 0, 0))
#define ID_CRM_FIRST		1
#define ID_CRM_LAST		7

/* The AArch32 ID_DFR0_EL1.PerfMon field: the PMU, seen from AArch32. */
#define ID_DFR0_PERFMON_MASK	(0xfUL << ID_DFR0_PERFMON_SHIFT)

#define PFR0_HIDDEN	(ID_AA64PFR0_EL1_SVE_MASK | ID_AA64PFR0_EL1_AMU_MASK | \
			 ID_AA64PFR0_EL1_MPAM_MASK | ID_AA64PFR0_EL1_RAS_MASK)
#define PFR1_HIDDEN	(ID_AA64PFR1_EL1_SME_MASK | ID_AA64PFR1_EL1_MTE_MASK | \
			 ID_AA64PFR1_EL1_MPAM_frac_MASK |		       \
			 ID_AA64PFR1_EL1_RAS_frac_MASK)
#define DFR0_HIDDEN	(ID_AA64DFR0_EL1_PMUVer_MASK |			       \
			 ID_AA64DFR0_EL1_PMSVer_MASK |			       \
			 ID_AA64DFR0_EL1_TraceBuffer_MASK |		       \
			 ID_AA64DFR0_EL1_TraceFilt_MASK |		       \
			 ID_AA64DFR0_EL1_TraceVer_MASK |		       \
			 ID_AA64DFR0_EL1_BRBE_MASK |			       \
			 ID_AA64DFR0_EL1_MTPMU_MASK)
#define ISAR1_HIDDEN	(ID_AA64ISAR1_EL1_APA_MASK | ID_AA64ISAR1_EL1_API_MASK | \
			 ID_AA64ISAR1_EL1_GPA_MASK | ID_AA64ISAR1_EL1_GPI_MASK)
#define ISAR2_HIDDEN	(ID_AA64ISAR2_EL1_APA3_MASK |			       \
			 ID_AA64ISAR2_EL1_GPA3_MASK |			       \
			 ID_AA64ISAR2_EL1_PAC_frac_MASK)
#define MMFR1_HIDDEN	(ID_AA64MMFR1_EL1_LO_MASK | ID_AA64MMFR1_EL1_VH_MASK)
#define MMFR2_HIDDEN	ID_AA64MMFR2_EL1_NV_MASK

bool hvx_is_id_reg(u32 sr)
{
	u32 crm = sys_reg_CRm(sr);

	return (sr & ID_SPACE_MASK) == ID_SPACE && crm >= ID_CRM_FIRST &&
	       crm <= ID_CRM_LAST;
}

/*
 * The hardware's value of a known ID register (the AArch32 ones are for a
 * guest's AArch32 EL0); 0 for the others: ID_AA64ZFR0/SMFR0_EL1 (no SVE,
 * no SME) and unallocated encodings.
 */
static u64 hw_id_reg(u32 sr)
{
	switch (sr) {
	case SYS_ID_PFR0_EL1:
		return read_sysreg_s(SYS_ID_PFR0_EL1);
	case SYS_ID_PFR1_EL1:
		return read_sysreg_s(SYS_ID_PFR1_EL1);
	case SYS_ID_PFR2_EL1:
		return read_sysreg_s(SYS_ID_PFR2_EL1);
	case SYS_ID_DFR0_EL1:
		return read_sysreg_s(SYS_ID_DFR0_EL1);
	case SYS_ID_DFR1_EL1:
		return read_sysreg_s(SYS_ID_DFR1_EL1);
	case SYS_ID_AFR0_EL1:
		return read_sysreg_s(SYS_ID_AFR0_EL1);
	case SYS_ID_MMFR0_EL1:
		return read_sysreg_s(SYS_ID_MMFR0_EL1);
	case SYS_ID_MMFR1_EL1:
		return read_sysreg_s(SYS_ID_MMFR1_EL1);
	case SYS_ID_MMFR2_EL1:
		return read_sysreg_s(SYS_ID_MMFR2_EL1);
	case SYS_ID_MMFR3_EL1:
		return read_sysreg_s(SYS_ID_MMFR3_EL1);
	case SYS_ID_MMFR4_EL1:
		return read_sysreg_s(SYS_ID_MMFR4_EL1);
	case SYS_ID_MMFR5_EL1:
		return read_sysreg_s(SYS_ID_MMFR5_EL1);
	case SYS_ID_ISAR0_EL1:
		return read_sysreg_s(SYS_ID_ISAR0_EL1);
	case SYS_ID_ISAR1_EL1:
		return read_sysreg_s(SYS_ID_ISAR1_EL1);
	case SYS_ID_ISAR2_EL1:
		return read_sysreg_s(SYS_ID_ISAR2_EL1);
	case SYS_ID_ISAR3_EL1:
		return read_sysreg_s(SYS_ID_ISAR3_EL1);
	case SYS_ID_ISAR4_EL1:
		return read_sysreg_s(SYS_ID_ISAR4_EL1);
	case SYS_ID_ISAR5_EL1:
		return read_sysreg_s(SYS_ID_ISAR5_EL1);
	case SYS_ID_ISAR6_EL1:
		return read_sysreg_s(SYS_ID_ISAR6_EL1);
	case SYS_MVFR0_EL1:
		return read_sysreg_s(SYS_MVFR0_EL1);
	case SYS_MVFR1_EL1:
		return read_sysreg_s(SYS_MVFR1_EL1);
	case SYS_MVFR2_EL1:
		return read_sysreg_s(SYS_MVFR2_EL1);
	case SYS_ID_AA64PFR0_EL1:
		return read_sysreg_s(SYS_ID_AA64PFR0_EL1);
	case SYS_ID_AA64PFR1_EL1:
		return read_sysreg_s(SYS_ID_AA64PFR1_EL1);
	case SYS_ID_AA64DFR0_EL1:
		return read_sysreg_s(SYS_ID_AA64DFR0_EL1);
	case SYS_ID_AA64DFR1_EL1:
		return read_sysreg_s(SYS_ID_AA64DFR1_EL1);
	case SYS_ID_AA64AFR0_EL1:
		return read_sysreg_s(SYS_ID_AA64AFR0_EL1);
	case SYS_ID_AA64AFR1_EL1:
		return read_sysreg_s(SYS_ID_AA64AFR1_EL1);
	case SYS_ID_AA64ISAR0_EL1:
		return read_sysreg_s(SYS_ID_AA64ISAR0_EL1);
	case SYS_ID_AA64ISAR1_EL1:
		return read_sysreg_s(SYS_ID_AA64ISAR1_EL1);
	case SYS_ID_AA64ISAR2_EL1:
		return read_sysreg_s(SYS_ID_AA64ISAR2_EL1);
	case SYS_ID_AA64MMFR0_EL1:
		return read_sysreg_s(SYS_ID_AA64MMFR0_EL1);
	case SYS_ID_AA64MMFR1_EL1:
		return read_sysreg_s(SYS_ID_AA64MMFR1_EL1);
	case SYS_ID_AA64MMFR2_EL1:
		return read_sysreg_s(SYS_ID_AA64MMFR2_EL1);
	default:
		return 0;
	}
}

/* The fields of ID register @sr that read as 0. */
static u64 hidden_fields(u32 sr)
{
	switch (sr) {
	case SYS_ID_DFR0_EL1:
		return ID_DFR0_PERFMON_MASK;
	case SYS_ID_AA64PFR0_EL1:
		return PFR0_HIDDEN;
	case SYS_ID_AA64PFR1_EL1:
		return PFR1_HIDDEN;
	case SYS_ID_AA64DFR0_EL1:
		return DFR0_HIDDEN;
	case SYS_ID_AA64ISAR1_EL1:
		return ISAR1_HIDDEN;
	case SYS_ID_AA64ISAR2_EL1:
		return ISAR2_HIDDEN;
	case SYS_ID_AA64MMFR1_EL1:
		return MMFR1_HIDDEN;
	case SYS_ID_AA64MMFR2_EL1:
		return MMFR2_HIDDEN;
	default:
		return 0;
	}
}

enum hvx_sys_result hvx_id_reg_access(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 sr;

	if (!hvx_sys_is_read(esr))
		return HVX_SYS_UNDEF;
	if (hvx_guest_from_el0()) {
		hvx_inject_same(esr);
		return HVX_SYS_INJECTED;
	}
	sr = esr_sys64_to_sysreg(esr);
	hvx_sys_set_rt(vcpu, esr, hw_id_reg(sr) & ~hidden_fields(sr));
	return HVX_SYS_DONE;
}
