// SPDX-License-Identifier: GPL-2.0-only
/* hvx's tracepoints (trace.h), created here once for the whole module. */
#define CREATE_TRACE_POINTS
#include "trace.h"
