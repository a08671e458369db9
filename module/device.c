// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/zircon: the misc device, its per-open handle table and the ioctl
 * dispatcher: a table indexed by _IOC_NR() of the request, whose entries
 * hold the whole request number and its argument size.
 *
 * Each open() creates a handle table bound to the opening thread group.
 * The node's mode is the dev_mode parameter (0666 unless set at load).
 * Only that thread group may use the descriptor: a descriptor inherited over
 * fork() or received over a Unix socket answers EPERM in any other process
 * (libzx gives a forked child a table of its own).  Releasing the file,
 * which process exit does, closes every handle in the table.
 *
 * Locks: none of its own; see zx.h for the global order.
 */
#include <linux/compat.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "channel.h"
#include "syscalls.h"

/*
 * The misc minor: 249, from the range devices.txt reserves for local use
 * (243-254), so that depmod can record "char-major-10-249" and
 * "devname:zircon" in modules.devname, the boot creates /dev/zircon before
 * the module is loaded, and the first open() loads it (as for fuse, loop
 * or uinput, whose minors are assigned in miscdevice.h).  Should another
 * local driver hold it, the device takes a dynamic minor and only explicit
 * loading works.
 */
#define ZX_MISC_MINOR	249
MODULE_ALIAS_MISCDEV(ZX_MISC_MINOR);
MODULE_ALIAS("devname:" ZX_DEVICE_NAME);

/*
 * The device node's mode.  0666 by default: any local user may create
 * objects, bounded by the per-process and per-user limits (see "Exposure"
 * in Documentation/zircon.rst).  Set at load time (e.g. dev_mode=0660 with
 * a udev rule giving the node a group); changing it later has no effect.
 */
static ushort dev_mode = 0666;
module_param(dev_mode, ushort, 0444);
MODULE_PARM_DESC(dev_mode, "Mode of /dev/zircon, set at load (default 0666)");

static int zx_live_objects_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", zx_live_objects());
}

static const struct kernel_param_ops zx_live_objects_ops = {
	.get = zx_live_objects_get,
};

module_param_cb(live_objects, &zx_live_objects_ops, NULL, 0444);
MODULE_PARM_DESC(live_objects, "Kernel objects alive now, all processes");

/* Descriptors of /dev/zircon open now, i.e. handle tables. */
static atomic_long_t zx_nr_tables = ATOMIC_LONG_INIT(0);

static int zx_open_tables_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&zx_nr_tables));
}

/**
 * zx_open_tables() - how many /dev/zircon files are open
 *
 * Return: the number of handle tables now.
 */
long zx_open_tables(void)
{
	return atomic_long_read(&zx_nr_tables);
}

static const struct kernel_param_ops zx_open_tables_ops = {
	.get = zx_open_tables_get,
};

module_param_cb(open_tables, &zx_open_tables_ops, NULL, 0444);
MODULE_PARM_DESC(open_tables, "Handle tables (open /dev/zircon files) now");

/*
 * How many handle lines one /proc/PID/fdinfo read lists: seq_file builds
 * the whole answer in one buffer, so a table of max_handles handles is not
 * listed whole by default.  The counts always cover every handle.
 */
ZX_LIMIT(uint, fdinfo_max_handles, 4096,
	 "Handles listed per /proc/PID/fdinfo read (default 4096)");

static int zx_open(struct inode *inode, struct file *file)
{
	struct zx_table *t;
	struct pid *pid;

	/* The records the module writes have their 64-bit layout only. */
	if (in_compat_syscall())
		return -EOPNOTSUPP;
	t = kmalloc(sizeof(*t), ZX_GFP);
	if (!t)
		return -ENOMEM;
	pid = get_pid(task_tgid(current));
	if (zx_table_init(t, pid, file)) {
		put_pid(pid);
		kfree(t);
		return -ENOMEM;
	}
	file->private_data = t;
	atomic_long_inc(&zx_nr_tables);
	return 0;
}

