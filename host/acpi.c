// SPDX-License-Identifier: GPL-2.0-only
/*
 * HVX_ACPI_GENERATE: acpi-gen inside hvx.ko. Takes a flattened device tree
 * (and optionally a mapping table) from user space, returns the ACPI tables
 * generated from it, and keeps the last set for /sys/kernel/hvx/acpi/.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

#include "hvx.h"
#include "partition.h"
#include "../acpi-gen/acpi-gen.h"

/*
 * The last generated tables, one binary sysfs file each; the lock
 * serialises their replacement.
 */
static DEFINE_MUTEX(hvx_acpi_lock);
static struct ag_tables hvx_acpi_last;
static struct bin_attribute hvx_acpi_attrs[AG_MAX_TABLES];
static unsigned int hvx_acpi_nr_attrs;
static struct kobject *hvx_acpi_kobj;

static ssize_t acpi_table_read(struct file *file, struct kobject *kobj,
			       struct bin_attribute *attr, char *buf,
			       loff_t off, size_t count)
{
	const struct ag_table *t = attr->private;

	/* Tables of the host's DT are the host's business. */
	if (hvx_partition_host_only())
		return -EPERM;
	/*
	 * No lock: the tables are freed only after their files are removed,
	 * and removal waits for readers.
	 */
	return memory_read_from_buffer(buf, count, &off, t->data, t->len);
}

static void acpi_sysfs_clear(void)
{
	while (hvx_acpi_nr_attrs)
		sysfs_remove_bin_file(hvx_acpi_kobj,
				      &hvx_acpi_attrs[--hvx_acpi_nr_attrs]);
}

/* Called with hvx_acpi_lock held; takes over @tables. */
static void acpi_keep_last(struct ag_tables *tables)
{
	unsigned int i;

	lockdep_assert_held(&hvx_acpi_lock);
	acpi_sysfs_clear();
	ag_tables_free(&hvx_acpi_last);
	hvx_acpi_last = *tables;
	memset(tables, 0, sizeof(*tables));

	for (i = 0; i < hvx_acpi_last.count; i++) {
		struct bin_attribute *a = &hvx_acpi_attrs[i];
		struct ag_table *t = &hvx_acpi_last.t[i];

		sysfs_bin_attr_init(a);
		a->attr.name = t->sig;
		a->attr.mode = 0400;
		a->size = t->len;
		a->read = acpi_table_read;
		a->private = t;
		if (sysfs_create_bin_file(hvx_acpi_kobj, a))
			break;
		hvx_acpi_nr_attrs++;
	}
}

static void *copy_user_blob(u64 uptr, u32 size)
{
	void *p = kvmalloc(size + 1, GFP_KERNEL);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, u64_to_user_ptr(uptr), size)) {
		kvfree(p);
		return ERR_PTR(-EFAULT);
	}
	((char *)p)[size] = '\0';
	return p;
}

static int check_args(const struct hvx_acpi_gen *g)
{
	unsigned int i;

	if (g->flags || g->dtb_size == 0 || g->dtb_size > HVX_ACPI_DTB_MAX ||
	    g->map_size > HVX_ACPI_MAP_MAX || (!g->map && g->map_size))
		return -EINVAL;
	if (memchr_inv(g->reserved, 0, sizeof(g->reserved)))
		return -EINVAL;
	/* The OEM ID is NUL padded and at most AG_OEM_ID_LEN characters. */
	for (i = AG_OEM_ID_LEN; i < sizeof(g->oem_id); i++)
		if (g->oem_id[i])
			return -EINVAL;
	return 0;
}

/* Index first, then each table at an 8-byte aligned offset. */
static u32 output_size(const struct ag_tables *t)
{
	u32 size = t->count * sizeof(struct hvx_acpi_table);
	unsigned int i;

	for (i = 0; i < t->count; i++)
		size = ALIGN(size, 8) + t->t[i].len;
	return size;
}

