// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl tui [--tty DEV] [--ascii | --utf8]: the hypervisor's screens
 * (status, kernel log, each VM's console) on one terminal or serial line,
 * switched from the keyboard; see tui.h for the files.
 *
 * One thread, one poll() over the terminal, the consoles' ttys and
 * /dev/kmsg: keys are handled first, every console is read a chunk at a
 * time into its screen model whether shown or not, and the shown screen
 * is drawn at most every FRAME_MS, so a guest flooding its console cannot
 * make the UI deaf. The status data is read again every second.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvxctl.h"
#include "tui.h"

#define PROBE_MS	1500	/* a terminal's answer to a probe */
#define ESC_MS		60	/* a lone ESC, if nothing follows */
#define FRAME_MS	30	/* the shortest time between two frames */
#define REFRESH_MS	1000	/* sysfs read again */
#define SIZE_ASK_MS	3000	/* a serial terminal asked for its size */
#define KMSG_BATCH	64	/* log records read a loop */
#define CTRL_A		0x01

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	unsigned char c = sig;
	int saved = errno;
	ssize_t n;

	/* a full pipe: a signal is already waiting */
	n = write(sig_pipe[1], &c, 1);
	(void)n;
	errno = saved;
}

static struct tui_vm *shown_vm(struct tui *u)
{
	int i = u->screen - TUI_SCREEN_VM0;

	return i >= 0 && i < u->nr_vms ? u->vms[i] : NULL;
}

static void resize(struct tui *u, int rows, int cols)
{
	if (rows == u->rows && cols == u->cols)
		return;
	if (!tui_views_resize(u, rows, cols))
		u->term.full_redraw = true;
}

static void show(struct tui *u, int screen)
{
	if (screen < 0 || screen >= TUI_SCREEN_VM0 + u->nr_vms)
		return;
	u->screen = screen;
	u->help = false;
	if (screen >= TUI_SCREEN_VM0)
		u->sel = screen - TUI_SCREEN_VM0;
	/* an ended VM left behind is dropped now */
	tui_views_refresh(u, tui_now_ms() / 1e3);
}

static void to_vm(struct tui_vm *vm, const void *p, size_t n)
{
	ssize_t done;

	if (!vm || vm->fd < 0)
		return;
	/* a full input FIFO drops keys, as a busy serial line does */
	done = write(vm->fd, p, n);
	(void)done;
}

static void prefixed(struct tui *u, struct tui_key *k)
{
	int nr = TUI_SCREEN_VM0 + u->nr_vms, rows, cols;
	unsigned char c = k->bytes[0];

	if (k->type == TUI_KEY_F) {
		show(u, k->n - 1);
		return;
	}
	if (k->type != TUI_KEY_BYTES)
		return;
	if (c >= '1' && c <= '9') {
		show(u, c - '1');
		return;
	}
	switch (c) {
	case '0':
		show(u, 9);
		break;
	case 'n':
		show(u, (u->screen + 1) % nr);
		break;
	case 'p':
		show(u, (u->screen + nr - 1) % nr);
		break;
	case 'q':
		u->quit = true;
		break;
	case '?':
	case 'h':
		u->help = true;
		break;
	case 'r':
		u->term.full_redraw = true;
		if (u->term.answers && !tui_term_winsize(&u->term, &rows, &cols))
			tui_term_ask_size(&u->term);
		break;
	case 'a':
	case CTRL_A:
		to_vm(shown_vm(u), "\x01", 1);
		break;
	}
}

static void handle_key(struct tui *u, struct tui_key *k)
{
	struct tui_vm *vm = shown_vm(u);
	unsigned char c = k->bytes[0];

	if (k->type == TUI_KEY_CPR) {
		/* the answer to a size probe (a serial line) */
		if (k->row >= TUI_MIN_ROWS && k->col >= TUI_MIN_COLS &&
		    k->row <= TUI_MAX_ROWS && k->col <= TUI_MAX_COLS)
			resize(u, k->row, k->col);
		return;
	}
	if (u->prefix) {
		u->prefix = false;
		prefixed(u, k);
		return;
	}
	if (k->type == TUI_KEY_BYTES && k->len == 1 && c == CTRL_A) {
		u->prefix = true;
		return;
	}
	if (k->type == TUI_KEY_F) {
		show(u, k->n - 1);
		return;
	}
	if (u->help) {
		u->help = false;
		return;
	}
	if (vm) {
		to_vm(vm, k->bytes, k->len);
		return;
	}
	if (k->type == TUI_KEY_UP && u->sel > 0)
		u->sel--;
	else if (k->type == TUI_KEY_DOWN && u->sel + 1 < u->nr_vms)
		u->sel++;
	else if (k->type != TUI_KEY_BYTES)
		return;
	else if (c == 'q')
		u->quit = true;
	else if ((c == '\r' || c == '\n') && u->screen == TUI_SCREEN_STATUS &&
		 u->nr_vms)
		show(u, TUI_SCREEN_VM0 + u->sel);
}

