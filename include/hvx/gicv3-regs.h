/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GICv3 register offsets (Arm IHI 0069): the distributor's, and a
 * redistributor's in its RD_base and SGI_base frames, for the code that
 * programs or attacks a (virtual) GICv3 from a guest or a test. Plain
 * numbers, for C and assembly alike; the fields stay with their users.
 */
#ifndef HVX_GICV3_REGS_H
#define HVX_GICV3_REGS_H

/* Distributor (GICD_*), a 64 KiB frame */
#define GICD_SIZE		0x10000
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IIDR		0x0008
#define GICD_STATUSR		0x0010
#define GICD_SETSPI_NSR		0x0040
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800
#define GICD_ICFGR		0x0c00
#define GICD_IGRPMODR		0x0d00
#define GICD_SGIR		0x0f00
#define GICD_IROUTER		0x6000	/* + 8 * INTID, from INTID 32 */
#define GICD_PIDR2		0xffe8

/* Redistributor: the RD_base frame, then the SGI_base frame */
#define GICR_SGI_OFFSET		0x10000	/* SGI_base from RD_base */
#define GICR_STRIDE		0x20000	/* the two frames */
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008	/* 64 bits */
#define GICR_WAKER		0x0014
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_PIDR2		0xffe8
/* in the SGI_base frame */
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ISPENDR0		0x0200
#define GICR_ICPENDR0		0x0280
#define GICR_ISACTIVER0		0x0300
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR		0x0400
#define GICR_ICFGR0		0x0c00
#define GICR_ICFGR1		0x0c04

#endif /* HVX_GICV3_REGS_H */
