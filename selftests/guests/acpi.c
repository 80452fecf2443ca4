// SPDX-License-Identifier: GPL-2.0
/*
 * acpi: a guest booted by hvxctl run --acpi checks the hand-over as an OS
 * would meet it (lib/acpi.c walked it already to boot; lines via
 * lib/check.h). Bootargs hvx-cpus=N and hvx-mem=MiB say what the VMM gave.
 *   - x0's device tree is a stub: /chosen's linux,uefi-* properties only
 *   - the EFI system table: signature, revision 2.70, its header's CRC32,
 *     no console, no boot or runtime services; the RT properties table
 *     says no runtime service is supported
 *   - the EFI memory map: version 1, sorted, every page of RAM exactly
 *     once, write-back; this image loader code, the tables ACPI reclaim
 *     memory, the system table and the map not usable memory
 *   - RSDP (2.0, both checksums) -> XSDT -> every table with a good
 *     checksum, among them FACP, APIC, GTDT and SPCR; the FADT hardware
 *     reduced, PSCI over HVC, X_DSDT a DSDT with a good checksum
 *   - the MADT: a GICC a vCPU (the MPIDRs all the boot uses), the
 *     distributor and redistributors at QEMU virt's addresses; the GTDT:
 *     the non-secure EL1 timer on INTID 30, the virtual one on 27
 *   - the SPCR: a PL011 at QEMU virt's UART, which every line here went
 *     through (lib/boot.c takes the UART from the SPCR only)
 *   - every vCPU starts by PSCI CPU_ON at its MADT MPIDR
 * With hvx-bind=1 (hvxctl run --acpi-map, a mapping file that gives the
 * PL011 an ID no driver here knows and an "ID => ARMH0011" line), first:
 *   - the guest binds its UART driver (it has one: ARMH0011, the PL011)
 *     only through the OEMB table: for each device of the DSDT (its _HID
 *     string and first Memory32Fixed), the table's ID to bind as, then the
 *     driver for that; every line here goes out through the UART so found
 *     (the SPCR's is not used)
 */
#include "guest.h"
#include "acpi.h"
#include "check.h"

GUEST_NAME("acpi");

#define EFI_SYSTAB_REVISION	((2U << 16) | 70U)
#define EFI_SYSTAB_HDR_SIZE	120
#define EFI_SYSTAB_CRC		16
#define EFI_SYSTAB_VENDOR	24
#define EFI_SYSTAB_CON_IN	40	/* con_in_handle .. boottime: 8 words */
#define EFI_SYSTAB_RUNTIME	88
#define EFI_SYSTAB_BOOTTIME	96

#define EFI_LOADER_CODE		1
#define EFI_CONVENTIONAL	7
#define EFI_ACPI_RECLAIM	9
#define EFI_PAGE		4096ULL

/* EFI_RT_PROPERTIES_TABLE_GUID eb66918a-7eef-402a-842e-931d21c38ae9 */
static const u8 rt_props_guid[16] = {
	0x8a, 0x91, 0x66, 0xeb, 0xef, 0x7e, 0x2a, 0x40,
	0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9,
};

#define FADT_FLAGS		112
#define FADT_ARM_BOOT		129
#define FADT_HW_REDUCED		(1U << 20)
#define FADT_PSCI_HVC		3	/* PSCI_COMPLIANT | PSCI_USE_HVC */
#define MADT_ENTRIES		44
#define MADT_GICD		0x0c
#define MADT_GICR		0x0e
#define GICD_BASE		8
#define GICR_BASE		4
#define GTDT_NS_EL1_GSIV	56
#define GTDT_VIRT_GSIV		64
#define SPCR_PL011		0x03
#define SPCR_SBSA		0x0e

