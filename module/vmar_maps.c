// SPDX-License-Identifier: GPL-2.0
/*
 * ZX_INFO_PROCESS_MAPS, ZX_INFO_VMAR_MAPS, and the mapped VMOs of
 * ZX_INFO_PROCESS_VMOS: what a process has mapped through this module.
 *
 * The tree Fuchsia reports is the address space (depth 0), its root VMAR
 * (1), then sub-regions and mappings below, in depth-first pre-order.
 * Here the sub-regions come from the region trees of the process's root
 * VMAR objects (zx_vmar_roots; a process may have made several, each with
 * its own tree) and the mappings from its VMAs: a VMA whose vm_ops are the
 * module's VMO mapping ops is one mapping record, under the innermost
 * region that holds it.  Placeholders (reserved, unmapped parts of a
 * region) and every VMA Linux made itself (the program's image, its
 * heap, stacks, mmap(2), the vDSO) are not listed: they are no VMO's.
 *
 * A walk is a snapshot in two steps: the regions are copied out of the
 * trees under zx_vmar_regions_lock, which is then dropped, and the VMAs
 * are walked under the mm's mmap_lock (read); a region made or destroyed
 * in between may or may not show.  Records are built in a kernel buffer
 * and copied to the caller only once mmap_lock is dropped (the caller's
 * buffer may be in the same mm, and faulting it in takes mmap_lock).
 *
 * No lock is owned here.  Taken: zx_vmar_regions_lock (vmar_region.c)
 * alone; then mmap_lock (read), and inside it a VMO's zx_vmo.lock (to
 * count the mapped pages, the order vmo.h gives) and its zx_object.lock
 * (the name).
 */
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmar.h"
#include "vmo.h"

/*
 * Records a walk may find beyond the VMAs counted before it started (a
 * concurrent mmap()); past that, a walk reports more available than it
 * wrote, as a call with too small a buffer would.
 */
#define ZX_MAPS_SLACK		64

/* Collections of the regions a walk tries while they keep growing. */
#define ZX_MAPS_TRIES		8

/* A region copied out of its tree: its range and depth below the top. */
struct zx_maps_reg {
	unsigned long start;
	unsigned long end;
	unsigned int depth;	/* 0: a child of the VMAR walked */
};

struct zx_maps_walk {
	struct mm_struct *mm;
	struct zx_maps_reg *regs;	/* sorted: pre-order */
	size_t nregs;
	size_t *stack;			/* open regions, innermost last */
	size_t sp;
	size_t next;			/* the next region to report */
	u64 top_depth;			/* of the VMAR walked */
	struct zx_abi_info_maps *recs;
	size_t cap;			/* records recs holds */
	size_t avail;			/* records found */
};

/*
 * Copies the live regions below @top, in pre-order, into @regs (as many
 * as @cap allows, from index @n on); returns @n plus the number found.
 * Iterative, whatever the depth.  With zx_vmar_regions_lock held.
 */
static size_t zx_maps_collect(struct zx_vmar *top, struct zx_maps_reg *regs,
			      size_t cap, size_t n)
{
	struct zx_vmar *c;
	unsigned int d = 0;

	lockdep_assert_held(&zx_vmar_regions_lock);
	if (top->dead || list_empty(&top->children))
		return n;
	c = list_first_entry(&top->children, struct zx_vmar, sibling);
	for (;;) {
		if (n < cap)
			regs[n] = (struct zx_maps_reg){
				.start = c->start, .end = c->start + c->len,
				.depth = d,
			};
		n++;
		if (!list_empty(&c->children)) {
			c = list_first_entry(&c->children, struct zx_vmar,
					     sibling);
			d++;
			continue;
		}
		while (c != top && list_is_last(&c->sibling, &c->parent->children)) {
			c = c->parent;
			d--;
		}
		if (c == top)
			return n;
		c = list_next_entry(c, sibling);
	}
}

/* Pre-order of regions that nest or are disjoint: by start, outer first. */
static int zx_maps_reg_cmp(const void *a, const void *b)
{
	const struct zx_maps_reg *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (int)x->depth - (int)y->depth;
}

/*
 * The regions of @vmar's tree (@vmar NULL: of every root VMAR of @mm) into
 * a new array *@regs (kvfree()), their number in *@n.
 */
static zx_status_t zx_maps_regions(struct mm_struct *mm, struct zx_vmar *vmar,
				   struct zx_maps_reg **regs, size_t *n)
{
	struct zx_vmar *root;
	size_t count = 0, got = 0;
	unsigned int tries;

