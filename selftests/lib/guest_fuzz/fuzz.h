/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hostile-guest generator (hvx_guest_fuzz.c): the guest memory layout
 * its generated guests share with their exception harness
 * (harness.S). Included by C and by assembly.
 *
 *   RAM page 0        the harness: EL1 vector table, handler (read-only by
 *                     convention only: the guest may overwrite it)
 *   RAM page 1        the harness's data (FD_* below), written by the host
 *   RAM pages 2..9    the generated payload, up to FUZZ_PAYLOAD_MAX words,
 *                     zeros after it (UDF #0: the harness's end)
 *   RAM pages 10..28  scratch memory for the payload's loads and stores;
 *                     SP_EL1 at its top
 *   RAM pages 29..31  stage-1 translation tables, for the guests that run
 *                     with the MMU on (the payload may overwrite them too)
 */
#ifndef HVX_GUEST_FUZZ_H
#define HVX_GUEST_FUZZ_H

#include <hvx/guest-platform.h>

#define FUZZ_RAM_BASE		GUEST_RAM_BASE
#define FUZZ_RAM_SIZE		0x20000		/* 128 KiB */
#define FUZZ_DATA		(FUZZ_RAM_BASE + 0x1000)
#define FUZZ_PAYLOAD		(FUZZ_RAM_BASE + 0x2000)
#define FUZZ_PAYLOAD_MAX	2048		/* words: 8 pages */
#define FUZZ_SCRATCH		(FUZZ_RAM_BASE + 0xa000)
#define FUZZ_TABLES		(FUZZ_RAM_BASE + FUZZ_RAM_SIZE - 0x3000)
#define FUZZ_SCRATCH_SIZE	(FUZZ_TABLES - FUZZ_SCRATCH)

/*
 * Where the harness reports how the guest ended, by three 64-bit stores
 * (MMIO exits): exceptions taken, the last ESR_EL1 and ELR_EL1. Outside
 * RAM and away from anything the generator aims loads and stores at; with
 * the MMU on, in a 2 MiB block of its own, EL1's only (PAN).
 */
#define FUZZ_REPORT		0x7fe00000
#define FR_COUNT		0
#define FR_ESR			8
#define FR_ELR			16

/*
 * The vGIC hvx_guest_fuzz gives most guests (HVX_VM_CREATE_GIC) is at the
 * guest platform's addresses: GUEST_GICD_BASE, and a redistributor per
 * vCPU from GUEST_GICR_BASE (include/hvx/guest-platform.h).
 */

/* The data page: 64-bit fields. */
#define FD_COUNT		0	/* exceptions taken so far */
#define FD_CAP			8	/* finish at this many */
#define FD_START		16	/* the payload: [FD_START, FD_END) */
#define FD_END			24
#define FD_ESR			32	/* of the last exception */
#define FD_ELR			40
#define FD_REPORT		48	/* FUZZ_REPORT */

/* SPSR_EL1.IL: an illegal exception return happened. */
#define FUZZ_PSR_IL		(1 << 20)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#include <linux/hvx.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif

/* harness.S: its bytes, copied to FUZZ_RAM_BASE. */
extern const unsigned char fuzz_harness[], fuzz_harness_end[];

/* gen.c: the generator. A splitmix64 stream: one per VM, from its seed. */
struct fuzz_rng {
	uint64_t s;
};

uint64_t fuzz_rnd(struct fuzz_rng *r);
/* 0 .. @n - 1 (@n > 0) */
uint32_t fuzz_below(struct fuzz_rng *r, uint32_t n);

/* What a payload is made of. */
enum fuzz_mode {
	FUZZ_MODE_RANDOM,	/* random words, branches kept short and forward */
	FUZZ_MODE_SYSREG,	/* MRS/MSR/SYS over the whole encoding space */
	FUZZ_MODE_SPECIAL,	/* calls, exceptions, WFx, ERET, odd accesses */
	FUZZ_MODE_MIXED,	/* all of them */
	FUZZ_MODE_GIC,		/* the vGIC and the timers (gen-gic.c) */
	FUZZ_MODES
};

#define FUZZ_MAX_VCPUS		2

/* One generated guest: its payload and its vCPUs' starting state. */
struct fuzz_guest {
	enum fuzz_mode mode;
	uint64_t pstate;		/* starting PSTATE: EL0t, EL1t or EL1h */
	unsigned int nr_vcpus;
	bool vcpu1_off;			/* vCPU 1 waits for a PSCI CPU_ON */
	uint64_t cap;			/* FD_CAP */
	bool timer_wakes;		/* WFI returns at once (timer expired) */
	bool mmu;			/* starts with the MMU on, tables below */
	bool gic;			/* has a vGIC (HVX_VM_CREATE_GIC) */
	uint32_t nr_irqs;		/* its INTIDs */
	uint64_t tables[3][512];	/* at FUZZ_TABLES: levels 1, 2, 3 */
	unsigned int nr_words;
	uint32_t payload[FUZZ_PAYLOAD_MAX];
	/* per vCPU: applied over its reset registers by fuzz_regs() */
	struct {
		uint64_t x[31], sp, pstate;
		uint64_t sctlr_set, cntkctl, mdscr, cpacr;
	} init[FUZZ_MAX_VCPUS];
};

/* @g from @seed; AArch32 EL0 entries by ERET only if @aarch32. */
void fuzz_generate(struct fuzz_guest *g, uint64_t seed, bool aarch32);
/* vCPU @id's starting registers: @r holds its reset registers. */
void fuzz_regs(const struct fuzz_guest *g, unsigned int id, struct hvx_regs *r);
const char *fuzz_mode_name(enum fuzz_mode mode);
#endif

#endif /* HVX_GUEST_FUZZ_H */