static u32 crc32(u64 addr, u32 len, u32 skip_off)
{
	u32 crc = ~0U, i;
	int k;
	u8 b;

	for (i = 0; i < len; i++) {
		/* The CRC is computed with its own field 0. */
		b = (i >= skip_off && i < skip_off + 4) ? 0 : raw_read8(addr + i);
		crc ^= b;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

static void check_systab(void)
{
	u64 st = guest.fdt.uefi_systab, n, p;
	u32 hdr = acpi_rd(st + 12, 4), crc = acpi_rd(st + EFI_SYSTAB_CRC, 4);
	bool zero = true;
	unsigned int k;

	check(acpi_rd(st + 8, 4) == EFI_SYSTAB_REVISION && hdr == EFI_SYSTAB_HDR_SIZE,
	      "EFI system table 2.70, %u-byte header", hdr);
	check(crc == crc32(st, hdr, EFI_SYSTAB_CRC),
	      "EFI system table header CRC32 0x%x", crc);
	for (k = EFI_SYSTAB_CON_IN; k <= EFI_SYSTAB_BOOTTIME; k += 8)
		zero &= !acpi_rd(st + k, 8);
	check(zero, "no console, boot or runtime services (runtime 0x%llx)",
	      acpi_rd(st + EFI_SYSTAB_RUNTIME, 8));
	check(acpi_rd(acpi_rd(st + EFI_SYSTAB_VENDOR, 8), 8) ==
	      ('h' | 'v' << 16 | (u64)'x' << 32), "firmware vendor \"hvx\"");
	n = acpi_rd(st + EFI_SYSTAB_NR_TABLES, 8);
	p = acpi_efi_config(st, rt_props_guid);
	check(p && acpi_rd(p, 2) == 1 && acpi_rd(p + 2, 2) == 8 &&
	      acpi_rd(p + 4, 4) == 0,
	      "EFI_RT_PROPERTIES_TABLE: no runtime service supported (of %llu config tables)",
	      n);
}

/* The descriptor's type covering [a, a + len), or -1 if none covers it. */
static int mmap_type(u64 a, u64 len)
{
	u64 d = guest.fdt.uefi_mmap, start, end;
	u32 n = guest.fdt.uefi_mmap_size / guest.fdt.uefi_desc_size;

	for (; n; n--, d += guest.fdt.uefi_desc_size) {
		start = acpi_rd(d + 8, 8);
		end = start + acpi_rd(d + 24, 8) * EFI_PAGE;
		if (a >= start && a + len <= end)
			return acpi_rd(d, 4);
	}
	return -1;
}

static bool usable(int type)
{
	return type >= EFI_LOADER_CODE && type <= EFI_CONVENTIONAL;
}

static void check_mmap(u64 mem_mib)
{
	u64 d = guest.fdt.uefi_mmap, at = guest.fdt.mem_base, start, pages;
	u32 size = guest.fdt.uefi_desc_size, n = 0, i;
	bool ordered = true, wb = true;
	int type;

	if (size)
		n = guest.fdt.uefi_mmap_size / size;
	check(guest.fdt.uefi_desc_ver == 1 && size >= 40 && n &&
	      guest.fdt.uefi_mmap_size == n * size,
	      "EFI memory map: version %u, %u entries of %u bytes",
	      guest.fdt.uefi_desc_ver, n, size);
	for (i = 0; i < n; i++, d += size) {
		start = acpi_rd(d + 8, 8);
		pages = acpi_rd(d + 24, 8);
		ordered &= start == at && pages;
		wb &= !!(acpi_rd(d + 32, 8) & EFI_MEMORY_WB);
		at = start + pages * EFI_PAGE;
	}
	check(ordered && guest.fdt.mem_base == GUEST_RAM_BASE &&
	      guest.fdt.mem_size == mem_mib << 20,
	      "the map covers RAM 0x%llx-0x%llx (%llu MiB given) page by page, in order",
	      guest.fdt.mem_base, at - 1, mem_mib);
	check(wb, "all of it write-back");
	type = mmap_type((u64)_head, (u64)(_end - _head));
	check(type == EFI_LOADER_CODE, "this image in loader code (type %d)", type);
	type = mmap_type(guest.fdt.uefi_systab, EFI_SYSTAB_HDR_SIZE);
	check(type >= 0 && !usable(type) && type != EFI_ACPI_RECLAIM,
	      "the system table in reserved memory (type %d)", type);
	type = mmap_type(guest.fdt.uefi_mmap, guest.fdt.uefi_mmap_size);
	check(type >= 0 && !usable(type) && type != EFI_ACPI_RECLAIM,
	      "the memory map in reserved memory (type %d)", type);
}

static void check_tables(void)
{
	bool reclaim = mmap_type(guest_acpi.rsdp, 36) == EFI_ACPI_RECLAIM;
	u64 fadt = acpi_find("FACP"), t;
	unsigned int i;

	check(raw_read8(guest_acpi.rsdp + 15) == 2 &&
	      acpi_rd(guest_acpi.rsdp + 20, 4) == 36,
	      "RSDP revision 2, 36 bytes, checksums good, XSDT at 0x%llx",
	      guest_acpi.xsdt);
	for (i = 0; i < guest_acpi.nr_tables; i++) {
		t = guest_acpi.table[i];
		reclaim &= mmap_type(t, acpi_rd(t + 4, 4)) == EFI_ACPI_RECLAIM;
		report("table %c%c%c%c at 0x%llx, %llu bytes", raw_read8(t),
		       raw_read8(t + 1), raw_read8(t + 2), raw_read8(t + 3), t,
		       acpi_rd(t + 4, 4));
	}
	check(acpi_find("FACP") && acpi_find("APIC") && acpi_find("GTDT") &&
	      acpi_find("SPCR"),
	      "XSDT: %u tables with good checksums, FACP, APIC, GTDT, SPCR among them",
	      guest_acpi.nr_tables);
	check(fadt && (acpi_rd(fadt + FADT_FLAGS, 4) & FADT_HW_REDUCED) &&
	      (acpi_rd(fadt + FADT_ARM_BOOT, 2) & FADT_PSCI_HVC) == FADT_PSCI_HVC,
	      "FADT: hardware-reduced, PSCI over HVC");
	t = guest_acpi.dsdt;
	check(t && raw_read8(t) == 'D' && raw_read8(t + 1) == 'S' &&
	      acpi_checksum_ok(t, acpi_rd(t + 4, 4)),
	      "FADT X_DSDT: a DSDT with a good checksum at 0x%llx", t);
	reclaim &= t && mmap_type(t, acpi_rd(t + 4, 4)) == EFI_ACPI_RECLAIM;
	check(reclaim, "the RSDP and every table in ACPI reclaim memory");
}

static void check_madt_gtdt(u64 cpus)
{
	u64 m = acpi_find("APIC"), g = acpi_find("GTDT"), e, end, gicd = 0;
	u64 gicr = 0;
	u8 len;

	end = m + acpi_rd(m + 4, 4);
	for (e = m + MADT_ENTRIES; e + 2 <= end && (len = raw_read8(e + 1));
	     e += len) {
		if (raw_read8(e) == MADT_GICD)
			gicd = acpi_rd(e + GICD_BASE, 8);
		if (raw_read8(e) == MADT_GICR)
			gicr = acpi_rd(e + GICR_BASE, 8);
	}
	check(guest.fdt.nr_cpus == cpus,
	      "MADT: %u GICC entries, %llu vCPUs given", guest.fdt.nr_cpus, cpus);
	check(gicd == GUEST_GICD_BASE && gicr == GUEST_GICR_BASE,
	      "MADT: distributor at 0x%llx, redistributors at 0x%llx", gicd,
	      gicr);
	check(acpi_rd(g + GTDT_NS_EL1_GSIV, 4) == 30 &&
	      acpi_rd(g + GTDT_VIRT_GSIV, 4) == 27,
	      "GTDT: non-secure EL1 timer INTID %llu, virtual %llu",
	      acpi_rd(g + GTDT_NS_EL1_GSIV, 4), acpi_rd(g + GTDT_VIRT_GSIV, 4));
	check((guest_acpi.uart_type == SPCR_PL011 ||
	       guest_acpi.uart_type == SPCR_SBSA) &&
	      guest_acpi.uart_base == GUEST_UART_BASE,
	      "SPCR: the UART these lines go through, type %u at 0x%llx",
	      guest_acpi.uart_type, guest_acpi.uart_base);
}

/* --- binding through OEMB ------------------------------------------- */

#define AML_NAME_OP		0x08
#define AML_STRING_PREFIX	0x0d
#define RES_MEM32_FIXED		0x86
#define OEMB_COUNT		36
#define OEMB_ENTRY_SIZE		40
#define OEMB_ENTRIES		44

/* The drivers this guest has: only the PL011's. */
static const char *const drivers[] = { "ARMH0011" };

static bool id_at(u64 addr, const char *id)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		if (raw_read8(addr + i) != (u8)id[i])
			return false;
		if (!id[i])
			return true;
	}
	return true;
}

