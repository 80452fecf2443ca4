// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl console [--escape CHAR] NAME: attach the terminal to a VM's
 * console in hvx.ko, its tty /dev/hvxcon<N> (named in the VM's sysfs
 * folder, 'console'), as virsh console does: the terminal goes raw, keys
 * go to the guest, its output comes here (the tty's open replays what
 * the guest printed before, as far as the console's ring holds it). The
 * escape character (Ctrl-] unless --escape says otherwise) detaches and
 * leaves the VM running; the VM's end hangs the tty up, which ends the
 * attach with a message.
 *
 * One attach at a time: a write lock on the tty (fcntl, so that the
 * holder's pid can be told) refuses a second hvxctl console; it goes with
 * its process, however that ends. A foreground hvxctl run, which shows
 * the console itself, holds the lock too.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "hvxctl.h"

/* The VM's end (its console hung up), in this command's exit status. */
#define CONSOLE_EXIT_ENDED	4
#define CHUNK			4096
/* At the end of stdin: output still on its way, waited for this long. */
#define DRAIN_MS		200
#define NO_ESCAPE		(-1)

/* The signal that ends the attach; atomic, for the handler. */
static int got_signal;

static void on_signal(int sig)
{
	__atomic_store_n(&got_signal, sig, __ATOMIC_RELAXED);
}

/* "^]" (caret notation), a single character, or "none". */
static bool parse_escape(const char *s, int *esc)
{
	if (!strcmp(s, "none")) {
		*esc = NO_ESCAPE;
		return true;
	}
	if (s[0] == '^' && s[1] && !s[2]) {
		if (s[1] == '?') {
			*esc = 0x7f;
			return true;
		}
		if (toupper((unsigned char)s[1]) < '@' ||
		    toupper((unsigned char)s[1]) > '_')
			return false;
		*esc = toupper((unsigned char)s[1]) ^ 0x40;
		return true;
	}
	if (s[0] && !s[1]) {
		*esc = (unsigned char)s[0];
		return true;
	}
	return false;
}

static const char *escape_name(int esc, char *buf, size_t size)
{
	if (esc == NO_ESCAPE)
		snprintf(buf, size, "none");
	else if (esc < 0x20 || esc == 0x7f)
		snprintf(buf, size, "^%c", esc == 0x7f ? '?' : esc ^ 0x40);
	else
		snprintf(buf, size, "%c", esc);
	return buf;
}

/* All of buf to fd (non-blocking or not); false if fd is gone. */
static bool put_all(int fd, const char *buf, size_t n)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	ssize_t w;

	while (n) {
		w = write(fd, buf, n);
		if (w > 0) {
			buf += w;
			n -= w;
		} else if (w < 0 && errno == EAGAIN) {
			poll(&p, 1, 100);
		} else if (!(w < 0 && errno == EINTR)) {
			return false;
		}
	}
	return true;
}

/* The write lock on the tty; -1 after a message if another attach has it. */
static int lock_tty(int fd, const char *label)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	if (!fcntl(fd, F_SETLK, &l))
		return 0;
	if (errno != EAGAIN && errno != EACCES) {
		hvxctl_err("cannot lock VM %s's console: %s", label,
			   strerror(errno));
		return -1;
	}
	l.l_type = F_WRLCK;
	if (!fcntl(fd, F_GETLK, &l) && l.l_type != F_UNLCK)
		hvxctl_err("VM %s's console is attached already (pid %ld: an hvxctl console, or the hvxctl run that shows it): detach there first (its escape key)",
			   label, (long)l.l_pid);
	else
		hvxctl_err("VM %s's console is attached already by another hvxctl console: detach there first",
			   label);
	return -1;
}

struct attach {
	int tty;
	int esc;
	bool term;		/* stdin is a terminal, now raw */
	struct termios saved;
};

static void term_raw(struct attach *a)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &a->saved))
		return;
	t = a->saved;
	cfmakeraw(&t);
	if (!tcsetattr(STDIN_FILENO, TCSANOW, &t))
		a->term = true;
}

static void term_restore(struct attach *a)
{
	if (a->term)
		tcsetattr(STDIN_FILENO, TCSANOW, &a->saved);
	a->term = false;
}

/* Output still in the tty after the end of stdin, for DRAIN_MS. */
static void drain(int tty)
{
	struct pollfd p = { .fd = tty, .events = POLLIN };
	char buf[CHUNK];
	ssize_t n;

	while (poll(&p, 1, DRAIN_MS) > 0) {
		n = read(tty, buf, sizeof(buf));
		if (n <= 0 || !put_all(STDOUT_FILENO, buf, n))
			return;
	}
}

enum attach_end { END_DETACHED, END_HUNGUP, END_SIGNAL, END_ERROR };

