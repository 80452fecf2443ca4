// SPDX-License-Identifier: GPL-2.0
/*
 * The hostile-guest generator's chunks aimed at the vGIC and the timers
 * (see gen.c for the rest): loads and stores of every width at the
 * distributor's and the redistributors' registers (and between them, and
 * at the frames of vCPUs that do not exist), SGIs with every target
 * form, the CPU interface's registers (acknowledge, complete, priority
 * mask, group enables, active priorities), both timers' registers and
 * counters with values that fire now, never or at the edge of 64 bits,
 * the ID registers, the debug registers and OS lock, and the EL2, EL02
 * and EL3 registers of the GIC and the timers, which EL1 must not reach.
 *
 * Some chunks write what makes interrupts flow (the distributor and
 * redistributor enabled and awake, interrupts enabled and pending,
 * the CPU interface's mask open, the timers expired, PSTATE.I clear), so
 * that a guest also reaches the list registers, the maintenance
 * interrupt and the timers' lines, not only the register decoders.
 */
#include <hvx-guest.h>

#include <hvx/gicv3-regs.h>

#include "../hvx_vm.h"
#include "gen.h"

/* Register fields (the offsets: include/hvx/gicv3-regs.h) */
#define GICD_CTLR_ENABLE	0x3		/* EnableGrp0, EnableGrp1 (DS) */
#define GICD_CTLR_ARE		(1U << 4)
#define SGIR_INTID_SHIFT	24
#define SGIR_AFF1_SHIFT		16
#define SGIR_AFF2_SHIFT		32
#define SGIR_IRM		(1ULL << 40)
#define SGIR_RS_SHIFT		44
#define SGIR_AFF3_SHIFT		48

#define A64_DAIFCLR(imm)	(0xd50340ffU | ((uint32_t)(imm) & 0xf) << 8)
#define A64_ADD_IMM(rd, rn, imm) (0x91000000U | ((uint32_t)(imm) & 0xfff) << 10 | \
				  (uint32_t)(rn) << 5 | (uint32_t)(rd))

/* A distributor register: its offset and the size of its bank. */
static const struct {
	uint16_t off, bank;
} gicd_regs[] = {
	{ GICD_CTLR, 4 }, { GICD_TYPER, 8 }, { GICD_STATUSR, 4 },
	{ GICD_SETSPI_NSR, 0x20 }, { GICD_IGROUPR, 0x80 },
	{ GICD_ISENABLER, 0x80 }, { GICD_ICENABLER, 0x80 },
	{ GICD_ISPENDR, 0x80 }, { GICD_ICPENDR, 0x80 },
	{ GICD_ISACTIVER, 0x80 }, { GICD_ICACTIVER, 0x80 },
	{ GICD_IPRIORITYR, 0x400 }, { GICD_ITARGETSR, 0x400 },
	{ GICD_ICFGR, 0x100 }, { GICD_IGRPMODR, 0x80 }, { 0x0e00, 0x100 },
	{ GICD_SGIR, 0x30 }, { GICD_IROUTER, 0x2000 }, { 0xffd0, 0x30 },
};

/* A redistributor register, RD_base or SGI_base. */
static const struct {
	uint32_t off, bank;
} gicr_regs[] = {
	{ GICR_CTLR, 4 }, { 0x0004, 4 }, { GICR_TYPER, 8 }, { 0x0010, 4 },
	{ GICR_WAKER, 4 }, { 0x0040, 0x10 }, { GICR_PROPBASER, 0x10 },
	{ 0x00a0, 0x30 }, { 0xffd0, 0x30 },
	{ GICR_SGI_OFFSET + GICD_IGROUPR, 4 }, { GICR_SGI_OFFSET + GICD_ISENABLER, 4 },
	{ GICR_SGI_OFFSET + GICD_ICENABLER, 4 }, { GICR_SGI_OFFSET + GICD_ISPENDR, 4 },
	{ GICR_SGI_OFFSET + GICD_ICPENDR, 4 }, { GICR_SGI_OFFSET + GICD_ISACTIVER, 4 },
	{ GICR_SGI_OFFSET + GICD_ICACTIVER, 4 }, { GICR_SGI_OFFSET + GICD_IPRIORITYR, 0x20 },
	{ GICR_SGI_OFFSET + GICD_ICFGR, 8 }, { GICR_SGI_OFFSET + GICD_IGRPMODR, 4 },
	{ GICR_SGI_OFFSET + 0x0e00, 4 }, { GICR_SGI_OFFSET + 0xffd0, 0x30 },
};

