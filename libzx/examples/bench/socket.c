/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: Zircon sockets against Unix sockets and pipes, two processes.
 *
 *   - one-way stream throughput with 4 KiB and 64 KiB writes: a
 *     ZX_SOCKET_STREAM socket, a SOCK_STREAM socketpair and a pipe.  The
 *     reader takes whatever is there and acknowledges every ACK_MSGS
 *     writes' worth of bytes with one byte back; the writer pads its last
 *     round to a whole acknowledgement;
 *   - datagram round trips of 64 bytes: a ZX_SOCKET_DATAGRAM socket
 *     (each side writes, waits for READABLE and reads, as the channel
 *     round trip does) against a SOCK_SEQPACKET socketpair (blocking send
 *     and recv).
 *
 * Each group is measured in the same run; the rows are ratios, with no
 * target.
 */
#include <poll.h>

#include "bench.h"

#define ACK_MSGS	8
#define DGRAM_SIZE	64

/* Bytes that earn one acknowledgement. */
static uint64_t ack_bytes(const struct mech *m)
{
	return (uint64_t)ACK_MSGS * m->size;
}

/* --------------------------------------------- Zircon stream sockets */

static zx_status_t zs_wait(zx_handle_t h, zx_signals_t want)
{
	zx_signals_t seen = 0;
	zx_status_t s;

	s = zx_object_wait_one(h, want | ZX_SOCKET_PEER_CLOSED,
			       ZX_TIME_INFINITE, &seen);
	if (s == ZX_OK && !(seen & want))
		s = ZX_ERR_PEER_CLOSED;
	return s;
}

static int zs_sink_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	uint64_t got = 0, next = ack_bytes(m);
	zx_status_t s;
	zx_handle_t h;
	size_t n;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	for (;;) {
		s = zx_socket_read(h, 0, buf, MSG_MAX, &n);
		if (s == ZX_ERR_SHOULD_WAIT) {
			if (zs_wait(h, ZX_SOCKET_READABLE) != ZX_OK)
				return 0;
			continue;
		}
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "read: %s", zx_status_get_string(s));
		got += n;
		for (; got >= next; next += ack_bytes(m)) {
			s = zx_socket_write(h, 0, "a", 1, NULL);
			if (s == ZX_ERR_PEER_CLOSED)
				return 0;
			if (s != ZX_OK)
				return cfail(m, "ack: %s",
					     zx_status_get_string(s));
		}
	}
}

