// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's input: a thread reads stdin and writes it to the tty of the
 * VM's console in hvx.ko (vm-tty.c), waiting while the console's input
 * FIFO is full, so no byte is lost however fast input comes. At the end of stdin it just
 * stops: the guest gets no more input. A terminal on stdin goes to raw
 * mode, so that each key reaches the guest at once, unechoed (the guest
 * echoes), except that Ctrl-C still raises SIGINT, which stops the VM;
 * Ctrl-\ and Ctrl-Z are switched off (a stopped hvxctl would leave the
 * terminal raw). The terminal's settings come back when the VM ends, when
 * hvxctl exits, and when a signal kills it (the fatal signals get a
 * handler that restores them first).
 *
 * A terminal whose foreground process group is not hvxctl's (a background
 * job) is not read: reading it would stop hvxctl (SIGTTIN).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vm.h"

#define INPUT_CHUNK	256

/*
 * The terminal's settings to restore, and whether to; global for the
 * signal handler (atomics are async-signal-safe where lock-free).
 */
static struct termios saved_term;
static int term_raw;

/* Signals that kill by default and may come while the terminal is raw. */
static const int fatal_signals[] = {
	SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGPIPE,
	SIGALRM, SIGXCPU, SIGXFSZ, SIGSYS, SIGVTALRM, SIGPROF,
};

/* Async-signal-safe: tcsetattr() is. */
static void term_restore(void)
{
	if (!__atomic_exchange_n(&term_raw, 0, __ATOMIC_SEQ_CST))
		return;
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_term);
}

/*
 * Restores the terminal, then dies of the signal: SA_RESETHAND put the
 * default action back, and the signal raised again (or the faulting
 * instruction run again) takes it once this returns.
 */
static void fatal_handler(int sig)
{
	term_restore();
	raise(sig);
}

static void catch_fatal_signals(void)
{
	static bool done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = true;
	atexit(term_restore);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fatal_handler;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(fatal_signals); i++) {
		/* the caller's own handling or ignoring stays */
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &sa, NULL);
	}
}

static void term_make_raw(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_term))
		return;
	t = saved_term;
	cfmakeraw(&t);
	/* Ctrl-C stops the VM; the output processing stays as it was */
	t.c_lflag |= ISIG;
	t.c_oflag = saved_term.c_oflag;
	t.c_cc[VQUIT] = _POSIX_VDISABLE;
	t.c_cc[VSUSP] = _POSIX_VDISABLE;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	catch_fatal_signals();
	__atomic_store_n(&term_raw, 1, __ATOMIC_SEQ_CST);
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t))
		__atomic_store_n(&term_raw, 0, __ATOMIC_SEQ_CST);
}

/* Writes all of buf to the tty, waiting for room; false if stopped. */
static bool tty_put(struct vm_input *in, const __u8 *buf, size_t len)
{
	ssize_t n;

	while (len) {
		struct pollfd p[2] = {
			{ .fd = in->tty_fd, .events = POLLOUT },
			{ .fd = in->stop_pipe[0], .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (p[1].revents || (p[0].revents & (POLLERR | POLLHUP | POLLNVAL)))
			return false;
		n = write(in->tty_fd, buf, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return false;
		buf += n;
		len -= n;
	}
	return true;
}

static void *input_thread(void *arg)
{
	struct vm_input *in = arg;
	__u8 buf[INPUT_CHUNK];
	ssize_t n;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = in->stop_pipe[0], .events = POLLIN },
		};

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents || (p[0].revents & POLLNVAL))
			break;
		if (!p[0].revents)
			continue;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		/* the end of stdin, or an error: no more input */
		if (n <= 0)
			break;
		if (!tty_put(in, buf, n))
			break;
	}
	return NULL;
}

void vm_input_start(struct vm_input *in, int tty_fd)
{
	int err;

	memset(in, 0, sizeof(*in));
	in->tty_fd = tty_fd;
	in->stop_pipe[0] = -1;
	in->stop_pipe[1] = -1;
	if (tty_fd < 0 || fcntl(STDIN_FILENO, F_GETFD) < 0)
		return;	/* no console, or stdin closed: no input */
	if (isatty(STDIN_FILENO)) {
		if (tcgetpgrp(STDIN_FILENO) != getpgrp())
			return;
		term_make_raw();
	}
	if (pipe2(in->stop_pipe, O_CLOEXEC)) {
		hvxctl_err("no input for the guest: pipe: %s", strerror(errno));
		term_restore();
		return;
	}
	err = pthread_create(&in->thread, NULL, input_thread, in);
	if (err) {
		hvxctl_err("no input for the guest: cannot start a thread: %s",
			   strerror(err));
		term_restore();
		return;
	}
	in->started = true;
}

void vm_input_stop(struct vm_input *in)
{
	ssize_t n;

	if (in->started) {
		do {
			n = write(in->stop_pipe[1], "", 1);
		} while (n < 0 && errno == EINTR);
		pthread_join(in->thread, NULL);
		in->started = false;
	}
	if (in->stop_pipe[0] >= 0) {
		close(in->stop_pipe[0]);
		close(in->stop_pipe[1]);
		in->stop_pipe[0] = -1;
		in->stop_pipe[1] = -1;
	}
	term_restore();
}
