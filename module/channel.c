// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: two endpoints, each with a queue of messages written by its
 * peer.  A message is some bytes and some handles in transit; a handle in a
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
 * collected by channel_gc.c, which explains how.
 *
 * zx_channel_call(): the caller's endpoint keeps a list of calls waiting
 * for a reply (struct zx_call).  A message written to that endpoint whose
 * transaction id matches a waiting call goes to that call instead of the
 * queue.  A call interrupted by a Linux signal stays on the list, marked
 * suspended, and the ioctl returns ZXK_RESTART; when the same thread
 * restarts the same ioctl (same argument address) it resumes that call's
 * wait instead of writing again, as Zircon's vDSO resumes with
 * zx_channel_call_finish().
 */
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <linux/zircon.h>

#include "channel.h"

/* Zircon's kMaxPendingMessageCount. */
static unsigned int channel_max_pending = 3500;
module_param(channel_max_pending, uint, 0644);
MODULE_PARM_DESC(channel_max_pending,
		 "Most unread messages one channel endpoint holds (Zircon: 3500)");

/*
 * Bytes (as charged: headers, handles and data) of unread messages one
 * endpoint holds: 96 MiB, some 1,500 messages of the largest size.
 */
static unsigned long channel_max_queued_bytes = 96UL << 20;
module_param(channel_max_queued_bytes, ulong, 0644);
MODULE_PARM_DESC(channel_max_queued_bytes,
		 "Most bytes of unread messages one channel endpoint holds");

/* Interrupted calls one endpoint keeps for their threads to resume. */
#define ZX_CHANNEL_MAX_SUSPENDED	64

/* Kernel-generated transaction ids have the top bit set. */
#define ZX_TXID_KERNEL			0x80000000u


static u8 *zx_msg_data(struct zx_msg *m)
{
	return m->data;
}

static bool zx_msg_data_inline(struct zx_msg *m)
{
	return m->data == (u8 *)&m->handles[m->num_handles];
}

static zx_txid_t zx_msg_txid(struct zx_msg *m)
{
	zx_txid_t txid = 0;

	if (m->num_bytes >= sizeof(txid))
		memcpy(&txid, zx_msg_data(m), sizeof(txid));
	return txid;
}

/* What a message costs its writer's user: header, handles and bytes. */
static size_t zx_msg_size(u32 num_bytes, u32 num_handles)
{
	struct zx_msg *m;

	return struct_size(m, handles, num_handles) + num_bytes;
}

/*
 * A new message, charged to the writer's user: ZX_ERR_NO_MEMORY, or
 * ZX_ERR_NO_RESOURCES past max_queued_bytes_per_user.
 */
static zx_status_t zx_msg_alloc(u32 num_bytes, u32 num_handles,
				struct zx_msg **out)
{
	size_t size = zx_msg_size(num_bytes, num_handles);
	size_t head = size - num_bytes;
	bool inline_data = size <= PAGE_SIZE;
	struct zx_user *u = zx_user_current();
	zx_status_t status;
	struct zx_msg *m;

	if (!u)
		return ZX_ERR_NO_MEMORY;
	status = zx_user_charge_bytes(u, size);
	if (status != ZX_OK)
		return status;
	m = kvmalloc(inline_data ? size : head, ZX_GFP);
	if (!m)
		goto nomem;
	m->data = (u8 *)&m->handles[num_handles];
	if (!inline_data) {
		m->data = kvmalloc(num_bytes, ZX_GFP);
		if (!m->data) {
			kvfree(m);
			goto nomem;
		}
	}
	INIT_LIST_HEAD(&m->node);
	INIT_LIST_HEAD(&m->ep_node);
	m->call = NULL;
	m->user = u;
	m->nr_ep = 0;
	m->num_bytes = num_bytes;
	m->num_handles = num_handles;
	memset(m->handles, 0, num_handles * sizeof(m->handles[0]));
	*out = m;
	return ZX_OK;

nomem:
	zx_user_uncharge_bytes(u, size);
	return ZX_ERR_NO_MEMORY;
}

size_t zx_msg_bytes(const struct zx_msg *m)
{
	return zx_msg_size(m->num_bytes, m->num_handles);
}

/* Frees the message itself; its handles are gone or someone else's. */
static void zx_msg_free(struct zx_msg *m)
{
	zx_user_uncharge_bytes(m->user,
			       zx_msg_size(m->num_bytes, m->num_handles));
	if (!zx_msg_data_inline(m))
		kvfree(m->data);
	kvfree(m);
}

/* ------------------------------------------------ destroying messages */

static void zx_channel_shutdown(struct zx_channel *ch, struct list_head *work);

/*
 * Releases one handle taken out of a message.  A channel endpoint losing
 * its last handle this way has its own messages put on @work instead of
 * being destroyed here, which keeps the release iterative.
 */
static void zx_msg_handle_release(struct zx_object *obj,
				  struct list_head *work)
{
	if (!zx_is_channel(obj)) {
		zx_object_handle_put(obj);
		return;
	}
	if (atomic_dec_and_test(&obj->handle_count))
		zx_channel_shutdown(to_channel(obj), work);
	else
		zx_gc_handle_dropped(obj);
	zx_object_put(obj);
}

