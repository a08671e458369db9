// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_wait_one(): polls, deadlines, wake-ups from other threads,
 * Zircon's edge capture, cancellation by closing the handle, and Linux
 * signal handlers running during a wait.
 */
#include <sys/time.h>

#include "zx_test_util.h"

#define NWAITERS 8

TEST(poll_times_out_with_current_signals)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed = 0xdeadbeefu;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &observed));
	EXPECT_EQ(0u, observed);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &observed));
	EXPECT_EQ(ZX_USER_SIGNAL_1, observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(past_deadlines_poll)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed = 0;
	const zx_time_t past[] = {
		1, ZX_TIME_INFINITE_PAST, -1,
		zx_clock_get_monotonic() - ZX_SEC(1),
	};

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_2));
	for (size_t i = 0; i < ARRAY_SIZE(past); i++) {
		int64_t t0 = zx_test_now();

		observed = 0;
		EXPECT_EQ(ZX_ERR_TIMED_OUT,
			  zx_object_wait_one(h, ZX_USER_SIGNAL_0, past[i],
					     &observed));
		EXPECT_EQ(ZX_USER_SIGNAL_2, observed);
		/* A poll does not sleep (a generous bound for emulators). */
		EXPECT_LT(zx_test_now() - t0, ZX_SEC(2));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(already_satisfied)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0 |
					  ZX_USER_SIGNAL_4 |
					  ZX_EVENT_SIGNALED));
	/* observed is every asserted signal, not only the waited ones. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0,
					    &observed));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_4 | ZX_EVENT_SIGNALED,
		  observed);
	observed = 0;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_USER_SIGNAL_4 |
					    ZX_USER_SIGNAL_7,
					    ZX_TIME_INFINITE, &observed));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_4 | ZX_EVENT_SIGNALED,
		  observed);
	/* observed may be NULL. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_EVENT_SIGNALED,
					    ZX_TIME_INFINITE, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(timeout_not_before_deadline)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed = 0;
	zx_time_t deadline;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_3));
	for (int i = 0; i < 5; i++) {
		deadline = zx_deadline_after(ZX_MSEC(20 + 10 * i));
		EXPECT_EQ(ZX_ERR_TIMED_OUT,
			  zx_object_wait_one(h, ZX_USER_SIGNAL_0, deadline,
					     &observed));
		EXPECT_GE(zx_clock_get_monotonic(), deadline);
		EXPECT_EQ(ZX_USER_SIGNAL_3, observed);
	}
	/* observed may be NULL on a timeout too. */
	deadline = zx_deadline_after(ZX_MSEC(10));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, deadline, NULL));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* No signal bit requested: nothing can satisfy the wait. */
TEST(no_signals_waits_for_deadline)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed = 0;
	zx_time_t deadline;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	deadline = zx_deadline_after(ZX_MSEC(30));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_one(h, 0, deadline,
						       &observed));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_EQ(ZX_USER_SIGNAL_0, observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(needs_wait_right)
{
	zx_handle_t h = zx_test_event(), d;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_EVENT_RIGHTS &
					     ~ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_one(d, ZX_USER_SIGNAL_0, 0, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_one(d, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE,
				     NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(bad_handle)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE,
				     &observed));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_one(ZX_HANDLE_INVALID, ZX_USER_SIGNAL_0,
				     ZX_TIME_INFINITE, &observed));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_one(0x7fffffffu, ZX_USER_SIGNAL_0, 0, NULL));
}

TEST(bad_observed_pointer)
{
	zx_handle_t h = zx_test_event();
	void *ro = zx_test_readonly_page();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(NULL, ro);
	/* On a timeout... */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, ro));
	/* ...and on success. */
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE,
				     ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, ZX_TIME_INFINITE,
				     ro));
	EXPECT_TRUE(zx_test_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* ------------------------------------------------------- other threads */

struct delayed_signal {
	zx_handle_t h;
	int delay_ms;
	zx_signals_t clear, set;
	zx_status_t status;
};

static void *delayed_signal_main(void *arg)
{
	struct delayed_signal *d = arg;

	zx_test_sleep_ms(d->delay_ms);
	d->status = zx_object_signal(d->h, d->clear, d->set);
	return NULL;
}

TEST(woken_by_other_thread)
{
	zx_handle_t h = zx_test_event();
	struct delayed_signal d = { .delay_ms = 50, .set = ZX_USER_SIGNAL_5 };
	zx_signals_t observed = 0;
	pthread_t t;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	d.h = h;
	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_signal_main, &d));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_USER_SIGNAL_5,
					    ZX_TIME_INFINITE, &observed));
	EXPECT_EQ(ZX_USER_SIGNAL_5, observed);
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, d.status);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(waiter_thread_woken)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0 |
					  ZX_USER_SIGNAL_1,
					  zx_deadline_after(ZX_SEC(10))));
	/* A signal it does not wait for leaves it asleep. */
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_2));
	zx_test_sleep_ms(20);
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_1));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2, w.observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/*
 * Zircon's observer rule: a signal asserted and deasserted again while the
 * waiter sleeps still ends the wait, and observed holds the signals of the
 * moment it was asserted, though the bit is clear by the time the waiter
 * runs.
 */
