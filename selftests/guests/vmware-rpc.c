// SPDX-License-Identifier: GPL-2.0
/*
 * vmware-rpc (hostile): the VMware backdoor's host time and RPC channels
 * (MESSAGE, 30) as open-vm-tools uses them, then every way to misuse
 * them. One check a line (lib/check.h), then "done: N checks, M failed".
 *
 *   time       GETTIMEFULL, GETTIMEFULL_WITH_LAG, GETTIME: the magic, a
 *              wall clock after 2020, the three within a second, the
 *              high halves of the registers clear
 *   rpci       info-set / info-get of guestinfo.hvxtest, SetGuestInfo,
 *              tools.set.versiontype, an unknown request: "1 "/"0 "
 *              replies, stored as hvxctl guestinfo shows
 *   tclo       a new TCLO channel gives "reset", "Capabilities_Register",
 *              then nothing
 *   hb         the high-bandwidth port: refused, its status cleared
 *   hostile    wrong cookie, channel ids past the table, calls out of
 *              sequence, unknown types and protocols, sizes over 64 KiB
 *              and 2^32 - 1, a 64 KiB request sent whole (its value cut),
 *              a receive abandoned half-way, keys past the table's room,
 *              channels never closed until the table is full, messages
 *              held until the byte budget is full: each a clear failure
 *              status, and the channel (or a new one) works afterwards
 *   stale      (bootarg hvx-vmw-stale=S: S s without a call first) the
 *              full table takes a new OPEN again: the stale channels
 *              were closed for it
 *
 * With bootarg hvx-vmw-off=1 it only checks that there is no backdoor
 * (hvxctl run --no-vmware): GETVERSION through MRS MDCCSR_EL0 and HVC
 * #0x86 does not answer.
 */
#include <hvx/vmware-backdoor.h>

#include "check.h"
#include "guest.h"

GUEST_NAME("vmware-rpc");

/* hvx's bounds (host/vmware.h) */
#define NR_CHANNELS	16
#define MSG_MAX		0x10000
#define BUDGET		0x40000
#define INFO_MAX	32
#define VALUE_MAX	255

#define SECS_2020	1577836800ULL
#define REPLY_MAX	512

struct bd {
	unsigned long x[6];
};

static void backdoor(struct bd *r, unsigned long x7)
{
	vmw_backdoor(r->x, x7);
}

static void simple(struct bd *r, unsigned long cmd)
{
	memset(r, 0, sizeof(*r));
	r->x[0] = VMW_MAGIC;
	r->x[1] = ~VMW_MAGIC & 0xffffffffUL;
	r->x[2] = cmd;
	r->x[3] = VMW_PORT;
	backdoor(r, VMW_X7_IN);
}

struct chan {
	u32 id;
	u32 cookie_high, cookie_low;
};

/* One MESSAGE call: its status; *bx and *dx_high its outputs. */
static u32 msg(const struct chan *c, u32 type, u32 bx, u32 *bx_out,
	       u32 *dx_high)
{
	struct bd r = { {
		VMW_MAGIC, bx, (unsigned long)type << 16 | VMW_CMD_MESSAGE,
		(unsigned long)(c ? c->id : 0) << 16 | VMW_PORT,
		c ? c->cookie_high : 0, c ? c->cookie_low : 0,
	} };

	backdoor(&r, VMW_X7_IN);
	if (bx_out)
		*bx_out = r.x[1];
	if (dx_high)
		*dx_high = (u32)r.x[3] >> 16;
	return (u32)r.x[2] >> 16;
}

static bool chan_open(struct chan *c, unsigned long proto)
{
	struct bd r = { {
		VMW_MAGIC, proto | VMW_FLAG_COOKIE, VMW_MSG_OPEN << 16 | VMW_CMD_MESSAGE, VMW_PORT,
		0, 0,
	} };

	backdoor(&r, VMW_X7_IN);
	if (!((u32)r.x[2] >> 16 & VMW_ST_SUCCESS))
		return false;
	c->id = (u32)r.x[3] >> 16;
	c->cookie_high = r.x[4];
	c->cookie_low = r.x[5];
	return true;
}

