// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmar_unmap() and zx_vmar_protect(), in the root VMAR and in
 * sub-regions (vmar_region.c has the sub-region rules).  The module
 * unmaps; for protect it checks and libzx calls mprotect(2).
 *
 * No lock is owned here; zx_vmar_regions_lock (vmar_region.c) is taken
 * before mmap_lock when sub-regions are involved.
 */
#include <linux/mm.h>
#include <linux/mman.h>

#include <linux/zircon.h>

#include "vmar.h"

/*
 * Takes zx_vmar_regions_lock for an unmap or protect in @vmar when
 * sub-regions are involved: @vmar is one, or has children.  A root
 * without children skips the global lock (a racing allocate in the same
 * range loses its placeholders at worst: a range without VMA is taken).
 */
static bool zx_vmar_lock_tree(struct zx_vmar *vmar)
{
	if (!vmar->region && list_empty_careful(&vmar->children))
		return false;
	mutex_lock(&zx_vmar_regions_lock);
	return true;
}

static zx_status_t zx_vmar_check_range(struct zx_vmar *vmar, u64 addr,
				       u64 *len)
{
	if (!PAGE_ALIGNED(addr) || !*len)
		return ZX_ERR_INVALID_ARGS;
	if (*len > U64_MAX - PAGE_SIZE)
		return ZX_ERR_INVALID_ARGS;
	*len = PAGE_ALIGN(*len);
	if (addr < vmar->start || addr - vmar->start > vmar->len ||
	    *len > vmar->len - (addr - vmar->start))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

zx_status_t zx_ioctl_vmar_unmap(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmar_range a;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct zx_vmar *vmar;
	zx_rights_t rights;
	zx_status_t status;
	bool found, locked = false;
	int err;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_vmar_get(t, a.vmar, &vmar, &rights);
	if (status != ZX_OK)
		return status;
	/* As on Zircon, the length is rounded up to pages. */
	if (a.options)
		status = ZX_ERR_INVALID_ARGS;
	else
		status = zx_vmar_check_range(vmar, a.addr, &a.len);
	if (status != ZX_OK)
		goto out;
	locked = zx_vmar_lock_tree(vmar);
	if (locked) {
		status = zx_region_unmap(vmar, t->file, a.addr, a.len);
		if (status != ZX_ERR_NEXT)
			goto out;
		status = ZX_OK;
	}
	mmap_read_lock(mm);
	vma = find_vma(mm, a.addr);
	found = vma && vma->vm_start < a.addr + a.len;
	mmap_read_unlock(mm);
	if (!found) {
		status = ZX_ERR_NOT_FOUND;
		goto out;
	}
	/*
	 * Linux needs memory to unmap (maple tree nodes, and a split when a
	 * mapping is only partly unmapped): that is ZX_ERR_NO_MEMORY.
	 */
	err = vm_munmap(a.addr, a.len);
	if (err)
		status = err == -ENOMEM ? ZX_ERR_NO_MEMORY :
					  ZX_ERR_INVALID_ARGS;
	else if (locked)
		zx_region_unmapped(vmar, a.addr, a.len);
out:
	if (locked)
		mutex_unlock(&zx_vmar_regions_lock);
	zx_object_put(&vmar->base);
	return status;
}

/*
 * Checks a zx_vmar_protect(); libzx then calls mprotect(2).  Every page of
 * the range must be mapped (ZX_ERR_NOT_FOUND) and every mapping must allow
 * the new access (ZX_ERR_ACCESS_DENIED), as on Zircon.
 */
zx_status_t zx_ioctl_vmar_protect(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmar_range a;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long prot, at;
	struct zx_vmar *vmar;
	zx_rights_t rights;
	zx_status_t status;
	bool locked = false;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_vmar_get(t, a.vmar, &vmar, &rights);
	if (status != ZX_OK)
		return status;
	if ((a.options & ~ZX_VM_PERMS) || !zx_vm_prot(a.options, &prot))
		status = ZX_ERR_INVALID_ARGS;
	else
		status = zx_vmar_check_range(vmar, a.addr, &a.len);
	if (status == ZX_OK && !zx_prot_allowed(prot, rights))
		status = ZX_ERR_ACCESS_DENIED;
	if (status != ZX_OK)
		goto out;
	locked = zx_vmar_lock_tree(vmar);
	if (locked)
		status = zx_region_protect_check(vmar, a.addr, a.len);
	if (status != ZX_OK)
		goto out;

	mmap_read_lock(mm);
	for (at = a.addr; at < a.addr + a.len; at = vma->vm_end) {
		vma = find_vma(mm, at);
		if (!vma || vma->vm_start > at) {
			status = ZX_ERR_NOT_FOUND;
			break;
		}
		if (((prot & PROT_READ) && !(vma->vm_flags & VM_MAYREAD)) ||
		    ((prot & PROT_WRITE) && !(vma->vm_flags & VM_MAYWRITE)) ||
		    ((prot & PROT_EXEC) && !(vma->vm_flags & VM_MAYEXEC)))
			status = ZX_ERR_ACCESS_DENIED;
	}
	mmap_read_unlock(mm);
out:
	if (locked)
		mutex_unlock(&zx_vmar_regions_lock);
	zx_object_put(&vmar->base);
	return status;
}
