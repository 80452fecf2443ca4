/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Saving and loading the FP/SIMD registers (V0-V31, FPSR, FPCR) in a
 * struct user_fpsimd_state, for the lazy switch in hyp/fpsimd.c. In
 * assembly: EL2's C code is built with -mgeneral-regs-only. The caller
 * has CPTR_EL2.TFP clear (it traps EL2's own FP/SIMD accesses too).
 */
#include <linux/linkage.h>
#include <asm/fpsimdmacros.h>

	.text

SYM_FUNC_START(__hvx_fpsimd_save)
	fpsimd_save x0, 1
	ret
SYM_FUNC_END(__hvx_fpsimd_save)

SYM_FUNC_START(__hvx_fpsimd_restore)
	fpsimd_restore x0, 1
	ret
SYM_FUNC_END(__hvx_fpsimd_restore)
