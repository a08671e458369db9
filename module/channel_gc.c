// SPDX-License-Identifier: GPL-2.0
/*
 * The channel cycle collector.
 *
 * An endpoint can travel in a message into a queue that leads back to it
 * (into its own queue, or A1 into B1's queue and B1 into A1's), or into the
 * reply a suspended zx_channel_call() of its own holds.  Once nothing
 * outside such messages can reach them, nobody can ever read them again,
 * yet each holds the other's handle.  Zircon leaks such cycles; here they
 * are found and freed, so writing them is not refused.
 *
 * Bookkeeping kept all the time, under zx_gc_lock and the endpoint's lock:
 *
 *   - a message carrying endpoint handles (zx_msg.nr_ep), while it sits
 *     in an endpoint's queue or is the reply held by one of its calls, is
 *     on that endpoint's ->ep_msgs; messages without endpoints never are,
 *     so however many of them are queued, the collector never sees them;
 *   - an endpoint counts the endpoint handles on its ->ep_msgs (->nr_ep)
 *     and is on zx_gc_holders while that is not zero;
 *   - an endpoint counts its own handles that sit on some ->ep_msgs
 *     (->inflight).  When all its handles are there (handle_count ==
 *     inflight) it is "in flight": only a process reading one of those
 *     messages can reach it again.
 *
 * Only endpoints in flight that hold endpoints themselves can make up a
 * cycle, so a pass is needed only when such a holder becomes in flight: a
 * handle of it moved into a message on an ->ep_msgs, one of its other
 * handles went away, or a thread left a call on it.  Those are the only
 * events that kick the collector; dropping a handle of an endpoint with
 * handles outside messages, passing an endpoint that holds nothing (the
 * usual case), writing or reading messages without endpoints, never do.
 * The kicks of a burst are batched into one pass (ZX_GC_DELAY) on the
 * unbound workqueue.
 *
 * A pass looks only at the holders, and walks only the ->ep_msgs of the
 * holders in flight:
 *
 *   - a holder with a handle outside messages, or with a thread inside a
 *     call on it (that thread may still claim a reply), is a root; the
 *     other holders are candidates;
 *   - each candidate counts its handles found on candidates' lists
 *     (->gc_refs); one with more handles in flight than that has one on a
 *     root's list, so it is reachable, and so is every candidate on a
 *     reachable candidate's list, transitively;
 *   - the candidates left unreachable are garbage: their queues and the
 *     replies their suspended calls hold are emptied, which releases the
 *     handles that kept the cycle alive.  An in-flight endpoint that holds
 *     nothing needs no work of its own: it dies when its holder's
 *     messages are destroyed.
 *
 * So a pass costs a glance at each holder plus the endpoint handles that
 * the holders in flight hold: not the queued messages, not what the roots
 * hold.  It reschedules as it goes.
 *
 * Why the graph stands still: messages with endpoint handles join or leave
 * an ->ep_msgs only under zx_gc_lock, which a pass holds.  A handle count
 * can only grow through a handle outside messages (a duplicate, a bridge
 * descriptor) or by taking a message off an ->ep_msgs (zx_gc_lock), so an
 * endpoint found in flight stays so during the pass.  A handle in a
 * message being written, in a reply a waking call is about to take, or in
 * a table counts in handle_count but not in inflight, so whatever it
 * reaches is a root's: the collector never frees what a process can still
 * read.  A suspended call can only be resumed through a handle to its
 * endpoint in a table, so the replies of an endpoint in flight are as
 * unreachable as its queue.
 *
 * Locks owned here:
 *
 *   zx_gc_lock        a mutex; held by a pass, and by whoever puts a
 *                     message carrying endpoint handles on an ->ep_msgs or
 *                     takes one off.  Outside every zx_channel.lock.
 *                     Protects zx_gc_holders, the endpoints' ->ep_msgs,
 *                     ->nr_ep (under zx_channel.lock too), the writes of
 *                     ->inflight and the ->gc_* fields.
 */
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/workqueue.h>

#include <linux/zircon.h>

#include "channel.h"

DEFINE_MUTEX(zx_gc_lock);
static LIST_HEAD(zx_gc_holders);
static u64 zx_gc_passes;
/* What the passes looked at, for the debugfs counters (zx_gc_lock). */
static unsigned long zx_gc_seen_holders, zx_gc_seen_messages;
static void zx_gc_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(zx_gc_work, zx_gc_work_fn);

/* Batches the kicks of a burst of transfers into one pass. */
#define ZX_GC_DELAY	msecs_to_jiffies(10)

/* Handles looked at between two chances to reschedule. */
#define ZX_GC_BATCH	256

static void zx_gc_kick(void)
{
	queue_delayed_work(system_unbound_wq, &zx_gc_work, ZX_GC_DELAY);
}

