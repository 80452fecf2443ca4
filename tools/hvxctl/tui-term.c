// SPDX-License-Identifier: GPL-2.0
/*
 * The text UI's terminal: a tty (or a serial line) in raw mode, written
 * with ANSI (ECMA-48) sequences only, so that any VT100-like terminal
 * shows it.
 *
 *   probes   a serial line has no window size (TIOCGWINSZ says 0x0): the
 *            cursor is sent to 999;999 and a cursor position report (CSI
 *            6n) asked for, which the terminal clamps to its size. Whether
 *            it decodes UTF-8: "é" (two bytes in UTF-8) is printed at the
 *            first column and the position asked for: column 2 says one
 *            character, UTF-8; column 3 two, ASCII line-drawing then. A
 *            terminal that answers neither within the timeout gets ASCII
 *            and 80x24.
 *   output   a frame (a grid of cells) is drawn as the cells that differ
 *            from what the last frame left on the terminal, so that a
 *            flood of guest output costs at most a screenful a frame. In
 *            ASCII mode nothing >= 0x80 is ever sent: other characters
 *            become '?', line-drawing becomes - | >.
 *   keys     function keys (xterm, VT220 and Linux console encodings),
 *            arrows, cursor position reports; everything else is passed on
 *            as the bytes the terminal sent.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "hvxctl.h"
#include "tui.h"

#define ESC		"\033"
#define CSI		ESC "["
#define KEY_ESC		0x1b

int tui_term_open(struct tui_term *t, const char *dev)
{
	struct termios raw;

	memset(t, 0, sizeof(*t));
	t->in = STDIN_FILENO;
	t->out = STDOUT_FILENO;
	t->rows = TUI_DEFAULT_ROWS;
	t->cols = TUI_DEFAULT_COLS;
	t->full_redraw = true;
	if (dev) {
		t->in = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (t->in < 0)
			return -1;
		t->out = t->in;
	}
	if (!tcgetattr(t->in, &t->saved)) {
		t->is_tty = true;
		raw = t->saved;
		cfmakeraw(&raw);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		if (!tcsetattr(t->in, TCSANOW, &raw))
			t->restore = true;
	}
	/* the alternate screen where there is one; no cursor while drawing */
	tui_term_puts(t, CSI "?1049h" CSI "?25l" CSI "0m" CSI "2J");
	return tui_term_flush(t);
}

void tui_term_close(struct tui_term *t)
{
	tui_term_puts(t, CSI "0m" CSI "2J" CSI "H" CSI "?25h" CSI "?1049l");
	tui_term_flush(t);
	if (t->restore)
		tcsetattr(t->in, TCSADRAIN, &t->saved);
	if (t->in != STDIN_FILENO)
		close(t->in);
	free(t->obuf);
	free(t->shown);
	t->obuf = NULL;
	t->shown = NULL;
}

static void out(struct tui_term *t, const void *p, size_t n)
{
	if (t->olen + n > t->ocap) {
		size_t cap = (t->olen + n) * 2 + 4096;
		char *b = realloc(t->obuf, cap);

		if (!b)
			return;	/* dropped; the next full redraw repairs it */
		t->obuf = b;
		t->ocap = cap;
	}
	memcpy(t->obuf + t->olen, p, n);
	t->olen += n;
}

void tui_term_puts(struct tui_term *t, const char *s)
{
	out(t, s, strlen(s));
}

static void move(struct tui_term *t, int y, int x)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), CSI "%d;%dH", y + 1, x + 1);

	out(t, buf, n);
}

int tui_term_flush(struct tui_term *t)
{
	size_t done = 0;
	ssize_t n;

	while (done < t->olen) {
		n = write(t->out, t->obuf + done, t->olen - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = t->out, .events = POLLOUT };

			poll(&p, 1, 100);
			continue;
		}
		if (n <= 0) {
			t->olen = 0;
			return -1;
		}
		done += n;
	}
	t->bytes_out += done;
	t->olen = 0;
	return 0;
}

