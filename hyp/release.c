// SPDX-License-Identifier: GPL-2.0-only
/*
 * HVX_HC_RELEASE: hvx gives EL2 back to the kernel's stub, on every CPU at
 * once, and only when nothing of a guest's can be left behind.
 *
 * The stub calls that hand EL2 over are refused while hvx holds it
 * (host.S): any EL1 code could issue them. Leaving is hvx's decision. The
 * host asks on every CPU hvx runs on at the same time (stop_machine()), and
 * EL2 agrees only with no VM alive, none to be made after, no relayed
 * CPU_ON still on its way and every other CPU off as the firmware sees it.
 * The CPUs meet here; when the last has arrived, the stacks of CPUs that
 * are off are zeroed, and each CPU leaving zeroes its own (host.S,
 * __hvx_release_cpu) and waits for all others to have done so before it
 * turns stage 2 off: from then on the host can read hvx's memory from it.
 * The stacks are where values of guests may linger: a VM's own pages are
 * scrubbed when it is destroyed.
 *
 * A CPU that does not come within RELEASE_WAIT_S takes back its arrival:
 * the call fails with BUSY on every CPU, and hvx goes on as before.
 */
#include <linux/errno.h>
#include <asm/barrier.h>
#include <asm/page-def.h>
#include <asm/sysreg.h>
#include <asm/processor.h>

#include "hvx-hyp.h"
#include "hyp/hyp.h"
#include "hyp/spinlock.h"
#include "hyp/vm.h"

#define RELEASE_WAIT_S	1

static struct {
	struct hvx_spinlock lock;
	u32 arrived;		/* CPUs in hvx_release() */
	u32 expected;		/* CPUs under hvx when the first arrived */
	bool go;		/* all arrived: every one of them leaves */
} rel;

/* CPUs still to zero their stack; counted down in host.S. */
u32 hvx_release_left;

/*
 * How many CPUs run under hvx; 0 if a CPU that does not is not off yet
 * (it is on its way out through CPU_OFF and still on its EL2 stack).
 */
static u32 count_cpus_in_hvx(void)
{
	u32 i, n = 0;

	for (i = 0; i < hvx_nr_cpus(); i++) {
		if (!hvx_cpu_data(i))
			continue;
		if (READ_ONCE(hvx_cpu_data(i)->in_hvx))
			n++;
		else if (!hvx_psci_cpu_off(i))
			return 0;
	}
	return n;
}

static void reopen(void)
{
	hvx_vms_reopen();
	hvx_psci_reopen();
}

/* The first CPU in: may hvx leave at all? With rel.lock held. */
static int release_open(void)
{
	hvx_assert_lock_held(&rel.lock);
	if (!hvx_vms_close())
		return -EPERM;
	if (!hvx_psci_close()) {
		hvx_vms_reopen();
		return -EPERM;
	}
	rel.expected = count_cpus_in_hvx();
	if (!rel.expected) {
		reopen();
		return -EBUSY;
	}
	return 0;
}

/* The stacks of CPUs that are off: nobody zeroes them on the way out. */
static void scrub_off_cpus(void)
{
	u64 top, pa;
	u32 i;

	for (i = 0; i < hvx_nr_cpus(); i++) {
		if (!hvx_cpu_data(i) || READ_ONCE(hvx_cpu_data(i)->in_hvx))
			continue;
		top = hvx_cpu_data(i)->boot.sp_el2;
		for (pa = top - HVX_STACK_SIZE; pa < top; pa += PAGE_SIZE)
			hvx_clear_page((void *)pa);
	}
}

static int release_arrive(void)
{
	int ret = 0;

	hvx_spin_lock(&rel.lock);
	if (!rel.arrived)
		ret = release_open();
	if (!ret && ++rel.arrived == rel.expected) {
		scrub_off_cpus();
		WRITE_ONCE(hvx_release_left, rel.expected);
		/* Waiters see the count set once they see go. */
		smp_store_release(&rel.go, true);
	}
	hvx_spin_unlock(&rel.lock);
	return ret;
}

/* Until all have arrived; or, after RELEASE_WAIT_S, take it back. */
static int release_wait(void)
{
	u64 deadline = read_sysreg(cntpct_el0) +
		       RELEASE_WAIT_S * read_sysreg(cntfrq_el0);
	int ret = 0;

	/* Pairs with the store in release_arrive(). */
	while (!smp_load_acquire(&rel.go)) {
		if (read_sysreg(cntpct_el0) < deadline) {
			cpu_relax();
			continue;
		}
		hvx_spin_lock(&rel.lock);
		if (!rel.go) {
			if (!--rel.arrived)
				reopen();
			ret = -EBUSY;
		}
		hvx_spin_unlock(&rel.lock);
		break;
	}
	return ret;
}

int hvx_release(void)
{
	int ret = release_arrive();

	if (!ret)
		ret = release_wait();
	/* host.S leaves EL2 on the way back. */
	if (!ret)
		this_hyp_cpu()->releasing = 1;
	return ret;
}
