// SPDX-License-Identifier: GPL-2.0
/*
 * Process isolation: every process has its own handle table.  A forked
 * child starts empty, cannot reach its parent's handles (not through libzx,
 * not through an inherited or received /dev/zircon descriptor), and a
 * process's handles close when it exits.
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>

#include "zx_test_util.h"

#define EXEC_HELPER_FLAG "--isolation-exec-helper"

/* ------------------------------------------------------- forked child */

struct parent_handle {
	zx_handle_t h;
	zx_koid_t koid;
};

static int child_sees_empty_table(void *arg)
{
	struct parent_handle *p = arg;
	zx_info_handle_basic_t info;

	/* Checked before this process creates anything of its own. */
	CHILD_CHECK(zx_object_get_info(p->h, ZX_INFO_HANDLE_VALID, NULL, 0,
				       NULL, NULL) == ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(zx_object_get_info(p->h, ZX_INFO_HANDLE_BASIC, &info,
				       sizeof(info), NULL, NULL) ==
		    ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(zx_object_signal(p->h, 0, ZX_USER_SIGNAL_0) ==
		    ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(zx_object_wait_one(p->h, ZX_USER_SIGNAL_0, 0, NULL) ==
		    ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(zx_handle_duplicate(p->h, ZX_RIGHT_SAME_RIGHTS,
					&(zx_handle_t){ 0 }) ==
		    ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(zx_handle_close(p->h) == ZX_ERR_BAD_HANDLE);
	return 0;
}

TEST(forked_child_table_is_empty)
{
	struct parent_handle p;

	p.h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, p.h);
	p.koid = zx_test_koid(p.h);
	EXPECT_EQ(0, zx_test_in_child(child_sees_empty_table, &p));
	/* Nothing the child tried reached the parent's handle. */
	EXPECT_TRUE(zx_test_valid(p.h));
	EXPECT_EQ(p.koid, zx_test_koid(p.h));
	EXPECT_EQ(0u, zx_test_signals(p.h));
	EXPECT_EQ(1u, zx_test_handle_count(p.h));
	EXPECT_EQ(ZX_OK, zx_handle_close(p.h));
}

static int child_makes_own_handles(void *arg)
{
	struct parent_handle *p = arg;
	zx_handle_t h[64];

	for (int i = 0; i < 64; i++) {
		CHILD_CHECK(zx_event_create(0, &h[i]) == ZX_OK);
		CHILD_CHECK(zx_test_koid(h[i]) != p->koid);
		CHILD_CHECK(zx_object_signal(h[i], 0, ZX_USER_SIGNAL_7) ==
			    ZX_OK);
	}
	for (int i = 0; i < 32; i++)
		CHILD_CHECK(zx_handle_close(h[i]) == ZX_OK);
	/* The other 32 are left for process exit to close. */
	return 0;
}

TEST(forked_child_has_own_handles)
{
	struct parent_handle p;
	zx_handle_t d;

	p.h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, p.h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(p.h, ZX_RIGHT_SAME_RIGHTS, &d));
	p.koid = zx_test_koid(p.h);
	EXPECT_EQ(0, zx_test_in_child(child_makes_own_handles, &p));
	/* The parent's handles are as they were. */
	EXPECT_TRUE(zx_test_valid(p.h));
	EXPECT_TRUE(zx_test_valid(d));
	EXPECT_EQ(p.koid, zx_test_koid(d));
	EXPECT_EQ(0u, zx_test_signals(p.h));
	EXPECT_EQ(2u, zx_test_handle_count(p.h));
	/* And the parent can still create. */
	EXPECT_EQ(ZX_OK, zx_event_create(0, &(zx_handle_t){ 0 }));
	EXPECT_EQ(ZX_OK, zx_handle_close(d));
	EXPECT_EQ(ZX_OK, zx_handle_close(p.h));
}

static int child_leaks_objects(void *arg)
{
	zx_handle_t a, b;

	(void)arg;
	for (int i = 0; i < 20; i++)
		CHILD_CHECK(zx_event_create(0, &a) == ZX_OK);
	for (int i = 0; i < 5; i++)
		CHILD_CHECK(zx_eventpair_create(0, &a, &b) == ZX_OK);
	return 0;	/* exit without closing anything */
}

TEST(exit_releases_objects)
{
	long before = zx_test_live_objects();

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	EXPECT_EQ(0, zx_test_in_child(child_leaks_objects, NULL));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 2000));
}

/* ---------------------------------------- /dev/zircon descriptors */

struct raw_fd_arg {
	int fd;
	zx_handle_t h;
	int sock;
};

/* Every request on another process's table descriptor is refused. */
static int raw_ioctls_refused(int fd, zx_handle_t h)
{
	struct zx_ioc_version v;
	zx_handle_t out = 0;
	struct zx_ioc_create c = { .out0 = (uint64_t)(uintptr_t)&out };
	struct zx_ioc_object_signal s = {
		.handle = h, .set_mask = ZX_USER_SIGNAL_0,
	};
	struct zx_ioc_object_get_info gi = {
		.handle = h, .topic = ZX_INFO_HANDLE_VALID, .count_size = 8,
	};

	errno = 0;
	CHILD_CHECK(ioctl(fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)h) == -1);
	CHILD_CHECK(errno == EPERM);
	errno = 0;
	CHILD_CHECK(ioctl(fd, ZX_IOC_OBJECT_SIGNAL, &s) == -1);
	CHILD_CHECK(errno == EPERM);
	errno = 0;
	CHILD_CHECK(ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi) == -1);
	CHILD_CHECK(errno == EPERM);
	errno = 0;
	CHILD_CHECK(ioctl(fd, ZX_IOC_EVENT_CREATE, &c) == -1);
	CHILD_CHECK(errno == EPERM);
	CHILD_CHECK(out == 0);
	errno = 0;
	CHILD_CHECK(ioctl(fd, ZX_IOC_VERSION, &v) == -1);
	CHILD_CHECK(errno == EPERM);
	return 0;
}

