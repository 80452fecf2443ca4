// SPDX-License-Identifier: GPL-2.0
/*
 * tables-dsdt.c - DSDT: processors, devices and PCIe host bridges in \_SB.
 *
 * Each DT device gets the _HID (and _CID) its compatible strings map to
 * (map.c); a device with no mapping gets _HID PRP0001 and a _DSD whose
 * "compatible" property repeats the DT's, so the OS can still match a DT
 * driver (the fallback of US20210026648).
 */
#include "tables.h"
#include "aml.h"

#define ACPI_HID_PROCESSOR	"ACPI0007"
#define ACPI_HID_PCIE_HOST	"PNP0A08"
#define ACPI_CID_PCI_HOST	"PNP0A03"
#define ACPI_HID_MB_RESOURCES	"PNP0C02"
/* Device Properties UUID for _DSD (ACPI _DSD implementation guide). */
#define ACPI_DSD_PROPERTIES_UUID "daffd814-6eba-4d8c-8a91-bc9bbf4aa301"
#define AML_PACKAGE_MAX		255
/* _PRT address: device in the high word, "any function" in the low. */
#define PCI_PRT_ANY_FUNCTION	0xffff
#define PCI_PRT_SLOT_SHIFT	16
#define PCI_ECAM_BUS_SHIFT	20
#define U32_MAX_VAL		0xffffffffull

/* Per-_HID instance counters, for _UID. */
struct ag_uids {
	u32 nr;
	struct {
		const char *hid;
		u32 next;
	} *e;
};

static u32 ag_uid_next(struct ag_uids *u, const char *hid)
{
	u32 i;

	for (i = 0; i < u->nr; i++)
		if (!strcmp(u->e[i].hid, hid))
			return u->e[i].next++;
	u->e[i].hid = hid;
	u->e[i].next = 1;
	u->nr++;
	return 0;
}

static void ag_dsdt_cpus(const struct ag_model *m, struct ag_buf *b)
{
	char name[5];
	size_t dev;
	u32 i;

	for (i = 0; i < m->nr_cpus; i++) {
		ag_cpu_name(m->cpus[i].uid, name);
		dev = aml_device_begin(b, name);
		aml_name(b, "_HID");
		aml_string(b, ACPI_HID_PROCESSOR);
		aml_name(b, "_UID");
		aml_int(b, m->cpus[i].uid);
		aml_end(b, dev);
	}
}

/* First mapping of the device's compatibles, most specific first. */
static const struct ag_map_entry *ag_dev_map(const struct ag_gen *g,
					     const struct ag_dev *d)
{
	const struct ag_map_entry *e;
	int off, l;

	for (off = 0; off < d->compat_len; off += l + 1) {
		l = strlen(d->compat + off);
		if (l == 0)
			continue;
		e = ag_map_lookup(g->opt->map, d->compat + off);
		if (e)
			return e;
	}
	return NULL;
}

static void ag_dsdt_cid(struct ag_buf *b, const struct ag_map_entry *e)
{
	size_t pkg;
	u32 i;

	if (!e || !e->nr_cids)
		return;
	aml_name(b, "_CID");
	if (e->nr_cids == 1) {
		aml_id(b, e->cid[0]);
		return;
	}
	pkg = aml_package_begin(b, e->nr_cids);
	for (i = 0; i < e->nr_cids; i++)
		aml_id(b, e->cid[i]);
	aml_end(b, pkg);
}

static void ag_dsdt_crs(struct ag_buf *b, const struct ag_dev *d)
{
	struct ag_buf rt;
	u32 i;

	ag_buf_init(&rt);
	for (i = 0; i < d->nr_regs; i++)
		if (d->regs[i].size)
			res_memory(&rt, d->regs[i].base, d->regs[i].size);
	res_interrupts(&rt, d->irqs, d->nr_irqs);
	res_end(&rt);
	if (ag_buf_failed(&rt))
		b->failed = true;
	aml_name(b, "_CRS");
	aml_buffer(b, rt.data, rt.len);
	ag_buf_release(&rt);
}

