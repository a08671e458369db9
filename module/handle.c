// SPDX-License-Identifier: GPL-2.0
/*
 * Per-process handle tables.
 *
 * A table belongs to the thread group that opened /dev/zircon.  Handles are
 * kept in an xarray whose ids come from a cyclic allocator over 30 bits: a
 * handle value is (id << 2) | ZX_HANDLE_FIXED_BITS_MASK, so it is never 0,
 * always has the two low bits set, and a value just closed comes back only
 * after about 2^30 further allocations in the same table.  Lookups cost the
 * same whatever the number of live handles (a radix tree of fixed height).
 *
 * Locks owned here:
 *
 *   zx_table.handles xa_lock   a leaf lock.  Held around xarray updates and,
 *                              during lookups, while taking a reference on
 *                              the handle's object; never held while taking
 *                              another lock (see zx.h for the global order).
 *
 * A handle owns one object reference and one unit of the object's
 * handle_count.  Closing takes it out of the xarray first (so no one else can
 * reach it), then cancels waits made through it, then drops both.
 *
 * A closed handle's id stays reserved in the xarray (XA_ZERO_ENTRY: lookups
 * see nothing, the allocator skips it) until ZX_TABLE_RETIRED newer ids
 * have been closed; only then is it erased.  With cyclic ids, erasing at
 * once would leave a just-allocated id alone in its 64-slot xarray node, so
 * every create+close or duplicate+close would free that node and allocate
 * a new one (and, with few live handles, shrink and regrow the tree).  The
 * reserved ids keep the node of the allocation cursor alive: nodes are
 * allocated and freed once per 64 ids.  Cost: at most ZX_TABLE_RETIRED
 * reserved slots per table.
 */
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"

/* Largest id: keeps every handle value below 0xffffffff. */
#define ZX_HANDLE_ID_MAX	((1U << 30) - 2)
#define ZX_HANDLE_VALUE(id)	(((id) << 2) | ZX_HANDLE_FIXED_BITS_MASK)

static unsigned int max_handles = 262144;
module_param(max_handles, uint, 0644);
MODULE_PARM_DESC(max_handles, "Most handles one process may hold");

struct zx_handle {
	struct zx_object *obj;
	zx_rights_t rights;
};

static struct kmem_cache *zx_handle_cache;

int zx_handle_cache_init(void)
{
	zx_handle_cache = KMEM_CACHE(zx_handle, SLAB_ACCOUNT);
	return zx_handle_cache ? 0 : -ENOMEM;
}

void zx_handle_cache_exit(void)
{
	kmem_cache_destroy(zx_handle_cache);
}

static bool zx_handle_id(zx_handle_t value, u32 *id)
{
	if ((value & ZX_HANDLE_FIXED_BITS_MASK) != ZX_HANDLE_FIXED_BITS_MASK)
		return false;
	*id = value >> 2;
	return *id != 0;
}

