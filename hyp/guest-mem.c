// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest RAM as the VM calls work on it (vm.c). EL2 does not map guest RAM
 * (s1.c): it reaches it through this CPU's fixmap windows (fixmap.c),
 * only while it works on it: a 2 MiB block at a time where the memory is
 * aligned for one (VM_MAP's usual chunk), else a page at a time.
 */
#include <asm/page-def.h>

#include "hvx-hyp.h"
#include "hyp-s1.h"
#include "hyp/hyp.h"

/* Map the piece of guest RAM at @pa, @left bytes to go: *len bytes. */
static u64 piece_map(u64 pa, u64 left, u64 *len)
{
	if (!(pa & (HVX_FIXMAP_BLOCK_SIZE - 1)) &&
	    left >= HVX_FIXMAP_BLOCK_SIZE) {
		*len = HVX_FIXMAP_BLOCK_SIZE;
		return (u64)hvx_fixmap_map_block(pa);
	}
	*len = PAGE_SIZE;
	return (u64)hvx_fixmap_map(HVX_FIXMAP_DST, pa);
}

static void piece_unmap(u64 len)
{
	if (len == HVX_FIXMAP_BLOCK_SIZE)
		hvx_fixmap_unmap_block();
	else
		hvx_fixmap_unmap(HVX_FIXMAP_DST);
}

/*
 * VM_MAP: [pa, pa + size) (page aligned) as the guest will first see it.
 * The host's writes, cached, must reach memory before the guest reads it
 * with its MMU off, and no dirty line may be left to be written back over
 * what the guest writes. The mapping is executable: no instruction the
 * pages held before (host code, another guest's) may still be fetched.
 */
void hvx_guest_mem_prepare(u64 pa, u64 size)
{
	enum hvx_icache_need need = hvx_icache_need(size);
	u64 off, len, va;

	for (off = 0; off < size; off += len) {
		va = piece_map(pa + off, size - off, &len);
		hvx_dcache_clean_inval_poc(va, len);
		if (need == HVX_ICACHE_LINES)
			hvx_icache_inval_lines(va, len);
		piece_unmap(len);
	}
	if (need == HVX_ICACHE_ALL)
		hvx_icache_inval_all();
}

/*
 * VM_UNMAP: zero [pa, pa + size) (page aligned) before the host gets it
 * back; the zeroes are cleaned to the point of coherency, so that no
 * earlier contents show through a non-cacheable mapping the host may
 * make of the pages.
 */
void hvx_guest_mem_scrub(u64 pa, u64 size)
{
	u64 off, len, va, p;

	for (off = 0; off < size; off += len) {
		va = piece_map(pa + off, size - off, &len);
		for (p = 0; p < len; p += PAGE_SIZE)
			hvx_clear_page((void *)(va + p));
		hvx_dcache_clean_inval_poc(va, len);
		piece_unmap(len);
	}
}

/*
 * VM_WRITE: @len bytes from the host's page at @src_pa to guest RAM at
 * @dst_pa, neither crossing a page (hvx_copy_from_host() checks the host
 * page), made visible to a guest fetching them with its MMU off.
 */
int hvx_guest_mem_write(u64 dst_pa, u64 src_pa, u64 len)
{
	u64 dst = (u64)hvx_fixmap_map(HVX_FIXMAP_DST, dst_pa) +
		  (dst_pa & (PAGE_SIZE - 1));
	int ret = hvx_copy_from_host((void *)dst, src_pa, len);

	if (!ret)
		hvx_dcache_clean_inval_poc(dst, len);
	hvx_fixmap_unmap(HVX_FIXMAP_DST);
	if (!ret)
		hvx_icache_inval_all();
	return ret;
}
