// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: threads creating, duplicating, replacing, signalling,
 * waiting on and closing shared and private objects at once; races between
 * close and close, close and wait, signal and wait; fork() while threads
 * work.  Sized to finish in a few seconds under QEMU's TCG emulation.
 */
#include "zx_test_util.h"

#define NTHREADS	4
#define ITERATIONS	2000
#define RACE_ROUNDS	200
#define PING_PONGS	1000
#define DUPS_PER_THREAD	250
#define NWAITERS	16
#define NCHILDREN	10

/* ------------------------------------------------------ mixed work */

struct shared {
	zx_handle_t event, p0, p1;
	zx_koid_t event_koid;
};

struct worker {
	pthread_t thread;
	int id;
	struct shared *sh;
	zx_handle_t *made;	/* every handle value this thread got */
	int nmade;
	int errors;
	int first_error_op;
	zx_status_t first_error;
};

static void note(struct worker *w, int op, zx_status_t got, bool ok)
{
	if (ok)
		return;
	if (!w->errors) {
		w->first_error_op = op;
		w->first_error = got;
	}
	w->errors++;
}

static void keep(struct worker *w, zx_handle_t h)
{
	if (h != ZX_HANDLE_INVALID)
		w->made[w->nmade++] = h;
}

#define MAX_MADE_PER_ITER 3

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct shared *sh = w->sh;
	const zx_signals_t mine = ZX_USER_SIGNAL_0 << w->id;
	zx_handle_t h, d, r, a, b, three[3];
	zx_info_handle_basic_t info;
	zx_signals_t obs;
	zx_status_t s;

	for (int i = 0; i < ITERATIONS; i++) {
		int op = i % 8;

		switch (op) {
		case 0:	/* private event */
			s = zx_event_create(0, &h);
			note(w, op, s, s == ZX_OK);
			if (s != ZX_OK)
				break;
			keep(w, h);
			s = zx_object_signal(h, 0, ZX_USER_SIGNAL_0);
			note(w, op, s, s == ZX_OK);
			s = zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, &obs);
			note(w, op, s, s == ZX_OK && obs == ZX_USER_SIGNAL_0);
			s = zx_handle_close(h);
			note(w, op, s, s == ZX_OK);
			break;
		case 1:	/* duplicate of the shared event */
			s = zx_handle_duplicate(sh->event, ZX_RIGHT_SAME_RIGHTS,
						&d);
			note(w, op, s, s == ZX_OK);
			if (s != ZX_OK)
				break;
			keep(w, d);
			s = zx_object_signal(d, 0, mine);
			note(w, op, s, s == ZX_OK);
			s = zx_object_signal(d, mine, 0);
			note(w, op, s, s == ZX_OK);
			s = zx_handle_close(d);
			note(w, op, s, s == ZX_OK);
			break;
		case 2:	/* private pair, closed end by end */
			s = zx_eventpair_create(0, &a, &b);
			note(w, op, s, s == ZX_OK);
			if (s != ZX_OK)
				break;
			keep(w, a);
			keep(w, b);
			s = zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_1);
			note(w, op, s, s == ZX_OK);
			s = zx_object_wait_one(b, ZX_USER_SIGNAL_1, 0, NULL);
			note(w, op, s, s == ZX_OK);
			s = zx_handle_close(a);
			note(w, op, s, s == ZX_OK);
			s = zx_object_wait_one(b, ZX_EVENTPAIR_PEER_CLOSED, 0,
					       NULL);
			note(w, op, s, s == ZX_OK);
			s = zx_handle_close(b);
			note(w, op, s, s == ZX_OK);
			break;
		case 3:	/* reduced duplicate, replaced */
			s = zx_handle_duplicate(sh->event, ZX_RIGHT_WAIT |
						ZX_RIGHT_INSPECT, &d);
			note(w, op, s, s == ZX_OK);
			if (s != ZX_OK)
				break;
			keep(w, d);
			s = zx_handle_replace(d, ZX_RIGHT_WAIT, &r);
			note(w, op, s, s == ZX_OK);
			if (s != ZX_OK)
				break;
			keep(w, r);
			s = zx_object_wait_one(r, 0, 0, NULL);
			note(w, op, s, s == ZX_ERR_TIMED_OUT);
			s = zx_handle_close(r);
			note(w, op, s, s == ZX_OK);
			break;
		case 4:	/* info on the shared event */
			s = zx_object_get_info(sh->event, ZX_INFO_HANDLE_BASIC,
					       &info, sizeof(info), NULL,
					       NULL);
			note(w, op, s, s == ZX_OK &&
			     info.koid == sh->event_koid &&
			     info.type == ZX_OBJ_TYPE_EVENT);
			s = zx_test_handle_count(sh->event) >= 1 ? ZX_OK : -1;
			note(w, op, s, s == ZX_OK);
			break;
		case 5:	/* poll the shared event */
			s = zx_object_wait_one(sh->event, ZX_USER_SIGNAL_ALL, 0,
					       &obs);
			note(w, op, s, s == ZX_OK || s == ZX_ERR_TIMED_OUT);
			break;
		case 6:	/* close_many */
			for (int k = 0; k < 3; k++) {
				s = zx_event_create(0, &three[k]);
				note(w, op, s, s == ZX_OK);
				if (s != ZX_OK)
					three[k] = ZX_HANDLE_INVALID;
				keep(w, three[k]);
			}
			s = zx_handle_close_many(three, 3);
			note(w, op, s, s == ZX_OK);
			break;
		case 7:	/* the shared pair, through a duplicate */
			s = zx_handle_duplicate(w->id & 1 ? sh->p1 : sh->p0,
						ZX_RIGHT_SAME_RIGHTS, &d);
			note(w, op, s, s == ZX_OK);
			if (s != ZX_OK)
				break;
			keep(w, d);
			s = zx_object_signal_peer(d, 0, mine);
			note(w, op, s, s == ZX_OK);
			s = zx_object_signal_peer(d, mine, 0);
			note(w, op, s, s == ZX_OK);
			s = zx_handle_close(d);
			note(w, op, s, s == ZX_OK);
			break;
		}
	}
	return NULL;
}

