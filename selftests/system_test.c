// SPDX-License-Identifier: GPL-2.0
/*
 * The calls libzx answers without the module: zx_system_get_*(), the
 * CPRNG, ticks and the boot clock, and futexes with Zircon's statuses.
 * (In the selftests so that they run in the VM with the rest.)
 */
#include <sched.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include <linux/zircon.h>
#include <zircon/features.h>

#include "zx_test_util.h"

TEST(page_size_cpus_physmem_cache_line)
{
	uint32_t ps = zx_system_get_page_size();
	uint32_t line = zx_system_get_dcache_line_size();
	struct sysinfo si;

	EXPECT_EQ((uint32_t)sysconf(_SC_PAGESIZE), ps);
	EXPECT_EQ(0u, ps & (ps - 1));
	EXPECT_GE(ps, 4096u);
	EXPECT_GE(zx_system_get_num_cpus(), 1u);
	EXPECT_GE((long)zx_system_get_num_cpus(),
		  sysconf(_SC_NPROCESSORS_ONLN));
	ASSERT_EQ(0, sysinfo(&si));
	EXPECT_EQ((uint64_t)si.totalram * si.mem_unit,
		  zx_system_get_physmem());
	EXPECT_GT(zx_system_get_physmem(), 16ull << 20);
	EXPECT_EQ(0u, line & (line - 1));
	EXPECT_GE(line, 16u);
	EXPECT_LE(line, 512u);
}

static void *version_in_thread(void *p)
{
	*(zx_string_view_t *)p = zx_system_get_version_string();
	return NULL;
}

TEST(version_string)
{
	zx_string_view_t v = zx_system_get_version_string(), w, t;
	char want[512];
	struct utsname u;
	pthread_t th;

	ASSERT_NE(NULL, v.c_str);
	ASSERT_EQ(0, uname(&u));
	snprintf(want, sizeof(want), "zircon-linux %d.%d (Linux %s)",
		 ZX_ABI_VERSION_MAJOR, ZX_ABI_VERSION_MINOR, u.release);
	EXPECT_STREQ(want, v.c_str);
	EXPECT_EQ(strlen(v.c_str), v.length);
	EXPECT_EQ(0, strncmp(v.c_str, "zircon-linux 1.", 15));
	/* The same static storage every time, from every thread. */
	w = zx_system_get_version_string();
	EXPECT_EQ(v.c_str, w.c_str);
	ASSERT_EQ(0, pthread_create(&th, NULL, version_in_thread, &t));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(v.c_str, t.c_str);
	EXPECT_EQ(v.length, t.length);
}

TEST(features)
{
	uint32_t f = 0xdeadbeef;

	/* As Zircon on x86-64: no CPU bits; ask cpuid. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_system_get_features(ZX_FEATURE_KIND_CPU, &f));
	EXPECT_EQ(0xdeadbeefu, f);
	EXPECT_EQ(ZX_OK, zx_system_get_features(
			  ZX_FEATURE_KIND_HW_BREAKPOINT_COUNT, &f));
	EXPECT_EQ(4u, f);
	f = 0;
	EXPECT_EQ(ZX_OK, zx_system_get_features(
			  ZX_FEATURE_KIND_HW_WATCHPOINT_COUNT, &f));
	EXPECT_EQ(4u, f);
	f = 0xdeadbeef;
	EXPECT_EQ(ZX_OK, zx_system_get_features(
			  ZX_FEATURE_KIND_ADDRESS_TAGGING, &f));
	EXPECT_EQ(0u, f);
	f = 0xdeadbeef;
	EXPECT_EQ(ZX_OK, zx_system_get_features(ZX_FEATURE_KIND_VM, &f));
	EXPECT_EQ(0u, f & ZX_VM_FEATURE_CAN_MAP_XOM);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_system_get_features(5, &f));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_system_get_features(0xffffffffu, &f));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_system_get_features(ZX_FEATURE_KIND_VM, NULL));
}

TEST(system_event_needs_the_root_job)
{
	zx_handle_t ev = zx_test_event(), out = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_system_get_event(ZX_HANDLE_INVALID,
				      ZX_SYSTEM_EVENT_OUT_OF_MEMORY, &out));
	/* An event is not a job, let alone the root job. */
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_system_get_event(ev, ZX_SYSTEM_EVENT_OUT_OF_MEMORY,
				      &out));
	EXPECT_EQ(ZX_HANDLE_INVALID, out);
	ASSERT_EQ(ZX_OK, zx_handle_close(ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_system_get_event(ev, ZX_SYSTEM_EVENT_OUT_OF_MEMORY,
				      &out));
}

