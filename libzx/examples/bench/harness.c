/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: every hot path of zircon.ko measured next to what a Linux
 * program would use instead, in the same run.
 *
 * Each benchmark group sets up its mechanisms (ours and the baselines;
 * two-process ones fork a peer), calibrates an iteration count per
 * mechanism so that one trial lasts about --trial-ms, and then runs
 * --trials rounds in which every mechanism runs one trial, in a rotating
 * order, so that a change of load on the machine hits all of them alike.
 * A figure is the median over the trials of the time per operation, with
 * the minimum and maximum as its spread; a ratio is ours over the
 * baseline (time, so lower is better).
 *
 * Peers get their endpoint through the descriptor bridge: the parent turns
 * a channel end (or event pair end) into a descriptor, forks, and the child
 * takes it back out with zx_linux_fd_to_handle() into its own table (a
 * forked child never uses its parent's /dev/zircon table).
 *
 * Binder: a minimal context manager and client written on the raw ioctls
 * of <linux/android/binder.h> (binder_linux's /dev/binder).
 *
 * Run "zx-bench -h" for the options; Documentation/performance.rst has the
 * method and the latest figures.
 *
 * This file is the harness: options, calibration, trials, statistics and
 * the table, CSV and TAP output.  Each benchmark family is a file of its
 * own (channel.c, binder.c, tput.c, mtput.c, vmo.c, handles.c, wake.c,
 * port.c, socket.c, stream.c, fifo.c, mem.c, entry.c), whose plan function adds its
 * groups; bench.h declares what they share.  A memory group (mem.c) reuses
 * the machinery with bytes per object where the others have nanoseconds
 * per operation.
 */

#include "bench.h"

struct bench_opt opt = {
	.runs = 1,
	.trials = 15,
	.trial_ms = 40,
	.cpus = CPUS_SAME,
	.batch = true,
	.live = 100000,
	.binder_dev = "/dev/binder",
};

static struct group groups[MAX_GROUPS];
static int ngroups;
/* --runs: each comparison's ratio in each run (0: none). */
static double run_ratio[MAX_GROUPS][MAX_CMP][MAX_RUNS];
/*
 * The toll table: for a row with a target whose mechanism counts its
 * ioctls, in each run, the ratio its ioctls alone would give (the floor)
 * and its ratio with each ioctl's entry priced as getppid()'s (0: none).
 */
static double run_floor[MAX_GROUPS][MAX_CMP][MAX_RUNS];
static double run_adj[MAX_GROUPS][MAX_CMP][MAX_RUNS];
static double run_ioctl_ns[MAX_RUNS], run_syscall_ns[MAX_RUNS];
int errors;
static int tap_n, tap_pass, tap_fail, tap_skip;
static const char *volatile current_mech = "setup";
static cpu_set_t allowed;
static int cpu_first = -1, cpu_second = -1;
static pid_t main_pid;

/* ------------------------------------------------------------- helpers */

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

__attribute__((format(printf, 2, 3)))
int merr(struct mech *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
	m->state = ST_ERR;
	return -1;
}

__attribute__((format(printf, 2, 3)))
int mna(struct mech *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->why, sizeof(m->why), fmt, ap);
	va_end(ap);
	m->state = ST_NA;
	return 1;
}

int zerr(struct mech *m, const char *what, zx_status_t s)
{
	return merr(m, "%s: %s", what, zx_status_get_string(s));
}

int perr(struct mech *m, const char *what)
{
	return merr(m, "%s: %s", what, strerror(errno));
}

/* A child's complaint, on stderr, and its exit status. */
__attribute__((format(printf, 2, 3)))
int cfail(struct mech *m, const char *fmt, ...)
{
	char b[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	fprintf(stderr, "zx-bench: %s peer: %s\n", m->name, b);
	return 1;
}

void *xalloc(size_t size)
{
	void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "zx-bench: out of memory (%zu bytes)\n", size);
		exit(1);
	}
	memset(p, 0x5a, size);
	return p;
}

void xfree(void *p, size_t size)
{
	if (p)
		munmap(p, size ? size : 1);
}

ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = read(fd, (char *)buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

ssize_t write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(fd, (const char *)buf + done, n - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		done += r;
	}
	return done;
}

/* Marks a payload so that the echo can be checked cheaply. */
/* (Not in the first bytes, where zx_channel_call() puts its txid.) */
void stamp(uint8_t *buf, size_t size, uint64_t i)
{
	if (size)
		buf[size - 1] = (uint8_t)i;
	if (size >= 8)
		buf[size / 2] = (uint8_t)~i;
}

bool stamped(const uint8_t *buf, size_t size, uint64_t i)
{
	return (!size || buf[size - 1] == (uint8_t)i) &&
	       (size < 8 || buf[size / 2] == (uint8_t)~i);
}

