// SPDX-License-Identifier: GPL-2.0
/* Loads and stores that may fault; see access.h. */
#include "guest.h"
#include "access.h"

/* insn: the instruction template, %0 the value, %1 the address */
#define TRY_LOAD(insn, addr, val, c) ({				\
	u64 __v = ACCESS_POISON;				\
	bool __f;						\
								\
	guest_catch_begin();					\
	asm volatile(insn					\
		     : "+r" (__v) : "r" (addr) : "memory");	\
	__f = guest_catch_end(c);				\
	*(val) = __v;						\
	__f;							\
})

#define TRY_STORE(insn, addr, val, c) ({			\
	guest_catch_begin();					\
	asm volatile(insn					\
		     : : "r" (val), "r" (addr) : "memory");	\
	guest_catch_end(c);					\
})

bool try_read8(u64 addr, u64 *val, struct guest_caught *c)
{
	return TRY_LOAD("ldrb %w0, [%1]", addr, val, c);
}

bool try_read16(u64 addr, u64 *val, struct guest_caught *c)
{
	return TRY_LOAD("ldrh %w0, [%1]", addr, val, c);
}

bool try_read32(u64 addr, u64 *val, struct guest_caught *c)
{
	return TRY_LOAD("ldr %w0, [%1]", addr, val, c);
}

bool try_read64(u64 addr, u64 *val, struct guest_caught *c)
{
	return TRY_LOAD("ldr %x0, [%1]", addr, val, c);
}

bool try_write8(u64 addr, u64 val, struct guest_caught *c)
{
	return TRY_STORE("strb %w0, [%1]", addr, val, c);
}

bool try_write16(u64 addr, u64 val, struct guest_caught *c)
{
	return TRY_STORE("strh %w0, [%1]", addr, val, c);
}

bool try_write32(u64 addr, u64 val, struct guest_caught *c)
{
	return TRY_STORE("str %w0, [%1]", addr, val, c);
}

bool try_write64(u64 addr, u64 val, struct guest_caught *c)
{
	return TRY_STORE("str %x0, [%1]", addr, val, c);
}

void report_access(const char *what, u64 addr, bool faulted,
		   u64 val, const struct guest_caught *c)
{
	if (!faulted) {
		report("%s 0x%llx: completed, value 0x%llx", what, addr, val);
		return;
	}
	report("%s 0x%llx: aborted (esr 0x%llx, ec 0x%x, isv %u, fsc 0x%x, far 0x%llx)",
	       what, addr, c->esr, esr_ec(c->esr),
	       (c->esr & ESR_DABT_ISV) ? 1 : 0,
	       (unsigned int)(c->esr & ESR_FSC_MASK), c->far);
}
