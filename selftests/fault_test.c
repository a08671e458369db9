// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: each allocation a call makes fails once, in turn; then
 * all of them at once.
 *
 * Every test below walks one operation.  For N = 1, 2, 3, ... it sets up
 * fresh objects, writes N to /proc/thread-self/fail-nth, makes the call,
 * and reads the file back: the kernel fails the N-th allocation (slab or
 * page) the calling thread makes, and a 0 read back says the call got
 * that far.  The walk ends at the first N the call does not reach, so
 * every allocation on the call's path has failed once: the module's own,
 * and the core kernel's below it (shmem, the VFS, xarray, mmap, fork).
 * Then the call is made once more with every allocation failing
 * (/proc/thread-self/make-it-fail), which also fails the fallbacks a
 * single failure only sends it to (vmalloc after kmalloc, the clean-up of
 * a failed write).  After each step the test checks that
 *
 *   - the call answered its usual status, or a status Zircon documents for
 *     the failure (normally ZX_ERR_NO_MEMORY);
 *   - the objects are as they were before a failed call (a failed write
 *     changed no byte, a failed read left the message queued, the handles
 *     a call consumes are gone and the others are not) and still work;
 *   - no object was left behind: live_objects is back at its baseline.
 *
 * kmemleak (scanned by guest.sh after the run) and the rmmod that ends the
 * VM run prove that nothing leaked and no module reference was left.
 *
 * Page faults on mappings, and a call that must start from a fresh
 * descriptor table, are made in a forked child that arms its own
 * fail-nth (one walk step per child); they get no all-at-once pass (a
 * fault that cannot allocate is retried for ever).
 *
 * The injection knobs are global (debugfs).  The test lets sleeping,
 * highmem and order-0 allocations fail, sets task-filter, and makes the
 * probability 100: only a task that sets its own make-it-fail (this test,
 * during one call) fails by probability, and fail-nth acts on its own
 * thread only.  The old settings are put back at exit.  verbose is 0
 * (ZX_FAULT_VERBOSE=1 or 2 in the environment logs each injected failure,
 * 2 with a stack trace, for debugging only).  The kernel log gets
 * "zx-fault: injection on/off" around the run, which scripts/vm-report.py
 * uses to tell the allocation-failure warnings the core kernel prints for
 * an injected failure from real reports.
 *
 * Needs CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC and
 * FAULT_INJECTION_DEBUG_FS, debugfs mounted and root: the debug kernel of
 * make check-debug.  Elsewhere it skips and says why.
 */
#include <poll.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/rseq.h>
#include <sys/syscall.h>

#include <zircon/process.h>
#include <zircon/processargs.h>
#include <linux/zircon.h>

#include "zx_test_util.h"

/*
 * A walk makes its call once per allocation the call performs: the
 * launcher's (a fork, an exec, a socket pair and a job placement per step,
 * some 160 steps) takes longer than 150 s on the debug kernel.
 */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 400

/*
 * No restartable sequences in this program.  After a call that forks
 * (the launcher's walk), this process's pages are shared copy-on-write
 * with the child, the page glibc registered with rseq(2) among them; the
 * kernel writes the CPU number there on the way back to user space, and
 * when the allocation that copy needs is the one fail-nth fails, it
 * cannot, and kills the process with SIGSEGV (rseq_handle_notify_resume()).
 * A failure injected there says nothing about the module.
 */
static void __attribute__((constructor)) no_rseq(void)
{
	char *area = (char *)__builtin_thread_pointer() + __rseq_offset;

	if (!__rseq_size)
		return;
	if (syscall(SYS_rseq, area, __rseq_size, RSEQ_FLAG_UNREGISTER,
		    RSEQ_SIG) != 0 && errno == EINVAL)
		syscall(SYS_rseq, area, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG);
}

#define PG		4096UL
#define PAT_SIZE	65536		/* ZX_CHANNEL_MAX_MSG_BYTES */
#define MAX_STEPS	5000
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define MAKE_IT_FAIL	"/proc/thread-self/make-it-fail"
#define DEBUGFS		"/sys/kernel/debug/"
#define SPAWN_FLAG	"--fault-spawned"

#define RW		(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)

/* Data to write and a buffer to read into; touched before every walk. */
static uint8_t pat_a[PAT_SIZE], pat_b[PAT_SIZE], rbuf[PAT_SIZE + PG];

/* ------------------------------------------------------------- totals */

/* Shared with the test children (MAP_SHARED), printed at exit. */
struct fault_totals {
	unsigned int ops;
	unsigned long points;		/* allocations failed */
	unsigned long failed;		/* ... that made the call fail */
	unsigned long absorbed;		/* ... that the kernel worked around */
	unsigned long sigbus;		/* faults that ended in SIGBUS */
	unsigned long all_points;	/* failed in the all-at-once passes */
	unsigned long by_status[128];	/* failed calls by -status */
};

static struct fault_totals *totals;
static pid_t main_pid;

/* ---------------------------------------------------- knobs (debugfs) */

struct knob {
	const char *file;
	const char *value;	/* NULL: the verbosity chosen at start */
	char saved[32];
	bool changed;
};

/*
 * Both attributes: every allocation that sleeps, highmem ones, order 0.
 * task-filter: only tasks with make-it-fail set fail by probability (and
 * then always, times being all but unlimited); fail-nth needs no filter.
 */
#define KNOB_TIMES	"1000000000"

static struct knob knobs[] = {
	{ .file = "failslab/ignore-gfp-wait", .value = "N" },
	{ .file = "failslab/task-filter", .value = "Y" },
	{ .file = "failslab/probability", .value = "100" },
	{ .file = "failslab/interval", .value = "1" },
	{ .file = "failslab/space", .value = "0" },
	{ .file = "failslab/times", .value = KNOB_TIMES },
	{ .file = "failslab/verbose", .value = NULL },
	{ .file = "fail_page_alloc/ignore-gfp-wait", .value = "N" },
	{ .file = "fail_page_alloc/ignore-gfp-highmem", .value = "N" },
	{ .file = "fail_page_alloc/min-order", .value = "0" },
	{ .file = "fail_page_alloc/task-filter", .value = "Y" },
	{ .file = "fail_page_alloc/probability", .value = "100" },
	{ .file = "fail_page_alloc/interval", .value = "1" },
	{ .file = "fail_page_alloc/space", .value = "0" },
	{ .file = "fail_page_alloc/times", .value = KNOB_TIMES },
	{ .file = "fail_page_alloc/verbose", .value = NULL },
};

#define NKNOBS	(sizeof(knobs) / sizeof(knobs[0]))

static int file_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Why fault injection cannot run here, or NULL. */
static const char *fault_unavailable(void)
{
	static char why[256];
	char path[128];

	if (access(FAIL_NTH, F_OK) != 0 || access(MAKE_IT_FAIL, F_OK) != 0)
		return FAIL_NTH " does not exist: the kernel lacks "
		       "CONFIG_FAULT_INJECTION (only the debug kernel of "
		       "make check-debug has it)";
	if (geteuid() != 0)
		return "not root: the debugfs fault-injection knobs need root";
	for (size_t i = 0; i < NKNOBS; i++) {
		snprintf(path, sizeof(path), DEBUGFS "%s", knobs[i].file);
		if (access(path, W_OK) != 0) {
			snprintf(why, sizeof(why),
				 "%s is missing: needs CONFIG_FAILSLAB, "
				 "CONFIG_FAIL_PAGE_ALLOC, "
				 "CONFIG_FAULT_INJECTION_DEBUG_FS and debugfs "
				 "mounted", path);
			return why;
		}
	}
	if ((size_t)getpagesize() != PG)
		return "the walk's sizes assume 4 KiB pages";
	return NULL;
}

static void knobs_restore(void)
{
	char path[128];

	/* In reverse: each probability goes back before its task-filter. */
	for (size_t i = NKNOBS; i-- > 0;) {
		if (!knobs[i].changed)
			continue;
		snprintf(path, sizeof(path), DEBUGFS "%s", knobs[i].file);
		if (zx_test_write_file(path, knobs[i].saved) != 0)
			fprintf(stderr, "# could not restore %s to %s\n", path,
				knobs[i].saved);
		knobs[i].changed = false;
	}
}

static int knobs_set(const char *verbose)
{
	char path[128];

	/* Make sure no task fails by probability while the knobs change. */
	for (size_t i = 0; i < NKNOBS; i++) {
		if (!strstr(knobs[i].file, "/probability"))
			continue;
		snprintf(path, sizeof(path), DEBUGFS "%s", knobs[i].file);
		if (file_read(path, knobs[i].saved, sizeof(knobs[i].saved)) ||
		    zx_test_write_file(path, "0") != 0)
			return -1;
		knobs[i].changed = true;
	}
	for (size_t i = 0; i < NKNOBS; i++) {
		const char *v = knobs[i].value ? knobs[i].value : verbose;

		snprintf(path, sizeof(path), DEBUGFS "%s", knobs[i].file);
		if (!knobs[i].changed &&
		    file_read(path, knobs[i].saved, sizeof(knobs[i].saved)))
			return -1;
		if (zx_test_write_file(path, v) != 0) {
			fprintf(stderr, "# cannot set %s to %s: %s\n", path, v,
				strerror(errno));
			return -1;
		}
		knobs[i].changed = true;
	}
	return 0;
}

/* The "times" counters: what is left of the failures allowed. */
static long failures_left(void)
{
	char buf[32];
	long n = 0;

	if (file_read(DEBUGFS "failslab/times", buf, sizeof(buf)))
		return -1;
	n += strtol(buf, NULL, 10);
	if (file_read(DEBUGFS "fail_page_alloc/times", buf, sizeof(buf)))
		return -1;
	return n + strtol(buf, NULL, 10);
}

static void kmsg(const char *msg)
{
	(void)zx_test_write_file("/dev/kmsg", msg);
}

/* ----------------------------------------------------------- fail-nth */

/* Makes the @n-th allocation of this thread from now on fail. */
static int arm(int fd, unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	return pwrite(fd, buf, (size_t)len, 0) == len ? 0 : -1;
}

/*
 * Ends the injection; returns how many allocations were still to go before
 * the failure (0: the armed allocation was reached and failed), -1 on error.
 */
static long disarm(int fd)
{
	char buf[16] = "";
	ssize_t r;

	r = pread(fd, buf, sizeof(buf) - 1, 0);
	if (pwrite(fd, "0", 1, 0) != 1 || r <= 0)
		return -1;
	buf[r] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * Every allocation of this thread fails from now on (@on) or none does:
 * /proc/thread-self/make-it-fail, with task-filter and probability 100.
 */
static int fail_all(int fd, bool on)
{
	return pwrite(fd, on ? "1" : "0", 1, 0) == 1 ? 0 : -1;
}

/*
 * Between arm() and disarm() nothing but the call may allocate, so every
 * page the path writes must be this process's own already: a first write
 * to a page shared copy-on-write since fork() allocates, and would fail in
 * the call's place.
 */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char pad[128 * 1024];

	memset((char *)pad, 0, sizeof(pad));
}

static void touch_buffers(void)
{
	volatile uint8_t sink = 0;

	memset(rbuf, 0, sizeof(rbuf));
	for (size_t i = 0; i < PAT_SIZE; i += PG)
		sink += pat_a[i] + pat_b[i];
	(void)sink;
}

/* ---------------------------------------------------------- the ops */

/* One step's objects. */
struct fx {
	zx_handle_t h[6];	/* made by the setup; closed afterwards */
	zx_handle_t out[4];	/* what the call makes; closed afterwards */
	int fd;			/* a descriptor to close afterwards, or -1 */
	zx_vaddr_t addr;	/* a mapping to remove afterwards, or 0 */
	size_t len;
	int nfds;
	pid_t pid;		/* a process the call started */
	uint32_t actual_bytes, actual_handles;
	/* a server thread (channel_call) */
	pthread_t thread;
	bool thread_started;
	/* calls made in a child (faults, a fresh descriptor table) */
	unsigned int n;		/* the allocation to fail, 0: none */
	long left;		/* what the child read back from fail-nth */
	bool sigbus;
	size_t off;		/* a fault: the byte of the mapping ... */
	bool write;		/* ... and whether it is written */
	uint32_t param;		/* the op's param, for its functions */
	char why[200];
};

struct fault_op {
	const char *name;
	/* The call's status when nothing fails (ZX_OK unless set). */
	zx_status_t expect;
	/* Statuses a failed allocation may make it return (0-terminated;
	 * NULL: ZX_ERR_NO_MEMORY only). */
	const zx_status_t *may_fail;
	/* 1: must reach an allocation; -1: must reach none; 0: either. */
	int allocates;
	/* The call arms fail-nth itself, in a child (fx->n, fx->left). */
	bool in_child;
	/*
	 * The call forks: no all-at-once pass.  fork() copies make-it-fail
	 * (kernel/fork.c resets only fail-nth), so the child would run its
	 * exec with every allocation failing and could fault for ever (a
	 * page fault that cannot allocate is retried).
	 */
	bool forks;
	/* What the setup, the call and the check read in fx->param. */
	uint32_t param;
	/* After the setup: h[leaf] cycled to a new xarray leaf (new_leaf). */
	bool new_leaf;
	int leaf;
	/* The call's new handles out[0..makes), of @type (check_made()). */
	int makes;
	zx_obj_type_t type;
	int (*setup)(struct fx *fx);
	zx_status_t (*call)(struct fx *fx);
	/* After the call: is everything as @st says?  0, or why not.
	 * NULL: nothing to check. */
	int (*check)(struct fx *fx, zx_status_t st);
	void (*teardown)(struct fx *fx);
};

static const zx_status_t st_nomem[] = { ZX_ERR_NO_MEMORY, 0 };
static const zx_status_t st_none[] = { 0 };
/* zx_linux_spawn: fork() may also answer EAGAIN. */
static const zx_status_t st_spawn[] = { ZX_ERR_NO_MEMORY,
					ZX_ERR_NO_RESOURCES, 0 };
/* A new descriptor: the descriptor table may be what ran short. */
static const zx_status_t st_fd[] = { ZX_ERR_NO_MEMORY, ZX_ERR_NO_RESOURCES,
				     0 };
/* A fault on a mapping: ZX_ERR_IO stands for "the child got SIGBUS". */
static const zx_status_t st_sigbus[] = { ZX_ERR_IO, 0 };

/* Shorthands for the rows of the table of tests at the end (see there). */
#define NO_ALLOC	.may_fail = st_none, .allocates = -1
#define NEW_LEAF(i)	.new_leaf = true, .leaf = (i)
#define MAKES(n, t)	.makes = (n), .type = ZX_OBJ_TYPE_##t
#define FAULT		.in_child = true, .may_fail = st_sigbus, .allocates = 1

