// SPDX-License-Identifier: GPL-2.0
/*
 * Channels between Linux processes: an endpoint crosses through the
 * descriptor bridge or as a startup handle (zx_linux_spawn(),
 * zx_take_startup_handle()); events, event pairs and channels then cross
 * inside messages and work on the other side; a process killed
 * mid-conversation gives its peer PEER_CLOSED and leaks nothing.
 */
#include <zircon/process.h>
#include <zircon/processargs.h>

#include "zx_test_util.h"

#define HELPER_FLAG	"--channel-ipc-helper"
#define BOOT_ID		PA_HND(PA_USER0, 0)
#define EXTRA_ID	PA_HND(PA_USER1, 7)

static zx_status_t wait_read(zx_handle_t h, void *buf, uint32_t nb,
			     zx_handle_t *hs, uint32_t nh, uint32_t *ab,
			     uint32_t *ah)
{
	zx_signals_t seen;
	zx_status_t s;

	s = zx_object_wait_one(h, ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED,
			       zx_deadline_after(ZX_SEC(60)), &seen);
	if (s != ZX_OK)
		return s;
	return zx_channel_read(h, 0, buf, hs, nb, nh, ab, ah);
}

/*
 * The helper program, started by zx_linux_spawn() with a channel as
 * BOOT_ID.  It obeys commands read from that channel.
 */
static int helper(int argc, char **argv)
{
	zx_handle_t boot = zx_take_startup_handle(BOOT_ID);
	char cmd[32], *c;
	uint32_t ab, ah;
	zx_handle_t hs[4];

	(void)argc;
	(void)argv;
	if (boot == ZX_HANDLE_INVALID)
		return 10;
	/* Taken once; the variable is gone; unknown ids give nothing. */
	if (zx_take_startup_handle(BOOT_ID) != ZX_HANDLE_INVALID)
		return 11;
	if (getenv(ZX_LINUX_STARTUP_ENV))
		return 12;
	if (zx_take_startup_handle(PA_HND(PA_USER2, 0)) != ZX_HANDLE_INVALID)
		return 13;
	zx_handle_t extra = zx_take_startup_handle(EXTRA_ID);

	if (extra != ZX_HANDLE_INVALID)
		zx_object_signal(extra, 0, ZX_USER_SIGNAL_5);

	for (;;) {
		memset(cmd, 0, sizeof(cmd));
		if (wait_read(boot, cmd, sizeof(cmd) - 1, hs, 4, &ab, &ah) !=
		    ZX_OK)
			return 0;	/* peer closed: done */
		/* A zx_channel_call() request: the command follows the txid. */
		c = ((uint8_t)cmd[3] & 0x80) ? cmd + 4 : cmd;
		if (!strcmp(c, "event") && ah == 1) {
			/* Signal the event we were sent. */
			zx_object_signal(hs[0], 0, ZX_USER_SIGNAL_1);
			zx_handle_close(hs[0]);
		} else if (!strcmp(c, "eventpair") && ah == 1) {
			zx_object_signal_peer(hs[0], 0, ZX_USER_SIGNAL_2);
			zx_handle_close(hs[0]);
		} else if (!strcmp(c, "channel") && ah == 1) {
			/* Answer on the channel we were sent, and send it an
			 * event of ours. */
			zx_handle_t ev = zx_test_event();

			zx_channel_write(hs[0], 0, "via-sent", 8, &ev, 1);
			zx_handle_close(hs[0]);
		} else if (!strcmp(c, "echo")) {
			zx_channel_write(boot, 0, cmd, ab, hs, ah);
		} else if (!strcmp(c, "hang")) {
			pause();
		} else {
			return 20;
		}
	}
}

static zx_status_t spawn_helper(zx_handle_t boot, zx_handle_t extra,
				pid_t *pid)
{
	char *argv[] = { "channel_ipc_test", HELPER_FLAG, NULL };
	zx_linux_startup_handle_t h[2] = {
		{ BOOT_ID, boot }, { EXTRA_ID, extra },
	};
	int p = -1;
	zx_status_t s;

	s = zx_linux_spawn("/proc/self/exe", argv, h,
			   extra == ZX_HANDLE_INVALID ? 1 : 2, &p);
	*pid = p;
	return s;
}

/*
 * Objects alive now, counting the caller's own process object and job:
 * the first spawn places the caller in a job it keeps for its lifetime
 * (see Documentation/zircon.rst, Tasks), so make them exist first.
 */
static long live_objects(void)
{
	if (zx_job_default() == ZX_HANDLE_INVALID)
		return -1;
	/* The last test's process and its helper may still be going. */
	return zx_test_live_objects_quiet();
}

