// SPDX-License-Identifier: GPL-2.0
/*
 * The handle calls: zx_handle_close_many(), zx_handle_duplicate() and
 * zx_handle_replace(), made of the table operations of handle.c; and the
 * helpers with which every call that makes handles hands their values to
 * user space (zx_table_install_user() and the pair and replace forms).
 *
 * No lock is owned here, and none is held across the table operations,
 * which take the table's xa_lock (owned by handle.c) themselves.
 */
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

/* ---- handing new handles to user space ---- */

/**
 * zx_table_install_user() - hand user space a new handle
 * @t: the caller's handle table
 * @obj: the object, with an object reference and handle count
 *       (zx_object_handle_get())
 * @rights: the handle's rights
 * @uptr: the user address that receives the handle's value
 *
 * Reserves a handle, stores its value at @uptr, then publishes it.  Always
 * consumes the caller's object reference and handle count: on any failure
 * they are dropped (a store that faults gives the slot back and reports
 * ZX_ERR_INVALID_ARGS; the handle was never reachable).
 *
 * Return: ZX_OK, a status of zx_table_reserve() or ZX_ERR_INVALID_ARGS.
 */
zx_status_t zx_table_install_user(struct zx_table *t, struct zx_object *obj,
				  zx_rights_t rights, u64 uptr)
{
	struct zx_reserved r;
	zx_status_t status;

	status = zx_table_reserve(t, obj, rights, &r);
	if (status != ZX_OK) {
		zx_object_handle_put(obj);
		return status;
	}
	if (put_user(r.value, (zx_handle_t __user *)zx_uptr(uptr))) {
		zx_table_unreserve(t, &r);
		zx_object_handle_put(obj);
		return ZX_ERR_INVALID_ARGS;
	}
	zx_table_publish(t, &r);
	return ZX_OK;
}

/**
 * zx_table_install_ref_user() - hand user space a handle made of a reference
 * @t: the caller's handle table
 * @obj: the object, with a reference of the caller's (a creation
 *       reference, or one a lookup gave) that becomes the handle's
 * @rights: the handle's rights
 * @uptr: the user address that receives the handle's value
 *
 * Counts the handle on @obj, then zx_table_install_user(), which always
 * consumes the reference.
 *
 * Return: as zx_table_install_user().
 */
zx_status_t zx_table_install_ref_user(struct zx_table *t, struct zx_object *obj,
				      zx_rights_t rights, u64 uptr)
{
	atomic_inc(&obj->handle_count);
	return zx_table_install_user(t, obj, rights, uptr);
}

/**
 * zx_table_install_new_user() - hand user space an object just made, or
 * drop it
 * @t: the caller's handle table
 * @status: the status of making @obj (zx_object_init())
 * @obj: the object, with its creation reference
 * @rights: the handle's rights
 * @uptr: the user address that receives the handle's value
 *
 * For the create calls of unpaired objects.  Always consumes the creation
 * reference.
 *
 * Return: @status if it is not ZX_OK (@obj dropped), else a status of
 * zx_table_install_user().
 */
zx_status_t zx_table_install_new_user(struct zx_table *t, zx_status_t status,
				      struct zx_object *obj, zx_rights_t rights,
				      u64 uptr)
{
	if (status != ZX_OK) {
		zx_object_put(obj);
		return status;
	}
	return zx_table_install_ref_user(t, obj, rights, uptr);
}

/**
 * zx_table_install_pair_user() - hand user space both ends of a new pair
 * @t: the caller's handle table
 * @obj0: one end, with its creation reference
 * @obj1: the other end, with its creation reference
 * @rights: the rights of both handles
 * @uptr0: the user address that receives @obj0's handle value
 * @uptr1: the user address that receives @obj1's handle value
 *
 * Pairs the two objects (zx_object_pair()), turns each creation reference
 * into a handle's, reserves both handles, stores both values, and only
 * then publishes both: neither handle is reachable before both values
 * reached user space, so a fault takes nothing back by value.  Always
 * consumes both creation references.
 *
 * Return: ZX_OK; ZX_ERR_NO_MEMORY if pairing fails; a status of
 * zx_table_reserve(); ZX_ERR_INVALID_ARGS if a store faults.
 */
