// SPDX-License-Identifier: GPL-2.0
/*
 * Quotas and memory accounting (Documentation/zircon.rst, "Limits"):
 *
 *   max_objects_per_user       objects alive, per real uid: past it a
 *                              creation fails with ZX_ERR_NO_RESOURCES
 *   max_queued_bytes_per_user  bytes of channel messages written and not
 *                              yet read, per uid of the writer: past it a
 *                              write fails with ZX_ERR_NO_RESOURCES; one
 *                              endpoint may hold no more than the writer
 *                              still has free (ZX_ERR_SHOULD_WAIT past it)
 *   channel_max_pending        unread messages per endpoint: past it a
 *                              write fails with ZX_ERR_SHOULD_WAIT
 *   memory cgroups             every allocation is charged to the caller's
 *                              cgroup; at memory.max a call fails with
 *                              ZX_ERR_NO_MEMORY, and nobody is OOM-killed
 *
 * In each test a hostile child hits the limit, and another process (of
 * another user, or outside the cgroup) keeps working meanwhile.  Needs
 * root (to change the parameters and to become other users); the
 * fixture puts every parameter back.
 */
#include <grp.h>
#include <sys/stat.h>

#include "zx_test_util.h"

#define HOSTILE_UID	1000
#define OTHER_UID	1001
#define MSG_SIZE	65536

static const char *const params[] = {
	"max_objects_per_user", "max_queued_bytes_per_user",
	"channel_max_pending",
};
#define NPARAMS	(sizeof(params) / sizeof(params[0]))

FIXTURE(quota) {
	long saved[NPARAMS];
	long before;
};

FIXTURE_SETUP(quota)
{
	for (size_t i = 0; i < NPARAMS; i++)
		self->saved[i] = -1;
	if (geteuid() != 0)
		SKIP(return, "needs root to change the limits");
	for (size_t i = 0; i < NPARAMS; i++) {
		self->saved[i] = zx_test_read_param(params[i]);
		if (self->saved[i] < 0)
			SKIP(return, "no %s parameter", params[i]);
	}
	self->before = zx_test_live_objects();
}

FIXTURE_TEARDOWN(quota)
{
	for (size_t i = 0; i < NPARAMS; i++) {
		if (self->saved[i] >= 0)
			EXPECT_EQ(0, zx_test_write_param(params[i],
							 self->saved[i]));
	}
	if (self->before >= 0)
		EXPECT_EQ(self->before,
			  zx_test_live_objects_settle(self->before, 5000));
}



/*
 * A child process of another user, stopped at a rendezvous: it runs
 * fn(arg) up to a point, writes one byte, and waits for one byte before
 * going on.
 */
struct proc {
	pid_t pid;
	int to_child[2];
	int from_child[2];
};

struct proc_arg {
	struct proc *p;
	uid_t uid;
	int (*fn)(struct proc *p, void *arg);
	void *arg;
};

static int proc_main(void *arg)
{
	struct proc_arg *a = arg;

	close(a->p->to_child[1]);
	close(a->p->from_child[0]);
	if (a->uid && zx_test_become(a->uid))
		return 90;
	return a->fn(a->p, a->arg);
}

static int proc_start(struct proc *p, uid_t uid,
		      int (*fn)(struct proc *p, void *arg), void *arg)
{
	struct proc_arg a = { .p = p, .uid = uid, .fn = fn, .arg = arg };

	if (pipe(p->to_child) || pipe(p->from_child))
		return -1;
	p->pid = zx_test_fork(proc_main, &a);
	close(p->to_child[0]);
	close(p->from_child[1]);
	return p->pid > 0 ? 0 : -1;
}

/* In the child: tell the parent we are at the point, wait for go. */
static int proc_rendezvous(struct proc *p, char what)
{
	char c;

	if (write(p->from_child[1], &what, 1) != 1 ||
	    read(p->to_child[0], &c, 1) != 1)
		return -1;
	return 0;
}

/* In the parent: what the child said at its rendezvous (0 if it died). */
static char proc_wait_point(struct proc *p)
{
	char c = 0;

	if (read(p->from_child[0], &c, 1) != 1)
		return 0;
	return c;
}

static int proc_finish(struct proc *p)
{
	char c = 'g';

	if (write(p->to_child[1], &c, 1) != 1)
		return -1;
	close(p->to_child[1]);
	close(p->from_child[0]);
	return zx_test_wait_child(p->pid);
}

/* ------------------------------------------------------------ objects */

