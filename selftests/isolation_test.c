// SPDX-License-Identifier: GPL-2.0
/*
 * Process isolation: every process has its own handle table.  A forked
 * child starts empty, cannot reach its parent's handles (not through libzx,
 * not through an inherited or received /dev/zircon descriptor, not
 * through /proc, not by guessing handle values), a mapping never grants
 * more than the handle it was made with, a process's handles close when it
 * exits, and all of it holds the same for an unprivileged user inside a
 * user namespace.
 */
#include <grp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

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

/* ---------------------------------------------------- guessing values */

#define GUESS_EVENTS	64
#define GUESS_RANDOM	(1u << 16)

static zx_handle_t parent_values[GUESS_EVENTS];
static zx_koid_t parent_koids[GUESS_EVENTS];

static bool koid_in(zx_koid_t k, const zx_koid_t *set, int n)
{
	for (int i = 0; i < n; i++)
		if (set[i] == k)
			return true;
	return false;
}

/* A guessed value names nothing, or one of this process's own objects. */
static int guess(zx_handle_t v, const zx_koid_t *mine, int *found)
{
	zx_info_handle_basic_t info;

	if (zx_object_get_info(v, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
			       NULL, NULL) != ZX_OK)
		return 0;
	CHILD_CHECK(!koid_in(info.koid, parent_koids, GUESS_EVENTS));
	CHILD_CHECK(koid_in(info.koid, mine, GUESS_EVENTS));
	(*found)++;
	return 0;
}

/*
 * A process that knows another's handle values exactly, or tries values
 * near them, or random ones, reaches only its own objects.
 */
static int child_guesses(void *arg)
{
	zx_koid_t mine[GUESS_EVENTS];
	zx_handle_t h;
	int found = 0;

	(void)arg;
	for (int i = 0; i < GUESS_EVENTS; i++) {
		CHILD_CHECK(zx_event_create(0, &h) == ZX_OK);
		mine[i] = zx_test_koid(h);
	}
	for (int i = 0; i < GUESS_EVENTS; i++) {
		for (int d = -8; d <= 8; d++) {
			CHILD_CHECK(guess(parent_values[i] + (zx_handle_t)d,
					  mine, &found) == 0);
		}
	}
	srandom(1);
	for (uint32_t n = 0; n < GUESS_RANDOM; n++) {
		zx_handle_t v = ((uint32_t)random() << 2) | 3;

		CHILD_CHECK(guess(v, mine, &found) == 0);
	}
	fprintf(stderr, "# %d guesses named one of the child's own objects\n",
		found);
	return 0;
}

TEST(guessed_handle_values_reach_only_own_objects)
{
	zx_handle_t h[GUESS_EVENTS];

	for (int i = 0; i < GUESS_EVENTS; i++) {
		h[i] = zx_test_event();
		ASSERT_NE(ZX_HANDLE_INVALID, h[i]);
		parent_values[i] = h[i];
		parent_koids[i] = zx_test_koid(h[i]);
	}
	EXPECT_EQ(0, zx_test_in_child(child_guesses, NULL));
	for (int i = 0; i < GUESS_EVENTS; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));
}

/* --------------------------------------------------------------- /proc */

struct proc_arg {
	pid_t parent;
	int dev;		/* the parent's table descriptor number */
	zx_handle_t h;		/* a handle in the parent's table */
};

/*
 * Opening the parent's descriptor through /proc opens the device anew: a
 * new, empty table, in which the parent's handle value names nothing.
 */
static int child_reopens_through_proc(void *arg)
{
	struct proc_arg *a = arg;
	struct zx_ioc_object_get_info gi = {
		.handle = a->h, .topic = ZX_INFO_HANDLE_VALID,
		.count_size = sizeof(size_t),
	};
	char path[64];
	int fd, r;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", a->parent, a->dev);
	fd = open(path, O_RDWR | O_CLOEXEC);
	CHILD_CHECK(fd >= 0);
	r = ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi);
	CHILD_CHECK(r == -ZX_ERR_BAD_HANDLE);
	close(fd);
	return 0;
}

