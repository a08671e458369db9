// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_wait_many(): counts 0, 64 and 65, bad item arrays, handles
 * already signalled and signalled by another thread, one handle twice,
 * every object type, the errors of its items, a handle closed during the
 * wait, pending on a timeout, and Linux signals during the wait.
 */
#include <sys/time.h>

#include "zx_test_util.h"

#define MAX_ITEMS	((int)ZX_WAIT_MANY_MAX_ITEMS)

/* Fills @items with @n events (none asserted); 0 or -1. */
static int make_events(zx_wait_item_t *items, int n, zx_signals_t waitfor)
{
	for (int i = 0; i < n; i++) {
		items[i].handle = zx_test_event();
		items[i].waitfor = waitfor;
		items[i].pending = 0xdeadbeefu;
		if (items[i].handle == ZX_HANDLE_INVALID)
			return -1;
	}
	return 0;
}

static void close_items(zx_wait_item_t *items, int n)
{
	for (int i = 0; i < n; i++)
		zx_handle_close(items[i].handle);
}

static void poison_pending(zx_wait_item_t *items, int n)
{
	for (int i = 0; i < n; i++)
		items[i].pending = 0xdeadbeefu;
}

/* ------------------------------------------------------------ counts */

TEST(zero_items_waits_for_deadline)
{
	zx_wait_item_t item = { .handle = ZX_HANDLE_INVALID };
	zx_time_t deadline;

	/* NULL items with a count of 0 is fine, and so is any pointer. */
	deadline = zx_deadline_after(ZX_MSEC(50));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(NULL, 0, deadline));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	deadline = zx_deadline_after(ZX_MSEC(30));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(&item, 0, deadline));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	/* The item was not looked at (its handle is invalid). */
	deadline = zx_deadline_after(ZX_MSEC(20));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_many(ZX_TEST_BAD_PTR, 0, deadline));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
}

/* With 0 items a past deadline returns at once (run in a child each, so
 * that one that hangs is killed and named). */
static int zero_items_poll_child(void *arg)
{
	zx_time_t deadline = *(zx_time_t *)arg;
	int64_t t0 = zx_test_now();

	alarm(10);
	CHILD_CHECK(zx_object_wait_many(NULL, 0, deadline) ==
		    ZX_ERR_TIMED_OUT);
	CHILD_CHECK(zx_test_now() - t0 < ZX_SEC(2));
	return 0;
}

TEST(zero_items_past_deadline)
{
	zx_time_t past[] = {
		0, 1, -1, ZX_TIME_INFINITE_PAST,
		zx_clock_get_monotonic() - ZX_SEC(1),
	};

	for (size_t i = 0; i < ARRAY_SIZE(past); i++) {
		int rc = zx_test_in_child(zero_items_poll_child, &past[i]);

		if (rc != 0)
			TH_LOG("deadline %lld: child exit %d",
			       (long long)past[i], rc);
		EXPECT_EQ(0, rc);
	}
}

TEST(too_many_items)
{
	zx_wait_item_t items[MAX_ITEMS + 1];
	const size_t counts[] = {
		ZX_WAIT_MANY_MAX_ITEMS + 1, 100, 1000, UINT32_MAX,
		(size_t)UINT32_MAX + 1, SIZE_MAX,
	};

	ASSERT_EQ(0, make_events(items, MAX_ITEMS + 1, ZX_USER_SIGNAL_0));
	/* Even with every item signalled. */
	for (int i = 0; i < MAX_ITEMS + 1; i++)
		ASSERT_EQ(ZX_OK, zx_object_signal(items[i].handle, 0,
						  ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_object_wait_many(items, counts[0], ZX_TIME_INFINITE));
	for (size_t i = 1; i < ARRAY_SIZE(counts); i++)
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  zx_object_wait_many(items, counts[i], 0));
	/* 64 is the limit and allowed. */
	poison_pending(items, MAX_ITEMS + 1);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, ZX_WAIT_MANY_MAX_ITEMS,
					     ZX_TIME_INFINITE));
	for (int i = 0; i < MAX_ITEMS; i++)
		EXPECT_EQ(ZX_USER_SIGNAL_0, items[i].pending);
	/* The 65th was not written. */
	EXPECT_EQ(0xdeadbeefu, items[MAX_ITEMS].pending);
	close_items(items, MAX_ITEMS + 1);
}

