/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMARs, shared by vmar.c (the root VMAR, mappings) and vmar_region.c
 * (sub-regions).  vmar_region.c describes the locks.
 */
#ifndef _ZX_VMAR_H
#define _ZX_VMAR_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sizes.h>

#include "zx.h"

struct file;
struct mm_struct;
struct vm_area_struct;

/*
 * A VMAR: the root (parent NULL, region false), or a sub-region made by
 * zx_vmar_allocate().  The fields after len are under zx_vmar_regions_lock.
 */
struct zx_vmar {
	struct zx_object base;
	struct mm_struct *mm;		/* mmgrab()ed: identity only */
	unsigned long start;
	unsigned long len;
	u64 token;			/* a region's placeholders carry it */
	bool region;			/* a sub-region, reserved by us */
	bool dead;			/* destroyed (or detached) */
	u32 flags;			/* ZX_VM_CAN_MAP_*, ZX_VM_COMPACT */
	struct zx_vmar *parent;		/* while alive; no reference */
	struct list_head children;	/* live sub-regions, by address */
	struct list_head sibling;	/* in parent->children, holds a ref */
	struct list_head root_link;	/* a root: in zx_vmar_roots, no ref */
};

static inline struct zx_vmar *zx_to_vmar(struct zx_object *obj)
{
	return container_of(obj, struct zx_vmar, base);
}

/* The type of every VMAR, root or sub-region (vmar.c). */
extern const struct zx_object_ops zx_vmar_ops;
extern struct mutex zx_vmar_regions_lock;
extern struct list_head zx_vmar_roots;

/* The range of every root VMAR: from Linux's usual vm.mmap_min_addr up. */
#define ZX_ROOT_VMAR_BASE	SZ_64K

/* ZX_VM_ALIGN_1KB (10) to ZX_VM_ALIGN_4GB (32): six bits. */
#define ZX_VM_ALIGN_MASK	((zx_vm_option_t)0x3f << ZX_VM_ALIGN_BASE)
#define ZX_VM_PERMS		(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE | \
				 ZX_VM_PERM_EXECUTE | \
				 ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED)
#define ZX_VM_CAN_MAP_RWX	(ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE | \
				 ZX_VM_CAN_MAP_EXECUTE)

/*
 * The words whose read, write and execute bits the VMAR code translates
 * one into another (zx_rwx()).
 */
enum zx_rwx_kind {
	ZX_RWX_PERM,		/* ZX_VM_PERM_* */
	ZX_RWX_CAN_MAP,		/* ZX_VM_CAN_MAP_* */
	ZX_RWX_RIGHTS,		/* ZX_RIGHT_READ, _WRITE, _EXECUTE */
	ZX_RWX_PROT,		/* PROT_* */
	ZX_RWX_KINDS
};

u32 zx_rwx(u32 v, enum zx_rwx_kind from, enum zx_rwx_kind to);
unsigned long zx_find_gap(struct mm_struct *mm, unsigned long lo,
			  unsigned long hi, unsigned long len,
			  unsigned long align);
zx_status_t zx_vmar_get(struct zx_table *t, zx_handle_t value,
			struct zx_vmar **vmar, zx_rights_t *rights);
void zx_vmar_init_tree(struct zx_vmar *vmar);
bool zx_vm_prot(u32 options, unsigned long *prot);
bool zx_prot_allowed(unsigned long prot, zx_rights_t have);
zx_status_t zx_vmar_object_init(struct zx_vmar *vmar);
bool zx_vma_is_vmo(struct vm_area_struct *vma);

/* vmar_region.c, with zx_vmar_regions_lock held. */
zx_status_t zx_region_map_place(struct zx_vmar *vmar, u32 options, u64 offset,
				unsigned long len, unsigned long align,
				unsigned long *addr);
void zx_region_map_failed(struct zx_vmar *vmar, struct file *file,
			  unsigned long addr, unsigned long len);
zx_status_t zx_region_unmap(struct zx_vmar *vmar, struct file *file,
			    unsigned long addr, unsigned long len);
void zx_region_unmapped(struct zx_vmar *vmar, unsigned long addr,
			unsigned long len);
zx_status_t zx_region_protect_check(struct zx_vmar *vmar, unsigned long addr,
				    unsigned long len);
zx_rights_t zx_region_map_rights(const struct zx_vmar *vmar);
void zx_vmar_detach_children(struct zx_vmar *vmar);
zx_status_t zx_region_give_back(struct zx_vmar *scope, struct zx_vmar *to,
				struct file *file, unsigned long s,
				unsigned long e);
bool zx_region_free(struct zx_vmar *v, unsigned long addr, unsigned long len);
zx_status_t zx_region_find(struct zx_vmar *v, unsigned long hi,
			   unsigned long len, unsigned long align,
			   unsigned long *addr);
zx_status_t zx_region_unmap_ph(struct zx_vmar *v, unsigned long s,
			       unsigned long e);
void zx_region_kill(struct zx_vmar *v);
void zx_region_unlink(struct zx_vmar *v);
void zx_vmar_register_root(struct zx_vmar *vmar);

/* vmar.c: placeholders, the module's own PROT_NONE VMAs. */
bool zx_vma_is_placeholder(struct vm_area_struct *vma);
u64 zx_vma_placeholder_token(struct vm_area_struct *vma);
unsigned long zx_vmar_reserve(struct file *file, const struct zx_vmar *v,
			      unsigned long addr, unsigned long len,
			      unsigned long how);

/* vmar_maps.c */
zx_status_t zx_process_maps(struct mm_struct *mm, const char *name,
			    const struct zx_ioc_object_get_info *a);
zx_status_t zx_mm_mapped_vmos(struct mm_struct *mm, struct zx_object **objs,
			      size_t cap, size_t *count);

#endif /* _ZX_VMAR_H */