/* vCPU 0 or 1, mostly; one that does not exist, or past the region. */
static uint64_t pick_redist(struct fuzz_rng *r)
{
	uint32_t id = fuzz_below(r, FUZZ_MAX_VCPUS);

	if (one_in(r, 8))
		id = one_in(r, 2) ? FUZZ_MAX_VCPUS + fuzz_below(r, 62) :
				    HVX_MAX_VCPUS;
	return GUEST_GICR_BASE + (uint64_t)id * GICR_STRIDE;
}

/* An address in the vGIC's frames for an access of 1 << @size bytes. */
static uint64_t pick_gic_addr(struct fuzz_rng *r, unsigned int size)
{
	uint64_t a;
	unsigned int i;

	switch (fuzz_below(r, 8)) {
	case 0: case 1: case 2:
		i = fuzz_below(r, ARRAY_SIZE(gicd_regs));
		a = GUEST_GICD_BASE + gicd_regs[i].off +
		    fuzz_below(r, gicd_regs[i].bank);
		break;
	case 3: case 4: case 5:
		i = fuzz_below(r, ARRAY_SIZE(gicr_regs));
		a = pick_redist(r) + gicr_regs[i].off +
		    fuzz_below(r, gicr_regs[i].bank);
		break;
	case 6:
		a = GUEST_GICD_BASE + fuzz_below(r, 0x10000);
		break;
	default:
		a = pick_redist(r) + fuzz_below(r, GICR_STRIDE);
		break;
	}
	/* mostly aligned to the access: one in 8 is not */
	if (!one_in(r, 8))
		a &= ~((1ULL << size) - 1);
	return a;
}

/* LDR/STR/LDRS* of 1 << @size bytes, unsigned offset 0. */
static uint32_t ldst(struct fuzz_rng *r, unsigned int size, unsigned int rn,
		     unsigned int rt)
{
	uint32_t opc = fuzz_below(r, size == 3 ? 2 : size == 2 ? 3 : 4);

	return (uint32_t)size << 30 | 0x39000000 | opc << 22 | rn << 5 | rt;
}

/* A value for a GIC register: enables, masks, affinities, noise. */
static uint64_t gic_value(struct fuzz_rng *r)
{
	static const uint64_t fixed[] = {
		0, ~0ULL, 0xffffffff, 0x13, 0x3, 0x10, 0xff, 0x80, 0xa0a0a0a0,
		0x55555555, 0xaaaaaaaa, 1, 2, 0x80000000ULL, 0x100, 0x10000,
	};

	return one_in(r, 3) ? pick_value(r) :
	       fixed[fuzz_below(r, ARRAY_SIZE(fixed))];
}

void gen_gic_mmio(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	unsigned int size = fuzz_below(r, 4), rn = fuzz_below(r, 31);
	unsigned int rt = pick_reg(r, 16), rs = pick_reg(r, 8);
	uint64_t a = pick_gic_addr(r, size);

	mov64(s, rn, a);
	mov64(s, rt, gic_value(r));
	switch (fuzz_below(r, 16)) {
	case 0:		/* LDP/STP: no syndrome */
		put(s, (fuzz_below(r, 2) ? 0xa9400000 : 0xa9000000) |
		       rs << 10 | rn << 5 | rt);
		break;
	case 1:		/* an exclusive or an atomic */
		put(s, fuzz_below(r, 2) ? 0xc85f7c00 | rn << 5 | rt :
					  0xb8200000 | rs << 16 | rn << 5 | rt);
		break;
	case 2:		/* LDUR/STUR back across the frame's start */
		put(s, (uint32_t)size << 30 | 0x38000000 |
		       fuzz_below(r, 2) << 22 | (0x1f0 + fuzz_below(r, 16)) << 12 |
		       rn << 5 | rt);
		break;
	default:
		put(s, ldst(r, size, rn, rt));
	}
}

/* A 32-bit store of @v at @a through x9, x10. */
static void store32(struct gen *s, uint64_t a, uint64_t v)
{
	mov64(s, 9, a);
	mov64(s, 10, v);
	put(s, A64_STR_W(10, 9));
}

