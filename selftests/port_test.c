// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: zx_port_create(), zx_port_queue(), zx_port_wait(),
 * zx_object_wait_async() on every waitable object type, zx_port_cancel(),
 * the ways a wait ends without a packet (closing, replacing or sending the
 * handle, closing the port, the process exiting), the per-port limit of
 * user packets, many threads on one port, Linux signals during a wait,
 * 100,000 waits on one port, waits ending while they fire, a port shared
 * with a child process, the port descriptor of zx_linux_port_fd(), and
 * zx_handle_check_valid().
 */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/time.h>

#include "zx_test_util.h"

#define NTHREADS	8
#define PER_THREAD	250
#define STOP_KEY	UINT64_MAX
#define MANY_WAITS	100000
#define MANY_FIRED	1000

/* ------------------------------------------------------------- helpers */

static zx_handle_t new_port(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_port_create(0, &h) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return h;
}

/* A user packet whose payload bytes are derived from @seed. */
static zx_port_packet_t user_packet(uint64_t key, zx_status_t status,
				    uint8_t seed)
{
	zx_port_packet_t p;

	memset(&p, 0, sizeof(p));
	p.key = key;
	p.type = ZX_PKT_TYPE_USER;
	p.status = status;
	for (int i = 0; i < 32; i++)
		p.user.c8[i] = (uint8_t)(seed * 31 + i * 7 + 3);
	return p;
}

/* Takes one packet without sleeping; the packet is poisoned first. */
static zx_status_t take(zx_handle_t port, zx_port_packet_t *p)
{
	memset(p, 0xa5, sizeof(*p));
	return zx_port_wait(port, 0, p);
}

/* Packets on @port, taken until it is empty. */
static int drain(zx_handle_t port)
{
	zx_port_packet_t p;
	int n = 0;

	while (take(port, &p) == ZX_OK)
		n++;
	return n;
}

