// SPDX-License-Identifier: GPL-2.0
/*
 * The statistics topics of processes and threads: ZX_INFO_TASK_STATS,
 * ZX_INFO_PROCESS_HANDLE_STATS, ZX_INFO_PROCESS_VMOS, ZX_INFO_PROCESS_MAPS
 * (whose walk is vmar_maps.c's), ZX_INFO_THREAD_STATS.
 *
 * Memory (ZX_INFO_TASK_STATS) comes from the thread group's mm, taken with
 * get_task_mm() from the first thread that still has one (a leader that
 * exited before its threads has none): total_vm is mem_mapped_bytes, the
 * anonymous RSS counter mem_private_bytes, the file and shmem RSS counters
 * mem_shared_bytes.  Linux keeps no count of the processes that map a page
 * short of walking the page tables (smaps; walk_page_range() is not
 * exported), so mem_scaled_shared_bytes is mem_shared_bytes unscaled and
 * mem_fractional_scaled_shared_bytes is UINT64_MAX, Fuchsia's mark of that
 * "legacy attribution".
 *
 * Handles (ZX_INFO_PROCESS_HANDLE_STATS, ZX_INFO_PROCESS_VMOS): a process's
 * handles are those of the /dev/zircon tables it opened (zx_table.owner is
 * its thread group) that are still open in its file table.  The file
 * table is found under task_lock() of the first thread of the group that
 * has one (threads made without CLONE_FILES keep others: their tables are
 * not seen); each table file is pinned with get_file() under the table's
 * file_lock (iterate_fd()), then walked with zx_table_next() with no lock
 * held.  A table open at several descriptors counts once; one open only
 * in another process (passed away with SCM_RIGHTS, or inherited by a fork
 * child, which cannot use it) is not this process's.  The walk is a
 * snapshot in the sense of fdinfo: handles made or closed meanwhile may or
 * may not be counted.
 *
 * Access: as kill(2) would allow the caller to signal the process
 * (zx_process_check()), on top of ZX_RIGHT_INSPECT; the same for a thread.
 *
 * Mappings (ZX_INFO_PROCESS_VMOS after the handles): one record per VMO
 * mapping of the group's mm, ZX_INFO_VMO_VIA_MAPPING, taken under the mm's
 * mmap_lock by zx_mm_mapped_vmos() (vmar_maps.c) and described after it
 * is dropped; a VMO both held and mapped appears for each, as on Fuchsia.
 *
 * Locks: none of its own.  Taken here, outermost first: RCU, task_lock()
 * (task->alloc_lock), files->file_lock (in iterate_fd()); then, with none
 * of them held, a table's xa_lock (zx_table_next()) and a VMO's locks
 * (zx_vmo_get_info()); then, with none held, the mm's mmap_lock
 * (vmar_maps.c, which also takes zx_vmar_regions_lock alone before it).
 */
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "compat.h"
#include "task.h"
#include "vmar.h"

/* The group's mm, with a reference (mmput()), or NULL once it has none. */
static struct mm_struct *zx_process_mm(struct pid *pid)
{
	struct task_struct *leader, *t;
	struct mm_struct *mm = NULL;

	rcu_read_lock();
	leader = pid_task(pid, PIDTYPE_TGID);
	if (leader) {
		for_each_thread(leader, t) {
			mm = get_task_mm(t);
			if (mm)
				break;
		}
	}
	rcu_read_unlock();
	return mm;
}

static zx_status_t zx_task_stats(struct zx_task *p,
				 struct zx_abi_info_task_stats *r)
{
	struct mm_struct *mm = zx_process_mm(p->pid);
	unsigned long shared;

	memset(r, 0, sizeof(*r));
	if (!mm)
		return ZX_ERR_BAD_STATE;
	shared = zx_mm_counter(mm, MM_FILEPAGES) +
		 zx_mm_counter(mm, MM_SHMEMPAGES);
	r->mem_mapped_bytes = (u64)READ_ONCE(mm->total_vm) << PAGE_SHIFT;
	r->mem_private_bytes = (u64)zx_mm_counter(mm, MM_ANONPAGES) <<
			       PAGE_SHIFT;
	r->mem_shared_bytes = (u64)shared << PAGE_SHIFT;
	r->mem_scaled_shared_bytes = r->mem_shared_bytes;
	r->mem_fractional_scaled_shared_bytes = U64_MAX;
	mmput(mm);
	return ZX_OK;
}

