// SPDX-License-Identifier: GPL-2.0
/*
 * The report of an internal error exit: what hvx could not handle, the
 * exception syndrome decoded (exception class, and for aborts the fault
 * status), the addresses, then every register of the vCPU.
 */
#include "vm.h"

#define ESR_EC_SHIFT	26
#define ESR_EC_MASK	0x3f
#define ESR_IL		(1U << 25)
#define ESR_ISS_MASK	0x1ffffff
#define ESR_ISV		(1U << 24)	/* data abort: syndrome valid */
#define ESR_WNR		(1U << 6)	/* data abort: write */
#define ESR_S1PTW	(1U << 7)	/* abort on a stage-1 table walk */
#define ESR_FSC_MASK	0x3f

#define EC_IABT_LOW	0x20
#define EC_IABT_CUR	0x21
#define EC_DABT_LOW	0x24
#define EC_DABT_CUR	0x25

static const char *const suberrors[] = {
	[HVX_INTERNAL_MMIO_NISV] =
		"access outside RAM without a valid syndrome (MMIO_NISV): hvx cannot tell what it does",
	[HVX_INTERNAL_IABT] = "instruction fetch outside guest RAM (IABT)",
	[HVX_INTERNAL_S1PTW] =
		"the guest's own page table walk left guest RAM (S1PTW)",
	[HVX_INTERNAL_SERROR] = "SError from the guest (SERROR)",
	[HVX_INTERNAL_UNHANDLED] = "an exception hvx has no handling for (UNHANDLED)",
};

/* ESR_ELx.EC, as the Arm ARM names the classes */
static const char *const ec_names[ESR_EC_MASK + 1] = {
	[0x00] = "unknown reason",
	[0x01] = "WFI/WFE",
	[0x03] = "MCR/MRC (CP15)",
	[0x04] = "MCRR/MRRC (CP15)",
	[0x05] = "MCR/MRC (CP14)",
	[0x06] = "LDC/STC (CP14)",
	[0x07] = "SVE/SIMD/FP access",
	[0x0c] = "MRRC (CP14)",
	[0x0d] = "branch target exception",
	[0x0e] = "illegal execution state",
	[0x11] = "SVC (AArch32)",
	[0x12] = "HVC (AArch32)",
	[0x13] = "SMC (AArch32)",
	[0x15] = "SVC",
	[0x16] = "HVC",
	[0x17] = "SMC",
	[0x18] = "MSR/MRS/system instruction",
	[0x19] = "SVE access",
	[0x1a] = "ERET",
	[0x1c] = "pointer authentication failure",
	[0x20] = "instruction abort from a lower EL",
	[0x21] = "instruction abort at the same EL",
	[0x22] = "PC alignment fault",
	[0x24] = "data abort from a lower EL",
	[0x25] = "data abort at the same EL",
	[0x26] = "SP alignment fault",
	[0x28] = "floating-point exception (AArch32)",
	[0x2c] = "floating-point exception",
	[0x2f] = "SError",
	[0x30] = "breakpoint from a lower EL",
	[0x31] = "breakpoint at the same EL",
	[0x32] = "software step from a lower EL",
	[0x33] = "software step at the same EL",
	[0x34] = "watchpoint from a lower EL",
	[0x35] = "watchpoint at the same EL",
	[0x38] = "BKPT (AArch32)",
	[0x3c] = "BRK",
};

/* Fault status codes of instruction and data aborts (IFSC/DFSC) */
static const struct {
	unsigned int first, last;
	const char *name;
	bool level;		/* a level-numbered group: the level is fsc & 3 */
} fscs[] = {
	{ 0x00, 0x03, "address size fault", true },
	{ 0x04, 0x07, "translation fault", true },
	{ 0x09, 0x0b, "access flag fault", true },
	{ 0x0d, 0x0f, "permission fault", true },
	{ 0x10, 0x10, "synchronous external abort", false },
	{ 0x14, 0x17, "synchronous external abort on a table walk", true },
	{ 0x21, 0x21, "alignment fault", false },
	{ 0x30, 0x30, "TLB conflict abort", false },
};

static void print_fsc(FILE *f, unsigned int fsc)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fscs); i++) {
		if (fsc < fscs[i].first || fsc > fscs[i].last)
			continue;
		if (fscs[i].level)
			fprintf(f, "%s, level %u\n", fscs[i].name, fsc & 3);
		else
			fprintf(f, "%s\n", fscs[i].name);
		return;
	}
	fprintf(f, "fault status 0x%02x\n", fsc);
}

