// SPDX-License-Identifier: GPL-2.0
/*
 * table.c - the common table header, checksum and Generic Address
 * Structure writers.
 */
#include "tables.h"

u8 ag_checksum(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum += *p++;
	return (u8)(0x100 - sum);
}

/* Copy @s into a fixed-width, space-padded header field. */
static void ag_put_padded(struct ag_buf *b, const char *s, size_t width)
{
	size_t n = strlen(s);
	size_t i;

	for (i = 0; i < width; i++)
		ag_buf_u8(b, i < n ? s[i] : ' ');
}

size_t ag_table_begin(struct ag_buf *b, const char *sig, u8 rev,
		      const struct ag_options *opt)
{
	size_t start = b->len;

	ag_buf_put(b, sig, AG_SIG_LEN);
	ag_buf_u32(b, 0);		/* length, set by ag_table_end() */
	ag_buf_u8(b, rev);
	ag_buf_u8(b, 0);		/* checksum, set by ag_table_end() */
	ag_put_padded(b, opt->oem_id ? opt->oem_id : ACPI_DEFAULT_OEM_ID,
		      AG_OEM_ID_LEN);
	ag_put_padded(b, opt->oem_table_id ? opt->oem_table_id :
		      ACPI_DEFAULT_TABLE_ID, AG_OEM_TABLE_ID_LEN);
	ag_buf_u32(b, ACPI_OEM_REV);
	ag_buf_put(b, ACPI_CREATOR_ID, 4);
	ag_buf_u32(b, ACPI_CREATOR_REV);
	return start;
}

void ag_table_end(struct ag_buf *b)
{
	if (ag_buf_failed(b) || b->len < ACPI_HDR_LEN)
		return;
	ag_buf_set_u32(b, ACPI_HDR_LENGTH_OFF, b->len);
	ag_buf_set_u8(b, ACPI_HDR_CHECKSUM_OFF, 0);
	ag_buf_set_u8(b, ACPI_HDR_CHECKSUM_OFF, ag_checksum(b->data, b->len));
}

void ag_gas(struct ag_buf *b, u8 space, u8 bits, u8 access, u64 addr)
{
	ag_buf_u8(b, space);
	ag_buf_u8(b, bits);
	ag_buf_u8(b, 0);		/* bit offset */
	ag_buf_u8(b, access);
	ag_buf_u64(b, addr);
}
