/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest's physical count from the host's, the formula EL2 (hyp/clock.c)
 * and the host (host/vm-clock.c) both use, so that they agree to the tick:
 *
 *	guest = base + (((host - offset) * mult) >> shift)
 *
 * The product is 128 bits wide (no overflow for any 64-bit interval), the
 * result modulo 2^64 as the counter is. Unscaled: mult 1, shift 0.
 */
#ifndef __HVX_CLOCK_H
#define __HVX_CLOCK_H

#include <linux/types.h>

/* A shift over this would be undefined (uapi: struct hvx_vm_clock). */
#define HVX_CLOCK_SHIFT_MAX	63

static inline u64 hvx_clock_scale(u64 host, u64 offset, u64 base, u64 mult,
				  u32 shift)
{
	unsigned __int128 p = (unsigned __int128)(host - offset) * mult;
	u64 hi = p >> 64, lo = (u64)p;

	/*
	 * (p >> shift) mod 2^64 for shift 0-63 (the callers' range), in
	 * 64-bit shifts: hi << (64 - shift), which is 0 for shift 0.
	 */
	shift &= HVX_CLOCK_SHIFT_MAX;
	return base + ((hi << 1 << (HVX_CLOCK_SHIFT_MAX - shift)) |
		       (lo >> shift));
}

#endif /* __HVX_CLOCK_H */
