// SPDX-License-Identifier: GPL-2.0
/*
 * Handles: values, zx_handle_close(), zx_handle_close_many(),
 * zx_handle_duplicate(), zx_handle_replace(), and lookups racing closes.
 */
#include <stdatomic.h>

#include "zx_test_util.h"

#define NO_REUSE_ROUNDS	10000

static int cmp_handle(const void *a, const void *b)
{
	zx_handle_t x = *(const zx_handle_t *)a, y = *(const zx_handle_t *)b;

	return x < y ? -1 : x > y;
}

/* ---------------------------------------------------------------- values */

TEST(values_have_fixed_bits)
{
	zx_handle_t h[16];

	for (int i = 0; i < 16; i++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &h[i]));
		EXPECT_NE(ZX_HANDLE_INVALID, h[i]);
		EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK,
			  h[i] & ZX_HANDLE_FIXED_BITS_MASK);
		for (int j = 0; j < i; j++)
			EXPECT_NE(h[j], h[i]);
	}
	for (int i = 0; i < 16; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));
}

/* About 20 s under the emulated debug kernel: zx_test_util.h allows 150. */
TEST(closed_values_not_reused_soon)
{
	zx_handle_t *seen = calloc(NO_REUSE_ROUNDS, sizeof(*seen));
	int dups = 0;

	ASSERT_NE(NULL, seen);
	for (int i = 0; i < NO_REUSE_ROUNDS; i++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &seen[i]));
		ASSERT_EQ(ZX_OK, zx_handle_close(seen[i]));
	}
	qsort(seen, NO_REUSE_ROUNDS, sizeof(*seen), cmp_handle);
	for (int i = 1; i < NO_REUSE_ROUNDS; i++)
		if (seen[i] == seen[i - 1])
			dups++;
	EXPECT_EQ(0, dups);
	free(seen);
}

/* ----------------------------------------------------------------- close */

TEST(close_invalid_is_ok)
{
	EXPECT_EQ(ZX_OK, zx_handle_close(ZX_HANDLE_INVALID));
}

TEST(close_twice_is_bad_handle)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(h));
	EXPECT_FALSE(zx_test_valid(h));
}

TEST(close_never_valid_values)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	/* Live-looking values nobody was given. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(0x7fffffffu));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(0xfffffffbu));
	/* Values without the fixed bits, next to a live handle's value. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(h & ~3u));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close((h & ~3u) | 1u));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close((h & ~3u) | 2u));
	/* None of that touched the live handle. */
	EXPECT_TRUE(zx_test_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(close_last_handle_frees_object)
{
	long before = zx_test_live_objects();
	zx_handle_t h, d;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_EQ(before + 1, zx_test_live_objects());
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	/* The duplicate keeps the object alive. */
	EXPECT_EQ(before + 1, zx_test_live_objects());
	EXPECT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

/* ------------------------------------------------------------ close_many */

TEST(close_many_all_valid)
{
	zx_handle_t h[8];

	for (int i = 0; i < 8; i++)
		ASSERT_EQ(ZX_OK, zx_event_create(0, &h[i]));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 8));
	for (int i = 0; i < 8; i++)
		EXPECT_FALSE(zx_test_valid(h[i]));
}

TEST(close_many_ignores_invalid_entries)
{
	zx_handle_t h[4];

	ASSERT_EQ(ZX_OK, zx_event_create(0, &h[0]));
	h[1] = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_event_create(0, &h[2]));
	h[3] = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 4));
	EXPECT_FALSE(zx_test_valid(h[0]));
	EXPECT_FALSE(zx_test_valid(h[2]));
}

TEST(close_many_bad_entry_still_closes_rest)
{
	zx_handle_t h[4], dead;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &dead));
	ASSERT_EQ(ZX_OK, zx_handle_close(dead));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &h[0]));
	h[1] = dead;
	ASSERT_EQ(ZX_OK, zx_event_create(0, &h[2]));
	h[3] = 0x7fffffffu;
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, 4));
	EXPECT_FALSE(zx_test_valid(h[0]));
	EXPECT_FALSE(zx_test_valid(h[2]));
}

TEST(close_many_repeated_entry)
{
	zx_handle_t h[3];

	ASSERT_EQ(ZX_OK, zx_event_create(0, &h[0]));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &h[1]));
	h[2] = h[0];
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close_many(h, 3));
	EXPECT_FALSE(zx_test_valid(h[0]));
	EXPECT_FALSE(zx_test_valid(h[1]));
}

