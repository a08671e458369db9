// SPDX-License-Identifier: GPL-2.0
/*
 * Channels within one process: zx_channel_create, zx_channel_write,
 * zx_channel_write_etc, zx_channel_read, zx_channel_read_etc; every error
 * their pages list, boundary sizes, buffer overlap, signals, the pending
 * limit, and release of queued handles when an endpoint closes.
 */
#include "zx_test_util.h"

#define MAXB ZX_CHANNEL_MAX_MSG_BYTES
#define MAXH ZX_CHANNEL_MAX_MSG_HANDLES

FIXTURE(ch) {
	zx_handle_t a, b;
	long live;
};

FIXTURE_SETUP(ch)
{
	self->live = zx_test_live_objects();
	self->a = self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &self->a, &self->b));
}

FIXTURE_TEARDOWN(ch)
{
	zx_handle_close(self->a);
	zx_handle_close(self->b);
	/* Nothing any test did may leave an object behind. */
	if (self->live >= 0)
		EXPECT_EQ(self->live,
			  zx_test_live_objects_settle(self->live, 2000));
}

/* Reads one message expected to hold @n bytes and no handles. */
static zx_status_t read_bytes(zx_handle_t h, void *buf, uint32_t n,
			      uint32_t *ab)
{
	uint32_t ah = 0xffff;
	zx_status_t s = zx_channel_read(h, 0, buf, NULL, n, 0, ab, &ah);

	if (s == ZX_OK && ah != 0)
		return ZX_ERR_INTERNAL;
	return s;
}

static uint32_t handle_count(zx_handle_t h)
{
	return zx_test_handle_count(h);
}

/* ------------------------------------------------------------ create */

TEST_F(ch, create_rights_type_koids_signals)
{
	zx_info_handle_basic_t a = zx_test_basic(self->a);
	zx_info_handle_basic_t b = zx_test_basic(self->b);

	EXPECT_EQ(0xF00Eu, ZX_DEFAULT_CHANNEL_RIGHTS);
	EXPECT_EQ(0xF00Eu, a.rights);
	EXPECT_EQ(0xF00Eu, b.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_CHANNEL, a.type);
	EXPECT_EQ(ZX_OBJ_TYPE_CHANNEL, b.type);
	EXPECT_NE(a.koid, b.koid);
	EXPECT_EQ(b.koid, a.related_koid);
	EXPECT_EQ(a.koid, b.related_koid);
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->b));
	/* Channel ends cannot be duplicated. */
	zx_handle_t d = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_handle_duplicate(self->a, ZX_RIGHT_SAME_RIGHTS, &d));
}

TEST(create_options_and_bad_pointers)
{
	long before = zx_test_live_objects();
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(1, &a, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(0x80000000u, &a, &b));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_channel_create(0, &a, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_create(0, ZX_TEST_BAD_PTR, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_create(0, &a, ZX_TEST_BAD_PTR));
	if (a != ZX_HANDLE_INVALID)
		EXPECT_FALSE(zx_test_valid(a));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

/* ------------------------------------------------- write, read: basics */

TEST_F(ch, roundtrip_both_directions_fifo)
{
	char buf[16];
	uint32_t ab = 0;

	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "one", 3, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "two!", 4, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->b, 0, "back", 4, NULL, 0));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE | ZX_CHANNEL_READABLE,
		  zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, read_bytes(self->b, buf, sizeof(buf), &ab));
	EXPECT_EQ(3u, ab);
	EXPECT_EQ(0, memcmp(buf, "one", 3));
	EXPECT_EQ(ZX_OK, read_bytes(self->b, buf, sizeof(buf), &ab));
	EXPECT_EQ(4u, ab);
	EXPECT_EQ(0, memcmp(buf, "two!", 4));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, read_bytes(self->b, buf, 16, &ab));
	EXPECT_EQ(ZX_OK, read_bytes(self->a, buf, sizeof(buf), &ab));
	EXPECT_EQ(0, memcmp(buf, "back", 4));
}

TEST_F(ch, empty_message_and_null_actuals)
{
	uint32_t ab = 7, ah = 7;

	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE | ZX_CHANNEL_READABLE,
		  zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, NULL, NULL, 0, 0, &ab,
					 &ah));
	EXPECT_EQ(0u, ab);
	EXPECT_EQ(0u, ah);
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "x", 1, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, &ab, NULL, 4, 0, NULL,
					 NULL));
}