static int child_uses_inherited_fd(void *arg)
{
	struct raw_fd_arg *a = arg;

	/* This child's own table (libzx's) is separate and works. */
	CHILD_CHECK(raw_ioctls_refused(a->fd, a->h) == 0);
	CHILD_CHECK(zx_event_create(0, &(zx_handle_t){ 0 }) == ZX_OK);
	CHILD_CHECK(raw_ioctls_refused(a->fd, a->h) == 0);
	return 0;
}

TEST(inherited_device_fd_refused)
{
	struct raw_fd_arg a;
	int dev;

	a.h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, a.h);
	dev = zx_linux_device_fd();
	ASSERT_GE(dev, 0);
	/*
	 * libzx closes its own descriptor in a forked child; a dup() made
	 * before fork() survives it and refers to the same table.
	 */
	a.fd = dup(dev);
	ASSERT_GE(a.fd, 0);
	EXPECT_EQ(0, zx_test_in_child(child_uses_inherited_fd, &a));
	EXPECT_TRUE(zx_test_valid(a.h));
	EXPECT_EQ(0u, zx_test_signals(a.h));
	close(a.fd);
	/* Closing a dup of the table descriptor does not end the table. */
	EXPECT_TRUE(zx_test_valid(a.h));
	EXPECT_EQ(ZX_OK, zx_handle_close(a.h));
}

static int child_receives_device_fd(void *arg)
{
	struct raw_fd_arg *a = arg;
	int fd = zx_test_recv_fd(a->sock);

	CHILD_CHECK(fd >= 0);
	CHILD_CHECK(raw_ioctls_refused(fd, a->h) == 0);
	close(fd);
	return 0;
}

TEST(device_fd_over_unix_socket_refused)
{
	struct raw_fd_arg a;
	struct zx_ioc_create c;
	struct zx_ioc_object_get_info gi;
	int sv[2], fd;
	pid_t pid;

	/* A table of its own, so the descriptor is the table's for sure. */
	fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	memset(&c, 0, sizeof(c));
	c.out0 = (uint64_t)(uintptr_t)&a.h;
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_EVENT_CREATE, &c));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	a.sock = sv[1];
	pid = zx_test_fork(child_receives_device_fd, &a);
	ASSERT_GE(pid, 0);
	ASSERT_EQ(0, zx_test_send_fd(sv[0], fd));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	/* The handle in that table is untouched. */
	memset(&gi, 0, sizeof(gi));
	gi.handle = a.h;
	gi.topic = ZX_INFO_HANDLE_VALID;
	gi.count_size = sizeof(size_t);
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)a.h));
	close(sv[0]);
	close(sv[1]);
	close(fd);
}

/* ----------------------------------------------------------- threads */

struct thread_arg {
	zx_handle_t in, out;
	zx_status_t status;
};

static void *thread_uses_handle(void *arg)
{
	struct thread_arg *t = arg;

	t->status = zx_object_signal(t->in, 0, ZX_USER_SIGNAL_1);
	if (t->status == ZX_OK)
		t->status = zx_event_create(0, &t->out);
	if (t->status == ZX_OK)
		t->status = zx_handle_close(t->in);
	return NULL;
}

