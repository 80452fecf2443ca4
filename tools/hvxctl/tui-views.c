// SPDX-License-Identifier: GPL-2.0
/*
 * The text UI's screens, drawn into a frame (a grid of cells) that
 * tui-term.c puts on the terminal:
 *
 *   status   hvx's version, its CPUs at EL2, its memory and EL2 pool, and
 *            a row per VM (handle, name, state, vCPUs, memory, exits per
 *            second, console tty), from /sys/kernel/hvx (or $HVX_SYSFS),
 *            read again every second
 *   log      the host kernel's log (/dev/kmsg), as dmesg prints it
 *   VM       the VM's console: its tty's output through a screen model
 *
 * A title bar on the first row names the screens and their keys, a help
 * line on the last says what the keys do. VMs come and go: one that left
 * sysfs is dropped, unless its screen is shown, where it stays as
 * "ended" until another screen is picked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "hvxctl.h"
#include "tui.h"

#define READ_CHUNK	4096
#define KMSG_RECORD	8192

/* Title bar and help line: white on blue; the shown screen's tab: cyan. */
#define BAR_FG		7
#define BAR_BG		4
#define TAB_FG		0
#define TAB_BG		6

/* ----- sysfs ----- */

/* The first line of REL below the hvx sysfs root, printable ASCII only. */
static bool sysfs_str(const char *rel, char *buf, size_t size)
{
	char path[512];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", hvx_sysfs_root(), rel);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	for (i = 0; buf[i]; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e)
			buf[i] = '?';
	return buf[0] != '\0';
}

static void vm_rel(char *rel, size_t size, unsigned long long handle,
		   const char *file)
{
	snprintf(rel, size, "vms/vm%llu/%s", handle, file);
}

/*
 * Opens the VM's console tty, raw; its name must be a path below /dev.
 * A failure is said on the VM's screen (once for each errno); the next
 * refresh tries again.
 */
