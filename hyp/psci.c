// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host's SMCs (trapped with HCR_EL2.TSC) and the PSCI relay.
 *
 * hvx sits between the host and the firmware, so that the host cannot
 * bring a CPU up, or back from a power-down state, without hvx: PSCI
 * CPU_ON, CPU_SUSPEND and CPU_DEFAULT_SUSPEND go to the firmware with
 * hvx's EL2 entry (hdr.cpu_entry, hyp/init.S) and the PA of the target
 * CPU's struct hvx_hyp_cpu as context; the host's own entry point and
 * context ID wait there. hvx's entry sets EL2 up, puts the host under
 * stage 2 and only then enters the host, at EL1.
 *
 * Every other SMC is decided by its function ID (classify()):
 * - SMCCC arch calls: SMCCC_VERSION (capped at 1.1, the convention hvx
 *   forwards: arguments x1-x7, results x0-x3), ARCH_FEATURES (NOT_SUPPORTED
 *   for a call hvx would refuse), SOC_ID, the Spectre/SSBD workarounds:
 *   forwarded. Other arch calls: refused.
 * - PSCI: VERSION, AFFINITY_INFO, MIGRATE_INFO_TYPE/UP_CPU, SYSTEM_OFF,
 *   SYSTEM_RESET/RESET2, NODE_HW_STATE, SET_SUSPEND_MODE, STAT_*: forwarded;
 *   FEATURES: forwarded, NOT_SUPPORTED for a call hvx refuses; CPU_OFF:
 *   forwarded (the CPU comes back through CPU_ON); CPU_ON, CPU_SUSPEND,
 *   CPU_DEFAULT_SUSPEND: relayed as above. MIGRATE, CPU_FREEZE,
 *   SYSTEM_SUSPEND (it would lose every CPU's EL2 state at once),
 *   MEM_PROTECT*: refused.
 * - TRNG (standard service): forwarded.
 * - Everything else (SiP, OEM, trusted OS/application calls, SDEI, FF-A,
 *   yielding calls, SMC with a non-zero immediate): refused with
 *   SMCCC NOT_SUPPORTED; hvx would have to understand them to keep the
 *   host from reaching memory or EL2 through the firmware.
 * Forwarded calls pass x0-x7 and return x0-x3; the host's other
 * registers are hvx's saved copies, so they are preserved whatever the
 * firmware does with them.
 */
#include <linux/arm-smccc.h>
#include <linux/errno.h>
#include <linux/nospec.h>
#include <uapi/linux/psci.h>
#include <asm/barrier.h>
#include <asm/cputype.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/spinlock.h"

/* SMCCC TRNG, a standard secure service (0x84000050-0x84000053). */
#define SMCCC_TRNG_FIRST	0x84000050
#define SMCCC_TRNG_LAST		0x84000053
#define SMCCC_TRNG_RND64	0xC4000053

enum smc_action {
	SMC_REFUSE,
	SMC_FORWARD,
	SMC_FEATURES,	/* forwarded, unless it asks about a refused call */
	SMC_CPU_ON,
	SMC_CPU_OFF,
	SMC_CPU_SUSPEND,
};

/* Serialises CPU_ON relays: one writer of a target's host entry at a time. */
static struct hvx_spinlock psci_lock;
/* hvx is leaving EL2 (release.c): no CPU may come up under it any more. */
static bool psci_closed;

static void count(enum hvx_psci_stat s)
{
	this_hyp_cpu()->psci_stats[s]++;
}

static enum smc_action classify_psci(u32 fn)
{
	switch (fn) {
	case PSCI_0_2_FN_CPU_ON:
	case PSCI_0_2_FN64_CPU_ON:
		return SMC_CPU_ON;
	case PSCI_0_2_FN_CPU_OFF:
		return SMC_CPU_OFF;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case PSCI_0_2_FN64_CPU_SUSPEND:
	case PSCI_1_0_FN_CPU_DEFAULT_SUSPEND:
	case PSCI_1_0_FN64_CPU_DEFAULT_SUSPEND:
		return SMC_CPU_SUSPEND;
	case PSCI_1_0_FN_PSCI_FEATURES:
		return SMC_FEATURES;
	case PSCI_0_2_FN_PSCI_VERSION:
	case PSCI_0_2_FN_AFFINITY_INFO:
	case PSCI_0_2_FN64_AFFINITY_INFO:
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
	case PSCI_0_2_FN_MIGRATE_INFO_UP_CPU:
	case PSCI_0_2_FN64_MIGRATE_INFO_UP_CPU:
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
	case PSCI_1_1_FN_SYSTEM_RESET2:
	case PSCI_1_1_FN64_SYSTEM_RESET2:
	case PSCI_1_0_FN_NODE_HW_STATE:
	case PSCI_1_0_FN64_NODE_HW_STATE:
	case PSCI_1_0_FN_SET_SUSPEND_MODE:
	case PSCI_1_0_FN_STAT_RESIDENCY:
	case PSCI_1_0_FN64_STAT_RESIDENCY:
	case PSCI_1_0_FN_STAT_COUNT:
	case PSCI_1_0_FN64_STAT_COUNT:
		return SMC_FORWARD;
	default:
		return SMC_REFUSE;
	}
}

static enum smc_action classify(u32 fn)
{
	switch (fn) {
	case ARM_SMCCC_VERSION_FUNC_ID:
	case ARM_SMCCC_ARCH_SOC_ID:
	case ARM_SMCCC_ARCH_WORKAROUND_1:
	case ARM_SMCCC_ARCH_WORKAROUND_2:
	case ARM_SMCCC_ARCH_WORKAROUND_3:
		return SMC_FORWARD;
	case ARM_SMCCC_ARCH_FEATURES_FUNC_ID:
		return SMC_FEATURES;
	case SMCCC_TRNG_RND64:
		return SMC_FORWARD;
	}
	if (fn >= SMCCC_TRNG_FIRST && fn <= SMCCC_TRNG_LAST)
		return SMC_FORWARD;
	if ((fn & ~PSCI_0_2_64BIT) >= PSCI_0_2_FN_BASE &&
	    (fn & ~PSCI_0_2_64BIT) <= PSCI_0_2_FN(0x1f))
		return classify_psci(fn);
	return SMC_REFUSE;
}

/* The firmware, SMCCC 1.1 register use: x0-x7 in, x0-x3 out. */
static void smc_forward(struct hvx_host_regs *regs)
{
	register u64 x0 asm("x0") = regs->x[0];
	register u64 x1 asm("x1") = regs->x[1];
	register u64 x2 asm("x2") = regs->x[2];
	register u64 x3 asm("x3") = regs->x[3];
	register u64 x4 asm("x4") = regs->x[4];
	register u64 x5 asm("x5") = regs->x[5];
	register u64 x6 asm("x6") = regs->x[6];
	register u64 x7 asm("x7") = regs->x[7];

	/* SMCCC 1.0 firmware may change x4-x17: assume it does. */
	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3),
		       "+r"(x4), "+r"(x5), "+r"(x6), "+r"(x7)
		     : : "x8", "x9", "x10", "x11", "x12", "x13", "x14",
		       "x15", "x16", "x17", "memory");
	regs->x[0] = x0;
	regs->x[1] = x1;
	regs->x[2] = x2;
	regs->x[3] = x3;
}

