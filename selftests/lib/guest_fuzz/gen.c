// SPDX-License-Identifier: GPL-2.0
/*
 * The hostile-guest generator's payloads (hvx_guest_fuzz.c): from one
 * seed, a stream of aarch64 instructions and the starting state of the
 * vCPUs that run it, aimed at what EL2 handles for a guest.
 *
 * A payload is a sequence of chunks, each ending in the instruction it is
 * about, preceded by the MOVZ/MOVK that give its registers their values:
 * - random words: anything the decoder takes, with immediate branches
 *   made short and forward and register branches mostly made NOPs, so that
 *   the stream goes on instead of leaving its RAM at the first branch;
 * - system instructions: MRS, MSR and SYS (op0 1, 2, 3; some op0 0: MSR
 *   immediate, hints, barriers) over the whole op1/CRn/CRm/op2 space, and
 *   more often registers EL2 traps or must switch (a table below), with
 *   values chosen to hurt (all ones, single bits, addresses);
 * - the rest: hvx's guest calls through the HVC, BRK and DCC doors with
 *   boundary arguments, the VMware backdoor, PSCI and other SMCCC calls
 *   over HVC and SMC, HVC/SMC/BRK/SVC/HLT with any immediate, WFI, WFE and
 *   other hints, ERET to every mode (illegal ones too) with SPSR.SS,
 *   MDSCR_EL1 (single step, debug enables, TDCC), FP/SIMD, and loads,
 *   stores, exclusives, atomics, pairs, SIMD accesses and cache, address
 *   translation operations on addresses at the edges of RAM, devices,
 *   the IPA limit and beyond.
 * At EL0 most of it is UNDEFINED at the guest's EL1: what is left is what
 * EL0 reaches of EL2 (the BRK and DCC doors, the registers EL1 opened to
 * it with SCTLR_EL1 and CNTKCTL_EL1 bits set at random).
 */
#include <string.h>

#include <hvx-guest.h>

#include "../hvx_vm.h"
#include "gen.h"

