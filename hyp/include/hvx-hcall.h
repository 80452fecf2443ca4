/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host->hvx call ABI: call numbers, arguments, results and errors,
 * the limits the calls check, and the counters and exit reasons they
 * report. Included from C on both sides and from hyp/ assembly.
 */
#ifndef __HVX_HCALL_H
#define __HVX_HCALL_H

#include <linux/arm-smccc.h>

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
 * (its page cache, used by VM_MAP) -> x1 = pages the cache holds now.
 * DENIED once it holds HVX_VM_CACHE_MAX pages. As KVM tops up its memory
 * caches, the host tops the cache up to HVX_VM_MAP_MAX_TABLES before
 * each VM_MAP (VM_MAP says what it left), so that VM_MAP never fails for
 * want of a table page.
 */
#define HVX_HC_VM_TOPUP		HVX_HC_ID(12)
/*
 * x1 = handle, x2 = IPA, x3 = PA, x4 = number of pages: give the
 * physically contiguous pages [PA, PA + x4 pages) to the guest (host
 * RAM the host owns) and map them at IPA (below 1 << HVX_GUEST_IPA_BITS,
 * not mapped yet), cleaned to the point of coherency (the guest starts
 * with its MMU off). At most HVX_VM_MAP_MAX_PAGES pages a call (EL2 works
 * with interrupts masked): the host maps more by several calls.
 * -> x1 = pages left in the VM's page cache. NOMEM, nothing changed: EL2
 * is out of memory (as for the page ownership calls), or the cache has
 * fewer pages than the stage-2 tables the mapping needs, which a host
 * that tops up to HVX_VM_MAP_MAX_TABLES first never sees. Not once a
 * vCPU has run.
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
/*
 * EL2's Group 0 interrupts (hyp/vgic-fiq.c), which the host has made
 * Group 0, enabled, on every CPU: x1 = the SGI that rings EL2's doorbell
 * for SGIs sent at EL2 (hvx-cpu.h, struct hvx_sgi_post), or
 * HVX_DOORBELL_OFF: EL2 then sends guests' ICC_SGI1R_EL1 SGIs itself;
 * x2 = the virtual timer's PPI (16-31), or 0: EL2 then injects it itself,
 * which needs the host's ICC_CTLR_EL1.EOImode 1. INVALID for other
 * values. Wrong ones cost the host's own guests their fast interrupts, no
 * more: a target that is not rung finds what was posted when its run next
 * ends, and the host samples the timer's line as without EL2's help.
 */
#define HVX_HC_VGIC_DOORBELL	HVX_HC_ID(22)
#define HVX_DOORBELL_OFF	0xffffffffULL
/*
 * The guest's physical count (hyp/clock.c): x1 = handle, x2 = its Hz,
 * x3 = mult, x4 = shift (at most 63), x5 = HVX_HC_CLOCK_START or 0,
 * x6 = offset -> x1 = base, x2 = offset. From then on the guest counts
 * base + (((host - offset) * mult) >> shift): with START, base 0 at the
 * given offset (DENIED once a vCPU has run); without, base is the
 * guest's count now and offset the host's, so the count goes on. INVALID
 * for a 0 Hz or mult, a shift over 63, other x5 bits.
 */
#define HVX_HC_VM_SET_CLOCK	HVX_HC_ID(23)
#define HVX_HC_CLOCK_START	BIT(0)
/*
 * The VMware backdoor of a VM (hyp/vmware.c): x1 = handle, x2 =
 * HVX_HC_VMWARE_ON or 0. Off, EL2 does not take a call tagged with
 * VMware's x7 as a backdoor call: it is whatever the instruction is
 * without the tag. On from VM_CREATE. DENIED once a vCPU has run;
 * INVALID for other x2 bits.
 */
#define HVX_HC_VM_SET_VMWARE	HVX_HC_ID(24)
#define HVX_HC_VMWARE_ON	BIT(0)
/*
 * Tracing of EL2 on this CPU (hyp/trace.c, hvx-trace.h): x1 = PA of
 * x2 pages of host RAM (HVX_TRACE_MIN_PAGES .. HVX_TRACE_MAX_PAGES),
 * physically contiguous, that the host owns: shared with EL2 as this
 * CPU's ring (the host may neither unshare nor give them away while it
 * is set), EL2 records its events there from now on -> x1 = entries the
 * ring holds. x1 = x2 = 0: tracing off, the ring's pages the host's
 * alone again. INVALID: x2 out of range (or not 0 with x1 = 0), x1 not
 * page aligned or the range not in host RAM; DENIED: a ring is set
 * already (or none to switch off), pages not the host's alone.
 */
#define HVX_HC_TRACE_RING	HVX_HC_ID(25)
#define HVX_HC_NR		26

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

/* VMs EL2 can hold at once: handles and VMIDs 1 .. HVX_MAX_VMS (0: host). */
#define HVX_MAX_VMS		255
/* Most pages one HVX_HC_VM_MAP or HVX_HC_VM_UNMAP takes (2 MiB). */
#define HVX_VM_MAP_MAX_PAGES	512
/* Most pages a VM's stage-2 page cache holds (HVX_HC_VM_TOPUP). */
#define HVX_VM_CACHE_MAX	8
/*
 * Most stage-2 table pages one HVX_HC_VM_MAP adds: a range of up to
 * 2 MiB below a level-1 root touches at most two level-2 and two level-3
 * tables (when it crosses a 1 GiB boundary).
 */
#define HVX_VM_MAP_MAX_TABLES	4

#ifndef __ASSEMBLY__

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
	/*
	 * An ICC_SGI1R_EL1 write that EL2 has done (posted: hvx-cpu.h,
	 * struct hvx_sgi_post) to targets not in their guest: sgi.kick has
	 * their ids, for the host to wake. pc is past the instruction.
	 */
	HVX_VCPU_EXIT_KICK,
	/*
	 * A VMware backdoor call EL2 does not answer itself (hyp/vmware.c:
	 * MESSAGE, the host's time): x0-x6 as the guest left them (w2[15:0]
	 * the command), whichever door it came through; pc is past the
	 * call. The host writes the results to x0-x5.
	 */
	HVX_VCPU_EXIT_VMWARE,
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
	HVX_VM_STAT_SGIS_EL2,		/* SGIs sent at EL2, per target */
	HVX_VM_STAT_DOORBELLS,		/* EL2 doorbells taken in the guest */
	HVX_VM_STAT_VTIMER_EL2,		/* virtual timer interrupts EL2 injected */
	HVX_VM_NR_STATS
};

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

#endif /* __ASSEMBLY__ */
#endif /* __HVX_HCALL_H */
