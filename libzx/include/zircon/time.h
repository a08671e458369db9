/* SPDX-License-Identifier: MIT */
/*
 * Time types, the infinite deadlines, and saturating arithmetic on them.
 *
 * All times are signed 64-bit counts of nanoseconds (or of ticks).  The
 * helpers below never wrap: a result too large becomes ZX_TIME_INFINITE,
 * one too small ZX_TIME_INFINITE_PAST.
 *
 * Reached from <zircon/types.h>, which the kernel module includes, so the
 * kernel build sees everything here except the struct timespec helpers.
 */
#ifndef ZIRCON_TIME_H_
#define ZIRCON_TIME_H_

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#include <time.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Points in time ("instant") and lengths of time ("duration") on the
 * monotonic and the boot timelines, in nanoseconds or in ticks.  They are
 * all the same 64-bit type; the names say what a value means.
 */
typedef int64_t zx_instant_mono_t;
typedef int64_t zx_instant_mono_ticks_t;
typedef int64_t zx_duration_mono_t;
typedef int64_t zx_duration_mono_ticks_t;
typedef int64_t zx_instant_boot_t;
typedef int64_t zx_instant_boot_ticks_t;
typedef int64_t zx_duration_boot_t;
typedef int64_t zx_duration_boot_ticks_t;

/* The older names, for a time, a duration and a tick count on any line. */
typedef int64_t zx_time_t;
typedef int64_t zx_duration_t;
typedef int64_t zx_ticks_t;

#define ZX_TIME_INFINITE	((zx_time_t)0x7fffffffffffffffLL)
#define ZX_TIME_INFINITE_PAST	(-ZX_TIME_INFINITE - 1)

static inline zx_time_t zx_time_add_duration(zx_time_t time,
					     zx_duration_t duration)
{
	zx_time_t sum;

	if (__builtin_add_overflow(time, duration, &sum))
		return duration > 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return sum;
}

static inline zx_time_t zx_time_sub_duration(zx_time_t time,
					     zx_duration_t duration)
{
	zx_time_t diff;

	if (__builtin_sub_overflow(time, duration, &diff))
		return duration < 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return diff;
}

static inline zx_duration_t zx_time_sub_time(zx_time_t time1,
					     zx_time_t time2)
{
	zx_duration_t diff;

	if (__builtin_sub_overflow(time1, time2, &diff))
		return time2 < 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return diff;
}

static inline zx_duration_t zx_duration_add_duration(zx_duration_t dur1,
						     zx_duration_t dur2)
{
	zx_duration_t sum;

	if (__builtin_add_overflow(dur1, dur2, &sum))
		return dur2 > 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return sum;
}

static inline zx_duration_t zx_duration_sub_duration(zx_duration_t dur1,
						     zx_duration_t dur2)
{
	zx_duration_t diff;

	if (__builtin_sub_overflow(dur1, dur2, &diff))
		return dur2 < 0 ? ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return diff;
}

static inline zx_duration_t zx_duration_mul_int64(zx_duration_t duration,
						  int64_t multiplier)
{
	zx_duration_t product;

	if (__builtin_mul_overflow(duration, multiplier, &product))
		return (duration < 0) == (multiplier < 0) ?
			       ZX_TIME_INFINITE : ZX_TIME_INFINITE_PAST;
	return product;
}

static inline int64_t zx_nsec_from_duration(zx_duration_t n)
{
	return n;
}

static inline zx_duration_t zx_duration_from_nsec(int64_t n)
{
	return n;
}

static inline zx_duration_t zx_duration_from_usec(int64_t n)
{
	return zx_duration_mul_int64(1000, n);
}

static inline zx_duration_t zx_duration_from_msec(int64_t n)
{
	return zx_duration_mul_int64(1000000, n);
}

static inline zx_duration_t zx_duration_from_sec(int64_t n)
{
	return zx_duration_mul_int64(1000000000, n);
}

static inline zx_duration_t zx_duration_from_min(int64_t n)
{
	return zx_duration_mul_int64(60LL * 1000000000, n);
}

static inline zx_duration_t zx_duration_from_hour(int64_t n)
{
	return zx_duration_mul_int64(3600LL * 1000000000, n);
}

static inline zx_ticks_t zx_ticks_add_ticks(zx_ticks_t ticks1,
					    zx_ticks_t ticks2)
{
	return zx_duration_add_duration(ticks1, ticks2);
}

static inline zx_ticks_t zx_ticks_sub_ticks(zx_ticks_t ticks1,
					    zx_ticks_t ticks2)
{
	return zx_duration_sub_duration(ticks1, ticks2);
}

static inline zx_ticks_t zx_ticks_mul_int64(zx_ticks_t ticks,
					    int64_t multiplier)
{
	return zx_duration_mul_int64(ticks, multiplier);
}

/* Only where <time.h> declared struct timespec (C11 or POSIX). */
#if !defined(__KERNEL__) && (defined(TIME_UTC) || defined(CLOCK_REALTIME))
static inline zx_duration_t zx_duration_from_timespec(struct timespec ts)
{
	return zx_duration_add_duration(zx_duration_from_sec(ts.tv_sec),
					zx_duration_from_nsec(ts.tv_nsec));
}

static inline struct timespec zx_timespec_from_duration(zx_duration_t d)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(d / 1000000000);
	ts.tv_nsec = (long)(d % 1000000000);
	return ts;
}

static inline zx_time_t zx_time_from_timespec(struct timespec ts)
{
	return zx_duration_from_timespec(ts);
}

static inline struct timespec zx_timespec_from_time(zx_time_t time)
{
	return zx_timespec_from_duration(time);
}
#endif /* struct timespec */

/*
 * Durations from a count of units.  A constant argument folds to a
 * constant expression (usable in initializers); any other argument goes
 * through the saturating helpers above.
 */
#define ZX_NSEC(n) \
	(__builtin_constant_p(n) ? (zx_duration_t)(1LL * (n)) : \
				   zx_duration_from_nsec(n))
#define ZX_USEC(n) \
	(__builtin_constant_p(n) ? (zx_duration_t)(1000LL * (n)) : \
				   zx_duration_from_usec(n))
#define ZX_MSEC(n) \
	(__builtin_constant_p(n) ? (zx_duration_t)(1000000LL * (n)) : \
				   zx_duration_from_msec(n))
#define ZX_SEC(n) \
	(__builtin_constant_p(n) ? (zx_duration_t)(1000000000LL * (n)) : \
				   zx_duration_from_sec(n))
#define ZX_MIN(n) \
	(__builtin_constant_p(n) ? \
		 (zx_duration_t)(60LL * 1000000000LL * (n)) : \
		 zx_duration_from_min(n))
#define ZX_HOUR(n) \
	(__builtin_constant_p(n) ? \
		 (zx_duration_t)(3600LL * 1000000000LL * (n)) : \
		 zx_duration_from_hour(n))

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_TIME_H_ */
