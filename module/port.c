// SPDX-License-Identifier: GPL-2.0
/*
 * Ports and asynchronous waits: zx_port_create(), zx_port_queue(),
 * zx_port_wait(), zx_port_cancel(), zx_port_cancel_key(),
 * zx_object_wait_async(), and the
 * pollable descriptor of zx_linux_port_fd().
 *
 * Locks owned here:
 *
 *   zx_port.lock  one per port: its packet queue, its list of armed
 *                 observers and ->nr_armed, ->nr_user and ->dead (the
 *                 spare slots need no lock: xchg).  Taken inside the
 *                 zx_object.lock of an object an observer watches (an
 *                 observer is armed, fires and is canceled under that
 *                 lock), never outside one: tearing a port down drops
 *                 zx_port.lock before it takes an object's lock.  Waiters
 *                 are woken under it (wait-queue locks nest inside).
 *
 * An observer is one zx_object_wait_async() registration.  While armed it
 * is on its object's ->observers list and on its port's ->armed list.  It
 * holds a reference to the object and one to the port from creation to
 * its end.  When a requested signal is asserted (level) or goes from
 * clear to set (ZX_WAIT_ASYNC_EDGE), it leaves both lists and its
 * embedded packet joins the port's queue: one packet per registration.
 * It ends when zx_port_wait() takes that packet, zx_port_cancel() or
 * zx_port_cancel_key() removes it, the handle it was made through goes away while it is armed (no
 * packet), or the port loses its last handle.
 *
 * Packets of zx_port_queue() are allocated per call; at most
 * max_port_packets wait on one port (Fuchsia's figure, 4096; past it
 * ZX_ERR_SHOULD_WAIT).  Every packet and observer is charged to the memory
 * cgroup and to its creator's max_queued_bytes_per_user quota
 * (ZX_ERR_NO_RESOURCES).
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/wait.h>

#include "zx.h"
#include "port.h"
#include "syscalls.h"

ZX_LIMIT(uint, max_port_packets, 4096,
	 "Most zx_port_queue() packets waiting on one port");

#define ZX_WAIT_ASYNC_OPTIONS	(ZX_ABI_WAIT_ASYNC_TIMESTAMP |		\
				 ZX_ABI_WAIT_ASYNC_EDGE |		\
				 ZX_ABI_WAIT_ASYNC_BOOT_TIMESTAMP)

static void zx_port_destroy(struct zx_object *obj);
static void zx_port_on_zero_handles(struct zx_object *obj);

const struct zx_object_ops zx_port_ops = {
	.type = ZX_OBJ_TYPE_PORT,
	.destroy = zx_port_destroy,
	.on_zero_handles = zx_port_on_zero_handles,
	.not_waitable = true,
};

/* Takes a spare from @slots (ZX_PORT_SPARES of them), or NULL. */
static void *zx_spare_take(void **slots)
{
	void *mem;
	int i;

	for (i = 0; i < ZX_PORT_SPARES; i++) {
		if (!READ_ONCE(slots[i]))
			continue;
		mem = xchg(&slots[i], NULL);
		if (mem)
			return mem;
	}
	return NULL;
}

/* Keeps @mem in a free slot of @slots, or frees it. */
static void zx_spare_put(void **slots, void *mem)
{
	int i;

	for (i = 0; i < ZX_PORT_SPARES; i++)
		if (!READ_ONCE(slots[i]) && !cmpxchg(&slots[i], NULL, mem))
			return;
	kfree(mem);
}

/* Frees every spare; the port is dying or dead. */
static void zx_port_free_spares(struct zx_port *port)
{
	int i;

	for (i = 0; i < ZX_PORT_SPARES; i++) {
		kfree(xchg(&port->spare_pkt[i], NULL));
		kfree(xchg(&port->spare_obs[i], NULL));
	}
}

/*
 * A packet zx_port_wait() delivered: its charge and references go, its
 * memory stays with @port as a spare.  The caller holds a reference to
 * @port, so an observer's own one is never the last.
 */
