// SPDX-License-Identifier: GPL-2.0
/*
 * The test guests (selftests/guests) under hvxctl run, in the background
 * of a VM worker: each must end as documented, or when killed.
 */
#include "fuzz.h"

static const char *guests_dir;	/* selftests/guests next to us */
static char hvxctl_path[256];

/* Each guest, how it is run and how it may end (guests/README.md). */
static const struct guest_img {
	const char *name;
	const char *args[8];
	int status[4];		/* what it may end with; -1 ends the list */
} imgs[] = {
	{ "hello", { "--mem", "16", "--timeout", "60" }, { 0, -1 } },
	{ "smp", { "--mem", "16", "--vcpus", "3", "--timeout", "60" }, { 0, -1 } },
	{ "memory", { "--mem", "8", "--timeout", "60" }, { 0, -1 } },
	{ "mmio", { "--mem", "16", "--timeout", "60" }, { 0, -1 } },
	{ "mmio-nisv", { "--mem", "16", "--timeout", "60" }, { 2, -1 } },
	{ "sysreg", { "--mem", "16", "--timeout", "60" }, { 0, -1 } },
	{ "calls", { "--mem", "16", "--vcpus", "2", "--timeout", "60" }, { 0, -1 } },
	{ "garbage", { "--mem", "16", "--timeout", "3" }, { 0, 2, 3, 124 } },
	{ "spin", { "--mem", "16", "--vcpus", "2", "--timeout", "2" }, { 124, -1 } },
};

#define NR_IMGS		ARRAY_SIZE(imgs)
#define GUEST_HANG_S	120.0	/* past its own --timeout, it hangs */

static_assert(NR_IMGS <= MAX_IMGS, "room for the counts");

unsigned int nr_test_guests(void)
{
	return guests_dir ? NR_IMGS : 0;
}

const char *test_guest_name(unsigned int i)
{
	return imgs[i].name;
}

/* The images next to the program (@argv0) and hvxctl: true if both. */
bool find_guests(const char *argv0)
{
	static char dir[256];
	char path[300];
	const char *slash = strrchr(argv0, '/');

	snprintf(dir, sizeof(dir), "%.*s/guests",
		 slash ? (int)(slash - argv0) : 1, slash ? argv0 : ".");
	snprintf(path, sizeof(path), "%s/hello.img", dir);
	if (access(path, R_OK))
		return false;
	if (!access("/usr/bin/hvxctl", X_OK))
		snprintf(hvxctl_path, sizeof(hvxctl_path), "/usr/bin/hvxctl");
	else if (!access("/usr/local/bin/hvxctl", X_OK))
		snprintf(hvxctl_path, sizeof(hvxctl_path), "/usr/local/bin/hvxctl");
	else
		return false;
	guests_dir = dir;
	return true;
}

/* Start hvxctl run of a random test guest, unless one runs. */
void guest_spawn(struct worker *w, struct guest_run *g)
{
	const struct guest_img *im;
	char img[256];
	const char *argv[16];
	unsigned int i, n = 0;
	int fd;

	if (!guests_dir || g->pid > 0)
		return;
	g->img = rnd_below(&w->r, NR_IMGS);
	im = &imgs[g->img];
	snprintf(img, sizeof(img), "%s/%s.img", guests_dir, im->name);
	snprintf(g->log, sizeof(g->log), "/tmp/hvx_ioctl_fuzz.%d.%s.log",
		 (int)getpid(), im->name);
	argv[n++] = hvxctl_path;
	argv[n++] = "run";
	argv[n++] = img;
	for (i = 0; i < 8 && im->args[i]; i++)
		argv[n++] = im->args[i];
	argv[n] = NULL;
	g->killed = false;
	g->start = now_s();
	/* one in four: killed with SIGKILL after a random time */
	g->kill_at = rnd_one_in(&w->r, 4) ? g->start + rnd_below(&w->r, 1500) / 1000.0 :
		     0;
	g->pid = fork();
	if (g->pid == 0) {
		fd = open(g->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			dup2(fd, 0);
		execv(hvxctl_path, (char **)argv);
		_exit(127);
	}
	if (g->pid < 0)
		g->pid = 0;
}

/* Reap the background guest if it ended (or, with @wait, wait for it). */
void guest_reap(struct worker *w, struct guest_run *g, bool wait)
{
	const struct guest_img *im = &imgs[g->img];
	int status, i;
	bool ok = false;
	pid_t p;

	if (g->pid <= 0)
		return;
	for (;;) {
		p = waitpid(g->pid, &status, WNOHANG);
		if (p == g->pid)
			break;
		if (g->kill_at && now_s() > g->kill_at && !g->killed) {
			kill(g->pid, SIGKILL);
			g->killed = true;
		}
		if (now_s() > g->start + GUEST_HANG_S && !g->killed) {
			kill(g->pid, SIGKILL);
			g->killed = true;
			surprise(w, "hvxctl run %s: still running after %.0f s",
				 im->name, GUEST_HANG_S);
		}
		if (!wait)
			return;
		usleep(10000);
	}
	g->pid = 0;
	atomic_fetch_add(&w->st->guests, 1);
	atomic_fetch_add(&sh->guest_runs[g->img], 1);
	if (g->killed) {
		atomic_fetch_add(&w->st->guests_killed, 1);
		ok = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		ok |= WIFEXITED(status);	/* it ended first */
	} else if (WIFEXITED(status)) {
		for (i = 0; i < 4 && im->status[i] >= 0; i++)
			ok |= WEXITSTATUS(status) == im->status[i];
	}
	if (!ok) {
		char line[160] = "";
		FILE *f = fopen(g->log, "r");
		uint64_t n = atomic_fetch_add(&sh->guest_bad[g->img], 1);

		if (f) {
			while (fgets(line, sizeof(line), f))
				if (strstr(line, "error") || strstr(line, "hvxctl"))
					break;
			fclose(f);
		}
		line[strcspn(line, "\n")] = '\0';
		if (n == 0)
			snprintf(sh->guest_fail, sizeof(sh->guest_fail),
				 "hvxctl run %s: status 0x%x (%s)", im->name,
				 status, line);
	}
	unlink(g->log);
}

/* hvxctl run hello, after all that: status 0 and its "ok" line. */
int hello_after(char *why, size_t len)
{
	char cmd[512], line[256];
	bool seen = false;
	FILE *p;
	int st;

	if (!guests_dir)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s run %s/hello.img --mem 16 --timeout 120 2>&1",
		 hvxctl_path, guests_dir);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p))
		seen |= !!strstr(line, "hvx-guest: hello: ok");
	st = pclose(p);
	snprintf(why, len, "status 0x%x%s", st, seen ? "" : ", no 'hello: ok'");
	return st == 0 && seen;
}
