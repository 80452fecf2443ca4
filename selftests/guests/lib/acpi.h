/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest booted the way hvxctl run --acpi hands over (a stub device tree
 * whose /chosen points at an EFI system table): the walk from there to the
 * ACPI tables, as an OS does, and the platform facts the guests need (RAM,
 * CPUs, the UART) from the EFI memory map, the MADT and the SPCR.
 */
#ifndef GUEST_ACPI_H
#define GUEST_ACPI_H

#include "fdt.h"
#include "types.h"

#define ACPI_MAX_TABLES		32
#define ACPI_HDR_LEN		36

/* Offsets in the 64-bit EFI system table; the memory map's attribute */
#define EFI_SYSTAB_NR_TABLES	104
#define EFI_SYSTAB_TABLES	112
#define EFI_MEMORY_WB		0x8ULL

struct acpi_info {
	u64 rsdp, xsdt;
	unsigned int nr_tables;		/* XSDT entries */
	u64 table[ACPI_MAX_TABLES];	/* their addresses */
	u64 dsdt;			/* from the FADT */
	u64 uart_base;			/* the SPCR's, 0: none */
	u8 uart_type;			/* its interface type */
};

extern struct acpi_info guest_acpi;

/*
 * From info->uefi_systab: fills guest_acpi and info's memory and CPUs;
 * 0, or -1 with the first problem in *why (a static string).
 */
int acpi_platform(struct fdt_info *info, const char **why);
/* The EFI configuration table @guid's address in @systab, or 0. */
u64 acpi_efi_config(u64 systab, const u8 guid[16]);
/* The table at @addr if its signature is @sig (and checksum right), or 0. */
u64 acpi_find(const char *sig);

/* Little-endian reads of any alignment (Device memory: MMU off). */
u64 acpi_rd(u64 addr, unsigned int bytes);
bool acpi_checksum_ok(u64 addr, u32 len);

#endif /* GUEST_ACPI_H */
