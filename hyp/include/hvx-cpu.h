/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The state the host and EL2 share per vCPU (struct hvx_vcpu_state, the
 * register exchange page of HVX_HC_VCPU_CREATE and HVX_HC_VCPU_RUN) and
 * hvx's per-CPU data at EL2 (struct hvx_hyp_cpu, which the host sets up
 * at load). Assembly takes its offsets from the generated
 * generated/hvx-asm-offsets.h (hyp/asm-offsets.c).
 */
#ifndef __HVX_CPU_H
#define __HVX_CPU_H

#ifndef __ASSEMBLY__

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/debug-monitors.h>
#include <asm/ptrace.h>

#include "hvx-hcall.h"
#include "hvx-image.h"

/* EL1 system registers of a vCPU, in struct hvx_vcpu_state.sys[]. */
enum hvx_vcpu_sysreg {
	HVX_SYS_SCTLR_EL1,
	HVX_SYS_ACTLR_EL1,
	HVX_SYS_CPACR_EL1,
	HVX_SYS_TTBR0_EL1,
	HVX_SYS_TTBR1_EL1,
	HVX_SYS_TCR_EL1,
	HVX_SYS_ESR_EL1,
	HVX_SYS_AFSR0_EL1,
	HVX_SYS_AFSR1_EL1,
	HVX_SYS_FAR_EL1,
	HVX_SYS_MAIR_EL1,
	HVX_SYS_AMAIR_EL1,
	HVX_SYS_VBAR_EL1,
	HVX_SYS_CONTEXTIDR_EL1,
	HVX_SYS_CNTKCTL_EL1,
	HVX_SYS_PAR_EL1,
	HVX_SYS_MDSCR_EL1,
	HVX_SYS_CSSELR_EL1,
	HVX_SYS_TPIDR_EL0,
	HVX_SYS_TPIDRRO_EL0,
	HVX_SYS_TPIDR2_EL0,		/* with SME only (sysreg-sr.c) */
	HVX_SYS_TPIDR_EL1,
	HVX_SYS_SP_EL1,
	HVX_SYS_ELR_EL1,
	HVX_SYS_SPSR_EL1,
	HVX_SYS_CNTV_CTL_EL0,
	HVX_SYS_CNTV_CVAL_EL0,
	/*
	 * The guest's physical timer: emulated, never in the hardware
	 * (hyp/timer-emul.c); CVAL in the guest's count (physical count -
	 * the VM's CNTVOFF_EL2). ISTATUS is computed, not stored.
	 */
	HVX_SYS_CNTP_CTL_EL0,
	HVX_SYS_CNTP_CVAL_EL0,
	HVX_SYS_NR
};

/*
 * The guest's GICv3 virtual CPU interface, in struct hvx_vcpu_state: the
 * host's vGIC (host/vgic*.c) says which virtual interrupts the list
 * registers hold for a run, EL2 (hyp/vgic-sr.c) loads them and gives them
 * back as the run left them. The rest is the guest's own state, which EL2
 * saves and restores.
 */
#define HVX_VGIC_MAX_LR		16
struct hvx_vgic_cpu_if {
	/*
	 * ICH_LR<n>_EL2. In: lr[0 .. nr_lr) are loaded (HW is cleared: no
	 * virtual interrupt is tied to a physical one), the other list
	 * registers are cleared. Out: lr[0 .. nr_lr) as the run left them,
	 * those past the host's being SGIs EL2 added (struct hvx_sgi_post).
	 */
	u64 lr[HVX_VGIC_MAX_LR];
	u32 nr_lr;		/* in: at most hw_nr_lr; out: with EL2's */
	/* out (at VCPU_CREATE already): ICH_VTR_EL2.ListRegs + 1, 0 if none */
	u32 hw_nr_lr;
	/* in: ICH_HCR_EL2.UIE, LRENPIE, NPIE the host wants; EL2 adds En */
	u32 hcr;
	u32 vmcr;		/* in/out: the guest's ICH_VMCR_EL2 */
	u32 misr;		/* out: ICH_MISR_EL2 at the end of the run */
	u32 eisr;		/* out: ICH_EISR_EL2 */
	u32 elrsr;		/* out: ICH_ELRSR_EL2 */
	u32 host_nr_lr;		/* EL2's own: nr_lr as the host loaded it */
	u32 ap0r[4];		/* in/out: the guest's ICH_AP0R<n>_EL2 */
	u32 ap1r[4];		/* in/out: the guest's ICH_AP1R<n>_EL2 */
};

