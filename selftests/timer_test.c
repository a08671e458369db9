// SPDX-License-Identifier: GPL-2.0
/*
 * Timers: zx_timer_create(), zx_timer_set(), zx_timer_cancel() and
 * ZX_INFO_TIMER.  Argument and rights checks; a timer never fires before
 * deadline - slack (SLACK_CENTER, SLACK_EARLY) or before the deadline
 * (SLACK_LATE), on either clock; set re-arms and clears the signal, cancel
 * disarms and clears it; set and cancel racing the expiry; a timer as the
 * source of an asynchronous wait on a port; armed timers closed; a
 * thousand armed at once.
 *
 * The VM is emulated and slow: only "never early" is a pass/fail bound;
 * "fires at all" waits with deadlines of many seconds.
 */
#include "zx_test_util.h"

#define GENEROUS	ZX_SEC(30)

static const uint32_t slack_opts[] = {
	ZX_TIMER_SLACK_CENTER, ZX_TIMER_SLACK_EARLY, ZX_TIMER_SLACK_LATE,
};

static const zx_clock_t clocks[] = { ZX_CLOCK_MONOTONIC, ZX_CLOCK_BOOT };

/* Now on @clock, in nanoseconds. */
static int64_t clock_now(zx_clock_t clock)
{
	struct timespec ts;

	clock_gettime(clock == ZX_CLOCK_BOOT ? CLOCK_BOOTTIME : CLOCK_MONOTONIC,
		      &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static zx_handle_t timer(uint32_t options, zx_clock_t clock)
{
	zx_handle_t t = ZX_HANDLE_INVALID;

	if (zx_timer_create(options, clock, &t) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return t;
}

/* The timer's ZX_INFO_TIMER record; every byte 0xff on error. */
static zx_info_timer_t timer_info(zx_handle_t t)
{
	zx_info_timer_t info;

	memset(&info, 0xff, sizeof(info));
	if (zx_object_get_info(t, ZX_INFO_TIMER, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		memset(&info, 0xff, sizeof(info));
	return info;
}

static bool signaled(zx_handle_t t)
{
	zx_signals_t s = zx_test_signals(t);

	return s != ~0u && (s & ZX_TIMER_SIGNALED);
}

/* The earliest time a timer set to (@deadline, @slack) may fire. */
static int64_t earliest(uint32_t options, int64_t deadline, int64_t slack)
{
	return options == ZX_TIMER_SLACK_LATE ? deadline : deadline - slack;
}

/* ------------------------------------------------------------ creating */

TEST(create_every_option_and_clock)
{
	for (size_t i = 0; i < ARRAY_SIZE(slack_opts); i++) {
		for (size_t c = 0; c < ARRAY_SIZE(clocks); c++) {
			zx_handle_t t = ZX_HANDLE_INVALID;
			zx_info_handle_basic_t basic;
			zx_info_timer_t info;

			ASSERT_EQ(ZX_OK, zx_timer_create(slack_opts[i],
							 clocks[c], &t));
			ASSERT_NE(ZX_HANDLE_INVALID, t);
			basic = zx_test_basic(t);
			EXPECT_EQ(ZX_OBJ_TYPE_TIMER, basic.type);
			EXPECT_EQ(ZX_DEFAULT_TIMER_RIGHTS, basic.rights);
			EXPECT_NE(ZX_KOID_INVALID, basic.koid);
			info = timer_info(t);
			EXPECT_EQ(slack_opts[i], info.options);
			EXPECT_EQ(clocks[c], info.clock_id);
			EXPECT_EQ(0, info.deadline);
			EXPECT_EQ(0, info.slack);
			/* Not signaled until it fires. */
			EXPECT_EQ(0u, zx_test_signals(t) & ZX_TIMER_SIGNALED);
			EXPECT_EQ(ZX_OK, zx_handle_close(t));
		}
	}
}

TEST(create_bad_arguments)
{
	static const uint32_t bad_opts[] = { 3, 4, 0x80000000u, 0xffffffffu };
	static const zx_clock_t bad_clocks[] = { 2, 3, 99, 0xffffffffu };
	void *ro = zx_test_readonly_page();
	long before = zx_test_live_objects();
	zx_handle_t t;

	ASSERT_NE(NULL, ro);
	for (size_t i = 0; i < ARRAY_SIZE(bad_opts); i++) {
		t = ZX_HANDLE_INVALID;
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_timer_create(bad_opts[i], ZX_CLOCK_MONOTONIC, &t));
		EXPECT_EQ(ZX_HANDLE_INVALID, t);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad_clocks); i++) {
		t = ZX_HANDLE_INVALID;
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_timer_create(0, bad_clocks[i], &t));
		EXPECT_EQ(ZX_HANDLE_INVALID, t);
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_timer_create(0, ZX_CLOCK_MONOTONIC, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_timer_create(0, ZX_CLOCK_MONOTONIC, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_timer_create(ZX_TIMER_SLACK_LATE, ZX_CLOCK_BOOT,
				  (zx_handle_t *)ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_timer_create(0, ZX_CLOCK_MONOTONIC,
				  (zx_handle_t *)(uintptr_t)
				  ZX_TEST_KERNEL_ADDR));
	/* A failed copy-out left no timer or handle behind. */
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 2000));
	munmap(ro, (size_t)getpagesize());
}

/* ------------------------------------------------------------- firing */

TEST(past_or_zero_deadline_fires_at_once)
{
	for (size_t c = 0; c < ARRAY_SIZE(clocks); c++) {
		const int64_t past[] = {
			0, 1, -1, ZX_TIME_INFINITE_PAST,
			clock_now(clocks[c]) - ZX_SEC(1),
			clock_now(clocks[c]),
		};
		zx_handle_t t = timer(0, clocks[c]);

		ASSERT_NE(ZX_HANDLE_INVALID, t);
		for (size_t i = 0; i < ARRAY_SIZE(past); i++) {
			zx_signals_t observed = 0;

			ASSERT_EQ(ZX_OK, zx_timer_set(t, past[i], 0));
			EXPECT_EQ(ZX_OK, zx_object_wait_one(t,
					ZX_TIMER_SIGNALED,
					zx_deadline_after(GENEROUS),
					&observed)) {
				TH_LOG("clock %u, deadline %lld", clocks[c],
				       (long long)past[i]);
			}
			EXPECT_NE(0u, observed & ZX_TIMER_SIGNALED);
		}
		EXPECT_EQ(ZX_OK, zx_handle_close(t));
	}
}

/*
 * Polls @t until ZX_TIMER_SIGNALED shows; the clock read after the poll
 * that saw it is a time at or after the firing, so it must not be before
 * @min.  Then a wait_one has to agree.
 */
static void poll_never_early(struct __test_metadata *_metadata,
			     zx_handle_t t, zx_clock_t clock, int64_t min)
{
	int64_t limit = clock_now(clock) + GENEROUS;

	for (;;) {
		bool fired = signaled(t);
		int64_t now = clock_now(clock);

		if (fired) {
			EXPECT_GE(now, min);
			break;
		}
		ASSERT_LT(now, limit) {
			TH_LOG("the timer never fired");
		}
		zx_test_sleep_ms(1);
	}
}

TEST(never_early_polling)
{
	static const int64_t slacks[] = { 0, ZX_MSEC(5), ZX_MSEC(40) };

	for (size_t i = 0; i < ARRAY_SIZE(slack_opts); i++) {
		for (size_t c = 0; c < ARRAY_SIZE(clocks); c++) {
			for (size_t k = 0; k < ARRAY_SIZE(slacks); k++) {
				zx_handle_t t = timer(slack_opts[i], clocks[c]);
				int64_t d = clock_now(clocks[c]) + ZX_MSEC(60);

				ASSERT_NE(ZX_HANDLE_INVALID, t);
				ASSERT_EQ(ZX_OK, zx_timer_set(t, d, slacks[k]));
				poll_never_early(_metadata, t, clocks[c],
						 earliest(slack_opts[i], d,
							  slacks[k]));
				EXPECT_EQ(ZX_OK, zx_handle_close(t));
			}
		}
	}
}

TEST(never_early_wait_one)
{
	for (size_t i = 0; i < ARRAY_SIZE(slack_opts); i++) {
		for (size_t c = 0; c < ARRAY_SIZE(clocks); c++) {
			zx_handle_t t = timer(slack_opts[i], clocks[c]);
			int64_t slack = ZX_MSEC(20);

			ASSERT_NE(ZX_HANDLE_INVALID, t);
			for (int rep = 0; rep < 4; rep++) {
				int64_t d = clock_now(clocks[c]) +
					    ZX_MSEC(30 + 25 * rep);
				zx_signals_t observed = 0;

				ASSERT_EQ(ZX_OK, zx_timer_set(t, d, slack));
				ASSERT_EQ(ZX_OK, zx_object_wait_one(t,
						ZX_TIMER_SIGNALED,
						zx_deadline_after(GENEROUS),
						&observed));
				EXPECT_GE(clock_now(clocks[c]),
					  earliest(slack_opts[i], d, slack)) {
					TH_LOG("option %u clock %u rep %d",
					       slack_opts[i], clocks[c], rep);
				}
				EXPECT_NE(0u, observed & ZX_TIMER_SIGNALED);
			}
			EXPECT_EQ(ZX_OK, zx_handle_close(t));
		}
	}
}

/* LATE: the libzx clock (zx_clock_get_monotonic()) agrees: not early. */
TEST(never_early_monotonic_reading)
{
	zx_handle_t t = timer(ZX_TIMER_SLACK_LATE, ZX_CLOCK_MONOTONIC);
	zx_time_t d;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	d = zx_deadline_after(ZX_MSEC(50));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, ZX_MSEC(10)));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	EXPECT_GE(zx_clock_get_monotonic(), d);
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

TEST(negative_slack_out_of_range)
{
	static const int64_t bad[] = { -1, -ZX_MSEC(1), INT64_MIN };
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC);
	zx_info_timer_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  zx_timer_set(t, zx_deadline_after(ZX_MSEC(1)),
				       bad[i]));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(t, 0, bad[i]));
	}
	/* Nothing was armed. */
	info = timer_info(t);
	EXPECT_EQ(0, info.deadline);
	zx_test_sleep_ms(20);
	EXPECT_FALSE(signaled(t));
	/* A failed set leaves an armed timer armed as it was. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_SEC(3600)), 7));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_timer_set(t, 0, -1));
	info = timer_info(t);
	EXPECT_LT(0, info.deadline);
	EXPECT_EQ(7, info.slack);
	EXPECT_FALSE(signaled(t));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/* Huge slacks and deadlines must not overflow into an early firing. */