/* 64 events, only the last one signalled: pending of every item. */
TEST(sixty_four_items)
{
	zx_wait_item_t items[MAX_ITEMS];

	ASSERT_EQ(0, make_events(items, MAX_ITEMS, ZX_USER_SIGNAL_0));
	/* Each event asserts a signal nobody waits for, 1..7 by index. */
	for (int i = 0; i < MAX_ITEMS; i++)
		ASSERT_EQ(ZX_OK, zx_object_signal(items[i].handle, 0,
						  ZX_USER_SIGNAL_1 << (i % 7)));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(items, MAX_ITEMS, 0));
	for (int i = 0; i < MAX_ITEMS; i++)
		EXPECT_EQ(ZX_USER_SIGNAL_1 << (i % 7), items[i].pending);
	ASSERT_EQ(ZX_OK, zx_object_signal(items[MAX_ITEMS - 1].handle, 0,
					  ZX_USER_SIGNAL_0));
	poison_pending(items, MAX_ITEMS);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, MAX_ITEMS,
					     zx_deadline_after(ZX_SEC(10))));
	for (int i = 0; i < MAX_ITEMS - 1; i++)
		EXPECT_EQ(ZX_USER_SIGNAL_1 << (i % 7), items[i].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0 |
		  (ZX_USER_SIGNAL_1 << ((MAX_ITEMS - 1) % 7)),
		  items[MAX_ITEMS - 1].pending);
	close_items(items, MAX_ITEMS);
}

TEST(bad_items_pointer)
{
	zx_handle_t ev = zx_test_event();
	size_t pg = (size_t)getpagesize();
	zx_wait_item_t *end;
	char *two;

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_many(NULL, 1, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_many(NULL, ZX_WAIT_MANY_MAX_ITEMS, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_many(ZX_TEST_BAD_PTR, 1, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_many((void *)ZX_TEST_KERNEL_ADDR, 1,
				      ZX_TIME_INFINITE));
	/* An array whose second item lies past the end of a mapping. */
	two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, two);
	ASSERT_EQ(0, munmap(two + pg, pg));
	end = (zx_wait_item_t *)(two + pg - sizeof(zx_wait_item_t));
	end->handle = ev;
	end->waitfor = ZX_USER_SIGNAL_0;
	end->pending = 0;
	EXPECT_EQ(ZX_OK, zx_object_wait_many(end, 1, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_USER_SIGNAL_0, end->pending);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_wait_many(end, 2, ZX_TIME_INFINITE));
	munmap(two, pg);
	EXPECT_TRUE(zx_test_valid(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
}

/* --------------------------------------------------------- satisfied */

TEST(already_signalled)
{
	zx_wait_item_t items[3];
	int64_t t0;

	ASSERT_EQ(0, make_events(items, 3, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_5));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[1].handle, 0,
					  ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2));
	t0 = zx_test_now();
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 3, ZX_TIME_INFINITE));
	EXPECT_LT(zx_test_now() - t0, ZX_SEC(2));
	EXPECT_EQ(ZX_USER_SIGNAL_5, items[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2, items[1].pending);
	EXPECT_EQ(0u, items[2].pending);
	/* Also with a past deadline: a poll that finds one is ZX_OK. */
	poison_pending(items, 3);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 3, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_5, items[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2, items[1].pending);
	EXPECT_EQ(0u, items[2].pending);
	/* The handles and waitfor are left as they were. */
	EXPECT_EQ(ZX_USER_SIGNAL_0, items[1].waitfor);
	EXPECT_TRUE(zx_test_valid(items[2].handle));
	close_items(items, 3);
}

