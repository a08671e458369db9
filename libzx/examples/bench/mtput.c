/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: throughput of 64-byte messages with several threads on each
 * side of ONE channel, socketpair (SOCK_SEQPACKET) or pipe: 2 or 4 writer
 * threads in this process, as many reader threads in a forked peer, all
 * sharing the one object (many producers, many consumers).
 *
 * Flow control, the same for every mechanism: writers take sequence
 * numbers from a counter in a shared page, and the writer of number s
 * waits until fewer than MT_WINDOW messages before it are unread
 * (consumed + MT_WINDOW > s); the readers count what they take and wake
 * waiting writers (a futex in that page) every MT_WAKE_EVERY messages.  So at most
 * MT_WINDOW messages are ever queued, well under channel_max_pending.
 *
 * Every message carries its sequence number; the readers add up what they
 * read, and a run fails unless exactly 0..n-1 arrived (count and sum).
 *
 * Placement follows --cpus like every other family: by default (same)
 * every thread of both processes runs on one CPU, so the figure is the
 * cost of the paths with several threads contending for the object and
 * its wait queue, not of inter-processor wake-ups.  Under TCG a halted
 * virtual CPU wakes only at its next timer tick (some 4 ms), which made
 * unpinned runs measure that tick: a first version that spread the
 * threads over both CPUs saw medians of 15 us to 1.3 ms a message with
 * spreads of ten times.  With --cpus split the readers run on the second
 * CPU, with --cpus none wherever the scheduler puts them (for KVM).
 */
#include "bench.h"

#include <limits.h>
#include <stdatomic.h>

#define MT_MSG		64
#define MT_MAX_THREADS	4
#define MT_WINDOW	256
#define MT_WAKE_EVERY	32
/*
 * Messages per trial at the least: a calibration run of one message that
 * met a stall (seen: 20 ms) chose 2 per trial, whose figure was then the
 * cost of starting a run, not of a message.
 */
#define MT_MIN_ITERS	(4 * MT_WINDOW)

enum { MT_ZX, MT_SOCK, MT_PIPE };

/* One page, MAP_SHARED before the fork: both processes see it. */
struct mt_shared {
	_Atomic uint64_t claimed;	/* sequence numbers handed out */
	_Atomic uint64_t consumed;	/* messages the readers took */
	_Atomic uint64_t sum;		/* of the sequence numbers read */
	_Atomic uint64_t target;	/* messages in this run */
	_Atomic uint32_t epoch;		/* futex: progress (see mt_bump) */
	_Atomic uint32_t waiters;	/* on epoch */
	_Atomic uint32_t gen;		/* futex: a run (or the stop) starts */
	_Atomic uint32_t wdone;		/* writers done with this run */
	_Atomic uint32_t failed;
	_Atomic uint32_t stop;
	/* Only this process's: */
	int kind, nthreads, started;
	int fd;				/* MT_SOCK, MT_PIPE: write end */
	zx_handle_t h;			/* MT_ZX: our end */
	char why[120];			/* a writer's failure */
	pthread_t w[MT_MAX_THREADS];
};

static long mt_futex(_Atomic uint32_t *w, int op, uint32_t val,
		     const struct timespec *ts)
{
	return syscall(SYS_futex, (uint32_t *)w, op, val, ts, NULL, 0);
}

/* Progress: whoever waits for the counters looks again. */
static void mt_bump(struct mt_shared *sh)
{
	atomic_fetch_add(&sh->epoch, 1);
	if (atomic_load(&sh->waiters))
		mt_futex(&sh->epoch, FUTEX_WAKE, INT_MAX, NULL);
}

/*
 * Waits until fewer than @window messages before @seq are unread
 * (@window 0: until all @seq are read and every writer is done).  Returns
 * false on a failure, or when @peer (not 0) is gone.
 */
static bool mt_wait(struct mt_shared *sh, uint64_t seq, uint64_t window,
		    pid_t peer)
{
	const struct timespec second = { .tv_sec = 1 };
	bool ready = false;
	uint32_t e;

	for (;;) {
		atomic_fetch_add(&sh->waiters, 1);
		e = atomic_load(&sh->epoch);
		if (window)
			ready = atomic_load(&sh->consumed) + window > seq;
		else
			ready = atomic_load(&sh->consumed) >= seq &&
				atomic_load(&sh->wdone) == (uint32_t)sh->nthreads;
		if (!ready && !atomic_load(&sh->failed))
			mt_futex(&sh->epoch, FUTEX_WAIT, e,
				 peer ? &second : NULL);
		atomic_fetch_sub(&sh->waiters, 1);
		if (atomic_load(&sh->failed))
			return false;
		if (ready)
			return true;
		if (peer) {
			siginfo_t si = { 0 };

			/* Still there?  (WNOWAIT: reap() collects it.) */
			if (!waitid(P_PID, peer, &si,
				    WEXITED | WNOHANG | WNOWAIT) && si.si_pid)
				return false;
		}
	}
}