	*regs = NULL;
	*n = 0;
	for (tries = 0;; tries++) {
		if (mutex_lock_killable(&zx_vmar_regions_lock)) {
			kvfree(*regs);
			*regs = NULL;
			return ZX_ERR_CANCELED;
		}
		got = 0;
		if (vmar) {
			if (vmar->dead) {
				mutex_unlock(&zx_vmar_regions_lock);
				kvfree(*regs);
				*regs = NULL;
				return ZX_ERR_BAD_STATE;
			}
			got = zx_maps_collect(vmar, *regs, count, 0);
		} else {
			list_for_each_entry(root, &zx_vmar_roots, root_link)
				if (root->mm == mm)
					got = zx_maps_collect(root, *regs,
							      count, got);
		}
		mutex_unlock(&zx_vmar_regions_lock);
		/* Regions made all the while: report those there was room for. */
		if (got <= count || tries == ZX_MAPS_TRIES) {
			got = min(got, count);
			break;
		}
		/* More than there was room for: make room, collect again. */
		kvfree(*regs);
		count = got;
		*regs = kvmalloc_array(count, sizeof(**regs), ZX_GFP);
		if (!*regs)
			return ZX_ERR_NO_MEMORY;
	}
	*n = got;
	/* Several roots' trees interleave; one tree is in order already. */
	if (!vmar && got > 1)
		sort(*regs, got, sizeof(**regs), zx_maps_reg_cmp, NULL);
	return ZX_OK;
}

/* A new record at the end, or NULL when the buffer is full (counted). */
static struct zx_abi_info_maps *zx_maps_add(struct zx_maps_walk *w, u32 type,
					    const char *name,
					    unsigned long base,
					    unsigned long size, u64 depth)
{
	struct zx_abi_info_maps *r = NULL;

	if (w->avail < w->cap) {
		r = &w->recs[w->avail];
		memset(r, 0, sizeof(*r));
		if (name)
			strscpy(r->name, name, sizeof(r->name));
		r->base = base;
		r->size = size;
		r->depth = depth;
		r->type = type;
	}
	w->avail++;
	return r;
}

/* Closes the regions that end at or before @addr. */
static void zx_maps_close(struct zx_maps_walk *w, unsigned long addr)
{
	while (w->sp && w->regs[w->stack[w->sp - 1]].end <= addr)
		w->sp--;
}

/* Reports the regions that start at or before @addr, opening each. */
static void zx_maps_regions_upto(struct zx_maps_walk *w, unsigned long addr)
{
	const struct zx_maps_reg *g;

	while (w->next < w->nregs && w->regs[w->next].start <= addr) {
		g = &w->regs[w->next];
		zx_maps_close(w, g->start);
		zx_maps_add(w, ZX_INFO_MAPS_TYPE_VMAR, "useralloc", g->start,
			    g->end - g->start, w->top_depth + 1 + g->depth);
		w->stack[w->sp++] = w->next++;
	}
}

/*
 * Fills the mapping part of @r from @vma, a VMO mapping.  The pages
 * counted are those of the VMO's own (top) layer in the mapped window:
 * pages it still shares with a snapshot parent are not its own.
 * Under mmap_lock; takes the VMO's lock.
 */
static zx_status_t zx_maps_mapping(struct zx_abi_info_maps *r,
				   struct vm_area_struct *vma)
{
	struct zx_vmo *v = vma->vm_private_data, *s = zx_vmo_store(v);
	struct zx_abi_info_maps_mapping *m = &r->u.mapping;
	unsigned long idx, pages = 0;
	void *entry;
	u64 bytes;

	spin_lock(&v->base.lock);
	memcpy(r->name, v->base.name, sizeof(r->name));
	spin_unlock(&v->base.lock);
	if (vma->vm_flags & VM_READ)
		m->mmu_flags |= ZX_VM_PERM_READ;
	if (vma->vm_flags & VM_WRITE)
		m->mmu_flags |= ZX_VM_PERM_WRITE;
	if (vma->vm_flags & VM_EXEC)
		m->mmu_flags |= ZX_VM_PERM_EXECUTE;
	m->vmo_koid = v->base.koid;
	m->vmo_offset = (u64)(vma->vm_pgoff - v->slice_off) << PAGE_SHIFT;
	if (mutex_lock_killable(&s->lock))
		return ZX_ERR_CANCELED;
	xa_for_each_range(&zx_layer_mapping(s->top)->i_pages, idx, entry,
			  vma->vm_pgoff, vma->vm_pgoff + vma_pages(vma) - 1)
		pages++;
	mutex_unlock(&s->lock);
	bytes = (u64)pages << PAGE_SHIFT;
	m->committed_bytes = bytes;
	m->populated_bytes = bytes;
	m->committed_private_bytes = bytes;
	m->populated_private_bytes = bytes;
	m->committed_scaled_bytes = bytes;
	m->populated_scaled_bytes = bytes;
	return ZX_OK;
}

