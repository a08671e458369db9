/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: one-way throughput of a channel, a socketpair and a pipe.
 */
#include "bench.h"

/* Throughput flow control: at most WINDOW messages in flight; the reader
 * acknowledges every ACK_EVERY. */
#define TPUT_WINDOW	128
#define TPUT_ACK_EVERY	32

/* ------------------------------------------------ one-way throughput */

uint64_t tput_round(uint64_t n)
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
	return spawn_over_pipes(m, fd_sink_child);
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


void plan_tput(void)
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

bool is_tput(const struct mech *m)
{
	return m->run == run_zx_tput || m->run == run_fd_tput;
}
