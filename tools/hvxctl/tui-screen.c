// SPDX-License-Identifier: GPL-2.0
/*
 * The screen model of a console: what a VT100-like terminal of the same
 * size would show after the console's output, so that a screen switched
 * away from keeps being written and is redrawn when switched back to.
 *
 * It takes UTF-8 (invalid sequences and C1 bytes become U+FFFD, so a
 * stray 0x9b is never a CSI); printable text with auto-wrap; CR, LF, VT,
 * FF, BS, TAB (stops every 8 columns); ESC 7/8 (save/restore), D, E, M,
 * c; CSI cursor moves (A-G, H, f, d), erase (J, K, X), insert/delete
 * (@, P, L, M), scroll (S, T), the scrolling region (r), s/u and SGR
 * (bold, underline, reverse, the 8 colours; the rest ignored). Other
 * sequences are parsed and ignored; OSC/DCS strings are skipped. The
 * output comes from a guest, so nothing in it may grow without bound:
 * parameters are clamped, and sequences and strings longer than a limit
 * are dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

enum { S_GROUND, S_ESC, S_CSI, S_STRING, S_STRING_ESC, S_SKIP1 };

#define PARAM_MAX	9999
#define CSI_MAX_LEN	64	/* bytes of a CSI sequence before it is dropped */
#define STRING_MAX	1024	/* bytes of an OSC/DCS string */
#define TAB_STOP	8
#define REPLACEMENT	0xfffd

static void blank(struct tui_screen *s, struct tui_cell *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].ch = ' ';
		c[i].fg = s->pen.fg;
		c[i].bg = s->pen.bg;
		c[i].attr = s->pen.attr & TUI_REVERSE;
	}
}

void tui_screen_reset(struct tui_screen *s)
{
	s->pen.ch = ' ';
	s->pen.fg = TUI_COLOR_DEFAULT;
	s->pen.bg = TUI_COLOR_DEFAULT;
	s->pen.attr = 0;
	blank(s, s->cells, (size_t)s->rows * s->cols);
	s->x = 0;
	s->y = 0;
	s->saved_x = 0;
	s->saved_y = 0;
	s->wrap_next = false;
	s->top = 0;
	s->bottom = s->rows - 1;
	s->state = S_GROUND;
	s->cp_need = 0;
	s->changes++;
}

int tui_screen_init(struct tui_screen *s, int rows, int cols)
{
	memset(s, 0, sizeof(*s));
	if (rows < 1 || cols < 1)
		return -1;
	s->cells = calloc((size_t)rows * cols, sizeof(*s->cells));
	if (!s->cells)
		return -1;
	s->rows = rows;
	s->cols = cols;
	tui_screen_reset(s);
	return 0;
}

void tui_screen_free(struct tui_screen *s)
{
	free(s->cells);
	s->cells = NULL;
}

/*
 * Keep what fits, the cursor's row still on the screen: when rows go, the
 * top ones go first (as a terminal scrolls).
 */
int tui_screen_resize(struct tui_screen *s, int rows, int cols)
{
	struct tui_cell *cells;
	int shift = 0, y, n;

	if (rows < 1 || cols < 1)
		return -1;
	if (rows == s->rows && cols == s->cols)
		return 0;
	cells = calloc((size_t)rows * cols, sizeof(*cells));
	if (!cells)
		return -1;
	if (s->y >= rows)
		shift = s->y - rows + 1;
	n = cols < s->cols ? cols : s->cols;
	for (y = 0; y < rows; y++) {
		struct tui_cell *row = &cells[(size_t)y * cols];

		blank(s, row, cols);
		if (y + shift < s->rows)
			memcpy(row, tui_screen_cell(s, y + shift, 0),
			       n * sizeof(*row));
	}
	free(s->cells);
	s->cells = cells;
	s->rows = rows;
	s->cols = cols;
	s->y -= shift;
	if (s->x >= cols)
		s->x = cols - 1;
	s->saved_x = s->saved_x < cols ? s->saved_x : cols - 1;
	s->saved_y = s->saved_y < rows ? s->saved_y : rows - 1;
	s->wrap_next = false;
	s->top = 0;
	s->bottom = rows - 1;
	s->changes++;
	return 0;
}

