// SPDX-License-Identifier: GPL-2.0
/*
 * debug (hostile): looks for the host's debug and vector state from a
 * guest. The host may have hardware breakpoints and watchpoints armed
 * (selftests/hvx_debug.sh arms them, on every host CPU, at DEBUG_WATCH_ADDR
 * and DEBUG_EXEC_ADDR, for EL0); the guest
 *   1. reads and writes the breakpoint and watchpoint registers
 *      (DBGBVR0/DBGBCR0/DBGWVR0/DBGWCR0_EL1: DBGWVR0_EL1 written with
 *      DEBUG_WATCH_ADDR and read back), reads one the CPU does not have
 *      (DBGBVR15_EL1), and the other debug registers a Linux guest
 *      touches at boot: OSLSR_EL1, OSLAR_EL1 and OSDLR_EL1 (the OS lock,
 *      double lock), DBGPRCR_EL1, DBGCLAIMSET/CLR_EL1, MDRAR_EL1,
 *      DBGAUTHSTATUS_EL1;
 *   2. sets MDSCR_EL1.MDE (breakpoint and watchpoint exceptions on) and
 *      reads MDSCR_EL1 back;
 *   3. at EL0, stores to DEBUG_WATCH_ADDR and calls the RET it put at
 *      DEBUG_EXEC_ADDR: a breakpoint or watchpoint exception there is
 *      the host's, which it has no business seeing (LEAK);
 *   4. enables SVE and SME for EL1 and EL0 (CPACR_EL1.ZEN, SMEN) and runs
 *      RDVL, RDSVL and reads ZCR_EL1 and SVCR.
 * Each step prints "hvx-guest: debug: <what>: undefined (esr .., elr ..)",
 * "...: returned 0x..", "...: no exception" or "...: exception (esr ..)";
 * then "done" and SYSTEM_OFF.
 *
 * Under hvx (checked by selftests/hvx_debug.sh): the debug registers read
 * as zero and ignore writes (DBGWVR0_EL1 reads 0 after the write), but for
 * OSLSR_EL1, which reads 0x8 (an OS lock, unlocked), and DBGBVR15_EL1,
 * UNDEFINED as on a CPU with fewer breakpoints; the SVE/SME instructions
 * and registers are UNDEFINED; MDSCR_EL1 reads back with MDE set, and
 * neither EL0 access takes an exception.
 * Plain QEMU 7.2 (-cpu max, no hypervisor, no breakpoints armed): the
 * registers read 0 or their reset values (DBGWVR0_EL1 what was written),
 * DBGBVR15_EL1 is UNDEFINED (6 breakpoints), RDVL returns the vector
 * length; no exception at EL0 either (nothing is armed).
 */
#include "guest.h"
#include "el0.h"

GUEST_NAME("debug");

/* Guest RAM the host's breakpoints point at (RAM is at least 16 MiB). */
#define DEBUG_WATCH_ADDR	0x40c00000UL
#define DEBUG_EXEC_ADDR		0x40c01000UL
#define A64_RET			0xd65f03c0U

#define MDSCR_EL1_MDE		BIT(15)
#define CPACR_EL1_ZEN		(3UL << 16)
#define CPACR_EL1_FPEN		(3UL << 20)
#define CPACR_EL1_SMEN		(3UL << 24)

#define EC_WATCHPT_LOW		0x34
#define EC_BREAKPT_LOW		0x30

/* One instruction, x0 its result: 0 if it faults and is skipped. */
#define INSN_X0(insn) ({					\
	register u64 x0 asm("x0") = 0;				\
								\
	asm volatile(".inst " #insn : "+r" (x0));		\
	x0;							\
})

static u64 read_dbgbvr0(void) { return INSN_X0(0xd5300080); }	/* mrs x0, dbgbvr0_el1 */
static u64 read_dbgbcr0(void) { return INSN_X0(0xd53000a0); }	/* mrs x0, dbgbcr0_el1 */
static u64 read_dbgwvr0(void) { return INSN_X0(0xd53000c0); }	/* mrs x0, dbgwvr0_el1 */
static u64 read_dbgwcr0(void) { return INSN_X0(0xd53000e0); }	/* mrs x0, dbgwcr0_el1 */
/* msr dbgwvr0_el1, x0 with x0 = DEBUG_WATCH_ADDR; x0 back */
static u64 write_dbgwvr0(void)
{
	register u64 x0 asm("x0") = DEBUG_WATCH_ADDR;

	asm volatile(".inst 0xd51000c0" : "+r" (x0));
	return x0;
}

/* One access by generic name, x0 its result (or what it wrote: 0). */
#define SYS_X0(insn) ({						\
	register u64 x0 asm("x0") = 0;				\
								\
	asm volatile(insn : "+r" (x0) : : "memory");		\
	x0;							\
})

