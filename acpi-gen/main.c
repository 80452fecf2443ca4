// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - hvx-acpigen: convert a flattened device tree into ACPI tables.
 *
 *   hvx-acpigen [--map FILE] [--oem-id ID] [--oem-table-id ID]
 *               [--blob FILE --base ADDR] DTB -o OUTDIR
 *
 * Writes one raw file per table (RSDP.dat, XSDT.dat, FACP.dat, ...) into
 * OUTDIR, and with --blob one image of all tables linked for loading at
 * ADDR.  Everything is generated in memory first and written through a
 * temporary directory, so an error never leaves partial output behind.
 * What ACPI cannot describe is a warning on stderr, not an error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "acpi-gen.h"

#define PROG		"hvx-acpigen"
#define AG_MAX_INPUT_SIZE	(64u << 20)	/* DTBs and maps are far smaller */

static const char *const all_sigs[] = {
	"RSDP", "XSDT", "FACP", "DSDT", "APIC", "GTDT", "SPCR", "DBG2",
	"MCFG", "IORT", "PPTT",
};

struct args {
	const char *map, *oem_id, *oem_table_id, *blob, *dtb, *outdir;
	unsigned long long base;
	bool has_base;
	bool verbose;
};

static const char usage_text[] =
	"usage: " PROG " [--map FILE] [--oem-id ID] [--oem-table-id ID]\n"
	"                   [--blob FILE --base ADDR] [-v] DTB -o OUTDIR\n"
	"\n"
	"Generate ACPI tables (RSDP XSDT FACP DSDT APIC GTDT SPCR DBG2 MCFG IORT\n"
	"PPTT, as the DT allows) from a flattened device tree.  OUTDIR gets one\n"
	"raw SIG.dat file per table.  What ACPI cannot describe is left out with\n"
	"a warning on stderr naming the DT node; the exit status stays 0.\n"
	"\n"
	"  --map FILE         device-ID mappings: lines of 'compatible = HID [CID..]'\n"
	"  --oem-id ID        OEM ID in every table header (default HVX)\n"
	"  --oem-table-id ID  OEM table ID (default HVXACPI)\n"
	"  --blob FILE        also write all tables linked as one image\n"
	"  --base ADDR        physical address the image is loaded at (RSDP first)\n"
	"  -o OUTDIR          output directory (created if missing)\n"
	"  -v                 list the tables written\n";

static void print_usage(FILE *f)
{
	fputs(usage_text, f);
}

static int die(const char *what, const char *msg)
{
	fprintf(stderr, PROG ": %s: %s\n", what, msg);
	return 1;
}

/* Read a whole file; NUL-terminated for convenience. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *p;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > AG_MAX_INPUT_SIZE + 1) {
				errno = EFBIG;
				goto fail;
			}
			p = realloc(buf, cap);
			if (!p)
				goto fail;
			buf = p;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		{ "map", required_argument, NULL, 'm' },
		{ "oem-id", required_argument, NULL, 'i' },
		{ "oem-table-id", required_argument, NULL, 't' },
		{ "blob", required_argument, NULL, 'b' },
		{ "base", required_argument, NULL, 'B' },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "o:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'm':
			a->map = optarg;
			break;
		case 'i':
			a->oem_id = optarg;
			break;
		case 't':
			a->oem_table_id = optarg;
			break;
		case 'b':
			a->blob = optarg;
			break;
		case 'o':
			a->outdir = optarg;
			break;
		case 'v':
			a->verbose = true;
			break;
		case 'B':
			errno = 0;
			a->base = strtoull(optarg, &end, 0);
			if (errno || *end || end == optarg)
				return die(optarg, "bad --base address");
			a->has_base = true;
			break;
		case 'h':
			print_usage(stdout);
			exit(0);
		default:
			print_usage(stderr);
			return 1;
		}
	}
	if (optind != argc - 1 || !a->outdir) {
		print_usage(stderr);
		return 1;
	}
	if (a->blob && !a->has_base)
		return die("--blob", "needs --base ADDR");
	a->dtb = argv[optind];
	return 0;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static void path_join(char *out, size_t size, const char *dir,
		      const char *sig)
{
	snprintf(out, size, "%s/%s.dat", dir, sig);
}

static void remove_tree(const char *dir)
{
	char path[4096];
	unsigned int i;

	for (i = 0; i < AG_ARRAY_SIZE(all_sigs); i++) {
		path_join(path, sizeof(path), dir, all_sigs[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* mkdir -p of the directory that will hold @path. */
static int make_parents(const char *path)
{
	char buf[4096];
	size_t i, n = strlen(path);

	if (n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, n + 1);
	for (i = 1; i < n; i++) {
		if (buf[i] != '/')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST)
			return -1;
		buf[i] = '/';
	}
	return 0;
}

