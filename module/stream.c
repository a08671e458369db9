// SPDX-License-Identifier: GPL-2.0
/*
 * Streams: zx_stream_create(), zx_stream_readv(), _readv_at(),
 * zx_stream_writev(), _writev_at(), zx_stream_seek(), the ZX_INFO_STREAM
 * record and the ZX_PROP_STREAM_MODE_APPEND property.
 *
 * A stream is a seek offset over a VMO.  Its bytes are the VMO's pages,
 * read and written with zx_vmo_read_store() and zx_vmo_write_store() (the
 * same code, and so the same rules for bad buffers, as zx_vmo_read() and
 * zx_vmo_write()); its end is the VMO's content size, the one
 * ZX_PROP_VMO_CONTENT_SIZE reads, which it reaches only through
 * vmo_stream.c.  Reads stop at the content size; a write past it zeroes
 * any gap, grows the VMO when the stream may resize it (its VMO handle had
 * ZX_RIGHT_RESIZE), is cut short at the VMO's size otherwise, and raises
 * the content size to its end.
 *
 * Locks owned here, outermost first:
 *
 *   zx_stream.seek_lock    a mutex per stream: the seek offset.  Held
 *                          across a whole readv, writev or seek, so that
 *                          each moves the offset as one step.
 *     zx_vmo.stream_lock   a mutex per VMO storage (vmo.h): held across
 *                          every stream write that may change the content
 *                          size (from the content size read to its
 *                          raising), on any stream of the VMO, so two
 *                          appends never get the same offset and two
 *                          growing writes never lose one's content size.
 *                          A writer stalled on its own buffer holds up only
 *                          writers of that VMO.  Writes inside the content
 *                          size do not take it.  Never two at once.
 *       mmap_lock          (faults on the caller's buffers)
 *         zx_vmo.lock      (vmo.h)
 *
 * The append mode is a flag read and written with READ_ONCE/WRITE_ONCE.
 */
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmo.h"
#include "syscalls.h"

#define ZX_STREAM_MODE_READ	ZX_ABI_STREAM_MODE_READ
#define ZX_STREAM_MODE_WRITE	ZX_ABI_STREAM_MODE_WRITE
#define ZX_STREAM_MODE_APPEND	ZX_ABI_STREAM_MODE_APPEND
#define ZX_STREAM_CREATE_MASK \
	(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND)

/* Tries of a write the VMO keeps shrinking under (zx_stream_extend()). */
#define ZX_STREAM_WRITE_TRIES	4

struct zx_stream {
	struct zx_object base;
	struct zx_vmo *vmo;		/* holds a reference */
	u32 mode;			/* ZX_STREAM_MODE_READ, _WRITE */
	bool can_resize;		/* the VMO handle had RESIZE */
	bool append;			/* READ_ONCE, WRITE_ONCE */
	struct mutex seek_lock;
	u64 seek;
};

/* One zx_iovec_t of the caller, whatever its word size. */
struct zx_iov {
	u64 base;
	u64 len;
};

static struct zx_stream *zx_to_stream(struct zx_object *obj)
{
	return container_of(obj, struct zx_stream, base);
}

static void zx_stream_destroy(struct zx_object *obj)
{
	struct zx_stream *st = zx_to_stream(obj);

	if (st->vmo)
		zx_object_put(&st->vmo->base);
	mutex_destroy(&st->seek_lock);
	kfree(st);
}

static const struct zx_object_ops zx_stream_ops = {
	.type = ZX_OBJ_TYPE_STREAM,
	.destroy = zx_stream_destroy,
};

/* The lock of the VMO's storage that its content-size writes take. */
static struct mutex *zx_stream_vmo_lock(struct zx_vmo *v)
{
	return &zx_vmo_store(v)->stream_lock;
}

