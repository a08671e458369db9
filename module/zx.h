/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zircon.ko internal interfaces: objects, handle tables, the device.
 *
 * Lock order (outermost first); each lock is owned by the file named:
 *
 *   zx_vmar_regions_lock (vmar_region.c) VMAR trees; before mmap_lock
 *   mmap_lock           (core mm)
 *     zx_map_reqs_lock  (vmar.c)    a leaf: registered zx_vmar_map()
 *                                   requests, taken by ->mmap
 *     zx_vmo.lock       (vmo.c)     a VMO's pages; see vmo.h
 *       zx_vmo_family.lock (vmo.c)
 *         zx_object.lock
 *
 *   zx_peer_link.lock   (object.c)  links the two ends of a peered object
 *     zx_object.lock    (object.c)  signals, waiter and observer lists, name
 *       zx_port.lock    (port.c)    a port's packets and armed observers;
 *                                   taken inside the lock of the object an
 *                                   observer watches, never outside one
 *         scheduler and wait-queue locks (wake_up_process(), wake_up())
 *
 *   zx_stream.seek_lock (stream.c)  a stream's seek offset
 *     zx_vmo.stream_lock (vmo.h)    writes that change a VMO's
 *                                   content size; outside mmap_lock and
 *                                   zx_vmo.lock
 *   zx_socket_core.lock (socket.c)  a mutex per socket pair: both ends'
 *                                   buffers; user copies under it with
 *                                   page faults disabled; outside
 *                                   zx_peer_link.lock and zx_object.lock
 *
 *   zx_timer.mutex      (timer.c)   a timer's deadline; outside
 *                                   zx_object.lock
 *
 *   zx_gc_lock          (channel_gc.c) the cycle collector's mutex; outside
 *                                   every zx_channel.lock
 *     zx_channel.lock   (channel.c) one channel end's message queue and
 *                                   calls; outside zx_object.lock, never
 *                                   with zx_peer_link.lock or another
 *                                   end's zx_channel.lock
 *
 *   zx_fifo_pair.lock   (fifo.c)    both rings of a FIFO pair; outside
 *                                   zx_object.lock, never with
 *                                   zx_peer_link.lock
 *
 *   zx_table xa_lock    (handle.c)  a leaf: held only around xarray
 *                                   updates and while taking an object
 *                                   reference; no other lock nests inside
 *                                   it and it is never taken inside one.
 *
 *   zx_procs_lock       (handle.c)  a leaf: the per-thread-group records,
 *                                   taken only at open and release.
 *
 * Reference rules: an object lives while it has references (kref).  Every
 * handle, every bridge descriptor and every in-flight syscall holds one.
 * Separately, an object counts its handles (handle_count, where a bridge
 * descriptor counts as a handle in transit); when that count reaches zero
 * the type's on_zero_handles() runs (e.g. an eventpair end asserts
 * PEER_CLOSED on its peer), as in Zircon.
 */
#ifndef ZX_MODULE_ZX_H
#define ZX_MODULE_ZX_H

#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kref.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include <linux/zircon.h>

#include "compat.h"

/*
 * <linux/zircon_types.h> gives the shared values under Fuchsia's names and
 * the records as struct zx_abi_*; these are the Fuchsia names of the values
 * whose Fuchsia type is 64 bits wide or size_t.
 */
typedef u64 zx_koid_t;
#define ZX_KOID_INVALID		((zx_koid_t)ZX_ABI_KOID_INVALID)
/* The first koid not reserved (0 to 1023 are). */
#define ZX_KOID_FIRST		((zx_koid_t)1024)
#define ZX_TIME_INFINITE	((s64)ZX_ABI_TIME_INFINITE)
#define ZX_MAX_NAME_LEN		((size_t)ZX_ABI_MAX_NAME_LEN)

struct file;
struct pid;
struct zx_object;

/*
 * Every allocation a syscall makes: charged to the caller's memory cgroup,
 * and failing (ZX_ERR_NO_MEMORY) rather than invoking the OOM killer when
 * the cgroup or the machine is out of memory.
 */
