// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: the libzx mode's channels, descriptors, sockets, Linux
 * calls, pinned and huge VMOs, its threads and worker process.
 */
#include "libzx.h"

static uint32_t lwriter(struct lctx *c)
{
	struct rng *r = &c->t.r;

	return chance(r, 30) ? P.link[below(r, 2)] : lh(c, ZX_OBJ_TYPE_CHANNEL);
}

static uint32_t lmsg_len(struct rng *r)
{
	uint32_t n;

	switch (below(r, 12)) {
	case 0: n = 0; break;
	case 1: n = ZX_CHANNEL_MAX_MSG_BYTES; break;
	case 2: n = ZX_CHANNEL_MAX_MSG_BYTES + 1; break;
	case 3: n = 4096; break;
	default: n = below(r, 128);
	}
	if (shedding() && n > 256)
		n = 256;
	return n;
}

static void lop_write(struct lctx *c, bool etc)
{
	struct rng *r = &c->t.r;
	uint32_t w = lwriter(c), v[64], n, nb = lmsg_len(r), opts = 0;
	uint8_t types[64];
	zx_handle_disposition_t d[64];
	const void *bytes = lin(c, nb, NULL);
	zx_channel_iovec_t iov[4];

	n = lgather(c, w, v, types, chance(r, 3) ? 64 : 4);
	if (chance(r, 8)) {
		uint32_t k = below(r, 5);

		for (uint32_t i = 0; i < k; i++) {
			iov[i].buffer = lin(c, 64, NULL);
			iov[i].capacity = below(r, 65);
			iov[i].reserved = chance(r, 95) ? 0 : 1;
		}
		bytes = iov;
		nb = k;
		opts = ZX_CHANNEL_WRITE_USE_IOVEC;
	} else if (chance(r, 3)) {
		opts = (uint32_t)rnd(r);
	}
	if (!etc) {
		LCALL(c, LOP_WRITE, 0x41, w, nb, n,
		      zx_channel_write(w, opts, bytes, nb, v, n));
		for (uint32_t i = 0; i < n; i++)
			lstale_add(v[i]);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		bool dup = chance(r, 25);

		d[i].operation = dup ? ZX_HANDLE_OP_DUPLICATE :
				 chance(r, 97) ? ZX_HANDLE_OP_MOVE : (uint32_t)rnd(r);
		d[i].handle = v[i];
		d[i].type = chance(r, 70) ? 0 : chance(r, 70) ? types[i] : below(r, 20);
		d[i].rights = pick_rights(r);
		d[i].result = 0;
	}
	LCALL(c, LOP_WRITE_ETC, 0x42, w, nb, n,
	      zx_channel_write_etc(w, opts, bytes, nb, d, n));
	for (uint32_t i = 0; i < n; i++) {
		if (d[i].operation == ZX_HANDLE_OP_DUPLICATE)
			lput_back(c, v[i], types[i]);	/* not consumed */
		else
			lstale_add(v[i]);
	}
}

/* Takes received handles into the pool. */
static void ltake_received(struct lctx *c, const void *handles, uint32_t n,
			   bool etc)
{
	for (uint32_t i = 0; i < n && i < 64; i++) {
		if (etc) {
			zx_handle_info_t hi;

			memcpy(&hi, (const uint8_t *)handles + i * sizeof(hi),
			       sizeof(hi));
			lput(c, hi.handle, hi.type);
		} else {
			uint32_t h;

			memcpy(&h, (const uint8_t *)handles + i * 4, 4);
			lput(c, h, 0);
		}
	}
}

static void lop_read(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t ch = lwriter(c), opts = chance(r, 15) ? ZX_CHANNEL_READ_MAY_DISCARD : 0;
	bool etc = chance(r, 50), full = chance(r, 75);
	uint32_t nb = full ? ZX_CHANNEL_MAX_MSG_BYTES : below(r, 64);
	uint32_t nh = full ? 64 : below(r, 3), ab = 0, ah = 0;
	uint8_t *bytes = c->scratch.base;
	uint8_t *handles = c->scratch.base + c->scratch.size - 64 * 16;
	uint32_t *pab = chance(r, 90) ? &ab : chance(r, 50) ? NULL : lbad(r);
	uint32_t *pah = chance(r, 90) ? &ah : chance(r, 50) ? NULL : lbad(r);
	void *b = bytes, *h = handles;
	zx_status_t s;

	if (chance(r, 4))
		b = lbad(r);
	if (chance(r, 4))
		h = lbad(r);
	if (chance(r, 3))
		opts = (uint32_t)rnd(r);
	if (etc)
		s = LCALL(c, LOP_READ, 0x44, ch, nb, nh,
			  zx_channel_read_etc(ch, opts, b, h, nb, nh, pab, pah));
	else
		s = LCALL(c, LOP_READ, 0x43, ch, nb, nh,
			  zx_channel_read(ch, opts, b, h, nb, nh, pab, pah));
	if (s == ZX_OK && h == handles && pah == &ah)
		ltake_received(c, handles, ah, etc);
}

