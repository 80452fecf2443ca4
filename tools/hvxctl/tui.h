/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvxctl tui: a text UI for a headless host, drawn on a plain terminal or
 * serial line with ANSI cursor addressing and colours only.
 *
 *   tui-screen.c  the screen model: a small VT interpreter that keeps a
 *                 grid of cells for a console's output (one per VM, one
 *                 for the kernel log)
 *   tui-term.c    the terminal: raw mode, probes (size, UTF-8), keys,
 *                 drawing a frame as the changes from the last one
 *   tui-views.c   the screens: status, log, a VM's console; sysfs data
 *   tui.c         the command and its main loop
 */
#ifndef HVXCTL_TUI_H
#define HVXCTL_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>

/* A cell's attributes */
#define TUI_BOLD		0x01
#define TUI_UNDERLINE		0x02
#define TUI_REVERSE		0x04
#define TUI_COLOR_DEFAULT	9	/* SGR 39/49 */

/* Line drawing, mapped to ASCII on a terminal that does not decode UTF-8 */
#define TUI_HLINE		0x2500	/* ─ */
#define TUI_VLINE		0x2502	/* │ */
#define TUI_RARROW		0x25b6	/* ▶ */

struct tui_cell {
	uint32_t ch;	/* a code point; never a control character */
	uint8_t fg, bg;	/* 0-7 or TUI_COLOR_DEFAULT */
	uint8_t attr;
};

/* tui-screen.c */
#define TUI_MAX_PARAMS	16

struct tui_screen {
	int rows, cols;
	struct tui_cell *cells;		/* rows * cols */
	int x, y;			/* the cursor */
	bool wrap_next;			/* at the last column, a character was put */
	int top, bottom;		/* scrolling region, inclusive */
	int saved_x, saved_y;
	struct tui_cell pen;		/* attributes of new characters */
	/* the parser */
	int state;
	int params[TUI_MAX_PARAMS];
	int nr_params;
	bool priv;			/* CSI ? ... */
	int str_len;			/* bytes of an OSC/DCS string or CSI */
	uint32_t cp;			/* UTF-8 decoding */
	int cp_need;
	unsigned long long changes;	/* bumped by every change */
};

int tui_screen_init(struct tui_screen *s, int rows, int cols);
void tui_screen_free(struct tui_screen *s);
int tui_screen_resize(struct tui_screen *s, int rows, int cols);
void tui_screen_reset(struct tui_screen *s);
void tui_screen_feed(struct tui_screen *s, const void *buf, size_t n);
static inline struct tui_cell *tui_screen_cell(struct tui_screen *s, int y,
					       int x)
{
	return &s->cells[(size_t)y * s->cols + x];
}

/* tui-term.c */
#define TUI_DEFAULT_ROWS	24
#define TUI_DEFAULT_COLS	80
#define TUI_MIN_ROWS		6
#define TUI_MIN_COLS		30
#define TUI_MAX_ROWS		500
#define TUI_MAX_COLS		500

enum tui_charset { TUI_AUTO, TUI_ASCII, TUI_UTF8 };

/* Keys beyond bytes: */
enum {
	TUI_KEY_NONE = 0,
	TUI_KEY_BYTES,		/* ordinary input: in .bytes */
	TUI_KEY_F,		/* function key number .n (1-12) */
	TUI_KEY_UP, TUI_KEY_DOWN, TUI_KEY_LEFT, TUI_KEY_RIGHT,
	TUI_KEY_CPR,		/* cursor position report: key.row, key.col */
};

struct tui_key {
	int type;
	int n, row, col;
	unsigned char bytes[16];	/* what the terminal sent */
	size_t len;
};

struct tui_term {
	int in, out;			/* file descriptors */
	bool is_tty, restore;
	struct termios saved;
	bool utf8;
	int rows, cols;
	bool answers;			/* the terminal answered a probe */
	/* input not yet decoded */
	unsigned char inbuf[256];
	size_t inlen;
	/* output */
	char *obuf;
	size_t olen, ocap;
	/* what the terminal shows: drawn frames are diffed against it */
	struct tui_cell *shown;
	int shown_rows, shown_cols;
	bool full_redraw;
	unsigned long long bytes_out;
};

int tui_term_open(struct tui_term *t, const char *dev);
void tui_term_close(struct tui_term *t);
/* Size from the tty, else a cursor position probe; false if unknown. */
bool tui_term_winsize(struct tui_term *t, int *rows, int *cols);
void tui_term_probe(struct tui_term *t, enum tui_charset want, int timeout_ms);
/* Ask for the size with a cursor position report, answered as a key. */
void tui_term_ask_size(struct tui_term *t);
void tui_term_puts(struct tui_term *t, const char *s);
int tui_term_flush(struct tui_term *t);
/* Read what the terminal sent into the input buffer; -1 at its end. */
int tui_term_read(struct tui_term *t);
/* The next key from the input buffer; false if none is complete. */
bool tui_term_key(struct tui_term *t, struct tui_key *k, bool flush_esc);
/* CLOCK_MONOTONIC in milliseconds */
double tui_now_ms(void);
void tui_term_draw(struct tui_term *t, const struct tui_cell *frame,
		   int rows, int cols);

/* tui-views.c and tui.c */
#define TUI_SCREEN_STATUS	0
#define TUI_SCREEN_LOG		1
#define TUI_SCREEN_VM0		2	/* first VM's screen */
#define TUI_MAX_VMS		256

struct tui_vm {
	unsigned long long handle;
	unsigned long long pid;
	char name[64];
	char tty[64];			/* as sysfs names it: hvxcon1 */
	int fd;				/* the open tty, -1 if none */
	int open_err;			/* why it could not be opened */
	bool hung_up;			/* the tty ended: the VM went */
	bool seen;			/* still in sysfs at the last refresh */
	struct tui_screen scr;
	unsigned long long nr_vcpus, mem_kib, exits, dropped;
	bool have_exits;
	double exits_per_s;
	char state[16];
};

struct tui_status {
	char version[32];
	unsigned long long api, nr_hyp, mem_pages, pool_pages, pool_used;
	bool have_api, have_hyp, have_mem, have_pool;
	long nr_online;
	bool loaded;
};

struct tui {
	struct tui_term term;
	int screen;			/* TUI_SCREEN_* or TUI_SCREEN_VM0 + index */
	int sel;			/* the VM picked on the status screen */
	bool help, quit, prefix;
	struct tui_vm *vms[TUI_MAX_VMS];
	int nr_vms;
	struct tui_status st;
	struct tui_screen log;
	int kmsg_fd;
	double last_refresh;
	struct tui_cell *frame;
	int rows, cols;
};

/* The console area: all rows but the title bar and the help line. */
static inline int tui_body_rows(const struct tui *u)
{
	return u->rows - 2;
}

int tui_views_refresh(struct tui *u, double now);
void tui_views_read_vm(struct tui *u, struct tui_vm *vm);
void tui_views_read_kmsg(struct tui *u);
void tui_views_render(struct tui *u);
int tui_views_resize(struct tui *u, int rows, int cols);
void tui_views_free(struct tui *u);

#endif /* HVXCTL_TUI_H */
