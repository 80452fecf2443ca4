// SPDX-License-Identifier: GPL-2.0-only
/*
 * What each exception from a guest does. Handled at EL2 and back into the
 * guest at once: the guest calls of uapi/hvx-guest.h whose services are
 * EL2's (guest-call.c) and the VMware backdoor (vmware.c), the guest's own
 * exceptions MDCR_EL2.TDE brings here (reflected into it, inject.c), its
 * MDSCR_EL1 and other debug registers (debug-emul.c), its ID registers
 * (id-regs.c), reads of its physical counter and timer (timer-emul.c),
 * the guest's first FP/SIMD use, and the traps hvx answers with an UNDEF.
 * Everything else ends the run with an exit for the host (enum
 * hvx_vcpu_exit), recorded in vcpu->exit_*:
 *
 *   exception (ESR_EL2.EC)    exit               guest pc
 *   HVC64 #0, x0 = NOP call   (x0 = 0, at EL2)   after the HVC
 *   HVC64 #0, w0 in 0xC600xxxx: guest call       after the HVC
 *   HVC64 #0x86, VMware x7    (VMware, at EL2)   after the HVC
 *     MESSAGE, host time      VMWARE             after the HVC
 *   HVC64, other              HVC                after the HVC
 *   BRK64 #HVX_GUEST_BRK_IMM  guest call         after the BRK
 *   BRK64 #0x86, VMware x7    (VMware, at EL2)   after the BRK
 *   BRK64, other              (reflected)        its EL1 vector
 *   SYS64 MRS MDCCSR_EL0:
 *     x7 = HVX_GUEST_DCC_X7   guest call         after the MRS
 *     VMware x7               (VMware, at EL2)   after the MRS
 *     EL0, guest's TDCC set   (reflected)        its EL1 vector
 *     else: idle DCC          (Rt = 0, at EL2)   after the MRS
 *   SYS64 MDSCR_EL1           (emulated)         after the MRS/MSR
 *   SYS64 DBGB/W{V,C}R<n>_EL1, OSLAR, OSLSR, OSDLR, DBGPRCR, MDRAR,
 *     DBGCLAIM*, DBGAUTHSTATUS (RAZ/WI, at EL2) after the MRS/MSR
 *   SYS64 ID registers (TID3) (read at EL2)      after the MRS
 *     from EL0                (reflected)        its EL1 vector
 *   SYS64 CNTPCT_EL0, CNTPCTSS_EL0, CNTP_* read:
 *                             (emulated)         after the MRS
 *   SYS64 CNTP_CTL/CVAL/TVAL_EL0 write: SYSREG   after the MSR
 *     from EL0, CNTKCTL_EL1 forbids: (reflected) its EL1 vector
 *   SYS64 ICC_SGI1R_EL1 write, EL2's doorbell on:
 *                             (sent at EL2)      after the MSR
 *     a target not in its guest: KICK            after the MSR
 *   SYS64 ICC_SGI0R/SGI1R/ASGI1R_EL1 write (IMO, FMO), other:
 *                             SYSREG             after the MSR
 *   BREAKPT/WATCHPT/SOFTSTP_LOW (reflected)      its EL1 vector
 *   SMC64 (HCR_EL2.TSC)       SMC                after the SMC
 *   WFx (TWI, TWE)            WFI or WFE         after the WFx
 *   DABT_LOW, stage-2 translation fault:
 *     in a stage-1 walk       ERROR S1PTW        at the access
 *     cache maintenance       (done, at EL2)     after it
 *     no syndrome (ISV = 0)   ERROR MMIO_NISV    at the access
 *     else                    MMIO               at the access
 *   DABT_LOW, other fault     ERROR UNHANDLED    at the access
 *   IABT_LOW                  ERROR IABT         at the instruction
 *   FP_ASIMD (CPTR_EL2.TFP)   (lazy switch)      at the instruction
 *   anything else (other SYS64, SVE, SME, PAC, unknown...):
 *                             (UNDEF injected)   its EL1 vector
 *   FIQ: EL2's doorbell, vtimer (injected at EL2) as interrupted
 *     what EL2 cannot place: IRQ                as interrupted
 *   IRQ, other FIQ (IMO, FMO) IRQ                as interrupted
 *   SError (AMO)              ERROR SERROR       as interrupted
 *   (and one left pending when a run ends, taken by switch.c)
 *   from AArch32 EL0: IRQ, FIQ, SError and FP_ASIMD as above;
 *   any other synchronous    ERROR UNHANDLED    at the instruction
 *
 * A guest call is done at EL2 or, for a host service, ends the run with
 * GUEST_CALL (guest-call.c). "VMware x7": x7[63:32] = 0x86, and the VM's
 * backdoor on (else the instruction is as without the tag); a VMware call
 * the host answers (its MESSAGE channels, its time) ends the run with
 * VMWARE, through any door.
 *
 * A SYSREG exit's value is in x[Rt] (ESR_EL2.ISS.Rt; 0 for Rt = 31),
 * and for the physical timer already in sys[HVX_SYS_CNTP_*].
 *
 * MMIO and ERROR exits for aborts carry ESR_EL2, FAR_EL2 and the IPA
 * (HPFAR_EL2 with FAR_EL2's page offset: stage-2 translation faults only);
 * other synchronous exits and SErrors carry ESR_EL2 alone, interrupts
 * nothing.
 */
