// SPDX-License-Identifier: GPL-2.0-only
/*
 * HVX_HC_VCPU_RUN: the world switch between the host and a guest.
 *
 * The host's call arrives with its general registers in the trap frame on
 * this CPU's EL2 stack (hyp/host.S), which is where they are taken back
 * from when the call returns. In between:
 *   1. the vCPU is claimed for this CPU (hvx_vcpu_get()), and the shared
 *      struct hvx_vcpu_state copied into EL2's own context, each field
 *      read once: the host may change the page at any time, and nothing
 *      it writes there later has any effect on the run;
 *   2. the host's EL1 state and the EL2 controls it runs with are saved in
 *      this CPU's struct hvx_hyp_cpu, the guest's loaded, with its stage 2
 *      and traps (below) and the guest vectors (hyp/guest.S);
 *   3. the guest runs until an exception that needs the host; those that
 *      EL2 completes itself (guest-exit.c) re-enter it at once, without
 *      touching the EL1 state;
 *   4. the guest's state is saved, the host's put back, and the registers
 *      and the exit written to the shared page, before the vCPU is given
 *      up (hvx_vcpu_put()): nothing of the guest's stays on the CPU, so
 *      the vCPU can run on any CPU next.
 *
 * The FP/SIMD registers are switched lazily (fpsimd.c), the virtual timer
 * (with the VM's CNTVOFF_EL2, timer-sr.c) and the GICv3 virtual CPU
 * interface (vgic-sr.c) with the EL1 state.
 */
#include <linux/arm-smccc.h>
#include <linux/bitfield.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/stddef.h>
#include <asm/barrier.h>
#include <asm/debug-monitors.h>
#include <asm/kvm_arm.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hyp/hyp.h"
#include "hyp/switch.h"
#include "hyp/trace.h"
#include "hyp/vm.h"

/*
 * HCR_EL2 while a guest runs:
 * - VM, PTW: its stage 2, and a stage-1 walk that reaches Device memory
 *   faults instead of touching a device;
 * - SWIO: its invalidate-only set/way cache maintenance cleans as well,
 *   so it cannot discard other worlds' dirty lines. Set/way operations
 *   are not trapped (no TSW): with SWIO they only clean this CPU's caches
 *   to memory, which cannot hurt anyone else, and emulating them as KVM
 *   does (cleaning the guest's memory by address) is more than the guests
 *   hvx runs need;
 * - IMO, FMO, AMO: physical interrupts and SErrors come to EL2, whatever
 *   the guest's PSTATE: an interrupt ends the run and goes to the host.
 *   The guest's own interrupts are virtual ones, from the list registers
 *   (vgic-sr.c): with IMO/FMO its ICC_* accesses reach the virtual CPU
 *   interface, and its SGI writes (ICC_SGI0R/SGI1R/ASGI1R_EL1) trap, for
 *   the host's vGIC to send (HVX_VCPU_EXIT_SYSREG);
 * - FB, BSU_IS: its TLB and cache maintenance, and its barriers, reach
 *   the other CPUs it may have run on;
 * - TWI, TWE: WFI/WFE come to EL2 (the host blocks or yields the thread);
 * - TSC: SMCs come to EL2 (the host answers them; no firmware access);
 * - TID3: the ID registers read through EL2 (id-regs.c), which hides
 *   what hvx does not give guests (SVE, SME, the PMU, pointer
 *   authentication...), so that a guest does not find them and then trap;
 * - TIDCP, TACR, TLOR, TERR (with RAS): IMPLEMENTATION DEFINED registers,
 *   ACTLR_EL1 (IMPLEMENTATION DEFINED too, and not switched: the guest must
 *   not change the host's), LORegions and RAS error records are not the
 *   guest's: an access traps and the guest gets an UNDEF;
 * - RW: EL1 is AArch64.
 * Not set, so trapped too: API/APK (pointer authentication keys and
 * instructions, not switched) and ATA (MTE).
 */
#define GUEST_HCR	(HCR_VM | HCR_PTW | HCR_SWIO | HCR_IMO | HCR_FMO |   \
			 HCR_AMO | HCR_FB | HCR_BSU_IS | HCR_TWI | HCR_TWE | \
			 HCR_TSC | HCR_TID3 | HCR_TIDCP | HCR_TACR |	     \
			 HCR_TLOR | HCR_RW)

