// SPDX-License-Identifier: GPL-2.0
/*
 * error.c - error and warning reporting of the acpi-gen core.
 */
#include "ag-port.h"

int ag_fail(struct ag_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	/*
	 * Keep the first message: it is the most specific one, and callers
	 * up the stack may add a more general one on the same path.
	 */
	if (!err->msg[0]) {
		va_start(ap, fmt);
		ag_vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

void ag_warn(const struct ag_warner *w, const char *fmt, ...)
{
	char msg[AG_ERR_LEN];
	va_list ap;

	if (!w || !w->fn)
		return;
	va_start(ap, fmt);
	ag_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->fn(w->ctx, msg);
}
