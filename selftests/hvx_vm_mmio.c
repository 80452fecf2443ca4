// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits of guests made of a few hand-encoded instructions: 1, 2, 4
 * and 8-byte loads and stores (address, size, direction, data, sign and
 * zero extension, the register and pc after completion), the zero
 * register, the ends of the IPA space, an abort injected by user space,
 * and an access without an instruction syndrome.
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

FIXTURE(mmio) {
	struct vmctx c;
};

FIXTURE_VARIANT(mmio) {
	uint32_t op;		/* A64_LDST() base */
	unsigned int rt;	/* the data register */
	unsigned int len;
	bool write;
	uint64_t value;		/* load: what user space answers; store: xRt */
	uint64_t expect;	/* load: xRt after; store: the data */
};

#define NEG_DATA	0x8897a6b5c4d3e2f1ULL	/* every byte's top bit set */
#define POS_DATA	0x0817263544536271ULL	/* no byte's top bit set */

FIXTURE_VARIANT_ADD(mmio, ldrb) {
	.op = 0x39400000, .rt = 1, .len = 1,
	.value = NEG_DATA, .expect = 0xf1,
};

FIXTURE_VARIANT_ADD(mmio, ldrh) {
	.op = 0x79400000, .rt = 7, .len = 2,
	.value = NEG_DATA, .expect = 0xe2f1,
};

FIXTURE_VARIANT_ADD(mmio, ldr_w) {
	.op = 0xb9400000, .rt = 12, .len = 4,
	.value = NEG_DATA, .expect = 0xc4d3e2f1,
};

FIXTURE_VARIANT_ADD(mmio, ldr_x) {
	.op = 0xf9400000, .rt = 30, .len = 8,
	.value = NEG_DATA, .expect = NEG_DATA,
};

FIXTURE_VARIANT_ADD(mmio, ldrsb_x) {
	.op = 0x39800000, .rt = 9, .len = 1,
	.value = NEG_DATA, .expect = 0xfffffffffffffff1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsb_w) {
	.op = 0x39c00000, .rt = 9, .len = 1,
	.value = NEG_DATA, .expect = 0xfffffff1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsh_x) {
	.op = 0x79800000, .rt = 17, .len = 2,
	.value = NEG_DATA, .expect = 0xffffffffffffe2f1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsh_w) {
	.op = 0x79c00000, .rt = 17, .len = 2,
	.value = NEG_DATA, .expect = 0xffffe2f1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsw) {
	.op = 0xb9800000, .rt = 20, .len = 4,
	.value = NEG_DATA, .expect = 0xffffffffc4d3e2f1ULL,
};

FIXTURE_VARIANT_ADD(mmio, ldrsb_x_positive) {
	.op = 0x39800000, .rt = 4, .len = 1,
	.value = POS_DATA, .expect = 0x71,
};

FIXTURE_VARIANT_ADD(mmio, ldrsh_x_positive) {
	.op = 0x79800000, .rt = 4, .len = 2,
	.value = POS_DATA, .expect = 0x6271,
};

FIXTURE_VARIANT_ADD(mmio, ldrsw_positive) {
	.op = 0xb9800000, .rt = 4, .len = 4,
	.value = POS_DATA, .expect = 0x44536271,
};

FIXTURE_VARIANT_ADD(mmio, strb) {
	.op = 0x39000000, .rt = 1, .len = 1, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x88,
};

FIXTURE_VARIANT_ADD(mmio, strh) {
	.op = 0x79000000, .rt = 7, .len = 2, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x7788,
};

FIXTURE_VARIANT_ADD(mmio, str_w) {
	.op = 0xb9000000, .rt = 12, .len = 4, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x55667788,
};

FIXTURE_VARIANT_ADD(mmio, str_x) {
	.op = 0xf9000000, .rt = 30, .len = 8, .write = true,
	.value = 0x1122334455667788ULL, .expect = 0x1122334455667788ULL,
};

FIXTURE_SETUP(mmio)
{
	ctx_open(_metadata, &self->c);
}

FIXTURE_TEARDOWN(mmio)
{
	ctx_close(&self->c);
}