#define OBJ_LIMIT	100

static zx_handle_t hoard[OBJ_LIMIT + 8];

/* Creates events until the first failure; returns how many. */
static int fill_events(zx_status_t *last)
{
	int n = 0;

	*last = ZX_OK;
	while (n < (int)(sizeof(hoard) / sizeof(hoard[0]))) {
		*last = zx_event_create(0, &hoard[n]);
		if (*last != ZX_OK)
			break;
		n++;
	}
	return n;
}

static int hostile_objects(struct proc *p, void *arg)
{
	zx_handle_t a, b;
	zx_status_t last;
	int n;

	(void)arg;
	n = fill_events(&last);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(n == OBJ_LIMIT);
	/* Every kind of creation answers the same, and leaks nothing. */
	CHILD_CHECK(zx_eventpair_create(0, &a, &b) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(zx_channel_create(0, &a, &b) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(zx_vmo_create(4096, 0, &a) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(zx_handle_duplicate(hoard[0], ZX_RIGHT_SAME_RIGHTS, &a) ==
		    ZX_OK);	/* a handle, not an object */
	CHILD_CHECK(zx_handle_close(a) == ZX_OK);
	CHILD_CHECK(proc_rendezvous(p, 'f') == 0);
	/* Closing one makes room for exactly one. */
	CHILD_CHECK(zx_handle_close(hoard[0]) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &hoard[0]) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &a) == ZX_ERR_NO_RESOURCES);
	return 0;
}

/* Another process of the same user shares the quota. */
static int same_user_blocked(struct proc *p, void *arg)
{
	zx_handle_t h;

	(void)p;
	(void)arg;
	CHILD_CHECK(zx_event_create(0, &h) == ZX_ERR_NO_RESOURCES);
	return 0;
}

/* Another user does not. */
static int other_user_works(struct proc *p, void *arg)
{
	zx_status_t last;

	(void)p;
	(void)arg;
	CHILD_CHECK(fill_events(&last) == OBJ_LIMIT);
	CHILD_CHECK(last == ZX_ERR_NO_RESOURCES);
	return 0;
}

static int run_as(uid_t uid, int (*fn)(struct proc *p, void *arg))
{
	struct proc p;

	if (proc_start(&p, uid, fn, NULL))
		return -1;
	close(p.to_child[1]);
	close(p.from_child[0]);
	return zx_test_wait_child(p.pid);
}

TEST_F(quota, objects_per_user)
{
	struct proc p;
	zx_handle_t h[OBJ_LIMIT + 1];

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("max_objects_per_user", OBJ_LIMIT));
	ASSERT_EQ(0, proc_start(&p, HOSTILE_UID, hostile_objects, NULL));
	ASSERT_EQ('f', proc_wait_point(&p));

	EXPECT_EQ(0, run_as(HOSTILE_UID, same_user_blocked));
	EXPECT_EQ(0, run_as(OTHER_UID, other_user_works));
	/* Root's processes are a user too, with their own count. */
	for (int i = 0; i <= OBJ_LIMIT / 2; i++)
		ASSERT_EQ(ZX_OK, zx_event_create(0, &h[i]));
	for (int i = 0; i <= OBJ_LIMIT / 2; i++)
		zx_handle_close(h[i]);

	EXPECT_EQ(0, proc_finish(&p));
	/* The user's objects went with its process: the quota is free. */
	EXPECT_EQ(0, run_as(HOSTILE_UID, other_user_works));
}

/* ------------------------------------------------------ queued bytes */

#define BYTES_LIMIT	(1L << 20)

static uint8_t msg[MSG_SIZE];

/* Writes MSG_SIZE messages into @h until the first failure. */
static int fill_channel(zx_handle_t h, zx_status_t *last)
{
	int n = 0;

	for (;;) {
		*last = zx_channel_write(h, 0, msg, sizeof(msg), NULL, 0);
		if (*last != ZX_OK)
			return n;
		n++;
	}
}

