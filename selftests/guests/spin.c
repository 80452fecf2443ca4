// SPDX-License-Identifier: GPL-2.0
/*
 * spin (hostile): every vCPU spins forever with interrupts masked; it
 * never powers off and never makes a hypercall. Prints
 * "hvx-guest: spin: all N cpus started", then
 * "hvx-guest: spin: cpu N spinning" for each vCPU, the boot vCPU last.
 *
 * A correct hypervisor: the VM runs until it is stopped; the host stays
 * responsive (its timer interrupts still preempt the vCPU threads), and
 * killing the VMM, or its timeout, ends the VM and frees its memory.
 * Plain QEMU: still running when the test's timeout kills it.
 */
#include "guest.h"

GUEST_NAME("spin");

/* generous: a debug host running many VMs at once is slow */
#define CPU_UP_TIMEOUT_US	10000000

static u32 spinning[GUEST_MAX_CPUS];

static void __noreturn spin(unsigned int cpu)
{
	report("cpu %u spinning", cpu);
	dsb_sy();
	WRITE_ONCE(spinning[cpu], 1);
	dsb_sy();
	for (;;)
		asm volatile("" : : : "memory");
}

void guest_secondary(unsigned int cpu)
{
	spin(cpu);
}

void guest_main(void)
{
	unsigned int self = guest_this_cpu(), cpu, n = 0;

	for (cpu = 0; cpu < guest.fdt.nr_cpus; cpu++) {
		u64 deadline = guest_now_us() + CPU_UP_TIMEOUT_US;
		int ret;

		if (cpu == self)
			continue;
		ret = guest_cpu_on(cpu);
		if (ret != PSCI_SUCCESS) {
			report("error: CPU_ON cpu %u returned %d (%s)", cpu,
			       ret, psci_strerror(ret));
			continue;
		}
		/* one at a time, so the lines do not mix */
		while (!READ_ONCE(spinning[cpu]) && guest_now_us() < deadline)
			;
		n += READ_ONCE(spinning[cpu]);
	}
	report("all %u cpus started", n + 1);
	spin(self);
}