#include <linux/arm-smccc.h>
#include <asm/debug-monitors.h>
#include <asm/esr.h>
#include <asm/kvm_arm.h>
#include <asm/page-def.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <uapi/hvx-guest.h>

#include "hyp/hyp.h"
#include "hyp/switch.h"
#include "hyp/trace.h"

/* Prepare the exit @reason to the host, for ESR_EL2 @esr. */
static void set_exit(struct hvx_hyp_vcpu *vcpu, u32 reason, u64 esr)
{
	vcpu->exit_reason = reason;
	vcpu->exit_error = 0;
	vcpu->exit_esr = esr;
	vcpu->exit_far = 0;
	vcpu->exit_gpa = 0;
}

void hvx_guest_exit_error(struct hvx_hyp_vcpu *vcpu, u32 error, u64 esr)
{
	set_exit(vcpu, HVX_VCPU_EXIT_ERROR, esr);
	vcpu->exit_error = error;
}

/* The fault's addresses: FAR_EL2, and the IPA when HPFAR_EL2 has it. */
static void set_fault_addr(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u64 far = read_sysreg(far_el2);

	vcpu->exit_far = far;
	/* HPFAR_EL2 is valid for stage-2 translation faults only. */
	if ((esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT)
		vcpu->exit_gpa = hvx_fault_ipa_page() | (far & ~PAGE_MASK);
}

/*
 * Move the guest past the trapped instruction (always 4 bytes: AArch64),
 * as if it had completed: no branch target pending, a software step done.
 */
static void skip_instr(void)
{
	write_sysreg(read_sysreg(elr_el2) + 4, elr_el2);
	write_sysreg(read_sysreg(spsr_el2) & ~(PSR_BTYPE_MASK | DBG_SPSR_SS),
		     spsr_el2);
}

static __always_inline bool dabt(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	bool outside = (esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT;

	/*
	 * Cache maintenance by address outside guest RAM: nothing of the
	 * guest's is cached there; done, as KVM does.
	 */
	if (outside && !(esr & ESR_ELx_S1PTW) && (esr & ESR_ELx_CM)) {
		skip_instr();
		return true;
	}
	if (!outside)
		/* Guest RAM is mapped whole: not an access outside it. */
		hvx_guest_exit_error(vcpu, HVX_INTERNAL_UNHANDLED, esr);
	else if (esr & ESR_ELx_S1PTW)
		hvx_guest_exit_error(vcpu, HVX_INTERNAL_S1PTW, esr);
	else if (!(esr & ESR_ELx_ISV))
		hvx_guest_exit_error(vcpu, HVX_INTERNAL_MMIO_NISV, esr);
	else
		set_exit(vcpu, HVX_VCPU_EXIT_MMIO, esr);
	set_fault_addr(vcpu, esr);
	return false;
}

/* The guest call in x0-x6, its pc past it: done, or for the host. */
static __always_inline bool call(struct hvx_hyp_vcpu *vcpu, enum hvx_vm_stat door, u64 esr)
{
	if (hvx_guest_call(vcpu, door))
		return true;
	set_exit(vcpu, HVX_VCPU_EXIT_GUEST_CALL, esr);
	return false;
}

/* A VMware backdoor call, and the VM has the backdoor on? */
static bool is_vmware(const struct hvx_hyp_vcpu *vcpu)
{
	return vcpu->ctx.x[7] >> 32 == HVX_VMWARE_X7_MAGIC &&
	       !READ_ONCE(vcpu->vm->vmware_off);
}

/* The VMware call in x0-x6, its pc past it: done, or for the host. */
static bool vmware(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	if (hvx_vmware_call(vcpu))
		return true;
	set_exit(vcpu, HVX_VCPU_EXIT_VMWARE, esr);
	return false;
}

/* An HVC other than the NOP call (the pc is past it already). */
static __always_inline bool hvc(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 imm = esr & ESR_ELx_xVC_IMM_MASK;

	if (!imm && hvx_is_guest_call(vcpu->ctx.x[0]))
		return call(vcpu, HVX_VM_STAT_CALLS_HVC, esr);
	if (imm == HVX_VMWARE_IMM && is_vmware(vcpu))
		return vmware(vcpu, esr);
	/* PSCI and the other SMCCC calls: the host's. */
	set_exit(vcpu, HVX_VCPU_EXIT_HVC, esr);
	return false;
}

/* A BRK: ELR_EL2 points at it. */
static __always_inline bool brk(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 imm = esr & ESR_ELx_BRK64_ISS_COMMENT_MASK;

	if (imm == HVX_GUEST_BRK_IMM) {
		skip_instr();
		return call(vcpu, HVX_VM_STAT_CALLS_BRK, esr);
	}
	if (imm == HVX_VMWARE_IMM && is_vmware(vcpu)) {
		skip_instr();
		return vmware(vcpu, esr);
	}
	/* The guest's own: its debugger's, BUG()'s, kprobes'. */
	vcpu->stats[HVX_VM_STAT_REFLECTED_BRK]++;
	hvx_inject_same(esr);
	return true;
}

/* A read of MDCCSR_EL0: a call, or a DCC with nothing to transfer. */
static __always_inline bool dcc(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 rt = ESR_ELx_SYS64_ISS_RT(esr);
	u64 *x = vcpu->ctx.x;

	/* Rt is not written: the caller's xzr, or a result register. */
	if (x[7] == HVX_GUEST_DCC_X7) {
		skip_instr();
		return call(vcpu, HVX_VM_STAT_CALLS_DCC, esr);
	}
	if (is_vmware(vcpu)) {
		skip_instr();
		return vmware(vcpu, esr);
	}
	if (hvx_guest_el0_dcc_trapped(vcpu)) {
		hvx_inject_same(esr);
		return true;
	}
	/* Nothing received, nothing to send: Linux's hvc_dcc polls this. */
	if (rt != HVX_XZR)
		x[rt] = 0;
	vcpu->stats[HVX_VM_STAT_DCC_IDLE_READS]++;
	skip_instr();
	return true;
}

/* CNTPCT_EL0, MDCCSR_EL0, MDSCR_EL1 in a trapped MRS/MSR's ISS (D19.2). */
#define ISS_CNTPCT_EL0_READ	(ESR_ELx_SYS64_ISS_SYS_VAL(3, 3, 1, 14, 0) | \
				 ESR_ELx_SYS64_ISS_DIR_READ)
#define ISS_MDCCSR_EL0_READ	(ESR_ELx_SYS64_ISS_SYS_VAL(2, 3, 0, 0, 1) | \
				 ESR_ELx_SYS64_ISS_DIR_READ)
