// SPDX-License-Identifier: GPL-2.0-only
/*
 * The firmware's EFI runtime services code, which the host must be able
 * to execute under its stage 2.
 *
 * The kernel keeps the regions of the EFI memory map that the runtime
 * services live in out of "System RAM" (arm64 marks them nomap), so
 * hvx's stage 2 would map them as it maps MMIO: never executable, and
 * the host's first runtime call (efivarfs, the EFI RTC, ResetSystem)
 * would take a stage-2 permission fault in firmware code. At load the
 * host gives EL2 the EFI_RUNTIME_SERVICES_CODE regions with the
 * EFI_MEMORY_RUNTIME attribute, which is what the kernel maps
 * executable for its runtime calls (arch/arm64/kernel/efi.c); EL2 maps
 * them executable (hyp/mem-protect.c). Runtime data, and runtime MMIO,
 * stay non-executable.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/efi.h>
#include <linux/overflow.h>

#include "hvx.h"

#ifdef CONFIG_EFI
/* Add [start, start + pages * 4 KiB): EFI pages are stage 2's granule. */
static int add_code(struct hvx_hyp_globals *g, u64 start, u64 pages)
{
	u64 end;

	if (!pages || start & (EFI_PAGE_SIZE - 1) ||
	    pages > (U64_MAX >> EFI_PAGE_SHIFT) ||
	    check_add_overflow(start, pages << EFI_PAGE_SHIFT, &end)) {
		pr_warn("EFI runtime code at 0x%llx, %llu pages: not a valid range, left non-executable\n",
			start, pages);
		return 0;
	}
	if (hvx_mem_range_append(g->fw_code, &g->nr_fw_code,
				 HVX_MAX_FW_CODE_RANGES, start, end)) {
		pr_err("more than %d EFI runtime code ranges\n",
		       HVX_MAX_FW_CODE_RANGES);
		return -E2BIG;
	}
	return 0;
}

int hvx_collect_efi_code(struct hvx_hyp_globals *g)
{
	efi_memory_desc_t *md;
	int ret;

	g->nr_fw_code = 0;
	if (!efi_enabled(EFI_MEMMAP))
		return 0;
	for_each_efi_memory_desc(md) {
		if (md->type != EFI_RUNTIME_SERVICES_CODE ||
		    !(md->attribute & EFI_MEMORY_RUNTIME))
			continue;
		ret = add_code(g, md->phys_addr, md->num_pages);
		if (ret)
			return ret;
	}
	return 0;
}
#else
int hvx_collect_efi_code(struct hvx_hyp_globals *g)
{
	g->nr_fw_code = 0;
	return 0;
}
#endif