zx_status_t zx_table_install_pair_user(struct zx_table *t,
				       struct zx_object *obj0,
				       struct zx_object *obj1,
				       zx_rights_t rights, u64 uptr0,
				       u64 uptr1)
{
	struct zx_reserved r0, r1;
	zx_status_t status;

	if (zx_object_pair(obj0, obj1)) {
		zx_object_put(obj0);
		zx_object_put(obj1);
		return ZX_ERR_NO_MEMORY;
	}
	/* Each creation reference becomes a handle's. */
	atomic_inc(&obj0->handle_count);
	atomic_inc(&obj1->handle_count);

	status = zx_table_reserve(t, obj0, rights, &r0);
	if (status != ZX_OK)
		goto put;
	status = zx_table_reserve(t, obj1, rights, &r1);
	if (status != ZX_OK)
		goto unreserve0;
	if (put_user(r0.value, (zx_handle_t __user *)zx_uptr(uptr0)) ||
	    put_user(r1.value, (zx_handle_t __user *)zx_uptr(uptr1))) {
		status = ZX_ERR_INVALID_ARGS;
		zx_table_unreserve(t, &r1);
		goto unreserve0;
	}
	zx_table_publish(t, &r0);
	zx_table_publish(t, &r1);
	return ZX_OK;

unreserve0:
	zx_table_unreserve(t, &r0);
put:
	zx_object_handle_put(obj0);
	zx_object_handle_put(obj1);
	return status;
}

/**
 * zx_table_reinstall_user() - end a replace: a new handle to an object
 * taken from its old one, or the object dropped
 * @t: the caller's handle table
 * @status: ZX_OK to install, or why not
 * @obj: the object, with the handle reference zx_table_take() gave
 * @rights: the new handle's rights
 * @uptr: the user address that receives the new handle's value
 *
 * Always consumes the handle reference.
 *
 * Return: @status if it is not ZX_OK, else a status of
 * zx_table_install_user().
 */
zx_status_t zx_table_reinstall_user(struct zx_table *t, zx_status_t status,
				    struct zx_object *obj, zx_rights_t rights,
				    u64 uptr)
{
	if (status == ZX_OK)
		return zx_table_install_user(t, obj, rights, uptr);
	zx_object_handle_put(obj);
	return status;
}

/**
 * zx_table_install_new_pair_user() - hand user space a pair just made, or
 * drop what was made of it
 * @t: the caller's handle table
 * @s0: the status of making @obj0
 * @obj0: one end, with its creation reference, or NULL if none was made
 * @s1: the status of making @obj1
 * @obj1: the other end, likewise
 * @rights: the rights of both handles
 * @uptr0: the user address that receives @obj0's handle value
 * @uptr1: the user address that receives @obj1's handle value
 *
 * For the create calls of paired objects, which make both ends before
 * they look at either status.  Always consumes both creation references.
 *
 * Return: the first of @s0 and @s1 that is not ZX_OK (both ends dropped),
 * else a status of zx_table_install_pair_user().
 */
zx_status_t zx_table_install_new_pair_user(struct zx_table *t, zx_status_t s0,
					   struct zx_object *obj0, zx_status_t s1,
					   struct zx_object *obj1, zx_rights_t rights,
					   u64 uptr0, u64 uptr1)
{
	zx_status_t status = s0 != ZX_OK ? s0 : s1;

	if (status != ZX_OK) {
		if (obj0)
			zx_object_put(obj0);
		if (obj1)
			zx_object_put(obj1);
		return status;
	}
	return zx_table_install_pair_user(t, obj0, obj1, rights, uptr0,
					  uptr1);
}

/* ---- taking handles out of the table ---- */