/* True when every handle to @e sits in a message on some ->ep_msgs. */
static bool zx_gc_in_flight(struct zx_channel *e)
{
	int inflight = atomic_read(&e->inflight);

	return inflight && atomic_read(&e->base.handle_count) == inflight;
}

/*
 * Whether @e may have just closed a cycle: only an endpoint in flight that
 * holds endpoints itself can be part of one.  (->nr_ep is read without
 * zx_gc_lock by zx_gc_handle_dropped(): if it becomes a holder meanwhile,
 * whoever queues into it checks the endpoints it queues.)
 */
static bool zx_gc_may_cycle(struct zx_channel *e)
{
	return READ_ONCE(e->nr_ep) && zx_gc_in_flight(e);
}

/**
 * zx_gc_hold() - a message carrying endpoint handles joins @ch's ->ep_msgs
 * @ch: the channel whose queue (or call) now holds @m
 * @m: the message
 * @c: the call holding @m as its reply, or NULL when @m is queued
 *
 * Both locks held.
 */
void zx_gc_hold(struct zx_channel *ch, struct zx_msg *m, struct zx_call *c)
{
	bool kick = false;
	u32 i;

	lockdep_assert_held(&zx_gc_lock);
	lockdep_assert_held(&ch->lock);
	if (!ch->nr_ep)
		list_add_tail(&ch->gc_holder, &zx_gc_holders);
	ch->nr_ep += m->nr_ep;
	list_add_tail(&m->ep_node, &ch->ep_msgs);
	m->call = c;
	for (i = 0; i < m->num_handles; i++) {
		struct zx_object *obj = m->handles[i].obj;

		if (obj && zx_is_channel(obj))
			atomic_inc(&zx_to_channel(obj)->inflight);
	}
	/* Pairs with the barrier of the handle count's decrement. */
	smp_mb__after_atomic();
	for (i = 0; i < m->num_handles && !kick; i++) {
		struct zx_object *obj = m->handles[i].obj;

		if (obj && zx_is_channel(obj))
			kick = zx_gc_may_cycle(zx_to_channel(obj));
	}
	if (kick)
		zx_gc_kick();
}

/**
 * zx_gc_unhold() - @m leaves @ch's ->ep_msgs, if it is there
 * @ch: the channel
 * @m: the message
 *
 * Both locks held.
 */
void zx_gc_unhold(struct zx_channel *ch, struct zx_msg *m)
{
	u32 i;

	lockdep_assert_held(&ch->lock);
	if (list_empty(&m->ep_node))
		return;
	lockdep_assert_held(&zx_gc_lock);
	list_del_init(&m->ep_node);
	m->call = NULL;
	ch->nr_ep -= m->nr_ep;
	if (!ch->nr_ep)
		list_del_init(&ch->gc_holder);
	for (i = 0; i < m->num_handles; i++) {
		struct zx_object *obj = m->handles[i].obj;

		if (obj && zx_is_channel(obj))
			atomic_dec(&zx_to_channel(obj)->inflight);
	}
}

/**
 * zx_gc_unhold_all() - every message leaves @ch's ->ep_msgs
 * @ch: the channel
 *
 * The messages stay where they are (queue or call).  Both locks held.
 */
void zx_gc_unhold_all(struct zx_channel *ch)
{
	struct zx_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &ch->ep_msgs, ep_node)
		zx_gc_unhold(ch, m);
}

/**
 * zx_gc_handle_dropped() - a handle to an endpoint went away, others remain
 * @obj: the endpoint
 *
 * If all its remaining handles now sit in messages, that may be a cycle.
 * Called after the decrement of handle_count, a full barrier.
 */
void zx_gc_handle_dropped(struct zx_object *obj)
{
	if (zx_gc_may_cycle(zx_to_channel(obj)))
		zx_gc_kick();
}

/**
 * zx_gc_call_left() - a thread left a call on @ch (suspended or ended it)
 * @ch: the channel
 *
 * A thread inside a call made @ch a root, so without it @ch may be
 * garbage.
 */
void zx_gc_call_left(struct zx_channel *ch)
{
	if (zx_gc_may_cycle(ch))
		zx_gc_kick();
}

/* A root: a handle outside messages, or a thread in a call on it. */
static bool zx_gc_is_root(struct zx_channel *h)
{
	struct zx_call *c;
	bool root;

	if (!zx_gc_in_flight(h))
		return true;
	root = false;
	spin_lock(&h->lock);
	list_for_each_entry(c, &h->calls, node) {
		if (c->task) {
			root = true;
			break;
		}
	}
	spin_unlock(&h->lock);
	return root;
}

/*
 * Calls @fn for each candidate named on @h's ->ep_msgs.  Under zx_gc_lock,
 * which keeps those messages and their handles in place, so @h's spinlock
 * is not needed and the walk may reschedule.
 */
static void zx_gc_scan(struct zx_channel *h, u64 pass,
		       void (*fn)(struct zx_channel *e, struct list_head *stack),
		       struct list_head *stack, u32 *budget)
{
	struct zx_msg *m;
	u32 i;

