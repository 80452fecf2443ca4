// SPDX-License-Identifier: GPL-2.0-only
/*
 * The read-only part of libfdt for acpi-gen in hvx.ko. Linux 6.1 builds
 * libfdt into vmlinux (lib/fdt*.c) without exporting it, so the module
 * compiles its own copy from the same kernel source, the way lib/ does.
 */
#include <linux/libfdt_env.h>
#include "fdt.c"
#include "fdt_ro.c"
#include "fdt_strerror.c"
