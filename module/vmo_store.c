// SPDX-License-Identifier: GPL-2.0
/*
 * VMO storage: the layers that hold a VMO's pages, copy-up on the first
 * write to a page a snapshot shares, zeroing, resizing and committing
 * (Fuchsia's VmCowPages).  vmo_rw.c copies these pages to and from user
 * memory for zx_vmo_read()/zx_vmo_write(); vmo_cow.c makes snapshot children
 * out of these layers; vmo.c is the object and its ioctls; vmo_fault.c
 * serves the faults of vmar.c's mappings.
 *
 * See vmo.h for the layer design.  A VMO's storage is its top layer, a
 * shmem file created with VM_NORESERVE, so nothing is allocated until a
 * page is written; a page that no layer holds reads as zeros without being
 * allocated.  Pages are charged by shmem to the memory cgroup of the task
 * that first writes them, and every allocation made for a syscall may fail
 * (__GFP_RETRY_MAYFAIL) rather than invoke the OOM killer, so a process at
 * its memory.max gets ZX_ERR_NO_MEMORY.
 *
 * Owned here: zx_layer_tree_lock, a spinlock, innermost (vmo.h places it
 * in the order); it guards only the links from a layer to the layers that
 * see it.  The functions on a VMO's pages run under its zx_vmo.lock (owned
 * by vmo.c; its place in the order is in vmo.h), and the long ones let go
 * of it between batches of pages.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include <linux/zircon.h>

#include "vmo.h"

/**
 * zx_vmo_gfp() - the allocation flags for a page of a layer
 * @m: the layer's page cache
 *
 * Return: @m's flags, made to fail rather than invoke the OOM killer.
 */
gfp_t zx_vmo_gfp(struct address_space *m)
{
	return mapping_gfp_mask(m) | __GFP_RETRY_MAYFAIL | __GFP_NOWARN;
}

/**
 * zx_status_from_errno() - the Zircon status for an error of the storage
 * @err: a negative errno from shmem or from this file
 *
 * Return: ZX_ERR_NO_MEMORY, ZX_ERR_CANCELED or ZX_ERR_IO.
 */
zx_status_t zx_status_from_errno(long err)
{
	switch (err) {
	case -ENOMEM:
	case -ENOSPC:
	case -EFBIG:
		return ZX_ERR_NO_MEMORY;
	case -EINTR:
	case -ERESTARTSYS:
		return ZX_ERR_CANCELED;
	default:
		return ZX_ERR_IO;
	}
}

/* ---- layers ---- */

DEFINE_SPINLOCK(zx_layer_tree_lock);

/**
 * zx_layer_reparent() - move a layer under another parent in the tree
 * @l: the layer, whose ->parent the caller sets (before or after)
 * @parent: the new parent, or NULL
 *
 * Only the children/sibling links change here; the caller holds what it
 * needs to change @l itself (the lock of the VMO whose top @l is).
 */
void zx_layer_reparent(struct zx_vmo_layer *l, struct zx_vmo_layer *parent)
{
	spin_lock(&zx_layer_tree_lock);
	list_del_init(&l->sibling);
	if (parent)
		list_add_tail(&l->sibling, &parent->children);
	spin_unlock(&zx_layer_tree_lock);
}

/**
 * zx_layer_new() - a new, empty layer
 * @parent: the hidden layer seen through it, or NULL
 * @poff: the parent's page seen at page 0
 * @plimit: the parent is seen below this page only (0: not at all)
 *
 * Return: the layer with one reference (the parent gets one), or an
 * ERR_PTR().
 */
