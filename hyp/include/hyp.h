/* SPDX-License-Identifier: GPL-2.0-only */
/* Declarations private to hvx's EL2 code. */
#ifndef __HVX_HYP_PRIVATE_H
#define __HVX_HYP_PRIVATE_H

#include <linux/types.h>

/* The host's general registers, as saved on entry to EL2 (hyp/host.S). */
struct hvx_host_regs {
	u64 x[31];
	u64 pad;
};

void hvx_handle_host_trap(struct hvx_host_regs *regs);

#endif /* __HVX_HYP_PRIVATE_H */
