// SPDX-License-Identifier: GPL-2.0
/*
 * dsdt-names.c - DSDT object names for model devices.
 *
 * Names are stable and readable (COM0 for the first UART, VR00 for the
 * first virtio-mmio device) and unique: every kind has its own first
 * letter, and a kind that runs out of names falls back to the generic
 * "Dxxx" pool, numbered by the device's global index.
 */
#include "tables.h"

#define AG_BASE36	36

struct ag_name_rule {
	const char *prefix;
	u32 digits;
};

static const struct ag_name_rule ag_name_rules[] = {
	[AG_DEV_GENERIC]	= { "D",   3 },
	[AG_DEV_SERIAL]		= { "COM", 1 },
	[AG_DEV_VIRTIO]		= { "VR",  2 },
	[AG_DEV_GPIO]		= { "GPO", 1 },
	[AG_DEV_RTC]		= { "RTC", 1 },
};

static bool ag_name_fmt(const char *prefix, u32 digits, u32 n, char out[5])
{
	static const char d36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	u32 i, p = strlen(prefix);

	for (i = 0; i < p; i++)
		out[i] = prefix[i];
	for (i = 0; i < digits; i++) {
		out[p + digits - 1 - i] = d36[n % AG_BASE36];
		n /= AG_BASE36;
	}
	out[p + digits] = '\0';
	return n == 0;
}

void ag_dev_name_n(const struct ag_model *m, u32 idx, u32 kind_idx,
		   char out[5])
{
	const struct ag_name_rule *r = &ag_name_rules[m->devs[idx].kind];

	if (m->devs[idx].kind != AG_DEV_GENERIC &&
	    ag_name_fmt(r->prefix, r->digits, kind_idx, out))
		return;
	r = &ag_name_rules[AG_DEV_GENERIC];
	ag_name_fmt(r->prefix, r->digits, idx, out);
}

void ag_dev_name(const struct ag_model *m, u32 idx, char out[5])
{
	u32 i, n = 0;

	for (i = 0; i < idx; i++)
		if (m->devs[i].kind == m->devs[idx].kind)
			n++;
	ag_dev_name_n(m, idx, n, out);
}

void ag_console_path(const struct ag_model *m, char *out, size_t size)
{
	char name[5];

	ag_dev_name(m, m->console.dev, name);
	snprintf(out, size, "\\_SB.%s", name);
}

/*
 * "C" + 3 hex digits (AG_MAX_CPUS is 4096): hex digits never spell the
 * 'O' of COMn, so CPU and UART names cannot meet.
 */
void ag_cpu_name(u32 uid, char out[5])
{
	snprintf(out, 5, "C%03X", uid & 0xfff);
}

void ag_pci_name(u32 idx, char out[5])
{
	ag_name_fmt("PCI", 1, idx, out);
}
