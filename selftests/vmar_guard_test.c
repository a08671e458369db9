// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings under hostile or unlucky conditions: a personality that makes
 * every readable mapping executable, a mapping that outlives /dev/zircon
 * and every handle (and must keep the module loaded), raw mmap() calls on
 * the device racing zx_vmar_map(), and concurrent mmap() calls taking the
 * gap a zx_vmar_map() without ZX_VM_SPECIFIC had found.
 */
#include <sys/personality.h>
#include <sys/resource.h>

#include "zx_test_util.h"

#define RD	ZX_VM_PERM_READ
#define RW	(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)

static size_t pg(void)
{
	return (size_t)getpagesize();
}


static bool executable(uintptr_t addr)
{
	return strchr(zx_test_perms_at(addr), 'x') != NULL;
}

/* --------------------------------------------- READ_IMPLIES_EXEC */

/* x86's "ret": a mapping that runs it returns instead of faulting. */
static const uint8_t ret_insn = 0xc3;

/* Exit codes of child_read_implies_exec() other than death by SIGSEGV. */
enum {
	RIE_NO_PERSONALITY = 10,	/* personality() refused */
	RIE_NOT_IN_EFFECT,		/* anonymous PROT_READ not r-x */
	RIE_SETUP,			/* a zx call failed */
	RIE_EXEC_SHOWN,			/* read-only map listed as 'x' */
	RIE_EXEC_HANDLE_SHOWN,		/* same, handle with EXECUTE */
	RIE_PERM_EXEC_MISSING,		/* PERM_EXECUTE map not 'x' */
	RIE_RAN,			/* the read-only mapping ran code */
};

static int child_read_implies_exec(void *arg)
{
	struct rlimit no_core = { 0, 0 };
	zx_handle_t vmo, exec = ZX_HANDLE_INVALID, root;
	zx_vaddr_t addr, xaddr;
	void *anon;

	(void)arg;
	if (personality(READ_IMPLIES_EXEC) < 0 ||
	    !(personality(0xffffffff) & READ_IMPLIES_EXEC))
		return RIE_NO_PERSONALITY;
	/* The personality does make a plain readable mapping executable. */
	anon = mmap(NULL, pg(), PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (anon == MAP_FAILED || !executable((uintptr_t)anon))
		return RIE_NOT_IN_EFFECT;
	munmap(anon, pg());

	root = zx_vmar_root_self();
	vmo = zx_test_vmo(pg(), 0);
	if (vmo == ZX_HANDLE_INVALID ||
	    zx_vmo_write(vmo, &ret_insn, 0, 1) != ZX_OK ||
	    zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &exec) != ZX_OK ||
	    zx_vmo_replace_as_executable(exec, ZX_HANDLE_INVALID, &exec) !=
	    ZX_OK)
		return RIE_SETUP;

	/* A handle with ZX_RIGHT_EXECUTE: executable only when asked for. */
	if (zx_vmar_map(root, RD | ZX_VM_PERM_EXECUTE, 0, exec, 0, pg(),
			&xaddr) != ZX_OK)
		return RIE_SETUP;
	if (!executable(xaddr))
		return RIE_PERM_EXEC_MISSING;
	((void (*)(void))xaddr)();
	if (zx_vmar_unmap(root, xaddr, pg()) != ZX_OK ||
	    zx_vmar_map(root, RD, 0, exec, 0, pg(), &xaddr) != ZX_OK)
		return RIE_SETUP;
	if (executable(xaddr))
		return RIE_EXEC_HANDLE_SHOWN;

	/* A handle without it, mapped PERM_READ only: must not run. */
	if (zx_vmar_map(root, RD, 0, vmo, 0, pg(), &addr) != ZX_OK)
		return RIE_SETUP;
	if (executable(addr))
		return RIE_EXEC_SHOWN;
	setrlimit(RLIMIT_CORE, &no_core);
	((void (*)(void))addr)();
	return RIE_RAN;
}

TEST(read_implies_exec_does_not_make_mappings_executable)
{
#if defined(__x86_64__) || defined(__i386__)
	pid_t pid = zx_test_fork(child_read_implies_exec, NULL);

	ASSERT_LT(0, pid);
	EXPECT_EQ(128 + SIGSEGV, zx_test_wait_child(pid));
#else
	SKIP(return, "needs x86's one-byte ret");
#endif
}

/* ------------------------------------------ mappings pin the module */

#define REFCNT_PATH	"/sys/module/zircon/refcnt"

static long module_refcnt(void)
{
	return zx_test_read_long(REFCNT_PATH);
}