/*
 * pidfd_getfd() takes the parent's very descriptor (as SCM_RIGHTS would):
 * the table refuses every request from this process.
 */
static int child_takes_fd_with_pidfd(void *arg)
{
	struct proc_arg *a = arg;
	int pidfd, fd;

	pidfd = (int)syscall(SYS_pidfd_open, a->parent, 0);
	if (pidfd < 0 && errno == ENOSYS)
		return 4;
	CHILD_CHECK(pidfd >= 0);
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, a->dev, 0);
	if (fd < 0 && errno == ENOSYS)
		return 4;
	if (fd < 0 && errno == EPERM) {
		/* Not even the descriptor (Yama, or no ptrace access). */
		close(pidfd);
		return 0;
	}
	CHILD_CHECK(fd >= 0);
	CHILD_CHECK(raw_ioctls_refused(fd, a->h) == 0);
	close(fd);
	close(pidfd);
	return 0;
}

TEST(parent_table_unreachable_through_proc)
{
	struct proc_arg a = { .parent = getpid() };
	int rc;

	a.dev = zx_linux_device_fd();
	ASSERT_GE(a.dev, 0);
	a.h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, a.h);
	EXPECT_EQ(0, zx_test_in_child(child_reopens_through_proc, &a));
	rc = zx_test_in_child(child_takes_fd_with_pidfd, &a);
	if (rc == 4) {
		TH_LOG("no pidfd_getfd(): that part skipped");
	} else {
		EXPECT_EQ(0, rc);
	}
	/* The parent's table did not notice. */
	EXPECT_EQ(0u, zx_test_signals(a.h));
	EXPECT_EQ(ZX_OK, zx_handle_close(a.h));
}

/* A VMO mapped through a handle without WRITE, and a reference copy. */
struct ro_map {
	zx_handle_t vmo;	/* full rights, to check the contents */
	zx_handle_t ro;		/* READ | MAP only */
	zx_vaddr_t addr;
	size_t len;
};

static void ro_map_make(struct __test_metadata *_metadata, struct ro_map *m)
{
	static const char text[] = "original";

	m->len = 2 * 4096;
	m->vmo = zx_test_vmo(m->len, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, m->vmo);
	ASSERT_EQ(ZX_OK, zx_vmo_write(m->vmo, text, 0, sizeof(text)));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(m->vmo, ZX_RIGHT_READ |
					     ZX_RIGHT_MAP, &m->ro));
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
				     m->ro, 0, m->len, &m->addr));
	ASSERT_EQ(0, memcmp((void *)m->addr, text, sizeof(text)));
}

static bool ro_map_untouched(struct ro_map *m)
{
	char buf[16] = { 0 };

	return zx_vmo_read(m->vmo, buf, 0, 9) == ZX_OK &&
	       memcmp(buf, "original", 9) == 0 &&
	       memcmp((void *)m->addr, "original", 9) == 0;
}

static void ro_map_done(struct ro_map *m)
{
	zx_vmar_unmap(zx_vmar_root_self(), m->addr, m->len);
	zx_handle_close(m->ro);
	zx_handle_close(m->vmo);
}

/* /proc/self/mem writes even to read-only private memory; not to this. */
TEST(proc_mem_cannot_write_through_readonly_mapping)
{
	struct ro_map m;
	ssize_t n;
	int fd;

	ro_map_make(_metadata, &m);
	fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	n = pwrite(fd, "CHANGED!", 8, (off_t)m.addr);
	EXPECT_EQ(-1, n);
	EXPECT_TRUE(ro_map_untouched(&m));
	close(fd);
	ro_map_done(&m);
}

static int scribble(void *p)
{
	memcpy(p, "CHANGED!", 8);
	return 0;
}

/*
 * /proc/self/map_files/ opens the file behind a mapping (root only).
 * Whatever it yields, a writable mapping of it does not reach the VMO.
 */