/* The duplicate of @h with @rights; ZX_HANDLE_INVALID on failure. */
static zx_handle_t dup_rights(zx_handle_t h, zx_rights_t rights)
{
	zx_handle_t d = ZX_HANDLE_INVALID;

	if (zx_handle_duplicate(h, rights, &d) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return d;
}

static zx_handle_t new_timer(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_timer_create(ZX_TIMER_SLACK_CENTER, ZX_CLOCK_MONOTONIC,
			    &h) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return h;
}

static int64_t boot_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Checks the fields every signal packet must have; returns a description
 * of the first wrong one, or NULL.
 */
static const char *signal_packet_wrong(const zx_port_packet_t *p,
				       uint64_t key, zx_signals_t trigger)
{
	if (p->key != key)
		return "key";
	if (p->type != ZX_PKT_TYPE_SIGNAL_ONE)
		return "type";
	if (p->status != ZX_OK)
		return "status";
	if (p->signal.trigger != trigger)
		return "trigger";
	if (!(p->signal.observed & trigger))
		return "observed lacks the trigger";
	if (p->signal.count != 1)
		return "count";
	if (p->signal.reserved1 != 0)
		return "reserved1";
	return NULL;
}

#define EXPECT_SIGNAL_PACKET(pkt, k, trig)				\
	do {								\
		const char *_wrong = signal_packet_wrong(&(pkt), (k),	\
							 (trig));	\
		if (_wrong)						\
			TH_LOG("signal packet: wrong %s (key %llu type %u " \
			       "status %d trigger %#x observed %#x "	\
			       "count %llu)",				\
			       _wrong, (unsigned long long)(pkt).key,	\
			       (pkt).type, (pkt).status, (pkt).signal.trigger, \
			       (pkt).signal.observed,			\
			       (unsigned long long)(pkt).signal.count);	\
		EXPECT_EQ(NULL, _wrong);				\
	} while (0)

/* A thread blocked in zx_port_wait(). */
struct port_waiter {
	pthread_t thread;
	zx_handle_t port;
	zx_time_t deadline;
	pid_t tid;
	int started, finished;
	zx_status_t status;
	zx_port_packet_t packet;
	int64_t returned_at;
};

static void *port_waiter_main(void *arg)
{
	struct port_waiter *w = arg;

	w->tid = zx_test_gettid();
	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	w->status = zx_port_wait(w->port, w->deadline, &w->packet);
	w->returned_at = zx_test_now();
	__atomic_store_n(&w->finished, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int port_waiter_start(struct port_waiter *w, zx_handle_t port,
			     zx_time_t deadline)
{
	memset(w, 0, sizeof(*w));
	w->port = port;
	w->deadline = deadline;
	w->status = 1;
	if (pthread_create(&w->thread, NULL, port_waiter_main, w))
		return -1;
	while (!__atomic_load_n(&w->started, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked(w->tid, 5000);
	return 0;
}

static bool port_waiter_finished(struct port_waiter *w)
{
	return __atomic_load_n(&w->finished, __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------- create */

TEST(create_options)
{
	const uint32_t bad[] = { 2u, 4u, 0x100u, 0x80000000u, 0xfffffffeu };
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &h));
	EXPECT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));

	h = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_port_create(ZX_PORT_BIND_TO_INTERRUPT, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(bad[i], &h));
		EXPECT_EQ(ZX_HANDLE_INVALID, h);
	}
}

TEST(create_bad_out_pointer)
{
	long before = zx_test_live_objects();
	void *ro = zx_test_readonly_page();

	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_create(0, ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_create(0, (zx_handle_t *)ZX_TEST_KERNEL_ADDR));
	/* No port made for those calls outlived them. */
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(handle_basic_info)
{
	zx_handle_t h = new_port();
	zx_info_handle_basic_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	info = zx_test_basic(h);
	EXPECT_EQ(ZX_OBJ_TYPE_PORT, info.type);
	EXPECT_EQ(ZX_DEFAULT_PORT_RIGHTS, info.rights);
	EXPECT_EQ(ZX_RIGHT_TRANSFER | ZX_RIGHT_DUPLICATE | ZX_RIGHT_INSPECT |
		  ZX_RIGHT_READ | ZX_RIGHT_WRITE, info.rights);
	EXPECT_EQ(0u, info.rights & ZX_RIGHT_WAIT);
	EXPECT_GE(info.koid, ZX_KOID_FIRST);
	EXPECT_EQ(ZX_KOID_INVALID, info.related_koid);
	/* Two ports, two koids. */
	zx_handle_t h2 = new_port();

	ASSERT_NE(ZX_HANDLE_INVALID, h2);
	EXPECT_NE(info.koid, zx_test_koid(h2));
	/* Without ZX_RIGHT_WAIT a port cannot be waited on. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0, NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(h2));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* ------------------------------------------------------- queue, wait */

TEST(queue_wait_round_trip)
{
	const uint32_t types[] = {
		ZX_PKT_TYPE_USER, ZX_PKT_TYPE_SIGNAL_ONE, ZX_PKT_TYPE_INTERRUPT,
		0xffffffffu, 0x12345678u,
	};
	const zx_status_t statuses[] = {
		ZX_OK, ZX_ERR_TIMED_OUT, -12345, INT32_MIN, INT32_MAX,
	};
	zx_handle_t port = new_port();
	zx_port_packet_t in, out;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		in = user_packet(0x0123456789abcdefull + i, statuses[i],
				 (uint8_t)i);
		in.type = types[i];
		ASSERT_EQ(ZX_OK, zx_port_queue(port, &in));
		memset(&out, 0x5a, sizeof(out));
		ASSERT_EQ(ZX_OK, zx_port_wait(port, ZX_TIME_INFINITE, &out));
		EXPECT_EQ(in.key, out.key);
		/* Whatever type was queued, a user packet comes out. */
		EXPECT_EQ(ZX_PKT_TYPE_USER, out.type);
		EXPECT_EQ(statuses[i], out.status);
		EXPECT_EQ(0, memcmp(in.user.c8, out.user.c8, 32));
	}
	/* Key 0 and all-ones payloads. */
	memset(&in, 0xff, sizeof(in));
	in.key = 0;
	in.status = ZX_OK;
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &in));
	ASSERT_EQ(ZX_OK, take(port, &out));
	EXPECT_EQ(0u, out.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, out.type);
	EXPECT_EQ(0, memcmp(in.user.c8, out.user.c8, 32));
	/* Nothing left. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &out));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(fifo_order)
{
	zx_handle_t port = new_port();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	for (uint64_t k = 0; k < 300; k++) {
		p = user_packet(k, (zx_status_t)k, (uint8_t)k);
		ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	}
	for (uint64_t k = 0; k < 300; k++) {
		zx_port_packet_t want = user_packet(k, (zx_status_t)k,
						    (uint8_t)k);

		ASSERT_EQ(ZX_OK, take(port, &p));
		EXPECT_EQ(k, p.key);
		EXPECT_EQ((zx_status_t)k, p.status);
		EXPECT_EQ(0, memcmp(want.user.c8, p.user.c8, 32));
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* User and signal packets share one queue, in the order they came. */
TEST(fifo_order_mixed_with_signal_packets)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	p = user_packet(1, 0, 1);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 2, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	p = user_packet(3, 0, 3);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	for (uint64_t k = 1; k <= 3; k++) {
		ASSERT_EQ(ZX_OK, take(port, &p));
		EXPECT_EQ(k, p.key);
		EXPECT_EQ(k == 2 ? ZX_PKT_TYPE_SIGNAL_ONE : ZX_PKT_TYPE_USER,
			  p.type);
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(timed_out)
{
	zx_handle_t port = new_port();
	const zx_time_t past[] = {
		0, 1, -1, ZX_TIME_INFINITE_PAST,
		zx_clock_get_monotonic() - ZX_SEC(1),
	};
	zx_port_packet_t p;
	zx_time_t deadline;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	for (size_t i = 0; i < ARRAY_SIZE(past); i++) {
		int64_t t0 = zx_test_now();

		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, past[i], &p));
		/* A poll does not sleep (generous for an emulator). */
		EXPECT_LT(zx_test_now() - t0, ZX_SEC(2));
	}
	for (int i = 0; i < 4; i++) {
		deadline = zx_deadline_after(ZX_MSEC(20 + 15 * i));
		EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, deadline, &p));
		EXPECT_GE(zx_clock_get_monotonic(), deadline);
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(rights)
{
	zx_handle_t port = new_port(), ro, wo;
	zx_port_packet_t p = user_packet(7, 0, 7), out;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ro = dup_rights(port, ZX_DEFAULT_PORT_RIGHTS & ~ZX_RIGHT_WRITE);
	wo = dup_rights(port, ZX_DEFAULT_PORT_RIGHTS & ~ZX_RIGHT_READ);
	ASSERT_NE(ZX_HANDLE_INVALID, ro);
	ASSERT_NE(ZX_HANDLE_INVALID, wo);

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_queue(ro, &p));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &out));
	EXPECT_EQ(ZX_OK, zx_port_queue(wo, &p));
	/* Without READ no packet comes out, and the packet stays. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_wait(wo, 0, &out));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_port_wait(wo, ZX_TIME_INFINITE, &out));
	EXPECT_EQ(ZX_OK, take(ro, &out));
	EXPECT_EQ(7u, out.key);
	EXPECT_EQ(ZX_OK, zx_handle_close(ro));
	EXPECT_EQ(ZX_OK, zx_handle_close(wo));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(wrong_type_and_bad_handle)
{
	zx_handle_t ev = zx_test_event(), port = new_port(), dead;
	zx_port_packet_t p = user_packet(1, 0, 1);
	const zx_handle_t bad[] = { ZX_HANDLE_INVALID, 0x7fffffffu,
				    0xfffffffeu, 1u };

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_NE(ZX_HANDLE_INVALID, port);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_queue(ev, &p));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_wait(ev, 0, &p));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_cancel(ev, ev, 0));

	dead = port;
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_queue(dead, &p));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_wait(dead, 0, &p));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_port_wait(dead, ZX_TIME_INFINITE, &p));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_queue(bad[i], &p));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_wait(bad[i], 0, &p));
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
}

TEST(bad_packet_pointers)
{
	zx_handle_t port = new_port();
	zx_port_packet_t p = user_packet(9, 0, 9), out;
	void *ro = zx_test_readonly_page();
	size_t pg = (size_t)getpagesize();
	char *two;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_queue(port, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_queue(port, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_queue(port, (void *)ZX_TEST_KERNEL_ADDR));
	/* None of those queued anything. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &out));
	/* A packet straddling the end of a mapping is unreadable too. */
	two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, two);
	ASSERT_EQ(0, munmap(two + pg, pg));
	memcpy(two + pg - 16, &p, 16);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_queue(port, (void *)(two + pg - 16)));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &out));
	munmap(two, pg);

	/* Waiting into NULL fails and consumes nothing. */
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_wait(port, 0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_wait(port, ZX_TIME_INFINITE, NULL));
	ASSERT_EQ(ZX_OK, take(port, &out));
	EXPECT_EQ(9u, out.key);
	/* Unwritable destinations fail too; the module puts the packet
	 * back at the head, so the order is kept. */
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	p.key = 10;
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_wait(port, 0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_wait(port, 0, ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_port_wait(port, 0, (void *)ZX_TEST_KERNEL_ADDR));
	ASSERT_EQ(ZX_OK, take(port, &out));
	EXPECT_EQ(9u, out.key);
	ASSERT_EQ(ZX_OK, take(port, &out));
	EXPECT_EQ(10u, out.key);
	EXPECT_EQ(0, drain(port));
	/* With the port empty, a NULL destination is still refused. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_port_wait(port, 0, NULL));
	EXPECT_TRUE(zx_test_valid(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* --------------------------------------------------- threads, signals */

struct taker {
	zx_handle_t port;
	uint32_t *seen;		/* per key: times delivered */
	int got;
	int stops;
	zx_status_t error;
	pid_t tid;
	int started;
};

static void *taker_main(void *arg)
{
	struct taker *t = arg;
	zx_port_packet_t p;
	zx_status_t s;

	t->tid = zx_test_gettid();
	__atomic_store_n(&t->started, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		s = zx_port_wait(t->port, zx_deadline_after(ZX_SEC(60)), &p);
		if (s != ZX_OK) {
			t->error = s;
			return NULL;
		}
		if (p.key == STOP_KEY) {
			t->stops++;
			return NULL;
		}
		if (p.key < NTHREADS * PER_THREAD)
			__atomic_add_fetch(&t->seen[p.key], 1,
					   __ATOMIC_SEQ_CST);
		else
			t->error = ZX_ERR_INTERNAL;
		t->got++;
	}
}

/* Queues @p, waiting while the port is full. */
static zx_status_t queue_retry(zx_handle_t port, const zx_port_packet_t *p)
{
	zx_status_t s;

	while ((s = zx_port_queue(port, p)) == ZX_ERR_SHOULD_WAIT)
		zx_test_sleep_ms(1);
	return s;
}

TEST(many_threads_each_packet_once)
{
	static uint32_t seen[NTHREADS * PER_THREAD];
	struct taker t[NTHREADS];
	pthread_t th[NTHREADS];
	zx_handle_t port = new_port();
	zx_port_packet_t p;
	int total = 0, once = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < NTHREADS; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].port = port;
		t[i].seen = seen;
		ASSERT_EQ(0, pthread_create(&th[i], NULL, taker_main, &t[i]));
	}
	for (int i = 0; i < NTHREADS; i++) {
		while (!__atomic_load_n(&t[i].started, __ATOMIC_SEQ_CST))
			sched_yield();
		zx_test_thread_blocked(t[i].tid, 2000);
	}
	for (uint64_t k = 0; k < NTHREADS * PER_THREAD; k++) {
		p = user_packet(k, 0, (uint8_t)k);
		ASSERT_EQ(ZX_OK, queue_retry(port, &p));
	}
	/* One stop packet per thread: each takes exactly one, then ends. */
	for (int i = 0; i < NTHREADS; i++) {
		p = user_packet(STOP_KEY, 0, 0);
		ASSERT_EQ(ZX_OK, queue_retry(port, &p));
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(ZX_OK, t[i].error);
		EXPECT_EQ(1, t[i].stops);
		total += t[i].got;
	}
	for (int k = 0; k < NTHREADS * PER_THREAD; k++)
		if (seen[k] == 1)
			once++;
	EXPECT_EQ(NTHREADS * PER_THREAD, total);
	EXPECT_EQ(NTHREADS * PER_THREAD, once);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* A thread asleep in zx_port_wait() is woken by a queue and a signal. */
