// SPDX-License-Identifier: GPL-2.0
/*
 * VMAR sub-regions: placeholders, the tree, and the parts of
 * zx_vmar_map()/unmap()/protect() that differ inside a sub-region
 * (zx_vmar_allocate() and zx_vmar_destroy() are in vmar_alloc.c,
 * zx_vmar_op_range() in vmar_op.c).
 *
 * A sub-region is a range of the caller's own address space that this
 * module reserves with "placeholders": mappings of the caller's
 * /dev/zircon file made by zx_vmar_reserve() (vmar.c) through the same
 * request mechanism as zx_vmar_map(), with the module's own vm_ops
 * (zx_reserve_vm_ops), PROT_NONE and no VM_MAY* access, VM_DONTEXPAND,
 * VM_DONTCOPY (a fork()ed child has none), unmovable by mremap(), and the
 * region's token (a 64-bit number never reused) in vm_private_data.
 * Anonymous PROT_NONE memory of the program (a malloc heap's reserved
 * tail, a guard page, a library's reservation) is never a placeholder.
 *
 * In a region @v, a page is free when a placeholder carrying @v's token,
 * in @v's address space, covers it (and no live child region contains
 * it); anything else is taken: a VMA of the program's, a hole left by a
 * plain munmap(2), another region's placeholder.  zx_vmar_map() replaces
 * only @v's placeholders (MAP_FIXED), after checking under mmap_lock that
 * the whole target is @v's placeholders; a thread of the same process
 * that mmap()s MAP_FIXED over the range between that check and the
 * vm_mmap() loses its own mapping, as it would to any MAP_FIXED of its
 * own (the mmap_lock cannot be held across vm_mmap()).  zx_vmar_unmap()
 * and zx_vmar_destroy() touch only the module's VMAs in the range: VMO
 * mappings (which only zx_vmar_map() into the region or a child of it
 * can put there) and placeholders of the region and its children; in a
 * region they become the region's placeholders again (so Linux's mmap()
 * never lands there), in the root they are unmapped.  VMAs of the
 * program's inside a range stay as they are.  In the root VMAR a page
 * is free when no VMA covers it, as before.
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
 *                                   Also guards zx_vmar_roots, the live
 *                                   root VMARs of every process (for
 *                                   ZX_INFO_PROCESS_MAPS, vmar_maps.c).
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
LIST_HEAD(zx_vmar_roots);

/* Whether @vma is a placeholder of region @v (in @v's address space). */
static bool zx_region_own_ph(const struct zx_vmar *v,
			     struct vm_area_struct *vma)
{
	return v->region && vma->vm_mm == v->mm &&
	       zx_vma_placeholder_token(vma) == v->token;
}

/* The innermost live region at or below @v whose range holds @x. */
static struct zx_vmar *zx_region_at(struct zx_vmar *v, unsigned long x)
{
	struct zx_vmar *c;
	bool deeper = true;

	while (deeper) {
		deeper = false;
		list_for_each_entry(c, &v->children, sibling) {
			if (x >= c->start && x - c->start < c->len) {
				v = c;
				deeper = true;
				break;
			}
		}
	}
	return v;
}

/*
 * Whether @vma, inside @scope's range, is the module's to give back: a
 * VMO mapping, or a placeholder of @scope or of the live region below it
 * that holds it.  Under mmap_lock and zx_vmar_regions_lock.
 */
static bool zx_region_owns(struct zx_vmar *scope, struct vm_area_struct *vma)
{
	if (zx_vma_is_vmo(vma))
		return true;
	return zx_region_own_ph(zx_region_at(scope, vma->vm_start), vma);
}

/*
 * The first stretch [*@a, *@b) of [@s, @e) that @scope owns, without
 * @to's own placeholders (nothing to do there); false when none.
 */
static bool zx_region_next_own(struct zx_vmar *scope, struct zx_vmar *to,
			       unsigned long s, unsigned long e,
			       unsigned long *a, unsigned long *b)
{
	struct vm_area_struct *vma;
	bool found = false;

	VMA_ITERATOR(vmi, scope->mm, s);

	mmap_read_lock(scope->mm);
	for_each_vma(vmi, vma) {
		if (vma->vm_start >= e)
			break;
		if (zx_region_own_ph(to, vma) || !zx_region_owns(scope, vma)) {
			if (found)
				break;
			continue;
		}
		if (found && vma->vm_start != *b)
			break;
		if (!found)
			*a = max(vma->vm_start, s);
		*b = min(vma->vm_end, e);
		found = true;
	}
	mmap_read_unlock(scope->mm);
	return found;
}

