// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: a seeded fuzzer for zircon.ko.
 *
 * Two modes, run in iterations; each iteration forks --procs worker
 * processes of --threads threads that perform --ops operations each:
 *
 *   ioctl  raw ioctls on /dev/zircon: request numbers from the uapi (some
 *          with their size or direction bits changed, some random), and
 *          argument structs laid out from the uapi structs' own members
 *          (offsetof/sizeof, so the fuzzer follows the ABI), filled with
 *          valid, stale and random handles, random flags, sizes near 0,
 *          page boundaries and UINT64_MAX, non-zero reserved fields, and
 *          pointers that are valid, NULL, read-only, PROT_NONE, unmapped,
 *          kernel, non-canonical, misaligned or that run into a guard page.
 *   libzx  random sequences of valid and invalid zx_* calls over a pool of
 *          objects shared by the threads of a process (events, event pairs,
 *          channels, VMOs and their children, mappings, the descriptor
 *          bridge), threads closing handles while others use them; the
 *          processes of an iteration are linked in a ring by channels and
 *          Unix sockets and pass handles and bridge descriptors around.
 *
 * Every run prints its seed; iteration k runs with seed s_k (s_0 is the
 * run's seed, s_k+1 = mix(s_k)), so "--seed s_k" replays from iteration
 * k on, and a failure prints the exact command that replays its iteration.
 * Each thread draws from its own stream (iteration seed, process, thread),
 * so a replay repeats every thread's choices; the interleaving of threads
 * is the scheduler's (use --procs 1 --threads 1 for a strictly sequential
 * replay of the first thread's stream).
 *
 * Failures: a worker that dies of a signal or exits non-zero, a status that
 * is not a Zircon status or not in the syscall's documented list, a closed
 * or consumed handle value that still names something, a handle made with
 * explicit rights that has others, an errno other than the expected
 * ENOTTY/EPERM, an operation stuck for --stall-secs (its kernel stack is
 * printed), a kernel report in /dev/kmsg (WARNING, BUG, KASAN, lockdep,
 * ...), and live objects (module parameter live_objects) not back to the
 * baseline once the workers have exited.
 * After the last iteration a sanity pass checks that the module still
 * works.  Output is kselftest TAP; lines starting "# FUZZ" carry the
 * figures (operations, operations per second, per-status counts).
 *
 * Opt-in: --memcg MB runs the workers in a memory cgroup of that size, so
 * that they reach memory.max (the OOM killer may then kill a worker: that
 * is expected, and its report in the kernel log is not counted).
 *
 * Safety of the fuzzer itself: the kernel may write only into memory the
 * fuzzer does not use for its own state (per-thread scratch regions with
 * PROT_NONE guard pages on both sides, a reserved "arena" for mappings)
 * or into memory it cannot write (read-only, PROT_NONE, unmapped, kernel
 * addresses).  Pointers the kernel writes through are never mutated
 * bitwise; unmaps and overwriting maps are confined to the arena; waits
 * and calls get short deadlines (an infinite wait is ended by closing its
 * handle); a memory meter (MemAvailable) makes the workers shed objects
 * before the machine runs short.  Channel ends travel freely, so the
 * fuzzer builds reference cycles for the module's collector to find;
 * --no-cycles sends an end only through the channel of an older pair (a
 * lower koid), which builds none.
 */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <linux/zircon.h>

#include "zx_test_util.h"

#define MAX_PROCS	16
#define MAX_THREADS	16
#define RING		16		/* last operations kept per thread */
#define NSLOTS		104		/* per-status counters, see status_slot() */
#define NERRNO		134

#define PAGE		4096UL
#define MB		(1024UL * 1024UL)

#define MODE_IOCTL	1
#define MODE_LIBZX	2
#define MODE_BOTH	3

static const char *const mode_names[] = { "?", "ioctl", "libzx", "both" };

/* ------------------------------------------------------------ options */

static struct {
	int mode;
	uint64_t seed;
	double seconds;
	long iterations;
	int procs;
	int threads;
	long ops;
	int stall_secs;
	int settle_ms;
	bool cycles;
	bool verbose;
	bool trace;
	bool tune;
	int memcg_mb;
	int shed_pct;
} opt = {
	.cycles = true,
	.tune = true,
	.mode = MODE_BOTH,
	.seconds = 30,
	.procs = 3,
	.threads = 3,
	.ops = 1500,
	.stall_secs = 90,
	.settle_ms = 10000,
	.shed_pct = 45,
};

/* --------------------------------------------------------------- rng */

struct rng {
	uint64_t s;
};

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

static bool chance(struct rng *r, unsigned int pct)
{
	return below(r, 100) < pct;
}

static uint64_t next_seed(uint64_t s)
{
	return mix64(s + 0x9e3779b97f4a7c15ULL);
}

static const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 31, 32, 63, 64, 65, 127, 128, 255,
	256, 511, 1024, 4095, 4096, 4097, 8191, 8192, 12288, 65535, 65536,
	65537, 1UL << 20, (1UL << 20) + 1, 1UL << 24, 1ULL << 31,
	(1ULL << 32) - 1, 1ULL << 32, (1ULL << 32) + 4096, 1ULL << 40,
	1ULL << 47, 1ULL << 48, 1ULL << 62, 1ULL << 63, INT64_MAX,
	0x7ffffffffffff000ULL, 0x7fffffffffffe000ULL, UINT64_MAX - 4096,
	UINT64_MAX - 4095, UINT64_MAX - 1, UINT64_MAX,
};

static uint64_t pick_interesting(struct rng *r)
{
	return interesting[below(r, sizeof(interesting) / sizeof(interesting[0]))];
}

/* A length or size: mostly small, sometimes at an edge. */
static uint64_t pick_len(struct rng *r, uint64_t typical)
{
	switch (below(r, 12)) {
	case 0: case 1: case 2: case 3:
		return below(r, (uint32_t)typical + 1);
	case 4:
		return typical;
	case 5:
		return (uint64_t)below(r, 17) * PAGE;
	case 6:
		return (uint64_t)below(r, 17) * PAGE + below(r, 3) - 1;
	case 7: case 8:
		return pick_interesting(r);
	case 9:
		return rnd(r) & 0xffff;
	case 10:
		return 0;
	default:
		return rnd(r);
	}
}

/* A 32-bit flags word: 0, a subset of the @valid bits, or anything. */
static uint32_t pick_flags(struct rng *r, uint32_t valid)
{
	switch (below(r, 10)) {
	case 0: case 1: case 2: case 3:
		return 0;
	case 4: case 5: case 6:
		return (uint32_t)rnd(r) & valid;
	case 7:
		return valid;
	case 8:
		return 1U << below(r, 32);
	default:
		return (uint32_t)rnd(r);
	}
}

static int64_t now_ns(void)
{
	return zx_test_now();
}

/* ---------------------------------------------------- shared state */

struct oprec {
	uint16_t op;
	uint16_t done;
	int32_t status;
	uint64_t a, b, c;
};

struct tshare {
	uint64_t ops;
	int64_t op_start;		/* 0 when between operations */
	uint16_t cur_op;
	pid_t tid;
	uint32_t ring_pos;
	struct oprec ring[RING];
};

struct pshare {
	pid_t pid;
	int failed;
	char failure[1024];
	uint64_t status[NSLOTS];
	uint64_t errnos[NERRNO];
	uint64_t faults;		/* deliberate SIGSEGV/SIGBUS caught */
	uint64_t held_back;		/* --no-cycles: ends not sent */
	uint64_t shed;			/* objects dropped by the memory meter */
	uint64_t opstat[128][2];	/* by operation: all, ZX_OK */
	struct tshare t[MAX_THREADS];
};

struct shared {
	int64_t deadline;		/* workers stop starting operations */
	int shed;			/* memory is short: drop objects */
	int stop;
	struct pshare p[MAX_PROCS];
};

static struct shared *g_sh;		/* mapped MAP_SHARED before fork */

/* Worker-process globals. */
static struct pshare *g_ps;
static int g_proc;
static uint64_t g_iter_seed;
static int g_mode;
static volatile int g_stop;

static void worker_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void worker_fail(const char *fmt, ...)
{
	va_list ap;

	g_stop = 1;
	if (__atomic_exchange_n(&g_ps->failed, 1, __ATOMIC_SEQ_CST))
		return;
	va_start(ap, fmt);
	vsnprintf(g_ps->failure, sizeof(g_ps->failure), fmt, ap);
	va_end(ap);
}

static void count(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------- statuses */

static const struct {
	zx_status_t s;
	const char *name;
} zx_statuses[] = {
#define S(x) { x, #x }
	S(ZX_OK), S(ZX_ERR_INTERNAL), S(ZX_ERR_NOT_SUPPORTED),
	S(ZX_ERR_NO_RESOURCES), S(ZX_ERR_NO_MEMORY),
	S(ZX_ERR_INTERNAL_INTR_RETRY), S(ZX_ERR_INVALID_ARGS),
	S(ZX_ERR_BAD_HANDLE), S(ZX_ERR_WRONG_TYPE), S(ZX_ERR_BAD_SYSCALL),
	S(ZX_ERR_OUT_OF_RANGE), S(ZX_ERR_BUFFER_TOO_SMALL),
	S(ZX_ERR_BAD_STATE), S(ZX_ERR_TIMED_OUT), S(ZX_ERR_SHOULD_WAIT),
	S(ZX_ERR_CANCELED), S(ZX_ERR_PEER_CLOSED), S(ZX_ERR_NOT_FOUND),
	S(ZX_ERR_ALREADY_EXISTS), S(ZX_ERR_ALREADY_BOUND),
	S(ZX_ERR_UNAVAILABLE), S(ZX_ERR_ACCESS_DENIED), S(ZX_ERR_IO),
	S(ZX_ERR_IO_REFUSED), S(ZX_ERR_IO_DATA_INTEGRITY),
	S(ZX_ERR_IO_DATA_LOSS), S(ZX_ERR_IO_NOT_PRESENT),
	S(ZX_ERR_IO_OVERRUN), S(ZX_ERR_IO_MISSED_DEADLINE),
	S(ZX_ERR_IO_INVALID), S(ZX_ERR_BAD_PATH), S(ZX_ERR_NOT_DIR),
	S(ZX_ERR_NOT_FILE), S(ZX_ERR_FILE_BIG), S(ZX_ERR_NO_SPACE),
	S(ZX_ERR_NOT_EMPTY), S(ZX_ERR_STOP), S(ZX_ERR_NEXT), S(ZX_ERR_ASYNC),
	S(ZX_ERR_PROTOCOL_NOT_SUPPORTED), S(ZX_ERR_ADDRESS_UNREACHABLE),
	S(ZX_ERR_ADDRESS_IN_USE), S(ZX_ERR_NOT_CONNECTED),
	S(ZX_ERR_CONNECTION_REFUSED), S(ZX_ERR_CONNECTION_RESET),
	S(ZX_ERR_CONNECTION_ABORTED), S(ZX_ERR_INTERNAL_INTR_KILLED),
#undef S
};

#define N_ZX_STATUSES (sizeof(zx_statuses) / sizeof(zx_statuses[0]))

static bool is_zx_status(zx_status_t s)
{
	for (size_t i = 0; i < N_ZX_STATUSES; i++)
		if (zx_statuses[i].s == s)
			return true;
	return false;
}

/* Counter slot: -status for 0..99, 100 for INTR_KILLED, 101 otherwise. */
static int status_slot(zx_status_t s)
{
	if (s <= 0 && s > -100)
		return -s;
	if (s == ZX_ERR_INTERNAL_INTR_KILLED)
		return 100;
	return 101;
}

static const char *slot_name(int slot)
{
	zx_status_t s = slot < 100 ? -slot : ZX_ERR_INTERNAL_INTR_KILLED;

	if (slot > 100)
		return "(not a Zircon status)";
	for (size_t i = 0; i < N_ZX_STATUSES; i++)
		if (zx_statuses[i].s == s)
			return zx_statuses[i].name;
	return "(not a Zircon status)";
}

/*
 * The statuses each request may return: the ERRORS section of its Zircon
 * page, plus ZX_ERR_NO_MEMORY everywhere, ZX_ERR_NO_RESOURCES where a
 * handle is made (max_handles), and the differences Documentation/
 * zircon.rst documents (e.g. SHOULD_WAIT for a full channel).
 */
#define B(s)	(1ULL << (-(s)))

static uint64_t allowed_mask(unsigned int nr)
{
	const uint64_t base = B(ZX_OK) | B(ZX_ERR_NO_MEMORY);
	const uint64_t info = B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
			      B(ZX_ERR_BUFFER_TOO_SMALL) |
			      B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
			      B(ZX_ERR_WRONG_TYPE);
	const uint64_t write = B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
			       B(ZX_ERR_INVALID_ARGS) |
			       B(ZX_ERR_NOT_SUPPORTED) |
			       B(ZX_ERR_OUT_OF_RANGE) | B(ZX_ERR_PEER_CLOSED) |
			       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_SHOULD_WAIT);
	const uint64_t read = B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
			      B(ZX_ERR_BUFFER_TOO_SMALL) |
			      B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_PEER_CLOSED) |
			      B(ZX_ERR_SHOULD_WAIT) | B(ZX_ERR_WRONG_TYPE) |
			      B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NO_RESOURCES);

	switch (nr) {
	case 0x00:	/* version */
		return base | B(ZX_ERR_INVALID_ARGS);
	case 0x01:	/* handle_close */
		return base | B(ZX_ERR_BAD_HANDLE);
	case 0x02:	/* handle_close_many */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS);
	case 0x03:	/* handle_duplicate */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x04:	/* handle_replace */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x05:	/* object_get_info */
	case 0x06:	/* object_get_property */
		return base | info;
	case 0x07:	/* object_set_property */
		return base | info | B(ZX_ERR_OUT_OF_RANGE);
	case 0x08:	/* object_signal */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS);
	case 0x09:	/* object_signal_peer */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_PEER_CLOSED);
	case 0x0a:	/* object_wait_one */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_CANCELED) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_TIMED_OUT);
	case 0x10:	/* event_create */
	case 0x40:	/* channel_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x11:	/* eventpair_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x20:	/* zx_linux_handle_to_fd */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x21:	/* zx_linux_fd_to_handle */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x30:	/* vmo_create */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_NO_RESOURCES);
	case 0x31:	/* vmo_read */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_IO) | B(ZX_ERR_IO_DATA_INTEGRITY) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x32:	/* vmo_write */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x33:	/* vmo_get_size */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_WRONG_TYPE);
	case 0x34:	/* vmo_set_size */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_UNAVAILABLE) | B(ZX_ERR_WRONG_TYPE);
	case 0x35:	/* vmo_op_range */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_IO) | B(ZX_ERR_IO_DATA_INTEGRITY) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_UNAVAILABLE) | B(ZX_ERR_WRONG_TYPE);
	case 0x36:	/* vmo_create_child */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_WRONG_TYPE) | B(ZX_ERR_NO_RESOURCES);
	case 0x37:	/* vmo_set_cache_policy */
		return base | B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_BAD_HANDLE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_NOT_SUPPORTED) | B(ZX_ERR_WRONG_TYPE);
	case 0x38:	/* vmo_replace_as_executable */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_NO_RESOURCES);
	case 0x39:	/* vmar_root_self */
		return base | B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_STATE) |
		       B(ZX_ERR_NO_RESOURCES);
	case 0x3a:	/* vmar_map */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_INVALID_ARGS) |
		       B(ZX_ERR_ACCESS_DENIED) | B(ZX_ERR_NOT_SUPPORTED) |
		       B(ZX_ERR_NO_RESOURCES) | B(ZX_ERR_OUT_OF_RANGE) |
		       B(ZX_ERR_BUFFER_TOO_SMALL) | B(ZX_ERR_ALREADY_EXISTS);
	case 0x3b:	/* vmar_unmap */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_BAD_STATE) |
		       B(ZX_ERR_NOT_FOUND) | B(ZX_ERR_NOT_SUPPORTED);
	case 0x3c:	/* vmar_protect */
		return base | B(ZX_ERR_BAD_HANDLE) | B(ZX_ERR_WRONG_TYPE) |
		       B(ZX_ERR_INVALID_ARGS) | B(ZX_ERR_ACCESS_DENIED) |
		       B(ZX_ERR_BAD_STATE) | B(ZX_ERR_NOT_FOUND) |
		       B(ZX_ERR_NOT_SUPPORTED);
	case 0x41:	/* channel_write */
	case 0x42:	/* channel_write_etc */
		return base | write;
	case 0x43:	/* channel_read */
	case 0x44:	/* channel_read_etc */
		return base | read;
	case 0x45:	/* channel_call */
	case 0x46:	/* channel_call_etc */
		return base | write | read | B(ZX_ERR_CANCELED) |
		       B(ZX_ERR_TIMED_OUT);
	}
	return 0;
}

static const char *nr_name(unsigned int nr);

/*
 * Counts @s and fails the worker if the request @nr may not return it.
 * Through the raw ABI (@raw) any request may also answer INVALID_ARGS: its
 * argument struct was unreadable or had a reserved field set.
 */
static void check_status(unsigned int nr, zx_status_t s, const char *what,
			 bool raw)
{
	uint64_t allowed = allowed_mask(nr) | (raw ? B(ZX_ERR_INVALID_ARGS) : 0);

	count(&g_ps->status[status_slot(s)]);
	if (!is_zx_status(s)) {
		worker_fail("%s (%s) returned %d, which is not a Zircon status",
			    what, nr_name(nr), s);
	} else if (s > 0 || -s >= 64 || !(allowed & B(s))) {
		worker_fail("%s (%s) returned %s, which is not among the "
			    "statuses it is documented to return", what,
			    nr_name(nr), slot_name(status_slot(s)));
	}
}

/* ------------------------------------------------ operation records */

struct tctx {
	struct rng r;
	int idx;
	struct tshare *ts;
	struct oprec *cur;
};

static void op_begin(struct tctx *t, uint16_t op, uint64_t a, uint64_t b,
		     uint64_t c)
{
	struct tshare *ts = t->ts;
	struct oprec *o = &ts->ring[ts->ring_pos++ % RING];

	o->op = op;
	o->done = 0;
	o->status = 0;
	o->a = a;
	o->b = b;
	o->c = c;
	t->cur = o;
	ts->cur_op = op;
	__atomic_store_n(&ts->op_start, now_ns(), __ATOMIC_RELAXED);
}

static const char *op_name(int mode, unsigned int op);

static void op_end(struct tctx *t, zx_status_t s)
{
	unsigned int i = t->cur->op & 127;

	if (opt.trace) {
		char line[192];
		int n = snprintf(line, sizeof(line),
				 "%d.%d %s 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
				 " -> %d\n", g_proc, t->idx,
				 op_name(g_mode, t->cur->op), t->cur->a,
				 t->cur->b, t->cur->c, s);

		if (write(2, line, (size_t)n) < 0)
			opt.trace = false;
	}
	count(&g_ps->opstat[i][0]);
	if (s == ZX_OK)
		count(&g_ps->opstat[i][1]);
	t->cur->status = s;
	t->cur->done = 1;
	__atomic_store_n(&t->ts->op_start, 0, __ATOMIC_RELAXED);
	__atomic_fetch_add(&t->ts->ops, 1, __ATOMIC_RELAXED);
}

/* ----------------------------------------------- memory landscape */

/* A read-write region with a PROT_NONE guard page on each side. */
struct region {
	uint8_t *base;
	size_t size;
};

static void *map_or_die(void *hint, size_t len, int prot, int flags)
{
	void *p = mmap(hint, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags,
		       -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "zx_fuzz: mmap of %zu bytes failed: %s\n", len,
			strerror(errno));
		_exit(3);
	}
	return p;
}

static void region_alloc(struct region *rg, size_t size, bool low32)
{
	uint8_t *p = map_or_die(NULL, size + 2 * PAGE, PROT_NONE,
				low32 ? MAP_32BIT : 0);

	if (mprotect(p + PAGE, size, PROT_READ | PROT_WRITE)) {
		perror("zx_fuzz: mprotect");
		_exit(3);
	}
	rg->base = p + PAGE;
	rg->size = size;
}