/* One item of each waitable type. */
TEST(every_object_type)
{
	zx_handle_t ev = zx_test_event(), e0, e1, c0, c1, t = ZX_HANDLE_INVALID;
	zx_handle_t vmo = zx_test_vmo(4096, 0);
	zx_wait_item_t items[5];

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_timer_create(0, ZX_CLOCK_MONOTONIC, &t));
	items[0] = (zx_wait_item_t){ ev, ZX_EVENT_SIGNALED, 0 };
	items[1] = (zx_wait_item_t){ e0, ZX_EVENTPAIR_PEER_CLOSED, 0 };
	items[2] = (zx_wait_item_t){ c1, ZX_CHANNEL_READABLE, 0 };
	items[3] = (zx_wait_item_t){ t, ZX_TIMER_SIGNALED, 0 };
	/* A VMO asserts ZERO_CHILDREN; wait for something else on it. */
	items[4] = (zx_wait_item_t){ vmo, ZX_USER_SIGNAL_7, 0 };
	poison_pending(items, 5);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(items, 5, 0));
	EXPECT_EQ(0u, items[0].pending);
	EXPECT_EQ(0u, items[1].pending);
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, items[2].pending);
	EXPECT_EQ(0u, items[3].pending);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, items[4].pending);

	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, "m", 1, NULL, 0));
	poison_pending(items, 5);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 5, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_CHANNEL_READABLE | ZX_CHANNEL_WRITABLE, items[2].pending);
	EXPECT_EQ(0u, items[3].pending);

	/* Only the timer now: it fires while we wait. */
	items[2].waitfor = ZX_CHANNEL_PEER_CLOSED;
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_MSEC(30)), 0));
	poison_pending(items, 5);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 5,
					     zx_deadline_after(ZX_SEC(20))));
	EXPECT_EQ(ZX_TIMER_SIGNALED, items[3].pending);

	/* The peer of e0 goes away. */
	ASSERT_EQ(ZX_OK, zx_timer_cancel(t));
	ASSERT_EQ(ZX_OK, zx_handle_close(e1));
	poison_pending(items, 5);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 5, 0));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, items[1].pending);
	EXPECT_EQ(0u, items[3].pending);
	EXPECT_EQ(0u, items[0].pending);

	zx_handle_close(ev);
	zx_handle_close(e0);
	zx_handle_close(c0);
	zx_handle_close(c1);
	zx_handle_close(t);
	zx_handle_close(vmo);
}

/* --------------------------------------------------- other threads */

struct delayed_signal {
	zx_handle_t h;
	int delay_ms;
	zx_signals_t set;
	zx_status_t status;
};

static void *delayed_signal_main(void *arg)
{
	struct delayed_signal *d = arg;

	zx_test_sleep_ms(d->delay_ms);
	d->status = zx_object_signal(d->h, 0, d->set);
	return NULL;
}

TEST(woken_by_other_thread)
{
	zx_wait_item_t items[4];
	struct delayed_signal d = { .delay_ms = 60, .set = ZX_USER_SIGNAL_3 };
	pthread_t t;

	ASSERT_EQ(0, make_events(items, 4, ZX_USER_SIGNAL_3));
	d.h = items[2].handle;
	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_signal_main, &d));
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 4,
					     zx_deadline_after(ZX_SEC(20))));
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, d.status);
	EXPECT_EQ(0u, items[0].pending);
	EXPECT_EQ(0u, items[1].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_3, items[2].pending);
	EXPECT_EQ(0u, items[3].pending);
	close_items(items, 4);
}

/* A signal on the object that is not waited for leaves the wait asleep. */
struct many_waiter {
	pthread_t thread;
	zx_wait_item_t *items;
	size_t n;
	zx_time_t deadline;
	pid_t tid;
	int started, finished;
	zx_status_t status;
	int64_t returned_at;
};

