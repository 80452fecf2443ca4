/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer: objects, arrays, strings, integers,
 * booleans and null, pretty-printed with two-space indentation.
 *
 * Inside an object every value takes a key; inside an array (and at the
 * top level) the key is NULL. 64-bit register values are written as hex
 * strings ("0x80000000"), since JSON numbers are only exact to 2^53 in
 * many readers.
 */
#ifndef HVXCTL_JSON_H
#define HVXCTL_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json_writer {
	FILE *f;
	int depth;
	bool nonempty[JSON_MAX_DEPTH + 1];	/* a value was written at depth */
	bool error;				/* misuse: nesting too deep */
};

void json_init(struct json_writer *w, FILE *f);
void json_begin_object(struct json_writer *w, const char *key);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w, const char *key);
void json_end_array(struct json_writer *w);
void json_string(struct json_writer *w, const char *key, const char *s);
void json_uint(struct json_writer *w, const char *key, unsigned long long v);
void json_int(struct json_writer *w, const char *key, long long v);
void json_hex(struct json_writer *w, const char *key, unsigned long long v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);
/* Ends the document with a newline; returns 0, or -1 on misuse/I/O error. */
int json_finish(struct json_writer *w);

#endif /* HVXCTL_JSON_H */
