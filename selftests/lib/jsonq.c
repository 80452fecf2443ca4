// SPDX-License-Identifier: GPL-2.0
/*
 * jsonq: validate a JSON document and print one value from it, for the
 * shell selftests (the test VM's busybox has no jq).
 *
 *	jsonq FILE		exit 0 if FILE is valid JSON, else print why
 *	jsonq FILE PATH		print the value at PATH
 *	jsonq -t FILE PATH	print its type: object array string number
 *				true false null
 *	jsonq -l FILE PATH	print its number of members/elements
 *	jsonq -k FILE PATH	print an object's keys, one a line
 *
 * PATH is like .cpus[2].state ("." is the whole document). Strings print
 * unquoted, other scalars as written, objects and arrays as written.
 * FILE "-" is stdin. Duplicate keys in an object are an error. Exit
 * status: 0 found, 1 invalid JSON or PATH not found, 2 usage.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DEPTH	64
#define MAX_PATH	1024
#define MAX_KEYS	1024

struct parser {
	const char *s;
	size_t len, pos;
	const char *query;
	char path[MAX_PATH];
	const char *err;
	/* the value at query */
	bool found;
	size_t start, end;
	const char *type;
	size_t members;
	char keys[MAX_KEYS][64];
	size_t nkeys;
};

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
		p->pos++;
}

static int fail(struct parser *p, const char *msg)
{
	if (!p->err)
		p->err = msg;
	return -1;
}

static bool at_query(struct parser *p)
{
	return !strcmp(p->path, p->query);
}

static int parse_value(struct parser *p, int depth);

/* Parse a string; copy its raw (escaped) text into out if out != NULL. */
static int parse_string(struct parser *p, char *out, size_t outlen)
{
	size_t n = 0;

	if (p->pos >= p->len || p->s[p->pos] != '"')
		return fail(p, "expected '\"'");
	p->pos++;
	while (p->pos < p->len && p->s[p->pos] != '"') {
		unsigned char c = p->s[p->pos];

		if (c < 0x20)
			return fail(p, "control character in string");
		if (c == '\\') {
			if (out && n + 1 < outlen)
				out[n++] = c;
			p->pos++;
			if (p->pos >= p->len)
				break;
			c = p->s[p->pos];
			if (c == 'u') {
				int i;

				for (i = 1; i <= 4; i++)
					if (p->pos + i >= p->len ||
					    !strchr("0123456789abcdefABCDEF",
						    p->s[p->pos + i]))
						return fail(p, "bad \\u escape");
			} else if (!strchr("\"\\/bfnrt", c)) {
				return fail(p, "bad escape in string");
			}
		}
		if (out && n + 1 < outlen)
			out[n++] = c;
		p->pos++;
	}
	if (p->pos >= p->len)
		return fail(p, "unterminated string");
	p->pos++;
	if (out)
		out[n] = '\0';
	return 0;
}

static int parse_number(struct parser *p)
{
	const char *s = p->s;
	size_t digits;

	if (p->pos < p->len && s[p->pos] == '-')
		p->pos++;
	if (p->pos < p->len && s[p->pos] == '0') {
		p->pos++;
	} else {
		for (digits = 0; p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9'; digits++)
			p->pos++;
		if (!digits)
			return fail(p, "bad number");
	}
	if (p->pos < p->len && s[p->pos] == '.') {
		p->pos++;
		for (digits = 0; p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9'; digits++)
			p->pos++;
		if (!digits)
			return fail(p, "bad number");
	}
	if (p->pos < p->len && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		p->pos++;
		if (p->pos < p->len && (s[p->pos] == '+' || s[p->pos] == '-'))
			p->pos++;
		for (digits = 0; p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9'; digits++)
			p->pos++;
		if (!digits)
			return fail(p, "bad number");
	}
	return 0;
}

static int parse_object(struct parser *p, int depth)
{
	size_t base = strlen(p->path), nkeys = 0, i;
	bool here = at_query(p);
	char (*keys)[64];
	int ret = -1;

	keys = calloc(MAX_KEYS, sizeof(*keys));
	if (!keys)
		return fail(p, "out of memory");
	p->pos++;	/* '{' */
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		ret = 0;
		goto out;
	}
	for (;;) {
		skip_ws(p);
		if (nkeys >= MAX_KEYS) {
			fail(p, "too many keys");
			goto out;
		}
		if (parse_string(p, keys[nkeys], sizeof(keys[0])))
			goto out;
		for (i = 0; i < nkeys; i++) {
			if (!strcmp(keys[i], keys[nkeys])) {
				fail(p, "duplicate key");
				goto out;
			}
		}
		if (here) {
			strcpy(p->keys[p->nkeys++], keys[nkeys]);
			p->members++;
		}
		skip_ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ':') {
			fail(p, "expected ':'");
			goto out;
		}
		p->pos++;
		if (base + strlen(keys[nkeys]) + 2 >= sizeof(p->path)) {
			fail(p, "path too long");
			goto out;
		}
		snprintf(p->path + base, sizeof(p->path) - base, ".%s", keys[nkeys]);
		nkeys++;
		if (parse_value(p, depth + 1))
			goto out;
		p->path[base] = '\0';
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			ret = 0;
			goto out;
		}
		fail(p, "expected ',' or '}'");
		goto out;
	}
out:
	free(keys);
	return ret;
}