FIXTURE(ipc) {
	zx_handle_t mine;
	pid_t pid;
	long live;
};

FIXTURE_SETUP(ipc)
{
	zx_handle_t theirs;

	self->live = live_objects();
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &self->mine, &theirs));
	ASSERT_EQ(ZX_OK, spawn_helper(theirs, ZX_HANDLE_INVALID, &self->pid));
	EXPECT_FALSE(zx_test_valid(theirs));
}

FIXTURE_TEARDOWN(ipc)
{
	zx_handle_close(self->mine);
	if (self->pid > 0)
		EXPECT_EQ(0, zx_test_wait_child(self->pid));
	if (self->live >= 0)
		EXPECT_EQ(self->live,
			  zx_test_live_objects_settle(self->live, 5000));
}

TEST_F(ipc, echo_bytes_and_handles)
{
	char buf[32];
	zx_handle_t ev = zx_test_event(), got;
	zx_koid_t koid = zx_test_koid(ev);
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_write(self->mine, 0, "echo", 5, &ev, 1));
	ASSERT_EQ(ZX_OK, wait_read(self->mine, buf, sizeof(buf), &got, 1, &ab,
				   &ah));
	EXPECT_EQ(5u, ab);
	EXPECT_EQ(0, strcmp(buf, "echo"));
	EXPECT_EQ(1u, ah);
	/* The same object went there and back. */
	EXPECT_EQ(koid, zx_test_koid(got));
	zx_handle_close(got);
}

TEST_F(ipc, event_crosses_and_works)
{
	zx_handle_t ev = zx_test_event(), dup;
	zx_signals_t seen = 0;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &dup));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->mine, 0, "event", 6, &dup, 1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(ev, ZX_USER_SIGNAL_1,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	zx_handle_close(ev);
}

TEST_F(ipc, eventpair_crosses_and_works)
{
	zx_handle_t e0, e1;
	zx_signals_t seen = 0;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->mine, 0, "eventpair", 10, &e1,
					  1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_USER_SIGNAL_2,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	/* The helper closed its end after signalling. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	zx_handle_close(e0);
}

TEST_F(ipc, channel_crosses_and_works)
{
	zx_handle_t c0, c1, ev;
	char buf[16];
	uint32_t ab, ah;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->mine, 0, "channel", 8, &c1, 1));
	ASSERT_EQ(ZX_OK, wait_read(c0, buf, sizeof(buf), &ev, 1, &ab, &ah));
	EXPECT_EQ(0, memcmp(buf, "via-sent", 8));
	EXPECT_EQ(1u, ah);
	/* An event made by the other process, alive here. */
	EXPECT_EQ(ZX_OBJ_TYPE_EVENT, zx_test_basic(ev).type);
	EXPECT_EQ(ZX_OK, zx_object_signal(ev, 0, ZX_USER_SIGNAL_0));
	zx_handle_close(ev);
	zx_handle_close(c0);
}

TEST_F(ipc, call_across_processes)
{
	char out[9] = "TXIDecho", in[16];
	zx_channel_call_args_t args = {
		.wr_bytes = out, .wr_num_bytes = 9,
		.rd_bytes = in, .rd_num_bytes = sizeof(in),
	};
	uint32_t ab, ah;

	/* The helper echoes the bytes, the kernel's txid included. */
	ASSERT_EQ(ZX_OK, zx_channel_call(self->mine, 0,
					 zx_deadline_after(ZX_SEC(60)), &args,
					 &ab, &ah));
	EXPECT_EQ(9u, ab);
	EXPECT_EQ(0, memcmp(in + 4, "echo", 5));
}

