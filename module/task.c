// SPDX-License-Identifier: GPL-2.0
/*
 * Processes and threads: Linux thread groups and tasks as Zircon objects.
 *
 * A process object names a thread group by its struct pid (the leader's,
 * which stays the group's through exec), a thread object a task by its
 * own.  The object holds a reference to the struct pid, never to the task:
 * a handle does not keep a Linux process alive, and since the struct pid
 * outlives the number's reuse, a handle keeps naming the task it was made
 * for.  One object per struct pid and kind (hash below), so the same
 * process always has the same koid while the object lives (while a
 * handle, a thread object or its job membership holds it).
 *
 * Exit: each object hangs a wait-queue entry on its struct pid's
 * wait_pidfd, the queue pidfd poll(2) sleeps on, which the kernel wakes
 * when the thread group has exited (do_notify_pidfd()), whoever reaps it
 * later.  zx_task_wake() runs in the exiting task's context, reads its
 * exit status and queues a work item that asserts ZX_TASK_TERMINATED (it
 * cannot take the object's lock there): no polling.  A query
 * (ZX_INFO_PROCESS, ZX_INFO_THREAD) checks the task itself, so it is
 * exact even before the work has run.  Kernels with
 * PIDFD_THREAD (6.9 on) also wake a thread's own struct pid when that
 * thread exits; on older ones a thread object learns of its thread's exit
 * when asked (ZX_INFO_THREAD); see compat.h.
 *
 * Locks: zx_tasks_lock, a leaf spinlock over the hash, which readers walk
 * under RCU; see task.h for the order against the core kernel's locks.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "task.h"
#include "syscalls.h"

#define ZX_TASK_RETCODE_SYSCALL_KILL	(-1024LL)

#define ZX_THREAD_STATE_RUNNING		0x0001u
#define ZX_THREAD_STATE_SUSPENDED	0x0002u
#define ZX_THREAD_STATE_DEAD		0x0005u

#define ZX_INFO_PROCESS_FLAG_STARTED	(1u << 0)
#define ZX_INFO_PROCESS_FLAG_EXITED	(1u << 1)
#define ZX_INFO_PROCESS_FLAG_DEBUGGER_ATTACHED (1u << 2)

static DEFINE_HASHTABLE(zx_tasks, 8);
static DEFINE_SPINLOCK(zx_tasks_lock);
static atomic_t zx_nr_threads = ATOMIC_INIT(0);

static void zx_task_destroy(struct zx_object *obj);

static const struct zx_object_ops zx_process_ops = {
	.type = ZX_OBJ_TYPE_PROCESS,
	.destroy = zx_task_destroy,
};

static const struct zx_object_ops zx_thread_ops = {
	.type = ZX_OBJ_TYPE_THREAD,
	.destroy = zx_task_destroy,
};

static unsigned long zx_task_key(struct pid *pid, bool thread)
{
	return (unsigned long)pid + thread;
}

/* The live object of @pid's kind, with a reference, or NULL. */
static struct zx_task *zx_task_find(struct pid *pid, bool thread)
{
	struct zx_task *tk, *found = NULL;

