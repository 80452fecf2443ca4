/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rings EL2 records its events into, one per CPU, while the host
 * traces them (HVX_HC_TRACE_RING; hyp/trace.c writes, host/trace-el2.c
 * reads). A ring is pages of host RAM the host shares with EL2: the
 * header in the first page, then the entries. EL2 is the only writer of
 * the entries, head, lost and nr; the host of tail. EL2 keeps its own
 * copy of everything it writes and never indexes with a value the host
 * wrote: a host that scribbles on the ring only loses its own events.
 */
#ifndef __HVX_TRACE_H
#define __HVX_TRACE_H

#include <linux/types.h>

/* Pages of a ring, its header's included. */
#define HVX_TRACE_MIN_PAGES	2
#define HVX_TRACE_MAX_PAGES	64

enum hvx_trace_type {
	/*
	 * An exception from a guest: ESR_EL2 (synchronous ones), the pc it
	 * was taken at, x0 before and after, and whether EL2 answered it
	 * (HVX_TRACE_DONE_AT_EL2 in info) or it ended the run.
	 */
	HVX_TRACE_GUEST_EXIT = 1,
	/* A stage-2 fault of the host: IPA, ESR_EL2, FAR_EL2, result. */
	HVX_TRACE_HOST_ABORT,
};

struct hvx_trace_header {
	u64 head;	/* EL2: entries written since the ring was set */
	u64 tail;	/* host: entries read */
	u64 lost;	/* EL2: entries dropped, the ring being full */
	u64 nr;		/* EL2: entries the ring holds */
};

/* info: the kind of guest exception (HVX_GUEST_EXIT_*), and ... */
#define HVX_TRACE_KIND_MASK	0xffU
#define HVX_TRACE_DONE_AT_EL2	0x100U	/* ... answered at EL2 */

struct hvx_trace_entry {
	u64 ts;		/* CNTPCT_EL0 when recorded */
	u32 type;	/* enum hvx_trace_type */
	u32 info;
	u32 vm;		/* the VM's handle, 0 for the host */
	u32 vcpu;
	u64 esr;
	u64 addr;	/* guest: pc of the exception; host: IPA */
	u64 arg;	/* guest: x0 at the exception; host: FAR_EL2 */
	u64 ret;	/* guest: x0 after it; host: 0 mapped, or -errno */
	u64 pad;
};

#define HVX_TRACE_ENTRY_SIZE	64
/* The entries a ring of @pages pages holds: all but its header page. */
#define HVX_TRACE_RING_NR(pages) \
	(((pages) - 1) * (PAGE_SIZE / HVX_TRACE_ENTRY_SIZE))

#endif /* __HVX_TRACE_H */
