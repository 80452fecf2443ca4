// SPDX-License-Identifier: GPL-2.0
/*
 * Commands on one running VM, named by its name or handle (vmref.c):
 *
 *   hvxctl stop [--no-wait] [--timeout SEC] NAME   HVX_VM_STOP, then wait
 *                                                  for its VMM to close it
 *   hvxctl stats [--json] [--interval MS] [NAME]   its sysfs counters,
 *                                                  exits by reason, rates;
 *                                                  every VM's without NAME
 *   hvxctl guestinfo [--json] NAME                 what its guest's VMware
 *                                                  tools reported
 *
 * stats --json schema (stable: keys are only ever added):
 *
 *   {"handle": 3, "name": "web" or null, "state": "running",
 *    "console": "hvxcon3" or null,
 *    "clock": {"freq": 62500000, "scaled": false} or null,
 *    "counters": {"calls_brk": 0, ..., "user_exits": 17},
 *    "exit_reasons": {"guest_call": 3, ..., "wfi": 9},
 *    "rates": {"interval_ms": 200, "exits": 40, "user_exits": 0,
 *              "exit_reasons": {"guest_call": 5, ...}} or null}
 *
 * Without NAME: {"vms": [one such object per VM, sorted by handle]}.
 * Rates are per second, from two readings --interval ms apart (null
 * with --interval 0).
 *
 * "clock" is the guest's counter (clock_freq, clock_scaled: scaled once
 * hvxctl run --counter-freq set it), null if hvx does not say.
 *
 * "counters" holds every number in the VM's folder, by file name
 * (exits, user_exits, console_bytes, console_dropped, guest_logs, the
 * guest calls' counters, mem_kib, nr_vcpus, pid, uid, ...); files only
 * root may read are missing for other users.
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
#define MAX_REASONS	16
#define STATS_INTERVAL_MS	200	/* default --interval of stats */
#define STATS_INTERVAL_MAX_MS	60000
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

/*
 * One VM's counters, and its exits by reason (exit_reasons), read twice
 * interval_ms apart for the rates.
 */
struct vm_stats {
	struct hvx_vm_ref vm;
	char state[32], console[64];
	unsigned long long freq;
	bool clock, scaled;
	struct hvx_counter c[MAX_COUNTERS], reasons[MAX_REASONS];
	int n, nr;
	unsigned long long exits0, user_exits0, reasons0[MAX_REASONS];
};

static unsigned long long counter(const struct hvx_counter *c, int n,
				  const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(c[i].name, name))
			return c[i].value;
	return 0;
}

/* The VM's exit_reasons file, "NAME COUNT" a line: how many read. */
static int read_reasons(unsigned long long handle, struct hvx_counter *out,
			int max)
{
	char path[512];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/vms/vm%llu/exit_reasons",
		 hvx_sysfs_root(), handle);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (n < max &&
	       fscanf(f, "%31s %llu", out[n].name, &out[n].value) == 2)
		n++;
	fclose(f);
	return n;
}

static void sample(struct vm_stats *s)
{
	char dir[64];

	snprintf(dir, sizeof(dir), "vms/vm%llu", s->vm.handle);
	s->n = hvx_sysfs_counters(dir, s->c, MAX_COUNTERS);
	s->nr = read_reasons(s->vm.handle, s->reasons, MAX_REASONS);
	hvx_vm_text(s->vm.handle, "state", s->state, sizeof(s->state));
	hvx_vm_text(s->vm.handle, "console", s->console, sizeof(s->console));
	s->clock = !hvx_vm_clock(s->vm.handle, &s->freq, &s->scaled);
}

static void sample_first(struct vm_stats *s)
{
	int i;

	sample(s);
	s->exits0 = counter(s->c, s->n, "exits");
	s->user_exits0 = counter(s->c, s->n, "user_exits");
	for (i = 0; i < s->nr; i++)
		s->reasons0[i] = s->reasons[i].value;
}

/* Per second, from @v0 to @v1 over @ms ms (0 if it went back). */
static unsigned long long rate(unsigned long long v0, unsigned long long v1,
			       unsigned int ms)
{
	return v1 > v0 && ms ? (v1 - v0) * 1000 / ms : 0;
}

/* Reason @i's count at the first reading (the file's lines: the same set). */
static unsigned long long reason0(const struct vm_stats *s, int i)
{
	return s->reasons0[i];
}