TEST(waiter_woken_by_queue_and_by_signal)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	struct port_waiter w;
	zx_port_packet_t p = user_packet(11, -3, 11);

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(0, port_waiter_start(&w, port,
				       zx_deadline_after(ZX_SEC(20))));
	EXPECT_FALSE(port_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(11u, w.packet.key);
	EXPECT_EQ(-3, w.packet.status);
	EXPECT_EQ(0, memcmp(p.user.c8, w.packet.user.c8, 32));

	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 12, ZX_USER_SIGNAL_2,
					      0));
	ASSERT_EQ(0, port_waiter_start(&w, port,
				       zx_deadline_after(ZX_SEC(20))));
	EXPECT_FALSE(port_waiter_finished(&w));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_2));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_SIGNAL_PACKET(w.packet, 12, ZX_USER_SIGNAL_2);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

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

struct delayed_queue {
	zx_handle_t port;
	int delay_ms;
	zx_port_packet_t packet;
	zx_status_t status;
};

static void *delayed_queue_main(void *arg)
{
	struct delayed_queue *d = arg;

	zx_test_sleep_ms(d->delay_ms);
	d->status = zx_port_queue(d->port, &d->packet);
	return NULL;
}

TEST(linux_signals_do_not_break_wait)
{
	zx_handle_t port = new_port();
	struct delayed_queue d = { .delay_ms = 200 };
	zx_port_packet_t p;
	zx_status_t status;
	sigset_t block;
	pthread_t t;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	d.port = port;
	d.packet = user_packet(42, 0, 42);
	/* The helper blocks SIGALRM, so the waiter takes every one. */
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &block, NULL));
	ASSERT_EQ(0, pthread_create(&t, NULL, delayed_queue_main, &d));
	ASSERT_EQ(0, pthread_sigmask(SIG_UNBLOCK, &block, NULL));
	ASSERT_EQ(0, start_signal_storm(5000));
	memset(&p, 0, sizeof(p));
	status = zx_port_wait(port, zx_deadline_after(ZX_SEC(20)), &p);
	stop_signal_storm();
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, d.status);
	EXPECT_EQ(ZX_OK, status);
	EXPECT_EQ(42u, p.key);
	EXPECT_EQ(0, memcmp(d.packet.user.c8, p.user.c8, 32));
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(linux_signals_do_not_shorten_wait)
{
	zx_handle_t port = new_port();
	zx_port_packet_t p;
	zx_time_t deadline;
	zx_status_t status;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(0, start_signal_storm(10000));
	deadline = zx_deadline_after(ZX_MSEC(300));
	status = zx_port_wait(port, deadline, &p);
	stop_signal_storm();
	EXPECT_EQ(ZX_ERR_TIMED_OUT, status);
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* SIGUSR1 sent at the waiting thread itself. */
TEST(directed_signal_does_not_break_wait)
{
	zx_handle_t port = new_port();
	struct port_waiter w;
	struct sigaction sa;
	int sent = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sigemptyset(&sa.sa_mask);
	handler_runs = 0;
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	ASSERT_EQ(0, port_waiter_start(&w, port,
				       zx_deadline_after(ZX_MSEC(400))));
	while (!port_waiter_finished(&w) && sent < 20) {
		if (pthread_kill(w.thread, SIGUSR1) == 0)
			sent++;
		zx_test_sleep_ms(5);
	}
	pthread_join(w.thread, NULL);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, w.status);
	EXPECT_GE(w.returned_at, w.deadline);
	EXPECT_GT(sent, 0);
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/*
 * Takers interrupted by Linux signals while packets arrive one by one:
 * a taker woken for a packet and interrupted must pass the wake-up on,
 * or a packet would sit in the port while every taker sleeps.
 */
TEST(many_threads_with_linux_signals)
{
	static uint32_t seen[NTHREADS * PER_THREAD];
	struct taker t[4];
	pthread_t th[4];
	zx_handle_t port = new_port();
	struct sigaction sa;
	zx_port_packet_t p;
	int total = 0, once = 0, sent = 0;
	const int n = 4 * 100;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_signal;
	sigemptyset(&sa.sa_mask);
	handler_runs = 0;
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < 4; i++) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].port = port;
		t[i].seen = seen;
		ASSERT_EQ(0, pthread_create(&th[i], NULL, taker_main, &t[i]));
	}
	for (int k = 0; k < n; k++) {
		p = user_packet((uint64_t)k, 0, (uint8_t)k);
		if (pthread_kill(th[k % 4], SIGUSR1) == 0)
			sent++;
		ASSERT_EQ(ZX_OK, queue_retry(port, &p));
		if (pthread_kill(th[(k + 1) % 4], SIGUSR1) == 0)
			sent++;
		if (k % 16 == 0)
			sched_yield();
	}
	for (int i = 0; i < 4; i++) {
		p = user_packet(STOP_KEY, 0, 0);
		ASSERT_EQ(ZX_OK, queue_retry(port, &p));
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(ZX_OK, t[i].error);
		EXPECT_EQ(1, t[i].stops);
		total += t[i].got;
	}
	for (int k = 0; k < n; k++)
		if (seen[k] == 1)
			once++;
	EXPECT_EQ(n, total);
	EXPECT_EQ(n, once);
	EXPECT_GT(sent, 0);
	EXPECT_GT(handler_runs, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ------------------------------------------------------ pending limit */

TEST(pending_limit)
{
	long limit = zx_test_read_param("max_port_packets");
	zx_handle_t port = new_port(), other = new_port(), ev;
	zx_port_packet_t p;
	long n = 0;
	zx_status_t s;
	int got;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, other);
	ASSERT_GT(limit, 0);
	/* The default: Fuchsia's per-port figure. */
	EXPECT_EQ(4096, limit);
	for (;;) {
		p = user_packet((uint64_t)n, 0, (uint8_t)n);
		s = zx_port_queue(port, &p);
		if (s != ZX_OK || n > limit + 10)
			break;
		n++;
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, s);
	EXPECT_EQ(limit, n);
	/* Once more, still full. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(port, &p));
	/* The limit is per port. */
	EXPECT_EQ(ZX_OK, zx_port_queue(other, &p));
	EXPECT_EQ(1, drain(other));

	/* Taking one makes room for exactly one. */
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_EQ(0u, p.key);
	p = user_packet(1000000, 0, 1);
	EXPECT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_port_queue(port, &p));

	/* Signal packets do not count against it. */
	ev = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_wait_async(ev, port, 77, ZX_USER_SIGNAL_0,
					      0));
	/* FIFO: keys 1..limit-1, then 1000000, then the signal packet. */
	for (long k = 1; k < limit; k++) {
		ASSERT_EQ(ZX_OK, take(port, &p));
		if (p.key != (uint64_t)k) {
			EXPECT_EQ((uint64_t)k, p.key);
			break;
		}
	}
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_EQ(1000000u, p.key);
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 77, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));

	/* Refill to the limit and close the port full. */
	for (got = 0; got < limit; got++) {
		p = user_packet((uint64_t)got, 0, 0);
		if (zx_port_queue(port, &p) != ZX_OK)
			break;
	}
	EXPECT_EQ(limit, got);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(other));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ------------------------------------------- wait_async, object types */