TEST_F(ch, max_bytes_exactly_and_one_past)
{
	uint8_t *out = malloc(MAXB + 1), *in = malloc(MAXB + 1);
	uint32_t ab = 0;

	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	for (uint32_t i = 0; i < MAXB + 1; i++)
		out[i] = (uint8_t)(i * 7 + 3);
	EXPECT_EQ(ZX_OK, zx_channel_write(self->a, 0, out, MAXB, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(self->a, 0, out, MAXB + 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(self->a, 0, out, UINT32_MAX, NULL, 0));
	EXPECT_EQ(ZX_OK, read_bytes(self->b, in, MAXB + 1, &ab));
	EXPECT_EQ(MAXB, ab);
	EXPECT_EQ(0, memcmp(in, out, MAXB));
	/* The failed writes queued nothing. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, read_bytes(self->b, in, MAXB, &ab));
	free(out);
	free(in);
}

/*
 * Messages of more than a page: an endpoint reuses the buffer of the last
 * one read from it for its next write of the same size class (see
 * channel_msg.c).  Whatever is reused, a read returns exactly the bytes
 * written, and stores nothing past them.
 */
static void fill(uint8_t *p, uint32_t n, uint8_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 13 + seed);
}

static bool holds(const uint8_t *p, uint32_t n, uint8_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i] != (uint8_t)(i * 13 + seed))
			return false;
	return true;
}

/* Whether bytes @from to @to of @p still hold the 0xee put there. */
static bool untouched(const uint8_t *p, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		if (p[i] != 0xee)
			return false;
	return true;
}

TEST_F(ch, large_messages_reuse_buffers_cleanly)
{
	static const uint32_t sizes[] = {
		60000, MAXB, 40000, 5000, 4096, 8192, 33000, 4097, MAXB, 1,
	};
	uint8_t *out = malloc(MAXB), *in = malloc(MAXB);
	zx_handle_t ends[2] = { self->a, self->b };
	uint32_t ab;

	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	/* Back and forth, so each end writes after reading. */
	for (size_t i = 0; i < 2 * ARRAY_SIZE(sizes); i++) {
		uint32_t n = sizes[i % ARRAY_SIZE(sizes)];
		uint8_t seed = (uint8_t)(i + 1);
		zx_handle_t w = ends[i & 1], r = ends[!(i & 1)];

		fill(out, n, seed);
		ASSERT_EQ(ZX_OK, zx_channel_write(w, 0, out, n, NULL, 0));
		memset(in, 0xee, MAXB);
		ab = 0;
		ASSERT_EQ(ZX_OK, read_bytes(r, in, MAXB, &ab));
		EXPECT_EQ(n, ab);
		EXPECT_TRUE(holds(in, n, seed));
		EXPECT_TRUE(untouched(in, n, MAXB));
	}
	free(out);
	free(in);
}

/*
 * A write that faults partway leaves no trace in the next message, which
 * reuses its buffer (40,000 bytes is in the same size class as 64 KiB).
 */
TEST_F(ch, large_write_fault_then_clean_message)
{
	const uint32_t cut = MAXB / 4 * 3, n = 40000;
	long pg = sysconf(_SC_PAGESIZE);
	size_t len = MAXB + pg;
	uint8_t *map = mmap(NULL, len, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint8_t *in = malloc(MAXB);
	uint32_t ab = 0;

	ASSERT_NE(MAP_FAILED, map);
	ASSERT_NE(NULL, in);
	ASSERT_EQ(0, cut % pg);
	fill(map, MAXB, 1);
	ASSERT_EQ(ZX_OK, zx_channel_write(self->b, 0, map, MAXB, NULL, 0));
	ASSERT_EQ(ZX_OK, read_bytes(self->a, in, MAXB, &ab));
	/* The source ends at @cut: the write fails and queues nothing. */
	ASSERT_EQ(0, munmap(map + cut, len - cut));
	fill(map, cut, 2);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, 0, map, MAXB, NULL, 0));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, read_bytes(self->b, in, MAXB, &ab));
	fill(map, n, 3);
	EXPECT_EQ(ZX_OK, zx_channel_write(self->a, 0, map, n, NULL, 0));
	memset(in, 0xee, MAXB);
	EXPECT_EQ(ZX_OK, read_bytes(self->b, in, MAXB, &ab));
	EXPECT_EQ(n, ab);
	EXPECT_TRUE(holds(in, n, 3));
	EXPECT_TRUE(untouched(in, n, MAXB));
	munmap(map, cut);
	free(in);
}