/*
 * The members zx_channel_call_args_t and its _etc_ twin share, drawn the
 * same way for both (rb, rh: the reply buffers; n: handles to write).
 */
#define LCALL_ARGS(handles)						\
	.wr_bytes = lin(c, 64, NULL),					\
	.wr_handles = (handles),					\
	.rd_bytes = chance(r, 95) ? (void *)rb : lbad(r),		\
	.rd_handles = chance(r, 95) ? (void *)rh : lbad(r),		\
	.wr_num_bytes = chance(r, 90) ? 4 + below(r, 60) : below(r, 4),	\
	.wr_num_handles = n,						\
	.rd_num_bytes = chance(r, 90) ? ZX_CHANNEL_MAX_MSG_BYTES :	\
					below(r, 8),			\
	.rd_num_handles = chance(r, 90) ? 64 : below(r, 2)

static void lop_call(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t ch = lwriter(c), v[8], n, ab = 0, ah = 0;
	uint8_t types[8];
	bool etc = chance(r, 40);
	int64_t dl = now_ns() + 1000000 + below(r, 20000000);
	uint8_t *rb = c->scratch.base;
	uint8_t *rh = c->scratch.base + c->scratch.size - 64 * 16;
	uint32_t *pab = chance(r, 95) ? &ab : NULL, *pah = chance(r, 95) ? &ah : NULL;
	zx_handle_disposition_t d[8];
	zx_status_t s;

	n = lgather(c, ch, v, types, 3);
	if (!etc) {
		zx_channel_call_args_t a = {
			LCALL_ARGS(v),
		};
		const zx_channel_call_args_t *pa = chance(r, 97) ? &a : lbad(r);

		s = LCALL(c, LOP_CALL, 0x45, ch, n, dl,
			  zx_channel_call(ch, 0, dl, pa, pab, pah));
		if (s == ZX_OK && pa == &a && a.rd_handles == (void *)rh)
			ltake_received(c, rh, ah, false);
		if (pa != &a)
			n = lput_all_back(c, v, types, n);
	} else {
		zx_channel_call_etc_args_t a = {
			LCALL_ARGS(d),
		};
		zx_channel_call_etc_args_t *pa = chance(r, 97) ? &a : lbad(r);

		for (uint32_t i = 0; i < n; i++) {
			d[i].operation = ZX_HANDLE_OP_MOVE;
			d[i].handle = v[i];
			d[i].type = 0;
			d[i].rights = ZX_RIGHT_SAME_RIGHTS;
			d[i].result = 0;
		}
		s = LCALL(c, LOP_CALL, 0x46, ch, n, dl,
			  zx_channel_call_etc(ch, 0, dl, pa, pab, pah));
		if (s == ZX_OK && pa == &a && a.rd_handles == (void *)rh)
			ltake_received(c, rh, ah, true);
		if (pa != &a)
			n = lput_all_back(c, v, types, n);
	}
	for (uint32_t i = 0; i < n; i++)
		lstale_add(v[i]);
}

/* Waits a moment for a message, reads it, and answers it if it is a call. */
/* A channel with a message waiting, if one of a few looked at has one. */
static uint32_t lreadable(struct lctx *c)
{
	struct rng *r = &c->t.r;
	zx_signals_t obs;

	for (int k = 0; k < 8; k++) {
		uint32_t h = k < 2 ? P.link[below(r, 2)] :
			     __atomic_load_n(&P.slot[pick_slot(r, ZX_OBJ_TYPE_CHANNEL)],
					     __ATOMIC_RELAXED);

		if (zx_object_wait_one(h, ZX_CHANNEL_READABLE, 0, &obs) == ZX_OK)
			return h;
	}
	return lwriter(c);
}

/* A call that a signal may abandon with siglongjmp(): see park_armed. */
static void lop_park(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t ch = lwriter(c), v[2], n, ab = 0, ah = 0;
	uint8_t types[2];
	int64_t dl = now_ns() + 2000000 + below(r, 30000000);
	uint8_t *rb = c->scratch.base;
	uint8_t *rh = c->scratch.base + c->scratch.size - 64 * 16;
	zx_channel_call_args_t a = {
		.wr_bytes = lin(c, 64, NULL),
		.wr_handles = v,
		.rd_bytes = rb,
		.rd_handles = (zx_handle_t *)(void *)rh,
		.wr_num_bytes = 4 + below(r, 60),
		.rd_num_bytes = ZX_CHANNEL_MAX_MSG_BYTES,
		.rd_num_handles = 64,
	};
	zx_status_t s;

	n = lgather(c, ch, v, types, 2);
	a.wr_num_handles = n;
	op_begin(&c->t, LOP_PARK, ch, n, dl);
	if (sigsetjmp(park_env, 1)) {
		/*
		 * Abandoned.  The handles went with the request, unless the
		 * signal came before the call reached the kernel: closing
		 * them makes them stale either way.
		 */
		op_end(&c->t, ZX_ERR_CANCELED);
		for (uint32_t i = 0; i < n; i++) {
			zx_handle_close(v[i]);
			lstale_add(v[i]);
		}
		return;
	}
	park_armed = 1;
	s = zx_channel_call(ch, 0, dl, &a, &ab, &ah);
	park_armed = 0;
	op_end(&c->t, s);
	check_status(0x45, s, lop_names[LOP_PARK], false);
	if (s == ZX_OK)
		ltake_received(c, rh, ah, false);
	for (uint32_t i = 0; i < n; i++)
		lstale_add(v[i]);
}