static void pin(int cpu)
{
	cpu_set_t set;

	if (opt.cpus == CPUS_NONE || cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void unpin(void)
{
	if (opt.cpus != CPUS_NONE)
		sched_setaffinity(0, sizeof(allowed), &allowed);
}

/* Closes every descriptor of a new child except 0-2 and @keep. */
static void close_others(int *keep, int n)
{
	int lo = 3, i, j;

	/* Ascending order makes the gaps easy. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (keep[j] < keep[i]) {
				int t = keep[i];

				keep[i] = keep[j];
				keep[j] = t;
			}
	for (i = 0; i < n; i++) {
		if (keep[i] < lo)
			continue;
		if (keep[i] > lo)
			syscall(SYS_close_range, lo, keep[i] - 1, 0);
		lo = keep[i] + 1;
	}
	syscall(SYS_close_range, lo, ~0U, 0);
}

/*
 * Forks a peer running @fn with the descriptors @fds (the only ones it
 * keeps).  It dies with us, and runs on the second CPU when --cpus=split.
 */
pid_t spawn(struct mech *m, child_fn fn, int *fds, int nfds, bool spread)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid != 0)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != main_pid)
		_exit(111);
	alarm(0);
	signal(SIGALRM, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	close_others(fds, nfds);
	if (spread)
		unpin();
	else
		pin(opt.cpus == CPUS_SPLIT ? cpu_second : cpu_first);
	_exit(fn(m, fds));
}

/* Reaps the peer; a peer that failed turns the mechanism into an error. */
/*
 * Forks a peer running @fn connected by two pipes: we write to fd[0] what
 * it reads from its fds[0], and read from fd[1] what it writes to its
 * fds[1].  Allocates m->buf (MSG_MAX bytes).
 */
int spawn_over_pipes(struct mech *m, child_fn fn)
{
	int out[2], in[2], theirs[2];

	if (pipe2(out, O_CLOEXEC) || pipe2(in, O_CLOEXEC))
		return perr(m, "pipe2");
	m->fd[0] = out[1];
	m->fd[1] = in[0];
	theirs[0] = out[0];
	theirs[1] = in[1];
	m->buf = xalloc(MSG_MAX);
	m->pid = spawn(m, fn, theirs, 2, false);
	close(out[0]);
	close(in[1]);
	return m->pid < 0 ? perr(m, "fork") : 0;
}

void reap(struct mech *m)
{
	int st;

	if (m->pid <= 0)
		return;
	alarm(WATCHDOG_S);
	while (waitpid(m->pid, &st, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	m->pid = 0;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return;
	if (m->state == ST_OK) {
		if (WIFEXITED(st))
			merr(m, "peer exited with status %d", WEXITSTATUS(st));
		else
			merr(m, "peer killed by signal %d", WTERMSIG(st));
	}
}

void close_fds(struct mech *m)
{
	for (int i = 0; i < 4; i++) {
		if (m->fd[i] >= 0)
			close(m->fd[i]);
		m->fd[i] = -1;
	}
}

void close_handles(struct mech *m)
{
	for (int i = 0; i < 4; i++) {
		if (m->h[i] != ZX_HANDLE_INVALID)
			zx_handle_close(m->h[i]);
		m->h[i] = ZX_HANDLE_INVALID;
	}
}

static void free_bufs(struct mech *m)
{
	xfree(m->buf, MSG_MAX);
	xfree(m->rbuf, MSG_MAX);
	m->buf = m->rbuf = NULL;
}

/* The default teardown: close our ends, then reap the peer. */
void teardown_std(struct mech *m)
{
	close_handles(m);
	close_fds(m);
	reap(m);
	free_bufs(m);
}

/* A channel (or event pair) end for a peer: bridge descriptor + fork. */
int zx_peer(struct mech *m, zx_handle_t theirs, child_fn fn)
{
	zx_status_t s;
	int fd;

	s = zx_linux_handle_to_fd(theirs, 0, &fd);
	if (s != ZX_OK)
		return zerr(m, "zx_linux_handle_to_fd", s);
	m->pid = spawn(m, fn, &fd, 1, false);
	close(fd);
	if (m->pid < 0)
		return perr(m, "fork");
	return 0;
}

int zx_peer_handle(struct mech *m, int *fds, zx_handle_t *h)
{
	zx_status_t s = zx_linux_fd_to_handle(fds[0], h);

	if (s != ZX_OK)
		return cfail(m, "zx_linux_fd_to_handle: %s",
			     zx_status_get_string(s));
	return 0;
}

/* --------------------------------------------------------------- plan */

static bool selected(const char *key)
{
	const char *p = opt.only;
	size_t n = strlen(key);

	if (!p || !strcmp(p, "all"))
		return true;
	while (*p) {
		if (!strncmp(p, key, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return false;
}

struct group *new_group(const char *key, const char *fmt, ...)
{
	struct group *g;
	va_list ap;

	if (ngroups == MAX_GROUPS) {
		fprintf(stderr, "zx-bench: more than %d groups (MAX_GROUPS)\n",
			MAX_GROUPS);
		exit(2);
	}
	g = &groups[ngroups++];
	memset(g, 0, sizeof(*g));
	g->key = key;
	va_start(ap, fmt);
	vsnprintf(g->title, sizeof(g->title), fmt, ap);
	va_end(ap);
	return g;
}

int add(struct group *g, const char *name, setup_fn s, run_fn r,
	teardown_fn t, size_t size)
{
	struct mech *m;

	if (g->nm == MAX_MECH) {
		fprintf(stderr, "zx-bench: group %s: more than %d mechanisms\n",
			g->key, MAX_MECH);
		exit(2);
	}
	m = &g->m[g->nm];
	memset(m, 0, sizeof(*m));
	m->name = name;
	m->setup = s;
	m->run = r;
	m->teardown = t;
	m->size = size;
	m->per = 1;
	for (int i = 0; i < 4; i++)
		m->fd[i] = -1;
	return g->nm++;
}

void compare(struct group *g, const char *label, int a, int b,
	     double target, size_t bytes, bool ops)
{
	struct cmp *c;

	if (g->nc == MAX_CMP) {
		fprintf(stderr, "zx-bench: group %s: more than %d comparisons\n",
			g->key, MAX_CMP);
		exit(2);
	}
	c = &g->c[g->nc++];
	c->label = label ? label : g->title;
	c->a = a;
	c->b = b;
	c->target = target;
	c->bytes = bytes;
	c->ops = ops;
}

const char *size_name(size_t s)
{
	static char names[16][32];
	static int next;
	char *b = names[next++ % 16];

	if (s >= 1 << 20 && !(s % (1 << 20)))
		snprintf(b, 32, "%zu MiB", s >> 20);
	else if (s >= 1024 && !(s % 1024))
		snprintf(b, 32, "%zu KiB", s >> 10);
	else
		snprintf(b, 32, "%zu B", s);
	return b;
}

/* ---------------------------------------------------------------- run */

static void on_alarm(int sig)
{
	static const char msg[] = "zx-bench: watchdog: stuck in ";
	const char *n = current_mech;

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0 ||
	    write(2, n, strlen(n)) < 0 || write(2, "\n", 1) < 0)
		_exit(3);
	_exit(3);
}

static int64_t run_once(struct mech *m, uint64_t n)
{
	int64_t ns;

	current_mech = m->name;
	alarm(WATCHDOG_S);
	ns = m->run(m, n);
	alarm(0);
	if (ns < 0 && m->state == ST_OK)
		merr(m, "failed");
	return ns;
}

/*
 * Picks the iteration count for one trial of about --trial-ms, from the
 * fastest time per operation seen while growing a run to a quarter of
 * that (one slow run, e.g. while the host is busy, must not shrink the
 * trials to a few iterations).  A first run of one iteration, not
 * counted, warms up: the peer's start, first faults.
 */
static void calibrate(struct mech *m)
{
	double target = opt.trial_ms * 1e6, best = 0, per, grow;
	uint64_t n = 1;
	int64_t ns;

	if (opt.smoke) {
		m->iters = 3;
		run_once(m, 2);
		return;
	}
	if (run_once(m, 1) < 0)
		return;
	for (;;) {
		ns = run_once(m, n);
		if (ns < 0)
			return;
		if (is_tput(m))
			n = tput_round(n);
		per = (double)(ns > 0 ? ns : 1) / n;
		if (!best || per < best)
			best = per;
		if (ns >= target / 4 || n >= (1ULL << 40))
			break;
		grow = target / 4 / (ns > 0 ? ns : 1);
		n = (uint64_t)(n * (grow < 2 ? 2 : grow > 64 ? 64 : grow));
	}
	m->iters = (uint64_t)(target / best);
	if (m->iters < 1)
		m->iters = 1;
	/* One stalled short run must not make every trial that short. */
	if (m->iters < m->min_iters)
		m->iters = m->min_iters;
	/* A throughput run moves whole acknowledgement batches. */
	if (is_tput(m))
		m->iters = tput_round(m->iters);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of the @n values at @v, which it sorts. */
static double median_of(double *v, int n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void stats(struct mech *m)
{
	double v[MAX_TRIALS];

	if (!m->n)
		return;
	memcpy(v, m->ns, m->n * sizeof(v[0]));
	m->med = median_of(v, m->n);	/* sorts v */
	m->min = v[0];
	m->max = v[m->n - 1];
}

/* --filter: "group title/mechanism name" must contain the pattern. */
static bool filtered_out(const struct group *g, const struct mech *m)
{
	char full[128];

	if (!opt.filter)
		return false;
	snprintf(full, sizeof(full), "%s/%s", g->title, m->name);
	return !strstr(full, opt.filter);
}

/*
 * A mechanism's state as add() left it, so that with --runs every run sets
 * it up afresh (a peer's sequence numbers start again, and so on).
 */
static void mech_reset(struct mech *m)
{
	m->state = ST_OK;
	m->why[0] = 0;
	m->pid = 0;
	for (int i = 0; i < 4; i++) {
		m->fd[i] = -1;
		m->h[i] = ZX_HANDLE_INVALID;
	}
	m->buf = m->rbuf = NULL;
	m->shared = NULL;
	m->seq = 0;
	m->boff = 0;
	m->iters = 0;
	m->n = 0;
}

static void run_group(struct group *g)
{
	int i, t;

	for (i = 0; i < g->nm; i++) {
		struct mech *m = &g->m[i];

		mech_reset(m);
		current_mech = m->name;
		if (filtered_out(g, m)) {
			mna(m, "not selected");
			continue;
		}
		m->state = ST_OK;
		alarm(WATCHDOG_S);
		m->setup(m);
		alarm(0);
		if (m->state != ST_OK)
			continue;
		if (!g->mem) {
			calibrate(m);
			continue;
		}
		/* A fixed count, and one run first to grow the tables. */
		m->iters = mem_objects();
		run_once(m, m->iters);
	}
	for (t = 0; t < opt.trials; t++) {
		for (i = 0; i < g->nm; i++) {
			struct mech *m = &g->m[(i + t) % g->nm];
			int64_t ns;

			if (m->state != ST_OK)
				continue;
			ns = run_once(m, m->iters);
			if (ns >= 0) {
				double ops = m->iters * m->per;

				if (is_tput(m))
					ops = tput_round(m->iters);
				m->ns[m->n++] = ns / ops;
			}
		}
	}
	for (i = 0; i < g->nm; i++) {
		struct mech *m = &g->m[i];

		current_mech = m->name;
		if (!filtered_out(g, m))
			m->teardown(m);
		stats(m);
		if (m->state == ST_ERR)
			errors++;
	}
}

/* ------------------------------------------------------------ output */

static void fmt_time(char *b, size_t bl, double ns, double unit_of)
{
	static const struct {
		double div;
		const char *u;
	} units[] = { { 1, "ns" }, { 1e3, "us" }, { 1e6, "ms" }, { 1e9, "s" } };
	int u = 0;

	while (u < 3 && unit_of >= units[u + 1].div)
		u++;
	if (ns / units[u].div < 10)
		snprintf(b, bl, "%.2f%s", ns / units[u].div, units[u].u);
	else if (ns / units[u].div < 100)
		snprintf(b, bl, "%.1f%s", ns / units[u].div, units[u].u);
	else
		snprintf(b, bl, "%.0f%s", ns / units[u].div, units[u].u);
}

static void fmt_fig(char *b, size_t bl, const struct group *g,
		    const struct mech *m)
{
	char med[16], lo[16], hi[16];

	if (m->state != ST_OK || !m->n) {
		snprintf(b, bl, "%s", m->state == ST_NA ? "n/a" : "error");
		return;
	}
	if (g->mem) {
		snprintf(med, sizeof(med), "%.0fB", m->med);
		snprintf(b, bl, "%-8s [%.0f-%.0f]", med, m->min, m->max);
		return;
	}
	fmt_time(med, sizeof(med), m->med, m->med);
	fmt_time(lo, sizeof(lo), m->min, m->med);
	fmt_time(hi, sizeof(hi), m->max, m->med);
	/* The spread without the unit the median already shows. */
	lo[strcspn(lo, "nums")] = 0;
	hi[strcspn(hi, "nums")] = 0;
	snprintf(b, bl, "%-8s [%s-%s]", med, lo, hi);
}

static bool cmp_ok(const struct group *g, const struct cmp *c)
{
	const struct mech *a = &g->m[c->a], *b = &g->m[c->b];

	return a->state == ST_OK && b->state == ST_OK && a->n && b->n;
}

/*
 * Whether the row has a ratio: both figures, and for memory a baseline of
 * at least a byte per object (a dup()'ed descriptor takes none but its
 * slot in the descriptor table, already there).
 */
static bool ratio_ok(const struct group *g, const struct cmp *c)
{
	return cmp_ok(g, c) && (!g->mem || g->m[c->b].med >= 1);
}

static const char *verdict(const struct group *g, const struct cmp *c)
{
	if (!c->target)
		return "";
	if (!ratio_ok(g, c))
		return "n/a";
	return g->m[c->a].med / g->m[c->b].med <= c->target ? "met" : "MISSED";
}

static void fmt_rate(char *b, size_t bl, const struct cmp *c, double ns)
{
	double ops = 1e9 / ns;
	char o[24];

	if (ops >= 1e6)
		snprintf(o, sizeof(o), "%.3gM", ops / 1e6);
	else if (ops >= 1e3)
		snprintf(o, sizeof(o), "%.3gk", ops / 1e3);
	else
		snprintf(o, sizeof(o), "%.3g", ops);
	if (c->bytes && c->ops)
		snprintf(b, bl, "%.0f MB/s %s msg/s", c->bytes / ns * 1e3, o);
	else if (c->bytes)
		snprintf(b, bl, "%.0f MB/s", c->bytes / ns * 1e3);
	else if (c->ops)
		snprintf(b, bl, "%s op/s", o);
	else
		b[0] = 0;
}

/*
 * --runs: a comparison's ratios over the runs that had one, in *@n; their
 * median (0 if none), and in *@met how many were within the target.
 */
static double runs_summary(int gi, int ci, double *v, int *n, int *met)
{
	const struct cmp *c = &groups[gi].c[ci];
	double s[MAX_RUNS];

	*n = *met = 0;
	for (int r = 0; r < opt.runs; r++) {
		double x = run_ratio[gi][ci][r];

		if (x <= 0)
			continue;
		v[(*n)++] = x;
		*met += c->target && x <= c->target;
	}
	if (!*n)
		return 0;
	memcpy(s, v, *n * sizeof(s[0]));
	return median_of(s, *n);
}

static void print_runs_table(void)
{
	double v[MAX_RUNS], med;
	char tgt[16], cnt[16];
	int gi, ci, n, met;

	printf("\nRatios over %d runs (ours / baseline in each run; the "
	       "verdict is the median's):\n", opt.runs);
	printf("%-34s %-16s %7s %7s %-7s %6s  %s\n", "benchmark", "baseline",
	       "median", "target", "verdict", "met", "each run");
	for (gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];

			med = runs_summary(gi, ci, v, &n, &met);
			tgt[0] = cnt[0] = 0;
			if (c->target) {
				snprintf(tgt, sizeof(tgt), "<=%.2f", c->target);
				snprintf(cnt, sizeof(cnt), "%d/%d", met, n);
			}
			printf("%-34s %-16s ", c->label, g->m[c->b].name);
			if (n)
				printf("%7.2f ", med);
			else
				printf("%7s ", "-");
			printf("%7s %-7s %6s ", tgt,
			       !c->target ? "" : !n ? "n/a" :
			       med <= c->target ? "met" : "MISSED", cnt);
			for (int r = 0; r < n; r++)
				printf(" %.2f", v[r]);
			printf("\n");
		}
	}
}

/*
 * Keeps each comparison's ratio of run @run (--runs), and the toll
 * table's figures when the entry family ran.
 */
static void record_run(int run)
{
	double io = 0, sys = 0;
	bool toll = entry_costs(&io, &sys);

	run_ioctl_ns[run] = toll ? io : 0;
	run_syscall_ns[run] = toll ? sys : 0;
	for (int gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (int ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];
			struct mech *a = &g->m[c->a], *b = &g->m[c->b];
			bool ok = ratio_ok(g, c);

			run_ratio[gi][ci][run] = ok ? a->med / b->med : 0;
			/* Not for ours against ours (the scaling rows). */
			ok = ok && toll && c->target && a->ioctls > 0 &&
			     !b->ioctls;
			run_floor[gi][ci][run] = ok ?
				a->ioctls * io / b->med : 0;
			run_adj[gi][ci][run] = ok ?
				(a->med - a->ioctls * (io - sys)) / b->med : 0;
		}
	}
}

/* The median of the positive values of @v over the runs; 0 if none. */
static double runs_median(const double *v)
{
	double s[MAX_RUNS];
	int n = 0;

	for (int r = 0; r < opt.runs; r++)
		if (v[r] > 0)
			s[n++] = v[r];
	return n ? median_of(s, n) : 0;
}

/*
 * What the ioctl costs the rows with a target: each row's ratio, the
 * ratio its ioctls alone would give if the module did nothing else, and
 * its ratio had each ioctl cost what entering the kernel for getppid()
 * costs (medians over the runs).
 */
static void print_toll_table(void)
{
	double io = runs_median(run_ioctl_ns);
	double sys = runs_median(run_syscall_ns);
	bool head = false;

	if (io <= 0 || sys <= 0)
		return;
	for (int gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (int ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];
			double floor = runs_median(run_floor[gi][ci]);

			if (floor <= 0)
				continue;
			if (!head) {
				printf("\nThe ioctl's toll: a do-nothing ioctl "
				       "on /dev/zircon takes %.0f ns, getppid() "
				       "%.0f ns (entry.c)%s.\n", io, sys,
				       opt.runs > 1 ? "; medians over the runs" :
				       "");
				printf("%-34s %-16s %6s %6s %6s %8s %7s\n",
				       "benchmark", "baseline", "ratio",
				       "ioctls", "floor", "at-entry", "target");
				head = true;
			}
			printf("%-34s %-16s %6.2f %6.4g %6.2f %8.2f %7.2f\n",
			       c->label, g->m[c->b].name,
			       runs_median(run_ratio[gi][ci]),
			       g->m[c->a].ioctls, floor,
			       runs_median(run_adj[gi][ci]), c->target);
		}
	}
	if (head)
		printf("(floor: the ratio of the ioctls alone, the module doing "
		       "nothing; at-entry: the ratio\n with each ioctl's entry "
		       "priced as getppid()'s, the module's work as measured)\n");
}

static void print_table(void)
{
	char fa[64], fb[64], ra[400], rb[400], ratio[16], tgt[16], note[820];
	int gi, ci;

	if (opt.markers)
		printf("ZXBENCH-TABLE-BEGIN\n");
	printf("%-34s %-18s %-22s %-16s %-22s %6s %7s %-7s %s\n",
	       "benchmark", "ours", "median [min-max]", "baseline",
	       "median [min-max]", "ratio", "target", "verdict", "rates");
	for (gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];
			struct mech *a = &g->m[c->a], *b = &g->m[c->b];

			fmt_fig(fa, sizeof(fa), g, a);
			fmt_fig(fb, sizeof(fb), g, b);
			ratio[0] = tgt[0] = note[0] = 0;
			if (cmp_ok(g, c)) {
				if (ratio_ok(g, c))
					snprintf(ratio, sizeof(ratio), "%.2f",
						 a->med / b->med);
				else
					snprintf(ratio, sizeof(ratio), "-");
				fmt_rate(ra, sizeof(ra), c, a->med);
				fmt_rate(rb, sizeof(rb), c, b->med);
				if (ra[0])
					snprintf(note, sizeof(note), "%s vs %s",
						 ra, rb);
				if (g->mem)
					snprintf(note, sizeof(note), "kernel "
						 "bytes per idle object");
			} else {
				snprintf(note, sizeof(note), "%s",
					 a->state != ST_OK ? a->why : b->why);
			}
			if (c->target)
				snprintf(tgt, sizeof(tgt), "<=%.2f", c->target);
			printf("%-34s %-18s %-22s %-16s %-22s %6s %7s %-7s %s\n",
			       c->label, a->name, fa, b->name, fb, ratio, tgt,
			       verdict(g, c), note);
		}
	}
	if (opt.runs > 1)
		print_runs_table();
	print_toll_table();
	if (opt.markers)
		printf("ZXBENCH-TABLE-END\n");
	fflush(stdout);
}

static void csv_field(FILE *f, const char *s, bool last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	fputc(last ? '\n' : ',', f);
}

static void csv_num(FILE *f, bool have, double v)
{
	if (have)
		fprintf(f, "%.1f,", v);
	else
		fputc(',', f);
}

/* --runs: the columns that follow the last run's. */
static void csv_runs(FILE *f, int gi, int ci)
{
	double v[MAX_RUNS], med;
	int n, met;

	med = runs_summary(gi, ci, v, &n, &met);
	fprintf(f, "%d,\"", n);
	for (int r = 0; r < n; r++)
		fprintf(f, "%s%.4f", r ? " " : "", v[r]);
	fputs("\",", f);
	if (n)
		fprintf(f, "%.4f,", med);
	else
		fputc(',', f);
	if (groups[gi].c[ci].target)
		fprintf(f, "%d\n", met);
	else
		fputc('\n', f);
}

static void write_csv(FILE *f)
{
	int gi, ci;

	fprintf(f, "benchmark,ours,ours_median_ns,ours_min_ns,ours_max_ns,"
		"baseline,baseline_median_ns,baseline_min_ns,baseline_max_ns,"
		"ratio,target,verdict,bytes_per_op,ours_MBps,baseline_MBps,"
		"ours_ops_per_s,baseline_ops_per_s,trials,ours_iters,"
		"baseline_iters,note%s\n", opt.runs > 1 ?
		",runs,ratio_each_run,ratio_median_over_runs,runs_met" : "");
	for (gi = 0; gi < ngroups; gi++) {
		struct group *g = &groups[gi];

		for (ci = 0; ci < g->nc; ci++) {
			struct cmp *c = &g->c[ci];
			struct mech *a = &g->m[c->a], *b = &g->m[c->b];
			bool ha = a->state == ST_OK && a->n;
			bool hb = b->state == ST_OK && b->n;
			bool ok = ha && hb;

			csv_field(f, c->label, false);
			csv_field(f, a->name, false);
			csv_num(f, ha, a->med);
			csv_num(f, ha, a->min);
			csv_num(f, ha, a->max);
			csv_field(f, b->name, false);
			csv_num(f, hb, b->med);
			csv_num(f, hb, b->min);
			csv_num(f, hb, b->max);
			if (ratio_ok(g, c))
				fprintf(f, "%.4f,", a->med / b->med);
			else
				fputc(',', f);
			if (c->target)
				fprintf(f, "%.2f,", c->target);
			else
				fputc(',', f);
			fprintf(f, "%s,", verdict(g, c));
			fprintf(f, "%zu,", c->bytes);
			csv_num(f, ha && c->bytes, c->bytes / a->med * 1e3);
			csv_num(f, hb && c->bytes, c->bytes / b->med * 1e3);
			csv_num(f, ha, 1e9 / a->med);
			csv_num(f, hb, 1e9 / b->med);
			fprintf(f, "%d,%" PRIu64 ",%" PRIu64 ",", opt.trials,
				a->iters, b->iters);
			csv_field(f, !ok ? (a->state != ST_OK ? a->why :
					    b->why) :
				  g->mem ? "bytes per object, not ns" : "",
				  opt.runs == 1);
			if (opt.runs > 1)
				csv_runs(f, gi, ci);
		}
	}
}

static void tap_group(const struct group *g)
{
	for (int i = 0; i < g->nm; i++) {
		const struct mech *m = &g->m[i];

		tap_n++;
		if (m->state == ST_OK) {
			tap_pass++;
			printf("ok %d %s: %s\n", tap_n, g->title, m->name);
		} else if (m->state == ST_NA) {
			tap_skip++;
			printf("ok %d %s: %s # SKIP %s\n", tap_n, g->title,
			       m->name, m->why);
		} else {
			tap_fail++;
			printf("not ok %d %s: %s # %s\n", tap_n, g->title,
			       m->name, m->why);
		}
	}
	fflush(stdout);
}

/* -------------------------------------------------------------- main */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: zx-bench [options]\n"
		"  -b, --bench LIST   comma list of: rt, call, tput, mtput, vmo, "
		"handles,\n"
		"                     wake, port, socket, fifo, stream, mem, "
		"entry\n"
		"                     (default all)\n"
		"  -f, --filter PAT   only the mechanisms whose \"group/name\" "
		"contains PAT\n"
		"                     (e.g. \"round trip 64 KiB/zx\"; for "
		"profiling)\n"
		"  -o, --csv FILE     write the results as CSV to FILE\n"
		"  -s, --smoke        a few iterations of each, no timing "
		"worth reading\n"
		"  -q, --quick        5 trials of 20 ms\n"
		"  -r, --runs N       run the selection N times (max %d); the "
		"table is the\n"
		"                     last run's, then each ratio's median over "
		"the runs\n"
		"  -t, --trials N     trials per mechanism (default %d, max %d)\n"
		"  -T, --trial-ms MS  length of one trial (default %d)\n"
		"  -c, --cpus MODE    same (default: both processes on one CPU),"
		" split, none\n"
		"      --no-batch     SCHED_OTHER instead of SCHED_BATCH (wakeups "
		"may preempt)\n"
		"  -L, --live N       live handles for the scaling runs "
		"(default %ld; 1000 with --smoke)\n"
		"  -B, --binder DEV   binder device (default /dev/binder)\n"
		"      --tap          TAP output, one case per mechanism, no "
		"table\n"
		"      --markers      table and CSV between marker lines "
		"(for the VM log)\n",
		MAX_RUNS, opt.trials, MAX_TRIALS, opt.trial_ms, opt.live);
}