/* The VMO mappings in [@lo, @hi) and the regions, under mmap_lock. */
static zx_status_t zx_maps_walk_vmas(struct zx_maps_walk *w, unsigned long lo,
				     unsigned long hi)
{
	struct zx_abi_info_maps *r;
	struct vm_area_struct *vma;
	zx_status_t status;
	u64 depth;

	VMA_ITERATOR(vmi, w->mm, lo);

	for_each_vma(vmi, vma) {
		if (vma->vm_start >= hi)
			break;
		if (!zx_vma_is_vmo(vma))
			continue;
		zx_maps_regions_upto(w, vma->vm_start);
		zx_maps_close(w, vma->vm_start);
		depth = w->top_depth + 1;
		if (w->sp)
			depth += 1 + w->regs[w->stack[w->sp - 1]].depth;
		r = zx_maps_add(w, ZX_INFO_MAPS_TYPE_MAPPING, NULL,
				vma->vm_start, vma->vm_end - vma->vm_start,
				depth);
		if (r) {
			status = zx_maps_mapping(r, vma);
			if (status != ZX_OK)
				return status;
		}
		if (fatal_signal_pending(current))
			return ZX_ERR_CANCELED;
		cond_resched();
	}
	zx_maps_regions_upto(w, ULONG_MAX);
	return ZX_OK;
}

/* The records of version @topic, as many as @a's buffer holds. */
static zx_status_t zx_maps_copy_out(const struct zx_maps_walk *w,
				    const struct zx_ioc_object_get_info *a,
				    size_t size, size_t actual)
{
	const struct zx_abi_info_maps *r;
	struct zx_abi_info_maps_v2 old;
	void __user *dst = zx_uptr(a->buffer);
	size_t i;

	for (i = 0; i < actual; i++, dst += size) {
		r = &w->recs[i];
		if (size == sizeof(*r)) {
			if (copy_to_user(dst, r, size))
				return ZX_ERR_INVALID_ARGS;
			continue;
		}
		memset(&old, 0, sizeof(old));
		memcpy(old.name, r->name, sizeof(old.name));
		old.base = r->base;
		old.size = r->size;
		old.depth = r->depth;
		old.type = r->type;
		old.u.mapping.mmu_flags = r->u.mapping.mmu_flags;
		old.u.mapping.vmo_koid = r->u.mapping.vmo_koid;
		old.u.mapping.vmo_offset = r->u.mapping.vmo_offset;
		old.u.mapping.committed_pages =
			r->u.mapping.committed_bytes >> PAGE_SHIFT;
		old.u.mapping.populated_pages =
			r->u.mapping.populated_bytes >> PAGE_SHIFT;
		if (copy_to_user(dst, &old, size))
			return ZX_ERR_INVALID_ARGS;
	}
	return ZX_OK;
}

/* The record size of a maps topic. */
static size_t zx_maps_size(u32 topic)
{
	switch (topic) {
	case ZX_INFO_PROCESS_MAPS_V1:
		return offsetof(struct zx_abi_info_maps_v2,
				u.mapping.populated_pages);
	case ZX_INFO_PROCESS_MAPS_V2:
		return sizeof(struct zx_abi_info_maps_v2);
	}
	return sizeof(struct zx_abi_info_maps);
}

/*
 * The walk of one call: @vmar's subtree (its record at depth 0), or with
 * @vmar NULL the whole of @mm (the aspace @name at depth 0, the root VMAR
 * at 1).  Writes the records and the counts to @a.
 */