/* What the iterate_fd() callbacks look for, and what they found. */
struct zx_fd_scan {
	const struct file_operations *fops;	/* /dev/zircon's */
	struct pid *owner;
	struct file *file;	/* the table found, pinned */
	unsigned int fd;	/* its descriptor */
};

/* Under file_lock: pins the first table of s->owner. */
static int zx_fd_table(const void *arg, struct file *file, unsigned int fd)
{
	struct zx_fd_scan *s = (struct zx_fd_scan *)arg;
	const struct zx_table *t;

	if (file->f_op != s->fops)
		return 0;
	t = file->private_data;
	if (t->owner != s->owner)
		return 0;
	s->file = get_file(file);
	s->fd = fd;
	return 1;
}

/* Under file_lock: 1 if s->file is open below s->fd too, else -1. */
static int zx_fd_seen(const void *arg, struct file *file, unsigned int fd)
{
	const struct zx_fd_scan *s = arg;

	if (fd >= s->fd)
		return -1;
	return file == s->file ? 1 : 0;
}

/* Under task_lock(@t): the next table at a descriptor from *@fd on. */
static void zx_next_table_locked(struct task_struct *t, struct zx_fd_scan *s,
				 unsigned int *fd)
{
	while (iterate_fd(t->files, *fd, zx_fd_table, s)) {
		*fd = s->fd + 1;
		if (iterate_fd(t->files, 0, zx_fd_seen, s) != 1)
			return;
		fput(s->file);
		s->file = NULL;
	}
}

/*
 * The next table file of thread group @owner open at a descriptor from
 * *@fd on, pinned (fput()), with *@fd moved past it; NULL at the end.
 */
static struct file *zx_next_table(const struct file_operations *fops,
				  struct pid *owner, unsigned int *fd)
{
	struct zx_fd_scan s = { .fops = fops, .owner = owner };
	struct task_struct *leader, *t;
	bool done = false;

	rcu_read_lock();
	leader = pid_task(owner, PIDTYPE_TGID);
	if (leader) {
		for_each_thread(leader, t) {
			task_lock(t);
			if (t->files) {
				zx_next_table_locked(t, &s, fd);
				done = true;
			}
			task_unlock(t);
			if (done)
				break;
		}
	}
	rcu_read_unlock();
	return s.file;
}

typedef zx_status_t (*zx_handle_fn)(void *ctx, struct zx_object *obj,
				    zx_rights_t rights);

/*
 * Calls @fn for each handle process @p holds, until it returns other than
 * ZX_OK; @caller's table names the device's file operations.
 */
static zx_status_t zx_process_handles(struct zx_table *caller,
				      struct zx_task *p, zx_handle_fn fn,
				      void *ctx)
{
	const struct file_operations *fops = caller->file->f_op;
	zx_status_t status = ZX_OK;
	unsigned int fd = 0;
	struct zx_object *obj;
	unsigned long slot;
	zx_handle_t value;
	zx_rights_t rights;
	struct file *file;

	while (status == ZX_OK && (file = zx_next_table(fops, p->pid, &fd))) {
		slot = 0;
		while (status == ZX_OK &&
		       zx_table_next(file->private_data, &slot, &value, &obj,
				     &rights)) {
			status = fn(ctx, obj, rights);
			zx_object_put(obj);
			if (status == ZX_OK && fatal_signal_pending(current))
				status = ZX_ERR_CANCELED;
			cond_resched();
		}
		fput(file);
	}
	return status;
}

static zx_status_t zx_count_handle(void *ctx, struct zx_object *obj,
				   zx_rights_t rights)
{
	struct zx_abi_info_process_handle_stats *r = ctx;
	zx_obj_type_t type = obj->ops->type;

	if (type < ZX_OBJ_TYPE_UPPER_BOUND)
		r->handle_count[type]++;
	return ZX_OK;
}

/* ZX_INFO_PROCESS_VMOS: where the records go, and how many there are. */
struct zx_vmos_out {
	void __user *buffer;
	size_t size;		/* of one record, by the topic's version */
	size_t room;		/* records the buffer holds */
	size_t avail;		/* records found so far */
	struct zx_abi_info_vmo rec;
};