/**
 * zx_ioctl_stream_create() - zx_stream_create()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_stream_create, copied in
 *
 * Return: ZX_OK; ZX_ERR_INVALID_ARGS for an unknown option or a bad out
 * pointer; a status of zx_handle_lookup() (BAD_HANDLE, WRONG_TYPE, and
 * ACCESS_DENIED when the VMO handle lacks READ for MODE_READ or WRITE for
 * MODE_WRITE); ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_stream_create(struct zx_table *t, void *arg)
{
	zx_rights_t need = 0, vrights, rights = ZX_DEFAULT_STREAM_RIGHTS;
	struct zx_ioc_stream_create *a = arg;
	struct zx_stream *st;
	zx_status_t status;
	struct zx_vmo *v;

	if (a->options & ~ZX_STREAM_CREATE_MASK)
		return ZX_ERR_INVALID_ARGS;
	if (a->options & ZX_STREAM_MODE_READ)
		need |= ZX_RIGHT_READ;
	if (a->options & ZX_STREAM_MODE_WRITE)
		need |= ZX_RIGHT_WRITE;
	rights |= need;
	status = zx_lookup_as(t, a->vmo, &zx_vmo_ops, need, &v, &vrights);
	if (status != ZX_OK)
		return status;
	st = kzalloc(sizeof(*st), ZX_GFP);
	if (!st) {
		zx_object_put(&v->base);
		return ZX_ERR_NO_MEMORY;
	}
	st->vmo = v;
	st->mode = a->options & (ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE);
	st->append = a->options & ZX_STREAM_MODE_APPEND;
	st->can_resize = vrights & ZX_RIGHT_RESIZE;
	st->seek = a->seek;
	mutex_init(&st->seek_lock);
	status = zx_object_init(&st->base, &zx_stream_ops, 0);
	return zx_table_install_new_user(t, status, &st->base, rights, a->out);
}

/* ---- the caller's iovec array ---- */

static size_t zx_iov_size(const struct zx_ioc_stream_io *a)
{
	return a->word_size == sizeof(u64) ? sizeof(struct zx_abi_iovec) :
					     sizeof(struct zx_abi_iovec32);
}

/*
 * A call's arguments, with its array read in one copy when it has at most
 * ZX_STREAM_IOV_STAGED entries.  The functions below take &args->a; only
 * zx_iov_get() and zx_iov_stage() look past it, at the staged entries.
 */
#define ZX_STREAM_IOV_STAGED	8

struct zx_stream_args {
	struct zx_ioc_stream_io a;
	u32 staged;			/* entries in iov[]: all of them, or 0 */
	struct zx_iov iov[ZX_STREAM_IOV_STAGED];
};

static const struct zx_stream_args *zx_args_of(const struct zx_ioc_stream_io *a)
{
	return container_of(a, const struct zx_stream_args, a);
}

/* Reads entry @i of the caller's array; unreadable is INVALID_ARGS. */
static zx_status_t zx_iov_get(const struct zx_ioc_stream_io *a, u64 i,
			      struct zx_iov *iov)
{
	const struct zx_stream_args *sa = zx_args_of(a);
	void __user *src = zx_uptr(a->vector + i * zx_iov_size(a));
	struct zx_abi_iovec32 v32;
	struct zx_abi_iovec v;

	if (i < sa->staged) {
		*iov = sa->iov[i];
		return ZX_OK;
	}
	if (a->word_size == sizeof(u64)) {
		if (copy_from_user(&v, src, sizeof(v)))
			return ZX_ERR_INVALID_ARGS;
		iov->base = v.buffer;
		iov->len = v.capacity;
	} else {
		if (copy_from_user(&v32, src, sizeof(v32)))
			return ZX_ERR_INVALID_ARGS;
		iov->base = v32.buffer;
		iov->len = v32.capacity;
	}
	return ZX_OK;
}

/*
 * Reads a short array in one copy (a call then reads each entry once: a
 * caller changing its array meanwhile sees the call use it as it was).
 * An array that cannot be read is left to zx_iov_get(), which fails.
 */
static void zx_iov_stage(struct zx_stream_args *sa)
{
	const struct zx_ioc_stream_io *a = &sa->a;
	struct zx_abi_iovec v[ZX_STREAM_IOV_STAGED];
	struct zx_abi_iovec32 *v32 = (struct zx_abi_iovec32 *)v;
	u32 i, n = a->num_vector;

	sa->staged = 0;
	if (!a->num_vector || a->num_vector > ZX_STREAM_IOV_STAGED ||
	    copy_from_user(v, zx_uptr(a->vector), n * zx_iov_size(a)))
		return;
	for (i = 0; i < n; i++) {
		if (a->word_size == sizeof(u64)) {
			sa->iov[i].base = v[i].buffer;
			sa->iov[i].len = v[i].capacity;
		} else {
			sa->iov[i].base = v32[i].buffer;
			sa->iov[i].len = v32[i].capacity;
		}
	}
	sa->staged = n;
}

