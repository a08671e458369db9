// SPDX-License-Identifier: GPL-2.0
/*
 * zx_object_get_info(): ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
 * ZX_INFO_HANDLE_COUNT, buffer and count handling, and koids.
 */
#include "zx_test_util.h"

#define KOID_ROUNDS 500

TEST(handle_valid)
{
	zx_handle_t h = zx_test_event(), d;
	char buf[8];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0,
					    NULL, NULL));
	/* Any buffer is fine: nothing is written. */
	EXPECT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_VALID, buf,
					    sizeof(buf), NULL, NULL));
	/* No right is needed. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_NONE, &d));
	EXPECT_EQ(ZX_OK, zx_object_get_info(d, ZX_INFO_HANDLE_VALID, NULL, 0,
					    NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(d, ZX_INFO_HANDLE_VALID, NULL, 0, NULL,
				     NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(ZX_HANDLE_INVALID, ZX_INFO_HANDLE_VALID,
				     NULL, 0, NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_basic_record)
{
	zx_handle_t h = zx_test_event();
	zx_info_handle_basic_t info;
	size_t actual = 99, avail = 99;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
					    sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_NE(ZX_KOID_INVALID, info.koid);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	EXPECT_EQ(ZX_KOID_INVALID, info.related_koid);
	EXPECT_EQ(ZX_OBJ_PROP_WAITABLE, info.props);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_basic_needs_no_rights)
{
	zx_handle_t h = zx_test_event(), d;
	zx_info_handle_basic_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_NONE, &d));
	ASSERT_EQ(ZX_OK, zx_object_get_info(d, ZX_INFO_HANDLE_BASIC, &info,
					    sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_RIGHT_NONE, info.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	EXPECT_EQ(zx_test_koid(h), info.koid);
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_basic_buffer_too_small)
{
	zx_handle_t h = zx_test_event();
	zx_info_handle_basic_t info;
	size_t actual = 99, avail = 99;
	const size_t sizes[] = { 0, 1, sizeof(info) - 1 };

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		actual = avail = 99;
		memset(&info, 0x5a, sizeof(info));
		EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
			  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
					     sizes[i], &actual, &avail));
		/* avail > actual says how many records there would be. */
		EXPECT_EQ(0u, actual);
		EXPECT_EQ(1u, avail);
		/* Nothing of the record was written. */
		EXPECT_EQ(0x5a5a5a5a5a5a5a5aull, info.koid);
	}
	/* NULL with size 0 is the usual way to ask for the count. */
	actual = avail = 99;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, NULL, 0, &actual,
				     &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_basic_larger_buffer)
{
	zx_handle_t h = zx_test_event();
	unsigned char buf[sizeof(zx_info_handle_basic_t) + 16];
	zx_info_handle_basic_t info;
	size_t actual = 0;
	int touched = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	memset(buf, 0xcc, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, buf,
					    sizeof(buf), &actual, NULL));
	EXPECT_EQ(1u, actual);
	memcpy(&info, buf, sizeof(info));
	EXPECT_EQ(zx_test_koid(h), info.koid);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info.type);
	/* One record exactly: the bytes after it are untouched. */
	for (size_t i = sizeof(info); i < sizeof(buf); i++)
		if (buf[i] != 0xcc)
			touched++;
	EXPECT_EQ(0, touched);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(bad_buffer_pointers)
{
	zx_handle_t h = zx_test_event();
	zx_info_handle_basic_t info;
	void *ro = zx_test_readonly_page();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, NULL,
				     sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, ZX_TEST_BAD_PTR,
				     sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, ro,
				     sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, ro,
				     sizeof(zx_info_handle_count_t), NULL,
				     NULL));
	EXPECT_TRUE(zx_test_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(bad_count_pointers)
{
	zx_handle_t h = zx_test_event();
	zx_info_handle_basic_t info;
	size_t n;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
				     sizeof(info), ZX_TEST_BAD_PTR, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
				     sizeof(info), &n, ZX_TEST_BAD_PTR));
	/* Also when the buffer is too small. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, NULL, 0,
				     ZX_TEST_BAD_PTR, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(unknown_topic)
{
	zx_handle_t h = zx_test_event();
	char buf[256];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_object_get_info(h, 0x0badu, buf, sizeof(buf), NULL,
				     NULL));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_object_get_info(h, 0x7fffffffu, buf, sizeof(buf), NULL,
				     NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_count)
{
	zx_handle_t h = zx_test_event(), d1, d2;
	zx_info_handle_count_t info = { 0 };
	size_t actual = 0, avail = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, &info,
					    sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, info.handle_count);
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d1));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_WAIT, &d2));
	EXPECT_EQ(3u, zx_test_handle_count(h));
	EXPECT_EQ(3u, zx_test_handle_count(d1));
	EXPECT_EQ(ZX_OK, zx_handle_close(d2));
	EXPECT_EQ(2u, zx_test_handle_count(d1));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(1u, zx_test_handle_count(d1));
	/* Replacing does not change the count. */
	ASSERT_EQ(ZX_OK, zx_handle_replace(d1, ZX_RIGHT_SAME_RIGHTS, &h));
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_count_per_pair_end)
{
	zx_handle_t a, b, d;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(a, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(2u, zx_test_handle_count(a));
	EXPECT_EQ(1u, zx_test_handle_count(b));
	EXPECT_EQ(ZX_OK, zx_handle_close_many((zx_handle_t[]){ a, b, d }, 3));
}

TEST(handle_count_needs_inspect)
{
	zx_handle_t h = zx_test_event(), d;
	zx_info_handle_count_t info = { 0 };
	zx_info_handle_basic_t basic;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_EVENT_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(d, ZX_INFO_HANDLE_COUNT, &info,
				     sizeof(info), NULL, NULL));
	/* HANDLE_BASIC needs no right, so it works on that handle. */
	EXPECT_EQ(ZX_OK, zx_object_get_info(d, ZX_INFO_HANDLE_BASIC, &basic,
					    sizeof(basic), NULL, NULL));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_INSPECT, basic.rights);
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(handle_count_buffer_too_small)
{
	zx_handle_t h = zx_test_event();
	size_t actual = 99, avail = 99;
	uint16_t small = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, &small,
				     sizeof(small), &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(bad_handle)
{
	zx_handle_t h = zx_test_event();
	zx_info_handle_basic_t info;
	zx_info_handle_count_t count;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
				     sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, &count,
				     sizeof(count), NULL, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(ZX_HANDLE_INVALID, ZX_INFO_HANDLE_BASIC,
				     &info, sizeof(info), NULL, NULL));
}

