// SPDX-License-Identifier: GPL-2.0
/*
 * Per-process handle tables.
 *
 * A table belongs to the thread group that opened /dev/zircon.  Handles are
 * kept in an xarray indexed by *slot*.  Slots are numbered from 1 as they
 * are first needed, and a closed handle's slot is reused, so the xarray
 * stays dense and its nodes are not freed and allocated again while
 * handles come and go.  A handle value carries its slot and the slot's
 * generation:
 *
 *   value = (id << 2) | ZX_HANDLE_FIXED_BITS_MASK,
 *   id    = (generation << ZX_SLOT_BITS) | slot,
 *
 * so it is never 0 (slot 0 is never used) and always has the two low bits
 * set; a lookup matches the whole value.  A free slot holds a value entry
 * with its generation (the next handle made there gets one more) and the
 * next free slot: the free slots form a FIFO, and a slot is taken from it
 * only while more than ZX_TABLE_RETIRED others wait there too.  So a value
 * comes back only after its slot has been reused 2^ZX_GEN_BITS (1024)
 * times, each time after at least ZX_TABLE_RETIRED other handles were
 * made: at the earliest some 66,000 creations later.  (Zircon itself
 * promises nothing: "the kernel is free to re-use the integer values of
 * closed handles".)  Lookups cost the same whatever the number of live
 * handles (a radix tree of fixed height).
 *
 * Why not cyclic ids (as before): with ids that only grow, the id just made
 * is usually alone in its 64-slot xarray node, so handles that come and go
 * make the table allocate a node, and free one through RCU, every 64 (or,
 * erasing at once, every) allocations; between two processes passing a
 * handle back and forth that cost about a third of the round trip.
 *
 * Locks owned here:
 *
 *   zx_table.handles xa_lock   a leaf lock.  Held around xarray updates and
 *                              the free-slot FIFO, and during lookups while
 *                              taking a reference on the handle's object;
 *                              never held while taking another lock (see
 *                              zx.h for the global order).
 *
 * A handle owns one object reference and one unit of the object's
 * handle_count.  Closing takes it out of the xarray first (so no one else can
 * reach it), then cancels waits made through it, then drops both.  Handles
 * come from a SLAB_TYPESAFE_BY_RCU cache, so zx_table_holds() may read the
 * value of a handle another thread is closing.
 */
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"

/* A value has 30 bits of id: 20 of slot, 10 of generation. */
#define ZX_SLOT_BITS		20
#define ZX_GEN_BITS		(30 - ZX_SLOT_BITS)
#define ZX_SLOT_MASK		((1U << ZX_SLOT_BITS) - 1)
/* Largest slot: keeps every handle value below 0xffffffff. */
#define ZX_SLOT_MAX		(ZX_SLOT_MASK - 1)
#define ZX_HANDLE_VALUE(gen, slot) \
	(((((gen) & ((1U << ZX_GEN_BITS) - 1)) << ZX_SLOT_BITS | (slot)) << 2) | \
	 ZX_HANDLE_FIXED_BITS_MASK)

#define ZX_GEN_MASK		((1U << ZX_GEN_BITS) - 1)
#define ZX_HANDLE_GEN(value)	((value) >> (ZX_SLOT_BITS + 2))

/* A free slot's entry: its generation, and the next free slot (0: none). */
static void *zx_free_entry(u32 gen, u32 next)
{
	return xa_mk_value((unsigned long)next << ZX_GEN_BITS |
			   (gen & ZX_GEN_MASK));
}

static u32 zx_free_gen(void *entry)
{
	return xa_to_value(entry) & ZX_GEN_MASK;
}

static u32 zx_free_next(void *entry)
{
	return xa_to_value(entry) >> ZX_GEN_BITS;
}

/* At most ZX_SLOT_MAX, whatever this says. */
static unsigned int max_handles = 262144;
module_param(max_handles, uint, 0644);
MODULE_PARM_DESC(max_handles, "Most handles one process may hold");

struct zx_handle {
	struct zx_object *obj;
	zx_rights_t rights;
	zx_handle_t value;
};

static struct kmem_cache *zx_handle_cache;

int zx_handle_cache_init(void)
{
	zx_handle_cache = KMEM_CACHE(zx_handle,
				     SLAB_ACCOUNT | SLAB_TYPESAFE_BY_RCU);
	return zx_handle_cache ? 0 : -ENOMEM;
}

void zx_handle_cache_exit(void)
{
	kmem_cache_destroy(zx_handle_cache);
}