/*
 * The sum of the capacities in *@total.  Zircon's rules: an array that
 * cannot be read, or a sum a size_t cannot hold, is INVALID_ARGS.
 */
static zx_status_t zx_iov_total(const struct zx_ioc_stream_io *a, u64 *total)
{
	u64 limit = a->word_size == sizeof(u64) ? U64_MAX : U32_MAX;
	struct zx_iov iov;
	zx_status_t status;
	u64 i, bytes;

	*total = 0;
	if (check_mul_overflow(a->num_vector, (u64)zx_iov_size(a), &bytes) ||
	    check_add_overflow(a->vector, bytes, &bytes))
		return ZX_ERR_INVALID_ARGS;
	for (i = 0; i < a->num_vector; i++) {
		status = zx_iov_get(a, i, &iov);
		if (status != ZX_OK)
			return status;
		if (check_add_overflow(*total, iov.len, total) ||
		    *total > limit)
			return ZX_ERR_INVALID_ARGS;
		if (i && !(i & 255)) {
			if (fatal_signal_pending(current))
				return ZX_ERR_CANCELED;
			cond_resched();
		}
	}
	return ZX_OK;
}

/*
 * Copies @len bytes between the stream's VMO at @off and the caller's
 * buffers, in order; the bytes copied in *@done, which may be fewer when
 * it fails.  A long array is read again here (the caller may change it
 * meanwhile: each entry is used as read); a short one was staged.  A buffer the kernel may not
 * touch is INVALID_ARGS; one at address 0 is NOT_FOUND, as in Zircon,
 * where nothing is mapped there; the rest is zx_vmo_read_store()'s and
 * zx_vmo_write_store()'s.
 */
static zx_status_t zx_stream_copy(struct zx_stream *st,
				  const struct zx_ioc_stream_io *a, u64 off,
				  u64 len, bool write, u64 *done)
{
	struct zx_vmo *s = zx_vmo_store(st->vmo);
	u64 base = off + ((u64)st->vmo->slice_off << PAGE_SHIFT);
	zx_status_t status = ZX_OK;
	struct zx_iov iov;
	u64 i, n;

	*done = 0;
	if (READ_ONCE(s->cache_policy) != ZX_CACHE_POLICY_CACHED)
		return ZX_ERR_BAD_STATE;
	for (i = 0; i < a->num_vector && *done < len; i++) {
		status = zx_iov_get(a, i, &iov);
		if (status != ZX_OK)
			break;
		n = min(iov.len, len - *done);
		if (!n)
			continue;
		if (!access_ok(zx_uptr(iov.base), n))
			status = ZX_ERR_INVALID_ARGS;
		else if (!iov.base)
			status = ZX_ERR_NOT_FOUND;
		else if (write)
			status = zx_vmo_write_store(s, base + *done,
						    zx_uptr(iov.base), n);
		else
			status = zx_vmo_read_store(s, base + *done,
						   zx_uptr(iov.base), n);
		if (status != ZX_OK)
			break;
		*done += n;
	}
	return status;
}

/* ---- reads ---- */

static zx_status_t zx_stream_read_at(struct zx_stream *st,
				     const struct zx_ioc_stream_io *a,
				     u64 off, u64 total, u64 *done)
{
	zx_status_t status;
	u64 size, cs, end;

	*done = 0;
	zx_vmo_stream_peek_sizes(st->vmo, &size, &cs);
	if (check_add_overflow(off, total, &end))
		end = U64_MAX;
	end = min3(end, cs, size);
	if (end <= off)
		return ZX_OK;
	status = zx_stream_copy(st, a, off, end - off, false, done);
	/* The VMO shrank under the read: the stream ends there. */
	if (status == ZX_ERR_OUT_OF_RANGE)
		status = ZX_OK;
	return *done ? ZX_OK : status;
}

/* ---- writes ---- */

