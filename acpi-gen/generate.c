// SPDX-License-Identifier: GPL-2.0
/*
 * generate.c - run both stages and lay the tables out in memory.
 *
 * Layout, from opt->base: RSDP, XSDT, FACP, DSDT, then the other tables
 * in a fixed order, each 16-byte aligned.  The pointer tables (RSDP,
 * XSDT, FADT) are built last because they hold the others' addresses.
 */
#include "tables.h"

#define AG_FADT_LEN		276
/* Tables found through the XSDT, after FACP; DSDT is found via FADT. */
#define AG_NR_BODY		9

struct ag_body {
	const char *sig;
	int (*gen)(struct ag_gen *g, struct ag_buf *b);
};

/* ag_bodies[] index of the DSDT, which the FADT points to. */
#define AG_BODY_DSDT		0

static const struct ag_body ag_bodies[AG_NR_BODY] = {
	{ "DSDT", ag_gen_dsdt },
	{ "APIC", ag_gen_madt },
	{ "GTDT", ag_gen_gtdt },
	{ "SPCR", ag_gen_spcr },
	{ "DBG2", ag_gen_dbg2 },
	{ "MCFG", ag_gen_mcfg },
	{ "IORT", ag_gen_iort },
	{ "PPTT", ag_gen_pptt },
	{ "OEMB", ag_gen_oemb },
};

bool ag_oem_id_valid(const char *id, size_t max)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > max)
		return false;
	for (i = 0; i < n; i++)
		if (id[i] < 0x20 || id[i] > 0x7e)
			return false;
	return true;
}

void ag_tables_free(struct ag_tables *t)
{
	u32 i;

	for (i = 0; i < t->count; i++)
		ag_free(t->t[i].data);
	memset(t, 0, sizeof(*t));
}

static u64 ag_align(u64 v)
{
	return (v + AG_TABLE_ALIGN - 1) & ~(u64)(AG_TABLE_ALIGN - 1);
}

/* Move a finished buffer into the output list. */
static int ag_emit(struct ag_tables *out, const char *sig, struct ag_buf *b,
		   u64 addr, struct ag_error *err)
{
	struct ag_table *t = &out->t[out->count];
	size_t len;

	if (ag_buf_failed(b))
		return ag_fail(err, AG_ENOMEM,
			       "%s: out of memory or table larger than %u bytes",
			       sig, AG_BUF_MAX);
	memcpy(t->sig, sig, AG_SIG_LEN + 1);
	t->data = ag_buf_take(b, &len);
	t->len = len;
	t->addr = addr;
	out->count++;
	return 0;
}

static int ag_check_options(const struct ag_options *opt,
			    struct ag_error *err)
{
	if (opt->oem_id && !ag_oem_id_valid(opt->oem_id, AG_OEM_ID_LEN))
		return ag_fail(err, AG_EINVAL,
			       "OEM ID must be 1-6 printable ASCII characters");
	if (opt->oem_table_id &&
	    !ag_oem_id_valid(opt->oem_table_id, AG_OEM_TABLE_ID_LEN))
		return ag_fail(err, AG_EINVAL,
			       "OEM table ID must be 1-8 printable ASCII characters");
	if (opt->base % AG_TABLE_ALIGN)
		return ag_fail(err, AG_EINVAL,
			       "base address 0x%llx is not %u-byte aligned",
			       (unsigned long long)opt->base, AG_TABLE_ALIGN);
	return 0;
}

struct ag_run {
	struct ag_gen g;
	struct ag_buf body[AG_NR_BODY];
	bool skip[AG_NR_BODY];
	u64 addr[AG_NR_BODY];
	struct ag_buf rsdp, xsdt, fadt;
	u64 xsdt_addr, fadt_addr;
	u64 end;		/* first byte after the last table */
};

static int ag_run_bodies(struct ag_run *r)
{
	int i, ret;

	for (i = 0; i < AG_NR_BODY; i++) {
		ret = ag_bodies[i].gen(&r->g, &r->body[i]);
		if (ret < 0)
			return ret;
		r->skip[i] = ret == AG_SKIP;
	}
	return 0;
}

