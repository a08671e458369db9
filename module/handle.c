// SPDX-License-Identifier: GPL-2.0
/*
 * Per-process handle tables.  Finding a handle by its value is in
 * handle_lookup.c; the handle calls made of them, and the installing of
 * new handles whose values go to user memory, are in handle_ioctl.c.
 *
 * A table belongs to the thread group that opened /dev/zircon.  Handles are
 * kept in an xarray indexed by *slot*.  Slots are numbered from 1 as they
 * are first needed, and a closed handle's slot is reused, so the xarray
 * stays dense and its nodes are not freed and allocated again while
 * handles come and go.  A handle value carries its slot and the slot's
 * generation:
 *
 *   value = (id << 2) | ZX_HANDLE_FIXED_BITS_MASK,
 *   id    = (generation << ZX_SLOT_BITS) | slot,
 *
 * so it is never 0 (slot 0 is never used) and always has the two low bits
 * set; a lookup matches the whole value.  Lookups cost the same whatever
 * the number of live handles (a radix tree of fixed height).
 *
 * Values do not recur.  A free slot holds a value entry with its last
 * generation (the next handle made there gets one more) and the next slot
 * of its list.  Freed slots join the FIFO t->free, and one is taken from it
 * only while more than ZX_TABLE_FREE_WAIT others wait there too; otherwise
 * a fresh slot is used.  A slot whose generation would wrap is *retired*
 * instead (the FIFO t->retired): it comes back, oldest first, only when
 * all ZX_SLOT_MAX slots have been used.  Reaching that takes at least
 * (ZX_SLOT_MAX - max_handles - ZX_TABLE_FREE_WAIT) retirements of 1024
 * handles each, so within one table the same value is never handed out
 * twice before some 8 * 10^8 handles were made (default max_handles), and
 * after that only once every slot retired before its own has come back.
 * A process that cycles one handle (replace, close and create) walks
 * through fresh slots.  The cost is memory: up to ZX_SLOT_MAX entries of
 * about 9 bytes (some 9 MiB), charged to the process's memory cgroup like
 * the rest of the table.  (Zircon itself promises nothing: "the kernel is
 * free to re-use the integer values of closed handles".)
 *
 * Freed slots are linked tail to head: a slot joining a list rewrites
 * the entry of the list's tail.  The tail is usually a slot freed just
 * before, in the same 64-slot leaf as the new one; then the xa_state that
 * found the new slot steps to it (xas_prev()/xas_next() within the leaf)
 * instead of walking the tree from its root again.
 *
 * A new handle is reserved first (zx_table_reserve(): its slot holds the
 * handle with value 0, which no lookup matches), its value is copied out
 * to user space, and only then is it published (zx_table_publish()).  A
 * failed copy un-reserves it (zx_table_unreserve()): nothing else could
 * have reached it, so nothing has to be taken back by value.  The slot's
 * generation still advances, so the value that was not delivered is not
 * handed out later either.
 *
 * Publishing takes no lock.  Every other field of a handle is written
 * before the handle is stored in its slot under the xa_lock (and, for
 * RCU readers, with the release that xas_store() does); the value is the
 * only field written afterwards, with smp_store_release(), by the one
 * thread that reserved the handle, and nothing else writes it until the
 * handle is removed from its slot under the xa_lock.  So a reader that
 * found the handle in its slot (under the xa_lock, or under RCU as
 * zx_table_holds() does) reads the value with READ_ONCE(): it sees either
 * 0, which matches no lookup, or the final value, and the fields it reads
 * after a match were complete before the slot was.
 *
 * A table keeps one closed handle's memory as a spare (t->spare), which
 * its next new handle takes instead of allocating: a handle is parked
 * there only after its close has canceled the waits made through it
 * (they name the handle by its address), and it is not counted as a
 * handle meanwhile.  Parking and taking are a cmpxchg() and an xchg() on
 * t->spare, no lock.  Its memory stays charged to the memory cgroup of the
 * thread that allocated it, one of the owner's (only the owner's threads
 * call into its table, see device.c), and zx_table_destroy() frees it.
 * While the calling task has fault injection armed (fail-nth,
 * make-it-fail), a new handle is always allocated, so that allocation can
 * fail where it could without the spare.
 *
 * Why not cyclic ids: with ids that only grow, the id just made
 * is usually alone in its 64-slot xarray node, so handles that come and go
 * make the table allocate a node, and free one through RCU, every 64 (or,
 * erasing at once, every) allocations; between two processes passing a
 * handle back and forth that cost about a third of the round trip.
 *
 * Limits: max_handles counts the handles of all the tables of one thread
 * group (one record per thread group, struct zx_proc, shared by its
 * tables); max_handles_per_user (object.c) counts those of every process
 * of one real uid.  Past either, a call that would add a handle fails with
 * ZX_ERR_NO_RESOURCES.
 *
 * Locks owned here:
 *
 *   zx_table.handles xa_lock   a leaf lock.  Held around xarray updates and
 *                              the slot lists, and during lookups while
 *                              taking a reference on the handle's object;
 *                              never held while taking another lock (see
 *                              zx.h for the global order).  Not taken to
 *                              publish a reserved handle's value, nor for
 *                              t->spare (atomic exchanges), as above.
 *   zx_procs_lock              a leaf spinlock over the zx_proc hash; held
 *                              only at open and release.
 *
 * A handle owns one object reference and one unit of the object's
 * handle_count.  Closing takes it out of the xarray first (so no one else can
 * reach it), then cancels waits made through it, then drops both.  Handles
 * come from a SLAB_TYPESAFE_BY_RCU cache, so zx_table_holds() may read the
 * value of a handle another thread is closing.
 */
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <linux/zircon.h>