/* Destroys every message on @work, and every message they lead to. */
void zx_msg_destroy_list(struct list_head *work)
{
	struct zx_msg *m;
	u32 i;

	while (!list_empty(work)) {
		m = list_first_entry(work, struct zx_msg, node);
		list_del(&m->node);
		for (i = 0; i < m->num_handles; i++)
			if (m->handles[i].obj)
				zx_msg_handle_release(m->handles[i].obj, work);
		zx_msg_free(m);
		cond_resched();
	}
}

static void zx_msg_destroy(struct zx_msg *m)
{
	LIST_HEAD(work);

	if (!m)
		return;
	list_add(&m->node, &work);
	zx_msg_destroy_list(&work);
}

/* At module unload: no table is left, so whatever remains is garbage. */
void zx_channel_exit(void)
{
	zx_gc_exit();
}

/* ------------------------------------------------------ the endpoints */

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

static void zx_call_free(struct zx_call *c, struct list_head *work)
{
	if (c->reply)
		list_add_tail(&c->reply->node, work);
	put_pid(c->pid);
	kfree(c);
}

/*
 * The endpoint lost its last handle.  Its messages (and the replies its
 * suspended calls never collected) go on @work for the caller to destroy.
 */
static void zx_channel_shutdown(struct zx_channel *ch, struct list_head *work)
{
	struct zx_object *peer = zx_object_peer(&ch->base);
	struct zx_call *c, *tmp;
	bool gc = false;

again:
	spin_lock(&ch->lock);
	if (ch->nr_ep && !gc) {
		spin_unlock(&ch->lock);
		mutex_lock(&zx_gc_lock);
		gc = true;
		goto again;
	}
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
	spin_unlock(&ch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);

	zx_object_unpair(&ch->base);
	if (peer) {
		struct zx_channel *pch = to_channel(peer);

		spin_lock(&pch->lock);
		pch->peer_closed = true;
		zx_channel_end_calls(pch, ZX_ERR_PEER_CLOSED);
		zx_object_update_signals(peer, ZX_CHANNEL_WRITABLE,
					 ZX_CHANNEL_PEER_CLOSED);
		spin_unlock(&pch->lock);
		zx_object_put(peer);
	}
}

static void zx_channel_on_zero_handles(struct zx_object *obj)
{
	LIST_HEAD(work);

	zx_channel_shutdown(to_channel(obj), &work);
	zx_msg_destroy_list(&work);
}

static void zx_channel_destroy(struct zx_object *obj)
{
	struct zx_channel *ch = to_channel(obj);
	struct zx_call *c, *tmp;
	LIST_HEAD(work);

	/* Normally empty: on_zero_handles ran.  Not if creation failed. */
	WARN_ON_ONCE(ch->nr_ep);
	list_splice_init(&ch->queue, &work);
	list_for_each_entry_safe(c, tmp, &ch->calls, node) {
		list_del(&c->node);
		zx_call_free(c, &work);
	}
	kfree(ch);
	zx_msg_destroy_list(&work);
}

const struct zx_object_ops zx_channel_ops = {
	.type = ZX_OBJ_TYPE_CHANNEL,
	.signal_mask = ZX_USER_SIGNAL_ALL,
	.peer_signal_mask = ZX_USER_SIGNAL_ALL,
	/* PEER_CLOSED and WRITABLE change together in zx_channel_shutdown(). */
	.peer_closed_signal = 0,
	.on_zero_handles = zx_channel_on_zero_handles,
	.on_handle_put = zx_gc_handle_dropped,
	.destroy = zx_channel_destroy,
};

