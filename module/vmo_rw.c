// SPDX-License-Identifier: GPL-2.0
/*
 * VMO reads and writes: zx_vmo_read_store() and zx_vmo_write_store() copy
 * between a VMO's pages and user memory for zx_vmo_read(), zx_vmo_write()
 * and streams.  The pages themselves are found and made by vmo_store.c.
 *
 * No lock is owned here.  Pages are looked up and written under the VMO's
 * zx_vmo.lock (owned by vmo.c; its place in the order is in vmo.h).  A read
 * copies out without it, and a write copies in with page faults disabled
 * and lets go of it to fault the source in: a fault on a mapping of the
 * same VMO takes mmap_lock, then zx_vmo.lock.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include <linux/zircon.h>

#include "vmo.h"


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

/* Pages a read looks up under one hold of zx_vmo.lock. */
#define ZX_VMO_READ_BATCH	16

/*
 * Takes references to the pages of v that bytes [off, off + len) lie in,
 * up to ZX_VMO_READ_BATCH of them, in @pages (NULL for a page of zeros),
 * their number in *@np.  Stops at the first that cannot be had and returns
 * why: ZX_ERR_OUT_OF_RANGE past the size, or a status of
 * zx_status_from_errno(); ZX_ERR_CANCELED (nothing taken) when killed waiting
 * for v->lock.
 */
static zx_status_t zx_vmo_read_lookup(struct zx_vmo *v, u64 off, u64 len,
				      struct page **pages, unsigned int *np)
{
	zx_status_t found = ZX_OK;

	*np = 0;
	if (mutex_lock_killable(&v->lock))
		return ZX_ERR_CANCELED;
	while (len && *np < ZX_VMO_READ_BATCH) {
		size_t n = min_t(u64, len, PAGE_SIZE - (off & ~PAGE_MASK));
		struct page *page;

		if (off + n > v->size) {
			found = ZX_ERR_OUT_OF_RANGE;
			break;
		}
		page = zx_layer_lookup(v->top, off >> PAGE_SHIFT);
		if (IS_ERR(page)) {
			found = zx_status_from_errno(PTR_ERR(page));
			break;
		}
		pages[(*np)++] = page;
		off += n;
		len -= n;
	}
	mutex_unlock(&v->lock);
	return found;
}

/*
 * Copies @n bytes from byte @po of @page, or zeros for a NULL @page, to
 * @buf; returns the number of bytes not copied.
 */
static unsigned long zx_page_to_user(char __user *buf, struct page *page,
				     size_t po, size_t n)
{
	struct iov_iter to;

	if (!page)
		return clear_user(buf, n);
	/*
	 * As the page cache's reads do (shmem's too): a page is no heap
	 * object, so copy_to_user()'s hardened-usercopy look at it (which
	 * finds the page of the address again) is not needed.
	 */
	iov_iter_ubuf(&to, ITER_DEST, buf, n);
	return n - copy_page_to_iter(page, po, n, &to);
}

/*
 * Copies the @np pages zx_vmo_read_lookup() found for *@off to *@buf,
 * advancing *@off, *@buf and *@len past what it copied, and drops the
 * pages' references, copied or not.
 */
static zx_status_t zx_vmo_read_copy(struct page **pages, unsigned int np,
				    u64 *off, char __user **buf, u64 *len)
{
	zx_status_t status = ZX_OK;
	unsigned int i;

	for (i = 0; i < np; i++) {
		size_t po = *off & ~PAGE_MASK;
		size_t n = min_t(u64, *len, PAGE_SIZE - po);
		unsigned long left = 0;

		if (status == ZX_OK)
			left = zx_page_to_user(*buf, pages[i], po, n);
		if (pages[i])
			put_page(pages[i]);
		if (status != ZX_OK)
			continue;
		if (left) {
			status = zx_user_fault_status((unsigned long)*buf + n -
						      left);
			continue;
		}
		*off += n;
		*buf += n;
		*len -= n;
	}
	return status;
}

/**
 * zx_vmo_read_store() - copy bytes of a VMO to user memory
 * @v: the VMO (not a slice); v->lock is taken here
 * @off: the first byte
 * @buf: the user buffer
 * @len: the number of bytes
 *
 * Looks up to ZX_VMO_READ_BATCH pages under v->lock, then copies them out
 * without it (the destination may fault, and a fault on a mapping of this
 * very VMO takes mmap_lock, then v->lock).
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE (past the size), ZX_ERR_CANCELED
 * (killed), a status of zx_status_from_errno() or of a bad buffer.
 */
zx_status_t zx_vmo_read_store(struct zx_vmo *v, u64 off, char __user *buf,
			      u64 len)
{
	struct page *pages[ZX_VMO_READ_BATCH];
	zx_status_t status = ZX_OK, found;
	unsigned int np;

	while (len && status == ZX_OK) {
		/* The pages up to the first that cannot be had. */
		found = zx_vmo_read_lookup(v, off, len, pages, &np);
		status = zx_vmo_read_copy(pages, np, &off, &buf, &len);
		if (status == ZX_OK)
			status = found;
		/* Between batches only: a read of one batch is done. */
		if (status == ZX_OK && len) {
			if (fatal_signal_pending(current))
				status = ZX_ERR_CANCELED;
			cond_resched();
		}
	}
	return status;
}

/*
 * Copies @n bytes from @buf to v at byte @off, within one page, with page
 * faults disabled (v->lock is held, and a fault may want it); the number
 * of bytes not copied, the source not being resident, in *@left.
 */
static zx_status_t zx_vmo_write_page(struct zx_vmo *v, u64 off,
				     const char __user *buf, size_t n,
				     size_t *left)
{
	struct page *page;
	char *kaddr;

	if (off + n > v->size)
		return ZX_ERR_OUT_OF_RANGE;
	page = zx_vmo_own_page(v, off >> PAGE_SHIFT);
	if (IS_ERR(page))
		return zx_status_from_errno(PTR_ERR(page));
	kaddr = kmap_local_page(page);
	pagefault_disable();
	*left = __copy_from_user_inatomic(kaddr + (off & ~PAGE_MASK), buf, n);
	pagefault_enable();
	kunmap_local(kaddr);
	flush_dcache_page(page);
	set_page_dirty(page);
	put_page(page);
	return ZX_OK;
}

/**
 * zx_vmo_write_store() - copy bytes from user memory into a VMO
 * @v: the VMO (not a slice); v->lock is taken here
 * @off: the first byte
 * @buf: the user buffer
 * @len: the number of bytes
 *
 * Writes all of [buf, buf + len) or nothing: the source is checked and the
 * pages are made (copied up, allocated) before the first byte changes, so a
 * bad buffer or a failed allocation leaves the VMO as it was.
 *
 * Return: ZX_OK, ZX_ERR_OUT_OF_RANGE (past the size), ZX_ERR_CANCELED
 * (killed), a status of zx_status_from_errno() or of a bad buffer.
 */
zx_status_t zx_vmo_write_store(struct zx_vmo *v, u64 off,
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
		goto unlock;
	}
	status = zx_vmo_make_own(v, first, end);
	if (status != ZX_OK)
		goto unlock;
	while (len) {
		size_t n = min_t(u64, len, PAGE_SIZE - (off & ~PAGE_MASK));

		status = zx_vmo_write_page(v, off, buf, n, &left);
		if (status != ZX_OK)
			goto unlock;
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
			goto unlock;
		}
		cond_resched();
	}
unlock:
	mutex_unlock(&v->lock);
	return status;
}
