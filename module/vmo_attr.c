// SPDX-License-Identifier: GPL-2.0
/*
 * Memory attribution for ZX_INFO_VMO, as current Fuchsia reports it:
 *
 *   populated_bytes          every page the VMO can see: its own, and those
 *                            of the hidden layers below it that no layer in
 *                            between hides;
 *   populated_private_bytes  the pages of those no other VMO sees;
 *   populated_scaled_bytes   each page divided among the n VMOs that see it,
 *   + ..._fractional_...     in Fuchsia's fixed point: PAGE_SIZE / n whole
 *                            bytes, plus (2^63 / n) * (PAGE_SIZE % n) in a
 *                            fraction of 63 bits, a carry into the bytes
 *                            whenever the fraction reaches 2^63;
 *   committed_*              the same (nothing is compressed here);
 *   metadata_bytes           the index nodes of the VMO's own pages.
 *
 * A slice reports nothing: its pages are its target's (Fuchsia attributes
 * no memory to a VMO that shares another's pages, so nothing counts twice).
 *
 * Who sees page j of a hidden layer H: the VMOs whose top layer has H below
 * it, reaches j through every layer's window (poff, plimit) and meets no
 * layer on the way with a page of its own there.  The layers below H are
 * found through zx_layer_tree_lock's children links: at most
 * max_vmo_attr_layers of them are collected under the lock (a reference
 * each), then walked without it.  Past that many, the VMOs beyond are not
 * counted as sharers (see zircon.rst).
 *
 * Runs under the VMO's zx_vmo.lock (owned by vmo.c), taking
 * zx_layer_tree_lock (vmo_store.c) inside it for the collection only.
 */
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include <linux/zircon.h>

#include "vmo.h"

ZX_LIMIT(uint, max_vmo_attr_layers, 256,
	 "Most layers looked at to share a page among VMOs");

#define ZX_FRAC_ONE	(1ULL << 63)

struct zx_attr_node {
	struct zx_vmo_layer *l;
	int parent;		/* index in the array; -1 for the root */
	bool leaf;		/* some VMO's top layer */
};

struct zx_attr_tree {
	struct zx_attr_node *n;
	unsigned int count;
	pgoff_t *idx;		/* scratch: each node's index of the page */
	bool *seen;		/* scratch: whether the node sees it */
};

struct zx_attr_sum {
	u64 pages;
	u64 private_pages;
	u64 scaled;
	u64 frac;		/* below ZX_FRAC_ONE */
};

/* Adds one page seen by @n VMOs, in Fuchsia's fixed point. */
static void zx_attr_add(struct zx_attr_sum *sum, unsigned int n)
{
	sum->pages++;
	if (n <= 1) {
		sum->private_pages++;
		sum->scaled += PAGE_SIZE;
		return;
	}
	sum->scaled += PAGE_SIZE / n;
	sum->frac += (ZX_FRAC_ONE / n) * (PAGE_SIZE % n);
	if (sum->frac >= ZX_FRAC_ONE) {
		sum->frac -= ZX_FRAC_ONE;
		sum->scaled++;
	}
}

/*
 * Collects @root and up to max_vmo_attr_layers - 1 layers below it,
 * parents before children, each with a reference.
 */
static int zx_attr_collect(struct zx_vmo_layer *root, struct zx_attr_tree *t)
{
	unsigned int cap = clamp(READ_ONCE(max_vmo_attr_layers), 1U, 65536U);
	unsigned int i;

	t->n = kvcalloc(cap, sizeof(*t->n), ZX_GFP);
	t->idx = kvcalloc(cap, sizeof(*t->idx), ZX_GFP);
	t->seen = kvcalloc(cap, sizeof(*t->seen), ZX_GFP);
	if (!t->n || !t->idx || !t->seen)
		return -ENOMEM;
	refcount_inc(&root->ref);
	t->n[0].l = root;
	t->n[0].parent = -1;
	t->count = 1;
	spin_lock(&zx_layer_tree_lock);
	for (i = 0; i < t->count; i++) {
		struct zx_vmo_layer *c;

		t->n[i].leaf = list_empty(&t->n[i].l->children);
		list_for_each_entry(c, &t->n[i].l->children, sibling) {
			if (t->count >= cap)
				break;
			if (!refcount_inc_not_zero(&c->ref))
				continue;
			t->n[t->count].l = c;
			t->n[t->count].parent = i;
			t->count++;
		}
	}
	spin_unlock(&zx_layer_tree_lock);
	return 0;
}

static void zx_attr_release(struct zx_attr_tree *t)
{
	unsigned int i;

	for (i = 0; t->n && i < t->count; i++)
		zx_layer_put(t->n[i].l);
	kvfree(t->n);
	kvfree(t->idx);
	kvfree(t->seen);
}

