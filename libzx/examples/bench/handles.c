/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: handle operations against their descriptor counterparts, with few and
 * many live handles.
 */
#include "bench.h"

/* ---------------------------------------------- handle operations */

enum { OP_CREATE, OP_DUP, OP_INFO, NR_OPS };
enum { IMPL_ZX, IMPL_FD };

/*
 * One process per configuration (ours or descriptors, live count,
 * threads), shared by the three operations: its table holds exactly the
 * live handles.  The parent sends "op, n"; it answers with the elapsed
 * nanoseconds measured inside.
 */
struct runner {
	int impl;
	long live;
	int threads;
	pid_t pid;
	int cmd, res;		/* our ends */
	int state;
	char why[200];
	/* In the runner process. */
	zx_handle_t test_h;
	int test_fd;
};

struct runner_msg {
	int64_t v;		/* ns, or -1 error, or -2 unavailable */
	char why[120];
};

struct runner_cmd {
	uint64_t n;		/* 0: exit */
	int32_t op;
	int32_t pad;
};

#define NR_RUNNERS 6
static struct runner runners[NR_RUNNERS];
static int nrunners;

static int hops(struct runner *r, int op, uint64_t n, char *why, size_t wl)
{
	zx_info_handle_basic_t info;
	zx_handle_t h;
	zx_status_t s = ZX_OK;
	struct stat st;
	uint64_t i;
	int fd;

	for (i = 0; i < n; i++) {
		if (r->impl == IMPL_ZX) {
			switch (op) {
			case OP_CREATE:
				s = zx_event_create(0, &h);
				if (s == ZX_OK)
					s = zx_handle_close(h);
				break;
			case OP_DUP:
				s = zx_handle_duplicate(r->test_h,
							ZX_RIGHT_SAME_RIGHTS,
							&h);
				if (s == ZX_OK)
					s = zx_handle_close(h);
				break;
			default:
				s = zx_object_get_info(r->test_h,
						       ZX_INFO_HANDLE_BASIC,
						       &info, sizeof(info),
						       NULL, NULL);
				break;
			}
			if (s != ZX_OK) {
				snprintf(why, wl, "%s", zx_status_get_string(s));
				return -1;
			}
		} else {
			switch (op) {
			case OP_CREATE:
				fd = eventfd(0, EFD_CLOEXEC);
				if (fd < 0 || close(fd))
					goto fail;
				break;
			case OP_DUP:
				fd = dup(r->test_fd);
				if (fd < 0 || close(fd))
					goto fail;
				break;
			default:
				if (fstat(r->test_fd, &st))
					goto fail;
				break;
			}
		}
	}
	return 0;
fail:
	snprintf(why, wl, "%s", strerror(errno));
	return -1;
}

struct hthread {
	struct runner *r;
	int op;
	uint64_t n;
	pthread_barrier_t *bar;
	int err;
	char why[120];
};

static void *hthread_main(void *p)
{
	struct hthread *t = p;

	pthread_barrier_wait(t->bar);
	t->err = hops(t->r, t->op, t->n, t->why, sizeof(t->why));
	return NULL;
}

static int64_t runner_run(struct runner *r, int op, uint64_t n, char *why,
			  size_t wl)
{
	struct hthread t = { .r = r, .op = op, .n = n / 2 };
	pthread_barrier_t bar;
	pthread_t th;
	uint64_t t0, t1;
	int err;

	if (r->threads == 1) {
		t0 = now_ns();
		err = hops(r, op, n, why, wl);
		t1 = now_ns();
		return err ? -1 : (int64_t)(t1 - t0);
	}
	pthread_barrier_init(&bar, NULL, 2);
	t.bar = &bar;
	if (pthread_create(&th, NULL, hthread_main, &t)) {
		snprintf(why, wl, "pthread_create failed");
		return -1;
	}
	pthread_barrier_wait(&bar);
	t0 = now_ns();
	err = hops(r, op, n - n / 2, why, wl);
	pthread_join(th, NULL);
	t1 = now_ns();
	pthread_barrier_destroy(&bar);
	if (t.err) {
		snprintf(why, wl, "%s", t.why);
		return -1;
	}
	return err ? -1 : (int64_t)(t1 - t0);
}

