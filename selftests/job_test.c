// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: zx_job_default() (a process not started into a job gets one of its
 * own, which its launched children join), zx_job_create() and its limits,
 * processes started into a named job, ZX_INFO_JOB_CHILDREN,
 * ZX_INFO_JOB_PROCESSES, ZX_INFO_JOB, zx_object_get_child(), and
 * zx_task_kill() on a job ending every process of the tree below it.
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>
#include <zircon/process.h>

#include "zx_test_util.h"

#define HELPER_FLAG	"--job-helper"

static int helper_main(int argc, char **argv)
{
	pause();
	return 0;
}

static zx_handle_t new_job(zx_handle_t parent)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_job_create(parent, 0, &h) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return h;
}

/* The koids of @topic into @koids; the count (avail), or -1. */
static long koids_of(zx_handle_t job, uint32_t topic, zx_koid_t *koids,
		     size_t max)
{
	size_t actual = 0, avail = 0;

	if (zx_object_get_info(job, topic, koids, max * sizeof(*koids),
			       &actual, &avail) != ZX_OK || actual > avail)
		return -1;
	return (long)avail;
}

/* Starts a helper that sleeps, in @job; its process handle in *@proc. */
static int spawn_sleeper(zx_handle_t job, zx_handle_t *proc)
{
	char *argv[] = { "/proc/self/exe", HELPER_FLAG, NULL };
	int pid = -1;

	if (zx_linux_spawn_etc(job, argv[0], argv, NULL, 0, &pid, proc) !=
	    ZX_OK)
		return -1;
	return pid;
}

static int64_t retcode(zx_handle_t proc)
{
	zx_info_process_t info = { 0 };

	zx_object_get_info(proc, ZX_INFO_PROCESS, &info, sizeof(info), NULL,
			   NULL);
	return info.return_code;
}

TEST(default_job)
{
	zx_handle_t j = zx_job_default();
	zx_info_handle_basic_t b = zx_test_basic(j);
	zx_koid_t koids[4];

	ASSERT_NE(ZX_HANDLE_INVALID, j);
	EXPECT_EQ(j, zx_job_default());
	EXPECT_EQ(ZX_OBJ_TYPE_JOB, b.type);
	EXPECT_EQ(ZX_DEFAULT_JOB_RIGHTS, b.rights);
	EXPECT_EQ(0u, b.related_koid);	/* a root */
	EXPECT_EQ(b.koid, zx_test_basic(zx_process_self()).related_koid);
	ASSERT_EQ(1, koids_of(j, ZX_INFO_JOB_PROCESSES, koids, 4));
	EXPECT_EQ(zx_test_koid(zx_process_self()), koids[0]);
	EXPECT_EQ(0, koids_of(j, ZX_INFO_JOB_CHILDREN, koids, 4));
}

TEST(create_and_enumerate)
{
	zx_handle_t root = zx_job_default(), c1 = new_job(root);
	zx_handle_t c2 = new_job(root), got = ZX_HANDLE_INVALID;
	zx_handle_t weak = ZX_HANDLE_INVALID, ev = zx_test_event();
	zx_koid_t koids[4] = { 0 };
	size_t actual = 9, avail = 9;
	struct zx_ioc_job_create a = { .parent = root, .options = 1 };

	ASSERT_NE(ZX_HANDLE_INVALID, c1);
	ASSERT_NE(ZX_HANDLE_INVALID, c2);
	EXPECT_EQ(zx_test_koid(root), zx_test_basic(c1).related_koid);
	ASSERT_EQ(2, koids_of(root, ZX_INFO_JOB_CHILDREN, koids, 4));
	EXPECT_EQ(zx_test_koid(c1), koids[0]);
	EXPECT_EQ(zx_test_koid(c2), koids[1]);
	/* A short buffer: what fits, and how many there are. */
	EXPECT_EQ(ZX_OK, zx_object_get_info(root, ZX_INFO_JOB_CHILDREN, koids,
					    sizeof(koids[0]), &actual,
					    &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(2u, avail);

	ASSERT_EQ(ZX_OK, zx_object_get_child(root, zx_test_koid(c2),
					     ZX_RIGHT_SAME_RIGHTS, &got));
	EXPECT_EQ(zx_test_koid(c2), zx_test_koid(got));
	EXPECT_EQ(ZX_DEFAULT_JOB_RIGHTS, zx_test_rights(got));
	zx_handle_close(got);
	ASSERT_EQ(ZX_OK, zx_object_get_child(root, zx_test_koid(c1),
					     ZX_RIGHT_INSPECT, &got));
	EXPECT_EQ(ZX_RIGHT_INSPECT, zx_test_rights(got));
	zx_handle_close(got);
	ASSERT_EQ(ZX_OK, zx_object_get_child(root,
					     zx_test_koid(zx_process_self()),
					     ZX_RIGHT_SAME_RIGHTS, &got));
	EXPECT_EQ(ZX_OBJ_TYPE_PROCESS, zx_test_basic(got).type);
	zx_handle_close(got);

	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_object_get_child(root, 1,
							ZX_RIGHT_SAME_RIGHTS,
							&got));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_object_get_child(ev, 1,
							 ZX_RIGHT_SAME_RIGHTS,
							 &got));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(root, ZX_RIGHT_INSPECT, &weak));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_child(weak, zx_test_koid(c1),
				      ZX_RIGHT_SAME_RIGHTS, &got));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  koids_of(weak, ZX_INFO_JOB_CHILDREN, koids, 4) == -1 ?
		  ZX_ERR_ACCESS_DENIED : ZX_OK);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_job_create(weak, 0, &got));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_job_create(ev, 0, &got));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(zx_linux_device_fd(), ZX_IOC_JOB_CREATE, &a));
	zx_handle_close(weak);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(root, ZX_RIGHT_ENUMERATE, &weak));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_child(weak, zx_test_koid(c1), ZX_RIGHT_INSPECT,
				      &got));
	zx_handle_close(weak);

	/* A closed child job leaves the list. */
	zx_handle_close(c1);
	EXPECT_EQ(1, koids_of(root, ZX_INFO_JOB_CHILDREN, koids, 4));
	zx_handle_close(c2);
	zx_handle_close(ev);
}

