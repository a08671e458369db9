// SPDX-License-Identifier: GPL-2.0
/*
 * zx_channel_call() and zx_channel_call_etc(): transaction ids, replies
 * matched by id among many calling threads, deadlines, PEER_CLOSED for
 * every waiter, CANCELED on close, Linux signals during a call, every
 * error; and many writer and reader threads on one channel.
 */
#include <setjmp.h>
#include <sys/ioctl.h>
#include <linux/zircon.h>

#include "zx_test_util.h"

struct req {
	zx_txid_t txid;
	uint32_t thread;
	uint32_t seq;
	uint32_t pad;
};

/* Echo server: replies to @count requests with the request's own bytes. */
struct server {
	pthread_t thread;
	zx_handle_t h;
	int count;
	int served;
	bool reverse;		/* collect all, then answer in reverse */
	zx_txid_t seen[256];
};

static void *server_main(void *arg)
{
	struct server *s = arg;
	struct req r[256];
	uint32_t ab, ah;

	for (int i = 0; i < s->count; i++) {
		zx_signals_t seen;

		if (zx_object_wait_one(s->h, ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen) != ZX_OK)
			return NULL;
		if (zx_channel_read(s->h, 0, &r[i], NULL, sizeof(r[i]), 0, &ab,
				    &ah) != ZX_OK)
			return NULL;
		s->seen[i] = r[i].txid;
		if (!s->reverse) {
			zx_channel_write(s->h, 0, &r[i], ab, NULL, 0);
			s->served++;
		}
	}
	if (s->reverse) {
		for (int i = s->count - 1; i >= 0; i--) {
			zx_channel_write(s->h, 0, &r[i], sizeof(r[i]), NULL, 0);
			s->served++;
		}
	}
	return NULL;
}

static int server_start(struct server *s, zx_handle_t h, int count,
			bool reverse)
{
	memset(s, 0, sizeof(*s));
	s->h = h;
	s->count = count;
	s->reverse = reverse;
	return pthread_create(&s->thread, NULL, server_main, s);
}

static zx_status_t call(zx_handle_t h, zx_time_t deadline, struct req *out,
			struct req *in, uint32_t *ab, uint32_t *ah)
{
	zx_channel_call_args_t args = {
		.wr_bytes = out,
		.wr_num_bytes = sizeof(*out),
		.rd_bytes = in,
		.rd_num_bytes = sizeof(*in),
	};

	return zx_channel_call(h, 0, deadline, &args, ab, ah);
}

FIXTURE(cc) {
	zx_handle_t a, b;
	long live;
};

FIXTURE_SETUP(cc)
{
	self->live = zx_test_live_objects();
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &self->a, &self->b));
}

FIXTURE_TEARDOWN(cc)
{
	zx_handle_close(self->a);
	zx_handle_close(self->b);
	if (self->live >= 0)
		EXPECT_EQ(self->live,
			  zx_test_live_objects_settle(self->live, 2000));
}

TEST_F(cc, call_roundtrip_kernel_txid)
{
	struct server s;
	struct req out = { .txid = 0x1234, .thread = 1, .seq = 2 }, in;
	uint32_t ab = 0, ah = 9;

	ASSERT_EQ(0, server_start(&s, self->b, 1, false));
	EXPECT_EQ(ZX_OK, call(self->a, ZX_TIME_INFINITE, &out, &in, &ab, &ah));
	pthread_join(s.thread, NULL);
	EXPECT_EQ(sizeof(in), ab);
	EXPECT_EQ(0u, ah);
	EXPECT_GE(s.seen[0], 0x80000000u);
	EXPECT_EQ(s.seen[0], in.txid);
	EXPECT_EQ(1u, in.thread);
	EXPECT_EQ(2u, in.seq);
	/* The caller's buffer kept its own txid. */
	EXPECT_EQ(0x1234u, out.txid);
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->a));
}

/* Replies to one request with @bytes of bytes (txid copied) and @h. */
struct answerer {
	pthread_t thread;
	zx_handle_t ch;
	uint32_t bytes;
	zx_handle_t h;		/* sent back; INVALID: send the request's */
	zx_koid_t got_koid;
};