static bool in_region(const struct region *rg, uint64_t p, size_t n)
{
	uint64_t b = (uint64_t)(uintptr_t)rg->base;

	return p >= b && p <= b + rg->size && n <= b + rg->size - p;
}

#define ARENA_SIZE	(16 * MB)
#define ARENA_GUARD	(256 * 1024UL)

/* Per-process memory every thread may point the kernel at. */
static struct {
	uint8_t *ro;		/* a page of zeros, read-only */
	uint8_t *none;		/* a PROT_NONE page */
	uint8_t *hole;		/* an unmapped page between PROT_NONE pages */
	uint8_t *none32;	/* a PROT_NONE page below 4 GiB */
	uint8_t *arena;		/* reserved; maps go in [lo, hi) */
	uint64_t arena_lo, arena_hi;
	uint64_t vmar_base, vmar_len;
} L;

static void land_init(void)
{
	uint8_t *p;

	L.ro = map_or_die(NULL, PAGE, PROT_READ, 0);
	L.none = map_or_die(NULL, PAGE, PROT_NONE, 0);
	p = map_or_die(NULL, 3 * PAGE, PROT_NONE, 0);
	munmap(p + PAGE, PAGE);
	L.hole = p + PAGE;
	L.none32 = map_or_die(NULL, PAGE, PROT_NONE, MAP_32BIT);
	L.arena = map_or_die(NULL, ARENA_SIZE, PROT_NONE, MAP_NORESERVE);
	L.arena_lo = (uint64_t)(uintptr_t)L.arena + ARENA_GUARD;
	L.arena_hi = (uint64_t)(uintptr_t)L.arena + ARENA_SIZE - ARENA_GUARD;
	/* What ZX_INFO_VMAR reports for the root VMAR. */
	L.vmar_base = 0x10000;
	L.vmar_len = 0x7ffffffff000ULL - 0x10000;
}

/* A page-aligned range inside the arena: [*addr, *addr + *len). */
static void arena_range(struct rng *r, uint64_t *addr, uint64_t *len)
{
	uint64_t pages = (L.arena_hi - L.arena_lo) / PAGE;
	uint64_t first = below(r, (uint32_t)pages);
	uint64_t n = 1 + below(r, chance(r, 80) ? 16 : (uint32_t)(pages - first));

	if (first + n > pages)
		n = pages - first;
	*addr = L.arena_lo + first * PAGE;
	*len = n * PAGE;
}

static bool in_arena(uint64_t addr, uint64_t len)
{
	return addr >= L.arena_lo && addr <= L.arena_hi &&
	       len <= L.arena_hi - addr;
}

/* Addresses the kernel can neither read nor write. */
static uint64_t bad_ptr(struct rng *r, bool low32)
{
	static const uint64_t kernel[] = {
		0xffff888000000000ULL, 0xffffffff81000000ULL,
		0xfffffffffffff000ULL, 0xffffffffffffffffULL,
		0x8000000000000000ULL, 0x0000800000000000ULL,
		0x00007ffffffff000ULL, 0xffffc90000000000ULL,
	};

	if (low32) {
		switch (below(r, 3)) {
		case 0: return 0;
		case 1: return 0x10;
		default: return (uint64_t)(uintptr_t)L.none32 + below(r, PAGE);
		}
	}
	switch (below(r, 7)) {
	case 0:
		return 0;
	case 1:
		return below(r, 0x10000);
	case 2:
		return (uint64_t)(uintptr_t)L.none + below(r, PAGE);
	case 3:
		return (uint64_t)(uintptr_t)L.hole + below(r, PAGE);
	case 4:
		return (uint64_t)(uintptr_t)L.ro + below(r, PAGE);	/* unwritable */
	default:
		return kernel[below(r, sizeof(kernel) / sizeof(kernel[0]))] +
		       (chance(r, 20) ? below(r, 64) : 0);
	}
}

/*
 * A pointer the kernel may write @want bytes through: mostly into @rg
 * (aligned, misaligned, flush against the guard page, or running into
 * it), sometimes into the arena's mappings, sometimes unwritable.
 * *avail is how much of it is writable memory (0 for a bad pointer).
 */
static uint64_t out_ptr(struct rng *r, const struct region *rg, size_t want,
			size_t *avail, bool low32)
{
	uint64_t base = (uint64_t)(uintptr_t)rg->base, p;
	size_t room;
	unsigned int k = below(r, 100);

	if (want > rg->size)
		want = rg->size;
	room = rg->size - want;
	if (k < 66) {
		p = base + (below(r, (uint32_t)room + 1) & ~7UL);
	} else if (k < 76) {
		p = base + room;			/* flush against the guard */
	} else if (k < 84) {
		p = base + below(r, (uint32_t)room + 1);	/* misaligned */
	} else if (k < 87) {
		p = base + rg->size - below(r, (uint32_t)want + 1); /* runs over */
	} else if (k < 92 && !low32) {
		p = L.arena_lo + below(r, (uint32_t)(L.arena_hi - L.arena_lo));
		if (avail)
			*avail = (size_t)(L.arena_hi - p);
		return p;
	} else {
		if (avail)
			*avail = 0;
		return bad_ptr(r, low32);
	}
	if (avail)
		*avail = (size_t)(base + rg->size - p);
	return p;
}

/* A pointer the kernel reads from: any of the above, or the zero page. */
static uint64_t in_ptr(struct rng *r, const struct region *rg, size_t want,
		       size_t *avail, bool low32)
{
	if (!low32 && chance(r, 5)) {
		if (avail)
			*avail = PAGE;
		return (uint64_t)(uintptr_t)L.ro;
	}
	return out_ptr(r, rg, want, avail, low32);
}

/* ------------------------------------------------- memory meter */

/* MemAvailable in KiB, or -1. */
static long mem_available_kb(void)
{
	char buf[4096];
	ssize_t n;
	char *p;
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "MemAvailable:");
	return p ? strtol(p + 13, NULL, 10) : -1;
}

static bool shedding(void)
{
	return __atomic_load_n(&g_sh->shed, __ATOMIC_RELAXED);
}

static bool must_stop(void)
{
	return g_stop || __atomic_load_n(&g_sh->stop, __ATOMIC_RELAXED) ||
	       now_ns() > __atomic_load_n(&g_sh->deadline, __ATOMIC_RELAXED);
}

/*
 * Linux signals: in some processes a helper thread sends SIGUSR1 to the
 * operation threads every few milliseconds, so waits, calls and faults get
 * interrupted and restarted.
 */
static int g_signals;		/* this process sends them */

/*
 * Parked calls (libzx mode, LOP_PARK): a thread arms a jump before
 * zx_channel_call(), and a SIGUSR1 arriving during the call leaves it with
 * siglongjmp(), as a handler abandoning a request would.  The call stays
 * suspended in the kernel; the reply (the server's, often carrying
 * handles, channel ends among them) lands in it and is never taken.
 */
static __thread sigjmp_buf park_env;
static __thread volatile sig_atomic_t park_armed;

static void sigusr_handler(int sig)
{
	(void)sig;
	if (park_armed) {
		park_armed = 0;
		siglongjmp(park_env, 1);
	}
}

static void signals_init(struct rng *r)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sigusr_handler;
	sa.sa_flags = chance(r, 50) ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	g_signals = chance(r, 60);
}

static void signal_a_thread(struct rng *r)
{
	pid_t tid;

	if (!g_signals)
		return;
	tid = __atomic_load_n(&g_ps->t[below(r, opt.threads)].tid,
			      __ATOMIC_RELAXED);
	if (tid > 0)
		syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
}

/*
 * Threads start their operations only once every thread of the process
 * exists: after that the fuzzer maps nothing of its own, so an address
 * range that an operation freed can only ever hold a zircon mapping.
 */
static int g_go;

static void wait_for_go(void)
{
	while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE))
		sched_yield();
}

static uint64_t thread_seed(int proc, int thread)
{
	return mix64(g_iter_seed ^ mix64(((uint64_t)proc << 32) |
					 (uint64_t)(thread + 1)));
}

/* ====================================================== ioctl mode */

/*
 * Field kinds of the argument structs.  The layouts come from the uapi
 * structs themselves (offsetof/sizeof), and ioctl_check_descs() verifies
 * at startup that the fields of each struct cover it exactly, so a change
 * of the ABI that the table does not follow stops the fuzzer at once.
 */
enum kind {
	K_VAL32 = 1,	/* anything */
	K_VAL64,
	K_HANDLE,	/* a handle: valid, stale, random; aux: preferred type */
	K_VMEX,		/* replace_as_executable's vmex: mostly 0 */
	K_RIGHTS,
	K_OPTS,		/* options/flags; aux: the defined bits */
	K_RSVD,		/* reserved: mostly 0 */
	K_OUT,		/* kernel writes; aux: typical bytes; link: length */
	K_OUTNULL,	/* like K_OUT, often NULL */
	K_IN,		/* kernel reads; aux: typical bytes; link: length */
	K_LEN,		/* a length; aux: element size (0: bytes) */
	K_OFF,		/* an offset into a VMO */
	K_VMOSIZE,
	K_TOPIC,
	K_PROP,
	K_SIG,
	K_DEADLINE,
	K_FD,
	K_PSIZE,	/* ptr_size: 4 or 8 */
	K_CSIZE,	/* count_size: 4 or 8 */
	K_VMOOP,
	K_POLICY,
	K_VMOPTS,	/* ZX_VM_* options; aux 0 map, 1 protect, 2 unmap */
	K_VMAROFF,
	K_ADDR,		/* an address for unmap/protect */
	K_HARR,		/* handles to write; aux 1: dispositions; link: count */
	K_BYTES,	/* channel bytes, or iovecs with USE_IOVEC; link: count */
	K_CARGS,	/* zx_channel_call_args_t; aux 1: the _etc_ one */
	K_CLOSEARR,	/* handles to close; link: count */
	K_COUNT,	/* a count set by its array */
};

struct ifield {
	uint16_t off;
	uint8_t size;
	uint8_t kind;
	uint8_t link;
	uint32_t aux;
};

#define NL	0xff
#define FLD(S, M, K, A, LNK) \
	{ offsetof(struct S, M), sizeof(((struct S *)0)->M), K, LNK, A }

struct idesc {
	unsigned long cmd;
	const char *name;
	uint16_t size;
	uint8_t nf;
	struct ifield f[8];
};

#define D(CMD, S, ...) \
	{ CMD, #CMD, sizeof(struct S), \
	  sizeof((struct ifield[]){ __VA_ARGS__ }) / sizeof(struct ifield), \
	  { __VA_ARGS__ } }

