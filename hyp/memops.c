// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clearing and copying memory, and cache maintenance by address, for EL2.
 * EL2 links against nothing: the compiler may turn plain C loops into
 * calls to memset() or memcpy(), so these use assembly or WRITE_ONCE()
 * stores, which it must keep as they are.
 */
#include <linux/bitfield.h>
#include <linux/compiler.h>
#include <asm/barrier.h>
#include <asm/page-def.h>
#include <asm/sysreg.h>

#include "hyp/hyp.h"

/* Zero the page at @page (page aligned). */
void hvx_clear_page(void *page)
{
	u64 left = PAGE_SIZE;

	asm volatile("1:	stp	xzr, xzr, [%0], #16\n"
		     "	subs	%1, %1, #16\n"
		     "	b.ne	1b"
		     : "+r" (page), "+r" (left) : : "memory");
}

/* Copy @len bytes: by doublewords when everything is aligned for it. */
void hvx_copy(void *dst, const void *src, u64 len)
{
	u64 i;

	if (!(((unsigned long)dst | (unsigned long)src | len) & 7)) {
		u64 *d = dst;
		const u64 *s = src;

		for (i = 0; i < len / 8; i++)
			WRITE_ONCE(d[i], READ_ONCE(s[i]));
		return;
	}
	for (i = 0; i < len; i++)
		WRITE_ONCE(((u8 *)dst)[i], READ_ONCE(((const u8 *)src)[i]));
}

/* Smallest data cache line, in bytes (CTR_EL0.DminLine: log2 of words). */
static u64 dcache_line(void)
{
	u64 ctr = read_sysreg(ctr_el0);

	return 4UL << FIELD_GET(CTR_EL0_DminLine_MASK, ctr);
}

/*
 * Clean and invalidate [start, start + size) (EL2 addresses) to
 * the point of coherency: memory then holds what was written through any
 * cacheable mapping, and no stale line is left to be read or written back
 * over what a non-cacheable observer (a guest, or a CPU coming up, with
 * its MMU off) writes. The one such loop at EL2; the host has its own
 * (host/hyp-load.c). The DSB covers the full system, as the kernel's
 * dcache_clean_inval_poc() does, for observers outside the inner
 * shareable domain.
 */
void hvx_dcache_clean_inval_poc(u64 start, u64 size)
{
	u64 line = dcache_line();
	u64 p = start & ~(line - 1);

	for (; p < start + size; p += line)
		asm volatile("dc civac, %0" : : "r" (p) : "memory");
	dsb(sy);
}

/* Every CPU's instruction cache, for code written through the D-side. */
void hvx_icache_inval_all(void)
{
	asm volatile("ic ialluis" : : : "memory");
	dsb(ish);
	isb();
}

/*
 * How to invalidate @size bytes (EL2 addresses, cleaned to the point of
 * unification already) from every CPU's instruction cache, so that no
 * instruction the memory held before, fetched by whoever ran it then, is
 * executed instead of what it holds now. As KVM does for an executable
 * stage-2 mapping:
 * - nothing if CTR_EL0.DIC says instruction fetches see data writes;
 * - by address on a PIPT instruction cache: the lines are found by the
 *   physical address, whatever address the guest, or EL2, uses;
 * - all of it otherwise (VIPT: the guest's addresses index the cache, and
 *   EL2's do not reach those lines), or for more than ICACHE_MAX_OPS
 *   lines: one broadcast invalidation costs less than thousands (a 2 MiB
 *   VM_MAP would be 32768 of 64 bytes).
 * (CTR_EL0.IDC would make the clean to PoU unnecessary, but the callers
 * clean to PoC anyway, for guests that run with their MMU off.)
 */
#define ICACHE_MAX_OPS	1024

static u64 icache_line(void)
{
	/* CTR_EL0.IminLine: log2 of the smallest line, in words */
	return 4UL << FIELD_GET(CTR_EL0_IminLine_MASK, read_sysreg(ctr_el0));
}

enum hvx_icache_need hvx_icache_need(u64 size)
{
	u64 ctr = read_sysreg(ctr_el0);

	if (ctr & CTR_EL0_DIC_MASK)
		return HVX_ICACHE_NONE;
	if (FIELD_GET(CTR_EL0_L1Ip_MASK, ctr) != CTR_EL0_L1Ip_PIPT ||
	    size / icache_line() > ICACHE_MAX_OPS)
		return HVX_ICACHE_ALL;
	return HVX_ICACHE_LINES;
}

/* [start, start + size) from every CPU's instruction cache, by line. */
void hvx_icache_inval_lines(u64 start, u64 size)
{
	u64 line = icache_line(), p;

	for (p = start & ~(line - 1); p < start + size; p += line)
		asm volatile("ic ivau, %0" : : "r" (p) : "memory");
	dsb(ish);
}
