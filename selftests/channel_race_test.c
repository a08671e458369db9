// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile use of channels: races between close, move, read, write and
 * call; hostile sizes and counts; the raw ioctl ABI (reserved fields,
 * pointer sizes, kernel pointers); a read into a full handle table; the
 * zx-launch tool.  Every test ends with no object leaked.
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>
#include <zircon/process.h>
#include <zircon/processargs.h>

#include "zx_test_util.h"

#define LAUNCH_HELPER_FLAG	"--channel-race-launch-helper"
#define ZX_LAUNCH_PATHS		{ "/opt/zircon/bin/zx-launch", \
				  "../libzx/tools/zx-launch" }

static long live_start(void)
{
	return zx_test_live_objects();
}

#define EXPECT_NO_LEAK(before)						\
	do {								\
		if ((before) >= 0)					\
			EXPECT_EQ((before),				\
				  zx_test_live_objects_settle((before), 5000)); \
	} while (0)

/* -------------------------------------------- close vs read/write/call */

struct racer {
	pthread_t thread;
	zx_handle_t h;		/* the channel end used (may be closed) */
	int stop;
	int unexpected;
	zx_status_t bad;
	int mode;		/* 0 write, 1 read, 2 call */
};

static bool allowed(int mode, zx_status_t s)
{
	switch (s) {
	case ZX_OK:
	case ZX_ERR_BAD_HANDLE:
	case ZX_ERR_PEER_CLOSED:
	case ZX_ERR_CANCELED:
		return true;
	case ZX_ERR_SHOULD_WAIT:
		/*
		 * Reading: nothing queued.  Writing or calling: the peer's
		 * queue is full (channel_max_pending), which three writers
		 * against one reader reach when a round lasts long.
		 */
		return true;
	case ZX_ERR_TIMED_OUT:
		return mode == 2;
	}
	return false;
}

static void *racer_main(void *arg)
{
	struct racer *r = arg;

	while (!__atomic_load_n(&r->stop, __ATOMIC_SEQ_CST)) {
		zx_handle_t h = __atomic_load_n(&r->h, __ATOMIC_SEQ_CST);
		zx_handle_t ev = zx_test_event();
		uint32_t buf[4] = { 0 }, ab, ah;
		zx_handle_t got[2];
		zx_status_t s;

		if (r->mode == 0) {
			s = zx_channel_write(h, 0, buf, sizeof(buf), &ev, 1);
		} else if (r->mode == 1) {
			zx_handle_close(ev);
			s = zx_channel_read(h, 0, buf, got, sizeof(buf), 2, &ab,
					    &ah);
			if (s == ZX_OK)
				zx_handle_close_many(got, ah);
		} else {
			zx_channel_call_args_t args = {
				.wr_bytes = buf, .wr_num_bytes = sizeof(buf),
				.wr_handles = &ev, .wr_num_handles = 1,
				.rd_bytes = buf, .rd_num_bytes = sizeof(buf),
				.rd_handles = got, .rd_num_handles = 2,
			};

			s = zx_channel_call(h, 0,
					    zx_deadline_after(ZX_MSEC(2)),
					    &args, &ab, &ah);
			if (s == ZX_OK)
				zx_handle_close_many(got, ah);
		}
		if (!allowed(r->mode, s)) {
			r->unexpected++;
			r->bad = s;
		}
		/* A bad handle: the event was consumed or is ours to close. */
		zx_handle_close(ev);
	}
	return NULL;
}

