/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The hvx guest call ABI: how software in a guest calls hvx.
 *
 * Freestanding (no includes): for bare-metal guests, a Linux guest kernel
 * or a guest user program (the DCC door works from EL0 too, the BRK door
 * wherever the guest's own debugger does not need the immediate, the HVC
 * door from EL1 only).
 *
 * From EL0 (the guest's user space) only the services marked "EL2" below
 * answer, and the VMware backdoor (queries only); a service of the host's
 * (YIELD, CONSOLE_WRITE, CONSOLE_READ, LOG, SHUTDOWN) returns
 * HVX_GUEST_RET_DENIED and does nothing: they act for the whole VM, which
 * is the guest kernel's to decide. FEATURES and VERSION describe what hvx
 * implements, whoever asks.
 *
 * A call: function id in x0 (HVX_GUEST_CALL(n)), arguments in x1-x6,
 * results in x0-x3; every other general register, and the condition
 * flags, are preserved. x0 returns HVX_GUEST_RET_SUCCESS or a negative
 * HVX_GUEST_RET_* error. Three doors reach the same services with the same
 * registers:
 *
 *   HVC   hvc #0 with x0 an SMCCC fast call in the vendor-specific
 *         hypervisor range (owner 6); the SMCCC convention.
 *   BRK   brk #HVX_GUEST_BRK_IMM. A BRK with any other immediate is the
 *         guest's own: hvx delivers it to the guest's vector, as if hvx
 *         were not there.
 *   DCC   mrs xzr, mdccsr_el0 with x7 = HVX_GUEST_DCC_X7. The MRS's
 *         destination register is not written (use xzr). A read of
 *         MDCCSR_EL0 without that x7 is not a call: it reads an idle debug
 *         communication channel (0).
 *
 * hvx also answers the VMware backdoor on the same doors (x7[63:32] =
 * 0x86, see Documentation/api/guest-calls.md), for existing guest tools.
 */
#ifndef _UAPI_HVX_GUEST_H
#define _UAPI_HVX_GUEST_H

/* 1.1: the host's services DENIED from EL0 (1.0 answered them) */
#define HVX_GUEST_ABI_VERSION	0x00010001U	/* (major << 16) | minor */

#define HVX_GUEST_BRK_IMM	0x4858		/* "HX" */
#define HVX_GUEST_DCC_X7	0x4856584300000000ULL	/* "HVXC" in x7[63:32] */

/* SMCCC fast call, 64-bit, vendor-specific hypervisor service, number n */
#define HVX_GUEST_CALL(n)	(0xC6000000U | (n))

/*
 * The services. "EL2" ones complete in hvx without leaving the guest's
 * CPU; the others exit to the host.
 */
/* -> x0 = 0 and nothing else (EL2): the cost of a round trip */
#define HVX_GUEST_CALL_NOP		HVX_GUEST_CALL(0)
/* -> x1 = HVX_GUEST_ABI_VERSION, x2 = bitmap of the services (bit n) (EL2) */
#define HVX_GUEST_CALL_VERSION		HVX_GUEST_CALL(1)
/* x1 = function id -> x0 = 0 if implemented, else NOT_SUPPORTED (EL2) */
#define HVX_GUEST_CALL_FEATURES		HVX_GUEST_CALL(2)
/* -> x1 = frequency in Hz of the counter the guest reads (EL2) */
#define HVX_GUEST_CALL_COUNTER_FREQ	HVX_GUEST_CALL(3)
/* -> x1 = this vCPU's id, x2 = its MPIDR_EL1 affinity (EL2) */
#define HVX_GUEST_CALL_VCPU_ID		HVX_GUEST_CALL(4)
/* let the host run something else now (host) */
#define HVX_GUEST_CALL_YIELD		HVX_GUEST_CALL(5)
/* x1 = n <= 40, bytes in x2-x6 (x2 first, little endian) -> x1 = n (host) */
#define HVX_GUEST_CALL_CONSOLE_WRITE	HVX_GUEST_CALL(6)
/* x1 = max <= 16 -> x1 = n read (0: nothing waiting), bytes in x2-x3 (host) */
#define HVX_GUEST_CALL_CONSOLE_READ	HVX_GUEST_CALL(7)
/* x1 = n <= 40, bytes in x2-x6: one line into the host's trace (host) */
#define HVX_GUEST_CALL_LOG		HVX_GUEST_CALL(8)
/* x1 = HVX_GUEST_SHUTDOWN_*: the VM ends as with PSCI (host) */
#define HVX_GUEST_CALL_SHUTDOWN		HVX_GUEST_CALL(9)
#define HVX_GUEST_NR_CALLS		10

#define HVX_GUEST_SHUTDOWN_OFF		0
#define HVX_GUEST_SHUTDOWN_RESET	1

/* x0 on return */
#define HVX_GUEST_RET_SUCCESS		0
#define HVX_GUEST_RET_NOT_SUPPORTED	(-1)	/* unknown function */
#define HVX_GUEST_RET_INVALID		(-2)	/* bad argument */
#define HVX_GUEST_RET_DENIED		(-3)	/* a host service, from EL0 */

/* Largest byte counts of CONSOLE_WRITE/LOG and CONSOLE_READ. */
#define HVX_GUEST_WRITE_MAX		40
#define HVX_GUEST_READ_MAX		16

#if !defined(__ASSEMBLY__) && !defined(__ASSEMBLER__) && defined(__aarch64__)

struct hvx_guest_res {
	unsigned long a0, a1, a2, a3;
};

/*
 * The three doors. x4-x6 are inputs only; the asm says they are kept, as
 * are x7 for HVC and BRK. HVX_GUEST_DOOR(insn) defines one.
 */
#define HVX_GUEST_DOOR(name, insn, x7val)				\
static inline void name(unsigned long fn, unsigned long a1,		\
			unsigned long a2, unsigned long a3,		\
			unsigned long a4, unsigned long a5,		\
			unsigned long a6, struct hvx_guest_res *res)	\
{									\
	register unsigned long x0 asm("x0") = fn;			\
	register unsigned long x1 asm("x1") = a1;			\
	register unsigned long x2 asm("x2") = a2;			\
	register unsigned long x3 asm("x3") = a3;			\
	register unsigned long x4 asm("x4") = a4;			\
	register unsigned long x5 asm("x5") = a5;			\
	register unsigned long x6 asm("x6") = a6;			\
	register unsigned long x7 asm("x7") = (x7val);			\
									\
	asm volatile(insn						\
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)		\
		     : "r"(x4), "r"(x5), "r"(x6), "r"(x7)		\
		     : "memory");					\
	res->a0 = x0;							\
	res->a1 = x1;							\
	res->a2 = x2;							\
	res->a3 = x3;							\
}

#define HVX_GUEST_STR_(x)	#x
#define HVX_GUEST_STR(x)	HVX_GUEST_STR_(x)

HVX_GUEST_DOOR(hvx_guest_call_hvc, "hvc #0", 0)
HVX_GUEST_DOOR(hvx_guest_call_brk, "brk #" HVX_GUEST_STR(HVX_GUEST_BRK_IMM), 0)
HVX_GUEST_DOOR(hvx_guest_call_dcc, "mrs xzr, mdccsr_el0", HVX_GUEST_DCC_X7)

#endif /* C on aarch64 */
#endif /* _UAPI_HVX_GUEST_H */