/*
 * Under the emulated debug kernel this took up to 120 s with other VMs
 * loading the machine: too close to the 150 s default of zx_test_util.h.
 */
FIXTURE(slow)
{
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

TEST_F_TIMEOUT(slow, mixed_operations_leave_nothing_behind, 600)
{
	long before = zx_test_live_objects();
	struct worker w[NTHREADS];
	struct shared sh;
	int errors = 0, still_valid = 0;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &sh.event));
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &sh.p0, &sh.p1));
	sh.event_koid = zx_test_koid(sh.event);
	for (int t = 0; t < NTHREADS; t++) {
		memset(&w[t], 0, sizeof(w[t]));
		w[t].id = t;
		w[t].sh = &sh;
		w[t].made = calloc(ITERATIONS * MAX_MADE_PER_ITER,
				   sizeof(zx_handle_t));
		ASSERT_NE(NULL, w[t].made);
		ASSERT_EQ(0, pthread_create(&w[t].thread, NULL, worker_main,
					    &w[t]));
	}
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(w[t].thread, NULL);
	for (int t = 0; t < NTHREADS; t++) {
		if (w[t].errors)
			TH_LOG("thread %d: %d errors, first in op %d: %s", t,
			       w[t].errors, w[t].first_error_op,
			       zx_status_get_string(w[t].first_error));
		errors += w[t].errors;
		/* Every handle a worker got is closed now. */
		for (int i = 0; i < w[t].nmade; i++)
			if (zx_test_valid(w[t].made[i]))
				still_valid++;
		free(w[t].made);
	}
	EXPECT_EQ(0, errors);
	EXPECT_EQ(0, still_valid);
	EXPECT_EQ(1u, zx_test_handle_count(sh.event));
	EXPECT_EQ(1u, zx_test_handle_count(sh.p0));
	EXPECT_EQ(1u, zx_test_handle_count(sh.p1));
	/* Every worker cleared what it set. */
	EXPECT_EQ(0u, zx_test_signals(sh.event));
	EXPECT_EQ(0u, zx_test_signals(sh.p0));
	EXPECT_EQ(0u, zx_test_signals(sh.p1));
	EXPECT_EQ(ZX_OK, zx_handle_close_many((zx_handle_t[]){ sh.event,
							       sh.p0, sh.p1 },
					      3));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