static const struct idesc idescs[] = {
	D(ZX_IOC_VERSION, zx_ioc_version,
	  FLD(zx_ioc_version, major, K_VAL32, 0, NL),
	  FLD(zx_ioc_version, minor, K_VAL32, 0, NL),
	  FLD(zx_ioc_version, features, K_VAL64, 0, NL)),
	{ ZX_IOC_HANDLE_CLOSE, "ZX_IOC_HANDLE_CLOSE", 0, 0, { { 0 } } },
	D(ZX_IOC_HANDLE_CLOSE_MANY, zx_ioc_handle_close_many,
	  FLD(zx_ioc_handle_close_many, handles, K_CLOSEARR, 0, 1),
	  FLD(zx_ioc_handle_close_many, num_handles, K_COUNT, 0, NL)),
	D(ZX_IOC_HANDLE_DUPLICATE, zx_ioc_handle_dup,
	  FLD(zx_ioc_handle_dup, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_handle_dup, rights, K_RIGHTS, 0, NL),
	  FLD(zx_ioc_handle_dup, out, K_OUT, 4, NL)),
	D(ZX_IOC_HANDLE_REPLACE, zx_ioc_handle_dup,
	  FLD(zx_ioc_handle_dup, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_handle_dup, rights, K_RIGHTS, 0, NL),
	  FLD(zx_ioc_handle_dup, out, K_OUT, 4, NL)),
	D(ZX_IOC_OBJECT_GET_INFO, zx_ioc_object_get_info,
	  FLD(zx_ioc_object_get_info, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_get_info, topic, K_TOPIC, 0, NL),
	  FLD(zx_ioc_object_get_info, buffer, K_OUTNULL, 256, 3),
	  FLD(zx_ioc_object_get_info, buffer_size, K_LEN, 0, NL),
	  FLD(zx_ioc_object_get_info, actual, K_OUTNULL, 8, NL),
	  FLD(zx_ioc_object_get_info, avail, K_OUTNULL, 8, NL),
	  FLD(zx_ioc_object_get_info, count_size, K_CSIZE, 0, NL),
	  FLD(zx_ioc_object_get_info, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_OBJECT_GET_PROPERTY, zx_ioc_object_property,
	  FLD(zx_ioc_object_property, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_property, property, K_PROP, 0, NL),
	  FLD(zx_ioc_object_property, value, K_OUT, 32, 3),
	  FLD(zx_ioc_object_property, value_size, K_LEN, 0, NL)),
	D(ZX_IOC_OBJECT_SET_PROPERTY, zx_ioc_object_property,
	  FLD(zx_ioc_object_property, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_property, property, K_PROP, 0, NL),
	  FLD(zx_ioc_object_property, value, K_IN, 32, 3),
	  FLD(zx_ioc_object_property, value_size, K_LEN, 0, NL)),
	D(ZX_IOC_OBJECT_SIGNAL, zx_ioc_object_signal,
	  FLD(zx_ioc_object_signal, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_signal, clear_mask, K_SIG, 0, NL),
	  FLD(zx_ioc_object_signal, set_mask, K_SIG, 0, NL),
	  FLD(zx_ioc_object_signal, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_OBJECT_SIGNAL_PEER, zx_ioc_object_signal,
	  FLD(zx_ioc_object_signal, handle, K_HANDLE, ZX_OBJ_TYPE_EVENTPAIR, NL),
	  FLD(zx_ioc_object_signal, clear_mask, K_SIG, 0, NL),
	  FLD(zx_ioc_object_signal, set_mask, K_SIG, 0, NL),
	  FLD(zx_ioc_object_signal, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_OBJECT_WAIT_ONE, zx_ioc_object_wait_one,
	  FLD(zx_ioc_object_wait_one, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_object_wait_one, signals, K_SIG, 0, NL),
	  FLD(zx_ioc_object_wait_one, deadline, K_DEADLINE, 0, NL),
	  FLD(zx_ioc_object_wait_one, observed, K_OUTNULL, 4, NL)),
	D(ZX_IOC_EVENT_CREATE, zx_ioc_create,
	  FLD(zx_ioc_create, options, K_OPTS, 0, NL),
	  FLD(zx_ioc_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_create, out0, K_OUT, 4, NL),
	  FLD(zx_ioc_create, out1, K_OUTNULL, 4, NL)),
	D(ZX_IOC_EVENTPAIR_CREATE, zx_ioc_create,
	  FLD(zx_ioc_create, options, K_OPTS, 0, NL),
	  FLD(zx_ioc_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_create, out0, K_OUT, 4, NL),
	  FLD(zx_ioc_create, out1, K_OUT, 4, NL)),
	D(ZX_IOC_HANDLE_TO_FD, zx_ioc_handle_to_fd,
	  FLD(zx_ioc_handle_to_fd, handle, K_HANDLE, 0, NL),
	  FLD(zx_ioc_handle_to_fd, flags, K_OPTS, ZX_FD_CLOEXEC, NL),
	  FLD(zx_ioc_handle_to_fd, out_fd, K_OUT, 4, NL)),
	D(ZX_IOC_FD_TO_HANDLE, zx_ioc_fd_to_handle,
	  FLD(zx_ioc_fd_to_handle, fd, K_FD, 0, NL),
	  FLD(zx_ioc_fd_to_handle, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_fd_to_handle, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMO_CREATE, zx_ioc_vmo_create,
	  FLD(zx_ioc_vmo_create, size, K_VMOSIZE, 0, NL),
	  FLD(zx_ioc_vmo_create, options, K_OPTS,
	      ZX_VMO_RESIZABLE | ZX_VMO_DISCARDABLE | ZX_VMO_TRAP_DIRTY |
	      ZX_VMO_UNBOUNDED, NL),
	  FLD(zx_ioc_vmo_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmo_create, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMO_READ, zx_ioc_vmo_rw,
	  FLD(zx_ioc_vmo_rw, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_rw, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmo_rw, buffer, K_OUT, 8192, 4),
	  FLD(zx_ioc_vmo_rw, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmo_rw, length, K_LEN, 0, NL)),
	D(ZX_IOC_VMO_WRITE, zx_ioc_vmo_rw,
	  FLD(zx_ioc_vmo_rw, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_rw, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmo_rw, buffer, K_IN, 8192, 4),
	  FLD(zx_ioc_vmo_rw, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmo_rw, length, K_LEN, 0, NL)),
	D(ZX_IOC_VMO_GET_SIZE, zx_ioc_vmo_size,
	  FLD(zx_ioc_vmo_size, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_size, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmo_size, value, K_OUT, 8, NL)),
	D(ZX_IOC_VMO_SET_SIZE, zx_ioc_vmo_size,
	  FLD(zx_ioc_vmo_size, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_size, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmo_size, value, K_VMOSIZE, 0, NL)),
	D(ZX_IOC_VMO_OP_RANGE, zx_ioc_vmo_op_range,
	  FLD(zx_ioc_vmo_op_range, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_op_range, op, K_VMOOP, 0, NL),
	  FLD(zx_ioc_vmo_op_range, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmo_op_range, size, K_LEN, 0, NL),
	  FLD(zx_ioc_vmo_op_range, buffer, K_OUTNULL, 16, 5),
	  FLD(zx_ioc_vmo_op_range, buffer_size, K_LEN, 0, NL)),
	D(ZX_IOC_VMO_CREATE_CHILD, zx_ioc_vmo_create_child,
	  FLD(zx_ioc_vmo_create_child, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_create_child, options, K_OPTS,
	      ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE |
	      ZX_VMO_CHILD_SLICE | ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE |
	      ZX_VMO_CHILD_NO_WRITE | ZX_VMO_CHILD_REFERENCE |
	      ZX_VMO_CHILD_SNAPSHOT_MODIFIED, NL),
	  FLD(zx_ioc_vmo_create_child, offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmo_create_child, size, K_VMOSIZE, 0, NL),
	  FLD(zx_ioc_vmo_create_child, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMO_SET_CACHE_POLICY, zx_ioc_vmo_cache_policy,
	  FLD(zx_ioc_vmo_cache_policy, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmo_cache_policy, policy, K_POLICY, 0, NL)),
	D(ZX_IOC_VMO_REPLACE_AS_EXECUTABLE, zx_ioc_handle_dup,
	  FLD(zx_ioc_handle_dup, handle, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_handle_dup, rights, K_VMEX, 0, NL),
	  FLD(zx_ioc_handle_dup, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMAR_ROOT, zx_ioc_vmar_root,
	  FLD(zx_ioc_vmar_root, out, K_OUT, 4, NL)),
	D(ZX_IOC_VMAR_MAP, zx_ioc_vmar_map,
	  FLD(zx_ioc_vmar_map, vmar, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmar_map, options, K_VMOPTS, 0, NL),
	  FLD(zx_ioc_vmar_map, vmar_offset, K_VMAROFF, 0, NL),
	  FLD(zx_ioc_vmar_map, vmo, K_HANDLE, ZX_OBJ_TYPE_VMO, NL),
	  FLD(zx_ioc_vmar_map, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_vmar_map, vmo_offset, K_OFF, 0, NL),
	  FLD(zx_ioc_vmar_map, len, K_LEN, 0, NL),
	  FLD(zx_ioc_vmar_map, out, K_OUT, 8, NL)),
	D(ZX_IOC_VMAR_UNMAP, zx_ioc_vmar_range,
	  FLD(zx_ioc_vmar_range, vmar, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmar_range, options, K_VMOPTS, 2, NL),
	  FLD(zx_ioc_vmar_range, addr, K_ADDR, 0, NL),
	  FLD(zx_ioc_vmar_range, len, K_LEN, 0, NL)),
	D(ZX_IOC_VMAR_PROTECT, zx_ioc_vmar_range,
	  FLD(zx_ioc_vmar_range, vmar, K_HANDLE, ZX_OBJ_TYPE_VMAR, NL),
	  FLD(zx_ioc_vmar_range, options, K_VMOPTS, 1, NL),
	  FLD(zx_ioc_vmar_range, addr, K_ADDR, 0, NL),
	  FLD(zx_ioc_vmar_range, len, K_LEN, 0, NL)),
	D(ZX_IOC_CHANNEL_CREATE, zx_ioc_create,
	  FLD(zx_ioc_create, options, K_OPTS, 0, NL),
	  FLD(zx_ioc_create, reserved, K_RSVD, 0, NL),
	  FLD(zx_ioc_create, out0, K_OUT, 4, NL),
	  FLD(zx_ioc_create, out1, K_OUT, 4, NL)),
	D(ZX_IOC_CHANNEL_WRITE, zx_ioc_channel_write,
	  FLD(zx_ioc_channel_write, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL),
	  FLD(zx_ioc_channel_write, options, K_OPTS,
	      ZX_CHANNEL_WRITE_USE_IOVEC, NL),
	  FLD(zx_ioc_channel_write, bytes, K_BYTES, 0, 4),
	  FLD(zx_ioc_channel_write, handles, K_HARR, 0, 5),
	  FLD(zx_ioc_channel_write, num_bytes, K_COUNT, 0, NL),
	  FLD(zx_ioc_channel_write, num_handles, K_COUNT, 0, NL),
	  FLD(zx_ioc_channel_write, ptr_size, K_PSIZE, 0, NL),
	  FLD(zx_ioc_channel_write, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_CHANNEL_WRITE_ETC, zx_ioc_channel_write,
	  FLD(zx_ioc_channel_write, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL),
	  FLD(zx_ioc_channel_write, options, K_OPTS,
	      ZX_CHANNEL_WRITE_USE_IOVEC, NL),
	  FLD(zx_ioc_channel_write, bytes, K_BYTES, 0, 4),
	  FLD(zx_ioc_channel_write, handles, K_HARR, 1, 5),
	  FLD(zx_ioc_channel_write, num_bytes, K_COUNT, 0, NL),
	  FLD(zx_ioc_channel_write, num_handles, K_COUNT, 0, NL),
	  FLD(zx_ioc_channel_write, ptr_size, K_PSIZE, 0, NL),
	  FLD(zx_ioc_channel_write, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_CHANNEL_READ, zx_ioc_channel_read,
	  FLD(zx_ioc_channel_read, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL),
	  FLD(zx_ioc_channel_read, options, K_OPTS,
	      ZX_CHANNEL_READ_MAY_DISCARD, NL),
	  FLD(zx_ioc_channel_read, bytes, K_OUT, 4096, 4),
	  FLD(zx_ioc_channel_read, handles, K_OUT, 256, 5),
	  FLD(zx_ioc_channel_read, num_bytes, K_LEN, 0, NL),
	  FLD(zx_ioc_channel_read, num_handles, K_LEN, 4, NL),
	  FLD(zx_ioc_channel_read, actual_bytes, K_OUTNULL, 4, NL),
	  FLD(zx_ioc_channel_read, actual_handles, K_OUTNULL, 4, NL)),
	D(ZX_IOC_CHANNEL_READ_ETC, zx_ioc_channel_read,
	  FLD(zx_ioc_channel_read, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL),
	  FLD(zx_ioc_channel_read, options, K_OPTS,
	      ZX_CHANNEL_READ_MAY_DISCARD, NL),
	  FLD(zx_ioc_channel_read, bytes, K_OUT, 4096, 4),
	  FLD(zx_ioc_channel_read, handles, K_OUT, 1024, 5),
	  FLD(zx_ioc_channel_read, num_bytes, K_LEN, 0, NL),
	  FLD(zx_ioc_channel_read, num_handles, K_LEN, 16, NL),
	  FLD(zx_ioc_channel_read, actual_bytes, K_OUTNULL, 4, NL),
	  FLD(zx_ioc_channel_read, actual_handles, K_OUTNULL, 4, NL)),
	D(ZX_IOC_CHANNEL_CALL, zx_ioc_channel_call,
	  FLD(zx_ioc_channel_call, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL),
	  FLD(zx_ioc_channel_call, options, K_OPTS,
	      ZX_CHANNEL_WRITE_USE_IOVEC, NL),
	  FLD(zx_ioc_channel_call, deadline, K_DEADLINE, 0, NL),
	  FLD(zx_ioc_channel_call, args, K_CARGS, 0, NL),
	  FLD(zx_ioc_channel_call, actual_bytes, K_OUT, 4, NL),
	  FLD(zx_ioc_channel_call, actual_handles, K_OUT, 4, NL),
	  FLD(zx_ioc_channel_call, ptr_size, K_PSIZE, 0, NL),
	  FLD(zx_ioc_channel_call, reserved, K_RSVD, 0, NL)),
	D(ZX_IOC_CHANNEL_CALL_ETC, zx_ioc_channel_call,
	  FLD(zx_ioc_channel_call, handle, K_HANDLE, ZX_OBJ_TYPE_CHANNEL, NL),
	  FLD(zx_ioc_channel_call, options, K_OPTS,
	      ZX_CHANNEL_WRITE_USE_IOVEC, NL),
	  FLD(zx_ioc_channel_call, deadline, K_DEADLINE, 0, NL),
	  FLD(zx_ioc_channel_call, args, K_CARGS, 1, NL),
	  FLD(zx_ioc_channel_call, actual_bytes, K_OUT, 4, NL),
	  FLD(zx_ioc_channel_call, actual_handles, K_OUT, 4, NL),
	  FLD(zx_ioc_channel_call, ptr_size, K_PSIZE, 0, NL),
	  FLD(zx_ioc_channel_call, reserved, K_RSVD, 0, NL)),
};

#define N_IDESCS (sizeof(idescs) / sizeof(idescs[0]))

static const struct idesc *desc_by_nr(unsigned int nr)
{
	for (size_t i = 0; i < N_IDESCS; i++)
		if (_IOC_NR(idescs[i].cmd) == nr)
			return &idescs[i];
	return NULL;
}

static const struct idesc *desc_by_cmd(unsigned long cmd)
{
	for (size_t i = 0; i < N_IDESCS; i++)
		if (idescs[i].cmd == cmd)
			return &idescs[i];
	return NULL;
}

static const char *nr_name(unsigned int nr)
{
	const struct idesc *d = desc_by_nr(nr);

	return d ? d->name + 7 : "unknown request";	/* skip "ZX_IOC_" */
}

/* The fields of each struct must tile it exactly (the ABI has no holes). */
static int ioctl_check_descs(void)
{
	for (size_t i = 0; i < N_IDESCS; i++) {
		const struct idesc *d = &idescs[i];
		unsigned int at = 0;

		for (unsigned int k = 0; k < d->nf; k++) {
			if (d->f[k].off != at) {
				fprintf(stderr, "zx_fuzz: %s: field %u at %u, expected %u: the fuzzer's table does not follow uapi/linux/zircon.h\n",
					d->name, k, d->f[k].off, at);
				return -1;
			}
			at += d->f[k].size;
		}
		if (at != d->size || (d->size && _IOC_SIZE(d->cmd) != d->size)) {
			fprintf(stderr, "zx_fuzz: %s: fields cover %u of %u bytes (request size %u): update the fuzzer's table\n",
				d->name, at, d->size,
				(unsigned int)_IOC_SIZE(d->cmd));
			return -1;
		}
	}
	return 0;
}

#define IPOOL	96
#define ISTALE	64
#define IFDS	24
#define IMAPS	24

/* Per-process state of the ioctl mode, shared by its threads. */
static struct {
	int fd;			/* our table */
	int fd2;		/* a second table of the same process */
	int parent_fd;		/* the coordinator's: EPERM here */
	uint32_t pool[IPOOL];
	uint8_t ptype[IPOOL];	/* object type of each (a hint) */
	uint32_t stale[ISTALE];
	uint32_t stale_pos;
	int bfds[IFDS];		/* bridge descriptors made here */
	uint64_t maps[IMAPS];	/* mappings outside the arena: addr | pages-1 */
} I;

struct ictx {
	struct tctx t;
	bool sane;		/* this request is built well-formed */
	struct region scratch;	/* the kernel writes here */
	struct region inbuf;	/* data the kernel reads, and the arg struct */
	struct region harr;	/* handle arrays, flush against the guard */
	struct region s32;	/* below 4 GiB, for ptr_size 4 */
	struct region h32;
};

/* Zones of inbuf. */
#define IN_DATA		0
#define IN_DATA_SIZE	(64 * 1024)
#define IN_TABLES	(64 * 1024)	/* iovec arrays, close arrays, call args */
#define IN_STRUCT	(96 * 1024)	/* the argument struct */
#define IN_SIZE		(128 * 1024)

/* A pool entry, preferably a live one of @type (0: any). */
static uint32_t ipool_get(struct rng *r, uint32_t type)
{
	uint32_t h = 0;

	if (type && chance(r, 75)) {
		for (int k = 0; k < 12; k++) {
			int i = (int)below(r, IPOOL);

			if (__atomic_load_n(&I.ptype[i], __ATOMIC_RELAXED) != type)
				continue;
			h = __atomic_load_n(&I.pool[i], __ATOMIC_RELAXED);
			if (h)
				return h;
		}
	}
	for (int k = 0; k < 6 && !h; k++)
		h = __atomic_load_n(&I.pool[below(r, IPOOL)], __ATOMIC_RELAXED);
	return h;
}

/* A handle that was consumed or closed leaves the pool. */
static void ipool_forget(uint32_t h)
{
	if (!h)
		return;
	for (int i = 0; i < IPOOL; i++) {
		uint32_t v = h;

		if (__atomic_load_n(&I.pool[i], __ATOMIC_RELAXED) == h)
			__atomic_compare_exchange_n(&I.pool[i], &v, 0, false,
						    __ATOMIC_RELAXED,
						    __ATOMIC_RELAXED);
	}
}

static void ipool_forget(uint32_t h);

static void istale_add(uint32_t h)
{
	uint32_t i = __atomic_fetch_add(&I.stale_pos, 1, __ATOMIC_RELAXED);

	if (h)
		__atomic_store_n(&I.stale[i % ISTALE], h, __ATOMIC_RELAXED);
	ipool_forget(h);
}

static long raw(int fd, unsigned long cmd, void *arg)
{
	long r = ioctl(fd, cmd, arg);

	return r < 0 ? -errno - 1000 : r;
}

/* Object type and rank (lower koid of a channel pair) of @h in @fd's table. */
static bool raw_basic(int fd, uint32_t h, uint32_t *type, uint64_t *rank)
{
	zx_info_handle_basic_t b;
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_BASIC,
		.buffer = (uintptr_t)&b, .buffer_size = sizeof(b),
		.count_size = 8,
	};

	if (ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &a) != 0)
		return false;
	*type = b.type;
	*rank = b.koid;
	if (b.related_koid && b.related_koid < b.koid)
		*rank = b.related_koid;
	return true;
}

static void ipool_add(struct rng *r, uint32_t h)
{
	uint32_t type;
	uint64_t rank;
	uint32_t old;

	int i = (int)below(r, IPOOL);

	if (!h || !raw_basic(I.fd, h, &type, &rank))
		return;
	old = __atomic_exchange_n(&I.pool[i], h, __ATOMIC_RELAXED);
	__atomic_store_n(&I.ptype[i], (uint8_t)type, __ATOMIC_RELAXED);
	if (old && chance(r, 90)) {
		ioctl(I.fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)old);
		istale_add(old);
	}
}

/*
 * Mappings are remembered as one word, address | (pages - 1), so that no
 * thread ever pairs one mapping's address with another's length.
 */
static void unmap_packed(uint64_t e)
{
	if (e)
		munmap((void *)(uintptr_t)(e & ~(PAGE - 1)),
		       ((e & (PAGE - 1)) + 1) * PAGE);
}

/* Drops about a third of the pool (the memory meter asked for it). */
static void ipool_shed(struct rng *r)
{
	for (int i = 0; i < IPOOL; i++) {
		uint32_t h;

		if (!chance(r, 33))
			continue;
		h = __atomic_exchange_n(&I.pool[i], 0, __ATOMIC_RELAXED);
		if (h) {
			ioctl(I.fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)h);
			count(&g_ps->shed);
		}
	}
	for (int i = 0; i < IMAPS; i++)
		unmap_packed(__atomic_exchange_n(&I.maps[i], 0, __ATOMIC_RELAXED));
}

static uint32_t pick_handle(struct rng *r, uint32_t type)
{
	uint32_t h;

	switch (below(r, 40)) {
	case 0: case 1:
		return __atomic_load_n(&I.stale[below(r, ISTALE)],
				       __ATOMIC_RELAXED);
	case 2:
		return 0;
	case 3:
		return ((below(r, 64) + 1) << 2) | 3;	/* a small id */
	case 4:
		return ipool_get(r, 0) & ~3u;		/* fixed bits missing */
	case 5:
		return (uint32_t)rnd(r);
	case 6:
		return chance(r, 50) ? 0xffffffffu : 0xfffffffbu;
	case 7:
		h = ipool_get(r, 0);
		return h ? h + 4 : 0;			/* a neighbour's id */
	default:
		return ipool_get(r, type);
	}
}

static uint32_t pick_rights(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: case 1:
		return ZX_RIGHT_SAME_RIGHTS;
	case 2:
		return (uint32_t)rnd(r) & (ZX_RIGHTS_BASIC | ZX_RIGHTS_IO |
					   ZX_RIGHT_MAP | ZX_RIGHT_SIGNAL |
					   ZX_RIGHT_SIGNAL_PEER |
					   ZX_RIGHTS_PROPERTY |
					   ZX_RIGHT_EXECUTE | ZX_RIGHT_RESIZE);
	case 3:
		return 0;
	case 4:
		return ZX_RIGHTS_BASIC;
	default:
		return (uint32_t)rnd(r);
	}
}

static uint32_t pick_signals(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: case 1:
		return ZX_USER_SIGNAL_0 << below(r, 8);
	case 2:
		return (uint32_t)rnd(r) & ZX_USER_SIGNAL_ALL;
	case 3:
		return ZX_EVENT_SIGNALED |
		       ((uint32_t)rnd(r) & ZX_USER_SIGNAL_ALL);
	case 4:
		return 0;
	default:
		return (uint32_t)rnd(r);
	}
}

/* Deadlines are never far away: an op must not sleep for long. */
static int64_t pick_deadline(struct rng *r)
{
	int64_t now = now_ns();

	switch (below(r, 8)) {
	case 0:
		return 0;
	case 1:
		return now - (int64_t)below(r, 1000000000);
	case 2:
		return INT64_MIN;
	case 3:
		return -1;
	default:
		return now + (int64_t)below(r, 20000000);
	}
}

static int64_t clamp_deadline(struct rng *r, int64_t d)
{
	int64_t lim = now_ns() + 30000000;

	return d > lim ? now_ns() + (int64_t)below(r, 30000000) : d;
}

static uint32_t pick_topic(struct rng *r)
{
	static const uint32_t topics[] = {
		ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
		ZX_INFO_HANDLE_COUNT, ZX_INFO_VMO, ZX_INFO_VMO_V1,
		ZX_INFO_VMO_V2, ZX_INFO_VMO_V3, ZX_INFO_VMAR, ZX_INFO_NONE,
		ZX_INFO_PROCESS, ZX_INFO_HANDLE_TABLE, ZX_INFO_VMAR_MAPS,
	};

	if (chance(r, 90))
		return topics[below(r, sizeof(topics) / sizeof(topics[0]))];
	return (uint32_t)rnd(r);
}

static uint64_t pick_vmo_size(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2:
		return (uint64_t)below(r, 16) * PAGE;
	case 3:
		return below(r, 3 * PAGE);
	case 4:
		return (uint64_t)below(r, 256) * PAGE;
	default:
		return pick_interesting(r);
	}
}

static uint64_t pick_offset(struct rng *r)
{
	switch (below(r, 6)) {
	case 0: case 1:
		return 0;
	case 2:
		return (uint64_t)below(r, 16) * PAGE;
	case 3:
		return below(r, 5 * PAGE);
	default:
		return pick_interesting(r);
	}
}

static uint32_t pick_vm_options(struct rng *r, unsigned int which)
{
	uint32_t o = 0;

	if (which == 2)		/* unmap: only 0 is valid */
		return chance(r, 85) ? 0 : pick_flags(r, 0xffffffff);
	switch (below(r, 6)) {
	case 0:
		o = ZX_VM_PERM_READ;
		break;
	case 1: case 2:
		o = ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;
		break;
	case 3:
		o = (uint32_t)rnd(r) & (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE |
					ZX_VM_PERM_EXECUTE |
					ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED);
		break;
	case 4:
		o = 0;
		break;
	default:
		o = ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE;
	}
	if (which == 1)
		return chance(r, 90) ? o : (uint32_t)rnd(r);
	if (chance(r, 25))
		o |= ZX_VM_SPECIFIC;
	else if (chance(r, 15))
		o |= ZX_VM_SPECIFIC_OVERWRITE;
	else if (chance(r, 10))
		o |= ZX_VM_OFFSET_IS_UPPER_LIMIT;
	if (chance(r, 15))
		o |= ZX_VM_MAP_RANGE;
	if (chance(r, 30))
		o |= ZX_VM_ALLOW_FAULTS;
	if (chance(r, 10))
		o |= ZX_VM_REQUIRE_NON_RESIZABLE;
	if (chance(r, 15))
		o |= (uint32_t)(9 + below(r, 25)) << ZX_VM_ALIGN_BASE;
	if (chance(r, 5))
		o |= 1U << below(r, 32);
	return o;
}

static int pick_fd(struct rng *r)
{
	switch (below(r, 8)) {
	case 0: case 1: case 2: case 3:
		return __atomic_load_n(&I.bfds[below(r, IFDS)],
				       __ATOMIC_RELAXED);
	case 4:
		return (int)below(r, 64);
	case 5:
		return -1;
	case 6:
		return I.fd;
	default:
		return (int)rnd(r);
	}
}

static void put_field(uint8_t *s, const struct ifield *f, uint64_t v)
{
	if (f->size == 4) {
		uint32_t v32 = (uint32_t)v;

		memcpy(s + f->off, &v32, 4);
	} else {
		memcpy(s + f->off, &v, 8);
	}
}

static uint64_t get_field(const uint8_t *s, const struct ifield *f)
{
	uint32_t v32;
	uint64_t v;

	if (f->size == 4) {
		memcpy(&v32, s + f->off, 4);
		return v32;
	}
	memcpy(&v, s + f->off, 8);
	return v;
}

static bool is_scalar(uint8_t kind)
{
	switch (kind) {
	case K_OUT: case K_OUTNULL: case K_IN: case K_HARR: case K_BYTES:
	case K_CARGS: case K_CLOSEARR:
		return false;
	}
	return true;
}

/* A live pool handle, of @type when there is one. */
static uint32_t ipool_live(struct rng *r, uint32_t type)
{
	int i = (int)below(r, IPOOL);

	for (int k = 0; type && k < IPOOL; k++) {
		int j = (i + k) % IPOOL;
		uint32_t h = __atomic_load_n(&I.pool[j], __ATOMIC_RELAXED);

		if (h && __atomic_load_n(&I.ptype[j], __ATOMIC_RELAXED) == type)
			return h;
	}
	return ipool_get(r, 0);
}

/* Pass 1 of a well-formed request: valid values only. */
static uint64_t sane_value(struct ictx *c, const struct ifield *f)
{
	struct rng *r = &c->t.r;

	switch (f->kind) {
	case K_HANDLE:
		return ipool_live(r, f->aux);
	case K_RIGHTS:
		return chance(r, 70) ? ZX_RIGHT_SAME_RIGHTS :
		       (uint32_t)rnd(r) & (ZX_RIGHTS_BASIC | ZX_RIGHTS_IO |
					   ZX_RIGHT_MAP | ZX_RIGHT_SIGNAL);
	case K_OPTS:
		return chance(r, 70) ? 0 : f->aux & (1U << below(r, 32));
	case K_LEN:
		return chance(r, 60) ? (uint64_t)(1 + below(r, 16)) * PAGE :
				       below(r, 4096);
	case K_OFF:
		return chance(r, 60) ? 0 : (uint64_t)below(r, 8) * PAGE;
	case K_VMOSIZE:
		return chance(r, 70) ? (uint64_t)(1 + below(r, 16)) * PAGE :
				       below(r, 65536);
	case K_TOPIC: {
		static const uint32_t t[] = {
			ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC,
			ZX_INFO_HANDLE_COUNT, ZX_INFO_VMO, ZX_INFO_VMO_V1,
			ZX_INFO_VMAR,
		};

		return t[below(r, sizeof(t) / sizeof(t[0]))];
	}
	case K_PROP:
		return chance(r, 50) ? ZX_PROP_NAME : ZX_PROP_VMO_CONTENT_SIZE;
	case K_SIG:
		return (uint32_t)rnd(r) & ZX_USER_SIGNAL_ALL;
	case K_DEADLINE:
		return (uint64_t)(now_ns() + below(r, 5000000));
	case K_FD:
		return (uint32_t)__atomic_load_n(&I.bfds[below(r, IFDS)],
						 __ATOMIC_RELAXED);
	case K_PSIZE:
	case K_CSIZE:
		return 8;
	case K_VMOOP:
		return 1 + below(r, 14);
	case K_VMOPTS: {
		uint32_t o = chance(r, 40) ? ZX_VM_PERM_READ :
			     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;

		if (f->aux == 2)
			return 0;
		if (f->aux == 0 && chance(r, 50))
			o |= ZX_VM_SPECIFIC;
		if (f->aux == 0 && chance(r, 30))
			o |= ZX_VM_ALLOW_FAULTS;
		return o;
	}
	case K_ADDR:
		return L.arena_lo + (uint64_t)below(r, 256) * PAGE;
	case K_VMAROFF:
		return L.arena_lo - L.vmar_base + (uint64_t)below(r, 256) * PAGE;
	case K_COUNT:
	case K_VMEX:
	case K_RSVD:
	case K_POLICY:
	default:
		return 0;
	}
}

/* Pass 1: every field that is not a pointer. */
static uint64_t scalar_value(struct ictx *c, const struct ifield *f)
{
	struct rng *r = &c->t.r;

	if (c->sane)
		return sane_value(c, f);
	switch (f->kind) {
	case K_HANDLE:
		return pick_handle(r, f->aux);
	case K_VMEX:
		return chance(r, 80) ? 0 : pick_handle(r, 0);
	case K_RIGHTS:
		return pick_rights(r);
	case K_OPTS:
		return pick_flags(r, f->aux);
	case K_RSVD:
		return chance(r, 92) ? 0 : (chance(r, 50) ? 1 : rnd(r));
	case K_LEN:
		return pick_len(r, 4096);
	case K_OFF:
		return pick_offset(r);
	case K_VMOSIZE:
		return pick_vmo_size(r);
	case K_TOPIC:
		return pick_topic(r);
	case K_PROP:
		switch (below(r, 5)) {
		case 0: case 1: return ZX_PROP_NAME;
		case 2: case 3: return ZX_PROP_VMO_CONTENT_SIZE;
		default: return below(r, 2) ? below(r, 32) : (uint32_t)rnd(r);
		}
	case K_SIG:
		return pick_signals(r);
	case K_DEADLINE:
		return (uint64_t)pick_deadline(r);
	case K_FD:
		return (uint32_t)pick_fd(r);
	case K_PSIZE:
	case K_CSIZE:
		return chance(r, 75) ? 8 : (chance(r, 80) ? 4 : below(r, 17));
	case K_VMOOP:
		return chance(r, 90) ? 1 + below(r, 14) : (uint32_t)rnd(r);
	case K_POLICY:
		return chance(r, 90) ? below(r, 5) : (uint32_t)rnd(r);
	case K_VMOPTS:
		return pick_vm_options(r, f->aux);
	case K_VMAROFF:
		switch (below(r, 4)) {
		case 0: return 0;
		case 1: return pick_interesting(r);
		default: return (L.arena_lo - L.vmar_base) +
				(uint64_t)below(r, (uint32_t)((L.arena_hi -
							      L.arena_lo) / PAGE)) * PAGE;
		}
	case K_ADDR:
		switch (below(r, 5)) {
		case 0: return bad_ptr(r, false);
		case 1: return pick_interesting(r);
		default: return L.arena_lo + (uint64_t)below(r, 4096) * PAGE;
		}
	case K_COUNT:
		return 0;	/* set by its array */
	case K_VAL32:
		return (uint32_t)(chance(r, 50) ? rnd(r) : pick_interesting(r));
	default:
		return chance(r, 50) ? rnd(r) : pick_interesting(r);
	}
}

/* Fills @n handle values (or dispositions) at the end of c->harr. */
static uint64_t build_handles(struct ictx *c, bool disp, uint32_t n,
			      bool low32)
{
	struct rng *r = &c->t.r;
	const struct region *rg = low32 ? &c->h32 : &c->harr;
	size_t esz = disp ? sizeof(zx_handle_disposition_t) : sizeof(zx_handle_t);
	uint8_t *p = rg->base + rg->size - n * esz;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t h = c->sane ? ipool_live(r, 0) : pick_handle(r, 0);

		if (disp) {
			zx_handle_disposition_t d = {
				.operation = chance(r, 60) ? ZX_HANDLE_OP_MOVE :
					     chance(r, 80) || c->sane ?
					     ZX_HANDLE_OP_DUPLICATE :
					     (uint32_t)rnd(r),
				.handle = h,
				.type = chance(r, 70) || c->sane ? 0 : below(r, 32),
				.rights = c->sane ? ZX_RIGHT_SAME_RIGHTS : pick_rights(r),
				.result = chance(r, 90) ? 0 : (int32_t)rnd(r),
			};

			memcpy(p + i * esz, &d, esz);
		} else {
			memcpy(p + i * esz, &h, esz);
		}
	}
	return (uint64_t)(uintptr_t)p;
}

static uint32_t pick_count(struct rng *r, uint32_t typical, uint32_t max)
{
	switch (below(r, 10)) {
	case 0:
		return 0;
	case 1:
		return max;
	case 2:
		return max + 1;
	default:
		return below(r, typical + 1);
	}
}

/* Writes a zx_channel_iovec_t array for @ptr_size into @dst; returns bytes. */
static size_t build_iovecs(struct ictx *c, uint8_t *dst, uint32_t n,
			   uint32_t ptr_size)
{
	struct rng *r = &c->t.r;
	size_t esz = ptr_size == 4 ? 12 : 16;

	for (uint32_t i = 0; i < n; i++) {
		size_t avail;
		uint32_t cap = (uint32_t)pick_len(r, 256);
		uint64_t buf = in_ptr(r, ptr_size == 4 ? &c->s32 : &c->inbuf,
				      cap, &avail, ptr_size == 4);
		uint32_t rsv = chance(r, 95) ? 0 : 1;
		uint8_t *e = dst + i * esz;

		if (chance(r, 80) && cap > avail)
			cap = (uint32_t)avail;
		if (ptr_size == 4) {
			uint32_t b32 = (uint32_t)buf;

			memcpy(e, &b32, 4);
			memcpy(e + 4, &cap, 4);
			memcpy(e + 8, &rsv, 4);
		} else {
			memcpy(e, &buf, 8);
			memcpy(e + 8, &cap, 4);
			memcpy(e + 12, &rsv, 4);
		}
	}
	return n * esz;
}

/*
 * zx_channel_call_args_t (or _etc_) for @ptr_size: four pointers, four
 * counts.  With ptr_size 4 every pointer is below 4 GiB (s32, h32).
 */
static uint64_t build_cargs(struct ictx *c, bool etc, uint32_t ptr_size,
			    uint32_t options)
{
	struct rng *r = &c->t.r;
	bool low = ptr_size == 4;
	struct region *rs = low ? &c->s32 : &c->scratch;
	struct region *ri = low ? &c->s32 : &c->inbuf;
	uint8_t *ca = low ? c->s32.base + c->s32.size - 256 :
			    c->inbuf.base + IN_TABLES + 4096;
	uint64_t p[4];
	uint32_t n[4];
	size_t avail;

	/* The bytes to write (an iovec array with USE_IOVEC). */
	n[0] = 4 + (c->sane ? below(r, 128) : (uint32_t)pick_len(r, 128));
	if (chance(r, 10) && !c->sane)
		n[0] = below(r, 4);
	if (options & ZX_CHANNEL_WRITE_USE_IOVEC) {
		uint8_t *iov = low ? c->s32.base + c->s32.size - 4096 :
				     c->inbuf.base + IN_TABLES + 8192;

		n[0] = below(r, 5);
		build_iovecs(c, iov, n[0], ptr_size);
		p[0] = (uint64_t)(uintptr_t)iov;
	} else {
		p[0] = in_ptr(r, ri, n[0], &avail, low);
		if (n[0] > ri->size / 2)
			n[0] = (uint32_t)(ri->size / 2);
	}
	n[1] = c->sane ? below(r, 3) : pick_count(r, 3, ZX_CHANNEL_MAX_MSG_HANDLES);
	p[1] = build_handles(c, etc, n[1] <= 64 ? n[1] : 64, low);
	if (chance(r, 3) && !c->sane)
		p[1] = bad_ptr(r, low);
	if (c->sane) {
		n[2] = 4096;
		p[2] = (uint64_t)(uintptr_t)rs->base;
		n[3] = 64;
		p[3] = (uint64_t)(uintptr_t)rs->base + rs->size - 64 * 16;
	} else {
		n[2] = (uint32_t)pick_len(r, 4096);
		p[2] = out_ptr(r, rs, n[2], &avail, low);
		n[3] = pick_count(r, 8, ZX_CHANNEL_MAX_MSG_HANDLES);
		p[3] = out_ptr(r, rs, n[3] * (etc ? 16 : 4), &avail, low);
	}
	for (int i = 0; i < 4; i++) {
		if (low) {
			uint32_t v = (uint32_t)p[i];

			memcpy(ca + 4 * i, &v, 4);
		} else {
			memcpy(ca + 8 * i, &p[i], 8);
		}
	}
	memcpy(ca + 4 * ptr_size, n, sizeof(n));
	return (uint64_t)(uintptr_t)ca;
}

/*
 * The pointers of a well-formed request: good memory, the lengths and
 * counts linked to them consistent.  Returns the pointer (0 for scalars).
 */
static uint64_t sane_pointer(struct ictx *c, const struct ifield *f,
			     const struct ifield *lf, uint32_t esz, uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint64_t base = (uint64_t)(uintptr_t)c->scratch.base, p, avail;
	uint32_t n;

	switch (f->kind) {
	case K_OUT:
	case K_OUTNULL:
		p = base + (below(r, (uint32_t)(c->scratch.size / 2)) & ~7UL);
		avail = base + c->scratch.size - p;
		if (lf)
			put_field(s, lf, chance(r, 50) ? avail / esz :
				  below(r, (uint32_t)(avail / esz) + 1));
		return p;
	case K_IN:
		p = (uint64_t)(uintptr_t)c->inbuf.base + IN_DATA +
		    (below(r, IN_DATA_SIZE / 2) & ~7UL);
		if (lf)
			put_field(s, lf, below(r, f->aux * 2 + 1));
		return p;
	case K_HARR:
		n = below(r, 4);
		put_field(s, lf, n);
		return build_handles(c, f->aux, n, false);
	case K_BYTES:
		n = below(r, 256);
		put_field(s, lf, n);
		return (uint64_t)(uintptr_t)c->inbuf.base + IN_DATA;
	case K_CARGS:
		return build_cargs(c, f->aux, 8, 0);
	case K_CLOSEARR: {
		uint32_t *a = (uint32_t *)(c->inbuf.base + IN_TABLES);

		n = 1 + below(r, 4);
		for (uint32_t i = 0; i < n; i++)
			a[i] = ipool_live(r, 0);
		put_field(s, lf, n);
		return (uint64_t)(uintptr_t)a;
	}
	}
	return 0;
}

/* Cross-field consistency of a well-formed request. */
static void sane_fixup(struct ictx *c, unsigned long cmd, uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint64_t addr, len;

	switch (cmd) {
	case ZX_IOC_EVENT_CREATE:
		((struct zx_ioc_create *)s)->out1 = 0;
		break;
	case ZX_IOC_VMO_CREATE_CHILD: {
		static const uint32_t types[] = {
			ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE,
			ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		};
		struct zx_ioc_vmo_create_child *a = (void *)s;

		a->options = types[below(r, 3)];
		if (chance(r, 10))
			a->options |= ZX_VMO_CHILD_NO_WRITE;
		else if (chance(r, 10) && a->options != ZX_VMO_CHILD_SLICE)
			a->options |= ZX_VMO_CHILD_RESIZABLE;
		break;
	}
	case ZX_IOC_VMO_OP_RANGE: {
		struct zx_ioc_vmo_op_range *a = (void *)s;

		a->buffer = 0;
		a->buffer_size = 0;
		break;
	}
	case ZX_IOC_VMAR_MAP: {
		struct zx_ioc_vmar_map *m = (void *)s;

		if (m->options & ZX_VM_SPECIFIC) {
			arena_range(r, &addr, &len);
			m->vmar_offset = addr - L.vmar_base;
			m->len = len;
		} else {
			m->vmar_offset = 0;
		}
		break;
	}
	case ZX_IOC_VMAR_UNMAP:
	case ZX_IOC_VMAR_PROTECT: {
		struct zx_ioc_vmar_range *u = (void *)s;

		arena_range(r, &addr, &len);
		u->addr = addr;
		u->len = len;
		break;
	}
	}
}

/* Pass 2: the pointers, consistent with the scalars chosen in pass 1. */
static void fill_pointers(struct ictx *c, const struct idesc *d, uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint32_t ptr_size = 8, options = 0;

	for (unsigned int k = 0; k < d->nf; k++) {
		if (d->f[k].kind == K_PSIZE)
			ptr_size = (uint32_t)get_field(s, &d->f[k]);
		if (d->f[k].kind == K_OPTS)
			options = (uint32_t)get_field(s, &d->f[k]);
	}
	for (unsigned int k = 0; k < d->nf; k++) {
		const struct ifield *f = &d->f[k];
		const struct ifield *lf = f->link != NL ? &d->f[f->link] : NULL;
		uint32_t esz = lf && lf->aux ? lf->aux : 1;
		size_t avail = 0;
		uint64_t p = 0, len;
		uint32_t n;

		if (c->sane) {
			p = sane_pointer(c, f, lf, esz, s);
			if (f->kind != K_COUNT && !is_scalar(f->kind))
				put_field(s, f, p);
			continue;
		}
		switch (f->kind) {
		case K_OUTNULL:
			if (chance(r, 30))
				break;
			/* fall through */
		case K_OUT:
			p = out_ptr(r, &c->scratch, f->aux, &avail, false);
			if (lf) {
				len = chance(r, 75) ? avail / esz :
						      pick_len(r, f->aux / esz);
				put_field(s, lf, len);
			}
			break;
		case K_IN:
			p = in_ptr(r, &c->inbuf, f->aux, &avail, false);
			if (lf)
				put_field(s, lf, chance(r, 70) ?
					  below(r, (uint32_t)avail + 1) :
					  pick_len(r, f->aux));
			break;
		case K_HARR:
			n = pick_count(r, 3, ZX_CHANNEL_MAX_MSG_HANDLES);
			p = build_handles(c, f->aux, n <= 64 ? n : 64, false);
			if (chance(r, 3))
				p = bad_ptr(r, false);
			put_field(s, lf, n);
			break;
		case K_BYTES:
			if (options & ZX_CHANNEL_WRITE_USE_IOVEC) {
				uint8_t *iov = c->inbuf.base + IN_TABLES;

				n = pick_count(r, 4, 8192);
				build_iovecs(c, iov, n <= 64 ? n : 64,
					     ptr_size == 4 ? 4 : 8);
				p = (uint64_t)(uintptr_t)iov;
			} else {
				n = (uint32_t)pick_len(r, 256);
				if (chance(r, 5))
					n = ZX_CHANNEL_MAX_MSG_BYTES +
					    below(r, 2);
				p = in_ptr(r, &c->inbuf, n, &avail, false);
				if (shedding() && n > 256)
					n = 256;
			}
			put_field(s, lf, n);
			break;
		case K_CARGS:
			if (chance(r, 4))
				p = bad_ptr(r, false);
			else if (ptr_size == 4 || ptr_size == 8)
				p = build_cargs(c, f->aux, ptr_size, options);
			else
				p = (uint64_t)(uintptr_t)L.ro;
			break;
		case K_CLOSEARR: {
			uint32_t *a = (uint32_t *)(c->inbuf.base + IN_TABLES);

			n = pick_count(r, 6, 64);
			for (uint32_t i = 0; i < n && i < 1024; i++)
				a[i] = pick_handle(r, 0);
			p = (uint64_t)(uintptr_t)a;
			if (chance(r, 5))
				p = bad_ptr(r, false);
			if (chance(r, 5))
				n = (uint32_t)pick_interesting(r);
			put_field(s, lf, n);
			break;
		}
		default:
			continue;
		}
		put_field(s, f, p);
	}
}

/*
 * Pass 3: mutations.  Scalars may become anything; pointers the kernel
 * writes through only ever become bad pointers (a flipped bit in one
 * could make the kernel scribble over the fuzzer).
 */
static void mutate(struct ictx *c, const struct idesc *d, uint8_t *s)
{
	struct rng *r = &c->t.r;
	unsigned int n = 1 + below(r, 3);

	if (!d->nf)
		return;
	for (unsigned int i = 0; i < n; i++) {
		const struct ifield *f = &d->f[below(r, d->nf)];
		uint64_t v = get_field(s, f);

		if (f->kind == K_PSIZE)
			continue;	/* the call args were laid out for it */
		if (!is_scalar(f->kind)) {
			if (f->kind == K_IN || f->kind == K_BYTES ||
			    f->kind == K_CLOSEARR)
				v = chance(r, 50) ? bad_ptr(r, false) :
				    v + below(r, 16) - 8;
			else
				v = bad_ptr(r, false);
			put_field(s, f, v);
			continue;
		}
		switch (below(r, 6)) {
		case 0:
			v ^= 1ULL << below(r, f->size * 8);
			break;
		case 1:
			v = pick_interesting(r);
			break;
		case 2:
			v = 0;
			break;
		case 3:
			v = ~0ULL;
			break;
		case 4:
			v += below(r, 9) - 4;
			break;
		default:
			v = rnd(r);
		}
		put_field(s, f, v);
	}
}

static bool arena_map_ok(const struct zx_ioc_vmar_map *m)
{
	return in_arena(L.vmar_base + m->vmar_offset, m->len);
}

/* Would the module really unmap [addr, addr + len)? */
static bool unmap_would_act(uint64_t addr, uint64_t len)
{
	if ((addr & (PAGE - 1)) || !len || len > UINT64_MAX - PAGE)
		return false;
	len = (len + PAGE - 1) & ~(PAGE - 1);
	return addr >= L.vmar_base && addr - L.vmar_base <= L.vmar_len &&
	       len <= L.vmar_len - (addr - L.vmar_base);
}

static uint64_t chan_rank_of(int fd, uint32_t writer)
{
	uint32_t type;
	uint64_t rank;

	if (!raw_basic(fd, writer, &type, &rank) ||
	    type != ZX_OBJ_TYPE_CHANNEL)
		return UINT64_MAX;
	return rank;
}

/*
 * No reference cycles: a channel endpoint may only travel through a
 * channel whose pair is older (lower koid) than its own.  Checked against
 * the table the request goes to, for the values actually in the array.
 */
static void no_cycles(struct ictx *c, int fd, uint32_t writer, uint64_t arr,
		      bool disp, bool low32)
{
	const struct region *rg = low32 ? &c->h32 : &c->harr;
	uint64_t end = (uint64_t)(uintptr_t)rg->base + rg->size;
	size_t esz = disp ? sizeof(zx_handle_disposition_t) : sizeof(zx_handle_t);
	uint64_t wrank;

	if (opt.cycles || !in_region(rg, arr, 0))
		return;
	wrank = chan_rank_of(fd, writer);
	for (uint64_t p = arr; p + esz <= end; p += esz) {
		uint8_t *e = (uint8_t *)(uintptr_t)p;
		uint32_t h, type;
		uint64_t rank;

		memcpy(&h, e + (disp ? 4 : 0), 4);
		if (!h || !raw_basic(fd, h, &type, &rank))
			continue;
		if (type == ZX_OBJ_TYPE_CHANNEL && rank <= wrank) {
			h = 0;
			memcpy(e + (disp ? 4 : 0), &h, 4);
			count(&g_ps->held_back);
		}
	}
}

/* Keeps the request from hurting the fuzzer or the machine. */
static void sanitize(struct ictx *c, unsigned long cmd, uint8_t *s, int fd)
{
	struct rng *r = &c->t.r;

	switch (cmd) {
	case ZX_IOC_OBJECT_WAIT_ONE: {
		struct zx_ioc_object_wait_one *w = (void *)s;

		w->deadline = clamp_deadline(r, w->deadline);
		break;
	}
	case ZX_IOC_CHANNEL_CALL:
	case ZX_IOC_CHANNEL_CALL_ETC: {
		struct zx_ioc_channel_call *a = (void *)s;
		uint8_t *ca = (uint8_t *)(uintptr_t)a->args;
		uint64_t wh = 0;

		a->deadline = clamp_deadline(r, a->deadline);
		if (a->ptr_size == 8 && in_region(&c->inbuf, a->args, 48)) {
			memcpy(&wh, ca + 8, 8);
			no_cycles(c, fd, a->handle, wh,
				  cmd == ZX_IOC_CHANNEL_CALL_ETC, false);
		} else if (a->ptr_size == 4 && in_region(&c->s32, a->args, 32)) {
			uint32_t w32;

			memcpy(&w32, ca + 4, 4);
			no_cycles(c, fd, a->handle, w32,
				  cmd == ZX_IOC_CHANNEL_CALL_ETC, true);
		}
		break;
	}
	case ZX_IOC_CHANNEL_WRITE:
	case ZX_IOC_CHANNEL_WRITE_ETC: {
		struct zx_ioc_channel_write *a = (void *)s;

		no_cycles(c, fd, a->handle, a->handles,
			  cmd == ZX_IOC_CHANNEL_WRITE_ETC, false);
		break;
	}
	case ZX_IOC_VMAR_MAP: {
		struct zx_ioc_vmar_map *m = (void *)s;

		/* Overwriting maps only ever replace arena pages. */
		if ((m->options & ZX_VM_SPECIFIC_OVERWRITE) && !arena_map_ok(m)) {
			uint64_t addr, len;

			arena_range(r, &addr, &len);
			m->vmar_offset = addr - L.vmar_base;
			if (!(m->len & (PAGE - 1)) && m->len)
				m->len = len;
		}
		/* MAP_RANGE populates: keep it small. */
		if ((m->options & ZX_VM_MAP_RANGE) && m->len > 2 * MB)
			m->options &= ~ZX_VM_MAP_RANGE;
		break;
	}
	case ZX_IOC_VMAR_UNMAP: {
		struct zx_ioc_vmar_range *u = (void *)s;

		if (!u->options && unmap_would_act(u->addr, u->len) &&
		    !in_arena(u->addr, (u->len + PAGE - 1) & ~(PAGE - 1))) {
			uint64_t addr, len;

			arena_range(r, &addr, &len);
			u->addr = addr;
			u->len = len;
		}
		break;
	}
	case ZX_IOC_VMO_OP_RANGE: {
		struct zx_ioc_vmo_op_range *o = (void *)s;

		/* COMMIT allocates: a few MiB at most, none when short. */
		if (o->op == ZX_VMO_OP_COMMIT && o->size > 4 * MB &&
		    o->size < (1ULL << 62))
			o->size %= 4 * MB;
		if (o->op == ZX_VMO_OP_COMMIT && shedding())
			o->size = 0;
		break;
	}
	case ZX_IOC_VMO_WRITE: {
		struct zx_ioc_vmo_rw *w = (void *)s;

		if (shedding() && w->length > PAGE && w->length < (1ULL << 62))
			w->length = PAGE;
		break;
	}
	}
}

/* Takes the handles a successful request produced into the pool. */
static void harvest(struct ictx *c, unsigned long cmd, const uint8_t *s)
{
	struct rng *r = &c->t.r;
	uint64_t outs[2] = { 0, 0 };
	uint32_t h;

	switch (cmd) {
	case ZX_IOC_EVENT_CREATE:
	case ZX_IOC_EVENTPAIR_CREATE:
	case ZX_IOC_CHANNEL_CREATE: {
		const struct zx_ioc_create *a = (const void *)s;

		outs[0] = a->out0;
		outs[1] = a->out1;
		break;
	}
	case ZX_IOC_HANDLE_DUPLICATE:
	case ZX_IOC_HANDLE_REPLACE:
	case ZX_IOC_VMO_REPLACE_AS_EXECUTABLE:
		outs[0] = ((const struct zx_ioc_handle_dup *)s)->out;
		break;
	case ZX_IOC_VMO_CREATE:
		outs[0] = ((const struct zx_ioc_vmo_create *)s)->out;
		break;
	case ZX_IOC_VMO_CREATE_CHILD:
		outs[0] = ((const struct zx_ioc_vmo_create_child *)s)->out;
		break;
	case ZX_IOC_VMAR_ROOT:
		outs[0] = ((const struct zx_ioc_vmar_root *)s)->out;
		break;
	case ZX_IOC_FD_TO_HANDLE:
		outs[0] = ((const struct zx_ioc_fd_to_handle *)s)->out;
		break;
	case ZX_IOC_HANDLE_TO_FD: {
		uint64_t p = ((const struct zx_ioc_handle_to_fd *)s)->out_fd;
		int fd, old;

		if (!in_region(&c->scratch, p, 4))
			return;
		memcpy(&fd, (void *)(uintptr_t)p, 4);
		old = __atomic_exchange_n(&I.bfds[below(r, IFDS)], fd,
					  __ATOMIC_RELAXED);
		if (old > 0)
			close(old);
		return;
	}
	case ZX_IOC_VMAR_MAP: {
		const struct zx_ioc_vmar_map *m = (const void *)s;
		uint64_t addr;
		int i = (int)below(r, IMAPS);

		if (!in_region(&c->scratch, m->out, 8))
			return;
		memcpy(&addr, (void *)(uintptr_t)m->out, 8);
		if (in_arena(addr, m->len) || (addr & (PAGE - 1)) ||
		    !m->len || m->len > PAGE * PAGE)
			return;	/* (a longer one stays until the exit) */
		/* Outside the arena: remember it, so it can be unmapped. */
		unmap_packed(__atomic_exchange_n(&I.maps[i],
						 addr | (m->len / PAGE - 1),
						 __ATOMIC_RELAXED));
		return;
	}
	case ZX_IOC_CHANNEL_READ:
	case ZX_IOC_CHANNEL_READ_ETC: {
		const struct zx_ioc_channel_read *a = (const void *)s;
		size_t esz = cmd == ZX_IOC_CHANNEL_READ ? 4 : 16;
		uint32_t n;

		if (!in_region(&c->scratch, a->actual_handles, 4))
			return;
		memcpy(&n, (void *)(uintptr_t)a->actual_handles, 4);
		if (n > 64 || !in_region(&c->scratch, a->handles, n * esz))
			return;
		for (uint32_t i = 0; i < n; i++) {
			memcpy(&h, (uint8_t *)(uintptr_t)a->handles + i * esz, 4);
			ipool_add(r, h);
		}
		return;
	}
	default:
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (!in_region(&c->scratch, outs[i], 4))
			continue;
		memcpy(&h, (void *)(uintptr_t)outs[i], 4);
		ipool_add(r, h);
	}
}

/* Forgets the handles of an array the kernel consumed (they are gone). */
static void forget_array(const struct region *rg, uint64_t arr, uint64_t n,
			 size_t esz, size_t off)
{
	for (uint64_t i = 0; i < n && i < 64; i++) {
		uint32_t h;

		if (!in_region(rg, arr + i * esz, esz))
			return;
		memcpy(&h, (uint8_t *)(uintptr_t)(arr + i * esz + off), 4);
		istale_add(h);
	}
}

/* Handles a request consumes whatever its outcome. */
static void note_consumed(struct ictx *c, unsigned long cmd, const uint8_t *s,
			  unsigned long arg)
{
	switch (cmd) {
	case ZX_IOC_CHANNEL_WRITE:
	case ZX_IOC_CHANNEL_WRITE_ETC: {
		const struct zx_ioc_channel_write *w = (const void *)s;
		bool etc = cmd == ZX_IOC_CHANNEL_WRITE_ETC;

		forget_array(&c->harr, w->handles, w->num_handles,
			     etc ? sizeof(zx_handle_disposition_t) : 4, etc ? 4 : 0);
		break;
	}
	case ZX_IOC_HANDLE_CLOSE_MANY: {
		const struct zx_ioc_handle_close_many *m = (const void *)s;

		forget_array(&c->inbuf, m->handles, m->num_handles, 4, 0);
		break;
	}
	case ZX_IOC_HANDLE_CLOSE:
		istale_add((uint32_t)arg);
		break;
	case ZX_IOC_HANDLE_REPLACE:
	case ZX_IOC_VMO_REPLACE_AS_EXECUTABLE:
		istale_add(((const struct zx_ioc_handle_dup *)s)->handle);
		break;
	case ZX_IOC_HANDLE_TO_FD:
		istale_add(((const struct zx_ioc_handle_to_fd *)s)->handle);
		break;
	}
}

/* Request types never passed to the device: the VFS handles them itself. */
static bool vfs_type(unsigned int type)
{
	return type == 0 || type == 'T' || type == 'X' || type == 'f' ||
	       type == 0x94 || type == '$';
}

static unsigned long pick_cmd(struct rng *r, const struct idesc **dp)
{
	const struct idesc *d = &idescs[below(r, N_IDESCS)];
	unsigned int k = below(r, 100), dir, size, type;
	unsigned long cmd;

	*dp = d;
	if (k < 86)
		return d->cmd;
	if (k < 93) {
		/* A known request with its size or direction changed. */
		dir = _IOC_DIR(d->cmd);
		size = _IOC_SIZE(d->cmd);
		if (chance(r, 60))
			size = chance(r, 50) ? size + below(r, 17) - 8 :
					       below(r, 1U << _IOC_SIZEBITS);
		else
			dir = below(r, 4);
		return _IOC(dir, ZX_IOC_MAGIC, _IOC_NR(d->cmd),
			    size & ((1U << _IOC_SIZEBITS) - 1));
	}
	*dp = NULL;
	if (k < 98) {
		unsigned int nr = below(r, 256);

		*dp = desc_by_nr(nr);
		return _IOC(below(r, 4), ZX_IOC_MAGIC, nr, below(r, 300));
	}
	cmd = (uint32_t)rnd(r);
	type = _IOC_TYPE(cmd);
	if (vfs_type(type))
		cmd = (cmd & ~(0xffUL << _IOC_TYPESHIFT)) |
		      ((unsigned long)ZX_IOC_MAGIC << _IOC_TYPESHIFT);
	*dp = desc_by_nr(_IOC_NR(cmd));
	if (_IOC_TYPE(cmd) != ZX_IOC_MAGIC)
		*dp = NULL;
	return cmd;
}

#define OP_IOCTL	0x1000	/* ring op code: OP_IOCTL + request nr */
#define OP_REOPEN	(OP_IOCTL + 0x7f)

/*
 * Replaces the second table's descriptor with a new one while other
 * threads may be using it: the old table is released once their calls
 * are done.
 */
static void reopen_fd2(struct ictx *c)
{
	int fd;

	op_begin(&c->t, OP_REOPEN, (uint64_t)I.fd2, 0, 0);
	fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		dup3(fd, I.fd2, O_CLOEXEC);
		close(fd);
	}
	op_end(&c->t, fd >= 0 ? ZX_OK : ZX_ERR_IO);
}

