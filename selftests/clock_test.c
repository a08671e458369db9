// SPDX-License-Identifier: GPL-2.0
/*
 * libzx's clock calls and status strings: zx_clock_get_monotonic(),
 * zx_deadline_after(), zx_nanosleep(), zx_status_get_string().
 */
#include <sys/time.h>

#include "zx_test_util.h"

TEST(monotonic_is_clock_monotonic)
{
	for (int i = 0; i < 100; i++) {
		int64_t before = zx_test_now();
		zx_time_t t = zx_clock_get_monotonic();
		int64_t after = zx_test_now();

		ASSERT_LE(before, t);
		ASSERT_LE(t, after);
	}
}

TEST(monotonic_never_goes_back)
{
	zx_time_t prev = zx_clock_get_monotonic(), t;
	int back = 0;

	EXPECT_GT(prev, 0);
	for (int i = 0; i < 10000; i++) {
		t = zx_clock_get_monotonic();
		if (t < prev)
			back++;
		prev = t;
	}
	EXPECT_EQ(0, back);
}

TEST(deadline_after_adds_to_now)
{
	int64_t before, after;
	zx_time_t d;

	before = zx_test_now();
	d = zx_deadline_after(ZX_SEC(1));
	after = zx_test_now();
	EXPECT_LE(before + ZX_SEC(1), d);
	EXPECT_LE(d, after + ZX_SEC(1));

	before = zx_test_now();
	d = zx_deadline_after(0);
	after = zx_test_now();
	EXPECT_LE(before, d);
	EXPECT_LE(d, after);

	/* Negative durations give deadlines in the past. */
	before = zx_test_now();
	d = zx_deadline_after(-ZX_MSEC(5));
	after = zx_test_now();
	EXPECT_LE(before - ZX_MSEC(5), d);
	EXPECT_LE(d, after - ZX_MSEC(5));
}

TEST(deadline_after_saturates)
{
	EXPECT_EQ(ZX_TIME_INFINITE, zx_deadline_after(ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_TIME_INFINITE, zx_deadline_after(ZX_TIME_INFINITE - 1));
	EXPECT_EQ(ZX_TIME_INFINITE,
		  zx_deadline_after(ZX_TIME_INFINITE - ZX_SEC(1)));
	/* Just short of saturating (uptime is far below 2^62 ns). */
	EXPECT_LT(zx_deadline_after(INT64_MAX / 2), ZX_TIME_INFINITE);
}

TEST(nanosleep_until_deadline)
{
	for (int i = 0; i < 4; i++) {
		zx_time_t deadline = zx_deadline_after(ZX_MSEC(10 + 15 * i));

		EXPECT_EQ(ZX_OK, zx_nanosleep(deadline));
		EXPECT_GE(zx_clock_get_monotonic(), deadline);
	}
}

TEST(nanosleep_past_deadline_returns_promptly)
{
	const zx_time_t past[] = {
		0, 1, -1, ZX_TIME_INFINITE_PAST,
		zx_clock_get_monotonic() - ZX_SEC(10),
	};

	for (size_t i = 0; i < ARRAY_SIZE(past); i++) {
		int64_t t0 = zx_test_now();

		EXPECT_EQ(ZX_OK, zx_nanosleep(past[i]));
		/* Generous: the VM may be emulated. */
		EXPECT_LT(zx_test_now() - t0, ZX_MSEC(500));
	}
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

TEST(nanosleep_not_shortened_by_signals)
{
	struct itimerval it = {
		.it_interval = { .tv_sec = 0, .tv_usec = 10000 },
		.it_value = { .tv_sec = 0, .tv_usec = 10000 },
	}, off;
	struct sigaction sa;
	zx_time_t deadline;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;	/* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	deadline = zx_deadline_after(ZX_MSEC(200));
	EXPECT_EQ(ZX_OK, zx_nanosleep(deadline));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
	EXPECT_GT(alarms, 0);
}

TEST(nanosleep_keeps_errno)
{
	errno = 12345;
	EXPECT_EQ(ZX_OK, zx_nanosleep(zx_deadline_after(ZX_MSEC(1))));
	EXPECT_EQ(12345, errno);
}

TEST(status_strings)
{
	EXPECT_STREQ("ZX_OK", zx_status_get_string(ZX_OK));
	EXPECT_STREQ("ZX_ERR_BAD_HANDLE",
		     zx_status_get_string(ZX_ERR_BAD_HANDLE));
	EXPECT_STREQ("ZX_ERR_INVALID_ARGS",
		     zx_status_get_string(ZX_ERR_INVALID_ARGS));
	EXPECT_STREQ("ZX_ERR_TIMED_OUT", zx_status_get_string(ZX_ERR_TIMED_OUT));
	EXPECT_STREQ("ZX_ERR_CANCELED", zx_status_get_string(ZX_ERR_CANCELED));
	EXPECT_STREQ("ZX_ERR_PEER_CLOSED",
		     zx_status_get_string(ZX_ERR_PEER_CLOSED));
	EXPECT_STREQ("ZX_ERR_ACCESS_DENIED",
		     zx_status_get_string(ZX_ERR_ACCESS_DENIED));
	EXPECT_STREQ("ZX_ERR_NO_RESOURCES",
		     zx_status_get_string(ZX_ERR_NO_RESOURCES));
	EXPECT_STREQ("ZX_ERR_WRONG_TYPE",
		     zx_status_get_string(ZX_ERR_WRONG_TYPE));
}

TEST(status_strings_unknown)
{
	const zx_status_t unknown[] = { 1, 42, -5, -12345, INT32_MIN,
					INT32_MAX };

	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++) {
		const char *s = zx_status_get_string(unknown[i]);

		ASSERT_NE(NULL, s);
		EXPECT_STREQ("(UNKNOWN)", s);
	}
}

ZX_TEST_MAIN(NULL, NULL)