#define CK(cond)							\
	do {								\
		if (!(cond)) {						\
			snprintf(fx->why, sizeof(fx->why),		\
				 "line %d: %s", __LINE__, #cond);	\
			return -1;					\
		}							\
	} while (0)

/* h[@i] was consumed: it is no handle now, and is not to be closed. */
#define CK_GONE(i)							\
	do {								\
		CK(!zx_test_valid(fx->h[i]));				\
		fx->h[i] = ZX_HANDLE_INVALID;				\
	} while (0)

/* ------------------------------------------------------------ helpers */

static zx_handle_t event(void)
{
	return zx_test_event();
}

static zx_handle_t dup_of(zx_handle_t h)
{
	zx_handle_t d = ZX_HANDLE_INVALID;

	if (zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return d;
}

static uint32_t hcount(zx_handle_t h)
{
	return zx_test_handle_count(h);
}

static bool same_object(zx_handle_t a, zx_handle_t b)
{
	zx_koid_t k = zx_test_koid(a);

	return k != ZX_KOID_INVALID && k == zx_test_koid(b);
}

/* Whether @h is a handle, or was never written: a failed call's output. */
static bool not_a_handle(zx_handle_t h)
{
	return h == ZX_HANDLE_INVALID || !zx_test_valid(h);
}

/* A VMO of @pages pages whose first @written pages hold pat_a. */
static zx_handle_t vmo_with(size_t pages, size_t written, uint32_t options)
{
	zx_handle_t v = zx_test_vmo(pages * PG, options);

	if (v != ZX_HANDLE_INVALID && written &&
	    zx_vmo_write(v, pat_a, 0, written * PG) != ZX_OK) {
		zx_handle_close(v);
		return ZX_HANDLE_INVALID;
	}
	return v;
}

static zx_handle_t child_of(zx_handle_t v, uint32_t options, uint64_t off,
			    uint64_t size)
{
	zx_handle_t c = ZX_HANDLE_INVALID;

	if (zx_vmo_create_child(v, options, off, size, &c) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return c;
}

/* Whether bytes [off, off + len) of @v are @want. */
static bool vmo_eq(zx_handle_t v, uint64_t off, const void *want, size_t len)
{
	return len <= sizeof(rbuf) &&
	       zx_vmo_read(v, rbuf, off, len) == ZX_OK &&
	       memcmp(rbuf, want, len) == 0;
}

/* Whether bytes [off, off + len) of @v are all @byte. */
static bool vmo_all(zx_handle_t v, uint64_t off, uint8_t byte, size_t len)
{
	if (len > sizeof(rbuf) || zx_vmo_read(v, rbuf, off, len) != ZX_OK)
		return false;
	for (size_t i = 0; i < len; i++)
		if (rbuf[i] != byte)
			return false;
	return true;
}

static uint64_t vmo_size(zx_handle_t v)
{
	uint64_t size = 0;

	if (zx_vmo_get_size(v, &size) != ZX_OK)
		return UINT64_MAX;
	return size;
}

/*
 * Duplicates and closes @h until the next handle this table makes starts
 * a new xarray leaf: ids are handed out cyclically, 64 to a leaf (16 on a
 * CONFIG_BASE_SMALL kernel; a multiple of 64 is a boundary either way),
 * so the next install has to allocate a node.
 */
static int to_leaf_boundary(zx_handle_t h)
{
	for (int i = 0; i < 256; i++) {
		zx_handle_t t = dup_of(h);

		if (t == ZX_HANDLE_INVALID)
			return -1;
		zx_handle_close(t);
		if (((t >> 2) + 1) % 64 == 0)
			return 0;
	}
	return -1;
}

/* A raw ioctl on descriptor @fd, as libzx makes it. */
static zx_status_t raw_ioctl(int fd, unsigned long req, void *arg)
{
	int r = ioctl(fd, req, arg);

	if (r >= 0)
		return (zx_status_t)-r;
	return errno == ENOMEM ? ZX_ERR_NO_MEMORY : ZX_ERR_INTERNAL;
}

/* ------------------------------------------------- the setups' pieces */

/* A setup step's answer: 0 if @st is ZX_OK, else -1. */
static int ok(zx_status_t st)
{
	return st == ZX_OK ? 0 : -1;
}

/* Keeps @h as h[@i]; 0 if it is a handle, else -1. */
static int keep(struct fx *fx, int i, zx_handle_t h)
{
	fx->h[i] = h;
	return h != ZX_HANDLE_INVALID ? 0 : -1;
}

/* h[@to]: a second handle to h[@from], which watches its object. */
static int dup_into(struct fx *fx, int to, int from)
{
	return keep(fx, to, dup_of(fx->h[from]));
}

/* h[0]: a VMO of @pages pages whose first @written pages hold pat_a. */
static int setup_vmo(struct fx *fx, size_t pages, size_t written,
		     uint32_t options)
{
	return keep(fx, 0, vmo_with(pages, written, options));
}

/* setup_vmo(), and h[1] a child of h[0] made with @options. */
static int setup_vmo_child(struct fx *fx, size_t pages, size_t written,
			   uint32_t options, uint64_t off, uint64_t size)
{
	if (setup_vmo(fx, pages, written, 0))
		return -1;
	return keep(fx, 1, child_of(fx->h[0], options, off, size));
}

/* The 4 pages of h[0] mapped read-write at fx->addr. */
static int map_h0(struct fx *fx)
{
	if (zx_vmar_map(zx_vmar_root_self(), RW, 0, fx->h[0], 0, 4 * PG,
			&fx->addr) != ZX_OK)
		return -1;
	fx->len = 4 * PG;
	return 0;
}

/* fx->nfds: the descriptors open before the call. */
static int count_fds(struct fx *fx)
{
	fx->nfds = zx_test_count_fds();
	return fx->nfds < 0 ? -1 : 0;
}

/* ---------------------------------------------------- creating objects */

/* The call's new handles out[0..n): real ones of @type, or none at all. */
static int check_made(struct fx *fx, zx_status_t st, int n,
		      zx_obj_type_t type)
{
	for (int i = 0; i < n; i++) {
		if (st == ZX_OK) {
			CK(zx_test_valid(fx->out[i]));
			CK(zx_test_basic(fx->out[i]).type == type);
		} else {
			CK(not_a_handle(fx->out[i]));
		}
	}
	return 0;
}

static zx_status_t call_event_create(struct fx *fx)
{
	return zx_event_create(0, &fx->out[0]);
}

static int check_event_create(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(zx_object_signal(fx->out[0], 0, ZX_USER_SIGNAL_0) == ZX_OK);
		CK(zx_test_signals(fx->out[0]) & ZX_USER_SIGNAL_0);
	}
	return 0;
}

static zx_status_t call_eventpair_create(struct fx *fx)
{
	return zx_eventpair_create(0, &fx->out[0], &fx->out[1]);
}

static int check_eventpair_create(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(zx_object_signal_peer(fx->out[0], 0, ZX_USER_SIGNAL_1) ==
		   ZX_OK);
		CK(zx_test_signals(fx->out[1]) & ZX_USER_SIGNAL_1);
	}
	return 0;
}

static zx_status_t call_channel_create(struct fx *fx)
{
	return zx_channel_create(0, &fx->out[0], &fx->out[1]);
}

static int check_channel_create(struct fx *fx, zx_status_t st)
{
	uint32_t nb = 0, nh = 0;

	if (st == ZX_OK) {
		CK(zx_channel_write(fx->out[0], 0, pat_a, 8, NULL, 0) ==
		   ZX_OK);
		CK(zx_channel_read(fx->out[1], 0, rbuf, NULL, 64, 0, &nb,
				   &nh) == ZX_OK);
		CK(nb == 8 && nh == 0 && memcmp(rbuf, pat_a, 8) == 0);
	}
	return 0;
}

static zx_status_t call_vmo_create(struct fx *fx)
{
	return zx_vmo_create(3 * PG, ZX_VMO_RESIZABLE, &fx->out[0]);
}

static int check_vmo_create(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(vmo_size(fx->out[0]) == 3 * PG);
		CK(zx_vmo_write(fx->out[0], pat_a, 100, PG) == ZX_OK);
		CK(vmo_eq(fx->out[0], 100, pat_a, PG));
	}
	return 0;
}

static zx_status_t call_vmar_root(struct fx *fx)
{
	struct zx_ioc_vmar_root a = { .out = (uintptr_t)&fx->out[0] };

	return raw_ioctl(zx_linux_device_fd(), ZX_IOC_VMAR_ROOT, &a);
}

/* open("/dev/zircon"): a second handle table for this process. */
static zx_status_t call_device_open(struct fx *fx)
{
	fx->fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	if (fx->fd >= 0)
		return ZX_OK;
	return errno == ENOMEM ? ZX_ERR_NO_MEMORY : ZX_ERR_INTERNAL;
}

static int check_device_open(struct fx *fx, zx_status_t st)
{
	struct zx_ioc_version v;
	struct zx_ioc_create c;
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (st != ZX_OK) {
		CK(fx->fd < 0);
		return 0;
	}
	/* The new table works, and releasing it frees its objects. */
	memset(&v, 0, sizeof(v));
	CK(raw_ioctl(fx->fd, ZX_IOC_VERSION, &v) == ZX_OK);
	CK(v.major == ZX_ABI_VERSION_MAJOR);
	memset(&c, 0, sizeof(c));
	c.out0 = (uintptr_t)&h;
	CK(raw_ioctl(fx->fd, ZX_IOC_EVENT_CREATE, &c) == ZX_OK);
	CK(h != ZX_HANDLE_INVALID);
	return 0;
}

/* ------------------------------------------------------------ handles */

static int setup_event(struct fx *fx)
{
	return keep(fx, 0, event());
}

static zx_status_t call_duplicate(struct fx *fx)
{
	return zx_handle_duplicate(fx->h[0], ZX_RIGHT_SAME_RIGHTS,
				   &fx->out[0]);
}

/* out[0]: a second handle to h[@i]'s object if @st is ZX_OK, else none. */
static int check_second_handle(struct fx *fx, zx_status_t st, int i)
{
	if (st == ZX_OK) {
		CK(same_object(fx->h[i], fx->out[0]));
		CK(hcount(fx->h[i]) == 2);
	} else {
		CK(not_a_handle(fx->out[0]));
		CK(hcount(fx->h[i]) == 1);
	}
	return 0;
}

static int check_duplicate(struct fx *fx, zx_status_t st)
{
	CK(zx_test_valid(fx->h[0]));
	return check_second_handle(fx, st, 0);
}

/* h[0] an event, h[1] a second handle to it that watches. */
static int setup_event_watched(struct fx *fx)
{
	return setup_event(fx) || dup_into(fx, 1, 0) ? -1 : 0;
}

/* setup_event_watched(), and the descriptors open counted. */
static int setup_event_watched_fds(struct fx *fx)
{
	return setup_event_watched(fx) || count_fds(fx) ? -1 : 0;
}

static zx_status_t call_replace(struct fx *fx)
{
	return zx_handle_replace(fx->h[0], ZX_RIGHT_SAME_RIGHTS, &fx->out[0]);
}

/* A call that consumed h[0]: gone, and h[1] counts @st's result. */
static int check_consumed(struct fx *fx, zx_status_t st)
{
	CK_GONE(0);
	return check_second_handle(fx, st, 1);
}

static zx_status_t call_close(struct fx *fx)
{
	return zx_handle_close(fx->h[0]);
}

static int check_close(struct fx *fx, zx_status_t st)
{
	CK_GONE(0);
	return 0;
}

static int setup_three_events(struct fx *fx)
{
	for (int i = 0; i < 3; i++)
		if (keep(fx, i, event()))
			return -1;
	return 0;
}

static zx_status_t call_close_many(struct fx *fx)
{
	return zx_handle_close_many(fx->h, 3);
}

static int check_close_many(struct fx *fx, zx_status_t st)
{
	for (int i = 0; i < 3; i++)
		CK_GONE(i);
	return 0;
}

/* ---------------------------------------------------- signals, waits */

static int setup_eventpair(struct fx *fx)
{
	return ok(zx_eventpair_create(0, &fx->h[0], &fx->h[1]));
}

static zx_status_t call_signal(struct fx *fx)
{
	zx_status_t st;

	st = zx_object_signal(fx->h[0], 0, ZX_USER_SIGNAL_2);
	if (st == ZX_OK)
		st = zx_object_signal_peer(fx->h[0], 0, ZX_USER_SIGNAL_3);
	return st;
}

static int check_signal(struct fx *fx, zx_status_t st)
{
	CK(zx_test_signals(fx->h[0]) & ZX_USER_SIGNAL_2);
	CK(zx_test_signals(fx->h[1]) & ZX_USER_SIGNAL_3);
	return 0;
}

static zx_status_t call_wait_one(struct fx *fx)
{
	zx_signals_t observed = 0;
	zx_status_t st;

	/* Satisfied at once; then one that times out. */
	st = zx_object_signal(fx->h[0], 0, ZX_EVENT_SIGNALED);
	if (st == ZX_OK)
		st = zx_object_wait_one(fx->h[0], ZX_EVENT_SIGNALED,
					ZX_TIME_INFINITE, &observed);
	if (st == ZX_OK)
		st = zx_object_wait_one(fx->h[0], ZX_USER_SIGNAL_0,
					zx_deadline_after(ZX_MSEC(1)),
					&observed);
	return st;
}

static int check_wait_one(struct fx *fx, zx_status_t st)
{
	CK(zx_test_signals(fx->h[0]) & ZX_EVENT_SIGNALED);
	return 0;
}

/* ------------------------------------------------ info and properties */

static int setup_info(struct fx *fx)
{
	return keep(fx, 0, event()) || keep(fx, 1, vmo_with(2, 1, 0)) ? -1 : 0;
}

/* One zx_object_get_info() of a series (get_infos()). */
struct info_call {
	zx_handle_t h;
	uint32_t topic;
	void *buf;
	size_t size;
	size_t *actual, *avail;
};

/* An info_call's buffer: @var and its size. */
#define INTO(var)	&(var), sizeof(var)

/* The calls in order, up to the first that fails: its status, or ZX_OK. */
static zx_status_t get_infos(const struct info_call *c, size_t n)
{
	zx_status_t st = ZX_OK;

	for (size_t i = 0; st == ZX_OK && i < n; i++)
		st = zx_object_get_info(c[i].h, c[i].topic, c[i].buf,
					c[i].size, c[i].actual, c[i].avail);
	return st;
}

static zx_status_t call_get_info(struct fx *fx)
{
	zx_info_handle_basic_t basic;
	zx_info_handle_count_t count;
	zx_info_vmo_t vmo;
	zx_info_vmar_t vmar;
	size_t actual, avail;
	const struct info_call calls[] = {
		{ fx->h[0], ZX_INFO_HANDLE_VALID, NULL, 0, NULL, NULL },
		{ fx->h[0], ZX_INFO_HANDLE_BASIC, INTO(basic), &actual,
		  &avail },
		{ fx->h[0], ZX_INFO_HANDLE_COUNT, INTO(count), &actual,
		  &avail },
		{ fx->h[1], ZX_INFO_VMO, INTO(vmo), &actual, &avail },
		{ fx->h[1], ZX_INFO_VMO_V1, INTO(vmo), &actual, &avail },
		{ zx_vmar_root_self(), ZX_INFO_VMAR, INTO(vmar), &actual,
		  &avail },
	};

	return get_infos(calls, ARRAY_SIZE(calls));
}

/* Sets @prop of @h from @len bytes at @value, then reads @size back. */
static zx_status_t set_then_get(zx_handle_t h, uint32_t prop, void *value,
				size_t len, size_t size)
{
	zx_status_t st = zx_object_set_property(h, prop, value, len);

	return st == ZX_OK ? zx_object_get_property(h, prop, value, size) : st;
}

static zx_status_t call_properties(struct fx *fx)
{
	char name[ZX_MAX_NAME_LEN] = "fault-walk";
	uint64_t size = 1000;
	zx_status_t st;

	st = set_then_get(fx->h[1], ZX_PROP_NAME, name, 10, sizeof(name));
	if (st == ZX_OK)
		st = set_then_get(fx->h[1], ZX_PROP_VMO_CONTENT_SIZE, &size,
				  sizeof(size), sizeof(size));
	return st;
}

static int check_properties(struct fx *fx, zx_status_t st)
{
	char name[ZX_MAX_NAME_LEN] = "";

	CK(zx_object_get_property(fx->h[1], ZX_PROP_NAME, name,
				  sizeof(name)) == ZX_OK);
	CK(strcmp(name, "fault-walk") == 0);
	return 0;
}

/* -------------------------------------------------------- the bridge */

static zx_status_t call_handle_to_fd(struct fx *fx)
{
	return zx_linux_handle_to_fd(fx->h[0], ZX_LINUX_FD_CLOEXEC, &fx->fd);
}

static int check_handle_to_fd(struct fx *fx, zx_status_t st)
{
	CK_GONE(0);
	if (st != ZX_OK) {
		/* Consumed: the object lost the handle; no descriptor. */
		CK(fx->fd < 0);
		CK(zx_test_count_fds() == fx->nfds);
		CK(hcount(fx->h[1]) == 1);
		return 0;
	}
	CK(fx->fd >= 0 && zx_test_fd_open(fx->fd));
	CK(hcount(fx->h[1]) == 2);
	CK(zx_linux_fd_to_handle(fx->fd, &fx->out[0]) == ZX_OK);
	fx->fd = -1;
	CK(same_object(fx->out[0], fx->h[1]));
	return 0;
}

/* h[1] an event, fd a bridge descriptor holding a second handle to it. */
static int setup_from_fd(struct fx *fx)
{
	if (setup_event_watched(fx) || call_handle_to_fd(fx))
		return -1;
	fx->h[0] = ZX_HANDLE_INVALID;
	return 0;
}

static zx_status_t call_fd_to_handle(struct fx *fx)
{
	return zx_linux_fd_to_handle(fx->fd, &fx->out[0]);
}

static int check_fd_to_handle(struct fx *fx, zx_status_t st)
{
	/* The descriptor counts as a handle in transit. */
	CK(hcount(fx->h[1]) == 2);
	if (st != ZX_OK) {
		/* The object stays in the descriptor, which stays open. */
		CK(not_a_handle(fx->out[0]));
		CK(zx_test_fd_open(fx->fd));
		CK(zx_linux_fd_to_handle(fx->fd, &fx->out[0]) == ZX_OK);
	}
	fx->fd = -1;
	CK(same_object(fx->out[0], fx->h[1]));
	CK(hcount(fx->h[1]) == 2);
	return 0;
}

/* -------------------------------------------------------------- VMOs */

static int setup_vmo_fresh(struct fx *fx)
{
	return setup_vmo(fx, 8, 0, 0);
}

static zx_status_t call_vmo_write_page(struct fx *fx)
{
	return zx_vmo_write(fx->h[0], pat_a, 0, PG);
}

static int check_vmo_write_page(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(vmo_eq(fx->h[0], 0, pat_a, PG));
	} else {
		CK(vmo_all(fx->h[0], 0, 0, 8 * PG));
		CK(zx_vmo_write(fx->h[0], pat_a, 0, PG) == ZX_OK);
		CK(vmo_eq(fx->h[0], 0, pat_a, PG));
	}
	return 0;
}

/* 3 pages and 100 bytes from byte 1000: five pages touched. */
#define SPAN_OFF	1000
#define SPAN_LEN	(3 * PG + 100)

static zx_status_t call_vmo_write_span(struct fx *fx)
{
	return zx_vmo_write(fx->h[0], pat_b, SPAN_OFF, SPAN_LEN);
}

static int check_vmo_write_span(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		/* All or nothing. */
		CK(vmo_all(fx->h[0], 0, 0, 8 * PG));
		CK(zx_vmo_write(fx->h[0], pat_b, SPAN_OFF, SPAN_LEN) == ZX_OK);
	}
	CK(vmo_all(fx->h[0], 0, 0, SPAN_OFF));
	CK(vmo_eq(fx->h[0], SPAN_OFF, pat_b, SPAN_LEN));
	CK(vmo_all(fx->h[0], SPAN_OFF + SPAN_LEN, 0,
		   8 * PG - SPAN_OFF - SPAN_LEN));
	return 0;
}

/* h[0]: 4 pages of pat_a; h[1]: a snapshot child of all of it. */
static int setup_vmo_snapshot(struct fx *fx)
{
	return setup_vmo_child(fx, 4, 4, ZX_VMO_CHILD_SNAPSHOT, 0, 4 * PG);
}

/* The sides of a snapshot, as param: h[0] the parent, h[1] the child. */
enum { PARENT, CHILD };

/* Writing pat_b at byte 512 of h[param] (3 pages) copies four pages up. */
static zx_status_t call_cow_write(struct fx *fx)
{
	return zx_vmo_write(fx->h[fx->param], pat_b, 512, 3 * PG);
}

static int check_cow_write(struct fx *fx, zx_status_t st)
{
	int i = (int)fx->param, other = 1 - i;

	/* The other side of the snapshot never changes. */
	CK(vmo_eq(fx->h[other], 0, pat_a, 4 * PG));
	if (st != ZX_OK) {
		CK(vmo_eq(fx->h[i], 0, pat_a, 4 * PG));
		CK(call_cow_write(fx) == ZX_OK);
		CK(vmo_eq(fx->h[other], 0, pat_a, 4 * PG));
	}
	CK(vmo_eq(fx->h[i], 0, pat_a, 512));
	CK(vmo_eq(fx->h[i], 512, pat_b, 3 * PG));
	CK(vmo_eq(fx->h[i], 512 + 3 * PG, pat_a + 512 + 3 * PG, PG - 512));
	return 0;
}

