/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aml.h - a minimal AML encoder (ACPI spec, chapter 20) and resource
 * descriptor writer (chapter 6.4), just what the DSDT generator needs:
 * scopes, devices, named constants, strings, buffers and packages.
 *
 * Nested objects are written as "begin" (opcode) ... "end": the end call
 * inserts the PkgLength in front of the contents, once their size is
 * known.
 */
#ifndef HVX_AG_AML_H
#define HVX_AG_AML_H

#include "buf.h"

/* AML opcodes (ACPI 6.3, 20.3). */
#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_STRING_PREFIX	0x0d
#define AML_QWORD_PREFIX	0x0e
#define AML_SCOPE_OP		0x10
#define AML_BUFFER_OP		0x11
#define AML_PACKAGE_OP		0x12
#define AML_EXT_OP_PREFIX	0x5b
#define AML_EXT_DEVICE_OP	0x82
#define AML_ROOT_CHAR		'\\'
#define AML_NAMESEG_LEN		4

/* Name segment: up to 4 characters, padded with '_'. */
void aml_nameseg(struct ag_buf *b, const char *seg);
/* Scope(path) where path is "\\" + one segment, e.g. "\\_SB". */
size_t aml_scope_begin(struct ag_buf *b, const char *path);
size_t aml_device_begin(struct ag_buf *b, const char *name);
/* Close the object whose contents began at @pos (from a begin call). */
void aml_end(struct ag_buf *b, size_t pos);

/* Name(NAME, ...): follow with exactly one data object. */
void aml_name(struct ag_buf *b, const char *name);
void aml_int(struct ag_buf *b, u64 v);
void aml_string(struct ag_buf *b, const char *s);
void aml_string_n(struct ag_buf *b, const char *s, size_t n);
/* A _HID/_CID value: EISAID integer for PNP IDs, else a string. */
void aml_id(struct ag_buf *b, const char *id);
void aml_buffer(struct ag_buf *b, const u8 *data, size_t len);
/* ToUUID("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") as a 16-byte Buffer. */
void aml_uuid(struct ag_buf *b, const char *uuid);
size_t aml_package_begin(struct ag_buf *b, u8 count);

/* Resource descriptors (for ResourceTemplate buffers). */
#define RES_FLAG_CONSUMER	(1u << 0)
#define RES_FLAG_MIN_FIXED	(1u << 2)
#define RES_FLAG_MAX_FIXED	(1u << 3)
#define RES_MEM_RW		(1u << 0)
#define RES_MEM_NONCACHEABLE	(0u << 1)
#define RES_MEM_PREFETCHABLE	(3u << 1)
#define RES_IO_ENTIRE_RANGE	3u

void res_memory(struct ag_buf *b, u64 base, u64 len);
void res_qword_mem(struct ag_buf *b, u8 gflags, u8 mflags, u64 min, u64 len,
		   u64 translation);
void res_dword_mem(struct ag_buf *b, u8 gflags, u8 mflags, u32 min, u32 len,
		   u32 translation);
void res_dword_io(struct ag_buf *b, u8 gflags, u32 min, u32 len,
		  u32 translation);
void res_qword_io(struct ag_buf *b, u8 gflags, u64 min, u64 len,
		  u64 translation);
void res_word_bus(struct ag_buf *b, u16 start, u16 end);
struct ag_irq;
/* Extended Interrupt descriptors for a list of GSIs (model.h's ag_irq). */
void res_interrupts(struct ag_buf *b, const struct ag_irq *irq, u32 n);
void res_end(struct ag_buf *b);

#endif /* HVX_AG_AML_H */
