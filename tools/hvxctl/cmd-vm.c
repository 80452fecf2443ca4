// SPDX-License-Identifier: GPL-2.0
/*
 * Commands on one running VM, named by its name or handle (vmref.c):
 *
 *   hvxctl stop [--no-wait] [--timeout SEC] NAME   HVX_VM_STOP, then wait
 *                                                  for its VMM to close it
 *   hvxctl stats [--json] NAME                     its sysfs counters
 *   hvxctl guestinfo [--json] NAME                 what its guest's VMware
 *                                                  tools reported
 *
 * stats --json schema (stable: keys are only ever added):
 *
 *   {"handle": 3, "name": "web" or null, "state": "running",
 *    "console": "hvxcon3" or null,
 *    "clock": {"freq": 62500000, "scaled": false} or null,
 *    "counters": {"calls_brk": 0, ..., "user_exits": 17}}
 *
 * "clock" is the guest's counter (clock_freq, clock_scaled: scaled once
 * hvxctl run --counter-freq set it), null if hvx does not say.
 *
 * "counters" holds every number in the VM's folder, by file name
 * (exits, user_exits, console_bytes, console_dropped, guest_logs, the
 * guest calls' counters, mem_kib, nr_vcpus, pid, uid, ...); files only
 * root may read are missing for other users.
 *
 * guestinfo --json schema (stable: keys are only ever added):
 *
 *   {"handle": 3, "name": "web" or null, "vmware": true,
 *    "guestinfo": {"os_name": "debian12-64",
 *                  "guestinfo.vmtools.versionString": "12.2.0", ...}}
 *
 * "guestinfo" has one string per line KEY=VALUE of the VM's guestinfo
 * file (host/vmware-info.c says which keys there are); "vmware" is
 * whether the VM has the backdoor (null if hvx does not say).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "hvxctl.h"
#include "json.h"

#define STOP_WAIT_S	10	/* default --timeout of stop */
#define MAX_COUNTERS	64
/* The guestinfo file's largest size (hvx.ko's bound is about 10 KiB). */
#define GUESTINFO_MAX	65536

/* The operand: exactly one. */
static int one_vm(const struct hvxctl_cmd *cmd, int argc, char **argv,
		  struct hvx_vm_ref *vm)
{
	if (optind == argc)
		return hvxctl_usage_error(cmd, "no VM given: name it by its name or handle");
	if (argc - optind > 1)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'",
					  argv[optind + 1]);
	return hvx_vm_resolve(argv[optind], vm);
}

/* Is the VM still there (the same one, if it was named by name)? */
static bool still_there(const struct hvx_vm_ref *vm)
{
	char name[HVX_VM_NAME_MAX + 2];

	if (hvx_vm_text(vm->handle, "name", name, sizeof(name)))
		return false;
	return vm->by_handle || !strcmp(name, vm->name);
}

static int do_stop(const struct hvx_vm_ref *vm, const char *label)
{
	struct hvx_vm_stop s;
	char uid[24];
	int dev, ret = HVXCTL_EXIT_OK;

	memset(&s, 0, sizeof(s));
	if (vm->by_handle || !vm->name[0])
		s.handle = vm->handle;
	else
		memcpy(s.name, vm->name, strlen(vm->name));
	dev = hvx_open();
	if (dev < 0)
		return HVXCTL_EXIT_FAIL;
	if (ioctl(dev, HVX_VM_STOP, &s)) {
		switch (errno) {
		case ENOENT:
			hvxctl_err("VM %s is gone already", label);
			ret = HVXCTL_EXIT_NO_VM;
			break;
		case EPERM:
			if (hvx_vm_text(vm->handle, "uid", uid, sizeof(uid)))
				strcpy(uid, "?");
			hvxctl_err("not allowed to stop VM %s: it is uid %s's; only that user or root (CAP_SYS_ADMIN) may",
				   label, uid);
			ret = HVXCTL_EXIT_FAIL;
			break;
		case ENOTTY:
			hvxctl_err("this hvx module cannot stop VMs (HVX_VM_STOP is API 5): load a newer hvx.ko");
			ret = HVXCTL_EXIT_FAIL;
			break;
		default:
			hvx_ioctl_err("HVX_VM_STOP");
			ret = HVXCTL_EXIT_FAIL;
		}
	}
	close(dev);
	return ret;
}

