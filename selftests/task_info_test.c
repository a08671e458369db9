// SPDX-License-Identifier: GPL-2.0
/*
 * The statistics topics of processes and threads: ZX_INFO_TASK_STATS
 * (memory a child maps and touches shows up), ZX_INFO_PROCESS_HANDLE_STATS
 * (the handles a child holds, by type, and only its own tables),
 * ZX_INFO_PROCESS_VMOS (its VMO handles, every record version, short
 * buffers), ZX_INFO_THREAD_STATS (runtime that grows), and the errors:
 * wrong types, ZX_RIGHT_INSPECT, Linux's permission at the moment of use,
 * a process that has exited, bad pointers, short buffers.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

#include <linux/zircon.h>
#include <zircon/process.h>

#include "zx_test_util.h"

#define LONG_WAIT	ZX_SEC(60)
#define TOUCH_PAGES	1024
/* The RSS counters Linux reads may lag by some batches of pages. */
#define RSS_SLACK	256

/* ------------------------------------------------------------- helpers */

static zx_status_t task_stats(zx_handle_t h, zx_info_task_stats_t *st)
{
	memset(st, 0xa5, sizeof(*st));
	return zx_object_get_info(h, ZX_INFO_TASK_STATS, st, sizeof(*st),
				  NULL, NULL);
}

static zx_status_t handle_stats(zx_handle_t h,
				zx_info_process_handle_stats_t *st)
{
	memset(st, 0xa5, sizeof(*st));
	return zx_object_get_info(h, ZX_INFO_PROCESS_HANDLE_STATS, st,
				  sizeof(*st), NULL, NULL);
}

static uint32_t handles_of_type(zx_handle_t h, zx_obj_type_t type)
{
	zx_info_process_handle_stats_t st;

	if (handle_stats(h, &st) != ZX_OK)
		return UINT32_MAX;
	return st.handle_count[type];
}

/* ------------------------------------------------------- task stats */

static int touch_main(struct zx_test_kid *k)
{
	size_t len = (size_t)TOUCH_PAGES * getpagesize();
	char *p;
	size_t i;

	if (!zx_test_kid_report(k, NULL, 0))
		return 1;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHILD_CHECK(p != MAP_FAILED);
	for (i = 0; i < len; i += getpagesize())
		p[i] = 1;
	zx_test_kid_report(k, NULL, 0);
	return 0;
}

