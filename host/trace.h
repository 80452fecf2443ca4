/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvx's tracepoints, the "hvx" system of the kernel's trace events
 * (/sys/kernel/tracing/events/hvx/). trace.c creates them; the run loop
 * calls them, at the cost of a static branch each while they are off.
 *
 *   hvx_vcpu_exit       each return of a vCPU from EL2 to the host kernel
 *   hvx_vcpu_user_exit  each return of HVX_VCPU_RUN to user space
 *   hvx_guest_log       a line the guest logged (HVX_GUEST_CALL_LOG)
 *   hvx_vcpu_entry      each entry into the guest (HVX_HC_VCPU_RUN)
 *   hvx_guest_call      a guest call the host answers (door, function, result)
 *   hvx_mmio            an MMIO exit: in the kernel (vGIC, UART) or user space's
 *   hvx_mmio_done       a user-space MMIO access completed at the next run
 *   hvx_psci            an SMCCC/PSCI call the host answers
 *   hvx_irq_line        an interrupt line of the vGIC changes level
 *   hvx_vgic_inject     an interrupt put pending in a list register
 *   hvx_vgic_ack        ... and acknowledged by the guest
 *   hvx_timer_arm       the emulated physical timer's hrtimer armed
 *   hvx_timer_expire    ... and expired
 *   hvx_mem_map, hvx_mem_unmap  guest RAM given to and taken back from a VM
 *   hvx_page_donate     a page donated to EL2 for a VM (state, tables)
 *   hvx_vm_create, hvx_vm_destroy, hvx_vcpu_create  lifecycle
 *   hvx_el2_guest_exit, hvx_el2_host_abort, hvx_el2_lost  EL2's own events,
 *                       from its per-CPU rings (trace-el2.c): enabling one
 *                       of the first two starts recording at EL2
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hvx

#if !defined(__HVX_HOST_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define __HVX_HOST_TRACE_H

#include <linux/tracepoint.h>
#include <uapi/linux/hvx.h>

#include "hvx-hyp.h"

#ifndef __HVX_HOST_TRACE_HELPERS
#define __HVX_HOST_TRACE_HELPERS
#include <asm/esr.h>

/* The doors of uapi/hvx-guest.h (and SMC), as the events show them. */
enum hvx_trace_door {
	HVX_TRACE_DOOR_NONE,
	HVX_TRACE_DOOR_HVC,
	HVX_TRACE_DOOR_BRK,
	HVX_TRACE_DOOR_DCC,
	HVX_TRACE_DOOR_SMC,
};

/* MRS MDCCSR_EL0 in a trapped MRS/MSR's ISS (op0 2, op1 3, CRm 1). */
#define HVX_TRACE_ISS_MDCCSR_READ \
	(ESR_ELx_SYS64_ISS_SYS_VAL(2, 3, 0, 0, 1) | ESR_ELx_SYS64_ISS_DIR_READ)

static inline u32 hvx_trace_door(u64 esr)
{
	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_HVC64:
		return HVX_TRACE_DOOR_HVC;
	case ESR_ELx_EC_SMC64:
		return HVX_TRACE_DOOR_SMC;
	case ESR_ELx_EC_BRK64:
		return HVX_TRACE_DOOR_BRK;
	case ESR_ELx_EC_SYS64:
		if ((esr & ESR_ELx_SYS64_ISS_SYS_OP_MASK) ==
		    HVX_TRACE_ISS_MDCCSR_READ)
			return HVX_TRACE_DOOR_DCC;
		fallthrough;
	default:
		return HVX_TRACE_DOOR_NONE;
	}
}

/* trace-el2.c: EL2's rings, while an EL2 event is enabled. */
int hvx_trace_el2_reg(void);
void hvx_trace_el2_unreg(void);
#endif

/* So that the format files show numbers that tools can decode. */
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_IRQ);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_HVC);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_SMC);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_WFI);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_WFE);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_MMIO);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_ERROR);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_GUEST_CALL);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_SYSREG);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_KICK);
TRACE_DEFINE_ENUM(HVX_EXIT_NONE);
TRACE_DEFINE_ENUM(HVX_EXIT_MMIO);
TRACE_DEFINE_ENUM(HVX_EXIT_SYSTEM_EVENT);
TRACE_DEFINE_ENUM(HVX_EXIT_INTERNAL_ERROR);
TRACE_DEFINE_ENUM(HVX_EXIT_INTR);
TRACE_DEFINE_ENUM(HVX_EXIT_CONSOLE);
TRACE_DEFINE_ENUM(HVX_EXIT_STOPPED);
TRACE_DEFINE_ENUM(HVX_TRACE_DOOR_NONE);
TRACE_DEFINE_ENUM(HVX_TRACE_DOOR_HVC);
TRACE_DEFINE_ENUM(HVX_TRACE_DOOR_BRK);
TRACE_DEFINE_ENUM(HVX_TRACE_DOOR_DCC);
TRACE_DEFINE_ENUM(HVX_TRACE_DOOR_SMC);