/* Rows top..bottom move up by n (n < 0: down), blank rows come in. */
static void scroll(struct tui_screen *s, int top, int bottom, int n)
{
	int height = bottom - top + 1;
	size_t w = s->cols;

	if (n > height)
		n = height;
	if (n < -height)
		n = -height;
	if (n > 0) {
		memmove(tui_screen_cell(s, top, 0), tui_screen_cell(s, top + n, 0),
			(height - n) * w * sizeof(struct tui_cell));
		blank(s, tui_screen_cell(s, bottom - n + 1, 0), n * w);
	} else if (n < 0) {
		n = -n;
		memmove(tui_screen_cell(s, top + n, 0), tui_screen_cell(s, top, 0),
			(height - n) * w * sizeof(struct tui_cell));
		blank(s, tui_screen_cell(s, top, 0), n * w);
	}
}

static void line_feed(struct tui_screen *s)
{
	s->wrap_next = false;
	if (s->y == s->bottom)
		scroll(s, s->top, s->bottom, 1);
	else if (s->y < s->rows - 1)
		s->y++;
}

static void reverse_index(struct tui_screen *s)
{
	s->wrap_next = false;
	if (s->y == s->top)
		scroll(s, s->top, s->bottom, -1);
	else if (s->y > 0)
		s->y--;
}