static u64 read_dbgbvr15(void) { return SYS_X0("mrs x0, s2_0_c0_c15_4"); }
static u64 read_oslsr(void) { return SYS_X0("mrs x0, s2_0_c1_c1_4"); }
static u64 write_oslar(void) { return SYS_X0("msr s2_0_c1_c0_4, x0"); }
static u64 read_osdlr(void) { return SYS_X0("mrs x0, s2_0_c1_c3_4"); }
static u64 write_osdlr(void) { return SYS_X0("msr s2_0_c1_c3_4, x0"); }
static u64 read_dbgprcr(void) { return SYS_X0("mrs x0, s2_0_c1_c4_4"); }
static u64 read_dbgclaimset(void) { return SYS_X0("mrs x0, s2_0_c7_c8_6"); }
static u64 write_dbgclaimclr(void) { return SYS_X0("msr s2_0_c7_c9_6, x0"); }
static u64 read_mdrar(void) { return SYS_X0("mrs x0, s2_0_c1_c0_0"); }
static u64 read_dbgauthstatus(void) { return SYS_X0("mrs x0, s2_0_c7_c14_6"); }
static u64 read_zcr(void) { return INSN_X0(0xd5381200); }	/* mrs x0, zcr_el1 */
static u64 read_svcr(void) { return INSN_X0(0xd53b4240); }	/* mrs x0, svcr */
static u64 rdvl(void) { return INSN_X0(0x04bf5020); }		/* rdvl x0, #1 */
static u64 rdsvl(void) { return INSN_X0(0x04bf5820); }		/* rdsvl x0, #1 */

static u64 el0_store(u64 addr)
{
	asm volatile("str xzr, [%0]" : : "r" (addr) : "memory");
	return 0;
}

static u64 el0_call(u64 addr)
{
	asm volatile("blr %0" : : "r" (addr) : "x30", "memory");
	return 0;
}

static void try_el0(const char *what, u64 (*fn)(u64), u64 addr)
{
	struct guest_caught c;

	if (guest_run_el0(fn, addr, &c) != GUEST_EL0_FAULTED) {
		report("%s 0x%llx at EL0: no exception", what, addr);
		return;
	}
	if (esr_ec(c.esr) == EC_WATCHPT_LOW || esr_ec(c.esr) == EC_BREAKPT_LOW)
		report("LEAK: %s 0x%llx at EL0: the host's %s fired (esr 0x%llx, far 0x%llx)",
		       what, addr, esr_ec(c.esr) == EC_WATCHPT_LOW ?
		       "watchpoint" : "breakpoint", c.esr, c.far);
	else
		report("%s 0x%llx at EL0: exception (esr 0x%llx, ec 0x%x, far 0x%llx)",
		       what, addr, c.esr, esr_ec(c.esr), c.far);
}

void guest_main(void)
{
	u64 mdscr, cpacr;

	guest_try_report("read DBGBVR0_EL1", read_dbgbvr0);
	guest_try_report("read DBGBCR0_EL1", read_dbgbcr0);
	guest_try_report("read DBGWVR0_EL1", read_dbgwvr0);
	guest_try_report("read DBGWCR0_EL1", read_dbgwcr0);
	guest_try_report("write DBGWVR0_EL1", write_dbgwvr0);
	guest_try_report("read back DBGWVR0_EL1", read_dbgwvr0);
	guest_try_report("read DBGBVR15_EL1", read_dbgbvr15);
	guest_try_report("read OSLSR_EL1", read_oslsr);
	guest_try_report("write OSLAR_EL1", write_oslar);
	guest_try_report("write OSDLR_EL1", write_osdlr);
	guest_try_report("read OSDLR_EL1", read_osdlr);
	guest_try_report("read DBGPRCR_EL1", read_dbgprcr);
	guest_try_report("read DBGCLAIMSET_EL1", read_dbgclaimset);
	guest_try_report("write DBGCLAIMCLR_EL1", write_dbgclaimclr);
	guest_try_report("read MDRAR_EL1", read_mdrar);
	guest_try_report("read DBGAUTHSTATUS_EL1", read_dbgauthstatus);

	/* The code the host's breakpoint points at: one RET. */
	raw_write32(DEBUG_EXEC_ADDR, A64_RET);
	dsb_sy();
	asm volatile("ic iallu" : : : "memory");
	dsb_sy();
	isb();

	mdscr = read_sysreg(mdscr_el1) | MDSCR_EL1_MDE;
	write_sysreg(mdscr, mdscr_el1);
	isb();
	mdscr = read_sysreg(mdscr_el1);
	report("MDSCR_EL1 after setting MDE: 0x%llx (MDE %s)", mdscr,
	       mdscr & MDSCR_EL1_MDE ? "set" : "clear");
	try_el0("store to", el0_store, DEBUG_WATCH_ADDR);
	try_el0("call to", el0_call, DEBUG_EXEC_ADDR);
	write_sysreg(mdscr & ~MDSCR_EL1_MDE, mdscr_el1);
	isb();

	cpacr = read_sysreg(cpacr_el1) | CPACR_EL1_ZEN | CPACR_EL1_FPEN |
		CPACR_EL1_SMEN;
	write_sysreg(cpacr, cpacr_el1);
	isb();
	guest_try_report("rdvl", rdvl);
	guest_try_report("read ZCR_EL1", read_zcr);
	guest_try_report("rdsvl", rdsvl);
	guest_try_report("read SVCR", read_svcr);
	report("done");
}
