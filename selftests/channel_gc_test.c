// SPDX-License-Identifier: GPL-2.0
/*
 * The cycle collector under hostile load, cycles through the replies of
 * suspended calls, and the fair share of the queued-bytes quota
 * (Documentation/zircon.rst, "Reference cycles" and "Limits and
 * accounting").
 */
#include <grp.h>
#include <setjmp.h>

#include "zx_test_util.h"

#define HOSTILE_UID	1000
#define SETTLE_MS	30000

static const char *const params[] = {
	"max_queued_bytes_per_user", "channel_max_queued_bytes",
};
#define NPARAMS	(sizeof(params) / sizeof(params[0]))

FIXTURE(cg) {
	long before;
	long saved[NPARAMS];
};

FIXTURE_SETUP(cg)
{
	self->before = zx_test_live_objects();
	if (self->before < 0)
		SKIP(return, "no live_objects parameter");
	/* A missing parameter fails the test that needs it. */
	for (size_t i = 0; i < NPARAMS; i++)
		self->saved[i] = zx_test_read_param(params[i]);
}

FIXTURE_TEARDOWN(cg)
{
	if (self->before < 0)
		return;
	for (size_t i = 0; i < NPARAMS; i++)
		if (self->saved[i] >= 0)
			EXPECT_EQ(0, zx_test_write_param(params[i],
							 self->saved[i]));
	EXPECT_EQ(self->before,
		  zx_test_live_objects_settle(self->before, SETTLE_MS));
}



/* ------------------------------------- the collector under hostile load */

/*
 * Endpoints holding endpoints, each behind many empty messages: the shape
 * that made every pass of the collector walk every queued message, under
 * the mutex that every transfer of an endpoint takes.
 */
#define NHOLDERS	1500
#define EMPTY_PER_HOLDER 200	/* up to 300,000 empty messages in all */
#define PARK_MS		40000	/* parks fewer where that is slow */
#define WINDOW_MS	2000

struct shared {
	volatile int phase;	/* set by the parent: 1, 3 drop; 2 park; 4 stop */
	volatile int ready;	/* set by the child: 1 set up; 2 parked */
	volatile long parked;
	volatile long drops;
};

static void wait_phase(struct shared *s, int phase)
{
	while (s->phase < phase)
		zx_test_sleep_ms(5);
}

/*
 * As fast as possible while the phase lasts: an endpoint holding an
 * endpoint goes into a queue and its last other handle is dropped (a
 * cycle could have formed, so a pass runs), then it is read back and
 * closed.
 */
static int drop_loop(struct shared *s, int phase, zx_handle_t k0,
		     zx_handle_t k1)
{
	uint32_t nb, nh;
	char b[4];

	while (s->phase == phase) {
		zx_handle_t x0, x1, z0, z1, got = ZX_HANDLE_INVALID;

		CHILD_CHECK(zx_channel_create(0, &x0, &x1) == ZX_OK);
		CHILD_CHECK(zx_channel_create(0, &z0, &z1) == ZX_OK);
		CHILD_CHECK(zx_channel_write(x1, 0, "z", 1, &z0, 1) == ZX_OK);
		CHILD_CHECK(zx_channel_write(k0, 0, "x", 1, &x0, 1) == ZX_OK);
		CHILD_CHECK(zx_handle_close(x1) == ZX_OK);
		CHILD_CHECK(zx_handle_close(z1) == ZX_OK);
		CHILD_CHECK(zx_channel_read(k1, 0, b, &got, sizeof(b), 1, &nb,
					    &nh) == ZX_OK);
		CHILD_CHECK(zx_handle_close(got) == ZX_OK);
		s->drops++;
	}
	return 0;
}

/*
 * The hostile process: the same drop loop twice, first with nothing
 * parked (the honest process's baseline is measured then, against the
 * same competition for the CPUs), then behind the parked messages.
 */
static int hostile_main(void *arg)
{
	struct shared *s = arg;
	zx_handle_t k0, k1;
	int64_t end;

	if (zx_test_become(HOSTILE_UID))
		return 90;
	CHILD_CHECK(zx_channel_create(0, &k0, &k1) == ZX_OK);
	s->ready = 1;
	wait_phase(s, 1);
	if (drop_loop(s, 1, k0, k1))
		return 1;
	end = zx_test_now() + ZX_TEST_MS(PARK_MS);
	for (int i = 0; i < NHOLDERS && zx_test_now() < end; i++) {
		zx_handle_t h0, h1, e0, e1;

		CHILD_CHECK(zx_channel_create(0, &h0, &h1) == ZX_OK);
		CHILD_CHECK(zx_channel_create(0, &e0, &e1) == ZX_OK);
		CHILD_CHECK(zx_channel_write(h1, 0, "e", 1, &e0, 1) == ZX_OK);
		for (int j = 0; j < EMPTY_PER_HOLDER; j++)
			CHILD_CHECK(zx_channel_write(h1, 0, NULL, 0, NULL, 0) ==
				    ZX_OK);
		s->parked += EMPTY_PER_HOLDER;
		/* h0, h1 and e1 stay open: nothing here is garbage. */
	}
	s->ready = 2;
	wait_phase(s, 3);
	return drop_loop(s, 3, k0, k1);
}

