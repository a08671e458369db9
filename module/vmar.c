// SPDX-License-Identifier: GPL-2.0
/*
 * The root VMAR (the caller's address space) and VMO mappings.
 *
 * zx_map_vmo() calls vm_mmap() on the caller's own /dev/zircon file, with
 * a request (on its stack) registered for the duration under the calling
 * thread; the device's ->mmap (zx_vmar_mmap()) takes the request of the
 * thread it runs in, for that file, offset and length, once.  It points the
 * new VMA at the VMO's view file (so the VMO can zap its mappings with
 * unmap_mapping_range()) and installs zx_vmo_vm_ops, whose fault handlers
 * ask vmo_fault.c for pages.  A mapping holds a reference to its VMO, so the VMO
 * outlives its handles while mapped.  The VMO handle's rights cap the
 * mapping for good: without ZX_RIGHT_WRITE (or EXECUTE, or READ) the VMA
 * loses VM_MAYWRITE (or VM_MAYEXEC, VM_MAYREAD), so mprotect() can never
 * add that access; a mapping made without ZX_VM_PERM_EXECUTE is never
 * executable, whatever personality(READ_IMPLIES_EXEC) asks for.  A plain
 * mmap() of /dev/zircon, from any thread, finds no request of its own and
 * fails with ENODEV.
 *
 * View files (vmar_view.c).  Each VMO's view is a file of this module's
 * pseudo filesystem ("zircon-vmo", .owner = THIS_MODULE), mounted on demand with
 * simple_pin_fs() while any view file exists.  A VMA's vm_file is its VMO's
 * view, so a live mapping holds the mount, whose superblock holds the
 * module: rmmod is refused until the last mapping is gone, and the module's
 * fault handlers and objects outlive every mapping that uses them.
 *
 * Locks owned here:
 *
 *   zx_map_reqs_lock (a spinlock)  the registered map requests; a leaf,
 *                                  taken under mmap_lock by ->mmap and
 *                                  with no lock held by zx_map_vmo().
 *
 * Faults take zx_vmo.lock under mmap_lock, as vmo.h describes.
 */
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "vmar.h"
#include "vmo.h"
#include "syscalls.h"


/*
 * A map request, on the stack of the zx_map_vmo() that registers it in
 * zx_map_reqs while it calls vm_mmap().  Other threads' ->mmap calls only
 * compare task under zx_map_reqs_lock and never see anything else of it.
 */
struct zx_map_req {
	struct hlist_node node;		/* in zx_map_reqs, keyed by task */
	struct task_struct *task;	/* the thread calling vm_mmap() */
	struct file *file;		/* the /dev/zircon file mapped */
	pgoff_t pgoff;			/* and the VMA it must make */
	unsigned long pages;
	bool taken;			/* one ->mmap per vm_mmap() */
	unsigned long prot;		/* PROT_* asked for */
	struct zx_vmo *vmo;		/* what the handle named (maybe a slice) */
	struct file *view;
	zx_rights_t rights;		/* of the VMO handle */
	u64 reserve;			/* a region's token: a placeholder */
};

/* At most one per thread, so bounded by the threads in zx_map_vmo(). */
static DEFINE_SPINLOCK(zx_map_reqs_lock);
static DEFINE_HASHTABLE(zx_map_reqs, 6);

/*
 * Tries of a zx_map_vmo() that picks its own address (an upper limit or
 * an alignment): the gap it found may be taken by a concurrent mmap() of
 * the same process before vm_mmap() gets there.
 */
#define ZX_MAP_GAP_TRIES	16

static void zx_vmar_free(struct zx_object *obj)
{
	struct zx_vmar *vmar = zx_to_vmar(obj);

	mmdrop(vmar->mm);
	kfree(vmar);
}

/* A root's tree is forgotten with its last handle (vmar_region.c). */
static void zx_vmar_on_zero_handles(struct zx_object *obj)
{
	struct zx_vmar *vmar = zx_to_vmar(obj);

	if (!vmar->region)
		zx_vmar_detach_children(vmar);
}

const struct zx_object_ops zx_vmar_ops = {
	.type = ZX_OBJ_TYPE_VMAR,
	.on_zero_handles = zx_vmar_on_zero_handles,
	.destroy = zx_vmar_free,
	.not_waitable = true,
};