static bool chan_close(const struct chan *c)
{
	return msg(c, VMW_MSG_CLOSE, 0, NULL, NULL) & VMW_ST_SUCCESS;
}

/* lib/message's Message_Send(), 4 bytes a call. */
static bool send(const struct chan *c, const void *buf, u32 len)
{
	const u8 *p = buf;
	u32 i, word;

	if (!(msg(c, VMW_MSG_SENDSIZE, len, NULL, NULL) & VMW_ST_SUCCESS))
		return false;
	for (i = 0; i < len; i += 4) {
		word = 0;
		memcpy(&word, p + i, len - i < 4 ? len - i : 4);
		if (!(msg(c, VMW_MSG_SENDPAYLOAD, word, NULL, NULL) & VMW_ST_SUCCESS))
			return false;
	}
	return true;
}

/* Message_Receive(): the reply's length, or -1; NUL-terminated in buf. */
static int receive(const struct chan *c, char *buf, u32 max)
{
	u32 st, size, word, dx, i;

	st = msg(c, VMW_MSG_RECVSIZE, 0, &size, &dx);
	if (!(st & VMW_ST_SUCCESS))
		return -1;
	if (!(st & VMW_ST_DORECV)) {
		buf[0] = '\0';
		return 0;
	}
	if (dx != VMW_MSG_SENDSIZE || size >= max || st & VMW_ST_HB)
		return -1;
	for (i = 0; i < size; i += 4) {
		st = msg(c, VMW_MSG_RECVPAYLOAD, VMW_ST_SUCCESS, &word, &dx);
		if (!(st & VMW_ST_SUCCESS) || dx != VMW_MSG_SENDPAYLOAD)
			return -1;
		memcpy(buf + i, &word, size - i < 4 ? size - i : 4);
	}
	buf[size] = '\0';
	if (!(msg(c, VMW_MSG_RECVSTATUS, VMW_ST_SUCCESS, NULL, NULL) & VMW_ST_SUCCESS))
		return -1;
	return size;
}

static char reply[REPLY_MAX];

/* RpcOut_sendOne(): open, send, receive, close; the reply or NULL. */
static const char *rpc_n(const char *req, u32 len)
{
	struct chan c;
	int n;

	if (!chan_open(&c, VMW_PROTO_RPCI))
		return NULL;
	n = send(&c, req, len) ? receive(&c, reply, sizeof(reply)) : -1;
	if (!chan_close(&c) || n < 0)
		return NULL;
	return reply;
}

static const char *rpc(const char *req)
{
	return rpc_n(req, strlen(req));
}

static bool rpc_is(const char *req, const char *want)
{
	const char *got = rpc(req);

	return check(got && !strcmp(got, want), "rpci '%s' -> '%s' (got '%s')",
		     req, want, got ? got : "(failed)");
}

static void test_time(void)
{
	struct bd full, lag, old;
	u64 secs, secs_lag;

	simple(&full, VMW_CMD_GETTIMEFULL);
	simple(&lag, VMW_CMD_GETTIMEFULL_LAG);
	simple(&old, VMW_CMD_GETTIME);
	secs = (u32)full.x[3] | (u64)(u32)full.x[4] << 32;
	secs_lag = (u32)lag.x[3] | (u64)(u32)lag.x[4] << 32;
	check((u32)full.x[0] == VMW_MAGIC && secs > SECS_2020 &&
	      (u32)full.x[1] < 1000000 && full.x[2] > 0,
	      "GETTIMEFULL: magic, %llu s (after 2020), %lu us, lag %lu us",
	      secs, full.x[1], full.x[2]);
	check((u32)lag.x[0] == VMW_MAGIC && secs_lag >= secs &&
	      secs_lag - secs <= 1 && lag.x[5] == 0,
	      "GETTIMEFULL_WITH_LAG: %llu s, interrupt lag %lu", secs_lag,
	      lag.x[5]);
	check(old.x[0] == (u32)secs_lag || old.x[0] == (u32)secs_lag + 1,
	      "GETTIME: %lu s", old.x[0]);
	check(!((full.x[0] | full.x[1] | full.x[2] | full.x[3] |
		 full.x[4]) >> 32), "GETTIMEFULL: 32-bit results");
}