uint64_t fuzz_rnd(struct fuzz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t fuzz_below(struct fuzz_rng *r, uint32_t n)
{
	return (uint32_t)(fuzz_rnd(r) % n);
}

/* true one time in @n */
bool one_in(struct fuzz_rng *r, uint32_t n)
{
	return fuzz_below(r, n) == 0;
}

const char *fuzz_mode_name(enum fuzz_mode mode)
{
	static const char * const names[FUZZ_MODES] = {
		"random", "sysreg", "special", "mixed", "gic",
	};

	return mode < FUZZ_MODES ? names[mode] : "?";
}

/* --- addresses and values ------------------------------------------------ */

#define RAM_END			(FUZZ_RAM_BASE + (uint64_t)FUZZ_RAM_SIZE)
#define IPA_LIMIT		(1ULL << HVX_GUEST_IPA_BITS)

/* An address for a load, store or cache operation. */
static uint64_t pick_addr(struct fuzz_rng *r)
{
	switch (fuzz_below(r, 20)) {
	case 0: case 1: case 2: case 3: case 4:
		return FUZZ_SCRATCH + (fuzz_below(r, FUZZ_SCRATCH_SIZE) & ~7U);
	case 5:
		return FUZZ_SCRATCH + fuzz_below(r, FUZZ_SCRATCH_SIZE);
	case 6:
		return RAM_END - 16 + fuzz_below(r, 32);	/* across the end */
	case 7:
		return FUZZ_RAM_BASE - 16 + fuzz_below(r, 32);	/* and the start */
	case 8:
		return FUZZ_PAYLOAD + 4 * fuzz_below(r, FUZZ_PAYLOAD_MAX);
	case 9:
		return GUEST_GICD_BASE + (fuzz_below(r, 0x10000) & ~3U);
	case 10:
		return GUEST_GICR_BASE + (fuzz_below(r, 0x40000) & ~3U);
	case 11:
		return GUEST_UART_BASE + (fuzz_below(r, 0x1000) & ~3U);
	case 12:
		return fuzz_below(r, 0x100) * 8;		/* page 0 */
	case 13:
		return IPA_LIMIT - 16 + fuzz_below(r, 32);	/* the IPA limit */
	case 14:
		return (1ULL << (40 + fuzz_below(r, 12))) - 8 + fuzz_below(r, 16);
	case 15:
		return ~0ULL - fuzz_below(r, 16);
	case 16:
		return fuzz_rnd(r) & (IPA_LIMIT - 1);
	case 17:
		return fuzz_rnd(r);
	case 18:
		/* the harness and its data: rarely */
		return one_in(r, 4) ? FUZZ_RAM_BASE + (fuzz_rnd(r) & 0x1ff8) :
				      FUZZ_SCRATCH;
	default:
		return RAM_END + fuzz_below(r, 0x10000);	/* after RAM */
	}
}

/* A value for a register: boundaries, bits, addresses, noise. */
uint64_t pick_value(struct fuzz_rng *r)
{
	static const uint64_t fixed[] = {
		0, ~0ULL, 0x8000000000000000ULL, 0x7fffffffffffffffULL,
		0xffffffffULL, 0x100000000ULL, 0x80000000ULL,
	};

	switch (fuzz_below(r, 12)) {
	case 0:
	case 1:
		return fixed[fuzz_below(r, ARRAY_SIZE(fixed))];
	case 2:
		return 1ULL << fuzz_below(r, 64);
	case 3:
		return ~(1ULL << fuzz_below(r, 64));
	case 4:
		return fuzz_below(r, 64);
	case 5:
		return -(uint64_t)fuzz_below(r, 4096);
	case 6:
		return (uint32_t)fuzz_rnd(r);
	case 7:
	case 8:
		return pick_addr(r);
	case 9:
		return fuzz_rnd(r) & 0xffff;
	default:
		return fuzz_rnd(r);
	}
}

/* --- emitting ------------------------------------------------------------ */

void put(struct gen *s, uint32_t insn)
{
	if (s->n < s->max)
		s->g->payload[s->n++] = insn;
}

/* The guest address of the next word. */
static uint64_t here(const struct gen *s)
{
	return FUZZ_PAYLOAD + 4ULL * s->n;
}

/* x@rd = @v in four instructions, whatever @v is (fixed length). */
void mov64(struct gen *s, unsigned int rd, uint64_t v)
{
	if (rd == 31)
		return;
	put(s, A64_MOVZ(rd, v, 0));
	put(s, A64_MOVK(rd, v >> 16, 1));
	put(s, A64_MOVK(rd, v >> 32, 2));
	put(s, A64_MOVK(rd, v >> 48, 3));
}

/* A register number 0-30, or 31 (XZR) once in @zr_one_in. */
unsigned int pick_reg(struct fuzz_rng *r, uint32_t zr_one_in)
{
	return one_in(r, zr_one_in) ? 31 : fuzz_below(r, 31);
}

/* --- random words -------------------------------------------------------- */

#define A64_ERET		0xd69f03e0U
#define A64_WFI			0xd503207fU
#define A64_WFE			0xd503205fU

/*
 * Immediate branches made to jump 1-8 words forward, register branches
 * (BR, BLR, RET, ERET and the like) made NOPs: a random offset leaves the
 * 128 KiB of RAM almost always, and the VM would end at its first branch.
 * One in 16 is left as it is.
 */
static uint32_t tame_branch(struct fuzz_rng *r, uint32_t w)
{
	uint32_t fwd = 1 + fuzz_below(r, 8);

	if (one_in(r, 16))
		return w;
	if ((w & 0x7c000000) == 0x14000000)		/* B, BL */
		return (w & 0xfc000000) | fwd;
	if ((w & 0xff000000) == 0x54000000)		/* B.cond, BC.cond */
		return (w & 0xff00001f) | (fwd << 5);
	if ((w & 0x7e000000) == 0x34000000)		/* CBZ, CBNZ */
		return (w & 0xff00001f) | (fwd << 5);
	if ((w & 0x7e000000) == 0x36000000)		/* TBZ, TBNZ */
		return (w & 0xfff8001f) | (fwd << 5);
	if ((w & 0xfe000000) == 0xd6000000)		/* register branches */
		return A64_NOP;
	return w;
}

/*
 * AdvSIMD two-register miscellaneous (FP16), vector and scalar: QEMU 7.2's
 * decoder aborts the whole test VM on some unallocated ones
 * (disas_simd_two_reg_misc_fp16: "code should not be reached") instead
 * of an UNDEF. Not hvx's to test: left out, as NOPs.
 */
#define A64_SIMD_MISC_FP16_MASK		0x8f7e0c00U
#define A64_SIMD_MISC_FP16		0x0e780800U
#define A64_SIMD_SCALAR_MISC_FP16_MASK	0xdf7e0c00U
#define A64_SIMD_SCALAR_MISC_FP16	0x5e780800U

static uint32_t tame_qemu(uint32_t w)
{
	if ((w & A64_SIMD_MISC_FP16_MASK) == A64_SIMD_MISC_FP16 ||
	    (w & A64_SIMD_SCALAR_MISC_FP16_MASK) == A64_SIMD_SCALAR_MISC_FP16)
		return A64_NOP;
	return w;
}

static void gen_random_word(struct gen *s)
{
	put(s, tame_qemu(tame_branch(s->r, (uint32_t)fuzz_rnd(s->r))));
}

/* --- system instructions ------------------------------------------------- */

#define ENC_SCTLR_EL1		SYS_ENC(3, 0, 1, 0, 0)
#define ENC_VBAR_EL1		SYS_ENC(3, 0, 12, 0, 0)
#define ENC_MDSCR_EL1		SYS_ENC(2, 0, 0, 2, 2)
#define ENC_MDCCSR_EL0		SYS_ENC(2, 3, 0, 1, 0)
#define ENC_SPSR_EL1		SYS_ENC(3, 0, 4, 0, 0)
#define ENC_ELR_EL1		SYS_ENC(3, 0, 4, 0, 1)

/*
 * Registers worth more than their share of the random space: the EL1
 * state hvx switches, what it traps (debug, PMU, physical timer, GIC
 * SGIs, IMPLEMENTATION DEFINED, pointer authentication, MTE, RAS,
 * LORegions, SVE/SME, activity monitors, trace and profiling), EL2 and
 * EL12 registers EL1 must not reach, and maintenance operations.
 */
static const uint32_t known_regs[] = {
	/* EL1 and EL0 state, switched or left to the guest */
	ENC_SCTLR_EL1, SYS_ENC(3, 0, 1, 0, 1) /* ACTLR */,
	SYS_ENC(3, 0, 1, 0, 2) /* CPACR */, SYS_ENC(3, 0, 2, 0, 0) /* TTBR0 */,
	SYS_ENC(3, 0, 2, 0, 1) /* TTBR1 */, SYS_ENC(3, 0, 2, 0, 2) /* TCR */,
	ENC_SPSR_EL1, ENC_ELR_EL1, SYS_ENC(3, 0, 4, 1, 0) /* SP_EL0 */,
	SYS_ENC(3, 0, 4, 2, 0) /* SPSel */, SYS_ENC(3, 0, 4, 2, 2) /* CurrentEL */,
	SYS_ENC(3, 0, 4, 2, 3) /* PAN */, SYS_ENC(3, 3, 4, 2, 1) /* DAIF */,
	SYS_ENC(3, 3, 4, 2, 0) /* NZCV */, SYS_ENC(3, 3, 4, 4, 0) /* FPCR */,
	SYS_ENC(3, 0, 5, 2, 0) /* ESR */, SYS_ENC(3, 0, 6, 0, 0) /* FAR */,
	SYS_ENC(3, 0, 7, 4, 0) /* PAR */, SYS_ENC(3, 0, 10, 2, 0) /* MAIR */,
	SYS_ENC(3, 0, 10, 3, 0) /* AMAIR */, ENC_VBAR_EL1,
	SYS_ENC(3, 0, 12, 1, 0) /* ISR */, SYS_ENC(3, 0, 13, 0, 1) /* CONTEXTIDR */,
	SYS_ENC(3, 0, 13, 0, 4) /* TPIDR_EL1 */, SYS_ENC(3, 3, 13, 0, 2) /* TPIDR_EL0 */,
	SYS_ENC(3, 3, 13, 0, 3) /* TPIDRRO_EL0 */, SYS_ENC(3, 3, 13, 0, 5) /* TPIDR2_EL0 */,
	SYS_ENC(3, 0, 13, 0, 7) /* SCXTNUM_EL1 */, SYS_ENC(3, 0, 0, 0, 5) /* MPIDR */,
	SYS_ENC(3, 2, 0, 0, 0) /* CSSELR */, SYS_ENC(3, 1, 0, 0, 0) /* CCSIDR */,
	SYS_ENC(3, 3, 0, 0, 7) /* DCZID */, SYS_ENC(3, 0, 0, 4, 0) /* ID_AA64PFR0 */,
	SYS_ENC(3, 3, 2, 4, 0) /* RNDR */,
	/* timers */
	SYS_ENC(3, 0, 14, 1, 0) /* CNTKCTL */, SYS_ENC(3, 3, 14, 0, 0) /* CNTFRQ */,
	SYS_ENC(3, 3, 14, 0, 1) /* CNTPCT */, SYS_ENC(3, 3, 14, 0, 2) /* CNTVCT */,
	SYS_ENC(3, 3, 14, 2, 0) /* CNTP_TVAL */, SYS_ENC(3, 3, 14, 2, 1) /* CNTP_CTL */,
	SYS_ENC(3, 3, 14, 2, 2) /* CNTP_CVAL */, SYS_ENC(3, 3, 14, 3, 0) /* CNTV_TVAL */,
	SYS_ENC(3, 3, 14, 3, 1) /* CNTV_CTL */, SYS_ENC(3, 3, 14, 3, 2) /* CNTV_CVAL */,
	/* PMU */
	SYS_ENC(3, 3, 9, 12, 0) /* PMCR */, SYS_ENC(3, 3, 9, 12, 1) /* PMCNTENSET */,
	SYS_ENC(3, 3, 9, 13, 0) /* PMCCNTR */, SYS_ENC(3, 3, 9, 14, 0) /* PMUSERENR */,
	SYS_ENC(3, 0, 9, 14, 1) /* PMINTENSET */, SYS_ENC(3, 3, 14, 15, 7) /* PMCCFILTR */,
	/* GICv3 CPU interface */
	SYS_ENC(3, 0, 4, 6, 0) /* ICC_PMR */, SYS_ENC(3, 0, 12, 12, 0) /* ICC_IAR1 */,
	SYS_ENC(3, 0, 12, 12, 1) /* ICC_EOIR1 */, SYS_ENC(3, 0, 12, 12, 4) /* ICC_CTLR */,
	SYS_ENC(3, 0, 12, 12, 5) /* ICC_SRE */, SYS_ENC(3, 0, 12, 12, 7) /* ICC_IGRPEN1 */,
	SYS_ENC(3, 0, 12, 11, 5) /* ICC_SGI1R */, SYS_ENC(3, 0, 12, 11, 6) /* ICC_ASGI1R */,
	SYS_ENC(3, 0, 12, 11, 7) /* ICC_SGI0R */, SYS_ENC(3, 0, 12, 11, 1) /* ICC_DIR */,
	SYS_ENC(3, 0, 12, 8, 0) /* ICC_IAR0 */, SYS_ENC(3, 0, 12, 9, 0) /* ICC_AP1R0 */,
	/* debug */
	ENC_MDSCR_EL1, ENC_MDCCSR_EL0, SYS_ENC(2, 3, 0, 4, 0) /* DBGDTR_EL0 */,
	SYS_ENC(2, 3, 0, 5, 0) /* DBGDTRRX_EL0 */, SYS_ENC(2, 0, 0, 2, 0) /* MDCCINT */,
	SYS_ENC(2, 0, 1, 0, 4) /* OSLAR */, SYS_ENC(2, 0, 1, 1, 4) /* OSLSR */,
	SYS_ENC(2, 0, 1, 3, 4) /* OSDLR */, SYS_ENC(2, 0, 1, 4, 4) /* DBGPRCR */,
	SYS_ENC(2, 0, 0, 0, 4) /* DBGBVR0 */, SYS_ENC(2, 0, 0, 0, 5) /* DBGBCR0 */,
	SYS_ENC(2, 0, 0, 0, 6) /* DBGWVR0 */, SYS_ENC(2, 0, 0, 0, 7) /* DBGWCR0 */,
	SYS_ENC(2, 0, 1, 0, 0) /* MDRAR */, SYS_ENC(2, 0, 7, 8, 6) /* DBGCLAIMSET */,
	/* SVE, SME, pointer authentication, MTE, RAS, LOR, AMU, trace, SPE */
	SYS_ENC(3, 0, 1, 2, 0) /* ZCR_EL1 */, SYS_ENC(3, 0, 1, 2, 6) /* SMCR_EL1 */,
	SYS_ENC(3, 3, 4, 2, 2) /* SVCR */, SYS_ENC(3, 0, 2, 1, 0) /* APIAKEYLO */,
	SYS_ENC(3, 0, 1, 0, 6) /* GCR_EL1 */, SYS_ENC(3, 0, 5, 6, 0) /* TFSR_EL1 */,
	SYS_ENC(3, 0, 5, 3, 1) /* ERRSELR */, SYS_ENC(3, 0, 12, 1, 1) /* DISR */,
	SYS_ENC(3, 0, 10, 4, 3) /* LORC */, SYS_ENC(3, 3, 13, 2, 0) /* AMCR_EL0 */,
	SYS_ENC(3, 0, 1, 2, 1) /* TRFCR_EL1 */, SYS_ENC(3, 0, 9, 9, 0) /* PMSCR_EL1 */,
	/* IMPLEMENTATION DEFINED */
	SYS_ENC(3, 0, 15, 0, 0), SYS_ENC(3, 1, 15, 2, 0), SYS_ENC(3, 7, 15, 15, 7),
	/* EL2 and EL12 from below */
	SYS_ENC(3, 4, 1, 1, 0) /* HCR_EL2 */, SYS_ENC(3, 4, 12, 0, 0) /* VBAR_EL2 */,
	SYS_ENC(3, 4, 1, 0, 0) /* SCTLR_EL2 */, SYS_ENC(3, 4, 4, 0, 1) /* ELR_EL2 */,
	SYS_ENC(3, 4, 2, 1, 0) /* VTTBR_EL2 */, SYS_ENC(3, 4, 13, 0, 2) /* TPIDR_EL2 */,
	SYS_ENC(3, 4, 14, 1, 0) /* CNTHCTL_EL2 */, SYS_ENC(3, 4, 12, 11, 0) /* ICH_HCR */,
	SYS_ENC(3, 4, 12, 12, 0) /* ICH_LR0 */, SYS_ENC(3, 4, 1, 1, 1) /* MDCR_EL2 */,
	SYS_ENC(3, 4, 4, 1, 0) /* SP_EL1 */, SYS_ENC(3, 5, 1, 0, 0) /* SCTLR_EL12 */,
	SYS_ENC(3, 5, 14, 3, 1) /* CNTV_CTL_EL02 */,
	/* TLB, AT, cache maintenance (SYS: op0 1) */
	SYS_ENC(1, 0, 8, 3, 0) /* TLBI VMALLE1IS */, SYS_ENC(1, 0, 8, 3, 1) /* VAE1IS */,
	SYS_ENC(1, 4, 8, 7, 4) /* TLBI ALLE1 */, SYS_ENC(1, 4, 8, 7, 6) /* VMALLS12E1 */,
	SYS_ENC(1, 4, 8, 0, 1) /* IPAS2E1IS */, SYS_ENC(1, 4, 8, 7, 0) /* ALLE2 */,
	SYS_ENC(1, 0, 7, 8, 0) /* AT S1E1R */, SYS_ENC(1, 0, 7, 8, 3) /* AT S1E0W */,
	SYS_ENC(1, 4, 7, 8, 4) /* AT S12E1R */, SYS_ENC(1, 4, 7, 8, 0) /* AT S1E2R */,
	SYS_ENC(1, 0, 7, 6, 2) /* DC ISW */, SYS_ENC(1, 0, 7, 14, 2) /* DC CISW */,
	SYS_ENC(1, 0, 7, 6, 1) /* DC IVAC */, SYS_ENC(1, 3, 7, 4, 1) /* DC ZVA */,
	SYS_ENC(1, 3, 7, 14, 1) /* DC CIVAC */, SYS_ENC(1, 3, 7, 4, 3) /* DC GVA */,
	SYS_ENC(1, 0, 7, 1, 0) /* IC IALLUIS */, SYS_ENC(1, 3, 7, 5, 1) /* IC IVAU */,
};

#define SCTLR_M			(1ULL << 0)
#define SCTLR_C			(1ULL << 2)
#define SCTLR_I			(1ULL << 12)
/*
 * TCR_EL1: TTBR0 walks for 39-bit VAs (T0SZ 25), inner-shareable
 * write-back, 4 KiB granule; TTBR1 walks off (EPD1); 40-bit IPS.
 */
#define TCR_VALUE		(25ULL | 1ULL << 8 | 1ULL << 10 | 3ULL << 12 | \
				 25ULL << 16 | 1ULL << 23 | 2ULL << 32)
