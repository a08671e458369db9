// SPDX-License-Identifier: GPL-2.0
/*
 * Finding handles: lookups by value, with a type and rights, of one or
 * a few handles under one hold of the table's lock, and the re-check of
 * a handle's identity.  The table itself, its slots and locks are in
 * handle.c; this file takes only the table's xa_lock (a leaf lock) and
 * RCU.
 */
#include <linux/rcupdate.h>
#include <linux/xarray.h>

#include <linux/zircon.h>

#include "zx.h"
#include "handle_table.h"

/* The handle @value names in @t, or NULL; the table's xa_lock held. */
static struct zx_handle *zx_table_find_locked(struct zx_table *t,
					      zx_handle_t value)
{
	XA_STATE(xas, &t->handles, 0);

	lockdep_assert_held(&t->handles.xa_lock);
	return zx_table_find_xas(&xas, value);
}

/**
 * zx_table_get_identity() - look a handle up, with its identity
 * @t: the table
 * @value: the handle value
 * @obj: the object, with a reference the caller must drop
 * @rights: the handle's rights
 *
 * Return: an opaque identity of the handle (for zx_table_holds() and wait
 * cancellation), or NULL if @value names no live handle.
 */
const void *zx_table_get_identity(struct zx_table *t, zx_handle_t value,
				  struct zx_object **obj, zx_rights_t *rights)
{
	struct zx_handle *h;

	xa_lock(&t->handles);
	h = zx_table_find_locked(t, value);
	if (h) {
		zx_object_get(h->obj);
		*obj = h->obj;
		*rights = h->rights;
	}
	xa_unlock(&t->handles);
	return h;
}

/**
 * zx_table_valid() - whether a value names a live handle
 * @t: the table
 * @value: the handle value
 *
 * Return: true if @value names a handle in @t now.
 */
bool zx_table_valid(struct zx_table *t, zx_handle_t value)
{
	bool found;

	xa_lock(&t->handles);
	found = zx_table_find_locked(t, value);
	xa_unlock(&t->handles);
	return found;
}

/**
 * zx_table_get() - look a handle up
 * @t: the table
 * @value: the handle value
 * @obj: the object, with a reference the caller must drop
 * @rights: the handle's rights
 *
 * Return: ZX_OK or ZX_ERR_BAD_HANDLE.
 */
zx_status_t zx_table_get(struct zx_table *t, zx_handle_t value,
			 struct zx_object **obj, zx_rights_t *rights)
{
	return zx_table_get_identity(t, value, obj, rights) ?
		ZX_OK : ZX_ERR_BAD_HANDLE;
}

/**
 * zx_handle_lookup_ident() - look up a handle of a type with rights
 * @t: the caller's handle table
 * @value: the handle value
 * @type: the object type the handle must name, or NULL for any type
 * @need: the rights the handle must have (0: none)
 * @obj: on success, the object, with a reference the caller must drop
 * @rights: on success, the handle's rights (may be NULL)
 * @ident: on success, the handle's identity for zx_table_holds() (may be
 *         NULL)
 *
 * Checks in Zircon's order: the value, then the type, then the rights.
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE or
 * ZX_ERR_ACCESS_DENIED; on failure no reference is held.
 */
zx_status_t zx_handle_lookup_ident(struct zx_table *t, zx_handle_t value,
				   const struct zx_object_ops *type,
				   zx_rights_t need, struct zx_object **obj,
				   zx_rights_t *rights, const void **ident)
{
	struct zx_lookup l = { .value = value, .type = type, .need = need };
	zx_status_t status;

	status = zx_handle_lookup_many(t, &l, 1);
	if (status != ZX_OK)
		return status;
	*obj = l.obj;
	if (rights)
		*rights = l.rights;
	if (ident)
		*ident = l.ident;
	return ZX_OK;
}

/* Checks @h against what @l asks for, in Zircon's order. */
static zx_status_t zx_lookup_check(const struct zx_handle *h,
				   const struct zx_lookup *l)
{
	if (!h)
		return ZX_ERR_BAD_HANDLE;
	if (l->type && h->obj->ops != l->type)
		return ZX_ERR_WRONG_TYPE;
	if ((h->rights & l->need) != l->need)
		return ZX_ERR_ACCESS_DENIED;
	return ZX_OK;
}

/**
 * zx_handle_lookup_many() - look up a few handles under one hold of the table
 * @t: the caller's handle table
 * @l: @n lookups, each with its value, type (NULL: any) and needed
 *     rights; on success each gets its object (referenced), the handle's
 *     rights and its identity for zx_table_holds()
 * @n: how many, at most ZX_LOOKUP_MAX
 *
 * One walk of the table's lock for all of them (zx_object_wait_async()
 * names a port and an object).  The checks run in the order of @l, each
 * in Zircon's order (value, type, rights): the first that fails decides
 * the status.  The same handle may be named twice.
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE or
 * ZX_ERR_ACCESS_DENIED; on failure no reference is held.
 */
zx_status_t zx_handle_lookup_many(struct zx_table *t, struct zx_lookup *l,
				  unsigned int n)
{
	struct zx_handle *h[ZX_LOOKUP_MAX];
	zx_status_t status = ZX_OK;
	unsigned int i;

	if (WARN_ON_ONCE(n > ZX_LOOKUP_MAX))
		return ZX_ERR_INTERNAL;
	xa_lock(&t->handles);
	for (i = 0; i < n && status == ZX_OK; i++) {
		h[i] = zx_table_find_locked(t, l[i].value);
		status = zx_lookup_check(h[i], &l[i]);
	}
	if (status == ZX_OK) {
		for (i = 0; i < n; i++) {
			zx_object_get(h[i]->obj);
			l[i].obj = h[i]->obj;
			l[i].rights = h[i]->rights;
			l[i].ident = h[i];
		}
	}
	xa_unlock(&t->handles);
	return status;
}

/**
 * zx_handle_lookup() - look up a handle of a type with rights
 * @t: the caller's handle table
 * @value: the handle value
 * @type: the object type the handle must name, or NULL for any type
 * @need: the rights the handle must have (0: none)
 * @obj: on success, the object, with a reference the caller must drop
 * @rights: on success, the handle's rights (may be NULL)
 *
 * zx_handle_lookup_ident() without the identity.
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE or
 * ZX_ERR_ACCESS_DENIED; on failure no reference is held.
 */
zx_status_t zx_handle_lookup(struct zx_table *t, zx_handle_t value,
			     const struct zx_object_ops *type,
			     zx_rights_t need, struct zx_object **obj,
			     zx_rights_t *rights)
{
	return zx_handle_lookup_ident(t, value, type, need, obj, rights, NULL);
}

/**
 * zx_table_holds() - whether a value still names the same handle
 * @t: the table
 * @value: the handle value
 * @ident: the identity zx_table_get_identity() returned for it
 *
 * The handle may be closed meanwhile and its memory reused for another one
 * (the cache is SLAB_TYPESAFE_BY_RCU): hence the value is compared too.
 *
 * Return: true while @value still names that handle.
 */
bool zx_table_holds(struct zx_table *t, zx_handle_t value, const void *ident)
{
	XA_STATE(xas, &t->handles, 0);
	struct zx_handle *h;
	bool holds;
	u32 slot;

	if (!zx_handle_slot(value, &slot))
		return false;
	xas_set(&xas, slot);
	/* One RCU section: xas_load() opens none of its own (xa_load() does). */
	rcu_read_lock();
	do {
		h = xas_load(&xas);
	} while (xas_retry(&xas, h));
	holds = h && h == ident && READ_ONCE(h->value) == value;
	rcu_read_unlock();
	return holds;
}
