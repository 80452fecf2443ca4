/* SPDX-License-Identifier: GPL-2.0 */
/*
 * map.h - the device-ID mapping table: DT compatible -> ACPI _HID/_CID.
 *
 * Built-in defaults cover common arm64 devices; a user mapping file
 * (one "compatible = HID [CID ...]" per line) adds entries that override
 * the defaults and earlier lines, and "ID => BIND_ID [DRIVER]" lines the
 * bind-time translations the OS gets (struct ag_bind_entry).  A device whose compatibles are all
 * unknown is described with _HID PRP0001 and a _DSD "compatible".
 */
#ifndef HVX_AG_MAP_H
#define HVX_AG_MAP_H

#include "ag-port.h"

#define AG_ID_LEN		8	/* "ARMH0011"; PNP IDs are 7 */
#define AG_MAP_MAX_CIDS		4
#define AG_MAP_MAX_COMPAT	127
#define AG_MAP_MAX_ENTRIES	4096
/* _HID meaning "Device Properties": match through _DSD "compatible". */
#define AG_HID_PRP		"PRP0001"
/* HID written in a map file to leave matching devices out of the DSDT. */
#define AG_HID_NONE		"-"

struct ag_map_entry {
	char compat[AG_MAP_MAX_COMPAT + 1];
	char hid[AG_ID_LEN + 1];
	u32 nr_cids;
	char cid[AG_MAP_MAX_CIDS][AG_ID_LEN + 1];
};

/*
 * A bind-time translation ("ID => BIND_ID [DRIVER]"), for the OS: a device
 * whose _HID is id is to be bound by the driver for bind_id (under Linux,
 * the platform driver named driver). They go to the guest in the OEMB
 * table (tables-oemb.c).
 */
#define AG_BIND_DRIVER_LEN	31
#define AG_MAP_MAX_BINDS	256

struct ag_bind_entry {
	char id[AG_ID_LEN + 1];
	char bind_id[AG_ID_LEN + 1];
	char driver[AG_BIND_DRIVER_LEN + 1];	/* "": none given */
};

struct ag_map {
	u32 nr;
	struct ag_map_entry *entries;	/* user entries, in file order */
	u32 nr_binds;
	struct ag_bind_entry *binds;	/* in file order */
};

void ag_map_init(struct ag_map *map);
void ag_map_free(struct ag_map *map);

/*
 * Parse mapping-file text of @len bytes (need not be NUL-terminated).
 * @name is the file name used in error messages ("FILE:LINE: ...").
 */
int ag_map_parse(struct ag_map *map, const char *text, size_t len,
		 const char *name, struct ag_error *err);

/* The entry for one compatible string: user entries first, then defaults. */
const struct ag_map_entry *ag_map_lookup(const struct ag_map *map,
					 const char *compat);

/* Is @id a well-formed ACPI ("ABCD1234") or PNP ("ABC1234") ID? */
bool ag_id_valid(const char *id);
bool ag_id_is_pnp(const char *id);

#endif /* HVX_AG_MAP_H */
