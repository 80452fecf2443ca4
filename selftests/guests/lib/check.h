/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks a guest reports, one line each, for a VMM or script to turn into
 * TAP: "hvx-guest: <name>: pass: <what>", "... fail: <what>" or
 * "... skip: <what>", and at the end "... done: N checks, M failed".
 * <what> names the check; a failing one says what was seen.
 */
#ifndef GUEST_CHECK_H
#define GUEST_CHECK_H

#include "types.h"

/* Reports the check; returns ok. */
bool check(bool ok, const char *fmt, ...) __printf(2, 3);
void check_skip(const char *fmt, ...) __printf(1, 2);
/* The closing line; true if no check failed. */
bool checks_done(void);

#endif /* GUEST_CHECK_H */
