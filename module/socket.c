// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets: zx_socket_create(), zx_socket_write(), zx_socket_read(),
 * zx_socket_set_disposition(), the threshold properties and
 * ZX_INFO_SOCKET (Documentation/zircon.rst, "Sockets").
 *
 * Each end owns a receive buffer: a ring of pages indexed by absolute byte
 * positions, filled by the peer's writes straight from user space and
 * emptied by reads straight into it.  Pages come as the tail enters them
 * and go as the head leaves them, each charged to the memory cgroup and,
 * while it lives, PAGE_SIZE bytes to the max_queued_bytes_per_user quota
 * of the user whose write allocated it.  A datagram end also keeps a ring
 * of lengths.  A write commits nothing unless all its bytes were copied
 * and its count stored; a stream read consumes nothing unless its bytes
 * and count reached user space; a consuming datagram read that faults
 * drops the datagram (Fuchsia); a peek never consumes.
 *
 * Locks owned here:
 *
 *   zx_socket_core.lock  a mutex, one per pair: both ends' buffers,
 *                        thresholds, read_disabled and ->peer.  User
 *                        copies run under it with page faults disabled
 *                        (zx_sock_retry() faults in outside it).  Outside
 *                        zx_peer_link.lock and zx_object.lock: signals are
 *                        updated and zx_object_unpair() is called under it.
 */
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "socket.h"
#include "syscalls.h"

ZX_LIMIT(ulong, max_socket_bytes, 257024,
	 "Bytes one socket end buffers (at creation; 4096 to 64 MiB)");

ZX_LIMIT(uint, max_socket_datagrams, 16384,
	 "Datagrams one datagram socket end buffers");

#define ZX_SOCKET_BYTES_MIN	PAGE_SIZE
#define ZX_SOCKET_BYTES_MAX	(64UL << 20)
#define ZX_SOCKET_DISP_ALL	(ZX_ABI_SOCKET_DISPOSITION_WRITE_DISABLED | \
				 ZX_ABI_SOCKET_DISPOSITION_WRITE_ENABLED)

struct zx_socket_core {
	struct mutex lock;
	refcount_t ref;
};

struct zx_socket {
	struct zx_object base;
	struct zx_socket_core *core;
	struct zx_socket *peer;		/* under core->lock; NULL once closed */
	struct zx_sock_buf rx;
	u32 options;
	size_t read_threshold;		/* under core->lock */
	size_t write_threshold;
	bool read_disabled;		/* the peer's writes are disabled */
};

/* The arguments of one read or write, checked. */
struct zx_sock_io {
	u8 __user *buf;
	size_t len;
	u64 uactual;
	u32 word_size;
	bool peek;
	bool final;		/* a fault is the caller's error, not a retry */
};

/*
 * Internal: a user copy under the core lock found a page not present.
 * Copies there run with page faults disabled (a fault could sleep for ever
 * on userfaultfd while the peer waits for the lock); the call drops the
 * lock, faults the buffer in and starts again (zx_sock_retry()).
 */
#define ZXK_SOCK_FAULT	1

static const struct zx_object_ops zx_socket_ops;

static struct zx_socket *zx_to_socket(struct zx_object *obj)
{
	return container_of(obj, struct zx_socket, base);
}

/* Stores a size_t-sized count at @uptr, whose width the caller states. */
static int zx_sock_put_actual(const struct zx_sock_io *io, size_t n)
{
	u32 n32 = n;
	u64 n64 = n;
	void __user *p = zx_uptr(io->uactual);

	if (!io->uactual)
		return 0;
	if (!access_ok(p, io->word_size))
		return -EFAULT;
	if (io->word_size == sizeof(u32))
		return zx_copy_to_nofault(p, &n32, sizeof(n32)) ? -EFAULT : 0;
	return zx_copy_to_nofault(p, &n64, sizeof(n64)) ? -EFAULT : 0;
}

/* A fault under the lock: retry after faulting in, or the caller's error. */
static zx_status_t zx_sock_fault(const struct zx_sock_io *io)
{
	return io->final ? ZX_ERR_INVALID_ARGS : ZXK_SOCK_FAULT;
}

