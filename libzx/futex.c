/* SPDX-License-Identifier: MIT */
/*
 * Futexes on Linux futexes (process-private, as Zircon's are per process),
 * with Zircon's statuses.
 *
 * Ownership: Zircon records a thread as a futex's owner for priority
 * inheritance.  There are no thread objects in zircon-linux, so no handle
 * can name an owner: a new owner other than ZX_HANDLE_INVALID is
 * ZX_ERR_BAD_HANDLE when it is no handle and ZX_ERR_WRONG_TYPE otherwise
 * (each reported only once the futex value matched, as in Zircon), and
 * zx_futex_get_owner() always reports ZX_KOID_INVALID.  Linux's PI futexes
 * need the owner's tid in the futex word, which Zircon's protocol does not
 * put there, so they cannot stand in.
 *
 * A Linux signal handler run during zx_futex_wait() ends the wait with
 * ZX_OK: a spurious wakeup, which Zircon's callers must tolerate anyway.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

static long zx_sys_futex(const zx_futex_t *uaddr, int op, int val,
			 const struct timespec *ts, const zx_futex_t *uaddr2,
			 int val3)
{
	return syscall(SYS_futex, uaddr, op | FUTEX_PRIVATE_FLAG, val, ts,
		       uaddr2, val3);
}

static int zx_futex_count(uint32_t n)
{
	return n > INT_MAX ? INT_MAX : (int)n;
}

static zx_status_t zx_futex_check_ptr(const zx_futex_t *p)
{
	if (!p || ((uintptr_t)p % sizeof(zx_futex_t)))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}

/* Why @owner (not ZX_HANDLE_INVALID) cannot own a futex here. */
static zx_status_t zx_futex_owner_status(zx_handle_t owner)
{
	zx_info_handle_basic_t info;
	zx_status_t s;

	s = zx_object_get_info(owner, ZX_INFO_HANDLE_BASIC, &info,
			       sizeof(info), NULL, NULL);
	if (s != ZX_OK)
		return ZX_ERR_BAD_HANDLE;
	return info.type == ZX_OBJ_TYPE_THREAD ? ZX_ERR_NOT_SUPPORTED :
						 ZX_ERR_WRONG_TYPE;
}

static zx_status_t zx_futex_errno(int e)
{
	switch (e) {
	case EAGAIN:
		return ZX_ERR_BAD_STATE;
	case ETIMEDOUT:
		return ZX_ERR_TIMED_OUT;
	case EINTR:
		return ZX_OK;
	default:		/* EFAULT, EINVAL */
		return ZX_ERR_INVALID_ARGS;
	}
}

/*
 * Compares *@p with @v without sleeping: a wait whose absolute deadline
 * (0 on CLOCK_MONOTONIC) has long passed.  ZX_OK when they are equal.
 */
static zx_status_t zx_futex_compare(const zx_futex_t *p, zx_futex_t v)
{
	struct timespec past = { 0, 0 };
	int saved = errno;
	zx_status_t s = ZX_OK;

	if (zx_sys_futex(p, FUTEX_WAIT_BITSET, v, &past, NULL,
			 FUTEX_BITSET_MATCH_ANY) != 0 && errno != ETIMEDOUT)
		s = zx_futex_errno(errno);
	errno = saved;
	return s == ZX_OK || s == ZX_ERR_TIMED_OUT ? ZX_OK : s;
}