static void mt_fail(struct mt_shared *sh, const char *what, const char *s)
{
	if (!atomic_exchange(&sh->failed, 1))
		snprintf(sh->why, sizeof(sh->why), "%s: %s", what, s);
	mt_bump(sh);
}

/* One writer's share of a run; false when it failed. */
static bool mt_write_run(struct mt_shared *sh, uint8_t *buf)
{
	uint64_t n = atomic_load(&sh->target), s;
	zx_status_t st;

	for (;;) {
		s = atomic_fetch_add(&sh->claimed, 1);
		if (s >= n)
			return true;
		if (s >= MT_WINDOW && !mt_wait(sh, s, MT_WINDOW, 0))
			return false;
		memcpy(buf, &s, sizeof(s));
		if (sh->kind == MT_ZX) {
			st = zx_channel_write(sh->h, 0, buf, MT_MSG, NULL, 0);
			if (st != ZX_OK) {
				mt_fail(sh, "zx_channel_write",
					zx_status_get_string(st));
				return false;
			}
		} else if (write(sh->fd, buf, MT_MSG) != MT_MSG) {
			mt_fail(sh, "write", strerror(errno));
			return false;
		}
	}
}

static void *mt_writer(void *arg)
{
	struct mt_shared *sh = arg;
	uint8_t buf[MT_MSG];
	uint32_t seen = 0;

	memset(buf, 0x5a, sizeof(buf));
	for (;;) {
		while (atomic_load(&sh->gen) == seen)
			mt_futex(&sh->gen, FUTEX_WAIT, seen, NULL);
		seen = atomic_load(&sh->gen);
		if (atomic_load(&sh->stop))
			return NULL;
		mt_write_run(sh, buf);
		atomic_fetch_add(&sh->wdone, 1);
		mt_bump(sh);
	}
}

/* ------------------------------------------------------------ the peer */

struct mt_reader {
	struct mech *m;
	struct mt_shared *sh;
	int fd;
	zx_handle_t h;
	int rc;
};

/* Takes one message; 1 when the writers' end is closed, -1 on failure. */
static int mt_read_one(struct mt_reader *r, uint8_t *buf)
{
	zx_signals_t seen;
	zx_status_t s;
	uint32_t ab;
	ssize_t n;

	if (r->sh->kind != MT_ZX) {
		n = read(r->fd, buf, MT_MSG);
		if (n == 0)
			return 1;
		if (n == MT_MSG)
			return 0;
		cfail(r->m, "read: %s", n < 0 ? strerror(errno) :
		      "a short message");
		return -1;
	}
	for (;;) {
		s = zx_channel_read(r->h, 0, buf, NULL, MT_MSG, 0, &ab, NULL);
		if (s == ZX_OK && ab == MT_MSG)
			return 0;
		if (s == ZX_OK) {
			cfail(r->m, "got %u bytes", ab);
			return -1;
		}
		if (s == ZX_ERR_PEER_CLOSED)
			return 1;
		if (s != ZX_ERR_SHOULD_WAIT)
			break;
		s = zx_object_wait_one(r->h, ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &seen);
		if (s != ZX_OK)
			break;
	}
	cfail(r->m, "channel: %s", zx_status_get_string(s));
	return -1;
}

static void *mt_reader(void *arg)
{
	struct mt_reader *r = arg;
	struct mt_shared *sh = r->sh;
	uint8_t buf[MT_MSG];
	uint64_t seq, c;
	int got;

	for (;;) {
		got = mt_read_one(r, buf);
		if (got) {
			r->rc = got < 0;
			return NULL;
		}
		memcpy(&seq, buf, sizeof(seq));
		if (seq >= atomic_load(&sh->target)) {
			r->rc = cfail(r->m, "message %" PRIu64 " of %" PRIu64,
				      seq, atomic_load(&sh->target));
			return NULL;
		}
		atomic_fetch_add(&sh->sum, seq);
		c = atomic_fetch_add(&sh->consumed, 1) + 1;
		if (!(c % MT_WAKE_EVERY) || c == atomic_load(&sh->target))
			mt_bump(sh);
	}
}

static int mt_peer(struct mech *m, int *fds)
{
	struct mt_shared *sh = m->shared;
	struct mt_reader r[MT_MAX_THREADS];
	pthread_t t[MT_MAX_THREADS];
	zx_handle_t h = ZX_HANDLE_INVALID;
	int i, rc = 0;

	if (sh->kind == MT_ZX && zx_peer_handle(m, fds, &h))
		return 1;
	for (i = 0; i < sh->nthreads; i++) {
		r[i] = (struct mt_reader){ .m = m, .sh = sh, .fd = fds[0],
					   .h = h };
		if (i && pthread_create(&t[i], NULL, mt_reader, &r[i]))
			return cfail(m, "pthread_create failed");
	}
	mt_reader(&r[0]);
	for (i = 0; i < sh->nthreads; i++) {
		if (i)
			pthread_join(t[i], NULL);
		rc |= r[i].rc;
	}
	/* A reader that fails leaves the writers waiting: say so. */
	if (rc) {
		atomic_store(&sh->failed, 1);
		mt_bump(sh);
	}
	return rc;
}