/*
 * Round trips in @ms of an endpoint @e passed back and forth over a, b
 * (as a client hands a server the end of a new channel).
 */
static long pingpong(zx_handle_t a, zx_handle_t b, zx_handle_t *e, int ms,
		     int64_t *worst)
{
	int64_t end = zx_test_now() + ZX_TEST_MS(ms), t0, t;
	uint32_t nb, nh;
	char buf[16];
	long n = 0;

	*worst = 0;
	while ((t0 = zx_test_now()) < end) {
		if (zx_channel_write(a, 0, "ping", 4, e, 1) != ZX_OK ||
		    zx_channel_read(b, 0, buf, e, sizeof(buf), 1, &nb,
				    &nh) != ZX_OK ||
		    zx_channel_write(b, 0, "pong", 4, e, 1) != ZX_OK ||
		    zx_channel_read(a, 0, buf, e, sizeof(buf), 1, &nb,
				    &nh) != ZX_OK)
			return -1;
		n++;
		t = zx_test_now() - t0;
		if (t > *worst)
			*worst = t;
	}
	return n;
}

/* Waits for the child to get ready; false if it died first. */
static bool child_ready(struct shared *s, pid_t pid, int ready)
{
	while (s->ready < ready) {
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return false;
		zx_test_sleep_ms(20);
	}
	return true;
}

/*
 * What the hostile load costs everyone is the collector's work per pass
 * under zx_gc_lock: it must not grow with the messages parked behind the
 * holders.  That is asserted from the collector's own counters; the round
 * trip rates are only reported (a timing never decides a test).
 */
TEST_F(cg, hostile_collector_load_leaves_others_their_rate)
{
	long passes, holders, messages, passes1, holders1, messages1;
	int64_t worst_base, worst_during;
	long base, during, drops0, drops1;
	zx_handle_t a, b, e, e1;
	struct shared *s;
	pid_t pid;

	ZX_TEST_SKIPPED_IN_SETUP();
	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, s);
	memset((void *)s, 0, sizeof(*s));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &e, &e1));
	pid = zx_test_fork(hostile_main, (void *)s);
	ASSERT_LT(0, pid);
	ASSERT_TRUE(child_ready(s, pid, 1));

	/* The baseline: the hostile loop runs, nothing is parked. */
	s->phase = 1;
	zx_test_sleep_ms(200);
	drops0 = s->drops;
	base = pingpong(a, b, &e, WINDOW_MS, &worst_base);
	drops0 = s->drops - drops0;
	s->phase = 2;
	ASSERT_TRUE(child_ready(s, pid, 2));

	/* The same loop behind hundreds of thousands of parked messages. */
	s->phase = 3;
	zx_test_sleep_ms(200);
	drops1 = s->drops;
	passes = zx_test_counter("gc.passes");
	holders = zx_test_counter("gc.holders_seen");
	messages = zx_test_counter("gc.messages_seen");
	during = pingpong(a, b, &e, WINDOW_MS, &worst_during);
	passes1 = zx_test_counter("gc.passes") - passes;
	holders1 = zx_test_counter("gc.holders_seen") - holders;
	messages1 = zx_test_counter("gc.messages_seen") - messages;
	drops1 = s->drops - drops1;
	s->phase = 4;
	EXPECT_EQ(0, zx_test_wait_child(pid));
	TH_LOG("round trips per %d ms: %ld (worst %lld us) while the hostile loop dropped %ld ends with nothing parked; %ld (worst %lld us) while it dropped %ld with %ld empty messages parked behind endpoints holding endpoints",
	       WINDOW_MS, base, (long long)(worst_base / 1000), drops0,
	       during, (long long)(worst_during / 1000), drops1,
	       (long)s->parked);
	ASSERT_LE(0, passes) {
		TH_LOG("no %s", ZX_TEST_COUNTERS);
	}
	TH_LOG("the collector: %ld passes, %ld holders and %ld messages looked at",
	       passes1, holders1, messages1);
	/* Both sides got somewhere, and the hostile drops kicked passes. */
	EXPECT_LT(0, base);
	EXPECT_LT(0, during);
	EXPECT_LT(0, drops1);
	ASSERT_LT(0, passes1);
	/*
	 * Every parked holder is a root (its other handles are open): a pass
	 * glances at each holder but walks none of their messages, only the
	 * few of the drop loop's endpoints in flight.  One pass that walked
	 * the parked queues would see EMPTY_PER_HOLDER messages per holder.
	 */
	/* The counters are read one by one: a pass may straddle a read. */
	EXPECT_GE((passes1 + 1) * (NHOLDERS + 16), holders1);
	EXPECT_GE((passes1 + 1) * 8, messages1);
	zx_handle_close(a);
	zx_handle_close(b);
	zx_handle_close(e);
	zx_handle_close(e1);
	munmap((void *)s, sizeof(*s));
}