/*
 * SetGuestInfo 11 as open-vm-tools 12 sends it: a version word, the short
 * and the full OS name, NUL-padded, then the details.
 */
static const char detailed[] =
	"SetGuestInfo  11 \x02\0\0\0hvxdetail-64\0\0\0\0\0\0\0\0"
	"hvx test OS 1.0\0\0\0\0\0\0\0\0\0\0\0\0\0prettyName='hvx test OS'";

static void test_rpci(void)
{
	rpc_is("info-set guestinfo.hvxtest hello from the rpc guest", "1 ");
	rpc_is("info-get guestinfo.hvxtest", "1 hello from the rpc guest");
	rpc_is("info-get guestinfo.nothing", "0 No value found");
	rpc_is("SetGuestInfo  6 hvxguest-64", "1 ");
	rpc_is("SetGuestInfo  99 x", "0 Invalid arguments");
	check(rpc_n(detailed, sizeof(detailed)) && !strcmp(reply, "1 "),
	      "rpci SetGuestInfo 11 (detailed OS data, binary) -> '1 '");
	rpc_is("tools.set.versiontype 2147483647 4", "1 ");
	rpc_is("tools.capability.statechange ", "1 ");
	rpc_is("log hvx rpc guest", "1 ");
	rpc_is("no.such.request 1 2 3", "0 Unknown command");
	rpc_is("info-set guestinfo.bad/key x", "0 Invalid arguments");
	rpc_is("info-set notguestinfo.x y", "0 Invalid arguments");
	/* A request with its NUL, as some of the tools send them. */
	check(rpc_n("info-get guestinfo.hvxtest", 27) &&
	      !strcmp(reply, "1 hello from the rpc guest"),
	      "rpci request with its NUL");
}

/* SetGuestInfo 10's XDR NIC info (nicinfo.x, version 3), built here. */
static u8 xdr[256];
static u32 xdr_len;

static void be32(u32 v)
{
	xdr[xdr_len++] = v >> 24;
	xdr[xdr_len++] = v >> 16;
	xdr[xdr_len++] = v >> 8;
	xdr[xdr_len++] = v;
}

static void opaque(const void *p, u32 len)
{
	be32(len);
	memcpy(xdr + xdr_len, p, len);
	xdr_len += len;
	while (xdr_len % 4)
		xdr[xdr_len++] = 0;
}

static void nic(const char *mac, u32 nr_ips, const u8 (*ips)[17])
{
	u32 i;

	opaque(mac, strlen(mac));
	be32(nr_ips);
	for (i = 0; i < nr_ips; i++) {
		be32(ips[i][0] == 4 ? 1 : 2);	/* IAT_IPV4, IAT_IPV6 */
		opaque(&ips[i][1], ips[i][0]);
		be32(ips[i][0] == 4 ? 24 : 64);
		be32(1);			/* an origin */
		be32(4);
		be32(0);			/* no status */
	}
	be32(0);				/* no DNS, WINS, DHCP */
	be32(0);
	be32(0);
	be32(0);
}

