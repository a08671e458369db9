// SPDX-License-Identifier: GPL-2.0
/*
 * VMAR sub-regions: zx_vmar_allocate(), zx_vmar_destroy(),
 * zx_vmar_op_range(), and the parts of zx_vmar_map()/unmap()/protect()
 * that differ inside a sub-region.
 *
 * A sub-region is a range of the caller's own address space that this
 * module reserves with PROT_NONE, MAP_NORESERVE anonymous mappings
 * ("placeholders": no page is ever committed, any access faults).  A
 * placeholder VMA is an anonymous VMA without access rights.  In a
 * sub-region, a page is free when a placeholder covers it and no live
 * child region contains it; zx_vmar_map() replaces placeholders with
 * MAP_FIXED, zx_vmar_unmap() and the destruction of a child put
 * placeholders back.  A range without any VMA in a sub-region (left by a
 * plain munmap(2)) counts as taken, so MAP_FIXED only ever replaces what
 * this module put there.  In the root VMAR a page is free when no VMA
 * covers it, as before; a top-level region is a placeholder there.
 *
 * The tree: a VMAR's children list holds a reference to each live child
 * region, sorted by address; a child's parent pointer is valid while the
 * child is alive.  zx_vmar_destroy() marks a region and every region
 * below it dead and drops them from the tree; closing a region's last
 * handle does not (as on Zircon: the parent still holds it).  When the
 * last handle of a root VMAR object goes, its tree is detached (marked
 * dead) without touching the address space, which may be gone already.
 *
 * Locks owned here:
 *
 *   zx_vmar_regions_lock (a mutex)  every VMAR's children list, parent,
 *                                   dead and flags, and the placement
 *                                   decisions made from them; one for all
 *                                   processes.  Taken before mmap_lock
 *                                   (vm_mmap(), vm_munmap() and the VMA
 *                                   walks run under it) and so before
 *                                   zx_map_reqs_lock and zx_vmo.lock.
 *                                   A root VMAR takes it only when it has
 *                                   children or is asked to overwrite.
 */
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmar.h"
#include "vmo.h"

DEFINE_MUTEX(zx_vmar_regions_lock);

/* Tries of a top-level allocation whose gap a concurrent mmap() took. */
#define ZX_REGION_GAP_TRIES	16

/**
 * zx_vma_is_placeholder() - whether @vma only reserves a region's pages
 * @vma: a VMA, under mmap_lock
 *
 * Return: true for an anonymous VMA without access rights.
 */
bool zx_vma_is_placeholder(struct vm_area_struct *vma)
{
	return vma_is_anonymous(vma) &&
	       !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC));
}

/* Reserves [@addr, @addr + @len) with @how (MAP_FIXED or _NOREPLACE). */
static unsigned long zx_region_reserve(unsigned long addr, unsigned long len,
				       unsigned long how)
{
	return vm_mmap(NULL, addr, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | how, 0);
}

/*
 * Gives [@addr, @addr + @len) back to @parent: free in it again.  The
 * unmap changes nothing when it fails; in a region, placeholders then
 * cover the range again, unless Linux cannot allocate them (the range
 * stays without VMA: taken, but never clobbered) or a concurrent mmap()
 * got there first (MAP_FIXED_NOREPLACE leaves it alone).
 */
static zx_status_t zx_region_give_back(struct zx_vmar *parent,
				       unsigned long addr, unsigned long len)
{
	if (vm_munmap(addr, len))
		return ZX_ERR_NO_MEMORY;
	if (parent->region)
		zx_region_reserve(addr, len, MAP_FIXED_NOREPLACE);
	return ZX_OK;
}

/**
 * zx_vmar_init_tree() - a VMAR without children or parent
 * @vmar: the new VMAR
 */
void zx_vmar_init_tree(struct zx_vmar *vmar)
{
	INIT_LIST_HEAD(&vmar->children);
	INIT_LIST_HEAD(&vmar->sibling);
}

/*
 * Marks @v and every region below it dead and empties their children
 * lists, dropping the lists' references; iterative, whatever the depth.
 */
