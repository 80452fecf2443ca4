// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - libFuzzer target over the DTB parser (and, through it, every
 * table generator and the linker) and the mapping-file parser.
 *
 * An input "MAP\n<text>" exercises ag_map_parse() and lookups; anything
 * else is a DTB, run through ag_generate() (parser, model, every table
 * generator) and ag_link() with the built-in mapping.
 */
#include "acpi-gen.h"

#define MAP_PREFIX	"MAP\n"

static void fuzz_map(const u8 *data, size_t size)
{
	struct ag_error err;
	struct ag_map map;
	u32 i;

	ag_map_init(&map);
	if (!ag_map_parse(&map, (const char *)data, size, "fuzz.map", &err))
		for (i = 0; i < map.nr; i++)
			ag_map_lookup(&map, map.entries[i].compat);
	ag_map_free(&map);
}

/* Warnings are formatted (node paths included) but go nowhere. */
static void fuzz_warn(void *ctx, const char *msg)
{
	*(size_t *)ctx += strlen(msg);
}

static void fuzz_dtb(const u8 *data, size_t size)
{
	size_t warned = 0;
	struct ag_options opt = {
		.base = 0x40000000,
		.warn = { .fn = fuzz_warn, .ctx = &warned },
	};
	struct ag_tables t;
	struct ag_error err;
	size_t blob_len;
	u8 *blob, *copy;

	/* libfdt wants 8-byte alignment; libFuzzer's buffer may not be. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return;
	memcpy(copy, data, size);
	if (!ag_generate(copy, size, &opt, &t, &err)) {
		if (!ag_link(&t, &blob, &blob_len, &err))
			free(blob);
		ag_tables_free(&t);
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t n = sizeof(MAP_PREFIX) - 1;

	if (size >= n && !memcmp(data, MAP_PREFIX, n))
		fuzz_map(data + n, size - n);
	else
		fuzz_dtb(data, size);
	return 0;
}
