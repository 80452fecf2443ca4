/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 4 KB translation granule's geometry, which every table hvx builds
 * uses: EL2's stage 1, the host's and the guests' stage 2, on the host at
 * load and at EL2. Names per stage (HVX_S1_*, S2_*) are these.
 */
#ifndef __HVX_GRANULE_H
#define __HVX_GRANULE_H

#include <linux/bits.h>
#include <asm/page-def.h>

#define HVX_PT_LAST_LEVEL	3
#define HVX_PT_LEVEL_BITS	9	/* a 4KB table resolves 9 bits */
#define HVX_PT_PTRS		BIT(HVX_PT_LEVEL_BITS)
/* Blocks exist at levels 1 (1 GiB) and 2 (2 MiB) with the 4KB granule. */
#define HVX_PT_FIRST_BLOCK_LEVEL 1

/* log2 of the bytes one entry of @level maps: 512 GiB at 0 ... 4 KiB at 3. */
static inline unsigned int hvx_pt_level_shift(unsigned int level)
{
	return PAGE_SHIFT + (HVX_PT_LAST_LEVEL - level) * HVX_PT_LEVEL_BITS;
}

#endif /* __HVX_GRANULE_H */