/* The number of VMOs that see page @j of the tree's root (at least 1). */
static unsigned int zx_attr_viewers(struct zx_attr_tree *t, pgoff_t j)
{
	unsigned int i, n = 0;

	t->idx[0] = j;
	t->seen[0] = true;
	for (i = 1; i < t->count; i++) {
		struct zx_vmo_layer *l = t->n[i].l;
		int p = t->n[i].parent;
		pgoff_t pi = t->idx[p], poff = READ_ONCE(l->poff);

		t->seen[i] = t->seen[p] && pi >= poff &&
			     pi - poff < READ_ONCE(l->plimit) &&
			     !zx_layer_has(l, pi - poff);
		t->idx[i] = pi - poff;
		if (t->seen[i] && t->n[i].leaf)
			n++;
	}
	return max(n, 1U);
}

/*
 * Whether the layers from @top down to (not including) the one at depth
 * @upto of the chain hide page @i of @top (in @top's numbering), or do not
 * reach it; *@j gets the index in that layer.
 */
static bool zx_attr_hidden(struct zx_vmo_layer *top, unsigned int upto,
			   pgoff_t i, pgoff_t *j)
{
	struct zx_vmo_layer *l = top;
	unsigned int d;

	for (d = 0; d < upto; d++) {
		if (zx_layer_has(l, i) || !l->parent || i >= l->plimit)
			return true;
		i += l->poff;
		l = l->parent;
	}
	*j = i;
	return false;
}

/* Adds the pages of @h (at depth @depth below @top) that @top sees. */
static int zx_attr_layer(struct zx_vmo_layer *top, struct zx_vmo_layer *h,
			 unsigned int depth, pgoff_t pages,
			 struct zx_attr_sum *sum)
{
	struct zx_attr_tree t = { 0 };
	struct zx_vmo_layer *l;
	unsigned long index;
	pgoff_t base = 0, j;
	unsigned int d;
	void *entry;
	int err;

	for (l = top, d = 0; d < depth; d++, l = l->parent)
		base += l->poff;
	err = zx_attr_collect(h, &t);
	xa_for_each(&zx_layer_mapping(h)->i_pages, index, entry) {
		if (err)
			break;
		if (index < base || index - base >= pages)
			continue;
		if (zx_attr_hidden(top, depth, index - base, &j) ||
		    j != index)
			continue;
		zx_attr_add(sum, zx_attr_viewers(&t, index));
		if (fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
	}
	zx_attr_release(&t);
	return err;
}

/* Adds every page @top sees in its first @pages pages. */
static int zx_attr_chain(struct zx_vmo_layer *top, pgoff_t pages,
			 struct zx_attr_sum *sum)
{
	struct zx_vmo_layer *h;
	unsigned long index;
	unsigned int depth;
	void *entry;
	int err = 0;

	xa_for_each(&zx_layer_mapping(top)->i_pages, index, entry) {
		if (index < pages)
			zx_attr_add(sum, 1);
	}
	for (h = top->parent, depth = 1; h && !err; h = h->parent, depth++)
		err = zx_attr_layer(top, h, depth, pages, sum);
	return err;
}

/**
 * zx_vmo_attribution() - fill the attribution fields of ZX_INFO_VMO
 * @v: the VMO; the caller holds no VMO lock
 * @info: the record, whose other fields are already filled
 *
 * Takes @v's zx_vmo.lock.
 *
 * Return: ZX_OK, ZX_ERR_NO_MEMORY or ZX_ERR_CANCELED (killed).
 */
zx_status_t zx_vmo_attribution(struct zx_vmo *v, struct zx_abi_info_vmo *info)
{
	struct zx_attr_sum sum = { 0 };
	unsigned long own;
	int err;

	if (v->target)
		return ZX_OK;
	if (mutex_lock_killable(&v->lock))
		return ZX_ERR_CANCELED;
	err = zx_attr_chain(v->top, v->size >> PAGE_SHIFT, &sum);
	own = zx_layer_mapping(v->top)->nrpages;
	mutex_unlock(&v->lock);
	if (err)
		return zx_status_from_errno(err);

	info->populated_bytes = sum.pages << PAGE_SHIFT;
	info->populated_private_bytes = sum.private_pages << PAGE_SHIFT;
	info->populated_scaled_bytes = sum.scaled;
	info->populated_fractional_scaled_bytes = sum.frac;
	info->committed_bytes = info->populated_bytes;
	info->committed_private_bytes = info->populated_private_bytes;
	info->committed_scaled_bytes = info->populated_scaled_bytes;
	info->committed_fractional_scaled_bytes = sum.frac;
	info->metadata_bytes = DIV_ROUND_UP(own, XA_CHUNK_SIZE) *
			       sizeof(struct xa_node);
	return ZX_OK;
}
