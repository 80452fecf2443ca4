// SPDX-License-Identifier: GPL-2.0
/*
 * The errors of every VM and vCPU ioctl (uapi/linux/hvx.h): flags,
 * reserved fields, sizes, alignment, overlap, the IPA range, the number of
 * regions, duplicate and out-of-range vCPU ids, bad PSTATE, -EBUSY after
 * the first run, the right number with the wrong size or direction, the
 * wrong fd, bad pointers; and the ABI's fixed layout, registers as a new
 * vCPU has them and as SET_REGS leaves them, and the run structure's size.
 *
 * Shared helpers and FIXTURE(vm): lib/hvx_vm_test.h; the program ends
 * with a check that no test leaked a VM or a page (lib/hvx_vm_test_end.h).
 * Run as root with hvx loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm_test.h"

/* The ABI's layout is fixed: a change here breaks every binary built before. */
static_assert(sizeof(struct hvx_vm_create) == 32, "hvx_vm_create size");
static_assert(sizeof(struct hvx_vm_memory) == 40, "hvx_vm_memory size");
static_assert(sizeof(struct hvx_vm_write) == 48, "hvx_vm_write size");
static_assert(sizeof(struct hvx_vcpu_create) == 32, "hvx_vcpu_create size");
static_assert(sizeof(struct hvx_regs) == 544, "hvx_regs size");
static_assert(offsetof(struct hvx_regs, pc) == 264, "hvx_regs.pc");
static_assert(offsetof(struct hvx_regs, sp_el1) == 280, "hvx_regs.sp_el1");
static_assert(offsetof(struct hvx_regs, reserved) == 496, "hvx_regs.reserved");
static_assert(sizeof(struct hvx_run) == 320, "hvx_run size");
static_assert(offsetof(struct hvx_run, mmio.phys_addr) == 64, "mmio.phys_addr");
static_assert(offsetof(struct hvx_run, mmio.data) == 72, "mmio.data");
static_assert(offsetof(struct hvx_run, mmio.len) == 80, "mmio.len");
static_assert(offsetof(struct hvx_run, mmio.is_write) == 84, "mmio.is_write");
static_assert(offsetof(struct hvx_run, mmio.abort) == 85, "mmio.abort");
static_assert(offsetof(struct hvx_run, system_event.vcpu) == 68, "system_event.vcpu");
static_assert(offsetof(struct hvx_run, internal.esr) == 72, "internal.esr");

/* HVX_CREATE_VM with @cr must fail with EINVAL (a VM fd it gave is closed). */
static void expect_create_vm_fails(struct __test_metadata *_metadata, int dev,
				   struct hvx_vm_create *cr, const char *what)
{
	int fd = hvx_ioctl_fd(dev, HVX_CREATE_VM, cr);

	EXPECT_EQ(-EINVAL, fd) {
		TH_LOG("HVX_CREATE_VM with %s: %s", what,
		       fd >= 0 ? "created a VM" : strerror(-fd));
	}
	if (fd >= 0)
		close(fd);
}

TEST_F(vm, create_vm_bad_args)
{
	uint64_t n0 = vm_count();
	struct hvx_vm_create cr;
	unsigned int i;

	memset(&cr, 0, sizeof(cr));
	cr.flags = 1;
	expect_create_vm_fails(_metadata, self->c.dev, &cr, "flags 1");
	cr.flags = 0x80000000;
	expect_create_vm_fails(_metadata, self->c.dev, &cr, "flags 0x80000000");
	cr.flags = 0;
	cr.pad = 0;
	for (i = 0; i < ARRAY_SIZE(cr.reserved); i++) {
		cr.reserved[i] = 1;
		expect_create_vm_fails(_metadata, self->c.dev, &cr, "a reserved field 1");
		cr.reserved[i] = 0;
	}
	EXPECT_EQ(n0, vm_count());
}

