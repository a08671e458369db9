// SPDX-License-Identifier: GPL-2.0
/*
 * Ending waits without packets: zx_port_cancel() (by source and key) and
 * zx_port_cancel_key() (by key alone); and the pollable descriptor of
 * zx_linux_port_fd().  No lock of its own: it takes zx_port.lock and
 * zx_object.lock in port.c's order (an object's outside a port's, and
 * never a port's while going to an object's).
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "zx.h"
#include "port.h"
#include "syscalls.h"

/*
 * Drops the queued packets with @key that came from an observer made
 * through the handle @ident, or, for a NULL @ident, every queued packet
 * with @key (zx_port_queue() ones too).  Returns whether any was dropped.
 */
static bool zx_port_unqueue_key(struct zx_port *port, const void *ident,
				u64 key)
{
	struct zx_pkt *pkt, *tmp;
	bool found = false;
	LIST_HEAD(reap);

	spin_lock(&port->lock);
	list_for_each_entry_safe(pkt, tmp, &port->queue, node) {
		if (pkt->p.key != key)
			continue;
		if (ident && (pkt->is_user || pkt->handle != ident))
			continue;
		if (pkt->is_user)
			port->nr_user--;
		list_move_tail(&pkt->node, &reap);
		found = true;
	}
	spin_unlock(&port->lock);
	zx_observers_reap(&reap);
	return found;
}

/**
 * zx_ioctl_port_cancel() - zx_port_cancel()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Disarms the waits made through one handle with one key, and drops the
 * packets they queued.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_port_cancel(struct zx_table *t, void *arg)
{
	struct zx_ioc_port_cancel *a = arg;
	struct zx_observer *o, *otmp;
	struct zx_object *obj;
	struct zx_port *port;
	const void *ident;
	zx_status_t status;
	bool found = false;
	LIST_HEAD(reap);

	status = zx_port_and_source(t, a->handle, a->source, &port, &obj, &ident);
	if (status != ZX_OK)
		return status;

	spin_lock(&obj->lock);
	list_for_each_entry_safe(o, otmp, &obj->observers, obj_node) {
		if (o->port == port && o->pkt.handle == ident &&
		    o->pkt.p.key == a->key) {
			zx_observer_disarm_locked(o, &reap);
			found = true;
		}
	}
	spin_unlock(&obj->lock);
	zx_observers_reap(&reap);

	if (zx_port_unqueue_key(port, ident, a->key))
		found = true;
	zx_object_put(obj);
	zx_object_put(&port->base);
	return found ? ZX_OK : ZX_ERR_NOT_FOUND;
}

/*
 * Under @port's lock: looks at up to ZX_PORT_WALK_BATCH observers from the
 * head of ->armed, of the *@left not yet looked at, and moves each that
 * lacks @key to the tail.  The ones not looked at stay together at the
 * head (new ones go to the tail), so *@left steps see each of them once.
 * Returns the object of the first with @key, referenced, or NULL.
 */
static struct zx_object *zx_port_find_key_locked(struct zx_port *port,
						 u64 key, unsigned long *left)
{
	struct zx_observer *o;
	int n;

	for (n = 0; n < ZX_PORT_WALK_BATCH && *left; n++) {
		o = list_first_entry_or_null(&port->armed, struct zx_observer,
					     port_node);
		if (!o) {
			*left = 0;
			break;
		}
		(*left)--;
		if (o->pkt.p.key == key) {
			zx_object_get(o->obj);
			return o->obj;
		}
		list_move_tail(&o->port_node, &port->armed);
	}
	return NULL;
}

/*
 * Ends every armed observer of @port with @key, one object at a time: the
 * port's lock finds an object, whose lock (taken after the port's is
 * dropped, in the lock order) disarms that object's observers for this
 * port and key.  The port's list is walked in batches with the lock
 * dropped in between, however many waits are armed (the per-user quota
 * allows millions).  An observer that fires meanwhile has left ->armed and
 * its packet is dropped by zx_port_unqueue_key() after this; one armed
 * meanwhile may or may not be ended, as if it came before or after.
 */
static bool zx_port_disarm_key(struct zx_port *port, u64 key)
{
	struct zx_object *target;
	unsigned long left;
	bool found = false;

	spin_lock(&port->lock);
	left = port->nr_armed;
	spin_unlock(&port->lock);
	for (;;) {
		spin_lock(&port->lock);
		target = zx_port_find_key_locked(port, key, &left);
		spin_unlock(&port->lock);
		if (!target) {
			if (!left)
				return found;
			cond_resched();
			continue;
		}
		if (zx_port_disarm_on(port, target, true, key))
			found = true;
	}
}

/**
 * zx_ioctl_port_cancel_key() - zx_port_cancel_key()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Zircon checks the options before the handle, and needs ZX_RIGHT_WRITE on
 * the port.  ZX_ERR_NOT_FOUND if neither an armed wait nor a queued packet
 * had the key.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_port_cancel_key(struct zx_table *t, void *arg)
{
	struct zx_ioc_port_cancel_key *a = arg;
	struct zx_port *port;
	zx_status_t status;
	bool found;

	status = zx_port_arg(t, a->options, a->handle, ZX_RIGHT_WRITE, &port);
	if (status != ZX_OK)
		return status;
	found = zx_port_disarm_key(port, a->key);
	if (zx_port_unqueue_key(port, NULL, a->key))
		found = true;
	zx_object_put(&port->base);
	return found ? ZX_OK : ZX_ERR_NOT_FOUND;
}

/* ---- zx_linux_port_fd(): the port seen by poll(2) and epoll ---- */

static __poll_t zx_port_fd_poll(struct file *file, poll_table *pt)
{
	struct zx_port *port = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &port->wq, pt);
	if (!list_empty(&port->queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(port->dead))
		mask |= EPOLLHUP;
	return mask;
}

static int zx_port_fd_release(struct inode *inode, struct file *file)
{
	struct zx_port *port = file->private_data;

	zx_object_put(&port->base);
	return 0;
}

static const struct file_operations zx_port_fd_fops = {
	.owner = THIS_MODULE,
	.poll = zx_port_fd_poll,
	.release = zx_port_fd_release,
	.llseek = noop_llseek,
};

/**
 * zx_ioctl_port_fd() - a descriptor that polls readable while the port has packets
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * The port stays in the handle table; the descriptor holds a reference.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_port_fd(struct zx_table *t, void *arg)
{
	struct zx_ioc_port_fd *a = arg;
	struct zx_port *port;
	zx_status_t status;
	bool taken;

	status = zx_port_arg(t, 0, a->handle, ZX_RIGHT_READ, &port);
	if (status != ZX_OK)
		return status;
	if (a->flags & ~ZX_LINUX_FD_CLOEXEC) {
		status = ZX_ERR_INVALID_ARGS;
		goto put_port;
	}
	/* Once the file has it, the file owns the reference. */
	status = zx_anon_fd_user("[zircon-port]", &zx_port_fd_fops,
				 port, O_RDONLY,
				 a->flags & ZX_LINUX_FD_CLOEXEC, a->out_fd,
				 &taken);
	if (status == ZX_OK || taken)
		return status;
put_port:
	zx_object_put(&port->base);
	return status;
}
