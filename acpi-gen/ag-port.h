/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ag-port.h - the only door between the acpi-gen core and its environment.
 *
 * The core (model, DT parser, mapping parser, AML encoder, table
 * generators) is compiled both into user-space tools and into hvx.ko.
 * Everything it needs from a C library goes through this header, so the
 * same sources build in both places: string helpers, an allocator and a
 * formatter for error messages.  The DT is read through the libfdt API,
 * which exists in user space (libfdt-dev) and in the kernel source
 * (scripts/dtc/libfdt, compiled into the module).
 */
#ifndef HVX_AG_PORT_H
#define HVX_AG_PORT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/stdarg.h>
#include <linux/libfdt.h>
#include <linux/sort.h>

static inline void *ag_realloc(void *p, size_t old, size_t size)
{
	return kvrealloc(p, old, size, GFP_KERNEL);
}

static inline void ag_free(void *p)
{
	kvfree(p);
}

#define ag_vsnprintf	vsnprintf

static inline void ag_sort(void *base, size_t n, size_t size,
			   int (*cmp)(const void *, const void *))
{
	sort(base, n, size, cmp, NULL);
}

#else /* user space */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

static inline void *ag_realloc(void *p, size_t old, size_t size)
{
	(void)old;
	return realloc(p, size);
}

static inline void ag_free(void *p)
{
	free(p);
}

#define ag_vsnprintf	vsnprintf
#define ag_sort		qsort
#endif /* __KERNEL__ */

/* Error codes returned by the core (negated), the same values as errno. */
#define AG_ENOMEM	12
#define AG_EINVAL	22
#define AG_E2BIG	7

#define AG_ERR_LEN	256

/* The first error seen, as one line of text naming the DT node or file. */
struct ag_error {
	char msg[AG_ERR_LEN];
};

int ag_fail(struct ag_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Warnings: the DT has something ACPI cannot describe, which the tables
 * then describe partially or leave out; generation goes on.  Each is one
 * line naming the DT node, handed to @fn (none: warnings are dropped).
 */
struct ag_warner {
	void (*fn)(void *ctx, const char *msg);
	void *ctx;
};

void ag_warn(const struct ag_warner *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define AG_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif /* HVX_AG_PORT_H */