TEST(cprng_draw_fills_everything)
{
	size_t sizes[] = { 0, 1, 255, 256, 257, 4097, 1 << 20 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		unsigned char *b = malloc(n + 64), *c = malloc(n + 64);
		size_t zero_a = 0, same = 0;

		ASSERT_NE(NULL, b);
		ASSERT_NE(NULL, c);
		memset(b, 0, n + 64);
		memset(c, 0, n + 64);
		zx_cprng_draw(b, n);
		zx_cprng_draw(c, n);
		for (size_t j = 0; j < n; j++) {
			zero_a += b[j] == 0;
			same += b[j] == c[j];
		}
		/* About n/256 of each; far more means bytes were skipped. */
		if (n >= 4096) {
			EXPECT_LT(zero_a, n / 64) TH_LOG("size %zu", n);
			EXPECT_LT(same, n / 64) TH_LOG("size %zu", n);
		} else if (n >= 16) {
			EXPECT_NE(0, memcmp(b, c, n));
		}
		/* Not a byte past the end. */
		for (size_t j = n; j < n + 64; j++)
			ASSERT_EQ(0, b[j]);
		free(b);
		free(c);
	}
	zx_cprng_draw(NULL, 0);
}

TEST(cprng_add_entropy)
{
	unsigned char buf[ZX_CPRNG_ADD_ENTROPY_MAX_LEN + 1];

	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ(ZX_OK, zx_cprng_add_entropy(buf, 0));
	EXPECT_EQ(ZX_OK, zx_cprng_add_entropy(NULL, 0));
	EXPECT_EQ(ZX_OK, zx_cprng_add_entropy(buf, 16));
	EXPECT_EQ(ZX_OK, zx_cprng_add_entropy(buf,
					      ZX_CPRNG_ADD_ENTROPY_MAX_LEN));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_cprng_add_entropy(buf, ZX_CPRNG_ADD_ENTROPY_MAX_LEN + 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_cprng_add_entropy(buf, SIZE_MAX));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_cprng_add_entropy(ZX_TEST_BAD_PTR, 16));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_cprng_add_entropy(NULL, 16));
}

TEST(ticks_and_clocks)
{
	zx_instant_mono_t m0, m1;
	zx_ticks_t t, last;

	EXPECT_EQ(1000000000, zx_ticks_per_second());
	m0 = zx_clock_get_monotonic();
	t = zx_ticks_get();
	m1 = zx_clock_get_monotonic();
	/* Ticks are monotonic nanoseconds. */
	EXPECT_LE(m0, t);
	EXPECT_LE(t, m1);
	EXPECT_GE(zx_clock_get_boot(), m0);
	EXPECT_GE(zx_ticks_get_boot(), zx_ticks_get() - ZX_MSEC(1000));
	last = zx_ticks_get();
	for (int i = 0; i < 100000; i++) {
		t = zx_ticks_get();
		ASSERT_GE(t, last);
		last = t;
	}
}

/*
 * Monotonic across CPUs: a thread on each CPU publishes its reading, and
 * a reading taken after seeing another's publication is never smaller.
 */
struct tick_race {
	int cpu;
	int64_t *shared;
	int bad;
};

static void *tick_racer(void *p)
{
	struct tick_race *r = p;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(r->cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	for (int i = 0; i < 200000; i++) {
		int64_t seen = __atomic_load_n(r->shared, __ATOMIC_ACQUIRE);
		int64_t now = zx_ticks_get();

		if (now < seen)
			r->bad++;
		while (seen < now &&
		       !__atomic_compare_exchange_n(r->shared, &seen, now,
						    false, __ATOMIC_RELEASE,
						    __ATOMIC_ACQUIRE))
			;
	}
	return NULL;
}

TEST(ticks_monotonic_across_cpus)
{
	int n = (int)sysconf(_SC_NPROCESSORS_ONLN);
	struct tick_race r[4];
	pthread_t th[4];
	int64_t shared = 0;

	if (n < 2)
		SKIP(return, "one CPU");
	if (n > 4)
		n = 4;
	for (int i = 0; i < n; i++) {
		r[i] = (struct tick_race){ i, &shared, 0 };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, tick_racer, &r[i]));
	}
	for (int i = 0; i < n; i++) {
		ASSERT_EQ(0, pthread_join(th[i], NULL));
		EXPECT_EQ(0, r[i].bad);
	}
}

/* ------------------------------------------------------------ futexes */

