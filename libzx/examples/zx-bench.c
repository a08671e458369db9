/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: every hot path of zircon.ko measured next to what a Linux
 * program would use instead, in the same run.
 *
 * Each benchmark group sets up its mechanisms (ours and the baselines;
 * two-process ones fork a peer), calibrates an iteration count per
 * mechanism so that one trial lasts about --trial-ms, and then runs
 * --trials rounds in which every mechanism runs one trial, in a rotating
 * order, so that a change of load on the machine hits all of them alike.
 * A figure is the median over the trials of the time per operation, with
 * the minimum and maximum as its spread; a ratio is ours over the
 * baseline (time, so lower is better).
 *
 * Peers get their endpoint through the descriptor bridge: the parent turns
 * a channel end (or event pair end) into a descriptor, forks, and the child
 * takes it back out with zx_linux_fd_to_handle() into its own table (a
 * forked child never uses its parent's /dev/zircon table).
 *
 * Binder: a minimal context manager and client written on the raw ioctls
 * of <linux/android/binder.h> (binder_linux's /dev/binder).
 *
 * Run "zx-bench -h" for the options; Documentation/performance.rst has the
 * method and the latest figures.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if __has_include(<linux/android/binder.h>)
#include <linux/android/binder.h>
#define HAVE_BINDER 1
#else
#define HAVE_BINDER 0
#endif

#include <zircon/linux.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#define MAX_TRIALS	64
#define MAX_MECH	24
#define MAX_CMP		32
#define MAX_GROUPS	32
#define MSG_MAX		ZX_CHANNEL_MAX_MSG_BYTES

/* Throughput flow control: at most WINDOW messages in flight; the reader
 * acknowledges every ACK_EVERY. */
#define TPUT_WINDOW	128
#define TPUT_ACK_EVERY	32

/* Seconds one run of one mechanism may take before the watchdog fires. */
#define WATCHDOG_S	300

enum { CPUS_SAME, CPUS_SPLIT, CPUS_NONE };

static struct {
	int trials;
	int trial_ms;
	bool smoke;
	bool tap;
	bool markers;
	const char *csv;
	const char *only;
	const char *filter;
	int cpus;
	bool batch;
	long live;
	const char *binder_dev;
} opt = {
	.trials = 15,
	.trial_ms = 40,
	.cpus = CPUS_SAME,
	.batch = true,
	.live = 100000,
	.binder_dev = "/dev/binder",
};

enum { ST_OK, ST_NA, ST_ERR };

struct mech;
typedef int (*setup_fn)(struct mech *m);
typedef int64_t (*run_fn)(struct mech *m, uint64_t n);
typedef void (*teardown_fn)(struct mech *m);

struct runner;

struct mech {
	const char *name;
	setup_fn setup;
	run_fn run;
	teardown_fn teardown;

	/* Parameters. */
	size_t size;		/* payload bytes per operation */
	unsigned int nh;	/* handles (descriptors) moved each way */
	int op;			/* handle operations: OP_* */
	struct runner *runner;	/* handle operations: the process */
	double per;		/* operations per iteration (default 1) */

	/* State. */
	int state;
	char why[200];
	pid_t pid;
	int fd[4];
	zx_handle_t h[4];
	uint8_t *buf, *rbuf;
	void *shared;
	uint64_t seq;
	size_t boff;		/* binder: offset of the fd object */

	/* Results. */
	uint64_t iters;
	int n;
	double ns[MAX_TRIALS];	/* per operation */
	double med, min, max;
};

struct cmp {
	const char *label;	/* the row's benchmark column */
	int a, b;		/* ratio: a over b, in time */
	double target;		/* 0: none */
	size_t bytes;		/* for MB/s; 0: none */
	bool ops;		/* show operations per second */
};

struct group {
	const char *key;
	char title[48];
	int nm, nc;
	struct mech m[MAX_MECH];
	struct cmp c[MAX_CMP];
};

static struct group groups[MAX_GROUPS];
static int ngroups;
static int errors;
static int tap_n, tap_pass, tap_fail, tap_skip;
static const char *volatile current_mech = "setup";
static cpu_set_t allowed;
static int cpu_first = -1, cpu_second = -1;
static pid_t main_pid;

/* ------------------------------------------------------------- helpers */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

__attribute__((format(printf, 2, 3)))
static int merr(struct mech *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
	m->state = ST_ERR;
	return -1;
}

__attribute__((format(printf, 2, 3)))
static int mna(struct mech *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
	m->state = ST_NA;
	return 1;
}

static int zerr(struct mech *m, const char *what, zx_status_t s)
{
	return merr(m, "%s: %s", what, zx_status_get_string(s));
}

static int perr(struct mech *m, const char *what)
{
	return merr(m, "%s: %s", what, strerror(errno));
}

/* A child's complaint, on stderr, and its exit status. */
__attribute__((format(printf, 2, 3)))
static int cfail(struct mech *m, const char *fmt, ...)
{
	char b[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	fprintf(stderr, "zx-bench: %s peer: %s\n", m->name, b);
	return 1;
}

static void *xalloc(size_t size)
{
	void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "zx-bench: out of memory (%zu bytes)\n", size);
		exit(1);
	}
	memset(p, 0x5a, size);
	return p;
}

static void xfree(void *p, size_t size)
{
	if (p)
		munmap(p, size ? size : 1);
}

static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = read(fd, (char *)buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

static ssize_t write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(fd, (const char *)buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		done += r;
	}
	return done;
}

/* Marks a payload so that the echo can be checked cheaply. */
/* (Not in the first bytes, where zx_channel_call() puts its txid.) */
static void stamp(uint8_t *buf, size_t size, uint64_t i)
{
	if (size)
		buf[size - 1] = (uint8_t)i;
	if (size >= 8)
		buf[size / 2] = (uint8_t)~i;
}

static bool stamped(const uint8_t *buf, size_t size, uint64_t i)
{
	return (!size || buf[size - 1] == (uint8_t)i) &&
	       (size < 8 || buf[size / 2] == (uint8_t)~i);
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (opt.cpus == CPUS_NONE || cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void unpin(void)
{
	if (opt.cpus != CPUS_NONE)
		sched_setaffinity(0, sizeof(allowed), &allowed);
}

/* Closes every descriptor of a new child except 0-2 and @keep. */
static void close_others(int *keep, int n)
{
	int lo = 3, i, j;

	/* Ascending order makes the gaps easy. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (keep[j] < keep[i]) {
				int t = keep[i];

				keep[i] = keep[j];
				keep[j] = t;
			}
	for (i = 0; i < n; i++) {
		if (keep[i] < lo)
			continue;
		if (keep[i] > lo)
			syscall(SYS_close_range, lo, keep[i] - 1, 0);
		lo = keep[i] + 1;
	}
	syscall(SYS_close_range, lo, ~0U, 0);
}

typedef int (*child_fn)(struct mech *m, int *fds);

/*
 * Forks a peer running @fn with the descriptors @fds (the only ones it
 * keeps).  It dies with us, and runs on the second CPU when --cpus=split.
 */
static pid_t spawn(struct mech *m, child_fn fn, int *fds, int nfds,
		   bool spread)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != main_pid)
		_exit(111);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	close_others(fds, nfds);
	if (spread)
		unpin();
	else
		pin(opt.cpus == CPUS_SPLIT ? cpu_second : cpu_first);
	_exit(fn(m, fds));
}

/* Reaps the peer; a peer that failed turns the mechanism into an error. */
static void reap(struct mech *m)
{
	int st;

	if (m->pid <= 0)
		return;
	alarm(WATCHDOG_S);
	while (waitpid(m->pid, &st, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	m->pid = 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	if (m->state == ST_OK) {
		if (WIFEXITED(st))
			merr(m, "peer exited with status %d", WEXITSTATUS(st));
		else
			merr(m, "peer killed by signal %d", WTERMSIG(st));
	}
}

static void close_fds(struct mech *m)
{
	for (int i = 0; i < 4; i++) {
		if (m->fd[i] >= 0)
			close(m->fd[i]);
		m->fd[i] = -1;
	}
}

static void close_handles(struct mech *m)
{
	for (int i = 0; i < 4; i++) {
		if (m->h[i] != ZX_HANDLE_INVALID)
			zx_handle_close(m->h[i]);
		m->h[i] = ZX_HANDLE_INVALID;
	}
}

static void free_bufs(struct mech *m)
{
	xfree(m->buf, MSG_MAX);
	xfree(m->rbuf, MSG_MAX);
	m->buf = m->rbuf = NULL;
}

/* The default teardown: close our ends, then reap the peer. */
static void teardown_std(struct mech *m)
{
	close_handles(m);
	close_fds(m);
	reap(m);
	free_bufs(m);
}

/* A channel (or event pair) end for a peer: bridge descriptor + fork. */
static int zx_peer(struct mech *m, zx_handle_t theirs, child_fn fn)
{
	zx_status_t s;
	int fd;

	s = zx_linux_handle_to_fd(theirs, 0, &fd);
	if (s != ZX_OK)
		return zerr(m, "zx_linux_handle_to_fd", s);
	m->pid = spawn(m, fn, &fd, 1, false);
	close(fd);
	if (m->pid < 0)
		return perr(m, "fork");
	return 0;
}

static int zx_peer_handle(struct mech *m, int *fds, zx_handle_t *h)
{
	zx_status_t s = zx_linux_fd_to_handle(fds[0], h);

	if (s != ZX_OK)
		return cfail(m, "zx_linux_fd_to_handle: %s",
			     zx_status_get_string(s));
	return 0;
}

/* --------------------------------------------- round trips and calls */

static int zx_echo_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	zx_handle_t h, hs[ZX_CHANNEL_MAX_MSG_HANDLES];
	uint32_t ab, ah;
	zx_signals_t seen;
	zx_status_t s;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	for (;;) {
		s = zx_object_wait_one(h, ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			return cfail(m, "wait_one: %s", zx_status_get_string(s));
		s = zx_channel_read(h, 0, buf, hs, MSG_MAX,
				    ZX_CHANNEL_MAX_MSG_HANDLES, &ab, &ah);
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "read: %s", zx_status_get_string(s));
		s = zx_channel_write(h, 0, buf, ab, hs, ah);
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "write: %s", zx_status_get_string(s));
	}
}

static int setup_zx_echo(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_channel_create(0, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_channel_create", s);
	if (m->nh) {
		s = zx_event_create(0, &m->h[1]);
		if (s != ZX_OK)
			return zerr(m, "zx_event_create", s);
	}
	m->buf = xalloc(MSG_MAX);
	m->rbuf = xalloc(MSG_MAX);
	return zx_peer(m, theirs, zx_echo_child);
}

static int64_t run_zx_rt(struct mech *m, uint64_t n)
{
	zx_handle_t ch = m->h[0], hs[1];
	uint64_t t0 = now_ns(), i;
	uint32_t ab, ah;
	zx_signals_t seen;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		hs[0] = m->h[1];
		s = zx_channel_write(ch, 0, m->buf, m->size, hs, m->nh);
		if (s != ZX_OK)
			return zerr(m, "zx_channel_write", s);
		if (m->nh)
			m->h[1] = ZX_HANDLE_INVALID;
		s = zx_object_wait_one(ch, ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			return zerr(m, "zx_object_wait_one", s);
		s = zx_channel_read(ch, 0, m->rbuf, hs, MSG_MAX, 1, &ab, &ah);
		if (s != ZX_OK)
			return zerr(m, "zx_channel_read", s);
		if (ab != m->size || ah != m->nh ||
		    !stamped(m->rbuf, m->size, i))
			return merr(m, "bad echo (%u bytes, %u handles)", ab,
				    ah);
		if (m->nh)
			m->h[1] = hs[0];
	}
	return now_ns() - t0;
}

static int64_t run_zx_call(struct mech *m, uint64_t n)
{
	zx_channel_call_args_t args = {
		.wr_bytes = m->buf,
		.rd_bytes = m->rbuf,
		.wr_num_bytes = m->size,
		.rd_num_bytes = MSG_MAX,
	};
	uint64_t t0 = now_ns(), i;
	uint32_t ab, ah;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		s = zx_channel_call(m->h[0], 0, ZX_TIME_INFINITE, &args, &ab,
				    &ah);
		if (s != ZX_OK)
			return zerr(m, "zx_channel_call", s);
		if (ab != m->size || ah != 0 || !stamped(m->rbuf, m->size, i))
			return merr(m, "bad reply (%u bytes)", ab);
	}
	return now_ns() - t0;
}

/* SOCK_SEQPACKET: one message each way, with SCM_RIGHTS when nh. */

static ssize_t send_fd_msg(int sock, const void *buf, size_t len, int fd)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov = { (void *)buf, len };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};

	if (fd >= 0) {
		memset(&c, 0, sizeof(c));
		mh.msg_control = c.b;
		mh.msg_controllen = sizeof(c.b);
		c.h.cmsg_level = SOL_SOCKET;
		c.h.cmsg_type = SCM_RIGHTS;
		c.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&c.h), &fd, sizeof(int));
	}
	return sendmsg(sock, &mh, MSG_NOSIGNAL);
}

