// SPDX-License-Identifier: GPL-2.0
/*
 * tables-dbg2.c - DBG2: the console UART as the debug port (Microsoft
 * DBG2 specification, table revision 0).  Same device as SPCR, plus the
 * DSDT namespace path of the UART.
 */
#include "tables.h"
#include "serial-types.h"

#define DBG2_INFO_OFFSET	(ACPI_HDR_LEN + 8)
#define DBG2_DEV_REV		0
#define DBG2_DEV_HDR_LEN	22
#define DBG2_PORT_SERIAL	0x8000
#define DBG2_NR_REGS		1
#define DBG2_PATH_MAX		16

int ag_gen_dbg2(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_console *c = &g->m->console;
	char path[DBG2_PATH_MAX];
	u16 path_len, gas_off, size_off, path_off;

	if (!c->present)
		return AG_SKIP;
	ag_console_path(g->m, path, sizeof(path));
	path_len = strlen(path) + 1;
	gas_off = DBG2_DEV_HDR_LEN;
	size_off = gas_off + DBG2_NR_REGS * ACPI_GAS_LEN;
	path_off = size_off + DBG2_NR_REGS * 4;

	ag_table_begin(b, "DBG2", ACPI_DBG2_REV, g->opt);
	ag_buf_u32(b, DBG2_INFO_OFFSET);
	ag_buf_u32(b, 1);		/* one debug device */
	/* Debug Device Information structure. */
	ag_buf_u8(b, DBG2_DEV_REV);
	ag_buf_u16(b, path_off + path_len);
	ag_buf_u8(b, DBG2_NR_REGS);
	ag_buf_u16(b, path_len);
	ag_buf_u16(b, path_off);
	ag_buf_u16(b, 0);		/* no OEM data */
	ag_buf_u16(b, 0);
	ag_buf_u16(b, DBG2_PORT_SERIAL);
	ag_buf_u16(b, ag_serial_subtype(c));
	ag_buf_u16(b, 0);
	ag_buf_u16(b, gas_off);
	ag_buf_u16(b, size_off);
	ag_serial_gas(b, c);
	ag_buf_u32(b, g->m->devs[c->dev].regs[0].size);
	ag_buf_put(b, path, path_len);
	ag_table_end(b);
	return 0;
}
