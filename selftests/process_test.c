// SPDX-License-Identifier: GPL-2.0
/*
 * Processes: zx_process_self(), handles to children
 * (zx_linux_process_child(), zx_linux_spawn_etc()), ZX_PROCESS_TERMINATED
 * and ZX_INFO_PROCESS however the child ends and whoever reaps it, a
 * handle that outlives its process and the reuse of its pid,
 * zx_task_kill() with and without ZX_RIGHT_DESTROY and with and without
 * the Linux permission to kill, and the errors of each call.
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>
#include <zircon/process.h>

#include "zx_test_util.h"

#define HELPER_FLAG	"--process-helper"
#define LONG_WAIT	ZX_SEC(60)

/* ------------------------------------------------------------- helpers */

static zx_info_process_t proc_info(zx_handle_t h, zx_status_t *status)
{
	zx_info_process_t info;

	memset(&info, 0xa5, sizeof(info));
	*status = zx_object_get_info(h, ZX_INFO_PROCESS, &info, sizeof(info),
				     NULL, NULL);
	return info;
}

static zx_status_t wait_terminated(zx_handle_t h)
{
	zx_signals_t seen = 0;

	return zx_object_wait_one(h, ZX_PROCESS_TERMINATED,
				  zx_deadline_after(LONG_WAIT), &seen);
}

/* A child that waits for one byte on @fd, then exits with it. */
static pid_t fork_waiter(int pipefd[2])
{
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid == 0) {
		unsigned char c = 0;

		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) != 1)
			_exit(99);
		_exit(c);
	}
	close(pipefd[0]);
	return pid;
}

static int helper_main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[2], "exit") == 0)
		return atoi(argv[3]);
	pause();
	return 0;
}

/* -------------------------------------------------------------- self */

TEST(self_handle)
{
	zx_handle_t p = zx_process_self(), j = zx_job_default();
	zx_info_handle_basic_t b = zx_test_basic(p);
	char name[ZX_MAX_NAME_LEN] = { 0 };
	zx_status_t s;
	zx_info_process_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	EXPECT_EQ(p, zx_process_self());
	EXPECT_EQ(ZX_OBJ_TYPE_PROCESS, b.type);
	EXPECT_EQ(ZX_DEFAULT_PROCESS_RIGHTS, b.rights);
	ASSERT_NE(ZX_HANDLE_INVALID, j);
	EXPECT_EQ(zx_test_koid(j), b.related_koid);

	info = proc_info(p, &s);
	ASSERT_EQ(ZX_OK, s);
	EXPECT_EQ(ZX_INFO_PROCESS_FLAG_STARTED, info.flags);
	EXPECT_EQ(0, info.return_code);
	EXPECT_GT(info.start_time, 0);
	EXPECT_LE(info.start_time, zx_test_now());

	/* The name starts as the Linux comm. */
	ASSERT_EQ(ZX_OK, zx_object_get_property(p, ZX_PROP_NAME, name,
						sizeof(name)));
	EXPECT_EQ(0, strncmp(name, "process_test", 12));
}

TEST(self_same_koid_across_handles)
{
	zx_handle_t p = zx_process_self(), dup = ZX_HANDLE_INVALID;
	struct zx_ioc_create a = { 0 };
	zx_handle_t h = ZX_HANDLE_INVALID;
	int fd = zx_linux_device_fd();

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(p, ZX_RIGHT_SAME_RIGHTS, &dup));
	EXPECT_EQ(zx_test_koid(p), zx_test_koid(dup));
	a.out0 = (uintptr_t)&h;
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_PROCESS_SELF, &a));
	EXPECT_EQ(zx_test_koid(p), zx_test_koid(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(dup));

	/* Unknown options, a reserved field, a second output: rejected. */
	a.options = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_PROCESS_SELF, &a));
	a.options = 0;
	a.out1 = (uintptr_t)&h;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_PROCESS_SELF, &a));
	a.out1 = 0;
	a.out0 = 8;	/* not writable */
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_PROCESS_SELF, &a));
}

