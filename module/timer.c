// SPDX-License-Identifier: GPL-2.0
/*
 * Timers: zx_timer_create(), zx_timer_set(), zx_timer_cancel() and the
 * ZX_INFO_TIMER record.
 *
 * Locks owned here:
 *
 *   zx_timer.mutex  one per timer: its deadline, slack window and ->armed.
 *                   Outside zx_object.lock (ZX_TIMER_SIGNALED is set and
 *                   cleared under it).
 *
 * A set timer is an hrtimer on the timer's clock (CLOCK_MONOTONIC or
 * CLOCK_BOOTTIME) programmed to expire within the window its slack allows:
 * [deadline - slack, deadline + slack] for ZX_TIMER_SLACK_CENTER,
 * [deadline - slack, deadline] for EARLY and [deadline, deadline + slack]
 * for LATE.  It never fires before the window opens.  The hrtimer callback
 * runs in interrupt context, where zx_object.lock (a spinlock_t, a sleeping
 * lock on PREEMPT_RT) cannot be taken, so it only queues the timer's work
 * item; the work asserts ZX_TIMER_SIGNALED under the mutex if the timer is
 * still armed and its window has opened.  A set or cancel racing the
 * expiry is thus decided by the mutex: the later call wins.
 */
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "zx.h"
#include "syscalls.h"

struct zx_timer {
	struct zx_object base;
	struct mutex mutex;		/* protects the fields below */
	struct hrtimer hrt;
	struct work_struct work;
	u32 options;			/* ZX_TIMER_SLACK_* */
	u32 clock_id;			/* ZX_CLOCK_MONOTONIC or _BOOT */
	s64 deadline;
	s64 slack;
	s64 earliest;			/* the window opens */
	bool armed;
};

static struct zx_timer *zx_to_timer(struct zx_object *obj)
{
	return container_of(obj, struct zx_timer, base);
}

static s64 zx_timer_now(const struct zx_timer *tm)
{
	return tm->clock_id == ZX_ABI_CLOCK_BOOT ? ktime_get_boottime_ns() :
						   ktime_get_ns();
}

/* Stops the hrtimer and the work; after it neither runs.  May sleep. */
static void zx_timer_quiesce(struct zx_timer *tm)
{
	hrtimer_cancel(&tm->hrt);
	cancel_work_sync(&tm->work);
}

static void zx_timer_on_zero_handles(struct zx_object *obj)
{
	struct zx_timer *tm = zx_to_timer(obj);

	mutex_lock(&tm->mutex);
	tm->armed = false;
	mutex_unlock(&tm->mutex);
	zx_timer_quiesce(tm);
}

static void zx_timer_destroy(struct zx_object *obj)
{
	struct zx_timer *tm = zx_to_timer(obj);

	/* A zx_timer_set() still in flight at the last close may re-arm. */
	zx_timer_quiesce(tm);
	mutex_destroy(&tm->mutex);
	kfree(tm);
}

static const struct zx_object_ops zx_timer_ops = {
	.type = ZX_OBJ_TYPE_TIMER,
	.destroy = zx_timer_destroy,
	.on_zero_handles = zx_timer_on_zero_handles,
};

/* Fires the timer if it is armed and its window has opened. */
static void zx_timer_work(struct work_struct *work)
{
	struct zx_timer *tm = container_of(work, struct zx_timer, work);

	mutex_lock(&tm->mutex);
	if (tm->armed && zx_timer_now(tm) >= tm->earliest) {
		tm->armed = false;
		zx_object_update_signals(&tm->base, 0, ZX_TIMER_SIGNALED);
	}
	mutex_unlock(&tm->mutex);
}

static enum hrtimer_restart zx_timer_expired(struct hrtimer *hrt)
{
	struct zx_timer *tm = container_of(hrt, struct zx_timer, hrt);

	queue_work(system_highpri_wq, &tm->work);
	return HRTIMER_NORESTART;
}

/**
 * zx_timer_get_info() - the ZX_INFO_TIMER record of a timer
 * @obj: the timer
 * @info: filled in; deadline and slack are 0 when the timer is not armed
 */
void zx_timer_get_info(struct zx_object *obj, struct zx_abi_info_timer *info)
{
	struct zx_timer *tm = zx_to_timer(obj);

	mutex_lock(&tm->mutex);
	info->options = tm->options;
	info->clock_id = tm->clock_id;
	info->deadline = tm->armed ? tm->deadline : 0;
	info->slack = tm->armed ? tm->slack : 0;
	mutex_unlock(&tm->mutex);
}

