// SPDX-License-Identifier: GPL-2.0
/*
 * VMO families: which VMO is whose child, for ZX_VMO_ZERO_CHILDREN and
 * ZX_INFO_VMO's num_children.  Each VMO has a family (struct
 * zx_vmo_family, vmo.h) that counts its live children; each child holds
 * a reference to its parent's.  As on Zircon, when a VMO is destroyed
 * while it has children, they become its parent's children: they are
 * added to the count of the first living ancestor, and the dead VMO's
 * family forwards (->up) there, so that a child destroyed later is
 * uncounted where it was counted.
 *
 * Locks owned here: zx_vmo_family.lock (a spinlock per family; its place
 * in the global order is in vmo.h).  No two are ever held together: the
 * chain of families is walked one lock at a time.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <linux/zircon.h>

#include "vmo.h"

static void zx_family_put(struct zx_vmo_family *f)
{
	struct zx_vmo_family *up;

	while (f && refcount_dec_and_test(&f->ref)) {
		up = f->up;
		kfree(f);
		f = up;
	}
}

/*
 * Adds @delta children to the family @f or, once its parent is gone, to
 * the first family up the chain whose parent lives, where its children
 * were moved; when that leaves none, ZX_VMO_ZERO_CHILDREN is raised there.
 * One family's lock at a time.
 */
static void zx_family_adjust(struct zx_vmo_family *f, long delta)
{
	struct zx_vmo_family *up;

	while (f) {
		spin_lock(&f->lock);
		if (f->parent) {
			f->children += delta;
			if (!f->children)
				zx_object_update_signals(&f->parent->base, 0,
							 ZX_VMO_ZERO_CHILDREN);
			spin_unlock(&f->lock);
			return;
		}
		/* @f holds a reference to @up while it lives. */
		up = f->up;
		spin_unlock(&f->lock);
		f = up;
	}
}

/*
 * The family of @v, which is being destroyed, loses its parent: as on
 * Zircon, its children become the children of @v's parent (family @pf).
 * They are counted there before @v's family forwards to it, so that a
 * child destroyed meanwhile never brings the count there to 0 too early;
 * children destroyed between the two steps are taken off again.
 */
static void zx_family_orphan(struct zx_vmo *v, struct zx_vmo_family *pf)
{
	struct zx_vmo_family *f = v->family;
	unsigned long n, m;

	spin_lock(&f->lock);
	n = f->children;
	spin_unlock(&f->lock);
	if (pf && n)
		zx_family_adjust(pf, n);
	spin_lock(&f->lock);
	f->parent = NULL;
	m = f->children;
	if (pf && n) {
		refcount_inc(&pf->ref);
		f->up = pf;
	}
	spin_unlock(&f->lock);
	if (pf && n != m)
		zx_family_adjust(pf, (long)m - (long)n);
}

/**
 * zx_vmo_adopt() - make a new VMO a child of another
 * @src: the parent, as the handle named it (maybe a slice)
 * @c: the new child
 *
 * Sets the child's parent family, and clears the parent's
 * ZX_VMO_ZERO_CHILDREN for its first child.
 */
void zx_vmo_adopt(struct zx_vmo *src, struct zx_vmo *c)
{
	refcount_inc(&src->family->ref);
	c->parent_family = src->family;
	spin_lock(&src->family->lock);
	if (!src->family->children++)
		zx_object_update_signals(&src->base, ZX_VMO_ZERO_CHILDREN, 0);
	spin_unlock(&src->family->lock);
}

/*
 * @v stops being a parent, as a Zircon VMO that dies: its children move to
 * its parent (zx_family_orphan()) and @v leaves its parent's count.  Once.
 */
static void zx_vmo_retire(struct zx_vmo *v)
{
	if (atomic_xchg(&v->retired, 1))
		return;
	zx_family_orphan(v, v->parent_family);
	if (v->parent_family)
		zx_family_adjust(v->parent_family, -1);
}

/**
 * zx_vmo_users_put() - a handle-holding or mapping user of a VMO is gone
 * @v: the VMO
 *
 * The last one (no handle and no mapping left) retires @v as a parent,
 * even while slices of it still hold the object itself.
 */
void zx_vmo_users_put(struct zx_vmo *v)
{
	if (atomic_dec_and_test(&v->users))
		zx_vmo_retire(v);
}

/**
 * zx_vmo_family_release() - the family side of destroying a VMO
 * @v: the VMO being destroyed
 *
 * Retires @v if that has not happened (a VMO that never had a handle),
 * then drops its references to both families.
 */
void zx_vmo_family_release(struct zx_vmo *v)
{
	zx_vmo_retire(v);
	zx_family_put(v->family);
	zx_family_put(v->parent_family);
}

/**
 * zx_vmo_parent_koid() - the koid ZX_INFO_VMO reports as a VMO's parent
 * @v: the VMO
 *
 * As on Zircon, the parent it has now: the VMO it was made from while
 * that lives, else the first living ancestor its children moved to, or 0
 * once none is left.
 *
 * Return: that koid, or 0.
 */
zx_koid_t zx_vmo_parent_koid(struct zx_vmo *v)
{
	struct zx_vmo_family *f = v->parent_family, *up;
	zx_koid_t koid;

	while (f) {
		spin_lock(&f->lock);
		if (f->parent) {
			koid = f->parent->base.koid;
			spin_unlock(&f->lock);
			return koid;
		}
		/* @f holds a reference to @up while it lives. */
		up = f->up;
		spin_unlock(&f->lock);
		f = up;
	}
	return 0;
}
