// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual memory objects: zx_vmo_*, backed by shmem.
 *
 * See vmo.h for the layer design (how snapshot children share pages) and
 * the lock order.  In short: a VMO's storage is its top layer, a shmem file
 * created with VM_NORESERVE, so nothing is allocated until a page is
 * written; a page that no layer holds reads as zeros without being
 * allocated.  Pages are charged by shmem to the memory cgroup of the task
 * that first writes them, and every allocation made for a syscall may fail
 * (__GFP_RETRY_MAYFAIL) rather than invoke the OOM killer, so a process at
 * its memory.max gets ZX_ERR_NO_MEMORY.
 *
 * Locks owned here: zx_vmo.lock (a mutex per non-slice VMO) and
 * zx_vmo_family.lock (a spinlock); their place in the order is in vmo.h.
 */
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/pagemap.h>
#include <linux/pagevec.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmo.h"

/* The largest VMO: what a shmem file can hold, in whole pages. */
#define ZX_VMO_MAX_SIZE		((u64)MAX_LFS_FILESIZE & PAGE_MASK)

static unsigned int max_vmo_depth = 64;
module_param(max_vmo_depth, uint, 0644);
MODULE_PARM_DESC(max_vmo_depth,
		 "Most snapshot generations stacked under one VMO");

static gfp_t zx_vmo_gfp(struct address_space *m)
{
	return mapping_gfp_mask(m) | __GFP_RETRY_MAYFAIL | __GFP_NOWARN;
}

static zx_status_t zx_errno_status(long err)
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

static struct zx_vmo_layer *zx_layer_new(struct zx_vmo_layer *parent,
					 pgoff_t poff, pgoff_t plimit)
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
	if (parent && plimit) {
		refcount_inc(&parent->ref);
		l->parent = parent;
		l->poff = poff;
		l->plimit = plimit;
		l->depth = parent->depth + 1;
	}
	return l;
}

/* Drops a layer and, iteratively, the ancestors it was the last user of. */
static void zx_layer_put(struct zx_vmo_layer *l)
{
	while (l && refcount_dec_and_test(&l->ref)) {
		struct zx_vmo_layer *parent = l->parent;

		fput(l->file);
		kfree(l);
		l = parent;
	}
}

static struct address_space *zx_layer_mapping(struct zx_vmo_layer *l)
{
	return l->file->f_mapping;
}

/* Whether the layer itself holds page @idx (in memory or in swap). */
static bool zx_layer_has(struct zx_vmo_layer *l, pgoff_t idx)
{
	return xa_load(&zx_layer_mapping(l)->i_pages, idx) != NULL;
}

static bool zx_layer_empty(struct zx_vmo_layer *l)
{
	return xa_empty(&zx_layer_mapping(l)->i_pages);
}

/*
 * Page @idx of layer @l itself, with a reference; NULL for a hole.  A page
 * in memory is found without locking it (the caller's zx_vmo.lock keeps
 * the layer's own writers and truncations away); one in swap, or not up to
 * date, is left to shmem.
 */
static struct page *zx_layer_page(struct zx_vmo_layer *l, pgoff_t idx)
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

/*
 * The page seen at @idx through layer @l, with a reference, or NULL where
 * every layer on the way has a hole (zeros).  Only the first layer may be
 * mutable; the caller holds the lock of the VMO it belongs to.
 */
static struct page *zx_layer_lookup(struct zx_vmo_layer *l, pgoff_t idx)
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

/* Removes every page table entry that maps pages [idx, idx + n) of v. */
static void zx_vmo_zap(struct zx_vmo *v, pgoff_t idx, pgoff_t n)
{
	if (v->view)
		unmap_mapping_range(v->view->f_mapping,
				    (loff_t)idx << PAGE_SHIFT,
				    (loff_t)n << PAGE_SHIFT, 1);
}

/*
 * Page @idx of v's own top layer, with a reference: made from zeros, or
 * copied up from the layers below when one of them shows data there.
 */
static struct page *zx_vmo_own_page(struct zx_vmo *v, pgoff_t idx)
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

/*
 * Makes pages [first, end) of v its own (allocated, or copied up from the
 * layers below), changing no byte it shows.  Under v->lock.  The pages are
 * marked dirty: shmem may drop a clean page under memory pressure (it reads
 * back as zeros), and a committed page must stay until it is decommitted.
 */