TEST(self_in_forked_child_is_another_process)
{
	zx_koid_t parent = zx_test_koid(zx_process_self());
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		zx_handle_t p = zx_process_self();

		_exit(p != ZX_HANDLE_INVALID && zx_test_koid(p) != parent &&
		      zx_test_koid(p) != 0 ? 0 : 1);
	}
	st = zx_test_wait_child(pid);
	EXPECT_EQ(0, st);
}

/* ------------------------------------------------------- exit codes */

TEST(exit_code_after_handle)
{
	int fds[2];
	pid_t pid = fork_waiter(fds);
	zx_handle_t h = ZX_HANDLE_INVALID;
	unsigned char code = 42;
	zx_info_process_t info;
	zx_status_t s;

	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	EXPECT_EQ(ZX_OBJ_TYPE_PROCESS, zx_test_basic(h).type);
	EXPECT_EQ(ZX_DEFAULT_PROCESS_RIGHTS, zx_test_rights(h));
	EXPECT_EQ(0u, zx_test_signals(h) & ZX_PROCESS_TERMINATED);
	info = proc_info(h, &s);
	EXPECT_EQ(ZX_OK, s);
	EXPECT_EQ(ZX_INFO_PROCESS_FLAG_STARTED, info.flags);

	ASSERT_EQ(1, write(fds[1], &code, 1));
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	info = proc_info(h, &s);
	EXPECT_EQ(ZX_OK, s);
	EXPECT_EQ(ZX_INFO_PROCESS_FLAG_STARTED | ZX_INFO_PROCESS_FLAG_EXITED,
		  info.flags);
	EXPECT_EQ(42, info.return_code);
	EXPECT_EQ(42, zx_test_wait_child(pid));
	/* After the reaping nothing changes. */
	info = proc_info(h, &s);
	EXPECT_EQ(42, info.return_code);
	EXPECT_EQ(ZX_OK, zx_task_kill(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	close(fds[1]);
}

TEST(handle_to_zombie_is_terminated)
{
	int fds[2];
	pid_t pid = fork_waiter(fds);
	unsigned char code = 3;
	zx_handle_t h = ZX_HANDLE_INVALID;
	siginfo_t si;
	zx_status_t s;

	ASSERT_GT(pid, 0);
	ASSERT_EQ(1, write(fds[1], &code, 1));
	/* Exited, not reaped. */
	ASSERT_EQ(0, waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	EXPECT_EQ(ZX_PROCESS_TERMINATED,
		  zx_test_signals(h) & ZX_PROCESS_TERMINATED);
	EXPECT_EQ(3, proc_info(h, &s).return_code);
	EXPECT_EQ(3, zx_test_wait_child(pid));
	/* Reaped: no longer a child. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	close(fds[1]);
}

TEST(killed_by_signal)
{
	int fds[2];
	pid_t pid = fork_waiter(fds);
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t s;

	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	ASSERT_EQ(0, kill(pid, SIGTERM));
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	EXPECT_EQ(-SIGTERM, proc_info(h, &s).return_code);
	EXPECT_EQ(128 + SIGTERM, zx_test_wait_child(pid));
	zx_handle_close(h);
	close(fds[1]);
}

TEST(task_kill)
{
	int fds[2];
	pid_t pid = fork_waiter(fds);
	zx_handle_t h = ZX_HANDLE_INVALID, weak = ZX_HANDLE_INVALID;
	zx_handle_t noinspect = ZX_HANDLE_INVALID;
	zx_status_t s;

	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_DESTROY, &weak));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &noinspect));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_task_kill(weak));
	proc_info(noinspect, &s);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, s);
	EXPECT_EQ(0u, zx_test_signals(h) & ZX_PROCESS_TERMINATED);

	EXPECT_EQ(ZX_OK, zx_task_kill(h));
	EXPECT_EQ(ZX_OK, wait_terminated(weak));
	EXPECT_EQ(ZX_TASK_RETCODE_SYSCALL_KILL, proc_info(h, &s).return_code);
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	/* A dead process: killing it again is not an error. */
	EXPECT_EQ(ZX_OK, zx_task_kill(h));
	zx_handle_close(h);
	zx_handle_close(weak);
	zx_handle_close(noinspect);
	close(fds[1]);
}

TEST(task_kill_errors)
{
	zx_handle_t ev = zx_test_event(), h = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_task_kill(ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_task_kill(ZX_HANDLE_INVALID));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(zx_process_self(),
					     ZX_RIGHT_SAME_RIGHTS, &h));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_task_kill(h));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(ev, ZX_INFO_PROCESS, NULL, 0, NULL, NULL));
	zx_handle_close(ev);
}

