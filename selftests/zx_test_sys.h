/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The selftests' helpers that need no test harness: time, handles, module
 * parameters and other sysfs/procfs numbers, processes, threads and file
 * descriptors.  Header-only (static inline).  zx_test_util.h includes it
 * for the kselftest_harness.h programs; a program with its own main() and
 * several source files (the fuzzer) includes this one instead.
 *
 * It installs a constructor that makes the program exit with the kselftest
 * skip code (4) when /dev/zircon does not exist, i.e. when the module is
 * not loaded.
 */
#ifndef ZX_TEST_SYS_H
#define ZX_TEST_SYS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest.h"

#include <zircon/linux.h>
#include <zircon/rights.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>
#include <zircon/types.h>

#define ZX_TEST_DEVICE		"/dev/zircon"
#define ZX_TEST_PARAMS		"/sys/module/zircon/parameters/"

/* ------------------------------------------------------------ skipping */

static void __attribute__((constructor)) zx_test_require_device(void)
{
	if (access(ZX_TEST_DEVICE, F_OK) != 0) {
		ksft_print_header();
		ksft_exit_skip("%s does not exist (zircon.ko not loaded)\n",
			       ZX_TEST_DEVICE);
	}
}

/* ---------------------------------------------------------------- time */

static inline int64_t zx_test_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline void zx_test_sleep_ms(int ms)
{
	struct timespec ts = {
		.tv_sec = ms / 1000,
		.tv_nsec = (long)(ms % 1000) * 1000000L,
	};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

#define ZX_TEST_MS(n)	((int64_t)(n) * 1000000LL)

/* ------------------------------------------------------------- handles */

static inline bool zx_test_valid(zx_handle_t h)
{
	return zx_object_get_info(h, ZX_INFO_HANDLE_VALID, NULL, 0, NULL,
				  NULL) == ZX_OK;
}

/* The handle's basic record; zeroed when the call fails. */
static inline zx_info_handle_basic_t zx_test_basic(zx_handle_t h)
{
	zx_info_handle_basic_t info;

	memset(&info, 0, sizeof(info));
	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info, sizeof(info),
			       NULL, NULL) != ZX_OK)
		memset(&info, 0, sizeof(info));
	return info;
}

static inline zx_koid_t zx_test_koid(zx_handle_t h)
{
	return zx_test_basic(h).koid;
}

static inline zx_rights_t zx_test_rights(zx_handle_t h)
{
	return zx_test_basic(h).rights;
}

/* Handles to h's object (needs ZX_RIGHT_INSPECT); UINT32_MAX on error. */
static inline uint32_t zx_test_handle_count(zx_handle_t h)
{
	zx_info_handle_count_t info = { 0 };

	if (zx_object_get_info(h, ZX_INFO_HANDLE_COUNT, &info, sizeof(info),
			       NULL, NULL) != ZX_OK)
		return UINT32_MAX;
	return info.handle_count;
}

/* The signals asserted on h's object now (a poll); ~0u on error. */
static inline zx_signals_t zx_test_signals(zx_handle_t h)
{
	zx_signals_t observed = 0;
	zx_status_t s;

	s = zx_object_wait_one(h, ZX_USER_SIGNAL_ALL | __ZX_OBJECT_SIGNAL_ALL,
			       0, &observed);
	if (s != ZX_OK && s != ZX_ERR_TIMED_OUT)
		return ~0u;
	return observed;
}

/* An event, or ZX_HANDLE_INVALID. */
static inline zx_handle_t zx_test_event(void)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_event_create(0, &h) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return h;
}

/* A VMO, or ZX_HANDLE_INVALID. */
static inline zx_handle_t zx_test_vmo(uint64_t size, uint32_t options)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_vmo_create(size, options, &h) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return h;
}