/* Unaligned, empty, out-of-range or wrapping regions: -EINVAL, nothing added. */
TEST_F(vm, add_memory_bad_args)
{
	static const struct {
		uint64_t gpa, size;
		const char *what;
	} bad[] = {
		{ RAM_BASE + 0x800, 0x1000, "unaligned address" },
		{ RAM_BASE + 1, 0x1000, "odd address" },
		{ RAM_BASE, 0x1800, "unaligned size" },
		{ RAM_BASE, 0, "size 0" },
		{ IPA_LIMIT - 0x1000, 0x2000, "ends past the IPA space" },
		{ IPA_LIMIT, 0x1000, "starts at the end of the IPA space" },
		{ 1ULL << 40, 0x1000, "beyond the IPA space" },
		{ RAM_BASE, 0xfffffffffffff000ULL, "size wraps around" },
		{ 0xfffffffffffff000ULL, 0x1000, "address at the top of 64 bits" },
	};
	struct own_counts before, now;
	struct hvx_vm_memory m;
	char dirs[2][96];
	unsigned int i;

	own_counts_read(&before);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	memset(&m, 0, sizeof(m));
	m.guest_phys_addr = RAM_BASE;
	m.size = 0x1000;
	m.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, &m));
	m.flags = 0x80000000;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, &m));
	m.flags = 0;
	for (i = 0; i < ARRAY_SIZE(m.reserved); i++) {
		m.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, &m)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		m.reserved[i] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = vm_add_memory(self->c.vm, bad[i].gpa, bad[i].size);

		EXPECT_EQ(EINVAL, rc) {
			TH_LOG("%s: 0x%llx + 0x%llx gave %s", bad[i].what,
			       (unsigned long long)bad[i].gpa,
			       (unsigned long long)bad[i].size, strerror(rc));
		}
	}
	EXPECT_EQ(0, vm_stat(dirs[0], "mem_kib"));
	own_counts_read(&now);
	EXPECT_EQ(before.guest, now.guest);

	/* the last page below the limit is fine */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, IPA_LIMIT - 0x1000, 0x1000));
	EXPECT_EQ(4, vm_stat(dirs[0], "mem_kib"));
}

/* Overlapping regions fail (-EEXIST or -EINVAL) and change nothing. */
TEST_F(vm, add_memory_overlap)
{
	const uint64_t a = RAM_BASE, k4 = 0x1000;
	const struct {
		uint64_t gpa, size;
		const char *what;
	} bad[] = {
		{ a, RAM_SIZE, "the same range" },
		{ a - k4, 2 * k4, "over its start" },
		{ a + RAM_SIZE - k4, 2 * k4, "over its end" },
		{ a + k4, k4, "inside it" },
		{ a - k4, RAM_SIZE + 2 * k4, "around it" },
	};
	struct own_counts before, now;
	struct guest_code code;
	char dirs[2][96];
	unsigned int i;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDR_X(1, 2));	/* ldr x1, [x2] */
	emit(&code, A64_STR_X(1, 3));	/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	own_counts_read(&before);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int rc = vm_add_memory(self->c.vm, bad[i].gpa, bad[i].size);

		EXPECT_TRUE(rc == EEXIST || rc == EINVAL) {
			TH_LOG("a region %s (0x%llx + 0x%llx) gave %s",
			       bad[i].what, (unsigned long long)bad[i].gpa,
			       (unsigned long long)bad[i].size,
			       rc ? strerror(rc) : "success");
		}
	}
	EXPECT_EQ(RAM_SIZE / 1024, vm_stat(dirs[0], "mem_kib"));
	own_counts_read(&now);
	EXPECT_EQ(before.guest, now.guest);

	/* regions that only touch it are fine */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, a + RAM_SIZE, k4));
	EXPECT_EQ(0, vm_add_memory(self->c.vm, a - k4, k4));
	EXPECT_EQ(RAM_SIZE / 1024 + 8, vm_stat(dirs[0], "mem_kib"));

	/* and the first region is intact: the guest reads what was written */
	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x800, "overlap!", 8));
	self->c.regs.x[2] = RAM_BASE + 0x800;
	ctx_set_regs(_metadata, &self->c);
	EXPECT_EQ(0x2170616c7265766fULL, expect_report(_metadata, &self->c));
}