static void ioctl_op(struct ictx *c)
{
	struct rng *r = &c->t.r;
	uint8_t s[256] __attribute__((aligned(8)));
	const struct idesc *d, *known;
	unsigned long cmd, arg;
	unsigned int size, nr;
	int fd, target, err;
	long ret;

	cmd = pick_cmd(r, &d);
	known = desc_by_cmd(cmd);
	nr = _IOC_NR(cmd);
	memset(s, 0, sizeof(s));
	size = d ? d->size : below(r, 128);
	c->sane = known && chance(r, 50);
	if (d && d->size) {
		for (unsigned int k = 0; k < d->nf; k++)
			if (is_scalar(d->f[k].kind))
				put_field(s, &d->f[k],
					  scalar_value(c, &d->f[k]));
		if (!c->sane && chance(r, 15))
			mutate(c, d, s);	/* scalars only: pointers follow */
		fill_pointers(c, d, s);
		if (c->sane)
			sane_fixup(c, cmd, s);
		if (chance(r, c->sane ? 20 : 35))
			mutate(c, d, s);
	} else {
		for (unsigned int i = 0; i < size; i++)
			s[i] = (uint8_t)rnd(r);
	}

	/* Which descriptor: ours, a second table, the parent's, a bridge. */
	target = below(r, 100);
	fd = I.fd;
	if (target >= 92 && target < 96) {
		fd = I.fd2;
	} else if (target >= 96 && target < 98) {
		fd = I.parent_fd;
	} else if (target >= 98) {
		fd = __atomic_load_n(&I.bfds[below(r, IFDS)], __ATOMIC_RELAXED);
		if (fd <= 0)
			fd = I.fd;
	}
	if (d && d->size && (fd == I.fd || fd == I.fd2))
		sanitize(c, cmd, s, fd);

	/* The argument: our struct somewhere in inbuf, or a bad pointer. */
	if (cmd == ZX_IOC_HANDLE_CLOSE) {
		arg = chance(r, 95) ? pick_handle(r, 0) : pick_interesting(r);
	} else {
		size_t room = IN_SIZE - IN_STRUCT - size;
		uint8_t *at;

		switch (c->sane ? 5 : below(r, 20)) {
		case 0:
			at = NULL;
			break;
		case 1:	/* straddles the guard page: partly unreadable */
			at = c->inbuf.base + IN_SIZE - size / 2;
			break;
		case 2: case 3:
			at = c->inbuf.base + IN_SIZE - size;
			break;
		case 4:
			at = c->inbuf.base + IN_STRUCT + below(r, (uint32_t)room);
			break;
		default:
			at = c->inbuf.base + IN_STRUCT +
			     (below(r, (uint32_t)room) & ~7UL);
		}
		if (at) {
			size_t n = (size_t)(c->inbuf.base + IN_SIZE - at);

			memcpy(at, s, n < size ? n : size);
			arg = (uintptr_t)at;
		} else {
			arg = bad_ptr(r, false);
		}
	}

	op_begin(&c->t, OP_IOCTL + nr, cmd, arg, (uint64_t)fd);
	ret = raw(fd, cmd, (void *)arg);
	err = ret <= -1000 ? (int)(-ret - 1000) : 0;
	op_end(&c->t, err ? -1000 - err : (zx_status_t)-ret);

	if (err)
		count(&g_ps->errnos[err < NERRNO ? err : NERRNO - 1]);
	if (fd == I.fd || fd == I.fd2) {
		if (known && err) {
			worker_fail("ioctl %s (0x%lx) failed with errno %d",
				    known->name, cmd, err);
		} else if (known) {
			check_status(nr, (zx_status_t)-ret, known->name, true);
		} else if (err != ENOTTY) {
			worker_fail("unknown request 0x%lx returned %ld (errno %d), expected ENOTTY",
				    cmd, err ? -1 : ret, err);
		}
	} else if (fd == I.parent_fd) {
		if (err != EPERM)
			worker_fail("request 0x%lx on another process's descriptor returned %ld (errno %d), expected EPERM",
				    cmd, err ? -1 : ret, err);
	} else if (err && err != ENOTTY && err != EBADF) {
		/*
		 * A bridge descriptor.  EBADF: another thread closed it; no
		 * error: meanwhile its number went to a new /dev/zircon
		 * descriptor (REOPEN), which answered with a status.
		 */
		worker_fail("request 0x%lx on a bridge descriptor returned %ld (errno %d), expected ENOTTY",
			    cmd, err ? -1 : ret, err);
	}
	if (known && fd == I.fd) {
		const uint8_t *as = (const uint8_t *)arg;

		if (cmd == ZX_IOC_HANDLE_CLOSE)
			note_consumed(c, cmd, NULL, arg);
		else if (in_region(&c->inbuf, arg, size))
			note_consumed(c, cmd, as, arg);
		if (ret == 0 && in_region(&c->inbuf, arg, size))
			harvest(c, cmd, as);
	}
}