int tui_term_read(struct tui_term *t)
{
	ssize_t n;

	if (t->inlen == sizeof(t->inbuf))
		return 0;
	n = read(t->in, t->inbuf + t->inlen, sizeof(t->inbuf) - t->inlen);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -1;
	if (n == 0)
		return -1;
	t->inlen += n;
	return n;
}

static void consume(struct tui_term *t, size_t at, size_t n)
{
	memmove(t->inbuf + at, t->inbuf + at + n, t->inlen - at - n);
	t->inlen -= n;
}

/* Parses "ESC [ row ; col R" at p; its length, or 0. */
static size_t parse_cpr(const unsigned char *p, size_t len, int *row, int *col)
{
	int v[2] = { 0, 0 }, i = 0;
	size_t at;

	if (len < 6 || p[0] != KEY_ESC || p[1] != '[')
		return 0;
	for (at = 2; at < len && at < 16; at++) {
		if (p[at] >= '0' && p[at] <= '9') {
			if (v[i] < 100000)
				v[i] = v[i] * 10 + (p[at] - '0');
		} else if (p[at] == ';' && i == 0) {
			i = 1;
		} else if (p[at] == 'R' && i == 1) {
			*row = v[0];
			*col = v[1];
			return at + 1;
		} else {
			return 0;
		}
	}
	return 0;
}

double tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Sends what is in the output buffer and waits for a cursor position
 * report; keys typed meanwhile stay in the input buffer. False if none
 * came within timeout_ms.
 */
static bool cpr(struct tui_term *t, int timeout_ms, int *row, int *col)
{
	double end = tui_now_ms() + timeout_ms;
	size_t at, n;

	tui_term_puts(t, CSI "6n");
	if (tui_term_flush(t))
		return false;
	for (;;) {
		struct pollfd p = { .fd = t->in, .events = POLLIN };
		double left = end - tui_now_ms();

		for (at = 0; at < t->inlen; at++) {
			n = parse_cpr(t->inbuf + at, t->inlen - at, row, col);
			if (n) {
				consume(t, at, n);
				t->answers = true;
				return true;
			}
		}
		if (left <= 0 || poll(&p, 1, (int)left + 1) <= 0)
			return false;
		if (tui_term_read(t) < 0)
			return false;
	}
}

static void clamp_size(int *rows, int *cols)
{
	if (*rows < TUI_MIN_ROWS)
		*rows = TUI_MIN_ROWS;
	if (*rows > TUI_MAX_ROWS)
		*rows = TUI_MAX_ROWS;
	if (*cols < TUI_MIN_COLS)
		*cols = TUI_MIN_COLS;
	if (*cols > TUI_MAX_COLS)
		*cols = TUI_MAX_COLS;
}

bool tui_term_winsize(struct tui_term *t, int *rows, int *cols)
{
	struct winsize ws;

	if (ioctl(t->out, TIOCGWINSZ, &ws) || !ws.ws_row || !ws.ws_col)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	clamp_size(rows, cols);
	return true;
}

/* Save the cursor, go as far as the terminal lets, report, restore. */
#define SIZE_PROBE	ESC "7" CSI "999;999H"

void tui_term_ask_size(struct tui_term *t)
{
	tui_term_puts(t, SIZE_PROBE CSI "6n" ESC "8");
	tui_term_flush(t);
}

void tui_term_probe(struct tui_term *t, enum tui_charset want, int timeout_ms)
{
	int row, col, rows, cols;
	bool answered = true;

	if (tui_term_winsize(t, &rows, &cols)) {
		t->rows = rows;
		t->cols = cols;
	} else {
		tui_term_puts(t, SIZE_PROBE);
		answered = cpr(t, timeout_ms, &row, &col);
		tui_term_puts(t, ESC "8");
		if (answered) {
			clamp_size(&row, &col);
			t->rows = row;
			t->cols = col;
		}
	}
	if (want != TUI_AUTO) {
		t->utf8 = want == TUI_UTF8;
	} else if (answered) {
		/* U+00E9, two bytes in UTF-8: one column if decoded. */
		tui_term_puts(t, CSI "1;1H\xc3\xa9");
		t->utf8 = cpr(t, timeout_ms, &row, &col) && col == 2;
		tui_term_puts(t, CSI "1;1H" CSI "2K");
	}
	t->full_redraw = true;
	tui_term_flush(t);
}