/* HVX_MAX_MEM_REGIONS regions; one more fails and adds nothing. */
TEST_F(vm, add_memory_max_regions)
{
	struct own_counts before, now;
	char dirs[2][96];
	unsigned int i;
	int rc;

	expect_vm_dirs(_metadata, 1, dirs, 2);
	for (i = 0; i < HVX_MAX_MEM_REGIONS; i++) {
		rc = vm_add_memory(self->c.vm, RAM_BASE + i * 0x100000ULL, 0x1000);
		ASSERT_EQ(0, rc) {
			TH_LOG("region %u: %s", i, strerror(rc));
		}
	}
	own_counts_read(&before);
	rc = vm_add_memory(self->c.vm, RAM_BASE + i * 0x100000ULL, 0x1000);
	EXPECT_NE(0, rc) {
		TH_LOG("region %u accepted, HVX_MAX_MEM_REGIONS is %d", i + 1,
		       HVX_MAX_MEM_REGIONS);
	}
	TH_LOG("region %u: %s", i + 1, strerror(rc));
	EXPECT_EQ(4 * HVX_MAX_MEM_REGIONS, vm_stat(dirs[0], "mem_kib"));
	own_counts_read(&now);
	EXPECT_EQ(before.guest, now.guest);
}

TEST_F(vm, write_memory_bad_args)
{
	static const struct {
		uint64_t gpa, size;
		const char *what;
	} bad[] = {
		{ GUEST_MMIO_BASE, 8, "outside RAM" },
		{ RAM_BASE + RAM_SIZE - 4, 8, "over the end of RAM" },
		{ RAM_BASE - 4, 8, "over the start of RAM" },
		{ RAM_BASE + RAM_SIZE, 1, "just after RAM" },
		{ RAM_BASE, RAM_SIZE + 1, "one byte more than RAM" },
		{ RAM_BASE + 8, UINT64_MAX - 4, "size wraps around" },
	};
	static char data[RAM_SIZE + 1];
	struct hvx_vm_write w;
	unsigned int i;
	int rc;

	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	memset(&w, 0, sizeof(w));
	w.guest_phys_addr = RAM_BASE;
	w.size = 8;
	w.data = (uintptr_t)data;
	w.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_WRITE_MEMORY, &w));
	w.flags = 0;
	for (i = 0; i < ARRAY_SIZE(w.reserved); i++) {
		w.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vm, HVX_VM_WRITE_MEMORY, &w)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		w.reserved[i] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = vm_write(self->c.vm, bad[i].gpa, data, bad[i].size);
		EXPECT_TRUE(rc == EINVAL || rc == EFAULT) {
			TH_LOG("a write %s (0x%llx + 0x%llx) gave %s", bad[i].what,
			       (unsigned long long)bad[i].gpa,
			       (unsigned long long)bad[i].size,
			       rc ? strerror(rc) : "success");
		}
	}
	/* the first and last bytes of RAM, and all of it, are fine */
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE, data, 1));
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE + RAM_SIZE - 1, data, 1));
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE, data, RAM_SIZE));
}

/* No memory added or written once a vCPU has run: -EBUSY. */
TEST_F(vm, memory_busy_after_run)
{
	struct guest_code code;
	char dirs[2][96];

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_X(4, 3));	/* str x4, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	/* still allowed before the first run */
	EXPECT_EQ(0, vm_add_memory(self->c.vm, 0x80000000ULL, 0x1000));
	EXPECT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x800, "ok", 2));

	EXPECT_EQ(reg_pattern(4), expect_report(_metadata, &self->c));
	EXPECT_EQ(EBUSY, vm_add_memory(self->c.vm, 0x90000000ULL, 0x1000));
	EXPECT_EQ(EBUSY, vm_write(self->c.vm, RAM_BASE + 0x800, "no", 2));
	EXPECT_EQ(EBUSY, vm_write(self->c.vm, RAM_BASE + 0x800, "", 0));
	EXPECT_EQ(RAM_SIZE / 1024 + 4, vm_stat(dirs[0], "mem_kib"));
}

