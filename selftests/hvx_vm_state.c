// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU state: the EL1 system registers SET_REGS sets are the guest's;
 * the thread registers one guest leaves on the CPU are not seen by the
 * next guest nor by the host; a guest running AArch32 code at its EL0,
 * interrupted by the host, goes on in the same state.
 *
 * Shared helpers and FIXTURE(vm): lib/hvx_vm_test.h; the program ends
 * with a check that no test leaked a VM or a page (lib/hvx_vm_test_end.h).
 * Run as root with hvx loaded (tools/hvx-vm does both).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/hvx.h>
#include <hvx-guest.h>

#include "kselftest_harness.h"
#include "lib/hvx_vm_test.h"

/* EL1 system registers set by SET_REGS are the guest's, and come back. */
TEST_F(vm, sysregs_follow_the_vcpu)
{
	struct guest_code code;
	struct hvx_regs r;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MRS(1, SR_TPIDR_EL1));	/* mrs x1, tpidr_el1 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_MSR(SR_TPIDR_EL0, 5));	/* msr tpidr_el0, x5 */
	emit(&code, A64_MRS(1, SR_MPIDR_EL1));	/* mrs x1, mpidr_el1 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 19);
	self->c.regs.tpidr_el1 = 0x7469642d656c3121ULL;
	self->c.regs.tpidr_el0 = 0;
	self->c.regs.elr_el1 = 0x40000123;
	self->c.regs.mair_el1 = 0xff440c0400ULL;
	self->c.regs.vbar_el1 = RAM_BASE + 0x800;
	self->c.regs.contextidr_el1 = 0x1234;
	ctx_set_regs(_metadata, &self->c);

	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(self->c.regs.tpidr_el1, v) {
		TH_LOG("the guest read TPIDR_EL1 0x%llx", (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(HVX_VCPU_MPIDR(19), v & MPIDR_AFF_MASK) {
		TH_LOG("vCPU 19 read MPIDR_EL1 0x%llx, expected affinity 0x%llx",
		       (unsigned long long)v, (unsigned long long)HVX_VCPU_MPIDR(19));
	}
	get_regs(_metadata, &self->c, &r);
	EXPECT_EQ(reg_pattern(5), r.tpidr_el0) {
		TH_LOG("TPIDR_EL0 written by the guest reads 0x%llx",
		       (unsigned long long)r.tpidr_el0);
	}
	EXPECT_EQ(self->c.regs.tpidr_el1, r.tpidr_el1);
	EXPECT_EQ(self->c.regs.elr_el1, r.elr_el1);
	EXPECT_EQ(self->c.regs.mair_el1, r.mair_el1);
	EXPECT_EQ(self->c.regs.vbar_el1, r.vbar_el1);
	EXPECT_EQ(self->c.regs.contextidr_el1, r.contextidr_el1);
	EXPECT_EQ(self->c.regs.sp_el1, r.sp_el1);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 19);
}

/* ---- state left on the CPU by one guest for the next ---------------------- */

#ifndef HWCAP2_SME
#define HWCAP2_SME		(1UL << 23)
#endif
#define ID_EL0(pfr0)		((pfr0) & 0xf)		/* ID_AA64PFR0_EL1.EL0 */
#define ID_EL0_AARCH32		2

/* Keep this thread, and so the vCPUs it runs, on the CPU it is on. */
static int pin_to_this_cpu(void)
{
	int cpu = sched_getcpu();
	cpu_set_t set;

	if (cpu < 0)
		return -1;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -1 : cpu;
}

/*
 * Does a guest have TPIDR2_EL0 (a CPU with SME)? Not from its
 * ID_AA64PFR1_EL1: hvx hides SME there (hyp/id-regs.c), but cannot trap
 * TPIDR2_EL0. The guest writes it and reads it back, or takes an UNDEF
 * at its vector and reports 0.
 */