TEST_F(ch, max_handles_exactly_and_one_past)
{
	zx_handle_t hs[MAXH + 1], got[MAXH + 1];
	uint32_t ab, ah;

	for (uint32_t i = 0; i < MAXH + 1; i++)
		ASSERT_NE(ZX_HANDLE_INVALID, hs[i] = zx_test_event());
	EXPECT_EQ(ZX_OK, zx_channel_write(self->a, 0, NULL, 0, hs, MAXH));
	for (uint32_t i = 0; i < MAXH; i++)
		EXPECT_FALSE(zx_test_valid(hs[i]));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, NULL, got, 0, MAXH + 1,
					 &ab, &ah));
	EXPECT_EQ(MAXH, ah);
	for (uint32_t i = 0; i < MAXH; i++) {
		EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(got[i]).type);
		EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zx_test_rights(got[i]));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close_many(got, MAXH));

	/* One past: refused, and every handle named is consumed. */
	for (uint32_t i = 0; i < MAXH; i++)
		ASSERT_NE(ZX_HANDLE_INVALID, hs[i] = zx_test_event());
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(self->a, 0, NULL, 0, hs, MAXH + 1));
	for (uint32_t i = 0; i < MAXH + 1; i++)
		EXPECT_FALSE(zx_test_valid(hs[i]));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_channel_read(self->b, 0, NULL, got, 0, MAXH, &ab, &ah));
}

TEST_F(ch, handles_keep_identity_and_rights)
{
	zx_handle_t ev = zx_test_event(), r, got = 0;
	zx_koid_t koid = zx_test_koid(ev);
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_handle_replace(ev, ZX_RIGHT_TRANSFER |
					   ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL,
					   &r));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "e", 1, &r, 1));
	EXPECT_FALSE(zx_test_valid(r));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, &ab, &got, 4, 1, &ab,
					 &ah));
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(koid, zx_test_koid(got));
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL,
		  zx_test_rights(got));
	EXPECT_EQ(ZX_OK, zx_object_signal(got, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZX_OK, zx_handle_close(got));
}

TEST_F(ch, read_etc_reports_type_and_rights)
{
	zx_handle_t h[3], c0, c1;
	zx_handle_info_t info[3];
	uint32_t ab, ah;

	h[0] = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &h[1], &c0));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &h[2], &c1));
	memset(info, 0xa5, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, NULL, 0, h, 3));
	ASSERT_EQ(ZX_OK, zx_channel_read_etc(self->b, 0, NULL, info, 0, 3,
					     &ab, &ah));
	EXPECT_EQ(3u, ah);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info[0].type);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info[0].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENTPAIR, info[1].type);
	EXPECT_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, info[1].rights);
	EXPECT_EQ(ZX_OBJ_TYPE_CHANNEL, info[2].type);
	EXPECT_EQ(ZX_DEFAULT_CHANNEL_RIGHTS, info[2].rights);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(0u, info[i].unused);
		EXPECT_EQ(info[i].type, zx_test_basic(info[i].handle).type);
		EXPECT_EQ(info[i].rights, zx_test_rights(info[i].handle));
		zx_handle_close(info[i].handle);
	}
	zx_handle_close(c0);
	zx_handle_close(c1);
}

/* ------------------------------------------------------------ reading */

TEST_F(ch, read_errors_handle_type_rights_options)
{
	zx_handle_t ev = zx_test_event(), noread;
	uint32_t ab, ah;
	char buf[4];

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_read(ZX_HANDLE_INVALID, 0, buf, NULL, 4, 0, &ab,
				  &ah));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_read(0x7fffffffu, 0, buf, NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_channel_read(ev, 0, buf, NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_channel_read_etc(ev, 0, buf, NULL, 4, 0, &ab, &ah));
	ASSERT_EQ(ZX_OK, zx_handle_replace(self->b, ZX_DEFAULT_CHANNEL_RIGHTS &
					   ~ZX_RIGHT_READ, &noread));
	self->b = noread;
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "abc", 3, NULL, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_read(noread, 0, buf, NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_read_etc(noread, 0, buf, NULL, 4, 0, &ab, &ah));
	/* Unknown options (Zircon: NOT_SUPPORTED), checked after rights. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_channel_read(self->a, 2, buf, NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_channel_read(self->a, 0x80000000u, buf, NULL, 4, 0, &ab,
				  &ah));
	zx_handle_close(ev);
}

TEST_F(ch, read_closed_handle_is_bad_handle)
{
	zx_handle_t a = self->a;
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_handle_close(a));
	self->a = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_read(a, 0, NULL, NULL, 0, 0, &ab, &ah));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_channel_write(a, 0, "x", 1, NULL, 0));
}

TEST_F(ch, buffer_too_small_reports_sizes_and_keeps_message)
{
	zx_handle_t ev = zx_test_event(), got[2];
	char buf[8];
	uint32_t ab = 0, ah = 0;

	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "abcdef", 6, &ev, 1));
	/* Bytes too small. */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(self->b, 0, buf, got, 5, 2, &ab, &ah));
	EXPECT_EQ(6u, ab);
	EXPECT_EQ(1u, ah);
	/* Handles too small. */
	ab = ah = 0;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(self->b, 0, buf, got, 8, 0, &ab, &ah));
	EXPECT_EQ(6u, ab);
	EXPECT_EQ(1u, ah);
	/* NULL actuals are allowed. */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(self->b, 0, buf, got, 0, 0, NULL, NULL));
	/* No partial read happened: the message is whole and still first. */
	EXPECT_EQ(ZX_CHANNEL_READABLE | ZX_CHANNEL_WRITABLE,
		  zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, buf, got, 8, 2, &ab,
					 &ah));
	EXPECT_EQ(6u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(0, memcmp(buf, "abcdef", 6));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(got[0]).type);
	zx_handle_close(got[0]);
}