static void *many_waiter_main(void *arg)
{
	struct many_waiter *w = arg;

	w->tid = zx_test_gettid();
	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	w->status = zx_object_wait_many(w->items, w->n, w->deadline);
	w->returned_at = zx_test_now();
	__atomic_store_n(&w->finished, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int many_waiter_start(struct many_waiter *w, zx_wait_item_t *items,
			     size_t n, zx_time_t deadline)
{
	memset(w, 0, sizeof(*w));
	w->items = items;
	w->n = n;
	w->deadline = deadline;
	w->status = 1;
	if (pthread_create(&w->thread, NULL, many_waiter_main, w))
		return -1;
	while (!__atomic_load_n(&w->started, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked(w->tid, 5000);
	return 0;
}

static bool many_waiter_finished(struct many_waiter *w)
{
	return __atomic_load_n(&w->finished, __ATOMIC_SEQ_CST);
}

TEST(unwanted_signal_does_not_wake)
{
	zx_wait_item_t items[2];
	struct many_waiter w;

	ASSERT_EQ(0, make_events(items, 2, ZX_USER_SIGNAL_0));
	ASSERT_EQ(0, many_waiter_start(&w, items, 2,
				       zx_deadline_after(ZX_SEC(20))));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[1].handle, 0,
					  ZX_USER_SIGNAL_2));
	zx_test_sleep_ms(30);
	EXPECT_FALSE(many_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[1].handle, 0,
					  ZX_USER_SIGNAL_0));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1, items[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_2, items[1].pending);
	close_items(items, 2);
}

/* Several threads in wait_many on one event all wake. */
TEST(many_waiters_all_woken)
{
	zx_handle_t ev = zx_test_event();
	zx_wait_item_t items[4][2];
	struct many_waiter w[4];
	int ok = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	for (int i = 0; i < 4; i++) {
		items[i][0] = (zx_wait_item_t){ ev, ZX_USER_SIGNAL_0, 0 };
		items[i][1] = (zx_wait_item_t){ ev, ZX_USER_SIGNAL_1, 0 };
		ASSERT_EQ(0, many_waiter_start(&w[i], items[i], 2,
					       zx_deadline_after(ZX_SEC(20))));
	}
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_1));
	for (int i = 0; i < 4; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].status == ZX_OK &&
		    items[i][0].pending == ZX_USER_SIGNAL_1 &&
		    items[i][1].pending == ZX_USER_SIGNAL_1)
			ok++;
	}
	EXPECT_EQ(4, ok);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
}

/* ----------------------------------------------------- same handle */

TEST(same_handle_twice)
{
	zx_handle_t ev = zx_test_event();
	zx_wait_item_t items[3];
	struct delayed_signal d = { .delay_ms = 40, .set = ZX_USER_SIGNAL_1 };
	pthread_t t;

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	items[0] = (zx_wait_item_t){ ev, ZX_USER_SIGNAL_0, 0 };
	items[1] = (zx_wait_item_t){ ev, ZX_USER_SIGNAL_1, 0 };
	items[2] = (zx_wait_item_t){ ev, ZX_USER_SIGNAL_1, 0 };
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_object_wait_many(items, 3, 0));
	d.h = ev;
	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_signal_main, &d));
	poison_pending(items, 3);
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 3,
					     zx_deadline_after(ZX_SEC(20))));
	pthread_join(t, NULL);
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(ZX_USER_SIGNAL_1, items[i].pending);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
}

/* ---------------------------------------------------------- errors */

TEST(bad_handle)
{
	zx_wait_item_t items[3];
	zx_handle_t dead = zx_test_event();
	const zx_handle_t bad[] = { ZX_HANDLE_INVALID, 0x7fffffffu,
				    0xfffffffeu, 1u };

	ASSERT_NE(ZX_HANDLE_INVALID, dead);
	ASSERT_EQ(ZX_OK, zx_handle_close(dead));
	ASSERT_EQ(0, make_events(items, 3, ZX_USER_SIGNAL_0));
	/* Even when another item is already satisfied. */
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_0));
	zx_handle_t keep = items[2].handle;

	items[2].handle = dead;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_many(items, 3, ZX_TIME_INFINITE));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		items[2].handle = bad[i];
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_wait_many(items, 3, ZX_TIME_INFINITE));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_wait_many(&items[2], 1, 0));
	}
	items[2].handle = keep;
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 3, ZX_TIME_INFINITE));
	close_items(items, 3);
}

