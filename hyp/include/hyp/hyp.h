/* SPDX-License-Identifier: GPL-2.0-only */
/* Declarations private to hvx's EL2 code. */
#ifndef __HVX_HYP_PRIVATE_H
#define __HVX_HYP_PRIVATE_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/kvm_arm.h>
#include <asm/page-def.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp-s1.h"
#include "hyp/bug.h"

/* The host's general registers, as saved on entry to EL2 (hyp/host.S). */
struct hvx_host_regs {
	u64 x[31];
	u64 pad;
};

/*
 * HPFAR_EL2.FIPA holds IPA[51:12] of a stage-2 fault, from bit 4; the bits
 * above it are RES0, so the kernel's HPFAR_MASK (all but bits 3:0) is the
 * field.
 */
#define HPFAR_EL2_FIPA_SHIFT	8	/* bit 4 -> bit 12 */

/*
 * The page address of the IPA whose stage-2 fault trapped to EL2, from
 * HPFAR_EL2: valid for stage-2 translation, access flag and permission
 * faults (the caller checks the fault status code), not for others.
 */
static inline u64 hvx_fault_ipa_page(void)
{
	return (read_sysreg(hpfar_el2) & HPFAR_MASK) << HPFAR_EL2_FIPA_SHIFT;
}

/* This CPU's EL2 data (hvx_init_params.tpidr_el2). */
static inline struct hvx_hyp_cpu *this_hyp_cpu(void)
{
	return (struct hvx_hyp_cpu *)read_sysreg(tpidr_el2);
}

/* setup.c: what the host told hvx at load. */
extern struct hvx_hyp_globals hvx_globals;

/* The host's CPUs hvx knows, by logical number (host-written: bounded). */
static inline u32 hvx_nr_cpus(void)
{
	return hvx_globals.nr_cpus < HVX_MAX_CPUS ? hvx_globals.nr_cpus :
						     HVX_MAX_CPUS;
}

/* CPU @idx's EL2 data; NULL for a CPU that was never possible. */
static inline struct hvx_hyp_cpu *hvx_cpu_data(u32 idx)
{
	return (struct hvx_hyp_cpu *)hvx_globals.cpu_data[idx];
}

void hvx_cpu_init(u64 stub_sctlr);
void hvx_cpu_entry_init(struct hvx_hyp_cpu *cpu, bool kernel_el2);

/* finalise.c: the stub's SVE/SME controls, for CPUs hvx starts itself. */
void hvx_finalise_save(void);
void hvx_finalise_restore(void);

/* hyp-main.c */
void hvx_handle_host_trap(struct hvx_host_regs *regs);

/* mem-protect.c: the host's stage 2. */
void hvx_host_s2_enable(void);
void hvx_host_s2_assert_locked(void);
void hvx_handle_host_mem_abort(u64 esr);
u64 hvx_host_s2_reset(bool now);
void hvx_host_s2_mem_stats(u64 *pool, u64 *used, u64 *faults, u64 *aborts);
void hvx_host_s2_map_stats(u64 *l1, u64 *l2, u64 *l3, u64 *tables);

/* mem-protect.c: page ownership (HVX_HC_HOST_*_HYP, OWN_STATS). */
bool hvx_host_owns_ram(u64 pa);
void hvx_host_own_stats(u64 *shared, u64 *donated, u64 *guest);

/*
 * page-own.c: who owns each page of host RAM. Only pages that are not
 * simply the host's are recorded. The caller serialises (host_s2's lock).
 */
enum hvx_page_state {
	HVX_PAGE_HOST,		/* owned by the host: the default */
	HVX_PAGE_SHARED_HYP,	/* owned by the host, shared with hvx */
	HVX_PAGE_HYP,		/* donated to hvx, the host may reclaim it */
	HVX_PAGE_GUEST,		/* owned by a guest */
	/*
	 * A vCPU's struct hvx_vcpu_state: owned by the host, shared with hvx,
	 * and neither unshared nor given away while the VM lives.
	 */
	HVX_PAGE_SHARED_VCPU,
	/* donated to hvx for a VM (its state, tables): back when it dies */
	HVX_PAGE_HYP_VM,
	/*
	 * A CPU's trace ring (trace.c): shared with hvx, neither unshared
	 * nor given away while tracing is on.
	 */
	HVX_PAGE_SHARED_TRACE,
	HVX_PAGE_NR_STATES,
};