TEST_F(ch, may_discard_drops_message_and_its_handles)
{
	zx_handle_t e0, e1;
	uint32_t ab = 0, ah = 0;
	zx_signals_t seen = 0;
	char buf[4];

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "12345", 5, &e1, 1));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "ok", 2, NULL, 0));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(self->b, ZX_CHANNEL_READ_MAY_DISCARD, buf,
				  NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(5u, ab);
	EXPECT_EQ(1u, ah);
	/* The discarded message's eventpair end was closed. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED, 0,
					    &seen));
	/* The next message is next. */
	EXPECT_EQ(ZX_OK, read_bytes(self->b, buf, 4, &ab));
	EXPECT_EQ(2u, ab);
	EXPECT_EQ(0, memcmp(buf, "ok", 2));
	/* MAY_DISCARD on a message that fits is a normal read. */
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "fit", 3, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, ZX_CHANNEL_READ_MAY_DISCARD,
					 buf, NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(0, memcmp(buf, "fit", 3));
	zx_handle_close(e0);
}

TEST_F(ch, read_bad_pointers_leave_message_queued)
{
	zx_handle_t ev = zx_test_event(), got = 0;
	zx_koid_t koid = zx_test_koid(ev);
	void *ro = zx_test_readonly_page();
	uint32_t ab, ah;
	char buf[8];

	ASSERT_NE(NULL, ro);
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "data", 4, &ev, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, ZX_TEST_BAD_PTR, &got, 8, 1,
				  &ab, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, NULL, &got, 8, 1, &ab, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, ro, &got, 8, 1, &ab, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, buf, ZX_TEST_BAD_PTR, 8, 1, &ab,
				  &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, buf, NULL, 8, 1, &ab, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read_etc(self->b, 0, buf, ro, 8, 1, &ab, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, buf, &got, 8, 1,
				  ZX_TEST_BAD_PTR, &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, buf, &got, 8, 1, &ab,
				  (uint32_t *)ro));
	/* Too small with a bad actual pointer: still INVALID_ARGS. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_read(self->b, 0, buf, &got, 1, 1,
				  ZX_TEST_BAD_PTR, &ah));
	/* None of this installed a handle or lost the message. */
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, buf, &got, 8, 1, &ab,
					 &ah));
	EXPECT_EQ(4u, ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(koid, zx_test_koid(got));
	EXPECT_EQ(1u, handle_count(got));
	zx_handle_close(got);
	munmap(ro, (size_t)getpagesize());
}

TEST_F(ch, overlapping_buffers_handles_written_last)
{
	zx_handle_t hs[2] = { zx_test_event(), zx_test_event() };
	uint8_t msg[16], buf[32];
	zx_handle_info_t ibuf[4];
	uint32_t ab, ah;

	for (int i = 0; i < 16; i++)
		msg[i] = (uint8_t)(0xa0 + i);
	/* Handles buffer starts 4 bytes into the bytes buffer. */
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, msg, 16, hs, 2));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, buf,
					 (zx_handle_t *)(buf + 4), 16, 2,
					 &ab, &ah));
	zx_handle_t got[2];

	memcpy(got, buf + 4, sizeof(got));
	EXPECT_EQ(0, memcmp(buf, msg, 4));
	EXPECT_EQ(0, memcmp(buf + 12, msg + 12, 4));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(got[0]).type);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(got[1]).type);
	zx_handle_close_many(got, 2);

	/* Same buffer for both. */
	hs[0] = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, msg, 8, hs, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, buf, (zx_handle_t *)buf,
					 16, 1, &ab, &ah));
	memcpy(got, buf, 4);
	EXPECT_EQ(0, memcmp(buf + 4, msg + 4, 4));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(got[0]).type);
	zx_handle_close(got[0]);

	/* Handles buffer before the bytes, overlapping their start (etc). */
	hs[0] = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, msg, 16, hs, 1));
	memset(ibuf, 0, sizeof(ibuf));
	ASSERT_EQ(ZX_OK, zx_channel_read_etc(self->b, 0,
					     (uint8_t *)ibuf + 8, ibuf, 16, 1,
					     &ab, &ah));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, ibuf[0].type);
	EXPECT_EQ(0u, ibuf[0].unused);
	EXPECT_EQ(0, memcmp((uint8_t *)ibuf + 16, msg + 8, 8));
	zx_handle_close(ibuf[0].handle);

	/* Actual counts inside the handle buffer are overwritten too. */
	hs[0] = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, msg, 4, hs, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, buf, (zx_handle_t *)buf,
					 16, 1, (uint32_t *)buf, &ah));
	memcpy(got, buf, 4);
	EXPECT_NE(4u, got[0]);
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(got[0]).type);
	zx_handle_close(got[0]);
}