TEST(close_many_zero_count)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_handle_close_many(NULL, 0));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(&h, 0));
	EXPECT_TRUE(zx_test_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/*
 * Not a Zircon-specified case: an array the module cannot read is reported
 * as ZX_ERR_INVALID_ARGS (Zircon would fault the same copy-in the same way).
 */
TEST(close_many_bad_pointer)
{
	zx_handle_t h = zx_test_event();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_close_many(NULL, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_close_many(ZX_TEST_BAD_PTR, 4));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_close_many((const zx_handle_t *)(uintptr_t)
				       ZX_TEST_KERNEL_ADDR, 1));
	EXPECT_TRUE(zx_test_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/*
 * A huge count over a small array: the read runs off the end of the
 * mapping into a PROT_NONE guard page and the call fails cleanly.
 */
TEST(close_many_huge_count)
{
	size_t page = (size_t)getpagesize();
	char *map;
	zx_handle_t *arr, keep;

	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	/* Zeroes (ZX_HANDLE_INVALID) up to the guard page. */
	arr = (zx_handle_t *)map;
	keep = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, keep);

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_close_many(arr, SIZE_MAX / sizeof(zx_handle_t)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_close_many(arr, page / sizeof(zx_handle_t) + 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_handle_close_many(arr, SIZE_MAX));
	/* The process is fine and an unrelated handle untouched. */
	EXPECT_TRUE(zx_test_valid(keep));
	EXPECT_EQ(ZX_OK, zx_handle_close(keep));
	munmap(map, 2 * page);
}

/* ------------------------------------------------------------- duplicate */

TEST(duplicate_same_rights)
{
	zx_handle_t h = zx_test_event(), d = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t a, b;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	EXPECT_NE(h, d);
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, d & ZX_HANDLE_FIXED_BITS_MASK);
	a = zx_test_basic(h);
	b = zx_test_basic(d);
	EXPECT_NE(0u, a.koid);
	EXPECT_EQ(a.koid, b.koid);
	EXPECT_EQ(a.rights, b.rights);
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, b.rights);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_TRUE(zx_test_valid(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
}

TEST(duplicate_subset_rights)
{
	zx_handle_t h = zx_test_event(), d, d2;
	const zx_rights_t want = ZX_RIGHT_WAIT | ZX_RIGHT_DUPLICATE |
				 ZX_RIGHT_INSPECT;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, want, &d));
	EXPECT_EQ(want, zx_test_rights(d));
	/* A duplicate of the duplicate with SAME_RIGHTS keeps the subset. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(d, ZX_RIGHT_SAME_RIGHTS, &d2));
	EXPECT_EQ(want, zx_test_rights(d2));
	/* The reduced handle lost SIGNAL. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(d, 0,
							  ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_handle_close_many((zx_handle_t[]){ h, d, d2 }, 3));
}

TEST(duplicate_no_rights)
{
	zx_handle_t h = zx_test_event(), d;
	zx_info_handle_basic_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_NONE, &d));
	info = zx_test_basic(d);
	EXPECT_EQ(ZX_RIGHT_NONE, info.rights);
	EXPECT_EQ(zx_test_koid(h), info.koid);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_handle_duplicate(d, ZX_RIGHT_NONE, &(zx_handle_t){ 0 }));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_one(d, ZX_USER_SIGNAL_0, 0, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(duplicate_more_rights_is_invalid_args)
{
	zx_handle_t h = zx_test_event(), d, out = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_DUPLICATE |
					     ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(d, ZX_RIGHT_DUPLICATE | ZX_RIGHT_WAIT |
				      ZX_RIGHT_SIGNAL, &out));
	/* Events never had these. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_READ, &out));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SIGNAL_PEER, &out));
	/* SAME_RIGHTS is special only on its own. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS | ZX_RIGHT_WAIT,
				      &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
	EXPECT_EQ(2u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(duplicate_needs_duplicate_right)
{
	zx_handle_t h = zx_test_event(), d, out = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_EVENT_RIGHTS &
					     ~ZX_RIGHT_DUPLICATE, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_handle_duplicate(d, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_handle_duplicate(d, ZX_RIGHT_WAIT, &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(duplicate_bad_out_pointer)
{
	zx_handle_t h = zx_test_event();
	void *ro = zx_test_readonly_page();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS,
				      ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, ro));
	/* No handle was left behind by the failed calls. */
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(duplicate_bad_handle)
{
	zx_handle_t h = zx_test_event(), out = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_duplicate(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS,
				      &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
}

/* --------------------------------------------------------------- replace */

TEST(replace_same_rights)
{
	zx_handle_t h = zx_test_event(), r = ZX_HANDLE_INVALID;
	zx_koid_t koid = zx_test_koid(h);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_3));
	ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_NE(h, r);
	EXPECT_FALSE(zx_test_valid(h));
	EXPECT_EQ(koid, zx_test_koid(r));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zx_test_rights(r));
	/* Same object: its signals came along. */
	EXPECT_EQ(ZX_USER_SIGNAL_3, zx_test_signals(r));
	EXPECT_EQ(1u, zx_test_handle_count(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
}

TEST(replace_subset_rights)
{
	zx_handle_t h = zx_test_event(), r;
	const zx_rights_t want = ZX_RIGHT_WAIT | ZX_RIGHT_INSPECT;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_replace(h, want, &r));
	EXPECT_EQ(want, zx_test_rights(r));
	EXPECT_FALSE(zx_test_valid(h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(r, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
}

TEST(replace_needs_no_rights)
{
	zx_handle_t h = zx_test_event(), d, r;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_NONE, &d));
	ASSERT_EQ(ZX_OK, zx_handle_replace(d, ZX_RIGHT_SAME_RIGHTS, &r));
	EXPECT_FALSE(zx_test_valid(d));
	EXPECT_EQ(ZX_RIGHT_NONE, zx_test_rights(r));
	EXPECT_EQ(zx_test_koid(h), zx_test_koid(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(replace_more_rights_invalidates_handle)
{
	zx_handle_t h = zx_test_event(), d, r = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_WAIT, &d));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_replace(d, ZX_RIGHT_WAIT | ZX_RIGHT_SIGNAL, &r));
	EXPECT_EQ(ZX_HANDLE_INVALID, r);
	/* "handle is always invalidated" */
	EXPECT_FALSE(zx_test_valid(d));
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(replace_bad_out_invalidates_handle)
{
	zx_handle_t h = zx_test_event(), d1, d2;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d1));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d2));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_replace(d1, ZX_RIGHT_SAME_RIGHTS, NULL));
	EXPECT_FALSE(zx_test_valid(d1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_replace(d2, ZX_RIGHT_SAME_RIGHTS,
				    ZX_TEST_BAD_PTR));
	EXPECT_FALSE(zx_test_valid(d2));
	/* Neither call left a new handle behind. */
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(replace_bad_handle)
{
	zx_handle_t h = zx_test_event(), out = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS, &out));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_handle_replace(ZX_HANDLE_INVALID, ZX_RIGHT_SAME_RIGHTS,
				    &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
}

