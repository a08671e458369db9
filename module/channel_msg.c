// SPDX-License-Identifier: GPL-2.0
/*
 * Channel messages: made from a write's bytes (or iovecs) and handles,
 * copied out to a read, and destroyed, with the handles inside them
 * released iteratively (see channel.c for endpoints, channel_call.c for
 * calls).  A message is charged to its writer's user until it is freed.
 *
 * No lock is owned here.  Messages are built, copied out and destroyed
 * with no lock held: the first two touch user memory, and destroying one
 * may shut an endpoint down (zx_channel_shutdown() in channel.c, which
 * takes the locks its header describes).  Only zx_msg_bytes() is called
 * under zx_channel.lock.
 */
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "channel.h"
#include "trace.h"

/* ------------------------------------------------------- the messages */

static bool zx_msg_data_inline(struct zx_msg *m)
{
	return m->data == (u8 *)&m->handles[m->num_handles];
}

/**
 * zx_msg_txid() - the transaction id a message starts with
 * @m: the message
 *
 * Return: its first four bytes, or 0 when it is shorter.
 */
zx_txid_t zx_msg_txid(struct zx_msg *m)
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
 * The bytes of a message too large to share a page with its header have
 * an allocation of their own, of the size the allocator rounds them to
 * anyway (a power of two of pages).  When a read consumes such a message,
 * its buffer becomes the reading endpoint's spare (one at the most), and
 * the next write on that endpoint needing the same size takes it: in a
 * round trip or a call each end writes into the buffer of the message it
 * last read, and pays neither for an allocation, its memory cgroup charge
 * nor the zeroing Debian's init_on_alloc does.  Like a socket's spare
 * pages, a spare stays charged to the memory cgroup but to no user's
 * queued bytes; it goes when the endpoint loses its last handle or is
 * destroyed.  While spare, a buffer's first bytes hold its size.
 */
static size_t zx_msg_data_size(u32 num_bytes)
{
	return PAGE_SIZE << get_order(num_bytes);
}

/* A buffer of @size bytes for a message written on @ch (or NULL). */
static u8 *zx_msg_data_new(struct zx_channel *ch, size_t size)
{
	size_t *spare = NULL;

	/* With fault injection armed, each allocation point stays one. */
	if (ch && READ_ONCE(ch->spare) && !zx_fault_armed())
		spare = xchg(&ch->spare, NULL);
	if (spare && *spare == size)
		return (u8 *)spare;
	kvfree(spare);
	return kvmalloc(size, ZX_GFP);
}

/* Gives back a message's buffer of @size bytes: @ch's spare, if given. */
static void zx_msg_data_free(struct zx_channel *ch, u8 *data, size_t size)
{
	size_t *spare = (size_t *)data;

	if (ch) {
		*spare = size;
		spare = xchg(&ch->spare, spare);
	}
	kvfree(spare);
}

/**
 * zx_msg_spare_drop() - free an endpoint's spare buffer
 * @ch: the endpoint
 */
void zx_msg_spare_drop(struct zx_channel *ch)
{
	kvfree(xchg(&ch->spare, NULL));
}

/*
 * A new message, charged to the writer's user, written on @ch (NULL when
 * it is built for no endpoint): ZX_ERR_NO_MEMORY, or ZX_ERR_NO_RESOURCES
 * past max_queued_bytes_per_user.
 */
static zx_status_t zx_msg_alloc(struct zx_channel *ch, u32 num_bytes,
				u32 num_handles, struct zx_msg **out)
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
		goto uncharge;
	m->data = (u8 *)&m->handles[num_handles];
	if (!inline_data) {
		m->data = zx_msg_data_new(ch, zx_msg_data_size(num_bytes));
		if (!m->data) {
			kvfree(m);
			goto uncharge;
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

uncharge:
	zx_user_uncharge_bytes(u, size);
	return ZX_ERR_NO_MEMORY;
}

/**
 * zx_msg_bytes() - what a message is charged for
 * @m: the message
 *
 * Return: the bytes of its header, handles and data.
 */
size_t zx_msg_bytes(const struct zx_msg *m)
{
	return zx_msg_size(m->num_bytes, m->num_handles);
}

/*
 * Frees the message itself; its handles are gone or someone else's.  Its
 * buffer becomes the spare of @ch if given: the endpoint it was read
 * from, or the one a write that failed to fill it was made on.
 */
static void zx_msg_free(struct zx_msg *m, struct zx_channel *ch)
{
	zx_user_uncharge_bytes(m->user,
			       zx_msg_size(m->num_bytes, m->num_handles));
	if (!zx_msg_data_inline(m))
		zx_msg_data_free(ch, m->data, zx_msg_data_size(m->num_bytes));
	kvfree(m);
}

/* ------------------------------------------------ destroying messages */

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
		zx_channel_shutdown(zx_to_channel(obj), work);
	else
		zx_gc_handle_dropped(obj);
	zx_object_put(obj);
}