/* ---------------------------------------- stalled and faulting copy-outs */

/*
 * The "stalled user copies" shape: calls that make a handle and write its
 * value out, with the output on a page that faults (PROT_NONE, read-only,
 * unmapped) or that another thread flips between PROT_NONE and writable
 * while the call runs.  Each round works in a private table of this
 * process, so the invariants are exact: a call either delivers its
 * value(s) or fails with ZX_ERR_INVALID_ARGS (or a limit's status) and
 * leaves nothing behind; a bridge descriptor whose conversion failed still
 * holds its object; the handle count of the round's VMO matches what the
 * round holds; and a scan of the table finds no handle the round was not
 * given.
 */
#define OP_STALL	(OP_IOCTL + 0x7e)
#define STALL_CALLS	24
#define STALL_KNOWN	(4 * STALL_CALLS + 8)
#define STALL_SLOTS	256	/* a round uses fewer slots, generations 0-1 */

/*
 * The output pages and the flipper's stacks are static: a mapping made
 * while the fuzzer runs could land where one of its stale mappings was,
 * and be unmapped under us by a later VMAR_UNMAP of that range.
 */
#define STALL_THREADS	16
#define STALL_STACK	(64 * 1024)
static uint8_t stall_pages[STALL_THREADS][PAGE]
	__attribute__((aligned(4096)));
static uint8_t stall_stacks[STALL_THREADS][STALL_STACK]
	__attribute__((aligned(4096)));

struct stall_round {
	int fd;
	int idx;			/* this thread's page and stack */
	uint8_t *page;			/* the faulting output page */
	uint32_t known[STALL_KNOWN];	/* handles the round was given */
	int nknown;
	uint32_t vmo;			/* kept: counts the VMO's handles */
	int vmo_handles;		/* handles and bridges to the VMO */
	int bridges[STALL_CALLS];
	int nbridges;
	int flip;			/* the flipper: 1 run, 0 stop */
	bool stolen;			/* a bridge of ours was taken */
};

static void stall_know(struct stall_round *s, uint32_t h)
{
	if (h && s->nknown < STALL_KNOWN)
		s->known[s->nknown++] = h;
}

/* Takes the page away and gives it back, over and over, during a call. */
static void *stall_flipper(void *arg)
{
	struct stall_round *s = arg;

	while (__atomic_load_n(&s->flip, __ATOMIC_ACQUIRE)) {
		mprotect(s->page, PAGE, PROT_NONE);
		sched_yield();
		mprotect(s->page, PAGE, PROT_READ | PROT_WRITE);
	}
	return NULL;
}

static long stall_ioctl(struct stall_round *s, unsigned long cmd, void *arg,
			unsigned int fault)
{
	pthread_attr_t attr;
	pthread_t th;
	bool flipping = false;
	long ret;

	switch (fault) {
	case 0:
		mprotect(s->page, PAGE, PROT_NONE);
		break;
	case 1:
		mprotect(s->page, PAGE, PROT_READ);
		break;
	case 3:
		__atomic_store_n(&s->flip, 1, __ATOMIC_RELEASE);
		pthread_attr_init(&attr);
		pthread_attr_setstack(&attr, stall_stacks[s->idx], STALL_STACK);
		flipping = !pthread_create(&th, &attr, stall_flipper, s);
		pthread_attr_destroy(&attr);
		break;
	}
	ret = raw(s->fd, cmd, arg);
	if (flipping) {
		__atomic_store_n(&s->flip, 0, __ATOMIC_RELEASE);
		pthread_join(th, NULL);
	}
	mprotect(s->page, PAGE, PROT_READ | PROT_WRITE);
	return ret;
}

