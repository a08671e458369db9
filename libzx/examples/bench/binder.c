/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: the binder baseline: a minimal context manager and client on the raw
 * ioctls of <linux/android/binder.h>.
 */
#include "bench.h"

#if __has_include(<linux/android/binder.h>)
#include <linux/android/binder.h>
#define HAVE_BINDER 1
#else
#define HAVE_BINDER 0
#endif

/* ------------------------------------------------------------- binder */

#if HAVE_BINDER

#define BINDER_MAP_SIZE	(1u << 20)

static struct {
	int state;		/* ST_OK once the server answers */
	char why[200];
	pid_t server;
	int fd;			/* the client's /dev/binder */
	void *map;
	binder_uintptr_t to_free;	/* a reply buffer not yet freed */
} bdr = { .state = ST_NA, .fd = -1 };

static int binder_open(char *why, size_t wl, int *fdp, void **mapp)
{
	struct binder_version v;
	int fd = open(opt.binder_dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, wl, "%s: %s%s", opt.binder_dev, strerror(errno),
			 errno == ENOENT ? " (modprobe binder_linux)" : "");
		return -1;
	}
	if (ioctl(fd, BINDER_VERSION, &v) < 0 ||
	    v.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
		snprintf(why, wl, "%s: protocol version mismatch",
			 opt.binder_dev);
		close(fd);
		return -1;
	}
	*mapp = mmap(NULL, BINDER_MAP_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	if (*mapp == MAP_FAILED) {
		snprintf(why, wl, "mmap %s: %s", opt.binder_dev,
			 strerror(errno));
		close(fd);
		return -1;
	}
	*fdp = fd;
	return 0;
}

/* One BINDER_WRITE_READ; returns the bytes read, or -errno. */
static ssize_t binder_io(int fd, const void *w, size_t wl, void *r, size_t rl)
{
	struct binder_write_read bwr = {
		.write_size = wl,
		.write_buffer = (uintptr_t)w,
		.read_size = rl,
		.read_buffer = (uintptr_t)r,
	};

	/* The driver resumes from the consumed counts after EINTR. */
	while (ioctl(fd, BINDER_WRITE_READ, &bwr) < 0)
		if (errno != EINTR)
			return -errno;
	return bwr.read_consumed;
}

struct bwbuf {
	uint8_t b[256];
	size_t len;
};

static void bput(struct bwbuf *w, const void *p, size_t n)
{
	memcpy(w->b + w->len, p, n);
	w->len += n;
}

static void bput32(struct bwbuf *w, uint32_t v)
{
	bput(w, &v, sizeof(v));
}

/*
 * The context manager: echoes each transaction's data (and its
 * descriptors) back as the reply, straight out of the buffer the driver
 * put it in, then frees that buffer.
 */