/* Assign addresses; returns the number of XSDT entries. */
static int ag_layout(struct ag_run *r, u64 *xsdt_entries)
{
	u64 a = r->g.opt->base;
	int i, n = 0;

	r->xsdt_addr = ag_align(a + ACPI_RSDP_LEN);
	for (i = 0; i < AG_NR_BODY; i++)
		n += !r->skip[i] && i != AG_BODY_DSDT;
	/* FACP is an XSDT entry too. */
	r->fadt_addr = ag_align(r->xsdt_addr + ACPI_HDR_LEN + 8 * (n + 1));
	a = ag_align(r->fadt_addr + AG_FADT_LEN);
	xsdt_entries[0] = r->fadt_addr;
	n = 1;
	for (i = 0; i < AG_NR_BODY; i++) {
		if (r->skip[i])
			continue;
		r->addr[i] = a;
		a = ag_align(a + r->body[i].len);
		if (i != AG_BODY_DSDT)
			xsdt_entries[n++] = r->addr[i];
	}
	r->end = a;
	return n;
}

static int ag_collect(struct ag_run *r, struct ag_tables *out,
		      struct ag_error *err)
{
	int i, ret;

	ret = ag_emit(out, "RSDP", &r->rsdp, r->g.opt->base, err);
	if (!ret)
		ret = ag_emit(out, "XSDT", &r->xsdt, r->xsdt_addr, err);
	if (!ret)
		ret = ag_emit(out, "FACP", &r->fadt, r->fadt_addr, err);
	for (i = 0; !ret && i < AG_NR_BODY; i++)
		if (!r->skip[i])
			ret = ag_emit(out, ag_bodies[i].sig, &r->body[i],
				      r->addr[i], err);
	return ret;
}

static void ag_run_free(struct ag_run *r)
{
	int i;

	for (i = 0; i < AG_NR_BODY; i++)
		ag_buf_release(&r->body[i]);
	ag_buf_release(&r->rsdp);
	ag_buf_release(&r->xsdt);
	ag_buf_release(&r->fadt);
}

static int ag_generate_model(struct ag_run *r, struct ag_tables *out,
			     struct ag_error *err)
{
	u64 xsdt_entries[AG_NR_BODY + 1];
	int n, ret;

	ret = ag_run_bodies(r);
	if (ret)
		return ret;
	n = ag_layout(r, xsdt_entries);
	if (r->end < r->g.opt->base)
		return ag_fail(err, AG_EINVAL,
			       "tables do not fit above base address 0x%llx",
			       (unsigned long long)r->g.opt->base);
	ag_gen_fadt(&r->g, &r->fadt, r->addr[AG_BODY_DSDT]);
	ag_gen_xsdt(&r->g, &r->xsdt, xsdt_entries, n);
	ag_gen_rsdp(&r->g, &r->rsdp, r->xsdt_addr);
	return ag_collect(r, out, err);
}

int ag_generate(const void *dtb, size_t dtb_size, const struct ag_options *opt,
		struct ag_tables *out, struct ag_error *err)
{
	struct ag_model *model;
	struct ag_run *r;
	int ret;

	memset(out, 0, sizeof(*out));
	err->msg[0] = '\0';
	ret = ag_check_options(opt, err);
	if (ret)
		return ret;
	/* The model is large: not on a kernel stack. */
	model = ag_realloc(NULL, 0, sizeof(*model));
	if (!model)
		return ag_fail(err, AG_ENOMEM, "out of memory");
	ret = ag_dt_parse(dtb, dtb_size, &opt->warn, model, err);
	if (ret) {
		ag_free(model);
		return ret;
	}
	r = ag_realloc(NULL, 0, sizeof(*r));
	if (!r) {
		ag_model_free(model);
		ag_free(model);
		return ag_fail(err, AG_ENOMEM, "out of memory");
	}
	memset(r, 0, sizeof(*r));
	r->g.m = model;
	r->g.opt = opt;
	r->g.err = err;
	ret = ag_generate_model(r, out, err);
	ag_run_free(r);
	ag_free(r);
	ag_model_free(model);
	ag_free(model);
	if (ret)
		ag_tables_free(out);
	return ret;
}

int ag_link(const struct ag_tables *t, u8 **blob, size_t *len,
	    struct ag_error *err)
{
	u64 base, end = 0;
	u32 i;
	u8 *p;

	*blob = NULL;
	*len = 0;
	err->msg[0] = '\0';
	if (!t->count)
		return ag_fail(err, AG_EINVAL, "no tables to link");
	base = t->t[0].addr;
	for (i = 0; i < t->count; i++)
		if (t->t[i].addr - base + t->t[i].len > end)
			end = t->t[i].addr - base + t->t[i].len;
	p = ag_realloc(NULL, 0, end);
	if (!p)
		return ag_fail(err, AG_ENOMEM, "out of memory");
	memset(p, 0, end);
	for (i = 0; i < t->count; i++)
		memcpy(p + (t->t[i].addr - base), t->t[i].data, t->t[i].len);
	*blob = p;
	*len = end;
	return 0;
}