TEST(replace_last_eventpair_handle_keeps_peer_open)
{
	zx_handle_t a, b, r;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_handle_replace(b, ZX_RIGHT_SAME_RIGHTS, &r));
	/* The object never had zero handles: no PEER_CLOSED. */
	EXPECT_EQ(0u, zx_test_signals(a) & ZX_EVENTPAIR_PEER_CLOSED);
	/* A failed replace drops the last handle: now the peer sees it. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_handle_replace(r, ZX_RIGHT_SAME_RIGHTS, NULL));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
}

/* ---------------------------------------------------------- lookup races */

#define RACE_NS		ZX_MSEC(1500)

struct lookup_race {
	_Atomic zx_handle_t cur;	/* the live event's value, or a stale one */
	atomic_bool stop;
	long lookups, found, wrong;
	zx_status_t what;		/* the last wrong status */
};

/* Makes ports and closes them until @arg's deadline: its own table. */
static int race_ports(void *arg)
{
	zx_instant_mono_t end = *(zx_instant_mono_t *)arg;
	zx_handle_t p;

	while (zx_clock_get_monotonic() < end) {
		if (zx_port_create(0, &p) != ZX_OK)
			return 1;
		if (zx_handle_close(p) != ZX_OK)
			return 2;
	}
	return 0;
}

/* Looks up whatever value the closer published last. */
static void *race_lookups(void *arg)
{
	struct lookup_race *r = arg;
	zx_info_handle_basic_t info;
	zx_status_t s;
	zx_handle_t v;

	while (!atomic_load(&r->stop)) {
		v = atomic_load(&r->cur);
		s = zx_object_signal(v, 0, ZX_USER_SIGNAL_0);
		if (s != ZX_OK && s != ZX_ERR_BAD_HANDLE) {
			r->wrong++;
			r->what = s;
		}
		s = zx_object_get_info(v, ZX_INFO_HANDLE_BASIC, &info,
				       sizeof(info), NULL, NULL);
		if (s == ZX_OK && info.type != ZX_OBJ_TYPE_EVENT) {
			r->wrong++;
			r->what = ZX_ERR_WRONG_TYPE;
		} else if (s != ZX_OK && s != ZX_ERR_BAD_HANDLE) {
			r->wrong++;
			r->what = s;
		}
		r->found += s == ZX_OK;
		r->lookups++;
	}
	return NULL;
}

/*
 * A thread looks up the values of events another closes at once, while a
 * child process makes and closes ports, whose handles take the same
 * values in its table and the closed handles' memory (the handle cache
 * is SLAB_TYPESAFE_BY_RCU).  A lookup finds the event or nothing, never
 * a port.
 */
TEST(lookups_race_closes_and_reuse)
{
	zx_instant_mono_t end = zx_clock_get_monotonic() + RACE_NS;
	struct lookup_race r = { .cur = ZX_HANDLE_INVALID };
	pthread_t thread;
	zx_handle_t e;
	long made = 0;
	pid_t pid;

	pid = zx_test_fork(race_ports, &end);
	ASSERT_GE(pid, 0);
	ASSERT_EQ(0, pthread_create(&thread, NULL, race_lookups, &r));
	while (zx_clock_get_monotonic() < end) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &e));
		atomic_store(&r.cur, e);
		ASSERT_EQ(ZX_OK, zx_handle_close(e));
		made++;
	}
	atomic_store(&r.stop, true);
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	TH_LOG("%ld events, %ld lookups, %ld found", made, r.lookups,
	       r.found);
	EXPECT_EQ(0, r.wrong) {
		TH_LOG("last wrong status %d", r.what);
	}
	EXPECT_LT(0, r.lookups);
}

ZX_TEST_MAIN(NULL, NULL)