/* Handles (or a descriptor) in @s's table: the count ZX_INFO reports. */
static uint32_t stall_count(struct stall_round *s, uint32_t h)
{
	zx_info_handle_count_t info = { 0 };
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_COUNT,
		.buffer = (uintptr_t)&info, .buffer_size = sizeof(info),
		.count_size = sizeof(size_t),
	};

	return raw(s->fd, ZX_IOC_OBJECT_GET_INFO, &a) ? UINT32_MAX :
		info.handle_count;
}

static bool stall_valid(struct stall_round *s, uint32_t h)
{
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_VALID,
		.count_size = sizeof(size_t),
	};

	return raw(s->fd, ZX_IOC_OBJECT_GET_INFO, &a) == 0;
}

/* One call; returns false if an invariant broke (worker_fail'd). */
static bool stall_call(struct ictx *c, struct stall_round *s)
{
	struct rng *r = &c->t.r;
	unsigned int fault = below(r, 5);	/* 4: a writable page */
	unsigned int which = below(r, 9);
	/*
	 * Unmapped: a page below vm.mmap_min_addr, which nothing maps.
	 * (Unmapping a page of our own would free its address for another
	 * thread's mapping, and L.hole can be mapped by one.)
	 */
	uint32_t *out = (uint32_t *)((fault == 2 ? (uint8_t *)PAGE : s->page) +
				     below(r, PAGE / 4) * 4);
	uint32_t *good = (uint32_t *)c->scratch.base;
	uint32_t dup = 0;
	unsigned long cmd;
	union {
		struct zx_ioc_create cr;
		struct zx_ioc_vmo_create vc;
		struct zx_ioc_vmo_create_child ch;
		struct zx_ioc_handle_dup hd;
		struct zx_ioc_fd_to_handle fh;
		struct zx_ioc_vmar_root vr;
	} a;
	int bridge = -1, nout = 1;
	uint32_t *outs[2] = { out, NULL };
	bool swap;
	long ret;

	memset(&a, 0, sizeof(a));
	*good = 0;
	switch (which) {
	case 0:
		cmd = ZX_IOC_EVENT_CREATE;
		a.cr.out0 = (uintptr_t)out;
		break;
	case 1:
	case 2:
		cmd = which == 1 ? ZX_IOC_EVENTPAIR_CREATE : ZX_IOC_CHANNEL_CREATE;
		/* One end's value to a good page, the other's to the bad. */
		swap = chance(r, 50);
		outs[0] = swap ? good : out;
		outs[1] = swap ? out : good;
		a.cr.out0 = (uintptr_t)outs[0];
		a.cr.out1 = (uintptr_t)outs[1];
		nout = 2;
		break;
	case 3:
		cmd = ZX_IOC_VMO_CREATE;
		a.vc.size = PAGE;
		a.vc.out = (uintptr_t)out;
		break;
	case 4:
		cmd = ZX_IOC_VMO_CREATE_CHILD;
		a.ch.handle = s->vmo;
		a.ch.options = ZX_VMO_CHILD_SNAPSHOT;
		a.ch.size = PAGE;
		a.ch.out = (uintptr_t)out;
		break;
	case 5:
		cmd = ZX_IOC_HANDLE_DUPLICATE;
		a.hd.handle = s->vmo;
		a.hd.rights = ZX_RIGHT_SAME_RIGHTS;
		a.hd.out = (uintptr_t)out;
		break;
	case 6: {
		struct zx_ioc_handle_dup d = {
			.handle = s->vmo, .rights = ZX_RIGHT_SAME_RIGHTS,
			.out = (uintptr_t)good,
		};
		struct zx_ioc_handle_to_fd tf = { .out_fd = (uintptr_t)&bridge };

		/* A bridge to the VMO, then back out of it. */
		if (raw(s->fd, ZX_IOC_HANDLE_DUPLICATE, &d))
			return true;	/* a limit: nothing to test */
		tf.handle = *good;
		tf.flags = ZX_FD_CLOEXEC;
		if (raw(s->fd, ZX_IOC_HANDLE_TO_FD, &tf))
			return true;	/* the duplicate went either way */
		/*
		 * Out of the range other threads pick descriptor numbers
		 * from (mostly below 64), so they rarely take it.
		 */
		tf.handle = (uint32_t)fcntl(bridge, F_DUPFD_CLOEXEC, 512);
		if ((int)tf.handle >= 0) {
			close(bridge);
			bridge = (int)tf.handle;
		}
		s->vmo_handles++;
		s->bridges[s->nbridges++] = bridge;
		cmd = ZX_IOC_FD_TO_HANDLE;
		a.fh.fd = bridge;
		a.fh.out = (uintptr_t)out;
		*good = 0;
		break;
	}
	case 7: {
		struct zx_ioc_handle_dup d = {
			.handle = s->vmo, .rights = ZX_RIGHT_SAME_RIGHTS,
			.out = (uintptr_t)good,
		};

		/* Replace a duplicate: it is consumed whatever happens. */
		if (raw(s->fd, ZX_IOC_HANDLE_DUPLICATE, &d))
			return true;
		dup = *good;
		*good = 0;
		cmd = ZX_IOC_HANDLE_REPLACE;
		a.hd.handle = dup;
		a.hd.rights = ZX_RIGHT_SAME_RIGHTS;
		a.hd.out = (uintptr_t)out;
		break;
	}
	default:
		cmd = ZX_IOC_VMAR_ROOT;
		a.vr.out = (uintptr_t)out;
		break;
	}

	if (fault != 2)
		*out = 0;
	op_begin(&c->t, OP_STALL, cmd, (uint64_t)(uintptr_t)out, fault);
	ret = stall_ioctl(s, cmd, &a, fault);
	op_end(&c->t, ret <= -1000 ? ZX_ERR_INTERNAL : (zx_status_t)-ret);
	if (ret <= -1000) {
		worker_fail("stall: request 0x%lx failed with errno %ld",
			    cmd, -ret - 1000);
		return false;
	}
	if (cmd == ZX_IOC_FD_TO_HANDLE && -ret == ZX_ERR_BAD_HANDLE) {
		/* Another thread took our bridge's object: can happen. */
		s->stolen = true;
		return false;
	}
	if (ret && -ret != ZX_ERR_INVALID_ARGS &&
	    -ret != ZX_ERR_NO_RESOURCES && -ret != ZX_ERR_NO_MEMORY) {
		worker_fail("stall: request 0x%lx (fault %u) returned %ld",
			    cmd, fault, -ret);
		return false;
	}
	if (ret == 0 && fault < 3) {
		worker_fail("stall: request 0x%lx succeeded with its output on a faulting page (fault %u)",
			    cmd, fault);
		return false;
	}
	if (ret == 0) {
		for (int i = 0; i < nout; i++)
			stall_know(s, *outs[i]);
		/* A new handle to the VMO (a replaced duplicate, too). */
		if (cmd == ZX_IOC_HANDLE_DUPLICATE ||
		    cmd == ZX_IOC_HANDLE_REPLACE)
			s->vmo_handles++;
		if (cmd == ZX_IOC_FD_TO_HANDLE) {
			/* The bridge is empty now; the handle replaces it. */
			s->nbridges--;
			close(bridge);
		}
	} else if (cmd == ZX_IOC_FD_TO_HANDLE && ret == -ZX_ERR_INVALID_ARGS) {
		/* Still in the bridge: it converts now, to a good page. */
		a.fh.out = (uintptr_t)good;
		ret = raw(s->fd, ZX_IOC_FD_TO_HANDLE, &a.fh);
		if (ret == 0) {
			stall_know(s, *good);
			s->nbridges--;
			close(bridge);
		} else if (-ret == ZX_ERR_BAD_HANDLE) {
			s->stolen = true;
		} else if (-ret != ZX_ERR_NO_RESOURCES &&
			   -ret != ZX_ERR_NO_MEMORY) {
			worker_fail("stall: a bridge whose conversion failed answers %ld",
				    -ret);
			return false;
		}
	}
	if (!s->stolen &&
	    stall_count(s, s->vmo) != (uint32_t)s->vmo_handles) {
		worker_fail("stall: after request 0x%lx (fault %u, status %ld) the VMO has %u handles, expected %d",
			    cmd, fault, -ret, stall_count(s, s->vmo),
			    s->vmo_handles);
		return false;
	}
	return true;
}

static void stall_op(struct ictx *c)
{
	struct stall_round s;
	struct zx_ioc_vmo_create vc = { .size = PAGE };

	memset(&s, 0, sizeof(s));
	if (c->t.idx < 0 || c->t.idx >= STALL_THREADS)
		return;
	s.idx = c->t.idx;
	s.page = stall_pages[s.idx];
	s.fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	if (s.fd < 0)
		return;
	vc.out = (uintptr_t)&s.vmo;
	if (raw(s.fd, ZX_IOC_VMO_CREATE, &vc) == 0) {
		s.vmo_handles = 1;
		stall_know(&s, s.vmo);
		for (int i = 0; i < STALL_CALLS && !must_stop(); i++)
			if (!stall_call(c, &s))
				break;
		if (s.stolen)
			goto out;
		/* Nothing in the table but what the round was given. */
		for (uint32_t k = 2; k < 2 * STALL_SLOTS; k++) {
			uint32_t v = (((k & 1) << 20 | k >> 1) << 2) |
				     ZX_HANDLE_FIXED_BITS_MASK;
			bool mine = false;

			for (int i = 0; i < s.nknown; i++)
				mine |= s.known[i] == v;
			if (!mine && stall_valid(&s, v)) {
				worker_fail("stall: the table holds 0x%x, which no call delivered",
					    v);
				break;
			}
		}
	}
out:
	for (int i = 0; i < s.nbridges; i++)
		close(s.bridges[i]);
	close(s.fd);	/* frees every handle of the round */
}

/* Makes one object of each kind (not counted as operations). */
static void ipool_replenish(struct rng *r)
{
	for (int i = 0; i < 5; i++) {
		uint32_t h[2] = { 0, 0 };
		struct zx_ioc_create cr = { .out0 = (uintptr_t)&h[0],
					    .out1 = (uintptr_t)&h[1] };
		struct zx_ioc_create ev = { .out0 = (uintptr_t)&h[0] };
		struct zx_ioc_vmo_create vc = {
			.size = (uint64_t)below(r, 8) * PAGE,
			.options = chance(r, 30) ? ZX_VMO_RESIZABLE : 0,
			.out = (uintptr_t)&h[0],
		};
		struct zx_ioc_vmar_root vr = { .out = (uintptr_t)&h[0] };

		switch (i) {
		case 0: ioctl(I.fd, ZX_IOC_EVENT_CREATE, &ev); break;
		case 1: ioctl(I.fd, ZX_IOC_EVENTPAIR_CREATE, &cr); break;
		case 2: ioctl(I.fd, ZX_IOC_CHANNEL_CREATE, &cr); break;
		case 3: ioctl(I.fd, ZX_IOC_VMO_CREATE, &vc); break;
		default:
			if (chance(r, 20))
				ioctl(I.fd, ZX_IOC_VMAR_ROOT, &vr);
		}
		ipool_add(r, h[0]);
		ipool_add(r, h[1]);
	}
}

static void *ioctl_thread(void *p)
{
	struct ictx *c = p;

	c->t.ts->tid = zx_test_gettid();
	wait_for_go();
	for (long i = 0; i < opt.ops && !must_stop(); i++) {
		if (shedding() && chance(&c->t.r, 2))
			ipool_shed(&c->t.r);
		if (!(i % 16) && !shedding()) {
			int live = 0;

			for (int k = 0; k < IPOOL; k++)
				live += !!__atomic_load_n(&I.pool[k], __ATOMIC_RELAXED);
			if (live < IPOOL / 3)
				ipool_replenish(&c->t.r);
		}
		if (chance(&c->t.r, 1))
			reopen_fd2(c);
		else if (!(rnd(&c->t.r) % 512))
			stall_op(c);
		else
			ioctl_op(c);
	}
	return NULL;
}

static int stop_signaller;

/*
 * The ioctl mode's server: finds a channel of the pool with a message,
 * reads it, and answers it when it is a call (raw ioctls, not fuzzed).
 */
static void *iserver(void *arg)
{
	struct ictx *c = arg;
	struct rng *r = &c->t.r;
	uint8_t *bytes = c->scratch.base;
	uint32_t *handles = (uint32_t *)(c->scratch.base + c->scratch.size - 256);
	uint32_t nb = 0, nh = 0;

	c->t.ts->tid = zx_test_gettid();
	wait_for_go();
	while (!__atomic_load_n(&stop_signaller, __ATOMIC_RELAXED) && !g_stop) {
		uint32_t h = ipool_live(r, ZX_OBJ_TYPE_CHANNEL);
		zx_signals_t obs = 0;
		struct zx_ioc_object_wait_one w = {
			.handle = h, .signals = ZX_CHANNEL_READABLE,
			.deadline = now_ns() + 1000000,
			.observed = (uintptr_t)&obs,
		};
		struct zx_ioc_channel_read rd = {
			.handle = h, .bytes = (uintptr_t)bytes,
			.handles = (uintptr_t)handles, .num_bytes = 65536,
			.num_handles = 64, .actual_bytes = (uintptr_t)&nb,
			.actual_handles = (uintptr_t)&nh,
		};
		struct zx_ioc_channel_write wr = {
			.handle = h, .bytes = (uintptr_t)bytes,
			.num_bytes = 4 + below(r, 60), .ptr_size = 8,
		};
		zx_txid_t txid;

		if (ioctl(I.fd, ZX_IOC_OBJECT_WAIT_ONE, &w) != 0 ||
		    ioctl(I.fd, ZX_IOC_CHANNEL_READ, &rd) != 0)
			continue;
		for (uint32_t i = 0; i < nh && i < 64; i++)
			ipool_add(r, handles[i]);
		memcpy(&txid, bytes, sizeof(txid));
		if (nb < sizeof(txid) || !(txid & 0x80000000u))
			continue;
		op_begin(&c->t, OP_IOCTL + _IOC_NR(ZX_IOC_CHANNEL_WRITE), h, txid, 0);
		op_end(&c->t, (zx_status_t)-ioctl(I.fd, ZX_IOC_CHANNEL_WRITE, &wr));
	}
	return NULL;
}

static void *signaller(void *arg)
{
	struct rng *r = arg;

	while (!__atomic_load_n(&stop_signaller, __ATOMIC_RELAXED)) {
		zx_test_sleep_ms(1 + (int)below(r, 8));
		signal_a_thread(r);
	}
	return NULL;
}

static int ioctl_worker(int parent_fd)
{
	struct ictx ctx[MAX_THREADS + 1];
	pthread_t th[MAX_THREADS], sth, svth;
	struct rng r = { thread_seed(g_proc, 99) };
	struct rng sr = { thread_seed(g_proc, 98) };

	signals_init(&r);
	I.fd = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	I.fd2 = open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
	I.parent_fd = parent_fd;
	if (I.fd < 0 || I.fd2 < 0) {
		worker_fail("cannot open %s: %s", ZX_TEST_DEVICE, strerror(errno));
		return 1;
	}
	for (int i = 0; i < IFDS; i++)
		I.bfds[i] = -1;
	/* Seed the pool with a few objects of every kind. */
	for (int i = 0; i < 12; i++)
		ipool_replenish(&r);
	for (int t = 0; t <= opt.threads; t++) {	/* the last: the server */
		struct ictx *c = &ctx[t];

		memset(c, 0, sizeof(*c));
		c->t.r.s = thread_seed(g_proc, t);
		c->t.idx = t;
		c->t.ts = &g_ps->t[t];
		region_alloc(&c->scratch, 128 * 1024, false);
		region_alloc(&c->inbuf, IN_SIZE, false);
		region_alloc(&c->harr, PAGE, false);
		region_alloc(&c->s32, 64 * 1024, true);
		region_alloc(&c->h32, PAGE, true);
		for (size_t i = 0; i < IN_SIZE; i += 8) {
			uint64_t v = rnd(&c->t.r);

			memcpy(c->inbuf.base + i, &v, 8);
		}
	}
	for (int t = 1; t < opt.threads; t++)
		if (pthread_create(&th[t], NULL, ioctl_thread, &ctx[t])) {
			worker_fail("pthread_create failed");
			return 1;
		}
	if (pthread_create(&sth, NULL, signaller, &sr) ||
	    pthread_create(&svth, NULL, iserver, &ctx[opt.threads])) {
		worker_fail("pthread_create failed");
		return 1;
	}
	__atomic_store_n(&g_go, 1, __ATOMIC_RELEASE);
	ioctl_thread(&ctx[0]);
	for (int t = 1; t < opt.threads; t++)
		pthread_join(th[t], NULL);
	__atomic_store_n(&stop_signaller, 1, __ATOMIC_RELAXED);
	pthread_join(sth, NULL);
	pthread_join(svth, NULL);
	return 0;
}

/* ====================================================== libzx mode */

#define LOPS(X)								\
	X(EVENT, 3) X(EVENTPAIR, 3) X(CHANNEL, 4) X(VMO, 4) X(CHILD, 4)	\
	X(DUP, 4) X(REPLACE, 2) X(CLOSE, 5) X(CLOSE_MANY, 2)		\
	X(SIGNAL, 3) X(SIGNAL_PEER, 3) X(WAIT, 4) X(WAIT_LONG, 1)	\
	X(INFO, 4) X(PROPERTY, 3) X(VMO_READ, 4) X(VMO_WRITE, 4)	\
	X(VMO_SIZE, 3) X(OP_RANGE, 3) X(CACHE, 1) X(EXEC, 1)		\
	X(MAP, 5) X(UNMAP, 3) X(PROTECT, 2) X(TOUCH, 4)		\
	X(WRITE, 6) X(WRITE_ETC, 3) X(READ, 6) X(CALL, 2) X(SERVE, 3)	\
	X(TO_FD, 2) X(FROM_FD, 2) X(SOCK_SEND, 2) X(SOCK_RECV, 2)	\
	X(ROOT, 1) X(LINUX, 3) X(STALE, 2) X(PARK, 1)			\
	X(PINNED, 1) X(HUGE, 2)

#define LOP_ENUM(name, w) LOP_##name,
#define LOP_NAME(name, w) #name,
#define LOP_WEIGHT(name, w) w,
enum { LOPS(LOP_ENUM) LOP_COUNT, LOP_CANCEL = LOP_COUNT, LOP_SHED };
static const char *const lop_names[] = { LOPS(LOP_NAME) "CANCEL", "SHED" };
static const uint8_t lop_weights[] = { LOPS(LOP_WEIGHT) };

#define LSLOTS	64
#define LSTALE	64
#define LFDS	24
#define LMAPS	48
#define LBLOCK	8

/*
 * Per-process state of the libzx mode, shared by its threads.  A mapping
 * entry packs the address and (pages - 1) into one word, so a thread never
 * sees the length of one mapping with the address of another.
 */
static struct {
	uint32_t slot[LSLOTS];
	uint8_t stype[LSLOTS];
	uint32_t stale[LSTALE];
	uint32_t stale_pos;
	uint32_t link[2];	/* the ring's channels: never given away */
	int sock[2];		/* the ring's sockets */
	int bfd[LFDS];		/* bridge descriptors */
	uint64_t map[LMAPS];
	uint32_t blocker[LBLOCK];	/* handles of infinite waits */
	int64_t blocked_at[LBLOCK];
	uint32_t root;
	int devfd;
	int memfd;		/* /proc/self/mem */
	int stop_canceler;
} P;

struct lctx {
	struct tctx t;
	struct region scratch;	/* the kernel writes here */
	struct region inbuf;	/* the kernel reads here */
};

static __thread sigjmp_buf *volatile t_jmp;

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
	sigjmp_buf *jb = t_jmp;

	if (jb) {
		t_jmp = NULL;
		siglongjmp(*jb, sig);
	}
	/* Not a deliberate access: die of it, the coordinator reports it. */
	signal(sig, SIG_DFL);
}

#define LCALL(c, OP, NR, A, B, C, EXPR)					\
	({								\
		zx_status_t _s;						\
		op_begin(&(c)->t, (OP), (uint64_t)(A), (uint64_t)(B),	\
			 (uint64_t)(C));				\
		_s = (EXPR);						\
		op_end(&(c)->t, _s);					\
		check_status((NR), _s, lop_names[(OP)], false);		\
		_s;							\
	})

static void lstale_add(uint32_t h)
{
	uint32_t i = __atomic_fetch_add(&P.stale_pos, 1, __ATOMIC_RELAXED);

	if (h)
		__atomic_store_n(&P.stale[i % LSTALE], h, __ATOMIC_RELAXED);
}

