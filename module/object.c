// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel objects: identity (koids), lifetime, peers, signals and waits.
 *
 * Locks owned here, outermost first:
 *
 *   zx_peer_link.lock  one per pair of peered objects; protects both ends'
 *                      ->peer pointers.
 *   zx_object.lock     one per object; protects ->signals, ->waiters and
 *                      ->name.  Taken inside zx_peer_link.lock when a peer's
 *                      signals change.  wake_up_process() is called under it.
 *
 * A waiter lives on the waiting task's stack and sits on ->waiters while the
 * task sleeps.  Signal changes are evaluated against every waiter under
 * zx_object.lock at the moment they happen, so a signal that is asserted and
 * cleared again before the waiter runs still ends its wait (Zircon's
 * observer semantics), and ->observed holds the signals of that moment.
 * The same evaluation fires the object's armed port observers
 * (zx_object_wait_async(), port.c) under the same lock.
 *
 * Per-user quotas: every object is charged to the real uid of the process
 * that created it (a process in a user namespace is charged as the user it
 * maps to), and every channel message to the uid of its writer until it is
 * read or destroyed.  Past max_objects_per_user a creation fails with
 * ZX_ERR_NO_RESOURCES, as past max_handles; past max_queued_bytes_per_user
 * a channel write does.  Every handle is charged, while it exists, to the
 * real uid of the process that holds it; past max_handles_per_user a call
 * that would add a handle fails with ZX_ERR_NO_RESOURCES.  All three are
 * read at every charge, so root may change them at any time.  The zx_users xarray is a leaf lock.
 */
#include <linux/cred.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "zx.h"
#include "trace.h"

static atomic64_t zx_next_koid = ATOMIC64_INIT(ZX_KOID_FIRST);
static atomic_long_t zx_nr_objects = ATOMIC_LONG_INIT(0);

ZX_LIMIT(ulong, max_objects_per_user, 524288,
	 "Most objects alive at once created by one user's processes");

ZX_LIMIT(ulong, max_queued_bytes_per_user, 256UL << 20,
	 "Most bytes of unread channel messages one user's processes wrote");

ZX_LIMIT(ulong, max_handles_per_user, 1048576,
	 "Most handles held at once by one user's processes, all tables");

static DEFINE_XARRAY(zx_users);		/* uid -> struct zx_user */
/*
 * The record zx_user_current() found last: most calls come from one user,
 * and comparing a uid costs less than a walk of zx_users.  Records live
 * until module exit, so a stale hint is only a miss.
 */
static struct zx_user *zx_user_hint;

struct zx_waiter {
	struct list_head node;
	struct task_struct *task;
	const void *handle;		/* identity of the waited-on handle */
	zx_signals_t mask;
	zx_signals_t observed;
	bool done;
	bool canceled;
};

/**
 * zx_live_objects() - how many objects exist, of every type
 *
 * Return: the count.
 */
long zx_live_objects(void)
{
	return atomic_long_read(&zx_nr_objects);
}

/**
 * zx_user_current() - the accounting record of the caller's real uid
 *
 * Records are made on first use and live until the module is unloaded.
 *
 * Return: the record, or NULL if it could not be allocated.
 */
struct zx_user *zx_user_current(void)
{
	kuid_t uid = current_uid();
	unsigned long key;
	struct zx_user *u, *old;

	u = READ_ONCE(zx_user_hint);
	if (likely(u && uid_eq(u->uid, uid)))
		return u;
	key = from_kuid(&init_user_ns, uid);
	u = xa_load(&zx_users, key);
	if (likely(u)) {
		WRITE_ONCE(zx_user_hint, u);
		return u;
	}
	/* Shared by all the user's cgroups: not charged to any of them. */
	u = kzalloc(sizeof(*u), GFP_KERNEL | __GFP_RETRY_MAYFAIL |
		    __GFP_NOWARN);
	if (!u)
		return NULL;
	u->uid = uid;
	old = xa_cmpxchg(&zx_users, key, NULL, u, GFP_KERNEL |
			 __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!old)
		return u;
	kfree(u);
	return xa_is_err(old) ? NULL : old;
}

/**
 * zx_user_charge_bytes() - charge bytes of queued messages to a user
 * @u: the user's record
 * @bytes: how many
 *
 * Return: ZX_OK, or ZX_ERR_NO_RESOURCES past max_queued_bytes_per_user
 * (nothing is charged then).
 */