#include "zx.h"
#include "handle_table.h"

/* A free slot's entry: its generation, and the next slot of its list. */
static void *zx_free_entry(u32 gen, u32 next)
{
	return xa_mk_value((unsigned long)next << ZX_GEN_BITS |
			   (gen & ZX_GEN_MASK));
}

static u32 zx_free_gen(void *entry)
{
	return xa_to_value(entry) & ZX_GEN_MASK;
}

static u32 zx_free_next(void *entry)
{
	return xa_to_value(entry) >> ZX_GEN_BITS;
}

/* At most ZX_SLOT_MAX, whatever this says. */
ZX_LIMIT(uint, max_handles, 262144,
	 "Most handles one process (thread group) may hold, all tables");

/* The handles of one thread group, over all its tables. */
struct zx_proc {
	struct hlist_node node;
	struct pid *pid;		/* the thread group; holds a reference */
	unsigned int tables;		/* under zx_procs_lock */
	atomic_t handles;
};

static DEFINE_HASHTABLE(zx_procs, 6);
static DEFINE_SPINLOCK(zx_procs_lock);

static struct kmem_cache *zx_handle_cache;

/**
 * zx_handle_cache_init() - create the slab cache of handles (at module load)
 *
 * Return: 0 or -ENOMEM.
 */
int zx_handle_cache_init(void)
{
	zx_handle_cache = KMEM_CACHE(zx_handle,
				     SLAB_ACCOUNT | SLAB_TYPESAFE_BY_RCU);
	return zx_handle_cache ? 0 : -ENOMEM;
}

/**
 * zx_handle_cache_exit() - destroy the slab cache of handles (at module unload)
 */
void zx_handle_cache_exit(void)
{
	kmem_cache_destroy(zx_handle_cache);
}

/* The record of thread group @pid, made on first use; NULL without memory. */
static struct zx_proc *zx_proc_get(struct pid *pid)
{
	struct zx_proc *p, *fresh;

