// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_signal(), zx_object_signal_peer(), zx_object_wait_one(),
 * zx_object_wait_many() and zx_handle_check_valid(): the ioctl layer.
 *
 * No locks of its own; see object.c.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

/**
 * zx_ioctl_signal() - zx_object_signal() and zx_object_signal_peer()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 * @peer: true for zx_object_signal_peer()
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_signal(struct zx_table *t, void *arg, bool peer)
{
	struct zx_ioc_object_signal *a = arg;
	struct zx_object *obj, *target;
	zx_rights_t rights, need;
	zx_signals_t allowed;
	zx_status_t status;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_table_get(t, a->handle, &obj, &rights);
	if (status != ZX_OK)
		return status;

	need = peer ? ZX_RIGHT_SIGNAL_PEER : ZX_RIGHT_SIGNAL;
	allowed = obj->ops->not_waitable ? 0 :
		  ZX_USER_SIGNAL_ALL | obj->ops->user_signals;
	if (!(rights & need)) {
		status = ZX_ERR_ACCESS_DENIED;
	} else if (peer && !obj->link) {
		status = ZX_ERR_NOT_SUPPORTED;
	} else if ((a->clear_mask | a->set_mask) & ~allowed) {
		status = ZX_ERR_INVALID_ARGS;
	} else if (peer) {
		target = zx_object_peer(obj);
		if (target) {
			zx_object_update_signals(target, a->clear_mask,
						 a->set_mask);
			zx_object_put(target);
		} else {
			status = ZX_ERR_PEER_CLOSED;
		}
	} else {
		zx_object_update_signals(obj, a->clear_mask, a->set_mask);
	}
	zx_object_put(obj);
	return status;
}

/**
 * zx_ioctl_wait_one() - zx_object_wait_one()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_wait_one(struct zx_table *t, void *arg)
{
	struct zx_ioc_object_wait_one *a = arg;
	zx_signals_t observed = 0;
	zx_status_t status;

	status = zx_handle_wait_one(t, a->handle, a->signals, a->deadline,
				    &observed);
	switch (status) {
	case ZX_OK:
	case ZX_ERR_TIMED_OUT:
	case ZX_ERR_CANCELED:
		if (a->observed &&
		    put_user(observed, (zx_signals_t __user *)zx_uptr(a->observed)))
			return ZX_ERR_INVALID_ARGS;
		break;
	}
	return status;
}

/**
 * zx_ioctl_wait_many() - zx_object_wait_many()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_wait_many(struct zx_table *t, void *arg)
{
	struct zx_ioc_object_wait_many *a = arg;
	struct zx_abi_wait_item *items = NULL;
	void __user *uitems;
	size_t size;
	zx_status_t status;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	if (a->num_items > ZX_ABI_WAIT_MANY_MAX_ITEMS)
		return ZX_ERR_OUT_OF_RANGE;
	size = (size_t)a->num_items * sizeof(*items);
	uitems = zx_uptr(a->items);
	if (a->num_items) {
		items = kmalloc(size, ZX_GFP);
		if (!items)
			return ZX_ERR_NO_MEMORY;
		if (zx_copy_in(items, uitems, size)) {
			kfree(items);
			return ZX_ERR_INVALID_ARGS;
		}
	}
	status = zx_handle_wait_many(t, items, a->num_items, a->deadline);
	switch (status) {
	case ZX_OK:
	case ZX_ERR_TIMED_OUT:
	case ZX_ERR_CANCELED:
		if (a->num_items && copy_to_user(uitems, items, size))
			status = ZX_ERR_INVALID_ARGS;
		break;
	}
	kfree(items);
	return status;
}

/**
 * zx_ioctl_check_valid() - zx_handle_check_valid()
 * @t: the caller's handle table
 * @arg: the handle value (a zx_handle_t)
 *
 * Return: ZX_OK or ZX_ERR_BAD_HANDLE.
 */
zx_status_t zx_ioctl_check_valid(struct zx_table *t, void *arg)
{
	return zx_table_valid(t, *(zx_handle_t *)arg) ? ZX_OK :
							ZX_ERR_BAD_HANDLE;
}