static int zx_release(struct inode *inode, struct file *file)
{
	struct zx_table *t = file->private_data;

	zx_table_destroy(t);
	kfree(t);
	atomic_long_dec(&zx_nr_tables);
	return 0;
}

static zx_status_t zx_ioctl_version(struct zx_table *t, void *arg,
				    void __user *uarg)
{
	struct zx_ioc_version v = {
		.major = ZX_ABI_VERSION_MAJOR,
		.minor = ZX_ABI_VERSION_MINOR,
		.features = ZX_FEATURE_EVENT | ZX_FEATURE_EVENTPAIR
			  | ZX_FEATURE_FD_BRIDGE | ZX_FEATURE_VMO
			  | ZX_FEATURE_VMAR | ZX_FEATURE_CHANNEL
			  | ZX_FEATURE_PORT | ZX_FEATURE_TIMER
			  | ZX_FEATURE_VMO_STREAM_SIZE
			  | ZX_FEATURE_STREAM
			  | ZX_FEATURE_SOCKET
			  | ZX_FEATURE_FIFO
			  | ZX_FEATURE_TASK,
	};

	return copy_to_user(uarg, &v, sizeof(v)) ? ZX_ERR_INVALID_ARGS : ZX_OK;
}

static zx_status_t zx_ioctl_close(struct zx_table *t, void *arg)
{
	return zx_table_close(t, *(zx_handle_t *)arg);
}

/*
 * The requests that differ only in flags, in the shape of the table:
 * zx_ioctl_@name() calls @fn with the argument copied in (ZX_IOCTL_FLAG),
 * that and @uarg (ZX_IOCTL_FLAG_U) or @uarg alone (ZX_IOCTL_FLAG_USER),
 * then the flags.
 */
#define ZX_IOCTL_FLAG(name, fn, ...)					\
static zx_status_t zx_ioctl_##name(struct zx_table *t, void *arg)	\
{									\
	return fn(t, arg, __VA_ARGS__);					\
}
#define ZX_IOCTL_FLAG_U(name, fn, ...)					\
static zx_status_t zx_ioctl_##name(struct zx_table *t, void *arg,	\
				   void __user *uarg)			\
{									\
	return fn(t, arg, uarg, __VA_ARGS__);				\
}
#define ZX_IOCTL_FLAG_USER(name, fn, ...)				\
static zx_status_t zx_ioctl_##name(struct zx_table *t, void *arg,	\
				   void __user *uarg)			\
{									\
	return fn(t, uarg, __VA_ARGS__);				\
}

ZX_IOCTL_FLAG(signal_self, zx_ioctl_signal, false)
ZX_IOCTL_FLAG(signal_peer, zx_ioctl_signal, true)
ZX_IOCTL_FLAG(ch_write, zx_ioctl_channel_write, false)
ZX_IOCTL_FLAG(ch_write_etc, zx_ioctl_channel_write, true)
ZX_IOCTL_FLAG(ch_read, zx_ioctl_channel_read, false)
ZX_IOCTL_FLAG(ch_read_etc, zx_ioctl_channel_read, true)
ZX_IOCTL_FLAG_U(ch_call, zx_ioctl_channel_call, false)
ZX_IOCTL_FLAG_U(ch_call_etc, zx_ioctl_channel_call, true)
ZX_IOCTL_FLAG(sock_write, zx_ioctl_socket_rw, true)
ZX_IOCTL_FLAG(sock_read, zx_ioctl_socket_rw, false)
ZX_IOCTL_FLAG(get_property, zx_ioctl_property, false)
ZX_IOCTL_FLAG(set_property, zx_ioctl_property, true)
ZX_IOCTL_FLAG_USER(vmo_read, zx_ioctl_vmo_rw, false)
ZX_IOCTL_FLAG_USER(vmo_write, zx_ioctl_vmo_rw, true)
ZX_IOCTL_FLAG_USER(stream_readv, zx_ioctl_stream_io, false, false)
ZX_IOCTL_FLAG_USER(stream_readv_at, zx_ioctl_stream_io, false, true)
ZX_IOCTL_FLAG_USER(stream_writev, zx_ioctl_stream_io, true, false)
ZX_IOCTL_FLAG_USER(stream_writev_at, zx_ioctl_stream_io, true, true)

