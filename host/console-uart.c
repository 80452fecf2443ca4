// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 UART (ARM PrimeCell UART r1p5, as QEMU virt has) of a VM's
 * console (HVX_CONSOLE_UART), enough for Linux's amba-pl011 driver with
 * interrupts and for polling guests; it behaves as hvxctl's user-space one
 * (tools/hvxctl/vm-uart.c), the console standing in for stdin and stdout:
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
#include <linux/bits.h>
#include <linux/minmax.h>

#include "console-priv.h"
#include "vgic.h"

#define UARTDR		0x000
#define UARTRSR		0x004	/* UARTECR on writes */
#define UARTFR		0x018
#define UARTILPR	0x020
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIFLS	0x034
#define UARTIMSC	0x038
#define UARTRIS		0x03c
#define UARTMIS		0x040
#define UARTICR		0x044
#define UARTDMACR	0x048
#define UART_ID_BASE	0xfe0	/* UARTPeriphID0-3, UARTPCellID0-3 */

/* UARTFR */
#define FR_RXFE		BIT(4)	/* receive FIFO empty */
#define FR_RXFF		BIT(6)	/* receive FIFO full */
#define FR_TXFE		BIT(7)	/* transmit FIFO empty */

#define LCR_H_FEN	BIT(4)	/* FIFOs enabled */
#define UART_FIFO_DEPTH	32

/* Interrupt bits of UARTRIS, UARTMIS, UARTIMSC and UARTICR */
#define INT_RX		BIT(4)
#define INT_TX		BIT(5)
#define INT_RT		BIT(6)	/* receive timeout */
#define INT_ALL		0x7ffU

/* Reset values (PL011 TRM): transmit and receive enabled, FIFOs half */
#define CR_RESET	0x300
#define IFLS_RESET	0x12
/* Widths of the stored registers */
#define BYTE_MASK	0xffU
#define IBRD_MASK	0xffffU
#define FBRD_MASK	0x3fU
#define CR_MASK		0xff87U
#define IFLS_MASK	0x3fU
#define DMACR_MASK	0x7U

/* PL011 r1p5: periph ID 0x00341011, PrimeCell ID 0xb105f00d */
static const u8 uart_id[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

void con_uart_init(struct hvx_pl011 *u, u64 base, u32 spi)
{
	u->present = true;
	u->base = base;
	u->spi = spi;
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
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
		u->ris |= INT_RX;
	else if (!c->in_len)
		u->ris &= ~(INT_RX | INT_RT);
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
	u32 fr = FR_TXFE;

	switch (reg) {
	case UARTDR:
		return rx_pop(c);
	case UARTFR:
		if (!c->in_len)
			fr |= FR_RXFE;
		if (c->in_len >= (u->lcr_h & LCR_H_FEN ? UART_FIFO_DEPTH : 1))
			fr |= FR_RXFF;
		return fr;
	case UARTILPR:
		return u->ilpr;
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return u->ris;
	case UARTMIS:
		return u->ris & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	}
	if (reg >= UART_ID_BASE)
		return uart_id[(reg - UART_ID_BASE) / 4];
	return 0;	/* UARTRSR: no errors; reserved offsets */
}

/* A register write; true if output went to the tty (push it). */
static bool write_reg(struct hvx_console *c, u64 reg, u32 val)
{
	struct hvx_pl011 *u = &c->uart;
	bool push = false;
	u8 b = val & BYTE_MASK;

	switch (reg) {
	case UARTDR:
		push = con_out(c, &b, 1);
		u->ris |= INT_TX;
		break;
	case UARTILPR:
		u->ilpr = val & BYTE_MASK;
		break;
	case UARTIBRD:
		u->ibrd = val & IBRD_MASK;
		break;
	case UARTFBRD:
		u->fbrd = val & FBRD_MASK;
		break;
	case UARTLCR_H:
		u->lcr_h = val & BYTE_MASK;
		break;
	case UARTCR:
		u->cr = val & CR_MASK;
		break;
	case UARTIFLS:
		u->ifls = val & IFLS_MASK;
		break;
	case UARTIMSC:
		u->imsc = val & INT_ALL;
		break;
	case UARTICR:
		u->ris &= ~val;
		break;
	case UARTDMACR:
		u->dmacr = val & DMACR_MASK;
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
