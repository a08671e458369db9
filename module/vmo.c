// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual memory objects: the object and the zx_vmo_* ioctls.  The storage
 * (layers, copy-up, zeroing) is in vmo_store.c, reads and writes in
 * vmo_rw.c, snapshot children are made in vmo_cow.c, faults on mappings are
 * served by vmo_fault.c.
 *
 * See vmo.h for the layer design (how snapshot children share pages) and
 * the lock order.
 *
 * Locks owned here: zx_vmo.lock (a mutex per non-slice VMO); its place in
 * the order is in vmo.h.  zx_vmo_family.lock is vmo_family.c's.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmo.h"
#include "syscalls.h"

/* ---- the object ---- */

static void zx_vmo_destroy(struct zx_object *obj)
{
	struct zx_vmo *v = zx_to_vmo(obj);

	zx_vmo_family_release(v);
	if (v->target)
		zx_object_put(&v->target->base);
	zx_layer_put(v->top);
	if (v->view)
		fput(v->view);
	mutex_destroy(&v->lock);
	kfree(v);
}

static void zx_vmo_on_zero_handles(struct zx_object *obj)
{
	zx_vmo_users_put(zx_to_vmo(obj));
}

const struct zx_object_ops zx_vmo_ops = {
	.type = ZX_OBJ_TYPE_VMO,
	.on_zero_handles = zx_vmo_on_zero_handles,
	.destroy = zx_vmo_destroy,
};

/* A new VMO without storage, or NULL with the reason in *status. */
static struct zx_vmo *zx_vmo_alloc(u32 flags, u64 size, u64 content_size,
				   zx_status_t *status)
{
	struct zx_vmo *v;

	*status = ZX_ERR_NO_MEMORY;
	v = kzalloc(sizeof(*v), ZX_GFP);
	if (!v)
		return NULL;
	v->family = kzalloc(sizeof(*v->family), ZX_GFP);
	if (!v->family) {
		kfree(v);
		return NULL;
	}
	spin_lock_init(&v->family->lock);
	refcount_set(&v->family->ref, 1);
	v->family->parent = v;
	mutex_init(&v->lock);
	mutex_init(&v->stream_lock);
	v->flags = flags;
	v->size = size;
	v->content_size = content_size;
	v->cache_policy = ZX_CACHE_POLICY_CACHED;
	atomic_set(&v->mappings, 0);
	atomic_set(&v->users, 1);
	atomic_set(&v->retired, 0);
	*status = zx_object_init(&v->base, &zx_vmo_ops, ZX_VMO_ZERO_CHILDREN);
	if (*status != ZX_OK) {
		zx_object_put(&v->base);
		return NULL;
	}
	return v;
}

/**
 * zx_vmo_size() - a VMO's current size in bytes
 * @v: the VMO
 *
 * Return: the size, read without the VMO's lock (it may change at once).
 */
u64 zx_vmo_size(struct zx_vmo *v)
{
	return READ_ONCE(v->size);
}

/* Rounds a requested size up to pages; false if it is too large. */
static bool zx_vmo_round_size(u64 size, u64 *rounded)
{
	if (size > ZX_VMO_MAX_SIZE)
		return false;
	*rounded = round_up(size, PAGE_SIZE);
	return *rounded <= ZX_VMO_MAX_SIZE;
}

/**
 * zx_ioctl_vmo_create() - zx_vmo_create()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_vmo_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_create *a = arg;
	zx_rights_t rights = ZX_DEFAULT_VMO_RIGHTS;
	struct zx_vmo_layer *top;
	zx_status_t status;
	struct zx_vmo *v;
	u32 flags = 0;
	u64 size;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	if (a->options & ~(ZX_VMO_RESIZABLE | ZX_VMO_DISCARDABLE |
			  ZX_VMO_TRAP_DIRTY | ZX_VMO_UNBOUNDED))
		return ZX_ERR_INVALID_ARGS;
	/* Fuchsia: an unbounded VMO never changes size. */
	if ((a->options & ZX_VMO_UNBOUNDED) && (a->options & ZX_VMO_RESIZABLE))
		return ZX_ERR_INVALID_ARGS;
	/* Fuchsia's discardable and dirty-trapping VMOs. */
	if (a->options & ~(ZX_VMO_RESIZABLE | ZX_VMO_UNBOUNDED))
		return ZX_ERR_NOT_SUPPORTED;
	if (a->options & ZX_VMO_UNBOUNDED) {
		/* The largest size; the size asked for is the stream size. */
		size = ZX_VMO_MAX_SIZE;
		if (a->size > size)
			return ZX_ERR_OUT_OF_RANGE;
	} else if (!zx_vmo_round_size(a->size, &size)) {
		return ZX_ERR_OUT_OF_RANGE;
	}
	if (a->options & ZX_VMO_RESIZABLE) {
		flags |= ZXV_RESIZABLE;
		rights |= ZX_RIGHT_RESIZE;
	}
	top = zx_layer_new(NULL, 0, 0);
	if (IS_ERR(top))
		return zx_status_from_errno(PTR_ERR(top));
	v = zx_vmo_alloc(flags, size, a->size, &status);
	if (!v) {
		zx_layer_put(top);
		return status;
	}
	v->top = top;
	atomic_inc(&v->base.handle_count);
	return zx_table_install_user(t, &v->base, rights, a->out);
}

