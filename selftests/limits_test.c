// SPDX-License-Identifier: GPL-2.0
/*
 * The per-process handle limit: module parameter max_handles (root may
 * change it at any time; it is read at every allocation).  Past it, calls
 * that would add a handle fail with ZX_ERR_NO_RESOURCES.
 *
 * The tests lower the limit; the fixture puts the old value back in its
 * teardown, which runs whether the test passed or not.  The filling is done
 * in forked children, whose tables start empty.
 */
#include "zx_test_util.h"

#define PARAM	"max_handles"
#define LIMIT	64

FIXTURE(limit) {
	long saved;
};

FIXTURE_SETUP(limit)
{
	self->saved = -1;
	if (geteuid() != 0)
		SKIP(return, "needs root to change " PARAM);
	self->saved = zx_test_read_param(PARAM);
	if (self->saved < 0)
		SKIP(return, "no " PARAM " parameter");
	ASSERT_EQ(0, zx_test_write_param(PARAM, LIMIT));
	ASSERT_EQ(LIMIT, zx_test_read_param(PARAM));
}

FIXTURE_TEARDOWN(limit)
{
	if (self->saved >= 0)
		EXPECT_EQ(0, zx_test_write_param(PARAM, self->saved));
}

/*
 * kselftest_harness.h of 6.1 runs the test body even after SKIP() in the
 * setup; this stops it.
 */

/* Creates events until the first failure; returns how many it made. */
static int fill(zx_handle_t *h, int max, zx_status_t *last)
{
	int n = 0;

	*last = ZX_OK;
	while (n < max) {
		*last = zx_event_create(0, &h[n]);
		if (*last != ZX_OK)
			break;
		n++;
	}
	return n;
}

static int child_hits_limit(void *arg)
{
	zx_handle_t h[LIMIT + 8], extra = ZX_HANDLE_INVALID;
	zx_status_t last;
	int n;

	(void)arg;
	n = fill(h, LIMIT + 8, &last);
	CHILD_CHECK(n == LIMIT);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	/* Still full: every call that adds a handle fails. */
	CHILD_CHECK(zx_event_create(0, &extra) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(zx_handle_duplicate(h[0], ZX_RIGHT_SAME_RIGHTS, &extra) ==
		    ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(extra == ZX_HANDLE_INVALID);
	/* The existing handles all work. */
	for (int i = 0; i < n; i++)
		CHILD_CHECK(zx_object_signal(h[i], 0, ZX_USER_SIGNAL_0) ==
			    ZX_OK);
	/* One closed, one more fits, and no more. */
	CHILD_CHECK(zx_handle_close(h[0]) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &h[0]) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &extra) == ZX_ERR_NO_RESOURCES);
	/* close_many frees room as well. */
	CHILD_CHECK(zx_handle_close_many(h, 8) == ZX_OK);
	CHILD_CHECK(fill(h, 16, &last) == 8);
	return 0;
}

TEST_F(limit, enforced)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	EXPECT_EQ(0, zx_test_in_child(child_hits_limit, NULL));
}

static int child_pair_at_limit(void *arg)
{
	zx_handle_t h[LIMIT], a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	zx_status_t last;
	long live;

	(void)arg;
	CHILD_CHECK(fill(h, LIMIT - 1, &last) == LIMIT - 1);
	live = zx_test_live_objects();
	/* A pair needs two slots; there is one.  Nothing may be left. */
	CHILD_CHECK(zx_eventpair_create(0, &a, &b) == ZX_ERR_NO_RESOURCES);
	if (a != ZX_HANDLE_INVALID)
		CHILD_CHECK(!zx_test_valid(a));
	if (live >= 0)
		CHILD_CHECK(zx_test_live_objects_settle(live, 1000) == live);
	/* The one slot is still free. */
	CHILD_CHECK(zx_event_create(0, &h[LIMIT - 1]) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &a) == ZX_ERR_NO_RESOURCES);
	return 0;
}

TEST_F(limit, eventpair_needs_two_slots)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	EXPECT_EQ(0, zx_test_in_child(child_pair_at_limit, NULL));
}

/*
 * Replacing trades one handle for one: it works at the limit (the old
 * handle goes before the new one is made).  Module behaviour; Zircon has
 * no per-process limit of this kind.
 */
static int child_replace_at_limit(void *arg)
{
	zx_handle_t h[LIMIT], r;
	zx_status_t last;

	(void)arg;
	CHILD_CHECK(fill(h, LIMIT, &last) == LIMIT);
	CHILD_CHECK(zx_handle_replace(h[5], ZX_RIGHT_SAME_RIGHTS, &r) ==
		    ZX_OK);
	CHILD_CHECK(zx_test_valid(r));
	CHILD_CHECK(!zx_test_valid(h[5]));
	CHILD_CHECK(zx_event_create(0, &h[5]) == ZX_ERR_NO_RESOURCES);
	return 0;
}

