// SPDX-License-Identifier: GPL-2.0
/* A tiny streaming JSON writer; see json.h. */
#include <string.h>

#include "json.h"

void json_init(struct json_writer *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

static void indent(struct json_writer *w)
{
	int i;

	fputc('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Start a value: separator, newline and indentation, and the key. */
static void begin_value(struct json_writer *w, const char *key)
{
	if (w->depth > 0) {
		if (w->nonempty[w->depth])
			fputc(',', w->f);
		indent(w);
	}
	w->nonempty[w->depth] = true;
	if (key) {
		put_string(w->f, key);
		fputs(": ", w->f);
	}
}

static void begin_container(struct json_writer *w, const char *key, char open)
{
	begin_value(w, key);
	fputc(open, w->f);
	if (w->depth >= JSON_MAX_DEPTH) {
		w->error = true;
		return;
	}
	w->depth++;
	w->nonempty[w->depth] = false;
}

static void end_container(struct json_writer *w, char close)
{
	bool nonempty = w->nonempty[w->depth];

	if (w->depth == 0) {
		w->error = true;
		return;
	}
	w->depth--;
	if (nonempty)
		indent(w);
	fputc(close, w->f);
}

void json_begin_object(struct json_writer *w, const char *key)
{
	begin_container(w, key, '{');
}

void json_end_object(struct json_writer *w)
{
	end_container(w, '}');
}

void json_begin_array(struct json_writer *w, const char *key)
{
	begin_container(w, key, '[');
}

void json_end_array(struct json_writer *w)
{
	end_container(w, ']');
}

void json_string(struct json_writer *w, const char *key, const char *s)
{
	begin_value(w, key);
	put_string(w->f, s);
}

void json_uint(struct json_writer *w, const char *key, unsigned long long v)
{
	begin_value(w, key);
	fprintf(w->f, "%llu", v);
}

void json_int(struct json_writer *w, const char *key, long long v)
{
	begin_value(w, key);
	fprintf(w->f, "%lld", v);
}

void json_hex(struct json_writer *w, const char *key, unsigned long long v)
{
	begin_value(w, key);
	fprintf(w->f, "\"0x%llx\"", v);
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	begin_value(w, key);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w, const char *key)
{
	begin_value(w, key);
	fputs("null", w->f);
}

int json_finish(struct json_writer *w)
{
	fputc('\n', w->f);
	if (w->depth != 0)
		w->error = true;
	if (fflush(w->f) || ferror(w->f))
		return -1;
	return w->error ? -1 : 0;
}