/*
 * The largest argument struct the dispatcher copies in: the copy lives in
 * its stack frame.  The build fails if an entry's struct is larger.
 */
#define ZX_IOCTL_ARG_MAX	64

/*
 * One request: its whole command number (which holds the argument size
 * and direction too), the size of its argument, whether the dispatcher
 * copies the argument in, and its handler.
 */
struct zx_ioctl_entry {
	unsigned int cmd;
	unsigned short size;
	unsigned char arg;		/* ZX_ARG_*: what the handler gets */
	zx_ioctl_fn *fn;		/* the handler; or */
	zx_ioctl_user_fn *ufn;		/* one that gets the argument as passed */
};

/*
 * What a handler gets in @arg: nothing (ZX_ARG_USER: the argument is
 * written only, or the handler reads it itself from @uarg); the argument
 * struct, copied in (ZX_ARG_COPY); or, when the argument is a handle
 * value, that value as a zx_handle_t (ZX_ARG_HANDLE; a value wider than
 * 32 bits names no handle).
 */
enum {
	ZX_ARG_USER,
	ZX_ARG_COPY,
	ZX_ARG_HANDLE,
};

/*
 * An entry at index _IOC_NR(@cmd) whose handler @handler is its @field
 * (fn or ufn); the build fails if the sizes differ.
 */
#define ZX_IOCTL_ENTRY(c, argsz, how, field, handler)			\
	[_IOC_NR(c)] = {						\
		.cmd = (c),						\
		.size = (argsz) + BUILD_BUG_ON_ZERO(_IOC_SIZE(c) != (argsz)), \
		.arg = (how),						\
		.field = (handler),					\
	}
/*
 * The handler gets the argument struct @type copied in (zx_copy_in(): a
 * word at a time, as the size is at most ZX_IOCTL_ARG_MAX, under
 * ZX_COPY_SMALL); the build fails if it does not fit the buffer.
 */
#define ZX_ARG_SIZE(type)						\
	(sizeof(type) + BUILD_BUG_ON_ZERO(sizeof(type) > ZX_IOCTL_ARG_MAX) + \
	 BUILD_BUG_ON_ZERO(sizeof(type) % sizeof(u64)))
#define ZX_IOCTL_ARG(c, type, handler)					\
	ZX_IOCTL_ENTRY(c, ZX_ARG_SIZE(type), ZX_ARG_COPY, fn, handler)
/* That, and the argument as passed, to write results into. */
#define ZX_IOCTL_ARG_U(c, type, handler)				\
	ZX_IOCTL_ENTRY(c, ZX_ARG_SIZE(type), ZX_ARG_COPY, ufn, handler)
/* The argument is the handle value itself. */
#define ZX_IOCTL_HANDLE(c, handler)					\
	ZX_IOCTL_ENTRY(c, 0, ZX_ARG_HANDLE, fn, handler)
/*
 * The handler writes the argument @type only, or reads it itself: the VMO
 * and stream reads and writes, which read it with zx_copy_in() or into a
 * larger record.
 */
#define ZX_IOCTL_USER(c, type, handler)					\
	ZX_IOCTL_ENTRY(c, sizeof(type), ZX_ARG_USER, ufn, handler)