static void test_nics(void)
{
	static const char head[] = "SetGuestInfo  10 ";
	static const u8 ips1[2][17] = {
		{ 4, 10, 0, 2, 15 },
		{ 16, 0xfe, 0x80, [16] = 1 },
	};
	static const u8 ips2[1][17] = { { 4, 192, 168, 1, 2 } };
	static char msg[sizeof(head) + sizeof(xdr)];
	u32 n = sizeof(head) - 1;

	memcpy(msg, head, n);
	xdr_len = 0;
	be32(3);				/* NIC_INFO_V3 */
	be32(1);				/* a NicInfoV3 */
	be32(2);				/* nics<> */
	nic("00:50:56:aa:bb:cc", 2, ips1);
	nic("00:50:56:00:00:01", 1, ips2);
	be32(0);				/* routes<> */
	be32(0);
	be32(0);
	be32(0);
	be32(0);
	memcpy(msg + n, xdr, xdr_len);
	check(rpc_n(msg, n + xdr_len) && !strcmp(reply, "1 "),
	      "rpci SetGuestInfo 10 (XDR NIC info, 2 NICs, 3 addresses) -> '1 '");
	/* Cut short, and a count far past the data: kept as a size. */
	check(rpc_n(msg, n + xdr_len / 2) && !strcmp(reply, "1 "),
	      "rpci SetGuestInfo 10 cut in the middle -> '1 '");
	msg[n + 11] = 0xff;			/* nics<>: 2 -> 255 */
	check(rpc_n(msg, n + xdr_len) && !strcmp(reply, "1 "),
	      "rpci SetGuestInfo 10 with 255 NICs in the data of 2 -> '1 '");
}

static void test_tclo(void)
{
	static const char *const want[] = {
		"reset", "Capabilities_Register", "",
	};
	static const char *const answer[] = {
		"", "OK ATR toolbox", "OK ",
	};
	struct chan c;
	unsigned int i;
	int n;

	if (!check(chan_open(&c, VMW_PROTO_TCLO), "tclo: open"))
		return;
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		n = send(&c, answer[i], strlen(answer[i])) ?
		    receive(&c, reply, sizeof(reply)) : -1;
		check(n >= 0 && !strcmp(reply, want[i]),
		      "tclo: after '%s' the host says '%s' (got %d '%s')",
		      answer[i], want[i], n, n >= 0 ? reply : "");
	}
	check(chan_close(&c), "tclo: close");
}

static void test_hb(void)
{
	struct bd r = { {
		VMW_MAGIC, VMW_ST_SUCCESS << 16, 16, VMW_PORT_HB, 0x40000000UL, 0,
	} };

	backdoor(&r, VMW_X7_HB_OUT);
	check((u32)r.x[0] == VMW_NONE && !((u32)r.x[1] >> 16),
	      "high bandwidth: refused, status cleared (eax 0x%lx ebx 0x%lx)",
	      r.x[0], r.x[1]);
}

static u8 big[MSG_MAX + 8];

static void test_sizes(void)
{
	static const char head[] = "info-set guestinfo.big ";
	struct chan c;
	u32 i, st;
	int n;

	if (!check(chan_open(&c, VMW_PROTO_RPCI), "sizes: open"))
		return;
	st = msg(&c, VMW_MSG_SENDSIZE, MSG_MAX + 1, NULL, NULL);
	check(!(st & VMW_ST_SUCCESS), "SENDSIZE 64 KiB + 1 refused (0x%x)", st);
	st = msg(&c, VMW_MSG_SENDSIZE, 0xffffffffU, NULL, NULL);
	check(!(st & VMW_ST_SUCCESS), "SENDSIZE 0xffffffff refused (0x%x)", st);
	/* 64 KiB whole: stored, its value cut to the bound. */
	memcpy(big, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < MSG_MAX; i++)
		big[i] = 'a' + i % 26;
	n = send(&c, big, MSG_MAX) ? receive(&c, reply, sizeof(reply)) : -1;
	check(n == 2 && !strcmp(reply, "1 "), "a 64 KiB request: '%s'",
	      n >= 0 ? reply : "(failed)");
	check(send(&c, "info-get guestinfo.big", 22) &&
	      receive(&c, reply, sizeof(reply)) == 2 + VALUE_MAX &&
	      reply[2] == big[sizeof(head) - 1],
	      "its value cut to %u bytes", VALUE_MAX);
	check(chan_close(&c), "sizes: close");
}

