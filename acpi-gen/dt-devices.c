// SPDX-License-Identifier: GPL-2.0
/*
 * dt-devices.c - collect the DT nodes that become DSDT devices, and the
 * console named by /chosen/stdout-path.
 *
 * The walk descends from the root through plain buses only (simple-bus
 * and friends, or compatible-less containers with "ranges"), like the
 * kernel's of_platform_populate(): a device's own children belong to its
 * driver, and children of a PCI host are discovered by enumeration.
 */
#include "dt.h"

#define AG_MAX_DEPTH		32
#define AG_MAX_DEVS		4096	/* DSDT "Dxxx" names run to 36^3 */

/* Buses whose children are independent memory-mapped devices. */
static const char *const ag_bus_compat[] = {
	"simple-bus", "simple-mfd", "arm,amba-bus", "simple-pm-bus",
};

/*
 * Nodes that ACPI describes in static tables (MADT, GTDT, IORT), or that
 * it cannot describe usefully as a device (SMMUs belong in IORT).
 */
static const char *const ag_static_compat[] = {
	"arm,gic-v3", "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
	"arm,cortex-a7-gic", "arm,pl390", "arm,gic-v3-its",
	"arm,gic-v2m-frame", "arm,armv8-timer", "arm,armv7-timer",
	"arm,armv7-timer-mem", "arm,psci", "arm,psci-0.2", "arm,psci-1.0",
	"arm,armv8-pmuv3", "arm,sbsa-gwdt", "arm,smmu-v3", "arm,smmu-v1",
	"arm,smmu-v2", "arm,mmu-400", "arm,mmu-401", "arm,mmu-500",
};

/*
 * UARTs an SPCR can describe: the families Linux's SPCR code knows
 * (drivers/acpi/spcr.c: PL011, SBSA, 16550 incl. NVIDIA's).  @shift and
 * @width are the register stride (log2) and access width in bytes that
 * the driver assumes when the node has no "reg-shift" / "reg-io-width".
 */
struct ag_uart_compat {
	const char *compat;
	enum ag_uart_type type;
	u8 shift;
	u8 width;
};

static const struct ag_uart_compat ag_uarts[] = {
	{ "arm,pl011",			AG_UART_PL011,		2, 4 },
	{ "arm,sbsa-uart",		AG_UART_SBSA,		2, 4 },
	{ "nvidia,tegra20-uart",	AG_UART_16550_NVIDIA,	0, 1 },
	/* 16550s whose drivers use 32-bit registers at a 4-byte stride. */
	{ "brcm,bcm2835-aux-uart",	AG_UART_16550,		2, 4 },
	{ "mediatek,mt6577-uart",	AG_UART_16550,		2, 4 },
	{ "ti,am654-uart",		AG_UART_16550,		2, 4 },
	{ "ti,omap4-uart",		AG_UART_16550,		2, 4 },
	{ "ti,omap3-uart",		AG_UART_16550,		2, 4 },
	{ "ti,omap2-uart",		AG_UART_16550,		2, 4 },
	{ "snps,dw-apb-uart",		AG_UART_16550,		0, 1 },
	{ "ns16550a",			AG_UART_16550,		0, 1 },
	{ "ns16550",			AG_UART_16550,		0, 1 },
	{ "ns16450",			AG_UART_16550,		0, 1 },
	{ "ns16750",			AG_UART_16550,		0, 1 },
	{ "ns16850",			AG_UART_16550,		0, 1 },
	{ "ns8250",			AG_UART_16550,		0, 1 },
};

struct ag_kind_compat {
	const char *compat;
	enum ag_dev_kind kind;
};

static const struct ag_kind_compat ag_kinds[] = {
	{ "virtio,mmio",	AG_DEV_VIRTIO },
	{ "arm,pl061",		AG_DEV_GPIO },
	{ "arm,pl031",		AG_DEV_RTC },
};

