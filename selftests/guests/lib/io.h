/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory and device accesses, barriers and system registers.
 *
 * Device registers and the memory test go through inline assembly, as
 * Linux's __raw_readl()/__raw_writel() do: the access is then exactly one
 * plain LDR/STR with no writeback, which a hypervisor can emulate from the
 * fault syndrome alone (ESR_EL2.ISV). A volatile C access may be compiled
 * to a post-indexed or paired access, which it cannot.
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include "types.h"

/* For flags shared between vCPUs: one plain access, never torn or cached. */
#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v)	__atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

static inline void isb(void)
{
	asm volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	asm volatile("dsb sy" : : : "memory");
}

static inline void raw_write32(u64 addr, u32 v)
{
	asm volatile("str %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

static inline void raw_write64(u64 addr, u64 v)
{
	asm volatile("str %x0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

static inline void raw_write8(u64 addr, u8 v)
{
	asm volatile("strb %w0, [%1]" : : "r" (v), "r" (addr) : "memory");
}

static inline u8 raw_read8(u64 addr)
{
	u8 v;

	asm volatile("ldrb %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline u32 raw_read32(u64 addr)
{
	u32 v;

	asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline u64 raw_read64(u64 addr)
{
	u64 v;

	asm volatile("ldr %x0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

#define read_sysreg(r) ({					\
	u64 __v;						\
	asm volatile("mrs %0, " #r : "=r" (__v));		\
	__v;							\
})

#define write_sysreg(v, r) do {					\
	u64 __v = (u64)(v);				\
	asm volatile("msr " #r ", %0" : : "r" (__v));		\
} while (0)

#endif /* GUEST_IO_H */