/* OEMB's ID to bind a device of _HID @hid (8 bytes at @hid) as, or 0. */
static u64 oemb_bind_id(u64 hid)
{
	u64 t = acpi_find("OEMB"), e;
	u32 n, size, i;
	char id[9];

	if (!t)
		return 0;
	n = acpi_rd(t + OEMB_COUNT, 4);
	size = acpi_rd(t + OEMB_ENTRY_SIZE, 4);
	if (size < 16 || acpi_rd(t + 4, 4) < OEMB_ENTRIES ||
	    (u64)n * size > acpi_rd(t + 4, 4) - OEMB_ENTRIES)
		return 0;
	for (i = 0; i < 8; i++)
		id[i] = raw_read8(hid + i);
	id[8] = 0;
	for (i = 0, e = t + OEMB_ENTRIES; i < n; i++, e += size)
		if (id_at(e, id))
			return e + 8;
	return 0;
}

static bool have_driver(u64 id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(drivers); i++)
		if (id_at(id, drivers[i]))
			return true;
	return false;
}

/*
 * Walks the DSDT's Name(_HID, "...") strings, each with the first
 * Memory32Fixed after it: binds what a driver here takes, directly or
 * as OEMB says. Returns the UART's base, 0 if nothing bound; *hid_out
 * the device's own _HID, *direct whether it bound without the table.
 */