/* MSR of @v through x10. */
static void msr(struct gen *s, uint32_t enc, uint64_t v)
{
	mov64(s, 10, v);
	put(s, A64_SYS(0, enc, 10));
}

#define ENC_ICC_PMR		SYS_ENC(3, 0, 4, 6, 0)
#define ENC_ICC_IAR0		SYS_ENC(3, 0, 12, 8, 0)
#define ENC_ICC_EOIR0		SYS_ENC(3, 0, 12, 8, 1)
#define ENC_ICC_DIR		SYS_ENC(3, 0, 12, 11, 1)
#define ENC_ICC_SGI1R		SYS_ENC(3, 0, 12, 11, 5)
#define ENC_ICC_ASGI1R		SYS_ENC(3, 0, 12, 11, 6)
#define ENC_ICC_SGI0R		SYS_ENC(3, 0, 12, 11, 7)
#define ENC_ICC_IAR1		SYS_ENC(3, 0, 12, 12, 0)
#define ENC_ICC_EOIR1		SYS_ENC(3, 0, 12, 12, 1)
#define ENC_ICC_CTLR		SYS_ENC(3, 0, 12, 12, 4)
#define ENC_ICC_IGRPEN0		SYS_ENC(3, 0, 12, 12, 6)
#define ENC_ICC_IGRPEN1		SYS_ENC(3, 0, 12, 12, 7)
#define ENC_CNTPCT		SYS_ENC(3, 3, 14, 0, 1)
#define ENC_CNTVCT		SYS_ENC(3, 3, 14, 0, 2)
#define ENC_CNTP_TVAL		SYS_ENC(3, 3, 14, 2, 0)
#define ENC_CNTP_CTL		SYS_ENC(3, 3, 14, 2, 1)
#define ENC_CNTP_CVAL		SYS_ENC(3, 3, 14, 2, 2)
#define ENC_CNTV_TVAL		SYS_ENC(3, 3, 14, 3, 0)
#define ENC_CNTV_CTL		SYS_ENC(3, 3, 14, 3, 1)
#define ENC_CNTV_CVAL		SYS_ENC(3, 3, 14, 3, 2)

/*
 * One step of what makes interrupts flow, mostly with the value that
 * does it, now and then another.
 */
void gen_gic_setup(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	bool odd = one_in(r, 4);
	uint64_t rd = pick_redist(r);
	uint32_t w = fuzz_below(r, 32);

	switch (fuzz_below(r, 12)) {
	case 0:
		store32(s, GUEST_GICD_BASE + GICD_CTLR,
			odd ? gic_value(r) : GICD_CTLR_ENABLE | GICD_CTLR_ARE);
		break;
	case 1:
		store32(s, rd + GICR_WAKER, odd ? gic_value(r) : 0);
		break;
	case 2:		/* SGIs and PPIs: enabled, or pending too */
		store32(s, rd + GICR_SGI_OFFSET + (odd ? GICD_ISPENDR : GICD_ISENABLER),
			~0U);
		break;
	case 3:		/* SPIs: enabled, or pending */
		store32(s, GUEST_GICD_BASE + (odd ? GICD_ISPENDR : GICD_ISENABLER) +
			4 * (1 + w % 31), ~0U);
		break;
	case 4:		/* priorities */
		store32(s, (one_in(r, 2) ? rd + GICR_SGI_OFFSET : GUEST_GICD_BASE) +
			GICD_IPRIORITYR + 4 * w, odd ? gic_value(r) : 0);
		break;
	case 5:		/* an SPI to vCPU 0 or 1, or no vCPU */
		mov64(s, 9, GUEST_GICD_BASE + GICD_IROUTER + 8 * (32 + w * 31));
		mov64(s, 10, odd ? pick_value(r) : fuzz_below(r, FUZZ_MAX_VCPUS));
		put(s, A64_STR_X(10, 9));
		break;
	case 6:		/* edge or level */
		store32(s, (one_in(r, 2) ? rd + GICR_SGI_OFFSET : GUEST_GICD_BASE) +
			GICD_ICFGR + 4 * (w % 8), gic_value(r));
		break;
	case 7:
		msr(s, ENC_ICC_PMR, odd ? gic_value(r) : 0xff);
		break;
	case 8:
		msr(s, one_in(r, 4) ? ENC_ICC_IGRPEN0 : ENC_ICC_IGRPEN1,
		    odd ? gic_value(r) : 1);
		break;
	case 9:		/* a timer fires now */
		msr(s, one_in(r, 2) ? ENC_CNTV_CVAL : ENC_CNTP_CVAL, 0);
		msr(s, one_in(r, 2) ? ENC_CNTV_CTL : ENC_CNTP_CTL, 1);
		break;
	case 10:	/* take what comes */
		put(s, A64_DAIFCLR(odd ? fuzz_below(r, 16) : 2));
		break;
	default:	/* and acknowledge and complete it */
		put(s, A64_SYS(1, ENC_ICC_IAR1, 11));
		if (!odd)
			put(s, A64_SYS(0, ENC_ICC_EOIR1, 11));
		if (one_in(r, 3))
			put(s, A64_SYS(0, ENC_ICC_DIR, 11));
		break;
	}
}