static void *answer_main(void *arg)
{
	struct answerer *x = arg;
	uint8_t buf[64] = { 0 };
	zx_handle_t in = ZX_HANDLE_INVALID;
	zx_signals_t seen;
	uint32_t ab, ah;

	if (zx_object_wait_one(x->ch, ZX_CHANNEL_READABLE, ZX_TIME_INFINITE,
			       &seen) != ZX_OK)
		return NULL;
	if (zx_channel_read(x->ch, 0, buf, &in, sizeof(buf), 1, &ab,
			    &ah) != ZX_OK)
		return NULL;
	if (ah)
		x->got_koid = zx_test_koid(in);
	if (x->h == ZX_HANDLE_INVALID)
		x->h = in;
	else if (ah)
		zx_handle_close(in);
	zx_channel_write(x->ch, 0, buf, x->bytes, &x->h,
			 x->h == ZX_HANDLE_INVALID ? 0 : 1);
	return NULL;
}

TEST_F(cc, call_etc_moves_handles_both_ways)
{
	zx_handle_t ev = zx_test_event();
	zx_koid_t koid = zx_test_koid(ev);
	struct req out = { 0 }, in;
	zx_handle_disposition_t d = { ZX_HANDLE_OP_MOVE, ev, ZX_OBJ_TYPE_EVENT,
				      ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER,
				      ZX_OK };
	zx_handle_info_t info[2];
	zx_channel_call_etc_args_t args = {
		.wr_bytes = &out, .wr_handles = &d, .rd_bytes = &in,
		.rd_handles = info, .wr_num_bytes = sizeof(out),
		.wr_num_handles = 1, .rd_num_bytes = sizeof(in),
		.rd_num_handles = 2,
	};
	struct answerer x = { .ch = self->b, .bytes = sizeof(in) };
	uint32_t ab = 0, ah = 0;

	/* An unsolicited message first: it is no reply and stays queued. */
	ASSERT_EQ(ZX_OK, zx_channel_write(self->b, 0, "junk", 4, NULL, 0));
	ASSERT_EQ(0, pthread_create(&x.thread, NULL, answer_main, &x));
	ASSERT_EQ(ZX_OK, zx_channel_call_etc(self->a, 0, ZX_TIME_INFINITE,
					     &args, &ab, &ah));
	pthread_join(x.thread, NULL);
	EXPECT_FALSE(zx_test_valid(ev));
	EXPECT_EQ(koid, x.got_koid);
	EXPECT_EQ(sizeof(in), ab);
	EXPECT_EQ(1u, ah);
	EXPECT_EQ(koid, zx_test_koid(info[0].handle));
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, info[0].type);
	EXPECT_EQ(ZX_RIGHT_WAIT | ZX_RIGHT_TRANSFER, info[0].rights);
	zx_handle_close(info[0].handle);
	/* The unsolicited message is still there. */
	char buf[8];

	EXPECT_EQ(ZX_OK, zx_channel_read(self->a, 0, buf, NULL, 8, 0, &ab,
					 &ah));
	EXPECT_EQ(4u, ab);
}

TEST_F(cc, late_reply_goes_to_queue)
{
	struct req out = { 0 }, in, r;
	uint32_t ab, ah;

	EXPECT_EQ(ZX_ERR_TIMED_OUT, call(self->a, 0, &out, &in, &ab, &ah));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, &r, NULL, sizeof(r), 0,
					 &ab, &ah));
	EXPECT_GE(r.txid, 0x80000000u);
	ASSERT_EQ(ZX_OK, zx_channel_write(self->b, 0, &r, sizeof(r), NULL, 0));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE | ZX_CHANNEL_READABLE,
		  zx_test_signals(self->a));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->a, 0, &in, NULL, sizeof(in), 0,
					 &ab, &ah));
	EXPECT_EQ(r.txid, in.txid);
}