/* Write every table into a fresh temporary directory next to @outdir. */
static char *write_tmpdir(const char *outdir, const struct ag_tables *t)
{
	char path[4096], *tmp;
	u32 i;

	if (make_parents(outdir))
		return NULL;
	if (asprintf(&tmp, "%s.tmp-XXXXXX", outdir) < 0)
		return NULL;
	if (!mkdtemp(tmp)) {
		free(tmp);
		return NULL;
	}
	for (i = 0; i < t->count; i++) {
		path_join(path, sizeof(path), tmp, t->t[i].sig);
		if (write_file(path, t->t[i].data, t->t[i].len)) {
			remove_tree(tmp);
			free(tmp);
			return NULL;
		}
	}
	return tmp;
}

static bool generated(const struct ag_tables *t, const char *sig)
{
	u32 i;

	for (i = 0; i < t->count; i++)
		if (!strcmp(t->t[i].sig, sig))
			return true;
	return false;
}

/*
 * Move the tables into place: a missing @outdir is the renamed temporary
 * directory; an existing one gets each file renamed in, and tables a
 * previous run wrote but this one did not are removed.
 */
static int commit_outdir(const char *tmp, const char *outdir,
			 const struct ag_tables *t)
{
	char from[4096], to[4096];
	struct stat st;
	unsigned int i;

	if (stat(outdir, &st) && errno == ENOENT)
		return rename(tmp, outdir);
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	for (i = 0; i < AG_ARRAY_SIZE(all_sigs); i++) {
		path_join(from, sizeof(from), tmp, all_sigs[i]);
		path_join(to, sizeof(to), outdir, all_sigs[i]);
		if (!generated(t, all_sigs[i]))
			unlink(to);
		else if (rename(from, to))
			return -1;
	}
	return rmdir(tmp);
}

static int write_outputs(const struct args *a, const struct ag_tables *t,
			 const u8 *blob, size_t blob_len)
{
	char *tmp, *blob_tmp = NULL;
	int ret = 1;

	if (blob) {
		if (make_parents(a->blob) ||
		    asprintf(&blob_tmp, "%s.tmp-%d", a->blob, (int)getpid()) < 0)
			return die(a->blob, strerror(errno));
		if (write_file(blob_tmp, blob, blob_len)) {
			ret = die(a->blob, strerror(errno));
			unlink(blob_tmp);
			free(blob_tmp);
			return ret;
		}
	}
	tmp = write_tmpdir(a->outdir, t);
	if (!tmp) {
		ret = die(a->outdir, strerror(errno));
	} else if (commit_outdir(tmp, a->outdir, t)) {
		ret = die(a->outdir, strerror(errno));
		remove_tree(tmp);
	} else if (blob_tmp && rename(blob_tmp, a->blob)) {
		ret = die(a->blob, strerror(errno));
	} else {
		ret = 0;
	}
	if (blob_tmp && ret)
		unlink(blob_tmp);
	free(blob_tmp);
	free(tmp);
	return ret;
}

static int load_map(const struct args *a, struct ag_map *map)
{
	struct ag_error err;
	size_t len;
	char *text;

	if (!a->map)
		return 0;
	text = read_file(a->map, &len);
	if (!text)
		return die(a->map, strerror(errno));
	if (ag_map_parse(map, text, len, a->map, &err)) {
		free(text);
		fprintf(stderr, PROG ": %s\n", err.msg);
		return 1;
	}
	free(text);
	return 0;
}

static void list_tables(const struct ag_tables *t)
{
	u32 i;

	for (i = 0; i < t->count; i++)
		printf("%s.dat\t%6u bytes\tat 0x%llx\n", t->t[i].sig,
		       t->t[i].len, (unsigned long long)t->t[i].addr);
}

/* One line per warning on stderr; the exit status stays 0. */
static void print_warning(void *ctx, const char *msg)
{
	fprintf(stderr, PROG ": warning: %s: %s\n", (const char *)ctx, msg);
}

static int run(const struct args *a, struct ag_map *map)
{
	struct ag_options opt = {
		.oem_id = a->oem_id, .oem_table_id = a->oem_table_id,
		.base = a->base, .map = map,
		.warn = { .fn = print_warning, .ctx = (void *)a->dtb },
	};
	struct ag_tables t;
	struct ag_error err;
	u8 *blob = NULL;
	size_t len, blob_len = 0;
	char *dtb;
	int ret;

	dtb = read_file(a->dtb, &len);
	if (!dtb)
		return die(a->dtb, strerror(errno));
	ret = ag_generate(dtb, len, &opt, &t, &err);
	free(dtb);
	if (ret)
		return die(a->dtb, err.msg);
	if (a->blob && ag_link(&t, &blob, &blob_len, &err)) {
		ag_tables_free(&t);
		return die(a->blob, err.msg);
	}
	ret = write_outputs(a, &t, blob, blob_len);
	if (!ret && a->verbose)
		list_tables(&t);
	free(blob);
	ag_tables_free(&t);
	return ret;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	struct ag_map map;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret)
		return ret;
	ag_map_init(&map);
	ret = load_map(&a, &map);
	if (!ret)
		ret = run(&a, &map);
	ag_map_free(&map);
	return ret;
}
