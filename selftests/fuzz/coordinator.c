// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: the coordinator: iterations, kernel log, memory cgroup,
 * figures and main().
 */
#include "ioctl.h"
#include "libzx.h"

/* ===================================================== coordinator */

struct totals {
	uint64_t ops;
	int64_t ns;
	long iterations;
	uint64_t status[NSLOTS];
	uint64_t errnos[NERRNO];
	uint64_t faults, held_back, shed, oom_kills;
	uint64_t opstat[256][2];
	bool failed;
	bool ran;
};

static struct totals totals[3];		/* by mode: 1 ioctl, 2 libzx */
static int kmsg_fd = -1;
static int parent_fd = -1;
static long baseline = -1;
static long avail0;		/* MemAvailable at the start, KiB */

static const char *const kernel_reports[] = {
	"WARNING:", "BUG:", "kernel BUG at", "Oops", "KASAN:", "UBSAN:",
	"general protection fault", "Kernel panic", "possible circular locking",
	"possible recursive locking", "INFO: possible",
	"inconsistent lock state", "INFO: trying to register non-static key",
	"turning off the locking correctness validator", "unreferenced object",
	"Call Trace", "blocked for more than", "detected stall",
	"list_add corruption", "list_del corruption",
	"VM_FAULT_OOM leaked",	/* a fault handler's VM_FAULT_OOM, unhandled */
	NULL,
};

/* Kernel log records logged since the last call that look like reports. */
static int kmsg_scan(bool print)
{
	static int in_oom;	/* inside an OOM-killer report (--memcg) */
	char rec[2048];
	int found = 0;

	if (kmsg_fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(kmsg_fd, rec, sizeof(rec) - 1);
		char *msg;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		if (strstr(msg, "traps:") || strstr(msg, "segfault at"))
			continue;
		if (opt.memcg_mb && strstr(msg, "invoked oom-killer"))
			in_oom = 1;
		if (in_oom) {
			if (strstr(msg, "Killed process") ||
			    strstr(msg, "oom_reaper"))
				in_oom = 0;
			continue;
		}
		for (int i = 0; kernel_reports[i]; i++) {
			if (strstr(msg, kernel_reports[i])) {
				if (print && found < 40)
					printf("# kernel: %s", msg);
				found++;
				break;
			}
		}
	}
	return found;
}

/*
 * --memcg: the workers run in a memory cgroup of that many MiB, so that
 * they run into memory.max.  The kernel's OOM killer may then kill one of
 * them (its report in the kernel log is expected in this mode).
 */
#define CG_DIR "/sys/fs/cgroup/zx_fuzz"

static long cg_read(const char *file, const char *key)
{
	char path[128];

	snprintf(path, sizeof(path), CG_DIR "/%s", file);
	return zx_test_read_key(path, key);
}

static bool memcg_setup(void)
{
	char v[32];

	zx_test_write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	mkdir(CG_DIR, 0755);
	snprintf(v, sizeof(v), "%ld", (long)opt.memcg_mb * 1024 * 1024);
	if (zx_test_write_file(CG_DIR "/memory.max", v)) {
		printf("# --memcg: cannot set up %s\n", CG_DIR);
		return false;
	}
	zx_test_write_file(CG_DIR "/memory.swap.max", "0");
	return true;
}

static void memcg_join(void)
{
	char v[32];

	snprintf(v, sizeof(v), "%d", getpid());
	zx_test_write_file(CG_DIR "/cgroup.procs", v);
}

static void print_replay(int mode, uint64_t seed)
{
	printf("# replay: zx_fuzz --mode %s --seed 0x%016" PRIx64
	       " --iterations 1 --procs %d --threads %d --ops %ld%s%s",
	       mode_names[mode], seed, opt.procs, opt.threads, opt.ops,
	       opt.cycles ? "" : " --no-cycles", opt.tune ? "" : " --no-tune");
	if (opt.memcg_mb)
		printf(" --memcg %d", opt.memcg_mb);
	printf("\n");
}