#define SCTLR_EE		(1ULL << 25)
#define SCTLR_E0E		(1ULL << 24)

/* @v for MSR @enc, with what hangs QEMU 7.2 kept out (gen.h). */
uint64_t cntv_safe(uint32_t enc, uint64_t v)
{
	if (enc == ENC_CNTV_CVAL_EL0)
		return v & ~(1ULL << 63);
	if (enc == ENC_CNTV_TVAL_EL0)
		return v & 0x7fffffff;
	return v;
}

/* A value for MSR @enc: SCTLR_EL1 and VBAR_EL1 mostly spare the harness. */
static uint64_t sysreg_value(struct fuzz_rng *r, uint32_t enc)
{
	uint64_t v = cntv_safe(enc, pick_value(r));

	/* With the MMU on over garbage, or big-endian, it cannot run. */
	if (enc == ENC_SCTLR_EL1 && !one_in(r, 4))
		v &= ~(SCTLR_M | SCTLR_EE | SCTLR_E0E);
	if (enc == ENC_VBAR_EL1 && !one_in(r, 4))
		v = FUZZ_RAM_BASE;
	return v;
}

/* op0 from 0-3: mostly 3, the registers; 0 is hints, barriers, PSTATE. */
static uint32_t random_sys_enc(struct fuzz_rng *r)
{
	static const uint8_t op0s[] = { 3, 3, 3, 3, 3, 2, 2, 1, 1, 0 };
	uint32_t op0 = op0s[fuzz_below(r, ARRAY_SIZE(op0s))];

	return SYS_ENC(op0, fuzz_below(r, 8), fuzz_below(r, 16),
		       fuzz_below(r, 16), fuzz_below(r, 8));
}

