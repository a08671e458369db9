// SPDX-License-Identifier: GPL-2.0
/*
 * Inspection: /proc/PID/fdinfo of /dev/zircon (owner, one line per handle
 * with koid, type, rights, related koid, VMO sizes and channel depths, the
 * counts per type, the fdinfo_max_handles cap) and of bridge descriptors,
 * who may read it (ptrace rules), the zx-ps tool's listing of known
 * objects, the open_tables counter, the debugfs counters and the
 * device's fixed misc minor.
 */
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "zx_test_util.h"

/* The whole fdinfo of @fd of process @pid; NULL if unreadable. */
static char *fdinfo(pid_t pid, int fd)
{
	static char buf[65536];
	char path[64];
	ssize_t n;
	int f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0)
		return NULL;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return buf;
}

/* Whether @text has a line starting with the formatted string. */
static bool __attribute__((format(printf, 2, 3)))
has_line(const char *text, const char *fmt, ...)
{
	char want[256];
	const char *p = text;
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	n = strlen(want);
	while (p && *p) {
		if (!strncmp(p, want, n))
			return true;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static long count_lines(const char *text, const char *prefix)
{
	const char *p = text;
	long n = 0;

	while (p && *p) {
		if (!strncmp(p, prefix, strlen(prefix)))
			n++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return n;
}

/* A channel pair with two messages queued at [1], a VMO of three pages with
 * one written, an event: the objects every listing test looks for. */
struct objs {
	zx_handle_t ch[2], vmo, ev;
	zx_koid_t ch_koid[2], vmo_koid, ev_koid;
	uint64_t committed;
};

static void make_objs(struct __test_metadata *_metadata, struct objs *o)
{
	char byte = 1;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &o->ch[0], &o->ch[1]));
	ASSERT_EQ(ZX_OK, zx_channel_write(o->ch[0], 0, "one", 3, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_channel_write(o->ch[0], 0, "two", 3, NULL, 0));
	o->vmo = zx_test_vmo(3 * 4096, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, o->vmo);
	ASSERT_EQ(ZX_OK, zx_vmo_write(o->vmo, &byte, 4096, 1));
	o->ev = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, o->ev);
	o->ch_koid[0] = zx_test_koid(o->ch[0]);
	o->ch_koid[1] = zx_test_koid(o->ch[1]);
	o->vmo_koid = zx_test_koid(o->vmo);
	o->ev_koid = zx_test_koid(o->ev);
	o->committed = zx_test_vmo_info(o->vmo).committed_bytes;
}

TEST(fdinfo_lists_every_handle)
{
	struct objs o;
	const char *t;
	int fd = zx_linux_device_fd();

	make_objs(_metadata, &o);
	ASSERT_GE(fd, 0);
	t = fdinfo(getpid(), fd);
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(has_line(t, "zx-owner-pid:\t%d\n", (int)getpid()));
	EXPECT_TRUE(has_line(t, "zx-owner-uid:\t%u\n", (unsigned int)getuid()));
	EXPECT_TRUE(has_line(t, "zx-handle:\t%#x koid=%llu type=channel rights=%#x related=%llu messages=0\n",
			     o.ch[0], (unsigned long long)o.ch_koid[0],
			     zx_test_rights(o.ch[0]),
			     (unsigned long long)o.ch_koid[1]));
	EXPECT_TRUE(has_line(t, "zx-handle:\t%#x koid=%llu type=channel rights=%#x related=%llu messages=2\n",
			     o.ch[1], (unsigned long long)o.ch_koid[1],
			     zx_test_rights(o.ch[1]),
			     (unsigned long long)o.ch_koid[0]));
	EXPECT_GT(o.committed, 0ULL);
	EXPECT_TRUE(has_line(t, "zx-handle:\t%#x koid=%llu type=vmo rights=%#x related=0 size=12288 committed=%llu\n",
			     o.vmo, (unsigned long long)o.vmo_koid,
			     zx_test_rights(o.vmo),
			     (unsigned long long)o.committed));
	EXPECT_TRUE(has_line(t, "zx-handle:\t%#x koid=%llu type=event rights=%#x related=0\n",
			     o.ev, (unsigned long long)o.ev_koid,
			     zx_test_rights(o.ev)));
	/* A forked test starts with an empty table: these four only. */
	EXPECT_EQ(4, count_lines(t, "zx-handle:\t"));
	EXPECT_TRUE(has_line(t, "zx-handles:\t4\n"));
	EXPECT_TRUE(has_line(t, "zx-handles-unlisted:\t0\n"));
	EXPECT_TRUE(has_line(t, "zx-objects:\tvmo=1 channel=2 event=1\n"));

	/* A closed handle leaves the listing and the counts. */
	EXPECT_EQ(ZX_OK, zx_handle_close(o.ev));
	t = fdinfo(getpid(), fd);
	ASSERT_NE(NULL, t);
	EXPECT_EQ(NULL, strstr(t, "type=event"));
	EXPECT_TRUE(has_line(t, "zx-handles:\t3\n"));
	EXPECT_TRUE(has_line(t, "zx-objects:\tvmo=1 channel=2\n"));
	/* A message read leaves the depth. */
	EXPECT_EQ(ZX_OK, zx_channel_read(o.ch[1], 0, (char[8]){ 0 }, NULL, 8,
					 0, NULL, NULL));
	t = fdinfo(getpid(), fd);
	EXPECT_NE(NULL, strstr(t, "messages=1\n"));
}

TEST(fdinfo_caps_the_listing)
{
	long old = zx_test_read_param("fdinfo_max_handles");
	zx_handle_t h[5];
	const char *t;
	int fd = zx_linux_device_fd();

	if (old < 0)
		SKIP(return, "no fdinfo_max_handles parameter");
	ASSERT_GE(fd, 0);
	for (int i = 0; i < 5; i++)
		ASSERT_EQ(ZX_OK, zx_event_create(0, &h[i]));
	ASSERT_EQ(0, zx_test_write_param("fdinfo_max_handles", 2));
	t = fdinfo(getpid(), fd);
	zx_test_write_param("fdinfo_max_handles", old);
	ASSERT_NE(NULL, t);
	EXPECT_EQ(2, count_lines(t, "zx-handle:\t"));
	EXPECT_TRUE(has_line(t, "zx-handles:\t5\n"));
	EXPECT_TRUE(has_line(t, "zx-handles-unlisted:\t3\n"));
	EXPECT_TRUE(has_line(t, "zx-objects:\tevent=5\n"));
	for (int i = 0; i < 5; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));
}