/**
 * zx_vmar_object_init() - zx_object_init() for a new VMAR
 * @vmar: the VMAR
 *
 * Return: as zx_object_init().
 */
zx_status_t zx_vmar_object_init(struct zx_vmar *vmar)
{
	return zx_object_init(&vmar->base, &zx_vmar_ops, 0);
}

/**
 * zx_ioctl_vmar_root() - a handle to the caller's root VMAR
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * The root VMAR spans the caller's address space from Linux's usual
 * vm.mmap_min_addr to the top of user space.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_vmar_root(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmar_root *a = arg;
	struct mm_struct *mm = current->mm;
	struct zx_vmar *vmar;
	zx_status_t status;

	if (!mm)
		return ZX_ERR_BAD_STATE;
	vmar = kzalloc(sizeof(*vmar), ZX_GFP);
	if (!vmar)
		return ZX_ERR_NO_MEMORY;
	mmgrab(mm);
	vmar->mm = mm;
	/*
	 * From Linux's usual vm.mmap_min_addr (64 KiB) to the top of user
	 * space.
	 */
	vmar->start = ZX_ROOT_VMAR_BASE;
	vmar->len = mm->task_size - ZX_ROOT_VMAR_BASE;
	vmar->flags = ZX_VM_CAN_MAP_RWX | ZX_VM_CAN_MAP_SPECIFIC;
	zx_vmar_init_tree(vmar);
	status = zx_vmar_object_init(vmar);
	if (status == ZX_OK)
		zx_vmar_register_root(vmar);
	return zx_table_install_new_user(t, status, &vmar->base,
					 ZX_DEFAULT_VMAR_RIGHTS | ZX_RIGHT_READ |
					 ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE,
					 a->out);
}

/**
 * zx_vmar_get() - look up a VMAR handle of the caller's own address space
 * @t: the caller's handle table
 * @value: the handle
 * @vmar: out: the VMAR, with a reference
 * @rights: out: the handle's rights (the caller checks them)
 *
 * Return: ZX_OK, BAD_HANDLE, WRONG_TYPE, or NOT_SUPPORTED for another
 * process's VMAR.
 */
zx_status_t zx_vmar_get(struct zx_table *t, zx_handle_t value,
			       struct zx_vmar **vmar, zx_rights_t *rights)
{
	zx_status_t status;

	status = zx_lookup_as(t, value, &zx_vmar_ops, 0, vmar, rights);
	/* Another process's address space cannot be changed from here. */
	if (status == ZX_OK && (*vmar)->mm != current->mm) {
		zx_object_put(&(*vmar)->base);
		status = ZX_ERR_NOT_SUPPORTED;
	}
	return status;
}

/**
 * zx_vmar_get_info() - the ZX_INFO_VMAR record of a VMAR
 * @obj: the VMAR
 * @info: filled in: its base and length
 */
void zx_vmar_get_info(struct zx_object *obj, struct zx_abi_info_vmar *info)
{
	struct zx_vmar *vmar = zx_to_vmar(obj);

	info->base = vmar->start;
	info->len = vmar->len;
}

/* ---- the VMA side ---- */

static void zx_vm_open(struct vm_area_struct *vma)
{
	struct zx_vmo *v = vma->vm_private_data;

	zx_object_get(&v->base);
	atomic_inc(&v->mappings);
	atomic_inc(&v->users);
}

static void zx_vm_close(struct vm_area_struct *vma)
{
	struct zx_vmo *v = vma->vm_private_data;

	atomic_dec(&v->mappings);
	zx_vmo_users_put(v);
	zx_object_put(&v->base);
}

/* Page offsets of a VMA are in its store's space; check the VMO's window. */
static bool zx_vm_in_window(struct zx_vmo *v, pgoff_t idx)
{
	return idx >= v->slice_off &&
	       idx - v->slice_off < (zx_vmo_size(v) >> PAGE_SHIFT);
}

static vm_fault_t zx_vm_fault(struct vm_fault *vmf)
{
	struct zx_vmo *v = vmf->vma->vm_private_data;

	if (!zx_vm_in_window(v, vmf->pgoff))
		return VM_FAULT_SIGBUS;
	return zx_vmo_fault_page(zx_vmo_store(v), vmf, vmf->pgoff,
				 vmf->flags & FAULT_FLAG_WRITE);
}

