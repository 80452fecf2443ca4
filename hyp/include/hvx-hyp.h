/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host side of hvx and its EL2 code share: the host->hvx call ABI,
 * the layout of the EL2 image's header, and the per-CPU data hvx keeps at
 * EL2. Included from C on both sides and from hyp/ assembly.
 *
 * The EL2 image runs identity mapped (VA == PA): it is linked at 0 as a
 * position-independent executable, and the host applies its
 * R_AARCH64_RELATIVE relocations when it copies it to physical pages.
 */
#ifndef __HVX_HYP_H
#define __HVX_HYP_H

#include <linux/arm-smccc.h>
#include <linux/bits.h>
#include <asm/page-def.h>

/* EL2 code version reported by HVX_HC_VERSION: (major << 16) | minor. */
#define HVX_HYP_VERSION		0x00000001

/*
 * Host->hvx calls: HVC #0 with x0 an SMCCC fast call in the vendor-specific
 * hypervisor range (owner 6), 64-bit convention. x0 returns an SMCCC status
 * (0 success, or a negative HVX_HC_ERR_* / SMCCC error); results in x1-x4.
 * x0 values below HVC_STUB_HCALL_NR are the kernel's hyp-stub ABI, which hvx
 * refuses with HVC_STUB_ERR while it holds EL2 (see hyp/host.S): EL2 goes
 * back to the stub only through HVX_HC_RELEASE.
 */
#define HVX_HC_ID(n)		ARM_SMCCC_CALL_VAL(ARM_SMCCC_FAST_CALL,	\
					ARM_SMCCC_SMC_64,		\
					ARM_SMCCC_OWNER_VENDOR_HYP, (n))
/* Install hvx on this CPU (init vectors only): x1 = PA of hvx_init_params */
#define HVX_HC_INIT		HVX_HC_ID(0)
/* -> x1 = HVX_HYP_VERSION */
#define HVX_HC_VERSION		HVX_HC_ID(1)
/* -> x1 = CurrentEL, x2 = VBAR_EL2, x3 = HCR_EL2, x4 = SCTLR_EL2 */
#define HVX_HC_CPU_STATE	HVX_HC_ID(2)
/*
 * -> x1 = pool pages, x2 = pool pages in use, x3 = host stage-2 faults
 * handled, x4 = aborts injected into the host
 */
#define HVX_HC_MEM_STATS	HVX_HC_ID(3)
/*
 * -> host stage-2 mappings: x1 = level 1 blocks (1 GiB), x2 = level 2
 * blocks (2 MiB), x3 = level 3 pages (4 KiB), x4 = table pages
 */
#define HVX_HC_S2_STATS		HVX_HC_ID(4)
/*
 * x1 != 0: drop every host stage-2 mapping (the host faults them back in;
 * EL2 does the same itself when it runs out of table pages).
 * -> x1 = number of such resets so far
 */
#define HVX_HC_HOST_S2_RESET	HVX_HC_ID(5)
/*
 * Page ownership. Every page of host RAM has an owner, tracked at EL2:
 * the host (the default), the host sharing it with hvx, hvx (the host
 * donated it), or a guest. The host's stage 2 only ever maps pages the host
 * owns or shares; a host access to any other page gets a synchronous
 * external abort. Each call takes x1 = the physical address of one 4 KiB
 * page of host RAM and fails, changing nothing, with:
 *   HVX_HC_ERR_INVALID  x1 is not page aligned, or not in host RAM
 *   HVX_HC_ERR_DENIED   the page is not in the state the call starts from
 *                       (e.g. not the host's to give, already donated, not
 *                       shared), or it is hvx's own memory
 *   HVX_HC_ERR_NOMEM    EL2 cannot track one more range of pages taken
 *                       from the host (HVX_OWN_MAX_RANGES), or has no
 *                       pool page left for the stage-1 table it needs to
 *                       map a donated or shared page at EL2
 *
 * host -> shared with hvx: the host keeps its access. EL2 maps a page
 * donated to or shared with it in its own stage 1 until it goes back;
 * nothing else of host RAM, and no guest RAM (hyp/s1.c).
 */
#define HVX_HC_HOST_SHARE_HYP	HVX_HC_ID(6)
/* shared with hvx -> host */
#define HVX_HC_HOST_UNSHARE_HYP	HVX_HC_ID(7)
/*
 * host -> hvx: unmapped from the host's stage 2 (a block around it is split
 * into smaller mappings) with broadcast TLB invalidation before the call
 * returns; from then on a host access to it gets an abort.
 */