#define ZX_GFP		(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/*
 * A limit the administrator may change while the module is loaded: the
 * variable @name of @type (uint or ulong) starting at @value, its module
 * parameter (mode 0644, under /sys/module/zircon/parameters/) and @desc.
 */
#define ZX_LIMIT(type, name, value, desc)				\
	static type name = (value);					\
	module_param(name, type, 0644);					\
	MODULE_PARM_DESC(name, desc)

/* Internal status asking the ioctl layer to restart the call transparently. */
#define ZXK_RESTART	ZX_ERR_INTERNAL_INTR_RETRY

struct zx_object_ops {
	zx_obj_type_t type;
	/*
	 * The type's own signals that zx_object_signal(), and on a peered
	 * object zx_object_signal_peer(), may clear or set besides
	 * ZX_USER_SIGNAL_ALL, which every waitable object takes.
	 */
	zx_signals_t user_signals;
	/* Asserted on the survivor when one end of a pair loses all handles. */
	zx_signals_t peer_closed_signal;
	/* Called once, without locks, when the last handle goes away. */
	void (*on_zero_handles)(struct zx_object *obj);
	/* Called without locks when a handle goes away and others remain. */
	void (*on_handle_put)(struct zx_object *obj);
	/* Frees the object; called when the last reference is dropped. */
	void (*destroy)(struct zx_object *obj);
	/* No signals: cannot be waited on (ports, VMARs). */
	bool not_waitable;
};

/* Shared by the two ends of a peered object; freed with the last end. */
struct zx_peer_link {
	spinlock_t lock;		/* protects both ends' ->peer */
	refcount_t ref;
};

/*
 * Per-user accounting (object.c): the objects a user's processes created
 * and the channel bytes they have queued, against max_objects_per_user and
 * max_queued_bytes_per_user, and the handles their tables hold, against
 * max_handles_per_user.  One per uid ever seen; freed at module exit.
 */
struct zx_user {
	kuid_t uid;			/* whose record this is */
	atomic_long_t objects;
	atomic_long_t queued_bytes;
	atomic_long_t handles;
};

struct zx_object {
	const struct zx_object_ops *ops;
	struct zx_user *user;		/* charged for this object, or NULL */
	struct kref ref;
	atomic_t handle_count;
	zx_koid_t koid;
	zx_koid_t related_koid;		/* the peer's koid; kept after it dies */

	spinlock_t lock;		/* protects the fields below */
	zx_signals_t signals;
	struct list_head waiters;	/* struct zx_waiter, on waiters' stacks */
	struct list_head observers;	/* armed struct zx_observer (port.c) */
	char name[ZX_MAX_NAME_LEN];

	struct zx_peer_link *link;	/* NULL for unpeered objects */
	struct zx_object *peer;		/* under link->lock; holds a reference */
};

/* Whether @obj is of @type (ZX_OBJ_TYPE_*): each type has its own ops. */
static inline bool zx_object_is(const struct zx_object *obj,
				zx_obj_type_t type)
{
	return obj->ops->type == type;
}

/* Free slots that wait behind a closed handle's before it is reused. */
#define ZX_TABLE_FREE_WAIT	64

/* A FIFO of slots, linked through their xarray value entries (handle.c). */
struct zx_slot_list {
	u32 head;
	u32 tail;
	u32 nr;
};

/* Per thread group (handle.c): the handles all its tables hold. */
struct zx_proc;

struct zx_table {
	struct xarray handles;		/* slot -> struct zx_handle */
	struct zx_proc *proc;		/* counts against max_handles */
	/* Under xa_lock (handle.c): slots used so far, free and retired. */
	u32 nr_slots;
	struct zx_slot_list free;	/* reused, oldest first */
	struct zx_slot_list retired;	/* generations used up */
	struct pid *owner;		/* thread group that opened the device */
	struct file *file;		/* the /dev/zircon file it belongs to */
	struct zx_handle *spare;	/* a closed handle's memory (handle.c) */
};

/*
 * A slot reserved for a handle whose value is not yet delivered
 * (zx_table_reserve()): nothing can reach it until zx_table_publish().
 */