/* The function keys' numbers in "CSI n ~" (VT220, xterm). */
static int tilde_fkey(int n)
{
	static const int codes[] = { 11, 12, 13, 14, 15, 17, 18, 19, 20, 21, 23, 24 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(codes); i++)
		if (codes[i] == n)
			return i + 1;
	return 0;
}

static void as_bytes(struct tui_key *k, const unsigned char *p, size_t n)
{
	k->type = TUI_KEY_BYTES;
	if (n > sizeof(k->bytes))
		n = sizeof(k->bytes);
	memcpy(k->bytes, p, n);
	k->len = n;
}

/* The escape sequence at the start of the input; 0 if incomplete. */
static size_t esc_key(const unsigned char *p, size_t len, struct tui_key *k)
{
	size_t at;
	int v = 0;

	if (len < 2)
		return 0;
	if (p[1] == 'O') {	/* SS3: F1-F4, arrows in application mode */
		if (len < 3)
			return 0;
		as_bytes(k, p, 3);
		if (p[2] >= 'P' && p[2] <= 'S') {
			k->type = TUI_KEY_F;
			k->n = p[2] - 'P' + 1;
		} else if (p[2] >= 'A' && p[2] <= 'D') {
			k->type = TUI_KEY_UP + (p[2] - 'A');
		}
		return 3;
	}
	if (p[1] != '[') {	/* Alt+key */
		as_bytes(k, p, 2);
		return 2;
	}
	if (len >= 3 && p[2] == '[') {	/* Linux console: F1-F5 */
		if (len < 4)
			return 0;
		as_bytes(k, p, 4);
		if (p[3] >= 'A' && p[3] <= 'E') {
			k->type = TUI_KEY_F;
			k->n = p[3] - 'A' + 1;
		}
		return 4;
	}
	at = parse_cpr(p, len, &k->row, &k->col);
	if (at) {
		as_bytes(k, p, at);
		k->type = TUI_KEY_CPR;
		return at;
	}
	for (at = 2; at < len && at < sizeof(k->bytes); at++) {
		unsigned char b = p[at];

		if (b >= '0' && b <= '9' && v < 1000) {
			v = v * 10 + (b - '0');
			continue;
		}
		if (b < 0x40 || b > 0x7e)
			continue;	/* ; and intermediates */
		as_bytes(k, p, at + 1);
		if (b >= 'A' && b <= 'D') {
			k->type = TUI_KEY_UP + (b - 'A');
		} else if (b == '~' && tilde_fkey(v)) {
			k->type = TUI_KEY_F;
			k->n = tilde_fkey(v);
		} else if (b >= 'P' && b <= 'S' && v <= 1) {
			k->type = TUI_KEY_F;	/* CSI 1;mods P: F1-F4 */
			k->n = b - 'P' + 1;
		}
		return at + 1;
	}
	if (at >= sizeof(k->bytes)) {	/* too long to be a key: bytes */
		as_bytes(k, p, at);
		return at;
	}
	return 0;
}

bool tui_term_key(struct tui_term *t, struct tui_key *k, bool flush_esc)
{
	size_t n;

	memset(k, 0, sizeof(*k));
	if (!t->inlen)
		return false;
	if (t->inbuf[0] != KEY_ESC) {
		as_bytes(k, t->inbuf, 1);
		consume(t, 0, 1);
		return true;
	}
	n = esc_key(t->inbuf, t->inlen, k);
	if (!n) {
		if (!flush_esc)
			return false;
		/* a lone ESC, or a sequence that never completed: bytes */
		n = t->inlen < sizeof(k->bytes) ? t->inlen : sizeof(k->bytes);
		as_bytes(k, t->inbuf, n);
	}
	consume(t, 0, n);
	return true;
}

