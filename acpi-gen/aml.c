// SPDX-License-Identifier: GPL-2.0
/*
 * aml.c - AML term encoder.
 */
#include "aml.h"

/* PkgLength encoding limits (ACPI 6.3, 20.2.4). */
#define AML_PKGLEN_1BYTE_MAX	0x3f
#define AML_PKGLEN_MAX		(1u << 28)
#define AML_PKGLEN_NIBBLE	0x0f
#define AML_PKGLEN_COUNT_SHIFT	6

void aml_nameseg(struct ag_buf *b, const char *seg)
{
	char s[AML_NAMESEG_LEN];
	size_t i, n = strlen(seg);

	for (i = 0; i < AML_NAMESEG_LEN; i++)
		s[i] = i < n ? seg[i] : '_';
	ag_buf_put(b, s, AML_NAMESEG_LEN);
}

static size_t aml_begin(struct ag_buf *b, const u8 *op, size_t n)
{
	ag_buf_put(b, op, n);
	return b->len;
}

size_t aml_scope_begin(struct ag_buf *b, const char *path)
{
	static const u8 op[] = { AML_SCOPE_OP };
	size_t pos = aml_begin(b, op, sizeof(op));

	ag_buf_u8(b, AML_ROOT_CHAR);
	aml_nameseg(b, path[0] == AML_ROOT_CHAR ? path + 1 : path);
	return pos;
}

size_t aml_device_begin(struct ag_buf *b, const char *name)
{
	static const u8 op[] = { AML_EXT_OP_PREFIX, AML_EXT_DEVICE_OP };
	size_t pos = aml_begin(b, op, sizeof(op));

	aml_nameseg(b, name);
	return pos;
}

void aml_end(struct ag_buf *b, size_t pos)
{
	u8 enc[4];
	size_t len, total;
	unsigned int n, i;

	if (ag_buf_failed(b) || pos > b->len)
		return;
	len = b->len - pos;
	/* The encoded length counts its own bytes too. */
	for (n = 1; n <= 4; n++) {
		total = len + n;
		if (n == 1 ? total <= AML_PKGLEN_1BYTE_MAX :
			     total < (1u << (4 + 8 * (n - 1))))
			break;
	}
	if (n > 4 || total >= AML_PKGLEN_MAX) {
		b->failed = true;
		return;
	}
	if (n == 1) {
		enc[0] = total;
	} else {
		enc[0] = ((n - 1) << AML_PKGLEN_COUNT_SHIFT) |
			 (total & AML_PKGLEN_NIBBLE);
		for (i = 1; i < n; i++)
			enc[i] = total >> (4 + 8 * (i - 1));
	}
	ag_buf_insert(b, pos, enc, n);
}

void aml_name(struct ag_buf *b, const char *name)
{
	ag_buf_u8(b, AML_NAME_OP);
	aml_nameseg(b, name);
}

void aml_int(struct ag_buf *b, u64 v)
{
	if (v == 0) {
		ag_buf_u8(b, AML_ZERO_OP);
	} else if (v == 1) {
		ag_buf_u8(b, AML_ONE_OP);
	} else if (v <= 0xff) {
		ag_buf_u8(b, AML_BYTE_PREFIX);
		ag_buf_u8(b, v);
	} else if (v <= 0xffff) {
		ag_buf_u8(b, AML_WORD_PREFIX);
		ag_buf_u16(b, v);
	} else if (v <= 0xffffffffu) {
		ag_buf_u8(b, AML_DWORD_PREFIX);
		ag_buf_u32(b, v);
	} else {
		ag_buf_u8(b, AML_QWORD_PREFIX);
		ag_buf_u64(b, v);
	}
}

void aml_string_n(struct ag_buf *b, const char *s, size_t n)
{
	ag_buf_u8(b, AML_STRING_PREFIX);
	ag_buf_put(b, s, n);
	ag_buf_u8(b, 0);
}

void aml_string(struct ag_buf *b, const char *s)
{
	aml_string_n(b, s, strlen(s));
}

/* Hex digit value; only called on validated upper-case hex. */
static u32 aml_hex(char c)
{
	return c <= '9' ? c - '0' : c - 'A' + 10;
}

/*
 * EISAID("ABC1234"): three 5-bit letters and four hex digits, stored
 * big-endian in a DWord (ACPI 6.3, 19.6.35).
 */
static u32 aml_eisaid(const char *id)
{
	u32 vendor, product = 0, i;

	vendor = ((id[0] - '@') << 10) | ((id[1] - '@') << 5) | (id[2] - '@');
	for (i = 3; i < 7; i++)
		product = (product << 4) | aml_hex(id[i]);
	return (vendor >> 8) | ((vendor & 0xff) << 8) |
	       ((product >> 8) << 16) | ((product & 0xff) << 24);
}

/*
 * PNP IDs are conventionally written EISAID-compressed, everything else
 * (ACPI IDs, and PRP0001 as its users expect) as a string.
 */
void aml_id(struct ag_buf *b, const char *id)
{
	if (strlen(id) == 7 && !strncmp(id, "PNP", 3)) {
		ag_buf_u8(b, AML_DWORD_PREFIX);
		ag_buf_u32(b, aml_eisaid(id));
	} else {
		aml_string(b, id);
	}
}

void aml_buffer(struct ag_buf *b, const u8 *data, size_t len)
{
	static const u8 op[] = { AML_BUFFER_OP };
	size_t pos = aml_begin(b, op, sizeof(op));

	aml_int(b, len);
	ag_buf_put(b, data, len);
	aml_end(b, pos);
}

static int aml_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * ToUUID byte order: the first three groups are little-endian, the last
 * two are stored as written (ACPI 6.3, 19.6.142).
 */
void aml_uuid(struct ag_buf *b, const char *uuid)
{
	static const u8 order[16] = {
		3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15
	};
	u8 raw[16], out[16];
	int i, n = 0, hi, lo;

	for (i = 0; uuid[i] && n < 16; i++) {
		if (uuid[i] == '-')
			continue;
		hi = aml_hexval(uuid[i]);
		lo = uuid[i + 1] ? aml_hexval(uuid[i + 1]) : -1;
		if (hi < 0 || lo < 0)
			break;
		raw[n++] = hi << 4 | lo;
		i++;
	}
	if (n != 16) {
		b->failed = true;
		return;
	}
	for (i = 0; i < 16; i++)
		out[i] = raw[order[i]];
	aml_buffer(b, out, sizeof(out));
}

size_t aml_package_begin(struct ag_buf *b, u8 count)
{
	static const u8 op[] = { AML_PACKAGE_OP };
	size_t pos = aml_begin(b, op, sizeof(op));

	ag_buf_u8(b, count);
	return pos;
}
