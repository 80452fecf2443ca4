// SPDX-License-Identifier: GPL-2.0
/*
 * Console exits (HVX_EXIT_CONSOLE): the guest's console calls of
 * <hvx-guest.h>, which hvx hands to user space.
 *
 *   write  the bytes go to stdout at once, unbuffered, the same stream as
 *          the PL011's output (vm-mmio.c)
 *   read   the guest gets what stdin has ready, up to what it asked for,
 *          without waiting: 0 bytes if nothing is waiting, or if stdin is
 *          at its end, closed or unreadable. A terminal in its usual
 *          canonical mode has input ready a line at a time.
 *
 * One vCPU reads stdin at a time: a poll() saying that input is ready
 * then holds until the read() (stdin is not made non-blocking, which would
 * change it for whoever shares it, such as the shell).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "vm.h"

static pthread_mutex_t stdin_lock = PTHREAD_MUTEX_INITIALIZER;

static void console_write(const __u8 *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(STDOUT_FILENO, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		/* A console cannot report a lost byte either. */
		if (n <= 0)
			return;
		data += n;
		len -= n;
	}
}

/* Up to max bytes that stdin has ready into data; how many. */
static size_t console_read(__u8 *data, size_t max)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	ssize_t n = 0;

	if (!max)
		return 0;
	pthread_mutex_lock(&stdin_lock);
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLIN | POLLHUP)) &&
	    !(pfd.revents & POLLNVAL)) {
		do {
			n = read(STDIN_FILENO, data, max);
		} while (n < 0 && errno == EINTR);
	}
	pthread_mutex_unlock(&stdin_lock);
	return n > 0 ? (size_t)n : 0;
}

void vm_console(struct hvx_run *run)
{
	size_t len = run->console.len;

	if (len > sizeof(run->console.data))
		len = sizeof(run->console.data);
	switch (run->console.direction) {
	case HVX_CONSOLE_WRITE:
		console_write(run->console.data, len);
		break;
	case HVX_CONSOLE_READ:
		run->console.len = console_read(run->console.data, len);
		break;
	}
}
