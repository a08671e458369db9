// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptor bridge of <zircon/linux.h>: zx_linux_handle_to_fd() and
 * zx_linux_fd_to_handle(), and objects crossing processes through fork(),
 * exec() and SCM_RIGHTS.
 */
#include "zx_test_util.h"

#define EXEC_HELPER_FLAG	"--bridge-exec-helper"
#define PING_PONG_ROUNDS	100

/* ------------------------------------------------- same process */

TEST(round_trip_keeps_object_and_rights)
{
	zx_handle_t h = zx_test_event(), back = ZX_HANDLE_INVALID;
	zx_koid_t koid;
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	koid = zx_test_koid(h);
	ASSERT_EQ(ZX_OK, zx_object_signal(h, 0, ZX_USER_SIGNAL_2));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, 0, &fd));
	EXPECT_GE(fd, 0);
	EXPECT_TRUE(zx_test_fd_open(fd));
	/* The handle was consumed. */
	EXPECT_FALSE(zx_test_valid(h));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(ZX_HANDLE_FIXED_BITS_MASK, back & ZX_HANDLE_FIXED_BITS_MASK);
	EXPECT_EQ(koid, zx_test_koid(back));
	EXPECT_EQ(ZX_DEFAULT_EVENT_RIGHTS, zx_test_rights(back));
	EXPECT_EQ(ZX_USER_SIGNAL_2, zx_test_signals(back));
	/* libzx closed the descriptor. */
	EXPECT_FALSE(zx_test_fd_open(fd));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
}

TEST(round_trip_keeps_reduced_rights)
{
	const zx_rights_t want = ZX_RIGHT_TRANSFER | ZX_RIGHT_WAIT |
				 ZX_RIGHT_INSPECT;
	zx_handle_t h = zx_test_event(), d, back;
	int fd;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, want, &d));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(d, 0, &fd));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(want, zx_test_rights(back));
	EXPECT_EQ(zx_test_koid(h), zx_test_koid(back));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal(back, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(cloexec_option)
{
	zx_handle_t h1 = zx_test_event(), h2 = zx_test_event(), back;
	int fd1, fd2;

	ASSERT_NE(ZX_HANDLE_INVALID, h1);
	ASSERT_NE(ZX_HANDLE_INVALID, h2);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h1, 0, &fd1));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h2, ZX_LINUX_FD_CLOEXEC, &fd2));
	EXPECT_EQ(0, fcntl(fd1, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd2, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd1, &back));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd2, &back));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
}

TEST(to_fd_needs_transfer_right)
{
	zx_handle_t h = zx_test_event(), d;
	int fd = -1, before;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	before = zx_test_count_fds();
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_EVENT_RIGHTS &
					     ~ZX_RIGHT_TRANSFER, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_linux_handle_to_fd(d, 0, &fd));
	EXPECT_EQ(-1, fd);
	/* Consumed anyway. */
	EXPECT_FALSE(zx_test_valid(d));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_handle_close(d));
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(before, zx_test_count_fds());
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(to_fd_unknown_options)
{
	const uint32_t opts[] = { 2u, 0x80000000u, ZX_LINUX_FD_CLOEXEC | 4u };
	int fd = -1, before;

	ASSERT_GE(zx_linux_device_fd(), 0);	/* opened before counting */
	before = zx_test_count_fds();

	for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
		zx_handle_t h = zx_test_event();

		ASSERT_NE(ZX_HANDLE_INVALID, h);
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_linux_handle_to_fd(h, opts[i], &fd));
		EXPECT_FALSE(zx_test_valid(h));
	}
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(before, zx_test_count_fds());
}

TEST(to_fd_bad_out_pointer)
{
	zx_handle_t a, b;
	int before;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	before = zx_test_count_fds();
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_handle_to_fd(b, 0, NULL));
	EXPECT_FALSE(zx_test_valid(b));
	/* No descriptor was left behind, and b's end is gone for good. */
	EXPECT_EQ(before, zx_test_count_fds());
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
}