static int hostile_bytes(struct proc *p, void *arg)
{
	zx_handle_t a, b, ev;
	uint32_t nb, nh;
	zx_status_t last;
	int n;

	(void)arg;
	CHILD_CHECK(zx_channel_create(0, &a, &b) == ZX_OK);
	n = fill_channel(a, &last);
	/*
	 * One reader that never reads gets at most half the quota: 8
	 * messages of 64 KiB and their headers are more than half of 1 MiB.
	 */
	CHILD_CHECK(last == ZX_ERR_SHOULD_WAIT);
	CHILD_CHECK(n == 7);
	/* A failed write still consumes its handles. */
	CHILD_CHECK(zx_event_create(0, &ev) == ZX_OK);
	CHILD_CHECK(zx_channel_write(a, 0, msg, sizeof(msg), &ev, 1) ==
		    ZX_ERR_SHOULD_WAIT);
	CHILD_CHECK(zx_handle_close(ev) == ZX_ERR_BAD_HANDLE);
	CHILD_CHECK(proc_rendezvous(p, 'f') == 0);
	/* Reading gives the bytes back to the writer's user. */
	CHILD_CHECK(zx_channel_read(b, 0, msg, NULL, sizeof(msg), 0, &nb,
				    &nh) == ZX_OK);
	CHILD_CHECK(zx_channel_write(a, 0, msg, sizeof(msg), NULL, 0) ==
		    ZX_OK);
	CHILD_CHECK(zx_channel_write(a, 0, msg, sizeof(msg), NULL, 0) ==
		    ZX_ERR_SHOULD_WAIT);
	/* Closing the reader frees the rest. */
	CHILD_CHECK(zx_handle_close(b) == ZX_OK);
	CHILD_CHECK(zx_handle_close(a) == ZX_OK);
	CHILD_CHECK(zx_channel_create(0, &a, &b) == ZX_OK);
	CHILD_CHECK(fill_channel(a, &last) == 7);
	return 0;
}

static int other_user_writes(struct proc *p, void *arg)
{
	zx_handle_t a, b;
	zx_status_t last;

	(void)p;
	(void)arg;
	CHILD_CHECK(zx_channel_create(0, &a, &b) == ZX_OK);
	CHILD_CHECK(fill_channel(a, &last) == 7);
	CHILD_CHECK(last == ZX_ERR_SHOULD_WAIT);
	return 0;
}

TEST_F(quota, queued_bytes_per_user)
{
	zx_handle_t a, b;
	struct proc p;

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 BYTES_LIMIT));
	ASSERT_EQ(0, proc_start(&p, HOSTILE_UID, hostile_bytes, NULL));
	ASSERT_EQ('f', proc_wait_point(&p));
	EXPECT_EQ(0, run_as(OTHER_UID, other_user_writes));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	/* As much as one endpoint may take from a whole quota. */
	for (int i = 0; i < 7; i++)
		EXPECT_EQ(ZX_OK, zx_channel_write(a, 0, msg, sizeof(msg),
						  NULL, 0));
	zx_handle_close(a);
	zx_handle_close(b);
	EXPECT_EQ(0, proc_finish(&p));
}

/*
 * An endpoint keeps the buffer of the last large message read from it for
 * its next write (channel_msg.c): that spare stays charged to the memory
 * cgroup, but the quota counts only what is queued.
 */
TEST_F(quota, spare_buffers_are_not_queued_bytes)
{
	zx_handle_t a[32], b[32], c, d;
	uint32_t nb, nh;

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 BYTES_LIMIT));
	/* 64 spares of 64 KiB: four times the quota. */
	for (int i = 0; i < 32; i++) {
		ASSERT_EQ(ZX_OK, zx_channel_create(0, &a[i], &b[i]));
		ASSERT_EQ(ZX_OK, zx_channel_write(a[i], 0, msg, sizeof(msg),
						  NULL, 0));
		ASSERT_EQ(ZX_OK, zx_channel_read(b[i], 0, msg, NULL,
						 sizeof(msg), 0, &nb, &nh));
		ASSERT_EQ(ZX_OK, zx_channel_write(b[i], 0, msg, sizeof(msg),
						  NULL, 0));
		ASSERT_EQ(ZX_OK, zx_channel_read(a[i], 0, msg, NULL,
						 sizeof(msg), 0, &nb, &nh));
	}
	/* The whole quota is left: as in queued_bytes_per_user. */
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c, &d));
	for (int i = 0; i < 7; i++)
		EXPECT_EQ(ZX_OK, zx_channel_write(c, 0, msg, sizeof(msg),
						  NULL, 0));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_channel_write(c, 0, msg, sizeof(msg), NULL, 0));
	zx_handle_close(c);
	zx_handle_close(d);
	for (int i = 0; i < 32; i++) {
		zx_handle_close(a[i]);
		zx_handle_close(b[i]);
	}
}

/* ----------------------------------------------------- pending count */