struct zx_handle;
struct zx_reserved {
	struct zx_handle *h;
	zx_handle_t value;
};

/* object.c */
zx_status_t __must_check zx_object_init(struct zx_object *obj,
					const struct zx_object_ops *ops,
					zx_signals_t initial_signals);
struct zx_user *zx_user_current(void);
zx_status_t zx_user_charge_bytes(struct zx_user *u, size_t bytes);
zx_status_t zx_user_charge_current(size_t bytes, struct zx_user **user);
zx_status_t zx_user_charge_handle(struct zx_user *u);
void zx_user_uncharge_handle(struct zx_user *u);
void zx_user_uncharge_bytes(struct zx_user *u, size_t bytes);
size_t zx_user_bytes_free(struct zx_user *u);
void zx_users_exit(void);
void zx_object_get(struct zx_object *obj);
void zx_object_put(struct zx_object *obj);
void zx_object_handle_get(struct zx_object *obj);
void zx_object_handle_put(struct zx_object *obj);
int zx_object_pair(struct zx_object *a, struct zx_object *b);
void zx_object_unpair(struct zx_object *obj);
struct zx_object *zx_object_peer(struct zx_object *obj);
void zx_object_update_signals(struct zx_object *obj, zx_signals_t clear,
			      zx_signals_t set);
void zx_object_cancel_waits(struct zx_object *obj, const void *handle);
bool zx_wait_deadline(bool (*done)(const void *arg), const void *arg,
		      s64 deadline);
zx_status_t zx_handle_wait_one(struct zx_table *t, zx_handle_t value,
			       zx_signals_t signals, s64 deadline,
			       zx_signals_t *observed);
zx_status_t zx_handle_wait_many(struct zx_table *t,
				struct zx_abi_wait_item *items, u32 count,
				s64 deadline);
long zx_live_objects(void);

/* port.c: observers (zx_object_wait_async()) and ports */
void zx_observers_update_locked(struct zx_object *obj, zx_signals_t old,
				struct list_head *reap);
void zx_observers_cancel_locked(struct zx_object *obj, const void *handle,
				struct list_head *reap);
void zx_observers_reap(struct list_head *reap);

/* timer.c */
void zx_timer_get_info(struct zx_object *obj, struct zx_abi_info_timer *info);

/* handle.c */
int zx_handle_cache_init(void);
void zx_handle_cache_exit(void);
int zx_table_init(struct zx_table *t, struct pid *owner, struct file *file);
void zx_table_destroy(struct zx_table *t);
zx_status_t zx_table_install(struct zx_table *t, struct zx_object *obj,
			     zx_rights_t rights, zx_handle_t *out);
zx_status_t zx_table_reserve(struct zx_table *t, struct zx_object *obj,
			     zx_rights_t rights, struct zx_reserved *r);
void zx_table_publish(struct zx_table *t, struct zx_reserved *r);
void zx_table_unreserve(struct zx_table *t, struct zx_reserved *r);
bool zx_table_valid(struct zx_table *t, zx_handle_t value);
zx_status_t zx_table_get(struct zx_table *t, zx_handle_t value,
			 struct zx_object **obj, zx_rights_t *rights);
zx_status_t zx_handle_lookup(struct zx_table *t, zx_handle_t value,
			     const struct zx_object_ops *type,
			     zx_rights_t need, struct zx_object **obj,
			     zx_rights_t *rights);

/**
 * zx_lookup_as() - zx_handle_lookup() giving the object's own struct
 * @t: the caller's handle table
 * @value: the handle value
 * @type: the object type the handle must name
 * @need: the rights the handle must have (0: none)
 * @ptr: on success, the struct that embeds the object as its member
 *       "base", with a reference the caller drops (zx_object_put() of
 *       &(*@ptr)->base)
 * @rights: on success, the handle's rights (may be NULL)
 *
 * Return: as zx_handle_lookup().
 */