static int setup_zs_sink(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_socket_create(ZX_SOCKET_STREAM, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_socket_create", s);
	m->buf = xalloc(MSG_MAX);
	return zx_peer(m, theirs, zs_sink_child);
}

/* Reads the acknowledgements queued now (waits for one if @block). */
static int zs_acks(struct mech *m, uint64_t *acked, bool block)
{
	char acks[256];
	zx_status_t s;
	size_t n;

	if (block && (s = zs_wait(m->h[0], ZX_SOCKET_READABLE)) != ZX_OK)
		return zerr(m, "wait for acks", s);
	s = zx_socket_read(m->h[0], 0, acks, sizeof(acks), &n);
	if (s == ZX_ERR_SHOULD_WAIT)
		return 0;
	if (s != ZX_OK)
		return zerr(m, "zx_socket_read", s);
	*acked += n;
	return 0;
}

/* Whole acknowledgements: n writes, padded up to the next one. */
static uint64_t rounds(uint64_t n)
{
	return (n + ACK_MSGS - 1) / ACK_MSGS;
}

static int64_t run_zs_tput(struct mech *m, uint64_t n)
{
	uint64_t want = rounds(n), acked = 0, total = want * ack_bytes(m);
	uint64_t sent = 0, t0 = now_ns(), i = 0;
	zx_status_t s;
	size_t len, w;

	while (sent < total) {
		len = total - sent < m->size ? total - sent : m->size;
		stamp(m->buf, len, i++);
		s = zx_socket_write(m->h[0], 0, m->buf, len, &w);
		if (s == ZX_ERR_SHOULD_WAIT) {
			if (zs_acks(m, &acked, false))
				return -1;
			s = zs_wait(m->h[0], ZX_SOCKET_WRITABLE);
			if (s != ZX_OK)
				return zerr(m, "wait writable", s);
			continue;
		}
		if (s != ZX_OK)
			return zerr(m, "zx_socket_write", s);
		sent += w;
	}
	while (acked < want)
		if (zs_acks(m, &acked, true))
			return -1;
	return (int64_t)(now_ns() - t0);
}

/* ------------------------------------------ socketpair and pipe streams */

/* fds[0] brings the data, fds[1] takes the acknowledgements. */
static int fd_stream_child(struct mech *m, int *fds)
{
	uint8_t *buf = xalloc(MSG_MAX);
	uint64_t got = 0, next = ack_bytes(m);
	ssize_t r;

	for (;;) {
		r = read(fds[0], buf, MSG_MAX);
		if (r == 0)
			return 0;
		if (r < 0)
			return errno == EINTR ? 0 :
			       cfail(m, "read: %s", strerror(errno));
		got += (uint64_t)r;
		for (; got >= next; next += ack_bytes(m))
			if (write(fds[1], "a", 1) != 1)
				return errno == EPIPE ? 0 :
				       cfail(m, "ack: %s", strerror(errno));
	}
}

static int setup_stream_pair(struct mech *m)
{
	int sv[2], theirs[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return perr(m, "socketpair");
	m->fd[0] = sv[0];
	m->fd[1] = dup(sv[0]);
	theirs[0] = theirs[1] = sv[1];
	m->buf = xalloc(MSG_MAX);
	m->pid = spawn(m, fd_stream_child, theirs, 2, false);
	close(sv[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static int setup_stream_pipe(struct mech *m)
{
	if (spawn_over_pipes(m, fd_stream_child))
		return -1;
	if (fcntl(m->fd[1], F_SETFL, O_NONBLOCK))
		return perr(m, "fcntl");
	return 0;
}

/*
 * The acknowledgements queued now (waits for one if @block).  The ack
 * pipe's read end is nonblocking; a socket is read with MSG_DONTWAIT.
 */
static int fd_acks(struct mech *m, uint64_t *acked, bool block)
{
	struct pollfd pfd = { .fd = m->fd[1], .events = POLLIN };
	char acks[256];
	ssize_t r;

	if (block && poll(&pfd, 1, -1) < 0)
		return perr(m, "poll");
	r = recv(m->fd[1], acks, sizeof(acks), MSG_DONTWAIT);
	if (r < 0 && errno == ENOTSOCK)
		r = read(m->fd[1], acks, sizeof(acks));
	if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (r <= 0)
		return merr(m, "ack: %s", r ? strerror(errno) : "EOF");
	*acked += (uint64_t)r;
	return 0;
}

static int64_t run_fd_stream(struct mech *m, uint64_t n)
{
	uint64_t want = rounds(n), acked = 0, total = want * ack_bytes(m);
	uint64_t sent = 0, t0 = now_ns(), i = 0;
	size_t len;

	while (sent < total) {
		len = total - sent < m->size ? total - sent : m->size;
		stamp(m->buf, len, i++);
		if (write_full(m->fd[0], m->buf, len) < 0)
			return perr(m, "write");
		sent += len;
		if (fd_acks(m, &acked, false))
			return -1;
	}
	while (acked < want)
		if (fd_acks(m, &acked, true))
			return -1;
	return (int64_t)(now_ns() - t0);
}

/* ----------------------------------------------- datagram round trips */

static int zd_echo_child(struct mech *m, int *fds)
{
	uint8_t buf[DGRAM_SIZE * 2];
	zx_status_t s;
	zx_handle_t h;
	size_t n;

	if (zx_peer_handle(m, fds, &h))
		return 1;
	for (;;) {
		/* Wait first: the next datagram is not there yet. */
		if (zs_wait(h, ZX_SOCKET_READABLE) != ZX_OK)
			return 0;
		s = zx_socket_read(h, 0, buf, sizeof(buf), &n);
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "read: %s", zx_status_get_string(s));
		s = zx_socket_write(h, 0, buf, n, NULL);
		if (s == ZX_ERR_PEER_CLOSED)
			return 0;
		if (s != ZX_OK)
			return cfail(m, "write: %s", zx_status_get_string(s));
	}
}

static int setup_zd_echo(struct mech *m)
{
	zx_handle_t theirs;
	zx_status_t s;

	s = zx_socket_create(ZX_SOCKET_DATAGRAM, &m->h[0], &theirs);
	if (s != ZX_OK)
		return zerr(m, "zx_socket_create", s);
	m->buf = xalloc(MSG_MAX);
	return zx_peer(m, theirs, zd_echo_child);
}

static int64_t run_zd_rt(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	uint8_t in[DGRAM_SIZE * 2];
	zx_status_t s;
	size_t got;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		s = zx_socket_write(m->h[0], 0, m->buf, m->size, NULL);
		if (s != ZX_OK)
			return zerr(m, "zx_socket_write", s);
		s = zs_wait(m->h[0], ZX_SOCKET_READABLE);
		if (s != ZX_OK)
			return zerr(m, "wait", s);
		s = zx_socket_read(m->h[0], 0, in, sizeof(in), &got);
		if (s != ZX_OK)
			return zerr(m, "zx_socket_read", s);
		if (got != m->size || !stamped(in, m->size, i))
			return merr(m, "echo %" PRIu64 " differs", i);
	}
	return (int64_t)(now_ns() - t0);
}

static int seq_echo_child(struct mech *m, int *fds)
{
	uint8_t buf[DGRAM_SIZE * 2];
	ssize_t r;

	for (;;) {
		r = recv(fds[0], buf, sizeof(buf), 0);
		if (r <= 0)
			return r == 0 ? 0 : cfail(m, "recv: %s",
						  strerror(errno));
		if (send(fds[0], buf, (size_t)r, 0) != r)
			return errno == EPIPE ? 0 :
			       cfail(m, "send: %s", strerror(errno));
	}
}

static int setup_seq_echo(struct mech *m)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return perr(m, "socketpair");
	m->fd[0] = sv[0];
	m->buf = xalloc(MSG_MAX);
	m->pid = spawn(m, seq_echo_child, &sv[1], 1, false);
	close(sv[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

static int64_t run_seq_rt(struct mech *m, uint64_t n)
{
	uint64_t t0 = now_ns(), i;
	uint8_t in[DGRAM_SIZE * 2];
	ssize_t r;

	for (i = 0; i < n; i++) {
		stamp(m->buf, m->size, i);
		if (send(m->fd[0], m->buf, m->size, 0) != (ssize_t)m->size)
			return perr(m, "send");
		r = recv(m->fd[0], in, sizeof(in), 0);
		if (r != (ssize_t)m->size || !stamped(in, m->size, i))
			return merr(m, "echo %" PRIu64 " differs", i);
	}
	return (int64_t)(now_ns() - t0);
}

void plan_socket(void)
{
	static const size_t sizes[] = { 4096, 65536 };
	struct group *g;
	int z, s, p, i;

	for (i = 0; i < 2; i++) {
		size_t sz = sizes[i];

		g = new_group("socket", "socket stream, %s writes",
			      size_name(sz));
		z = add(g, "zx_socket", setup_zs_sink, run_zs_tput,
			teardown_std, sz);
		s = add(g, "SOCK_STREAM", setup_stream_pair, run_fd_stream,
			teardown_std, sz);
		p = add(g, "pipe", setup_stream_pipe, run_fd_stream,
			teardown_std, sz);
		compare(g, NULL, z, s, 0, sz, true);
		compare(g, NULL, z, p, 0, sz, true);
	}
	g = new_group("socket", "datagram round trip, %d B", DGRAM_SIZE);
	z = add(g, "zx_socket dgram", setup_zd_echo, run_zd_rt, teardown_std,
		DGRAM_SIZE);
	s = add(g, "SOCK_SEQPACKET", setup_seq_echo, run_seq_rt, teardown_std,
		DGRAM_SIZE);
	compare(g, NULL, z, s, 0, 0, true);
}
