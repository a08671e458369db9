// SPDX-License-Identifier: GPL-2.0
/*
 * Events: objects whose only state is their signals.
 *
 * No locks of its own; signals are under zx_object.lock (object.c).
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

struct zx_event {
	struct zx_object base;
};

static void zx_event_destroy(struct zx_object *obj)
{
	kfree(container_of(obj, struct zx_event, base));
}

static const struct zx_object_ops zx_event_ops = {
	.type = ZX_OBJ_TYPE_EVENT,
	.user_signals = ZX_EVENT_SIGNALED,
	.destroy = zx_event_destroy,
};

/**
 * zx_ioctl_event_create() - zx_event_create()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_event_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_create *a = arg;
	struct zx_event *ev;
	zx_status_t status;

	if (a->options || a->reserved || a->out1)
		return ZX_ERR_INVALID_ARGS;
	ev = kmalloc(sizeof(*ev), ZX_GFP);
	if (!ev)
		return ZX_ERR_NO_MEMORY;
	status = zx_object_init(&ev->base, &zx_event_ops, 0);
	return zx_table_install_new_user(t, status, &ev->base,
					 ZX_DEFAULT_EVENT_RIGHTS, a->out0);
}