/* Polls the refcount until it is @want or about @ms ms pass. */
static long module_refcnt_settle(long want, int ms)
{
	long v = module_refcnt();

	for (int i = 0; i < ms / 10 && v != want; i++) {
		zx_test_sleep_ms(10);
		v = module_refcnt();
	}
	return v;
}

struct pin_child {
	int ready[2];		/* child -> parent: 'm' mapped, 'e' error */
	int go[2];		/* parent -> child: touch, unmap, exit */
};

/*
 * Maps a VMO, then closes every handle and /dev/zircon itself: only the
 * mapping is left.  Waits for the parent, then checks the mapping still
 * shows the VMO's bytes, writes it and unmaps it.
 */
static int child_pinning_mapping(void *arg)
{
	struct pin_child *pc = arg;
	zx_handle_t vmo;
	zx_vaddr_t addr;
	volatile uint8_t *p;
	uint8_t b = 0x5a;
	char c = 'e';
	int fd;

	close(pc->ready[0]);
	close(pc->go[1]);
	vmo = zx_test_vmo(2 * pg(), 0);
	if (vmo == ZX_HANDLE_INVALID ||
	    zx_vmo_write(vmo, &b, pg(), 1) != ZX_OK ||
	    zx_vmar_map(zx_vmar_root_self(), RW, 0, vmo, 0, 2 * pg(),
			&addr) != ZX_OK) {
		(void)!write(pc->ready[1], &c, 1);
		return 1;
	}
	p = (volatile uint8_t *)addr;
	p[0] = 0xa5;
	/* Closing the table closes every handle, the root VMAR's too. */
	fd = zx_linux_device_fd();
	if (zx_handle_close(vmo) != ZX_OK || fd < 0 || close(fd) != 0) {
		(void)!write(pc->ready[1], &c, 1);
		return 2;
	}
	c = 'm';
	if (write(pc->ready[1], &c, 1) != 1)
		return 3;
	if (read(pc->go[0], &c, 1) != 1)
		return 4;
	/* First touch of the second page: a fault with no table left. */
	if (p[pg()] != 0x5a || p[0] != 0xa5)
		return 5;
	p[pg() + 1] = 1;
	if (munmap((void *)addr, 2 * pg()) != 0)
		return 6;
	return 0;
}