static void zx_port_recycle(struct zx_port *port, struct zx_pkt *pkt)
{
	struct zx_observer *o;

	if (pkt->is_user) {
		if (pkt->user)
			zx_user_uncharge_bytes(pkt->user, sizeof(*pkt));
		zx_spare_put((void **)port->spare_pkt, pkt);
		return;
	}
	o = container_of(pkt, struct zx_observer, pkt);
	if (pkt->user)
		zx_user_uncharge_bytes(pkt->user, sizeof(*o));
	zx_object_put(o->obj);
	zx_object_put(&o->port->base);
	zx_spare_put((void **)port->spare_obs, o);
}

/**
 * zx_observers_reap() - free packets and observers that left every list
 * @reap: the list they were gathered on
 *
 * Takes no lock.
 */
void zx_observers_reap(struct list_head *reap)
{
	struct zx_pkt *pkt, *tmp;

	list_for_each_entry_safe(pkt, tmp, reap, node) {
		list_del(&pkt->node);
		if (pkt->user)
			zx_user_uncharge_bytes(pkt->user, pkt->is_user ?
					       sizeof(*pkt) :
					       sizeof(struct zx_observer));
		if (pkt->is_user) {
			kfree(pkt);
		} else {
			struct zx_observer *o =
				container_of(pkt, struct zx_observer, pkt);

			zx_object_put(o->obj);
			zx_object_put(&o->port->base);
			kfree(o);
		}
	}
}

/* Queues @pkt, or reaps it if the port is dead.  Under port->lock. */
static void zx_port_enqueue_locked(struct zx_port *port, struct zx_pkt *pkt,
				   struct list_head *reap)
{
	lockdep_assert_held(&port->lock);
	if (port->dead) {
		list_add_tail(&pkt->node, reap);
		return;
	}
	list_add_tail(&pkt->node, &port->queue);
	/* Most queueing finds no one waiting: skip the wait queue's lock. */
	if (wq_has_sleeper(&port->wq))
		wake_up(&port->wq);
}

/* Fires @o: it has left @obj's list; its packet goes to its port. */
static void zx_observer_fire_locked(struct zx_object *obj,
				    struct zx_observer *o,
				    struct list_head *reap)
{
	struct zx_port *port = o->port;
	struct zx_abi_packet_signal *sig = &o->pkt.p.signal;

	sig->observed = obj->signals;
	sig->count = 1;
	if (o->options & ZX_ABI_WAIT_ASYNC_TIMESTAMP)
		sig->timestamp = ktime_get_ns();
	else if (o->options & ZX_ABI_WAIT_ASYNC_BOOT_TIMESTAMP)
		sig->timestamp = ktime_get_boottime_ns();
	spin_lock(&port->lock);
	if (!list_empty(&o->port_node)) {	/* not when it fires at once */
		list_del_init(&o->port_node);
		port->nr_armed--;
	}
	zx_port_enqueue_locked(port, &o->pkt, reap);
	spin_unlock(&port->lock);
}

/**
 * zx_observers_update_locked() - fire the observers the new signals satisfy
 * @obj: the object, whose lock is held and whose ->signals just changed
 * @old: the signals before the change
 * @reap: where observers whose port died are put, for zx_observers_reap()
 *        after the object's lock is dropped
 */
void zx_observers_update_locked(struct zx_object *obj, zx_signals_t old,
				struct list_head *reap)
{
	zx_signals_t now = obj->signals, rising = now & ~old;
	struct zx_observer *o, *tmp;

	lockdep_assert_held(&obj->lock);
	list_for_each_entry_safe(o, tmp, &obj->observers, obj_node) {
		zx_signals_t hit = (o->options & ZX_ABI_WAIT_ASYNC_EDGE) ?
				   rising : now;

		if (!(hit & o->trigger))
			continue;
		list_del_init(&o->obj_node);
		zx_observer_fire_locked(obj, o, reap);
	}
}

/**
 * zx_observer_disarm_locked() - end an armed observer without a packet
 * @o: the observer, on its object's list; that object's lock is held
 * @reap: where it goes, for zx_observers_reap() once the lock is dropped
 */