/* The first stretch [*@a, *@b) of @v's own placeholders in [@s, @e). */
static bool zx_region_next_ph(struct zx_vmar *v, unsigned long s,
			      unsigned long e, unsigned long *a,
			      unsigned long *b)
{
	struct vm_area_struct *vma;
	bool found = false;

	VMA_ITERATOR(vmi, v->mm, s);

	mmap_read_lock(v->mm);
	for_each_vma(vmi, vma) {
		if (vma->vm_start >= e || (found && vma->vm_start != *b) ||
		    !zx_region_own_ph(v, vma)) {
			if (found || vma->vm_start >= e)
				break;
			continue;
		}
		if (!found)
			*a = max(vma->vm_start, s);
		*b = min(vma->vm_end, e);
		found = true;
	}
	mmap_read_unlock(v->mm);
	return found;
}

/**
 * zx_region_unmap_ph() - unmap @v's own placeholders in [@s, @e)
 * @v: a region
 * @s: page-aligned start
 * @e: page-aligned end
 *
 * Only @v's placeholders go, whatever else is in the range.  With
 * zx_vmar_regions_lock held.
 *
 * Return: ZX_OK, or ZX_ERR_NO_MEMORY (the stretch that failed unchanged).
 */
zx_status_t zx_region_unmap_ph(struct zx_vmar *v, unsigned long s,
			       unsigned long e)
{
	unsigned long a, b;

	while (zx_region_next_ph(v, s, e, &a, &b)) {
		if (vm_munmap(a, b - a))
			return ZX_ERR_NO_MEMORY;
		s = b;
	}
	return ZX_OK;
}

/**
 * zx_region_give_back() - the module's VMAs in a range of @scope to @to
 * @scope: the region whose range it is
 * @to: @scope itself or its parent
 * @file: the caller's /dev/zircon file
 * @s: page-aligned start
 * @e: page-aligned end
 *
 * The module's own VMAs in [@s, @e) are unmapped, stretch by stretch, and
 * when @to is a region its placeholders cover each stretch again
 * (MAP_FIXED_NOREPLACE: if Linux cannot, or another thread of the process
 * mapped there in between, the stretch stays taken, never clobbered).
 * VMAs that are not the module's stay.  An unmap that fails changes
 * nothing of its stretch; the stretches done before stay done.  With
 * zx_vmar_regions_lock held.
 *
 * Return: ZX_OK or ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_region_give_back(struct zx_vmar *scope,
				       struct zx_vmar *to, struct file *file,
				       unsigned long s, unsigned long e)
{
	unsigned long a, b;

	while (zx_region_next_own(scope, to, s, e, &a, &b)) {
		if (vm_munmap(a, b - a))
			return ZX_ERR_NO_MEMORY;
		if (to->region)
			zx_vmar_reserve(file, to, a, b - a,
					MAP_FIXED_NOREPLACE);
		s = b;
		cond_resched();
	}
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
	INIT_LIST_HEAD(&vmar->root_link);
}

/**
 * zx_vmar_register_root() - list a new root VMAR in zx_vmar_roots
 * @vmar: a root VMAR, initialised, before its first handle is made
 *
 * The list holds no reference: zx_vmar_detach_children(), which closing
 * the last handle runs before the object can go, takes it off again.
 */
void zx_vmar_register_root(struct zx_vmar *vmar)
{
	mutex_lock(&zx_vmar_regions_lock);
	list_add_tail(&vmar->root_link, &zx_vmar_roots);
	mutex_unlock(&zx_vmar_regions_lock);
}

/**
 * zx_region_kill() - mark @v and every region below it dead
 * @v: a VMAR, with zx_vmar_regions_lock held
 *
 * Empties their children lists, dropping the lists' references;
 * iterative, whatever the depth.
 */
void zx_region_kill(struct zx_vmar *v)
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

/**
 * zx_region_unlink() - take a live @v out of its parent's list
 * @v: the region; the caller holds a reference
 */