TEST(process_child_errors)
{
	zx_handle_t h = ZX_HANDLE_INVALID, ev = zx_test_event();
	zx_handle_t weak = ZX_HANDLE_INVALID;
	int fds[2];
	pid_t pid;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_process_child(0, ZX_HANDLE_INVALID, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_process_child(-1, ZX_HANDLE_INVALID, &h));
	/* Not a child: our parent, ourselves, init. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_linux_process_child(getppid(), ZX_HANDLE_INVALID, &h));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_linux_process_child(getpid(), ZX_HANDLE_INVALID, &h));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_linux_process_child(1, ZX_HANDLE_INVALID, &h));

	pid = fork_waiter(fds);
	ASSERT_GT(pid, 0);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_linux_process_child(pid, ev, &h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_linux_process_child(pid, 12345, &h));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(zx_job_default(),
					     ZX_RIGHT_INSPECT, &weak));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_linux_process_child(pid, weak, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_linux_process_child(pid, ZX_HANDLE_INVALID,
					 (zx_handle_t *)8));
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	kill(pid, SIGKILL);
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	zx_handle_close(h);
	zx_handle_close(ev);
	zx_handle_close(weak);
	close(fds[1]);
}

/* ------------------------------------------- reaped by someone else */

/*
 * A middle process makes its child's process handle, sends it to us as a
 * bridge descriptor, then reaps the child itself.
 */
static int middle_main(void *arg)
{
	int sock = *(int *)arg, fds[2], fd = -1;
	zx_handle_t h = ZX_HANDLE_INVALID;
	unsigned char code = 9, go = 0;
	pid_t pid = fork_waiter(fds);

	CHILD_CHECK(pid > 0);
	CHILD_CHECK(zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h) ==
		    ZX_OK);
	CHILD_CHECK(zx_linux_handle_to_fd(h, 0, &fd) == ZX_OK);
	CHILD_CHECK(zx_test_send_fd(sock, fd) == 0);
	CHILD_CHECK(read(sock, &go, 1) == 1);
	CHILD_CHECK(write(fds[1], &code, 1) == 1);
	CHILD_CHECK(zx_test_wait_child(pid) == 9);
	return 0;
}

TEST(reaped_by_someone_else)
{
	int sv[2], fd;
	zx_handle_t h = ZX_HANDLE_INVALID;
	unsigned char go = 1;
	pid_t middle;
	zx_status_t s;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	middle = zx_test_fork(middle_main, &sv[1]);
	ASSERT_GT(middle, 0);
	fd = zx_test_recv_fd(sv[0]);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	EXPECT_EQ(0u, zx_test_signals(h) & ZX_PROCESS_TERMINATED);
	ASSERT_EQ(1, write(sv[0], &go, 1));
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	EXPECT_EQ(0, zx_test_wait_child(middle));
	EXPECT_EQ(9, proc_info(h, &s).return_code);
	EXPECT_EQ(ZX_OK, s);
	zx_handle_close(h);
	close(sv[0]);
	close(sv[1]);
}