void zx_observer_disarm_locked(struct zx_observer *o, struct list_head *reap)
{
	list_del_init(&o->obj_node);
	spin_lock(&o->port->lock);
	if (!list_empty(&o->port_node)) {
		list_del_init(&o->port_node);
		o->port->nr_armed--;
	}
	spin_unlock(&o->port->lock);
	list_add_tail(&o->pkt.node, reap);
}

/**
 * zx_observers_cancel_locked() - end the armed waits made through a handle
 * @obj: the object, whose lock is held
 * @handle: the identity of the handle that is going away
 * @reap: where the ended observers go, for zx_observers_reap()
 */
void zx_observers_cancel_locked(struct zx_object *obj, const void *handle,
				struct list_head *reap)
{
	struct zx_observer *o, *tmp;

	lockdep_assert_held(&obj->lock);
	list_for_each_entry_safe(o, tmp, &obj->observers, obj_node)
		if (o->pkt.handle == handle)
			zx_observer_disarm_locked(o, reap);
}

/**
 * zx_port_disarm_on() - end a batch of a port's observers on one object
 * @port: the port
 * @target: an object the port's observers watch, with a reference of the
 *          caller's, which this drops
 * @by_key: end only the observers with @key
 * @key: the key, with @by_key
 *
 * For the port's teardown and zx_port_cancel_key(): under @target's lock
 * (taken after the port's is dropped, in the lock order), ends up to
 * ZX_PORT_WALK_BATCH of them (the caller finds the rest on its next turn),
 * then yields the CPU.
 *
 * Return: whether any observer was ended.
 */
bool zx_port_disarm_on(struct zx_port *port, struct zx_object *target,
		       bool by_key, u64 key)
{
	struct zx_observer *o, *tmp;
	unsigned int n = 0;
	bool found = false;
	LIST_HEAD(reap);

	spin_lock(&target->lock);
	list_for_each_entry_safe(o, tmp, &target->observers, obj_node) {
		if (o->port != port || (by_key && o->pkt.p.key != key))
			continue;
		zx_observer_disarm_locked(o, &reap);
		found = true;
		if (++n == ZX_PORT_WALK_BATCH)
			break;
	}
	spin_unlock(&target->lock);
	zx_observers_reap(&reap);
	zx_object_put(target);
	cond_resched();
	return found;
}

/*
 * The port's last handle is gone: nothing can take packets any more.  Its
 * queued packets are dropped, its armed observers leave their objects,
 * and its descriptors (zx_linux_port_fd()) report EPOLLHUP.
 */
static void zx_port_on_zero_handles(struct zx_object *obj)
{
	struct zx_port *port = zx_to_port(obj);
	struct zx_object *target;
	struct zx_observer *o;
	LIST_HEAD(reap);

	spin_lock(&port->lock);
	port->dead = true;
	list_splice_init(&port->queue, &reap);
	port->nr_user = 0;
	spin_unlock(&port->lock);
	wake_up_all(&port->wq);
	zx_observers_reap(&reap);
	zx_port_free_spares(port);

	for (;;) {
		spin_lock(&port->lock);
		o = list_first_entry_or_null(&port->armed, struct zx_observer,
					     port_node);
		if (!o) {
			spin_unlock(&port->lock);
			break;
		}
		/* An armed observer holds its object: so may we, briefly. */
		target = o->obj;
		zx_object_get(target);
		spin_unlock(&port->lock);

		/* A batch at a time: the rest on the next turn. */
		zx_port_disarm_on(port, target, false, 0);
	}
}

static void zx_port_destroy(struct zx_object *obj)
{
	struct zx_port *port = zx_to_port(obj);

	/* Emptied when its last handle went; observers hold references. */
	WARN_ON_ONCE(!list_empty(&port->queue) || !list_empty(&port->armed));
	/* A zx_port_wait() racing the last close may have kept one more. */
	zx_port_free_spares(port);
	kfree(port);
}

