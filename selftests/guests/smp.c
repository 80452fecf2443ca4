// SPDX-License-Identifier: GPL-2.0
/*
 * smp: PSCI CPU_ON every vCPU of the DTB's /cpus, one at a time; each
 * checks that it got its context id and is the vCPU it was started as,
 * prints "hvx-guest: smp: cpu N up (mpidr 0x..)" and calls CPU_OFF. Then
 * vCPU 1 is started a second time (so CPU_OFF must really have stopped
 * it), and CPU_ON is checked to refuse the calling vCPU (ALREADY_ON) and an
 * MPIDR that does not exist (INVALID_PARAMETERS). Ends with
 * "hvx-guest: smp: ok" and SYSTEM_OFF.
 *
 * One vCPU runs at a time, so the console needs no lock, and no atomics:
 * with the MMU off memory is Device memory, where exclusives need not work.
 *
 * A correct hypervisor: every vCPU reports in, the PSCI return codes are
 * as above, the VM ends by itself.
 */
#include "guest.h"

GUEST_NAME("smp");

/* generous: a debug host running many VMs at once is slow */
#define CPU_UP_TIMEOUT_US	10000000
#define NO_SUCH_MPIDR		0xff00fefefeUL	/* Aff3..0 that QEMU and hvx never use */

static u32 cpu_seen[GUEST_MAX_CPUS];

void guest_secondary(unsigned int cpu)
{
	u64 mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	u32 seen = READ_ONCE(cpu_seen[cpu]) + 1;

	if (mpidr != guest.fdt.mpidr[cpu])
		report("error: cpu %u runs on mpidr 0x%llx, expected 0x%llx",
		       cpu, mpidr, guest.fdt.mpidr[cpu]);
	else
		report("cpu %u %s (mpidr 0x%llx)", cpu,
		       seen > 1 ? "up again" : "up", mpidr);
	dsb_sy();
	WRITE_ONCE(cpu_seen[cpu], seen);
	dsb_sy();
}

/* Start vCPU cpu and wait until it has reported (count: times seen). */
static bool start_and_wait(unsigned int cpu, u32 count)
{
	u64 deadline = guest_now_us() + CPU_UP_TIMEOUT_US;
	int ret;

	/* A vCPU that just called CPU_OFF may still be on for a moment. */
	do {
		ret = guest_cpu_on(cpu);
	} while (ret == PSCI_ALREADY_ON && guest_now_us() < deadline);
	if (ret != PSCI_SUCCESS) {
		report("error: CPU_ON cpu %u (mpidr 0x%llx) returned %d (%s)",
		       cpu, guest.fdt.mpidr[cpu], ret, psci_strerror(ret));
		return false;
	}
	while (READ_ONCE(cpu_seen[cpu]) < count) {
		if (guest_now_us() > deadline) {
			report("error: cpu %u did not report in within %u ms",
			       cpu, CPU_UP_TIMEOUT_US / 1000);
			return false;
		}
	}
	return true;
}

static bool expect_cpu_on(const char *what, u64 mpidr, int want)
{
	int ret = psci_cpu_on(mpidr, (uintptr_t)secondary_entry, 0);

	report("CPU_ON %s returned %d (%s): %s", what, ret, psci_strerror(ret),
	       ret == want ? "as expected" : "error: unexpected");
	return ret == want;
}

void guest_main(void)
{
	unsigned int self = guest_this_cpu();
	unsigned int n = guest.fdt.nr_cpus, up = 1, cpu;
	bool ok = true;

	if (self >= n)
		guest_fail("boot vcpu's mpidr is not in the DTB's /cpus");
	report("boot cpu %u, %u cpus in the device tree", self, n);
	for (cpu = 0; cpu < n; cpu++) {
		if (cpu == self)
			continue;
		if (start_and_wait(cpu, 1))
			up++;
		else
			ok = false;
	}
	report("%u of %u cpus up", up, n);

	if (n > 1) {
		cpu = self == 1 ? 0 : 1;
		ok &= start_and_wait(cpu, 2);
	}
	ok &= expect_cpu_on("for the calling cpu", guest.fdt.mpidr[self],
			    PSCI_ALREADY_ON);
	ok &= expect_cpu_on("for a nonexistent mpidr", NO_SUCH_MPIDR,
			    PSCI_INVALID_PARAMS);
	report(ok && up == n ? "ok" : "failed");
}