/* ------------------------------------------------------------ writing */

TEST_F(ch, write_errors_handle_type_rights_options)
{
	zx_handle_t ev = zx_test_event(), nowrite, h;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_write(ZX_HANDLE_INVALID, 0, "x", 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_write(ev, 0, "x", 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_channel_write_etc(ev, 0, "x", 1, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_handle_replace(self->a, ZX_DEFAULT_CHANNEL_RIGHTS &
					   ~ZX_RIGHT_WRITE, &nowrite));
	self->a = nowrite;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_write(nowrite, 0, "x", 1, NULL, 0));
	/* Handles named are consumed even when the channel is refused. */
	h = zx_test_event();
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_write(nowrite, 0, "x", 1, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	h = zx_test_event();
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_channel_write(ev, 0, "x", 1, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	h = zx_test_event();
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_write(0x7fffffffu, 0, "x", 1, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	/* Unknown options. */
	h = zx_test_event();
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->b, 1, "x", 1, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->b, 0x80000000u, "x", 1, NULL, 0));
	zx_handle_close(ev);
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->a));
}

TEST_F(ch, write_bad_pointers)
{
	zx_handle_t h = zx_test_event();

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, 0, ZX_TEST_BAD_PTR, 4, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, 0, NULL, 4, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, 0, (void *)ZX_TEST_KERNEL_ADDR, 4,
				   NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, 0, "x", 1, ZX_TEST_BAD_PTR, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, 0, "x", 1, NULL, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write_etc(self->a, 0, "x", 1, ZX_TEST_BAD_PTR, 1));
	/* NULL is fine with zero sizes. */
	EXPECT_EQ(ZX_OK, zx_channel_write(self->a, 0, NULL, 0, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, NULL, NULL, 0, 0, NULL,
					 NULL));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(self->b, 0, NULL, NULL,
						      0, 0, NULL, NULL));
}

TEST_F(ch, write_self_is_not_supported_and_consumes)
{
	zx_handle_t hs[2] = { zx_test_event(), self->a };

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_channel_write(self->a, 0, "x", 1, hs, 2));
	/* Every handle named is gone, the channel's own included. */
	EXPECT_FALSE(zx_test_valid(hs[0]));
	EXPECT_FALSE(zx_test_valid(self->a));
	self->a = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(self->b, 0, NULL, NULL,
						      0, 0, NULL, NULL));
}

TEST_F(ch, write_peer_end_is_allowed)
{
	zx_handle_t c0, c1, got;
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	/* Sending the other end of another channel, then reading it. */
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, NULL, 0, &c1, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, NULL, &got, 0, 1, &ab,
					 &ah));
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, "hi", 2, NULL, 0));
	char buf[2];

	EXPECT_EQ(ZX_OK, read_bytes(got, buf, 2, &ab));
	EXPECT_EQ(0, memcmp(buf, "hi", 2));
	zx_handle_close(c0);
	zx_handle_close(got);
}

TEST_F(ch, write_needs_transfer_and_unique_handles)
{
	zx_handle_t ev = zx_test_event(), nt, ok = zx_test_event();
	zx_handle_t hs[3];

	ASSERT_EQ(ZX_OK, zx_handle_replace(ev, ZX_DEFAULT_EVENT_RIGHTS &
					   ~ZX_RIGHT_TRANSFER, &nt));
	hs[0] = ok;
	hs[1] = nt;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_write(self->a, 0, "x", 1, hs, 2));
	EXPECT_FALSE(zx_test_valid(ok));
	EXPECT_FALSE(zx_test_valid(nt));
	/* A repeated handle: the second finds it gone. */
	ok = zx_test_event();
	hs[0] = ok;
	hs[1] = ok;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_write(self->a, 0, "x", 1, hs, 2));
	EXPECT_FALSE(zx_test_valid(ok));
	/* A bad one among good ones: every good one is consumed too. */
	hs[0] = zx_test_event();
	hs[1] = 0x7ffffff3u;
	hs[2] = zx_test_event();
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_write(self->a, 0, "x", 1, hs, 3));
	EXPECT_FALSE(zx_test_valid(hs[0]));
	EXPECT_FALSE(zx_test_valid(hs[2]));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(self->b, 0, NULL, NULL,
						      0, 0, NULL, NULL));
}

TEST_F(ch, write_to_closed_peer)
{
	zx_handle_t h = zx_test_event();
	zx_signals_t seen = 0;

	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(self->a, ZX_CHANNEL_PEER_CLOSED, 0,
					    &seen));
	/* Exactly: WRITABLE went away with the peer. */
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, seen);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_channel_write(self->a, 0, "x", 1, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_read(self->a, 0, NULL, NULL,
						      0, 0, NULL, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_0));
}

