/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: channel round trips and zx_channel_call(), against a socketpair and a pipe.
 */
#include "bench.h"

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
	m->rbuf = xalloc(MSG_MAX);
	return spawn_over_pipes(m, pipe_echo_child);
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


void plan_rt(void)
{
	static const size_t sizes[] = { 0, 64, 4096, 65536 };
	struct group *g;
	int z, s, p, b, i;

	for (i = 0; i < 4; i++) {
		size_t sz = sizes[i];

		g = new_group("rt", "channel round trip %s", size_name(sz));
		z = add(g, "zx_channel", setup_zx_echo, run_zx_rt,
			teardown_std, sz);
		/* write, wait_one, read on each side */
		g->m[z].ioctls = 6;
		s = add(g, "socketpair", setup_sock_echo, run_sock_rt,
			teardown_std, sz);
		p = add(g, sz ? "pipe" : "pipe (1 B)", setup_pipe_echo,
			run_pipe_rt, teardown_std, sz);
		b = add(g, "binder", setup_binder, run_binder_rt,
			teardown_binder, sz);
		/*
		 * The targets (Documentation/performance.rst): within the
		 * socketpair and the pipe, and binder at 64 KiB.
		 */
		compare(g, NULL, z, s, 1.0, 0, false);
		compare(g, NULL, z, p, 1.0, 0, false);
		compare(g, NULL, z, b, sz == 65536 ? 1.0 : 0, 0, false);
	}
	g = new_group("rt", "round trip 64 B + 1 handle");
	z = add(g, "zx_channel", setup_zx_echo, run_zx_rt, teardown_std, 64);
	g->m[z].nh = 1;
	g->m[z].ioctls = 6;
	s = add(g, "SCM_RIGHTS", setup_sock_echo, run_sock_rt, teardown_std,
		64);
	g->m[s].nh = 1;
	b = add(g, "binder fd", setup_binder, run_binder_rt, teardown_binder,
		64);
	g->m[b].nh = 1;
	compare(g, NULL, z, s, 0.5, 0, false);
	compare(g, NULL, z, b, 0, 0, false);
}

void plan_call(void)
{
	static const size_t sizes[] = { 16, 64, 4096, 65536 };
	struct group *g;
	int z, s, p, b, i;

	for (i = 0; i < 4; i++) {
		size_t sz = sizes[i];

		g = new_group("call", "zx_channel_call %s", size_name(sz));
		z = add(g, "zx_channel_call", setup_zx_echo, run_zx_call,
			teardown_std, sz);
		/* the call; the server's wait_one, read and write */
		g->m[z].ioctls = 4;
		s = add(g, "socketpair", setup_sock_echo, run_sock_rt,
			teardown_std, sz);
		p = add(g, "pipe", setup_pipe_echo, run_pipe_rt,
			teardown_std, sz);
		b = add(g, "binder", setup_binder, run_binder_rt,
			teardown_binder, sz);
		compare(g, NULL, z, s, 0, 0, false);
		compare(g, NULL, z, p, 0, 0, false);
		compare(g, NULL, z, b, sz == 65536 ? 1.0 : 0, 0, false);
	}
}