TEST(fdinfo_of_bridge_descriptor)
{
	zx_handle_t a, b, back;
	zx_koid_t ka, kb;
	zx_rights_t ra;
	const char *t;
	int fd, copy;

	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	ka = zx_test_koid(a);
	kb = zx_test_koid(b);
	ra = zx_test_rights(a);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(a, 0, &fd));
	t = fdinfo(getpid(), fd);
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(has_line(t, "zx-koid:\t%llu\n", (unsigned long long)ka));
	EXPECT_TRUE(has_line(t, "zx-type:\teventpair\n"));
	EXPECT_TRUE(has_line(t, "zx-rights:\t%#x\n", ra));
	EXPECT_TRUE(has_line(t, "zx-related-koid:\t%llu\n",
			     (unsigned long long)kb));
	/* Taken out (libzx closes @fd): a copy says so and holds nothing. */
	copy = dup(fd);
	ASSERT_GE(copy, 0);
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	EXPECT_EQ(ka, zx_test_koid(back));
	t = fdinfo(getpid(), copy);
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(has_line(t, "zx-koid:\t0\n"));
	EXPECT_TRUE(has_line(t, "zx-taken:\t1\n"));
	close(copy);
	EXPECT_EQ(ZX_OK, zx_handle_close(back));
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
}

struct peek {
	pid_t pid;
	int fd;
};

struct churn {
	int stop;
	int bridge;	/* a copy of a bridge descriptor the churn refills */
	long rounds;
};

/* Makes and closes handles, and takes objects in and out of a bridge. */
static void *churn_main(void *arg)
{
	struct churn *c = arg;
	zx_handle_t ch[2], v, e, back;
	int fd;

	while (!__atomic_load_n(&c->stop, __ATOMIC_SEQ_CST)) {
		if (zx_channel_create(0, &ch[0], &ch[1]) == ZX_OK) {
			zx_channel_write(ch[0], 0, "x", 1, NULL, 0);
			zx_handle_close(ch[0]);
			zx_handle_close(ch[1]);
		}
		if (zx_vmo_create(4096, 0, &v) == ZX_OK)
			zx_handle_close(v);
		if (zx_event_create(0, &e) == ZX_OK &&
		    zx_linux_handle_to_fd(e, 0, &fd) == ZX_OK) {
			dup2(fd, c->bridge);
			if (zx_linux_fd_to_handle(fd, &back) == ZX_OK)
				zx_handle_close(back);
		}
		c->rounds++;
	}
	return NULL;
}