zx_status_t zx_user_charge_bytes(struct zx_user *u, size_t bytes)
{
	if (atomic_long_add_return(bytes, &u->queued_bytes) >
	    READ_ONCE(max_queued_bytes_per_user)) {
		atomic_long_sub(bytes, &u->queued_bytes);
		return ZX_ERR_NO_RESOURCES;
	}
	return ZX_OK;
}

/**
 * zx_user_bytes_free() - what a user may still queue
 * @u: the user's record
 *
 * Return: the bytes left under max_queued_bytes_per_user (0 if none).
 */
size_t zx_user_bytes_free(struct zx_user *u)
{
	long used = atomic_long_read(&u->queued_bytes);
	unsigned long max = READ_ONCE(max_queued_bytes_per_user);

	return used < 0 || (unsigned long)used >= max ? 0 : max - used;
}

/**
 * zx_user_charge_current() - charge @bytes to the caller's user
 * @bytes: the size of what the caller queues
 * @user: on success, the user charged, for zx_user_uncharge_bytes()
 *
 * Return: ZX_OK, ZX_ERR_NO_MEMORY (no accounting record) or
 * ZX_ERR_NO_RESOURCES (past max_queued_bytes_per_user).
 */
zx_status_t zx_user_charge_current(size_t bytes, struct zx_user **user)
{
	struct zx_user *u = zx_user_current();
	zx_status_t status;

	if (!u)
		return ZX_ERR_NO_MEMORY;
	status = zx_user_charge_bytes(u, bytes);
	if (status == ZX_OK)
		*user = u;
	return status;
}

/**
 * zx_user_uncharge_bytes() - give back what zx_user_charge_bytes() charged
 * @u: the user's record
 * @bytes: how many
 */
void zx_user_uncharge_bytes(struct zx_user *u, size_t bytes)
{
	atomic_long_sub(bytes, &u->queued_bytes);
}

/**
 * zx_user_charge_handle() - charge one handle to a user
 * @u: the user's record
 *
 * Return: ZX_OK, or ZX_ERR_NO_RESOURCES past max_handles_per_user.
 */
zx_status_t zx_user_charge_handle(struct zx_user *u)
{
	if (atomic_long_inc_return(&u->handles) >
	    READ_ONCE(max_handles_per_user)) {
		atomic_long_dec(&u->handles);
		return ZX_ERR_NO_RESOURCES;
	}
	return ZX_OK;
}

/**
 * zx_user_uncharge_handle() - give back one handle's charge
 * @u: the user's record
 */
void zx_user_uncharge_handle(struct zx_user *u)
{
	atomic_long_dec(&u->handles);
}

/**
 * zx_users_exit() - free every user record (at module exit, no object left)
 */
void zx_users_exit(void)
{
	struct zx_user *u;
	unsigned long key;

	WRITE_ONCE(zx_user_hint, NULL);
	xa_for_each(&zx_users, key, u) {
		WARN_ON_ONCE(atomic_long_read(&u->objects) ||
			     atomic_long_read(&u->queued_bytes) ||
			     atomic_long_read(&u->handles));
		kfree(u);
	}
	xa_destroy(&zx_users);
}

/**
 * zx_object_init() - initialise the common part of a new object
 * @obj: the object
 * @ops: its type's operations
 * @initial_signals: the signals it starts with
 *
 * Also charges the object to the caller's user.  On failure the object is
 * still complete but charged to nobody: the caller drops its reference
 * with zx_object_put() as for any other failure after this point.
 *
 * Return: ZX_OK, ZX_ERR_NO_MEMORY, or ZX_ERR_NO_RESOURCES past the user's
 * quota.
 */
