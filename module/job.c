// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: groups of processes, in trees.
 *
 * Linux has no job; the module keeps one.  A process joins a job when the
 * launcher names it (zx_linux_process_child(), which zx_linux_spawn_etc()
 * calls between fork and exec), and otherwise the first time it asks for
 * a handle to itself or its job: it then gets a new root job of its own,
 * which the processes it launches join unless told otherwise.  So one
 * default job per launcher tree: the tree's first process's.  A process
 * never changes job.
 *
 * A job holds a reference to each member process object (so the process
 * keeps its koid while it runs) and to its parent job; a process object
 * holds one to its job.  The cycle is broken when the process exits: the
 * work item its exit notification queues (task.c) takes it out of its
 * job (zx_job_leave()).  zx_task_kill() on a job marks it and every job
 * below it killed (no new process or job may join; ZX_TASK_TERMINATED is
 * asserted at once) and SIGKILLs every member process the caller could
 * kill(2).  Job policies are not implemented.
 *
 * Locks: zx_jobs_lock, a mutex over every tree (children, members, the
 * killed flag), outside zx_object.lock.  No object reference is dropped
 * under it: the last one may free a job, which takes it.
 */
#include <linux/mutex.h>
#include <linux/slab.h>

#include "task.h"
#include "syscalls.h"

#define ZX_TASK_RETCODE_SYSCALL_KILL	(-1024LL)

/* Fuchsia's limit on the height of a job tree. */
#define ZX_JOB_MAX_HEIGHT	32

ZX_LIMIT(uint, max_job_children, 4096,
	 "Most child jobs of one job");

ZX_LIMIT(uint, max_job_processes, 16384,
	 "Most processes in one job");

struct zx_job {
	struct zx_object base;
	struct zx_job *parent;		/* a reference; NULL for a root */
	struct list_head node;		/* in parent->children, or zx_roots */
	struct list_head all;		/* in zx_all_jobs */
	/* Under zx_jobs_lock. */
	struct list_head children;
	struct list_head procs;		/* member zx_task, by job_node */
	u32 nr_children;
	u32 nr_procs;
	u32 height;			/* 0 for a root */
	bool killed;
};

static DEFINE_MUTEX(zx_jobs_lock);
static LIST_HEAD(zx_roots);
static LIST_HEAD(zx_all_jobs);
/* The exit notifications' work (task.c): it may sleep, they may not. */
struct workqueue_struct *zx_task_wq;

static void zx_job_destroy(struct zx_object *obj);

static const struct zx_object_ops zx_job_ops = {
	.type = ZX_OBJ_TYPE_JOB,
	.destroy = zx_job_destroy,
};

static struct zx_job *zx_to_job(struct zx_object *obj)
{
	return container_of(obj, struct zx_job, base);
}

static void zx_job_destroy(struct zx_object *obj)
{
	struct zx_job *job = zx_to_job(obj);

	mutex_lock(&zx_jobs_lock);
	if (job->parent)
		job->parent->nr_children--;
	if (!list_empty(&job->all)) {
		list_del(&job->node);
		list_del(&job->all);
	}
	mutex_unlock(&zx_jobs_lock);
	if (job->parent)
		zx_object_put(&job->parent->base);
	kfree(job);
}

/* A new job under @parent (NULL: a root), with a reference. */
static zx_status_t zx_job_new(struct zx_job *parent, struct zx_job **out)
{
	struct zx_job *job = kzalloc(sizeof(*job), ZX_GFP);
	zx_status_t status;

	if (!job)
		return ZX_ERR_NO_MEMORY;
	INIT_LIST_HEAD(&job->children);
	INIT_LIST_HEAD(&job->procs);
	INIT_LIST_HEAD(&job->all);
	status = zx_object_init(&job->base, &zx_job_ops, 0);
	if (status != ZX_OK)
		goto fail;
	mutex_lock(&zx_jobs_lock);
	if (parent && parent->killed)
		status = ZX_ERR_BAD_STATE;
	else if (parent && parent->height + 1 >= ZX_JOB_MAX_HEIGHT)
		status = ZX_ERR_OUT_OF_RANGE;
	else if (parent && parent->nr_children >= READ_ONCE(max_job_children))
		status = ZX_ERR_NO_RESOURCES;
	if (status == ZX_OK) {
		if (parent) {
			zx_object_get(&parent->base);
			job->parent = parent;
			job->height = parent->height + 1;
			job->base.related_koid = parent->base.koid;
			parent->nr_children++;
		}
		list_add_tail(&job->node, parent ? &parent->children :
			      &zx_roots);
		list_add_tail(&job->all, &zx_all_jobs);
	}
	mutex_unlock(&zx_jobs_lock);
	if (status != ZX_OK)
		goto fail;
	*out = job;
	return ZX_OK;
fail:
	zx_object_put(&job->base);
	return status;
}