#define hvx_show_vcpu_exit(exit)					\
	__print_symbolic(exit,						\
			 { HVX_VCPU_EXIT_IRQ,		"IRQ" },	\
			 { HVX_VCPU_EXIT_HVC,		"HVC" },	\
			 { HVX_VCPU_EXIT_SMC,		"SMC" },	\
			 { HVX_VCPU_EXIT_WFI,		"WFI" },	\
			 { HVX_VCPU_EXIT_WFE,		"WFE" },	\
			 { HVX_VCPU_EXIT_MMIO,		"MMIO" },	\
			 { HVX_VCPU_EXIT_ERROR,		"ERROR" },	\
			 { HVX_VCPU_EXIT_GUEST_CALL,	"GUEST_CALL" },	\
			 { HVX_VCPU_EXIT_SYSREG,	"SYSREG" },	\
			 { HVX_VCPU_EXIT_KICK,		"KICK" })

#define hvx_show_exit_reason(reason)					\
	__print_symbolic(reason,					\
			 { HVX_EXIT_NONE,		"NONE" },	\
			 { HVX_EXIT_MMIO,		"MMIO" },	\
			 { HVX_EXIT_SYSTEM_EVENT,	"SYSTEM_EVENT" }, \
			 { HVX_EXIT_INTERNAL_ERROR,	"INTERNAL_ERROR" }, \
			 { HVX_EXIT_INTR,		"INTR" },	\
			 { HVX_EXIT_CONSOLE,		"CONSOLE" },	\
			 { HVX_EXIT_STOPPED,		"STOPPED" })

TRACE_EVENT(hvx_vcpu_exit,
	    TP_PROTO(u32 vm, u32 vcpu, u64 exit, u64 esr, u64 pc),
	    TP_ARGS(vm, vcpu, exit, esr, pc),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u32, exit)
			     __field(u64, esr)
			     __field(u64, pc)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->exit = exit;
			   __entry->esr = esr;
			   __entry->pc = pc;),
	    TP_printk("vm=%u vcpu=%u exit=%s esr=0x%llx pc=0x%llx",
		      __entry->vm, __entry->vcpu,
		      hvx_show_vcpu_exit(__entry->exit), __entry->esr,
		      __entry->pc)
);

TRACE_EVENT(hvx_vcpu_user_exit,
	    TP_PROTO(u32 vm, u32 vcpu, u32 exit_reason, int ret),
	    TP_ARGS(vm, vcpu, exit_reason, ret),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u32, exit_reason)
			     __field(int, ret)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->exit_reason = exit_reason;
			   __entry->ret = ret;),
	    TP_printk("vm=%u vcpu=%u exit_reason=%s ret=%d",
		      __entry->vm, __entry->vcpu,
		      hvx_show_exit_reason(__entry->exit_reason), __entry->ret)
);

TRACE_EVENT(hvx_guest_log,
	    TP_PROTO(u32 vm, u32 vcpu, const char *text),
	    TP_ARGS(vm, vcpu, text),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __string(text, text)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __assign_str(text, text);),
	    TP_printk("vm=%u vcpu=%u text=%s",
		      __entry->vm, __entry->vcpu, __get_str(text))
);

/* The door a guest call came through, from the exit's ESR_EL2. */
#define hvx_show_door(door)						\
	__print_symbolic(door,						\
			 { HVX_TRACE_DOOR_NONE,	"-" },			\
			 { HVX_TRACE_DOOR_HVC,	"HVC" },		\
			 { HVX_TRACE_DOOR_BRK,	"BRK" },		\
			 { HVX_TRACE_DOOR_DCC,	"DCC" },		\
			 { HVX_TRACE_DOOR_SMC,	"SMC" })

TRACE_EVENT(hvx_vcpu_entry,
	    TP_PROTO(u32 vm, u32 vcpu, u64 pc),
	    TP_ARGS(vm, vcpu, pc),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u64, pc)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->pc = pc;),
	    TP_printk("vm=%u vcpu=%u pc=0x%llx",
		      __entry->vm, __entry->vcpu, __entry->pc)
);

