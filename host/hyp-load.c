// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loading hvx's EL2 image. Module text is neither physically contiguous nor
 * reachable with the EL2 MMU off, so the image built in hyp/ travels in
 * hvx.ko as data (host/hyp-blob.S) and is copied here to hvx's memory,
 * relocated for its physical address (it runs identity mapped) and cleaned
 * to the point of coherency, where the first, MMU-off, fetches at EL2 see it.
 */
#include <linux/elf.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <asm/cacheflush.h>
#include <asm/cputype.h>

#include "hvx.h"

extern const u8 __hvx_hyp_blob_start[], __hvx_hyp_blob_end[];

void hvx_dcache_clean_poc(const void *addr, size_t size)
{
	u64 ctr = read_cpuid_cachetype();
	unsigned long line = 4UL << cpuid_feature_extract_unsigned_field(ctr,
						CTR_EL0_DminLine_SHIFT);
	unsigned long p = (unsigned long)addr & ~(line - 1);
	unsigned long end = (unsigned long)addr + size;

	for (; p < end; p += line)
		asm volatile("dc cvac, %0" : : "r"(p) : "memory");
	dsb(sy);
}

static int check_header(const struct hvx_hyp_header *hdr, size_t blob_size)
{
	if (hdr->magic != HVX_HYP_MAGIC)
		return -ENOEXEC;
	if (hdr->image_size < blob_size || !PAGE_ALIGNED(hdr->image_size) ||
	    !PAGE_ALIGNED(hdr->text_size) || hdr->text_size > blob_size ||
	    hdr->init_vectors >= hdr->text_size ||
	    hdr->host_vectors >= hdr->text_size ||
	    hdr->read_vbar >= hdr->text_size ||
	    hdr->cpu_entry >= hdr->text_size ||
	    hdr->globals < hdr->text_size || !IS_ALIGNED(hdr->globals, 8) ||
	    hdr->globals + sizeof(struct hvx_hyp_globals) > hdr->image_size ||
	    hdr->rela_start > hdr->rela_end || hdr->rela_end > blob_size)
		return -ENOEXEC;
	return 0;
}

/* Apply the image's R_AARCH64_RELATIVE relocations for its load address. */
static int relocate(struct hvx_hyp_image *img)
{
	const Elf64_Rela *rela = img->va + img->hdr.rela_start;
	const Elf64_Rela *end = img->va + img->hdr.rela_end;

	for (; rela < end; rela++) {
		if (ELF64_R_TYPE(rela->r_info) != R_AARCH64_RELATIVE ||
		    rela->r_offset > img->hdr.image_size - sizeof(u64) ||
		    !IS_ALIGNED(rela->r_offset, sizeof(u64)))
			return -ENOEXEC;
		*(u64 *)(img->va + rela->r_offset) = img->pa + rela->r_addend;
	}
	return 0;
}

int hvx_hyp_image_load(struct hvx_hyp_image *img, struct hvx_pgtable *pgt,
		       struct hvx_hyp_mem *mem)
{
	size_t blob_size = __hvx_hyp_blob_end - __hvx_hyp_blob_start;
	const struct hvx_hyp_header *hdr = (const void *)__hvx_hyp_blob_start;
	int ret;

	if (blob_size < sizeof(*hdr))
		return -ENOEXEC;
	ret = check_header(hdr, blob_size);
	if (ret)
		return ret;
	img->hdr = *hdr;

	img->va = hvx_hyp_mem_carve(mem, hdr->image_size >> PAGE_SHIFT, 1);
	if (!img->va)
		return -ENOMEM;
	img->pa = hvx_hyp_mem_pa(mem, img->va);
	memcpy(img->va, __hvx_hyp_blob_start, blob_size);

	ret = relocate(img);
	if (!ret)
		ret = hvx_pgtable_map(pgt, img->pa, hdr->text_size, HVX_PROT_RX);
	if (!ret)
		ret = hvx_pgtable_map(pgt, img->pa + hdr->text_size,
				      hdr->image_size - hdr->text_size,
				      HVX_PROT_RW);
	if (ret)
		return ret;
	hvx_dcache_clean_poc(img->va, hdr->image_size);
	return 0;
}

/* The EL2 data the host fills before the first CPU runs hvx. */
struct hvx_hyp_globals *hvx_hyp_image_globals(struct hvx_hyp_image *img)
{
	return img->va + img->hdr.globals;
}