/**
 * zx_ioctl_timer_create() - zx_timer_create()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_timer_create(struct zx_table *t, void *arg)
{
	struct zx_ioc_timer_create *a = arg;
	struct zx_timer *tm;
	zx_status_t status;
	clockid_t clock;

	if (a->options > ZX_ABI_TIMER_SLACK_LATE)
		return ZX_ERR_INVALID_ARGS;
	if (a->clock_id == ZX_ABI_CLOCK_MONOTONIC)
		clock = CLOCK_MONOTONIC;
	else if (a->clock_id == ZX_ABI_CLOCK_BOOT)
		clock = CLOCK_BOOTTIME;
	else
		return ZX_ERR_INVALID_ARGS;
	tm = kzalloc(sizeof(*tm), ZX_GFP);
	if (!tm)
		return ZX_ERR_NO_MEMORY;
	mutex_init(&tm->mutex);
	zx_hrtimer_setup(&tm->hrt, zx_timer_expired, clock, HRTIMER_MODE_ABS);
	INIT_WORK(&tm->work, zx_timer_work);
	tm->options = a->options;
	tm->clock_id = a->clock_id;
	status = zx_object_init(&tm->base, &zx_timer_ops, 0);
	return zx_table_install_new_user(t, status, &tm->base,
					 ZX_DEFAULT_TIMER_RIGHTS, a->out);
}

/* a + b and a - b, held within s64. */
static s64 zx_sat_add(s64 a, s64 b)
{
	s64 r;

	return check_add_overflow(a, b, &r) ? (b > 0 ? S64_MAX : S64_MIN) : r;
}

static s64 zx_sat_sub(s64 a, s64 b)
{
	s64 r;

	return check_sub_overflow(a, b, &r) ? (b > 0 ? S64_MIN : S64_MAX) : r;
}

/*
 * Sets @tm to fire in the window its slack mode makes of @deadline and
 * @slack (>= 0), replacing any pending deadline and clearing SIGNALED.
 */
static void zx_timer_arm(struct zx_timer *tm, s64 deadline, s64 slack)
{
	s64 lo = zx_sat_sub(deadline, slack), hi = zx_sat_add(deadline, slack);

	if (tm->options == ZX_ABI_TIMER_SLACK_EARLY)
		hi = deadline;
	else if (tm->options == ZX_ABI_TIMER_SLACK_LATE)
		lo = deadline;

	mutex_lock(&tm->mutex);
	tm->armed = false;
	zx_object_update_signals(&tm->base, ZX_TIMER_SIGNALED, 0);
	tm->deadline = deadline;
	tm->slack = slack;
	tm->earliest = lo;
	if (lo <= zx_timer_now(tm)) {
		/* The window is open: fire now. */
		hrtimer_try_to_cancel(&tm->hrt);
		zx_object_update_signals(&tm->base, 0, ZX_TIMER_SIGNALED);
	} else {
		tm->armed = true;
		hrtimer_start_range_ns(&tm->hrt, ns_to_ktime(lo),
				       (u64)hi - (u64)lo, HRTIMER_MODE_ABS);
	}
	mutex_unlock(&tm->mutex);
}

/**
 * zx_ioctl_timer_set() - zx_timer_set()
 * @t: the caller's handle table
 * @arg: the argument struct, copied in by the dispatcher
 *
 * Arms the timer, or re-arms a pending one, for the deadline and slack.
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_timer_set(struct zx_table *t, void *arg)
{
	struct zx_ioc_timer_set *a = arg;
	struct zx_timer *tm;
	zx_status_t status;

	if (a->reserved)
		return ZX_ERR_INVALID_ARGS;
	status = zx_lookup_as(t, a->handle, &zx_timer_ops, ZX_RIGHT_WRITE, &tm,
			      NULL);
	if (status != ZX_OK)
		return status;
	if (a->slack < 0)
		status = ZX_ERR_OUT_OF_RANGE;
	else
		zx_timer_arm(tm, a->deadline, a->slack);
	zx_object_put(&tm->base);
	return status;
}

/**
 * zx_ioctl_timer_cancel() - zx_timer_cancel()
 * @t: the caller's handle table
 * @arg: the handle value (a zx_handle_t)
 *
 * Return: ZX_OK or the Zircon status user space gets (Documentation/zircon.rst
 * lists each call's errors).
 */
zx_status_t zx_ioctl_timer_cancel(struct zx_table *t, void *arg)
{
	zx_handle_t *value = arg;
	struct zx_timer *tm;
	zx_status_t status;

	status = zx_lookup_as(t, *value, &zx_timer_ops, ZX_RIGHT_WRITE, &tm,
			      NULL);
	if (status != ZX_OK)
		return status;
	mutex_lock(&tm->mutex);
	tm->armed = false;
	hrtimer_try_to_cancel(&tm->hrt);
	zx_object_update_signals(&tm->base, ZX_TIMER_SIGNALED, 0);
	mutex_unlock(&tm->mutex);
	zx_object_put(&tm->base);
	return ZX_OK;
}