struct zx_vmo_layer *zx_layer_new(struct zx_vmo_layer *parent, pgoff_t poff,
				  pgoff_t plimit)
{
	struct zx_vmo_layer *l;

	l = kzalloc(sizeof(*l), ZX_GFP);
	if (!l)
		return ERR_PTR(-ENOMEM);
	l->file = shmem_file_setup("zircon-vmo", ZX_VMO_MAX_SIZE,
				   VM_NORESERVE);
	if (IS_ERR(l->file)) {
		struct file *f = l->file;

		kfree(l);
		return ERR_CAST(f);
	}
	refcount_set(&l->ref, 1);
	INIT_LIST_HEAD(&l->children);
	INIT_LIST_HEAD(&l->sibling);
	if (parent && plimit) {
		refcount_inc(&parent->ref);
		l->parent = parent;
		l->poff = poff;
		l->plimit = plimit;
		l->depth = parent->depth + 1;
		zx_layer_reparent(l, parent);
	}
	return l;
}

/**
 * zx_layer_put() - drop a reference to a layer
 * @l: the layer, or NULL
 *
 * Frees the layer and, iteratively, the ancestors it was the last user of.
 */
void zx_layer_put(struct zx_vmo_layer *l)
{
	while (l && refcount_dec_and_test(&l->ref)) {
		struct zx_vmo_layer *parent = l->parent;

		zx_layer_reparent(l, NULL);
		fput(l->file);
		kfree(l);
		l = parent;
	}
}

/**
 * zx_layer_page() - page @idx of layer @l itself
 * @l: the layer
 * @idx: the page's index in @l
 *
 * A page in memory is found without locking it (the caller's zx_vmo.lock
 * keeps the layer's own writers and truncations away); one in swap, or not
 * up to date, is left to shmem.
 *
 * Return: the page with a reference, NULL for a hole, or an ERR_PTR().
 */
struct page *zx_layer_page(struct zx_vmo_layer *l, pgoff_t idx)
{
	struct address_space *m = zx_layer_mapping(l);
	struct page *page = find_get_page(m, idx);

	if (page && PageUptodate(page))
		return page;
	if (page)
		put_page(page);
	else if (!zx_layer_has(l, idx))
		return NULL;
	return shmem_read_mapping_page_gfp(m, idx, zx_vmo_gfp(m));
}

/**
 * zx_layer_lookup() - the page seen at @idx through layer @l
 * @l: the layer looked through; only it may be mutable, and the caller
 *     holds the lock of the VMO it belongs to
 * @idx: the page's index in @l
 *
 * Return: the page with a reference, NULL where every layer on the way has
 * a hole (zeros), or an ERR_PTR().
 */
struct page *zx_layer_lookup(struct zx_vmo_layer *l, pgoff_t idx)
{
	while (l) {
		struct page *page = zx_layer_page(l, idx);

		if (page)
			return page;
		if (!l->parent || idx >= l->plimit)
			break;
		idx += l->poff;
		l = l->parent;
	}
	return NULL;
}

/* Whether anything below the top layer shows data at @idx. */
static bool zx_layer_below_has(struct zx_vmo_layer *top, pgoff_t idx)
{
	struct zx_vmo_layer *l = top;

	while (l->parent && idx < l->plimit) {
		idx += l->poff;
		l = l->parent;
		if (zx_layer_has(l, idx))
			return true;
	}
	return false;
}

/*
 * The first page in [idx, end) that layer @top or a layer below it holds
 * (in memory or in swap), in @top's numbering; @end if there is none.
 * Looks up present entries only, so the cost is that of the layers' depth
 * and not of the range's length, however sparse and huge.
 */
static pgoff_t zx_layer_next(struct zx_vmo_layer *top, pgoff_t idx,
			     pgoff_t end)
{
	struct zx_vmo_layer *l = top;
	pgoff_t lo = idx, hi = end, delta = 0, best = end;

	while (l && lo < hi) {
		unsigned long found = lo;

		if (xa_find(&zx_layer_mapping(l)->i_pages, &found, hi - 1,
			    XA_PRESENT)) {
			/* A multi-page entry may start before lo. */
			found = max_t(unsigned long, found, lo);
			best = found - delta;
			hi = found;
		}
		if (!l->parent)
			break;
		hi = min(hi, l->plimit);
		lo += l->poff;
		hi += l->poff;
		delta += l->poff;
		l = l->parent;
	}
	return best;
}

