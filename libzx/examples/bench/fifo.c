/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: FIFO round trips of 16-byte elements against a pipe: one
 * element (or a batch of 8) to an echo process and back, in the same run.
 * Each side writes, then waits for READABLE and reads (as the channel
 * round trip does): three calls a side, where the pipe's blocking read
 * makes two.
 */
#include "bench.h"

#define FIFO_ESZ	16
#define FIFO_DEPTH	64

/* Elements per operation: the payload is m->size bytes. */
static size_t fifo_count(const struct mech *m)
{
	return m->size / FIFO_ESZ;
}

/* Waits for @sig (or the peer's end) and then moves what is there. */
static zx_status_t fifo_wait(zx_handle_t h, zx_signals_t sig)
{
	zx_signals_t seen;

	return zx_object_wait_one(h, sig | ZX_FIFO_PEER_CLOSED,
				  ZX_TIME_INFINITE, &seen);
}

/*
 * Reads exactly @n elements: waits for READABLE first (the reply or the
 * request is not there yet when this is called), then reads, and waits
 * again only if a read finds the ring empty.
 */
static zx_status_t fifo_read_all(zx_handle_t h, uint8_t *buf, size_t n)
{
	size_t got = 0, actual;
	zx_status_t s;

	s = fifo_wait(h, ZX_FIFO_READABLE);
	if (s != ZX_OK)
		return s;
	while (got < n) {
		s = zx_fifo_read(h, FIFO_ESZ, buf + got * FIFO_ESZ, n - got,
				 &actual);
		if (s == ZX_ERR_SHOULD_WAIT)
			s = fifo_wait(h, ZX_FIFO_READABLE);
		else if (s == ZX_OK)
			got += actual;
		if (s != ZX_OK)
			return s;
	}
	return ZX_OK;
}

/* Writes exactly @n elements, waiting as needed. */
static zx_status_t fifo_write_all(zx_handle_t h, const uint8_t *buf,
				  size_t n)
{
	size_t put = 0, actual;
	zx_status_t s;

	while (put < n) {
		s = zx_fifo_write(h, FIFO_ESZ, buf + put * FIFO_ESZ, n - put,
				  &actual);
		if (s == ZX_ERR_SHOULD_WAIT)
			s = fifo_wait(h, ZX_FIFO_WRITABLE);
		else if (s == ZX_OK)
			put += actual;
		if (s != ZX_OK)
			return s;
	}
	return ZX_OK;
}

static int fifo_echo_child(struct mech *m, int *fds)
{
	uint8_t buf[FIFO_DEPTH * FIFO_ESZ];
	size_t n = fifo_count(m);
	zx_handle_t h;
	zx_status_t s;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	for (;;) {
		s = fifo_read_all(h, buf, n);
		if (s == ZX_OK)
			s = fifo_write_all(h, buf, n);
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "fifo echo: %s",
				     zx_status_get_string(s));
	}
}

static int setup_fifo_echo(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_fifo_create(FIFO_DEPTH, FIFO_ESZ, 0, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_fifo_create", s);
	/* MSG_MAX: what teardown_std() frees. */
	m->buf = xalloc(MSG_MAX);
	m->rbuf = xalloc(MSG_MAX);
	return zx_peer(m, theirs, fifo_echo_child);
}

static int64_t run_fifo_rt(struct mech *m, uint64_t n)
{
	size_t count = fifo_count(m);
	uint64_t t0 = now_ns(), i;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		s = fifo_write_all(m->h[0], m->buf, count);
		if (s == ZX_OK)
			s = fifo_read_all(m->h[0], m->rbuf, count);
		if (s != ZX_OK)
			return zerr(m, "fifo round trip", s);
		if (!stamped(m->rbuf, m->size, i))
			return merr(m, "bad echo");
	}
	return now_ns() - t0;
}

/* The same bytes through a pipe each way. */
static int pipe16_child(struct mech *m, int *fds)
{
	uint8_t buf[FIFO_DEPTH * FIFO_ESZ];
	ssize_t r;

	for (;;) {
		r = read_full(fds[0], buf, m->size);
		if (r == 0)
			return 0;
		if (r != (ssize_t)m->size)
			return cfail(m, "read: %s", r < 0 ? strerror(errno) :
				     "short");
		if (write_full(fds[1], buf, m->size) < 0)
			return errno == EPIPE ? 0 :
			       cfail(m, "write: %s", strerror(errno));
	}
}

static int setup_pipe16(struct mech *m)
{
	m->rbuf = xalloc(MSG_MAX);
	return spawn_over_pipes(m, pipe16_child);
}

static int64_t run_pipe16(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	ssize_t r;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		if (write_full(m->fd[0], m->buf, m->size) < 0)
			return perr(m, "write");
		r = read_full(m->fd[1], m->rbuf, m->size);
		if (r != (ssize_t)m->size || !stamped(m->rbuf, m->size, i))
			return merr(m, "bad echo (%zd bytes)", r);
	}
	return now_ns() - t0;
}

void plan_fifo(void)
{
	static const size_t elems[] = { 1, 8 };
	struct group *g;
	int f, p;

	for (int i = 0; i < 2; i++) {
		size_t sz = elems[i] * FIFO_ESZ;

		g = new_group("fifo", "fifo round trip %zu x 16 B", elems[i]);
		f = add(g, "zx_fifo", setup_fifo_echo, run_fifo_rt,
			teardown_std, sz);
		p = add(g, "pipe", setup_pipe16, run_pipe16, teardown_std,
			sz);
		compare(g, NULL, f, p, 0, 0, false);
	}
}
