/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's GICv3 (Arm IHI 0069): the distributor and redistributor
 * registers, the CPU interface's system registers, and a small interrupt
 * layer for the tests: every vCPU's handler acknowledges one interrupt per
 * exception through ICC_IAR1_EL1, counts it per vCPU and INTID, logs the
 * order, calls the test's hook and completes it with ICC_EOIR1_EL1
 * (EOImode 0: priority drop and deactivation at once).
 *
 * The platform is QEMU virt's: GICD at 0x08000000, one redistributor
 * (RD_base and SGI_base, 64 KiB each) per vCPU from 0x080a0000.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include "types.h"
#include "arch.h"
#include "io.h"

#define GICD_BASE		0x08000000UL
#define GICD_SIZE		0x10000UL
#define GICR_BASE		0x080a0000UL
#define GICR_STRIDE		0x20000UL	/* RD_base + SGI_base */
#define GICR_SGI_OFFSET		0x10000UL

/* INTIDs */
#define GIC_NR_SGIS		16
#define GIC_NR_PRIVATE		32	/* SGIs and PPIs */
#define GIC_MAX_INTID		1024	/* 1020-1023 special */
#define GIC_FIRST_SPECIAL	1020
#define GIC_SPURIOUS		1023
#define GIC_PPI_VTIMER		27
#define GIC_PPI_PTIMER		30

/* Distributor */
#define GICD_CTLR		0x0000
#define GICD_CTLR_ENABLE_G0	BIT(0)
#define GICD_CTLR_ENABLE_G1	BIT(1)	/* EnableGrp1 (NS view or DS=1) */
#define GICD_CTLR_ARE		BIT(4)
#define GICD_CTLR_DS		BIT(6)
#define GICD_CTLR_RWP		BIT(31)
#define GICD_TYPER		0x0004
#define GICD_TYPER_ITLINES(t)	((t) & 0x1f)
#define GICD_TYPER_MBIS		BIT(16)
#define GICD_TYPER_LPIS		BIT(17)
#define GICD_TYPER_IDBITS(t)	((((t) >> 19) & 0x1f) + 1)
#define GICD_TYPER_ESPI		BIT(8)
#define GICD_IIDR		0x0008
#define GICD_SETSPI_NSR		0x0040
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ISACTIVER		0x0300
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IGRPMODR		0x0d00
#define GICD_SGIR		0x0f00
#define GICD_IROUTER		0x6000	/* + 8 * INTID, from INTID 32 */
#define GICD_PIDR2		0xffe8
#define GIC_PIDR2_ARCHREV(p)	(((p) >> 4) & 0xf)

/* Redistributor, RD_base frame */
#define GICR_CTLR		0x0000
#define GICR_IIDR		0x0004
#define GICR_TYPER		0x0008	/* 64 bits */
#define GICR_TYPER_PLPIS	BIT(0)
#define GICR_TYPER_LAST		BIT(4)
#define GICR_TYPER_PROCNUM(t)	(((t) >> 8) & 0xffff)
#define GICR_TYPER_AFF(t)	((t) >> 32)
#define GICR_WAKER		0x0014
#define GICR_WAKER_PSLEEP	BIT(1)	/* ProcessorSleep */
#define GICR_WAKER_CASLEEP	BIT(2)	/* ChildrenAsleep */
#define GICR_PIDR2		0xffe8
/* Redistributor, SGI_base frame */
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

/* The CPU interface (op0 = 3 encodings: the assembler needs no GIC names) */
#define ICC_PMR_EL1		"S3_0_C4_C6_0"
#define ICC_IAR0_EL1		"S3_0_C12_C8_0"
#define ICC_EOIR0_EL1		"S3_0_C12_C8_1"
#define ICC_AP1R0_EL1		"S3_0_C12_C9_0"
#define ICC_DIR_EL1		"S3_0_C12_C11_1"
#define ICC_RPR_EL1		"S3_0_C12_C11_3"
#define ICC_SGI1R_EL1		"S3_0_C12_C11_5"
#define ICC_ASGI1R_EL1		"S3_0_C12_C11_6"
#define ICC_SGI0R_EL1		"S3_0_C12_C11_7"
#define ICC_IAR1_EL1		"S3_0_C12_C12_0"
#define ICC_EOIR1_EL1		"S3_0_C12_C12_1"
#define ICC_HPPIR1_EL1		"S3_0_C12_C12_2"
#define ICC_BPR1_EL1		"S3_0_C12_C12_3"
#define ICC_CTLR_EL1		"S3_0_C12_C12_4"
#define ICC_SRE_EL1		"S3_0_C12_C12_5"
#define ICC_IGRPEN0_EL1		"S3_0_C12_C12_6"
#define ICC_IGRPEN1_EL1		"S3_0_C12_C12_7"
#define ICC_SRE_SRE		BIT(0)
#define ICC_CTLR_EOIMODE	BIT(1)
#define ICC_IAR_INTID(v)	((v) & 0xffffff)