/* ---------------------------------------------------------- our side */

static int mt_setup(struct mech *m)
{
	struct mt_shared *sh;
	int fds[2], theirs = -1, i;
	zx_handle_t peer;
	zx_status_t s;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return perr(m, "mmap");
	memset(sh, 0, sizeof(*sh));
	m->shared = sh;
	sh->kind = m->op;
	sh->nthreads = (int)m->nh;
	sh->fd = -1;
	if (m->op == MT_ZX) {
		s = zx_channel_create(0, &m->h[0], &peer);
		if (s != ZX_OK)
			return zerr(m, "zx_channel_create", s);
		sh->h = m->h[0];
		s = zx_linux_handle_to_fd(peer, 0, &theirs);
		if (s != ZX_OK)
			return zerr(m, "zx_linux_handle_to_fd", s);
	} else {
		if (m->op == MT_SOCK ?
		    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) :
		    pipe2(fds, O_CLOEXEC))
			return perr(m, m->op == MT_SOCK ? "socketpair" :
				    "pipe2");
		/* A pipe writes into [1]; a socketpair either way. */
		m->fd[0] = sh->fd = m->op == MT_SOCK ? fds[0] : fds[1];
		theirs = m->op == MT_SOCK ? fds[1] : fds[0];
	}
	/* Fork before there are threads. */
	m->pid = spawn(m, mt_peer, &theirs, 1, false);
	close(theirs);
	if (m->pid < 0)
		return perr(m, "fork");
	for (i = 0; i < sh->nthreads; i++) {
		if (pthread_create(&sh->w[i], NULL, mt_writer, sh))
			return merr(m, "pthread_create failed");
		sh->started++;
	}
	return 0;
}

static int64_t mt_run(struct mech *m, uint64_t n)
{
	struct mt_shared *sh = m->shared;
	uint64_t t0, t;

	atomic_store(&sh->claimed, 0);
	atomic_store(&sh->consumed, 0);
	atomic_store(&sh->sum, 0);
	atomic_store(&sh->wdone, 0);
	atomic_store(&sh->target, n);
	t0 = now_ns();
	atomic_fetch_add(&sh->gen, 1);
	mt_futex(&sh->gen, FUTEX_WAKE, INT_MAX, NULL);
	if (!mt_wait(sh, n, 0, m->pid))
		return merr(m, "%s", sh->why[0] ? sh->why :
			    "the readers failed or died");
	t = now_ns() - t0;
	/* Exactly 0..n-1, each once (a lost one would stall the count). */
	if (atomic_load(&sh->consumed) != n ||
	    atomic_load(&sh->sum) != n * (n - 1) / 2)
		return merr(m, "read %" PRIu64 " messages summing to %" PRIu64
			    " for %" PRIu64, atomic_load(&sh->consumed),
			    atomic_load(&sh->sum), n);
	return (int64_t)t;
}

static void mt_teardown(struct mech *m)
{
	struct mt_shared *sh = m->shared;
	int i;

	if (sh) {
		/* Writers stuck on a failed run see "failed" first. */
		atomic_store(&sh->failed, 1);
		mt_bump(sh);
		atomic_store(&sh->stop, 1);
		atomic_fetch_add(&sh->gen, 1);
		mt_futex(&sh->gen, FUTEX_WAKE, INT_MAX, NULL);
		for (i = 0; i < sh->started; i++)
			pthread_join(sh->w[i], NULL);
	}
	/* Closing our end ends the readers: EOF, PEER_CLOSED. */
	teardown_std(m);
	if (sh)
		munmap(sh, sizeof(*sh));
	m->shared = NULL;
}

void plan_mtput(void)
{
	static const unsigned int threads[] = { 2, 4 };
	static const char *const names[] = {
		"zx_channel", "socketpair", "pipe",
	};
	struct group *g;
	int i, k, ix[3];

	for (i = 0; i < 2; i++) {
		g = new_group("mtput", "mt %s msgs %ux%u threads",
			      size_name(MT_MSG), threads[i], threads[i]);
		for (k = 0; k < 3; k++) {
			ix[k] = add(g, names[k], mt_setup, mt_run,
				    mt_teardown, MT_MSG);
			g->m[ix[k]].op = k;	/* MT_ZX, MT_SOCK, MT_PIPE */
			g->m[ix[k]].nh = threads[i];	/* threads per side */
			g->m[ix[k]].min_iters = MT_MIN_ITERS;
		}
		compare(g, NULL, ix[0], ix[1], 0, MT_MSG, true);
		compare(g, NULL, ix[0], ix[2], 0, MT_MSG, true);
	}
}
