/* SPDX-License-Identifier: GPL-2.0 */
/*
 * zx_fuzz: a seeded fuzzer for zircon.ko.  This private header holds what
 * the fuzzer's files share; the files are:
 *
 *   options.c      command line
 *   rng.c          random streams and the pickers every mode uses
 *   shared.c       state shared with the coordinator, operation records,
 *                  the memory landscape and meter, signals
 *   status.c       Zircon statuses and each syscall's documented list
 *   ioctl_args.c   ioctl mode: request table, handle pool, argument structs
 *   ioctl.c        ioctl mode: sanitizing, harvesting, stalled copy-outs,
 *                  its threads and worker process
 *   libzx.c        libzx mode: object pool, handles, VMOs, mappings
 *   libzx_ipc.c    libzx mode: channels, descriptors, sockets, Linux calls,
 *                  pinned and huge VMOs, its threads and worker process
 *   coordinator.c  iterations, kernel log, memory cgroup, figures, main()
 *
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
#ifndef ZX_FUZZ_H
#define ZX_FUZZ_H

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

#include "../zx_test_sys.h"

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

extern const char *const mode_names[];

struct fuzz_options {
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
};

extern struct fuzz_options opt;

int parse_options(int argc, char **argv, bool *seeded);

struct rng {
	uint64_t s;
};

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
	uint64_t opstat[256][2];	/* by operation: all, ZX_OK */
	struct tshare t[MAX_THREADS];
};

struct shared {
	int64_t deadline;		/* workers stop starting operations */
	int shed;			/* memory is short: drop objects */
	int stop;
	struct pshare p[MAX_PROCS];
};

struct tctx {
	struct rng r;
	int idx;
	struct tshare *ts;
	struct oprec *cur;
};

/* A read-write region with a PROT_NONE guard page on each side. */
struct region {
	uint8_t *base;
	size_t size;
};

#define ARENA_SIZE	(16 * MB)
#define ARENA_GUARD	(256 * 1024UL)

/* Per-process memory every thread may point the kernel at. */
struct landscape {
	uint8_t *ro;		/* a page of zeros, read-only */
	uint8_t *none;		/* a PROT_NONE page */
	uint8_t *hole;		/* an unmapped page between PROT_NONE pages */
	uint8_t *none32;	/* a PROT_NONE page below 4 GiB */
	uint8_t *arena;		/* reserved; maps go in [lo, hi) */
	uint64_t arena_lo, arena_hi;
	uint64_t vmar_base, vmar_len;
	uint64_t heap_start;	/* the brk heap's start (its end: sbrk(0)) */
};

extern struct landscape L;

/* rng.c */
uint64_t mix64(uint64_t z);
uint64_t rnd(struct rng *r);
uint32_t below(struct rng *r, uint32_t n);
bool chance(struct rng *r, unsigned int pct);
uint64_t next_seed(uint64_t s);
uint64_t pick_interesting(struct rng *r);
uint64_t pick_len(struct rng *r, uint64_t typical);
uint32_t pick_flags(struct rng *r, uint32_t valid);
int64_t now_ns(void);

/* shared.c */
extern struct shared *g_sh;
extern struct pshare *g_ps;
extern int g_proc;
extern uint64_t g_iter_seed;
extern int g_mode;
extern volatile int g_stop;
void worker_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void count(uint64_t *c);
void op_begin(struct tctx *t, uint16_t op, uint64_t a, uint64_t b,
	      uint64_t c);
void op_end(struct tctx *t, zx_status_t s);
void region_alloc(struct region *rg, size_t size, bool low32);
bool in_region(const struct region *rg, uint64_t p, size_t n);
void land_init(void);
void arena_range(struct rng *r, uint64_t *addr, uint64_t *len);
bool in_arena(uint64_t addr, uint64_t len);
void refuse_own_image(const char *what, uint64_t addr, uint64_t len, int idx,
		      uint64_t entry);
uint64_t bad_ptr(struct rng *r, bool low32);
uint64_t out_ptr(struct rng *r, const struct region *rg, size_t want,
		 size_t *avail, bool low32);
uint64_t in_ptr(struct rng *r, const struct region *rg, size_t want,
		size_t *avail, bool low32);
long mem_available_kb(void);
bool shedding(void);
bool must_stop(void);
extern __thread sigjmp_buf park_env;
extern __thread volatile sig_atomic_t park_armed;
void signals_init(struct rng *r);
void signal_a_thread(struct rng *r);
extern int g_go;
void wait_for_go(void);
uint64_t thread_seed(int proc, int thread);

/* status.c */
int status_slot(zx_status_t s);
const char *slot_name(int slot);
void check_status(unsigned int nr, zx_status_t s, const char *what,
		  bool raw);

/* ioctl_args.c */
const char *nr_name(unsigned int nr);
int ioctl_check_descs(void);
uint32_t pick_rights(struct rng *r);
uint32_t pick_signals(struct rng *r);
int64_t pick_deadline(struct rng *r);
uint32_t pick_topic(struct rng *r);
uint64_t pick_vmo_size(struct rng *r);
uint64_t pick_offset(struct rng *r);

/* ioctl.c */
int ioctl_worker(int parent_fd);

/* libzx_ipc.c */
int libzx_worker(int next, int prev, int snext, int sprev);

/* coordinator.c */
const char *op_name(int mode, unsigned int op);

#endif /* ZX_FUZZ_H */
