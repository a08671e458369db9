/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes, threads and jobs (task.c, job.c): what the two files share.
 *
 * Locks, outermost first:
 *
 *   zx_jobs_lock        (job.c)  a mutex over every job tree: children,
 *                                member processes, the dead flag
 *     zx_tasks_lock     (task.c) a leaf spinlock over the struct pid ->
 *                                object hash (lookups are RCU)
 *
 *   tasklist_lock, pid->wait_pidfd.lock (core kernel; held when an exit
 *                                notification runs zx_task_wake()): no
 *                                module lock inside them
 *
 * zx_task_wake() runs in the exiting task's context under the two core
 * locks, with interrupts off: it takes no lock of the module (every one
 * of them is taken elsewhere with interrupts on) and only queues work.
 */
#ifndef ZX_MODULE_TASK_H
#define ZX_MODULE_TASK_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "zx.h"

struct zx_job;
struct task_struct;

/* A process (a Linux thread group) or a thread (a Linux task). */
struct zx_task {
	struct zx_object base;
	struct pid *pid;		/* the group's or thread's; a reference */
	bool is_thread;
	bool hashed;			/* under zx_tasks_lock */
	bool queued;			/* ->wait is on pid->wait_pidfd */
	struct hlist_node node;		/* in the hash, under zx_tasks_lock */
	struct wait_queue_entry wait;	/* exit notification */
	struct rcu_head rcu;

	/* Under base.lock. */
	bool exited;
	s64 return_code;
	s64 start_time;

	/* A thread: ZX_THREAD_STATE_BLOCKED_* while in a Zircon wait, or 0. */
	u32 blocked;
	struct zx_task *proc;		/* a thread's process; a reference */

	/* A process: its job (a reference), set once under zx_jobs_lock. */
	struct zx_job *job;
	struct list_head job_node;	/* in job->procs, under zx_jobs_lock */
	bool member;			/* on job->procs; holds a reference */
	struct work_struct exit_work;	/* records the exit, leaves the job */
	unsigned long exit_queued;	/* bit 0: exit_work queued once */
	int exit_code;			/* wait(2) status seen at the exit */
};

static inline struct zx_task *zx_to_task(struct zx_object *obj)
{
	return container_of(obj, struct zx_task, base);
}

/* task.c */
bool zx_task_has_exited(struct zx_task *p);
zx_status_t zx_task_kill_one(struct zx_task *p);
zx_status_t zx_process_of_pid(struct pid *pid, struct zx_task **out);
bool zx_may_kill_rcu(struct task_struct *task);
zx_status_t zx_process_check(struct zx_task *p);
zx_status_t zx_process_vnr(struct zx_task *p, pid_t *nr);

/* job.c */
extern struct workqueue_struct *zx_task_wq;
zx_koid_t zx_job_koid(struct zx_job *job);
zx_status_t zx_job_kill(struct zx_object *obj);
zx_status_t zx_job_place(struct zx_table *t, struct zx_task *p,
			 zx_handle_t job);
void zx_job_leave(struct zx_task *p);
void zx_job_release_process(struct zx_task *p);
zx_status_t zx_job_info(struct zx_object *obj, zx_rights_t rights,
			const struct zx_ioc_object_get_info *a);
zx_status_t zx_job_get_child(struct zx_object *obj, u64 koid,
			     struct zx_object **child);

#endif /* ZX_MODULE_TASK_H */
