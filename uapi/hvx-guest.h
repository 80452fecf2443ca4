/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The hvx guest call ABI: how software in a guest calls hvx. Freestanding:
 * no includes, usable from bare-metal guests, a Linux guest kernel or a
 * guest user program.
 *
 * A call is an SMCCC fast call in the vendor-specific hypervisor service
 * range (owner 6, 64-bit convention): function id in x0, arguments in
 * x1-x7, results in x0-x3, every other register preserved.
 */
#ifndef _UAPI_HVX_GUEST_H
#define _UAPI_HVX_GUEST_H

#define HVX_GUEST_CALL(n)	(0xC6000000U | (n))

/*
 * Returns 0 in x0 and does nothing else, at EL2: the cost of one round
 * trip into hvx and back (the benchmarks' trap floor).
 */
#define HVX_GUEST_CALL_NOP	HVX_GUEST_CALL(0)

#endif /* _UAPI_HVX_GUEST_H */
