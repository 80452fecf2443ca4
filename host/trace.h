/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hvx's tracepoints, the "hvx" system of the kernel's trace events
 * (/sys/kernel/tracing/events/hvx/). trace.c creates them; the run loop
 * calls them, at the cost of a static branch each while they are off.
 *
 *   hvx_vcpu_exit       each return of a vCPU from EL2 to the host kernel
 *   hvx_vcpu_user_exit  each return of HVX_VCPU_RUN to user space
 *   hvx_guest_log       a line the guest logged (HVX_GUEST_CALL_LOG)
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hvx

#if !defined(__HVX_HOST_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define __HVX_HOST_TRACE_H

#include <linux/tracepoint.h>
#include <uapi/linux/hvx.h>

#include "hvx-hyp.h"

/* So that the format files show numbers that tools can decode. */
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_IRQ);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_HVC);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_SMC);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_WFI);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_WFE);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_MMIO);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_ERROR);
TRACE_DEFINE_ENUM(HVX_VCPU_EXIT_GUEST_CALL);
TRACE_DEFINE_ENUM(HVX_EXIT_NONE);
TRACE_DEFINE_ENUM(HVX_EXIT_MMIO);
TRACE_DEFINE_ENUM(HVX_EXIT_SYSTEM_EVENT);
TRACE_DEFINE_ENUM(HVX_EXIT_INTERNAL_ERROR);
TRACE_DEFINE_ENUM(HVX_EXIT_INTR);
TRACE_DEFINE_ENUM(HVX_EXIT_CONSOLE);

#define hvx_show_vcpu_exit(exit)					\
	__print_symbolic(exit,						\
			 { HVX_VCPU_EXIT_IRQ,		"IRQ" },	\
			 { HVX_VCPU_EXIT_HVC,		"HVC" },	\
			 { HVX_VCPU_EXIT_SMC,		"SMC" },	\
			 { HVX_VCPU_EXIT_WFI,		"WFI" },	\
			 { HVX_VCPU_EXIT_WFE,		"WFE" },	\
			 { HVX_VCPU_EXIT_MMIO,		"MMIO" },	\
			 { HVX_VCPU_EXIT_ERROR,		"ERROR" },	\
			 { HVX_VCPU_EXIT_GUEST_CALL,	"GUEST_CALL" })

#define hvx_show_exit_reason(reason)					\
	__print_symbolic(reason,					\
			 { HVX_EXIT_NONE,		"NONE" },	\
			 { HVX_EXIT_MMIO,		"MMIO" },	\
			 { HVX_EXIT_SYSTEM_EVENT,	"SYSTEM_EVENT" }, \
			 { HVX_EXIT_INTERNAL_ERROR,	"INTERNAL_ERROR" }, \
			 { HVX_EXIT_INTR,		"INTR" },	\
			 { HVX_EXIT_CONSOLE,		"CONSOLE" })

TRACE_EVENT(hvx_vcpu_exit,
	    TP_PROTO(u32 vm, u32 vcpu, u64 exit, u64 esr),
	    TP_ARGS(vm, vcpu, exit, esr),
	    TP_STRUCT__entry(__field(u32, vm)
			     __field(u32, vcpu)
			     __field(u32, exit)
			     __field(u64, esr)),
	    TP_fast_assign(__entry->vm = vm;
			   __entry->vcpu = vcpu;
			   __entry->exit = exit;
			   __entry->esr = esr;),
	    TP_printk("vm=%u vcpu=%u exit=%s esr=0x%llx",
		      __entry->vm, __entry->vcpu,
		      hvx_show_vcpu_exit(__entry->exit), __entry->esr)
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