/**
 * zx_ioctl_port_create() - zx_port_create()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_port_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_create *a = arg;
	struct zx_port *port;
	zx_status_t status;

	if (a->reserved || a->out1)
		return ZX_ERR_INVALID_ARGS;
	if (a->options == ZX_ABI_PORT_BIND_TO_INTERRUPT)
		return ZX_ERR_NOT_SUPPORTED;	/* there are no interrupts */
	if (a->options)
		return ZX_ERR_INVALID_ARGS;
	port = kzalloc(sizeof(*port), ZX_GFP);
	if (!port)
		return ZX_ERR_NO_MEMORY;
	spin_lock_init(&port->lock);
	INIT_LIST_HEAD(&port->queue);
	INIT_LIST_HEAD(&port->armed);
	port->nr_user = 0;
	port->dead = false;
	init_waitqueue_head(&port->wq);
	status = zx_object_init(&port->base, &zx_port_ops, 0);
	return zx_table_install_new_user(t, status, &port->base,
					 ZX_DEFAULT_PORT_RIGHTS, a->out0);
}

/**
 * zx_port_arg() - the port of a port call, after its zero field
 * @t: the caller's handle table
 * @zero: the call's field that must be 0 (its reserved field or
 *        options), checked first, as Zircon does
 * @value: the port's handle value
 * @need: the rights the handle must have
 * @port: on success, the port, with a reference the caller drops
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS if @zero is not 0, or a status of
 * zx_handle_lookup().
 */
zx_status_t zx_port_arg(struct zx_table *t, u64 zero, zx_handle_t value,
			zx_rights_t need, struct zx_port **port)
{
	if (zero)
		return ZX_ERR_INVALID_ARGS;
	return zx_lookup_as(t, value, &zx_port_ops, need, port, NULL);
}

/**
 * zx_ioctl_port_queue() - zx_port_queue() of a user packet
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_port_queue(struct zx_table *t, void *arg)
{
	struct zx_ioc_port_queue *a = arg;
	struct zx_port *port;
	struct zx_pkt *pkt;
	zx_status_t status;
	LIST_HEAD(reap);

	status = zx_port_arg(t, a->reserved, a->handle, ZX_RIGHT_WRITE, &port);
	if (status != ZX_OK)
		return status;

	pkt = zx_spare_take((void **)port->spare_pkt);
	if (!pkt)
		pkt = kmalloc(sizeof(*pkt), ZX_GFP);
	if (!pkt) {
		status = ZX_ERR_NO_MEMORY;
		goto put_port;
	}
	if (zx_copy_in(&pkt->p, zx_uptr(a->packet), sizeof(pkt->p))) {
		zx_spare_put((void **)port->spare_pkt, pkt);
		status = ZX_ERR_INVALID_ARGS;
		goto put_port;
	}
	/* Whatever the caller put there, this is a user packet. */
	pkt->p.type = ZX_ABI_PKT_TYPE_USER;
	pkt->handle = NULL;
	pkt->is_user = true;
	status = zx_user_charge_current(sizeof(*pkt), &pkt->user);
	if (status != ZX_OK) {
		zx_spare_put((void **)port->spare_pkt, pkt);
		goto put_port;
	}

	spin_lock(&port->lock);
	if (port->nr_user >= READ_ONCE(max_port_packets)) {
		list_add(&pkt->node, &reap);
		status = ZX_ERR_SHOULD_WAIT;
	} else {
		if (!port->dead)
			port->nr_user++;
		zx_port_enqueue_locked(port, pkt, &reap);
	}
	spin_unlock(&port->lock);
	zx_observers_reap(&reap);
put_port:
	zx_object_put(&port->base);
	return status;
}

/* Takes the oldest packet off the queue, or returns NULL. */
static struct zx_pkt *zx_port_dequeue(struct zx_port *port)
{
	struct zx_pkt *pkt;

	spin_lock(&port->lock);
	pkt = list_first_entry_or_null(&port->queue, struct zx_pkt, node);
	if (pkt) {
		list_del_init(&pkt->node);
		if (pkt->is_user)
			port->nr_user--;
	}
	spin_unlock(&port->lock);
	return pkt;
}

/* Puts a packet that could not be delivered back at the head. */
static void zx_port_requeue(struct zx_port *port, struct zx_pkt *pkt)
{
	LIST_HEAD(reap);

	spin_lock(&port->lock);
	if (port->dead) {
		list_add(&pkt->node, &reap);
	} else {
		list_add(&pkt->node, &port->queue);
		if (pkt->is_user)
			port->nr_user++;
		wake_up(&port->wq);
	}
	spin_unlock(&port->lock);
	zx_observers_reap(&reap);
}