static ssize_t recv_fd_msg(int sock, void *buf, size_t len, int *fd)
{
	union {
		struct cmsghdr h;
		char b[CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov = { buf, len };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = c.b,
		.msg_controllen = sizeof(c.b),
	};
	struct cmsghdr *ch;
	ssize_t r;

	*fd = -1;
	r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	if (r < 0)
		return r;
	for (ch = CMSG_FIRSTHDR(&mh); ch; ch = CMSG_NXTHDR(&mh, ch))
		if (ch->cmsg_level == SOL_SOCKET &&
		    ch->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(ch), sizeof(int));
	return r;
}

static int sock_echo_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	int s = fds[0], fd;
	ssize_t r;

	for (;;) {
		if (m->nh)
			r = recv_fd_msg(s, buf, MSG_MAX, &fd);
		else
			r = recv(s, buf, MSG_MAX, 0);
		if (r < 0)
			return cfail(m, "recv: %s", strerror(errno));
		/* 0 is an empty message or the end; the send tells which. */
		if (m->nh) {
			r = send_fd_msg(s, buf, r, fd);
			if (fd >= 0)
				close(fd);
		} else {
			r = send(s, buf, r, MSG_NOSIGNAL);
		}
		if (r < 0 && errno == EPIPE)
			return 0;
		if (r < 0)
			return cfail(m, "send: %s", strerror(errno));
	}
}

static int setup_sock_echo(struct mech *m)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return perr(m, "socketpair");
	m->fd[0] = sv[0];
	if (m->nh) {
		m->fd[1] = eventfd(0, EFD_CLOEXEC);
		if (m->fd[1] < 0)
			return perr(m, "eventfd");
	}
	m->buf = xalloc(MSG_MAX);
	m->rbuf = xalloc(MSG_MAX);
	m->pid = spawn(m, sock_echo_child, &sv[1], 1, false);
	close(sv[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static int64_t run_sock_rt(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	int s = m->fd[0], fd;
	ssize_t r;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		if (m->nh) {
			if (send_fd_msg(s, m->buf, m->size, m->fd[1]) < 0)
				return perr(m, "sendmsg");
			r = recv_fd_msg(s, m->rbuf, MSG_MAX, &fd);
			if (r < 0)
				return perr(m, "recvmsg");
			if (fd < 0)
				return merr(m, "no descriptor came back");
			close(fd);
		} else {
			if (send(s, m->buf, m->size, MSG_NOSIGNAL) < 0)
				return perr(m, "send");
			r = recv(s, m->rbuf, MSG_MAX, 0);
			if (r < 0)
				return perr(m, "recv");
		}
		if ((size_t)r != m->size || !stamped(m->rbuf, m->size, i))
			return merr(m, "bad echo (%zd bytes)", r);
	}
	return now_ns() - t0;
}

/* Pipes: a byte stream each way; an empty payload moves one byte. */

static size_t pipe_len(const struct mech *m)
{
	return m->size ? m->size : 1;
}

static int pipe_echo_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	size_t len = pipe_len(m);
	ssize_t r;

	for (;;) {
		r = read_full(fds[0], buf, len);
		if (r == 0)
			return 0;
		if (r != (ssize_t)len)
			return cfail(m, "read: %s", r < 0 ? strerror(errno) :
				     "short");
		if (write_full(fds[1], buf, len) < 0)
			return errno == EPIPE ? 0 :
			       cfail(m, "write: %s", strerror(errno));
	}
}

