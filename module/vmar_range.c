// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmar_unmap() and zx_vmar_protect(), in the root VMAR and in
 * sub-regions (vmar_region.c has the sub-region rules).  The module
 * unmaps; for protect it checks and libzx calls mprotect(2).  Also what
 * maps and protects share: protections from ZX_VM_PERM_* and the rights
 * they need, and the search for a free range (address selection).
 *
 * No lock is owned here; zx_vmar_regions_lock (vmar_region.c) is taken
 * before mmap_lock when sub-regions are involved.
 */
#include <linux/mm.h>
#include <linux/mman.h>

#include <linux/zircon.h>

#include "vmar.h"
#include "syscalls.h"

/* ---- address selection ---- */

static void zx_gap_try(unsigned long lo, unsigned long hi, unsigned long len,
		       unsigned long align, unsigned long *best)
{
	unsigned long cand;

	if (hi <= lo || hi - lo < len)
		return;
	cand = round_down(hi - len, align);
	if (cand >= lo && cand > *best)
		*best = cand;
}

/**
 * zx_find_gap() - the highest free, aligned range of @len bytes in [@lo, @hi)
 * @mm: the address space
 * @lo: lowest address
 * @hi: end
 * @len: bytes
 * @align: alignment, a power of two of at least a page
 *
 * Return: the address, or 0 when no gap without VMAs fits.
 */
unsigned long zx_find_gap(struct mm_struct *mm, unsigned long lo,
				 unsigned long hi, unsigned long len,
				 unsigned long align)
{
	struct vm_area_struct *vma;
	unsigned long best = 0, start = lo;

	VMA_ITERATOR(vmi, mm, 0);

	mmap_read_lock(mm);
	for_each_vma(vmi, vma) {
		if (vma->vm_end <= start)
			continue;
		zx_gap_try(start, min(vma->vm_start, hi), len, align, &best);
		start = max(start, vma->vm_end);
		if (start >= hi)
			break;
	}
	zx_gap_try(start, hi, len, align, &best);
	mmap_read_unlock(mm);
	return best;
}

/* Read, write and execute, in that order, in each kind of word. */
static const u32 zx_rwx_bits[ZX_RWX_KINDS][3] = {
	[ZX_RWX_PERM] = { ZX_VM_PERM_READ, ZX_VM_PERM_WRITE,
			  ZX_VM_PERM_EXECUTE },
	[ZX_RWX_CAN_MAP] = { ZX_VM_CAN_MAP_READ, ZX_VM_CAN_MAP_WRITE,
			     ZX_VM_CAN_MAP_EXECUTE },
	[ZX_RWX_RIGHTS] = { ZX_RIGHT_READ, ZX_RIGHT_WRITE, ZX_RIGHT_EXECUTE },
	[ZX_RWX_PROT] = { PROT_READ, PROT_WRITE, PROT_EXEC },
};

/**
 * zx_rwx() - the read, write and execute bits of one word as another's
 * @v: the word
 * @from: what kind of word @v is
 * @to: the kind of word wanted
 *
 * Return: the bits of @to for each of read, write and execute set in @v.
 */
u32 zx_rwx(u32 v, enum zx_rwx_kind from, enum zx_rwx_kind to)
{
	u32 r = 0;
	int i;

	for (i = 0; i < 3; i++)
		if (v & zx_rwx_bits[from][i])
			r |= zx_rwx_bits[to][i];
	return r;
}

/**
 * zx_vm_prot() - ZX_VM_PERM_* to PROT_*
 * @options: ZX_VM_* options
 * @prot: out: the PROT_* bits
 *
 * Return: false for a combination x86 cannot map.
 */
bool zx_vm_prot(u32 options, unsigned long *prot)
{
	/* x86 cannot map execute-only: READ_IF_XOM_UNSUPPORTED adds read. */
	if (options & ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED)
		options |= ZX_VM_PERM_READ;
	if ((options & (ZX_VM_PERM_WRITE | ZX_VM_PERM_EXECUTE)) &&
	    !(options & ZX_VM_PERM_READ))
		return false;
	*prot = zx_rwx(options, ZX_RWX_PERM, ZX_RWX_PROT);
	return true;
}

