// SPDX-License-Identifier: GPL-2.0
/*
 * hvx-acpi-bind: applies hvx's device-ID map (the "OEMB" ACPI table that
 * acpi-gen emits for the map file's `ID => BIND_ID [DRIVER]` lines) in a
 * Linux guest: every platform device "<ID>:NN" gets DRIVER through its
 * driver_override and is probed again, so a device whose _HID no Linux
 * driver knows binds to the driver of the ID it stands for.
 *
 *   hvx-acpi-bind [--dry-run] [--table FILE] [--sysfs DIR]
 *
 * The table is read from DIR/firmware/acpi/tables/OEMB (DIR: /sys) unless
 * --table names a file. It comes from the firmware, so it is checked
 * fully (signature, length, checksum, entries within it, IDs and driver
 * names that are safe in a sysfs path) before anything is written. One
 * line per device; exit 0 if every device is bound (or nothing is to be
 * bound), 1 if one is not or the table is bad, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The OEMB table (acpi-gen/README.md): a header, count, entry size, entries. */
#define ACPI_HDR_LEN		36
#define ACPI_HDR_LENGTH_OFF	4
#define ACPI_HDR_REV_OFF	8
#define OEMB_COUNT_OFF		36
#define OEMB_ENTRY_SIZE_OFF	40
#define OEMB_ENTRIES_OFF	44
#define OEMB_ENTRY_MIN		48	/* the fields below; later ones skipped */
#define OEMB_ID_OFF		0
#define OEMB_ID_LEN		8
#define OEMB_BIND_ID_OFF	8
#define OEMB_DRIVER_OFF		16
#define OEMB_DRIVER_LEN		32
/* Far more than any map: a bigger file is not read whole. */
#define OEMB_MAX_LEN		(1024 * 1024)

struct entry {
	char id[OEMB_ID_LEN + 1];
	char bind_id[OEMB_ID_LEN + 1];
	char driver[OEMB_DRIVER_LEN + 1];
};

static const char *prog = "hvx-acpi-bind";

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * Reads @path whole into *@buf: 0, or -1 with errno (EFBIG when longer
 * than @max).
 */