TEST(wait_async_event)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1,
					      ZX_USER_SIGNAL_0 |
					      ZX_EVENT_SIGNALED, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	/* A signal not asked for queues nothing. */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_EVENT_SIGNALED));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_USER_SIGNAL_0 | ZX_EVENT_SIGNALED);
	/* observed: every signal asserted then, asked for or not. */
	EXPECT_EQ(ZX_USER_SIGNAL_3 | ZX_EVENT_SIGNALED, p.signal.observed);
	EXPECT_EQ(0, p.signal.timestamp);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(wait_async_eventpair)
{
	zx_handle_t port = new_port(), e0, e1;
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e0, port, 1, ZX_USER_SIGNAL_1,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e0, port, 2,
					      ZX_EVENTPAIR_PEER_CLOSED, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	/* The peer raises the signal on e0. */
	ASSERT_EQ(ZX_OK, zx_object_signal_peer(e1, 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_USER_SIGNAL_1);
	EXPECT_EQ(ZX_USER_SIGNAL_1, p.signal.observed);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_handle_close(e1));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_EVENTPAIR_PEER_CLOSED);
	EXPECT_EQ(ZX_USER_SIGNAL_1 | ZX_EVENTPAIR_PEER_CLOSED,
		  p.signal.observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(e0));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(wait_async_channel)
{
	zx_handle_t port = new_port(), c0, c1;
	zx_port_packet_t p;
	char buf[8];
	uint32_t n = 0, nh = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(c1, port, 1,
					      ZX_CHANNEL_READABLE, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(c1, port, 2,
					      ZX_CHANNEL_PEER_CLOSED, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, "hello", 5, NULL, 0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_CHANNEL_READABLE);
	EXPECT_EQ(ZX_CHANNEL_READABLE | ZX_CHANNEL_WRITABLE,
		  p.signal.observed);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_channel_read(c1, 0, buf, NULL, sizeof(buf), 0,
					 &n, &nh));
	EXPECT_EQ(5u, n);
	ASSERT_EQ(ZX_OK, zx_handle_close(c0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_CHANNEL_PEER_CLOSED);
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, p.signal.observed);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(c1));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(wait_async_vmo)
{
	zx_handle_t port = new_port(), vmo = zx_test_vmo(4096, 0), child;
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	/* A fresh VMO asserts ZERO_CHILDREN: the level wait fires at once. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(vmo, port, 1,
					      ZX_VMO_ZERO_CHILDREN, 0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_VMO_ZERO_CHILDREN);
	/* A child clears it; the child's close raises it again. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     4096, &child));
	EXPECT_EQ(0u, zx_test_signals(vmo) & ZX_VMO_ZERO_CHILDREN);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(vmo, port, 2,
					      ZX_VMO_ZERO_CHILDREN, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_handle_close(child));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(ZX_SEC(10)),
				      &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_VMO_ZERO_CHILDREN);
	EXPECT_EQ(ZX_OK, zx_handle_close(vmo));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(wait_async_timer)
{
	zx_handle_t port = new_port(), t = new_timer();
	zx_port_packet_t p;
	zx_time_t deadline;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, t);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 5, ZX_TIMER_SIGNALED,
					      ZX_WAIT_ASYNC_TIMESTAMP));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	deadline = zx_deadline_after(ZX_MSEC(30));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, deadline, 0));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(ZX_SEC(20)),
				      &p));
	EXPECT_SIGNAL_PACKET(p, 5, ZX_TIMER_SIGNALED);
	EXPECT_EQ(ZX_TIMER_SIGNALED, p.signal.observed);
	/* Never early: slack 0. */
	EXPECT_GE(p.signal.timestamp, deadline);
	EXPECT_LE(p.signal.timestamp, zx_clock_get_monotonic());
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* --------------------------------------------- level, edge, one-shot */

TEST(level_vs_edge)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	/* Level: already asserted, the packet is there at once. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_USER_SIGNAL_0, p.signal.observed);
	/* Edge: not until it goes down and up again. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 2, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_EDGE));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	zx_test_sleep_ms(20);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	/* Edge on a deasserted signal fires on its first assertion. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 3, ZX_USER_SIGNAL_5,
					      ZX_WAIT_ASYNC_EDGE));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_5));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 3, ZX_USER_SIGNAL_5);
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_5, p.signal.observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(one_shot)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_USER_SIGNAL_0);
	/* Down, up, other bits: no second packet. */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	/* Nothing left armed: cancel finds nothing. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 1));
	/* Two registrations with one key: two packets. */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_ALL, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 9, ZX_USER_SIGNAL_2,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 9, ZX_USER_SIGNAL_2,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_2));
	for (int i = 0; i < 2; i++) {
		ASSERT_EQ(ZX_OK, take(port, &p));
		EXPECT_SIGNAL_PACKET(p, 9, ZX_USER_SIGNAL_2);
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(timestamp)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;
	int64_t before, after;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	/* Fired by a later signal. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_TIMESTAMP));
	zx_test_sleep_ms(5);
	before = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	after = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_USER_SIGNAL_0);
	EXPECT_GE(p.signal.timestamp, before);
	EXPECT_LE(p.signal.timestamp, after);

	/* Fired at once (level, already asserted). */
	before = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 2, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_TIMESTAMP));
	after = zx_clock_get_monotonic();
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_USER_SIGNAL_0);
	EXPECT_GE(p.signal.timestamp, before);
	EXPECT_LE(p.signal.timestamp, after);

	/* Without the option: 0. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 3, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 3, ZX_USER_SIGNAL_0);
	EXPECT_EQ(0, p.signal.timestamp);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 4, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_EDGE));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 4, ZX_USER_SIGNAL_0);
	EXPECT_EQ(0, p.signal.timestamp);

	/* The boot clock with BOOT_TIMESTAMP (and with EDGE). */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_0, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 5, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_BOOT_TIMESTAMP |
					      ZX_WAIT_ASYNC_EDGE));
	before = boot_now();
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	after = boot_now();
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 5, ZX_USER_SIGNAL_0);
	EXPECT_GE(p.signal.timestamp, before);
	EXPECT_LE(p.signal.timestamp, after);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ---------------------------------------------------- wait_async errors */

TEST(wait_async_errors_in_order)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), other = new_port();
	zx_handle_t dead_port, dead, ev_nowait, port_nowrite;
	const uint32_t bad_opts[] = {
		8u, 0x10u, 0x80000000u, 0xffffffffu,
		ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP,
		ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_BOOT_TIMESTAMP |
		ZX_WAIT_ASYNC_EDGE,
	};
	const uint32_t good_opts[] = {
		0, ZX_WAIT_ASYNC_TIMESTAMP, ZX_WAIT_ASYNC_EDGE,
		ZX_WAIT_ASYNC_BOOT_TIMESTAMP,
		ZX_WAIT_ASYNC_TIMESTAMP | ZX_WAIT_ASYNC_EDGE,
		ZX_WAIT_ASYNC_BOOT_TIMESTAMP | ZX_WAIT_ASYNC_EDGE,
	};
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_NE(ZX_HANDLE_INVALID, other);
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	dead_port = new_port();
	dead = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_handle_close(dead_port));
	ASSERT_EQ(ZX_OK, zx_handle_close(dead));
	ev_nowait = dup_rights(ev, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_WAIT);
	port_nowrite = dup_rights(port, ZX_DEFAULT_PORT_RIGHTS &
				  ~ZX_RIGHT_WRITE);
	ASSERT_NE(ZX_HANDLE_INVALID, ev_nowait);
	ASSERT_NE(ZX_HANDLE_INVALID, port_nowrite);

	/* 1. options, even with every handle bad. */
	for (size_t i = 0; i < ARRAY_SIZE(bad_opts); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					       bad_opts[i]));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_object_wait_async(dead, dead_port, 1,
					       ZX_USER_SIGNAL_0, bad_opts[i]));
	}
	/* 2. the port, before the waited handle. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_async(ev_nowait, dead_port, 1,
				       ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_async(ev, ZX_HANDLE_INVALID, 1,
				       ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_wait_async(dead, ev, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_wait_async(ev, ev, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_async(dead, port_nowrite, 1,
				       ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_async(ev, port_nowrite, 1,
				       ZX_USER_SIGNAL_0, 0));
	/* 3. the waited handle. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_async(dead, port, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_wait_async(ZX_HANDLE_INVALID, port, 1,
				       ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_async(ev_nowait, port, 1, ZX_USER_SIGNAL_0,
				       0));
	/* Ports and VMARs lack ZX_RIGHT_WAIT. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_async(other, port, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_async(port, port, 1, ZX_USER_SIGNAL_0, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_wait_async(zx_vmar_root_self(), port, 1,
				       ZX_USER_SIGNAL_0, 0));
	/* No failed call queued or armed anything. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 1));

	/* Every valid option is taken. */
	for (size_t i = 0; i < ARRAY_SIZE(good_opts); i++)
		EXPECT_EQ(ZX_OK, zx_object_wait_async(ev, port, 100 + i,
						      ZX_USER_SIGNAL_1,
						      good_opts[i]));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ((int)ARRAY_SIZE(good_opts), drain(port));

	EXPECT_EQ(ZX_OK, zx_handle_close(ev_nowait));
	EXPECT_EQ(ZX_OK, zx_handle_close(port_nowrite));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(other));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ---------------------------------------------------------- cancel */