static void zx_region_kill(struct zx_vmar *v)
{
	struct zx_vmar *c;
	LIST_HEAD(todo);

	lockdep_assert_held(&zx_vmar_regions_lock);
	v->dead = true;
	list_splice_init(&v->children, &todo);
	while (!list_empty(&todo)) {
		c = list_first_entry(&todo, struct zx_vmar, sibling);
		list_del_init(&c->sibling);
		c->dead = true;
		c->parent = NULL;
		list_splice_init(&c->children, &todo);
		zx_object_put(&c->base);
	}
}

/* Takes a live @v out of its parent's list; the caller holds a ref. */
static void zx_region_unlink(struct zx_vmar *v)
{
	list_del_init(&v->sibling);
	v->parent = NULL;
	zx_object_put(&v->base);
}

/**
 * zx_vmar_detach_children() - forget the tree below a root VMAR
 * @vmar: a root VMAR whose last handle went
 *
 * The address space keeps its placeholders and mappings; the regions are
 * dead for their remaining handles.
 */
void zx_vmar_detach_children(struct zx_vmar *vmar)
{
	mutex_lock(&zx_vmar_regions_lock);
	zx_region_kill(vmar);
	mutex_unlock(&zx_vmar_regions_lock);
}

/*
 * Whether a live child of @v meets [@s, @e); *@partial when one is not
 * wholly inside, *@low the lowest start of those that meet it.
 */
static bool zx_region_child_meets(struct zx_vmar *v, unsigned long s,
				  unsigned long e, bool *partial,
				  unsigned long *low)
{
	struct zx_vmar *c;
	bool met = false;

	*partial = false;
	list_for_each_entry(c, &v->children, sibling) {
		if (c->start >= e || c->start + c->len <= s)
			continue;
		if (!met)
			*low = c->start;
		met = true;
		if (c->start < s || c->start + c->len > e)
			*partial = true;
	}
	return met;
}

/*
 * Whether [@s, @e) is taken in the region @v: by a VMA other than a
 * placeholder, by a range without VMA, or by a child.  *@low is then the
 * lowest start of what takes it.  Under mmap_lock.
 */
static bool zx_region_taken(struct zx_vmar *v, unsigned long s,
			    unsigned long e, unsigned long *low)
{
	unsigned long pos = v->start, child_low;
	struct vm_area_struct *vma;
	bool taken = false, partial;

	VMA_ITERATOR(vmi, v->mm, v->start);

	/* pos: where the last VMA seen ended (a hole there starts there). */
	for_each_vma(vmi, vma) {
		if (vma->vm_start >= e)
			break;
		if (vma->vm_end > s) {
			if (vma->vm_start > s && vma->vm_start > pos) {
				*low = pos;
				taken = true;
				break;
			}
			if (!zx_vma_is_placeholder(vma)) {
				*low = vma->vm_start;
				taken = true;
				break;
			}
		}
		pos = vma->vm_end;
	}
	if (!taken && pos < e) {
		*low = pos;
		taken = true;
	}
	if (zx_region_child_meets(v, s, e, &partial, &child_low)) {
		if (!taken || child_low < *low)
			*low = child_low;
		taken = true;
	}
	return taken;
}

/*
 * The highest free, @align-aligned @len bytes of region @v below @hi, in
 * *@addr; ZX_ERR_NO_RESOURCES when there are none.  Each step moves below
 * the lowest start of what took the last candidate.
 */
static zx_status_t zx_region_find(struct zx_vmar *v, unsigned long hi,
				  unsigned long len, unsigned long align,
				  unsigned long *addr)
{
	unsigned long lo = v->start, cand, low;
	zx_status_t status = ZX_ERR_NO_RESOURCES;

	if (hi < lo || hi - lo < len)
		return status;
	cand = round_down(hi - len, align);
	mmap_read_lock(v->mm);
	while (cand >= lo) {
		if (!zx_region_taken(v, cand, cand + len, &low)) {
			*addr = cand;
			status = ZX_OK;
			break;
		}
		if (low < lo + len)
			break;
		cand = round_down(low - len, align);
	}
	mmap_read_unlock(v->mm);
	return status;
}

