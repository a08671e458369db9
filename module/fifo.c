// SPDX-License-Identifier: GPL-2.0
/*
 * FIFOs: a pair of ends, each with a ring of fixed-size elements that its
 * peer writes and it reads.  zx_fifo_write() copies whole elements into the
 * peer's ring (as many as fit), zx_fifo_read() copies whole elements out of
 * the caller's own ring.  Signals, as in Zircon: an end is READABLE while
 * its ring holds an element, WRITABLE while its peer's ring has room, and
 * gets PEER_CLOSED (losing WRITABLE) when its peer loses its last handle;
 * the elements already in its ring can still be read after that.
 *
 * Each ring is elem_count * elem_size bytes, at most ZX_FIFO_MAX_SIZE_BYTES
 * (4096, Zircon's page-size figure whatever Linux's page size is), charged
 * to the creator's memory cgroup (ZX_GFP) and to its per-user byte quota
 * (max_queued_bytes_per_user, object.c) until the end is destroyed.
 *
 * Locks owned here:
 *
 *   zx_fifo_pair.lock  one spinlock per pair; protects both rings (head,
 *                      count, contents) and ->closed.  Taken outside
 *                      zx_object.lock (signal updates happen under it) and
 *                      never with zx_peer_link.lock.  User memory is
 *                      copied under it with page faults disabled; a copy
 *                      that would fault drops the lock, faults the pages
 *                      in and starts over, so nothing sleeps under it.
 *                      Destroying an end does not take it (an end is
 *                      destroyed only once closed or if it never had a
 *                      handle, and then it is never reached through its
 *                      peer), so a reference dropped under it cannot
 *                      come back to it.
 */
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

/* Zircon's ZX_FIFO_MAX_SIZE_BYTES: one (4 KiB) page per ring. */
#define ZX_FIFO_MAX_BYTES	4096u

struct zx_fifo;

struct zx_fifo_pair {
	spinlock_t lock;
	refcount_t ref;			/* one per end */
	u32 elem_count;
	u32 elem_size;
	struct zx_fifo *end[2];		/* constant from creation */
	bool closed[2];			/* end[i] lost its last handle */
};

struct zx_fifo {
	struct zx_object base;
	struct zx_fifo_pair *pair;
	struct zx_user *user;		/* charged for ->data, or NULL */
	unsigned int side;		/* 0 or 1: pair->end[side] is this */
	u32 head;			/* index of the oldest element */
	u32 count;			/* elements in the ring */
	u8 *data;			/* elem_count * elem_size bytes */
};

static struct zx_fifo *zx_to_fifo(struct zx_object *obj)
{
	return container_of(obj, struct zx_fifo, base);
}

/* The peer end, or NULL once it lost its handles.  Under the pair lock. */
static struct zx_fifo *zx_fifo_other(struct zx_fifo *f)
{
	struct zx_fifo_pair *p = f->pair;

	lockdep_assert_held(&p->lock);
	return p->closed[!f->side] ? NULL : p->end[!f->side];
}

static size_t zx_fifo_bytes(const struct zx_fifo_pair *p)
{
	return (size_t)p->elem_count * p->elem_size;
}

static void zx_fifo_destroy(struct zx_object *obj)
{
	struct zx_fifo *f = zx_to_fifo(obj);
	struct zx_fifo_pair *p = f->pair;

	if (f->user)
		zx_user_uncharge_bytes(f->user, zx_fifo_bytes(p));
	kfree(f->data);
	if (refcount_dec_and_test(&p->ref))
		kfree(p);
	kfree(f);
}

/*
 * The last handle to an end is gone: its peer can no longer write to it,
 * so the peer loses WRITABLE and gets PEER_CLOSED (zx_object_unpair()).
 */
static void zx_fifo_on_zero_handles(struct zx_object *obj)
{
	struct zx_fifo *f = zx_to_fifo(obj);
	struct zx_fifo *peer;

	spin_lock(&f->pair->lock);
	f->pair->closed[f->side] = true;
	peer = zx_fifo_other(f);
	if (peer)
		zx_object_update_signals(&peer->base, ZX_FIFO_WRITABLE,
					 ZX_FIFO_PEER_CLOSED);
	spin_unlock(&f->pair->lock);
	zx_object_unpair(obj);
}

static const struct zx_object_ops zx_fifo_ops = {
	.type = ZX_OBJ_TYPE_FIFO,
	.peer_closed_signal = ZX_FIFO_PEER_CLOSED,
	.on_zero_handles = zx_fifo_on_zero_handles,
	.destroy = zx_fifo_destroy,
};

/* One end of @p on @side, charged to the caller; NULL without memory. */
static struct zx_fifo *zx_fifo_alloc(struct zx_fifo_pair *p,
				     unsigned int side, zx_status_t *status)
{
	struct zx_fifo *f = kzalloc(sizeof(*f), ZX_GFP);

	*status = ZX_ERR_NO_MEMORY;
	if (!f)
		return NULL;
	f->pair = p;
	f->side = side;
	refcount_inc(&p->ref);
	*status = zx_object_init(&f->base, &zx_fifo_ops, ZX_FIFO_WRITABLE);
	if (*status != ZX_OK)
		return f;
	f->data = kmalloc(zx_fifo_bytes(p), ZX_GFP);
	if (!f->data) {
		*status = ZX_ERR_NO_MEMORY;
		return f;
	}
	*status = zx_user_charge_current(zx_fifo_bytes(p), &f->user);
	return f;
}

