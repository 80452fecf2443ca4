// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits. hvxctl emulates no device of its own: the PL011 UART is the
 * VM's console in hvx.ko (vm-tty.c) and the GICv3's distributor and
 * redistributors are hvx.ko's (HVX_VM_CREATE_GIC), so their accesses never
 * come here. Any other address outside RAM has nothing behind it: the
 * access gets an abort injected, as hardware answers a bus access nothing
 * decodes (and as plain QEMU does); so do the GIC's addresses when the
 * hvx module has no vGIC.
 */
#include "vm.h"

void vm_mmio(struct vm *vm, unsigned int vcpu, struct hvx_run *run)
{
	__u64 addr = run->mmio.phys_addr, val = 0;
	__u32 i, len = run->mmio.len;

	run->mmio.abort = 1;
	if (!vm->verbose)
		return;
	if (run->mmio.is_write) {
		/* Little endian: the guest runs with SCTLR_EL1.EE clear. */
		for (i = len < 8 ? len : 8; i-- > 0;)
			val = val << 8 | run->mmio.data[i];
		hvxctl_err("vCPU %u: %u-byte write of 0x%llx at 0x%llx: nothing there, abort injected",
			   vcpu, len, (unsigned long long)val,
			   (unsigned long long)addr);
	} else {
		hvxctl_err("vCPU %u: %u-byte read at 0x%llx: nothing there, abort injected",
			   vcpu, len, (unsigned long long)addr);
	}
}
