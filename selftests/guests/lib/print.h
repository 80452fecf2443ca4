/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console output: a printf subset over the UART.
 * Conversions: %c %s %d %i %u %x %X %p %%, flags '-' and '0', a width, and
 * the length modifiers l, ll and z.
 */
#ifndef GUEST_PRINT_H
#define GUEST_PRINT_H

#include <stdarg.h>
#include "types.h"

/* The PL011 they write to (uart.c); 0: none. */
extern u64 guest_uart_base;
void uart_putc(char c);
void uart_puts(const char *s);

int guest_vprintf(const char *fmt, va_list ap);
int guest_printf(const char *fmt, ...) __printf(1, 2);

/*
 * One result line, "hvx-guest: <guest name>: <text>\n": the format the
 * tests match, so every line a test looks at goes through here.
 */
void report(const char *fmt, ...) __printf(1, 2);

#endif /* GUEST_PRINT_H */