void zx_table_init(struct zx_table *t, struct pid *owner, struct file *file)
{
	xa_init_flags(&t->handles, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	t->next_id = 1;
	atomic_set(&t->count, 0);
	t->nr_retired = 0;
	t->retired_next = 0;
	t->owner = owner;
	t->file = file;
	mutex_init(&t->map_lock);
	t->map_req = NULL;
}

/* Ends a handle that is no longer reachable through the table. */
static void zx_handle_free(struct zx_handle *h)
{
	struct zx_object *obj = h->obj;

	zx_object_cancel_waits(obj, h);
	kmem_cache_free(zx_handle_cache, h);
	zx_object_handle_put(obj);
}

void zx_table_destroy(struct zx_table *t)
{
	struct zx_handle *h;
	unsigned long id;

	xa_for_each(&t->handles, id, h) {
		xa_erase(&t->handles, id);
		zx_handle_free(h);
	}
	xa_destroy(&t->handles);
	put_pid(t->owner);
}

/*
 * Installs a handle to @obj with @rights.  On success the handle owns the
 * object reference and handle count the caller got from
 * zx_object_handle_get(); on failure the caller still owns them.
 */
zx_status_t zx_table_install(struct zx_table *t, struct zx_object *obj,
			     zx_rights_t rights, zx_handle_t *out)
{
	struct zx_handle *h;
	u32 id;
	int ret;

	if (atomic_inc_return(&t->count) > READ_ONCE(max_handles)) {
		atomic_dec(&t->count);
		return ZX_ERR_NO_RESOURCES;
	}
	h = kmem_cache_alloc(zx_handle_cache, ZX_GFP);
	if (!h) {
		atomic_dec(&t->count);
		return ZX_ERR_NO_MEMORY;
	}
	h->obj = obj;
	h->rights = rights;
	ret = xa_alloc_cyclic(&t->handles, &id, h,
			      XA_LIMIT(1, ZX_HANDLE_ID_MAX), &t->next_id,
			      ZX_GFP);
	if (ret < 0) {
		kmem_cache_free(zx_handle_cache, h);
		atomic_dec(&t->count);
		return ret == -EBUSY ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
	}
	*out = ZX_HANDLE_VALUE(id);
	return ZX_OK;
}

/*
 * Like zx_table_install(), then stores the value at user address @uptr.
 * Always consumes the caller's object reference and handle count: on any
 * failure they are dropped (a store that faults closes the new handle again
 * and reports ZX_ERR_INVALID_ARGS).
 */
zx_status_t zx_table_install_user(struct zx_table *t, struct zx_object *obj,
				  zx_rights_t rights, u64 uptr)
{
	zx_handle_t value;
	zx_status_t status;

	status = zx_table_install(t, obj, rights, &value);
	if (status != ZX_OK) {
		zx_object_handle_put(obj);
		return status;
	}
	if (put_user(value, (zx_handle_t __user *)zx_uptr(uptr))) {
		zx_table_close(t, value);
		return ZX_ERR_INVALID_ARGS;
	}
	return ZX_OK;
}

/*
 * Looks a handle up; returns an opaque identity of the handle (for
 * zx_table_holds() and wait cancellation) and the object with a reference
 * the caller must drop, or NULL if the value names no live handle.
 */
const void *zx_table_get_identity(struct zx_table *t, zx_handle_t value,
				  struct zx_object **obj, zx_rights_t *rights)
{
	struct zx_handle *h;
	u32 id;

	if (!zx_handle_id(value, &id))
		return NULL;
	xa_lock(&t->handles);
	h = xa_load(&t->handles, id);
	if (h) {
		zx_object_get(h->obj);
		*obj = h->obj;
		*rights = h->rights;
	}
	xa_unlock(&t->handles);
	return h;
}

zx_status_t zx_table_get(struct zx_table *t, zx_handle_t value,
			 struct zx_object **obj, zx_rights_t *rights)
{
	return zx_table_get_identity(t, value, obj, rights) ?
		ZX_OK : ZX_ERR_BAD_HANDLE;
}

/* True while @value still names the handle whose identity is @h. */
bool zx_table_holds(struct zx_table *t, zx_handle_t value, const void *h)
{
	u32 id;

	return zx_handle_id(value, &id) && xa_load(&t->handles, id) == h;
}

/*
 * Leaves @id reserved, and erases the oldest reserved id once
 * ZX_TABLE_RETIRED are.  Under xa_lock; allocates nothing.
 */
static void zx_table_retire(struct zx_table *t, u32 id)
{
	/* Storing NULL in an allocating xarray reserves the slot. */
	__xa_store(&t->handles, id, NULL, 0);
	if (t->nr_retired == ZX_TABLE_RETIRED)
		__xa_erase(&t->handles, t->retired[t->retired_next]);
	else
		t->nr_retired++;
	t->retired[t->retired_next] = id;
	t->retired_next = (t->retired_next + 1) % ZX_TABLE_RETIRED;
}

static struct zx_handle *zx_table_remove(struct zx_table *t,
					 zx_handle_t value)
{
	struct zx_handle *h;
	u32 id;

	if (!zx_handle_id(value, &id))
		return NULL;
	xa_lock(&t->handles);
	h = xa_load(&t->handles, id);
	if (h)
		zx_table_retire(t, id);
	xa_unlock(&t->handles);
	if (h)
		atomic_dec(&t->count);
	return h;
}

zx_status_t zx_table_close(struct zx_table *t, zx_handle_t value)
{
	struct zx_handle *h;

	if (value == ZX_HANDLE_INVALID)
		return ZX_OK;
	h = zx_table_remove(t, value);
	if (!h)
		return ZX_ERR_BAD_HANDLE;
	zx_handle_free(h);
	return ZX_OK;
}

/*
 * Removes a handle and hands its object reference and handle count to the
 * caller (who must pass them on or drop them with zx_object_handle_put()).
 * Waits through the old handle are canceled: the value is gone.
 */
zx_status_t zx_table_take(struct zx_table *t, zx_handle_t value,
			  struct zx_object **obj, zx_rights_t *rights)
{
	struct zx_handle *h = zx_table_remove(t, value);

	if (!h)
		return ZX_ERR_BAD_HANDLE;
	*obj = h->obj;
	*rights = h->rights;
	zx_object_cancel_waits(h->obj, h);
	kmem_cache_free(zx_handle_cache, h);
	return ZX_OK;
}

#define ZX_CLOSE_BATCH	64

zx_status_t zx_ioctl_close_many(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_handle_close_many a;
	zx_handle_t batch[ZX_CLOSE_BATCH];
	zx_status_t status = ZX_OK;
	u64 done, n, i;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	if (a.num_handles > SIZE_MAX / sizeof(zx_handle_t))
		return ZX_ERR_INVALID_ARGS;
	/*
	 * Zircon closes every valid handle even when others are invalid or
	 * repeated; a repeat finds its handle already gone and so reports
	 * ZX_ERR_BAD_HANDLE.  An unreadable array ends the call there with
	 * ZX_ERR_INVALID_ARGS (handles before that point are closed).
	 */
	for (done = 0; done < a.num_handles; done += n) {
		n = min_t(u64, a.num_handles - done, ZX_CLOSE_BATCH);
		if (copy_from_user(batch,
				   zx_uptr(a.handles + done * sizeof(batch[0])),
				   n * sizeof(batch[0])))
			return ZX_ERR_INVALID_ARGS;
		for (i = 0; i < n; i++)
			if (zx_table_close(t, batch[i]) != ZX_OK)
				status = ZX_ERR_BAD_HANDLE;
		/* A huge count over a huge mapping stays killable. */
		if (fatal_signal_pending(current))
			return ZX_ERR_BAD_STATE;
		cond_resched();
	}
	return status;
}

static zx_status_t zx_new_rights(zx_rights_t have, zx_rights_t want,
				 zx_rights_t *out)
{
	if (want == ZX_RIGHT_SAME_RIGHTS) {
		*out = have;
		return ZX_OK;
	}
	if (want & ~have)
		return ZX_ERR_INVALID_ARGS;
	*out = want;
	return ZX_OK;
}

zx_status_t zx_ioctl_duplicate(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_handle_dup a;
	struct zx_object *obj;
	zx_rights_t have, rights;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_table_get(t, a.handle, &obj, &have);
	if (status != ZX_OK)
		return status;
	if (!(have & ZX_RIGHT_DUPLICATE)) {
		status = ZX_ERR_ACCESS_DENIED;
		goto out;
	}
	status = zx_new_rights(have, a.rights, &rights);
	if (status != ZX_OK)
		goto out;
	zx_object_handle_get(obj);
	status = zx_table_install_user(t, obj, rights, a.out);
out:
	zx_object_put(obj);
	return status;
}

zx_status_t zx_ioctl_replace(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_handle_dup a;
	struct zx_object *obj;
	zx_rights_t have, rights;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	/* The old handle is invalidated whatever happens next. */
	status = zx_table_take(t, a.handle, &obj, &have);
	if (status != ZX_OK)
		return status;
	status = zx_new_rights(have, a.rights, &rights);
	if (status != ZX_OK) {
		zx_object_handle_put(obj);
		return status;
	}
	return zx_table_install_user(t, obj, rights, a.out);
}