static bool guest_has_tpidr2(struct __test_metadata *_metadata)
{
	const uint64_t vbar = RAM_BASE + 0x800;
	struct guest_code code;
	struct vmctx c;
	uint64_t v;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MSR(SR_TPIDR2_EL0, 5));	/* msr tpidr2_el0, x5 */
	emit(&code, A64_MRS(1, SR_TPIDR2_EL0));	/* mrs x1, tpidr2_el0 */
	emit(&code, A64_STR_X(1, 3));		/* str x1, [x3] */
	emit(&code, A64_HVC0);			/* hvc #0: SYSTEM_OFF */
	/* VBAR_EL1 + 0x200: synchronous, current EL with SP_ELx */
	code_pad_to(&code, vbar + 0x200);
	emit(&code, A64_STR_X(31, 3));		/* str xzr, [x3] */
	emit(&code, A64_HVC0);
	ctx_open(_metadata, &c);
	start_guest(_metadata, &c, &code, 0);
	c.regs.vbar_el1 = vbar;
	ctx_set_regs(_metadata, &c);
	v = expect_report(_metadata, &c);
	expect_system_event(_metadata, &c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	ctx_close(&c);
	return v == reg_pattern(5);
}

/* The VMM thread's TPIDR2_EL0, where the host kernel lets it use one. */
static uint64_t host_tpidr2(void)
{
	uint64_t v;

	asm volatile("mrs %0, S3_3_C13_C0_5" : "=r" (v));
	return v;
}

static void set_host_tpidr2(uint64_t v)
{
	asm volatile("msr S3_3_C13_C0_5, %0" : : "r" (v));
}

/* The thread registers a guest may write: those it reads, and reports. */
static const struct {
	const char *name;
	uint32_t sr;
} thread_reg[] = {
	{ "TPIDR_EL0", SR_TPIDR_EL0 },
	{ "TPIDRRO_EL0", SR_TPIDRRO_EL0 },
	{ "TPIDR_EL1", SR_TPIDR_EL1 },
	{ "TPIDR2_EL0", SR_TPIDR2_EL0 },	/* last: with SME only */
};

/* Guest code: report each thread register (@n of them) */
static void emit_report_thread_regs(struct guest_code *code, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		emit(code, A64_MRS(1, thread_reg[i].sr));	/* mrs x1, <reg> */
		emit(code, A64_STR_X(1, 3));		/* str x1, [x3] */
	}
}

/* Guest code: write x(5 + i) to each thread register i */
static void emit_write_thread_regs(struct guest_code *code, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		emit(code, A64_MSR(thread_reg[i].sr, 5 + i));
}

/* The next @n reports must be @want[i]: a register as its guest left it. */
static void expect_thread_regs(struct __test_metadata *_metadata,
			       struct vmctx *c, const char *who,
			       const uint64_t *want, unsigned int n)
{
	unsigned int i;
	uint64_t v;

	for (i = 0; i < n; i++) {
		v = expect_report(_metadata, c);
		EXPECT_EQ(want[i], v) {
			TH_LOG("%s read %s 0x%llx, expected 0x%llx%s", who,
			       thread_reg[i].name, (unsigned long long)v,
			       (unsigned long long)want[i],
			       v == reg_pattern(5 + i) ||
			       v == ~reg_pattern(5 + i) ?
			       ": the other guest's value" : "");
		}
	}
}

/*
 * The thread registers a guest can write (TPIDR_EL0, TPIDRRO_EL0,
 * TPIDR_EL1 and, with SME, TPIDR2_EL0, which no EL2 control traps) are
 * each guest's own: on one CPU, guest A writes its values and stops at an
 * exit; guest B, of another VM, reads its own (what SET_REGS gave it, 0
 * for TPIDR2_EL0), writes others and ends; A then reads its values back.
 * Where the host kernel gives its threads a TPIDR2_EL0 (SME), the VMM
 * thread's value is the same after each run.
 */
