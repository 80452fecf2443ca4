// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's PL011 UART (ARM PrimeCell UART r1p5, as QEMU virt has),
 * enough for Linux's amba-pl011 driver with interrupts and for polling
 * guests:
 *
 *   transmit   a UARTDR write goes to stdout at once: the transmit FIFO is
 *              always empty (UARTFR.TXFE, never TXFF or BUSY). Each write
 *              sets the transmit interrupt (TXRIS), until UARTICR clears
 *              it, as QEMU does: a driver that enabled TXIM to go on
 *              sending gets its interrupt while it sends.
 *   receive    bytes from vm-input.c wait in a FIFO of 32 bytes that
 *              UARTDR reads pop; UARTFR.RXFE and RXFF follow it (RXFF at
 *              one byte while UARTLCR_H.FEN is clear: a 1-byte holding
 *              register, but what comes next waits instead of being
 *              lost). The receive interrupt (RXRIS) is set when a byte
 *              arrives and cleared when the FIFO empties or by UARTICR
 *              (QEMU's trigger level of one byte: Linux reads the FIFO
 *              only when interrupted).
 *   interrupt  UARTRIS & UARTIMSC drives SPI GUEST_UART_SPI through
 *              HVX_VM_IRQ_LINE, whenever that level changes.
 *   the rest   UARTIBRD, FBRD, LCR_H, CR, IFLS, ILPR, DMACR hold what is
 *              written (the line runs at any speed); UARTRSR/ECR reads 0,
 *              there being no receive errors; the PrimeCell ID registers
 *              read as a PL011's, which Linux's AMBA bus checks before it
 *              binds a driver; other offsets read as 0, writes are ignored.
 *
 * The registers are 32 bits apart; an access of any width reads the bytes
 * of the register it falls in, a write that does not start at a
 * register's first byte is ignored. One lock covers the state: vCPU
 * threads and the input thread meet here.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vm.h"

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
#define FR_BUSY		(1U << 3)
#define FR_RXFE		(1U << 4)	/* receive FIFO empty */
#define FR_TXFF		(1U << 5)	/* transmit FIFO full */
#define FR_RXFF		(1U << 6)	/* receive FIFO full */
#define FR_TXFE		(1U << 7)	/* transmit FIFO empty */

/* UARTLCR_H */
#define LCR_H_FEN	(1U << 4)	/* FIFOs enabled */

/* Interrupt bits of UARTRIS, UARTMIS, UARTIMSC and UARTICR */
#define INT_RX		(1U << 4)
#define INT_TX		(1U << 5)
#define INT_RT		(1U << 6)	/* receive timeout */
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
static const __u8 uart_id[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

void vm_uart_init(struct vm_uart *u, int vm_fd)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->room, NULL);
	u->vm_fd = vm_fd;
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
}

void vm_uart_destroy(struct vm_uart *u)
{
	pthread_cond_destroy(&u->room);
	pthread_mutex_destroy(&u->lock);
}

static unsigned int fifo_depth(const struct vm_uart *u)
{
	return u->lcr_h & LCR_H_FEN ? VM_UART_FIFO_MAX : 1;
}

/* Drives the interrupt line to RIS & IMSC if that changed; under lock. */
static void update_irq(struct vm_uart *u)
{
	bool level = (u->ris & u->imsc) != 0;
	struct hvx_irq_line irq = {
		.intid = VM_GIC_SPI_BASE + GUEST_UART_SPI,
		.level = level,
	};

	if (level == u->line || u->vm_fd < 0)
		return;
	u->line = level;
	if (ioctl(u->vm_fd, HVX_VM_IRQ_LINE, &irq) == 0 || u->line_failed)
		return;
	/* The guest waits for an interrupt that never comes: say why, once. */
	u->line_failed = true;
	hvxctl_err("HVX_VM_IRQ_LINE (UART, INTID %u): %s; the guest gets no UART interrupts",
		   irq.intid, strerror(errno));
}

/* Stores on stdout, unbuffered so that the console keeps up with the guest. */
static void uart_putc(__u8 c)
{
	ssize_t n;

	do {
		n = write(STDOUT_FILENO, &c, 1);
	} while (n < 0 && errno == EINTR);
	/* A UART cannot report a lost byte either: nothing else to do. */
}

/* Pops a received byte; under lock, with rx_count > 0. */
static __u8 rx_pop(struct vm_uart *u)
{
	__u8 c = u->rx[u->rx_head];

	u->rx_head = (u->rx_head + 1) % VM_UART_FIFO_MAX;
	if (!--u->rx_count)
		u->ris &= ~(INT_RX | INT_RT);
	pthread_cond_broadcast(&u->room);
	return c;
}

static __u32 read_reg(struct vm_uart *u, __u64 reg)
{
	__u32 fr = FR_TXFE;

	switch (reg) {
	case UARTDR:
		return u->rx_count ? rx_pop(u) : 0;
	case UARTFR:
		if (!u->rx_count)
			fr |= FR_RXFE;
		if (u->rx_count >= fifo_depth(u))
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

static void write_reg(struct vm_uart *u, __u64 reg, __u32 val)
{
	switch (reg) {
	case UARTDR:
		uart_putc(val & BYTE_MASK);
		u->ris |= INT_TX;
		break;
	case UARTRSR:
		break;	/* UARTECR: clears errors, which never happen here */
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
	update_irq(u);
}

void vm_uart_access(struct vm_uart *u, __u64 offset, unsigned int len,
		    bool is_write, __u64 *val)
{
	__u64 reg = offset & ~3ULL;
	unsigned int shift = 8 * (offset & 3);

	pthread_mutex_lock(&u->lock);
	if (!is_write) {
		*val = read_reg(u, reg) >> shift;
		/* an 8-byte read covers the next register too */
		if (len == 8 && !shift && reg + 4 < GUEST_UART_SIZE)
			*val |= (__u64)read_reg(u, reg + 4) << 32;
		update_irq(u);
	} else if (!shift) {
		write_reg(u, reg, (__u32)*val);
		if (len == 8 && reg + 4 < GUEST_UART_SIZE)
			write_reg(u, reg + 4, *val >> 32);
	}
	pthread_mutex_unlock(&u->lock);
}

bool vm_uart_receive(struct vm_uart *u, const __u8 *buf, size_t len)
{
	bool ok;

	pthread_mutex_lock(&u->lock);
	while (len && !u->closing) {
		if (u->rx_count == VM_UART_FIFO_MAX) {
			pthread_cond_wait(&u->room, &u->lock);
			continue;
		}
		u->rx[(u->rx_head + u->rx_count) % VM_UART_FIFO_MAX] = *buf++;
		u->rx_count++;
		len--;
		u->ris |= INT_RX;
		update_irq(u);
	}
	ok = !u->closing;
	pthread_mutex_unlock(&u->lock);
	return ok;
}

size_t vm_uart_take(struct vm_uart *u, __u8 *buf, size_t max)
{
	size_t n = 0;

	pthread_mutex_lock(&u->lock);
	while (n < max && u->rx_count)
		buf[n++] = rx_pop(u);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return n;
}

void vm_uart_close(struct vm_uart *u)
{
	pthread_mutex_lock(&u->lock);
	u->closing = true;
	pthread_cond_broadcast(&u->room);
	pthread_mutex_unlock(&u->lock);
}