/* The VMO's ZX_INFO_VMO record; every byte 0xff when the call fails. */
static inline zx_info_vmo_t zx_test_vmo_info(zx_handle_t h)
{
	zx_info_vmo_t info;

	memset(&info, 0xff, sizeof(info));
	if (zx_object_get_info(h, ZX_INFO_VMO, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		memset(&info, 0xff, sizeof(info));
	return info;
}

/*
 * An address no process has mapped (page 0 stays unmapped:
 * vm.mmap_min_addr).  Every call must answer ZX_ERR_INVALID_ARGS for it.
 */
#define ZX_TEST_BAD_PTR		((void *)(uintptr_t)0x10)

/* A kernel address: user copies to or from it must fail cleanly. */
#define ZX_TEST_KERNEL_ADDR	0xffffffff81000000ULL

/* One read-only page (a valid address the module cannot write to). */
static inline void *zx_test_readonly_page(void)
{
	void *p = mmap(NULL, (size_t)getpagesize(), PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* -------------------------------------------------------- module state */

/*
 * Reads the file @path (its first 4 KiB) and returns the number that
 * follows the first occurrence of @key ("MemAvailable:", "oom_kill "), or
 * the number the file starts with when @key is NULL; -1 if the file cannot
 * be read or has no @key.
 */
static inline long zx_test_read_key(const char *path, const char *key)
{
	char buf[4096], *p = buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (key) {
		p = strstr(buf, key);
		if (!p)
			return -1;
		p += strlen(key);
	}
	return strtol(p, NULL, 10);
}

/* Reads a number from the file @path; -1 if it cannot be read. */
static inline long zx_test_read_long(const char *path)
{
	return zx_test_read_key(path, NULL);
}

/* Reads an unsigned module parameter; -1 if it cannot be read. */
static inline long zx_test_read_param(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), ZX_TEST_PARAMS "%s", name);
	return zx_test_read_long(path);
}

#define ZX_TEST_COUNTERS "/sys/kernel/debug/zircon/counters"

/*
 * The debugfs counter @name (Documentation/packaging.rst), mounting
 * debugfs if it is not yet; -1 if it cannot be read.
 */
static inline long zx_test_counter(const char *name)
{
	char key[64];

	if (access(ZX_TEST_COUNTERS, R_OK))
		mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	snprintf(key, sizeof(key), "\n%s ", name);
	return zx_test_read_key(ZX_TEST_COUNTERS, key);
}

/* The permissions ("rw-s") of the mapping holding @addr, or "". */
static inline const char *zx_test_perms_at(uintptr_t addr)
{
	static char perms[8];
	unsigned long lo, hi;
	char line[512];
	FILE *f;

	perms[0] = '\0';
	f = fopen("/proc/self/maps", "re");
	if (!f)
		return perms;
	while (fgets(line, sizeof(line), f)) {
		char p[8];

		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, p) == 3 &&
		    lo <= addr && addr < hi) {
			snprintf(perms, sizeof(perms), "%s", p);
			break;
		}
	}
	fclose(f);
	return perms;
}

/*
 * The bounds of the mapping /proc/self/maps names @name (e.g. "[stack]",
 * "[heap]") in *@lo and *@hi; false when there is none.
 */
static inline bool zx_test_named_mapping(const char *name, uintptr_t *lo,
					 uintptr_t *hi)
{
	unsigned long a, b;
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strstr(line, name) &&
		    sscanf(line, "%lx-%lx", &a, &b) == 2) {
			*lo = a;
			*hi = b;
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* Drops every privilege for @uid (groups, gid, uid); 0 or -1. */
static inline int zx_test_become(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		return -1;
	return 0;
}

/* Writes the string @s to the file @path in one write(); 0 or -1. */
static inline int zx_test_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static inline int zx_test_write_param(const char *name, long value)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), ZX_TEST_PARAMS "%s", name);
	snprintf(buf, sizeof(buf), "%ld\n", value);
	return zx_test_write_file(path, buf);
}

/* Kernel objects alive in all processes; -1 if the module lacks it. */
static inline long zx_test_live_objects(void)
{
	return zx_test_read_param("live_objects");
}

/*
 * The live objects once what earlier work left to be released later (a
 * process object of an exited child or test process, freed when Linux
 * reports the exit) is gone: the count has not moved for 200 ms, or 3 s
 * have passed.  A baseline taken without it may count objects that are
 * gone by the time it is compared.
 */
