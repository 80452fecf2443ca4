// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMs at EL2: the calls that create a VM, give it memory and vCPUs and
 * tear it down (HVX_HC_VM_*, HVX_HC_VCPU_CREATE: see hvx-hcall.h), and the
 * claim of a vCPU for a run (hvx_vcpu_get/put(), for switch.c).
 *
 * Everything a VM needs comes from the host, a page or a range at a time,
 * through mem-protect.c, which takes it from the host's stage 2: the
 * struct hvx_hyp_vm and the stage-2 root (VM_CREATE), pages for the other
 * stage-2 tables (VM_TOPUP: the VM's page cache), guest RAM (VM_MAP), each
 * vCPU's struct hvx_hyp_vcpu and its shared struct hvx_vcpu_state
 * (VCPU_CREATE). Every call checks all the host passes and changes nothing
 * on error. What a VM had goes back to the host scrubbed: VM_UNMAP returns
 * guest RAM, VM_DESTROY the rest.
 *
 * Locking. vms.lock guards the handle table and each slot's count of calls
 * using the VM; it is held for a few instructions and nothing is taken
 * under it. A call takes a use of the VM there, then the VM's own lock for
 * its work, so that a long call on one VM (VM_MAP cleans 2 MiB) never
 * holds up calls on the others. VM_DESTROY goes ahead only when no other
 * call uses the VM. A VM's lock comes before host_s2's (mem-protect.c).
 *
 * Bounded work: EL2 runs with interrupts masked, so no call may take long.
 * VM_MAP and VM_UNMAP take at most HVX_VM_MAP_MAX_PAGES pages (2 MiB to
 * clean, or scrub, and at most 4 stage-2 tables to add or free), and
 * VM_DESTROY scrubs at most the VM's own page, its root, HVX_VM_CACHE_MAX
 * cached pages and one page per vCPU: VM_UNMAP frees the tables it empties,
 * so none are left by then.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/nospec.h>
#include <asm/barrier.h>
#include <asm/cputype.h>
#include <asm/kvm_arm.h>
#include <asm/page-def.h>
#include <asm/pgtable-hwdef.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>

#include "hvx-clock.h"

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/pgtable.h"
#include "hyp/spinlock.h"
#include "hyp/switch.h"
#include "hyp/vm.h"

/* A guest's stage 2: HVX_GUEST_IPA_BITS from level 1, one root page. */
#define GUEST_START_LEVEL	1
#define GUEST_LEVELS		(S2_LAST_LEVEL + 1 - GUEST_START_LEVEL)
#define GUEST_IPA_LIMIT		BIT_ULL(HVX_GUEST_IPA_BITS)

/*
 * Guest RAM: Normal write-back, inner shareable, read-write, executable.
 * The first mapping of each VM_MAP is marked (a software bit), so that
 * VM_UNMAP can check it undoes exactly one VM_MAP.
 */
#define GUEST_S2_ATTRS		(S2_DESC_S2AP_R | S2_DESC_S2AP_W |	\
				 S2_DESC_AF | S2_DESC_SH_INNER |	\
				 S2_DESC_MEMATTR(S2_MEMATTR_NORMAL_WB))
#define GUEST_S2_MAP_START	S2_DESC_SW0

/* A vCPU's reset state (uapi struct hvx_regs): EL1h, DAIF masked. */
#define VCPU_RESET_PSTATE	(PSR_MODE_EL1h | PSR_D_BIT | PSR_A_BIT |	\
				 PSR_I_BIT | PSR_F_BIT)
/* MPIDR_EL1 bit 31 is RES1. */
#define VCPU_MPIDR_RES1		BIT_ULL(31)

struct vm_slot {
	struct hvx_hyp_vm *vm;	/* NULL: the handle is free */
	u32 users;		/* calls using the VM */
	bool busy;		/* being created or destroyed */
};

static struct {
	struct hvx_spinlock lock;
	struct vm_slot slot[HVX_MAX_VMS];	/* handle h: slot[h - 1] */
	bool closed;		/* hvx is leaving EL2: no new VM */
} vms;

static struct vm_slot *slot_of(u64 handle)
{
	if (!handle || handle > HVX_MAX_VMS)
		return NULL;
	/* A host-chosen index: no speculative read past the table. */
	return &vms.slot[array_index_nospec(handle - 1, HVX_MAX_VMS)];
}