static int stop_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-wait", no_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hvx_vm_ref vm;
	char label[40], pid[24], *end;
	double timeout = STOP_WAIT_S, until;
	bool wait = true;
	int opt, ret;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":nt:h", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'n':
			wait = false;
			break;
		case 't':
			errno = 0;
			timeout = strtod(optarg, &end);
			if (*end || errno || !(timeout >= 0 && timeout <= 1e6) ||
			    end == optarg)
				return hvxctl_usage_error(cmd,
					"--timeout takes seconds, 0 to 1000000: '%s'",
					optarg);
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	ret = one_vm(cmd, argc, argv, &vm);
	if (ret)
		return ret;
	hvx_vm_label(&vm, label, sizeof(label));
	ret = do_stop(&vm, label);
	if (ret || !wait)
		return ret;
	until = hvxctl_now() + timeout;
	while (still_there(&vm)) {
		if (hvxctl_now() >= until) {
			if (hvx_vm_text(vm.handle, "pid", pid, sizeof(pid)))
				strcpy(pid, "?");
			hvxctl_err("VM %s is stopped, but its VMM (pid %s) has not closed it after %g s: end that process ('kill %s')",
				   label, pid, timeout, pid);
			return HVXCTL_EXIT_FAIL;
		}
		usleep(20000);
	}
	printf("VM %s stopped\n", label);
	return HVXCTL_EXIT_OK;
}

const struct hvxctl_cmd hvxctl_cmd_stop = {
	.name = "stop",
	.args = "[--no-wait] [--timeout SEC] NAME",
	.summary = "stop a running VM, from any shell",
	.help =
	"Stops the VM NAME (its name, or its handle), which any process may have\n"
	"started (e.g. 'hvxctl run --detach'): hvx makes its vCPUs leave the\n"
	"guest at once and run it no more (HVX_VM_STOP), and its VMM, told so,\n"
	"closes it; hvx then frees it. Then waits until the VM is gone, and says\n"
	"\"VM NAME stopped\". Only root (CAP_SYS_ADMIN) and the user who started\n"
	"the VM may stop it.\n"
	"\n"
	"Options:\n"
	"  -n, --no-wait      return once hvx has stopped the vCPUs, without\n"
	"                     waiting for the VMM to close the VM\n"
	"  -t, --timeout SEC  wait at most SEC seconds for that (default 10)\n"
	"  -h, --help         show this help\n",
	.exit_help =
	"Exit status:\n"
	"  0  the VM was stopped and is gone (with --no-wait: stopped)\n"
	"  1  failure: not allowed (another user's VM), hvx not loaded or too\n"
	"     old, or the VMM did not close the VM within --timeout\n"
	"  2  usage error\n"
	"  3  no such VM\n",
	.run = stop_run,
};