static void test_sequence(void)
{
	struct chan c, bad;
	u32 st, size, dx;
	int n;

	if (!check(chan_open(&c, VMW_PROTO_RPCI), "sequence: open"))
		return;
	bad = c;
	bad.cookie_low ^= 1;
	check(!(msg(&bad, VMW_MSG_SENDSIZE, 4, NULL, NULL) & VMW_ST_SUCCESS),
	      "a wrong cookie: refused");
	bad = c;
	bad.id = NR_CHANNELS;
	check(!(msg(&bad, VMW_MSG_SENDSIZE, 4, NULL, NULL) & VMW_ST_SUCCESS),
	      "channel %u (past the table): refused", NR_CHANNELS);
	bad.id = 0xffff;
	check(!(msg(&bad, VMW_MSG_CLOSE, 0, NULL, NULL) & VMW_ST_SUCCESS),
	      "channel 0xffff: refused");
	check(!(msg(&c, VMW_MSG_SENDPAYLOAD, 0x41414141, NULL, NULL) & VMW_ST_SUCCESS),
	      "SENDPAYLOAD without SENDSIZE: refused");
	check(!(msg(&c, VMW_MSG_RECVPAYLOAD, VMW_ST_SUCCESS, NULL, NULL) & VMW_ST_SUCCESS),
	      "RECVPAYLOAD without RECVSIZE: refused");
	check(!(msg(&c, VMW_MSG_RECVSTATUS, VMW_ST_SUCCESS, NULL, NULL) & VMW_ST_SUCCESS),
	      "RECVSTATUS without RECVSIZE: refused");
	check(!(msg(&c, 7, 0, NULL, NULL) & VMW_ST_SUCCESS) &&
	      !(msg(&c, 0xffff, 0, NULL, NULL) & VMW_ST_SUCCESS),
	      "message types 7 and 0xffff: refused");
	/* Half a message, then a new SENDSIZE: refused, and dropped. */
	msg(&c, VMW_MSG_SENDSIZE, 8, NULL, NULL);
	msg(&c, VMW_MSG_SENDPAYLOAD, 0x41414141, NULL, NULL);
	check(!(msg(&c, VMW_MSG_SENDSIZE, 4, NULL, NULL) & VMW_ST_SUCCESS),
	      "SENDSIZE in the middle of a message: refused");
	/* A receive abandoned half-way, then the guest's failure status. */
	send(&c, "info-get guestinfo.hvxtest", 26);
	st = msg(&c, VMW_MSG_RECVSIZE, 0, &size, &dx);
	msg(&c, VMW_MSG_RECVPAYLOAD, VMW_ST_SUCCESS, NULL, NULL);
	check((st & VMW_ST_DORECV) && (msg(&c, VMW_MSG_RECVPAYLOAD, 0, NULL, NULL) &
				   VMW_ST_SUCCESS),
	      "a receive given up (guest status 0): acknowledged");
	check(!(msg(&c, VMW_MSG_RECVPAYLOAD, VMW_ST_SUCCESS, NULL, NULL) & VMW_ST_SUCCESS),
	      "and the answer dropped");
	/* After all that the channel works. */
	n = send(&c, "info-get guestinfo.hvxtest", 26) ?
	    receive(&c, reply, sizeof(reply)) : -1;
	check(n > 0 && !strcmp(reply, "1 hello from the rpc guest"),
	      "the channel works after the misuse");
	check(chan_close(&c), "close");
	check(!chan_close(&c), "a second CLOSE: refused");
	check(!(msg(NULL, VMW_MSG_OPEN, 0x12345678, NULL, NULL) & VMW_ST_SUCCESS),
	      "OPEN of an unknown protocol: refused");
}

static void test_keys(void)
{
	char req[64] = "info-set guestinfo.k";
	const char *got;
	unsigned int i, stored = 0;

	for (i = 0; i < INFO_MAX + 4; i++) {
		req[20] = 'a' + i / 26;
		req[21] = 'a' + i % 26;
		memcpy(req + 22, " v", 3);
		got = rpc(req);
		if (got && !strcmp(got, "1 "))
			stored++;
		else if (!got || strcmp(got, "0 Too many keys"))
			break;
	}
	check(i == INFO_MAX + 4 && stored < INFO_MAX,
	      "%u new keys: %u stored, then '0 Too many keys'", i, stored);
	rpc_is("info-set guestinfo.hvxtest hello from the rpc guest", "1 ");
}

