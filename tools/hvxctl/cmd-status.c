// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl status [--json]: hvx's version and each CPU's EL2 state.
 *
 * The JSON schema is stable: keys are only ever added.
 *
 *   {
 *     "version": {"hvxctl": "0.1.0", "module": "0.1.0", "api": 1,
 *                 "hyp": "0.1", "features": "0x0"},
 *     "nr_cpus": 4, "nr_online": 4, "nr_hyp": 4,
 *     "memory": {"mem_pages": 1024, "pool_pages": 996,
 *                "pool_used_pages": 2},
 *     "host_s2": {"aborts": 0, "blocks_1g": 1, ...},
 *     "cpus": [
 *       {"cpu": 0, "state": "hyp", "mpidr": "0x0", "current_el": "EL2",
 *        "vbar_el2": "0x...", "hcr_el2": "0x...", "sctlr_el2": "0x..."},
 *       ...
 *     ]
 *   }
 *
 * "cpus" has one entry per possible CPU; "state" is "hyp", "stub",
 * "offline" or "unknown"; register values are hex strings, and
 * "current_el" and the registers are null unless the state is "hyp".
 * "memory" values are null, and "host_s2" is empty, when hvx does not
 * publish them (/sys/kernel/hvx); "host_s2" holds every counter there.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvxctl.h"
#include "json.h"

#define CURRENT_EL_SHIFT	2
#define CURRENT_EL_MASK		0x3

static unsigned int el_of(__u64 current_el)
{
	return (current_el >> CURRENT_EL_SHIFT) & CURRENT_EL_MASK;
}

#define MAX_COUNTERS	32

/* hvx's memory: pages taken from the host, and EL2's page pool. */
static const char *const mem_files[] = {
	"mem_pages", "pool_pages", "pool_used_pages",
};

static void json_sysfs(struct json_writer *w)
{
	struct hvx_counter c[MAX_COUNTERS];
	unsigned long long val;
	size_t i;
	int n;

	json_begin_object(w, "memory");
	for (i = 0; i < ARRAY_SIZE(mem_files); i++) {
		if (hvx_sysfs_u64(mem_files[i], &val))
			json_null(w, mem_files[i]);
		else
			json_uint(w, mem_files[i], val);
	}
	json_end_object(w);

	json_begin_object(w, "host_s2");
	n = hvx_sysfs_counters("host_s2", c, MAX_COUNTERS);
	for (i = 0; i < (size_t)n; i++)
		json_uint(w, c[i].name, c[i].value);
	json_end_object(w);
}

static void print_sysfs(void)
{
	struct hvx_counter c[MAX_COUNTERS];
	unsigned long long mem, pool, used;
	int i, n;

	if (!hvx_sysfs_u64("mem_pages", &mem) &&
	    !hvx_sysfs_u64("pool_pages", &pool) &&
	    !hvx_sysfs_u64("pool_used_pages", &used))
		printf("memory: %llu pages taken from the host, EL2 pool %llu of %llu pages used\n",
		       mem, used, pool);
	n = hvx_sysfs_counters("host_s2", c, MAX_COUNTERS);
	if (n) {
		printf("host stage 2:");
		for (i = 0; i < n; i++)
			printf(" %s=%llu", c[i].name, c[i].value);
		printf("\n");
	}
}

static void print_json(const struct hvx_version *v, const struct hvx_status *st,
		       const struct hvx_cpu_status *cpus, struct json_writer *w)
{
	char buf[32];
	__u32 i;

	json_begin_object(w, NULL);

	json_begin_object(w, "version");
	json_string(w, "hvxctl", HVXCTL_VERSION);
	snprintf(buf, sizeof(buf), "%u.%u.%u", v->major, v->minor, v->patch);
	json_string(w, "module", buf);
	json_uint(w, "api", v->api_version);
	snprintf(buf, sizeof(buf), "%u.%u", v->hyp_version >> 16,
		 v->hyp_version & 0xffff);
	json_string(w, "hyp", buf);
	json_hex(w, "features", v->features);
	json_end_object(w);

	json_uint(w, "nr_cpus", st->nr_cpus);
	json_uint(w, "nr_online", st->nr_online);
	json_uint(w, "nr_hyp", st->nr_hyp);
	json_sysfs(w);

	json_begin_array(w, "cpus");
	for (i = 0; i < st->nr_cpus; i++) {
		const struct hvx_cpu_status *c = &cpus[i];
		bool hyp = c->state == HVX_CPU_HYP;

		json_begin_object(w, NULL);
		json_uint(w, "cpu", c->cpu);
		json_string(w, "state", hvx_cpu_state_name(c->state));
		json_hex(w, "mpidr", c->mpidr);
		if (hyp) {
			snprintf(buf, sizeof(buf), "EL%u", el_of(c->current_el));
			json_string(w, "current_el", buf);
			json_hex(w, "vbar_el2", c->vbar_el2);
			json_hex(w, "hcr_el2", c->hcr_el2);
			json_hex(w, "sctlr_el2", c->sctlr_el2);
		} else {
			json_null(w, "current_el");
			json_null(w, "vbar_el2");
			json_null(w, "hcr_el2");
			json_null(w, "sctlr_el2");
		}
		json_end_object(w);
	}
	json_end_array(w);

	json_end_object(w);
}

