/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the page ownership selftests: hvx's debug interface
 * (/sys/kernel/debug/hvx/pages, host/debug.c) and its sysfs counters.
 */
#ifndef HVX_OWN_H
#define HVX_OWN_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define OWN_PAGES	"/sys/kernel/debug/hvx/pages"
#define OWN_PARAM	"/sys/module/hvx/parameters/debug_calls"
#define OWN_SYSFS	"/sys/kernel/hvx/host_s2/"
#define OWN_PAGE_SIZE	4096UL

static inline int own_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = errno;
	close(fd);
	return ret;
}

/*
 * Make the debug interface available: debugfs mounted, hvx's debug_calls
 * set. NULL, or why the tests cannot run (for SKIP).
 */
static inline const char *own_enable(void)
{
	struct stat st;

	if (geteuid() != 0)
		return "needs root";
	if (access("/sys/kernel/hvx", F_OK))
		return "hvx is not loaded";
	if (access("/sys/kernel/debug/hvx", F_OK) &&
	    access("/sys/kernel/debug/tracing", F_OK) &&
	    mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) &&
	    errno != EBUSY)
		return "cannot mount debugfs";
	if (stat(OWN_PAGES, &st) && own_write_file(OWN_PARAM, "1"))
		return "cannot set hvx's debug_calls";
	if (stat(OWN_PAGES, &st))
		return OWN_PAGES " missing";
	return NULL;
}

/* One debug command on @fd ("donate 0x..."): 0 or the errno. */
static inline int own_cmd(int fd, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return E2BIG;
	return write(fd, buf, n) == n ? 0 : errno;
}

static inline int own_open(void)
{
	return open(OWN_PAGES, O_RDWR);
}

/* host_s2/NAME as a number, or UINT64_MAX. */
static inline uint64_t own_stat(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), OWN_SYSFS "%s", name);
	return sysfs_u64(path);
}

/* The physical address of this process's held page at @va, or 0. */
static inline uint64_t own_held_pa(const void *va)
{
	unsigned long long v, pa;
	uint64_t found = 0;
	char line[128];
	FILE *f = fopen(OWN_PAGES, "r");
	int pid;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %llx %llx", &pid, &v, &pa) == 3 &&
		    pid == getpid() && v == (uintptr_t)va)
			found = pa;
	fclose(f);
	return found;
}

#endif /* HVX_OWN_H */
