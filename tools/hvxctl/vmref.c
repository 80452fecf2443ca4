// SPDX-License-Identifier: GPL-2.0
/*
 * Naming a VM on the command line: by its name (HVX_VM_SET_NAME, the
 * 'name' file of its sysfs folder) or by its handle (N of
 * /sys/kernel/hvx/vms/vmN). A name starts with a letter, so an operand of
 * digits is a handle.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hvxctl.h"

int hvx_vm_text(unsigned long long handle, const char *file, char *buf,
		size_t size)
{
	char path[512];
	FILE *f;
	int ret = -1;

	snprintf(path, sizeof(path), "%s/vms/vm%llu/%s", hvx_sysfs_root(),
		 handle, file);
	buf[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fgets(buf, size, f) || !ferror(f))
		ret = 0;
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return ret;
}

int hvx_vm_clock(unsigned long long handle, unsigned long long *freq,
		 bool *scaled)
{
	unsigned long long s;
	char rel[64];

	snprintf(rel, sizeof(rel), "vms/vm%llu/clock_freq", handle);
	if (hvx_sysfs_u64(rel, freq))
		return -1;
	snprintf(rel, sizeof(rel), "vms/vm%llu/clock_scaled", handle);
	if (hvx_sysfs_u64(rel, &s))
		return -1;
	*scaled = s;
	return 0;
}

int hvx_vm_of_pid(long pid, unsigned long long *handle)
{
	unsigned long long *ids = NULL, p;
	char rel[64];
	int n, i, ret = -1;

	n = hvx_sysfs_list("vms", "vm", &ids);
	for (i = 0; i < n && ret; i++) {
		snprintf(rel, sizeof(rel), "vms/vm%llu/pid", ids[i]);
		if (hvx_sysfs_u64(rel, &p) || p != (unsigned long long)pid)
			continue;
		*handle = ids[i];
		ret = 0;
	}
	free(ids);
	return ret;
}

bool hvx_vm_name_valid(const char *name)
{
	size_t i, len = strlen(name);

	if (!len || len >= HVX_VM_NAME_MAX || !isalpha((unsigned char)name[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("._-", name[i]))
			return false;
	return true;
}

static bool is_handle(const char *ref, unsigned long long *handle)
{
	char *end;

	if (*ref < '0' || *ref > '9')
		return false;
	errno = 0;
	*handle = strtoull(ref, &end, 10);
	return !*end && !errno;
}

int hvx_vm_resolve(const char *ref, struct hvx_vm_ref *vm)
{
	unsigned long long *ids = NULL, handle;
	char rel[64], name[HVX_VM_NAME_MAX + 2];
	int n, i, ret = -1;

	memset(vm, 0, sizeof(*vm));
	if (!hvx_sysfs_exists(".")) {
		hvxctl_err("hvx is not loaded (%s missing); load it with: insmod hvx.ko",
			   hvx_sysfs_root());
		return HVXCTL_EXIT_FAIL;
	}
	if (is_handle(ref, &handle)) {
		snprintf(rel, sizeof(rel), "vms/vm%llu", handle);
		if (hvx_sysfs_exists(rel)) {
			vm->handle = handle;
			vm->by_handle = true;
			hvx_vm_text(handle, "name", vm->name, sizeof(vm->name));
			return 0;
		}
	} else {
		n = hvx_sysfs_list("vms", "vm", &ids);
		for (i = 0; i < n && ret; i++) {
			if (hvx_vm_text(ids[i], "name", name, sizeof(name)) ||
			    strcmp(name, ref))
				continue;
			vm->handle = ids[i];
			snprintf(vm->name, sizeof(vm->name), "%.*s", HVX_VM_NAME_MAX - 1, name);
			ret = 0;
		}
		free(ids);
		if (!ret)
			return 0;
	}
	hvxctl_err("no VM named '%s' runs: 'hvxctl list' shows the VMs' names and handles",
		   ref);
	return HVXCTL_EXIT_NO_VM;
}

const char *hvx_vm_label(const struct hvx_vm_ref *vm, char *buf, size_t size)
{
	if (vm->name[0])
		snprintf(buf, size, "%s", vm->name);
	else
		snprintf(buf, size, "%llu", vm->handle);
	return buf;
}
