/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host side of hvx and its EL2 code share, by concern:
 *   hvx-hcall.h  the host->hvx call ABI
 *   hvx-image.h  the EL2 image's header, its globals, a CPU's EL2 set-up
 *   hvx-cpu.h    a vCPU's register exchange page, EL2's per-CPU data
 * Assembly offsets of these structures: generated/hvx-asm-offsets.h.
 */
#ifndef __HVX_HYP_H
#define __HVX_HYP_H

#include "hvx-hcall.h"
#include "hvx-image.h"
#include "hvx-cpu.h"

#endif /* __HVX_HYP_H */
