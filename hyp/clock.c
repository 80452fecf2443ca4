// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest's physical count (hvx-clock.h): what its trapped CNTPCT_EL0
 * reads return and its emulated physical timer counts (timer-emul.c),
 * and the Hz the guest calls report (guest-call.c, vmware.c).
 *
 * HVX_HC_VM_SET_CLOCK (vm.c) changes it while vCPUs may be reading it on
 * other CPUs, so it is a sequence count: the writer makes seq odd, writes,
 * makes it even again; a reader retries until it saw one even seq around
 * all it read, the host count included. The re-base (base = the old count
 * now, offset = now) then leaves no gap and no step back: a reader either
 * read the host count before the writer did, with the old terms, or after
 * it, with the new ones.
 */
#include <asm/barrier.h>
#include <asm/sysreg.h>

#include "hvx-clock.h"
#include "hyp/vm.h"

/* VM_CREATE: the host's own count less @offset, at @freq Hz. */
void hvx_clock_init(struct hvx_guest_clock *c, u64 freq, u64 offset)
{
	c->seq = 0;
	c->shift = 0;
	c->mult = 1;
	c->offset = offset;
	c->base = 0;
	c->freq = freq;
}

/*
 * Under the VM's lock (one writer). With @start, the count is 0 at host
 * count *@offset; otherwise it goes on from where it is now.
 */
void hvx_clock_set(struct hvx_guest_clock *c, u64 freq, u64 mult, u32 shift,
		   bool start, u64 *base, u64 *offset)
{
	u64 now;

	WRITE_ONCE(c->seq, c->seq + 1);
	/* seq odd before the host count is read and the terms change. */
	smp_mb();
	if (start) {
		*base = 0;
	} else {
		now = hvx_clock_host_count();
		*base = hvx_clock_scale(now, c->offset, c->base, c->mult,
					c->shift);
		*offset = now;
	}
	WRITE_ONCE(c->offset, *offset);
	WRITE_ONCE(c->base, *base);
	WRITE_ONCE(c->mult, mult);
	WRITE_ONCE(c->shift, shift);
	WRITE_ONCE(c->freq, freq);
	/* The terms before seq is even again. */
	smp_wmb();
	WRITE_ONCE(c->seq, c->seq + 1);
}