/* Whether [@addr, @addr + @len) is free in region @v. */
static bool zx_region_free(struct zx_vmar *v, unsigned long addr,
			   unsigned long len)
{
	unsigned long low;
	bool taken;

	mmap_read_lock(v->mm);
	taken = zx_region_taken(v, addr, addr + len, &low);
	mmap_read_unlock(v->mm);
	return !taken;
}

/* The ZX_VM_CAN_MAP_* bits that ZX_VM_PERM_* @options need. */
static u32 zx_region_can_map_needed(u32 options)
{
	u32 need = 0;

	if (options & (ZX_VM_PERM_READ | ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED))
		need |= ZX_VM_CAN_MAP_READ;
	if (options & ZX_VM_PERM_WRITE)
		need |= ZX_VM_CAN_MAP_WRITE;
	if (options & ZX_VM_PERM_EXECUTE)
		need |= ZX_VM_CAN_MAP_EXECUTE;
	return need;
}

/**
 * zx_region_map_rights() - the VMO rights a mapping in @vmar may keep
 * @vmar: the VMAR mapped into
 *
 * Return: READ, WRITE and EXECUTE as its ZX_VM_CAN_MAP_* allow; the
 * mapping's VMA loses VM_MAY* for the others, so mprotect() cannot add
 * them either.
 */
zx_rights_t zx_region_map_rights(const struct zx_vmar *vmar)
{
	zx_rights_t r = ~(ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE);

	if (vmar->flags & ZX_VM_CAN_MAP_READ)
		r |= ZX_RIGHT_READ;
	if (vmar->flags & ZX_VM_CAN_MAP_WRITE)
		r |= ZX_RIGHT_WRITE;
	if (vmar->flags & ZX_VM_CAN_MAP_EXECUTE)
		r |= ZX_RIGHT_EXECUTE;
	return r;
}

/* The checks of a placement in @v that its own flags decide. */
static zx_status_t zx_region_place_check(struct zx_vmar *v, u32 options)
{
	if (v->dead)
		return ZX_ERR_BAD_STATE;
	if (zx_region_can_map_needed(options) & ~v->flags)
		return ZX_ERR_ACCESS_DENIED;
	if ((options & (ZX_VM_SPECIFIC | ZX_VM_SPECIFIC_OVERWRITE |
			ZX_VM_OFFSET_IS_UPPER_LIMIT)) &&
	    !(v->flags & ZX_VM_CAN_MAP_SPECIFIC))
		return ZX_ERR_ACCESS_DENIED;
	return ZX_OK;
}

/**
 * zx_region_map_place() - where a mapping goes in @vmar
 * @vmar: a region, or a root asked for ZX_VM_SPECIFIC_OVERWRITE
 * @options: the ZX_VM_* of the zx_vmar_map(), already checked
 * @offset: its vmar_offset, already checked against @vmar's size
 * @len: its length in pages' bytes
 * @align: the alignment, at least a page
 * @addr: in: the address the root would use; out: the address to map
 *
 * Inside a region, the result is always a MAP_FIXED address that only
 * placeholders cover (or, for SPECIFIC_OVERWRITE, no child region).
 * Called with zx_vmar_regions_lock held.
 *
 * Return: ZX_OK, or BAD_STATE (destroyed), ACCESS_DENIED (beyond the
 * region's ZX_VM_CAN_MAP_*), INVALID_ARGS (overwriting a child region),
 * ALREADY_EXISTS (SPECIFIC over something), NO_RESOURCES (no room).
 */
zx_status_t zx_region_map_place(struct zx_vmar *vmar, u32 options, u64 offset,
				unsigned long len, unsigned long align,
				unsigned long *addr)
{
	unsigned long low, hi;
	zx_status_t status;
	bool partial;

	lockdep_assert_held(&zx_vmar_regions_lock);
	status = zx_region_place_check(vmar, options);
	if (status != ZX_OK)
		return status;
	if (options & ZX_VM_SPECIFIC_OVERWRITE) {
		*addr = vmar->start + offset;
		if (zx_region_child_meets(vmar, *addr, *addr + len, &partial,
					  &low))
			return ZX_ERR_INVALID_ARGS;
		return ZX_OK;
	}
	if (options & ZX_VM_SPECIFIC) {
		*addr = vmar->start + offset;
		return zx_region_free(vmar, *addr, len) ? ZX_OK :
		       ZX_ERR_ALREADY_EXISTS;
	}
	hi = vmar->start + vmar->len;
	if (options & ZX_VM_OFFSET_IS_UPPER_LIMIT)
		hi = vmar->start + offset;
	return zx_region_find(vmar, hi, len, align, addr);
}