/*
 * MDCR_EL2 while a guest runs: the host's HPMN (the PMU counters it keeps
 * out of EL1's reach stay so); debug registers, the OS lock, the debug ROM
 * and the PMU trap. Of the debug registers, MDCCSR_EL0 is the DCC door of
 * the guest calls and MDSCR_EL1 is emulated (debug-emul.c); the breakpoint
 * and watchpoint registers, the OS lock and the other registers a guest
 * Linux touches at boot read as zero and ignore writes (debug-emul.c); the
 * others get an UNDEF. TDE routes the guest's debug exceptions to EL2: BRK, the BRK
 * door, and the breakpoint, watchpoint and step exceptions, which EL2
 * gives back to the guest (guest-exit.c). The host's own MDCR_EL2 is back
 * when the run ends. The trace and profiling buffers are EL2's (E2PB,
 * E2TB zero), so EL1 cannot reach the host's; TPMS and TTRF trap the
 * profiling controls and the trace filter (RES0 without SPE and
 * FEAT_TRF, and set regardless, as KVM does), which hold the host's
 * values zeroed for the run (debug-emul.c): the guest gets an UNDEF.
 */
#define GUEST_MDCR	(MDCR_EL2_TDE | MDCR_EL2_TDA | MDCR_EL2_TDOSA |      \
			 MDCR_EL2_TDRA | MDCR_EL2_TPM | MDCR_EL2_TPMCR |     \
			 MDCR_EL2_TPMS | MDCR_EL2_TTRF)

/*
 * CPTR_EL2 while a guest runs, on top of the host's: FP/SIMD trapped until
 * the guest's first use (fpsimd.c); SVE, SME, the activity monitors and
 * trace registers trapped, as KVM does (TSM and TAM are RES1/RES0 without
 * the feature: harmless to set).
 */
#define GUEST_CPTR	(CPTR_EL2_TFP | CPTR_EL2_TZ | CPTR_EL2_TSM |	     \
			 CPTR_EL2_TAM | CPTR_EL2_TTA)

/*
 * The PSTATE bits a guest may be entered with: flags, DAIF masks, the
 * execution controls it could set itself, and the mode (checked apart).
 * SS too: a guest stepping its own code (MDSCR_EL1.SS) may leave the run
 * between the eret and the step, which must then still come. Not IL (an
 * illegal return), TCO (no MTE).
 */
#define GUEST_PSTATE	(PSR_N_BIT | PSR_Z_BIT | PSR_C_BIT | PSR_V_BIT |     \
			 DBG_SPSR_SS | PSR_D_BIT | PSR_A_BIT | PSR_I_BIT |    \
			 PSR_F_BIT | PSR_PAN_BIT | PSR_UAO_BIT | PSR_DIT_BIT | \
			 PSR_SSBS_BIT | PSR_BTYPE_MASK | PSR_MODE_MASK)

/* Does this CPU have AArch32 at EL0 (a guest interrupted there)? */
static bool cpu_has_aarch32_el0(void)
{
	return FIELD_GET(ID_AA64PFR0_EL1_EL0_MASK,
			 read_sysreg(id_aa64pfr0_el1)) ==
	       ID_AA64PFR0_EL1_EL0_AARCH32;
}

/*
 * The shared page into the vCPU's context, each field read once (the
 * loops are READ_ONCE()s: no memcpy() call, EL2 has none). Nothing is
 * changed on INVALID: pstate not valid (AArch64 EL0t, EL1t, EL1h, or
 * AArch32 User mode on a CPU that has it: the host cannot enter a guest
 * at EL2), an unknown entry flag, or HVX_ENTRY_INJECT_SEA when the last
 * exit was not an MMIO exit.
 */
static int copy_in(struct hvx_hyp_vcpu *vcpu, bool *inject_sea)
{
	struct hvx_vcpu_state *state = vcpu->state;
	struct hvx_guest_ctx *ctx = &vcpu->ctx;
	u32 flags = READ_ONCE(state->entry_flags);
	u64 pstate = READ_ONCE(state->pstate);
	bool aarch32 = pstate & PSR_MODE32_BIT;
	int i;

	if (!hvx_guest_mode_valid(pstate, aarch32 && cpu_has_aarch32_el0()) ||
	    flags & ~HVX_ENTRY_INJECT_SEA)
		return -EINVAL;
	*inject_sea = flags & HVX_ENTRY_INJECT_SEA;
	if (*inject_sea && vcpu->exit_reason != HVX_VCPU_EXIT_MMIO)
		return -EINVAL;

	for (i = 0; i < ARRAY_SIZE(ctx->x); i++)
		ctx->x[i] = READ_ONCE(state->x[i]);
	ctx->sp_el0 = READ_ONCE(state->sp_el0);
	ctx->pc = READ_ONCE(state->pc);
	ctx->pstate = pstate & (aarch32 ? HVX_GUEST_PSTATE32 : GUEST_PSTATE);
	for (i = 0; i < HVX_SYS_NR; i++)
		ctx->sys[i] = READ_ONCE(state->sys[i]);
	hvx_vgic_copy_in(&vcpu->gic, &state->gic);
	if (flags)
		WRITE_ONCE(state->entry_flags, 0);
	return 0;
}

