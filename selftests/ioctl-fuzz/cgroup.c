// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzer's memory cgroups: one for the run, one per worker under it,
 * with a limit. Guest RAM and hvx's pages for a VM are charged to the
 * worker that made it: allocations that would pass the limit fail (huge
 * ADD_MEMORY sizes end in -ENOMEM without hurting the rest of the test
 * VM), and once a worker and its VMs are gone its charge must be too.
 */
#include "fuzz.h"

#define CG_ROOT		"/sys/fs/cgroup"
#define CG_WORKER_MAX	(64ULL << 20)

static char cg_dir[128];

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static void worker_path(int k, const char *file, char *path, size_t len)
{
	snprintf(path, len, "%s/w%d%s%s", cg_dir, k, file ? "/" : "",
		 file ? file : "");
}

/* In the parent, before the workers: false without a memory controller. */
bool cg_setup(void)
{
	char path[192];

	write_file(CG_ROOT "/cgroup.subtree_control", "+memory");
	snprintf(cg_dir, sizeof(cg_dir), CG_ROOT "/hvx_ioctl_fuzz.%d",
		 (int)getpid());
	if (mkdir(cg_dir, 0755))
		goto fail;
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", cg_dir);
	if (write_file(path, "+memory")) {
		rmdir(cg_dir);
		goto fail;
	}
	return true;
fail:
	cg_dir[0] = '\0';
	return false;
}

/* In worker @k: into a cgroup of its own, limited to CG_WORKER_MAX. */
void cg_join(int k)
{
	char path[192], num[32];

	if (!cg_dir[0])
		return;
	worker_path(k, NULL, path, sizeof(path));
	if (mkdir(path, 0755))
		return;
	worker_path(k, "memory.max", path, sizeof(path));
	snprintf(num, sizeof(num), "%llu", (unsigned long long)CG_WORKER_MAX);
	write_file(path, num);
	worker_path(k, "cgroup.procs", path, sizeof(path));
	snprintf(num, sizeof(num), "%d", (int)getpid());
	write_file(path, num);
}

/* A number from worker @k's cgroup: all of @file, or its line @key. */
uint64_t cg_value(int k, const char *file, const char *key)
{
	char path[192], line[128];
	uint64_t v = UINT64_MAX;
	FILE *f;

	worker_path(k, file, path, sizeof(path));
	if (!key)
		return sysfs_u64(path);
	f = fopen(path, "r");
	if (!f)
		return UINT64_MAX;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ' ')
			v = strtoull(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

void cg_cleanup(int nworkers)
{
	char path[192];
	int k;

	if (!cg_dir[0])
		return;
	for (k = 0; k < nworkers; k++) {
		worker_path(k, NULL, path, sizeof(path));
		rmdir(path);
	}
	rmdir(cg_dir);
}