static vm_fault_t zx_vm_page_mkwrite(struct vm_fault *vmf)
{
	struct zx_vmo *v = vmf->vma->vm_private_data;

	if (!zx_vm_in_window(v, vmf->pgoff))
		return VM_FAULT_SIGBUS;
	return zx_vmo_mkwrite_page(zx_vmo_store(v), vmf, vmf->pgoff);
}

static const struct vm_operations_struct zx_vmo_vm_ops = {
	.open = zx_vm_open,
	.close = zx_vm_close,
	.fault = zx_vm_fault,
	.page_mkwrite = zx_vm_page_mkwrite,
};

/**
 * zx_vma_is_vmo() - whether @vma maps a VMO through zx_map_vmo()
 * @vma: a VMA of the caller, under mmap_lock
 *
 * Return: true for this module's VMO mappings; vm_private_data is the VMO.
 */
bool zx_vma_is_vmo(struct vm_area_struct *vma)
{
	return vma->vm_ops == &zx_vmo_vm_ops;
}

/*
 * A region's placeholder (vmar_region.c): PROT_NONE, no VM_MAY* access
 * either, so no mprotect(), ptrace or GUP ever reaches a page; a fault
 * that gets here anyway is SIGSEGV.  vm_private_data is the region's
 * token.  It cannot be moved (mremap) or copied into a child (fork).
 */
static vm_fault_t zx_reserve_fault(struct vm_fault *vmf)
{
	return VM_FAULT_SIGSEGV;
}

static int zx_reserve_mremap(struct vm_area_struct *vma)
{
	return -EINVAL;
}

static const struct vm_operations_struct zx_reserve_vm_ops = {
	.fault = zx_reserve_fault,
	.mremap = zx_reserve_mremap,
};

/**
 * zx_vma_is_placeholder() - whether @vma is a placeholder of any region
 * @vma: a VMA, under mmap_lock
 *
 * Return: true for a VMA that zx_vmar_reserve() made.
 */
bool zx_vma_is_placeholder(struct vm_area_struct *vma)
{
	return vma->vm_ops == &zx_reserve_vm_ops;
}

/**
 * zx_vma_placeholder_token() - the token of the region a placeholder is of
 * @vma: a VMA, under mmap_lock
 *
 * Return: the token zx_vmar_reserve() put in, 0 when @vma is not a
 * placeholder (tokens start at 1).
 */
u64 zx_vma_placeholder_token(struct vm_area_struct *vma)
{
	if (!zx_vma_is_placeholder(vma))
		return 0;
	return (unsigned long)vma->vm_private_data;
}

/* ->mmap for a placeholder request: no access, ever, and the region's token. */
static void zx_reserve_mmap(struct zx_map_req *req, struct vm_area_struct *vma)
{
	zx_vm_flags_clear(vma, VM_READ | VM_WRITE | VM_EXEC | VM_MAYREAD |
			  VM_MAYWRITE | VM_MAYEXEC);
	zx_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTCOPY | VM_DONTDUMP);
	vma->vm_ops = &zx_reserve_vm_ops;
	vma->vm_private_data = (void *)(unsigned long)req->reserve;
}

/*
 * The request of the current thread's zx_map_vmo() that @vma is for, taken
 * once; NULL for an mmap() that no zx_map_vmo() of this thread asked for.
 */
static struct zx_map_req *zx_map_req_take(struct zx_table *t,
					  struct vm_area_struct *vma)
{
	struct zx_map_req *req, *found = NULL;

	spin_lock(&zx_map_reqs_lock);
	hash_for_each_possible(zx_map_reqs, req, node,
			       (unsigned long)current) {
		if (req->task != current)
			continue;
		if (req->file == t->file && !req->taken &&
		    vma->vm_pgoff == req->pgoff &&
		    vma_pages(vma) == req->pages) {
			req->taken = true;
			found = req;
		}
		break;
	}
	spin_unlock(&zx_map_reqs_lock);
	return found;
}

/**
 * zx_vmar_mmap() - the ->mmap of /dev/zircon
 * @t: the table of the open file
 * @vma: the new mapping
 *
 * Only zx_map_vmo() gets here legitimately: it finds the map request
 * that call left for @vma.
 *
 * Return: 0 or a negative errno.
 */