static enum attach_end attach_loop(struct attach *a)
{
	char buf[CHUNK], *hit;
	bool in_open = true;
	ssize_t n;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = a->tty, .events = POLLIN },
			{ .fd = STDIN_FILENO, .events = POLLIN },
		};

		if (__atomic_load_n(&got_signal, __ATOMIC_RELAXED))
			return END_SIGNAL;
		if (poll(p, in_open ? 2 : 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			return END_ERROR;
		}
		if (p[0].revents) {
			n = read(a->tty, buf, sizeof(buf));
			if (n == 0 || (n < 0 && errno == EIO) ||
			    (n < 0 && errno != EAGAIN && errno != EINTR))
				return END_HUNGUP;
			if (n > 0 && !put_all(STDOUT_FILENO, buf, n))
				return END_ERROR;
		}
		if (in_open && p[1].revents) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				/* No more input: what the guest answers, then go. */
				drain(a->tty);
				return END_DETACHED;
			}
			hit = a->esc == NO_ESCAPE ? NULL : memchr(buf, a->esc, n);
			if (hit)
				n = hit - buf;
			if (n && !put_all(a->tty, buf, n))
				return END_HUNGUP;
			if (hit)
				return END_DETACHED;
		}
	}
}

static int console_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "escape", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct attach a = { .tty = -1, .esc = 0x1d };
	char label[40], tty[64], path[80], escname[8];
	struct sigaction sa;
	struct hvx_vm_ref vm;
	enum attach_end end;
	int opt, ret;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":e:h", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'e':
			if (!parse_escape(optarg, &a.esc))
				return hvxctl_usage_error(cmd,
					"--escape takes a character, ^X (Ctrl-X) or 'none': '%s'",
					optarg);
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	if (optind == argc)
		return hvxctl_usage_error(cmd, "no VM given: name it by its name or handle");
	if (argc - optind > 1)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'",
					  argv[optind + 1]);
	ret = hvx_vm_resolve(argv[optind], &vm);
	if (ret)
		return ret;
	hvx_vm_label(&vm, label, sizeof(label));
	if (hvx_vm_text(vm.handle, "console", tty, sizeof(tty)) || !tty[0]) {
		hvxctl_err("VM %s has no console in hvx.ko to attach to (its VMM made none: hvxctl run makes one when hvx.ko has consoles)",
			   label);
		return HVXCTL_EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "/dev/%s", tty);
	a.tty = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (a.tty < 0) {
		if (errno == ENOENT || errno == ENODEV || errno == EIO)
			hvxctl_err("VM %s has ended: its console %s is gone", label, path);
		else
			hvxctl_err("cannot open %s (VM %s's console): %s%s", path,
				   label, strerror(errno),
				   errno == EACCES ? "; hvxctl console needs root" : "");
		return errno == EACCES ? HVXCTL_EXIT_FAIL : CONSOLE_EXIT_ENDED;
	}
	if (lock_tty(a.tty, label)) {
		close(a.tty);
		return HVXCTL_EXIT_FAIL;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fprintf(stderr, "hvxctl: connected to VM %s (%s); escape character is %s\r\n",
		label, path, escape_name(a.esc, escname, sizeof(escname)));
	term_raw(&a);
	end = attach_loop(&a);
	term_restore(&a);
	close(a.tty);

	switch (end) {
	case END_DETACHED:
		fprintf(stderr,
			"\r\nhvxctl: detached from VM %s, which runs on ('hvxctl console %s' attaches again)\r\n",
			label, label);
		return HVXCTL_EXIT_OK;
	case END_HUNGUP:
		fprintf(stderr, "\r\nhvxctl: VM %s has ended: its console hung up\r\n",
			label);
		return CONSOLE_EXIT_ENDED;
	case END_SIGNAL:
		fprintf(stderr, "\r\nhvxctl: signal %d: detached from VM %s, which runs on\r\n",
			(int)got_signal, label);
		return 128 + got_signal;
	default:
		hvxctl_err("VM %s's console: %s", label, strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
}

const struct hvxctl_cmd hvxctl_cmd_console = {
	.name = "console",
	.args = "[--escape CHAR] NAME",
	.summary = "attach the terminal to a VM's console",
	.help =
	"Attaches the terminal to the console of the VM NAME (its name, or its\n"
	"handle): the tty /dev/hvxcon<N> of its console in hvx.ko, as named in\n"
	"/sys/kernel/hvx/vms/vm<handle>/console. First comes what the guest\n"
	"printed before (as much as the console's 64 KiB ring holds), then its\n"
	"output as it comes; what is typed goes to the guest, unechoed (the\n"
	"terminal is raw: Ctrl-C goes to the guest too).\n"
	"\n"
	"The escape character (Ctrl-] unless --escape says otherwise) detaches:\n"
	"the VM runs on, and 'hvxctl console NAME' attaches again. The end of\n"
	"stdin detaches too. When the VM ends (powers off, 'hvxctl stop', its\n"
	"VMM exits) its console hangs up, which ends the attach with a message.\n"
	"One attach at a time: a second 'hvxctl console' of the same VM is\n"
	"refused while the first is attached.\n"
	"\n"
	"Options:\n"
	"  -e, --escape CHAR  the escape character: a character, ^X for Ctrl-X\n"
	"                     (^] is Ctrl-], the default), or 'none' (only the\n"
	"                     end of stdin or of the VM ends the attach)\n"
	"  -h, --help         show this help\n",
	.exit_help =
	"Exit status:\n"
	"  0      detached (the escape character, or the end of stdin); the VM\n"
	"         runs on\n"
	"  1      failure: the console is attached elsewhere, the VM has no\n"
	"         console, hvx not loaded, not root\n"
	"  2      usage error\n"
	"  3      no such VM\n"
	"  4      the VM ended while attached (its console hung up)\n"
	"  128+N  signal N (SIGHUP, SIGINT, SIGTERM) ended the attach\n",
	.run = console_run,
};