TEST(cancel_armed_wait)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 5, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 6, ZX_USER_SIGNAL_0,
					      0));
	EXPECT_EQ(ZX_OK, zx_port_cancel(port, ev, 5));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 5));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	/* Only key 6 fires. */
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 6, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(cancel_removes_queued_packet)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p = user_packet(5, 0, 5);

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	/* A user packet with the same key is not the object's. */
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 5, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 7, ZX_USER_SIGNAL_0,
					      0));
	/* Both fired at once: two signal packets queued after the user one. */
	EXPECT_EQ(ZX_OK, zx_port_cancel(port, ev, 5));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 5));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_EQ(5u, p.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, p.type);
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 7, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	/* With nothing but a user packet of that key: NOT_FOUND. */
	p = user_packet(7, 0, 7);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 7));
	EXPECT_EQ(1, drain(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(cancel_matches_handle_and_key_only)
{
	zx_handle_t port = new_port(), other = new_port(), ev = zx_test_event();
	zx_handle_t d;
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, other);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	d = dup_rights(ev, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_NE(ZX_HANDLE_INVALID, d);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	/* Nothing at all registered: NOT_FOUND. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(other, ev, 1));
	/* Another key. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 2));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, ~1ull));
	/* Another handle to the same object. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, d, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 1, ZX_USER_SIGNAL_0);
	/* And the packet of that wait is not removed through d either. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 3, ZX_USER_SIGNAL_0,
					      0));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, d, 3));
	EXPECT_EQ(1, drain(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(other));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(cancel_errors)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), ev_nowait;
	zx_handle_t port_nowrite, dead;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ev_nowait = dup_rights(ev, ZX_DEFAULT_EVENT_RIGHTS & ~ZX_RIGHT_WAIT);
	port_nowrite = dup_rights(port, ZX_DEFAULT_PORT_RIGHTS &
				  ~ZX_RIGHT_WRITE);
	ASSERT_NE(ZX_HANDLE_INVALID, ev_nowait);
	ASSERT_NE(ZX_HANDLE_INVALID, port_nowrite);
	dead = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_handle_close(dead));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));

	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(port_nowrite, ev, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_port_cancel(ev, ev, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(dead, ev, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(ZX_HANDLE_INVALID, ev, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_port_cancel(port, dead, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_port_cancel(port, ZX_HANDLE_INVALID, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(port, ev_nowait, 1));
	/* A port as the source lacks WAIT. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_port_cancel(port, port, 1));
	/* None of them cancelled the wait. */
	EXPECT_EQ(ZX_OK, zx_port_cancel(port, ev, 1));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev_nowait));
	EXPECT_EQ(ZX_OK, zx_handle_close(port_nowrite));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ------------------------------------- waits ended by handle changes */

TEST(close_handle_ends_wait)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), d;
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	d = dup_rights(ev, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_NE(ZX_HANDLE_INVALID, d);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	/* A wait through d survives the close of ev. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(d, port, 2, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_handle_close(ev));
	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));

	/* A packet queued before the close stays. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(d, port, 3, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_handle_close(d));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 3, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(replace_handle_ends_wait)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), r;
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_handle_replace(ev, ZX_RIGHT_SAME_RIGHTS, &r));
	ASSERT_EQ(ZX_OK, zx_object_signal(r, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	/* Cancelling through the new handle finds nothing either. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, r, 1));
	/* The new handle can wait. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(r, port, 2, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, take(port, &p));
	EXPECT_SIGNAL_PACKET(p, 2, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(channel_transfer_ends_wait)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), d, c0, c1, got;
	zx_port_packet_t p;
	uint32_t nb = 0, nh = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	d = dup_rights(ev, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_NE(ZX_HANDLE_INVALID, d);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, NULL, 0, &ev, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(d, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_channel_read(c1, 0, NULL, &got, 0, 1, &nb, &nh));
	EXPECT_EQ(1u, nh);
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, got, 1));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(got));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(c0));
	EXPECT_EQ(ZX_OK, zx_handle_close(c1));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

TEST(close_port_drops_waits)
{
	long before = zx_test_live_objects();
	zx_handle_t port = new_port(), ev = zx_test_event(), e0, e1, t;
	zx_handle_t port2 = new_port();
	zx_port_packet_t p = user_packet(1, 0, 1);

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, port2);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	t = new_timer();
	ASSERT_NE(ZX_HANDLE_INVALID, t);
	/* Armed waits, a queued signal packet and user packets. */
	for (uint64_t k = 0; k < 50; k++) {
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, k,
						      ZX_USER_SIGNAL_0, 0));
		ASSERT_EQ(ZX_OK, zx_object_wait_async(e0, port, k,
						      ZX_EVENTPAIR_PEER_CLOSED,
						      0));
	}
	ASSERT_EQ(ZX_OK, zx_object_wait_async(t, port, 1, ZX_TIMER_SIGNALED,
					      0));
	ASSERT_EQ(ZX_OK, zx_timer_set(t, zx_deadline_after(ZX_MSEC(50)), 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(e0, 0, ZX_USER_SIGNAL_1));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(e0, port, 99, ZX_USER_SIGNAL_1,
					      0));
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
	/* The objects live on and signal without a port to go to. */
	EXPECT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(ev, ZX_USER_SIGNAL_0, 0, NULL));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(t, ZX_TIMER_SIGNALED,
					    zx_deadline_after(ZX_SEC(20)),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(e1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED, 0,
					    NULL));
	/* And can be waited on through another port. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port2, 7, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, take(port2, &p));
	EXPECT_SIGNAL_PACKET(p, 7, ZX_USER_SIGNAL_0);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(e0));
	EXPECT_EQ(ZX_OK, zx_handle_close(t));
	EXPECT_EQ(ZX_OK, zx_handle_close(port2));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

/*
 * The port's own handle replaced, sent through a channel and through a
 * bridge descriptor: its packets and armed waits go with it (only its
 * last handle's close drops them).
 */
TEST(port_moves_with_packets_and_waits)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), r, c0, c1;
	zx_port_packet_t p = user_packet(1, 0, 1);
	uint32_t nb = 0, nh = 0;
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	for (uint64_t k = 2; k <= 4; k++)
		ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, k,
						      ZX_USER_SIGNAL_0 << k,
						      0));
	/* Replaced. */
	ASSERT_EQ(ZX_OK, zx_handle_replace(port, ZX_RIGHT_SAME_RIGHTS, &r));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_2));
	/* Through a channel, its only handle in the message. */
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, NULL, 0, &r, 1));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_3));
	r = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_channel_read(c1, 0, NULL, &r, 0, 1, &nb, &nh));
	ASSERT_EQ(1u, nh);
	/* Through a descriptor. */
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(r, 0, &fd));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_4));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &r));
	/* Everything is there, in order. */
	ASSERT_EQ(ZX_OK, take(r, &p));
	EXPECT_EQ(1u, p.key);
	EXPECT_EQ(ZX_PKT_TYPE_USER, p.type);
	for (uint64_t k = 2; k <= 4; k++) {
		ASSERT_EQ(ZX_OK, take(r, &p));
		EXPECT_SIGNAL_PACKET(p, k, ZX_USER_SIGNAL_0 << k);
	}
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(r, &p));
	/* And it still takes new ones. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, r, 5, ZX_USER_SIGNAL_2, 0));
	ASSERT_EQ(ZX_OK, take(r, &p));
	EXPECT_SIGNAL_PACKET(p, 5, ZX_USER_SIGNAL_2);
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(c0));
	EXPECT_EQ(ZX_OK, zx_handle_close(c1));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
}

/*
 * Closing the port while another thread sleeps in zx_port_wait() on it:
 * the close of the last handle ends the wait (Fuchsia answers
 * ZX_ERR_CANCELED or BAD_HANDLE; this only asserts that the waiter
 * returns, with an error, and nothing crashes).
 */
TEST(close_port_with_waiter)
{
	zx_handle_t port = new_port();
	struct port_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(0, port_waiter_start(&w, port, zx_deadline_after(ZX_SEC(3))));
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
	pthread_join(w.thread, NULL);
	if (w.status != ZX_ERR_TIMED_OUT && w.status != ZX_ERR_CANCELED &&
	    w.status != ZX_ERR_BAD_HANDLE)
		TH_LOG("zx_port_wait() returned %d", w.status);
	EXPECT_TRUE(w.status == ZX_ERR_TIMED_OUT ||
		    w.status == ZX_ERR_CANCELED ||
		    w.status == ZX_ERR_BAD_HANDLE);
}

/* -------------------------------------------------- 100,000 waits */

