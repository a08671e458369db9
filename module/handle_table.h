/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handle table's insides, shared by handle.c (making and closing
 * handles) and handle_lookup.c (finding them): how a handle value names
 * a slot, and what a slot holds.  See handle.c for the design and locks.
 */
#ifndef ZX_HANDLE_TABLE_H
#define ZX_HANDLE_TABLE_H

#include <linux/xarray.h>

#include "zx.h"

/* A value has 30 bits of id: 20 of slot, 10 of generation. */
#define ZX_SLOT_BITS		20
#define ZX_GEN_BITS		(30 - ZX_SLOT_BITS)
#define ZX_SLOT_MASK		((1U << ZX_SLOT_BITS) - 1)
/* Largest slot: keeps every handle value below 0xffffffff. */
#define ZX_SLOT_MAX		(ZX_SLOT_MASK - 1)
#define ZX_HANDLE_VALUE(gen, slot) \
	(((((gen) & ((1U << ZX_GEN_BITS) - 1)) << ZX_SLOT_BITS | (slot)) << 2) | \
	 ZX_HANDLE_FIXED_BITS_MASK)

#define ZX_GEN_MASK		((1U << ZX_GEN_BITS) - 1)
#define ZX_HANDLE_GEN(value)	((value) >> (ZX_SLOT_BITS + 2))

struct zx_handle {
	struct zx_object *obj;
	struct zx_user *user;		/* charged for this handle */
	zx_rights_t rights;
	zx_handle_t value;		/* 0 while reserved; see handle.c */
};

static inline bool zx_handle_slot(zx_handle_t value, u32 *slot)
{
	if ((value & ZX_HANDLE_FIXED_BITS_MASK) != ZX_HANDLE_FIXED_BITS_MASK)
		return false;
	*slot = (value >> 2) & ZX_SLOT_MASK;
	return *slot != 0;
}

/**
 * zx_table_find_xas() - the handle a value names, the table's lock held
 * @xas: an xa_state on the table's xarray; left at the value's slot
 * @value: the handle value
 *
 * Under the xa_lock, xas_load() walks the tree without the RCU read
 * section xa_load() would open.
 *
 * Return: the handle, or NULL for a malformed value, a free slot or a slot
 * of another generation.
 */
static inline struct zx_handle *zx_table_find_xas(struct xa_state *xas,
						  zx_handle_t value)
{
	struct zx_handle *h;
	u32 slot;

	if (!zx_handle_slot(value, &slot))
		return NULL;
	xas_set(xas, slot);
	h = xas_load(xas);
	if (xa_is_value(h) || (h && READ_ONCE(h->value) != value))
		return NULL;
	return h;
}

#endif /* ZX_HANDLE_TABLE_H */
