// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvx: opening it and the ioctls hvxctl uses. Every function prints
 * its own error message, so callers only map failure to an exit code.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvxctl.h"

int hvx_open(void)
{
	int fd = open(HVX_DEV_PATH, O_RDWR | O_CLOEXEC);

	if (fd >= 0)
		return fd;

	switch (errno) {
	case ENOENT:
		hvxctl_err("hvx is not loaded (%s missing); load it with: insmod hvx.ko",
			   HVX_DEV_PATH);
		break;
	case ENODEV:
	case ENXIO:
		hvxctl_err("hvx is not loaded (%s has no driver); load it with: insmod hvx.ko",
			   HVX_DEV_PATH);
		break;
	case EACCES:
	case EPERM:
		hvxctl_err("cannot open %s: %s; hvxctl needs root", HVX_DEV_PATH,
			   strerror(errno));
		break;
	default:
		hvxctl_err("cannot open %s: %s", HVX_DEV_PATH, strerror(errno));
		break;
	}
	return -1;
}

void hvx_ioctl_err(const char *name)
{
	if (errno == ENOTTY)
		hvxctl_err("%s: %s does not know this ioctl (hvx module older than hvxctl?)",
			   name, HVX_DEV_PATH);
	else
		hvxctl_err("%s: %s", name, strerror(errno));
}

int hvx_get_version(int fd, struct hvx_version *v)
{
	memset(v, 0, sizeof(*v));
	if (ioctl(fd, HVX_GET_VERSION, v) < 0) {
		hvx_ioctl_err("HVX_GET_VERSION");
		return -1;
	}
	return 0;
}

int hvx_get_status(int fd, struct hvx_status *st, struct hvx_cpu_status **cpus)
{
	struct hvx_cpu_status *buf = NULL;
	__u32 n = 0;
	int tries;

	/*
	 * Ask with an empty buffer first: the module answers -E2BIG with the
	 * number of possible CPUs. That number does not change while the
	 * system runs, but retry a few times rather than rely on it.
	 */
	for (tries = 0; tries < 4; tries++) {
		memset(st, 0, sizeof(*st));
		st->nr_cpus = n;
		st->cpus = (__u64)(unsigned long)buf;
		if (ioctl(fd, HVX_GET_STATUS, st) == 0) {
			/* never read past the buffer, whatever the module says */
			if (st->nr_cpus > n)
				st->nr_cpus = n;
			*cpus = buf;
			return 0;
		}
		if (errno != E2BIG || st->nr_cpus <= n)
			break;
		n = st->nr_cpus;
		free(buf);
		buf = calloc(n, sizeof(*buf));
		if (!buf) {
			hvxctl_err("out of memory");
			return -1;
		}
	}
	if (errno == E2BIG)
		hvxctl_err("HVX_GET_STATUS: CPU count keeps changing");
	else
		hvx_ioctl_err("HVX_GET_STATUS");
	free(buf);
	return -1;
}

const char *hvx_cpu_state_name(unsigned int state)
{
	switch (state) {
	case HVX_CPU_OFFLINE:
		return "offline";
	case HVX_CPU_HYP:
		return "hyp";
	case HVX_CPU_STUB:
		return "stub";
	default:
		return "unknown";
	}
}
