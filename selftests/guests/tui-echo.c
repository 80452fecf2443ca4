// SPDX-License-Identifier: GPL-2.0
/*
 * tui-echo: a console guest for the text UI's test in the test VM
 * (tools/hvxctl/test/test-tui-vm.py). Prints "hvx-guest: tui-echo: TAG
 * start" (bootarg hvx-echo-tag=TAG, default "none"), then echoes every
 * byte its UART receives, sleeping in WFI between them (the UART's
 * receive interrupt, SPI 1, through the vGIC). A few bytes ask for more:
 *
 *   ?   the line "hvx-guest: tui-echo: TAG here"
 *   @   the line "hvx-guest: tui-echo: TAG late", a second later
 *   !   binary garbage: every byte value, then 4 KiB of pseudo-random
 *       ones, then ESC \ ESC c (ends a string, resets the terminal) and
 *       "hvx-guest: tui-echo: TAG garbage done"
 *   #   a flood: 64 KiB of lines, then "hvx-guest: tui-echo: TAG flood done"
 *   x   "hvx-guest: tui-echo: TAG bye", a LOG call ("bye": the VM's
 *       guest_logs counter in sysfs says so), and PSCI SYSTEM_OFF
 *
 * Needs a vGIC (hvxctl run gives one when hvx has it) and the UART of
 * hvx's console (HVX_FEATURE_CONSOLE): it reads UARTDR, which the plain
 * guests never do.
 */
#include <hvx-guest.h>
#include <hvx/pl011-regs.h>

#include "guest.h"
#include "gic.h"

GUEST_NAME("tui-echo");

#define UART_INTID	(GIC_NR_PRIVATE + GUEST_UART_SPI)
#define NR_IRQS		64	/* hvxctl run's vGIC */
#define RX_RING		256	/* a power of two */
#define GARBAGE_BYTES	4096
#define FLOOD_BYTES	(64 * 1024)
#define LATE_US		1000000
#define TAG_MAX		32

static char tag[TAG_MAX];
static u8 rx[RX_RING];
static unsigned int rx_head, rx_tail;	/* the hook adds at head */

static void raw_put(u8 b)
{
	raw_write32(GUEST_UART_BASE + PL011_DR, b);
}

/* The receive interrupt: drain the UART into the ring (full: dropped). */
static void uart_hook(unsigned int cpu, u32 intid)
{
	(void)cpu;
	if (intid != UART_INTID)
		return;
	while (!(raw_read32(GUEST_UART_BASE + PL011_FR) & PL011_FR_RXFE)) {
		u8 b = raw_read32(GUEST_UART_BASE + PL011_DR);

		if (rx_head - rx_tail < RX_RING)
			rx[rx_head++ & (RX_RING - 1)] = b;
	}
}

/* The next byte received; sleeps in WFI until there is one. */
static u8 next_byte(void)
{
	u8 b;

	irqs_disable();
	while (rx_head == rx_tail)
		wfi_masked();
	b = rx[rx_tail++ & (RX_RING - 1)];
	irqs_enable();
	return b;
}

static void send_garbage(void)
{
	u32 x = 0x68767821;
	unsigned int i;

	for (i = 0; i < 256; i++)
		raw_put(i);
	for (i = 0; i < GARBAGE_BYTES; i++) {
		x = x * 1103515245 + 12345;
		raw_put(x >> 16);
	}
	uart_puts("\033\\\033c");
	report("%s garbage done", tag);
}

static void send_flood(void)
{
	unsigned int n;

	for (n = 0; n < FLOOD_BYTES; n += 64)
		guest_printf("%s flood %08u .................................\n", tag, n);
	report("%s flood done", tag);
}

static void say_bye(void)
{
	struct hvx_guest_res r;

	hvx_guest_call_hvc(HVX_GUEST_CALL_LOG, 3, 'b' | 'y' << 8 | 'e' << 16,
			   0, 0, 0, 0, &r);
}

void guest_main(void)
{
	u64 until;
	u8 b;

	if (!guest_bootarg_str("hvx-echo-tag", tag, sizeof(tag)))
		memcpy(tag, "none", 5);
	gic_dist_init(NR_IRQS);
	gic_cpu_init(0);
	gic_set_irq_hook(uart_hook);
	raw_write32(GUEST_UART_BASE + PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	gic_irq_enable(0, UART_INTID, true);
	report("%s start", tag);
	for (;;) {
		b = next_byte();
		switch (b) {
		case '?':
			report("%s here", tag);
			break;
		case '@':
			until = guest_now_us() + LATE_US;
			while (guest_now_us() < until)
				cpu_relax();
			report("%s late", tag);
			break;
		case '!':
			send_garbage();
			break;
		case '#':
			send_flood();
			break;
		case 'x':
			report("%s bye", tag);
			say_bye();
			psci_system_off();
		default:
			raw_put(b);
			break;
		}
	}
}