/* Arms the waits for keys [first, first + MANY_WAITS / NARMERS). */
#define NARMERS	4

struct armer {
	zx_handle_t ev, port;
	uint64_t first;
	zx_status_t status;
};

static void *armer_main(void *arg)
{
	struct armer *a = arg;
	uint64_t end = a->first + MANY_WAITS / NARMERS;

	a->status = ZX_OK;
	for (uint64_t k = a->first; k < end && a->status == ZX_OK; k++)
		a->status = zx_object_wait_async(a->ev, a->port, k,
						 k % (MANY_WAITS / MANY_FIRED) ?
						 ZX_USER_SIGNAL_0 :
						 ZX_USER_SIGNAL_1, 0);
	return NULL;
}

TEST(hundred_thousand_waits)
{
	long before = zx_test_live_objects();
	zx_handle_t port = new_port(), ev = zx_test_event();
	static uint8_t seen[MANY_WAITS];
	struct armer a[NARMERS];
	pthread_t th[NARMERS];
	zx_port_packet_t p;
	int fired = 0, ok = 0;
	int64_t t0 = zx_test_now();

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	memset(seen, 0, sizeof(seen));
	/*
	 * One event, 100,000 keys, armed by NARMERS threads at once.  Every
	 * 100th wait asks for USER_1 (the rest for USER_0), so a signal of
	 * USER_1 fires MANY_FIRED of them.
	 */
	for (int i = 0; i < NARMERS; i++) {
		a[i].ev = ev;
		a[i].port = port;
		a[i].first = (uint64_t)i * (MANY_WAITS / NARMERS);
		ASSERT_EQ(0, pthread_create(&th[i], NULL, armer_main, &a[i]));
	}
	for (int i = 0; i < NARMERS; i++) {
		pthread_join(th[i], NULL);
		EXPECT_EQ(ZX_OK, a[i].status);
	}
	TH_LOG("%d waits armed in %lld ms", MANY_WAITS,
	       (long long)((zx_test_now() - t0) / 1000000));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_1));
	while (take(port, &p) == ZX_OK) {
		fired++;
		if (p.key < MANY_WAITS && p.key % (MANY_WAITS / MANY_FIRED) ==
		    0 && !seen[p.key] && p.type == ZX_PKT_TYPE_SIGNAL_ONE &&
		    p.signal.trigger == ZX_USER_SIGNAL_1) {
			seen[p.key] = 1;
			ok++;
		}
	}
	EXPECT_EQ(MANY_FIRED, fired);
	EXPECT_EQ(MANY_FIRED, ok);
	TH_LOG("%d fired and taken: %lld ms", fired,
	       (long long)((zx_test_now() - t0) / 1000000));
	/* Cancel a few of the rest, by key. */
	for (uint64_t k = 1; k <= 10; k++)
		EXPECT_EQ(ZX_OK, zx_port_cancel(port, ev, k));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 1));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_port_cancel(port, ev, 0));
	TH_LOG("cancelled: %lld ms",
	       (long long)((zx_test_now() - t0) / 1000000));
	/* Close the port with the other 98,990 armed, then signal. */
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
	TH_LOG("port closed: %lld ms",
	       (long long)((zx_test_now() - t0) / 1000000));
	EXPECT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_USER_SIGNAL_0 | ZX_USER_SIGNAL_1, zx_test_signals(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 10000));
	TH_LOG("whole test: %lld ms",
	       (long long)((zx_test_now() - t0) / 1000000));
}

/* ----------------------------------------------- process exit */

struct exit_child_arg {
	int sock;
};

/*
 * Registers waits of every kind in a new process, leaves packets queued,
 * hands one event out to the parent, and exits without closing anything.
 */
static int exit_child(void *arg)
{
	struct exit_child_arg *a = arg;
	zx_handle_t port, ev, d, e0, e1, c0, c1, vmo;
	zx_port_packet_t p = user_packet(1, 0, 1);
	int fd = -1;

	CHILD_CHECK(zx_port_create(0, &port) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &ev) == ZX_OK);
	CHILD_CHECK(zx_eventpair_create(0, &e0, &e1) == ZX_OK);
	CHILD_CHECK(zx_channel_create(0, &c0, &c1) == ZX_OK);
	CHILD_CHECK(zx_vmo_create(4096, 0, &vmo) == ZX_OK);
	for (uint64_t k = 0; k < 100; k++) {
		CHILD_CHECK(zx_object_wait_async(ev, port, k, ZX_USER_SIGNAL_0,
						 0) == ZX_OK);
		CHILD_CHECK(zx_object_wait_async(e0, port, k,
						 ZX_EVENTPAIR_PEER_CLOSED,
						 0) == ZX_OK);
		CHILD_CHECK(zx_object_wait_async(c0, port, k,
						 ZX_CHANNEL_READABLE,
						 0) == ZX_OK);
	}
	/* Queued packets: a fired wait, user packets. */
	CHILD_CHECK(zx_object_wait_async(vmo, port, 7, ZX_VMO_ZERO_CHILDREN,
					 0) == ZX_OK);
	for (int i = 0; i < 100; i++)
		CHILD_CHECK(zx_port_queue(port, &p) == ZX_OK);
	/* And one fired wait of the channel. */
	CHILD_CHECK(zx_object_wait_async(c1, port, 8, ZX_CHANNEL_READABLE,
					 0) == ZX_OK);
	CHILD_CHECK(zx_channel_write(c0, 0, "x", 1, NULL, 0) == ZX_OK);
	/* The parent gets another handle to ev. */
	CHILD_CHECK(zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &d) ==
		    ZX_OK);
	CHILD_CHECK(zx_linux_handle_to_fd(d, 0, &fd) == ZX_OK);
	CHILD_CHECK(zx_test_send_fd(a->sock, fd) == 0);
	return 0;
}

TEST(process_exit_drops_waits)
{
	long before = zx_test_live_objects();
	struct exit_child_arg a;
	int sv[2], fd;
	zx_handle_t ev = ZX_HANDLE_INVALID;
	pid_t pid;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	a.sock = sv[1];
	pid = zx_test_fork(exit_child, &a);
	ASSERT_GT(pid, 0);
	fd = zx_test_recv_fd(sv[0]);
	EXPECT_EQ(0, zx_test_wait_child(pid));
	close(sv[0]);
	close(sv[1]);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &ev));
	/* Only the event is left. */
	EXPECT_EQ(before + 1, zx_test_live_objects_settle(before + 1, 10000));
	/* Signalling it reaches no dead port. */
	EXPECT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(1u, zx_test_handle_count(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

/*
 * The port travels inside a message on a channel whose end it waits on,
 * and that wait has fired: the port holds a packet from the channel, the
 * channel holds the port.  Closing every handle must free both.
 */
TEST(port_in_channel_with_its_packet_freed)
{
	long before = zx_test_live_objects();
	zx_handle_t port = new_port(), c0, c1;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(c1, port, 1,
					      ZX_CHANNEL_READABLE, 0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(c0, port, 2,
					      ZX_CHANNEL_PEER_CLOSED, 0));
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, "p", 1, &port, 1));
	EXPECT_FALSE(zx_test_valid(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(c1));
	EXPECT_EQ(ZX_OK, zx_handle_close(c0));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 10000));
}

/* ------------------------------------------------------------ races */

struct toggler {
	zx_handle_t ev;
	int stop;
	long rounds;
};

static void *toggler_main(void *arg)
{
	struct toggler *t = arg;

	while (!__atomic_load_n(&t->stop, __ATOMIC_SEQ_CST)) {
		zx_object_signal(t->ev, 0, ZX_USER_SIGNAL_0);
		zx_object_signal(t->ev, ZX_USER_SIGNAL_0, 0);
		t->rounds++;
	}
	return NULL;
}

/*
 * While another thread toggles the event, ports are armed, cancelled,
 * drained and closed, and handles used for waits are closed: firing
 * races every way a wait can end.  Nothing may leak or crash (KASAN and
 * lockdep on the debug kernel).
 */