/* ------------------------------------------------- close vs close */

struct race {
	pthread_barrier_t start, done;
	zx_handle_t h;
	zx_status_t status[NTHREADS];
	int spin;		/* for the close-vs-wait race */
	bool stop;
};

struct racer {
	struct race *r;
	int id;
};

static void *closer_main(void *arg)
{
	struct racer *me = arg;
	struct race *r = me->r;

	for (int round = 0; round < RACE_ROUNDS; round++) {
		pthread_barrier_wait(&r->start);
		r->status[me->id] = zx_handle_close(r->h);
		pthread_barrier_wait(&r->done);
	}
	return NULL;
}

TEST(concurrent_close_of_one_handle)
{
	struct race r;
	struct racer racers[NTHREADS];
	pthread_t th[NTHREADS];
	int bad_rounds = 0;

	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, NTHREADS + 1));
	ASSERT_EQ(0, pthread_barrier_init(&r.done, NULL, NTHREADS + 1));
	for (int t = 0; t < NTHREADS; t++) {
		racers[t].r = &r;
		racers[t].id = t;
		ASSERT_EQ(0, pthread_create(&th[t], NULL, closer_main,
					    &racers[t]));
	}
	for (int round = 0; round < RACE_ROUNDS; round++) {
		int ok = 0, bad = 0;

		r.h = zx_test_event();
		pthread_barrier_wait(&r.start);
		pthread_barrier_wait(&r.done);
		for (int t = 0; t < NTHREADS; t++) {
			if (r.status[t] == ZX_OK)
				ok++;
			else if (r.status[t] == ZX_ERR_BAD_HANDLE)
				bad++;
		}
		if (r.h == ZX_HANDLE_INVALID || ok != 1 ||
		    bad != NTHREADS - 1)
			bad_rounds++;
	}
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	EXPECT_EQ(0, bad_rounds);
	pthread_barrier_destroy(&r.start);
	pthread_barrier_destroy(&r.done);
}

/* -------------------------------------------------- close vs wait */

static void spin(int n)
{
	for (volatile int i = 0; i < n; i++)
		;
}

static void *race_waiter_main(void *arg)
{
	struct race *r = arg;

	for (int round = 0; round < RACE_ROUNDS; round++) {
		pthread_barrier_wait(&r->start);
		r->status[0] = zx_object_wait_one(r->h, ZX_USER_SIGNAL_0,
						  zx_deadline_after(ZX_SEC(10)),
						  NULL);
		pthread_barrier_wait(&r->done);
	}
	return NULL;
}

TEST(close_races_wait)
{
	struct race r;
	pthread_t th;
	int wrong = 0, canceled = 0;

	memset(&r, 0, sizeof(r));
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.done, NULL, 2));
	ASSERT_EQ(0, pthread_create(&th, NULL, race_waiter_main, &r));
	for (int round = 0; round < RACE_ROUNDS; round++) {
		r.h = zx_test_event();
		pthread_barrier_wait(&r.start);
		spin((round * 7919) % 20000);
		if (zx_handle_close(r.h) != ZX_OK)
			wrong++;
		pthread_barrier_wait(&r.done);
		/* Closed before the wait began, or during it; never
		 * satisfied, never a timeout. */
		if (r.status[0] == ZX_ERR_CANCELED)
			canceled++;
		else if (r.status[0] != ZX_ERR_BAD_HANDLE)
			wrong++;
	}
	pthread_join(th, NULL);
	EXPECT_EQ(0, wrong);
	TH_LOG("%d of %d waits were canceled mid-wait", canceled,
	       RACE_ROUNDS);
	pthread_barrier_destroy(&r.start);
	pthread_barrier_destroy(&r.done);
}