/**
 * zx_msg_destroy_list() - destroy messages and the messages they lead to
 * @work: a list of messages (zx_msg.node), empty on return
 *
 * The handles in the messages are released; an endpoint whose last handle
 * goes that way adds its own messages to @work, so nesting costs no stack.
 */
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
		zx_msg_free(m, NULL);
		cond_resched();
	}
}

/**
 * zx_msg_destroy() - destroy a message, as zx_msg_destroy_list() does
 * @m: the message, or NULL
 */
void zx_msg_destroy(struct zx_msg *m)
{
	LIST_HEAD(work);

	if (!m)
		return;
	list_add(&m->node, &work);
	zx_msg_destroy_list(&work);
}

/* ------------------------------------------------ building messages */

#define ZX_CONSUME_BATCH	16

/**
 * zx_write_consume() - close the handles a failed write names
 * @t: the writer's handle table
 * @r: the write, which did not get to take its handles
 *
 * Closes every handle it names, or with dispositions every one not marked
 * DUPLICATE.  Stops at memory it cannot read.  Allocates nothing, so that
 * a write failing for lack of memory still consumes its handles.
 */
void zx_write_consume(struct zx_table *t, const struct zx_write_req *r)
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

/* Decodes one entry of an iovec array of either width; false if bad. */
static bool zx_iovec_decode(const u8 *e, u32 word_size, u64 *buffer,
			    u32 *cap)
{
	u32 reserved;

	if (word_size == 8) {
		struct zx_abi_channel_iovec v;

		memcpy(&v, e, sizeof(v));
		*buffer = v.buffer;
		*cap = v.capacity;
		reserved = v.reserved;
	} else {
		struct zx_abi_channel_iovec32 v;

		memcpy(&v, e, sizeof(v));
		*buffer = v.buffer;
		*cap = v.capacity;
		reserved = v.reserved;
	}
	return !reserved;
}

/*
 * Reads the iovec array of a USE_IOVEC write (entries of @esz bytes) into
 * @raw, decoded into @buffers and @caps; the bytes they name in *@total.
 */
static zx_status_t zx_iovecs_get(const struct zx_write_req *r, size_t esz,
				 u8 *raw, u64 *buffers, u32 *caps, u64 *total)
{
	u32 i;

	if (copy_from_user(raw, zx_uptr(r->bytes), r->num_bytes * esz))
		return ZX_ERR_INVALID_ARGS;
	*total = 0;
	for (i = 0; i < r->num_bytes; i++) {
		if (!zx_iovec_decode(raw + i * esz, r->word_size, &buffers[i],
				     &caps[i]))
			return ZX_ERR_INVALID_ARGS;
		*total += caps[i];
	}
	if (*total > ZX_CHANNEL_MAX_MSG_BYTES)
		return ZX_ERR_OUT_OF_RANGE;
	return ZX_OK;
}

/* Copies the @n buffers the iovecs name into @m's bytes, in order. */
static zx_status_t zx_msg_gather(struct zx_msg *m, const u64 *buffers,
				 const u32 *caps, u32 n)
{
	u32 i, off;

	for (i = 0, off = 0; i < n; off += caps[i], i++) {
		if (caps[i] && copy_from_user(zx_msg_data(m) + off,
					      zx_uptr(buffers[i]), caps[i]))
			return ZX_ERR_INVALID_ARGS;
	}
	return ZX_OK;
}

/* Reads the iovec array of a USE_IOVEC write into a new message. */
static zx_status_t zx_msg_from_iovec(struct zx_channel *ch,
				     const struct zx_write_req *r,
				     struct zx_msg **out)
{
	size_t esz = r->word_size == 8 ? sizeof(struct zx_abi_channel_iovec) :
		     sizeof(struct zx_abi_channel_iovec32);
	u32 nr = r->num_bytes ? r->num_bytes : 1;
	u64 *buffers = NULL;
	u32 *caps = NULL;
	zx_status_t status;
	struct zx_msg *m;
	u8 *raw = NULL;
	u64 total;