/* A value that names no handle: never valid in any table. */
static uint32_t garbage_handle(struct rng *r)
{
	switch (below(r, 4)) {
	case 0: return 0xfffffff3u - (below(r, 64) << 2);
	case 1: return ((uint32_t)rnd(r) << 2) & ~3u;	/* fixed bits clear */
	case 2: return 0xffffffffu;
	default: return 0x80000003u | ((uint32_t)rnd(r) & 0x1ffffffcu) << 2;
	}
}

/* A slot, preferably a live one holding an object of @type. */
static int pick_slot(struct rng *r, uint32_t type)
{
	int i = (int)below(r, LSLOTS);

	if (type && chance(r, 90)) {
		for (int k = 0; k < LSLOTS; k++) {
			int j = (i + k) % LSLOTS;

			if (__atomic_load_n(&P.stype[j], __ATOMIC_RELAXED) == type &&
			    __atomic_load_n(&P.slot[j], __ATOMIC_RELAXED))
				return j;
		}
	}
	for (int k = 0; k < 6; k++) {
		if (__atomic_load_n(&P.slot[i], __ATOMIC_RELAXED))
			break;
		i = (int)below(r, LSLOTS);
	}
	return i;
}

/* A handle to use (not to consume): mostly a live one, maybe of @type. */
static uint32_t lh(struct lctx *c, uint32_t type)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);

	if (k < 85)
		return __atomic_load_n(&P.slot[pick_slot(r, type)],
				       __ATOMIC_RELAXED);
	if (k < 90)
		return P.link[below(r, 2)];
	if (k < 93)
		return __atomic_load_n(&P.stale[below(r, LSTALE)],
				       __ATOMIC_RELAXED);
	if (k < 94)
		return 0;
	if (k < 97)
		return garbage_handle(r);
	return P.root;
}

/* A handle to consume: taken out of its slot (so no one else consumes it). */
static uint32_t lh_take(struct lctx *c, uint32_t type, uint8_t *stype)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);
	int i;

	*stype = 0;
	if (k < 88) {
		i = pick_slot(r, type);
		*stype = __atomic_load_n(&P.stype[i], __ATOMIC_RELAXED);
		return __atomic_exchange_n(&P.slot[i], 0, __ATOMIC_RELAXED);
	}
	if (k < 94)
		return __atomic_load_n(&P.stale[below(r, LSTALE)],
				       __ATOMIC_RELAXED);
	if (k < 97)
		return 0;
	return garbage_handle(r);
}

static void lput(struct lctx *c, uint32_t h, uint32_t type)
{
	struct rng *r = &c->t.r;
	int i = (int)below(r, LSLOTS);
	uint32_t old;

	if (!h)
		return;
	old = __atomic_exchange_n(&P.slot[i], h, __ATOMIC_RELAXED);
	__atomic_store_n(&P.stype[i], (uint8_t)type, __ATOMIC_RELAXED);
	if (old && chance(r, 92)) {
		zx_handle_close(old);
		lstale_add(old);
	}
}

/* Puts back a handle that was taken but not consumed. */
static void lput_back(struct lctx *c, uint32_t h, uint8_t type)
{
	if (h && h != P.root && h != P.link[0] && h != P.link[1])
		lput(c, h, type);
}

static uint64_t lrank(uint32_t h, bool *is_chan)
{
	zx_info_handle_basic_t b;

	*is_chan = false;
	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) != ZX_OK)
		return 0;
	*is_chan = b.type == ZX_OBJ_TYPE_CHANNEL;
	return b.related_koid && b.related_koid < b.koid ? b.related_koid :
							    b.koid;
}

/* May @h travel through channel @writer without making a cycle? */
static bool sendable(uint32_t writer, uint32_t h)
{
	bool wchan, chan;
	uint64_t wrank, rank;

	if (opt.cycles)
		return true;
	rank = lrank(h, &chan);
	if (!chan)
		return true;
	wrank = lrank(writer, &wchan);
	if (!wchan)
		return false;	/* the writer is gone or no channel: be safe */
	return rank > wrank;
}

static void *lbad(struct rng *r)
{
	return (void *)(uintptr_t)bad_ptr(r, false);
}

/* An out pointer of @want bytes for a libzx call; *room: usable bytes. */
static void *lout(struct lctx *c, size_t want, size_t *room)
{
	size_t avail;
	uint64_t p = out_ptr(&c->t.r, &c->scratch, want, &avail, false);

	if (room)
		*room = avail;
	return (void *)(uintptr_t)p;
}

static void *lin(struct lctx *c, size_t want, size_t *room)
{
	size_t avail;
	uint64_t p = in_ptr(&c->t.r, &c->inbuf, want, &avail, false);

	if (room)
		*room = avail;
	return (void *)(uintptr_t)p;
}

/* The size of VMO @h, or 0. */
static uint64_t lvmo_size(uint32_t h)
{
	uint64_t size = 0;

	if (zx_vmo_get_size(h, &size) != ZX_OK)
		return 0;
	return size;
}

/* An offset and length inside a VMO of @size (may be empty). */
static void lvmo_range(struct rng *r, uint64_t size, uint64_t *off,
		       uint64_t *len, uint64_t max)
{
	*off = size ? below(r, (uint32_t)(size < (1ULL << 31) ? size : 1ULL << 31)) : 0;
	if (chance(r, 50))
		*off &= ~(PAGE - 1);
	*len = below(r, (uint32_t)(size - *off < max ? size - *off : max) + 1);
}

static uint32_t type_of_create(int op)
{
	switch (op) {
	case LOP_EVENT: return ZX_OBJ_TYPE_EVENT;
	case LOP_EVENTPAIR: return ZX_OBJ_TYPE_EVENTPAIR;
	default: return ZX_OBJ_TYPE_CHANNEL;
	}
}

static void lop_create(struct lctx *c, int op)
{
	struct rng *r = &c->t.r;
	uint32_t h[2] = { 0, 0 }, opts = chance(r, 95) ? 0 : pick_flags(r, 1);
	uint32_t *o0 = chance(r, 97) ? &h[0] : lbad(r);
	uint32_t *o1 = chance(r, 97) ? &h[1] : lbad(r);
	zx_status_t s;

	if (op == LOP_EVENT)
		s = LCALL(c, op, 0x10, opts, 0, 0, zx_event_create(opts, o0));
	else if (op == LOP_EVENTPAIR)
		s = LCALL(c, op, 0x11, opts, 0, 0,
			  zx_eventpair_create(opts, o0, o1));
	else
		s = LCALL(c, op, 0x40, opts, 0, 0,
			  zx_channel_create(opts, o0, o1));
	if (s != ZX_OK)
		return;
	lput(c, h[0], type_of_create(op));
	if (op != LOP_EVENT)
		lput(c, h[1], type_of_create(op));
}

static void lop_vmo(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint64_t size = chance(r, 70) || shedding() ?
			(uint64_t)below(r, 17) * PAGE + (chance(r, 20) ? below(r, PAGE) : 0) :
			pick_vmo_size(r);
	uint32_t opts = chance(r, 70) ? 0 : chance(r, 85) ? ZX_VMO_RESIZABLE :
					       pick_flags(r, 0x1f);
	uint32_t h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_VMO, 0x30, size, opts, 0,
		  zx_vmo_create(size, opts, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_VMO);
}

static void lop_child(struct lctx *c)
{
	static const uint32_t types[] = {
		ZX_VMO_CHILD_SNAPSHOT, ZX_VMO_CHILD_SLICE,
		ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
		ZX_VMO_CHILD_SNAPSHOT_MODIFIED, ZX_VMO_CHILD_REFERENCE,
	};
	struct rng *r = &c->t.r;
	uint32_t src = lh(c, ZX_OBJ_TYPE_VMO), h = 0, *out;
	uint32_t opts = types[below(r, chance(r, 80) ? 3 : 5)];
	uint64_t off = chance(r, 60) ? 0 : chance(r, 70) ?
		       (uint64_t)below(r, 8) * PAGE : pick_interesting(r);
	uint64_t size = pick_vmo_size(r);

	if (chance(r, 70)) {	/* inside the parent */
		lvmo_range(r, lvmo_size(src), &off, &size, 64 * PAGE);
		off &= ~(PAGE - 1);
	}

	if (chance(r, 20))
		opts |= ZX_VMO_CHILD_RESIZABLE;
	if (chance(r, 15))
		opts |= ZX_VMO_CHILD_NO_WRITE;
	if (chance(r, 5))
		opts = (uint32_t)rnd(r);
	out = chance(r, 97) ? &h : lbad(r);
	if (LCALL(c, LOP_CHILD, 0x36, src, opts, size,
		  zx_vmo_create_child(src, opts, off, size, out)) == ZX_OK)
		lput(c, h, ZX_OBJ_TYPE_VMO);
}

/*
 * A handle made with explicit @rights must carry exactly those (checked
 * before anyone else can know the new value).
 */
static void lcheck_rights(uint32_t h, uint32_t rights, const char *what)
{
	zx_info_handle_basic_t b;

	if (rights == ZX_RIGHT_SAME_RIGHTS ||
	    zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) != ZX_OK)
		return;
	if (b.rights != rights)
		worker_fail("%s with rights 0x%x made a handle with rights 0x%x",
			    what, rights, b.rights);
}

static void lop_dup(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int i = pick_slot(r, 0);
	uint32_t src = chance(r, 90) ? __atomic_load_n(&P.slot[i], __ATOMIC_RELAXED) :
		       lh(c, 0);
	uint8_t type = __atomic_load_n(&P.stype[i], __ATOMIC_RELAXED);
	uint32_t rights = pick_rights(r), h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_DUP, 0x03, src, rights, 0,
		  zx_handle_duplicate(src, rights, out)) == ZX_OK && out == &h) {
		lcheck_rights(h, rights, "zx_handle_duplicate");
		lput(c, h, type);
	}
}

static void lop_replace(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint8_t type;
	uint32_t src = lh_take(c, 0, &type);
	uint32_t rights = pick_rights(r), h = 0, *out = chance(r, 97) ? &h : lbad(r);

	if (LCALL(c, LOP_REPLACE, 0x04, src, rights, 0,
		  zx_handle_replace(src, rights, out)) == ZX_OK && out == &h) {
		lcheck_rights(h, rights, "zx_handle_replace");
		lput(c, h, type);
	}
	lstale_add(src);
}

static void lop_close(struct lctx *c)
{
	struct rng *r = &c->t.r;
	int i = pick_slot(r, 0);
	uint32_t h;

	if (chance(r, 80))
		h = __atomic_exchange_n(&P.slot[i], 0, __ATOMIC_RELAXED);
	else if (chance(r, 75))		/* the stale value stays in the slot */
		h = __atomic_load_n(&P.slot[i], __ATOMIC_RELAXED);
	else
		h = chance(r, 50) ? garbage_handle(r) :
		    __atomic_load_n(&P.stale[below(r, LSTALE)], __ATOMIC_RELAXED);
	if (h == P.root)
		return;
	LCALL(c, LOP_CLOSE, 0x01, h, 0, 0, zx_handle_close(h));
	lstale_add(h);
}

static void lop_close_many(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t v[16];
	uint8_t type;
	uint32_t n = 1 + below(r, 8);
	const uint32_t *p = v;

	for (uint32_t i = 0; i < n; i++) {
		if (i && chance(r, 10))
			v[i] = v[i - 1];	/* the same handle twice */
		else
			v[i] = lh_take(c, 0, &type);
		if (v[i] == P.root)
			v[i] = 0;
	}
	if (chance(r, 3))
		p = lbad(r);
	LCALL(c, LOP_CLOSE_MANY, 0x02, n, v[0], 0, zx_handle_close_many(p, n));
	for (uint32_t i = 0; i < n; i++) {
		if (p == v)
			lstale_add(v[i]);
		else if (!i || v[i] != v[i - 1])
			lput_back(c, v[i], 0);	/* unreadable: nothing closed */
	}
}

static void lop_signal(struct lctx *c, bool peer)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, peer ? ZX_OBJ_TYPE_EVENTPAIR : ZX_OBJ_TYPE_EVENT);
	uint32_t clr = pick_signals(r), set = pick_signals(r);

	if (peer)
		LCALL(c, LOP_SIGNAL_PEER, 0x09, h, clr, set,
		      zx_object_signal_peer(h, clr, set));
	else
		LCALL(c, LOP_SIGNAL, 0x08, h, clr, set,
		      zx_object_signal(h, clr, set));
}

static void lop_wait(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, 0), sig = pick_signals(r);
	int64_t dl = pick_deadline(r);
	zx_signals_t obs, *po = chance(r, 85) ? &obs : chance(r, 50) ? NULL : lbad(r);

	LCALL(c, LOP_WAIT, 0x0a, h, sig, dl, zx_object_wait_one(h, sig, dl, po));
}

/*
 * A wait with no deadline on a duplicate that the canceler thread closes a
 * little later (that ends the wait with ZX_ERR_CANCELED), unless a signal
 * ends it first.
 */
static void lop_wait_long(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, 0), d = 0, sig = pick_signals(r), zero = 0;
	int i = (int)below(r, LBLOCK);
	zx_signals_t obs;

	if (zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &d) != ZX_OK)
		return;
	__atomic_store_n(&P.blocked_at[i], now_ns(), __ATOMIC_RELAXED);
	if (!__atomic_compare_exchange_n(&P.blocker[i], &zero, d, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		zx_handle_close(d);
		return;
	}
	LCALL(c, LOP_WAIT_LONG, 0x0a, d, sig, 0,
	      zx_object_wait_one(d, sig, ZX_TIME_INFINITE, &obs));
	if (__atomic_compare_exchange_n(&P.blocker[i], &d, 0, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		zx_handle_close(d);
}

static void *canceler(void *arg)
{
	struct rng *r = arg;

	while (!__atomic_load_n(&P.stop_canceler, __ATOMIC_RELAXED)) {
		int64_t now = now_ns();

		if (chance(r, 50))
			signal_a_thread(r);
		for (int i = 0; i < LBLOCK; i++) {
			uint32_t h = __atomic_load_n(&P.blocker[i],
						     __ATOMIC_SEQ_CST);

			if (!h || now - __atomic_load_n(&P.blocked_at[i],
							__ATOMIC_RELAXED) <
				  20000000)
				continue;
			if (__atomic_compare_exchange_n(&P.blocker[i], &h, 0,
							false,
							__ATOMIC_SEQ_CST,
							__ATOMIC_SEQ_CST))
				zx_handle_close(h);
		}
		zx_test_sleep_ms(5);
	}
	/* Whatever still waits ends now. */
	for (int i = 0; i < LBLOCK; i++) {
		uint32_t h = __atomic_exchange_n(&P.blocker[i], 0,
						 __ATOMIC_SEQ_CST);

		if (h)
			zx_handle_close(h);
	}
	return NULL;
}

static void lop_info(struct lctx *c)
{
	static const uint32_t any[] = {
		ZX_INFO_HANDLE_VALID, ZX_INFO_HANDLE_BASIC, ZX_INFO_HANDLE_COUNT,
	};
	static const uint32_t vmo[] = {
		ZX_INFO_VMO, ZX_INFO_VMO_V1, ZX_INFO_VMO_V2, ZX_INFO_VMO_V3,
	};
	struct rng *r = &c->t.r;
	int i = pick_slot(r, 0);
	uint32_t h = __atomic_load_n(&P.slot[i], __ATOMIC_RELAXED);
	uint8_t type = __atomic_load_n(&P.stype[i], __ATOMIC_RELAXED);
	uint32_t topic = pick_topic(r);

	if (chance(r, 70))
		topic = type == ZX_OBJ_TYPE_VMO && chance(r, 60) ? vmo[below(r, 4)] :
			type == ZX_OBJ_TYPE_VMAR && chance(r, 60) ? ZX_INFO_VMAR :
			any[below(r, 3)];
	size_t room, size = chance(r, 60) ? sizeof(zx_info_vmo_t) :
			     pick_len(r, 128);
	void *buf = lout(c, size, &room);
	size_t actual, avail;
	size_t *pa = chance(r, 70) ? &actual : chance(r, 50) ? NULL : lbad(r);
	size_t *pv = chance(r, 70) ? &avail : chance(r, 50) ? NULL : lbad(r);

	if (chance(r, 10))
		buf = NULL;
	LCALL(c, LOP_INFO, 0x05, h, topic, size,
	      zx_object_get_info(h, topic, buf, size, pa, pv));
}

static void lop_property(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, chance(r, 50) ? ZX_OBJ_TYPE_VMO : 0);
	uint32_t prop = chance(r, 45) ? ZX_PROP_NAME :
			chance(r, 80) ? ZX_PROP_VMO_CONTENT_SIZE : below(r, 32);
	size_t size = chance(r, 70) ? (prop == ZX_PROP_NAME ? ZX_MAX_NAME_LEN : 8) :
		      pick_len(r, 40);
	uint64_t v;

	if (chance(r, 50)) {
		void *p = lout(c, size, NULL);

		LCALL(c, LOP_PROPERTY, 0x06, h, prop, size,
		      zx_object_get_property(h, prop, p, size));
	} else {
		void *p = lin(c, size, NULL);

		if (prop == ZX_PROP_VMO_CONTENT_SIZE && chance(r, 70)) {
			v = pick_vmo_size(r);
			p = &v;
		}
		LCALL(c, LOP_PROPERTY, 0x07, h, prop, size,
		      zx_object_set_property(h, prop, p, size));
	}
}

/* A tracked mapping: address and length, or false. */
static bool lmap_get(struct rng *r, int *idx, uint64_t *addr, uint64_t *len)
{
	int i = (int)below(r, LMAPS);
	uint64_t e = __atomic_load_n(&P.map[i], __ATOMIC_RELAXED);

	if (!e)
		return false;
	*idx = i;
	*addr = e & ~(PAGE - 1);
	*len = ((e & (PAGE - 1)) + 1) * PAGE;
	return true;
}

static void lmap_add(struct rng *r, uint64_t addr, uint64_t len)
{
	uint64_t old;

	if (!len || len > PAGE * PAGE || (addr & (PAGE - 1)))
		return;
	old = __atomic_exchange_n(&P.map[below(r, LMAPS)],
				  addr | (len / PAGE - 1), __ATOMIC_RELAXED);
	/* Evicted: unmap it, unless it lives in the arena. */
	if (old && !in_arena(old & ~(PAGE - 1), 1))
		munmap((void *)(uintptr_t)(old & ~(PAGE - 1)),
		       ((old & (PAGE - 1)) + 1) * PAGE);
}

/* A buffer for vmo_read/write: a region, the arena, a mapping, or bad. */
static void *lbuf(struct lctx *c, bool write_to_it, uint64_t *len)
{
	struct rng *r = &c->t.r;
	uint64_t p;
	unsigned int k = below(r, 100);

	if (k < 12) {
		p = L.arena_lo + below(r, (uint32_t)(L.arena_hi - L.arena_lo));
		if (*len > L.arena_hi - p && chance(r, 80))
			*len = L.arena_hi - p;
		return (void *)(uintptr_t)p;
	}
	if (k < 16 && !write_to_it) {
		int i;
		uint64_t a, l;

		/* The kernel only reads from it: any tracked mapping will do. */
		if (lmap_get(r, &i, &a, &l)) {
			if (*len > l && chance(r, 80))
				*len = l;
			return (void *)(uintptr_t)a;
		}
	}
	if (k < 20)
		return lbad(r);
	{
		size_t room;
		void *b = write_to_it ? lout(c, *len, &room) : lin(c, *len, &room);

		if (*len > room && chance(r, 85))
			*len = room;
		return b;
	}
}

static void lop_vmo_rw(struct lctx *c, bool write)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint64_t off = pick_offset(r), len = pick_len(r, 8192);
	void *buf;

	if (chance(r, 70))
		lvmo_range(r, lvmo_size(h), &off, &len, 3 * PAGE);
	if (write && shedding() && len > PAGE)
		len = PAGE;
	buf = lbuf(c, !write, &len);
	if (write)
		LCALL(c, LOP_VMO_WRITE, 0x32, h, off, len,
		      zx_vmo_write(h, buf, off, len));
	else
		LCALL(c, LOP_VMO_READ, 0x31, h, off, len,
		      zx_vmo_read(h, buf, off, len));
}