TEST_F(mmio, access)
{
	const uint64_t addr = GUEST_MMIO_BASE + 0x40 * variant->len;
	const unsigned int rt = variant->rt;
	struct guest_code code;
	struct hvx_regs r;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDST(variant->op, rt, 2));	/* ldr/str<sz> Rt, [x2] */
	emit(&code, A64_STR_X(rt, 3));			/* str xRt, [x3] */
	emit(&code, A64_HVC0);				/* hvc #0: SYSTEM_OFF */
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = addr;
	self->c.regs.x[rt] = variant->write ? variant->value : POISON;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, addr, variant->len, variant->write);
	if (variant->write) {
		v = mmio_data(self->c.run, variant->len);
		EXPECT_EQ(variant->expect, v) {
			TH_LOG("stored 0x%llx, expected 0x%llx (the low %u bytes of x%u)",
			       (unsigned long long)v,
			       (unsigned long long)variant->expect,
			       variant->len, rt);
		}
	}
	/* the access is pending: the pc is still on it, xRt as it was */
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE, r.pc);
	EXPECT_EQ(self->c.regs.x[rt], r.x[rt]);
	if (!variant->write)
		mmio_set_data(self->c.run, variant->value);

	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(variant->write ? variant->value : variant->expect, v) {
		TH_LOG("x%u is 0x%llx after the %s, expected 0x%llx", rt,
		       (unsigned long long)v, variant->write ? "store" : "load",
		       (unsigned long long)(variant->write ? variant->value :
					    variant->expect));
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE + 4, r.pc);
	EXPECT_EQ(variant->write ? variant->value : variant->expect, r.x[rt]);
	EXPECT_TRUE(regs_kept(_metadata, &self->c, &r, 1U << rt));
	EXPECT_EQ(PSR_MODE_EL1h, r.pstate & 0x1f);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* wzr stores 0 (not SP); a load into xzr changes no register. */
TEST_F(vm, mmio_zero_register)
{
	struct guest_code code;
	struct hvx_regs r;

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_W(31, 2));	/* str wzr, [x2] */
	emit(&code, A64_LDR_X(31, 2));	/* ldr xzr, [x2] */
	emit(&code, A64_STR_X(1, 3));	/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = GUEST_MMIO_BASE;
	self->c.regs.sp = 0x40002220;
	self->c.regs.sp_el1 = 0x4000fff0;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, GUEST_MMIO_BASE, 4, true);
	EXPECT_EQ(0, mmio_data(self->c.run, 4)) {
		TH_LOG("str wzr stored 0x%llx",
		       (unsigned long long)mmio_data(self->c.run, 4));
	}
	expect_mmio(_metadata, &self->c, GUEST_MMIO_BASE, 8, false);
	mmio_set_data(self->c.run, 0x1234567890abcdefULL);
	EXPECT_EQ(reg_pattern(1), expect_report(_metadata, &self->c));
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(RAM_BASE + 8, r.pc);
	EXPECT_TRUE(regs_kept(_metadata, &self->c, &r, 0));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/* MMIO at 0, at the top of the IPA space and right after RAM. */
