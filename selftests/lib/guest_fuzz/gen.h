/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hostile-guest generator's emitter, shared by its files: gen.c (the
 * payload and most chunks) and gen-gic.c (the vGIC and timer chunks).
 */
#ifndef HVX_GUEST_FUZZ_GEN_H
#define HVX_GUEST_FUZZ_GEN_H

#include "fuzz.h"

#define SYS_ENC(op0, op1, crn, crm, op2) \
	(((op0) << 19) | ((op1) << 16) | ((crn) << 12) | ((crm) << 8) | ((op2) << 5))
#define A64_SYS(l, enc, rt)	(0xd5000000U | ((uint32_t)(l) << 21) | (enc) | (rt))

/* Where a payload is being written. */
struct gen {
	struct fuzz_rng *r;
	struct fuzz_guest *g;
	unsigned int n, max;
	bool aarch32;
};

bool one_in(struct fuzz_rng *r, uint32_t n);
uint64_t pick_value(struct fuzz_rng *r);
void put(struct gen *s, uint32_t insn);
void mov64(struct gen *s, unsigned int rd, uint64_t v);
unsigned int pick_reg(struct fuzz_rng *r, uint32_t zr_one_in);

/*
 * QEMU 7.2 (the test VM) hangs for good when a virtual timer's compare
 * value plus CNTVOFF_EL2 wraps past 2^64 (its gt_recalc_timer() re-arms
 * the timer in the past, for ever): with hvx's CNTVOFF_EL2 of each VM
 * (its creation count) a CNTV_CVAL_EL0 near 2^64, or a negative
 * CNTV_TVAL_EL0 in a young VM, stops the whole machine. Real CPUs do not
 * care; the fuzzers keep those values out until the test VM's QEMU is
 * fixed, so that they can find hvx's bugs.
 */
#define ENC_CNTV_TVAL_EL0	SYS_ENC(3, 3, 14, 3, 0)
#define ENC_CNTV_CVAL_EL0	SYS_ENC(3, 3, 14, 3, 2)
uint64_t cntv_safe(uint32_t enc, uint64_t v);

/* gen-gic.c: one chunk each, at most CHUNK_MAX_WORDS words */
void gen_gic_mmio(struct gen *s);
void gen_gic_setup(struct gen *s);
void gen_sgi(struct gen *s);
void gen_icc(struct gen *s);
void gen_timer(struct gen *s);
void gen_idreg(struct gen *s);
void gen_debugreg(struct gen *s);
void gen_el2reg(struct gen *s);

#endif /* HVX_GUEST_FUZZ_GEN_H */