TEST(futex_wait_statuses)
{
	zx_futex_t f[2] = { 5, 0 };
	zx_handle_t ev = zx_test_event();
	zx_instant_mono_t deadline;

	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_futex_wait(&f[0], 6, ZX_HANDLE_INVALID,
				ZX_TIME_INFINITE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_wait(NULL, 5, ZX_HANDLE_INVALID, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_wait((zx_futex_t *)((char *)f + 1), 5,
				ZX_HANDLE_INVALID, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_wait(ZX_TEST_BAD_PTR, 5, ZX_HANDLE_INVALID, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_wait((zx_futex_t *)(uintptr_t)ZX_TEST_KERNEL_ADDR,
				5, ZX_HANDLE_INVALID, 0));
	/* Deadlines in the past, at zero, far in the past, and soon. */
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_futex_wait(&f[0], 5, ZX_HANDLE_INVALID, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_futex_wait(&f[0], 5, ZX_HANDLE_INVALID,
				ZX_TIME_INFINITE_PAST));
	deadline = zx_deadline_after(ZX_MSEC(5));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_futex_wait(&f[0], 5, ZX_HANDLE_INVALID, deadline));
	EXPECT_GE(zx_clock_get_monotonic(), deadline);
	/* Owners: the value is checked first, then the handle. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_futex_wait(&f[0], 4, 0x12345678, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_futex_wait(&f[0], 5, 0x12345678, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_futex_wait(&f[0], 5, ev, 0));
	zx_handle_close(ev);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_futex_wait(&f[0], 5, ev, 0));
}

struct futex_waiter {
	zx_futex_t *f;
	zx_futex_t value;
	pid_t tid;
	int started;
	zx_status_t status;
	int *woken;
};

static void *futex_waiter_main(void *p)
{
	struct futex_waiter *w = p;

	w->tid = zx_test_gettid();
	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	w->status = zx_futex_wait(w->f, w->value, ZX_HANDLE_INVALID,
				  zx_deadline_after(ZX_SEC(60)));
	__atomic_fetch_add(w->woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int start_waiter(pthread_t *th, struct futex_waiter *w)
{
	if (pthread_create(th, NULL, futex_waiter_main, w))
		return -1;
	while (!__atomic_load_n(&w->started, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked(w->tid, 5000);
	return 0;
}

static int woken_settle(int *woken, int want)
{
	for (int i = 0; i < 10000 && __atomic_load_n(woken, __ATOMIC_SEQ_CST)
	     != want; i++)
		zx_test_sleep_ms(1);
	return __atomic_load_n(woken, __ATOMIC_SEQ_CST);
}

TEST(futex_wake)
{
	zx_futex_t f = 1;
	int woken = 0;
	struct futex_waiter w[2] = {
		{ .f = &f, .value = 1, .woken = &woken },
		{ .f = &f, .value = 1, .woken = &woken },
	};
	pthread_t th[2];

	for (int i = 0; i < 2; i++)
		ASSERT_EQ(0, start_waiter(&th[i], &w[i]));
	EXPECT_EQ(ZX_OK, zx_futex_wake(&f, 0));
	EXPECT_TRUE(zx_test_thread_blocked(w[0].tid, 1000));
	EXPECT_EQ(ZX_OK, zx_futex_wake_single_owner(&f));
	EXPECT_EQ(1, woken_settle(&woken, 1));
	EXPECT_EQ(ZX_OK, zx_futex_wake(&f, UINT32_MAX));
	EXPECT_EQ(2, woken_settle(&woken, 2));
	for (int i = 0; i < 2; i++) {
		ASSERT_EQ(0, pthread_join(th[i], NULL));
		EXPECT_EQ(ZX_OK, w[i].status);
	}
	/* Nobody there, unmapped, or far away: no error.  Unaligned is. */
	EXPECT_EQ(ZX_OK, zx_futex_wake(&f, 1));
	EXPECT_EQ(ZX_OK, zx_futex_wake(ZX_TEST_BAD_PTR, 1));
	EXPECT_EQ(ZX_OK, zx_futex_wake(
			  (zx_futex_t *)(uintptr_t)ZX_TEST_KERNEL_ADDR, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_futex_wake(NULL, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_wake((zx_futex_t *)((char *)&f + 2), 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_futex_wake_single_owner(NULL));
}

TEST(futex_requeue)
{
	zx_futex_t f1 = 7, f2 = 0;
	int woken = 0;
	struct futex_waiter w[3];
	pthread_t th[3];
	zx_handle_t ev = zx_test_event();

	for (int i = 0; i < 3; i++) {
		w[i] = (struct futex_waiter){ .f = &f1, .value = 7,
					      .woken = &woken };
		ASSERT_EQ(0, start_waiter(&th[i], &w[i]));
	}
	/* The errors first, while all three wait on f1. */
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_futex_requeue(&f1, 1, 8, &f2, 2, ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_requeue(&f1, 1, 7, &f1, 2, ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_requeue(&f1, 1, 7, NULL, 2, ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_requeue(NULL, 1, 7, &f2, 2, ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_requeue(&f1, 1, 7,
				   (zx_futex_t *)((char *)&f2 + 1), 2,
				   ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_futex_requeue(&f1, 1, 8, &f2, 2, 0x12345678));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_futex_requeue(&f1, 1, 7, &f2, 2, 0x12345678));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_futex_requeue(&f1, 1, 7, &f2, 2, ev));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_futex_requeue_single_owner(&f1, 7, &f2, 2, ev));
	EXPECT_EQ(0, __atomic_load_n(&woken, __ATOMIC_SEQ_CST));

	/* Wake one, move the other two to f2. */
	EXPECT_EQ(ZX_OK,
		  zx_futex_requeue(&f1, 1, 7, &f2, 2, ZX_HANDLE_INVALID));
	EXPECT_EQ(1, woken_settle(&woken, 1));
	/* Waking f1 finds nobody; f2 has them. */
	EXPECT_EQ(ZX_OK, zx_futex_wake(&f1, UINT32_MAX));
	for (int i = 0; i < 3; i++)
		zx_test_thread_blocked(w[i].tid, 20);
	EXPECT_EQ(1, __atomic_load_n(&woken, __ATOMIC_SEQ_CST));
	EXPECT_EQ(ZX_OK, zx_futex_wake(&f2, UINT32_MAX));
	EXPECT_EQ(3, woken_settle(&woken, 3));
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(0, pthread_join(th[i], NULL));
		EXPECT_EQ(ZX_OK, w[i].status);
	}
	zx_handle_close(ev);
}

TEST(futex_requeue_single_owner)
{
	zx_futex_t f1 = 3, f2 = 0;
	int woken = 0;
	struct futex_waiter w[2];
	pthread_t th[2];

	for (int i = 0; i < 2; i++) {
		w[i] = (struct futex_waiter){ .f = &f1, .value = 3,
					      .woken = &woken };
		ASSERT_EQ(0, start_waiter(&th[i], &w[i]));
	}
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_futex_requeue_single_owner(
			  &f1, 4, &f2, 1, ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_OK, zx_futex_requeue_single_owner(&f1, 3, &f2, 1,
						       ZX_HANDLE_INVALID));
	EXPECT_EQ(1, woken_settle(&woken, 1));
	EXPECT_EQ(ZX_OK, zx_futex_wake(&f2, 1));
	EXPECT_EQ(2, woken_settle(&woken, 2));
	for (int i = 0; i < 2; i++)
		ASSERT_EQ(0, pthread_join(th[i], NULL));
}

TEST(futex_get_owner)
{
	zx_futex_t f = 0;
	zx_koid_t koid = 1234;

	EXPECT_EQ(ZX_OK, zx_futex_get_owner(&f, &koid));
	EXPECT_EQ(ZX_KOID_INVALID, koid);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_futex_get_owner(&f, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_futex_get_owner(NULL, &koid));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_futex_get_owner((zx_futex_t *)((char *)&f + 1), &koid));
}

/* A mutex built on the calls: no increment lost among four threads. */
struct fmutex {
	zx_futex_t state;	/* 0 free, 1 locked, 2 locked with waiters */
	long counter;
};

static void fm_lock(struct fmutex *m)
{
	zx_futex_t c = 0;

	if (__atomic_compare_exchange_n(&m->state, &c, 1, false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		zx_futex_wait(&m->state, 2, ZX_HANDLE_INVALID,
			      ZX_TIME_INFINITE);
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
}

static void fm_unlock(struct fmutex *m)
{
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		zx_futex_wake(&m->state, 1);
}

static void *fm_thread(void *p)
{
	struct fmutex *m = p;

	for (int i = 0; i < 20000; i++) {
		fm_lock(m);
		m->counter++;
		fm_unlock(m);
	}
	return NULL;
}

TEST(futex_mutex)
{
	struct fmutex m = { 0, 0 };
	pthread_t th[4];

	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, fm_thread, &m));
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_join(th[i], NULL));
	EXPECT_EQ(80000, m.counter);
	EXPECT_EQ(0, m.state);
}

ZX_TEST_MAIN(NULL, NULL)
