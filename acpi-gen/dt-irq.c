// SPDX-License-Identifier: GPL-2.0
/*
 * dt-irq.c - resolve DT interrupt specifiers to GIC GSIs.
 *
 * ACPI only knows GSIs of the one GIC, so every specifier is followed
 * through interrupt-parent / interrupts-extended and any interrupt-map
 * nexus until it reaches the GIC.  Specifiers that end elsewhere (a GPIO
 * controller, a secondary interrupt controller) cannot be expressed in a
 * _CRS Interrupt() and are reported as AG_GSI_NONE.
 */
#include "dt.h"

/* GIC binding: first cell of a specifier. */
#define GIC_SPEC_SPI		0
#define GIC_SPEC_PPI		1
#define GIC_SPEC_ESPI		2
#define GIC_SPEC_EPPI		3
/* GIC binding: trigger type in the low bits of the third cell. */
#define GIC_TYPE_MASK		0xf
#define GIC_TYPE_EDGE_RISING	1
#define GIC_TYPE_EDGE_FALLING	2
#define GIC_TYPE_LEVEL_HIGH	4
#define GIC_TYPE_LEVEL_LOW	8
/* Architectural range limits. */
#define GIC_NR_SPI		988
#define GIC_NR_PPI		16
#define GIC_NR_ESPI		1024
#define GIC_NR_EPPI		64

/*
 * Controllers that only gate wake-up and hand each specifier on to their
 * own parent unchanged (Linux's irq-imx-gpcv2.c and irq-tegra.c): the
 * interrupt behind them is the GIC's, which ACPI describes.
 */
static const char *const ag_irq_passthrough[] = {
	"fsl,imx7d-gpc", "fsl,imx8mq-gpc", "nvidia,tegra20-ictlr",
	"nvidia,tegra30-ictlr", "nvidia,tegra210-ictlr",
};

static u32 ag_gic_flags(u32 type)
{
	switch (type & GIC_TYPE_MASK) {
	case GIC_TYPE_EDGE_RISING:
		return AG_IRQ_EDGE;
	case GIC_TYPE_EDGE_FALLING:
		return AG_IRQ_EDGE | AG_IRQ_ACTIVE_LOW;
	case GIC_TYPE_LEVEL_LOW:
		return AG_IRQ_ACTIVE_LOW;
	default:
		/* LEVEL_HIGH, or unspecified (0): what the GIC powers up as. */
		return 0;
	}
}

/* Decode a GIC specifier; 1 on success, 0 if it is not a valid GIC one. */
static int ag_gic_decode(const u32 *spec, int nspec, struct ag_irq *out)
{
	u32 num;

	if (nspec < 3)
		return 0;
	num = spec[1];
	switch (spec[0]) {
	case GIC_SPEC_SPI:
		if (num >= GIC_NR_SPI)
			return 0;
		out->gsi = AG_GIC_SPI_BASE + num;
		break;
	case GIC_SPEC_PPI:
		if (num >= GIC_NR_PPI)
			return 0;
		out->gsi = AG_GIC_PPI_BASE + num;
		break;
	case GIC_SPEC_ESPI:
		if (num >= GIC_NR_ESPI)
			return 0;
		out->gsi = AG_GIC_ESPI_BASE + num;
		break;
	case GIC_SPEC_EPPI:
		if (num >= GIC_NR_EPPI)
			return 0;
		out->gsi = AG_GIC_EPPI_BASE + num;
		break;
	default:
		return 0;
	}
	out->flags = ag_gic_flags(spec[2]);
	return 1;
}

/*
 * The node's interrupt parent: its "interrupt-parent" phandle, else its
 * tree parent; repeated until a node with #interrupt-cells (a controller
 * or an interrupt-map nexus) is reached (DT spec, 2.4.1).
 */
