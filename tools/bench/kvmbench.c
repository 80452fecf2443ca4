// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-kvmbench: the peer of hvx-vmbench, under KVM. A minimal KVM runner
 * for the same guests, so that make bench measures both hypervisors on
 * the same QEMU machine with the same code. Same arguments and output as
 * hvx-vmbench: "BENCH <name> <ticks>" lines.
 *
 *   hvx-kvmbench [ITERATIONS [REPEATS]]      vmbench-guest.S, one vCPU
 *   hvx-kvmbench gic [ITERATIONS [REPEATS]]  gicbench-guest.S, two vCPUs
 *                                            and the in-kernel vGICv3
 *   hvx-kvmbench console [BYTES [REPEATS]]   conbench-guest.S: BYTES to
 *                                            the PL011, here in user space
 *   hvx-kvmbench clock [ITERATIONS [REPEATS]] clockbench-guest.S, on the
 *                                            host's clock only
 *   hvx-kvmbench linux ...                   boots a Linux guest
 *                                            (kvm-linux.c)
 *
 * Under KVM the calls guest's HVX_GUEST_CALL_NOP is an unknown hypercall,
 * answered NOT_SUPPORTED by the host kernel: the "nop" line is then one
 * more HVC handled by the host kernel, not a floor; so is "hvc"
 * (VERSION). "dcc" is an MDCCSR_EL0 read KVM traps (MDCR_EL2.TDA) and
 * reads as zero in the host kernel. The guest leaves out its BRK loop
 * (KVM does not trap BRK: it would reach the guest's own, absent, vector)
 * and its CONSOLE_WRITE loop (no exit to user space under KVM); the
 * console guest its CONSOLE_WRITE calls. Its UART is the transmit-only
 * PL011 of kvm_uart_access(), each UARTDR store an exit to here; the bytes
 * are counted, not shown.
 *
 * KVM (6.1, no FEAT_ECV) has no clock of a VM's own to scale: the clock
 * guest runs once a repeat, with no suffixed lines. It never traps
 * CNTPCT_EL0 (CNTHCTL_EL2.EL1PCTEN set, nVHE and VHE): "cntpct" is the
 * bare read. nVHE traps the CNTP_* registers and emulates them in the
 * host kernel (sys_regs.c, access_arch_timer()); VHE leaves the guest
 * the EL1 physical timer itself, untrapped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gic-runner.h"
#include "guest-runner.h"
#include "kvm.h"

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

/*
 * Runs the guest [start, end) in a VM of its own, entered with x0 the
 * report page, x1 iterations, x2 flags, until SYSTEM_OFF; fills report[].
 */
static void guest_once(int kvm, const char *start, const char *end,
		       uint64_t iterations, uint64_t flags, long mmap_size,
		       uint64_t *report)
{
	struct kvm_run *run;
	void *ram;
	int vm, vcpu;

	vm = kvm_vm_create(kvm, GUEST_RAM_BASE, GUEST_RAM_SIZE, &ram);
	memcpy(ram, start, end - start);
	vcpu = kvm_vcpu_create(vm, 0, false, mmap_size, &run);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.pc), GUEST_RAM_BASE);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[0]), REPORT_PAGE);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[1]), iterations);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[2]), flags);
	/*
	 * KVM gives a guest its own virtual counter, starting at 0: align it
	 * with ours so that the guest's first CNTVCT_EL0 read compares with
	 * the caller's (off by the few microseconds this ioctl takes, in
	 * KVM's favour).
	 */
	kvm_set_reg(vcpu, KVM_REG_ARM_TIMER_CNT, cntvct());

	run_guest(vcpu, run, report);

	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
	munmap(ram, GUEST_RAM_SIZE);
}

static void calls_once(int kvm, uint64_t iterations, long mmap_size)
{
	uint64_t report[NR_REPORTS] = { 0 };
	uint64_t t0 = cntvct();

	/* no BRK door (a BRK would go to the guest's own vector) nor console */
	guest_once(kvm, vmbench_guest, vmbench_guest_end, iterations,
		   VMBENCH_NO_HVX_ONLY, mmap_size, report);
	bench_print(report, t0, iterations);
}

static void clock_once(int kvm, uint64_t iterations, long mmap_size)
{
	uint64_t report[NR_REPORTS] = { 0 };

	guest_once(kvm, clockbench_guest, clockbench_guest_end, iterations, 0,
		   mmap_size, report);
	bench_clock_print(report, iterations, "");
}

