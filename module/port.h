/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The structures of ports, their packets and their observers, shared by
 * port.c (create, queue, wait, wait_async) and port_cancel.c (cancel,
 * cancel by key, the pollable descriptor).  Locks: see port.c.
 */
#ifndef ZX_PORT_H
#define ZX_PORT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "zx.h"

/* A packet on a port's queue. */
struct zx_pkt {
	struct list_head node;		/* on zx_port.queue */
	const void *handle;		/* signal packets: the handle's identity */
	struct zx_user *user;		/* charged, or NULL */
	bool is_user;			/* zx_port_queue(), else an observer's */
	struct zx_abi_port_packet p;
};

/*
 * Spare memory a port keeps from packets and observers its zx_port_wait()
 * took, for its next zx_port_queue() and zx_object_wait_async(): re-arming
 * a wait or queueing again then allocates (and charges the memory cgroup)
 * nothing.  A few slots each, taken and filled with atomic exchanges; a
 * spare holds no reference and no quota charge; freed with the port.
 */
#define ZX_PORT_SPARES	4

struct zx_port {
	struct zx_object base;
	struct zx_pkt *spare_pkt[ZX_PORT_SPARES];
	struct zx_observer *spare_obs[ZX_PORT_SPARES];
	spinlock_t lock;
	struct list_head queue;		/* struct zx_pkt, oldest first */
	struct list_head armed;		/* struct zx_observer */
	unsigned long nr_armed;		/* on ->armed */
	unsigned int nr_user;		/* zx_port_queue() packets queued */
	bool dead;			/* no handle left: nothing is queued */
	wait_queue_head_t wq;		/* zx_port_wait() callers and polls */
};

struct zx_observer {
	struct list_head obj_node;	/* on obj->observers while armed */
	struct list_head port_node;	/* on port->armed while armed */
	struct zx_object *obj;		/* a reference */
	struct zx_port *port;		/* a reference */
	zx_signals_t trigger;
	u32 options;
	struct zx_pkt pkt;
};

/*
 * Most observers a port's teardown or cancel by key ends, or looks at on
 * the port's list, under one hold of a lock.
 */
#define ZX_PORT_WALK_BATCH	256

extern const struct zx_object_ops zx_port_ops;

static inline struct zx_port *zx_to_port(struct zx_object *obj)
{
	return container_of(obj, struct zx_port, base);
}

zx_status_t zx_port_arg(struct zx_table *t, u64 zero, zx_handle_t value,
			zx_rights_t need, struct zx_port **port);
void zx_observer_disarm_locked(struct zx_observer *o, struct list_head *reap);
bool zx_port_disarm_on(struct zx_port *port, struct zx_object *target,
		       bool by_key, u64 key);
zx_status_t zx_port_and_source(struct zx_table *t, zx_handle_t pval,
			       zx_handle_t sval, struct zx_port **port,
			       struct zx_object **obj, const void **ident);

#endif /* ZX_PORT_H */