/* ---- pages of a VMO; all under v->lock, v a non-slice VMO ---- */

/**
 * zx_vmo_zap() - remove the page table entries that map pages of a VMO
 * @v: the VMO (not a slice), under v->lock
 * @idx: the first page
 * @n: the number of pages; 0 for all from @idx on
 */
void zx_vmo_zap(struct zx_vmo *v, pgoff_t idx, pgoff_t n)
{
	if (v->view)
		unmap_mapping_range(v->view->f_mapping,
				    (loff_t)idx << PAGE_SHIFT,
				    (loff_t)n << PAGE_SHIFT, 1);
}

/**
 * zx_vmo_own_page() - page @idx of v's own top layer
 * @v: the VMO (not a slice), under v->lock
 * @idx: the page's index
 *
 * The page is made from zeros, or copied up from the layers below when one
 * of them shows data there (and then unmapped where it was mapped).
 *
 * Return: the page with a reference, or an ERR_PTR().
 */
struct page *zx_vmo_own_page(struct zx_vmo *v, pgoff_t idx)
{
	struct zx_vmo_layer *top = v->top;
	struct address_space *m = zx_layer_mapping(top);
	struct page *src = NULL, *page;

	/* Most often (every write after the first) it is there already. */
	page = find_get_page(m, idx);
	if (page && PageUptodate(page))
		return page;
	if (page)
		put_page(page);
	if (top->parent && idx < top->plimit && !zx_layer_has(top, idx)) {
		src = zx_layer_lookup(top->parent, idx + top->poff);
		if (IS_ERR(src))
			return src;
	}
	page = shmem_read_mapping_page_gfp(m, idx, zx_vmo_gfp(m));
	if (!src)
		return page;
	if (!IS_ERR(page)) {
		copy_highpage(page, src);
		set_page_dirty(page);
		/* Mappings may still show the page copied from. */
		zx_vmo_zap(v, idx, 1);
	}
	put_page(src);
	return page;
}

/**
 * zx_vmo_make_own() - make pages of a VMO its own, changing no byte shown
 * @v: the VMO (not a slice), under v->lock
 * @first: the first page
 * @end: the page after the last
 *
 * Each page is allocated, or copied up from the layers below.  The pages are
 * marked dirty: shmem may drop a clean page under memory pressure (it reads
 * back as zeros), and a committed page must stay until it is decommitted.
 *
 * Return: ZX_OK, ZX_ERR_CANCELED (killed) or a status of
 * zx_status_from_errno().
 */
zx_status_t zx_vmo_make_own(struct zx_vmo *v, pgoff_t first, pgoff_t end)
{
	pgoff_t idx;

	for (idx = first; idx < end; idx++) {
		if (!zx_layer_has(v->top, idx)) {
			struct page *page = zx_vmo_own_page(v, idx);

			if (IS_ERR(page))
				return zx_status_from_errno(PTR_ERR(page));
			set_page_dirty(page);
			put_page(page);
		}
		if (fatal_signal_pending(current))
			return ZX_ERR_CANCELED;
		cond_resched();
	}
	return ZX_OK;
}

/* Pages of work done under one hold of zx_vmo.lock by long operations. */
#define ZX_VMO_BATCH	64

/*
 * Zeros whole pages [*pos, end) of v, freeing what it can, and advances
 * *pos past what is done.  Only pages some layer holds are visited (see
 * zx_layer_next()); after ZX_VMO_BATCH of them it returns early, so the
 * caller can let others take v->lock before going on.  Each page is
 * unmapped before it is freed or shadowed.
 */
