// SPDX-License-Identifier: GPL-2.0
/*
 * Snapshot children of VMOs: freezing a VMO's top layer into a hidden one
 * that parent and child both see below new top layers (vmo.h explains the
 * layers), with a copy instead where pages may be written through a pin,
 * and folding a hidden layer back into the top once nothing else sees it.
 * vmo.c makes the child object; vmo_store.c does the copy-up on write.
 *
 * No lock is owned here.  zx_vmo_snapshot() takes the source VMO's
 * zx_vmo.lock (owned by vmo.c; its place in the order is in vmo.h), under
 * which the rest runs.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>

#include <linux/zircon.h>

#include "vmo.h"

ZX_LIMIT(uint, max_vmo_depth, 64,
	 "Most snapshot generations stacked under one VMO");

/*
 * Folds v's hidden parent layer into v's top layer once nothing else sees
 * it (its snapshot children are gone): copies up the pages of it that the
 * top still shows, then lets the top see the grandparent directly.  Keeps
 * generations from piling up under a VMO that is snapshotted, written and
 * snapshotted again while the children come and go.
 */
static zx_status_t zx_vmo_fold_parent(struct zx_vmo *v)
{
	struct zx_vmo_layer *top = v->top, *h = top->parent, *gp;
	struct address_space *hm = zx_layer_mapping(h);
	unsigned long index;
	void *entry;

	xa_for_each(&hm->i_pages, index, entry) {
		struct page *page;

		if (index < top->poff || index - top->poff >= top->plimit ||
		    zx_layer_has(top, index - top->poff))
			continue;
		page = zx_vmo_own_page(v, index - top->poff);
		if (IS_ERR(page))
			return zx_status_from_errno(PTR_ERR(page));
		put_page(page);
		if (fatal_signal_pending(current))
			return ZX_ERR_CANCELED;
		cond_resched();
	}
	gp = h->parent;
	if (gp && h->plimit > top->poff) {
		refcount_inc(&gp->ref);
		top->plimit = min(top->plimit, h->plimit - top->poff);
		top->poff += h->poff;
		top->parent = gp;
		top->depth = h->depth;
		zx_layer_reparent(top, gp);
	} else {
		zx_layer_reparent(top, NULL);
		top->parent = NULL;
		top->poff = 0;
		top->plimit = 0;
		top->depth = 0;
	}
	zx_layer_put(h);
	return ZX_OK;
}

/*
 * Whether someone else may hold @folio (of which the caller holds one
 * reference) to write to it later: pinned with FOLL_PIN (process_vm_writev,
 * io_uring buffers, O_DIRECT on newer kernels), or holding a plain
 * get_user_pages() reference (O_DIRECT on 6.1).  Called once every
 * mapping of the folio's VMO has been zapped under the VMO's lock, so no
 * reference can be taken through a page table any more (a folio still
 * mapped counts as used) and a reference beyond the page cache's, ours and
 * the one a per-CPU LRU batch may hold (for a folio not on the LRU yet) is
 * someone else's.  A
 * transient one (a zx_vmo_read copying out) costs only a copy.
 */
static bool zx_folio_in_use(struct folio *folio)
{
	long expected = folio_nr_pages(folio) + 1 + !folio_test_lru(folio);

	return folio_maybe_dma_pinned(folio) || folio_mapped(folio) ||
	       folio_ref_count(folio) > expected;
}

/* Whether a page of layer @l may be written through a pin. */
static bool zx_layer_pinned(struct zx_vmo_layer *l)
{
	struct address_space *m = zx_layer_mapping(l);
	struct folio_batch fbatch;
	pgoff_t start = 0;
	bool pinned = false;
	unsigned int i, n;

	folio_batch_init(&fbatch);
	while (!pinned && (n = filemap_get_folios(m, &start, ULONG_MAX,
						  &fbatch))) {
		for (i = 0; i < n; i++) {
			if (zx_folio_in_use(fbatch.folios[i]))
				pinned = true;
		}
		folio_batch_release(&fbatch);
		cond_resched();
	}
	return pinned;
}