/**
 * zx_region_map_failed() - a MAP_FIXED vm_mmap() in @vmar failed
 * @vmar: the region
 * @addr: where
 * @len: how long
 *
 * A failed MAP_FIXED may have unmapped what it replaced: put the
 * placeholders back where nothing is (if that fails too, the range has no
 * VMA and stays taken).  With zx_vmar_regions_lock held.
 */
void zx_region_map_failed(struct zx_vmar *vmar, unsigned long addr,
			  unsigned long len)
{
	if (vmar->region)
		zx_region_reserve(addr, len, MAP_FIXED_NOREPLACE);
}

/* Whether anything but placeholders maps [@s, @e).  Under mmap_lock. */
static bool zx_region_has_mapping(struct mm_struct *mm, unsigned long s,
				  unsigned long e)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, s); vma && vma->vm_start < e;
	     vma = find_vma(mm, vma->vm_end))
		if (!zx_vma_is_placeholder(vma))
			return true;
	return false;
}

/* Destroys the children of @v that lie wholly inside [@s, @e). */
static void zx_region_kill_inside(struct zx_vmar *v, unsigned long s,
				  unsigned long e)
{
	struct zx_vmar *c, *n;

	list_for_each_entry_safe(c, n, &v->children, sibling) {
		if (c->start < s || c->start + c->len > e)
			continue;
		zx_object_get(&c->base);
		zx_region_kill(c);
		zx_region_unlink(c);
		zx_object_put(&c->base);
	}
}

/**
 * zx_region_unmap() - the sub-region part of zx_vmar_unmap()
 * @vmar: the VMAR (root or region), its range already checked
 * @addr: page-aligned start
 * @len: page-rounded length
 *
 * As Zircon: a child region only partly inside the range is
 * INVALID_ARGS, one wholly inside is destroyed (once the range is
 * unmapped: the root calls zx_region_unmapped() itself).  In a region the
 * range becomes placeholders again.  With zx_vmar_regions_lock held.
 *
 * Return: ZX_ERR_NEXT when the root's own unmap should go on, else the
 * status (BAD_STATE, INVALID_ARGS, NOT_FOUND, NO_MEMORY, OK).
 */
zx_status_t zx_region_unmap(struct zx_vmar *vmar, unsigned long addr,
			    unsigned long len)
{
	unsigned long low, end = addr + len;
	zx_status_t status;
	bool partial, found;

	lockdep_assert_held(&zx_vmar_regions_lock);
	if (vmar->dead)
		return ZX_ERR_BAD_STATE;
	found = zx_region_child_meets(vmar, addr, end, &partial, &low);
	if (partial)
		return ZX_ERR_INVALID_ARGS;
	if (!vmar->region)
		return ZX_ERR_NEXT;
	if (!found) {
		mmap_read_lock(vmar->mm);
		found = zx_region_has_mapping(vmar->mm, addr, end);
		mmap_read_unlock(vmar->mm);
	}
	if (!found)
		return ZX_ERR_NOT_FOUND;
	status = zx_region_give_back(vmar, addr, len);
	if (status == ZX_OK)
		zx_region_unmapped(vmar, addr, len);
	return status;
}

/**
 * zx_region_unmapped() - [@addr, @addr + @len) of @vmar was unmapped
 * @vmar: the VMAR (root or region)
 * @addr: start
 * @len: length
 *
 * Destroys the child regions wholly inside, whose ranges are gone.  With
 * zx_vmar_regions_lock held.
 */
void zx_region_unmapped(struct zx_vmar *vmar, unsigned long addr,
			unsigned long len)
{
	lockdep_assert_held(&zx_vmar_regions_lock);
	zx_region_kill_inside(vmar, addr, addr + len);
}