static int ag_irq_parent(struct ag_dt *dt, int node)
{
	u32 ph;
	int depth;

	for (depth = 0; node >= 0 && depth < 64; depth++) {
		if (!ag_dt_u32(dt->fdt, node, "interrupt-parent", &ph))
			node = ag_dt_phandle(dt, ph);
		else if (node != 0)
			node = ag_dt_parent(dt, node);
		else
			return -1;	/* the root has no interrupt parent */
		if (node >= 0 && ag_dt_has(dt->fdt, node, "#interrupt-cells"))
			return node;
	}
	return -1;
}

static int ag_irq_cells(struct ag_dt *dt, int ctrl, u32 *out)
{
	if (ag_dt_u32(dt->fdt, ctrl, "#interrupt-cells", out) ||
	    *out == 0 || *out > 8)
		return -1;
	return 0;
}

/*
 * Width of the child unit address in an interrupt-map: the nexus's own
 * #address-cells, else the nearest ancestor's (as Linux does for old
 * trees), else 2.
 */
static u32 ag_map_addr_cells(struct ag_dt *dt, int node)
{
	u32 v;
	int depth;

	for (depth = 0; node >= 0 && depth < 64; depth++) {
		if (!ag_dt_u32(dt->fdt, node, "#address-cells", &v))
			return v;
		if (node == 0)
			break;
		node = ag_dt_parent(dt, node);
	}
	return 2;
}

struct ag_irq_map {
	const fdt32_t *cells;
	int n;			/* cells left */
	u32 key[AG_DT_MAX_IRQ_KEY];
	u32 mask[AG_DT_MAX_IRQ_KEY];
	u32 nkey;
};

static int ag_irq_route_depth(struct ag_dt *dt, int ctrl, const u32 *uaddr,
			      int nua, const u32 *spec, int nspec,
			      struct ag_irq *out, int depth);

/* Outcome of one interrupt-map entry. */
#define AG_MAP_NO_MATCH		0
#define AG_MAP_ROUTED		1	/* matched, ends at the GIC */
#define AG_MAP_ELSEWHERE	2	/* matched, ends at another controller */

/* Walk one interrupt-map entry and follow it if it matches. */
static int ag_irq_map_entry(struct ag_dt *dt, int nexus, struct ag_irq_map *im,
			    struct ag_irq *out, int depth)
{
	const fdt32_t *c = im->cells;
	u32 pua[AG_DT_MAX_CELLS], pspec[8], pna = 0, pni, i;
	bool match = true;
	int parent, ret;

	if (im->n < (int)im->nkey + 1)
		return ag_dt_err(dt, nexus, "malformed 'interrupt-map'");
	for (i = 0; i < im->nkey; i++)
		if ((fdt32_to_cpu(c[i]) & im->mask[i]) != im->key[i])
			match = false;
	parent = ag_dt_phandle(dt, fdt32_to_cpu(c[im->nkey]));
	if (parent < 0 || ag_irq_cells(dt, parent, &pni))
		return ag_dt_err(dt, nexus, "'interrupt-map' entry with a bad parent");
	/* The parent unit address is absent when it has no #address-cells. */
	if (ag_dt_u32(dt->fdt, parent, "#address-cells", &pna))
		pna = 0;
	if (pna > AG_DT_MAX_CELLS ||
	    im->n < (int)(im->nkey + 1 + pna + pni))
		return ag_dt_err(dt, nexus, "malformed 'interrupt-map'");
	c += im->nkey + 1;
	for (i = 0; i < pna; i++)
		pua[i] = fdt32_to_cpu(c[i]);
	for (i = 0; i < pni; i++)
		pspec[i] = fdt32_to_cpu(c[pna + i]);
	im->cells = c + pna + pni;
	im->n -= im->nkey + 1 + pna + pni;
	if (!match)
		return AG_MAP_NO_MATCH;
	ret = ag_irq_route_depth(dt, parent, pua, pna, pspec, pni, out,
				 depth + 1);
	if (ret < 0)
		return ret;
	return ret ? AG_MAP_ROUTED : AG_MAP_ELSEWHERE;
}