	fresh = kmalloc(sizeof(*fresh), ZX_GFP);
	spin_lock(&zx_procs_lock);
	hash_for_each_possible(zx_procs, p, node, (unsigned long)pid) {
		if (p->pid == pid) {
			p->tables++;
			spin_unlock(&zx_procs_lock);
			kfree(fresh);
			return p;
		}
	}
	p = fresh;
	if (p) {
		p->pid = get_pid(pid);
		p->tables = 1;
		atomic_set(&p->handles, 0);
		hash_add(zx_procs, &p->node, (unsigned long)pid);
	}
	spin_unlock(&zx_procs_lock);
	return p;
}

static void zx_proc_put(struct zx_proc *p)
{
	bool last;

	spin_lock(&zx_procs_lock);
	last = --p->tables == 0;
	if (last)
		hash_del(&p->node);
	spin_unlock(&zx_procs_lock);
	if (last) {
		WARN_ON_ONCE(atomic_read(&p->handles));
		put_pid(p->pid);
		kfree(p);
	}
}

/**
 * zx_table_init() - set up the handle table of a new open of /dev/zircon
 * @t: the table
 * @owner: the thread group that opened the device
 * @file: the open file the table belongs to
 *
 * Return: 0 or a negative errno.
 */
int zx_table_init(struct zx_table *t, struct pid *owner, struct file *file)
{
	t->proc = zx_proc_get(owner);
	if (!t->proc)
		return -ENOMEM;
	xa_init_flags(&t->handles, XA_FLAGS_ACCOUNT);
	t->nr_slots = 0;
	t->free = (struct zx_slot_list){ 0 };
	t->retired = (struct zx_slot_list){ 0 };
	t->spare = NULL;
	t->owner = owner;
	t->file = file;
	return 0;
}

/* Gives back the limits' share of a handle that left the table. */
static void zx_handle_uncharge(struct zx_table *t, struct zx_handle *h)
{
	atomic_dec(&t->proc->handles);
	zx_user_uncharge_handle(h->user);
}

/*
 * Memory for a new handle of @t: the spare, or a fresh allocation.  The
 * fields are the caller's to fill in.
 */
static struct zx_handle *zx_handle_new(struct zx_table *t)
{
	struct zx_handle *h = NULL;

	if (READ_ONCE(t->spare) && !zx_fault_armed())
		h = xchg(&t->spare, NULL);
	if (!h)
		h = kmem_cache_alloc(zx_handle_cache, ZX_GFP);
	return h;
}

/*
 * Gives back the memory of a handle of @t that nothing can reach and
 * through which no wait is left: it becomes the spare if there is none.
 */
static void zx_handle_recycle(struct zx_table *t, struct zx_handle *h)
{
	if (READ_ONCE(t->spare) || cmpxchg(&t->spare, NULL, h))
		kmem_cache_free(zx_handle_cache, h);
}

/* Ends a handle that is no longer reachable through table @t. */
static void zx_handle_free(struct zx_table *t, struct zx_handle *h)
{
	struct zx_object *obj = h->obj;

	zx_object_cancel_waits(obj, h);
	zx_handle_recycle(t, h);
	zx_object_handle_put(obj);
}

/**
 * zx_table_destroy() - release every handle of a table
 * @t: the table
 *
 * A table may hold up to max_handles handles and ZX_SLOT_MAX slots: the
 * loop yields the CPU as it goes.
 */
void zx_table_destroy(struct zx_table *t)
{
	struct zx_handle *h;
	unsigned long id;

	xa_for_each(&t->handles, id, h) {
		xa_erase(&t->handles, id);
		if (!xa_is_value(h)) {
			zx_handle_uncharge(t, h);
			zx_handle_free(t, h);
		}
		cond_resched();
	}
	xa_destroy(&t->handles);
	if (t->spare)
		kmem_cache_free(zx_handle_cache, t->spare);
	t->spare = NULL;
	zx_proc_put(t->proc);
	put_pid(t->owner);
}

