// SPDX-License-Identifier: GPL-2.0
/*
 * sysreg (hostile): reads system registers the guest platform does not
 * implement: an IMPLEMENTATION DEFINED one (trapped to EL2 by
 * HCR_EL2.TIDCP) and the DCC receive register DBGDTRRX_EL0 (trapped by
 * MDCR_EL2.TDA, next to MDCCSR_EL0, hvx's hypercall door, which must not
 * be confused with it).
 *
 * Then it reads the ID registers in which a hypervisor hides the features
 * it does not give its guests, one unallocated ID encoding, and its
 * counters: the virtual one (CNTVCT_EL0, in microseconds), and the
 * physical one (CNTPCT_EL0, which hvx traps and emulates) between two
 * reads of the virtual one.
 *
 * Each read prints "hvx-guest: sysreg: read <name>: undefined (esr ..)" or
 * "...: returned 0x.."; the counters "counters: virtual <n> us, physical
 * <in order|out of order> ..."; then "done" and SYSTEM_OFF.
 *
 * A correct hypervisor: an UNDEFINED exception (EC 0x00) injected into the
 * guest at the MRS, which the guest reports through its vector and goes on
 * (as KVM does for a register it does not know); or an error exit to the
 * VMM. Never a made-up value, never a host crash.
 * Plain QEMU 7.2 (-cpu max): both reads are UNDEFINED.
 *
 * Under hvx (selftests/hvx_guests.sh checks the fields): SVE, SME, AMU,
 * MPAM, RAS, MTE, the PMU, SPE, TRBE, the trace unit and filter, pointer
 * authentication, LORegions, VHE and NV read as absent, ZFR0/SMFR0 and the
 * unallocated encoding as 0, the rest as the CPU has it; the physical
 * count lies between the two virtual ones (both are the guest's count).
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

/* One MRS by generic name; 0 if it faults and is skipped. */
#define MRS(reg) ({						\
	u64 v = 0;						\
								\
	asm volatile("mrs %0, " reg : "+r" (v));		\
	v;							\
})

static u64 id_aa64pfr0(void) { return MRS("s3_0_c0_c4_0"); }
static u64 id_aa64pfr1(void) { return MRS("s3_0_c0_c4_1"); }
static u64 id_aa64zfr0(void) { return MRS("s3_0_c0_c4_4"); }
static u64 id_aa64smfr0(void) { return MRS("s3_0_c0_c4_5"); }
static u64 id_aa64dfr0(void) { return MRS("s3_0_c0_c5_0"); }
static u64 id_aa64isar0(void) { return MRS("s3_0_c0_c6_0"); }
static u64 id_aa64isar1(void) { return MRS("s3_0_c0_c6_1"); }
static u64 id_aa64isar2(void) { return MRS("s3_0_c0_c6_2"); }
static u64 id_aa64mmfr0(void) { return MRS("s3_0_c0_c7_0"); }
static u64 id_aa64mmfr1(void) { return MRS("s3_0_c0_c7_1"); }
static u64 id_aa64mmfr2(void) { return MRS("s3_0_c0_c7_2"); }
static u64 id_dfr0(void) { return MRS("s3_0_c0_c1_2"); }
static u64 id_unallocated(void) { return MRS("s3_0_c0_c4_3"); }
static u64 cntpct(void) { return MRS("s3_3_c14_c0_1"); }

static const struct {
	const char *name;
	u64 (*read)(void);
} id_regs[] = {
	{ "ID_AA64PFR0_EL1", id_aa64pfr0 },
	{ "ID_AA64PFR1_EL1", id_aa64pfr1 },
	{ "ID_AA64ZFR0_EL1", id_aa64zfr0 },
	{ "ID_AA64SMFR0_EL1", id_aa64smfr0 },
	{ "ID_AA64DFR0_EL1", id_aa64dfr0 },
	{ "ID_AA64ISAR0_EL1", id_aa64isar0 },
	{ "ID_AA64ISAR1_EL1", id_aa64isar1 },
	{ "ID_AA64ISAR2_EL1", id_aa64isar2 },
	{ "ID_AA64MMFR0_EL1", id_aa64mmfr0 },
	{ "ID_AA64MMFR1_EL1", id_aa64mmfr1 },
	{ "ID_AA64MMFR2_EL1", id_aa64mmfr2 },
	{ "ID_DFR0_EL1", id_dfr0 },
	{ "s3_0_c0_c4_3", id_unallocated },
};

static void report_counters(void)
{
	u64 freq = read_sysreg(cntfrq_el0), v0, p, v1;

	isb();
	v0 = read_sysreg(cntvct_el0);
	isb();
	p = cntpct();
	isb();
	v1 = read_sysreg(cntvct_el0);
	report("counters: virtual %llu us, physical %s (0x%llx <= 0x%llx <= 0x%llx)",
	       freq ? v0 / freq * 1000000 + v0 % freq * 1000000 / freq : 0,
	       v0 <= p && p <= v1 ? "in order" : "out of order", v0, p, v1);
}

void guest_main(void)
{
	unsigned int i;

	/* IMPLEMENTATION DEFINED, then DBGDTRRX_EL0 */
	guest_try_report("read s3_0_c15_c0_0", read_impdef);
	guest_try_report("read s2_3_c0_c5_0", read_dbgdtrrx);
	for (i = 0; i < ARRAY_SIZE(id_regs); i++) {
		char what[40] = "read ";

		memcpy(what + 5, id_regs[i].name, strlen(id_regs[i].name) + 1);
		guest_try_report(what, id_regs[i].read);
	}
	report_counters();
	report("done");
}