static int binder_server(struct mech *m, int *fds)
{
	struct flat_binder_object obj = {
		.flags = FLAT_BINDER_FLAG_ACCEPTS_FDS,
	};
	char why[200] = "";
	uint8_t rb[512];
	struct bwbuf w = { .len = 0 };
	int fd = -1, pending[8], npending = 0, tries;
	void *map;

	(void)m;
	if (binder_open(why, sizeof(why), &fd, &map) == 0) {
		/* A previous run's manager may still be on its way out. */
		for (tries = 0; tries < 50; tries++) {
			if (!ioctl(fd, BINDER_SET_CONTEXT_MGR_EXT, &obj))
				break;
			if (errno != EBUSY) {
				snprintf(why, sizeof(why),
					 "BINDER_SET_CONTEXT_MGR_EXT: %s",
					 strerror(errno));
				break;
			}
			usleep(100000);
		}
		if (tries == 50)
			snprintf(why, sizeof(why), "%s already has a context "
				 "manager", opt.binder_dev);
	}
	if (!why[0]) {
		bput32(&w, BC_ENTER_LOOPER);
		if (binder_io(fd, w.b, w.len, NULL, 0) < 0)
			snprintf(why, sizeof(why), "BC_ENTER_LOOPER: %s",
				 strerror(errno));
		w.len = 0;
	}
	/* Tell the parent: an empty line is success. */
	write_full(fds[0], why, strlen(why) + 1);
	close(fds[0]);
	if (why[0])
		return 0;

	for (;;) {
		ssize_t got = binder_io(fd, w.b, w.len, rb, sizeof(rb));
		size_t off = 0;

		if (got < 0) {
			fprintf(stderr, "zx-bench: binder server: %s\n",
				strerror(-got));
			return 1;
		}
		w.len = 0;
		while (npending)
			close(pending[--npending]);
		while (off + 4 <= (size_t)got) {
			uint32_t cmd;
			struct binder_transaction_data tr;
			struct binder_ptr_cookie pc;

			memcpy(&cmd, rb + off, 4);
			off += 4;
			switch (cmd) {
			case BR_TRANSACTION: {
				struct binder_transaction_data rep = { 0 };
				binder_size_t i, no;

				memcpy(&tr, rb + off, sizeof(tr));
				if (tr.code == 0)	/* quit */
					return 0;
				no = tr.offsets_size / sizeof(binder_size_t);
				for (i = 0; i < no && npending < 8; i++) {
					binder_size_t o;
					struct binder_fd_object fo;

					memcpy(&o, (void *)(uintptr_t)
					       (tr.data.ptr.offsets +
						i * sizeof(o)), sizeof(o));
					memcpy(&fo, (void *)(uintptr_t)
					       (tr.data.ptr.buffer + o),
					       sizeof(fo));
					if (fo.hdr.type == BINDER_TYPE_FD)
						pending[npending++] = fo.fd;
				}
				rep.data_size = tr.data_size;
				rep.offsets_size = tr.offsets_size;
				rep.data.ptr.buffer = tr.data.ptr.buffer;
				rep.data.ptr.offsets = tr.data.ptr.offsets;
				bput32(&w, BC_REPLY);
				bput(&w, &rep, sizeof(rep));
				bput32(&w, BC_FREE_BUFFER);
				bput(&w, &tr.data.ptr.buffer,
				     sizeof(binder_uintptr_t));
				break;
			}
			case BR_INCREFS:
			case BR_ACQUIRE:
				memcpy(&pc, rb + off, sizeof(pc));
				bput32(&w, cmd == BR_INCREFS ?
				       BC_INCREFS_DONE : BC_ACQUIRE_DONE);
				bput(&w, &pc, sizeof(pc));
				break;
			case BR_NOOP:
			case BR_TRANSACTION_COMPLETE:
			case BR_SPAWN_LOOPER:
			case BR_RELEASE:
			case BR_DECREFS:
			case BR_FINISHED:
				break;
			default:
				fprintf(stderr, "zx-bench: binder server: "
					"unexpected return 0x%x\n", cmd);
				return 1;
			}
			off += _IOC_SIZE(cmd);
		}
	}
}

void binder_start(void)
{
	static struct mech sm = { .name = "binder-server" };
	char why[200];
	int p[2];
	ssize_t r;

	if (pipe2(p, O_CLOEXEC)) {
		snprintf(bdr.why, sizeof(bdr.why), "pipe: %s", strerror(errno));
		return;
	}
	bdr.server = spawn(&sm, binder_server, &p[1], 1, false);
	close(p[1]);
	memset(why, 0, sizeof(why));
	r = read(p[0], why, sizeof(why) - 1);
	close(p[0]);
	if (r <= 0) {
		snprintf(bdr.why, sizeof(bdr.why), "binder server died");
		return;
	}
	if (why[0]) {
		snprintf(bdr.why, sizeof(bdr.why), "%s", why);
		return;
	}
	if (binder_open(bdr.why, sizeof(bdr.why), &bdr.fd, &bdr.map))
		return;
	bdr.state = ST_OK;
}

