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
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nospec.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"

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

static int zx_open(struct inode *inode, struct file *file)
{
	struct zx_table *t;
	struct pid *pid;

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
	return 0;
}

static int zx_release(struct inode *inode, struct file *file)
{
	struct zx_table *t = file->private_data;

	zx_table_destroy(t);
	kfree(t);
	return 0;
}

static zx_status_t zx_ioctl_version(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_version v = {
		.major = ZX_ABI_VERSION_MAJOR,
		.minor = ZX_ABI_VERSION_MINOR,
		.features = ZX_FEATURE_EVENT | ZX_FEATURE_EVENTPAIR |
			    ZX_FEATURE_FD_BRIDGE | ZX_FEATURE_VMO |
			    ZX_FEATURE_VMAR | ZX_FEATURE_CHANNEL |
			    ZX_FEATURE_PORT | ZX_FEATURE_TIMER |
			    ZX_FEATURE_VMO_STREAM_SIZE | ZX_FEATURE_TASK,
	};

	return copy_to_user(uarg, &v, sizeof(v)) ? ZX_ERR_INVALID_ARGS : ZX_OK;
}

static zx_status_t zx_ioctl_close(struct zx_table *t, void __user *uarg)
{
	unsigned long arg = (unsigned long)uarg;

	/* Handle values are 32 bits; anything wider names no handle. */
	if (arg > U32_MAX)
		return ZX_ERR_BAD_HANDLE;
	return zx_table_close(t, (zx_handle_t)arg);
}

/* The requests that differ only in a flag, in the shape of the table. */
static zx_status_t zx_ioctl_signal_self(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_signal(t, uarg, false);
}

static zx_status_t zx_ioctl_signal_peer(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_signal(t, uarg, true);
}

static zx_status_t zx_ioctl_ch_write(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_channel_write(t, uarg, false);
}

static zx_status_t zx_ioctl_ch_write_etc(struct zx_table *t,
					 void __user *uarg)
{
	return zx_ioctl_channel_write(t, uarg, true);
}

static zx_status_t zx_ioctl_ch_read(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_channel_read(t, uarg, false);
}

static zx_status_t zx_ioctl_ch_read_etc(struct zx_table *t,
					void __user *uarg)
{
	return zx_ioctl_channel_read(t, uarg, true);
}

static zx_status_t zx_ioctl_ch_call(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_channel_call(t, uarg, ZX_IOC_CHANNEL_CALL, false);
}

static zx_status_t zx_ioctl_ch_call_etc(struct zx_table *t,
					void __user *uarg)
{
	return zx_ioctl_channel_call(t, uarg, ZX_IOC_CHANNEL_CALL_ETC, true);
}

/*
 * One request: its whole command number (which holds the argument size
 * and direction too), the size of its argument, and its handler.
 */
struct zx_ioctl_entry {
	unsigned int cmd;
	unsigned int size;
	zx_status_t (*fn)(struct zx_table *t, void __user *uarg);
};

/* An entry at index _IOC_NR(@cmd); the build fails if the sizes differ. */
#define ZX_IOCTL(c, argsz, handler)					\
	[_IOC_NR(c)] = {						\
		.cmd = (c),						\
		.size = (argsz) + BUILD_BUG_ON_ZERO(_IOC_SIZE(c) != (argsz)), \
		.fn = (handler),					\
	}
#define ZX_IOCTL_ARG(c, type, handler) ZX_IOCTL(c, sizeof(type), handler)

