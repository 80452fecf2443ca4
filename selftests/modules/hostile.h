/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __HVX_HOSTILE_H
#define __HVX_HOSTILE_H

/* x0 from hostile-payload.S: the host ran its own code at EL2. */
#define HOSTILE_RAN_AT_EL2	0x4e555232	/* "NUR2" */

#ifndef __ASSEMBLY__
#include <linux/types.h>

#define HOSTILE_NR_REGS	7

/* x0-x6 of an HVC #0: the call in; x0-x4 the results out. */
struct hostile_regs {
	u64 x[HOSTILE_NR_REGS];
};

void hvx_hostile_payload(void);
/* hostile-main.c */
void hostile_hvc(struct hostile_regs *r);
__printf(1, 2) void hostile_set_result(const char *fmt, ...);
/* hostile-fuzz.c */
int hostile_fuzz_start(void);
int hostile_fuzz(u64 n, u64 seed, u64 secs);
int hostile_fuzz_end(void);
#endif

#endif
