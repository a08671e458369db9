// SPDX-License-Identifier: GPL-2.0
/*
 * Reference cycles through channels: endpoints queued inside each other's
 * queues (or in their own) and no longer reachable by any process.  Zircon
 * leaks them; zircon.ko collects them (Documentation/zircon.rst, "Reference
 * cycles").  These tests check that garbage goes, with everything it held,
 * and that nothing a process can still read is ever taken.
 *
 * The collector runs some milliseconds after the handle operation that
 * made the garbage, so the tests poll with a deadline of seconds.
 */
#include "zx_test_util.h"

#define SETTLE_MS	5000
/* Long enough for the collector to have run if it were going to. */
#define QUIET_MS	200

static zx_status_t send_handle(zx_handle_t ch, zx_handle_t h)
{
	return zx_channel_write(ch, 0, "h", 1, &h, 1);
}

/* Reads one message expected to carry exactly one handle. */
static zx_handle_t recv_handle(zx_handle_t ch)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	uint32_t nb = 0, nh = 0;
	char b[8];

	if (zx_channel_read(ch, 0, b, &h, sizeof(b), 1, &nb, &nh) != ZX_OK ||
	    nh != 1)
		return ZX_HANDLE_INVALID;
	return h;
}

static bool peer_closed_soon(zx_handle_t h)
{
	zx_signals_t obs = 0;

	return zx_object_wait_one(h, ZX_CHANNEL_PEER_CLOSED,
				  zx_deadline_after(ZX_TEST_MS(SETTLE_MS)),
				  &obs) == ZX_OK;
}

static bool peer_closed_now(zx_handle_t h)
{
	return zx_test_signals(h) & ZX_CHANNEL_PEER_CLOSED;
}

/* Sends a message and reads it at the other end: the pair still works. */
static bool pair_works(zx_handle_t a, zx_handle_t b)
{
	uint32_t nb = 0, nh = 0;
	char buf[8] = { 0 };

	return zx_channel_write(a, 0, "ping", 4, NULL, 0) == ZX_OK &&
	       zx_channel_read(b, 0, buf, NULL, sizeof(buf), 0, &nb, &nh) ==
	       ZX_OK && nb == 4 && memcmp(buf, "ping", 4) == 0;
}

FIXTURE(gc) {
	long before;
};

FIXTURE_SETUP(gc)
{
	self->before = zx_test_live_objects();
	if (self->before < 0)
		SKIP(return, "no live_objects parameter");
}

FIXTURE_TEARDOWN(gc)
{
	if (self->before >= 0)
		EXPECT_EQ(self->before,
			  zx_test_live_objects_settle(self->before, SETTLE_MS));
}

/* A1 in B1's queue, B1 in A1's: unreachable, so both go. */
TEST_F(gc, two_endpoints_in_each_others_queue)
{
	zx_handle_t a0, a1, b0, b1;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a0, &a1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &b0, &b1));
	ASSERT_EQ(ZX_OK, send_handle(b0, a1));	/* into B1's queue */
	ASSERT_EQ(ZX_OK, send_handle(a0, b1));	/* into A1's queue */
	/* The ends still held see their peers collected. */
	EXPECT_TRUE(peer_closed_soon(a0));
	EXPECT_TRUE(peer_closed_soon(b0));
	EXPECT_EQ(self->before + 2,
		  zx_test_live_objects_settle(self->before + 2, SETTLE_MS));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_channel_write(a0, 0, "x", 1, NULL, 0));
	zx_handle_close(a0);
	zx_handle_close(b0);
}

/* An endpoint written into its own queue (through its peer). */
TEST_F(gc, endpoint_in_its_own_queue)
{
	zx_handle_t a0, a1;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a0, &a1));
	ASSERT_EQ(ZX_OK, send_handle(a0, a1));
	EXPECT_TRUE(peer_closed_soon(a0));
	EXPECT_EQ(self->before + 1,
		  zx_test_live_objects_settle(self->before + 1, SETTLE_MS));
	zx_handle_close(a0);
}

