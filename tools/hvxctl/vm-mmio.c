// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits: the devices hvxctl emulates for a guest.
 *
 *   PL011 UART   vm-uart.c
 *
 * The GICv3's distributor and redistributors are hvx.ko's (HVX_VM_CREATE_
 * GIC): their accesses never come here. Any other address outside RAM has
 * nothing behind it: the access gets an abort injected, as hardware
 * answers a bus access nothing decodes (and as plain QEMU does); so do
 * the GIC's addresses when the hvx module has no vGIC.
 */
#include "vm.h"

struct mmio_dev {
	const char *name;
	__u64 base;
	__u64 size;
};

enum { DEV_UART };

/* The device decoding all of [addr, addr + len) (-1: none), and where. */
static int find_dev(__u64 addr, __u32 len, __u64 *offset)
{
	static const struct mmio_dev devs[] = {
		[DEV_UART] = { "pl011", GUEST_UART_BASE, GUEST_UART_SIZE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		if (addr < devs[i].base || addr - devs[i].base >= devs[i].size ||
		    len > devs[i].size - (addr - devs[i].base))
			continue;
		*offset = addr - devs[i].base;
		return i;
	}
	return -1;
}

void vm_mmio(struct vm *vm, unsigned int vcpu, struct hvx_run *run)
{
	__u64 addr = run->mmio.phys_addr, val = 0, offset = 0;
	__u32 i, len = run->mmio.len;
	bool is_write = run->mmio.is_write;
	int dev = -1;

	/* Little endian: the guest runs with SCTLR_EL1.EE clear. */
	if (is_write)
		for (i = len < 8 ? len : 8; i-- > 0;)
			val = val << 8 | run->mmio.data[i];

	if (len == 1 || len == 2 || len == 4 || len == 8)
		dev = find_dev(addr, len, &offset);
	if (dev < 0) {
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
	switch (dev) {
	case DEV_UART:
		vm_uart_access(&vm->uart, offset, len, is_write, &val);
		break;
	}
	if (is_write)
		return;
	for (i = 0; i < sizeof(run->mmio.data); i++) {
		run->mmio.data[i] = i < len ? val & 0xff : 0;
		val >>= 8;
	}
}
