// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: state shared with the coordinator, operation records, the
 * memory landscape and meter, signals.
 */
#include "fuzz.h"

/* ---------------------------------------------------- shared state */

struct shared *g_sh;		/* mapped MAP_SHARED before fork */

/* Worker-process globals. */
struct pshare *g_ps;
int g_proc;
uint64_t g_iter_seed;
int g_mode;
volatile int g_stop;

void worker_fail(const char *fmt, ...)
{
	va_list ap;

	g_stop = 1;
	if (__atomic_exchange_n(&g_ps->failed, 1, __ATOMIC_SEQ_CST))
		return;
	va_start(ap, fmt);
	vsnprintf(g_ps->failure, sizeof(g_ps->failure), fmt, ap);
	va_end(ap);
}

void count(uint64_t *c)
{
	__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
}

/* ------------------------------------------------ operation records */

void op_begin(struct tctx *t, uint16_t op, uint64_t a, uint64_t b,
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


void op_end(struct tctx *t, zx_status_t s)
{
	unsigned int i = t->cur->op & 255;

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

void region_alloc(struct region *rg, size_t size, bool low32)
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

bool in_region(const struct region *rg, uint64_t p, size_t n)
{
	uint64_t b = (uint64_t)(uintptr_t)rg->base;

	return p >= b && p <= b + rg->size && n <= b + rg->size - p;
}

struct landscape L;

static uint64_t heap_start(void);

void land_init(void)
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
	L.heap_start = heap_start();
}

/* A page-aligned range inside the arena: [*addr, *addr + *len). */
void arena_range(struct rng *r, uint64_t *addr, uint64_t *len)
{
	uint64_t pages = (L.arena_hi - L.arena_lo) / PAGE;
	uint64_t first = below(r, (uint32_t)pages);
	uint64_t n = 1 + below(r, chance(r, 80) ? 16 : (uint32_t)(pages - first));

	if (first + n > pages)
		n = pages - first;
	*addr = L.arena_lo + first * PAGE;
	*len = n * PAGE;
}

bool in_arena(uint64_t addr, uint64_t len)
{
	return addr >= L.arena_lo && addr <= L.arena_hi &&
	       len <= L.arena_hi - addr;
}

/*
 * Fails the worker, with where the range came from (a tracked entry @idx
 * holding @entry, or -1), if an unmap, protect or write of [addr, addr +
 * len) would hit the program itself: its text, data, bss or brk heap.
 * No operation may; without this the worker would destroy itself.
 */
void refuse_own_image(const char *what, uint64_t addr, uint64_t len, int idx,
		      uint64_t entry)
{
	extern char __executable_start[], _end[];
	uint64_t lo = (uint64_t)(uintptr_t)__executable_start;
	uint64_t hi = (uint64_t)(uintptr_t)_end;
	uint64_t brk = (uint64_t)(uintptr_t)sbrk(0);

	if (!len || !((addr < hi && addr + len > lo) ||
		      (addr < brk && addr + len > L.heap_start)))
		return;
	worker_fail("%s of 0x%lx+0x%lx would hit the program: entry %d 0x%lx, arena 0x%lx-0x%lx",
		    what, (unsigned long)addr, (unsigned long)len, idx,
		    (unsigned long)entry, (unsigned long)L.arena_lo,
		    (unsigned long)L.arena_hi);
}

/* Where the brk heap starts: its [heap] line, or the break now. */
static uint64_t heap_start(void)
{
	uintptr_t lo, hi;

	if (zx_test_named_mapping("[heap]", &lo, &hi))
		return lo;
	return (uint64_t)(uintptr_t)sbrk(0);
}

/* Addresses the kernel can neither read nor write. */
uint64_t bad_ptr(struct rng *r, bool low32)
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
uint64_t out_ptr(struct rng *r, const struct region *rg, size_t want,
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
uint64_t in_ptr(struct rng *r, const struct region *rg, size_t want,
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
long mem_available_kb(void)
{
	return zx_test_read_key("/proc/meminfo", "MemAvailable:");
}

bool shedding(void)
{
	return __atomic_load_n(&g_sh->shed, __ATOMIC_RELAXED);
}

bool must_stop(void)
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
__thread sigjmp_buf park_env;
__thread volatile sig_atomic_t park_armed;

static void sigusr_handler(int sig)
{
	(void)sig;
	if (park_armed) {
		park_armed = 0;
		siglongjmp(park_env, 1);
	}
}

void signals_init(struct rng *r)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sigusr_handler;
	sa.sa_flags = chance(r, 50) ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	g_signals = chance(r, 60);
}

void signal_a_thread(struct rng *r)
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
int g_go;

void wait_for_go(void)
{
	while (!__atomic_load_n(&g_go, __ATOMIC_ACQUIRE))
		sched_yield();
}

uint64_t thread_seed(int proc, int thread)
{
	return mix64(g_iter_seed ^ mix64(((uint64_t)proc << 32) |
					 (uint64_t)(thread + 1)));
}