/* ---- read and write ---- */

static zx_status_t zx_check_buffer(u64 buf, u64 len)
{
	if (!len)
		return ZX_OK;
	if (!buf || !access_ok(zx_uptr(buf), len))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

static bool zx_range_ok(u64 off, u64 len, u64 size)
{
	return len <= size && off <= size - len;
}

/**
 * zx_ioctl_vmo_rw() - zx_vmo_read() and zx_vmo_write()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_rw, read here
 * @write: a write
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmo_rw(struct zx_table *t, void __user *uarg, bool write)
{
	struct zx_ioc_vmo_rw a;
	struct zx_vmo *v, *s;
	zx_status_t status;
	u64 off;

	if (zx_copy_in(&a, uarg, sizeof(a)) || a.reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_lookup_as(t, a.handle, &zx_vmo_ops,
			      write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ, &v, NULL);
	if (status != ZX_OK)
		return status;
	s = zx_vmo_store(v);
	if (!zx_range_ok(a.offset, a.length, zx_vmo_size(v)))
		status = ZX_ERR_OUT_OF_RANGE;
	else if (READ_ONCE(s->cache_policy) != ZX_CACHE_POLICY_CACHED)
		status = ZX_ERR_BAD_STATE;
	else
		status = zx_check_buffer(a.buffer, a.length);
	if (status == ZX_OK) {
		off = a.offset + ((u64)v->slice_off << PAGE_SHIFT);
		if (write)
			status = zx_vmo_write_store(s, off,
						    zx_uptr(a.buffer),
						    a.length);
		else
			status = zx_vmo_read_store(s, off, zx_uptr(a.buffer),
						   a.length);
	}
	zx_object_put(&v->base);
	return status;
}

/* ---- size ---- */

/**
 * zx_ioctl_vmo_set_size() - zx_vmo_set_size()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_size, copied in
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmo_set_size(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_size *a = arg;
	zx_rights_t rights;
	struct zx_vmo *v;
	zx_status_t status;
	u64 size;

	status = zx_vmo_size_arg(t, a, ZX_RIGHT_WRITE, &v, &rights);
	if (status != ZX_OK)
		return status;
	/*
	 * Zircon's order: a VMO that is not resizable answers UNAVAILABLE
	 * whatever the rights; one that is needs RESIZE as well as WRITE.
	 */
	if (!(v->flags & ZXV_RESIZABLE)) {
		status = ZX_ERR_UNAVAILABLE;
		goto put;
	}
	if (!(rights & ZX_RIGHT_RESIZE)) {
		status = ZX_ERR_ACCESS_DENIED;
		goto put;
	}
	if (!zx_vmo_round_size(a->value, &size)) {
		status = ZX_ERR_OUT_OF_RANGE;
		goto put;
	}
	if (mutex_lock_killable(&v->lock)) {
		status = ZX_ERR_CANCELED;
		goto put;
	}
	status = zx_vmo_resize(v, size, a->value);
	mutex_unlock(&v->lock);
put:
	zx_object_put(&v->base);
	return status;
}

/* ---- op_range ---- */

static bool zx_vmo_cow_children(struct zx_vmo *v)
{
	bool any;

	spin_lock(&v->family->lock);
	any = v->family->children != 0 && v->cow_parent;
	spin_unlock(&v->family->lock);
	return any;
}

/*
 * The rights @op needs in *@need, any one of them (0 for none), as
 * VmObjectDispatcher::RangeOp() checks them; false for an unknown op.
 */