/*
 * A use of the live VM @handle, its lock held; ERR_PTR(-EPERM) (DENIED)
 * if there is none. Every VM call but VM_CREATE and VM_DESTROY starts
 * here, and ends with vm_release().
 */
static struct hvx_hyp_vm *vm_acquire(u64 handle)
{
	struct vm_slot *slot = slot_of(handle);
	struct hvx_hyp_vm *vm = NULL;

	if (!slot)
		return ERR_PTR(-EPERM);
	hvx_spin_lock(&vms.lock);
	if (slot->vm && !slot->busy) {
		vm = slot->vm;
		slot->users++;
	}
	hvx_spin_unlock(&vms.lock);
	if (!vm)
		return ERR_PTR(-EPERM);
	hvx_spin_lock(&vm->lock);
	return vm;
}

static void vm_release(struct hvx_hyp_vm *vm)
{
	struct vm_slot *slot = slot_of(vm->handle);

	hvx_spin_unlock(&vm->lock);
	hvx_spin_lock(&vms.lock);
	slot->users--;
	hvx_spin_unlock(&vms.lock);
}

/* The VM's page cache, a stack of donated pages linked through word 0. */
static void *cache_pop(struct hvx_hyp_vm *vm)
{
	u64 *page = (u64 *)vm->cache_head;

	if (!page)
		return NULL;
	vm->cache_head = READ_ONCE(page[0]);
	vm->nr_cached--;
	return page;
}

static void cache_push(struct hvx_hyp_vm *vm, void *page)
{
	WRITE_ONCE(((u64 *)page)[0], vm->cache_head);
	vm->cache_head = (u64)page;
	vm->nr_cached++;
}

static void *vm_zalloc_page(void *arg)
{
	void *page = cache_pop(arg);

	if (page)
		hvx_clear_page(page);
	return page;
}

static void vm_free_page(void *arg, void *page)
{
	cache_push(arg, page);
}

/* A guest's stage-2 tables come from its page cache. */
static const struct hvx_s2_mm_ops vm_mm_ops = {
	.zalloc_page	= vm_zalloc_page,
	.free_page	= vm_free_page,
};

/*
 * Scrub a page EL2 had from the host and give it back. The zeroes are
 * cleaned to the point of coherency, so that no earlier contents show
 * through a non-cacheable mapping the host may make of the page.
 */
static void give_back(u64 pa, enum hvx_page_state from)
{
	hvx_clear_page((void *)pa);
	hvx_dcache_clean_inval_poc(pa, PAGE_SIZE);
	hvx_bug_on(hvx_pages_to_host(pa, 1, from));
}

/* Keep at most HVX_VM_CACHE_MAX pages: VM_UNMAP adds the tables it frees. */
static void cache_trim(struct hvx_hyp_vm *vm)
{
	while (vm->nr_cached > HVX_VM_CACHE_MAX)
		give_back((u64)cache_pop(vm), HVX_PAGE_HYP_VM);
}

/*
 * Run TLB maintenance for the VM's VMID: load its stage 2 (VTCR_EL2 too,
 * for walks the CPU may start meanwhile), as pKVM does; we are at EL2 in a
 * host call, so the host's is what comes back.
 */
struct s2_saved {
	u64 vtcr, vttbr;
};

static void vm_s2_enter(const struct hvx_hyp_vm *vm, struct s2_saved *saved)
{
	saved->vtcr = read_sysreg(vtcr_el2);
	saved->vttbr = read_sysreg(vttbr_el2);
	write_sysreg(vm->vtcr, vtcr_el2);
	write_sysreg(vm->vttbr, vttbr_el2);
	isb();
}

static void vm_s2_exit(const struct s2_saved *saved)
{
	write_sysreg(saved->vtcr, vtcr_el2);
	write_sysreg(saved->vttbr, vttbr_el2);
	isb();
}