static zx_status_t zx_vmo_zero_pages(struct zx_vmo *v, pgoff_t *pos,
				     pgoff_t end)
{
	struct zx_vmo_layer *top = v->top;
	struct address_space *m = zx_layer_mapping(top);
	struct inode *inode = file_inode(top->file);
	pgoff_t idx = *pos, lim;
	zx_status_t status = ZX_OK;
	unsigned int work = 0;

	while (idx < end) {
		if (!top->parent || idx >= top->plimit) {
			/* Nothing below shows through: free all at once. */
			zx_vmo_zap(v, idx, end - idx);
			shmem_truncate_range(inode, (loff_t)idx << PAGE_SHIFT,
					     ((loff_t)end << PAGE_SHIFT) - 1);
			idx = end;
			break;
		}
		lim = min(end, top->plimit);
		idx = zx_layer_next(top, idx, lim);
		if (idx >= lim)
			continue;
		zx_vmo_zap(v, idx, 1);
		if (zx_layer_below_has(top, idx)) {
			/* A hole would show the parent: keep a zero page. */
			struct page *page;

			page = shmem_read_mapping_page_gfp(m, idx,
							   zx_vmo_gfp(m));
			if (IS_ERR(page)) {
				status = zx_status_from_errno(PTR_ERR(page));
				break;
			}
			clear_highpage(page);
			set_page_dirty(page);
			put_page(page);
		} else {
			shmem_truncate_range(inode, (loff_t)idx << PAGE_SHIFT,
					     ((loff_t)(idx + 1) << PAGE_SHIFT) -
					     1);
		}
		idx++;
		if (++work >= ZX_VMO_BATCH)
			break;
	}
	*pos = idx;
	return status;
}

/* Zeros bytes [off, end) of v, each piece within one page. */
static zx_status_t zx_vmo_zero_partial(struct zx_vmo *v, u64 off, u64 end)
{
	pgoff_t lim = DIV_ROUND_UP_ULL(end, PAGE_SIZE);
	unsigned int work = 0;

	while (off < end) {
		pgoff_t idx = off >> PAGE_SHIFT;
		pgoff_t next = zx_layer_next(v->top, idx, lim);
		struct page *page;
		size_t po, n;

		/* Only what some layer holds: the range may be huge. */
		if (next >= lim)
			break;
		if (next > idx)
			off = (u64)next << PAGE_SHIFT;
		idx = next;
		po = off & ~PAGE_MASK;
		n = min_t(u64, end - off, PAGE_SIZE - po);
		page = zx_vmo_own_page(v, idx);
		if (IS_ERR(page))
			return zx_status_from_errno(PTR_ERR(page));
		zero_user(page, po, n);
		set_page_dirty(page);
		put_page(page);
		off += n;
		if (++work >= ZX_VMO_BATCH) {
			work = 0;
			if (fatal_signal_pending(current))
				return ZX_ERR_CANCELED;
			cond_resched();
		}
	}
	return ZX_OK;
}

/*
 * Zeros bytes [off, off + len) of v for ZX_VMO_OP_ZERO and DECOMMIT.
 * Called with v->lock held and returns with it held, but lets go of it
 * between batches of pages (the operation is no more atomic than a
 * zx_vmo_write of zeros would be); ZX_ERR_CANCELED if the caller is
 * killed meanwhile, with v->lock then not held (*locked false).
 */
static zx_status_t zx_vmo_zero_bytes(struct zx_vmo *v, u64 off, u64 len,
				     bool *locked)
{
	u64 end = off + len;
	pgoff_t first = DIV_ROUND_UP_ULL(off, PAGE_SIZE);
	pgoff_t last = end >> PAGE_SHIFT;
	zx_status_t status;

	if (first >= last)
		return zx_vmo_zero_partial(v, off, end);
	status = zx_vmo_zero_partial(v, off, (u64)first << PAGE_SHIFT);
	if (status == ZX_OK)
		status = zx_vmo_zero_partial(v, (u64)last << PAGE_SHIFT, end);
	while (status == ZX_OK) {
		status = zx_vmo_zero_pages(v, &first, last);
		if (status != ZX_OK || first >= last)
			break;
		mutex_unlock(&v->lock);
		cond_resched();
		if (fatal_signal_pending(current) ||
		    mutex_lock_killable(&v->lock)) {
			*locked = false;
			return ZX_ERR_CANCELED;
		}
		/* A shrink meanwhile took the rest away already. */
		last = min_t(u64, last, v->size >> PAGE_SHIFT);
	}
	return status;
}

