// SPDX-License-Identifier: GPL-2.0
/*
 * tables-spcr.c - SPCR: the console named by /chosen/stdout-path
 * (Microsoft SPCR specification, table revision 2).
 */
#include "tables.h"
#include "serial-types.h"

#define SPCR_IRQ_TYPE_ARMH_GIC	(1u << 3)
#define SPCR_BAUD_AS_IS		0
#define SPCR_BAUD_9600		3
#define SPCR_BAUD_19200		4
#define SPCR_BAUD_57600		6
#define SPCR_BAUD_115200	7
#define SPCR_PARITY_NONE	0
#define SPCR_STOP_BITS_1	1
#define SPCR_FLOW_RTS_CTS	(1u << 1)
#define SPCR_TERMINAL_VT100	0
#define SPCR_NOT_PCI		0xffff

static u8 ag_spcr_baud(u32 baud)
{
	switch (baud) {
	case 9600:
		return SPCR_BAUD_9600;
	case 19200:
		return SPCR_BAUD_19200;
	case 57600:
		return SPCR_BAUD_57600;
	case 115200:
		return SPCR_BAUD_115200;
	default:
		/* Not encodable: the OS keeps what firmware configured. */
		return SPCR_BAUD_AS_IS;
	}
}

int ag_gen_spcr(struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_console *c = &g->m->console;

	if (!c->present)
		return AG_SKIP;
	ag_table_begin(b, "SPCR", ACPI_SPCR_REV, g->opt);
	ag_buf_u8(b, ag_serial_subtype(c));
	ag_buf_zero(b, 3);
	ag_serial_gas(b, c);
	ag_buf_u8(b, c->has_irq ? SPCR_IRQ_TYPE_ARMH_GIC : 0);
	ag_buf_u8(b, 0);		/* PC-AT IRQ: none */
	ag_buf_u32(b, c->has_irq ? c->irq.gsi : 0);
	ag_buf_u8(b, c->keep_baud ? SPCR_BAUD_AS_IS : ag_spcr_baud(c->baud));
	ag_buf_u8(b, SPCR_PARITY_NONE);
	ag_buf_u8(b, SPCR_STOP_BITS_1);
	ag_buf_u8(b, c->flow ? SPCR_FLOW_RTS_CTS : 0);
	ag_buf_u8(b, SPCR_TERMINAL_VT100);
	ag_buf_u8(b, 0);		/* language: reserved */
	ag_buf_u16(b, SPCR_NOT_PCI);	/* PCI device ID */
	ag_buf_u16(b, SPCR_NOT_PCI);	/* PCI vendor ID */
	ag_buf_u8(b, 0);		/* PCI bus, device, function */
	ag_buf_u8(b, 0);
	ag_buf_u8(b, 0);
	ag_buf_u32(b, 0);		/* PCI flags */
	ag_buf_u8(b, 0);		/* PCI segment */
	ag_buf_u32(b, 0);		/* reserved in revision 2 */
	ag_table_end(b);
	return 0;
}
