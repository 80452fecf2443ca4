// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory: WRITE_MEMORY at any alignment, two regions, RAM zeroed
 * for a new VM, and the pages a VM takes from the host (page ownership
 * counters) given back when it is gone.
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

/* WRITE_MEMORY at odd addresses and sizes, across a page: the guest reads it. */
TEST_F(vm, write_memory_unaligned)
{
	static const uint64_t words[] = {
		RAM_BASE + 0x1000, RAM_BASE + 0x1008, RAM_BASE + 0x1ff8,
		RAM_BASE + 0x2000, RAM_BASE + 0x2008,
	};
	static uint8_t shadow[RAM_SIZE];
	const uint8_t cross[16] = {
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
		0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
	};
	struct guest_code code;
	unsigned int i;
	uint64_t want, v;

	code_init(&code, RAM_BASE);
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		emit_mov64(&code, 2, words[i]);	/* mov x2, #word */
		emit(&code, A64_LDR_X(1, 2));	/* ldr x1, [x2] */
		emit(&code, A64_STR_X(1, 3));	/* str x1, [x3] */
	}
	emit(&code, A64_MOV(0, 20));		/* mov x0, x20: SYSTEM_OFF */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[20] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);

	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x1003, "ABCDE", 5));
	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE + 0x1ffc, cross, sizeof(cross)));
	memset(shadow, 0, sizeof(shadow));
	memcpy(shadow + 0x1003, "ABCDE", 5);
	memcpy(shadow + 0x1ffc, cross, sizeof(cross));
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		memcpy(&want, shadow + (words[i] - RAM_BASE), 8);
		v = expect_report(_metadata, &self->c);
		EXPECT_EQ(want, v) {
			TH_LOG("the guest read 0x%016llx at 0x%llx, expected 0x%016llx",
			       (unsigned long long)v, (unsigned long long)words[i],
			       (unsigned long long)want);
		}
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* Two regions: code in one reads data from the other; past its end is MMIO. */
TEST_F(vm, two_regions)
{
	const uint64_t b = 0x80000000ULL;
	const uint64_t v1 = 0x0123456789abcdefULL, v2 = 0x6c61737420776f72ULL;
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDR_X(1, 20));		/* ldr x1, [x20] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_LDR_X(1, 21));		/* ldr x1, [x21] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_LDR_X(1, 22));		/* ldr x1, [x22]: MMIO */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	/* added after the vCPU was created: fine until the first run */
	ASSERT_EQ(0, vm_add_memory(self->c.vm, b, RAM_SIZE));
	ASSERT_EQ(0, vm_write(self->c.vm, b + 0x100, &v1, 8));
	ASSERT_EQ(0, vm_write(self->c.vm, b + RAM_SIZE - 8, &v2, 8));
	self->c.regs.x[20] = b + 0x100;
	self->c.regs.x[21] = b + RAM_SIZE - 8;
	self->c.regs.x[22] = b + RAM_SIZE;
	ctx_set_regs(_metadata, &self->c);

	EXPECT_EQ(v1, expect_report(_metadata, &self->c));
	EXPECT_EQ(v2, expect_report(_metadata, &self->c));
	expect_mmio(_metadata, &self->c, b + RAM_SIZE, 8, false);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * A VM's memory starts zeroed, also right after another VM filled its
 * own with a pattern and went away: the guest ORs every word of its RAM
 * (but the code page) together.
 */