TEST(task_stats_grow_with_touched_pages)
{
	uint64_t page = getpagesize();
	zx_info_task_stats_t a, b;
	size_t actual = 9, avail = 9;
	struct zx_test_kid k;

	ASSERT_EQ(0, zx_test_kid_start(&k, touch_main, NULL, 0));
	ASSERT_EQ(ZX_OK, task_stats(k.h, &a));
	EXPECT_GT(a.mem_mapped_bytes, 0u);
	EXPECT_GE(a.mem_mapped_bytes, a.mem_private_bytes + a.mem_shared_bytes);
	EXPECT_EQ(a.mem_shared_bytes, a.mem_scaled_shared_bytes);
	EXPECT_EQ(UINT64_MAX, a.mem_fractional_scaled_shared_bytes);
	ASSERT_TRUE(zx_test_kid_step(&k, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_object_get_info(k.h, ZX_INFO_TASK_STATS, &b,
					    sizeof(b), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	/* total_vm is exact; the RSS counters may lag a little. */
	EXPECT_GE(b.mem_mapped_bytes, a.mem_mapped_bytes + TOUCH_PAGES * page);
	EXPECT_GE(b.mem_private_bytes,
		  a.mem_private_bytes + (TOUCH_PAGES - RSS_SLACK) * page);
	EXPECT_GE(b.mem_mapped_bytes, b.mem_private_bytes + b.mem_shared_bytes);
	EXPECT_EQ(0, zx_test_kid_end(&k, true));
	/* Fuchsia: no statistics of a dead process. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, task_stats(k.h, &a));
	EXPECT_EQ(ZX_OK, zx_handle_close(k.h));
}

TEST(task_stats_self_and_versions)
{
	zx_handle_t self = zx_process_self();
	zx_info_task_stats_t st;
	size_t actual = 9, avail = 9;

	ASSERT_EQ(ZX_OK, task_stats(self, &st));
	EXPECT_GT(st.mem_private_bytes, 0u);
	EXPECT_GE(st.mem_mapped_bytes, st.mem_private_bytes);
	/* Version 1 is the first four fields. */
	memset(&st, 0xa5, sizeof(st));
	EXPECT_EQ(ZX_OK, zx_object_get_info(self, ZX_INFO_TASK_STATS_V1, &st,
					    32, &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ull, st.mem_fractional_scaled_shared_bytes);
	EXPECT_GT(st.mem_private_bytes, 0u);
	/* One byte short: nothing written, the counts still. */
	actual = avail = 9;
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(self, ZX_INFO_TASK_STATS, &st,
				     sizeof(st) - 1, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self, ZX_INFO_TASK_STATS, ZX_TEST_BAD_PTR,
				     sizeof(st), NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self, ZX_INFO_TASK_STATS, &st,
				     sizeof(st), ZX_TEST_BAD_PTR, NULL));
}

/* ----------------------------------------------------- handle stats */

#define KID_EVENTS	5

static int holder_main(struct zx_test_kid *k)
{
	zx_handle_t ev[KID_EVENTS], ch[2], vmo[2];
	int i, fd;

	for (i = 0; i < KID_EVENTS; i++)
		CHILD_CHECK(zx_event_create(0, &ev[i]) == ZX_OK);
	CHILD_CHECK(zx_channel_create(0, &ch[0], &ch[1]) == ZX_OK);
	CHILD_CHECK(zx_vmo_create(3 * getpagesize(), 0, &vmo[0]) == ZX_OK);
	CHILD_CHECK(zx_vmo_create(5 * getpagesize(), 0, &vmo[1]) == ZX_OK);
	/* The same table at a second descriptor counts once. */
	fd = dup(zx_linux_device_fd());
	CHILD_CHECK(fd >= 0);
	if (!zx_test_kid_report(k, NULL, 0))
		return 0;
	/* Step 2: two events fewer. */
	CHILD_CHECK(zx_handle_close(ev[0]) == ZX_OK);
	CHILD_CHECK(zx_handle_close(ev[1]) == ZX_OK);
	zx_test_kid_report(k, NULL, 0);
	return 0;
}

TEST(handle_stats_of_child)
{
	zx_handle_t mine[3];
	zx_info_process_handle_stats_t st;
	uint32_t total = 0;
	struct zx_test_kid k;
	int i;

	/* The parent's own events are in a table the child inherits. */
	for (i = 0; i < 3; i++)
		mine[i] = zx_test_event();
	ASSERT_EQ(0, zx_test_kid_start(&k, holder_main, NULL, 0));
	ASSERT_EQ(ZX_OK, handle_stats(k.h, &st));
	EXPECT_EQ((uint32_t)KID_EVENTS, st.handle_count[ZX_OBJ_TYPE_EVENT]);
	EXPECT_EQ(2u, st.handle_count[ZX_OBJ_TYPE_CHANNEL]);
	EXPECT_EQ(2u, st.handle_count[ZX_OBJ_TYPE_VMO]);
	for (i = 0; i < (int)ZX_OBJ_TYPE_UPPER_BOUND; i++)
		total += st.handle_count[i];
	EXPECT_EQ(KID_EVENTS + 4u, total);
	ASSERT_TRUE(zx_test_kid_step(&k, NULL, 0));
	EXPECT_EQ(KID_EVENTS - 2u, handles_of_type(k.h, ZX_OBJ_TYPE_EVENT));
	EXPECT_EQ(0, zx_test_kid_end(&k, true));
	/* A dead process holds nothing. */
	ASSERT_EQ(ZX_OK, handle_stats(k.h, &st));
	for (i = 0; i < (int)ZX_OBJ_TYPE_UPPER_BOUND; i++)
		EXPECT_EQ(0u, st.handle_count[i]);
	EXPECT_EQ(ZX_OK, zx_handle_close(k.h));
	for (i = 0; i < 3; i++)
		zx_handle_close(mine[i]);
}

TEST(handle_stats_self)
{
	zx_handle_t self = zx_process_self();
	zx_info_process_handle_stats_t st;
	size_t actual = 9, avail = 9;
	zx_handle_t ev[3];
	uint32_t before;
	int i;

	before = handles_of_type(self, ZX_OBJ_TYPE_EVENT);
	ASSERT_NE(UINT32_MAX, before);
	for (i = 0; i < 3; i++)
		ev[i] = zx_test_event();
	EXPECT_EQ(before + 3, handles_of_type(self, ZX_OBJ_TYPE_EVENT));
	EXPECT_LE(1u, handles_of_type(self, ZX_OBJ_TYPE_PROCESS));
	for (i = 0; i < 3; i++)
		zx_handle_close(ev[i]);
	EXPECT_EQ(before, handles_of_type(self, ZX_OBJ_TYPE_EVENT));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(self, ZX_INFO_PROCESS_HANDLE_STATS, &st,
				     sizeof(st) - 4, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self, ZX_INFO_PROCESS_HANDLE_STATS,
				     ZX_TEST_BAD_PTR, sizeof(st), NULL, NULL));
}

/* ------------------------------------------------------ process vmos */

TEST(process_vmos_of_child)
{
	zx_info_vmo_t rec[4];
	size_t actual = 9, avail = 9;
	uint64_t sizes = 0;
	struct zx_test_kid k;
	int i;

	ASSERT_EQ(0, zx_test_kid_start(&k, holder_main, NULL, 0));
	memset(rec, 0, sizeof(rec));
	ASSERT_EQ(ZX_OK, zx_object_get_info(k.h, ZX_INFO_PROCESS_VMOS, rec,
					    sizeof(rec), &actual, &avail));
	EXPECT_EQ(2u, actual);
	EXPECT_EQ(2u, avail);
	for (i = 0; i < 2; i++) {
		EXPECT_NE(0u, rec[i].koid);
		EXPECT_EQ(ZX_INFO_VMO_VIA_HANDLE,
			  rec[i].flags & ZX_INFO_VMO_VIA_HANDLE);
		EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, rec[i].handle_rights);
		sizes += rec[i].size_bytes;
	}
	EXPECT_EQ(8u * getpagesize(), sizes);
	/* Room for one: one, and ZX_OK with the whole count. */
	actual = avail = 9;
	EXPECT_EQ(ZX_OK, zx_object_get_info(k.h, ZX_INFO_PROCESS_VMOS, rec,
					    sizeof(rec[0]) + 8, &actual,
					    &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(2u, avail);
	actual = avail = 9;
	EXPECT_EQ(ZX_OK, zx_object_get_info(k.h, ZX_INFO_PROCESS_VMOS, NULL,
					    0, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(2u, avail);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(k.h, ZX_INFO_PROCESS_VMOS,
				     ZX_TEST_BAD_PTR, sizeof(rec), NULL, NULL));
	EXPECT_EQ(0, zx_test_kid_end(&k, true));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_object_get_info(k.h, ZX_INFO_PROCESS_VMOS, rec,
				     sizeof(rec), &actual, &avail));
	EXPECT_EQ(ZX_OK, zx_handle_close(k.h));
}

/* Version 1 records are packed at their own, shorter stride. */
TEST(process_vmos_versions)
{
	zx_handle_t self = zx_process_self();
	zx_handle_t v[2] = { zx_test_vmo(getpagesize(), 0),
			     zx_test_vmo(2 * getpagesize(), 0) };
	const size_t v1 = offsetof(zx_info_vmo_t, metadata_bytes);
	zx_koid_t want[2] = { zx_test_koid(v[0]), zx_test_koid(v[1]) };
	size_t n = 64, actual = 0, avail = 0, i, found = 0;
	char *buf = calloc(n, sizeof(zx_info_vmo_t));
	zx_info_vmo_t r;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(ZX_OK, zx_object_get_info(self, ZX_INFO_PROCESS_VMOS_V1, buf,
					    n * v1, &actual, &avail));
	EXPECT_EQ(actual, avail);
	EXPECT_GE(actual, 2u);
	for (i = 0; i < actual; i++) {
		memcpy(&r, buf + i * v1, v1);
		if (r.koid == want[0] || r.koid == want[1]) {
			found++;
			EXPECT_EQ(r.koid == want[0] ? (uint64_t)getpagesize() :
				  2u * getpagesize(), r.size_bytes);
		}
	}
	EXPECT_EQ(2u, found);
	free(buf);
	zx_handle_close(v[0]);
	zx_handle_close(v[1]);
}

/* ----------------------------------------------------- thread stats */

static int64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Runs on the CPU for @ns of this thread's CPU time. */
static void burn(int64_t ns)
{
	volatile uint64_t spin = 0;
	int64_t start = thread_cpu_ns();

	while (thread_cpu_ns() - start < ns)
		spin++;
}

TEST(thread_stats_runtime_grows)
{
	zx_handle_t th = zx_thread_self();
	zx_info_thread_stats_t a, b;

	ASSERT_NE(ZX_HANDLE_INVALID, th);
	/*
	 * 100 ms of CPU time, twice; the kernel's figure is updated at ticks
	 * and switches, so it may lag a tick (a fresh test process may read 0).
	 */
	burn(ZX_MSEC(100));
	ASSERT_EQ(ZX_OK, zx_object_get_info(th, ZX_INFO_THREAD_STATS, &a,
					    sizeof(a), NULL, NULL));
	EXPECT_GE(a.total_runtime, ZX_MSEC(50));
	EXPECT_LT(a.last_scheduled_cpu,
		  (uint32_t)sysconf(_SC_NPROCESSORS_CONF));
	burn(ZX_MSEC(100));
	ASSERT_EQ(ZX_OK, zx_object_get_info(th, ZX_INFO_THREAD_STATS, &b,
					    sizeof(b), NULL, NULL));
	EXPECT_GE(b.total_runtime - a.total_runtime, ZX_MSEC(50));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(th, ZX_INFO_THREAD_STATS, &b,
				     sizeof(b) - 1, NULL, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(th, ZX_INFO_TASK_STATS, &b, sizeof(b),
				     NULL, NULL));
}

struct burner {
	zx_handle_t th;
	pid_t tid;
	int ready[2];	/* burner -> main: its handle is in th */
	int stop[2];	/* main -> burner: EOF ends it */
};

static void *burner_main(void *arg)
{
	struct burner *b = arg;
	char c = 'r';

	b->th = zx_thread_self();
	b->tid = zx_test_gettid();
	burn(ZX_MSEC(100));
	if (write(b->ready[1], &c, 1) != 1)
		return NULL;
	while (read(b->stop[0], &c, 1) > 0)
		;
	return NULL;
}

/*
 * Another thread's figures, read through its handle: once it sleeps, its
 * runtime (final at the switch) is at least what it burned, and stays put
 * while the caller burns some more.
 */
TEST(thread_stats_of_another_thread)
{
	struct burner b = { .th = ZX_HANDLE_INVALID };
	zx_info_thread_stats_t st, st2;
	pthread_t t;
	char c;

	ASSERT_EQ(0, pipe(b.ready));
	ASSERT_EQ(0, pipe(b.stop));
	ASSERT_EQ(0, pthread_create(&t, NULL, burner_main, &b));
	ASSERT_EQ(1, read(b.ready[0], &c, 1));
	ASSERT_NE(ZX_HANDLE_INVALID, b.th);
	ASSERT_TRUE(zx_test_thread_blocked(b.tid, 10000));
	ASSERT_EQ(ZX_OK, zx_object_get_info(b.th, ZX_INFO_THREAD_STATS, &st,
					    sizeof(st), NULL, NULL));
	EXPECT_GE(st.total_runtime, ZX_MSEC(100));
	EXPECT_LT(st.last_scheduled_cpu,
		  (uint32_t)sysconf(_SC_NPROCESSORS_CONF));
	burn(ZX_MSEC(100));
	ASSERT_EQ(ZX_OK, zx_object_get_info(b.th, ZX_INFO_THREAD_STATS, &st2,
					    sizeof(st2), NULL, NULL));
	EXPECT_EQ(st.total_runtime, st2.total_runtime);
	close(b.stop[1]);
	ASSERT_EQ(0, pthread_join(t, NULL));
	close(b.stop[0]);
	close(b.ready[0]);
	close(b.ready[1]);
}

/* ------------------------------------------------------------ errors */

TEST(wrong_types_rights_and_handles)
{
	static const uint32_t topics[] = {
		ZX_INFO_TASK_STATS, ZX_INFO_TASK_STATS_V1,
		ZX_INFO_PROCESS_HANDLE_STATS, ZX_INFO_PROCESS_VMOS,
		ZX_INFO_PROCESS_VMOS_V1, ZX_INFO_PROCESS_VMOS_V2,
		ZX_INFO_PROCESS_VMOS_V3, ZX_INFO_THREAD_STATS,
	};
	zx_handle_t self = zx_process_self(), th = zx_thread_self();
	zx_handle_t ev = zx_test_event(), weak, weak_th, closed;
	char buf[512];
	size_t i;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self, ZX_DEFAULT_PROCESS_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &weak));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(th, ZX_DEFAULT_THREAD_RIGHTS &
					     ~ZX_RIGHT_INSPECT, &weak_th));
	closed = zx_test_event();
	zx_handle_close(closed);
	for (i = 0; i < sizeof(topics) / sizeof(topics[0]); i++) {
		bool thread = topics[i] == ZX_INFO_THREAD_STATS;

		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(ev, topics[i], buf, sizeof(buf),
					     NULL, NULL));
		EXPECT_EQ(ZX_ERR_WRONG_TYPE,
			  zx_object_get_info(thread ? self : th, topics[i],
					     buf, sizeof(buf), NULL, NULL));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_object_get_info(thread ? weak_th : weak,
					     topics[i], buf, sizeof(buf),
					     NULL, NULL));
		EXPECT_EQ(ZX_ERR_BAD_HANDLE,
			  zx_object_get_info(closed, topics[i], buf,
					     sizeof(buf), NULL, NULL));
		EXPECT_EQ(ZX_OK,
			  zx_object_get_info(thread ? th : self, topics[i],
					     buf, sizeof(buf), NULL, NULL));
	}
	zx_handle_close(weak);
	zx_handle_close(weak_th);
	zx_handle_close(ev);
}

