/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMOs and their mappings: the structures shared by vmo.c (the object and
 * its ioctls), vmo_store.c (layers, copy-up, zeroing, committing), vmo_rw.c
 * (reads and writes), vmo_cow.c (snapshot children), vmo_fault.c (faults on
 * mappings) and vmar.c (the mappings).
 *
 * Storage.  A VMO's bytes live in *layers*.  A layer is one shmem file plus
 * an optional parent layer seen through it: page i of a layer is the layer's
 * own page i when the shmem file has one, else page (i + poff) of the parent
 * when i < plimit, else zeros.  A layer that is some VMO's top layer is
 * mutable and belongs to that VMO alone; a layer that is anyone's parent is
 * *hidden*: it never changes again, so whoever sees it sees a snapshot.
 *
 * A snapshot child (ZX_VMO_CHILD_SNAPSHOT and ..._AT_LEAST_ON_WRITE) is made
 * by freezing the parent's top layer into a hidden one and giving parent and
 * child each a new, empty top layer over it; each then copies a page up into
 * its own top layer on its first write to that page.  Creating a child thus
 * costs two small objects whatever the size, and memory grows only with the
 * pages later written.  A page someone may still write through a pin
 * (get_user_pages, FOLL_PIN) cannot be frozen: then the frozen layer is a
 * new layer with copies of the top's pages, and the top, keeping the pinned
 * ones, stays the parent's and sees it below (zx_vmo_freeze_pinned()).
 * A slice (ZX_VMO_CHILD_SLICE) has no storage: it is a
 * window onto its target VMO, and every operation on it is done on the
 * target at an offset.
 *
 * Locks, outermost first (see zx.h for where they sit in the global order):
 *
 *   zx_vmo.stream_lock (a mutex, per non-slice VMO): taken by stream.c
 *                 only, across a stream write that changes a content size
 *   mmap_lock (the faulting or mapping mm)
 *     zx_vmo.lock (a mutex, per non-slice VMO): its top layer, size,
 *                 content size, view, mapping state; held while a page is
 *                 looked up, copied up, written, and while a page table
 *                 entry for it is installed or zapped, so that no stale
 *                 entry survives a snapshot, a copy-up or a decommit.
 *       page lock, i_mmap_rwsem, page table locks (core mm)
 *       zx_vmo_family.lock (spinlock)
 *         zx_object.lock
 *       zx_layer_tree_lock (spinlock, innermost; vmo_store.c): the links
 *                 from a layer to the layers that see it
 *
 * A fault takes mmap_lock then zx_vmo.lock; no path takes them the other
 * way round: zx_vmo_write() copies from user memory with page faults
 * disabled and drops zx_vmo.lock to fault the source in.  Every wait for
 * zx_vmo.lock is killable, and operations over many pages (COMMIT, ZERO,
 * DECOMMIT) drop it between batches, so nobody waits long behind one.
 */
#ifndef ZX_MODULE_VMO_H
#define ZX_MODULE_VMO_H

#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/refcount.h>

#include "zx.h"

/* The largest VMO: what a shmem file can hold, in whole pages. */
#define ZX_VMO_MAX_SIZE		((u64)MAX_LFS_FILESIZE & PAGE_MASK)

struct zx_vmo_layer {
	refcount_t ref;
	struct file *file;		/* shmem; its page cache is the storage */
	struct zx_vmo_layer *parent;	/* hidden; NULL for none */
	pgoff_t poff;			/* parent page = own page + poff */
	pgoff_t plimit;			/* parent seen below this page only */
	unsigned int depth;		/* number of ancestors */
	/* Under zx_layer_tree_lock: the layers whose parent this is. */
	struct list_head children;
	struct list_head sibling;	/* in the parent's children */
};

/*
 * Guards every layer's children and sibling links (for attribution, which
 * walks from a hidden layer down to the VMOs that see it).  A spinlock,
 * innermost: nothing else is taken under it, and it is held only to link,
 * unlink or collect a bounded number of layers (vmo_attr.c).
 */
extern spinlock_t zx_layer_tree_lock;
void zx_layer_reparent(struct zx_vmo_layer *l, struct zx_vmo_layer *parent);

/*
 * Links a parent VMO to its children for ZX_VMO_ZERO_CHILDREN.  As on
 * Zircon, the children of a VMO that is destroyed become its parent's:
 * its family then forwards (@up) to the parent's family, which counts
 * them, and a child destroyed later is uncounted there.
 */
struct zx_vmo_family {
	spinlock_t lock;
	refcount_t ref;
	struct zx_vmo *parent;		/* NULL once the parent is destroyed */
	struct zx_vmo_family *up;	/* then the parent's parent's family */
	unsigned long children;
};

#define ZXV_RESIZABLE	(1U << 0)
#define ZXV_COW		(1U << 1)	/* a snapshot child */
#define ZXV_SLICE	(1U << 2)
#define ZXV_IMMUTABLE	(1U << 3)

struct zx_vmo {
	struct zx_object base;
	u32 flags;			/* ZXV_*, fixed at creation */

	/* Slices only: the non-slice VMO seen and the page offset into it. */
	struct zx_vmo *target;
	pgoff_t slice_off;

	/* non-slices: stream writes that change a content size (stream.c) */
	struct mutex stream_lock;
	struct mutex lock;		/* non-slices: the fields below */
	struct zx_vmo_layer *top;
	u64 size;			/* bytes, a multiple of PAGE_SIZE */
	u64 content_size;		/* any value; see vmo_size.c */
	u32 cache_policy;
	bool cow_parent;		/* has had snapshot children */
	struct file *view;		/* inode whose i_mmap lists mappings */