TEST_F(vm, create_vcpu_bad_args)
{
	struct hvx_vcpu_create cr;
	char dirs[2][96];
	unsigned int i;
	int fd;

	expect_vm_dirs(_metadata, 1, dirs, 2);
	memset(&cr, 0, sizeof(cr));
	cr.flags = 2;
	EXPECT_EQ(-EINVAL, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, &cr));
	cr.flags = 0x80000000;
	EXPECT_EQ(-EINVAL, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, &cr));
	cr.flags = 0;
	for (i = 0; i < ARRAY_SIZE(cr.reserved); i++) {
		cr.reserved[i] = 1;
		EXPECT_EQ(-EINVAL, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, &cr)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		cr.reserved[i] = 0;
	}
	EXPECT_EQ(-EINVAL, vcpu_create(self->c.vm, HVX_MAX_VCPUS, 0));
	EXPECT_EQ(-EINVAL, vcpu_create(self->c.vm, 0xffffffff, 0));
	EXPECT_EQ(-EINVAL, vcpu_create(self->c.vm, 0x80000000, 0));
	EXPECT_EQ(0, vm_stat(dirs[0], "nr_vcpus"));

	fd = vcpu_create(self->c.vm, HVX_MAX_VCPUS - 1, 0);
	ASSERT_LE(0, fd) {
		TH_LOG("vCPU id %d: %s", HVX_MAX_VCPUS - 1, strerror(-fd));
	}
	EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC) {
		TH_LOG("the vCPU fd is not close-on-exec");
	}
	EXPECT_EQ(-EEXIST, vcpu_create(self->c.vm, HVX_MAX_VCPUS - 1, 0));
	EXPECT_EQ(-EEXIST, vcpu_create(self->c.vm, HVX_MAX_VCPUS - 1,
				       HVX_VCPU_POWER_OFF));
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
	close(fd);
}

/* Every id from 0 to HVX_MAX_VCPUS - 1, in reverse order. */
TEST_F(vm, create_all_vcpus)
{
	char dirs[2][96];
	int fd[HVX_MAX_VCPUS], i;

	expect_vm_dirs(_metadata, 1, dirs, 2);
	for (i = HVX_MAX_VCPUS - 1; i >= 0; i--) {
		fd[i] = vcpu_create(self->c.vm, i, i ? HVX_VCPU_POWER_OFF : 0);
		ASSERT_LE(0, fd[i]) {
			TH_LOG("vCPU id %d: %s", i, strerror(-fd[i]));
		}
	}
	EXPECT_EQ(HVX_MAX_VCPUS, vm_stat(dirs[0], "nr_vcpus"));
	for (i = 0; i < HVX_MAX_VCPUS; i++)
		close(fd[i]);
}

/* A new vCPU: pc 0, EL1h with DAIF masked, MMU off, everything else 0. */
TEST_F(vm, regs_initial)
{
	struct hvx_regs r;
	const __u64 *p;
	unsigned int i;

	ctx_vcpu(_metadata, &self->c, 0);
	memset(&r, 0xff, sizeof(r));
	r.flags = 0;
	r.pad = 0;
	memset(r.reserved, 0, sizeof(r.reserved));
	ASSERT_EQ(0, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, &r));
	for (i = 0; i < 31; i++)
		EXPECT_EQ(0, r.x[i]) {
			TH_LOG("x%u", i);
		}
	EXPECT_EQ(0, r.sp);
	EXPECT_EQ(0, r.pc);
	EXPECT_EQ(PSR_EL1h_MASKED, r.pstate);
	EXPECT_EQ(0, r.sctlr_el1 & 1) {
		TH_LOG("SCTLR_EL1 0x%llx: MMU on", (unsigned long long)r.sctlr_el1);
	}
	/* sp_el1 .. csselr_el1, but for sctlr_el1 */
	for (p = &r.sp_el1; p <= &r.csselr_el1; p++) {
		if (p == &r.sctlr_el1)
			continue;
		EXPECT_EQ(0, *p) {
			TH_LOG("system register at offset %zu of struct hvx_regs is 0x%llx",
			       (size_t)((const char *)p - (const char *)&r),
			       (unsigned long long)*p);
		}
	}
	for (i = 0; i < ARRAY_SIZE(r.reserved); i++)
		EXPECT_EQ(0, r.reserved[i]);
}

