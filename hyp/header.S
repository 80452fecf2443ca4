/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The EL2 image header: tells the host loader how big the image is and
 * where its entry points and relocations are. Every value is an offset from
 * the image start, so the header itself needs no relocation.
 */
#include <linux/linkage.h>
#include "hvx-hyp.h"

	.section .hyp.header, "a"
	.balign 8
SYM_DATA_START(__hvx_hyp_header)
	.quad	HVX_HYP_MAGIC
	.quad	__hyp_image_end - __hvx_hyp_header
	.quad	__hyp_text_end - __hvx_hyp_header
	.quad	__hvx_init_vectors - __hvx_hyp_header
	.quad	__hvx_host_vectors - __hvx_hyp_header
	.quad	__hvx_read_vbar - __hvx_hyp_header
	.quad	__hyp_rela_start - __hvx_hyp_header
	.quad	__hyp_rela_end - __hvx_hyp_header
	.quad	hvx_globals - __hvx_hyp_header
	.quad	__hvx_cpu_entry - __hvx_hyp_header
SYM_DATA_END(__hvx_hyp_header)
