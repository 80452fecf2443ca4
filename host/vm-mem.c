// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest RAM: HVX_VM_ADD_MEMORY, HVX_VM_WRITE_MEMORY, and giving the memory
 * back when the VM is destroyed.
 *
 * The memory is the host's own, allocated here (charged to the creator's
 * memory cgroup) and given to the guest chunk by chunk with HVX_HC_VM_MAP:
 * EL2 takes it out of the host's stage 2, so from then on the host cannot
 * read it. Chunks are physically contiguous and naturally aligned, 2 MiB
 * where the allocator can (EL2 can then map a block), smaller otherwise.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "console.h"
#include "partition.h"
#include "vgic.h"
#include "vm.h"
#include "trace.h"

/* EL2's calls count 4 KiB pages, its stage 2 has a 4 KiB granule. */
static_assert(PAGE_SIZE == SZ_4K);

#define HVX_IPA_LIMIT		BIT_ULL(HVX_GUEST_IPA_BITS)
/* The largest chunk: what one VM_MAP takes, 2 MiB, one block. */
#define HVX_CHUNK_MAX_ORDER	ilog2(HVX_VM_MAP_MAX_PAGES)

static struct hvx_mem_region *region_at(struct hvx_vm *vm, u64 ipa)
{
	unsigned int i;

	for (i = 0; i < vm->nr_regions; i++) {
		struct hvx_mem_region *r = &vm->regions[i];

		if (ipa >= r->base && ipa - r->base < r->size)
			return &vm->regions[i];
	}
	return NULL;
}

/*
 * Is [ipa, ipa + size) guest RAM (possibly over regions that touch)? With
 * vm->lock held, or once the VM has started (the regions are fixed then).
 * Both may come from the guest: a range that wraps past 2^64 is not RAM
 * (its end would be below its start, and the loop would check nothing).
 */
bool hvx_vm_is_ram(struct hvx_vm *vm, u64 ipa, u64 size)
{
	struct hvx_mem_region *r;
	u64 end;

	if (check_add_overflow(ipa, size, &end))
		return false;
	while (ipa < end) {
		r = region_at(vm, ipa);
		if (!r)
			return false;
		ipa = r->base + r->size;
	}
	return true;
}

