/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for differences between kernel versions.
 *
 * The module uses only stable exported APIs.  It is built and tested
 * (make check KERNEL=...) against Debian 12's three kernels: 6.1, the
 * oldest supported, 6.12 and 6.12 PREEMPT_RT.  When a newer kernel renames
 * something the module uses, the shim goes here and nowhere else; a probe
 * in module/Kbuild defines ZX_HAVE_* where a version number would lie
 * (distributions backport).  Documentation/kernels.rst lists the kernels.
 *
 * Differences handled here:
 *   vm_flags    6.3 made vma->vm_flags read-only; zx_vm_flags_set() and
 *               zx_vm_flags_clear() below.
 *   hrtimers    6.13 added hrtimer_setup(), which sets the callback with
 *               the clock and mode, and 6.15 removed hrtimer_init();
 *               zx_hrtimer_setup() below (timer.c).
 *   rss counts  6.2 made a process's resident-page counters per-CPU
 *               (Kbuild defines ZX_HAVE_PERCPU_RSS); zx_mm_counter()
 *               below sums them (task_info.c).
 *
 * Differences that need nothing (the same source builds warning-free,
 * W=1 included, on 6.1 and 6.12):
 *   PREEMPT_RT  spinlock_t (xa_lock and wait queues included) becomes a
 *               sleeping lock.  The module has no raw_spinlock_t and no
 *               preempt_disable(), local_irq_*() or *_irqsave() section
 *               around one, so the same code is correct on both.
 *
 *   VMA walks   VMA_ITERATOR() and for_each_vma() (the maple tree, 6.1
 *               on), mmap_read_lock_killable() and xa_for_each_range()
 *               are the same on 6.1 and 6.12 (vmar_region.c,
 *               vmar_maps.c).
 *
 *   pidfd wake  task.c hangs its exit watch on pid->wait_pidfd, which
 *               do_notify_pidfd() wakes when a thread group has exited
 *               (6.1 and 6.12 alike).  From 6.9 (PIDFD_THREAD) the kernel
 *               also wakes it when a single thread exits, and for a
 *               leader that exits before its other threads; the wake
 *               function checks the group is empty, so the same code
 *               serves both, and thread objects see their thread's exit
 *               at once only on the newer kernels (at the next query on
 *               6.1; Documentation/zircon.rst, "Tasks").
 *
 * Being replaced, still present in 6.12 (a conversion would touch only
 * vmo_store.c's zx_layer_page(), zx_vmo_own_page() and zero loops,
 * vmo_rw.c's read/write loops, vmo_cow.c's copies and vmo_fault.c's fault
 * handlers; nothing here until it happens):
 *   pages -> folios in shmem and the page cache.  The VMO files take pages
 *   with find_get_page() + PageUptodate() and
 *   shmem_read_mapping_page_gfp(), dirties them with set_page_dirty(),
 *   copies and clears them with copy_highpage(), clear_highpage() and
 *   zero_user(), locks them with lock_page() in the write fault, and
 *   drops them with put_page().  In 6.12 each of these is a wrapper
 *   around a folio call: filemap_get_folio() + folio_test_uptodate(),
 *   shmem_read_folio_gfp() (not in 6.1), folio_mark_dirty(),
 *   folio_lock(), folio_put(), with folio_file_page() for the page inside
 *   a large folio.  Two traps for that move: filemap_get_folio() returns
 *   NULL for a miss on 6.1 but ERR_PTR(-ENOENT) from 6.4 on, so a shim
 *   here must turn both into one answer; and shmem may hand out large
 *   folios (transparent_hugepage/shmem_enabled, per-size shmem THP in
 *   6.12), so page arithmetic must go through folio_file_page(), never
 *   assume a folio is one page.
 */
#ifndef ZX_MODULE_COMPAT_H
#define ZX_MODULE_COMPAT_H

#include <linux/version.h>
#include <linux/mm.h>

/*
 * 6.1 is the oldest kernel supported.  (LINUX_VERSION_MAJOR itself is from
 * 5.16: a kernel without it is older still.)
 */
#if !defined(LINUX_VERSION_MAJOR) || LINUX_VERSION_MAJOR < 6 || \
	(LINUX_VERSION_MAJOR == 6 && LINUX_VERSION_PATCHLEVEL < 1)
#error "zircon.ko needs Linux 6.1 or newer (Debian 12's kernels: 6.1, 6.12, 6.12-rt); see Documentation/kernels.rst"
#endif

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

/*
 * hrtimer_setup() from 6.13, hrtimer_init() before it (gone in 6.15);
 * Kbuild defines ZX_HAVE_HRTIMER_SETUP when <linux/hrtimer.h> has it.
 */
#include <linux/hrtimer.h>

static inline void zx_hrtimer_setup(struct hrtimer *timer,
				    enum hrtimer_restart (*fn)(struct hrtimer *),
				    clockid_t clock_id, enum hrtimer_mode mode)
{
#ifdef ZX_HAVE_HRTIMER_SETUP
	hrtimer_setup(timer, fn, clock_id, mode);
#else
	hrtimer_init(timer, clock_id, mode);
	timer->function = fn;
#endif
}

/*
 * A process's resident page count of one kind (MM_ANONPAGES, ...), exact.
 * From 6.2 the counters are per-CPU and get_mm_counter() reads only the
 * shared part, which stays 0 for a small process until a CPU's batch
 * folds in; summing them is what /proc/PID/status's figures need too.
 */
static inline unsigned long zx_mm_counter(struct mm_struct *mm, int member)
{
#ifdef ZX_HAVE_PERCPU_RSS
	return percpu_counter_sum_positive(&mm->rss_stat[member]);
#else
	return get_mm_counter(mm, member);
#endif
}

#endif /* ZX_MODULE_COMPAT_H */
