/* SPDX-License-Identifier: GPL-2.0 */
/*
 * serial-types.h - serial interface types shared by SPCR ("Interface
 * Type") and DBG2 ("Port Subtype"), from Microsoft's DBG2 specification.
 */
#ifndef HVX_AG_SERIAL_TYPES_H
#define HVX_AG_SERIAL_TYPES_H

#include "tables.h"

#define SERIAL_16550_COMPATIBLE	0x0000
#define SERIAL_ARM_PL011	0x0003
#define SERIAL_16550_NVIDIA	0x0005
#define SERIAL_ARM_SBSA_GENERIC	0x000e
#define SERIAL_16550_GAS	0x0012

/*
 * Linux (drivers/acpi/spcr.c) runs the PL011 types on its pl011 driver
 * and the 16550 types on 8250 earlycon, with the access width of the
 * GAS as mmio/mmio16/mmio32 (which also sets the register stride).
 */
static inline u16 ag_serial_subtype(const struct ag_console *c)
{
	switch (c->type) {
	case AG_UART_PL011:
		return SERIAL_ARM_PL011;
	case AG_UART_SBSA:
		return SERIAL_ARM_SBSA_GENERIC;
	case AG_UART_16550_NVIDIA:
		return SERIAL_16550_NVIDIA;
	default:
		/* Wider registers need the GAS-described variant. */
		return c->reg_width > 1 ? SERIAL_16550_GAS :
					  SERIAL_16550_COMPATIBLE;
	}
}

/* The UART's registers as a GAS (SPCR base, DBG2 register). */
static inline void ag_serial_gas(struct ag_buf *b, const struct ag_console *c)
{
	u8 access = c->reg_width == 4 ? ACPI_ACCESS_DWORD :
		    c->reg_width == 2 ? ACPI_ACCESS_WORD : ACPI_ACCESS_BYTE;

	ag_gas(b, ACPI_AS_SYSTEM_MEMORY, c->reg_width * 8, access, c->base);
}

#endif /* HVX_AG_SERIAL_TYPES_H */