#define HVX_HC_HOST_DONATE_HYP	HVX_HC_ID(8)
/*
 * hvx -> host, for a page the host donated: the host may map it again. Its
 * contents are left as they are (hvx does not use donated pages yet).
 */
#define HVX_HC_HOST_RECLAIM_HYP	HVX_HC_ID(9)
/*
 * -> x1 = pages shared with hvx (vCPU state pages included), x2 = pages
 * donated to hvx (VMs' pages included), x3 = pages owned by guests,
 * x4 = HVX_OWN_MAX_RANGES
 */
#define HVX_HC_OWN_STATS	HVX_HC_ID(10)
/*
 * VMs. The host gives EL2 every page a VM needs: its EL2 state, its
 * stage-2 tables and its RAM are donated (the host loses access until the
 * VM is destroyed); a vCPU's register exchange page (struct
 * hvx_vcpu_state) is shared. x1 is the VM's handle (1 .. HVX_MAX_VMS, also
 * its VMID) in every call but VM_CREATE. Errors as above; DENIED also for
 * a handle that is not a live VM, or a VM in the wrong state for the call.
 *
 * x1 = PA of a page donated for the VM's EL2 state, x2 = PA of a page
 * donated for its stage-2 root table -> x1 = handle, x2 = the VM's
 * CNTVOFF_EL2 (the physical count at creation: its guest's counter starts
 * at 0; but 0 on an emulated CPU, see hyp/vm.c). NOMEM: no free handle.
 */
#define HVX_HC_VM_CREATE	HVX_HC_ID(11)
/*
 * x1 = handle, x2 = PA of a page donated for the VM's stage-2 tables
 * (its page cache, used by VM_MAP). DENIED once the cache holds
 * HVX_VM_CACHE_MAX pages: one VM_MAP needs at most 4.
 */
#define HVX_HC_VM_TOPUP		HVX_HC_ID(12)
/*
 * x1 = handle, x2 = IPA, x3 = PA, x4 = number of pages: give the
 * physically contiguous pages [PA, PA + x4 pages) to the guest (host
 * RAM the host owns) and map them at IPA (below 1 << HVX_GUEST_IPA_BITS,
 * not mapped yet), cleaned to the point of coherency (the guest starts
 * with its MMU off). At most HVX_VM_MAP_MAX_PAGES pages a call (EL2 works
 * with interrupts masked): the host maps more by several calls. NOMEM:
 * the VM's page cache has fewer pages than the stage-2 tables the mapping
 * needs; nothing changed: top up and call again. Not once a vCPU has run.
 */
#define HVX_HC_VM_MAP		HVX_HC_ID(13)
/*
 * x1 = handle, x2 = IPA, x3 = PA of host memory the host owns, x4 = bytes:
 * copy into guest RAM. Neither range crosses a page boundary. Only before
 * the first vCPU run.
 */
#define HVX_HC_VM_WRITE		HVX_HC_ID(14)
/*
 * x1 = handle, x2 = vCPU id (< HVX_MAX_VCPUS), x3 = PA of a page donated
 * for its EL2 state, x4 = PA of a host page it shares for its struct
 * hvx_vcpu_state (from then on the host may not unshare or give it away).
 * The vCPU starts in the reset state of HVX_VCPU_GET_REGS.
 */
#define HVX_HC_VCPU_CREATE	HVX_HC_ID(15)
/*
 * x1 = handle, x2 = vCPU id: run it on this CPU with the registers of its
 * struct hvx_vcpu_state (pstate checked: AArch64 EL0t/EL1t/EL1h), until
 * something needs the host -> x1 = enum hvx_vcpu_exit, the registers and
 * exit details written back. DENIED: the vCPU runs on another CPU, or the
 * VM is being destroyed. INVALID, nothing run: pstate is none of those, an
 * unknown entry flag is set, or HVX_ENTRY_INJECT_SEA without an MMIO exit
 * last. Call with interrupts masked at EL1.
 */
#define HVX_HC_VCPU_RUN		HVX_HC_ID(16)
/*
 * x1 = handle, x2 = IPA, x3 = PA, x4 = pages, exactly as one VM_MAP made
 * them: unmap, scrub (zero) and give the pages back to the host (INVALID
 * if the range is not exactly one VM_MAP's). The VM is being destroyed
 * from the first such call on (no vCPU may run again); DENIED while one of
 * its vCPUs runs.
 */