/* The VM's folder as text, or as JSON (schema at the top of the file). */
static int print_stats(const struct hvx_vm_ref *vm, bool json)
{
	struct hvx_counter c[MAX_COUNTERS];
	char dir[64], state[32], console[64];
	unsigned long long freq;
	struct json_writer w;
	bool clock, scaled;
	int n, i;

	snprintf(dir, sizeof(dir), "vms/vm%llu", vm->handle);
	n = hvx_sysfs_counters(dir, c, MAX_COUNTERS);
	hvx_vm_text(vm->handle, "state", state, sizeof(state));
	hvx_vm_text(vm->handle, "console", console, sizeof(console));
	clock = !hvx_vm_clock(vm->handle, &freq, &scaled);
	if (!json) {
		printf("handle: %llu\nname: %s\nstate: %s\nconsole: %s\n",
		       vm->handle, vm->name[0] ? vm->name : "-",
		       state[0] ? state : "-", console[0] ? console : "-");
		if (clock)
			printf("clock: %llu Hz, %s\n", freq,
			       scaled ? "scaled (--counter-freq)" : "the host's");
		else
			printf("clock: -\n");
		for (i = 0; i < n; i++)
			printf("%s: %llu\n", c[i].name, c[i].value);
		return fflush(stdout) ? -1 : 0;
	}
	json_init(&w, stdout);
	json_begin_object(&w, NULL);
	json_uint(&w, "handle", vm->handle);
	if (vm->name[0])
		json_string(&w, "name", vm->name);
	else
		json_null(&w, "name");
	if (state[0])
		json_string(&w, "state", state);
	else
		json_null(&w, "state");
	if (console[0])
		json_string(&w, "console", console);
	else
		json_null(&w, "console");
	if (clock) {
		json_begin_object(&w, "clock");
		json_uint(&w, "freq", freq);
		json_bool(&w, "scaled", scaled);
		json_end_object(&w);
	} else {
		json_null(&w, "clock");
	}
	json_begin_object(&w, "counters");
	for (i = 0; i < n; i++)
		json_uint(&w, c[i].name, c[i].value);
	json_end_object(&w);
	json_end_object(&w);
	return json_finish(&w);
}

/*
 * A command that shows one VM (stats, guestinfo): -j/--json and the VM's
 * name or handle, then @show; @what names its output in a message.
 */
static int show_one(const struct hvxctl_cmd *cmd, int argc, char **argv,
		    int (*show)(const struct hvx_vm_ref *vm, bool json),
		    const char *what)
{
	struct hvx_vm_ref vm;
	bool json = false;
	int opt, ret;

	opt = hvxctl_json_opt(cmd, argc, argv, &json);
	if (opt >= 0)
		return opt;
	ret = one_vm(cmd, argc, argv, &vm);
	if (ret)
		return ret;
	ret = show(&vm, json);
	if (ret > 0)
		return ret;
	if (ret) {
		hvxctl_err("writing %s failed", what);
		return HVXCTL_EXIT_FAIL;
	}
	return HVXCTL_EXIT_OK;
}

static int stats_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	return show_one(cmd, argc, argv, print_stats, "the statistics");
}

const struct hvxctl_cmd hvxctl_cmd_stats = {
	.name = "stats",
	.args = "[--json] NAME",
	.summary = "show a VM's counters",
	.help =
	"Shows the VM NAME's (its name, or its handle) state and counters, from\n"
	"/sys/kernel/hvx/vms/vm<handle>: exits (to hvx.ko), user_exits (to the\n"
	"VMM), console_bytes (what the guest wrote to its console) and\n"
	"console_dropped (what no reader will see), guest_logs, the guest calls\n"
	"by door (calls_*), reflected_*, mem_kib, nr_vcpus, pid and uid (of its\n"
	"VMM); state is created, running, off (the guest powered off or reset),\n"
	"stopping or stopped ('hvxctl stop'). clock is the frequency of the\n"
	"guest's counter, the host's or scaled (hvxctl run --counter-freq).\n"
	"Most counters need root.\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the same data as JSON:\n"
	"               {\"handle\", \"name\", \"state\", \"console\",\n"
	"                \"clock\": {\"freq\", \"scaled\"},\n"
	"                \"counters\": {FILE: NUMBER, ...}}\n"
	"               (name and console null if the VM has none, clock\n"
	"               if hvx does not say)\n"
	"  -h, --help   show this help\n",
	.exit_help =
	"Exit status: 0 success, 1 failure (or hvx not loaded), 2 usage error,\n"
	"3 no such VM.\n",
	.run = stats_run,
};