static const struct ag_uart_compat *ag_uart_of(const void *fdt, int node)
{
	unsigned int i;

	for (i = 0; i < AG_ARRAY_SIZE(ag_uarts); i++)
		if (ag_dt_is_compat(fdt, node, ag_uarts[i].compat))
			return &ag_uarts[i];
	return NULL;
}

static enum ag_dev_kind ag_kind_of(const void *fdt, int node)
{
	unsigned int i;

	if (ag_uart_of(fdt, node))
		return AG_DEV_SERIAL;
	for (i = 0; i < AG_ARRAY_SIZE(ag_kinds); i++)
		if (ag_dt_is_compat(fdt, node, ag_kinds[i].compat))
			return ag_kinds[i].kind;
	return AG_DEV_GENERIC;
}

static bool ag_is_pci(const void *fdt, int node)
{
	return ag_dt_str_is(fdt, node, "device_type", "pci");
}

static bool ag_is_bus(const void *fdt, int node)
{
	if (ag_is_pci(fdt, node))
		return false;
	if (ag_dt_is_compat_any(fdt, node, ag_bus_compat,
				AG_ARRAY_SIZE(ag_bus_compat)))
		return true;
	return !ag_dt_has(fdt, node, "compatible") &&
	       ag_dt_has(fdt, node, "ranges");
}

/* Per-core PMU nodes are named "arm,cortex-a53-pmu" and so on. */
static bool ag_is_static(const void *fdt, int node)
{
	const char *s;
	int len, l, off;

	if (ag_dt_is_compat_any(fdt, node, ag_static_compat,
				AG_ARRAY_SIZE(ag_static_compat)))
		return true;
	s = fdt_getprop(fdt, node, "compatible", &len);
	for (off = 0; s && off < len; off += l + 1) {
		l = strnlen(s + off, len - off);
		if (l >= 4 && !memcmp(s + off + l - 4, "-pmu", 4))
			return true;
	}
	return false;
}

/* A compatible list must be NUL-terminated printable ASCII for AML. */
static bool ag_compat_ok(const char *s, int len)
{
	int i;

	if (len <= 1 || s[len - 1] != '\0' || s[0] == '\0')
		return false;
	for (i = 0; i < len - 1; i++) {
		if (s[i] == '\0' && s[i + 1] != '\0')
			continue;
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	}
	return true;
}

/*
 * "reg" entries and interrupts of @d.  What a _CRS cannot hold (a region
 * on a bus that is not memory mapped, an interrupt that ends at another
 * controller than the GIC: a GPIO, a PMIC, a secondary controller) is
 * left out, and one warning says how much.
 */
static int ag_dev_resources(struct ag_dt *dt, struct ag_dev *d)
{
	u32 n, i, nregs, lost_irqs;
	char what[AG_ERR_LEN / 2];
	int ret, len = 0;

	ret = ag_dt_regs(dt, d->node, &d->regs, &d->nr_regs, &nregs);
	if (ret)
		return ret;
	ret = ag_dt_irqs(dt, d->node, &d->irqs, &n);
	if (ret)
		return ret;
	/* Only interrupts that reach the GIC can go into a _CRS. */
	for (i = 0; i < n; i++)
		if (d->irqs[i].gsi != AG_GSI_NONE)
			d->irqs[d->nr_irqs++] = d->irqs[i];
	/* Without a GIC no interrupt is described, as ag_no_gic() said. */
	lost_irqs = dt->m->gic.version ? n - d->nr_irqs : 0;
	what[0] = '\0';
	if (d->nr_regs < nregs)
		len = snprintf(what, sizeof(what),
			       "%u of %u 'reg' entries not memory mapped",
			       nregs - d->nr_regs, nregs);
	if (lost_irqs)
		snprintf(what + len, sizeof(what) - len,
			 "%s%u of %u interrupts not at the GIC",
			 len ? ", " : "", lost_irqs, n);
	if (what[0])
		ag_dt_warn(dt, d->node, "%s: %s", what,
			   d->nr_regs || d->nr_irqs ? "left out of _CRS" :
						      "device left out");
	return 0;
}

