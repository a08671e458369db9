// SPDX-License-Identifier: GPL-2.0
/*
 * Events: zx_event_create(), zx_object_signal() on events, and the calls
 * an event must refuse (signal_peer, properties without the rights).
 */
#include "zx_test_util.h"

TEST(create_rights_type_and_state)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &h));
	EXPECT_NE(ZX_HANDLE_INVALID, h);
	info = zx_test_basic(h);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info.rights);
	EXPECT_EQ(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL, info.rights);
	EXPECT_GE(info.koid, ZX_KOID_FIRST);
	EXPECT_EQ(ZX_KOID_INVALID, info.related_koid);
	EXPECT_EQ(ZX_OBJ_PROP_WAITABLE, info.props);
	/* A new event asserts nothing. */
	EXPECT_EQ(0u, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(create_nonzero_options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	const uint32_t opts[] = { 1u, 2u, 0x80u, 0x80000000u, 0xffffffffu };

	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(opts[i], &h));
		EXPECT_EQ(ZX_HANDLE_INVALID, h);
	}
}

TEST(create_bad_out_pointer)
{
	long before = zx_test_live_objects();
	void *ro = zx_test_readonly_page();

	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_event_create(0, ro));
	/* The events made for those calls did not outlive them. */
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(signal_user_signals)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_USER_SIGNAL_0, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_7, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_USER_SIGNAL_7, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_ALL));
	EXPECT_EQ(ZX_USER_SIGNAL_ALL, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_ALL, 0));
	EXPECT_EQ(0u, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(signal_event_signaled)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_EVENT_SIGNALED, 0, NULL));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_EVENT_SIGNALED, 0));
	EXPECT_EQ(0u, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(signal_clears_before_setting)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0 |
					  ZX_USER_SIGNAL_1));
	/* A bit in both masks ends up set; others cleared go. */
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_0 |
					  ZX_USER_SIGNAL_1, ZX_USER_SIGNAL_1 |
					  ZX_USER_SIGNAL_2));
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_2, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, ZX_USER_SIGNAL_ALL |
					  ZX_EVENT_SIGNALED,
					  ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(signal_disallowed_bits)
{
	zx_handle_t h = zx_test_event();
	int bad_set = 0, bad_clear = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_4));
	/* Of the 24 object bits an event lets programs touch only bit 3. */
	for (int bit = 0; bit < 24; bit++) {
		zx_signals_t s = 1u << bit;

		if (s == ZX_EVENT_SIGNALED)
			continue;
		if (zx_object_signal(h, 0, s) != ZX_ERR_INVALID_ARGS)
			bad_set++;
		if (zx_object_signal(h, s, 0) != ZX_ERR_INVALID_ARGS)
			bad_clear++;
		/* Mixed with allowed bits the whole call fails. */
		if (zx_object_signal(h, ZX_USER_SIGNAL_4,
				     s | ZX_USER_SIGNAL_5) !=
		    ZX_ERR_INVALID_ARGS)
			bad_set++;
	}
	EXPECT_EQ(0, bad_set);
	EXPECT_EQ(0, bad_clear);
	/* No failed call changed anything. */
	EXPECT_EQ(ZX_USER_SIGNAL_4, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(signal_needs_signal_right)
{
	zx_handle_t h = zx_test_event(), d;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_EVENT_RIGHTS &
					     ~ZX_RIGHT_SIGNAL, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(d, ZX_USER_SIGNAL_0, 0));
	/* The right is checked before the masks. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(d, 0, ZX_EVENTPAIR_PEER_CLOSED));
	EXPECT_EQ(0u, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(signal_bad_handle)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_signal(ZX_HANDLE_INVALID, 0, ZX_USER_SIGNAL_0));
}

/* An event has no peer and no handle to it has SIGNAL_PEER. */
TEST(signal_peer_denied)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SIGNAL_PEER,
				      &(zx_handle_t){ 0 }));
	EXPECT_EQ(0u, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(signals_shared_by_duplicates)
{
	zx_handle_t h = zx_test_event(), d;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_2));
	EXPECT_EQ(ZX_USER_SIGNAL_2, zx_test_signals(d));
	EXPECT_EQ(ZX_OK, zx_object_signal(d, ZX_USER_SIGNAL_2,
					  ZX_EVENT_SIGNALED));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zx_test_signals(h));
	/* State outlives the handle that set it. */
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_EVENT_SIGNALED, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(events_are_independent)
{
	zx_handle_t a = zx_test_event(), b = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, a);
	ASSERT_NE(ZX_HANDLE_INVALID, b);
	EXPECT_NE(zx_test_koid(a), zx_test_koid(b));
	EXPECT_EQ(ZX_OK, zx_object_signal(a, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(0u, zx_test_signals(b));
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
}

/*
 * Events carry no GET_PROPERTY or SET_PROPERTY right, so property calls
 * fail on the rights check whatever the property.
 */
TEST(properties_denied)
{
	zx_handle_t h = zx_test_event();
	char name[ZX_MAX_NAME_LEN] = "zx-selftest";

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(h, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(h, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(h, 0xffffu, name, sizeof(name)));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_property(h, ZX_PROP_NAME, name, sizeof(name)));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_set_property(h, ZX_PROP_NAME, name, sizeof(name)));
}

ZX_TEST_MAIN(NULL, NULL)