zx_status_t zx_object_init(struct zx_object *obj,
			   const struct zx_object_ops *ops,
			   zx_signals_t initial_signals)
{
	struct zx_user *u = zx_user_current();
	zx_status_t status = ZX_OK;

	obj->ops = ops;
	kref_init(&obj->ref);
	atomic_set(&obj->handle_count, 0);
	obj->koid = atomic64_inc_return(&zx_next_koid);
	obj->related_koid = ZX_KOID_INVALID;
	spin_lock_init(&obj->lock);
	obj->signals = initial_signals;
	INIT_LIST_HEAD(&obj->waiters);
	INIT_LIST_HEAD(&obj->observers);
	obj->name[0] = '\0';
	obj->link = NULL;
	obj->peer = NULL;
	obj->user = NULL;
	trace_zx_object_create(obj);
	zx_stats_object(obj, 1);
	atomic_long_inc(&zx_nr_objects);

	if (!u)
		return ZX_ERR_NO_MEMORY;
	if (atomic_long_inc_return(&u->objects) >
	    READ_ONCE(max_objects_per_user)) {
		atomic_long_dec(&u->objects);
		status = ZX_ERR_NO_RESOURCES;
	} else {
		obj->user = u;
	}
	return status;
}

/**
 * zx_object_get() - take a reference to an object
 * @obj: the object
 */
void zx_object_get(struct zx_object *obj)
{
	kref_get(&obj->ref);
}

static void zx_object_release(struct kref *ref)
{
	struct zx_object *obj = container_of(ref, struct zx_object, ref);
	struct zx_peer_link *link = obj->link;
	struct zx_user *user = obj->user;

	WARN_ON_ONCE(!list_empty(&obj->waiters));
	WARN_ON_ONCE(!list_empty(&obj->observers));
	WARN_ON_ONCE(obj->peer);
	trace_zx_object_destroy(obj);
	zx_stats_object(obj, -1);
	obj->ops->destroy(obj);
	if (link && refcount_dec_and_test(&link->ref))
		kfree(link);
	if (user)
		atomic_long_dec(&user->objects);
	atomic_long_dec(&zx_nr_objects);
}

/**
 * zx_object_put() - drop a reference; the last one destroys the object
 * @obj: the object
 */
void zx_object_put(struct zx_object *obj)
{
	kref_put(&obj->ref, zx_object_release);
}

/**
 * zx_object_handle_get() - take a reference and count one more handle
 * @obj: the object
 *
 * A descriptor made by zx_handle_to_fd() counts as a handle too.
 */
void zx_object_handle_get(struct zx_object *obj)
{
	kref_get(&obj->ref);
	atomic_inc(&obj->handle_count);
}

/**
 * zx_object_handle_put() - drop what zx_object_handle_get() took
 * @obj: the object
 *
 * The last handle runs the type's on_zero_handles hook.
 */
void zx_object_handle_put(struct zx_object *obj)
{
	if (atomic_dec_and_test(&obj->handle_count)) {
		if (obj->ops->on_zero_handles)
			obj->ops->on_zero_handles(obj);
	} else if (obj->ops->on_handle_put) {
		obj->ops->on_handle_put(obj);
	}
	zx_object_put(obj);
}

/**
 * zx_object_pair() - link two fresh objects as peers
 * @a: one end
 * @b: the other
 *
 * Each end holds a reference to the other until one of them loses its last
 * handle (zx_object_unpair()).
 *
 * Return: 0 or -ENOMEM.
 */
int zx_object_pair(struct zx_object *a, struct zx_object *b)
{
	struct zx_peer_link *link;

	link = kmalloc(sizeof(*link), ZX_GFP);
	if (!link)
		return -ENOMEM;
	spin_lock_init(&link->lock);
	refcount_set(&link->ref, 2);
	a->link = link;
	b->link = link;
	a->peer = b;
	b->peer = a;
	zx_object_get(a);
	zx_object_get(b);
	a->related_koid = b->koid;
	b->related_koid = a->koid;
	return 0;
}

/**
 * zx_object_unpair() - break an object's link to its peer
 * @obj: one end
 *
 * Asserts the type's peer-closed signal on the survivor, if it is still
 * there.  Idempotent.
 */
void zx_object_unpair(struct zx_object *obj)
{
	struct zx_peer_link *link = obj->link;
	struct zx_object *peer;

	if (!link)
		return;
	spin_lock(&link->lock);
	peer = obj->peer;
	if (peer) {
		obj->peer = NULL;
		peer->peer = NULL;
		zx_object_update_signals(peer, 0, obj->ops->peer_closed_signal);
	}
	spin_unlock(&link->lock);
	if (peer) {
		zx_object_put(peer);	/* obj's reference to its peer */
		zx_object_put(obj);	/* the peer's reference to obj */
	}
}

