// SPDX-License-Identifier: GPL-2.0
/*
 * hvxctl: command-line control of the hvx hypervisor.
 *
 *	hvxctl [--help] [--version] COMMAND [ARGS]
 *
 * The command table below lists every command; each lives in the file of
 * its command group (cmd-*.c). Commands parse their own options with
 * hvxctl_getopt(), which gives all of them -h/--help and the same usage
 * errors.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hvxctl.h"

static int help_run(const struct hvxctl_cmd *cmd, int argc, char **argv);

static const struct hvxctl_cmd help_cmd = {
	.name = "help",
	.args = "[COMMAND]",
	.summary = "show the commands, or one command's help",
	.help =
	"Without COMMAND, list the commands; with it, show COMMAND's usage and\n"
	"options ('hvxctl help COMMAND' is the same as 'hvxctl COMMAND --help').\n",
	.run = help_run,
};

/* Every command, in the order 'hvxctl --help' lists them. */
static const struct hvxctl_cmd *const commands[] = {
	&hvxctl_cmd_status,
	&hvxctl_cmd_list,
	&hvxctl_cmd_run,
	&hvxctl_cmd_console,
	&hvxctl_cmd_stop,
	&hvxctl_cmd_stats,
	&hvxctl_cmd_guestinfo,
	&hvxctl_cmd_partition,
	&hvxctl_cmd_acpi,
	&hvxctl_cmd_tui,
	&help_cmd,
};

#define NR_COMMANDS	ARRAY_SIZE(commands)

static const struct hvxctl_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f,
		"Usage: hvxctl [--help] [--version] COMMAND [ARGS]\n"
		"\n"
		"Control the hvx hypervisor through %s.\n"
		"\n"
		"Commands:\n", HVX_DEV_PATH);
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f,
		"\n"
		"Options:\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show hvxctl's version\n"
		"\n"
		"Run 'hvxctl help COMMAND' or 'hvxctl COMMAND --help' for a command's\n"
		"options.\n"
		"\n"
		"Exit status:\n"
		"  %d  success\n"
		"  %d  the operation failed, or hvx is not loaded\n"
		"  %d  usage error (unknown command or option, bad argument)\n"
		"  %d  no such VM: the NAME or handle given to console, stop or stats\n"
		"     names no VM hvx runs\n"
		"except for 'hvxctl run', whose status tells how the guest ended\n"
		"(see 'hvxctl help run'), and 'hvxctl console' (see its help).\n"
		"\n"
		"A VM is named by its name (hvxctl run --name) or its handle (the N of\n"
		"/sys/kernel/hvx/vms/vmN, as 'hvxctl list' shows).\n",
		HVXCTL_EXIT_OK, HVXCTL_EXIT_FAIL, HVXCTL_EXIT_USAGE,
		HVXCTL_EXIT_NO_VM);
}

void hvxctl_cmd_help(const struct hvxctl_cmd *cmd, FILE *f)
{
	/* The summary, as a sentence: "Show ...". */
	fprintf(f, "Usage: hvxctl %s%s%s\n\n%c%s.\n\n%s", cmd->name,
		cmd->args ? " " : "", cmd->args ? cmd->args : "",
		toupper((unsigned char)cmd->summary[0]), cmd->summary + 1,
		cmd->help);
	if (cmd->exit_help) {
		fprintf(f, "\n%s", cmd->exit_help);
		return;
	}
	fprintf(f,
		"\n"
		"Exit status: %d success, %d failure (or hvx not loaded), %d usage error.\n",
		HVXCTL_EXIT_OK, HVXCTL_EXIT_FAIL, HVXCTL_EXIT_USAGE);
}

void hvxctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("hvxctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

double hvxctl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int hvxctl_usage_error(const struct hvxctl_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hvxctl%s%s: ", cmd ? " " : "", cmd ? cmd->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\nTry 'hvxctl %s --help'.\n", cmd->name);
	else
		fputs("\nTry 'hvxctl --help'.\n", stderr);
	return HVXCTL_EXIT_USAGE;
}

/* The option getopt_long() just rejected, for an error message. */
static const char *bad_option(char **argv, char *buf, size_t len)
{
	if (optopt) {
		snprintf(buf, len, "-%c", optopt);
		return buf;
	}
	return argv[optind - 1];
}

int hvxctl_getopt(const struct hvxctl_cmd *cmd, int argc, char **argv,
		  const char *shortopts, const struct option *longopts)
{
	char buf[8];
	int opt;

	opterr = 0;
	opt = getopt_long(argc, argv, shortopts, longopts, NULL);
	switch (opt) {
	case -1:
		return HVXCTL_OPT_DONE;
	case 'h':
		hvxctl_cmd_help(cmd, stdout);
		return HVXCTL_OPT_HELP;
	case ':':
		hvxctl_usage_error(cmd, "option '%s' needs an argument",
				   bad_option(argv, buf, sizeof(buf)));
		return HVXCTL_OPT_BAD;
	case '?':
		hvxctl_usage_error(cmd, "unknown option '%s'",
				   bad_option(argv, buf, sizeof(buf)));
		return HVXCTL_OPT_BAD;
	default:
		return opt;
	}
}

bool hvxctl_parse_ull(const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return !*end && !errno && *out >= min && *out <= max;
}

int hvxctl_json_opt(const struct hvxctl_cmd *cmd, int argc, char **argv,
		    bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	*json = false;
	while ((opt = hvxctl_getopt(cmd, argc, argv, ":jh", opts)) != HVXCTL_OPT_DONE) {
		switch (opt) {
		case 'j':
			*json = true;
			break;
		case HVXCTL_OPT_HELP:
			return HVXCTL_EXIT_OK;
		default:
			return HVXCTL_EXIT_USAGE;
		}
	}
	return -1;
}

static int help_run(const struct hvxctl_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct hvxctl_cmd *target;
	int opt;

	while ((opt = hvxctl_getopt(cmd, argc, argv, ":h", opts)) != HVXCTL_OPT_DONE) {
		if (opt == HVXCTL_OPT_HELP)
			return HVXCTL_EXIT_OK;
		return HVXCTL_EXIT_USAGE;
	}
	if (optind == argc) {
		print_usage(stdout);
		return HVXCTL_EXIT_OK;
	}
	if (argc - optind > 1)
		return hvxctl_usage_error(cmd, "too many arguments");
	target = find_command(argv[optind]);
	if (!target)
		return hvxctl_usage_error(NULL, "unknown command '%s'", argv[optind]);
	hvxctl_cmd_help(target, stdout);
	return HVXCTL_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct hvxctl_cmd *cmd;
	char buf[8];
	int opt, first;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			print_usage(stdout);
			return HVXCTL_EXIT_OK;
		case 'V':
			printf("hvxctl %s (hvx API %d)\n", HVXCTL_VERSION,
			       HVX_API_VERSION);
			return HVXCTL_EXIT_OK;
		default:
			return hvxctl_usage_error(NULL, "unknown option '%s'",
						  bad_option(argv, buf, sizeof(buf)));
		}
	}
	if (optind >= argc) {
		print_usage(stderr);
		return HVXCTL_EXIT_USAGE;
	}

	cmd = find_command(argv[optind]);
	if (!cmd)
		return hvxctl_usage_error(NULL, "unknown command '%s'", argv[optind]);

	/* The command parses its own options: restart getopt from scratch. */
	first = optind;
	optind = 0;
	return cmd->run(cmd, argc - first, argv + first);
}