/* A new endpoint in *out (NULL when it could not even be allocated). */
static zx_status_t zx_channel_alloc(struct zx_channel **out)
{
	struct zx_channel *ch = kzalloc(sizeof(*ch), ZX_GFP);

	*out = ch;
	if (!ch)
		return ZX_ERR_NO_MEMORY;
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
 * @uarg: user pointer to struct zx_ioc_create
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY or
 * ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_channel_create(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_create a;
	struct zx_channel *c0, *c1;
	zx_status_t status, s1;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	if (a.options || a.reserved)
		return ZX_ERR_INVALID_ARGS;

	status = zx_channel_alloc(&c0);
	s1 = zx_channel_alloc(&c1);
	if (status == ZX_OK)
		status = s1;
	if (status != ZX_OK) {
		if (c0)
			zx_object_put(&c0->base);
		if (c1)
			zx_object_put(&c1->base);
		return status;
	}
	return zx_table_install_pair_user(t, &c0->base, &c1->base,
					  ZX_DEFAULT_CHANNEL_RIGHTS,
					  a.out0, a.out1);
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

/*
 * Puts @m in the queue of @ch's peer, or hands it to the call waiting for
 * it there.  On success the message belongs to the channel; on failure it
 * is still the caller's.  @t, @value and @ident name the writer's handle:
 * if another thread moved or closed it meanwhile the write fails, so no
 * message is written through a handle after it was transferred.
 */
static zx_status_t zx_channel_send(struct zx_channel *ch, struct zx_table *t,
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
	pch = to_channel(peer);

	if (gc)
		mutex_lock(&zx_gc_lock);
	spin_lock(&pch->lock);
	if (!zx_table_holds(t, value, ident)) {
		status = ZX_ERR_BAD_HANDLE;
		goto out;
	}
	if (pch->dead) {
		status = ZX_ERR_PEER_CLOSED;
		goto out;
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
			goto out;
		}
	}
	status = zx_channel_room(pch, m);
	if (status != ZX_OK)
		goto out;
	list_add_tail(&m->node, &pch->queue);
	pch->bytes += zx_msg_bytes(m);
	if (pch->count++ == 0)
		zx_object_update_signals(peer, 0, ZX_CHANNEL_READABLE);
	if (gc)
		zx_gc_hold(pch, m, NULL);
out:
	spin_unlock(&pch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);
	zx_object_put(peer);
	return status;
}

/* --------------------------------------------------------- writing */

struct zx_write_req {
	u64 bytes;
	u64 handles;
	u32 num_bytes;		/* bytes, or iovecs with USE_IOVEC */
	u32 num_handles;
	u32 options;
	u32 word_size;
	bool etc;		/* handles are zx_handle_disposition_t */
};

#define ZX_CONSUME_BATCH	16

/*
 * Closes the handles a failed write names before it got to take them:
 * every one, or with dispositions every one not marked DUPLICATE.  Stops
 * at memory it cannot read.  Allocates nothing, so that a write failing
 * for lack of memory still consumes its handles.
 */
static void zx_write_consume(struct zx_table *t, const struct zx_write_req *r)
{
	union {
		struct zx_abi_handle_disposition d[ZX_CONSUME_BATCH];
		zx_handle_t v[ZX_CONSUME_BATCH];
	} buf;
	size_t esz = r->etc ? sizeof(buf.d[0]) : sizeof(buf.v[0]);
	u64 done, n, i;

	for (done = 0; done < r->num_handles; done += n) {
		n = min_t(u64, r->num_handles - done, ZX_CONSUME_BATCH);
		if (copy_from_user(&buf, zx_uptr(r->handles + done * esz),
				   n * esz))
			break;
		for (i = 0; i < n; i++) {
			if (!r->etc)
				zx_table_close(t, buf.v[i]);
			else if (buf.d[i].operation != ZX_HANDLE_OP_DUPLICATE)
				zx_table_close(t, buf.d[i].handle);
		}
		if (fatal_signal_pending(current))
			break;
		cond_resched();
	}
}

/* Reads the iovec array of a USE_IOVEC write into a new message. */
static zx_status_t zx_msg_from_iovec(const struct zx_write_req *r,
				     struct zx_msg **out)
{
	size_t esz = r->word_size == 8 ? sizeof(struct zx_abi_channel_iovec) :
		     sizeof(struct zx_abi_channel_iovec32);
	u64 *buffers = NULL;
	u32 *caps = NULL;
	zx_status_t status;
	struct zx_msg *m;
	u8 *raw = NULL;
	u64 total = 0;
	u32 i, off;

	if (r->num_bytes > ZX_CHANNEL_MAX_MSG_IOVECS)
		return ZX_ERR_OUT_OF_RANGE;
	if (r->num_handles > ZX_CHANNEL_MAX_MSG_HANDLES)
		return ZX_ERR_OUT_OF_RANGE;
	raw = kvmalloc_array(r->num_bytes ? r->num_bytes : 1, esz,
			     ZX_GFP);
	buffers = kvmalloc_array(r->num_bytes ? r->num_bytes : 1,
				 sizeof(*buffers), ZX_GFP);
	caps = kvmalloc_array(r->num_bytes ? r->num_bytes : 1, sizeof(*caps),
			      ZX_GFP);
	status = ZX_ERR_NO_MEMORY;
	if (!raw || !buffers || !caps)
		goto out;
	status = ZX_ERR_INVALID_ARGS;
	if (copy_from_user(raw, zx_uptr(r->bytes), r->num_bytes * esz))
		goto out;
	for (i = 0; i < r->num_bytes; i++) {
		u8 *e = raw + i * esz;
		u32 reserved;

		if (r->word_size == 8) {
			struct zx_abi_channel_iovec v;

			memcpy(&v, e, sizeof(v));
			buffers[i] = v.buffer;
			caps[i] = v.capacity;
			reserved = v.reserved;
		} else {
			struct zx_abi_channel_iovec32 v;

			memcpy(&v, e, sizeof(v));
			buffers[i] = v.buffer;
			caps[i] = v.capacity;
			reserved = v.reserved;
		}
		if (reserved)
			goto out;
		total += caps[i];
	}
	status = ZX_ERR_OUT_OF_RANGE;
	if (total > ZX_CHANNEL_MAX_MSG_BYTES)
		goto out;
	status = zx_msg_alloc(total, r->num_handles, &m);
	if (status != ZX_OK)
		goto out;
	for (i = 0, off = 0; i < r->num_bytes; off += caps[i], i++) {
		if (caps[i] && copy_from_user(zx_msg_data(m) + off,
					      zx_uptr(buffers[i]), caps[i])) {
			status = ZX_ERR_INVALID_ARGS;
			break;
		}
	}
	if (status != ZX_OK)
		zx_msg_free(m);
	else
		*out = m;
out:
	kvfree(raw);
	kvfree(buffers);
	kvfree(caps);
	return status;
}

/* Builds a message from the write's bytes (no handles yet). */
static zx_status_t zx_msg_from_user(const struct zx_write_req *r,
				    struct zx_msg **out)
{
	zx_status_t status;
	struct zx_msg *m;

	if (r->options & ZX_CHANNEL_WRITE_USE_IOVEC)
		return zx_msg_from_iovec(r, out);
	if (r->num_bytes > ZX_CHANNEL_MAX_MSG_BYTES ||
	    r->num_handles > ZX_CHANNEL_MAX_MSG_HANDLES)
		return ZX_ERR_OUT_OF_RANGE;
	status = zx_msg_alloc(r->num_bytes, r->num_handles, &m);
	if (status != ZX_OK)
		return status;
	if (r->num_bytes &&
	    copy_from_user(zx_msg_data(m), zx_uptr(r->bytes), r->num_bytes)) {
		zx_msg_free(m);
		return ZX_ERR_INVALID_ARGS;
	}
	*out = m;
	return ZX_OK;
}

/* One handle of a plain write: always taken out of the table. */
static zx_status_t zx_take_for_msg(struct zx_table *t, struct zx_channel *ch,
				   zx_handle_t value, struct zx_msg_handle *mh)
{
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	status = zx_table_take(t, value, &obj, &rights);
	if (status != ZX_OK)
		return status;
	if (!(rights & ZX_RIGHT_TRANSFER))
		status = ZX_ERR_ACCESS_DENIED;
	else if (obj == &ch->base)
		status = ZX_ERR_NOT_SUPPORTED;
	if (status != ZX_OK) {
		zx_object_handle_put(obj);
		return status;
	}
	mh->obj = obj;
	mh->rights = rights;
	return ZX_OK;
}

/* One disposition of write_etc, in Zircon's order of checks. */
static zx_status_t zx_dispose_for_msg(struct zx_table *t,
				      struct zx_channel *ch,
				      const struct zx_abi_handle_disposition *d,
				      struct zx_msg_handle *mh)
{
	bool dup = d->operation == ZX_HANDLE_OP_DUPLICATE;
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	if (dup)
		status = zx_table_get(t, d->handle, &obj, &rights);
	else
		status = zx_table_take(t, d->handle, &obj, &rights);
	if (status != ZX_OK)
		return status;

	if (!dup && d->operation != ZX_HANDLE_OP_MOVE)
		status = ZX_ERR_INVALID_ARGS;
	else if (!(rights & ZX_RIGHT_TRANSFER))
		status = ZX_ERR_ACCESS_DENIED;
	else if (obj == &ch->base)
		status = ZX_ERR_NOT_SUPPORTED;
	else if (d->type != ZX_OBJ_TYPE_NONE && obj->ops->type != d->type)
		status = ZX_ERR_WRONG_TYPE;
	else if (d->rights != ZX_RIGHT_SAME_RIGHTS &&
		 (rights & d->rights) != d->rights)
		status = ZX_ERR_INVALID_ARGS;
	else if (dup && !(rights & ZX_RIGHT_DUPLICATE))
		status = ZX_ERR_ACCESS_DENIED;

	if (dup) {
		if (status == ZX_OK)
			zx_object_handle_get(obj);
		zx_object_put(obj);	/* the lookup's reference */
	} else if (status != ZX_OK) {
		zx_object_handle_put(obj);
	}
	if (status != ZX_OK)
		return status;
	mh->obj = obj;
	mh->rights = d->rights == ZX_RIGHT_SAME_RIGHTS ? rights : d->rights;
	return ZX_OK;
}

/* Handle arrays up to this size are staged on the stack, not allocated. */
#define ZX_HANDLES_ON_STACK	128

/*
 * Moves (or duplicates) the handles the write names into @m.  All of them
 * are attempted; the first failure is returned, and with dispositions each
 * failure is stored in its entry's result.
 */
static zx_status_t zx_msg_put_handles(struct zx_table *t,
				      struct zx_channel *ch,
				      const struct zx_write_req *r,
				      struct zx_msg *m)
{
	struct zx_abi_handle_disposition *d = NULL;
	zx_handle_t *v = NULL;
	zx_status_t status = ZX_OK, s;
	size_t esz = r->etc ? sizeof(*d) : sizeof(*v);
	u64 stack[ZX_HANDLES_ON_STACK / sizeof(u64)];
	void *buf = stack;
	u32 i;

	if (!r->num_handles)
		return ZX_OK;
	if (r->num_handles * esz > sizeof(stack))
		buf = kmalloc_array(r->num_handles, esz, ZX_GFP);
	if (!buf) {
		/* The named handles go, whatever the outcome. */
		zx_write_consume(t, r);
		return ZX_ERR_NO_MEMORY;
	}
	if (copy_from_user(buf, zx_uptr(r->handles), r->num_handles * esz)) {
		if (buf != stack)
			kfree(buf);
		return ZX_ERR_INVALID_ARGS;
	}
	d = buf;
	v = buf;
	for (i = 0; i < r->num_handles; i++) {
		if (r->etc) {
			s = zx_dispose_for_msg(t, ch, &d[i], &m->handles[i]);
			if (s != ZX_OK)
				d[i].result = s;
		} else {
			s = zx_take_for_msg(t, ch, v[i], &m->handles[i]);
		}
		if (s != ZX_OK && status == ZX_OK)
			status = s;
	}
	if (r->etc && status != ZX_OK &&
	    copy_to_user(zx_uptr(r->handles), buf, r->num_handles * esz))
		status = ZX_ERR_INVALID_ARGS;
	if (buf != stack)
		kfree(buf);
	return status;
}

/*
 * The common part of write and call: the checks in Zircon's order, the
 * message built, the handles moved in.  Consumes the named handles in every
 * case.  On success *out is the message and *chp the channel (referenced).
 */
static zx_status_t zx_write_prepare(struct zx_table *t, zx_handle_t value,
				    zx_rights_t need,
				    const struct zx_write_req *r,
				    u32 min_bytes, const void **ident,
				    struct zx_channel **chp,
				    struct zx_msg **out)
{
	struct zx_channel *ch = NULL;
	struct zx_object *obj;
	struct zx_msg *m = NULL;
	zx_status_t status;
	u32 i;

	if (r->options & ~ZX_CHANNEL_WRITE_USE_IOVEC)
		status = ZX_ERR_INVALID_ARGS;
	else if (r->word_size != 4 && r->word_size != 8)
		status = ZX_ERR_INVALID_ARGS;
	else
		status = zx_handle_lookup_ident(t, value, &zx_channel_ops, need,
						&obj, NULL, ident);
	if (status == ZX_OK) {
		ch = to_channel(obj);
		status = zx_msg_from_user(r, &m);
	}
	if (status == ZX_OK && m->num_bytes < min_bytes)
		status = ZX_ERR_INVALID_ARGS;
	if (status != ZX_OK) {
		zx_write_consume(t, r);
		goto fail;
	}
	status = zx_msg_put_handles(t, ch, r, m);
	if (status != ZX_OK)
		goto fail;
	for (i = 0; i < m->num_handles; i++)
		m->nr_ep += zx_is_channel(m->handles[i].obj);
	*chp = ch;
	*out = m;
	return ZX_OK;

fail:
	zx_msg_destroy(m);
	if (ch)
		zx_object_put(&ch->base);
	return status;
}

zx_status_t zx_ioctl_channel_write(struct zx_table *t, void __user *uarg,
				   bool etc)
{
	struct zx_ioc_channel_write a;
	struct zx_write_req r;
	const void *ident;
	struct zx_channel *ch;
	struct zx_msg *m;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	r = (struct zx_write_req) {
		.bytes = a.bytes,
		.handles = a.handles,
		.num_bytes = a.num_bytes,
		.num_handles = a.num_handles,
		.options = a.options,
		.word_size = a.word_size,
		.etc = etc,
	};
	if (a.reserved) {
		zx_write_consume(t, &r);
		return ZX_ERR_INVALID_ARGS;
	}
	status = zx_write_prepare(t, a.handle, ZX_RIGHT_WRITE, &r, 0, &ident,
				  &ch, &m);
	if (status != ZX_OK)
		return status;
	status = zx_channel_send(ch, t, a.handle, ident, m);
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

struct zx_read_out {
	u64 bytes;
	u64 handles;
	u64 actual_bytes;	/* 0: do not store */
	u64 actual_handles;
	bool etc;		/* handles are zx_handle_info_t */
};

/*
 * Delivers @m to user space: handles installed in @t, the counts stored,
 * the bytes copied, then the handle values (bytes first, so where the two
 * buffers overlap the handles win).  On success the message is consumed.
 * On failure the message is intact and still the caller's, unless another
 * thread closed one of its just-installed handles meanwhile (*intact is
 * then false and the message must be destroyed).
 */
static zx_status_t zx_msg_to_user(struct zx_table *t, struct zx_msg *m,
				  const struct zx_read_out *o, bool *intact)
{
	struct zx_abi_handle_info *info = NULL;
	zx_handle_t *vals = NULL;
	zx_status_t status = ZX_OK;
	u32 i, n = m->num_handles;
	size_t esz = o->etc ? sizeof(*info) : sizeof(*vals);
	u64 stack[ZX_HANDLES_ON_STACK / sizeof(u64)];
	void *buf = stack;

	*intact = true;
	if (n * esz > sizeof(stack))
		buf = kmalloc_array(n, esz, ZX_GFP);
	if (!buf)
		return ZX_ERR_NO_MEMORY;
	info = buf;
	vals = buf;
	for (i = 0; i < n; i++) {
		struct zx_msg_handle *mh = &m->handles[i];
		zx_handle_t value;

		status = zx_table_install(t, mh->obj, mh->rights, &value);
		if (status != ZX_OK)
			break;
		if (o->etc) {
			info[i].handle = value;
			info[i].type = mh->obj->ops->type;
			info[i].rights = mh->rights;
			info[i].unused = 0;
		} else {
			vals[i] = value;
		}
	}
	if (status == ZX_OK &&
	    ((o->actual_bytes &&
	      put_user(m->num_bytes, (u32 __user *)zx_uptr(o->actual_bytes))) ||
	     (o->actual_handles &&
	      put_user(n, (u32 __user *)zx_uptr(o->actual_handles))) ||
	     (m->num_bytes && copy_to_user(zx_uptr(o->bytes), zx_msg_data(m),
					   m->num_bytes)) ||
	     (n && copy_to_user(zx_uptr(o->handles), buf, n * esz))))
		status = ZX_ERR_INVALID_ARGS;

	if (status != ZX_OK) {
		/* Take back what was installed. */
		while (i-- > 0) {
			zx_handle_t value = o->etc ? info[i].handle : vals[i];
			struct zx_object *obj;
			zx_rights_t rights;

			if (zx_table_take(t, value, &obj, &rights) == ZX_OK) {
				if (obj == m->handles[i].obj)
					continue;	/* back in the message */
				zx_object_handle_put(obj);
			}
			/* Closed (or replaced) by another thread meanwhile. */
			m->handles[i].obj = NULL;
			*intact = false;
		}
	} else {
		zx_msg_free(m);	/* the handles now belong to the table */
	}
	if (buf != stack)
		kfree(buf);
	return status;
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

/**
 * zx_ioctl_channel_read() - zx_channel_read() and zx_channel_read_etc()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_channel_read
 * @etc: the _etc form (handle info records)
 *
 * Return: a Zircon status; see zx_channel_take() and zx_msg_to_user().
 */
zx_status_t zx_ioctl_channel_read(struct zx_table *t, void __user *uarg,
				  bool etc)
{
	struct zx_ioc_channel_read a;
	struct zx_read_out o;
	const void *ident;
	struct zx_channel *ch;
	struct zx_object *obj;
	struct zx_msg *m = NULL;
	zx_status_t status;
	u32 nb = 0, nh = 0;
	bool intact;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup_ident(t, a.handle, &zx_channel_ops,
					ZX_RIGHT_READ, &obj, NULL, &ident);
	if (status != ZX_OK)
		return status;
	ch = to_channel(obj);
	if (a.options & ~ZX_CHANNEL_READ_MAY_DISCARD) {
		status = ZX_ERR_NOT_SUPPORTED;
		goto out;
	}

	status = zx_channel_take(t, a.handle, ident, ch, a.num_bytes,
				 a.num_handles,
				 a.options & ZX_CHANNEL_READ_MAY_DISCARD,
				 &nb, &nh, &m);
	if (status == ZX_ERR_BUFFER_TOO_SMALL) {
		/* Discarded (MAY_DISCARD) or left in place; sizes reported. */
		zx_msg_destroy(m);
		if ((a.actual_bytes &&
		     put_user(nb, (u32 __user *)zx_uptr(a.actual_bytes))) ||
		    (a.actual_handles &&
		     put_user(nh, (u32 __user *)zx_uptr(a.actual_handles))))
			status = ZX_ERR_INVALID_ARGS;
		goto out;
	}
	if (status != ZX_OK)
		goto out;

	o = (struct zx_read_out) {
		.bytes = a.bytes,
		.handles = a.handles,
		.actual_bytes = a.actual_bytes,
		.actual_handles = a.actual_handles,
		.etc = etc,
	};
	status = zx_msg_to_user(t, m, &o, &intact);
	if (status != ZX_OK) {
		/* No partial reads: the message stays first in the queue. */
		if (intact)
			zx_channel_requeue(ch, m);
		else
			zx_msg_destroy(m);
	}
out:
	zx_object_put(&ch->base);
	return status;
}

/* ------------------------------------------------------------ calls */

struct zx_call_args {
	u64 wr_bytes;
	u64 wr_handles;
	u64 rd_bytes;
	u64 rd_handles;
	u32 wr_num_bytes;
	u32 wr_num_handles;
	u32 rd_num_bytes;
	u32 rd_num_handles;
};

/* Copies the call arguments of either width into @ca. */
#define ZX_CALL_ARGS_COPY(ca, a)				\
	do {							\
		(ca)->wr_bytes = (a).wr_bytes;			\
		(ca)->wr_handles = (a).wr_handles;		\
		(ca)->rd_bytes = (a).rd_bytes;			\
		(ca)->rd_handles = (a).rd_handles;		\
		(ca)->wr_num_bytes = (a).wr_num_bytes;		\
		(ca)->wr_num_handles = (a).wr_num_handles;	\
		(ca)->rd_num_bytes = (a).rd_num_bytes;		\
		(ca)->rd_num_handles = (a).rd_num_handles;	\
	} while (0)

/* Reads zx_channel_call_args_t (or _etc_) in the caller's pointer size. */
static zx_status_t zx_call_args_get(u64 uptr, u32 word_size,
				    struct zx_call_args *ca)
{
	if (!uptr)
		return ZX_ERR_INVALID_ARGS;
	if (word_size == 8) {
		struct zx_abi_channel_call_args a;

		if (zx_copy_arg(&a, zx_uptr(uptr)))
			return ZX_ERR_INVALID_ARGS;
		ZX_CALL_ARGS_COPY(ca, a);
	} else {
		struct zx_abi_channel_call_args32 a;

		if (zx_copy_arg(&a, zx_uptr(uptr)))
			return ZX_ERR_INVALID_ARGS;
		ZX_CALL_ARGS_COPY(ca, a);
	}
	return ZX_OK;
}

/*
 * The call with transaction id @txid that this thread's ioctl @cmd with
 * argument @uarg left suspended when a Linux signal interrupted it, or NULL.
 */
static struct zx_call *zx_call_find_suspended(struct zx_channel *ch,
					      unsigned int cmd,
					      unsigned long uarg,
					      zx_txid_t txid)
{
	struct zx_call *c, *found = NULL;

	spin_lock(&ch->lock);
	list_for_each_entry(c, &ch->calls, node) {
		if (c->suspended && c->txid == txid &&
		    c->pid == task_pid(current) && c->uarg == uarg &&
		    c->cmd == cmd) {
			c->suspended = false;
			c->task = current;
			ch->nr_suspended--;
			found = c;
			break;
		}
	}
	spin_unlock(&ch->lock);
	return found;
}

/* Registers a new call on @ch with a transaction id unique among them. */
static zx_status_t zx_call_begin(struct zx_channel *ch, struct zx_call *c,
				 struct zx_msg *m)
{
	struct zx_call *o;
	zx_txid_t txid;

	spin_lock(&ch->lock);
	if (ch->peer_closed) {
		spin_unlock(&ch->lock);
		return ZX_ERR_PEER_CLOSED;
	}
again:
	txid = ++ch->txid | ZX_TXID_KERNEL;
	list_for_each_entry(o, &ch->calls, node)
		if (o->txid == txid)
			goto again;
	c->txid = txid;
	c->status = ZX_CALL_WAITING;
	c->task = current;
	memcpy(zx_msg_data(m), &txid, sizeof(txid));
	list_add_tail(&c->node, &ch->calls);
	spin_unlock(&ch->lock);
	return ZX_OK;
}

static bool zx_call_done(const void *arg)
{
	const struct zx_call *c = arg;

	return READ_ONCE(c->status) != ZX_CALL_WAITING;
}

/*
 * Sleeps until the call ends or the deadline passes.  Returns the call's
 * status with its reply in *reply, ZX_ERR_TIMED_OUT, or ZXK_RESTART when a
 * Linux signal interrupted the wait (the call then stays registered,
 * suspended, for the restarted ioctl to resume).
 */
static zx_status_t zx_call_wait(struct zx_channel *ch, struct zx_call *c,
				s64 deadline, struct zx_msg **reply)
{
	struct zx_call *o, *victim = NULL;
	bool timed_out = true;
	zx_status_t status;
	bool gc = false;
	LIST_HEAD(work);

	if (deadline == ZX_TIME_INFINITE ||
	    deadline > ktime_to_ns(ktime_get()))
		timed_out = zx_wait_deadline(zx_call_done, c, deadline);

again:
	spin_lock(&ch->lock);
	if (ch->nr_ep && !gc) {
		/* A reply may leave ->ep_msgs: see channel_gc.c. */
		spin_unlock(&ch->lock);
		mutex_lock(&zx_gc_lock);
		gc = true;
		goto again;
	}
	if (c->status != ZX_CALL_WAITING || timed_out ||
	    fatal_signal_pending(current)) {
		status = c->status == ZX_CALL_WAITING ? ZX_ERR_TIMED_OUT :
							 c->status;
		*reply = c->reply;
		c->reply = NULL;
		if (*reply)
			zx_gc_unhold(ch, *reply);
		list_del(&c->node);
	} else {
		/* Resumed by the restarted ioctl; the oldest goes past a cap. */
		c->suspended = true;
		c->task = NULL;
		if (++ch->nr_suspended > ZX_CHANNEL_MAX_SUSPENDED) {
			list_for_each_entry(o, &ch->calls, node) {
				if (o->suspended && o != c) {
					victim = o;
					break;
				}
			}
			if (victim) {
				list_del(&victim->node);
				ch->nr_suspended--;
				if (victim->reply)
					zx_gc_unhold(ch, victim->reply);
			}
		}
		status = ZXK_RESTART;
	}
	spin_unlock(&ch->lock);
	if (gc)
		mutex_unlock(&zx_gc_lock);
	zx_gc_call_left(ch);
	if (victim) {
		zx_call_free(victim, &work);
		zx_msg_destroy_list(&work);
	}
	if (status != ZXK_RESTART) {
		put_pid(c->pid);
		kfree(c);
	}
	return status;
}

/*
 * zx_call_start(): registers a call on @ch, made by the ioctl @cmd with
 * argument @uarg, and sends its message @m through the handle @value
 * (identity @ident) of @t.  Consumes @m either way; the call, waiting for
 * its reply, goes in *@out.
 */
static zx_status_t zx_call_start(struct zx_table *t, zx_handle_t value,
				 const void *ident, struct zx_channel *ch,
				 struct zx_msg *m, unsigned int cmd,
				 unsigned long uarg, struct zx_call **out)
{
	struct zx_call *c;
	zx_status_t status;

	c = kzalloc(sizeof(*c), ZX_GFP);
	if (!c) {
		status = ZX_ERR_NO_MEMORY;
		goto fail;
	}
	c->pid = get_pid(task_pid(current));
	c->uarg = uarg;
	c->cmd = cmd;
	status = zx_call_begin(ch, c, m);
	if (status != ZX_OK) {
		put_pid(c->pid);
		kfree(c);
		goto fail;
	}
	status = zx_channel_send(ch, t, value, ident, m);
	if (status != ZX_OK) {
		spin_lock(&ch->lock);
		list_del(&c->node);
		spin_unlock(&ch->lock);
		zx_msg_destroy(c->reply);	/* none: the send failed */
		put_pid(c->pid);
		kfree(c);
		goto fail;
	}
	*out = c;
	return ZX_OK;

fail:
	zx_msg_destroy(m);
	return status;
}

/*
 * Ends the call @txid that this thread's ioctl just suspended but cannot
 * leave a resume token for: its reply, if any, goes to *@reply.
 */
static void zx_call_abandon(struct zx_channel *ch, unsigned int cmd,
			    unsigned long uarg, zx_txid_t txid,
			    struct zx_msg **reply)
{
	struct zx_call *c = zx_call_find_suspended(ch, cmd, uarg, txid);

	/* A deadline in the past ends it at once (and frees it). */
	if (c)
		zx_call_wait(ch, c, 0, reply);
}

/**
 * zx_ioctl_channel_call() - zx_channel_call() and zx_channel_call_etc()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_channel_call
 * @cmd: the ioctl number, to match a suspended call on restart
 * @etc: the _etc form
 *
 * A Linux signal during the wait suspends the call: its transaction id
 * goes into the argument's resume field (0 in a new call) and the ioctl
 * asks to be restarted.  The restarted ioctl reads that token back and
 * resumes the wait of that very call; a new call (resume 0) never resumes
 * one, even from the same thread with the same argument address after a
 * handler longjmp()ed out of an earlier call.  When the call ends the
 * token is cleared.
 *
 * Return: a Zircon status, or ZXK_RESTART when a Linux signal interrupted
 * the wait (the call stays registered for the restarted ioctl).  A token
 * naming no suspended call of this thread (the call was dropped, or the
 * end closed) gives ZX_ERR_CANCELED; an argument the token cannot be
 * stored in ends the call with ZX_ERR_INVALID_ARGS.
 */
zx_status_t zx_ioctl_channel_call(struct zx_table *t, void __user *uarg,
				  unsigned int cmd, bool etc)
{
	struct zx_ioc_channel_call __user *ua = uarg;
	struct zx_ioc_channel_call a;
	struct zx_call_args ca;
	struct zx_write_req r;
	struct zx_read_out o;
	struct zx_channel *ch;
	struct zx_object *obj;
	struct zx_msg *m, *reply = NULL;
	const void *ident;
	struct zx_call *c;
	zx_status_t status;
	zx_txid_t txid;
	bool intact;

	if (zx_copy_arg(&a, uarg) || (a.word_size != 4 && a.word_size != 8))
		return ZX_ERR_INVALID_ARGS;
	status = zx_call_args_get(a.args, a.word_size, &ca);
	if (status != ZX_OK)
		return status;
	r = (struct zx_write_req) {
		.bytes = ca.wr_bytes,
		.handles = ca.wr_handles,
		.num_bytes = ca.wr_num_bytes,
		.num_handles = ca.wr_num_handles,
		.options = a.options,
		.word_size = a.word_size,
		.etc = etc,
	};

	/* A restart after a Linux signal: resume the call the token names. */
	if (a.resume & ZX_TXID_KERNEL) {
		status = zx_handle_lookup_ident(t, a.handle, &zx_channel_ops,
						ZX_RIGHT_READ | ZX_RIGHT_WRITE,
						&obj, NULL, &ident);
		if (status != ZX_OK)
			goto clear;
		ch = to_channel(obj);
		c = zx_call_find_suspended(ch, cmd, (unsigned long)uarg,
					   a.resume);
		if (c)
			goto wait;
		zx_object_put(&ch->base);
		status = ZX_ERR_CANCELED;
		goto clear;
	}

	if (a.resume || !a.actual_bytes || !a.actual_handles) {
		zx_write_consume(t, &r);
		return ZX_ERR_INVALID_ARGS;
	}
	status = zx_write_prepare(t, a.handle, ZX_RIGHT_READ | ZX_RIGHT_WRITE,
				  &r, sizeof(zx_txid_t), &ident, &ch, &m);
	if (status != ZX_OK)
		return status;

	status = zx_call_start(t, a.handle, ident, ch, m, cmd,
			       (unsigned long)uarg, &c);
	if (status != ZX_OK)
		goto out;

wait:
	txid = c->txid;
	status = zx_call_wait(ch, c, a.deadline, &reply);
	if (status == ZXK_RESTART) {
		if (a.resume || !put_user(txid, &ua->resume))
			goto out;
		zx_call_abandon(ch, cmd, (unsigned long)uarg, txid, &reply);
		status = ZX_ERR_INVALID_ARGS;
	}
	if (status != ZX_OK)
		goto out;

	if (reply->num_bytes > ca.rd_num_bytes ||
	    reply->num_handles > ca.rd_num_handles) {
		status = ZX_ERR_BUFFER_TOO_SMALL;
		goto out;
	}
	o = (struct zx_read_out) {
		.bytes = ca.rd_bytes,
		.handles = ca.rd_handles,
		.actual_bytes = a.actual_bytes,
		.actual_handles = a.actual_handles,
		.etc = etc,
	};
	status = zx_msg_to_user(t, reply, &o, &intact);
	if (status == ZX_OK)
		reply = NULL;
out:
	zx_msg_destroy(reply);
	zx_object_put(&ch->base);
clear:
	/*
	 * The call is over: its argument is as it was before.  A fault is
	 * ignored (the reply may have reached user space already).
	 */
	if (a.resume && status != ZXK_RESTART)
		(void)put_user(0, &ua->resume);
	return status;
}