static u64 guest_vtcr(void)
{
	/* The output size is the host's: guest RAM is host RAM. */
	return VTCR_EL2_T0SZ(HVX_GUEST_IPA_BITS) |
	       VTCR_EL2_LVLS_TO_SL0(GUEST_LEVELS) | VTCR_EL2_TG0_4K |
	       VTCR_EL2_SH0_INNER | VTCR_EL2_ORGN0_WBWA | VTCR_EL2_IRGN0_WBWA |
	       VTCR_EL2_VS_8BIT | VTCR_EL2_RES1 |
	       (hvx_globals.vtcr_el2 & VTCR_EL2_PS_MASK);
}

/* A free handle, marked busy; 0 if there is none. */
static u32 handle_reserve(void)
{
	u32 i, handle = 0;

	hvx_spin_lock(&vms.lock);
	for (i = 0; i < HVX_MAX_VMS && !handle && !vms.closed; i++) {
		if (!vms.slot[i].vm && !vms.slot[i].busy) {
			vms.slot[i].busy = true;
			handle = i + 1;
		}
	}
	hvx_spin_unlock(&vms.lock);
	return handle;
}

/*
 * For HVX_HC_RELEASE: no VM is made from now on, unless one exists or is
 * being made or destroyed (false then).
 */
bool hvx_vms_close(void)
{
	bool none = true;
	u32 i;

	hvx_spin_lock(&vms.lock);
	for (i = 0; i < HVX_MAX_VMS; i++)
		if (vms.slot[i].vm || vms.slot[i].busy)
			none = false;
	vms.closed = none;
	hvx_spin_unlock(&vms.lock);
	return none;
}

void hvx_vms_reopen(void)
{
	hvx_spin_lock(&vms.lock);
	vms.closed = false;
	hvx_spin_unlock(&vms.lock);
}

/* End a creation or destruction: @vm live under the handle, or none. */
static void handle_settle(u32 handle, struct hvx_hyp_vm *vm)
{
	struct vm_slot *slot = slot_of(handle);

	hvx_spin_lock(&vms.lock);
	slot->vm = vm;
	slot->busy = false;
	hvx_spin_unlock(&vms.lock);
}

/*
 * The VM's CNTVOFF_EL2: the physical count now, so that its guest's count
 * starts at 0. But 0 on an emulated CPU (MIDR_EL1.Implementer 0, reserved
 * for software use: QEMU's -cpu max): QEMU 7.2's timer model livelocks,
 * re-arming its virtual timer in the past for ever with the whole machine
 * stopped, when CNTV_CVAL_EL0 + CNTVOFF_EL2 wraps around, which any guest
 * can make happen with a CVAL near 2^64 once the offset is not 0 (later
 * QEMU saturates the sum). Its guests count from the host's boot there.
 */
static u64 guest_cntvoff(void)
{
	if (!MIDR_IMPLEMENTOR(read_sysreg(midr_el1)))
		return 0;
	isb();
	return read_sysreg(cntpct_el0);
}

static void vm_init(struct hvx_hyp_vm *vm, u32 handle, u64 vm_pa,
		    u64 root_pa)
{
	hvx_clear_page(vm);
	/* Stage-2 walks are cacheable (VTCR_EL2): no cleaning needed. */
	hvx_clear_page((void *)root_pa);
	vm->handle = handle;
	vm->phase = HVX_VM_CREATED;
	vm->self_pa = vm_pa;
	vm->pgt.root = (u64 *)root_pa;
	vm->pgt.start_level = GUEST_START_LEVEL;
	vm->pgt.ia_bits = HVX_GUEST_IPA_BITS;
	vm->pgt.mm_ops = &vm_mm_ops;
	vm->pgt.mm_arg = vm;
	vm->vtcr = guest_vtcr();
	vm->vttbr = root_pa | ((u64)handle << VTTBR_VMID_SHIFT);
	vm->cntvoff = guest_cntvoff();
	/* Unscaled: the guest's physical count is its virtual one. */
	hvx_clock_init(&vm->clock, read_sysreg(cntfrq_el0), vm->cntvoff);
}