TEST(threads_share_the_table)
{
	struct thread_arg t = { .out = ZX_HANDLE_INVALID };
	zx_handle_t keep;
	pthread_t th;

	t.in = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, t.in);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(t.in, ZX_RIGHT_SAME_RIGHTS,
					     &keep));
	ASSERT_EQ(0, pthread_create(&th, NULL, thread_uses_handle, &t));
	pthread_join(th, NULL);
	EXPECT_EQ(ZX_OK, t.status);
	EXPECT_EQ(ZX_USER_SIGNAL_1, zx_test_signals(keep));
	/* The thread's close is visible here; its new handle works here. */
	EXPECT_FALSE(zx_test_valid(t.in));
	EXPECT_TRUE(zx_test_valid(t.out));
	EXPECT_EQ(ZX_OK, zx_handle_close(t.out));
	EXPECT_EQ(ZX_OK, zx_handle_close(keep));
}

static int child_exits_quickly(void *arg)
{
	(void)arg;
	return zx_event_create(0, &(zx_handle_t){ 0 }) == ZX_OK ? 0 : 1;
}

TEST(fork_does_not_disturb_waits)
{
	zx_handle_t h = zx_test_event();
	struct zx_test_waiter w;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0,
					  zx_deadline_after(ZX_SEC(10))));
	for (int i = 0; i < 3; i++)
		EXPECT_EQ(0, zx_test_in_child(child_exits_quickly, NULL));
	EXPECT_FALSE(zx_test_waiter_finished(&w));
	EXPECT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_0));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(ZX_USER_SIGNAL_0, w.observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

/* ------------------------------------------------------------- exit */

static int child_holds_pair_end(void *arg)
{
	int sock = *(int *)arg;
	zx_handle_t a, b;
	int fd;
	char c;

	CHILD_CHECK(zx_eventpair_create(0, &a, &b) == ZX_OK);
	CHILD_CHECK(zx_linux_handle_to_fd(b, 0, &fd) == ZX_OK);
	CHILD_CHECK(zx_test_send_fd(sock, fd) == 0);
	close(fd);
	/* Wait for the go, then exit still holding a. */
	CHILD_CHECK(read(sock, &c, 1) == 1);
	return 0;
}

TEST(exit_closes_handles)
{
	int sv[2], fd;
	zx_handle_t h;
	zx_signals_t observed = 0;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	pid = zx_test_fork(child_holds_pair_end, &sv[1]);
	ASSERT_GE(pid, 0);
	fd = zx_test_recv_fd(sv[0]);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(h, ZX_EVENTPAIR_PEER_CLOSED, 0,
				     &observed));
	EXPECT_EQ(0u, observed);
	ASSERT_EQ(1, write(sv[0], "g", 1));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(h, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    &observed));
	EXPECT_EQ(ZX_EVENTPAIR_PEER_CLOSED, observed);
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	close(sv[0]);
	close(sv[1]);
}

/* ------------------------------------------------------------- exec */

/* argv: flag, parent's handle value, parent's libzx device descriptor. */
static int exec_helper(int argc, char **argv)
{
	zx_handle_t parent_h, h;
	int parent_dev;

	CHILD_CHECK(argc == 4);
	parent_h = (zx_handle_t)strtoul(argv[2], NULL, 0);
	parent_dev = atoi(argv[3]);
	/* libzx opened the device with O_CLOEXEC (and the parent forked
	 * without running libzx's fork handler, see below). */
	CHILD_CHECK(!zx_test_fd_open(parent_dev));
	CHILD_CHECK(zx_object_get_info(parent_h, ZX_INFO_HANDLE_VALID, NULL,
				       0, NULL, NULL) == ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(zx_event_create(0, &h) == ZX_OK);
	CHILD_CHECK(zx_handle_close(h) == ZX_OK);
	return 0;
}

/*
 * fork() without the pthread_atfork() handlers: libzx's would close its
 * descriptor in the child and hide whether O_CLOEXEC does.  The child only
 * calls execl().
 */
static pid_t fork_without_handlers(void)
{
	return (pid_t)syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, 0UL, 0UL,
			      0UL);
}

TEST(exec_starts_with_empty_table)
{
	zx_handle_t h = zx_test_event();
	char hs[32], ds[32];
	pid_t pid;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	snprintf(hs, sizeof(hs), "%u", h);
	snprintf(ds, sizeof(ds), "%d", zx_linux_device_fd());
	fflush(stdout);
	fflush(stderr);
	pid = fork_without_handlers();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		execl("/proc/self/exe", "isolation_test", EXEC_HELPER_FLAG, hs,
		      ds, (char *)NULL);
		_exit(127);
	}
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_TRUE(zx_test_valid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

ZX_TEST_MAIN(EXEC_HELPER_FLAG, exec_helper)