static u64 bind_uart(u64 *hid_out, bool *direct)
{
	u64 d = guest_acpi.dsdt, end = d + acpi_rd(d + 4, 4), p, q, id;

	for (p = d + ACPI_HDR_LEN; p + 14 < end; p++) {
		if (raw_read8(p) != AML_NAME_OP || raw_read8(p + 1) != '_' ||
		    raw_read8(p + 2) != 'H' || raw_read8(p + 3) != 'I' ||
		    raw_read8(p + 4) != 'D' ||
		    raw_read8(p + 5) != AML_STRING_PREFIX)
			continue;
		*direct = have_driver(p + 6);
		id = *direct ? p + 6 : oemb_bind_id(p + 6);
		if (!id || !have_driver(id))
			continue;
		for (q = p + 6; q + 12 <= end; q++)
			if (raw_read8(q) == RES_MEM32_FIXED &&
			    raw_read8(q + 1) == 9 && raw_read8(q + 2) == 0) {
				*hid_out = p + 6;
				return acpi_rd(q + 4, 4);
			}
	}
	return 0;
}

static void check_bind(void)
{
	u64 hid = 0, base;
	bool direct = true;
	char id[9];
	int i;

	base = bind_uart(&hid, &direct);
	if (!base) {
		/* Said through the SPCR's UART. */
		check(false, "no device of the DSDT binds a driver here, even through OEMB");
		return;
	}
	for (i = 0; i < 8; i++)
		id[i] = raw_read8(hid + i);
	id[8] = 0;
	/* What follows goes through the UART bound. */
	guest_uart_base = base;
	check(base == GUEST_UART_BASE && !direct,
	      "UART bound through OEMB: device %s at 0x%llx, as ARMH0011%s", id,
	      base, direct ? " (directly: no translation needed)" : "");
}

/* Set by each secondary vCPU, read by the boot one. */
static u8 started[GUEST_MAX_CPUS];

void guest_secondary(unsigned int cpu)
{
	if (cpu < GUEST_MAX_CPUS)
		WRITE_ONCE(started[cpu], 1);
}

static unsigned int nr_started(void)
{
	unsigned int i, n = 0;

	for (i = 1; i < guest.fdt.nr_cpus; i++)
		n += READ_ONCE(started[i]);
	return n;
}

static void check_cpus(void)
{
	unsigned int i;
	u64 end;

	for (i = 1; i < guest.fdt.nr_cpus; i++)
		guest_cpu_on(i);
	end = guest_now_us() + 5000000;
	while (nr_started() < guest.fdt.nr_cpus - 1 && guest_now_us() < end)
		;
	check(nr_started() == guest.fdt.nr_cpus - 1,
	      "the other vCPUs started at their MADT MPIDRs (%u of %u)",
	      nr_started(), guest.fdt.nr_cpus - 1);
}

void guest_main(void)
{
	u64 cpus = 1, mem = 64, bind = 0;

	guest_bootarg_u64("hvx-cpus", &cpus);
	guest_bootarg_u64("hvx-mem", &mem);
	guest_bootarg_u64("hvx-bind", &bind);
	if (bind)
		check_bind();
	check(guest.fdt.uefi_systab && guest.fdt.uefi_mmap,
	      "a stub device tree: /chosen linux,uefi-system-table 0x%llx, mmap 0x%llx",
	      guest.fdt.uefi_systab, guest.fdt.uefi_mmap);
	check_systab();
	check_mmap(mem);
	check_tables();
	check_madt_gtdt(cpus);
	check_cpus();
	checks_done();
}