static void vm_open_tty(struct tui_vm *vm)
{
	char path[96], msg[160];
	struct termios t;
	int len;

	if (!vm->tty[0] || vm->tty[0] == '/' || strstr(vm->tty, ".."))
		return;
	snprintf(path, sizeof(path), "/dev/%s", vm->tty);
	vm->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (vm->fd < 0) {
		if (errno != vm->open_err) {
			vm->open_err = errno;
			len = snprintf(msg, sizeof(msg), "[hvxctl tui: %s: %s]\r\n",
				       path, strerror(errno));
			tui_screen_feed(&vm->scr, msg, len < (int)sizeof(msg) ? len :
					(int)sizeof(msg) - 1);
		}
		return;
	}
	vm->open_err = 0;
	if (!tcgetattr(vm->fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(vm->fd, TCSANOW, &t);
	}
}

static void vm_free(struct tui_vm *vm)
{
	if (vm->fd >= 0)
		close(vm->fd);
	tui_screen_free(&vm->scr);
	free(vm);
}

static struct tui_vm *vm_new(struct tui *u, unsigned long long handle,
			     unsigned long long pid)
{
	struct tui_vm *vm = calloc(1, sizeof(*vm));
	char rel[96];

	if (!vm)
		return NULL;
	if (tui_screen_init(&vm->scr, tui_body_rows(u), u->cols)) {
		free(vm);
		return NULL;
	}
	vm->handle = handle;
	vm->pid = pid;
	vm->fd = -1;
	vm_rel(rel, sizeof(rel), handle, "console");
	sysfs_str(rel, vm->tty, sizeof(vm->tty));
	return vm;
}

static void vm_update(struct tui_vm *vm, double dt)
{
	unsigned long long exits;
	char rel[96];

	vm_rel(rel, sizeof(rel), vm->handle, "name");
	if (!sysfs_str(rel, vm->name, sizeof(vm->name)))
		vm->name[0] = '\0';
	vm_rel(rel, sizeof(rel), vm->handle, "nr_vcpus");
	hvx_sysfs_u64(rel, &vm->nr_vcpus);
	vm_rel(rel, sizeof(rel), vm->handle, "mem_kib");
	hvx_sysfs_u64(rel, &vm->mem_kib);
	vm_rel(rel, sizeof(rel), vm->handle, "console_dropped");
	hvx_sysfs_u64(rel, &vm->dropped);
	vm_rel(rel, sizeof(rel), vm->handle, "exits");
	if (!hvx_sysfs_u64(rel, &exits)) {
		if (vm->have_exits && dt > 0 && exits >= vm->exits)
			vm->exits_per_s = (exits - vm->exits) / dt;
		vm->exits = exits;
		vm->have_exits = true;
	}
	vm_rel(rel, sizeof(rel), vm->handle, "state");
	if (!sysfs_str(rel, vm->state, sizeof(vm->state)))
		snprintf(vm->state, sizeof(vm->state), "%s",
			 vm->exits_per_s > 0 ? "running" : "idle");
}

static void read_status(struct tui_status *st)
{
	unsigned long long used = 0;

	st->loaded = hvx_sysfs_exists(".");
	if (!sysfs_str("version", st->version, sizeof(st->version)))
		snprintf(st->version, sizeof(st->version), "?");
	st->have_api = !hvx_sysfs_u64("api_version", &st->api);
	st->have_hyp = !hvx_sysfs_u64("nr_hyp_cpus", &st->nr_hyp);
	st->have_mem = !hvx_sysfs_u64("mem_pages", &st->mem_pages);
	st->have_pool = !hvx_sysfs_u64("pool_pages", &st->pool_pages) &&
			!hvx_sysfs_u64("pool_used_pages", &used);
	if (st->have_pool)
		st->pool_used = used;
	st->nr_online = sysconf(_SC_NPROCESSORS_ONLN);
}

static struct tui_vm *shown_vm(struct tui *u)
{
	int i = u->screen - TUI_SCREEN_VM0;

	return i >= 0 && i < u->nr_vms ? u->vms[i] : NULL;
}

static int by_handle(const void *a, const void *b)
{
	const struct tui_vm *x = *(struct tui_vm *const *)a;
	const struct tui_vm *y = *(struct tui_vm *const *)b;

	return x->handle < y->handle ? -1 : x->handle > y->handle;
}

int tui_views_refresh(struct tui *u, double now)
{
	struct tui_vm *cur = shown_vm(u), *vm;
	unsigned long long *ids = NULL, pid;
	double dt = u->last_refresh ? now - u->last_refresh : 0;
	char rel[96];
	int i, j, n;

	u->last_refresh = now;
	read_status(&u->st);
	for (i = 0; i < u->nr_vms; i++)
		u->vms[i]->seen = false;
	n = hvx_sysfs_list("vms", "vm", &ids);
	for (i = 0; i < n; i++) {
		vm_rel(rel, sizeof(rel), ids[i], "pid");
		if (hvx_sysfs_u64(rel, &pid))
			continue;	/* gone meanwhile */
		/* A handle used again by a new VM is a new VM. */
		for (vm = NULL, j = 0; j < u->nr_vms; j++)
			if (u->vms[j]->handle == ids[i] && u->vms[j]->pid == pid &&
			    !u->vms[j]->hung_up)
				vm = u->vms[j];
		if (!vm) {
			if (u->nr_vms == TUI_MAX_VMS)
				continue;
			vm = vm_new(u, ids[i], pid);
			if (!vm)
				continue;
			u->vms[u->nr_vms++] = vm;
		}
		vm->seen = true;
		if (vm->fd < 0 && !vm->hung_up)
			vm_open_tty(vm);
		vm_update(vm, dt);
	}
	free(ids);
	/* Drop the VMs that went, but the one shown. */
	for (i = j = 0; i < u->nr_vms; i++) {
		vm = u->vms[i];
		if (!vm->seen && vm != cur) {
			vm_free(vm);
			continue;
		}
		if (!vm->seen)
			snprintf(vm->state, sizeof(vm->state), "ended");
		u->vms[j++] = vm;
	}
	u->nr_vms = j;
	qsort(u->vms, u->nr_vms, sizeof(u->vms[0]), by_handle);
	if (cur)
		for (i = 0; i < u->nr_vms; i++)
			if (u->vms[i] == cur)
				u->screen = TUI_SCREEN_VM0 + i;
	if (u->sel >= u->nr_vms)
		u->sel = u->nr_vms ? u->nr_vms - 1 : 0;
	return n < 0 ? -1 : 0;
}

void tui_views_read_vm(struct tui *u, struct tui_vm *vm)
{
	unsigned char buf[READ_CHUNK];
	ssize_t n;

	(void)u;
	if (vm->fd < 0)
		return;
	n = read(vm->fd, buf, sizeof(buf));
	if (n > 0) {
		tui_screen_feed(&vm->scr, buf, n);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	/* hung up: the VM was destroyed */
	close(vm->fd);
	vm->fd = -1;
	vm->hung_up = true;
	snprintf(vm->state, sizeof(vm->state), "ended");
}

/* One /dev/kmsg record ("prio,seq,usec,flags;text\n" + "  KEY=..." lines) */
void tui_views_read_kmsg(struct tui *u)
{
	char rec[KMSG_RECORD], line[KMSG_RECORD + 32], *text, *end;
	unsigned long long usec = 0;
	ssize_t n;
	int len;

	if (u->kmsg_fd < 0)
		return;
	n = read(u->kmsg_fd, rec, sizeof(rec) - 1);
	if (n < 0 && errno == EPIPE)
		return;	/* records overwritten before they were read */
	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			close(u->kmsg_fd);
			u->kmsg_fd = -1;
		}
		return;
	}
	rec[n] = '\0';
	text = strchr(rec, ';');
	if (!text)
		return;
	*text++ = '\0';
	end = strchr(text, '\n');
	if (end)
		*end = '\0';
	if (sscanf(rec, "%*u,%*u,%llu", &usec) != 1)
		usec = 0;
	len = snprintf(line, sizeof(line), "[%5llu.%06llu] %s\r\n",
		       usec / 1000000, usec % 1000000, text);
	if (len > (int)sizeof(line) - 1)
		len = sizeof(line) - 1;
	tui_screen_feed(&u->log, line, len);
}

