// SPDX-License-Identifier: GPL-2.0
/*
 * The handle calls: zx_handle_close_many(), zx_handle_duplicate() and
 * zx_handle_replace(), made of the table operations of handle.c.
 *
 * No lock is owned here, and none is held across the table operations,
 * which take the table's xa_lock (owned by handle.c) themselves.
 */
#include <linux/sched/signal.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"

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

/**
 * zx_ioctl_duplicate() - zx_handle_duplicate()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_handle_dup
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_ACCESS_DENIED (no DUPLICATE
 * right), ZX_ERR_INVALID_ARGS or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_duplicate(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_handle_dup a;
	struct zx_object *obj;
	zx_rights_t have, rights;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup(t, a.handle, NULL, ZX_RIGHT_DUPLICATE, &obj,
				  &have);
	if (status != ZX_OK)
		return status;
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
	zx_rights_t have, rights = 0;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	/* The old handle is invalidated whatever happens next. */
	status = zx_table_take(t, a.handle, &obj, &have);
	if (status != ZX_OK)
		return status;
	status = zx_new_rights(have, a.rights, &rights);
	return zx_table_reinstall_user(t, status, obj, rights, a.out);
}