static void lop_serve(struct lctx *c, bool server)
{
	struct rng *r = &c->t.r;
	uint32_t ch = server ? lreadable(c) : lwriter(c), ab = 0, ah = 0, v[4], n;
	uint8_t types[4];
	zx_signals_t obs;
	uint8_t *rb = c->scratch.base;
	uint8_t *rh = c->scratch.base + c->scratch.size - 64 * 16;
	int64_t dl = now_ns() + below(r, 4000000);
	zx_txid_t txid;
	zx_status_t s;

	s = LCALL(c, LOP_SERVE, 0x0a, ch, ZX_CHANNEL_READABLE, dl,
		  zx_object_wait_one(ch, ZX_CHANNEL_READABLE | ZX_CHANNEL_PEER_CLOSED,
				     dl, &obs));
	if (s != ZX_OK)
		return;
	s = LCALL(c, LOP_SERVE, 0x44, ch, 0, 0,
		  zx_channel_read_etc(ch, 0, rb, (zx_handle_info_t *)rh,
				      ZX_CHANNEL_MAX_MSG_BYTES, 64, &ab, &ah));
	if (s != ZX_OK)
		return;
	ltake_received(c, rh, ah, true);
	if (ab < sizeof(txid))
		return;
	memcpy(&txid, rb, sizeof(txid));
	if (!(txid & 0x80000000u))
		return;
	n = lgather(c, ch, v, types, 2);
	memcpy(c->inbuf.base, &txid, sizeof(txid));
	LCALL(c, LOP_SERVE, 0x41, ch, txid, n,
	      zx_channel_write(ch, 0, c->inbuf.base, 4 + below(r, 60), v, n));
	for (uint32_t i = 0; i < n; i++)
		lstale_add(v[i]);
}

/*
 * A thread of every process that does nothing but serve: it answers the
 * calls that arrive on the ring channels and on the pool's channels (so
 * that calls also succeed, not only time out).
 */
static void *server(void *arg)
{
	struct lctx *c = arg;

	c->t.ts->tid = zx_test_gettid();
	wait_for_go();
	while (!__atomic_load_n(&P.stop_canceler, __ATOMIC_RELAXED) && !g_stop)
		lop_serve(c, true);
	return NULL;
}

static void lfd_add(struct rng *r, int fd)
{
	int old = __atomic_exchange_n(&P.bfd[below(r, LFDS)], fd, __ATOMIC_RELAXED);

	if (old >= 0)
		close(old);
}

static int lfd_take(struct rng *r)
{
	return __atomic_exchange_n(&P.bfd[below(r, LFDS)], -1, __ATOMIC_RELAXED);
}

static void lop_to_fd(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint8_t type;
	uint32_t h = lh_take(c, 0, &type);
	uint32_t o = chance(r, 50) ? 0 : chance(r, 90) ? ZX_LINUX_FD_CLOEXEC :
		     (uint32_t)rnd(r);
	int fd = -1, *pfd = chance(r, 97) ? &fd : lbad(r);

	if (h == P.root)
		return;
	if (LCALL(c, LOP_TO_FD, 0x20, h, o, 0,
		  zx_linux_handle_to_fd(h, o, pfd)) == ZX_OK && pfd == &fd)
		lfd_add(r, fd);
	lstale_add(h);
}

static void lop_from_fd(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int fd, own = 0;
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);
	zx_status_t s;

	switch (below(r, 10)) {
	case 0: fd = (int)below(r, 3); break;	/* stdio */
	case 1: fd = P.devfd; break;
	case 2: fd = P.sock[below(r, 2)]; break;
	case 3: fd = chance(r, 50) ? -1 : 99999; break;
	default:
		fd = lfd_take(r);
		own = 1;
	}
	if (fd < 0 && own)
		return;
	s = LCALL(c, LOP_FROM_FD, 0x21, fd, 0, 0, zx_linux_fd_to_handle(fd, out));
	if (s == ZX_OK)
		lput(c, h, 0);
	else if (own)
		close(fd);	/* drops the object with the descriptor */
}

