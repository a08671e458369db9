/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: ports against epoll.
 *
 *   - a wake-up through a port across two processes (wait_async on an
 *     event pair end, zx_port_wait(), the peer signals), against
 *     epoll_wait() on an eventfd the other process writes: round trips;
 *   - zx_port_queue() + zx_port_wait() in one thread, against an eventfd
 *     write + epoll_wait() + read;
 *   - one signalled object among 10 and among 10,000 armed waits on one
 *     port (signal it, zx_port_wait(), re-arm), against one eventfd among
 *     10 and 10,000 in one epoll set (write it, epoll_wait(), read), and
 *     the 10,000 figure of each over its 10 figure.
 */
#include <sys/epoll.h>

#include <zircon/syscalls/port.h>

#include "bench.h"

/* ----------------------------------------- wake-up through a port */

/*
 * As in wake.c, the two sides of an event pair take turns: round k sets
 * wake_bit(k) on the other end and clears the bit of round k - 1.  Here
 * each side learns of its bit from a packet: before signalling it arms a
 * one-shot wait for the bit the peer will set.
 */
static zx_signals_t pbit(uint64_t k)
{
	return k & 1 ? ZX_USER_SIGNAL_1 : ZX_USER_SIGNAL_0;
}

/* Arms the wait for round @k on @h and waits for its packet. */
static zx_status_t port_round(zx_handle_t h, zx_handle_t port, uint64_t k,
			      bool *closed, bool signal_first)
{
	zx_port_packet_t pkt;
	zx_status_t s;

	*closed = false;
	s = zx_object_wait_async(h, port, k, pbit(k) |
				 ZX_EVENTPAIR_PEER_CLOSED, 0);
	if (s != ZX_OK)
		return s;
	if (signal_first) {
		s = zx_object_signal_peer(h, pbit(k + 1), pbit(k));
		if (s != ZX_OK)
			return s;
	}
	s = zx_port_wait(port, ZX_TIME_INFINITE, &pkt);
	if (s != ZX_OK)
		return s;
	if (pkt.key != k || pkt.type != ZX_PKT_TYPE_SIGNAL_ONE)
		return ZX_ERR_BAD_STATE;
	if (!(pkt.signal.observed & pbit(k)))
		*closed = true;
	return ZX_OK;
}

static int zx_port_wake_child(struct mech *m, int *fds)
{
	zx_handle_t h, port;
	zx_status_t s;
	bool closed;
	uint64_t k;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	s = zx_port_create(0, &port);
	if (s != ZX_OK)
		return cfail(m, "zx_port_create: %s", zx_status_get_string(s));
	for (k = 1;; k++) {
		s = port_round(h, port, k, &closed, false);
		if (s != ZX_OK)
			return cfail(m, "round %" PRIu64 ": %s", k,
				     zx_status_get_string(s));
		if (closed)
			return 0;
		s = zx_object_signal_peer(h, pbit(k + 1), pbit(k));
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "signal_peer: %s",
				     zx_status_get_string(s));
	}
}

static int setup_zx_port_wake(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_port_create(0, &m->h[1]);
	if (s != ZX_OK)
		return zerr(m, "zx_port_create", s);
	s = zx_eventpair_create(0, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_eventpair_create", s);
	return zx_peer(m, theirs, zx_port_wake_child);
}

static int64_t run_zx_port_wake(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	zx_status_t s;
	bool closed;

	for (i = 0; i < n; i++) {
		s = port_round(m->h[0], m->h[1], ++m->seq, &closed, true);
		if (s != ZX_OK)
			return zerr(m, "wait_async/signal_peer/port_wait", s);
		if (closed)
			return merr(m, "peer closed");
	}
	return now_ns() - t0;
}

/* epoll: fd[0] carries our writes to the peer, fd[1] its answers. */
static int epoll_on(int fd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0 };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
		close(ep);
		return -1;
	}
	return ep;
}