#define ISS_MDSCR_EL1		ESR_ELx_SYS64_ISS_SYS_VAL(2, 0, 2, 0, 2)

/*
 * A write of an SGI register (HCR_EL2.IMO/FMO trap them): ICC_SGI1R_EL1
 * is sent at EL2 when the doorbell is on and the VM has a vGIC
 * (vgic-sgi.c), the others by the host's vGIC. They are write-only: a
 * read is UNDEFINED.
 */
static noinline enum hvx_sys_result sgi(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 rt = ESR_ELx_SYS64_ISS_RT(esr);

	if (hvx_sys_is_read(esr) || hvx_guest_from_el0())
		return HVX_SYS_UNDEF;
	if (esr_sys64_to_sysreg(esr) != SYS_ICC_SGI1R_EL1 ||
	    !hvx_vgic_doorbell_on() || !vcpu->el2_irqs)
		return HVX_SYS_EXIT;
	return hvx_vgic_sgi1r(vcpu, rt == HVX_XZR ? 0 : vcpu->ctx.x[rt]) ?
	       HVX_SYS_DONE : HVX_SYS_KICK;
}

/* The other system registers: emulated, for the host, or UNDEFINED. */
static __always_inline bool sys64_other(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 sr = esr_sys64_to_sysreg(esr);
	enum hvx_sys_result res;

	if (sys_reg_Op0(sr) == 2) {
		res = hvx_debug_reg_access(vcpu, esr);
	} else if (hvx_is_id_reg(sr)) {
		res = hvx_id_reg_access(vcpu, esr);
	} else {
		switch (sr) {
		case SYS_ICC_SGI0R_EL1:
		case SYS_ICC_SGI1R_EL1:
		case SYS_ICC_ASGI1R_EL1:
			res = sgi(vcpu, esr);
			break;
		case SYS_CNTPCT_EL0:
		case SYS_CNTPCTSS_EL0:
		case SYS_CNTP_CTL_EL0:
		case SYS_CNTP_CVAL_EL0:
		case SYS_CNTP_TVAL_EL0:
			res = hvx_timer_access(vcpu, esr);
			break;
		default:
			/* IMPLEMENTATION DEFINED ones, the PMU's... */
			res = HVX_SYS_UNDEF;
		}
	}
	switch (res) {
	case HVX_SYS_DONE:
		skip_instr();
		return true;
	case HVX_SYS_EXIT:
		skip_instr();
		set_exit(vcpu, HVX_VCPU_EXIT_SYSREG, esr);
		return false;
	case HVX_SYS_KICK:
		skip_instr();
		set_exit(vcpu, HVX_VCPU_EXIT_KICK, esr);
		return false;
	case HVX_SYS_INJECTED:
		return true;
	default:
		hvx_inject_undef(esr);
		return true;
	}
}