#define zx_lookup_as(t, value, type, need, ptr, rights) ({		\
	struct zx_object *zx_found_;					\
	zx_status_t zx_st_ = zx_handle_lookup((t), (value), (type),	\
					      (need), &zx_found_,	\
					      (rights));		\
									\
	if (zx_st_ == ZX_OK)						\
		*(ptr) = container_of(zx_found_, typeof(**(ptr)), base);	\
	zx_st_;								\
})
zx_status_t zx_handle_lookup_ident(struct zx_table *t, zx_handle_t value,
				   const struct zx_object_ops *type,
				   zx_rights_t need, struct zx_object **obj,
				   zx_rights_t *rights, const void **ident);
bool zx_table_holds(struct zx_table *t, zx_handle_t value, const void *h);

/* One handle of zx_handle_lookup_many(): what is asked, what is found. */
struct zx_lookup {
	zx_handle_t value;
	const struct zx_object_ops *type;	/* NULL: any type */
	zx_rights_t need;
	struct zx_object *obj;			/* referenced, on success */
	zx_rights_t rights;
	const void *ident;
};

#define ZX_LOOKUP_MAX	2

zx_status_t zx_handle_lookup_many(struct zx_table *t, struct zx_lookup *l,
				  unsigned int n);
const void *zx_table_get_identity(struct zx_table *t, zx_handle_t value,
				  struct zx_object **obj, zx_rights_t *rights);
zx_status_t zx_table_close(struct zx_table *t, zx_handle_t value);
zx_status_t zx_table_take(struct zx_table *t, zx_handle_t value,
			  struct zx_object **obj, zx_rights_t *rights);
bool zx_table_next(struct zx_table *t, unsigned long *slot,
		   zx_handle_t *value, struct zx_object **obj,
		   zx_rights_t *rights);

/* handle_ioctl.c: the handle calls, and new handles for user space */
zx_status_t zx_handle_take(struct zx_table *t, zx_handle_t value,
			   const struct zx_object_ops *type, zx_rights_t need,
			   struct zx_object **obj, zx_rights_t *rights);
zx_status_t zx_table_install_user(struct zx_table *t, struct zx_object *obj,
				  zx_rights_t rights, u64 uptr);
zx_status_t zx_table_install_ref_user(struct zx_table *t, struct zx_object *obj,
				      zx_rights_t rights, u64 uptr);
zx_status_t zx_table_install_new_user(struct zx_table *t, zx_status_t status,
				      struct zx_object *obj, zx_rights_t rights,
				      u64 uptr);
zx_status_t zx_table_install_pair_user(struct zx_table *t,
				       struct zx_object *obj0,
				       struct zx_object *obj1,
				       zx_rights_t rights, u64 uptr0,
				       u64 uptr1);
zx_status_t zx_table_install_new_pair_user(struct zx_table *t, zx_status_t s0,
					   struct zx_object *obj0, zx_status_t s1,
					   struct zx_object *obj1, zx_rights_t rights,
					   u64 uptr0, u64 uptr1);
zx_status_t zx_table_reinstall_user(struct zx_table *t, zx_status_t status,
				    struct zx_object *obj, zx_rights_t rights,
				    u64 uptr);

/* info.c */
int zx_put_count(u64 uptr, u32 width, size_t count);
size_t zx_vmo_info_size(u32 topic);
zx_status_t zx_single_record(const struct zx_ioc_object_get_info *a,
			     const void *rec, size_t size);

/* device.c */
const char *zx_obj_type_name(zx_obj_type_t type);
long zx_open_tables(void);

/* stats.c */
void zx_stats_object(const struct zx_object *obj, int delta);
void zx_stats_bridge(int delta);
void zx_gc_counters(u64 *passes, unsigned long *holders,
		    unsigned long *messages);
void zx_stats_init(void);
void zx_stats_exit(void);

/* bridge.c */
zx_status_t zx_anon_fd_user(const char *name,
			    const struct file_operations *fops, void *priv,
			    int oflags, bool cloexec, u64 uptr, bool *taken);

/* vmo.c */
zx_status_t zx_vmo_get_info(struct zx_object *obj, zx_rights_t rights,
			    struct zx_abi_info_vmo *info);
