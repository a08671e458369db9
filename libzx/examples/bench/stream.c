/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: zx_stream_readv() and zx_stream_writev() against preadv() and
 * pwritev() on a memfd, 4 KiB and 64 KiB, one vector each, at offset 0
 * of a committed VMO (memfd) of that size: a stream read or write at the
 * seek offset, moved back with zx_stream_seek() would add a call, so the
 * stream side uses the _at calls, as pwritev()/preadv() take an offset.
 */
#include "bench.h"

enum { ST_READ, ST_WRITE };

/* h[0] the VMO, h[1] a read-write stream over it. */
static int setup_stream(struct mech *m)
{
	zx_status_t s;

	m->buf = xalloc(m->size);
	s = zx_vmo_create(m->size, 0, &m->h[0]);
	if (s != ZX_OK)
		return zerr(m, "zx_vmo_create", s);
	s = zx_vmo_write(m->h[0], m->buf, 0, m->size);
	if (s != ZX_OK)
		return zerr(m, "zx_vmo_write", s);
	s = zx_stream_create(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE,
			     m->h[0], 0, &m->h[1]);
	return s == ZX_OK ? 0 : zerr(m, "zx_stream_create", s);
}

static void teardown_stream(struct mech *m)
{
	close_handles(m);
	close_fds(m);
	xfree(m->buf, m->size);
	m->buf = NULL;
}

static int64_t run_stream(struct mech *m, uint64_t n)
{
	zx_iovec_t vec = { m->buf, m->size };
	uint64_t t0 = now_ns(), i;
	size_t actual = 0;
	zx_status_t s;

	for (i = 0; i < n; i++) {
		if (m->op == ST_READ)
			s = zx_stream_readv_at(m->h[1], 0, 0, &vec, 1, &actual);
		else
			s = zx_stream_writev_at(m->h[1], 0, 0, &vec, 1,
						&actual);
		if (s != ZX_OK || actual != m->size)
			return zerr(m, m->op == ST_READ ? "zx_stream_readv_at" :
				    "zx_stream_writev_at",
				    s != ZX_OK ? s : ZX_ERR_INTERNAL);
	}
	return now_ns() - t0;
}

static int64_t run_memfd_v(struct mech *m, uint64_t n)
{
	struct iovec vec = { m->buf, m->size };
	uint64_t t0 = now_ns(), i;
	ssize_t r;

	for (i = 0; i < n; i++) {
		if (m->op == ST_READ)
			r = preadv(m->fd[0], &vec, 1, 0);
		else
			r = pwritev(m->fd[0], &vec, 1, 0);
		if (r != (ssize_t)m->size)
			return perr(m, m->op == ST_READ ? "preadv" : "pwritev");
	}
	return now_ns() - t0;
}

void plan_stream(void)
{
	static const size_t sizes[] = { 4096, 65536 };
	struct group *g;
	int z, f, i, rw;

	for (rw = ST_READ; rw <= ST_WRITE; rw++) {
		for (i = 0; i < 2; i++) {
			size_t sz = sizes[i];
			bool r = rw == ST_READ;

			g = new_group("stream", "%s %s",
				      r ? "stream readv" : "stream writev",
				      size_name(sz));
			z = add(g, r ? "zx_stream_readv_at" :
				"zx_stream_writev_at", setup_stream,
				run_stream, teardown_stream, sz);
			f = add(g, r ? "memfd preadv" : "memfd pwritev",
				setup_memfd, run_memfd_v, teardown_stream,
				sz);
			g->m[z].op = g->m[f].op = rw;
			compare(g, NULL, z, f, 0, sz, false);
		}
	}
}