/* h[0]: 4 pages of pat_a; h[1]: a slice of its pages 1 and 2. */
static int setup_vmo_slice(struct fx *fx)
{
	return setup_vmo_child(fx, 4, 4, ZX_VMO_CHILD_SLICE, PG, 2 * PG);
}

/* The same, but only page 0 of h[0] written: a write makes pages. */
static int setup_vmo_slice_holes(struct fx *fx)
{
	return setup_vmo_child(fx, 4, 1, ZX_VMO_CHILD_SLICE, PG, 2 * PG);
}

static zx_status_t call_vmo_write_slice(struct fx *fx)
{
	return zx_vmo_write(fx->h[1], pat_b, 0, 2 * PG);
}

static int check_vmo_write_slice(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		CK(vmo_all(fx->h[0], PG, 0, 3 * PG));
		CK(vmo_all(fx->h[1], 0, 0, 2 * PG));
		CK(call_vmo_write_slice(fx) == ZX_OK);
	}
	CK(vmo_eq(fx->h[0], 0, pat_a, PG));
	CK(vmo_eq(fx->h[0], PG, pat_b, 2 * PG));
	CK(vmo_eq(fx->h[1], 0, pat_b, 2 * PG));
	CK(vmo_all(fx->h[0], 3 * PG, 0, PG));
	return 0;
}

/* Reads through a snapshot child: hidden-layer pages and a hole. */
static int setup_vmo_read(struct fx *fx)
{
	return setup_vmo_child(fx, 4, 3, ZX_VMO_CHILD_SNAPSHOT, 0, 4 * PG);
}

static zx_status_t call_vmo_read(struct fx *fx)
{
	zx_status_t st = zx_vmo_read(fx->h[1], rbuf, 0, 4 * PG);

	if (st == ZX_OK)
		st = zx_vmo_read(fx->h[0], rbuf, 0, 4 * PG);
	return st;
}

static int check_vmo_read(struct fx *fx, zx_status_t st)
{
	CK(memcmp(rbuf, pat_a, 3 * PG) == 0);
	CK(vmo_all(fx->h[1], 3 * PG, 0, PG));
	return 0;
}

/* h[1]: a resizable snapshot child that sees 4 pages of pat_a. */
static int setup_vmo_resizable_child(struct fx *fx)
{
	return setup_vmo_child(fx, 4, 4,
			       ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE,
			       0, 4 * PG);
}

/* To a page and a half: the rest of the last page must read as zeros. */
static zx_status_t call_vmo_shrink(struct fx *fx)
{
	return zx_vmo_set_size(fx->h[1], PG + PG / 2);
}

static int check_vmo_shrink(struct fx *fx, zx_status_t st)
{
	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	if (st != ZX_OK) {
		/* Nothing changed: size and every byte as before. */
		CK(vmo_size(fx->h[1]) == 4 * PG);
		CK(vmo_eq(fx->h[1], 0, pat_a, 4 * PG));
		CK(call_vmo_shrink(fx) == ZX_OK);
	}
	CK(vmo_size(fx->h[1]) == 2 * PG);
	CK(vmo_eq(fx->h[1], 0, pat_a, PG + PG / 2));
	CK(vmo_all(fx->h[1], PG + PG / 2, 0, PG / 2));
	/* Growing again shows zeros, not the parent. */
	CK(zx_vmo_set_size(fx->h[1], 4 * PG) == ZX_OK);
	CK(vmo_all(fx->h[1], PG + PG / 2, 0, 2 * PG + PG / 2));
	return 0;
}

static int setup_vmo_resizable(struct fx *fx)
{
	return setup_vmo(fx, 2, 2, ZX_VMO_RESIZABLE);
}

static zx_status_t call_vmo_grow(struct fx *fx)
{
	return zx_vmo_set_size(fx->h[0], 6 * PG + 1);
}

static int check_vmo_grow(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		CK(vmo_size(fx->h[0]) == 2 * PG);
		CK(call_vmo_grow(fx) == ZX_OK);
	}
	CK(vmo_size(fx->h[0]) == 7 * PG);
	CK(vmo_eq(fx->h[0], 0, pat_a, 2 * PG));
	CK(vmo_all(fx->h[0], 2 * PG, 0, 5 * PG));
	return 0;
}

/* Size, cache policy, and the range ops that only check or hint. */
static zx_status_t call_vmo_queries(struct fx *fx)
{
	static const uint32_t ops[] = {
		ZX_VMO_OP_CACHE_SYNC, ZX_VMO_OP_CACHE_CLEAN,
		ZX_VMO_OP_CACHE_CLEAN_INVALIDATE, ZX_VMO_OP_DONT_NEED,
		ZX_VMO_OP_ALWAYS_NEED, ZX_VMO_OP_PREFETCH,
	};
	uint64_t size = 0;
	zx_status_t st;

	st = zx_vmo_get_size(fx->h[0], &size);
	if (st == ZX_OK)
		st = zx_vmo_set_cache_policy(fx->h[0], ZX_CACHE_POLICY_CACHED);
	for (size_t i = 0; st == ZX_OK && i < sizeof(ops) / sizeof(ops[0]);
	     i++)
		st = zx_vmo_op_range(fx->h[0], ops[i], 0, PG, NULL, 0);
	return st;
}

static zx_status_t call_vmo_get_stream_size(struct fx *fx)
{
	uint64_t size = 0;

	return zx_vmo_get_stream_size(fx->h[0], &size);
}

/* Cuts the snapshot child's stream to 100 bytes: a copy-up of page 0. */
static zx_status_t call_vmo_set_stream_size(struct fx *fx)
{
	return zx_vmo_set_stream_size(fx->h[1], 100);
}

static int check_vmo_set_stream_size(struct fx *fx, zx_status_t st)
{
	uint64_t size = 0;

	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	if (st != ZX_OK) {
		/* The stream size stays; the bytes may be zeroed in part. */
		CK(zx_vmo_get_stream_size(fx->h[1], &size) == ZX_OK);
		CK(size == 4 * PG);
		CK(vmo_eq(fx->h[1], 0, pat_a, 100));
		CK(zx_vmo_set_stream_size(fx->h[1], 100) == ZX_OK);
	}
	CK(zx_vmo_get_stream_size(fx->h[1], &size) == ZX_OK);
	CK(size == 100);
	CK(vmo_eq(fx->h[1], 0, pat_a, 100));
	CK(vmo_all(fx->h[1], 100, 0, 4 * PG - 100));
	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	return 0;
}

/* ZX_INFO_VMO of a snapshot's parent: the shared pages split in two. */
static zx_status_t call_vmo_info_attribution(struct fx *fx)
{
	zx_info_vmo_t info;

	return zx_object_get_info(fx->h[0], ZX_INFO_VMO, &info, sizeof(info),
				  NULL, NULL);
}

static int check_vmo_info_attribution(struct fx *fx, zx_status_t st)
{
	zx_info_vmo_t info;

	CK(zx_object_get_info(fx->h[0], ZX_INFO_VMO, &info, sizeof(info),
			      NULL, NULL) == ZX_OK);
	CK(info.populated_bytes == 4 * PG);
	CK(info.populated_scaled_bytes == 2 * PG);
	CK(info.populated_private_bytes == 0);
	return 0;
}

/* Decommits pages 1 and 2 of 4 written ones. */
static zx_status_t call_vmo_decommit(struct fx *fx)
{
	return zx_vmo_op_range(fx->h[0], ZX_VMO_OP_DECOMMIT, PG, 2 * PG, NULL,
			       0);
}

static int check_vmo_decommit(struct fx *fx, zx_status_t st)
{
	CK(vmo_eq(fx->h[0], 0, pat_a, PG));
	CK(vmo_eq(fx->h[0], 3 * PG, pat_a + 3 * PG, PG));
	if (st != ZX_OK)
		CK(call_vmo_decommit(fx) == ZX_OK);
	CK(vmo_all(fx->h[0], PG, 0, 2 * PG));
	CK(zx_test_vmo_info(fx->h[0]).committed_bytes == 2 * PG);
	return 0;
}

static zx_status_t call_vmo_commit(struct fx *fx)
{
	return zx_vmo_op_range(fx->h[0], ZX_VMO_OP_COMMIT, 0, 4 * PG, NULL, 0);
}

static int check_vmo_commit(struct fx *fx, zx_status_t st)
{
	CK(vmo_all(fx->h[0], 0, 0, 8 * PG));
	if (st != ZX_OK)
		CK(call_vmo_commit(fx) == ZX_OK);
	CK(zx_test_vmo_info(fx->h[0]).committed_bytes == 4 * PG);
	return 0;
}

static zx_status_t call_vmo_commit_child(struct fx *fx)
{
	return zx_vmo_op_range(fx->h[1], ZX_VMO_OP_COMMIT, 0, 4 * PG, NULL, 0);
}

static int check_vmo_commit_child(struct fx *fx, zx_status_t st)
{
	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	CK(vmo_eq(fx->h[1], 0, pat_a, 4 * PG));
	if (st != ZX_OK)
		CK(call_vmo_commit_child(fx) == ZX_OK);
	CK(zx_test_vmo_info(fx->h[1]).committed_private_bytes == 4 * PG);
	CK(vmo_eq(fx->h[1], 0, pat_a, 4 * PG));
	return 0;
}

/* Zeros bytes [100, 3 pages + 100) of the child: partial and whole pages. */
static zx_status_t call_vmo_zero_child(struct fx *fx)
{
	return zx_vmo_op_range(fx->h[1], ZX_VMO_OP_ZERO, 100, 3 * PG, NULL, 0);
}

static int check_vmo_zero_child(struct fx *fx, zx_status_t st)
{
	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	CK(vmo_eq(fx->h[1], 0, pat_a, 100));
	CK(vmo_eq(fx->h[1], 3 * PG + 100, pat_a + 3 * PG + 100, PG - 100));
	if (st != ZX_OK) {
		/* Each byte of the range is either as before or zero. */
		CK(zx_vmo_read(fx->h[1], rbuf, 100, 3 * PG) == ZX_OK);
		for (size_t i = 0; i < 3 * PG; i++)
			CK(rbuf[i] == 0 || rbuf[i] == pat_a[100 + i]);
		CK(call_vmo_zero_child(fx) == ZX_OK);
	}
	CK(vmo_all(fx->h[1], 100, 0, 3 * PG));
	return 0;
}

static zx_status_t call_vmo_snapshot(struct fx *fx)
{
	return zx_vmo_create_child(fx->h[0], ZX_VMO_CHILD_SNAPSHOT, 0, 4 * PG,
				   &fx->out[0]);
}

/* h[0] shows @want (4 pages); a failed child left no trace. */
static int check_new_child(struct fx *fx, zx_status_t st, const uint8_t *want)
{
	CK(vmo_eq(fx->h[0], 0, want, 4 * PG));
	if (st != ZX_OK) {
		CK(not_a_handle(fx->out[0]));
		CK(zx_test_vmo_info(fx->h[0]).num_children ==
		   (fx->h[1] ? 1u : 0u));
		if (!fx->h[1])
			CK(zx_test_signals(fx->h[0]) & ZX_VMO_ZERO_CHILDREN);
		CK(call_vmo_snapshot(fx) == ZX_OK);
	}
	CK(vmo_eq(fx->out[0], 0, want, 4 * PG));
	/* A snapshot: the parent's writes do not reach it, nor its ours. */
	CK(zx_vmo_write(fx->h[0], pat_b, 0, 4 * PG) == ZX_OK);
	CK(vmo_eq(fx->out[0], 0, want, 4 * PG));
	CK(zx_vmo_write(fx->out[0], pat_a, 0, 4 * PG) == ZX_OK);
	CK(vmo_eq(fx->h[0], 0, pat_b, 4 * PG));
	return 0;
}

static int setup_vmo_written(struct fx *fx)
{
	return setup_vmo(fx, 4, 4, 0);
}

static int check_vmo_snapshot(struct fx *fx, zx_status_t st)
{
	return check_new_child(fx, st, pat_a);
}

/*
 * A parent whose hidden layer only it still sees (its child is gone), with
 * a page of its own on top: the next snapshot folds the hidden layer in,
 * copying its pages up.
 */
static uint8_t fold_want[4 * PG];

static int setup_vmo_fold(struct fx *fx)
{
	if (setup_vmo_snapshot(fx))
		return -1;
	zx_handle_close(fx->h[1]);
	fx->h[1] = ZX_HANDLE_INVALID;
	return ok(zx_vmo_write(fx->h[0], pat_b, PG, PG));
}

static int check_vmo_fold(struct fx *fx, zx_status_t st)
{
	return check_new_child(fx, st, fold_want);
}

/* A parent with a live child (setup_vmo_snapshot()), nothing on top. */
static int check_vmo_shared(struct fx *fx, zx_status_t st)
{
	if (check_new_child(fx, st, pat_a))
		return -1;
	CK(vmo_eq(fx->h[1], 0, pat_a, 4 * PG));
	return 0;
}

static zx_status_t call_vmo_slice(struct fx *fx)
{
	return zx_vmo_create_child(fx->h[0], ZX_VMO_CHILD_SLICE, PG, 2 * PG,
				   &fx->out[0]);
}

static int check_vmo_slice(struct fx *fx, zx_status_t st)
{
	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	if (st != ZX_OK) {
		CK(not_a_handle(fx->out[0]));
		CK(zx_test_vmo_info(fx->h[0]).num_children == 0);
		CK(call_vmo_slice(fx) == ZX_OK);
	}
	CK(vmo_eq(fx->out[0], 0, pat_a + PG, 2 * PG));
	CK(zx_vmo_write(fx->out[0], pat_b, 0, PG) == ZX_OK);
	CK(vmo_eq(fx->h[0], PG, pat_b, PG));
	return 0;
}

/* A snapshot of a slice (h[1], pages 1 and 2 of h[0]). */
static zx_status_t call_vmo_snapshot_slice(struct fx *fx)
{
	return zx_vmo_create_child(fx->h[1], ZX_VMO_CHILD_SNAPSHOT, 0, 2 * PG,
				   &fx->out[0]);
}

static int check_vmo_snapshot_slice(struct fx *fx, zx_status_t st)
{
	CK(vmo_eq(fx->h[0], 0, pat_a, 4 * PG));
	if (st != ZX_OK) {
		CK(not_a_handle(fx->out[0]));
		CK(call_vmo_snapshot_slice(fx) == ZX_OK);
	}
	CK(vmo_eq(fx->out[0], 0, pat_a + PG, 2 * PG));
	CK(zx_vmo_write(fx->h[1], pat_b, 0, 2 * PG) == ZX_OK);
	CK(vmo_eq(fx->out[0], 0, pat_a + PG, 2 * PG));
	return 0;
}

static int setup_vmo_watched(struct fx *fx)
{
	return setup_vmo(fx, 1, 1, 0) || dup_into(fx, 1, 0) ? -1 : 0;
}

static zx_status_t call_replace_as_executable(struct fx *fx)
{
	return zx_vmo_replace_as_executable(fx->h[0], ZX_HANDLE_INVALID,
					    &fx->out[0]);
}

static int check_replace_as_executable(struct fx *fx, zx_status_t st)
{
	if (check_consumed(fx, st))
		return -1;
	if (st == ZX_OK)
		CK(zx_test_rights(fx->out[0]) & ZX_RIGHT_EXECUTE);
	return 0;
}

/* ---------------------------------------------------------- mappings */

static zx_status_t call_vmar_map(struct fx *fx)
{
	return zx_vmar_map(zx_vmar_root_self(), RW, 0, fx->h[0], 0, 4 * PG,
			   &fx->addr);
}

static zx_status_t call_vmar_map_range(struct fx *fx)
{
	return zx_vmar_map(zx_vmar_root_self(), RW | ZX_VM_MAP_RANGE, 0,
			   fx->h[0], 0, 4 * PG, &fx->addr);
}

/* h[0] shows pat_a through a mapping, whatever @st; then unmapped. */
static int check_vmar_map(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		CK(fx->addr == 0);
		CK(zx_test_vmo_info(fx->h[0]).num_mappings == 0);
		CK(call_vmar_map(fx) == ZX_OK);
	}
	fx->len = 4 * PG;
	CK(zx_test_vmo_info(fx->h[0]).num_mappings == 1);
	CK(memcmp((void *)fx->addr, pat_a, 4 * PG) == 0);
	memcpy((void *)fx->addr, pat_b, PG);
	CK(vmo_eq(fx->h[0], 0, pat_b, PG));
	return 0;
}

/* A slice (h[1]) mapped: its pages are h[0]'s pages 1 and 2. */
static zx_status_t call_vmar_map_slice(struct fx *fx)
{
	return zx_vmar_map(zx_vmar_root_self(), RW, 0, fx->h[1], 0, 2 * PG,
			   &fx->addr);
}

static int check_vmar_map_slice(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		CK(fx->addr == 0);
		CK(zx_test_vmo_info(fx->h[1]).num_mappings == 0);
		CK(call_vmar_map_slice(fx) == ZX_OK);
	}
	fx->len = 2 * PG;
	CK(memcmp((void *)fx->addr, pat_a + PG, 2 * PG) == 0);
	return 0;
}

/* h[0]: 4 pages of pat_a, mapped at addr and read through the mapping. */
static int setup_mapped(struct fx *fx)
{
	if (setup_vmo_written(fx) || map_h0(fx))
		return -1;
	return memcmp((void *)fx->addr, pat_a, 4 * PG) == 0 ? 0 : -1;
}

/* Pages [0, @pages) at fx->addr are mapped read-write, in 1 to 3 VMAs. */
static bool mapped_rw(struct fx *fx, int pages)
{
	uint32_t n = zx_test_vmo_info(fx->h[0]).num_mappings;

	for (int i = 0; i < pages; i++)
		if (strncmp(zx_test_perms_at(fx->addr + i * PG), "rw", 2) != 0)
			return false;
	return n >= 1 && n <= 3;
}

static zx_status_t call_vmar_unmap(struct fx *fx)
{
	return zx_vmar_unmap(zx_vmar_root_self(), fx->addr, 4 * PG);
}

