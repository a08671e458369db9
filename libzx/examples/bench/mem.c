/* SPDX-License-Identifier: MIT */
/*
 * zx-bench: kernel memory per idle object, ours against the descriptor a
 * Linux program would hold instead: an event against an eventfd, a
 * channel (both ends) against a socketpair, an empty one-page VMO against
 * a memfd truncated to one page, a handle (zx_handle_duplicate() of an
 * event) against dup() of an eventfd.
 *
 * One run creates n of them and reads the kernel's memory before and
 * after, then frees them all; its figure is the difference over n.  The
 * memory is /proc/meminfo's Slab + KernelStack + PageTables (the slab
 * figure counts whole slab pages, so a size class's rounding and a slab's
 * unused tail count), after a write to /proc/sys/vm/stat_refresh folds the
 * per-CPU counter deltas in (root only; without it a figure may be off by
 * those deltas).  The meminfo figures are global: anything else the
 * machine allocates meanwhile counts too, hence the median over trials.
 *
 * The harness runs each mechanism once before the trials: the descriptor
 * table and the handle table grow to n entries then and never shrink, so
 * the trials measure the objects, not the tables' growth.  Before each run
 * the previous run's frees are let through RCU (membarrier(), then a short
 * sleep), or they would land in this run's difference.
 */
#include "bench.h"

#include <linux/membarrier.h>

#define MEM_OBJECTS		10000
#define MEM_SMOKE_OBJECTS	300
/* Bytes per object that no idle object takes: the smoke run's sanity bound. */
#define MEM_INSANE		(1 << 20)

enum {
	MEM_EVENT, MEM_CHANNEL, MEM_VMO, MEM_HANDLE,
	MEM_EVENTFD, MEM_SOCKETPAIR, MEM_MEMFD, MEM_DUP,
};

uint64_t mem_objects(void)
{
	return opt.smoke ? MEM_SMOKE_OBJECTS : MEM_OBJECTS;
}

static bool is_fd_kind(int op)
{
	return op >= MEM_EVENTFD;
}

/* Slots per object: both ends of a pair. */
static unsigned int mem_slots(int op)
{
	return op == MEM_CHANNEL || op == MEM_SOCKETPAIR ? 2 : 1;
}

/* Slab + KernelStack + PageTables in bytes, or -1. */
static int64_t kernel_bytes(void)
{
	static const char *const keys[] = {
		"Slab:", "KernelStack:", "PageTables:",
	};
	char line[128];
	int64_t total = 0;
	int found = 0, fd;
	unsigned long kb;
	FILE *f;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0) {
			/* EINVAL: some counter was negative; still folded. */
		}
		close(fd);
	}
	f = fopen("/proc/meminfo", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		for (int i = 0; i < 3; i++) {
			size_t l = strlen(keys[i]);

			if (strncmp(line, keys[i], l) ||
			    sscanf(line + l, "%lu", &kb) != 1)
				continue;
			total += (int64_t)kb * 1024;
			found++;
		}
	}
	fclose(f);
	return found == 3 ? total : -1;
}

/* Lets the frees of the previous run through RCU. */
static void settle(void)
{
	syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
	usleep(20000);
	syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
}

static int mem_setup(struct mech *m)
{
	size_t slots = (size_t)mem_objects() * mem_slots(m->op);
	struct rlimit rl;
	zx_status_t s;

	if (kernel_bytes() < 0)
		return mna(m, "no Slab/KernelStack/PageTables in /proc/meminfo");
	m->shared = calloc(slots, sizeof(int));
	if (!m->shared)
		return merr(m, "out of memory");
	if (is_fd_kind(m->op)) {
		/* The descriptors, and some for the rest of the bench. */
		if (getrlimit(RLIMIT_NOFILE, &rl))
			return perr(m, "getrlimit");
		if (rl.rlim_cur < slots + 256) {
			rl.rlim_cur = slots + 256;
			if (rl.rlim_max < rl.rlim_cur)
				rl.rlim_max = rl.rlim_cur;
			if (setrlimit(RLIMIT_NOFILE, &rl))
				return mna(m, "RLIMIT_NOFILE below %zu: %s",
					   slots + 256, strerror(errno));
		}
	}
	/* The original that duplicates copy. */
	if (m->op == MEM_HANDLE) {
		s = zx_event_create(0, &m->h[0]);
		if (s != ZX_OK)
			return zerr(m, "zx_event_create", s);
	} else if (m->op == MEM_DUP) {
		m->fd[0] = eventfd(0, EFD_CLOEXEC);
		if (m->fd[0] < 0)
			return perr(m, "eventfd");
	}
	return 0;
}