#define HVX_HC_VM_UNMAP		HVX_HC_ID(17)
/*
 * x1 = handle: once every VM_MAP is undone, free the VM: its stage-2
 * tables, page cache, EL2 state and vCPUs' EL2 state are scrubbed and the
 * host's again, its vCPU state pages unshared, its VMID's TLB entries
 * invalidated. DENIED while guest RAM is still mapped or a vCPU runs.
 */
#define HVX_HC_VM_DESTROY	HVX_HC_ID(18)
/*
 * x1 = handle, x2 = enum hvx_vm_stat -> x1 = that counter of the VM
 * (guest calls by door, reflections; summed over its vCPUs).
 */
#define HVX_HC_VM_STATS		HVX_HC_ID(19)
/*
 * Give EL2 back to the kernel's stub (hyp/release.c). Issued on every CPU
 * hvx runs on at once (within a second); on success hvx has zeroed its
 * stacks and the CPU returns under the stub, stage 2 off, with x0-x17
 * zero. DENIED while a VM exists or a relayed CPU_ON has not arrived; BUSY
 * (HVX_HC_ERR_BUSY) if not every CPU asked in time. All CPUs or none.
 */
#define HVX_HC_RELEASE		HVX_HC_ID(20)
/*
 * A probe of EL2's own stage 1, for the tests: x1 = an EL2 virtual
 * address -> x1 = PAR_EL1 after AT S1E2R of it, x2 = after AT S1E2W (bit
 * 0, F, set: EL2 cannot read, or write, there), x3 = pages of EL2's pool
 * holding stage-1 tables EL2 added at run time. It tells the host nothing
 * it does not know: EL2 maps its own memory and the pages the host gave
 * or shared (hyp/s1.c).
 */
#define HVX_HC_HYP_S1_PROBE	HVX_HC_ID(21)
#define HVX_HC_NR		22

/* Errors of the calls above, in x0 (SMCCC style: negative). */
#define HVX_HC_ERR_INVALID	SMCCC_RET_INVALID_PARAMETER	/* -3 */
#define HVX_HC_ERR_DENIED	(-4)
#define HVX_HC_ERR_NOMEM	(-5)
#define HVX_HC_ERR_BUSY		(-6)

/*
 * Ranges of pages EL2 can track out of the host's hands: each call taking
 * pages from the host holds one range (one page, or a VM_MAP's pages)
 * until they come back.
 */
#define HVX_OWN_MAX_RANGES	8192
/*
 * PSCI relay counters (hyp/psci.c), summed over all CPUs: x1 = which
 * (enum hvx_psci_stat) -> x1 = its value. Numbered apart from the calls
 * above so that new calls there do not collide with it.
 */
#define HVX_HC_PSCI_STATS	HVX_HC_ID(32)

#define HVX_HYP_MAGIC		0x3130505948585648ULL	/* "HVXHYP01" */

/* Byte offsets of the fields below, for assembly. */
#define HVX_HDR_MAGIC		0
#define HVX_INIT_MAIR		0
#define HVX_INIT_TCR		8
#define HVX_INIT_TTBR0		16
#define HVX_INIT_SCTLR		24
#define HVX_INIT_VBAR		32
#define HVX_INIT_SP		40
#define HVX_INIT_TPIDR		48
#define HVX_CPU_STUB_VBAR	0
#define HVX_CPU_STUB_SCTLR	8
#define HVX_CPU_PANIC_HANDLER	16
#define HVX_CPU_STUB_HCR	24
#define HVX_CPU_BOOT		32	/* struct hvx_init_params */
#define HVX_CPU_HOST_ENTRY	104
#define HVX_CPU_HOST_CTX	112
#define HVX_CPU_LOADED_VCPU	184	/* checked in hyp/switch.c */
#define HVX_CPU_RELEASING	204

/* Each CPU's EL2 stack, below its top (hvx_init_params.sp_el2). */
#define HVX_STACK_PAGES		2
#define HVX_STACK_SIZE		(HVX_STACK_PAGES << PAGE_SHIFT)

/* VMs EL2 can hold at once: handles and VMIDs 1 .. HVX_MAX_VMS (0: host). */
#define HVX_MAX_VMS		255
/* Most pages one HVX_HC_VM_MAP or HVX_HC_VM_UNMAP takes (2 MiB). */
#define HVX_VM_MAP_MAX_PAGES	512
/* Most pages a VM's stage-2 page cache holds (HVX_HC_VM_TOPUP). */
#define HVX_VM_CACHE_MAX	8

/* Possible CPUs EL2 knows the MPIDR of (PSCI CPU_ON targets). */
#define HVX_MAX_CPUS		256