static void gen_sysreg(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	uint32_t enc, l = fuzz_below(r, 2);
	unsigned int rt = pick_reg(r, 8);

	if (fuzz_below(r, 2))
		enc = known_regs[fuzz_below(r, ARRAY_SIZE(known_regs))];
	else
		enc = random_sys_enc(r);
	/* (a register as it is may hold what hangs QEMU: gen.h) */
	if (!l && (!one_in(r, 3) || cntv_safe(enc, ~0ULL) != ~0ULL))
		mov64(s, rt, sysreg_value(r, enc));
	put(s, A64_SYS(l, enc, rt));
}

/* --- calls, exceptions, hints -------------------------------------------- */

#define A64_HVC(imm)		(0xd4000002U | ((uint32_t)(imm) & 0xffff) << 5)
#define A64_SMC(imm)		(0xd4000003U | ((uint32_t)(imm) & 0xffff) << 5)
#define A64_SVC(imm)		(0xd4000001U | ((uint32_t)(imm) & 0xffff) << 5)
#define A64_BRK(imm)		(0xd4200000U | ((uint32_t)(imm) & 0xffff) << 5)
#define A64_HLT(imm)		(0xd4400000U | ((uint32_t)(imm) & 0xffff) << 5)
#define VMWARE_MAGIC		0x564d5868ULL
#define VMWARE_PORT		0x5658ULL
#define VMWARE_IMM		0x86
#define VMWARE_MESSAGE		30
#define VMWARE_RPCI		0x49435052ULL
#define VMWARE_COOKIE		0x80000000ULL

/* One of hvx's guest call ids: mostly defined ones, SHUTDOWN seldom. */
static uint64_t pick_guest_call(struct fuzz_rng *r)
{
	uint32_t n = fuzz_below(r, HVX_GUEST_NR_CALLS + 4);
	uint64_t hi = one_in(r, 16) ? fuzz_rnd(r) << 32 : 0;

	if (n == 9 && !one_in(r, 4))		/* SHUTDOWN ends the VM */
		n = 0;
	if (one_in(r, 8))
		return hi | (0x86000000U | n);	/* the SMC32 convention */
	if (one_in(r, 16))
		return hi | (0xc6000000U | fuzz_below(r, 0x10000));
	return hi | HVX_GUEST_CALL(n);
}