/* Creates one object into @slot (a pair: two): 0, a status or an errno. */
static int mem_create(struct mech *m, uint32_t *slot)
{
	zx_handle_t *h = slot;
	int *fd = (int *)slot;

	switch (m->op) {
	case MEM_EVENT:
		return zx_event_create(0, h);
	case MEM_CHANNEL:
		return zx_channel_create(0, &h[0], &h[1]);
	case MEM_VMO:
		return zx_vmo_create(4096, 0, h);
	case MEM_HANDLE:
		return zx_handle_duplicate(m->h[0], ZX_RIGHT_SAME_RIGHTS, h);
	case MEM_EVENTFD:
		fd[0] = eventfd(0, EFD_CLOEXEC);
		break;
	case MEM_SOCKETPAIR:
		return socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fd) ?
		       errno : 0;
	case MEM_MEMFD:
		fd[0] = memfd_create("zx-bench", MFD_CLOEXEC);
		if (fd[0] >= 0 && ftruncate(fd[0], 4096)) {
			int e = errno;

			close(fd[0]);
			return e;
		}
		break;
	case MEM_DUP:
		fd[0] = fcntl(m->fd[0], F_DUPFD_CLOEXEC, 0);
		break;
	}
	return fd[0] < 0 ? errno : 0;
}

static void mem_free(struct mech *m, uint32_t *slots, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (is_fd_kind(m->op))
			close((int)slots[i]);
		else
			zx_handle_close(slots[i]);
	}
}

/* Checks that the @n objects exist where the kernel can tell. */
static int mem_check(struct mech *m, uint32_t *slots, uint64_t n)
{
	zx_info_handle_count_t hc;
	zx_status_t s;

	if (m->op == MEM_HANDLE) {
		s = zx_object_get_info(m->h[0], ZX_INFO_HANDLE_COUNT, &hc,
				       sizeof(hc), NULL, NULL);
		if (s != ZX_OK)
			return zerr(m, "ZX_INFO_HANDLE_COUNT", s);
		if (hc.handle_count != n + 1)
			return merr(m, "%u handles to the event, not %" PRIu64,
				    hc.handle_count, n + 1);
	}
	if (is_fd_kind(m->op) && n &&
	    fcntl((int)slots[n * mem_slots(m->op) - 1], F_GETFD) < 0)
		return perr(m, "the last descriptor");
	return 0;
}

static int64_t mem_run(struct mech *m, uint64_t n)
{
	unsigned int per = mem_slots(m->op);
	uint32_t *slots = m->shared;
	int64_t before, after;
	uint64_t i;
	int e = 0;

	if (n > mem_objects())
		n = mem_objects();
	settle();
	before = kernel_bytes();
	for (i = 0; i < n && !e; i++)
		e = mem_create(m, &slots[i * per]);
	if (e) {
		mem_free(m, slots, (i - 1) * per);
		if (is_fd_kind(m->op))
			return merr(m, "object %" PRIu64 ": %s", i - 1,
				    strerror(e));
		return merr(m, "object %" PRIu64 ": %s", i - 1,
			    zx_status_get_string(e));
	}
	after = kernel_bytes();
	e = mem_check(m, slots, n);
	mem_free(m, slots, n * per);
	if (e)
		return -1;
	if (before < 0 || after < 0)
		return merr(m, "/proc/meminfo went away");
	/* Something else freed more than we took: no figure, not an error. */
	if (after < before)
		return 0;
	if ((uint64_t)(after - before) / n > MEM_INSANE)
		return merr(m, "%" PRId64 " bytes for %" PRIu64 " objects",
			    after - before, n);
	return after - before;
}

static void mem_teardown(struct mech *m)
{
	close_handles(m);
	close_fds(m);
	free(m->shared);
	m->shared = NULL;
}

void plan_mem(void)
{
	static const struct {
		const char *label, *ours, *base;
		int a, b;
	} rows[] = {
		{ "idle memory: event", "zx_event", "eventfd",
		  MEM_EVENT, MEM_EVENTFD },
		{ "idle memory: channel (pair)", "zx_channel", "socketpair",
		  MEM_CHANNEL, MEM_SOCKETPAIR },
		{ "idle memory: VMO (1 page)", "zx_vmo", "memfd",
		  MEM_VMO, MEM_MEMFD },
		{ "idle memory: handle (dup)", "zx_handle_duplicate", "dup",
		  MEM_HANDLE, MEM_DUP },
	};
	struct group *g;
	int a, b;

	g = new_group("mem", "idle memory (%" PRIu64 " objects)",
		      mem_objects());
	g->mem = true;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		a = add(g, rows[i].ours, mem_setup, mem_run, mem_teardown, 0);
		g->m[a].op = rows[i].a;
		b = add(g, rows[i].base, mem_setup, mem_run, mem_teardown, 0);
		g->m[b].op = rows[i].b;
		compare(g, rows[i].label, a, b, 0, 0, false);
	}
}