TEST_F(vm, thread_regs_isolated_between_vms)
{
	bool sme = guest_has_tpidr2(_metadata);
	bool host_sme = getauxval(AT_HWCAP2) & HWCAP2_SME;
	unsigned int n = ARRAY_SIZE(thread_reg) - !sme, i;
	const uint64_t host_mark = 0x686f73742d747032ULL;	/* "host-tp2" */
	uint64_t want_a[ARRAY_SIZE(thread_reg)], want_b[ARRAY_SIZE(thread_reg)];
	struct guest_code code_a, code_b;
	struct vmctx b;
	int cpu;

	TH_LOG("guests %s; host threads %s TPIDR2_EL0",
	       sme ? "have a TPIDR2_EL0 (SME), checked" :
		     "have no TPIDR2_EL0 (no SME)",
	       host_sme ? "have a" : "have no (no SME in the host kernel)");
	cpu = pin_to_this_cpu();
	ASSERT_LE(0, cpu) {
		TH_LOG("cannot pin the test to one CPU: %s", strerror(errno));
	}

	/* A: write, stop at a report, read back, end */
	code_init(&code_a, RAM_BASE);
	emit_write_thread_regs(&code_a, n);
	emit(&code_a, A64_STR_X(1, 3));		/* str x1, [x3]: written */
	emit_report_thread_regs(&code_a, n);
	emit(&code_a, A64_HVC0);
	start_guest(_metadata, &self->c, &code_a, 0);
	for (i = 0; i < n; i++)
		want_a[i] = reg_pattern(5 + i);

	/* B: read, write others, end */
	code_init(&code_b, RAM_BASE);
	emit_report_thread_regs(&code_b, n);
	emit_write_thread_regs(&code_b, n);
	emit(&code_b, A64_HVC0);
	ctx_open(_metadata, &b);
	start_guest(_metadata, &b, &code_b, 0);
	for (i = 0; i < n; i++)
		b.regs.x[5 + i] = ~reg_pattern(5 + i);
	b.regs.tpidr_el0 = 0x62302d7464697074ULL;
	b.regs.tpidrro_el0 = 0x62312d7464697074ULL;
	b.regs.tpidr_el1 = 0x62322d7464697074ULL;
	ctx_set_regs(_metadata, &b);
	want_b[0] = b.regs.tpidr_el0;
	want_b[1] = b.regs.tpidrro_el0;
	want_b[2] = b.regs.tpidr_el1;
	want_b[3] = 0;			/* a new vCPU's TPIDR2_EL0 */

	if (host_sme)
		set_host_tpidr2(host_mark);
	expect_report(_metadata, &self->c);	/* A wrote its values */
	if (host_sme)
		EXPECT_EQ(host_mark, host_tpidr2());
	expect_thread_regs(_metadata, &b, "guest B", want_b, n);
	expect_system_event(_metadata, &b, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	if (host_sme)
		EXPECT_EQ(host_mark, host_tpidr2());
	expect_thread_regs(_metadata, &self->c, "guest A, after B ran",
			   want_a, n);
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
	EXPECT_EQ(cpu, sched_getcpu());
	ctx_close(&b);
}

/* ---- AArch32 at the guest's EL0 -------------------------------------------- */

/*
 * The EL0 code: r1 += r0 while --r0, then r2 = r1 through a VFP register
 * (s0: the first FP use traps to EL2), then SVC back to EL1. In A32, and
 * in T32 as halfword pairs (the first halfword in the low half).
 */
static const uint32_t a32_loop[] = {
	0xe0811000,	/* 0: add   r1, r1, r0 */
	0xe2500001,	/* 4: subs  r0, r0, #1 */
	0x1afffffc,	/* 8: bne   0 */
	0xee001a10,	/*    vmov  s0, r1 */
	0xee102a10,	/*    vmov  r2, s0 */
	0xef000000,	/*    svc   #0 */
};

static const uint32_t t32_loop[] = {
	0x38011809,	/* 0: adds r1, r1, r0;  2: subs r0, #1 */
	0xee00d1fc,	/* 4: bne 0;            6: vmov s0, r1 (first half) */
	0xee101a10,	/*    (second half);       vmov r2, s0 (first half) */
	0xdf002a10,	/*    (second half);       svc #0 */
};

#define SPSR32_USR		0x10ULL		/* AArch32 User mode */
#define SPSR32_T		0x20ULL		/* T32 */
#define SPSR32_AIF		0x1c0ULL
#define SPSR32_MODE_MASK	0x1fULL
#define CPACR_FPEN		(3ULL << 20)	/* FP at EL0 and EL1 */
#define ESR_EC_SVC32		0x11
#define A32_LOOPS		(1U << 28)
#define A32_CODE		(RAM_BASE + 0x400)
#define A32_VBAR		(RAM_BASE + 0x800)
#define A32_LOW_SYNC		(A32_VBAR + 0x600)	/* from a lower EL, AArch32 */
#define A32_SIGNAL_MS		20

FIXTURE(aarch32) {
	struct vmctx c;
};

FIXTURE_VARIANT(aarch32) {
	bool thumb;
};

FIXTURE_VARIANT_ADD(aarch32, a32) {
	.thumb = false,
};

FIXTURE_VARIANT_ADD(aarch32, t32) {
	.thumb = true,
};

FIXTURE_SETUP(aarch32)
{
	ctx_open(_metadata, &self->c);
}

FIXTURE_TEARDOWN(aarch32)
{
	ctx_close(&self->c);
}

/*
 * A guest running AArch32 code at EL0 (HCR_EL2.RW keeps its EL1 in
 * AArch64) takes the host's interrupts there: each is an IRQ exit, and
 * the guest goes on where it was, in the same state (A32 or T32, flags,
 * registers), over hundreds of millions of instructions. A signal then
 * ends a run while the guest is in AArch32 (HVX_EXIT_INTR): GET_REGS shows
 * AArch32 User mode, SET_REGS takes it back unchanged, and the guest
 * completes its loop, its first FP use in AArch32 included.
 */
TEST_F(aarch32, el0_interrupted)
{
	const uint32_t *loop = variant->thumb ? t32_loop : a32_loop;
	unsigned int i, n = variant->thumb ? ARRAY_SIZE(t32_loop) :
					     ARRAY_SIZE(a32_loop);
	uint32_t sum = (uint32_t)((uint64_t)A32_LOOPS * (A32_LOOPS + 1) / 2);
	struct itimerval it = { .it_value.tv_usec = A32_SIGNAL_MS * 1000 };
	uint64_t pfr0, v, exits0, exits1, spsr;
	struct guest_code code;
	char dirs[1][96], buf[200];
	struct hvx_regs r;
	int rc;

	code_init(&code, RAM_BASE);
	emit(&code, A64_MRS(1, SR_ID_AA64PFR0_EL1));
	emit(&code, A64_STR_X(1, 3));		/* report ID_AA64PFR0_EL1 */
	emit(&code, A64_MSR(SR_CPACR_EL1, 16));
	emit(&code, A64_MSR(SR_VBAR_EL1, 10));
	emit(&code, A64_MSR(SR_ELR_EL1, 11));
	emit(&code, A64_MSR(SR_SPSR_EL1, 12));
	emit(&code, A64_ISB);
	emit(&code, A64_MOV(0, 13));		/* r0: the count */
	emit(&code, A64_MOV(1, 31));		/* r1: the sum, 0 */
	emit(&code, A64_MOV(2, 31));
	emit(&code, A64_ERET);
	code_pad_to(&code, A32_CODE);
	for (i = 0; i < n; i++)
		emit(&code, loop[i]);
	code_pad_to(&code, A32_LOW_SYNC);
	emit_mov64(&code, 3, REPORT);
	emit(&code, A64_STR_W(1, 3));		/* report w1: the sum */
	emit(&code, A64_STR_W(2, 3));		/* report w2: the sum via s0 */
	emit(&code, A64_MRS(1, SR_ESR_EL1));
	emit(&code, A64_STR_X(1, 3));		/* report ESR_EL1 */
	emit(&code, A64_MRS(1, SR_SPSR_EL1));
	emit(&code, A64_STR_X(1, 3));		/* report SPSR_EL1 */
	emit_mov64(&code, 0, PSCI_SYSTEM_OFF);
	emit(&code, A64_HVC0);
	start_guest(_metadata, &self->c, &code, 0);
	self->c.regs.x[10] = A32_VBAR;
	self->c.regs.x[11] = A32_CODE;
	self->c.regs.x[12] = SPSR32_USR | SPSR32_AIF |
			     (variant->thumb ? SPSR32_T : 0);
	self->c.regs.x[13] = A32_LOOPS;
	self->c.regs.x[16] = CPACR_FPEN;
	ctx_set_regs(_metadata, &self->c);

	pfr0 = expect_report(_metadata, &self->c);
	if (ID_EL0(pfr0) != ID_EL0_AARCH32)
		SKIP(return, "no AArch32 at EL0 (ID_AA64PFR0_EL1 0x%llx)",
		     (unsigned long long)pfr0);
	expect_vm_dirs(_metadata, 1, dirs, 1);
	exits0 = vm_stat(dirs[0], "exits");

	/* A signal while the guest loops in AArch32. */
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	rc = vcpu_run(self->c.vcpu);
	ASSERT_TRUE(rc == EINTR && self->c.run->exit_reason == HVX_EXIT_INTR) {
		TH_LOG("expected HVX_EXIT_INTR, %d ms into the %s loop; got rc %d (%s), %s",
		       A32_SIGNAL_MS, variant->thumb ? "T32" : "A32", rc,
		       strerror(rc), exit_str(self->c.run, buf, sizeof(buf)));
	}
	get_regs(_metadata, &self->c, &r);
	TH_LOG("interrupted at pc 0x%llx, pstate 0x%llx, r0 0x%llx",
	       (unsigned long long)r.pc, (unsigned long long)r.pstate,
	       (unsigned long long)r.x[0]);
	EXPECT_EQ(SPSR32_USR, r.pstate & SPSR32_MODE_MASK);
	EXPECT_EQ(variant->thumb ? SPSR32_T : 0, r.pstate & SPSR32_T);
	EXPECT_TRUE(r.pc >= A32_CODE && r.pc < A32_CODE + 4 * n);
	EXPECT_EQ(0, vcpu_set_regs(self->c.vcpu, &r)) {
		TH_LOG("SET_REGS refused the AArch32 User state GET_REGS gave, pstate 0x%llx",
		       (unsigned long long)r.pstate);
	}

	v = expect_mmio_len(_metadata, &self->c, 4);
	EXPECT_EQ(sum, v) {
		TH_LOG("the %s loop's sum is 0x%llx, expected 0x%x",
		       variant->thumb ? "T32" : "A32", (unsigned long long)v,
		       sum);
	}
	exits1 = vm_stat(dirs[0], "exits");
	TH_LOG("%llu exits from EL2 while the guest ran AArch32 code",
	       (unsigned long long)(exits1 - exits0 - 1));
	/* The signal's own, and the timer ticks of the loop. */
	EXPECT_LE(2, exits1 - exits0 - 1);
	v = expect_mmio_len(_metadata, &self->c, 4);
	EXPECT_EQ(sum, v) {
		TH_LOG("r2, through s0, is 0x%llx", (unsigned long long)v);
	}
	v = expect_report(_metadata, &self->c);
	EXPECT_EQ(ESR_EC_SVC32, ESR_EC(v)) {
		TH_LOG("ESR_EL1 0x%llx at the SVC", (unsigned long long)v);
	}
	spsr = expect_report(_metadata, &self->c);
	EXPECT_EQ(SPSR32_USR | (variant->thumb ? SPSR32_T : 0),
		  spsr & (SPSR32_MODE_MASK | SPSR32_T)) {
		TH_LOG("SPSR_EL1 0x%llx at the SVC", (unsigned long long)spsr);
	}
	expect_system_event(_metadata, &self->c, HVX_SYSTEM_EVENT_SHUTDOWN, 0);
}

#include "lib/hvx_vm_test_end.h"