/* SET_REGS then GET_REGS gives back what was set. */
TEST_F(vm, regs_roundtrip)
{
	struct hvx_regs r, got;
	unsigned int i;

	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &r);
	for (i = 0; i < 31; i++)
		r.x[i] = reg_pattern(i);
	r.sp = 0x40001230;
	r.pc = 0x40000abc;
	r.pstate = PSR_MODE_EL1t | PSR_DAIF;
	r.sp_el1 = 0x4000fff0;
	r.elr_el1 = 0xffff800012345678ULL;
	r.vbar_el1 = 0x40000800;
	r.mair_el1 = 0x000000000044ff04ULL;
	r.tpidr_el0 = 0x0123456789abcdefULL;
	r.tpidrro_el0 = 0xfedcba9876543210ULL;
	r.tpidr_el1 = 0x1122334455667788ULL;
	r.far_el1 = 0xffff000000001000ULL;
	r.contextidr_el1 = 0x4242;
	self->c.regs = r;
	ctx_set_regs(_metadata, &self->c);
	get_regs(_metadata, &self->c, &got);
	for (i = 0; i < 31; i++)
		EXPECT_EQ(r.x[i], got.x[i]) {
			TH_LOG("x%u", i);
		}
	EXPECT_EQ(r.sp, got.sp);
	EXPECT_EQ(r.pc, got.pc);
	EXPECT_EQ(r.pstate, got.pstate);
	EXPECT_EQ(r.sp_el1, got.sp_el1);
	EXPECT_EQ(r.elr_el1, got.elr_el1);
	EXPECT_EQ(r.vbar_el1, got.vbar_el1);
	EXPECT_EQ(r.mair_el1, got.mair_el1);
	EXPECT_EQ(r.tpidr_el0, got.tpidr_el0);
	EXPECT_EQ(r.tpidrro_el0, got.tpidrro_el0);
	EXPECT_EQ(r.tpidr_el1, got.tpidr_el1);
	EXPECT_EQ(r.far_el1, got.far_el1);
	EXPECT_EQ(r.contextidr_el1, got.contextidr_el1);
	EXPECT_EQ(r.sctlr_el1, got.sctlr_el1);
}

/* flags, reserved fields, a PSTATE other than AArch64 EL0t/EL1t/EL1h: -EINVAL. */
TEST_F(vm, regs_bad_args)
{
	static const __u64 bad_pstate[] = {
		0x1, 0x2, 0x3, 0x6, 0x7,		/* M[1] set, EL0 with SP_EL1 */
		PSR_MODE_EL2t, PSR_MODE_EL2h, 0xc, PSR_MODE_EL3h,
		/* AArch32: Hyp, Supervisor, System; User with bit 32 set */
		PSR_MODE32 | 0xa, PSR_MODE32 | 0x3, PSR_MODE32 | 0xf,
		PSR_MODE32 | (1ULL << 32),
		PSR_MODE_EL2h | PSR_DAIF,
	};
	static const __u64 good_pstate[] = {
		PSR_MODE_EL0t, PSR_MODE_EL1t, PSR_MODE_EL1h,
		PSR_MODE_EL1h | PSR_DAIF, PSR_MODE_EL0t | PSR_DAIF,
	};
	struct hvx_regs r, got;
	unsigned int i;

	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &r);

	r.flags = 1;
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, &r));
	EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r));
	r.flags = 0;
	r.x[5] = 0x5555;
	for (i = 0; i < ARRAY_SIZE(r.reserved); i++) {
		r.reserved[i] = 1;
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r)) {
			TH_LOG("reserved[%u] = 1", i);
		}
		r.reserved[i] = 0;
	}
	for (i = 0; i < ARRAY_SIZE(bad_pstate); i++) {
		r.pstate = bad_pstate[i];
		EXPECT_EQ(EINVAL, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r)) {
			TH_LOG("pstate 0x%llx accepted", (unsigned long long)r.pstate);
		}
	}
	/* nothing of the refused calls was applied */
	get_regs(_metadata, &self->c, &got);
	EXPECT_EQ(0, got.x[5]);
	EXPECT_EQ(PSR_EL1h_MASKED, got.pstate);

	for (i = 0; i < ARRAY_SIZE(good_pstate); i++) {
		r.pstate = good_pstate[i];
		EXPECT_EQ(0, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, &r)) {
			TH_LOG("pstate 0x%llx refused", (unsigned long long)r.pstate);
		}
		get_regs(_metadata, &self->c, &got);
		EXPECT_EQ(good_pstate[i], got.pstate);
	}
}

