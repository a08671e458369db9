// SPDX-License-Identifier: GPL-2.0
/*
 * Events and event pairs: objects whose only state is their signals.  An
 * event pair's two ends are linked as peers; each end may signal the other,
 * and when one end loses its last handle the other sees
 * ZX_EVENTPAIR_PEER_CLOSED.
 *
 * No locks of their own: the peer link is zx_peer_link.lock and signals
 * are zx_object.lock, both in object.c, taken in that order.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

/* Both types are a bare struct zx_object: nothing else to free. */
static void zx_event_destroy(struct zx_object *obj)
{
	kfree(obj);
}

static const struct zx_object_ops zx_event_ops = {
	.type = ZX_OBJ_TYPE_EVENT,
	.user_signals = ZX_EVENT_SIGNALED,
	.destroy = zx_event_destroy,
};

static const struct zx_object_ops zx_eventpair_ops = {
	.type = ZX_OBJ_TYPE_EVENTPAIR,
	.user_signals = ZX_EVENTPAIR_SIGNALED,
	.peer_closed_signal = ZX_EVENTPAIR_PEER_CLOSED,
	.on_zero_handles = zx_object_unpair,
	.destroy = zx_event_destroy,
};

/* A new event or end in *out (NULL when it could not even be allocated). */
static zx_status_t zx_event_alloc(const struct zx_object_ops *ops,
				  struct zx_object **out)
{
	*out = kmalloc(sizeof(**out), ZX_GFP);
	if (!*out)
		return ZX_ERR_NO_MEMORY;
	return zx_object_init(*out, ops, 0);
}

/**
 * zx_ioctl_event_create() - zx_event_create()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS (options or reserved fields),
 * ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_event_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_create *a = arg;
	struct zx_object *ev;
	zx_status_t status;

	if (a->options || a->reserved || a->out1)
		return ZX_ERR_INVALID_ARGS;
	status = zx_event_alloc(&zx_event_ops, &ev);
	if (!ev)
		return status;
	return zx_table_install_new_user(t, status, ev,
					 ZX_DEFAULT_EVENT_RIGHTS, a->out0);
}

/**
 * zx_ioctl_eventpair_create() - zx_eventpair_create(): create a pair of event pair ends
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_NOT_SUPPORTED (options), ZX_ERR_INVALID_ARGS,
 * ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_eventpair_create(struct zx_table *t, void *arg)
{
	struct zx_object *ep0, *ep1;
	struct zx_ioc_create *a = arg;
	zx_status_t s0, s1;

	if (a->options)
		return ZX_ERR_NOT_SUPPORTED;
	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;

	s0 = zx_event_alloc(&zx_eventpair_ops, &ep0);
	s1 = zx_event_alloc(&zx_eventpair_ops, &ep1);
	return zx_table_install_new_pair_user(t, s0, ep0, s1, ep1,
					      ZX_DEFAULT_EVENTPAIR_RIGHTS,
					      a->out0, a->out1);
}