/*
 * The guest kernel's counter read, a fast path as the calls' (EL0's goes
 * by timer-emul.c, which asks the guest's CNTKCTL_EL1). Out of line: the
 * clock's registers would cost the other exits' paths their saving.
 */
static noinline bool cntpct_read(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	hvx_sys_set_rt(vcpu, esr, hvx_clock_count(&vcpu->vm->clock));
	skip_instr();
	return true;
}

static __always_inline bool sys64(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	if ((esr & ESR_ELx_SYS64_ISS_SYS_OP_MASK) == ISS_MDCCSR_EL0_READ)
		return dcc(vcpu, esr);
	if ((esr & ESR_ELx_SYS64_ISS_SYS_OP_MASK) == ISS_CNTPCT_EL0_READ &&
	    !hvx_guest_from_el0())
		return cntpct_read(vcpu, esr);
	if ((esr & ESR_ELx_SYS64_ISS_SYS_MASK) == ISS_MDSCR_EL1) {
		hvx_mdscr_access(vcpu, esr);
		skip_instr();
		return true;
	}
	return sys64_other(vcpu, esr);
}

/* A breakpoint, watchpoint or software step exception the guest set up. */
static __always_inline bool debug(struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	if (ESR_ELx_EC(esr) == ESR_ELx_EC_SOFTSTP_LOW &&
	    hvx_guest_step_own(vcpu))
		return true;
	vcpu->stats[HVX_VM_STAT_REFLECTED_DEBUG]++;
	hvx_inject_debug(esr);
	return true;
}

/* Inlined into both callers: the untraced fast paths stay as they were. */
static __always_inline bool sync(struct hvx_hyp_cpu *cpu,
				 struct hvx_hyp_vcpu *vcpu)
{
	u64 esr = read_sysreg(esr_el2);

	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_HVC64:
		/* The trap floor: keep it first and short. */
		if ((u32)vcpu->ctx.x[0] == HVX_GUEST_CALL_NOP &&
		    !(esr & ESR_ELx_xVC_IMM_MASK)) {
			vcpu->ctx.x[0] = SMCCC_RET_SUCCESS;
			vcpu->stats[HVX_VM_STAT_CALLS_HVC]++;
			return true;
		}
		return hvc(vcpu, esr);
	case ESR_ELx_EC_BRK64:
		return brk(vcpu, esr);
	case ESR_ELx_EC_SYS64:
		return sys64(vcpu, esr);
	case ESR_ELx_EC_SMC64:
		/* A trapped SMC returns to itself. */
		skip_instr();
		set_exit(vcpu, HVX_VCPU_EXIT_SMC, esr);
		return false;
	case ESR_ELx_EC_WFx:
		skip_instr();
		set_exit(vcpu, esr & ESR_ELx_WFx_ISS_WFE ? HVX_VCPU_EXIT_WFE :
							   HVX_VCPU_EXIT_WFI,
			 esr);
		return false;
	case ESR_ELx_EC_DABT_LOW:
		return dabt(vcpu, esr);
	case ESR_ELx_EC_IABT_LOW:
		/* Guest code runs from its RAM only: there is no MMIO fetch. */
		hvx_guest_exit_error(vcpu, HVX_INTERNAL_IABT, esr);
		set_fault_addr(vcpu, esr);
		return false;
	case ESR_ELx_EC_FP_ASIMD:
		hvx_fpsimd_take(cpu, vcpu);
		return true;
	case ESR_ELx_EC_BREAKPT_LOW:
	case ESR_ELx_EC_WATCHPT_LOW:
	case ESR_ELx_EC_SOFTSTP_LOW:
		return debug(vcpu, esr);
	default:
		/*
		 * Instructions hvx does not emulate (SVE, SME, pointer
		 * authentication...): UNDEFINED
		 * for the guest, at its own vector, as on a CPU without them.
		 */
		hvx_inject_undef(esr);
		return true;
	}
}