/* RAM ranges the host can describe to EL2 (merged "System RAM"). */
#define HVX_MAX_RAM_RANGES	32
/* EFI runtime services code ranges the host can describe to EL2. */
#define HVX_MAX_FW_CODE_RANGES	32

#ifndef __ASSEMBLY__

#include <linux/types.h>
#include <asm/debug-monitors.h>
#include <asm/ptrace.h>

/*
 * Why HVX_HC_VCPU_RUN returned to the host (x1). The guest's pc has moved
 * past the instruction unless said otherwise.
 */
enum hvx_vcpu_exit {
	HVX_VCPU_EXIT_IRQ = 1,	/* a physical interrupt: the host takes it */
	HVX_VCPU_EXIT_HVC,	/* HVC: function in x0; esr has the immediate */
	HVX_VCPU_EXIT_SMC,	/* SMC (trapped by HCR_EL2.TSC) */
	HVX_VCPU_EXIT_WFI,	/* WFI: wait until something wakes the vCPU */
	HVX_VCPU_EXIT_WFE,	/* WFE: a hint to yield the CPU */
	/*
	 * A load or store outside guest RAM with a valid syndrome: esr, far,
	 * and gpa (the IPA). pc is at the access: the host completes it.
	 */
	HVX_VCPU_EXIT_MMIO,
	/*
	 * Something EL2 cannot handle (enum hvx_internal_error in
	 * exit_error): esr, far, gpa as for MMIO; pc at the instruction.
	 */
	HVX_VCPU_EXIT_ERROR,
	/*
	 * A guest call (uapi/hvx-guest.h) whose service is the host's:
	 * function id in x0, arguments in x1-x6, whichever door it came
	 * through; pc is past the call. The host writes the results to x0-x3
	 * and runs the vCPU again.
	 */
	HVX_VCPU_EXIT_GUEST_CALL,
	/*
	 * A trapped system register write that the host completes: the
	 * guest's ICC_SGI0R_EL1, ICC_SGI1R_EL1 or ICC_ASGI1R_EL1 (an SGI to
	 * send: the value is in x[Rt], 0 for xzr), or CNTP_CTL_EL0,
	 * CNTP_CVAL_EL0 or CNTP_TVAL_EL0 (already done by EL2 in
	 * sys[HVX_SYS_CNTP_*]: the host re-arms the emulated timer). esr
	 * has the ISS (register, Rt); pc is past the instruction.
	 */
	HVX_VCPU_EXIT_SYSREG,
};

/* HVX_HC_VM_STATS counters, per VM. */
enum hvx_vm_stat {
	HVX_VM_STAT_CALLS_HVC,		/* guest calls through each door */
	HVX_VM_STAT_CALLS_BRK,
	HVX_VM_STAT_CALLS_DCC,
	HVX_VM_STAT_CALLS_VMWARE,	/* VMware backdoor calls, any door */
	HVX_VM_STAT_REFLECTED_BRK,	/* other BRKs given back to the guest */
	HVX_VM_STAT_REFLECTED_DEBUG,	/* breakpoint/watchpoint/step ditto */
	HVX_VM_STAT_DCC_IDLE_READS,	/* MDCCSR_EL0 reads that were no call */
	HVX_VM_NR_STATS
};

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
	 * registers are cleared. Out: all hw_nr_lr as the run left them.
	 */
	u64 lr[HVX_VGIC_MAX_LR];
	u32 nr_lr;		/* in: at most hw_nr_lr */
	/* out (at VCPU_CREATE already): ICH_VTR_EL2.ListRegs + 1, 0 if none */
	u32 hw_nr_lr;
	/* in: ICH_HCR_EL2.UIE, LRENPIE, NPIE the host wants; EL2 adds En */
	u32 hcr;
	u32 vmcr;		/* in/out: the guest's ICH_VMCR_EL2 */
	u32 misr;		/* out: ICH_MISR_EL2 at the end of the run */
	u32 eisr;		/* out: ICH_EISR_EL2 */
	u32 elrsr;		/* out: ICH_ELRSR_EL2 */
	u32 pad;
	u32 ap0r[4];		/* in/out: the guest's ICH_AP0R<n>_EL2 */
	u32 ap1r[4];		/* in/out: the guest's ICH_AP1R<n>_EL2 */
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