TEST_F(vm, mmio_address_range)
{
	struct guest_code code;

	code_init(&code, RAM_BASE);
	emit(&code, A64_STR_W(1, 2));	/* str w1, [x2] */
	emit(&code, A64_STR_X(1, 4));	/* str x1, [x4] */
	emit(&code, A64_LDRB(6, 5));	/* ldrb w6, [x5] */
	emit(&code, A64_STR_X(6, 3));	/* str x6, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = 0;
	self->c.regs.x[4] = IPA_LIMIT - 8;
	self->c.regs.x[5] = RAM_BASE + RAM_SIZE;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, 0, 4, true);
	EXPECT_EQ(reg_pattern(1) & 0xffffffff, mmio_data(self->c.run, 4));
	expect_mmio(_metadata, &self->c, IPA_LIMIT - 8, 8, true);
	EXPECT_EQ(reg_pattern(1), mmio_data(self->c.run, 8));
	expect_mmio(_metadata, &self->c, RAM_BASE + RAM_SIZE, 1, false);
	mmio_set_data(self->c.run, 0xa5);
	EXPECT_EQ(0xa5, expect_report(_metadata, &self->c));
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * mmio.abort: the load is not completed; the guest takes a synchronous
 * external abort at it (its vector reports ESR_EL1 and FAR_EL1).
 */
TEST_F(vm, mmio_abort)
{
	const uint64_t vbar = RAM_BASE + 0x800;
	struct guest_code code;
	struct hvx_regs r;
	uint64_t esr, far;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDR_W(1, 2));		/* ldr w1, [x2] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3]: not reached */
	emit(&code, A64_HVC0);
	/* VBAR_EL1 + 0x200: synchronous, current EL with SP_ELx */
	code_pad_to(&code, vbar + 0x200);
	emit(&code, A64_MRS(4, SR_ESR_EL1));	/* mrs x4, esr_el1 */
	emit(&code, A64_STR_X(4, 3));		/* str x4, [x3] */
	emit(&code, A64_MRS(5, SR_FAR_EL1));	/* mrs x5, far_el1 */
	emit(&code, A64_STR_X(5, 3));		/* str x5, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[1] = POISON;
	self->c.regs.x[2] = GUEST_MMIO_BASE + 0x20;
	self->c.regs.vbar_el1 = vbar;
	ctx_set_regs(_metadata, &self->c);

	expect_mmio(_metadata, &self->c, GUEST_MMIO_BASE + 0x20, 4, false);
	mmio_set_data(self->c.run, 0x1111111111111111ULL);
	self->c.run->mmio.abort = 1;
	esr = expect_report(_metadata, &self->c);
	EXPECT_EQ(ESR_EC_DABT_CUR, ESR_EC(esr)) {
		TH_LOG("ESR_EL1 0x%llx: EC 0x%llx, expected a data abort from EL1 (0x25)",
		       (unsigned long long)esr, (unsigned long long)ESR_EC(esr));
	}
	EXPECT_EQ(ESR_FSC_SEA, ESR_FSC(esr)) {
		TH_LOG("ESR_EL1 0x%llx: FSC 0x%llx, expected a synchronous external abort (0x10)",
		       (unsigned long long)esr, (unsigned long long)ESR_FSC(esr));
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(vbar + 0x204, r.pc);
	EXPECT_EQ(RAM_BASE, r.elr_el1);
	EXPECT_EQ(PSR_MODE_EL1h, r.spsr_el1 & 0xf);
	EXPECT_EQ(POISON, r.x[1]) {
		TH_LOG("the aborted load wrote x1");
	}
	far = expect_report(_metadata, &self->c);
	if (!(esr & ESR_DABT_FNV))
		EXPECT_EQ(GUEST_MMIO_BASE + 0x20, far);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

/*
 * A load without a syndrome (LDP) outside RAM is an internal error exit
 * (HVX_INTERNAL_MMIO_NISV) at the instruction, never an MMIO exit.
 */
TEST_F(vm, mmio_without_syndrome)
{
	const uint64_t addr = GUEST_MMIO_BASE + 0x30;
	struct guest_code code;
	char buf[200];
	uint64_t esr;
	int rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_LDP_X(1, 4, 2));	/* ldp x1, x4, [x2] */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[2] = addr;
	ctx_set_regs(_metadata, &self->c);
	rc = run_vcpu(_metadata, &self->c);
	ASSERT_EQ(0, rc) {
		TH_LOG("HVX_VCPU_RUN: %s", strerror(rc));
	}
	ASSERT_EQ(HVX_EXIT_INTERNAL_ERROR, self->c.run->exit_reason) {
		TH_LOG("expected an internal error (MMIO_NISV), got %s",
		       exit_str(self->c.run, buf, sizeof(buf)));
	}
	EXPECT_EQ(HVX_INTERNAL_MMIO_NISV, self->c.run->internal.suberror);
	esr = self->c.run->internal.esr;
	EXPECT_EQ(ESR_EC_DABT_LOW, ESR_EC(esr)) {
		TH_LOG("ESR_EL2 0x%llx", (unsigned long long)esr);
	}
	EXPECT_EQ(0, esr & ESR_DABT_ISV) {
		TH_LOG("ESR_EL2 0x%llx has ISV set for an LDP", (unsigned long long)esr);
	}
	EXPECT_EQ(RAM_BASE, self->c.run->internal.pc);
	/* exact, or the page (HPFAR_EL2) */
	EXPECT_EQ(addr & ~(VM_PAGE_SIZE - 1),
		  self->c.run->internal.gpa & ~(VM_PAGE_SIZE - 1)) {
		TH_LOG("%s", exit_str(self->c.run, buf, sizeof(buf)));
	}
}

#include "lib/hvx_vm_test_end.h"