static void draw(struct tui *u)
{
	struct tui_vm *vm = shown_vm(u);
	char buf[48];

	tui_views_render(u);
	tui_term_draw(&u->term, u->frame, u->rows, u->cols);
	/* the cursor where the guest has it, on its screen */
	if (vm && !u->help && vm->scr.y < tui_body_rows(u) && vm->scr.x < u->cols) {
		snprintf(buf, sizeof(buf), "\033[%d;%dH\033[?25h", vm->scr.y + 2,
			 vm->scr.x + 1);
		tui_term_puts(&u->term, buf);
	} else {
		tui_term_puts(&u->term, "\033[?25l");
	}
	tui_term_flush(&u->term);
}

static void signals(struct tui *u)
{
	unsigned char sig;
	int rows, cols;

	while (read(sig_pipe[0], &sig, 1) == 1) {
		if (sig == SIGWINCH) {
			if (tui_term_winsize(&u->term, &rows, &cols))
				resize(u, rows, cols);
		} else {
			u->quit = true;
		}
	}
}

#define MAX_FDS		(3 + TUI_MAX_VMS)

static int loop(struct tui *u)
{
	double next_refresh = 0, last_draw = 0, next_ask, t;
	struct pollfd p[MAX_FDS];
	struct tui_vm *vmp[MAX_FDS];
	bool pending = true, serial;
	struct tui_key k;
	int n, i, r, timeout, rows, cols;

	serial = !tui_term_winsize(&u->term, &rows, &cols) && u->term.answers;
	next_ask = tui_now_ms() + SIZE_ASK_MS;
	while (!u->quit) {
		t = tui_now_ms();
		if (t >= next_refresh) {
			tui_views_refresh(u, t / 1e3);
			next_refresh = t + REFRESH_MS;
			pending = true;
		}
		if (serial && t >= next_ask) {
			tui_term_ask_size(&u->term);
			next_ask = t + SIZE_ASK_MS;
		}
		if (pending && t - last_draw >= FRAME_MS) {
			draw(u);
			last_draw = t;
			pending = false;
		}

		n = 0;
		p[n++] = (struct pollfd){ .fd = u->term.in, .events = POLLIN };
		p[n++] = (struct pollfd){ .fd = sig_pipe[0], .events = POLLIN };
		p[n] = (struct pollfd){ .fd = u->kmsg_fd, .events = POLLIN };
		vmp[n++] = NULL;
		for (i = 0; i < u->nr_vms; i++) {
			if (u->vms[i]->fd < 0)
				continue;
			p[n] = (struct pollfd){ .fd = u->vms[i]->fd, .events = POLLIN };
			vmp[n++] = u->vms[i];
		}
		timeout = (int)(next_refresh - t) + 1;
		if (serial && next_ask - t + 1 < timeout)
			timeout = (int)(next_ask - t) + 1;
		if (pending && FRAME_MS - (t - last_draw) + 1 < timeout)
			timeout = (int)(FRAME_MS - (t - last_draw)) + 1;
		if (u->term.inlen && ESC_MS < timeout)
			timeout = ESC_MS;
		if (timeout < 0)
			timeout = 0;

		r = poll(p, n, timeout);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r < 0)
			continue;
		if (p[1].revents)
			signals(u);
		if (p[0].revents) {
			if (tui_term_read(&u->term) < 0)
				break;	/* the terminal went */
		}
		/* keys; an ESC nothing followed is a key of its own */
		while (tui_term_key(&u->term, &k, r == 0)) {
			handle_key(u, &k);
			pending = true;
		}
		if (p[0].revents)
			last_draw = 0;	/* answer keys at once */
		if (p[2].revents) {
			for (i = 0; i < KMSG_BATCH && u->kmsg_fd >= 0; i++)
				tui_views_read_kmsg(u);
			pending = true;
		}
		for (i = 3; i < n; i++) {
			if (!p[i].revents)
				continue;
			/* still there? a key may have dropped it */
			for (r = 0; r < u->nr_vms; r++)
				if (u->vms[r] == vmp[i])
					tui_views_read_vm(u, vmp[i]);
			pending = true;
		}
	}
	return 0;
}