/* Takes the head of @l, whose entry @xas has loaded.  Under xa_lock. */
static void zx_slot_list_pop(struct zx_slot_list *l, void *entry)
{
	l->head = zx_free_next(entry);
	if (!l->head)
		l->tail = 0;
	l->nr--;
}

/*
 * Counts a new handle of @t against max_handles (ZX_ERR_NO_RESOURCES past
 * it) and @u's quota (the quota's status).
 */
static zx_status_t zx_handle_charge(struct zx_table *t, struct zx_user *u)
{
	zx_status_t status;

	if (atomic_inc_return(&t->proc->handles) > READ_ONCE(max_handles)) {
		atomic_dec(&t->proc->handles);
		return ZX_ERR_NO_RESOURCES;
	}
	status = zx_user_charge_handle(u);
	if (status != ZX_OK)
		atomic_dec(&t->proc->handles);
	return status;
}

/*
 * Where the next slot of @t comes from: the oldest free slot while enough
 * others wait behind it, else a fresh one (NULL), else the slot retired
 * longest ago, else any free one; ERR_PTR(-EBUSY) when no slot is left.
 * Under xa_lock.
 */
static struct zx_slot_list *zx_table_slot_source(struct zx_table *t)
{
	if (t->free.nr > ZX_TABLE_FREE_WAIT)
		return &t->free;
	if (t->nr_slots < ZX_SLOT_MAX)
		return NULL;
	if (t->retired.nr)
		return &t->retired;
	if (t->free.nr)
		return &t->free;
	return ERR_PTR(-EBUSY);
}

/*
 * Puts @h in a slot of @t, named by *@slot and *@gen; with @publish it
 * gets its value at once, else 0, which no lookup matches.  Returns 0,
 * -EBUSY (no slot left) or -ENOMEM.
 */
static int zx_table_store(struct zx_table *t, struct zx_handle *h,
			  bool publish, u32 *slot, u32 *gen)
{
	XA_STATE(xas, &t->handles, 0);
	struct zx_slot_list *from;
	void *entry = NULL;

	do {
		xas_lock(&xas);
		from = zx_table_slot_source(t);
		if (IS_ERR(from)) {
			xas_set_err(&xas, -EBUSY);
		} else {
			*slot = from ? from->head : t->nr_slots + 1;
			*gen = 0;
			xas_set(&xas, *slot);
			if (from) {
				entry = xas_load(&xas);
				*gen = (zx_free_gen(entry) + 1) & ZX_GEN_MASK;
			}
			WRITE_ONCE(h->value,
				   publish ? ZX_HANDLE_VALUE(*gen, *slot) : 0);
			xas_store(&xas, h);
		}
		if (!xas_error(&xas)) {
			if (from)
				zx_slot_list_pop(from, entry);
			else
				t->nr_slots = *slot;
		}
		xas_unlock(&xas);
	} while (xas_nomem(&xas, ZX_GFP));
	return xas_error(&xas);
}

/*
 * Makes a handle to @obj with @rights in a slot and names it (r->value);
 * @publish makes it reachable at once, else it is only reserved.
 */
static zx_status_t zx_table_alloc(struct zx_table *t, struct zx_object *obj,
				  zx_rights_t rights, struct zx_reserved *r,
				  bool publish)
{
	struct zx_handle *h;
	struct zx_user *u;
	zx_status_t status;
	u32 slot = 0, gen = 0;
	int ret;

	u = zx_user_current();
	if (!u)
		return ZX_ERR_NO_MEMORY;
	status = zx_handle_charge(t, u);
	if (status != ZX_OK)
		return status;
	h = zx_handle_new(t);
	if (!h) {
		status = ZX_ERR_NO_MEMORY;
		goto uncharge;
	}
	h->obj = obj;
	h->user = u;
	h->rights = rights;
	ret = zx_table_store(t, h, publish, &slot, &gen);
	if (ret) {
		status = ret == -EBUSY ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
		goto free_handle;
	}
	r->h = h;
	r->value = ZX_HANDLE_VALUE(gen, slot);
	return ZX_OK;

free_handle:
	zx_handle_recycle(t, h);
uncharge:
	atomic_dec(&t->proc->handles);
	zx_user_uncharge_handle(u);
	return status;
}

