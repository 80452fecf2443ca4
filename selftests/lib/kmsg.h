/* SPDX-License-Identifier: GPL-2.0 */
/* What the kernel logs while a C selftest runs (/dev/kmsg). */
#ifndef HVX_SELFTEST_KMSG_H
#define HVX_SELFTEST_KMSG_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* /dev/kmsg from its end: what the kernel logs from now on. */
static inline int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * The records logged since kmsg_open() at warning level or worse (a
 * record is "priority,sequence,time,flags;text"), the first @max_printed
 * printed as TAP diagnostics; how many.
 */
static inline unsigned int kmsg_warnings(int fd, unsigned int max_printed)
{
	unsigned int n = 0;
	char rec[1024];
	ssize_t len;

	for (;;) {
		errno = 0;
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* records overwritten meanwhile */
		if (len <= 0)
			break;
		rec[len] = '\0';
		if ((atoi(rec) & 7) > 4)
			continue;
		if (n++ < max_printed)
			printf("# kernel: %s", strchr(rec, ';') ? strchr(rec, ';') + 1 : rec);
	}
	return n;
}

#endif /* HVX_SELFTEST_KMSG_H */