static zx_signals_t zx_sock_signals(struct zx_socket *s)
{
	zx_signals_t v;

	spin_lock(&s->base.lock);
	v = s->base.signals;
	spin_unlock(&s->base.lock);
	return v;
}

/*
 * Appends to @dst's buffer what @io describes, written through @src (its
 * peer); stores the count on success.  Returns the bytes committed in
 * *@n.  Called under the core lock with both ends alive.
 */
static zx_status_t zx_sock_append(struct zx_socket *dst,
				  const struct zx_sock_io *io, size_t *n)
{
	struct zx_sock_buf *b = &dst->rx;
	bool dgram = dst->options & ZX_ABI_SOCKET_DATAGRAM;
	struct zx_user *user = zx_user_current();
	size_t len = io->len, done;
	zx_status_t status;

	*n = 0;
	if (zx_sb_full(b))
		return ZX_ERR_SHOULD_WAIT;
	if (!user)
		return ZX_ERR_NO_MEMORY;
	if (dgram) {
		if (len > b->cap)
			return ZX_ERR_OUT_OF_RANGE;
		if (len > b->cap - zx_sb_size(b))
			return ZX_ERR_SHOULD_WAIT;
		status = zx_sb_dg_room(b);
		if (status != ZX_OK)
			return status;
	} else {
		len = min_t(size_t, len, b->cap - zx_sb_size(b));
	}
	status = zx_sb_fill(b, io->buf, len, user, &done);
	if (status == ZX_ERR_INVALID_ARGS)
		return zx_sock_fault(io);
	if (status != ZX_OK && (dgram || !done))
		return status;
	if (zx_sock_put_actual(io, done))
		return zx_sock_fault(io);
	if (dgram)
		zx_sb_dg_push(b, done);
	else
		b->tail += done;
	*n = done;
	return ZX_OK;
}

/* The signals of a write of @n bytes from @src into @dst's buffer. */
static void zx_sock_wrote(struct zx_socket *src, struct zx_socket *dst,
			  size_t n, bool was_empty)
{
	struct zx_sock_buf *b = &dst->rx;
	zx_signals_t set = 0, clear = 0;

	if (n) {
		if (was_empty)
			set |= ZX_SOCKET_READABLE;
		if (dst->read_threshold &&
		    zx_sb_size(b) >= dst->read_threshold)
			set |= ZX_SOCKET_READ_THRESHOLD;
		if (set)
			zx_object_update_signals(&dst->base, 0, set);
		if (src->write_threshold &&
		    b->cap - zx_sb_size(b) < src->write_threshold)
			clear |= ZX_SOCKET_WRITE_THRESHOLD;
	}
	if (zx_sb_full(b))
		clear |= ZX_SOCKET_WRITABLE;
	if (clear)
		zx_object_update_signals(&src->base, clear, 0);
}

static zx_status_t zx_sock_write_locked(struct zx_socket *s,
					const struct zx_sock_io *io)
{
	struct zx_socket *peer = s->peer;
	zx_status_t status;
	bool was_empty;
	size_t n;

	if (!peer)
		return ZX_ERR_PEER_CLOSED;
	if (zx_sock_signals(s) & ZX_SOCKET_WRITE_DISABLED)
		return ZX_ERR_BAD_STATE;
	if (!io->len)
		return zx_sock_put_actual(io, 0) ? zx_sock_fault(io) : ZX_OK;
	if (io->len > U32_MAX)
		return ZX_ERR_INVALID_ARGS;
	was_empty = !zx_sb_size(&peer->rx);
	status = zx_sock_append(peer, io, &n);
	zx_sock_wrote(s, peer, n, was_empty);
	return status;
}

/* The signals after @s's buffer lost @n bytes. */
static void zx_sock_consumed(struct zx_socket *s, size_t n, bool was_full)
{
	struct zx_sock_buf *b = &s->rx;
	struct zx_socket *w = s->peer;
	zx_signals_t set = 0, clear = 0;

	if (s->read_threshold && zx_sb_size(b) < s->read_threshold)
		clear |= ZX_SOCKET_READ_THRESHOLD;
	if (!zx_sb_size(b))
		clear |= ZX_SOCKET_READABLE;
	if (clear)
		zx_object_update_signals(&s->base, clear, 0);
	if (!w)
		return;
	if (w->write_threshold && b->cap - zx_sb_size(b) >= w->write_threshold)
		set |= ZX_SOCKET_WRITE_THRESHOLD;
	if (was_full && n)
		set |= ZX_SOCKET_WRITABLE;
	if (set)
		zx_object_update_signals(&w->base, 0, set);
}