TEST(extreme_slack_and_deadline)
{
	for (size_t i = 0; i < ARRAY_SIZE(slack_opts); i++) {
		zx_handle_t t = timer(slack_opts[i], ZX_CLOCK_MONOTONIC);
		int64_t d;

		ASSERT_NE(ZX_HANDLE_INVALID, t);
		/* Infinite deadline with any slack (LATE: never early). */
		ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, INT64_MAX));
		if (slack_opts[i] == ZX_TIMER_SLACK_LATE) {
			zx_test_sleep_ms(30);
			EXPECT_FALSE(signaled(t));
		}
		ASSERT_EQ(ZX_OK, zx_timer_set(t, ZX_TIME_INFINITE, 0));
		zx_test_sleep_ms(30);
		EXPECT_FALSE(signaled(t));
		/* A near deadline with the largest slack. */
		d = zx_deadline_after(ZX_MSEC(100));
		ASSERT_EQ(ZX_OK, zx_timer_set(t, d, INT64_MAX));
		if (slack_opts[i] == ZX_TIMER_SLACK_LATE) {
			while (zx_clock_get_monotonic() < d - ZX_MSEC(10)) {
				bool fired = signaled(t);

				if (zx_clock_get_monotonic() < d) {
					EXPECT_FALSE(fired);
				}
				zx_test_sleep_ms(5);
			}
		}
		EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
		EXPECT_FALSE(signaled(t));
		EXPECT_EQ(ZX_OK, zx_handle_close(t));
	}
}