static int check_vmar_unmap(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		/* Still mapped, and still shows the VMO. */
		CK(mapped_rw(fx, 4));
		CK(memcmp((void *)fx->addr, pat_a, 4 * PG) == 0);
		CK(call_vmar_unmap(fx) == ZX_OK);
	}
	CK(zx_test_vmo_info(fx->h[0]).num_mappings == 0);
	CK(zx_test_perms_at(fx->addr)[0] == '\0');
	fx->addr = 0;
	return 0;
}

/* Unmaps page 1 of 4: the mapping is split in two. */
static zx_status_t call_vmar_unmap_split(struct fx *fx)
{
	return zx_vmar_unmap(zx_vmar_root_self(), fx->addr + PG, PG);
}

static int check_vmar_unmap_split(struct fx *fx, zx_status_t st)
{
	const uint8_t *p = (const uint8_t *)fx->addr;

	if (st != ZX_OK) {
		/* All still mapped (Linux may have split the mapping). */
		CK(mapped_rw(fx, 4));
		CK(memcmp(p, pat_a, 4 * PG) == 0);
		CK(call_vmar_unmap_split(fx) == ZX_OK);
	}
	CK(zx_test_vmo_info(fx->h[0]).num_mappings == 2);
	CK(zx_test_perms_at(fx->addr + PG)[0] == '\0');
	CK(memcmp(p, pat_a, PG) == 0);
	CK(memcmp(p + 2 * PG, pat_a + 2 * PG, 2 * PG) == 0);
	return 0;
}

/* Makes page 1 of 4 read-only: mprotect() splits the mapping. */
static zx_status_t call_vmar_protect_split(struct fx *fx)
{
	return zx_vmar_protect(zx_vmar_root_self(), ZX_VM_PERM_READ,
			       fx->addr + PG, PG);
}

static int check_vmar_protect_split(struct fx *fx, zx_status_t st)
{
	if (st != ZX_OK) {
		/* No protection changed (the mapping may have been split). */
		CK(mapped_rw(fx, 4));
		CK(call_vmar_protect_split(fx) == ZX_OK);
	}
	CK(strncmp(zx_test_perms_at(fx->addr), "rw", 2) == 0);
	CK(strncmp(zx_test_perms_at(fx->addr + PG), "r-", 2) == 0);
	CK(strncmp(zx_test_perms_at(fx->addr + 2 * PG), "rw", 2) == 0);
	CK(zx_test_vmo_info(fx->h[0]).num_mappings == 3);
	CK(memcmp((void *)fx->addr, pat_a, 4 * PG) == 0);
	return 0;
}

/* ------------------------------------------------- faults on mappings */

/*
 * A page fault is not a call: the walk makes it in a forked child, which
 * arms its own fail-nth, touches one byte of the mapping at fx->addr, and
 * reports through a shared page (or dies of SIGBUS).  The child first
 * touches everything else it will use, so the fault is the only thing
 * between arming and disarming that can allocate.
 */
struct fault_report {
	long left;
	int byte;
	int done;
	zx_status_t status;	/* of a call made in the child */
	char why[160];		/* a check the child failed, or "" */
};

static struct fault_report *report;

/*
 * In a child (zx_test_in_child()): touches byte fx->off of the mapping,
 * or writes it if fx->write.
 */
static int fault_child(void *arg)
{
	struct fx *fx = arg;
	volatile uint8_t *p = (volatile uint8_t *)fx->addr;
	int fd, byte = 0;
	long left;

	fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 1;
	touch_stack();
	memset(report, 0, sizeof(*report));
	report->left = -1;
	(void)p[0];		/* page tables and the fault path, warm */
	if (disarm(fd) != 0)
		return 1;
	if (fx->n && arm(fd, fx->n))
		return 1;
	if (fx->write)
		p[fx->off] = 0x5a;
	else
		byte = p[fx->off];
	left = fx->n ? disarm(fd) : 1;
	report->left = left;
	report->byte = byte;
	report->done = 1;
	return 0;
}

static zx_status_t fault_in_child(struct fx *fx, size_t off, bool write)
{
	int rc;

	fx->off = off;
	fx->write = write;
	rc = zx_test_in_child(fault_child, fx);
	if (rc == 128 + SIGBUS) {
		fx->sigbus = true;
		fx->left = 0;
		return ZX_ERR_IO;
	}
	if (rc != 0 || !report->done)
		return ZX_ERR_INTERNAL;
	fx->left = report->left;
	return ZX_OK;
}

/* h[0]: 4 pages, the first 3 of pat_a, mapped (page 0 touched). */
static int setup_fault(struct fx *fx)
{
	return setup_vmo(fx, 4, 3, 0) || map_h0(fx) ? -1 : 0;
}

/* A read of page 3, which no layer holds: a zero page is allocated. */
static zx_status_t call_fault_read(struct fx *fx)
{
	return fault_in_child(fx, 3 * PG + 7, false);
}

static int check_fault_read(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK)
		CK(report->byte == 0);
	CK(vmo_eq(fx->h[0], 0, pat_a, 3 * PG));
	CK(vmo_all(fx->h[0], 3 * PG, 0, PG));
	CK(((volatile uint8_t *)fx->addr)[3 * PG + 7] == 0);
	return 0;
}

/* A write to page 3: the write fault makes the page. */
static zx_status_t call_fault_write(struct fx *fx)
{
	return fault_in_child(fx, 3 * PG + 9, true);
}

static int check_fault_write(struct fx *fx, zx_status_t st)
{
	uint8_t b = 0;

	CK(vmo_eq(fx->h[0], 0, pat_a, 3 * PG));
	CK(zx_vmo_read(fx->h[0], &b, 3 * PG + 9, 1) == ZX_OK);
	CK(b == (st == ZX_OK ? 0x5a : 0));
	return 0;
}

/*
 * h[0]: 4 pages of pat_a with a snapshot child h[1], mapped, page 1 read
 * through the mapping (so the entry maps the hidden layer's page).  A
 * write to it goes through page_mkwrite, which copies the page up.
 */
static int setup_fault_cow(struct fx *fx)
{
	if (setup_vmo_snapshot(fx) || map_h0(fx))
		return -1;
	return ((volatile uint8_t *)fx->addr)[PG] == pat_a[PG] ? 0 : -1;
}

static zx_status_t call_fault_cow(struct fx *fx)
{
	return fault_in_child(fx, PG + 11, true);
}

static int check_fault_cow(struct fx *fx, zx_status_t st)
{
	uint8_t b = 0;

	CK(vmo_eq(fx->h[1], 0, pat_a, 4 * PG));
	CK(zx_vmo_read(fx->h[0], &b, PG + 11, 1) == ZX_OK);
	CK(b == (st == ZX_OK ? 0x5a : pat_a[PG + 11]));
	return 0;
}

/*
 * zx_linux_handle_to_fd() when the descriptor table has to grow: every
 * descriptor below 64 (the table a process starts with) is taken first.
 * A grown table stays grown, so each step runs in a new child process,
 * which makes its own handle table and checks its own results.
 */
static int grow_fdtable_child(void *arg)
{
	struct fx *fx = arg;
	zx_handle_t e, w;
	int fnth, fd = -1;
	long left = 1;
	zx_status_t st;

	memset(report, 0, sizeof(*report));
	fnth = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	e = event();
	w = e ? dup_of(e) : ZX_HANDLE_INVALID;
	if (fnth < 0 || !w)
		return 1;
	for (int i = 0; i < 64; i++)
		if (!zx_test_fd_open(i) && dup2(fnth, i) != i)
			return 1;
	touch_stack();
	touch_buffers();
	if (disarm(fnth) != 0 || (fx->n && arm(fnth, fx->n)))
		return 1;
	st = zx_linux_handle_to_fd(e, ZX_LINUX_FD_CLOEXEC, &fd);
	if (fx->n)
		left = disarm(fnth);
	report->left = left;
	report->status = st;
	report->done = 1;
	if (zx_test_valid(e))
		snprintf(report->why, sizeof(report->why), "not consumed");
	else if (st == ZX_OK && (fd < 64 || hcount(w) != 2))
		snprintf(report->why, sizeof(report->why), "fd %d, %u handles",
			 fd, hcount(w));
	else if (st != ZX_OK && (fd != -1 || hcount(w) != 1))
		snprintf(report->why, sizeof(report->why),
			 "failed, yet fd %d, %u handles", fd, hcount(w));
	return 0;
}

static zx_status_t call_grow_fdtable(struct fx *fx)
{
	if (zx_test_in_child(grow_fdtable_child, fx) != 0 || !report->done)
		return ZX_ERR_INTERNAL;
	fx->left = report->left;
	return report->status;
}

static int check_grow_fdtable(struct fx *fx, zx_status_t st)
{
	if (report->why[0]) {
		snprintf(fx->why, sizeof(fx->why), "in the child: %s",
			 report->why);
		return -1;
	}
	return 0;
}

/* ----------------------------------------------------------- channels */

/* h[0], h[1]: a channel. */
static int setup_channel(struct fx *fx)
{
	return ok(zx_channel_create(0, &fx->h[0], &fx->h[1]));
}

static bool readable(zx_handle_t h)
{
	return zx_test_signals(h) & ZX_CHANNEL_READABLE;
}

/* Reads one message from h[1] into rbuf, its handles into out[]. */
static zx_status_t read_msg(struct fx *fx)
{
	return zx_channel_read(fx->h[1], 0, rbuf, fx->out, PAT_SIZE, 4,
			       &fx->actual_bytes, &fx->actual_handles);
}

static zx_status_t call_channel_write(struct fx *fx)
{
	return zx_channel_write(fx->h[0], 0, pat_a, 64, NULL, 0);
}

/* A failed write queued nothing; then @redo writes; one message of @nb. */
static int check_written(struct fx *fx, zx_status_t st,
			 zx_status_t (*redo)(struct fx *), uint32_t nb,
			 const uint8_t *want)
{
	if (st != ZX_OK) {
		CK(!readable(fx->h[1]));
		CK(redo(fx) == ZX_OK);
	}
	CK(read_msg(fx) == ZX_OK);
	CK(fx->actual_bytes == nb && memcmp(rbuf, want, nb) == 0);
	CK(!readable(fx->h[1]));
	return 0;
}

static int check_channel_write(struct fx *fx, zx_status_t st)
{
	return check_written(fx, st, call_channel_write, 64, pat_a);
}

static zx_status_t call_channel_write_max(struct fx *fx)
{
	return zx_channel_write(fx->h[0], 0, pat_b, ZX_CHANNEL_MAX_MSG_BYTES,
				NULL, 0);
}

static int check_channel_write_max(struct fx *fx, zx_status_t st)
{
	return check_written(fx, st, call_channel_write_max,
			     ZX_CHANNEL_MAX_MSG_BYTES, pat_b);
}

static zx_status_t call_channel_write_iovec(struct fx *fx)
{
	zx_channel_iovec_t iov[3] = {
		{ .buffer = pat_a, .capacity = 100 },
		{ .buffer = pat_a + 100, .capacity = 3000 },
		{ .buffer = pat_a + 3100, .capacity = 6000 },
	};

	return zx_channel_write(fx->h[0], ZX_CHANNEL_WRITE_USE_IOVEC, iov, 3,
				NULL, 0);
}

static int check_channel_write_iovec(struct fx *fx, zx_status_t st)
{
	return check_written(fx, st, call_channel_write_iovec, 9100, pat_a);
}

/*
 * h[0], h[1]: a channel; h[2] an event watched by h[3], h[4] a VMO watched
 * by h[5].  The write sends h[2] and h[4].
 */
static int setup_channel_handles(struct fx *fx)
{
	return setup_channel(fx) || keep(fx, 2, event()) ||
	       keep(fx, 4, vmo_with(1, 1, 0)) || dup_into(fx, 3, 2) ||
	       dup_into(fx, 5, 4) ? -1 : 0;
}

static zx_status_t call_channel_write_handles(struct fx *fx)
{
	zx_handle_t hs[2] = { fx->h[2], fx->h[4] };

	return zx_channel_write(fx->h[0], 0, pat_a, 32, hs, 2);
}

/* After a write that sent h[2] (moved) and h[4] (moved unless @dup). */
static int check_sent(struct fx *fx, zx_status_t st, bool dup)
{
	/* Named handles are consumed whatever the outcome. */
	CK_GONE(2);
	if (!dup)
		CK_GONE(4);
	if (st != ZX_OK) {
		/* Nothing queued, and the moved handles were closed. */
		CK(!readable(fx->h[1]));
		CK(hcount(fx->h[3]) == 1);
		CK(hcount(fx->h[5]) == (dup ? 2u : 1u));
		return 0;
	}
	/* In transit, the handles still count. */
	CK(hcount(fx->h[3]) == 2);
	CK(hcount(fx->h[5]) == (dup ? 3u : 2u));
	CK(read_msg(fx) == ZX_OK);
	CK(fx->actual_bytes == 32 && fx->actual_handles == 2);
	CK(memcmp(rbuf, pat_a, 32) == 0);
	CK(same_object(fx->out[0], fx->h[3]));
	CK(same_object(fx->out[1], fx->h[5]));
	return 0;
}

static int check_channel_write_handles(struct fx *fx, zx_status_t st)
{
	if (check_sent(fx, st, false))
		return -1;
	/* The channel still works. */
	CK(call_channel_write(fx) == ZX_OK);
	CK(read_msg(fx) == ZX_OK && fx->actual_bytes == 64);
	return 0;
}

static zx_status_t call_channel_write_etc(struct fx *fx)
{
	zx_handle_disposition_t d[2] = {
		{ .operation = ZX_HANDLE_OP_MOVE, .handle = fx->h[2],
		  .type = ZX_OBJ_TYPE_EVENT, .rights = ZX_RIGHT_SAME_RIGHTS },
		{ .operation = ZX_HANDLE_OP_DUPLICATE, .handle = fx->h[4],
		  .type = ZX_OBJ_TYPE_VMO, .rights = ZX_RIGHT_SAME_RIGHTS },
	};

	return zx_channel_write_etc(fx->h[0], 0, pat_a, 32, d, 2);
}

static int check_channel_write_etc(struct fx *fx, zx_status_t st)
{
	if (check_sent(fx, st, true))
		return -1;
	CK(zx_test_valid(fx->h[4]));
	return 0;
}

/*
 * A message of 32 bytes and param (1 to 4) handles, events watched by
 * h[2..], queued at h[1].
 */
static int setup_channel_queued(struct fx *fx)
{
	uint32_t n = fx->param;
	zx_handle_t hs[4];

	if (setup_channel(fx))
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		hs[i] = event();
		if (!hs[i] || keep(fx, 2 + i, dup_of(hs[i])))
			return -1;
	}
	return ok(zx_channel_write(fx->h[0], 0, pat_a, 32, hs, n));
}

/* After reading the message setup_channel_queued() queued. */
static int check_received(struct fx *fx, zx_status_t st)
{
	int n = (int)fx->param;

	for (int i = 0; i < n; i++)
		CK(hcount(fx->h[2 + i]) == 2);
	if (st != ZX_OK) {
		/* Whole or not at all: the message is still first in line. */
		for (int i = 0; i < n; i++)
			CK(not_a_handle(fx->out[i]));
		CK(readable(fx->h[1]));
		memset(fx->out, 0, sizeof(fx->out));
		CK(read_msg(fx) == ZX_OK);
	}
	CK(fx->actual_bytes == 32 && fx->actual_handles == (uint32_t)n);
	CK(memcmp(rbuf, pat_a, 32) == 0);
	for (int i = 0; i < n; i++)
		CK(same_object(fx->out[i], fx->h[2 + i]));
	CK(!readable(fx->h[1]));
	return 0;
}

static zx_status_t call_channel_read_etc(struct fx *fx)
{
	zx_handle_info_t info[4];
	zx_status_t st;

	memset(info, 0, sizeof(info));
	st = zx_channel_read_etc(fx->h[1], 0, rbuf, info, PAT_SIZE, 4,
				 &fx->actual_bytes, &fx->actual_handles);
	for (int i = 0; i < 4; i++)
		fx->out[i] = info[i].handle;
	return st;
}

/*
 * zx_channel_call() against a server thread on h[1] that answers every
 * request with its first 16 bytes and a new event.  The call sends h[2].
 */
static void *call_server(void *arg)
{
	struct fx *fx = arg;
	uint8_t buf[64];
	zx_handle_t hs[4];

	for (;;) {
		zx_signals_t obs = 0;
		uint32_t nb = 0, nh = 0;
		zx_handle_t e;

		if (zx_object_wait_one(fx->h[1], ZX_CHANNEL_READABLE |
				       ZX_CHANNEL_PEER_CLOSED,
				       ZX_TIME_INFINITE, &obs) != ZX_OK)
			break;
		if (!(obs & ZX_CHANNEL_READABLE))
			break;
		if (zx_channel_read(fx->h[1], 0, buf, hs, sizeof(buf), 4, &nb,
				    &nh) != ZX_OK)
			break;
		zx_handle_close_many(hs, nh);
		if (zx_event_create(0, &e) != ZX_OK)
			break;
		if (zx_channel_write(fx->h[1], 0, buf, 16, &e, 1) != ZX_OK)
			break;
	}
	return NULL;
}

static int setup_channel_call(struct fx *fx)
{
	if (setup_channel(fx) || keep(fx, 2, event()) || dup_into(fx, 3, 2) ||
	    pthread_create(&fx->thread, NULL, call_server, fx))
		return -1;
	fx->thread_started = true;
	return 0;
}

static zx_status_t do_call(struct fx *fx, zx_handle_t send)
{
	zx_channel_call_args_t args = {
		.wr_bytes = pat_a,
		.wr_handles = &send,
		.rd_bytes = rbuf,
		.rd_handles = fx->out,
		.wr_num_bytes = 16,
		.wr_num_handles = 1,
		.rd_num_bytes = 64,
		.rd_num_handles = 4,
	};

	return zx_channel_call(fx->h[0], 0, zx_deadline_after(ZX_SEC(60)),
			       &args, &fx->actual_bytes, &fx->actual_handles);
}

static zx_status_t call_channel_call(struct fx *fx)
{
	return do_call(fx, fx->h[2]);
}