/* Reads or peeks at @s's buffer, not empty, under the core lock. */
static zx_status_t zx_sock_take(struct zx_socket *s,
				const struct zx_sock_io *io)
{
	struct zx_sock_buf *b = &s->rx;
	bool dgram = s->options & ZX_ABI_SOCKET_DATAGRAM;
	bool was_full = zx_sb_full(b);
	size_t len, before = zx_sb_size(b);
	zx_status_t status;

	len = min_t(size_t, io->len, dgram ? zx_sb_dg_first(b) :
			       zx_sb_size(b));
	status = zx_sb_copy_out(b, io->buf, len);
	if (status == ZX_OK && zx_sock_put_actual(io, len))
		status = ZX_ERR_INVALID_ARGS;
	if (status != ZX_OK)
		status = zx_sock_fault(io);
	if (io->peek || status == ZXK_SOCK_FAULT ||
	    (status != ZX_OK && !dgram))
		return status;
	/* A datagram is consumed whole, even when its copy faulted. */
	if (dgram && io->len)
		zx_sb_dg_pop(b);
	else if (!dgram)
		zx_sb_consume(b, len);
	zx_sock_consumed(s, before - zx_sb_size(b), was_full);
	return status;
}

static zx_status_t zx_sock_read_locked(struct zx_socket *s,
				       const struct zx_sock_io *io)
{
	if (io->len > U32_MAX)
		return ZX_ERR_INVALID_ARGS;
	if (zx_sb_size(&s->rx))
		return zx_sock_take(s, io);
	if (!s->peer)
		return ZX_ERR_PEER_CLOSED;
	return s->read_disabled ? ZX_ERR_BAD_STATE : ZX_ERR_SHOULD_WAIT;
}

/*
 * Faults in what a read or write of @s may touch; true when that failed
 * (the next attempt is the last: a fault then is the caller's error).
 */
static bool zx_sock_fault_in(struct zx_socket *s, const struct zx_sock_io *io,
			     bool write)
{
	size_t n = min_t(size_t, io->len, s->rx.cap);
	char __user *buf = (char __user *)io->buf;

	/* fault_in_writeable() would store zeros: this one stores nothing. */
	if (io->uactual && fault_in_safe_writeable(zx_uptr(io->uactual),
						   io->word_size))
		return true;
	if (write)
		return fault_in_readable(buf, n) != 0;
	return fault_in_safe_writeable(buf, n) != 0;
}

/* A read or write under the core lock, again after each fault. */
static zx_status_t zx_sock_retry(struct zx_socket *s, struct zx_sock_io *io,
				 bool write)
{
	zx_status_t status;
	int tries;

	for (tries = 0;; tries++) {
		mutex_lock(&s->core->lock);
		if (write)
			status = zx_sock_write_locked(s, io);
		else
			status = zx_sock_read_locked(s, io);
		mutex_unlock(&s->core->lock);
		if (status != ZXK_SOCK_FAULT)
			return status;
		if (fatal_signal_pending(current))
			return ZX_ERR_INVALID_ARGS;
		io->final = tries >= 3 || zx_sock_fault_in(s, io, write);
	}
}

/* Copies in and checks the arguments of a read or write. */
static zx_status_t zx_sock_io_args(bool write,
				   const struct zx_ioc_socket_rw *a,
				   struct zx_sock_io *io)
{
	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	if (a->word_size != sizeof(u32) && a->word_size != sizeof(u64))
		return ZX_ERR_INVALID_ARGS;
	if (a->size && !a->buffer)
		return ZX_ERR_INVALID_ARGS;
	if (a->options & ~(write ? 0u : ZX_ABI_SOCKET_PEEK))
		return ZX_ERR_INVALID_ARGS;
	io->buf = zx_uptr(a->buffer);
	io->len = min_t(u64, a->size, SIZE_MAX);
	io->uactual = a->actual;
	io->word_size = a->word_size;
	io->peek = a->options & ZX_ABI_SOCKET_PEEK;
	io->final = false;
	return ZX_OK;
}