/* ------------------------------------------------- signal vs wait */

TEST(signal_races_wait)
{
	struct race r;
	pthread_t th;
	int wrong = 0;

	memset(&r, 0, sizeof(r));
	r.h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, r.h);
	ASSERT_EQ(0, pthread_barrier_init(&r.start, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&r.done, NULL, 2));
	ASSERT_EQ(0, pthread_create(&th, NULL, race_waiter_main, &r));
	for (int round = 0; round < RACE_ROUNDS; round++) {
		pthread_barrier_wait(&r.start);
		spin((round * 7919) % 20000);
		if (zx_object_signal(r.h, 0, ZX_USER_SIGNAL_0) != ZX_OK)
			wrong++;
		pthread_barrier_wait(&r.done);
		if (r.status[0] != ZX_OK)
			wrong++;
		if (zx_object_signal(r.h, ZX_USER_SIGNAL_0, 0) != ZX_OK)
			wrong++;
	}
	pthread_join(th, NULL);
	EXPECT_EQ(0, wrong);
	EXPECT_EQ(ZX_OK, zx_handle_close(r.h));
	pthread_barrier_destroy(&r.start);
	pthread_barrier_destroy(&r.done);
}

/* ------------------------------------------------ thread ping-pong */

struct pong {
	zx_handle_t h;
	int done;
	zx_status_t status;
};

static void *ponger_main(void *arg)
{
	struct pong *p = arg;

	for (int i = 0; i < PING_PONGS; i++) {
		p->status = zx_object_wait_one(p->h, ZX_USER_SIGNAL_0,
					       zx_deadline_after(ZX_SEC(10)),
					       NULL);
		if (p->status != ZX_OK)
			break;
		p->status = zx_object_signal(p->h, ZX_USER_SIGNAL_0, 0);
		if (p->status != ZX_OK)
			break;
		p->status = zx_object_signal_peer(p->h, 0, ZX_USER_SIGNAL_0);
		if (p->status != ZX_OK)
			break;
		p->done++;
	}
	return NULL;
}

TEST(ping_pong_between_threads)
{
	struct pong a = { 0 }, b = { 0 };
	pthread_t ta, tb;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a.h, &b.h));
	ASSERT_EQ(0, pthread_create(&ta, NULL, ponger_main, &a));
	ASSERT_EQ(0, pthread_create(&tb, NULL, ponger_main, &b));
	/* Serve: b waits first. */
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(a.h, 0, ZX_USER_SIGNAL_0));
	pthread_join(tb, NULL);
	pthread_join(ta, NULL);
	EXPECT_EQ(ZX_OK, b.status);
	EXPECT_EQ(PING_PONGS, b.done);
	/* a's last wait gets b's last signal. */
	EXPECT_EQ(PING_PONGS, a.done);
	EXPECT_EQ(ZX_OK, zx_handle_close(a.h));
	EXPECT_EQ(ZX_OK, zx_handle_close(b.h));
}

/* ------------------------------------------------- duplicate storm */

struct dupper {
	pthread_t thread;
	zx_handle_t src;
	zx_handle_t dups[DUPS_PER_THREAD];
	int made;
	zx_status_t close_status;
};

static void *dupper_main(void *arg)
{
	struct dupper *d = arg;

	for (int i = 0; i < DUPS_PER_THREAD; i++) {
		if (zx_handle_duplicate(d->src, ZX_RIGHT_SAME_RIGHTS,
					&d->dups[i]) != ZX_OK)
			break;
		d->made++;
	}
	d->close_status = zx_handle_close_many(d->dups, (size_t)d->made);
	return NULL;
}