/* The right ioctl number with the wrong size or direction: -ENOTTY, no effect. */
TEST_F(vm, wrong_size_ioctls)
{
	const unsigned int W = _IOC_WRITE, R = _IOC_READ, RW = _IOC_READ | _IOC_WRITE;
	const struct {
		int fd;		/* 0 /dev/hvx, 1 VM, 2 vCPU */
		unsigned long cmd;
	} cmds[] = {
		{ 0, ioc_resized(W, HVX_CREATE_VM, sizeof(struct hvx_vm_create) - 8) },
		{ 0, ioc_resized(W, HVX_CREATE_VM, sizeof(struct hvx_vm_create) + 8) },
		{ 0, ioc_resized(W, HVX_CREATE_VM, 0) },
		{ 0, ioc_resized(RW, HVX_CREATE_VM, sizeof(struct hvx_vm_create)) },
		{ 0, ioc_resized(R, HVX_CREATE_VM, sizeof(struct hvx_vm_create)) },
		{ 0, ioc_resized(W, HVX_GET_VCPU_MMAP_SIZE, 8) },
		{ 1, ioc_resized(W, HVX_VM_ADD_MEMORY, sizeof(struct hvx_vm_memory) - 8) },
		{ 1, ioc_resized(W, HVX_VM_ADD_MEMORY, sizeof(struct hvx_vm_memory) + 8) },
		{ 1, ioc_resized(RW, HVX_VM_ADD_MEMORY, sizeof(struct hvx_vm_memory)) },
		{ 1, ioc_resized(W, HVX_VM_WRITE_MEMORY, sizeof(struct hvx_vm_write) - 8) },
		{ 1, ioc_resized(W, HVX_VM_WRITE_MEMORY, sizeof(struct hvx_vm_write) + 8) },
		{ 1, ioc_resized(R, HVX_VM_WRITE_MEMORY, sizeof(struct hvx_vm_write)) },
		{ 1, ioc_resized(W, HVX_CREATE_VCPU, sizeof(struct hvx_vcpu_create) - 8) },
		{ 1, ioc_resized(W, HVX_CREATE_VCPU, sizeof(struct hvx_vcpu_create) + 8) },
		{ 1, ioc_resized(RW, HVX_CREATE_VCPU, sizeof(struct hvx_vcpu_create)) },
		{ 2, ioc_resized(W, HVX_VCPU_RUN, 8) },
		{ 2, ioc_resized(RW, HVX_VCPU_GET_REGS, sizeof(struct hvx_regs) - 8) },
		{ 2, ioc_resized(RW, HVX_VCPU_GET_REGS, sizeof(struct hvx_regs) + 8) },
		{ 2, ioc_resized(R, HVX_VCPU_GET_REGS, sizeof(struct hvx_regs)) },
		{ 2, ioc_resized(W, HVX_VCPU_SET_REGS, sizeof(struct hvx_regs) - 8) },
		{ 2, ioc_resized(W, HVX_VCPU_SET_REGS, sizeof(struct hvx_regs) + 8) },
		{ 2, ioc_resized(RW, HVX_VCPU_SET_REGS, sizeof(struct hvx_regs)) },
	};
	uint64_t n0 = vm_count();
	struct guest_code code;
	char dirs[2][96];
	union {
		struct hvx_vm_create cv;
		struct hvx_vm_memory m;
		struct hvx_vm_write w;
		struct hvx_vcpu_create cc;
		struct hvx_regs r;
		char big[1024];
	} arg;
	struct hvx_regs got;
	unsigned int i;
	int fds[3], rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	fds[0] = self->c.dev;
	fds[1] = self->c.vm;
	fds[2] = self->c.vcpu;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		/* a valid argument for the command, so only the number is wrong */
		memset(&arg, 0, sizeof(arg));
		switch (_IOC_NR(cmds[i].cmd)) {
		case _IOC_NR(HVX_VM_ADD_MEMORY):
			arg.m.guest_phys_addr = 0x80000000ULL;
			arg.m.size = 0x1000;
			break;
		case _IOC_NR(HVX_VM_WRITE_MEMORY):
			arg.w.guest_phys_addr = RAM_BASE + 0x800;
			arg.w.size = 1;
			arg.w.data = (uintptr_t)"w";
			break;
		case _IOC_NR(HVX_CREATE_VCPU):
			arg.cc.id = 1;
			break;
		case _IOC_NR(HVX_VCPU_SET_REGS):
			arg.r = self->c.regs;
			arg.r.pc = RAM_BASE + 0x100;
			break;
		}
		rc = hvx_ioctl_fd(fds[cmds[i].fd], cmds[i].cmd, &arg);
		EXPECT_EQ(-ENOTTY, rc) {
			TH_LOG("ioctl 0x%lx (dir %lu size %lu nr 0x%lx) on the %s fd",
			       cmds[i].cmd, (unsigned long)_IOC_DIR(cmds[i].cmd),
			       (unsigned long)_IOC_SIZE(cmds[i].cmd),
			       (unsigned long)_IOC_NR(cmds[i].cmd),
			       cmds[i].fd == 0 ? "/dev/hvx" : cmds[i].fd == 1 ? "VM" : "vCPU");
		}
		/* a new fd, but not MMAP_SIZE's positive size */
		if (rc > 0 && _IOC_NR(cmds[i].cmd) != _IOC_NR(HVX_GET_VCPU_MMAP_SIZE))
			close(rc);
	}
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(RAM_SIZE / 1024, vm_stat(dirs[0], "mem_kib"));
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
	get_regs(_metadata, &self->c, &got);
	EXPECT_EQ(RAM_BASE, got.pc);
	/* RUN with a size never ran the guest either */
	EXPECT_EQ(HVX_EXIT_NONE, self->c.run->exit_reason);
}