TEST_F(vm, memory_zeroed)
{
	const uint64_t size = 1 << 20;
	struct own_counts before;
	struct guest_code code;
	struct vmctx b;
	uint64_t *fill, v;
	uint64_t loop;
	double end;
	size_t i;

	own_counts_read(&before);
	/* a first VM: 1 MiB of pattern, run once, gone */
	fill = malloc(size);
	ASSERT_NE(NULL, fill);
	for (i = 0; i < size / 8; i++)
		fill[i] = 0x5a5a5a5a00000000ULL | i;
	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);			/* hvc #0: SYSTEM_OFF */
	memcpy(fill, code.insn, 4);
	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, size));
	ASSERT_EQ(0, vm_write(self->c.vm, RAM_BASE, fill, size));
	free(fill);
	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &self->c.regs);
	self->c.regs.pc = RAM_BASE;
	self->c.regs.x[0] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &self->c);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	ctx_close(&self->c);
	/* its pages back with the host, for the next VM to get */
	end = now_s() + FREE_TIMEOUT_S;
	while ((vm_count() != before.vms - 1 || own_count("guest_pages") != before.guest) &&
	       now_s() < end)
		usleep(20000);
	EXPECT_EQ(before.guest, own_count("guest_pages"));

	/* a second VM checks its memory */
	ctx_open(_metadata, &b);
	self->c = b;
	code_init(&code, RAM_BASE);
	loop = emit(&code, A64_LDR_X_POST8(4, 2));	/* 1: ldr x4, [x2], #8 */
	emit(&code, A64_ORR(1, 1, 4));			/* orr x1, x1, x4 */
	emit(&code, A64_SUBS_IMM(6, 6, 1));		/* subs x6, x6, #1 */
	emit(&code, A64_BNE(loop - code_here(&code)));	/* b.ne 1b */
	emit(&code, A64_STR_X(1, 3));			/* str x1, [x3] */
	emit(&code, A64_STR_X(2, 3));			/* str x2, [x3] */
	emit(&code, A64_HVC0);
	ASSERT_EQ(0, vm_add_memory(self->c.vm, RAM_BASE, size));
	ASSERT_EQ(0, vm_write_code(self->c.vm, &code));
	ctx_vcpu(_metadata, &self->c, 0);
	get_regs(_metadata, &self->c, &self->c.regs);
	self->c.regs.pc = RAM_BASE;
	self->c.regs.x[0] = PSCI_SYSTEM_OFF;
	self->c.regs.x[1] = 0;
	self->c.regs.x[2] = RAM_BASE + VM_PAGE_SIZE;
	self->c.regs.x[3] = REPORT;
	self->c.regs.x[6] = (size - VM_PAGE_SIZE) / 8;
	ctx_set_regs(_metadata, &self->c);
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(0, v) {
		TH_LOG("the words of a new VM's RAM ORed together give 0x%llx",
		       (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(RAM_BASE + size, v) {
		TH_LOG("the scan stopped at 0x%llx", (unsigned long long)v);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * Guest RAM is the guest's from HVX_VM_ADD_MEMORY on (guest_pages counts
 * it), and every page of it is back with the host once the VM is gone.
 */
TEST_F(vm, memory_ownership)
{
	const uint64_t size = 1 << 20;
	struct own_counts before, now;
	struct guest_code code;
	struct vmctx v;

	own_counts_read(&before);
	ASSERT_NE(UINT64_MAX, before.guest) {
		TH_LOG("no %s/guest_pages", HVX_OWN_DIR);
	}
	ctx_open(_metadata, &v);
	ASSERT_EQ(0, vm_add_memory(v.vm, RAM_BASE, size));
	ASSERT_EQ(0, vm_add_memory(v.vm, 0x80000000ULL, RAM_SIZE));
	own_counts_read(&now);
	EXPECT_LE(before.guest + size / VM_PAGE_SIZE + RAM_PAGES, now.guest) {
		TH_LOG("guest_pages went from %llu to %llu over %llu pages of guest RAM",
		       (unsigned long long)before.guest,
		       (unsigned long long)now.guest,
		       (unsigned long long)(size / VM_PAGE_SIZE + RAM_PAGES));
	}
	code_init(&code, RAM_BASE);
	emit(&code, A64_HVC0);
	ASSERT_EQ(0, vm_write_code(v.vm, &code));
	ctx_vcpu(_metadata, &v, 0);
	get_regs(_metadata, &v, &v.regs);
	v.regs.pc = RAM_BASE;
	v.regs.x[0] = PSCI_SYSTEM_OFF;
	ctx_set_regs(_metadata, &v);
	expect_system_event(_metadata, &v, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	ctx_close(&v);
	expect_counts_back(_metadata, &before);
}

#include "lib/hvx_vm_test_end.h"
