/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: zx_vmo_read() and zx_vmo_write() against memfd and memcpy.
 */
#include "bench.h"

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

/* A memfd of m->size bytes, every page written (bench.h). */
int setup_memfd(struct mech *m)
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


void plan_vmo(void)
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
			g->m[v].ioctls = 1;
			compare(g, NULL, v, f, sz >= 65536 ? 1.10 :
				r ? 1.0 : 0, sz, false);
			compare(g, NULL, v, c, 0, sz, false);
		}
	}
}