TEST_F(ch, messages_survive_writer_close)
{
	char buf[4];
	uint32_t ab;

	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "m1", 2, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "m2", 2, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->a));
	self->a = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED,
		  zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, read_bytes(self->b, buf, 4, &ab));
	EXPECT_EQ(0, memcmp(buf, "m1", 2));
	EXPECT_EQ(ZX_OK, read_bytes(self->b, buf, 4, &ab));
	EXPECT_EQ(0, memcmp(buf, "m2", 2));
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, zx_test_signals(self->b));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, read_bytes(self->b, buf, 4, &ab));
}

TEST_F(ch, signals_user_and_peer)
{
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE | ZX_USER_SIGNAL_0,
		  zx_test_signals(self->a));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE | ZX_USER_SIGNAL_1,
		  zx_test_signals(self->b));
	/* The channel's own signals cannot be faked. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, 0, ZX_CHANNEL_READABLE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal_peer(self->a, 0, ZX_CHANNEL_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, ZX_CHANNEL_WRITABLE, 0));
}

TEST_F(ch, wait_one_wakes_on_readable_and_peer_closed)
{
	struct zx_test_waiter w;

	ASSERT_EQ(0, zx_test_waiter_start(&w, self->b, ZX_CHANNEL_READABLE,
					  ZX_TIME_INFINITE));
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, 0, "w", 1, NULL, 0));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_CHANNEL_READABLE | ZX_CHANNEL_WRITABLE, w.observed);

	ASSERT_EQ(0, zx_test_waiter_start(&w, self->a, ZX_CHANNEL_PEER_CLOSED,
					  ZX_TIME_INFINITE));
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, w.observed);
}

/* ------------------------------------------------------- write_etc */

TEST_F(ch, write_etc_move_and_duplicate)
{
	zx_handle_t ev = zx_test_event(), ev2 = zx_test_event();
	zx_handle_disposition_t d[2] = {
		{ ZX_HANDLE_OP_MOVE, ev, ZX_OBJ_TYPE_EVENT,
		  ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT, ZX_OK },
		{ ZX_HANDLE_OP_DUPLICATE, ev2, ZX_OBJ_TYPE_NONE,
		  ZX_RIGHT_SAME_RIGHTS, ZX_OK },
	};
	zx_handle_info_t info[2];
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_write_etc(self->a, 0, "d", 1, d, 2));
	EXPECT_EQ(ZX_OK, d[0].result);
	EXPECT_EQ(ZX_OK, d[1].result);
	EXPECT_FALSE(zx_test_valid(ev));
	EXPECT_TRUE(zx_test_valid(ev2));
	ASSERT_EQ(ZX_OK, zx_channel_read_etc(self->b, 0, &ab, info, 1, 2, &ab,
					     &ah));
	EXPECT_EQ(2u, ah);
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT, info[0].rights);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, info[1].rights);
	EXPECT_EQ(zx_test_koid(ev2), zx_test_koid(info[1].handle));
	EXPECT_EQ(2u, handle_count(ev2));
	/* Reduced rights, TRANSFER removed: the receiver cannot send it on. */
	zx_handle_disposition_t d2 = { ZX_HANDLE_OP_DUPLICATE, ev2,
				       ZX_OBJ_TYPE_EVENT, ZX_RIGHT_WAIT, 0 };
	zx_handle_info_t i2;

	ASSERT_EQ(ZX_OK, zx_channel_write_etc(self->a, 0, NULL, 0, &d2, 1));
	ASSERT_EQ(ZX_OK, zx_channel_read_etc(self->b, 0, NULL, &i2, 0, 1, &ab,
					     &ah));
	EXPECT_EQ(ZX_RIGHT_WAIT, i2.rights);
	EXPECT_EQ(ZX_RIGHT_WAIT, zx_test_rights(i2.handle));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_write(self->a, 0, NULL, 0, &i2.handle, 1));
	zx_handle_close(info[0].handle);
	zx_handle_close(info[1].handle);
	zx_handle_close(ev2);
}

TEST_F(ch, write_etc_duplicate_may_repeat)
{
	zx_handle_t ev = zx_test_event();
	zx_handle_disposition_t d[2] = {
		{ ZX_HANDLE_OP_DUPLICATE, ev, 0, ZX_RIGHT_SAME_RIGHTS, 0 },
		{ ZX_HANDLE_OP_DUPLICATE, ev, 0, ZX_RIGHT_SAME_RIGHTS, 0 },
	};
	zx_handle_t got[2];
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_write_etc(self->a, 0, NULL, 0, d, 2));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, NULL, got, 0, 2, &ab,
					 &ah));
	EXPECT_EQ(3u, handle_count(ev));
	zx_handle_close_many(got, 2);
	zx_handle_close(ev);
}

