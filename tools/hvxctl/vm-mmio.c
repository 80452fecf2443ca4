// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits: the devices hvxctl emulates for a guest.
 *
 *   PL011 UART   data register writes go to stdout; the flag register
 *                reads as transmit FIFO empty, receive FIFO empty (so a
 *                driver that polls before writing goes on, and one that
 *                reads sees no input); the PrimeCell ID registers read as a
 *                PL011's, which Linux's AMBA bus checks before it binds a
 *                driver; everything else reads as 0, writes are ignored
 *   GICv3        distributor and redistributors read as zero, writes are
 *                ignored: a guest that probes them finds no interrupts it
 *                could use, and hvxctl delivers none
 *
 * Any other address outside RAM has nothing behind it: the access gets an
 * abort injected, as hardware answers a bus access nothing decodes (and
 * as plain QEMU does).
 */
#include <errno.h>
#include <unistd.h>

#include "vm.h"

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTFR_RXFE	(1U << 4)	/* receive FIFO empty */
#define UARTFR_TXFE	(1U << 7)	/* transmit FIFO empty */
#define UART_ID_BASE	0xfe0		/* UARTPeriphID0-3, UARTPCellID0-3 */

/* PL011 r1p5: periph ID 0x00341011, PrimeCell ID 0xb105f00d */
static const __u8 uart_id[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

struct mmio_dev {
	const char *name;
	__u64 base;
	__u64 size;
	/* a read returns the value; a write gets it in *val */
	void (*access)(__u64 offset, bool is_write, __u64 *val);
};

/* Stores on stdout, unbuffered so that the console keeps up with the guest. */
static void uart_putc(__u8 c)
{
	ssize_t n;

	do {
		n = write(STDOUT_FILENO, &c, 1);
	} while (n < 0 && errno == EINTR);
	/* A UART cannot report a lost byte either: nothing else to do. */
}

static void uart_access(__u64 offset, bool is_write, __u64 *val)
{
	if (is_write) {
		if (offset == UARTDR)
			uart_putc(*val & 0xff);
		return;
	}
	if (offset == UARTFR)
		*val = UARTFR_TXFE | UARTFR_RXFE;
	else if (offset >= UART_ID_BASE && !(offset & 3))
		*val = uart_id[(offset - UART_ID_BASE) / 4];
	else
		*val = 0;
}

static void raz_wi(__u64 offset, bool is_write, __u64 *val)
{
	(void)offset;
	if (!is_write)
		*val = 0;
}

/* The device decoding all of [addr, addr + len), copied to *dev. */
static bool find_dev(const struct vm *vm, __u64 addr, __u32 len,
		     struct mmio_dev *dev)
{
	const struct mmio_dev devs[] = {
		{ "pl011", VM_UART_BASE, VM_UART_SIZE, uart_access },
		{ "gicd", VM_GICD_BASE, VM_GICD_SIZE, raz_wi },
		{ "gicr", VM_GICR_BASE, VM_GICR_STRIDE * vm->nr_vcpus, raz_wi },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		if (addr < devs[i].base || addr - devs[i].base >= devs[i].size ||
		    len > devs[i].size - (addr - devs[i].base))
			continue;
		*dev = devs[i];
		return true;
	}
	return false;
}

void vm_mmio(const struct vm *vm, unsigned int vcpu, struct hvx_run *run)
{
	__u64 addr = run->mmio.phys_addr, val = 0;
	__u32 i, len = run->mmio.len;
	bool is_write = run->mmio.is_write;
	struct mmio_dev dev;

	/* Little endian: the guest runs with SCTLR_EL1.EE clear. */
	if (is_write)
		for (i = len < 8 ? len : 8; i-- > 0;)
			val = val << 8 | run->mmio.data[i];

	if ((len != 1 && len != 2 && len != 4 && len != 8) ||
	    !find_dev(vm, addr, len, &dev)) {
		run->mmio.abort = 1;
		if (!vm->verbose)
			return;
		if (is_write)
			hvxctl_err("vCPU %u: %u-byte write of 0x%llx at 0x%llx: nothing there, abort injected",
				   vcpu, len, (unsigned long long)val,
				   (unsigned long long)addr);
		else
			hvxctl_err("vCPU %u: %u-byte read at 0x%llx: nothing there, abort injected",
				   vcpu, len, (unsigned long long)addr);
		return;
	}
	run->mmio.abort = 0;
	dev.access(addr - dev.base, is_write, &val);
	if (is_write)
		return;
	for (i = 0; i < sizeof(run->mmio.data); i++) {
		run->mmio.data[i] = i < len ? val & 0xff : 0;
		val >>= 8;
	}
}
