/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tables.h - shared definitions of the table generators (stage two).
 *
 * Field offsets and values are from the ACPI 6.3 specification and, for
 * the ARM tables (IORT, SPCR, DBG2), the table specifications it links.
 */
#ifndef HVX_AG_TABLES_H
#define HVX_AG_TABLES_H

#include "acpi-gen.h"
#include "buf.h"
#include "model.h"

/* System description table header (ACPI 6.3, 5.2.6). */
#define ACPI_HDR_LEN		36
#define ACPI_HDR_LENGTH_OFF	4
#define ACPI_HDR_CHECKSUM_OFF	9
#define ACPI_CREATOR_ID		"HVX "
#define ACPI_CREATOR_REV	1
#define ACPI_OEM_REV		1
#define ACPI_DEFAULT_OEM_ID	"HVX"
#define ACPI_DEFAULT_TABLE_ID	"HVXACPI"

/* Table revisions: the ACPI 6.3 level, as decoded by iasl 20200925. */
#define ACPI_RSDP_REV		2
#define ACPI_RSDP_LEN		36	/* the ACPI 2.0+ RSDP */
/* Each table starts at a multiple of this in the linked image. */
#define AG_TABLE_ALIGN		16
#define ACPI_XSDT_REV		1
#define ACPI_FADT_REV		6
#define ACPI_FADT_MINOR_REV	3
#define ACPI_DSDT_REV		2	/* 64-bit AML integers */
#define ACPI_MADT_REV		5
#define ACPI_GTDT_REV		3
#define ACPI_SPCR_REV		2
#define ACPI_DBG2_REV		0
#define ACPI_MCFG_REV		1
#define ACPI_IORT_REV		0
#define ACPI_PPTT_REV		2

/* Generic Address Structure (ACPI 6.3, 5.2.3.2). */
#define ACPI_GAS_LEN		12
#define ACPI_AS_SYSTEM_MEMORY	0
#define ACPI_ACCESS_BYTE	1
#define ACPI_ACCESS_WORD	2
#define ACPI_ACCESS_DWORD	3

/* Everything a generator needs. */
struct ag_gen {
	const struct ag_model *m;
	const struct ag_options *opt;
	struct ag_error *err;
};

/* Result of a generator besides errors: the table does not apply. */
#define AG_SKIP			1

size_t ag_table_begin(struct ag_buf *b, const char *sig, u8 rev,
		      const struct ag_options *opt);
/* Fill in length and checksum once the table is complete. */
void ag_table_end(struct ag_buf *b);
u8 ag_checksum(const u8 *p, size_t n);
void ag_gas(struct ag_buf *b, u8 space, u8 bits, u8 access, u64 addr);

int ag_gen_dsdt(struct ag_gen *g, struct ag_buf *b);
int ag_gen_madt(struct ag_gen *g, struct ag_buf *b);
int ag_gen_gtdt(struct ag_gen *g, struct ag_buf *b);
int ag_gen_spcr(struct ag_gen *g, struct ag_buf *b);
int ag_gen_dbg2(struct ag_gen *g, struct ag_buf *b);
int ag_gen_mcfg(struct ag_gen *g, struct ag_buf *b);
int ag_gen_iort(struct ag_gen *g, struct ag_buf *b);
int ag_gen_pptt(struct ag_gen *g, struct ag_buf *b);
int ag_gen_oemb(struct ag_gen *g, struct ag_buf *b);
/* FADT, XSDT and RSDP need the addresses of the other tables. */
int ag_gen_fadt(struct ag_gen *g, struct ag_buf *b, u64 dsdt_addr);
int ag_gen_xsdt(struct ag_gen *g, struct ag_buf *b, const u64 *addr, u32 n);
int ag_gen_rsdp(struct ag_gen *g, struct ag_buf *b, u64 xsdt_addr);

/* The DSDT's namespace path of the console device, e.g. "\_SB.COM0". */
void ag_console_path(const struct ag_model *m, char *out, size_t size);
/* Four-character DSDT name of model device @idx. */
void ag_dev_name(const struct ag_model *m, u32 idx, char out[5]);
/* The same, when the caller knows it is the @kind_idx'th of its kind. */
void ag_dev_name_n(const struct ag_model *m, u32 idx, u32 kind_idx,
		   char out[5]);
/* Four-character DSDT name of CPU @uid and PCI host bridge @idx. */
void ag_cpu_name(u32 uid, char out[5]);
void ag_pci_name(u32 idx, char out[5]);

#endif /* HVX_AG_TABLES_H */
