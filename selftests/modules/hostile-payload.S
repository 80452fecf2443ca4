/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a hostile host kernel would run at EL2 through the stub's
 * HVC_SOFT_RESTART (x1 = entry): it proves it ran by returning
 * HOSTILE_RAN_AT_EL2 in x0, straight back to the HVC's caller (ELR_EL2 and
 * SPSR_EL2 still hold the return to EL1). Runs with the EL2 MMU off, from
 * the physical address of this page.
 */
#include <linux/linkage.h>
#include "hostile.h"

	.text
	.align	6
SYM_CODE_START(hvx_hostile_payload)
	movz	x0, #(HOSTILE_RAN_AT_EL2 & 0xffff)
	movk	x0, #(HOSTILE_RAN_AT_EL2 >> 16), lsl #16
	eret
SYM_CODE_END(hvx_hostile_payload)