static const struct zx_ioctl_entry zx_ioctls[] = {
	/* Written only. */
	ZX_IOCTL_USER(ZX_IOC_VERSION, struct zx_ioc_version, zx_ioctl_version),
	ZX_IOCTL_HANDLE(ZX_IOC_HANDLE_CLOSE, zx_ioctl_close),
	ZX_IOCTL_ARG(ZX_IOC_HANDLE_CLOSE_MANY, struct zx_ioc_handle_close_many,
		     zx_ioctl_close_many),
	ZX_IOCTL_ARG(ZX_IOC_HANDLE_DUPLICATE, struct zx_ioc_handle_dup,
		     zx_ioctl_duplicate),
	ZX_IOCTL_ARG(ZX_IOC_HANDLE_REPLACE, struct zx_ioc_handle_dup,
		     zx_ioctl_replace),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_GET_INFO, struct zx_ioc_object_get_info,
		     zx_ioctl_get_info),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_GET_PROPERTY, struct zx_ioc_object_property,
		     zx_ioctl_get_property),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_SET_PROPERTY, struct zx_ioc_object_property,
		     zx_ioctl_set_property),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_SIGNAL, struct zx_ioc_object_signal,
		     zx_ioctl_signal_self),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_SIGNAL_PEER, struct zx_ioc_object_signal,
		     zx_ioctl_signal_peer),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_WAIT_ONE, struct zx_ioc_object_wait_one,
		     zx_ioctl_wait_one),
	ZX_IOCTL_HANDLE(ZX_IOC_HANDLE_CHECK_VALID, zx_ioctl_check_valid),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_WAIT_MANY, struct zx_ioc_object_wait_many,
		     zx_ioctl_wait_many),
	ZX_IOCTL_ARG(ZX_IOC_EVENT_CREATE, struct zx_ioc_create,
		     zx_ioctl_event_create),
	ZX_IOCTL_ARG(ZX_IOC_EVENTPAIR_CREATE, struct zx_ioc_create,
		     zx_ioctl_eventpair_create),
	ZX_IOCTL_ARG(ZX_IOC_HANDLE_TO_FD, struct zx_ioc_handle_to_fd,
		     zx_ioctl_handle_to_fd),
	ZX_IOCTL_ARG(ZX_IOC_FD_TO_HANDLE, struct zx_ioc_fd_to_handle,
		     zx_ioctl_fd_to_handle),
	ZX_IOCTL_ARG(ZX_IOC_VMO_CREATE, struct zx_ioc_vmo_create,
		     zx_ioctl_vmo_create),
	ZX_IOCTL_USER(ZX_IOC_VMO_READ, struct zx_ioc_vmo_rw, zx_ioctl_vmo_read),
	ZX_IOCTL_USER(ZX_IOC_VMO_WRITE, struct zx_ioc_vmo_rw,
		     zx_ioctl_vmo_write),
	ZX_IOCTL_ARG(ZX_IOC_VMO_GET_SIZE, struct zx_ioc_vmo_size,
		     zx_ioctl_vmo_get_size),
	ZX_IOCTL_ARG(ZX_IOC_VMO_SET_SIZE, struct zx_ioc_vmo_size,
		     zx_ioctl_vmo_set_size),
	ZX_IOCTL_ARG(ZX_IOC_VMO_OP_RANGE, struct zx_ioc_vmo_op_range,
		     zx_ioctl_vmo_op_range),
	ZX_IOCTL_ARG(ZX_IOC_VMO_CREATE_CHILD, struct zx_ioc_vmo_create_child,
		     zx_ioctl_vmo_create_child),
	ZX_IOCTL_ARG(ZX_IOC_VMO_SET_CACHE_POLICY,
		     struct zx_ioc_vmo_cache_policy,
		     zx_ioctl_vmo_set_cache_policy),
	ZX_IOCTL_ARG(ZX_IOC_VMO_REPLACE_AS_EXECUTABLE,
		     struct zx_ioc_vmo_replace_as_exec,
		     zx_ioctl_vmo_replace_as_executable),
	ZX_IOCTL_ARG(ZX_IOC_VMO_GET_STREAM_SIZE, struct zx_ioc_vmo_size,
		     zx_ioctl_vmo_get_stream_size),
	ZX_IOCTL_ARG(ZX_IOC_VMO_SET_STREAM_SIZE, struct zx_ioc_vmo_size,
		     zx_ioctl_vmo_set_stream_size),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_ROOT, struct zx_ioc_vmar_root,
		     zx_ioctl_vmar_root),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_MAP, struct zx_ioc_vmar_map,
		     zx_ioctl_vmar_map),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_UNMAP, struct zx_ioc_vmar_range,
		     zx_ioctl_vmar_unmap),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_PROTECT, struct zx_ioc_vmar_range,
		     zx_ioctl_vmar_protect),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_ALLOCATE, struct zx_ioc_vmar_allocate,
		     zx_ioctl_vmar_allocate),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_DESTROY, struct zx_ioc_vmar_destroy,
		     zx_ioctl_vmar_destroy),
	ZX_IOCTL_ARG(ZX_IOC_VMAR_OP_RANGE, struct zx_ioc_vmo_op_range,
		     zx_ioctl_vmar_op_range),
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_CREATE, struct zx_ioc_create,
		     zx_ioctl_channel_create),
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_WRITE, struct zx_ioc_channel_write,
		     zx_ioctl_ch_write),
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_WRITE_ETC, struct zx_ioc_channel_write,
		     zx_ioctl_ch_write_etc),
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_READ, struct zx_ioc_channel_read,
		     zx_ioctl_ch_read),
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_READ_ETC, struct zx_ioc_channel_read,
		     zx_ioctl_ch_read_etc),
	ZX_IOCTL_ARG_U(ZX_IOC_CHANNEL_CALL, struct zx_ioc_channel_call,
		       zx_ioctl_ch_call),
	ZX_IOCTL_ARG_U(ZX_IOC_CHANNEL_CALL_ETC, struct zx_ioc_channel_call,
		       zx_ioctl_ch_call_etc),
	ZX_IOCTL_ARG(ZX_IOC_PORT_CREATE, struct zx_ioc_create,
		     zx_ioctl_port_create),
	ZX_IOCTL_ARG(ZX_IOC_PORT_QUEUE, struct zx_ioc_port_queue,
		     zx_ioctl_port_queue),
	ZX_IOCTL_ARG(ZX_IOC_PORT_WAIT, struct zx_ioc_port_wait,
		     zx_ioctl_port_wait),
	ZX_IOCTL_ARG(ZX_IOC_PORT_CANCEL, struct zx_ioc_port_cancel,
		     zx_ioctl_port_cancel),
	ZX_IOCTL_ARG(ZX_IOC_PORT_CANCEL_KEY, struct zx_ioc_port_cancel_key,
		     zx_ioctl_port_cancel_key),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_WAIT_ASYNC, struct zx_ioc_object_wait_async,
		     zx_ioctl_wait_async),
	ZX_IOCTL_ARG(ZX_IOC_PORT_FD, struct zx_ioc_port_fd, zx_ioctl_port_fd),
	ZX_IOCTL_ARG(ZX_IOC_TIMER_CREATE, struct zx_ioc_timer_create,
		     zx_ioctl_timer_create),
	ZX_IOCTL_ARG(ZX_IOC_TIMER_SET, struct zx_ioc_timer_set,
		     zx_ioctl_timer_set),
	ZX_IOCTL_HANDLE(ZX_IOC_TIMER_CANCEL, zx_ioctl_timer_cancel),
	ZX_IOCTL_ARG(ZX_IOC_FIFO_CREATE, struct zx_ioc_fifo_create,
		     zx_ioctl_fifo_create),
	ZX_IOCTL_ARG(ZX_IOC_FIFO_WRITE, struct zx_ioc_fifo_rw,
		     zx_ioctl_fifo_write),
	ZX_IOCTL_ARG(ZX_IOC_FIFO_READ, struct zx_ioc_fifo_rw,
		     zx_ioctl_fifo_read),
	ZX_IOCTL_ARG(ZX_IOC_STREAM_CREATE, struct zx_ioc_stream_create,
		     zx_ioctl_stream_create),
	ZX_IOCTL_USER(ZX_IOC_STREAM_READV, struct zx_ioc_stream_io,
		     zx_ioctl_stream_readv),
	ZX_IOCTL_USER(ZX_IOC_STREAM_READV_AT, struct zx_ioc_stream_io,
		     zx_ioctl_stream_readv_at),
	ZX_IOCTL_USER(ZX_IOC_STREAM_WRITEV, struct zx_ioc_stream_io,
		     zx_ioctl_stream_writev),
	ZX_IOCTL_USER(ZX_IOC_STREAM_WRITEV_AT, struct zx_ioc_stream_io,
		     zx_ioctl_stream_writev_at),
	ZX_IOCTL_ARG(ZX_IOC_STREAM_SEEK, struct zx_ioc_stream_seek,
		     zx_ioctl_stream_seek),
	ZX_IOCTL_ARG(ZX_IOC_SOCKET_CREATE, struct zx_ioc_create,
		     zx_ioctl_socket_create),
	ZX_IOCTL_ARG(ZX_IOC_SOCKET_WRITE, struct zx_ioc_socket_rw,
		     zx_ioctl_sock_write),
	ZX_IOCTL_ARG(ZX_IOC_SOCKET_READ, struct zx_ioc_socket_rw,
		     zx_ioctl_sock_read),
	ZX_IOCTL_ARG(ZX_IOC_SOCKET_SET_DISPOSITION,
		     struct zx_ioc_socket_disposition,
		     zx_ioctl_socket_set_disposition),
	ZX_IOCTL_ARG(ZX_IOC_PROCESS_SELF, struct zx_ioc_create,
		     zx_ioctl_process_self),
	ZX_IOCTL_ARG(ZX_IOC_THREAD_SELF, struct zx_ioc_create,
		     zx_ioctl_thread_self),
	ZX_IOCTL_HANDLE(ZX_IOC_TASK_KILL, zx_ioctl_task_kill),
	ZX_IOCTL_ARG(ZX_IOC_PROCESS_CHILD, struct zx_ioc_process_child,
		     zx_ioctl_process_child),
	ZX_IOCTL_ARG(ZX_IOC_JOB_DEFAULT, struct zx_ioc_job_create,
		     zx_ioctl_job_default),
	ZX_IOCTL_ARG(ZX_IOC_JOB_CREATE, struct zx_ioc_job_create,
		     zx_ioctl_job_create),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_GET_CHILD, struct zx_ioc_get_child,
		     zx_ioctl_get_child),
	ZX_IOCTL_ARG_U(ZX_IOC_PROCESS_MEMORY, struct zx_ioc_process_memory,
		       zx_ioctl_process_memory),
};

