// SPDX-License-Identifier: GPL-2.0
/*
 * relink.c - tables made elsewhere (a user's, firmware's), laid out as one
 * image at a base address, as firmware installs them: a new RSDP at the
 * base, a new XSDT listing every table but the DSDT and FACS (which the
 * FADT points at), then the tables in the order given. Each table stays
 * byte for byte as it came, but the FADT, whose DSDT and FACS pointers
 * must follow those tables (and so its checksum). A given RSDP, XSDT or
 * RSDT is left out: they are rebuilt.
 */
#include "tables.h"

/* FADT fields that point at other tables (ACPI 6.3, 5.2.9). */
#define FADT_FIRMWARE_CTRL_OFF	36
#define FADT_DSDT_OFF		40
#define FADT_X_FIRMWARE_CTRL_OFF 132
#define FADT_X_DSDT_OFF		140
#define FADT_MIN_LEN		(FADT_X_DSDT_OFF + 8)
/* The FACS has a header of its own: signature and length only. */
#define FACS_MIN_LEN		64

static bool is_sig(const struct ag_table *t, const char *sig)
{
	return !memcmp(t->data, sig, AG_SIG_LEN);
}

static u32 hdr_len(const struct ag_table *t)
{
	return t->data[4] | t->data[5] << 8 | t->data[6] << 16 |
	       (u32)t->data[7] << 24;
}

/* A table as it must be to be installed: its length, its checksum. */
static int check_table(const struct ag_table *t, u32 i, struct ag_error *err)
{
	bool facs;

	if (t->len < ACPI_HDR_LEN && !(t->len >= 8 && is_sig(t, "FACS")))
		return ag_fail(err, AG_EINVAL,
			       "table %u: %u bytes, shorter than a header", i,
			       t->len);
	facs = is_sig(t, "FACS");
	if (hdr_len(t) != t->len)
		return ag_fail(err, AG_EINVAL,
			       "table %u (%.4s): header says %u bytes, has %u",
			       i, t->data, hdr_len(t), t->len);
	if (facs && t->len < FACS_MIN_LEN)
		return ag_fail(err, AG_EINVAL, "FACS: %u bytes, at least %u",
			       t->len, FACS_MIN_LEN);
	if (!facs && ag_checksum(t->data, t->len))
		return ag_fail(err, AG_EINVAL, "table %u (%.4s): bad checksum",
			       i, t->data);
	if (is_sig(t, "FACP") && t->len < FADT_MIN_LEN)
		return ag_fail(err, AG_EINVAL, "FACP: %u bytes, at least %u",
			       t->len, FADT_MIN_LEN);
	return 0;
}

static bool rebuilt(const struct ag_table *t)
{
	return !memcmp(t->data, "RSD PTR ", 8) || is_sig(t, "XSDT") ||
	       is_sig(t, "RSDT");
}

/* Index of the table with @sig among @in, or -1; more than one: error. */
static int find_one(const struct ag_table *in, u32 n, const char *sig,
		    int *idx, struct ag_error *err)
{
	u32 i;

	*idx = -1;
	for (i = 0; i < n; i++) {
		if (in[i].len < AG_SIG_LEN || !is_sig(&in[i], sig))
			continue;
		if (*idx >= 0)
			return ag_fail(err, AG_EINVAL, "two %s tables", sig);
		*idx = i;
	}
	return 0;
}

/* The FADT's pointers to the DSDT and FACS at their new places. */
static void patch_fadt(u8 *fadt, u32 len, u64 dsdt, u64 facs)
{
	struct ag_buf b = { .data = fadt, .len = len, .cap = len };

	ag_buf_set_u32(&b, FADT_DSDT_OFF, dsdt >> 32 ? 0 : (u32)dsdt);
	ag_buf_set_u64(&b, FADT_X_DSDT_OFF, dsdt);
	ag_buf_set_u32(&b, FADT_FIRMWARE_CTRL_OFF, facs >> 32 ? 0 : (u32)facs);
	ag_buf_set_u64(&b, FADT_X_FIRMWARE_CTRL_OFF, facs);
	ag_buf_set_u8(&b, ACPI_HDR_CHECKSUM_OFF, 0);
	ag_buf_set_u8(&b, ACPI_HDR_CHECKSUM_OFF, ag_checksum(fadt, len));
}

static u64 align_up(u64 v)
{
	return (v + AG_TABLE_ALIGN - 1) & ~(u64)(AG_TABLE_ALIGN - 1);
}

struct relink {
	const struct ag_table *in;
	u32 n;
	int fadt, dsdt, facs;
	u64 *addr;		/* [n]: where each goes; 0: left out */
	u64 *xsdt;		/* XSDT entries */
	u32 nr_xsdt;
	u64 xsdt_addr, end;
};