/* HVX_HC_VM_CREATE -> *handlep, *cntvoff: the VM's CNTVOFF_EL2. */
int hvx_hyp_vm_create(u64 vm_pa, u64 root_pa, u64 *handlep, u64 *cntvoff)
{
	u32 handle;
	int ret;

	if (vm_pa == root_pa)
		return -EINVAL;
	ret = hvx_pages_from_host(vm_pa, 1, HVX_PAGE_HYP_VM);
	if (ret)
		goto out;
	ret = hvx_pages_from_host(root_pa, 1, HVX_PAGE_HYP_VM);
	if (ret)
		goto out_vm_page;
	handle = handle_reserve();
	if (!handle) {
		ret = -ENOMEM;
		goto out_root;
	}
	vm_init((struct hvx_hyp_vm *)vm_pa, handle, vm_pa, root_pa);
	handle_settle(handle, (struct hvx_hyp_vm *)vm_pa);
	*handlep = handle;
	*cntvoff = ((struct hvx_hyp_vm *)vm_pa)->cntvoff;
	return 0;

	/* Untouched: they go back as they came. */
out_root:
	hvx_bug_on(hvx_pages_to_host(root_pa, 1, HVX_PAGE_HYP_VM));
out_vm_page:
	hvx_bug_on(hvx_pages_to_host(vm_pa, 1, HVX_PAGE_HYP_VM));
out:
	return ret;
}

static_assert(HVX_VM_MAP_MAX_TABLES <= HVX_VM_CACHE_MAX);

/* HVX_HC_VM_TOPUP: page @pa for the VM's page cache -> *cached. */
int hvx_hyp_vm_topup(u64 handle, u64 pa, u64 *cached)
{
	struct hvx_hyp_vm *vm = vm_acquire(handle);
	int ret;

	if (IS_ERR(vm))
		return PTR_ERR(vm);
	if (vm->phase == HVX_VM_DYING || vm->nr_cached >= HVX_VM_CACHE_MAX) {
		ret = -EPERM;
	} else {
		ret = hvx_pages_from_host(pa, 1, HVX_PAGE_HYP_VM);
		if (!ret)
			cache_push(vm, (void *)pa);
	}
	if (!ret)
		*cached = vm->nr_cached;
	vm_release(vm);
	return ret;
}

/* Page aligned, not empty, below the guest IPA limit. */
static bool ipa_range_ok(u64 ipa, u64 size)
{
	return !(ipa & (PAGE_SIZE - 1)) && size && ipa < GUEST_IPA_LIMIT &&
	       size <= GUEST_IPA_LIMIT - ipa;
}

static bool ipa_range_unmapped(const struct hvx_hyp_vm *vm, u64 ipa,
			       u64 size)
{
	u64 off, desc;
	u32 level;

	for (off = 0; off < size; off += PAGE_SIZE)
		if (hvx_s2_get_leaf(&vm->pgt, ipa + off, &desc, &level))
			return false;
	return true;
}

/* HVX_HC_VM_MAP: @nr pages at @pa to the guest, at @ipa -> *cached. */
int hvx_hyp_vm_map(u64 handle, u64 ipa, u64 pa, u64 nr, u64 *cached)
{
	u64 size = nr << PAGE_SHIFT;
	struct hvx_hyp_vm *vm;
	int ret;

	if (!nr || nr > HVX_VM_MAP_MAX_PAGES || !ipa_range_ok(ipa, size))
		return -EINVAL;
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	if (vm->phase != HVX_VM_CREATED || !ipa_range_unmapped(vm, ipa, size))
		ret = -EPERM;
	else if (hvx_s2_tables_needed(&vm->pgt, ipa, pa, size) >
		 vm->nr_cached)
		ret = -ENOMEM;
	else
		ret = hvx_pages_from_host(pa, nr, HVX_PAGE_GUEST);
	if (!ret) {
		/* With the tables counted above, this cannot fail. */
		hvx_bug_on(hvx_s2_map_range(&vm->pgt, ipa, pa, size,
					    GUEST_S2_ATTRS, GUEST_S2_MAP_START));
		vm->nr_mapped += nr;
		hvx_guest_mem_prepare(pa, size);
		*cached = vm->nr_cached;
	}
	vm_release(vm);
	return ret;
}

