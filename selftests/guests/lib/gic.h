/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's GICv3 (Arm IHI 0069): the distributor and redistributor
 * registers, the CPU interface's system registers, and a small interrupt
 * layer for the tests: every vCPU's handler acknowledges one interrupt per
 * exception through ICC_IAR1_EL1, counts it per vCPU and INTID, logs the
 * order, calls the test's hook and completes it with ICC_EOIR1_EL1
 * (EOImode 0: priority drop and deactivation at once).
 *
 * The platform is QEMU virt's (include/hvx/guest-platform.h): the
 * distributor at GUEST_GICD_BASE, one redistributor (RD_base and SGI_base,
 * 64 KiB each) per vCPU from GUEST_GICR_BASE; the register offsets are
 * include/hvx/gicv3-regs.h's.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <hvx/gicv3-regs.h>

#include "types.h"
#include "arch.h"
#include "io.h"
#include "platform.h"

/* INTIDs */
#define GIC_NR_SGIS		16
#define GIC_NR_PRIVATE		32	/* SGIs and PPIs */
#define GIC_MAX_INTID		1024	/* 1020-1023 special */
#define GIC_FIRST_SPECIAL	1020
#define GIC_SPURIOUS		1023
#define GIC_PPI_VTIMER		27
#define GIC_PPI_PTIMER		30

/* Distributor */
#define GICD_CTLR_ENABLE_G0	BIT(0)
#define GICD_CTLR_ENABLE_G1	BIT(1)	/* EnableGrp1 (NS view or DS=1) */
#define GICD_CTLR_ARE		BIT(4)
#define GICD_CTLR_DS		BIT(6)
#define GICD_CTLR_RWP		BIT(31)
#define GICD_TYPER_ITLINES(t)	((t) & 0x1f)
#define GICD_TYPER_MBIS		BIT(16)
#define GICD_TYPER_LPIS		BIT(17)
#define GICD_TYPER_IDBITS(t)	((((t) >> 19) & 0x1f) + 1)
#define GICD_TYPER_ESPI		BIT(8)
#define GIC_PIDR2_ARCHREV(p)	(((p) >> 4) & 0xf)

/* Redistributor, RD_base frame */
#define GICR_TYPER_PLPIS	BIT(0)
#define GICR_TYPER_LAST		BIT(4)
#define GICR_TYPER_PROCNUM(t)	(((t) >> 8) & 0xffff)
#define GICR_TYPER_AFF(t)	((t) >> 32)
#define GICR_WAKER_PSLEEP	BIT(1)	/* ProcessorSleep */
#define GICR_WAKER_CASLEEP	BIT(2)	/* ChildrenAsleep */

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
	return GUEST_GICR_BASE + (u64)cpu * GICR_STRIDE;
}

static inline u64 gicr_sgi_base(unsigned int cpu)
{
	return gicr_base(cpu) + GICR_SGI_OFFSET;
}

static inline u32 gicd_read(u32 off)
{
	return raw_read32(GUEST_GICD_BASE + off);
}

static inline void gicd_write(u32 off, u32 v)
{
	raw_write32(GUEST_GICD_BASE + off, v);
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

/*
 * One WFI of a loop that, with interrupts masked, checks what an interrupt
 * handler changes. Masked, an interrupt that comes after the check still
 * ends the WFI (WFI wakes on pending ones), and is taken here once they
 * are unmasked; unmasked, it could be taken between the check and the WFI,
 * which would then wait for the next one.
 */
static inline void wfi_masked(void)
{
	asm volatile("wfi" : : : "memory");
	irqs_enable();
	irqs_disable();
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
