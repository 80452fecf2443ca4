// SPDX-License-Identifier: GPL-2.0
/*
 * ptyrun [-t SECS] [-e WANT | -s SEND | -w SECS]... -- CMD [ARGS...]:
 * run CMD on a new pseudo-terminal (its controlling terminal, its stdin,
 * stdout and stderr), as a person at a terminal would, for the shell
 * selftests of interactive commands (hvxctl console). The steps run in
 * order: -e waits until CMD's output since the last match holds WANT,
 * -s types SEND (C escapes: \n \r \t \\ \xNN), -w waits SECS seconds.
 * Everything CMD writes is copied to stdout. After the steps, ptyrun
 * waits for CMD to end.
 *
 * Exits with CMD's status (128 + N if signal N ended it), or 124 after a
 * message if a -e or CMD's end does not come within -t SECS (default 20)
 * of the start (CMD is killed), or 125 if CMD cannot be started.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *out;		/* everything CMD wrote */
static size_t out_len, out_cap, seen;	/* seen: matched up to here */
static int master = -1;
static pid_t child;
static double deadline;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(int status, const char *what, const char *arg)
{
	fprintf(stderr, "ptyrun: %s%s\n", what, arg);
	if (child > 0)
		kill(child, SIGKILL);
	exit(status);
}

/* Copies what CMD wrote within @ms; false once the terminal is closed. */
static bool pump(int ms)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return true;
	n = read(master, buf, sizeof(buf));
	if (n <= 0)
		return !(n == 0 || errno == EIO);
	if (out_len + n + 1 > out_cap) {
		out_cap = (out_len + n + 1) * 2;
		out = realloc(out, out_cap);
		if (!out)
			die(125, "out of memory", "");
	}
	memcpy(out + out_len, buf, n);
	out_len += n;
	out[out_len] = '\0';
	fwrite(buf, 1, n, stdout);
	fflush(stdout);
	return true;
}

static void expect(const char *want)
{
	char *hit;

	for (;;) {
		hit = out ? memmem(out + seen, out_len - seen, want, strlen(want)) :
			    NULL;
		if (hit) {
			seen = hit - out + strlen(want);
			return;
		}
		if (now_s() > deadline)
			die(124, "timed out waiting for: ", want);
		if (!pump(50))
			die(124, "the terminal closed before: ", want);
	}
}

/* The character escaped at *s (after a backslash); moves *s past it. */
static char unescape(const char **s)
{
	char c = *(*s)++, hex[3] = { 0 };

	switch (c) {
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'x':
		hex[0] = **s;
		hex[1] = hex[0] ? (*s)[1] : 0;
		*s += strlen(hex);
		return (char)strtoul(hex, NULL, 16);
	default:
		return c;
	}
}

/* SEND with its C escapes decoded, typed. */
static void send_keys(const char *s)
{
	char buf[1024];
	size_t n = 0;

	while (*s && n < sizeof(buf)) {
		char c = *s++;

		if (c == '\\' && *s)
			c = unescape(&s);
		buf[n++] = c;
	}
	if (write(master, buf, n) != (ssize_t)n)
		die(125, "typing failed: ", strerror(errno));
}

static void start(char **argv)
{
	const char *slave;
	int fd;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	slave = master < 0 || grantpt(master) || unlockpt(master) ? NULL :
		ptsname(master);
	if (!slave)
		die(125, "no pseudo-terminal: ", strerror(errno));
	child = fork();
	if (child < 0)
		die(125, "fork: ", strerror(errno));
	if (child)
		return;
	setsid();
	fd = open(slave, O_RDWR);
	if (fd < 0 || ioctl(fd, TIOCSCTTY, 0))
		_exit(125);
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
	execvp(argv[0], argv);
	fprintf(stderr, "ptyrun: %s: %s\n", argv[0], strerror(errno));
	_exit(125);
}

int main(int argc, char **argv)
{
	double secs = 20;
	int i, first, st;

	for (first = 1; first < argc && strcmp(argv[first], "--"); first++)
		if (!strcmp(argv[first], "-t") && first + 1 < argc)
			secs = atof(argv[++first]);
		else if (first + 1 < argc && argv[first][0] == '-')
			first++;
	if (first + 1 >= argc) {
		fputs("usage: ptyrun [-t SECS] [-e WANT | -s SEND | -w SECS]... -- CMD [ARGS...]\n",
		      stderr);
		return 125;
	}
	deadline = now_s() + secs;
	start(argv + first + 1);
	for (i = 1; i < first; i += 2) {
		double until;

		if (!strcmp(argv[i], "-e")) {
			expect(argv[i + 1]);
		} else if (!strcmp(argv[i], "-s")) {
			send_keys(argv[i + 1]);
		} else if (!strcmp(argv[i], "-w")) {
			until = now_s() + atof(argv[i + 1]);
			while (now_s() < until && pump(20))
				;
		} else if (strcmp(argv[i], "-t")) {
			die(125, "unknown step ", argv[i]);
		}
	}
	/* CMD's end: its last output, then its status. */
	while (waitpid(child, &st, WNOHANG) == 0) {
		if (now_s() > deadline)
			die(124, "the command did not end in time: ", argv[first + 1]);
		pump(20);
	}
	child = 0;
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };

		if (poll(&p, 1, 100) <= 0 || !pump(0) || now_s() > deadline)
			break;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