static void print_esr(FILE *f, __u64 esr)
{
	unsigned int ec = (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
	const char *name = ec_names[ec];

	fprintf(f, "  ESR 0x%08llx: EC 0x%02x %s, IL %u, ISS 0x%07llx\n",
		(unsigned long long)esr, ec, name ? name : "(reserved)",
		!!(esr & ESR_IL), (unsigned long long)(esr & ESR_ISS_MASK));
	if (ec == EC_DABT_LOW || ec == EC_DABT_CUR) {
		fprintf(f, "    %s, ISV %u%s, ", esr & ESR_WNR ? "write" : "read",
			!!(esr & ESR_ISV),
			esr & ESR_ISV ? "" : " (no syndrome for the access)");
		print_fsc(f, esr & ESR_FSC_MASK);
	} else if (ec == EC_IABT_LOW || ec == EC_IABT_CUR) {
		fputs("    ", f);
		print_fsc(f, esr & ESR_FSC_MASK);
	}
	if ((ec == EC_DABT_LOW || ec == EC_IABT_LOW) && (esr & ESR_S1PTW))
		fprintf(f, "    on the guest's stage-1 table walk\n");
}

/* PSTATE, SPSR format: mode, and the flags that are set. */
static void print_pstate(FILE *f, __u64 pstate)
{
	static const char *const modes[16] = {
		[0x0] = "EL0t", [0x4] = "EL1t", [0x5] = "EL1h",
		[0x8] = "EL2t", [0x9] = "EL2h", [0xc] = "EL3t", [0xd] = "EL3h",
	};
	static const char flags[] = "NZCV";
	static const char masks[] = "DAIF";
	const char *mode = modes[pstate & 0xf];
	int i;

	fprintf(f, "  pstate 0x%08llx (", (unsigned long long)pstate);
	if (pstate & 0x10)
		fputs("AArch32", f);
	else
		fputs(mode ? mode : "reserved mode", f);
	fputs(", flags ", f);
	for (i = 0; i < 4; i++)
		fputc(pstate & (1ULL << (31 - i)) ? flags[i] : '-', f);
	fputs(", masked ", f);
	for (i = 0; i < 4; i++)
		fputc(pstate & (1ULL << (9 - i)) ? masks[i] : '-', f);
	fputs(")\n", f);
}

struct named_reg {
	const char *name;
	size_t offset;
};

#define REG(r)	{ #r, offsetof(struct hvx_regs, r) }

/* The system registers, in the order of struct hvx_regs. */
static const struct named_reg sysregs[] = {
	REG(sp_el1), REG(elr_el1), REG(spsr_el1), REG(sctlr_el1),
	REG(ttbr0_el1), REG(ttbr1_el1), REG(tcr_el1), REG(mair_el1),
	REG(amair_el1), REG(vbar_el1), REG(contextidr_el1), REG(cpacr_el1),
	REG(esr_el1), REG(far_el1), REG(afsr0_el1), REG(afsr1_el1),
	REG(par_el1), REG(tpidr_el0), REG(tpidrro_el0), REG(tpidr_el1),
	REG(cntkctl_el1), REG(cntv_ctl_el0), REG(cntv_cval_el0),
	REG(mdscr_el1), REG(csselr_el1),
};

static void print_regs(FILE *f, const struct hvx_regs *r)
{
	size_t i;

	for (i = 0; i < 31; i++)
		fprintf(f, "%s x%-2zu 0x%016llx%s", i % 4 ? "" : " ", i,
			(unsigned long long)r->x[i], i % 4 == 3 ? "\n" : "");
	fprintf(f, " sp_el0 0x%016llx\n", (unsigned long long)r->sp);
	fprintf(f, "  pc 0x%016llx", (unsigned long long)r->pc);
	print_pstate(f, r->pstate);
	for (i = 0; i < ARRAY_SIZE(sysregs); i++) {
		__u64 v = *(const __u64 *)((const char *)r + sysregs[i].offset);

		fprintf(f, "  %-14s 0x%016llx%s", sysregs[i].name,
			(unsigned long long)v, i % 3 == 2 ? "\n" : "");
	}
	if (i % 3)
		fputc('\n', f);
}

void vm_report_error(FILE *f, unsigned int vcpu, const struct hvx_run *run,
		     const struct hvx_regs *regs)
{
	__u32 sub = run->internal.suberror;
	const char *what = sub < ARRAY_SIZE(suberrors) ? suberrors[sub] : NULL;

	fprintf(f, "hvxctl: vCPU %u: internal error %u: %s\n", vcpu, sub,
		what ? what : "unknown to this hvxctl (hvx module newer?)");
	print_esr(f, run->internal.esr);
	fprintf(f, "  FAR 0x%016llx  GPA 0x%016llx  PC 0x%016llx\n",
		(unsigned long long)run->internal.far,
		(unsigned long long)run->internal.gpa,
		(unsigned long long)run->internal.pc);
	if (!regs) {
		fputs("  (registers unreadable)\n", f);
		return;
	}
	fprintf(f, "vCPU %u registers:\n", vcpu);
	print_regs(f, regs);
}
