/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test guests' library: what a guest program includes.
 *
 * A guest defines GUEST_NAME("name") and guest_main(); the start code sets
 * up the boot vCPU, parses the DTB and calls guest_main(), then powers the
 * system off when it returns. vCPUs started with guest_cpu_on() run
 * guest_secondary() (by default: PSCI CPU_OFF).
 */
#ifndef GUEST_H
#define GUEST_H

#include "types.h"

#include "arch.h"
#include "exception.h"
#include "fdt.h"
#include "io.h"
#include "platform.h"
#include "print.h"
#include "psci.h"

#define GUEST_NAME(n)	const char guest_name[] = n

extern const char guest_name[];

/* What the boot vCPU found at entry. */
struct guest_platform {
	u64 dtb;		/* x0 at entry */
	struct fdt_info fdt;
};

extern struct guest_platform guest;

/* The image's own extent, from the linker script. */
extern char _head[], _end[];

void guest_main(void);
/* Runs on a secondary vCPU; cpu is the CPU_ON context id (its index). */
void guest_secondary(unsigned int cpu);
/* The secondary vCPUs' entry point (start.S), for PSCI CPU_ON. */
void secondary_entry(void);

/* PSCI CPU_ON the vCPU with index cpu (guest.fdt.mpidr[cpu]). */
int guest_cpu_on(unsigned int cpu);
unsigned int guest_this_cpu(void);	/* index of the calling vCPU */

/* Report "error: ..." and power off. */
void __noreturn guest_fail(const char *fmt, ...)
	__printf(1, 2);
/* Stop this vCPU for good: exceptions masked, WFI forever (start.S). */
void __noreturn guest_park(void);

/* Called by start.S on the boot vCPU and on the secondary ones. */
void __noreturn guest_boot(u64 dtb);
void __noreturn guest_secondary_boot(u64 cpu);

/* The virtual counter, for timeouts. */
u64 guest_now_us(void);

/* "key=value" in /chosen/bootargs; value in C syntax (0x.. or decimal). */
bool guest_bootarg_u64(const char *key, u64 *val);
/* "key=word" in /chosen/bootargs: the word in buf (cut at len - 1), or NULL. */
const char *guest_bootarg_str(const char *key, char *buf, size_t len);

/* freestanding string helpers (the compiler may call the first three) */
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
u64 guest_strtou64(const char *s, const char **end);

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* GUEST_H */
