/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for differences between kernel versions.
 *
 * The module uses only stable exported APIs and is built and tested against
 * Debian's 6.1.  When a newer kernel renames something the module uses, the
 * shim goes here and nowhere else.
 */
#ifndef ZX_MODULE_COMPAT_H
#define ZX_MODULE_COMPAT_H

#include <linux/mm.h>

/*
 * 6.3 made vm_flags read-only and added accessors; Kbuild defines
 * ZX_HAVE_VM_FLAGS_SET when the kernel's <linux/mm.h> has them.
 */
#ifndef ZX_HAVE_VM_FLAGS_SET
static inline void zx_vm_flags_set(struct vm_area_struct *vma,
				   unsigned long flags)
{
	vma->vm_flags |= flags;
}

static inline void zx_vm_flags_clear(struct vm_area_struct *vma,
				     unsigned long flags)
{
	vma->vm_flags &= ~flags;
}
#else
#define zx_vm_flags_set		vm_flags_set
#define zx_vm_flags_clear	vm_flags_clear
#endif

#endif /* ZX_MODULE_COMPAT_H */