static bool zx_vmo_op_need(u32 op, zx_rights_t *need)
{
	*need = 0;
	switch (op) {
	case ZX_VMO_OP_COMMIT:
	case ZX_VMO_OP_DECOMMIT:
	case ZX_VMO_OP_ZERO:
		*need = ZX_RIGHT_WRITE;
		return true;
	case ZX_VMO_OP_CACHE_SYNC:
	case ZX_VMO_OP_CACHE_CLEAN:
	case ZX_VMO_OP_CACHE_CLEAN_INVALIDATE:
	case ZX_VMO_OP_PREFETCH:
		*need = ZX_RIGHT_READ;
		return true;
	case ZX_VMO_OP_LOCK:
	case ZX_VMO_OP_TRY_LOCK:
	case ZX_VMO_OP_UNLOCK:
		*need = ZX_RIGHT_READ | ZX_RIGHT_WRITE;
		return true;
	case ZX_VMO_OP_CACHE_INVALIDATE:
	case ZX_VMO_OP_DONT_NEED:
	case ZX_VMO_OP_ALWAYS_NEED:
		return true;
	}
	return false;
}

/*
 * The answer of an op that is decided before the range is looked at:
 * ZX_ERR_NEXT when the range decides.
 */
static zx_status_t zx_vmo_op_early(u32 op, u64 size)
{
	switch (op) {
	case ZX_VMO_OP_LOCK:
	case ZX_VMO_OP_TRY_LOCK:
	case ZX_VMO_OP_UNLOCK:
		/* Only discardable VMOs can be locked; none are. */
		return ZX_ERR_NOT_SUPPORTED;
	case ZX_VMO_OP_DONT_NEED:
	case ZX_VMO_OP_ALWAYS_NEED:
		/* Hints on VMOs no pager backs are ignored, whatever range. */
		return ZX_OK;
	case ZX_VMO_OP_CACHE_SYNC:
	case ZX_VMO_OP_CACHE_CLEAN:
	case ZX_VMO_OP_CACHE_CLEAN_INVALIDATE:
		/* An empty range comes before the range check. */
		return size ? ZX_ERR_NEXT : ZX_ERR_INVALID_ARGS;
	}
	return ZX_ERR_NEXT;
}

/*
 * zx_vmo_op(): applies the known @op to [@offset, @offset + @size)
 * of @v, reached through a handle with @rights, in Zircon's order:
 * CACHE_INVALIDATE is refused first (Zircon allows it only with its
 * debugging syscalls enabled), then the op's rights, then the range.
 */
static zx_status_t zx_vmo_op(struct zx_vmo *v, zx_rights_t rights, u32 op,
			     u64 offset, u64 size)
{
	struct zx_vmo *s = zx_vmo_store(v);
	zx_rights_t need;
	zx_status_t status;
	u64 off, end;

	if (op == ZX_VMO_OP_CACHE_INVALIDATE)
		return ZX_ERR_NOT_SUPPORTED;
	zx_vmo_op_need(op, &need);
	if (need && !(rights & need))
		return ZX_ERR_ACCESS_DENIED;
	status = zx_vmo_op_early(op, size);
	if (status != ZX_ERR_NEXT)
		return status;
	if (!zx_range_ok(offset, size, zx_vmo_size(v)))
		return ZX_ERR_OUT_OF_RANGE;
	off = offset + ((u64)v->slice_off << PAGE_SHIFT);
	end = off + size;

	switch (op) {
	case ZX_VMO_OP_COMMIT:
		return zx_vmo_commit(s, off >> PAGE_SHIFT,
				     DIV_ROUND_UP_ULL(end, PAGE_SIZE));
	case ZX_VMO_OP_DECOMMIT:
		if ((s->flags & ZXV_COW) || zx_vmo_cow_children(s))
			return ZX_ERR_NOT_SUPPORTED;
		if (!PAGE_ALIGNED(offset) || !PAGE_ALIGNED(size))
			return ZX_ERR_INVALID_ARGS;
		fallthrough;
	case ZX_VMO_OP_ZERO:
		return zx_vmo_zero(s, off, size);
	}
	/* PREFETCH and cache maintenance: x86 caches are coherent. */
	return ZX_OK;
}

