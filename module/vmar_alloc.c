// SPDX-License-Identifier: GPL-2.0
/*
 * zx_vmar_allocate() and zx_vmar_destroy(): sub-regions made and
 * destroyed.  vmar_region.c describes placeholders and owns the lock
 * (zx_vmar_regions_lock, taken before mmap_lock); no lock is owned here.
 */
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmar.h"
#include "syscalls.h"

/* Tries of a top-level allocation whose gap a concurrent mmap() took. */
#define ZX_REGION_GAP_TRIES	16

#define ZX_ALLOC_OPTIONS	(ZX_VM_CAN_MAP_RWX | ZX_VM_CAN_MAP_SPECIFIC | \
				 ZX_VM_SPECIFIC | ZX_VM_COMPACT | \
				 ZX_VM_OFFSET_IS_UPPER_LIMIT | ZX_VM_ALIGN_MASK)

/*
 * The checks of zx_vmar_allocate() on its arguments, in Zircon's order
 * (split_syscall_flags(), CreateSubVmar(), CreateSubVmarInner()), for
 * @parent; the alignment in bytes goes in *@align.
 */
static zx_status_t zx_alloc_check(const struct zx_ioc_vmar_allocate *a,
				  struct zx_vmar *parent, unsigned long *align)
{
	u32 bits = (a->options & ZX_VM_ALIGN_MASK) >> ZX_VM_ALIGN_BASE;
	bool specific = a->options & ZX_VM_SPECIFIC;
	bool upper = a->options & ZX_VM_OFFSET_IS_UPPER_LIMIT;
	u64 off = a->offset;

