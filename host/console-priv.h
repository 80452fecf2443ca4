/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A console's state, shared by console.c (the ring, the input FIFO, the
 * tty) and console-uart.c (the PL011 the guest sees).
 */
#ifndef __HVX_HOST_CONSOLE_PRIV_H
#define __HVX_HOST_CONSOLE_PRIV_H

#include <linux/spinlock.h>
#include <linux/tty_port.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "hvx.h"

struct hvx_vm;

#define CON_RING	HVX_CONSOLE_RING_SIZE
#define CON_IN_SIZE	4096

static_assert((CON_RING & (CON_RING - 1)) == 0 &&
	      (CON_IN_SIZE & (CON_IN_SIZE - 1)) == 0);

/* The PL011's registers (console-uart.c); under the console's lock. */
struct hvx_pl011 {
	bool present;
	bool line;			/* the SPI's level as last driven */
	u32 spi;			/* 0: none */
	u64 base;
	u32 ris, imsc;
	u32 ilpr, ibrd, fbrd, lcr_h, cr, ifls, dmacr;
};

struct hvx_console {
	struct tty_port port;
	unsigned int index;		/* the tty's */
	struct hvx_partition *partition;	/* the VM's (referenced) */
	/* The tty's pushes: at most one a jiffy, the rest batched (console.c) */
	unsigned long last_push;	/* jiffies */
	struct delayed_work push_work;

	spinlock_t lock;		/* everything below */
	bool live;			/* a tty is open: output goes to it */
	bool dead;			/* the VM is gone */
	u64 head;			/* bytes the guest wrote, ever */
	u32 unread;			/* of the ring's, not yet replayed */
	u64 dropped;
	u32 in_head;			/* input FIFO: the oldest byte */
	u32 in_len;
	u8 in[CON_IN_SIZE];
	struct hvx_vm *vm;		/* NULL once it is gone */
	struct hvx_pl011 uart;		/* with HVX_CONSOLE_UART */
	u8 ring[CON_RING];
};

/* console.c, with c->lock held: output (true: push the tty's buffer). */
bool con_out(struct hvx_console *c, const u8 *buf, unsigned int n);

/* console-uart.c */
void con_uart_init(struct hvx_pl011 *u, u64 base, u32 spi);
/*
 * The input FIFO changed (c->lock held): bytes @arrived, or some were
 * taken. The receive interrupt follows.
 */
void con_uart_rx(struct hvx_console *c, bool arrived);
bool con_uart_access(struct hvx_console *c, u64 gpa, unsigned int len,
		     bool is_write, u64 *val, bool *push);

#endif /* __HVX_HOST_CONSOLE_PRIV_H */
