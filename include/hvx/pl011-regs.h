/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PL011 UART's registers (ARM PrimeCell UART r1p5, Arm DDI 0183), for
 * the emulations of the guest's UART (hvx.ko's console, the KVM runner's
 * of make bench) and their tests. Plain numbers, for C and assembly alike.
 */
#ifndef HVX_PL011_REGS_H
#define HVX_PL011_REGS_H

/* Offsets in the 4 KiB frame; registers are 32 bits apart */
#define PL011_DR		0x000
#define PL011_RSR		0x004	/* UARTECR on writes */
#define PL011_FR		0x018
#define PL011_ILPR		0x020
#define PL011_IBRD		0x024
#define PL011_FBRD		0x028
#define PL011_LCR_H		0x02c
#define PL011_CR		0x030
#define PL011_IFLS		0x034
#define PL011_IMSC		0x038
#define PL011_RIS		0x03c
#define PL011_MIS		0x040
#define PL011_ICR		0x044
#define PL011_DMACR		0x048
#define PL011_ID_BASE		0xfe0	/* UARTPeriphID0-3, UARTPCellID0-3 */

/* UARTFR */
#define PL011_FR_BUSY		0x008
#define PL011_FR_RXFE		0x010	/* receive FIFO empty */
#define PL011_FR_TXFF		0x020	/* transmit FIFO full */
#define PL011_FR_RXFF		0x040	/* receive FIFO full */
#define PL011_FR_TXFE		0x080	/* transmit FIFO empty */

/* UARTLCR_H */
#define PL011_LCR_H_FEN		0x010	/* FIFOs enabled */

/* Interrupt bits of UARTRIS, UARTMIS, UARTIMSC and UARTICR */
#define PL011_INT_RX		0x010
#define PL011_INT_TX		0x020
#define PL011_INT_RT		0x040	/* receive timeout */
#define PL011_INT_ALL		0x7ff

/* Reset values: transmit and receive enabled, FIFO levels half */
#define PL011_CR_RESET		0x300
#define PL011_IFLS_RESET	0x12
/* Widths of the registers that hold what is written */
#define PL011_BYTE_MASK		0xff
#define PL011_IBRD_MASK		0xffff
#define PL011_FBRD_MASK		0x3f
#define PL011_CR_MASK		0xff87
#define PL011_IFLS_MASK		0x3f
#define PL011_DMACR_MASK	0x7

/* Receive FIFO depth with UARTLCR_H.FEN (else a 1-byte register) */
#define PL011_FIFO_DEPTH	32

/* The ID registers' bytes: periph ID 0x00341011, PrimeCell ID 0xb105f00d */
#define PL011_ID_BYTES		{ 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 }

#endif /* HVX_PL011_REGS_H */
