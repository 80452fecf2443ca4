/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guests at EL2: a VM (its stage 2, VMID, page cache) and its vCPUs (their
 * registers while hvx runs them). All of it lives in pages the host
 * donated for it (hyp/vm.c), out of the host's reach.
 */
#ifndef __HVX_VM_H
#define __HVX_VM_H

#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"

#ifndef __ASSEMBLY__

#include <uapi/linux/hvx.h>

#include "hyp/hyp.h"
#include "hyp/pgtable.h"
#include "hyp/spinlock.h"
#include "hvx-clock.h"

/*
 * A guest's registers while hvx runs it on a CPU. x[] and sp_el0 are saved
 * and restored by the guest entry and exit code (hyp/guest.S, which uses
 * the offsets of asm-offsets.c); pc and pstate live in ELR_EL2/SPSR_EL2 while the
 * guest is loaded and are only kept here between runs; sys[] is the
 * guest's EL1 state (hyp/sysreg-sr.c); fp its FP/SIMD state, loaded
 * lazily on the guest's first FP/SIMD use in a run (hyp/fpsimd.c).
 */
struct hvx_guest_ctx {
	u64 x[31];
	u64 sp_el0;
	u64 pc;
	u64 pstate;
	u64 sys[HVX_SYS_NR];
	struct user_fpsimd_state fp;
};

struct hvx_hyp_vm;

/* A vCPU, in a page the host donated for it (HVX_HC_VCPU_CREATE). */
struct hvx_hyp_vcpu {
	struct hvx_guest_ctx ctx;		/* first: see guest.S */
	struct hvx_hyp_vm *vm;
	struct hvx_vcpu_state *state;		/* shared with the host */
	u64 state_pa;
	u64 self_pa;				/* this page */
	u32 id;
	u32 running;		/* 1 while a CPU runs it: set under vm->lock */
	u64 mpidr;		/* VMPIDR_EL2 */
	/*
	 * Kept by the world switch (hyp/switch.c, guest-exit.c), zero from
	 * VCPU_CREATE on: how the last run ended, as reported to the host.
	 * EL2's own copy, so that HVX_ENTRY_INJECT_SEA aborts the access
	 * EL2 saw, whatever the host wrote in the shared page since.
	 */
	u32 exit_reason;	/* enum hvx_vcpu_exit, 0 before the first */
	u32 exit_error;		/* enum hvx_internal_error */
	u64 exit_esr;
	u64 exit_far;
	u64 exit_gpa;
	/*
	 * enum hvx_vm_stat, counted by the CPU running the vCPU (one at a
	 * time): no lock or atomic on the guest call fast paths. The VM's
	 * counters are the sums (HVX_HC_VM_STATS).
	 */
	u64 stats[HVX_VM_NR_STATS];
	/* The next step exception ends EL2's own step (debug-emul.c). */
	bool hyp_step;
	/*
	 * The guest's GICv3 virtual CPU interface (vgic-sr.c): EL2's copy
	 * of the shared page's, as copy_in() sanitised it and the run left
	 * it. hw_nr_lr is set at VCPU_CREATE.
	 */
	struct hvx_vgic_cpu_if gic;
	/*
	 * While it is in its guest: the ICC_SGI0R_EL1 value that rings
	 * the doorbell of its CPU (vgic-sgi.c); 0 otherwise.
	 */
	u64 doorbell;
	/* The virtual timer's PPI, acknowledged and kept active (vgic-fiq.c). */
	u32 vtimer_active;
	bool el2_irqs;		/* this run: EL2's own interrupts (a vGIC) */
	bool group0;		/* EL2's Group 0 signalled for this run */
};

enum hvx_vm_phase {
	HVX_VM_FREE = 0,	/* handle unused */
	HVX_VM_CREATED,		/* memory may be mapped and written */
	HVX_VM_STARTED,		/* a vCPU has run: the memory map is fixed */
	HVX_VM_DYING,		/* being torn down: no vCPU runs again */
};

/*
 * The count a guest's physical counter and timer run on (clock.c):
 * base + (((host count - offset) * mult) >> shift), freq Hz. A sequence
 * count lets vCPUs on other CPUs read it while HVX_HC_VM_SET_CLOCK
 * changes it (odd: a change is under way).
 */
struct hvx_guest_clock {
	u32 seq;
	u32 shift;
	u64 mult;
	u64 offset;
	u64 base;
	u64 freq;
};

static inline u64 hvx_clock_host_count(void)
{
	/* Not read before the instructions before it (as Linux's own). */
	isb();
	return read_sysreg(cntpct_el0);
}

/*
 * The guest's count now (clock.c says why it is read so). Inline: the
 * guest's counter reads are a fast path (guest-exit.c).
 */