/* fdinfo read over and over while the table and a bridge change. */
TEST(fdinfo_races_handle_churn)
{
	struct churn c = { .stop = 0, .rounds = 0 };
	int dev = zx_linux_device_fd();
	pthread_t th;
	long reads = 0;
	int64_t end;

	ASSERT_GE(dev, 0);
	c.bridge = dup(dev);
	ASSERT_GE(c.bridge, 0);
	ASSERT_EQ(0, pthread_create(&th, NULL, churn_main, &c));
	end = zx_test_now() + ZX_TEST_MS(1500);
	while (zx_test_now() < end) {
		EXPECT_NE(NULL, fdinfo(getpid(), dev));
		fdinfo(getpid(), c.bridge);
		reads++;
	}
	__atomic_store_n(&c.stop, 1, __ATOMIC_SEQ_CST);
	pthread_join(th, NULL);
	close(c.bridge);
	TH_LOG("%ld fdinfo reads during %ld rounds of churn", reads, c.rounds);
	EXPECT_GT(reads, 0);
	EXPECT_GT(c.rounds, 0);
}

/* As nobody: the root parent's fdinfo must stay closed (ptrace rules). */
static int peek_as_nobody(void *arg)
{
	struct peek *p = arg;
	char path[64];
	int f;

	CHILD_CHECK(zx_test_become(65534) == 0);
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)p->pid, p->fd);
	f = open(path, O_RDONLY);
	CHILD_CHECK(f < 0 && errno == EACCES);
	return 0;
}

TEST(fdinfo_only_for_ptracers)
{
	struct peek p = { getpid(), zx_linux_device_fd() };

	if (geteuid() != 0)
		SKIP(return, "needs root to drop to another user");
	ASSERT_GE(p.fd, 0);
	EXPECT_EQ(0, zx_test_in_child(peek_as_nobody, &p));
}

/* The zx-ps binary: $ZX_PS, next to the test in the VM, or in the tree. */
static const char *zx_ps_path(void)
{
	static const char *const where[] = {
		"/opt/zircon/bin/zx-ps", "../libzx/tools/zx-ps",
		"libzx/tools/zx-ps",
	};
	const char *env = getenv("ZX_PS");

	if (env && !access(env, X_OK))
		return env;
	for (size_t i = 0; i < ARRAY_SIZE(where); i++)
		if (!access(where[i], X_OK))
			return where[i];
	return NULL;
}

/* Runs zx-ps with @args; its output in a static buffer, status in *rc. */
static char *run_zx_ps(const char *args, int *rc)
{
	static char out[65536];
	char cmd[512];
	size_t n = 0, r;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", zx_ps_path(), args);
	f = popen(cmd, "r");
	if (!f)
		return NULL;
	while (n < sizeof(out) - 1 &&
	       (r = fread(out + n, 1, sizeof(out) - 1 - n, f)) > 0)
		n += r;
	out[n] = '\0';
	*rc = pclose(f);
	return out;
}

TEST(zx_ps_lists_known_objects)
{
	char args[64], want[256];
	struct objs o;
	zx_handle_t a, b;
	zx_koid_t ka;
	const char *out;
	int fd, rc = -1;

	if (!zx_ps_path())
		SKIP(return, "no zx-ps binary");
	make_objs(_metadata, &o);
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	ka = zx_test_koid(a);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(a, 0, &fd));
	snprintf(args, sizeof(args), "-p %d", (int)getpid());
	out = run_zx_ps(args, &rc);
	ASSERT_NE(NULL, out);
	TH_LOG("zx-ps %s:\n%s", args, out);
	EXPECT_EQ(0, rc);
	/* The table line: pid, uid, the handle count and the type counts. */
	snprintf(want, sizeof(want), "%-7d %-6u ", (int)getpid(),
		 (unsigned int)getuid());
	EXPECT_NE(NULL, strstr(out, want));
	EXPECT_NE(NULL, strstr(out, "5 handles  vmo=1 channel=2 event=1 eventpair=1"));
	/* One row per handle: koid, type, rights, related koid, details. */
	snprintf(want, sizeof(want), "%#010x  %-8llu %-10s %#010x  %-8llu messages=2",
		 o.ch[1], (unsigned long long)o.ch_koid[1], "channel",
		 zx_test_rights(o.ch[1]), (unsigned long long)o.ch_koid[0]);
	EXPECT_NE(NULL, strstr(out, want));
	snprintf(want, sizeof(want), "%#010x  %-8llu %-10s %#010x  %-8llu size=12288 committed=%llu",
		 o.vmo, (unsigned long long)o.vmo_koid, "vmo",
		 zx_test_rights(o.vmo), 0ULL,
		 (unsigned long long)o.committed);
	EXPECT_NE(NULL, strstr(out, want));
	snprintf(want, sizeof(want), "%#010x  %-8llu %-10s", o.ev,
		 (unsigned long long)o.ev_koid, "event");
	EXPECT_NE(NULL, strstr(out, want));
	/* The bridge descriptor, with its object. */
	snprintf(want, sizeof(want), "fd %-4d bridge: koid=%llu type=eventpair",
		 fd, (unsigned long long)ka);
	EXPECT_NE(NULL, strstr(out, want));
	EXPECT_NE(NULL, strstr(out, "1 processes, 5 handles"));

	/* Without -p it finds this process among all. */
	out = run_zx_ps("-q", &rc);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(0, rc);
	snprintf(want, sizeof(want), "\n%-7d ", (int)getpid());
	EXPECT_NE(NULL, strstr(out, want));
	close(fd);
	zx_handle_close(b);
}

