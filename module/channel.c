// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: two endpoints, each with a queue of messages written by its
 * peer; this file has the endpoints, zx_channel_write() and
 * zx_channel_read().  Messages are built, copied out and destroyed by
 * channel_msg.c, zx_channel_call() is in channel_call.c.  A message is some bytes and some handles in transit; a handle in a
 * message keeps its object's reference and its unit of handle_count, so the
 * object stays alive (and an eventpair or channel peer does not see
 * PEER_CLOSED) while it travels.
 *
 * Locks owned here:
 *
 *   zx_channel.lock   one per endpoint; protects ->queue, ->count, ->bytes,
 *                     ->calls, ->nr_suspended, ->txid, ->dead and
 *                     ->peer_closed (and with zx_gc_lock of channel_gc.c,
 *                     taken outside it, the collector's fields).
 *                     Taken outside zx_object.lock (the READABLE, WRITABLE
 *                     and PEER_CLOSED updates happen under it), never
 *                     together with zx_peer_link.lock or another endpoint's
 *                     zx_channel.lock, and never inside the table's xa_lock.
 *                     Objects are never released while it is held: messages
 *                     to destroy are collected on a list and destroyed after.
 *
 * Life of an endpoint: when its last handle goes (on_zero_handles) it is
 * marked dead, its queued messages are destroyed, pending calls on it end
 * with ZX_ERR_CANCELED, and its peer gets PEER_CLOSED (WRITABLE cleared) and
 * its calls end with ZX_ERR_PEER_CLOSED.  Destroying a message releases the
 * handles inside it; a channel endpoint released that way may hold messages
 * itself, and so on: that is done with a work list, not by recursion, so
 * the depth of nesting costs no kernel stack.
 *
 * Reference cycles through queues and suspended calls' replies are
 * collected by channel_gc.c, which explains how.  A message that answers a
 * call waiting on the endpoint goes to that call instead of the queue
 * (zx_channel_send(); see channel_call.c).
 */
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "channel.h"
#include "syscalls.h"
#include "trace.h"

/* Zircon's kMaxPendingMessageCount. */
ZX_LIMIT(uint, channel_max_pending, 3500,
	 "Most unread messages one channel endpoint holds (Zircon: 3500)");

/*
 * Bytes (as charged: headers, handles and data) of unread messages one
 * endpoint holds: 96 MiB, some 1,500 messages of the largest size.
 */
ZX_LIMIT(ulong, channel_max_queued_bytes, 96UL << 20,
	 "Most bytes of unread messages one channel endpoint holds");

/**
 * zx_channel_exit() - collect the channels left at module unload
 *
 * No table is left by then, so whatever channel remains is garbage.
 */
void zx_channel_exit(void)
{
	zx_gc_exit();
}

/* ------------------------------------------------------ the endpoints */

/**
 * zx_channel_lock_gc() - lock @ch, and zx_gc_lock first when it needs it
 * @ch: the endpoint
 * @gc: in: zx_gc_lock is held already; out: whether it is held now
 *
 * Endpoints leave a queue only under zx_gc_lock (see channel_gc.c), which
 * nests outside ch->lock: while @ch's queue holds any (->nr_ep), drop
 * ch->lock, take zx_gc_lock and lock again.  Undo with
 * zx_channel_unlock_gc().
 */
void zx_channel_lock_gc(struct zx_channel *ch, bool *gc)
	__acquires(&ch->lock)
{
	spin_lock(&ch->lock);
	if (!ch->nr_ep || *gc)
		return;
	spin_unlock(&ch->lock);
	mutex_lock(&zx_gc_lock);
	*gc = true;
	spin_lock(&ch->lock);
}

/**
 * zx_channel_unlock_gc() - undo zx_channel_lock_gc()
 * @ch: the endpoint
 * @gc: what zx_channel_lock_gc() left in its @gc
 */
void zx_channel_unlock_gc(struct zx_channel *ch, bool gc)
	__releases(&ch->lock)
{
	spin_unlock(&ch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);
}

/* Ends every waiting call of @ch with @status.  Under ch->lock. */
static void zx_channel_end_calls(struct zx_channel *ch, zx_status_t status)
{
	struct zx_call *c;

	lockdep_assert_held(&ch->lock);
	list_for_each_entry(c, &ch->calls, node) {
		if (c->status != ZX_CALL_WAITING)
			continue;
		c->status = status;
		if (c->task)
			wake_up_process(c->task);
	}
}

/**
 * zx_channel_shutdown() - the endpoint lost its last handle
 * @ch: the endpoint
 * @work: where its messages go (and the replies its suspended calls never
 *        collected), for the caller to destroy with zx_msg_destroy_list()
 *
 * Marks @ch dead, ends its calls with ZX_ERR_CANCELED and its peer's with
 * ZX_ERR_PEER_CLOSED, and gives the peer PEER_CLOSED.
 */
void zx_channel_shutdown(struct zx_channel *ch, struct list_head *work)
{
	struct zx_object *peer = zx_object_peer(&ch->base);
	struct zx_call *c, *tmp;
	bool gc = false;

	zx_channel_lock_gc(ch, &gc);
	ch->dead = true;
	if (ch->nr_ep)
		zx_gc_unhold_all(ch);
	list_splice_tail_init(&ch->queue, work);
	ch->count = 0;
	ch->bytes = 0;
	list_for_each_entry_safe(c, tmp, &ch->calls, node) {
		if (!c->suspended)
			continue;
		list_del(&c->node);
		ch->nr_suspended--;
		zx_call_free(c, work);
	}
	zx_channel_end_calls(ch, ZX_ERR_CANCELED);
	zx_channel_unlock_gc(ch, gc);

	zx_object_unpair(&ch->base);
	if (peer) {
		struct zx_channel *pch = zx_to_channel(peer);

		spin_lock(&pch->lock);
		pch->peer_closed = true;
		zx_channel_end_calls(pch, ZX_ERR_PEER_CLOSED);
		zx_object_update_signals(peer, ZX_CHANNEL_WRITABLE,
					 ZX_CHANNEL_PEER_CLOSED);
		spin_unlock(&pch->lock);
		zx_object_put(peer);
	}
	zx_msg_spare_drop(ch);
}

static void zx_channel_on_zero_handles(struct zx_object *obj)
{
	LIST_HEAD(work);

	zx_channel_shutdown(zx_to_channel(obj), &work);
	zx_msg_destroy_list(&work);
}

static void zx_channel_destroy(struct zx_object *obj)
{
	struct zx_channel *ch = zx_to_channel(obj);
	struct zx_call *c, *tmp;
	LIST_HEAD(work);

	/* Normally empty: on_zero_handles ran.  Not if creation failed. */
	WARN_ON_ONCE(ch->nr_ep);
	list_splice_init(&ch->queue, &work);
	list_for_each_entry_safe(c, tmp, &ch->calls, node) {
		list_del(&c->node);
		zx_call_free(c, &work);
	}
	zx_msg_spare_drop(ch);
	kfree(ch);
	zx_msg_destroy_list(&work);
}

const struct zx_object_ops zx_channel_ops = {
	.type = ZX_OBJ_TYPE_CHANNEL,
	/* PEER_CLOSED and WRITABLE change together in zx_channel_shutdown(). */
	.peer_closed_signal = 0,
	.on_zero_handles = zx_channel_on_zero_handles,
	.on_handle_put = zx_gc_handle_dropped,
	.destroy = zx_channel_destroy,
};

/* A new endpoint in *out (NULL when it could not even be allocated). */
static zx_status_t zx_channel_alloc(struct zx_object **out)
{
	struct zx_channel *ch = kzalloc(sizeof(*ch), ZX_GFP);

	*out = NULL;
	if (!ch)
		return ZX_ERR_NO_MEMORY;
	*out = &ch->base;
	spin_lock_init(&ch->lock);
	INIT_LIST_HEAD(&ch->queue);
	INIT_LIST_HEAD(&ch->calls);
	INIT_LIST_HEAD(&ch->ep_msgs);
	INIT_LIST_HEAD(&ch->gc_holder);
	INIT_LIST_HEAD(&ch->gc_node);
	INIT_LIST_HEAD(&ch->gc_stack);
	return zx_object_init(&ch->base, &zx_channel_ops,
			      ZX_CHANNEL_WRITABLE);
}

/**
 * zx_ioctl_channel_create() - zx_channel_create(): create a pair of channel ends
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY or
 * ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_channel_create(struct zx_table *t, void *arg)
{
	struct zx_object *c0, *c1;
	struct zx_ioc_create *a = arg;
	zx_status_t s0, s1;

	if (a->options || a->reserved)
		return ZX_ERR_INVALID_ARGS;

	s0 = zx_channel_alloc(&c0);
	s1 = zx_channel_alloc(&c1);
	return zx_table_install_new_pair_user(t, s0, c0, s1, c1,
					      ZX_DEFAULT_CHANNEL_RIGHTS,
					      a->out0, a->out1);
}

/*
 * Whether @pch's queue takes @m: at most channel_max_pending messages and
 * channel_max_queued_bytes bytes, and a fair share of the writer's quota:
 * with @m, the queue may hold no more than the writer's user still has
 * free.  So one reader that never reads holds at most half the quota, a
 * second one a quarter, and the writer keeps serving the others.  Past
 * any of them the write answers ZX_ERR_SHOULD_WAIT, as Zircon's does past
 * its message count.  Under pch->lock.
 */
static zx_status_t zx_channel_room(struct zx_channel *pch, struct zx_msg *m)
{
	size_t bytes = pch->bytes + zx_msg_bytes(m);

	lockdep_assert_held(&pch->lock);
	if (pch->count >= READ_ONCE(channel_max_pending) ||
	    bytes > READ_ONCE(channel_max_queued_bytes))
		return ZX_ERR_SHOULD_WAIT;
	if (m->user && bytes > zx_user_bytes_free(m->user))
		return ZX_ERR_SHOULD_WAIT;
	return ZX_OK;
}

/**
 * zx_channel_send() - write a message through an endpoint
 * @ch: the endpoint written to; the message goes to its peer
 * @t: the writer's handle table
 * @value: the writer's handle to @ch
 * @ident: the identity of that handle (zx_handle_lookup_ident())
 * @m: the message
 *
 * Puts @m in the queue of @ch's peer, or hands it to the call waiting for
 * it there.  If another thread moved or closed the writer's handle
 * meanwhile the write fails, so no message is written through a handle
 * after it was transferred.
 *
 * Return: ZX_OK (the message belongs to the channel), or ZX_ERR_BAD_HANDLE,
 * ZX_ERR_PEER_CLOSED or ZX_ERR_SHOULD_WAIT (it is still the caller's).
 */
zx_status_t zx_channel_send(struct zx_channel *ch, struct zx_table *t,
			    zx_handle_t value, const void *ident,
			    struct zx_msg *m)
{
	struct zx_object *peer = zx_object_peer(&ch->base);
	zx_txid_t txid = zx_msg_txid(m);
	/* Once queued, @m may be read and freed at once: not touched after. */
	bool gc = m->nr_ep;
	struct zx_channel *pch;
	zx_status_t status = ZX_OK;
	struct zx_call *c;

	if (!peer)
		return ZX_ERR_PEER_CLOSED;
	pch = zx_to_channel(peer);

	if (gc)
		mutex_lock(&zx_gc_lock);
	spin_lock(&pch->lock);
	if (!zx_table_holds(t, value, ident)) {
		status = ZX_ERR_BAD_HANDLE;
		goto unlock;
	}
	if (pch->dead) {
		status = ZX_ERR_PEER_CLOSED;
		goto unlock;
	}
	if (m->num_bytes >= sizeof(txid) && txid >= ZX_TXID_KERNEL) {
		list_for_each_entry(c, &pch->calls, node) {
			if (c->status != ZX_CALL_WAITING || c->txid != txid)
				continue;
			c->reply = m;
			c->status = ZX_OK;
			/* Held by the call: the collector sees its handles. */
			if (gc)
				zx_gc_hold(pch, m, c);
			if (c->task)
				wake_up_process(c->task);
			goto unlock;
		}
	}
	status = zx_channel_room(pch, m);
	if (status != ZX_OK)
		goto unlock;
	list_add_tail(&m->node, &pch->queue);
	pch->bytes += zx_msg_bytes(m);
	if (pch->count++ == 0)
		zx_object_update_signals(peer, 0, ZX_CHANNEL_READABLE);
	if (gc)
		zx_gc_hold(pch, m, NULL);
unlock:
	spin_unlock(&pch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);
	zx_object_put(peer);
	return status;
}

/* --------------------------------------------------------- writing */

/**
 * zx_ioctl_channel_write() - zx_channel_write() and zx_channel_write_etc()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 * @etc: true for zx_channel_write_etc() (handle dispositions)
 *
 * The handles named are consumed whatever happens, as on Zircon.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_channel_write(struct zx_table *t, void *arg, bool etc)
{
	struct zx_ioc_channel_write *a = arg;
	struct zx_write_req r;
	const void *ident;
	struct zx_channel *ch;
	struct zx_msg *m;
	zx_status_t status;

	r = (struct zx_write_req) {
		.bytes = a->bytes,
		.handles = a->handles,
		.num_bytes = a->num_bytes,
		.num_handles = a->num_handles,
		.options = a->options,
		.word_size = a->word_size,
		.etc = etc,
	};
	if (a->reserved) {
		zx_write_consume(t, &r);
		return ZX_ERR_INVALID_ARGS;
	}
	status = zx_write_prepare(t, a->handle, ZX_RIGHT_WRITE, &r, 0, &ident,
				  &ch, &m);
	if (status != ZX_OK)
		return status;
	status = zx_channel_send(ch, t, a->handle, ident, m);
	trace_zx_channel_write(&ch->base, a->num_bytes, a->num_handles, status);
	if (status != ZX_OK)
		zx_msg_destroy(m);
	zx_object_put(&ch->base);
	return status;
}

/* --------------------------------------------------------- reading */

/* Puts @m back at the head of @ch's queue (a read that could not finish). */
static void zx_channel_requeue(struct zx_channel *ch, struct zx_msg *m)
{
	bool gc = m->nr_ep;
	bool dead;

	if (gc)
		mutex_lock(&zx_gc_lock);
	spin_lock(&ch->lock);
	dead = ch->dead;
	if (!dead) {
		list_add(&m->node, &ch->queue);
		ch->bytes += zx_msg_bytes(m);
		if (ch->count++ == 0)
			zx_object_update_signals(&ch->base, 0,
						 ZX_CHANNEL_READABLE);
		if (gc)
			zx_gc_hold(ch, m, NULL);
	}
	spin_unlock(&ch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);
	if (dead)
		zx_msg_destroy(m);
}

/*
 * zx_channel_take(): takes the first message off @ch, read through the
 * handle @value (identity @ident) of @t, if it fits in @num_bytes and
 * @num_handles; with @discard, one that does not fit is taken too.  Its
 * sizes go in *@nb and *@nh and the message taken, if any, in *@out.
 * Returns ZX_OK, ZX_ERR_BUFFER_TOO_SMALL, ZX_ERR_BAD_HANDLE (the handle
 * was closed meanwhile), ZX_ERR_PEER_CLOSED or ZX_ERR_SHOULD_WAIT.
 */
static zx_status_t zx_channel_take(struct zx_table *t, zx_handle_t value,
				   const void *ident, struct zx_channel *ch,
				   u32 num_bytes, u32 num_handles,
				   bool discard, u32 *nb, u32 *nh,
				   struct zx_msg **out)
{
	struct zx_msg *m = NULL;
	zx_status_t status = ZX_OK;
	bool gc = false;

again:
	spin_lock(&ch->lock);
	if (!zx_table_holds(t, value, ident)) {
		status = ZX_ERR_BAD_HANDLE;
	} else if (list_empty(&ch->queue)) {
		status = ch->peer_closed ? ZX_ERR_PEER_CLOSED :
					   ZX_ERR_SHOULD_WAIT;
	} else {
		m = list_first_entry(&ch->queue, struct zx_msg, node);
		if (m->nr_ep && !gc) {
			/* Taking endpoints out of a queue: see the collector. */
			spin_unlock(&ch->lock);
			mutex_lock(&zx_gc_lock);
			gc = true;
			m = NULL;
			goto again;
		}
		*nb = m->num_bytes;
		*nh = m->num_handles;
		if (*nb > num_bytes || *nh > num_handles)
			status = ZX_ERR_BUFFER_TOO_SMALL;
		if (status == ZX_OK || discard) {
			list_del_init(&m->node);
			ch->bytes -= zx_msg_bytes(m);
			if (--ch->count == 0)
				zx_object_update_signals(&ch->base,
							 ZX_CHANNEL_READABLE,
							 0);
			if (m->nr_ep)
				zx_gc_unhold(ch, m);
		} else {
			m = NULL;	/* stays queued */
		}
	}
	spin_unlock(&ch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);

	*out = m;
	return status;
}

/*
 * Stores the sizes @nb and @nh of a message too large for the buffers of
 * the read @a: ZX_ERR_BUFFER_TOO_SMALL, or ZX_ERR_INVALID_ARGS if they
 * cannot be stored.
 */
static zx_status_t zx_read_sizes_to_user(const struct zx_ioc_channel_read *a,
					 u32 nb, u32 nh)
{
	if ((a->actual_bytes &&
	     put_user(nb, (u32 __user *)zx_uptr(a->actual_bytes))) ||
	    (a->actual_handles &&
	     put_user(nh, (u32 __user *)zx_uptr(a->actual_handles))))
		return ZX_ERR_INVALID_ARGS;
	return ZX_ERR_BUFFER_TOO_SMALL;
}

/**
 * zx_ioctl_channel_read() - zx_channel_read() and zx_channel_read_etc()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_channel_read, copied in
 * @etc: the _etc form (handle info records)
 *
 * Return: a Zircon status; see zx_channel_take() and zx_msg_to_user().
 */
zx_status_t zx_ioctl_channel_read(struct zx_table *t, void *arg, bool etc)
{
	struct zx_ioc_channel_read *a = arg;
	struct zx_read_out o;
	const void *ident;
	struct zx_channel *ch;
	struct zx_object *obj;
	struct zx_msg *m = NULL;
	zx_status_t status;
	u32 nb = 0, nh = 0;
	bool intact;

	status = zx_handle_lookup_ident(t, a->handle, &zx_channel_ops,
					ZX_RIGHT_READ, &obj, NULL, &ident);
	if (status != ZX_OK)
		return status;
	ch = zx_to_channel(obj);
	if (a->options & ~ZX_CHANNEL_READ_MAY_DISCARD) {
		status = ZX_ERR_NOT_SUPPORTED;
		goto put;
	}

	status = zx_channel_take(t, a->handle, ident, ch, a->num_bytes,
				 a->num_handles,
				 a->options & ZX_CHANNEL_READ_MAY_DISCARD,
				 &nb, &nh, &m);
	if (status == ZX_ERR_BUFFER_TOO_SMALL) {
		/* Discarded (MAY_DISCARD) or left in place; sizes reported. */
		zx_msg_destroy(m);
		status = zx_read_sizes_to_user(a, nb, nh);
		goto put;
	}
	if (status != ZX_OK)
		goto put;

	o = (struct zx_read_out) {
		.bytes = a->bytes,
		.handles = a->handles,
		.actual_bytes = a->actual_bytes,
		.actual_handles = a->actual_handles,
		.etc = etc,
	};
	status = zx_msg_to_user(t, ch, m, &o, &intact);
	if (status != ZX_OK) {
		/* No partial reads: the message stays first in the queue. */
		if (intact)
			zx_channel_requeue(ch, m);
		else
			zx_msg_destroy(m);
	}
put:
	trace_zx_channel_read(&ch->base, nb, nh, status);
	zx_object_put(&ch->base);
	return status;
}