static inline long zx_test_live_objects_quiet(void)
{
	long v = zx_test_live_objects(), prev = v;
	int still = 0;

	for (int i = 0; i < 300 && still < 20 && v >= 0; i++) {
		zx_test_sleep_ms(10);
		v = zx_test_live_objects();
		still = v == prev ? still + 1 : 0;
		prev = v;
	}
	return v;
}

/*
 * Polls live_objects until it equals @expected or about @ms milliseconds
 * pass (freeing may lag a process exit); returns the last value read.
 */
static inline long zx_test_live_objects_settle(long expected, int ms)
{
	long v = zx_test_live_objects();

	for (int i = 0; i < ms / 10 && v != expected; i++) {
		zx_test_sleep_ms(10);
		v = zx_test_live_objects();
	}
	return v;
}

/* --------------------------------------------------- processes, threads */

static inline pid_t zx_test_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* The exit code of child @pid (128 + signal if it died of one). */
static inline int zx_test_wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/* Forks; the child runs fn(arg) and _exit()s with its return value. */
static inline pid_t zx_test_fork(int (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

/* Runs fn(arg) in a forked child; returns its exit code (0: passed). */
static inline int zx_test_in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = zx_test_fork(fn, arg);

	if (pid < 0)
		return -1;
	return zx_test_wait_child(pid);
}

/*
 * A forked child that runs one step each time the parent says go, and
 * reports each step done with a message of the caller's (len bytes; 0:
 * a one-byte token), and its process handle.
 */
struct zx_test_kid {
	pid_t pid;
	int go[2];	/* parent -> child */
	int done[2];	/* child -> parent */
	zx_handle_t h;	/* its process */
};

/* In the child: reports a step done, waits for the next; false at EOF. */
static inline bool zx_test_kid_report(struct zx_test_kid *k, const void *msg,
				      size_t len)
{
	char c = 'x';

	if (!len) {
		msg = &c;
		len = 1;
	}
	if (write(k->done[1], msg, len) != (ssize_t)len)
		return false;
	return read(k->go[0], &c, 1) == 1;
}

/* In the parent: the child's next report. */
static inline bool zx_test_kid_wait(struct zx_test_kid *k, void *msg,
				    size_t len)
{
	char c;

	if (!len) {
		msg = &c;
		len = 1;
	}
	return read(k->done[0], msg, len) == (ssize_t)len;
}

/* Lets the child run its next step and takes its report. */
static inline bool zx_test_kid_step(struct zx_test_kid *k, void *msg,
				    size_t len)
{
	char c = 'g';

	return write(k->go[1], &c, 1) == 1 && zx_test_kid_wait(k, msg, len);
}

/* Starts @fn in a child, takes its first report and its process handle. */
static inline int zx_test_kid_start(struct zx_test_kid *k,
				    int (*fn)(struct zx_test_kid *),
				    void *msg, size_t len)
{
	k->h = ZX_HANDLE_INVALID;
	if (pipe(k->go) || pipe(k->done))
		return -1;
	fflush(stdout);
	fflush(stderr);
	k->pid = fork();
	if (k->pid < 0)
		return -1;
	if (k->pid == 0) {
		close(k->go[1]);
		close(k->done[0]);
		_exit(fn(k));
	}
	close(k->go[0]);
	close(k->done[1]);
	if (!zx_test_kid_wait(k, msg, len))
		return -1;
	if (zx_linux_process_child(k->pid, ZX_HANDLE_INVALID, &k->h) != ZX_OK)
		return -1;
	return 0;
}

/* Ends the child (EOF on its pipe) and waits for it; its exit code. */
static inline int zx_test_kid_end(struct zx_test_kid *k, bool keep_handle)
{
	int code;

	close(k->go[1]);
	code = zx_test_wait_child(k->pid);
	close(k->done[0]);
	if (!keep_handle)
		zx_handle_close(k->h);
	return code;
}

/* For code running in a child (or a helper thread): no harness macros. */
#define CHILD_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "# %s:%d: child check failed: %s\n", \
				__FILE__, __LINE__, #cond);		\
			return 1;					\
		}							\
	} while (0)