/*
 * SGIs that EL2 sends itself, in the target vCPU's struct hvx_vcpu_state.
 * A guest's ICC_SGI1R_EL1 write is done at EL2 (hyp/vgic-sgi.c): each
 * target's SGI bits are ORed into its @posted, and a target in its guest
 * on another CPU is rung a doorbell (a physical Group 0 SGI, taken there
 * at EL2 as an FIQ), which puts what was posted into the list registers
 * the host left free, where the host said it may (@inject). Whatever EL2
 * cannot place, and every target not in its guest, is the host's: its
 * vGIC takes @posted (an exchange with 0) before it flushes and before a
 * WFI sleeps, and a sender whose targets are neither in their guest nor
 * polling ends its run with HVX_VCPU_EXIT_KICK to wake them. The host only ever sets
 * these for its own guest: nothing it writes here reaches another VM.
 * The same doorbell mechanism brings the virtual timer's interrupt to EL2
 * (hyp/vgic-fiq.c), which injects it where @inject allows.
 */
#define HVX_NR_SGIS		16
#define HVX_NR_PRIVATE		32	/* SGIs and PPIs */
struct hvx_sgi_post {
	u32 posted;		/* EL2 sets bits; EL2 and the host take them */
	/*
	 * in: the private interrupts (SGIs, and the virtual timer's PPI)
	 * EL2 may put in a list register itself: enabled and Group 1, with
	 * the distributor's Group 1 on. (EL2 posts whatever SGI is sent;
	 * the host drops the Group 0 ones, as the GIC would.)
	 */
	u32 inject;
	/*
	 * in: the VM has a vGIC, which has published @inject: EL2 sends
	 * this vCPU's ICC_SGI1R_EL1 SGIs (without a vGIC, nobody does).
	 */
	u32 vgic;
	/*
	 * in: the host's thread polls @posted (halt polling in WFI): EL2
	 * need not kick it. The host clears it, then looks once more.
	 */
	u32 polling;
	u8 prio[HVX_NR_PRIVATE];	/* in: their priorities */
	u64 kick;		/* out: HVX_VCPU_EXIT_KICK: vCPU ids to wake */
};

/* A trapped instruction's register number 31 (ESR_EL2 Rt): XZR, not x31. */
#define HVX_XZR			31

/* struct hvx_vcpu_state.entry_flags: what EL2 does before entering. */
#define HVX_ENTRY_INJECT_SEA	BIT(0)	/* abort for the last MMIO exit */

/*
 * A vCPU's register exchange page, shared by the host with EL2. EL2 reads
 * it when VCPU_RUN starts (the host may have changed anything) and writes
 * it when VCPU_RUN returns; while the vCPU runs, EL2 works on its own copy
 * and the host must not rely on the page. All guest state the host may see
 * is here; the guest's FP/SIMD registers stay at EL2.
 */
struct hvx_vcpu_state {
	u64 x[31];
	u64 sp_el0;
	u64 pc;
	u64 pstate;
	u64 sys[HVX_SYS_NR];
	/* in: HVX_ENTRY_*, cleared by EL2 once done */
	u32 entry_flags;
	/* out: enum hvx_internal_error, for HVX_VCPU_EXIT_ERROR */
	u32 exit_error;
	/* out: for the exits that say so */
	u64 esr;		/* ESR_EL2 */
	u64 far;		/* FAR_EL2 */
	u64 gpa;		/* faulting IPA (HPFAR_EL2 and FAR_EL2) */
	struct hvx_vgic_cpu_if gic;
	struct hvx_sgi_post sgi;
};

/*
 * The SPSR bits of a guest interrupted in AArch32 User mode (its EL0 may
 * run AArch32, its EL1 may not: HCR_EL2.RW): flags, Q, GE, the If-Then
 * state, T, E, the A/I/F masks, PAN, SSBS, DIT, SS and the mode; not IL.
 */
#define HVX_GUEST_PSTATE32	(PSR_AA32_N_BIT | PSR_AA32_Z_BIT |	     \
				 PSR_AA32_C_BIT | PSR_AA32_V_BIT |	     \
				 PSR_AA32_Q_BIT | PSR_AA32_IT_MASK |	     \
				 PSR_AA32_GE_MASK | PSR_AA32_E_BIT |	     \
				 PSR_AA32_A_BIT | PSR_AA32_I_BIT |	     \
				 PSR_AA32_F_BIT | PSR_AA32_T_BIT |	     \
				 PSR_AA32_PAN_BIT | PSR_AA32_SSBS_BIT |	     \
				 PSR_AA32_DIT_BIT | DBG_SPSR_SS |	     \
				 PSR_AA32_MODE_MASK)