static int tui_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tty", required_argument, NULL, 't' },
		{ "ascii", no_argument, NULL, 'a' },
		{ "utf8", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum tui_charset cs = TUI_AUTO;
	const char *dev = NULL;
	struct sigaction sa;
	struct tui *u;
	int opt, ret;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":t:auh", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 't':
			dev = optarg;
			break;
		case 'a':
			cs = TUI_ASCII;
			break;
		case 'u':
			cs = TUI_UTF8;
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'", argv[optind]);

	u = calloc(1, sizeof(*u));
	if (!u || pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK)) {
		hvxctl_err("out of memory");
		free(u);
		return HVXCTL_EXIT_FAIL;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGWINCH, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (tui_term_open(&u->term, dev)) {
		hvxctl_err("%s: %s", dev ? dev : "stdout", strerror(errno));
		free(u);
		return HVXCTL_EXIT_FAIL;
	}
	tui_term_probe(&u->term, cs, PROBE_MS);
	u->kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ret = tui_screen_init(&u->log, u->term.rows - 2, u->term.cols);
	if (!ret)
		ret = tui_views_resize(u, u->term.rows, u->term.cols);
	if (!ret)
		ret = loop(u);
	tui_term_close(&u->term);
	if (u->kmsg_fd >= 0)
		close(u->kmsg_fd);
	tui_views_free(u);
	free(u);
	if (ret) {
		hvxctl_err("the text UI failed: %s", strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	return HVXCTL_EXIT_OK;
}

const struct hvxctl_cmd hvxctl_cmd_tui = {
	.name = "tui",
	.args = "[--tty DEV] [--ascii | --utf8]",
	.summary = "show hvx's status, log and VM consoles on a terminal (text UI)",
	.help =
	"A text UI for a host without a display: on one terminal (any VT100-like\n"
	"one, e.g. a serial line) it shows\n"
	"  F1  the status screen: hvx's version, its CPUs at EL2, its memory and\n"
	"      EL2 pool, and each VM (handle, name, state, vCPUs, memory, exits\n"
	"      per second, console tty), read every second from /sys/kernel/hvx\n"
	"  F2  the host kernel's log (/dev/kmsg)\n"
	"  F3 ... F12  the consoles of the VMs (/dev/hvxcon<N>): keys typed\n"
	"      there go to the VM\n"
	"Each console keeps its own screen, written while another is shown.\n"
	"\n"
	"Keys: F1-F12 pick a screen. Terminals without function keys use Ctrl-A,\n"
	"then 1-9 or 0 (the screen of F1-F10), n or p (next, previous screen),\n"
	"r (redraw), a (a Ctrl-A for the VM), ? (help), q (quit). On the status\n"
	"screen Up/Down and Enter open a VM's console; q quits on the status and\n"
	"log screens. The VMs go on running after the UI quits.\n"
	"\n"
	"It draws with ANSI cursor addressing and colours only. A serial line's\n"
	"size, and whether the terminal decodes UTF-8, are asked with cursor\n"
	"position reports; a terminal that does not answer gets ASCII and 80x24.\n"
	"\n"
	"Options:\n"
	"  -t, --tty DEV  run on the terminal DEV (e.g. /dev/ttyAMA0) instead of\n"
	"                 stdin and stdout\n"
	"  -a, --ascii    ASCII only: line-drawing with - | >, and nothing >= 0x80\n"
	"                 sent (a guest's other characters shown as ?)\n"
	"  -u, --utf8     UTF-8 without asking the terminal\n"
	"  -h, --help     show this help\n"
	"\n"
	"Needs root to read the VMs' counters and open their consoles.\n",
	.run = tui_run,
};
