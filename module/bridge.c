// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptor bridge: a handle becomes a file descriptor that holds the
 * object and the handle's rights, and such a descriptor becomes a handle
 * again in whichever process holds it.  This is how objects cross between
 * Linux processes (fork, exec, SCM_RIGHTS) without a Zircon process model.
 *
 * A descriptor counts as one handle to its object (a handle in transit) until
 * the object is taken out of it or the file is released.  The object leaves
 * the file exactly once: every dup() or SCM_RIGHTS copy of the descriptor
 * shares the one struct file, so one descriptor yields at most one handle.
 *
 * /proc/PID/fdinfo/FD of such a descriptor shows the object's koid, type
 * and related koid and the rights it carries, or that it was taken.
 *
 * Locks: zx_bridge.lock, a leaf, guards ->obj: the object is taken out,
 * put back and looked at by fdinfo under it.
 */
#include <linux/anon_inodes.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

struct zx_bridge {
	spinlock_t lock;
	struct zx_object *obj;		/* NULL once taken; under ->lock */
	zx_rights_t rights;
};

/* Takes the object out of @b (NULL if already taken); the caller's now. */
static struct zx_object *zx_bridge_take(struct zx_bridge *b)
{
	struct zx_object *obj;

	spin_lock(&b->lock);
	obj = b->obj;
	b->obj = NULL;
	spin_unlock(&b->lock);
	return obj;
}

static int zx_bridge_release(struct inode *inode, struct file *file)
{
	struct zx_bridge *b = file->private_data;
	struct zx_object *obj = zx_bridge_take(b);

	if (obj)
		zx_object_handle_put(obj);
	kfree(b);
	zx_stats_bridge(-1);
	return 0;
}

/*
 * /proc/PID/fdinfo/FD:
 *   zx-koid:	1025		(0 once the object was taken out)
 *   zx-type:	channel
 *   zx-rights:	0x...
 *   zx-related-koid:	1026
 */
static void zx_bridge_show_fdinfo(struct seq_file *m, struct file *file)
{
	struct zx_bridge *b = file->private_data;
	struct zx_object *obj;

	spin_lock(&b->lock);
	obj = b->obj;
	if (obj)
		zx_object_get(obj);
	spin_unlock(&b->lock);
	if (!obj) {
		seq_puts(m, "zx-koid:\t0\nzx-taken:\t1\n");
		return;
	}
	seq_printf(m, "zx-koid:\t%llu\nzx-type:\t%s\nzx-rights:\t%#x\nzx-related-koid:\t%llu\n",
		   obj->koid, zx_obj_type_name(obj->ops->type), b->rights,
		   obj->related_koid);
	zx_object_put(obj);
}

static const struct file_operations zx_bridge_fops = {
	.owner = THIS_MODULE,
	.release = zx_bridge_release,
	.show_fdinfo = zx_bridge_show_fdinfo,
	.llseek = noop_llseek,
};

/**
 * zx_anon_fd_user() - a new anon-inode descriptor, its number copied out
 * @name: the inode's name, as /proc/self/fd shows it
 * @fops: the file's operations; ->release frees @priv
 * @priv: the file's private data
 * @oflags: O_RDONLY or O_RDWR
 * @cloexec: whether the descriptor gets FD_CLOEXEC
 * @uptr: user pointer to the int that receives the descriptor
 * @taken: set to true once the file owns @priv, whatever the outcome
 *
 * The descriptor is installed only after its number reached the caller.
 *
 * Return: ZX_OK, ZX_ERR_NO_RESOURCES (descriptor table full),
 * ZX_ERR_NO_MEMORY or ZX_ERR_INVALID_ARGS (@uptr not writable).  On
 * failure @priv is still the caller's unless *@taken, in which case the
 * file was released through @fops->release.
 */