/**
 * zx_handle_take() - take a handle of a type with rights out of the table
 * @t: the caller's handle table
 * @value: the handle value
 * @type: the object type the handle must name, or NULL for any type
 * @need: the rights the handle must have (0: none)
 * @obj: on success, the object, with the handle's reference and handle
 *       count (pass them on, or drop them with zx_object_handle_put())
 * @rights: on success, the handle's rights
 *
 * The typed form of zx_table_take(), as zx_handle_lookup() is of
 * zx_table_get(): the handle is consumed whatever happens once the value
 * names one; checks in Zircon's order, the value, the type, the rights.
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE or
 * ZX_ERR_ACCESS_DENIED; on failure nothing is held.
 */
zx_status_t zx_handle_take(struct zx_table *t, zx_handle_t value,
			   const struct zx_object_ops *type, zx_rights_t need,
			   struct zx_object **obj, zx_rights_t *rights)
{
	zx_status_t status;

	status = zx_table_take(t, value, obj, rights);
	if (status != ZX_OK)
		return status;
	if (type && (*obj)->ops != type)
		status = ZX_ERR_WRONG_TYPE;
	else if ((*rights & need) != need)
		status = ZX_ERR_ACCESS_DENIED;
	if (status != ZX_OK)
		zx_object_handle_put(*obj);
	return status;
}

/* ---- the handle calls ---- */

#define ZX_CLOSE_BATCH	64

/**
 * zx_ioctl_close_many() - zx_handle_close_many()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Closes every valid handle of the array even when others are invalid or
 * repeated (those make the result ZX_ERR_BAD_HANDLE); an unreadable array
 * ends the call with ZX_ERR_INVALID_ARGS, the handles before it closed.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_close_many(struct zx_table *t, void *arg)
{
	struct zx_ioc_handle_close_many *a = arg;
	zx_handle_t batch[ZX_CLOSE_BATCH];
	zx_status_t status = ZX_OK;
	u64 done, n, i;

	if (a->num_handles > SIZE_MAX / sizeof(zx_handle_t))
		return ZX_ERR_INVALID_ARGS;
	/*
	 * Zircon closes every valid handle even when others are invalid or
	 * repeated; a repeat finds its handle already gone and so reports
	 * ZX_ERR_BAD_HANDLE.  An unreadable array ends the call there with
	 * ZX_ERR_INVALID_ARGS (handles before that point are closed).
	 */
	for (done = 0; done < a->num_handles; done += n) {
		n = min_t(u64, a->num_handles - done, ZX_CLOSE_BATCH);
		if (copy_from_user(batch,
				   zx_uptr(a->handles + done * sizeof(batch[0])),
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

/**
 * zx_ioctl_duplicate() - zx_handle_duplicate()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_handle_dup, copied in
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_ACCESS_DENIED (no DUPLICATE
 * right), ZX_ERR_INVALID_ARGS or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_duplicate(struct zx_table *t, void *arg)
{
	struct zx_ioc_handle_dup *a = arg;
	struct zx_object *obj;
	zx_rights_t have, rights;
	zx_status_t status;

	status = zx_handle_lookup(t, a->handle, NULL, ZX_RIGHT_DUPLICATE, &obj,
				  &have);
	if (status != ZX_OK)
		return status;
	status = zx_rights_derive(have, a->rights, ZX_ERR_INVALID_ARGS,
				  &rights);
	if (status != ZX_OK) {
		zx_object_put(obj);
		return status;
	}
	/* The lookup's reference becomes the new handle's. */
	return zx_table_install_ref_user(t, obj, rights, a->out);
}

/**
 * zx_ioctl_replace() - zx_handle_replace()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * The old handle is invalidated whatever happens.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_replace(struct zx_table *t, void *arg)
{
	struct zx_ioc_handle_dup *a = arg;
	struct zx_object *obj;
	zx_rights_t have, rights = 0;
	zx_status_t status;

	/* The old handle is invalidated whatever happens next. */
	status = zx_table_take(t, a->handle, &obj, &have);
	if (status != ZX_OK)
		return status;
	status = zx_rights_derive(have, a->rights, ZX_ERR_INVALID_ARGS,
				  &rights);
	return zx_table_reinstall_user(t, status, obj, rights, a->out);
}