int zx_vmar_mmap(struct zx_table *t, struct vm_area_struct *vma)
{
	struct zx_map_req *req = zx_map_req_take(t, vma);

	if (!req)
		return -ENODEV;
	if (req->reserve) {
		zx_reserve_mmap(req, vma);
		return 0;
	}
	if (!(req->rights & ZX_RIGHT_READ))
		zx_vm_flags_clear(vma, VM_MAYREAD);
	if (!(req->rights & ZX_RIGHT_WRITE))
		zx_vm_flags_clear(vma, VM_MAYWRITE);
	if (!(req->rights & ZX_RIGHT_EXECUTE))
		zx_vm_flags_clear(vma, VM_MAYEXEC);
	/*
	 * do_mmap() adds PROT_EXEC to a readable mapping of a process with
	 * READ_IMPLIES_EXEC; a mapping is executable only when asked for.
	 */
	if (!(req->prot & PROT_EXEC) || !(req->rights & ZX_RIGHT_EXECUTE))
		zx_vm_flags_clear(vma, VM_EXEC);
	zx_vm_flags_set(vma, VM_MIXEDMAP | VM_DONTEXPAND);
	vma_set_file(vma, req->view);
	vma->vm_ops = &zx_vmo_vm_ops;
	vma->vm_private_data = req->vmo;
	zx_vm_open(vma);
	return 0;
}

static zx_status_t zx_mmap_status(long err)
{
	switch (err) {
	case -EEXIST:
		return ZX_ERR_ALREADY_EXISTS;
	case -ENOMEM:
		return ZX_ERR_NO_RESOURCES;
	case -EACCES:
	case -EPERM:
		return ZX_ERR_ACCESS_DENIED;
	case -EAGAIN:
		return ZX_ERR_NO_MEMORY;
	default:
		return ZX_ERR_INVALID_ARGS;
	}
}

/*
 * The first checks of zx_map_vmo(), in Zircon's order (sys_vmar_map()):
 * the VMO handle's MAP right, the protection asked for, the options only
 * a VMAR may have, then the rights of both handles for that protection.
 * The protection goes in *@prot.
 */
static zx_status_t zx_vmar_map_perms(const struct zx_ioc_vmar_map *a,
				     zx_rights_t vmar_rights,
				     zx_rights_t vmo_rights,
				     unsigned long *prot)
{
	if (!(vmo_rights & ZX_RIGHT_MAP))
		return ZX_ERR_ACCESS_DENIED;
	if (!zx_vm_prot(a->options, prot))
		return ZX_ERR_INVALID_ARGS;
	if ((a->options & ZX_VM_SPECIFIC_OVERWRITE) &&
	    (a->options & ZX_VM_MAP_RANGE))
		return ZX_ERR_INVALID_ARGS;
	if (a->options & (ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE |
			  ZX_VM_CAN_MAP_EXECUTE))
		return ZX_ERR_INVALID_ARGS;
	if (!zx_prot_allowed(*prot, vmo_rights) ||
	    !zx_prot_allowed(*prot, vmar_rights))
		return ZX_ERR_ACCESS_DENIED;
	return ZX_OK;
}

/*
 * The checks on the options and the VMO that follow the rights
 * (VmAddressRegionDispatcher::Map(), then VmAddressRegion::CreateVmMapping()):
 * unknown options and alignments, a resizable VMO where
 * ZX_VM_REQUIRE_NON_RESIZABLE forbids one, options of VMARs only, the
 * VMO offset.  The length is rounded up to pages in *@len.
 */
static zx_status_t zx_vmar_map_options(const struct zx_ioc_vmar_map *a,
				       struct zx_vmo *v, u64 *len)
{
	const u32 known = ZX_VM_PERMS | ZX_VM_SPECIFIC |
			  ZX_VM_SPECIFIC_OVERWRITE | ZX_VM_MAP_RANGE |
			  ZX_VM_REQUIRE_NON_RESIZABLE | ZX_VM_ALLOW_FAULTS |
			  ZX_VM_OFFSET_IS_UPPER_LIMIT | ZX_VM_ALIGN_MASK |
			  ZX_VM_COMPACT | ZX_VM_CAN_MAP_SPECIFIC;
	u32 align = (a->options & ZX_VM_ALIGN_MASK) >> ZX_VM_ALIGN_BASE;
	u64 end;

