// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl run --acpi: the guest's ACPI tables handed over as UEFI firmware
 * would, without any firmware running, as Xen hands them to an ACPI dom0
 * on Arm: a firmware area at the top of guest RAM and a stub device tree.
 *
 * The firmware area (struct vm_efi):
 *   the ACPI tables   linked for this address, RSDP first (vm-acpi.c)
 *   system table      (from the next page) EFI 2.70, no console, no boot
 *                     or runtime services
 *   vendor            "hvx" in UTF-16
 *   config tables     ACPI_20_TABLE_GUID -> the RSDP, and
 *                     EFI_RT_PROPERTIES_TABLE_GUID -> runtime services
 *                     supported: none (how the guest is told there are
 *                     none: Linux then calls none)
 *   memory map        every page of guest RAM: the image (loader code),
 *                     initrd and device tree (loader data), the tables
 *                     (ACPI reclaim), these structures (reserved), the
 *                     rest conventional memory; all write-back
 * The stub device tree has a root with /chosen only (Linux takes ACPI
 * when the tree is such a stub): bootargs, the initrd, and the
 * linux,uefi-system-table, linux,uefi-mmap-* and linux,uefi-secure-boot
 * properties that Linux's drivers/firmware/efi/fdtparams.c reads.
 */
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "vm.h"

#define EFI_PAGE_SIZE		VM_SZ_4K
#define EFI_FW_ALIGN		0x10000ULL	/* the area: 64 KiB pages too */

/* UEFI 2.9: 4.3 EFI_SYSTEM_TABLE */
#define EFI_SYSTEM_TABLE_SIGNATURE	0x5453595320494249ULL	/* "IBI SYST" */
#define EFI_SYSTEM_TABLE_REVISION	((2U << 16) | 70U)
#define EFI_FW_REVISION			1

/* UEFI 2.9: 7.2 EFI_MEMORY_TYPE, EFI_MEMORY_DESCRIPTOR */
#define EFI_RESERVED_TYPE		0
#define EFI_LOADER_CODE			1
#define EFI_LOADER_DATA			2
#define EFI_CONVENTIONAL_MEMORY		7
#define EFI_ACPI_RECLAIM_MEMORY		9
#define EFI_MEMORY_WB			0x8ULL
#define EFI_MEMORY_DESCRIPTOR_VERSION	1

/* Linux's enum efi_secureboot_mode */
#define EFI_SECUREBOOT_MODE_DISABLED	2

/* UEFI 2.9: 4.6.2 EFI_RT_PROPERTIES_TABLE */
#define EFI_RT_PROPERTIES_TABLE_VERSION	1

/* The most memory map entries: 4 regions, the area's 2, gaps between. */
#define EFI_MAX_DESC		16

struct efi_guid {
	__u32 a;
	__u16 b, c;
	__u8 d[8];
};

/* 8868e871-e4f1-11d3-bc22-0080c73c8881 */
static const struct efi_guid acpi_20_table_guid = {
	0x8868e871, 0xe4f1, 0x11d3,
	{ 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 } };
/* eb66918a-7eef-402a-842e-931d21c38ae9 */
static const struct efi_guid rt_properties_table_guid = {
	0xeb66918a, 0x7eef, 0x402a,
	{ 0x84, 0x2e, 0x93, 0x1d, 0x21, 0xc3, 0x8a, 0xe9 } };

struct efi_table_header {
	__u64 signature;
	__u32 revision;
	__u32 header_size;
	__u32 crc32;
	__u32 reserved;
};

struct efi_system_table {
	struct efi_table_header hdr;
	__u64 fw_vendor;
	__u32 fw_revision;
	__u32 pad;
	__u64 con_in_handle, con_in, con_out_handle, con_out;
	__u64 stderr_handle, stderr_out;
	__u64 runtime, boottime;
	__u64 nr_tables;
	__u64 tables;
};

struct efi_config_table {
	struct efi_guid guid;
	__u64 table;
};

struct efi_rt_properties {
	__u16 version;
	__u16 length;
	__u32 runtime_services_supported;
};

struct efi_memory_desc {
	__u32 type;
	__u32 pad;
	__u64 phys_addr;
	__u64 virt_addr;
	__u64 num_pages;
	__u64 attribute;
};

/* What follows the tables in the area, 16-byte aligned. */
struct efi_structs {
	struct efi_system_table systab;
	__u16 vendor[4];
	__u8 pad[8];
	struct efi_config_table config[2];
	struct efi_rt_properties rt;
	__u8 pad2[8];
	struct efi_memory_desc mmap[EFI_MAX_DESC];
};

