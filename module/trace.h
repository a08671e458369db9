/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of zircon.ko, under events/zircon/ in tracefs; usable with
 * trace-cmd, perf and bpftrace ("Tracing" in Documentation/zircon.rst).
 * trace.c instantiates them (CREATE_TRACE_POINTS); every other file includes
 * this header after zx.h and calls trace_zx_*() at one line each.
 *
 * Events: object create and destroy; a channel write and read (bytes,
 * handles, status); each handle a message carries out of or into a table;
 * a deadline wait's start and end; the wake-up of a waiter by a signal.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM zircon

#if !defined(ZX_MODULE_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define ZX_MODULE_TRACE_H

#include <linux/sched.h>
#include <linux/tracepoint.h>

#include "zx.h"

/*
 * Type names in the format, so that trace-cmd and perf decode them too:
 * every type the module makes (its ops tables), in value order.
 */
#define zx_show_type(type)						\
	__print_symbolic(type,						\
		{ ZX_OBJ_TYPE_PROCESS, "process" },			\
		{ ZX_OBJ_TYPE_THREAD, "thread" },			\
		{ ZX_OBJ_TYPE_VMO, "vmo" },				\
		{ ZX_OBJ_TYPE_CHANNEL, "channel" },			\
		{ ZX_OBJ_TYPE_EVENT, "event" },				\
		{ ZX_OBJ_TYPE_PORT, "port" },				\
		{ ZX_OBJ_TYPE_SOCKET, "socket" },			\
		{ ZX_OBJ_TYPE_EVENTPAIR, "eventpair" },			\
		{ ZX_OBJ_TYPE_JOB, "job" },				\
		{ ZX_OBJ_TYPE_VMAR, "vmar" },				\
		{ ZX_OBJ_TYPE_FIFO, "fifo" },				\
		{ ZX_OBJ_TYPE_TIMER, "timer" },				\
		{ ZX_OBJ_TYPE_STREAM, "stream" })

DECLARE_EVENT_CLASS(zx_object_class,
	TP_PROTO(const struct zx_object *obj),
	TP_ARGS(obj),
	TP_STRUCT__entry(
		__field(u64, koid)
		__field(u32, type)
	),
	TP_fast_assign(
		__entry->koid = obj->koid;
		__entry->type = obj->ops->type;
	),
	TP_printk("koid=%llu type=%s", __entry->koid,
		  zx_show_type(__entry->type))
);

DEFINE_EVENT(zx_object_class, zx_object_create,
	TP_PROTO(const struct zx_object *obj),
	TP_ARGS(obj));

DEFINE_EVENT(zx_object_class, zx_object_destroy,
	TP_PROTO(const struct zx_object *obj),
	TP_ARGS(obj));

DECLARE_EVENT_CLASS(zx_channel_io_class,
	TP_PROTO(const struct zx_object *ch, u32 bytes, u32 handles,
		 zx_status_t status),
	TP_ARGS(ch, bytes, handles, status),
	TP_STRUCT__entry(
		__field(u64, koid)
		__field(u64, peer_koid)
		__field(u32, bytes)
		__field(u32, handles)
		__field(s32, status)
	),
	TP_fast_assign(
		__entry->koid = ch->koid;
		__entry->peer_koid = ch->related_koid;
		__entry->bytes = bytes;
		__entry->handles = handles;
		__entry->status = status;
	),
	TP_printk("koid=%llu peer=%llu bytes=%u handles=%u status=%d",
		  __entry->koid, __entry->peer_koid, __entry->bytes,
		  __entry->handles, __entry->status)
);

DEFINE_EVENT(zx_channel_io_class, zx_channel_write,
	TP_PROTO(const struct zx_object *ch, u32 bytes, u32 handles,
		 zx_status_t status),
	TP_ARGS(ch, bytes, handles, status));

DEFINE_EVENT(zx_channel_io_class, zx_channel_read,
	TP_PROTO(const struct zx_object *ch, u32 bytes, u32 handles,
		 zx_status_t status),
	TP_ARGS(ch, bytes, handles, status));

/* @out: the handle leaves a table into a message (write) or enters one. */
TRACE_EVENT(zx_handle_transfer,
	TP_PROTO(const struct zx_object *ch, const struct zx_object *obj,
		 zx_rights_t rights, bool out),
	TP_ARGS(ch, obj, rights, out),
	TP_STRUCT__entry(
		__field(u64, channel_koid)
		__field(u64, koid)
		__field(u32, type)
		__field(u32, rights)
		__field(bool, out)
	),
	TP_fast_assign(
		__entry->channel_koid = ch ? ch->koid : 0;
		__entry->koid = obj->koid;
		__entry->type = obj->ops->type;
		__entry->rights = rights;
		__entry->out = out;
	),
	TP_printk("%s channel=%llu koid=%llu type=%s rights=%#x",
		  __entry->out ? "out" : "in", __entry->channel_koid,
		  __entry->koid, zx_show_type(__entry->type),
		  __entry->rights)
);

TRACE_EVENT(zx_wait_begin,
	TP_PROTO(s64 deadline),
	TP_ARGS(deadline),
	TP_STRUCT__entry(
		__field(s64, deadline)
	),
	TP_fast_assign(
		__entry->deadline = deadline;
	),
	TP_printk("deadline=%lld", __entry->deadline)
);

/* How a deadline wait ended: its deadline passed, or a Linux signal came. */
TRACE_EVENT(zx_wait_end,
	TP_PROTO(bool timed_out, bool signal),
	TP_ARGS(timed_out, signal),
	TP_STRUCT__entry(
		__field(bool, timed_out)
		__field(bool, signal)
	),
	TP_fast_assign(
		__entry->timed_out = timed_out;
		__entry->signal = signal;
	),
	TP_printk("timed_out=%d signal=%d", __entry->timed_out,
		  __entry->signal)
);

TRACE_EVENT(zx_wake,
	TP_PROTO(const struct zx_object *obj, const struct task_struct *task,
		 zx_signals_t signals),
	TP_ARGS(obj, task, signals),
	TP_STRUCT__entry(
		__field(u64, koid)
		__field(pid_t, pid)
		__field(u32, signals)
	),
	TP_fast_assign(
		__entry->koid = obj->koid;
		__entry->pid = task->pid;
		__entry->signals = signals;
	),
	TP_printk("koid=%llu pid=%d signals=%#x", __entry->koid,
		  __entry->pid, __entry->signals)
);

#endif /* ZX_MODULE_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
