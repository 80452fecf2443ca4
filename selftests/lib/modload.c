// SPDX-License-Identifier: GPL-2.0
/*
 * modload FILE [PARAMS]: load a kernel module with exactly one
 * finit_module() call and print the outcome, for the selftests. (busybox
 * insmod retries a failed finit_module() with init_module(), so a refused
 * module's init runs twice.)
 *
 * Prints "modload: ok" or "modload: errno N (message)"; exits 0 if the
 * module loaded, 1 if the kernel refused it, 2 on a usage or file error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd, err;

	if (argc < 2 || argc > 3) {
		fputs("usage: modload FILE [PARAMS]\n", stderr);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "modload: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (syscall(SYS_finit_module, fd, argc == 3 ? argv[2] : "", 0) == 0) {
		puts("modload: ok");
		return 0;
	}
	err = errno;
	printf("modload: errno %d (%s)\n", err, strerror(err));
	return 1;
}