TEST_F(cc, call_errors)
{
	zx_handle_t ev = zx_test_event(), h, noread;
	struct req out = { 0 }, in;
	uint32_t ab, ah;
	zx_channel_call_args_t args = {
		.wr_bytes = &out, .wr_num_bytes = 3, .rd_bytes = &in,
		.rd_num_bytes = sizeof(in),
	};

	/* Fewer than four bytes. */
	h = zx_test_event();
	args.wr_handles = &h;
	args.wr_num_handles = 1;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_call(self->a, 0, ZX_TIME_INFINITE, &args, &ab,
				  &ah));
	EXPECT_FALSE(zx_test_valid(h));
	args.wr_handles = NULL;
	args.wr_num_handles = 0;
	args.wr_num_bytes = sizeof(out);
	/* Bad args, NULL actuals, options. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_call(self->a, 0, ZX_TIME_INFINITE, NULL, &ab,
				  &ah));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_call(self->a, 0, ZX_TIME_INFINITE,
				  ZX_TEST_BAD_PTR, &ab, &ah));
	/*
	 * NULL actuals fail only once the reply is in (fuchsia_exact_test
	 * checks that); here no reply ever comes, so the call times out.
	 */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_channel_call(self->a, 0, zx_deadline_after(ZX_MSEC(1)),
				  &args, NULL, &ah));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_channel_call(self->a, 0, zx_deadline_after(ZX_MSEC(1)),
				  &args, &ab, NULL));
	/* Both requests were sent. */
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, &in, NULL, sizeof(in), 0,
					 NULL, NULL));
	EXPECT_EQ(ZX_OK, zx_channel_read(self->b, 0, &in, NULL, sizeof(in), 0,
					 NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_channel_call(self->a, 1, ZX_TIME_INFINITE, &args, &ab,
				  &ah));
	/* Handle, type, rights. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_channel_call(0x7ffffff3u, 0, 0, &args, &ab, &ah));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_channel_call(ev, 0, 0, &args, &ab, &ah));
	ASSERT_EQ(ZX_OK, zx_handle_replace(self->a, ZX_DEFAULT_CHANNEL_RIGHTS &
					   ~ZX_RIGHT_READ, &noread));
	self->a = noread;
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_channel_call(noread, 0, 0, &args, &ab, &ah));
	/* Too big. */
	args.wr_num_bytes = ZX_CHANNEL_MAX_MSG_BYTES + 1;
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_call(self->b, 0, 0, &args, &ab, &ah));
	args.wr_num_bytes = sizeof(out);
	/* Itself among the handles. */
	args.wr_handles = &self->b;
	args.wr_num_handles = 1;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_channel_call(self->b, 0, 0, &args, &ab, &ah));
	EXPECT_FALSE(zx_test_valid(self->b));
	self->b = ZX_HANDLE_INVALID;
	/* Nothing was sent by any of these. */
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, zx_test_signals(self->a));
	zx_handle_close(ev);
}

TEST_F(cc, call_peer_closed_and_timeout)
{
	struct req out = { 0 }, in;
	uint32_t ab, ah;
	int64_t t0;

	/* Past deadline: the request is sent, the call times out at once. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT, call(self->a, 0, &out, &in, &ab, &ah));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE | ZX_CHANNEL_READABLE,
		  zx_test_signals(self->b));
	t0 = zx_test_now();
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  call(self->a, zx_deadline_after(ZX_MSEC(50)), &out, &in,
		       &ab, &ah));
	/* Not before the deadline. */
	EXPECT_GE(zx_test_now() - t0, ZX_MSEC(50));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, call(self->a, ZX_TIME_INFINITE, &out,
					   &in, &ab, &ah));
}

TEST_F(cc, reply_too_small_is_discarded)
{
	struct req out = { 0 }, in;
	uint32_t ab = 77, ah = 77, rb, rh;
	zx_handle_t e0, e1;
	zx_signals_t seen;
	char big[64];
	zx_channel_call_args_t args = {
		.wr_bytes = &out, .wr_num_bytes = sizeof(out),
		.rd_bytes = &in, .rd_num_bytes = sizeof(in),
		.rd_num_handles = 1,
	};
	struct answerer x = { .ch = self->b, .bytes = 64 };

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	x.h = e1;
	ASSERT_EQ(0, pthread_create(&x.thread, NULL, answer_main, &x));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_channel_call(self->a, 0, ZX_TIME_INFINITE, &args, &ab,
				  &ah));
	pthread_join(x.thread, NULL);
	/* The reply and its handle are gone; nothing was queued. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(10)),
					    &seen));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(self->a, 0, big, NULL,
						      64, 0, &rb, &rh));
	zx_handle_close(e0);
}

/* ------------------------------------------ many threads, one channel */

#define NCALLERS 8
#define NCALLS 25

struct caller {
	pthread_t thread;
	zx_handle_t h;
	uint32_t id;
	int bad;
	int ok;
	zx_status_t last;
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;

