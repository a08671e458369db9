// SPDX-License-Identifier: GPL-2.0
/*
 * Handle limits (Documentation/zircon.rst, "Limits"):
 *
 *   max_handles           handles held by one process (thread group), over
 *                         all its opens of /dev/zircon
 *   max_handles_per_user  handles held by all the processes of one real
 *                         uid
 *
 * Past either, a call that would add a handle fails with
 * ZX_ERR_NO_RESOURCES.  The tests lower the parameters and the fixture
 * puts them back.  A process that opens the device many times used to get
 * max_handles handles per open.
 */
#include <grp.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/ioctl.h>

#include <linux/zircon.h>

#include "zx_test_util.h"

#define PER_PROC	100
#define PER_USER	150
#define OPENS		6
#define HOSTILE_UID	1000

static const char *const params[] = { "max_handles", "max_handles_per_user" };
#define NPARAMS	(sizeof(params) / sizeof(params[0]))

/*
 * Saves the parameters there are, sets the limits; @need is how many of
 * params[] the test needs.
 */
static int limits_setup(struct __test_metadata *_metadata, long *saved,
			size_t need)
{
	for (size_t i = 0; i < NPARAMS; i++)
		saved[i] = zx_test_read_param(params[i]);
	for (size_t i = 0; i < need; i++)
		if (saved[i] < 0)
			return -1;
	if (zx_test_write_param("max_handles", PER_PROC))
		return -1;
	if (saved[1] >= 0 &&
	    zx_test_write_param("max_handles_per_user", PER_USER))
		return -1;
	return 0;
}

static void limits_restore(struct __test_metadata *_metadata, long *saved)
{
	for (size_t i = 0; i < NPARAMS; i++)
		if (saved[i] >= 0)
			EXPECT_EQ(0, zx_test_write_param(params[i], saved[i]));
}

/* Only max_handles. */
FIXTURE(hlimit) {
	long saved[NPARAMS];
};

FIXTURE_SETUP(hlimit)
{
	for (size_t i = 0; i < NPARAMS; i++)
		self->saved[i] = -1;
	if (geteuid() != 0)
		SKIP(return, "needs root to change the limits");
	if (limits_setup(_metadata, self->saved, 1))
		SKIP(return, "cannot set max_handles");
}

FIXTURE_TEARDOWN(hlimit)
{
	limits_restore(_metadata, self->saved);
}

/* Both limits. */
FIXTURE(ulimit) {
	long saved[NPARAMS];
};

FIXTURE_SETUP(ulimit)
{
	for (size_t i = 0; i < NPARAMS; i++)
		self->saved[i] = -1;
	if (geteuid() != 0)
		SKIP(return, "needs root to change the limits");
	if (limits_setup(_metadata, self->saved, NPARAMS))
		SKIP(return, "no max_handles_per_user parameter");
}

FIXTURE_TEARDOWN(ulimit)
{
	limits_restore(_metadata, self->saved);
}


/* An event in the table of device descriptor @dev; a status. */
static zx_status_t raw_event(int dev, zx_handle_t *out)
{
	struct zx_ioc_create a = { .out0 = (uintptr_t)out };
	long r = ioctl(dev, ZX_IOC_EVENT_CREATE, &a);

	/* A Zircon error comes back as its positive magnitude. */
	return r < 0 ? ZX_ERR_INTERNAL : (zx_status_t)-r;
}

/* Fills tables @devs round robin until a creation fails; the count. */
static int fill_round_robin(const int *devs, int ndevs, int max,
			    zx_status_t *last)
{
	zx_handle_t h;
	int n = 0;

	*last = ZX_OK;
	while (n < max) {
		*last = raw_event(devs[n % ndevs], &h);
		if (*last != ZX_OK)
			break;
		n++;
	}
	return n;
}

