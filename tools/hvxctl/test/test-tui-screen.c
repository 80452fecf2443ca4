// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the text UI's screen model (tui-screen.c) on the host:
 * text, wrap and scroll, the control characters, CSI moves and erases,
 * SGR, the scrolling region, UTF-8 (and what is not), strings and
 * sequences skipped, resizing, and random bytes (the cursor stays on the
 * screen, no control character lands in a cell). TAP on stdout.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tui.h"

static int nr, failed;

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	nr++;
	if (!cond)
		failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", nr);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Row y as ASCII ('?' for the rest), trailing blanks cut. */
static const char *row(struct tui_screen *s, int y)
{
	static char buf[512];
	int x, end = 0;

	for (x = 0; x < s->cols && x < (int)sizeof(buf) - 1; x++) {
		uint32_t ch = tui_screen_cell(s, y, x)->ch;

		buf[x] = ch < 0x80 ? (char)ch : '?';
		if (ch != ' ')
			end = x + 1;
	}
	buf[end] = '\0';
	return buf;
}

static void feed(struct tui_screen *s, const char *str)
{
	tui_screen_feed(s, str, strlen(str));
}

static void fresh(struct tui_screen *s, int rows, int cols)
{
	tui_screen_free(s);
	if (tui_screen_init(s, rows, cols)) {
		printf("Bail out! no memory\n");
		exit(1);
	}
}

