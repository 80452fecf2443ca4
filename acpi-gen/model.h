/* SPDX-License-Identifier: GPL-2.0 */
/*
 * model.h - the small hardware model between the two stages of acpi-gen.
 *
 * Stage one (dt-*.c) reads a flattened device tree into this model; stage
 * two (tables-*.c) generates ACPI tables from the model only.  Keeping the
 * model free of DT encodings (cells, phandles, specifiers) means the
 * generators never re-parse the DT and could be fed from another source.
 * Strings (node names, compatible lists) point into the DTB, which must
 * outlive the model.
 */
#ifndef HVX_AG_MODEL_H
#define HVX_AG_MODEL_H

#include "ag-port.h"

/* Interrupt trigger/polarity, already in ACPI's sense. */
#define AG_IRQ_EDGE		(1u << 0)
#define AG_IRQ_ACTIVE_LOW	(1u << 1)

/* GSI bases of the GIC's interrupt ranges (GIC architecture). */
#define AG_GIC_PPI_BASE		16
#define AG_GIC_SPI_BASE		32
#define AG_GIC_EPPI_BASE	1056
#define AG_GIC_ESPI_BASE	4096

#define AG_NO_ADDR		(~(u64)0)
/* A GSI slot that could not be routed to the GIC. */
#define AG_GSI_NONE		(~0u)

/*
 * Fixed limits of the static tables; a DT that exceeds one gets a clear
 * error.  A device's "reg" and interrupt lists have no limit.
 */
#define AG_MAX_REDIST		16
#define AG_MAX_ITS		16
#define AG_MAX_V2M		16
#define AG_MAX_TIMER_FRAMES	8
#define AG_MAX_WDOG		4
#define AG_MAX_PCI_RANGES	16
#define AG_MAX_PCI_MSI		16
#define AG_MAX_PRT		(32 * 4)	/* 32 slots x INTA..INTD */
#define AG_MAX_CPUS		4096
#define AG_MAX_PCI		36	/* DSDT names PCI0..PCIZ */

struct ag_irq {
	u32 gsi;
	u32 flags;		/* AG_IRQ_* */
};

struct ag_reg {
	u64 base;
	u64 size;
};

struct ag_cpu {
	u64 mpidr;		/* affinity fields, laid out as in MPIDR_EL1 */
	u32 uid;		/* ACPI processor UID: index in the model */
	u32 phandle;
	int node;
	bool enabled;
	bool has_pmu;
	struct ag_irq pmu;	/* PMU overflow interrupt (PPI or own SPI) */
};

struct ag_its {
	u64 base;
	u32 phandle;
};

struct ag_v2m {
	u64 base;
	u32 phandle;
	bool has_spis;		/* SPI range given in the DT, not read from HW */
	u32 spi_base;
	u32 spi_count;
};

struct ag_gic {
	int node;		/* -1: no GIC (MADT has GICCs only) */
	u32 phandle;
	u8 version;		/* 2 or 3; 0 without a GIC */
	u64 dist_base;
	u64 cpuif_base;		/* GICv2 CPU interface, or GICv3 GICC (opt.) */
	u64 gich_base;
	u64 gicv_base;
	u32 nr_redist;
	struct ag_reg redist[AG_MAX_REDIST];
	bool has_maint;
	struct ag_irq maint;	/* virtual GIC maintenance PPI */
	u32 nr_its;
	struct ag_its its[AG_MAX_ITS];
	u32 nr_v2m;
	struct ag_v2m v2m[AG_MAX_V2M];
};

/* Order of the generic timer's interrupts in the DT binding. */
enum ag_timer_irq {
	AG_TIMER_SEC_PHYS,
	AG_TIMER_PHYS,
	AG_TIMER_VIRT,
	AG_TIMER_HYP_PHYS,
	AG_TIMER_HYP_VIRT,
	AG_TIMER_NR_IRQS,
};

struct ag_timer_frame {
	u32 frame;
	u64 base;
	u64 el0_base;		/* AG_NO_ADDR when absent */
	bool has_phys, has_virt;
	struct ag_irq phys, virt;
	bool secure;
};

struct ag_timer {
	u32 nr_irqs;
	struct ag_irq irq[AG_TIMER_NR_IRQS];
	bool always_on;
	/* Memory-mapped timer (arm,armv7-timer-mem), if enabled. */
	bool has_mem;
	u64 cnt_ctl_base;
	u32 nr_frames;
	struct ag_timer_frame frames[AG_MAX_TIMER_FRAMES];
};