static int check_channel_call(struct fx *fx, zx_status_t st)
{
	CK_GONE(2);
	if (st != ZX_OK) {
		CK(not_a_handle(fx->out[0]));
		/* The server may have the handle, or had it: not the caller. */
		fx->h[2] = event();
		CK(fx->h[2] != ZX_HANDLE_INVALID);
		CK(do_call(fx, fx->h[2]) == ZX_OK);
		fx->h[2] = ZX_HANDLE_INVALID;
	}
	CK(fx->actual_bytes == 16 && fx->actual_handles == 1);
	CK(memcmp(rbuf + 4, pat_a + 4, 12) == 0);
	CK(zx_test_basic(fx->out[0]).type == ZX_OBJ_TYPE_EVENT);
	CK(!readable(fx->h[0]));
	/* The server closed what it received. */
	CK(hcount(fx->h[3]) == 1);
	return 0;
}

static void teardown_channel_call(struct fx *fx)
{
	/* The server sees PEER_CLOSED and ends. */
	zx_handle_close(fx->h[0]);
	fx->h[0] = ZX_HANDLE_INVALID;
	if (fx->thread_started)
		pthread_join(fx->thread, NULL);
	fx->thread_started = false;
}

/* ------------------------------------------ ports, waits, timers (1.3) */

#define PORT_KEY	0x5eedULL

/* h[0] a port. */
static int setup_port(struct fx *fx)
{
	return ok(zx_port_create(0, &fx->h[0]));
}

/* h[0] an event, h[1] a port. */
static int setup_event_port(struct fx *fx)
{
	return setup_event(fx) || ok(zx_port_create(0, &fx->h[1])) ? -1 : 0;
}

/* h[@port] a new port, waiting for @signals on h[@i] (key PORT_KEY). */
static int watch_by_port(struct fx *fx, int i, int port,
			 zx_signals_t signals)
{
	if (zx_port_create(0, &fx->h[port]) != ZX_OK)
		return -1;
	return ok(zx_object_wait_async(fx->h[i], fx->h[port], PORT_KEY,
				       signals, 0));
}

/* The port's next packet, if any, has @key; false if there is none. */
static bool packet_with(zx_handle_t port, uint64_t key, zx_time_t deadline)
{
	zx_port_packet_t pkt;

	memset(&pkt, 0, sizeof(pkt));
	return zx_port_wait(port, deadline, &pkt) == ZX_OK && pkt.key == key;
}

static bool port_empty(zx_handle_t port)
{
	zx_port_packet_t pkt;

	return zx_port_wait(port, 0, &pkt) == ZX_ERR_TIMED_OUT;
}

static zx_status_t call_port_create(struct fx *fx)
{
	return zx_port_create(0, &fx->out[0]);
}

static int check_port_create(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		zx_port_packet_t pkt = { .key = 1, .type = ZX_PKT_TYPE_USER };

		CK(zx_port_queue(fx->out[0], &pkt) == ZX_OK);
		CK(packet_with(fx->out[0], 1, 0));
	}
	return 0;
}

static zx_status_t call_port_queue(struct fx *fx)
{
	zx_port_packet_t pkt = { .key = PORT_KEY, .type = ZX_PKT_TYPE_USER };

	memcpy(pkt.user.c8, pat_a, sizeof(pkt.user.c8));
	return zx_port_queue(fx->h[0], &pkt);
}

/* Queued: exactly that packet.  Failed: nothing queued. */
static int check_port_queue(struct fx *fx, zx_status_t st)
{
	zx_port_packet_t pkt;

	if (st == ZX_OK) {
		memset(&pkt, 0, sizeof(pkt));
		CK(zx_port_wait(fx->h[0], 0, &pkt) == ZX_OK);
		CK(pkt.key == PORT_KEY && pkt.type == ZX_PKT_TYPE_USER);
		CK(memcmp(pkt.user.c8, pat_a, sizeof(pkt.user.c8)) == 0);
	}
	CK(port_empty(fx->h[0]));
	/* The port still takes packets. */
	CK(call_port_queue(fx) == ZX_OK);
	CK(packet_with(fx->h[0], PORT_KEY, 0));
	return 0;
}

/* h[0] a port holding one packet. */
static int setup_port_queued(struct fx *fx)
{
	return setup_port(fx) || ok(call_port_queue(fx)) ? -1 : 0;
}

static zx_status_t call_port_wait(struct fx *fx)
{
	zx_port_packet_t pkt;
	zx_status_t st;

	memset(&pkt, 0, sizeof(pkt));
	st = zx_port_wait(fx->h[0], 0, &pkt);
	if (st == ZX_OK && pkt.key != PORT_KEY)
		st = ZX_ERR_INTERNAL;
	return st;
}

static int check_port_wait(struct fx *fx, zx_status_t st)
{
	/* A failed wait consumed nothing. */
	if (st != ZX_OK)
		CK(packet_with(fx->h[0], PORT_KEY, 0));
	CK(port_empty(fx->h[0]));
	return 0;
}

static zx_status_t call_wait_async(struct fx *fx)
{
	return zx_object_wait_async(fx->h[0], fx->h[1], PORT_KEY,
				    ZX_USER_SIGNAL_0, 0);
}

/* Armed: the signal queues one packet.  Failed: nothing ever comes. */
static int check_wait_async(struct fx *fx, zx_status_t st)
{
	CK(port_empty(fx->h[1]));
	CK(zx_object_signal(fx->h[0], 0, ZX_USER_SIGNAL_0) == ZX_OK);
	if (st == ZX_OK)
		CK(packet_with(fx->h[1], PORT_KEY,
			       zx_deadline_after(ZX_SEC(5))));
	CK(port_empty(fx->h[1]));
	/* Armed, the wait was one-shot and is gone: a cancel finds nothing. */
	CK(zx_port_cancel(fx->h[1], fx->h[0], PORT_KEY) == ZX_ERR_NOT_FOUND);
	return 0;
}

/* The event already signaled: a level wait queues its packet at once. */
static int setup_event_port_signaled(struct fx *fx)
{
	return setup_event_port(fx) ||
	       ok(zx_object_signal(fx->h[0], 0, ZX_USER_SIGNAL_0)) ? -1 : 0;
}

static int check_wait_async_at_once(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(packet_with(fx->h[1], PORT_KEY, 0));
	}
	CK(port_empty(fx->h[1]));
	CK(zx_port_cancel(fx->h[1], fx->h[0], PORT_KEY) == ZX_ERR_NOT_FOUND);
	return 0;
}

/* h[0] an event, h[1] a port, a wait armed (key PORT_KEY). */
static int setup_wait_armed(struct fx *fx)
{
	return setup_event_port(fx) || ok(call_wait_async(fx)) ? -1 : 0;
}

static zx_status_t call_port_cancel(struct fx *fx)
{
	return zx_port_cancel(fx->h[1], fx->h[0], PORT_KEY);
}

static zx_status_t call_port_cancel_key(struct fx *fx)
{
	return zx_port_cancel_key(fx->h[1], 0, PORT_KEY);
}

static int check_port_cancel(struct fx *fx, zx_status_t st)
{
	CK(zx_object_signal(fx->h[0], 0, ZX_USER_SIGNAL_0) == ZX_OK);
	if (st == ZX_OK)
		CK(port_empty(fx->h[1]));
	return 0;
}

static zx_status_t call_timer_create(struct fx *fx)
{
	return zx_timer_create(ZX_TIMER_SLACK_LATE, ZX_CLOCK_MONOTONIC,
			       &fx->out[0]);
}

static int check_timer_create(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(zx_timer_set(fx->out[0], 0, 0) == ZX_OK);
		CK(zx_object_wait_one(fx->out[0], ZX_TIMER_SIGNALED,
				      zx_deadline_after(ZX_SEC(5)),
				      NULL) == ZX_OK);
	}
	return 0;
}

/* h[0] a timer, h[1] a port waiting for it to fire (key PORT_KEY). */
static int setup_timer_watched(struct fx *fx)
{
	if (zx_timer_create(0, ZX_CLOCK_MONOTONIC, &fx->h[0]) != ZX_OK)
		return -1;
	return watch_by_port(fx, 0, 1, ZX_TIMER_SIGNALED);
}

/* Fires at once, in the calling thread: the packet must not be lost. */
static zx_status_t call_timer_set_now(struct fx *fx)
{
	return zx_timer_set(fx->h[0], 0, 0);
}

static int check_timer_set_now(struct fx *fx, zx_status_t st)
{
	zx_status_t w;

	w = zx_object_wait_one(fx->h[0], ZX_TIMER_SIGNALED,
			       zx_deadline_after(st == ZX_OK ? ZX_SEC(5) :
						 ZX_MSEC(20)), NULL);
	if (st == ZX_OK) {
		CK(w == ZX_OK);
		CK(packet_with(fx->h[1], PORT_KEY,
			       zx_deadline_after(ZX_SEC(5))));
	} else {
		CK(w == ZX_ERR_TIMED_OUT);
		CK(port_empty(fx->h[1]));
	}
	CK(port_empty(fx->h[1]));
	return 0;
}

static zx_status_t call_timer_set_later(struct fx *fx)
{
	zx_status_t st;

	st = zx_timer_set(fx->h[0], zx_deadline_after(ZX_SEC(3600)), 0);
	if (st == ZX_OK)
		st = zx_timer_cancel(fx->h[0]);
	return st;
}

static int check_timer_set_later(struct fx *fx, zx_status_t st)
{
	zx_info_timer_t info;

	CK(zx_object_get_info(fx->h[0], ZX_INFO_TIMER, &info, sizeof(info),
			      NULL, NULL) == ZX_OK);
	CK(info.deadline == 0);
	CK(port_empty(fx->h[1]));
	return 0;
}

/* ------------------------------------------------------------- FIFOs */

static zx_status_t call_fifo_create(struct fx *fx)
{
	return zx_fifo_create(64, 16, 0, &fx->out[0], &fx->out[1]);
}

static int check_fifo_create(struct fx *fx, zx_status_t st)
{
	size_t actual = 0;

	if (st == ZX_OK) {
		CK(zx_fifo_write(fx->out[0], 16, pat_a, 2, &actual) == ZX_OK);
		CK(actual == 2);
		CK(zx_fifo_read(fx->out[1], 16, rbuf, 64, &actual) == ZX_OK);
		CK(actual == 2 && memcmp(rbuf, pat_a, 32) == 0);
	}
	return 0;
}

/* h[0], h[1] a FIFO pair; h[2] a port waiting for h[1] to be readable. */
static int setup_fifo_watched(struct fx *fx)
{
	if (zx_fifo_create(4, 16, 0, &fx->h[0], &fx->h[1]) != ZX_OK)
		return -1;
	return watch_by_port(fx, 1, 2, ZX_FIFO_READABLE);
}

static zx_status_t call_fifo_write(struct fx *fx)
{
	return zx_fifo_write(fx->h[0], 16, pat_a, 6, NULL);
}

static int check_fifo_write(struct fx *fx, zx_status_t st)
{
	size_t actual = 0;
	zx_status_t r = zx_fifo_read(fx->h[1], 16, rbuf, 8, &actual);

	if (st == ZX_OK) {
		/* Four fit; the port heard of it once. */
		CK(r == ZX_OK && actual == 4);
		CK(memcmp(rbuf, pat_a, 64) == 0);
		CK(packet_with(fx->h[2], PORT_KEY,
			       zx_deadline_after(ZX_SEC(5))));
	} else {
		CK(r == ZX_ERR_SHOULD_WAIT);
	}
	CK(port_empty(fx->h[2]));
	return 0;
}

/* h[0], h[1] a FIFO pair with three elements queued for h[1]. */
static int setup_fifo_queued(struct fx *fx)
{
	if (zx_fifo_create(4, 16, 0, &fx->h[0], &fx->h[1]) != ZX_OK)
		return -1;
	return ok(zx_fifo_write(fx->h[0], 16, pat_b, 3, NULL));
}

static zx_status_t call_fifo_read(struct fx *fx)
{
	return zx_fifo_read(fx->h[1], 16, rbuf, 2, NULL);
}

static int check_fifo_read(struct fx *fx, zx_status_t st)
{
	size_t actual = 0;

	CK(st == ZX_OK);
	CK(memcmp(rbuf, pat_b, 32) == 0);
	CK(zx_fifo_read(fx->h[1], 16, rbuf, 4, &actual) == ZX_OK);
	CK(actual == 1 && memcmp(rbuf, pat_b + 32, 16) == 0);
	return 0;
}

/* The wait_many items: three events, the middle one signaled. */
static zx_wait_item_t wm_items[ZX_WAIT_MANY_MAX_ITEMS];

static int setup_wait_many(struct fx *fx)
{
	if (setup_three_events(fx) ||
	    zx_object_signal(fx->h[1], 0, ZX_USER_SIGNAL_1) != ZX_OK)
		return -1;
	memset(wm_items, 0, sizeof(wm_items));
	for (int i = 0; i < 3; i++) {
		wm_items[i].handle = fx->h[i];
		wm_items[i].waitfor = ZX_USER_SIGNAL_1;
		wm_items[i].pending = 0xdeadbeefu;
	}
	return 0;
}

static zx_status_t call_wait_many(struct fx *fx)
{
	return zx_object_wait_many(wm_items, 3, zx_deadline_after(ZX_SEC(5)));
}

static int check_wait_many(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(wm_items[1].pending & ZX_USER_SIGNAL_1);
		CK(!(wm_items[0].pending & ZX_USER_SIGNAL_1));
	}
	return 0;
}

/* All 64 items, the same event, nothing asserted: a short timeout. */
static int setup_wait_many_max(struct fx *fx)
{
	if (setup_event(fx))
		return -1;
	for (size_t i = 0; i < ZX_WAIT_MANY_MAX_ITEMS; i++) {
		wm_items[i].handle = fx->h[0];
		wm_items[i].waitfor = ZX_USER_SIGNAL_0 << (i % 8);
		wm_items[i].pending = 0xdeadbeefu;
	}
	return 0;
}

static zx_status_t call_wait_many_max(struct fx *fx)
{
	return zx_object_wait_many(wm_items, ZX_WAIT_MANY_MAX_ITEMS,
				   zx_deadline_after(ZX_MSEC(1)));
}

static int check_wait_many_max(struct fx *fx, zx_status_t st)
{
	if (st == ZX_ERR_TIMED_OUT)
		for (size_t i = 0; i < ZX_WAIT_MANY_MAX_ITEMS; i++)
			CK(wm_items[i].pending == 0);
	return 0;
}

static int setup_port_fds(struct fx *fx)
{
	return setup_port(fx) || count_fds(fx) ? -1 : 0;
}

static zx_status_t call_port_fd(struct fx *fx)
{
	return zx_linux_port_fd(fx->h[0], ZX_LINUX_FD_CLOEXEC, &fx->fd);
}

/* Made: a descriptor that polls readable once a packet is queued. */
static int check_port_fd(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		struct pollfd pfd = { .fd = fx->fd, .events = POLLIN };

		CK(fx->fd >= 0);
		CK(zx_test_count_fds() == fx->nfds + 1);
		CK(poll(&pfd, 1, 0) == 0);
		CK(call_port_queue(fx) == ZX_OK);
		CK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN));
	} else {
		CK(fx->fd == -1);
		CK(zx_test_count_fds() == fx->nfds);
	}
	CK(zx_test_valid(fx->h[0]));
	return 0;
}

static zx_status_t call_check_valid(struct fx *fx)
{
	return zx_handle_check_valid(fx->h[0]);
}

/* ---------------------------------------------------------- the launcher */

static zx_status_t call_spawn(struct fx *fx)
{
	static char exe[] = "/proc/self/exe", flag[] = SPAWN_FLAG;
	char *argv[] = { exe, flag, NULL };
	zx_linux_startup_handle_t sh = {
		.id = PA_HND(PA_USER0, 0),
		.handle = fx->h[0],
	};
	int pid = -1;
	zx_status_t st;

	st = zx_linux_spawn(exe, argv, &sh, 1, &pid);
	fx->pid = pid;
	return st;
}

static int check_spawn(struct fx *fx, zx_status_t st)
{
	CK_GONE(0);
	if (st == ZX_OK) {
		/* The program takes the handle, checks it, exits. */
		CK(fx->pid > 0 && zx_test_wait_child(fx->pid) == 0);
		fx->pid = 0;
	}
	CK(hcount(fx->h[1]) == 1);
	CK(zx_test_count_fds() == fx->nfds);
	return 0;
}

/* The spawned program: takes its startup handle and exits. */
static int spawned_main(void)
{
	zx_handle_t h = zx_take_startup_handle(PA_HND(PA_USER0, 0));

	if (h == ZX_HANDLE_INVALID)
		return 1;
	return zx_test_basic(h).type == ZX_OBJ_TYPE_EVENT ? 0 : 2;
}

/* ---------------------------------------------------- VMAR sub-regions */

#define CAN_RW_SPEC	(ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE | \
			 ZX_VM_CAN_MAP_SPECIFIC)

/* Destroys every live region the setup or the call made. */
static void teardown_regions(struct fx *fx)
{
	for (int i = 0; i < 6; i++)
		if (zx_test_basic(fx->h[i]).type == ZX_OBJ_TYPE_VMAR)
			zx_vmar_destroy(fx->h[i]);
	for (int i = 0; i < 4; i++)
		if (zx_test_basic(fx->out[i]).type == ZX_OBJ_TYPE_VMAR)
			zx_vmar_destroy(fx->out[i]);
}

/* h[0]: a 16-page region; h[1]: 4 pages of pat_a. */
static int setup_region(struct fx *fx)
{
	zx_vaddr_t a;

	if (zx_vmar_allocate(zx_vmar_root_self(), CAN_RW_SPEC, 0, 16 * PG,
			     &fx->h[0], &a) != ZX_OK)
		return -1;
	return keep(fx, 1, vmo_with(4, 4, 0));
}

/* setup_region(), and h[1] mapped at page 4 of the region (fx->addr). */
static int setup_region_mapped(struct fx *fx)
{
	if (setup_region(fx) ||
	    zx_vmar_map(fx->h[0], RW | ZX_VM_SPECIFIC, 4 * PG, fx->h[1], 0,
			4 * PG, &fx->addr) != ZX_OK)
		return -1;
	fx->addr = 0;	/* the region's destruction unmaps it */
	return 0;
}