	atomic_t mappings;		/* of this VMO (slice or not) */
	/*
	 * Whether it is still a parent (Zircon's VmObject lives while a
	 * handle or a mapping holds it, whatever else refers to it here):
	 * its mappings plus 1 while it has handles; at 0 it retires.
	 */
	atomic_t users;
	atomic_t retired;		/* its family was released */
	struct zx_vmo_family *family;	/* as a parent */
	struct zx_vmo_family *parent_family;	/* as a child, or NULL */
};

static inline struct zx_vmo *zx_to_vmo(struct zx_object *obj)
{
	return container_of(obj, struct zx_vmo, base);
}

/* The VMO that owns storage and lock for @v: itself, or a slice's target. */
static inline struct zx_vmo *zx_vmo_store(struct zx_vmo *v)
{
	return v->target ? v->target : v;
}

static inline struct address_space *zx_layer_mapping(struct zx_vmo_layer *l)
{
	return l->file->f_mapping;
}

/* Whether the layer itself holds page @idx (in memory or in swap). */
static inline bool zx_layer_has(struct zx_vmo_layer *l, pgoff_t idx)
{
	return xa_load(&zx_layer_mapping(l)->i_pages, idx) != NULL;
}

static inline bool zx_layer_empty(struct zx_vmo_layer *l)
{
	return xa_empty(&zx_layer_mapping(l)->i_pages);
}

/* vmo.c */
extern const struct zx_object_ops zx_vmo_ops;
u64 zx_vmo_size(struct zx_vmo *v);
zx_status_t zx_vmo_op_window(struct zx_vmo *v, zx_rights_t rights, u32 op,
			     u64 offset, u64 size);

/* vmo_store.c */
gfp_t zx_vmo_gfp(struct address_space *m);
zx_status_t zx_status_from_errno(long err);
struct zx_vmo_layer *zx_layer_new(struct zx_vmo_layer *parent, pgoff_t poff,
				  pgoff_t plimit);
void zx_layer_put(struct zx_vmo_layer *l);
struct page *zx_layer_page(struct zx_vmo_layer *l, pgoff_t idx);
struct page *zx_layer_lookup(struct zx_vmo_layer *l, pgoff_t idx);
void zx_vmo_zap(struct zx_vmo *v, pgoff_t idx, pgoff_t n);
struct page *zx_vmo_own_page(struct zx_vmo *v, pgoff_t idx);
zx_status_t zx_vmo_make_own(struct zx_vmo *v, pgoff_t first, pgoff_t end);
zx_status_t zx_vmo_resize(struct zx_vmo *v, u64 size, u64 content_size);
zx_status_t zx_vmo_zero(struct zx_vmo *v, u64 off, u64 len);
zx_status_t zx_vmo_commit(struct zx_vmo *v, pgoff_t first, pgoff_t end);

/* vmo_rw.c */
zx_status_t zx_vmo_read_store(struct zx_vmo *v, u64 off, char __user *buf,
			      u64 len);
zx_status_t zx_vmo_write_store(struct zx_vmo *v, u64 off,
			       const char __user *buf, u64 len);

/* vmo_family.c */
void zx_vmo_adopt(struct zx_vmo *src, struct zx_vmo *c);
void zx_vmo_family_release(struct zx_vmo *v);
void zx_vmo_users_put(struct zx_vmo *v);
zx_koid_t zx_vmo_parent_koid(struct zx_vmo *v);

/* vmo_size.c: the content (stream) size, for info.c and stream.c */
u64 zx_vmo_content_size_get(struct zx_vmo *v, zx_status_t *status);
u64 zx_vmo_content_size_locked(struct zx_vmo *v);
void zx_vmo_content_size_store(struct zx_vmo *v, u64 cs);
zx_status_t zx_vmo_content_size_set(struct zx_vmo *v, u64 cs);
zx_status_t zx_vmo_stream_size_set(struct zx_vmo *v, u64 ss);
zx_status_t zx_vmo_size_arg(struct zx_table *t, const struct zx_ioc_vmo_size *a,
			    zx_rights_t need, struct zx_vmo **v,
			    zx_rights_t *rights);

/* vmo_attr.c */
zx_status_t zx_vmo_attribution(struct zx_vmo *v,
			       struct zx_abi_info_vmo *info);
/* vmo_stream.c, for stream.c */
zx_status_t zx_vmo_stream_sizes(struct zx_vmo *v, u64 *size,
				u64 *content_size);
void zx_vmo_stream_peek_sizes(struct zx_vmo *v, u64 *size, u64 *content_size);
zx_status_t zx_vmo_stream_expand(struct zx_vmo *v, u64 end, bool resize,
				 u64 *size);
zx_status_t zx_vmo_stream_commit(struct zx_vmo *v, u64 end);

/* vmo_cow.c */
struct zx_vmo_layer *zx_vmo_snapshot(struct zx_vmo *src, u64 off, u64 size);

/* vmo_fault.c, for vmar.c */
struct file *zx_vmo_view(struct zx_vmo *v);
vm_fault_t zx_vmo_fault_page(struct zx_vmo *v, struct vm_fault *vmf,
			     pgoff_t idx, bool write);
vm_fault_t zx_vmo_mkwrite_page(struct zx_vmo *v, struct vm_fault *vmf,
			       pgoff_t idx);

/* vmar_view.c, for vmo_fault.c */
struct file *zx_view_create(void);

#endif /* ZX_MODULE_VMO_H */