/* Translate through the interrupt-map of @nexus. */
static int ag_irq_map(struct ag_dt *dt, int nexus, const u32 *uaddr, int nua,
		      const u32 *spec, int nspec, struct ag_irq *out, int depth)
{
	const fdt32_t *mask;
	struct ag_irq_map im;
	u32 na, ni, i;
	int len, ret;

	im.cells = fdt_getprop(dt->fdt, nexus, "interrupt-map", &len);
	na = ag_map_addr_cells(dt, nexus);
	if (ag_irq_cells(dt, nexus, &ni) || ni != (u32)nspec ||
	    na > AG_DT_MAX_CELLS || len % 4)
		return ag_dt_err(dt, nexus, "malformed 'interrupt-map'");
	im.n = len / 4;
	im.nkey = na + ni;
	mask = fdt_getprop(dt->fdt, nexus, "interrupt-map-mask", &len);
	if (mask && len != (int)(im.nkey * 4))
		return ag_dt_err(dt, nexus, "malformed 'interrupt-map-mask'");
	for (i = 0; i < im.nkey; i++) {
		u32 v = i < na ? ((int)i < nua ? uaddr[i] : 0) : spec[i - na];

		im.mask[i] = mask ? fdt32_to_cpu(mask[i]) : ~0u;
		im.key[i] = v & im.mask[i];
	}
	while (im.n > 0) {
		ret = ag_irq_map_entry(dt, nexus, &im, out, depth);
		if (ret < 0)
			return ret;
		if (ret != AG_MAP_NO_MATCH)
			return ret == AG_MAP_ROUTED;
	}
	return 0;
}

static int ag_irq_route_depth(struct ag_dt *dt, int ctrl, const u32 *uaddr,
			      int nua, const u32 *spec, int nspec,
			      struct ag_irq *out, int depth)
{
	if (depth > AG_DT_MAX_IRQ_DEPTH)
		return ag_dt_err(dt, ctrl, "interrupt routing nests too deep");
	if (ctrl == dt->m->gic.node)
		return ag_gic_decode(spec, nspec, out);
	if (ag_dt_has(dt->fdt, ctrl, "interrupt-map"))
		return ag_irq_map(dt, ctrl, uaddr, nua, spec, nspec, out,
				  depth);
	if (ag_dt_is_compat_any(dt->fdt, ctrl, ag_irq_passthrough,
				AG_ARRAY_SIZE(ag_irq_passthrough))) {
		ctrl = ag_irq_parent(dt, ctrl);
		return ctrl < 0 ? 0 : ag_irq_route_depth(dt, ctrl, NULL, 0, spec,
							 nspec, out, depth + 1);
	}
	return 0;
}

int ag_dt_irq_route(struct ag_dt *dt, int ctrl, const u32 *uaddr, int nua,
		    const u32 *spec, int nspec, struct ag_irq *out)
{
	return ag_irq_route_depth(dt, ctrl, uaddr, nua, spec, nspec, out, 0);
}

/* The unit address a nexus sees for @node: its first "reg" cells. */
static int ag_irq_unit_addr(struct ag_dt *dt, int node, u32 *ua)
{
	const fdt32_t *reg;
	int parent, na, len, i;

	parent = ag_dt_parent(dt, node);
	reg = fdt_getprop(dt->fdt, node, "reg", &len);
	if (parent < 0 || !reg || ag_dt_addr_cells(dt, parent, &na))
		return 0;
	if (na > AG_DT_MAX_CELLS || len < na * 4)
		return 0;
	for (i = 0; i < na; i++)
		ua[i] = fdt32_to_cpu(reg[i]);
	return na;
}

/*
 * Resolve one specifier from the DT and append it to @out, which the
 * caller sized for every specifier the property can hold.
 */