TEST_F(ipc, killed_mid_conversation)
{
	char out[9] = "TXIDhang";
	zx_handle_t e0, e1;
	zx_signals_t seen = 0;
	char in[8];
	zx_channel_call_args_t args = {
		.wr_bytes = out, .wr_num_bytes = 9,
		.rd_bytes = in, .rd_num_bytes = sizeof(in),
	};
	uint32_t ab, ah;

	/* It holds an eventpair end in a message it will never read. */
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &e0, &e1));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->mine, 0, "hang", 5, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_channel_write(self->mine, 0, "never", 6, &e1, 1));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_channel_call(self->mine, 0,
				  zx_deadline_after(ZX_MSEC(100)), &args, &ab,
				  &ah));
	ASSERT_EQ(0, kill(self->pid, SIGKILL));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(self->pid));
	self->pid = 0;
	EXPECT_EQ(ZX_OK, zx_object_wait_one(self->mine, ZX_CHANNEL_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	EXPECT_EQ(ZX_CHANNEL_PEER_CLOSED, seen & ~ZX_CHANNEL_READABLE);
	/* Its queue died with it: the eventpair end in it is closed. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(e0, ZX_EVENTPAIR_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_channel_write(self->mine, 0, "x", 1, NULL, 0));
	zx_handle_close(e0);
}

TEST(killed_while_we_wait_in_call)
{
	long live = live_objects();
	zx_handle_t mine, theirs;
	char out[9] = "TXIDhang", in[8];
	zx_channel_call_args_t args = {
		.wr_bytes = out, .wr_num_bytes = 9,
		.rd_bytes = in, .rd_num_bytes = sizeof(in),
	};
	uint32_t ab, ah;
	pid_t pid, killer;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, spawn_helper(theirs, ZX_HANDLE_INVALID, &pid));
	/* A child process kills the helper while we are in the call. */
	fflush(stdout);
	killer = fork();
	if (killer == 0) {
		zx_test_sleep_ms(300);
		kill(pid, SIGKILL);
		_exit(0);
	}
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_channel_call(mine, 0, ZX_TIME_INFINITE, &args, &ab, &ah));
	EXPECT_EQ(0, zx_test_wait_child(killer));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	zx_handle_close(mine);
	if (live >= 0)
		EXPECT_EQ(live, zx_test_live_objects_settle(live, 5000));
}

TEST(spawn_gives_several_startup_handles)
{
	zx_handle_t mine, theirs, ev = zx_test_event(), dup;
	zx_signals_t seen = 0;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &dup));
	ASSERT_EQ(ZX_OK, spawn_helper(theirs, dup, &pid));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(ev, ZX_USER_SIGNAL_5,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	zx_handle_close(mine);
	EXPECT_EQ(0, zx_test_wait_child(pid));
	zx_handle_close(ev);
}

TEST(spawn_errors_consume_handles)
{
	long live = live_objects();
	zx_handle_t a, b, ev = zx_test_event(), nt;
	zx_signals_t seen = 0;
	char *argv[] = { "nope", NULL };
	zx_linux_startup_handle_t h[2];
	int pid = -1;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	h[0] = (zx_linux_startup_handle_t){ BOOT_ID, b };
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_linux_spawn("/nonexistent/program", argv, h, 1, &pid));
	EXPECT_FALSE(zx_test_valid(b));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(a, ZX_CHANNEL_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	/* Two handles with one id. */
	zx_handle_t e1 = zx_test_event(), e2 = zx_test_event();

	h[0] = (zx_linux_startup_handle_t){ BOOT_ID, e1 };
	h[1] = (zx_linux_startup_handle_t){ BOOT_ID, e2 };
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_spawn("/proc/self/exe", argv, h, 2, &pid));
	EXPECT_FALSE(zx_test_valid(e1));
	EXPECT_FALSE(zx_test_valid(e2));
	/* A handle without TRANSFER. */
	ASSERT_EQ(ZX_OK, zx_handle_replace(ev, ZX_RIGHT_WAIT, &nt));
	h[0] = (zx_linux_startup_handle_t){ BOOT_ID, nt };
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_linux_spawn("/proc/self/exe", argv, h, 1, &pid));
	EXPECT_FALSE(zx_test_valid(nt));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_spawn(NULL, argv, NULL, 0, &pid));
	zx_handle_close(a);
	if (live >= 0)
		EXPECT_EQ(live, zx_test_live_objects_settle(live, 5000));
}

TEST(endpoint_through_bridge_then_messages)
{
	zx_handle_t mine, theirs, ev = zx_test_event(), dup;
	zx_signals_t seen = 0;
	int fd, sv[2];
	pid_t pid;

	/* A plain fork + SCM_RIGHTS: the bridge carries the endpoint. */
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, ZX_LINUX_FD_CLOEXEC,
					       &fd));
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		zx_handle_t h, got;
		uint32_t ab, ah;
		char buf[8];
		int rfd = zx_test_recv_fd(sv[1]);

		if (rfd < 0 || zx_linux_fd_to_handle(rfd, &h) != ZX_OK)
			_exit(2);
		if (wait_read(h, buf, sizeof(buf), &got, 1, &ab, &ah) != ZX_OK)
			_exit(3);
		_exit(zx_object_signal(got, 0, ZX_USER_SIGNAL_4) == ZX_OK ?
		      0 : 4);
	}
	ASSERT_EQ(0, zx_test_send_fd(sv[0], fd));
	close(fd);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &dup));
	ASSERT_EQ(ZX_OK, zx_channel_write(mine, 0, "ev", 2, &dup, 1));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(ev, ZX_USER_SIGNAL_4, 0, &seen));
	close(sv[0]);
	close(sv[1]);
	zx_handle_close(mine);
	zx_handle_close(ev);
}

ZX_TEST_MAIN(HELPER_FLAG, helper)
