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

#include <hvx/pl011-regs.h>

#include "vm.h"

static const __u8 uart_id[8] = PL011_ID_BYTES;

void vm_uart_init(struct vm_uart *u, int vm_fd)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->room, NULL);
	u->vm_fd = vm_fd;
	u->cr = PL011_CR_RESET;
	u->ifls = PL011_IFLS_RESET;
}

void vm_uart_destroy(struct vm_uart *u)
{
	pthread_cond_destroy(&u->room);
	pthread_mutex_destroy(&u->lock);
}

static unsigned int fifo_depth(const struct vm_uart *u)
{
	return u->lcr_h & PL011_LCR_H_FEN ? VM_UART_FIFO_MAX : 1;
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
		u->ris &= ~(PL011_INT_RX | PL011_INT_RT);
	pthread_cond_broadcast(&u->room);
	return c;
}

static __u32 read_reg(struct vm_uart *u, __u64 reg)
{
	__u32 fr = PL011_FR_TXFE;

	switch (reg) {
	case PL011_DR:
		return u->rx_count ? rx_pop(u) : 0;
	case PL011_FR:
		if (!u->rx_count)
			fr |= PL011_FR_RXFE;
		if (u->rx_count >= fifo_depth(u))
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

static void write_reg(struct vm_uart *u, __u64 reg, __u32 val)
{
	switch (reg) {
	case PL011_DR:
		uart_putc(val & PL011_BYTE_MASK);
		u->ris |= PL011_INT_TX;
		break;
	case PL011_RSR:
		break;	/* UARTECR: clears errors, which never happen here */
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
		u->ris |= PL011_INT_RX;
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