TEST(to_fd_bad_handle)
{
	zx_handle_t h = zx_test_event();
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_handle_to_fd(h, 0, &fd));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_linux_handle_to_fd(ZX_HANDLE_INVALID, 0, &fd));
	EXPECT_EQ(-1, fd);
}

TEST(from_fd_not_open)
{
	zx_handle_t out = ZX_HANDLE_INVALID;
	int fds[2];

	/* Open libzx's device first, or it would take the free number. */
	ASSERT_GE(zx_linux_device_fd(), 0);
	ASSERT_EQ(0, pipe(fds));
	close(fds[0]);
	close(fds[1]);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(fds[0], &out));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(-1, &out));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(1 << 20, &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
}

TEST(from_fd_wrong_type)
{
	zx_handle_t out = ZX_HANDLE_INVALID;
	int fds[2], dev;

	ASSERT_EQ(0, pipe(fds));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(fds[0], &out));
	/* Left open on failure. */
	EXPECT_TRUE(zx_test_fd_open(fds[0]));
	dev = zx_linux_device_fd();
	ASSERT_GE(dev, 0);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_fd_to_handle(dev, &out));
	EXPECT_TRUE(zx_test_fd_open(dev));
	/* The device descriptor still works. */
	EXPECT_EQ(ZX_OK, zx_event_create(0, &out));
	EXPECT_EQ(ZX_OK, zx_handle_close(out));
	close(fds[0]);
	close(fds[1]);
}

TEST(from_fd_bad_out_pointer)
{
	zx_handle_t h = zx_test_event(), back;
	zx_koid_t koid;
	int fd;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	koid = zx_test_koid(h);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, 0, &fd));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_linux_fd_to_handle(fd, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_fd_to_handle(fd, ZX_TEST_BAD_PTR));
	/* The failures left the descriptor open and its object in it. */
	EXPECT_TRUE(zx_test_fd_open(fd));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(koid, zx_test_koid(back));
	EXPECT_EQ(1u, zx_test_handle_count(back));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
}

/* One descriptor yields one handle, whichever copy asks. */
TEST(second_conversion_through_dup_fails)
{
	zx_handle_t h = zx_test_event(), back, again = ZX_HANDLE_INVALID;
	int fd, fd2;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, 0, &fd));
	fd2 = dup(fd);
	ASSERT_GE(fd2, 0);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(fd2, &again));
	EXPECT_EQ(ZX_HANDLE_INVALID, again);
	EXPECT_TRUE(zx_test_fd_open(fd2));
	EXPECT_EQ(1u, zx_test_handle_count(back));
	close(fd2);
	EXPECT_TRUE(zx_test_valid(back));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
}

/* ------------------------------------------ a descriptor is a handle */

TEST(descriptor_counts_as_handle)
{
	zx_handle_t h = zx_test_event(), d, back;
	int fd;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(d, 0, &fd));
	EXPECT_EQ(2u, zx_test_handle_count(h));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(2u, zx_test_handle_count(h));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(back, 0, &fd));
	close(fd);
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(descriptor_keeps_peer_open)
{
	zx_handle_t a, b;
	zx_signals_t observed = 0;
	int fd, fd2;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, 0, &fd));
	/* b's last handle is gone, but the descriptor holds the end. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED, 0,
				     &observed));
	EXPECT_EQ(0u, observed);
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0));
	fd2 = dup(fd);
	ASSERT_GE(fd2, 0);
	close(fd);
	/* A dup still holds it. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED, 0, NULL));
	/* Closing the last copy unconverted closes that end. */
	close(fd2);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    &observed));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_object_signal_peer(a, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
}

TEST(descriptor_keeps_object_alive)
{
	long before = zx_test_live_objects();
	zx_handle_t h;
	int fd;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, 0, &fd));
	EXPECT_EQ(before + 1, zx_test_live_objects());
	close(fd);
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

