// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's NICs and IP addresses as its VMware tools report them:
 * SetGuestInfo INFO_IPADDRESS_V2/V3 (9, 10) carry a GuestNicProto in XDR
 * (open-vm-tools' lib/guestRpc/nicinfo.x), which vmware-info.c keeps as
 * text: "MAC ADDR/PREFIX ...", NICs separated by "; ".
 *
 * Only version 3 (NicInfoV3, what the tools send both types with) is
 * read: its nics<> array, each a MAC string and an ips<> array of
 * IpAddressEntry (a TypedIpAddress: type and opaque address; the prefix
 * length; optional origin and status). After a NIC's addresses come its
 * optional DNS, WINS and DHCP data, which the Linux tools leave out; a
 * NIC that has them ends the reading (what is past them is not found
 * without decoding them). IPv4 and IPv6 addresses are kept, others
 * skipped. Every length and count is the guest's: each read is checked
 * against what is left, and each entry takes at least one word, so the
 * loops end with the message.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "vmware.h"

#define NIC_INFO_V3		3
#define IAT_IPV4		1
#define IAT_IPV6		2
#define XDR_UNIT		4
#define MAC_MAX			18	/* NICINFO_MAC_LEN */
#define NIC_OPTIONALS		4	/* DNS, WINS, DHCPv4, DHCPv6 */

struct xdr {
	const u8 *p;
	size_t left;
	bool bad;
};

static u32 xdr_u32(struct xdr *x)
{
	u32 v;

	if (x->bad || x->left < XDR_UNIT) {
		x->bad = true;
		return 0;
	}
	v = get_unaligned_be32(x->p);
	x->p += XDR_UNIT;
	x->left -= XDR_UNIT;
	return v;
}

/* Variable-length opaque data or a string: its bytes, or NULL. */
static const u8 *xdr_opaque(struct xdr *x, u32 *len, u32 max)
{
	const u8 *data;
	size_t padded;

	*len = xdr_u32(x);
	padded = round_up((size_t)*len, XDR_UNIT);
	if (x->bad || *len > max || padded > x->left) {
		x->bad = true;
		return NULL;
	}
	data = x->p;
	x->p += padded;
	x->left -= padded;
	return data;
}

/* An optional field (XDR's pointer) holding one word: skipped. */
static void xdr_skip_optional_u32(struct xdr *x)
{
	if (xdr_u32(x))
		xdr_u32(x);
}

static __printf(4, 5) void add(char *buf, size_t size, size_t *n,
			       const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	*n += vscnprintf(buf + *n, size - *n, fmt, args);
	va_end(args);
}

/* One IpAddressEntry, kept in @buf if IPv4 or IPv6. */
static void ip_entry(struct xdr *x, char *buf, size_t size, size_t *n)
{
	u32 type = xdr_u32(x), len, prefix;
	const u8 *addr = xdr_opaque(x, &len, 16);

	prefix = xdr_u32(x);
	xdr_skip_optional_u32(x);		/* origin */
	xdr_skip_optional_u32(x);		/* status */
	if (x->bad)
		return;
	if (type == IAT_IPV4 && len == 4)
		add(buf, size, n, " %pI4/%u", addr, prefix);
	else if (type == IAT_IPV6 && len == 16)
		add(buf, size, n, " %pI6c/%u", addr, prefix);
}

bool hvx_vmware_nic_text(const u8 *msg, size_t len, char *buf, size_t size)
{
	struct xdr x = { .p = msg, .left = len };
	u32 nics, ips, mac_len, i, j;
	const u8 *mac;
	size_t n = 0;

	buf[0] = '\0';
	if (xdr_u32(&x) != NIC_INFO_V3 || x.bad)
		return false;
	if (!xdr_u32(&x))
		return !x.bad;			/* no NicInfoV3 */
	nics = xdr_u32(&x);
	for (i = 0; i < nics && !x.bad; i++) {
		mac = xdr_opaque(&x, &mac_len, MAC_MAX);
		if (x.bad)
			break;
		add(buf, size, &n, "%s%.*s", i ? "; " : "", (int)mac_len, mac);
		ips = xdr_u32(&x);
		for (j = 0; j < ips && !x.bad; j++)
			ip_entry(&x, buf, size, &n);
		for (j = 0; j < NIC_OPTIONALS; j++)
			if (xdr_u32(&x))
				return true;	/* not decoded: stop here */
	}
	return !x.bad;
}