/**
 * zx_ioctl_socket_rw() - zx_socket_write() and zx_socket_read()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_socket_rw, copied in
 * @write: write rather than read
 *
 * Return: ZX_OK, or ZX_ERR_INVALID_ARGS, BAD_HANDLE, WRONG_TYPE,
 * ACCESS_DENIED, SHOULD_WAIT, PEER_CLOSED, BAD_STATE, OUT_OF_RANGE
 * (a datagram larger than the buffer), NO_MEMORY or NO_RESOURCES.
 */
zx_status_t zx_ioctl_socket_rw(struct zx_table *t, void *arg, bool write)
{
	struct zx_ioc_socket_rw *a = arg;
	struct zx_sock_io io;
	struct zx_socket *s;
	zx_status_t status;

	status = zx_sock_io_args(write, a, &io);
	if (status != ZX_OK)
		return status;
	status = zx_lookup_as(t, a->handle, &zx_socket_ops,
			      write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ, &s, NULL);
	if (status != ZX_OK)
		return status;
	status = zx_sock_retry(s, &io, write);
	zx_object_put(&s->base);
	return status;
}

/* Fuchsia's signal changes for a disposition of one end. */
static void zx_disp_masks(u32 d, zx_signals_t *clear, zx_signals_t *set,
			  zx_signals_t *clear_peer, zx_signals_t *set_peer)
{
	if (d == ZX_ABI_SOCKET_DISPOSITION_WRITE_DISABLED) {
		*clear |= ZX_SOCKET_WRITABLE;
		*set |= ZX_SOCKET_WRITE_DISABLED;
		*set_peer |= ZX_SOCKET_PEER_WRITE_DISABLED;
	} else if (d == ZX_ABI_SOCKET_DISPOSITION_WRITE_ENABLED) {
		*clear |= ZX_SOCKET_WRITE_DISABLED;
		*set |= ZX_SOCKET_WRITABLE;
		*clear_peer |= ZX_SOCKET_PEER_WRITE_DISABLED;
	}
}

/* @s may not see its peer's writes enabled while it holds their data. */
static bool zx_disp_valid(struct zx_socket *s, u32 peer_disp)
{
	return !(peer_disp == ZX_ABI_SOCKET_DISPOSITION_WRITE_ENABLED &&
		 zx_sb_size(&s->rx) &&
		 (zx_sock_signals(s) & ZX_SOCKET_PEER_WRITE_DISABLED));
}

static void zx_disp_read_status(struct zx_socket *s, u32 peer_disp)
{
	if (peer_disp == ZX_ABI_SOCKET_DISPOSITION_WRITE_DISABLED)
		s->read_disabled = true;
	else if (peer_disp == ZX_ABI_SOCKET_DISPOSITION_WRITE_ENABLED)
		s->read_disabled = false;
}

static zx_status_t zx_socket_set_disp(struct zx_socket *s, u32 d, u32 dp)
{
	zx_signals_t clear = 0, set = 0, clear_p = 0, set_p = 0;
	zx_status_t status = ZX_OK;
	struct zx_socket *peer;

	if (!d && !dp)
		return ZX_OK;
	zx_disp_masks(d, &clear, &set, &clear_p, &set_p);
	mutex_lock(&s->core->lock);
	peer = s->peer;
	if (!zx_disp_valid(s, dp) || (peer && !zx_disp_valid(peer, d))) {
		status = ZX_ERR_BAD_STATE;
		goto unlock;
	}
	if (peer) {
		zx_disp_masks(dp, &clear_p, &set_p, &clear, &set);
		zx_disp_read_status(peer, d);
		zx_object_update_signals(&peer->base, clear_p, set_p);
	}
	zx_disp_read_status(s, dp);
	zx_object_update_signals(&s->base, clear, set);
unlock:
	mutex_unlock(&s->core->lock);
	return status;
}

/**
 * zx_ioctl_socket_set_disposition() - zx_socket_set_disposition()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_socket_disposition, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, BAD_HANDLE, WRONG_TYPE,
 * ACCESS_DENIED (no ZX_RIGHT_MANAGE_SOCKET) or BAD_STATE.
 */