static void lop_vmo_size(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint64_t size;

	if (chance(r, 40)) {
		uint64_t *p = chance(r, 90) ? &size : lbad(r);

		LCALL(c, LOP_VMO_SIZE, 0x33, h, 0, 0, zx_vmo_get_size(h, p));
		return;
	}
	size = chance(r, 70) ? (uint64_t)below(r, 24) * PAGE + below(r, 2) * below(r, PAGE) :
			       pick_vmo_size(r);
	LCALL(c, LOP_VMO_SIZE, 0x34, h, size, 1, zx_vmo_set_size(h, size));
}

static void lop_op_range(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint32_t op = chance(r, 92) ? 1 + below(r, 14) : (uint32_t)rnd(r);
	uint64_t off = pick_offset(r), size = pick_len(r, 4 * PAGE);

	if (chance(r, 70)) {
		lvmo_range(r, lvmo_size(h), &off, &size, 16 * PAGE);
		if (chance(r, 60)) {	/* DECOMMIT wants whole pages */
			off &= ~(PAGE - 1);
			size &= ~(PAGE - 1);
		}
	}
	void *buf = chance(r, 90) ? NULL : lout(c, 16, NULL);
	size_t bsize = buf ? 16 : (chance(r, 90) ? 0 : pick_len(r, 16));

	if (op == ZX_VMO_OP_COMMIT) {
		if (shedding())
			size = 0;
		else if (size > MB && size < (1ULL << 62))
			size %= MB;
	}
	LCALL(c, LOP_OP_RANGE, 0x35, h, op, size,
	      zx_vmo_op_range(h, op, off, size, buf, bsize));
}

static void lop_cache(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t h = lh(c, ZX_OBJ_TYPE_VMO);
	uint32_t pol = chance(r, 90) ? below(r, 5) : (uint32_t)rnd(r);

	LCALL(c, LOP_CACHE, 0x37, h, pol, 0, zx_vmo_set_cache_policy(h, pol));
}

static void lop_exec(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint8_t type;
	uint32_t h = lh_take(c, ZX_OBJ_TYPE_VMO, &type);
	uint32_t vmex = chance(r, 90) ? 0 : lh(c, 0), n = 0;
	uint32_t *out = chance(r, 97) ? &n : lbad(r);

	if (h == P.root)
		return;
	if (LCALL(c, LOP_EXEC, 0x38, h, vmex, 0,
		  zx_vmo_replace_as_executable(h, vmex, out)) == ZX_OK)
		lput(c, n, type);
	lstale_add(h);
}

static uint32_t lperms(struct rng *r)
{
	if (chance(r, 75))
		return chance(r, 40) ? ZX_VM_PERM_READ :
				       ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;
	switch (below(r, 8)) {
	case 0: return ZX_VM_PERM_READ;
	case 1: case 2: case 3: return ZX_VM_PERM_READ | ZX_VM_PERM_WRITE;
	case 4: return ZX_VM_PERM_READ | ZX_VM_PERM_EXECUTE;
	case 5: return 0;
	case 6: return ZX_VM_PERM_EXECUTE | ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED;
	default: return (uint32_t)rnd(r) & (ZX_VM_PERM_READ | ZX_VM_PERM_WRITE |
					    ZX_VM_PERM_EXECUTE);
	}
}

static uint32_t lvmar(struct lctx *c)
{
	struct rng *r = &c->t.r;

	return chance(r, 80) ? P.root : lh(c, ZX_OBJ_TYPE_VMAR);
}

static void lop_map(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t vmar = lvmar(c), vmo = lh(c, ZX_OBJ_TYPE_VMO);
	uint32_t o = lperms(r);
	uint64_t off = 0, vmo_off, len, addr = 0;
	unsigned int k = below(r, 100);
	zx_vaddr_t out = 0, *pout = chance(r, 96) ? &out : lbad(r);
	zx_status_t s;

	len = (uint64_t)(1 + below(r, 16)) * PAGE;
	if (k < 40) {
		o |= ZX_VM_SPECIFIC;
		arena_range(r, &addr, &len);
		off = addr - L.vmar_base;
	} else if (k < 55) {
		o |= ZX_VM_SPECIFIC_OVERWRITE;
		arena_range(r, &addr, &len);
		off = addr - L.vmar_base;
	} else if (k < 62) {
		o |= ZX_VM_OFFSET_IS_UPPER_LIMIT;
		off = chance(r, 50) ? L.arena_hi - L.vmar_base : pick_interesting(r);
	} else if (k < 70) {
		len = pick_len(r, 64 * PAGE);
		if (chance(r, 30))
			o |= ZX_VM_SPECIFIC;
		off = chance(r, 50) ? 0 : pick_interesting(r);
	} else if (k < 74) {
		o = (uint32_t)rnd(r) & ~ZX_VM_SPECIFIC_OVERWRITE;
		off = pick_interesting(r);
	}
	if (chance(r, 12) && len <= MB && !shedding())
		o |= ZX_VM_MAP_RANGE;
	if (chance(r, 30))
		o |= ZX_VM_ALLOW_FAULTS;
	if (chance(r, 5))
		o |= ZX_VM_REQUIRE_NON_RESIZABLE;
	if (chance(r, 8))
		o |= (uint32_t)(10 + below(r, 14)) << ZX_VM_ALIGN_BASE;
	vmo_off = chance(r, 70) ? 0 : chance(r, 80) ? (uint64_t)below(r, 8) * PAGE :
		  pick_interesting(r);
	if (k < 55 && chance(r, 70)) {
		/* Fits the VMO (the rest of the arena range is left alone). */
		uint64_t size = lvmo_size(vmo) & ~(PAGE - 1);

		if (vmo_off >= size)
			vmo_off = 0;
		if (size && len > size - vmo_off)
			len = size - vmo_off;
	}
	s = LCALL(c, LOP_MAP, 0x3a, ((uint64_t)vmar << 32) | vmo, o, len,
		  zx_vmar_map(vmar, o, off, vmo, vmo_off, len, pout));
	if (s == ZX_OK && pout == &out)
		lmap_add(r, out, len);
}

/*
 * A range to unmap or protect: a tracked mapping (or part of it), an arena
 * range, or arguments the module rejects before touching anything.  Never
 * a range that could hold the fuzzer's own memory.
 */
static void lrange(struct lctx *c, uint64_t *addr, uint64_t *len, int *idx)
{
	struct rng *r = &c->t.r;
	unsigned int k = below(r, 100);
	uint64_t a, l;

	*idx = -1;
	if (k < 45 && lmap_get(r, idx, &a, &l)) {
		uint64_t first = below(r, (uint32_t)(l / PAGE));

		if (chance(r, 60)) {
			*addr = a;
			*len = l;
		} else {
			*addr = a + first * PAGE;
			*len = (1 + below(r, (uint32_t)(l / PAGE - first))) * PAGE;
			*idx = -1;
		}
		return;
	}
	if (k < 85) {
		arena_range(r, addr, len);
		return;
	}
	switch (below(r, 5)) {
	case 0:	/* unaligned */
		arena_range(r, addr, len);
		*addr += 1 + below(r, PAGE - 1);
		break;
	case 1:	/* empty */
		arena_range(r, addr, len);
		*len = 0;
		break;
	case 2:	/* below the VMAR */
		*addr = (uint64_t)below(r, 16) * PAGE;
		*len = PAGE;
		break;
	case 3:	/* kernel */
		*addr = 0xffff888000000000ULL;
		*len = PAGE;
		break;
	default:	/* wraps */
		arena_range(r, addr, len);
		*len = UINT64_MAX - below(r, 2 * PAGE);
	}
}

static void lop_unmap(struct lctx *c)
{
	uint32_t vmar = lvmar(c);
	uint64_t addr, len;
	int idx;

	lrange(c, &addr, &len, &idx);
	if (idx >= 0) {
		uint64_t e = (addr | (len / PAGE - 1));

		/* Whole tracked mapping: drop the entry first. */
		if (!__atomic_compare_exchange_n(&P.map[idx], &e, 0, false,
						 __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			return;
	}
	LCALL(c, LOP_UNMAP, 0x3b, vmar, addr, len,
	      zx_vmar_unmap(vmar, addr, len));
}

static void lop_protect(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint32_t vmar = lvmar(c), o = lperms(r);
	uint64_t addr, len;
	int idx;

	lrange(c, &addr, &len, &idx);
	if (chance(r, 5))
		o = (uint32_t)rnd(r);
	LCALL(c, LOP_PROTECT, 0x3c, vmar, addr, len,
	      zx_vmar_protect(vmar, o, addr, len));
}

/* Reads or writes a few bytes of a mapping; faults are expected. */
static void lop_touch(struct lctx *c)
{
	struct rng *r = &c->t.r;
	uint64_t a, l;
	int i;
	sigjmp_buf jb;
	volatile uint8_t *volatile p;
	volatile unsigned int n, stride = 1;
	bool write = chance(r, 50);

	if (chance(r, 30) || !lmap_get(r, &i, &a, &l)) {
		a = L.arena_lo + (uint64_t)below(r, (uint32_t)((L.arena_hi - L.arena_lo) / PAGE)) * PAGE;
		l = PAGE;
	}
	if (chance(r, 20) && !shedding()) {
		/* A sweep: one access per page of the whole mapping. */
		p = (volatile uint8_t *)(uintptr_t)a;
		stride = PAGE;
		n = (unsigned int)(l / PAGE < 1024 ? l / PAGE : 1024);
	} else {
		p = (volatile uint8_t *)(uintptr_t)(a + below(r, (uint32_t)l));
		n = 1 + below(r, 64);
		if ((uint64_t)(uintptr_t)p + n > a + l)
			n = (unsigned int)(a + l - (uint64_t)(uintptr_t)p);
	}
	op_begin(&c->t, LOP_TOUCH, (uintptr_t)p, n, write | (stride << 1));
	if (sigsetjmp(jb, 1) == 0) {
		t_jmp = &jb;
		for (unsigned int k = 0; k < n; k++) {
			if (write)
				p[k * stride] = (uint8_t)k;
			else
				(void)p[k * stride];
		}
		t_jmp = NULL;
		op_end(&c->t, ZX_OK);
	} else {
		t_jmp = NULL;
		count(&g_ps->faults);
		op_end(&c->t, ZX_ERR_BAD_STATE);
	}
}

/* Up to @max handles to send through @writer, taken from the pool. */
static uint32_t lgather(struct lctx *c, uint32_t writer, uint32_t *v,
			uint8_t *types, uint32_t max)
{
	struct rng *r = &c->t.r;
	uint32_t n = chance(r, 50) ? 0 : 1 + below(r, max);

	for (uint32_t i = 0; i < n; i++) {
		v[i] = lh_take(c, 0, &types[i]);
		if (v[i] && v[i] != P.root && !sendable(writer, v[i])) {
			lput_back(c, v[i], types[i]);
			count(&g_ps->held_back);
			v[i] = 0;
		}
		if (v[i] == P.root)
			v[i] = 0;
	}
	return n;
}

/* The call could not read its arguments: the handles were not consumed. */
static uint32_t lput_all_back(struct lctx *c, uint32_t *v, uint8_t *types,
			      uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		lput_back(c, v[i], types[i]);
	return 0;
}

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
			.wr_bytes = lin(c, 64, NULL),
			.wr_handles = v,
			.rd_bytes = chance(r, 95) ? (void *)rb : lbad(r),
			.rd_handles = chance(r, 95) ? (void *)rh : lbad(r),
			.wr_num_bytes = chance(r, 90) ? 4 + below(r, 60) : below(r, 4),
			.wr_num_handles = n,
			.rd_num_bytes = chance(r, 90) ? ZX_CHANNEL_MAX_MSG_BYTES : below(r, 8),
			.rd_num_handles = chance(r, 90) ? 64 : below(r, 2),
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
			.wr_bytes = lin(c, 64, NULL),
			.wr_handles = d,
			.rd_bytes = chance(r, 95) ? (void *)rb : lbad(r),
			.rd_handles = chance(r, 95) ? (void *)rh : lbad(r),
			.wr_num_bytes = chance(r, 90) ? 4 + below(r, 60) : below(r, 4),
			.wr_num_handles = n,
			.rd_num_bytes = chance(r, 90) ? ZX_CHANNEL_MAX_MSG_BYTES : below(r, 8),
			.rd_num_handles = chance(r, 90) ? 64 : below(r, 2),
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
		/* Abandoned: the handles went with the request. */
		op_end(&c->t, ZX_ERR_CANCELED);
		for (uint32_t i = 0; i < n; i++)
			lstale_add(v[i]);
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
	case 4: {
		uint64_t off = below(r, (uint32_t)l), n = 1 + below(r, 2 * PAGE);

		if (off + n > l)
			n = l - off;
		ret = (int)pread(P.memfd, c->scratch.base, n, (off_t)(a + off));
		break;
	}
	case 5: {
		uint64_t off = below(r, (uint32_t)l), n = 1 + below(r, 2 * PAGE);

		if (off + n > l)
			n = l - off;
		ret = (int)pwrite(P.memfd, c->inbuf.base, n, (off_t)(a + off));
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
	switch (below(r, 4)) {
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

static void libzx_op(struct lctx *c)
{
	int op = lpick_op(&c->t.r);

	switch (op) {
	case LOP_EVENT: case LOP_EVENTPAIR: case LOP_CHANNEL:
		lop_create(c, op); break;
	case LOP_VMO: lop_vmo(c); break;
	case LOP_CHILD: lop_child(c); break;
	case LOP_DUP: lop_dup(c); break;
	case LOP_REPLACE: lop_replace(c); break;
	case LOP_CLOSE: lop_close(c); break;
	case LOP_CLOSE_MANY: lop_close_many(c); break;
	case LOP_SIGNAL: lop_signal(c, false); break;
	case LOP_SIGNAL_PEER: lop_signal(c, true); break;
	case LOP_WAIT: lop_wait(c); break;
	case LOP_WAIT_LONG: lop_wait_long(c); break;
	case LOP_INFO: lop_info(c); break;
	case LOP_PROPERTY: lop_property(c); break;
	case LOP_VMO_READ: lop_vmo_rw(c, false); break;
	case LOP_VMO_WRITE: lop_vmo_rw(c, true); break;
	case LOP_VMO_SIZE: lop_vmo_size(c); break;
	case LOP_OP_RANGE: lop_op_range(c); break;
	case LOP_CACHE: lop_cache(c); break;
	case LOP_EXEC: lop_exec(c); break;
	case LOP_MAP: lop_map(c); break;
	case LOP_UNMAP: lop_unmap(c); break;
	case LOP_PROTECT: lop_protect(c); break;
	case LOP_TOUCH: lop_touch(c); break;
	case LOP_WRITE: lop_write(c, false); break;
	case LOP_WRITE_ETC: lop_write(c, true); break;
	case LOP_READ: lop_read(c); break;
	case LOP_CALL: lop_call(c); break;
	case LOP_PARK: lop_park(c); break;
	case LOP_SERVE: lop_serve(c, false); break;
	case LOP_TO_FD: lop_to_fd(c); break;
	case LOP_FROM_FD: lop_from_fd(c); break;
	case LOP_SOCK_SEND: lop_sock_send(c); break;
	case LOP_SOCK_RECV: lop_sock_recv(c); break;
	case LOP_ROOT: lop_root(c); break;
	case LOP_LINUX: lop_linux(c); break;
	case LOP_STALE: lop_stale(c); break;
	case LOP_PINNED: lop_pinned(c); break;
	case LOP_HUGE: lop_huge(c); break;
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
static int libzx_worker(int next, int prev, int snext, int sprev)
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

/* ===================================================== coordinator */

struct totals {
	uint64_t ops;
	int64_t ns;
	long iterations;
	uint64_t status[NSLOTS];
	uint64_t errnos[NERRNO];
	uint64_t faults, held_back, shed, oom_kills;
	uint64_t opstat[128][2];
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
	char path[128], buf[2048], *p;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), CG_DIR "/%s", file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (!key)
		return strtol(buf, NULL, 10);
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int cg_write(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, v, strlen(v)) == (ssize_t)strlen(v);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

static bool memcg_setup(void)
{
	char v[32];

	cg_write("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	mkdir(CG_DIR, 0755);
	snprintf(v, sizeof(v), "%ld", (long)opt.memcg_mb * 1024 * 1024);
	if (cg_write(CG_DIR "/memory.max", v)) {
		printf("# --memcg: cannot set up %s\n", CG_DIR);
		return false;
	}
	cg_write(CG_DIR "/memory.swap.max", "0");
	return true;
}

static void memcg_join(void)
{
	char v[32];

	snprintf(v, sizeof(v), "%d", getpid());
	cg_write(CG_DIR "/cgroup.procs", v);
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
 * full channel, the snapshot depth limit); restored at the end.
 */
static const struct {
	const char *name;
	long value;
} tunables[] = {
	{ "channel_max_pending", 64 },
	{ "max_vmo_depth", 8 },
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

static const char *op_name(int mode, unsigned int op)
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
		for (int i = 0; i < 128; i++) {
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
		cg_write(CG_DIR "/memory.peak", "0");
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
	for (unsigned int i = 0; i < 128; i++) {
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

static uint64_t parse_u64(const char *s)
{
	return strtoull(s, NULL, 0);
}

static void usage(void)
{
	printf("usage: zx_fuzz [--mode ioctl|libzx|both] [--seconds S] [--seed N]\n"
	       "               [--iterations N] [--procs P] [--threads T] [--ops N]\n"
	       "               [--stall-secs S] [--no-cycles] [--no-tune] [--verbose]\n"
	       "               [--memcg MB] [--trace]\n"
	       "Runs iterations of P processes x T threads x N operations until S\n"
	       "seconds have passed (default %.0f) or N iterations ran; --mode both\n"
	       "alternates the modes.  --seed replays; a failure prints its seed.\n"
	       "Channel ends travel freely, reference cycles included (the module\n"
	       "collects them); --no-cycles sends an end only through an older pair's\n"
	       "channel, which builds no cycle.  Unless --no-tune, the\n"
	       "module parameters channel_max_pending and max_vmo_depth are lowered\n"
	       "for the run (root only) so that their limits are reached.  --trace\n"
	       "prints every operation (process.thread, arguments, status) to stderr.\n"
	       "--memcg runs the workers in a memory cgroup of MB MiB (root only); the\n"
	       "OOM killer's reports are then expected in the kernel log.\n",
	       opt.seconds);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "ops", required_argument, NULL, 'o' },
		{ "stall-secs", required_argument, NULL, 'x' },
		{ "no-cycles", no_argument, NULL, 'c' },
		{ "no-tune", no_argument, NULL, 'n' },
		{ "memcg", required_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "trace", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool seeded = false, ok = true, live_ok = true, sane;
	long before;
	int64_t start, end;
	uint64_t seed;
	int c, pass = 0, fail = 0, skip = 0, n = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "m:s:S:i:p:t:o:x:cnM:vTh", lopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!strcmp(optarg, "ioctl"))
				opt.mode = MODE_IOCTL;
			else if (!strcmp(optarg, "libzx"))
				opt.mode = MODE_LIBZX;
			else if (!strcmp(optarg, "both"))
				opt.mode = MODE_BOTH;
			else {
				usage();
				return 2;
			}
			break;
		case 's': opt.seconds = atof(optarg); break;
		case 'S': opt.seed = parse_u64(optarg); seeded = true; break;
		case 'i': opt.iterations = atol(optarg); break;
		case 'p': opt.procs = atoi(optarg); break;
		case 't': opt.threads = atoi(optarg); break;
		case 'o': opt.ops = atol(optarg); break;
		case 'x': opt.stall_secs = atoi(optarg); break;
		case 'c': opt.cycles = false; break;
		case 'n': opt.tune = false; break;
		case 'M': opt.memcg_mb = atoi(optarg); break;
		case 'v': opt.verbose = true; break;
		case 'T': opt.trace = true; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}
	if (opt.procs < 1 || opt.procs > MAX_PROCS || opt.threads < 1 ||
	    opt.threads >= MAX_THREADS || opt.ops < 1) {
		usage();
		return 2;
	}
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