/*
 * Module limits lowered for the run, so that the fuzzer reaches them (a
 * full channel, the snapshot depth limit, a full port); restored at the
 * end.  A parameter the module lacks is left alone.
 */
static const struct {
	const char *name;
	long value;
} tunables[] = {
	{ "channel_max_pending", 64 },
	{ "max_vmo_depth", 8 },
	{ "max_port_packets", 32 },
};

static long tuned_old[sizeof(tunables) / sizeof(tunables[0])];

static void tune(bool on)
{
	for (size_t i = 0; i < sizeof(tunables) / sizeof(tunables[0]); i++) {
		if (on) {
			tuned_old[i] = zx_test_read_param(tunables[i].name);
			if (tuned_old[i] < 0 ||
			    zx_test_write_param(tunables[i].name, tunables[i].value))
				tuned_old[i] = -1;
			else
				printf("# %s lowered from %ld to %ld for the run\n",
				       tunables[i].name, tuned_old[i],
				       tunables[i].value);
		} else if (tuned_old[i] >= 0) {
			zx_test_write_param(tunables[i].name, tuned_old[i]);
		}
	}
}

const char *op_name(int mode, unsigned int op)
{
	if (mode == MODE_IOCTL && op == OP_REOPEN)
		return "REOPEN";
	if (mode == MODE_IOCTL && op == OP_STALL)
		return "STALL";
	if (mode == MODE_IOCTL && op >= OP_IOCTL)
		return nr_name(op - OP_IOCTL);
	if (mode == MODE_LIBZX && op <= LOP_SHED)
		return lop_names[op];
	return "?";
}

static void dump_rings(int mode, int p)
{
	struct pshare *ps = &g_sh->p[p];

	for (int t = 0; t < MAX_THREADS; t++) {
		struct tshare *ts = &ps->t[t];
		uint32_t end = ts->ring_pos;

		if (!ts->tid)
			continue;
		uint32_t start = end > RING ? end - RING : 0;

		printf("# process %d thread %d (tid %d), %" PRIu64
		       " ops, last ones:\n", p, t, ts->tid, ts->ops);
		for (uint32_t i = start; i < end; i++) {
			struct oprec *o = &ts->ring[i % RING];

			printf("#   %-18s 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
			       " -> %s%d\n", op_name(mode, o->op), o->a, o->b,
			       o->c, o->done ? "" : "(in progress) ",
			       o->done ? o->status : 0);
		}
	}
}

static void print_file(const char *prefix, const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		printf("%s%s\n", prefix, line);
}

/* Kernel stacks of a stuck worker's threads. */
static void dump_stuck(pid_t pid)
{
	char path[512];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		printf("# task %s:\n", e->d_name);
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stat", pid,
			 e->d_name);
		print_file("#   stat: ", path);
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", pid,
			 e->d_name);
		print_file("#   ", path);
	}
	closedir(d);
}

static void add_totals(struct totals *t, int nprocs)
{
	for (int p = 0; p < nprocs; p++) {
		struct pshare *ps = &g_sh->p[p];

		for (int i = 0; i < NSLOTS; i++)
			t->status[i] += ps->status[i];
		for (int i = 0; i < NERRNO; i++)
			t->errnos[i] += ps->errnos[i];
		t->faults += ps->faults;
		for (int i = 0; i < 256; i++) {
			t->opstat[i][0] += ps->opstat[i][0];
			t->opstat[i][1] += ps->opstat[i][1];
		}
		t->held_back += ps->held_back;
		t->shed += ps->shed;
		for (int k = 0; k < MAX_THREADS; k++)
			t->ops += ps->t[k].ops;
	}
}

static uint64_t iteration_ops(int nprocs)
{
	uint64_t n = 0;

	for (int p = 0; p < nprocs; p++)
		for (int k = 0; k < MAX_THREADS; k++)
			n += __atomic_load_n(&g_sh->p[p].t[k].ops,
					     __ATOMIC_RELAXED);
	return n;
}