/* Each fd only knows its own ioctls: the others are -ENOTTY. */
TEST_F(vm, wrong_fd_ioctls)
{
	const struct {
		int fd;
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ 0, HVX_VM_ADD_MEMORY, "HVX_VM_ADD_MEMORY on /dev/hvx" },
		{ 0, HVX_VM_WRITE_MEMORY, "HVX_VM_WRITE_MEMORY on /dev/hvx" },
		{ 0, HVX_CREATE_VCPU, "HVX_CREATE_VCPU on /dev/hvx" },
		{ 0, HVX_VCPU_RUN, "HVX_VCPU_RUN on /dev/hvx" },
		{ 0, HVX_VCPU_GET_REGS, "HVX_VCPU_GET_REGS on /dev/hvx" },
		{ 0, HVX_VCPU_SET_REGS, "HVX_VCPU_SET_REGS on /dev/hvx" },
		{ 1, HVX_CREATE_VM, "HVX_CREATE_VM on a VM" },
		{ 1, HVX_VCPU_RUN, "HVX_VCPU_RUN on a VM" },
		{ 1, HVX_VCPU_GET_REGS, "HVX_VCPU_GET_REGS on a VM" },
		{ 1, HVX_VCPU_SET_REGS, "HVX_VCPU_SET_REGS on a VM" },
		{ 2, HVX_CREATE_VM, "HVX_CREATE_VM on a vCPU" },
		{ 2, HVX_VM_ADD_MEMORY, "HVX_VM_ADD_MEMORY on a vCPU" },
		{ 2, HVX_VM_WRITE_MEMORY, "HVX_VM_WRITE_MEMORY on a vCPU" },
		{ 2, HVX_CREATE_VCPU, "HVX_CREATE_VCPU on a vCPU" },
	};
	uint64_t n0 = vm_count();
	char dirs[2][96];
	union {
		struct hvx_vm_memory m;
		struct hvx_vcpu_create cc;
		struct hvx_regs r;
		char big[1024];
	} arg;
	unsigned int i;
	int fds[3], rc;

	ctx_vcpu(_metadata, &self->c, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	fds[0] = self->c.dev;
	fds[1] = self->c.vm;
	fds[2] = self->c.vcpu;
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		memset(&arg, 0, sizeof(arg));
		if (cmds[i].cmd == HVX_VM_ADD_MEMORY) {
			arg.m.guest_phys_addr = RAM_BASE;
			arg.m.size = 0x1000;
		} else if (cmds[i].cmd == HVX_CREATE_VCPU) {
			arg.cc.id = 2;
		} else if (cmds[i].cmd == HVX_VCPU_SET_REGS) {
			arg.r.pstate = PSR_EL1h_MASKED;
		}
		rc = hvx_ioctl_fd(fds[cmds[i].fd], cmds[i].cmd, &arg);
		EXPECT_EQ(-ENOTTY, rc) {
			TH_LOG("%s", cmds[i].name);
		}
		if (rc > 0)
			close(rc);
	}
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(0, vm_stat(dirs[0], "mem_kib"));
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
}