static int child_many_opens(void *arg)
{
	int devs[OPENS], n;
	zx_status_t last;
	zx_handle_t h;

	(void)arg;
	for (int i = 0; i < OPENS; i++) {
		devs[i] = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
		CHILD_CHECK(devs[i] >= 0);
	}
	n = fill_round_robin(devs, OPENS, PER_PROC * OPENS, &last);
	fprintf(stderr, "# %d handles over %d opens (limit %d)\n", n, OPENS,
		PER_PROC);
	CHILD_CHECK(n == PER_PROC);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	/* Every table is full, a fresh open too. */
	devs[0] = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	CHILD_CHECK(devs[0] >= 0);
	CHILD_CHECK(raw_event(devs[0], &h) == ZX_ERR_NO_RESOURCES);
	/* Closing a table gives its handles back (table 1 had every
	 * OPENS-th handle, starting with the second). */
	CHILD_CHECK(close(devs[1]) == 0);
	n = fill_round_robin(devs, 1, PER_PROC, &last);
	CHILD_CHECK(n == (PER_PROC - 2) / OPENS + 1);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	return 0;
}

TEST_F(hlimit, max_handles_counts_every_open_of_a_process)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	/* Each process has its own count. */
	EXPECT_EQ(0, zx_test_in_child(child_many_opens, NULL));
	EXPECT_EQ(0, zx_test_in_child(child_many_opens, NULL));
}


struct filler {
	int go[2];		/* parent -> child: one byte to finish */
	int ready[2];		/* child -> parent: one byte when filled */
	int want;		/* handles the child must get */
	int extra_after_go;	/* handles it must get once told to go on */
};

static int child_filler(void *arg)
{
	struct filler *f = arg;
	zx_handle_t h[PER_PROC + 1];
	zx_status_t last = ZX_OK;
	int n = 0, more = 0;
	char byte = 'r';

	close(f->go[1]);
	close(f->ready[0]);
	CHILD_CHECK(zx_test_become(HOSTILE_UID) == 0);
	while (n <= PER_PROC && (last = zx_event_create(0, &h[n])) == ZX_OK)
		n++;
	fprintf(stderr, "# uid %d: %d handles (want %d)\n", HOSTILE_UID, n,
		f->want);
	CHILD_CHECK(n == f->want);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(write(f->ready[1], &byte, 1) == 1);
	CHILD_CHECK(read(f->go[0], &byte, 1) == 1);
	while (n + more <= PER_PROC &&
	       zx_event_create(0, &h[n + more]) == ZX_OK)
		more++;
	CHILD_CHECK(more == f->extra_after_go);
	return 0;
}

static pid_t start_filler(struct filler *f, int want, int extra)
{
	f->want = want;
	f->extra_after_go = extra;
	if (pipe(f->go) || pipe(f->ready))
		return -1;
	return zx_test_fork(child_filler, f);
}

TEST_F(ulimit, max_handles_per_user_counts_every_process_of_a_user)
{
	struct filler a, b;
	pid_t pa, pb;
	char byte;
	zx_handle_t h[PER_PROC];

	ZX_TEST_SKIPPED_IN_SETUP();
	/* A fills its process's share; B gets what is left of the user's. */
	pa = start_filler(&a, PER_PROC, 0);
	ASSERT_GT(pa, 0);
	close(a.go[0]);
	close(a.ready[1]);
	ASSERT_EQ(1, read(a.ready[0], &byte, 1));
	pb = start_filler(&b, PER_USER - PER_PROC,
			  PER_PROC - (PER_USER - PER_PROC));
	ASSERT_GT(pb, 0);
	close(b.go[0]);
	close(b.ready[1]);
	ASSERT_EQ(1, read(b.ready[0], &byte, 1));

	/* Another user (root, here) is not affected. */
	for (int i = 0; i < PER_PROC; i++)
		ASSERT_EQ(ZX_OK, zx_event_create(0, &h[i]));
	for (int i = 0; i < PER_PROC; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));

	/* A exits: its handles are the user's again, up to B's own limit. */
	ASSERT_EQ(1, write(a.go[1], "g", 1));
	EXPECT_EQ(0, zx_test_wait_child(pa));
	ASSERT_EQ(1, write(b.go[1], "g", 1));
	EXPECT_EQ(0, zx_test_wait_child(pb));
}

/* --------------------------------- freeing a full table, on a shared CPU */

#define BIG_TABLE	200000

struct meter {
	int stop;
	int running;
	int64_t max_gap;
};

static void pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Notes the longest time it did not get the CPU until told to stop. */
static int meter_main(void *arg)
{
	struct meter *m = arg;
	int64_t last;

	pin_to_cpu0();
	last = zx_test_now();
	__atomic_store_n(&m->running, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&m->stop, __ATOMIC_SEQ_CST)) {
		int64_t now = zx_test_now();

		if (now - last > m->max_gap)
			m->max_gap = now - last;
		last = now;
	}
	return 0;
}

