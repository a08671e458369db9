// SPDX-License-Identifier: GPL-2.0
/*
 * Event pairs: zx_eventpair_create(), zx_object_signal() and
 * zx_object_signal_peer() on them, and the peer-closed state.
 */
#include "zx_test_util.h"

FIXTURE(pair) {
	zx_handle_t a, b;
};

FIXTURE_SETUP(pair)
{
	self->a = self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &self->a, &self->b));
}

FIXTURE_TEARDOWN(pair)
{
	zx_handle_close(self->a);
	zx_handle_close(self->b);
}

TEST_F(pair, create_rights_types_and_koids)
{
	zx_info_handle_basic_t a = zx_test_basic(self->a);
	zx_info_handle_basic_t b = zx_test_basic(self->b);

	EXPECT_NE(self->a, self->b);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, a.type);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, b.type);
	/* The kernel's default, not the 2022 page's list (see the report). */
	EXPECT_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, a.rights);
	EXPECT_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, b.rights);
	EXPECT_EQ(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL | ZX_RIGHT_SIGNAL_PEER,
		  a.rights);
	EXPECT_NE(0u, a.koid);
	EXPECT_NE(0u, b.koid);
	EXPECT_NE(a.koid, b.koid);
	EXPECT_EQ(b.koid, a.related_koid);
	EXPECT_EQ(a.koid, b.related_koid);
	EXPECT_EQ(ZX_OBJ_PROP_WAITABLE, a.props);
	EXPECT_EQ(0u, zx_test_signals(self->a));
	EXPECT_EQ(0u, zx_test_signals(self->b));
}

TEST(create_nonzero_options)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_eventpair_create(1, &a, &b));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_eventpair_create(0x80000000u, &a, &b));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
}

TEST(create_bad_out_pointers)
{
	long before = zx_test_live_objects();
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, &a, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_eventpair_create(0, &a, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_eventpair_create(0, ZX_TEST_BAD_PTR, &b));
	/* Whatever was written to a, it is not a handle any more. */
	if (a != ZX_HANDLE_INVALID)
		EXPECT_FALSE(zx_test_valid(a));
	if (b != ZX_HANDLE_INVALID)
		EXPECT_FALSE(zx_test_valid(b));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST_F(pair, signal_self)
{
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, 0, ZX_USER_SIGNAL_0 |
					  ZX_EVENTPAIR_SIGNALED));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_EVENTPAIR_SIGNALED,
		  zx_test_signals(self->a));
	/* The peer does not see its counterpart's own signals. */
	EXPECT_EQ(0u, zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_EVENTPAIR_SIGNALED, zx_test_signals(self->a));
}

TEST_F(pair, signal_peer)
{
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_1 |
					       ZX_EVENTPAIR_SIGNALED));
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENTPAIR_SIGNALED,
		  zx_test_signals(self->b));
	EXPECT_EQ(0u, zx_test_signals(self->a));
	/* Clear-then-set, on the peer. */
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, ZX_USER_SIGNAL_1 |
					       ZX_EVENTPAIR_SIGNALED,
					       ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zx_test_signals(self->b));
	/* And the other way. */
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->b, 0, ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZX_USER_SIGNAL_7, zx_test_signals(self->a));
}