static zx_status_t zx_vmo_make_own(struct zx_vmo *v, pgoff_t first,
				   pgoff_t end)
{
	pgoff_t idx;

	for (idx = first; idx < end; idx++) {
		if (!zx_layer_has(v->top, idx)) {
			struct page *page = zx_vmo_own_page(v, idx);

			if (IS_ERR(page))
				return zx_errno_status(PTR_ERR(page));
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
				status = zx_errno_status(PTR_ERR(page));
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
	while (off < end) {
		pgoff_t idx = off >> PAGE_SHIFT;
		size_t po = off & ~PAGE_MASK;
		size_t n = min_t(u64, end - off, PAGE_SIZE - po);

		if (zx_layer_has(v->top, idx) ||
		    zx_layer_below_has(v->top, idx)) {
			struct page *page = zx_vmo_own_page(v, idx);

			if (IS_ERR(page))
				return zx_errno_status(PTR_ERR(page));
			zero_user(page, po, n);
			set_page_dirty(page);
			put_page(page);
		}
		off += n;
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

/* ---- the object ---- */

static void zx_family_put(struct zx_vmo_family *f)
{
	if (f && refcount_dec_and_test(&f->ref))
		kfree(f);
}

static void zx_vmo_destroy(struct zx_object *obj)
{
	struct zx_vmo *v = zx_vmo_of(obj);
	struct zx_vmo_family *pf = v->parent_family;

	spin_lock(&v->family->lock);
	v->family->parent = NULL;
	spin_unlock(&v->family->lock);
	zx_family_put(v->family);

	if (pf) {
		spin_lock(&pf->lock);
		if (pf->parent && !--pf->children)
			zx_object_update_signals(&pf->parent->base, 0,
						 ZX_VMO_ZERO_CHILDREN);
		spin_unlock(&pf->lock);
		zx_family_put(pf);
	}
	if (v->target)
		zx_object_put(&v->target->base);
	zx_layer_put(v->top);
	if (v->view)
		fput(v->view);
	mutex_destroy(&v->lock);
	kfree(v);
}

const struct zx_object_ops zx_vmo_ops = {
	.type = ZX_OBJ_TYPE_VMO,
	.signal_mask = ZX_USER_SIGNAL_ALL,
	.destroy = zx_vmo_destroy,
};

/* A new VMO without storage, or NULL with the reason in *status. */
static struct zx_vmo *zx_vmo_alloc(u32 flags, u64 size, u64 content_size,
				   zx_status_t *status)
{
	struct zx_vmo *v;

	*status = ZX_ERR_NO_MEMORY;
	v = kzalloc(sizeof(*v), ZX_GFP);
	if (!v)
		return NULL;
	v->family = kzalloc(sizeof(*v->family), ZX_GFP);
	if (!v->family) {
		kfree(v);
		return NULL;
	}
	spin_lock_init(&v->family->lock);
	refcount_set(&v->family->ref, 1);
	v->family->parent = v;
	mutex_init(&v->lock);
	v->flags = flags;
	v->size = size;
	v->content_size = content_size;
	v->cache_policy = ZX_CACHE_POLICY_CACHED;
	atomic_set(&v->mappings, 0);
	*status = zx_object_init(&v->base, &zx_vmo_ops, ZX_VMO_ZERO_CHILDREN);
	if (*status != ZX_OK) {
		zx_object_put(&v->base);
		return NULL;
	}
	return v;
}

bool zx_object_is_vmo(struct zx_object *obj)
{
	return obj->ops == &zx_vmo_ops;
}

u64 zx_vmo_size(struct zx_vmo *v)
{
	return READ_ONCE(v->size);
}

/* Rounds a requested size up to pages; false if it is too large. */
static bool zx_vmo_round_size(u64 size, u64 *rounded)
{
	if (size > ZX_VMO_MAX_SIZE)
		return false;
	*rounded = round_up(size, PAGE_SIZE);
	return *rounded <= ZX_VMO_MAX_SIZE;
}

zx_status_t zx_ioctl_vmo_create(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmo_create a;
	zx_rights_t rights = ZX_DEFAULT_VMO_RIGHTS;
	struct zx_vmo_layer *top;
	zx_status_t status;
	struct zx_vmo *v;
	u32 flags = 0;
	u64 size;

	if (zx_copy_arg(&a, uarg) || a.reserved)
		return ZX_ERR_INVALID_ARGS;
	if (a.options & ~(ZX_VMO_RESIZABLE | ZX_VMO_DISCARDABLE |
			  ZX_VMO_TRAP_DIRTY | ZX_VMO_UNBOUNDED))
		return ZX_ERR_INVALID_ARGS;
	/* Fuchsia's discardable, dirty-trapping and unbounded VMOs. */
	if (a.options & ~ZX_VMO_RESIZABLE)
		return ZX_ERR_NOT_SUPPORTED;
	if (!zx_vmo_round_size(a.size, &size))
		return ZX_ERR_OUT_OF_RANGE;
	if (a.options & ZX_VMO_RESIZABLE) {
		flags |= ZXV_RESIZABLE;
		rights |= ZX_RIGHT_RESIZE;
	}
	top = zx_layer_new(NULL, 0, 0);
	if (IS_ERR(top))
		return zx_errno_status(PTR_ERR(top));
	v = zx_vmo_alloc(flags, size, a.size, &status);
	if (!v) {
		zx_layer_put(top);
		return status;
	}
	v->top = top;
	atomic_inc(&v->base.handle_count);
	return zx_table_install_user(t, &v->base, rights, a.out);
}

/* ---- read and write ---- */

/*
 * The status for a user buffer the kernel could not access at @addr:
 * ZX_ERR_NOT_FOUND where nothing is mapped, ZX_ERR_INVALID_ARGS for a
 * pointer that is not a user address or names memory of the wrong kind.
 */
static zx_status_t zx_user_fault_status(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	bool mapped;

	if (!addr || !access_ok((void __user *)addr, 1) || !mm)
		return ZX_ERR_INVALID_ARGS;
	mmap_read_lock(mm);
	vma = find_vma(mm, addr);
	mapped = vma && vma->vm_start <= addr;
	mmap_read_unlock(mm);
	/* Below the usual vm.mmap_min_addr nothing can ever be mapped. */
	if (mapped || addr < SZ_64K)
		return ZX_ERR_INVALID_ARGS;
	return ZX_ERR_NOT_FOUND;
}

static zx_status_t zx_check_buffer(u64 buf, u64 len)
{
	if (!len)
		return ZX_OK;
	if (!buf || !access_ok(zx_uptr(buf), len))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

static bool zx_range_ok(u64 off, u64 len, u64 size)
{
	return len <= size && off <= size - len;
}

/* Pages a read looks up under one hold of zx_vmo.lock. */
#define ZX_VMO_READ_BATCH	16

/*
 * Looks up to ZX_VMO_READ_BATCH pages under v->lock, then copies them out
 * without it (the destination may fault, and a fault on a mapping of this
 * very VMO takes mmap_lock, then v->lock).
 */
static zx_status_t zx_vmo_read_store(struct zx_vmo *v, u64 off,
				     char __user *buf, u64 len)
{
	struct page *pages[ZX_VMO_READ_BATCH];
	zx_status_t status = ZX_OK, found;

	while (len && status == ZX_OK) {
		u64 boff = off, blen = len;
		unsigned int np = 0, i;

		/* The pages up to the first that cannot be had. */
		found = ZX_OK;
		if (mutex_lock_killable(&v->lock))
			return ZX_ERR_CANCELED;
		while (blen && np < ZX_VMO_READ_BATCH) {
			size_t n = min_t(u64, blen,
					 PAGE_SIZE - (boff & ~PAGE_MASK));
			struct page *page;

			if (boff + n > v->size) {
				found = ZX_ERR_OUT_OF_RANGE;
				break;
			}
			page = zx_layer_lookup(v->top, boff >> PAGE_SHIFT);
			if (IS_ERR(page)) {
				found = zx_errno_status(PTR_ERR(page));
				break;
			}
			pages[np++] = page;
			boff += n;
			blen -= n;
		}
		mutex_unlock(&v->lock);

		for (i = 0; i < np; i++) {
			size_t po = off & ~PAGE_MASK;
			size_t n = min_t(u64, len, PAGE_SIZE - po);
			unsigned long left = 0;

			if (status == ZX_OK && pages[i]) {
				char *kaddr = kmap_local_page(pages[i]);

				left = copy_to_user(buf, kaddr + po, n);
				kunmap_local(kaddr);
			} else if (status == ZX_OK) {
				left = clear_user(buf, n);
			}
			if (pages[i])
				put_page(pages[i]);
			if (status != ZX_OK)
				continue;
			if (left) {
				status = zx_user_fault_status((unsigned long)buf +
							      n - left);
				continue;
			}
			off += n;
			buf += n;
			len -= n;
		}
		if (status == ZX_OK)
			status = found;
		if (status == ZX_OK && len && fatal_signal_pending(current))
			status = ZX_ERR_CANCELED;
		cond_resched();
	}
	return status;
}

/*
 * Writes all of [buf, buf + len) or nothing: the source is checked and the
 * pages are made (copied up, allocated) before the first byte changes, so a
 * bad buffer or a failed allocation leaves the VMO as it was.
 */
static zx_status_t zx_vmo_write_store(struct zx_vmo *v, u64 off,
				      const char __user *buf, u64 len)
{
	pgoff_t first = off >> PAGE_SHIFT;
	pgoff_t end = (off + len + PAGE_SIZE - 1) >> PAGE_SHIFT;
	zx_status_t status = ZX_OK;
	size_t left;

	if (!len)
		return ZX_OK;
	left = fault_in_readable(buf, len);
	if (left)
		return zx_user_fault_status((unsigned long)buf + len - left);

	if (mutex_lock_killable(&v->lock))
		return ZX_ERR_CANCELED;
	if (off + len > v->size) {
		status = ZX_ERR_OUT_OF_RANGE;
		goto out;
	}
	status = zx_vmo_make_own(v, first, end);
	if (status != ZX_OK)
		goto out;
	while (len) {
		size_t po = off & ~PAGE_MASK;
		size_t n = min_t(u64, len, PAGE_SIZE - po);
		struct page *page;
		char *kaddr;

		if (off + n > v->size) {
			status = ZX_ERR_OUT_OF_RANGE;
			goto out;
		}
		page = zx_vmo_own_page(v, off >> PAGE_SHIFT);
		if (IS_ERR(page)) {
			status = zx_errno_status(PTR_ERR(page));
			goto out;
		}
		kaddr = kmap_local_page(page);
		pagefault_disable();
		left = __copy_from_user_inatomic(kaddr + po, buf, n);
		pagefault_enable();
		kunmap_local(kaddr);
		flush_dcache_page(page);
		set_page_dirty(page);
		put_page(page);
		if (left) {
			/* The source is not resident: fault it in unlocked. */
			mutex_unlock(&v->lock);
			if (fault_in_readable(buf, n))
				return zx_user_fault_status((unsigned long)buf);
			if (mutex_lock_killable(&v->lock))
				return ZX_ERR_CANCELED;
			continue;
		}
		off += n;
		buf += n;
		len -= n;
		/* Killed: the caller never sees the status. */
		if (len && fatal_signal_pending(current)) {
			status = ZX_ERR_CANCELED;
			goto out;
		}
		cond_resched();
	}
out:
	mutex_unlock(&v->lock);
	return status;
}

static zx_status_t zx_ioctl_vmo_rw(struct zx_table *t, void __user *uarg,
				   bool write)
{
	struct zx_ioc_vmo_rw a;
	struct zx_object *obj;
	struct zx_vmo *v, *s;
	zx_status_t status;
	u64 off;

	if (zx_copy_arg(&a, uarg) || a.reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup(t, a.handle, &zx_vmo_ops,
				  write ? ZX_RIGHT_WRITE : ZX_RIGHT_READ,
				  &obj, NULL);
	if (status != ZX_OK)
		return status;
	v = zx_vmo_of(obj);
	s = zx_vmo_store(v);
	if (!zx_range_ok(a.offset, a.length, zx_vmo_size(v)))
		status = ZX_ERR_OUT_OF_RANGE;
	else if (READ_ONCE(s->cache_policy) != ZX_CACHE_POLICY_CACHED)
		status = ZX_ERR_BAD_STATE;
	else
		status = zx_check_buffer(a.buffer, a.length);
	if (status == ZX_OK) {
		off = a.offset + ((u64)v->slice_off << PAGE_SHIFT);
		if (write)
			status = zx_vmo_write_store(s, off,
						    zx_uptr(a.buffer),
						    a.length);
		else
			status = zx_vmo_read_store(s, off, zx_uptr(a.buffer),
						   a.length);
	}
	zx_object_put(&v->base);
	return status;
}

zx_status_t zx_ioctl_vmo_read(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_vmo_rw(t, uarg, false);
}

zx_status_t zx_ioctl_vmo_write(struct zx_table *t, void __user *uarg)
{
	return zx_ioctl_vmo_rw(t, uarg, true);
}

/* ---- size ---- */

/**
 * zx_ioctl_vmo_get_size() - zx_vmo_get_size()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_size
 *
 * Return: ZX_OK, or a status of zx_handle_lookup() or of the copy out.
 */
zx_status_t zx_ioctl_vmo_get_size(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmo_size a;
	struct zx_object *obj;
	struct zx_vmo *v;
	zx_status_t status;
	u64 size;

	if (zx_copy_arg(&a, uarg) || a.reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup(t, a.handle, &zx_vmo_ops, 0, &obj, NULL);
	if (status != ZX_OK)
		return status;
	v = zx_vmo_of(obj);
	size = zx_vmo_size(v);
	zx_object_put(&v->base);
	if (put_user(size, (u64 __user *)zx_uptr(a.value)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/**
 * zx_ioctl_vmo_set_size() - zx_vmo_set_size()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_size
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmo_set_size(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmo_size a;
	struct zx_object *obj;
	zx_rights_t rights;
	struct zx_vmo *v;
	zx_status_t status;
	u64 size, old;

	if (zx_copy_arg(&a, uarg) || a.reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup(t, a.handle, &zx_vmo_ops,
				  ZX_RIGHT_WRITE, &obj, &rights);
	if (status != ZX_OK)
		return status;
	v = zx_vmo_of(obj);
	/*
	 * Zircon's order: a VMO that is not resizable answers UNAVAILABLE
	 * whatever the rights; one that is needs RESIZE as well as WRITE.
	 */
	if (!(v->flags & ZXV_RESIZABLE)) {
		status = ZX_ERR_UNAVAILABLE;
		goto out;
	}
	if (!(rights & ZX_RIGHT_RESIZE)) {
		status = ZX_ERR_ACCESS_DENIED;
		goto out;
	}
	if (!zx_vmo_round_size(a.value, &size)) {
		status = ZX_ERR_OUT_OF_RANGE;
		goto out;
	}
	if (mutex_lock_killable(&v->lock)) {
		status = ZX_ERR_CANCELED;
		goto out;
	}
	old = v->size;
	/*
	 * The bytes from the new size to the page boundary become zeros.
	 * That may need a page (a copy-up in a snapshot child), so it comes
	 * before the truncation: when it fails, nothing has changed yet.
	 */
	if (a.value < size && a.value < old)
		status = zx_vmo_zero_partial(v, a.value, min(size, old));
	if (status == ZX_OK && size < old) {
		pgoff_t first = size >> PAGE_SHIFT;

		zx_vmo_zap(v, first, 0);
		shmem_truncate_range(file_inode(v->top->file),
				     (loff_t)size, -1);
		if (v->top->plimit > first)
			v->top->plimit = first;
	}
	if (status == ZX_OK) {
		WRITE_ONCE(v->size, size);
		v->content_size = a.value;
	}
	mutex_unlock(&v->lock);
out:
	zx_object_put(&v->base);
	return status;
}

/* ---- op_range ---- */

/*
 * Commits pages [first, end) of v a batch at a time, letting go of v->lock
 * in between: a commit of many pages takes long, and readers and faults of
 * the same VMO must not wait for all of it.
 */
static zx_status_t zx_vmo_commit(struct zx_vmo *v, pgoff_t first,
				 pgoff_t end)
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

static bool zx_vmo_cow_children(struct zx_vmo *v)
{
	bool any;

	spin_lock(&v->family->lock);
	any = v->family->children != 0 && v->cow_parent;
	spin_unlock(&v->family->lock);
	return any;
}

/* The rights @op needs in *@need; false for an unknown op. */
static bool zx_vmo_op_need(u32 op, zx_rights_t *need)
{
	*need = 0;
	switch (op) {
	case ZX_VMO_OP_COMMIT:
	case ZX_VMO_OP_DECOMMIT:
	case ZX_VMO_OP_ZERO:
	case ZX_VMO_OP_CACHE_INVALIDATE:
		*need = ZX_RIGHT_WRITE;
		return true;
	case ZX_VMO_OP_CACHE_SYNC:
	case ZX_VMO_OP_CACHE_CLEAN:
	case ZX_VMO_OP_CACHE_CLEAN_INVALIDATE:
	case ZX_VMO_OP_PREFETCH:
		*need = ZX_RIGHT_READ;
		return true;
	case ZX_VMO_OP_LOCK:
	case ZX_VMO_OP_TRY_LOCK:
	case ZX_VMO_OP_UNLOCK:
	case ZX_VMO_OP_DONT_NEED:
	case ZX_VMO_OP_ALWAYS_NEED:
		return true;
	}
	return false;
}

/*
 * zx_vmo_op_range(): applies the known @op to [@offset, @offset + @size)
 * of @v, reached through a handle with @rights that include the rights
 * zx_vmo_op_need() asks for.
 */
static zx_status_t zx_vmo_op_range(struct zx_vmo *v, zx_rights_t rights,
				   u32 op, u64 offset, u64 size)
{
	struct zx_vmo *s = zx_vmo_store(v);
	zx_status_t status = ZX_OK;
	zx_rights_t need;
	u64 off, end;

	zx_vmo_op_need(op, &need);
	if (!need && !(rights & (ZX_RIGHT_READ | ZX_RIGHT_WRITE)))
		return ZX_ERR_ACCESS_DENIED;
	if (!zx_range_ok(offset, size, zx_vmo_size(v)))
		return ZX_ERR_OUT_OF_RANGE;
	off = offset + ((u64)v->slice_off << PAGE_SHIFT);
	end = off + size;

	switch (op) {
	case ZX_VMO_OP_COMMIT:
		status = zx_vmo_commit(s, off >> PAGE_SHIFT,
				       DIV_ROUND_UP_ULL(end, PAGE_SIZE));
		break;
	case ZX_VMO_OP_DECOMMIT:
		if ((s->flags & ZXV_COW) || zx_vmo_cow_children(s)) {
			status = ZX_ERR_NOT_SUPPORTED;
			break;
		}
		if (!PAGE_ALIGNED(offset) || !PAGE_ALIGNED(size)) {
			status = ZX_ERR_INVALID_ARGS;
			break;
		}
		fallthrough;
	case ZX_VMO_OP_ZERO: {
		bool locked = true;

		if (mutex_lock_killable(&s->lock)) {
			status = ZX_ERR_CANCELED;
			break;
		}
		if (end > s->size)
			status = ZX_ERR_OUT_OF_RANGE;
		else
			status = zx_vmo_zero_bytes(s, off, size, &locked);
		if (locked)
			mutex_unlock(&s->lock);
		break;
	}
	case ZX_VMO_OP_CACHE_SYNC:
	case ZX_VMO_OP_CACHE_CLEAN:
	case ZX_VMO_OP_CACHE_CLEAN_INVALIDATE:
		/* x86 caches are coherent: nothing to do but check. */
		if (!size)
			status = ZX_ERR_INVALID_ARGS;
		break;
	case ZX_VMO_OP_CACHE_INVALIDATE:
		/* Zircon allows it only with debugging syscalls enabled. */
		status = size ? ZX_ERR_NOT_SUPPORTED : ZX_ERR_INVALID_ARGS;
		break;
	case ZX_VMO_OP_LOCK:
	case ZX_VMO_OP_TRY_LOCK:
	case ZX_VMO_OP_UNLOCK:
		/* Only discardable VMOs can be locked; none are. */
		status = ZX_ERR_NOT_SUPPORTED;
		break;
	case ZX_VMO_OP_DONT_NEED:
	case ZX_VMO_OP_ALWAYS_NEED:
	case ZX_VMO_OP_PREFETCH:
		/* Hints: nothing is pager-backed, so they succeed. */
		break;
	}
	return status;
}

/**
 * zx_ioctl_vmo_op_range() - zx_vmo_op_range(): copy in, look up, apply the op
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_op_range
 *
 * Return: a Zircon status; see zx_vmo_op_range().
 */
zx_status_t zx_ioctl_vmo_op_range(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmo_op_range a;
	struct zx_object *obj;
	zx_rights_t rights, need;
	zx_status_t status;
	bool known;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	/* An unknown op is INVALID_ARGS, after the handle's own checks. */
	known = zx_vmo_op_need(a.op, &need);
	status = zx_handle_lookup(t, a.handle, &zx_vmo_ops, need, &obj,
				  &rights);
	if (status != ZX_OK)
		return status;
	if (known)
		status = zx_vmo_op_range(zx_vmo_of(obj), rights, a.op,
					 a.offset, a.size);
	else
		status = ZX_ERR_INVALID_ARGS;
	zx_object_put(obj);
	return status;
}

/* ---- children ---- */

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
			return zx_errno_status(PTR_ERR(page));
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
	} else {
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
	struct address_space *tm = zx_layer_mapping(top), *fm;
	struct inode *inode = file_inode(top->file);
	unsigned long index;
	long err = 0;
	void *entry;

	frozen = zx_layer_new(top->parent, top->poff, top->plimit);
	if (IS_ERR(frozen))
		return frozen;
	fm = zx_layer_mapping(frozen);
	xa_for_each(&tm->i_pages, index, entry) {
		struct page *src, *dst;

		src = zx_layer_page(top, index);
		if (IS_ERR_OR_NULL(src)) {
			err = src ? PTR_ERR(src) : 0;
			if (err)
				break;
			continue;
		}
		dst = shmem_read_mapping_page_gfp(fm, index, zx_vmo_gfp(fm));
		if (IS_ERR(dst)) {
			put_page(src);
			err = PTR_ERR(dst);
			break;
		}
		copy_highpage(dst, src);
		set_page_dirty(dst);
		put_page(dst);
		put_page(src);
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			break;
		}
		cond_resched();
	}
	if (err) {
		zx_layer_put(frozen);
		return ERR_PTR(err);
	}
	/* The top keeps what the writers may still change. */
	xa_for_each(&fm->i_pages, index, entry) {
		struct page *page = find_get_page(tm, index);
		struct page *copy;
		bool keep = true;

		if (!page)
			continue;
		copy = find_get_page(fm, index);
		if (copy && !zx_folio_in_use(page_folio(page)) &&
		    zx_page_same(page, copy))
			keep = false;
		if (copy)
			put_page(copy);
		put_page(page);
		if (!keep)
			shmem_truncate_range(inode, (loff_t)index << PAGE_SHIFT,
					     ((loff_t)(index + 1) <<
					      PAGE_SHIFT) - 1);
		cond_resched();
	}
	zx_layer_put(top->parent);
	refcount_inc(&frozen->ref);
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
 * Makes the storage of a snapshot child seeing @src (maybe a slice) from
 * byte @off on; the child sees the parent's bytes up to the parent's size.
 */
static struct zx_vmo_layer *zx_vmo_snapshot(struct zx_vmo *src, u64 off,
					    u64 size)
{
	struct zx_vmo *s = zx_vmo_store(src);
	u64 src_size = zx_vmo_size(src);
	pgoff_t base = (off >> PAGE_SHIFT) + src->slice_off;
	pgoff_t visible = 0, limit;
	struct zx_vmo_layer *top, *child, *new_top;

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
		struct zx_vmo_layer *frozen = zx_vmo_freeze_pinned(s);

		if (IS_ERR(frozen)) {
			child = frozen;
			goto out;
		}
		child = zx_layer_new(frozen, base, visible);
		zx_layer_put(frozen);
		if (!IS_ERR(child))
			s->cow_parent = true;
	} else {
		new_top = zx_layer_new(top, 0, s->size >> PAGE_SHIFT);
		if (IS_ERR(new_top)) {
			child = new_top;
			goto out;
		}
		child = zx_layer_new(top, base, visible);
		if (IS_ERR(child)) {
			zx_layer_put(new_top);
			goto out;
		}
		/*
		 * Before the old top freezes, end every mapping of it: no
		 * write may reach it once it is hidden.  Faults wait on
		 * s->lock and then see the new top.
		 */
		zx_vmo_zap(s, 0, 0);
		s->top = new_top;
		s->cow_parent = true;
		zx_layer_put(top);
	}
out:
	mutex_unlock(&s->lock);
	return child;
}

/*
 * The checks of a zx_vmo_create_child() on its arguments alone, in
 * Zircon's order: the child's type goes in *@type, its size rounded up to
 * pages in *@size.
 */
static zx_status_t zx_vmo_child_args(u32 options, u64 offset, u64 req_size,
				     u32 *type, u64 *size)
{
	const u32 types = ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_SLICE |
			  ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
			  ZX_VMO_CHILD_SNAPSHOT_MODIFIED |
			  ZX_VMO_CHILD_REFERENCE;
	const u32 known = types | ZX_VMO_CHILD_RESIZABLE |
			  ZX_VMO_CHILD_NO_WRITE;
	u64 end;

	*type = options & types;
	if ((options & ~known) || hweight32(*type) != 1 ||
	    !PAGE_ALIGNED(offset))
		return ZX_ERR_INVALID_ARGS;
	if ((options & ZX_VMO_CHILD_RESIZABLE) &&
	    (options & (ZX_VMO_CHILD_NO_WRITE | ZX_VMO_CHILD_SLICE)))
		return ZX_ERR_INVALID_ARGS;
	if (check_add_overflow(offset, req_size, &end) ||
	    !zx_vmo_round_size(req_size, size) || end > ZX_VMO_MAX_SIZE)
		return ZX_ERR_OUT_OF_RANGE;
	if (*type == ZX_VMO_CHILD_REFERENCE)
		return ZX_ERR_NOT_SUPPORTED;
	return ZX_OK;
}

/*
 * zx_vmo_create_child(): makes a child of @src as @options say, of
 * @req_size bytes from @offset.  *@rights holds the source handle's
 * rights on entry and the child's on return; the child, with its creation
 * reference, goes in *@child.
 */
static zx_status_t zx_vmo_create_child(struct zx_vmo *src, u32 options,
				       u64 offset, u64 req_size,
				       zx_rights_t *rights,
				       struct zx_vmo **child)
{
	struct zx_vmo_layer *layer = NULL;
	struct zx_vmo *c;
	zx_status_t status;
	u32 type, flags = 0;
	u64 size;

	status = zx_vmo_child_args(options, offset, req_size, &type, &size);
	if (status != ZX_OK)
		return status;
	if (type == ZX_VMO_CHILD_SLICE) {
		if (zx_vmo_store(src)->flags & ZXV_RESIZABLE)
			return ZX_ERR_NOT_SUPPORTED;
		if (offset + size > zx_vmo_size(src))
			return ZX_ERR_INVALID_ARGS;
		flags = ZXV_SLICE;
		*rights &= ~ZX_RIGHT_RESIZE;
	} else {
		flags = ZXV_COW;
		*rights |= ZX_RIGHT_WRITE;
		*rights &= ~(ZX_RIGHT_EXECUTE | ZX_RIGHT_RESIZE);
		layer = zx_vmo_snapshot(src, offset, size);
		if (IS_ERR(layer))
			return PTR_ERR(layer) == -EMLINK ?
			       ZX_ERR_NO_RESOURCES :
			       zx_errno_status(PTR_ERR(layer));
	}
	if (options & ZX_VMO_CHILD_RESIZABLE) {
		flags |= ZXV_RESIZABLE;
		*rights |= ZX_RIGHT_RESIZE;
	}
	if (options & ZX_VMO_CHILD_NO_WRITE) {
		*rights &= ~ZX_RIGHT_WRITE;
		if (flags & ZXV_COW)
			flags |= ZXV_IMMUTABLE;
	}

	c = zx_vmo_alloc(flags, size, req_size, &status);
	if (!c) {
		zx_layer_put(layer);
		return status;
	}
	c->top = layer;
	if (flags & ZXV_SLICE) {
		struct zx_vmo *s = zx_vmo_store(src);

		zx_object_get(&s->base);
		c->target = s;
		c->slice_off = src->slice_off + (offset >> PAGE_SHIFT);
	}
	c->parent_koid = src->base.koid;
	refcount_inc(&src->family->ref);
	c->parent_family = src->family;
	spin_lock(&src->family->lock);
	if (!src->family->children++)
		zx_object_update_signals(&src->base, ZX_VMO_ZERO_CHILDREN, 0);
	spin_unlock(&src->family->lock);

	*child = c;
	return ZX_OK;
}

/**
 * zx_ioctl_vmo_create_child() - zx_vmo_create_child(): copy in, look up, create, install
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_create_child
 *
 * Return: a Zircon status; see zx_vmo_create_child().
 */
zx_status_t zx_ioctl_vmo_create_child(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmo_create_child a;
	struct zx_object *obj;
	struct zx_vmo *c;
	zx_rights_t rights;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup(t, a.handle, &zx_vmo_ops,
				  ZX_RIGHT_DUPLICATE | ZX_RIGHT_READ,
				  &obj, &rights);
	if (status != ZX_OK)
		return status;
	status = zx_vmo_create_child(zx_vmo_of(obj), a.options, a.offset,
				     a.size, &rights, &c);
	if (status == ZX_OK) {
		atomic_inc(&c->base.handle_count);
		status = zx_table_install_user(t, &c->base, rights, a.out);
	}
	zx_object_put(obj);
	return status;
}

/**
 * zx_ioctl_vmo_set_cache_policy() - zx_vmo_set_cache_policy()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_cache_policy
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmo_set_cache_policy(struct zx_table *t,
					  void __user *uarg)
{
	struct zx_ioc_vmo_cache_policy a;
	struct zx_object *obj;
	struct zx_vmo *v;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_handle_lookup(t, a.handle, &zx_vmo_ops, ZX_RIGHT_MAP,
				  &obj, NULL);
	if (status != ZX_OK)
		return status;
	v = zx_vmo_of(obj);
	if (a.policy & ~ZX_CACHE_POLICY_MASK) {
		status = ZX_ERR_INVALID_ARGS;
	} else if (v->parent_family || atomic_read(&v->mappings) ||
		   READ_ONCE(v->family->children)) {
		status = ZX_ERR_BAD_STATE;
	} else if (a.policy != ZX_CACHE_POLICY_CACHED) {
		/*
		 * shmem pages are ordinary cached RAM that the kernel's own
		 * mapping also reaches; other memory types would alias it.
		 */
		status = ZX_ERR_NOT_SUPPORTED;
	}
	zx_object_put(&v->base);
	return status;
}

/**
 * zx_ioctl_vmo_replace_as_executable() - zx_vmo_replace_as_executable()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmo_replace_as_exec
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE or
 * ZX_ERR_INVALID_ARGS; the old handle is gone whatever happens.
 */
zx_status_t zx_ioctl_vmo_replace_as_executable(struct zx_table *t,
					       void __user *uarg)
{
	struct zx_ioc_vmo_replace_as_exec a;
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	/* The handle is invalidated whatever happens next. */
	status = zx_table_take(t, a.handle, &obj, &rights);
	if (status != ZX_OK)
		return status;
	/* There are no resources: only "no vmex" (ambient policy) works. */
	if (!zx_object_is_vmo(obj))
		status = ZX_ERR_WRONG_TYPE;
	else if (a.vmex != ZX_HANDLE_INVALID)
		status = ZX_ERR_BAD_HANDLE;
	if (status != ZX_OK) {
		zx_object_handle_put(obj);
		return status;
	}
	return zx_table_install_user(t, obj, rights | ZX_RIGHT_EXECUTE, a.out);
}

/* ---- info and properties ---- */

void zx_vmo_get_info(struct zx_object *obj, zx_rights_t rights,
		     struct zx_abi_info_vmo *info)
{
	struct zx_vmo *v = zx_vmo_of(obj);
	struct zx_vmo *s = zx_vmo_store(v);

	memset(info, 0, sizeof(*info));
	info->koid = obj->koid;
	spin_lock(&obj->lock);
	memcpy(info->name, obj->name, sizeof(info->name));
	spin_unlock(&obj->lock);
	info->size_bytes = zx_vmo_size(v);
	info->parent_koid = v->parent_koid;
	spin_lock(&v->family->lock);
	info->num_children = v->family->children;
	spin_unlock(&v->family->lock);
	info->num_mappings = atomic_read(&v->mappings);
	info->share_count = 1;
	info->flags = ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_VIA_HANDLE;
	if (v->flags & ZXV_RESIZABLE)
		info->flags |= ZX_INFO_VMO_RESIZABLE;
	if (v->flags & ZXV_COW)
		info->flags |= ZX_INFO_VMO_IS_COW_CLONE;
	if (v->flags & ZXV_IMMUTABLE)
		info->flags |= ZX_INFO_VMO_IMMUTABLE;
	info->handle_rights = rights;
	info->cache_policy = READ_ONCE(s->cache_policy);
	if (!v->target) {
		struct inode *inode;
		u64 pages;

		/* Killed: the answer never reaches user space. */
		if (mutex_lock_killable(&s->lock))
			return;
		inode = file_inode(s->top->file);
		pages = inode->i_mapping->nrpages + SHMEM_I(inode)->swapped;
		mutex_unlock(&s->lock);
		info->committed_bytes = pages << PAGE_SHIFT;
		info->populated_bytes = info->committed_bytes;
		info->committed_private_bytes = info->committed_bytes;
		info->populated_private_bytes = info->committed_bytes;
		info->committed_scaled_bytes = info->committed_bytes;
		info->populated_scaled_bytes = info->committed_bytes;
	}
}

/**
 * zx_vmo_content_size() - get or set ZX_PROP_VMO_CONTENT_SIZE
 * @obj: the object, which must be a VMO
 * @value: the value read, or the value to set
 * @set: whether to set
 *
 * Return: ZX_OK, ZX_ERR_WRONG_TYPE, ZX_ERR_OUT_OF_RANGE (past the size) or
 * ZX_ERR_CANCELED (killed while waiting for the VMO's lock).
 */
zx_status_t zx_vmo_content_size(struct zx_object *obj, u64 *value, bool set)
{
	struct zx_vmo *v = zx_vmo_of(obj);
	struct zx_vmo *s = zx_vmo_store(v);
	zx_status_t status = ZX_OK;

	if (!zx_object_is_vmo(obj))
		return ZX_ERR_WRONG_TYPE;
	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	if (!set)
		*value = v->content_size;
	else if (*value > v->size)
		status = ZX_ERR_OUT_OF_RANGE;
	else
		v->content_size = *value;
	mutex_unlock(&s->lock);
	return status;
}

/* ---- mapping support for vmar.c ---- */

/* The inode whose i_mmap lists v's mappings (v non-slice), made once. */
struct file *zx_vmo_view(struct zx_vmo *v)
{
	struct file *view;

	if (mutex_lock_killable(&v->lock))
		return ERR_PTR(-EINTR);
	if (!v->view) {
		view = zx_view_create();
		if (!IS_ERR(view))
			v->view = view;
	}
	view = v->view ? v->view : ERR_PTR(-ENOMEM);
	mutex_unlock(&v->lock);
	return view;
}

/*
 * How a fault reports a failure.  A page the layers cannot give (they
 * allocate with __GFP_RETRY_MAYFAIL: the memory cgroup is at memory.max,
 * or memory is short) is SIGBUS for the faulting thread, as Zircon raises
 * a fatal page fault: VM_FAULT_OOM would make the core retry the fault for
 * ever, since no OOM killer ran for that allocation.  Only -ENOMEM from
 * vm_insert_page() (a page table, allocated as any other) is VM_FAULT_OOM.
 */
static vm_fault_t zx_vm_fault_errno(long err, bool page_table)
{
	return err == -ENOMEM && page_table ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
}

/*
 * Takes v->lock for a fault; false if the faulting task is killed while it
 * waits.  The fault then fails with VM_FAULT_SIGBUS: the task has SIGKILL
 * pending and dies before it could see the SIGBUS, and a kernel access
 * (get_user_pages, a copy to user memory) gets -EFAULT and unwinds.
 */
static bool zx_vmo_fault_lock(struct zx_vmo *v)
{
	return !mutex_lock_killable(&v->lock);
}

/*
 * Installs the page table entry for page @idx of v (non-slice) at
 * vmf->address: read faults map whatever the layers show (read-only: the
 * first write goes through zx_vmo_mkwrite_page()), write faults first give
 * v its own copy.  The entry is installed under v->lock, so it cannot
 * outlive a concurrent snapshot, copy-up or decommit, which zap under the
 * same lock.
 */
vm_fault_t zx_vmo_fault_page(struct zx_vmo *v, struct vm_fault *vmf,
			     pgoff_t idx, bool write)
{
	struct page *page;
	vm_fault_t ret = VM_FAULT_NOPAGE;
	int err;

	if (!zx_vmo_fault_lock(v))
		return VM_FAULT_SIGBUS;
	if (idx >= v->size >> PAGE_SHIFT) {
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	page = write ? NULL : zx_layer_lookup(v->top, idx);
	if (!page)
		page = zx_vmo_own_page(v, idx);
	if (IS_ERR(page)) {
		ret = zx_vm_fault_errno(PTR_ERR(page), false);
		goto out;
	}
	err = vm_insert_page(vmf->vma, vmf->address & PAGE_MASK, page);
	put_page(page);
	if (err && err != -EBUSY)
		ret = zx_vm_fault_errno(err, true);
out:
	mutex_unlock(&v->lock);
	return ret;
}

/*
 * A write to a present, read-only entry.  If the page is v's own, it may be
 * made writable (VM_FAULT_LOCKED); otherwise it belongs to a hidden layer:
 * copy it up, zap, and let the access fault again.
 */
vm_fault_t zx_vmo_mkwrite_page(struct zx_vmo *v, struct vm_fault *vmf,
			       pgoff_t idx)
{
	struct page *page = vmf->page;
	struct address_space *m;
	vm_fault_t ret = VM_FAULT_NOPAGE;

	if (!zx_vmo_fault_lock(v))
		return VM_FAULT_SIGBUS;
	if (idx >= v->size >> PAGE_SHIFT) {
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	m = zx_layer_mapping(v->top);
	lock_page(page);
	if (page->mapping == m && page->index == idx) {
		set_page_dirty(page);
		ret = VM_FAULT_LOCKED;
		goto out;
	}
	unlock_page(page);
	page = zx_vmo_own_page(v, idx);
	if (IS_ERR(page)) {
		ret = zx_vm_fault_errno(PTR_ERR(page), false);
		goto out;
	}
	put_page(page);
	zx_vmo_zap(v, idx, 1);
out:
	mutex_unlock(&v->lock);
	return ret;
}