int tui_views_resize(struct tui *u, int rows, int cols)
{
	struct tui_cell *frame;
	int i;

	frame = calloc((size_t)rows * cols, sizeof(*frame));
	if (!frame)
		return -1;
	free(u->frame);
	u->frame = frame;
	u->rows = rows;
	u->cols = cols;
	tui_screen_resize(&u->log, tui_body_rows(u), cols);
	for (i = 0; i < u->nr_vms; i++)
		tui_screen_resize(&u->vms[i]->scr, tui_body_rows(u), cols);
	return 0;
}

void tui_views_free(struct tui *u)
{
	int i;

	for (i = 0; i < u->nr_vms; i++)
		vm_free(u->vms[i]);
	u->nr_vms = 0;
	tui_screen_free(&u->log);
	free(u->frame);
	u->frame = NULL;
}

/* ----- drawing into the frame ----- */

static struct tui_cell *cell(struct tui *u, int y, int x)
{
	return &u->frame[(size_t)y * u->cols + x];
}

static void fill(struct tui *u, int y, uint32_t ch, int fg, int bg, int attr)
{
	int x;

	for (x = 0; x < u->cols; x++) {
		struct tui_cell *c = cell(u, y, x);

		c->ch = ch;
		c->fg = fg;
		c->bg = bg;
		c->attr = attr;
	}
}

