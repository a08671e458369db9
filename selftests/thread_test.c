// SPDX-License-Identifier: GPL-2.0
/*
 * Threads: zx_thread_self() (one handle per thread, its process as
 * related_koid), ZX_INFO_THREAD while another thread is blocked in each
 * kind of Zircon wait (wait_one, wait_many with and without items,
 * port_wait, channel_call), RUNNING and DEAD, and zx_task_kill() on a
 * thread (not supported: Linux signals whole thread groups).
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>
#include <zircon/process.h>

#include "zx_test_util.h"

/* How long a test waits for a state before it fails (not a timing). */
#define STATE_WAIT_MS	60000

static zx_thread_state_t thread_state(zx_handle_t th)
{
	zx_info_thread_t info;

	memset(&info, 0xa5, sizeof(info));
	if (zx_object_get_info(th, ZX_INFO_THREAD, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		return 0xffffffffu;
	return info.state;
}

/* Polls until @th is in @state; false if it never gets there. */
static bool wait_state(zx_handle_t th, zx_thread_state_t state)
{
	for (int i = 0; i < STATE_WAIT_MS / 5; i++) {
		if (thread_state(th) == state)
			return true;
		zx_test_sleep_ms(5);
	}
	return false;
}

enum blocker_kind { WAIT_ONE, WAIT_MANY, WAIT_MANY_NONE, PORT, CALL };

struct blocker {
	enum blocker_kind kind;
	zx_handle_t obj;		/* event, port or channel end */
	zx_handle_t self;		/* out: the thread's own handle */
	zx_status_t status;		/* out */
	pthread_t thread;
};

static void *blocker_main(void *arg)
{
	struct blocker *b = arg;
	zx_wait_item_t item = { .handle = b->obj,
				.waitfor = ZX_EVENT_SIGNALED };
	zx_port_packet_t pkt;
	zx_channel_call_args_t args = { 0 };
	char buf[8] = "ping";
	uint32_t nb = 0, nh = 0;

	__atomic_store_n(&b->self, zx_thread_self(), __ATOMIC_RELEASE);
	switch (b->kind) {
	case WAIT_ONE:
		b->status = zx_object_wait_one(b->obj, ZX_EVENT_SIGNALED,
					       ZX_TIME_INFINITE, NULL);
		break;
	case WAIT_MANY:
		b->status = zx_object_wait_many(&item, 1, ZX_TIME_INFINITE);
		break;
	case WAIT_MANY_NONE:
		b->status = zx_object_wait_many(NULL, 0,
						zx_deadline_after(ZX_SEC(10)));
		break;
	case PORT:
		b->status = zx_port_wait(b->obj, ZX_TIME_INFINITE, &pkt);
		break;
	case CALL:
		args.wr_bytes = buf;
		args.wr_num_bytes = 4;
		args.rd_bytes = buf;
		args.rd_num_bytes = sizeof(buf);
		b->status = zx_channel_call(b->obj, 0, ZX_TIME_INFINITE, &args,
					    &nb, &nh);
		break;
	}
	return NULL;
}

static zx_handle_t start_blocker(struct blocker *b)
{
	b->self = ZX_HANDLE_INVALID;
	if (pthread_create(&b->thread, NULL, blocker_main, b))
		return ZX_HANDLE_INVALID;
	for (int i = 0; i < STATE_WAIT_MS / 5; i++) {
		zx_handle_t h = __atomic_load_n(&b->self, __ATOMIC_ACQUIRE);

		if (h != ZX_HANDLE_INVALID)
			return h;
		zx_test_sleep_ms(5);
	}
	return ZX_HANDLE_INVALID;
}

TEST(self_handle)
{
	zx_handle_t th = zx_thread_self();
	zx_info_handle_basic_t b = zx_test_basic(th);

	ASSERT_NE(ZX_HANDLE_INVALID, th);
	EXPECT_EQ(th, zx_thread_self());
	EXPECT_EQ(ZX_OBJ_TYPE_THREAD, b.type);
	EXPECT_EQ(ZX_DEFAULT_THREAD_RIGHTS, b.rights);
	EXPECT_EQ(zx_test_koid(zx_process_self()), b.related_koid);
	EXPECT_EQ(ZX_THREAD_STATE_RUNNING, thread_state(th));
	EXPECT_EQ(0u, zx_test_signals(th) & ZX_THREAD_TERMINATED);
}

TEST(another_thread_another_koid)
{
	struct blocker b = { .kind = WAIT_ONE, .obj = zx_test_event() };
	zx_handle_t th = start_blocker(&b);

	ASSERT_NE(ZX_HANDLE_INVALID, th);
	EXPECT_NE(zx_test_koid(zx_thread_self()), zx_test_koid(th));
	EXPECT_EQ(zx_test_koid(zx_process_self()),
		  zx_test_basic(th).related_koid);
	ASSERT_EQ(ZX_OK, zx_object_signal(b.obj, 0, ZX_EVENT_SIGNALED));
	pthread_join(b.thread, NULL);
	EXPECT_EQ(ZX_OK, b.status);
	zx_handle_close(b.obj);
}

static void check_blocked(struct __test_metadata *_metadata,
			  enum blocker_kind kind, zx_handle_t obj,
			  zx_handle_t waker, zx_thread_state_t want)
{
	struct blocker b = { .kind = kind, .obj = obj };
	zx_handle_t th = start_blocker(&b);
	zx_port_packet_t pkt = { .key = 1, .type = ZX_PKT_TYPE_USER };

	ASSERT_NE(ZX_HANDLE_INVALID, th);
	EXPECT_TRUE(wait_state(th, want));
	switch (kind) {
	case WAIT_ONE:
	case WAIT_MANY:
		EXPECT_EQ(ZX_OK, zx_object_signal(obj, 0, ZX_EVENT_SIGNALED));
		break;
	case PORT:
		EXPECT_EQ(ZX_OK, zx_port_queue(obj, &pkt));
		break;
	case CALL:
		EXPECT_EQ(ZX_OK, zx_handle_close(waker));
		break;
	case WAIT_MANY_NONE:
		break;
	}
	pthread_join(b.thread, NULL);
	/* The thread is gone: its handle (kept by it) reports DEAD. */
	EXPECT_TRUE(wait_state(th, ZX_THREAD_STATE_DEAD));
}

TEST(blocked_in_wait_one)
{
	zx_handle_t ev = zx_test_event();

	check_blocked(_metadata, WAIT_ONE, ev, ZX_HANDLE_INVALID,
		      ZX_THREAD_STATE_BLOCKED_WAIT_ONE);
	zx_handle_close(ev);
}

TEST(blocked_in_wait_many)
{
	zx_handle_t ev = zx_test_event();

	check_blocked(_metadata, WAIT_MANY, ev, ZX_HANDLE_INVALID,
		      ZX_THREAD_STATE_BLOCKED_WAIT_MANY);
	check_blocked(_metadata, WAIT_MANY_NONE, ZX_HANDLE_INVALID,
		      ZX_HANDLE_INVALID, ZX_THREAD_STATE_BLOCKED_WAIT_MANY);
	zx_handle_close(ev);
}

TEST(blocked_in_port_wait)
{
	zx_handle_t port = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	check_blocked(_metadata, PORT, port, ZX_HANDLE_INVALID,
		      ZX_THREAD_STATE_BLOCKED_PORT);
	zx_handle_close(port);
}

TEST(blocked_in_channel_call)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	check_blocked(_metadata, CALL, a, b, ZX_THREAD_STATE_BLOCKED_CHANNEL);
	zx_handle_close(a);
}

TEST(thread_errors)
{
	zx_handle_t th = zx_thread_self(), weak = ZX_HANDLE_INVALID;
	zx_info_thread_t info;
	struct zx_ioc_create a = { .options = 1 };

	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_task_kill(th));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(th, ZX_DEFAULT_THREAD_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &weak));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(weak, ZX_INFO_THREAD, &info, sizeof(info),
				     NULL, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(zx_process_self(), ZX_INFO_THREAD, &info,
				     sizeof(info), NULL, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(th, ZX_INFO_PROCESS, &info, sizeof(info),
				     NULL, NULL));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(th, ZX_INFO_THREAD, &info, 4, NULL,
				     NULL));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(zx_linux_device_fd(), ZX_IOC_THREAD_SELF, &a));
	zx_handle_close(weak);
}

TEST(thread_self_after_fork)
{
	zx_koid_t before = zx_test_koid(zx_thread_self());
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		zx_handle_t th = zx_thread_self();

		_exit(th != ZX_HANDLE_INVALID && zx_test_koid(th) != before &&
		      zx_test_basic(th).related_koid ==
		      zx_test_koid(zx_process_self()) ? 0 : 1);
	}
	EXPECT_EQ(0, zx_test_wait_child(pid));
}

ZX_TEST_MAIN(NULL, NULL)
