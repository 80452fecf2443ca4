// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl partition create|list|destroy|exec: partitions (README
 * "Partitions"), groups of VMs whose management processes see only their
 * own VMs, within limits.
 *
 * hvx.ko keeps the partition (HVX_PARTITION_CREATE): its limits, the VM,
 * vCPU and guest RAM counts it enforces, and which PID namespaces are in
 * it. hvxctl keeps the partition's cgroup v2 directory,
 * /sys/fs/cgroup/hvx/NAME ($HVX_CGROUP instead of /sys/fs/cgroup), made
 * from the same limits: cpuset.cpus (its CPUs), cpu.max (its bandwidth),
 * memory.max (its guest RAM and --overhead for its processes), which the
 * kernel applies to every process exec starts in it, vCPU threads
 * included.
 *
 * list --json schema (stable: keys are only ever added):
 *
 *   {"partitions": [
 *     {"name": "a", "max_vms": 2, "max_vcpus": 4, "max_mem_kib": 65536,
 *      "cpus": "0-1", "cpu_max": "50000 100000", "nr_vms": 1,
 *      "nr_vcpus": 1, "mem_kib": 16384, "cgroup": "/sys/fs/cgroup/hvx/a"
 *      or null},
 *     ...]}
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hvxctl.h"
#include "json.h"

#define PART_DIR	"partitions"
#define CG_DIR		"hvx"
#define OVERHEAD_MIB	64	/* default --overhead */
#define DESTROY_WAIT_S	10	/* default --timeout of destroy */
#define CPU_MAX_USAGE	"--cpu-max takes QUOTA[/PERIOD] in microseconds"

static const struct hvxctl_cmd part_create_cmd, part_list_cmd,
	part_destroy_cmd, part_exec_cmd;

static const char *cgroup_root(void)
{
	const char *root = getenv("HVX_CGROUP");

	return root && *root ? root : "/sys/fs/cgroup";
}

static void cgroup_path(char *buf, size_t size, const char *name,
			const char *file)
{
	snprintf(buf, size, "%s/" CG_DIR "%s%s%s%s", cgroup_root(),
		 name ? "/" : "", name ? name : "", file ? "/" : "",
		 file ? file : "");
}

/* Writes TEXT to the file PATH; -1 (errno set) on failure. */
static int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	if (close(fd) || n != (ssize_t)len)
		return -1;
	return 0;
}

/* "16M", "1G", "65536K", "1048576": bytes; false if not a size. */
static bool parse_size(const char *s, unsigned long long *out)
{
	unsigned long long v, mult = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return false;
	if (*end && end[1])
		return false;
	switch (*end) {
	case 'K':
	case 'k':
		mult = 1ULL << 10;
		break;
	case 'M':
	case 'm':
		mult = 1ULL << 20;
		break;
	case 'G':
	case 'g':
		mult = 1ULL << 30;
		break;
	case '\0':
		break;
	default:
		return false;
	}
	if (v > ~0ULL / mult)
		return false;
	*out = v * mult;
	return true;
}

/* "0-1,3": bits in cpus[]; false if not a CPU list. */
static bool parse_cpus(const char *s, __u64 *cpus)
{
	unsigned long a, b;
	char *end;

	do {
		if (*s < '0' || *s > '9')
			return false;
		a = strtoul(s, &end, 10);
		b = a;
		if (*end == '-') {
			s = end + 1;
			if (*s < '0' || *s > '9')
				return false;
			b = strtoul(s, &end, 10);
		}
		if (a > b || b >= HVX_PARTITION_MAX_CPUS)
			return false;
		for (; a <= b; a++)
			cpus[a / 64] |= 1ULL << (a % 64);
		s = end + (*end == ',');
	} while (*end == ',');
	return !*end;
}