static zx_info_vmar_t region_info(zx_handle_t h)
{
	zx_info_vmar_t info = { 0 };

	zx_object_get_info(h, ZX_INFO_VMAR, &info, sizeof(info), NULL, NULL);
	return info;
}

static zx_status_t call_vmar_allocate(struct fx *fx)
{
	zx_vaddr_t a = 0;

	return zx_vmar_allocate(zx_vmar_root_self(), CAN_RW_SPEC, 0, 8 * PG,
				&fx->out[0], &a);
}

static int check_vmar_allocate(struct fx *fx, zx_status_t st)
{
	zx_info_vmar_t info;

	if (st != ZX_OK)
		return 0;
	info = region_info(fx->out[0]);
	CK(info.len == 8 * PG);
	CK(strncmp(zx_test_perms_at(info.base), "---", 3) == 0);
	return 0;
}

/* A child region inside h[0]. */
static zx_status_t call_vmar_allocate_nested(struct fx *fx)
{
	zx_vaddr_t a = 0;

	return zx_vmar_allocate(fx->h[0], ZX_VM_CAN_MAP_READ | ZX_VM_SPECIFIC,
				8 * PG, 4 * PG, &fx->out[0], &a);
}

static int check_vmar_allocate_nested(struct fx *fx, zx_status_t st)
{
	zx_vaddr_t a;

	/*
	 * A failed allocation left the range free in the parent, unless
	 * Linux could put neither the child's placeholders nor the parent's
	 * back (every allocation failing): then that range stays taken.
	 */
	if (st != ZX_OK) {
		st = call_vmar_allocate_nested(fx);
		CK(st == ZX_OK || st == ZX_ERR_ALREADY_EXISTS);
		if (st != ZX_OK)
			return 0;
	}
	CK(region_info(fx->out[0]).base == region_info(fx->h[0]).base +
	   8 * PG);
	CK(zx_vmar_allocate(fx->h[0], ZX_VM_SPECIFIC, 8 * PG, PG, &fx->out[1],
			    &a) == ZX_ERR_ALREADY_EXISTS);
	return 0;
}

static zx_status_t call_vmar_map_region(struct fx *fx)
{
	return zx_vmar_map(fx->h[0], RW | ZX_VM_SPECIFIC, 4 * PG, fx->h[1], 0,
			   4 * PG, &fx->addr);
}

static int check_vmar_map_region(struct fx *fx, zx_status_t st)
{
	zx_vaddr_t base = region_info(fx->h[0]).base;

	if (st != ZX_OK) {
		CK(zx_test_vmo_info(fx->h[1]).num_mappings == 0);
		/*
		 * With every allocation failing, Linux may also fail to put
		 * the reservation back: that range stays taken (a hole).
		 */
		st = call_vmar_map_region(fx);
		CK(st == ZX_OK || st == ZX_ERR_ALREADY_EXISTS);
		if (st != ZX_OK)
			return 0;
	}
	CK(fx->addr == base + 4 * PG);
	fx->addr = 0;
	CK(memcmp((void *)(base + 4 * PG), pat_a, 4 * PG) == 0);
	return 0;
}

static zx_status_t call_vmar_unmap_region(struct fx *fx)
{
	return zx_vmar_unmap(fx->h[0], region_info(fx->h[0]).base + 4 * PG,
			     4 * PG);
}

static int check_vmar_unmap_region(struct fx *fx, zx_status_t st)
{
	zx_vaddr_t base = region_info(fx->h[0]).base;

	if (st != ZX_OK) {
		CK(memcmp((void *)(base + 4 * PG), pat_a, 4 * PG) == 0);
		CK(call_vmar_unmap_region(fx) == ZX_OK);
	}
	CK(zx_test_vmo_info(fx->h[1]).num_mappings == 0);
	/*
	 * The region's placeholder is back; or, when Linux could not make
	 * it (a placeholder is a VMA of its own, never merged), a hole that
	 * the region counts as taken.
	 */
	if (zx_test_perms_at(base + 4 * PG)[0] == '\0') {
		zx_vaddr_t m = 0;

		CK(zx_vmar_map(fx->h[0], RW | ZX_VM_SPECIFIC, 4 * PG,
			       fx->h[1], 0, PG, &m) == ZX_ERR_ALREADY_EXISTS);
		return 0;
	}
	CK(strncmp(zx_test_perms_at(base + 4 * PG), "---", 3) == 0);
	return 0;
}

static zx_status_t call_vmar_destroy(struct fx *fx)
{
	return zx_vmar_destroy(fx->h[0]);
}

static int check_vmar_destroy(struct fx *fx, zx_status_t st)
{
	zx_vaddr_t base = region_info(fx->h[0]).base;

	if (st != ZX_OK) {
		/* Nothing changed. */
		CK(memcmp((void *)(base + 4 * PG), pat_a, 4 * PG) == 0);
		CK(call_vmar_destroy(fx) == ZX_OK);
	}
	CK(zx_test_vmo_info(fx->h[1]).num_mappings == 0);
	CK(zx_test_perms_at(base)[0] == '\0');
	CK(zx_vmar_destroy(fx->h[0]) == ZX_ERR_BAD_STATE);
	return 0;
}

static zx_status_t call_vmar_op_decommit(struct fx *fx)
{
	return zx_vmar_op_range(fx->h[0], ZX_VMAR_OP_DECOMMIT,
				region_info(fx->h[0]).base + 4 * PG, PG,
				NULL, 0);
}

static int check_vmar_op_decommit(struct fx *fx, zx_status_t st)
{
	const uint8_t *p = (const uint8_t *)region_info(fx->h[0]).base +
			   4 * PG;

	if (st != ZX_OK) {
		CK(memcmp(p, pat_a, 4 * PG) == 0);
		CK(call_vmar_op_decommit(fx) == ZX_OK);
	}
	for (size_t i = 0; i < PG; i++)
		CK(p[i] == 0);
	CK(memcmp(p + PG, pat_a + PG, 3 * PG) == 0);
	return 0;
}

/* ------------------------------------------------------------- the walk */

static void fx_init(struct fx *fx)
{
	memset(fx, 0, sizeof(*fx));
	fx->fd = -1;
}

/* A fresh fx, set up as @op's row says: 0, or -1 if that failed. */
static int fx_setup(const struct fault_op *op, struct fx *fx)
{
	fx_init(fx);
	fx->param = op->param;
	if (op->setup && op->setup(fx))
		return -1;
	return op->new_leaf ? to_leaf_boundary(fx->h[op->leaf]) : 0;
}

/* @op's checks after a call that answered @st: 0, or -1 and fx->why. */
static int fx_check(const struct fault_op *op, struct fx *fx, zx_status_t st)
{
	if (op->makes && check_made(fx, st, op->makes, op->type))
		return -1;
	return op->check ? op->check(fx, st) : 0;
}

static void fx_teardown(const struct fault_op *op, struct fx *fx)
{
	if (op->teardown)
		op->teardown(fx);
	if (fx->addr)
		munmap((void *)fx->addr, fx->len);
	for (int i = 0; i < 6; i++)
		zx_handle_close(fx->h[i]);
	for (int i = 0; i < 4; i++)
		zx_handle_close(fx->out[i]);
	if (fx->fd >= 0)
		close(fx->fd);
	if (fx->pid > 0)
		zx_test_wait_child(fx->pid);
	fx_init(fx);
}

static bool may_fail(const struct fault_op *op, zx_status_t st)
{
	for (const zx_status_t *p = op->may_fail ? op->may_fail : st_nomem;
	     *p; p++)
		if (*p == st)
			return true;
	return false;
}

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* The table still works: an event can be made and closed. */
static bool table_works(void)
{
	zx_handle_t e = event();

	return e != ZX_HANDLE_INVALID && zx_handle_close(e) == ZX_OK;
}

/*
 * "NAME xN, NAME xN" for the statuses counted in @count (by -status),
 * ZX_ERR_IO named @io_name.
 */
static void status_list(char *buf, size_t size, const unsigned long *count,
			const char *io_name)
{
	buf[0] = '\0';
	for (int i = 1; i < 128; i++) {
		size_t len = strlen(buf);

		if (!count[i])
			continue;
		snprintf(buf + len, size - len, "%s%s x%lu", len ? ", " : "",
			 i == -ZX_ERR_IO ? io_name : zx_status_get_string(-i),
			 count[i]);
	}
}

/*
 * The end of a step whose call answered @st (@what: "allocation 3
 * failed", ...): @op's checks, the teardown, every object made since gone
 * (live_objects back at @base), and the handle table still working.
 */
static void end_step(struct __test_metadata *_metadata,
		     const struct fault_op *op, struct fx *fx, zx_status_t st,
		     long base, const char *what)
{
	ASSERT_EQ(0, fx_check(op, fx, st)) {
		TH_LOG("%s: %s, status %s: %s", op->name, what,
		       zx_status_get_string(st), fx->why);
	}
	fx_teardown(op, fx);
	ASSERT_EQ(base, zx_test_live_objects_settle(base, 3000)) {
		TH_LOG("%s: %s (%s): objects left behind", op->name, what,
		       zx_status_get_string(st));
	}
	ASSERT_TRUE(table_works()) {
		TH_LOG("%s: %s: the table stopped working", op->name, what);
	}
}

static void walk(struct __test_metadata *_metadata, const struct fault_op *op)
{
	unsigned int n, points = 0, failed = 0, absorbed = 0, sigbus = 0;
	unsigned long tally[128] = { 0 };
	char statuses[256], all[96] = "", what[64];
	zx_status_t st;
	long base, left, all_points = 0;
	struct fx fx;
	int fnth, mif;

	fnth = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fnth);
	mif = open(MAKE_IT_FAIL, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, mif);
	ASSERT_EQ(0, fail_all(mif, false));
	ASSERT_EQ(0, disarm(fnth));
	touch_buffers();
	touch_stack();
	ASSERT_NE(ZX_HANDLE_INVALID, zx_vmar_root_self());
	report = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, report);

	/* Once without injection: it works, and every page is faulted in. */
	ASSERT_EQ(0, fx_setup(op, &fx)) {
		TH_LOG("%s: setup failed", op->name);
	}
	st = op->call(&fx);
	ASSERT_EQ(op->expect, st) {
		TH_LOG("%s: %s without injection", op->name,
		       zx_status_get_string(st));
	}
	ASSERT_EQ(0, fx_check(op, &fx, st)) {
		TH_LOG("%s: without injection: %s", op->name, fx.why);
	}
	fx_teardown(op, &fx);
	base = zx_test_live_objects_quiet();
	ASSERT_LE(0, base);

	for (n = 1; n <= MAX_STEPS; n++) {
		ASSERT_EQ(0, fx_setup(op, &fx)) {
			TH_LOG("%s: step %u: setup failed", op->name, n);
		}
		if (op->in_child) {
			fx.n = n;
			st = op->call(&fx);
			left = fx.left;
		} else {
			ASSERT_EQ(0, arm(fnth, n));
			st = op->call(&fx);
			left = disarm(fnth);
		}
		ASSERT_LE(0, left) {
			TH_LOG("%s: step %u: cannot read fail-nth (%s)",
			       op->name, n, zx_status_get_string(st));
		}
		if (left > 0) {
			/* Allocation n was never reached: nothing failed. */
			ASSERT_EQ(op->expect, st) {
				TH_LOG("%s: nothing failed, yet %s", op->name,
				       zx_status_get_string(st));
			}
		} else if (st == op->expect) {
			absorbed++;
		} else {
			ASSERT_TRUE(may_fail(op, st)) {
				TH_LOG("%s: allocation %u failed: the call "
				       "answered %s, which it may not",
				       op->name, n, zx_status_get_string(st));
			}
			failed++;
			if (fx.sigbus)
				sigbus++;
			tally[(-st) & 127]++;
		}
		snprintf(what, sizeof(what), "allocation %u failed", n);
		end_step(_metadata, op, &fx, st, base, what);
		if (left > 0)
			break;
		points++;
	}
	ASSERT_GE((unsigned int)MAX_STEPS, n) {
		TH_LOG("%s: still failing after %u steps", op->name, n);
	}
	if (op->allocates > 0) {
		ASSERT_LT(0u, points) {
			TH_LOG("%s: no allocation reached: the walk proves "
			       "nothing (are the knobs set?)", op->name);
		}
	} else if (op->allocates < 0) {
		ASSERT_EQ(0u, points) {
			TH_LOG("%s: allocates, so it could fail for lack of "
			       "memory", op->name);
		}
	}

	/*
	 * Then every allocation at once, which also fails the fallbacks the
	 * walk only sees succeed (kvmalloc's vmalloc after its kmalloc, the
	 * clean-up after a failure).  Not for faults: a fault that cannot
	 * allocate is retried for ever.
	 */
	if (!op->in_child && !op->forks) {
		long before, after;

		ASSERT_EQ(0, fx_setup(op, &fx)) {
			TH_LOG("%s: all at once: setup failed", op->name);
		}
		before = failures_left();
		ASSERT_LE(0, before);
		ASSERT_EQ(0, fail_all(mif, true));
		st = op->call(&fx);
		ASSERT_EQ(0, fail_all(mif, false));
		after = failures_left();
		ASSERT_LE(0, after);
		all_points = before - after;
		if (st != op->expect) {
			ASSERT_TRUE(may_fail(op, st)) {
				TH_LOG("%s: every allocation failed: the call "
				       "answered %s, which it may not",
				       op->name, zx_status_get_string(st));
			}
		}
		end_step(_metadata, op, &fx, st, base,
			 "every allocation failed");
		if (op->allocates > 0) {
			ASSERT_LT(0, all_points);
		} else if (op->allocates < 0) {
			ASSERT_EQ(0, all_points);
		}
		snprintf(all, sizeof(all), "; all at once: %ld failed, %s",
			 all_points, zx_status_get_string(st));
	}

	status_list(statuses, sizeof(statuses), tally,
		    sigbus ? "SIGBUS" : zx_status_get_string(ZX_ERR_IO));
	say("# %-26s %3u allocations failed one by one: %u calls failed "
	    "(%s), %u absorbed%s\n", op->name, points, failed,
	    failed ? statuses : "-", absorbed, all);

	__atomic_add_fetch(&totals->ops, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&totals->points, points, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&totals->failed, failed, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&totals->absorbed, absorbed, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&totals->sigbus, sigbus, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&totals->all_points, (unsigned long)all_points,
			   __ATOMIC_SEQ_CST);
	for (int i = 0; i < 128; i++)
		if (tally[i])
			__atomic_add_fetch(&totals->by_status[i], tally[i],
					   __ATOMIC_SEQ_CST);
	munmap(report, PG);
	close(mif);
	close(fnth);
}

/* ------------------------------------------------------ sockets (1.4) */

static size_t sock_actual;

/* A socket made with param as its options. */
static zx_status_t call_socket_create(struct fx *fx)
{
	return zx_socket_create(fx->param, &fx->out[0], &fx->out[1]);
}

static int check_socket_create(struct fx *fx, zx_status_t st)
{
	size_t n = 0;

	if (st == ZX_OK) {
		CK(zx_socket_write(fx->out[0], 0, pat_a, 8, NULL) == ZX_OK);
		CK(zx_socket_read(fx->out[1], 0, rbuf, 64, &n) == ZX_OK);
		CK(n == 8 && memcmp(rbuf, pat_a, 8) == 0);
	}
	return 0;
}

/* h[0], h[1]: a socket made with param as its options. */
static int setup_socket(struct fx *fx)
{
	sock_actual = 0;
	return ok(zx_socket_create(fx->param, &fx->h[0], &fx->h[1]));
}

/* Three and a half pages: several page allocations. */
#define SOCK_LEN	(3 * PG + 100)

static zx_status_t call_socket_write(struct fx *fx)
{
	return zx_socket_write(fx->h[0], 0, pat_a, SOCK_LEN, &sock_actual);
}

/* What reached h[1] is a prefix of what was written, and readable. */
static int check_socket_queued(struct fx *fx, size_t want)
{
	zx_info_socket_t info;
	size_t n = 0;

	CK(zx_object_get_info(fx->h[1], ZX_INFO_SOCKET, &info, sizeof(info),
			      NULL, NULL) == ZX_OK);
	CK(info.rx_buf_size == want);
	CK(!!(zx_test_signals(fx->h[1]) & ZX_SOCKET_READABLE) == !!want);
	if (want) {
		CK(zx_socket_read(fx->h[1], 0, rbuf, sizeof(rbuf), &n) ==
		   ZX_OK);
		CK(n == want && memcmp(rbuf, pat_a, want) == 0);
	}
	return 0;
}

static int check_socket_write(struct fx *fx, zx_status_t st)
{
	/* A stream write that ran short of pages is a short write. */
	if (st == ZX_OK)
		CK(sock_actual > 0 && sock_actual <= SOCK_LEN);
	return check_socket_queued(fx, st == ZX_OK ? sock_actual : 0);
}

static int check_socket_write_dgram(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK)
		CK(sock_actual == SOCK_LEN);
	return check_socket_queued(fx, st == ZX_OK ? SOCK_LEN : 0);
}

/* setup_socket() (datagrams) with two datagrams queued on h[1]. */
static int setup_socket_read(struct fx *fx)
{
	if (setup_socket(fx) ||
	    zx_socket_write(fx->h[0], 0, pat_a, SOCK_LEN, NULL) != ZX_OK ||
	    zx_socket_write(fx->h[0], 0, pat_b, 10, NULL) != ZX_OK)
		return -1;
	return 0;
}

static zx_status_t call_socket_read(struct fx *fx)
{
	return zx_socket_read(fx->h[1], 0, rbuf, sizeof(rbuf), &sock_actual);
}

static int check_socket_read(struct fx *fx, zx_status_t st)
{
	size_t n = 0;

	CK(st == ZX_OK);
	CK(sock_actual == SOCK_LEN && memcmp(rbuf, pat_a, SOCK_LEN) == 0);
	CK(zx_socket_read(fx->h[1], 0, rbuf, sizeof(rbuf), &n) == ZX_OK);
	CK(n == 10 && memcmp(rbuf, pat_b, 10) == 0);
	return 0;
}