/**
 * zx_object_peer() - an object's peer
 * @obj: one end
 *
 * Return: the peer with a reference, or NULL if it is gone or never was.
 */
struct zx_object *zx_object_peer(struct zx_object *obj)
{
	struct zx_object *peer;

	if (!obj->link)
		return NULL;
	spin_lock(&obj->link->lock);
	peer = obj->peer;
	if (peer)
		zx_object_get(peer);
	spin_unlock(&obj->link->lock);
	return peer;
}

static void zx_object_notify_locked(struct zx_object *obj)
{
	struct zx_waiter *w;

	lockdep_assert_held(&obj->lock);
	list_for_each_entry(w, &obj->waiters, node) {
		if (w->done || !(obj->signals & w->mask))
			continue;
		w->observed = obj->signals;
		w->done = true;
		trace_zx_wake(obj, w->task, obj->signals);
		wake_up_process(w->task);
	}
}

/**
 * zx_object_update_signals() - set and clear signals
 * @obj: the object
 * @clear: the signals to clear
 * @set: the signals to set (after clearing)
 *
 * Callers may hold locks that are outside zx_object.lock (a channel's, a
 * VMO's, a peer link's): observers whose port died under them are freed
 * here after the object's lock is dropped, which takes no lock
 * (zx_observers_reap()).
 */
void zx_object_update_signals(struct zx_object *obj, zx_signals_t clear,
			      zx_signals_t set)
{
	zx_signals_t old;
	LIST_HEAD(reap);

	spin_lock(&obj->lock);
	old = obj->signals;
	obj->signals = (old & ~clear) | set;
	if (obj->signals & ~old) {
		zx_object_notify_locked(obj);
		if (!list_empty(&obj->observers))
			zx_observers_update_locked(obj, old, &reap);
	}
	spin_unlock(&obj->lock);
	zx_observers_reap(&reap);
}

/**
 * zx_object_cancel_waits() - end every wait made through one handle
 * @obj: the object
 * @handle: the handle's identity
 *
 * Waits of zx_object_wait_one() and zx_object_wait_many() end with
 * ZX_ERR_CANCELED, and asynchronous waits (zx_object_wait_async()) end
 * without a packet.  Packets they already queued stay on their ports.
 */
void zx_object_cancel_waits(struct zx_object *obj, const void *handle)
{
	struct zx_waiter *w;
	LIST_HEAD(reap);

	spin_lock(&obj->lock);
	zx_observers_cancel_locked(obj, handle, &reap);
	list_for_each_entry(w, &obj->waiters, node) {
		if (w->done || w->handle != handle)
			continue;
		w->observed = obj->signals | ZX_SIGNAL_HANDLE_CLOSED;
		w->canceled = true;
		w->done = true;
		wake_up_process(w->task);
	}
	spin_unlock(&obj->lock);
	zx_observers_reap(&reap);
}

/**
 * zx_wait_deadline() - sleep until a condition, a deadline or a signal
 * @done: tells whether the wait is over; called with the task state set
 *        to TASK_INTERRUPTIBLE, so it must not sleep
 * @arg: passed to @done
 * @deadline: absolute CLOCK_MONOTONIC time in ns, or ZX_TIME_INFINITE
 *
 * The sleep loop of every deadline wait: sleeps interruptibly until
 * @done(@arg) is true, @deadline passes, or a Linux signal is pending.
 * Whoever makes @done true must then wake the task (wake_up_process()).
 * Called without locks held.  The caller tells the three apart afterwards,
 * under the lock its condition is written under, checking @done first: it
 * may have become true after a timeout.
 *
 * Return: true if the deadline passed, false otherwise.
 */
bool zx_wait_deadline(bool (*done)(const void *arg), const void *arg,
		      s64 deadline)
{
	ktime_t expires = ns_to_ktime(deadline);
	/*
	 * A deadline already past times out without sleeping (an hrtimer
	 * takes a negative absolute time for "never").
	 */
	bool timed_out = zx_deadline_passed(deadline);

	trace_zx_wait_begin(deadline);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (done(arg) || timed_out || signal_pending(current))
			break;
		if (deadline == ZX_TIME_INFINITE)
			schedule();
		else if (!schedule_hrtimeout_range(&expires,
						   current->timer_slack_ns,
						   HRTIMER_MODE_ABS))
			timed_out = true;
	}
	__set_current_state(TASK_RUNNING);
	trace_zx_wait_end(timed_out, signal_pending(current));
	return timed_out;
}

