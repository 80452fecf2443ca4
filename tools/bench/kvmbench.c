// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-kvmbench: the peer of hvx-vmbench, under KVM. A minimal KVM runner
 * (one vCPU, 2 MiB of RAM) for the same guest (vmbench-guest.S), so that
 * make bench measures both hypervisors on the same QEMU machine with the
 * same code. Same arguments and output as hvx-vmbench: "BENCH <name>
 * <ticks>" lines. Under KVM the guest's HVX_GUEST_CALL_NOP is an unknown
 * hypercall, answered NOT_SUPPORTED by the host kernel: the "nop" line is
 * then one more HVC handled by the host kernel, not a floor; so is "hvc"
 * (VERSION). "dcc" is an MDCCSR_EL0 read KVM traps (MDCR_EL2.TDA) and reads
 * as zero in the host kernel. The guest leaves out its BRK loop (KVM does
 * not trap BRK: it would reach the guest's own, absent, vector) and its
 * CONSOLE_WRITE loop (no exit to user space under KVM).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "guest-runner.h"

/* KVM_{GET,SET}_ONE_REG id of a 64-bit field of struct kvm_regs. */
#define CORE_REG(field)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
			 KVM_REG_ARM_CORE | \
			 (offsetof(struct kvm_regs, field) / sizeof(__u32)))

static void set_reg(int vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	xioctl(vcpu, KVM_SET_ONE_REG, &reg, "KVM_SET_ONE_REG");
}

static void run_guest(int vcpu, struct kvm_run *run, uint64_t *report)
{
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			die("KVM_RUN");
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			bench_mmio(run->mmio.phys_addr, run->mmio.data,
				   run->mmio.is_write, report);
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			return;
		default:
			fprintf(stderr, "hvx-kvmbench: unexpected exit %u\n",
				run->exit_reason);
			exit(1);
		}
	}
}

static void bench_once(int kvm, uint64_t iterations, long mmap_size)
{
	struct kvm_userspace_memory_region region = {
		.guest_phys_addr = GUEST_RAM, .memory_size = GUEST_RAM_SIZE,
	};
	struct kvm_vcpu_init init;
	uint64_t report[NR_REPORTS] = { 0 };
	struct kvm_run *run;
	void *ram;
	uint64_t t0;
	int vm, vcpu;

	t0 = cntvct();
	vm = xioctl(kvm, KVM_CREATE_VM, 0, "KVM_CREATE_VM");
	ram = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED)
		die("mmap of guest RAM");
	memcpy(ram, vmbench_guest, vmbench_guest_end - vmbench_guest);
	region.userspace_addr = (uintptr_t)ram;
	xioctl(vm, KVM_SET_USER_MEMORY_REGION, &region,
	       "KVM_SET_USER_MEMORY_REGION");
	vcpu = xioctl(vm, KVM_CREATE_VCPU, 0, "KVM_CREATE_VCPU");
	xioctl(vm, KVM_ARM_PREFERRED_TARGET, &init, "KVM_ARM_PREFERRED_TARGET");
	init.features[0] |= 1U << KVM_ARM_VCPU_PSCI_0_2;
	xioctl(vcpu, KVM_ARM_VCPU_INIT, &init, "KVM_ARM_VCPU_INIT");
	run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   vcpu, 0);
	if (run == MAP_FAILED)
		die("mmap of the vCPU");
	set_reg(vcpu, CORE_REG(regs.pc), GUEST_RAM);
	set_reg(vcpu, CORE_REG(regs.regs[0]), REPORT_PAGE);
	set_reg(vcpu, CORE_REG(regs.regs[1]), iterations);
	/* no BRK door (a BRK would go to the guest's own vector) nor console */
	set_reg(vcpu, CORE_REG(regs.regs[2]), VMBENCH_NO_HVX_ONLY);
	/*
	 * KVM gives a guest its own virtual counter, starting at 0: align it
	 * with ours so that the guest's first CNTVCT_EL0 read compares with
	 * t0 (off by the few microseconds this ioctl takes, in KVM's favour).
	 */
	set_reg(vcpu, KVM_REG_ARM_TIMER_CNT, cntvct());

	run_guest(vcpu, run, report);

	bench_print(report, t0, iterations);
	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
	munmap(ram, GUEST_RAM_SIZE);
}

int main(int argc, char **argv)
{
	return bench_main(argc, argv, "/dev/kvm",
			  "is this the KVM test kernel?",
			  KVM_GET_VCPU_MMAP_SIZE, bench_once);
}