zx_status_t zx_anon_fd_user(const char *name,
			    const struct file_operations *fops, void *priv,
			    int oflags, bool cloexec, u64 uptr, bool *taken)
{
	struct file *file;
	int fd;

	*taken = false;
	fd = get_unused_fd_flags(cloexec ? O_CLOEXEC : 0);
	if (fd < 0)
		return fd == -EMFILE ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
	file = anon_inode_getfile(name, fops, priv, oflags);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		return ZX_ERR_NO_MEMORY;
	}
	*taken = true;
	if (put_user(fd, (int __user *)zx_uptr(uptr))) {
		put_unused_fd(fd);
		fput(file);
		return ZX_ERR_INVALID_ARGS;
	}
	fd_install(fd, file);
	return ZX_OK;
}

/**
 * zx_ioctl_handle_to_fd() - turn a handle into a descriptor
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Consumes the handle whatever happens (it needs ZX_RIGHT_TRANSFER); on
 * success the new descriptor owns the object.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_handle_to_fd(struct zx_table *t, void *arg)
{
	struct zx_ioc_handle_to_fd *a = arg;
	struct zx_object *obj;
	struct zx_bridge *b;
	zx_rights_t rights;
	zx_status_t status;
	bool taken;

	/* The handle is consumed from here on, whatever the outcome. */
	status = zx_handle_take(t, a->handle, NULL, ZX_RIGHT_TRANSFER, &obj,
				&rights);
	if (status != ZX_OK)
		return status;
	if (a->flags & ~ZX_LINUX_FD_CLOEXEC) {
		status = ZX_ERR_INVALID_ARGS;
		goto drop;
	}

	b = kmalloc(sizeof(*b), ZX_GFP);
	if (!b) {
		status = ZX_ERR_NO_MEMORY;
		goto drop;
	}
	spin_lock_init(&b->lock);
	b->obj = obj;
	b->rights = rights;
	zx_stats_bridge(1);

	/* Once the file has it, the file owns the object: fput() drops it. */
	status = zx_anon_fd_user("[zircon-object]", &zx_bridge_fops, b, O_RDWR,
				 a->flags & ZX_LINUX_FD_CLOEXEC, a->out_fd,
				 &taken);
	if (status == ZX_OK || taken)
		return status;
	kfree(b);
	zx_stats_bridge(-1);

drop:
	zx_object_handle_put(obj);
	return status;
}

/**
 * zx_ioctl_fd_to_handle() - turn a handle_to_fd descriptor back into a handle
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * The descriptor stays open; the object it held becomes a handle again
 * (once: a second call finds the descriptor empty).
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_fd_to_handle(struct zx_table *t, void *arg)
{
	struct zx_ioc_fd_to_handle *a = arg;
	struct zx_object *obj;
	struct zx_reserved r;
	struct zx_bridge *b;
	struct file *file;
	zx_status_t status;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	file = fget(a->fd);
	if (!file)
		return ZX_ERR_BAD_HANDLE;
	if (file->f_op != &zx_bridge_fops) {
		status = ZX_ERR_WRONG_TYPE;
		goto put_file;
	}
	b = file->private_data;
	obj = zx_bridge_take(b);
	if (!obj) {
		status = ZX_ERR_BAD_HANDLE;
		goto put_file;
	}
	/*
	 * The handle becomes reachable only once its value is delivered, so
	 * a failed copy gives back exactly what was taken: the object goes
	 * back to the file with the file's rights, and no other handle of
	 * the table can be caught in between.
	 */
	status = zx_table_reserve(t, obj, b->rights, &r);
	if (status == ZX_OK &&
	    put_user(r.value, (zx_handle_t __user *)zx_uptr(a->out))) {
		zx_table_unreserve(t, &r);
		status = ZX_ERR_INVALID_ARGS;
	}
	if (status != ZX_OK) {
		/* Put it back: we hold the file, so nobody else took it. */
		spin_lock(&b->lock);
		b->obj = obj;
		spin_unlock(&b->lock);
		goto put_file;
	}
	zx_table_publish(t, &r);
put_file:
	fput(file);
	return status;
}