	if (r->num_bytes > ZX_CHANNEL_MAX_MSG_IOVECS)
		return ZX_ERR_OUT_OF_RANGE;
	if (r->num_handles > ZX_CHANNEL_MAX_MSG_HANDLES)
		return ZX_ERR_OUT_OF_RANGE;
	raw = kvmalloc_array(nr, esz, ZX_GFP);
	buffers = kvmalloc_array(nr, sizeof(*buffers), ZX_GFP);
	caps = kvmalloc_array(nr, sizeof(*caps), ZX_GFP);
	status = ZX_ERR_NO_MEMORY;
	if (!raw || !buffers || !caps)
		goto free_arrays;
	status = zx_iovecs_get(r, esz, raw, buffers, caps, &total);
	if (status != ZX_OK)
		goto free_arrays;
	status = zx_msg_alloc(ch, total, r->num_handles, &m);
	if (status != ZX_OK)
		goto free_arrays;
	status = zx_msg_gather(m, buffers, caps, r->num_bytes);
	if (status != ZX_OK)
		zx_msg_free(m, ch);
	else
		*out = m;
free_arrays:
	kvfree(raw);
	kvfree(buffers);
	kvfree(caps);
	return status;
}

/* Builds a message written on @ch from the write's bytes (no handles yet). */
static zx_status_t zx_msg_from_user(struct zx_channel *ch,
				    const struct zx_write_req *r,
				    struct zx_msg **out)
{
	zx_status_t status;
	struct zx_msg *m;