static zx_status_t call_socket_disposition(struct fx *fx)
{
	return zx_socket_set_disposition(fx->h[0],
					 ZX_SOCKET_DISPOSITION_WRITE_DISABLED,
					 0);
}

static int check_socket_disposition(struct fx *fx, zx_status_t st)
{
	CK(st == ZX_OK);
	CK(zx_socket_write(fx->h[0], 0, pat_a, 1, NULL) == ZX_ERR_BAD_STATE);
	CK(zx_test_signals(fx->h[1]) & ZX_SOCKET_PEER_WRITE_DISABLED);
	return 0;
}

static zx_status_t call_socket_props(struct fx *fx)
{
	zx_info_socket_t info;
	size_t v = 100;
	zx_status_t st;

	st = set_then_get(fx->h[0], ZX_PROP_SOCKET_TX_THRESHOLD, &v, sizeof(v),
			  sizeof(v));
	if (st == ZX_OK)
		st = zx_object_get_info(fx->h[0], ZX_INFO_SOCKET, &info,
					sizeof(info), NULL, NULL);
	return st;
}

static int check_socket_props(struct fx *fx, zx_status_t st)
{
	CK(st == ZX_OK);
	CK(zx_test_signals(fx->h[0]) & ZX_SOCKET_WRITE_THRESHOLD);
	return 0;
}

/* ------------------------------------------------------------- the table */

/* ------------------------------------------------------ streams (1.4) */

static uint64_t stream_content(zx_handle_t v)
{
	uint64_t cs = UINT64_MAX;

	zx_object_get_property(v, ZX_PROP_VMO_CONTENT_SIZE, &cs, sizeof(cs));
	return cs;
}

/*
 * h[1] a stream in @mode over h[0] (the VMO of @pages pages, @written of
 * them pat_a, made with @options) from @seek; the VMO's content size
 * @content, or as made if @content is UINT64_MAX.
 */
static int setup_stream(struct fx *fx, size_t pages, size_t written,
			uint32_t options, uint64_t content, uint32_t mode,
			zx_off_t seek)
{
	if (setup_vmo(fx, pages, written, options))
		return -1;
	if (content != UINT64_MAX &&
	    zx_object_set_property(fx->h[0], ZX_PROP_VMO_CONTENT_SIZE, &content,
				   sizeof(content)) != ZX_OK)
		return -1;
	return ok(zx_stream_create(mode, fx->h[0], seek, &fx->h[1]));
}

static zx_status_t call_stream_create(struct fx *fx)
{
	return zx_stream_create(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE,
				fx->h[0], 0, &fx->out[0]);
}

static int check_stream_create(struct fx *fx, zx_status_t st)
{
	zx_iovec_t vec = { rbuf, PG };
	size_t actual = 0;

	if (st == ZX_OK) {
		CK(zx_stream_readv(fx->out[0], 0, &vec, 1, &actual) == ZX_OK);
		CK(actual == PG && memcmp(rbuf, pat_a, PG) == 0);
	}
	return 0;
}

/* h[0] a resizable one-page VMO with content size 0, h[1] a stream. */
static int setup_stream_grow(struct fx *fx)
{
	return setup_stream(fx, 1, 0, ZX_VMO_RESIZABLE, 0,
			    ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, 100);
}

/* Past the content and the VMO: zeroes 100 bytes, grows, writes. */
static zx_status_t call_stream_writev_grow(struct fx *fx)
{
	zx_iovec_t vec[2] = { { pat_a, PG }, { pat_b, PG } };
	size_t actual = 0;
	zx_status_t st;

	/* A failure after the first vector: ZX_OK with that vector only. */
	st = zx_stream_writev(fx->h[1], 0, vec, 2, &actual);
	fx->actual_bytes = (uint32_t)actual;
	if (st == ZX_OK && actual != PG && actual != 2 * PG)
		st = ZX_ERR_INTERNAL;
	return st;
}

static const zx_status_t st_stream_write[] = { ZX_ERR_NO_MEMORY,
					       ZX_ERR_NO_SPACE, 0 };

static int check_stream_writev_grow(struct fx *fx, zx_status_t st)
{
	zx_off_t seek = 0;

	CK(zx_stream_seek(fx->h[1], ZX_STREAM_SEEK_ORIGIN_CURRENT, 0,
			  &seek) == ZX_OK);
	if (st == ZX_OK) {
		CK(stream_content(fx->h[0]) == 100 + fx->actual_bytes);
		CK(seek == 100 + fx->actual_bytes);
		CK(vmo_all(fx->h[0], 0, 0, 100));
		CK(vmo_eq(fx->h[0], 100, pat_a, PG));
		if (fx->actual_bytes == 2 * PG)
			CK(vmo_eq(fx->h[0], 100 + PG, pat_b, PG));
	} else {
		CK(stream_content(fx->h[0]) == 0);
		CK(seek == 100);
	}
	return 0;
}

/* h[0] two pages of pat_a (content 8192), h[1] a stream over it. */
static int setup_stream_read(struct fx *fx)
{
	return setup_stream(fx, 2, 2, 0, UINT64_MAX, ZX_STREAM_MODE_READ |
			    ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND, 0);
}

static zx_status_t call_stream_readv(struct fx *fx)
{
	zx_iovec_t vec[2] = { { rbuf, 3 }, { rbuf + 3, 2 * PG } };
	size_t actual = 0;
	zx_status_t st;

	memset(rbuf, 0, sizeof(rbuf));
	st = zx_stream_readv(fx->h[1], 0, vec, 2, &actual);
	if (st == ZX_OK && actual != 2 * PG)
		st = ZX_ERR_INTERNAL;
	return st;
}

static int check_stream_readv(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK)
		CK(memcmp(rbuf, pat_a, 2 * PG) == 0);
	return 0;
}

/* h[0] two pages, the first holding pat_a; h[1] an append mode stream. */
static int setup_stream_append(struct fx *fx)
{
	return setup_stream(fx, 2, 1, 0, PG + 10,
			    ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND, 0);
}

/* An append mode stream on a VMO that cannot grow: cut short. */
static zx_status_t call_stream_append(struct fx *fx)
{
	zx_iovec_t vec = { pat_b, PG };
	size_t actual = 0;
	zx_status_t st;

	st = zx_stream_writev(fx->h[1], 0, &vec, 1, &actual);
	if (st == ZX_OK && actual != PG - 10)
		st = ZX_ERR_INTERNAL;
	return st;
}

static int check_stream_append(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK) {
		CK(stream_content(fx->h[0]) == 2 * PG);
		CK(vmo_eq(fx->h[0], PG + 10, pat_b, PG - 10));
		CK(vmo_eq(fx->h[0], 0, pat_a, PG));
	} else {
		CK(stream_content(fx->h[0]) == PG + 10);
	}
	return 0;
}

/* ------------------------------------- processes, threads, jobs (1.4) */

/* A raw request's answer as a status (the module returns its magnitude). */
static zx_status_t raw_status(int r)
{
	return r < 0 ? ZX_ERR_INTERNAL : -r;
}

static zx_status_t call_process_self(struct fx *fx)
{
	struct zx_ioc_create a = { .out0 = (uintptr_t)&fx->out[0] };

	return raw_status(ioctl(zx_linux_device_fd(), ZX_IOC_PROCESS_SELF,
				&a));
}

static int check_process_self(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK)
		CK(zx_test_koid(fx->out[0]) ==
		   zx_test_koid(zx_process_self()));
	return 0;
}

static zx_status_t call_thread_self(struct fx *fx)
{
	struct zx_ioc_create a = { .out0 = (uintptr_t)&fx->out[0] };

	return raw_status(ioctl(zx_linux_device_fd(), ZX_IOC_THREAD_SELF,
				&a));
}

static int check_thread_self(struct fx *fx, zx_status_t st)
{
	zx_info_thread_t info;

	if (st == ZX_OK) {
		CK(zx_object_get_info(fx->out[0], ZX_INFO_THREAD, &info,
				      sizeof(info), NULL, NULL) == ZX_OK);
		CK(info.state == ZX_THREAD_STATE_RUNNING);
	}
	return 0;
}

/* A child that sleeps until killed (fx->pid; teardown kills it). */
static int setup_sleeping_child(struct fx *fx)
{
	if (zx_job_create(zx_job_default(), 0, &fx->h[0]) != ZX_OK)
		return -1;
	fflush(stdout);
	fx->pid = fork();
	if (fx->pid == 0) {
		pause();
		_exit(0);
	}
	return fx->pid > 0 ? 0 : -1;
}

static void teardown_kill_child(struct fx *fx)
{
	if (fx->pid > 0)
		kill(fx->pid, SIGKILL);
}

static zx_status_t call_process_child(struct fx *fx)
{
	return zx_linux_process_child(fx->pid, fx->h[0], &fx->out[0]);
}

static int check_process_child(struct fx *fx, zx_status_t st)
{
	zx_signals_t seen = 0;

	if (st != ZX_OK)
		return 0;
	CK(zx_test_basic(fx->out[0]).related_koid == zx_test_koid(fx->h[0]));
	CK(zx_task_kill(fx->h[0]) == ZX_OK);
	CK(zx_object_wait_one(fx->out[0], ZX_PROCESS_TERMINATED,
			      zx_deadline_after(ZX_SEC(60)), &seen) == ZX_OK);
	return 0;
}

static int setup_job(struct fx *fx)
{
	return ok(zx_job_create(zx_job_default(), 0, &fx->h[0]));
}

static zx_status_t call_job_create(struct fx *fx)
{
	return zx_job_create(fx->h[0], 0, &fx->out[0]);
}

static int check_job_create(struct fx *fx, zx_status_t st)
{
	zx_koid_t koid = 0;
	size_t n = 0;

	CK(zx_object_get_info(fx->h[0], ZX_INFO_JOB_CHILDREN, &koid,
			      sizeof(koid), &n, NULL) == ZX_OK);
	CK(n == (st == ZX_OK ? 1u : 0u));
	if (st == ZX_OK)
		CK(koid == zx_test_koid(fx->out[0]));
	return 0;
}

/* h[0] the process, h[1] the thread, h[2] and h[3] VMOs, h[4] an event. */
static int setup_task_stats(struct fx *fx)
{
	if (zx_handle_duplicate(zx_process_self(), ZX_RIGHT_SAME_RIGHTS,
				&fx->h[0]) != ZX_OK ||
	    zx_handle_duplicate(zx_thread_self(), ZX_RIGHT_SAME_RIGHTS,
				&fx->h[1]) != ZX_OK)
		return -1;
	return keep(fx, 2, vmo_with(1, 1, 0)) ||
	       keep(fx, 3, vmo_with(2, 0, 0)) || keep(fx, 4, event()) ? -1 : 0;
}

static zx_status_t call_task_stats(struct fx *fx)
{
	zx_info_process_handle_stats_t hs;
	zx_info_thread_stats_t ths;
	zx_info_task_stats_t ts;
	zx_info_vmo_t vmos[8];
	size_t actual, avail;
	const struct info_call calls[] = {
		{ fx->h[0], ZX_INFO_TASK_STATS, INTO(ts), NULL, NULL },
		{ fx->h[0], ZX_INFO_PROCESS_HANDLE_STATS, INTO(hs), NULL,
		  NULL },
		{ fx->h[0], ZX_INFO_PROCESS_VMOS, INTO(vmos), &actual, &avail },
		{ fx->h[1], ZX_INFO_THREAD_STATS, INTO(ths), NULL, NULL },
	};
	zx_status_t st = get_infos(calls, ARRAY_SIZE(calls));

	if (st == ZX_OK && (hs.handle_count[ZX_OBJ_TYPE_VMO] < 2 ||
			    hs.handle_count[ZX_OBJ_TYPE_EVENT] < 1 ||
			    avail < 2 || actual > avail))
		st = ZX_ERR_INTERNAL;
	return st;
}

/*
 * h[0] the process, h[1] a 16-page region, h[2] a VMO of 2 pages mapped
 * into it (one page committed).
 */
static int setup_maps(struct fx *fx)
{
	zx_vaddr_t a, m;

	if (zx_handle_duplicate(zx_process_self(), ZX_RIGHT_SAME_RIGHTS,
				&fx->h[0]) != ZX_OK ||
	    zx_vmar_allocate(zx_vmar_root_self(), ZX_VM_CAN_MAP_READ |
			     ZX_VM_CAN_MAP_WRITE, 0, 16 * PG, &fx->h[1],
			     &a) != ZX_OK)
		return -1;
	if (keep(fx, 2, vmo_with(2, 1, 0)))
		return -1;
	return ok(zx_vmar_map(fx->h[1], ZX_VM_PERM_READ, 0, fx->h[2], 0,
			      2 * PG, &m));
}

/*
 * ZX_INFO_PROCESS_MAPS (every version), ZX_INFO_VMAR_MAPS of the region
 * (itself and the mapping), ZX_INFO_PROCESS_VMOS (the VMO by handle and
 * by mapping).
 */
static zx_status_t call_maps(struct fx *fx)
{
	zx_koid_t koid = zx_test_koid(fx->h[2]);
	zx_info_maps_t maps[16];
	zx_info_vmo_t vmos[32];
	size_t actual = 0, avail = 0, i, seen = 0;
	const struct info_call calls[] = {
		{ fx->h[0], ZX_INFO_PROCESS_MAPS, INTO(maps), &actual, &avail },
		{ fx->h[0], ZX_INFO_PROCESS_MAPS_V1, INTO(maps), &actual,
		  &avail },
		{ fx->h[0], ZX_INFO_PROCESS_MAPS_V2, INTO(maps), &actual,
		  &avail },
		{ fx->h[1], ZX_INFO_VMAR_MAPS, INTO(maps), &actual, &avail },
	};
	zx_status_t st = get_infos(calls, ARRAY_SIZE(calls));

	if (st == ZX_OK && (actual != 2 || avail != 2 ||
			    maps[1].type != ZX_INFO_MAPS_TYPE_MAPPING ||
			    maps[1].u.mapping.vmo_koid != koid ||
			    maps[1].u.mapping.committed_bytes != PG))
		st = ZX_ERR_INTERNAL;
	if (st == ZX_OK)
		st = zx_object_get_info(fx->h[0], ZX_INFO_PROCESS_VMOS, vmos,
					sizeof(vmos), &actual, &avail);
	for (i = 0; st == ZX_OK && i < actual; i++)
		if (vmos[i].koid == koid)
			seen |= vmos[i].flags & (ZX_INFO_VMO_VIA_HANDLE |
						 ZX_INFO_VMO_VIA_MAPPING);
	if (st == ZX_OK && seen != (ZX_INFO_VMO_VIA_HANDLE |
				    ZX_INFO_VMO_VIA_MAPPING))
		st = ZX_ERR_INTERNAL;
	return st;
}

/* h[0] a job, h[1] its child job. */
static int setup_job_child(struct fx *fx)
{
	return setup_job(fx) || ok(zx_job_create(fx->h[0], 0, &fx->h[1])) ?
	       -1 : 0;
}

static zx_status_t call_get_child(struct fx *fx)
{
	return zx_object_get_child(fx->h[0], zx_test_koid(fx->h[1]),
				   ZX_RIGHT_SAME_RIGHTS, &fx->out[0]);
}

static int check_get_child(struct fx *fx, zx_status_t st)
{
	if (st == ZX_OK)
		CK(zx_test_koid(fx->out[0]) == zx_test_koid(fx->h[1]));
	return 0;
}

static zx_status_t call_job_kill(struct fx *fx)
{
	return zx_task_kill(fx->h[0]);
}

static int check_job_kill(struct fx *fx, zx_status_t st)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	CK(zx_test_signals(fx->h[1]) & ZX_TASK_TERMINATED);
	CK(zx_job_create(fx->h[1], 0, &h) == ZX_ERR_BAD_STATE);
	return 0;
}

/* The module's half: a pid and its confirmation; nothing allocated. */
static zx_status_t call_process_memory_ioctl(struct fx *fx)
{
	struct zx_ioc_process_memory a = { .handle = zx_process_self() };
	int fd = zx_linux_device_fd();
	zx_status_t st;

	(void)fx;
	st = raw_status(ioctl(fd, ZX_IOC_PROCESS_MEMORY, &a));
	if (st == ZX_OK && a.pid != getpid())
		st = ZX_ERR_INTERNAL;
	a.options = ZX_PROCESS_MEMORY_WRITE | ZX_PROCESS_MEMORY_CONFIRM;
	if (st == ZX_OK)
		st = raw_status(ioctl(fd, ZX_IOC_PROCESS_MEMORY, &a));
	return st;
}

/*
 * The whole call: /proc/PID/mem opened, read and written.  An allocation
 * that fails is ENOMEM (NO_MEMORY), or ENOENT where procfs makes an inode
 * (ACCESS_DENIED, as for a process hidepid= hides).
 */
static const zx_status_t st_procmem[] = { ZX_ERR_NO_MEMORY,
					  ZX_ERR_ACCESS_DENIED, 0 };

static zx_status_t call_process_memory(struct fx *fx)
{
	size_t len = 3 * PG, actual = 0;
	zx_status_t st;

	(void)fx;
	st = zx_process_read_memory(zx_process_self(), (zx_vaddr_t)pat_a,
				    rbuf, len, &actual);
	if (st == ZX_OK && (actual != len || memcmp(rbuf, pat_a, len)))
		return ZX_ERR_INTERNAL;
	if (st == ZX_OK)
		st = zx_process_write_memory(zx_process_self(),
					     (zx_vaddr_t)rbuf, pat_b, len,
					     &actual);
	if (st == ZX_OK && (actual != len || memcmp(rbuf, pat_b, len)))
		return ZX_ERR_INTERNAL;
	return st;
}