/* Bad user pointers: -EFAULT, nothing done. */
TEST_F(vm, bad_pointers)
{
	uint64_t n0 = vm_count();
	struct hvx_regs *ro;
	char dirs[2][96];
	void *none;

	ctx_vcpu(_metadata, &self->c, 0);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, none);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ro);

	EXPECT_EQ(-EFAULT, hvx_ioctl_fd(self->c.dev, HVX_CREATE_VM, NULL));
	EXPECT_EQ(-EFAULT, hvx_ioctl_fd(self->c.dev, HVX_CREATE_VM, none));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_ADD_MEMORY, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vm, HVX_VM_WRITE_MEMORY, none));
	EXPECT_EQ(-EFAULT, hvx_ioctl_fd(self->c.vm, HVX_CREATE_VCPU, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vcpu, HVX_VCPU_SET_REGS, NULL));
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, none));
	/* readable (flags 0) but not writable: GET_REGS cannot give its answer */
	EXPECT_EQ(EFAULT, hvx_ioctl(self->c.vcpu, HVX_VCPU_GET_REGS, ro));

	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, RAM_SIZE));
	EXPECT_EQ(EFAULT, vm_write(self->c.vm, RAM_BASE, NULL, 16));
	EXPECT_EQ(EFAULT, vm_write(self->c.vm, RAM_BASE, none, 16));
	EXPECT_EQ(n0, vm_count());
	EXPECT_EQ(1, vm_stat(dirs[0], "nr_vcpus"));
	munmap(none, 4096);
	munmap(ro, 4096);
}

/* HVX_GET_VCPU_MMAP_SIZE covers struct hvx_run in whole pages. */
TEST_F(vm, mmap_size)
{
	int n = ioctl(self->c.dev, HVX_GET_VCPU_MMAP_SIZE, 0);

	ASSERT_LE((int)sizeof(struct hvx_run), n) {
		TH_LOG("HVX_GET_VCPU_MMAP_SIZE: %d (%s)", n,
		       n < 0 ? strerror(errno) : "smaller than struct hvx_run");
	}
	EXPECT_EQ(0, n % getpagesize());
	ctx_vcpu(_metadata, &self->c, 0);
	EXPECT_EQ(HVX_EXIT_NONE, self->c.run->exit_reason);
	EXPECT_EQ(0, self->c.run->immediate_exit);
}

#include "lib/hvx_vm_test_end.h"