TEST(waits_ending_while_firing)
{
	long before = zx_test_live_objects();
	zx_handle_t ev = zx_test_event(), port, d;
	struct toggler tg = { 0 };
	zx_port_packet_t p;
	long packets = 0;
	pthread_t t;

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	tg.ev = ev;
	ASSERT_EQ(0, pthread_create(&t, NULL, toggler_main, &tg));
	for (int i = 0; i < 100; i++) {
		port = new_port();
		ASSERT_NE(ZX_HANDLE_INVALID, port);
		d = dup_rights(ev, ZX_RIGHT_SAME_RIGHTS);
		ASSERT_NE(ZX_HANDLE_INVALID, d);
		for (uint64_t k = 0; k < 8; k++) {
			ASSERT_EQ(ZX_OK, zx_object_wait_async(
					 ev, port, k, ZX_USER_SIGNAL_0,
					 k & 1 ? ZX_WAIT_ASYNC_EDGE : 0));
			ASSERT_EQ(ZX_OK, zx_object_wait_async(
					 d, port, 100 + k, ZX_USER_SIGNAL_0,
					 ZX_WAIT_ASYNC_TIMESTAMP));
		}
		/* Either result is right while the toggler runs. */
		for (uint64_t k = 0; k < 8; k += 2) {
			zx_status_t s = zx_port_cancel(port, ev, k);

			EXPECT_TRUE(s == ZX_OK || s == ZX_ERR_NOT_FOUND);
		}
		if (i % 3 == 0)
			EXPECT_EQ(ZX_OK, zx_handle_close(d));
		while (take(port, &p) == ZX_OK) {
			EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, p.type);
			packets++;
		}
		if (i % 3 != 0)
			EXPECT_EQ(ZX_OK, zx_handle_close(d));
		EXPECT_EQ(ZX_OK, zx_handle_close(port));
	}
	__atomic_store_n(&tg.stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(t, NULL);
	TH_LOG("%ld toggles, %ld packets", tg.rounds, packets);
	EXPECT_GT(tg.rounds, 0);
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 10000));
}

struct dup_closer {
	zx_handle_t ev;
	zx_handle_t cur;	/* the live duplicate, read by the armer */
	long calls;		/* calls the armer made */
	int stop;
	long rounds;
	zx_status_t error;
};

/* Makes a duplicate of the event, publishes it, closes it; again. */
static void *dup_closer_main(void *arg)
{
	struct dup_closer *c = arg;
	zx_handle_t d;
	long calls;

	while (!__atomic_load_n(&c->stop, __ATOMIC_SEQ_CST)) {
		c->error = zx_handle_duplicate(c->ev, ZX_RIGHT_SAME_RIGHTS, &d);
		if (c->error != ZX_OK)
			break;
		__atomic_store_n(&c->cur, d, __ATOMIC_SEQ_CST);
		/* Closed during the armer's second call through it, or so. */
		calls = __atomic_load_n(&c->calls, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&c->calls, __ATOMIC_SEQ_CST) < calls + 2 &&
		       !__atomic_load_n(&c->stop, __ATOMIC_SEQ_CST))
			sched_yield();
		c->error = zx_handle_close(d);
		if (c->error != ZX_OK)
			break;
		__atomic_add_fetch(&c->rounds, 1, __ATOMIC_SEQ_CST);
	}
	return NULL;
}

/*
 * zx_object_wait_async() and zx_port_cancel() look up the port and the
 * waited handle together while another thread closes that handle: each
 * call sees the handle live or gone, and every wait armed through a
 * handle ends when it is closed, also one whose lookup came before the
 * close and its arming after (that window is hit only by chance, with
 * KASAN and lockdep watching on the debug kernel).  The event is
 * signalled only once every duplicate is closed, so no packet may come.
 */
TEST(wait_async_racing_close)
{
	long before = zx_test_live_objects();
	zx_handle_t ev = zx_test_event(), port = new_port();
	struct dup_closer c = { 0 };
	long armed = 0, bad = 0;
	zx_port_packet_t p;
	pthread_t t;

	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_NE(ZX_HANDLE_INVALID, port);
	c.ev = ev;
	ASSERT_EQ(0, pthread_create(&t, NULL, dup_closer_main, &c));
	while (!__atomic_load_n(&c.cur, __ATOMIC_SEQ_CST) && !c.error)
		sched_yield();
	/* Until the closer made 1000 rounds, or 20000 calls. */
	for (uint64_t k = 0; k < 20000 &&
	     __atomic_load_n(&c.rounds, __ATOMIC_SEQ_CST) < 1000; k++) {
		zx_handle_t v = __atomic_load_n(&c.cur, __ATOMIC_SEQ_CST);
		zx_status_t s = zx_object_wait_async(v, port, k,
						     ZX_USER_SIGNAL_0, 0);

		__atomic_add_fetch(&c.calls, 1, __ATOMIC_SEQ_CST);
		if (s == ZX_OK)
			armed++;
		else if (s == ZX_ERR_BAD_HANDLE)
			bad++;
		else
			EXPECT_EQ(ZX_OK, s);
		if (k % 4 == 0) {
			s = zx_port_cancel(port, v, k);
			EXPECT_TRUE(s == ZX_OK || s == ZX_ERR_NOT_FOUND ||
				    s == ZX_ERR_BAD_HANDLE);
		}
		/* On one CPU, let the closer run between calls. */
		sched_yield();
	}
	__atomic_store_n(&c.stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(t, NULL);
	EXPECT_EQ(ZX_OK, c.error);
	TH_LOG("%ld closes, %ld waits armed, %ld on a closed handle",
	       c.rounds, armed, bad);
	/* Every duplicate is closed now: no wait made through one is left. */
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 10000));
}

/* A wait fired by a pulse (set, then cleared at once) still has its
 * packet, whose observed holds the signal of that moment. */
TEST(pulse_fires_level_wait)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	zx_port_packet_t p;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 1, ZX_USER_SIGNAL_0,
					      0));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 2, ZX_USER_SIGNAL_0,
					      ZX_WAIT_ASYNC_EDGE));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, ZX_USER_SIGNAL_0, 0));
	for (uint64_t k = 1; k <= 2; k++) {
		ASSERT_EQ(ZX_OK, take(port, &p));
		EXPECT_SIGNAL_PACKET(p, k, ZX_USER_SIGNAL_0);
		EXPECT_EQ(ZX_USER_SIGNAL_0, p.signal.observed);
	}
	EXPECT_EQ(0u, zx_test_signals(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ------------------------------------------------ between processes */

struct xproc_arg {
	int port_fd, ev_fd;
};

/* Takes the port and the event out of their descriptors, arms a wait on
 * the event, and waits on the port for the parent's packets. */
static int xproc_child(void *arg)
{
	struct xproc_arg *a = arg;
	zx_handle_t port, ev;
	zx_port_packet_t p, want = user_packet(77, -7, 77);

	CHILD_CHECK(zx_linux_fd_to_handle(a->port_fd, &port) == ZX_OK);
	CHILD_CHECK(zx_linux_fd_to_handle(a->ev_fd, &ev) == ZX_OK);
	CHILD_CHECK(zx_object_wait_async(ev, port, 5, ZX_USER_SIGNAL_3,
					 0) == ZX_OK);
	/* Tell the parent (through the event) that the wait is armed. */
	CHILD_CHECK(zx_object_signal(ev, 0, ZX_USER_SIGNAL_1) == ZX_OK);
	CHILD_CHECK(zx_port_wait(port, zx_deadline_after(ZX_SEC(30)), &p) ==
		    ZX_OK);
	CHILD_CHECK(p.key == 77 && p.status == -7 &&
		    p.type == ZX_PKT_TYPE_USER);
	CHILD_CHECK(memcmp(p.user.c8, want.user.c8, 32) == 0);
	CHILD_CHECK(zx_port_wait(port, zx_deadline_after(ZX_SEC(30)), &p) ==
		    ZX_OK);
	CHILD_CHECK(p.key == 5 && p.type == ZX_PKT_TYPE_SIGNAL_ONE);
	CHILD_CHECK(p.signal.observed ==
		    (ZX_USER_SIGNAL_1 | ZX_USER_SIGNAL_3));
	return 0;
}

TEST(port_shared_between_processes)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), dp, de;
	zx_port_packet_t p = user_packet(77, -7, 77);
	struct xproc_arg a;
	pid_t pid;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	dp = dup_rights(port, ZX_RIGHT_SAME_RIGHTS);
	de = dup_rights(ev, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_NE(ZX_HANDLE_INVALID, dp);
	ASSERT_NE(ZX_HANDLE_INVALID, de);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(dp, 0, &a.port_fd));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(de, 0, &a.ev_fd));
	pid = zx_test_fork(xproc_child, &a);
	ASSERT_GT(pid, 0);
	close(a.port_fd);
	close(a.ev_fd);
	ASSERT_EQ(ZX_OK, zx_object_wait_one(ev, ZX_USER_SIGNAL_1,
					    zx_deadline_after(ZX_SEC(30)),
					    NULL));
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	/* The child took both packets; the port lives on here. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, take(port, &p));
	for (int i = 0; i < 500 && zx_test_handle_count(port) != 1; i++)
		zx_test_sleep_ms(10);
	EXPECT_EQ(1u, zx_test_handle_count(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* -------------------------------------------------- the port fd */

