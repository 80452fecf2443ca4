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
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#define GUEST_RAM	0x40000000ULL
#define GUEST_RAM_SIZE	(2ULL << 20)
#define REPORT_PAGE	0x10000000ULL	/* not RAM: every access exits */

extern const char vmbench_guest[], vmbench_guest_end[];
enum {
	REPORT_FIRST, REPORT_NOP, REPORT_PSCI, REPORT_MMIO, REPORT_DCC,
	REPORT_BRK, REPORT_HVC, REPORT_CONSOLE, NR_REPORTS
};
#define VMBENCH_NO_HVX_ONLY	1	/* x2: leave out the hvx-only loops */

/* The per-round-trip lines, in report order from REPORT_NOP on. */
static const char * const report_name[NR_REPORTS] = {
	[REPORT_NOP] = "nop", [REPORT_PSCI] = "psci", [REPORT_MMIO] = "mmio",
	[REPORT_DCC] = "dcc", [REPORT_BRK] = "brk", [REPORT_HVC] = "hvc",
	[REPORT_CONSOLE] = "console",
};

/* KVM_{GET,SET}_ONE_REG id of a 64-bit field of struct kvm_regs. */
#define CORE_REG(field)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | \
			 KVM_REG_ARM_CORE | \
			 (offsetof(struct kvm_regs, field) / sizeof(__u32)))

static uint64_t cntvct(void)
{
	uint64_t v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

static uint64_t cntfrq(void)
{
	uint64_t v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static void die(const char *what)
{
	fprintf(stderr, "hvx-kvmbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	int ret = ioctl(fd, req, arg);

	if (ret < 0)
		die(what);
	return ret;
}

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
		case KVM_EXIT_MMIO: {
			uint64_t off = run->mmio.phys_addr - REPORT_PAGE;

			if (!run->mmio.is_write) {
				memset(run->mmio.data, 0, sizeof(run->mmio.data));
				break;
			}
			if (off % 8 || off / 8 >= NR_REPORTS) {
				fprintf(stderr, "hvx-kvmbench: unexpected store at 0x%llx\n",
					(unsigned long long)run->mmio.phys_addr);
				exit(1);
			}
			memcpy(&report[off / 8], run->mmio.data, 8);
			break;
		}
		case KVM_EXIT_SYSTEM_EVENT:
			return;
		default:
			fprintf(stderr, "hvx-kvmbench: unexpected exit %u\n",
				run->exit_reason);
			exit(1);
		}
	}
}

/* "BENCH <name> <ticks per round trip>" for each loop the guest ran */
static void print_reports(const uint64_t *report, uint64_t iterations)
{
	int i;

	for (i = REPORT_NOP; i < NR_REPORTS; i++)
		if (report[i])
			printf("BENCH %s %.1f\n", report_name[i],
			       (double)report[i] / iterations);
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

	printf("BENCH start %llu\n", (unsigned long long)(report[REPORT_FIRST] - t0));
	print_reports(report, iterations);
	munmap(run, mmap_size);
	close(vcpu);
	close(vm);
	munmap(ram, GUEST_RAM_SIZE);
}

int main(int argc, char **argv)
{
	uint64_t iterations = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000;
	int repeats = argc > 2 ? atoi(argv[2]) : 3;
	long mmap_size;
	int kvm, i;

	if (argc > 3 || !iterations || repeats < 1) {
		fprintf(stderr, "usage: hvx-kvmbench [ITERATIONS [REPEATS]]\n");
		return 2;
	}
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		die("cannot open /dev/kvm (is this the KVM test kernel?)");
	mmap_size = xioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, NULL,
			   "KVM_GET_VCPU_MMAP_SIZE");
	printf("BENCH freq %llu\n", (unsigned long long)cntfrq());
	for (i = 0; i < repeats; i++)
		bench_once(kvm, iterations, mmap_size);
	return 0;
}