static int read_file(const char *path, size_t max, unsigned char **buf,
		     size_t *len)
{
	unsigned char *b = malloc(max + 1);
	size_t n = 0;
	ssize_t r = 0;
	int fd, err;

	if (!b)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		free(b);
		errno = err;
		return -1;
	}
	/* sysfs gives a table in pieces: read to EOF, one byte past max */
	while (n <= max) {
		r = read(fd, b + n, max + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += r;
	}
	err = r < 0 ? errno : n > max ? EFBIG : 0;
	close(fd);
	if (err) {
		free(b);
		errno = err;
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

/*
 * Copies the up to @len chars of @src (NUL-padded, not necessarily
 * terminated) to @dst; false if a char follows a NUL.
 */
static int copy_field(char *dst, const unsigned char *src, size_t len)
{
	size_t i, n = strnlen((const char *)src, len);

	for (i = n; i < len; i++)
		if (src[i])
			return 0;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return 1;
}

/* @len bytes of @src for a message: '.' for a NUL, '?' for other non-ASCII. */
static void printable(char *dst, const unsigned char *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = !src[i] ? '.' : src[i] < ' ' || src[i] > '~' ? '?' : src[i];
	dst[len] = '\0';
}

/* An ACPI or PNP ID as a _HID has it: upper-case letters, digits, '_'. */
static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

/*
 * A driver name goes into a sysfs path (drivers/<driver>): no '/', no
 * "." or "..", nothing but printable non-blank chars.
 */
static int valid_driver(const char *s)
{
	const char *p;

	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (p = s; *p; p++)
		if (*p <= ' ' || *p > '~' || *p == '/')
			return 0;
	return 1;
}

/*
 * Checks the table in @t (@len bytes, as read) and decodes its entries
 * into *@ents: 0, or -1 after saying what is wrong.
 */
static int parse_table(const char *path, const unsigned char *t, size_t len,
		       struct entry **ents, uint32_t *count)
{
	uint32_t length, n, size, i;
	uint64_t need;
	unsigned char sum = 0;
	struct entry *e;
	size_t k;

	if (len < ACPI_HDR_LEN) {
		fprintf(stderr, "%s: %s: truncated: %zu bytes, shorter than an ACPI header (%d)\n",
			prog, path, len, ACPI_HDR_LEN);
		return -1;
	}
	if (memcmp(t, "OEMB", 4)) {
		fprintf(stderr, "%s: %s: signature '%.4s' is not OEMB\n",
			prog, path, (const char *)t);
		return -1;
	}
	length = get_le32(t + ACPI_HDR_LENGTH_OFF);
	if (length != len) {
		fprintf(stderr, "%s: %s: %s: its header says %u bytes, the file has %zu\n",
			prog, path, length > len ? "truncated" : "bad length",
			length, len);
		return -1;
	}
	if (length < OEMB_ENTRIES_OFF) {
		fprintf(stderr, "%s: %s: truncated: %u bytes, shorter than the OEMB header (%d)\n",
			prog, path, length, OEMB_ENTRIES_OFF);
		return -1;
	}
	for (k = 0; k < len; k++)
		sum += t[k];
	if (sum) {
		fprintf(stderr, "%s: %s: bad checksum (the bytes sum to 0x%02x, not 0)\n",
			prog, path, sum);
		return -1;
	}
	if (t[ACPI_HDR_REV_OFF] < 1) {
		fprintf(stderr, "%s: %s: unknown revision %u\n",
			prog, path, t[ACPI_HDR_REV_OFF]);
		return -1;
	}
	n = get_le32(t + OEMB_COUNT_OFF);
	size = get_le32(t + OEMB_ENTRY_SIZE_OFF);
	if (size < OEMB_ENTRY_MIN) {
		fprintf(stderr, "%s: %s: entry size %u is less than %d\n",
			prog, path, size, OEMB_ENTRY_MIN);
		return -1;
	}
	/* both are 32-bit: their product cannot wrap in 64 bits */
	need = (uint64_t)n * size;
	if (need > length - OEMB_ENTRIES_OFF) {
		fprintf(stderr, "%s: %s: %u entries of %u bytes (%llu) do not fit in %u bytes\n",
			prog, path, n, size, (unsigned long long)need,
			length - OEMB_ENTRIES_OFF);
		return -1;
	}
	e = calloc(n ? n : 1, sizeof(*e));
	if (!e) {
		fprintf(stderr, "%s: out of memory\n", prog);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const unsigned char *p = t + OEMB_ENTRIES_OFF + (size_t)i * size;
		char show[OEMB_ENTRY_MIN + 1];

		if (!copy_field(e[i].id, p + OEMB_ID_OFF, OEMB_ID_LEN) ||
		    !copy_field(e[i].bind_id, p + OEMB_BIND_ID_OFF, OEMB_ID_LEN) ||
		    !copy_field(e[i].driver, p + OEMB_DRIVER_OFF, OEMB_DRIVER_LEN) ||
		    !valid_id(e[i].id) || !valid_id(e[i].bind_id) ||
		    !valid_driver(e[i].driver)) {
			printable(show, p, OEMB_ENTRY_MIN);
			fprintf(stderr, "%s: %s: entry %u: bad ID, bind ID or driver name: %s\n",
				prog, path, i, show);
			free(e);
			return -1;
		}
	}
	*ents = e;
	*count = n;
	return 0;
}

/* "<id>:" and then hex digits: the name Linux gives an ACPI device. */
static int device_of(const char *name, const char *id)
{
	size_t l = strlen(id);
	const char *p;

	if (strncmp(name, id, l) || name[l] != ':' || !name[l + 1])
		return 0;
	for (p = name + l + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* snprintf() into a PATH_MAX buffer: -1 with ENAMETOOLONG if cut short. */
__attribute__((format(printf, 2, 3)))
static int mkpath(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, PATH_MAX, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static int write_str(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t r;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	r = write(fd, s, len);
	if (r >= 0 && (size_t)r != len) {
		r = -1;
		errno = EIO;
	}
	if (close(fd) && r >= 0)
		r = -1;
	return r < 0 ? -1 : 0;
}

/*
 * The name of the driver bound to device @dev (its "driver" link) into
 * @drv (NAME_MAX + 1 bytes), or "" if none.
 */
static void bound_driver(const char *dev, char *drv)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *base;
	ssize_t r;

	drv[0] = '\0';
	if (mkpath(path, "%s/driver", dev))
		return;
	r = readlink(path, link, sizeof(link) - 1);
	if (r < 0)
		return;
	link[r] = '\0';
	base = strrchr(link, '/');
	base = base ? base + 1 : link;
	if (strlen(base) <= NAME_MAX)
		strcpy(drv, base);
}

/* Binds one device: 0 if it is bound to e->driver afterwards. */
static int bind_device(const char *sysfs, const char *name,
		       const struct entry *e, int dry_run)
{
	char dev[PATH_MAX], path[PATH_MAX], drv[NAME_MAX + 1];
	struct stat st;

	if (mkpath(dev, "%s/bus/platform/devices/%s", sysfs, name)) {
		printf("not bound %s: %s\n", name, strerror(errno));
		return -1;
	}
	if (!e->driver[0]) {
		printf("skipped %s: the table gives no driver (as %s)\n", name,
		       e->bind_id);
		return 0;
	}
	bound_driver(dev, drv);
	if (!strcmp(drv, e->driver)) {
		printf("%s already bound to %s (as %s)\n", name, e->driver,
		       e->bind_id);
		return 0;
	}
	/* taking a device from its driver is not this tool's call */
	if (drv[0]) {
		printf("not bound %s: it is bound to %s, not %s (as %s)\n",
		       name, drv, e->driver, e->bind_id);
		return -1;
	}
	if (dry_run) {
		printf("would bind %s to %s (as %s)\n", name, e->driver,
		       e->bind_id);
		return 0;
	}
	if (mkpath(path, "%s/driver_override", dev) ||
	    write_str(path, e->driver)) {
		printf("not bound %s: writing %s: %s\n", name, path,
		       strerror(errno));
		return -1;
	}
	if (mkpath(path, "%s/bus/platform/drivers/%s", sysfs, e->driver) ||
	    stat(path, &st)) {
		/* the override stays: it binds if the driver comes later */
		printf("not bound %s: no driver %s in the kernel (driver_override set) (as %s)\n",
		       name, e->driver, e->bind_id);
		return -1;
	}
	if (mkpath(path, "%s/bus/platform/drivers_probe", sysfs) ||
	    write_str(path, name)) {
		printf("not bound %s: writing %s: %s\n", name, path,
		       strerror(errno));
		return -1;
	}
	bound_driver(dev, drv);
	if (strcmp(drv, e->driver)) {
		printf("not bound %s: %s did not take it (driver: %s) (as %s)\n",
		       name, e->driver, drv[0] ? drv : "none", e->bind_id);
		return -1;
	}
	printf("bound %s to %s (as %s)\n", name, e->driver, e->bind_id);
	return 0;
}

/* Every platform device of entry @e: the number not bound, or -1. */
static int bind_entry(const char *sysfs, const struct entry *e, int dry_run)
{
	char path[PATH_MAX];
	struct dirent **names;
	int i, n, found = 0, failed = 0;

	n = mkpath(path, "%s/bus/platform/devices", sysfs) ? -1 :
		scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (device_of(names[i]->d_name, e->id)) {
			found++;
			if (bind_device(sysfs, names[i]->d_name, e, dry_run))
				failed++;
		}
		free(names[i]);
	}
	free(names);
	if (!found)
		printf("no device %s:NN (%s => %s %s)\n", e->id, e->id,
		       e->bind_id, e->driver[0] ? e->driver : "-");
	return failed;
}

static void show_usage(FILE *f)
{
	fprintf(f,
		"usage: %s [--dry-run] [--table FILE] [--sysfs DIR]\n"
		"Binds the platform devices that hvx's OEMB ACPI table (its device-ID\n"
		"map) names to their drivers: for an entry ID => BIND_ID DRIVER, each\n"
		"device ID:NN gets DRIVER as its driver_override and is probed again.\n"
		"One line per device; exit 0 if all are bound, 1 if not or the table\n"
		"is bad, 2 on a usage error.\n"
		"  -n, --dry-run     check the table, say what would be bound, write nothing\n"
		"  -t, --table FILE  the table (default DIR/firmware/acpi/tables/OEMB;\n"
		"                    none there: nothing to bind)\n"
		"  -s, --sysfs DIR   where sysfs is (default /sys)\n"
		"  -h, --help        this text\n", prog);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "table", required_argument, NULL, 't' },
		{ "sysfs", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *sysfs = "/sys", *table = NULL;
	char path[PATH_MAX];
	struct entry *ents;
	unsigned char *buf;
	uint32_t count, i;
	int c, r, dry_run = 0, failed = 0;
	size_t len;

	while ((c = getopt_long(argc, argv, "nt:s:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			dry_run = 1;
			break;
		case 't':
			table = optarg;
			break;
		case 's':
			sysfs = optarg;
			break;
		case 'h':
			show_usage(stdout);
			return 0;
		default:
			show_usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog,
			argv[optind]);
		show_usage(stderr);
		return 2;
	}
	/* the lines of a console that is only now bound: not held back */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (!table) {
		if (mkpath(path, "%s/firmware/acpi/tables/OEMB", sysfs)) {
			fprintf(stderr, "%s: --sysfs %s: %s\n", prog, sysfs,
				strerror(errno));
			return 1;
		}
		if (access(path, F_OK) && errno == ENOENT) {
			printf("nothing to bind: no OEMB table (%s)\n", path);
			return 0;
		}
		table = path;
	}
	if (read_file(table, OEMB_MAX_LEN, &buf, &len)) {
		fprintf(stderr, "%s: %s: %s\n", prog, table,
			errno == EFBIG ? "larger than 1 MiB: not an OEMB table" :
			strerror(errno));
		return 1;
	}
	r = parse_table(table, buf, len, &ents, &count);
	free(buf);
	if (r)
		return 1;
	if (!count)
		printf("nothing to bind: the OEMB table has no entries\n");
	for (i = 0; i < count; i++) {
		r = bind_entry(sysfs, &ents[i], dry_run);
		if (r)
			failed = 1;
	}
	free(ents);
	return failed;
}
