// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's console in hvx.ko (HVX_FEATURE_CONSOLE): hvxctl gives the
 * VM a console with the PL011 (HVX_VM_CREATE_CONSOLE, HVX_CONSOLE_UART),
 * so that hvx.ko emulates the UART and serves the console calls, and
 * relays the console's tty (/dev/hvxcon<N>, named in the VM's sysfs
 * folder) to stdout on a thread of its own; vm-input.c writes stdin to
 * the tty. When the vCPUs have stopped, what the tty still holds is
 * copied out before the VM goes (its end hangs the tty up, which drops
 * unread output).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vm.h"

#define TTY_CHUNK	4096
/* After the vCPUs stopped: output still on its way, waited for this long. */
#define TTY_DRAIN_MS	100

/* The tty named in the sysfs folder of this process's VM with a console. */
static int find_tty(char *name, size_t size)
{
	unsigned long long *ids = NULL, pid;
	char rel[64], path[600];
	int n, i, found = -1;
	FILE *f;

	n = hvx_sysfs_list("vms", "vm", &ids);
	for (i = 0; i < n && found < 0; i++) {
		snprintf(rel, sizeof(rel), "vms/vm%llu/pid", ids[i]);
		if (hvx_sysfs_u64(rel, &pid) || pid != (unsigned long long)getpid())
			continue;
		snprintf(path, sizeof(path), "%s/vms/vm%llu/console",
			 hvx_sysfs_root(), ids[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(name, size, f) && name[0] != '\n') {
			name[strcspn(name, "\n")] = '\0';
			found = 0;
		}
		fclose(f);
	}
	free(ids);
	return found;
}

int vm_tty_create(struct vm_tty *t, int vm_fd, bool has_gic)
{
	struct hvx_vm_console c = {
		.flags = HVX_CONSOLE_UART,
		.uart_base = GUEST_UART_BASE,
		.uart_spi = has_gic ? VM_GIC_SPI_BASE + GUEST_UART_SPI : 0,
	};
	char name[64], path[80];

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->stop_pipe[0] = -1;
	t->stop_pipe[1] = -1;
	if (ioctl(vm_fd, HVX_VM_CREATE_CONSOLE, &c)) {
		hvx_ioctl_err("HVX_VM_CREATE_CONSOLE");
		return -1;
	}
	if (find_tty(name, sizeof(name))) {
		hvxctl_err("the VM's console has no tty in %s/vms", hvx_sysfs_root());
		return -1;
	}
	snprintf(path, sizeof(path), "/dev/%s", name);
	t->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		hvxctl_err("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void put_all(const char *buf, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(STDOUT_FILENO, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* stdout gone: the guest goes on regardless */
		buf += w;
		n -= w;
	}
}

static void *tty_thread(void *arg)
{
	struct vm_tty *t = arg;
	char buf[TTY_CHUNK];
	bool stopping = false;
	ssize_t n;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = t->fd, .events = POLLIN },
			{ .fd = t->stop_pipe[0], .events = POLLIN },
		};
		int r = poll(p, stopping ? 1 : 2, stopping ? TTY_DRAIN_MS : -1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;	/* drained, or poll failed */
		if (!stopping && p[1].revents)
			stopping = true;
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(t->fd, buf, sizeof(buf));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;	/* hung up */
		put_all(buf, n);
	}
	return NULL;
}

void vm_tty_start(struct vm_tty *t)
{
	int err;

	if (t->fd < 0)
		return;
	if (pipe2(t->stop_pipe, O_CLOEXEC)) {
		hvxctl_err("the guest's console: pipe: %s", strerror(errno));
		return;
	}
	err = pthread_create(&t->thread, NULL, tty_thread, t);
	if (err) {
		hvxctl_err("the guest's console: cannot start a thread: %s",
			   strerror(err));
		return;
	}
	t->started = true;
}

void vm_tty_stop(struct vm_tty *t)
{
	ssize_t n;

	if (t->started) {
		do {
			n = write(t->stop_pipe[1], "", 1);
		} while (n < 0 && errno == EINTR);
		pthread_join(t->thread, NULL);
		t->started = false;
	}
	if (t->stop_pipe[0] >= 0) {
		close(t->stop_pipe[0]);
		close(t->stop_pipe[1]);
		t->stop_pipe[0] = -1;
		t->stop_pipe[1] = -1;
	}
}

void vm_tty_close(struct vm_tty *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
