// SPDX-License-Identifier: GPL-2.0
/*
 * The fake VM's console (HVX_VM_CREATE_CONSOLE), as hvx.ko's: a tty,
 * here a pseudo-terminal whose slave hvxctl opens and whose master stands
 * for the console's other end. The guest's output (the script's uart and
 * cwrite lines, fake-vm.c) is written to the master, in raw mode as
 * hvx.ko's tty; the guest's console reads (cread) take what hvxctl wrote
 * to the tty, from the master. The tty is named as hvx.ko names it, in
 * $HVX_SYSFS/vms/vm1/console (the slave's path below /dev), with the
 * VM's pid next to it; a console needs HVX_SYSFS.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <linux/hvx.h>

#include "fake-hvx.h"

#define VM_DIR	"vms/vm1"

static int master = -1;
static char dir[512];

/* Writes TEXT to DIR/NAME; false on failure. */
static bool put_file(const char *name, const char *text)
{
	char path[600];
	size_t n = strlen(text);
	bool ok;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = fake_real_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return false;
	ok = write(fd, text, n) == (ssize_t)n;
	fake_real_close(fd);
	return ok;
}

/* The sysfs folder of the VM: vms/vm1 with its pid and its console. */
static long sysfs_publish(const char *tty)
{
	const char *root = getenv("HVX_SYSFS");
	char path[512], line[64];

	if (!root) {
		fprintf(stderr, "fake-hvx: a console needs HVX_SYSFS\n");
		return -ENODEV;
	}
	snprintf(path, sizeof(path), "%s/vms", root);
	mkdir(root, 0755);
	mkdir(path, 0755);
	snprintf(dir, sizeof(dir), "%s/" VM_DIR, root);
	mkdir(dir, 0755);
	snprintf(line, sizeof(line), "%d\n", (int)getpid());
	if (!put_file("pid", line))
		return -EIO;
	snprintf(line, sizeof(line), "%s\n", tty);
	return put_file("console", line) ? 0 : -EIO;
}

/* hvx.ko's checks of the arguments. */
static bool console_args_ok(const struct hvx_vm_console *p)
{
	if ((p->flags & ~HVX_CONSOLE_UART) ||
	    fake_nonzero(p->reserved, sizeof(p->reserved)))
		return false;
	if (!(p->flags & HVX_CONSOLE_UART))
		return !p->uart_base && !p->uart_spi;
	return !(p->uart_base & (HVX_CONSOLE_UART_SIZE - 1)) &&
	       p->uart_base < 1ULL << HVX_GUEST_IPA_BITS &&
	       (!p->uart_spi || (p->uart_spi >= HVX_CONSOLE_SPI_MIN &&
				 p->uart_spi <= HVX_CONSOLE_SPI_MAX));
}

long fake_create_console(const struct hvx_vm_console *p, bool ran)
{
	struct termios t;
	const char *name;
	long ret;

	if (fake_env_int("FAKE_HVX_NO_CONSOLE"))
		return -ENOTTY;
	if (!console_args_ok(p))
		return -EINVAL;
	if (master >= 0)
		return -EEXIST;
	if (ran)
		return -EBUSY;
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return -errno;
	name = grantpt(master) || unlockpt(master) ? NULL : ptsname(master);
	/* raw, as hvx.ko's tty starts; reads of the master do not wait */
	if (!name || tcgetattr(master, &t)) {
		fake_console_close();
		return -EIO;
	}
	cfmakeraw(&t);
	if (tcsetattr(master, TCSANOW, &t) ||
	    fcntl(master, F_SETFL, O_NONBLOCK)) {
		fake_console_close();
		return -EIO;
	}
	ret = sysfs_publish(name + strlen("/dev/"));
	if (ret) {
		fake_console_close();
		return ret;
	}
	fake_log("create_console 0x%x 0x%llx %u", p->flags,
		 (unsigned long long)p->uart_base, p->uart_spi);
	return 0;
}

void fake_console_out(const char *buf, size_t n)
{
	struct pollfd p = { .fd = master, .events = POLLOUT };
	ssize_t w;

	while (n && master >= 0) {
		w = write(master, buf, n);
		if (w < 0 && errno == EAGAIN) {
			/* hvxctl has not read the tty yet */
			poll(&p, 1, 100);
			continue;
		}
		if (w <= 0)
			return;
		buf += w;
		n -= w;
	}
}

size_t fake_console_in(char *buf, size_t max)
{
	ssize_t n;

	if (master < 0 || !max)
		return 0;
	n = read(master, buf, max);
	return n > 0 ? n : 0;
}

void fake_console_close(void)
{
	char path[600];

	if (dir[0]) {
		snprintf(path, sizeof(path), "%s/pid", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/console", dir);
		unlink(path);
		rmdir(dir);
		dir[0] = '\0';
	}
	if (master >= 0)
		fake_real_close(master);
	master = -1;
}