/* PSCI and SMCCC ids; the ones ending the vCPU or the VM seldom. */
static uint64_t pick_firmware_call(struct fuzz_rng *r)
{
	static const uint32_t ids[] = {
		0x84000000, 0x84000001, 0xc4000001, 0x84000003, 0xc4000003,
		0x84000004, 0xc4000004, 0xc4000005, 0x84000006, 0xc4000007,
		0x8400000a, 0x8400000b, 0xc400000c, 0xc400000d, 0xc400000e,
		0x8400000f, 0xc4000010, 0xc4000011, 0xc4000012, 0x84000013,
		0x80000000, 0x80000001, 0x80000002, 0x80008000, 0x80007fff,
		0x80003fff, 0x84000050, 0xc4000053, 0x82000000, 0xc3000000,
		0xbf000000, 0xc5000000,
	};
	static const uint32_t enders[] = {
		0x84000002 /* CPU_OFF */, 0x84000008 /* SYSTEM_OFF */,
		0x84000009 /* SYSTEM_RESET */, 0xc4000012 /* SYSTEM_RESET2 */,
	};

	if (one_in(r, 40))
		return enders[fuzz_below(r, 4)];
	if (one_in(r, 8))
		return (uint32_t)fuzz_rnd(r);
	return ids[fuzz_below(r, ARRAY_SIZE(ids))];
}

/* An argument of a call: byte counts at their limits, vCPUs, addresses. */
static uint64_t pick_arg(struct fuzz_rng *r)
{
	static const uint64_t edges[] = { 0, 1, 15, 16, 17, 39, 40, 41 };

	if (one_in(r, 3))
		return edges[fuzz_below(r, 8)];
	if (one_in(r, 6))	/* a CPU_ON entry point in the payload */
		return FUZZ_PAYLOAD + 4ULL * fuzz_below(r, FUZZ_PAYLOAD_MAX);
	return pick_value(r);
}

static void set_args(struct gen *s, uint64_t x0)
{
	unsigned int i, n = 1 + fuzz_below(s->r, 6);

	mov64(s, 0, x0);
	for (i = 1; i <= n; i++)
		mov64(s, i, pick_arg(s->r));
}

/* A hvx guest call through one of its doors (or what looks like one). */
static void gen_guest_call(struct gen *s)
{
	struct fuzz_rng *r = s->r;

	set_args(s, pick_guest_call(r));
	switch (fuzz_below(r, 3)) {
	case 0:
		put(s, A64_HVC(one_in(r, 8) ? fuzz_below(r, 4) : 0));
		break;
	case 1:
		put(s, A64_BRK(one_in(r, 8) ? fuzz_rnd(r) : HVX_GUEST_BRK_IMM));
		break;
	default:
		mov64(s, 7, one_in(r, 8) ? pick_value(r) : HVX_GUEST_DCC_X7);
		put(s, A64_SYS(1, ENC_MDCCSR_EL0, pick_reg(r, 3)));
	}
}

/*
 * The commands hvx answers at EL2 and the host's (GETTIME 23, MESSAGE 30
 * with a type 0-7 and a protocol, a size or a word in x1, GETTIMEFULL 46
 * and 55), and some it does not.
 */
static void gen_vmware(struct gen *s)
{
	static const uint64_t cmds[] = {
		1, 10, 45, 68, 0, 2, 0xffff, 23, 30, 46, 55,
	};
	struct fuzz_rng *r = s->r;
	uint64_t x7 = 0x86ULL << 32 | (one_in(r, 2) ? 0xe : pick_value(r) & 0xffffffff);
	uint64_t cmd = cmds[fuzz_below(r, ARRAY_SIZE(cmds))];

	if (cmd == VMWARE_MESSAGE)
		cmd |= fuzz_below(r, 8) << 16;
	mov64(s, 0, one_in(r, 6) ? pick_value(r) : VMWARE_MAGIC);
	mov64(s, 1, one_in(r, 2) ? pick_value(r) :
		    VMWARE_RPCI | (one_in(r, 2) ? VMWARE_COOKIE : 0));
	mov64(s, 2, one_in(r, 6) ? pick_value(r) : cmd);
	mov64(s, 3, one_in(r, 6) ? pick_value(r) : VMWARE_PORT);
	mov64(s, 7, x7);
	switch (fuzz_below(r, 3)) {
	case 0:
		put(s, A64_SYS(1, ENC_MDCCSR_EL0, pick_reg(r, 2)));
		break;
	case 1:
		put(s, A64_BRK(VMWARE_IMM));
		break;
	default:
		put(s, A64_HVC(VMWARE_IMM));
	}
}

/* PSCI and SMCCC over HVC #0 or SMC #0, or any call with any immediate. */
static void gen_firmware_call(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	uint32_t imm = one_in(r, 4) ? (uint32_t)pick_value(r) : 0;
	uint64_t x0 = one_in(r, 6) ? pick_guest_call(r) : pick_firmware_call(r);

	set_args(s, x0);
	if (fuzz_below(r, 3))
		mov64(s, 1, fuzz_below(r, 4));	/* a vCPU's MPIDR, mostly */
	put(s, fuzz_below(r, 2) ? A64_HVC(imm) : A64_SMC(imm));
}

static void gen_exception(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	uint32_t imm = (uint32_t)pick_value(r);

	switch (fuzz_below(r, 4)) {
	case 0:
		put(s, A64_SVC(imm));
		break;
	case 1:
		put(s, A64_BRK(one_in(r, 3) ? 0 : imm));	/* BUG()'s */
		break;
	case 2:
		put(s, A64_HLT(imm));
		break;
	default:
		put(s, 0xd4a00001U | (imm & 0xffff) << 5);	/* DCPS1 */
	}
}

static void gen_hint(struct gen *s)
{
	static const uint32_t hints[] = {
		A64_WFI, A64_WFE, A64_WFI, A64_WFE, 0xd503209f /* SEV */,
		0xd50320bf /* SEVL */, 0xd503203f /* YIELD */,
		0xd5033fdf /* ISB */, 0xd5033f9f /* DSB SY */,
		0xd503305f /* CLREX */, 0xd50330ff /* SB */,
		0xd503221f /* ESB */, 0xd503229f /* CSDB */,
		0xd6bf03e0 /* DRPS */, 0xd503233f /* PACIASP */,
		0xd50323bf /* AUTIASP */,
	};

	put(s, hints[fuzz_below(s->r, ARRAY_SIZE(hints))]);
}