void binder_stop(void)
{
	struct binder_transaction_data tr = { .code = 0 };
	struct bwbuf w = { .len = 0 };
	uint8_t rb[256];
	int st;

	if (bdr.server <= 0)
		return;
	if (bdr.state == ST_OK) {
		bput32(&w, BC_TRANSACTION);
		tr.flags = TF_ONE_WAY;
		bput(&w, &tr, sizeof(tr));
		binder_io(bdr.fd, w.b, w.len, rb, sizeof(rb));
	}
	alarm(10);
	if (waitpid(bdr.server, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		kill(bdr.server, SIGKILL);
		fprintf(stderr, "zx-bench: the binder server failed\n");
	}
	alarm(0);
	if (bdr.fd >= 0) {
		munmap(bdr.map, BINDER_MAP_SIZE);
		close(bdr.fd);
	}
	bdr.server = 0;
}

int setup_binder(struct mech *m)
{
	if (bdr.state != ST_OK)
		return mna(m, "%s", bdr.why);
	m->buf = xalloc(MSG_MAX + 64);
	/* The descriptor object follows the payload, 8-byte aligned. */
	m->boff = (m->size + 7) & ~(size_t)7;
	if (m->nh) {
		m->fd[0] = eventfd(0, EFD_CLOEXEC);
		if (m->fd[0] < 0)
			return perr(m, "eventfd");
	}
	return 0;
}

void teardown_binder(struct mech *m)
{
	close_fds(m);
	xfree(m->buf, MSG_MAX + 64);
	m->buf = NULL;
}

int64_t run_binder_rt(struct mech *m, uint64_t n)
{
	binder_size_t offs[1] = { m->boff };
	struct binder_transaction_data tr = {
		.target.handle = 0,
		.code = 1,
		.flags = TF_ACCEPT_FDS,
		.data_size = m->nh ? m->boff + sizeof(struct binder_fd_object) :
				     m->size,
		.offsets_size = m->nh ? sizeof(offs) : 0,
		.data.ptr.buffer = (uintptr_t)m->buf,
		.data.ptr.offsets = (uintptr_t)offs,
	};
	struct binder_fd_object fo = {
		.hdr.type = BINDER_TYPE_FD,
		.fd = m->fd[0],
	};
	uint8_t rb[256];
	struct bwbuf w;
	uint64_t t0 = now_ns(), i;

	if (m->nh)
		memcpy(m->buf + m->boff, &fo, sizeof(fo));
	for (i = 0; i <= n; i++) {
		bool replied = false;

		w.len = 0;
		/* The previous reply is freed with the next transaction. */
		if (bdr.to_free) {
			bput32(&w, BC_FREE_BUFFER);
			bput(&w, &bdr.to_free, sizeof(bdr.to_free));
			bdr.to_free = 0;
		}
		if (i == n) {
			/* Only the last free, outside the timing. */
			uint64_t t1 = now_ns();

			if (w.len && binder_io(bdr.fd, w.b, w.len, NULL, 0) < 0)
				return perr(m, "BC_FREE_BUFFER");
			return t1 - t0;
		}
		stamp(m->buf, m->size, i);
		bput32(&w, BC_TRANSACTION);
		bput(&w, &tr, sizeof(tr));
		while (!replied) {
			ssize_t got = binder_io(bdr.fd, w.b, w.len, rb,
						sizeof(rb));
			size_t off = 0;

			w.len = 0;
			if (got < 0) {
				errno = -got;
				return perr(m, "BINDER_WRITE_READ");
			}
			while (off + 4 <= (size_t)got) {
				struct binder_transaction_data rep;
				uint32_t cmd;

				memcpy(&cmd, rb + off, 4);
				off += 4;
				if (cmd == BR_REPLY) {
					const uint8_t *d;

					memcpy(&rep, rb + off, sizeof(rep));
					d = (const uint8_t *)(uintptr_t)
					    rep.data.ptr.buffer;
					bdr.to_free = rep.data.ptr.buffer;
					replied = true;
					if (rep.data_size != tr.data_size ||
					    !stamped(d, m->size, i))
						return merr(m, "bad reply");
					if (m->nh) {
						memcpy(&fo, d + m->boff,
						       sizeof(fo));
						close(fo.fd);
						fo.fd = m->fd[0];
					}
				} else if (cmd != BR_NOOP &&
					   cmd != BR_TRANSACTION_COMPLETE) {
					return merr(m, "binder returned 0x%x",
						    cmd);
				}
				off += _IOC_SIZE(cmd);
			}
		}
	}
	return -1;	/* not reached */
}

#else /* !HAVE_BINDER */

int setup_binder(struct mech *m)
{
	return mna(m, "built without <linux/android/binder.h>");
}

void teardown_binder(struct mech *m)
{
	(void)m;
}

int64_t run_binder_rt(struct mech *m, uint64_t n)
{
	(void)n;
	return merr(m, "no binder");
}

void binder_start(void)
{
}

void binder_stop(void)
{
}

#endif /* HAVE_BINDER */
