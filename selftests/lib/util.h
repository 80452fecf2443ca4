/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers the C selftests share. */
#ifndef HVX_SELFTEST_UTIL_H
#define HVX_SELFTEST_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The ioctl @cmd (from uapi/linux/hvx.h) with direction @dir and argument
 * size @size instead of its own: the right type and number, which the
 * driver must refuse as an unknown command.
 */
static inline unsigned long ioc_resized(unsigned int dir, unsigned long cmd,
					unsigned int size)
{
	return _IOC(dir, _IOC_TYPE(cmd), _IOC_NR(cmd), size);
}

/* A sysfs file as a number (decimal or 0x hex), or UINT64_MAX. */
static inline uint64_t sysfs_u64(const char *path)
{
	char buf[64], *end;
	uint64_t v;
	int fd, n;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return UINT64_MAX;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return UINT64_MAX;
	buf[n] = '\0';
	errno = 0;
	v = strtoull(buf, &end, 0);
	if (errno || end == buf || (*end && *end != '\n'))
		return UINT64_MAX;
	return v;
}

/*
 * Did a child die of the signal an abort becomes (SIGBUS for a
 * synchronous external abort; SIGSEGV if the kernel saw it as a fault)?
 * @status is waitpid()'s, or -1 when there is no child to speak of.
 */
static inline bool killed_by_abort(int status)
{
	return status != -1 && WIFSIGNALED(status) &&
	       (WTERMSIG(status) == SIGBUS || WTERMSIG(status) == SIGSEGV);
}

#endif /* HVX_SELFTEST_UTIL_H */
