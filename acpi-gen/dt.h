/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dt.h - internal helpers of the DT parser (stage one of acpi-gen).
 */
#ifndef HVX_AG_DT_H
#define HVX_AG_DT_H

#include "model.h"

/* libfdt's own limit on #address-cells / #size-cells. */
#define AG_DT_MAX_CELLS		4
/* Interrupt specifiers and maps nest at most this deep. */
#define AG_DT_MAX_IRQ_DEPTH	8
/* "interrupt-map" child unit address + specifier, at most. */
#define AG_DT_MAX_IRQ_KEY	(AG_DT_MAX_CELLS + 8)

/* Largest values the ACPI tables' 16- and 32-bit fields hold. */
#define AG_U16_MAX		0xffffu
#define AG_U32_MAX		0xffffffffull

/* Does the region [@base, @base + @size) run past the end of 64 bits? */
static inline bool ag_wraps64(u64 base, u64 size)
{
	return size && base + (size - 1) < base;
}

/* Every node's parent and every phandle (dt-index.c). */
struct ag_dt_node {
	int offset;
	int parent;
};

struct ag_dt_ph {
	u32 phandle;
	int offset;
};

struct ag_dt_index {
	u32 nr_nodes, nr_ph;
	struct ag_dt_node *nodes;	/* by offset */
	struct ag_dt_ph *ph;		/* by phandle */
};

/* Parser state shared by the dt-*.c files. */
struct ag_dt {
	const void *fdt;
	struct ag_model *m;
	struct ag_error *err;
	const struct ag_warner *warn;
	struct ag_dt_index idx;
};

/* Build the index of a checked DTB; free it when parsing is done. */
int ag_dt_index(struct ag_dt *dt);
void ag_dt_index_free(struct ag_dt *dt);
/* fdt_parent_offset() and fdt_node_offset_by_phandle(), from the index. */
int ag_dt_parent(struct ag_dt *dt, int node);
int ag_dt_phandle(struct ag_dt *dt, u32 phandle);

/* Report an error about @node as "PATH: message"; returns -AG_EINVAL. */
int ag_dt_err(struct ag_dt *dt, int node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Warn about @node as "PATH: message" (something left out, see ag_warn). */
void ag_dt_warn(struct ag_dt *dt, int node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool ag_dt_enabled(const void *fdt, int node);
bool ag_dt_is_compat(const void *fdt, int node, const char *compat);
bool ag_dt_is_compat_any(const void *fdt, int node,
			 const char *const *list, unsigned int n);
bool ag_dt_has(const void *fdt, int node, const char *prop);
bool ag_dt_str_is(const void *fdt, int node, const char *prop,
		  const char *val);
int ag_dt_u32(const void *fdt, int node, const char *prop, u32 *out);
u64 ag_dt_read_cells(const fdt32_t *p, int n);

int ag_dt_addr_cells(struct ag_dt *dt, int node, int *out);
int ag_dt_size_cells(struct ag_dt *dt, int node, int *out);

/*
 * The @idx'th "reg" entry of @node as a CPU physical address.
 * Returns 1 when found, 0 when there is no such entry or the bus it sits
 * on is not memory mapped (no "ranges"), negative on a malformed DT.
 */
int ag_dt_reg(struct ag_dt *dt, int node, int idx, struct ag_reg *out);
/*
 * The memory-mapped "reg" entries of @node, in a new array for ag_free()
 * (NULL when none).  The list stops at the first entry that is not
 * memory mapped, so indices stay those of the DT; *@total counts all.
 */
int ag_dt_regs(struct ag_dt *dt, int node, struct ag_reg **out, u32 *n,
	       u32 *total);
/* Translate a @na-cell address seen by the children of @bus. */
int ag_dt_translate(struct ag_dt *dt, int bus, const fdt32_t *addr, int na,
		    u64 *out);

/*
 * Interrupts of @node routed to the model's GIC, following
 * interrupt-parent, interrupts-extended and interrupt-map, in a new array
 * for ag_free() (NULL when none).  Entries that end at another controller
 * get gsi = AG_GSI_NONE, so positions are kept.
 */
int ag_dt_irqs(struct ag_dt *dt, int node, struct ag_irq **out, u32 *n);
/* The first (at most @max) of them into @out; *@n: how many were copied. */
int ag_dt_irqs_first(struct ag_dt *dt, int node, struct ag_irq *out,
		     u32 max, u32 *n);
/* Route one specifier of controller @ctrl (used for PCI interrupt-map). */
int ag_dt_irq_route(struct ag_dt *dt, int ctrl, const u32 *uaddr, int nua,
		    const u32 *spec, int nspec, struct ag_irq *out);

int ag_dt_parse_gic(struct ag_dt *dt);
int ag_dt_parse_cpus(struct ag_dt *dt);
int ag_dt_parse_timer(struct ag_dt *dt);
int ag_dt_parse_misc(struct ag_dt *dt);
int ag_dt_parse_devices(struct ag_dt *dt);
int ag_dt_parse_console(struct ag_dt *dt);
int ag_dt_parse_pci(struct ag_dt *dt, int node);
int ag_dt_parse_topology(struct ag_dt *dt);

/* Grow a model array by one element; NULL when out of memory or limit. */
void *ag_dt_grow(struct ag_dt *dt, void **arr, u32 *nr, size_t elem,
		 u32 max, int node, const char *what);

#endif /* HVX_AG_DT_H */
