// SPDX-License-Identifier: GPL-2.0
/*
 * dt-util.c - small DT readers: properties, cells, "reg" translation.
 */
#include "dt.h"

#define AG_PATH_LEN	160

static void ag_dt_path(struct ag_dt *dt, int node, char *path, size_t size)
{
	if (node < 0 || fdt_get_path(dt->fdt, node, path, size) < 0)
		snprintf(path, size, "<node at offset %d>", node);
}

int ag_dt_err(struct ag_dt *dt, int node, const char *fmt, ...)
{
	char path[AG_PATH_LEN];
	char msg[AG_ERR_LEN];
	va_list ap;

	ag_dt_path(dt, node, path, sizeof(path));
	va_start(ap, fmt);
	ag_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ag_fail(dt->err, AG_EINVAL, "%s: %s", path, msg);
}

void ag_dt_warn(struct ag_dt *dt, int node, const char *fmt, ...)
{
	char path[AG_PATH_LEN];
	char msg[AG_ERR_LEN];
	va_list ap;

	if (!dt->warn || !dt->warn->fn)
		return;
	ag_dt_path(dt, node, path, sizeof(path));
	va_start(ap, fmt);
	ag_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ag_warn(dt->warn, "%s: %s", path, msg);
}

bool ag_dt_enabled(const void *fdt, int node)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, "status", &len);
	if (!s)
		return true;
	/* "ok" is the deprecated spelling of "okay"; both mean enabled. */
	return (len == 5 && !memcmp(s, "okay", 5)) ||
	       (len == 3 && !memcmp(s, "ok", 3));
}

bool ag_dt_is_compat(const void *fdt, int node, const char *compat)
{
	return fdt_node_check_compatible(fdt, node, compat) == 0;
}

bool ag_dt_is_compat_any(const void *fdt, int node,
			 const char *const *list, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ag_dt_is_compat(fdt, node, list[i]))
			return true;
	return false;
}

bool ag_dt_has(const void *fdt, int node, const char *prop)
{
	int len;

	return fdt_getprop(fdt, node, prop, &len);
}

bool ag_dt_str_is(const void *fdt, int node, const char *prop,
		  const char *val)
{
	const char *s;
	int len;

	s = fdt_getprop(fdt, node, prop, &len);
	return s && len == (int)strlen(val) + 1 && !memcmp(s, val, len);
}

int ag_dt_u32(const void *fdt, int node, const char *prop, u32 *out)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(fdt, node, prop, &len);
	if (!p || len != 4)
		return -1;
	*out = fdt32_to_cpu(*p);
	return 0;
}