TEST(close_races_read_write_call)
{
	long before = live_start();
	struct racer r[6];
	int64_t end = zx_test_now() + ZX_MSEC(1500);
	int rounds = 0;

	for (int i = 0; i < 6; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].mode = i % 3;
		r[i].h = ZX_HANDLE_INVALID;
	}
	for (int i = 0; i < 6; i++)
		ASSERT_EQ(0, pthread_create(&r[i].thread, NULL, racer_main,
					    &r[i]));
	/* Swap fresh channels in and close them under the racers' feet. */
	while (zx_test_now() < end || rounds < 20) {
		zx_handle_t a, b;

		ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
		for (int i = 0; i < 6; i++)
			__atomic_store_n(&r[i].h, i < 3 ? a : b,
					 __ATOMIC_SEQ_CST);
		zx_test_sleep_ms(rounds % 3);
		if (rounds % 2) {
			zx_handle_close(a);
			zx_handle_close(b);
		} else {
			zx_handle_close(b);
			zx_handle_close(a);
		}
		rounds++;
	}
	for (int i = 0; i < 6; i++) {
		__atomic_store_n(&r[i].stop, 1, __ATOMIC_SEQ_CST);
		pthread_join(r[i].thread, NULL);
		EXPECT_EQ(0, r[i].unexpected);
		if (r[i].unexpected)
			TH_LOG("racer %d (mode %d): %s", i, r[i].mode,
			       zx_status_get_string(r[i].bad));
	}
	EXPECT_NO_LEAK(before);
}

/* --------------------------------------- moving an end while it is used */

struct mover_writer {
	pthread_t thread;
	zx_handle_t h;
	uint32_t sent;		/* messages written with ZX_OK */
	int unexpected;
};

static void *mw_main(void *arg)
{
	struct mover_writer *w = arg;

	for (uint32_t i = 0;; i++) {
		zx_status_t s = zx_channel_write(w->h, 0, &i, sizeof(i), NULL,
						 0);

		if (s == ZX_OK) {
			w->sent++;
		} else if (s == ZX_ERR_BAD_HANDLE) {
			return NULL;	/* moved away: stop */
		} else if (s != ZX_ERR_SHOULD_WAIT) {
			w->unexpected++;
			return NULL;
		}
	}
}

TEST(moving_an_end_loses_no_message)
{
	long before = live_start();
	zx_handle_t a, b, c0, c1, moved;
	struct mover_writer w = { 0 };
	uint32_t n = 0, ab, ah, v;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	w.h = a;
	ASSERT_EQ(0, pthread_create(&w.thread, NULL, mw_main, &w));
	zx_test_sleep_ms(20);
	/* Move the writer's end into another channel while it writes. */
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, NULL, 0, &a, 1));
	pthread_join(w.thread, NULL);
	EXPECT_EQ(0, w.unexpected);
	/* Every write that succeeded is at b, in order. */
	while (zx_channel_read(b, 0, &v, NULL, sizeof(v), 0, &ab, &ah) ==
	       ZX_OK) {
		EXPECT_EQ(n, v);
		n++;
	}
	EXPECT_EQ(w.sent, n);
	/* The moved end works for its new owner. */
	ASSERT_EQ(ZX_OK, zx_channel_read(c1, 0, NULL, &moved, 0, 1, &ab, &ah));
	EXPECT_EQ(ZX_OK, zx_channel_write(moved, 0, "after", 5, NULL, 0));
	EXPECT_EQ(ZX_OK, zx_channel_read(b, 0, &v, NULL, 8, 0, &ab, &ah));
	zx_handle_close(moved);
	zx_handle_close(b);
	zx_handle_close(c0);
	zx_handle_close(c1);
	EXPECT_NO_LEAK(before);
}

/* ----------------------------------------------- call vs peer closing */

struct caller {
	pthread_t thread;
	zx_handle_t h;
	int ok, peer_closed, other;
};

static void *caller_main(void *arg)
{
	struct caller *c = arg;

	for (;;) {
		uint32_t out[2] = { 0, 1 }, in[2], ab, ah;
		zx_channel_call_args_t args = {
			.wr_bytes = out, .wr_num_bytes = sizeof(out),
			.rd_bytes = in, .rd_num_bytes = sizeof(in),
		};
		zx_status_t s = zx_channel_call(c->h, 0, ZX_TIME_INFINITE,
						&args, &ab, &ah);

		if (s == ZX_OK)
			c->ok++;
		else if (s == ZX_ERR_PEER_CLOSED)
			return (c->peer_closed++, NULL);
		else
			return (c->other++, NULL);
	}
}