/* Fills this process's table (or descriptor table) to r->live entries. */
static int runner_fill(struct runner *r, struct runner_msg *msg)
{
	zx_handle_t ev, h = ZX_HANDLE_INVALID;
	zx_status_t s;
	struct rlimit rl;
	long i, have;
	int fd = -1;

	if (r->impl == IMPL_ZX) {
		s = zx_event_create(0, &ev);
		h = ev;
		for (i = 1; s == ZX_OK && i < r->live; i++)
			s = zx_handle_duplicate(ev, ZX_RIGHT_SAME_RIGHTS, &h);
		if (s != ZX_OK) {
			msg->v = s == ZX_ERR_NO_RESOURCES ? -2 : -1;
			snprintf(msg->why, sizeof(msg->why), "%ld handles: %s",
				 r->live, zx_status_get_string(s));
			return -1;
		}
		/* The newest: the deepest id in the table. */
		r->test_h = h;
		return 0;
	}
	/* 0-2 and the two command descriptors are live already. */
	have = 5;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)r->live + 64) {
		rl.rlim_cur = r->live + 64;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl)) {
			msg->v = -2;
			snprintf(msg->why, sizeof(msg->why),
				 "RLIMIT_NOFILE %ld: %s", r->live + 64,
				 strerror(errno));
			return -1;
		}
	}
	r->test_fd = eventfd(0, EFD_CLOEXEC);
	fd = r->test_fd;
	for (i = have + 1; fd >= 0 && i < r->live; i++)
		fd = dup(r->test_fd);
	if (fd < 0) {
		msg->v = -1;
		snprintf(msg->why, sizeof(msg->why), "%ld descriptors: %s",
			 r->live, strerror(errno));
		return -1;
	}
	r->test_fd = fd;
	return 0;
}

static int runner_child(struct mech *m, int *fds)
{
	struct runner *r = m->runner;
	struct runner_msg msg = { .v = 0 };
	struct runner_cmd c;

	if (runner_fill(r, &msg) == 0)
		msg.v = 0;
	if (write_full(fds[1], &msg, sizeof(msg)) < 0 || msg.v)
		return 0;
	for (;;) {
		if (read_full(fds[0], &c, sizeof(c)) != sizeof(c) || !c.n)
			return 0;
		memset(&msg, 0, sizeof(msg));
		msg.v = runner_run(r, c.op, c.n, msg.why, sizeof(msg.why));
		if (write_full(fds[1], &msg, sizeof(msg)) < 0)
			return 1;
	}
}

static struct runner *runner_get(int impl, long live, int threads)
{
	struct mech tmp = { .name = "handle-ops" };
	struct runner_msg msg;
	struct runner *r;
	int cmd[2], res[2], theirs[2];
	int i;

	for (i = 0; i < nrunners; i++) {
		r = &runners[i];
		if (r->impl == impl && r->live == live && r->threads == threads)
			return r;
	}
	if (nrunners == NR_RUNNERS)
		return NULL;
	r = &runners[nrunners++];
	memset(r, 0, sizeof(*r));
	r->impl = impl;
	r->live = live;
	r->threads = threads;
	r->cmd = r->res = -1;
	tmp.runner = r;
	if (pipe2(cmd, O_CLOEXEC) || pipe2(res, O_CLOEXEC)) {
		r->state = ST_ERR;
		snprintf(r->why, sizeof(r->why), "pipe2: %s", strerror(errno));
		return r;
	}
	theirs[0] = cmd[0];
	theirs[1] = res[1];
	/* Two threads get every CPU; one runs where the other peers do. */
	r->pid = spawn(&tmp, runner_child, theirs, 2, threads > 1);
	close(cmd[0]);
	close(res[1]);
	r->cmd = cmd[1];
	r->res = res[0];
	alarm(WATCHDOG_S);
	if (read_full(r->res, &msg, sizeof(msg)) != sizeof(msg)) {
		r->state = ST_ERR;
		snprintf(r->why, sizeof(r->why), "runner died");
	} else if (msg.v) {
		r->state = msg.v == -2 ? ST_NA : ST_ERR;
		snprintf(r->why, sizeof(r->why), "%s", msg.why);
	}
	alarm(0);
	return r;
}