/**
 * zx_table_reserve() - reserve a handle without making it reachable
 * @t: the table
 * @obj: the object the handle will name
 * @rights: its rights
 * @r: filled in: the slot and the value (r->value)
 *
 * zx_table_publish() makes the handle reachable once its value has
 * reached user space, or zx_table_unreserve() gives the slot back.  The
 * caller keeps its object reference and handle count until
 * zx_table_publish() hands them to the handle.
 *
 * Return: ZX_OK, ZX_ERR_NO_RESOURCES past a handle limit, or
 * ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_table_reserve(struct zx_table *t, struct zx_object *obj,
			     zx_rights_t rights, struct zx_reserved *r)
{
	return zx_table_alloc(t, obj, rights, r, false);
}

/**
 * zx_table_publish() - make a reserved handle reachable by its value
 * @t: the table
 * @r: what zx_table_reserve() filled in
 *
 * The handle owns the object reference and handle count from now on.
 */
void zx_table_publish(struct zx_table *t, struct zx_reserved *r)
{
	/* No lock: see the top of the file. */
	smp_store_release(&r->h->value, r->value);
}

/*
 * Frees @slot (where @xas points), whose last handle had value @value: the
 * slot keeps its generation and joins the end of the FIFO of free slots,
 * or, when that generation is the last, of retired slots.  Leaves @xas
 * anywhere.  Under xa_lock; allocates nothing (every slot touched holds an
 * entry).
 */
static void zx_table_free_slot(struct zx_table *t, struct xa_state *xas,
			       u32 slot, zx_handle_t value)
{
	u32 gen = ZX_HANDLE_GEN(value) & ZX_GEN_MASK;
	struct zx_slot_list *l = gen == ZX_GEN_MASK ? &t->retired : &t->free;
	void *tail;

	xas_store(xas, zx_free_entry(gen, 0));
	if (!l->tail) {
		l->head = slot;
	} else {
		if ((l->tail ^ slot) < XA_CHUNK_SIZE) {
			/* In the leaf @xas is in: step there, no root walk. */
			do {
				tail = l->tail < slot ? xas_prev(xas) :
							xas_next(xas);
			} while (xas->xa_index != l->tail);
		} else {
			xas_set(xas, l->tail);
			tail = xas_load(xas);
		}
		xas_store(xas, zx_free_entry(zx_free_gen(tail), slot));
	}
	l->tail = slot;
	l->nr++;
}

/**
 * zx_table_unreserve() - give back a reserved slot whose value was not delivered
 * @t: the table
 * @r: what zx_table_reserve() filled in
 *
 * The caller keeps the object reference and handle count it passed in.
 */
void zx_table_unreserve(struct zx_table *t, struct zx_reserved *r)
{
	u32 slot = (r->value >> 2) & ZX_SLOT_MASK;
	XA_STATE(xas, &t->handles, slot);

	xas_lock(&xas);
	WARN_ON_ONCE(xas_load(&xas) != r->h);
	zx_table_free_slot(t, &xas, slot, r->value);
	xas_unlock(&xas);
	zx_handle_uncharge(t, r->h);
	zx_handle_recycle(t, r->h);
	r->h = NULL;
}

