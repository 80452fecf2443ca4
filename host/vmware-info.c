// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the host says on the VMware RPC channels (vmware-rpc.c), and what
 * it keeps of what the guest's tools report: the guest info, which the
 * VM's sysfs file 'guestinfo' shows (vm-sysfs.c, `hvxctl guestinfo`).
 *
 * TCLO: a new channel is given "reset" (vmtoolsd answers "OK ATR
 * toolbox" and reports its version), then "Capabilities_Register" (it
 * reports its capabilities and tools.set.versiontype), then nothing.
 *
 * RPCI requests ("1 <result>" is success, "0 <why>" failure):
 *   info-set guestinfo.KEY VALUE   stored as guestinfo.KEY
 *   info-get guestinfo.KEY         "1 VALUE", or "0 No value found"
 *   SetGuestInfo  N VALUE          stored by name (info_names[]); the
 *                                  binary ones (disk space, NICs) as
 *                                  "(n bytes)"; the OS's detailed data
 *                                  (11: a version word, the short and
 *                                  the full name, the details, each
 *                                  NUL-padded) as os_name, os_name_full
 *                                  and os_detailed: open-vm-tools 12
 *                                  sends the names only so
 *   tools.set.versiontype V T      stored as tools.version, tools.type
 *   tools.set.version V            stored as tools.version
 *   tools.capability.*             "1 " (taken note of, not stored)
 *   log TEXT                       "1 ", counted (and traced as every
 *                                  request: hvx_vmware_rpc)
 *   anything else                  "0 Unknown command"
 *
 * Stored keys are [A-Za-z0-9._-], shorter than HVX_VMW_KEY_MAX; values are
 * cut to HVX_VMW_VALUE_MAX - 1 bytes, their control and non-ASCII bytes
 * made '?', so that each entry is one line of text. At most
 * HVX_VMW_INFO_MAX entries: a new key beyond that is refused ("0 Too many
 * keys").
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vm.h"
#include "vmware.h"

#define REPLY_OK		"1 "
#define REPLY_UNKNOWN		"0 Unknown command"
#define REPLY_BAD_ARGS		"0 Invalid arguments"
#define REPLY_FULL		"0 Too many keys"
#define REPLY_NO_VALUE		"0 No value found"
#define GUESTINFO_PREFIX	"guestinfo."

static const char *const tclo_commands[] = { "reset", "Capabilities_Register" };

const char *hvx_vmware_tclo_command(u32 n)
{
	return n < ARRAY_SIZE(tclo_commands) ? tclo_commands[n] : NULL;
}

/* SetGuestInfo's keys (GuestInfoType, lib/include/guestInfo.h). */
#define INFO_IPADDRESS_V2	9
#define INFO_IPADDRESS_V3	10
#define INFO_OS_DETAILED	11
static const struct {
	const char *name;
	bool binary;
} info_names[] = {
	[1] = { "dns_name" },
	[2] = { "ip_address" },
	[3] = { "disk_free_space", true },
	[4] = { "build_number" },
	[5] = { "os_name_full" },
	[6] = { "os_name" },
	[7] = { "uptime" },
	[8] = { "memory" },
	[9] = { "ip_address_v2", true },
	[10] = { "ip_address_v3", true },
	[11] = { "os_detailed" },
};

static bool key_ok(const char *key)
{
	size_t len = strnlen(key, HVX_VMW_KEY_MAX), i;

	if (!len || len == HVX_VMW_KEY_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(key[i]) && !strchr("._-", key[i]))
			return false;
	return true;
}

static struct hvx_vmw_info_entry *info_find(struct hvx_vmware *vmw,
					    const char *key)
{
	unsigned int i;

	for (i = 0; i < vmw->nr_info; i++)
		if (!strcmp(vmw->info[i].key, key))
			return &vmw->info[i];
	return NULL;
}

/* Store @value (@len bytes) under @key (checked); a reply. */
static const char *info_set(struct hvx_vmware *vmw, const char *key,
			    const char *value, size_t len)
{
	struct hvx_vmw_info_entry *e;
	size_t i;

	if (!key_ok(key))
		return REPLY_BAD_ARGS;
	e = info_find(vmw, key);
	if (!e) {
		if (vmw->nr_info == HVX_VMW_INFO_MAX)
			return REPLY_FULL;
		e = &vmw->info[vmw->nr_info++];
		strscpy(e->key, key, sizeof(e->key));
	}
	len = min(len, sizeof(e->value) - 1);
	for (i = 0; i < len; i++)
		e->value[i] = value[i] < 0x20 || value[i] >= 0x7f ? '?' :
							      value[i];
	e->value[len] = '\0';
	return REPLY_OK;
}

/* "guestinfo.KEY VALUE" */
static const char *rpc_info_set(struct hvx_vmware *vmw, char *args)
{
	char *value = strchr(args, ' ');

	if (!value || strncmp(args, GUESTINFO_PREFIX, strlen(GUESTINFO_PREFIX)))
		return REPLY_BAD_ARGS;
	*value++ = '\0';
	return info_set(vmw, args, value, strlen(value));
}

/* "guestinfo.KEY": the reply is made here. */
static char *rpc_info_get(struct hvx_vmware *vmw, const char *args)
{
	const struct hvx_vmw_info_entry *e = NULL;

	if (!strncmp(args, GUESTINFO_PREFIX, strlen(GUESTINFO_PREFIX)))
		e = info_find(vmw, args);
	if (!e)
		return kstrdup(REPLY_NO_VALUE, GFP_KERNEL_ACCOUNT);
	return kasprintf(GFP_KERNEL_ACCOUNT, REPLY_OK "%s", e->value);
}

/*
 * SetGuestInfo 11, INFO_OS_DETAILED: a header (a 32-bit version, the
 * short and the full OS name in NUL-padded fields) and the details as a
 * C string. Taken as its printable NUL-separated strings, in that order,
 * so that the fields' sizes (which versions of the tools may change) do
 * not matter; the version word is not printable.
 */
static const char *os_detailed(struct hvx_vmware *vmw, const char *p,
			       const char *end)
{
	static const char *const keys[] = {
		"os_name", "os_name_full", "os_detailed",
	};
	const char *reply = REPLY_BAD_ARGS;
	unsigned int k = 0;
	size_t len, i;

	while (p < end && k < ARRAY_SIZE(keys)) {
		len = strnlen(p, end - p);
		for (i = 0; i < len; i++)
			if (p[i] < 0x20 || p[i] >= 0x7f)
				break;
		if (len && i == len) {
			reply = info_set(vmw, keys[k++], p, len);
			if (reply[0] != '1')
				return reply;
		}
		p += len + 1;
	}
	return reply;
}

/*
 * " N VALUE" (after "SetGuestInfo"): @len the bytes after the command's
 * name, of which the binary values are made.
 */
static const char *rpc_set_guest_info(struct hvx_vmware *vmw, char *args,
				      size_t len)
{
	char *end = args + len, *value;
	char summary[24], nics[HVX_VMW_VALUE_MAX];
	u32 n;

	while (args < end && *args == ' ')
		args++;
	value = strnchr(args, end - args, ' ');
	if (!value)
		return REPLY_BAD_ARGS;
	*value++ = '\0';
	if (kstrtou32(args, 10, &n) || n >= ARRAY_SIZE(info_names) ||
	    !info_names[n].name)
		return REPLY_BAD_ARGS;
	if (n == INFO_OS_DETAILED)
		return os_detailed(vmw, value, end);
	if ((n == INFO_IPADDRESS_V2 || n == INFO_IPADDRESS_V3) &&
	    hvx_vmware_nic_text(value, end - value, nics, sizeof(nics)))
		return info_set(vmw, "ip_addresses", nics, strlen(nics));
	if (info_names[n].binary) {
		snprintf(summary, sizeof(summary), "(%zu bytes)", end - value);
		return info_set(vmw, info_names[n].name, summary,
				strlen(summary));
	}
	return info_set(vmw, info_names[n].name, value, strnlen(value,
								end - value));
}

/* "V T" or "V": the tools' version number (and type). */
static const char *rpc_tools_version(struct hvx_vmware *vmw, char *args,
				     bool with_type)
{
	char *type = strchr(args, ' ');
	const char *reply;

	if (type)
		*type++ = '\0';
	if (with_type != !!type)
		return REPLY_BAD_ARGS;
	reply = info_set(vmw, "tools.version", args, strlen(args));
	if (type && reply[0] == '1')
		reply = info_set(vmw, "tools.type", type, strlen(type));
	return reply;
}

/* The request's name and its arguments (after one space), as C strings. */
static const char *request(struct hvx_vmware *vmw, char *text, size_t len)
{
	char *args = strchr(text, ' ');
	size_t args_len = 0;

	if (args) {
		*args++ = '\0';
		args_len = len - (args - text);
	}
	if (!strcmp(text, "log")) {
		vmw->logs++;
		return REPLY_OK;
	}
	if (!strncmp(text, "tools.capability.", strlen("tools.capability.")))
		return REPLY_OK;
	if (!args)
		return REPLY_UNKNOWN;
	if (!strcmp(text, "info-set"))
		return rpc_info_set(vmw, args);
	if (!strcmp(text, "SetGuestInfo"))
		return rpc_set_guest_info(vmw, args, args_len);
	if (!strcmp(text, "tools.set.versiontype"))
		return rpc_tools_version(vmw, args, true);
	if (!strcmp(text, "tools.set.version"))
		return rpc_tools_version(vmw, args, false);
	return REPLY_UNKNOWN;
}

char *hvx_vmware_rpci(struct hvx_vmware *vmw, const u8 *msg, u32 len,
		      u32 *out_len)
{
	char *text, *reply, *args;

	/*
	 * A C string of the request, which may end with its NUL; binary
	 * values (SetGuestInfo's) go by @len, up to the end of the message.
	 */
	text = kmemdup_nul(msg, len, GFP_KERNEL_ACCOUNT);
	if (!text)
		return NULL;
	if (!strncmp(text, "info-get ", strlen("info-get "))) {
		args = text + strlen("info-get ");
		reply = rpc_info_get(vmw, args);
	} else {
		reply = kstrdup(request(vmw, text, len), GFP_KERNEL_ACCOUNT);
	}
	kfree(text);
	if (reply)
		*out_len = strlen(reply);
	return reply;
}

size_t hvx_vmware_info_text(struct hvx_vm *vm, char *buf, size_t size)
{
	/* Pairs with vmware.c's cmpxchg(): a whole state, its lock set up. */
	struct hvx_vmware *vmw = smp_load_acquire(&vm->vmware);
	size_t n = 0;
	unsigned int i;

	if (!vmw)
		return 0;
	mutex_lock(&vmw->lock);
	for (i = 0; i < vmw->nr_info && n < size; i++)
		n += scnprintf(buf + n, size - n, "%s=%s\n", vmw->info[i].key,
			       vmw->info[i].value);
	mutex_unlock(&vmw->lock);
	return n;
}