struct ag_wdog {
	u64 control_base;
	u64 refresh_base;
	bool has_irq;
	struct ag_irq irq;
};

/* A 16550's reference clock as Linux's 8250 earlycon assumes it. */
#define UART_8250_BASE_CLOCK	1843200

/* UART families Linux's SPCR code knows (drivers/acpi/spcr.c). */
enum ag_uart_type {
	AG_UART_NONE,
	AG_UART_PL011,
	AG_UART_SBSA,
	AG_UART_16550,
	AG_UART_16550_NVIDIA,	/* Tegra: its own SPCR subtype */
};

struct ag_console {
	bool present;
	int dev;		/* index in model->devs */
	enum ag_uart_type type;
	u64 base;
	/*
	 * Access width in bytes: 1, 2 or 4.  For the 16550 family it is
	 * also the register stride, as Linux derives the stride from the
	 * SPCR access width (mmio, mmio16, mmio32).
	 */
	u32 reg_width;
	bool has_irq;
	struct ag_irq irq;
	u32 baud;		/* 0: leave as configured */
	bool keep_baud;		/* SPCR says "as configured" whatever @baud */
	char parity;		/* 'n', 'o' or 'e' */
	u32 data_bits;
	u32 stop_bits;
	bool flow;
};

enum ag_pci_space {
	AG_PCI_IO,
	AG_PCI_MEM32,
	AG_PCI_MEM64,
};

struct ag_pci_range {
	enum ag_pci_space space;
	bool prefetch;
	u64 pci_addr;
	u64 cpu_addr;
	u64 size;
};

struct ag_pci_prt {
	u8 slot;
	u8 pin;			/* 0 = INTA */
	struct ag_irq irq;
};

struct ag_pci_msi {
	u32 rid_base;
	u32 count;
	u32 out_base;
	u32 phandle;		/* ITS or v2m frame */
};

struct ag_pci {
	int node;
	u16 segment;
	u8 bus_start, bus_end;
	u64 ecam_base, ecam_size;
	bool coherent;
	u32 nr_ranges;
	struct ag_pci_range ranges[AG_MAX_PCI_RANGES];
	u32 nr_prt;
	struct ag_pci_prt prt[AG_MAX_PRT];
	u32 nr_msi;
	struct ag_pci_msi msi[AG_MAX_PCI_MSI];
};

enum ag_dev_kind {
	AG_DEV_GENERIC,
	AG_DEV_SERIAL,
	AG_DEV_VIRTIO,
	AG_DEV_GPIO,
	AG_DEV_RTC,
};

/* A device that goes into the DSDT as itself. */
struct ag_dev {
	int node;
	const char *name;	/* node name, for messages */
	enum ag_dev_kind kind;
	const char *compat;	/* raw "compatible" string list, in the DTB */
	int compat_len;
	bool coherent;		/* dma-coherent: _CCA = 1 */
	u32 nr_regs;
	struct ag_reg *regs;	/* allocated; freed with the model */
	u32 nr_irqs;
	struct ag_irq *irqs;	/* only those that reach the GIC */
};

/* One processor-hierarchy node of the cpu-map (PPTT), parents first. */
struct ag_topo {
	int parent;		/* index in model->topo, -1 for a root */
	bool package;		/* a physical package (socket) */
	bool leaf;		/* a core or thread: a processor */
	bool thread;
	u32 cpu_uid;		/* leaf only */
};

struct ag_model {
	const void *fdt;
	u32 nr_cpus;
	struct ag_cpu *cpus;
	struct ag_gic gic;
	bool has_psci;
	bool psci_hvc;
	struct ag_timer timer;
	u32 nr_wdog;
	struct ag_wdog wdog[AG_MAX_WDOG];
	struct ag_console console;
	u32 nr_devs;
	struct ag_dev *devs;
	u32 nr_pci;
	struct ag_pci *pci;
	u32 nr_topo;
	struct ag_topo *topo;
};

/*
 * Stage one: parse a DTB of @size bytes; the model points into @fdt.
 * What ACPI cannot describe goes to @warn (may be NULL).
 */
int ag_dt_parse(const void *fdt, size_t size, const struct ag_warner *warn,
		struct ag_model *m, struct ag_error *err);
void ag_model_free(struct ag_model *m);

#endif /* HVX_AG_MODEL_H */