/* The same cycle, left by a process that exits without closing anything. */
static int child_leaves_cycles(void *arg)
{
	zx_handle_t a0, a1, b0, b1;

	(void)arg;
	for (int i = 0; i < 20; i++) {
		CHILD_CHECK(zx_channel_create(0, &a0, &a1) == ZX_OK);
		CHILD_CHECK(zx_channel_create(0, &b0, &b1) == ZX_OK);
		CHILD_CHECK(send_handle(b0, a1) == ZX_OK);
		CHILD_CHECK(send_handle(a0, b1) == ZX_OK);
	}
	return 0;
}

TEST_F(gc, cycles_left_at_exit)
{
	EXPECT_EQ(0, zx_test_in_child(child_leaves_cycles, NULL));
}

/* Not garbage: the holder is still in the table. */
TEST_F(gc, queued_endpoint_with_reachable_holder_kept)
{
	zx_handle_t a0, a1, b0, b1, got;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a0, &a1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &b0, &b1));
	ASSERT_EQ(ZX_OK, send_handle(b0, a1));
	zx_handle_close(b0);	/* B1 holds A1 and is held by this table */
	zx_test_sleep_ms(QUIET_MS);
	EXPECT_FALSE(peer_closed_now(a0));
	got = recv_handle(b1);
	ASSERT_NE(ZX_HANDLE_INVALID, got);
	EXPECT_TRUE(pair_works(a0, got));
	zx_handle_close(a0);
	zx_handle_close(got);
	zx_handle_close(b1);
}

/* A chain C1 -> B1 -> A1, with only C1 in a table: all reachable. */
TEST_F(gc, chain_through_queues_kept)
{
	zx_handle_t a0, a1, b0, b1, c0, c1, gb, ga;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a0, &a1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &b0, &b1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, send_handle(b0, a1));
	ASSERT_EQ(ZX_OK, send_handle(c0, b1));
	zx_handle_close(b0);
	zx_handle_close(c0);
	zx_test_sleep_ms(QUIET_MS);
	EXPECT_FALSE(peer_closed_now(a0));
	gb = recv_handle(c1);
	ASSERT_NE(ZX_HANDLE_INVALID, gb);
	ga = recv_handle(gb);
	ASSERT_NE(ZX_HANDLE_INVALID, ga);
	EXPECT_TRUE(pair_works(a0, ga));
	zx_handle_close(ga);
	zx_handle_close(gb);
	zx_handle_close(c1);
	zx_handle_close(a0);
}

/*
 * An endpoint taken out of a reachable queue and put back, again and
 * again, while the collector runs: never taken.
 */
TEST_F(gc, queued_and_taken_out_again)
{
	zx_handle_t a0, a1, b0, b1, t0, t1;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a0, &a1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &b0, &b1));
	for (int i = 0; i < 20; i++) {
		ASSERT_EQ(ZX_OK, send_handle(b0, a1));
		/* Garbage elsewhere, to make the collector run. */
		ASSERT_EQ(ZX_OK, zx_channel_create(0, &t0, &t1));
		ASSERT_EQ(ZX_OK, send_handle(t0, t1));
		zx_handle_close(t0);
		zx_test_sleep_ms(20);
		EXPECT_FALSE(peer_closed_now(a0));
		a1 = recv_handle(b1);
		ASSERT_NE(ZX_HANDLE_INVALID, a1);
		EXPECT_TRUE(pair_works(a0, a1));
	}
	zx_handle_close(a0);
	zx_handle_close(a1);
	zx_handle_close(b0);
	zx_handle_close(b1);
}

/*
 * A ring of 64 channels, each second end queued in the next one's, with
 * other objects in the queues too: everything goes once the first ends
 * close.
 */
TEST_F(gc, ring_with_other_objects)
{
	enum { N = 64 };
	zx_handle_t e0[N], e1[N], extra[2];

	for (int i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, zx_channel_create(0, &e0[i], &e1[i]));
	extra[0] = zx_test_event();
	extra[1] = zx_test_vmo(65536, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, extra[0]);
	ASSERT_NE(ZX_HANDLE_INVALID, extra[1]);
	ASSERT_EQ(ZX_OK, zx_channel_write(e0[5], 0, "xy", 2, extra, 2));
	for (int i = 0; i < N; i++)
		ASSERT_EQ(ZX_OK, send_handle(e0[(i + 1) % N], e1[i]));
	/* Every second end was only in the ring: all collected. */
	for (int i = 0; i < N; i++) {
		EXPECT_TRUE(peer_closed_soon(e0[i]));
	}
	for (int i = 0; i < N; i++)
		zx_handle_close(e0[i]);
}