/* Back to the list form cgroup's cpuset.cpus takes. */
static void cpus_text(const __u64 *cpus, char *buf, size_t size)
{
	size_t len = 0;
	int a, b;

	buf[0] = '\0';
	for (a = 0; a < HVX_PARTITION_MAX_CPUS; a++) {
		if (!(cpus[a / 64] & (1ULL << (a % 64))))
			continue;
		for (b = a; b + 1 < HVX_PARTITION_MAX_CPUS &&
		     (cpus[(b + 1) / 64] & (1ULL << ((b + 1) % 64))); b++)
			;
		len += snprintf(buf + len, size > len ? size - len : 0,
				len ? ",%d" : "%d", a);
		if (b > a)
			len += snprintf(buf + len, size > len ? size - len : 0,
					"-%d", b);
		a = b;
	}
}

static int partition_ioctl(unsigned long req, const char *what, void *arg)
{
	int dev = hvx_open(), ret;

	if (dev < 0)
		return -1;
	ret = ioctl(dev, req, arg);
	if (ret && errno == ENOTTY)
		hvxctl_err("%s: this hvx module has no partitions (API 8): load a newer hvx.ko",
			   what);
	close(dev);
	return ret;
}

static int ref_of(struct hvx_partition_ref *r, const char *name, __u32 flags)
{
	memset(r, 0, sizeof(*r));
	if (!hvx_vm_name_valid(name))
		return -1;
	memcpy(r->name, name, strlen(name));
	r->flags = flags;
	return 0;
}

/*
 * The partition's cgroup: hvx/ with the controllers it needs, then NAME
 * with the limits. A message and -1 on failure.
 */
static int cgroup_make(const char *name, const __u64 *cpus,
		       const struct hvx_partition_create *c,
		       unsigned long long mem_max)
{
	static const char *const ctrls = "+cpuset +cpu +memory";
	char path[512], text[128];
	const char *file = NULL;

	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", cgroup_root());
	if (write_text(path, ctrls))
		goto fail;
	cgroup_path(path, sizeof(path), NULL, NULL);
	if (mkdir(path, 0755) && errno != EEXIST)
		goto fail;
	cgroup_path(path, sizeof(path), NULL, "cgroup.subtree_control");
	if (write_text(path, ctrls))
		goto fail;
	cgroup_path(path, sizeof(path), name, NULL);
	if (mkdir(path, 0755))
		goto fail;
	file = "cpuset.cpus";
	cpus_text(cpus, text, sizeof(text));
	cgroup_path(path, sizeof(path), name, file);
	if (write_text(path, text))
		goto fail;
	file = "cpu.max";
	if (c->cpu_quota_us)
		snprintf(text, sizeof(text), "%llu %llu",
			 (unsigned long long)c->cpu_quota_us,
			 (unsigned long long)c->cpu_period_us);
	else
		snprintf(text, sizeof(text), "max");
	cgroup_path(path, sizeof(path), name, file);
	if (write_text(path, text))
		goto fail;
	file = "memory.max";
	snprintf(text, sizeof(text), "%llu", mem_max);
	cgroup_path(path, sizeof(path), name, file);
	if (write_text(path, text))
		goto fail;
	return 0;
fail:
	hvxctl_err("cgroup %s: %s (hvxctl needs cgroup v2 with the cpuset, cpu and memory controllers at %s)",
		   path, strerror(errno), cgroup_root());
	if (file) {
		cgroup_path(path, sizeof(path), name, NULL);
		rmdir(path);
	}
	return -1;
}

