/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random and boundary values for the ioctl fuzzer: a
 * seeded generator, the integers an argument check gets wrong (0, 1, -1,
 * page +- 1, the IPA limit, 2^32, 2^64 - page, ...), and user pointers
 * of every kind the kernel must survive: good, misaligned, running into an
 * inaccessible page, read-only, NULL, unmapped, kernel addresses, near
 * 2^64.
 */
#ifndef HVX_FUZZ_VALUES_H
#define HVX_FUZZ_VALUES_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/hvx.h>

#define FZ_PAGE		4096ULL

/* splitmix64: one 64-bit state, good enough and trivially seeded. */
struct rnd {
	uint64_t s;
};

static inline uint64_t rnd_u64(struct rnd *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform enough in [0, n); 0 for n == 0. */
static inline uint64_t rnd_below(struct rnd *r, uint64_t n)
{
	return n ? rnd_u64(r) % n : 0;
}

static inline bool rnd_one_in(struct rnd *r, uint64_t n)
{
	return rnd_below(r, n) == 0;
}

static inline void rnd_bytes(struct rnd *r, void *p, size_t n)
{
	uint8_t *b = p;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			v = rnd_u64(r);
		b[i] = v >> (8 * (i % 8));
	}
}

/* Values at the edges of what the ioctls check. */
static const uint64_t fz_edges[] = {
	0, 1, 2, 3, 4, 7, 8, 16, 31, 32, 63, 64, 65, 0x7f, 0x80, 0xff,
	0x100, 0xfff, 0x1000, 0x1001, 0x1fff, 0x2000, 0xffff, 0x10000,
	0x1fffff, 0x200000, 0x200001,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x09000000, 0x20000000, 0x3ffff000, 0x40000000, 0x40001000,
	0x3fffffffffULL, 0x4000000000ULL,
	(1ULL << HVX_GUEST_IPA_BITS) - FZ_PAGE, 1ULL << HVX_GUEST_IPA_BITS,
	(1ULL << HVX_GUEST_IPA_BITS) + FZ_PAGE,
	0xffffffffffffULL, 0x1000000000000ULL,
	0x7fffffffffffffffULL, 0x8000000000000000ULL,
	0xffff000000000000ULL, 0xfffffffffffff000ULL,
	0xfffffffffffffff8ULL, 0xfffffffffffffffcULL, 0xffffffffffffffffULL,
	HVX_ACPI_DTB_MAX, HVX_ACPI_DTB_MAX + 1, HVX_ACPI_MAP_MAX,
	HVX_ACPI_MAP_MAX + 1, HVX_MAX_VCPUS - 1, HVX_MAX_VCPUS,
	HVX_MAX_MEM_REGIONS,
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif
#define FZ_NR_EDGES	ARRAY_SIZE(fz_edges)

/* An edge value, an edge nudged by one or a page, or plain random. */
static inline uint64_t fz_u64(struct rnd *r)
{
	static const int64_t nudge[] = { -1, 1, -8, 8, -(int64_t)FZ_PAGE,
					 FZ_PAGE };
	uint64_t v = fz_edges[rnd_below(r, FZ_NR_EDGES)];

	switch (rnd_below(r, 10)) {
	case 0: case 1: case 2: case 3:
		return v;
	case 4: case 5:
		return v + nudge[rnd_below(r, 6)];
	case 6:
		return rnd_below(r, 0x10000);
	case 7:
		return rnd_below(r, 1ULL << HVX_GUEST_IPA_BITS) & ~(FZ_PAGE - 1);
	default:
		return rnd_u64(r);
	}
}

/* Mostly the value it should be, sometimes a boundary one. */
static inline uint64_t fz_maybe(struct rnd *r, uint64_t good, unsigned int odds)
{
	return rnd_one_in(r, odds) ? fz_u64(r) : good;
}

/*
 * Where a fuzzed argument may point. The scratch pages are the only
 * memory the kernel is allowed to write to: nothing else of the fuzzer's
 * is ever passed. Scratch layout, in pages:
 */
#define FZ_DATA		0	/* 4: data a struct points to (DTB, bytes) */
#define FZ_OBJ		4	/* 1: the struct itself, when well placed */
#define FZ_MISALIGNED	5	/* 1: the struct, 1-7 bytes off */
#define FZ_OUT		6	/* 4: where the kernel writes what it returns */
#define FZ_SRC		10	/* 1: where the struct is built */
#define FZ_LAST		11	/* 1: structs that end at the guard page */
#define FZ_SCRATCH_PAGES 12

struct fz_mem {
	uint8_t *rw;		/* FZ_SCRATCH_PAGES read-write pages */
	uint8_t *guard;		/* PROT_NONE, right after rw */
	uint8_t *ro_zero;	/* read-only zeros: a valid "all flags 0" */
	uint8_t *ro_ones;	/* read-only 0xff */
	uint64_t hole;		/* an unmapped page (an mmap may take it) */
};

static inline uint8_t *fz_page(struct fz_mem *m, unsigned int page)
{
	return m->rw + page * FZ_PAGE;
}

static inline int fz_mem_init(struct fz_mem *m)
{
	size_t pages = FZ_SCRATCH_PAGES + 4;
	uint8_t *p = mmap(NULL, pages * FZ_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	m->rw = p;
	m->guard = p + FZ_SCRATCH_PAGES * FZ_PAGE;
	m->ro_zero = m->guard + FZ_PAGE;
	m->ro_ones = m->ro_zero + FZ_PAGE;
	m->hole = (uintptr_t)(m->ro_ones + FZ_PAGE);
	memset(m->ro_ones, 0xff, FZ_PAGE);
	if (mprotect(m->guard, FZ_PAGE, PROT_NONE) ||
	    mprotect(m->ro_zero, 2 * FZ_PAGE, PROT_READ) ||
	    munmap((void *)(uintptr_t)m->hole, FZ_PAGE))
		return -1;
	return 0;
}

/* Is any byte of [addr, addr + len) mapped in this process? */
static inline bool fz_mapped(uint64_t addr, uint64_t len)
{
	uint64_t page = addr & ~(FZ_PAGE - 1);
	unsigned char vec;
	unsigned int i;

	if (!len || len > 4 * FZ_PAGE || addr + len < addr)
		return true;	/* be careful: treat as mapped */
	/* mincore() fails with ENOMEM for an unmapped page. */
	for (i = 0; page + i * FZ_PAGE < addr + len; i++)
		if (!mincore((void *)(uintptr_t)(page + i * FZ_PAGE), FZ_PAGE,
			     &vec) || errno != ENOMEM)
			return true;
	return false;
}

/* What a pointer lets the kernel do with the bytes behind it. */
enum fz_access {
	FZ_RW,		/* read and write all of it */
	FZ_RO,		/* read all, write none */
	FZ_BAD,		/* read (hence write) not all of it */
};

/*
 * A pointer to @len bytes: with @obj, a copy of it (a struct for the
 * kernel to read, at most a page); without, room for the kernel to write
 * (FZ_OUT, at most 4 pages). Or, except one in @good_odds, one of the bad
 * kinds. *@acc says which.
 */
static inline uint64_t fz_ptr(struct rnd *r, struct fz_mem *m, const void *obj,
			      size_t len, unsigned int good_odds,
			      enum fz_access *acc)
{
	uint8_t *good = fz_page(m, obj ? FZ_OBJ : FZ_OUT);
	size_t room = (obj ? 1 : 4) * FZ_PAGE;
	uint8_t *p;
	uint64_t a;

	*acc = FZ_BAD;
	if (len > room)
		len = room;
	if (!good_odds || rnd_one_in(r, good_odds)) {
		if (obj)
			memmove(good, obj, len);
		*acc = FZ_RW;
		return (uintptr_t)good;
	}
	switch (rnd_below(r, 12)) {
	case 0:		/* misaligned */
		p = (obj ? fz_page(m, FZ_MISALIGNED) : good) + 1 + rnd_below(r, 7);
		if (!obj && len > room - 8)
			return (uintptr_t)good;
		if (obj)
			memmove(p, obj, len > FZ_PAGE - 8 ? FZ_PAGE - 8 : len);
		*acc = obj && len > FZ_PAGE - 8 ? FZ_BAD : FZ_RW;
		return (uintptr_t)p;
	case 1:		/* runs into the PROT_NONE page */
		if (len < 2)
			return (uintptr_t)m->guard;
		p = m->guard - 1 - rnd_below(r, len < FZ_PAGE ? len - 1 : FZ_PAGE - 1);
		if (obj)
			memmove(p, obj, m->guard - p);
		return (uintptr_t)p;
	case 2:		/* ends exactly at the guard: fine */
		p = m->guard - len;
		if (obj)
			memmove(p, obj, len);
		*acc = len <= FZ_PAGE ? FZ_RW : FZ_BAD;
		if (len > FZ_PAGE)	/* would overlap other scratch */
			return (uintptr_t)m->guard;
		return (uintptr_t)p;
	case 3:
		*acc = len <= FZ_PAGE ? FZ_RO : FZ_BAD;
		return (uintptr_t)m->ro_zero;
	case 4:
		*acc = FZ_RO;
		if (len > FZ_PAGE)
			*acc = FZ_BAD;
		return (uintptr_t)m->ro_ones;
	case 5:
		return (uintptr_t)m->guard;
	case 6:		/* unmapped, unless an mmap() took the hole since */
		a = m->hole + rnd_below(r, FZ_PAGE);
		return fz_mapped(a, len) ? (uintptr_t)m->guard : a;
	case 7:
		return rnd_below(r, 16);	/* NULL and just after */
	case 8:		/* kernel addresses: linear map, vmalloc, top */
		return 0xffff000000000000ULL + (rnd_u64(r) & 0xffffffffffffULL);
	case 9:		/* near 2^64: a range that wraps */
		return 0 - 1 - rnd_below(r, 2 * FZ_PAGE);
	case 10:	/* the top of the user address space */
		a = (1ULL << 48) - 1 - rnd_below(r, 2 * FZ_PAGE);
		return fz_mapped(a, len) ? (uintptr_t)m->guard : a;
	default:	/* anywhere user space could be, if nothing is there */
		a = rnd_u64(r) & 0xffffffffffffULL;
		return fz_mapped(a, len) ? (uintptr_t)m->guard : a;
	}
}

#endif /* HVX_FUZZ_VALUES_H */