/* ----------------------------------------------------- set and cancel */

TEST(set_far_then_near_fires_at_near)
{
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC);
	zx_time_t near;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_SEC(3600)), 0));
	near = zx_deadline_after(ZX_MSEC(50));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, near, 0));
	EXPECT_EQ(near, timer_info(t).deadline);
	ASSERT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	EXPECT_GE(zx_clock_get_monotonic(), near);
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/*
 * Set near, then far before near passes: nothing fires at near.  (Even if
 * the emulator is so slow that near passed before the second set, the set
 * clears the signal, so the wait must still time out.)
 */
TEST(set_near_then_far_does_not_fire_at_near)
{
	for (size_t i = 0; i < ARRAY_SIZE(slack_opts); i++) {
		zx_handle_t t = timer(slack_opts[i], ZX_CLOCK_MONOTONIC);
		zx_signals_t observed = 0xffffffffu;
		zx_time_t near;

		ASSERT_NE(ZX_HANDLE_INVALID, t);
		near = zx_deadline_after(ZX_MSEC(100));
		ASSERT_EQ(ZX_OK, zx_timer_set(t, near, ZX_MSEC(10)));
		ASSERT_EQ(ZX_OK, zx_timer_set(t,
					      zx_deadline_after(ZX_SEC(3600)),
					      0));
		EXPECT_EQ(ZX_ERR_TIMED_OUT,
			  zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					     near + ZX_MSEC(500), &observed));
		EXPECT_EQ(0u, observed & ZX_TIMER_SIGNALED);
		EXPECT_EQ(ZX_OK, zx_handle_close(t));
	}
}