static bool zx_handle_slot(zx_handle_t value, u32 *slot)
{
	if ((value & ZX_HANDLE_FIXED_BITS_MASK) != ZX_HANDLE_FIXED_BITS_MASK)
		return false;
	*slot = (value >> 2) & ZX_SLOT_MASK;
	return *slot != 0;
}

void zx_table_init(struct zx_table *t, struct pid *owner, struct file *file)
{
	xa_init_flags(&t->handles, XA_FLAGS_ACCOUNT);
	atomic_set(&t->count, 0);
	t->nr_slots = 0;
	t->free_head = 0;
	t->free_tail = 0;
	t->nr_free = 0;
	t->owner = owner;
	t->file = file;
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
		if (!xa_is_value(h))
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
	XA_STATE(xas, &t->handles, 0);
	struct zx_handle *h;
	void *entry = NULL;
	u32 slot, gen;
	bool reuse;
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
	/*
	 * The oldest free slot while enough others wait behind it, else a new
	 * one.  The handle is named before it is published.
	 */
	do {
		xas_lock(&xas);
		reuse = t->free_head &&
			(t->nr_free > ZX_TABLE_RETIRED ||
			 t->nr_slots >= ZX_SLOT_MAX);
		slot = reuse ? t->free_head : t->nr_slots + 1;
		gen = 0;
		xas_set(&xas, slot);
		if (reuse) {
			entry = xas_load(&xas);
			gen = zx_free_gen(entry) + 1;
		} else if (slot > ZX_SLOT_MAX) {
			xas_set_err(&xas, -EBUSY);
		}
		if (!xas_error(&xas)) {
			h->value = ZX_HANDLE_VALUE(gen, slot);
			xas_store(&xas, h);
		}
		if (!xas_error(&xas)) {
			if (!reuse) {
				t->nr_slots = slot;
			} else {
				t->free_head = zx_free_next(entry);
				if (!t->free_head)
					t->free_tail = 0;
				t->nr_free--;
			}
		}
		xas_unlock(&xas);
	} while (xas_nomem(&xas, ZX_GFP));
	ret = xas_error(&xas);
	if (ret) {
		kmem_cache_free(zx_handle_cache, h);
		atomic_dec(&t->count);
		return ret == -EBUSY ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
	}
	*out = h->value;
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
	u32 slot;

	if (!zx_handle_slot(value, &slot))
		return NULL;
	xa_lock(&t->handles);
	h = xa_load(&t->handles, slot);
	/* A free slot, or another generation. */
	if (xa_is_value(h) || (h && h->value != value))
		h = NULL;
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

/*
 * True while @value still names the handle whose identity is @ident.  The
 * handle may be closed meanwhile and its memory reused for another one
 * (the cache is SLAB_TYPESAFE_BY_RCU): hence the value is compared too.
 */
bool zx_table_holds(struct zx_table *t, zx_handle_t value, const void *ident)
{
	struct zx_handle *h;
	bool holds;
	u32 slot;

	if (!zx_handle_slot(value, &slot))
		return false;
	rcu_read_lock();
	h = xa_load(&t->handles, slot);
	holds = h && h == ident && READ_ONCE(h->value) == value;
	rcu_read_unlock();
	return holds;
}

/*
 * Frees @slot (where @xas points), whose handle had value @value: the slot
 * keeps its generation and joins the end of the FIFO of free slots.
 * Under xa_lock; allocates nothing (every slot touched holds an entry).
 */
static void zx_table_free_slot(struct zx_table *t, struct xa_state *xas,
			       u32 slot, zx_handle_t value)
{
	xas_store(xas, zx_free_entry(ZX_HANDLE_GEN(value), 0));
	if (t->free_tail) {
		void *tail = xa_load(&t->handles, t->free_tail);

		__xa_store(&t->handles, t->free_tail,
			   zx_free_entry(zx_free_gen(tail), slot), 0);
	} else {
		t->free_head = slot;
	}
	t->free_tail = slot;
	t->nr_free++;
}

static struct zx_handle *zx_table_remove(struct zx_table *t,
					 zx_handle_t value)
{
	XA_STATE(xas, &t->handles, 0);
	struct zx_handle *h;
	u32 slot;

	if (!zx_handle_slot(value, &slot))
		return NULL;
	xas_set(&xas, slot);
	xas_lock(&xas);
	h = xas_load(&xas);
	/* A free slot, or another generation. */
	if (xa_is_value(h) || (h && h->value != value))
		h = NULL;
	if (h)
		zx_table_free_slot(t, &xas, slot, value);
	xas_unlock(&xas);
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