/* ----- drawing ----- */

static bool same(const struct tui_cell *a, const struct tui_cell *b)
{
	return a->ch == b->ch && a->fg == b->fg && a->bg == b->bg &&
	       a->attr == b->attr;
}

static void set_pen(struct tui_term *t, const struct tui_cell *c)
{
	char buf[48];
	int n;

	n = snprintf(buf, sizeof(buf), CSI "0%s%s%s", c->attr & TUI_BOLD ? ";1" : "",
		     c->attr & TUI_UNDERLINE ? ";4" : "",
		     c->attr & TUI_REVERSE ? ";7" : "");
	if (c->fg < 8)
		n += snprintf(buf + n, sizeof(buf) - n, ";3%u", c->fg);
	if (c->bg < 8)
		n += snprintf(buf + n, sizeof(buf) - n, ";4%u", c->bg);
	snprintf(buf + n, sizeof(buf) - n, "m");
	tui_term_puts(t, buf);
}

/* Code points shown as themselves on a UTF-8 terminal: one column wide. */
static bool narrow(uint32_t ch)
{
	return (ch >= 0xa0 && ch < 0x300) || (ch >= 0x370 && ch < 0x590) ||
	       (ch >= 0x2010 && ch < 0x2070) || (ch >= 0x2190 && ch < 0x2600) ||
	       ch == 0xfffd;
}

static void put_char(struct tui_term *t, uint32_t ch)
{
	char b[4];

	if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0)) {
		out(t, "?", 1);
	} else if (ch < 0x80) {
		b[0] = ch;
		out(t, b, 1);
	} else if (!t->utf8) {
		b[0] = ch == TUI_HLINE ? '-' : ch == TUI_VLINE ? '|' :
		       ch == TUI_RARROW ? '>' : '?';
		out(t, b, 1);
	} else if (!narrow(ch)) {
		out(t, "?", 1);
	} else if (ch < 0x800) {
		b[0] = 0xc0 | (ch >> 6);
		b[1] = 0x80 | (ch & 0x3f);
		out(t, b, 2);
	} else {
		b[0] = 0xe0 | (ch >> 12);
		b[1] = 0x80 | ((ch >> 6) & 0x3f);
		b[2] = 0x80 | (ch & 0x3f);
		out(t, b, 3);
	}
}

void tui_term_draw(struct tui_term *t, const struct tui_cell *frame,
		   int rows, int cols)
{
	struct tui_cell pen = { ' ', TUI_COLOR_DEFAULT, TUI_COLOR_DEFAULT, 0 };
	int x, y, cx = -1, cy = -1;
	size_t i;

	if (t->full_redraw || !t->shown || t->shown_rows != rows ||
	    t->shown_cols != cols) {
		struct tui_cell *s = realloc(t->shown, (size_t)rows * cols * sizeof(*s));

		if (!s)
			return;
		t->shown = s;
		t->shown_rows = rows;
		t->shown_cols = cols;
		/* A cleared screen shows blanks in the default colours. */
		for (i = 0; i < (size_t)rows * cols; i++)
			t->shown[i] = pen;
		tui_term_puts(t, CSI "0m" CSI "2J");
		t->full_redraw = false;
	}
	tui_term_puts(t, CSI "0m");
	for (y = 0; y < rows; y++) {
		for (x = 0; x < cols; x++) {
			const struct tui_cell *c = &frame[(size_t)y * cols + x];
			struct tui_cell *s = &t->shown[(size_t)y * cols + x];

			/* never the last cell: a terminal may scroll */
			if (same(c, s) || (y == rows - 1 && x == cols - 1))
				continue;
			if (cy != y || cx != x)
				move(t, y, x);
			if (c->fg != pen.fg || c->bg != pen.bg || c->attr != pen.attr) {
				set_pen(t, c);
				pen = *c;
			}
			put_char(t, c->ch);
			*s = *c;
			cy = y;
			cx = x + 1 < cols ? x + 1 : -1;
		}
	}
	tui_term_puts(t, CSI "0m");
}