	if (a->options & ~known)
		return ZX_ERR_INVALID_ARGS;
	if (align && (align < 10 || align > 32))
		return ZX_ERR_INVALID_ARGS;
	if ((a->options & ZX_VM_REQUIRE_NON_RESIZABLE) &&
	    (zx_vmo_store(v)->flags & ZXV_RESIZABLE))
		return ZX_ERR_NOT_SUPPORTED;
	/* Options of zx_vmar_allocate(), never of a mapping. */
	if (a->options & (ZX_VM_COMPACT | ZX_VM_CAN_MAP_SPECIFIC))
		return ZX_ERR_INVALID_ARGS;
	if (!PAGE_ALIGNED(a->vmo_offset))
		return ZX_ERR_INVALID_ARGS;
	if (a->len > U64_MAX - PAGE_SIZE + 1)
		return ZX_ERR_OUT_OF_RANGE;
	*len = PAGE_ALIGN(a->len);
	if (check_add_overflow(a->vmo_offset, *len, &end))
		return ZX_ERR_OUT_OF_RANGE;
	/* Linux's own limit: a slice's window shifts the offset further. */
	if (check_add_overflow(end, (u64)v->slice_off << PAGE_SHIFT, &end))
		return ZX_ERR_OUT_OF_RANGE;
	return ZX_OK;
}

/*
 * The place a mapping of @len bytes may take in @vmar, as
 * VmAddressRegion::CreateSubVmarInner() checks it.
 */
static zx_status_t zx_vmar_map_range(const struct zx_ioc_vmar_map *a,
				     struct zx_vmar *vmar, u64 len)
{
	u32 align = (a->options & ZX_VM_ALIGN_MASK) >> ZX_VM_ALIGN_BASE;
	bool specific = a->options & (ZX_VM_SPECIFIC |
				      ZX_VM_SPECIFIC_OVERWRITE);
	bool upper = a->options & ZX_VM_OFFSET_IS_UPPER_LIMIT;
	u64 off = a->vmar_offset;