/* Takes @p out of its job; true if the caller must drop that reference. */
static bool zx_job_unlink_locked(struct zx_task *p)
{
	lockdep_assert_held(&zx_jobs_lock);
	if (!p->member)
		return false;
	list_del_init(&p->job_node);
	p->job->nr_procs--;
	WRITE_ONCE(p->member, false);
	return true;
}

/**
 * zx_job_leave() - take an exited process out of its job
 * @p: its object; the caller holds a reference of its own
 *
 * Called once the exit is recorded (zx_task_terminate(), process context).
 */
void zx_job_leave(struct zx_task *p)
{
	bool drop;

	mutex_lock(&zx_jobs_lock);
	drop = zx_job_unlink_locked(p);
	mutex_unlock(&zx_jobs_lock);
	if (drop)
		zx_object_put(&p->base);
}

/**
 * zx_job_release_process() - a process object is being freed
 * @p: the object, no longer a member of its job
 */
void zx_job_release_process(struct zx_task *p)
{
	if (p->job)
		zx_object_put(&p->job->base);
}

/* Makes @p a member of @job unless it has a job already. */
static zx_status_t zx_job_join(struct zx_job *job, struct zx_task *p,
			       bool any)
{
	zx_status_t status = ZX_OK;
	bool drop = false;

	mutex_lock(&zx_jobs_lock);
	if (p->job) {
		if (!any && p->job != job)
			status = ZX_ERR_BAD_STATE;
	} else if (job->killed) {
		status = ZX_ERR_BAD_STATE;
	} else if (job->nr_procs >= READ_ONCE(max_job_processes)) {
		status = ZX_ERR_NO_RESOURCES;
	} else {
		zx_object_get(&job->base);
		p->job = job;
		p->base.related_koid = job->base.koid;
		zx_object_get(&p->base);
		list_add_tail(&p->job_node, &job->procs);
		job->nr_procs++;
		WRITE_ONCE(p->member, true);
		/* An exit recorded before this: zx_job_leave() came first. */
		if (zx_task_has_exited(p))
			drop = zx_job_unlink_locked(p);
	}
	mutex_unlock(&zx_jobs_lock);
	if (drop)
		zx_object_put(&p->base);
	return status;
}

/* The caller's job: its process object's, made a new root if none. */
static zx_status_t zx_job_current(struct zx_job **out)
{
	struct zx_job *job, *fresh = NULL;
	struct zx_task *self;
	zx_status_t status;

	status = zx_process_of_pid(task_tgid(current), &self);
	if (status != ZX_OK)
		return status;
	mutex_lock(&zx_jobs_lock);
	job = self->job;
	if (job)
		zx_object_get(&job->base);
	mutex_unlock(&zx_jobs_lock);
	if (!job) {
		status = zx_job_new(NULL, &fresh);
		if (status == ZX_OK)
			status = zx_job_join(fresh, self, true);
		if (fresh)
			zx_object_put(&fresh->base);
		if (status == ZX_OK) {
			/* Ours, or another thread's that came first. */
			job = self->job;
			zx_object_get(&job->base);
		}
	}
	zx_object_put(&self->base);
	if (status == ZX_OK)
		*out = job;
	return status;
}

/**
 * zx_job_place() - put a process in a job, once
 * @t: the caller's handle table
 * @p: the process object
 * @handle: a job handle with ZX_RIGHT_MANAGE_PROCESS, or
 *          ZX_HANDLE_INVALID for the caller's job (made if it has none)
 *
 * A process already in a job stays there: ZX_OK if @handle is invalid or
 * names that job, ZX_ERR_BAD_STATE otherwise.
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE,
 * ZX_ERR_ACCESS_DENIED, ZX_ERR_BAD_STATE, ZX_ERR_NO_MEMORY or
 * ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_job_place(struct zx_table *t, struct zx_task *p,
			 zx_handle_t handle)
{
	struct zx_job *job;
	zx_status_t status;

	if (handle == ZX_HANDLE_INVALID) {
		if (READ_ONCE(p->job))
			return ZX_OK;
		status = zx_job_current(&job);
	} else {
		status = zx_lookup_as(t, handle, &zx_job_ops,
				      ZX_RIGHT_MANAGE_PROCESS, &job, NULL);
	}
	if (status != ZX_OK)
		return status;
	status = zx_job_join(job, p, handle == ZX_HANDLE_INVALID);
	zx_object_put(&job->base);
	return status;
}

/* Marks the tree under @job killed and SIGKILLs its processes. */
static zx_status_t zx_job_kill_locked(struct zx_job *job)
{
	zx_status_t status = ZX_OK, s;
	struct zx_job *child;
	struct zx_task *p;

	lockdep_assert_held(&zx_jobs_lock);
	job->killed = true;
	list_for_each_entry(p, &job->procs, job_node) {
		s = zx_task_kill_one(p);
		if (s != ZX_OK)
			status = s;
	}
	/* The height is at most ZX_JOB_MAX_HEIGHT. */
	list_for_each_entry(child, &job->children, node) {
		s = zx_job_kill_locked(child);
		if (s != ZX_OK)
			status = s;
	}
	zx_object_update_signals(&job->base, 0, ZX_TASK_TERMINATED);
	return status;
}