/*
 * Makes room for a write of [@off, @end): grows the VMO if it may, zeroes
 * the bytes between the content size and @off; the bytes that fit in
 * *@len.  Zircon's statuses: nothing fits is NO_SPACE, but OUT_OF_RANGE
 * when the size itself is out of range.
 */
static zx_status_t zx_stream_make_room(struct zx_stream *st, u64 off,
				       u64 end, u64 *len)
{
	struct zx_vmo *v = st->vmo;
	zx_status_t status;
	u64 size, cs;

	status = zx_vmo_stream_expand(v, end, st->can_resize, &size);
	if (status != ZX_OK && size <= off) {
		if (status == ZX_ERR_OUT_OF_RANGE || status == ZX_ERR_CANCELED)
			return status;
		return ZX_ERR_NO_SPACE;
	}
	*len = min(size, end) - off;
	status = zx_vmo_stream_sizes(v, &size, &cs);
	if (status == ZX_OK && cs < off)
		status = zx_vmo_zero(zx_vmo_store(v), cs +
				     ((u64)v->slice_off << PAGE_SHIFT),
				     off - cs);
	return status;
}

/*
 * A write that may change the content size, under the VMO's stream lock:
 * make room, copy, raise the content size to what was written.  A VMO
 * shrunk by another thread between the room made and the copy is tried
 * again, a few times.  *@copied: whether the room was made and the copy
 * tried (an append then moves the seek offset, as in Zircon).
 */
static zx_status_t zx_stream_extend(struct zx_stream *st,
				    const struct zx_ioc_stream_io *a,
				    u64 off, u64 end, u64 *done, bool *copied)
{
	zx_status_t status;
	unsigned int tries;
	u64 len;

	for (tries = 1; ; tries++) {
		*done = 0;
		status = zx_stream_make_room(st, off, end, &len);
		if (status != ZX_OK)
			return status;
		*copied = true;
		status = zx_stream_copy(st, a, off, len, true, done);
		if (*done)
			zx_vmo_stream_commit(st->vmo, off + *done);
		if (status != ZX_ERR_OUT_OF_RANGE || *done ||
		    tries == ZX_STREAM_WRITE_TRIES)
			return *done ? ZX_OK : status;
	}
}

static zx_status_t zx_stream_write_at(struct zx_stream *st,
				      const struct zx_ioc_stream_io *a,
				      u64 off, u64 total, u64 *done)
{
	struct mutex *lock = zx_stream_vmo_lock(st->vmo);
	bool copied = false;
	zx_status_t status;
	u64 size, cs, end;

	*done = 0;
	if (check_add_overflow(off, total, &end))
		return ZX_ERR_FILE_BIG;
	zx_vmo_stream_peek_sizes(st->vmo, &size, &cs);
	if (end <= cs && end <= size) {
		/* Inside the content: the content size does not change. */
		status = zx_stream_copy(st, a, off, total, true, done);
		if (status != ZX_ERR_OUT_OF_RANGE || *done)
			return *done ? ZX_OK : status;
	}
	if (mutex_lock_killable(lock))
		return ZX_ERR_CANCELED;
	status = zx_stream_extend(st, a, off, end, done, &copied);
	mutex_unlock(lock);
	return status;
}

/*
 * An append: at the content size, read under the VMO's stream lock.  The
 * seek offset becomes the end of what it wrote once it tried to write
 * (even nothing); a VMO with no room for it leaves the offset alone.
 */
static zx_status_t zx_stream_append(struct zx_stream *st,
				    const struct zx_ioc_stream_io *a,
				    u64 total, u64 *done)
{
	struct mutex *lock = zx_stream_vmo_lock(st->vmo);
	bool copied = false;
	zx_status_t status;
	u64 size, cs, end;

	*done = 0;
	if (mutex_lock_killable(lock))
		return ZX_ERR_CANCELED;
	status = zx_vmo_stream_sizes(st->vmo, &size, &cs);
	if (status == ZX_OK) {
		if (check_add_overflow(cs, total, &end))
			status = ZX_ERR_OUT_OF_RANGE;
		else
			status = zx_stream_extend(st, a, cs, end, done,
						  &copied);
		if (copied)
			st->seek = cs + *done;
	}
	mutex_unlock(lock);
	return status;
}

