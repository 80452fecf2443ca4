/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvxctl: command-line control of the hvx hypervisor.
 *
 * Every command is a struct hvxctl_cmd, defined in the file of its command
 * group (cmd-*.c) and listed in main.c's command table.
 */
#ifndef HVXCTL_H
#define HVXCTL_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include <linux/hvx.h>

#define HVXCTL_VERSION	"0.1.0"
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define HVX_DEV_PATH	"/dev/hvx"

/* Exit codes, documented in 'hvxctl --help'. */
#define HVXCTL_EXIT_OK		0	/* success */
#define HVXCTL_EXIT_FAIL	1	/* operation failed, hvx not loaded */
#define HVXCTL_EXIT_USAGE	2	/* bad command line */
/* console, stop, stats: the NAME or handle given names no VM */
#define HVXCTL_EXIT_NO_VM	3

struct hvxctl_cmd {
	const char *name;
	const char *args;	/* synopsis after the name: "[--json]" */
	const char *summary;	/* one line for 'hvxctl --help' */
	const char *help;	/* description and options for 'help NAME' */
	/* its own "Exit status:" paragraph; NULL: the common exit codes */
	const char *exit_help;
	/* argv[0] is the command name; returns an HVXCTL_EXIT_* code */
	int (*run)(const struct hvxctl_cmd *cmd, int argc, char **argv);
};

/* main.c */
void hvxctl_cmd_help(const struct hvxctl_cmd *cmd, FILE *f);
int hvxctl_usage_error(const struct hvxctl_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void hvxctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Seconds on the monotonic clock, for deadlines. */
double hvxctl_now(void);

/*
 * getopt_long() for a command's options. Handles -h/--help (prints the
 * command's help) and unknown options or missing arguments (prints a usage
 * error). Returns the option character, or one of:
 */
#define HVXCTL_OPT_DONE	(-1)	/* no more options; operands from optind */
#define HVXCTL_OPT_HELP	(-2)	/* help printed: exit HVXCTL_EXIT_OK */
#define HVXCTL_OPT_BAD	(-3)	/* error printed: exit HVXCTL_EXIT_USAGE */
int hvxctl_getopt(const struct hvxctl_cmd *cmd, int argc, char **argv,
		  const char *shortopts, const struct option *longopts);
/*
 * The options of a command that has only -j/--json (and -h/--help): -1 to
 * go on (*json set as asked), else the status to exit with.
 */
int hvxctl_json_opt(const struct hvxctl_cmd *cmd, int argc, char **argv,
		    bool *json);
/* A decimal number in [min, max], digits only: false if @s is not one. */
bool hvxctl_parse_ull(const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out);

/* dev.c: /dev/hvx. Each prints its own error message on failure. */
int hvx_open(void);
/* The message for a failed ioctl NAME, from errno. */
void hvx_ioctl_err(const char *name);
int hvx_get_version(int fd, struct hvx_version *v);
/* On success *cpus is malloc()ed with st->nr_cpus entries. */
int hvx_get_status(int fd, struct hvx_status *st,
		   struct hvx_cpu_status **cpus);
const char *hvx_cpu_state_name(unsigned int state);

/*
 * file.c: the whole file PATH, at most max bytes (sysfs files report no
 * size, so it reads to EOF), malloc()ed; NULL after a message.
 */
void *hvx_read_file(const char *path, size_t max, size_t *size);

/* sysfs.c: /sys/kernel/hvx (or $HVX_SYSFS). Missing files are not errors. */
struct hvx_counter {
	char name[32];
	unsigned long long value;
};

/* /sys/kernel/hvx, or $HVX_SYSFS */
const char *hvx_sysfs_root(void);
/* The number in the file REL below the hvx sysfs root; -1 if none. */
int hvx_sysfs_u64(const char *rel, unsigned long long *val);
/* Every numeric file in the folder DIR, sorted by name; returns how many. */
int hvx_sysfs_counters(const char *dir, struct hvx_counter *out, int max);
/* Whether REL exists below the hvx sysfs root. */
bool hvx_sysfs_exists(const char *rel);
/*
 * The numbers N of the entries named PREFIX<N> in the folder DIR, sorted:
 * malloc()ed in *ids; returns how many, or -1 if DIR cannot be read.
 */
int hvx_sysfs_list(const char *dir, const char *prefix,
		   unsigned long long **ids);

/*
 * vmref.c: a VM named on the command line by its name or its handle (an
 * operand of digits), as its sysfs folder vms/vm<handle> knows it.
 */
struct hvx_vm_ref {
	unsigned long long handle;
	bool by_handle;			/* the operand was the handle */
	char name[HVX_VM_NAME_MAX];	/* "" if it has none */
};

/*
 * Finds the VM REF names; 0, or (after a message saying what to do)
 * HVXCTL_EXIT_NO_VM, or HVXCTL_EXIT_FAIL if hvx is not loaded.
 */
int hvx_vm_resolve(const char *ref, struct hvx_vm_ref *vm);
/* The first line of FILE of VM HANDLE's sysfs folder, newline cut; -1 if none. */
int hvx_vm_text(unsigned long long handle, const char *file, char *buf,
		size_t size);
/*
 * VM HANDLE's counter (its clock_freq and clock_scaled files): the guest's
 * Hz, and whether hvxctl run --counter-freq (HVX_VM_SET_CLOCK) set it; -1
 * if hvx does not say (older than API 6, or the VM is gone).
 */
int hvx_vm_clock(unsigned long long handle, unsigned long long *freq,
		 bool *scaled);
/* The VM process PID created (its 'pid' file); 0, or -1 if none. */
int hvx_vm_of_pid(long pid, unsigned long long *handle);
/* A name as HVX_VM_SET_NAME takes it: a letter, then [A-Za-z0-9._-]. */
bool hvx_vm_name_valid(const char *name);
/* Its name, else its handle, for messages. */
const char *hvx_vm_label(const struct hvx_vm_ref *vm, char *buf, size_t size);

/* Command groups */
extern const struct hvxctl_cmd hvxctl_cmd_tui;
extern const struct hvxctl_cmd hvxctl_cmd_status;
extern const struct hvxctl_cmd hvxctl_cmd_acpi;
extern const struct hvxctl_cmd hvxctl_cmd_run;
extern const struct hvxctl_cmd hvxctl_cmd_list;
extern const struct hvxctl_cmd hvxctl_cmd_console;
extern const struct hvxctl_cmd hvxctl_cmd_stop;
extern const struct hvxctl_cmd hvxctl_cmd_stats;
extern const struct hvxctl_cmd hvxctl_cmd_guestinfo;
extern const struct hvxctl_cmd hvxctl_cmd_partition;

#endif /* HVXCTL_H */