/* HVX_HC_VM_WRITE: @len bytes from the host's @src_pa to guest @ipa. */
int hvx_hyp_vm_write(u64 handle, u64 ipa, u64 src_pa, u64 len)
{
	struct hvx_hyp_vm *vm;
	u64 desc, dst;
	u32 level;
	int ret;

	if (!hvx_within_page(ipa, len) || ipa >= GUEST_IPA_LIMIT)
		return -EINVAL;
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	if (vm->phase != HVX_VM_CREATED) {
		ret = -EPERM;
	} else if (!hvx_s2_get_leaf(&vm->pgt, ipa, &desc, &level)) {
		ret = -EINVAL;	/* not guest RAM */
	} else {
		dst = (desc & S2_DESC_ADDR_MASK) +
		      (ipa & (BIT_ULL(hvx_pt_level_shift(level)) - 1));
		ret = hvx_guest_mem_write(dst, src_pa, len);
	}
	vm_release(vm);
	return ret;
}

static void vcpu_init(struct hvx_hyp_vcpu *vcpu, struct hvx_hyp_vm *vm,
		      u32 id, u64 vcpu_pa, u64 state_pa)
{
	hvx_clear_page(vcpu);
	vcpu->ctx.pstate = VCPU_RESET_PSTATE;
	vcpu->ctx.sys[HVX_SYS_SCTLR_EL1] = INIT_SCTLR_EL1_MMU_OFF;
	vcpu->vm = vm;
	vcpu->state = (struct hvx_vcpu_state *)state_pa;
	vcpu->state_pa = state_pa;
	vcpu->self_pa = vcpu_pa;
	vcpu->id = id;
	vcpu->mpidr = VCPU_MPIDR_RES1 | HVX_VCPU_MPIDR(id);
	vcpu->gic.hw_nr_lr = hvx_vgic_hw_nr_lr();
}

/*
 * The host reads and writes a vCPU's registers only in its shared state
 * page: it starts with the reset state too (no exit yet: zero), and
 * every other field of the page cleared. Field by field, WRITE_ONCE():
 * no memset()/memcpy() calls at EL2.
 */
static void vcpu_state_publish(const struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_vcpu_state *st = vcpu->state;
	u32 i;

	hvx_vcpu_state_write(vcpu);
	WRITE_ONCE(st->entry_flags, 0);
	/* The vGIC state (zero) and hw_nr_lr, for the host's vGIC. */
	for (i = 0; i < ARRAY_SIZE(st->gic.lr); i++)
		WRITE_ONCE(st->gic.lr[i], 0);
	WRITE_ONCE(st->gic.nr_lr, 0);
	WRITE_ONCE(st->gic.hcr, 0);
	WRITE_ONCE(st->gic.vmcr, 0);
	WRITE_ONCE(st->gic.misr, 0);
	WRITE_ONCE(st->gic.eisr, 0);
	WRITE_ONCE(st->gic.elrsr, 0);
	for (i = 0; i < ARRAY_SIZE(st->gic.ap0r); i++) {
		WRITE_ONCE(st->gic.ap0r[i], 0);
		WRITE_ONCE(st->gic.ap1r[i], 0);
	}
	WRITE_ONCE(st->gic.hw_nr_lr, vcpu->gic.hw_nr_lr);
}

/*
 * HVX_HC_VCPU_CREATE: vCPU @id, its EL2 state in @vcpu_pa (donated), its
 * register exchange page @state_pa (shared).
 */
int hvx_hyp_vcpu_create(u64 handle, u64 id, u64 vcpu_pa, u64 state_pa)
{
	struct hvx_hyp_vcpu *vcpu = (struct hvx_hyp_vcpu *)vcpu_pa;
	struct hvx_hyp_vm *vm;
	int ret;

	if (id >= HVX_MAX_VCPUS || vcpu_pa == state_pa)
		return -EINVAL;
	id = array_index_nospec(id, HVX_MAX_VCPUS);
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	if (vm->phase == HVX_VM_DYING || vm->vcpus[id]) {
		ret = -EPERM;
		goto out;
	}
	ret = hvx_pages_from_host(vcpu_pa, 1, HVX_PAGE_HYP_VM);
	if (ret)
		goto out;
	ret = hvx_pages_from_host(state_pa, 1, HVX_PAGE_SHARED_VCPU);
	if (ret) {
		/* Untouched: it goes back as it came. */
		hvx_bug_on(hvx_pages_to_host(vcpu_pa, 1, HVX_PAGE_HYP_VM));
		goto out;
	}
	vcpu_init(vcpu, vm, id, vcpu_pa, state_pa);
	vcpu_state_publish(vcpu);
	vm->vcpus[id] = vcpu;
out:
	vm_release(vm);
	return ret;
}