/* Turning a handle into a descriptor ends waits made through it. */
TEST(to_fd_cancels_waits)
{
	zx_handle_t h = zx_test_event(), back;
	struct zx_test_waiter w;
	int fd;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(0, zx_test_waiter_start(&w, h, ZX_USER_SIGNAL_0,
					  zx_deadline_after(ZX_SEC(10))));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(h, 0, &fd));
	zx_test_waiter_join(&w);
	EXPECT_EQ(ZX_ERR_CANCELED, w.status);
	EXPECT_NE(0u, w.observed & ZX_SIGNAL_HANDLE_CLOSED);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
}

/* ------------------------------------------------ across processes */

struct child_arg {
	int fd;		/* inherited descriptor, or -1 */
	int sock;	/* socket to receive it from, or -1 */
	int rounds;
};

/* Takes the pair end out of the descriptor and answers pings. */
static int child_pong(void *p)
{
	struct child_arg *a = p;
	zx_handle_t h;
	int fd = a->fd;

	if (a->sock >= 0)
		fd = zx_test_recv_fd(a->sock);
	CHILD_CHECK(fd >= 0);
	CHILD_CHECK(zx_linux_fd_to_handle(fd, &h) == ZX_OK);
	CHILD_CHECK(zx_test_basic(h).type == ZX_OBJ_TYPE_EVENTPAIR);
	CHILD_CHECK(zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_0) == ZX_OK);
	for (int i = 0; i < a->rounds; i++) {
		CHILD_CHECK(zx_object_wait_one(h, ZX_USER_SIGNAL_1,
					       zx_deadline_after(ZX_SEC(20)),
					       NULL) == ZX_OK);
		CHILD_CHECK(zx_object_signal(h, ZX_USER_SIGNAL_1, 0) == ZX_OK);
		CHILD_CHECK(zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_2) ==
			    ZX_OK);
	}
	return 0;
}

/* The parent's side: hello first, then @rounds pings. */
static int parent_ping(zx_handle_t h, int rounds)
{
	if (zx_object_wait_one(h, ZX_USER_SIGNAL_0,
			       zx_deadline_after(ZX_SEC(20)), NULL) != ZX_OK)
		return -1;
	for (int i = 0; i < rounds; i++) {
		if (zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_1) != ZX_OK)
			return i + 1;
		if (zx_object_wait_one(h, ZX_USER_SIGNAL_2,
				       zx_deadline_after(ZX_SEC(20)),
				       NULL) != ZX_OK)
			return i + 1;
		if (zx_object_signal(h, ZX_USER_SIGNAL_2, 0) != ZX_OK)
			return i + 1;
	}
	return 0;
}

TEST(inherited_over_fork)
{
	struct child_arg a = { .sock = -1, .rounds = 1 };
	zx_handle_t mine, theirs, again = ZX_HANDLE_INVALID;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, 0, &a.fd));
	pid = zx_test_fork(child_pong, &a);
	ASSERT_GE(pid, 0);
	EXPECT_EQ(0, parent_ping(mine, a.rounds));
	/* The child took the object out; this copy of the descriptor is
	 * empty now. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(a.fd, &again));
	EXPECT_TRUE(zx_test_fd_open(a.fd));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	/* Its exit closed the child's handle: the end is gone. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	close(a.fd);
	EXPECT_EQ(ZX_OK, zx_handle_close(mine));
}

TEST(sent_over_unix_socket)
{
	struct child_arg a = { .fd = -1, .rounds = 3 };
	zx_handle_t mine, theirs, again = ZX_HANDLE_INVALID;
	int sv[2], fd;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	a.sock = sv[1];
	pid = zx_test_fork(child_pong, &a);
	ASSERT_GE(pid, 0);
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, ZX_LINUX_FD_CLOEXEC,
					       &fd));
	ASSERT_EQ(0, zx_test_send_fd(sv[0], fd));
	EXPECT_EQ(0, parent_ping(mine, a.rounds));
	/* The copy this process kept is empty. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_fd_to_handle(fd, &again));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	close(fd);
	close(sv[0]);
	close(sv[1]);
	EXPECT_EQ(ZX_OK, zx_handle_close(mine));
}

/* The demo: two processes signal each other back and forth. */
TEST(ping_pong_between_processes)
{
	struct child_arg a = { .sock = -1, .rounds = PING_PONG_ROUNDS };
	zx_handle_t mine, theirs;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, 0, &a.fd));
	pid = zx_test_fork(child_pong, &a);
	ASSERT_GE(pid, 0);
	close(a.fd);
	EXPECT_EQ(0, parent_ping(mine, a.rounds));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_handle_close(mine));
}

