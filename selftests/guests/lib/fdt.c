// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal flattened device tree reader (devicetree specification, ch. 5):
 * one walk over the structure block collecting RAM, CPUs and bootargs.
 * Not a validator: it trusts the blob's offsets once the magic matches,
 * since the VMM that wrote it is the thing under test, not the DT.
 */
#include "guest.h"

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

/* the header's fields (all big endian), as 32-bit word indices */
#define FDT_HDR_MAGIC		0
#define FDT_HDR_TOTALSIZE	1
#define FDT_HDR_OFF_STRUCT	2
#define FDT_HDR_OFF_STRINGS	3

/* The walk never descends further than /cpus/cpu@N. */
#define FDT_MAX_DEPTH	8

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 |
	       (u32)b[2] << 8 | b[3];
}

/* A cells-wide big endian number (1 or 2 cells). */
static u64 read_cells(const u8 *p, u32 cells)
{
	u64 v = 0;

	while (cells--) {
		v = v << 32 | be32(p);
		p += 4;
	}
	return v;
}

/* "memory" or "memory@...": the node name without its unit address. */
static bool node_is(const char *name, const char *base)
{
	size_t n = strlen(base);

	return !strncmp(name, base, n) && (name[n] == '\0' || name[n] == '@');
}

/* What the walk knows so far. */
struct fdt_walk {
	struct fdt_info *info;
	const char *path[FDT_MAX_DEPTH];	/* node names, root first */
	int depth;				/* of the current node, root 1 */
	u32 root_acells, root_scells, cpus_acells;
	bool have_mem;
};

static bool in_node(const struct fdt_walk *w, const char *n1, const char *n2)
{
	if (w->depth != (n2 ? 3 : 2))
		return false;
	return node_is(w->path[1], n1) && (!n2 || node_is(w->path[2], n2));
}

/* /chosen/linux,uefi-NAME: a 32- or 64-bit value, as Linux reads them. */
static void uefi_prop(struct fdt_info *info, const char *name, const u8 *val,
		      u32 len)
{
	u64 v = len == 8 ? read_cells(val, 2) : be32(val);

	if (!strcmp(name, "system-table"))
		info->uefi_systab = v;
	else if (!strcmp(name, "mmap-start"))
		info->uefi_mmap = v;
	else if (!strcmp(name, "mmap-size"))
		info->uefi_mmap_size = v;
	else if (!strcmp(name, "mmap-desc-size"))
		info->uefi_desc_size = v;
	else if (!strcmp(name, "mmap-desc-ver"))
		info->uefi_desc_ver = v;
}

static void fdt_prop(struct fdt_walk *w, const char *name,
		     const u8 *val, u32 len)
{
	struct fdt_info *info = w->info;

	if (len < 4)
		return;		/* none of ours is empty */
	if (w->depth == 1 && !strcmp(name, "#address-cells")) {
		w->root_acells = be32(val);
	} else if (w->depth == 1 && !strcmp(name, "#size-cells")) {
		w->root_scells = be32(val);
	} else if (in_node(w, "cpus", NULL) && !strcmp(name, "#address-cells")) {
		w->cpus_acells = be32(val);
	} else if (in_node(w, "memory", NULL) && !strcmp(name, "reg") &&
		   !w->have_mem && len >= 4 * (w->root_acells + w->root_scells)) {
		info->mem_base = read_cells(val, w->root_acells);
		info->mem_size = read_cells(val + 4 * w->root_acells,
					    w->root_scells);
		w->have_mem = true;
	} else if (in_node(w, "chosen", NULL) && !strcmp(name, "bootargs")) {
		info->bootargs = (const char *)val;
	} else if (in_node(w, "chosen", NULL) && !strncmp(name, "linux,uefi-", 11)) {
		uefi_prop(info, name + 11, val, len);
	} else if (in_node(w, "cpus", "cpu") && !strcmp(name, "reg") &&
		   len >= 4 * w->cpus_acells && info->nr_cpus < GUEST_MAX_CPUS) {
		info->mpidr[info->nr_cpus++] = read_cells(val, w->cpus_acells);
	}
}

int fdt_parse(const void *dtb, struct fdt_info *info, const char **why)
{
	const u8 *blob = dtb;
	const u8 *p, *strings;
	struct fdt_walk w = {
		.info = info,
		.root_acells = 2, .root_scells = 1,	/* the spec's defaults */
		.cpus_acells = 1,
	};

	memset(info, 0, sizeof(*info));
	if (!dtb || ((uintptr_t)dtb & 7)) {
		*why = "no 8-byte aligned device tree address in x0";
		return -1;
	}
	if (be32(blob + 4 * FDT_HDR_MAGIC) != FDT_MAGIC) {
		*why = "no device tree magic at the address in x0";
		return -1;
	}
	p = blob + be32(blob + 4 * FDT_HDR_OFF_STRUCT);
	strings = blob + be32(blob + 4 * FDT_HDR_OFF_STRINGS);

	for (;;) {
		u32 tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;

			if (w.depth < FDT_MAX_DEPTH)
				w.path[w.depth] = name;
			w.depth++;
			p += (strlen(name) + 1 + 3) & ~(size_t)3;
		} else if (tok == FDT_END_NODE) {
			if (--w.depth <= 0)
				break;
		} else if (tok == FDT_PROP) {
			u32 len = be32(p);
			const char *pname = (const char *)strings + be32(p + 4);

			fdt_prop(&w, pname, p + 8, len);
			p += 8 + ((len + 3) & ~3u);
		} else if (tok != FDT_NOP) {
			break;		/* FDT_END, or garbage */
		}
	}
	/* A stub: ACPI says the rest (acpi.c). */
	if (info->uefi_systab)
		return 0;
	if (!w.have_mem) {
		*why = "no /memory node with a reg property in the device tree";
		return -1;
	}
	if (!info->nr_cpus) {
		*why = "no /cpus/cpu@N nodes in the device tree";
		return -1;
	}
	return 0;
}