/*
 * Is [ipa, ipa + size) at [pa, pa + size) exactly what one VM_MAP mapped:
 * mappings of that memory in a row, the first one marked as a VM_MAP's
 * first, none of the others, and whatever is mapped right after the range
 * another VM_MAP's first?
 */
static bool is_one_map(const struct hvx_hyp_vm *vm, u64 ipa, u64 pa,
		       u64 size)
{
	u64 off = 0, desc, leaf;
	u32 level;

	while (off < size) {
		if (!hvx_s2_get_leaf(&vm->pgt, ipa + off, &desc, &level))
			return false;
		leaf = BIT_ULL(hvx_pt_level_shift(level));
		if ((ipa + off) & (leaf - 1) || leaf > size - off ||
		    (desc & S2_DESC_ADDR_MASK) != pa + off ||
		    !!(desc & GUEST_S2_MAP_START) != !off)
			return false;
		off += leaf;
	}
	return ipa + size == GUEST_IPA_LIMIT ||
	       !hvx_s2_get_leaf(&vm->pgt, ipa + size, &desc, &level) ||
	       (desc & GUEST_S2_MAP_START);
}

/* HVX_HC_VM_UNMAP: undo the VM_MAP of @nr pages at @pa, at @ipa. */
int hvx_hyp_vm_unmap(u64 handle, u64 ipa, u64 pa, u64 nr)
{
	u64 size = nr << PAGE_SHIFT;
	struct s2_saved saved;
	struct hvx_hyp_vm *vm;
	int ret;

	if (!nr || nr > HVX_VM_MAP_MAX_PAGES || !ipa_range_ok(ipa, size) ||
	    pa & (PAGE_SIZE - 1))
		return -EINVAL;
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	if (vm->nr_running)
		ret = -EPERM;
	else if (!is_one_map(vm, ipa, pa, size))
		ret = -EINVAL;
	else if (!hvx_pages_are(pa, nr, HVX_PAGE_GUEST))
		ret = -EPERM;	/* cannot happen: mapped once */
	if (ret)
		goto out;

	/* From now on no vCPU of the VM runs again. */
	vm->phase = HVX_VM_DYING;
	vm_s2_enter(vm, &saved);
	hvx_s2_unmap_range(&vm->pgt, ipa, ipa + size);
	vm_s2_exit(&saved);
	hvx_guest_mem_scrub(pa, size);
	hvx_bug_on(hvx_pages_to_host(pa, nr, HVX_PAGE_GUEST));
	vm->nr_mapped -= nr;
	cache_trim(vm);
out:
	vm_release(vm);
	return ret;
}

/*
 * Give everything of a VM nobody can reach any more back to the host:
 * its VMID clean from every TLB first, since its handle is reused.
 */
static void vm_teardown(struct hvx_hyp_vm *vm)
{
	struct s2_saved saved;
	u32 i;

	vm_s2_enter(vm, &saved);
	/* No mapping is left; tables there may be, into the cache. */
	hvx_s2_unmap_all(&vm->pgt);
	hvx_s2_tlb_flush_vmid();
	vm_s2_exit(&saved);

	for (i = 0; i < HVX_MAX_VCPUS; i++) {
		struct hvx_hyp_vcpu *vcpu = vm->vcpus[i];

		if (!vcpu)
			continue;
		hvx_bug_on(hvx_pages_to_host(vcpu->state_pa, 1,
					     HVX_PAGE_SHARED_VCPU));
		give_back(vcpu->self_pa, HVX_PAGE_HYP_VM);
	}
	while (vm->nr_cached)
		give_back((u64)cache_pop(vm), HVX_PAGE_HYP_VM);
	give_back((u64)vm->pgt.root, HVX_PAGE_HYP_VM);
	/* Last: this is the VM itself. */
	give_back(vm->self_pa, HVX_PAGE_HYP_VM);
}