/* Whether @a and @b hold the same bytes. */
static bool zx_page_same(struct page *a, struct page *b)
{
	char *ka = kmap_local_page(a);
	char *kb = kmap_local_page(b);
	bool same = !memcmp(ka, kb, PAGE_SIZE);

	kunmap_local(kb);
	kunmap_local(ka);
	return same;
}

/*
 * Copies every page layer @top holds itself into the empty layer @copy;
 * a negative errno when a page cannot be had or the caller is killed.
 */
static long zx_layer_copy_pages(struct zx_vmo_layer *top,
				struct zx_vmo_layer *copy)
{
	struct address_space *tm = zx_layer_mapping(top);
	struct address_space *cm = zx_layer_mapping(copy);
	unsigned long index;
	void *entry;

	xa_for_each(&tm->i_pages, index, entry) {
		struct page *src, *dst;

		src = zx_layer_page(top, index);
		if (IS_ERR(src))
			return PTR_ERR(src);
		if (!src)
			continue;
		dst = shmem_read_mapping_page_gfp(cm, index, zx_vmo_gfp(cm));
		if (IS_ERR(dst)) {
			put_page(src);
			return PTR_ERR(dst);
		}
		copy_highpage(dst, src);
		set_page_dirty(dst);
		put_page(dst);
		put_page(src);
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

/*
 * Frees the pages of layer @top that are the same as their copies in
 * @copy and in nobody else's use, keeping what writers may still change.
 */
static void zx_layer_drop_copied(struct zx_vmo_layer *top,
				 struct zx_vmo_layer *copy)
{
	struct address_space *tm = zx_layer_mapping(top);
	struct address_space *cm = zx_layer_mapping(copy);
	struct inode *inode = file_inode(top->file);
	unsigned long index;
	void *entry;

	xa_for_each(&cm->i_pages, index, entry) {
		struct page *page = find_get_page(tm, index);
		struct page *dup;
		bool keep = true;

		if (!page)
			continue;
		dup = find_get_page(cm, index);
		if (dup && !zx_folio_in_use(page_folio(page)) &&
		    zx_page_same(page, dup))
			keep = false;
		if (dup)
			put_page(dup);
		put_page(page);
		if (!keep)
			shmem_truncate_range(inode, (loff_t)index << PAGE_SHIFT,
					     ((loff_t)(index + 1) <<
					      PAGE_SHIFT) - 1);
		cond_resched();
	}
}

/*
 * Freezes v's top layer when some of its pages may be pinned for writing
 * (zx_layer_pinned()).  Such a write, landing after the snapshot, must
 * reach v and never the snapshot, but the pinned page cannot move to a new
 * top layer.  So, as fork() does for pinned pages, the writer keeps the
 * page and the snapshot gets a copy: the frozen layer is a new layer with
 * a copy of every page of the top, which stays v's top and now sees it
 * below.  The top then keeps only the pages still pinned or changed since
 * copied; the others it frees, being the same as the frozen copies.
 * Returns the frozen layer, with a reference for the caller.
 */
static struct zx_vmo_layer *zx_vmo_freeze_pinned(struct zx_vmo *v)
{
	struct zx_vmo_layer *top = v->top, *frozen;
	long err;

	frozen = zx_layer_new(top->parent, top->poff, top->plimit);
	if (IS_ERR(frozen))
		return frozen;
	err = zx_layer_copy_pages(top, frozen);
	if (err) {
		zx_layer_put(frozen);
		return ERR_PTR(err);
	}
	/* The top keeps what the writers may still change. */
	zx_layer_drop_copied(top, frozen);
	refcount_inc(&frozen->ref);
	zx_layer_reparent(top, frozen);
	zx_layer_put(top->parent);
	top->parent = frozen;
	top->poff = 0;
	top->plimit = v->size >> PAGE_SHIFT;
	top->depth = frozen->depth + 1;
	return frozen;
}

/*
 * Ends every mapping of v's top layer (as a snapshot must before the layer
 * freezes), then tells whether a page of it may be written through a pin.
 */
static bool zx_vmo_unmap_pinned(struct zx_vmo *v)
{
	zx_vmo_zap(v, 0, 0);
	return zx_layer_pinned(v->top);
}

/*
 * The snapshot of s (non-slice, under s->lock) for a child that sees
 * @visible pages of it from page @base: s's top layer freezes, hidden
 * under a new, empty top of s and the child's layer.  Returns the child's
 * layer.
 */
static struct zx_vmo_layer *zx_vmo_snapshot_top(struct zx_vmo *s,
						pgoff_t base, pgoff_t visible)
{
	struct zx_vmo_layer *top = s->top, *new_top, *child;

	new_top = zx_layer_new(top, 0, s->size >> PAGE_SHIFT);
	if (IS_ERR(new_top))
		return new_top;
	child = zx_layer_new(top, base, visible);
	if (IS_ERR(child)) {
		zx_layer_put(new_top);
		return child;
	}
	/*
	 * Before the old top freezes, end every mapping of it: no write may
	 * reach it once it is hidden.  Faults wait on s->lock and then see
	 * the new top.
	 */
	zx_vmo_zap(s, 0, 0);
	s->top = new_top;
	s->cow_parent = true;
	zx_layer_put(top);
	return child;
}

/*
 * As zx_vmo_snapshot_top(), for a top layer with pages that may be pinned
 * for writing: the child sees a frozen copy (zx_vmo_freeze_pinned()).
 */
static struct zx_vmo_layer *zx_vmo_snapshot_pinned(struct zx_vmo *s,
						   pgoff_t base,
						   pgoff_t visible)
{
	struct zx_vmo_layer *frozen, *child;

	frozen = zx_vmo_freeze_pinned(s);
	if (IS_ERR(frozen))
		return frozen;
	child = zx_layer_new(frozen, base, visible);
	zx_layer_put(frozen);
	if (!IS_ERR(child))
		s->cow_parent = true;
	return child;
}

/**
 * zx_vmo_snapshot() - make the storage of a snapshot child
 * @src: the VMO the child is made from (maybe a slice)
 * @off: the byte of @src the child's byte 0 is
 * @size: the child's size, a multiple of PAGE_SIZE
 *
 * The child sees the parent's bytes up to the parent's size, and zeros
 * beyond.  Takes the lock of @src's storage.
 *
 * Return: the child's top layer, or an ERR_PTR(): -EMLINK past
 * max_vmo_depth generations, -EINTR when killed, or an allocation's error.
 */
struct zx_vmo_layer *zx_vmo_snapshot(struct zx_vmo *src, u64 off, u64 size)
{
	struct zx_vmo *s = zx_vmo_store(src);
	u64 src_size = zx_vmo_size(src);
	pgoff_t base = (off >> PAGE_SHIFT) + src->slice_off;
	pgoff_t visible = 0, limit;
	struct zx_vmo_layer *top, *child;

	if (off < src_size)
		visible = (src_size - off) >> PAGE_SHIFT;
	/* Growing the child later shows zeros, not more of the parent. */
	visible = min_t(u64, visible, size >> PAGE_SHIFT);

	if (mutex_lock_killable(&s->lock))
		return ERR_PTR(-EINTR);
	top = s->top;
	/* Only this top layer still sees its parent: fold it in. */
	while (top->parent && refcount_read(&top->parent->ref) == 1 &&
	       zx_vmo_fold_parent(s) == ZX_OK)
		;
	if (!visible) {
		child = zx_layer_new(NULL, 0, 0);
	} else if (zx_layer_empty(top)) {
		/* Nothing of its own to freeze: see what it sees. */
		limit = top->plimit > base ? top->plimit - base : 0;
		child = zx_layer_new(top->parent, base + top->poff,
				     min(visible, limit));
	} else if (top->depth >= READ_ONCE(max_vmo_depth)) {
		child = ERR_PTR(-EMLINK);
	} else if (s->view && zx_vmo_unmap_pinned(s)) {
		/* Only a VMO once mapped can have pinned pages. */
		child = zx_vmo_snapshot_pinned(s, base, visible);
	} else {
		child = zx_vmo_snapshot_top(s, base, visible);
	}
	mutex_unlock(&s->lock);
	return child;
}