/*
 * Is @pstate (SPSR format) a mode a guest may be entered in: AArch64 EL0t,
 * EL1t or EL1h, or AArch32 User mode if @aarch32_el0 (the CPUs have
 * AArch32 at EL0: an ERET to a state the CPU lacks is an illegal return,
 * which keeps the CPU at EL2)? The host checks it on
 * HVX_VCPU_SET_REGS, EL2 again on every HVX_HC_VCPU_RUN (the state page is
 * the host's to write).
 */
static inline bool hvx_guest_mode_valid(u64 pstate, bool aarch32_el0)
{
	if (pstate & PSR_MODE32_BIT)
		return aarch32_el0 &&
		       (pstate & PSR_AA32_MODE_MASK) == PSR_AA32_MODE_USR;
	switch (pstate & PSR_MODE_MASK) {
	case PSR_MODE_EL0t:
	case PSR_MODE_EL1t:
	case PSR_MODE_EL1h:
		return true;
	default:
		return false;
	}
}

/*
 * The host's state while a guest runs on a CPU (hyp/switch.c): its EL1
 * system registers (sys[], in enum hvx_vcpu_sysreg order; ACTLR_EL1 is not
 * switched) and SP_EL0, where its VCPU_RUN call returns to (ELR_EL2,
 * SPSR_EL2), the EL2 controls it runs with, and its FP/SIMD registers once
 * the guest has taken them (hyp/fpsimd.c).
 */
struct hvx_host_state {
	u64 sys[HVX_SYS_NR];
	u64 sp_el0;
	u64 elr_el2;
	u64 spsr_el2;
	u64 hcr_el2;
	u64 vttbr_el2;
	u64 vtcr_el2;
	u64 vmpidr_el2;
	u64 mdcr_el2;
	u64 cptr_el2;
	u64 cnthctl_el2;
	u64 cntvoff_el2;
	u64 vbar_el2;
	/* the host's profiling and trace filters, 0 while a guest runs */
	u64 pmscr_el1;
	u64 trfcr_el1;
	struct user_fpsimd_state fp;
};

struct hvx_hyp_vcpu;

/* hvx's per-CPU data at EL2, in hvx's memory, found through TPIDR_EL2. */
struct hvx_hyp_cpu {
	u64 stub_vbar;		/* the kernel stub's vectors, restored on reset */
	u64 stub_sctlr;		/* SCTLR_EL2 as the stub had it */
	u64 panic_handler;	/* host (EL1) function an EL2 crash returns to */
	u64 stub_hcr;		/* HCR_EL2 as the stub had it (stage 2 off) */
	/*
	 * What the CPU's EL2 entry (hdr.cpu_entry) sets up EL2 with, written
	 * by the host at load for every possible CPU and read with the MMU
	 * off (cleaned to PoC).
	 */
	struct hvx_init_params boot;
	/*
	 * The host's entry point and context ID of a relayed CPU_ON or
	 * CPU_SUSPEND, set by the CPU issuing it (under the PSCI lock) and
	 * consumed by the entry.
	 */
	u64 host_entry;
	u64 host_ctx;
	u32 on_pending;		/* CPU_ON relayed, entry not reached yet */
	u32 in_hvx;		/* runs under hvx: taken, not CPU_OFF'd */
	/* this CPU's PSCI relay counters */
	u64 psci_stats[HVX_PSCI_NR_STATS];
	/*
	 * The world switch (hyp/switch.c). loaded_vcpu: the vCPU whose state
	 * is on this CPU, from when the host's state is saved until it is
	 * back (NULL otherwise; an EL2 panic restores the host's state while
	 * it is set); last_vcpu: the vCPU this CPU ran last, for its TLBs;
	 * guest_fp: the guest's FP/SIMD registers are on the CPU, the
	 * host's in host.fp.
	 */
	struct hvx_hyp_vcpu *loaded_vcpu;
	struct hvx_hyp_vcpu *last_vcpu;
	u32 guest_fp;
	u32 releasing;		/* HVX_HC_RELEASE agreed: leave on return */
	struct hvx_host_state host;
	u32 idx;		/* the host's number of this CPU: its windows */
	/*
	 * This CPU's trace ring (hyp/trace.c, hvx-trace.h), set by
	 * HVX_HC_TRACE_RING on this CPU: hdr is NULL while EL2 is not
	 * traced here. EL2's own copies of the ring's geometry and indices.
	 */
	struct hvx_hyp_trace {
		struct hvx_trace_header *hdr;
		struct hvx_trace_entry *ring;
		u64 pa;
		u64 pages;
		u64 nr;		/* entries */
		u64 pos;	/* the next entry written, < nr */
		u64 head;	/* entries written */
		u64 lost;	/* entries dropped */
	} trace;
};

#endif /* __ASSEMBLY__ */
#endif /* __HVX_CPU_H */