int main(void)
{
	struct tui_screen s = { 0 };
	unsigned int seed = 0x68767821;
	int i, bad;

	fresh(&s, 4, 10);
	feed(&s, "abcdefghijklm");
	ok(!strcmp(row(&s, 0), "abcdefghij") && !strcmp(row(&s, 1), "klm") &&
	   s.y == 1 && s.x == 3, "text wraps at the right edge");

	fresh(&s, 4, 10);
	feed(&s, "abcdefghij");
	ok(s.y == 0 && s.x == 9 && s.wrap_next, "the last column: wrap pending");
	feed(&s, "\r");
	ok(s.y == 0 && s.x == 0 && !s.wrap_next, "CR after it: same row");

	fresh(&s, 4, 10);
	feed(&s, "1\r\n2\r\n3\r\n4\r\n5");
	ok(!strcmp(row(&s, 0), "2") && !strcmp(row(&s, 3), "5"),
	   "LF at the bottom scrolls");

	fresh(&s, 4, 20);
	feed(&s, "abc\bX\tY\rZ");
	ok(!strcmp(row(&s, 0), "ZbX     Y"), "BS, TAB, CR");

	fresh(&s, 4, 10);
	feed(&s, "hello\033[2;3Hx\033[A\033[Dy\033[99999999;99999999Hz");
	ok(!strcmp(row(&s, 0), "heylo") && !strcmp(row(&s, 1), "  x") &&
	   tui_screen_cell(&s, 3, 9)->ch == 'z',
	   "CSI H, A, D; huge parameters clamped to the screen");

	fresh(&s, 3, 10);
	feed(&s, "aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\033[2;5H\033[K");
	ok(!strcmp(row(&s, 1), "bbbb") && !strcmp(row(&s, 0), "aaaaaaaaaa"),
	   "CSI K erases to the end of the line");
	feed(&s, "\033[1K");
	ok(!strcmp(row(&s, 1), ""), "CSI 1K erases to the cursor");
	feed(&s, "\033[J");
	ok(!strcmp(row(&s, 2), "") && !strcmp(row(&s, 0), "aaaaaaaaaa"),
	   "CSI J erases below");
	feed(&s, "\033[2J");
	ok(!strcmp(row(&s, 0), ""), "CSI 2J erases all");

	fresh(&s, 3, 10);
	feed(&s, "abcdef\033[1;2H\033[2P");
	ok(!strcmp(row(&s, 0), "adef"), "CSI P deletes characters");
	feed(&s, "\033[3@");
	ok(!strcmp(row(&s, 0), "a   def"), "CSI @ inserts blanks");

	fresh(&s, 3, 10);
	feed(&s, "\033[1;31;44mR\033[0mn\033[7mv\033[38;5;200mc");
	ok(tui_screen_cell(&s, 0, 0)->fg == 1 && tui_screen_cell(&s, 0, 0)->bg == 4 &&
	   (tui_screen_cell(&s, 0, 0)->attr & TUI_BOLD) &&
	   tui_screen_cell(&s, 0, 1)->fg == TUI_COLOR_DEFAULT &&
	   !tui_screen_cell(&s, 0, 1)->attr &&
	   (tui_screen_cell(&s, 0, 2)->attr & TUI_REVERSE) &&
	   tui_screen_cell(&s, 0, 3)->fg == TUI_COLOR_DEFAULT,
	   "SGR: bold, colours, reset, reverse; 256 colours skipped");

	fresh(&s, 5, 10);
	feed(&s, "1\r\n2\r\n3\r\n4\r\n5\033[2;4r\033[4;1H\n");
	ok(!strcmp(row(&s, 0), "1") && !strcmp(row(&s, 1), "3") &&
	   !strcmp(row(&s, 2), "4") && !strcmp(row(&s, 3), "") &&
	   !strcmp(row(&s, 4), "5"), "LF at the region's bottom scrolls the region");
	feed(&s, "\033[2;1H\033M");
	ok(!strcmp(row(&s, 1), "") && !strcmp(row(&s, 2), "3") &&
	   !strcmp(row(&s, 0), "1"), "ESC M at the region's top scrolls it down");

	fresh(&s, 3, 10);
	/* é ─ 0xff U+009B "1m", a cut ─, "A" (octal: hex escapes run on) */
	feed(&s, "\303\251\342\224\200\377\302\2331m\342\224A");
	ok(tui_screen_cell(&s, 0, 0)->ch == 0xe9 &&
	   tui_screen_cell(&s, 0, 1)->ch == 0x2500 &&
	   tui_screen_cell(&s, 0, 2)->ch == 0xfffd &&
	   tui_screen_cell(&s, 0, 3)->ch == 0xfffd &&
	   tui_screen_cell(&s, 0, 4)->ch == '1' &&
	   tui_screen_cell(&s, 0, 6)->ch == 0xfffd &&
	   tui_screen_cell(&s, 0, 7)->ch == 'A',
	   "UTF-8; invalid bytes, a C1 CSI (U+009B) and a cut sequence are U+FFFD");

	fresh(&s, 3, 10);
	feed(&s, "\033]0;a window title\007A\033]2;x\033\\B\033(0C\033P1$r\033\\D");
	ok(!strcmp(row(&s, 0), "ABCD"), "OSC, DCS and charset sequences skipped");

	fresh(&s, 3, 10);
	feed(&s, "\033[");
	for (i = 0; i < 100; i++)
		feed(&s, "1;");
	feed(&s, "\033[2J\033[HE");
	ok(tui_screen_cell(&s, 0, 0)->ch == 'E' && s.x == 1 && s.y == 0,
	   "a CSI sequence too long is dropped, the parser goes on");
	fresh(&s, 3, 10);
	feed(&s, "\033]");
	for (i = 0; i < 200; i++)
		feed(&s, "0123456789");
	feed(&s, "F");
	ok(tui_screen_cell(&s, 0, 0)->ch != ' ' || s.y > 0,
	   "an OSC string too long ends, the text after it shows");

	fresh(&s, 4, 10);
	feed(&s, "1\r\n2\r\n3\r\n4xyz");
	tui_screen_resize(&s, 2, 5);
	ok(!strcmp(row(&s, 0), "3") && !strcmp(row(&s, 1), "4xyz") && s.y == 1 &&
	   s.x == 4, "shrinking keeps the cursor's row and what fits");
	tui_screen_resize(&s, 4, 12);
	feed(&s, "\033[4;12Hq");
	ok(!strcmp(row(&s, 0), "3") && tui_screen_cell(&s, 3, 11)->ch == 'q',
	   "growing keeps the text, the new size is usable");

	fresh(&s, 24, 80);
	bad = 0;
	for (i = 0; i < 2000000; i++) {
		unsigned char b;

		seed = seed * 1103515245 + 12345;
		b = seed >> 16;
		/* more ESC and [ than chance gives, to reach the sequences */
		if ((seed & 0x700) == 0)
			b = (seed & 0x800) ? 0x1b : '[';
		tui_screen_feed(&s, &b, 1);
		if (s.x < 0 || s.x >= s.cols || s.y < 0 || s.y >= s.rows ||
		    s.top < 0 || s.bottom >= s.rows || s.top > s.bottom)
			bad++;
	}
	for (i = 0; i < s.rows * s.cols; i++) {
		uint32_t ch = s.cells[i].ch;

		if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || ch > 0x10ffff)
			bad++;
	}
	ok(!bad, "2 MB of random bytes: the cursor stays on the screen, %s",
	   "no control character in a cell");

	tui_screen_free(&s);
	printf("1..%d\n", nr);
	return failed ? 1 : 0;
}