static zx_status_t zx_put_vmo(void *ctx, struct zx_object *obj,
			      zx_rights_t rights)
{
	struct zx_vmos_out *out = ctx;
	zx_status_t status;

	if (!zx_object_is(obj, ZX_OBJ_TYPE_VMO))
		return ZX_OK;
	if (out->avail < out->room) {
		status = zx_vmo_get_info(obj, rights, &out->rec);
		if (status != ZX_OK)
			return status;
		if (copy_to_user(out->buffer + out->avail * out->size,
				 &out->rec, out->size))
			return ZX_ERR_INVALID_ARGS;
	}
	out->avail++;
	return ZX_OK;
}

/*
 * ZX_INFO_PROCESS_VMOS, after the handles: one record per VMO mapping
 * (ZX_INFO_VMO_VIA_MAPPING, no handle rights), in address order.  The
 * VMOs are taken (referenced) under the mm's mmap_lock, their records
 * made and copied out after it is dropped.
 */
static zx_status_t zx_put_mapped_vmos(struct zx_task *p,
				      struct zx_vmos_out *out)
{
	struct mm_struct *mm = zx_process_mm(p->pid);
	struct zx_object **objs = NULL;
	zx_status_t status = ZX_OK;
	size_t room, cap, n, i;

	/* Gone since the check: no mappings left to report. */
	if (!mm)
		return ZX_OK;
	room = out->room > out->avail ? out->room - out->avail : 0;
	cap = min_t(size_t, room, READ_ONCE(mm->map_count) + 64);
	if (cap) {
		objs = kvmalloc_array(cap, sizeof(*objs), ZX_GFP);
		if (!objs) {
			mmput(mm);
			return ZX_ERR_NO_MEMORY;
		}
	}
	status = zx_mm_mapped_vmos(mm, objs, cap, &n);
	mmput(mm);
	for (i = 0; i < min(n, cap); i++) {
		if (status == ZX_OK)
			status = zx_vmo_get_info(objs[i], 0, &out->rec);
		if (status == ZX_OK) {
			out->rec.flags &= ~ZX_INFO_VMO_VIA_HANDLE;
			out->rec.flags |= ZX_INFO_VMO_VIA_MAPPING;
			out->rec.handle_rights = 0;
			if (copy_to_user(out->buffer +
					 (out->avail + i) * out->size,
					 &out->rec, out->size))
				status = ZX_ERR_INVALID_ARGS;
		}
		zx_object_put(objs[i]);
	}
	kvfree(objs);
	if (status == ZX_OK)
		out->avail += n;
	return status;
}

/* ZX_INFO_PROCESS_VMOS: as many records as fit, ZX_OK even if not all. */
static zx_status_t zx_process_vmos(struct zx_table *caller, struct zx_task *p,
				   const struct zx_ioc_object_get_info *a)
{
	struct zx_vmos_out *out;
	zx_status_t status;
	size_t actual;

	out = kzalloc(sizeof(*out), ZX_GFP);
	if (!out)
		return ZX_ERR_NO_MEMORY;
	out->buffer = zx_uptr(a->buffer);
	out->size = zx_vmo_info_size(a->topic);
	out->room = a->buffer_size / out->size;
	status = zx_process_handles(caller, p, zx_put_vmo, out);
	if (status == ZX_OK)
		status = zx_put_mapped_vmos(p, out);
	actual = min(out->avail, out->room);
	if (status == ZX_OK &&
	    (zx_put_count(a->actual, a->word_size, actual) ||
	     zx_put_count(a->avail, a->word_size, out->avail)))
		status = ZX_ERR_INVALID_ARGS;
	kfree(out);
	return status;
}

static zx_status_t zx_thread_stats(struct zx_task *th,
				   struct zx_abi_info_thread_stats *r)
{
	struct task_struct *task;
	zx_status_t status = ZX_OK;

	memset(r, 0, sizeof(*r));
	rcu_read_lock();
	task = pid_task(th->pid, PIDTYPE_PID);
	if (!task) {
		status = ZX_ERR_BAD_STATE;
	} else if (!zx_may_kill_rcu(task)) {
		status = ZX_ERR_ACCESS_DENIED;
	} else {
		r->total_runtime = READ_ONCE(task->se.sum_exec_runtime);
		r->last_scheduled_cpu = task_cpu(task);
	}
	rcu_read_unlock();
	return status;
}