/* The registers, the exit and the vGIC state into the shared page. */
static void copy_out(struct hvx_hyp_vcpu *vcpu)
{
	hvx_vcpu_state_write(vcpu);
	hvx_vgic_copy_out(&vcpu->state->gic, &vcpu->gic);
}

static u64 guest_hcr(void)
{
	u64 hcr = GUEST_HCR;

	/* TERR is RES0 without RAS. */
	if (read_sysreg(id_aa64pfr0_el1) & ID_AA64PFR0_EL1_RAS_MASK)
		hcr |= HCR_TERR;
	return hcr;
}

/*
 * TLB entries are tagged with the VMID, which all vCPUs of a VM share. A
 * guest may give the same ASID to different address spaces on different
 * vCPUs, each invalidated on its own vCPU: so when this CPU runs another
 * vCPU than last time, the VM's stage-1 entries and instructions cached
 * here may be another vCPU's, and go. (A VM's VMID, once the VM is
 * destroyed, has its entries invalidated on every CPU: a vCPU of a new VM
 * at the same address finds nothing.) Runs with the guest's VTTBR_EL2.
 */
static void flush_other_vcpu(struct hvx_hyp_cpu *cpu,
			     struct hvx_hyp_vcpu *vcpu)
{
	if (cpu->last_vcpu == vcpu)
		return;
	cpu->last_vcpu = vcpu;
	asm volatile("tlbi vmalle1\n\tic iallu" : : : "memory");
	dsb(nsh);
	isb();
}

/*
 * Save the host's state, then load the guest's. loaded_vcpu is set in
 * between: from then on an EL2 panic puts the host's state back.
 */
static void switch_to_guest(struct hvx_hyp_cpu *cpu,
			    struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_host_state *host = &cpu->host;
	struct hvx_guest_ctx *ctx = &vcpu->ctx;

	hvx_sysreg_save_el1(host->sys);
	host->sp_el0 = read_sysreg(sp_el0);
	host->elr_el2 = read_sysreg(elr_el2);
	host->spsr_el2 = read_sysreg(spsr_el2);
	host->hcr_el2 = read_sysreg(hcr_el2);
	host->vttbr_el2 = read_sysreg(vttbr_el2);
	host->vtcr_el2 = read_sysreg(vtcr_el2);
	host->vmpidr_el2 = read_sysreg(vmpidr_el2);
	host->mdcr_el2 = read_sysreg(mdcr_el2);
	host->cptr_el2 = read_sysreg(cptr_el2);
	host->vbar_el2 = read_sysreg(vbar_el2);
	hvx_debug_save_host(host);
	hvx_timer_save_host(host);
	barrier();
	WRITE_ONCE(cpu->loaded_vcpu, vcpu);
	barrier();

	hvx_sysreg_restore_el1(ctx->sys);
	hvx_debug_load_guest(ctx->sys);
	hvx_timer_load_guest(ctx->sys, host->cnthctl_el2, vcpu->vm->cntvoff);
	hvx_vgic_load(&vcpu->gic);
	write_sysreg(vcpu->vm->vtcr, vtcr_el2);
	write_sysreg(vcpu->vm->vttbr, vttbr_el2);
	write_sysreg(vcpu->mpidr, vmpidr_el2);
	write_sysreg((host->mdcr_el2 & MDCR_EL2_HPMN_MASK) | GUEST_MDCR,
		     mdcr_el2);
	write_sysreg(host->cptr_el2 | GUEST_CPTR, cptr_el2);
	write_sysreg(guest_hcr(), hcr_el2);
	/* Traced: each exit is recorded (guest-exit.c), else none pays. */
	write_sysreg(hvx_trace_on(cpu) ? (u64)__hvx_guest_vectors_traced :
					 (u64)__hvx_guest_vectors, vbar_el2);
	write_sysreg(ctx->pc, elr_el2);
	write_sysreg(ctx->pstate, spsr_el2);
	isb();
	flush_other_vcpu(cpu, vcpu);
}