static void worker_main(int mode, int p, const int *ring)
{
	int rc;

	g_ps = &g_sh->p[p];
	g_proc = p;
	g_mode = mode;
	g_ps->pid = getpid();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGPIPE, SIG_IGN);	/* a ring neighbour may be gone */
	if (opt.memcg_mb)
		memcg_join();
	land_init();
	if (mode == MODE_IOCTL)
		rc = ioctl_worker(parent_fd);
	else
		rc = libzx_worker(ring[0], ring[1], ring[2], ring[3]);
	_exit(rc);
}

/* Runs one iteration; false if it failed (the details are printed). */
static bool run_iteration(int mode, uint64_t seed, long iter, int64_t end)
{
	int np = opt.procs;
	int mfd[MAX_PROCS][2], sv[MAX_PROCS][2];
	pid_t pids[MAX_PROCS];
	int status[MAX_PROCS];
	bool alive[MAX_PROCS], ok = true, stuck = false;
	struct totals *tot = &totals[mode];
	int64_t t0 = now_ns(), t1, last_mem = 0;
	uint64_t ops;
	long live;
	int left = np, reports;
	long ooms = opt.memcg_mb ? cg_read("memory.events", "oom_kill ") : -1;

	memset(g_sh, 0, sizeof(*g_sh));
	g_sh->deadline = end;
	g_iter_seed = seed;

	/* The ring: process i has channel i (and socket i) to process i+1. */
	if (mode == MODE_LIBZX) {
		for (int i = 0; i < np; i++) {
			zx_handle_t a, b;

			if (zx_channel_create(0, &a, &b) != ZX_OK ||
			    zx_linux_handle_to_fd(a, 0, &mfd[i][0]) != ZX_OK ||
			    zx_linux_handle_to_fd(b, 0, &mfd[i][1]) != ZX_OK ||
			    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv[i])) {
				printf("# cannot set up the ring\n");
				return false;
			}
		}
	}

	fflush(stdout);
	fflush(stderr);
	for (int p = 0; p < np; p++) {
		int ring[4] = { -1, -1, -1, -1 };

		if (mode == MODE_LIBZX) {
			int q = (p + np - 1) % np;

			ring[0] = mfd[p][0];
			ring[1] = mfd[q][1];
			ring[2] = sv[p][0];
			ring[3] = sv[q][1];
		}
		pids[p] = fork();
		if (pids[p] < 0) {
			printf("# fork failed: %s\n", strerror(errno));
			return false;
		}
		if (pids[p] == 0) {
			if (mode == MODE_LIBZX) {
				/* Keep only this process's ends. */
				for (int i = 0; i < np; i++)
					for (int k = 0; k < 2; k++) {
						if (mfd[i][k] != ring[0] &&
						    mfd[i][k] != ring[1])
							close(mfd[i][k]);
						if (sv[i][k] != ring[2] &&
						    sv[i][k] != ring[3])
							close(sv[i][k]);
					}
			}
			if (kmsg_fd >= 0)
				close(kmsg_fd);
			worker_main(mode, p, ring);
		}
		alive[p] = true;
		status[p] = 0;
	}
	if (mode == MODE_LIBZX)
		for (int i = 0; i < np; i++)
			for (int k = 0; k < 2; k++) {
				close(mfd[i][k]);
				close(sv[i][k]);
			}

	/* Watch: reap, meter memory, look for stuck operations. */
	while (left) {
		int64_t now = now_ns();

		for (int p = 0; p < np; p++) {
			if (alive[p] && waitpid(pids[p], &status[p], WNOHANG) == pids[p]) {
				alive[p] = false;
				left--;
			}
		}
		if (!left)
			break;
		if (now - last_mem > 200000000 && avail0 > 0) {
			long avail = mem_available_kb();
			bool shed = avail >= 0 && avail * 100 < avail0 * opt.shed_pct;

			last_mem = now;
			__atomic_store_n(&g_sh->shed, shed, __ATOMIC_RELAXED);
		}
		for (int p = 0; p < np && !stuck; p++) {
			for (int t = 0; alive[p] && t < MAX_THREADS; t++) {
				struct tshare *ts = &g_sh->p[p].t[t];
				int64_t st = __atomic_load_n(&ts->op_start,
							     __ATOMIC_RELAXED);

				if (!st || now - st < (int64_t)opt.stall_secs * 1000000000LL)
					continue;
				printf("# FAIL: process %d thread %d stuck for %ds in %s\n",
				       p, t, (int)((now - st) / 1000000000LL),
				       op_name(mode, ts->cur_op));
				dump_stuck(pids[p]);
				stuck = true;
				break;
			}
		}
		if (!stuck && end < INT64_MAX / 2 &&
		    now > end + (int64_t)opt.stall_secs * 1000000000LL) {
			printf("# FAIL: iteration did not end %ds after its deadline\n",
			       opt.stall_secs);
			for (int p = 0; p < np; p++)
				if (alive[p])
					dump_stuck(pids[p]);
			stuck = true;
		}
		if (stuck) {
			__atomic_store_n(&g_sh->stop, 1, __ATOMIC_RELAXED);
			for (int p = 0; p < np; p++)
				if (alive[p])
					kill(pids[p], SIGKILL);
			for (int i = 0; i < 200 && left; i++) {
				for (int p = 0; p < np; p++)
					if (alive[p] && waitpid(pids[p], &status[p], WNOHANG) == pids[p]) {
						alive[p] = false;
						left--;
					}
				zx_test_sleep_ms(50);
			}
			if (left)
				printf("# FAIL: %d worker(s) do not die (stuck in the kernel)\n",
				       left);
			ok = false;
			break;
		}
		zx_test_sleep_ms(20);
	}

	ops = iteration_ops(np);
	add_totals(tot, np);
	t1 = now_ns();
	tot->ns += t1 - t0;
	tot->iterations++;

	for (int p = 0; p < np; p++) {
		int st = status[p];

		if (stuck)
			break;
		if (g_sh->p[p].failed) {
			printf("# FAIL: process %d: %s\n", p, g_sh->p[p].failure);
			ok = false;
		} else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL &&
			   ooms >= 0 && cg_read("memory.events", "oom_kill ") > ooms) {
			printf("# process %d was killed by the memory cgroup's OOM killer\n",
			       p);
			tot->oom_kills++;
		} else if (WIFSIGNALED(st)) {
			printf("# FAIL: process %d died of signal %d\n", p,
			       WTERMSIG(st));
			ok = false;
		} else if (WIFEXITED(st) && WEXITSTATUS(st)) {
			printf("# FAIL: process %d exited with %d\n", p,
			       WEXITSTATUS(st));
			ok = false;
		}
		if (!ok || opt.verbose)
			dump_rings(mode, p);
	}
	if (stuck)
		for (int p = 0; p < np; p++)
			dump_rings(mode, p);

	reports = kmsg_scan(true);
	if (reports) {
		printf("# FAIL: %d kernel report line(s) during the iteration\n",
		       reports);
		ok = false;
	}
	if (baseline >= 0 && !stuck) {
		live = zx_test_live_objects_settle(baseline, opt.settle_ms);
		if (live != baseline) {
			printf("# FAIL: %ld live objects after the iteration, %ld before\n",
			       live, baseline);
			ok = false;
		}
	}
	if (opt.memcg_mb) {
		printf("# memory cgroup: peak %ld KiB, %ld OOM kills so far\n",
		       cg_read("memory.peak", NULL) / 1024,
		       cg_read("memory.events", "oom_kill "));
		zx_test_write_file(CG_DIR "/memory.peak", "0");
	}
	printf("# iteration %ld %s seed 0x%016" PRIx64 ": %" PRIu64
	       " ops in %.1fs (%.0f/s)%s\n", iter, mode_names[mode], seed, ops,
	       (t1 - t0) / 1e9, ops / ((t1 - t0) / 1e9), ok ? "" : " FAILED");
	if (!ok) {
		tot->failed = true;
		print_replay(mode, seed);
	}
	fflush(stdout);
	return ok;
}