/* ICC_SGI1R_EL1 and friends: a target list, a range, IRM, any INTID. */
void gen_sgi(struct gen *s)
{
	static const uint32_t encs[] = {
		ENC_ICC_SGI1R, ENC_ICC_SGI1R, ENC_ICC_ASGI1R, ENC_ICC_SGI0R,
	};
	struct fuzz_rng *r = s->r;
	uint32_t enc = encs[fuzz_below(r, ARRAY_SIZE(encs))];
	unsigned int rt = pick_reg(r, 16);
	uint64_t v;

	if (one_in(r, 4)) {
		v = pick_value(r);
	} else {
		v = (uint64_t)fuzz_below(r, 16) << SGIR_INTID_SHIFT |
		    (one_in(r, 2) ? fuzz_below(r, 4) : fuzz_rnd(r) & 0xffff);
		if (one_in(r, 4))
			v |= SGIR_IRM;
		if (one_in(r, 6))
			v |= (uint64_t)fuzz_below(r, 256) << SGIR_AFF1_SHIFT;
		if (one_in(r, 8))
			v |= (uint64_t)fuzz_below(r, 256) << SGIR_AFF2_SHIFT |
			     (uint64_t)fuzz_below(r, 256) << SGIR_AFF3_SHIFT;
		if (one_in(r, 6))
			v |= (uint64_t)fuzz_below(r, 16) << SGIR_RS_SHIFT;
	}
	mov64(s, rt, v);
	/* now and then a read: they are write-only */
	put(s, A64_SYS(one_in(r, 10), enc, rt));
}

/* The CPU interface: every ICC_*_EL1, read or written. */
void gen_icc(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	unsigned int rt = pick_reg(r, 16), l = fuzz_below(r, 2);
	uint32_t enc;

	switch (fuzz_below(r, 6)) {
	case 0:
		enc = ENC_ICC_PMR;
		break;
	case 1:		/* IAR0, EOIR0, HPPIR0, BPR0, AP0R0-3 */
		enc = SYS_ENC(3, 0, 12, 8, fuzz_below(r, 8));
		break;
	case 2:		/* AP1R0-3 */
		enc = SYS_ENC(3, 0, 12, 9, fuzz_below(r, 4));
		break;
	case 3:		/* DIR, RPR, SGI*R */
		enc = SYS_ENC(3, 0, 12, 11, fuzz_below(r, 8));
		break;
	default:	/* IAR1, EOIR1, HPPIR1, BPR1, CTLR, SRE, IGRPEN0/1 */
		enc = SYS_ENC(3, 0, 12, 12, fuzz_below(r, 8));
		break;
	}
	if (!l)
		mov64(s, rt, gic_value(r));
	put(s, A64_SYS(l, enc, rt));
	/* an acknowledge, completed: a real one if anything was pending */
	if (enc == ENC_ICC_IAR1 && l && rt != 31 && one_in(r, 2))
		put(s, A64_SYS(0, ENC_ICC_EOIR1, rt));
	if (enc == ENC_ICC_IAR0 && l && rt != 31 && one_in(r, 2))
		put(s, A64_SYS(0, ENC_ICC_EOIR0, rt));
}