static int ag_dev_add(struct ag_dt *dt, int node)
{
	struct ag_model *m = dt->m;
	struct ag_dev *d;
	int ret;

	d = ag_dt_grow(dt, (void **)&m->devs, &m->nr_devs, sizeof(*d),
		       AG_MAX_DEVS, node, "devices");
	if (!d)
		return -AG_EINVAL;
	d->node = node;
	d->name = fdt_get_name(dt->fdt, node, NULL);
	d->compat = fdt_getprop(dt->fdt, node, "compatible", &d->compat_len);
	if (!ag_compat_ok(d->compat, d->compat_len))
		return ag_dt_err(dt, node,
				 "'compatible' is not a list of printable strings");
	d->kind = ag_kind_of(dt->fdt, node);
	d->coherent = ag_dt_has(dt->fdt, node, "dma-coherent");
	ret = ag_dev_resources(dt, d);
	/* Nothing to describe (clocks, regulators...): leave it out. */
	if (ret || (!d->nr_regs && !d->nr_irqs)) {
		ag_free(d->regs);
		ag_free(d->irqs);
		m->nr_devs--;
	}
	return ret;
}

static int ag_visit(struct ag_dt *dt, int node)
{
	const void *fdt = dt->fdt;

	if (!ag_dt_enabled(fdt, node) || !ag_dt_has(fdt, node, "compatible"))
		return 0;
	if (ag_is_static(fdt, node))
		return 0;
	if (ag_is_pci(fdt, node) &&
	    ag_dt_is_compat(fdt, node, "pci-host-ecam-generic"))
		return ag_dt_parse_pci(dt, node);
	return ag_dev_add(dt, node);
}

/* Depth-first over buses; devices are not descended into. */
static int ag_walk(struct ag_dt *dt, int bus, int depth)
{
	int node, ret;

	if (depth > AG_MAX_DEPTH)
		return ag_dt_err(dt, bus, "nesting too deep");
	fdt_for_each_subnode(node, dt->fdt, bus) {
		if (ag_is_bus(dt->fdt, node)) {
			if (!ag_dt_enabled(dt->fdt, node))
				continue;
			ret = ag_walk(dt, node, depth + 1);
		} else {
			ret = ag_visit(dt, node);
		}
		if (ret)
			return ret;
	}
	/* A bad node offset ends the loop early with an error code. */
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return ag_dt_err(dt, bus, "corrupt structure block (%s)",
				 fdt_strerror(node));
	return 0;
}

int ag_dt_parse_devices(struct ag_dt *dt)
{
	return ag_walk(dt, 0, 0);
}

/* "115200n8r": baud, parity, data bits, 'r' for RTS/CTS flow control. */
static void ag_console_options(struct ag_console *c, const char *s, int len)
{
	int i = 0;

	c->baud = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9' && c->baud < 100000000)
		c->baud = c->baud * 10 + (s[i++] - '0');
	if (i < len && (s[i] == 'n' || s[i] == 'o' || s[i] == 'e'))
		c->parity = s[i++];
	if (i < len && s[i] >= '5' && s[i] <= '8')
		c->data_bits = s[i++] - '0';
	if (i < len && s[i] == 'r')
		c->flow = true;
}

/*
 * The node /chosen/stdout-path names: -1 when there is none, -2 (after a
 * warning) when the path or alias leads nowhere.
 */
