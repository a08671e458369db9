/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscall layer: the handler of every request in device.c's table,
 * by the file that holds it.  A handler gets its argument copied in by
 * the dispatcher (zx_dispatch()), checks it, looks its handles up, calls
 * into its object's code and copies results out; the semantics live in
 * the object's own functions, on kernel types.
 */
#ifndef ZX_MODULE_SYSCALLS_H
#define ZX_MODULE_SYSCALLS_H

#include "zx.h"

/*
 * A request's handler (device.c's table).  @arg is the argument struct,
 * copied in by the dispatcher, which the handler may change; for a
 * request whose argument is a handle value, that value as a zx_handle_t.
 */
typedef zx_status_t zx_ioctl_fn(struct zx_table *t, void *arg);
/*
 * The handler of one of the few requests that also need the ioctl
 * argument as passed (@uarg): to write into it, or to read it themselves
 * (then @arg is NULL).
 */
typedef zx_status_t zx_ioctl_user_fn(struct zx_table *t, void *arg,
				     void __user *uarg);

/* port.c, port_cancel.c */
zx_ioctl_fn zx_ioctl_port_create;
zx_ioctl_fn zx_ioctl_port_queue;
zx_ioctl_fn zx_ioctl_port_wait;
zx_ioctl_fn zx_ioctl_port_cancel;
zx_ioctl_fn zx_ioctl_port_cancel_key;
zx_ioctl_fn zx_ioctl_port_fd;
zx_ioctl_fn zx_ioctl_wait_async;

/* timer.c */
zx_ioctl_fn zx_ioctl_timer_create;
zx_ioctl_fn zx_ioctl_timer_set;
zx_ioctl_fn zx_ioctl_timer_cancel;

/* handle_ioctl.c */
zx_ioctl_fn zx_ioctl_close_many;
zx_ioctl_fn zx_ioctl_duplicate;
zx_ioctl_fn zx_ioctl_replace;

/* info.c */
zx_ioctl_fn zx_ioctl_get_info;
zx_status_t zx_ioctl_property(struct zx_table *t, void *arg, bool set);

/* event.c, eventpair.c */
zx_ioctl_fn zx_ioctl_event_create;
zx_ioctl_fn zx_ioctl_eventpair_create;

/* signal.c */
zx_status_t zx_ioctl_signal(struct zx_table *t, void *arg, bool peer);
zx_ioctl_fn zx_ioctl_wait_one;
zx_ioctl_fn zx_ioctl_wait_many;
zx_ioctl_fn zx_ioctl_check_valid;

/* bridge.c */
zx_ioctl_fn zx_ioctl_handle_to_fd;
zx_ioctl_fn zx_ioctl_fd_to_handle;

/* vmo.c */
zx_ioctl_fn zx_ioctl_vmo_create;
zx_status_t zx_ioctl_vmo_rw(struct zx_table *t, void __user *uarg, bool write);
zx_ioctl_fn zx_ioctl_vmo_set_size;
zx_ioctl_fn zx_ioctl_vmo_op_range;
zx_ioctl_fn zx_ioctl_vmo_create_child;
zx_ioctl_fn zx_ioctl_vmo_set_cache_policy;
zx_ioctl_fn zx_ioctl_vmo_replace_as_executable;

/* vmo_size.c */
zx_ioctl_fn zx_ioctl_vmo_get_size;
zx_ioctl_fn zx_ioctl_vmo_get_stream_size;
zx_ioctl_fn zx_ioctl_vmo_set_stream_size;

/* stream.c */
zx_ioctl_fn zx_ioctl_stream_create;
zx_status_t zx_ioctl_stream_io(struct zx_table *t, void __user *uarg,
			       bool write, bool at);
zx_ioctl_fn zx_ioctl_stream_seek;

/* vmar.c, vmar_range.c */
zx_ioctl_fn zx_ioctl_vmar_root;
zx_ioctl_fn zx_ioctl_vmar_map;
zx_ioctl_fn zx_ioctl_vmar_unmap;
zx_ioctl_fn zx_ioctl_vmar_protect;

/* vmar_alloc.c, vmar_op.c */
zx_ioctl_fn zx_ioctl_vmar_allocate;
zx_ioctl_fn zx_ioctl_vmar_destroy;
zx_ioctl_fn zx_ioctl_vmar_op_range;

/* task.c, task_mem.c, job.c */
zx_ioctl_fn zx_ioctl_process_self;
zx_ioctl_fn zx_ioctl_thread_self;
zx_ioctl_fn zx_ioctl_process_child;
zx_ioctl_fn zx_ioctl_task_kill;
zx_ioctl_user_fn zx_ioctl_process_memory;
zx_ioctl_fn zx_ioctl_job_default;
zx_ioctl_fn zx_ioctl_job_create;
zx_ioctl_fn zx_ioctl_get_child;

/* channel.c */
zx_ioctl_fn zx_ioctl_channel_create;
zx_status_t zx_ioctl_channel_write(struct zx_table *t, void *arg, bool etc);
zx_status_t zx_ioctl_channel_read(struct zx_table *t, void *arg, bool etc);

/* channel_call.c */
zx_status_t zx_ioctl_channel_call(struct zx_table *t, void *arg,
				  void __user *uarg, bool etc);

/* socket.c */
zx_ioctl_fn zx_ioctl_socket_create;
zx_status_t zx_ioctl_socket_rw(struct zx_table *t, void *arg, bool write);
zx_ioctl_fn zx_ioctl_socket_set_disposition;

/* fifo.c */
zx_ioctl_fn zx_ioctl_fifo_create;
zx_ioctl_fn zx_ioctl_fifo_write;
zx_ioctl_fn zx_ioctl_fifo_read;

#endif /* ZX_MODULE_SYSCALLS_H */