/* Text at y, x in the colours given, cut at the right edge; returns x after. */
static int text(struct tui *u, int y, int x, const char *s, int fg, int bg,
		int attr)
{
	for (; *s && x < u->cols; s++, x++) {
		struct tui_cell *c = cell(u, y, x);

		c->ch = (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ?
			(unsigned char)*s : '?';
		c->fg = fg;
		c->bg = bg;
		c->attr = attr;
	}
	return x;
}

static int plain(struct tui *u, int y, int x, const char *s)
{
	return text(u, y, x, s, TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, 0);
}

static const char *vm_label(const struct tui_vm *vm, char *buf, size_t size)
{
	if (vm->name[0])
		snprintf(buf, size, "%s", vm->name);
	else
		snprintf(buf, size, "vm%llu", vm->handle);
	return buf;
}

static void title_bar(struct tui *u)
{
	char tab[96], label[64];
	int i, x;

	fill(u, 0, ' ', BAR_FG, BAR_BG, 0);
	x = text(u, 0, 0, " hvx ", BAR_FG, BAR_BG, TUI_BOLD);
	for (i = -2; i < u->nr_vms && x < u->cols; i++) {
		int screen = i + TUI_SCREEN_VM0;
		bool on = screen == u->screen;

		if (i == -2)
			snprintf(tab, sizeof(tab), " F1 Status ");
		else if (i == -1)
			snprintf(tab, sizeof(tab), " F2 Log ");
		else if (screen < 12)
			snprintf(tab, sizeof(tab), " F%d %s ", screen + 1,
				 vm_label(u->vms[i], label, sizeof(label)));
		else
			snprintf(tab, sizeof(tab), " %s ",
				 vm_label(u->vms[i], label, sizeof(label)));
		cell(u, 0, x)->ch = TUI_VLINE;
		x = text(u, 0, x + 1 < u->cols ? x + 1 : x, tab,
			 on ? TAB_FG : BAR_FG, on ? TAB_BG : BAR_BG,
			 on ? TUI_BOLD : 0);
	}
}

static void help_line(struct tui *u)
{
	const char *s;

	if (u->help)
		s = " any key: back";
	else if (u->screen == TUI_SCREEN_STATUS)
		s = " Up/Down Enter: open | F1-F12, ^A 1-9 0 n p: screens | ^A ?: help | q: quit";
	else if (u->screen == TUI_SCREEN_LOG)
		s = " F1-F12, ^A 1-9 0 n p: screens | ^A ?: help | q: quit";
	else if (shown_vm(u) && shown_vm(u)->hung_up)
		s = " the VM ended | F1-F12, ^A 1-9 0 n p: screens | ^A ?: help | ^A q: quit";
	else
		s = " keys go to the VM | F1-F12, ^A 1-9 0 n p: screens | ^A ?: help | ^A q: quit";
	fill(u, u->rows - 1, ' ', BAR_FG, BAR_BG, 0);
	text(u, u->rows - 1, 0, s, BAR_FG, BAR_BG, 0);
}

static const char *const help_text[] = {
	"hvxctl tui: the hypervisor's screens on one terminal.",
	"",
	"  F1            the status screen: hvx, its CPUs and memory, the VMs",
	"  F2            the host kernel's log",
	"  F3 ... F12    the consoles of the first ten VMs: keys go to the VM",
	"",
	"Terminals without function keys: Ctrl-A, then",
	"  1 ... 9, 0    the screen of F1 ... F10",
	"  n / p         the next / previous screen",
	"  r             redraw (and ask a serial terminal for its size again)",
	"  a             send a Ctrl-A to the VM",
	"  ?  or  h      this help",
	"  q             quit (on the status and log screens q alone quits)",
	"",
	"On the status screen Up/Down pick a VM and Enter opens its console.",
	"VMs go on running when the UI quits; their output is recorded while",
	"their screen is not shown.",
};

static void help_screen(struct tui *u)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(help_text) && (int)i + 2 < u->rows - 1; i++)
		plain(u, 2 + i, 2, help_text[i]);
}