/* PSTATE.SS and PSTATE.IL in SPSR_ELx */
#define PSR_SS			(1ULL << 21)
#define PSR_IL			(1ULL << 20)
#define PSR_T32			(1ULL << 5)	/* AArch32: Thumb */

/*
 * ERET with a chosen SPSR_EL1 and ELR_EL1: to EL0 or EL1 and on with the
 * payload, with DAIF, flags and SS at random; sometimes to an illegal
 * mode (EL2, EL3, reserved: an illegal return, PSTATE.IL), a misaligned
 * or faraway pc; AArch32 EL0 only when asked for.
 */
static void gen_eret(struct gen *s)
{
	static const uint64_t modes[] = {
		PSR_MODE_EL0t, PSR_MODE_EL0t, PSR_MODE_EL1t, PSR_MODE_EL1h,
		PSR_MODE_EL1h, PSR_MODE_EL2t, PSR_MODE_EL2h, PSR_MODE_EL3h,
		0x1, 0x2, 0x3, 0x6, 0xe,
	};
	struct fuzz_rng *r = s->r;
	/* the word after the ERET: two mov64, two MSRs */
	uint64_t next = here(s) + 4 * (4 + 1 + 4 + 1 + 1);
	uint64_t spsr = modes[fuzz_below(r, ARRAY_SIZE(modes))];
	uint64_t elr = next;

	spsr |= fuzz_rnd(r) & (0xfULL << 28 | PSR_DAIF);
	if (one_in(r, 6))
		spsr |= PSR_SS;
	if (one_in(r, 16))
		spsr |= PSR_IL;
	if (one_in(r, 16))
		spsr = pick_value(r);
	if (s->aarch32 && one_in(r, 4))		/* AArch32 User, A32 or T32 */
		spsr = PSR_MODE32 | (fuzz_rnd(r) & (PSR_T32 | PSR_DAIF));
	if (!s->aarch32)
		spsr &= ~PSR_MODE32;
	if (one_in(r, 10))
		elr = one_in(r, 2) ? next + 1 + fuzz_below(r, 3) : pick_addr(r);
	mov64(s, 1, elr);
	put(s, A64_MSR(ENC_ELR_EL1, 1));
	mov64(s, 2, spsr);
	put(s, A64_MSR(ENC_SPSR_EL1, 2));
	put(s, A64_ERET);
}

/* MDSCR_EL1 bits: single step, debug enables, EL0's DCC access. */
#define MDSCR_SS		(1ULL << 0)
#define MDSCR_TDCC		(1ULL << 12)
#define MDSCR_KDE		(1ULL << 13)
#define MDSCR_MDE		(1ULL << 15)

static uint64_t pick_mdscr(struct fuzz_rng *r)
{
	static const uint64_t bits[] = { MDSCR_SS, MDSCR_TDCC, MDSCR_KDE, MDSCR_MDE };
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (fuzz_below(r, 2))
			v |= bits[i];
	return one_in(r, 8) ? pick_value(r) : v;
}

static void gen_mdscr(struct gen *s)
{
	unsigned int rt = pick_reg(s->r, 16);

	mov64(s, rt, pick_mdscr(s->r));
	put(s, A64_MSR(ENC_MDSCR_EL1, rt));
}

static void gen_fp(struct gen *s)
{
	static const uint32_t fp[] = {
		0x9e670020 /* fmov d0, x1 */, 0x9e660020 /* fmov x0, d1 */,
		0x1e622820 /* fadd d0, d1, d2 */, 0x4e218420 /* add v0.16b */,
		0x1e270020 /* fmov s0, w1 */, 0x0e000000 /* tbl */,
		0x04a0e3e0 /* SVE cntb x0 */, 0xd503477f /* SMSTART */,
		0x25d8e3e0 /* SVE ptrue */, 0xc0080000 /* SME zero {za} */,
	};

	put(s, fp[fuzz_below(s->r, ARRAY_SIZE(fp))]);
}

/* --- memory accesses ----------------------------------------------------- */

/* One access at [x@rn]: register number @rt (and @rs, the second one). */
static uint32_t pick_access(struct fuzz_rng *r, unsigned int rn,
			    unsigned int rt, unsigned int rs)
{
	uint32_t n = rn << 5;
	uint32_t size = fuzz_below(r, 4) << 30;

	switch (fuzz_below(r, 22)) {
	case 0: case 1: case 2:		/* LDR/STR/LDRS*, unsigned offset 0 */
		return size | 0x39000000 | fuzz_below(r, 4) << 22 | n | rt;
	case 3:				/* ... with a small offset */
		return size | 0x39000000 | fuzz_below(r, 4) << 22 |
		       fuzz_below(r, 8) << 10 | n | rt;
	case 4:				/* LDUR/STUR, negative offsets too */
		return size | 0x38000000 | fuzz_below(r, 4) << 22 |
		       (fuzz_below(r, 512) << 12) | n | rt;
	case 5:				/* post-index: no syndrome */
		return 0xf8400400 | (fuzz_below(r, 512) << 12) | n | rt;
	case 6:				/* pre-index store */
		return 0xf8000c00 | (fuzz_below(r, 512) << 12) | n | rt;
	case 7:				/* LDP/STP */
		return (fuzz_below(r, 2) ? 0xa9400000 : 0xa9000000) |
		       rs << 10 | n | rt;
	case 8:				/* LDXR, STXR */
		return fuzz_below(r, 2) ? 0xc85f7c00 | n | rt :
					  0xc8007c00 | rs << 16 | n | rt;
	case 9:				/* LDAR, STLR */
		return (fuzz_below(r, 2) ? 0xc8dffc00 : 0xc89ffc00) | n | rt;
	case 10:			/* LDADD, SWP */
		return (fuzz_below(r, 2) ? 0xf8200000 : 0xf8208000) |
		       rs << 16 | n | rt;
	case 11:			/* CAS */
		return 0xc8a07c00 | rs << 16 | n | rt;
	case 12:			/* LDR q / STR q */
		return (fuzz_below(r, 2) ? 0x3dc00000 : 0x3d800000) | n | (rt & 31);
	case 13:			/* LD1 {v.16b}, ST1 */
		return (fuzz_below(r, 2) ? 0x4c407000 : 0x4c007000) | n | (rt & 31);
	case 14:			/* PRFM */
		return 0xf9800000 | n | fuzz_below(r, 32);
	case 15:			/* DC ZVA */
		return A64_SYS(0, SYS_ENC(1, 3, 7, 4, 1), rn);
	case 16:			/* DC CIVAC, CVAC */
		return A64_SYS(0, fuzz_below(r, 2) ? SYS_ENC(1, 3, 7, 14, 1) :
						     SYS_ENC(1, 3, 7, 10, 1), rn);
	case 17:			/* DC IVAC */
		return A64_SYS(0, SYS_ENC(1, 0, 7, 6, 1), rn);
	case 18:			/* IC IVAU */
		return A64_SYS(0, SYS_ENC(1, 3, 7, 5, 1), rn);
	case 19:			/* AT S1E1R, S1E0W */
		return A64_SYS(0, fuzz_below(r, 2) ? SYS_ENC(1, 0, 7, 8, 0) :
						     SYS_ENC(1, 0, 7, 8, 3), rn);
	case 20:			/* LDAPR, LDXP */
		return fuzz_below(r, 2) ? 0xf8bfc000 | n | rt :
					  0xc87f0000 | rs << 10 | n | rt;
	default:			/* LDRB/STRB, unaligned addresses welcome */
		return 0x39000000 | fuzz_below(r, 2) << 22 | n | rt;
	}
}