/* _DSD { ToUUID(props), Package { Package { "compatible", ... } } } */
static void ag_dsdt_dsd(struct ag_buf *b, const struct ag_dev *d)
{
	size_t dsd, props, prop, list;
	int off, l, n = 0;

	for (off = 0; off < d->compat_len; off += l + 1) {
		l = strlen(d->compat + off);
		n += l > 0;
	}
	if (n > AML_PACKAGE_MAX)
		n = AML_PACKAGE_MAX;
	aml_name(b, "_DSD");
	dsd = aml_package_begin(b, 2);
	aml_uuid(b, ACPI_DSD_PROPERTIES_UUID);
	props = aml_package_begin(b, 1);
	prop = aml_package_begin(b, 2);
	aml_string(b, "compatible");
	if (n == 1) {
		aml_string(b, d->compat);
	} else {
		list = aml_package_begin(b, n);
		for (off = 0; off < d->compat_len && n > 0; off += l + 1) {
			l = strlen(d->compat + off);
			if (l > 0) {
				aml_string_n(b, d->compat + off, l);
				n--;
			}
		}
		aml_end(b, list);
	}
	aml_end(b, prop);
	aml_end(b, props);
	aml_end(b, dsd);
}

static void ag_dsdt_dev(const struct ag_gen *g, struct ag_buf *b, u32 idx,
			u32 kind_idx, struct ag_uids *uids)
{
	const struct ag_dev *d = &g->m->devs[idx];
	const struct ag_map_entry *e = ag_dev_map(g, d);
	const char *hid = e ? e->hid : AG_HID_PRP;
	char name[5];
	size_t dev;

	if (!strcmp(hid, AG_HID_NONE))
		return;
	ag_dev_name_n(g->m, idx, kind_idx, name);
	dev = aml_device_begin(b, name);
	aml_name(b, "_HID");
	aml_id(b, hid);
	ag_dsdt_cid(b, e);
	aml_name(b, "_UID");
	aml_int(b, ag_uid_next(uids, hid));
	if (d->coherent) {
		aml_name(b, "_CCA");
		aml_int(b, 1);
	}
	ag_dsdt_crs(b, d);
	if (!strcmp(hid, AG_HID_PRP))
		ag_dsdt_dsd(b, d);
	aml_end(b, dev);
}

static int ag_dsdt_devs(const struct ag_gen *g, struct ag_buf *b)
{
	const struct ag_model *m = g->m;
	u32 kind_count[AG_DEV_RTC + 1] = { 0 };
	struct ag_uids uids = { 0 };
	u32 i;

	if (!m->nr_devs)
		return 0;
	/* At most one distinct _HID per device. */
	uids.e = ag_realloc(NULL, 0, m->nr_devs * sizeof(*uids.e));
	if (!uids.e)
		return ag_fail(g->err, AG_ENOMEM, "out of memory");
	for (i = 0; i < m->nr_devs; i++)
		ag_dsdt_dev(g, b, i, kind_count[m->devs[i].kind]++, &uids);
	ag_free(uids.e);
	return 0;
}

static void ag_pci_window(struct ag_buf *rt, const struct ag_pci_range *w)
{
	u8 gflags = RES_FLAG_MIN_FIXED | RES_FLAG_MAX_FIXED;
	u8 mflags = RES_MEM_RW | (w->prefetch ? RES_MEM_PREFETCHABLE :
				  RES_MEM_NONCACHEABLE);
	u64 tra = w->cpu_addr - w->pci_addr;
	bool fits32 = w->pci_addr + w->size - 1 <= U32_MAX_VAL &&
		      tra <= U32_MAX_VAL;

	/* _MIN/_MAX are bus addresses; the CPU sees them at +_TRA. */
	if (w->space == AG_PCI_IO && fits32)
		res_dword_io(rt, gflags, w->pci_addr, w->size, tra);
	else if (w->space == AG_PCI_IO)
		res_qword_io(rt, gflags, w->pci_addr, w->size, tra);
	else if (fits32)
		res_dword_mem(rt, gflags, mflags, w->pci_addr, w->size, tra);
	else
		res_qword_mem(rt, gflags, mflags, w->pci_addr, w->size, tra);
}