/*
 * Finds the request's entry by _IOC_NR(): the whole number must match (so
 * the type, the direction and _IOC_SIZE(), which must equal the entry's
 * argument size).  Anything else is an unknown request: -ENOTTY.  Copies
 * the argument in for the entries that ask for it: one that cannot be
 * read is ZX_ERR_INVALID_ARGS, before anything else is looked at.
 */
static zx_status_t zx_dispatch(struct zx_table *t, unsigned int cmd,
			       unsigned long arg)
{
	u64 buf[ZX_IOCTL_ARG_MAX / sizeof(u64)];	/* the argument copied in */
	void __user *uarg = (void __user *)arg;
	const struct zx_ioctl_entry *e;
	unsigned int nr = _IOC_NR(cmd);

	if (nr >= ARRAY_SIZE(zx_ioctls))
		return 1;
	nr = array_index_nospec(nr, ARRAY_SIZE(zx_ioctls));
	e = &zx_ioctls[nr];
	if ((!e->fn && !e->ufn) || cmd != e->cmd || _IOC_SIZE(cmd) != e->size)
		return 1;	/* not a Zircon status: unknown request */
	switch (e->arg) {
	case ZX_ARG_COPY:
		if (zx_copy_in(buf, uarg, e->size) != ZX_OK)
			return ZX_ERR_INVALID_ARGS;
		break;
	case ZX_ARG_HANDLE:
		if (arg > U32_MAX)
			return ZX_ERR_BAD_HANDLE;
		*(zx_handle_t *)buf = arg;
		break;
	default:
		return e->ufn(t, NULL, uarg);
	}
	return e->ufn ? e->ufn(t, buf, uarg) : e->fn(t, buf);
}