zx_status_t zx_ioctl_socket_set_disposition(struct zx_table *t, void *arg)
{
	struct zx_ioc_socket_disposition *a = arg;
	struct zx_socket *s;
	zx_status_t status;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_lookup_as(t, a->handle, &zx_socket_ops,
			      ZX_RIGHT_MANAGE_SOCKET, &s, NULL);
	if (status != ZX_OK)
		return status;
	if ((a->disposition | a->disposition_peer) & ~ZX_SOCKET_DISP_ALL ||
	    a->disposition == ZX_SOCKET_DISP_ALL ||
	    a->disposition_peer == ZX_SOCKET_DISP_ALL)
		status = ZX_ERR_INVALID_ARGS;
	else
		status = zx_socket_set_disp(s, a->disposition,
					    a->disposition_peer);
	zx_object_put(&s->base);
	return status;
}

/**
 * zx_socket_get_info() - the ZX_INFO_SOCKET record of a socket end
 * @obj: a socket end (zx_object_is(, ZX_OBJ_TYPE_SOCKET))
 * @info: filled in
 */
void zx_socket_get_info(struct zx_object *obj, struct zx_abi_info_socket *info)
{
	struct zx_socket *s = zx_to_socket(obj);
	bool dgram = s->options & ZX_ABI_SOCKET_DATAGRAM;

	memset(info, 0, sizeof(*info));
	mutex_lock(&s->core->lock);
	info->options = s->options;
	info->rx_buf_max = s->rx.cap;
	info->rx_buf_size = zx_sb_size(&s->rx);
	info->rx_buf_available = dgram ? zx_sb_dg_first(&s->rx) :
					 zx_sb_size(&s->rx);
	if (s->peer) {
		info->tx_buf_max = s->peer->rx.cap;
		info->tx_buf_size = zx_sb_size(&s->peer->rx);
	}
	mutex_unlock(&s->core->lock);
}

static zx_status_t zx_socket_set_threshold(struct zx_socket *s, bool rx,
					   u64 value)
{
	struct zx_socket *peer = s->peer;
	zx_signals_t bit;
	size_t room;

	if (rx) {
		if (value > s->rx.cap)
			return ZX_ERR_INVALID_ARGS;
		s->read_threshold = value;
		bit = ZX_SOCKET_READ_THRESHOLD;
		room = zx_sb_size(&s->rx);
	} else {
		if (!peer)
			return ZX_ERR_PEER_CLOSED;
		if (value > peer->rx.cap)
			return ZX_ERR_INVALID_ARGS;
		s->write_threshold = value;
		bit = ZX_SOCKET_WRITE_THRESHOLD;
		room = peer->rx.cap - zx_sb_size(&peer->rx);
	}
	if (value && room >= value)
		zx_object_update_signals(&s->base, 0, bit);
	else
		zx_object_update_signals(&s->base, bit, 0);
	return ZX_OK;
}

/**
 * zx_socket_property() - get or set ZX_PROP_SOCKET_RX/TX_THRESHOLD
 * @obj: the object the handle names (any type)
 * @property: ZX_PROP_SOCKET_RX_THRESHOLD or ZX_PROP_SOCKET_TX_THRESHOLD
 * @uvalue: user pointer to the caller's size_t, carried as a __u64
 * @size: the caller's buffer size
 * @set: set rather than get
 *
 * Return: ZX_OK, ZX_ERR_BUFFER_TOO_SMALL, WRONG_TYPE, INVALID_ARGS (a bad
 * pointer, a threshold over the buffer's size) or PEER_CLOSED (TX set).
 */
zx_status_t zx_socket_property(struct zx_object *obj, u32 property,
			       u64 __user *uvalue, u64 size, bool set)
{
	bool rx = property == ZX_PROP_SOCKET_RX_THRESHOLD;
	struct zx_socket *s;
	zx_status_t status;
	u64 value;

	if (size < sizeof(u64))
		return ZX_ERR_BUFFER_TOO_SMALL;
	if (!zx_object_is(obj, ZX_OBJ_TYPE_SOCKET))
		return ZX_ERR_WRONG_TYPE;
	s = zx_to_socket(obj);
	if (set && get_user(value, uvalue))
		return ZX_ERR_INVALID_ARGS;
	mutex_lock(&s->core->lock);
	if (set) {
		status = zx_socket_set_threshold(s, rx, value);
	} else {
		value = rx ? s->read_threshold : s->write_threshold;
		status = ZX_OK;
	}
	mutex_unlock(&s->core->lock);
	if (!set && put_user(value, uvalue))
		return ZX_ERR_INVALID_ARGS;
	return status;
}