static int parse_array(struct parser *p, int depth)
{
	size_t base = strlen(p->path), n = 0;
	bool here = at_query(p);

	p->pos++;	/* '[' */
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (base + 24 >= sizeof(p->path))
			return fail(p, "path too long");
		snprintf(p->path + base, sizeof(p->path) - base, "[%zu]", n++);
		if (here)
			p->members++;
		if (parse_value(p, depth + 1))
			return -1;
		p->path[base] = '\0';
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			return 0;
		}
		return fail(p, "expected ',' or ']'");
	}
}

static int parse_literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return fail(p, "unexpected character");
	p->pos += n;
	return 0;
}

static int parse_value(struct parser *p, int depth)
{
	bool here;
	const char *type;
	size_t start;
	int ret;
	char c;

	if (depth > MAX_DEPTH)
		return fail(p, "nested too deeply");
	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end of input");
	here = at_query(p);
	start = p->pos;
	c = p->s[p->pos];
	switch (c) {
	case '{':
		type = "object";
		ret = parse_object(p, depth);
		break;
	case '[':
		type = "array";
		ret = parse_array(p, depth);
		break;
	case '"':
		type = "string";
		ret = parse_string(p, NULL, 0);
		break;
	case 't':
		type = "true";
		ret = parse_literal(p, "true");
		break;
	case 'f':
		type = "false";
		ret = parse_literal(p, "false");
		break;
	case 'n':
		type = "null";
		ret = parse_literal(p, "null");
		break;
	default:
		type = "number";
		ret = parse_number(p);
		break;
	}
	if (!ret && here) {
		p->found = true;
		p->start = start;
		p->end = p->pos;
		p->type = type;
	}
	return ret;
}

/* Print a JSON string's contents, unescaped (\u escapes as UTF-8). */
static void print_string(const char *s, size_t len)
{
	size_t i;

	for (i = 1; i + 1 < len; i++) {
		char c = s[i], hex[5];
		unsigned int u;

		if (c != '\\') {
			putchar(c);
			continue;
		}
		c = s[++i];
		switch (c) {
		case 'b':
			putchar('\b');
			break;
		case 'f':
			putchar('\f');
			break;
		case 'n':
			putchar('\n');
			break;
		case 'r':
			putchar('\r');
			break;
		case 't':
			putchar('\t');
			break;
		case 'u':
			memcpy(hex, s + i + 1, 4);
			hex[4] = '\0';
			u = strtoul(hex, NULL, 16);
			i += 4;
			if (u < 0x80) {
				putchar(u);
			} else if (u < 0x800) {
				putchar(0xc0 | (u >> 6));
				putchar(0x80 | (u & 0x3f));
			} else {
				putchar(0xe0 | (u >> 12));
				putchar(0x80 | ((u >> 6) & 0x3f));
				putchar(0x80 | (u & 0x3f));
			}
			break;
		default:
			putchar(c);
		}
	}
}

static char *read_all(const char *name, size_t *len)
{
	FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
	size_t cap = 4096, n = 0, r;
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(cap);
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nbuf = realloc(buf, cap * 2);

			if (!nbuf) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nbuf;
			cap *= 2;
		}
	}
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

static int print_usage(void)
{
	fputs("usage: jsonq [-t|-l|-k] FILE [PATH]\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static struct parser p;
	size_t i, line = 1, col = 1;
	int opt, mode = 0;

	while ((opt = getopt(argc, argv, "tlk")) != -1) {
		if (opt == '?')
			return print_usage();
		mode = opt;
	}
	if (argc - optind < 1 || argc - optind > 2 || (mode && argc - optind != 2))
		return print_usage();

	p.s = read_all(argv[optind], &p.len);
	if (!p.s) {
		perror(argv[optind]);
		return 1;
	}
	p.query = argc - optind == 2 ? argv[optind + 1] : "";
	if (!strcmp(p.query, "."))
		p.query = "";
	else if (!strncmp(p.query, ".[", 2))
		p.query++;	/* ".[0]" is "[0]" */

	if (!parse_value(&p, 0)) {
		skip_ws(&p);
		if (p.pos != p.len)
			fail(&p, "trailing characters after the document");
	}
	if (p.err) {
		for (i = 0; i < p.pos && i < p.len; i++) {
			if (p.s[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		fprintf(stderr, "jsonq: %s:%zu:%zu: %s\n", argv[optind], line, col, p.err);
		return 1;
	}
	if (argc - optind == 1)
		return 0;
	if (!p.found) {
		fprintf(stderr, "jsonq: %s: no %s\n", argv[optind], argv[optind + 1]);
		return 1;
	}

	switch (mode) {
	case 't':
		puts(p.type);
		break;
	case 'l':
		if (strcmp(p.type, "object") && strcmp(p.type, "array")) {
			fprintf(stderr, "jsonq: %s is a %s\n", argv[optind + 1], p.type);
			return 1;
		}
		printf("%zu\n", p.members);
		break;
	case 'k':
		if (strcmp(p.type, "object")) {
			fprintf(stderr, "jsonq: %s is a %s\n", argv[optind + 1], p.type);
			return 1;
		}
		for (i = 0; i < p.nkeys; i++)
			puts(p.keys[i]);
		break;
	default:
		if (!strcmp(p.type, "string"))
			print_string(p.s + p.start, p.end - p.start);
		else
			fwrite(p.s + p.start, 1, p.end - p.start, stdout);
		putchar('\n');
	}
	return 0;
}