/**
 * zx_region_protect_check() - the sub-region part of zx_vmar_protect()
 * @vmar: the VMAR (root or region), its range already checked
 * @addr: page-aligned start
 * @len: page-rounded length
 *
 * A child region in the range is INVALID_ARGS (Zircon protects mappings
 * only); in a region, a page that only a placeholder covers is not
 * mapped (NOT_FOUND).  With zx_vmar_regions_lock held.
 *
 * Return: ZX_OK when the common checks may go on, else the status.
 */
zx_status_t zx_region_protect_check(struct zx_vmar *vmar, unsigned long addr,
				    unsigned long len)
{
	struct vm_area_struct *vma;
	unsigned long low, at;
	zx_status_t status = ZX_OK;
	bool partial;

	lockdep_assert_held(&zx_vmar_regions_lock);
	if (vmar->dead)
		return ZX_ERR_BAD_STATE;
	if (zx_region_child_meets(vmar, addr, addr + len, &partial, &low))
		return ZX_ERR_INVALID_ARGS;
	if (!vmar->region)
		return ZX_OK;
	mmap_read_lock(vmar->mm);
	for (at = addr; at < addr + len; at = vma->vm_end) {
		vma = find_vma(vmar->mm, at);
		if (!vma || vma->vm_start > at || zx_vma_is_placeholder(vma)) {
			status = ZX_ERR_NOT_FOUND;
			break;
		}
	}
	mmap_read_unlock(vmar->mm);
	return status;
}

/* ---- zx_vmar_allocate() ---- */

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

