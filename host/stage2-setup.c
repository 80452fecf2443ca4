// SPDX-License-Identifier: GPL-2.0-only
/*
 * The geometry of the host's stage 2, chosen by the host at load and given
 * to EL2 (hvx_hyp_globals): IPA size, start level, VTCR_EL2, and the root
 * table, taken from hvx's memory and mapped at EL2.
 */
#include <linux/ioport.h>
#include <asm/cpufeature.h>
#include <asm/kvm_arm.h>
#include <asm/pgtable-hwdef.h>
#include <asm/sysreg.h>

#include "hvx-granule.h"
#include "hvx.h"

/* VTCR_EL2.SL0 for the 4KB granule: 2 - start level (Arm ARM D17.2). */
#define VTCR_EL2_SL0_4K(level)	((2UL - (level)) << VTCR_EL2_SL0_SHIFT)

/*
 * Smallest IPA size hvx gives the host, even when less would do: up to 44
 * bits the 4 KB-granule walk still starts at level 1 (with up to 16
 * concatenated root tables), so the floor costs no walk step, and it
 * covers MMIO the kernel maps without claiming a resource for it.
 */
#define HOST_MIN_IPA_BITS	44

static int note_end(struct resource *res, void *arg)
{
	u64 *end = arg;

	*end = max_t(u64, *end, res->end);
	return 0;
}

/*
 * The IPA space need only cover what the host can address: every memory
 * resource (RAM, and the MMIO windows of all devices and PCI bridges).
 * Fewer IPA bits start the stage-2 walk one level lower, which makes every
 * stage-2 walk of the host one step shorter.
 */
static u32 host_ipa_bits(u32 max_bits)
{
	u64 end = 0;

	walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_MEM, 0, U64_MAX, &end,
			    note_end);
	return clamp_t(u32, fls64(end), HOST_MIN_IPA_BITS, max_bits);
}

int hvx_stage2_setup(struct hvx_hyp_globals *g, struct hvx_hyp_mem *mem,
		     struct hvx_pgtable *pgt)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	u64 parange = cpuid_feature_extract_unsigned_field(mmfr0,
					ID_AA64MMFR0_EL1_PARANGE_SHIFT);
	u32 ipa_bits, levels, start_level, root_bits;
	void *root;
	int ret;

	/* Without LPA2, a 4KB-granule regime outputs at most 48 bits. */
	parange = min_t(u64, parange, ID_AA64MMFR0_EL1_PARANGE_48);
	ipa_bits = host_ipa_bits(id_aa64mmfr0_parange_to_phys_shift(parange));

	/*
	 * As KVM does: rather than one more level, concatenate up to 16
	 * tables at the start level (one walk step less on every miss).
	 */
	levels = ARM64_HW_PGTABLE_LEVELS(ipa_bits - 4);
	start_level = 4 - levels;
	root_bits = ipa_bits - hvx_pt_level_shift(start_level);
	root_bits = root_bits > HVX_PT_LEVEL_BITS ?
		    root_bits - HVX_PT_LEVEL_BITS : 0;

	root = hvx_hyp_mem_carve(mem, 1UL << root_bits, 1UL << root_bits);
	if (!root)
		return -ENOMEM;
	ret = hvx_pgtable_map(pgt, hvx_hyp_mem_pa(mem, root),
			      PAGE_SIZE << root_bits, HVX_PROT_RW);
	if (ret)
		return ret;

	g->ipa_bits = ipa_bits;
	g->s2_start_level = start_level;
	g->s2_root = hvx_hyp_mem_pa(mem, root);
	g->vtcr_el2 = VTCR_EL2_T0SZ(ipa_bits) | VTCR_EL2_SL0_4K(start_level) |
		      VTCR_EL2_TG0_4K | VTCR_EL2_SH0_INNER |
		      VTCR_EL2_ORGN0_WBWA | VTCR_EL2_IRGN0_WBWA |
		      VTCR_EL2_RES1 | (parange << VTCR_EL2_PS_SHIFT);
	return 0;
}