static zx_status_t zx_maps(struct mm_struct *mm, struct zx_vmar *vmar,
			   const char *name,
			   const struct zx_ioc_object_get_info *a)
{
	size_t size = zx_maps_size(a->topic);
	unsigned long lo, hi;
	struct zx_maps_walk w = { .mm = mm };
	zx_status_t status;
	size_t room, actual;

	status = zx_maps_regions(mm, vmar, &w.regs, &w.nregs);
	if (status != ZX_OK)
		return status;
	room = a->buffer_size / size;
	w.cap = min_t(size_t, room, READ_ONCE(mm->map_count) + w.nregs + 2 +
		      ZX_MAPS_SLACK);
	status = ZX_ERR_NO_MEMORY;
	w.stack = kvmalloc_array(max_t(size_t, w.nregs, 1), sizeof(*w.stack),
				 ZX_GFP);
	if (!w.stack)
		goto free_walk;
	if (w.cap) {
		w.recs = kvmalloc_array(w.cap, sizeof(*w.recs), ZX_GFP);
		if (!w.recs)
			goto free_walk;
	}
	if (vmar) {
		lo = vmar->start;
		hi = vmar->start + vmar->len;
		zx_maps_add(&w, ZX_INFO_MAPS_TYPE_VMAR,
			    vmar->region ? "useralloc" : "root", lo, vmar->len,
			    0);
	} else {
		lo = ZX_ROOT_VMAR_BASE;
		hi = mm->task_size;
		zx_maps_add(&w, ZX_INFO_MAPS_TYPE_ASPACE, name, lo, hi - lo, 0);
		zx_maps_add(&w, ZX_INFO_MAPS_TYPE_VMAR, "root", lo, hi - lo, 1);
		w.top_depth = 1;
	}
	status = ZX_ERR_CANCELED;
	if (mmap_read_lock_killable(mm))
		goto free_walk;
	status = zx_maps_walk_vmas(&w, lo, hi);
	mmap_read_unlock(mm);
	if (status != ZX_OK)
		goto free_walk;
	actual = min(w.avail, w.cap);
	status = zx_maps_copy_out(&w, a, size, actual);
	if (status == ZX_OK &&
	    (zx_put_count(a->actual, a->word_size, actual) ||
	     zx_put_count(a->avail, a->word_size, w.avail)))
		status = ZX_ERR_INVALID_ARGS;
free_walk:
	kvfree(w.recs);
	kvfree(w.stack);
	kvfree(w.regs);
	return status;
}

/**
 * zx_process_maps() - ZX_INFO_PROCESS_MAPS (any version) of an address space
 * @mm: the process's mm, with a reference (mmget)
 * @name: the process's name, for the address space's record
 * @a: the call's arguments
 *
 * Return: ZX_OK (even when not all records fit), ZX_ERR_INVALID_ARGS (a
 * buffer or count that cannot be written), ZX_ERR_NO_MEMORY or
 * ZX_ERR_CANCELED.
 */
zx_status_t zx_process_maps(struct mm_struct *mm, const char *name,
			    const struct zx_ioc_object_get_info *a)
{
	return zx_maps(mm, NULL, name, a);
}

/**
 * zx_vmar_maps_get_info() - ZX_INFO_VMAR_MAPS: one VMAR's subtree
 * @t: the caller's handle table
 * @a: the call's arguments
 *
 * Return: as zx_process_maps(), or ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE,
 * ZX_ERR_ACCESS_DENIED (no ZX_RIGHT_INSPECT), ZX_ERR_BAD_STATE (the
 * VMAR was destroyed, or its address space is gone).
 */
zx_status_t zx_vmar_maps_get_info(struct zx_table *t,
				  const struct zx_ioc_object_get_info *a)
{
	struct zx_vmar *vmar;
	zx_status_t status;

	status = zx_lookup_as(t, a->handle, &zx_vmar_ops, ZX_RIGHT_INSPECT,
			      &vmar, NULL);
	if (status != ZX_OK)
		return status;
	status = ZX_ERR_BAD_STATE;
	if (!mmget_not_zero(vmar->mm))
		goto put_vmar;
	status = zx_maps(vmar->mm, vmar, NULL, a);
	mmput(vmar->mm);
put_vmar:
	zx_object_put(&vmar->base);
	return status;
}

/**
 * zx_mm_mapped_vmos() - the VMOs of an address space's VMO mappings
 * @mm: the mm, with a reference (mmget)
 * @objs: where the first @cap go, each with a reference (zx_object_put())
 * @cap: room in @objs
 * @count: out: the number of mappings, also those past @cap
 *
 * One per mapping (a VMO mapped twice is there twice), in address order.
 *
 * Return: ZX_OK or ZX_ERR_CANCELED (nothing in @objs then).
 */
zx_status_t zx_mm_mapped_vmos(struct mm_struct *mm, struct zx_object **objs,
			      size_t cap, size_t *count)
{
	struct vm_area_struct *vma;
	struct zx_vmo *v;
	size_t n = 0;

	VMA_ITERATOR(vmi, mm, 0);

	*count = 0;
	if (mmap_read_lock_killable(mm))
		return ZX_ERR_CANCELED;
	for_each_vma(vmi, vma) {
		if (!zx_vma_is_vmo(vma))
			continue;
		if (n < cap) {
			v = vma->vm_private_data;
			zx_object_get(&v->base);
			objs[n] = &v->base;
		}
		n++;
	}
	mmap_read_unlock(mm);
	*count = n;
	return ZX_OK;
}
