/* SPDX-License-Identifier: MIT */
/*
 * Processes, threads and jobs.
 *
 * zx_process_self(), zx_thread_self() and zx_job_default() return handles
 * the program must not close, as Fuchsia's do: each is asked of the module
 * once (per process, per thread, per process) and kept.  A child made by
 * fork() has a new, empty handle table, so the fork handler forgets them
 * all; the thread handles through a generation number, since another
 * thread's thread-local copy cannot be reached.
 */
#include <pthread.h>
#include <unistd.h>

#include <linux/zircon.h>
#include <zircon/linux.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

static zx_handle_t zx_self_process = ZX_HANDLE_INVALID;
static zx_handle_t zx_self_job = ZX_HANDLE_INVALID;
static unsigned long zx_self_gen = 1;
static pthread_mutex_t zx_self_lock = PTHREAD_MUTEX_INITIALIZER;

static __thread zx_handle_t zx_self_thread = ZX_HANDLE_INVALID;
static __thread unsigned long zx_self_thread_gen;

static void zx_task_atfork_child(void)
{
	pthread_mutex_init(&zx_self_lock, NULL);
	zx_self_process = ZX_HANDLE_INVALID;
	zx_self_job = ZX_HANDLE_INVALID;
	__atomic_add_fetch(&zx_self_gen, 1, __ATOMIC_RELEASE);
}

__attribute__((constructor)) static void zx_task_init(void)
{
	pthread_atfork(NULL, NULL, zx_task_atfork_child);
}

/* Asks the module once for *cache (request @req, zx_ioc_create-shaped). */
static zx_handle_t zx_self_handle(zx_handle_t* cache, unsigned long req)
{
	zx_handle_t h = __atomic_load_n(cache, __ATOMIC_ACQUIRE);

	if (h != ZX_HANDLE_INVALID)
		return h;
	pthread_mutex_lock(&zx_self_lock);
	h = *cache;
	if (h == ZX_HANDLE_INVALID) {
		if (req == ZX_IOC_JOB_DEFAULT) {
			struct zx_ioc_job_create a = { .out = zx_ptr(&h) };

			if (zx_dev_ioctl(req, (unsigned long)&a) != ZX_OK)
				h = ZX_HANDLE_INVALID;
		} else {
			struct zx_ioc_create a = { .out0 = zx_ptr(&h) };

			if (zx_dev_ioctl(req, (unsigned long)&a) != ZX_OK)
				h = ZX_HANDLE_INVALID;
		}
		__atomic_store_n(cache, h, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&zx_self_lock);
	return h;
}

zx_handle_t zx_process_self(void)
{
	return zx_self_handle(&zx_self_process, ZX_IOC_PROCESS_SELF);
}

zx_handle_t zx_job_default(void)
{
	return zx_self_handle(&zx_self_job, ZX_IOC_JOB_DEFAULT);
}

zx_handle_t zx_thread_self(void)
{
	unsigned long gen = __atomic_load_n(&zx_self_gen, __ATOMIC_ACQUIRE);
	struct zx_ioc_create a;
	zx_handle_t h;

	if (zx_self_thread_gen == gen && zx_self_thread != ZX_HANDLE_INVALID)
		return zx_self_thread;
	h = ZX_HANDLE_INVALID;
	a = (struct zx_ioc_create){ .out0 = zx_ptr(&h) };
	if (zx_dev_ioctl(ZX_IOC_THREAD_SELF, (unsigned long)&a) != ZX_OK)
		return ZX_HANDLE_INVALID;
	zx_self_thread = h;
	zx_self_thread_gen = gen;
	return h;
}

zx_status_t zx_task_kill(zx_handle_t handle)
{
	return zx_dev_ioctl(ZX_IOC_TASK_KILL, handle);
}

/*
 * Linux has no suspension a module could apply and a token could undo:
 * SIGSTOP stops the whole thread group, is undone by anyone's SIGCONT and
 * shows in the parent's wait(2) and in job control; the cgroup freezer
 * freezes cgroups, not a process or a thread; stopping one thread takes
 * ptrace, which the module cannot start.  So the checks Zircon makes come
 * first, in its order (the handle, ZX_RIGHT_WRITE, the type), then
 * ZX_ERR_NOT_SUPPORTED.
 */
zx_status_t zx_task_suspend(zx_handle_t handle, zx_handle_t* token)
{
	zx_info_handle_basic_t b;
	zx_status_t status;

	status = zx_object_get_info(handle, ZX_INFO_HANDLE_BASIC, &b,
				    sizeof(b), NULL, NULL);
	if (status != ZX_OK)
		return status;
	if (!(b.rights & ZX_RIGHT_WRITE))
		return ZX_ERR_ACCESS_DENIED;
	if (b.type != ZX_OBJ_TYPE_PROCESS && b.type != ZX_OBJ_TYPE_THREAD)
		return ZX_ERR_WRONG_TYPE;
	(void)token;
	return ZX_ERR_NOT_SUPPORTED;
}

zx_status_t zx_task_suspend_token(zx_handle_t handle, zx_handle_t* token)
{
	return zx_task_suspend(handle, token);
}

void zx_process_exit(int64_t retcode)
{
	_exit((int)retcode);
}

zx_status_t zx_job_create(zx_handle_t parent_job, uint32_t options,
			  zx_handle_t* out)
{
	struct zx_ioc_job_create a = {
		.parent = parent_job,
		.options = options,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_JOB_CREATE, (unsigned long)&a);
}

zx_status_t zx_object_get_child(zx_handle_t handle, uint64_t koid,
				zx_rights_t rights, zx_handle_t* out)
{
	struct zx_ioc_get_child a = {
		.handle = handle,
		.rights = rights,
		.koid = koid,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_OBJECT_GET_CHILD, (unsigned long)&a);
}

zx_status_t zx_linux_process_child(int pid, zx_handle_t job,
				   zx_handle_t* out)
{
	struct zx_ioc_process_child a = {
		.pid = pid,
		.job = job,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_PROCESS_CHILD, (unsigned long)&a);
}
