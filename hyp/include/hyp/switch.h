/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The world switch between the host and a guest (HVX_HC_VCPU_RUN), shared
 * by hyp/switch.c, the pieces it is made of and hyp/guest.S.
 */
#ifndef __HVX_SWITCH_H
#define __HVX_SWITCH_H

/*
 * What took the CPU out of the guest, as __hvx_guest_enter() returns it:
 * the kind of exception, from the vector it came through.
 */
#define HVX_GUEST_EXIT_SYNC	0
#define HVX_GUEST_EXIT_IRQ	1
#define HVX_GUEST_EXIT_FIQ	2
#define HVX_GUEST_EXIT_SERROR	3
/*
 * Or'ed in by the traced vectors, which a run uses while EL2 is traced
 * on its CPU (trace.c): the exit is recorded. The untraced vectors'
 * SYNC stays the one value guest-exit.c's fast paths compare with.
 */
#define HVX_GUEST_EXIT_TRACED	0x10

#ifndef __ASSEMBLY__

#include <linux/types.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp/vm.h"

/*
 * guest.S: run the guest whose EL1 state, ELR_EL2/SPSR_EL2 and EL2
 * controls are loaded, with the general registers and SP_EL0 of @ctx,
 * until it takes an exception to EL2; its registers are then back in @ctx.
 */
u64 __hvx_guest_enter(struct hvx_guest_ctx *ctx);
/* Take an SError the guest left pending; true if there was one. */
bool __hvx_guest_take_serror(void);
extern char __hvx_guest_vectors[];
extern char __hvx_guest_vectors_traced[];

/* fpsimd-sr.S: V0-V31, FPSR, FPCR. */
void __hvx_fpsimd_save(struct user_fpsimd_state *fp);
void __hvx_fpsimd_restore(const struct user_fpsimd_state *fp);

/* sysreg-sr.c: the EL1 state of enum hvx_vcpu_sysreg, timer excepted. */
void hvx_sysreg_save_el1(u64 *sys);
void hvx_sysreg_restore_el1(const u64 *sys);

/* timer-sr.c: the virtual timer, and the EL2 timer controls. */
void hvx_timer_save_host(struct hvx_host_state *host);
void hvx_timer_load_guest(const u64 *sys, u64 host_cnthctl, u64 cntvoff);
void hvx_timer_save_guest(u64 *sys);
void hvx_timer_restore_host(const struct hvx_host_state *host);

/*
 * vgic-sr.c: the guest's GICv3 virtual CPU interface. hw_nr_lr() is the
 * CPU's number of list registers, 0 without a GICv3 system-register
 * interface (then the others do nothing); copy_in/out move the state
 * between the shared page and EL2's copy (each field read once); load
 * puts it on the CPU for a run, save takes it back, off clears the
 * hardware's (the host's state: no virtual interface, no list register).
 */
u32 hvx_vgic_hw_nr_lr(void);
void hvx_vgic_copy_in(struct hvx_vgic_cpu_if *gic,
		      const struct hvx_vgic_cpu_if *shared);
void hvx_vgic_copy_out(struct hvx_vgic_cpu_if *shared,
		       const struct hvx_vgic_cpu_if *gic);
void hvx_vgic_load(const struct hvx_vgic_cpu_if *gic);
u32 hvx_vgic_save(struct hvx_vgic_cpu_if *gic);
/* @gic: the vCPU just saved (its loaded LRs), or NULL: all of them. */
void hvx_vgic_off(const struct hvx_vgic_cpu_if *gic);
bool hvx_vgic_add_sgi(struct hvx_vgic_cpu_if *gic, u32 intid, u8 prio);
bool hvx_vgic_map_hw(struct hvx_vgic_cpu_if *gic, u32 vintid, u32 pintid,
		     u8 prio);

/*
 * vgic-sgi.c: SGIs sent at EL2. enter/leave bracket the guest's time on
 * the CPU (its doorbell); sgi1r sends a guest's ICC_SGI1R_EL1 write (false:
 * the run ends with HVX_VCPU_EXIT_KICK); take_posted puts the vCPU's
 * posted SGIs in list registers (false: the host must do some).
 */
void hvx_vgic_sgi_enter(struct hvx_hyp_vcpu *vcpu);
void hvx_vgic_sgi_leave(struct hvx_hyp_vcpu *vcpu);
bool hvx_vgic_sgi1r(struct hvx_hyp_vcpu *vcpu, u64 val);
bool hvx_vgic_take_posted(struct hvx_hyp_vcpu *vcpu);

