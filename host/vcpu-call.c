// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest calls whose service is the host's (uapi/hvx-guest.h). EL2
 * hands them over as HVX_VCPU_EXIT_GUEST_CALL, whichever door they came
 * through: the function id in x0, arguments in x1-x6, the pc already past
 * the call. Results go to x0-x3.
 *
 *   YIELD          cond_resched(), back into the guest: x0 = 0
 *   CONSOLE_WRITE  to the VM's console if it has one (console.c), back into
 *                  the guest: x0 = 0, x1 = n; else
 *                  to user space (HVX_EXIT_CONSOLE, HVX_CONSOLE_WRITE,
 *                  the bytes); the next run completes it: x0 = 0, x1 = n
 *   CONSOLE_READ   from the VM's console's input if it has one: x0 = 0,
 *                  x1 = n (0: none waiting), the bytes in x2-x3; else
 *                  to user space (HVX_CONSOLE_READ, len = the most the
 *                  guest takes); the next run hands the guest what user
 *                  space left in console.data, len clamped to that most:
 *                  x0 = 0, x1 = n, the bytes in x2-x3
 *   LOG            the hvx_guest_log tracepoint and the VM's guest_logs
 *                  count, back into the guest: x0 = 0, x1 = n
 *   SHUTDOWN       the VM's system event, as PSCI SYSTEM_OFF/SYSTEM_RESET
 *
 * Bytes travel in registers, little endian: byte i is bits 8*(i%8) up of
 * x(2 + i/8). EL2 checked the arguments already; the host checks the byte
 * counts and the shutdown type again rather than trust them into a buffer,
 * and answers HVX_GUEST_RET_INVALID, or NOT_SUPPORTED for a call that is
 * not the host's.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <uapi/hvx-guest.h>

#include "console.h"
#include "trace.h"
#include "vm.h"

/* The registers that carry bytes: x2-x6 for a write, x2-x3 for a read. */
#define WRITE_REGS	(HVX_GUEST_WRITE_MAX / 8)
#define READ_REGS	(HVX_GUEST_READ_MAX / 8)

static_assert(HVX_GUEST_WRITE_MAX % 8 == 0 && HVX_GUEST_READ_MAX % 8 == 0);
static_assert(HVX_GUEST_WRITE_MAX <=
	      sizeof_field(struct hvx_run, console.data));

/* The guest's x2-x6 as the bytes of a write or a log line. */
static void regs_to_bytes(const struct hvx_vcpu_state *s,
			  u8 buf[HVX_GUEST_WRITE_MAX])
{
	unsigned int r;

	for (r = 0; r < WRITE_REGS; r++)
		put_unaligned_le64(s->x[2 + r], buf + 8 * r);
}

/* The bytes of a read into x2-x3. */
static void bytes_to_regs(struct hvx_vcpu_state *s,
			  const u8 buf[HVX_GUEST_READ_MAX])
{
	unsigned int r;

	for (r = 0; r < READ_REGS; r++)
		s->x[2 + r] = get_unaligned_le64(buf + 8 * r);
}

static void call_ret(struct hvx_vcpu_state *s, long ret)
{
	s->x[0] = ret;
}

/*
 * One line of text for the trace, from the guest's bytes: up to a NUL,
 * without its line ends, control characters shown as '?'.
 */
static void log_text(char *text, const u8 *bytes, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n && bytes[i]; i++)
		text[i] = bytes[i] < 0x20 || bytes[i] == 0x7f ? '?' : bytes[i];
	while (i && (bytes[i - 1] == '\n' || bytes[i - 1] == '\r'))
		i--;
	text[i] = '\0';
}

static void guest_log(struct hvx_vcpu *vcpu, unsigned int n)
{
	u8 bytes[HVX_GUEST_WRITE_MAX];
	char text[HVX_GUEST_WRITE_MAX + 1];

	atomic64_inc(&vcpu->vm->guest_logs);
	if (!trace_hvx_guest_log_enabled())
		return;
	regs_to_bytes(vcpu->state, bytes);
	log_text(text, bytes, n);
	trace_hvx_guest_log(vcpu->vm->handle, vcpu->id, text);
}

static void console_exit(struct hvx_vcpu *vcpu, u32 direction, u32 len)
{
	struct hvx_run *run = vcpu->run;
	u8 bytes[HVX_GUEST_WRITE_MAX];

	memset(&run->console, 0, sizeof(run->console));
	run->console.direction = direction;
	run->console.len = len;
	if (direction == HVX_CONSOLE_WRITE) {
		regs_to_bytes(vcpu->state, bytes);
		memcpy(run->console.data, bytes, len);
	}
	run->exit_reason = HVX_EXIT_CONSOLE;

	vcpu->console_pending = direction;
	vcpu->console_len = len;
}

