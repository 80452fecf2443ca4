/* SPDX-License-Identifier: GPL-2.0 */
/* PSCI through HVC (SMCCC 1.1 function IDs, Arm DEN 0022). */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H

#define PSCI_VERSION		0x84000000
#define PSCI_CPU_OFF		0x84000002
#define PSCI_CPU_ON_64		0xc4000003
#define PSCI_SYSTEM_OFF		0x84000008
#define PSCI_SYSTEM_RESET	0x84000009

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)
#define PSCI_INTERNAL_FAILURE	(-6)

#define PSCI_VERSION_MAJOR(v)	(((v) >> 16) & 0x7fff)
#define PSCI_VERSION_MINOR(v)	((v) & 0xffff)

#ifndef __ASSEMBLY__
#include "types.h"
#include "io.h"

/* A raw SMCCC call through HVC #0: x0 = fn, x1-x3 = args; returns x0. */
s64 psci_call(u32 fn, u64 a1, u64 a2, u64 a3);
u32 psci_version(void);
int psci_cpu_on(u64 mpidr, u64 entry, u64 context);
void __noreturn psci_cpu_off(void);
void __noreturn psci_system_off(void);
void __noreturn psci_system_reset(void);
const char *psci_strerror(s64 ret);
#endif

#endif /* GUEST_PSCI_H */
