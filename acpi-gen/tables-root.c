// SPDX-License-Identifier: GPL-2.0
/*
 * tables-root.c - RSDP, XSDT and FADT: the tables that point at the
 * others, built last, once every table has an address.
 */
#include "tables.h"

/* RSDP (ACPI 6.3, 5.2.5.3). */
#define RSDP_SIGNATURE		"RSD PTR "
#define RSDP_V1_LEN		20
#define RSDP_CHECKSUM_OFF	8
#define RSDP_EXT_CHECKSUM_OFF	32

/* FADT (ACPI 6.3, 5.2.9). */
#define FADT_LEN		276
#define FADT_PM_PROFILE_OFF	45
#define FADT_FLAGS_OFF		112
#define FADT_ARM_BOOT_ARCH_OFF	129
#define FADT_MINOR_REV_OFF	131
#define FADT_X_DSDT_OFF		140
#define FADT_HYPERVISOR_ID_OFF	268
#define FADT_HW_REDUCED_ACPI	(1u << 20)
#define FADT_PSCI_COMPLIANT	(1u << 0)
#define FADT_PSCI_USE_HVC	(1u << 1)
#define FADT_PM_UNSPECIFIED	0

int ag_gen_fadt(struct ag_gen *g, struct ag_buf *b, u64 dsdt_addr)
{
	u16 arm_boot = 0;

	if (g->m->has_psci) {
		arm_boot |= FADT_PSCI_COMPLIANT;
		if (g->m->psci_hvc)
			arm_boot |= FADT_PSCI_USE_HVC;
	}
	ag_table_begin(b, "FACP", ACPI_FADT_REV, g->opt);
	ag_buf_zero(b, FADT_LEN - ACPI_HDR_LEN);
	/*
	 * Hardware-reduced ACPI: no PM blocks, no FACS, no legacy fields.
	 * The 32-bit DSDT field stays 0; X_DSDT holds the address.
	 */
	ag_buf_set_u8(b, FADT_PM_PROFILE_OFF, FADT_PM_UNSPECIFIED);
	ag_buf_set_u32(b, FADT_FLAGS_OFF, FADT_HW_REDUCED_ACPI);
	ag_buf_set_u16(b, FADT_ARM_BOOT_ARCH_OFF, arm_boot);
	ag_buf_set_u8(b, FADT_MINOR_REV_OFF, ACPI_FADT_MINOR_REV);
	ag_buf_set_u64(b, FADT_X_DSDT_OFF, dsdt_addr);
	ag_buf_set_u64(b, FADT_HYPERVISOR_ID_OFF, 0);
	ag_table_end(b);
	return 0;
}

int ag_gen_xsdt(struct ag_gen *g, struct ag_buf *b, const u64 *addr, u32 n)
{
	u32 i;

	ag_table_begin(b, "XSDT", ACPI_XSDT_REV, g->opt);
	for (i = 0; i < n; i++)
		ag_buf_u64(b, addr[i]);
	ag_table_end(b);
	return 0;
}

int ag_gen_rsdp(struct ag_gen *g, struct ag_buf *b, u64 xsdt_addr)
{
	const char *oem = g->opt->oem_id ? g->opt->oem_id : ACPI_DEFAULT_OEM_ID;
	size_t i, n = strlen(oem);

	ag_buf_put(b, RSDP_SIGNATURE, 8);
	ag_buf_u8(b, 0);		/* checksum of the first 20 bytes */
	for (i = 0; i < AG_OEM_ID_LEN; i++)
		ag_buf_u8(b, i < n ? oem[i] : ' ');
	ag_buf_u8(b, ACPI_RSDP_REV);
	ag_buf_u32(b, 0);		/* no RSDT: 64-bit only */
	ag_buf_u32(b, ACPI_RSDP_LEN);
	ag_buf_u64(b, xsdt_addr);
	ag_buf_u8(b, 0);		/* extended checksum */
	ag_buf_zero(b, 3);
	if (ag_buf_failed(b))
		return 0;
	ag_buf_set_u8(b, RSDP_CHECKSUM_OFF, ag_checksum(b->data, RSDP_V1_LEN));
	ag_buf_set_u8(b, RSDP_EXT_CHECKSUM_OFF,
		      ag_checksum(b->data, ACPI_RSDP_LEN));
	return 0;
}