/* Dropping a received descriptor unconverted closes that end. */
static int child_drops_fd(void *p)
{
	struct child_arg *a = p;
	int fd = zx_test_recv_fd(a->sock);

	CHILD_CHECK(fd >= 0);
	close(fd);
	return 0;
}

TEST(received_descriptor_closed_unconverted)
{
	struct child_arg a = { .fd = -1 };
	zx_handle_t mine, theirs;
	int sv[2], fd;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	a.sock = sv[1];
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, 0, &fd));
	pid = zx_test_fork(child_drops_fd, &a);
	ASSERT_GE(pid, 0);
	ASSERT_EQ(0, zx_test_send_fd(sv[0], fd));
	close(fd);
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	close(sv[0]);
	close(sv[1]);
	EXPECT_EQ(ZX_OK, zx_handle_close(mine));
}

/* ------------------------------------------------------------ exec */

/* argv: flag, descriptor number. */
static int exec_helper(int argc, char **argv)
{
	struct child_arg a = { .sock = -1, .rounds = 2 };

	CHILD_CHECK(argc == 3);
	a.fd = atoi(argv[2]);
	return child_pong(&a);
}

TEST(inherited_over_exec)
{
	zx_handle_t mine, theirs;
	char fds[16];
	int fd;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, 0, &fd));
	snprintf(fds, sizeof(fds), "%d", fd);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		execl("/proc/self/exe", "bridge_test", EXEC_HELPER_FLAG, fds,
		      (char *)NULL);
		_exit(127);
	}
	close(fd);
	EXPECT_EQ(0, parent_ping(mine, 2));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(mine));
}

/* A ZX_LINUX_FD_CLOEXEC descriptor does not reach the new program. */
static int exec_helper_cloexec(int argc, char **argv)
{
	CHILD_CHECK(argc == 3);
	CHILD_CHECK(!zx_test_fd_open(atoi(argv[2])));
	return 0;
}

static int exec_main(int argc, char **argv)
{
	if (argc == 3 && argv[2][0] == 'c')
		return exec_helper_cloexec(argc, (char *[]){ argv[0], argv[1],
							     argv[2] + 1,
							     NULL });
	return exec_helper(argc, argv);
}

TEST(cloexec_descriptor_not_inherited_over_exec)
{
	zx_handle_t mine, theirs;
	char fds[16];
	int fd;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, ZX_LINUX_FD_CLOEXEC,
					       &fd));
	snprintf(fds, sizeof(fds), "c%d", fd);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		execl("/proc/self/exe", "bridge_test", EXEC_HELPER_FLAG, fds,
		      (char *)NULL);
		_exit(127);
	}
	EXPECT_EQ(0, zx_test_wait_child(pid));
	/* The parent's copy still holds the end. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED, 0, NULL));
	close(fd);
	EXPECT_EQ(ZX_OK, zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	EXPECT_EQ(ZX_OK, zx_handle_close(mine));
}

ZX_TEST_MAIN(EXEC_HELPER_FLAG, exec_main)
