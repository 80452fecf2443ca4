// SPDX-License-Identifier: GPL-2.0
/*
 * The EFI system table -> RSDP -> XSDT walk of a guest booted by hvxctl
 * run --acpi (acpi.h). Every byte is read one at a time: with the MMU off
 * all memory is Device memory, where tables' unaligned fields would fault.
 */
#include "guest.h"
#include "acpi.h"

#define EFI_SYSTAB_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */
#define EFI_CONFIG_LEN		24	/* GUID, address */

/* ACPI_20_TABLE_GUID 8868e871-e4f1-11d3-bc22-0080c73c8881, as stored */
static const u8 acpi_20_guid[16] = {
	0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
	0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81,
};

#define RSDP_LEN		36
#define RSDP_XSDT		24
#define FADT_X_DSDT		140
#define MADT_ENTRIES		44
#define MADT_GICC		0x0b
#define GICC_FLAGS		12
#define GICC_MPIDR		68
#define GICC_ENABLED		1
#define SPCR_TYPE		36
#define SPCR_BASE_ADDR		44	/* the GAS's address */

struct acpi_info guest_acpi;

u64 acpi_rd(u64 addr, unsigned int bytes)
{
	u64 v = 0;

	while (bytes--)
		v = v << 8 | raw_read8(addr + bytes);
	return v;
}

bool acpi_checksum_ok(u64 addr, u32 len)
{
	u8 sum = 0;

	while (len--)
		sum += raw_read8(addr++);
	return !sum;
}

static bool sig_is(u64 addr, const char *sig, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (raw_read8(addr + i) != (u8)sig[i])
			return false;
	return true;
}

/* A table header's length, if the table's checksum is right; else 0. */
static u32 table_len(u64 addr)
{
	u32 len = acpi_rd(addr + 4, 4);

	if (len < ACPI_HDR_LEN || !acpi_checksum_ok(addr, len))
		return 0;
	return len;
}

u64 acpi_find(const char *sig)
{
	unsigned int i;

	for (i = 0; i < guest_acpi.nr_tables; i++)
		if (sig_is(guest_acpi.table[i], sig, 4))
			return guest_acpi.table[i];
	return 0;
}

u64 acpi_efi_config(u64 systab, const u8 guid[16])
{
	u64 n = acpi_rd(systab + EFI_SYSTAB_NR_TABLES, 8);
	u64 t = acpi_rd(systab + EFI_SYSTAB_TABLES, 8);
	unsigned int i, k;

	for (i = 0; i < n && i < 64; i++, t += EFI_CONFIG_LEN) {
		for (k = 0; k < 16; k++)
			if (raw_read8(t + k) != guid[k])
				break;
		if (k == 16)
			return acpi_rd(t + 16, 8);
	}
	return 0;
}

static int walk_xsdt(const char **why)
{
	u64 x = guest_acpi.xsdt;
	u32 len = table_len(x);
	unsigned int i;

	if (!sig_is(x, "XSDT", 4) || !len) {
		*why = "no XSDT with a good checksum where the RSDP points";
		return -1;
	}
	for (i = 0; i < (len - ACPI_HDR_LEN) / 8 && i < ACPI_MAX_TABLES; i++) {
		guest_acpi.table[i] = acpi_rd(x + ACPI_HDR_LEN + 8 * i, 8);
		if (!table_len(guest_acpi.table[i])) {
			*why = "an XSDT entry is no table with a good checksum";
			return -1;
		}
	}
	guest_acpi.nr_tables = i;
	return 0;
}

/* RAM: from the lowest to the highest write-back range of the map. */
static int read_mmap(struct fdt_info *info, const char **why)
{
	u64 d = info->uefi_mmap, lo = ~0ULL, hi = 0, start, end;
	u32 n = info->uefi_desc_size ?
		info->uefi_mmap_size / info->uefi_desc_size : 0;

	for (; n; n--, d += info->uefi_desc_size) {
		if (!(acpi_rd(d + 32, 8) & EFI_MEMORY_WB))
			continue;
		start = acpi_rd(d + 8, 8);
		end = start + acpi_rd(d + 24, 8) * 4096;
		lo = start < lo ? start : lo;
		hi = end > hi ? end : hi;
	}
	if (hi <= lo) {
		*why = "no write-back memory in the EFI memory map";
		return -1;
	}
	info->mem_base = lo;
	info->mem_size = hi - lo;
	return 0;
}

static int read_madt(struct fdt_info *info, const char **why)
{
	u64 m = acpi_find("APIC"), e, end;
	u8 len;

	if (!m) {
		*why = "no MADT (APIC) in the XSDT";
		return -1;
	}
	end = m + acpi_rd(m + 4, 4);
	for (e = m + MADT_ENTRIES; e + 2 <= end; e += len) {
		len = raw_read8(e + 1);
		if (len < 2)
			break;
		if (raw_read8(e) == MADT_GICC &&
		    acpi_rd(e + GICC_FLAGS, 4) & GICC_ENABLED &&
		    info->nr_cpus < GUEST_MAX_CPUS)
			info->mpidr[info->nr_cpus++] =
				acpi_rd(e + GICC_MPIDR, 8) & MPIDR_AFF_MASK;
	}
	if (!info->nr_cpus) {
		*why = "no enabled GICC entry in the MADT";
		return -1;
	}
	return 0;
}

int acpi_platform(struct fdt_info *info, const char **why)
{
	u64 systab = info->uefi_systab, spcr, fadt;

	if (acpi_rd(systab, 8) != EFI_SYSTAB_SIGNATURE) {
		*why = "no EFI system table at linux,uefi-system-table";
		return -1;
	}
	guest_acpi.rsdp = acpi_efi_config(systab, acpi_20_guid);
	if (!guest_acpi.rsdp || !sig_is(guest_acpi.rsdp, "RSD PTR ", 8) ||
	    !acpi_checksum_ok(guest_acpi.rsdp, 20) ||
	    !acpi_checksum_ok(guest_acpi.rsdp, RSDP_LEN)) {
		*why = "no RSDP with good checksums in the EFI configuration table";
		return -1;
	}
	guest_acpi.xsdt = acpi_rd(guest_acpi.rsdp + RSDP_XSDT, 8);
	if (walk_xsdt(why) || read_mmap(info, why) || read_madt(info, why))
		return -1;
	fadt = acpi_find("FACP");
	guest_acpi.dsdt = fadt ? acpi_rd(fadt + FADT_X_DSDT, 8) : 0;
	spcr = acpi_find("SPCR");
	if (spcr) {
		guest_acpi.uart_type = raw_read8(spcr + SPCR_TYPE);
		guest_acpi.uart_base = acpi_rd(spcr + SPCR_BASE_ADDR, 8);
	}
	return 0;
}