static zx_status_t zx_fifo_check_sizes(u64 count, u64 size)
{
	if (!count || !size || count > ZX_FIFO_MAX_BYTES ||
	    size > ZX_FIFO_MAX_BYTES || count * size > ZX_FIFO_MAX_BYTES)
		return ZX_ERR_OUT_OF_RANGE;
	return ZX_OK;
}

/**
 * zx_ioctl_fifo_create() - zx_fifo_create(): a new pair of FIFO ends
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_fifo_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE (a count or size of zero, or a ring
 * over ZX_FIFO_MAX_SIZE_BYTES), ZX_ERR_INVALID_ARGS (options, reserved, an
 * unwritable out pointer), ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_fifo_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_fifo_create *a = arg;
	struct zx_fifo_pair *p;
	struct zx_fifo *f0, *f1;
	zx_status_t status, s1;

	status = zx_fifo_check_sizes(a->elem_count, a->elem_size);
	if (status != ZX_OK)
		return status;
	if (a->options || a->reserved)
		return ZX_ERR_INVALID_ARGS;

	p = kzalloc(sizeof(*p), ZX_GFP);
	if (!p)
		return ZX_ERR_NO_MEMORY;
	spin_lock_init(&p->lock);
	refcount_set(&p->ref, 1);	/* ours until both ends hold it */
	p->elem_count = a->elem_count;
	p->elem_size = a->elem_size;
	f0 = zx_fifo_alloc(p, 0, &status);
	f1 = zx_fifo_alloc(p, 1, &s1);
	p->end[0] = f0;
	p->end[1] = f1;
	if (status == ZX_OK)
		status = s1;
	if (status != ZX_OK) {
		if (f0)
			zx_object_put(&f0->base);
		if (f1)
			zx_object_put(&f1->base);
	}
	if (refcount_dec_and_test(&p->ref))
		kfree(p);
	if (status != ZX_OK)
		return status;
	return zx_table_install_pair_user(t, &f0->base, &f1->base,
					  ZX_DEFAULT_FIFO_RIGHTS, a->out0,
					  a->out1);
}

/*
 * Copies @n elements between @ring (starting at element @at) and user
 * memory @u with page faults disabled, wrapping at the end of the ring.
 * Under the pair lock.  Return: false if the copy would have faulted.
 */
static bool zx_fifo_copy(struct zx_fifo *ring, u32 at, u32 n,
			 void __user *u, bool to_user)
{
	const struct zx_fifo_pair *p = ring->pair;
	u32 first = min(n, p->elem_count - at);
	size_t len0 = (size_t)first * p->elem_size;
	size_t len1 = (size_t)(n - first) * p->elem_size;
	u8 *k0 = ring->data + (size_t)at * p->elem_size;
	unsigned long left;

	if (!access_ok(u, len0 + len1))
		return false;	/* and fault_in_*() fails too */
	pagefault_disable();
	if (to_user) {
		left = __copy_to_user_inatomic(u, k0, len0);
		if (!left && len1)
			left = __copy_to_user_inatomic(u + len0, ring->data,
						       len1);
	} else {
		left = __copy_from_user_inatomic(k0, u, len0);
		if (!left && len1)
			left = __copy_from_user_inatomic(ring->data, u + len0,
							 len1);
	}
	pagefault_enable();
	return !left;
}

/*
 * One attempt at a write from @f: elements go to the peer's ring.  Under
 * the pair lock.  Return: a status, or ZXK_RESTART with *fault_len set when
 * the copy needs user pages faulted in first.
 */
static zx_status_t zx_fifo_write_locked(struct zx_fifo *f,
					const struct zx_ioc_fifo_rw *a,
					size_t *done, size_t *fault_len)
{
	struct zx_fifo *ring = zx_fifo_other(f);
	struct zx_fifo_pair *p = f->pair;
	u32 n, at;

	if (!ring)
		return ZX_ERR_PEER_CLOSED;
	if (a->elem_size != p->elem_size || !a->count)
		return ZX_ERR_OUT_OF_RANGE;
	if (ring->count == p->elem_count)
		return ZX_ERR_SHOULD_WAIT;
	n = min_t(u64, a->count, p->elem_count - ring->count);
	at = (ring->head + ring->count) % p->elem_count;
	if (!zx_fifo_copy(ring, at, n, zx_uptr(a->data), false)) {
		*fault_len = (size_t)n * p->elem_size;
		return ZXK_RESTART;
	}
	if (!ring->count)
		zx_object_update_signals(&ring->base, 0, ZX_FIFO_READABLE);
	ring->count += n;
	if (ring->count == p->elem_count)
		zx_object_update_signals(&f->base, ZX_FIFO_WRITABLE, 0);
	*done = n;
	return ZX_OK;
}