	if (a->options & ~ZX_ALLOC_OPTIONS)
		return ZX_ERR_INVALID_ARGS;
	if (bits && (bits < 10 || bits > 32))
		return ZX_ERR_INVALID_ARGS;
	*align = 1UL << max_t(u32, PAGE_SHIFT, bits);
	if (!PAGE_ALIGNED(a->size))
		return ZX_ERR_INVALID_ARGS;
	if (parent->dead)
		return ZX_ERR_BAD_STATE;
	if (!a->size)
		return ZX_ERR_INVALID_ARGS;
	if (a->options & ZX_VM_CAN_MAP_RWX & ~parent->flags)
		return ZX_ERR_ACCESS_DENIED;
	if ((specific && upper) || (!specific && !upper && off) ||
	    !PAGE_ALIGNED(off))
		return ZX_ERR_INVALID_ARGS;
	if (!upper && (off >= parent->len || a->size > parent->len - off))
		return ZX_ERR_INVALID_ARGS;
	if (upper && (off > parent->len || a->size > off))
		return ZX_ERR_INVALID_ARGS;
	if ((specific || upper) && !(parent->flags & ZX_VM_CAN_MAP_SPECIFIC))
		return ZX_ERR_ACCESS_DENIED;
	if (specific && !IS_ALIGNED(parent->start + off, *align))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/* Reserves a top-level @child's range in the root @parent, at *@addr. */
static zx_status_t zx_alloc_in_root(struct zx_vmar *parent,
				    struct zx_vmar *child, struct file *file,
				    const struct zx_ioc_vmar_allocate *a,
				    unsigned long align, unsigned long *addr)
{
	unsigned long hi = parent->start + parent->len, ret;
	unsigned int tries;

	if (a->options & ZX_VM_SPECIFIC) {
		ret = zx_vmar_reserve(file, child, parent->start + a->offset,
				      a->size, MAP_FIXED_NOREPLACE);
		if (ret == (unsigned long)-EEXIST)
			return ZX_ERR_ALREADY_EXISTS;
		if (IS_ERR_VALUE(ret))
			return ZX_ERR_NO_MEMORY;
		*addr = ret;
		return ZX_OK;
	}
	if (a->options & ZX_VM_OFFSET_IS_UPPER_LIMIT) {
		hi = parent->start + a->offset;
	} else if (align == PAGE_SIZE) {
		/* Linux's own choice: below mmap_base, clear of the stack. */
		ret = zx_vmar_reserve(file, child, 0, a->size, 0);
		if (!IS_ERR_VALUE(ret)) {
			*addr = ret;
			return ZX_OK;
		}
		/* ENOMEM is "no room" unless there is room: then memory. */
		if (ret == (unsigned long)-ENOMEM &&
		    !zx_find_gap(parent->mm, parent->start,
				 min(hi, parent->mm->mmap_base), a->size,
				 PAGE_SIZE))
			return ZX_ERR_NO_RESOURCES;
		return ZX_ERR_NO_MEMORY;
	}
	/* A search from the top must leave the stack room to grow. */
	hi = min(hi, parent->mm->mmap_base);
	for (tries = 0; tries < ZX_REGION_GAP_TRIES; tries++) {
		*addr = zx_find_gap(parent->mm, parent->start, hi, a->size,
				    align);
		if (!*addr)
			return ZX_ERR_NO_RESOURCES;
		ret = zx_vmar_reserve(file, child, *addr, a->size,
				      MAP_FIXED_NOREPLACE);
		if (!IS_ERR_VALUE(ret))
			return ZX_OK;
		if (ret != (unsigned long)-EEXIST)
			return ZX_ERR_NO_MEMORY;
	}
	return ZX_ERR_NO_RESOURCES;
}

/* Links @child (its range set) under @parent, by address; takes a ref. */
static void zx_region_link(struct zx_vmar *parent, struct zx_vmar *child)
{
	struct list_head *pos = &parent->children;
	struct zx_vmar *c;

	list_for_each_entry(c, &parent->children, sibling) {
		if (c->start > child->start) {
			pos = &c->sibling;
			break;
		}
	}
	zx_object_get(&child->base);
	list_add_tail(&child->sibling, pos);
	child->parent = parent;
}

/*
 * Reserves @child's range in the region @parent, at *@addr: @parent's
 * placeholders there (checked free under mmap_lock) are unmapped and
 * @child's take their place (MAP_FIXED_NOREPLACE).  If that fails,
 * @parent's go back; a range Linux cannot fill either stays taken.
 */
static zx_status_t zx_alloc_in_region(struct zx_vmar *parent,
				      struct zx_vmar *child, struct file *file,
				      const struct zx_ioc_vmar_allocate *a,
				      unsigned long align, unsigned long *addr)
{
	zx_status_t status;

	if (a->options & ZX_VM_SPECIFIC) {
		*addr = parent->start + a->offset;
		status = zx_region_free(parent, *addr, a->size) ? ZX_OK :
			 ZX_ERR_ALREADY_EXISTS;
	} else {
		status = zx_region_find(parent, (a->options &
					ZX_VM_OFFSET_IS_UPPER_LIMIT) ?
					parent->start + a->offset :
					parent->start + parent->len,
					a->size, align, addr);
	}
	if (status != ZX_OK)
		return status;
	if (zx_region_unmap_ph(parent, *addr, *addr + a->size))
		return ZX_ERR_NO_MEMORY;
	if (IS_ERR_VALUE(zx_vmar_reserve(file, child, *addr, a->size,
					 MAP_FIXED_NOREPLACE))) {
		zx_vmar_reserve(file, parent, *addr, a->size,
				MAP_FIXED_NOREPLACE);
		return ZX_ERR_NO_MEMORY;
	}
	return ZX_OK;
}

/* Places and links @child in @parent as @a asks.  Takes the lock. */
static zx_status_t zx_alloc_place(struct zx_vmar *parent,
				  struct zx_vmar *child, struct file *file,
				  const struct zx_ioc_vmar_allocate *a)
{
	unsigned long align, addr = 0;
	zx_status_t status;

	mutex_lock(&zx_vmar_regions_lock);
	status = zx_alloc_check(a, parent, &align);
	if (status != ZX_OK)
		goto unlock;
	if (!parent->region)
		status = zx_alloc_in_root(parent, child, file, a, align, &addr);
	else
		status = zx_alloc_in_region(parent, child, file, a, align,
					    &addr);
	if (status != ZX_OK)
		goto unlock;
	child->start = addr;
	child->len = a->size;
	zx_region_link(parent, child);
unlock:
	mutex_unlock(&zx_vmar_regions_lock);
	return status;
}

/* Undoes zx_alloc_place() for a zx_vmar_allocate() that failed later. */
static void zx_alloc_undo(struct zx_vmar *child, struct file *file)
{
	mutex_lock(&zx_vmar_regions_lock);
	/* Never placed (parent NULL), or destroyed meanwhile (dead). */
	if (child->parent && !child->dead) {
		/* A range Linux cannot give back stays reserved (leaks). */
		zx_region_give_back(child, child->parent, file, child->start,
				    child->start + child->len);
		zx_region_kill(child);
		zx_region_unlink(child);
	}
	mutex_unlock(&zx_vmar_regions_lock);
}

/* Region tokens: 64 bits, never reused, so never 0. */
static atomic64_t zx_region_tokens = ATOMIC64_INIT(0);

/* A new, unplaced region object for the caller's address space. */
static zx_status_t zx_region_new(u32 options, struct zx_vmar **out)
{
	struct zx_vmar *v = kzalloc(sizeof(*v), ZX_GFP);
	zx_status_t status;

	if (!v)
		return ZX_ERR_NO_MEMORY;
	mmgrab(current->mm);
	v->mm = current->mm;
	v->token = atomic64_inc_return(&zx_region_tokens);
	v->region = true;
	v->flags = options & (ZX_VM_CAN_MAP_RWX | ZX_VM_CAN_MAP_SPECIFIC |
			      ZX_VM_COMPACT);
	zx_vmar_init_tree(v);
	status = zx_vmar_object_init(v);
	if (status != ZX_OK) {
		zx_object_put(&v->base);
		return status;
	}
	*out = v;
	return ZX_OK;
}

/**
 * zx_ioctl_vmar_allocate() - zx_vmar_allocate()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmar_allocate, copied in
 *
 * The parent handle needs READ, WRITE, EXECUTE for the CAN_MAP_* asked
 * for; the child's handle has ZX_DEFAULT_VMAR_RIGHTS plus those.  The
 * address is stored before the handle; if either store fails the new
 * region is destroyed again.
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmar_allocate(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmar_allocate *a = arg;
	struct zx_vmar *parent, *child;
	zx_rights_t rights, need;
	zx_status_t status;

	need = zx_rwx(a->options, ZX_RWX_CAN_MAP, ZX_RWX_RIGHTS);
	status = zx_vmar_get(t, a->parent, &parent, &rights);
	if (status != ZX_OK)
		return status;
	if (need & ~rights) {
		status = ZX_ERR_ACCESS_DENIED;
		goto put_parent;
	}
	status = zx_region_new(a->options, &child);
	if (status != ZX_OK)
		goto put_parent;
	status = zx_alloc_place(parent, child, t->file, a);
	if (status == ZX_OK &&
	    put_user((u64)child->start, (u64 __user *)zx_uptr(a->out_addr)))
		status = ZX_ERR_INVALID_ARGS;
	if (status == ZX_OK) {
		zx_object_get(&child->base);
		atomic_inc(&child->base.handle_count);
		status = zx_table_install_user(t, &child->base,
					       ZX_DEFAULT_VMAR_RIGHTS | need,
					       a->out_vmar);
	}
	if (status != ZX_OK)
		zx_alloc_undo(child, t->file);
	zx_object_put(&child->base);
put_parent:
	zx_object_put(&parent->base);
	return status;
}

/**
 * zx_ioctl_vmar_destroy() - zx_vmar_destroy()
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmar_destroy, copied in
 *
 * Gives the module's VMAs in the region's range (its mappings, its and
 * its children's placeholders) back to the parent, never a VMA of the
 * program's, and destroys the region and its children.  When Linux runs
 * out of memory half way, the region stays alive and what was given back
 * stays given back (NO_MEMORY).  No right is needed (Zircon
 * asks for none).
 *
 * Return: ZX_OK, or BAD_HANDLE, WRONG_TYPE, INVALID_ARGS (reserved),
 * NOT_SUPPORTED (the root, or another process's), BAD_STATE (already
 * destroyed), NO_MEMORY.
 */
zx_status_t zx_ioctl_vmar_destroy(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmar_destroy *a = arg;
	struct zx_vmar *vmar, *parent;
	zx_rights_t rights;
	zx_status_t status;

	status = zx_vmar_get(t, a->vmar, &vmar, &rights);
	if (status != ZX_OK)
		return status;
	if (a->reserved) {
		status = ZX_ERR_INVALID_ARGS;
		goto put_vmar;
	}
	mutex_lock(&zx_vmar_regions_lock);
	if (!vmar->region) {
		status = ZX_ERR_NOT_SUPPORTED;
	} else if (vmar->dead) {
		status = ZX_ERR_BAD_STATE;
	} else {
		/* Only the module's VMAs in the range are given back. */
		parent = vmar->parent;
		status = zx_region_give_back(vmar, parent, t->file, vmar->start,
					     vmar->start + vmar->len);
		if (status == ZX_OK) {
			zx_region_kill(vmar);
			zx_region_unlink(vmar);
		}
	}
	mutex_unlock(&zx_vmar_regions_lock);
put_vmar:
	zx_object_put(&vmar->base);
	return status;
}