	if (!len || (specific && upper) || (!specific && !upper && off) ||
	    !PAGE_ALIGNED(off))
		return ZX_ERR_INVALID_ARGS;
	if (!upper && (off >= vmar->len || len > vmar->len - off))
		return ZX_ERR_INVALID_ARGS;
	if (upper && (off > vmar->len || len > off))
		return ZX_ERR_INVALID_ARGS;
	if (specific && align && !IS_ALIGNED(vmar->start + off, 1ULL << align))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/*
 * vm_mmap() of the caller's /dev/zircon file with @req registered for the
 * call: its ->mmap takes the request and makes the VMA a mapping of the VMO.
 */
static unsigned long zx_vmar_vm_mmap(struct zx_map_req *req,
				     unsigned long addr, unsigned long len,
				     unsigned long flags, u64 offset)
{
	unsigned long ret;

	req->taken = false;
	spin_lock(&zx_map_reqs_lock);
	hash_add(zx_map_reqs, &req->node, (unsigned long)req->task);
	spin_unlock(&zx_map_reqs_lock);
	ret = vm_mmap(req->file, addr, len, req->prot, flags, offset);
	spin_lock(&zx_map_reqs_lock);
	hash_del(&req->node);
	spin_unlock(&zx_map_reqs_lock);
	return ret;
}

/**
 * zx_vmar_reserve() - placeholders of region @v over [@addr, @addr + @len)
 * @file: the caller's /dev/zircon file (the placeholders keep it open)
 * @v: the region they reserve for, in the caller's address space
 * @addr: page-aligned start, or 0 for Linux's choice (with @how 0)
 * @len: page-aligned length
 * @how: 0, MAP_FIXED or MAP_FIXED_NOREPLACE
 *
 * Made by the same request mechanism as zx_map_vmo(): a vm_mmap() of the
 * device file that only this thread's registered request lets through.
 *
 * Return: the address, or a negative errno as vm_mmap() returns it.
 */
unsigned long zx_vmar_reserve(struct file *file, const struct zx_vmar *v,
			      unsigned long addr, unsigned long len,
			      unsigned long how)
{
	struct zx_map_req req = {
		.task = current, .file = file, .pages = len >> PAGE_SHIFT,
		.prot = PROT_NONE, .reserve = v->token,
	};

	return zx_vmar_vm_mmap(&req, addr, len,
			       MAP_SHARED | MAP_NORESERVE | how, 0);
}

/*
 * The checks of a zx_map_vmo() before anything is mapped, in Zircon's
 * order; the protection it asks for goes in *@prot, and the length,
 * rounded up to pages as Zircon rounds it, replaces a->len.  The VMO's
 * size is not checked: pages of a mapping past the VMO's end fault
 * (SIGBUS) until the VMO grows to cover them.
 */
static zx_status_t zx_vmar_map_check(struct zx_ioc_vmar_map *a,
				     struct zx_vmar *vmar,
				     zx_rights_t vmar_rights,
				     struct zx_vmo *v, zx_rights_t vmo_rights,
				     unsigned long *prot)
{
	zx_status_t status;
	u64 len;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_vmar_map_perms(a, vmar_rights, vmo_rights, prot);
	if (status == ZX_OK)
		status = zx_vmar_map_options(a, v, &len);
	if (status == ZX_OK)
		status = zx_vmar_map_range(a, vmar, len);
	if (status == ZX_OK)
		a->len = len;
	return status;
}

/* Where and how a zx_map_vmo() maps: the vm_mmap() arguments. */
struct zx_map_place {
	unsigned long addr;	/* unless searched for */
	unsigned long flags;	/* MAP_* */
	unsigned long hi;	/* a search's upper limit */
	unsigned long align;	/* a search's alignment */
	bool search;		/* an address of our choosing */
};

/* The place in @vmar that the options of @a ask for. */
static void zx_vmar_map_place(const struct zx_ioc_vmar_map *a,
			      struct zx_vmar *vmar, struct zx_map_place *p)
{
	*p = (struct zx_map_place){ .flags = MAP_SHARED };
	p->align = 1UL << max_t(u32, PAGE_SHIFT,
				(a->options & ZX_VM_ALIGN_MASK) >>
				ZX_VM_ALIGN_BASE);
	if (a->options & (ZX_VM_SPECIFIC | ZX_VM_SPECIFIC_OVERWRITE)) {
		p->addr = vmar->start + a->vmar_offset;
		p->flags |= (a->options & ZX_VM_SPECIFIC_OVERWRITE) ?
			    MAP_FIXED : MAP_FIXED_NOREPLACE;
	} else if ((a->options & ZX_VM_OFFSET_IS_UPPER_LIMIT) ||
		   p->align > PAGE_SIZE) {
		/* An address of our choosing: searched for below. */
		p->hi = vmar->start + vmar->len;
		if (a->options & ZX_VM_OFFSET_IS_UPPER_LIMIT)
			p->hi = vmar->start + a->vmar_offset;
		/*
		 * Never above mmap_base, where Linux keeps the main thread's
		 * stack room to grow: a mapping there would make its next
		 * deep call die of SIGSEGV.  Linux's own mmap() stays below
		 * it too.
		 */
		p->hi = min(p->hi, current->mm->mmap_base);
		p->flags |= MAP_FIXED_NOREPLACE;
		p->search = true;
	}
	if (a->options & ZX_VM_MAP_RANGE)
		p->flags |= MAP_POPULATE;
}

/*
 * vm_mmap()s @req, @len bytes from VMO byte @offset, at the place @p in
 * @vmar, its result in *@ret.  A gap we found may be taken by a concurrent
 * mmap(): as Zircon would have found another, it searches again, a
 * bounded number of times, then gives up with ZX_ERR_NO_RESOURCES.
 */
static zx_status_t zx_vmar_map_at(struct zx_map_req *req,
				  struct zx_vmar *vmar,
				  const struct zx_map_place *p,
				  unsigned long len, u64 offset,
				  unsigned long *ret)
{
	unsigned long addr = p->addr;
	unsigned int tries = 0;

	for (;;) {
		if (p->search) {
			addr = zx_find_gap(current->mm, vmar->start, p->hi,
					   len, p->align);
			if (!addr)
				return ZX_ERR_NO_RESOURCES;
		}
		*ret = zx_vmar_vm_mmap(req, addr, len, p->flags, offset);
		if (*ret != (unsigned long)-EEXIST || !p->search)
			return ZX_OK;
		if (++tries >= ZX_MAP_GAP_TRIES || fatal_signal_pending(current))
			return ZX_ERR_NO_RESOURCES;
		cond_resched();
	}
}

/*
 * The status of a vm_mmap() that failed with @err, made with @flags for
 * @len bytes in @vmar.
 */
static zx_status_t zx_vmar_map_error(long err, unsigned long flags,
				     struct zx_vmar *vmar, unsigned long len)
{
	zx_status_t status = zx_mmap_status(err);

