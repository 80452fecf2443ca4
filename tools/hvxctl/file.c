// SPDX-License-Identifier: GPL-2.0
/* Reading whole files: device trees, mapping tables, guest images. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvxctl.h"

void *hvx_read_file(const char *path, size_t max, size_t *size)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || !buf) {
		hvxctl_err("cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += n;
		if (len > max) {
			hvxctl_err("%s: larger than %zu bytes", path, max);
			goto fail;
		}
		if (len == cap) {
			char *p = realloc(buf, cap * 2);

			if (!p) {
				hvxctl_err("%s: out of memory", path);
				goto fail;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (n < 0) {
		hvxctl_err("cannot read %s: %s", path, strerror(errno));
		goto fail;
	}
	close(fd);
	*size = len;
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}