static long zx_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct zx_table *t = file->private_data;
	zx_status_t status;

	if (task_tgid(current) != t->owner)
		return -EPERM;
	status = zx_dispatch(t, cmd, arg);
	if (status == 1)
		return -ENOTTY;
	if (status == ZXK_RESTART)
		return -ERESTARTNOINTR;
	/* ZX_OK is 0; a Zircon error travels as its positive magnitude. */
	return -(long)status;
}

static int zx_mmap(struct file *file, struct vm_area_struct *vma)
{
	return zx_vmar_mmap(file->private_data, vma);
}

static const char *const zx_type_names[] = {
	[ZX_OBJ_TYPE_PROCESS] = "process",
	[ZX_OBJ_TYPE_THREAD] = "thread",
	[ZX_OBJ_TYPE_VMO] = "vmo",
	[ZX_OBJ_TYPE_CHANNEL] = "channel",
	[ZX_OBJ_TYPE_EVENT] = "event",
	[ZX_OBJ_TYPE_PORT] = "port",
	[ZX_OBJ_TYPE_SOCKET] = "socket",
	[ZX_OBJ_TYPE_EVENTPAIR] = "eventpair",
	[ZX_OBJ_TYPE_JOB] = "job",
	[ZX_OBJ_TYPE_VMAR] = "vmar",
	[ZX_OBJ_TYPE_FIFO] = "fifo",
	[ZX_OBJ_TYPE_TIMER] = "timer",
	[ZX_OBJ_TYPE_CLOCK] = "clock",
	[ZX_OBJ_TYPE_STREAM] = "stream",
	[ZX_OBJ_TYPE_COUNTER] = "counter",
};