TRACE_EVENT(hvx_guest_call,
	    TP_PROTO(u32 vm, u32 vcpu, u64 esr, u32 fn, u64 arg, u64 ret,
		     bool user),
	    TP_ARGS(vm, vcpu, esr, fn, arg, ret, user),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u32, door)
			     __field(u32, fn)
			     __field(u64, arg)
			     __field(u64, ret)
			     __field(bool, user)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->door = hvx_trace_door(esr);
			   __entry->fn = fn;
			   __entry->arg = arg;
			   __entry->ret = ret;
			   __entry->user = user;),
	    TP_printk("vm=%u vcpu=%u door=%s fn=0x%x arg=0x%llx ret=0x%llx user=%d",
		      __entry->vm, __entry->vcpu, hvx_show_door(__entry->door),
		      __entry->fn, __entry->arg, __entry->ret, __entry->user)
);

TRACE_EVENT(hvx_mmio,
	    TP_PROTO(u32 vm, u32 vcpu, u64 gpa, u32 len, bool write, u64 data,
		     bool user),
	    TP_ARGS(vm, vcpu, gpa, len, write, data, user),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u64, gpa)
			     __field(u32, len)
			     __field(bool, write)
			     __field(bool, user)
			     __field(u64, data)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->gpa = gpa;
			   __entry->len = len;
			   __entry->write = write;
			   __entry->user = user;
			   __entry->data = data;),
	    TP_printk("vm=%u vcpu=%u %s gpa=0x%llx len=%u data=0x%llx user=%d",
		      __entry->vm, __entry->vcpu,
		      __entry->write ? "write" : "read", __entry->gpa,
		      __entry->len, __entry->data, __entry->user)
);

TRACE_EVENT(hvx_mmio_done,
	    TP_PROTO(u32 vm, u32 vcpu, bool write, u64 data, bool abort),
	    TP_ARGS(vm, vcpu, write, data, abort),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(bool, write)
			     __field(bool, abort)
			     __field(u64, data)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->write = write;
			   __entry->abort = abort;
			   __entry->data = data;),
	    TP_printk("vm=%u vcpu=%u %s data=0x%llx abort=%d",
		      __entry->vm, __entry->vcpu,
		      __entry->write ? "write" : "read", __entry->data,
		      __entry->abort)
);

TRACE_EVENT(hvx_psci,
	    TP_PROTO(u32 vm, u32 vcpu, u32 fn, u64 a1, u64 a2, u64 a3, u64 ret),
	    TP_ARGS(vm, vcpu, fn, a1, a2, a3, ret),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u32, fn)
			     __field(u64, a1)
			     __field(u64, a2)
			     __field(u64, a3)
			     __field(u64, ret)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->fn = fn;
			   __entry->a1 = a1;
			   __entry->a2 = a2;
			   __entry->a3 = a3;
			   __entry->ret = ret;),
	    TP_printk("vm=%u vcpu=%u fn=0x%x a1=0x%llx a2=0x%llx a3=0x%llx ret=0x%llx",
		      __entry->vm, __entry->vcpu, __entry->fn, __entry->a1,
		      __entry->a2, __entry->a3, __entry->ret)
);

TRACE_EVENT(hvx_irq_line,
	    TP_PROTO(u32 vm, int vcpu, u32 intid, bool level),
	    TP_ARGS(vm, vcpu, intid, level),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(int, vcpu)
			     __field(u32, intid)
			     __field(bool, level)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->intid = intid;
			   __entry->level = level;),
	    TP_printk("vm=%u vcpu=%d intid=%u level=%d",
		      __entry->vm, __entry->vcpu, __entry->intid,
		      __entry->level)
);

DECLARE_EVENT_CLASS(hvx_vgic_lr,
		    TP_PROTO(u32 vm, u32 vcpu, u32 intid, u32 lr),
		    TP_ARGS(vm, vcpu, intid, lr),
		    TP_STRUCT__entry(__field(u32, vm)
				     __field(u32, vcpu)
				     __field(u32, intid)
				     __field(u32, lr)),
		    TP_fast_assign(__entry->vm = vm;
				   __entry->vcpu = vcpu;
				   __entry->intid = intid;
				   __entry->lr = lr;),
		    TP_printk("vm=%u vcpu=%u intid=%u lr=%u",
			      __entry->vm, __entry->vcpu, __entry->intid, __entry->lr)
);