static void gen_access(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	unsigned int rn = fuzz_below(r, 31);
	unsigned int rt = pick_reg(r, 8), rs = pick_reg(r, 8);

	mov64(s, rn, pick_addr(r));
	if (!one_in(r, 3))
		mov64(s, rt, pick_value(r));
	put(s, pick_access(r, rn, rt, rs));
}

/* --- the payload --------------------------------------------------------- */

enum chunk {
	CH_RANDOM, CH_SYSREG, CH_GUEST_CALL, CH_VMWARE, CH_FIRMWARE,
	CH_EXCEPTION, CH_HINT, CH_ERET, CH_MDSCR, CH_FP, CH_ACCESS,
	/* gen-gic.c */
	CH_GIC_MMIO, CH_GIC_SETUP, CH_SGI, CH_ICC, CH_TIMER, CH_IDREG,
	CH_DEBUGREG, CH_EL2REG, CH_NR
};

/* Weights of the chunks in each mode (special: everything but random). */
static const uint8_t weights[FUZZ_MODES][CH_NR] = {
	[FUZZ_MODE_RANDOM]  = { [CH_RANDOM] = 1 },
	[FUZZ_MODE_SYSREG]  = { [CH_SYSREG] = 12, [CH_ERET] = 1, [CH_MDSCR] = 1,
				[CH_IDREG] = 2, [CH_DEBUGREG] = 2, [CH_EL2REG] = 2 },
	[FUZZ_MODE_SPECIAL] = { 0, 2, 6, 2, 4, 2, 2, 2, 1, 1, 8,
				2, 1, 1, 1, 1, 0, 1, 0 },
	[FUZZ_MODE_MIXED]   = { 10, 4, 3, 1, 2, 1, 1, 1, 1, 1, 4,
				2, 1, 1, 1, 1, 1, 1, 1 },
	/* the vGIC and the timers, with calls and hints (WFI) among them */
	[FUZZ_MODE_GIC]     = { 0, 0, 1, 0, 1, 1, 3, 1, 0, 0, 2,
				12, 10, 6, 6, 6, 2, 2, 2 },
};

static enum chunk pick_chunk(struct fuzz_rng *r, enum fuzz_mode mode)
{
	unsigned int total = 0, i, x;

	for (i = 0; i < CH_NR; i++)
		total += weights[mode][i];
	x = fuzz_below(r, total);
	for (i = 0; x >= weights[mode][i]; i++)
		x -= weights[mode][i];
	return i;
}

static void gen_chunk(struct gen *s, enum chunk c)
{
	static void (* const gen[CH_NR])(struct gen *s) = {
		[CH_RANDOM] = gen_random_word,
		[CH_SYSREG] = gen_sysreg,
		[CH_GUEST_CALL] = gen_guest_call,
		[CH_VMWARE] = gen_vmware,
		[CH_FIRMWARE] = gen_firmware_call,
		[CH_EXCEPTION] = gen_exception,
		[CH_HINT] = gen_hint,
		[CH_ERET] = gen_eret,
		[CH_MDSCR] = gen_mdscr,
		[CH_FP] = gen_fp,
		[CH_ACCESS] = gen_access,
		[CH_GIC_MMIO] = gen_gic_mmio,
		[CH_GIC_SETUP] = gen_gic_setup,
		[CH_SGI] = gen_sgi,
		[CH_ICC] = gen_icc,
		[CH_TIMER] = gen_timer,
		[CH_IDREG] = gen_idreg,
		[CH_DEBUGREG] = gen_debugreg,
		[CH_EL2REG] = gen_el2reg,
	};

	gen[c](s);
}

/* Longer than the longest chunk: a call with x0-x7 set, and the call. */
#define CHUNK_MAX_WORDS		(8 * 4 + 8)

/* SCTLR_EL1 bits that open instructions to EL0 (UCI, UCT, DZE, UMA, nTWx) */
#define SCTLR_EL0_BITS		((1ULL << 26) | (1ULL << 15) | (1ULL << 14) | \
				 (1ULL << 9) | (1ULL << 16) | (1ULL << 18))
#define CPACR_FPEN		(3ULL << 20)
#define CNTKCTL_EL0_BITS	0x3ffULL

/*
 * Stage-1 tables for a guest with the MMU on (4 KiB granule, 39-bit VAs
 * from level 1, identity): the first GiB Device-nGnRnE, the second Normal
 * write-back, with RAM's first 2 MiB in pages: the harness and its data
 * for EL1 only, the payload read-only and executable at both ELs, the
 * scratch pages read-write at both (so not executable at EL1), the tables
 * EL1's; the rest of that GiB and GiBs 2-7 Normal memory that is not
 * RAM (cacheable accesses outside RAM, for EL2 to turn away), one of
 * them at random Device, and the harness's report block EL1's. The
 * payload may rewrite all of it.
 */