static __u64 align_up(__u64 v, __u64 a)
{
	return (v + a - 1) & ~(a - 1);
}

static __u64 align_down(__u64 v, __u64 a)
{
	return v & ~(a - 1);
}

/* The CRC-32 UEFI headers carry (IEEE 802.3, as zlib's). */
static __u32 crc32(const void *p, size_t n)
{
	const __u8 *b = p;
	__u32 crc = ~0U;
	int k;

	while (n--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

/* A page of their own: the map gives the tables another type. */
static size_t structs_offset(size_t tables_len)
{
	return align_up(tables_len, EFI_PAGE_SIZE);
}

int vm_efi_place(struct vm_efi *e, __u64 ram_base, __u64 ram_size,
		 size_t tables_len)
{
	__u64 size = align_up(structs_offset(tables_len) +
			      sizeof(struct efi_structs), EFI_FW_ALIGN);

	memset(e, 0, sizeof(*e));
	if (size >= ram_size) {
		hvxctl_err("--acpi: the tables and firmware structures (%llu KiB) do not fit in guest RAM",
			   (unsigned long long)(size >> 10));
		return -1;
	}
	e->base = align_down(ram_base + ram_size - size, EFI_FW_ALIGN);
	e->size = ram_base + ram_size - e->base;
	e->structs = e->base + structs_offset(tables_len);
	e->data = calloc(1, e->size);
	if (!e->data) {
		hvxctl_err("out of memory");
		return -1;
	}
	return 0;
}

/* Guest address @addr inside the area, as a pointer into its contents. */
static void *at(const struct vm_efi *e, __u64 addr)
{
	return e->data + (addr - e->base);
}

static void put_tables(struct vm_efi *e, const void *tables, size_t len)
{
	struct efi_structs *s = at(e, e->structs);
	__u64 addr = e->structs;

	memcpy(e->data, tables, len);
	s->vendor[0] = 'h';
	s->vendor[1] = 'v';
	s->vendor[2] = 'x';
	s->config[0].guid = acpi_20_table_guid;
	s->config[0].table = e->base;		/* the RSDP */
	s->config[1].guid = rt_properties_table_guid;
	s->config[1].table = addr + offsetof(struct efi_structs, rt);
	s->rt.version = EFI_RT_PROPERTIES_TABLE_VERSION;
	s->rt.length = sizeof(s->rt);
	s->rt.runtime_services_supported = 0;
	s->systab.hdr.signature = EFI_SYSTEM_TABLE_SIGNATURE;
	s->systab.hdr.revision = EFI_SYSTEM_TABLE_REVISION;
	s->systab.hdr.header_size = sizeof(s->systab);
	s->systab.fw_vendor = addr + offsetof(struct efi_structs, vendor);
	s->systab.fw_revision = EFI_FW_REVISION;
	s->systab.nr_tables = 2;
	s->systab.tables = addr + offsetof(struct efi_structs, config);
	s->systab.hdr.crc32 = crc32(&s->systab, sizeof(s->systab));
	e->systab = addr + offsetof(struct efi_structs, systab);
	e->mmap = addr + offsetof(struct efi_structs, mmap);
	e->tables_len = len;
}

void *vm_efi_stub_fdt(struct vm_efi *e, const void *tables, size_t len,
		      const struct vm_fdt_config *cfg, size_t *size)
{
	size_t room = 1024 + (cfg->bootargs ? strlen(cfg->bootargs) : 0);
	void *fdt = malloc(room);
	int chosen, err;

	put_tables(e, tables, len);
	if (!fdt) {
		hvxctl_err("out of memory");
		return NULL;
	}
	err = fdt_create_empty_tree(fdt, room);
	if (!err)
		err = fdt_setprop_u32(fdt, 0, "#address-cells", 2);
	if (!err)
		err = fdt_setprop_u32(fdt, 0, "#size-cells", 2);
	chosen = err ? err : fdt_add_subnode(fdt, 0, "chosen");
	err = chosen < 0 ? chosen : 0;
	if (!err && cfg->bootargs)
		err = fdt_setprop_string(fdt, chosen, "bootargs", cfg->bootargs);
	if (!err && cfg->initrd_end > cfg->initrd_start)
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start",
				      cfg->initrd_start);
	if (!err && cfg->initrd_end > cfg->initrd_start)
		err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end",
				      cfg->initrd_end);
	if (!err)
		err = fdt_setprop_u64(fdt, chosen, "linux,uefi-system-table",
				      e->systab);
	if (!err)
		err = fdt_setprop_u64(fdt, chosen, "linux,uefi-mmap-start",
				      e->mmap);
	/* The map's size is known once everything is placed: vm_efi_finish(). */
	if (!err)
		err = fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-size", 0);
	if (!err)
		err = fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-desc-size",
				      sizeof(struct efi_memory_desc));
	if (!err)
		err = fdt_setprop_u32(fdt, chosen, "linux,uefi-mmap-desc-ver",
				      EFI_MEMORY_DESCRIPTOR_VERSION);
	/* Linux wants all six: secure boot off (enum efi_secureboot_mode). */
	if (!err)
		err = fdt_setprop_u32(fdt, chosen, "linux,uefi-secure-boot",
				      EFI_SECUREBOOT_MODE_DISABLED);
	if (!err)
		err = fdt_pack(fdt);
	if (err) {
		hvxctl_err("--acpi: the stub device tree: %s", fdt_strerror(err));
		free(fdt);
		return NULL;
	}
	*size = fdt_totalsize(fdt);
	return fdt;
}