static int copy_tables_out(const struct ag_tables *t, u64 ubuf)
{
	void __user *buf = u64_to_user_ptr(ubuf);
	u32 off = t->count * sizeof(struct hvx_acpi_table);
	unsigned int i;

	for (i = 0; i < t->count; i++) {
		struct hvx_acpi_table e = { };

		off = ALIGN(off, 8);
		memcpy(e.signature, t->t[i].sig, sizeof(e.signature));
		e.offset = off;
		e.length = t->t[i].len;
		if (copy_to_user(buf + i * sizeof(e), &e, sizeof(e)) ||
		    copy_to_user(buf + off, t->t[i].data, t->t[i].len))
			return -EFAULT;
		off += t->t[i].len;
	}
	return 0;
}

/*
 * What ACPI cannot describe of the tree (acpi-gen's warnings), in the
 * kernel log: notes on the caller's input, not the kernel's trouble, and
 * a user's tree may have many, so informational and rate-limited.
 */
static void log_warning(void *ctx, const char *msg)
{
	pr_info_ratelimited("ACPI generation: %s\n", msg);
}

static int generate(struct hvx_acpi_gen *g, struct ag_tables *tables,
		    struct ag_error *err)
{
	char oem_id[AG_OEM_ID_LEN + 1] = { };
	struct ag_options opts = { .warn = { .fn = log_warning } };
	struct ag_map map;
	void *dtb, *text = NULL;
	int ret = 0;

	ag_map_init(&map);
	dtb = copy_user_blob(g->dtb, g->dtb_size);
	if (IS_ERR(dtb))
		return PTR_ERR(dtb);
	if (g->map) {
		text = copy_user_blob(g->map, g->map_size);
		if (IS_ERR(text)) {
			ret = PTR_ERR(text);
			text = NULL;
			goto out;
		}
		ret = ag_map_parse(&map, text, g->map_size, "map", err);
		if (ret)
			goto out;
		opts.map = &map;
	}
	memcpy(oem_id, g->oem_id, AG_OEM_ID_LEN);
	if (oem_id[0]) {
		if (!ag_oem_id_valid(oem_id, AG_OEM_ID_LEN)) {
			strscpy(err->msg, "invalid OEM ID", sizeof(err->msg));
			ret = -EINVAL;
			goto out;
		}
		opts.oem_id = oem_id;
	}
	ret = ag_generate(dtb, g->dtb_size, &opts, tables, err);
out:
	ag_map_free(&map);
	kvfree(text);
	kvfree(dtb);
	return ret;
}

long hvx_acpi_generate(void __user *arg)
{
	struct ag_tables tables = { };
	struct ag_error err = { };
	struct hvx_acpi_gen g;
	int ret;

	if (copy_from_user(&g, arg, sizeof(g)))
		return -EFAULT;
	ret = check_args(&g);
	if (ret)
		return ret;

	memset(g.error, 0, sizeof(g.error));
	ret = generate(&g, &tables, &err);
	if (ret) {
		strscpy(g.error, err.msg, sizeof(g.error));
		if (copy_to_user(arg, &g, sizeof(g)))
			return -EFAULT;
		return ret;
	}

	g.nr_tables = tables.count;
	g.out_size = output_size(&tables);
	if (g.buf_size < g.out_size)
		ret = -E2BIG;
	else
		ret = copy_tables_out(&tables, g.buf);
	if (!ret) {
		mutex_lock(&hvx_acpi_lock);
		acpi_keep_last(&tables);
		mutex_unlock(&hvx_acpi_lock);
	}
	ag_tables_free(&tables);
	if (ret != -EFAULT && copy_to_user(arg, &g, sizeof(g)))
		ret = -EFAULT;
	return ret;
}

int hvx_acpi_init(struct kobject *parent)
{
	hvx_acpi_kobj = kobject_create_and_add("acpi", parent);
	return hvx_acpi_kobj ? 0 : -ENOMEM;
}

void hvx_acpi_exit(void)
{
	mutex_lock(&hvx_acpi_lock);
	acpi_sysfs_clear();
	ag_tables_free(&hvx_acpi_last);
	mutex_unlock(&hvx_acpi_lock);
	kobject_put(hvx_acpi_kobj);
	hvx_acpi_kobj = NULL;
}
