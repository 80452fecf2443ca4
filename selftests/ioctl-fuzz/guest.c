// SPDX-License-Identifier: GPL-2.0
/*
 * Guests for the fuzzer's VMs, hand-encoded (lib/hvx_vm.h's encoder).
 *
 * The hostile guest: a loop over a table in its RAM, five words an entry:
 * x0-x3 for an HVC #0 (PSCI, SMCCC, hvx guest calls, anything), then an
 * address x4 it stores x1 to and loads from (MMIO, its own RAM, past the
 * IPA space). Secondary vCPUs started by CPU_ON run the same loop.
 */
#include "fuzz.h"

#define GUEST_VECTORS_OFF	0x800	/* VBAR_EL1: 2 KiB aligned */
#define GUEST_VECTOR_SIZE	0x80
#define GUEST_NR_VECTORS	16
#define GUEST_TABLE_OFF		0x1000
#define GUEST_SCRATCH_OFF	0x4000
#define A64_CMP(rn, rm)		(0xeb00001fU | ((uint32_t)(rm) << 16) | \
				 ((uint32_t)(rn) << 5))	/* cmp xRn, xRm */
#define A64_B(off)		(0x14000000U | (((uint32_t)(off) >> 2) & 0x3ffffff))
#define A64_WFI			0xd503207fU
#define A64_ERET		0xd69f03e0U
#define A64_ISB			0xd5033fdfU
#define A64_ADD_IMM(rd, rn, imm) (0x91000000U | ((uint32_t)(imm) << 10) | \
				  ((uint32_t)(rn) << 5) | (uint32_t)(rd))
#define SR_ELR_EL1		A64_SYSREG(0, 4, 0, 1)
#define SR_VBAR_EL1		A64_SYSREG(0, 12, 0, 0)
#define PSCI_AFFINITY_INFO	0xc4000004U
#define PSCI_CPU_SUSPEND	0x84000001U
#define PSCI_FEATURES		0x8400000aU
#define SMCCC_VERSION		0x80000000U
#define SMCCC_ARCH_FEATURES	0x80000001U

/*
 * The loop over the table; then, at GUEST_VECTORS_OFF, vectors that step
 * over whatever instruction took an exception (an injected abort, an
 * UNDEFINED), so that the loop goes on. Each vCPU that runs the loop
 * points its VBAR_EL1 there first.
 */
static void guest_table_loop(struct guest_code *c, uint64_t table,
			     unsigned int entries)
{
	uint64_t again, loop;
	unsigned int i;

	emit_mov64(c, 21, c->base + GUEST_VECTORS_OFF);
	emit(c, A64_MSR(SR_VBAR_EL1, 21));
	emit(c, A64_ISB);
	emit_mov64(c, 22, table);
	emit_mov64(c, 23, table + entries * 8ULL * GUEST_ENTRY_WORDS);
	again = emit(c, A64_MOV(20, 22));
	loop = emit(c, A64_LDR_X_POST8(0, 20));
	emit(c, A64_LDR_X_POST8(1, 20));
	emit(c, A64_LDR_X_POST8(2, 20));
	emit(c, A64_LDR_X_POST8(3, 20));
	emit(c, A64_LDR_X_POST8(4, 20));
	emit(c, A64_HVC0);
	emit(c, A64_STR_X(0, 4));	/* the call's result */
	emit(c, A64_LDR_X(5, 4));
	emit(c, A64_CMP(20, 23));
	emit(c, A64_BNE(loop - code_here(c)));
	emit(c, A64_B(again - code_here(c)));
	for (i = 0; i < GUEST_NR_VECTORS; i++) {
		code_pad_to(c, c->base + GUEST_VECTORS_OFF + i * GUEST_VECTOR_SIZE);
		emit(c, A64_MRS(9, SR_ELR_EL1));
		emit(c, A64_ADD_IMM(9, 9, 4));
		emit(c, A64_MSR(SR_ELR_EL1, 9));
		emit(c, A64_ERET);
	}
}

/* A CPU_ON entry point: the loop, or one at the edges of RAM and 2^64. */
static uint64_t cpu_on_entry(struct rnd *r, uint64_t ram_size)
{
	switch (rnd_below(r, 10)) {
	case 0:
		return RAM_BASE + ram_size - 4;		/* last word: fine */
	case 1:
		return RAM_BASE + ram_size;		/* just past */
	case 2:
		return RAM_BASE - 4;
	case 3:
		return 0 - 4ULL;			/* + 4 wraps to 0 */
	case 4:
		return 0 - 4ULL * (2 + rnd_below(r, 4));
	case 5:
		return fz_u64(r);
	default:
		return RAM_BASE;
	}
}

/*
 * Table entry @i: a call and an address, chosen to reach every path. A
 * CPU_ON stores its result at GUEST_REPORT_BASE + 8 * i, for the VM
 * worker to check.
 */
