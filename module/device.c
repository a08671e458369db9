// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/zircon: the misc device, its per-open handle table and the ioctl
 * dispatcher.
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

static zx_status_t zx_ioctl_version(void __user *uarg)
{
	struct zx_ioc_version v = {
		.major = ZX_ABI_VERSION_MAJOR,
		.minor = ZX_ABI_VERSION_MINOR,
		.features = ZX_FEATURE_EVENT | ZX_FEATURE_EVENTPAIR |
			    ZX_FEATURE_FD_BRIDGE | ZX_FEATURE_VMO |
			    ZX_FEATURE_VMAR | ZX_FEATURE_CHANNEL,
	};

	return copy_to_user(uarg, &v, sizeof(v)) ? ZX_ERR_INVALID_ARGS : ZX_OK;
}

static zx_status_t zx_dispatch(struct zx_table *t, unsigned int cmd,
			       unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case ZX_IOC_VERSION:
		return zx_ioctl_version(uarg);
	case ZX_IOC_HANDLE_CLOSE:
		/* Handle values are 32 bits; anything wider names no handle. */
		if (arg > U32_MAX)
			return ZX_ERR_BAD_HANDLE;
		return zx_table_close(t, (zx_handle_t)arg);
	case ZX_IOC_HANDLE_CLOSE_MANY:
		return zx_ioctl_close_many(t, uarg);
	case ZX_IOC_HANDLE_DUPLICATE:
		return zx_ioctl_duplicate(t, uarg);
	case ZX_IOC_HANDLE_REPLACE:
		return zx_ioctl_replace(t, uarg);
	case ZX_IOC_OBJECT_GET_INFO:
		return zx_ioctl_get_info(t, uarg);
	case ZX_IOC_OBJECT_GET_PROPERTY:
		return zx_ioctl_get_property(t, uarg);
	case ZX_IOC_OBJECT_SET_PROPERTY:
		return zx_ioctl_set_property(t, uarg);
	case ZX_IOC_OBJECT_SIGNAL:
		return zx_ioctl_signal(t, uarg, false);
	case ZX_IOC_OBJECT_SIGNAL_PEER:
		return zx_ioctl_signal(t, uarg, true);
	case ZX_IOC_OBJECT_WAIT_ONE:
		return zx_ioctl_wait_one(t, uarg);
	case ZX_IOC_EVENT_CREATE:
		return zx_ioctl_event_create(t, uarg);
	case ZX_IOC_EVENTPAIR_CREATE:
		return zx_ioctl_eventpair_create(t, uarg);
	case ZX_IOC_HANDLE_TO_FD:
		return zx_ioctl_handle_to_fd(t, uarg);
	case ZX_IOC_FD_TO_HANDLE:
		return zx_ioctl_fd_to_handle(t, uarg);
	case ZX_IOC_VMO_CREATE:
		return zx_ioctl_vmo_create(t, uarg);
	case ZX_IOC_VMO_READ:
		return zx_ioctl_vmo_read(t, uarg);
	case ZX_IOC_VMO_WRITE:
		return zx_ioctl_vmo_write(t, uarg);
	case ZX_IOC_VMO_GET_SIZE:
		return zx_ioctl_vmo_get_size(t, uarg);
	case ZX_IOC_VMO_SET_SIZE:
		return zx_ioctl_vmo_set_size(t, uarg);
	case ZX_IOC_VMO_OP_RANGE:
		return zx_ioctl_vmo_op_range(t, uarg);
	case ZX_IOC_VMO_CREATE_CHILD:
		return zx_ioctl_vmo_create_child(t, uarg);
	case ZX_IOC_VMO_SET_CACHE_POLICY:
		return zx_ioctl_vmo_set_cache_policy(t, uarg);
	case ZX_IOC_VMO_REPLACE_AS_EXECUTABLE:
		return zx_ioctl_vmo_replace_as_executable(t, uarg);
	case ZX_IOC_VMAR_ROOT:
		return zx_ioctl_vmar_root(t, uarg);
	case ZX_IOC_VMAR_MAP:
		return zx_ioctl_vmar_map(t, uarg);
	case ZX_IOC_VMAR_UNMAP:
		return zx_ioctl_vmar_unmap(t, uarg);
	case ZX_IOC_VMAR_PROTECT:
		return zx_ioctl_vmar_protect(t, uarg);

	/* Channels (issue 4). */
	case ZX_IOC_CHANNEL_CREATE:
		return zx_ioctl_channel_create(t, uarg);
	case ZX_IOC_CHANNEL_WRITE:
		return zx_ioctl_channel_write(t, uarg, false);
	case ZX_IOC_CHANNEL_WRITE_ETC:
		return zx_ioctl_channel_write(t, uarg, true);
	case ZX_IOC_CHANNEL_READ:
		return zx_ioctl_channel_read(t, uarg, false);
	case ZX_IOC_CHANNEL_READ_ETC:
		return zx_ioctl_channel_read(t, uarg, true);
	case ZX_IOC_CHANNEL_CALL:
		return zx_ioctl_channel_call(t, uarg, cmd, false);
	case ZX_IOC_CHANNEL_CALL_ETC:
		return zx_ioctl_channel_call(t, uarg, cmd, true);
	}
	return 1;	/* not a Zircon status: unknown request */
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
	ret = misc_register(&zx_miscdev);
	if (ret)
		zx_handle_cache_exit();
	return ret;
}

static void __exit zx_exit(void)
{
	misc_deregister(&zx_miscdev);
	zx_channel_exit();
	zx_handle_cache_exit();
	zx_users_exit();
}

module_init(zx_init);
module_exit(zx_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Zircon kernel objects (handles, events, channels, VMOs) for Linux");
MODULE_AUTHOR("zircon-linux developers");