/*
 * A pollable descriptor for a port: it polls without error, and joins the
 * bridge descriptors (so it travels through sockets, and fd_to_handle and
 * the bridge calls get a descriptor that is not a bridge).
 */
static void lop_port_fd(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t port = lh(c, ZX_OBJ_TYPE_PORT);
	uint32_t o = chance(r, 45) ? 0 : chance(r, 90) ? ZX_LINUX_FD_CLOEXEC :
		     (uint32_t)rnd(r);
	int fd = -1, *pfd = chance(r, 97) ? &fd : lbad(r);
	struct pollfd pl = { .events = POLLIN };

	if (LCALL(c, LOP_PORT_FD, 0x56, port, o, 0,
		  zx_linux_port_fd(port, o, pfd)) != ZX_OK || pfd != &fd)
		return;
	pl.fd = fd;
	/* (The signaller may interrupt a poll that sleeps: EINTR.) */
	if (poll(&pl, 1, chance(r, 20) ? (int)below(r, 3) : 0) < 0 ?
	    errno != EINTR : !!(pl.revents & (POLLNVAL | POLLERR)))
		worker_fail("poll on a port descriptor: revents 0x%x (%s)",
			    pl.revents, strerror(errno));
	if (chance(r, 60))
		lfd_add(r, fd);
	else
		close(fd);
}

static void lop_sock_send(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int fd = lfd_take(r);

	if (fd < 0)
		return;
	op_begin(&c->t, LOP_SOCK_SEND, (uint64_t)fd, 0, 0);
	zx_test_send_fd(P.sock[below(r, 2)], fd);
	op_end(&c->t, ZX_OK);
	close(fd);
}

static void lop_sock_recv(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int sock = P.sock[below(r, 2)], fd;
	uint32_t h = 0;
	struct pollfd pfd = { .fd = sock, .events = POLLIN };

	if (poll(&pfd, 1, 0) != 1 || !(pfd.revents & POLLIN))
		return;
	op_begin(&c->t, LOP_SOCK_RECV, (uint64_t)sock, 0, 0);
	fd = zx_test_recv_fd(sock);
	op_end(&c->t, ZX_OK);
	if (fd < 0)
		return;
	if (LCALL(c, LOP_FROM_FD, 0x21, fd, 0, 0,
		  zx_linux_fd_to_handle(fd, &h)) == ZX_OK)
		lput(c, h, 0);
	else
		close(fd);
}

static void lop_root(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = 0;

	if (chance(r, 50)) {
		if (LCALL(c, LOP_ROOT, 0x03, P.root, 0, 0,
			  zx_handle_duplicate(P.root, pick_rights(r), &h)) == ZX_OK)
			lput(c, h, ZX_OBJ_TYPE_VMAR);
	} else {
		zx_info_vmar_t vi;
		uint32_t v = lh(c, ZX_OBJ_TYPE_VMAR);

		LCALL(c, LOP_ROOT, 0x05, v, 0, 0,
		      zx_object_get_info(v, ZX_INFO_VMAR, &vi, sizeof(vi), NULL,
					 NULL));
	}
}

/*
 * What Linux lets a process do to its mappings behind the VMAR's back:
 * madvise, mlock, msync, mremap, /proc/self/mem, fork.  On tracked
 * mappings or the arena only.  Also a raw mmap() of /dev/zircon, racing
 * other threads' zx_vmar_map(): it must never succeed.
 */