/* hvx's own call to the firmware: x0-x3 in, x0 out. */
static u64 smc_call3(u64 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("smc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
		       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

static struct hvx_hyp_cpu *cpu_of_mpidr(u64 mpidr, u32 *idx)
{
	u32 i;

	mpidr &= MPIDR_HWID_BITMASK;
	for (i = 0; i < hvx_nr_cpus(); i++) {
		if (hvx_globals.cpu_mpidr[i] == mpidr && hvx_cpu_data(i)) {
			*idx = i;
			return hvx_cpu_data(i);
		}
	}
	return NULL;
}

static void set_host_entry(struct hvx_hyp_cpu *cpu, u64 entry, u64 ctx)
{
	cpu->host_entry = entry;
	cpu->host_ctx = ctx;
	/* Read by the CPU's entry with its MMU off. */
	hvx_dcache_clean_inval_poc((u64)&cpu->host_entry, 2 * sizeof(u64));
}

/*
 * The firmware only sees hvx's entry, so hvx checks the host's: aligned,
 * in RAM the host owns (hvx reads it with its MMU off).
 */
static bool host_entry_valid(u64 entry)
{
	return !(entry & 3) && hvx_host_owns_ram(entry);
}

/* CPU_ON: x1 target MPIDR, x2 host entry, x3 context ID. */
static void psci_cpu_on(struct hvx_host_regs *regs)
{
	bool is64 = regs->x[0] & PSCI_0_2_64BIT;
	u64 mpidr = is64 ? regs->x[1] : (u32)regs->x[1];
	u64 entry = is64 ? regs->x[2] : (u32)regs->x[2];
	u64 ctx = is64 ? regs->x[3] : (u32)regs->x[3];
	struct hvx_hyp_cpu *target;
	u32 idx;
	s64 ret;

	target = cpu_of_mpidr(mpidr, &idx);
	if (!target) {
		regs->x[0] = PSCI_RET_INVALID_PARAMS;
		return;
	}
	if (!host_entry_valid(entry)) {
		regs->x[0] = PSCI_RET_INVALID_ADDRESS;
		return;
	}
	hvx_spin_lock(&psci_lock);
	if (psci_closed) {
		ret = PSCI_RET_DENIED;
	} else if (READ_ONCE(target->on_pending)) {
		ret = PSCI_RET_ON_PENDING;
	} else if (smc_call3(PSCI_0_2_FN64_AFFINITY_INFO,
			     mpidr & MPIDR_HWID_BITMASK, 0, 0) !=
		   PSCI_0_2_AFFINITY_LEVEL_OFF) {
		/*
		 * On, or suspended: its entry slot may hold its resume point,
		 * which must not be overwritten.
		 */
		ret = PSCI_RET_ALREADY_ON;
	} else {
		set_host_entry(target, entry, ctx);
		WRITE_ONCE(target->on_pending, 1);
		ret = smc_call3(PSCI_0_2_FN64_CPU_ON,
				mpidr & MPIDR_HWID_BITMASK,
				(u64)__hvx_cpu_entry,
				hvx_globals.cpu_data[idx]);
		if (ret != PSCI_RET_SUCCESS)
			WRITE_ONCE(target->on_pending, 0);
		else
			count(HVX_PSCI_CPU_ON);
	}
	hvx_spin_unlock(&psci_lock);
	regs->x[0] = ret;
}

/*
 * CPU_SUSPEND (x1 power state, x2 entry, x3 context) and
 * CPU_DEFAULT_SUSPEND (x1 entry, x2 context). Whether the state loses
 * EL2's context depends on the power state and its format, so always
 * relay with hvx's entry, as for CPU_ON: a standby state (or a refused
 * one) returns here and the result goes back to the host as it is; a
 * power-down state comes back through hvx's entry, which enters the host
 * at its resume entry point.
 */
static void psci_cpu_suspend(struct hvx_host_regs *regs)
{
	bool is64 = regs->x[0] & PSCI_0_2_64BIT;
	bool dflt = (regs->x[0] & ~PSCI_0_2_64BIT) ==
		    PSCI_1_0_FN_CPU_DEFAULT_SUSPEND;
	struct hvx_hyp_cpu *cpu = this_hyp_cpu();
	u64 state = regs->x[1];
	u64 entry = dflt ? regs->x[1] : regs->x[2];
	u64 ctx = dflt ? regs->x[2] : regs->x[3];
	/* hvx's entry and context are 64-bit addresses. */
	u64 fn64 = regs->x[0] | PSCI_0_2_64BIT;

	if (!is64) {
		state = (u32)state;
		entry = (u32)entry;
		ctx = (u32)ctx;
	}
	/* Linux passes entry 0 for standby states, where it is ignored. */
	if (entry && !host_entry_valid(entry)) {
		regs->x[0] = PSCI_RET_INVALID_ADDRESS;
		return;
	}
	set_host_entry(cpu, entry, ctx);
	count(HVX_PSCI_CPU_SUSPEND);
	if (dflt)
		regs->x[0] = smc_call3(fn64, (u64)__hvx_cpu_entry,
				       (u64)cpu, 0);
	else
		regs->x[0] = smc_call3(fn64, state, (u64)__hvx_cpu_entry,
				       (u64)cpu);
}

static void refuse(struct hvx_host_regs *regs)
{
	count(HVX_PSCI_REFUSED);
	regs->x[0] = SMCCC_RET_NOT_SUPPORTED;
}

void hvx_handle_host_smc(struct hvx_host_regs *regs)
{
	u64 esr = read_sysreg(esr_el2);
	u32 fn = regs->x[0];

	/* A trapped SMC returns to itself: skip it. */
	write_sysreg(read_sysreg(elr_el2) + 4, elr_el2);

	/* SMCCC: the function ID is W0; SMC #0 is the only call. */
	if (esr & ESR_ELx_xVC_IMM_MASK) {
		refuse(regs);
		return;
	}
	regs->x[0] = fn;
	switch (classify(fn)) {
	case SMC_CPU_ON:
		psci_cpu_on(regs);
		break;
	case SMC_CPU_OFF:
		count(HVX_PSCI_CPU_OFF);
		/* Gone from hvx when the firmware says OFF; back if it failed. */
		WRITE_ONCE(this_hyp_cpu()->in_hvx, 0);
		smc_forward(regs);
		WRITE_ONCE(this_hyp_cpu()->in_hvx, 1);
		break;
	case SMC_CPU_SUSPEND:
		psci_cpu_suspend(regs);
		break;
	case SMC_FEATURES:
		if (classify((u32)regs->x[1]) == SMC_REFUSE) {
			refuse(regs);
			break;
		}
		count(HVX_PSCI_FORWARDED);
		smc_forward(regs);
		break;
	case SMC_FORWARD:
		count(HVX_PSCI_FORWARDED);
		smc_forward(regs);
		/* hvx passes on the SMCCC 1.1 convention, not 1.2's. */
		if (fn == ARM_SMCCC_VERSION_FUNC_ID &&
		    (s64)regs->x[0] > ARM_SMCCC_VERSION_1_1)
			regs->x[0] = ARM_SMCCC_VERSION_1_1;
		break;
	default:
		refuse(regs);
		break;
	}
}

/* HVX_HC_PSCI_STATS: counter @which (enum hvx_psci_stat), summed. */
int hvx_psci_stats(u64 which, u64 *sum)
{
	u32 i;

	if (which >= HVX_PSCI_NR_STATS)
		return -EINVAL;
	which = array_index_nospec(which, HVX_PSCI_NR_STATS);
	*sum = 0;
	for (i = 0; i < hvx_nr_cpus(); i++) {
		const struct hvx_hyp_cpu *c = hvx_cpu_data(i);

		if (c)
			*sum += READ_ONCE(c->psci_stats[which]);
	}
	return 0;
}

/* Is CPU @idx off, as the firmware sees it? */
bool hvx_psci_cpu_off(u32 idx)
{
	u64 mpidr = hvx_globals.cpu_mpidr[idx];

	return mpidr == INVALID_HWID ||
	       smc_call3(PSCI_0_2_FN64_AFFINITY_INFO, mpidr, 0, 0) ==
	       PSCI_0_2_AFFINITY_LEVEL_OFF;
}

/*
 * For HVX_HC_RELEASE: refuse CPU_ON from now on, unless one relayed
 * earlier has not reached hvx's entry yet (false then: that CPU would
 * arrive in an hvx that has gone).
 */
bool hvx_psci_close(void)
{
	bool pending = false;
	u32 i;

	hvx_spin_lock(&psci_lock);
	for (i = 0; i < hvx_nr_cpus(); i++) {
		const struct hvx_hyp_cpu *c = hvx_cpu_data(i);

		if (c && READ_ONCE(c->on_pending))
			pending = true;
	}
	psci_closed = !pending;
	hvx_spin_unlock(&psci_lock);
	return !pending;
}

void hvx_psci_reopen(void)
{
	hvx_spin_lock(&psci_lock);
	psci_closed = false;
	hvx_spin_unlock(&psci_lock);
}