/* ------------------------------------- a cycle through a parked reply */

static sigjmp_buf parked_env;
static volatile int parked_jumped;

static void on_usr1_jump(int sig)
{
	(void)sig;
	siglongjmp(parked_env, 1);
}

struct parked {
	zx_handle_t x;
	pthread_t thread;
	volatile pid_t tid;
	volatile zx_status_t status;
};

static void *parked_main(void *arg)
{
	struct parked *p = arg;
	uint8_t wr[16] = { 0 }, rd[64];
	zx_handle_t hs[4];
	uint32_t ab = 0, ah = 0;
	zx_channel_call_args_t args = {
		.wr_bytes = wr, .wr_num_bytes = sizeof(wr),
		.rd_bytes = rd, .rd_num_bytes = sizeof(rd),
		.rd_handles = hs, .rd_num_handles = 4,
	};

	if (sigsetjmp(parked_env, 1)) {
		/* Out of the call for good: it stays parked in the kernel. */
		parked_jumped = 1;
		return NULL;
	}
	p->tid = zx_test_gettid();
	p->status = zx_channel_call(p->x, 0, ZX_TIME_INFINITE, &args, &ab,
				    &ah);
	return NULL;
}

TEST_F(cg, cycle_through_a_parked_reply_is_collected)
{
	struct sigaction sa = { .sa_handler = on_usr1_jump }, old;
	zx_handle_t x, xp, y, yp, vmo, hs[2];
	struct parked p = { 0 };
	static uint8_t page[4096];
	uint8_t req[64];
	uint32_t nb, nh;
	zx_signals_t seen;

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &x, &xp));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &y, &yp));
	ASSERT_EQ(ZX_OK, zx_vmo_create(1 << 20, 0, &vmo));
	memset(page, 0x5a, sizeof(page));
	for (uint64_t off = 0; off < (1 << 20); off += sizeof(page))
		ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, page, off, sizeof(page)));

	/* A call that a signal handler leaves with siglongjmp(). */
	parked_jumped = 0;
	p.x = x;
	p.status = 1;
	ASSERT_EQ(0, pthread_create(&p.thread, NULL, parked_main, &p));
	ASSERT_EQ(ZX_OK, zx_object_wait_one(xp, ZX_CHANNEL_READABLE,
					    zx_deadline_after(ZX_SEC(30)),
					    &seen));
	ASSERT_EQ(ZX_OK, zx_channel_read(xp, 0, req, NULL, sizeof(req), 0,
					 &nb, &nh));
	ASSERT_LE(4u, nb);
	zx_test_thread_blocked(p.tid, 5000);
	ASSERT_EQ(0, pthread_kill(p.thread, SIGUSR1));
	pthread_join(p.thread, NULL);
	ASSERT_EQ(1, parked_jumped);
	ASSERT_EQ(1, p.status);

	/* The reply, carrying y and the VMO, lands in the parked call. */
	hs[0] = y;
	hs[1] = vmo;
	ASSERT_EQ(ZX_OK, zx_channel_write(xp, 0, req, 4, hs, 2));
	/* x's last handle goes into y's queue; everything else closes. */
	ASSERT_EQ(ZX_OK, zx_channel_write(yp, 0, "x", 1, &x, 1));
	ASSERT_EQ(ZX_OK, zx_handle_close(yp));
	ASSERT_EQ(ZX_OK, zx_handle_close(xp));
	sigaction(SIGUSR1, &old, NULL);
	/* The fixture's teardown checks that x, y and the VMO went. */
}

/* ------------------------------------- fair share of the bytes quota */

