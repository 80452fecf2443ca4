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

#define GUEST_TABLE_OFF		0x1000
#define GUEST_ENTRIES		64
#define GUEST_ENTRY_WORDS	5
#define GUEST_SCRATCH_OFF	0x4000
#define A64_CMP(rn, rm)		(0xeb00001fU | ((uint32_t)(rm) << 16) | \
				 ((uint32_t)(rn) << 5))	/* cmp xRn, xRm */
#define A64_B(off)		(0x14000000U | (((uint32_t)(off) >> 2) & 0x3ffffff))
#define A64_WFI			0xd503207fU
#define PSCI_AFFINITY_INFO	0xc4000004U
#define PSCI_CPU_SUSPEND	0x84000001U
#define PSCI_FEATURES		0x8400000aU
#define SMCCC_VERSION		0x80000000U
#define SMCCC_ARCH_FEATURES	0x80000001U

static void guest_table_loop(struct guest_code *c, uint64_t table,
			     unsigned int entries)
{
	uint64_t again, loop;

	emit_mov64(c, 22, table);
	emit_mov64(c, 23, table + entries * 8ULL * GUEST_ENTRY_WORDS);
	again = emit(c, A64_MOV(20, 22));
	loop = emit(c, A64_LDR_X_POST8(0, 20));
	emit(c, A64_LDR_X_POST8(1, 20));
	emit(c, A64_LDR_X_POST8(2, 20));
	emit(c, A64_LDR_X_POST8(3, 20));
	emit(c, A64_LDR_X_POST8(4, 20));
	emit(c, A64_HVC0);
	emit(c, A64_STR_X(1, 4));
	emit(c, A64_LDR_X(5, 4));
	emit(c, A64_CMP(20, 23));
	emit(c, A64_BNE(loop - code_here(c)));
	emit(c, A64_B(again - code_here(c)));
}

/* One table entry: a call and an address, chosen to reach every path. */
static void guest_entry(struct rnd *r, uint64_t *e, uint64_t ram_size,
			unsigned int nr_vcpus)
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
	uint64_t fn = calls[rnd_below(r, sizeof(calls) / sizeof(calls[0]))];

	e[0] = rnd_one_in(r, 16) ? fz_u64(r) : fn;
	e[1] = rnd_below(r, 3) ? rnd_below(r, 48) : fz_u64(r);
	e[2] = fz_u64(r);
	e[3] = rnd_u64(r);
	if (fn == PSCI_CPU_ON) {
		e[1] = rnd_one_in(r, 4) ? fz_u64(r) :
		       HVX_VCPU_MPIDR(rnd_below(r, nr_vcpus + 1));
		e[2] = rnd_below(r, 4) ? RAM_BASE : fz_u64(r);
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
	default:			/* anywhere: IPA limit, 2^64 */
		e[4] = fz_u64(r) & ~7ULL;
		break;
	}
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

/* Write a guest of @kind into RAM at RAM_BASE; 0 or an errno. */
int guest_load(struct worker *w, int vm, enum guest_kind kind,
		      uint64_t ram_size, unsigned int nr_vcpus)
{
	static struct guest_code code;
	static uint64_t table[GUEST_ENTRIES * GUEST_ENTRY_WORDS];
	unsigned int i;
	int ret;

	code_init(&code, RAM_BASE);
	switch (kind) {
	case G_TABLE:
		guest_table_loop(&code, RAM_BASE + GUEST_TABLE_OFF, GUEST_ENTRIES);
		for (i = 0; i < GUEST_ENTRIES; i++)
			guest_entry(&w->r, &table[GUEST_ENTRY_WORDS * i], ram_size, nr_vcpus);
		if (rnd_one_in(&w->r, 4))
			guest_shutdown_entry(&w->r,
				&table[GUEST_ENTRY_WORDS * rnd_below(&w->r, GUEST_ENTRIES)]);
		ret = fz_vm_write(w, vm, RAM_BASE + GUEST_TABLE_OFF, table,
				  sizeof(table));
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