/* HVX_HC_PSCI_STATS counters. */
enum hvx_psci_stat {
	HVX_PSCI_CPU_ON,	/* CPU_ON relayed with hvx's entry */
	HVX_PSCI_CPU_OFF,	/* CPU_OFF passed to the firmware */
	HVX_PSCI_CPU_SUSPEND,	/* CPU_SUSPEND passed to the firmware */
	HVX_PSCI_ENTRIES,	/* CPUs entered through hvx's EL2 entry */
	/* ... resuming the kernel after its init_kernel_el, as at EL2 */
	HVX_PSCI_ENTRIES_KERNEL_EL2,
	HVX_PSCI_FORWARDED,	/* other SMCs passed to the firmware as is */
	HVX_PSCI_REFUSED,	/* SMCs answered NOT_SUPPORTED by hvx */
	HVX_PSCI_NR_STATS
};

/*
 * At the start of the EL2 image. Offsets are from the image start, so the
 * header needs no relocation.
 */
struct hvx_hyp_header {
	u64 magic;		/* HVX_HYP_MAGIC */
	u64 image_size;		/* bytes to allocate, .bss included */
	u64 text_size;		/* [0, text_size) is code: mapped RX */
	u64 init_vectors;	/* vectors installed with HVC_SET_VECTORS */
	u64 host_vectors;	/* hvx's vectors once initialised */
	/* routine run by HVC_SOFT_RESTART to read the stub's VBAR_EL2 */
	u64 read_vbar;
	u64 rela_start;		/* R_AARCH64_RELATIVE relocations */
	u64 rela_end;
	u64 globals;		/* struct hvx_hyp_globals, filled by the host */
	/*
	 * EL2 entry of a CPU started by PSCI CPU_ON or resuming from a
	 * power-down CPU_SUSPEND through hvx (hyp/init.S): MMU off, x0 = PA
	 * of the CPU's struct hvx_hyp_cpu.
	 */
	u64 cpu_entry;
};

/* A physical address range [start, end), page aligned. */
struct hvx_mem_range {
	u64 start;
	u64 end;
};

/*
 * What EL2 needs to know about the machine, written by the host into the
 * loaded image before the first CPU is initialised, and never again: once
 * a CPU runs under hvx's stage 2 the image is out of the host's reach.
 */
struct hvx_hyp_globals {
	/* hvx's own memory: never mapped into the host's stage 2 */
	struct hvx_mem_range hyp_mem;
	/* the part of it that EL2's page allocator hands out */
	struct hvx_mem_range pool;
	/* the host's stage 2 */
	u64 vtcr_el2;
	u64 s2_root;		/* PA of the (concatenated) root table */
	u32 s2_start_level;
	u32 ipa_bits;
	/* host RAM: sorted, disjoint, page aligned */
	u32 nr_ram;
	u32 pad;
	struct hvx_mem_range ram[HVX_MAX_RAM_RANGES];
	/*
	 * Firmware code the host calls (EFI runtime services), outside RAM:
	 * executable at stage 2. Page aligned.
	 */
	u32 nr_fw_code;
	u32 pad3;
	struct hvx_mem_range fw_code[HVX_MAX_FW_CODE_RANGES];
	/*
	 * The host's CPUs, by logical number: MPIDR (affinity bits,
	 * INVALID_HWID when unknown) and PA of its struct hvx_hyp_cpu.
	 */
	u32 nr_cpus;
	u32 pad2;
	u64 cpu_mpidr[HVX_MAX_CPUS];
	u64 cpu_data[HVX_MAX_CPUS];
	/* EL2's fixmap (hyp-s1.h): PAs of its level-2 and level-3 tables */
	u64 fixmap_pmd;
	u64 fixmap_pte;
};

/* Read by the init code with the EL2 MMU off: cleaned to PoC by the host. */
struct hvx_init_params {
	u64 mair_el2;
	u64 tcr_el2;
	u64 ttbr0_el2;
	u64 sctlr_el2;
	u64 vbar_el2;		/* hvx's host vectors, installed at the end */
	u64 sp_el2;		/* top of this CPU's EL2 stack */
	u64 tpidr_el2;		/* this CPU's struct hvx_hyp_cpu */
	/*
	 * Copied into struct hvx_hyp_cpu by EL2: the parameters stay
	 * host memory (the host writes them for a CPU coming online while
	 * the others run under stage 2), the copy is hvx's.
	 */
	u64 stub_vbar;		/* the kernel stub's vectors */
	u64 panic_handler;	/* host (EL1) function an EL2 crash returns to */
};

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
};

#endif /* __ASSEMBLY__ */
#endif /* __HVX_HYP_H */
