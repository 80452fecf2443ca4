// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hvx: the counters hvx keeps beside its ioctls (memory, the
 * host's stage 2, ...). HVX_SYSFS in the environment points elsewhere, for
 * tests against a fake tree.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "hvxctl.h"

static const char *sysfs_root(void)
{
	const char *root = getenv("HVX_SYSFS");

	return root && *root ? root : "/sys/kernel/hvx";
}

int hvx_sysfs_u64(const char *rel, unsigned long long *val)
{
	char path[512], line[64], *end;
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/%s", sysfs_root(), rel);
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

	snprintf(path, sizeof(path), "%s/%s", sysfs_root(), dir);
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