	rcu_read_lock();
	hash_for_each_possible_rcu(zx_tasks, tk, node,
				   zx_task_key(pid, thread)) {
		if (tk->pid == pid && tk->is_thread == thread &&
		    kref_get_unless_zero(&tk->base.ref)) {
			found = tk;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/*
 * Fuchsia's return code for a wait(2) status: the exit status (0-255) of
 * a process that exited, ZX_TASK_RETCODE_SYSCALL_KILL for one SIGKILL
 * ended (zx_task_kill() sends it), and minus the signal number for one
 * another signal ended.
 */
static s64 zx_task_retcode(int code)
{
	int sig = code & 0x7f;

	if (!sig)
		return (code >> 8) & 0xff;
	if (sig == SIGKILL)
		return ZX_TASK_RETCODE_SYSCALL_KILL;
	return -(s64)sig;
}

/*
 * Under RCU: whether @tk's process or thread has exited; for a process,
 * its wait(2) status in *@code.  A group leader that exits before its
 * other threads leaves the group alive.
 */
static bool zx_task_dead_rcu(struct zx_task *tk, int *code)
{
	struct task_struct *task;

	*code = 0;
	task = pid_task(tk->pid, tk->is_thread ? PIDTYPE_PID : PIDTYPE_TGID);
	if (!task)
		return true;
	if (!READ_ONCE(task->exit_state))
		return false;
	if (tk->is_thread)
		return true;
	if (!thread_group_empty(task))
		return false;
	if (task->signal->flags & SIGNAL_GROUP_EXIT)
		*code = task->signal->group_exit_code;
	else
		*code = task->exit_code;
	return true;
}

/*
 * Records the exit once, asserts ZX_TASK_TERMINATED and takes a process
 * out of its job.  Process context; the caller holds a reference.
 */
static void zx_task_terminate(struct zx_task *tk, int code)
{
	bool first;

	spin_lock(&tk->base.lock);
	first = !tk->exited;
	if (first) {
		tk->exited = true;
		tk->return_code = zx_task_retcode(code);
	}
	spin_unlock(&tk->base.lock);
	if (!first)
		return;
	/* Out of its job first: whoever sees the signal sees it gone. */
	if (!tk->is_thread)
		zx_job_leave(tk);
	zx_object_update_signals(&tk->base, 0, ZX_TASK_TERMINATED);
}

/*
 * Checks now whether the task has exited, so a query never reports a
 * process running that wait(2) already reaped (the notification's work
 * may not have run yet).  Process context.
 */
static void zx_task_refresh(struct zx_task *tk)
{
	struct task_struct *task;
	bool dead;
	int code;

	rcu_read_lock();
	task = pid_task(tk->pid, tk->is_thread ? PIDTYPE_PID : PIDTYPE_TGID);
	dead = zx_task_dead_rcu(tk, &code);
	rcu_read_unlock();
	/* Reaped: the notification, which came first, saw the status. */
	if (dead && !task)
		code = READ_ONCE(tk->exit_code);
	if (dead)
		zx_task_terminate(tk, code);
}

static void zx_task_exit_work(struct work_struct *work)
{
	struct zx_task *tk = container_of(work, struct zx_task, exit_work);

	zx_task_terminate(tk, READ_ONCE(tk->exit_code));
	zx_object_put(&tk->base);
}

/*
 * The wait_pidfd wake function: runs in the exiting task (or in whoever
 * releases a group leader last), under tasklist_lock and the queue's lock
 * with interrupts off, before any wait(2) can reap the task.  It reads the
 * exit status while the task is there and queues the rest; it may not
 * take a module lock (all are taken with interrupts on) nor drop a
 * reference (the last one would remove this entry under this lock).
 */
static int zx_task_wake(struct wait_queue_entry *wait, unsigned int mode,
			int sync, void *key)
{
	struct zx_task *tk = container_of(wait, struct zx_task, wait);
	bool dead;
	int code;

	rcu_read_lock();
	dead = zx_task_dead_rcu(tk, &code);
	rcu_read_unlock();
	if (!dead || test_and_set_bit(0, &tk->exit_queued))
		return 0;
	WRITE_ONCE(tk->exit_code, code);
	if (kref_get_unless_zero(&tk->base.ref))
		queue_work(zx_task_wq, &tk->exit_work);
	return 0;
}

/**
 * zx_task_has_exited() - whether a process or thread object saw its exit
 * @p: the object
 *
 * Return: true once ZX_TASK_TERMINATED is asserted.
 */
bool zx_task_has_exited(struct zx_task *p)
{
	bool exited;

	spin_lock(&p->base.lock);
	exited = p->exited;
	spin_unlock(&p->base.lock);
	return exited;
}

static zx_status_t zx_task_get(struct pid *pid, bool thread,
			       struct zx_task **out);

/* Fills in a new object's task fields; the exit watch comes last. */
static zx_status_t zx_task_setup(struct zx_task *tk, struct pid *pid)
{
	struct task_struct *task;
	zx_status_t status = ZX_OK;

	if (tk->is_thread) {
		/* A thread object exists only for the caller's threads. */
		status = zx_task_get(task_tgid(current), false, &tk->proc);
		if (status != ZX_OK)
			return status;
		tk->base.related_koid = tk->proc->base.koid;
	}
	rcu_read_lock();
	task = pid_task(pid, tk->is_thread ? PIDTYPE_PID : PIDTYPE_TGID);
	if (task) {
		__get_task_comm(tk->base.name, sizeof(tk->base.name), task);
		tk->start_time = task->start_time;
	}
	rcu_read_unlock();
	add_wait_queue(&pid->wait_pidfd, &tk->wait);
	tk->queued = true;
	zx_task_refresh(tk);
	return ZX_OK;
}

static zx_status_t zx_task_new(struct pid *pid, bool thread,
			       struct zx_task **out)
{
	struct zx_task *tk = kzalloc(sizeof(*tk), ZX_GFP);
	zx_status_t status;

	if (!tk)
		return ZX_ERR_NO_MEMORY;
	status = zx_object_init(&tk->base, thread ? &zx_thread_ops :
				&zx_process_ops, 0);
	tk->pid = get_pid(pid);
	tk->is_thread = thread;
	INIT_LIST_HEAD(&tk->job_node);
	INIT_WORK(&tk->exit_work, zx_task_exit_work);
	init_waitqueue_func_entry(&tk->wait, zx_task_wake);
	if (thread)
		atomic_inc(&zx_nr_threads);
	if (status == ZX_OK)
		status = zx_task_setup(tk, pid);
	if (status != ZX_OK) {
		zx_object_put(&tk->base);
		return status;
	}
	*out = tk;
	return ZX_OK;
}

/* The object of @pid's kind, found or made, with a reference. */
static zx_status_t zx_task_get(struct pid *pid, bool thread,
			       struct zx_task **out)
{
	struct zx_task *tk, *fresh;
	zx_status_t status;

	tk = zx_task_find(pid, thread);
	if (tk)
		goto found;
	status = zx_task_new(pid, thread, &fresh);
	if (status != ZX_OK)
		return status;
	spin_lock(&zx_tasks_lock);
	tk = zx_task_find(pid, thread);
	if (!tk) {
		hash_add_rcu(zx_tasks, &fresh->node, zx_task_key(pid, thread));
		fresh->hashed = true;
		tk = fresh;
		fresh = NULL;
	}
	spin_unlock(&zx_tasks_lock);
	if (fresh)
		zx_object_put(&fresh->base);
found:
	*out = tk;
	return ZX_OK;
}

/**
 * zx_process_of_pid() - the process object of a thread group
 * @pid: the group's struct pid (task_tgid())
 * @out: on success, the object, with a reference
 *
 * Return: ZX_OK, ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES (quota).
 */
zx_status_t zx_process_of_pid(struct pid *pid, struct zx_task **out)
{
	return zx_task_get(pid, false, out);
}

static void zx_task_destroy(struct zx_object *obj)
{
	struct zx_task *tk = zx_to_task(obj);

	if (tk->hashed) {
		spin_lock(&zx_tasks_lock);
		hash_del_rcu(&tk->node);
		spin_unlock(&zx_tasks_lock);
	}
	if (tk->queued)
		remove_wait_queue(&tk->pid->wait_pidfd, &tk->wait);
	if (tk->proc)
		zx_object_put(&tk->proc->base);
	if (tk->is_thread)
		atomic_dec(&zx_nr_threads);
	else
		zx_job_release_process(tk);
	put_pid(tk->pid);
	kfree_rcu(tk, rcu);
}

/**
 * zx_may_kill_rcu() - whether the caller may send @task a signal
 * @task: the target; the caller holds the RCU read lock
 *
 * As kill(2) decides from credentials: the target is visible in the
 * caller's pid namespace and shares a user id with it, or the caller has
 * CAP_KILL over it.  (The LSM hook kill(2) also runs is not exported to
 * modules.)  Also the test for inspecting a task (task_info.c).
 *
 * Return: true if it may.
 */
bool zx_may_kill_rcu(struct task_struct *task)
{
	const struct cred *cred = current_cred();
	const struct cred *tcred = __task_cred(task);

	if (same_thread_group(task, current))
		return true;
	if (!pid_nr_ns(task_tgid(task), task_active_pid_ns(current)))
		return false;
	return uid_eq(cred->euid, tcred->suid) ||
	       uid_eq(cred->euid, tcred->uid) ||
	       uid_eq(cred->uid, tcred->suid) ||
	       uid_eq(cred->uid, tcred->uid) ||
	       ns_capable(tcred->user_ns, CAP_KILL);
}

/**
 * zx_task_kill_one() - SIGKILL a process object's thread group
 * @p: the process object
 *
 * The caller's credentials are checked now, as kill(2) would.  A group
 * that has exited (or whose number was reused) is left alone: ZX_OK.
 *
 * Return: ZX_OK or ZX_ERR_ACCESS_DENIED.
 */
zx_status_t zx_task_kill_one(struct zx_task *p)
{
	struct task_struct *task;
	bool alive, ok = false;
	int code;

	rcu_read_lock();
	alive = !zx_task_dead_rcu(p, &code);
	task = pid_task(p->pid, PIDTYPE_TGID);
	if (alive && task)
		ok = zx_may_kill_rcu(task);
	rcu_read_unlock();
	if (!alive || !task)
		return ZX_OK;
	if (!ok)
		return ZX_ERR_ACCESS_DENIED;
	kill_pid(p->pid, SIGKILL, 1);
	return ZX_OK;
}

/**
 * zx_process_check() - whether the caller may inspect a process now
 * @p: the process object
 *
 * Checks the exit first (as a query would see it), then the caller's
 * credentials at this moment, as zx_task_kill_one() does.
 *
 * Return: ZX_OK, ZX_ERR_BAD_STATE (it has exited) or ZX_ERR_ACCESS_DENIED.
 */
zx_status_t zx_process_check(struct zx_task *p)
{
	struct task_struct *task;
	bool ok = false;

	zx_task_refresh(p);
	if (zx_task_has_exited(p))
		return ZX_ERR_BAD_STATE;
	rcu_read_lock();
	task = pid_task(p->pid, PIDTYPE_TGID);
	if (task)
		ok = zx_may_kill_rcu(task);
	rcu_read_unlock();
	if (!task)
		return ZX_ERR_BAD_STATE;
	return ok ? ZX_OK : ZX_ERR_ACCESS_DENIED;
}

/**
 * zx_process_vnr() - the number of a live process in the caller's pid namespace
 * @p: the process object
 * @nr: where the number goes
 *
 * Checks the exit first, as zx_process_check() does.  A process that has
 * no number in the caller's namespace (one of an ancestor namespace) is
 * one the caller may not reach through /proc.
 *
 * Return: ZX_OK, ZX_ERR_BAD_STATE (it has exited) or ZX_ERR_ACCESS_DENIED.
 */
zx_status_t zx_process_vnr(struct zx_task *p, pid_t *nr)
{
	bool alive;

	zx_task_refresh(p);
	if (zx_task_has_exited(p))
		return ZX_ERR_BAD_STATE;
	rcu_read_lock();
	alive = pid_task(p->pid, PIDTYPE_TGID);
	*nr = alive ? pid_vnr(p->pid) : 0;
	rcu_read_unlock();
	if (!alive)
		return ZX_ERR_BAD_STATE;
	return *nr > 0 ? ZX_OK : ZX_ERR_ACCESS_DENIED;
}

/* Installs a handle to @tk (consuming its reference) at @uptr. */
static zx_status_t zx_task_install(struct zx_table *t, struct zx_task *tk,
				   u64 uptr)
{
	zx_rights_t rights = tk->is_thread ? ZX_DEFAULT_THREAD_RIGHTS :
			     ZX_DEFAULT_PROCESS_RIGHTS;

	return zx_table_install_ref_user(t, &tk->base, rights, uptr);
}

/*
 * The caller's process object, placed in a job, with a reference: for
 * zx_process_self() and zx_thread_self(), whose argument @a it checks
 * first.
 */
static zx_status_t zx_process_current(struct zx_table *t,
				      const struct zx_ioc_create *a,
				      struct zx_task **out)
{
	zx_status_t status;

	if (a->options || a->reserved || a->out1)
		return ZX_ERR_INVALID_ARGS;
	status = zx_task_get(task_tgid(current), false, out);
	if (status != ZX_OK)
		return status;
	status = zx_job_place(t, *out, ZX_HANDLE_INVALID);
	if (status != ZX_OK)
		zx_object_put(&(*out)->base);
	return status;
}

/**
 * zx_ioctl_process_self() - zx_process_self(): a handle to the caller's process
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_create, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_NO_MEMORY or
 * ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_process_self(struct zx_table *t, void *arg)
{
	struct zx_ioc_create *a = arg;
	struct zx_task *p;
	zx_status_t status;

	status = zx_process_current(t, a, &p);
	if (status != ZX_OK)
		return status;
	return zx_task_install(t, p, a->out0);
}

/**
 * zx_ioctl_thread_self() - zx_thread_self(): a handle to the calling thread
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_create, copied in
 *
 * Return: as zx_ioctl_process_self().
 */
zx_status_t zx_ioctl_thread_self(struct zx_table *t, void *arg)
{
	struct zx_ioc_create *a = arg;
	struct zx_task *p, *th;
	zx_status_t status;

	status = zx_process_current(t, a, &p);
	if (status != ZX_OK)
		return status;
	status = zx_task_get(task_pid(current), true, &th);
	zx_object_put(&p->base);
	if (status != ZX_OK)
		return status;
	return zx_task_install(t, th, a->out0);
}

/* Whether @pid is a thread group, a child of the caller's, not reaped. */
static bool zx_is_child(struct pid *pid)
{
	struct task_struct *task;
	bool ok = false;

	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_TGID);
	if (task && task_tgid(task) == pid)
		ok = same_thread_group(rcu_dereference(task->real_parent),
				       current);
	rcu_read_unlock();
	return ok;
}

/**
 * zx_ioctl_process_child() - a handle to a child process, placed in a job
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_process_child, copied in
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS, ZX_ERR_NOT_FOUND (no unreaped child
 * with that pid), ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE,
 * ZX_ERR_ACCESS_DENIED (job without ZX_RIGHT_MANAGE_PROCESS),
 * ZX_ERR_BAD_STATE (the job was killed, or the child is in another job),
 * ZX_ERR_NO_MEMORY or ZX_ERR_NO_RESOURCES.
 */
zx_status_t zx_ioctl_process_child(struct zx_table *t, void *arg)
{
	struct zx_ioc_process_child *a = arg;
	struct zx_task *p;
	zx_status_t status;
	struct pid *pid;

	if (a->pid <= 0)
		return ZX_ERR_INVALID_ARGS;
	pid = find_get_pid(a->pid);
	if (!pid)
		return ZX_ERR_NOT_FOUND;
	status = zx_is_child(pid) ? ZX_OK : ZX_ERR_NOT_FOUND;
	if (status == ZX_OK)
		status = zx_task_get(pid, false, &p);
	put_pid(pid);
	if (status != ZX_OK)
		return status;
	status = zx_job_place(t, p, a->job);
	if (status != ZX_OK) {
		zx_object_put(&p->base);
		return status;
	}
	return zx_task_install(t, p, a->out);
}

/**
 * zx_ioctl_task_kill() - zx_task_kill(): end a process or every process of a job tree
 * @t: the caller's handle table
 * @arg: the handle value (a zx_handle_t)
 *
 * Return: ZX_OK, ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE,
 * ZX_ERR_ACCESS_DENIED (no ZX_RIGHT_DESTROY, or Linux would not let the
 * caller signal a process) or ZX_ERR_NOT_SUPPORTED (a thread).
 */
zx_status_t zx_ioctl_task_kill(struct zx_table *t, void *arg)
{
	zx_handle_t *value = arg;
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	status = zx_table_get(t, *value, &obj, &rights);
	if (status != ZX_OK)
		return status;
	if (!zx_object_is(obj, ZX_OBJ_TYPE_PROCESS) &&
	    !zx_object_is(obj, ZX_OBJ_TYPE_THREAD) &&
	    !zx_object_is(obj, ZX_OBJ_TYPE_JOB))
		status = ZX_ERR_WRONG_TYPE;
	else if (!(rights & ZX_RIGHT_DESTROY))
		status = ZX_ERR_ACCESS_DENIED;
	else if (zx_object_is(obj, ZX_OBJ_TYPE_THREAD))
		status = ZX_ERR_NOT_SUPPORTED;
	else if (zx_object_is(obj, ZX_OBJ_TYPE_JOB))
		status = zx_job_kill(obj);
	else
		status = zx_task_kill_one(zx_to_task(obj));
	zx_object_put(obj);
	return status;
}

static u32 zx_thread_state(struct zx_task *th)
{
	struct task_struct *task;
	u32 state;

	rcu_read_lock();
	task = pid_task(th->pid, PIDTYPE_PID);
	if (!task || READ_ONCE(task->exit_state))
		state = ZX_THREAD_STATE_DEAD;
	else if (READ_ONCE(th->blocked))
		state = READ_ONCE(th->blocked);
	else if (task_is_stopped_or_traced(task))
		state = ZX_THREAD_STATE_SUSPENDED;
	else
		state = ZX_THREAD_STATE_RUNNING;
	rcu_read_unlock();
	return state;
}

static void zx_process_info(struct zx_task *p, struct zx_abi_info_process *r)
{
	struct task_struct *task;

	zx_task_refresh(p);
	memset(r, 0, sizeof(*r));
	r->start_time = p->start_time;
	r->flags = ZX_INFO_PROCESS_FLAG_STARTED;
	spin_lock(&p->base.lock);
	if (p->exited) {
		r->flags |= ZX_INFO_PROCESS_FLAG_EXITED;
		r->return_code = p->return_code;
	}
	spin_unlock(&p->base.lock);
	rcu_read_lock();
	task = pid_task(p->pid, PIDTYPE_TGID);
	if (task && READ_ONCE(task->ptrace))
		r->flags |= ZX_INFO_PROCESS_FLAG_DEBUGGER_ATTACHED;
	rcu_read_unlock();
}

/**
 * zx_task_get_info() - the task topics of zx_object_get_info()
 * @obj: the object the handle names
 * @rights: the handle's rights
 * @a: the call's arguments
 *
 * Return: a Zircon status, or 1 if @a->topic is not a task topic.
 */
zx_status_t zx_task_get_info(struct zx_object *obj, zx_rights_t rights,
			     const struct zx_ioc_object_get_info *a)
{
	struct zx_abi_info_process proc;
	struct zx_abi_info_thread th;

	switch (a->topic) {
	case ZX_INFO_PROCESS:
		if (!zx_object_is(obj, ZX_OBJ_TYPE_PROCESS))
			return ZX_ERR_WRONG_TYPE;
		if (!(rights & ZX_RIGHT_INSPECT))
			return ZX_ERR_ACCESS_DENIED;
		zx_process_info(zx_to_task(obj), &proc);
		return zx_single_record(a, &proc, sizeof(proc));
	case ZX_INFO_THREAD:
		if (!zx_object_is(obj, ZX_OBJ_TYPE_THREAD))
			return ZX_ERR_WRONG_TYPE;
		if (!(rights & ZX_RIGHT_INSPECT))
			return ZX_ERR_ACCESS_DENIED;
		memset(&th, 0, sizeof(th));
		th.state = zx_thread_state(zx_to_task(obj));
		if (th.state == ZX_THREAD_STATE_DEAD)
			zx_task_terminate(zx_to_task(obj), 0);
		return zx_single_record(a, &th, sizeof(th));
	case ZX_INFO_JOB:
	case ZX_INFO_JOB_CHILDREN:
	case ZX_INFO_JOB_PROCESSES:
		return zx_job_info(obj, rights, a);
	}
	return 1;
}

/**
 * zx_thread_block_begin() - mark the calling thread as blocked in a wait
 * @state: the ZX_THREAD_STATE_BLOCKED_* that ZX_INFO_THREAD reports
 *
 * Only a thread that has a thread object (zx_thread_self()) is marked;
 * the others cost one test.
 *
 * Return: what zx_thread_block_end() takes.
 */
void *zx_thread_block_begin(u32 state)
{
	struct zx_task *th;

	if (!atomic_read(&zx_nr_threads))
		return NULL;
	th = zx_task_find(task_pid(current), true);
	if (th)
		WRITE_ONCE(th->blocked, state);
	return th;
}

/**
 * zx_thread_block_end() - the wait of zx_thread_block_begin() is over
 * @cookie: its return value
 */
void zx_thread_block_end(void *cookie)
{
	struct zx_task *th = cookie;

	if (!th)
		return;
	WRITE_ONCE(th->blocked, 0);
	zx_object_put(&th->base);
}

/**
 * zx_wait_deadline_as() - zx_wait_deadline(), reported as a thread state
 * @state: ZX_THREAD_STATE_BLOCKED_* for ZX_INFO_THREAD while it sleeps
 * @done: as zx_wait_deadline()
 * @arg: as zx_wait_deadline()
 * @deadline: as zx_wait_deadline()
 *
 * Return: true if the deadline passed.
 */
bool zx_wait_deadline_as(u32 state, bool (*done)(const void *arg),
			 const void *arg, s64 deadline)
{
	void *cookie = zx_thread_block_begin(state);
	bool timed_out = zx_wait_deadline(done, arg, deadline);

	zx_thread_block_end(cookie);
	return timed_out;
}
