// SPDX-License-Identifier: GPL-2.0
/*
 * memory: write every 64-bit word of guest RAM (the DTB's /memory range)
 * outside the guest image itself, then read it all back; twice, with a
 * pattern and its complement, so each bit is seen as 0 and as 1. The
 * pattern depends on the address, so aliasing (two guest pages backed by
 * one host page) is caught too. The DTB is overwritten: it is parsed first.
 *
 * Prints "hvx-guest: memory: ram ... tested N MiB, E errors" and
 * "hvx-guest: memory: ok", then SYSTEM_OFF.
 *
 * A correct hypervisor: all RAM is there, private and stable; the VM ends
 * by itself.
 */
#include "guest.h"

GUEST_NAME("memory");

#define PATTERN_SEED	0x9e3779b97f4a7c15UL	/* odd, scrambles address bits */
#define MAX_ERRORS_SHOWN	8

static u64 errors;

static inline u64 pattern(u64 addr, u64 flip)
{
	return (addr * PATTERN_SEED) ^ (addr >> 3) ^ flip;
}

static void fill(u64 start, u64 end, u64 flip)
{
	u64 a;

	for (a = start; a < end; a += 8)
		raw_write64(a, pattern(a, flip));
}

static void verify(u64 start, u64 end, u64 flip)
{
	u64 a;

	for (a = start; a < end; a += 8) {
		u64 got = raw_read64(a);
		u64 want = pattern(a, flip);

		if (got == want)
			continue;
		if (errors++ < MAX_ERRORS_SHOWN)
			report("error: 0x%llx: read 0x%016llx, wrote 0x%016llx",
			       a, got, want);
	}
}

void guest_main(void)
{
	u64 base = guest.fdt.mem_base;
	u64 end = base + guest.fdt.mem_size;
	u64 img_lo = (uintptr_t)_head & ~7UL;
	u64 img_hi = ((uintptr_t)_end + 7) & ~7UL;
	/* [base, img_lo) and [img_hi, end): all RAM but this program */
	const u64 range[2][2] = { { base, img_lo }, { img_hi, end } };
	const u64 flips[2] = { 0, ~0UL };
	u64 tested = 0;
	unsigned int pass, r;

	if (img_lo < base || img_hi > end)
		guest_fail("image 0x%llx-0x%llx is not inside RAM", img_lo,
			   img_hi);
	report("ram 0x%llx-0x%llx (%llu MiB), image 0x%llx-0x%llx", base,
	       end - 1, guest.fdt.mem_size >> 20, img_lo, img_hi - 1);
	for (pass = 0; pass < ARRAY_SIZE(flips); pass++) {
		for (r = 0; r < 2; r++)
			fill(range[r][0], range[r][1], flips[pass]);
		for (r = 0; r < 2; r++)
			verify(range[r][0], range[r][1], flips[pass]);
		report("pass %u done, %llu errors so far", pass + 1, errors);
	}
	for (r = 0; r < 2; r++)
		tested += range[r][1] - range[r][0];
	report("tested %llu KiB of %llu KiB, %llu errors", tested >> 10,
	       guest.fdt.mem_size >> 10, errors);
	report(errors ? "failed" : "ok");
}