/*
 * vgic-fiq.c: EL2's Group 0 interrupts (the doorbell SGI, the virtual
 * timer's PPI). fiq_get enables them for a run; fiq takes one while the
 * guest runs (false: the run ends with HVX_VCPU_EXIT_IRQ); fiq_put, as a
 * run ends, disables them and deactivates what the run left active
 * (@hw_pintid from hvx_vgic_save()).
 */
u64 hvx_vgic_doorbell_intid(void);
bool hvx_vgic_doorbell_on(void);
void hvx_vgic_fiq_get(struct hvx_hyp_vcpu *vcpu);
bool hvx_vgic_fiq(struct hvx_hyp_vcpu *vcpu);
void hvx_vgic_fiq_put(struct hvx_hyp_vcpu *vcpu, u32 hw_pintid);

/*
 * What an emulated system register access (EC SYS64) comes to, for
 * guest-exit.c to finish: UNDEF, an Undefined Instruction exception for
 * the guest; DONE, the guest goes on past the instruction; EXIT, past the
 * instruction too, but the run ends with HVX_VCPU_EXIT_SYSREG; INJECTED,
 * the guest's EL1 was given its own trap (hvx_inject_same()).
 */
enum hvx_sys_result {
	HVX_SYS_UNDEF,
	HVX_SYS_DONE,
	HVX_SYS_EXIT,
	HVX_SYS_INJECTED,
	HVX_SYS_KICK,		/* as EXIT, with HVX_VCPU_EXIT_KICK */
};

/* timer-emul.c: the guest's physical counter and timer (CNTPCT, CNTP_*). */
#ifndef SYS_CNTPCT_EL0
#define SYS_CNTPCT_EL0		sys_reg(3, 3, 14, 0, 1)
#endif
enum hvx_sys_result hvx_timer_access(struct hvx_hyp_vcpu *vcpu, u64 esr);

/* id-regs.c: the ID registers HCR_EL2.TID3 traps, as the guest sees them. */
bool hvx_is_id_reg(u32 sr);
enum hvx_sys_result hvx_id_reg_access(struct hvx_hyp_vcpu *vcpu, u64 esr);

/* fpsimd.c: the lazy FP/SIMD switch. */
void hvx_fpsimd_take(struct hvx_hyp_cpu *cpu, struct hvx_hyp_vcpu *vcpu);
void hvx_fpsimd_give_back(struct hvx_hyp_cpu *cpu, struct hvx_hyp_vcpu *vcpu);

/*
 * guest-exit.c: handle the guest's exit @code. true: re-enter the guest;
 * false: the run ends, vcpu->exit_* say why.
 */
bool hvx_guest_exit(struct hvx_hyp_cpu *cpu, struct hvx_hyp_vcpu *vcpu,
		    u64 code);
void hvx_guest_exit_error(struct hvx_hyp_vcpu *vcpu, u32 error, u64 esr);

/* inject.c: a guest's own exceptions that MDCR_EL2.TDE brought to EL2. */
void hvx_inject_same(u64 esr_el2);
void hvx_inject_debug(u64 esr_el2);

/*
 * guest-call.c: the guest call in the vCPU's registers, that came through
 * @door (HVX_VM_STAT_CALLS_HVC, _BRK or _DCC), the guest's pc already
 * past it. true: done, results in x0-x3; false: a service of the host's,
 * the run ends with HVX_VCPU_EXIT_GUEST_CALL.
 */
bool hvx_guest_call(struct hvx_hyp_vcpu *vcpu, enum hvx_vm_stat door);

/*
 * A call to hvx (w0, SMCCC): a fast call in the vendor-specific hypervisor
 * service range, of either calling convention (0x86000000..0x8600FFFF,
 * 0xC6000000..0xC600FFFF): the range is hvx's, so hvx answers it all,
 * if only with NOT_SUPPORTED. Its services are the 64-bit ones.
 */
#define HVX_GUEST_CALL_RANGE_MASK	\
	(0xFFFF0000U & ~(ARM_SMCCC_SMC_64 << ARM_SMCCC_CALL_CONV_SHIFT))
#define HVX_GUEST_CALL_RANGE		0x86000000U

static inline bool hvx_is_guest_call(u64 x0)
{
	return ((u32)x0 & HVX_GUEST_CALL_RANGE_MASK) == HVX_GUEST_CALL_RANGE;
}