static bool zx_port_has_packets(const void *arg)
{
	const struct zx_port *port = arg;

	return !list_empty(&port->queue);
}

/*
 * Sleeps as an exclusive waiter on the port's wait queue until a packet
 * can be taken, the deadline passes (ZX_ERR_TIMED_OUT) or a Linux signal
 * is pending (ZXK_RESTART).  One queued packet wakes one such waiter; a
 * waiter that leaves without a packet while packets remain wakes the next.
 */
static zx_status_t zx_port_take(struct zx_port *port, s64 deadline,
				struct zx_pkt **out)
{
	struct wait_queue_entry wait;
	struct zx_pkt *pkt;
	bool timed_out = false;

	pkt = zx_port_dequeue(port);
	if (pkt)
		goto got;
	if (zx_deadline_passed(deadline))
		return ZX_ERR_TIMED_OUT;

	init_waitqueue_entry(&wait, current);
	add_wait_queue_exclusive(&port->wq, &wait);
	for (;;) {
		pkt = zx_port_dequeue(port);
		if (pkt || timed_out || signal_pending(current))
			break;
		timed_out = zx_wait_deadline_as(ZX_THREAD_STATE_BLOCKED_PORT,
						zx_port_has_packets, port,
						deadline);
	}
	remove_wait_queue(&port->wq, &wait);
	if (!pkt) {
		if (!list_empty(&port->queue))
			wake_up(&port->wq);
		return timed_out ? ZX_ERR_TIMED_OUT : ZXK_RESTART;
	}
got:
	if (!list_empty(&port->queue) && wq_has_sleeper(&port->wq))
		wake_up(&port->wq);
	*out = pkt;
	return ZX_OK;
}

/**
 * zx_ioctl_port_wait() - zx_port_wait()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_port_wait(struct zx_table *t, void *arg)
{
	struct zx_ioc_port_wait *a = arg;
	struct zx_port *port;
	struct zx_pkt *pkt = NULL;
	zx_status_t status;

	status = zx_port_arg(t, a->reserved, a->handle, ZX_RIGHT_READ, &port);
	if (status != ZX_OK)
		return status;
	if (!a->packet) {
		status = ZX_ERR_INVALID_ARGS;
		goto put_port;
	}
	status = zx_port_take(port, a->deadline, &pkt);
	if (status != ZX_OK)
		goto put_port;
	if (copy_to_user(zx_uptr(a->packet), &pkt->p, sizeof(pkt->p))) {
		/* Not delivered: the next caller gets it. */
		zx_port_requeue(port, pkt);
		status = ZX_ERR_INVALID_ARGS;
		goto put_port;
	}
	zx_port_recycle(port, pkt);
put_port:
	zx_object_put(&port->base);
	return status;
}

/* A new observer for @obj on @port; it takes over both references. */
static struct zx_observer *zx_observer_new(struct zx_object *obj,
					   struct zx_port *port,
					   const void *ident,
					   const struct zx_ioc_object_wait_async *a,
					   zx_status_t *status)
{
	struct zx_observer *o;

	o = zx_spare_take((void **)port->spare_obs);
	if (!o)
		o = kmalloc(sizeof(*o), ZX_GFP);
	if (!o) {
		*status = ZX_ERR_NO_MEMORY;
		return NULL;
	}
	*status = zx_user_charge_current(sizeof(*o), &o->pkt.user);
	if (*status != ZX_OK) {
		zx_spare_put((void **)port->spare_obs, o);
		return NULL;
	}
	memset(&o->pkt.p, 0, sizeof(o->pkt.p));
	o->obj = obj;
	o->port = port;
	o->trigger = a->signals;
	o->options = a->options;
	INIT_LIST_HEAD(&o->obj_node);
	INIT_LIST_HEAD(&o->port_node);
	o->pkt.handle = ident;
	o->pkt.is_user = false;
	o->pkt.p.key = a->key;
	o->pkt.p.type = ZX_ABI_PKT_TYPE_SIGNAL_ONE;
	o->pkt.p.status = ZX_OK;
	o->pkt.p.signal.trigger = a->signals;
	return o;
}