static int ag_irq_add(struct ag_dt *dt, int node, int ctrl, const fdt32_t *c,
		      u32 ncells, struct ag_irq *out, u32 *n)
{
	u32 spec[8], ua[AG_DT_MAX_CELLS], i;
	int nua, ret;

	for (i = 0; i < ncells; i++)
		spec[i] = fdt32_to_cpu(c[i]);
	nua = ag_irq_unit_addr(dt, node, ua);
	ret = ag_dt_irq_route(dt, ctrl, ua, nua, spec, ncells, &out[*n]);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		out[*n].gsi = AG_GSI_NONE;
		out[*n].flags = 0;
	}
	(*n)++;
	return 0;
}

/* Every entry has a phandle and at least one cell: @len / 8 at most. */
static int ag_irqs_extended(struct ag_dt *dt, int node, const fdt32_t *c,
			    int len, struct ag_irq *out, u32 *n)
{
	int left = len / 4, ctrl;
	u32 cells;

	while (left > 0) {
		ctrl = ag_dt_phandle(dt, fdt32_to_cpu(*c));
		if (ctrl < 0 || ag_irq_cells(dt, ctrl, &cells) ||
		    left < (int)cells + 1)
			return ag_dt_err(dt, node,
					 "malformed 'interrupts-extended'");
		if (ag_irq_add(dt, node, ctrl, c + 1, cells, out, n))
			return -AG_EINVAL;
		c += cells + 1;
		left -= cells + 1;
	}
	return 0;
}

static struct ag_irq *ag_irqs_alloc(struct ag_dt *dt, u32 nr)
{
	struct ag_irq *p = ag_realloc(NULL, 0, (size_t)nr * sizeof(*p));

	if (!p)
		ag_fail(dt->err, AG_ENOMEM, "out of memory");
	return p;
}

static int ag_dt_irqs_fill(struct ag_dt *dt, int node, struct ag_irq **out,
			   u32 *n)
{
	const fdt32_t *c;
	u32 cells;
	int len, ctrl, i;

	c = fdt_getprop(dt->fdt, node, "interrupts-extended", &len);
	if (c) {
		if (len < 8)
			return len ? ag_dt_err(dt, node,
					       "malformed 'interrupts-extended'") : 0;
		*out = ag_irqs_alloc(dt, len / 8);
		if (!*out)
			return -AG_ENOMEM;
		return ag_irqs_extended(dt, node, c, len, *out, n);
	}
	c = fdt_getprop(dt->fdt, node, "interrupts", &len);
	if (!c || !len)
		return 0;
	ctrl = ag_irq_parent(dt, node);
	if (ctrl < 0 || ag_irq_cells(dt, ctrl, &cells))
		return 0;	/* no usable parent: nothing ACPI can route */
	if (len % (cells * 4))
		return ag_dt_err(dt, node, "malformed 'interrupts'");
	*out = ag_irqs_alloc(dt, len / (cells * 4));
	if (!*out)
		return -AG_ENOMEM;
	for (i = 0; i < len / (int)(cells * 4); i++)
		if (ag_irq_add(dt, node, ctrl, c + i * cells, cells, *out, n))
			return -AG_EINVAL;
	return 0;
}

int ag_dt_irqs(struct ag_dt *dt, int node, struct ag_irq **out, u32 *n)
{
	int ret;

	*out = NULL;
	*n = 0;
	ret = ag_dt_irqs_fill(dt, node, out, n);
	if (ret || !*n) {
		ag_free(*out);
		*out = NULL;
		*n = 0;
	}
	return ret;
}

int ag_dt_irqs_first(struct ag_dt *dt, int node, struct ag_irq *out,
		     u32 max, u32 *n)
{
	struct ag_irq *all;
	u32 nr;
	int ret;

	ret = ag_dt_irqs(dt, node, &all, &nr);
	if (ret)
		return ret;
	*n = nr < max ? nr : max;
	if (*n)
		memcpy(out, all, *n * sizeof(*out));
	ag_free(all);
	return 0;
}
