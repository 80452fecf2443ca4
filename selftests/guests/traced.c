// SPDX-License-Identifier: GPL-2.0
/*
 * traced: a known number of each thing hvx traces, for hvx_trace_cmd.sh,
 * which records the run with trace-cmd and counts them in its report:
 *   TR_HVC, TR_BRK, TR_DCC VERSION calls through HVC, BRK and DCC
 *   (answered at EL2: EL2's events), TR_LOG LOG calls through HVC (the
 *   host's service), TR_PSCI PSCI_VERSION calls (the host kernel's),
 *   TR_MMIO 32-bit loads after RAM, where nothing is (exits to the VMM,
 *   which aborts them), and TR_SGI SGI 3s to itself through
 *   ICC_SGI1R_EL1 (the vGIC), each taken before the next is sent.
 * Prints "hvx-guest: traced: did hvc=.. brk=.. dcc=.. log=.. psci=..
 * mmio=.. sgi=..", then "ok" (or "error: ..." and "failed"), and powers
 * off. Under plain QEMU no door answers: "not under hvx", power off.
 * Bootarg hvx-traced-flood=N: only N NOP calls through HVC, as fast as
 * it can (more than EL2's trace ring holds: lost events), then "flooded
 * N" and power off.
 */
#include <hvx-guest.h>
#include "guest.h"
#include "access.h"
#include "gic.h"

GUEST_NAME("traced");

#define TR_HVC		11
#define TR_BRK		13
#define TR_DCC		17
#define TR_LOG		5
#define TR_PSCI		7
#define TR_MMIO		3
#define TR_SGI		9
#define SGI		3
#define SGI_WAIT_US	2000000
#define LOG_LEN		7
#define LOG_BYTES	0x21646563617274ULL	/* "traced!" */

static u32 nr_errors;

static void problem(const char *what, u64 v)
{
	report("error: %s (0x%llx)", what, v);
	nr_errors++;
}

/* n VERSION calls through @door: how many answered with the version. */
typedef void door_fn(unsigned long fn, unsigned long a1, unsigned long a2,
		     unsigned long a3, unsigned long a4, unsigned long a5,
		     unsigned long a6, struct hvx_guest_res *res);

static u32 versions(door_fn *door, u32 n)
{
	struct hvx_guest_res r;
	u32 i, ok = 0;

	for (i = 0; i < n; i++) {
		door(HVX_GUEST_CALL_VERSION, 0, 0, 0, 0, 0, 0, &r);
		ok += r.a0 == HVX_GUEST_RET_SUCCESS &&
		      r.a1 == HVX_GUEST_ABI_VERSION;
	}
	return ok;
}

void guest_main(void)
{
	u64 mmio = guest.fdt.mem_base + guest.fdt.mem_size, val, flood;
	u32 hvc, brk, dcc, log = 0, psci = 0, loads = 0, i;
	struct guest_caught c;
	struct hvx_guest_res r;

	hvc = versions(hvx_guest_call_hvc, 1);
	if (!hvc) {
		report("not under hvx");
		psci_system_off();
	}
	if (guest_bootarg_u64("hvx-traced-flood", &flood)) {
		for (i = 0; i < flood; i++)
			hvx_guest_call_hvc(HVX_GUEST_CALL_NOP, 0, 0, 0, 0, 0, 0,
					   &r);
		report("flooded %llu", flood);
		psci_system_off();
	}
	/* The probe was one HVC: TR_HVC in all. */
	hvc += versions(hvx_guest_call_hvc, TR_HVC - 1);
	brk = versions(hvx_guest_call_brk, TR_BRK);
	dcc = versions(hvx_guest_call_dcc, TR_DCC);
	for (i = 0; i < TR_LOG; i++) {
		/* "traced!\n"'s bytes, little endian, in x2 */
		hvx_guest_call_hvc(HVX_GUEST_CALL_LOG, LOG_LEN, LOG_BYTES, 0,
				   0, 0, 0, &r);
		log += r.a0 == HVX_GUEST_RET_SUCCESS;
	}
	for (i = 0; i < TR_PSCI; i++)
		psci += psci_version() != 0;
	for (i = 0; i < TR_MMIO; i++)
		loads += try_read32(mmio, &val, &c) && c.caught;

	gic_dist_init(64);
	gic_cpu_init(0);
	gic_irq_enable(0, SGI, true);
	irqs_enable();
	for (i = 0; i < TR_SGI; i++) {
		gic_send_sgi1r(gic_sgir_for(SGI, read_sysreg(mpidr_el1)));
		if (gic_wait_count(0, SGI, i + 1, SGI_WAIT_US) != i + 1) {
			problem("SGI not taken", i);
			break;
		}
	}
	irqs_disable();

	report("did hvc=%u brk=%u dcc=%u log=%u psci=%u mmio=%u sgi=%u",
	       hvc, brk, dcc, log, psci, loads,
	       READ_ONCE(gic_stats[0].count[SGI]));
	if (hvc != TR_HVC || brk != TR_BRK || dcc != TR_DCC)
		problem("a door did not answer every call",
			hvc << 16 | brk << 8 | dcc);
	if (log != TR_LOG || psci != TR_PSCI || loads != TR_MMIO)
		problem("a LOG, PSCI or MMIO access went wrong",
			log << 16 | psci << 8 | loads);
	report(nr_errors ? "failed" : "ok");
	psci_system_off();
}
