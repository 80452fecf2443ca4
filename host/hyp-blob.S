/* SPDX-License-Identifier: GPL-2.0-only */
/* hvx's EL2 image (built from hyp/), carried in hvx.ko as read-only data. */
#include <linux/linkage.h>

	.section .rodata, "a"
	.balign	16
SYM_DATA_START(__hvx_hyp_blob_start)
	.incbin	HVX_HYP_BIN
SYM_DATA_END_LABEL(__hvx_hyp_blob_start, SYM_L_GLOBAL, __hvx_hyp_blob_end)