TEST_F(pair, signal_disallowed_bits)
{
	int bad = 0;

	for (int bit = 0; bit < 24; bit++) {
		zx_signals_t s = 1u << bit;

		if (s == ZX_EVENTPAIR_SIGNALED)
			continue;
		if (zx_object_signal(self->a, 0, s) != ZX_ERR_INVALID_ARGS)
			bad++;
		if (zx_object_signal(self->a, s, 0) != ZX_ERR_INVALID_ARGS)
			bad++;
		if (zx_object_signal_peer(self->a, 0, s) !=
		    ZX_ERR_INVALID_ARGS)
			bad++;
		if (zx_object_signal_peer(self->a, s, 0) !=
		    ZX_ERR_INVALID_ARGS)
			bad++;
	}
	EXPECT_EQ(0, bad);
	/* PEER_CLOSED in particular can be neither faked nor cleared. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal_peer(self->a, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(0u, zx_test_signals(self->a));
	EXPECT_EQ(0u, zx_test_signals(self->b));
}

TEST_F(pair, signal_peer_needs_right)
{
	zx_handle_t d;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->a,
					     ZX_DEFAULT_EVENTPAIR_RIGHTS &
					     ~ZX_RIGHT_SIGNAL_PEER, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal_peer(d, 0, ZX_USER_SIGNAL_0));
	/* SIGNAL alone still works on itself. */
	EXPECT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(0u, zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));

	/* And SIGNAL_PEER without SIGNAL: only the peer may be touched. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->a,
					     ZX_DEFAULT_EVENTPAIR_RIGHTS &
					     ~ZX_RIGHT_SIGNAL, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(d, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(d, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_USER_SIGNAL_1, zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
}

TEST_F(pair, close_asserts_peer_closed)
{
	zx_signals_t observed = 0;

	ASSERT_EQ(ZX_OK, zx_object_signal(self->a, 0, ZX_USER_SIGNAL_2));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(self->a, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    &observed));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_2, observed);
}

TEST_F(pair, close_one_of_two_duplicates)
{
	zx_handle_t d;
	zx_signals_t observed = 0;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->b, ZX_RIGHT_SAME_RIGHTS,
					     &d));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = d;
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(self->a, ZX_EVENTPAIR_PEER_CLOSED, 0,
				     &observed));
	EXPECT_EQ(0u, observed & ZX_EVENTPAIR_PEER_CLOSED);
	/* The pair still works through the duplicate. */
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZX_USER_SIGNAL_3, zx_test_signals(d));
	ASSERT_EQ(ZX_OK, zx_handle_close(d));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(self->a, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
}

TEST_F(pair, close_many_asserts_peer_closed)
{
	zx_handle_t d, list[2];

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->b, ZX_RIGHT_SAME_RIGHTS,
					     &d));
	list[0] = self->b;
	list[1] = d;
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, zx_handle_close_many(list, 2));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(self->a, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
}

TEST_F(pair, after_peer_closed)
{
	zx_koid_t peer = zx_test_koid(self->b);
	zx_handle_t d;

	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_object_signal_peer(self->a, ZX_USER_SIGNAL_0, 0));
	/* Its own signals still work. */
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, 0, ZX_USER_SIGNAL_5));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED | ZX_USER_SIGNAL_5,
		  zx_test_signals(self->a));
	/* PEER_CLOSED cannot be cleared. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, ZX_EVENTPAIR_PEER_CLOSED, 0));
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, ZX_USER_SIGNAL_ALL, 0));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, zx_test_signals(self->a));
	/* related_koid "does not change even if the related object no longer
	 * exists" (object_get_info). */
	EXPECT_EQ(peer, zx_test_basic(self->a).related_koid);
	/* A duplicate made now is also of a closed pair end. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->a, ZX_RIGHT_SAME_RIGHTS,
					     &d));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_object_signal_peer(d, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
}

TEST_F(pair, peer_closed_outside_wait_mask)
{
	zx_signals_t observed = 0;
	zx_time_t deadline;

	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	/* PEER_CLOSED does not end a wait that does not ask for it. */
	deadline = zx_deadline_after(ZX_MSEC(50));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(self->a, ZX_USER_SIGNAL_0, deadline,
				     &observed));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, observed);
}

TEST(both_ends_closed_frees_objects)
{
	long before = zx_test_live_objects();
	zx_handle_t a, b;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	EXPECT_EQ(before + 2, zx_test_live_objects());
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
	/* b's end is alive; a's object may be kept by its peer link or not,
	 * but once both are closed nothing may remain. */
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST_F(pair, signal_peer_wakes_waiter)
{
	struct zx_test_waiter w;

	ASSERT_EQ(0, zx_test_waiter_start(&w, self->b, ZX_USER_SIGNAL_6,
					  zx_deadline_after(ZX_SEC(10))));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_6));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_6, w.observed);
}

TEST_F(pair, peer_close_wakes_waiter)
{
	struct zx_test_waiter w;

	ASSERT_EQ(0, zx_test_waiter_start(&w, self->a,
					  ZX_EVENTPAIR_PEER_CLOSED,
					  zx_deadline_after(ZX_SEC(10))));
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, w.observed);
}

ZX_TEST_MAIN(NULL, NULL)