static int create_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vms", required_argument, NULL, 'n' },
		{ "vcpus", required_argument, NULL, 'c' },
		{ "mem", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, 'C' },
		{ "cpu-max", required_argument, NULL, 'q' },
		{ "overhead", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v, overhead = OVERHEAD_MIB << 20;
	struct hvx_partition_create c;
	struct hvx_partition_ref r;
	const char *name;
	char *slash;
	int opt;

	memset(&c, 0, sizeof(c));
	while ((opt = hvxctl_getopt(cmd, argc, argv, ":n:c:m:C:q:o:h", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'n':
			if (!hvxctl_parse_ull(optarg, 0, HVX_PARTITION_MAX_VMS, &v) || !v)
				return hvxctl_usage_error(cmd, "--vms takes 1 to %d: '%s'",
							  HVX_PARTITION_MAX_VMS, optarg);
			c.max_vms = v;
			break;
		case 'c':
			if (!hvxctl_parse_ull(optarg, 0, 0xffffffffULL, &v) || !v)
				return hvxctl_usage_error(cmd, "--vcpus takes a count from 1: '%s'",
							  optarg);
			c.max_vcpus = v;
			break;
		case 'm':
			if (!parse_size(optarg, &v) || !v)
				return hvxctl_usage_error(cmd,
					"--mem takes a size (bytes, or with K, M, G): '%s'",
					optarg);
			c.mem_bytes = v;
			break;
		case 'C':
			memset(c.cpus, 0, sizeof(c.cpus));
			if (!parse_cpus(optarg, c.cpus))
				return hvxctl_usage_error(cmd,
					"--cpus takes a CPU list such as 0-1,3: '%s'",
					optarg);
			break;
		case 'q':
			slash = strchr(optarg, '/');
			c.cpu_period_us = 100000;
			if (slash) {
				*slash = '\0';
				if (!hvxctl_parse_ull(slash + 1, 0, HVX_PARTITION_PERIOD_MAX, &v))
					return hvxctl_usage_error(cmd, CPU_MAX_USAGE);
				c.cpu_period_us = v;
			}
			if (!hvxctl_parse_ull(optarg, 0, ~0ULL, &v))
				return hvxctl_usage_error(cmd, CPU_MAX_USAGE);
			c.cpu_quota_us = v;
			break;
		case 'o':
			if (!parse_size(optarg, &overhead))
				return hvxctl_usage_error(cmd, "--overhead takes a size: '%s'",
							  optarg);
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	if (argc - optind != 1)
		return hvxctl_usage_error(cmd, "give one NAME");
	name = argv[optind];
	if (!hvx_vm_name_valid(name))
		return hvxctl_usage_error(cmd,
			"bad NAME '%s': a letter, then letters, digits, '.', '_' or '-', at most %d",
			name, HVX_PARTITION_NAME_MAX - 1);
	if (!c.max_vms || !c.mem_bytes || !(c.cpus[0] | c.cpus[1] | c.cpus[2] | c.cpus[3]))
		return hvxctl_usage_error(cmd, "--vms, --mem and --cpus are needed");
	if (!c.max_vcpus)
		c.max_vcpus = c.max_vms;
	memcpy(c.name, name, strlen(name));

	if (partition_ioctl(HVX_PARTITION_CREATE, "HVX_PARTITION_CREATE", &c)) {
		switch (errno) {
		case ENOTTY:
			break;
		case EEXIST:
			hvxctl_err("a partition named '%s' exists already", name);
			break;
		case EINVAL:
			hvxctl_err("hvx refuses these limits: more than the host has (RAM, CPUs), more vCPUs than %d a VM, or a --cpu-max outside 1000 us .. PERIOD * CPUs",
				   HVX_MAX_VCPUS);
			break;
		case EPERM:
			hvxctl_err("only a host administrator (root outside every partition) makes partitions");
			break;
		default:
			hvx_ioctl_err("HVX_PARTITION_CREATE");
		}
		return HVXCTL_EXIT_FAIL;
	}
	if (cgroup_make(name, c.cpus, &c, c.mem_bytes + overhead)) {
		ref_of(&r, name, 0);
		partition_ioctl(HVX_PARTITION_DESTROY, "HVX_PARTITION_DESTROY", &r);
		return HVXCTL_EXIT_FAIL;
	}
	printf("partition %s created\n", name);
	return HVXCTL_EXIT_OK;
}

static const struct hvxctl_cmd part_create_cmd = {
	.name = "partition create",
	.args =
	"--vms N [--vcpus N] --mem SIZE --cpus LIST [--cpu-max QUOTA[/PERIOD]] [--overhead SIZE] NAME",
	.summary = "make a partition",
	.help =
	"Makes the partition NAME (as a VM name: a letter, then letters, digits,\n"
	"'.', '_', '-') in hvx.ko with its limits, and its cgroup v2 directory\n"
	"/sys/fs/cgroup/hvx/NAME ($HVX_CGROUP for /sys/fs/cgroup) from them.\n"
	"\n"
	"Options:\n"
	"  -n, --vms N            most VMs at once (1-255)\n"
	"  -c, --vcpus N          most vCPUs of all its VMs (default: --vms)\n"
	"  -m, --mem SIZE         most guest RAM of all its VMs (K, M, G suffixes)\n"
	"  -C, --cpus LIST        the host CPUs its processes and vCPUs run on\n"
	"                         (cpuset.cpus), e.g. 0-1,3\n"
	"  -q, --cpu-max QUOTA[/PERIOD]  CPU time in microseconds every PERIOD\n"
	"                         (default 100000) as cgroup's cpu.max; none: no limit\n"
	"  -o, --overhead SIZE    memory.max is --mem plus this, for its\n"
	"                         processes (default 64M)\n"
	"  -h, --help             show this help\n",
	.run = create_run,
};

/* The number in partitions/NAME/FILE, or -1 (null in JSON). */
static bool part_u64(const char *name, const char *file,
		     unsigned long long *v)
{
	char rel[128];

	snprintf(rel, sizeof(rel), PART_DIR "/%s/%s", name, file);
	return !hvx_sysfs_u64(rel, v);
}

static void part_text(const char *name, const char *file, char *buf,
		      size_t size)
{
	char path[512];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/" PART_DIR "/%s/%s", hvx_sysfs_root(),
		 name, file);
	f = fopen(path, "re");
	if (!f)
		return;
	if (!fgets(buf, size, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static const char *const part_fields[] = {
	"max_vms", "max_vcpus", "max_mem_kib", "nr_vms", "nr_vcpus", "mem_kib",
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The partitions' names, sorted, malloc()ed; how many, or -1. */
static int part_names(char ***names)
{
	char path[512], **v = NULL, **nv;
	struct dirent *d;
	int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/" PART_DIR, hvx_sysfs_root());
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		nv = realloc(v, (n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[n] = strdup(d->d_name);
		if (v[n])
			n++;
	}
	closedir(dir);
	qsort(v, n, sizeof(*v), cmp_names);
	*names = v;
	return n;
}

#define LIST_FMT " %-16s %-9s %-11s %-18s %-8s %-14s %s\n"

static int list_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	char **names = NULL, cpus[128], cpu_max[64], cg[512];
	char vms[32], vcpus[32], mem[48];
	unsigned long long v[ARRAY_SIZE(part_fields)];
	bool have[ARRAY_SIZE(part_fields)], json;
	struct json_writer w;
	int opt, n, i, len;
	size_t f;

	opt = hvxctl_json_opt(cmd, argc, argv, &json);
	if (opt >= 0)
		return opt;
	if (optind < argc)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	n = part_names(&names);
	if (n < 0) {
		hvxctl_err("no %s/%s: hvx is not loaded, is older than partitions (API 8), or this is a partition's view",
			   hvx_sysfs_root(), PART_DIR);
		return HVXCTL_EXIT_FAIL;
	}
	if (json) {
		json_init(&w, stdout);
		json_begin_object(&w, NULL);
		json_begin_array(&w, "partitions");
	} else {
		len = printf(LIST_FMT, "NAME", "VMS", "VCPUS", "MEMORY(KiB)",
			     "CPUS", "CPU.MAX", "CGROUP");
		while (--len > 0)
			putchar('-');
		putchar('\n');
	}
	for (i = 0; i < n; i++) {
		for (f = 0; f < ARRAY_SIZE(part_fields); f++)
			have[f] = part_u64(names[i], part_fields[f], &v[f]);
		part_text(names[i], "cpus", cpus, sizeof(cpus));
		part_text(names[i], "cpu_max", cpu_max, sizeof(cpu_max));
		cgroup_path(cg, sizeof(cg), names[i], NULL);
		if (access(cg, F_OK))
			cg[0] = '\0';
		if (!json) {
			snprintf(vms, sizeof(vms), "%llu/%llu", v[3], v[0]);
			snprintf(vcpus, sizeof(vcpus), "%llu/%llu", v[4], v[1]);
			snprintf(mem, sizeof(mem), "%llu/%llu", v[5], v[2]);
			printf(LIST_FMT, names[i], vms, vcpus, mem, cpus,
			       cpu_max, cg[0] ? cg : "-");
			continue;
		}
		json_begin_object(&w, NULL);
		json_string(&w, "name", names[i]);
		for (f = 0; f < ARRAY_SIZE(part_fields); f++) {
			if (have[f])
				json_uint(&w, part_fields[f], v[f]);
			else
				json_null(&w, part_fields[f]);
		}
		json_string(&w, "cpus", cpus);
		json_string(&w, "cpu_max", cpu_max);
		if (cg[0])
			json_string(&w, "cgroup", cg);
		else
			json_null(&w, "cgroup");
		json_end_object(&w);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (json) {
		json_end_array(&w);
		json_end_object(&w);
		if (json_finish(&w))
			return HVXCTL_EXIT_FAIL;
		return HVXCTL_EXIT_OK;
	}
	return fflush(stdout) ? HVXCTL_EXIT_FAIL : HVXCTL_EXIT_OK;
}

static const struct hvxctl_cmd part_list_cmd = {
	.name = "partition list",
	.args = "[--json]",
	.summary = "list the partitions with their usage",
	.help =
	"Lists the partitions, from /sys/kernel/hvx/partitions: for each its VMs,\n"
	"vCPUs and guest RAM (in use/limit), its CPUs, its cpu.max and its\n"
	"cgroup directory.\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the same as JSON: {\"partitions\": [{\"name\",\n"
	"               \"max_vms\", \"max_vcpus\", \"max_mem_kib\", \"nr_vms\",\n"
	"               \"nr_vcpus\", \"mem_kib\", \"cpus\", \"cpu_max\",\n"
	"               \"cgroup\" (null if none)}]}\n"
	"  -h, --help   show this help\n",
	.run = list_run,
};

static int destroy_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long timeout = DESTROY_WAIT_S;
	struct hvx_partition_ref r;
	bool force = false;
	char path[512];
	double until;
	int opt, ret;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":ft:h", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'f':
			force = true;
			break;
		case 't':
			if (!hvxctl_parse_ull(optarg, 0, 1000000, &timeout))
				return hvxctl_usage_error(cmd,
					"--timeout takes seconds: '%s'", optarg);
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || ref_of(&r, argv[optind], force ? HVX_PARTITION_FORCE : 0))
		return hvxctl_usage_error(cmd, "give one partition NAME");
	until = hvxctl_now() + timeout;
	ret = partition_ioctl(HVX_PARTITION_DESTROY, "HVX_PARTITION_DESTROY", &r);
	if (ret && errno == EBUSY && force) {
		/* hvx allowed it: its processes outside its PID namespaces too. */
		cgroup_path(path, sizeof(path), r.name, "cgroup.kill");
		write_text(path, "1");
	}
	while (ret && errno == EBUSY && force && hvxctl_now() < until) {
		usleep(20000);
		ret = partition_ioctl(HVX_PARTITION_DESTROY, "HVX_PARTITION_DESTROY", &r);
	}
	if (ret) {
		switch (errno) {
		case ENOTTY:
			break;
		case ENOENT:
			hvxctl_err("no partition named '%s'", r.name);
			return HVXCTL_EXIT_NO_VM;
		case EBUSY:
			if (force)
				hvxctl_err("partition %s: its VMs and processes did not end within %llu s",
					   r.name, timeout);
			else
				hvxctl_err("partition %s has VMs or processes: end them, or give --force",
					   r.name);
			break;
		case EPERM:
			hvxctl_err("only a host administrator (root outside every partition) destroys partitions");
			break;
		default:
			hvx_ioctl_err("HVX_PARTITION_DESTROY");
		}
		return HVXCTL_EXIT_FAIL;
	}
	/* Its last processes may still be leaving the cgroup. */
	cgroup_path(path, sizeof(path), r.name, NULL);
	while (rmdir(path) && errno == EBUSY && hvxctl_now() < until)
		usleep(20000);
	if (!access(path, F_OK)) {
		hvxctl_err("partition %s destroyed, but its cgroup %s stays: %s",
			   r.name, path, strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	printf("partition %s destroyed\n", r.name);
	return HVXCTL_EXIT_OK;
}

static const struct hvxctl_cmd part_destroy_cmd = {
	.name = "partition destroy",
	.args = "[--force] [--timeout SEC] NAME",
	.summary = "destroy a partition",
	.help =
	"Destroys the partition NAME and removes its cgroup. hvx refuses while\n"
	"the partition has VMs or processes; with --force it stops its VMs and\n"
	"kills its processes (every process of its PID namespaces, and of its\n"
	"cgroup), waits for them to end, and then destroys it: every page of\n"
	"its guests goes back to the host.\n"
	"\n"
	"Options:\n"
	"  -f, --force        end its VMs and processes first\n"
	"  -t, --timeout SEC  wait at most SEC seconds for that (default 10)\n"
	"  -h, --help         show this help\n",
	.exit_help =
	"Exit status: 0 destroyed, 1 failure (busy without --force, not allowed,\n"
	"hvx not loaded), 2 usage error, 3 no such partition.\n",
	.run = destroy_run,
};

/*
 * The partition's init, pid 1 of its PID namespace: bind the namespace,
 * make the partition's view (its /proc, its hvx sysfs folder as
 * /sys/kernel/hvx, its cgroup as /sys/fs/cgroup), run CMD, and reap
 * until nothing is left (what CMD left running, a detached VMM, lives on
 * till then). Exits with CMD's status.
 */
static int partition_init(const char *name, char **cmdv)
{
	struct hvx_partition_ref r;
	int status = 0, ret;
	char path[512];
	pid_t cmd, pid;

	ref_of(&r, name, 0);
	if (partition_ioctl(HVX_PARTITION_BIND, "HVX_PARTITION_BIND", &r)) {
		if (errno == ENOENT)
			hvxctl_err("no partition named '%s'", name);
		else if (errno != ENOTTY)
			hvx_ioctl_err("HVX_PARTITION_BIND");
		return HVXCTL_EXIT_FAIL;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)) {
		hvxctl_err("partition %s: mounts: %s", name, strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	snprintf(path, sizeof(path), "%s/" PART_DIR "/%s", hvx_sysfs_root(), name);
	if (mount(path, hvx_sysfs_root(), NULL, MS_BIND, NULL)) {
		hvxctl_err("partition %s: bind %s: %s", name, path, strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	/*
	 * In its cgroup namespace, a new cgroup2 mount shows the partition's
	 * cgroup as the root; the host's mount goes first (the same
	 * filesystem cannot be mounted on its own root).
	 */
	umount2("/sys/fs/cgroup", MNT_DETACH);
	if (mount("cgroup2", "/sys/fs/cgroup", "cgroup2", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		hvxctl_err("partition %s: cgroup2 on /sys/fs/cgroup: %s", name, strerror(errno));
	if (sethostname(name, strlen(name)))
		hvxctl_err("partition %s: sethostname: %s", name, strerror(errno));

	cmd = fork();
	if (cmd < 0) {
		hvxctl_err("fork: %s", strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	if (!cmd) {
		execvp(cmdv[0], cmdv);
		hvxctl_err("cannot run %s: %s", cmdv[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		pid = wait(&ret);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		if (pid == cmd)
			status = WIFEXITED(ret) ? WEXITSTATUS(ret) :
				 128 + WTERMSIG(ret);
	}
	return status;
}

static int exec_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *name;
	char path[512];
	int opt, status;
	pid_t init;

	while ((opt = hvxctl_getopt(cmd, argc, argv, "+:h", opts)) != HVXCTL_OPT_DONE) {
		if (opt == HVXCTL_OPT_HELP)
			return HVXCTL_EXIT_OK;
		return HVXCTL_EXIT_USAGE;
	}
	if (argc - optind < 2)
		return hvxctl_usage_error(cmd, "give NAME and a command");
	name = argv[optind];
	if (!hvx_vm_name_valid(name))
		return hvxctl_usage_error(cmd, "bad partition NAME '%s'", name);
	if (!strcmp(argv[optind + 1], "--"))
		optind++;
	if (argc - optind < 2)
		return hvxctl_usage_error(cmd, "give a command after NAME --");

	/* Into its cgroup first, so that the cgroup namespace is rooted there. */
	cgroup_path(path, sizeof(path), name, "cgroup.procs");
	if (write_text(path, "0")) {
		hvxctl_err("partition %s: cannot join its cgroup %s: %s", name,
			   path, strerror(errno));
		return errno == ENOENT ? HVXCTL_EXIT_NO_VM : HVXCTL_EXIT_FAIL;
	}
	if (unshare(CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
		    CLONE_NEWCGROUP)) {
		hvxctl_err("unshare: %s (hvxctl partition exec needs root)", strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	fflush(NULL);
	init = fork();
	if (init < 0) {
		hvxctl_err("fork: %s", strerror(errno));
		return HVXCTL_EXIT_FAIL;
	}
	if (!init)
		_exit(partition_init(name, argv + optind + 1));
	while (waitpid(init, &status, 0) < 0)
		if (errno != EINTR)
			return HVXCTL_EXIT_FAIL;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const struct hvxctl_cmd part_exec_cmd = {
	.name = "partition exec",
	.args = "NAME [--] CMD [ARG...]",
	.summary = "run a command in a partition",
	.help =
	"Runs CMD in the partition NAME: in its cgroup, in new PID, mount, UTS,\n"
	"IPC and cgroup namespaces, bound to the partition (HVX_PARTITION_BIND)\n"
	"for good. Every VM CMD and its children make is the partition's; they\n"
	"see only its VMs ('hvxctl list' there lists those), find its limits\n"
	"and usage in /sys/kernel/hvx (its folder, bind-mounted there), and its\n"
	"cgroup as /sys/fs/cgroup. Returns when CMD and everything it left\n"
	"running have ended, with CMD's exit status.\n"
	"\n"
	"Options:\n"
	"  -h, --help   show this help\n",
	.exit_help =
	"Exit status: CMD's; 1 if it could not be started, 2 usage error,\n"
	"3 no such partition.\n",
	.run = exec_run,
};

static const struct hvxctl_cmd *const subcommands[] = {
	&part_create_cmd, &part_list_cmd, &part_destroy_cmd, &part_exec_cmd,
};

static int partition_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		hvxctl_cmd_help(cmd, argc < 2 ? stderr : stdout);
		return argc < 2 ? HVXCTL_EXIT_USAGE : HVXCTL_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(subcommands[i]->name + strlen("partition "), argv[1])) {
			optind = 0;
			return subcommands[i]->run(subcommands[i], argc - 1,
						   argv + 1);
		}
	return hvxctl_usage_error(cmd, "unknown subcommand '%s'", argv[1]);
}

const struct hvxctl_cmd hvxctl_cmd_partition = {
	.name = "partition",
	.args = "create|list|destroy|exec ...",
	.summary = "manage partitions: groups of VMs with their own view and limits",
	.help =
	"A partition is a group of VMs run by its own management processes,\n"
	"which see only the partition's VMs, within its limits (VMs, vCPUs,\n"
	"guest RAM in hvx.ko; CPUs, CPU bandwidth, memory in its cgroup).\n"
	"\n"
	"  partition create ... NAME   make one (see 'hvxctl partition create --help')\n"
	"  partition list [--json]     the partitions, their limits and usage\n"
	"  partition destroy [--force] NAME\n"
	"  partition exec NAME -- CMD  run CMD inside it\n"
	"\n"
	"Each subcommand takes --help.\n",
	.run = partition_run,
};
