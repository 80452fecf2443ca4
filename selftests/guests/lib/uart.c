// SPDX-License-Identifier: GPL-2.0
/*
 * PL011 output. A guest only writes UARTDR: no set-up, no status polling
 * (QEMU's PL011 and hvx's emulated one both take a character at any time),
 * so the UART costs a VMM exactly one emulated 32-bit store per character.
 */
#include "guest.h"

#define UARTDR	0x000

/* QEMU virt's, or what an ACPI boot's SPCR says (boot.c); 0: none. */
u64 guest_uart_base = GUEST_UART_BASE;

static inline void uart_write(char c)
{
	if (guest_uart_base)
		raw_write32(guest_uart_base + UARTDR, (unsigned char)c);
}

void uart_putc(char c)
{
	if (c == '\n')
		uart_write('\r');
	uart_write(c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}