/**
 * zx_table_install() - install a handle, reachable at once
 * @t: the table
 * @obj: the object
 * @rights: the handle's rights
 * @out: its value
 *
 * On success the handle owns the object reference and handle count the
 * caller got from zx_object_handle_get(); on failure the caller still owns
 * them.  Callers that copy the value out afterwards must take it back by
 * identity if that fails (see zx_channel_read()); zx_table_reserve()
 * avoids that.
 *
 * Return: ZX_OK, ZX_ERR_NO_RESOURCES or ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_table_install(struct zx_table *t, struct zx_object *obj,
			     zx_rights_t rights, zx_handle_t *out)
{
	struct zx_reserved r;
	zx_status_t status;

	status = zx_table_alloc(t, obj, rights, &r, true);
	if (status == ZX_OK)
		*out = r.value;
	return status;
}

static struct zx_handle *zx_table_remove(struct zx_table *t,
					 zx_handle_t value)
{
	XA_STATE(xas, &t->handles, 0);
	struct zx_handle *h;

	xas_lock(&xas);
	h = zx_table_find_xas(&xas, value);
	if (h)
		zx_table_free_slot(t, &xas, xas.xa_index, value);
	xas_unlock(&xas);
	if (h)
		zx_handle_uncharge(t, h);
	return h;
}

/**
 * zx_table_close() - close a handle
 * @t: the table
 * @value: the handle value
 *
 * Return: ZX_OK or ZX_ERR_BAD_HANDLE.
 */
zx_status_t zx_table_close(struct zx_table *t, zx_handle_t value)
{
	struct zx_handle *h;

	if (value == ZX_HANDLE_INVALID)
		return ZX_OK;
	h = zx_table_remove(t, value);
	if (!h)
		return ZX_ERR_BAD_HANDLE;
	zx_handle_free(t, h);
	return ZX_OK;
}

/**
 * zx_table_take() - remove a handle, handing its object to the caller
 * @t: the table
 * @value: the handle value
 * @obj: the object; the caller gets the handle's reference and handle
 *       count, to pass on or drop with zx_object_handle_put()
 * @rights: the handle's rights
 *
 * Waits through the old handle are canceled: the value is gone.
 *
 * Return: ZX_OK or ZX_ERR_BAD_HANDLE.
 */
zx_status_t zx_table_take(struct zx_table *t, zx_handle_t value,
			  struct zx_object **obj, zx_rights_t *rights)
{
	struct zx_handle *h = zx_table_remove(t, value);

	if (!h)
		return ZX_ERR_BAD_HANDLE;
	*obj = h->obj;
	*rights = h->rights;
	zx_object_cancel_waits(h->obj, h);
	zx_handle_recycle(t, h);
	return ZX_OK;
}

/**
 * zx_table_next() - the next published handle of a table, for inspection
 * @t: the handle table
 * @slot: where to start; on success, one past the slot found
 * @value: on success, the handle's value
 * @obj: on success, its object, with a reference the caller must drop
 * @rights: on success, its rights
 *
 * Walks a table one handle at a time without holding its lock between
 * steps (fdinfo, device.c): handles closed or made meanwhile may or may
 * not be seen.  Reserved handles, whose value has not reached their
 * process yet, are skipped.
 *
 * Return: true if a handle was found, false at the end of the table.
 */
bool zx_table_next(struct zx_table *t, unsigned long *slot,
		   zx_handle_t *value, struct zx_object **obj,
		   zx_rights_t *rights)
{
	struct zx_handle *h;
	unsigned int budget;
	zx_handle_t v = 0;

	/* Free and retired slots are skipped 256 at a time, then a break. */
	for (;;) {
		budget = 256;
		xa_lock(&t->handles);
		for (h = xa_find(&t->handles, slot, ULONG_MAX, XA_PRESENT); h;
		     h = xa_find_after(&t->handles, slot, ULONG_MAX,
				       XA_PRESENT)) {
			/* Unpublished (value 0) and free slots are skipped. */
			v = xa_is_value(h) ? 0 : READ_ONCE(h->value);
			if (v || !--budget)
				break;
		}
		if (h && budget) {
			zx_object_get(h->obj);
			*obj = h->obj;
			*rights = h->rights;
			*value = v;
		}
		xa_unlock(&t->handles);
		if (!h)
			return false;
		(*slot)++;
		if (budget)
			return true;
		cond_resched();
	}
}
