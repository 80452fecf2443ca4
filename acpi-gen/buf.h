/* SPDX-License-Identifier: GPL-2.0 */
/*
 * buf.h - growable little-endian byte buffer used to build tables and AML.
 *
 * Allocation failure is sticky: writers become no-ops and the caller checks
 * ag_buf_failed() once at the end, which keeps the table generators free of
 * error plumbing on every field.
 */
#ifndef HVX_AG_BUF_H
#define HVX_AG_BUF_H

#include "ag-port.h"

/* No single table may grow past this; a sane DT never gets close. */
#define AG_BUF_MAX	(16u << 20)

struct ag_buf {
	u8 *data;
	size_t len;
	size_t cap;
	bool failed;
};

void ag_buf_init(struct ag_buf *b);
void ag_buf_release(struct ag_buf *b);
bool ag_buf_failed(const struct ag_buf *b);

void ag_buf_put(struct ag_buf *b, const void *p, size_t n);
void ag_buf_zero(struct ag_buf *b, size_t n);
void ag_buf_u8(struct ag_buf *b, u8 v);
void ag_buf_u16(struct ag_buf *b, u16 v);
void ag_buf_u32(struct ag_buf *b, u32 v);
void ag_buf_u64(struct ag_buf *b, u64 v);
/* Pad with zeroes to a multiple of @align bytes. */
void ag_buf_align(struct ag_buf *b, size_t align);

/* Patch already-written fields (lengths, offsets known only later). */
void ag_buf_set_u8(struct ag_buf *b, size_t off, u8 v);
void ag_buf_set_u16(struct ag_buf *b, size_t off, u16 v);
void ag_buf_set_u32(struct ag_buf *b, size_t off, u32 v);
void ag_buf_set_u64(struct ag_buf *b, size_t off, u64 v);

/* Insert @n bytes at @off, moving the tail up (AML package lengths). */
void ag_buf_insert(struct ag_buf *b, size_t off, const void *p, size_t n);

/* Hand the bytes over to the caller; the buffer becomes empty. */
u8 *ag_buf_take(struct ag_buf *b, size_t *len);

#endif /* HVX_AG_BUF_H */
