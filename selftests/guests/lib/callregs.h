/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One hypervisor call with every general register and the flags set to
 * known values, and everything read back right after it (callregs.S):
 * for checking what a call changes, and where the PC lands after it.
 */
#ifndef GUEST_CALLREGS_H
#define GUEST_CALLREGS_H

/* struct call_regs layout, for callregs.S */
#define CALLREGS_X0		0
#define CALLREGS_NZCV		(31 * 8)
#define CALLREGS_SP_BEFORE	(32 * 8)
#define CALLREGS_SP_AFTER	(33 * 8)
#define CALLREGS_LANDED		(34 * 8)
#define CALLREGS_SIZE		(35 * 8)

/*
 * Where execution went on after the call instruction (landed): 1 = the
 * next instruction, 2 or 3 = one or two instructions further on.
 */
#define CALLREGS_LANDED_NEXT	1

#ifndef __ASSEMBLY__
#include "types.h"

struct call_regs {
	u64 x[31];
	u64 nzcv;	/* in: the flags to set; out: the flags after */
	u64 sp_before;	/* out: SP just before and just after the call */
	u64 sp_after;
	u64 landed;	/* out: CALLREGS_LANDED_* */
};

/*
 * Load x0-x30 and NZCV from in, run one instruction, store them to out.
 * x7 is in->x[7]: for the DCC door the caller puts the signature there.
 */
void callregs_hvc0(const struct call_regs *in, struct call_regs *out);
void callregs_brk_hvx(const struct call_regs *in, struct call_regs *out);
void callregs_dcc(const struct call_regs *in, struct call_regs *out);
void callregs_hvc86(const struct call_regs *in, struct call_regs *out);
void callregs_brk86(const struct call_regs *in, struct call_regs *out);
#endif

#endif /* GUEST_CALLREGS_H */