/**
 * zx_vmo_zero() - zero bytes of a VMO, for ZX_VMO_OP_ZERO and DECOMMIT
 * @v: the VMO (not a slice); v->lock is taken here
 * @off: the first byte
 * @len: the number of bytes
 *
 * Whole pages are freed where nothing below shows through; v->lock is let
 * go of between batches of them.
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE (past the size), ZX_ERR_CANCELED
 * (killed) or a status of zx_status_from_errno().
 */
zx_status_t zx_vmo_zero(struct zx_vmo *v, u64 off, u64 len)
{
	bool locked = true;
	zx_status_t status;

	if (mutex_lock_killable(&v->lock))
		return ZX_ERR_CANCELED;
	if (off + len > v->size)
		status = ZX_ERR_OUT_OF_RANGE;
	else
		status = zx_vmo_zero_bytes(v, off, len, &locked);
	if (locked)
		mutex_unlock(&v->lock);
	return status;
}

/**
 * zx_vmo_resize() - change the size of a VMO
 * @v: the VMO (not a slice), under v->lock
 * @size: the new size, @content_size rounded up to pages
 * @content_size: the size asked for, the new content size
 *
 * The bytes from @content_size to the page boundary become zeros, and the
 * pages past @size are freed and unmapped.
 *
 * Return: ZX_OK, or a status of zx_status_from_errno() with nothing changed,
 * or ZX_ERR_CANCELED (killed while zeroing a long tail: the size is as it
 * was, some bytes past the content size may be zeros already).
 */
zx_status_t zx_vmo_resize(struct zx_vmo *v, u64 size, u64 content_size)
{
	u64 old = v->size;
	zx_status_t status = ZX_OK;

	/*
	 * Zeroing the tail may need a page (a copy-up in a snapshot child),
	 * so it comes before the truncation: when it fails, nothing has
	 * changed yet.
	 */
	if (content_size < size && content_size < old)
		status = zx_vmo_zero_partial(v, content_size, min(size, old));
	if (status != ZX_OK)
		return status;
	if (size < old) {
		pgoff_t first = size >> PAGE_SHIFT;

		zx_vmo_zap(v, first, 0);
		shmem_truncate_range(file_inode(v->top->file),
				     (loff_t)size, -1);
		if (v->top->plimit > first)
			v->top->plimit = first;
	}
	WRITE_ONCE(v->size, size);
	WRITE_ONCE(v->content_size, content_size);
	return ZX_OK;
}

/* ---- commit ---- */

/**
 * zx_vmo_commit() - make pages of a VMO its own, for ZX_VMO_OP_COMMIT
 * @v: the VMO (not a slice); v->lock is taken here
 * @first: the first page
 * @end: the page after the last
 *
 * Commits a batch at a time, letting go of v->lock in between: a commit of
 * many pages takes long, and readers and faults of the same VMO must not
 * wait for all of it.
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE (the VMO shrank), ZX_ERR_CANCELED or a
 * status of zx_status_from_errno().
 */
zx_status_t zx_vmo_commit(struct zx_vmo *v, pgoff_t first, pgoff_t end)
{
	zx_status_t status = ZX_OK;

	while (status == ZX_OK && first < end) {
		pgoff_t stop = first + min_t(pgoff_t, end - first,
					     ZX_VMO_BATCH);

		if (mutex_lock_killable(&v->lock))
			return ZX_ERR_CANCELED;
		if ((u64)end << PAGE_SHIFT > v->size)
			status = ZX_ERR_OUT_OF_RANGE;
		else
			status = zx_vmo_make_own(v, first, stop);
		mutex_unlock(&v->lock);
		first = stop;
		cond_resched();
	}
	return status;
}