static int epoll_wake_child(struct mech *m, int *fds)
{
	struct epoll_event ev;
	int ep = epoll_on(fds[0]);
	uint64_t v;

	if (ep < 0)
		return cfail(m, "epoll: %s", strerror(errno));
	for (;;) {
		if (epoll_wait(ep, &ev, 1, -1) != 1) {
			if (errno == EINTR)
				continue;
			return cfail(m, "epoll_wait: %s", strerror(errno));
		}
		if (read(fds[0], &v, 8) != 8)
			return cfail(m, "read: %s", strerror(errno));
		if (v != 1)
			return 0;	/* told to stop */
		if (write(fds[1], &v, 8) != 8)
			return cfail(m, "write: %s", strerror(errno));
	}
}

static int setup_epoll_wake(struct mech *m)
{
	int theirs[2];

	m->fd[0] = eventfd(0, EFD_CLOEXEC);
	m->fd[1] = eventfd(0, EFD_CLOEXEC);
	if (m->fd[0] < 0 || m->fd[1] < 0)
		return perr(m, "eventfd");
	m->fd[2] = epoll_on(m->fd[1]);
	if (m->fd[2] < 0)
		return perr(m, "epoll");
	theirs[0] = m->fd[0];
	theirs[1] = m->fd[1];
	m->pid = spawn(m, epoll_wake_child, theirs, 2, false);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static void teardown_epoll_wake(struct mech *m)
{
	uint64_t stop = 100;

	if (m->fd[0] >= 0 && write(m->fd[0], &stop, 8) != 8)
		perr(m, "eventfd stop");
	teardown_std(m);
}

static int64_t run_epoll_wake(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i, v;
	struct epoll_event ev;

	for (i = 0; i < n; i++) {
		v = 1;
		if (write(m->fd[0], &v, 8) != 8)
			return perr(m, "eventfd write");
		while (epoll_wait(m->fd[2], &ev, 1, -1) != 1)
			if (errno != EINTR)
				return perr(m, "epoll_wait");
		if (read(m->fd[1], &v, 8) != 8)
			return perr(m, "eventfd read");
		if (v != 1)
			return merr(m, "eventfd counted %" PRIu64, v);
	}
	return now_ns() - t0;
}

/* ------------------------------------------ queue + wait, one thread */

static int setup_zx_queue(struct mech *m)
{
	zx_status_t s = zx_port_create(0, &m->h[0]);

	return s != ZX_OK ? zerr(m, "zx_port_create", s) : 0;
}

static int64_t run_zx_queue(struct mech *m, uint64_t n)
{
	zx_port_packet_t in = { .type = ZX_PKT_TYPE_USER }, out;
	uint64_t t0 = now_ns(), i;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		in.key = ++m->seq;
		s = zx_port_queue(m->h[0], &in);
		if (s != ZX_OK)
			return zerr(m, "zx_port_queue", s);
		s = zx_port_wait(m->h[0], ZX_TIME_INFINITE, &out);
		if (s != ZX_OK)
			return zerr(m, "zx_port_wait", s);
		if (out.key != in.key || out.type != ZX_PKT_TYPE_USER)
			return merr(m, "packet key %" PRIu64 " type %u",
				    out.key, out.type);
	}
	return now_ns() - t0;
}

static int setup_epoll_queue(struct mech *m)
{
	m->fd[0] = eventfd(0, EFD_CLOEXEC);
	if (m->fd[0] < 0)
		return perr(m, "eventfd");
	m->fd[1] = epoll_on(m->fd[0]);
	return m->fd[1] < 0 ? perr(m, "epoll") : 0;
}

static int64_t run_epoll_queue(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i, v;
	struct epoll_event ev;

	for (i = 0; i < n; i++) {
		v = 1;
		if (write(m->fd[0], &v, 8) != 8)
			return perr(m, "eventfd write");
		while (epoll_wait(m->fd[1], &ev, 1, -1) != 1)
			if (errno != EINTR)
				return perr(m, "epoll_wait");
		if (read(m->fd[0], &v, 8) != 8)
			return perr(m, "eventfd read");
		if (v != 1)
			return merr(m, "eventfd counted %" PRIu64, v);
	}
	return now_ns() - t0;
}

/* --------------------------------------------- many registered waits */

#define MANY_WAITS 10000