static int big_table_main(void *arg)
{
	int *ready = arg;
	zx_handle_t h;

	pin_to_cpu0();
	for (int i = 0; i < BIG_TABLE; i++)
		CHILD_CHECK(zx_event_create(0, &h) == ZX_OK);
	__atomic_store_n(ready, 1, __ATOMIC_SEQ_CST);
	for (;;)
		pause();
}

/* nonvoluntary_ctxt_switches of @pid (a zombie too), or -1. */
static long nonvoluntary_switches(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	return zx_test_read_key(path, "nonvoluntary_ctxt_switches:");
}

/*
 * A process holding 200,000 handles dies while another process spins on
 * the same CPU: releasing the table must yield the CPU as it goes.  The
 * dying process releases its table itself, in its exit; each time it
 * gives the CPU to the spinner at a cond_resched() counts as one of its
 * nonvoluntary context switches, which its /proc status still shows while
 * it is a zombie.  Without cond_resched() in zx_table_destroy() a kernel
 * that does not preempt kernel code (Debian's stock kernels) counts one
 * or two, from the rest of the exit.
 * The longest time the spinner waited is only reported: the host's own
 * scheduling makes any time here meaningless as a pass/fail figure.
 */
TEST(freeing_a_full_table_yields_the_cpu)
{
	struct {
		struct meter m;
		int ready;
	} *sh;
	pid_t big, meter;
	int64_t t0, release;
	long before, after;
	siginfo_t si;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);
	memset(sh, 0, sizeof(*sh));
	big = zx_test_fork(big_table_main, &sh->ready);
	ASSERT_GT(big, 0);
	while (!__atomic_load_n(&sh->ready, __ATOMIC_SEQ_CST)) {
		if (waitpid(big, NULL, WNOHANG) == big)
			ASSERT_TRUE(false) TH_LOG("the filler died");
		zx_test_sleep_ms(20);
	}
	meter = zx_test_fork(meter_main, &sh->m);
	ASSERT_GT(meter, 0);
	while (!__atomic_load_n(&sh->m.running, __ATOMIC_SEQ_CST))
		zx_test_sleep_ms(1);
	zx_test_sleep_ms(200);
	sh->m.max_gap = 0;
	before = nonvoluntary_switches(big);
	ASSERT_LE(0, before);

	t0 = zx_test_now();
	ASSERT_EQ(0, kill(big, SIGKILL));
	/* Dead (its table released) but not reaped: its counts remain. */
	ASSERT_EQ(0, waitid(P_PID, (id_t)big, &si, WEXITED | WNOWAIT));
	release = zx_test_now() - t0;
	after = nonvoluntary_switches(big);
	zx_test_wait_child(big);
	__atomic_store_n(&sh->m.stop, 1, __ATOMIC_SEQ_CST);
	EXPECT_EQ(0, zx_test_wait_child(meter));
	TH_LOG("release of %d handles took %lld ms, with %ld nonvoluntary switches; the other process waited at most %lld ms",
	       BIG_TABLE, (long long)(release / 1000000), after - before,
	       (long long)(sh->m.max_gap / 1000000));
	/*
	 * At least three: the exit's own task_work loop yields once after
	 * the release, so one or two switches come without any yield in the
	 * release itself.
	 */
	EXPECT_LE(before + 3, after);
	munmap(sh, sizeof(*sh));
}

/*
 * The exposure: /dev/zircon's mode is the dev_mode parameter (0666 by
 * default; see "Exposure" in Documentation/zircon.rst).
 */
TEST(device_node_has_dev_mode)
{
	struct stat st;
	long mode = zx_test_read_param("dev_mode");

	if (mode < 0)
		SKIP(return, "no dev_mode parameter");
	ASSERT_EQ(0, stat(ZX_TEST_DEVICE, &st));
	if (!S_ISCHR(st.st_mode))
		SKIP(return, "not a character device");
	EXPECT_EQ(mode, (long)(st.st_mode & 07777));
	EXPECT_EQ(0666, mode);	/* the documented default */
}

ZX_TEST_MAIN(NULL, NULL)