/*
 * Arms @o on its object, or fires it at once if a requested signal is
 * asserted and it is not an EDGE wait.  The handle it was made through
 * must still be in the table: else it ends at once (ZX_ERR_BAD_HANDLE, as
 * if the handle had been closed before the call).
 */
static zx_status_t zx_observer_arm(struct zx_table *t, zx_handle_t value,
				   struct zx_observer *o)
{
	struct zx_object *obj = o->obj;
	struct zx_port *port = o->port;
	zx_status_t status = ZX_OK;
	LIST_HEAD(reap);

	spin_lock(&obj->lock);
	if (!zx_table_holds(t, value, o->pkt.handle)) {
		list_add(&o->pkt.node, &reap);
		status = ZX_ERR_BAD_HANDLE;
	} else if (!(o->options & ZX_ABI_WAIT_ASYNC_EDGE) &&
		   (obj->signals & o->trigger)) {
		zx_observer_fire_locked(obj, o, &reap);
	} else {
		list_add_tail(&o->obj_node, &obj->observers);
		spin_lock(&port->lock);
		if (port->dead) {
			list_del_init(&o->obj_node);
			list_add(&o->pkt.node, &reap);
		} else {
			list_add_tail(&o->port_node, &port->armed);
			port->nr_armed++;
		}
		spin_unlock(&port->lock);
	}
	spin_unlock(&obj->lock);
	zx_observers_reap(&reap);
	return status;
}

/**
 * zx_port_and_source() - look up a port and a waitable object
 * @t: the caller's handle table
 * @pval: the port's handle, which needs ZX_RIGHT_WRITE
 * @sval: the object's handle, which needs ZX_RIGHT_WAIT
 * @port: on success, the port, referenced
 * @obj: on success, the object, referenced
 * @ident: on success, the identity of the handle @sval
 *
 * In Zircon's order, for zx_object_wait_async() and zx_port_cancel().
 *
 * Return: ZX_OK or the first error found.
 */
zx_status_t zx_port_and_source(struct zx_table *t, zx_handle_t pval,
			       zx_handle_t sval, struct zx_port **port,
			       struct zx_object **obj, const void **ident)
{
	struct zx_lookup l[2] = {
		{ .value = pval, .type = &zx_port_ops, .need = ZX_RIGHT_WRITE },
		{ .value = sval, .need = ZX_RIGHT_WAIT },
	};
	zx_status_t status;

	/* Both handles under one hold of the table's lock. */
	status = zx_handle_lookup_many(t, l, 2);
	if (status != ZX_OK)
		return status;
	if (l[1].obj->ops->not_waitable) {
		zx_object_put(l[1].obj);
		zx_object_put(l[0].obj);
		return ZX_ERR_NOT_SUPPORTED;
	}
	*port = zx_to_port(l[0].obj);
	*obj = l[1].obj;
	*ident = l[1].ident;
	return ZX_OK;
}

/**
 * zx_ioctl_wait_async() - zx_object_wait_async()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Needs ZX_RIGHT_WAIT on the object and ZX_RIGHT_WRITE on the port.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_wait_async(struct zx_table *t, void *arg)
{
	struct zx_ioc_object_wait_async *a = arg;
	struct zx_observer *o;
	struct zx_object *obj;
	struct zx_port *port;
	const void *ident;
	zx_status_t status;

	if ((a->options & ~ZX_WAIT_ASYNC_OPTIONS) ||
	    ((a->options & ZX_ABI_WAIT_ASYNC_TIMESTAMP) &&
	     (a->options & ZX_ABI_WAIT_ASYNC_BOOT_TIMESTAMP)))
		return ZX_ERR_INVALID_ARGS;
	status = zx_port_and_source(t, a->port, a->handle, &port, &obj, &ident);
	if (status != ZX_OK)
		return status;
	o = zx_observer_new(obj, port, ident, a, &status);
	if (!o) {
		zx_object_put(obj);
		zx_object_put(&port->base);
		return status;
	}
	return zx_observer_arm(t, a->handle, o);
}
