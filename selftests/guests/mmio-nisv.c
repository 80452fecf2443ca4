// SPDX-License-Identifier: GPL-2.0
/*
 * mmio-nisv (hostile): loads and stores at the first address after RAM
 * that the architecture gives no valid syndrome for (ESR_EL2.ISV = 0): a
 * load pair, a post-indexed load and a pre-indexed store (writeback). A
 * hypervisor cannot emulate these from the syndrome alone.
 *
 * Each access prints "hvx-guest: mmio-nisv: <access> <addr>: ..." with
 * "completed, value 0x.." or "aborted (...)"; then "done" and SYSTEM_OFF.
 *
 * A correct hypervisor: the first access ends the run with an internal
 * error exit to the VMM (KVM's KVM_EXIT_ARM_NISV / -ENOSYS case): it must
 * neither emulate a wrong access nor resume the guest past it silently,
 * and the host carries on. If the VMM chooses to inject an abort instead,
 * the guest reports each one and powers off.
 * Plain QEMU: a synchronous external abort into the guest for each.
 */
#include "guest.h"

GUEST_NAME("mmio-nisv");

static void try_ldp(u64 addr)
{
	u64 a = 0, b = 0;
	struct guest_caught c;
	bool f;

	guest_catch_begin();
	asm volatile("ldp %0, %1, [%2]" : "+r" (a), "+r" (b) : "r" (addr)
		     : "memory");
	f = guest_catch_end(&c);
	report("ldp 0x%llx: %s (esr 0x%llx, far 0x%llx), values 0x%llx 0x%llx",
	       addr, f ? "aborted" : "completed", c.esr, c.far, a, b);
}

static void try_ldr_post(u64 addr)
{
	u64 base = addr, v = 0;
	struct guest_caught c;
	bool f;

	guest_catch_begin();
	asm volatile("ldr %0, [%1], #8" : "+r" (v), "+r" (base) : : "memory");
	f = guest_catch_end(&c);
	report("ldr post-index 0x%llx: %s (esr 0x%llx, far 0x%llx), value 0x%llx, base now 0x%llx",
	       addr, f ? "aborted" : "completed", c.esr, c.far, v, base);
}

static void try_str_pre(u64 addr)
{
	u64 base = addr - 8, v = 0x6e6f2d6973762121UL;
	struct guest_caught c;
	bool f;

	guest_catch_begin();
	asm volatile("str %1, [%0, #8]!" : "+r" (base) : "r" (v) : "memory");
	f = guest_catch_end(&c);
	report("str pre-index 0x%llx: %s (esr 0x%llx, far 0x%llx), base now 0x%llx",
	       addr, f ? "aborted" : "completed", c.esr, c.far, base);
}

void guest_main(void)
{
	u64 addr = guest.fdt.mem_base + guest.fdt.mem_size;

	report("accessing 0x%llx, just after RAM, without a valid syndrome",
	       addr);
	try_ldp(addr);
	try_ldr_post(addr + 16);
	try_str_pre(addr + 32);
	report("done");
}
