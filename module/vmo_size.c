// SPDX-License-Identifier: GPL-2.0
/*
 * A VMO's content size (Fuchsia's "stream size"): ZX_PROP_VMO_CONTENT_SIZE,
 * zx_vmo_get_stream_size() and zx_vmo_set_stream_size() (zx_vmo_get_size()
 * too, which shares the copy out), and the functions
 * through which streams (stream.c) read and move it, so that the property,
 * the two syscalls and streams share one implementation.
 *
 * Every VMO, slice or not, has a content size of its own (zx_vmo.content_size),
 * set at creation to the size asked for (unrounded) and by zx_vmo_set_size()
 * to the size asked for.  It is read and written under the lock of the VMO's
 * storage, zx_vmo_store(v)->lock (zx_vmo.lock, owned by vmo.c; its place in
 * the order is in vmo.h); no lock is owned here.
 *
 * Zeroing the bytes past a new content size is done with that lock let go
 * of between batches of pages (zx_vmo_zero()), as Fuchsia drops its content
 * size lock around ZeroRange: a concurrent write may land between the
 * zeroing and the new content size taking effect, as it may on Fuchsia.
 */
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmo.h"
#include "syscalls.h"

/**
 * zx_vmo_content_size_get() - a VMO's content size
 * @v: the VMO (a slice or not)
 * @status: where ZX_OK or ZX_ERR_CANCELED goes
 *
 * Takes and lets go of zx_vmo_store(@v)->lock; the caller must not hold it
 * (see zx_vmo_content_size_locked() for a caller that does).
 *
 * Return: the content size; ZX_ERR_CANCELED in *@status, else ZX_OK, if
 * the caller was killed while waiting for the lock (then 0 is returned).
 */
u64 zx_vmo_content_size_get(struct zx_vmo *v, zx_status_t *status)
{
	struct zx_vmo *s = zx_vmo_store(v);
	u64 cs;

	if (mutex_lock_killable(&s->lock)) {
		*status = ZX_ERR_CANCELED;
		return 0;
	}
	cs = v->content_size;
	mutex_unlock(&s->lock);
	*status = ZX_OK;
	return cs;
}

/**
 * zx_vmo_content_size_locked() - a VMO's content size, lock held
 * @v: the VMO (a slice or not); the caller holds zx_vmo_store(@v)->lock
 *
 * Return: the content size.
 */
u64 zx_vmo_content_size_locked(struct zx_vmo *v)
{
	lockdep_assert_held(&zx_vmo_store(v)->lock);
	return v->content_size;
}

/**
 * zx_vmo_content_size_store() - record a content size, lock held
 * @v: the VMO (a slice or not); the caller holds zx_vmo_store(@v)->lock
 * @cs: the new content size; no bytes are zeroed (a stream that has just
 *      written the bytes up to @cs, or grown the VMO, uses this)
 */
void zx_vmo_content_size_store(struct zx_vmo *v, u64 cs)
{
	lockdep_assert_held(&zx_vmo_store(v)->lock);
	WRITE_ONCE(v->content_size, cs);
}

/* Zeros [from, to) of @v in @v's own numbering (slices included). */
static zx_status_t zx_vmo_zero_view(struct zx_vmo *v, u64 from, u64 to)
{
	if (from >= to)
		return ZX_OK;
	from += (u64)v->slice_off << PAGE_SHIFT;
	to += (u64)v->slice_off << PAGE_SHIFT;
	return zx_vmo_zero(zx_vmo_store(v), from, to - from);
}

/**
 * zx_vmo_content_size_set() - ZX_PROP_VMO_CONTENT_SIZE, as Fuchsia sets it
 * @v: the VMO (a slice or not); the caller holds no VMO lock
 * @cs: the new content size: any value, also one past the VMO's size
 *
 * The bytes from @cs to the VMO's size, if any, become zeros (whole pages
 * are freed), then @cs is recorded.
 *
 * Return: ZX_OK, ZX_ERR_CANCELED (killed) or a status of zx_vmo_zero().
 */
zx_status_t zx_vmo_content_size_set(struct zx_vmo *v, u64 cs)
{
	struct zx_vmo *s = zx_vmo_store(v);
	zx_status_t status;

	status = zx_vmo_zero_view(v, cs, zx_vmo_size(v));
	if (status != ZX_OK)
		return status;
	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	WRITE_ONCE(v->content_size, cs);
	mutex_unlock(&s->lock);
	return ZX_OK;
}

/**
 * zx_vmo_stream_size_set() - zx_vmo_set_stream_size(), as Fuchsia does it
 * @v: the VMO (a slice or not); the caller holds no VMO lock
 * @ss: the new stream (content) size
 *
 * The same size again changes nothing; a size past the VMO's is refused
 * (the VMO does not grow); else the bytes from the lower of the old and the
 * new stream size to the VMO's size become zeros and @ss is recorded.
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE, ZX_ERR_CANCELED (killed) or a status
 * of zx_vmo_zero().
 */