TEST(set_clears_signaled)
{
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC);

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_SEC(3600)), 0));
	EXPECT_FALSE(signaled(t));
	/* And a set to the past asserts it again. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 1, 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

TEST(cancel_clears_signaled_and_disarms)
{
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC);
	zx_time_t d;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	/* Before any set: OK, twice. */
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_FALSE(signaled(t));

	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_FALSE(signaled(t));

	/* Armed, cancelled: it does not fire later. */
	d = zx_deadline_after(ZX_MSEC(100));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 0));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(t, ZX_TIMER_SIGNALED, d + ZX_MSEC(500),
				     NULL));
	EXPECT_FALSE(signaled(t));
	/* And can be armed again. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_MSEC(10)), 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/* A waiter blocked in wait_one is woken by the firing. */
struct fire_waiter {
	zx_handle_t t;
	zx_status_t st;
	zx_signals_t observed;
	int64_t woke;
};

static void *fire_waiter_main(void *arg)
{
	struct fire_waiter *w = arg;

	w->st = zx_object_wait_one(w->t, ZX_TIMER_SIGNALED,
				   zx_deadline_after(GENEROUS), &w->observed);
	w->woke = zx_clock_get_monotonic();
	return NULL;
}

TEST(firing_wakes_blocked_waiters)
{
	struct fire_waiter w[4];
	pthread_t th[4];
	zx_handle_t t = timer(ZX_TIMER_SLACK_EARLY, ZX_CLOCK_MONOTONIC);
	zx_time_t d;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	d = zx_deadline_after(ZX_MSEC(300));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, ZX_MSEC(50)));
	for (int i = 0; i < 4; i++) {
		w[i] = (struct fire_waiter){ .t = t, .st = 1 };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, fire_waiter_main,
					    &w[i]));
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(ZX_OK, w[i].st);
		EXPECT_NE(0u, w[i].observed & ZX_TIMER_SIGNALED);
		EXPECT_GE(w[i].woke, d - ZX_MSEC(50));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/* ------------------------------------------------- rights and handles */