static bool sanity(void)
{
	zx_handle_t ev = 0, c0 = 0, c1 = 0, vmo = 0;
	char buf[8] = { 0 };
	uint32_t nb = 0, nh = 0;
	bool ok = true;

	ok &= zx_event_create(0, &ev) == ZX_OK;
	ok &= zx_object_signal(ev, 0, ZX_USER_SIGNAL_0) == ZX_OK;
	ok &= zx_object_wait_one(ev, ZX_USER_SIGNAL_0, 0, NULL) == ZX_OK;
	ok &= zx_channel_create(0, &c0, &c1) == ZX_OK;
	ok &= zx_channel_write(c0, 0, "sane", 4, NULL, 0) == ZX_OK;
	ok &= zx_channel_read(c1, 0, buf, NULL, sizeof(buf), 0, &nb, &nh) == ZX_OK;
	ok &= nb == 4 && !memcmp(buf, "sane", 4);
	ok &= zx_vmo_create(PAGE, 0, &vmo) == ZX_OK;
	ok &= zx_vmo_write(vmo, "vmo!", 0, 4) == ZX_OK;
	ok &= zx_vmo_read(vmo, buf, 0, 4) == ZX_OK && !memcmp(buf, "vmo!", 4);
	ok &= zx_handle_close(ev) == ZX_OK;
	ok &= zx_handle_close(c0) == ZX_OK;
	ok &= zx_handle_close(c1) == ZX_OK;
	ok &= zx_handle_close(vmo) == ZX_OK;
	return ok;
}