DEFINE_EVENT(hvx_vgic_lr, hvx_vgic_inject,
	     TP_PROTO(u32 vm, u32 vcpu, u32 intid, u32 lr),
	     TP_ARGS(vm, vcpu, intid, lr));

DEFINE_EVENT(hvx_vgic_lr, hvx_vgic_ack,
	     TP_PROTO(u32 vm, u32 vcpu, u32 intid, u32 lr),
	     TP_ARGS(vm, vcpu, intid, lr));

TRACE_EVENT(hvx_timer_arm,
	    TP_PROTO(u32 vm, u32 vcpu, u64 cval, u64 ns),
	    TP_ARGS(vm, vcpu, cval, ns),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u64, cval)
			     __field(u64, ns)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->cval = cval;
			   __entry->ns = ns;),
	    TP_printk("vm=%u vcpu=%u cval=0x%llx ns=%llu",
		      __entry->vm, __entry->vcpu, __entry->cval, __entry->ns)
);

TRACE_EVENT(hvx_timer_expire,
	    TP_PROTO(u32 vm, u32 vcpu),
	    TP_ARGS(vm, vcpu),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;),
	    TP_printk("vm=%u vcpu=%u", __entry->vm, __entry->vcpu)
);

DECLARE_EVENT_CLASS(hvx_mem,
		    TP_PROTO(u32 vm, u64 ipa, u64 pa, u64 pages, int ret),
		    TP_ARGS(vm, ipa, pa, pages, ret),
		    TP_STRUCT__entry(__field(u32, vm)
				     __field(int, ret)
				     __field(u64, ipa)
				     __field(u64, pa)
				     __field(u64, pages)),
		    TP_fast_assign(__entry->vm = vm;
				   __entry->ret = ret;
				   __entry->ipa = ipa;
				   __entry->pa = pa;
				   __entry->pages = pages;),
		    TP_printk("vm=%u ipa=0x%llx pa=0x%llx pages=%llu ret=%d",
			      __entry->vm, __entry->ipa, __entry->pa, __entry->pages,
			      __entry->ret)
);

DEFINE_EVENT(hvx_mem, hvx_mem_map,
	     TP_PROTO(u32 vm, u64 ipa, u64 pa, u64 pages, int ret),
	     TP_ARGS(vm, ipa, pa, pages, ret));

DEFINE_EVENT(hvx_mem, hvx_mem_unmap,
	     TP_PROTO(u32 vm, u64 ipa, u64 pa, u64 pages, int ret),
	     TP_ARGS(vm, ipa, pa, pages, ret));

TRACE_EVENT(hvx_page_donate,
	    TP_PROTO(u32 vm, u64 pa),
	    TP_ARGS(vm, pa),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u64, pa)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->pa = pa;),
	    TP_printk("vm=%u pa=0x%llx", __entry->vm, __entry->pa)
);

TRACE_EVENT(hvx_vm_create,
	    TP_PROTO(u32 vm, int pid),
	    TP_ARGS(vm, pid),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(int, pid)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->pid = pid;),
	    TP_printk("vm=%u pid=%d", __entry->vm, __entry->pid)
);

TRACE_EVENT(hvx_vm_destroy,
	    TP_PROTO(u32 vm, int ret),
	    TP_ARGS(vm, ret),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(int, ret)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->ret = ret;),
	    TP_printk("vm=%u ret=%d", __entry->vm, __entry->ret)
);

TRACE_EVENT(hvx_vcpu_create,
	    TP_PROTO(u32 vm, u32 vcpu, int ret),
	    TP_ARGS(vm, vcpu, ret),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(int, ret)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->ret = ret;),
	    TP_printk("vm=%u vcpu=%u ret=%d",
		      __entry->vm, __entry->vcpu, __entry->ret)
);

#define hvx_show_guest_exit_kind(kind)					\
	__print_symbolic(kind,						\
			 { 0, "SYNC" }, { 1, "IRQ" }, { 2, "FIQ" },	\
			 { 3, "SERROR" })

/*
 * EL2's events (trace-el2.c): the CPU whose ring had them, and when EL2
 * recorded them, in nanoseconds of the trace clock (el2_ns) and in ticks
 * of the counter. Enabling hvx_el2_guest_exit or hvx_el2_host_abort
 * starts recording at EL2, disabling both stops it.
 */