/*
 * The last handle to @obj went away: its peer sees PEER_CLOSED and loses
 * WRITABLE, and the data queued for @obj, which nobody can read now, is
 * freed.
 */
static void zx_socket_on_zero_handles(struct zx_object *obj)
{
	struct zx_socket *s = zx_to_socket(obj);
	struct zx_socket *peer;

	mutex_lock(&s->core->lock);
	peer = s->peer;
	if (peer) {
		peer->peer = NULL;
		s->peer = NULL;
		zx_object_update_signals(&peer->base, ZX_SOCKET_WRITABLE,
					 ZX_SOCKET_PEER_CLOSED);
		/* Nothing writes to the peer's buffer any more. */
		zx_sb_drop_spares(&peer->rx);
	}
	zx_sb_release(&s->rx);
	mutex_unlock(&s->core->lock);
	zx_object_unpair(obj);
}

static void zx_socket_destroy(struct zx_object *obj)
{
	struct zx_socket *s = zx_to_socket(obj);

	zx_sb_release(&s->rx);
	kfree(s->rx.pages);
	if (s->core && refcount_dec_and_test(&s->core->ref))
		kfree(s->core);
	kfree(s);
}

static const struct zx_object_ops zx_socket_ops = {
	.type = ZX_OBJ_TYPE_SOCKET,
	.peer_closed_signal = ZX_SOCKET_PEER_CLOSED,
	.on_zero_handles = zx_socket_on_zero_handles,
	.destroy = zx_socket_destroy,
};

/* A new end sharing @core (NULL *out when not even allocated). */
static zx_status_t zx_socket_alloc(struct zx_socket_core *core, u32 options,
				   size_t cap, struct zx_socket **out)
{
	struct zx_socket *s = kzalloc(sizeof(*s), ZX_GFP);
	zx_status_t status;

	*out = s;
	if (!s)
		return ZX_ERR_NO_MEMORY;
	s->options = options;
	status = zx_object_init(&s->base, &zx_socket_ops, ZX_SOCKET_WRITABLE);
	if (core) {
		refcount_inc(&core->ref);
		s->core = core;
	}
	if (status == ZX_OK && !core)
		status = ZX_ERR_NO_MEMORY;
	if (status == ZX_OK)
		status = zx_sb_init(&s->rx, cap,
				    options & ZX_ABI_SOCKET_DATAGRAM ?
				    max(READ_ONCE(max_socket_datagrams), 1u) :
				    0);
	return status;
}

/**
 * zx_ioctl_socket_create() - zx_socket_create(): a pair of socket ends
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS (unknown options, a bad pointer),
 * ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_socket_create(struct zx_table *t, void *arg)
{
	size_t cap = clamp(READ_ONCE(max_socket_bytes), ZX_SOCKET_BYTES_MIN,
			   ZX_SOCKET_BYTES_MAX);
	struct zx_socket_core *core;
	struct zx_socket *s0, *s1;
	struct zx_ioc_create *a = arg;
	zx_status_t status, s1st;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	if (a->options & ~ZX_ABI_SOCKET_DATAGRAM)
		return ZX_ERR_INVALID_ARGS;
	core = kmalloc(sizeof(*core), ZX_GFP);
	if (core) {
		mutex_init(&core->lock);
		refcount_set(&core->ref, 1);
	}
	status = zx_socket_alloc(core, a->options, cap, &s0);
	s1st = zx_socket_alloc(core, a->options, cap, &s1);
	if (core && refcount_dec_and_test(&core->ref))
		kfree(core);
	if (status == ZX_OK)
		status = s1st;
	if (status != ZX_OK) {
		if (s0)
			zx_object_put(&s0->base);
		if (s1)
			zx_object_put(&s1->base);
		return status;
	}
	s0->peer = s1;
	s1->peer = s0;
	return zx_table_install_pair_user(t, &s0->base, &s1->base,
					  ZX_DEFAULT_SOCKET_RIGHTS,
					  a->out0, a->out1);
}