static void print_figures(int mode)
{
	uint64_t unknown[2] = { 0, 0 };
	struct totals *t = &totals[mode];
	double secs = t->ns / 1e9;

	if (!t->ran)
		return;
	printf("# FUZZ %s: %ld iterations, %" PRIu64 " operations in %.1fs, %.0f ops/s%s\n",
	       mode_names[mode], t->iterations, t->ops, secs,
	       secs > 0 ? t->ops / secs : 0.0, t->failed ? " (FAILED)" : "");
	printf("# FUZZ %s statuses:", mode_names[mode]);
	for (int i = 0; i < NSLOTS; i++)
		if (t->status[i])
			printf(" %s=%" PRIu64, slot_name(i) + (i ? 7 : 3),
			       t->status[i]);
	printf("\n");
	if (mode == MODE_IOCTL) {
		printf("# FUZZ %s errnos:", mode_names[mode]);
		for (int i = 0; i < NERRNO; i++)
			if (t->errnos[i])
				printf(" %s=%" PRIu64, strerror(i), t->errnos[i]);
		printf("\n");
	}
	printf("# FUZZ %s operations (succeeded/all):", mode_names[mode]);
	for (unsigned int i = 0; i < 256; i++) {
		if (!t->opstat[i][0])
			continue;
		if (mode == MODE_IOCTL && i != 0x7f && i != 0x7e &&
		    !desc_by_nr(i)) {
			unknown[0] += t->opstat[i][0];
			unknown[1] += t->opstat[i][1];
			continue;
		}
		printf(" %s=%" PRIu64 "/%" PRIu64,
		       op_name(mode, mode == MODE_IOCTL ? OP_IOCTL + i : i),
		       t->opstat[i][1], t->opstat[i][0]);
	}
	if (unknown[0])
		printf(" unknown=%" PRIu64 "/%" PRIu64, unknown[1], unknown[0]);
	printf("\n");
	printf("# FUZZ %s: %" PRIu64 " deliberate faults caught, %" PRIu64
	       " channel endpoints held back (cycles), %" PRIu64
	       " objects shed for memory, %" PRIu64 " workers OOM-killed\n",
	       mode_names[mode], t->faults, t->held_back, t->shed,
	       t->oom_kills);
}