#define OP(nm, ...)							\
	static const struct fault_op op_##nm = {			\
		.name = #nm, __VA_ARGS__				\
	};								\
	TEST(nm)							\
	{								\
		walk(_metadata, &op_##nm);				\
	}

/*
 * The table: one test a row.  NO_ALLOC: the call allocates nothing, so it
 * cannot fail; MAKES(n, TYPE): it makes n handles of that type, checked by
 * check_made() before the row's check; NEW_LEAF(i): after the setup, h[i]
 * is cycled until the next handle starts a new xarray leaf; FAULT: a page
 * fault, made in a child; .param: read by the row's functions in fx->param.
 */

/* Creating objects (and a handle table). */
OP(device_open, .call = call_device_open, .check = check_device_open,
   .allocates = 1)
OP(event_create, .call = call_event_create, MAKES(1, EVENT),
   .check = check_event_create, .allocates = 1)
OP(eventpair_create, .call = call_eventpair_create, MAKES(2, EVENTPAIR),
   .check = check_eventpair_create, .allocates = 1)
OP(channel_create, .call = call_channel_create, MAKES(2, CHANNEL),
   .check = check_channel_create, .allocates = 1)
OP(vmo_create, .call = call_vmo_create, MAKES(1, VMO),
   .check = check_vmo_create, .allocates = 1)
OP(vmar_root_self, .call = call_vmar_root, MAKES(1, VMAR), .allocates = 1)

/* Handles. */
OP(handle_duplicate, .setup = setup_event, .call = call_duplicate,
   .check = check_duplicate, .allocates = 1)
OP(handle_duplicate_new_leaf, .setup = setup_event, NEW_LEAF(0),
   .call = call_duplicate, .check = check_duplicate, .allocates = 1)
OP(handle_replace, .setup = setup_event_watched, .call = call_replace,
   .check = check_consumed, .allocates = 1)
OP(handle_replace_new_leaf, .setup = setup_event_watched, NEW_LEAF(1),
   .call = call_replace, .check = check_consumed, .allocates = 1)
OP(handle_close, .setup = setup_event, .call = call_close,
   .check = check_close, NO_ALLOC)
OP(handle_close_many, .setup = setup_three_events, .call = call_close_many,
   .check = check_close_many, NO_ALLOC)

/* Signals, waits, info, properties: nothing to allocate. */
OP(object_signal, .setup = setup_eventpair, .call = call_signal,
   .check = check_signal, NO_ALLOC)
OP(object_wait_one, .setup = setup_event, .call = call_wait_one,
   .check = check_wait_one, .expect = ZX_ERR_TIMED_OUT, NO_ALLOC)
OP(object_get_info, .setup = setup_info, .call = call_get_info, NO_ALLOC)
OP(object_properties, .setup = setup_info, .call = call_properties,
   .check = check_properties, NO_ALLOC)

/* The descriptor bridge. */
OP(handle_to_fd, .setup = setup_event_watched_fds, .call = call_handle_to_fd,
   .check = check_handle_to_fd, .allocates = 1)
OP(handle_to_fd_grow_fdtable, .call = call_grow_fdtable,
   .check = check_grow_fdtable, .in_child = true, .allocates = 1)
OP(fd_to_handle, .setup = setup_from_fd, .call = call_fd_to_handle,
   .check = check_fd_to_handle, .allocates = 1)
OP(fd_to_handle_new_leaf, .setup = setup_from_fd, NEW_LEAF(1),
   .call = call_fd_to_handle, .check = check_fd_to_handle, .allocates = 1)

/* VMOs. */
OP(vmo_write_page, .setup = setup_vmo_fresh, .call = call_vmo_write_page,
   .check = check_vmo_write_page, .allocates = 1)
OP(vmo_write_span, .setup = setup_vmo_fresh, .call = call_vmo_write_span,
   .check = check_vmo_write_span, .allocates = 1)
OP(vmo_write_snapshot_parent, .setup = setup_vmo_snapshot, .param = PARENT,
   .call = call_cow_write, .check = check_cow_write, .allocates = 1)
OP(vmo_write_snapshot_child, .setup = setup_vmo_snapshot, .param = CHILD,
   .call = call_cow_write, .check = check_cow_write, .allocates = 1)
OP(vmo_write_slice, .setup = setup_vmo_slice_holes,
   .call = call_vmo_write_slice, .check = check_vmo_write_slice,
   .allocates = 1)
OP(vmo_read, .setup = setup_vmo_read, .call = call_vmo_read,
   .check = check_vmo_read, NO_ALLOC)
OP(vmo_set_size_shrink_child, .setup = setup_vmo_resizable_child,
   .call = call_vmo_shrink, .check = check_vmo_shrink, .allocates = 1)
OP(vmo_set_size_grow, .setup = setup_vmo_resizable, .call = call_vmo_grow,
   .check = check_vmo_grow)
OP(vmo_queries, .setup = setup_vmo_fresh, .call = call_vmo_queries,
   NO_ALLOC)
OP(vmo_get_stream_size, .setup = setup_vmo_fresh,
   .call = call_vmo_get_stream_size, NO_ALLOC)
OP(vmo_set_stream_size_child, .setup = setup_vmo_snapshot,
   .call = call_vmo_set_stream_size, .check = check_vmo_set_stream_size,
   .allocates = 1)
OP(vmo_info_attribution, .setup = setup_vmo_snapshot,
   .call = call_vmo_info_attribution, .check = check_vmo_info_attribution,
   .allocates = 1)
OP(vmo_op_decommit, .setup = setup_vmo_written, .call = call_vmo_decommit,
   .check = check_vmo_decommit)
OP(vmo_op_commit, .setup = setup_vmo_fresh, .call = call_vmo_commit,
   .check = check_vmo_commit, .allocates = 1)
OP(vmo_op_commit_child, .setup = setup_vmo_snapshot,
   .call = call_vmo_commit_child, .check = check_vmo_commit_child,
   .allocates = 1)
OP(vmo_op_zero_child, .setup = setup_vmo_snapshot,
   .call = call_vmo_zero_child, .check = check_vmo_zero_child,
   .allocates = 1)
OP(vmo_create_snapshot, .setup = setup_vmo_written,
   .call = call_vmo_snapshot, .check = check_vmo_snapshot, .allocates = 1)
OP(vmo_create_snapshot_fold, .setup = setup_vmo_fold,
   .call = call_vmo_snapshot, .check = check_vmo_fold, .allocates = 1)
OP(vmo_create_snapshot_shared, .setup = setup_vmo_snapshot,
   .call = call_vmo_snapshot, .check = check_vmo_shared, .allocates = 1)
OP(vmo_create_slice, .setup = setup_vmo_written, .call = call_vmo_slice,
   .check = check_vmo_slice, .allocates = 1)
OP(vmo_create_snapshot_of_slice, .setup = setup_vmo_slice,
   .call = call_vmo_snapshot_slice, .check = check_vmo_snapshot_slice,
   .allocates = 1)
OP(vmo_replace_as_executable, .setup = setup_vmo_watched,
   .call = call_replace_as_executable,
   .check = check_replace_as_executable, .allocates = 1)

/* Mappings, and faults on them. */
OP(vmar_map, .setup = setup_vmo_written, .call = call_vmar_map,
   .check = check_vmar_map, .allocates = 1)
OP(vmar_map_range, .setup = setup_vmo_written, .call = call_vmar_map_range,
   .check = check_vmar_map, .allocates = 1)
OP(vmar_map_slice, .setup = setup_vmo_slice, .call = call_vmar_map_slice,
   .check = check_vmar_map_slice, .allocates = 1)
OP(vmar_unmap, .setup = setup_mapped, .call = call_vmar_unmap,
   .check = check_vmar_unmap, .allocates = 1)
OP(vmar_unmap_split, .setup = setup_mapped, .call = call_vmar_unmap_split,
   .check = check_vmar_unmap_split, .allocates = 1)
OP(vmar_protect_split, .setup = setup_mapped,
   .call = call_vmar_protect_split, .check = check_vmar_protect_split,
   .allocates = 1)
OP(fault_read_hole, .setup = setup_fault, .call = call_fault_read,
   .check = check_fault_read, FAULT)
OP(fault_write_hole, .setup = setup_fault, .call = call_fault_write,
   .check = check_fault_write, FAULT)
OP(fault_write_snapshot_parent, .setup = setup_fault_cow,
   .call = call_fault_cow, .check = check_fault_cow, FAULT)

/* VMAR sub-regions. */
OP(vmar_allocate, .call = call_vmar_allocate, MAKES(1, VMAR),
   .check = check_vmar_allocate, .teardown = teardown_regions,
   .allocates = 1)
OP(vmar_allocate_nested, .setup = setup_region,
   .call = call_vmar_allocate_nested, MAKES(1, VMAR),
   .check = check_vmar_allocate_nested, .teardown = teardown_regions,
   .allocates = 1)
OP(vmar_map_region, .setup = setup_region, .call = call_vmar_map_region,
   .check = check_vmar_map_region, .teardown = teardown_regions,
   .allocates = 1)
OP(vmar_unmap_region, .setup = setup_region_mapped,
   .call = call_vmar_unmap_region, .check = check_vmar_unmap_region,
   .teardown = teardown_regions, .allocates = 1)
OP(vmar_destroy, .setup = setup_region_mapped, .call = call_vmar_destroy,
   .check = check_vmar_destroy, .teardown = teardown_regions)
OP(vmar_op_decommit, .setup = setup_region_mapped,
   .call = call_vmar_op_decommit, .check = check_vmar_op_decommit,
   .teardown = teardown_regions)

/* Channels. */
OP(channel_write, .setup = setup_channel, .call = call_channel_write,
   .check = check_channel_write, .allocates = 1)
OP(channel_write_64k, .setup = setup_channel, .call = call_channel_write_max,
   .check = check_channel_write_max, .allocates = 1)
OP(channel_write_iovec, .setup = setup_channel,
   .call = call_channel_write_iovec, .check = check_channel_write_iovec,
   .allocates = 1)
OP(channel_write_handles, .setup = setup_channel_handles,
   .call = call_channel_write_handles, .check = check_channel_write_handles,
   .allocates = 1)
OP(channel_write_etc, .setup = setup_channel_handles,
   .call = call_channel_write_etc, .check = check_channel_write_etc,
   .allocates = 1)
OP(channel_read, .setup = setup_channel_queued, .param = 1,
   .call = read_msg, .check = check_received, .allocates = 1)
OP(channel_read_4_handles, .setup = setup_channel_queued, .param = 4,
   .call = read_msg, .check = check_received, .allocates = 1)
OP(channel_read_new_leaf, .setup = setup_channel_queued, .param = 1,
   NEW_LEAF(2), .call = read_msg, .check = check_received, .allocates = 1)
OP(channel_read_etc, .setup = setup_channel_queued, .param = 4,
   .call = call_channel_read_etc, .check = check_received, .allocates = 1)
OP(channel_call, .setup = setup_channel_call, .call = call_channel_call,
   .check = check_channel_call, .teardown = teardown_channel_call,
   .allocates = 1)

/* Ports, asynchronous waits, wait_many and timers. */
OP(port_create, .call = call_port_create, MAKES(1, PORT),
   .check = check_port_create, .allocates = 1)
OP(port_queue, .setup = setup_port, .call = call_port_queue,
   .check = check_port_queue, .allocates = 1)
OP(port_wait, .setup = setup_port_queued, .call = call_port_wait,
   .check = check_port_wait, .may_fail = st_none)
OP(object_wait_async, .setup = setup_event_port, .call = call_wait_async,
   .check = check_wait_async, .allocates = 1)
OP(object_wait_async_fires_at_once, .setup = setup_event_port_signaled,
   .call = call_wait_async, .check = check_wait_async_at_once,
   .allocates = 1)
OP(port_cancel, .setup = setup_wait_armed, .call = call_port_cancel,
   .check = check_port_cancel, .may_fail = st_none)
OP(port_cancel_key, .setup = setup_wait_armed, .call = call_port_cancel_key,
   .check = check_port_cancel, .may_fail = st_none)
OP(timer_create_late, .call = call_timer_create, MAKES(1, TIMER),
   .check = check_timer_create, .allocates = 1)
OP(timer_set_fires_async_wait, .setup = setup_timer_watched,
   .call = call_timer_set_now, .check = check_timer_set_now)
OP(timer_set_and_cancel, .setup = setup_timer_watched,
   .call = call_timer_set_later, .check = check_timer_set_later)
OP(object_wait_many, .setup = setup_wait_many, .call = call_wait_many,
   .check = check_wait_many)
OP(object_wait_many_64, .setup = setup_wait_many_max,
   .call = call_wait_many_max, .check = check_wait_many_max,
   .expect = ZX_ERR_TIMED_OUT)
OP(port_fd, .setup = setup_port_fds, .call = call_port_fd,
   .check = check_port_fd, .may_fail = st_fd, .allocates = 1)

/* FIFOs. */
OP(fifo_create, .call = call_fifo_create, MAKES(2, FIFO),
   .check = check_fifo_create, .allocates = 1)
OP(fifo_write_fires_async_wait, .setup = setup_fifo_watched,
   .call = call_fifo_write, .check = check_fifo_write)
OP(fifo_read, .setup = setup_fifo_queued, .call = call_fifo_read,
   .check = check_fifo_read, .may_fail = st_none)
OP(handle_check_valid, .setup = setup_event, .call = call_check_valid,
   NO_ALLOC)

/* Streams. */
OP(stream_create, .setup = setup_stream_read, .call = call_stream_create,
   MAKES(1, STREAM), .check = check_stream_create, .allocates = 1)
OP(stream_writev_grow, .setup = setup_stream_grow,
   .call = call_stream_writev_grow, .check = check_stream_writev_grow,
   .may_fail = st_stream_write, .allocates = 1)
OP(stream_readv, .setup = setup_stream_read, .call = call_stream_readv,
   .check = check_stream_readv)
OP(stream_append_cut_short, .setup = setup_stream_append,
   .call = call_stream_append, .check = check_stream_append, .allocates = 1)

/* Sockets: param is the options they are made with. */
OP(socket_create, .call = call_socket_create, MAKES(2, SOCKET),
   .check = check_socket_create, .allocates = 1)
OP(socket_create_datagram, .param = ZX_SOCKET_DATAGRAM,
   .call = call_socket_create, MAKES(2, SOCKET),
   .check = check_socket_create, .allocates = 1)
OP(socket_write, .setup = setup_socket, .call = call_socket_write,
   .check = check_socket_write, .allocates = 1)
OP(socket_write_datagram, .setup = setup_socket,
   .param = ZX_SOCKET_DATAGRAM, .call = call_socket_write,
   .check = check_socket_write_dgram, .allocates = 1)
OP(socket_read, .setup = setup_socket_read, .param = ZX_SOCKET_DATAGRAM,
   .call = call_socket_read, .check = check_socket_read, NO_ALLOC)
OP(socket_set_disposition, .setup = setup_socket,
   .call = call_socket_disposition, .check = check_socket_disposition,
   NO_ALLOC)
OP(socket_properties_and_info, .setup = setup_socket,
   .call = call_socket_props, .check = check_socket_props, NO_ALLOC)

/* The launcher: descriptors, fork(), a pipe. */
OP(linux_spawn, .setup = setup_event_watched_fds, .call = call_spawn,
   .check = check_spawn, .may_fail = st_spawn, .allocates = 1,
   .forks = true)

/* Processes, threads and jobs. */
OP(process_self, .call = call_process_self, MAKES(1, PROCESS),
   .check = check_process_self)
OP(thread_self, .call = call_thread_self, MAKES(1, THREAD),
   .check = check_thread_self, .allocates = 1)
OP(process_child, .setup = setup_sleeping_child, .call = call_process_child,
   MAKES(1, PROCESS), .check = check_process_child,
   .teardown = teardown_kill_child, .allocates = 1)
OP(job_create, .setup = setup_job, .call = call_job_create, MAKES(1, JOB),
   .check = check_job_create, .allocates = 1)
OP(object_get_child, .setup = setup_job_child, .call = call_get_child,
   MAKES(1, JOB), .check = check_get_child)
OP(job_kill, .setup = setup_job_child, .call = call_job_kill,
   .check = check_job_kill, .may_fail = st_none)
OP(task_stats_info, .setup = setup_task_stats, .call = call_task_stats,
   .allocates = 1)
OP(maps_info, .setup = setup_maps, .call = call_maps,
   .teardown = teardown_regions, .allocates = 1)
OP(process_memory_ioctl, .call = call_process_memory_ioctl, NO_ALLOC)
OP(process_read_write_memory, .call = call_process_memory,
   .may_fail = st_procmem, .allocates = 1)

/* ---------------------------------------------------------------- main */

static void fault_finish(void)
{
	char line[1024];

	if (getpid() != main_pid)
		return;
	knobs_restore();
	kmsg("<5>zx-fault: injection off\n");
	status_list(line, sizeof(line), totals->by_status, "ZX_ERR_IO/SIGBUS");
	printf("# fault injection: %u operations walked, %lu allocations "
	       "failed one at a time: %lu made the call fail (%s), %lu were "
	       "absorbed by the kernel; %lu faults ended in SIGBUS; %lu more "
	       "failed in the all-at-once passes\n",
	       totals->ops, totals->points, totals->failed,
	       line[0] ? line : "-", totals->absorbed, totals->sigbus,
	       totals->all_points);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *why, *verbose;

	if (argc >= 2 && strcmp(argv[1], SPAWN_FLAG) == 0)
		return spawned_main();
	why = fault_unavailable();
	if (why) {
		ksft_print_header();
		ksft_exit_skip("fault injection unavailable: %s\n", why);
	}
	totals = mmap(NULL, sizeof(*totals), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (totals == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memset(totals, 0, sizeof(*totals));
	for (size_t i = 0; i < PAT_SIZE; i++) {
		pat_a[i] = (uint8_t)(0x41 + i % 23);
		pat_b[i] = (uint8_t)(0x80 + i % 31);
	}
	memcpy(fold_want, pat_a, sizeof(fold_want));
	memcpy(fold_want + PG, pat_b, PG);

	verbose = getenv("ZX_FAULT_VERBOSE");
	if (!verbose || !*verbose)
		verbose = "0";
	main_pid = getpid();
	atexit(fault_finish);
	if (knobs_set(verbose) != 0) {
		fprintf(stderr, "# cannot configure fault injection\n");
		return 1;
	}
	kmsg("<5>zx-fault: injection on\n");
	return zx_test_harness_main(argc, argv);
}