struct region {
	__u64 start, end;	/* page aligned */
	__u32 type;
};

static int region_cmp(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void add_desc(struct efi_memory_desc *d, unsigned int *n, __u32 type,
		     __u64 start, __u64 end)
{
	if (end <= start)
		return;
	/* One entry for neighbours of one type. */
	if (*n && d[*n - 1].type == type &&
	    d[*n - 1].phys_addr + d[*n - 1].num_pages * EFI_PAGE_SIZE == start) {
		d[*n - 1].num_pages += (end - start) / EFI_PAGE_SIZE;
		return;
	}
	d[*n].type = type;
	d[*n].phys_addr = start;
	d[*n].num_pages = (end - start) / EFI_PAGE_SIZE;
	d[*n].attribute = EFI_MEMORY_WB;
	(*n)++;
}

int vm_efi_finish(struct vm_efi *e, const struct vm_layout *l, void *fdt)
{
	struct efi_structs *s = at(e, e->structs);
	struct region r[6];
	unsigned int nr = 0, n = 0, i;
	__u64 pos = l->ram_base;
	int chosen, err;

	r[nr++] = (struct region){ l->image_addr, l->image_end,
				   EFI_LOADER_CODE };
	if (l->initrd_size)
		r[nr++] = (struct region){ l->initrd_addr,
					   l->initrd_addr + l->initrd_size,
					   EFI_LOADER_DATA };
	r[nr++] = (struct region){ l->dtb_addr, l->dtb_addr + l->dtb_size,
				   EFI_LOADER_DATA };
	r[nr++] = (struct region){ e->base, e->base + e->tables_len,
				   EFI_ACPI_RECLAIM_MEMORY };
	r[nr++] = (struct region){ e->base + e->tables_len, e->base + e->size,
				   EFI_RESERVED_TYPE };
	for (i = 0; i < nr; i++) {
		r[i].start = align_down(r[i].start, EFI_PAGE_SIZE);
		r[i].end = align_up(r[i].end, EFI_PAGE_SIZE);
	}
	qsort(r, nr, sizeof(*r), region_cmp);
	for (i = 0; i < nr; i++) {
		/* Two regions sharing a page: the page is the earlier one's. */
		if (r[i].start < pos)
			r[i].start = pos;
		add_desc(s->mmap, &n, EFI_CONVENTIONAL_MEMORY, pos, r[i].start);
		add_desc(s->mmap, &n, r[i].type, r[i].start, r[i].end);
		if (r[i].end > pos)
			pos = r[i].end;
	}
	add_desc(s->mmap, &n, EFI_CONVENTIONAL_MEMORY, pos,
		 l->ram_base + l->ram_size);
	chosen = fdt_path_offset(fdt, "/chosen");
	err = chosen < 0 ? chosen :
	      fdt_setprop_inplace_u32(fdt, chosen, "linux,uefi-mmap-size",
				      n * sizeof(struct efi_memory_desc));
	if (err) {
		hvxctl_err("--acpi: the stub device tree: %s", fdt_strerror(err));
		return -1;
	}
	return 0;
}

void vm_efi_free(struct vm_efi *e)
{
	free(e->data);
	e->data = NULL;
}
