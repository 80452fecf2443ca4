// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 UART (ARM PrimeCell UART r1p5, as QEMU virt has) of a VM's
 * console (HVX_CONSOLE_UART), enough for Linux's amba-pl011 driver with
 * interrupts and for polling guests (hvxctl run has no UART of its own:
 * it relays the console's tty to its stdin and stdout):
 *
 *   transmit   a UARTDR write goes to the console at once: the transmit
 *              FIFO is always empty (UARTFR.TXFE, never TXFF or BUSY).
 *              Each write sets the transmit interrupt (TXRIS) until
 *              UARTICR clears it, as QEMU does.
 *   receive    UARTDR reads pop the console's input FIFO; UARTFR.RXFE and
 *              RXFF follow it (RXFF at one byte while UARTLCR_H.FEN is
 *              clear, at 32 with it). RXRIS is set when bytes arrive and
 *              cleared when the FIFO empties or by UARTICR.
 *   interrupt  UARTRIS & UARTIMSC drives the console's SPI, whenever that
 *              level changes, if the VM has a vGIC.
 *   the rest   UARTIBRD, FBRD, LCR_H, CR, IFLS, ILPR, DMACR hold what is
 *              written; UARTRSR/ECR reads 0 (no receive errors); the
 *              PrimeCell ID registers read as a PL011's, which Linux's
 *              AMBA bus checks; other offsets read as 0, writes are ignored.
 *
 * Registers are 32 bits apart; an access of any width reads the bytes of
 * the register it falls in (an 8-byte one the next register's too), a
 * write that does not start at a register's first byte is ignored.
 * Everything runs under the console's lock.
 */
#include <linux/types.h>

#include "include/hvx/pl011-regs.h"
#include "console-priv.h"
#include "vgic.h"

static const u8 uart_id[8] = PL011_ID_BYTES;

void con_uart_init(struct hvx_pl011 *u, u64 base, u32 spi)
{
	u->present = true;
	u->base = base;
	u->spi = spi;
	u->cr = PL011_CR_RESET;
	u->ifls = PL011_IFLS_RESET;
}

/* The SPI to RIS & IMSC, if that changed and there is one. */
static void update_irq(struct hvx_console *c)
{
	struct hvx_pl011 *u = &c->uart;
	bool level = u->ris & u->imsc;

	if (!u->present || !u->spi || level == u->line || !c->vm)
		return;
	if (hvx_vgic_set_spi(c->vm, u->spi, level))
		u->line = level;
}

void con_uart_rx(struct hvx_console *c, bool arrived)
{
	struct hvx_pl011 *u = &c->uart;

	if (!u->present)
		return;
	if (arrived)
		u->ris |= PL011_INT_RX;
	else if (!c->in_len)
		u->ris &= ~(PL011_INT_RX | PL011_INT_RT);
	update_irq(c);
}

static u32 rx_pop(struct hvx_console *c)
{
	u8 b;

	if (!c->in_len)
		return 0;
	b = c->in[c->in_head];
	c->in_head = (c->in_head + 1) & (CON_IN_SIZE - 1);
	c->in_len--;
	con_uart_rx(c, false);
	return b;
}

static u32 read_reg(struct hvx_console *c, u64 reg)
{
	struct hvx_pl011 *u = &c->uart;
	u32 fr = PL011_FR_TXFE;

	switch (reg) {
	case PL011_DR:
		return rx_pop(c);
	case PL011_FR:
		if (!c->in_len)
			fr |= PL011_FR_RXFE;
		if (c->in_len >= (u->lcr_h & PL011_LCR_H_FEN ? PL011_FIFO_DEPTH : 1))
			fr |= PL011_FR_RXFF;
		return fr;
	case PL011_ILPR:
		return u->ilpr;
	case PL011_IBRD:
		return u->ibrd;
	case PL011_FBRD:
		return u->fbrd;
	case PL011_LCR_H:
		return u->lcr_h;
	case PL011_CR:
		return u->cr;
	case PL011_IFLS:
		return u->ifls;
	case PL011_IMSC:
		return u->imsc;
	case PL011_RIS:
		return u->ris;
	case PL011_MIS:
		return u->ris & u->imsc;
	case PL011_DMACR:
		return u->dmacr;
	}
	if (reg >= PL011_ID_BASE)
		return uart_id[(reg - PL011_ID_BASE) / 4];
	return 0;	/* PL011_RSR: no errors; reserved offsets */
}

/* A register write; true if output went to the tty (push it). */
static bool write_reg(struct hvx_console *c, u64 reg, u32 val)
{
	struct hvx_pl011 *u = &c->uart;
	bool push = false;
	u8 b = val & PL011_BYTE_MASK;

	switch (reg) {
	case PL011_DR:
		push = con_out(c, &b, 1);
		u->ris |= PL011_INT_TX;
		break;
	case PL011_ILPR:
		u->ilpr = val & PL011_BYTE_MASK;
		break;
	case PL011_IBRD:
		u->ibrd = val & PL011_IBRD_MASK;
		break;
	case PL011_FBRD:
		u->fbrd = val & PL011_FBRD_MASK;
		break;
	case PL011_LCR_H:
		u->lcr_h = val & PL011_BYTE_MASK;
		break;
	case PL011_CR:
		u->cr = val & PL011_CR_MASK;
		break;
	case PL011_IFLS:
		u->ifls = val & PL011_IFLS_MASK;
		break;
	case PL011_IMSC:
		u->imsc = val & PL011_INT_ALL;
		break;
	case PL011_ICR:
		u->ris &= ~val;
		break;
	case PL011_DMACR:
		u->dmacr = val & PL011_DMACR_MASK;
		break;
	}
	update_irq(c);
	return push;
}

bool con_uart_access(struct hvx_console *c, u64 gpa, unsigned int len,
		     bool is_write, u64 *val, bool *push)
{
	u64 off = gpa - c->uart.base, reg = off & ~3ULL;
	unsigned int shift = 8 * (off & 3);

	/* Unsigned: an address below the base wraps far above the frame. */
	if (off >= HVX_CONSOLE_UART_SIZE)
		return false;
	if (!is_write) {
		*val = read_reg(c, reg) >> shift;
		if (len == 8 && !shift && reg + 4 < HVX_CONSOLE_UART_SIZE)
			*val |= (u64)read_reg(c, reg + 4) << 32;
	} else if (!shift) {
		*push = write_reg(c, reg, (u32)*val);
		if (len == 8 && reg + 4 < HVX_CONSOLE_UART_SIZE)
			*push |= write_reg(c, reg + 4, *val >> 32);
	}
	return true;
}
