// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's device tree, written with libfdt: generated to describe the
 * platform hvxctl run gives a guest (QEMU virt's layout, with only what
 * hvx and hvxctl provide), or the user's own, given /chosen/bootargs.
 *
 * Generated:
 *   / (#address-cells = #size-cells = 2, interrupt-parent = the GIC)
 *     chosen         bootargs (--append), stdout-path = the PL011,
 *                    linux,initrd-start and -end (64-bit: --initrd)
 *     memory@40000000
 *     cpus/cpu@M     one per vCPU, M = reg = its MPIDR in hex (cpu@0 ...,
 *                    cpu@f, cpu@100: HVX_VCPU_MPIDR), started by PSCI
 *     psci           PSCI 1.0/0.2 over HVC (hvx answers the guest's HVCs)
 *     timer          the architected timer's four PPIs; with a counter
 *                    frequency (hvxctl run --counter-freq) only the two
 *                    physical ones, and clock-frequency
 *     intc@8000000   GICv3: distributor, one redistributor per vCPU (no
 *                    ITS, so no msi-controller: hvx emulates no LPIs)
 *     apb-pclk       24 MHz fixed clock for the UART
 *     pl011@9000000  the console, emulated by hvxctl (vm-mmio.c)
 * Interrupt specifiers and flags are QEMU's, so a guest sees what it would
 * see there.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "vm.h"

#define PHANDLE_GIC	1
#define PHANDLE_CLK	2

/* GIC interrupt specifier cells */
#define GIC_SPI		0
#define GIC_PPI		1
#define IRQ_LEVEL_HIGH	4

/* Architected timer PPIs: secure EL1, non-secure EL1, virtual, EL2 */
static const __u32 timer_ppis[] = { 13, 14, 11, 10 };
/*
 * With a counter frequency, the first two only: hvx scales the physical
 * counter and timer alone (the virtual ones cannot be trapped without
 * FEAT_ECV), and a Linux at EL1 takes the virtual timer whenever the node
 * lists it (arch_timer_select_ppi()), the non-secure physical one else.
 */
#define NR_PHYS_TIMER_PPIS	2

/* Room for the generated tree: a 64-vCPU tree takes about 10 KiB. */
#define FDT_GEN_SIZE	(64 * 1024)
/*
 * Room to add /chosen/bootargs and the initrd's properties to a given
 * tree, beyond the bootargs string itself
 */
#define FDT_APPEND_SLACK	512

/*
 * The sequential-write calls, with the first error kept: the tree is
 * written in one go and checked once at the end.
 */
struct fdt_writer {
	void *fdt;
	int err;
};

static void w_check(struct fdt_writer *w, int err)
{
	if (err < 0 && !w->err)
		w->err = err;
}

static void w_begin(struct fdt_writer *w, const char *name)
{
	if (!w->err)
		w_check(w, fdt_begin_node(w->fdt, name));
}

static void w_end(struct fdt_writer *w)
{
	if (!w->err)
		w_check(w, fdt_end_node(w->fdt));
}

static void w_prop(struct fdt_writer *w, const char *name, const void *val,
		   int len)
{
	if (!w->err)
		w_check(w, fdt_property(w->fdt, name, val, len));
}

static void w_u32(struct fdt_writer *w, const char *name, __u32 val)
{
	if (!w->err)
		w_check(w, fdt_property_u32(w->fdt, name, val));
}

static void w_str(struct fdt_writer *w, const char *name, const char *s)
{
	w_prop(w, name, s, strlen(s) + 1);
}

/* A property of n 32-bit cells. */
static void w_cells(struct fdt_writer *w, const char *name, const __u32 *v,
		    int n)
{
	fdt32_t cells[16];
	int i;

	for (i = 0; i < n && i < (int)ARRAY_SIZE(cells); i++)
		cells[i] = cpu_to_fdt32(v[i]);
	w_prop(w, name, cells, i * sizeof(cells[0]));
}

/* A reg entry of two 2-cell numbers: address and size. */
static void w_reg2(__u32 *cells, __u64 addr, __u64 size)
{
	cells[0] = addr >> 32;
	cells[1] = addr;
	cells[2] = size >> 32;
	cells[3] = size;
}

/* A string list: the strings' NULs separate them; the last counts too. */
#define W_STRLIST(w, name, list)	w_prop(w, name, list, sizeof(list))

static void gen_cpus(struct fdt_writer *w, unsigned int nr_vcpus)
{
	char name[32];
	unsigned int i;

	w_begin(w, "cpus");
	/* Every HVX_VCPU_MPIDR() fits in one cell. */
	w_u32(w, "#address-cells", 1);
	w_u32(w, "#size-cells", 0);
	for (i = 0; i < nr_vcpus; i++) {
		__u32 mpidr = HVX_VCPU_MPIDR(i);

		snprintf(name, sizeof(name), "cpu@%x", mpidr);
		w_begin(w, name);
		w_str(w, "device_type", "cpu");
		w_str(w, "compatible", "arm,armv8");
		w_u32(w, "reg", mpidr);
		w_str(w, "enable-method", "psci");
		w_end(w);
	}
	w_end(w);
}

static void gen_interrupts(struct fdt_writer *w, unsigned int nr_vcpus,
			   __u64 counter_freq)
{
	size_t i, nr_ppis = counter_freq ? NR_PHYS_TIMER_PPIS :
					   ARRAY_SIZE(timer_ppis);
	__u32 cells[3 * ARRAY_SIZE(timer_ppis)], reg[8];
	char name[32];

	w_begin(w, "psci");
	W_STRLIST(w, "compatible", "arm,psci-1.0\0arm,psci-0.2");
	w_str(w, "method", "hvc");
	w_end(w);

	w_begin(w, "timer");
	w_str(w, "compatible", "arm,armv8-timer");
	for (i = 0; i < nr_ppis; i++) {
		cells[3 * i] = GIC_PPI;
		cells[3 * i + 1] = timer_ppis[i];
		cells[3 * i + 2] = IRQ_LEVEL_HIGH;
	}
	w_cells(w, "interrupts", cells, 3 * nr_ppis);
	/*
	 * CNTFRQ_EL0 cannot be trapped and stays the host's: the node says
	 * the guest's frequency instead (Linux takes it over the register).
	 */
	if (counter_freq)
		w_u32(w, "clock-frequency", counter_freq);
	w_end(w);

	snprintf(name, sizeof(name), "intc@%llx", GUEST_GICD_BASE);
	w_begin(w, name);
	w_str(w, "compatible", "arm,gic-v3");
	w_u32(w, "#interrupt-cells", 3);
	w_u32(w, "#address-cells", 0);
	w_prop(w, "interrupt-controller", NULL, 0);
	w_reg2(reg, GUEST_GICD_BASE, HVX_GIC_DIST_SIZE);
	w_reg2(reg + 4, GUEST_GICR_BASE, HVX_GIC_REDIST_SIZE * nr_vcpus);
	w_cells(w, "reg", reg, 8);
	w_u32(w, "phandle", PHANDLE_GIC);
	w_end(w);
}

static void gen_uart(struct fdt_writer *w, const char *uart)
{
	const __u32 irq[3] = { GIC_SPI, GUEST_UART_SPI, IRQ_LEVEL_HIGH };
	const __u32 clocks[2] = { PHANDLE_CLK, PHANDLE_CLK };
	__u32 reg[4];

	w_begin(w, "apb-pclk");
	w_str(w, "compatible", "fixed-clock");
	w_u32(w, "#clock-cells", 0);
	w_u32(w, "clock-frequency", GUEST_UART_CLOCK_HZ);
	w_str(w, "clock-output-names", "clk24mhz");
	w_u32(w, "phandle", PHANDLE_CLK);
	w_end(w);

	w_begin(w, uart);
	W_STRLIST(w, "compatible", "arm,pl011\0arm,primecell");
	w_reg2(reg, GUEST_UART_BASE, GUEST_UART_SIZE);
	w_cells(w, "reg", reg, 4);
	w_cells(w, "interrupts", irq, 3);
	w_cells(w, "clocks", clocks, 2);
	W_STRLIST(w, "clock-names", "uartclk\0apb_pclk");
	w_end(w);
}

void *vm_fdt_generate(const struct vm_fdt_config *cfg, size_t *size)
{
	struct fdt_writer w = { .fdt = malloc(FDT_GEN_SIZE) };
	char uart[32], path[40], mem[32];
	__u32 reg[4];

	if (!w.fdt) {
		hvxctl_err("device tree: out of memory");
		return NULL;
	}
	snprintf(uart, sizeof(uart), "pl011@%llx", GUEST_UART_BASE);
	snprintf(path, sizeof(path), "/%s", uart);
	snprintf(mem, sizeof(mem), "memory@%llx",
		 (unsigned long long)cfg->ram_base);

	w_check(&w, fdt_create(w.fdt, FDT_GEN_SIZE));
	if (!w.err)
		w_check(&w, fdt_finish_reservemap(w.fdt));
	w_begin(&w, "");
	w_u32(&w, "#address-cells", 2);
	w_u32(&w, "#size-cells", 2);
	w_str(&w, "compatible", "linux,dummy-virt");
	w_str(&w, "model", "hvx virt");
	w_u32(&w, "interrupt-parent", PHANDLE_GIC);

	w_begin(&w, "chosen");
	if (cfg->bootargs)
		w_str(&w, "bootargs", cfg->bootargs);
	w_str(&w, "stdout-path", path);
	if (cfg->initrd_end > cfg->initrd_start) {
		fdt64_t v = cpu_to_fdt64(cfg->initrd_start);

		w_prop(&w, "linux,initrd-start", &v, sizeof(v));
		v = cpu_to_fdt64(cfg->initrd_end);
		w_prop(&w, "linux,initrd-end", &v, sizeof(v));
	}
	w_end(&w);

	w_begin(&w, mem);
	w_str(&w, "device_type", "memory");
	w_reg2(reg, cfg->ram_base, cfg->ram_size);
	w_cells(&w, "reg", reg, 4);
	w_end(&w);

	gen_cpus(&w, cfg->nr_vcpus);
	gen_interrupts(&w, cfg->nr_vcpus, cfg->counter_freq);
	gen_uart(&w, uart);
	w_end(&w);
	if (!w.err)
		w_check(&w, fdt_finish(w.fdt));
	if (w.err) {
		hvxctl_err("generating the device tree: %s", fdt_strerror(w.err));
		free(w.fdt);
		return NULL;
	}
	*size = fdt_totalsize(w.fdt);
	return w.fdt;
}

static int set_chosen(void *fdt, const struct vm_fdt_config *cfg)
{
	int off = fdt_path_offset(fdt, "/chosen"), err = 0;

	if (off == -FDT_ERR_NOTFOUND)
		off = fdt_add_subnode(fdt, 0, "chosen");
	if (off < 0)
		return off;
	if (cfg->bootargs)
		err = fdt_setprop_string(fdt, off, "bootargs", cfg->bootargs);
	if (!err && cfg->initrd_end > cfg->initrd_start)
		err = fdt_setprop_u64(fdt, off, "linux,initrd-start",
				      cfg->initrd_start);
	if (!err && cfg->initrd_end > cfg->initrd_start)
		err = fdt_setprop_u64(fdt, off, "linux,initrd-end",
				      cfg->initrd_end);
	return err;
}

void *vm_fdt_load(const char *path, const struct vm_fdt_config *cfg,
		  size_t *size)
{
	const char *bootargs = cfg->bootargs;
	void *blob, *fdt = NULL;
	size_t len;
	int err, room;

	blob = hvx_read_file(path, VM_DTB_MAX, &len);
	if (!blob)
		return NULL;
	err = len >= sizeof(struct fdt_header) ? fdt_check_header(blob) :
						-FDT_ERR_TRUNCATED;
	if (!err && fdt_totalsize(blob) > len)
		err = -FDT_ERR_TRUNCATED;
	if (err) {
		hvxctl_err("%s: not a flattened device tree: %s", path,
			   fdt_strerror(err));
		goto out;
	}
	if (!bootargs && cfg->initrd_end <= cfg->initrd_start) {
		*size = fdt_totalsize(blob);
		return blob;
	}

	room = fdt_totalsize(blob) + (bootargs ? strlen(bootargs) : 0) +
	       FDT_APPEND_SLACK;
	fdt = malloc(room);
	if (!fdt) {
		hvxctl_err("%s: out of memory", path);
		goto out;
	}
	err = fdt_open_into(blob, fdt, room);
	if (!err)
		err = set_chosen(fdt, cfg);
	if (!err)
		err = fdt_pack(fdt);
	if (!err && fdt_totalsize(fdt) > VM_DTB_MAX)
		err = -FDT_ERR_NOSPACE;
	if (err) {
		hvxctl_err("%s: cannot set /chosen's bootargs or initrd: %s", path,
			   fdt_strerror(err));
		free(fdt);
		fdt = NULL;
		goto out;
	}
	*size = fdt_totalsize(fdt);
out:
	free(blob);
	return fdt;
}