#define PTE_VALID		(1ULL << 0)
#define PTE_TABLE		(1ULL << 1)	/* level 1-2: table; level 3: page */
#define PTE_ATTR(i)		((uint64_t)(i) << 2)
#define PTE_AP_EL0		(1ULL << 6)	/* AP[1]: EL0 access */
#define PTE_AP_RO		(1ULL << 7)	/* AP[2]: read-only */
#define PTE_SH_INNER		(3ULL << 8)
#define PTE_AF			(1ULL << 10)
#define PTE_PXN			(1ULL << 53)
#define PTE_UXN			(1ULL << 54)
#define ATTR_DEVICE		0	/* MAIR_EL1 attribute indices */
#define ATTR_NORMAL		1
#define MAIR_VALUE		0x44ff00ULL	/* Device-nGnRnE, WB, NC */
#define BLOCK(pa, attr)		((pa) | PTE_VALID | PTE_ATTR(attr) | PTE_AF | \
				 PTE_SH_INNER | PTE_AP_EL0)

static void gen_tables(struct fuzz_rng *r, struct fuzz_guest *g)
{
	uint64_t *l1 = g->tables[0], *l2 = g->tables[1], *l3 = g->tables[2];
	uint64_t pa, attr;
	unsigned int i;

	for (i = 0; i < 8; i++)
		l1[i] = BLOCK((uint64_t)i << 30, i ? ATTR_NORMAL : ATTR_DEVICE);
	l1[fuzz_below(r, 8)] &= ~PTE_ATTR(7);	/* one Device at random */
	l1[1] = (FUZZ_TABLES + 0x1000) | PTE_VALID | PTE_TABLE;
	for (i = 1; i < 512; i++)
		l2[i] = BLOCK(FUZZ_RAM_BASE + ((uint64_t)i << 21), ATTR_NORMAL);
	l2[0] = (FUZZ_TABLES + 0x2000) | PTE_VALID | PTE_TABLE;
	l2[(FUZZ_REPORT >> 21) & 511] &= ~PTE_AP_EL0;
	for (i = 0; i < 512; i++) {
		pa = FUZZ_RAM_BASE + ((uint64_t)i << 12);
		if (pa < FUZZ_DATA + 0x1000)		/* harness, data */
			attr = PTE_UXN | (i ? PTE_PXN : 0);
		else if (pa < FUZZ_SCRATCH)		/* payload */
			attr = PTE_AP_EL0 | PTE_AP_RO;
		else if (pa < FUZZ_TABLES)		/* scratch */
			attr = PTE_AP_EL0 | PTE_UXN | PTE_PXN;
		else if (pa < FUZZ_RAM_BASE + FUZZ_RAM_SIZE)	/* tables */
			attr = PTE_UXN | PTE_PXN;
		else
			attr = PTE_AP_EL0;
		l3[i] = pa | PTE_VALID | PTE_TABLE | PTE_ATTR(ATTR_NORMAL) |
			PTE_AF | PTE_SH_INNER | attr;
	}
}

static void gen_init(struct fuzz_rng *r, struct fuzz_guest *g, unsigned int id)
{
	unsigned int i;

	for (i = 0; i < 31; i++)
		g->init[id].x[i] = pick_value(r);
	g->init[id].sp = FUZZ_SCRATCH + FUZZ_SCRATCH_SIZE / 2;
	g->init[id].pstate = g->pstate | (fuzz_rnd(r) & (0xfULL << 28 | PSR_DAIF));
	g->init[id].sctlr_set = fuzz_rnd(r) & SCTLR_EL0_BITS;
	g->init[id].cntkctl = fuzz_rnd(r) & CNTKCTL_EL0_BITS;
	g->init[id].mdscr = one_in(r, 4) ? pick_mdscr(r) : 0;
	g->init[id].cpacr = one_in(r, 4) ? 0 : CPACR_FPEN;
	if (one_in(r, 16))
		g->init[id].pstate |= PSR_SS;
}

void fuzz_generate(struct fuzz_guest *g, uint64_t seed, bool aarch32)
{
	static const uint64_t els[] = {
		PSR_MODE_EL1h, PSR_MODE_EL1h, PSR_MODE_EL1h, PSR_MODE_EL1t,
		PSR_MODE_EL0t, PSR_MODE_EL0t, PSR_MODE_EL0t,
	};
	struct fuzz_rng r = { seed };
	struct gen s = { .r = &r, .g = g, .aarch32 = aarch32 };
	unsigned int i;

	memset(g, 0, sizeof(*g));
	g->mode = fuzz_below(&r, FUZZ_MODES);
	g->pstate = els[fuzz_below(&r, ARRAY_SIZE(els))];
	g->nr_vcpus = one_in(&r, 4) ? 2 : 1;
	g->vcpu1_off = fuzz_below(&r, 2);
	g->cap = 8 + fuzz_below(&r, 512);
	g->timer_wakes = !one_in(&r, 8);
	g->mmu = one_in(&r, 3);
	g->gic = !one_in(&r, 8);
	g->nr_irqs = 64 + 32 * fuzz_below(&r, (HVX_GIC_MAX_IRQS - 64) / 32 + 1);
	if (g->mmu)
		gen_tables(&r, g);
	s.max = 64 + fuzz_below(&r, FUZZ_PAYLOAD_MAX - 64);
	for (i = 0; i < g->nr_vcpus; i++)
		gen_init(&r, g, i);

	while (s.n + CHUNK_MAX_WORDS <= s.max)
		gen_chunk(&s, pick_chunk(&r, g->mode));
	g->nr_words = s.n;
}

void fuzz_regs(const struct fuzz_guest *g, unsigned int id, struct hvx_regs *r)
{
	unsigned int i;

	for (i = 0; i < 31; i++)
		r->x[i] = g->init[id].x[i];
	r->sp = g->init[id].sp;
	r->pc = FUZZ_PAYLOAD;
	r->pstate = g->init[id].pstate;
	r->sp_el1 = FUZZ_TABLES;
	r->vbar_el1 = FUZZ_RAM_BASE;
	r->sctlr_el1 |= g->init[id].sctlr_set;
	r->cntkctl_el1 = g->init[id].cntkctl;
	r->mdscr_el1 = g->init[id].mdscr;
	r->cpacr_el1 = g->init[id].cpacr;
	/* Enabled, unmasked, expired: WFI comes back at once. */
	r->cntv_ctl_el0 = g->timer_wakes ? 1 : 0;
	r->cntv_cval_el0 = 0;
	if (g->mmu) {
		r->ttbr0_el1 = FUZZ_TABLES;
		r->tcr_el1 = TCR_VALUE;
		r->mair_el1 = MAIR_VALUE;
		r->sctlr_el1 |= SCTLR_M | SCTLR_C | SCTLR_I;
	}
}