void runners_stop(void)
{
	for (int i = 0; i < nrunners; i++) {
		struct runner *r = &runners[i];
		int st;

		if (r->cmd >= 0)
			close(r->cmd);
		if (r->res >= 0)
			close(r->res);
		if (r->pid > 0) {
			waitpid(r->pid, &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st)) {
				fprintf(stderr, "zx-bench: handle runner %d "
					"failed\n", i);
				errors++;
			}
		}
	}
	nrunners = 0;
}

static int setup_hops(struct mech *m)
{
	struct runner *r = m->runner;

	if (!r)
		return merr(m, "too many runners");
	if (r->state != ST_OK) {
		m->state = r->state;
		snprintf(m->why, sizeof(m->why), "%s", r->why);
		return -1;
	}
	return 0;
}

static int64_t run_hops(struct mech *m, uint64_t n)
{
	struct runner *r = m->runner;
	struct runner_cmd c = { .n = n, .op = m->op };
	struct runner_msg msg;

	if (write_full(r->cmd, &c, sizeof(c)) < 0)
		return perr(m, "runner command");
	if (read_full(r->res, &msg, sizeof(msg)) != sizeof(msg))
		return merr(m, "runner died");
	if (msg.v < 0)
		return merr(m, "%s", msg.why);
	return msg.v;
}

static void teardown_none(struct mech *m)
{
	(void)m;
}


void plan_handles(void)
{
	static const char *const opname[NR_OPS] = {
		"create+close", "duplicate+close", "get_info",
	};
	static const char *const fdname[NR_OPS] = {
		"eventfd+close", "dup+close", "fstat",
	};
	static char labels[NR_OPS][5][48];
	static char live_s[32];
	struct group *g;
	int op;

	snprintf(live_s, sizeof(live_s), "%ldk", opt.live / 1000);
	if (opt.live % 1000)
		snprintf(live_s, sizeof(live_s), "%ld", opt.live);
	for (op = 0; op < NR_OPS; op++) {
		int z10, zl, z2, f10, fl, f2;

		g = new_group("handles", "handle %s", opname[op]);
		z10 = add(g, "zx, 10 live", setup_hops, run_hops,
			  teardown_none, 0);
		zl = add(g, "zx, many live", setup_hops, run_hops,
			 teardown_none, 0);
		z2 = add(g, "zx, 2 threads", setup_hops, run_hops,
			 teardown_none, 0);
		f10 = add(g, fdname[op], setup_hops, run_hops,
			  teardown_none, 0);
		fl = add(g, "fds many live", setup_hops, run_hops,
			 teardown_none, 0);
		f2 = add(g, "fds 2 threads", setup_hops, run_hops,
			 teardown_none, 0);
		g->m[z10].runner = runner_get(IMPL_ZX, 10, 1);
		g->m[zl].runner = runner_get(IMPL_ZX, opt.live, 1);
		g->m[z2].runner = runner_get(IMPL_ZX, 10, 2);
		g->m[f10].runner = runner_get(IMPL_FD, 10, 1);
		g->m[fl].runner = runner_get(IMPL_FD, opt.live, 1);
		g->m[f2].runner = runner_get(IMPL_FD, 10, 2);
		for (int i = 0; i < g->nm; i++)
			g->m[i].op = op;
		/* create or duplicate, then close; or get_info */
		g->m[z10].ioctls = g->m[zl].ioctls = g->m[z2].ioctls =
			op == OP_INFO ? 1 : 2;
		snprintf(labels[op][3], 48, "zx, %s live", live_s);
		g->m[zl].name = labels[op][3];
		snprintf(labels[op][0], 48, "%s, 10 live", opname[op]);
		snprintf(labels[op][1], 48, "%s, %s live", opname[op], live_s);
		snprintf(labels[op][2], 48, "%s, %s/10 live", opname[op],
			 live_s);
		snprintf(labels[op][4], 48, "%s, 2 threads", opname[op]);
		/* The target: duplicate+close within 1.5 of dup+close. */
		compare(g, labels[op][0], z10, f10, op == OP_DUP ? 1.5 : 0, 0,
			true);
		compare(g, labels[op][1], zl, fl, 0, 0, true);
		compare(g, labels[op][2], zl, z10, 1.10, 0, true);
		compare(g, labels[op][4], z2, f2, 0, 0, true);
	}
}
