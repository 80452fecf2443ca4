// SPDX-License-Identifier: GPL-2.0
/*
 * buf.c - growable little-endian byte buffer.
 */
#include "buf.h"

void ag_buf_init(struct ag_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void ag_buf_release(struct ag_buf *b)
{
	ag_free(b->data);
	ag_buf_init(b);
}

bool ag_buf_failed(const struct ag_buf *b)
{
	return b->failed;
}

/* Make room for @n more bytes; false (and sticky failure) if impossible. */
static bool ag_buf_reserve(struct ag_buf *b, size_t n)
{
	size_t want, cap;
	u8 *p;

	if (b->failed)
		return false;
	if (n > AG_BUF_MAX || b->len + n > AG_BUF_MAX) {
		b->failed = true;
		return false;
	}
	want = b->len + n;
	if (want <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < want)
		cap *= 2;
	p = ag_realloc(b->data, b->cap, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void ag_buf_put(struct ag_buf *b, const void *p, size_t n)
{
	if (!n || !ag_buf_reserve(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void ag_buf_zero(struct ag_buf *b, size_t n)
{
	if (!n || !ag_buf_reserve(b, n))
		return;
	memset(b->data + b->len, 0, n);
	b->len += n;
}

/* Store @v little-endian in @size bytes at @p (ACPI is little-endian). */
static void ag_le_store(u8 *p, u64 v, unsigned int size)
{
	unsigned int i;

	for (i = 0; i < size; i++)
		p[i] = (u8)(v >> (8 * i));
}

static void ag_buf_le(struct ag_buf *b, u64 v, unsigned int size)
{
	if (!ag_buf_reserve(b, size))
		return;
	ag_le_store(b->data + b->len, v, size);
	b->len += size;
}

void ag_buf_u8(struct ag_buf *b, u8 v)
{
	ag_buf_le(b, v, 1);
}

void ag_buf_u16(struct ag_buf *b, u16 v)
{
	ag_buf_le(b, v, 2);
}

void ag_buf_u32(struct ag_buf *b, u32 v)
{
	ag_buf_le(b, v, 4);
}

void ag_buf_u64(struct ag_buf *b, u64 v)
{
	ag_buf_le(b, v, 8);
}

void ag_buf_align(struct ag_buf *b, size_t align)
{
	if (b->len % align)
		ag_buf_zero(b, align - b->len % align);
}

static void ag_buf_set(struct ag_buf *b, size_t off, u64 v, unsigned int size)
{
	if (b->failed || off > b->len || b->len - off < size) {
		b->failed = true;
		return;
	}
	ag_le_store(b->data + off, v, size);
}

void ag_buf_set_u8(struct ag_buf *b, size_t off, u8 v)
{
	ag_buf_set(b, off, v, 1);
}

void ag_buf_set_u16(struct ag_buf *b, size_t off, u16 v)
{
	ag_buf_set(b, off, v, 2);
}

void ag_buf_set_u32(struct ag_buf *b, size_t off, u32 v)
{
	ag_buf_set(b, off, v, 4);
}

void ag_buf_set_u64(struct ag_buf *b, size_t off, u64 v)
{
	ag_buf_set(b, off, v, 8);
}

void ag_buf_insert(struct ag_buf *b, size_t off, const void *p, size_t n)
{
	if (off > b->len) {
		b->failed = true;
		return;
	}
	if (!n || !ag_buf_reserve(b, n))
		return;
	memmove(b->data + off + n, b->data + off, b->len - off);
	memcpy(b->data + off, p, n);
	b->len += n;
}

u8 *ag_buf_take(struct ag_buf *b, size_t *len)
{
	u8 *p = b->data;

	*len = b->len;
	ag_buf_init(b);
	return p;
}