TEST(height_limit)
{
	zx_handle_t jobs[40];
	int n = 0;

	jobs[n] = zx_job_default();
	while (n < 39) {
		zx_handle_t h = ZX_HANDLE_INVALID;
		zx_status_t s = zx_job_create(jobs[n], 0, &h);

		if (s != ZX_OK) {
			EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, s);
			break;
		}
		jobs[++n] = h;
	}
	EXPECT_EQ(31, n);
	while (n > 0)
		zx_handle_close(jobs[n--]);
}

TEST(kill_job_tree)
{
	zx_handle_t j1 = new_job(zx_job_default()), j2 = new_job(j1);
	zx_handle_t p1 = ZX_HANDLE_INVALID, p2 = ZX_HANDLE_INVALID;
	zx_handle_t h = ZX_HANDLE_INVALID, weak = ZX_HANDLE_INVALID;
	zx_koid_t koids[4];
	zx_info_job_t info = { 0 };
	zx_signals_t seen = 0;
	int pid1, pid2, pid3;

	ASSERT_NE(ZX_HANDLE_INVALID, j2);
	pid1 = spawn_sleeper(j1, &p1);
	pid2 = spawn_sleeper(j2, &p2);
	ASSERT_GT(pid1, 0);
	ASSERT_GT(pid2, 0);
	EXPECT_EQ(zx_test_koid(j1), zx_test_basic(p1).related_koid);
	EXPECT_EQ(zx_test_koid(j2), zx_test_basic(p2).related_koid);
	ASSERT_EQ(1, koids_of(j1, ZX_INFO_JOB_PROCESSES, koids, 4));
	EXPECT_EQ(zx_test_koid(p1), koids[0]);
	ASSERT_EQ(1, koids_of(j2, ZX_INFO_JOB_PROCESSES, koids, 4));
	EXPECT_EQ(zx_test_koid(p2), koids[0]);

	/* Without ZX_RIGHT_DESTROY nothing happens. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(j1, ZX_RIGHT_INSPECT |
					     ZX_RIGHT_WAIT, &weak));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_task_kill(weak));
	EXPECT_EQ(0, waitpid(pid1, NULL, WNOHANG));

	EXPECT_EQ(ZX_OK, zx_task_kill(j1));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(p1, ZX_PROCESS_TERMINATED,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(p2, ZX_PROCESS_TERMINATED,
					    zx_deadline_after(ZX_SEC(60)),
					    &seen));
	EXPECT_EQ(ZX_TASK_RETCODE_SYSCALL_KILL, retcode(p1));
	EXPECT_EQ(ZX_TASK_RETCODE_SYSCALL_KILL, retcode(p2));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid1));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid2));
	EXPECT_EQ(ZX_TASK_TERMINATED, zx_test_signals(j1) & ZX_TASK_TERMINATED);
	EXPECT_EQ(ZX_TASK_TERMINATED, zx_test_signals(j2) & ZX_TASK_TERMINATED);
	ASSERT_EQ(ZX_OK, zx_object_get_info(j2, ZX_INFO_JOB, &info,
					    sizeof(info), NULL, NULL));
	EXPECT_TRUE(info.exited);
	EXPECT_EQ(ZX_TASK_RETCODE_SYSCALL_KILL, info.return_code);
	EXPECT_EQ(0, koids_of(j1, ZX_INFO_JOB_PROCESSES, koids, 4));

	/* A killed job takes no new job and no new process. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_job_create(j1, 0, &h));
	pid3 = spawn_sleeper(j2, &h);
	EXPECT_EQ(-1, pid3);
	/* The caller's own job was not touched. */
	EXPECT_EQ(0u, zx_test_signals(zx_job_default()) & ZX_TASK_TERMINATED);
	zx_handle_close(p1);
	zx_handle_close(p2);
	zx_handle_close(j1);
	zx_handle_close(j2);
	zx_handle_close(weak);
}

TEST(children_join_default_job)
{
	zx_handle_t p = ZX_HANDLE_INVALID;
	zx_koid_t koids[4];
	int pid = spawn_sleeper(ZX_HANDLE_INVALID, &p);

	ASSERT_GT(pid, 0);
	EXPECT_EQ(zx_test_koid(zx_job_default()), zx_test_basic(p).related_koid);
	EXPECT_EQ(2, koids_of(zx_job_default(), ZX_INFO_JOB_PROCESSES, koids,
			      4));
	EXPECT_EQ(ZX_OK, zx_task_kill(p));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	zx_handle_close(p);
}

TEST(job_objects_freed)
{
	long before;
	zx_handle_t mid, j;

	ASSERT_NE(ZX_HANDLE_INVALID, zx_job_default());
	before = zx_test_live_objects_quiet();
	mid = new_job(zx_job_default());
	j = new_job(mid);
	ASSERT_NE(ZX_HANDLE_INVALID, j);
	/* The middle job lives on through its child. */
	zx_handle_close(mid);
	EXPECT_EQ(before + 2, zx_test_live_objects());
	zx_handle_close(j);
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 5000));
}

ZX_TEST_MAIN(HELPER_FLAG, helper_main)