TEST(autoreaped_child)
{
	int fds[2];
	pid_t pid;
	zx_handle_t h = ZX_HANDLE_INVALID;
	unsigned char code = 5;
	zx_status_t s;

	signal(SIGCHLD, SIG_IGN);
	pid = fork_waiter(fds);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	ASSERT_EQ(1, write(fds[1], &code, 1));
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	EXPECT_EQ(5, proc_info(h, &s).return_code);
	signal(SIGCHLD, SIG_DFL);
	zx_handle_close(h);
	close(fds[1]);
}

/* ------------------------------------------------------- pid reuse */

/* Makes the next fork() in this pid namespace get @pid; 0 or -1. */
static int next_pid_is(pid_t pid)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%d", pid - 1);
	return zx_test_write_file("/proc/sys/kernel/ns_last_pid", buf);
}

TEST(handle_survives_pid_reuse)
{
	int fds[2], fds2[2];
	pid_t pid, again;
	zx_handle_t h = ZX_HANDLE_INVALID, h2 = ZX_HANDLE_INVALID;
	unsigned char code = 11;
	zx_koid_t koid;
	zx_status_t s;

	pid = fork_waiter(fds);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	koid = zx_test_koid(h);
	ASSERT_EQ(1, write(fds[1], &code, 1));
	EXPECT_EQ(11, zx_test_wait_child(pid));
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	close(fds[1]);

	/* The pid is free now; take it again if the kernel lets us. */
	if (next_pid_is(pid) != 0)
		SKIP(return, "cannot set ns_last_pid (needs CAP_SYS_ADMIN)");
	again = fork_waiter(fds2);
	ASSERT_GT(again, 0);
	if (again != pid) {
		kill(again, SIGKILL);
		zx_test_wait_child(again);
		SKIP(return, "pid %d taken by another process", pid);
	}
	/* The old handle still names the old, dead process. */
	EXPECT_EQ(ZX_PROCESS_TERMINATED,
		  zx_test_signals(h) & ZX_PROCESS_TERMINATED);
	EXPECT_EQ(11, proc_info(h, &s).return_code);
	EXPECT_EQ(ZX_OK, zx_task_kill(h));
	ASSERT_EQ(ZX_OK, zx_linux_process_child(again, ZX_HANDLE_INVALID,
						&h2));
	EXPECT_NE(koid, zx_test_koid(h2));
	EXPECT_EQ(0u, zx_test_signals(h2) & ZX_PROCESS_TERMINATED);
	/* The kill above did not reach the new process. */
	EXPECT_EQ(0, waitpid(again, NULL, WNOHANG));
	EXPECT_EQ(ZX_OK, zx_task_kill(h2));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(again));
	zx_handle_close(h);
	zx_handle_close(h2);
	close(fds2[1]);
}

/* ------------------------------------------------- Linux permissions */

/*
 * As root, start a child, take its handle, then become another user:
 * the handle has ZX_RIGHT_DESTROY, but kill(2) would be refused, so
 * zx_task_kill() is too.
 */
static int unprivileged_kill_main(void *arg)
{
	int fds[2];
	pid_t pid = fork_waiter(fds);
	zx_handle_t h = ZX_HANDLE_INVALID, self;
	unsigned char code = 1;

	CHILD_CHECK(pid > 0);
	CHILD_CHECK(zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h) ==
		    ZX_OK);
	CHILD_CHECK(zx_test_become(65534) == 0);
	CHILD_CHECK(kill(pid, SIGKILL) == -1 && errno == EPERM);
	CHILD_CHECK(zx_task_kill(h) == ZX_ERR_ACCESS_DENIED);
	CHILD_CHECK(waitpid(pid, NULL, WNOHANG) == 0);
	/* Its own process it may kill; the check is per use. */
	self = zx_process_self();
	CHILD_CHECK(self != ZX_HANDLE_INVALID);
	CHILD_CHECK(write(fds[1], &code, 1) == 1);
	CHILD_CHECK(zx_test_wait_child(pid) == 1);
	return 0;
}