/*
 * True once thread @tid is asleep (state S or D in /proc), which for a
 * thread that has just announced it is about to call zx_object_wait_one()
 * means it is blocked in the wait.  Gives up after about @ms milliseconds
 * (and then also returns true if /proc could not be read at all, after
 * the wait, so the callers degrade to a plain delay).
 */
static inline bool zx_test_thread_blocked(pid_t tid, int ms)
{
	char path[64], buf[512], *p;
	bool readable = false;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	for (int i = 0; i < ms; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			if (n > 0) {
				readable = true;
				buf[n] = '\0';
				p = strrchr(buf, ')');
				if (p && p[1] == ' ' &&
				    (p[2] == 'S' || p[2] == 'D'))
					return true;
			}
		}
		zx_test_sleep_ms(1);
	}
	return !readable;
}

/*
 * A thread blocked in zx_object_wait_one().  zx_test_waiter_start()
 * returns once the thread sleeps in the wait (see above).
 */
struct zx_test_waiter {
	pthread_t thread;
	zx_handle_t handle;
	zx_signals_t signals;
	zx_time_t deadline;
	pid_t tid;
	int started;
	int finished;
	zx_status_t status;
	zx_signals_t observed;
	int64_t returned_at;
};

static inline void *zx_test_waiter_main(void *arg)
{
	struct zx_test_waiter *w = arg;

	w->tid = zx_test_gettid();
	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	w->status = zx_object_wait_one(w->handle, w->signals, w->deadline,
				       &w->observed);
	w->returned_at = zx_test_now();
	__atomic_store_n(&w->finished, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static inline int zx_test_waiter_start(struct zx_test_waiter *w,
				       zx_handle_t h, zx_signals_t signals,
				       zx_time_t deadline)
{
	memset(w, 0, sizeof(*w));
	w->handle = h;
	w->signals = signals;
	w->deadline = deadline;
	w->status = 1;	/* not a status: "still waiting" */
	/* The device is open already (h exists), so the wait cannot block
	 * on libzx's open lock: a sleeping thread is one in the wait. */
	if (pthread_create(&w->thread, NULL, zx_test_waiter_main, w))
		return -1;
	while (!__atomic_load_n(&w->started, __ATOMIC_SEQ_CST))
		sched_yield();
	zx_test_thread_blocked(w->tid, 5000);
	return 0;
}

static inline bool zx_test_waiter_finished(struct zx_test_waiter *w)
{
	return __atomic_load_n(&w->finished, __ATOMIC_SEQ_CST);
}

static inline void zx_test_waiter_join(struct zx_test_waiter *w)
{
	pthread_join(w->thread, NULL);
}

/* ------------------------------------------------------- descriptors */

/* Number of open descriptors of this process. */
static inline int zx_test_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own descriptor */
}

static inline bool zx_test_fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* A one-byte message with room for one descriptor (SCM_RIGHTS). */
struct zx_test_fd_msg {
	char byte;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg;
};

static inline struct msghdr *zx_test_fd_msg_init(struct zx_test_fd_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->byte = 'F';
	m->iov.iov_base = &m->byte;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->u.buf;
	m->msg.msg_controllen = sizeof(m->u.buf);
	return &m->msg;
}

/* Sends descriptor @fd over Unix socket @sock (SCM_RIGHTS). */
static inline int zx_test_send_fd(int sock, int fd)
{
	struct zx_test_fd_msg m;
	struct msghdr *msg = zx_test_fd_msg_init(&m);
	struct cmsghdr *c = CMSG_FIRSTHDR(msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, msg, 0) == 1 ? 0 : -1;
}

/* Receives one descriptor from Unix socket @sock; -1 on failure. */
static inline int zx_test_recv_fd(int sock)
{
	struct zx_test_fd_msg m;
	struct msghdr *msg = zx_test_fd_msg_init(&m);
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, msg, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	c = CMSG_FIRSTHDR(msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

#endif /* ZX_TEST_SYS_H */