static bool zx_waiter_done(const void *arg)
{
	const struct zx_waiter *w = arg;

	return READ_ONCE(w->done);
}

/**
 * zx_handle_wait_one() - wait for signals on one handle
 * @t: the caller's handle table
 * @value: the handle, which must have ZX_RIGHT_WAIT
 * @signals: the signals any one of which ends the wait
 * @deadline: absolute CLOCK_MONOTONIC time in ns, or ZX_TIME_INFINITE
 * @observed: the object's signals when the wait ended
 *
 * Sleeps (zx_wait_deadline()) until one of @signals is asserted, the
 * handle is closed, or @deadline passes.  A Linux signal makes the call
 * restart (ZXK_RESTART) with the same absolute deadline, so it neither
 * breaks nor shortens the wait.
 *
 * Return: ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED (handle closed),
 * ZX_ERR_BAD_HANDLE, ZX_ERR_ACCESS_DENIED or ZXK_RESTART.
 */
zx_status_t zx_handle_wait_one(struct zx_table *t, zx_handle_t value,
			       zx_signals_t signals, s64 deadline,
			       zx_signals_t *observed)
{
	struct zx_waiter w = { .task = current, .mask = signals };
	struct zx_object *obj;
	bool timed_out;
	zx_status_t status;

	status = zx_handle_lookup_ident(t, value, NULL, ZX_RIGHT_WAIT, &obj,
					NULL, &w.handle);
	if (status != ZX_OK)
		return status;

	spin_lock(&obj->lock);
	if (!zx_table_holds(t, value, w.handle)) {
		/* Closed between the lookup and now. */
		*observed = obj->signals | ZX_SIGNAL_HANDLE_CLOSED;
		status = ZX_ERR_CANCELED;
	} else if (obj->signals & signals) {
		*observed = obj->signals;
		status = ZX_OK;
	} else if (zx_deadline_passed(deadline)) {
		/* (The clock may be slow to read: HPET in a VM.) */
		*observed = obj->signals;
		status = ZX_ERR_TIMED_OUT;
	} else {
		list_add_tail(&w.node, &obj->waiters);
		status = 1;	/* must sleep */
	}
	spin_unlock(&obj->lock);
	if (status <= 0)
		goto out_put;

	timed_out = zx_wait_deadline_as(ZX_THREAD_STATE_BLOCKED_WAIT_ONE,
					zx_waiter_done, &w, deadline);

	spin_lock(&obj->lock);
	list_del(&w.node);
	if (w.done) {
		*observed = w.observed;
		status = w.canceled ? ZX_ERR_CANCELED : ZX_OK;
	} else if (timed_out) {
		*observed = obj->signals;
		status = ZX_ERR_TIMED_OUT;
	} else {
		status = ZXK_RESTART;
	}
	spin_unlock(&obj->lock);

out_put:
	zx_object_put(obj);
	return status;
}

/* One item of zx_handle_wait_many(). */
struct zx_wait_many_item {
	struct zx_waiter w;
	struct zx_object *obj;
};

struct zx_wait_many {
	struct zx_wait_many_item *items;
	u32 count;
};

static bool zx_wait_many_done(const void *arg)
{
	const struct zx_wait_many *m = arg;
	u32 i;

	for (i = 0; i < m->count; i++)
		if (READ_ONCE(m->items[i].w.done))
			return true;
	return false;
}

static bool zx_never_done(const void *arg)
{
	return false;
}

/* Looks up every item's handle; on failure no reference is left. */
static zx_status_t zx_wait_many_lookup(struct zx_table *t,
				       const struct zx_abi_wait_item *items,
				       struct zx_wait_many *m, u32 count)
{
	zx_status_t status;

	for (m->count = 0; m->count < count; m->count++) {
		struct zx_wait_many_item *it = &m->items[m->count];

		status = zx_handle_lookup_ident(t, items[m->count].handle,
						NULL, ZX_RIGHT_WAIT, &it->obj,
						NULL, &it->w.handle);
		if (status != ZX_OK)
			return status;
		it->w.task = current;
		it->w.mask = items[m->count].waitfor;
	}
	return ZX_OK;
}