	list_for_each_entry(m, &h->ep_msgs, ep_node) {
		for (i = 0; i < m->num_handles; i++) {
			struct zx_object *obj = m->handles[i].obj;
			struct zx_channel *e;

			if (!obj || !zx_is_channel(obj))
				continue;
			e = zx_to_channel(obj);
			if (e->gc_pass == pass)
				fn(e, stack);
		}
		zx_gc_seen_messages++;
		*budget += m->num_handles;
		if (*budget >= ZX_GC_BATCH) {
			*budget = 0;
			cond_resched();
		}
	}
}

/* A candidate's handle sits on another candidate's list. */
static void zx_gc_count(struct zx_channel *e, struct list_head *stack)
{
	e->gc_refs++;
}

/* A candidate named on a reachable candidate's list is reachable. */
static void zx_gc_mark(struct zx_channel *e, struct list_head *stack)
{
	if (!e->gc_live) {
		e->gc_live = true;
		list_add(&e->gc_stack, stack);
	}
}

/* Empties garbage @h: its queue and its suspended calls' replies. */
static void zx_gc_sweep(struct zx_channel *h, struct list_head *work)
{
	struct zx_call *c;

	spin_lock(&h->lock);
	zx_gc_unhold_all(h);
	list_splice_tail_init(&h->queue, work);
	h->bytes = 0;
	if (h->count) {
		h->count = 0;
		zx_object_update_signals(&h->base, ZX_CHANNEL_READABLE, 0);
	}
	list_for_each_entry(c, &h->calls, node) {
		if (!c->reply)
			continue;
		list_add_tail(&c->reply->node, work);
		c->reply = NULL;
		c->status = ZX_ERR_CANCELED;
	}
	spin_unlock(&h->lock);
}

/* One pass; returns how many endpoints it found garbage. */
static unsigned long zx_gc_run(void)
{
	struct zx_channel *h, *tmp;
	LIST_HEAD(candidates);
	LIST_HEAD(stack);
	LIST_HEAD(work);
	unsigned long swept = 0;
	u32 budget = 0;
	u64 pass;

	mutex_lock(&zx_gc_lock);
	pass = ++zx_gc_passes;
	/* The candidates: holders in flight that no thread is calling on. */
	list_for_each_entry(h, &zx_gc_holders, gc_holder) {
		zx_gc_seen_holders++;
		if (!zx_gc_is_root(h)) {
			h->gc_pass = pass;
			h->gc_refs = 0;
			h->gc_live = false;
			list_add_tail(&h->gc_node, &candidates);
		}
		if (++budget >= ZX_GC_BATCH) {
			budget = 0;
			cond_resched();
		}
	}
	/*
	 * A candidate with more handles in flight than the candidates' lists
	 * hold has one on a root's list: it is reachable, and so is what it
	 * leads to.  The roots' own lists are never walked.
	 */
	list_for_each_entry(h, &candidates, gc_node)
		zx_gc_scan(h, pass, zx_gc_count, NULL, &budget);
	list_for_each_entry(h, &candidates, gc_node)
		if (atomic_read(&h->inflight) != h->gc_refs)
			zx_gc_mark(h, &stack);
	while (!list_empty(&stack)) {
		h = list_first_entry(&stack, struct zx_channel, gc_stack);
		list_del_init(&h->gc_stack);
		zx_gc_scan(h, pass, zx_gc_mark, &stack, &budget);
	}
	list_for_each_entry_safe(h, tmp, &candidates, gc_node) {
		list_del_init(&h->gc_node);
		if (h->gc_live)
			continue;
		zx_gc_sweep(h, &work);
		swept++;
		cond_resched();
	}
	mutex_unlock(&zx_gc_lock);
	zx_msg_destroy_list(&work);
	return swept;
}

/**
 * zx_gc_counters() - what the collector has done since the module loaded
 * @passes: passes run
 * @holders: holders looked at, over all passes
 * @messages: messages carrying endpoints walked, over all passes
 *
 * Read without zx_gc_lock: each value on its own is exact, the three
 * together may be from either side of a pass.
 */
void zx_gc_counters(u64 *passes, unsigned long *holders,
		    unsigned long *messages)
{
	*passes = READ_ONCE(zx_gc_passes);
	*holders = READ_ONCE(zx_gc_seen_holders);
	*messages = READ_ONCE(zx_gc_seen_messages);
}

static void zx_gc_work_fn(struct work_struct *work)
{
	zx_gc_run();
}

/**
 * zx_gc_exit() - collect what is left at module unload
 *
 * No table is left, so whatever remains is garbage.
 */
void zx_gc_exit(void)
{
	cancel_delayed_work_sync(&zx_gc_work);
	while (zx_gc_run())
		;
	cancel_delayed_work_sync(&zx_gc_work);
}