#define MSG	65536
static uint8_t msg[MSG];

/* Writes MSG-byte messages on @h until the first failure. */
static int fill(zx_handle_t h, zx_status_t *last)
{
	int n = 0;

	while ((*last = zx_channel_write(h, 0, msg, MSG, NULL, 0)) == ZX_OK)
		n++;
	return n;
}

/*
 * A server streaming 64 KiB messages to two clients that never read and
 * to one that does: the honest one keeps being served.
 */
static int stalled_clients_main(void *arg)
{
	zx_handle_t s1, c1, s2, c2, s3, c3;
	zx_status_t last;
	uint32_t nb, nh;
	int n1, n2;

	(void)arg;
	if (zx_test_become(HOSTILE_UID))
		return 90;
	CHILD_CHECK(zx_channel_create(0, &s1, &c1) == ZX_OK);
	CHILD_CHECK(zx_channel_create(0, &s2, &c2) == ZX_OK);
	CHILD_CHECK(zx_channel_create(0, &s3, &c3) == ZX_OK);
	n1 = fill(s1, &last);
	CHILD_CHECK(last == ZX_ERR_SHOULD_WAIT);
	/* A stalled client that reads one message may have one more. */
	CHILD_CHECK(zx_channel_read(c1, 0, msg, NULL, MSG, 0, &nb, &nh) ==
		    ZX_OK);
	CHILD_CHECK(zx_channel_write(s1, 0, msg, MSG, NULL, 0) == ZX_OK);
	CHILD_CHECK(zx_channel_write(s1, 0, msg, MSG, NULL, 0) ==
		    ZX_ERR_SHOULD_WAIT);
	n2 = fill(s2, &last);
	CHILD_CHECK(last == ZX_ERR_SHOULD_WAIT);
	/* 16 MiB: the first takes about half, the second a quarter. */
	CHILD_CHECK(n1 >= 100 && n1 <= 128);
	CHILD_CHECK(n2 >= 50 && n2 <= 64);
	for (int i = 0; i < 200; i++) {
		CHILD_CHECK(zx_channel_write(s3, 0, msg, MSG, NULL, 0) ==
			    ZX_OK);
		CHILD_CHECK(zx_channel_read(c3, 0, msg, NULL, MSG, 0, &nb,
					    &nh) == ZX_OK && nb == MSG);
	}
	return 0;
}

TEST_F(cg, stalled_clients_do_not_cut_off_the_others)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 16L << 20));
	EXPECT_EQ(0, zx_test_in_child(stalled_clients_main, NULL));
}

/* Many stalled clients: the quota itself still ends in NO_RESOURCES. */
static int quota_still_ends_main(void *arg)
{
	zx_handle_t s, c;
	zx_status_t last;
	uint8_t small[1024] = { 0 };

	(void)arg;
	if (zx_test_become(HOSTILE_UID))
		return 90;
	/* Each stalled client of small messages halves what is left. */
	for (int i = 0; i < 12; i++) {
		CHILD_CHECK(zx_channel_create(0, &s, &c) == ZX_OK);
		while ((last = zx_channel_write(s, 0, small, sizeof(small),
						NULL, 0)) == ZX_OK)
			;
		CHILD_CHECK(last == ZX_ERR_SHOULD_WAIT);
	}
	CHILD_CHECK(zx_channel_create(0, &s, &c) == ZX_OK);
	CHILD_CHECK(zx_channel_write(s, 0, msg, MSG, NULL, 0) ==
		    ZX_ERR_NO_RESOURCES);
	return 0;
}

TEST_F(cg, many_stalled_clients_exhaust_the_quota)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 4L << 20));
	EXPECT_EQ(0, zx_test_in_child(quota_still_ends_main, NULL));
}

TEST_F(cg, endpoint_byte_limit)
{
	zx_handle_t a, b;
	zx_status_t last;
	uint32_t nb, nh;
	int n;

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("channel_max_queued_bytes", 1L << 20));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	n = fill(a, &last);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, last);
	/* 16 messages of 64 KiB and their headers do not fit in 1 MiB. */
	EXPECT_EQ(15, n);
	/* Small ones still fit in what is left. */
	EXPECT_EQ(ZX_OK, zx_channel_write(a, 0, "s", 1, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_channel_read(b, 0, msg, NULL, MSG, 0, &nb, &nh));
	EXPECT_EQ(ZX_OK, zx_channel_write(a, 0, msg, MSG, NULL, 0));
	zx_handle_close(a);
	zx_handle_close(b);
}

ZX_TEST_MAIN(NULL, NULL)