/*
 * Puts a waiter on every object.  Returns true if the call must sleep:
 * no item is satisfied, no handle was closed since the lookup, and the
 * deadline has not passed.
 */
static bool zx_wait_many_arm(struct zx_table *t,
			     const struct zx_abi_wait_item *items,
			     struct zx_wait_many *m, s64 deadline)
{
	bool sleep = true;
	u32 i;

	for (i = 0; i < m->count; i++) {
		struct zx_wait_many_item *it = &m->items[i];
		struct zx_object *obj = it->obj;

		spin_lock(&obj->lock);
		if (!zx_table_holds(t, items[i].handle, it->w.handle)) {
			it->w.observed = obj->signals | ZX_SIGNAL_HANDLE_CLOSED;
			it->w.canceled = true;
			it->w.done = true;
			sleep = false;
		} else if (obj->signals & it->w.mask) {
			it->w.observed = obj->signals;
			it->w.done = true;
			sleep = false;
		}
		list_add_tail(&it->w.node, &obj->waiters);
		spin_unlock(&obj->lock);
	}
	return sleep && !zx_deadline_passed(deadline);
}

/* Takes every waiter off its object and fills the items' pending. */
static zx_status_t zx_wait_many_collect(struct zx_abi_wait_item *items,
					struct zx_wait_many *m, bool timed_out)
{
	bool done = false, canceled = false;
	u32 i;

	for (i = 0; i < m->count; i++) {
		struct zx_wait_many_item *it = &m->items[i];
		struct zx_object *obj = it->obj;

		spin_lock(&obj->lock);
		list_del(&it->w.node);
		if (it->w.done) {
			items[i].pending = it->w.observed;
			done = true;
			canceled |= it->w.canceled;
		} else {
			items[i].pending = obj->signals;
		}
		spin_unlock(&obj->lock);
	}
	if (canceled)
		return ZX_ERR_CANCELED;
	if (done)
		return ZX_OK;
	return timed_out ? ZX_ERR_TIMED_OUT : ZXK_RESTART;
}

/**
 * zx_handle_wait_many() - wait for signals on any of several handles
 * @t: the caller's handle table
 * @items: @count items (at most ZX_ABI_WAIT_MANY_MAX_ITEMS), already copied
 *         in; their pending fields are filled on ZX_OK, ZX_ERR_TIMED_OUT
 *         and ZX_ERR_CANCELED
 * @count: number of items; 0 sleeps until @deadline
 * @deadline: absolute CLOCK_MONOTONIC time in ns, or ZX_TIME_INFINITE
 *
 * Every handle needs ZX_RIGHT_WAIT; the same handle may appear twice.  A
 * Linux signal restarts the call (ZXK_RESTART) with the same deadline.
 *
 * Return: ZX_OK, ZX_ERR_TIMED_OUT, ZX_ERR_CANCELED (a handle was closed;
 * its item's pending has ZX_SIGNAL_HANDLE_CLOSED), ZX_ERR_BAD_HANDLE,
 * ZX_ERR_ACCESS_DENIED, ZX_ERR_NO_MEMORY or ZXK_RESTART.
 */
zx_status_t zx_handle_wait_many(struct zx_table *t,
				struct zx_abi_wait_item *items, u32 count,
				s64 deadline)
{
	struct zx_wait_many m;
	zx_status_t status;
	bool timed_out;
	u32 i;

	if (!count) {
		if (zx_wait_deadline_as(ZX_THREAD_STATE_BLOCKED_WAIT_MANY,
					zx_never_done, NULL, deadline))
			return ZX_ERR_TIMED_OUT;
		return ZXK_RESTART;
	}
	m.items = kcalloc(count, sizeof(*m.items), ZX_GFP);
	if (!m.items)
		return ZX_ERR_NO_MEMORY;
	status = zx_wait_many_lookup(t, items, &m, count);
	if (status == ZX_OK) {
		if (zx_wait_many_arm(t, items, &m, deadline))
			timed_out = zx_wait_deadline_as(
				ZX_THREAD_STATE_BLOCKED_WAIT_MANY,
				zx_wait_many_done, &m, deadline);
		else
			timed_out = !zx_wait_many_done(&m);
		status = zx_wait_many_collect(items, &m, timed_out);
	}
	for (i = 0; i < m.count; i++)
		zx_object_put(m.items[i].obj);
	kfree(m.items);
	return status;
}