/* As nobody, zx-ps may not look into root's process. */
static int zx_ps_as_nobody(void *arg)
{
	char args[32];
	const char *out;
	int rc = 0;

	CHILD_CHECK(zx_test_become(65534) == 0);
	snprintf(args, sizeof(args), "-p %d", *(pid_t *)arg);
	out = run_zx_ps(args, &rc);
	CHILD_CHECK(out != NULL);
	CHILD_CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1);
	CHILD_CHECK(strstr(out, "not allowed to inspect") != NULL);
	CHILD_CHECK(strstr(out, "0 processes, 0 handles, 1 processes not inspectable") != NULL);
	return 0;
}

TEST(zx_ps_respects_ptrace_rules)
{
	pid_t self = getpid();
	zx_handle_t ev = zx_test_event();

	if (!zx_ps_path())
		SKIP(return, "no zx-ps binary");
	if (geteuid() != 0)
		SKIP(return, "needs root to drop to another user");
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	EXPECT_EQ(0, zx_test_in_child(zx_ps_as_nobody, &self));
	zx_handle_close(ev);
}

TEST(open_tables_counts_descriptors)
{
	long before = zx_test_read_param("open_tables");
	int fd;

	ASSERT_GE(before, 0);
	fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	EXPECT_EQ(before + 1, zx_test_read_param("open_tables"));
	close(fd);
	EXPECT_EQ(before, zx_test_read_param("open_tables"));
}

TEST(debugfs_counters)
{
	long created, alive, bridges, tables;
	zx_handle_t e[2], a, b;
	int fd;

	tables = zx_test_counter("tables_open");
	if (tables < 0)
		SKIP(return, "no %s", ZX_TEST_COUNTERS);
	EXPECT_EQ(zx_test_read_param("open_tables"), tables);
	EXPECT_LE(0, zx_test_counter("gc.passes"));
	EXPECT_LE(0, zx_test_counter("gc.holders_seen"));
	EXPECT_LE(0, zx_test_counter("gc.messages_seen"));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &e[0]));
	created = zx_test_counter("created.event");
	alive = zx_test_counter("alive.event");
	bridges = zx_test_counter("bridges_open");
	ASSERT_GE(created, 1);
	ASSERT_EQ(ZX_OK, zx_event_create(0, &e[1]));
	EXPECT_EQ(created + 1, zx_test_counter("created.event"));
	EXPECT_EQ(alive + 1, zx_test_counter("alive.event"));
	EXPECT_EQ(ZX_OK, zx_handle_close(e[1]));
	EXPECT_EQ(alive, zx_test_counter("alive.event"));
	EXPECT_EQ(created + 1, zx_test_counter("created.event"));
	ASSERT_EQ(ZX_OK, zx_eventpair_create(0, &a, &b));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(a, 0, &fd));
	EXPECT_EQ(bridges + 1, zx_test_counter("bridges_open"));
	close(fd);
	EXPECT_EQ(bridges, zx_test_counter("bridges_open"));
	zx_handle_close(b);
	zx_handle_close(e[0]);
}

/* The fixed minor that lets modules.devname create the node at boot. */
TEST(device_has_fixed_misc_minor)
{
	struct stat st;

	ASSERT_EQ(0, stat(ZX_TEST_DEVICE, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(10u, major(st.st_rdev));
	EXPECT_EQ(249u, minor(st.st_rdev));
}

ZX_TEST_MAIN(NULL, NULL)