/* One attempt at a read from @f's own ring; as zx_fifo_write_locked(). */
static zx_status_t zx_fifo_read_locked(struct zx_fifo *f,
				       const struct zx_ioc_fifo_rw *a,
				       size_t *done, size_t *fault_len)
{
	struct zx_fifo *peer = zx_fifo_other(f);
	struct zx_fifo_pair *p = f->pair;
	u32 n;

	if (a->elem_size != p->elem_size || !a->count)
		return ZX_ERR_OUT_OF_RANGE;
	if (!f->count)
		return peer ? ZX_ERR_SHOULD_WAIT : ZX_ERR_PEER_CLOSED;
	n = min_t(u64, a->count, f->count);
	if (!zx_fifo_copy(f, f->head, n, zx_uptr(a->data), true)) {
		*fault_len = (size_t)n * p->elem_size;
		return ZXK_RESTART;
	}
	if (f->count == p->elem_count && peer)
		zx_object_update_signals(&peer->base, 0, ZX_FIFO_WRITABLE);
	f->head = (f->head + n) % p->elem_count;
	f->count -= n;
	if (!f->count)
		zx_object_update_signals(&f->base, ZX_FIFO_READABLE, 0);
	*done = n;
	return ZX_OK;
}

static int zx_fifo_put_count(const struct zx_ioc_fifo_rw *a, size_t n)
{
	if (!a->actual)
		return 0;
	if (a->word_size == sizeof(u32))
		return put_user((u32)n, (u32 __user *)zx_uptr(a->actual));
	return put_user((u64)n, (u64 __user *)zx_uptr(a->actual));
}

/* Locks, tries, and faults user pages in between tries as needed. */
static zx_status_t zx_fifo_transfer(struct zx_fifo *f,
				    const struct zx_ioc_fifo_rw *a,
				    bool write, size_t *done)
{
	void __user *u = zx_uptr(a->data);
	size_t fault_len = 0;
	zx_status_t status;

	for (;;) {
		spin_lock(&f->pair->lock);
		if (write)
			status = zx_fifo_write_locked(f, a, done, &fault_len);
		else
			status = zx_fifo_read_locked(f, a, done, &fault_len);
		spin_unlock(&f->pair->lock);
		if (status != ZXK_RESTART)
			return status;
		/* Unmapped or unreadable memory stays so: INVALID_ARGS. */
		if (write ? fault_in_readable(u, fault_len) :
			    fault_in_writeable(u, fault_len))
			return ZX_ERR_INVALID_ARGS;
		if (fatal_signal_pending(current))
			return ZX_ERR_INVALID_ARGS;
		cond_resched();
	}
}

static zx_status_t zx_fifo_call(struct zx_table *t, struct zx_ioc_fifo_rw *a,
			       bool write)
{
	struct zx_fifo *f;
	size_t done = 0;
	zx_status_t status;

	if (a->word_size != sizeof(u32) && a->word_size != sizeof(u64))
		return ZX_ERR_INVALID_ARGS;
	status = zx_lookup_as(t, a->handle, &zx_fifo_ops,
			      write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ, &f, NULL);
	if (status != ZX_OK)
		return status;
	status = zx_fifo_transfer(f, a, write, &done);
	zx_object_put(&f->base);
	if (status == ZX_OK && zx_fifo_put_count(a, done))
		status = ZX_ERR_INVALID_ARGS;
	return status;
}

/**
 * zx_ioctl_fifo_write() - zx_fifo_write(): elements to the peer
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_fifo_rw, copied in
 *
 * Writes as many of the elements as the peer's ring has room for.
 *
 * Return: ZX_OK with the number written (at least 1) in actual;
 * ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED (no
 * ZX_RIGHT_WRITE), ZX_ERR_PEER_CLOSED, ZX_ERR_OUT_OF_RANGE (count 0 or
 * another element size), ZX_ERR_SHOULD_WAIT (full) or ZX_ERR_INVALID_ARGS
 * (a bad pointer or word_size).
 */
zx_status_t zx_ioctl_fifo_write(struct zx_table *t, void *arg)
{
	return zx_fifo_call(t, arg, true);
}

/**
 * zx_ioctl_fifo_read() - zx_fifo_read(): elements from the caller's end
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_fifo_rw, copied in
 *
 * Reads up to count elements, oldest first.
 *
 * Return: ZX_OK with the number read (at least 1) in actual;
 * ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED (no
 * ZX_RIGHT_READ), ZX_ERR_OUT_OF_RANGE (count 0 or another element size),
 * ZX_ERR_SHOULD_WAIT (empty), ZX_ERR_PEER_CLOSED (empty and the peer is
 * gone) or ZX_ERR_INVALID_ARGS (a bad pointer or word_size).
 */
zx_status_t zx_ioctl_fifo_read(struct zx_table *t, void *arg)
{
	return zx_fifo_call(t, arg, false);
}