TEST(port_fd_epoll)
{
	zx_handle_t port = new_port(), ev = zx_test_event();
	struct epoll_event e, out[4];
	zx_port_packet_t p = user_packet(1, 0, 1);
	struct pollfd pfd;
	int fd = -1, ep;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_EQ(ZX_OK, zx_linux_port_fd(port, 0, &fd));
	ASSERT_GE(fd, 0);
	/* The port stays in the handle table. */
	EXPECT_TRUE(zx_test_valid(port));
	EXPECT_EQ(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_GE(ep, 0);
	memset(&e, 0, sizeof(e));
	e.events = EPOLLIN;
	e.data.u64 = 0x1234;
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e));
	EXPECT_EQ(0, epoll_wait(ep, out, 4, 0));

	/* A user packet makes it readable; taking it makes it not. */
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	ASSERT_EQ(1, epoll_wait(ep, out, 4, 10000));
	EXPECT_EQ(0x1234u, out[0].data.u64);
	EXPECT_NE(0u, out[0].events & EPOLLIN);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(1, epoll_wait(ep, out, 4, 0));
	EXPECT_EQ(2, drain(port));
	EXPECT_EQ(0, epoll_wait(ep, out, 4, 0));

	/* So does a signal packet, and again after it is taken. */
	ASSERT_EQ(ZX_OK, zx_object_wait_async(ev, port, 2, ZX_USER_SIGNAL_0,
					      0));
	EXPECT_EQ(0, epoll_wait(ep, out, 4, 0));
	ASSERT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(1, epoll_wait(ep, out, 4, 10000));
	EXPECT_EQ(1, drain(port));
	EXPECT_EQ(0, epoll_wait(ep, out, 4, 0));

	/* poll() agrees. */
	pfd.fd = fd;
	pfd.events = POLLIN;
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_EQ(POLLIN, pfd.revents);
	EXPECT_EQ(1, drain(port));
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	close(ep);
	close(fd);
	/* The port does not depend on the descriptor. */
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	EXPECT_EQ(1, drain(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

struct epoll_sleeper {
	int ep;
	int n;
	uint32_t events;
	pid_t tid;
	int started;
};

static void *epoll_sleeper_main(void *arg)
{
	struct epoll_sleeper *s = arg;
	struct epoll_event out;

	s->tid = zx_test_gettid();
	__atomic_store_n(&s->started, 1, __ATOMIC_SEQ_CST);
	s->n = epoll_wait(s->ep, &out, 1, 30000);
	if (s->n == 1)
		s->events = out.events;
	return NULL;
}

/* A thread asleep in epoll_wait() is woken by a queue and by a hang-up. */
TEST(port_fd_wakes_epoll_sleeper)
{
	zx_handle_t port = new_port();
	zx_port_packet_t p = user_packet(1, 0, 1);
	struct epoll_sleeper s;
	struct epoll_event e;
	pthread_t t;
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(ZX_OK, zx_linux_port_fd(port, ZX_LINUX_FD_CLOEXEC, &fd));
	EXPECT_NE(0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
	memset(&s, 0, sizeof(s));
	s.ep = epoll_create1(EPOLL_CLOEXEC);
	ASSERT_GE(s.ep, 0);
	memset(&e, 0, sizeof(e));
	e.events = EPOLLIN;
	ASSERT_EQ(0, epoll_ctl(s.ep, EPOLL_CTL_ADD, fd, &e));

	ASSERT_EQ(0, pthread_create(&t, NULL, epoll_sleeper_main, &s));
	while (!__atomic_load_n(&s.started, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked(s.tid, 2000);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	pthread_join(t, NULL);
	EXPECT_EQ(1, s.n);
	EXPECT_NE(0u, s.events & EPOLLIN);
	EXPECT_EQ(1, drain(port));

	/* The last handle's close: EPOLLHUP (always reported). */
	memset(&s.started, 0, sizeof(s.started));
	s.n = 0;
	s.events = 0;
	ASSERT_EQ(0, pthread_create(&t, NULL, epoll_sleeper_main, &s));
	while (!__atomic_load_n(&s.started, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked(s.tid, 2000);
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
	pthread_join(t, NULL);
	EXPECT_EQ(1, s.n);
	EXPECT_NE(0u, s.events & EPOLLHUP);
	close(s.ep);
	close(fd);
}

TEST(port_fd_hup_after_close)
{
	long before = zx_test_live_objects();
	zx_handle_t port = new_port(), d;
	zx_port_packet_t p = user_packet(1, 0, 1);
	struct pollfd pfd;
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_EQ(ZX_OK, zx_linux_port_fd(port, 0, &fd));
	d = dup_rights(port, ZX_RIGHT_SAME_RIGHTS);
	ASSERT_NE(ZX_HANDLE_INVALID, d);
	ASSERT_EQ(ZX_OK, zx_port_queue(port, &p));
	/* One handle of two closed: no hang-up yet. */
	ASSERT_EQ(ZX_OK, zx_handle_close(port));
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents);
	/* The last one: POLLHUP. */
	ASSERT_EQ(ZX_OK, zx_handle_close(d));
	pfd.revents = 0;
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_TRUE(pfd.revents & POLLHUP);
	close(fd);
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

TEST(port_fd_errors)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), noread, dead, r;
	const uint32_t bad_opts[] = { 2u, 0x80u, 0x80000000u, 0xffffffffu };
	void *ro = zx_test_readonly_page();
	int fds_before = zx_test_count_fds(), fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_NE(NULL, ro);
	noread = dup_rights(port, ZX_DEFAULT_PORT_RIGHTS & ~ZX_RIGHT_READ);
	ASSERT_NE(ZX_HANDLE_INVALID, noread);
	dead = new_port();
	ASSERT_EQ(ZX_OK, zx_handle_close(dead));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_linux_port_fd(noread, 0, &fd));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_port_fd(ev, 0, &fd));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_port_fd(dead, 0, &fd));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_linux_port_fd(ZX_HANDLE_INVALID, 0, &fd));
	for (size_t i = 0; i < ARRAY_SIZE(bad_opts); i++)
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_linux_port_fd(port, bad_opts[i], &fd));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_port_fd(port, 0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_port_fd(port, 0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_port_fd(port, 0, ro));
	EXPECT_EQ(-1, fd);
	/* No descriptor leaked from the failed calls. */
	EXPECT_EQ(fds_before, zx_test_count_fds());
	/* A port handle with READ only is enough. */
	r = dup_rights(port, ZX_RIGHT_READ);
	ASSERT_NE(ZX_HANDLE_INVALID, r);
	EXPECT_EQ(ZX_OK, zx_linux_port_fd(r, 0, &fd));
	EXPECT_GE(fd, 0);
	close(fd);
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(noread));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
}

/* ---------------------------------------------- zx_handle_check_valid */

TEST(handle_check_valid)
{
	zx_handle_t port = new_port(), ev = zx_test_event(), norights;

	ASSERT_NE(ZX_HANDLE_INVALID, port);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	EXPECT_EQ(ZX_OK, zx_handle_check_valid(port));
	EXPECT_EQ(ZX_OK, zx_handle_check_valid(ev));
	/* Rights do not matter. */
	norights = dup_rights(ev, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, norights);
	EXPECT_EQ(ZX_OK, zx_handle_check_valid(norights));
	EXPECT_EQ(ZX_OK, zx_handle_close(norights));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(norights));
	EXPECT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(0x7fffffffu));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(0xfffffffeu));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(0xffffffffu));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(port ^ 0x100u));
	EXPECT_EQ(ZX_OK, zx_handle_check_valid(port));
	EXPECT_EQ(ZX_OK, zx_handle_close(port));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_check_valid(port));
}

ZX_TEST_MAIN(NULL, NULL)