static void status_screen(struct tui *u)
{
	const struct tui_status *st = &u->st;
	int y = 2, x, i, first, visible;
	char buf[160], label[64], mem[24], screen[8], rate[24];

	if (!st->loaded) {
		snprintf(buf, sizeof(buf), "hvx is not loaded (%s missing)",
			 hvx_sysfs_root());
		text(u, 2, 1, buf, 1, TUI_COLOR_DEFAULT, TUI_BOLD);
		return;
	}
	snprintf(buf, sizeof(buf), "hvx %s", st->version);
	x = text(u, 1, 1, buf, TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, TUI_BOLD);
	if (st->have_api) {
		snprintf(buf, sizeof(buf), " (API %llu)", st->api);
		x = plain(u, 1, x, buf);
	}
	if (st->have_hyp) {
		snprintf(buf, sizeof(buf), "   CPUs at EL2: %llu of %ld online",
			 st->nr_hyp, st->nr_online);
		plain(u, 1, x, buf);
	}
	if (st->have_mem || st->have_pool) {
		x = plain(u, 2, 1, "memory:");
		if (st->have_mem) {
			snprintf(buf, sizeof(buf), " %llu pages taken from the host",
				 st->mem_pages);
			x = plain(u, 2, x, buf);
		}
		if (st->have_pool) {
			snprintf(buf, sizeof(buf), "   EL2 pool: %llu of %llu pages used",
				 st->pool_used, st->pool_pages);
			plain(u, 2, x, buf);
		}
	}
	snprintf(buf, sizeof(buf), "VMs: %d", u->nr_vms);
	plain(u, 3, 1, buf);

	y = 5;
	snprintf(buf, sizeof(buf), "  %-6s %-16s %-8s %5s %10s %8s  %-10s %s",
		 "VM", "NAME", "STATE", "VCPUS", "MEMORY", "EXITS/S", "CONSOLE",
		 "KEY");
	text(u, y++, 0, buf, TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, TUI_BOLD);
	for (x = 1; x < u->cols - 1; x++)
		cell(u, y, x)->ch = TUI_HLINE;
	y++;
	visible = u->rows - 1 - y;
	first = u->sel >= visible ? u->sel - visible + 1 : 0;
	if (!u->nr_vms)
		plain(u, y, 2, "no VMs (start one with: hvxctl run ...)");
	for (i = first; i < u->nr_vms && y < u->rows - 1; i++, y++) {
		const struct tui_vm *vm = u->vms[i];
		bool on = i == u->sel;

		snprintf(mem, sizeof(mem), "%llu MiB", vm->mem_kib / 1024);
		snprintf(screen, sizeof(screen), i + TUI_SCREEN_VM0 < 12 ? "F%d" : "-",
			 i + TUI_SCREEN_VM0 + 1);
		snprintf(rate, sizeof(rate), "%.0f", vm->exits_per_s);
		snprintf(buf, sizeof(buf), "  %-6llu %-16.16s %-8s %5llu %10s %8s  %-10.10s %s",
			 vm->handle, vm_label(vm, label, sizeof(label)), vm->state,
			 vm->nr_vcpus, mem, rate, vm->tty[0] ? vm->tty : "-", screen);
		if (on) {
			fill(u, y, ' ', TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, TUI_REVERSE);
			text(u, y, 0, buf, TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, TUI_REVERSE);
			cell(u, y, 0)->ch = TUI_RARROW;
		} else {
			plain(u, y, 0, buf);
		}
	}
}

static void copy_screen(struct tui *u, struct tui_screen *s)
{
	int y, rows = tui_body_rows(u);

	for (y = 0; y < rows && y < s->rows; y++)
		memcpy(cell(u, y + 1, 0), tui_screen_cell(s, y, 0),
		       (s->cols < u->cols ? s->cols : u->cols) * sizeof(struct tui_cell));
}

void tui_views_render(struct tui *u)
{
	struct tui_vm *vm = shown_vm(u);
	int y;

	for (y = 0; y < u->rows; y++)
		fill(u, y, ' ', TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, 0);
	title_bar(u);
	help_line(u);
	if (u->help)
		help_screen(u);
	else if (u->screen == TUI_SCREEN_LOG)
		copy_screen(u, &u->log);
	else if (vm)
		copy_screen(u, &vm->scr);
	else
		status_screen(u);
}