/* ---- the vector calls ---- */

/* The call on @st; a.offset (the _at calls) or the seek offset. */
static zx_status_t zx_stream_call(struct zx_stream *st,
				  const struct zx_ioc_stream_io *a, bool write,
				  bool at, u64 total, u64 *done)
{
	zx_status_t status;
	bool append;

	if (at)
		return write ? zx_stream_write_at(st, a, a->offset, total, done) :
			       zx_stream_read_at(st, a, a->offset, total, done);
	if (mutex_lock_killable(&st->seek_lock))
		return ZX_ERR_CANCELED;
	append = write && ((a->options & ZX_ABI_STREAM_APPEND) ||
			   READ_ONCE(st->append));
	if (append) {
		/* Sets the seek offset to the end of what it wrote. */
		status = zx_stream_append(st, a, total, done);
	} else {
		status = write ?
			 zx_stream_write_at(st, a, st->seek, total, done) :
			 zx_stream_read_at(st, a, st->seek, total, done);
		st->seek += *done;
	}
	mutex_unlock(&st->seek_lock);
	return status;
}

static zx_status_t zx_put_actual(const struct zx_ioc_stream_io *a, u64 n)
{
	if (!a->actual)
		return ZX_OK;
	if (a->word_size == sizeof(u64) ?
	    put_user(n, (u64 __user *)zx_uptr(a->actual)) :
	    put_user((u32)n, (u32 __user *)zx_uptr(a->actual)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/**
 * zx_ioctl_stream_io() - zx_stream_readv(), _readv_at(), _writev(), _writev_at()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_stream_io
 * @write: a write
 * @at: at a->offset, not at (and not moving) the seek offset
 *
 * Zircon's order: options (ZX_STREAM_APPEND for writev only), a NULL
 * vector, the handle (READ or WRITE), the capacities; then a read of 0
 * bytes or a write of 0 bytes is ZX_OK with nothing done.  A call that
 * moved some bytes and then failed is ZX_OK with the bytes it moved.
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_stream_io(struct zx_table *t, void __user *uarg,
			       bool write, bool at)
{
	struct zx_stream_args sa;
	struct zx_ioc_stream_io *ap = &sa.a;
	struct zx_stream *st;
	zx_status_t status;
	u64 total, done = 0;

	sa.staged = 0;
	if (zx_copy_arg(ap, uarg) || ap->reserved)
		return ZX_ERR_INVALID_ARGS;
	if (ap->word_size != sizeof(u32) && ap->word_size != sizeof(u64))
		return ZX_ERR_INVALID_ARGS;
	if (ap->options & ~(write && !at ? ZX_ABI_STREAM_APPEND : 0))
		return ZX_ERR_INVALID_ARGS;
	if (!at && ap->offset)
		return ZX_ERR_INVALID_ARGS;
	if (!ap->vector)
		return ZX_ERR_INVALID_ARGS;
	status = zx_lookup_as(t, ap->handle, &zx_stream_ops,
			      write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ, &st, NULL);
	if (status != ZX_OK)
		return status;
	zx_iov_stage(&sa);
	status = zx_iov_total(ap, &total);
	if (status == ZX_OK && total)
		status = zx_stream_call(st, ap, write, at, total, &done);
	zx_object_put(&st->base);
	if (status == ZX_OK)
		status = zx_put_actual(ap, done);
	return status;
}

/* ---- seek, info, property ---- */

/* @from + @offset as a zx_off_t; false when negative or too large. */
static bool zx_seek_add(u64 from, s64 offset, u64 *to)
{
	if (offset >= 0)
		return !check_add_overflow(from, (u64)offset, to);
	if ((u64)0 - (u64)offset > from)
		return false;
	*to = from - ((u64)0 - (u64)offset);
	return true;
}

/* Moves @st's seek to @offset from @whence; the new seek in *@seek. */
static zx_status_t zx_stream_move(struct zx_stream *st, u32 whence,
				  s64 offset, u64 *seek)
{
	zx_status_t status = ZX_OK;
	u64 size, cs;

	if (mutex_lock_killable(&st->seek_lock))
		return ZX_ERR_CANCELED;
	switch (whence) {
	case ZX_ABI_STREAM_SEEK_ORIGIN_START:
		if (!zx_seek_add(0, offset, seek))
			status = ZX_ERR_INVALID_ARGS;
		break;
	case ZX_ABI_STREAM_SEEK_ORIGIN_CURRENT:
		if (!zx_seek_add(st->seek, offset, seek))
			status = ZX_ERR_INVALID_ARGS;
		break;
	case ZX_ABI_STREAM_SEEK_ORIGIN_END:
		status = zx_vmo_stream_sizes(st->vmo, &size, &cs);
		if (status == ZX_OK && !zx_seek_add(cs, offset, seek))
			status = ZX_ERR_INVALID_ARGS;
		break;
	default:
		status = ZX_ERR_INVALID_ARGS;
	}
	if (status == ZX_OK)
		st->seek = *seek;
	mutex_unlock(&st->seek_lock);
	return status;
}

/**
 * zx_ioctl_stream_seek() - zx_stream_seek()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_stream_seek, copied in
 *
 * The handle needs READ or WRITE.  An unknown whence, or a result that is
 * negative or past the largest zx_off_t, is INVALID_ARGS.
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_stream_seek(struct zx_table *t, void *arg)
{
	struct zx_ioc_stream_seek *a = arg;
	struct zx_stream *st;
	zx_rights_t rights;
	zx_status_t status;
	u64 seek = 0;

	status = zx_lookup_as(t, a->handle, &zx_stream_ops, 0, &st, &rights);
	if (status != ZX_OK)
		return status;
	if (!(rights & (ZX_RIGHT_READ | ZX_RIGHT_WRITE)))
		status = ZX_ERR_ACCESS_DENIED;
	else
		status = zx_stream_move(st, a->whence, a->offset, &seek);
	zx_object_put(&st->base);
	if (status == ZX_OK && a->out_seek &&
	    put_user(seek, (u64 __user *)zx_uptr(a->out_seek)))
		status = ZX_ERR_INVALID_ARGS;
	return status;
}

/**
 * zx_stream_get_info() - the ZX_INFO_STREAM record
 * @obj: the object, which must be a stream
 * @info: filled in
 *
 * Return: ZX_OK, or ZX_ERR_CANCELED (killed while waiting for a lock).
 */
zx_status_t zx_stream_get_info(struct zx_object *obj,
			       struct zx_abi_info_stream *info)
{
	struct zx_stream *st = zx_to_stream(obj);
	zx_status_t status;
	u64 size;

	memset(info, 0, sizeof(*info));
	info->options = st->mode;
	if (READ_ONCE(st->append))
		info->options |= ZX_STREAM_MODE_APPEND;
	if (mutex_lock_killable(&st->seek_lock))
		return ZX_ERR_CANCELED;
	info->seek = st->seek;
	mutex_unlock(&st->seek_lock);
	status = zx_vmo_stream_sizes(st->vmo, &size, &info->content_size);
	return status;
}

/**
 * zx_stream_prop_append() - get or set ZX_PROP_STREAM_MODE_APPEND
 * @obj: the object (its type is checked here)
 * @uvalue: user pointer to a u8
 * @size: the caller's buffer size
 * @set: whether to set (any value but 0 sets the mode)
 *
 * Return: ZX_OK, ZX_ERR_BUFFER_TOO_SMALL (@size 0), ZX_ERR_WRONG_TYPE or
 * ZX_ERR_INVALID_ARGS (@uvalue unusable).
 */
zx_status_t zx_stream_prop_append(struct zx_object *obj, u64 uvalue,
				  u64 size, bool set)
{
	u8 __user *p = zx_uptr(uvalue);
	u8 value;

	if (size < sizeof(u8))
		return ZX_ERR_BUFFER_TOO_SMALL;
	if (!zx_object_is(obj, ZX_OBJ_TYPE_STREAM))
		return ZX_ERR_WRONG_TYPE;
	if (set) {
		if (get_user(value, p))
			return ZX_ERR_INVALID_ARGS;
		WRITE_ONCE(zx_to_stream(obj)->append, value != 0);
		return ZX_OK;
	}
	value = READ_ONCE(zx_to_stream(obj)->append);
	return put_user(value, p) ? ZX_ERR_INVALID_ARGS : ZX_OK;
}