/* Koids: nonzero, unique, never reused, and here increasing. */
TEST(koids_unique_and_increasing)
{
	zx_koid_t prev = 0;
	int not_increasing = 0, zero = 0;

	for (int i = 0; i < KOID_ROUNDS; i++) {
		zx_handle_t h = zx_test_event();
		zx_koid_t k;

		ASSERT_NE(ZX_HANDLE_INVALID, h);
		k = zx_test_koid(h);
		if (k == 0)
			zero++;
		if (k <= prev)
			not_increasing++;
		prev = k;
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
	}
	EXPECT_EQ(0, zero);
	EXPECT_EQ(0, not_increasing);
}

TEST(koids_distinct_across_types)
{
	zx_handle_t e1 = zx_test_event(), e2 = zx_test_event(), a, b;
	zx_koid_t k[4];

	ASSERT_NE(ZX_HANDLE_INVALID, e1);
	ASSERT_NE(ZX_HANDLE_INVALID, e2);
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	k[0] = zx_test_koid(e1);
	k[1] = zx_test_koid(e2);
	k[2] = zx_test_koid(a);
	k[3] = zx_test_koid(b);
	for (int i = 0; i < 4; i++) {
		EXPECT_NE(0u, k[i]);
		for (int j = 0; j < i; j++)
			EXPECT_NE(k[j], k[i]);
	}
	EXPECT_EQ(ZX_OK, zx_handle_close_many((zx_handle_t[]){ e1, e2, a, b },
					      4));
}

/* A new object never gets the koid of one that died. */
TEST(koids_not_reused_after_close)
{
	zx_handle_t h = zx_test_event();
	zx_koid_t old;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	old = zx_test_koid(h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	for (int i = 0; i < 50; i++) {
		h = zx_test_event();
		ASSERT_NE(ZX_HANDLE_INVALID, h);
		EXPECT_GT(zx_test_koid(h), old);
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
	}
}

ZX_TEST_MAIN(NULL, NULL)