TEST(kill_needs_linux_permission)
{
	if (geteuid() != 0)
		SKIP(return, "needs root to start a process of another user");
	EXPECT_EQ(0, zx_test_in_child(unprivileged_kill_main, NULL));
}

/* ------------------------------------------------------- the launcher */

TEST(spawn_returns_process_handle)
{
	char *argv[] = { "/proc/self/exe", HELPER_FLAG, "exit", "17", NULL };
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t s;
	int pid = 0;

	ASSERT_EQ(ZX_OK, zx_linux_spawn_etc(ZX_HANDLE_INVALID, argv[0], argv,
					    NULL, 0, &pid, &h));
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	EXPECT_EQ(17, proc_info(h, &s).return_code);
	EXPECT_EQ(zx_test_koid(zx_job_default()), zx_test_basic(h).related_koid);
	EXPECT_EQ(17, zx_test_wait_child(pid));
	zx_handle_close(h);

	/* A program that cannot be executed: no handle, no child left. */
	argv[0] = "/nonexistent/program";
	h = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_linux_spawn_etc(ZX_HANDLE_INVALID,
						       argv[0], argv, NULL, 0,
						       &pid, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
}

/* zx-launch -p: the tool sends its caller the child's process handle. */
TEST(zx_launch_sends_process_handle)
{
	static const char *const paths[] = { "/opt/zircon/bin/zx-launch",
					     "../libzx/tools/zx-launch" };
	const char *tool = NULL;
	char self[4096] = { 0 };
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	zx_handle_t proc = ZX_HANDLE_INVALID;
	uint32_t nb = 0, nh = 0;
	char fdarg[16];
	int fd = -1, st;
	pid_t pid;

	for (size_t i = 0; i < 2; i++)
		if (access(paths[i], X_OK) == 0)
			tool = paths[i];
	if (!tool)
		SKIP(return, "zx-launch not found");
	/* zx-launch's /proc/self/exe would be zx-launch: name ourselves. */
	ASSERT_LT(0, readlink("/proc/self/exe", self, sizeof(self) - 1));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	/* Not close-on-exec: zx-launch inherits it. */
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(b, 0, &fd));
	snprintf(fdarg, sizeof(fdarg), "%d", fd);
	fflush(stdout);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		execl(tool, tool, "-p", fdarg, self, HELPER_FLAG, "exit", "23",
		      (char *)NULL);
		_exit(126);
	}
	close(fd);
	ASSERT_EQ(ZX_OK, zx_object_wait_one(a, ZX_CHANNEL_READABLE,
					    zx_deadline_after(ZX_SEC(60)),
					    NULL));
	ASSERT_EQ(ZX_OK, zx_channel_read(a, 0, NULL, &proc, 0, 1, &nb, &nh));
	EXPECT_EQ(1u, nh);
	EXPECT_EQ(ZX_OBJ_TYPE_PROCESS, zx_test_basic(proc).type);
	EXPECT_EQ(ZX_OK, wait_terminated(proc));
	st = zx_test_wait_child(pid);
	EXPECT_EQ(23, st);
	zx_handle_close(proc);
	zx_handle_close(a);
}

TEST(process_objects_are_charged)
{
	long before;
	int fds[2];
	pid_t pid;
	zx_handle_t h = ZX_HANDLE_INVALID;

	/* Our own process object and job exist from here on. */
	ASSERT_NE(ZX_HANDLE_INVALID, zx_job_default());
	before = zx_test_live_objects();
	pid = fork_waiter(fds);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(ZX_OK, zx_linux_process_child(pid, ZX_HANDLE_INVALID, &h));
	EXPECT_LT(before, zx_test_live_objects());
	kill(pid, SIGKILL);
	EXPECT_EQ(ZX_OK, wait_terminated(h));
	zx_test_wait_child(pid);
	zx_handle_close(h);
	close(fds[1]);
	/* The object goes with its handle and its job membership. */
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

ZX_TEST_MAIN(HELPER_FLAG, helper_main)
