/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Single loads and stores that may fault. Each is one known instruction,
 * run under guest_catch_begin(): if it faults, the fault is recorded and
 * the instruction skipped. Returns true if it faulted (*c says how);
 * otherwise a load's value is in *val.
 */
#ifndef GUEST_ACCESS_H
#define GUEST_ACCESS_H

#include "types.h"
#include "exception.h"

/* what a skipped load leaves in its destination: easy to spot */
#define ACCESS_POISON	0xdeadbeefdeadbeefUL

bool try_read8(u64 addr, u64 *val, struct guest_caught *c);
bool try_read16(u64 addr, u64 *val, struct guest_caught *c);
bool try_read32(u64 addr, u64 *val, struct guest_caught *c);
bool try_read64(u64 addr, u64 *val, struct guest_caught *c);
bool try_write8(u64 addr, u64 val, struct guest_caught *c);
bool try_write16(u64 addr, u64 val, struct guest_caught *c);
bool try_write32(u64 addr, u64 val, struct guest_caught *c);
bool try_write64(u64 addr, u64 val, struct guest_caught *c);

/* "aborted (esr 0x.., ec 0x.., isv N, fsc 0x..)" or "returned 0x..": one line */
void report_access(const char *what, u64 addr, bool faulted,
		   u64 val, const struct guest_caught *c);

#endif /* GUEST_ACCESS_H */