static int setup_pipe_echo(struct mech *m)
{
	int to[2], from[2], theirs[2];

	if (pipe2(to, O_CLOEXEC) || pipe2(from, O_CLOEXEC))
		return perr(m, "pipe2");
	m->fd[0] = to[1];
	m->fd[1] = from[0];
	theirs[0] = to[0];
	theirs[1] = from[1];
	m->buf = xalloc(MSG_MAX);
	m->rbuf = xalloc(MSG_MAX);
	m->pid = spawn(m, pipe_echo_child, theirs, 2, false);
	close(to[0]);
	close(from[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static int64_t run_pipe_rt(struct mech *m, uint64_t n)
{
	size_t len = pipe_len(m);
	uint64_t t0 = now_ns(), i;
	ssize_t r;

	for (i = 0; i < n; i++) {
		stamp(m->buf, len, i);
		if (write_full(m->fd[0], m->buf, len) < 0)
			return perr(m, "write");
		r = read_full(m->fd[1], m->rbuf, len);
		if (r != (ssize_t)len || !stamped(m->rbuf, len, i))
			return merr(m, "bad echo (%zd bytes)", r);
	}
	return now_ns() - t0;
}

/* ------------------------------------------------------------- binder */

#if HAVE_BINDER

#define BINDER_MAP_SIZE	(1u << 20)

static struct {
	int state;		/* ST_OK once the server answers */
	char why[200];
	pid_t server;
	int fd;			/* the client's /dev/binder */
	void *map;
	binder_uintptr_t to_free;	/* a reply buffer not yet freed */
} bdr = { .state = ST_NA, .fd = -1 };

static int binder_open(char *why, size_t wl, int *fdp, void **mapp)
{
	struct binder_version v;
	int fd = open(opt.binder_dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, wl, "%s: %s%s", opt.binder_dev, strerror(errno),
			 errno == ENOENT ? " (modprobe binder_linux)" : "");
		return -1;
	}
	if (ioctl(fd, BINDER_VERSION, &v) < 0 ||
	    v.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
		snprintf(why, wl, "%s: protocol version mismatch",
			 opt.binder_dev);
		close(fd);
		return -1;
	}
	*mapp = mmap(NULL, BINDER_MAP_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (*mapp == MAP_FAILED) {
		snprintf(why, wl, "mmap %s: %s", opt.binder_dev,
			 strerror(errno));
		close(fd);
		return -1;
	}
	*fdp = fd;
	return 0;
}

/* One BINDER_WRITE_READ; returns the bytes read, or -errno. */
static ssize_t binder_io(int fd, const void *w, size_t wl, void *r, size_t rl)
{
	struct binder_write_read bwr = {
		.write_size = wl,
		.write_buffer = (uintptr_t)w,
		.read_size = rl,
		.read_buffer = (uintptr_t)r,
	};

	/* The driver resumes from the consumed counts after EINTR. */
	while (ioctl(fd, BINDER_WRITE_READ, &bwr) < 0)
		if (errno != EINTR)
			return -errno;
	return bwr.read_consumed;
}

struct bwbuf {
	uint8_t b[256];
	size_t len;
};

static void bput(struct bwbuf *w, const void *p, size_t n)
{
	memcpy(w->b + w->len, p, n);
	w->len += n;
}

static void bput32(struct bwbuf *w, uint32_t v)
{
	bput(w, &v, sizeof(v));
}

/*
 * The context manager: echoes each transaction's data (and its
 * descriptors) back as the reply, straight out of the buffer the driver
 * put it in, then frees that buffer.
 */
static int binder_server(struct mech *m, int *fds)
{
	struct flat_binder_object obj = {
		.flags = FLAT_BINDER_FLAG_ACCEPTS_FDS,
	};
	char why[200] = "";
	uint8_t rb[512];
	struct bwbuf w = { .len = 0 };
	int fd = -1, pending[8], npending = 0, tries;
	void *map;

	(void)m;
	if (binder_open(why, sizeof(why), &fd, &map) == 0) {
		/* A previous run's manager may still be on its way out. */
		for (tries = 0; tries < 50; tries++) {
			if (!ioctl(fd, BINDER_SET_CONTEXT_MGR_EXT, &obj))
				break;
			if (errno != EBUSY) {
				snprintf(why, sizeof(why),
					 "BINDER_SET_CONTEXT_MGR_EXT: %s",
					 strerror(errno));
				break;
			}
			usleep(100000);
		}
		if (tries == 50)
			snprintf(why, sizeof(why), "%s already has a context "
				 "manager", opt.binder_dev);
	}
	if (!why[0]) {
		bput32(&w, BC_ENTER_LOOPER);
		if (binder_io(fd, w.b, w.len, NULL, 0) < 0)
			snprintf(why, sizeof(why), "BC_ENTER_LOOPER: %s",
				 strerror(errno));
		w.len = 0;
	}
	/* Tell the parent: an empty line is success. */
	write_full(fds[0], why, strlen(why) + 1);
	close(fds[0]);
	if (why[0])
		return 0;

	for (;;) {
		ssize_t got = binder_io(fd, w.b, w.len, rb, sizeof(rb));
		size_t off = 0;

		if (got < 0) {
			fprintf(stderr, "zx-bench: binder server: %s\n",
				strerror(-got));
			return 1;
		}
		w.len = 0;
		while (npending)
			close(pending[--npending]);
		while (off + 4 <= (size_t)got) {
			uint32_t cmd;
			struct binder_transaction_data tr;
			struct binder_ptr_cookie pc;

			memcpy(&cmd, rb + off, 4);
			off += 4;
			switch (cmd) {
			case BR_TRANSACTION: {
				struct binder_transaction_data rep = { 0 };
				binder_size_t i, no;

				memcpy(&tr, rb + off, sizeof(tr));
				if (tr.code == 0)	/* quit */
					return 0;
				no = tr.offsets_size / sizeof(binder_size_t);
				for (i = 0; i < no && npending < 8; i++) {
					binder_size_t o;
					struct binder_fd_object fo;

					memcpy(&o, (void *)(uintptr_t)
					       (tr.data.ptr.offsets +
						i * sizeof(o)), sizeof(o));
					memcpy(&fo, (void *)(uintptr_t)
					       (tr.data.ptr.buffer + o),
					       sizeof(fo));
					if (fo.hdr.type == BINDER_TYPE_FD)
						pending[npending++] = fo.fd;
				}
				rep.data_size = tr.data_size;
				rep.offsets_size = tr.offsets_size;
				rep.data.ptr.buffer = tr.data.ptr.buffer;
				rep.data.ptr.offsets = tr.data.ptr.offsets;
				bput32(&w, BC_REPLY);
				bput(&w, &rep, sizeof(rep));
				bput32(&w, BC_FREE_BUFFER);
				bput(&w, &tr.data.ptr.buffer,
				     sizeof(binder_uintptr_t));
				break;
			}
			case BR_INCREFS:
			case BR_ACQUIRE:
				memcpy(&pc, rb + off, sizeof(pc));
				bput32(&w, cmd == BR_INCREFS ?
				       BC_INCREFS_DONE : BC_ACQUIRE_DONE);
				bput(&w, &pc, sizeof(pc));
				break;
			case BR_NOOP:
			case BR_TRANSACTION_COMPLETE:
			case BR_SPAWN_LOOPER:
			case BR_RELEASE:
			case BR_DECREFS:
			case BR_FINISHED:
				break;
			default:
				fprintf(stderr, "zx-bench: binder server: "
					"unexpected return 0x%x\n", cmd);
				return 1;
			}
			off += _IOC_SIZE(cmd);
		}
	}
}

static void binder_start(void)
{
	static struct mech sm = { .name = "binder-server" };
	char why[200];
	int p[2];
	ssize_t r;

	if (pipe2(p, O_CLOEXEC)) {
		snprintf(bdr.why, sizeof(bdr.why), "pipe: %s", strerror(errno));
		return;
	}
	bdr.server = spawn(&sm, binder_server, &p[1], 1, false);
	close(p[1]);
	memset(why, 0, sizeof(why));
	r = read(p[0], why, sizeof(why) - 1);
	close(p[0]);
	if (r <= 0) {
		snprintf(bdr.why, sizeof(bdr.why), "binder server died");
		return;
	}
	if (why[0]) {
		snprintf(bdr.why, sizeof(bdr.why), "%s", why);
		return;
	}
	if (binder_open(bdr.why, sizeof(bdr.why), &bdr.fd, &bdr.map))
		return;
	bdr.state = ST_OK;
}

static void binder_stop(void)
{
	struct binder_transaction_data tr = { .code = 0 };
	struct bwbuf w = { .len = 0 };
	uint8_t rb[256];
	int st;

	if (bdr.server <= 0)
		return;
	if (bdr.state == ST_OK) {
		bput32(&w, BC_TRANSACTION);
		tr.flags = TF_ONE_WAY;
		bput(&w, &tr, sizeof(tr));
		binder_io(bdr.fd, w.b, w.len, rb, sizeof(rb));
	}
	alarm(10);
	if (waitpid(bdr.server, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		kill(bdr.server, SIGKILL);
		fprintf(stderr, "zx-bench: the binder server failed\n");
	}
	alarm(0);
	if (bdr.fd >= 0) {
		munmap(bdr.map, BINDER_MAP_SIZE);
		close(bdr.fd);
	}
	bdr.server = 0;
}

static int setup_binder(struct mech *m)
{
	if (bdr.state != ST_OK)
		return mna(m, "%s", bdr.why);
	m->buf = xalloc(MSG_MAX + 64);
	/* The descriptor object follows the payload, 8-byte aligned. */
	m->boff = (m->size + 7) & ~(size_t)7;
	if (m->nh) {
		m->fd[0] = eventfd(0, EFD_CLOEXEC);
		if (m->fd[0] < 0)
			return perr(m, "eventfd");
	}
	return 0;
}

static void teardown_binder(struct mech *m)
{
	close_fds(m);
	xfree(m->buf, MSG_MAX + 64);
	m->buf = NULL;
}

static int64_t run_binder_rt(struct mech *m, uint64_t n)
{
	binder_size_t offs[1] = { m->boff };
	struct binder_transaction_data tr = {
		.target.handle = 0,
		.code = 1,
		.flags = TF_ACCEPT_FDS,
		.data_size = m->nh ? m->boff + sizeof(struct binder_fd_object) :
				     m->size,
		.offsets_size = m->nh ? sizeof(offs) : 0,
		.data.ptr.buffer = (uintptr_t)m->buf,
		.data.ptr.offsets = (uintptr_t)offs,
	};
	struct binder_fd_object fo = {
		.hdr.type = BINDER_TYPE_FD,
		.fd = m->fd[0],
	};
	uint8_t rb[256];
	struct bwbuf w;
	uint64_t t0 = now_ns(), i;

	if (m->nh)
		memcpy(m->buf + m->boff, &fo, sizeof(fo));
	for (i = 0; i <= n; i++) {
		bool replied = false;

		w.len = 0;
		/* The previous reply is freed with the next transaction. */
		if (bdr.to_free) {
			bput32(&w, BC_FREE_BUFFER);
			bput(&w, &bdr.to_free, sizeof(bdr.to_free));
			bdr.to_free = 0;
		}
		if (i == n) {
			/* Only the last free, outside the timing. */
			uint64_t t1 = now_ns();

			if (w.len && binder_io(bdr.fd, w.b, w.len, NULL, 0) < 0)
				return perr(m, "BC_FREE_BUFFER");
			return t1 - t0;
		}
		stamp(m->buf, m->size, i);
		bput32(&w, BC_TRANSACTION);
		bput(&w, &tr, sizeof(tr));
		while (!replied) {
			ssize_t got = binder_io(bdr.fd, w.b, w.len, rb,
						sizeof(rb));
			size_t off = 0;

			w.len = 0;
			if (got < 0) {
				errno = -got;
				return perr(m, "BINDER_WRITE_READ");
			}
			while (off + 4 <= (size_t)got) {
				struct binder_transaction_data rep;
				uint32_t cmd;

				memcpy(&cmd, rb + off, 4);
				off += 4;
				if (cmd == BR_REPLY) {
					const uint8_t *d;

					memcpy(&rep, rb + off, sizeof(rep));
					d = (const uint8_t *)(uintptr_t)
					    rep.data.ptr.buffer;
					bdr.to_free = rep.data.ptr.buffer;
					replied = true;
					if (rep.data_size != tr.data_size ||
					    !stamped(d, m->size, i))
						return merr(m, "bad reply");
					if (m->nh) {
						memcpy(&fo, d + m->boff,
						       sizeof(fo));
						close(fo.fd);
						fo.fd = m->fd[0];
					}
				} else if (cmd != BR_NOOP &&
					   cmd != BR_TRANSACTION_COMPLETE) {
					return merr(m, "binder returned 0x%x",
						    cmd);
				}
				off += _IOC_SIZE(cmd);
			}
		}
	}
	return -1;	/* not reached */
}

#else /* !HAVE_BINDER */

static int setup_binder(struct mech *m)
{
	return mna(m, "built without <linux/android/binder.h>");
}

static void teardown_binder(struct mech *m)
{
	(void)m;
}

static int64_t run_binder_rt(struct mech *m, uint64_t n)
{
	(void)n;
	return merr(m, "no binder");
}

static void binder_start(void)
{
}

static void binder_stop(void)
{
}

#endif /* HAVE_BINDER */

/* ------------------------------------------------ one-way throughput */

static uint64_t tput_round(uint64_t n)
{
	return (n + TPUT_ACK_EVERY - 1) / TPUT_ACK_EVERY * TPUT_ACK_EVERY;
}

static int zx_sink_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	uint64_t got = 0;
	zx_handle_t h;
	uint32_t ab;
	zx_signals_t seen;
	zx_status_t s;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	for (;;) {
		s = zx_object_wait_one(h, ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			return cfail(m, "wait_one: %s", zx_status_get_string(s));
		for (;;) {
			s = zx_channel_read(h, 0, buf, NULL, MSG_MAX, 0, &ab,
					    NULL);
			if (s == ZX_ERR_SHOULD_WAIT)
				break;
			if (s == ZX_ERR_PEER_CLOSED)
				return 0;
			if (s != ZX_OK)
				return cfail(m, "read: %s",
					     zx_status_get_string(s));
			if (ab != m->size)
				return cfail(m, "got %u bytes", ab);
			if (++got % TPUT_ACK_EVERY)
				continue;
			s = zx_channel_write(h, 0, NULL, 0, NULL, 0);
			if (s == ZX_ERR_PEER_CLOSED)
				return 0;
			if (s != ZX_OK)
				return cfail(m, "write: %s",
					     zx_status_get_string(s));
		}
	}
}

static int setup_zx_sink(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_channel_create(0, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_channel_create", s);
	m->buf = xalloc(MSG_MAX);
	return zx_peer(m, theirs, zx_sink_child);
}

/* Reads the acknowledgements now queued; waits for one if @block. */
static int zx_take_acks(struct mech *m, uint64_t *acked, bool block)
{
	zx_signals_t seen;
	zx_status_t s;

	if (block) {
		s = zx_object_wait_one(m->h[0], ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			return zerr(m, "zx_object_wait_one", s);
	}
	for (;;) {
		uint32_t ab;

		s = zx_channel_read(m->h[0], 0, NULL, NULL, 0, 0, &ab, NULL);
		if (s == ZX_ERR_SHOULD_WAIT)
			return 0;
		if (s != ZX_OK)
			return zerr(m, "zx_channel_read", s);
		*acked += TPUT_ACK_EVERY;
	}
}

static int64_t run_zx_tput(struct mech *m, uint64_t n)
{
	uint64_t sent = 0, acked = 0, t0 = now_ns();
	zx_status_t s;

	n = tput_round(n);
	while (sent < n) {
		while (sent - acked >= TPUT_WINDOW)
			if (zx_take_acks(m, &acked, true))
				return -1;
		stamp(m->buf, m->size, sent);
		s = zx_channel_write(m->h[0], 0, m->buf, m->size, NULL, 0);
		if (s != ZX_OK)
			return zerr(m, "zx_channel_write", s);
		sent++;
	}
	while (acked < n)
		if (zx_take_acks(m, &acked, true))
			return -1;
	return now_ns() - t0;
}

/* Sockets and pipes: fd[0] carries data, fd[1] brings the one-byte acks. */

static int fd_sink_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	bool sock = fds[0] == fds[1];
	uint64_t got = 0;
	ssize_t r;

	for (;;) {
		if (sock)
			r = recv(fds[0], buf, MSG_MAX, 0);
		else
			r = read_full(fds[0], buf, m->size);
		if (r == 0)
			return 0;
		if (r != (ssize_t)m->size)
			return cfail(m, "read: %s", r < 0 ? strerror(errno) :
				     "short");
		if (++got % TPUT_ACK_EVERY)
			continue;
		if (write(fds[1], "a", 1) != 1)
			return errno == EPIPE ? 0 :
			       cfail(m, "ack: %s", strerror(errno));
	}
}

static int setup_sock_sink(struct mech *m)
{
	int sv[2], theirs[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return perr(m, "socketpair");
	m->fd[0] = sv[0];
	m->fd[1] = sv[0];
	theirs[0] = theirs[1] = sv[1];
	m->buf = xalloc(MSG_MAX);
	m->pid = spawn(m, fd_sink_child, theirs, 2, false);
	close(sv[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static void teardown_sock_sink(struct mech *m)
{
	m->fd[1] = -1;		/* the same socket as fd[0] */
	teardown_std(m);
}

static int setup_pipe_sink(struct mech *m)
{
	int data[2], ack[2], theirs[2];

	if (pipe2(data, O_CLOEXEC) || pipe2(ack, O_CLOEXEC))
		return perr(m, "pipe2");
	m->fd[0] = data[1];
	m->fd[1] = ack[0];
	theirs[0] = data[0];
	theirs[1] = ack[1];
	m->buf = xalloc(MSG_MAX);
	m->pid = spawn(m, fd_sink_child, theirs, 2, false);
	close(data[0]);
	close(ack[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static int64_t run_fd_tput(struct mech *m, uint64_t n)
{
	uint64_t sent = 0, acked = 0, t0 = now_ns();
	char acks[TPUT_WINDOW];
	ssize_t r;

	n = tput_round(n);
	while (sent < n || acked < n) {
		if (sent < n && sent - acked < TPUT_WINDOW) {
			stamp(m->buf, m->size, sent);
			if (write_full(m->fd[0], m->buf, m->size) < 0)
				return perr(m, "write");
			sent++;
			continue;
		}
		r = read(m->fd[1], acks, sizeof(acks));
		if (r <= 0)
			return merr(m, "ack: %s", r ? strerror(errno) : "EOF");
		acked += (uint64_t)r * TPUT_ACK_EVERY;
	}
	return now_ns() - t0;
}

/* ---------------------------------------------------------------- VMOs */

enum { VMO_READ, VMO_WRITE };

static int setup_vmo(struct mech *m)
{
	zx_status_t s;

	m->buf = xalloc(m->size);
	s = zx_vmo_create(m->size, 0, &m->h[0]);
	if (s != ZX_OK)
		return zerr(m, "zx_vmo_create", s);
	/* Every page committed, as the memfd's below. */
	s = zx_vmo_write(m->h[0], m->buf, 0, m->size);
	return s == ZX_OK ? 0 : zerr(m, "zx_vmo_write", s);
}

static int setup_memfd(struct mech *m)
{
	m->buf = xalloc(m->size);
	m->fd[0] = memfd_create("zx-bench", MFD_CLOEXEC);
	if (m->fd[0] < 0)
		return perr(m, "memfd_create");
	if (ftruncate(m->fd[0], m->size) ||
	    pwrite(m->fd[0], m->buf, m->size, 0) != (ssize_t)m->size)
		return perr(m, "memfd pwrite");
	return 0;
}

static int setup_memcpy(struct mech *m)
{
	m->buf = xalloc(m->size);
	m->rbuf = xalloc(m->size);
	return 0;
}

static void teardown_local(struct mech *m)
{
	close_handles(m);
	close_fds(m);
	xfree(m->buf, m->size);
	xfree(m->rbuf, m->size);
	m->buf = m->rbuf = NULL;
}

static int64_t run_vmo(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		if (m->op == VMO_READ)
			s = zx_vmo_read(m->h[0], m->buf, 0, m->size);
		else
			s = zx_vmo_write(m->h[0], m->buf, 0, m->size);
		if (s != ZX_OK)
			return zerr(m, m->op == VMO_READ ? "zx_vmo_read" :
				    "zx_vmo_write", s);
	}
	return now_ns() - t0;
}

static int64_t run_memfd(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	ssize_t r;

	for (i = 0; i < n; i++) {
		if (m->op == VMO_READ)
			r = pread(m->fd[0], m->buf, m->size, 0);
		else
			r = pwrite(m->fd[0], m->buf, m->size, 0);
		if (r != (ssize_t)m->size)
			return perr(m, m->op == VMO_READ ? "pread" : "pwrite");
	}
	return now_ns() - t0;
}

static int64_t run_memcpy(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;

	for (i = 0; i < n; i++) {
		memcpy(m->rbuf, m->buf, m->size);
		/* The copy must happen, and each time. */
		__asm__ volatile("" : : "r"(m->rbuf) : "memory");
	}
	return now_ns() - t0;
}

/* ---------------------------------------------- handle operations */

enum { OP_CREATE, OP_DUP, OP_INFO, NR_OPS };
enum { IMPL_ZX, IMPL_FD };

/*
 * One process per configuration (ours or descriptors, live count,
 * threads), shared by the three operations: its table holds exactly the
 * live handles.  The parent sends "op, n"; it answers with the elapsed
 * nanoseconds measured inside.
 */
struct runner {
	int impl;
	long live;
	int threads;
	pid_t pid;
	int cmd, res;		/* our ends */
	int state;
	char why[200];
	/* In the runner process. */
	zx_handle_t test_h;
	int test_fd;
};

struct runner_msg {
	int64_t v;		/* ns, or -1 error, or -2 unavailable */
	char why[120];
};

struct runner_cmd {
	uint64_t n;		/* 0: exit */
	int32_t op;
	int32_t pad;
};

#define NR_RUNNERS 6
static struct runner runners[NR_RUNNERS];
static int nrunners;

static int hops(struct runner *r, int op, uint64_t n, char *why, size_t wl)
{
	zx_info_handle_basic_t info;
	zx_handle_t h;
	zx_status_t s = ZX_OK;
	struct stat st;
	uint64_t i;
	int fd;

	for (i = 0; i < n; i++) {
		if (r->impl == IMPL_ZX) {
			switch (op) {
			case OP_CREATE:
				s = zx_event_create(0, &h);
				if (s == ZX_OK)
					s = zx_handle_close(h);
				break;
			case OP_DUP:
				s = zx_handle_duplicate(r->test_h,
							ZX_RIGHT_SAME_RIGHTS,
							&h);
				if (s == ZX_OK)
					s = zx_handle_close(h);
				break;
			default:
				s = zx_object_get_info(r->test_h,
						       ZX_INFO_HANDLE_BASIC,
						       &info, sizeof(info),
						       NULL, NULL);
				break;
			}
			if (s != ZX_OK) {
				snprintf(why, wl, "%s", zx_status_get_string(s));
				return -1;
			}
		} else {
			switch (op) {
			case OP_CREATE:
				fd = eventfd(0, EFD_CLOEXEC);
				if (fd < 0 || close(fd))
					goto fail;
				break;
			case OP_DUP:
				fd = dup(r->test_fd);
				if (fd < 0 || close(fd))
					goto fail;
				break;
			default:
				if (fstat(r->test_fd, &st))
					goto fail;
				break;
			}
		}
	}
	return 0;
fail:
	snprintf(why, wl, "%s", strerror(errno));
	return -1;
}

struct hthread {
	struct runner *r;
	int op;
	uint64_t n;
	pthread_barrier_t *bar;
	int err;
	char why[120];
};

static void *hthread_main(void *p)
{
	struct hthread *t = p;

	pthread_barrier_wait(t->bar);
	t->err = hops(t->r, t->op, t->n, t->why, sizeof(t->why));
	return NULL;
}

static int64_t runner_run(struct runner *r, int op, uint64_t n, char *why,
			  size_t wl)
{
	struct hthread t = { .r = r, .op = op, .n = n / 2 };
	pthread_barrier_t bar;
	pthread_t th;
	uint64_t t0, t1;
	int err;

	if (r->threads == 1) {
		t0 = now_ns();
		err = hops(r, op, n, why, wl);
		t1 = now_ns();
		return err ? -1 : (int64_t)(t1 - t0);
	}
	pthread_barrier_init(&bar, NULL, 2);
	t.bar = &bar;
	if (pthread_create(&th, NULL, hthread_main, &t)) {
		snprintf(why, wl, "pthread_create failed");
		return -1;
	}
	pthread_barrier_wait(&bar);
	t0 = now_ns();
	err = hops(r, op, n - n / 2, why, wl);
	pthread_join(th, NULL);
	t1 = now_ns();
	pthread_barrier_destroy(&bar);
	if (t.err) {
		snprintf(why, wl, "%s", t.why);
		return -1;
	}
	return err ? -1 : (int64_t)(t1 - t0);
}

/* Fills this process's table (or descriptor table) to r->live entries. */
static int runner_fill(struct runner *r, struct runner_msg *msg)
{
	zx_handle_t ev, h = ZX_HANDLE_INVALID;
	zx_status_t s;
	struct rlimit rl;
	long i, have;
	int fd = -1;

	if (r->impl == IMPL_ZX) {
		s = zx_event_create(0, &ev);
		h = ev;
		for (i = 1; s == ZX_OK && i < r->live; i++)
			s = zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &h);
		if (s != ZX_OK) {
			msg->v = s == ZX_ERR_NO_RESOURCES ? -2 : -1;
			snprintf(msg->why, sizeof(msg->why), "%ld handles: %s",
				 r->live, zx_status_get_string(s));
			return -1;
		}
		/* The newest: the deepest id in the table. */
		r->test_h = h;
		return 0;
	}
	/* 0-2 and the two command descriptors are live already. */
	have = 5;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)r->live + 64) {
		rl.rlim_cur = r->live + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl)) {
			msg->v = -2;
			snprintf(msg->why, sizeof(msg->why),
				 "RLIMIT_NOFILE %ld: %s", r->live + 64,
				 strerror(errno));
			return -1;
		}
	}
	r->test_fd = eventfd(0, EFD_CLOEXEC);
	fd = r->test_fd;
	for (i = have + 1; fd >= 0 && i < r->live; i++)
		fd = dup(r->test_fd);
	if (fd < 0) {
		msg->v = -1;
		snprintf(msg->why, sizeof(msg->why), "%ld descriptors: %s",
			 r->live, strerror(errno));
		return -1;
	}
	r->test_fd = fd;
	return 0;
}

static int runner_child(struct mech *m, int *fds)
{
	struct runner *r = m->runner;
	struct runner_msg msg = { .v = 0 };
	struct runner_cmd c;

	if (runner_fill(r, &msg) == 0)
		msg.v = 0;
	if (write_full(fds[1], &msg, sizeof(msg)) < 0 || msg.v)
		return 0;
	for (;;) {
		if (read_full(fds[0], &c, sizeof(c)) != sizeof(c) || !c.n)
			return 0;
		memset(&msg, 0, sizeof(msg));
		msg.v = runner_run(r, c.op, c.n, msg.why, sizeof(msg.why));
		if (write_full(fds[1], &msg, sizeof(msg)) < 0)
			return 1;
	}
}

static struct runner *runner_get(int impl, long live, int threads)
{
	struct mech tmp = { .name = "handle-ops" };
	struct runner_msg msg;
	struct runner *r;
	int cmd[2], res[2], theirs[2];
	int i;

	for (i = 0; i < nrunners; i++) {
		r = &runners[i];
		if (r->impl == impl && r->live == live && r->threads == threads)
			return r;
	}
	if (nrunners == NR_RUNNERS)
		return NULL;
	r = &runners[nrunners++];
	memset(r, 0, sizeof(*r));
	r->impl = impl;
	r->live = live;
	r->threads = threads;
	r->cmd = r->res = -1;
	tmp.runner = r;
	if (pipe2(cmd, O_CLOEXEC) || pipe2(res, O_CLOEXEC)) {
		r->state = ST_ERR;
		snprintf(r->why, sizeof(r->why), "pipe2: %s", strerror(errno));
		return r;
	}
	theirs[0] = cmd[0];
	theirs[1] = res[1];
	/* Two threads get every CPU; one runs where the other peers do. */
	r->pid = spawn(&tmp, runner_child, theirs, 2, threads > 1);
	close(cmd[0]);
	close(res[1]);
	r->cmd = cmd[1];
	r->res = res[0];
	alarm(WATCHDOG_S);
	if (read_full(r->res, &msg, sizeof(msg)) != sizeof(msg)) {
		r->state = ST_ERR;
		snprintf(r->why, sizeof(r->why), "runner died");
	} else if (msg.v) {
		r->state = msg.v == -2 ? ST_NA : ST_ERR;
		snprintf(r->why, sizeof(r->why), "%s", msg.why);
	}
	alarm(0);
	return r;
}

static void runners_stop(void)
{
	for (int i = 0; i < nrunners; i++) {
		struct runner *r = &runners[i];
		int st;

		if (r->cmd >= 0)
			close(r->cmd);
		if (r->res >= 0)
			close(r->res);
		if (r->pid > 0) {
			waitpid(r->pid, &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st)) {
				fprintf(stderr, "zx-bench: handle runner %d "
					"failed\n", i);
				errors++;
			}
		}
	}
	nrunners = 0;
}

static int setup_hops(struct mech *m)
{
	struct runner *r = m->runner;

	if (!r)
		return merr(m, "too many runners");
	if (r->state != ST_OK) {
		m->state = r->state;
		snprintf(m->why, sizeof(m->why), "%s", r->why);
		return -1;
	}
	return 0;
}

static int64_t run_hops(struct mech *m, uint64_t n)
{
	struct runner *r = m->runner;
	struct runner_cmd c = { .n = n, .op = m->op };
	struct runner_msg msg;

	if (write_full(r->cmd, &c, sizeof(c)) < 0)
		return perr(m, "runner command");
	if (read_full(r->res, &msg, sizeof(msg)) != sizeof(msg))
		return merr(m, "runner died");
	if (msg.v < 0)
		return merr(m, "%s", msg.why);
	return msg.v;
}

static void teardown_none(struct mech *m)
{
	(void)m;
}

/* --------------------------------------------------- wake-up latency */

/*
 * Ping-pong of signals between two processes; a run of n round trips is
 * 2n wake-ups.  Ours: an event pair, each side setting a user signal on
 * the other and clearing the one it set the round before, so a round is
 * one zx_object_signal_peer() and one zx_object_wait_one() per side.
 */
static zx_signals_t wake_bit(uint64_t k)
{
	return k & 1 ? ZX_USER_SIGNAL_1 : ZX_USER_SIGNAL_0;
}

static int zx_wake_child(struct mech *m, int *fds)
{
	zx_handle_t h;
	zx_signals_t seen;
	zx_status_t s;
	uint64_t k;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	for (k = 1;; k++) {
		s = zx_object_wait_one(h, wake_bit(k) |
				       ZX_EVENTPAIR_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			return cfail(m, "wait_one: %s", zx_status_get_string(s));
		if (!(seen & wake_bit(k)))
			return 0;	/* peer closed */
		s = zx_object_signal_peer(h, wake_bit(k + 1), wake_bit(k));
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "signal_peer: %s",
				     zx_status_get_string(s));
	}
}

static int setup_zx_wake(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_eventpair_create(0, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_eventpair_create", s);
	return zx_peer(m, theirs, zx_wake_child);
}

static int64_t run_zx_wake(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	zx_signals_t seen;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		uint64_t k = ++m->seq;

		s = zx_object_signal_peer(m->h[0], wake_bit(k + 1),
					  wake_bit(k));
		if (s != ZX_OK)
			return zerr(m, "zx_object_signal_peer", s);
		s = zx_object_wait_one(m->h[0], wake_bit(k) |
				       ZX_EVENTPAIR_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			return zerr(m, "zx_object_wait_one", s);
		if (!(seen & wake_bit(k)))
			return merr(m, "peer closed");
	}
	return now_ns() - t0;
}

static int efd_wake_child(struct mech *m, int *fds)
{
	uint64_t v;

	for (;;) {
		if (read(fds[0], &v, 8) != 8)
			return cfail(m, "read: %s", strerror(errno));
		if (v != 1)
			return 0;	/* told to stop */
		if (write(fds[1], &v, 8) != 8)
			return cfail(m, "write: %s", strerror(errno));
	}
}

static int setup_efd_wake(struct mech *m)
{
	int theirs[2];

	m->fd[0] = eventfd(0, EFD_CLOEXEC);
	m->fd[1] = eventfd(0, EFD_CLOEXEC);
	if (m->fd[0] < 0 || m->fd[1] < 0)
		return perr(m, "eventfd");
	theirs[0] = m->fd[0];
	theirs[1] = m->fd[1];
	m->pid = spawn(m, efd_wake_child, theirs, 2, false);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static void teardown_efd_wake(struct mech *m)
{
	uint64_t stop = 100;

	if (m->fd[0] >= 0 && write(m->fd[0], &stop, 8) != 8)
		perr(m, "eventfd stop");
	teardown_std(m);
}

static int64_t run_efd_wake(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i, v = 1;

	for (i = 0; i < n; i++) {
		if (write(m->fd[0], &v, 8) != 8)
			return perr(m, "eventfd write");
		if (read(m->fd[1], &v, 8) != 8)
			return perr(m, "eventfd read");
		if (v != 1)
			return merr(m, "eventfd counted %" PRIu64, v);
	}
	return now_ns() - t0;
}

/* Futexes in a shared mapping: [0] is ours to the peer, [1] back. */
#define FUTEX_STOP 0xffffffffu

static long sys_futex(uint32_t *uaddr, int op, uint32_t val)
{
	return syscall(SYS_futex, uaddr, op, val, NULL, NULL, 0);
}

static int futex_wake_child(struct mech *m, int *fds)
{
	uint32_t *f = m->shared, last = 0, v;

	(void)fds;
	for (;;) {
		while ((v = __atomic_load_n(&f[0], __ATOMIC_ACQUIRE)) == last)
			sys_futex(&f[0], FUTEX_WAIT, last);
		if (v == FUTEX_STOP)
			return 0;
		last = v;
		__atomic_store_n(&f[1], v, __ATOMIC_RELEASE);
		sys_futex(&f[1], FUTEX_WAKE, 1);
	}
}

static int setup_futex_wake(struct mech *m)
{
	m->shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m->shared == MAP_FAILED) {
		m->shared = NULL;
		return perr(m, "mmap");
	}
	memset(m->shared, 0, 4096);
	m->pid = spawn(m, futex_wake_child, NULL, 0, false);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static void teardown_futex_wake(struct mech *m)
{
	uint32_t *f = m->shared;

	if (f) {
		__atomic_store_n(&f[0], FUTEX_STOP, __ATOMIC_RELEASE);
		sys_futex(&f[0], FUTEX_WAKE, 1);
	}
	reap(m);
	if (f)
		munmap(f, 4096);
	m->shared = NULL;
}

static int64_t run_futex_wake(struct mech *m, uint64_t n)
{
	uint32_t *f = m->shared, v;
	uint64_t t0 = now_ns(), i;

	for (i = 0; i < n; i++) {
		uint32_t k = (uint32_t)++m->seq;

		if (k == FUTEX_STOP || k == 0)
			k = (uint32_t)(m->seq = 1);
		__atomic_store_n(&f[0], k, __ATOMIC_RELEASE);
		sys_futex(&f[0], FUTEX_WAKE, 1);
		while ((v = __atomic_load_n(&f[1], __ATOMIC_ACQUIRE)) != k)
			sys_futex(&f[1], FUTEX_WAIT, v);
	}
	return now_ns() - t0;
}

/* --------------------------------------------------------------- plan */

static bool selected(const char *key)
{
	const char *p = opt.only;
	size_t n = strlen(key);

	if (!p || !strcmp(p, "all"))
		return true;
	while (*p) {
		if (!strncmp(p, key, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

static struct group *new_group(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static struct group *new_group(const char *key, const char *fmt, ...)
{
	struct group *g = &groups[ngroups++];
	va_list ap;

	memset(g, 0, sizeof(*g));
	g->key = key;
	va_start(ap, fmt);
	vsnprintf(g->title, sizeof(g->title), fmt, ap);
	va_end(ap);
	return g;
}

static int add(struct group *g, const char *name, setup_fn s, run_fn r,
	       teardown_fn t, size_t size)
{
	struct mech *m = &g->m[g->nm];

	memset(m, 0, sizeof(*m));
	m->name = name;
	m->setup = s;
	m->run = r;
	m->teardown = t;
	m->size = size;
	m->per = 1;
	for (int i = 0; i < 4; i++)
		m->fd[i] = -1;
	return g->nm++;
}

static void compare(struct group *g, const char *label, int a, int b,
		    double target, size_t bytes, bool ops)
{
	struct cmp *c = &g->c[g->nc++];

	c->label = label ? label : g->title;
	c->a = a;
	c->b = b;
	c->target = target;
	c->bytes = bytes;
	c->ops = ops;
}

static const char *size_name(size_t s)
{
	static char names[16][32];
	static int next;
	char *b = names[next++ % 16];

	if (s >= 1 << 20 && !(s % (1 << 20)))
		snprintf(b, 32, "%zu MiB", s >> 20);
	else if (s >= 1024 && !(s % 1024))
		snprintf(b, 32, "%zu KiB", s >> 10);
	else
		snprintf(b, 32, "%zu B", s);
	return b;
}

static void plan_rt(void)
{
	static const size_t sizes[] = { 0, 64, 4096, 65536 };
	struct group *g;
	int z, s, p, b, i;

	for (i = 0; i < 4; i++) {
		size_t sz = sizes[i];
		/* The targets: at most 1.0 against the socketpair. */
		double t = 1.0;

		g = new_group("rt", "channel round trip %s", size_name(sz));
		z = add(g, "zx_channel", setup_zx_echo, run_zx_rt,
			teardown_std, sz);
		s = add(g, "socketpair", setup_sock_echo, run_sock_rt,
			teardown_std, sz);
		p = add(g, sz ? "pipe" : "pipe (1 B)", setup_pipe_echo,
			run_pipe_rt, teardown_std, sz);
		b = add(g, "binder", setup_binder, run_binder_rt,
			teardown_binder, sz);
		compare(g, NULL, z, s, t, 0, false);
		compare(g, NULL, z, p, 0, 0, false);
		compare(g, NULL, z, b, 0, 0, false);
	}
	g = new_group("rt", "round trip 64 B + 1 handle");
	z = add(g, "zx_channel", setup_zx_echo, run_zx_rt, teardown_std, 64);
	g->m[z].nh = 1;
	s = add(g, "SCM_RIGHTS", setup_sock_echo, run_sock_rt, teardown_std,
		64);
	g->m[s].nh = 1;
	b = add(g, "binder fd", setup_binder, run_binder_rt, teardown_binder,
		64);
	g->m[b].nh = 1;
	compare(g, NULL, z, s, 0.8, 0, false);
	compare(g, NULL, z, b, 0, 0, false);
}

static void plan_call(void)
{
	static const size_t sizes[] = { 16, 64, 4096, 65536 };
	struct group *g;
	int z, s, p, b, i;

	for (i = 0; i < 4; i++) {
		size_t sz = sizes[i];

		g = new_group("call", "zx_channel_call %s", size_name(sz));
		z = add(g, "zx_channel_call", setup_zx_echo, run_zx_call,
			teardown_std, sz);
		s = add(g, "socketpair", setup_sock_echo, run_sock_rt,
			teardown_std, sz);
		p = add(g, "pipe", setup_pipe_echo, run_pipe_rt,
			teardown_std, sz);
		b = add(g, "binder", setup_binder, run_binder_rt,
			teardown_binder, sz);
		compare(g, NULL, z, s, 0, 0, false);
		compare(g, NULL, z, p, 0, 0, false);
		compare(g, NULL, z, b, 0, 0, false);
	}
}

static void plan_tput(void)
{
	static const size_t sizes[] = { 4096, 65536 };
	struct group *g;
	int z, s, p, i;

	for (i = 0; i < 2; i++) {
		size_t sz = sizes[i];

		g = new_group("tput", "one-way stream %s msgs",
			      size_name(sz));
		z = add(g, "zx_channel", setup_zx_sink, run_zx_tput,
			teardown_std, sz);
		s = add(g, "socketpair", setup_sock_sink, run_fd_tput,
			teardown_sock_sink, sz);
		p = add(g, "pipe", setup_pipe_sink, run_fd_tput,
			teardown_std, sz);
		compare(g, NULL, z, s, 0, sz, true);
		compare(g, NULL, z, p, 0, sz, true);
	}
}

static void plan_vmo(void)
{
	static const size_t sizes[] = { 4096, 65536, 1 << 20, 16 << 20 };
	struct group *g;
	int v, f, c, i, rw;

	for (rw = VMO_READ; rw <= VMO_WRITE; rw++) {
		for (i = 0; i < 4; i++) {
			size_t sz = sizes[i];
			bool r = rw == VMO_READ;

			g = new_group("vmo", "%s %s", r ? "vmo read" :
				      "vmo write", size_name(sz));
			v = add(g, r ? "zx_vmo_read" : "zx_vmo_write",
				setup_vmo, run_vmo, teardown_local, sz);
			f = add(g, r ? "memfd pread" : "memfd pwrite",
				setup_memfd, run_memfd, teardown_local, sz);
			c = add(g, "memcpy", setup_memcpy, run_memcpy,
				teardown_local, sz);
			g->m[v].op = g->m[f].op = rw;
			compare(g, NULL, v, f, sz >= 65536 ? 1.10 : 0, sz,
				false);
			compare(g, NULL, v, c, 0, sz, false);
		}
	}
}

static void plan_handles(void)
{
	static const char *const opname[NR_OPS] = {
		"create+close", "duplicate+close", "get_info",
	};
	static const char *const fdname[NR_OPS] = {
		"eventfd+close", "dup+close", "fstat",
	};
	static char labels[NR_OPS][5][48];
	static char live_s[32];
	struct group *g;
	int op;

	snprintf(live_s, sizeof(live_s), "%ldk", opt.live / 1000);
	if (opt.live % 1000)
		snprintf(live_s, sizeof(live_s), "%ld", opt.live);
	for (op = 0; op < NR_OPS; op++) {
		int z10, zl, z2, f10, fl, f2;

		g = new_group("handles", "handle %s", opname[op]);
		z10 = add(g, "zx, 10 live", setup_hops, run_hops,
			  teardown_none, 0);
		zl = add(g, "zx, many live", setup_hops, run_hops,
			 teardown_none, 0);
		z2 = add(g, "zx, 2 threads", setup_hops, run_hops,
			 teardown_none, 0);
		f10 = add(g, fdname[op], setup_hops, run_hops,
			  teardown_none, 0);
		fl = add(g, "fds many live", setup_hops, run_hops,
			 teardown_none, 0);
		f2 = add(g, "fds 2 threads", setup_hops, run_hops,
			 teardown_none, 0);
		g->m[z10].runner = runner_get(IMPL_ZX, 10, 1);
		g->m[zl].runner = runner_get(IMPL_ZX, opt.live, 1);
		g->m[z2].runner = runner_get(IMPL_ZX, 10, 2);
		g->m[f10].runner = runner_get(IMPL_FD, 10, 1);
		g->m[fl].runner = runner_get(IMPL_FD, opt.live, 1);
		g->m[f2].runner = runner_get(IMPL_FD, 10, 2);
		for (int i = 0; i < g->nm; i++)
			g->m[i].op = op;
		snprintf(labels[op][3], 48, "zx, %s live", live_s);
		g->m[zl].name = labels[op][3];
		snprintf(labels[op][0], 48, "%s, 10 live", opname[op]);
		snprintf(labels[op][1], 48, "%s, %s live", opname[op], live_s);
		snprintf(labels[op][2], 48, "%s, %s/10 live", opname[op],
			 live_s);
		snprintf(labels[op][4], 48, "%s, 2 threads", opname[op]);
		compare(g, labels[op][0], z10, f10, 0, 0, true);
		compare(g, labels[op][1], zl, fl, 0, 0, true);
		compare(g, labels[op][2], zl, z10, 1.10, 0, true);
		compare(g, labels[op][4], z2, f2, 0, 0, true);
	}
}

static void plan_wake(void)
{
	struct group *g = new_group("wake", "wake-up latency");
	int z, e, f;

	z = add(g, "zx_object_wait_one", setup_zx_wake, run_zx_wake,
		teardown_std, 0);
	e = add(g, "eventfd", setup_efd_wake, run_efd_wake,
		teardown_efd_wake, 0);
	f = add(g, "futex", setup_futex_wake, run_futex_wake,
		teardown_futex_wake, 0);
	g->m[z].per = g->m[e].per = g->m[f].per = 2;
	compare(g, NULL, z, e, 0, 0, false);
	compare(g, NULL, z, f, 0, 0, false);
}

/* ---------------------------------------------------------------- run */

static void on_alarm(int sig)
{
	static const char msg[] = "zx-bench: watchdog: stuck in ";
	const char *n = current_mech;

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0 ||
	    write(2, n, strlen(n)) < 0 || write(2, "\n", 1) < 0)
		_exit(3);
	_exit(3);
}

static int64_t run_once(struct mech *m, uint64_t n)
{
	int64_t ns;

	current_mech = m->name;
	alarm(WATCHDOG_S);
	ns = m->run(m, n);
	alarm(0);
	if (ns < 0 && m->state == ST_OK)
		merr(m, "failed");
	return ns;
}

static bool is_tput(const struct mech *m)
{
	return m->run == run_zx_tput || m->run == run_fd_tput;
}

/*
 * Picks the iteration count for one trial of about --trial-ms, from the
 * fastest time per operation seen while growing a run to a quarter of
 * that (one slow run, e.g. while the host is busy, must not shrink the
 * trials to a few iterations).  A first run of one iteration, not
 * counted, warms up: the peer's start, first faults.
 */
static void calibrate(struct mech *m)
{
	double target = opt.trial_ms * 1e6, best = 0, per, grow;
	uint64_t n = 1;
	int64_t ns;

	if (opt.smoke) {
		m->iters = 3;
		run_once(m, 2);
		return;
	}
	if (run_once(m, 1) < 0)
		return;
	for (;;) {
		ns = run_once(m, n);
		if (ns < 0)
			return;
		if (is_tput(m))
			n = tput_round(n);
		per = (double)(ns > 0 ? ns : 1) / n;
		if (!best || per < best)
			best = per;
		if (ns >= target / 4 || n >= (1ULL << 40))
			break;
		grow = target / 4 / (ns > 0 ? ns : 1);
		n = (uint64_t)(n * (grow < 2 ? 2 : grow > 64 ? 64 : grow));
	}
	m->iters = (uint64_t)(target / best);
	if (m->iters < 1)
		m->iters = 1;
	/* A throughput run moves whole acknowledgement batches. */
	if (is_tput(m))
		m->iters = tput_round(m->iters);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void stats(struct mech *m)
{
	double v[MAX_TRIALS];

	if (!m->n)
		return;
	memcpy(v, m->ns, m->n * sizeof(v[0]));
	qsort(v, m->n, sizeof(v[0]), cmp_double);
	m->min = v[0];
	m->max = v[m->n - 1];
	m->med = m->n % 2 ? v[m->n / 2] : (v[m->n / 2 - 1] + v[m->n / 2]) / 2;
}

/* --filter: "group title/mechanism name" must contain the pattern. */
static bool filtered_out(const struct group *g, const struct mech *m)
{
	char full[128];

	if (!opt.filter)
		return false;
	snprintf(full, sizeof(full), "%s/%s", g->title, m->name);
	return !strstr(full, opt.filter);
}

static void run_group(struct group *g)
{
	int i, t;

	for (i = 0; i < g->nm; i++) {
		struct mech *m = &g->m[i];

		current_mech = m->name;
		if (filtered_out(g, m)) {
			mna(m, "not selected");
			continue;
		}
		m->state = ST_OK;
		alarm(WATCHDOG_S);
		m->setup(m);
		alarm(0);
		if (m->state == ST_OK)
			calibrate(m);
	}
	for (t = 0; t < opt.trials; t++) {
		for (i = 0; i < g->nm; i++) {
			struct mech *m = &g->m[(i + t) % g->nm];
			int64_t ns;

			if (m->state != ST_OK)
				continue;
			ns = run_once(m, m->iters);
			if (ns >= 0) {
				double ops = m->iters * m->per;

				if (is_tput(m))
					ops = tput_round(m->iters);
				m->ns[m->n++] = ns / ops;
			}
		}
	}
	for (i = 0; i < g->nm; i++) {
		struct mech *m = &g->m[i];

		current_mech = m->name;
		if (!filtered_out(g, m))
			m->teardown(m);
		stats(m);
		if (m->state == ST_ERR)
			errors++;
	}
}

/* ------------------------------------------------------------ output */

static void fmt_time(char *b, size_t bl, double ns, double unit_of)
{
	static const struct {
		double div;
		const char *u;
	} units[] = { { 1, "ns" }, { 1e3, "us" }, { 1e6, "ms" }, { 1e9, "s" } };
	int u = 0;

	while (u < 3 && unit_of >= units[u + 1].div)
		u++;
	if (ns / units[u].div < 10)
		snprintf(b, bl, "%.2f%s", ns / units[u].div, units[u].u);
	else if (ns / units[u].div < 100)
		snprintf(b, bl, "%.1f%s", ns / units[u].div, units[u].u);
	else
		snprintf(b, bl, "%.0f%s", ns / units[u].div, units[u].u);
}

static void fmt_fig(char *b, size_t bl, const struct mech *m)
{
	char med[16], lo[16], hi[16];

	if (m->state != ST_OK || !m->n) {
		snprintf(b, bl, "%s", m->state == ST_NA ? "n/a" : "error");
		return;
	}
	fmt_time(med, sizeof(med), m->med, m->med);
	fmt_time(lo, sizeof(lo), m->min, m->med);
	fmt_time(hi, sizeof(hi), m->max, m->med);
	/* The spread without the unit the median already shows. */
	lo[strcspn(lo, "nums")] = 0;
	hi[strcspn(hi, "nums")] = 0;
	snprintf(b, bl, "%-8s [%s-%s]", med, lo, hi);
}

static bool cmp_ok(const struct group *g, const struct cmp *c)
{
	const struct mech *a = &g->m[c->a], *b = &g->m[c->b];

	return a->state == ST_OK && b->state == ST_OK && a->n && b->n;
}

static const char *verdict(const struct group *g, const struct cmp *c)
{
	if (!c->target)
		return "";
	if (!cmp_ok(g, c))
		return "n/a";
	return g->m[c->a].med / g->m[c->b].med <= c->target ? "met" : "MISSED";
}

static void fmt_rate(char *b, size_t bl, const struct cmp *c, double ns)
{
	double ops = 1e9 / ns;
	char o[24];

	if (ops >= 1e6)
		snprintf(o, sizeof(o), "%.3gM", ops / 1e6);
	else if (ops >= 1e3)
		snprintf(o, sizeof(o), "%.3gk", ops / 1e3);
	else
		snprintf(o, sizeof(o), "%.3g", ops);
	if (c->bytes && c->ops)
		snprintf(b, bl, "%.0f MB/s %s msg/s", c->bytes / ns * 1e3, o);
	else if (c->bytes)
		snprintf(b, bl, "%.0f MB/s", c->bytes / ns * 1e3);
	else if (c->ops)
		snprintf(b, bl, "%s op/s", o);
	else
		b[0] = 0;
}

static void print_table(void)
{
	char fa[64], fb[64], ra[400], rb[400], ratio[16], tgt[16], note[820];
	int gi, ci;

	if (opt.markers)
		printf("ZXBENCH-TABLE-BEGIN\n");
	printf("%-34s %-18s %-22s %-16s %-22s %6s %7s %-7s %s\n",
	       "benchmark", "ours", "median [min-max]", "baseline",
	       "median [min-max]", "ratio", "target", "verdict", "rates");
	for (gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];
			struct mech *a = &g->m[c->a], *b = &g->m[c->b];

			fmt_fig(fa, sizeof(fa), a);
			fmt_fig(fb, sizeof(fb), b);
			ratio[0] = tgt[0] = note[0] = 0;
			if (cmp_ok(g, c)) {
				snprintf(ratio, sizeof(ratio), "%.2f",
					 a->med / b->med);
				fmt_rate(ra, sizeof(ra), c, a->med);
				fmt_rate(rb, sizeof(rb), c, b->med);
				if (ra[0])
					snprintf(note, sizeof(note), "%s vs %s",
						 ra, rb);
			} else {
				snprintf(note, sizeof(note), "%s",
					 a->state != ST_OK ? a->why : b->why);
			}
			if (c->target)
				snprintf(tgt, sizeof(tgt), "<=%.2f", c->target);
			printf("%-34s %-18s %-22s %-16s %-22s %6s %7s %-7s %s\n",
			       c->label, a->name, fa, b->name, fb, ratio, tgt,
			       verdict(g, c), note);
		}
	}
	if (opt.markers)
		printf("ZXBENCH-TABLE-END\n");
	fflush(stdout);
}

static void csv_field(FILE *f, const char *s, bool last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	fputc(last ? '\n' : ',', f);
}

static void csv_num(FILE *f, bool have, double v)
{
	if (have)
		fprintf(f, "%.1f,", v);
	else
		fputc(',', f);
}

static void write_csv(FILE *f)
{
	int gi, ci;

	fprintf(f, "benchmark,ours,ours_median_ns,ours_min_ns,ours_max_ns,"
		"baseline,baseline_median_ns,baseline_min_ns,baseline_max_ns,"
		"ratio,target,verdict,bytes_per_op,ours_MBps,baseline_MBps,"
		"ours_ops_per_s,baseline_ops_per_s,trials,ours_iters,"
		"baseline_iters,note\n");
	for (gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];
			struct mech *a = &g->m[c->a], *b = &g->m[c->b];
			bool ha = a->state == ST_OK && a->n;
			bool hb = b->state == ST_OK && b->n;
			bool ok = ha && hb;

			csv_field(f, c->label, false);
			csv_field(f, a->name, false);
			csv_num(f, ha, a->med);
			csv_num(f, ha, a->min);
			csv_num(f, ha, a->max);
			csv_field(f, b->name, false);
			csv_num(f, hb, b->med);
			csv_num(f, hb, b->min);
			csv_num(f, hb, b->max);
			if (ok)
				fprintf(f, "%.4f,", a->med / b->med);
			else
				fputc(',', f);
			if (c->target)
				fprintf(f, "%.2f,", c->target);
			else
				fputc(',', f);
			fprintf(f, "%s,", verdict(g, c));
			fprintf(f, "%zu,", c->bytes);
			csv_num(f, ha && c->bytes, c->bytes / a->med * 1e3);
			csv_num(f, hb && c->bytes, c->bytes / b->med * 1e3);
			csv_num(f, ha, 1e9 / a->med);
			csv_num(f, hb, 1e9 / b->med);
			fprintf(f, "%d,%" PRIu64 ",%" PRIu64 ",", opt.trials,
				a->iters, b->iters);
			csv_field(f, ok ? "" : a->state != ST_OK ? a->why :
				  b->why, true);
		}
	}
}

static void tap_group(const struct group *g)
{
	for (int i = 0; i < g->nm; i++) {
		const struct mech *m = &g->m[i];

		tap_n++;
		if (m->state == ST_OK) {
			tap_pass++;
			printf("ok %d %s: %s\n", tap_n, g->title, m->name);
		} else if (m->state == ST_NA) {
			tap_skip++;
			printf("ok %d %s: %s # SKIP %s\n", tap_n, g->title,
			       m->name, m->why);
		} else {
			tap_fail++;
			printf("not ok %d %s: %s # %s\n", tap_n, g->title,
			       m->name, m->why);
		}
	}
	fflush(stdout);
}

/* -------------------------------------------------------------- main */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: zx-bench [options]\n"
		"  -b, --bench LIST   comma list of: rt, call, tput, vmo, handles, "
		"wake (default all)\n"
		"  -f, --filter PAT   only the mechanisms whose \"group/name\" "
		"contains PAT\n"
		"                     (e.g. \"round trip 64 KiB/zx\"; for "
		"profiling)\n"
		"  -o, --csv FILE     write the results as CSV to FILE\n"
		"  -s, --smoke        a few iterations of each, no timing "
		"worth reading\n"
		"  -q, --quick        5 trials of 20 ms\n"
		"  -t, --trials N     trials per mechanism (default %d, max %d)\n"
		"  -T, --trial-ms MS  length of one trial (default %d)\n"
		"  -c, --cpus MODE    same (default: both processes on one CPU),"
		" split, none\n"
		"      --no-batch     SCHED_OTHER instead of SCHED_BATCH (wakeups "
		"may preempt)\n"
		"  -L, --live N       live handles for the scaling runs "
		"(default %ld; 1000 with --smoke)\n"
		"  -B, --binder DEV   binder device (default /dev/binder)\n"
		"      --tap          TAP output, one case per mechanism, no "
		"table\n"
		"      --markers      table and CSV between marker lines "
		"(for the VM log)\n",
		opt.trials, MAX_TRIALS, opt.trial_ms, opt.live);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "bench", required_argument, NULL, 'b' },
		{ "csv", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'f' },
		{ "smoke", no_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'q' },
		{ "trials", required_argument, NULL, 't' },
		{ "trial-ms", required_argument, NULL, 'T' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "live", required_argument, NULL, 'L' },
		{ "binder", required_argument, NULL, 'B' },
		{ "tap", no_argument, NULL, 1 },
		{ "markers", no_argument, NULL, 2 },
		{ "no-batch", no_argument, NULL, 3 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool live_set = false;
	int c;

	while ((c = getopt_long(argc, argv, "b:f:o:sqt:T:c:L:B:h", lo,
				NULL)) != -1) {
		switch (c) {
		case 'b':
			opt.only = optarg;
			break;
		case 'f':
			opt.filter = optarg;
			break;
		case 'o':
			opt.csv = optarg;
			break;
		case 's':
			opt.smoke = true;
			opt.trials = 2;
			break;
		case 'q':
			opt.trials = 5;
			opt.trial_ms = 20;
			break;
		case 't':
			opt.trials = atoi(optarg);
			break;
		case 'T':
			opt.trial_ms = atoi(optarg);
			break;
		case 'c':
			if (!strcmp(optarg, "same"))
				opt.cpus = CPUS_SAME;
			else if (!strcmp(optarg, "split"))
				opt.cpus = CPUS_SPLIT;
			else if (!strcmp(optarg, "none"))
				opt.cpus = CPUS_NONE;
			else
				goto bad;
			break;
		case 'L':
			opt.live = atol(optarg);
			live_set = true;
			break;
		case 'B':
			opt.binder_dev = optarg;
			break;
		case 1:
			opt.tap = true;
			break;
		case 2:
			opt.markers = true;
			break;
		case 3:
			opt.batch = false;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto bad;
		}
	}
	if (optind != argc || opt.trials < 1 || opt.trials > MAX_TRIALS ||
	    opt.trial_ms < 1 || opt.live < 10)
		goto bad;
	if (opt.smoke && !live_set)
		opt.live = 1000;
	return;
bad:
	usage(stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const char *const keys[] = {
		"rt", "call", "tput", "vmo", "handles", "wake",
	};
	static const char *const cpus[] = { "same", "split", "none" };
	struct utsname u;
	int gi, i, ncpu;
	FILE *f;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt.only) {
		char *copy = strdup(opt.only), *tok, *save = NULL;

		for (tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			for (i = 0; i < 6; i++)
				if (!strcmp(tok, keys[i]))
					break;
			if (i == 6 && strcmp(tok, "all")) {
				fprintf(stderr, "zx-bench: unknown benchmark "
					"'%s'\n", tok);
				usage(stderr);
				return 2;
			}
		}
		free(copy);
	}
	main_pid = getpid();
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);

	if (zx_linux_device_fd() < 0) {
		fprintf(stderr, "zx-bench: /dev/zircon: %s (load zircon.ko)\n",
			strerror(errno));
		if (opt.tap)
			printf("1..0 # SKIP no /dev/zircon\n");
		return 4;
	}

	sched_getaffinity(0, sizeof(allowed), &allowed);
	ncpu = CPU_COUNT(&allowed);
	for (i = 0; i < CPU_SETSIZE; i++) {
		if (!CPU_ISSET(i, &allowed))
			continue;
		if (cpu_first < 0)
			cpu_first = i;
		else if (cpu_second < 0)
			cpu_second = i;
	}
	if (cpu_second < 0)
		cpu_second = cpu_first;
	pin(cpu_first);
	/*
	 * SCHED_BATCH (inherited by every peer): a wakeup never preempts the
	 * task that made it, which then runs on until it blocks.  Under
	 * SCHED_OTHER, whether the woken peer preempts the waker varies from
	 * run to run, and so (by up to half) does a round trip on one CPU.
	 */
	if (opt.batch) {
		struct sched_param sp = { .sched_priority = 0 };

		if (sched_setscheduler(0, SCHED_BATCH, &sp))
			opt.batch = false;
	}

	uname(&u);
	printf("zx-bench: Linux %s, %d CPUs, peers on %s CPUs, %s, %d trials",
	       u.release, ncpu, cpus[opt.cpus],
	       opt.batch ? "SCHED_BATCH" : "SCHED_OTHER", opt.trials);
	if (opt.smoke)
		printf(" of 3 iterations (smoke run: the figures mean nothing)");
	else
		printf(" of ~%d ms", opt.trial_ms);
	printf("; time per operation: median [min-max] over the trials; "
	       "ratio = ours / baseline, lower is better\n");

	if (selected("rt"))
		plan_rt();
	if (selected("call"))
		plan_call();
	if (selected("tput"))
		plan_tput();
	if (selected("vmo"))
		plan_vmo();
	if (selected("wake"))
		plan_wake();
	if (selected("handles"))
		plan_handles();

	if (opt.tap) {
		int n = 0;

		for (gi = 0; gi < ngroups; gi++)
			n += groups[gi].nm;
		printf("TAP version 13\n1..%d\n", n);
	}
	if (selected("rt") || selected("call"))
		binder_start();

	for (gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		if (!opt.tap)
			fprintf(stderr, "zx-bench: %s...\n", g->title);
		run_group(g);
		if (opt.tap)
			tap_group(g);
	}
	binder_stop();
	runners_stop();

	/* A TAP run's figures mean nothing; the cases say it all. */
	if (!opt.tap)
		print_table();
	if (opt.markers) {
		printf("ZXBENCH-CSV-BEGIN\n");
		write_csv(stdout);
		printf("ZXBENCH-CSV-END\n");
	}
	if (opt.csv) {
		f = fopen(opt.csv, "w");
		if (!f) {
			fprintf(stderr, "zx-bench: %s: %s\n", opt.csv,
				strerror(errno));
			return 1;
		}
		write_csv(f);
		if (fclose(f)) {
			fprintf(stderr, "zx-bench: %s: %s\n", opt.csv,
				strerror(errno));
			return 1;
		}
	}
	if (opt.tap)
		printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d "
		       "error:0\n", tap_pass, tap_fail, tap_skip);
	if (errors)
		fprintf(stderr, "zx-bench: %d mechanism(s) failed; see the "
			"table\n", errors);
	return errors ? 1 : 0;
}