TEST(set_and_cancel_need_write)
{
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC), ro = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(t, ZX_DEFAULT_TIMER_RIGHTS &
					     ~ZX_RIGHT_WRITE, &ro));
	EXPECT_EQ(ZX_DEFAULT_TIMER_RIGHTS & ~ZX_RIGHT_WRITE,
		  zx_test_rights(ro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_timer_set(ro, 0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_timer_set(ro, zx_deadline_after(ZX_SEC(1)), 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_timer_cancel(ro));
	/* Nothing armed through the denied call. */
	zx_test_sleep_ms(20);
	EXPECT_FALSE(signaled(t));
	EXPECT_EQ(0, timer_info(t).deadline);

	/* The read-only handle can still wait for a firing. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(ro, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	/* A denied cancel leaves the signal asserted. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_timer_cancel(ro));
	EXPECT_TRUE(signaled(t));
	EXPECT_EQ(ZX_OK, zx_handle_close(ro));

	/* Only WRITE is needed. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(t, ZX_RIGHT_WRITE, &ro));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(ro));
	EXPECT_EQ(ZX_OK, zx_timer_set(ro, zx_deadline_after(ZX_SEC(3600)), 0));
	EXPECT_EQ(ZX_OK, zx_timer_cancel(ro));
	EXPECT_EQ(ZX_OK, zx_handle_close(ro));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

TEST(wrong_type_and_bad_handle)
{
	zx_handle_t e = zx_test_event(), t = timer(0, ZX_CLOCK_MONOTONIC);
	zx_handle_t closed = timer(0, ZX_CLOCK_MONOTONIC);
	zx_handle_t p = ZX_HANDLE_INVALID, v = zx_test_vmo(4096, 0);
	zx_info_timer_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, e);
	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_NE(ZX_HANDLE_INVALID, closed);
	ASSERT_NE(ZX_HANDLE_INVALID, v);
	ASSERT_EQ(ZX_OK, zx_handle_close(closed));

	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_set(e, 0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_cancel(e));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_set(v, 0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_cancel(v));
	/* Neither signals the event. */
	EXPECT_EQ(0u, zx_test_signals(e));
	if (zx_port_create(0, &p) == ZX_OK) {
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_set(p, 0, 0));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_timer_cancel(p));
		EXPECT_EQ(ZX_OK, zx_handle_close(p));
	}
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(e, ZX_INFO_TIMER, &info, sizeof(info),
				     NULL, NULL));

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_set(ZX_HANDLE_INVALID, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_cancel(ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_set(closed, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_cancel(closed));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_set(0x7ffffff3u, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_cancel(0xfffffffeu));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_timer_set(t ^ 0x10000u, 0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(closed));
	EXPECT_EQ(ZX_OK, zx_handle_check_valid(t));
	EXPECT_FALSE(signaled(t));

	EXPECT_EQ(ZX_OK, zx_handle_close(v));
	EXPECT_EQ(ZX_OK, zx_handle_close(e));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/* -------------------------------------------------------- ZX_INFO_TIMER */

TEST(info_timer_follows_set_cancel_fire)
{
	zx_handle_t t = timer(ZX_TIMER_SLACK_LATE, ZX_CLOCK_BOOT);
	zx_info_timer_t info;
	size_t actual = 99, avail = 99;
	int64_t d;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_object_get_info(t, ZX_INFO_TIMER, &info,
					    sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_TIMER_SLACK_LATE, info.options);
	EXPECT_EQ(ZX_CLOCK_BOOT, info.clock_id);
	EXPECT_EQ(0, info.deadline);
	EXPECT_EQ(0, info.slack);
	/* A short buffer. */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(t, ZX_INFO_TIMER, &info,
				     sizeof(info) - 1, &actual, &avail));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(t, ZX_INFO_TIMER, ZX_TEST_BAD_PTR,
				     sizeof(info), NULL, NULL));

	/* Armed: the deadline and slack as set. */
	d = clock_now(ZX_CLOCK_BOOT) + ZX_SEC(3600);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, ZX_MSEC(3)));
	info = timer_info(t);
	EXPECT_EQ(ZX_TIMER_SLACK_LATE, info.options);
	EXPECT_EQ(ZX_CLOCK_BOOT, info.clock_id);
	EXPECT_EQ(d, info.deadline);
	EXPECT_EQ(ZX_MSEC(3), info.slack);
	/* Re-set: the new values. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d + 5, 0));
	info = timer_info(t);
	EXPECT_EQ(d + 5, info.deadline);
	EXPECT_EQ(0, info.slack);

	/* Cancelled: not armed. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 11));
	ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
	info = timer_info(t);
	EXPECT_EQ(ZX_TIMER_SLACK_LATE, info.options);
	EXPECT_EQ(ZX_CLOCK_BOOT, info.clock_id);
	EXPECT_EQ(0, info.deadline);
	EXPECT_EQ(0, info.slack);

	/* Fired: not armed either. */
	d = clock_now(ZX_CLOCK_BOOT) + ZX_MSEC(20);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 13));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	info = timer_info(t);
	EXPECT_EQ(0, info.deadline);
	EXPECT_EQ(0, info.slack);
	EXPECT_EQ(ZX_TIMER_SLACK_LATE, info.options);
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/* ZX_INFO_TIMER needs INSPECT. */
TEST(info_timer_needs_inspect)
{
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC), d = ZX_HANDLE_INVALID;
	zx_info_timer_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(t, ZX_RIGHT_WAIT | ZX_RIGHT_WRITE,
					     &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(d, ZX_INFO_TIMER, &info, sizeof(info),
				     NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
}

/* ------------------------------------------------------------- races */

struct race {
	zx_handle_t t;
	int64_t end;
	unsigned long sets, cancels, waits, fired;
	zx_status_t bad;	/* the first unexpected status, or 0 */
};

static void race_note(struct race *r, zx_status_t st, zx_status_t ok1,
		      zx_status_t ok2)
{
	if (st != ok1 && st != ok2)
		__atomic_compare_exchange_n(&r->bad, &(zx_status_t){ 0 }, st,
					    false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
}

static void *race_setter(void *arg)
{
	struct race *r = arg;
	unsigned int i = 0;

	while (zx_clock_get_monotonic() < r->end) {
		int64_t d = zx_clock_get_monotonic() + (i++ % 50) * 1000;

		race_note(r, zx_timer_set(r->t, d, (i % 3) * 500), ZX_OK,
			  ZX_OK);
		__atomic_add_fetch(&r->sets, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *race_canceller(void *arg)
{
	struct race *r = arg;

	while (zx_clock_get_monotonic() < r->end) {
		race_note(r, zx_timer_cancel(r->t), ZX_OK, ZX_OK);
		__atomic_add_fetch(&r->cancels, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void *race_waiter(void *arg)
{
	struct race *r = arg;

	while (zx_clock_get_monotonic() < r->end) {
		zx_status_t st = zx_object_wait_one(r->t, ZX_TIMER_SIGNALED,
					zx_deadline_after(ZX_USEC(200)),
					NULL);

		race_note(r, st, ZX_OK, ZX_ERR_TIMED_OUT);
		if (st == ZX_OK)
			__atomic_add_fetch(&r->fired, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&r->waits, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

TEST(set_and_cancel_race_the_expiry)
{
	for (size_t i = 0; i < ARRAY_SIZE(slack_opts); i++) {
		struct race r = { 0 };
		pthread_t th[3];

		r.t = timer(slack_opts[i], ZX_CLOCK_MONOTONIC);
		ASSERT_NE(ZX_HANDLE_INVALID, r.t);
		r.end = zx_deadline_after(ZX_MSEC(700));
		ASSERT_EQ(0, pthread_create(&th[0], NULL, race_setter, &r));
		ASSERT_EQ(0, pthread_create(&th[1], NULL, race_canceller, &r));
		ASSERT_EQ(0, pthread_create(&th[2], NULL, race_waiter, &r));
		for (int k = 0; k < 3; k++)
			pthread_join(th[k], NULL);
		EXPECT_EQ(0, r.bad) {
			TH_LOG("unexpected status %s",
			       zx_status_get_string(r.bad));
		}
		EXPECT_LT(0ul, r.sets);
		EXPECT_LT(0ul, r.cancels);
		EXPECT_LT(0ul, r.waits);
		/* The final cancel: clear, and stays clear. */
		ASSERT_EQ(ZX_OK, zx_timer_cancel(r.t));
		EXPECT_FALSE(signaled(r.t));
		EXPECT_EQ(0, timer_info(r.t).deadline);
		zx_test_sleep_ms(20);
		EXPECT_FALSE(signaled(r.t));
		/* Still works. */
		ASSERT_EQ(ZX_OK, zx_timer_set(r.t, 0, 0));
		EXPECT_EQ(ZX_OK, zx_object_wait_one(r.t, ZX_TIMER_SIGNALED,
						zx_deadline_after(GENEROUS),
						NULL));
		EXPECT_EQ(ZX_OK, zx_handle_close(r.t));
		TH_LOG("option %u: %lu sets, %lu cancels, %lu waits, %lu "
		       "fired", slack_opts[i], r.sets, r.cancels, r.waits,
		       r.fired);
	}
}

/* Closing the last handle while another thread arms and waits on it. */
struct close_race {
	zx_handle_t t;
	volatile bool stop;
};

static void *close_race_setter(void *arg)
{
	struct close_race *c = arg;

	while (!c->stop) {
		zx_status_t st = zx_timer_set(c->t,
					      zx_deadline_after(ZX_USEC(50)),
					      0);

		if (st != ZX_OK)
			break;
		zx_object_wait_one(c->t, ZX_TIMER_SIGNALED,
				   zx_deadline_after(ZX_USEC(100)), NULL);
	}
	return NULL;
}

TEST(close_races_set)
{
	long before = zx_test_live_objects();

	for (int i = 0; i < 50; i++) {
		struct close_race c = { 0 };
		pthread_t th;

		c.t = timer(i % 3, ZX_CLOCK_MONOTONIC);
		ASSERT_NE(ZX_HANDLE_INVALID, c.t);
		ASSERT_EQ(0, pthread_create(&th, NULL, close_race_setter, &c));
		zx_test_sleep_ms(i % 5);
		EXPECT_EQ(ZX_OK, zx_handle_close(c.t));
		c.stop = true;
		pthread_join(th, NULL);
	}
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

/* ------------------------------------------------ ports and closing */

TEST(timer_as_wait_async_source)
{
	zx_handle_t port = ZX_HANDLE_INVALID;
	zx_handle_t t = timer(ZX_TIMER_SLACK_LATE, ZX_CLOCK_MONOTONIC);
	zx_port_packet_t pkt;
	zx_time_t d;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));

	/* Armed later: the packet comes when it fires, not before. */
	d = zx_deadline_after(ZX_MSEC(50));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 0x1234,
					      ZX_TIMER_SIGNALED,
					      ZX_WAIT_ASYNC_TIMESTAMP));
	memset(&pkt, 0xcc, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(GENEROUS),
				      &pkt));
	EXPECT_GE(zx_clock_get_monotonic(), d);
	EXPECT_EQ(0x1234u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	EXPECT_EQ(ZX_OK, pkt.status);
	EXPECT_EQ(ZX_TIMER_SIGNALED, pkt.signal.trigger);
	EXPECT_NE(0u, pkt.signal.observed & ZX_TIMER_SIGNALED);
	EXPECT_EQ(1u, pkt.signal.count);
	EXPECT_GE(pkt.signal.timestamp, d);
	/* One-shot: no second packet. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));

	/* Already fired: the level wait queues at once. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 7, ZX_TIMER_SIGNALED,
					      0));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(GENEROUS),
				      &pkt));
	EXPECT_EQ(7u, pkt.key);
	EXPECT_EQ(0, pkt.signal.timestamp);

	/* EDGE on a fired timer: only the next firing (after a set). */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 8, ZX_TIMER_SIGNALED,
					      ZX_WAIT_ASYNC_EDGE));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_port_wait(port, zx_deadline_after(ZX_MSEC(20)), &pkt));
	d = zx_deadline_after(ZX_MSEC(30));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 0));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(GENEROUS),
				      &pkt));
	EXPECT_EQ(8u, pkt.key);
	EXPECT_GE(zx_clock_get_monotonic(), d);

	/*
	 * EDGE on a fired timer, then a set to the past: the set deasserts
	 * and the firing asserts again, which is the transition.
	 */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 10, ZX_TIMER_SIGNALED,
					      ZX_WAIT_ASYNC_EDGE));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, 0, 0));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(GENEROUS),
				      &pkt));
	EXPECT_EQ(10u, pkt.key);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));

	/* A cancelled timer sends nothing; port_cancel then finds it. */
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_MSEC(50)), 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 9, ZX_TIMER_SIGNALED,
					      0));
	ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_port_wait(port, zx_deadline_after(ZX_MSEC(200)), &pkt));
	EXPECT_EQ(ZX_OK, zx_port_cancel(port, t, 9));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, t, 9));

	EXPECT_EQ(ZX_OK, zx_handle_close(t));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* A boot-clock timer's packet with BOOT_TIMESTAMP: on the boot clock. */
