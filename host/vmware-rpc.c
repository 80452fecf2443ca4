// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VMware backdoor's MESSAGE command (30): the RPC channels between
 * the guest's tools and the host, as open-vm-tools' lib/message speaks
 * them over the low-bandwidth port (tools/vmware-guest/PROTOCOL.md).
 *
 * Registers (32-bit, the x86 ones'): ECX[31:16] (x2) the message type in,
 * the status out, which every answer writes; EDX[31:16] (x3) the channel
 * id; ESI:EDI (x4:x5) the cookie; EBX (x1) a size, 4 bytes of a message
 * or the guest's status.
 *
 *   OPEN         EBX = protocol ('RPCI', 'TCLO') | GUESTMSG_FLAG_COOKIE
 *                -> EDX[31:16] = id, ESI:EDI = cookie
 *   SENDSIZE     EBX = size (at most HVX_VMW_MSG_MAX; 0 is a message)
 *   SENDPAYLOAD  EBX = the next 4 bytes; the last one completes the
 *                message, which the host answers at once (vmware-info.c)
 *   RECVSIZE     -> DORECV, EDX[31:16] = SENDSIZE, EBX = size; or no
 *                DORECV: nothing to receive
 *   RECVPAYLOAD  EBX = the guest's status -> EDX[31:16] = SENDPAYLOAD,
 *                EBX = the next 4 bytes
 *   RECVSTATUS   EBX = the guest's status: the answer is done with
 *   CLOSE
 *
 * Each answer's status is SUCCESS, or 0: no such channel, a wrong
 * cookie, a call out of sequence (which also drops the message under
 * way, so that the guest can start again), a size over the bounds, or
 * no room. Never HB: the tools then never use the high-bandwidth port;
 * never CPT (a checkpoint: retry). A guest status without SUCCESS in
 * RECVPAYLOAD or RECVSTATUS drops the answer.
 *
 * A TCLO channel carries the host's commands: the guest sends the
 * result of the last one (empty at first and when idle) and receives
 * the next (empty: none). RPCI carries the guest's requests: each sent
 * message is answered with "1 ..." or "0 ...".
 *
 * Bounds (vmware.h): a full table or buffer budget is made room in by
 * closing the channels idle for HVX_VMW_STALE_MS, least recently used
 * first: processes that died with a channel open do not keep the VM's
 * tools out for ever.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "trace.h"
#include "vm.h"
#include "vmware.h"

/* lib/include/guest_msg_def.h */
enum {
	MSG_OPEN,
	MSG_SENDSIZE,
	MSG_SENDPAYLOAD,
	MSG_RECVSIZE,
	MSG_RECVPAYLOAD,
	MSG_RECVSTATUS,
	MSG_CLOSE,
};

#define MSG_STATUS_SUCCESS	0x0001
#define MSG_STATUS_DORECV	0x0002
#define MSG_FLAG_COOKIE		0x80000000U

#define HALF_SHIFT		16
#define LOW_HALF		0xffffU
#define WORD_BYTES		4
#define TRACE_WORD_MAX		32

static u32 high_half(u64 reg)
{
	return (u32)reg >> HALF_SHIFT;
}

/* ECX's high half, keeping the command in the low one. */
static void set_status(u64 *x, u32 status)
{
	x[2] = (u32)(status << HALF_SHIFT | (x[2] & LOW_HALF));
}

/* EDX's high half, keeping the port in the low one. */
static void set_edx_high(u64 *x, u32 val)
{
	x[3] = (u32)(val << HALF_SHIFT | (x[3] & LOW_HALF));
}

static void drop_in(struct hvx_vmware *vmw, struct hvx_vmw_channel *ch)
{
	vmw->held -= ch->in_size;
	kvfree(ch->in);
	ch->in = NULL;
	ch->in_size = 0;
	ch->in_pos = 0;
}

static void drop_out(struct hvx_vmware *vmw, struct hvx_vmw_channel *ch)
{
	vmw->held -= ch->out_size;
	kfree(ch->out);
	ch->out = NULL;
	ch->out_size = 0;
	ch->out_pos = 0;
}

/* Back to open and idle: whatever was under way is dropped. */
static void chan_reset(struct hvx_vmware *vmw, struct hvx_vmw_channel *ch)
{
	drop_in(vmw, ch);
	drop_out(vmw, ch);
	ch->state = HVX_VMW_IDLE;
}

static void chan_close(struct hvx_vmware *vmw, struct hvx_vmw_channel *ch)
{
	chan_reset(vmw, ch);
	ch->state = HVX_VMW_FREE;
}

void hvx_vmware_channels_free(struct hvx_vmware *vmw)
{
	unsigned int i;

	for (i = 0; i < HVX_VMW_CHANNELS; i++)
		chan_close(vmw, &vmw->chan[i]);
}

/* The least recently used channel idle for HVX_VMW_STALE_MS, or NULL. */
static struct hvx_vmw_channel *stalest(struct hvx_vmware *vmw)
{
	unsigned long limit = jiffies - msecs_to_jiffies(HVX_VMW_STALE_MS);
	struct hvx_vmw_channel *ch, *best = NULL;

	for (ch = vmw->chan; ch < vmw->chan + HVX_VMW_CHANNELS; ch++)
		if (ch->state != HVX_VMW_FREE && time_before(ch->used, limit) &&
		    (!best || time_before(ch->used, best->used)))
			best = ch;
	return best;
}

/* Room for @bytes more in the budget, closing stale channels if need be. */
static bool make_room(struct hvx_vmware *vmw, size_t bytes)
{
	struct hvx_vmw_channel *ch;

	while (vmw->held + bytes > HVX_VMW_BUF_BUDGET) {
		ch = stalest(vmw);
		if (!ch)
			return false;
		chan_close(vmw, ch);
	}
	return true;
}

static struct hvx_vmw_channel *free_channel(struct hvx_vmware *vmw)
{
	struct hvx_vmw_channel *ch;

	for (ch = vmw->chan; ch < vmw->chan + HVX_VMW_CHANNELS; ch++)
		if (ch->state == HVX_VMW_FREE)
			return ch;
	ch = stalest(vmw);
	if (ch)
		chan_close(vmw, ch);
	return ch;
}

static bool msg_open(struct hvx_vmware *vmw, u64 *x)
{
	u32 proto = (u32)x[1] & ~MSG_FLAG_COOKIE;
	struct hvx_vmw_channel *ch;

	if (proto != HVX_VMW_PROTO_RPCI && proto != HVX_VMW_PROTO_TCLO)
		return false;
	ch = free_channel(vmw);
	if (!ch)
		return false;
	memset(ch, 0, sizeof(*ch));
	ch->state = HVX_VMW_IDLE;
	ch->proto = proto;
	ch->cookie = (u32)x[1] & MSG_FLAG_COOKIE;
	ch->cookie_high = get_random_u32();
	ch->cookie_low = get_random_u32();
	ch->used = jiffies;
	set_edx_high(x, ch - vmw->chan);
	x[4] = ch->cookie_high;
	x[5] = ch->cookie_low;
	return true;
}

/* The first word of @msg, printable, for the trace. */
static void first_word(char *word, const u8 *msg, u32 len)
{
	u32 i;

	for (i = 0; i < len && i < TRACE_WORD_MAX - 1; i++) {
		if (msg[i] == ' ' || !msg[i])
			break;
		word[i] = msg[i] < 0x20 || msg[i] >= 0x7f ? '?' : msg[i];
	}
	word[i] = '\0';
}

/* The guest's message is whole: the host's answer is ready to receive. */
static bool msg_done(struct hvx_vm *vm, struct hvx_vmware *vmw,
		     struct hvx_vmw_channel *ch)
{
	char word[TRACE_WORD_MAX];
	const char *cmd;
	u32 len = 0;
	char *out;
	int result = 1;

	if (ch->proto == HVX_VMW_PROTO_RPCI) {
		out = hvx_vmware_rpci(vmw, ch->in, ch->in_size, &len);
		if (!out)
			return false;
		result = out[0] == '1';
		vmw->requests++;
	} else {
		cmd = hvx_vmware_tclo_command(ch->tclo_next);
		out = NULL;
		if (cmd) {
			ch->tclo_next++;
			len = strlen(cmd);
			out = kmemdup(cmd, len, GFP_KERNEL_ACCOUNT);
			if (!out)
				return false;
		}
	}
	if (trace_hvx_vmware_rpc_enabled()) {
		first_word(word, ch->in, ch->in_size);
		trace_hvx_vmware_rpc(vm->handle, ch - vmw->chan, word,
				     ch->in_size, result);
	}
	drop_in(vmw, ch);
	/* Answers are short (vmware-info.c): not counted against room. */
	ch->out = out;
	ch->out_size = len;
	vmw->held += len;
	ch->state = HVX_VMW_REPLY;
	return true;
}

static bool msg_sendsize(struct hvx_vm *vm, struct hvx_vmware *vmw,
			 struct hvx_vmw_channel *ch, u32 size)
{
	/* A new message replaces an answer nobody received. */
	if (ch->state != HVX_VMW_IDLE && ch->state != HVX_VMW_REPLY)
		return false;
	chan_reset(vmw, ch);
	if (size > HVX_VMW_MSG_MAX || !make_room(vmw, size))
		return false;
	/* make_room() may have closed only others: @ch was just used. */
	if (size) {
		ch->in = kvmalloc(size, GFP_KERNEL_ACCOUNT);
		if (!ch->in)
			return false;
		ch->in_size = size;
		vmw->held += size;
	}
	ch->state = HVX_VMW_SENDING;
	return size ? true : msg_done(vm, vmw, ch);
}

static bool msg_sendpayload(struct hvx_vm *vm, struct hvx_vmware *vmw,
			    struct hvx_vmw_channel *ch, u32 word)
{
	u8 bytes[WORD_BYTES];
	u32 n;

	if (ch->state != HVX_VMW_SENDING || ch->in_pos >= ch->in_size)
		return false;
	put_unaligned_le32(word, bytes);
	n = min_t(u32, WORD_BYTES, ch->in_size - ch->in_pos);
	memcpy(ch->in + ch->in_pos, bytes, n);
	ch->in_pos += n;
	return ch->in_pos < ch->in_size ? true : msg_done(vm, vmw, ch);
}

static bool msg_recvsize(struct hvx_vmware *vmw, struct hvx_vmw_channel *ch,
			 u64 *x, u32 *status)
{
	if (ch->state == HVX_VMW_IDLE)
		return true;		/* nothing to receive */
	if (ch->state != HVX_VMW_REPLY)
		return false;
	if (!ch->out_size) {
		ch->state = HVX_VMW_IDLE;
		return true;
	}
	ch->state = HVX_VMW_RECEIVING;
	ch->out_pos = 0;
	*status |= MSG_STATUS_DORECV;
	set_edx_high(x, MSG_SENDSIZE);
	x[1] = ch->out_size;
	return true;
}

static bool msg_recvpayload(struct hvx_vmware *vmw,
			    struct hvx_vmw_channel *ch, u64 *x)
{
	u8 bytes[WORD_BYTES] = {};
	u32 n;

	if (ch->state != HVX_VMW_RECEIVING || ch->out_pos >= ch->out_size)
		return false;
	/* The guest could not take the last piece: the answer is dropped. */
	if (!((u32)x[1] & MSG_STATUS_SUCCESS)) {
		chan_reset(vmw, ch);
		return true;
	}
	n = min_t(u32, WORD_BYTES, ch->out_size - ch->out_pos);
	memcpy(bytes, ch->out + ch->out_pos, n);
	ch->out_pos += n;
	set_edx_high(x, MSG_SENDPAYLOAD);
	x[1] = get_unaligned_le32(bytes);
	return true;
}

static bool msg_recvstatus(struct hvx_vmware *vmw, struct hvx_vmw_channel *ch)
{
	if (ch->state != HVX_VMW_RECEIVING)
		return false;
	chan_reset(vmw, ch);
	return true;
}

/* The open channel EDX[31:16] names, if the cookie is its own; or NULL. */
static struct hvx_vmw_channel *channel_of(struct hvx_vmware *vmw,
					  const u64 *x)
{
	u32 id = high_half(x[3]);
	struct hvx_vmw_channel *ch;

	if (id >= HVX_VMW_CHANNELS)
		return NULL;
	ch = &vmw->chan[id];
	if (ch->state == HVX_VMW_FREE)
		return NULL;
	if (ch->cookie && ((u32)x[4] != ch->cookie_high ||
			   (u32)x[5] != ch->cookie_low))
		return NULL;
	return ch;
}

static bool message(struct hvx_vm *vm, struct hvx_vmware *vmw, u64 *x,
		    u32 *status)
{
	u32 type = high_half(x[2]);
	struct hvx_vmw_channel *ch;
	bool ok;

	if (type == MSG_OPEN)
		return msg_open(vmw, x);
	ch = channel_of(vmw, x);
	if (!ch)
		return false;
	ch->used = jiffies;
	switch (type) {
	case MSG_SENDSIZE:
		ok = msg_sendsize(vm, vmw, ch, (u32)x[1]);
		break;
	case MSG_SENDPAYLOAD:
		ok = msg_sendpayload(vm, vmw, ch, (u32)x[1]);
		break;
	case MSG_RECVSIZE:
		ok = msg_recvsize(vmw, ch, x, status);
		break;
	case MSG_RECVPAYLOAD:
		ok = msg_recvpayload(vmw, ch, x);
		break;
	case MSG_RECVSTATUS:
		ok = msg_recvstatus(vmw, ch);
		break;
	case MSG_CLOSE:
		chan_close(vmw, ch);
		return true;
	default:
		ok = false;
	}
	if (!ok)
		chan_reset(vmw, ch);
	return ok;
}

void hvx_vmware_message(struct hvx_vm *vm, struct hvx_vmware *vmw, u64 *x)
{
	u32 status = MSG_STATUS_SUCCESS;

	mutex_lock(&vmw->lock);
	if (!message(vm, vmw, x, &status)) {
		status = 0;
		vmw->errors++;
	}
	mutex_unlock(&vmw->lock);
	set_status(x, status);
}
