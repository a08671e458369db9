/* SPDX-License-Identifier: MIT */
/* Time: CLOCK_MONOTONIC is ZX_CLOCK_MONOTONIC, in nanoseconds. */
#include <errno.h>
#include <sched.h>
#include <time.h>

#include <zircon/syscalls.h>

zx_time_t zx_clock_get_monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (zx_time_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

zx_time_t zx_deadline_after(zx_duration_t nanoseconds)
{
	zx_time_t now = zx_clock_get_monotonic();

	if (nanoseconds > 0 && now > ZX_TIME_INFINITE - nanoseconds)
		return ZX_TIME_INFINITE;
	return now + nanoseconds;
}

zx_status_t zx_nanosleep(zx_time_t deadline)
{
	struct timespec ts;
	int saved = errno;

	if (deadline <= 0) {
		sched_yield();
		return ZX_OK;
	}
	ts.tv_sec = deadline / 1000000000;
	ts.tv_nsec = deadline % 1000000000;
	/* Absolute: a signal handler neither shortens nor lengthens it. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	       EINTR)
		;
	errno = saved;
	return ZX_OK;
}