zx_status_t zx_futex_wait(const zx_futex_t *value_ptr,
			  zx_futex_t current_value,
			  zx_handle_t new_futex_owner,
			  zx_instant_mono_t deadline)
{
	struct timespec ts, *tsp = NULL;
	int saved = errno;
	zx_status_t s;

	s = zx_futex_check_ptr(value_ptr);
	if (s != ZX_OK)
		return s;
	if (new_futex_owner != ZX_HANDLE_INVALID) {
		s = zx_futex_compare(value_ptr, current_value);
		return s != ZX_OK ? s : zx_futex_owner_status(new_futex_owner);
	}
	if (deadline != ZX_TIME_INFINITE) {
		if (deadline < 0)
			deadline = 0;
		ts.tv_sec = deadline / 1000000000;
		ts.tv_nsec = deadline % 1000000000;
		tsp = &ts;
	}
	/* FUTEX_WAIT_BITSET's timeout is absolute, on CLOCK_MONOTONIC. */
	if (zx_sys_futex(value_ptr, FUTEX_WAIT_BITSET, current_value, tsp,
			 NULL, FUTEX_BITSET_MATCH_ANY) == 0)
		s = ZX_OK;
	else
		s = zx_futex_errno(errno);
	errno = saved;
	return s;
}

/* Wakes @count; an address nobody waits on, mapped or not, is no error. */
static zx_status_t zx_futex_do_wake(const zx_futex_t *value_ptr, int count)
{
	int saved = errno;
	zx_status_t s = zx_futex_check_ptr(value_ptr);

	/* Linux's FUTEX_WAKE wakes one even when asked for none. */
	if (s != ZX_OK || count == 0)
		return s;
	zx_sys_futex(value_ptr, FUTEX_WAKE, count, NULL, NULL, 0);
	errno = saved;
	return ZX_OK;
}

zx_status_t zx_futex_wake(const zx_futex_t *value_ptr, uint32_t wake_count)
{
	return zx_futex_do_wake(value_ptr, zx_futex_count(wake_count));
}

zx_status_t zx_futex_wake_single_owner(const zx_futex_t *value_ptr)
{
	return zx_futex_do_wake(value_ptr, 1);
}

static zx_status_t zx_futex_do_requeue(const zx_futex_t *value_ptr,
				       int wake, zx_futex_t current_value,
				       const zx_futex_t *requeue_ptr,
				       uint32_t requeue_count,
				       zx_handle_t owner)
{
	int saved = errno;
	zx_status_t s;

	s = zx_futex_check_ptr(value_ptr);
	if (s == ZX_OK)
		s = zx_futex_check_ptr(requeue_ptr);
	if (s == ZX_OK && value_ptr == requeue_ptr)
		s = ZX_ERR_INVALID_ARGS;
	if (s != ZX_OK)
		return s;
	if (owner != ZX_HANDLE_INVALID) {
		s = zx_futex_compare(value_ptr, current_value);
		return s != ZX_OK ? s : zx_futex_owner_status(owner);
	}
	/* The value check and the moves are one atomic step in Linux. */
	if (zx_sys_futex(value_ptr, FUTEX_CMP_REQUEUE, wake,
			 (const struct timespec *)(uintptr_t)
			 zx_futex_count(requeue_count),
			 requeue_ptr, current_value) < 0)
		s = zx_futex_errno(errno);
	errno = saved;
	return s;
}

zx_status_t zx_futex_requeue(const zx_futex_t *value_ptr,
			     uint32_t wake_count, zx_futex_t current_value,
			     const zx_futex_t *requeue_ptr,
			     uint32_t requeue_count,
			     zx_handle_t new_requeue_owner)
{
	return zx_futex_do_requeue(value_ptr, zx_futex_count(wake_count),
				   current_value, requeue_ptr, requeue_count,
				   new_requeue_owner);
}

zx_status_t zx_futex_requeue_single_owner(const zx_futex_t *value_ptr,
					  zx_futex_t current_value,
					  const zx_futex_t *requeue_ptr,
					  uint32_t requeue_count,
					  zx_handle_t new_requeue_owner)
{
	return zx_futex_do_requeue(value_ptr, 1, current_value, requeue_ptr,
				   requeue_count, new_requeue_owner);
}

zx_status_t zx_futex_get_owner(const zx_futex_t *value_ptr, zx_koid_t *koid)
{
	zx_status_t s = zx_futex_check_ptr(value_ptr);

	if (s != ZX_OK)
		return s;
	if (!koid)
		return ZX_ERR_INVALID_ARGS;
	*koid = ZX_KOID_INVALID;
	return ZX_OK;
}