/**
 * zx_job_kill() - zx_task_kill() on a job
 * @obj: the job
 *
 * Every job of the tree is killed even when some process is not (the
 * caller may not signal it): ZX_ERR_ACCESS_DENIED then.
 *
 * Return: ZX_OK or ZX_ERR_ACCESS_DENIED.
 */
zx_status_t zx_job_kill(struct zx_object *obj)
{
	zx_status_t status;

	mutex_lock(&zx_jobs_lock);
	status = zx_job_kill_locked(zx_to_job(obj));
	mutex_unlock(&zx_jobs_lock);
	return status;
}

/* Up to @max koids of @job's children or live processes; the count. */
static size_t zx_job_koids_locked(struct zx_job *job, bool procs,
				  u64 *koids, size_t max)
{
	struct zx_job *child;
	struct zx_task *p;
	size_t n = 0;

	if (!procs) {
		list_for_each_entry(child, &job->children, node)
			if (n < max)
				koids[n++] = child->base.koid;
		return n;
	}
	list_for_each_entry(p, &job->procs, job_node)
		if (n < max && !zx_task_has_exited(p))
			koids[n++] = p->base.koid;
	return n;
}

/* ZX_INFO_JOB_CHILDREN and ZX_INFO_JOB_PROCESSES: koid arrays. */
static zx_status_t zx_job_list(struct zx_job *job, bool procs,
			       const struct zx_ioc_object_get_info *a)
{
	size_t max, n, fit;
	zx_status_t status = ZX_OK;
	u64 *koids;

	max = procs ? READ_ONCE(max_job_processes) :
	      READ_ONCE(max_job_children);
	koids = kvmalloc_array(max ? max : 1, sizeof(*koids), ZX_GFP);
	if (!koids)
		return ZX_ERR_NO_MEMORY;
	mutex_lock(&zx_jobs_lock);
	n = zx_job_koids_locked(job, procs, koids, max);
	mutex_unlock(&zx_jobs_lock);
	fit = min_t(u64, n, a->buffer_size / sizeof(u64));
	if (fit && copy_to_user(zx_uptr(a->buffer), koids,
				fit * sizeof(u64)))
		status = ZX_ERR_INVALID_ARGS;
	else if (zx_put_count(a->actual, a->word_size, fit) ||
		 zx_put_count(a->avail, a->word_size, n))
		status = ZX_ERR_INVALID_ARGS;
	kvfree(koids);
	return status;
}

/**
 * zx_job_info() - ZX_INFO_JOB, ZX_INFO_JOB_CHILDREN, ZX_INFO_JOB_PROCESSES
 * @obj: the object the handle names
 * @rights: the handle's rights
 * @a: the call's arguments
 *
 * Return: a Zircon status.
 */
zx_status_t zx_job_info(struct zx_object *obj, zx_rights_t rights,
			const struct zx_ioc_object_get_info *a)
{
	struct zx_abi_info_job info;
	struct zx_job *job;

	if (!zx_object_is(obj, ZX_OBJ_TYPE_JOB))
		return ZX_ERR_WRONG_TYPE;
	job = zx_to_job(obj);
	if (a->topic != ZX_INFO_JOB)
		return !(rights & ZX_RIGHT_ENUMERATE) ? ZX_ERR_ACCESS_DENIED :
			zx_job_list(job, a->topic == ZX_INFO_JOB_PROCESSES, a);
	if (!(rights & ZX_RIGHT_INSPECT))
		return ZX_ERR_ACCESS_DENIED;
	memset(&info, 0, sizeof(info));
	mutex_lock(&zx_jobs_lock);
	if (job->killed) {
		info.exited = 1;
		info.return_code = ZX_TASK_RETCODE_SYSCALL_KILL;
	}
	mutex_unlock(&zx_jobs_lock);
	return zx_single_record(a, &info, sizeof(info));
}

/*
 * @job's child job or member process with @koid, with a reference.  A
 * child job stays on ->children until zx_job_destroy() takes it off, after
 * its last reference went: such a job is gone, not found.
 */
static struct zx_object *zx_job_find_child(struct zx_job *job, u64 koid)
{
	struct zx_object *found = NULL;
	struct zx_job *child;
	struct zx_task *p;

