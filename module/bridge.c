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
 * Locks: none of its own.  zx_bridge.obj changes only by xchg().
 */
#include <linux/anon_inodes.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"

struct zx_bridge {
	struct zx_object *obj;		/* NULL once taken */
	zx_rights_t rights;
};

static int zx_bridge_release(struct inode *inode, struct file *file)
{
	struct zx_bridge *b = file->private_data;
	struct zx_object *obj = xchg(&b->obj, NULL);

	if (obj)
		zx_object_handle_put(obj);
	kfree(b);
	return 0;
}

static const struct file_operations zx_bridge_fops = {
	.owner = THIS_MODULE,
	.release = zx_bridge_release,
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

zx_status_t zx_ioctl_handle_to_fd(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_handle_to_fd a;
	struct zx_object *obj;
	struct zx_bridge *b;
	zx_rights_t rights;
	zx_status_t status;
	bool taken;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	/* The handle is consumed from here on, whatever the outcome. */
	status = zx_table_take(t, a.handle, &obj, &rights);
	if (status != ZX_OK)
		return status;
	if (!(rights & ZX_RIGHT_TRANSFER))
		status = ZX_ERR_ACCESS_DENIED;
	else if (a.flags & ~ZX_LINUX_FD_CLOEXEC)
		status = ZX_ERR_INVALID_ARGS;
	if (status != ZX_OK)
		goto drop;

	b = kmalloc(sizeof(*b), ZX_GFP);
	if (!b) {
		status = ZX_ERR_NO_MEMORY;
		goto drop;
	}
	b->obj = obj;
	b->rights = rights;

	/* Once the file has it, the file owns the object: fput() drops it. */
	status = zx_anon_fd_user("[zircon-object]", &zx_bridge_fops, b, O_RDWR,
				 a.flags & ZX_LINUX_FD_CLOEXEC, a.out_fd,
				 &taken);
	if (status == ZX_OK || taken)
		return status;
	kfree(b);

drop:
	zx_object_handle_put(obj);
	return status;
}

zx_status_t zx_ioctl_fd_to_handle(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_fd_to_handle a;
	struct zx_object *obj;
	struct zx_reserved r;
	struct zx_bridge *b;
	struct file *file;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg) || a.reserved)
		return ZX_ERR_INVALID_ARGS;
	file = fget(a.fd);
	if (!file)
		return ZX_ERR_BAD_HANDLE;
	if (file->f_op != &zx_bridge_fops) {
		status = ZX_ERR_WRONG_TYPE;
		goto out;
	}
	b = file->private_data;
	obj = xchg(&b->obj, NULL);
	if (!obj) {
		status = ZX_ERR_BAD_HANDLE;
		goto out;
	}
	/*
	 * The handle becomes reachable only once its value is delivered, so
	 * a failed copy gives back exactly what was taken: the object goes
	 * back to the file with the file's rights, and no other handle of
	 * the table can be caught in between.
	 */
	status = zx_table_reserve(t, obj, b->rights, &r);
	if (status == ZX_OK &&
	    put_user(r.value, (zx_handle_t __user *)zx_uptr(a.out))) {
		zx_table_unreserve(t, &r);
		status = ZX_ERR_INVALID_ARGS;
	}
	if (status != ZX_OK) {
		/* Put it back: we hold the file, so nobody else touched it. */
		WRITE_ONCE(b->obj, obj);
		goto out;
	}
	zx_table_publish(t, &r);
out:
	fput(file);
	return status;
}
