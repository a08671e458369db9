// SPDX-License-Identifier: GPL-2.0
/*
 * The VMO side of mappings, for vmar.c: a VMO's view file, and the pages
 * that the fault handlers of its mappings install (vmo_store.c finds or
 * makes them).
 *
 * No lock is owned here.  A fault holds mmap_lock and takes the VMO's
 * zx_vmo.lock (owned by vmo.c) inside it, in the order vmo.h gives, and
 * installs or zaps page table entries only under zx_vmo.lock.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>

#include <linux/zircon.h>

#include "vmo.h"

/**
 * zx_vmo_view() - the file whose inode's i_mmap lists a VMO's mappings
 * @v: the VMO (not a slice)
 *
 * Made on the first call, kept until the VMO is destroyed.
 *
 * Return: the view (no reference for the caller), or ERR_PTR(-EINTR) or
 * ERR_PTR(-ENOMEM).
 */
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

/**
 * zx_vmo_fault_page() - install the page table entry of a fault
 * @v: the VMO (not a slice)
 * @vmf: the fault
 * @idx: the page of @v at vmf->address
 * @write: whether it is a write fault
 *
 * Read faults map whatever the layers show (read-only: the first write
 * goes through zx_vmo_mkwrite_page()), write faults first give v its own
 * copy.  The entry is installed under v->lock, so it cannot outlive a
 * concurrent snapshot, copy-up or decommit, which zap under the same lock.
 *
 * Return: VM_FAULT_NOPAGE, VM_FAULT_SIGBUS or VM_FAULT_OOM.
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
		goto unlock;
	}
	page = write ? NULL : zx_layer_lookup(v->top, idx);
	if (!page)
		page = zx_vmo_own_page(v, idx);
	if (IS_ERR(page)) {
		ret = zx_vm_fault_errno(PTR_ERR(page), false);
		goto unlock;
	}
	err = vm_insert_page(vmf->vma, vmf->address & PAGE_MASK, page);
	put_page(page);
	if (err && err != -EBUSY)
		ret = zx_vm_fault_errno(err, true);
unlock:
	mutex_unlock(&v->lock);
	return ret;
}

/**
 * zx_vmo_mkwrite_page() - a write to a present, read-only entry
 * @v: the VMO (not a slice)
 * @vmf: the fault; vmf->page is the page mapped
 * @idx: the page of @v at vmf->address
 *
 * If the page is v's own, it may be made writable; otherwise it belongs to
 * a hidden layer: it is copied up and unmapped, and the access faults
 * again.
 *
 * Return: VM_FAULT_LOCKED (the page locked, to be made writable),
 * VM_FAULT_NOPAGE (fault again) or VM_FAULT_SIGBUS.
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
		goto unlock;
	}
	m = zx_layer_mapping(v->top);
	lock_page(page);
	if (page->mapping == m && page->index == idx) {
		set_page_dirty(page);
		ret = VM_FAULT_LOCKED;
		goto unlock;
	}
	unlock_page(page);
	page = zx_vmo_own_page(v, idx);
	if (IS_ERR(page)) {
		ret = zx_vm_fault_errno(PTR_ERR(page), false);
		goto unlock;
	}
	put_page(page);
	zx_vmo_zap(v, idx, 1);
unlock:
	mutex_unlock(&v->lock);
	return ret;
}