static void con_once(int kvm, uint64_t bytes, long mmap_size)
{
	uint64_t report[NR_REPORTS] = { 0 }, got = 0, a;
	struct kvm_run *run;
	void *ram;
	int vm, vcpu;

	vm = kvm_vm_create(kvm, GUEST_RAM_BASE, GUEST_RAM_SIZE, &ram);
	memcpy(ram, conbench_guest, conbench_guest_end - conbench_guest);
	vcpu = kvm_vcpu_create(vm, 0, false, mmap_size, &run);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.pc), GUEST_RAM_BASE);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[0]), REPORT_PAGE);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[1]), GUEST_UART_BASE);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[2]), bytes);
	kvm_set_reg(vcpu, KVM_CORE_REG(regs.regs[3]), 0);	/* no calls */
	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			die("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT)
			break;
		if (run->exit_reason != KVM_EXIT_MMIO) {
			fprintf(stderr, "hvx-kvmbench: unexpected exit %u\n",
				run->exit_reason);
			exit(1);
		}
		a = run->mmio.phys_addr;
		if (a - GUEST_UART_BASE < GUEST_UART_SIZE)
			got += kvm_uart_access(a - GUEST_UART_BASE,
					       run->mmio.data, run->mmio.len,
					       run->mmio.is_write, NULL);
		else
			bench_mmio(a, run->mmio.data, run->mmio.is_write,
				   report);
	}

	bench_con_print(report, bytes, got);
	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
	munmap(ram, GUEST_RAM_SIZE);
}

static enum gic_run_result gic_vcpu_run(struct gic_vcpu *v)
{
	struct kvm_run *run = v->run_page;

	if (ioctl(v->fd, KVM_RUN, 0) < 0) {
		if (errno == EINTR)
			return GIC_RUN_INTR;
		die("KVM_RUN");
	}
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		gic_mmio(run->mmio.phys_addr, run->mmio.data,
			 run->mmio.is_write);
		return GIC_RUN_AGAIN;
	case KVM_EXIT_SYSTEM_EVENT:
		return GIC_RUN_OFF;
	case KVM_EXIT_INTR:
		return GIC_RUN_INTR;
	default:
		fprintf(stderr, "hvx-kvmbench: unexpected exit %u\n",
			run->exit_reason);
		exit(1);
	}
}

static void gic_once(int kvm, uint64_t iterations, long mmap_size)
{
	struct gic_vcpu v[GIC_NR_VCPUS];
	uint64_t x[GIC_GUEST_REGS];
	struct kvm_run *run;
	unsigned int i, r;
	void *ram;
	int vm;

	vm = kvm_vm_create(kvm, GUEST_RAM_BASE, GUEST_RAM_SIZE, &ram);
	memcpy(ram, gicbench_guest, gicbench_guest_end - gicbench_guest);
	for (i = 0; i < GIC_NR_VCPUS; i++) {
		v[i].fd = kvm_vcpu_create(vm, i, false, mmap_size, &run);
		v[i].run = gic_vcpu_run;
		v[i].run_page = run;
		v[i].immediate_exit = &run->immediate_exit;
	}
	kvm_vgic_create(vm, GIC_NR_IRQS);
	for (i = 0; i < GIC_NR_VCPUS; i++) {
		gic_guest_regs(i, iterations, x);
		kvm_set_reg(v[i].fd, KVM_CORE_REG(regs.pc), GUEST_RAM_BASE);
		for (r = 0; r < GIC_GUEST_REGS; r++)
			kvm_set_reg(v[i].fd, KVM_CORE_REG(regs.regs[r]), x[r]);
	}

	gic_run(v, GIC_NR_VCPUS);

	for (i = 0; i < GIC_NR_VCPUS; i++) {
		munmap(v[i].run_page, mmap_size);
		close(v[i].fd);
	}
	close(vm);
	munmap(ram, GUEST_RAM_SIZE);
}

int main(int argc, char **argv)
{
	static const struct bench_hv kvm = {
		.dev = "/dev/kvm", .hint = "is this the KVM test kernel?",
		.mmap_size_req = KVM_GET_VCPU_MMAP_SIZE,
		.calls_once = calls_once, .gic_once = gic_once,
		.con_once = con_once, .clock_once = clock_once,
	};
	int fd;

	if (argc > 1 && !strcmp(argv[1], "linux")) {
		fd = open(kvm.dev, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			die("cannot open /dev/kvm (is this the KVM test kernel?)");
		return kvm_linux_main(fd, xioctl(fd, KVM_GET_VCPU_MMAP_SIZE,
						 NULL, "vCPU mmap size"),
				      argc - 1, argv + 1);
	}
	return bench_main(argc, argv, &kvm);
}