/* The VM's guestinfo file, NUL-terminated, malloc()ed; NULL after a message. */
static char *read_guestinfo(const struct hvx_vm_ref *vm)
{
	char path[256], *text;
	size_t size;

	snprintf(path, sizeof(path), "%s/vms/vm%llu/guestinfo",
		 hvx_sysfs_root(), vm->handle);
	text = hvx_read_file(path, GUESTINFO_MAX - 1, &size);
	if (text)
		text[size] = '\0';
	return text;
}

/* Each KEY=VALUE line of @text, as text or as JSON members. */
static void each_entry(char *text, struct json_writer *w)
{
	char *line, *value, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		value = strchr(line, '=');
		if (!value)
			continue;
		*value++ = '\0';
		if (w)
			json_string(w, line, value);
		else
			printf("%s: %s\n", line, value);
	}
}

static int print_guestinfo(const struct hvx_vm_ref *vm, char *text, bool json)
{
	char vmware[8];
	bool known = !hvx_vm_text(vm->handle, "vmware", vmware, sizeof(vmware));
	struct json_writer w;

	if (!json) {
		printf("handle: %llu\nname: %s\nvmware: %s\n", vm->handle,
		       vm->name[0] ? vm->name : "-",
		       !known ? "-" : strcmp(vmware, "1") ? "off" : "on");
		if (!*text)
			printf("(the guest's VMware tools have reported nothing)\n");
		each_entry(text, NULL);
		return fflush(stdout) ? -1 : 0;
	}
	json_init(&w, stdout);
	json_begin_object(&w, NULL);
	json_uint(&w, "handle", vm->handle);
	if (vm->name[0])
		json_string(&w, "name", vm->name);
	else
		json_null(&w, "name");
	if (known)
		json_bool(&w, "vmware", !strcmp(vmware, "1"));
	else
		json_null(&w, "vmware");
	json_begin_object(&w, "guestinfo");
	each_entry(text, &w);
	json_end_object(&w);
	json_end_object(&w);
	return json_finish(&w);
}

/* -1 if it could not be written, HVXCTL_EXIT_FAIL if not read. */
static int show_guestinfo(const struct hvx_vm_ref *vm, bool json)
{
	char *text = read_guestinfo(vm);
	int ret;

	if (!text)
		return HVXCTL_EXIT_FAIL;
	ret = print_guestinfo(vm, text, json);
	free(text);
	return ret;
}

static int guestinfo_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	return show_one(cmd, argc, argv, show_guestinfo, "the guest info");
}

const struct hvxctl_cmd hvxctl_cmd_guestinfo = {
	.name = "guestinfo",
	.args = "[--json] NAME",
	.summary = "show what a VM's VMware guest tools reported",
	.help =
	"Shows what the VMware tools (open-vm-tools' vmtoolsd) in the VM NAME\n"
	"(its name, or its handle) reported to hvx over the VMware backdoor's\n"
	"RPC channel, from /sys/kernel/hvx/vms/vm<handle>/guestinfo: the guest\n"
	"OS (os_name, os_name_full, os_detailed), its host name (dns_name),\n"
	"its NICs' addresses (ip_addresses: MAC ADDR/PREFIX..., ';' between),\n"
	"uptime, the tools' version (guestinfo.vmtools.versionString,\n"
	"tools.version), and every 'info-set guestinfo.KEY' (guestinfo.KEY).\n"
	"vmware says whether the VM has the backdoor (hvxctl run --no-vmware).\n"
	"Needs root (or the VMM's owner).\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the same data as JSON:\n"
	"               {\"handle\", \"name\", \"vmware\",\n"
	"                \"guestinfo\": {KEY: VALUE, ...}}\n"
	"  -h, --help   show this help\n",
	.exit_help =
	"Exit status: 0 success (also when the tools reported nothing), 1\n"
	"failure (or hvx not loaded, or too old to keep guest info), 2 usage\n"
	"error, 3 no such VM.\n",
	.run = guestinfo_run,
};