/**
 * zx_vmo_op_window() - a known VMO op on a window of @v, for zx_vmar_op_range()
 * @v: the VMO (maybe a slice)
 * @rights: the rights the op may use
 * @op: ZX_VMO_OP_COMMIT, _DECOMMIT or _ZERO (or any other known op)
 * @offset: byte offset in @v
 * @size: bytes
 *
 * Return: as zx_vmo_op() for a handle with @rights.
 */
zx_status_t zx_vmo_op_window(struct zx_vmo *v, zx_rights_t rights, u32 op,
			     u64 offset, u64 size)
{
	return zx_vmo_op(v, rights, op, offset, size);
}

/**
 * zx_ioctl_vmo_op_range() - zx_vmo_op_range(): copy in, look up, apply the op
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_op_range, copied in
 *
 * Return: a Zircon status; see zx_vmo_op().
 */
zx_status_t zx_ioctl_vmo_op_range(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_op_range *a = arg;
	zx_rights_t rights, need;
	zx_status_t status;
	struct zx_vmo *v;
	bool known;

	/*
	 * An unknown op is INVALID_ARGS, and each op checks its rights,
	 * after the handle's own checks.
	 */
	known = zx_vmo_op_need(a->op, &need);
	status = zx_lookup_as(t, a->handle, &zx_vmo_ops, 0, &v, &rights);
	if (status != ZX_OK)
		return status;
	if (known)
		status = zx_vmo_op(v, rights, a->op, a->offset, a->size);
	else
		status = ZX_ERR_INVALID_ARGS;
	zx_object_put(&v->base);
	return status;
}

/*
 * The type of child @options ask for, after ZX_VMO_CHILD_NO_WRITE (a
 * right, not a type) is taken out, as VmObjectDispatcher::CreateChild()
 * reads them: a slice alone, a reference with at most RESIZABLE, else one
 * snapshot type (SNAPSHOT before AT_LEAST_ON_WRITE before MODIFIED) with
 * at most RESIZABLE.  ZX_ERR_INVALID_ARGS for anything else.
 */
static zx_status_t zx_vmo_child_type(u32 options, u32 *type)
{
	static const u32 order[] = {
		ZX_VMO_CHILD_SLICE, ZX_VMO_CHILD_REFERENCE,
		ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		ZX_VMO_CHILD_SNAPSHOT_MODIFIED,
	};
	unsigned int i;

	options &= ~ZX_VMO_CHILD_NO_WRITE;
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		if (!(options & order[i]))
			continue;
		*type = order[i];
		options &= ~order[i];
		if (*type != ZX_VMO_CHILD_SLICE)
			options &= ~ZX_VMO_CHILD_RESIZABLE;
		return options ? ZX_ERR_INVALID_ARGS : ZX_OK;
	}
	return ZX_ERR_INVALID_ARGS;
}

/*
 * The checks of a zx_vmo_create_child() of @src that follow the handle's,
 * in Zircon's order: the child's type, then the range for that type.
 * @size is the size asked for, rounded up to pages.
 */
static zx_status_t zx_vmo_child_check(struct zx_vmo *src, u32 options,
				      u64 offset, u64 size, u32 *type)
{
	zx_status_t status = zx_vmo_child_type(options, type);
	u64 end;

	if (status != ZX_OK)
		return status;
	switch (*type) {
	case ZX_VMO_CHILD_SLICE:
		/* A slice must lie within its parent, whatever it is. */
		if (!PAGE_ALIGNED(offset) ||
		    check_add_overflow(offset, size, &end) ||
		    end > zx_vmo_size(src))
			return ZX_ERR_INVALID_ARGS;
		if (zx_vmo_store(src)->flags & ZXV_RESIZABLE)
			return ZX_ERR_NOT_SUPPORTED;
		return ZX_OK;
	case ZX_VMO_CHILD_REFERENCE:
		/* A reference spans the whole parent. */
		if (offset || size)
			return ZX_ERR_INVALID_ARGS;
		return ZX_ERR_NOT_SUPPORTED;
	}
	/*
	 * A snapshot needs no storage for the range it names past its
	 * parent's end: any offset fits whose end does not overflow.
	 */
	if (!PAGE_ALIGNED(offset))
		return ZX_ERR_INVALID_ARGS;
	if (check_add_overflow(offset, size, &end))
		return ZX_ERR_OUT_OF_RANGE;
	return ZX_OK;
}

/*
 * What a child of @src of type @type, @size bytes from @offset, stands
 * on: a slice sees @src's storage; a snapshot gets a layer of its own in
 * *@layer.  Its ZXV_SLICE or ZXV_COW goes in *@flags.
 */