/*
 * vmware.c: the VMware backdoor call in the vCPU's registers (x7[63:32]
 * = HVX_VMWARE_X7_MAGIC), whichever door it came through, the guest's pc
 * already past it. true: done; false: the host's, the run ends with
 * HVX_VCPU_EXIT_VMWARE.
 */
#define HVX_VMWARE_X7_MAGIC	0x86
#define HVX_VMWARE_IMM		0x86	/* hvc #0x86, brk #0x86 */
bool hvx_vmware_call(struct hvx_hyp_vcpu *vcpu);

/*
 * debug-emul.c: the guest's MDSCR_EL1, emulated (the hardware's lacks the
 * guest's TDCC and MDE): loaded for a run, its trapped accesses, and what
 * its enables say about the exception being handled.
 */
void hvx_debug_load_guest(const u64 *sys);
/*
 * The host's statistical profiling and self-hosted trace stopped while a
 * guest runs (PMSCR_EL1 and TRFCR_EL1 zero, buffers drained), and back.
 */
void hvx_debug_save_host(struct hvx_host_state *host);
void hvx_debug_restore_host(const struct hvx_host_state *host);
void hvx_mdscr_access(struct hvx_hyp_vcpu *vcpu, u64 esr);
/* The other debug registers MDCR_EL2 traps (op0 2): RAZ/WI or UNDEF. */
enum hvx_sys_result hvx_debug_reg_access(struct hvx_hyp_vcpu *vcpu, u64 esr);
bool hvx_guest_el0_dcc_trapped(const struct hvx_hyp_vcpu *vcpu);
/*
 * A software step exception from the guest: true if EL2 took it (its own
 * step, or one the guest's enables would not have generated), false if it
 * is the guest's.
 */
bool hvx_guest_step_own(struct hvx_hyp_vcpu *vcpu);

/* A trapped MRS's result into Rt; an MSR's value from Rt (0 for XZR). */
static inline void hvx_sys_set_rt(struct hvx_hyp_vcpu *vcpu, u64 esr, u64 val)
{
	u32 rt = ESR_ELx_SYS64_ISS_RT(esr);

	if (rt != HVX_XZR)
		vcpu->ctx.x[rt] = val;
}

static inline u64 hvx_sys_get_rt(const struct hvx_hyp_vcpu *vcpu, u64 esr)
{
	u32 rt = ESR_ELx_SYS64_ISS_RT(esr);

	return rt == HVX_XZR ? 0 : vcpu->ctx.x[rt];
}

static inline bool hvx_sys_is_read(u64 esr)
{
	return (esr & ESR_ELx_SYS64_ISS_DIR_MASK) == ESR_ELx_SYS64_ISS_DIR_READ;
}

/* Did the trapped instruction come from the guest's EL0? */
static inline bool hvx_guest_from_el0(void)
{
	return (read_sysreg(spsr_el2) & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

/*
 * The vCPU's registers and last exit into its shared page, each field
 * written once (no memcpy() at EL2): at the end of VCPU_RUN (switch.c's
 * copy_out()) and, with the reset state, at VCPU_CREATE (vm.c). Inline:
 * it is on every run's way back to the host.
 */
static inline void hvx_vcpu_state_write(const struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_vcpu_state *state = vcpu->state;
	const struct hvx_guest_ctx *ctx = &vcpu->ctx;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(ctx->x); i++)
		WRITE_ONCE(state->x[i], ctx->x[i]);
	WRITE_ONCE(state->sp_el0, ctx->sp_el0);
	WRITE_ONCE(state->pc, ctx->pc);
	WRITE_ONCE(state->pstate, ctx->pstate);
	for (i = 0; i < HVX_SYS_NR; i++)
		WRITE_ONCE(state->sys[i], ctx->sys[i]);
	WRITE_ONCE(state->exit_error, vcpu->exit_error);
	WRITE_ONCE(state->esr, vcpu->exit_esr);
	WRITE_ONCE(state->far, vcpu->exit_far);
	WRITE_ONCE(state->gpa, vcpu->exit_gpa);
}

/* switch.c: put the host's state back after an EL2 panic (host.S). */
void hvx_switch_panic(struct hvx_hyp_cpu *cpu);

#endif /* !__ASSEMBLY__ */
#endif /* __HVX_SWITCH_H */
