// SPDX-License-Identifier: GPL-2.0
/*
 * tables-oemb.c - OEMB: the mapping file's bind-time translations ("ID =>
 * BIND_ID [DRIVER]", map.h), an OEM table (signatures "OEMx" are the
 * OEMs') listed in the XSDT, for the OS to consult when it binds drivers
 * (hvx-acpi-bind under Linux). Only when the mapping file has such lines.
 *
 *	 0  header (36 bytes), revision 1
 *	36  u32 count
 *	40  u32 entry size (48; readers step by it)
 *	44  count entries:
 *	     +0  char id[8]        a device's _HID, NUL-padded
 *	     +8  char bind_id[8]   the ID whose driver binds it
 *	    +16  char driver[32]   the OS's driver name, NUL-padded ("": none)
 */
#include "tables.h"

#define OEMB_REV		1
#define OEMB_ID_LEN		8
#define OEMB_DRIVER_LEN		32
#define OEMB_ENTRY_LEN		(2 * OEMB_ID_LEN + OEMB_DRIVER_LEN)

/* @s NUL-padded to @n bytes (s is shorter than n). */
static void ag_put_padded(struct ag_buf *b, const char *s, size_t n)
{
	size_t len = strlen(s);

	ag_buf_put(b, s, len);
	ag_buf_zero(b, n - len);
}

int ag_gen_oemb(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_map *map = g->opt->map;
	u32 i;

	if (!map || !map->nr_binds)
		return AG_SKIP;
	ag_table_begin(b, "OEMB", OEMB_REV, g->opt);
	ag_buf_u32(b, map->nr_binds);
	ag_buf_u32(b, OEMB_ENTRY_LEN);
	for (i = 0; i < map->nr_binds; i++) {
		ag_put_padded(b, map->binds[i].id, OEMB_ID_LEN);
		ag_put_padded(b, map->binds[i].bind_id, OEMB_ID_LEN);
		ag_put_padded(b, map->binds[i].driver, OEMB_DRIVER_LEN);
	}
	ag_table_end(b);
	return 0;
}