TEST(live_mapping_keeps_module_loaded)
{
	struct pin_child pc;
	long base, pinned;
	pid_t pid;
	char c;
	int err;

	/* This process has no /dev/zircon: nothing of it holds the module. */
	base = module_refcnt();
	if (base < 0)
		SKIP(return, "no " REFCNT_PATH);
	ASSERT_EQ(0, pipe2(pc.ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(pc.go, O_CLOEXEC));
	pid = zx_test_fork(child_pinning_mapping, &pc);
	ASSERT_LT(0, pid);
	close(pc.ready[1]);
	close(pc.go[0]);
	ASSERT_EQ(1, read(pc.ready[0], &c, 1));
	ASSERT_EQ('m', c);

	/* The child's device is closed; its mapping alone holds the module. */
	pinned = module_refcnt();
	EXPECT_LT(base, pinned);
	/*
	 * Only ask for the unload when something holds the module: without
	 * the pin it would succeed, and the child's next touch would fault
	 * into an unloaded module (and every later test would fail).
	 */
	if (pinned > base) {
		errno = 0;
		EXPECT_EQ(-1, syscall(SYS_delete_module, "zircon", O_NONBLOCK));
		err = errno;
		EXPECT_TRUE(err == EWOULDBLOCK || err == EBUSY) {
			TH_LOG("delete_module: %s", strerror(err));
		}
		EXPECT_EQ(0, access(ZX_TEST_DEVICE, F_OK));
	}

	c = 'g';
	ASSERT_EQ(1, write(pc.go[1], &c, 1));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	/* Unmapped and gone: the module's reference went with the mapping. */
	EXPECT_EQ(base, module_refcnt_settle(base, 3000));
	close(pc.ready[0]);
	close(pc.go[1]);
}

/* ----------------------------- raw mmap() of /dev/zircon during maps */

struct stray {
	int fd;
	size_t len;
	volatile bool stop;
	long tries;
	long mapped;		/* mmap() calls that succeeded: none may */
	long bad_errno;		/* failures other than ENODEV */
};

static void *stray_mmap_main(void *arg)
{
	struct stray *s = arg;

	while (!s->stop) {
		void *p = mmap(NULL, s->len, PROT_READ, MAP_SHARED, s->fd, 0);

		__atomic_add_fetch(&s->tries, 1, __ATOMIC_RELAXED);
		if (p != MAP_FAILED) {
			__atomic_add_fetch(&s->mapped, 1, __ATOMIC_RELAXED);
			munmap(p, s->len);
		} else if (errno != ENODEV) {
			__atomic_add_fetch(&s->bad_errno, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

TEST(raw_mmap_of_device_races_vmar_map)
{
	struct stray s = { .len = pg() };
	zx_handle_t vmo = zx_test_vmo(pg(), 0), root = zx_vmar_root_self();
	long maps = 0, failed = 0;
	pthread_t th[3];
	int64_t end;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s.fd = zx_linux_device_fd();
	ASSERT_LE(0, s.fd);
	for (int i = 0; i < 3; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, stray_mmap_main, &s));
	end = zx_test_now() + ZX_TEST_MS(2000);
	while (zx_test_now() < end || maps < 50) {
		zx_vaddr_t addr;
		zx_status_t st;

		/* Same length and offset as the stray calls ask for. */
		st = zx_vmar_map(root, RD, 0, vmo, 0, pg(), &addr);
		maps++;
		if (st != ZX_OK) {
			failed++;
			continue;
		}
		if (*(volatile uint8_t *)addr != 0 ||
		    zx_vmar_unmap(root, addr, pg()) != ZX_OK)
			failed++;
	}
	s.stop = true;
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	TH_LOG("%ld maps, %ld stray mmap() calls", maps, s.tries);
	EXPECT_EQ(0, failed);
	EXPECT_EQ(0, s.mapped);
	EXPECT_EQ(0, s.bad_errno);
	EXPECT_LT(0, s.tries);
	/* A plain mmap() of the device still fails cleanly afterwards. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, pg(), PROT_READ, MAP_SHARED, s.fd, 0));
	EXPECT_EQ(ZX_OK, zx_handle_close(vmo));
}

/* ------------------ gap search racing mmap() in the same process */

struct churn {
	volatile bool stop;
	unsigned int seed;
	long ops;
};

/* Plain top-down mmap()/munmap() of 1 to 32 pages, a few held at once. */
static void *churn_main(void *arg)
{
	struct churn *c = arg;
	void *held[4] = { NULL };
	size_t sizes[4] = { 0 };

	while (!c->stop) {
		int i = rand_r(&c->seed) % 4;

		if (held[i])
			munmap(held[i], sizes[i]);
		sizes[i] = (1 + rand_r(&c->seed) % 32) * pg();
		held[i] = mmap(NULL, sizes[i], PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (held[i] == MAP_FAILED)
			held[i] = NULL;
		c->ops++;
	}
	for (int i = 0; i < 4; i++)
		if (held[i])
			munmap(held[i], sizes[i]);
	return NULL;
}

struct mapper {
	zx_handle_t vmo;
	zx_vm_option_t options;
	uint64_t vmar_offset;
	int64_t end;
	long ok, exists, no_resources, other;
};

static void *mapper_main(void *arg)
{
	struct mapper *m = arg;
	zx_handle_t root = zx_vmar_root_self();

	while (zx_test_now() < m->end) {
		zx_vaddr_t addr;
		zx_status_t st;

		st = zx_vmar_map(root, m->options, m->vmar_offset, m->vmo, 0,
				 4 * pg(), &addr);
		if (st == ZX_OK) {
			m->ok++;
			if (zx_vmar_unmap(root, addr, 4 * pg()) != ZX_OK)
				m->other++;
		} else if (st == ZX_ERR_ALREADY_EXISTS) {
			m->exists++;
		} else if (st == ZX_ERR_NO_RESOURCES) {
			m->no_resources++;
		} else {
			m->other++;
		}
	}
	return NULL;
}

TEST(gap_search_retries_when_mmap_takes_the_gap)
{
	zx_info_vmar_t info;
	uint64_t limit;
	void *probe;
	struct churn ch[2];
	struct mapper mp[2];
	pthread_t cth[2], mth[2];
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	long ok = 0, exists = 0, nores = 0, other = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, zx_object_get_info(zx_vmar_root_self(),
					    ZX_INFO_VMAR, &info, sizeof(info),
					    NULL, NULL));
	/*
	 * The searches pick the highest fitting gap below their limit; with
	 * the limit where a top-down mmap() puts things now, that is the gap
	 * the mmap() calls fill too.  One also asks for an alignment.
	 */
	probe = mmap(NULL, pg(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, probe);
	munmap(probe, pg());
	limit = (uint64_t)(uintptr_t)probe + pg() - info.base;
	mp[0] = (struct mapper){ .vmo = vmo, .vmar_offset = limit,
				 .options = RD | ZX_VM_OFFSET_IS_UPPER_LIMIT |
					    ZX_VM_ALIGN_64KB };
	mp[1] = (struct mapper){ .vmo = vmo, .vmar_offset = limit,
				 .options = RD | ZX_VM_OFFSET_IS_UPPER_LIMIT };
	for (int i = 0; i < 2; i++) {
		ch[i] = (struct churn){ .seed = 1234u + (unsigned int)i };
		ASSERT_EQ(0, pthread_create(&cth[i], NULL, churn_main, &ch[i]));
	}
	for (int i = 0; i < 2; i++) {
		mp[i].end = zx_test_now() + ZX_TEST_MS(3000);
		ASSERT_EQ(0, pthread_create(&mth[i], NULL, mapper_main, &mp[i]));
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(mth[i], NULL);
		ok += mp[i].ok;
		exists += mp[i].exists;
		nores += mp[i].no_resources;
		other += mp[i].other;
	}
	for (int i = 0; i < 2; i++) {
		ch[i].stop = true;
		pthread_join(cth[i], NULL);
	}
	TH_LOG("maps: %ld ok, %ld ALREADY_EXISTS, %ld NO_RESOURCES, %ld other; mmap/munmap: %ld",
	       ok, exists, nores, other, ch[0].ops + ch[1].ops);
	EXPECT_EQ(0, exists);
	EXPECT_EQ(0, other);
	EXPECT_LT(0, ok);
	/* Giving up after the bounded retries stays the rare exception. */
	EXPECT_LE(nores * 20, ok);
	EXPECT_EQ(ZX_OK, zx_handle_close(vmo));
}

ZX_TEST_MAIN(NULL, NULL)

/* ------------------------------------- searches and the stack's room */

/* Recurses through about @kib KiB of stack; returns a checksum. */
static __attribute__((noinline)) unsigned int deep(unsigned int kib)
{
	volatile unsigned char frame[1024];

	frame[0] = (unsigned char)kib;
	frame[sizeof(frame) - 1] = 1;
	if (!kib)
		return frame[0];
	return deep(kib - 1) + frame[sizeof(frame) - 1];
}

/* Child: grows the stack it inherited by 4 MiB, half the usual limit. */
static int child_deep_stack(void *arg)
{
	(void)arg;
	return deep(4096) == 4096 ? 0 : 4;
}

TEST(searched_map_leaves_the_stack_room_to_grow)
{
	zx_info_vmar_t info;
	struct rlimit rl;
	uintptr_t slo, shi, room;
	zx_vaddr_t kept[8];
	zx_handle_t vmo = zx_test_vmo(pg(), 0);
	static const zx_vm_option_t opts[] = {
		RD | ZX_VM_OFFSET_IS_UPPER_LIMIT,
		RD | ZX_VM_ALIGN_1MB,
		RD | ZX_VM_OFFSET_IS_UPPER_LIMIT | ZX_VM_ALIGN_64KB,
	};

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, zx_object_get_info(zx_vmar_root_self(),
					    ZX_INFO_VMAR, &info, sizeof(info),
					    NULL, NULL));
	ASSERT_TRUE(zx_test_named_mapping("[stack]", &slo, &shi));
	ASSERT_EQ(0, getrlimit(RLIMIT_STACK, &rl));
	/*
	 * Linux keeps at least the stack's soft limit (and its guard gap)
	 * between the top of the stack and mmap_base: a searched mapping
	 * ends at least that far below the stack's top.
	 */
	room = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (8u << 20) ?
	       (8u << 20) : (uintptr_t)rl.rlim_cur;
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		zx_vaddr_t addr = 0;
		uint64_t off = (opts[i] & ZX_VM_OFFSET_IS_UPPER_LIMIT) ?
			       info.len : 0;

		ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), opts[i], off,
					     vmo, 0, pg(), &addr));
		TH_LOG("options 0x%x: mapped at 0x%lx, stack 0x%lx-0x%lx",
		       opts[i], (unsigned long)addr, (unsigned long)slo,
		       (unsigned long)shi);
		EXPECT_LE(addr + pg(), shi - room);
		EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, pg()));
	}
	/* After searched mappings, the stack still grows (in a child). */
	for (int i = 0; i < 8; i++)
		ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
					     RD | ZX_VM_OFFSET_IS_UPPER_LIMIT,
					     info.len, vmo, 0, pg(), &kept[i]));
	EXPECT_EQ(0, zx_test_in_child(child_deep_stack, NULL));
	for (int i = 0; i < 8; i++)
		EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), kept[i],
					       pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(vmo));
}