/* ICC_SGI1R_EL1 fields */
#define SGIR_TARGETS(list)	((u64)(list) & 0xffff)
#define SGIR_AFF1(a)		((u64)((a) & 0xff) << 16)
#define SGIR_INTID(i)		((u64)((i) & 0xf) << 24)
#define SGIR_AFF2(a)		((u64)((a) & 0xff) << 32)
#define SGIR_IRM		BIT(40)
#define SGIR_RS(r)		((u64)((r) & 0xf) << 44)
#define SGIR_AFF3(a)		((u64)((a) & 0xff) << 48)

#define gic_read_sysreg(r) ({					\
	u64 __v;						\
	asm volatile("mrs %0, " r : "=r" (__v) : : "memory");	\
	__v;							\
})

#define gic_write_sysreg(v, r) do {				\
	u64 __wv = (u64)(v);					\
	asm volatile("msr " r ", %0" : : "r" (__wv) : "memory");	\
} while (0)

static inline u64 gicr_base(unsigned int cpu)
{
	return GICR_BASE + cpu * GICR_STRIDE;
}

static inline u64 gicr_sgi_base(unsigned int cpu)
{
	return gicr_base(cpu) + GICR_SGI_OFFSET;
}

static inline u32 gicd_read(u32 off)
{
	return raw_read32(GICD_BASE + off);
}

static inline void gicd_write(u32 off, u32 v)
{
	raw_write32(GICD_BASE + off, v);
}

static inline void irqs_enable(void)
{
	asm volatile("msr daifclr, #2" : : : "memory");
	isb();
}

static inline void irqs_disable(void)
{
	asm volatile("msr daifset, #2" : : : "memory");
	isb();
}

static inline void cpu_relax(void)
{
	asm volatile("yield" : : : "memory");
}

/* What the interrupt layer saw on each vCPU. */
#define GIC_LOG_MAX		256
struct gic_cpu_stats {
	u32 count[GIC_MAX_INTID];	/* acknowledged, per INTID */
	u32 nr_log;			/* entries in log (it stops at the max) */
	u16 log[GIC_LOG_MAX];		/* INTIDs in acknowledgment order */
	u32 spurious;			/* IRQ exceptions that found 1023 */
	u32 total;
};

extern struct gic_cpu_stats gic_stats[GUEST_MAX_CPUS];

/*
 * Called for each acknowledged interrupt, before the EOI, on the vCPU
 * that took it (exceptions masked). May be NULL.
 */
typedef void (*gic_irq_hook)(unsigned int cpu, u32 intid);
void gic_set_irq_hook(gic_irq_hook hook);

/*
 * Distributor: ARE, Group 1 on, every SPI below nr_irqs in Group 1,
 * disabled, not pending, priority 0xa0, routed to vCPU 0, level.
 */
void gic_dist_init(unsigned int nr_irqs);
/*
 * The calling vCPU's redistributor (woken) and CPU interface (SRE,
 * PMR 0xff, BPR 0, EOImode 0, Group 1 on); SGIs and PPIs in Group 1,
 * disabled, not pending, priority 0xa0. Installs the IRQ handler.
 */
void gic_cpu_init(unsigned int cpu);
/* Forget what gic_stats recorded for cpu. */
void gic_stats_reset(unsigned int cpu);

/* Per-INTID distributor/redistributor bits (the right frame for intid). */
void gic_irq_enable(unsigned int cpu, u32 intid, bool on);
void gic_irq_set_pending(unsigned int cpu, u32 intid, bool on);
bool gic_irq_is_pending(unsigned int cpu, u32 intid);
bool gic_irq_is_active(unsigned int cpu, u32 intid);
void gic_irq_set_priority(unsigned int cpu, u32 intid, u8 prio);
void gic_irq_set_edge(u32 intid, bool edge);	/* SPIs */
void gic_irq_route(u32 intid, u64 mpidr);	/* SPIs: GICD_IROUTER */
/* ICC_SGI1R_EL1 value for SGI intid to the vCPUs in the MPIDR list. */
u64 gic_sgir_for(u32 intid, u64 mpidr);
void gic_send_sgi1r(u64 val);

/*
 * Wait until cpu's count for intid reaches want, or timeout_us; returns the
 * count. With irqs on: the caller's IRQs are unmasked meanwhile.
 */
u32 gic_wait_count(unsigned int cpu, u32 intid, u32 want, u64 timeout_us);

/* Spin for us microseconds; the same with the caller's IRQs unmasked. */
void gic_spin_us(u64 us);
void gic_take_irqs(u64 us);

/*
 * The VMM's test device (only with bootarg hvx-testdev=1: the selftest
 * hvx_vgic_guests provides it): drives a VM's SPI lines through
 * HVX_VM_IRQ_LINE, now or after a delay.
 */
#define TESTDEV_BASE		0x0c000000UL
#define TESTDEV_LINE		0x00	/* write: intid | level << 31 */
#define TESTDEV_STATUS		0x08	/* read: the last ioctl's errno */
#define TESTDEV_DELAY_MS	0x10	/* write: delay for the next LINE_LATER */
#define TESTDEV_LINE_LATER	0x18	/* write: as LINE, after the delay */
#define TESTDEV_LEVEL		BIT(31)

bool testdev_present(void);
/* Drive SPI intid's line; returns the ioctl's errno (0: done). */
u32 testdev_line(u32 intid, bool level);
void testdev_line_later(u32 intid, bool level, u32 delay_ms);

#endif /* GUEST_GIC_H */
