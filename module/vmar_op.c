// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmar_op_range(): VMO operations on the mappings of a range of a VMAR.
 *
 * No lock is owned here; zx_vmar_regions_lock (vmar_region.c) is held
 * across the checks and the work, outside mmap_lock, which is dropped
 * before each VMO operation (those take zx_vmo.lock).
 */
#include <linux/mm.h>

#include <linux/zircon.h>

#include "vmar.h"
#include "vmo.h"
#include "syscalls.h"

/* zx_vmar_op_range() ops, Zircon's numbers (zircon/types.h). */
#define ZX_VMAR_OP_COMMIT	1u
#define ZX_VMAR_OP_DECOMMIT	2u
#define ZX_VMAR_OP_MAP_RANGE	3u
#define ZX_VMAR_OP_ZERO		10u
#define ZX_VMAR_OP_DONT_NEED	12u
#define ZX_VMAR_OP_ALWAYS_NEED	13u
#define ZX_VMAR_OP_PREFETCH	14u

/* Whether @op is known; *@write when it needs ZX_RIGHT_WRITE. */
static bool zx_vmar_op_known(u32 op, bool *write)
{
	*write = op == ZX_VMAR_OP_COMMIT || op == ZX_VMAR_OP_DECOMMIT ||
		 op == ZX_VMAR_OP_ZERO;
	return *write || op == ZX_VMAR_OP_MAP_RANGE ||
	       op == ZX_VMAR_OP_DONT_NEED || op == ZX_VMAR_OP_ALWAYS_NEED ||
	       op == ZX_VMAR_OP_PREFETCH;
}

/*
 * Every page of [@s, @e) must be mapped (BAD_STATE), by this module
 * (NOT_SUPPORTED), writably if @write (ACCESS_DENIED).  Under mmap_lock.
 */
static zx_status_t zx_vmar_op_walk(struct mm_struct *mm, unsigned long s,
				   unsigned long e, bool write)
{
	struct vm_area_struct *vma;
	unsigned long at;

	for (at = s; at < e; at = vma->vm_end) {
		vma = find_vma(mm, at);
		if (!vma || vma->vm_start > at || zx_vma_is_placeholder(vma))
			return ZX_ERR_BAD_STATE;
		if (!zx_vma_is_vmo(vma))
			return ZX_ERR_NOT_SUPPORTED;
		if (write && !(vma->vm_flags & VM_MAYWRITE))
			return ZX_ERR_ACCESS_DENIED;
	}
	return ZX_OK;
}

/*
 * Applies @op to the VMO mapped at @at, up to @e; *@next is where the
 * mapping ends.  The VMO is taken under mmap_lock and worked on after.
 */
static zx_status_t zx_vmar_op_one(struct mm_struct *mm, u32 op,
				  unsigned long at, unsigned long e,
				  unsigned long *next)
{
	struct vm_area_struct *vma;
	struct zx_vmo *v = NULL;
	u64 off = 0, len = 0;
	zx_status_t status;

	mmap_read_lock(mm);
	vma = find_vma(mm, at);
	if (vma && vma->vm_start <= at && zx_vma_is_vmo(vma)) {
		v = vma->vm_private_data;
		zx_object_get(&v->base);
		off = ((u64)(vma->vm_pgoff - v->slice_off) << PAGE_SHIFT) +
		      (at - vma->vm_start);
		*next = min(e, vma->vm_end);
		len = *next - at;
	}
	mmap_read_unlock(mm);
	if (!v)
		return ZX_ERR_BAD_STATE;	/* unmapped meanwhile */
	status = zx_vmo_op_window(v, ZX_RIGHT_WRITE, op, off, len);
	zx_object_put(&v->base);
	return status;
}

/* The op, after the handle and argument checks, with the lock held. */
static zx_status_t zx_vmar_op_apply(struct zx_vmar *vmar, u32 op,
				    bool write, unsigned long addr,
				    unsigned long len)
{
	unsigned long at, next, end = addr + len;
	zx_status_t status;

	if (vmar->dead)
		return ZX_ERR_BAD_STATE;
	if (addr < vmar->start || addr - vmar->start > vmar->len ||
	    len > vmar->len - (addr - vmar->start))
		return ZX_ERR_OUT_OF_RANGE;
	mmap_read_lock(vmar->mm);
	status = zx_vmar_op_walk(vmar->mm, addr, end, write);
	mmap_read_unlock(vmar->mm);
	if (status != ZX_OK)
		return status;
	/* Hints, and page tables that faults fill anyway. */
	if (!write)
		return ZX_OK;
	for (at = addr; at < end && status == ZX_OK; at = next)
		status = zx_vmar_op_one(vmar->mm, op, at, end, &next);
	return status;
}

/**
 * zx_ioctl_vmar_op_range() - zx_vmar_op_range()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmo_op_range, copied in (handle: the VMAR,
 *	offset: the address, size: the length)
 *
 * COMMIT, DECOMMIT and ZERO apply the VMO op to each mapped VMO's part
 * of the range; MAP_RANGE, DONT_NEED, ALWAYS_NEED and PREFETCH check the
 * range and succeed (faults fill page tables; no VMO has a pager).
 *
 * Return: a Zircon status, in Zircon's order.
 */
zx_status_t zx_ioctl_vmar_op_range(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmo_op_range *a = arg;
	struct zx_vmar *vmar;
	zx_rights_t rights;
	zx_status_t status;
	bool write;

	status = zx_vmar_get(t, a->handle, &vmar, &rights);
	if (status != ZX_OK)
		return status;
	if (!zx_vmar_op_known(a->op, &write))
		status = ZX_ERR_INVALID_ARGS;
	else if (write && !(rights & ZX_RIGHT_WRITE))
		status = ZX_ERR_ACCESS_DENIED;
	else if (a->buffer || a->buffer_size)
		status = ZX_ERR_INVALID_ARGS;
	else if (a->size > U64_MAX - PAGE_SIZE + 1 || !a->size ||
		 !PAGE_ALIGNED(a->offset))
		status = ZX_ERR_INVALID_ARGS;
	if (status == ZX_OK) {
		mutex_lock(&zx_vmar_regions_lock);
		status = zx_vmar_op_apply(vmar, a->op, write, a->offset,
					  PAGE_ALIGN(a->size));
		mutex_unlock(&zx_vmar_regions_lock);
	}
	zx_object_put(&vmar->base);
	return status;
}