void zx_region_unlink(struct zx_vmar *v)
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
	list_del_init(&vmar->root_link);
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
 * Whether [@s, @e) is taken in the region @v: by a VMA other than @v's
 * own placeholders, by a range without VMA, or by a child.  *@low is then the
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
			if (!zx_region_own_ph(v, vma)) {
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

/**
 * zx_region_find() - the highest free, aligned @len bytes of region @v
 * @v: the region
 * @hi: the end of the search
 * @len: bytes
 * @align: alignment, a power of two of at least a page
 * @addr: out: the address
 *
 * Each step moves below the lowest start of what took the last candidate.
 *
 * Return: ZX_OK, or ZX_ERR_NO_RESOURCES when there is no room.
 */
zx_status_t zx_region_find(struct zx_vmar *v, unsigned long hi,
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

/**
 * zx_region_free() - whether [@addr, @addr + @len) is free in region @v
 * @v: the region
 * @addr: start
 * @len: length
 *
 * Return: true when only @v's placeholders cover it and no child meets it.
 */
bool zx_region_free(struct zx_vmar *v, unsigned long addr,
			   unsigned long len)
{
	unsigned long low;
	bool taken;

	mmap_read_lock(v->mm);
	taken = zx_region_taken(v, addr, addr + len, &low);
	mmap_read_unlock(v->mm);
	return !taken;
}

/*
 * Whether SPECIFIC_OVERWRITE may replace all of [@s, @e) in region @v:
 * only @v's placeholders and VMO mappings, without holes.
 */
static bool zx_region_overwritable(struct zx_vmar *v, unsigned long s,
				   unsigned long e)
{
	struct vm_area_struct *vma;
	unsigned long at;
	bool ok = true;

	mmap_read_lock(v->mm);
	for (at = s; at < e; at = vma->vm_end) {
		vma = find_vma(v->mm, at);
		if (!vma || vma->vm_start > at ||
		    !(zx_vma_is_vmo(vma) || zx_region_own_ph(v, vma))) {
			ok = false;
			break;
		}
	}
	mmap_read_unlock(v->mm);
	return ok;
}

/* The ZX_VM_CAN_MAP_* bits that ZX_VM_PERM_* @options need. */
static u32 zx_region_can_map_needed(u32 options)
{
	if (options & ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED)
		options |= ZX_VM_PERM_READ;
	return zx_rwx(options, ZX_RWX_PERM, ZX_RWX_CAN_MAP);
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
	return ~(ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE) |
	       zx_rwx(vmar->flags, ZX_RWX_CAN_MAP, ZX_RWX_RIGHTS);
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
 * @vmar's own placeholders cover (for SPECIFIC_OVERWRITE: those and VMO
 * mappings, no child region).
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
		if (vmar->region &&
		    !zx_region_overwritable(vmar, *addr, *addr + len))
			return ZX_ERR_ALREADY_EXISTS;
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
 * @file: the caller's /dev/zircon file
 * @addr: where
 * @len: how long
 *
 * A failed MAP_FIXED may have unmapped what it replaced: put the
 * placeholders back where nothing is (if that fails too, the range has no
 * VMA and stays taken).  With zx_vmar_regions_lock held.
 */
void zx_region_map_failed(struct zx_vmar *vmar, struct file *file,
			  unsigned long addr, unsigned long len)
{
	if (vmar->region)
		zx_vmar_reserve(file, vmar, addr, len, MAP_FIXED_NOREPLACE);
}

/* Whether a VMO mapping meets [@s, @e).  Under mmap_lock. */
static bool zx_region_has_mapping(struct mm_struct *mm, unsigned long s,
				  unsigned long e)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, s); vma && vma->vm_start < e;
	     vma = find_vma(mm, vma->vm_end))
		if (zx_vma_is_vmo(vma))
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
 * @file: the caller's /dev/zircon file
 * @addr: page-aligned start
 * @len: page-rounded length
 *
 * As Zircon: a child region only partly inside the range is
 * INVALID_ARGS, one wholly inside is destroyed (once the range is
 * unmapped: the root calls zx_region_unmapped() itself).  In a region the
 * module's own VMAs in the range (VMO mappings, children's placeholders)
 * become the region's placeholders again; nothing else is touched.  With
 * zx_vmar_regions_lock held.
 *
 * Return: ZX_ERR_NEXT when the root's own unmap should go on, else the
 * status (BAD_STATE, INVALID_ARGS, NOT_FOUND, NO_MEMORY, OK).
 */
zx_status_t zx_region_unmap(struct zx_vmar *vmar, struct file *file,
			    unsigned long addr, unsigned long len)
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
	status = zx_region_give_back(vmar, vmar, file, addr, end);
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
 * only); in a region, a page that no VMO mapping covers is not mapped
 * (NOT_FOUND), whatever else may be there.  With zx_vmar_regions_lock held.
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
		if (!vma || vma->vm_start > at || !zx_vma_is_vmo(vma)) {
			status = ZX_ERR_NOT_FOUND;
			break;
		}
	}
	mmap_read_unlock(vmar->mm);
	return status;
}