zx_status_t zx_vmo_stream_size_set(struct zx_vmo *v, u64 ss)
{
	struct zx_vmo *s = zx_vmo_store(v);
	zx_status_t status;
	u64 old, size;

	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	old = v->content_size;
	size = zx_vmo_size(v);
	mutex_unlock(&s->lock);
	if (ss == old)
		return ZX_OK;
	if (ss > size)
		return ZX_ERR_OUT_OF_RANGE;
	status = zx_vmo_zero_view(v, min(ss, old), size);
	if (status != ZX_OK)
		return status;
	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	/* A shrink meanwhile: the size still bounds the stream size. */
	WRITE_ONCE(v->content_size, min(ss, zx_vmo_size(v)));
	mutex_unlock(&s->lock);
	return ZX_OK;
}

/**
 * zx_vmo_content_size() - get or set ZX_PROP_VMO_CONTENT_SIZE
 * @obj: the object, which must be a VMO
 * @value: the value read, or the value to set
 * @set: whether to set
 *
 * The handle's GET_PROPERTY or SET_PROPERTY right is checked by the
 * caller, as Fuchsia asks for no other.
 *
 * Return: ZX_OK, ZX_ERR_WRONG_TYPE, ZX_ERR_CANCELED (killed) or a status of
 * zx_vmo_content_size_set().
 */
zx_status_t zx_vmo_content_size(struct zx_object *obj, u64 *value, bool set)
{
	zx_status_t status;

	if (!zx_object_is(obj, ZX_OBJ_TYPE_VMO))
		return ZX_ERR_WRONG_TYPE;
	if (set)
		return zx_vmo_content_size_set(zx_to_vmo(obj), *value);
	*value = zx_vmo_content_size_get(zx_to_vmo(obj), &status);
	return status;
}

/**
 * zx_vmo_size_arg() - the VMO of a get or set of a size or stream size
 * @t: the caller's handle table
 * @a: the argument
 * @need: the rights the handle needs (ZX_RIGHT_WRITE to set, none to get)
 * @v: on success, the VMO, with a reference the caller must drop
 * @rights: on success, the handle's rights
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS (reserved is not 0), or a status of
 * zx_handle_lookup().
 */
zx_status_t zx_vmo_size_arg(struct zx_table *t, const struct zx_ioc_vmo_size *a,
			    zx_rights_t need, struct zx_vmo **v,
			    zx_rights_t *rights)
{
	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	return zx_lookup_as(t, a->handle, &zx_vmo_ops, need, v, rights);
}

/*
 * zx_vmo_get_size() and zx_vmo_get_stream_size(): no right is needed for
 * either; the size, or the content size when @content, goes to a.value.
 */
static zx_status_t zx_vmo_size_to_user(struct zx_table *t,
				       const struct zx_ioc_vmo_size *a,
				       bool content)
{
	zx_status_t status;
	struct zx_vmo *v;
	u64 size;

	status = zx_vmo_size_arg(t, a, 0, &v, NULL);
	if (status != ZX_OK)
		return status;
	if (content)
		size = zx_vmo_content_size_get(v, &status);
	else
		size = zx_vmo_size(v);
	zx_object_put(&v->base);
	if (status != ZX_OK)
		return status;
	if (put_user(size, (u64 __user *)zx_uptr(a->value)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/**
 * zx_ioctl_vmo_get_size() - zx_vmo_get_size()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_size, copied in
 *
 * Return: ZX_OK, or a status of zx_handle_lookup() or of the copy out.
 */
zx_status_t zx_ioctl_vmo_get_size(struct zx_table *t, void *arg)
{
	return zx_vmo_size_to_user(t, arg, false);
}

/**
 * zx_ioctl_vmo_get_stream_size() - zx_vmo_get_stream_size()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_size, copied in
 *
 * No right is needed, as for zx_vmo_get_size().
 *
 * Return: ZX_OK, a status of zx_handle_lookup(), ZX_ERR_INVALID_ARGS for
 * a bad pointer, or ZX_ERR_CANCELED.
 */
zx_status_t zx_ioctl_vmo_get_stream_size(struct zx_table *t, void *arg)
{
	return zx_vmo_size_to_user(t, arg, true);
}

/**
 * zx_ioctl_vmo_set_stream_size() - zx_vmo_set_stream_size()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_size, copied in
 *
 * Needs ZX_RIGHT_WRITE.
 *
 * Return: a status of zx_handle_lookup() or of zx_vmo_stream_size_set().
 */
zx_status_t zx_ioctl_vmo_set_stream_size(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_size *a = arg;
	zx_status_t status;
	struct zx_vmo *v;

	status = zx_vmo_size_arg(t, a, ZX_RIGHT_WRITE, &v, NULL);
	if (status != ZX_OK)
		return status;
	status = zx_vmo_stream_size_set(v, a->value);
	zx_object_put(&v->base);
	return status;
}