/**
 * zx_obj_type_name() - the lower-case name of a ZX_OBJ_TYPE_* value
 * @type: the object type
 *
 * Return: its name as fdinfo, zx-ps and the trace events show it, or
 * "unknown".
 */
const char *zx_obj_type_name(zx_obj_type_t type)
{
	if (type < ARRAY_SIZE(zx_type_names) && zx_type_names[type])
		return zx_type_names[type];
	return "unknown";
}

/* What one handle line adds for some types: sizes and queue depths. */
static void zx_show_handle_extra(struct seq_file *m, struct zx_object *obj,
				 zx_rights_t rights)
{
	struct zx_abi_info_vmo vmo;

	if (zx_object_is(obj, ZX_OBJ_TYPE_VMO)) {
		zx_vmo_get_info(obj, rights, &vmo);
		seq_printf(m, " size=%llu committed=%llu",
			   (unsigned long long)vmo.size_bytes,
			   (unsigned long long)vmo.committed_bytes);
	} else if (zx_is_channel(obj)) {
		seq_printf(m, " messages=%u",
			   READ_ONCE(zx_to_channel(obj)->count));
	}
}

/*
 * /proc/PID/fdinfo/FD: the owner, one line per handle (at most
 * fdinfo_max_handles), then the counts over the whole table:
 *
 *   zx-owner-pid:	1234		(in the reader's PID namespace)
 *   zx-owner-uid:	1000		(who opened it, in the reader's userns)
 *   zx-handle:	0x... koid=1025 type=channel rights=0x... related=1026 ...
 *   zx-handles:	3
 *   zx-handles-unlisted:	0
 *   zx-objects:	channel=2 vmo=1
 */