TEST_F(limit, replace_at_limit)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	EXPECT_EQ(0, zx_test_in_child(child_replace_at_limit, NULL));
}

/* A descriptor cannot become a handle in a full table; it stays usable. */
static int child_fd_at_limit(void *arg)
{
	zx_handle_t h[LIMIT], e, back = ZX_HANDLE_INVALID;
	zx_status_t last;
	int fd;

	(void)arg;
	CHILD_CHECK(zx_event_create(0, &e) == ZX_OK);
	CHILD_CHECK(zx_linux_handle_to_fd(e, 0, &fd) == ZX_OK);
	CHILD_CHECK(fill(h, LIMIT, &last) == LIMIT);
	CHILD_CHECK(zx_linux_fd_to_handle(fd, &back) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(back == ZX_HANDLE_INVALID);
	CHILD_CHECK(zx_test_fd_open(fd));
	CHILD_CHECK(zx_handle_close(h[0]) == ZX_OK);
	CHILD_CHECK(zx_linux_fd_to_handle(fd, &back) == ZX_OK);
	CHILD_CHECK(zx_test_valid(back));
	return 0;
}

TEST_F(limit, fd_to_handle_at_limit)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	EXPECT_EQ(0, zx_test_in_child(child_fd_at_limit, NULL));
}

/* The parameter is read at every allocation. */
static int child_limit_changes(void *arg)
{
	zx_handle_t h[LIMIT * 2];
	zx_status_t last;
	int n;

	(void)arg;
	CHILD_CHECK(fill(h, LIMIT * 2, &last) == LIMIT);
	CHILD_CHECK(zx_test_write_param(PARAM, LIMIT + 16) == 0);
	n = fill(h + LIMIT, LIMIT, &last);
	CHILD_CHECK(n == 16);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	/* Lowered below what the process holds: nothing is taken away,
	 * but nothing new fits until it is under the limit again. */
	CHILD_CHECK(zx_test_write_param(PARAM, 16) == 0);
	for (int i = 0; i < LIMIT + 16; i++)
		CHILD_CHECK(zx_test_valid(h[i]));
	CHILD_CHECK(zx_event_create(0, &h[0]) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(zx_handle_close_many(h, LIMIT + 1) == ZX_OK);
	/* 15 left: one fits. */
	CHILD_CHECK(fill(h, 8, &last) == 1);
	return 0;
}

TEST_F(limit, read_at_every_allocation)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	EXPECT_EQ(0, zx_test_in_child(child_limit_changes, NULL));
}

/* One process at its limit does not stop another. */
static int child_stays_full(void *arg)
{
	int *pipes = arg;	/* [0]: read "go", [3]: write "full" */
	zx_handle_t h[LIMIT + 1];
	zx_status_t last;
	char c;

	CHILD_CHECK(fill(h, LIMIT + 1, &last) == LIMIT);
	CHILD_CHECK(write(pipes[3], "f", 1) == 1);
	CHILD_CHECK(read(pipes[0], &c, 1) == 1);
	/* Still full after the other process made its handles. */
	CHILD_CHECK(zx_event_create(0, &h[LIMIT]) == ZX_ERR_NO_RESOURCES);
	return 0;
}

TEST_F(limit, other_processes_unaffected)
{
	int pipes[4];	/* go: [0] read, [1] write; full: [2] read, [3] write */
	zx_handle_t h[16];
	zx_status_t last;
	pid_t pid;
	char c;

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, pipe(&pipes[0]));
	ASSERT_EQ(0, pipe(&pipes[2]));
	pid = zx_test_fork(child_stays_full, pipes);
	ASSERT_GE(pid, 0);
	ASSERT_EQ(1, read(pipes[2], &c, 1));
	/* The child is full; this process is not. */
	EXPECT_EQ(16, fill(h, 16, &last));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(h, 16));
	ASSERT_EQ(1, write(pipes[1], "g", 1));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	for (int i = 0; i < 4; i++)
		close(pipes[i]);
}

static int child_fills_and_exits(void *arg)
{
	zx_handle_t h[LIMIT];
	zx_status_t last;

	(void)arg;
	CHILD_CHECK(fill(h, LIMIT, &last) == LIMIT);
	return 0;
}

TEST_F(limit, full_table_released_at_exit)
{
	long before;

	ZX_TEST_SKIPPED_IN_SETUP();
	before = zx_test_live_objects();
	if (before < 0)
		SKIP(return, "no live_objects parameter");
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(0, zx_test_in_child(child_fills_and_exits, NULL));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 2000));
}

ZX_TEST_MAIN(NULL, NULL)
