/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's half of the VMware backdoor (hyp/vmware.c answers the rest
 * at EL2): the calls EL2 hands over (HVX_VCPU_EXIT_VMWARE: the host's
 * wall clock, the MESSAGE channels), the RPC requests the guest's tools
 * make over them and what they report about the guest (its "guest
 * info"), and the VM's backdoor switch (HVX_VM_SET_VMWARE).
 *
 *   vmware.c       the exit, the time commands, the switch, the VM's state
 *   vmware-rpc.c   MESSAGE: the channel table and each channel's protocol
 *   vmware-info.c  RPCI requests, TCLO commands, the guest info store
 *   vmware-nic.c   the NICs' addresses in the tools' XDR NIC info
 *
 * Bounds: HVX_VMW_CHANNELS channels a VM, HVX_VMW_MSG_MAX bytes a
 * message, HVX_VMW_BUF_BUDGET bytes of messages held at once by all of a
 * VM's channels, HVX_VMW_INFO_MAX guest info entries of at most
 * HVX_VMW_KEY_MAX and HVX_VMW_VALUE_MAX bytes. All of it charged to the
 * VMM's memory cgroup, freed with the VM.
 */
#ifndef __HVX_HOST_VMWARE_H
#define __HVX_HOST_VMWARE_H

#include <linux/mutex.h>
#include <linux/types.h>

struct hvx_vcpu;
struct hvx_vm;

#define HVX_VMW_CHANNELS	16
#define HVX_VMW_MSG_MAX		0x10000		/* GUESTMSG_MAX_IN_SIZE */
#define HVX_VMW_BUF_BUDGET	0x40000
/* A channel nobody used for this long may be taken by a new OPEN. */
#define HVX_VMW_STALE_MS	10000
#define HVX_VMW_INFO_MAX	32
#define HVX_VMW_KEY_MAX		48		/* with the NUL */
#define HVX_VMW_VALUE_MAX	256		/* with the NUL */

/* MESSAGE protocols (the magic in OPEN's EBX). */
#define HVX_VMW_PROTO_RPCI	0x49435052U	/* 'RPCI': guest -> host */
#define HVX_VMW_PROTO_TCLO	0x4f4c4354U	/* 'TCLO': host -> guest */

enum hvx_vmw_chan_state {
	HVX_VMW_FREE,
	HVX_VMW_IDLE,		/* open, nothing under way */
	HVX_VMW_SENDING,	/* SENDSIZE done, payload coming */
	HVX_VMW_REPLY,		/* a reply waits for RECVSIZE */
	HVX_VMW_RECEIVING,	/* RECVSIZE done, payload going */
};

struct hvx_vmw_channel {
	enum hvx_vmw_chan_state state;
	u32 proto;
	bool cookie;			/* opened with GUESTMSG_FLAG_COOKIE */
	u32 cookie_high, cookie_low;
	unsigned long used;		/* jiffies of its last call */
	u8 *in;				/* the guest's message */
	u32 in_size, in_pos;
	u8 *out;			/* the host's reply or command */
	u32 out_size, out_pos;
	u32 tclo_next;			/* TCLO: the next command to give */
};

struct hvx_vmw_info_entry {
	char key[HVX_VMW_KEY_MAX];
	char value[HVX_VMW_VALUE_MAX];
};

/* A VM's VMware state, made at its first call the host answers. */
struct hvx_vmware {
	struct mutex lock;		/* everything below */
	struct hvx_vmw_channel chan[HVX_VMW_CHANNELS];
	size_t held;			/* bytes of in/out buffers */
	unsigned int nr_info;
	struct hvx_vmw_info_entry info[HVX_VMW_INFO_MAX];
	u64 requests;			/* RPCI requests answered */
	u64 errors;			/* MESSAGE calls refused */
	u64 logs;			/* "log" requests */
};

/* vmware.c */
int hvx_vmware_exit(struct hvx_vcpu *vcpu);
long hvx_vm_set_vmware(struct hvx_vm *vm, void __user *arg);
void hvx_vmware_destroy(struct hvx_vm *vm);

/* vmware-rpc.c: a MESSAGE call in x0-x5, answered there. */
void hvx_vmware_message(struct hvx_vm *vm, struct hvx_vmware *vmw, u64 *x);
void hvx_vmware_channels_free(struct hvx_vmware *vmw);

/*
 * vmware-info.c. rpci: the answer to an RPCI request ("1 ..." or
 * "0 ..."), a kmalloc'ed string; tclo_command: the TCLO command to give
 * after command @n of a channel's life, NULL when there is none left;
 * tclo_result: what the guest answered. The guest's bytes are @msg, @len
 * (not NUL-terminated). The lock is held.
 */
char *hvx_vmware_rpci(struct hvx_vmware *vmw, const u8 *msg, u32 len,
		      u32 *out_len);
const char *hvx_vmware_tclo_command(u32 n);
/*
 * vmware-nic.c: the addresses of an XDR GuestNicProto (@len bytes) as
 * text into @buf of @size; false if it is not one hvx reads.
 */
bool hvx_vmware_nic_text(const u8 *msg, size_t len, char *buf, size_t size);
/* Guest info as text, "key=value" lines, into @buf of @size; its length. */
size_t hvx_vmware_info_text(struct hvx_vm *vm, char *buf, size_t size);
#define HVX_VMW_INFO_TEXT_MAX	(HVX_VMW_INFO_MAX * \
				 (HVX_VMW_KEY_MAX + HVX_VMW_VALUE_MAX + 1))

#endif /* __HVX_HOST_VMWARE_H */