TEST(access_denied)
{
	zx_wait_item_t items[2];
	zx_handle_t nowait = ZX_HANDLE_INVALID, port = ZX_HANDLE_INVALID;

	ASSERT_EQ(0, make_events(items, 2, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(items[1].handle,
					     ZX_DEFAULT_EVENT_RIGHTS &
					     ~ZX_RIGHT_WAIT, &nowait));
	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	zx_handle_t keep = items[1].handle;

	items[1].handle = nowait;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_many(items, 2, ZX_TIME_INFINITE));
	/* Ports and VMARs have no ZX_RIGHT_WAIT. */
	items[1].handle = port;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_many(items, 2, ZX_TIME_INFINITE));
	items[1].handle = zx_vmar_root_self();
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_many(items, 2, ZX_TIME_INFINITE));
	items[1].handle = keep;
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 2, ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_OK, zx_handle_close(nowait));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
	close_items(items, 2);
}

/* ---------------------------------------------------- cancellation */

TEST(handle_closed_during_wait)
{
	zx_wait_item_t items[3];
	struct many_waiter w;

	ASSERT_EQ(0, make_events(items, 3, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_4));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[1].handle, 0,
					  ZX_USER_SIGNAL_6));
	ASSERT_EQ(0, many_waiter_start(&w, items, 3, ZX_TIME_INFINITE));
	EXPECT_FALSE(many_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_handle_close(items[1].handle));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_4, items[0].pending);
	EXPECT_NE(0u, items[1].pending & ZX_SIGNAL_HANDLE_CLOSED);
	EXPECT_EQ(0u, items[2].pending & ZX_SIGNAL_HANDLE_CLOSED);
	EXPECT_EQ(0u, items[0].pending & ZX_SIGNAL_HANDLE_CLOSED);
	EXPECT_EQ(0u, items[2].pending & ~ZX_SIGNAL_HANDLE_CLOSED);
	zx_handle_close(items[0].handle);
	zx_handle_close(items[2].handle);
}

/* A duplicate's close ends nothing; the object stays. */
TEST(close_of_other_handle_does_not_cancel)
{
	zx_wait_item_t items[1];
	zx_handle_t d = ZX_HANDLE_INVALID;
	struct many_waiter w;

	ASSERT_EQ(0, make_events(items, 1, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(items[0].handle,
					     ZX_RIGHT_SAME_RIGHTS, &d));
	ASSERT_EQ(0, many_waiter_start(&w, items, 1,
				       zx_deadline_after(ZX_SEC(20))));
	ASSERT_EQ(ZX_OK, zx_handle_close(d));
	zx_test_sleep_ms(30);
	EXPECT_FALSE(many_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_0));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, items[0].pending);
	close_items(items, 1);
}

TEST(handle_replaced_during_wait)
{
	zx_wait_item_t items[2];
	zx_handle_t r = ZX_HANDLE_INVALID;
	struct many_waiter w;

	ASSERT_EQ(0, make_events(items, 2, ZX_USER_SIGNAL_0));
	ASSERT_EQ(0, many_waiter_start(&w, items, 2,
				       zx_deadline_after(ZX_SEC(20))));
	ASSERT_EQ(ZX_OK, zx_handle_replace(items[0].handle,
					   ZX_RIGHT_SAME_RIGHTS, &r));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_NE(0u, items[0].pending & ZX_SIGNAL_HANDLE_CLOSED);
	EXPECT_EQ(0u, items[1].pending);
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(items[1].handle));
}

/* ------------------------------------------------------- timeouts */

