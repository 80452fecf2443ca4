// SPDX-License-Identifier: GPL-2.0
/*
 * map.c - built-in device-ID mappings and the mapping-file parser.
 *
 * File format, one mapping per line:
 *
 *	# comment
 *	compatible = HID [CID ...]	# trailing comment
 *
 * HID and CIDs are ACPI IDs (4 upper-case letters/digits + 4 hex digits,
 * e.g. ARMH0011) or PNP IDs (3 letters + 4 hex digits, e.g. PNP0501).
 * "PRP0001" as HID forces the generic _DSD description, "-" leaves the
 * device out.  A later line for the same compatible wins.
 *
 *	ID => BIND_ID [DRIVER]		# at bind time (map.h)
 *
 * DRIVER: 1-31 letters, digits, '-', '_' or '.'.
 */
#include "map.h"

#define AG_MAP_MAX_LINE		1024
#define AG_ACPI_ID_VENDOR	4
#define AG_PNP_ID_VENDOR	3
#define AG_ID_PRODUCT		4

#define AG_MAP(c, h)	{ .compat = c, .hid = h }

static const struct ag_map_entry ag_map_defaults[] = {
	/* Serial ports: Linux amba-pl011, 8250_pnp, 8250_dw. */
	AG_MAP("arm,pl011", "ARMH0011"),
	AG_MAP("arm,sbsa-uart", "ARMHB000"),
	AG_MAP("ns16550a", "PNP0501"),
	AG_MAP("ns16550", "PNP0501"),
	AG_MAP("ns8250", "PNP0500"),
	AG_MAP("snps,dw-apb-uart", "APMC0D08"),
	/* virtio-mmio transport (Linaro-registered ID). */
	AG_MAP("virtio,mmio", "LNRO0005"),
	/* PL061 GPIO (drivers/acpi/acpi_amba.c). */
	AG_MAP("arm,pl061", "ARMH0061"),
	/* QEMU firmware configuration interface. */
	AG_MAP("qemu,fw-cfg-mmio", "QEMU0002"),
	/* SMSC LAN911x Ethernet on ARM development boards. */
	AG_MAP("smsc,lan9118", "ARMH9118"),
	AG_MAP("smsc,lan9115", "ARMH9118"),
	/* Generic USB host controllers. */
	AG_MAP("generic-xhci", "PNP0D10"),
	AG_MAP("generic-ehci", "PNP0D20"),
	/* ARM DMA-330. */
	AG_MAP("arm,pl330", "ARMH0330"),
	/*
	 * No ACPI ID is registered for the PL031 RTC or CFI flash; they get
	 * PRP0001 + _DSD "compatible" so DT drivers can still bind.
	 */
};

void ag_map_init(struct ag_map *map)
{
	memset(map, 0, sizeof(*map));
}

void ag_map_free(struct ag_map *map)
{
	ag_free(map->entries);
	ag_free(map->binds);
	ag_map_init(map);
}

static bool ag_is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool ag_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool ag_is_hex(char c)
{
	return ag_is_digit(c) || (c >= 'A' && c <= 'F');
}

static bool ag_id_check(const char *id, size_t vendor, bool digits)
{
	size_t i;

	if (strlen(id) != vendor + AG_ID_PRODUCT)
		return false;
	for (i = 0; i < vendor; i++)
		if (!ag_is_upper(id[i]) && !(digits && ag_is_digit(id[i])))
			return false;
	for (; i < vendor + AG_ID_PRODUCT; i++)
		if (!ag_is_hex(id[i]))
			return false;
	return true;
}

bool ag_id_is_pnp(const char *id)
{
	return ag_id_check(id, AG_PNP_ID_VENDOR, false);
}

bool ag_id_valid(const char *id)
{
	return ag_id_is_pnp(id) || ag_id_check(id, AG_ACPI_ID_VENDOR, true);
}