	for (uint32_t i = 0; i < NCALLS; i++) {
		struct req out = { 0, c->id, i, 0 }, in;
		uint32_t ab, ah;

		c->last = call(c->h, ZX_TIME_INFINITE, &out, &in, &ab, &ah);
		if (c->last != ZX_OK)
			return NULL;
		if (in.thread != c->id || in.seq != i || ab != sizeof(in) ||
		    in.txid < 0x80000000u)
			c->bad++;
		else
			c->ok++;
	}
	return NULL;
}

/* Answers every request it gets, holding up to @batch and replying in
 * reverse order, until @stop. */
struct shuffler {
	pthread_t thread;
	zx_handle_t h;
	int total;
	int dup_txids;
};

static void *shuffler_main(void *arg)
{
	struct shuffler *s = arg;
	struct req held[NCALLERS];
	int n = 0, done = 0;

	while (done < s->total) {
		zx_signals_t seen;
		uint32_t ab, ah;
		zx_status_t st;

		st = zx_object_wait_one(s->h, ZX_CHANNEL_READABLE,
					zx_deadline_after(ZX_MSEC(20)), &seen);
		if (st == ZX_OK &&
		    zx_channel_read(s->h, 0, &held[n], NULL, sizeof(held[0]),
				    0, &ab, &ah) == ZX_OK) {
			for (int i = 0; i < n; i++)
				if (held[i].txid == held[n].txid)
					s->dup_txids++;
			n++;
		}
		/* Flush when full, or when nothing more came. */
		if (n == NCALLERS || (st == ZX_ERR_TIMED_OUT && n)) {
			while (n > 0) {
				n--;
				zx_channel_write(s->h, 0, &held[n],
						 sizeof(held[n]), NULL, 0);
				done++;
			}
		}
	}
	return NULL;
}

TEST_F(cc, many_callers_replies_matched_by_txid)
{
	struct caller c[NCALLERS];
	struct shuffler s = { .h = self->b, .total = NCALLERS * NCALLS };

	ASSERT_EQ(0, pthread_create(&s.thread, NULL, shuffler_main, &s));
	for (uint32_t i = 0; i < NCALLERS; i++) {
		c[i] = (struct caller){ .h = self->a, .id = i };
		ASSERT_EQ(0, pthread_create(&c[i].thread, NULL, caller_main,
					    &c[i]));
	}
	for (int i = 0; i < NCALLERS; i++) {
		pthread_join(c[i].thread, NULL);
		EXPECT_EQ(ZX_OK, c[i].last);
		EXPECT_EQ(0, c[i].bad);
		EXPECT_EQ(NCALLS, c[i].ok);
	}
	pthread_join(s.thread, NULL);
	EXPECT_EQ(0, s.dup_txids);
	/* No reply was left over or delivered twice. */
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->b));
}

static void *blocked_caller(void *arg)
{
	struct caller *c = arg;
	struct req out = { 0 }, in;
	uint32_t ab, ah;

	__atomic_store_n(&c->ok, (int)zx_test_gettid(), __ATOMIC_SEQ_CST);
	c->last = call(c->h, ZX_TIME_INFINITE, &out, &in, &ab, &ah);
	return NULL;
}

static void start_blocked(struct caller *c, zx_handle_t h)
{
	*c = (struct caller){ .h = h };
	pthread_create(&c->thread, NULL, blocked_caller, c);
	while (!__atomic_load_n(&c->ok, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked((pid_t)c->ok, 5000);
}

TEST_F(cc, peer_close_ends_every_waiting_call)
{
	struct caller c[4];

	for (int i = 0; i < 4; i++)
		start_blocked(&c[i], self->a);
	/* All four requests arrived. */
	for (int i = 0; i < 4; i++) {
		struct req r;
		uint32_t ab, ah;
		zx_signals_t seen;

		ASSERT_EQ(ZX_OK, zx_object_wait_one(self->b,
						    ZX_CHANNEL_READABLE,
						    zx_deadline_after(ZX_SEC(30)),
						    &seen));
		ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, &r, NULL,
						 sizeof(r), 0, &ab, &ah));
	}
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	for (int i = 0; i < 4; i++) {
		pthread_join(c[i].thread, NULL);
		EXPECT_EQ(ZX_ERR_PEER_CLOSED, c[i].last);
	}
}