/* The host's EL2 controls and EL1 state, as switch_to_guest() saved them. */
static void restore_host(struct hvx_hyp_cpu *cpu)
{
	struct hvx_host_state *host = &cpu->host;

	write_sysreg(host->hcr_el2, hcr_el2);
	write_sysreg(host->vtcr_el2, vtcr_el2);
	write_sysreg(host->vttbr_el2, vttbr_el2);
	write_sysreg(host->vmpidr_el2, vmpidr_el2);
	write_sysreg(host->mdcr_el2, mdcr_el2);
	write_sysreg(host->cptr_el2, cptr_el2);
	write_sysreg(host->vbar_el2, vbar_el2);
	hvx_timer_restore_host(host);
	hvx_sysreg_restore_el1(host->sys);
	hvx_debug_restore_host(host);
	write_sysreg(host->sp_el0, sp_el0);
	write_sysreg(host->elr_el2, elr_el2);
	write_sysreg(host->spsr_el2, spsr_el2);
	isb();
}

static void switch_to_host(struct hvx_hyp_cpu *cpu,
			   struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_guest_ctx *ctx = &vcpu->ctx;
	u32 hw_pintid;
	u64 mdscr;

	/* Before an SError taken at EL2 overwrites them. */
	ctx->pc = read_sysreg(elr_el2);
	ctx->pstate = read_sysreg(spsr_el2);
	if (__hvx_guest_take_serror())
		hvx_guest_exit_error(vcpu, HVX_INTERNAL_SERROR,
				     read_sysreg(esr_el2));

	/* Emulated: the hardware's lacks the guest's TDCC (debug-emul.c). */
	mdscr = ctx->sys[HVX_SYS_MDSCR_EL1];
	hvx_sysreg_save_el1(ctx->sys);
	ctx->sys[HVX_SYS_MDSCR_EL1] = mdscr;
	hvx_timer_save_guest(ctx->sys);
	hw_pintid = hvx_vgic_save(&vcpu->gic);
	hvx_vgic_off(&vcpu->gic);
	if (vcpu->el2_irqs)
		hvx_vgic_fiq_put(vcpu, hw_pintid);
	hvx_fpsimd_give_back(cpu, vcpu);
	restore_host(cpu);
	barrier();
	WRITE_ONCE(cpu->loaded_vcpu, NULL);
}

int hvx_hyp_vcpu_run(u64 handle, u64 id, u64 *exit)
{
	struct hvx_hyp_cpu *cpu = this_hyp_cpu();
	struct hvx_hyp_vcpu *vcpu;
	bool inject_sea;
	int err;

	vcpu = hvx_vcpu_get(handle, id, &err);
	if (!vcpu)
		return err;
	err = copy_in(vcpu, &inject_sea);
	if (err) {
		hvx_vcpu_put(vcpu);
		return err;
	}

	switch_to_guest(cpu, vcpu);
	/* The host's answer to the last MMIO exit: an abort, at the access. */
	if (inject_sea)
		hvx_inject_sea(vcpu->exit_esr, vcpu->exit_far);
	/* EL2's own interrupts, for a VM with a vGIC (vgic-fiq.c, vgic-sgi.c). */
	vcpu->el2_irqs = vcpu->gic.hw_nr_lr && READ_ONCE(vcpu->state->sgi.vgic);
	if (vcpu->el2_irqs) {
		hvx_vgic_fiq_get(vcpu);
		hvx_vgic_sgi_enter(vcpu);
	}
	while (hvx_guest_exit(cpu, vcpu, __hvx_guest_enter(&vcpu->ctx)))
		;
	if (vcpu->el2_irqs)
		hvx_vgic_sgi_leave(vcpu);
	switch_to_host(cpu, vcpu);

	copy_out(vcpu);
	*exit = vcpu->exit_reason;
	/* The vCPU may be gone once given up. */
	hvx_vcpu_put(vcpu);
	return 0;
}

/*
 * An EL2 panic with a guest loaded on this CPU (hyp/host.S): give the host
 * back its state, so that its panic handler can run. The guest's state is
 * dropped; loaded_vcpu is cleared first, so that a fault in here goes
 * straight to the host.
 */
void hvx_switch_panic(struct hvx_hyp_cpu *cpu)
{
	WRITE_ONCE(cpu->loaded_vcpu, NULL);
	barrier();
	hvx_fpsimd_give_back(cpu, NULL);
	hvx_vgic_off(NULL);
	restore_host(cpu);
}