#define PENDING_LIMIT	16

static int hostile_pending(struct proc *p, void *arg)
{
	zx_handle_t a, b;
	zx_status_t last;
	uint32_t nb, nh;
	int n = 0;

	(void)arg;
	CHILD_CHECK(zx_channel_create(0, &a, &b) == ZX_OK);
	for (;;) {
		last = zx_channel_write(a, 0, "x", 1, NULL, 0);
		if (last != ZX_OK)
			break;
		n++;
	}
	CHILD_CHECK(last == ZX_ERR_SHOULD_WAIT);
	CHILD_CHECK(n == PENDING_LIMIT);
	CHILD_CHECK(proc_rendezvous(p, 'f') == 0);
	CHILD_CHECK(zx_channel_read(b, 0, msg, NULL, sizeof(msg), 0, &nb,
				    &nh) == ZX_OK);
	CHILD_CHECK(zx_channel_write(a, 0, "x", 1, NULL, 0) == ZX_OK);
	return 0;
}

TEST_F(quota, pending_messages_per_endpoint)
{
	zx_handle_t a, b, c, d;
	struct proc p;

	ZX_TEST_SKIPPED_IN_SETUP();
	ASSERT_EQ(0, zx_test_write_param("channel_max_pending",
					 PENDING_LIMIT));
	/* Same user even: the limit is the endpoint's. */
	ASSERT_EQ(0, proc_start(&p, 0, hostile_pending, NULL));
	ASSERT_EQ('f', proc_wait_point(&p));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c, &d));
	for (int i = 0; i < PENDING_LIMIT; i++) {
		EXPECT_EQ(ZX_OK, zx_channel_write(a, 0, "y", 1, NULL, 0));
		EXPECT_EQ(ZX_OK, zx_channel_write(d, 0, "z", 1, NULL, 0));
	}
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_channel_write(a, 0, "y", 1, NULL, 0));
	zx_handle_close(a);
	zx_handle_close(b);
	zx_handle_close(c);
	zx_handle_close(d);
	EXPECT_EQ(0, proc_finish(&p));
}

/* ------------------------------------------------------ memory cgroup */

#define CG_ROOT	"/sys/fs/cgroup"
#define CG_DIR	CG_ROOT "/zx-quota-test"
#define CG_MAX	"16777216"

/* Creates the cgroup; a reason to skip, or NULL. */
static const char *cgroup_make(void)
{
	struct stat st;

	if (stat(CG_ROOT "/cgroup.subtree_control", &st) != 0)
		return "no cgroup2 hierarchy at " CG_ROOT;
	if (zx_test_write_file(CG_ROOT "/cgroup.subtree_control", "+memory") != 0)
		return "cannot enable the memory controller";
	rmdir(CG_DIR);
	if (mkdir(CG_DIR, 0755) != 0 ||
	    zx_test_write_file(CG_DIR "/memory.max", CG_MAX) != 0)
		return "cannot make a memory cgroup";
	zx_test_write_file(CG_DIR "/memory.swap.max", "0");
	return NULL;
}

/*
 * After fork() every page is shared copy-on-write with the parent, and
 * the first write to one in the cgroup, at its limit, would invoke the
 * cgroup's OOM killer: a fault in user space cannot fail softly.  So
 * the child makes each of its writable pages its own before joining
 * (and grows its stack first).
 */
static void __attribute__((noinline)) prefault_stack(void)
{
	volatile char buf[256 << 10];

	for (size_t i = 0; i < sizeof(buf); i += 1024)
		buf[i] = 0;
}

static void own_writable_pages(void)
{
	unsigned long lo, hi;
	char line[512], perm[8];
	FILE *f;

	prefault_stack();
	f = fopen("/proc/self/maps", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perm) != 3 ||
		    perm[0] != 'r' || perm[1] != 'w' || perm[3] != 'p')
			continue;
		for (unsigned long a = lo; a < hi; a += 4096) {
			volatile char *c = (volatile char *)a;

			*c = *c;
		}
	}
	fclose(f);
}

static int cgroup_join(void)
{
	char pid[32];

	own_writable_pages();
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	return zx_test_write_file(CG_DIR "/cgroup.procs", pid);
}

/* Room for every handle a 16 MiB cgroup could pay for, and more. */
#define MAX_HANDLES	262144
static zx_handle_t many[MAX_HANDLES];