TEST_F(cc, closing_own_handle_cancels_call)
{
	struct caller c;

	start_blocked(&c, self->a);
	ASSERT_EQ(ZX_OK, zx_handle_close(self->a));
	self->a = ZX_HANDLE_INVALID;
	pthread_join(c.thread, NULL);
	EXPECT_EQ(ZX_ERR_CANCELED, c.last);
}

static volatile sig_atomic_t got_signals;

static void on_usr1(int sig)
{
	(void)sig;
	got_signals++;
}

TEST_F(cc, linux_signal_during_call_sends_once)
{
	struct sigaction sa = { .sa_handler = on_usr1 }, old;
	struct caller c;
	struct req r;
	uint32_t ab, ah;
	zx_signals_t seen;

	got_signals = 0;
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	start_blocked(&c, self->a);
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(0, pthread_kill(c.thread, SIGUSR1));
		while (got_signals <= i)
			sched_yield();
		zx_test_thread_blocked((pid_t)c.ok, 5000);
	}
	ASSERT_EQ(ZX_OK, zx_object_wait_one(self->b, ZX_CHANNEL_READABLE,
					    zx_deadline_after(ZX_SEC(30)),
					    &seen));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, &r, NULL, sizeof(r), 0,
					 &ab, &ah));
	/* Exactly one request, however many signals. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(self->b, 0, &r, NULL,
						      sizeof(r), 0, &ab, &ah));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->b, 0, &r, sizeof(r), NULL, 0));
	pthread_join(c.thread, NULL);
	EXPECT_EQ(ZX_OK, c.last);
	EXPECT_EQ(3, got_signals);
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(self->a));
	sigaction(SIGUSR1, &old, NULL);
}

/*
 * A handler that leaves a call with siglongjmp() abandons it (it stays
 * suspended in the kernel).  The next call of the same thread, with an
 * argument at the same address (as a call from the same place makes), is
 * a new call: it sends its own request and consumes its handles; it must
 * not be taken for the restart of the abandoned one.
 */
static sigjmp_buf *volatile jump_out;

static void on_usr1_jump(int sig)
{
	sigjmp_buf *j = jump_out;

	(void)sig;
	if (j) {
		jump_out = NULL;
		siglongjmp(*j, 1);
	}
}

struct kicker {
	pthread_t thread;
	zx_handle_t b;
	pid_t tid;
	zx_status_t waited;
};

/* Signals the caller once its request arrived (it is in the call then). */
static void *kicker_main(void *arg)
{
	struct kicker *k = arg;
	zx_signals_t seen;

	k->waited = zx_object_wait_one(k->b, ZX_CHANNEL_READABLE,
				       zx_deadline_after(ZX_SEC(30)), &seen);
	if (k->waited == ZX_OK)
		syscall(SYS_tgkill, getpid(), k->tid, SIGUSR1);
	return NULL;
}

/* The ioctl argument, at one address for both calls. */
static struct zx_ioc_channel_call call_arg;
static zx_channel_call_args_t call_args;
static struct req call_out, call_in;
static zx_handle_t call_handle;
static uint32_t call_ab, call_ah;

/* A new raw call on @ch sending @h, as libzx makes it (resume 0). */
static int raw_call(int fd, zx_handle_t ch, zx_handle_t h, uint32_t seq,
		    zx_time_t deadline)
{
	call_out = (struct req){ .seq = seq };
	call_handle = h;
	call_args = (zx_channel_call_args_t){
		.wr_bytes = &call_out,
		.wr_handles = &call_handle,
		.rd_bytes = &call_in,
		.wr_num_bytes = sizeof(call_out),
		.wr_num_handles = 1,
		.rd_num_bytes = sizeof(call_in),
	};
	memset(&call_arg, 0, sizeof(call_arg));
	call_arg.handle = ch;
	call_arg.deadline = deadline;
	call_arg.args = (uintptr_t)&call_args;
	call_arg.actual_bytes = (uintptr_t)&call_ab;
	call_arg.actual_handles = (uintptr_t)&call_ah;
	call_arg.word_size = sizeof(void *);
	return ioctl(fd, ZX_IOC_CHANNEL_CALL, &call_arg);
}