	mutex_lock(&zx_jobs_lock);
	list_for_each_entry(child, &job->children, node)
		if (child->base.koid == koid)
			found = &child->base;
	list_for_each_entry(p, &job->procs, job_node)
		if (p->base.koid == koid)
			found = &p->base;
	if (found && !kref_get_unless_zero(&found->ref))
		found = NULL;
	mutex_unlock(&zx_jobs_lock);
	return found;
}

/**
 * zx_ioctl_get_child() - zx_object_get_child() on a job
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_get_child, copied in
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE (not a job; the
 * threads of a process are not listed), ZX_ERR_ACCESS_DENIED,
 * ZX_ERR_NOT_FOUND, ZX_ERR_INVALID_ARGS or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_get_child(struct zx_table *t, void *arg)
{
	struct zx_ioc_get_child *a = arg;
	struct zx_object *obj, *child;
	zx_rights_t have, rights;
	zx_status_t status;

	status = zx_table_get(t, a->handle, &obj, &have);
	if (status != ZX_OK)
		return status;
	if (!zx_object_is(obj, ZX_OBJ_TYPE_JOB))
		status = ZX_ERR_WRONG_TYPE;
	else if (!(have & ZX_RIGHT_ENUMERATE))
		status = ZX_ERR_ACCESS_DENIED;
	else
		status = zx_rights_derive(have, a->rights,
					  ZX_ERR_ACCESS_DENIED, &rights);
	child = status == ZX_OK ? zx_job_find_child(zx_to_job(obj), a->koid) :
		NULL;
	zx_object_put(obj);
	if (status != ZX_OK)
		return status;
	if (!child)
		return ZX_ERR_NOT_FOUND;
	return zx_table_install_ref_user(t, child, rights, a->out);
}

static zx_status_t zx_job_args(const struct zx_ioc_job_create *a)
{
	return a->options ? ZX_ERR_INVALID_ARGS : ZX_OK;
}

/**
 * zx_ioctl_job_default() - zx_job_default(): a handle to the caller's job
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_job_create (parent 0, options 0), copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY or
 * ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_job_default(struct zx_table *t, void *arg)
{
	struct zx_ioc_job_create *a = arg;
	struct zx_job *job;
	zx_status_t status;

	status = zx_job_args(a);
	if (status == ZX_OK && a->parent)
		status = ZX_ERR_INVALID_ARGS;
	if (status == ZX_OK)
		status = zx_job_current(&job);
	if (status != ZX_OK)
		return status;
	return zx_table_install_ref_user(t, &job->base, ZX_DEFAULT_JOB_RIGHTS,
					 a->out);
}

/**
 * zx_ioctl_job_create() - zx_job_create(): a child job
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_job_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_BAD_HANDLE,
 * ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED (no ZX_RIGHT_MANAGE_JOB),
 * ZX_ERR_BAD_STATE (parent killed), ZX_ERR_OUT_OF_RANGE (too deep),
 * ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_job_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_job_create *a = arg;
	struct zx_job *parent, *job;
	zx_status_t status;

	status = zx_job_args(a);
	if (status != ZX_OK)
		return status;
	status = zx_lookup_as(t, a->parent, &zx_job_ops, ZX_RIGHT_MANAGE_JOB,
			      &parent, NULL);
	if (status != ZX_OK)
		return status;
	status = zx_job_new(parent, &job);
	zx_object_put(&parent->base);
	if (status != ZX_OK)
		return status;
	return zx_table_install_ref_user(t, &job->base, ZX_DEFAULT_JOB_RIGHTS,
					 a->out);
}

/**
 * zx_jobs_init() - module load: the exit work queue
 *
 * Return: 0 or -ENOMEM.
 */
int zx_jobs_init(void)
{
	zx_task_wq = alloc_workqueue("zircon_tasks", 0, 0);
	return zx_task_wq ? 0 : -ENOMEM;
}

/* Takes one member out of any job; NULL when none is left. */
static struct zx_task *zx_jobs_take_one(void)
{
	struct zx_job *job;
	struct zx_task *p;

	list_for_each_entry(job, &zx_all_jobs, all) {
		p = list_first_entry_or_null(&job->procs, struct zx_task,
					     job_node);
		if (p && zx_job_unlink_locked(p))
			return p;
	}
	return NULL;
}

/**
 * zx_jobs_exit() - module unload: drop every membership
 *
 * With no descriptor open, only memberships keep objects alive (processes
 * still running); dropping them frees the objects and their exit watches.
 */
void zx_jobs_exit(void)
{
	struct zx_task *p;

	for (;;) {
		mutex_lock(&zx_jobs_lock);
		p = zx_jobs_take_one();
		mutex_unlock(&zx_jobs_lock);
		if (!p)
			break;
		zx_object_put(&p->base);
	}
	/* An exit notified meanwhile holds its object until its work ran. */
	destroy_workqueue(zx_task_wq);
	WARN_ON_ONCE(!list_empty(&zx_all_jobs));
}