static zx_status_t zx_vmo_child_storage(struct zx_vmo *src, u32 type,
					u64 offset, u64 size, u32 *flags,
					struct zx_vmo_layer **layer)
{
	if (type == ZX_VMO_CHILD_SLICE) {
		*flags = ZXV_SLICE;
		return ZX_OK;
	}
	*flags = ZXV_COW;
	*layer = zx_vmo_snapshot(src, offset, size);
	if (IS_ERR(*layer))
		return PTR_ERR(*layer) == -EMLINK ? ZX_ERR_NO_RESOURCES :
		       zx_status_from_errno(PTR_ERR(*layer));
	return ZX_OK;
}

/*
 * The rights of a child made with @options through a handle with @in, as
 * sys_vmo_create_child() gives them: the parent handle's without RESIZE,
 * RESIZE for a resizable child, always GET_PROPERTY and SET_PROPERTY;
 * NO_WRITE takes WRITE away, and a snapshot otherwise gains WRITE and
 * loses EXECUTE.
 */
static zx_rights_t zx_vmo_child_rights(zx_rights_t in, u32 options)
{
	const u32 snapshots = ZX_VMO_CHILD_SNAPSHOT |
			      ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
			      ZX_VMO_CHILD_SNAPSHOT_MODIFIED;
	zx_rights_t rights = (in & ~ZX_RIGHT_RESIZE) |
			     ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY;

	if (options & ZX_VMO_CHILD_RESIZABLE)
		rights |= ZX_RIGHT_RESIZE;
	if (options & ZX_VMO_CHILD_NO_WRITE) {
		rights &= ~ZX_RIGHT_WRITE;
	} else if (options & snapshots) {
		rights &= ~ZX_RIGHT_EXECUTE;
		rights |= ZX_RIGHT_WRITE;
	}
	return rights;
}

/*
 * zx_vmo_new_child(): makes a child of @src as @options say, of
 * @req_size bytes (@size rounded up) from @offset.  *@rights holds the
 * source handle's rights on entry and the child's on return; the child,
 * with its creation reference, goes in *@child.
 */
static zx_status_t zx_vmo_new_child(struct zx_vmo *src, u32 options,
				    u64 offset, u64 req_size, u64 size,
				    zx_rights_t *rights, struct zx_vmo **child)
{
	struct zx_vmo_layer *layer = NULL;
	struct zx_vmo *c;
	zx_status_t status;
	u32 type, flags = 0;

	status = zx_vmo_child_check(src, options, offset, size, &type);
	if (status != ZX_OK)
		return status;
	status = zx_vmo_child_storage(src, type, offset, size, &flags, &layer);
	if (status != ZX_OK)
		return status;
	if (options & ZX_VMO_CHILD_RESIZABLE)
		flags |= ZXV_RESIZABLE;
	/* Only an explicit SNAPSHOT with NO_WRITE is immutable for good. */
	if ((options & ZX_VMO_CHILD_NO_WRITE) && type == ZX_VMO_CHILD_SNAPSHOT)
		flags |= ZXV_IMMUTABLE;
	*rights = zx_vmo_child_rights(*rights, options);

	c = zx_vmo_alloc(flags, size, req_size, &status);
	if (!c) {
		zx_layer_put(layer);
		return status;
	}
	c->top = layer;
	if (flags & ZXV_SLICE) {
		struct zx_vmo *s = zx_vmo_store(src);

		zx_object_get(&s->base);
		c->target = s;
		c->slice_off = src->slice_off + (offset >> PAGE_SHIFT);
	}
	zx_vmo_adopt(src, c);
	*child = c;
	return ZX_OK;
}

/**
 * zx_ioctl_vmo_create_child() - zx_vmo_create_child(): copy in, look up, create, install
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_create_child, copied in
 *
 * Zircon's order: the size (ZX_ERR_OUT_OF_RANGE), NO_WRITE with
 * RESIZABLE (ZX_ERR_INVALID_ARGS), the handle, then the options and the
 * range (zx_vmo_child_check()).
 *
 * Return: a Zircon status; see zx_vmo_new_child().
 */