/* Cells beyond the low two cannot be represented and are ignored. */
u64 ag_dt_read_cells(const fdt32_t *p, int n)
{
	u64 v = 0;
	int i;

	for (i = n > 2 ? n - 2 : 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/*
 * #address-cells / #size-cells of @node, with the DT spec's defaults
 * (2 and 1) when absent.  Read directly rather than via libfdt's
 * fdt_address_cells() so the module needs fewer libfdt files.
 */
static int ag_dt_ncells(struct ag_dt *dt, int node, const char *name,
			u32 def, u32 max, int *out)
{
	const fdt32_t *p;
	int len;

	*out = def;
	p = fdt_getprop(dt->fdt, node, name, &len);
	if (!p)
		return 0;
	if (len != 4 || fdt32_to_cpu(*p) > max)
		return ag_dt_err(dt, node, "invalid %s", name);
	*out = fdt32_to_cpu(*p);
	return 0;
}

int ag_dt_addr_cells(struct ag_dt *dt, int node, int *out)
{
	return ag_dt_ncells(dt, node, "#address-cells", 2, AG_DT_MAX_CELLS,
			    out);
}

/* Sizes wider than 64 bits cannot be represented. */
int ag_dt_size_cells(struct ag_dt *dt, int node, int *out)
{
	return ag_dt_ncells(dt, node, "#size-cells", 1, 2, out);
}

/*
 * An address of up to AG_DT_MAX_CELLS cells: the low two as a number, any
 * higher ones (an address space, e.g. a chip select) as an opaque key.
 */
struct ag_addr {
	int nhi;
	u32 hi[AG_DT_MAX_CELLS - 2];
	u64 lo;
};

static void ag_addr_read(struct ag_addr *a, const fdt32_t *p, int n)
{
	int i;

	a->nhi = n > 2 ? n - 2 : 0;
	for (i = 0; i < a->nhi; i++)
		a->hi[i] = fdt32_to_cpu(p[i]);
	a->lo = ag_dt_read_cells(p + a->nhi, n - a->nhi);
}

static bool ag_addr_hi_zero(const struct ag_addr *a)
{
	int i;

	for (i = 0; i < a->nhi; i++)
		if (a->hi[i])
			return false;
	return true;
}

/* Does @a fall into the child side @c (of @size bytes) of a range? */
static bool ag_addr_in(const struct ag_addr *a, const struct ag_addr *c,
		       u64 size)
{
	int i;

	if (a->nhi != c->nhi)
		return false;
	for (i = 0; i < a->nhi; i++)
		if (a->hi[i] != c->hi[i])
			return false;
	return a->lo >= c->lo && a->lo - c->lo < size;
}

/* Apply @bus's "ranges" to @a; 1 if translated, 0 if not mapped. */
static int ag_dt_apply_ranges(struct ag_dt *dt, int bus, struct ag_addr *a,
			      int cna, int pna)
{
	const fdt32_t *r;
	struct ag_addr c, p;
	int len, ncs, i, entry, n;
	u64 size, off;

	r = fdt_getprop(dt->fdt, bus, "ranges", &len);
	if (!r)
		return 0;
	if (len == 0) {
		/* Empty "ranges": identity, only the width may change. */
		if (pna < cna && !ag_addr_hi_zero(a))
			return 0;
		a->nhi = pna > 2 ? pna - 2 : 0;
		memset(a->hi, 0, sizeof(a->hi));
		return 1;
	}
	if (ag_dt_size_cells(dt, bus, &ncs))
		return -AG_EINVAL;
	entry = cna + pna + ncs;
	/* Entries of no cells at all cannot fill a non-empty property. */
	if (entry == 0 || len % (entry * 4))
		return ag_dt_err(dt, bus, "malformed 'ranges' (%d bytes for %d+%d+%d cells)",
				 len, cna, pna, ncs);
	n = len / (entry * 4);
	for (i = 0; i < n; i++, r += entry) {
		ag_addr_read(&c, r, cna);
		ag_addr_read(&p, r + cna, pna);
		size = ag_dt_read_cells(r + cna + pna, ncs);
		if (!ag_addr_in(a, &c, size))
			continue;
		off = a->lo - c.lo;
		if (p.lo + off < p.lo)
			return ag_dt_err(dt, bus, "'ranges' entry %d wraps past 2^64",
					 i);
		p.lo += off;
		*a = p;
		return 1;
	}
	return 0;
}

int ag_dt_translate(struct ag_dt *dt, int bus, const fdt32_t *addr, int na,
		    u64 *out)
{
	struct ag_addr a;
	int parent, pna, depth, ret;

	ag_addr_read(&a, addr, na);
	for (depth = 0; bus > 0; depth++) {
		parent = ag_dt_parent(dt, bus);
		if (parent < 0 || depth > 64)
			return ag_dt_err(dt, bus, "cannot find parent node");
		if (ag_dt_addr_cells(dt, parent, &pna))
			return -AG_EINVAL;
		ret = ag_dt_apply_ranges(dt, bus, &a, na, pna);
		if (ret <= 0)
			return ret;
		bus = parent;
		na = pna;
	}
	if (!ag_addr_hi_zero(&a))
		return 0;
	*out = a.lo;
	return 1;
}

int ag_dt_reg(struct ag_dt *dt, int node, int idx, struct ag_reg *out)
{
	const fdt32_t *p;
	int parent, na, ns, len, ret;

	parent = ag_dt_parent(dt, node);
	if (parent < 0)
		return 0;
	if (ag_dt_addr_cells(dt, parent, &na) ||
	    ag_dt_size_cells(dt, parent, &ns))
		return -AG_EINVAL;
	p = fdt_getprop(dt->fdt, node, "reg", &len);
	if (!p || na == 0)
		return 0;
	if (len % ((na + ns) * 4))
		return ag_dt_err(dt, node, "malformed 'reg' (%d bytes for %d+%d cells)",
				 len, na, ns);
	if (idx >= len / ((na + ns) * 4))
		return 0;
	p += idx * (na + ns);
	out->size = ag_dt_read_cells(p + na, ns);
	ret = ag_dt_translate(dt, parent, p, na, &out->base);
	if (ret <= 0)
		return ret;
	if (ag_wraps64(out->base, out->size))
		return ag_dt_err(dt, node, "'reg' entry %d wraps past 2^64", idx);
	return 1;
}

/* Number of "reg" entries of @node (0 when it has none or no cells). */
static u32 ag_dt_nr_regs(struct ag_dt *dt, int node)
{
	int parent, na, ns, len;

	parent = ag_dt_parent(dt, node);
	if (parent < 0 || !fdt_getprop(dt->fdt, node, "reg", &len) ||
	    ag_dt_addr_cells(dt, parent, &na) ||
	    ag_dt_size_cells(dt, parent, &ns) || na == 0)
		return 0;
	return len / ((na + ns) * 4);
}

int ag_dt_regs(struct ag_dt *dt, int node, struct ag_reg **out, u32 *n,
	       u32 *total)
{
	struct ag_reg *r, first;
	u32 i;
	int ret;

	*out = NULL;
	*n = 0;
	*total = 0;
	/* The first entry validates the cells and the property's length. */
	ret = ag_dt_reg(dt, node, 0, &first);
	if (ret < 0)
		return ret;
	*total = ag_dt_nr_regs(dt, node);
	if (!ret || !*total)
		return 0;
	r = ag_realloc(NULL, 0, (size_t)*total * sizeof(*r));
	if (!r)
		return ag_fail(dt->err, AG_ENOMEM, "out of memory");
	for (i = 0; i < *total; i++) {
		ret = ag_dt_reg(dt, node, i, &r[i]);
		if (ret <= 0)
			break;
	}
	if (ret < 0 || i == 0) {
		ag_free(r);
		return ret < 0 ? ret : 0;
	}
	*out = r;
	*n = i;
	return 0;
}

void *ag_dt_grow(struct ag_dt *dt, void **arr, u32 *nr, size_t elem,
		 u32 max, int node, const char *what)
{
	u8 *p;

	if (*nr >= max) {
		ag_dt_err(dt, node, "more than %u %s", max, what);
		return NULL;
	}
	/*
	 * Capacity is 4, 8, 16, ...: full exactly when @nr is 0 or a power of
	 * two >= 4, so no separate capacity field is needed.
	 */
	if (*nr == 0 || (*nr >= 4 && (*nr & (*nr - 1)) == 0)) {
		u32 cap = *nr ? *nr * 2 : 4;

		p = ag_realloc(*arr, *nr * elem, cap * elem);
		if (!p) {
			ag_fail(dt->err, AG_ENOMEM, "out of memory");
			return NULL;
		}
		*arr = p;
	}
	p = (u8 *)*arr + *nr * elem;
	memset(p, 0, elem);
	(*nr)++;
	return p;
}