TEST(boot_timer_boot_timestamp)
{
	zx_handle_t port = ZX_HANDLE_INVALID;
	zx_handle_t t = timer(ZX_TIMER_SLACK_LATE, ZX_CLOCK_BOOT);
	zx_port_packet_t pkt;
	int64_t d;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	d = clock_now(ZX_CLOCK_BOOT) + ZX_MSEC(40);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 3, ZX_TIMER_SIGNALED,
					      ZX_WAIT_ASYNC_BOOT_TIMESTAMP));
	memset(&pkt, 0, sizeof(pkt));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(GENEROUS),
				      &pkt));
	EXPECT_EQ(3u, pkt.key);
	EXPECT_GE(pkt.signal.timestamp, d);
	EXPECT_LE(pkt.signal.timestamp, clock_now(ZX_CLOCK_BOOT));
	EXPECT_GE(clock_now(ZX_CLOCK_BOOT), d);
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(close_armed_timer_with_async_wait)
{
	long before = zx_test_live_objects();
	zx_handle_t port = ZX_HANDLE_INVALID, t;
	zx_port_packet_t pkt;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	/* Far: closing ends the wait without a packet. */
	t = timer(0, ZX_CLOCK_MONOTONIC);
	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_SEC(3600)), 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 1, ZX_TIMER_SIGNALED,
					      0));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_port_wait(port, zx_deadline_after(ZX_MSEC(50)), &pkt));

	/* Near: closing just before it fires; no packet after the close. */
	for (int i = 0; i < 20; i++) {
		t = timer(i % 3, i & 1 ? ZX_CLOCK_BOOT : ZX_CLOCK_MONOTONIC);
		int64_t d = i & 1 ? 0 : zx_deadline_after(ZX_USEC(i * 50));

		ASSERT_NE(ZX_HANDLE_INVALID, t);
		ASSERT_EQ(ZX_OK, zx_timer_set(t, d, 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 2,
						      ZX_TIMER_SIGNALED, 0));
		EXPECT_EQ(ZX_OK, zx_handle_close(t));
		/* Drain what fired before the close. */
		while (zx_port_wait(port, 0, &pkt) == ZX_OK)
			EXPECT_EQ(2u, pkt.key);
	}
	zx_test_sleep_ms(20);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));

	/* The port closed while an armed timer's wait is registered. */
	t = timer(0, ZX_CLOCK_MONOTONIC);
	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_MSEC(20)), 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 3, ZX_TIMER_SIGNALED,
					      0));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(GENEROUS),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));

	/* Plain armed timers closed. */
	for (int i = 0; i < 20; i++) {
		t = timer(i % 3, ZX_CLOCK_MONOTONIC);
		int64_t d = zx_deadline_after(ZX_USEC(i * 100));

		ASSERT_NE(ZX_HANDLE_INVALID, t);
		ASSERT_EQ(ZX_OK, zx_timer_set(t, d, ZX_USEC(i)));
		EXPECT_EQ(ZX_OK, zx_handle_close(t));
	}
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