const struct ag_map_entry *ag_map_lookup(const struct ag_map *map,
					 const char *compat)
{
	u32 i;

	for (i = map ? map->nr : 0; i > 0; i--)
		if (!strcmp(map->entries[i - 1].compat, compat))
			return &map->entries[i - 1];
	for (i = 0; i < AG_ARRAY_SIZE(ag_map_defaults); i++)
		if (!strcmp(ag_map_defaults[i].compat, compat))
			return &ag_map_defaults[i];
	return NULL;
}

/* Cursor over one line of the file. */
struct ag_line {
	const char *s;
	size_t len, pos;
	const char *file;
	u32 no;
	struct ag_error *err;
};

static bool ag_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void ag_skip_space(struct ag_line *l)
{
	while (l->pos < l->len && ag_space(l->s[l->pos]))
		l->pos++;
}

static bool ag_line_end(struct ag_line *l)
{
	ag_skip_space(l);
	return l->pos >= l->len || l->s[l->pos] == '#';
}

static int ag_line_err(struct ag_line *l, const char *what)
{
	return ag_fail(l->err, AG_EINVAL, "%s:%u: %s", l->file, l->no, what);
}

/*
 * Copy the next word (up to space, '=', '#') into @out of @size bytes:
 * 0 on success, -1 if there is no word, -2 if it does not fit.
 */
static int ag_word(struct ag_line *l, char *out, size_t size)
{
	size_t n = 0;

	ag_skip_space(l);
	while (l->pos < l->len && !ag_space(l->s[l->pos]) &&
	       l->s[l->pos] != '=' && l->s[l->pos] != '#') {
		if (n + 1 < size)
			out[n++] = l->s[l->pos];
		else if (n + 1 == size)
			return -2;
		l->pos++;
	}
	out[n] = '\0';
	return n ? 0 : -1;
}

static int ag_bad_id(struct ag_line *l, const char *what, const char *id)
{
	char msg[128];

	snprintf(msg, sizeof(msg),
		 "'%.40s' is not a valid %s (an ACPI ID like ARMH0011 or a PNP ID like PNP0501)",
		 id, what);
	return ag_line_err(l, msg);
}

static int ag_parse_ids(struct ag_line *l, struct ag_map_entry *e)
{
	char id[48];
	int ret;

	ret = ag_line_end(l) ? -1 : ag_word(l, id, sizeof(id));
	if (ret == -1)
		return ag_line_err(l, "expected a _HID after '='");
	if (ret || (strcmp(id, AG_HID_NONE) && !ag_id_valid(id)))
		return ag_bad_id(l, "_HID", id);
	memcpy(e->hid, id, strlen(id) + 1);
	while (!ag_line_end(l)) {
		if (ag_word(l, id, sizeof(id)) || !ag_id_valid(id))
			return ag_bad_id(l, "_CID", id);
		if (e->nr_cids >= AG_MAP_MAX_CIDS)
			return ag_line_err(l, "too many _CIDs (at most 4)");
		memcpy(e->cid[e->nr_cids++], id, strlen(id) + 1);
	}
	if (!strcmp(e->hid, AG_HID_NONE) && e->nr_cids)
		return ag_line_err(l, "'-' (omit device) takes no _CIDs");
	return 0;
}

static int ag_map_add(struct ag_map *map, const struct ag_map_entry *e,
		      struct ag_line *l)
{
	struct ag_map_entry *p;
	u32 cap;

	if (map->nr >= AG_MAP_MAX_ENTRIES)
		return ag_line_err(l, "too many mappings");
	/* Capacity doubles at powers of two, from 8. */
	if (map->nr == 0 || (map->nr >= 8 && !(map->nr & (map->nr - 1)))) {
		cap = map->nr ? map->nr * 2 : 8;
		p = ag_realloc(map->entries, map->nr * sizeof(*p),
			       cap * sizeof(*p));
		if (!p)
			return ag_fail(l->err, AG_ENOMEM, "out of memory");
		map->entries = p;
	}
	map->entries[map->nr++] = *e;
	return 0;
}