/* vmo_size.c */
zx_status_t zx_vmo_content_size(struct zx_object *obj, u64 *value, bool set);

/* stream.c */
zx_status_t zx_stream_get_info(struct zx_object *obj,
			       struct zx_abi_info_stream *info);
zx_status_t zx_stream_prop_append(struct zx_object *obj, u64 uvalue,
				  u64 size, bool set);

/* vmar.c */
struct vm_area_struct;
zx_status_t zx_vmar_maps_get_info(struct zx_table *t,
				  const struct zx_ioc_object_get_info *a);
void zx_vmar_get_info(struct zx_object *obj, struct zx_abi_info_vmar *info);
int zx_vmar_mmap(struct zx_table *t, struct vm_area_struct *vma);
/* vmar_region.c, vmar_op.c */

/* task.c, job.c: processes, threads, jobs */
bool zx_wait_deadline_as(u32 state, bool (*done)(const void *arg),
			 const void *arg, s64 deadline);
void *zx_thread_block_begin(u32 state);
void zx_thread_block_end(void *cookie);
zx_status_t zx_task_get_info(struct zx_object *obj, zx_rights_t rights,
			     const struct zx_ioc_object_get_info *a);
int zx_jobs_init(void);
void zx_jobs_exit(void);

/* The zx_object_get_info() topics task.c answers. */
static inline bool zx_task_info_topic(u32 topic)
{
	return topic == ZX_INFO_PROCESS || topic == ZX_INFO_THREAD ||
	       topic == ZX_INFO_JOB || topic == ZX_INFO_JOB_CHILDREN ||
	       topic == ZX_INFO_JOB_PROCESSES;
}

/* task_info.c: the statistics topics of processes and threads */
zx_status_t zx_task_stats_get_info(struct zx_table *t, struct zx_object *obj,
				   zx_rights_t rights,
				   const struct zx_ioc_object_get_info *a);

static inline bool zx_task_stats_topic(u32 topic)
{
	switch (topic) {
	case ZX_INFO_TASK_STATS_V1:
	case ZX_INFO_TASK_STATS:
	case ZX_INFO_PROCESS_HANDLE_STATS:
	case ZX_INFO_PROCESS_MAPS_V1:
	case ZX_INFO_PROCESS_MAPS_V2:
	case ZX_INFO_PROCESS_MAPS:
	case ZX_INFO_PROCESS_VMOS_V1:
	case ZX_INFO_PROCESS_VMOS_V2:
	case ZX_INFO_PROCESS_VMOS_V3:
	case ZX_INFO_PROCESS_VMOS:
	case ZX_INFO_THREAD_STATS:
		return true;
	}
	return false;
}

/* ZX_THREAD_STATE_BLOCKED_* of zx_info_thread_t. */
#define ZX_THREAD_STATE_BLOCKED_PORT		0x0403u
#define ZX_THREAD_STATE_BLOCKED_CHANNEL		0x0503u
#define ZX_THREAD_STATE_BLOCKED_WAIT_ONE	0x0603u
#define ZX_THREAD_STATE_BLOCKED_WAIT_MANY	0x0703u

/* channel.c */
void zx_channel_exit(void);

/* socket.c */
void zx_socket_get_info(struct zx_object *obj,
			struct zx_abi_info_socket *info);
zx_status_t zx_socket_property(struct zx_object *obj, u32 property,
			       u64 __user *uvalue, u64 size, bool set);

/*
 * The rights of a handle made from one with @have: @want, or @have itself
 * for ZX_RIGHT_SAME_RIGHTS.  Asking for a right @have lacks is @denied
 * (Zircon's status for it differs from call to call).
 */
static inline zx_status_t zx_rights_derive(zx_rights_t have, zx_rights_t want,
					   zx_status_t denied, zx_rights_t *out)
{
	if (want == ZX_RIGHT_SAME_RIGHTS) {
		*out = have;
		return ZX_OK;
	}
	if (want & ~have)
		return denied;
	*out = want;
	return ZX_OK;
}