static inline u64 hvx_clock_count(const struct hvx_guest_clock *c)
{
	u64 host, offset, base, mult;
	u32 seq, shift;

	for (;;) {
		/* seq before the terms: pairs with hvx_clock_set()'s wmb. */
		seq = smp_load_acquire(&c->seq);
		if (seq & 1)
			continue;
		host = hvx_clock_host_count();
		offset = READ_ONCE(c->offset);
		base = READ_ONCE(c->base);
		mult = READ_ONCE(c->mult);
		shift = READ_ONCE(c->shift);
		/* The terms before seq is looked at again. */
		smp_rmb();
		if (READ_ONCE(c->seq) == seq)
			return hvx_clock_scale(host, offset, base, mult, shift);
	}
}

/* Inline: the guest calls that answer it stay leaf functions. */
static inline u64 hvx_clock_freq(const struct hvx_guest_clock *c)
{
	return READ_ONCE(c->freq);
}

/* A VM, in a page the host donated for it (HVX_HC_VM_CREATE). */
struct hvx_hyp_vm {
	struct hvx_spinlock lock;	/* everything below */
	u32 handle;			/* also the VMID */
	enum hvx_vm_phase phase;
	u32 nr_running;			/* vCPUs running on some CPU */
	u64 self_pa;			/* this page */
	struct hvx_s2_pgt pgt;		/* root: a donated page */
	u64 vtcr;			/* VTCR_EL2 while its vCPUs run */
	u64 vttbr;			/* VTTBR_EL2: root | VMID */
	/* The guest's physical count and its Hz (clock.c). */
	struct hvx_guest_clock clock;
	/*
	 * CNTVOFF_EL2 of its vCPUs: the physical count at VM_CREATE, so
	 * that the guest's counter, virtual and (emulated) physical, starts
	 * at 0 (timer-sr.c, timer-emul.c); 0 on QEMU (vm.c).
	 */
	u64 cntvoff;
	u64 nr_mapped;			/* guest RAM pages mapped */
	bool vmware_off;		/* HVX_HC_VM_SET_VMWARE: no backdoor */
	/* donated pages for stage-2 tables: a stack linked through word 0 */
	u64 cache_head;
	u64 nr_cached;
	struct hvx_hyp_vcpu *vcpus[HVX_MAX_VCPUS];
};

/*
 * vm.c: the VM calls (HVX_HC_VM_*, HVX_HC_VCPU_CREATE), and looking a
 * vCPU up for a run. Each call returns 0 or -EINVAL, -EPERM (DENIED: no
 * such VM, or not in the state for the call) or -ENOMEM, as hvx-hcall.h
 * says per call.
 */
int hvx_hyp_vm_create(u64 vm_pa, u64 root_pa, u64 *handle, u64 *cntvoff);
bool hvx_vms_close(void);
void hvx_vms_reopen(void);
int hvx_hyp_vm_topup(u64 handle, u64 pa, u64 *cached);
int hvx_hyp_vm_map(u64 handle, u64 ipa, u64 pa, u64 nr, u64 *cached);
int hvx_hyp_vm_write(u64 handle, u64 ipa, u64 src_pa, u64 len);
int hvx_hyp_vcpu_create(u64 handle, u64 id, u64 vcpu_pa, u64 state_pa);
int hvx_hyp_vm_unmap(u64 handle, u64 ipa, u64 pa, u64 nr);
int hvx_hyp_vm_destroy(u64 handle);
int hvx_hyp_vm_stats(u64 handle, u64 stat, u64 *sum);
int hvx_hyp_vm_set_vmware(u64 handle, u64 flags);

/* clock.c */
void hvx_clock_init(struct hvx_guest_clock *c, u64 freq, u64 offset);
void hvx_clock_set(struct hvx_guest_clock *c, u64 freq, u64 mult, u32 shift,
		   bool start, u64 *base, u64 *offset);
int hvx_hyp_vm_set_clock(u64 handle, u64 freq, u64 mult, u64 shift,
			 u64 flags, u64 *base, u64 *offset);

/*
 * Claim vCPU @id of VM @handle for a run on this CPU (marks the VM
 * started, counts it running): NULL, with *err -EINVAL (no such id) or
 * -EPERM, if there is no such vCPU, it runs elsewhere or the VM is dying.
 * Every claim is followed by one hvx_vcpu_put().
 */
struct hvx_hyp_vcpu *hvx_vcpu_get(u64 handle, u64 id, int *err);
void hvx_vcpu_put(struct hvx_hyp_vcpu *vcpu);

/* switch.c: HVX_HC_VCPU_RUN -> *exit: enum hvx_vcpu_exit. */
int hvx_hyp_vcpu_run(u64 handle, u64 id, u64 *exit);

#endif /* !__ASSEMBLY__ */
#endif /* __HVX_VM_H */