static void put(struct tui_screen *s, uint32_t ch)
{
	struct tui_cell *c;

	if (s->wrap_next) {
		s->x = 0;
		line_feed(s);
	}
	c = tui_screen_cell(s, s->y, s->x);
	*c = s->pen;
	c->ch = ch;
	if (s->x == s->cols - 1)
		s->wrap_next = true;
	else
		s->x++;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void move_to(struct tui_screen *s, int y, int x)
{
	s->y = clamp(y, 0, s->rows - 1);
	s->x = clamp(x, 0, s->cols - 1);
	s->wrap_next = false;
}

/* Parameter i, or def if absent or 0 where 0 means the default. */
static int param(const struct tui_screen *s, int i, int def)
{
	if (i >= s->nr_params || s->params[i] == 0)
		return def;
	return s->params[i];
}

static void erase_cells(struct tui_screen *s, int y, int x0, int x1)
{
	if (x1 >= s->cols)
		x1 = s->cols - 1;
	if (x0 <= x1)
		blank(s, tui_screen_cell(s, y, x0), x1 - x0 + 1);
}

static void erase_display(struct tui_screen *s, int mode)
{
	int y;

	switch (mode) {
	case 0:
		erase_cells(s, s->y, s->x, s->cols - 1);
		for (y = s->y + 1; y < s->rows; y++)
			erase_cells(s, y, 0, s->cols - 1);
		break;
	case 1:
		for (y = 0; y < s->y; y++)
			erase_cells(s, y, 0, s->cols - 1);
		erase_cells(s, s->y, 0, s->x);
		break;
	case 2:
	case 3:
		for (y = 0; y < s->rows; y++)
			erase_cells(s, y, 0, s->cols - 1);
		break;
	}
}

static void erase_line(struct tui_screen *s, int mode)
{
	switch (mode) {
	case 0:
		erase_cells(s, s->y, s->x, s->cols - 1);
		break;
	case 1:
		erase_cells(s, s->y, 0, s->x);
		break;
	case 2:
		erase_cells(s, s->y, 0, s->cols - 1);
		break;
	}
}

/* Insert (n > 0) or delete (n < 0) cells at the cursor, within its row. */
static void shift_cells(struct tui_screen *s, int n)
{
	struct tui_cell *row = tui_screen_cell(s, s->y, 0);
	int rest = s->cols - s->x;

	if (n > rest)
		n = rest;
	if (n < -rest)
		n = -rest;
	if (n > 0) {
		memmove(row + s->x + n, row + s->x, (rest - n) * sizeof(*row));
		blank(s, row + s->x, n);
	} else if (n < 0) {
		n = -n;
		memmove(row + s->x, row + s->x + n, (rest - n) * sizeof(*row));
		blank(s, row + s->cols - n, n);
	}
}

static void sgr(struct tui_screen *s)
{
	int i, p;

	if (!s->nr_params) {
		s->nr_params = 1;
		s->params[0] = 0;
	}
	for (i = 0; i < s->nr_params; i++) {
		p = s->params[i];
		if (p == 0) {
			s->pen.attr = 0;
			s->pen.fg = TUI_COLOR_DEFAULT;
			s->pen.bg = TUI_COLOR_DEFAULT;
		} else if (p == 1) {
			s->pen.attr |= TUI_BOLD;
		} else if (p == 4) {
			s->pen.attr |= TUI_UNDERLINE;
		} else if (p == 7) {
			s->pen.attr |= TUI_REVERSE;
		} else if (p == 22) {
			s->pen.attr &= ~TUI_BOLD;
		} else if (p == 24) {
			s->pen.attr &= ~TUI_UNDERLINE;
		} else if (p == 27) {
			s->pen.attr &= ~TUI_REVERSE;
		} else if (p >= 30 && p <= 37) {
			s->pen.fg = p - 30;
		} else if (p == 39) {
			s->pen.fg = TUI_COLOR_DEFAULT;
		} else if (p >= 40 && p <= 47) {
			s->pen.bg = p - 40;
		} else if (p == 49) {
			s->pen.bg = TUI_COLOR_DEFAULT;
		} else if (p >= 90 && p <= 97) {
			s->pen.fg = p - 90;
		} else if (p >= 100 && p <= 107) {
			s->pen.bg = p - 100;
		} else if (p == 38 || p == 48) {
			/* 256 colours and RGB: skip their arguments */
			if (i + 1 < s->nr_params && s->params[i + 1] == 5)
				i += 2;
			else if (i + 1 < s->nr_params && s->params[i + 1] == 2)
				i += 4;
		}
	}
}

static void csi(struct tui_screen *s, unsigned char f)
{
	int n = param(s, 0, 1), lim;

	if (s->priv)
		return;	/* private modes (?25l, ?1049h, ...): no effect here */
	switch (f) {
	case 'A':
		/* Up and down stop at the scrolling region's margins. */
		lim = s->y >= s->top ? s->top : 0;
		move_to(s, s->y - n < lim ? lim : s->y - n, s->x);
		break;
	case 'B':
		lim = s->y <= s->bottom ? s->bottom : s->rows - 1;
		move_to(s, s->y + n > lim ? lim : s->y + n, s->x);
		break;
	case 'C':
		move_to(s, s->y, s->x + n);
		break;
	case 'D':
		move_to(s, s->y, s->x - n);
		break;
	case 'E':
		move_to(s, s->y + n, 0);
		break;
	case 'F':
		move_to(s, s->y - n, 0);
		break;
	case 'G':
	case '`':
		move_to(s, s->y, n - 1);
		break;
	case 'd':
		move_to(s, n - 1, s->x);
		break;
	case 'H':
	case 'f':
		move_to(s, param(s, 0, 1) - 1, param(s, 1, 1) - 1);
		break;
	case 'J':
		erase_display(s, s->nr_params ? s->params[0] : 0);
		break;
	case 'K':
		erase_line(s, s->nr_params ? s->params[0] : 0);
		break;
	case 'X':
		erase_cells(s, s->y, s->x, s->x + n - 1);
		break;
	case '@':
		shift_cells(s, n);
		break;
	case 'P':
		shift_cells(s, -n);
		break;
	case 'L':
		if (s->y >= s->top && s->y <= s->bottom)
			scroll(s, s->y, s->bottom, -n);
		break;
	case 'M':
		if (s->y >= s->top && s->y <= s->bottom)
			scroll(s, s->y, s->bottom, n);
		break;
	case 'S':
		scroll(s, s->top, s->bottom, n);
		break;
	case 'T':
		scroll(s, s->top, s->bottom, -n);
		break;
	case 'm':
		sgr(s);
		break;
	case 'r': {
		int top = param(s, 0, 1) - 1, bottom = param(s, 1, s->rows) - 1;

		if (bottom >= s->rows)
			bottom = s->rows - 1;
		if (top < bottom) {
			s->top = top;
			s->bottom = bottom;
			move_to(s, 0, 0);
		}
		break;
	}
	case 's':
		s->saved_x = s->x;
		s->saved_y = s->y;
		break;
	case 'u':
		move_to(s, s->saved_y, s->saved_x);
		break;
	default:
		break;	/* modes, reports, ...: ignored */
	}
}

static void control(struct tui_screen *s, unsigned char b)
{
	switch (b) {
	case '\r':
		s->x = 0;
		s->wrap_next = false;
		break;
	case '\n':
	case '\v':
	case '\f':
		line_feed(s);
		break;
	case '\b':
		if (s->x > 0)
			s->x--;
		s->wrap_next = false;
		break;
	case '\t':
		s->x = (s->x / TAB_STOP + 1) * TAB_STOP;
		if (s->x >= s->cols)
			s->x = s->cols - 1;
		s->wrap_next = false;
		break;
	case 0x1b:
		s->state = S_ESC;
		break;
	default:
		break;	/* BEL, SO/SI, NUL, ...: nothing to show */
	}
}

static void esc(struct tui_screen *s, unsigned char b)
{
	s->state = S_GROUND;
	switch (b) {
	case '[':
		s->state = S_CSI;
		s->nr_params = 0;
		s->priv = false;
		s->str_len = 0;
		memset(s->params, 0, sizeof(s->params));
		break;
	case ']':
	case 'P':
	case '_':
	case '^':
	case 'X':
		s->state = S_STRING;
		s->str_len = 0;
		break;
	case '(':
	case ')':
	case '*':
	case '+':
	case '#':
		s->state = S_SKIP1;	/* charset designation: one more byte */
		break;
	case '7':
		s->saved_x = s->x;
		s->saved_y = s->y;
		break;
	case '8':
		move_to(s, s->saved_y, s->saved_x);
		break;
	case 'D':
		line_feed(s);
		break;
	case 'E':
		s->x = 0;
		line_feed(s);
		break;
	case 'M':
		reverse_index(s);
		break;
	case 'c':
		tui_screen_reset(s);
		break;
	default:
		break;
	}
}

static void csi_byte(struct tui_screen *s, unsigned char b)
{
	if (++s->str_len > CSI_MAX_LEN) {
		s->state = S_GROUND;	/* garbage: drop it */
		return;
	}
	if (b >= '0' && b <= '9') {
		int *p;

		if (!s->nr_params)
			s->nr_params = 1;
		if (s->nr_params > TUI_MAX_PARAMS)
			return;
		p = &s->params[s->nr_params - 1];
		*p = *p * 10 + (b - '0');
		if (*p > PARAM_MAX)
			*p = PARAM_MAX;
	} else if (b == ';' || b == ':') {
		if (!s->nr_params)
			s->nr_params = 1;
		s->nr_params++;
	} else if (b >= 0x3c && b <= 0x3f) {
		s->priv = true;		/* < = > ? */
	} else if (b >= 0x40 && b <= 0x7e) {
		s->state = S_GROUND;
		if (s->nr_params > TUI_MAX_PARAMS)
			s->nr_params = TUI_MAX_PARAMS;
		csi(s, b);
	} else if (b < 0x20) {
		control(s, b);	/* executed in the middle, as VT100s do */
		if (b == 0x1b)
			s->state = S_ESC;
	}
	/* intermediate bytes (0x20-0x2f): ignored */
}

static void string_byte(struct tui_screen *s, unsigned char b)
{
	if (s->state == S_STRING_ESC) {
		s->state = b == '\\' ? S_GROUND : S_STRING;
		return;
	}
	if (b == 0x07 || ++s->str_len > STRING_MAX)
		s->state = S_GROUND;
	else if (b == 0x1b)
		s->state = S_STRING_ESC;
}

/* A byte >= 0x80: part of a UTF-8 sequence, or invalid. */
static void utf8_byte(struct tui_screen *s, unsigned char b)
{
	if (s->cp_need) {
		if ((b & 0xc0) == 0x80) {
			s->cp = (s->cp << 6) | (b & 0x3f);
			if (--s->cp_need == 0) {
				uint32_t cp = s->cp;

				/* surrogates, beyond Unicode, C1 */
				if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
				    cp < 0xa0)
					cp = REPLACEMENT;
				put(s, cp);
			}
			return;
		}
		s->cp_need = 0;
		put(s, REPLACEMENT);
	}
	if (b >= 0xc2 && b <= 0xdf) {
		s->cp = b & 0x1f;
		s->cp_need = 1;
	} else if (b >= 0xe0 && b <= 0xef) {
		s->cp = b & 0x0f;
		s->cp_need = 2;
	} else if (b >= 0xf0 && b <= 0xf4) {
		s->cp = b & 0x07;
		s->cp_need = 3;
	} else {
		put(s, REPLACEMENT);
	}
}

void tui_screen_feed(struct tui_screen *s, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	size_t i;

	if (n)
		s->changes++;
	for (i = 0; i < n; i++) {
		unsigned char b = p[i];

		/* A sequence cut short by a control or ASCII byte. */
		if (s->cp_need && b < 0x80) {
			s->cp_need = 0;
			put(s, REPLACEMENT);
		}
		switch (s->state) {
		case S_GROUND:
			if (b >= 0x80)
				utf8_byte(s, b);
			else if (b < 0x20)
				control(s, b);
			else if (b != 0x7f)
				put(s, b);
			break;
		case S_ESC:
			if (b < 0x20 && b != 0x1b)
				control(s, b);
			else
				esc(s, b);
			break;
		case S_CSI:
			csi_byte(s, b);
			break;
		case S_STRING:
		case S_STRING_ESC:
			string_byte(s, b);
			break;
		case S_SKIP1:
			s->state = S_GROUND;
			break;
		}
	}
}