/* HVX_HC_VM_DESTROY */
int hvx_hyp_vm_destroy(u64 handle)
{
	struct vm_slot *slot = slot_of(handle);
	struct hvx_hyp_vm *vm = NULL;

	if (slot) {
		hvx_spin_lock(&vms.lock);
		if (slot->vm && !slot->busy && !slot->users) {
			vm = slot->vm;
			slot->busy = true;
		}
		hvx_spin_unlock(&vms.lock);
	}
	if (!vm)
		return -EPERM;
	/* Busy, nobody else gets at it; running vCPUs still put it back. */
	hvx_spin_lock(&vm->lock);
	if (vm->nr_mapped || vm->nr_running) {
		hvx_spin_unlock(&vm->lock);
		handle_settle(vm->handle, vm);
		return -EPERM;
	}
	vm->phase = HVX_VM_DYING;
	hvx_spin_unlock(&vm->lock);

	vm_teardown(vm);
	handle_settle(handle, NULL);
	return 0;
}

/*
 * HVX_HC_VM_STATS: counter @stat (enum hvx_vm_stat), summed over the VM's
 * vCPUs. A running vCPU's count may move on meanwhile: each is read once,
 * whole (an aligned 64-bit load).
 */
int hvx_hyp_vm_stats(u64 handle, u64 stat, u64 *sum)
{
	struct hvx_hyp_vm *vm;
	u32 i;

	if (stat >= HVX_VM_NR_STATS)
		return -EINVAL;
	stat = array_index_nospec(stat, HVX_VM_NR_STATS);
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	*sum = 0;
	for (i = 0; i < HVX_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			*sum += READ_ONCE(vm->vcpus[i]->stats[stat]);
	vm_release(vm);
	return 0;
}

int hvx_hyp_vm_set_clock(u64 handle, u64 freq, u64 mult, u64 shift,
			 u64 flags, u64 *base, u64 *offset)
{
	bool start = flags & HVX_HC_CLOCK_START;
	struct hvx_hyp_vm *vm;
	int ret = 0;

	if (!freq || !mult || shift > HVX_CLOCK_SHIFT_MAX ||
	    flags & ~HVX_HC_CLOCK_START)
		return -EINVAL;
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	/* Where the count starts is the VMM's only before the guest saw it. */
	if (start && vm->phase != HVX_VM_CREATED)
		ret = -EPERM;
	else
		hvx_clock_set(&vm->clock, freq, mult, shift, start, base, offset);
	vm_release(vm);
	return ret;
}

int hvx_hyp_vm_set_vmware(u64 handle, u64 flags)
{
	struct hvx_hyp_vm *vm;
	int ret = 0;

	if (flags & ~HVX_HC_VMWARE_ON)
		return -EINVAL;
	vm = vm_acquire(handle);
	if (IS_ERR(vm))
		return PTR_ERR(vm);
	/* The guest sees one backdoor, or none, all its life. */
	if (vm->phase != HVX_VM_CREATED)
		ret = -EPERM;
	else
		WRITE_ONCE(vm->vmware_off, !(flags & HVX_HC_VMWARE_ON));
	vm_release(vm);
	return ret;
}

struct hvx_hyp_vcpu *hvx_vcpu_get(u64 handle, u64 id, int *err)
{
	struct hvx_hyp_vcpu *vcpu;
	struct hvx_hyp_vm *vm;

	if (id >= HVX_MAX_VCPUS) {
		*err = -EINVAL;
		return NULL;
	}
	id = array_index_nospec(id, HVX_MAX_VCPUS);
	vm = vm_acquire(handle);
	if (IS_ERR(vm)) {
		*err = PTR_ERR(vm);
		return NULL;
	}
	vcpu = vm->vcpus[id];
	if (!vcpu || vcpu->running || vm->phase == HVX_VM_DYING) {
		*err = -EPERM;
		vcpu = NULL;
	} else {
		vcpu->running = 1;
		vm->nr_running++;
		/* The memory map is fixed from the first run on. */
		if (vm->phase == HVX_VM_CREATED)
			vm->phase = HVX_VM_STARTED;
	}
	vm_release(vm);
	return vcpu;
}

void hvx_vcpu_put(struct hvx_hyp_vcpu *vcpu)
{
	struct hvx_hyp_vm *vm = vcpu->vm;

	hvx_spin_lock(&vm->lock);
	vcpu->running = 0;
	vm->nr_running--;
	hvx_spin_unlock(&vm->lock);
}