TEST(calls_racing_a_closing_server)
{
	long before = live_start();

	for (int round = 0; round < 10; round++) {
		zx_handle_t a, b;
		struct caller c[4];
		int served = 0;

		ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
		for (int i = 0; i < 4; i++) {
			c[i] = (struct caller){ .h = a };
			ASSERT_EQ(0, pthread_create(&c[i].thread, NULL,
						    caller_main, &c[i]));
		}
		/* Serve a few requests, then close mid-stream. */
		while (served < 10 + round * 5) {
			uint32_t m[2], ab, ah;
			zx_signals_t seen;

			if (zx_object_wait_one(b, ZX_CHANNEL_READABLE,
					       zx_deadline_after(ZX_SEC(30)),
					       &seen) != ZX_OK)
				break;
			if (zx_channel_read(b, 0, m, NULL, sizeof(m), 0, &ab,
					    &ah) != ZX_OK)
				continue;
			zx_channel_write(b, 0, m, ab, NULL, 0);
			served++;
		}
		zx_handle_close(b);
		int ok = 0;

		for (int i = 0; i < 4; i++) {
			pthread_join(c[i].thread, NULL);
			EXPECT_EQ(1, c[i].peer_closed);
			EXPECT_EQ(0, c[i].other);
			ok += c[i].ok;
		}
		/* Each reply went to exactly one call. */
		EXPECT_EQ(served, ok);
		zx_handle_close(a);
	}
	EXPECT_NO_LEAK(before);
}

/* ------------------------------------------------------ hostile sizes */

TEST(hostile_counts_and_sizes)
{
	long before = live_start();
	size_t big = 64u << 20;
	zx_handle_t a, b, *arr;
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	/* A huge handle count over a huge array of invalid values: refused,
	 * every entry looked at, nothing crashes, a stays valid.  A failed
	 * write closes every handle it names up to the first unreadable
	 * byte, so the array ends in an inaccessible page: whatever mapping
	 * happens to follow it (ASLR decides) must not be read as handle
	 * values, or a word equal to a or b there closes it. */
	arr = mmap(NULL, big + 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	ASSERT_NE(MAP_FAILED, arr);
	ASSERT_EQ(0, mprotect((char *)arr + big, 4096, PROT_NONE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(a, 0, NULL, 0, arr, UINT32_MAX));
	EXPECT_TRUE(zx_test_valid(a));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write_etc(a, 0, NULL, 0,
				       (zx_handle_disposition_t *)arr,
				       UINT32_MAX));
	EXPECT_TRUE(zx_test_valid(a));
	EXPECT_TRUE(zx_test_valid(b));
	munmap(arr, big + 4096);
	/* Huge byte counts. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(a, 0, ZX_TEST_BAD_PTR, UINT32_MAX, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(a, ZX_CHANNEL_WRITE_USE_IOVEC,
				   ZX_TEST_BAD_PTR, UINT32_MAX, NULL, 0));
	/* Iovecs whose capacities overflow 32 bits when summed. */
	zx_channel_iovec_t iov[2] = {
		{ ZX_TEST_BAD_PTR, 0xffffffffu, 0 },
		{ ZX_TEST_BAD_PTR, 2, 0 },
	};

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_channel_write(a, ZX_CHANNEL_WRITE_USE_IOVEC, iov, 2, NULL,
				   0));
	/* The most iovecs, all empty: one empty message. */
	zx_channel_iovec_t *many = calloc(ZX_CHANNEL_MAX_MSG_IOVECS,
					  sizeof(*many));

	ASSERT_NE(NULL, many);
	EXPECT_EQ(ZX_OK, zx_channel_write(a, ZX_CHANNEL_WRITE_USE_IOVEC, many,
					  ZX_CHANNEL_MAX_MSG_IOVECS, NULL, 0));
	free(many);
	EXPECT_EQ(ZX_OK, zx_channel_read(b, 0, NULL, NULL, 0, 0, &ab, &ah));
	EXPECT_EQ(0u, ab);
	/* Huge read buffers that are not there: fine while unused. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_channel_read(b, 0, ZX_TEST_BAD_PTR, ZX_TEST_BAD_PTR,
				  UINT32_MAX, UINT32_MAX, &ab, &ah));
	zx_handle_close(a);
	zx_handle_close(b);
	EXPECT_NO_LEAK(before);
}

TEST(max_size_messages_fill_and_drain)
{
	long before = live_start();
	uint8_t *buf = malloc(ZX_CHANNEL_MAX_MSG_BYTES);
	zx_handle_t a, b;
	int n = 0;

	ASSERT_NE(NULL, buf);
	memset(buf, 0x5a, ZX_CHANNEL_MAX_MSG_BYTES);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	/* 64 MiB in flight, then the end is closed with all of it queued. */
	for (n = 0; n < 1024; n++)
		ASSERT_EQ(ZX_OK, zx_channel_write(a, 0, buf,
						  ZX_CHANNEL_MAX_MSG_BYTES,
						  NULL, 0));
	zx_handle_close(b);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_channel_write(a, 0, buf, 1, NULL, 0));
	zx_handle_close(a);
	free(buf);
	EXPECT_NO_LEAK(before);
}