static void print_table(const struct hvx_version *v, const struct hvx_status *st,
			const struct hvx_cpu_status *cpus)
{
	char mpidr[24], el[8], vbar[24], hcr[24], sctlr[24];
	__u32 i;

	printf("hvx %u.%u.%u (API %u, hyp %u.%u), hvxctl %s\n",
	       v->major, v->minor, v->patch, v->api_version,
	       v->hyp_version >> 16, v->hyp_version & 0xffff, HVXCTL_VERSION);
	if (v->features)
		printf("features: 0x%llx\n", (unsigned long long)v->features);
	printf("CPUs: %u possible, %u online, %u under hvx\n",
	       st->nr_cpus, st->nr_online, st->nr_hyp);
	print_sysfs();
	printf("\n");

	printf("%3s  %-7s  %-10s  %-3s  %-18s  %-18s  %s\n", "CPU", "STATE",
	       "MPIDR", "EL", "VBAR_EL2", "HCR_EL2", "SCTLR_EL2");
	for (i = 0; i < st->nr_cpus; i++) {
		const struct hvx_cpu_status *c = &cpus[i];

		snprintf(mpidr, sizeof(mpidr), "0x%08llx",
			 (unsigned long long)c->mpidr);
		if (c->state == HVX_CPU_HYP) {
			snprintf(el, sizeof(el), "EL%u", el_of(c->current_el));
			snprintf(vbar, sizeof(vbar), "0x%016llx",
				 (unsigned long long)c->vbar_el2);
			snprintf(hcr, sizeof(hcr), "0x%016llx",
				 (unsigned long long)c->hcr_el2);
			snprintf(sctlr, sizeof(sctlr), "0x%016llx",
				 (unsigned long long)c->sctlr_el2);
		} else {
			strcpy(el, "-");
			strcpy(vbar, "-");
			strcpy(hcr, "-");
			strcpy(sctlr, "-");
		}
		printf("%3u  %-7s  %-10s  %-3s  %-18s  %-18s  %s\n", c->cpu,
		       hvx_cpu_state_name(c->state), mpidr, el, vbar, hcr, sctlr);
	}
}

static int status_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	struct hvx_cpu_status *cpus = NULL;
	struct hvx_version v;
	struct hvx_status st;
	struct json_writer w;
	bool json = false;
	int fd, opt, ret = HVXCTL_EXIT_FAIL;

	opt = hvxctl_json_opt(cmd, argc, argv, &json);
	if (opt >= 0)
		return opt;
	if (optind < argc)
		return hvxctl_usage_error(cmd, "unexpected argument '%s'", argv[optind]);

	fd = hvx_open();
	if (fd < 0)
		return HVXCTL_EXIT_FAIL;
	if (hvx_get_version(fd, &v) || hvx_get_status(fd, &st, &cpus))
		goto out;

	if (json) {
		json_init(&w, stdout);
		print_json(&v, &st, cpus, &w);
		if (json_finish(&w)) {
			hvxctl_err("writing JSON failed");
			goto out;
		}
	} else {
		print_table(&v, &st, cpus);
		if (fflush(stdout)) {
			hvxctl_err("writing the status failed");
			goto out;
		}
	}
	ret = HVXCTL_EXIT_OK;
out:
	free(cpus);
	close(fd);
	return ret;
}

const struct hvxctl_cmd hvxctl_cmd_status = {
	.name = "status",
	.args = "[--json]",
	.summary = "show hvx's version and each CPU's EL2 state",
	.help =
	"Shows the versions of the hvx module, its ioctl API and its EL2 code,\n"
	"and for every possible CPU whether hvx owns its EL2 ('hyp'), the kernel's\n"
	"hyp stub still does ('stub'), or the CPU is offline; for CPUs under hvx,\n"
	"also the CurrentEL, VBAR_EL2, HCR_EL2 and SCTLR_EL2 hvx reads at EL2;\n"
	"then the memory hvx took from the host, its EL2 page pool, and the\n"
	"counters of the host's stage 2 (from /sys/kernel/hvx).\n"
	"\n"
	"Options:\n"
	"  -j, --json   print the same data as JSON (schema: see below)\n"
	"  -h, --help   show this help\n"
	"\n"
	"JSON: {\"version\": {\"hvxctl\", \"module\", \"api\", \"hyp\", \"features\"},\n"
	"       \"nr_cpus\", \"nr_online\", \"nr_hyp\",\n"
	"       \"memory\": {\"mem_pages\", \"pool_pages\", \"pool_used_pages\"},\n"
	"       \"host_s2\": {every counter in /sys/kernel/hvx/host_s2},\n"
	"       \"cpus\": [{\"cpu\", \"state\", \"mpidr\", \"current_el\", \"vbar_el2\",\n"
	"                 \"hcr_el2\", \"sctlr_el2\"}, ...]}\n"
	"Registers are hex strings; current_el and the registers are null unless\n"
	"the CPU's state is \"hyp\".\n"
	"\n"
	"Needs root (/dev/hvx is mode 0600).\n",
	.run = status_run,
};