/* A long chain hanging off a cycle goes too, without deep recursion. */
TEST_F(gc, deep_chain_below_a_cycle)
{
	enum { DEPTH = 1000 };
	zx_handle_t a0, a1, b0, b1, inner0, inner1, prev;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &inner0, &inner1));
	prev = inner1;
	zx_handle_close(inner0);
	for (int i = 0; i < DEPTH; i++) {
		ASSERT_EQ(ZX_OK, zx_channel_create(0, &b0, &b1));
		ASSERT_EQ(ZX_OK, send_handle(b0, prev));
		zx_handle_close(b0);
		prev = b1;
	}
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a0, &a1));
	ASSERT_EQ(ZX_OK, zx_channel_write(a0, 0, "h", 1, &prev, 1));
	ASSERT_EQ(ZX_OK, send_handle(a0, a1));	/* the cycle */
	EXPECT_TRUE(peer_closed_soon(a0));
	zx_handle_close(a0);
}

/* Readers move endpoints in and out of queues while the collector runs. */
struct churn {
	zx_handle_t in, out;	/* a channel whose queue carries endpoints */
	int rounds;
	int failed;
};

static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	zx_handle_t x0, x1, y0, y1, got;

	for (int i = 0; i < c->rounds; i++) {
		if (zx_channel_create(0, &x0, &x1) != ZX_OK ||
		    send_handle(c->in, x1) != ZX_OK) {
			c->failed++;
			break;
		}
		/* Garbage for the collector to find meanwhile. */
		if (zx_channel_create(0, &y0, &y1) != ZX_OK ||
		    send_handle(y0, y1) != ZX_OK) {
			c->failed++;
			break;
		}
		zx_handle_close(y0);
		got = recv_handle(c->out);
		while (got == ZX_HANDLE_INVALID) {
			zx_signals_t obs;

			zx_object_wait_one(c->out, ZX_CHANNEL_READABLE,
					   zx_deadline_after(ZX_TEST_MS(1000)),
					   &obs);
			got = recv_handle(c->out);
		}
		/* What went in came out, still paired with x0. */
		if (!pair_works(x0, got))
			c->failed++;
		zx_handle_close(got);
		zx_handle_close(x0);
	}
	return NULL;
}

static int child_churns(void *arg)
{
	enum { THREADS = 4 };
	struct churn c[THREADS];
	pthread_t th[THREADS];
	zx_handle_t a0, a1, b0, b1;

	(void)arg;
	for (int t = 0; t < THREADS; t++) {
		CHILD_CHECK(zx_channel_create(0, &c[t].in, &c[t].out) ==
			    ZX_OK);
		c[t].rounds = 300;
		c[t].failed = 0;
		CHILD_CHECK(pthread_create(&th[t], NULL, churn_thread,
					   &c[t]) == 0);
	}
	/* Make cycles, which kick the collector, while the threads run. */
	for (int i = 0; i < 300; i++) {
		CHILD_CHECK(zx_channel_create(0, &a0, &a1) == ZX_OK);
		CHILD_CHECK(zx_channel_create(0, &b0, &b1) == ZX_OK);
		CHILD_CHECK(send_handle(b0, a1) == ZX_OK);
		CHILD_CHECK(send_handle(a0, b1) == ZX_OK);
		zx_handle_close(a0);
		zx_handle_close(b0);
	}
	for (int t = 0; t < THREADS; t++) {
		pthread_join(th[t], NULL);
		CHILD_CHECK(c[t].failed == 0);
		zx_handle_close(c[t].in);
		zx_handle_close(c[t].out);
	}
	return 0;
}

TEST_F(gc, readers_race_the_collector)
{
	EXPECT_EQ(0, zx_test_in_child(child_churns, NULL));
}

ZX_TEST_MAIN(NULL, NULL)