TEST_F(ch, write_etc_errors_each_result_all_attempted)
{
	zx_handle_t ev = zx_test_event(), nodup, ev3 = zx_test_event();
	zx_handle_t ev4 = zx_test_event(), ev5 = zx_test_event();
	zx_handle_t ev6 = zx_test_event();

	ASSERT_EQ(ZX_OK, zx_handle_replace(ev, ZX_DEFAULT_EVENT_RIGHTS &
					   ~ZX_RIGHT_DUPLICATE, &nodup));
	zx_handle_disposition_t d[7] = {
		/* 0: fine (moved, then dropped with the failed write) */
		{ ZX_HANDLE_OP_MOVE, ev3, 0, ZX_RIGHT_SAME_RIGHTS, ZX_OK },
		/* 1: duplicate without DUPLICATE */
		{ ZX_HANDLE_OP_DUPLICATE, nodup, 0, ZX_RIGHT_SAME_RIGHTS,
		  ZX_OK },
		/* 2: wrong type */
		{ ZX_HANDLE_OP_MOVE, ev4, ZX_OBJ_TYPE_CHANNEL,
		  ZX_RIGHT_SAME_RIGHTS, ZX_OK },
		/* 3: rights not a subset */
		{ ZX_HANDLE_OP_MOVE, ev5, 0, ZX_RIGHT_READ, ZX_OK },
		/* 4: bad operation */
		{ 7, ev6, 0, ZX_RIGHT_SAME_RIGHTS, ZX_OK },
		/* 5: bad handle */
		{ ZX_HANDLE_OP_MOVE, 0x7ffffff3u, 0, ZX_RIGHT_SAME_RIGHTS,
		  ZX_OK },
		/* 6: the channel itself, duplicated */
		{ ZX_HANDLE_OP_DUPLICATE, self->a, 0, ZX_RIGHT_SAME_RIGHTS,
		  ZX_OK },
	};

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_write_etc(self->a, 0, "x", 1, d, 7));
	EXPECT_EQ(ZX_OK, d[0].result);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, d[1].result);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, d[2].result);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, d[3].result);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, d[4].result);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, d[5].result);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, d[6].result);
	/* Moves are consumed, duplicates' sources stay. */
	EXPECT_FALSE(zx_test_valid(ev3));
	EXPECT_TRUE(zx_test_valid(nodup));
	EXPECT_EQ(1u, handle_count(nodup));
	EXPECT_FALSE(zx_test_valid(ev4));
	EXPECT_FALSE(zx_test_valid(ev5));
	EXPECT_FALSE(zx_test_valid(ev6));
	EXPECT_TRUE(zx_test_valid(self->a));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(self->b, 0, NULL, NULL,
						      0, 0, NULL, NULL));
	zx_handle_close(nodup);

	/* Early failure (bad options): moves consumed, duplicates kept. */
	zx_handle_t m = zx_test_event(), k = zx_test_event();
	zx_handle_disposition_t e[2] = {
		{ ZX_HANDLE_OP_MOVE, m, 0, ZX_RIGHT_SAME_RIGHTS, ZX_OK },
		{ ZX_HANDLE_OP_DUPLICATE, k, 0, ZX_RIGHT_SAME_RIGHTS, ZX_OK },
	};

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write_etc(self->a, 4, "x", 1, e, 2));
	EXPECT_FALSE(zx_test_valid(m));
	EXPECT_TRUE(zx_test_valid(k));
	zx_handle_close(k);
}

/* ------------------------------------------------------------ iovec */

TEST_F(ch, iovec_write)
{
	zx_channel_iovec_t iov[3] = {
		{ "hello", 5, 0 }, { NULL, 0, 0 }, { ", world", 7, 0 },
	};
	char buf[16];
	uint32_t ab;

	ASSERT_EQ(ZX_OK, zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC,
					  iov, 3, NULL, 0));
	ASSERT_EQ(ZX_OK, read_bytes(self->b, buf, sizeof(buf), &ab));
	EXPECT_EQ(12u, ab);
	EXPECT_EQ(0, memcmp(buf, "hello, world", 12));

	iov[1].reserved = 1;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC, iov, 3,
				   NULL, 0));
	iov[1].reserved = 0;
	iov[1].buffer = ZX_TEST_BAD_PTR;
	iov[1].capacity = 4;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC, iov, 3,
				   NULL, 0));
	iov[1].buffer = malloc(MAXB);
	ASSERT_NE(NULL, iov[1].buffer);
	iov[1].capacity = MAXB - 12;
	EXPECT_EQ(ZX_OK, zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC,
					  iov, 3, NULL, 0));
	iov[1].capacity = MAXB - 11;
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC, iov, 3,
				   NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC, iov,
				   ZX_CHANNEL_MAX_MSG_IOVECS + 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_write(self->a, ZX_CHANNEL_WRITE_USE_IOVEC,
				   ZX_TEST_BAD_PTR, 1, NULL, 0));
	free((void *)iov[1].buffer);
	uint32_t ah;

	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_read(self->b, ZX_CHANNEL_READ_MAY_DISCARD, buf,
				  NULL, 0, 0, &ab, &ah));
	EXPECT_EQ(MAXB, ab);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, read_bytes(self->b, buf, 16, &ab));
}