int main(int argc, char **argv)
{
	bool seeded = false, ok = true, live_ok = true, sane;
	long before;
	int64_t start, end;
	uint64_t seed;
	int rc, pass = 0, fail = 0, skip = 0, n = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = parse_options(argc, argv, &seeded);
	if (rc >= 0)
		return rc;
	if (ioctl_check_descs())
		return 1;
	if (!seeded)
		opt.seed = mix64((uint64_t)now_ns() ^ ((uint64_t)getpid() << 32));
	seed = opt.seed;

	printf("TAP version 13\n1..4\n");
	printf("# zx_fuzz: seed 0x%016" PRIx64 " mode %s, %.0fs, %ld iterations max,"
	       " %d procs x %d threads x %ld ops%s\n", seed, mode_names[opt.mode],
	       opt.seconds, opt.iterations, opt.procs, opt.threads, opt.ops,
	       opt.cycles ? "" : ", no cycles");

	g_sh = mmap(NULL, sizeof(*g_sh), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g_sh == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	parent_fd = open(ZX_TEST_DEVICE, O_RDWR);
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
	else
		printf("# /dev/kmsg not readable: kernel reports are left to the caller\n");
	baseline = zx_test_live_objects();
	avail0 = mem_available_kb();
	if (baseline < 0)
		printf("# no live_objects parameter: leaks are not checked\n");

	if (opt.tune)
		tune(true);
	if (opt.memcg_mb && !memcg_setup())
		opt.memcg_mb = 0;
	start = now_ns();
	end = start + (int64_t)(opt.seconds * 1e9);
	for (long it = 0; (!opt.iterations || it < opt.iterations) &&
			  now_ns() < end; it++) {
		int mode = opt.mode == MODE_BOTH ? (it % 2 ? MODE_LIBZX : MODE_IOCTL) :
			   opt.mode;

		totals[mode].ran = true;
		if (!run_iteration(mode, seed, it, opt.iterations ? INT64_MAX : end)) {
			ok = false;
			break;
		}
		seed = next_seed(seed);
	}

	if (opt.tune)
		tune(false);
	if (opt.memcg_mb)
		rmdir(CG_DIR);
	/* Everything the workers made must be gone, and the module must work. */
	if (baseline >= 0) {
		long live = zx_test_live_objects_settle(baseline, opt.settle_ms);

		live_ok = live == baseline;
		if (!live_ok)
			printf("# %ld live objects at the end, %ld at the start\n",
			       live, baseline);
	}
	before = zx_test_live_objects();
	sane = sanity();
	if (before >= 0 && sane &&
	    zx_test_live_objects_settle(before, opt.settle_ms) != before) {
		printf("# the sanity check's objects did not go away\n");
		sane = false;
	}
	if (kmsg_scan(true)) {
		printf("# kernel reports after the last iteration\n");
		ok = false;
	}

	for (int mode = MODE_IOCTL; mode <= MODE_LIBZX; mode++) {
		n++;
		if (!totals[mode].ran) {
			printf("ok %d %s mode # SKIP not run\n", n, mode_names[mode]);
			skip++;
		} else if (totals[mode].failed || (!ok && opt.mode != MODE_BOTH)) {
			printf("not ok %d %s mode\n", n, mode_names[mode]);
			fail++;
		} else {
			printf("ok %d %s mode: %" PRIu64 " operations\n", n,
			       mode_names[mode], totals[mode].ops);
			pass++;
		}
	}
	printf("%s %d live objects back to the baseline\n",
	       live_ok ? "ok" : "not ok", ++n);
	live_ok ? pass++ : fail++;
	printf("%s %d the module still works\n", sane ? "ok" : "not ok", ++n);
	sane ? pass++ : fail++;
	if (!ok && !fail) {
		/* A failure outside both modes' accounting (e.g. late reports). */
		fail++;
	}
	for (int mode = MODE_IOCTL; mode <= MODE_LIBZX; mode++)
		print_figures(mode);
	printf("# FUZZ seed 0x%016" PRIx64 ": %s\n", opt.seed,
	       fail ? "FAILED" : "passed");
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       pass, fail, skip);
	return fail ? 1 : 0;
}