static int relink_layout(struct relink *r, u64 base, struct ag_error *err)
{
	u32 i, nr = 0;
	u64 at;

	for (i = 0; i < r->n; i++)
		if (!rebuilt(&r->in[i]) && (int)i != r->dsdt &&
		    (int)i != r->facs)
			nr++;
	r->xsdt_addr = align_up(base + ACPI_RSDP_LEN);
	at = align_up(r->xsdt_addr + ACPI_HDR_LEN + 8ULL * nr);
	for (i = 0; i < r->n; i++) {
		if (rebuilt(&r->in[i]))
			continue;
		r->addr[i] = at;
		if ((int)i != r->dsdt && (int)i != r->facs)
			r->xsdt[r->nr_xsdt++] = at;
		at = align_up(at + r->in[i].len);
		if (at < base)
			return ag_fail(err, AG_EINVAL,
				       "tables do not fit above base address 0x%llx",
				       (unsigned long long)base);
	}
	r->end = at;
	return 0;
}

static int relink_check(struct relink *r, struct ag_error *err)
{
	u32 i;
	int ret;

	for (i = 0; i < r->n; i++) {
		if (r->in[i].len >= 8 && rebuilt(&r->in[i]))
			continue;
		ret = check_table(&r->in[i], i, err);
		if (ret)
			return ret;
	}
	ret = find_one(r->in, r->n, "FACP", &r->fadt, err);
	if (!ret)
		ret = find_one(r->in, r->n, "DSDT", &r->dsdt, err);
	if (!ret)
		ret = find_one(r->in, r->n, "FACS", &r->facs, err);
	if (ret)
		return ret;
	if (r->fadt < 0)
		return ag_fail(err, AG_EINVAL, "no FACP (FADT) among the tables");
	if (r->dsdt < 0)
		return ag_fail(err, AG_EINVAL, "no DSDT among the tables");
	return 0;
}

static int relink_write(struct relink *r, u64 base,
			const struct ag_options *opt, u8 *p)
{
	struct ag_gen g = { .opt = opt };
	struct ag_buf rsdp, xsdt;
	int ret = 0;
	u32 i;

	ag_buf_init(&rsdp);
	ag_buf_init(&xsdt);
	ag_gen_xsdt(&g, &xsdt, r->xsdt, r->nr_xsdt);
	ag_gen_rsdp(&g, &rsdp, r->xsdt_addr);
	if (ag_buf_failed(&rsdp) || ag_buf_failed(&xsdt)) {
		ret = AG_ENOMEM;
		goto out;
	}
	memcpy(p, rsdp.data, rsdp.len);
	memcpy(p + (r->xsdt_addr - base), xsdt.data, xsdt.len);
	for (i = 0; i < r->n; i++)
		if (r->addr[i])
			memcpy(p + (r->addr[i] - base), r->in[i].data,
			       r->in[i].len);
	patch_fadt(p + (r->addr[r->fadt] - base), r->in[r->fadt].len,
		   r->addr[r->dsdt], r->facs >= 0 ? r->addr[r->facs] : 0);
out:
	ag_buf_release(&rsdp);
	ag_buf_release(&xsdt);
	return ret;
}

int ag_relink(const struct ag_table *in, u32 n, const struct ag_options *opt,
	      u8 **blob, size_t *len, struct ag_error *err)
{
	struct relink r = { .in = in, .n = n };
	u8 *p = NULL;
	int ret;

	*blob = NULL;
	*len = 0;
	err->msg[0] = '\0';
	if (opt->base & (AG_TABLE_ALIGN - 1))
		return ag_fail(err, AG_EINVAL, "base address 0x%llx not %u-byte aligned",
			       (unsigned long long)opt->base, AG_TABLE_ALIGN);
	ret = relink_check(&r, err);
	if (ret)
		return ret;
	r.addr = ag_realloc(NULL, 0, 2 * n * sizeof(u64));
	if (!r.addr)
		return ag_fail(err, AG_ENOMEM, "out of memory");
	memset(r.addr, 0, 2 * n * sizeof(u64));
	r.xsdt = r.addr + n;
	ret = relink_layout(&r, opt->base, err);
	if (!ret) {
		p = ag_realloc(NULL, 0, r.end - opt->base);
		if (!p)
			ret = ag_fail(err, AG_ENOMEM, "out of memory");
	}
	if (!ret) {
		memset(p, 0, r.end - opt->base);
		ret = relink_write(&r, opt->base, opt, p);
		if (ret)
			ret = ag_fail(err, ret, "out of memory");
	}
	ag_free(r.addr);
	if (ret) {
		ag_free(p);
		return ret;
	}
	*blob = p;
	*len = r.end - opt->base;
	return 0;
}