/*
 * As root, take a child's handle, then become another user: the handle
 * has ZX_RIGHT_INSPECT, but Linux would not let this process signal the
 * child, so its statistics are refused; its own stay readable.
 */
static int unprivileged_main(void *arg)
{
	zx_info_process_handle_stats_t hs;
	zx_info_task_stats_t st;
	zx_info_vmo_t rec;
	struct zx_test_kid k;

	(void)arg;
	CHILD_CHECK(zx_test_kid_start(&k, holder_main, NULL, 0) == 0);
	CHILD_CHECK(task_stats(k.h, &st) == ZX_OK);
	CHILD_CHECK(zx_test_become(65534) == 0);
	CHILD_CHECK(task_stats(k.h, &st) == ZX_ERR_ACCESS_DENIED);
	CHILD_CHECK(handle_stats(k.h, &hs) == ZX_ERR_ACCESS_DENIED);
	CHILD_CHECK(zx_object_get_info(k.h, ZX_INFO_PROCESS_VMOS, &rec,
				       sizeof(rec), NULL, NULL) ==
		    ZX_ERR_ACCESS_DENIED);
	CHILD_CHECK(task_stats(zx_process_self(), &st) == ZX_OK);
	CHILD_CHECK(zx_test_kid_end(&k, false) == 0);
	return 0;
}

TEST(stats_need_linux_permission)
{
	if (geteuid() != 0)
		SKIP(return, "needs root to start a process of another user");
	EXPECT_EQ(0, zx_test_in_child(unprivileged_main, NULL));
}

ZX_TEST_MAIN(NULL, NULL)
