// SPDX-License-Identifier: GPL-2.0
/*
 * The VMO's side of streams (stream.c): a stream reads and writes the
 * VMO's pages with zx_vmo_read_store() and zx_vmo_write_store(), and uses
 * the VMO's size and content size only through the three functions here,
 * each under zx_vmo.lock of the VMO that owns the storage (see vmo.h).
 * The content size is the VMO's own, the one ZX_PROP_VMO_CONTENT_SIZE
 * reads and sets, so a stream and the VMO's handles always agree on it.
 *
 * No locks of its own.
 */
#include <linux/mm.h>
#include <linux/mutex.h>

#include "vmo.h"

/**
 * zx_vmo_stream_sizes() - a VMO's size and content size, read together
 * @v: the VMO (a slice or not)
 * @size: its size
 * @content_size: its content size, the one ZX_PROP_VMO_CONTENT_SIZE reads
 *
 * Return: ZX_OK, or ZX_ERR_CANCELED (killed waiting for the VMO's lock).
 */
zx_status_t zx_vmo_stream_sizes(struct zx_vmo *v, u64 *size,
				u64 *content_size)
{
	struct zx_vmo *s = zx_vmo_store(v);

	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	*size = zx_vmo_size(v);
	*content_size = v->content_size;
	mutex_unlock(&s->lock);
	return ZX_OK;
}

/**
 * zx_vmo_stream_peek_sizes() - a VMO's size and content size, unlocked
 * @v: the VMO (a slice or not)
 * @size: its size
 * @content_size: its content size
 *
 * Each read once, without zx_vmo.lock, for a read or a write that then
 * copies under that lock (zx_vmo_read_store(), zx_vmo_write_store()),
 * which checks the size again: the two may come from either side of a
 * concurrent change, as they may when read under the lock and used after
 * it is dropped.  Saves a lock round trip on every stream call.
 */
void zx_vmo_stream_peek_sizes(struct zx_vmo *v, u64 *size, u64 *content_size)
{
	*size = zx_vmo_size(v);
	*content_size = READ_ONCE(v->content_size);
}

/**
 * zx_vmo_stream_expand() - grow a VMO to hold a stream write ending at @end
 * @v: the VMO (a slice or not)
 * @end: the content size the write asks for
 * @resize: whether the stream may resize the VMO (the VMO handle it was
 *	created from had ZX_RIGHT_RESIZE)
 * @size: the VMO's size afterwards, grown or not
 *
 * A VMO smaller than @end grows to @end rounded up to pages; its content
 * size stays as it was (zx_vmo_stream_commit() raises it).  Zircon's order
 * of checks: the rounding, then whether the VMO may grow, then the size.
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE (@end rounded up overflows, or is
 * more than a VMO can hold), ZX_ERR_NOT_SUPPORTED (the VMO would have to
 * grow and may not), ZX_ERR_CANCELED, or a status of zx_vmo_resize().
 */
zx_status_t zx_vmo_stream_expand(struct zx_vmo *v, u64 end, bool resize,
				 u64 *size)
{
	struct zx_vmo *s = zx_vmo_store(v);
	zx_status_t status = ZX_OK;
	u64 want = 0;

	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	*size = zx_vmo_size(v);
	if (end > *size) {
		/* 0 when rounding up overflows (end > *size >= 0). */
		if (end <= U64_MAX - (PAGE_SIZE - 1))
			want = round_up(end, PAGE_SIZE);
		if (!want)
			status = ZX_ERR_OUT_OF_RANGE;
		else if (!resize || v->target || !(v->flags & ZXV_RESIZABLE))
			status = ZX_ERR_NOT_SUPPORTED;
		else if (want > ZX_VMO_MAX_SIZE)
			status = ZX_ERR_OUT_OF_RANGE;
		else
			status = zx_vmo_resize(v, want, v->content_size);
		if (status == ZX_OK)
			*size = want;
	}
	mutex_unlock(&s->lock);
	return status;
}

/**
 * zx_vmo_stream_commit() - raise a VMO's content size after a stream write
 * @v: the VMO (a slice or not)
 * @end: the byte after the last one the write stored
 *
 * The content size becomes @end if that is more, but never more than the
 * VMO's size (the VMO may have shrunk since the write).
 *
 * Return: ZX_OK, or ZX_ERR_CANCELED (killed: nothing changed).
 */
zx_status_t zx_vmo_stream_commit(struct zx_vmo *v, u64 end)
{
	struct zx_vmo *s = zx_vmo_store(v);

	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	end = min(end, zx_vmo_size(v));
	if (end > v->content_size)
		WRITE_ONCE(v->content_size, end);
	mutex_unlock(&s->lock);
	return ZX_OK;
}
