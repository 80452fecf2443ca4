// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hvx: the counters hvx keeps beside its ioctls (memory, the
 * host's stage 2, ...). HVX_SYSFS in the environment points elsewhere, for
 * tests against a fake tree.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvxctl.h"

const char *hvx_sysfs_root(void)
{
	const char *root = getenv("HVX_SYSFS");

	return root && *root ? root : "/sys/kernel/hvx";
}

int hvx_sysfs_u64(const char *rel, unsigned long long *val)
{
	char path[512], line[64], *end;
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s", hvx_sysfs_root(), rel);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(line, sizeof(line), f)) {
		*val = strtoull(line, &end, 0);
		if (end != line && (*end == '\n' || *end == '\0'))
			ret = 0;
	}
	fclose(f);
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct hvx_counter *)a)->name,
		      ((const struct hvx_counter *)b)->name);
}

int hvx_sysfs_counters(const char *dir, struct hvx_counter *out, int max)
{
	char path[512], rel[512];
	struct dirent *d;
	DIR *dp;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", hvx_sysfs_root(), dir);
	dp = opendir(path);
	if (!dp)
		return 0;
	while ((d = readdir(dp)) && n < max) {
		if (d->d_name[0] == '.' ||
		    strlen(d->d_name) >= sizeof(out[n].name))
			continue;
		snprintf(rel, sizeof(rel), "%s/%s", dir, d->d_name);
		/* Write-only controls (e.g. host_s2/reset) do not read. */
		if (hvx_sysfs_u64(rel, &out[n].value))
			continue;
		strcpy(out[n].name, d->d_name);
		n++;
	}
	closedir(dp);
	qsort(out, n, sizeof(*out), by_name);
	return n;
}

bool hvx_sysfs_exists(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", hvx_sysfs_root(), rel);
	return access(path, F_OK) == 0;
}

static int by_value(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

int hvx_sysfs_list(const char *dir, const char *prefix,
		   unsigned long long **ids)
{
	size_t plen = strlen(prefix), cap = 0;
	unsigned long long *out = NULL, *grown;
	char path[512], *end;
	struct dirent *d;
	int n = 0;
	DIR *dp;

	snprintf(path, sizeof(path), "%s/%s", hvx_sysfs_root(), dir);
	dp = opendir(path);
	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		const char *num = d->d_name + plen;
		unsigned long long id;

		if (strncmp(d->d_name, prefix, plen) || *num < '0' || *num > '9')
			continue;
		errno = 0;
		id = strtoull(num, &end, 10);
		if (*end || errno)
			continue;
		if ((size_t)n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(out, cap * sizeof(*out));
			if (!grown) {
				free(out);
				closedir(dp);
				errno = ENOMEM;
				return -1;
			}
			out = grown;
		}
		out[n++] = id;
	}
	closedir(dp);
	if (n)
		qsort(out, n, sizeof(*out), by_value);
	*ids = out;
	return n;
}