static bool valid(zx_handle_t h)
{
	return zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL,
				  NULL) == ZX_OK;
}

TEST_F(cc, call_after_abandoned_call_is_a_new_call)
{
	struct sigaction sa = { .sa_handler = on_usr1_jump }, old;
	struct kicker k = { .b = self->b, .tid = zx_test_gettid() };
	int fd = zx_linux_device_fd();
	zx_handle_t e1, e2, got[2];
	struct req r1, r2;
	uint32_t ab, ah;
	sigjmp_buf jb;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_event_create(0, &e1));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &e2));
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	ASSERT_EQ(0, pthread_create(&k.thread, NULL, kicker_main, &k));
	if (sigsetjmp(jb, 1) == 0) {
		jump_out = &jb;
		raw_call(fd, self->a, e1, 1, ZX_TIME_INFINITE);
		jump_out = NULL;
		pthread_join(k.thread, NULL);
		sigaction(SIGUSR1, &old, NULL);
		ASSERT_TRUE(false) TH_LOG("the call ended: nothing answers it");
	}
	pthread_join(k.thread, NULL);
	sigaction(SIGUSR1, &old, NULL);
	ASSERT_EQ(ZX_OK, k.waited);
	/* The abandoned call's argument holds its resume token. */
	EXPECT_NE(0u, call_arg.resume);
	EXPECT_FALSE(valid(e1));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, &r1, got, sizeof(r1), 2,
					 &ab, &ah));
	EXPECT_EQ(1u, r1.seq);
	EXPECT_EQ(1u, ah);
	zx_handle_close(got[0]);

	/*
	 * Same thread, same argument address, a new call: its deadline has
	 * passed, so it sends and then times out at once.
	 */
	EXPECT_EQ(-ZX_ERR_TIMED_OUT, raw_call(fd, self->a, e2, 2, 0));
	EXPECT_EQ(0u, call_arg.resume);
	/* Its request was sent, with its handle. */
	EXPECT_FALSE(valid(e2));
	ASSERT_EQ(ZX_OK, zx_channel_read(self->b, 0, &r2, got, sizeof(r2), 2,
					 &ab, &ah));
	EXPECT_EQ(2u, r2.seq);
	EXPECT_EQ(1u, ah);
	EXPECT_NE(r1.txid, r2.txid);
	zx_handle_close(got[0]);
	if (valid(e2))
		zx_handle_close(e2);
}

/* A handler that returns: the call is restarted and resumed. */
static volatile uint32_t token_seen;

static void on_usr1_note_token(int sig)
{
	(void)sig;
	token_seen = __atomic_load_n(&call_arg.resume, __ATOMIC_SEQ_CST);
	got_signals++;
}

/* Signals the caller in its call, then answers the call. */
static void *kick_and_answer(void *arg)
{
	struct kicker *k = arg;
	zx_handle_t got[2];
	zx_signals_t seen;
	uint32_t ab, ah;
	struct req r;

	k->waited = zx_object_wait_one(k->b, ZX_CHANNEL_READABLE,
				       zx_deadline_after(ZX_SEC(30)), &seen);
	if (k->waited != ZX_OK)
		return NULL;
	k->waited = zx_channel_read(k->b, 0, &r, got, sizeof(r), 2, &ab, &ah);
	if (k->waited != ZX_OK)
		return NULL;
	if (ah)
		zx_handle_close(got[0]);
	syscall(SYS_tgkill, getpid(), k->tid, SIGUSR1);
	while (!got_signals)
		sched_yield();
	r.seq += 100;
	k->waited = zx_channel_write(k->b, 0, &r, sizeof(r), NULL, 0);
	return NULL;
}