TEST(timed_out_fills_pending)
{
	zx_wait_item_t items[3];
	zx_time_t deadline;

	ASSERT_EQ(0, make_events(items, 3, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[0].handle, 0,
					  ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[2].handle, 0,
					  ZX_EVENT_SIGNALED |
					  ZX_USER_SIGNAL_7));
	for (int i = 0; i < 4; i++) {
		deadline = zx_deadline_after(ZX_MSEC(20 + 15 * i));
		poison_pending(items, 3);
		EXPECT_EQ(ZX_ERR_TIMED_OUT,
			  zx_object_wait_many(items, 3, deadline));
		EXPECT_GE(zx_clock_get_monotonic(), deadline);
		EXPECT_EQ(ZX_USER_SIGNAL_1, items[0].pending);
		EXPECT_EQ(0u, items[1].pending);
		EXPECT_EQ(ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_7,
			  items[2].pending);
	}
	/* A poll (past deadline) fills them too. */
	poison_pending(items, 3);
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_many(items, 3, ZX_TIME_INFINITE_PAST));
	EXPECT_EQ(ZX_USER_SIGNAL_1, items[0].pending);
	EXPECT_EQ(0u, items[1].pending);
	EXPECT_EQ(ZX_EVENT_SIGNALED | ZX_USER_SIGNAL_7, items[2].pending);
	close_items(items, 3);
}

/* --------------------------------------------------- Linux signals */

static volatile sig_atomic_t handler_runs;

static void count_signal(int sig)
{
	(void)sig;
	handler_runs++;
}

/* SIGALRM every @usec microseconds, handled without SA_RESTART. */
static int start_signal_storm(long usec)
{
	struct itimerval it = {
		.it_interval = { .tv_sec = 0, .tv_usec = usec },
		.it_value = { .tv_sec = 0, .tv_usec = usec },
	};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sigemptyset(&sa.sa_mask);
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
	zx_wait_item_t items[2];
	zx_time_t deadline;
	zx_status_t status;

	ASSERT_EQ(0, make_events(items, 2, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(items[1].handle, 0,
					  ZX_USER_SIGNAL_2));
	ASSERT_EQ(0, start_signal_storm(10000));
	deadline = zx_deadline_after(ZX_MSEC(300));
	status = zx_object_wait_many(items, 2, deadline);
	stop_signal_storm();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, status);
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_EQ(0u, items[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_2, items[1].pending);
	EXPECT_GT(handler_runs, 0);
	close_items(items, 2);
}

TEST(linux_signals_zero_items)
{
	zx_time_t deadline;
	zx_status_t status;

	ASSERT_EQ(0, start_signal_storm(10000));
	deadline = zx_deadline_after(ZX_MSEC(200));
	status = zx_object_wait_many(NULL, 0, deadline);
	stop_signal_storm();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, status);
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_GT(handler_runs, 0);
}

TEST(linux_signals_do_not_break_satisfied_wait)
{
	zx_wait_item_t items[2];
	struct delayed_signal d = { .delay_ms = 150, .set = ZX_USER_SIGNAL_0 };
	zx_status_t status;
	sigset_t block;
	pthread_t t;

	ASSERT_EQ(0, make_events(items, 2, ZX_USER_SIGNAL_0));
	d.h = items[1].handle;
	/* The helper blocks SIGALRM, so the waiter takes every one. */
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &block, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_signal_main, &d));
	ASSERT_EQ(0, pthread_sigmask(SIG_UNBLOCK, &block, NULL));
	ASSERT_EQ(0, start_signal_storm(5000));
	status = zx_object_wait_many(items, 2, zx_deadline_after(ZX_SEC(20)));
	stop_signal_storm();
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, d.status);
	EXPECT_EQ(ZX_OK, status);
	EXPECT_EQ(0u, items[0].pending);
	EXPECT_EQ(ZX_USER_SIGNAL_0, items[1].pending);
	EXPECT_GT(handler_runs, 0);
	close_items(items, 2);
}

ZX_TEST_MAIN(NULL, NULL)
