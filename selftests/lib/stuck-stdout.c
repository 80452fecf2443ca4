// SPDX-License-Identifier: GPL-2.0
/*
 * stuck-stdout CMD [ARGS...]: runs CMD with its stdout a pipe that is
 * full and never read, and exits with CMD's status.
 *
 * A program that relays output (hvxctl run relays its VM's console tty
 * to stdout) then blocks at its first write, and reads nothing more: the
 * text UI's test (lib/tui-vm.sh) keeps its guests' consoles for the UI
 * this way, with hvxctl run as the guests' VMM.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;

/* Stopping this stops CMD. */
static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

int main(int argc, char **argv)
{
	static const char fill[4096];
	int p[2], status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: stuck-stdout CMD [ARGS...]\n");
		return 2;
	}
	if (pipe2(p, O_NONBLOCK)) {
		perror("stuck-stdout: pipe");
		return 1;
	}
	while (write(p[1], fill, sizeof(fill)) > 0)
		;
	/* and the last bytes, if a page was left partly free */
	while (write(p[1], fill, 1) > 0)
		;
	if (errno != EAGAIN) {
		perror("stuck-stdout: filling the pipe");
		return 1;
	}
	/* the writer blocks from now on */
	fcntl(p[1], F_SETFL, 0);
	pid = fork();
	if (pid < 0) {
		perror("stuck-stdout: fork");
		return 1;
	}
	if (!pid) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "stuck-stdout: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	child = pid;
	signal(SIGTERM, forward);
	signal(SIGINT, forward);
	signal(SIGHUP, forward);
	close(p[1]);
	/* p[0] stays open, unread, until CMD ends */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
