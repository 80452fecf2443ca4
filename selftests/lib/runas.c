// SPDX-License-Identifier: GPL-2.0
/*
 * runas UID GID CMD [ARGS...]: run CMD with all privileges dropped, for
 * the shell selftests (busybox su needs /etc/passwd entries).
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t uid;
	gid_t gid;

	if (argc < 4) {
		fputs("usage: runas UID GID CMD [ARGS...]\n", stderr);
		return 125;
	}
	uid = strtoul(argv[1], NULL, 10);
	gid = strtoul(argv[2], NULL, 10);
	if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) {
		fprintf(stderr, "runas: dropping to %u:%u: %s\n", uid, gid, strerror(errno));
		return 125;
	}
	if (uid != 0 && !setuid(0)) {
		fputs("runas: could get root back\n", stderr);
		return 125;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "runas: %s: %s\n", argv[3], strerror(errno));
	return 127;
}
