// SPDX-License-Identifier: GPL-2.0
/*
 * Event pairs: two events linked as peers.  Each end may signal the other;
 * when one end loses its last handle the other sees
 * ZX_EVENTPAIR_PEER_CLOSED.
 *
 * No locks of its own: the peer link is zx_peer_link.lock and signals are
 * zx_object.lock, both in object.c, taken in that order.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "zx.h"
#include "syscalls.h"

struct zx_eventpair {
	struct zx_object base;
};

static void zx_eventpair_destroy(struct zx_object *obj)
{
	kfree(container_of(obj, struct zx_eventpair, base));
}

static const struct zx_object_ops zx_eventpair_ops = {
	.type = ZX_OBJ_TYPE_EVENTPAIR,
	.user_signals = ZX_EVENTPAIR_SIGNALED,
	.peer_closed_signal = ZX_EVENTPAIR_PEER_CLOSED,
	.on_zero_handles = zx_object_unpair,
	.destroy = zx_eventpair_destroy,
};

/* A new end in *out (NULL when it could not even be allocated). */
static zx_status_t zx_eventpair_alloc(struct zx_object **out)
{
	struct zx_eventpair *ep = kmalloc(sizeof(*ep), ZX_GFP);

	*out = NULL;
	if (!ep)
		return ZX_ERR_NO_MEMORY;
	*out = &ep->base;
	return zx_object_init(&ep->base, &zx_eventpair_ops, 0);
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

	s0 = zx_eventpair_alloc(&ep0);
	s1 = zx_eventpair_alloc(&ep1);
	return zx_table_install_new_pair_user(t, s0, ep0, s1, ep1,
					      ZX_DEFAULT_EVENTPAIR_RIGHTS,
					      a->out0, a->out1);
}