TEST(duplicate_storm)
{
	struct dupper d[NTHREADS];
	zx_handle_t src = zx_test_event();
	int made = 0, closed_ok = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, src);
	for (int t = 0; t < NTHREADS; t++) {
		memset(&d[t], 0, sizeof(d[t]));
		d[t].src = src;
		ASSERT_EQ(0, pthread_create(&d[t].thread, NULL, dupper_main,
					    &d[t]));
	}
	for (int t = 0; t < NTHREADS; t++) {
		pthread_join(d[t].thread, NULL);
		made += d[t].made;
		if (d[t].close_status == ZX_OK)
			closed_ok++;
	}
	EXPECT_EQ(NTHREADS * DUPS_PER_THREAD, made);
	EXPECT_EQ(NTHREADS, closed_ok);
	EXPECT_EQ(1u, zx_test_handle_count(src));
	EXPECT_EQ(ZX_OK, zx_handle_close(src));
}

/* --------------------------------------- many handles, many waiters */

TEST(waiters_on_many_duplicates)
{
	zx_handle_t h = zx_test_event(), d[NWAITERS];
	struct zx_test_waiter w[NWAITERS];
	int ok = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (int i = 0; i < NWAITERS; i++) {
		ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS,
						     &d[i]));
		ASSERT_EQ(0, zx_test_waiter_start(&w[i], d[i],
						  ZX_USER_SIGNAL_4,
						  zx_deadline_after(ZX_SEC(20))));
	}
	/* Closing the original cancels none of them. */
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_OK, zx_object_signal(d[0], 0, ZX_USER_SIGNAL_4));
	for (int i = 0; i < NWAITERS; i++) {
		zx_test_waiter_join(&w[i]);
		if (w[i].status == ZX_OK)
			ok++;
	}
	EXPECT_EQ(NWAITERS, ok);
	EXPECT_EQ((uint32_t)NWAITERS, zx_test_handle_count(d[0]));
	EXPECT_EQ(ZX_OK, zx_handle_close_many(d, NWAITERS));
}

/* ------------------------------------------- fork while threads run */

struct busy {
	pthread_t thread;
	int stop;
	int errors;
	int rounds;
};

static void *busy_main(void *arg)
{
	struct busy *b = arg;
	zx_handle_t h;

	while (!__atomic_load_n(&b->stop, __ATOMIC_SEQ_CST)) {
		if (zx_event_create(0, &h) != ZX_OK) {
			b->errors++;
			continue;
		}
		if (zx_object_signal(h, 0, ZX_USER_SIGNAL_0) != ZX_OK ||
		    zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, NULL) != ZX_OK)
			b->errors++;
		if (zx_handle_close(h) != ZX_OK)
			b->errors++;
		b->rounds++;
	}
	return NULL;
}

static int child_churns(void *arg)
{
	zx_handle_t h[50];

	(void)arg;
	for (int i = 0; i < 50; i++)
		CHILD_CHECK(zx_event_create(0, &h[i]) == ZX_OK);
	CHILD_CHECK(zx_handle_close_many(h, 50) == ZX_OK);
	return 0;
}

TEST(fork_while_threads_work)
{
	struct busy b[2];
	zx_handle_t keep = zx_test_event();
	int failed_children = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, keep);
	for (int t = 0; t < 2; t++) {
		memset(&b[t], 0, sizeof(b[t]));
		ASSERT_EQ(0, pthread_create(&b[t].thread, NULL, busy_main,
					    &b[t]));
	}
	for (int i = 0; i < NCHILDREN; i++)
		if (zx_test_in_child(child_churns, NULL) != 0)
			failed_children++;
	for (int t = 0; t < 2; t++) {
		__atomic_store_n(&b[t].stop, 1, __ATOMIC_SEQ_CST);
		pthread_join(b[t].thread, NULL);
		EXPECT_EQ(0, b[t].errors);
		EXPECT_GT(b[t].rounds, 0);
	}
	EXPECT_EQ(0, failed_children);
	EXPECT_TRUE(zx_test_valid(keep));
	EXPECT_EQ(ZX_OK, zx_handle_close(keep));
}

ZX_TEST_MAIN(NULL, NULL)