static void ag_pci_crs(struct ag_buf *b, const struct ag_pci *p)
{
	struct ag_buf rt;
	u32 i;

	ag_buf_init(&rt);
	res_word_bus(&rt, p->bus_start, p->bus_end);
	for (i = 0; i < p->nr_ranges; i++)
		ag_pci_window(&rt, &p->ranges[i]);
	res_end(&rt);
	if (ag_buf_failed(&rt))
		b->failed = true;
	aml_name(b, "_CRS");
	aml_buffer(b, rt.data, rt.len);
	ag_buf_release(&rt);
}

static void ag_pci_prt(struct ag_buf *b, const struct ag_pci *p)
{
	size_t prt, e;
	u32 i;

	if (!p->nr_prt)
		return;
	aml_name(b, "_PRT");
	prt = aml_package_begin(b, p->nr_prt);
	for (i = 0; i < p->nr_prt; i++) {
		e = aml_package_begin(b, 4);
		aml_int(b, (u64)p->prt[i].slot << PCI_PRT_SLOT_SHIFT |
			   PCI_PRT_ANY_FUNCTION);
		aml_int(b, p->prt[i].pin);
		aml_int(b, 0);		/* source: a GSI, not a link device */
		aml_int(b, p->prt[i].irq.gsi);
		aml_end(b, e);
	}
	aml_end(b, prt);
}

/* The ECAM window, reserved as a motherboard resource (PCI FW spec). */
static void ag_pci_res0(struct ag_buf *b, const struct ag_pci *p)
{
	struct ag_buf rt;
	size_t dev;
	u64 len = (u64)(p->bus_end - p->bus_start + 1) << PCI_ECAM_BUS_SHIFT;

	ag_buf_init(&rt);
	res_memory(&rt, p->ecam_base, len);
	res_end(&rt);
	if (ag_buf_failed(&rt))
		b->failed = true;
	dev = aml_device_begin(b, "RES0");
	aml_name(b, "_HID");
	aml_id(b, ACPI_HID_MB_RESOURCES);
	aml_name(b, "_CRS");
	aml_buffer(b, rt.data, rt.len);
	aml_end(b, dev);
	ag_buf_release(&rt);
}

static void ag_dsdt_pci(const struct ag_model *m, struct ag_buf *b)
{
	const struct ag_pci *p;
	char name[5];
	size_t dev;
	u32 i;

	for (i = 0; i < m->nr_pci; i++) {
		p = &m->pci[i];
		ag_pci_name(i, name);
		dev = aml_device_begin(b, name);
		aml_name(b, "_HID");
		aml_id(b, ACPI_HID_PCIE_HOST);
		aml_name(b, "_CID");
		aml_id(b, ACPI_CID_PCI_HOST);
		aml_name(b, "_SEG");
		aml_int(b, p->segment);
		aml_name(b, "_BBN");
		aml_int(b, p->bus_start);
		aml_name(b, "_UID");
		aml_int(b, i);
		if (p->coherent) {
			aml_name(b, "_CCA");
			aml_int(b, 1);
		}
		ag_pci_crs(b, p);
		ag_pci_prt(b, p);
		ag_pci_res0(b, p);
		aml_end(b, dev);
	}
}

int ag_gen_dsdt(struct ag_gen *g, struct ag_buf *b)
{
	size_t sb;
	int ret;

	ag_table_begin(b, "DSDT", ACPI_DSDT_REV, g->opt);
	sb = aml_scope_begin(b, "\\_SB");
	ag_dsdt_cpus(g->m, b);
	ret = ag_dsdt_devs(g, b);
	if (ret)
		return ret;
	ag_dsdt_pci(g->m, b);
	aml_end(b, sb);
	ag_table_end(b);
	return 0;
}
