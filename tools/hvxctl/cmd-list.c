// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl list [--json]: the VMs hvx runs, from /sys/kernel/hvx/vms/vmN/
 * (N is the VM's handle) and /sys/kernel/hvx/nr_vms.
 *
 * The JSON schema is stable: keys are only ever added.
 *
 *   {
 *     "nr_vms": 2,
 *     "vms": [
 *       {"handle": 1, "pid": 312, "nr_vcpus": 2, "mem_kib": 65536,
 *        "exits": 1042, "user_exits": 17, "name": "web",
 *        "state": "running", "clock_freq": 62500000,
 *        "clock_scaled": false},
 *       ...
 *     ]
 *   }
 *
 * "vms" is sorted by handle; a value hvx does not publish is null, and so
 * is the name of a VM without one. clock_freq is the guest's counter
 * frequency in Hz, clock_scaled whether hvxctl run --counter-freq
 * (HVX_VM_SET_CLOCK) set it. A VM destroyed while hvxctl reads the
 * folder is left out.
 */
#include <stdlib.h>

#include "hvxctl.h"
#include "json.h"

#define VMS_DIR		"vms"
#define VM_PREFIX	"vm"

/* Each VM's files, in the order of the table's columns. */
static const char *const fields[] = {
	"pid", "nr_vcpus", "mem_kib", "exits", "user_exits",
};

#define NR_FIELDS	ARRAY_SIZE(fields)

struct vm_entry {
	unsigned long long handle;
	char name[HVX_VM_NAME_MAX];	/* "" if none */
	char state[16];			/* "" if hvx does not say */
	bool have_clock;		/* hvx says (API 6) */
	unsigned long long clock_freq;
	bool clock_scaled;
	unsigned long long val[NR_FIELDS];
	bool have[NR_FIELDS];
};

/* Reads VM handle's files; false if the VM is gone (no pid file). */
static bool read_vm(unsigned long long handle, struct vm_entry *e)
{
	char rel[128];
	size_t i;

	e->handle = handle;
	for (i = 0; i < NR_FIELDS; i++) {
		snprintf(rel, sizeof(rel), VMS_DIR "/" VM_PREFIX "%llu/%s",
			 handle, fields[i]);
		e->have[i] = !hvx_sysfs_u64(rel, &e->val[i]);
	}
	hvx_vm_text(handle, "name", e->name, sizeof(e->name));
	hvx_vm_text(handle, "state", e->state, sizeof(e->state));
	e->have_clock = !hvx_vm_clock(handle, &e->clock_freq, &e->clock_scaled);
	return e->have[0];
}

#define ROW_FMT	" %-5s %-16s %-9s %-8s %-6s %-12s %-12s %-12s %s\n"

static const char *num(char *buf, size_t len, const struct vm_entry *e,
		       size_t f)
{
	if (e->have[f])
		snprintf(buf, len, "%llu", e->val[f]);
	else
		snprintf(buf, len, "-");
	return buf;
}

/* The guest's counter Hz, "scaled" after it if --counter-freq set it */
static const char *clock(char *buf, size_t len, const struct vm_entry *e)
{
	if (e->have_clock)
		snprintf(buf, len, "%llu%s", e->clock_freq,
			 e->clock_scaled ? " scaled" : "");
	else
		snprintf(buf, len, "-");
	return buf;
}

/* As virsh list: a heading, a rule, a line per VM. */
static void print_table(const struct vm_entry *vms, int n)
{
	char h[24], v[NR_FIELDS][24], c[32];
	int i, len;

	len = printf(ROW_FMT, "VM", "NAME", "STATE", "PID", "VCPUS",
		     "MEMORY(KiB)", "EXITS", "USER EXITS", "CLOCK(Hz)");
	while (--len > 0)
		putchar('-');
	putchar('\n');
	for (i = 0; i < n; i++) {
		snprintf(h, sizeof(h), "%llu", vms[i].handle);
		printf(ROW_FMT, h, vms[i].name[0] ? vms[i].name : "-",
		       vms[i].state[0] ? vms[i].state : "-",
		       num(v[0], sizeof(v[0]), &vms[i], 0),
		       num(v[1], sizeof(v[1]), &vms[i], 1), num(v[2], sizeof(v[2]), &vms[i], 2),
		       num(v[3], sizeof(v[3]), &vms[i], 3), num(v[4], sizeof(v[4]), &vms[i], 4),
		       clock(c, sizeof(c), &vms[i]));
	}
}

static int print_json(const struct vm_entry *vms, int n)
{
	struct json_writer w;
	unsigned long long nr;
	size_t f;
	int i;

	json_init(&w, stdout);
	json_begin_object(&w, NULL);
	if (hvx_sysfs_u64("nr_vms", &nr))
		json_null(&w, "nr_vms");
	else
		json_uint(&w, "nr_vms", nr);
	json_begin_array(&w, "vms");
	for (i = 0; i < n; i++) {
		json_begin_object(&w, NULL);
		json_uint(&w, "handle", vms[i].handle);
		for (f = 0; f < NR_FIELDS; f++) {
			if (vms[i].have[f])
				json_uint(&w, fields[f], vms[i].val[f]);
			else
				json_null(&w, fields[f]);
		}
		if (vms[i].name[0])
			json_string(&w, "name", vms[i].name);
		else
			json_null(&w, "name");
		if (vms[i].state[0])
			json_string(&w, "state", vms[i].state);
		else
			json_null(&w, "state");
		if (vms[i].have_clock) {
			json_uint(&w, "clock_freq", vms[i].clock_freq);
			json_bool(&w, "clock_scaled", vms[i].clock_scaled);
		} else {
			json_null(&w, "clock_freq");
			json_null(&w, "clock_scaled");
		}
		json_end_object(&w);
	}
	json_end_array(&w);
	json_end_object(&w);
	return json_finish(&w);
}

static int list_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	unsigned long long *handles = NULL;
	struct vm_entry *vms = NULL;
	int opt, i, n, nr = 0, ret = HVXCTL_EXIT_FAIL;
	bool json = false;

	opt = hvxctl_json_opt(cmd, argc, argv, &json);
	if (opt >= 0)
		return opt;
	if (optind < argc)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'", argv[optind]);

	if (!hvx_sysfs_exists(".")) {
		hvxctl_err("hvx is not loaded (%s missing); load it with: insmod hvx.ko",
			   hvx_sysfs_root());
		return HVXCTL_EXIT_FAIL;
	}
	n = hvx_sysfs_list(VMS_DIR, VM_PREFIX, &handles);
	if (n < 0) {
		if (hvx_sysfs_exists(VMS_DIR))
			hvxctl_err("cannot read %s/%s", hvx_sysfs_root(), VMS_DIR);
		else
			hvxctl_err("this hvx module lists no VMs (%s/%s missing): it is older than hvxctl",
				   hvx_sysfs_root(), VMS_DIR);
		return HVXCTL_EXIT_FAIL;
	}
	vms = calloc(n ? n : 1, sizeof(*vms));
	if (!vms) {
		hvxctl_err("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		if (read_vm(handles[i], &vms[nr]))
			nr++;

	if (json) {
		if (print_json(vms, nr)) {
			hvxctl_err("writing JSON failed");
			goto out;
		}
	} else {
		print_table(vms, nr);
		if (fflush(stdout)) {
			hvxctl_err("writing the list failed");
			goto out;
		}
	}
	ret = HVXCTL_EXIT_OK;
out:
	free(vms);
	free(handles);
	return ret;
}

const struct hvxctl_cmd hvxctl_cmd_list = {
	.name = "list",
	.args = "[--json]",
	.summary = "list the VMs hvx runs",
	.help =
	"Lists the VMs hvx runs, from /sys/kernel/hvx/vms: for each (by handle)\n"
	"its name (hvxctl run --name; '-' if none), its state (created: not run\n"
	"yet; running; off: the guest powered off or reset; stopping, stopped:\n"
	"'hvxctl stop'), the process that created it, its vCPUs, its RAM, how\n"
	"many times its vCPUs exited to hvx and, of those, to user space (the\n"
	"VMM: MMIO, system events, errors, signals), and the frequency of its\n"
	"guest's counter in Hz, with \"scaled\" if hvxctl run --counter-freq set\n"
	"it (else it is the host's).\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the same data as JSON (schema: see below)\n"
	"  -h, --help   show this help\n"
	"\n"
	"JSON: {\"nr_vms\", \"vms\": [{\"handle\", \"pid\", \"nr_vcpus\", \"mem_kib\",\n"
	"                          \"exits\", \"user_exits\", \"name\", \"state\",\n"
	"                          \"clock_freq\", \"clock_scaled\"},\n"
	"                         ...]}\n"
	"Values hvx does not publish are null, as is the name of a VM without one.\n",
	.run = list_run,
};
