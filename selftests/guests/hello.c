// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the smallest useful guest. Prints where it runs and what the
 * platform told it (EL, RAM from the DTB, vCPUs, PSCI version), then
 * "hvx-guest: hello: ok" and PSCI SYSTEM_OFF.
 *
 * A correct hypervisor: the lines appear on the VM's console and the VM
 * ends by itself (SYSTEM_OFF: a clean shutdown exit, status 0).
 */
#include "guest.h"

GUEST_NAME("hello");

void guest_main(void)
{
	unsigned int el = (read_sysreg(CurrentEL) >> CURRENTEL_SHIFT) & 3;
	u32 v = psci_version();

	report("hello from vcpu %u (mpidr 0x%llx) at EL%u, loaded at %p",
	       guest_this_cpu(), read_sysreg(mpidr_el1) & MPIDR_AFF_MASK, el,
	       (void *)_head);
	report("ram 0x%llx-0x%llx (%llu MiB), %u vcpus, dtb at 0x%llx",
	       guest.fdt.mem_base, guest.fdt.mem_base + guest.fdt.mem_size - 1,
	       guest.fdt.mem_size >> 20, guest.fdt.nr_cpus, guest.dtb);
	report("psci version %u.%u", PSCI_VERSION_MAJOR(v), PSCI_VERSION_MINOR(v));
	if (el != 1)
		guest_fail("entered at EL%u, the boot protocol says EL1", el);
	if (guest.fdt.mem_base != GUEST_RAM_BASE)
		guest_fail("RAM at 0x%llx, expected 0x%llx", guest.fdt.mem_base,
			   GUEST_RAM_BASE);
	if (read_sysreg(sctlr_el1) & 1)
		guest_fail("MMU on after start-up");
	report("ok");
}
