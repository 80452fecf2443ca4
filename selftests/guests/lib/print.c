// SPDX-License-Identifier: GPL-2.0
/* printf-lite: enough of printf for result lines and register dumps. */
#include "guest.h"

struct spec {
	bool left;		/* '-' */
	bool zero;		/* '0' */
	unsigned int width;
};

static int put_padded(const char *s, size_t len, const struct spec *sp)
{
	size_t pad = sp->width > len ? sp->width - len : 0;
	size_t i;

	if (!sp->left)
		for (i = 0; i < pad; i++)
			uart_putc(' ');
	for (i = 0; i < len; i++)
		uart_putc(s[i]);
	if (sp->left)
		for (i = 0; i < pad; i++)
			uart_putc(' ');
	return (int)(len + pad);
}

static int put_number(u64 v, bool neg, unsigned int base, bool upper,
		      const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	size_t n = sizeof(buf);
	size_t len;

	do {
		buf[--n] = digits[v % base];
		v /= base;
	} while (v);
	/* zero padding goes between the sign and the digits */
	if (sp->zero && !sp->left) {
		unsigned int want = sp->width - (neg ? 1 : 0);

		while (sizeof(buf) - n < want && n > 1)
			buf[--n] = '0';
	}
	if (neg)
		buf[--n] = '-';
	len = sizeof(buf) - n;
	return put_padded(buf + n, len, sp);
}

int guest_vprintf(const char *fmt, va_list ap)
{
	int out = 0;

	while (*fmt) {
		struct spec sp = { false, false, 0 };
		unsigned int lng = 0;	/* number of 'l's; 'z' counts as 2 */
		char c = *fmt++;

		if (c != '%') {
			uart_putc(c);
			out++;
			continue;
		}
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (unsigned int)(*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z')
				lng = 2;
			else
				break;
		}
		c = *fmt;
		if (c)
			fmt++;
		switch (c) {
		case 'c': {
			char ch = (char)va_arg(ap, int);

			out += put_padded(&ch, 1, &sp);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			out += put_padded(s, strlen(s), &sp);
			break;
		}
		case 'd':
		case 'i': {
			s64 v = lng ? va_arg(ap, long long) : va_arg(ap, int);

			out += put_number(v < 0 ? -(u64)v : (u64)v,
					  v < 0, 10, false, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			u64 v = lng ? va_arg(ap, unsigned long long) :
				     va_arg(ap, unsigned int);

			out += put_number(v, false, c == 'u' ? 10 : 16,
					  c == 'X', &sp);
			break;
		}
		case 'p':
			uart_puts("0x");
			out += 2 + put_number((uintptr_t)va_arg(ap, void *),
					      false, 16, false, &sp);
			break;
		case '%':
			uart_putc('%');
			out++;
			break;
		default:	/* unknown: show it as written */
			uart_putc('%');
			out++;
			if (c) {
				uart_putc(c);
				out++;
			}
			break;
		}
	}
	return out;
}

int guest_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void report(const char *fmt, ...)
{
	va_list ap;

	guest_printf("hvx-guest: %s: ", guest_name);
	va_start(ap, fmt);
	guest_vprintf(fmt, ap);
	va_end(ap);
	uart_putc('\n');
}
