// SPDX-License-Identifier: GPL-2.0
/* PSCI calls through HVC #0 (the conduit of QEMU virt at EL1, and of hvx). */
#include "guest.h"

s64 psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	/*
	 * SMCCC 1.1 preserves x4-x17, but these guests test hypervisors:
	 * assume only what SMCCC 1.0 promised.
	 */
	asm volatile("hvc #0"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     :
		     : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (s64)x0;
}

u32 psci_version(void)
{
	return (u32)psci_call(PSCI_VERSION, 0, 0, 0);
}

int psci_cpu_on(u64 mpidr, u64 entry, u64 context)
{
	return (int)psci_call(PSCI_CPU_ON_64, mpidr, entry, context);
}

void psci_cpu_off(void)
{
	s64 ret = psci_call(PSCI_CPU_OFF, 0, 0, 0);

	report("error: CPU_OFF returned %lld (%s)", (long long)ret,
	       psci_strerror(ret));
	guest_park();
}

void psci_system_off(void)
{
	s64 ret = psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);

	report("error: SYSTEM_OFF returned %lld (%s)", (long long)ret,
	       psci_strerror(ret));
	guest_park();
}

void psci_system_reset(void)
{
	s64 ret = psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);

	report("error: SYSTEM_RESET returned %lld (%s)", (long long)ret,
	       psci_strerror(ret));
	guest_park();
}

const char *psci_strerror(s64 ret)
{
	switch (ret) {
	case PSCI_SUCCESS:		return "SUCCESS";
	case PSCI_NOT_SUPPORTED:	return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMS:	return "INVALID_PARAMETERS";
	case PSCI_DENIED:		return "DENIED";
	case PSCI_ALREADY_ON:		return "ALREADY_ON";
	case PSCI_ON_PENDING:		return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE:	return "INTERNAL_FAILURE";
	default:			return "unknown";
	}
}