static struct chan held[NR_CHANNELS + 1];

/* Channels never closed: the table fills, then a close makes room. */
static unsigned int fill_table(void)
{
	unsigned int n = 0;

	while (n <= NR_CHANNELS && chan_open(&held[n], VMW_PROTO_RPCI))
		n++;
	return n;
}

static void test_table(u64 stale_s)
{
	unsigned int n = fill_table(), i;
	struct chan extra;
	u64 until;

	check(n == NR_CHANNELS, "channels never closed: %u opened, then refused",
	      n);
	check(!rpc("info-get guestinfo.hvxtest"), "a full table: no new channel");
	/* Byte budget: messages held half-sent on 4 channels use it all. */
	for (i = 0; i < BUDGET / MSG_MAX && i < n; i++)
		msg(&held[i], VMW_MSG_SENDSIZE, MSG_MAX, NULL, NULL);
	check(!(msg(&held[i], VMW_MSG_SENDSIZE, 64, NULL, NULL) & VMW_ST_SUCCESS),
	      "%u messages of 64 KiB held: no room for another", i);
	check(chan_close(&held[0]), "one closed");
	check(msg(&held[i], VMW_MSG_SENDSIZE, 64, NULL, NULL) & VMW_ST_SUCCESS,
	      "then a message has room");
	check(rpc("info-get guestinfo.hvxtest"), "and a new channel opens");
	if (!stale_s) {
		for (i = 1; i < n; i++)
			chan_close(&held[i]);
		check_skip("stale channels: no hvx-vmw-stale= given");
		return;
	}
	/* All open again, left alone: OPEN takes the stale ones. */
	chan_open(&held[0], VMW_PROTO_RPCI);
	check(!chan_open(&extra, VMW_PROTO_RPCI), "full again");
	until = guest_now_us() + stale_s * 1000000;
	while (guest_now_us() < until)
		;
	check(chan_open(&extra, VMW_PROTO_RPCI), "after %llu s idle: OPEN takes a stale channel",
	      stale_s);
	check(rpc("info-get guestinfo.hvxtest"), "and another");
	chan_close(&extra);
}

/* GETVERSION through HVC #0x86: EBX (VMW_MAGIC if answered), as x1. */
static unsigned long hvc_getversion(void)
{
	register unsigned long x0 asm("x0") = VMW_MAGIC;
	register unsigned long x1 asm("x1") = ~VMW_MAGIC & 0xffffffffUL;
	register unsigned long x2 asm("x2") = VMW_CMD_GETVERSION;
	register unsigned long x3 asm("x3") = VMW_PORT;
	register unsigned long x7 asm("x7") = VMW_X7_IN;

	asm volatile("hvc #0x86"
		     : "+r" (x0), "+r" (x1), "+r" (x2), "+r" (x3)
		     : "r" (x7) : "memory");
	return x1;
}

static void test_off(void)
{
	unsigned long bx;
	struct bd r;

	simple(&r, VMW_CMD_GETVERSION);
	check((u32)r.x[1] != VMW_MAGIC,
	      "door off: GETVERSION via mrs has no answer (ebx 0x%lx)", r.x[1]);
	bx = hvc_getversion();
	check((u32)bx != VMW_MAGIC,
	      "door off: GETVERSION via hvc #0x86 has no answer (ebx 0x%lx)",
	      bx);
}

void guest_main(void)
{
	u64 off = 0, stale_s = 0;

	guest_bootarg_u64("hvx-vmw-off", &off);
	guest_bootarg_u64("hvx-vmw-stale", &stale_s);
	if (off) {
		test_off();
	} else {
		test_time();
		test_rpci();
		test_nics();
		test_tclo();
		test_hb();
		test_sequence();
		test_sizes();
		test_keys();
		test_table(stale_s);
	}
	checks_done();
}