/* -------------------------------------------------- the pending limit */

TEST_F(ch, pending_message_limit)
{
	long limit = zx_test_read_param("channel_max_pending");
	uint32_t n = 0;
	zx_status_t s;
	char buf[4];
	uint32_t ab;

	ASSERT_EQ(3500, limit);	/* Zircon's kMaxPendingMessageCount */
	while ((s = zx_channel_write(self->a, 0, &n, 4, NULL, 0)) == ZX_OK &&
	       n < 10000)
		n++;
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, s);
	EXPECT_EQ(3500u, n);
	/* The refused write consumed its handle. */
	zx_handle_t h = zx_test_event();

	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_channel_write(self->a, 0, "x", 1, &h, 1));
	EXPECT_FALSE(zx_test_valid(h));
	/* Reading one makes room for one; order was kept. */
	ASSERT_EQ(ZX_OK, read_bytes(self->b, buf, 4, &ab));
	EXPECT_EQ(0, memcmp(buf, &(uint32_t){ 0 }, 4));
	EXPECT_EQ(ZX_OK, zx_channel_write(self->a, 0, "y", 1, NULL, 0));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_channel_write(self->a, 0, "z", 1, NULL, 0));
	/* The other direction is independent. */
	EXPECT_EQ(ZX_OK, zx_channel_write(self->b, 0, "r", 1, NULL, 0));
}

/* --------------------------------------- closing with messages queued */

TEST(close_releases_queued_handles_recursively)
{
	long before = zx_test_live_objects();
	zx_handle_t outer0, outer1, c0, c1, e0, e1, ev;
	zx_signals_t seen = 0;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &outer0, &outer1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	ev = zx_test_event();
	/* c1 holds a message with e1 and an event; outer1 holds c1. */
	zx_handle_t inner[2] = { e1, ev };

	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, "in", 2, inner, 2));
	ASSERT_EQ(ZX_OK, zx_channel_write(outer0, 0, "out", 3, &c1, 1));
	ASSERT_EQ(ZX_OK, zx_handle_close(c0));
	EXPECT_EQ(before + 6, zx_test_live_objects());
	/* In transit, e1 is alive: no PEER_CLOSED yet. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED, 0, &seen));
	/* Closing the reader end destroys the chain. */
	ASSERT_EQ(ZX_OK, zx_handle_close(outer1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(10)),
					    &seen));
	zx_handle_close(outer0);
	zx_handle_close(e0);
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 2000));
}

TEST(deep_nesting_is_released_without_recursion)
{
	long before = zx_test_live_objects();
	const int depth = 2000;
	zx_handle_t top0, top1, c0, c1;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	/* Each channel's receiving end holds the next one's. */
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &top0, &top1));
	zx_handle_t w = top0;

	for (int i = 0; i < depth; i++) {
		ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
		ASSERT_EQ(ZX_OK, zx_channel_write(w, 0, NULL, 0, &c1, 1));
		ASSERT_EQ(ZX_OK, zx_handle_close(w));
		w = c0;
	}
	ASSERT_EQ(ZX_OK, zx_channel_write(w, 0, "deep", 4, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_handle_close(w));
	/* The writing ends are gone; each reading end is in a message. */
	EXPECT_EQ(before + depth + 1, zx_test_live_objects());
	ASSERT_EQ(ZX_OK, zx_handle_close(top1));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

TEST(handle_count_of_transferred_objects)
{
	zx_handle_t a, b, ev = zx_test_event(), dup, got;
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &dup));
	EXPECT_EQ(2u, handle_count(ev));
	ASSERT_EQ(ZX_OK, zx_channel_write(a, 0, NULL, 0, &dup, 1));
	/* In a message it still counts, as on Zircon. */
	EXPECT_EQ(2u, handle_count(ev));
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, NULL, &got, 0, 1, &ab, &ah));
	EXPECT_EQ(2u, handle_count(ev));
	EXPECT_EQ(zx_test_koid(ev), zx_test_koid(got));
	zx_handle_close(got);
	EXPECT_EQ(1u, handle_count(ev));
	zx_handle_close(ev);
	zx_handle_close(a);
	zx_handle_close(b);
}

ZX_TEST_MAIN(NULL, NULL)
