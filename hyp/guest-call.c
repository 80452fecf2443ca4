// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest call services of uapi/hvx-guest.h: one dispatcher behind the
 * three doors (HVC, BRK, DCC: guest-exit.c decodes them and moves the pc
 * past the call first).
 *
 * Completed here, without leaving the guest's CPU: NOP, VERSION, FEATURES,
 * COUNTER_FREQ, VCPU_ID, an unknown function (NOT_SUPPORTED), a host
 * service called from EL0 (DENIED) or with bad arguments (INVALID). The
 * host's services (YIELD, CONSOLE_WRITE, CONSOLE_READ, LOG, SHUTDOWN) end
 * the run with HVX_VCPU_EXIT_GUEST_CALL, the function id in x0 and the
 * arguments checked: the host answers in x0-x3.
 *
 * The guest's user space reaches the BRK and DCC doors too (its HVC is
 * UNDEFINED at EL0). The EL2 services only tell it what any program may
 * know; the host's act for the whole VM (its power, its console, the
 * host's trace), which is its kernel's to decide: from EL0 they are
 * DENIED, before their arguments are looked at, and the run goes on.
 *
 * Only the result registers a service documents are written; every other
 * register, and PSTATE's flags, stay as the guest left them.
 */
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <asm/cputype.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <uapi/hvx-guest.h>

#include "hyp/switch.h"

static_assert((HVX_GUEST_CALL(0) & HVX_GUEST_CALL_RANGE_MASK) ==
	      HVX_GUEST_CALL_RANGE);

/* VERSION's x2: every service, bit n for HVX_GUEST_CALL(n). */
#define ALL_CALLS		(BIT(HVX_GUEST_NR_CALLS) - 1)

static bool implemented(u64 fn)
{
	return fn >= HVX_GUEST_CALL(0) &&
	       fn < HVX_GUEST_CALL(HVX_GUEST_NR_CALLS);
}

/*
 * Did the call come from the guest's EL0? (A call reaches EL2 from
 * AArch64 only: guest-exit.c ends the run on the others.)
 */
static bool from_el0(void)
{
	return (read_sysreg(spsr_el2) & PSR_MODE_MASK) == PSR_MODE_EL0t;
}

/* A host service with valid arguments? */
static bool host_args_ok(u32 fn, u64 a1)
{
	switch (fn) {
	case HVX_GUEST_CALL_CONSOLE_WRITE:
	case HVX_GUEST_CALL_LOG:
		return a1 <= HVX_GUEST_WRITE_MAX;
	case HVX_GUEST_CALL_CONSOLE_READ:
		return a1 <= HVX_GUEST_READ_MAX;
	case HVX_GUEST_CALL_SHUTDOWN:
		return a1 == HVX_GUEST_SHUTDOWN_OFF ||
		       a1 == HVX_GUEST_SHUTDOWN_RESET;
	default:		/* YIELD */
		return true;
	}
}

bool hvx_guest_call(struct hvx_hyp_vcpu *vcpu, enum hvx_vm_stat door)
{
	u64 *x = vcpu->ctx.x;
	/* SMCCC: the function id is w0. */
	u32 fn = x[0];

	vcpu->stats[door]++;
	/*
	 * On the service number, so that the compiler can make a jump table
	 * of it: these are the fast paths of the BRK and DCC doors. Any id
	 * that is not HVX_GUEST_CALL(n) for a service n (the 32-bit
	 * convention's included) lands in default.
	 */
	switch (fn - HVX_GUEST_CALL(0)) {
	case HVX_GUEST_CALL_NOP - HVX_GUEST_CALL(0):
		break;
	case HVX_GUEST_CALL_VERSION - HVX_GUEST_CALL(0):
		x[1] = HVX_GUEST_ABI_VERSION;
		x[2] = ALL_CALLS;
		break;
	case HVX_GUEST_CALL_FEATURES - HVX_GUEST_CALL(0):
		x[0] = implemented((u32)x[1]) ? HVX_GUEST_RET_SUCCESS :
						HVX_GUEST_RET_NOT_SUPPORTED;
		return true;
	case HVX_GUEST_CALL_COUNTER_FREQ - HVX_GUEST_CALL(0):
		x[1] = hvx_clock_freq(&vcpu->vm->clock);
		break;
	case HVX_GUEST_CALL_VCPU_ID - HVX_GUEST_CALL(0):
		x[1] = vcpu->id;
		x[2] = vcpu->mpidr & MPIDR_HWID_BITMASK;
		break;
	case HVX_GUEST_CALL_YIELD - HVX_GUEST_CALL(0):
	case HVX_GUEST_CALL_CONSOLE_WRITE - HVX_GUEST_CALL(0):
	case HVX_GUEST_CALL_CONSOLE_READ - HVX_GUEST_CALL(0):
	case HVX_GUEST_CALL_LOG - HVX_GUEST_CALL(0):
	case HVX_GUEST_CALL_SHUTDOWN - HVX_GUEST_CALL(0):
		if (from_el0()) {
			x[0] = HVX_GUEST_RET_DENIED;
			return true;
		}
		if (!host_args_ok(fn, x[1])) {
			x[0] = HVX_GUEST_RET_INVALID;
			return true;
		}
		/* The host sees the id as called, whatever x0[63:32] held. */
		x[0] = fn;
		return false;
	default:
		x[0] = HVX_GUEST_RET_NOT_SUPPORTED;
		return true;
	}
	x[0] = HVX_GUEST_RET_SUCCESS;
	return true;
}
