/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: wake-up latency of zx_object_wait_one() against eventfd and a futex.
 */
#include "bench.h"

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


void plan_wake(void)
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
	/* A wake-up: a signal_peer on one side, a wait_one on the other. */
	g->m[z].ioctls = 2;
	compare(g, NULL, z, e, 1.0, 0, false);
	compare(g, NULL, z, f, 1.0, 0, false);
}