TRACE_EVENT_FN(hvx_el2_guest_exit,
	       TP_PROTO(u32 cpu, u64 el2_ns, u64 ticks, u32 vm, u32 vcpu,
			u32 kind, bool at_el2, u64 esr, u64 pc, u64 x0, u64 ret),
	       TP_ARGS(cpu, el2_ns, ticks, vm, vcpu, kind, at_el2, esr, pc, x0,
		       ret),
	       TP_STRUCT__entry(__field(u32, cpu)
				__field(u32, vm)
				__field(u32, vcpu)
				__field(u32, kind)
				__field(u32, door)
				__field(bool, at_el2)
				__field(u64, el2_ns)
				__field(u64, ticks)
				__field(u64, esr)
				__field(u64, pc)
				__field(u64, x0)
				__field(u64, ret)),
	       TP_fast_assign(__entry->cpu = cpu;
			      __entry->vm = vm;
			      __entry->vcpu = vcpu;
			      __entry->kind = kind;
			      __entry->door = kind ? HVX_TRACE_DOOR_NONE :
						     hvx_trace_door(esr);
			      __entry->at_el2 = at_el2;
			      __entry->el2_ns = el2_ns;
			      __entry->ticks = ticks;
			      __entry->esr = esr;
			      __entry->pc = pc;
			      __entry->x0 = x0;
			      __entry->ret = ret;),
	       TP_printk("cpu=%u el2_ns=%llu vm=%u vcpu=%u %s door=%s at_el2=%d esr=0x%llx pc=0x%llx x0=0x%llx ret=0x%llx",
			 __entry->cpu, __entry->el2_ns, __entry->vm,
			 __entry->vcpu, hvx_show_guest_exit_kind(__entry->kind),
			 hvx_show_door(__entry->door), __entry->at_el2,
			 __entry->esr, __entry->pc, __entry->x0, __entry->ret),
	       hvx_trace_el2_reg, hvx_trace_el2_unreg
);

TRACE_EVENT_FN(hvx_el2_host_abort,
	       TP_PROTO(u32 cpu, u64 el2_ns, u64 ticks, u64 ipa, u64 esr,
			u64 far, int ret),
	       TP_ARGS(cpu, el2_ns, ticks, ipa, esr, far, ret),
	       TP_STRUCT__entry(__field(u32, cpu)
				__field(int, ret)
				__field(u64, el2_ns)
				__field(u64, ticks)
				__field(u64, ipa)
				__field(u64, esr)
				__field(u64, far)),
	       TP_fast_assign(__entry->cpu = cpu;
			      __entry->ret = ret;
			      __entry->el2_ns = el2_ns;
			      __entry->ticks = ticks;
			      __entry->ipa = ipa;
			      __entry->esr = esr;
			      __entry->far = far;),
	       TP_printk("cpu=%u el2_ns=%llu ipa=0x%llx esr=0x%llx far=0x%llx ret=%d",
			 __entry->cpu, __entry->el2_ns, __entry->ipa,
			 __entry->esr, __entry->far, __entry->ret),
	       hvx_trace_el2_reg, hvx_trace_el2_unreg
);

TRACE_EVENT(hvx_el2_lost,
	    TP_PROTO(u32 cpu, u64 lost),
	    TP_ARGS(cpu, lost),
	    TP_STRUCT__entry(__field(u32, cpu)
			     __field(u64, lost)),
	    TP_fast_assign(__entry->cpu = cpu;
			   __entry->lost = lost;),
	    TP_printk("cpu=%u lost=%llu", __entry->cpu, __entry->lost)
);

/*
 * A VMware RPC message the guest sent whole on a MESSAGE channel
 * (vmware-rpc.c): an RPCI request, or the result of a TCLO command. word:
 * its first word (the request's name, "OK"/"ERROR" on TCLO); len: its
 * bytes; result: 1 if the host answered "1 ..." (RPCI) or took it (TCLO),
 * 0 if it answered "0 ...".
 */
TRACE_EVENT(hvx_vmware_rpc,
	    TP_PROTO(u32 vm, u32 channel, const char *word, u32 len,
		     int result),
	    TP_ARGS(vm, channel, word, len, result),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, channel)
			     __string(word, word)
			     __field(u32, len)
			     __field(int, result)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->channel = channel;
			   __assign_str(word, word);
			   __entry->len = len;
			   __entry->result = result;),
	    TP_printk("vm=%u channel=%u word=%s len=%u result=%d",
		      __entry->vm, __entry->channel, __get_str(word),
		      __entry->len, __entry->result)
);

#endif /* __HVX_HOST_TRACE_H */

/* This part must be outside the header guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