/* A timer's compare value: now, soon, past, never, or at 2^63 and 2^64. */
static uint64_t timer_value(struct fuzz_rng *r)
{
	static const uint64_t fixed[] = {
		0, 1, ~0ULL, ~0ULL - 1, 1ULL << 63, (1ULL << 63) - 1,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	};

	return one_in(r, 2) ? fixed[fuzz_below(r, ARRAY_SIZE(fixed))] :
			      pick_value(r);
}

/* Both timers: counters read, compare values and controls written. */
void gen_timer(struct gen *s)
{
	static const uint32_t ctl[] = { ENC_CNTP_CTL, ENC_CNTV_CTL };
	static const uint32_t cval[] = { ENC_CNTP_CVAL, ENC_CNTV_CVAL };
	static const uint32_t tval[] = { ENC_CNTP_TVAL, ENC_CNTV_TVAL };
	struct fuzz_rng *r = s->r;
	unsigned int t = fuzz_below(r, 2), rt = pick_reg(r, 16);

	switch (fuzz_below(r, 7)) {
	case 0:		/* the deadline a few ticks from now */
		if (rt == 31)
			rt = 12;
		put(s, A64_SYS(1, t ? ENC_CNTVCT : ENC_CNTPCT, rt));
		put(s, A64_ADD_IMM(rt, rt, fuzz_below(r, 4096)));
		put(s, A64_SYS(0, cval[t], rt));
		break;
	case 1:
		mov64(s, rt, cntv_safe(cval[t], timer_value(r)));
		put(s, A64_SYS(0, cval[t], rt));
		break;
	case 2:		/* TVAL: signed 32 bits, any 64 */
		mov64(s, rt, cntv_safe(tval[t], one_in(r, 2) ?
			     (uint64_t)(int64_t)(int32_t)(fuzz_below(r, 2000) - 1000) :
			     timer_value(r)));
		put(s, A64_SYS(0, tval[t], rt));
		break;
	case 3:		/* ENABLE, IMASK, ISTATUS (read-only), the rest */
		mov64(s, rt, one_in(r, 4) ? pick_value(r) : fuzz_below(r, 8));
		put(s, A64_SYS(0, ctl[t], rt));
		break;
	case 4:		/* the counters, their self-synchronised forms, CNTFRQ */
		put(s, A64_SYS(1, SYS_ENC(3, 3, 14, 0, fuzz_below(r, 8)), rt));
		break;
	case 5:		/* reads of the timers' registers */
		put(s, A64_SYS(1, SYS_ENC(3, 3, 14, 2 + t, fuzz_below(r, 3)), rt));
		break;
	default:	/* CNTKCTL_EL1 (EL0's access), CNTFRQ_EL0 written */
		mov64(s, rt, pick_value(r));
		put(s, A64_SYS(0, one_in(r, 2) ? SYS_ENC(3, 0, 14, 1, 0) :
					       SYS_ENC(3, 3, 14, 0, 0), rt));
		break;
	}
}

/* The ID space (op0 3, op1 0, CRn 0), cache IDs; writes must UNDEF. */
void gen_idreg(struct gen *s)
{
	struct fuzz_rng *r = s->r;
	unsigned int rt = pick_reg(r, 16);
	uint32_t enc;

	if (one_in(r, 8))	/* CCSIDR, CLIDR, CCSIDR2, AIDR, CTR, DCZID */
		enc = SYS_ENC(3, one_in(r, 2) ? 1 : 3, 0, 0, fuzz_below(r, 8));
	else
		enc = SYS_ENC(3, 0, 0, fuzz_below(r, 8), fuzz_below(r, 8));
	if (one_in(r, 10)) {
		mov64(s, rt, pick_value(r));
		put(s, A64_SYS(0, enc, rt));
	} else {
		put(s, A64_SYS(1, enc, rt));
	}
}