	if (r->options & ZX_CHANNEL_WRITE_USE_IOVEC)
		return zx_msg_from_iovec(ch, r, out);
	if (r->num_bytes > ZX_CHANNEL_MAX_MSG_BYTES ||
	    r->num_handles > ZX_CHANNEL_MAX_MSG_HANDLES)
		return ZX_ERR_OUT_OF_RANGE;
	status = zx_msg_alloc(ch, r->num_bytes, r->num_handles, &m);
	if (status != ZX_OK)
		return status;
	if (r->num_bytes &&
	    zx_copy_in(zx_msg_data(m), zx_uptr(r->bytes),
		       r->num_bytes) != ZX_OK) {
		zx_msg_free(m, ch);
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

	status = zx_handle_take(t, value, NULL, ZX_RIGHT_TRANSFER, &obj,
				&rights);
	if (status != ZX_OK)
		return status;
	if (obj == &ch->base) {
		zx_object_handle_put(obj);
		return ZX_ERR_NOT_SUPPORTED;
	}
	trace_zx_handle_transfer(&ch->base, obj, rights, true);
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
	trace_zx_handle_transfer(&ch->base, obj, rights, true);
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
	if (zx_copy_in(buf, zx_uptr(r->handles), r->num_handles * esz)) {
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

/**
 * zx_write_prepare() - the common part of write and call
 * @t: the writer's handle table
 * @value: the handle written through
 * @need: the rights it needs
 * @r: the write
 * @min_bytes: the fewest bytes the message may have
 * @ident: set to the identity of the handle (zx_handle_lookup_ident())
 * @chp: set to the channel, referenced, on success
 * @out: set to the message on success
 *
 * The checks in Zircon's order, the message built, the handles moved in.
 * Consumes the named handles in every case.
 *
 * Return: ZX_OK, or the first failure's status.
 */
zx_status_t zx_write_prepare(struct zx_table *t, zx_handle_t value,
			     zx_rights_t need, const struct zx_write_req *r,
			     u32 min_bytes, const void **ident,
			     struct zx_channel **chp, struct zx_msg **out)
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
		ch = zx_to_channel(obj);
		status = zx_msg_from_user(ch, r, &m);
	}
	if (status == ZX_OK && m->num_bytes < min_bytes)
		status = ZX_ERR_INVALID_ARGS;
	if (status != ZX_OK) {
		zx_write_consume(t, r);
		goto destroy;
	}
	status = zx_msg_put_handles(t, ch, r, m);
	if (status != ZX_OK)
		goto destroy;
	for (i = 0; i < m->num_handles; i++)
		m->nr_ep += zx_is_channel(m->handles[i].obj);
	*chp = ch;
	*out = m;
	return ZX_OK;

destroy:
	zx_msg_destroy(m);
	if (ch)
		zx_object_put(&ch->base);
	return status;
}

/* ------------------------------------------------ reading messages */

/*
 * Installs the handles of @m in @t and puts their values in @buf (with
 * @etc, handle info records); how many it installed in *@n, all of them
 * on ZX_OK.
 */
static zx_status_t zx_msg_install_handles(struct zx_table *t,
					  struct zx_msg *m, bool etc,
					  void *buf, u32 *n)
{
	struct zx_abi_handle_info *info = buf;
	zx_handle_t *vals = buf;
	zx_status_t status = ZX_OK;
	u32 i;

	for (i = 0; i < m->num_handles; i++) {
		struct zx_msg_handle *mh = &m->handles[i];
		zx_handle_t value;

		status = zx_table_install(t, mh->obj, mh->rights, &value);
		if (status != ZX_OK)
			break;
		trace_zx_handle_transfer(NULL, mh->obj, mh->rights, false);
		if (etc) {
			info[i].handle = value;
			info[i].type = mh->obj->ops->type;
			info[i].rights = mh->rights;
			info[i].unused = 0;
		} else {
			vals[i] = value;
		}
	}
	*n = i;
	return status;
}

/*
 * Stores the counts of @m where @o says, then copies its bytes, then the
 * @size bytes of handle values in @buf (bytes first, so where the two
 * buffers overlap the handles win).
 */
static zx_status_t zx_msg_copy_out(struct zx_msg *m,
				   const struct zx_read_out *o,
				   const void *buf, size_t size)
{
	u32 n = m->num_handles;

	if ((o->actual_bytes &&
	     put_user(m->num_bytes, (u32 __user *)zx_uptr(o->actual_bytes))) ||
	    (o->actual_handles &&
	     put_user(n, (u32 __user *)zx_uptr(o->actual_handles))) ||
	    (m->num_bytes && zx_copy_out(zx_uptr(o->bytes), zx_msg_data(m),
					 m->num_bytes)) ||
	    (n && zx_copy_out(zx_uptr(o->handles), buf, size)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/*
 * Takes back from @t the first @n handles zx_msg_install_handles() put
 * there from @m (values in @buf), back into @m.  False when another thread
 * closed or replaced one meanwhile: that handle is gone from @m.
 */
static bool zx_msg_uninstall_handles(struct zx_table *t, struct zx_msg *m,
				     bool etc, const void *buf, u32 n)
{
	const struct zx_abi_handle_info *info = buf;
	const zx_handle_t *vals = buf;
	bool intact = true;

	while (n-- > 0) {
		zx_handle_t value = etc ? info[n].handle : vals[n];
		struct zx_object *obj;
		zx_rights_t rights;

		if (zx_table_take(t, value, &obj, &rights) == ZX_OK) {
			if (obj == m->handles[n].obj)
				continue;	/* back in the message */
			zx_object_handle_put(obj);
		}
		/* Closed (or replaced) by another thread meanwhile. */
		m->handles[n].obj = NULL;
		intact = false;
	}
	return intact;
}

/**
 * zx_msg_to_user() - deliver a message to user space
 * @t: the reader's handle table, where the handles go
 * @ch: the endpoint it was read from, which may keep its buffer
 * @m: the message
 * @o: where the bytes, the handles and their counts go
 * @intact: set to false when @m lost a handle and must be destroyed
 *
 * The handles are installed in @t, the counts stored, the bytes copied,
 * then the handle values (bytes first, so where the two buffers overlap
 * the handles win).
 *
 * Return: ZX_OK (the message is consumed), or ZX_ERR_NO_MEMORY,
 * ZX_ERR_INVALID_ARGS or a status of zx_table_install(); the message is
 * then intact and still the caller's, unless another thread closed one of
 * its just-installed handles meanwhile (*@intact false).
 */
zx_status_t zx_msg_to_user(struct zx_table *t, struct zx_channel *ch,
			   struct zx_msg *m, const struct zx_read_out *o,
			   bool *intact)
{
	size_t esz = o->etc ? sizeof(struct zx_abi_handle_info) :
			      sizeof(zx_handle_t);
	u64 stack[ZX_HANDLES_ON_STACK / sizeof(u64)];
	u32 n = m->num_handles, installed;
	void *buf = stack;
	zx_status_t status;

	*intact = true;
	if (n * esz > sizeof(stack))
		buf = kmalloc_array(n, esz, ZX_GFP);
	if (!buf)
		return ZX_ERR_NO_MEMORY;
	status = zx_msg_install_handles(t, m, o->etc, buf, &installed);
	if (status == ZX_OK)
		status = zx_msg_copy_out(m, o, buf, n * esz);
	if (status != ZX_OK)
		*intact = zx_msg_uninstall_handles(t, m, o->etc, buf,
						   installed);
	else
		zx_msg_free(m, ch); /* the handles now belong to the table */
	if (buf != stack)
		kfree(buf);
	return status;
}