static void guest_entry(struct rnd *r, uint64_t *e, unsigned int i,
			uint64_t ram_size, unsigned int nr_vcpus)
{
	static const uint32_t calls[] = {
		PSCI_VERSION, PSCI_CPU_ON, PSCI_CPU_ON, PSCI_CPU_OFF,
		PSCI_AFFINITY_INFO, PSCI_CPU_SUSPEND, PSCI_FEATURES,
		SMCCC_VERSION, SMCCC_ARCH_FEATURES, SMCCC_SIP_CALL0,
		HVX_GUEST_CALL_NOP, HVX_GUEST_CALL_VERSION,
		HVX_GUEST_CALL_FEATURES, HVX_GUEST_CALL_VCPU_ID,
		HVX_GUEST_CALL_YIELD, HVX_GUEST_CALL_CONSOLE_WRITE,
		HVX_GUEST_CALL_CONSOLE_READ, HVX_GUEST_CALL_LOG,
		HVX_GUEST_CALL(HVX_GUEST_NR_CALLS), 0xc6000000U | 0xffff,
	};
	uint64_t fn = calls[rnd_below(r, ARRAY_SIZE(calls))];

	e[0] = rnd_one_in(r, 16) ? fz_u64(r) : fn;
	e[1] = rnd_below(r, 3) ? rnd_below(r, 48) : fz_u64(r);
	e[2] = fz_u64(r);
	e[3] = rnd_u64(r);
	if (fn == PSCI_CPU_ON) {
		e[1] = rnd_one_in(r, 4) ? fz_u64(r) :
		       HVX_VCPU_MPIDR(rnd_below(r, nr_vcpus + 1));
		e[2] = cpu_on_entry(r, ram_size);
	}
	switch (rnd_below(r, 8)) {
	case 0: case 1: case 2:		/* MMIO */
		e[4] = MMIO_BASE + (rnd_below(r, 0x10000) & ~7ULL);
		break;
	case 3:				/* its own scratch RAM */
		e[4] = RAM_BASE + GUEST_SCRATCH_OFF +
		       (rnd_below(r, ram_size - GUEST_SCRATCH_OFF) & ~7ULL);
		break;
	case 4:				/* just past RAM */
		e[4] = RAM_BASE + ram_size + (rnd_below(r, 4) * 8);
		break;
	case 5:				/* a vGIC's registers, if it has one */
		e[4] = rnd_one_in(r, 2) ?
		       GUEST_GICD_BASE + (rnd_below(r, 0x10000) & ~7ULL) :
		       GUEST_GICR_BASE + (rnd_below(r, 0x80000) & ~7ULL);
		break;
	default:			/* anywhere: IPA limit, 2^64 */
		e[4] = fz_u64(r) & ~7ULL;
		break;
	}
	/* Its code and table stay as written: what the checks rely on. */
	if (e[4] - RAM_BASE < GUEST_SCRATCH_OFF)
		e[4] += GUEST_SCRATCH_OFF;
	if (e[0] == PSCI_CPU_ON)
		e[4] = GUEST_REPORT_BASE + 8ULL * i;
}

/* A rare shutdown: the VM ends for every vCPU at once. */
static void guest_shutdown_entry(struct rnd *r, uint64_t *e)
{
	static const uint64_t fns[] = { PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
					HVX_GUEST_CALL_SHUTDOWN };

	e[0] = fns[rnd_below(r, 3)];
	e[1] = rnd_below(r, 3);
	e[4] = MMIO_BASE;
}

/*
 * Write a guest of @kind into RAM at RAM_BASE; 0 or an errno. @table, if
 * not NULL, gets the table of a G_TABLE guest.
 */
int guest_load(struct worker *w, int vm, enum guest_kind kind,
	       uint64_t ram_size, unsigned int nr_vcpus, uint64_t *table)
{
	static uint64_t t[GUEST_ENTRIES * GUEST_ENTRY_WORDS];
	static struct guest_code code;
	unsigned int i;
	int ret;

	code_init(&code, RAM_BASE);
	switch (kind) {
	case G_TABLE:
		guest_table_loop(&code, RAM_BASE + GUEST_TABLE_OFF, GUEST_ENTRIES);
		for (i = 0; i < GUEST_ENTRIES; i++)
			guest_entry(&w->r, &t[GUEST_ENTRY_WORDS * i], i,
				    ram_size, nr_vcpus);
		i = rnd_below(&w->r, GUEST_ENTRIES);
		if (rnd_one_in(&w->r, 4))
			guest_shutdown_entry(&w->r, &t[GUEST_ENTRY_WORDS * i]);
		if (table)
			memcpy(table, t, sizeof(t));
		ret = fz_vm_write(w, vm, RAM_BASE + GUEST_TABLE_OFF, t,
				  sizeof(t));
		if (ret)
			return ret;
		break;
	case G_SPIN:
		emit(&code, A64_B_SELF);
		break;
	case G_WFI:
		emit(&code, A64_WFI);
		emit(&code, A64_B(-4));
		break;
	case G_GARBAGE:
		for (i = 0; i < 256; i++)
			emit(&code, rnd_u64(&w->r));
		break;
	case G_ZERO:
		return 0;	/* zeroed RAM: UDF #0 */
	default:
		break;
	}
	return fz_vm_write(w, vm, code.base, code.insn, 4ULL * code.n);
}