static int cgroup_handles(struct proc *p, void *arg)
{
	zx_status_t last = ZX_OK;
	int n = 0;

	(void)arg;
	/* Touch the array first: its pages are charged outside. */
	memset(many, 0, sizeof(many));
	CHILD_CHECK(cgroup_join() == 0);
	while (n < MAX_HANDLES) {
		last = zx_event_create(0, &many[n]);
		if (last != ZX_OK)
			break;
		n++;
	}
	fprintf(stderr, "# cgroup child: %d events before %s\n", n,
		zx_status_get_string(last));
	CHILD_CHECK(last == ZX_ERR_NO_MEMORY);
	CHILD_CHECK(n > 1000 && n < MAX_HANDLES);
	/*
	 * Still alive, still consistent; closing gives the memory back.
	 * (Some room is needed for the pipe write of the rendezvous: at the
	 * limit, that would invoke the cgroup's OOM killer.)
	 */
	for (int i = 0; i < 1000; i++)
		CHILD_CHECK(zx_handle_close(many[--n]) == ZX_OK);
	CHILD_CHECK(proc_rendezvous(p, 'f') == 0);
	for (int i = 0; i < n; i++)
		CHILD_CHECK(zx_handle_close(many[i]) == ZX_OK);
	CHILD_CHECK(zx_event_create(0, &many[0]) == ZX_OK);
	CHILD_CHECK(zx_handle_close(many[0]) == ZX_OK);
	return 0;
}

static int cgroup_messages(struct proc *p, void *arg)
{
	zx_handle_t a, b;
	zx_status_t last;
	uint32_t nb, nh;
	int n;

	(void)arg;
	CHILD_CHECK(zx_channel_create(0, &a, &b) == ZX_OK);
	memset(msg, 0x5a, sizeof(msg));
	CHILD_CHECK(cgroup_join() == 0);
	n = fill_channel(a, &last);
	fprintf(stderr, "# cgroup child: %d messages of 64 KiB before %s\n",
		n, zx_status_get_string(last));
	CHILD_CHECK(last == ZX_ERR_NO_MEMORY);
	CHILD_CHECK(n > 16 && n < 256);	/* 16 MiB is 256 of them */
	/* What was queued is intact; reading (1 MiB of it) makes room. */
	for (int i = 0; i < 16; i++) {
		memset(msg, 0, sizeof(msg));
		CHILD_CHECK(zx_channel_read(b, 0, msg, NULL, sizeof(msg), 0,
					    &nb, &nh) == ZX_OK);
		CHILD_CHECK(nb == sizeof(msg) && msg[0] == 0x5a &&
			    msg[sizeof(msg) - 1] == 0x5a);
	}
	CHILD_CHECK(proc_rendezvous(p, 'f') == 0);
	CHILD_CHECK(zx_channel_write(a, 0, msg, sizeof(msg), NULL, 0) ==
		    ZX_OK);
	return 0;
}

/* While the child is at its limit, this process is not. */
static void outside_works(struct __test_metadata *_metadata)
{
	zx_handle_t a, b, ev[64];

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	for (int i = 0; i < 64; i++) {
		ASSERT_EQ(ZX_OK, zx_event_create(0, &ev[i]));
		ASSERT_EQ(ZX_OK, zx_channel_write(a, 0, msg, sizeof(msg),
						  NULL, 0));
	}
	for (int i = 0; i < 64; i++)
		zx_handle_close(ev[i]);
	zx_handle_close(a);
	zx_handle_close(b);
}

static void cgroup_case(struct __test_metadata *_metadata,
			int (*fn)(struct proc *p, void *arg))
{
	const char *why = cgroup_make();
	struct proc p;

	if (why) {
		SKIP(return, "%s", why);
	}
	/* Lift the quotas: the cgroup is what must run out. */
	ASSERT_EQ(0, zx_test_write_param("max_objects_per_user", 1L << 30));
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 1L << 40));
	ASSERT_EQ(0, proc_start(&p, 0, fn, NULL));
	EXPECT_EQ('f', proc_wait_point(&p));
	outside_works(_metadata);
	EXPECT_EQ(0, proc_finish(&p));
	EXPECT_EQ(0, rmdir(CG_DIR));
}

TEST_F(quota, memory_cgroup_handles)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	cgroup_case(_metadata, cgroup_handles);
}

TEST_F(quota, memory_cgroup_messages)
{
	ZX_TEST_SKIPPED_IN_SETUP();
	cgroup_case(_metadata, cgroup_messages);
}

ZX_TEST_MAIN(NULL, NULL)