enum hvx_page_state hvx_own_get(u64 pa);
bool hvx_own_range_is(u64 start, u64 end, enum hvx_page_state state);
bool hvx_page_state_host_access(enum hvx_page_state state);
bool hvx_page_state_hyp_access(enum hvx_page_state state);
bool hvx_own_host_denied(u64 start, u64 end);
int hvx_own_claim(u64 start, u64 end, enum hvx_page_state state);
void hvx_own_release(u64 start, u64 end);
u64 hvx_own_count(enum hvx_page_state state);

/*
 * mem-protect.c: pages of host RAM changing hands, for the host's page
 * ownership calls and for VMs, each call under host_s2's lock. @pa page
 * aligned, @nr pages; 0, or nothing changed and -EINVAL (not host RAM),
 * -EPERM (hvx's own memory, or pages not in the state the call starts
 * from) or -ENOMEM (no room to track them, or to map them at EL2).
 *
 * hvx_pages_from_host(): host-owned pages go to @to; when the host loses
 * its access they are unmapped from its stage 2, every CPU's TLB clean of
 * them, before the call returns.
 */
int hvx_pages_from_host(u64 pa, u64 nr, enum hvx_page_state to);
/* Pages one hvx_pages_from_host() took, now in @from, back to the host. */
int hvx_pages_to_host(u64 pa, u64 nr, enum hvx_page_state from);
/* Are the pages in @state? */
bool hvx_pages_are(u64 pa, u64 nr, enum hvx_page_state state);
/* Copy @len bytes (within one page) from a host-owned page to @dst. */
int hvx_copy_from_host(void *dst, u64 src_pa, u64 len);

/* Do @len bytes at @addr lie within one page? @len cannot wrap it. */
static inline bool hvx_within_page(u64 addr, u64 len)
{
	return len && len <= PAGE_SIZE - (addr & (PAGE_SIZE - 1));
}

/* memops.c: what EL2 has instead of memset()/memcpy() and cache calls. */
void hvx_clear_page(void *page);
void hvx_copy(void *dst, const void *src, u64 len);
void hvx_dcache_clean_inval_poc(u64 start, u64 size);
void hvx_icache_inval_all(void);

/* What hvx_icache_need() says a range of new code needs. */
enum hvx_icache_need {
	HVX_ICACHE_NONE,	/* fetches see data writes (CTR_EL0.DIC) */
	HVX_ICACHE_LINES,	/* hvx_icache_inval_lines() over the range */
	HVX_ICACHE_ALL,		/* hvx_icache_inval_all() */
};

enum hvx_icache_need hvx_icache_need(u64 size);
void hvx_icache_inval_lines(u64 start, u64 size);

/* psci.c: the host's SMCs, PSCI relayed to the firmware. */
extern char __hvx_cpu_entry[];	/* init.S: a CPU's EL2 entry from PSCI */
void hvx_handle_host_smc(struct hvx_host_regs *regs);
int hvx_psci_stats(u64 which, u64 *sum);

/* vgic-fiq.c: HVX_HC_VGIC_DOORBELL. */
int hvx_vgic_set_doorbell(u64 intid, u64 vtimer);
bool hvx_psci_cpu_off(u32 idx);
bool hvx_psci_close(void);
void hvx_psci_reopen(void);

/* release.c: HVX_HC_RELEASE. */
int hvx_release(void);
extern u32 hvx_release_left;

/*
 * s1.c: EL2's own stage 1, identity mapped pages of host RAM the host gave
 * or shared (the caller holds mem-protect.c's lock).
 */
int hvx_s1_map(u64 pa, u64 end);
void hvx_s1_unmap(u64 pa, u64 end);
void hvx_hyp_s1_probe(u64 va, u64 *par_r, u64 *par_w, u64 *tables);

/* fixmap.c: this CPU's windows onto memory EL2 does not map (hyp-s1.h). */
void *hvx_fixmap_map(enum hvx_fixmap_slot slot, u64 pa);
void hvx_fixmap_unmap(enum hvx_fixmap_slot slot);
void *hvx_fixmap_map_block(u64 pa);
void hvx_fixmap_unmap_block(void);

/* guest-mem.c: guest RAM, through the fixmap, for the VM calls. */
void hvx_guest_mem_prepare(u64 pa, u64 size);
void hvx_guest_mem_scrub(u64 pa, u64 size);
int hvx_guest_mem_write(u64 dst_pa, u64 src_pa, u64 len);

/* inject.c: exceptions handed to EL1, the host's or a guest's */
void hvx_inject_sea(u64 esr_el2, u64 far);
void hvx_inject_undef(u64 esr_el2);

#endif /* __HVX_HYP_PRIVATE_H */
