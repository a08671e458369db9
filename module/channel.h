/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the channel files: channel.c (endpoints, write, read),
 * channel_msg.c (messages: built from a write, copied out to a read,
 * destroyed), channel_call.c (zx_channel_call()) and channel_gc.c (the
 * cycle collector).  The lock rules are at the top of channel.c
 * (zx_channel.lock) and channel_gc.c (zx_gc_lock).
 */
#ifndef ZX_MODULE_CHANNEL_H
#define ZX_MODULE_CHANNEL_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#include "zx.h"

struct pid;
struct task_struct;
struct zx_call;

struct zx_msg_handle {
	struct zx_object *obj;
	zx_rights_t rights;
};

/*
 * A message's bytes follow its handles in the same allocation while the
 * whole fits in a page; larger ones get an allocation of their own, so
 * that a 64 KiB message costs 64 KiB.
 */
struct zx_msg {
	struct list_head node;		/* on a queue, or a work list */
	/*
	 * A message carrying endpoint handles (nr_ep) is, while it sits in
	 * an endpoint's queue or in the reply slot of one of its calls, on
	 * that endpoint's ->ep_msgs: the collector walks only those.
	 */
	struct list_head ep_node;
	struct zx_call *call;		/* holding it as its reply, or NULL */
	struct zx_user *user;		/* charged for it until it is freed */
	u32 nr_ep;			/* channel endpoints among the handles */
	u32 num_bytes;
	u32 num_handles;
	u8 *data;
	struct zx_msg_handle handles[];
};

struct zx_call {
	struct list_head node;		/* on the caller's endpoint ->calls */
	struct pid *pid;		/* the calling thread */
	unsigned long uarg;		/* its ioctl argument, for restarts */
	unsigned int cmd;
	struct task_struct *task;	/* sleeping in it; NULL if suspended */
	struct zx_msg *reply;
	zx_txid_t txid;
	zx_status_t status;		/* ZX_CALL_WAITING until it ends */
	bool suspended;
};

/* zx_call.status while the call still waits. */
#define ZX_CALL_WAITING			1

/* Kernel-generated transaction ids have the top bit set. */
#define ZX_TXID_KERNEL			0x80000000u

/* What a write or a call writes, from its ioctl argument. */
struct zx_write_req {
	u64 bytes;
	u64 handles;
	u32 num_bytes;		/* bytes, or iovecs with USE_IOVEC */
	u32 num_handles;
	u32 options;
	u32 word_size;
	bool etc;		/* handles are zx_handle_disposition_t */
};

/* Where a read or a call puts the message it reads. */
struct zx_read_out {
	u64 bytes;
	u64 handles;
	u64 actual_bytes;	/* 0: do not store */
	u64 actual_handles;
	bool etc;		/* handles are zx_handle_info_t */
};

struct zx_channel {
	struct zx_object base;
	spinlock_t lock;
	struct list_head queue;		/* struct zx_msg, oldest first */
	u32 count;
	size_t bytes;			/* zx_msg_bytes() of the queue */
	struct list_head calls;		/* struct zx_call */
	u32 nr_suspended;
	u32 txid;
	bool dead;			/* no handles any more */
	void *spare;			/* a message buffer (channel_msg.c) */
	bool peer_closed;

	/* The collector's: see channel_gc.c. */
	struct list_head ep_msgs;	/* zx_msg.ep_node */
	u32 nr_ep;			/* endpoint handles on ->ep_msgs */
	atomic_t inflight;		/* its own handles on others' ep_msgs */
	struct list_head gc_holder;	/* on zx_gc_holders while nr_ep */
	struct list_head gc_node;	/* a pass's candidate list */
	struct list_head gc_stack;	/* a pass's reachable, to scan */
	u64 gc_pass;			/* the last pass it was a candidate in */
	int gc_refs;			/* its handles on candidates' lists */
	bool gc_live;
};

extern const struct zx_object_ops zx_channel_ops;

static inline struct zx_channel *zx_to_channel(struct zx_object *obj)
{
	return container_of(obj, struct zx_channel, base);
}

static inline bool zx_is_channel(struct zx_object *obj)
{
	return obj->ops == &zx_channel_ops;
}

static inline u8 *zx_msg_data(struct zx_msg *m)
{
	return m->data;
}

/* channel.c */
void zx_channel_shutdown(struct zx_channel *ch, struct list_head *work);
void zx_channel_lock_gc(struct zx_channel *ch, bool *gc);
void zx_channel_unlock_gc(struct zx_channel *ch, bool gc);
zx_status_t zx_channel_send(struct zx_channel *ch, struct zx_table *t,
			    zx_handle_t value, const void *ident,
			    struct zx_msg *m);

/* channel_msg.c */
zx_txid_t zx_msg_txid(struct zx_msg *m);
size_t zx_msg_bytes(const struct zx_msg *m);
void zx_msg_destroy_list(struct list_head *work);
void zx_msg_destroy(struct zx_msg *m);
void zx_msg_spare_drop(struct zx_channel *ch);
void zx_write_consume(struct zx_table *t, const struct zx_write_req *r);
zx_status_t zx_write_prepare(struct zx_table *t, zx_handle_t value,
			     zx_rights_t need, const struct zx_write_req *r,
			     u32 min_bytes, const void **ident,
			     struct zx_channel **chp, struct zx_msg **out);
zx_status_t zx_msg_to_user(struct zx_table *t, struct zx_channel *ch,
			   struct zx_msg *m, const struct zx_read_out *o,
			   bool *intact);

/* channel_call.c */
void zx_call_free(struct zx_call *c, struct list_head *work);

/* channel_gc.c */
extern struct mutex zx_gc_lock;
void zx_gc_hold(struct zx_channel *ch, struct zx_msg *m, struct zx_call *c);
void zx_gc_unhold(struct zx_channel *ch, struct zx_msg *m);
void zx_gc_unhold_all(struct zx_channel *ch);
void zx_gc_handle_dropped(struct zx_object *obj);
void zx_gc_call_left(struct zx_channel *ch);
void zx_gc_exit(void);

#endif /* ZX_MODULE_CHANNEL_H */