/*
 * At the next run: a write is done; a read takes user space's bytes, no
 * more than the guest asked for.
 */
void hvx_vcpu_console_complete(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_state *s = vcpu->state;
	const struct hvx_run *run = vcpu->run;
	u8 data[HVX_GUEST_READ_MAX] = {};
	u32 n = vcpu->console_len;

	if (vcpu->console_pending == HVX_CONSOLE_READ) {
		n = min(READ_ONCE(run->console.len), n);
		memcpy(data, run->console.data, n);
		bytes_to_regs(s, data);
	}
	vcpu->console_pending = 0;
	call_ret(s, HVX_GUEST_RET_SUCCESS);
	s->x[1] = n;
}

/* The call is the VM's console's: done at once, back into the guest. */
static void console_call(struct hvx_vcpu *vcpu, u32 direction, u32 len)
{
	struct hvx_vcpu_state *s = vcpu->state;
	u8 bytes[HVX_GUEST_WRITE_MAX] = {};

	if (direction == HVX_CONSOLE_WRITE) {
		regs_to_bytes(s, bytes);
		hvx_console_write(vcpu->vm, bytes, len);
	} else {
		len = hvx_console_read(vcpu->vm, bytes, len);
		bytes_to_regs(s, bytes);
	}
	call_ret(s, HVX_GUEST_RET_SUCCESS);
	s->x[1] = len;
}

static int guest_shutdown(struct hvx_vcpu *vcpu, u64 type)
{
	switch (type) {
	case HVX_GUEST_SHUTDOWN_OFF:
		hvx_vm_system_event(vcpu->vm, HVX_SYSTEM_EVENT_SHUTDOWN,
				    vcpu->id);
		break;
	case HVX_GUEST_SHUTDOWN_RESET:
		hvx_vm_system_event(vcpu->vm, HVX_SYSTEM_EVENT_RESET, vcpu->id);
		break;
	default:
		return HVX_GUEST_RET_INVALID;
	}
	return HVX_GUEST_RET_SUCCESS;
}

/* Inlined in both callers: untraced, the call costs what it did. */
static __always_inline int guest_call(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_state *s = vcpu->state;
	u64 a1 = s->x[1];

	switch (lower_32_bits(s->x[0])) {
	case HVX_GUEST_CALL_YIELD:
		/* The kernel's way to be nice to others; not yield(). */
		cond_resched();
		call_ret(s, HVX_GUEST_RET_SUCCESS);
		return 1;
	case HVX_GUEST_CALL_CONSOLE_WRITE:
		if (a1 > HVX_GUEST_WRITE_MAX)
			break;
		if (hvx_console_present(vcpu->vm)) {
			console_call(vcpu, HVX_CONSOLE_WRITE, a1);
			return 1;
		}
		console_exit(vcpu, HVX_CONSOLE_WRITE, a1);
		return 0;
	case HVX_GUEST_CALL_CONSOLE_READ:
		if (a1 > HVX_GUEST_READ_MAX)
			break;
		if (hvx_console_present(vcpu->vm)) {
			console_call(vcpu, HVX_CONSOLE_READ, a1);
			return 1;
		}
		console_exit(vcpu, HVX_CONSOLE_READ, a1);
		return 0;
	case HVX_GUEST_CALL_LOG:
		if (a1 > HVX_GUEST_WRITE_MAX)
			break;
		guest_log(vcpu, a1);
		call_ret(s, HVX_GUEST_RET_SUCCESS);
		s->x[1] = a1;
		return 1;
	case HVX_GUEST_CALL_SHUTDOWN:
		/* The run loop sees the event before it enters again. */
		call_ret(s, guest_shutdown(vcpu, a1));
		return 1;
	default:
		call_ret(s, HVX_GUEST_RET_NOT_SUPPORTED);
		return 1;
	}
	call_ret(s, HVX_GUEST_RET_INVALID);
	return 1;
}

static noinline int guest_call_traced(struct hvx_vcpu *vcpu)
{
	struct hvx_vcpu_state *s = vcpu->state;
	u32 fn = lower_32_bits(s->x[0]);
	u64 a1 = s->x[1];
	int ret = guest_call(vcpu);

	/* ret 0: user space answers at the next run (ret is x0 as is). */
	trace_hvx_guest_call(vcpu->vm->handle, vcpu->id, s->esr, fn, a1,
			     s->x[0], !ret);
	return ret;
}

int hvx_vcpu_guest_call(struct hvx_vcpu *vcpu)
{
	if (trace_hvx_guest_call_enabled())
		return guest_call_traced(vcpu);
	return guest_call(vcpu);
}