TEST(edge_capture)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_6));
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0,
					  zx_deadline_after(ZX_SEC(10))));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_0 |
					  ZX_USER_SIGNAL_6, 0));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_6, w.observed);
	EXPECT_EQ(0u, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(many_waiters_all_woken)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w[NWAITERS];
	int ok = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (int i = 0; i < NWAITERS; i++)
		ASSERT_EQ(0, zx_test_waiter_start(&w[i], h, ZX_EVENT_SIGNALED,
						  zx_deadline_after(ZX_SEC(20))));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_EVENT_SIGNALED));
	for (int i = 0; i < NWAITERS; i++) {
		zx_test_waiter_join(&w[i]);
		if (w[i].status == ZX_OK && w[i].observed == ZX_EVENT_SIGNALED)
			ok++;
	}
	EXPECT_EQ(NWAITERS, ok);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* -------------------------------------------------------- cancellation */

TEST(close_during_wait_cancels)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_5));
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0,
					  ZX_TIME_INFINITE));
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_NE(0u, w.observed & ZX_SIGNAL_HANDLE_CLOSED);
	/* The rest of observed is the object's state at that time. */
	EXPECT_EQ(ZX_USER_SIGNAL_5, w.observed & ~ZX_SIGNAL_HANDLE_CLOSED);
}

TEST(close_cancels_every_waiter_on_the_handle)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w[NWAITERS];
	int canceled = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (int i = 0; i < NWAITERS; i++)
		ASSERT_EQ(0, zx_test_waiter_start(&w[i], h, ZX_USER_SIGNAL_0,
						  zx_deadline_after(ZX_SEC(20))));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	for (int i = 0; i < NWAITERS; i++) {
		zx_test_waiter_join(&w[i]);
		if (w[i].status == ZX_ERR_CANCELED &&
		    (w[i].observed & ZX_SIGNAL_HANDLE_CLOSED))
			canceled++;
	}
	EXPECT_EQ(NWAITERS, canceled);
}

/* Only waits made through the closed handle end; a duplicate's go on. */
TEST(close_other_handle_does_not_cancel)
{
	zx_handle_t h = zx_test_event(), d;
	struct zx_test_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	ASSERT_EQ(0, zx_test_waiter_start(&w, d, ZX_USER_SIGNAL_0,
					  zx_deadline_after(ZX_SEC(10))));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	zx_test_sleep_ms(30);
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	/* Signal through the waiter's own handle (the only one left). */
	EXPECT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, w.observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
}

/* zx_handle_replace() invalidates the handle: waits through it end. */
TEST(replace_during_wait_cancels)
{
	zx_handle_t h = zx_test_event(), r = ZX_HANDLE_INVALID;
	struct zx_test_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0,
					  zx_deadline_after(ZX_SEC(10))));
	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &r));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_NE(0u, w.observed & ZX_SIGNAL_HANDLE_CLOSED);
	/* The object lives on behind the new handle. */
	EXPECT_EQ(ZX_OK, zx_object_signal(r, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(r, ZX_USER_SIGNAL_0, 0, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
}

/* --------------------------------------------------- Linux signals */

static volatile sig_atomic_t handler_runs;

static void count_signal(int sig)
{
	(void)sig;
	handler_runs++;
}

/* SIGALRM every @usec microseconds, handled WITHOUT SA_RESTART. */
static int start_signal_storm(long usec)
{
	struct sigaction sa;
	struct itimerval it = {
		.it_interval = { .tv_sec = 0, .tv_usec = usec },
		.it_value = { .tv_sec = 0, .tv_usec = usec },
	};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	handler_runs = 0;
	if (sigaction(SIGALRM, &sa, NULL))
		return -1;
	return setitimer(ITIMER_REAL, &it, NULL);
}

static void stop_signal_storm(void)
{
	struct itimerval off;

	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
	signal(SIGALRM, SIG_IGN);
}

TEST(linux_signals_do_not_shorten_wait)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t observed = 0;
	zx_time_t deadline;
	zx_status_t status;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(0, start_signal_storm(10000));
	deadline = zx_deadline_after(ZX_MSEC(300));
	status = zx_object_wait_one(h, ZX_USER_SIGNAL_0, deadline, &observed);
	stop_signal_storm();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, status);
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_EQ(0u, observed);
	/* The handlers did run during the wait. */
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(linux_signals_do_not_break_satisfied_wait)
{
	zx_handle_t h = zx_test_event();
	struct delayed_signal d = { .delay_ms = 150, .set = ZX_USER_SIGNAL_1 };
	zx_signals_t observed = 0;
	zx_status_t status;
	pthread_t t;
	sigset_t block;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	d.h = h;
	/* The helper thread blocks SIGALRM, so the waiter takes them all. */
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &block, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_signal_main, &d));
	ASSERT_EQ(0, pthread_sigmask(SIG_UNBLOCK, &block, NULL));
	ASSERT_EQ(0, start_signal_storm(5000));
	status = zx_object_wait_one(h, ZX_USER_SIGNAL_1,
				    zx_deadline_after(ZX_SEC(10)), &observed);
	stop_signal_storm();
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, status);
	EXPECT_EQ(ZX_USER_SIGNAL_1, observed);
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* SIGUSR1 sent straight at the waiting thread from another thread. */
TEST(directed_signal_does_not_break_wait)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w;
	struct sigaction sa;
	int sent = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sigemptyset(&sa.sa_mask);
	handler_runs = 0;
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0,
					  zx_deadline_after(ZX_MSEC(300))));
	while (!zx_test_waiter_finished(&w) && sent < 20) {
		if (pthread_kill(w.thread, SIGUSR1) == 0)
			sent++;
		zx_test_sleep_ms(5);
	}
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, w.status);
	EXPECT_GE(w.returned_at, w.deadline);
	EXPECT_GT(sent, 0);
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

ZX_TEST_MAIN(NULL, NULL)