/*
 * A synchronous exception from AArch32 EL0 (HCR_EL2.RW keeps EL1 in
 * AArch64, but the guest's EL0 may run AArch32). The first FP/SIMD use is
 * the same as from AArch64; the rest would need AArch32 decoding (a WFI to
 * step over, an MMIO access, a BKPT to give back), which hvx does not do:
 * the run ends with an error.
 */
static __always_inline bool sync32(struct hvx_hyp_cpu *cpu,
				   struct hvx_hyp_vcpu *vcpu)
{
	u64 esr = read_sysreg(esr_el2);

	if (ESR_ELx_EC(esr) == ESR_ELx_EC_FP_ASIMD) {
		hvx_fpsimd_take(cpu, vcpu);
		return true;
	}
	hvx_guest_exit_error(vcpu, HVX_INTERNAL_UNHANDLED, esr);
	return false;
}

static __always_inline bool sync_any(struct hvx_hyp_cpu *cpu,
				     struct hvx_hyp_vcpu *vcpu)
{
	if (read_sysreg(spsr_el2) & PSR_MODE32_BIT)
		return sync32(cpu, vcpu);
	return sync(cpu, vcpu);
}

/* Interrupts and SErrors: whatever state the guest was in. */
static __always_inline bool async(struct hvx_hyp_vcpu *vcpu, u64 code)
{
	switch (code) {
	case HVX_GUEST_EXIT_FIQ:
		/* EL2's own: the host has no Group 0 (vgic-fiq.c). */
		if (vcpu->el2_irqs && hvx_vgic_fiq(vcpu))
			return true;
		fallthrough;
	case HVX_GUEST_EXIT_IRQ:
		/* The host takes it once back at EL1 and unmasked. */
		set_exit(vcpu, HVX_VCPU_EXIT_IRQ, 0);
		return false;
	default:
		hvx_guest_exit_error(vcpu, HVX_INTERNAL_SERROR,
				     read_sysreg(esr_el2));
		return false;
	}
}

/*
 * An exit of a run on a traced CPU (the traced vectors): handled as
 * untraced, then recorded with what the guest asked (x0 before) and got
 * (x0 after), and whether EL2 answered it. Every door's calls, the
 * VMware backdoor's included, pass here.
 */
static noinline bool traced(struct hvx_hyp_cpu *cpu,
			    struct hvx_hyp_vcpu *vcpu, u64 code)
{
	u64 esr = code == HVX_GUEST_EXIT_IRQ || code == HVX_GUEST_EXIT_FIQ ?
		  0 : read_sysreg(esr_el2);
	u64 pc = read_sysreg(elr_el2), x0 = vcpu->ctx.x[0];
	struct hvx_trace_entry *e;
	bool done;

	done = code == HVX_GUEST_EXIT_SYNC ? sync_any(cpu, vcpu) :
					     async(vcpu, code);
	e = hvx_trace_claim(&cpu->trace);
	if (!e)
		return done;
	e->type = HVX_TRACE_GUEST_EXIT;
	e->info = code | (done ? HVX_TRACE_DONE_AT_EL2 : 0);
	e->vm = vcpu->vm->handle;
	e->vcpu = vcpu->id;
	e->esr = esr;
	e->addr = pc;
	e->arg = x0;
	e->ret = vcpu->ctx.x[0];
	e->pad = 0;
	hvx_trace_commit(&cpu->trace);
	return done;
}

bool hvx_guest_exit(struct hvx_hyp_cpu *cpu, struct hvx_hyp_vcpu *vcpu,
		    u64 code)
{
	/* The guest calls' fast paths: first. */
	if (likely(code == HVX_GUEST_EXIT_SYNC))
		return sync_any(cpu, vcpu);
	if (code & HVX_GUEST_EXIT_TRACED)
		return traced(cpu, vcpu, code & ~HVX_GUEST_EXIT_TRACED);
	return async(vcpu, code);
}