/*
 * Whether an absolute CLOCK_MONOTONIC @deadline (ZX_TIME_INFINITE: never)
 * has passed.  Signed: a negative deadline is in the past.
 */
static inline bool zx_deadline_passed(s64 deadline)
{
	return deadline != ZX_TIME_INFINITE &&
	       deadline <= ktime_to_ns(ktime_get());
}

/*
 * Whether the calling task has fault injection armed (fail-nth,
 * make-it-fail).  What keeps memory for reuse (a table's spare handle, a
 * channel endpoint's spare buffer) then allocates anyway, so that fault
 * injection finds the same allocation points with or without a spare.
 */
static inline bool zx_fault_armed(void)
{
#ifdef CONFIG_FAULT_INJECTION
	return current->fail_nth || current->make_it_fail;
#else
	return false;
#endif
}

static inline void __user *zx_uptr(u64 v)
{
	return (void __user *)(uintptr_t)v;
}

/*
 * Copies of up to ZX_COPY_SMALL bytes run in one user access window, a
 * word at a time, instead of through copy_from_user() and copy_to_user(),
 * whose hardened-usercopy check looks the kernel buffer up as a slab
 * object or stack frame on every call: at these sizes that check cost as
 * much as the copy (a channel round trip of 64 bytes spent 7 % of its time
 * there).  The callers' kernel buffers are theirs for the whole length by
 * construction (a message allocated for these bytes, an array on their
 * stack sized for them); KASAN still checks every store.
 */
#define ZX_COPY_SMALL	256

static inline bool zx_copy_small_in(void *dst, const void __user *src,
				    size_t n)
{
	const u8 __user *s = src;
	u8 *d = dst;
	u64 word;
	u8 byte;

	if (!user_read_access_begin(src, n))
		return false;
	for (; n >= sizeof(word); n -= sizeof(word)) {
		unsafe_get_user(word, (const u64 __user *)s, fault);
		__builtin_memcpy(d, &word, sizeof(word));
		s += sizeof(word);
		d += sizeof(word);
	}
	for (; n; n--) {
		unsafe_get_user(byte, s++, fault);
		*d++ = byte;
	}
	user_read_access_end();
	return true;
fault:
	user_read_access_end();
	return false;
}

static inline bool zx_copy_small_out(void __user *dst, const void *src,
				     size_t n)
{
	if (!user_write_access_begin(dst, n))
		return false;
	unsafe_copy_to_user(dst, src, n, fault);
	user_write_access_end();
	return true;
fault:
	user_write_access_end();
	return false;
}

/**
 * zx_copy_in() - copy_from_user(), cheaper for small copies
 * @dst: kernel buffer of at least @n bytes
 * @src: user address
 * @n: how many bytes
 *
 * Return: ZX_OK, or ZX_ERR_INVALID_ARGS when user memory was unreadable.
 */
static inline zx_status_t zx_copy_in(void *dst, const void __user *src,
				     size_t n)
{
	bool ok = n <= ZX_COPY_SMALL ? zx_copy_small_in(dst, src, n) :
				       !copy_from_user(dst, src, n);

	return ok ? ZX_OK : ZX_ERR_INVALID_ARGS;
}

/* Copies an ioctl argument struct in. */
#define zx_copy_arg(dst, uarg) zx_copy_in((dst), (uarg), sizeof(*(dst)))

/**
 * zx_copy_out() - copy_to_user(), cheaper for small copies
 * @dst: user address
 * @src: kernel buffer of at least @n bytes
 * @n: how many bytes
 *
 * Return: ZX_OK, or ZX_ERR_INVALID_ARGS when user memory was unwritable.
 */
static inline zx_status_t zx_copy_out(void __user *dst, const void *src,
				      size_t n)
{
	bool ok = n <= ZX_COPY_SMALL ? zx_copy_small_out(dst, src, n) :
				       !copy_to_user(dst, src, n);

	return ok ? ZX_OK : ZX_ERR_INVALID_ARGS;
}

#endif /* ZX_MODULE_ZX_H */