static void parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "bench", required_argument, NULL, 'b' },
		{ "csv", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'f' },
		{ "smoke", no_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'q' },
		{ "runs", required_argument, NULL, 'r' },
		{ "trials", required_argument, NULL, 't' },
		{ "trial-ms", required_argument, NULL, 'T' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "live", required_argument, NULL, 'L' },
		{ "binder", required_argument, NULL, 'B' },
		{ "tap", no_argument, NULL, 1 },
		{ "markers", no_argument, NULL, 2 },
		{ "no-batch", no_argument, NULL, 3 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool live_set = false;
	int c;

	while ((c = getopt_long(argc, argv, "b:f:o:sqr:t:T:c:L:B:h", lo,
				NULL)) != -1) {
		switch (c) {
		case 'b':
			opt.only = optarg;
			break;
		case 'f':
			opt.filter = optarg;
			break;
		case 'o':
			opt.csv = optarg;
			break;
		case 's':
			opt.smoke = true;
			opt.trials = 2;
			break;
		case 'q':
			opt.trials = 5;
			opt.trial_ms = 20;
			break;
		case 'r':
			opt.runs = atoi(optarg);
			break;
		case 't':
			opt.trials = atoi(optarg);
			break;
		case 'T':
			opt.trial_ms = atoi(optarg);
			break;
		case 'c':
			if (!strcmp(optarg, "same"))
				opt.cpus = CPUS_SAME;
			else if (!strcmp(optarg, "split"))
				opt.cpus = CPUS_SPLIT;
			else if (!strcmp(optarg, "none"))
				opt.cpus = CPUS_NONE;
			else
				goto bad;
			break;
		case 'L':
			opt.live = atol(optarg);
			live_set = true;
			break;
		case 'B':
			opt.binder_dev = optarg;
			break;
		case 1:
			opt.tap = true;
			break;
		case 2:
			opt.markers = true;
			break;
		case 3:
			opt.batch = false;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto bad;
		}
	}
	if (optind != argc || opt.runs < 1 || opt.runs > MAX_RUNS ||
	    (opt.tap && opt.runs > 1) ||
	    opt.trials < 1 || opt.trials > MAX_TRIALS ||
	    opt.trial_ms < 1 || opt.live < 10)
		goto bad;
	if (opt.smoke && !live_set)
		opt.live = 1000;
	return;
bad:
	usage(stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const char *const keys[] = {
		"rt", "call", "tput", "mtput", "vmo", "handles", "wake", "port",
		"socket", "stream", "fifo", "mem", "entry",
	};
	const int nkeys = (int)(sizeof(keys) / sizeof(keys[0]));
	static const char *const cpus[] = { "same", "split", "none" };
	struct utsname u;
	int gi, i, ncpu, run;
	FILE *f;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (opt.only) {
		char *copy = strdup(opt.only), *tok, *save = NULL;

		for (tok = strtok_r(copy, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			for (i = 0; i < nkeys; i++)
				if (!strcmp(tok, keys[i]))
					break;
			if (i == nkeys && strcmp(tok, "all")) {
				fprintf(stderr, "zx-bench: unknown benchmark "
					"'%s'\n", tok);
				usage(stderr);
				return 2;
			}
		}
		free(copy);
	}
	main_pid = getpid();
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);

	if (zx_linux_device_fd() < 0) {
		fprintf(stderr, "zx-bench: /dev/zircon: %s (load zircon.ko)\n",
			strerror(errno));
		if (opt.tap)
			printf("1..0 # SKIP no /dev/zircon\n");
		return 4;
	}

	sched_getaffinity(0, sizeof(allowed), &allowed);
	ncpu = CPU_COUNT(&allowed);
	for (i = 0; i < CPU_SETSIZE; i++) {
		if (!CPU_ISSET(i, &allowed))
			continue;
		if (cpu_first < 0)
			cpu_first = i;
		else if (cpu_second < 0)
			cpu_second = i;
	}
	if (cpu_second < 0)
		cpu_second = cpu_first;
	pin(cpu_first);
	/*
	 * SCHED_BATCH (inherited by every peer): a wakeup never preempts the
	 * task that made it, which then runs on until it blocks.  Under
	 * SCHED_OTHER, whether the woken peer preempts the waker varies from
	 * run to run, and so (by up to half) does a round trip on one CPU.
	 */
	if (opt.batch) {
		struct sched_param sp = { .sched_priority = 0 };

		if (sched_setscheduler(0, SCHED_BATCH, &sp))
			opt.batch = false;
	}

	uname(&u);
	printf("zx-bench: Linux %s, %d CPUs, peers on %s CPUs, %s, %d trials",
	       u.release, ncpu, cpus[opt.cpus],
	       opt.batch ? "SCHED_BATCH" : "SCHED_OTHER", opt.trials);
	if (opt.smoke)
		printf(" of 3 iterations (smoke run: the figures mean nothing)");
	else
		printf(" of ~%d ms", opt.trial_ms);
	printf("; time per operation: median [min-max] over the trials; "
	       "ratio = ours / baseline, lower is better\n");

	if (selected("rt"))
		plan_rt();
	if (selected("call"))
		plan_call();
	if (selected("tput"))
		plan_tput();
	if (selected("mtput"))
		plan_mtput();
	if (selected("vmo"))
		plan_vmo();
	if (selected("wake"))
		plan_wake();
	if (selected("port"))
		plan_port();
	if (selected("socket"))
		plan_socket();
	if (selected("handles"))
		plan_handles();
	if (selected("fifo"))
		plan_fifo();
	if (selected("stream"))
		plan_stream();
	if (selected("mem"))
		plan_mem();
	if (selected("entry"))
		plan_entry();

	if (opt.tap) {
		int n = 0;

		for (gi = 0; gi < ngroups; gi++)
			n += groups[gi].nm;
		printf("TAP version 13\n1..%d\n", n);
	}
	if (selected("rt") || selected("call"))
		binder_start();

	for (run = 0; run < opt.runs; run++) {
		for (gi = 0; gi < ngroups; gi++) {
			struct group *g = &groups[gi];

			if (opt.runs > 1)
				fprintf(stderr, "zx-bench: run %d of %d: "
					"%s...\n", run + 1, opt.runs,
					g->title);
			else if (!opt.tap)
				fprintf(stderr, "zx-bench: %s...\n", g->title);
			run_group(g);
			if (opt.tap)
				tap_group(g);
		}
		record_run(run);
	}
	binder_stop();
	runners_stop();

	/* A TAP run's figures mean nothing; the cases say it all. */
	if (!opt.tap)
		print_table();
	if (opt.markers) {
		printf("ZXBENCH-CSV-BEGIN\n");
		write_csv(stdout);
		printf("ZXBENCH-CSV-END\n");
	}
	if (opt.csv) {
		f = fopen(opt.csv, "w");
		if (!f) {
			fprintf(stderr, "zx-bench: %s: %s\n", opt.csv,
				strerror(errno));
			return 1;
		}
		write_csv(f);
		if (fclose(f)) {
			fprintf(stderr, "zx-bench: %s: %s\n", opt.csv,
				strerror(errno));
			return 1;
		}
	}
	if (opt.tap)
		printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d "
		       "error:0\n", tap_pass, tap_fail, tap_skip);
	if (errors)
		fprintf(stderr, "zx-bench: %d mechanism(s) failed; see the "
			"table\n", errors);
	return errors ? 1 : 0;
}