/*
 * m->size is the number of waits (objects).  Each event has a wait armed
 * for one user signal; signalling it sets that signal and clears the
 * other in one call, and the re-armed wait is for the other, so the
 * object keeps no signal pending that would fire the next wait early.
 * The objects are signalled in turn.
 */
struct many {
	size_t n;
	zx_handle_t port;
	zx_handle_t *ev;
	uint8_t *phase;
	int ep;
	int *efd;
};

static zx_signals_t phase_bit(uint8_t p)
{
	return p ? ZX_USER_SIGNAL_1 : ZX_USER_SIGNAL_0;
}

static void teardown_many(struct mech *m)
{
	struct many *w = m->shared;
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++) {
		if (w->ev && w->ev[i] != ZX_HANDLE_INVALID)
			zx_handle_close(w->ev[i]);
		if (w->efd && w->efd[i] >= 0)
			close(w->efd[i]);
	}
	if (w->port != ZX_HANDLE_INVALID)
		zx_handle_close(w->port);
	if (w->ep >= 0)
		close(w->ep);
	free(w->ev);
	free(w->efd);
	free(w->phase);
	free(w);
	m->shared = NULL;
}

static struct many *many_new(struct mech *m)
{
	struct many *w = calloc(1, sizeof(*w));

	if (!w) {
		merr(m, "out of memory");
		return NULL;
	}
	w->n = m->size;
	w->ep = -1;
	m->shared = w;
	return w;
}

static int setup_zx_many(struct mech *m)
{
	struct many *w = many_new(m);
	zx_status_t s;
	size_t i;

	if (!w)
		return -1;
	w->ev = calloc(w->n, sizeof(*w->ev));
	w->phase = calloc(w->n, 1);
	if (!w->ev || !w->phase)
		return merr(m, "out of memory");
	s = zx_port_create(0, &w->port);
	if (s != ZX_OK)
		return zerr(m, "zx_port_create", s);
	for (i = 0; i < w->n; i++) {
		s = zx_event_create(0, &w->ev[i]);
		if (s != ZX_OK)
			return zerr(m, "zx_event_create", s);
		s = zx_object_wait_async(w->ev[i], w->port, i, phase_bit(0),
					 0);
		if (s != ZX_OK)
			return zerr(m, "zx_object_wait_async", s);
	}
	return 0;
}

static int64_t run_zx_many(struct mech *m, uint64_t n)
{
	struct many *w = m->shared;
	uint64_t t0 = now_ns(), i;
	zx_port_packet_t pkt;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		size_t j = m->seq++ % w->n;
		uint8_t p = w->phase[j];

		s = zx_object_signal(w->ev[j], phase_bit(!p), phase_bit(p));
		if (s != ZX_OK)
			return zerr(m, "zx_object_signal", s);
		s = zx_port_wait(w->port, ZX_TIME_INFINITE, &pkt);
		if (s != ZX_OK)
			return zerr(m, "zx_port_wait", s);
		if (pkt.key != j || !(pkt.signal.observed & phase_bit(p)))
			return merr(m, "packet key %" PRIu64 " for %zu",
				    pkt.key, j);
		w->phase[j] = !p;
		s = zx_object_wait_async(w->ev[j], w->port, j,
					 phase_bit(!p), 0);
		if (s != ZX_OK)
			return zerr(m, "zx_object_wait_async", s);
	}
	return now_ns() - t0;
}

/* Enough descriptors for @n more; 0 or -1 (errno set). */
static int nofile_for(size_t n)
{
	struct rlimit rl;
	rlim_t want = n + 256;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	if (rl.rlim_cur >= want)
		return 0;
	if (rl.rlim_max < want)
		rl.rlim_max = want;	/* root may raise it */
	rl.rlim_cur = want;
	return setrlimit(RLIMIT_NOFILE, &rl);
}