	/*
	 * mmap's ENOMEM means "no room" or "no memory": at a fixed address,
	 * or with room elsewhere, it was memory.
	 */
	if (status == ZX_ERR_NO_RESOURCES &&
	    ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) ||
	     zx_find_gap(current->mm, vmar->start, vmar->start + vmar->len,
			 len, PAGE_SIZE)))
		status = ZX_ERR_NO_MEMORY;
	return status;
}

/*
 * zx_map_vmo(): maps @v (reached through a handle with @vmo_rights) into
 * @vmar (@vmar_rights) as @a says, through @file (the table's
 * /dev/zircon), and stores the address in *@mapped.
 */
static zx_status_t zx_map_vmo(struct zx_vmar *vmar, zx_rights_t vmar_rights,
			      struct zx_vmo *v, zx_rights_t vmo_rights,
			      struct file *file, struct zx_ioc_vmar_map *a,
			      unsigned long *mapped)
{
	struct zx_map_req req = {
		.task = current, .file = file, .rights = vmo_rights,
	};
	struct zx_map_place place;
	zx_status_t status;
	unsigned long ret;
	bool locked;
	u64 offset;

	status = zx_vmar_map_check(a, vmar, vmar_rights, v, vmo_rights,
				   &req.prot);
	if (status != ZX_OK)
		return status;
	zx_vmar_map_place(a, vmar, &place);
	req.vmo = v;
	req.view = zx_vmo_view(zx_vmo_store(v));
	if (IS_ERR(req.view))
		return ZX_ERR_NO_MEMORY;
	offset = a->vmo_offset + ((u64)v->slice_off << PAGE_SHIFT);
	req.pgoff = offset >> PAGE_SHIFT;
	req.pages = a->len >> PAGE_SHIFT;
	/* Regions, and overwrites that must spare them: vmar_region.c. */
	locked = vmar->region || (a->options & ZX_VM_SPECIFIC_OVERWRITE);
	if (locked) {
		mutex_lock(&zx_vmar_regions_lock);
		status = zx_region_map_place(vmar, a->options, a->vmar_offset,
					     a->len, place.align, &place.addr);
		if (status != ZX_OK)
			goto unlock;
		if (vmar->region) {
			place.flags = (place.flags & MAP_POPULATE) |
				      MAP_SHARED | MAP_FIXED;
			place.search = false;
			req.rights &= zx_region_map_rights(vmar);
		}
	}
	status = zx_vmar_map_at(&req, vmar, &place, a->len, offset, &ret);
	if (status == ZX_OK && IS_ERR_VALUE(ret)) {
		status = zx_vmar_map_error((long)ret, place.flags, vmar,
					   a->len);
		if (locked)
			zx_region_map_failed(vmar, file, place.addr, a->len);
	}
	if (status == ZX_OK)
		*mapped = ret;
unlock:
	if (locked)
		mutex_unlock(&zx_vmar_regions_lock);
	return status;
}

/**
 * zx_ioctl_vmar_map() - zx_vmar_map(): copy in, look up both handles, map, copy out
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_vmar_map, copied in
 *
 * Return: a Zircon status; see zx_map_vmo().
 */
zx_status_t zx_ioctl_vmar_map(struct zx_table *t, void *arg)
{
	struct zx_ioc_vmar_map *a = arg;
	zx_rights_t vmar_rights, vmo_rights;
	struct zx_vmar *vmar;
	unsigned long mapped;
	struct zx_vmo *v;
	zx_status_t status;

	status = zx_vmar_get(t, a->vmar, &vmar, &vmar_rights);
	if (status != ZX_OK)
		return status;
	/* The VMO's rights are checked later, after the arguments. */
	status = zx_lookup_as(t, a->vmo, &zx_vmo_ops, 0, &v, &vmo_rights);
	if (status != ZX_OK)
		goto out_vmar;
	status = zx_map_vmo(vmar, vmar_rights, v, vmo_rights, t->file, a,
			     &mapped);
	if (status == ZX_OK &&
	    put_user((u64)mapped, (u64 __user *)zx_uptr(a->out))) {
		vm_munmap(mapped, a->len);
		status = ZX_ERR_INVALID_ARGS;
	}
	zx_object_put(&v->base);
out_vmar:
	zx_object_put(&vmar->base);
	return status;
}