/* ------------------------------------------------------------ raw ABI */

TEST(raw_abi_reserved_ptr_size_kernel_pointers)
{
	int fd = zx_linux_device_fd();
	zx_handle_t a, b, ev = zx_test_event();
	struct zx_ioc_channel_write w;
	struct zx_ioc_channel_call c;
	struct zx_ioc_channel_read r;
	char byte = 'x';

	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	memset(&w, 0, sizeof(w));
	w.handle = a;
	w.bytes = (uintptr_t)&byte;
	w.num_bytes = 1;
	w.handles = (uintptr_t)&ev;
	w.num_handles = 1;
	w.ptr_size = sizeof(void *);
	w.reserved = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_WRITE, &w));
	/* Even so, the handle named was consumed. */
	EXPECT_FALSE(zx_test_valid(ev));
	w.reserved = 0;
	w.num_handles = 0;
	w.ptr_size = 3;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_WRITE, &w));
	w.ptr_size = 8;
	w.bytes = ZX_TEST_KERNEL_ADDR;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_WRITE, &w));
	/* The argument struct itself unreadable. */
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_CHANNEL_WRITE, ZX_TEST_KERNEL_ADDR));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_CHANNEL_READ, ZX_TEST_BAD_PTR));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_CHANNEL_CALL, ZX_TEST_BAD_PTR));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_CHANNEL_CREATE, ZX_TEST_BAD_PTR));
	/* A read that writes to a kernel address. */
	ASSERT_EQ(ZX_OK, zx_channel_write(a, 0, "k", 1, NULL, 0));
	memset(&r, 0, sizeof(r));
	r.handle = b;
	r.bytes = ZX_TEST_KERNEL_ADDR;
	r.num_bytes = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_READ, &r));
	r.bytes = (uintptr_t)&byte;
	r.actual_bytes = ZX_TEST_KERNEL_ADDR;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_READ, &r));
	r.actual_bytes = 0;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_CHANNEL_READ, &r));
	EXPECT_EQ('k', byte);
	/* Calls: bad ptr_size, reserved, kernel args. */
	zx_channel_call_args_t args = { .wr_bytes = "abcd", .wr_num_bytes = 4 };
	uint32_t ab, ah;

	memset(&c, 0, sizeof(c));
	c.handle = a;
	c.args = (uintptr_t)&args;
	c.actual_bytes = (uintptr_t)&ab;
	c.actual_handles = (uintptr_t)&ah;
	c.ptr_size = 5;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_CALL, &c));
	c.ptr_size = sizeof(void *);
	c.reserved = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_CALL, &c));
	c.reserved = 0;
	c.args = ZX_TEST_KERNEL_ADDR;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_CALL, &c));
	/* Nothing reached b. */
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(b));
	/* The version reports channels. */
	struct zx_ioc_version v;

	ASSERT_EQ(0, ioctl(fd, ZX_IOC_VERSION, &v));
	EXPECT_NE(0ULL, (unsigned long long)(v.features & ZX_FEATURE_CHANNEL));
	EXPECT_GE(v.minor, 1u);
	zx_handle_close(a);
	zx_handle_close(b);
}

