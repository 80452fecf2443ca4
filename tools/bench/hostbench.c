// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-hostbench: host workloads for measuring what hvx costs the host.
 *
 *   hvx-hostbench mem MB       touch MB of fresh memory, then copy it once
 *   hvx-hostbench fork N       fork + exec /bin/true N times
 *   hvx-hostbench time CMD...  run CMD, report its wall time
 *   hvx-hostbench until TEXT CMD...
 *                              run CMD, report the time until it printed a
 *                              line with TEXT (a VMM: until its guest's
 *                              init spoke); CMD's output goes to stderr
 *
 * Each prints one line "<name> <nanoseconds>" on stdout (CLOCK_MONOTONIC),
 * which tools/bench.sh collects.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE	4096UL
#define MB	(1024UL * 1024UL)

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static unsigned long parse_count(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || v == 0) {
		fprintf(stderr, "hvx-hostbench: '%s' is not a positive number\n", s);
		exit(2);
	}
	return v;
}

/* Fresh anonymous memory: page faults, then the stage-2 walks of a copy. */
static int bench_mem(unsigned long mb)
{
	size_t len = mb * MB;
	unsigned long long t0, t1;
	char *src, *dst;
	size_t i;

	t0 = now_ns();
	src = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED) {
		perror("hvx-hostbench: mmap");
		return 1;
	}
	for (i = 0; i < len; i += PAGE)
		src[i] = (char)i;
	memcpy(dst, src, len);
	t1 = now_ns();
	if (dst[len - PAGE] != (char)(len - PAGE)) {
		fprintf(stderr, "hvx-hostbench: copy is wrong\n");
		return 1;
	}
	munmap(src, len);
	munmap(dst, len);
	printf("mem %llu\n", t1 - t0);
	return 0;
}

static int run_wait(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], argv);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int bench_fork(unsigned long n)
{
	char *const argv[] = { "/bin/true", NULL };
	unsigned long long t0 = now_ns();
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (run_wait(argv)) {
			fprintf(stderr, "hvx-hostbench: /bin/true failed\n");
			return 1;
		}
	}
	printf("fork %llu\n", now_ns() - t0);
	return 0;
}

static int bench_time(char *const argv[])
{
	unsigned long long t0 = now_ns();
	int rc = run_wait(argv);

	if (rc) {
		fprintf(stderr, "hvx-hostbench: %s exited %d\n", argv[0], rc);
		return 1;
	}
	printf("time %llu\n", now_ns() - t0);
	return 0;
}

static int bench_until(const char *text, char *const argv[])
{
	unsigned long long t0 = now_ns(), t = 0;
	size_t cap = 0;
	char *line = NULL;
	int p[2], status = 0;
	FILE *out;
	pid_t pid;

	if (pipe(p) < 0) {
		perror("hvx-hostbench: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("hvx-hostbench: fork");
		return 1;
	}
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		close(p[0]);
		close(p[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	out = fdopen(p[0], "r");
	if (!out) {
		perror("hvx-hostbench: fdopen");
		return 1;
	}
	/* The VMM writes its guest's console a byte at a time: no buffering. */
	while (getline(&line, &cap, out) > 0) {
		if (!t && strstr(line, text))
			t = now_ns() - t0;
		fputs(line, stderr);
	}
	fclose(out);
	free(line);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "hvx-hostbench: %s failed (status 0x%x)\n",
			argv[0], status);
		return 1;
	}
	if (!t) {
		fprintf(stderr, "hvx-hostbench: %s never printed '%s'\n",
			argv[0], text);
		return 1;
	}
	printf("until %llu\n", t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "mem"))
		return bench_mem(parse_count(argv[2]));
	if (argc >= 3 && !strcmp(argv[1], "fork"))
		return bench_fork(parse_count(argv[2]));
	if (argc >= 3 && !strcmp(argv[1], "time"))
		return bench_time(argv + 2);
	if (argc >= 4 && !strcmp(argv[1], "until"))
		return bench_until(argv[2], argv + 3);
	fprintf(stderr, "usage: hvx-hostbench mem MB | fork N | time CMD [ARGS...]\n"
			"       | until TEXT CMD [ARGS...]\n");
	return 2;
}
