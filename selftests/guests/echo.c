// SPDX-License-Identifier: GPL-2.0
/*
 * echo: a console guest for the lifecycle tests. Prints
 * "hvx-guest: echo: ready, tag TAG" (TAG from the bootarg hvx-echo-tag=,
 * default "none", so that two VMs tell their consoles apart), then echoes
 * every byte its PL011 receives (a CR as CR LF), polling UARTFR between
 * WFEs. Never ends by itself: its VMM stops it.
 *
 * A correct hypervisor: what is typed on the VM's console comes back on
 * that console only. Plain QEMU: the same on its serial line.
 */
#include "guest.h"

GUEST_NAME("echo");

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTFR_RXFE	(1U << 4)
#define TAG_MAX		32

void guest_main(void)
{
	char buf[TAG_MAX];
	const char *tag = guest_bootarg_str("hvx-echo-tag", buf, sizeof(buf));
	u32 c;

	report("ready, tag %s", tag ? tag : "none");
	for (;;) {
		if (raw_read32(GUEST_UART_BASE + UARTFR) & UARTFR_RXFE) {
			/* An exit to the host each time: no busy loop in the guest. */
			asm volatile("wfe" : : : "memory");
			continue;
		}
		c = raw_read32(GUEST_UART_BASE + UARTDR) & 0xff;
		uart_putc(c == '\r' ? '\n' : (char)c);
	}
}