/* Reserves a top-level region's range in the root @parent, at *@addr. */
static zx_status_t zx_alloc_in_root(struct zx_vmar *parent,
				    const struct zx_ioc_vmar_allocate *a,
				    unsigned long align, unsigned long *addr)
{
	unsigned long hi = parent->start + parent->len, ret;
	unsigned int tries;

	if (a->options & ZX_VM_SPECIFIC) {
		ret = zx_region_reserve(parent->start + a->offset, a->size,
					MAP_FIXED_NOREPLACE);
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
		ret = zx_region_reserve(0, a->size, 0);
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
		ret = zx_region_reserve(*addr, a->size, MAP_FIXED_NOREPLACE);
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

/* Places and links @child in @parent as @a asks.  Takes the lock. */
static zx_status_t zx_alloc_place(struct zx_vmar *parent,
				  struct zx_vmar *child,
				  const struct zx_ioc_vmar_allocate *a)
{
	unsigned long align, addr = 0;
	zx_status_t status;

	mutex_lock(&zx_vmar_regions_lock);
	status = zx_alloc_check(a, parent, &align);
	if (status != ZX_OK)
		goto out;
	if (!parent->region)
		status = zx_alloc_in_root(parent, a, align, &addr);
	else if (a->options & ZX_VM_SPECIFIC)
		status = zx_region_free(parent, parent->start + a->offset,
					a->size) ? ZX_OK : ZX_ERR_ALREADY_EXISTS;
	else
		status = zx_region_find(parent, (a->options &
					ZX_VM_OFFSET_IS_UPPER_LIMIT) ?
					parent->start + a->offset :
					parent->start + parent->len,
					a->size, align, &addr);
	if (status != ZX_OK)
		goto out;
	if (parent->region && (a->options & ZX_VM_SPECIFIC))
		addr = parent->start + a->offset;
	child->start = addr;
	child->len = a->size;
	zx_region_link(parent, child);
out:
	mutex_unlock(&zx_vmar_regions_lock);
	return status;
}

/* Undoes zx_alloc_place() for a zx_vmar_allocate() that failed later. */
static void zx_alloc_undo(struct zx_vmar *child)
{
	mutex_lock(&zx_vmar_regions_lock);
	/* Never placed (parent NULL), or destroyed meanwhile (dead). */
	if (child->parent && !child->dead) {
		/* A range Linux cannot give back stays reserved (leaks). */
		zx_region_give_back(child->parent, child->start, child->len);
		zx_region_kill(child);
		zx_region_unlink(child);
	}
	mutex_unlock(&zx_vmar_regions_lock);
}

static zx_rights_t zx_alloc_rights(u32 options)
{
	zx_rights_t r = 0;

	if (options & ZX_VM_CAN_MAP_READ)
		r |= ZX_RIGHT_READ;
	if (options & ZX_VM_CAN_MAP_WRITE)
		r |= ZX_RIGHT_WRITE;
	if (options & ZX_VM_CAN_MAP_EXECUTE)
		r |= ZX_RIGHT_EXECUTE;
	return r;
}

/* A new, unplaced region object for the caller's address space. */
static zx_status_t zx_region_new(u32 options, struct zx_vmar **out)
{
	struct zx_vmar *v = kzalloc(sizeof(*v), ZX_GFP);
	zx_status_t status;

	if (!v)
		return ZX_ERR_NO_MEMORY;
	mmgrab(current->mm);
	v->mm = current->mm;
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
 * @uarg: user pointer to struct zx_ioc_vmar_allocate
 *
 * The parent handle needs READ, WRITE, EXECUTE for the CAN_MAP_* asked
 * for; the child's handle has ZX_DEFAULT_VMAR_RIGHTS plus those.  The
 * address is stored before the handle; if either store fails the new
 * region is destroyed again.
 *
 * Return: a Zircon status.
 */
zx_status_t zx_ioctl_vmar_allocate(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmar_allocate a;
	struct zx_vmar *parent, *child;
	zx_rights_t rights, need;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	need = zx_alloc_rights(a.options);
	status = zx_vmar_get(t, a.parent, &parent, &rights);
	if (status != ZX_OK)
		return status;
	if (need & ~rights) {
		status = ZX_ERR_ACCESS_DENIED;
		goto out;
	}
	status = zx_region_new(a.options, &child);
	if (status != ZX_OK)
		goto out;
	status = zx_alloc_place(parent, child, &a);
	if (status == ZX_OK &&
	    put_user((u64)child->start, (u64 __user *)zx_uptr(a.out_addr)))
		status = ZX_ERR_INVALID_ARGS;
	if (status == ZX_OK) {
		zx_object_get(&child->base);
		atomic_inc(&child->base.handle_count);
		status = zx_table_install_user(t, &child->base,
					       ZX_DEFAULT_VMAR_RIGHTS | need,
					       a.out_vmar);
	}
	if (status != ZX_OK)
		zx_alloc_undo(child);
	zx_object_put(&child->base);
out:
	zx_object_put(&parent->base);
	return status;
}

/**
 * zx_ioctl_vmar_destroy() - zx_vmar_destroy()
 * @t: the caller's handle table
 * @uarg: user pointer to struct zx_ioc_vmar_destroy
 *
 * Unmaps everything in the region and its children, destroys them all
 * and gives the range back to the parent.  No right is needed (Zircon
 * asks for none).
 *
 * Return: ZX_OK, or BAD_HANDLE, WRONG_TYPE, INVALID_ARGS (reserved),
 * NOT_SUPPORTED (the root, or another process's), BAD_STATE (already
 * destroyed), NO_MEMORY.
 */
zx_status_t zx_ioctl_vmar_destroy(struct zx_table *t, void __user *uarg)
{
	struct zx_ioc_vmar_destroy a;
	struct zx_vmar *vmar, *parent;
	zx_rights_t rights;
	zx_status_t status;

	if (zx_copy_arg(&a, uarg))
		return ZX_ERR_INVALID_ARGS;
	status = zx_vmar_get(t, a.vmar, &vmar, &rights);
	if (status != ZX_OK)
		return status;
	if (a.reserved) {
		status = ZX_ERR_INVALID_ARGS;
		goto out;
	}
	mutex_lock(&zx_vmar_regions_lock);
	if (!vmar->region) {
		status = ZX_ERR_NOT_SUPPORTED;
	} else if (vmar->dead) {
		status = ZX_ERR_BAD_STATE;
	} else {
		/* Nothing changes when Linux cannot unmap (NO_MEMORY). */
		parent = vmar->parent;
		status = zx_region_give_back(parent, vmar->start, vmar->len);
		if (status == ZX_OK) {
			zx_region_kill(vmar);
			zx_region_unlink(vmar);
		}
	}
	mutex_unlock(&zx_vmar_regions_lock);
out:
	zx_object_put(&vmar->base);
	return status;
}