zx_status_t zx_ioctl_vmo_create_child(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_create_child *a = arg;
	struct zx_vmo *v, *c;
	zx_rights_t rights;
	zx_status_t status;
	u64 size;

	if (!zx_vmo_round_size(a->size, &size))
		return ZX_ERR_OUT_OF_RANGE;
	if ((a->options & ZX_VMO_CHILD_NO_WRITE) &&
	    (a->options & ZX_VMO_CHILD_RESIZABLE))
		return ZX_ERR_INVALID_ARGS;
	status = zx_lookup_as(t, a->handle, &zx_vmo_ops,
			      ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ, &v, &rights);
	if (status != ZX_OK)
		return status;
	status = zx_vmo_new_child(v, a->options, a->offset, a->size, size,
				  &rights, &c);
	if (status == ZX_OK)
		status = zx_table_install_ref_user(t, &c->base, rights, a->out);
	zx_object_put(&v->base);
	return status;
}

/**
 * zx_ioctl_vmo_set_cache_policy() - zx_vmo_set_cache_policy()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_cache_policy, copied in
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmo_set_cache_policy(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_cache_policy *a = arg;
	struct zx_vmo *v;
	zx_status_t status;

	status = zx_lookup_as(t, a->handle, &zx_vmo_ops, ZX_RIGHT_MAP, &v, NULL);
	if (status != ZX_OK)
		return status;
	if (a->policy & ~ZX_CACHE_POLICY_MASK) {
		status = ZX_ERR_INVALID_ARGS;
	} else if (v->parent_family || atomic_read(&v->mappings) ||
		   READ_ONCE(v->family->children)) {
		status = ZX_ERR_BAD_STATE;
	} else if (a->policy != ZX_CACHE_POLICY_CACHED) {
		/*
		 * shmem pages are ordinary cached RAM that the kernel's own
		 * mapping also reaches; other memory types would alias it.
		 */
		status = ZX_ERR_NOT_SUPPORTED;
	}
	zx_object_put(&v->base);
	return status;
}

/**
 * zx_ioctl_vmo_replace_as_executable() - zx_vmo_replace_as_executable()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_replace_as_exec, copied in
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE or
 * ZX_ERR_INVALID_ARGS; the old handle is gone whatever happens.
 */
zx_status_t zx_ioctl_vmo_replace_as_executable(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_replace_as_exec *a = arg;
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	/* The handle is invalidated whatever happens next. */
	status = zx_handle_take(t, a->handle, &zx_vmo_ops, 0, &obj, &rights);
	if (status != ZX_OK)
		return status;
	/* There are no resources: only "no vmex" (ambient policy) works. */
	if (a->vmex != ZX_HANDLE_INVALID)
		status = ZX_ERR_BAD_HANDLE;
	return zx_table_reinstall_user(t, status, obj, rights | ZX_RIGHT_EXECUTE,
				       a->out);
}

/* ---- info and properties ---- */

/**
 * zx_vmo_get_info() - the ZX_INFO_VMO record of a VMO
 * @obj: the VMO
 * @rights: the rights of the handle asked through
 * @info: the record to fill
 *
 * Return: ZX_OK, or a status of zx_vmo_attribution().
 */
zx_status_t zx_vmo_get_info(struct zx_object *obj, zx_rights_t rights,
			    struct zx_abi_info_vmo *info)
{
	struct zx_vmo *v = zx_to_vmo(obj);
	struct zx_vmo *s = zx_vmo_store(v);

	memset(info, 0, sizeof(*info));
	info->koid = obj->koid;
	spin_lock(&obj->lock);
	memcpy(info->name, obj->name, sizeof(info->name));
	spin_unlock(&obj->lock);
	info->size_bytes = zx_vmo_size(v);
	info->parent_koid = zx_vmo_parent_koid(v);
	spin_lock(&v->family->lock);
	info->num_children = v->family->children;
	spin_unlock(&v->family->lock);
	info->num_mappings = atomic_read(&v->mappings);
	info->share_count = 1;
	info->flags = ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE;
	if (v->flags & ZXV_RESIZABLE)
		info->flags |= ZX_INFO_VMO_RESIZABLE;
	/* Zircon: a snapshot is a clone while it has a parent. */
	if ((v->flags & ZXV_COW) && info->parent_koid)
		info->flags |= ZX_INFO_VMO_IS_COW_CLONE;
	if (v->flags & ZXV_IMMUTABLE)
		info->flags |= ZX_INFO_VMO_IMMUTABLE;
	info->handle_rights = rights;
	info->cache_policy = READ_ONCE(s->cache_policy);
	return zx_vmo_attribution(v, info);
}