static void print_text(const struct vm_stats *s, unsigned int ms)
{
	const struct hvx_vm_ref *vm = &s->vm;
	int i;

	printf("handle: %llu\nname: %s\nstate: %s\nconsole: %s\n",
	       vm->handle, vm->name[0] ? vm->name : "-",
	       s->state[0] ? s->state : "-", s->console[0] ? s->console : "-");
	if (s->clock)
		printf("clock: %llu Hz, %s\n", s->freq,
		       s->scaled ? "scaled (--counter-freq)" : "the host's");
	else
		printf("clock: -\n");
	for (i = 0; i < s->n; i++)
		printf("%s: %llu\n", s->c[i].name, s->c[i].value);
	for (i = 0; i < s->nr; i++) {
		printf("exit_reason %s: %llu", s->reasons[i].name,
		       s->reasons[i].value);
		if (ms)
			printf(", %llu/s",
			       rate(reason0(s, i), s->reasons[i].value, ms));
		printf("\n");
	}
	if (ms)
		printf("rates over %u ms: exits %llu/s, user_exits %llu/s\n", ms,
		       rate(s->exits0, counter(s->c, s->n, "exits"), ms),
		       rate(s->user_exits0, counter(s->c, s->n, "user_exits"),
			    ms));
}

static void print_json(struct json_writer *w, const struct vm_stats *s,
		       unsigned int ms)
{
	const struct hvx_vm_ref *vm = &s->vm;
	int i;

	json_begin_object(w, NULL);
	json_uint(w, "handle", vm->handle);
	if (vm->name[0])
		json_string(w, "name", vm->name);
	else
		json_null(w, "name");
	if (s->state[0])
		json_string(w, "state", s->state);
	else
		json_null(w, "state");
	if (s->console[0])
		json_string(w, "console", s->console);
	else
		json_null(w, "console");
	if (s->clock) {
		json_begin_object(w, "clock");
		json_uint(w, "freq", s->freq);
		json_bool(w, "scaled", s->scaled);
		json_end_object(w);
	} else {
		json_null(w, "clock");
	}
	json_begin_object(w, "counters");
	for (i = 0; i < s->n; i++)
		json_uint(w, s->c[i].name, s->c[i].value);
	json_end_object(w);
	json_begin_object(w, "exit_reasons");
	for (i = 0; i < s->nr; i++)
		json_uint(w, s->reasons[i].name, s->reasons[i].value);
	json_end_object(w);
	if (!ms) {
		json_null(w, "rates");
		json_end_object(w);
		return;
	}
	json_begin_object(w, "rates");
	json_uint(w, "interval_ms", ms);
	json_uint(w, "exits", rate(s->exits0, counter(s->c, s->n, "exits"), ms));
	json_uint(w, "user_exits",
		  rate(s->user_exits0, counter(s->c, s->n, "user_exits"), ms));
	json_begin_object(w, "exit_reasons");
	for (i = 0; i < s->nr; i++)
		json_uint(w, s->reasons[i].name,
			  rate(reason0(s, i), s->reasons[i].value, ms));
	json_end_object(w);
	json_end_object(w);
	json_end_object(w);
}

/*
 * The VMs' statistics (every VM's: @all), read twice @ms ms apart for
 * the rates (once if 0).
 */
static int print_stats(struct vm_stats *s, int n, bool all, bool json,
		       unsigned int ms)
{
	struct json_writer w;
	int i;

	for (i = 0; i < n; i++)
		sample_first(&s[i]);
	if (ms && n)
		usleep(ms * 1000);
	for (i = 0; i < n; i++)
		sample(&s[i]);
	if (!json) {
		for (i = 0; i < n; i++) {
			if (i)
				printf("\n");
			print_text(&s[i], ms);
		}
		return fflush(stdout) ? -1 : 0;
	}
	json_init(&w, stdout);
	if (all) {
		json_begin_object(&w, NULL);
		json_begin_array(&w, "vms");
	}
	for (i = 0; i < n; i++)
		print_json(&w, &s[i], ms);
	if (all) {
		json_end_array(&w);
		json_end_object(&w);
	}
	return json_finish(&w);
}

/* Every VM (vms/vm<handle>), sorted by handle, in *out: how many, or -1. */
static int all_vms(struct vm_stats **out)
{
	unsigned long long *ids = NULL;
	struct vm_stats *s;
	int n, i;

	n = hvx_sysfs_list("vms", "vm", &ids);
	if (n < 0)
		return -1;
	s = calloc(n ? n : 1, sizeof(*s));
	if (!s) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n; i++) {
		s[i].vm.handle = ids[i];
		s[i].vm.by_handle = true;
		hvx_vm_text(ids[i], "name", s[i].vm.name, sizeof(s[i].vm.name));
	}
	free(ids);
	*out = s;
	return n;
}

