// SPDX-License-Identifier: GPL-2.0
/*
 * Calls from the guest: PSCI SYSTEM_OFF and SYSTEM_RESET over HVC and
 * SMC, PSCI_VERSION and unknown calls, HVX_GUEST_CALL_NOP answered at EL2,
 * and PSCI CPU_ON (one vCPU starting another; an entry point that wraps).
 *
 * Shared helpers and FIXTURE(vm): lib/hvx_vm_test.h; the program ends
 * with a check that no test leaked a VM or a page (lib/hvx_vm_test_end.h).
 * Run as root with hvx loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
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

TEST_F(vm, system_off_hvc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0, x0 = SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 5);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 5);
}

TEST_F(vm, system_reset_hvc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0, x0 = SYSTEM_RESET */
	start_guest(_metadata, &self->c, &code, 2);
	self->c.regs.x[0] = PSCI_SYSTEM_RESET;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_RESET, 2);
}

TEST_F(vm, system_off_smc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_SMC0);			/* smc #0, x0 = SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

TEST_F(vm, system_reset_smc)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_SMC0);			/* smc #0, x0 = SYSTEM_RESET */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[0] = PSCI_SYSTEM_RESET;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_RESET, 0);
}

/* PSCI_VERSION answers; an unknown call over HVC or SMC gets NOT_SUPPORTED. */
TEST_F(vm, psci_version_and_unknown_calls)
{
	struct guest_code code;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0: PSCI_VERSION */
	emit(&code, A64_STR_X(0, 3));		/* str x0, [x3] */
	emit(&code, A64_MOV(0, 20));		/* mov x0, x20: a SiP call */
	emit(&code, A64_HVC0);			/* hvc #0 */
	emit(&code, A64_STR_X(0, 3));
	emit(&code, A64_MOV(0, 20));
	emit(&code, A64_SMC0);			/* smc #0 */
	emit(&code, A64_STR_X(0, 3));
	emit(&code, A64_MOV(0, 21));		/* mov x0, x21: SYSTEM_OFF */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[0] = PSCI_VERSION;
	self->c.regs.x[20] = SMCCC_SIP_CALL0;
	self->c.regs.x[21] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);

	v = expect_report(_metadata, &self->c);
	EXPECT_LE(1, (v >> 16) & 0xffff) {
		TH_LOG("PSCI_VERSION returned 0x%llx: expected 1.0 or later",
		       (unsigned long long)v);
	}
	EXPECT_EQ(0, v >> 32) {
		TH_LOG("PSCI_VERSION returned 0x%llx", (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(SMCCC_NOT_SUPPORTED, (int32_t)v) {
		TH_LOG("unknown HVC call 0x%x returned 0x%llx", SMCCC_SIP_CALL0,
		       (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(SMCCC_NOT_SUPPORTED, (int32_t)v) {
		TH_LOG("unknown SMC call 0x%x returned 0x%llx", SMCCC_SIP_CALL0,
		       (unsigned long long)v);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * HVX_GUEST_CALL_NOP, 1000 times in a loop: each returns 0 in x0 at EL2,
 * without an exit to user space; x4-x30 are kept.
 */
TEST_F(vm, guest_call_nop)
{
	const unsigned int loops = 1000;
	struct guest_code code;
	struct hvx_regs r;
	char dirs[2][96];
	uint64_t loop, ue0, ue1;

	code_init(&code, RAM_BASE);
	loop = emit(&code, A64_MOV(0, 22));		/* 1: mov x0, x22 */
	emit(&code, A64_HVC0);				/* hvc #0 */
	emit(&code, A64_ORR(23, 23, 0));		/* orr x23, x23, x0 */
	emit(&code, A64_SUBS_IMM(21, 21, 1));		/* subs x21, x21, #1 */
	emit(&code, A64_BNE(loop - code_here(&code)));	/* b.ne 1b */
	emit(&code, A64_STR_X(23, 20));			/* str x23, [x20] */
	emit(&code, A64_STR_X(21, 20));			/* str x21, [x20] */
	emit(&code, A64_MOV(0, 24));			/* mov x0, x24 */
	emit(&code, A64_HVC0);				/* hvc #0: SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = REPORT;
	self->c.regs.x[21] = loops;
	self->c.regs.x[22] = HVX_GUEST_CALL_NOP;
	self->c.regs.x[23] = 0;
	self->c.regs.x[24] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);
	expect_vm_dirs(_metadata, 1, dirs, 2);
	ue0 = vm_stat(dirs[0], "user_exits");

	/* the first exit is the report: no call left the kernel */
	EXPECT_EQ(0, expect_report(_metadata, &self->c)) {
		TH_LOG("HVX_GUEST_CALL_NOP returned 0x%llx (ORed over %u calls)",
		       (unsigned long long)mmio_data(self->c.run, 8), loops);
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(0, r.x[21]) {
		TH_LOG("the loop counter is %llu: not every call returned to the loop",
		       (unsigned long long)r.x[21]);
	}
	EXPECT_EQ(0, r.x[0]);
	/* x0-x3 may hold results; x21, x23: the loop's own */
	EXPECT_TRUE(regs_kept(_metadata, &self->c, &r,
			      0xf | (1U << 21) | (1U << 23)));
	ue1 = vm_stat(dirs[0], "user_exits");
	EXPECT_EQ(ue0 + 1, ue1) {
		TH_LOG("user_exits went from %llu to %llu over %u NOP calls and one MMIO exit",
		       (unsigned long long)ue0, (unsigned long long)ue1, loops);
	}
	expect_mmio(_metadata, &self->c, REPORT, 8, true);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * PSCI CPU_ON from vCPU 0 starts vCPU 1 (created powered off, its RUN
 * waiting on a thread) at the entry point with x0 = the context id and
 * its MPIDR; CPU_ON of a nonexistent MPIDR gives INVALID_PARAMETERS.
 */
TEST_F(vm, psci_cpu_on)
{
	const uint64_t entry = RAM_BASE + 0x400, ctx = 0x1122334455667788ULL;
	const uint64_t report1 = REPORT + 0x100;
	struct guest_code code;
	struct runner r1 = { 0 };
	struct hvx_run *run1;
	size_t size1;
	int vcpu1, i, ret;
	bool done;
	char buf[200];

	code_init(&code, RAM_BASE);
	/*
	 * vCPU 0: the refused CPU_ON first, so that vCPU 1, which ends the VM,
	 * starts only after vCPU 0's last call (on a slow host it could
	 * otherwise end the VM before vCPU 0 reports the second result).
	 */
	for (i = 0; i < 2; i++) {
		emit(&code, A64_MOV(0, 20));	/* mov x0, x20: CPU_ON */
		emit(&code, A64_MOV(1, i ? 21 : 25));	/* mov x1, x25 (or x21) */
		emit(&code, A64_MOV(2, 22));	/* mov x2, x22: entry */
		emit(&code, A64_MOV(3, 23));	/* mov x3, x23: context id */
		emit(&code, A64_HVC0);		/* hvc #0 */
		emit(&code, A64_STR_X(0, 24));	/* str x0, [x24] */
	}
	emit(&code, A64_B_SELF);		/* b . */
	/* vCPU 1, from its entry point */
	code_pad_to(&code, entry);
	emit_mov64(&code, 3, report1);		/* mov x3, #report1 */
	emit(&code, A64_STR_X(0, 3));		/* str x0, [x3] */
	emit(&code, A64_MRS(1, SR_MPIDR_EL1));	/* mrs x1, mpidr_el1 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);	/* mov x0, #SYSTEM_OFF */
	emit(&code, A64_HVC0);			/* hvc #0 */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = PSCI_CPU_ON;
	self->c.regs.x[21] = HVX_VCPU_MPIDR(1);
	self->c.regs.x[22] = entry;
	self->c.regs.x[23] = ctx;
	self->c.regs.x[24] = REPORT;
	self->c.regs.x[25] = 0xff;		/* no such vCPU */
	ctx_set_regs(_metadata, &self->c);

	vcpu1 = vcpu_create(self->c.vm, 1, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, vcpu1) {
		TH_LOG("HVX_CREATE_VCPU id 1, powered off: %s", strerror(-vcpu1));
	}
	run1 = vcpu_map(self->c.dev, vcpu1, &size1);
	ASSERT_NE(NULL, run1);
	ASSERT_EQ(0, runner_start(&r1, vcpu1, run1, 3));
	usleep(200000);
	EXPECT_EQ(0, r1.nr) {
		TH_LOG("vCPU 1, powered off, returned from RUN before any CPU_ON: rc %d, %s",
		       r1.ev[0].rc, exit_str(run1, buf, sizeof(buf)));
	}

	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(PSCI_INVALID_PARAMS, ret) {
		TH_LOG("CPU_ON of MPIDR 0xff (no such vCPU) returned %d", ret);
	}
	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(0, ret) {
		TH_LOG("CPU_ON vCPU 1 returned %d", ret);
	}

	done = runner_wait(&r1, RUN_TIMEOUT_S);
	EXPECT_TRUE(done) {
		TH_LOG("vCPU 1 made %d of its 3 exits within %d s of CPU_ON",
		       r1.nr, RUN_TIMEOUT_S);
	}
	for (i = 0; i < r1.nr; i++)
		TH_LOG("vCPU 1 exit %d: rc %d reason %u addr 0x%llx data 0x%llx",
		       i, r1.ev[i].rc, r1.ev[i].reason,
		       (unsigned long long)r1.ev[i].addr,
		       (unsigned long long)r1.ev[i].data);
	ASSERT_EQ(3, r1.nr);
	EXPECT_TRUE(r1.ev[0].rc == 0 && r1.ev[0].reason == HVX_EXIT_MMIO &&
		    r1.ev[0].addr == report1 && r1.ev[0].is_write);
	EXPECT_EQ(ctx, r1.ev[0].data) {
		TH_LOG("vCPU 1 started with x0 0x%llx, the context id was 0x%llx",
		       (unsigned long long)r1.ev[0].data, (unsigned long long)ctx);
	}
	EXPECT_EQ(HVX_VCPU_MPIDR(1), r1.ev[1].data & MPIDR_AFF_MASK) {
		TH_LOG("vCPU 1's MPIDR_EL1 is 0x%llx", (unsigned long long)r1.ev[1].data);
	}
	EXPECT_TRUE(r1.ev[2].rc == 0 && r1.ev[2].reason == HVX_EXIT_SYSTEM_EVENT &&
		    r1.ev[2].type == HVX_SYSTEM_EVENT_SHUTDOWN && r1.ev[2].vcpu == 1);
	munmap(run1, size1);
	close(vcpu1);
}

/*
 * PSCI CPU_ON with a 64-bit entry point at the very top of the address
 * space, 4-byte aligned: [entry, entry + 4) wraps past 2^64 and is not
 * guest RAM: INVALID_ADDRESS, and the target stays off (AFFINITY_INFO).
 */
TEST_F(vm, psci_cpu_on_entry_wraps)
{
	struct guest_code code;
	int vcpu1, ret;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MOV(0, 20));		/* mov x0, x20: CPU_ON */
	emit(&code, A64_MOV(1, 21));		/* mov x1, x21: vCPU 1 */
	emit(&code, A64_MOV(2, 22));		/* mov x2, x22: entry */
	emit(&code, A64_MOV(3, 23));		/* mov x3, x23: context id */
	emit(&code, A64_HVC0);
	emit(&code, A64_STR_X(0, 24));		/* str x0, [x24] */
	emit(&code, A64_MOV(0, 25));		/* mov x0, x25: AFFINITY_INFO */
	emit(&code, A64_MOV(1, 21));		/* mov x1, x21: vCPU 1 */
	emit(&code, A64_MOV(2, 31));		/* mov x2, xzr: level 0 */
	emit(&code, A64_HVC0);
	emit(&code, A64_STR_X(0, 24));		/* str x0, [x24] */
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = PSCI_CPU_ON;
	self->c.regs.x[21] = HVX_VCPU_MPIDR(1);
	self->c.regs.x[22] = 0xfffffffffffffffcULL;
	self->c.regs.x[24] = REPORT;
	self->c.regs.x[25] = PSCI_AFFINITY_INFO;
	ctx_set_regs(_metadata, &self->c);
	vcpu1 = vcpu_create(self->c.vm, 1, HVX_VCPU_POWER_OFF);
	ASSERT_LE(0, vcpu1) {
		TH_LOG("HVX_CREATE_VCPU id 1, powered off: %s", strerror(-vcpu1));
	}

	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(PSCI_INVALID_ADDRESS, ret) {
		TH_LOG("CPU_ON at entry 0x%llx returned %d",
		       (unsigned long long)self->c.regs.x[22], ret);
	}
	ret = (int32_t)expect_report(_metadata, &self->c);
	EXPECT_EQ(PSCI_AFFINITY_OFF, ret) {
		TH_LOG("AFFINITY_INFO of vCPU 1 afterwards: %d", ret);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	close(vcpu1);
}

#include "lib/hvx_vm_test_end.h"