static int setup_epoll_many(struct mech *m)
{
	struct many *w = many_new(m);
	struct epoll_event ev = { .events = EPOLLIN };
	size_t i;

	if (!w)
		return -1;
	w->port = ZX_HANDLE_INVALID;
	if (nofile_for(w->n))
		return mna(m, "RLIMIT_NOFILE: %s", strerror(errno));
	w->efd = malloc(w->n * sizeof(*w->efd));
	if (!w->efd)
		return merr(m, "out of memory");
	for (i = 0; i < w->n; i++)
		w->efd[i] = -1;
	w->ep = epoll_create1(EPOLL_CLOEXEC);
	if (w->ep < 0)
		return perr(m, "epoll_create1");
	for (i = 0; i < w->n; i++) {
		w->efd[i] = eventfd(0, EFD_CLOEXEC);
		if (w->efd[i] < 0)
			return perr(m, "eventfd");
		ev.data.u64 = i;
		if (epoll_ctl(w->ep, EPOLL_CTL_ADD, w->efd[i], &ev))
			return perr(m, "epoll_ctl");
	}
	return 0;
}

static int64_t run_epoll_many(struct mech *m, uint64_t n)
{
	struct many *w = m->shared;
	uint64_t t0 = now_ns(), i, v;
	struct epoll_event ev;

	for (i = 0; i < n; i++) {
		size_t j = m->seq++ % w->n;

		v = 1;
		if (write(w->efd[j], &v, 8) != 8)
			return perr(m, "eventfd write");
		while (epoll_wait(w->ep, &ev, 1, -1) != 1)
			if (errno != EINTR)
				return perr(m, "epoll_wait");
		if (ev.data.u64 != j)
			return merr(m, "event for %" PRIu64 ", not %zu",
				    (uint64_t)ev.data.u64, j);
		if (read(w->efd[j], &v, 8) != 8)
			return perr(m, "eventfd read");
	}
	return now_ns() - t0;
}

void plan_port(void)
{
	static char labels[4][48], names[2][32];
	struct group *g;
	int z, e, z10, zn, e10, en;

	g = new_group("port", "port wake-up, 2 processes");
	z = add(g, "wait_async+wait", setup_zx_port_wake,
		run_zx_port_wake, teardown_std, 0);
	/* wait_async, signal_peer and port_wait on each side */
	g->m[z].ioctls = 6;
	e = add(g, "epoll+eventfd", setup_epoll_wake, run_epoll_wake,
		teardown_epoll_wake, 0);
	compare(g, "port wake-up round trip", z, e, 1.0, 0, false);

	g = new_group("port", "port queue+wait, 1 thread");
	z = add(g, "port_queue+wait", setup_zx_queue, run_zx_queue,
		teardown_std, 0);
	g->m[z].ioctls = 2;
	e = add(g, "eventfd+epoll", setup_epoll_queue, run_epoll_queue,
		teardown_std, 0);
	compare(g, NULL, z, e, 1.0, 0, true);

	g = new_group("port", "port signal+wait+re-arm");
	z10 = add(g, "zx, 10 waits", setup_zx_many, run_zx_many,
		  teardown_many, 10);
	zn = add(g, names[0], setup_zx_many, run_zx_many, teardown_many,
		 MANY_WAITS);
	e10 = add(g, "epoll, 10 fds", setup_epoll_many, run_epoll_many,
		  teardown_many, 10);
	en = add(g, names[1], setup_epoll_many, run_epoll_many,
		 teardown_many, MANY_WAITS);
	/* signal, port_wait, wait_async */
	g->m[z10].ioctls = g->m[zn].ioctls = 3;
	snprintf(names[0], sizeof(names[0]), "zx, %dk waits",
		 MANY_WAITS / 1000);
	snprintf(names[1], sizeof(names[1]), "epoll, %dk fds",
		 MANY_WAITS / 1000);
	snprintf(labels[0], 48, "port wait, 10 waits");
	snprintf(labels[1], 48, "port wait, %dk waits", MANY_WAITS / 1000);
	snprintf(labels[2], 48, "port wait, %dk/10 waits", MANY_WAITS / 1000);
	snprintf(labels[3], 48, "epoll, %dk/10 fds", MANY_WAITS / 1000);
	compare(g, labels[0], z10, e10, 1.0, 0, true);
	compare(g, labels[1], zn, en, 1.0, 0, true);
	compare(g, labels[2], zn, z10, 1.10, 0, true);
	compare(g, labels[3], en, e10, 0, 0, true);
}