static int ag_console_node(struct ag_dt *dt, const char **opts, int *olen)
{
	const char *path;
	int chosen, len, plen, node;

	chosen = fdt_path_offset(dt->fdt, "/chosen");
	if (chosen < 0)
		return -1;
	path = fdt_getprop(dt->fdt, chosen, "stdout-path", &len);
	if (!path)
		path = fdt_getprop(dt->fdt, chosen, "linux,stdout-path", &len);
	if (!path || len < 2 || path[len - 1] != '\0')
		return -1;
	for (plen = 0; plen < len - 1 && path[plen] != ':'; plen++)
		;
	*opts = path + plen + (plen < len - 1);
	*olen = len - 1 - plen - (plen < len - 1);
	/* Resolves an alias ("serial0") as well as a full path. */
	node = fdt_path_offset_namelen(dt->fdt, path, plen);
	if (node < 0) {
		ag_dt_warn(dt, chosen, "stdout-path '%.*s' names no node: no SPCR/DBG2",
			   plen, path);
		return -2;
	}
	return node;
}

/* 16550 family: Linux takes the register stride from the access width. */
static bool ag_console_16550(struct ag_dt *dt, int node,
			     const struct ag_uart_compat *u,
			     struct ag_console *c)
{
	u32 shift = u->shift, width = u->width, v;

	if (!ag_dt_u32(dt->fdt, node, "reg-shift", &v))
		shift = v;
	if (!ag_dt_u32(dt->fdt, node, "reg-io-width", &v))
		width = v;
	if (shift > 2 || width > 1u << shift) {
		ag_dt_warn(dt, node,
			   "console UART with a %u-byte register stride and %u-byte accesses: SPCR cannot say so, no SPCR/DBG2",
			   shift < 32 ? 1u << shift : 0, width);
		return false;
	}
	/* Narrower accesses than the stride: the whole register is read. */
	if (width != 1u << shift)
		ag_dt_warn(dt, node,
			   "console UART with %u-byte accesses at a %u-byte stride: SPCR says %u-byte accesses",
			   width, 1u << shift, 1u << shift);
	c->reg_width = 1u << shift;
	/*
	 * Given a baud rate, Linux's 8250 earlycon reprograms the divisor
	 * for a 1.8432 MHz clock (BASE_BAUD * 16): on any other clock the
	 * console garbles.  Then firmware's setting is the one to keep.
	 */
	if (ag_dt_u32(dt->fdt, node, "clock-frequency", &v) ||
	    v != UART_8250_BASE_CLOCK)
		c->keep_baud = true;
	return true;
}

int ag_dt_parse_console(struct ag_dt *dt)
{
	struct ag_model *m = dt->m;
	struct ag_console *c = &m->console;
	const struct ag_uart_compat *u;
	const struct ag_dev *d;
	const char *opts;
	int node, olen;
	u32 i, v;

	node = ag_console_node(dt, &opts, &olen);
	if (node < 0 || !ag_dt_enabled(dt->fdt, node))
		return 0;
	u = ag_uart_of(dt->fdt, node);
	if (!u) {
		ag_dt_warn(dt, node,
			   "console UART is not one SPCR describes (PL011, SBSA, 16550 family): no SPCR/DBG2");
		return 0;
	}
	for (i = 0; i < m->nr_devs; i++)
		if (m->devs[i].node == node)
			break;
	d = i < m->nr_devs ? &m->devs[i] : NULL;
	/* DBG2 holds the register region's size in 32 bits. */
	if (!d || !d->nr_regs || d->regs[0].size > AG_U32_MAX) {
		ag_dt_warn(dt, node,
			   "console UART has no memory-mapped registers in the DSDT: no SPCR/DBG2");
		return 0;
	}
	c->type = u->type;
	c->reg_width = u->width;
	if ((c->type == AG_UART_16550 || c->type == AG_UART_16550_NVIDIA) &&
	    !ag_console_16550(dt, node, u, c))
		return 0;
	c->present = true;
	c->dev = i;
	c->base = d->regs[0].base;
	c->has_irq = d->nr_irqs > 0;
	if (c->has_irq)
		c->irq = d->irqs[0];
	c->parity = 'n';
	c->data_bits = 8;
	c->stop_bits = 1;
	ag_console_options(c, opts, olen);
	if (!c->baud && !ag_dt_u32(dt->fdt, node, "current-speed", &v))
		c->baud = v;
	return 0;
}