static const struct zx_ioctl_entry zx_ioctls[] = {
	ZX_IOCTL_ARG(ZX_IOC_VERSION, struct zx_ioc_version, zx_ioctl_version),
	/* The argument is the handle value itself. */
	ZX_IOCTL(ZX_IOC_HANDLE_CLOSE, 0, zx_ioctl_close),
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
	/* The argument is the handle value itself. */
	ZX_IOCTL(ZX_IOC_HANDLE_CHECK_VALID, 0, zx_ioctl_check_valid),
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
	ZX_IOCTL_ARG(ZX_IOC_VMO_READ, struct zx_ioc_vmo_rw, zx_ioctl_vmo_read),
	ZX_IOCTL_ARG(ZX_IOC_VMO_WRITE, struct zx_ioc_vmo_rw,
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
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_CALL, struct zx_ioc_channel_call,
		     zx_ioctl_ch_call),
	ZX_IOCTL_ARG(ZX_IOC_CHANNEL_CALL_ETC, struct zx_ioc_channel_call,
		     zx_ioctl_ch_call_etc),
	ZX_IOCTL_ARG(ZX_IOC_PORT_CREATE, struct zx_ioc_create,
		     zx_ioctl_port_create),
	ZX_IOCTL_ARG(ZX_IOC_PORT_QUEUE, struct zx_ioc_port_queue,
		     zx_ioctl_port_queue),
	ZX_IOCTL_ARG(ZX_IOC_PORT_WAIT, struct zx_ioc_port_wait,
		     zx_ioctl_port_wait),
	ZX_IOCTL_ARG(ZX_IOC_PORT_CANCEL, struct zx_ioc_port_cancel,
		     zx_ioctl_port_cancel),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_WAIT_ASYNC, struct zx_ioc_object_wait_async,
		     zx_ioctl_wait_async),
	ZX_IOCTL_ARG(ZX_IOC_PORT_FD, struct zx_ioc_port_fd, zx_ioctl_port_fd),
	ZX_IOCTL_ARG(ZX_IOC_TIMER_CREATE, struct zx_ioc_timer_create,
		     zx_ioctl_timer_create),
	ZX_IOCTL_ARG(ZX_IOC_TIMER_SET, struct zx_ioc_timer_set,
		     zx_ioctl_timer_set),
	/* The argument is the handle value itself. */
	ZX_IOCTL(ZX_IOC_TIMER_CANCEL, 0, zx_ioctl_timer_cancel),
	ZX_IOCTL_ARG(ZX_IOC_PROCESS_SELF, struct zx_ioc_create,
		     zx_ioctl_process_self),
	ZX_IOCTL_ARG(ZX_IOC_THREAD_SELF, struct zx_ioc_create,
		     zx_ioctl_thread_self),
	/* The argument is the handle value itself. */
	ZX_IOCTL(ZX_IOC_TASK_KILL, 0, zx_ioctl_task_kill),
	ZX_IOCTL_ARG(ZX_IOC_PROCESS_CHILD, struct zx_ioc_process_child,
		     zx_ioctl_process_child),
	ZX_IOCTL_ARG(ZX_IOC_JOB_DEFAULT, struct zx_ioc_job_create,
		     zx_ioctl_job_default),
	ZX_IOCTL_ARG(ZX_IOC_JOB_CREATE, struct zx_ioc_job_create,
		     zx_ioctl_job_create),
	ZX_IOCTL_ARG(ZX_IOC_OBJECT_GET_CHILD, struct zx_ioc_get_child,
		     zx_ioctl_get_child),
};

/*
 * Finds the request's entry by _IOC_NR(): the whole number must match (so
 * the type, the direction and _IOC_SIZE(), which must equal the entry's
 * argument size).  Anything else is an unknown request: -ENOTTY.
 */
static zx_status_t zx_dispatch(struct zx_table *t, unsigned int cmd,
			       unsigned long arg)
{
	const struct zx_ioctl_entry *e;
	unsigned int nr = _IOC_NR(cmd);

	if (nr >= ARRAY_SIZE(zx_ioctls))
		return 1;
	nr = array_index_nospec(nr, ARRAY_SIZE(zx_ioctls));
	e = &zx_ioctls[nr];
	if (!e->fn || cmd != e->cmd || _IOC_SIZE(cmd) != e->size)
		return 1;	/* not a Zircon status: unknown request */
	return e->fn(t, (void __user *)arg);
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

static const struct file_operations zx_fops = {
	.owner = THIS_MODULE,
	.open = zx_open,
	.release = zx_release,
	.unlocked_ioctl = zx_ioctl,
	.mmap = zx_mmap,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice zx_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
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
	if (ret) {
		zx_handle_cache_exit();
		return ret;
	}
	ret = misc_register(&zx_miscdev);
	if (ret) {
		zx_jobs_exit();
		zx_handle_cache_exit();
	}
	return ret;
}

static void __exit zx_exit(void)
{
	misc_deregister(&zx_miscdev);
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
