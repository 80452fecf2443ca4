/* SPDX-License-Identifier: GPL-2.0 */
/*
 * serial-types.h - serial interface types shared by SPCR ("Interface
 * Type") and DBG2 ("Port Subtype"), from Microsoft's DBG2 specification.
 */
#ifndef HVX_AG_SERIAL_TYPES_H
#define HVX_AG_SERIAL_TYPES_H

#include "model.h"

#define SERIAL_16550_COMPATIBLE	0x0000
#define SERIAL_ARM_PL011	0x0003
#define SERIAL_ARM_SBSA_GENERIC	0x000e
#define SERIAL_16550_GAS	0x0012

static inline u16 ag_serial_subtype(const struct ag_console *c)
{
	switch (c->type) {
	case AG_UART_PL011:
		return SERIAL_ARM_PL011;
	case AG_UART_SBSA:
		return SERIAL_ARM_SBSA_GENERIC;
	default:
		/* 32-bit register access needs the GAS-described variant. */
		return c->reg_width == 4 ? SERIAL_16550_GAS :
					   SERIAL_16550_COMPATIBLE;
	}
}

#endif /* HVX_AG_SERIAL_TYPES_H */