TEST_F(cc, restarted_call_keeps_its_token_until_it_ends)
{
	struct sigaction sa = { .sa_handler = on_usr1_note_token }, old;
	struct kicker k = { .b = self->b, .tid = zx_test_gettid() };
	int fd = zx_linux_device_fd();
	zx_handle_t e;
	struct req r;
	uint32_t ab, ah;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_event_create(0, &e));
	got_signals = 0;
	token_seen = 0;
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, &old));
	ASSERT_EQ(0, pthread_create(&k.thread, NULL, kick_and_answer, &k));
	EXPECT_EQ(0, raw_call(fd, self->a, e, 7, ZX_TIME_INFINITE));
	pthread_join(k.thread, NULL);
	sigaction(SIGUSR1, &old, NULL);
	ASSERT_EQ(ZX_OK, k.waited);
	EXPECT_EQ(1, got_signals);
	/* While suspended the argument named the call; now it is 0 again. */
	EXPECT_EQ(call_in.txid, token_seen);
	EXPECT_NE(0u, token_seen & 0x80000000u);
	EXPECT_EQ(0u, call_arg.resume);
	EXPECT_EQ(107u, call_in.seq);
	EXPECT_FALSE(valid(e));
	/* The request went once. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_read(self->b, 0, &r, NULL,
						      sizeof(r), 0, &ab, &ah));
}

/* ------------------------------------ writers and readers, no losses */

#define NWRITERS 4
#define NREADERS 3
#define PERWRITER 400

struct rw {
	zx_handle_t w, r;
	uint32_t id;
	pthread_t thread;
	int errors;
	int got;
	uint32_t *counts;	/* per writer, shared (atomic adds) */
};

static void *writer_main(void *arg)
{
	struct rw *x = arg;

	for (uint32_t i = 0; i < PERWRITER; i++) {
		struct req m = { 0, x->id, i, 0 };
		zx_status_t s;

		while ((s = zx_channel_write(x->w, 0, &m, sizeof(m), NULL,
					     0)) == ZX_ERR_SHOULD_WAIT)
			sched_yield();
		if (s != ZX_OK)
			x->errors++;
	}
	return NULL;
}

static void *reader_main(void *arg)
{
	struct rw *x = arg;
	int64_t last[NWRITERS];

	for (int i = 0; i < NWRITERS; i++)
		last[i] = -1;
	for (;;) {
		struct req m;
		uint32_t ab, ah;
		zx_signals_t seen;
		zx_status_t s;

		s = zx_channel_read(x->r, 0, &m, NULL, sizeof(m), 0, &ab, &ah);
		if (s == ZX_ERR_SHOULD_WAIT) {
			zx_object_wait_one(x->r, ZX_CHANNEL_READABLE |
					   ZX_CHANNEL_PEER_CLOSED,
					   ZX_TIME_INFINITE, &seen);
			continue;
		}
		if (s == ZX_ERR_PEER_CLOSED)
			return NULL;
		if (s != ZX_OK || m.thread >= NWRITERS) {
			x->errors++;
			continue;
		}
		/* One reader sees the queue in order: per writer, rising. */
		if ((int64_t)m.seq <= last[m.thread])
			x->errors++;
		last[m.thread] = m.seq;
		__atomic_add_fetch(&x->counts[m.thread * PERWRITER + m.seq], 1,
				   __ATOMIC_SEQ_CST);
		x->got++;
	}
}

TEST(many_writers_many_readers_nothing_lost)
{
	static uint32_t counts[NWRITERS * PERWRITER];
	struct rw w[NWRITERS], r[NREADERS];
	zx_handle_t a, b;
	int total = 0;

	memset(counts, 0, sizeof(counts));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	for (int i = 0; i < NREADERS; i++) {
		r[i] = (struct rw){ .r = b, .counts = counts };
		ASSERT_EQ(0, pthread_create(&r[i].thread, NULL, reader_main,
					    &r[i]));
	}
	for (int i = 0; i < NWRITERS; i++) {
		w[i] = (struct rw){ .w = a, .id = (uint32_t)i };
		ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, writer_main,
					    &w[i]));
	}
	for (int i = 0; i < NWRITERS; i++) {
		pthread_join(w[i].thread, NULL);
		EXPECT_EQ(0, w[i].errors);
	}
	/* Readers stop at PEER_CLOSED, after draining everything. */
	ASSERT_EQ(ZX_OK, zx_handle_close(a));
	for (int i = 0; i < NREADERS; i++) {
		pthread_join(r[i].thread, NULL);
		EXPECT_EQ(0, r[i].errors);
		total += r[i].got;
	}
	EXPECT_EQ(NWRITERS * PERWRITER, total);
	int wrong = 0;

	for (int i = 0; i < NWRITERS * PERWRITER; i++)
		if (counts[i] != 1)
			wrong++;
	EXPECT_EQ(0, wrong);
	zx_handle_close(b);
}

ZX_TEST_MAIN(NULL, NULL)