/**
 * zx_prot_allowed() - whether handles with @have allow the PROT_* in @prot
 * @prot: PROT_* bits
 * @have: rights
 *
 * Return: true when READ, WRITE and EXECUTE cover @prot.
 */
bool zx_prot_allowed(unsigned long prot, zx_rights_t have)
{
	return !(zx_rwx(prot, ZX_RWX_PROT, ZX_RWX_RIGHTS) & ~have);
}

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

/*
 * The VMAR of an unmap or protect, checked in Zircon's order: the handle,
 * the options (@options_ok), then the range, whose length is rounded up to
 * pages in @a.  On failure nothing is held.
 */
static zx_status_t zx_vmar_range_arg(struct zx_table *t,
				     struct zx_ioc_vmar_range *a,
				     bool options_ok, struct zx_vmar **vmar,
				     zx_rights_t *rights)
{
	zx_status_t status;

	status = zx_vmar_get(t, a->vmar, vmar, rights);
	if (status != ZX_OK)
		return status;
	if (!options_ok)
		status = ZX_ERR_INVALID_ARGS;
	else
		status = zx_vmar_check_range(*vmar, a->addr, &a->len);
	if (status != ZX_OK)
		zx_object_put(&(*vmar)->base);
	return status;
}

/**
 * zx_ioctl_vmar_unmap() - zx_vmar_unmap()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_vmar_unmap(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmar_range *a = arg;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	struct zx_vmar *vmar;
	zx_rights_t rights;
	zx_status_t status;
	bool found, locked = false;
	int err;

	status = zx_vmar_range_arg(t, a, !a->options, &vmar, &rights);
	if (status != ZX_OK)
		return status;
	locked = zx_vmar_lock_tree(vmar);
	if (locked) {
		status = zx_region_unmap(vmar, t->file, a->addr, a->len);
		if (status != ZX_ERR_NEXT)
			goto unlock_put;
		status = ZX_OK;
	}
	mmap_read_lock(mm);
	vma = find_vma(mm, a->addr);
	found = vma && vma->vm_start < a->addr + a->len;
	mmap_read_unlock(mm);
	if (!found) {
		status = ZX_ERR_NOT_FOUND;
		goto unlock_put;
	}
	/*
	 * Linux needs memory to unmap (maple tree nodes, and a split when a
	 * mapping is only partly unmapped): that is ZX_ERR_NO_MEMORY.
	 */
	err = vm_munmap(a->addr, a->len);
	if (err)
		status = err == -ENOMEM ? ZX_ERR_NO_MEMORY :
					  ZX_ERR_INVALID_ARGS;
	else if (locked)
		zx_region_unmapped(vmar, a->addr, a->len);
unlock_put:
	if (locked)
		mutex_unlock(&zx_vmar_regions_lock);
	zx_object_put(&vmar->base);
	return status;
}

/**
 * zx_ioctl_vmar_protect() - check a zx_vmar_protect(); libzx then calls mprotect(2)
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Every page of the range must be mapped (ZX_ERR_NOT_FOUND) and every
 * mapping must allow the new access (ZX_ERR_ACCESS_DENIED), as on Zircon.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_vmar_protect(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmar_range *a = arg;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long prot, at;
	struct zx_vmar *vmar;
	zx_rights_t rights;
	zx_status_t status;
	bool locked = false;

	status = zx_vmar_range_arg(t, a, !(a->options & ~ZX_VM_PERMS) &&
				   zx_vm_prot(a->options, &prot),
				   &vmar, &rights);
	if (status != ZX_OK)
		return status;
	if (!zx_prot_allowed(prot, rights)) {
		status = ZX_ERR_ACCESS_DENIED;
		goto unlock_put;
	}
	locked = zx_vmar_lock_tree(vmar);
	if (locked)
		status = zx_region_protect_check(vmar, a->addr, a->len);
	if (status != ZX_OK)
		goto unlock_put;

	mmap_read_lock(mm);
	for (at = a->addr; at < a->addr + a->len; at = vma->vm_end) {
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
unlock_put:
	if (locked)
		mutex_unlock(&zx_vmar_regions_lock);
	zx_object_put(&vmar->base);
	return status;
}