/* Does [base, base + size) (not wrapping) overlap guest RAM? vm->lock held. */
bool hvx_vm_mem_overlaps(struct hvx_vm *vm, u64 base, u64 size)
{
	unsigned int i;

	lockdep_assert_held(&vm->lock);
	for (i = 0; i < vm->nr_regions; i++) {
		struct hvx_mem_region *r = &vm->regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

static void free_chunk(struct hvx_mem_chunk *c)
{
	list_del(&c->list);
	__free_pages(c->page, c->order);
	kfree(c);
}

/*
 * The largest chunk that fits at @ipa, @pages left to allocate, aligned at
 * @ipa to its own size; then smaller ones if the allocator has none.
 */
static struct hvx_mem_chunk *alloc_chunk(u64 ipa, u64 pages)
{
	unsigned int order = min_t(u64, HVX_CHUNK_MAX_ORDER, ilog2(pages));
	struct hvx_mem_chunk *c;
	gfp_t gfp;

	if (ipa)
		order = min_t(unsigned int, order, __ffs64(ipa) - PAGE_SHIFT);
	/*
	 * Out of memory, or over the memory cgroup's limit: fail the call
	 * rather than have the OOM killer find a victim for an amount user
	 * space chose.
	 */
	c = kmalloc(sizeof(*c), GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL);
	if (!c)
		return NULL;
	for (;;) {
		/* Fragmented memory: fall back to smaller chunks at once. */
		gfp = GFP_KERNEL_ACCOUNT | __GFP_ZERO;
		gfp |= order ? __GFP_NORETRY | __GFP_NOWARN : __GFP_RETRY_MAYFAIL;
		c->page = alloc_pages(gfp, order);
		if (c->page || !order)
			break;
		order--;
	}
	if (!c->page) {
		kfree(c);
		return NULL;
	}
	c->ipa = ipa;
	c->order = order;
	return c;
}

/* All of [ipa, ipa + size) in chunks on @chunks, before EL2 sees any. */
static int alloc_chunks(struct list_head *chunks, u64 ipa, u64 size)
{
	u64 end = ipa + size;
	struct hvx_mem_chunk *c;

	while (ipa < end) {
		c = alloc_chunk(ipa, (end - ipa) >> PAGE_SHIFT);
		if (!c)
			return -ENOMEM;
		list_add_tail(&c->list, chunks);
		ipa += PAGE_SIZE << c->order;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/*
 * Pages for the VM's stage-2 tables (EL2's page cache), up to what one
 * VM_MAP may take, as KVM tops up its memory caches before a fault: the
 * map call then has all the tables it needs, and its NOMEM means EL2 is
 * out of memory.
 */
static int topup_tables(struct hvx_vm *vm)
{
	struct hvx_hc_res res;
	struct page *page;
	int ret;

	lockdep_assert_held(&vm->lock);
	while (vm->s2_cached < HVX_VM_MAP_MAX_TABLES) {
		page = hvx_vm_page_alloc();
		if (!page)
			return -ENOMEM;
		ret = hvx_hyp_call4(HVX_HC_VM_TOPUP, vm->handle,
				    page_to_phys(page), 0, 0, &res);
		if (ret) {
			__free_page(page);
			return ret;
		}
		hvx_vm_page_given(vm, page);
		vm->s2_cached = res.a1;
	}
	return 0;
}

static int map_chunk(struct hvx_vm *vm, struct hvx_mem_chunk *c)
{
	struct hvx_hc_res res;
	int ret;

	ret = topup_tables(vm);
	if (ret)
		return ret;
	ret = hvx_hyp_call4(HVX_HC_VM_MAP, vm->handle, c->ipa,
			    page_to_phys(c->page), 1UL << c->order, &res);
	trace_hvx_mem_map(vm->handle, c->ipa, page_to_phys(c->page),
			  1UL << c->order, ret);
	if (!ret)
		vm->s2_cached = res.a1;
	return ret;
}

/*
 * Take a chunk back from the guest: EL2 unmaps and scrubs it. If EL2
 * refuses, the pages stay allocated: the guest may still own them.
 */
static int unmap_chunk(struct hvx_vm *vm, struct hvx_mem_chunk *c)
{
	struct hvx_hc_res res;
	int ret;

	ret = hvx_hyp_call4(HVX_HC_VM_UNMAP, vm->handle, c->ipa,
			    page_to_phys(c->page), 1UL << c->order, &res);
	trace_hvx_mem_unmap(vm->handle, c->ipa, page_to_phys(c->page),
			    1UL << c->order, ret);
	if (ret) {
		pr_err("VM %u: guest RAM at %#llx not given back (%d)\n",
		       vm->handle, c->ipa, ret);
		list_del(&c->list);
		kfree(c);
		return ret;
	}
	free_chunk(c);
	return 0;
}

/*
 * With vm->lock held: a new region, all of it given to the guest, or
 * nothing (then, if EL2 had taken part of it, the VM is lost: EL2 only
 * takes memory back from a VM to destroy it).
 */
static int add_region(struct hvx_vm *vm, u64 base, u64 size)
{
	struct hvx_mem_region *r = &vm->regions[vm->nr_regions];
	struct hvx_mem_chunk *c, *tmp;
	u64 mapped_end = base;
	LIST_HEAD(chunks);
	int ret;

	lockdep_assert_held(&vm->lock);
	ret = alloc_chunks(&chunks, base, size);
	if (!ret) {
		list_for_each_entry(c, &chunks, list) {
			ret = map_chunk(vm, c);
			if (ret)
				break;
			mapped_end = c->ipa + (PAGE_SIZE << c->order);
			cond_resched();
		}
	}
	if (ret) {
		list_for_each_entry_safe(c, tmp, &chunks, list) {
			if (c->ipa < mapped_end)
				unmap_chunk(vm, c);
			else
				free_chunk(c);
		}
		if (mapped_end != base)
			vm->dead = true;
		return ret;
	}
	r->base = base;
	r->size = size;
	INIT_LIST_HEAD(&r->chunks);
	list_splice(&chunks, &r->chunks);
	vm->mem_pages += size >> PAGE_SHIFT;
	vm->nr_regions++;
	return 0;
}

/*
 * A region within the guest RAM of the VM's partition (-ENOMEM past it):
 * counted in vm->mem_pages once added, given back with the VM.
 */
static int partition_add_region(struct hvx_vm *vm, u64 base, u64 size)
{
	int ret = hvx_partition_add_mem(vm->partition, size >> PAGE_SHIFT);

	if (ret)
		return ret;
	ret = add_region(vm, base, size);
	if (ret)
		hvx_partition_sub(vm->partition, 0, 0, size >> PAGE_SHIFT);
	return ret;
}

/* Why the VM's memory map cannot change now, if it cannot. */
static int mem_frozen(struct hvx_vm *vm)
{
	if (vm->dead)
		return -EIO;
	if (vm->started)
		return -EBUSY;
	return 0;
}

long hvx_vm_add_memory(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_memory m;
	int ret;

	if (copy_from_user(&m, arg, sizeof(m)))
		return -EFAULT;
	if (m.flags || m.pad || memchr_inv(m.reserved, 0, sizeof(m.reserved)))
		return -EINVAL;
	if (!m.size || !PAGE_ALIGNED(m.guest_phys_addr) ||
	    !PAGE_ALIGNED(m.size) || m.guest_phys_addr >= HVX_IPA_LIMIT ||
	    m.size > HVX_IPA_LIMIT - m.guest_phys_addr)
		return -EINVAL;

	mutex_lock(&vm->lock);
	ret = mem_frozen(vm);
	if (ret)
		goto out;
	/* Nor the vGIC's frames, nor the UART's: RAM there would hide them. */
	if (hvx_vm_mem_overlaps(vm, m.guest_phys_addr, m.size) ||
	    hvx_vgic_overlaps(vm, m.guest_phys_addr, m.size) ||
	    hvx_console_overlaps(vm, m.guest_phys_addr, m.size))
		ret = -EEXIST;
	else if (vm->nr_regions == HVX_MAX_MEM_REGIONS)
		ret = -ENOSPC;
	else
		ret = partition_add_region(vm, m.guest_phys_addr, m.size);
out:
	mutex_unlock(&vm->lock);
	return ret;
}

/*
 * Copy through a bounce page of the host's, one piece per guest page: EL2
 * copies from a host page it may read into a page the guest owns, and
 * neither range may cross a page boundary. The piece sits at the same
 * offset in the bounce page as in the guest page.
 */
static int write_pieces(struct hvx_vm *vm, u64 ipa, const u8 __user *data,
			u64 size, struct page *bounce)
{
	struct hvx_hc_res res;
	size_t off, len;
	int ret;

	while (size) {
		off = offset_in_page(ipa);
		len = min_t(u64, size, PAGE_SIZE - off);
		if (copy_from_user(page_address(bounce) + off, data, len))
			return -EFAULT;
		ret = hvx_hyp_call4(HVX_HC_VM_WRITE, vm->handle, ipa,
				    page_to_phys(bounce) + off, len, &res);
		if (ret)
			return ret;
		ipa += len;
		data += len;
		size -= len;
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

long hvx_vm_write_memory(struct hvx_vm *vm, void __user *arg)
{
	struct hvx_vm_write w;
	struct page *bounce;
	u64 end;
	int ret;

	if (copy_from_user(&w, arg, sizeof(w)))
		return -EFAULT;
	if (w.flags || w.pad || memchr_inv(w.reserved, 0, sizeof(w.reserved)))
		return -EINVAL;
	if (check_add_overflow(w.guest_phys_addr, w.size, &end))
		return -EINVAL;
	if (!w.size) {
		/* Nothing to write, but the same answer as any size. */
		mutex_lock(&vm->lock);
		ret = mem_frozen(vm);
		mutex_unlock(&vm->lock);
		return ret;
	}
	bounce = alloc_page(GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	mutex_lock(&vm->lock);
	ret = mem_frozen(vm);
	if (!ret && !hvx_vm_is_ram(vm, w.guest_phys_addr, w.size))
		ret = -EINVAL;
	if (!ret)
		ret = write_pieces(vm, w.guest_phys_addr,
				   u64_to_user_ptr(w.data), w.size, bounce);
	mutex_unlock(&vm->lock);
	__free_page(bounce);
	return ret;
}

/*
 * At destruction (nothing else refers to the VM): take every chunk back
 * from the guest. False if EL2 kept any, which it then still owns.
 */
bool hvx_vm_mem_teardown(struct hvx_vm *vm)
{
	struct hvx_mem_chunk *c, *tmp;
	bool all = true;
	unsigned int i;

	for (i = 0; i < vm->nr_regions; i++) {
		list_for_each_entry_safe(c, tmp, &vm->regions[i].chunks, list) {
			all &= !unmap_chunk(vm, c);
			cond_resched();
		}
	}
	vm->nr_regions = 0;
	vm->mem_pages = 0;
	return all;
}

#ifdef HVX_TEST_HOOKS
/* debugfs (debug-vm.c, a test hook): one line a chunk of guest RAM. */
void hvx_vm_mem_show(struct seq_file *m, struct hvx_vm *vm)
{
	struct hvx_mem_chunk *c;
	unsigned int i;

	mutex_lock(&vm->lock);
	for (i = 0; i < vm->nr_regions; i++)
		list_for_each_entry(c, &vm->regions[i].chunks, list)
			seq_printf(m, "vm%u ipa=%#llx pa=%#llx pages=%u\n",
				   vm->handle, c->ipa,
				   (u64)page_to_phys(c->page), 1U << c->order);
	mutex_unlock(&vm->lock);
}
#endif