static void zx_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct zx_table *t = file->private_data;
	u32 counts[ZX_OBJ_TYPE_UPPER_BOUND] = {};
	u32 total = 0, listed = 0, limit = READ_ONCE(fdinfo_max_handles);
	unsigned long slot = 0;
	struct zx_object *obj;
	zx_handle_t value;
	zx_rights_t rights;
	u32 i, sep = 0;

	seq_printf(m, "zx-owner-pid:\t%d\n", pid_vnr(t->owner));
	seq_printf(m, "zx-owner-uid:\t%u\n",
		   from_kuid_munged(seq_user_ns(m), file->f_cred->uid));
	while (zx_table_next(t, &slot, &value, &obj, &rights)) {
		zx_obj_type_t type = obj->ops->type;

		total++;
		if (type < ZX_OBJ_TYPE_UPPER_BOUND)
			counts[type]++;
		if (listed < limit) {
			listed++;
			seq_printf(m, "zx-handle:\t%#x koid=%llu type=%s rights=%#x related=%llu",
				   value, obj->koid, zx_obj_type_name(type),
				   rights, obj->related_koid);
			zx_show_handle_extra(m, obj, rights);
			seq_putc(m, '\n');
		}
		zx_object_put(obj);
		/* seq_file calls again with a larger buffer: stop early. */
		if (seq_has_overflowed(m))
			return;
	}
	seq_printf(m, "zx-handles:\t%u\nzx-handles-unlisted:\t%u\nzx-objects:\t",
		   total, total - listed);
	for (i = 0; i < ZX_OBJ_TYPE_UPPER_BOUND; i++)
		if (counts[i])
			seq_printf(m, "%s%s=%u", sep++ ? " " : "",
				   zx_obj_type_name(i), counts[i]);
	seq_putc(m, '\n');
}

static const struct file_operations zx_fops = {
	.owner = THIS_MODULE,
	.open = zx_open,
	.release = zx_release,
	.unlocked_ioctl = zx_ioctl,
	.mmap = zx_mmap,
	.show_fdinfo = zx_show_fdinfo,
	.llseek = noop_llseek,
};

static struct miscdevice zx_miscdev = {
	.minor = ZX_MISC_MINOR,
	.name = ZX_DEVICE_NAME,
	.fops = &zx_fops,
};

static int __init zx_init(void)
{
	int ret;

	if (dev_mode & ~0777) {
		pr_err("zircon: dev_mode %#o is not a permission mode\n",
		       dev_mode);
		return -EINVAL;
	}
	zx_miscdev.mode = dev_mode;
	ret = zx_handle_cache_init();
	if (ret)
		return ret;
	ret = zx_jobs_init();
	if (ret)
		goto out_cache;
	ret = misc_register(&zx_miscdev);
	if (ret == -EBUSY) {
		pr_warn("zircon: misc minor %d is taken; /dev/zircon gets a dynamic one\n",
			ZX_MISC_MINOR);
		zx_miscdev.minor = MISC_DYNAMIC_MINOR;
		ret = misc_register(&zx_miscdev);
	}
	if (ret)
		goto out_jobs;
	zx_stats_init();
	return 0;

out_jobs:
	zx_jobs_exit();
out_cache:
	zx_handle_cache_exit();
	return ret;
}

static void __exit zx_exit(void)
{
	misc_deregister(&zx_miscdev);
	zx_stats_exit();
	zx_channel_exit();
	zx_jobs_exit();
	zx_handle_cache_exit();
	zx_users_exit();
}

module_init(zx_init);
module_exit(zx_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Zircon kernel objects (handles, events, channels, VMOs, ports, timers) for Linux");
MODULE_AUTHOR("zircon-linux developers");