/* ------------------------------------------ a read into a full table */

TEST(read_into_full_table_keeps_message)
{
	long saved = zx_test_read_param("max_handles");
	zx_handle_t a, b, hs[3], got[3];
	uint32_t ab, ah;
	char buf[4];

	if (saved < 0 || geteuid() != 0)
		SKIP(return, "needs root and the max_handles parameter");
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	for (int i = 0; i < 3; i++)
		hs[i] = zx_test_event();
	ASSERT_EQ(ZX_OK, zx_channel_write(a, 0, "msg", 3, hs, 3));
	/* Room for the two channel ends and one more handle only. */
	ASSERT_EQ(0, zx_test_write_param("max_handles", 3));
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  zx_channel_read(b, 0, buf, got, 4, 3, &ab, &ah));
	ASSERT_EQ(0, zx_test_write_param("max_handles", saved));
	/* Whole and still first. */
	EXPECT_EQ(ZX_OK, zx_channel_read(b, 0, buf, got, 4, 3, &ab, &ah));
	EXPECT_EQ(3u, ah);
	EXPECT_EQ(0, memcmp(buf, "msg", 3));
	zx_handle_close_many(got, 3);
	zx_handle_close(a);
	zx_handle_close(b);
}

/* ------------------------------------------------------ the CLI tool */

static int launch_helper(int argc, char **argv)
{
	zx_handle_t h = zx_take_startup_handle(PA_HND(PA_USER1, 2));

	(void)argc;
	(void)argv;
	if (h == ZX_HANDLE_INVALID)
		return 3;
	if (getenv(ZX_LINUX_STARTUP_ENV))
		return 4;
	return zx_channel_write(h, 0, "cli", 3, NULL, 0) == ZX_OK ? 0 : 5;
}

TEST(zx_launch_tool_passes_descriptors)
{
	const char *paths[] = ZX_LAUNCH_PATHS;
	const char *tool = NULL;
	zx_handle_t a, b;
	char fdarg[32], buf[4], self_path[4096];
	uint32_t ab, ah;
	ssize_t len;
	int fd;
	pid_t pid;

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		if (access(paths[i], X_OK) == 0)
			tool = paths[i];
	if (!tool)
		SKIP(return, "zx-launch not found");
	len = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	ASSERT_GT(len, 0);
	self_path[len] = '\0';
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	/* Not close-on-exec: zx-launch inherits it. */
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, 0, &fd));
	snprintf(fdarg, sizeof(fdarg), "%d:PA_USER1/2", fd);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(tool, "zx-launch", "-f", fdarg, self_path,
		      LAUNCH_HELPER_FLAG, (char *)NULL);
		_exit(126);
	}
	close(fd);
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_channel_read(a, 0, buf, NULL, 4, 0, &ab, &ah));
	EXPECT_EQ(0, memcmp(buf, "cli", 3));
	/* The helper exited: its end is closed. */
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, zx_test_signals(a));
	zx_handle_close(a);
}

ZX_TEST_MAIN(LAUNCH_HELPER_FLAG, launch_helper)
