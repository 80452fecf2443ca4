// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-vmw-bench [ITERATIONS]: in the Linux guest under hvx (make
 * vmware-guest puts it in /usr/bin), what the VMware backdoor costs an
 * ordinary process (EL0), in counter ticks (CNTVCT_EL0, which Linux lets
 * user space read) per round trip, the median of 7 loops of ITERATIONS
 * (default 20000; the RPC loops a tenth as many):
 *
 *   floor       hvx's NOP guest call through the DCC door (answered at
 *               EL2: the trap floor from EL0)
 *   getversion  VMware GETVERSION through MRS MDCCSR_EL0 (at EL2), as
 *               vmware-checkvm makes it
 *   message     one MESSAGE call (RECVSIZE on an idle RPCI channel): an
 *               exit to hvx.ko and back
 *   rpc         one RPCI request whole, "info-get guestinfo.hvxbench"
 *               and its 16-byte answer ("0 No value found"): 14 MESSAGE
 *               calls
 *
 * Prints "BENCH <name> <ticks>" each, and "BENCH freq <Hz>"
 * (tools/bench.sh, part vmware, makes the table).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hvx-guest.h>
#include <hvx/vmware-backdoor.h>

#define LOOPS		7

static unsigned long id, cookie_high, cookie_low;

static inline uint64_t ticks(void)
{
	uint64_t t;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r" (t) :: "memory");
	return t;
}

static void backdoor(unsigned long *r)
{
	vmw_backdoor(r, VMW_X7_IN);
}

static unsigned long msg(unsigned long type, unsigned long bx,
			 unsigned long *bx_out)
{
	unsigned long r[6] = {
		VMW_MAGIC, bx, type << 16 | VMW_CMD_MESSAGE, id << 16 | VMW_PORT,
		cookie_high, cookie_low,
	};

	backdoor(r);
	if (bx_out)
		*bx_out = (uint32_t)r[1];
	return (uint32_t)r[2] >> 16;
}

static void die(const char *what)
{
	fprintf(stderr, "hvx-vmw-bench: %s failed\n", what);
	exit(1);
}

static void floor_call(void)
{
	struct hvx_guest_res res;

	hvx_guest_call_dcc(HVX_GUEST_CALL_NOP, 0, 0, 0, 0, 0, 0, &res);
}

static void getversion(void)
{
	unsigned long r[6] = {
		VMW_MAGIC, ~VMW_MAGIC & 0xffffffffUL, VMW_CMD_GETVERSION,
		VMW_PORT, 0, 0,
	};

	backdoor(r);
	if ((uint32_t)r[1] != VMW_MAGIC)
		die("GETVERSION");
}

static void message(void)
{
	if (!(msg(VMW_MSG_RECVSIZE, 0, NULL) & VMW_ST_SUCCESS))
		die("RECVSIZE");
}

static void rpc(void)
{
	static const char req[] = "info-get guestinfo.hvxbench";
	unsigned long size, word, i;
	uint32_t w;

	if (!(msg(VMW_MSG_SENDSIZE, sizeof(req) - 1, NULL) & VMW_ST_SUCCESS))
		die("SENDSIZE");
	for (i = 0; i < sizeof(req) - 1; i += 4) {
		w = 0;
		memcpy(&w, req + i,
		       sizeof(req) - 1 - i < 4 ? sizeof(req) - 1 - i : 4);
		msg(VMW_MSG_SENDPAYLOAD, w, NULL);
	}
	msg(VMW_MSG_RECVSIZE, 0, &size);
	for (i = 0; i < size; i += 4)
		msg(VMW_MSG_RECVPAYLOAD, VMW_ST_SUCCESS, &word);
	if (!(msg(VMW_MSG_RECVSTATUS, VMW_ST_SUCCESS, NULL) & VMW_ST_SUCCESS))
		die("the RPC");
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The median over LOOPS of fn's ticks per call. */
static uint64_t measure(void (*fn)(void), unsigned long n)
{
	uint64_t t[LOOPS], t0;
	unsigned long i;
	int l;

	for (l = 0; l < LOOPS; l++) {
		t0 = ticks();
		for (i = 0; i < n; i++)
			fn();
		t[l] = (ticks() - t0 + n / 2) / n;
	}
	qsort(t, LOOPS, sizeof(t[0]), cmp);
	return t[LOOPS / 2];
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	unsigned long r[6] = {
		VMW_MAGIC, VMW_PROTO_RPCI | VMW_FLAG_COOKIE,
		VMW_MSG_OPEN << 16 | VMW_CMD_MESSAGE, VMW_PORT, 0, 0,
	};
	uint64_t freq;

	if (!n)
		n = 1;
	asm volatile("mrs %0, cntfrq_el0" : "=r" (freq));
	backdoor(r);
	if (!((uint32_t)r[2] >> 16 & VMW_ST_SUCCESS))
		die("OPEN");
	id = (uint32_t)r[3] >> 16;
	cookie_high = (uint32_t)r[4];
	cookie_low = (uint32_t)r[5];
	printf("BENCH freq %llu\n", (unsigned long long)freq);
	printf("BENCH floor %llu\n", (unsigned long long)measure(floor_call, n));
	printf("BENCH getversion %llu\n", (unsigned long long)measure(getversion, n));
	printf("BENCH message %llu\n", (unsigned long long)measure(message, n));
	printf("BENCH rpc %llu\n",
	       (unsigned long long)measure(rpc, n / 10 ? n / 10 : 1));
	msg(VMW_MSG_CLOSE, 0, NULL);
	return 0;
}
