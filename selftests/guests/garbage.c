// SPDX-License-Identifier: GPL-2.0
/*
 * garbage (hostile): jumps where no code is.
 *   1. to the first address after RAM: an instruction abort;
 *   2. to zeroed RAM (0x00000000 is UDF #0): an UNDEFINED exception;
 *      both are caught by the guest's vector, reported
 *      ("hvx-guest: garbage: jump to 0x..: <exception> (esr ..)"), and the
 *      guest resumes at the return address;
 *   3. into 64 KiB of pseudo-random words, with VBAR_EL1, SP and all
 *      general registers pointing into or filled from them, after
 *      "hvx-guest: garbage: jumping into random words ...". From here on
 *      anything may happen: random system register writes, HVCs with random
 *      function IDs, stores all over RAM, exception loops, WFI, SYSTEM_OFF.
 *      The seed is "hvx-seed=N" in /chosen/bootargs (default below), so a
 *      run can be repeated.
 *
 * A correct hypervisor: 1 is an instruction abort injected into the guest
 * (an instruction fetch outside RAM is never MMIO) or an error exit; 2 is
 * handled by the guest alone. In 3, hvx and the host must survive whatever
 * the guest does: the VM powers off, gets an error exit, or runs until the
 * VMM's timeout; never a host crash, hang or leak.
 * Plain QEMU: 1 is a synchronous external abort on instruction fetch
 * (EC 0x21, FSC 0x10), 2 an UNDEFINED (EC 0x00); 3 ends in QEMU exiting or
 * in the test's timeout, both fine.
 */
#include "guest.h"

GUEST_NAME("garbage");

#define GARBAGE_SIZE	0x10000
#define DEFAULT_SEED	0x68767821UL
#define VBAR_ALIGN	0x800

static u32 garbage[GARBAGE_SIZE / 4] __aligned(VBAR_ALIGN);
static u32 zeros[16] __aligned(16);
static struct guest_caught jump_caught;

/* Record the exception, resume at the caller of the bad jump (x30). */
static bool jump_hook(struct guest_regs *regs, unsigned int vec)
{
	if ((vec & VEC_KIND_MASK) != VEC_SYNC || jump_caught.caught)
		return false;
	jump_caught.caught = true;
	jump_caught.esr = regs->esr;
	jump_caught.far = regs->far;
	jump_caught.elr = regs->elr;
	regs->elr = regs->x[30];
	return true;
}

static const char *exception_name(u64 esr)
{
	switch (esr_ec(esr)) {
	case EC_UNKNOWN:	return "undefined";
	case EC_IABT_CUR:	return "instruction abort";
	default:		return "exception";
	}
}

static void jump_to(const char *what, u64 target)
{
	u64 esr;

	jump_caught.caught = false;
	guest_set_exception_hook(jump_hook);
	dsb_sy();
	asm volatile("blr %0" : : "r" (target)
		     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
		       "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
		       "x17", "x30", "memory", "cc");
	guest_set_exception_hook(NULL);
	esr = jump_caught.esr;
	if (!jump_caught.caught)
		report("jump to 0x%llx (%s): returned without an exception",
		       target, what);
	else
		report("jump to 0x%llx (%s): %s (esr 0x%llx, ec 0x%x, fsc 0x%x, elr 0x%llx)",
		       target, what, exception_name(esr), esr, esr_ec(esr),
		       (unsigned int)(esr & ESR_FSC_MASK), jump_caught.elr);
}

static u64 xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static void __noreturn jump_into_garbage(u64 seed)
{
	u64 s = seed ? seed : DEFAULT_SEED;
	u64 base = (uintptr_t)garbage;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(garbage); i++)
		garbage[i] = (u32)xorshift64(&s);
	dsb_sy();
	asm volatile("ic iallu" : : : "memory");
	dsb_sy();
	isb();
	report("jumping into random words at 0x%llx-0x%llx (seed 0x%llx); anything may happen now",
	       base, base + GARBAGE_SIZE - 1, seed ? seed : DEFAULT_SEED);
	/*
	 * Vectors and stack in the garbage too, registers loaded from it
	 * (through sp, as every other register is overwritten), and in at a
	 * random word of its second half.
	 */
	asm volatile("msr vbar_el1, %0\n\t"
		     "isb\n\t"
		     "mov x30, %2\n\t"
		     "mov sp, %1\n\t"
		     "ldp x0, x1, [sp, #-256]\n\t"
		     "ldp x2, x3, [sp, #-240]\n\t"
		     "ldp x4, x5, [sp, #-224]\n\t"
		     "ldp x6, x7, [sp, #-208]\n\t"
		     "ldp x8, x9, [sp, #-192]\n\t"
		     "ldp x10, x11, [sp, #-176]\n\t"
		     "ldp x12, x13, [sp, #-160]\n\t"
		     "ldp x14, x15, [sp, #-144]\n\t"
		     "ldp x16, x17, [sp, #-128]\n\t"
		     "ldp x18, x19, [sp, #-112]\n\t"
		     "ldp x20, x21, [sp, #-96]\n\t"
		     "ldp x22, x23, [sp, #-80]\n\t"
		     "ldp x24, x25, [sp, #-64]\n\t"
		     "ldp x26, x27, [sp, #-48]\n\t"
		     "ldp x28, x29, [sp, #-32]\n\t"
		     "br x30"
		     : : "r" (base),
		       "r" (base + GARBAGE_SIZE / 2),
		       "r" (base + GARBAGE_SIZE / 2 +
			    (xorshift64(&s) % (GARBAGE_SIZE / 8)) * 4)
		     : "x30", "memory");
	__builtin_unreachable();
}

void guest_main(void)
{
	u64 seed = 0;

	jump_to("just after RAM", guest.fdt.mem_base + guest.fdt.mem_size);
	jump_to("zeroed RAM", (uintptr_t)zeros);
	guest_bootarg_u64("hvx-seed", &seed);
	jump_into_garbage(seed);
}
