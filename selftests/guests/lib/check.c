// SPDX-License-Identifier: GPL-2.0
/* Check lines: see check.h. */
#include "guest.h"
#include "check.h"

static unsigned int nr_checks, nr_failed;

static void check_line(const char *kind, const char *fmt, va_list ap)
{
	guest_printf("hvx-guest: %s: %s: ", guest_name, kind);
	guest_vprintf(fmt, ap);
	uart_putc('\n');
}

bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	nr_checks++;
	if (!ok)
		nr_failed++;
	va_start(ap, fmt);
	check_line(ok ? "pass" : "fail", fmt, ap);
	va_end(ap);
	return ok;
}

void check_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_line("skip", fmt, ap);
	va_end(ap);
}

bool checks_done(void)
{
	report("done: %u checks, %u failed", nr_checks, nr_failed);
	return !nr_failed;
}