/* ZX_INFO_PROCESS_MAPS, any version (vmar_maps.c). */
static zx_status_t zx_process_maps_info(struct zx_task *p,
					const struct zx_ioc_object_get_info *a)
{
	struct mm_struct *mm = zx_process_mm(p->pid);
	char name[ZX_MAX_NAME_LEN];
	zx_status_t status;

	if (!mm)
		return ZX_ERR_BAD_STATE;
	spin_lock(&p->base.lock);
	memcpy(name, p->base.name, sizeof(name));
	spin_unlock(&p->base.lock);
	status = zx_process_maps(mm, name, a);
	mmput(mm);
	return status;
}

/* The process topics: the record of a live process the caller may inspect. */
static zx_status_t zx_process_stats(struct zx_table *t, struct zx_task *p,
				    const struct zx_ioc_object_get_info *a)
{
	struct zx_abi_info_process_handle_stats *hs;
	struct zx_abi_info_task_stats ts;
	zx_status_t status;

	status = zx_process_check(p);
	/* A dead process holds no handle: Fuchsia counts none. */
	if (status == ZX_ERR_BAD_STATE && a->topic == ZX_INFO_PROCESS_HANDLE_STATS)
		status = ZX_OK;
	if (status != ZX_OK)
		return status;
	switch (a->topic) {
	case ZX_INFO_TASK_STATS_V1:
	case ZX_INFO_TASK_STATS:
		status = zx_task_stats(p, &ts);
		if (status != ZX_OK)
			return status;
		return zx_single_record(a, &ts, a->topic == ZX_INFO_TASK_STATS ?
					sizeof(ts) :
					offsetof(typeof(ts),
						 mem_fractional_scaled_shared_bytes));
	case ZX_INFO_PROCESS_HANDLE_STATS:
		hs = kzalloc(sizeof(*hs), ZX_GFP);
		if (!hs)
			return ZX_ERR_NO_MEMORY;
		status = zx_process_handles(t, p, zx_count_handle, hs);
		if (status == ZX_OK)
			status = zx_single_record(a, hs, sizeof(*hs));
		kfree(hs);
		return status;
	case ZX_INFO_PROCESS_MAPS_V1:
	case ZX_INFO_PROCESS_MAPS_V2:
	case ZX_INFO_PROCESS_MAPS:
		return zx_process_maps_info(p, a);
	}
	return zx_process_vmos(t, p, a);
}

/**
 * zx_task_stats_get_info() - the statistics topics of zx_object_get_info()
 * @t: the caller's handle table
 * @obj: the object the handle names
 * @rights: the handle's rights
 * @a: the call's arguments; @a->topic is one zx_task_stats_topic() accepts
 *
 * Return: ZX_OK, ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED (no
 * ZX_RIGHT_INSPECT, or Linux would not let the caller signal the task),
 * ZX_ERR_BAD_STATE (the task has exited), ZX_ERR_INVALID_ARGS (bad
 * pointers), ZX_ERR_BUFFER_TOO_SMALL (a single-record topic),
 * ZX_ERR_NO_MEMORY or ZX_ERR_CANCELED.
 */
zx_status_t zx_task_stats_get_info(struct zx_table *t, struct zx_object *obj,
				   zx_rights_t rights,
				   const struct zx_ioc_object_get_info *a)
{
	struct zx_abi_info_thread_stats th;
	zx_status_t status;

	if (a->topic == ZX_INFO_THREAD_STATS) {
		if (!zx_object_is(obj, ZX_OBJ_TYPE_THREAD))
			return ZX_ERR_WRONG_TYPE;
		if (!(rights & ZX_RIGHT_INSPECT))
			return ZX_ERR_ACCESS_DENIED;
		status = zx_thread_stats(zx_to_task(obj), &th);
		if (status != ZX_OK)
			return status;
		return zx_single_record(a, &th, sizeof(th));
	}
	if (!zx_object_is(obj, ZX_OBJ_TYPE_PROCESS))
		return ZX_ERR_WRONG_TYPE;
	if (!(rights & ZX_RIGHT_INSPECT))
		return ZX_ERR_ACCESS_DENIED;
	return zx_process_stats(t, zx_to_task(obj), a);
}