static int stats_opts(const struct hvxctl_cmd *cmd, int argc, char **argv,
		      bool *json, unsigned int *ms)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "interval", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	char *end;
	int opt;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":ji:h", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'j':
			*json = true;
			break;
		case 'i':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-' ||
			    v > STATS_INTERVAL_MAX_MS)
				return hvxctl_usage_error(cmd,
					"--interval takes 0 to %d ms, not '%s'",
					STATS_INTERVAL_MAX_MS, optarg);
			*ms = v;
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	return -1;
}

static int stats_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	unsigned int ms = STATS_INTERVAL_MS;
	struct vm_stats *s = NULL;
	bool json = false, all;
	int ret, n = 1;

	ret = stats_opts(cmd, argc, argv, &json, &ms);
	if (ret >= 0)
		return ret;
	all = optind == argc;
	if (all) {
		if (!hvx_sysfs_exists("nr_vms")) {
			hvxctl_err("hvx is not loaded (no %s/nr_vms)",
				   hvx_sysfs_root());
			return HVXCTL_EXIT_FAIL;
		}
		n = all_vms(&s);
		if (n < 0) {
			hvxctl_err("cannot read %s/vms", hvx_sysfs_root());
			return HVXCTL_EXIT_FAIL;
		}
	} else {
		s = calloc(1, sizeof(*s));
		if (!s)
			return HVXCTL_EXIT_FAIL;
		ret = one_vm(cmd, argc, argv, &s->vm);
		if (ret) {
			free(s);
			return ret;
		}
	}
	ret = print_stats(s, n, all, json, ms);
	free(s);
	if (ret) {
		hvxctl_err("writing the statistics failed");
		return HVXCTL_EXIT_FAIL;
	}
	return HVXCTL_EXIT_OK;
}

const struct hvxctl_cmd hvxctl_cmd_stats = {
	.name = "stats",
	.args = "[--json] [--interval MS] [NAME]",
	.summary = "show a VM's counters, or every VM's",
	.help =
	"Shows the VM NAME's (its name, or its handle) state and counters, from\n"
	"/sys/kernel/hvx/vms/vm<handle>: exits (to hvx.ko), user_exits (to the\n"
	"VMM), console_bytes (what the guest wrote to its console) and\n"
	"console_dropped (what no reader will see), guest_logs, the guest calls\n"
	"by door (calls_*), reflected_*, mem_kib, nr_vcpus, pid and uid (of its\n"
	"VMM); state is created, running, off (the guest powered off or reset),\n"
	"stopping or stopped ('hvxctl stop'). clock is the frequency of the\n"
	"guest's counter, the host's or scaled (hvxctl run --counter-freq).\n"
	"Most counters need root. Then the exits by reason (exit_reasons: irq,\n"
	"hvc, smc, wfi, wfe, mmio, error, guest_call, sysreg, kick, vmware) and\n"
	"the rates of each, of exits and of user exits, per second, from two\n"
	"readings --interval MS apart (default 200; 0: no rates). Without NAME:\n"
	"every VM, one after the other (a blank line between them).\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the same data as JSON:\n"
	"               {\"handle\", \"name\", \"state\", \"console\",\n"
	"                \"clock\": {\"freq\", \"scaled\"},\n"
	"                \"counters\": {FILE: NUMBER, ...},\n"
	"                \"exit_reasons\": {REASON: NUMBER, ...},\n"
	"                \"rates\": {\"interval_ms\", \"exits\", \"user_exits\",\n"
	"                          \"exit_reasons\": {REASON: PER_SECOND}}}\n"
	"               (name and console null if the VM has none, clock\n"
	"               if hvx does not say, rates with --interval 0);\n"
	"               without NAME {\"vms\": [that, ...]}, by handle\n"
	"  -i, --interval MS  the rates' interval (0-60000 ms, default 200)\n"
	"  -h, --help   show this help\n",
	.exit_help =
	"Exit status: 0 success, 1 failure (or hvx not loaded), 2 usage error,\n"
	"3 no such VM.\n",
	.run = stats_run,
};

/*
 * A command that shows one VM (guestinfo): -j/--json and the VM's
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
