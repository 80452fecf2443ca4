/* SPDX-License-Identifier: GPL-2.0 */
/*
 * acpi-gen.h - public interface of the acpi-gen core: DTB in, ACPI out.
 *
 *	struct ag_map map;
 *	struct ag_tables t;
 *	struct ag_error err;
 *
 *	ag_map_init(&map);
 *	ag_map_parse(&map, text, len, "file.map", &err);	(optional)
 *	ag_generate(dtb, dtb_size, &opts, &t, &err);
 *	ag_link(&t, &blob, &blob_len, &err);			(optional)
 *	ag_tables_free(&t);
 *
 * Nothing is returned on error; err.msg names the DT node or map line.
 * What ACPI cannot describe is not an error: it is described partially
 * or left out, with one warning naming the node (opts.warn).
 * The same calls work in user space and inside hvx.ko.
 */
#ifndef HVX_ACPI_GEN_H
#define HVX_ACPI_GEN_H

#include "ag-port.h"
#include "map.h"

#define AG_OEM_ID_LEN		6
#define AG_OEM_TABLE_ID_LEN	8
#define AG_SIG_LEN		4
/* RSDP, XSDT, FACP, DSDT, APIC, GTDT, SPCR, DBG2, MCFG, IORT, PPTT, OEMB. */
#define AG_MAX_TABLES		12
/* Where tables are laid out when the caller does not say. */
#define AG_DEFAULT_BASE		0

struct ag_options {
	const char *oem_id;		/* NULL: "HVX" */
	const char *oem_table_id;	/* NULL: "HVXACPI" */
	u64 base;			/* physical address of the RSDP */
	const struct ag_map *map;	/* NULL: built-in defaults only */
	struct ag_warner warn;		/* zero: warnings are dropped */
};

struct ag_table {
	char sig[AG_SIG_LEN + 1];	/* "RSDP" for the RSDP */
	u8 *data;
	u32 len;
	u64 addr;			/* where it sits when linked at base */
};

/* Tables in link order, RSDP first; addresses refer to each other. */
struct ag_tables {
	u32 count;
	struct ag_table t[AG_MAX_TABLES];
};

int ag_generate(const void *dtb, size_t dtb_size, const struct ag_options *opt,
		struct ag_tables *out, struct ag_error *err);
/* One image of all tables for loading at opt->base (RSDP at offset 0). */
int ag_link(const struct ag_tables *t, u8 **blob, size_t *len,
	    struct ag_error *err);
void ag_tables_free(struct ag_tables *t);
/*
 * Tables made elsewhere as one image for loading at opt->base, with a new
 * RSDP (at offset 0) and XSDT, the FADT's DSDT and FACS pointers moved
 * (relink.c); opt->map is not used. User space only.
 */
int ag_relink(const struct ag_table *in, u32 n, const struct ag_options *opt,
	      u8 **blob, size_t *len, struct ag_error *err);
/* Validate an OEM ID / OEM table ID given by a user. */
bool ag_oem_id_valid(const char *id, size_t max);

#endif /* HVX_ACPI_GEN_H */
