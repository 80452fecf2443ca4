// SPDX-License-Identifier: GPL-2.0
/*
 * Page ownership under concurrency: one thread per online CPU, pinned to
 * it, shares, donates and gives back pages of its own buffer through hvx's
 * debug interface for HVX_OWN_STRESS_SECONDS (default 10), checking every
 * page's contents whenever it is the host's, while another thread drops
 * the host's stage 2 now and then. Nothing may be lost or corrupted, no
 * call may fail unexpectedly, nothing may hang, and the counters must be
 * back where they were at the end.
 *
 * Never touches a donated page, so nothing aborts: runs in the common boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/hvx_own.h"

#define PAGES_PER_CPU	16
#define MAX_THREADS	64

enum state { HOST, SHARED, DONATED };

struct worker {
	pthread_t thread;
	int cpu;
	int fd;
	uint64_t *buf;
	enum state state[PAGES_PER_CPU];
	uint64_t seed[PAGES_PER_CPU];
	unsigned long ops, errors;
	char what[160];		/* the first error */
};

static atomic_bool stop;

static uint64_t word(uint64_t seed, size_t i)
{
	return seed * 0x9e3779b97f4a7c15ULL ^ i;
}

static uint64_t *page_of(struct worker *w, int i)
{
	return w->buf + (size_t)i * OWN_PAGE_SIZE / 8;
}

static void fill(struct worker *w, int i, uint64_t seed)
{
	uint64_t *p = page_of(w, i);
	size_t k;

	for (k = 0; k < OWN_PAGE_SIZE / 8; k++)
		p[k] = word(seed, k);
	w->seed[i] = seed;
}

static void fail(struct worker *w, const char *fmt, int i, int err)
{
	if (!w->errors++)
		snprintf(w->what, sizeof(w->what), "cpu%d page %d: %s (%s)",
			 w->cpu, i, fmt, strerror(err));
}

static void verify(struct worker *w, int i)
{
	const uint64_t *p = page_of(w, i);
	size_t k;

	for (k = 0; k < OWN_PAGE_SIZE / 8; k++)
		if (p[k] != word(w->seed[i], k)) {
			fail(w, "contents changed", i, 0);
			return;
		}
}

static void step(struct worker *w, unsigned int r)
{
	int i = r % PAGES_PER_CPU, err;
	void *va = page_of(w, i);

	switch (w->state[i]) {
	case HOST:
		verify(w, i);
		fill(w, i, ((uint64_t)w->cpu << 48) ^ w->ops ^ r);
		if ((r >> 8) & 1) {
			err = own_cmd(w->fd, "share %p", va);
			w->state[i] = SHARED;
		} else {
			err = own_cmd(w->fd, "donate %p", va);
			w->state[i] = DONATED;
		}
		if (err) {
			fail(w, "share/donate", i, err);
			w->state[i] = HOST;
		}
		break;
	case SHARED:
		verify(w, i);
		if ((r >> 8) & 1) {
			fill(w, i, w->seed[i] + 1);	/* still ours to write */
			break;
		}
		err = own_cmd(w->fd, "donate %p", va);
		if (err != EPERM)
			fail(w, "donating a shared page", i, err);
		err = own_cmd(w->fd, "return %p", va);
		if (err)
			fail(w, "unshare", i, err);
		else
			w->state[i] = HOST;
		break;
	case DONATED:
		err = own_cmd(w->fd, "donate %p", va);
		if (err != EPERM)
			fail(w, "double donation", i, err);
		err = own_cmd(w->fd, "return %p", va);
		if (err) {
			fail(w, "reclaim", i, err);
			break;
		}
		w->state[i] = HOST;
		verify(w, i);
		break;
	}
	w->ops++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned int seed = w->cpu * 7919 + 1;
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail(w, "sched_setaffinity", 0, errno);
	while (!atomic_load(&stop) && w->errors < 10)
		step(w, rand_r(&seed));
	/* Give everything back, checking it. */
	for (i = 0; i < PAGES_PER_CPU; i++) {
		int err = w->state[i] == HOST ? 0 :
			  own_cmd(w->fd, "return %p", page_of(w, i));

		if (err)
			fail(w, "final return", i, err);
		else
			verify(w, i);
	}
	return NULL;
}

static void *resetter(void *arg)
{
	unsigned long *resets = arg;

	while (!atomic_load(&stop)) {
		if (!own_write_file(OWN_SYSFS "reset", "1"))
			(*resets)++;
		usleep(20000);
	}
	return NULL;
}

TEST(concurrent_share_donate_return)
{
	static struct worker w[MAX_THREADS];
	const char *why = own_enable();
	const char *env = getenv("HVX_OWN_STRESS_SECONDS");
	int seconds = env ? atoi(env) : 10;
	uint64_t donated, shared;
	unsigned long resets = 0, ops = 0;
	pthread_t reset_thread;
	cpu_set_t online;
	int n = 0, cpu, i;

	if (why)
		SKIP(return, "%s", why);
	donated = own_stat("donated_pages");
	shared = own_stat("shared_pages");
	ASSERT_EQ(0, sched_getaffinity(0, sizeof(online), &online));
	for (cpu = 0; cpu < CPU_SETSIZE && n < MAX_THREADS; cpu++) {
		if (!CPU_ISSET(cpu, &online))
			continue;
		w[n].cpu = cpu;
		w[n].fd = own_open();
		ASSERT_LE(0, w[n].fd);
		w[n].buf = mmap(NULL, PAGES_PER_CPU * OWN_PAGE_SIZE,
				PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, w[n].buf);
		for (i = 0; i < PAGES_PER_CPU; i++)
			fill(&w[n], i, cpu * 1000 + i);
		n++;
	}
	atomic_store(&stop, false);
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, work, &w[i]));
	ASSERT_EQ(0, pthread_create(&reset_thread, NULL, resetter, &resets));
	sleep(seconds);
	atomic_store(&stop, true);
	pthread_join(reset_thread, NULL);
	for (i = 0; i < n; i++) {
		pthread_join(w[i].thread, NULL);
		ops += w[i].ops;
		EXPECT_EQ(0, w[i].errors) {
			TH_LOG("%lu errors, first: %s", w[i].errors,
			       w[i].what);
		}
		close(w[i].fd);
	}
	TH_LOG("%d CPUs, %lu operations, %lu stage-2 resets in %d s", n, ops,
	       resets, seconds);
	EXPECT_LT(100, ops);
	EXPECT_LT(0, resets);
	EXPECT_EQ(donated, own_stat("donated_pages"));
	EXPECT_EQ(shared, own_stat("shared_pages"));
}

TEST_HARNESS_MAIN