/* A blocked waiter gets CANCELED when the armed timer's handle closes. */
TEST(close_during_wait_one)
{
	zx_handle_t t = timer(0, ZX_CLOCK_MONOTONIC);
	struct fire_waiter w;
	pthread_t th;

	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_SEC(3600)), 0));
	w = (struct fire_waiter){ .t = t, .st = 1 };
	ASSERT_EQ(0, pthread_create(&th, NULL, fire_waiter_main, &w));
	zx_test_sleep_ms(100);
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
	pthread_join(th, NULL);
	/* Closed before or during the wait. */
	EXPECT_TRUE(w.st == ZX_ERR_CANCELED || w.st == ZX_ERR_BAD_HANDLE) {
		TH_LOG("wait_one: %s", zx_status_get_string(w.st));
	}
}

#define NTIMERS 1000

TEST(thousand_timers_armed_then_closed)
{
	static zx_handle_t t[NTIMERS];
	long before = zx_test_live_objects();
	zx_time_t now;
	int fired = 0;

	for (int i = 0; i < NTIMERS; i++) {
		t[i] = timer(i % 3, i & 1 ? ZX_CLOCK_BOOT : ZX_CLOCK_MONOTONIC);
		ASSERT_NE(ZX_HANDLE_INVALID, t[i]) {
			TH_LOG("timer %d", i);
		}
	}
	now = zx_clock_get_monotonic();
	for (int i = 0; i < NTIMERS; i++) {
		/* A third due now-ish, a third soon, a third far away. */
		int64_t d = i % 3 == 0 ? now : i % 3 == 1 ?
			    now + ZX_MSEC(i % 50) : now + ZX_SEC(3600);

		if (i & 1)
			d = clock_now(ZX_CLOCK_BOOT) + (d - now);
		ASSERT_EQ(ZX_OK, zx_timer_set(t[i], d, ZX_USEC(i % 7)));
	}
	/* The near ones fire; the far ones do not. */
	for (int i = 0; i < NTIMERS; i += 3) {
		EXPECT_EQ(ZX_OK, zx_object_wait_one(t[i], ZX_TIMER_SIGNALED,
						zx_deadline_after(GENEROUS),
						NULL));
	}
	for (int i = 1; i < NTIMERS; i += 3) {
		if (zx_object_wait_one(t[i], ZX_TIMER_SIGNALED,
				       zx_deadline_after(GENEROUS),
				       NULL) == ZX_OK)
			fired++;
	}
	EXPECT_EQ((NTIMERS + 1) / 3, fired);
	for (int i = 2; i < NTIMERS; i += 3)
		EXPECT_FALSE(signaled(t[i]));
	for (int i = 0; i < NTIMERS; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(t[i]));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

/*
 * Armed to expire within microseconds and closed at once, so that many
 * expiries race the teardown (KASAN on the debug kernel watches).
 */
TEST(thousand_near_timers_closed_at_once)
{
	static zx_handle_t t[NTIMERS];
	long before = zx_test_live_objects();

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NTIMERS; i++) {
			t[i] = timer(i % 3, ZX_CLOCK_MONOTONIC);
			ASSERT_NE(ZX_HANDLE_INVALID, t[i]);
			ASSERT_EQ(ZX_OK, zx_timer_set(t[i],
					zx_deadline_after(ZX_USEC(i % 200)),
					ZX_USEC(i % 5)));
		}
		ASSERT_EQ(ZX_OK, zx_handle_close_many(t, NTIMERS));
	}
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

ZX_TEST_MAIN(NULL, NULL)