/* Breakpoints, watchpoints, the OS lock, claim tags, the DCC's others. */
void gen_debugreg(struct gen *s)
{
	static const uint32_t others[] = {
		SYS_ENC(2, 0, 1, 0, 4) /* OSLAR */, SYS_ENC(2, 0, 1, 1, 4) /* OSLSR */,
		SYS_ENC(2, 0, 1, 3, 4) /* OSDLR */, SYS_ENC(2, 0, 1, 4, 4) /* DBGPRCR */,
		SYS_ENC(2, 0, 7, 8, 6) /* CLAIMSET */, SYS_ENC(2, 0, 7, 9, 6) /* CLAIMCLR */,
		SYS_ENC(2, 0, 7, 14, 6) /* AUTHSTATUS */, SYS_ENC(2, 0, 0, 2, 0) /* MDCCINT */,
		SYS_ENC(2, 0, 0, 6, 2) /* OSECCR */, SYS_ENC(2, 0, 0, 0, 2) /* OSDTRRX */,
		SYS_ENC(2, 0, 0, 3, 2) /* OSDTRTX */, SYS_ENC(2, 0, 1, 0, 0) /* MDRAR */,
		SYS_ENC(2, 4, 0, 7, 0) /* DBGVCR32_EL2 */,
	};
	struct fuzz_rng *r = s->r;
	unsigned int rt = pick_reg(r, 16), l = fuzz_below(r, 3) == 0;
	uint32_t enc;

	if (fuzz_below(r, 2))	/* DBGBVR, DBGBCR, DBGWVR, DBGWCR <n> */
		enc = SYS_ENC(2, 0, 0, fuzz_below(r, 16), 4 + fuzz_below(r, 4));
	else
		enc = others[fuzz_below(r, ARRAY_SIZE(others))];
	if (!l)
		mov64(s, rt, one_in(r, 2) ? pick_value(r) : fuzz_below(r, 2));
	put(s, A64_SYS(l, enc, rt));
}

/* EL2's GIC and timer registers, their EL02 aliases, EL3's: UNDEFINED. */
void gen_el2reg(struct gen *s)
{
	static const uint32_t regs[] = {
		SYS_ENC(3, 4, 12, 9, 5) /* ICC_SRE_EL2 */,
		SYS_ENC(3, 4, 12, 11, 0) /* ICH_HCR */, SYS_ENC(3, 4, 12, 11, 1) /* VTR */,
		SYS_ENC(3, 4, 12, 11, 2) /* MISR */, SYS_ENC(3, 4, 12, 11, 3) /* EISR */,
		SYS_ENC(3, 4, 12, 11, 5) /* ELRSR */, SYS_ENC(3, 4, 12, 11, 7) /* VMCR */,
		SYS_ENC(3, 4, 14, 0, 3) /* CNTVOFF */, SYS_ENC(3, 4, 14, 1, 0) /* CNTHCTL */,
		SYS_ENC(3, 4, 14, 2, 1) /* CNTHP_CTL */, SYS_ENC(3, 4, 14, 2, 2) /* CVAL */,
		SYS_ENC(3, 4, 14, 3, 1) /* CNTHV_CTL */, SYS_ENC(3, 4, 0, 0, 5) /* VMPIDR */,
		SYS_ENC(3, 4, 0, 0, 0) /* VPIDR */, SYS_ENC(3, 4, 1, 1, 0) /* HCR */,
		SYS_ENC(3, 4, 1, 1, 1) /* MDCR */, SYS_ENC(3, 5, 14, 2, 1) /* CNTP_CTL_EL02 */,
		SYS_ENC(3, 5, 14, 3, 2) /* CNTV_CVAL_EL02 */,
		SYS_ENC(3, 5, 14, 1, 0) /* CNTKCTL_EL12 */,
		SYS_ENC(3, 6, 12, 12, 5) /* ICC_SRE_EL3 */, SYS_ENC(3, 6, 12, 12, 4) /* CTLR */,
		SYS_ENC(3, 6, 12, 12, 7) /* ICC_IGRPEN1_EL3 */,
	};
	struct fuzz_rng *r = s->r;
	unsigned int rt = pick_reg(r, 16), l = fuzz_below(r, 2);
	uint32_t enc;

	switch (fuzz_below(r, 4)) {
	case 0:		/* ICH_AP0R<n>, ICH_AP1R<n> */
		enc = SYS_ENC(3, 4, 12, 8 + fuzz_below(r, 2), fuzz_below(r, 4));
		break;
	case 1:		/* ICH_LR<n> */
		enc = SYS_ENC(3, 4, 12, 12 + fuzz_below(r, 2), fuzz_below(r, 8));
		break;
	default:
		enc = regs[fuzz_below(r, ARRAY_SIZE(regs))];
		break;
	}
	if (!l)
		mov64(s, rt, pick_value(r));
	put(s, A64_SYS(l, enc, rt));
}