static bool ag_driver_valid(const char *d)
{
	size_t i, n = strlen(d);

	if (!n || n > AG_BIND_DRIVER_LEN)
		return false;
	for (i = 0; i < n; i++)
		if (!ag_is_upper(d[i]) && !ag_is_digit(d[i]) &&
		    !(d[i] >= 'a' && d[i] <= 'z') && d[i] != '-' &&
		    d[i] != '_' && d[i] != '.')
			return false;
	return true;
}

/* "ID => BIND_ID [DRIVER]", past "=>"; @id is the first word. */
static int ag_parse_bind(struct ag_map *map, struct ag_line *l,
			 const char *id)
{
	struct ag_bind_entry b, *p;
	char w[48] = "";

	memset(&b, 0, sizeof(b));
	if (!ag_id_valid(id))
		return ag_bad_id(l, "device ID", id);
	memcpy(b.id, id, strlen(id) + 1);
	if (ag_line_end(l) || ag_word(l, w, sizeof(w)) || !ag_id_valid(w))
		return ag_bad_id(l, "ID to bind as", w);
	memcpy(b.bind_id, w, strlen(w) + 1);
	if (!ag_line_end(l)) {
		if (ag_word(l, w, sizeof(w)) || !ag_driver_valid(w))
			return ag_line_err(l, "a driver name is 1-31 letters, digits, '-', '_' or '.'");
		memcpy(b.driver, w, strlen(w) + 1);
	}
	if (!ag_line_end(l))
		return ag_line_err(l, "expected 'ID => BIND_ID [DRIVER]'");
	if (map->nr_binds >= AG_MAP_MAX_BINDS)
		return ag_line_err(l, "too many bind lines");
	p = ag_realloc(map->binds, map->nr_binds * sizeof(*p),
		       (map->nr_binds + 1) * sizeof(*p));
	if (!p)
		return ag_fail(l->err, AG_ENOMEM, "out of memory");
	map->binds = p;
	map->binds[map->nr_binds++] = b;
	return 0;
}

static int ag_parse_line(struct ag_map *map, struct ag_line *l)
{
	struct ag_map_entry e;
	size_t i;
	int ret;

	for (i = 0; i < l->len; i++)
		if ((unsigned char)l->s[i] < 0x20 && l->s[i] != '\t' &&
		    l->s[i] != '\r')
			return ag_line_err(l, "control character in line");
	if (l->len > AG_MAP_MAX_LINE)
		return ag_line_err(l, "line too long");
	if (ag_line_end(l))
		return 0;
	memset(&e, 0, sizeof(e));
	ret = ag_word(l, e.compat, sizeof(e.compat));
	if (ret == -2)
		return ag_line_err(l, "compatible string too long");
	if (ret)
		return ag_line_err(l, "expected 'compatible = HID [CID ...]'");
	ag_skip_space(l);
	if (l->pos + 1 < l->len && l->s[l->pos] == '=' &&
	    l->s[l->pos + 1] == '>') {
		l->pos += 2;
		return ag_parse_bind(map, l, e.compat);
	}
	if (l->pos >= l->len || l->s[l->pos] != '=')
		return ag_line_err(l, "expected '=' after the compatible string");
	l->pos++;
	if (ag_parse_ids(l, &e))
		return -AG_EINVAL;
	return ag_map_add(map, &e, l);
}

int ag_map_parse(struct ag_map *map, const char *text, size_t len,
		 const char *name, struct ag_error *err)
{
	struct ag_line l = { .file = name, .err = err };
	size_t start = 0, i;
	int ret;

	err->msg[0] = '\0';
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		l.s = text + start;
		l.len = i - start;
		l.pos = 0;
		l.no++;
		ret = ag_parse_line(map, &l);
		if (ret)
			return ret;
		start = i + 1;
	}
	return 0;
}