static void lop_linux(struct lctx *c)
{
	static const int advice[] = {
		MADV_DONTNEED, MADV_WILLNEED, MADV_NORMAL, MADV_RANDOM,
		MADV_SEQUENTIAL, MADV_DONTFORK, MADV_DOFORK, MADV_REMOVE,
		MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_READ,
		MADV_POPULATE_WRITE, MADV_DONTDUMP,
	};
	struct rng *r = &c->t.r;
	uint64_t a, l, e;
	int i = -1, k = (int)below(r, 9), ret = 0;
	void *p;

	if (!lmap_get(r, &i, &a, &l))
		arena_range(r, &a, &l);
	refuse_own_image("linux op", a, l, i,
			 i >= 0 ? a | (l / PAGE - 1) : 0);
	p = (void *)(uintptr_t)a;
	op_begin(&c->t, LOP_LINUX, a, l, (uint64_t)k);
	switch (k) {
	case 0:
		ret = madvise(p, l, advice[below(r, sizeof(advice) / sizeof(advice[0]))]);
		break;
	case 1:
		if (shedding() || l > 4 * MB)
			break;
		ret = mlock(p, l);
		if (chance(r, 80))
			munlock(p, l);
		break;
	case 2:
		ret = msync(p, l, chance(r, 50) ? MS_SYNC : MS_ASYNC |
			    (chance(r, 30) ? MS_INVALIDATE : 0));
		break;
	case 3:	/* shrink in place; growing fails (VM_DONTEXPAND) */
		e = a | (l / PAGE - 1);
		if (i >= 0 && l > PAGE && !in_arena(a, 0) &&
		    __atomic_compare_exchange_n(&P.map[i], &e,
						a | (l / PAGE / 2 - 1), false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			void *q = mremap(p, l, l / PAGE / 2 * PAGE, 0);

			ret = q == MAP_FAILED ? -1 : 0;
		} else {
			ret = mremap(p, l, l + PAGE, 0) == MAP_FAILED ? -1 : 0;
		}
		break;
	case 4:		/* /proc/self/mem: 4 reads, 5 writes */
	case 5: {
		uint64_t off = below(r, (uint32_t)l), n = 1 + below(r, 2 * PAGE);

		if (off + n > l)
			n = l - off;
		if (k == 4)
			ret = (int)pread(P.memfd, c->scratch.base, n,
					 (off_t)(a + off));
		else
			ret = (int)pwrite(P.memfd, c->inbuf.base, n,
					  (off_t)(a + off));
		break;
	}
	case 6: {
		/* Only zx_vmar_map() maps the device, in its own thread. */
		static const int prots[] = {
			PROT_READ, PROT_READ | PROT_WRITE, PROT_NONE,
			PROT_READ | PROT_EXEC,
		};
		uint64_t n = chance(r, 80) ? l : pick_len(r, PAGE);
		int fd = zx_linux_device_fd();
		void *q;

		q = mmap(NULL, n, prots[below(r, 4)],
			 chance(r, 50) ? MAP_SHARED : MAP_PRIVATE, fd,
			 (off_t)(below(r, 16) * PAGE));
		if (q != MAP_FAILED) {
			munmap(q, n);
			worker_fail("raw mmap() of /dev/zircon succeeded");
		}
		ret = -1;
		break;
	}
	default: {
		/*
		 * fork(): the child inherits the mappings (and its own copy of
		 * every VMA), touches some, unmaps one and exits.
		 */
		pid_t pid;

		if (shedding())
			break;
		pid = fork();
		if (pid == 0) {
			sigjmp_buf jb;
			uint64_t ca, cl;
			int ci;

			for (int n = 0; n < 8; n++) {
				if (!lmap_get(r, &ci, &ca, &cl))
					continue;
				if (sigsetjmp(jb, 1) == 0) {
					t_jmp = &jb;
					((volatile uint8_t *)(uintptr_t)ca)[below(r, (uint32_t)cl)] ^= 1;
					t_jmp = NULL;
				}
				t_jmp = NULL;
				if (chance(r, 30))
					munmap((void *)(uintptr_t)ca, cl);
			}
			_exit(0);
		}
		if (pid > 0)
			zx_test_wait_child(pid);
		ret = pid > 0 ? 0 : -1;
	}
	}
	op_end(&c->t, ret < 0 ? -1000 - errno : ZX_OK);
}

/*
 * A value that was closed or consumed names no handle, ever again (a value
 * comes back only after about 2^30 allocations): every call answers
 * ZX_ERR_BAD_HANDLE.
 */
static void lop_stale(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t v = __atomic_load_n(&P.stale[below(r, LSTALE)], __ATOMIC_RELAXED);
	uint32_t h = 0;
	zx_status_t s;
	const char *what;

	if (!v)
		return;
	switch (below(r, 5)) {
	case 4:
		what = "zx_handle_check_valid";
		s = LCALL(c, LOP_STALE, 0x0b, v, 0, 0, zx_handle_check_valid(v));
		break;
	case 0:
		what = "zx_handle_close";
		s = LCALL(c, LOP_STALE, 0x01, v, 0, 0, zx_handle_close(v));
		break;
	case 1:
		what = "zx_object_wait_one";
		s = LCALL(c, LOP_STALE, 0x0a, v, 0, 0,
			  zx_object_wait_one(v, ZX_USER_SIGNAL_0, 0, NULL));
		break;
	case 2:
		what = "zx_handle_duplicate";
		s = LCALL(c, LOP_STALE, 0x03, v, 0, 0,
			  zx_handle_duplicate(v, ZX_RIGHT_SAME_RIGHTS, &h));
		if (s == ZX_OK)
			zx_handle_close(h);
		break;
	default:
		what = "zx_object_get_info(HANDLE_VALID)";
		s = LCALL(c, LOP_STALE, 0x05, v, 0, 0,
			  zx_object_get_info(v, ZX_INFO_HANDLE_VALID, NULL, 0,
					     NULL, NULL));
	}
	if (s != ZX_ERR_BAD_HANDLE)
		worker_fail("%s on 0x%x, a value closed or consumed before, answered %s instead of ZX_ERR_BAD_HANDLE",
			    what, v, slot_name(status_slot(s)));
}

/* The memory meter says memory is short: drop objects and mappings. */
static void lshed(struct lctx *c)
{
	struct rng *r = &c->t.r;

	op_begin(&c->t, LOP_SHED, 0, 0, 0);
	for (int i = 0; i < LSLOTS; i++) {
		uint32_t h;

		if (!chance(r, 33))
			continue;
		h = __atomic_exchange_n(&P.slot[i], 0, __ATOMIC_RELAXED);
		if (h) {
			zx_handle_close(h);
			count(&g_ps->shed);
		}
	}
	for (int i = 0; i < LMAPS; i++) {
		uint64_t e = __atomic_exchange_n(&P.map[i], 0, __ATOMIC_RELAXED);

		if (e && !in_arena(e & ~(PAGE - 1), 1))
			munmap((void *)(uintptr_t)(e & ~(PAGE - 1)),
			       ((e & (PAGE - 1)) + 1) * PAGE);
	}
	op_end(&c->t, ZX_OK);
}

/*
 * Pinned pages: a thread writes into a mapping of a fresh VMO with
 * process_vm_writev(), which pins the destination pages for writing
 * (FOLL_PIN) around each copy, while this thread takes snapshots of the
 * VMO.  A snapshot never changes after it is made, whatever write was in
 * flight when it was taken.  The mapping lives in the arena, where other
 * threads may replace, unmap or reprotect it meanwhile: so the kernel
 * writes only into arena memory, and what the VMO itself ends with is not
 * checked.
 */
#define LPIN_PAGES	2
#define LPIN_KIDS	4
#define LPIN_STACK	(64 * 1024)
#define LPIN_SCRATCH	(LPIN_STACK + (LPIN_KIDS + 1) * LPIN_PAGES * PAGE)

struct lpin {
	uint8_t *dst;
	size_t len;
	int rounds;
};

static void *lpin_writer(void *arg)
{
	struct lpin *w = arg;
	uint8_t src[LPIN_PAGES * PAGE];

	for (int k = 1; k <= w->rounds; k++) {
		struct iovec l = { .iov_base = src, .iov_len = w->len };
		struct iovec rm = { .iov_base = w->dst, .iov_len = w->len };

		memset(src, k, w->len);
		process_vm_writev(getpid(), &l, 1, &rm, 1, 0);
	}
	return NULL;
}

static void lop_pinned(struct lctx *c)
{
	struct rng *r = &c->t.r;
	struct lpin w = { .rounds = 4 + (int)below(r, 28) };
	uint32_t vmo = 0, kid[LPIN_KIDS] = { 0 };
	int nkids = 1 + (int)below(r, LPIN_KIDS), i;
	/*
	 * The writer's stack and the buffers live in this thread's scratch
	 * region, made at startup: a thread stack or a heap mapped now could
	 * land where another thread's stale mapping entry will unmap it.
	 */
	uint8_t *stack = c->scratch.base;
	uint8_t *seen = stack + LPIN_STACK;
	uint8_t *now = seen + LPIN_KIDS * LPIN_PAGES * PAGE;
	zx_vaddr_t addr = 0;
	pthread_attr_t attr;
	uint64_t at, len;
	pthread_t th;
	int err;

	if (shedding() || c->scratch.size < LPIN_SCRATCH)
		return;
	arena_range(r, &at, &len);
	w.len = len < LPIN_PAGES * PAGE ? len : LPIN_PAGES * PAGE;
	if (LCALL(c, LOP_PINNED, 0x30, w.len, 0, 0,
		  zx_vmo_create(w.len, 0, &vmo)) != ZX_OK)
		return;
	if (LCALL(c, LOP_PINNED, 0x3a, vmo, 3, w.len,
		  zx_vmar_map(P.root, ZX_VM_PERM_READ | ZX_VM_PERM_WRITE |
			      ZX_VM_SPECIFIC_OVERWRITE, at - L.vmar_base,
			      vmo, 0, w.len, &addr)) != ZX_OK)
		goto out;
	w.dst = (uint8_t *)(uintptr_t)addr;
	if (pthread_attr_init(&attr))
		goto out_unmap;
	err = pthread_attr_setstack(&attr, stack, LPIN_STACK) ||
	      pthread_create(&th, &attr, lpin_writer, &w);
	pthread_attr_destroy(&attr);
	if (err)
		goto out_unmap;
	for (i = 0; i < nkids; i++) {
		uint32_t type = chance(r, 50) ? ZX_VMO_CHILD_SNAPSHOT :
				ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;

		if (LCALL(c, LOP_PINNED, 0x36, vmo, type, w.len,
			  zx_vmo_create_child(vmo, type, 0, w.len,
					      &kid[i])) != ZX_OK ||
		    zx_vmo_read(kid[i], seen + i * w.len, 0, w.len) != ZX_OK) {
			zx_handle_close(kid[i]);
			kid[i] = 0;
		}
		if (chance(r, 50))
			sched_yield();
	}
	pthread_join(th, NULL);
	for (i = 0; i < nkids; i++) {
		if (!kid[i] || zx_vmo_read(kid[i], now, 0, w.len) != ZX_OK)
			continue;
		if (memcmp(now, seen + i * w.len, w.len))
			worker_fail("pinned: snapshot %d of %zu bytes changed "
				    "after it was made", i, w.len);
	}
	for (i = 0; i < nkids; i++) {
		if (kid[i] && chance(r, 30))
			lput(c, kid[i], ZX_OBJ_TYPE_VMO);
		else if (kid[i])
			zx_handle_close(kid[i]);
	}
out_unmap:
	if (in_arena(addr, w.len))
		zx_vmar_unmap(P.root, addr, w.len);
out:
	zx_handle_close(vmo);
}

/*
 * Huge sparse ranges: a VMO or a snapshot child of up to the largest size
 * with a few pages in it, and reads, writes and op_range over all of it
 * or near its end.  Each must take time in proportion to the pages that
 * exist, not to the range (the stall detector reports one that does not).
 */
static uint64_t lhuge_off(struct rng *r, uint64_t size)
{
	uint64_t back = (uint64_t)below(r, 4) * PAGE + below(r, PAGE);

	switch (below(r, 4)) {
	case 0: return 0;
	case 1: return size / 2 + below(r, PAGE);
	case 2: return back < size ? size - back - 1 : 0;
	default: return rnd(r) % size;
	}
}

static void lop_huge(struct lctx *c)
{
	static const uint64_t sizes[] = {
		1ULL << 62, (1ULL << 62) + PAGE, 0x7ffffffffffff000ULL,
		1ULL << 50, (1ULL << 62) - 3,
	};
	static const uint32_t ops[] = {
		ZX_VMO_OP_ZERO, ZX_VMO_OP_DECOMMIT, ZX_VMO_OP_COMMIT,
		ZX_VMO_OP_PREFETCH, ZX_VMO_OP_DONT_NEED,
	};
	struct rng *r = &c->t.r;
	uint64_t size = sizes[below(r, 5)];
	uint32_t h = 0, src;
	int n = 1 + (int)below(r, 6);

	if (chance(r, 60)) {
		uint32_t type = chance(r, 70) ? ZX_VMO_CHILD_SNAPSHOT :
				ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE;

		src = lh(c, ZX_OBJ_TYPE_VMO);
		if (chance(r, 20))
			type |= ZX_VMO_CHILD_RESIZABLE;
		if (LCALL(c, LOP_HUGE, 0x36, src, type, size,
			  zx_vmo_create_child(src, type, 0, size, &h)) !=
		    ZX_OK)
			return;
	} else {
		uint32_t o = chance(r, 30) ? ZX_VMO_RESIZABLE : 0;

		if (LCALL(c, LOP_HUGE, 0x30, size, o, 0,
			  zx_vmo_create(size, o, &h)) != ZX_OK)
			return;
	}
	size = lvmo_size(h);
	while (size && n-- > 0 && !must_stop()) {
		uint64_t off = lhuge_off(r, size), len;
		size_t room;
		void *buf;

		switch (below(r, 5)) {
		case 0:
		case 1:
			len = 1 + below(r, 64);
			buf = lin(c, len, &room);
			LCALL(c, LOP_HUGE, 0x32, h, off, len,
			      zx_vmo_write(h, buf, off, len));
			break;
		case 2:
			len = 1 + below(r, 64);
			buf = lout(c, len, &room);
			LCALL(c, LOP_HUGE, 0x31, h, off, len,
			      zx_vmo_read(h, buf, off, len));
			break;
		case 3: {
			uint32_t op = ops[below(r, 5)];

			/* Whole (page-aligned) ranges, but no huge commit. */
			if (op == ZX_VMO_OP_COMMIT || chance(r, 30)) {
				off &= ~(PAGE - 1);
				len = (uint64_t)(1 + below(r, 4)) * PAGE;
			} else {
				off = chance(r, 50) ? 0 : off & ~(PAGE - 1);
				len = size - off;
			}
			LCALL(c, LOP_HUGE, 0x35, h, op, len,
			      zx_vmo_op_range(h, op, off, len, NULL, 0));
			break;
		}
		default:
			LCALL(c, LOP_HUGE, 0x34, h, size, 1,
			      zx_vmo_set_size(h, chance(r, 50) ? size - PAGE :
					      size / 2 + 1));
			size = lvmo_size(h);
			break;
		}
	}
	if (chance(r, 50))
		lput(c, h, ZX_OBJ_TYPE_VMO);
	else
		zx_handle_close(h);
}

static int lpick_op(struct rng *r)
{
	static unsigned int total;
	unsigned int k;

	if (!total)
		for (int i = 0; i < LOP_COUNT; i++)
			total += lop_weights[i];
	k = below(r, total);
	for (int i = 0; i < LOP_COUNT; i++) {
		if (k < lop_weights[i])
			return i;
		k -= lop_weights[i];
	}
	return 0;
}

/* One case per operation of LOPS(), with the call listed there. */
#define LOP_CASE(name, w, call) case LOP_##name: call; break;

static void libzx_op(struct lctx *c)
{
	int op = lpick_op(&c->t.r);

	switch (op) {
	LOPS(LOP_CASE)
	}
}

static void *libzx_thread(void *p)
{
	struct lctx *c = p;

	c->t.ts->tid = zx_test_gettid();
	wait_for_go();
	for (long i = 0; i < opt.ops && !must_stop(); i++) {
		if (shedding() && chance(&c->t.r, 3))
			lshed(c);
		libzx_op(c);
	}
	return NULL;
}

/*
 * One process of the libzx mode.  @next and @prev are bridge descriptors
 * of its two ring channels, @snext and @sprev its ring sockets.
 */
int libzx_worker(int next, int prev, int snext, int sprev)
{
	struct lctx ctx[MAX_THREADS + 1];
	pthread_t th[MAX_THREADS], cth, sth;
	struct rng r = { thread_seed(g_proc, 99) };
	struct rng cr = { thread_seed(g_proc, 98) };
	struct sigaction sa;
	int how;

	signals_init(&r);
	P.memfd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fault_handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);

	P.devfd = zx_linux_device_fd();
	P.root = zx_vmar_root_self();
	if (P.devfd < 0 || !P.root) {
		worker_fail("libzx: no device or no root VMAR");
		return 1;
	}
	if (zx_linux_fd_to_handle(next, &P.link[0]) != ZX_OK ||
	    zx_linux_fd_to_handle(prev, &P.link[1]) != ZX_OK) {
		worker_fail("libzx: cannot take the ring channels out of their descriptors");
		return 1;
	}
	P.sock[0] = snext;
	P.sock[1] = sprev;
	fcntl(snext, F_SETFL, O_NONBLOCK);
	fcntl(sprev, F_SETFL, O_NONBLOCK);
	for (int i = 0; i < LFDS; i++)
		P.bfd[i] = -1;
	for (int t = 0; t <= opt.threads; t++) {	/* the last: the server */
		struct lctx *c = &ctx[t];

		memset(c, 0, sizeof(*c));
		c->t.r.s = thread_seed(g_proc, t);
		c->t.idx = t;
		c->t.ts = &g_ps->t[t];
		region_alloc(&c->scratch, 128 * 1024, false);
		region_alloc(&c->inbuf, 128 * 1024, false);
		for (size_t i = 0; i < c->inbuf.size; i += 8) {
			uint64_t v = rnd(&c->t.r);

			memcpy(c->inbuf.base + i, &v, 8);
		}
	}
	/* A few objects to start with. */
	for (int i = 0; i < 16; i++) {
		int op = (int[]){ LOP_EVENT, LOP_EVENTPAIR, LOP_CHANNEL }[i % 3];

		lop_create(&ctx[0], op);
		lop_vmo(&ctx[0]);
		if (i % 4 == 0) {
			lop_port(&ctx[0]);
			lop_timer(&ctx[0]);
		}
	}
	if (pthread_create(&cth, NULL, canceler, &cr) ||
	    pthread_create(&sth, NULL, server, &ctx[opt.threads])) {
		worker_fail("pthread_create failed");
		return 1;
	}
	for (int t = 1; t < opt.threads; t++)
		if (pthread_create(&th[t], NULL, libzx_thread, &ctx[t])) {
			worker_fail("pthread_create failed");
			return 1;
		}
	/*
	 * How this process ends: 0 exits with everything open (the table's
	 * release closes it), 1 closes everything first, 2 exits as soon as
	 * its own thread is done, the others still in the middle of calls.
	 */
	how = chance(&r, 60) ? 0 : chance(&r, 75) ? 1 : 2;
	__atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
	libzx_thread(&ctx[0]);
	if (how == 2)
		_exit(0);
	for (int t = 1; t < opt.threads; t++)
		pthread_join(th[t], NULL);
	__atomic_store_n(&P.stop_canceler, 1, __ATOMIC_RELAXED);
	pthread_join(cth, NULL);
	pthread_join(sth, NULL);
	if (how == 1) {
		zx_handle_close_many(P.slot, LSLOTS);
		zx_handle_close(P.link[0]);
		zx_handle_close(P.link[1]);
		for (int i = 0; i < LFDS; i++)
			if (P.bfd[i] >= 0)
				close(P.bfd[i]);
	}
	return 0;
}