TEST(map_files_cannot_widen_rights)
{
	struct ro_map m;
	char path[96];
	int fd, rc;
	void *p;

	ro_map_make(_metadata, &m);
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx",
		 (unsigned long)m.addr, (unsigned long)(m.addr + m.len));
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		TH_LOG("%s: %s (refused)", path, strerror(errno));
	} else {
		p = mmap(NULL, m.len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0);
		if (p == MAP_FAILED) {
			TH_LOG("mmap of %s: %s (refused)", path,
			       strerror(errno));
		} else {
			/* Writes there fault (SIGBUS) or land elsewhere. */
			rc = zx_test_in_child(scribble, p);
			EXPECT_TRUE(rc == 0 || rc == 128 + SIGBUS) {
				TH_LOG("writer exited %d", rc);
			}
			munmap(p, m.len);
		}
		/* It may write the file; the VMO is not that file. */
		if (pwrite(fd, "CHANGED!", 8, 0) == 8)
			TH_LOG("%s is writable, but is not the VMO", path);
		close(fd);
	}
	EXPECT_TRUE(ro_map_untouched(&m));
	ro_map_done(&m);
}

/* ----------------------------------------------------- user namespaces */

#define USERNS_UID	1000
#define USERNS_ENV	"ZX_TEST_IN_USERNS"

/* The programs run again, unprivileged, inside a user namespace. */
static const char *const userns_progs[] = {
	"handle_test", "event_test", "eventpair_test", "wait_test",
	"channel_test", "vmo_test", "cycle_test", "poison_test",
};

/* Becomes USERNS_UID, then root of a new user namespace over it. */
static int enter_userns(void)
{
	char map[64];

	if (setgroups(0, NULL) || setresgid(USERNS_UID, USERNS_UID,
					    USERNS_UID) ||
	    setresuid(USERNS_UID, USERNS_UID, USERNS_UID))
		return -1;
	/* Dropping root made /proc/self root's; make it ours again. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		return -1;
	if (unshare(CLONE_NEWUSER))
		return 1;
	snprintf(map, sizeof(map), "0 %d 1\n", USERNS_UID);
	if (zx_test_write_file("/proc/self/setgroups", "deny") ||
	    zx_test_write_file("/proc/self/uid_map", map) ||
	    zx_test_write_file("/proc/self/gid_map", map))
		return -1;
	return 0;
}

struct userns_arg {
	char path[1024];
};

static int child_runs_in_userns(void *arg)
{
	struct userns_arg *a = arg;
	int rc = enter_userns();

	if (rc > 0)
		return 4;
	CHILD_CHECK(rc == 0);
	setenv(USERNS_ENV, "1", 1);
	execl(a->path, a->path, (char *)NULL);
	return 127;
}

/* A fixture only for its timeout: eight programs run in this one test. */
FIXTURE(userns) {
	int unused;
};

FIXTURE_SETUP(userns)
{
}

FIXTURE_TEARDOWN(userns)
{
}

TEST_F_TIMEOUT(userns, same_behaviour, 900)
{
	struct userns_arg a;
	char dir[256], *slash;
	ssize_t n;
	int rc;

	if (getenv(USERNS_ENV)) {
		SKIP(return, "already inside");
	}
	if (geteuid() != 0) {
		SKIP(return, "needs root to become uid %d", USERNS_UID);
	}
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	ASSERT_GT(n, 0);
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	ASSERT_NE(NULL, slash);
	*slash = '\0';
	for (size_t i = 0; i < sizeof(userns_progs) / sizeof(userns_progs[0]);
	     i++) {
		snprintf(a.path, sizeof(a.path), "%s/%s", dir,
			 userns_progs[i]);
		if (access(a.path, X_OK) != 0) {
			TH_LOG("%s not built: not run", a.path);
			continue;
		}
		rc = zx_test_in_child(child_runs_in_userns, &a);
		if (rc == 4 && i == 0) {
			SKIP(return, "no unprivileged user namespaces");
		}
		EXPECT_EQ(0, rc) {
			TH_LOG("%s in a user namespace", userns_progs[i]);
		}
	}
	/* And this program itself, as a user. */
	snprintf(a.path, sizeof(a.path), "%s/isolation_test", dir);
	EXPECT_EQ(0, zx_test_in_child(child_runs_in_userns, &a));
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
