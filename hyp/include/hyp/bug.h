/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Assertions at EL2. hvx_bug() is a BRK with the kernel's BUG immediate:
 * an exception at EL2 that hvx's vectors do not handle, so it goes the
 * way of every EL2 crash, __hvx_hyp_panic (host.S), which puts the host's
 * state back and hands ESR_EL2 and ELR_EL2 to the host's panic handler
 * (host/hyp-cpu.c). That one names it an EL2 BUG, at ELR_EL2's offset in
 * the image (addr2line -e hyp/hyp.elf: the image is linked at 0).
 */
#ifndef __HVX_HYP_BUG_H
#define __HVX_HYP_BUG_H

#include <linux/compiler.h>
#include <asm/brk-imm.h>

static __always_inline __noreturn void hvx_bug(void)
{
	asm volatile("brk %0" : : "i" (BUG_BRK_IMM));
	unreachable();
}

/* BUG_ON() at EL2: @cond is a broken assumption of hvx's own. */
static __always_inline void hvx_bug_on(bool cond)
{
	if (unlikely(cond))
		hvx_bug();
}

#endif /* __HVX_HYP_BUG_H */
