// SPDX-License-Identifier: GPL-2.0
/*
 * VMO mappings through the root VMAR: zx_vmar_root_self(), zx_vmar_map(),
 * zx_vmar_unmap() and zx_vmar_protect(), and what a mapping shows: the
 * same bytes as zx_vmo_read()/zx_vmo_write(), slices and snapshot
 * children, the VMO handle's rights, the VMO's lifetime and size, and
 * another process's mapping of the same VMO.
 *
 * Accesses that should fault are made in a forked child (which shares the
 * MAP_SHARED mappings and their protections) and judged by how it ended.
 */
#include <poll.h>
#include <sys/resource.h>

#include "zx_test_util.h"

#define RD	ZX_VM_PERM_READ
#define RW	(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)

/* Kernel sizes of the x86-64 user address space (4- and 5-level paging). */
#define TASK_SIZE_47	((1ULL << 47) - 4096)
#define TASK_SIZE_56	((1ULL << 56) - 4096)

static size_t pg(void)
{
	return (size_t)getpagesize();
}

static zx_handle_t root(void)
{
	return zx_vmar_root_self();
}

/* Maps @vmo anywhere in the root VMAR. */
static zx_status_t map(zx_handle_t vmo, zx_vm_option_t options,
		       uint64_t vmo_offset, size_t len, zx_vaddr_t *addr)
{
	return zx_vmar_map(root(), options, 0, vmo, vmo_offset, len, addr);
}

/* One byte of @vmo through zx_vmo_read(); -1 on failure. */
static int vmo_byte(zx_handle_t vmo, uint64_t offset)
{
	uint8_t b;

	if (zx_vmo_read(vmo, &b, offset, 1) != ZX_OK)
		return -1;
	return b;
}

static zx_status_t vmo_put(zx_handle_t vmo, uint64_t offset, uint8_t value)
{
	return zx_vmo_write(vmo, &value, offset, 1);
}

/*
 * Live objects at the start of a test, counted after the root VMAR handle
 * exists (libzx keeps it for the life of the process).
 */
static long live_start(void)
{
	(void)zx_vmar_root_self();
	return zx_test_live_objects();
}

#define EXPECT_NO_LEAK(before)						\
	do {								\
		if ((before) >= 0)					\
			EXPECT_EQ((before),				\
				  zx_test_live_objects_settle((before),	\
							      3000));	\
	} while (0)

/*
 * How most tests end: each of the @n handles @h closes (in that order)
 * and nothing the test made outlives them.
 */
static void close_no_leak(struct __test_metadata *_metadata, long before,
			  const zx_handle_t *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));
	EXPECT_NO_LEAK(before);
}

/* The same after unmapping @len bytes at @addr, which must succeed. */
static void unmap_close_no_leak(struct __test_metadata *_metadata,
				long before, zx_vaddr_t addr, size_t len,
				const zx_handle_t *h, size_t n)
{
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, len));
	close_no_leak(_metadata, before, h, n);
}

/* A list of handles as an array and its length. */
#define HANDLES(...)							\
	((const zx_handle_t[]){ __VA_ARGS__ }),				\
	sizeof((const zx_handle_t[]){ __VA_ARGS__ }) / sizeof(zx_handle_t)

#define CLOSE_NO_LEAK(before, ...)					\
	close_no_leak(_metadata, (before), HANDLES(__VA_ARGS__))
#define UNMAP_CLOSE_NO_LEAK(before, addr, len, ...)			\
	unmap_close_no_leak(_metadata, (before), (addr), (len),		\
			    HANDLES(__VA_ARGS__))

/*
 * A fresh VMO of @len bytes made with @options, mapped with @perms over
 * all of it anywhere in the root VMAR at *@addr.
 */
static zx_handle_t vmo_mapped(struct __test_metadata *_metadata, size_t len,
			      uint32_t options, zx_vm_option_t perms,
			      zx_vaddr_t *addr)
{
	zx_handle_t vmo = zx_test_vmo(len, options);

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, map(vmo, perms, 0, len, addr));
	return vmo;
}

/*
 * An address range of @len bytes nothing is mapped in right now (reserved
 * and released again), aligned to @align (a power of two >= page size).
 */
static uintptr_t free_range(size_t len, size_t align)
{
	size_t span = len + align;
	void *p = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	uintptr_t a;

	if (p == MAP_FAILED)
		return 0;
	munmap(p, span);
	a = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
	return a;
}

static zx_info_vmar_t root_info(void)
{
	zx_info_vmar_t info;

	memset(&info, 0, sizeof(info));
	if (zx_object_get_info(root(), ZX_INFO_VMAR, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		memset(&info, 0, sizeof(info));
	return info;
}

/* ------------------------------------------------ probing in a child */

struct probe {
	volatile uint8_t *p;
	bool write;
	uint8_t value;
};

static int probe_child(void *arg)
{
	struct probe *pr = arg;
	struct rlimit no_core = { 0, 0 };

	setrlimit(RLIMIT_CORE, &no_core);
	if (pr->write)
		*pr->p = pr->value;
	else
		pr->value = *pr->p;
	return 0;
}

/*
 * Reads (or writes @value to) @addr in a forked child: 0 if the access
 * worked, the number of the signal that killed the child if one did, -1
 * for anything else.
 */
static int probe_access(const void *addr, bool write, uint8_t value)
{
	struct probe pr = {
		.p = (volatile uint8_t *)addr,
		.write = write,
		.value = value,
	};
	int status;
	pid_t pid;

	pid = zx_test_fork(probe_child, &pr);
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 0 ? 0 : -1;
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return -1;
}

#define probe_read(a)		probe_access((a), false, 0)
#define probe_write(a, v)	probe_access((a), true, (v))

/* ------------------------------------------------------ the root VMAR */

TEST(root_self_is_a_vmar)
{
	zx_handle_t h = zx_vmar_root_self(), dup = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(h, zx_vmar_root_self());
	EXPECT_EQ(h, zx_vmar_root_self());
	info = zx_test_basic(h);
	EXPECT_EQ(ZX_OBJ_TYPE_VMAR, info.type);
	EXPECT_NE(0u, info.koid);
	/* A duplicate names the same VMAR and can go away on its own. */
	EXPECT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &dup));
	EXPECT_EQ(info.koid, zx_test_koid(dup));
	EXPECT_EQ(ZX_OK, zx_handle_close(dup));
	EXPECT_TRUE(zx_test_valid(h));
	/* Mappings of every kind can be made through it. */
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_WRITE | ZX_RIGHT_EXECUTE,
		  info.rights & (ZX_RIGHT_READ | ZX_RIGHT_WRITE |
				 ZX_RIGHT_EXECUTE));
}

TEST(root_info_covers_user_space)
{
	zx_info_vmar_t info = root_info();
	int on_stack = 0;
	uintptr_t end;

	EXPECT_EQ(0x10000u, info.base);
	ASSERT_NE(0u, info.len);
	end = info.base + info.len;
	/* len = task size - base. */
	EXPECT_TRUE(end == TASK_SIZE_47 || end == TASK_SIZE_56);
	EXPECT_LT((uintptr_t)&on_stack, end);
	EXPECT_GT((uintptr_t)&on_stack, info.base);
}

struct root_arg {
	zx_koid_t parent_koid;
};

static int child_root(void *p)
{
	struct root_arg *a = p;
	zx_handle_t h = zx_vmar_root_self(), vmo;
	zx_info_handle_basic_t info = zx_test_basic(h);
	zx_vaddr_t addr;

	CHILD_CHECK(h != ZX_HANDLE_INVALID);
	CHILD_CHECK(h == zx_vmar_root_self());
	CHILD_CHECK(info.type == ZX_OBJ_TYPE_VMAR);
	CHILD_CHECK(info.koid != 0 && info.koid != a->parent_koid);
	/* And it maps into the child. */
	vmo = zx_test_vmo(pg(), 0);
	CHILD_CHECK(vmo != ZX_HANDLE_INVALID);
	CHILD_CHECK(zx_vmar_map(h, RW, 0, vmo, 0, pg(), &addr) == ZX_OK);
	*(volatile uint8_t *)addr = 0x42;
	CHILD_CHECK(vmo_byte(vmo, 0) == 0x42);
	CHILD_CHECK(zx_vmar_unmap(h, addr, pg()) == ZX_OK);
	return 0;
}

TEST(forked_child_gets_its_own_root_vmar)
{
	long before = live_start();
	struct root_arg a;

	a.parent_koid = zx_test_koid(zx_vmar_root_self());
	ASSERT_NE(0u, a.parent_koid);
	EXPECT_EQ(0, zx_test_in_child(child_root, &a));
	/* The parent's is untouched. */
	EXPECT_EQ(a.parent_koid, zx_test_koid(zx_vmar_root_self()));
	/* The child's VMAR and VMO went with it. */
	EXPECT_NO_LEAK(before);
}

/* ------------------------------------------- mapped bytes and the VMO */

TEST(mapping_and_vmo_calls_see_the_same_bytes)
{
	long before = live_start();
	const size_t n = 4 * pg();
	zx_handle_t vmo;
	uint8_t buf[16], out[16];
	volatile uint8_t *m;
	zx_vaddr_t addr = 0;

	vmo = vmo_mapped(_metadata, n, 0, RW, &addr);
	ASSERT_NE(0u, addr);
	EXPECT_EQ(0u, addr % pg());
	m = (volatile uint8_t *)addr;

	/* A new VMO reads as zeros through the mapping. */
	EXPECT_EQ(0, m[0]);
	EXPECT_EQ(0, m[n - 1]);

	/* Mapping -> zx_vmo_read, first and last byte of every page. */
	for (size_t i = 0; i < n / pg(); i++) {
		m[i * pg()] = (uint8_t)(0x10 + i);
		m[(i + 1) * pg() - 1] = (uint8_t)(0x20 + i);
	}
	for (size_t i = 0; i < n / pg(); i++) {
		EXPECT_EQ(0x10 + (int)i, vmo_byte(vmo, i * pg()));
		EXPECT_EQ(0x20 + (int)i, vmo_byte(vmo, (i + 1) * pg() - 1));
	}

	/* zx_vmo_write -> mapping, across a page boundary. */
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0xa0 + i);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, buf, 2 * pg() - 8, sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		EXPECT_EQ(buf[i], m[2 * pg() - 8 + i]);

	/* Mapping across a page boundary -> zx_vmo_read. */
	for (size_t i = 0; i < sizeof(buf); i++)
		m[3 * pg() - 5 + i] = (uint8_t)(0x50 + i);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, out, 3 * pg() - 5, sizeof(out)));
	for (size_t i = 0; i < sizeof(out); i++)
		EXPECT_EQ((uint8_t)(0x50 + i), out[i]);

	/* Overwrite a byte already mapped writable, both ways. */
	EXPECT_EQ(ZX_OK, vmo_put(vmo, 0, 0x99));
	EXPECT_EQ(0x99, m[0]);
	m[0] = 0x98;
	EXPECT_EQ(0x98, vmo_byte(vmo, 0));

	UNMAP_CLOSE_NO_LEAK(before, addr, n, vmo);
}

TEST(mapping_at_vmo_offset)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	volatile uint8_t *m;
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 2 * pg(), 0x31));
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 3 * pg() + 7, 0x32));
	ASSERT_EQ(ZX_OK, vmo_put(vmo, pg(), 0x30));
	ASSERT_EQ(ZX_OK, map(vmo, RW, 2 * pg(), 2 * pg(), &addr));
	m = (volatile uint8_t *)addr;
	EXPECT_EQ(0x31, m[0]);
	EXPECT_EQ(0x32, m[pg() + 7]);
	m[5] = 0x33;
	m[2 * pg() - 1] = 0x34;
	EXPECT_EQ(0x33, vmo_byte(vmo, 2 * pg() + 5));
	EXPECT_EQ(0x34, vmo_byte(vmo, 4 * pg() - 1));
	/* Pages before the offset are untouched. */
	EXPECT_EQ(0x30, vmo_byte(vmo, pg()));
	EXPECT_EQ(0, vmo_byte(vmo, pg() + 5));
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), vmo);
}

TEST(two_mappings_alias)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *a, *b, *c;
	zx_vaddr_t a1, a2, a3;

	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &a1);
	ASSERT_EQ(ZX_OK, map(vmo, RW, 0, 2 * pg(), &a2));
	ASSERT_EQ(ZX_OK, map(vmo, RW, pg(), pg(), &a3));
	EXPECT_NE(a1, a2);
	a = (volatile uint8_t *)a1;
	b = (volatile uint8_t *)a2;
	c = (volatile uint8_t *)a3;
	a[10] = 1;
	EXPECT_EQ(1, b[10]);
	b[pg() + 3] = 2;
	EXPECT_EQ(2, a[pg() + 3]);
	EXPECT_EQ(2, c[3]);
	c[4] = 3;
	EXPECT_EQ(3, a[pg() + 4]);
	EXPECT_EQ(3, b[pg() + 4]);
	EXPECT_EQ(3u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), a1, 2 * pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), a2, 2 * pg()));
	UNMAP_CLOSE_NO_LEAK(before, a3, pg(), vmo);
}

TEST(num_mappings_counts_mappings)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), 0), other = zx_test_vmo(pg(), 0);
	zx_vaddr_t a1, a2;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(ZX_HANDLE_INVALID, other);
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	ASSERT_EQ(ZX_OK, map(vmo, RW, 0, pg(), &a1));
	EXPECT_EQ(1u, zx_test_vmo_info(vmo).num_mappings);
	ASSERT_EQ(ZX_OK, map(vmo, RD, 0, pg(), &a2));
	EXPECT_EQ(2u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(0u, zx_test_vmo_info(other).num_mappings);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), a1, pg()));
	EXPECT_EQ(1u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), a2, pg()));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	CLOSE_NO_LEAK(before, vmo, other);
}

TEST(mapping_keeps_vmo_alive)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	vmo = zx_test_vmo(2 * pg(), 0);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, pg() + 1, 0x61));
	ASSERT_EQ(ZX_OK, map(vmo, RW, 0, 2 * pg(), &addr));
	EXPECT_EQ(before + 1, zx_test_live_objects());
	EXPECT_EQ(ZX_OK, zx_handle_close(vmo));
	m = (volatile uint8_t *)addr;
	/* The object is still there, and so are its bytes. */
	EXPECT_EQ(before + 1, zx_test_live_objects());
	EXPECT_EQ(0x61, m[pg() + 1]);
	m[0] = 0x62;	/* a page never touched before */
	m[pg() + 2] = 0x63;
	EXPECT_EQ(0x62, m[0]);
	EXPECT_EQ(0x63, m[pg() + 2]);
	EXPECT_EQ(before + 1, zx_test_live_objects());
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

TEST(partial_unmap_keeps_vmo_alive)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	vmo = vmo_mapped(_metadata, 3 * pg(), 0, RW, &addr);
	ASSERT_EQ(ZX_OK, zx_handle_close(vmo));
	m = (volatile uint8_t *)addr;
	m[2 * pg()] = 0x71;
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	EXPECT_EQ(before + 1, zx_test_live_objects());
	EXPECT_EQ(0x71, m[2 * pg()]);
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(root(), addr + 2 * pg(), pg()));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

/* A VMO's own mapping as the buffer of zx_vmo_read()/zx_vmo_write(). */
TEST(vmo_calls_with_buffer_in_own_mapping)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	uint8_t buf[64];
	volatile uint8_t *m;
	zx_vaddr_t addr, ro;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i + 1);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, buf, 0, sizeof(buf)));
	ASSERT_EQ(ZX_OK, map(vmo, RW, 0, 4 * pg(), &addr));
	m = (volatile uint8_t *)addr;
	/* Pages 1 and 2 of the mapping were never touched. */
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, (void *)(addr + pg()), 0,
				     sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		EXPECT_EQ(i + 1, m[pg() + i]);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, (const void *)(addr + pg()),
				      2 * pg() + 100, sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		EXPECT_EQ(i + 1, m[2 * pg() + 100 + i]);
	/* Across the whole mapping at once (page 3 untouched). */
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, (const void *)addr, 2 * pg(),
				      2 * pg() - 200));
	EXPECT_EQ(1, m[2 * pg()]);
	EXPECT_EQ(1, m[3 * pg()]);
	/* A read-only mapping cannot be the destination. */
	ASSERT_EQ(ZX_OK, map(vmo, RD, 0, pg(), &ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_read(vmo, (void *)ro, pg(), 16));
	EXPECT_EQ(1, ((volatile uint8_t *)ro)[0]);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ro, pg()));
	UNMAP_CLOSE_NO_LEAK(before, addr, 4 * pg(), vmo);
}

/*
 * The same after a snapshot, when the pages in the mapping belong to the
 * frozen layer: the calls copy pages up (and zap the mapping) while they
 * read from or write to that very mapping.
 */
static uint8_t pat(size_t i)
{
	return (uint8_t)(i * 7 + i / pg() * 13);
}

TEST(vmo_calls_with_buffer_in_own_mapping_after_snapshot)
{
	long before = live_start();
	zx_handle_t vmo, child;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, 3 * pg(), 0, RW, &addr);
	m = (volatile uint8_t *)addr;
	for (size_t i = 0; i < 3 * pg(); i++)
		m[i] = pat(i);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     3 * pg(), &child));
	/* Source and destination in the same frozen page. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, (const void *)addr, pg() / 2, 64));
	for (size_t k = 0; k < 64; k++)
		EXPECT_EQ(pat(k), m[pg() / 2 + k]);
	EXPECT_EQ(pat(pg() / 2 + 64), m[pg() / 2 + 64]);
	/* Destination in a frozen page of the mapping. */
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, (void *)(addr + pg() + 128),
				     2 * pg(), 64));
	for (size_t k = 0; k < 64; k++)
		EXPECT_EQ(pat(2 * pg() + k), m[pg() + 128 + k]);
	/* Source and destination a page apart, both frozen. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, (const void *)(addr + 2 * pg()),
				      pg() + 1024, 128));
	for (size_t k = 0; k < 128; k++)
		EXPECT_EQ(pat(2 * pg() + k), m[pg() + 1024 + k]);
	/* The child kept the old bytes. */
	EXPECT_EQ(pat(pg() / 2), vmo_byte(child, pg() / 2));
	EXPECT_EQ(pat(pg() + 128), vmo_byte(child, pg() + 128));
	EXPECT_EQ(pat(pg() + 1024), vmo_byte(child, pg() + 1024));
	UNMAP_CLOSE_NO_LEAK(before, addr, 3 * pg(), child, vmo);
}

/* The cache policy cannot change while the VMO is mapped. */
TEST(cache_policy_fixed_while_mapped)
{
	long before = live_start();
	zx_handle_t vmo;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, pg(), 0, RD, &addr);
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmo_set_cache_policy(vmo, ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(vmo, ZX_CACHE_POLICY_CACHED));
	CLOSE_NO_LEAK(before, vmo);
}

struct thread_map_arg {
	zx_handle_t vmo;
	zx_handle_t root_seen;
	zx_vaddr_t addr;
	zx_status_t status;
};

static void *thread_maps(void *p)
{
	struct thread_map_arg *a = p;

	a->root_seen = zx_vmar_root_self();
	a->status = zx_vmar_map(a->root_seen, RW, 0, a->vmo, 0, pg(),
				&a->addr);
	if (a->status == ZX_OK)
		((volatile uint8_t *)a->addr)[0] = 0x7e;
	return NULL;
}

/* Threads share the process's root VMAR and its mappings. */
TEST(threads_share_the_root_vmar)
{
	long before = live_start();
	struct thread_map_arg a = { 0 };
	pthread_t t;

	a.vmo = zx_test_vmo(pg(), 0);
	ASSERT_NE(ZX_HANDLE_INVALID, a.vmo);
	ASSERT_EQ(0, pthread_create(&t, NULL, thread_maps, &a));
	pthread_join(t, NULL);
	EXPECT_EQ(zx_vmar_root_self(), a.root_seen);
	ASSERT_EQ(ZX_OK, a.status);
	EXPECT_EQ(0x7e, ((volatile uint8_t *)a.addr)[0]);
	EXPECT_EQ(0x7e, vmo_byte(a.vmo, 0));
	UNMAP_CLOSE_NO_LEAK(before, a.addr, pg(), a.vmo);
}

/* Decommitting or zeroing pages shows in mappings of them at once. */
TEST(decommit_and_zero_show_in_mapping)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &addr);
	m = (volatile uint8_t *)addr;
	m[0] = 0x01;
	m[pg()] = 0x02;
	m[pg() + 5] = 0x05;
	m[pg() + 20] = 0x14;
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_DECOMMIT, 0, pg(),
					 NULL, 0));
	EXPECT_EQ(0, m[0]);
	EXPECT_EQ(0x02, m[pg()]);
	m[0] = 0x03;
	EXPECT_EQ(0x03, vmo_byte(vmo, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(vmo, ZX_VMO_OP_ZERO, pg() + 1, 10,
					 NULL, 0));
	EXPECT_EQ(0x02, m[pg()]);
	EXPECT_EQ(0, m[pg() + 5]);
	EXPECT_EQ(0x14, m[pg() + 20]);
	EXPECT_EQ(0x03, m[0]);
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), vmo);
}

/* ---------------------------------------------------- placement options */

TEST(map_specific)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0), vmo2 = zx_test_vmo(4 * pg(), 0);
	uintptr_t want = free_range(6 * pg(), pg());
	zx_vaddr_t addr = 0, other = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo2);
	ASSERT_NE(0u, want);
	ASSERT_NE(0u, info.base);
	want += pg();
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     want - info.base, vmo, 0, 2 * pg(),
				     &addr));
	EXPECT_EQ(want, addr);
	/* Over it, fully, partly, or reaching into it: refused. */
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC, want - info.base,
			      vmo2, 0, 2 * pg(), &other));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
			      want + pg() - info.base, vmo2, 0, pg(),
			      &other));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
			      want - pg() - info.base, vmo2, 0, 4 * pg(),
			      &other));
	EXPECT_EQ(0u, other);
	EXPECT_EQ(0u, zx_test_vmo_info(vmo2).num_mappings);
	/* Right after it is free. */
	EXPECT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     want + 2 * pg() - info.base, vmo2, 0,
				     pg(), &other));
	EXPECT_EQ(want + 2 * pg(), other);
	UNMAP_CLOSE_NO_LEAK(before, want, 3 * pg(), vmo, vmo2);
}

TEST(map_specific_overwrite)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t v1 = zx_test_vmo(4 * pg(), 0), v2 = zx_test_vmo(4 * pg(), 0);
	uintptr_t want = free_range(4 * pg(), pg());
	volatile uint8_t *m;
	zx_vaddr_t a1, a2;

	ASSERT_NE(ZX_HANDLE_INVALID, v1);
	ASSERT_NE(ZX_HANDLE_INVALID, v2);
	ASSERT_NE(0u, want);
	for (size_t i = 0; i < 4; i++) {
		ASSERT_EQ(ZX_OK, vmo_put(v1, i * pg(), 1));
		ASSERT_EQ(ZX_OK, vmo_put(v2, i * pg(), 2));
	}
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     want - info.base, v1, 0, 4 * pg(), &a1));
	ASSERT_EQ(want, a1);
	m = (volatile uint8_t *)a1;
	/* Replace the middle two pages. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC_OVERWRITE,
				     want + pg() - info.base, v2, 0, 2 * pg(),
				     &a2));
	EXPECT_EQ(want + pg(), a2);
	EXPECT_EQ(1, m[0]);
	EXPECT_EQ(2, m[pg()]);
	EXPECT_EQ(2, m[2 * pg()]);
	EXPECT_EQ(1, m[3 * pg()]);
	m[pg() + 1] = 0x22;
	EXPECT_EQ(0x22, vmo_byte(v2, 1));
	EXPECT_EQ(0, vmo_byte(v1, pg() + 1));
	/* Replace all of it: nothing of v1 stays mapped. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC_OVERWRITE,
				     want - info.base, v2, 0, 4 * pg(), &a2));
	EXPECT_EQ(want, a2);
	EXPECT_EQ(0u, zx_test_vmo_info(v1).num_mappings);
	EXPECT_EQ(1u, zx_test_vmo_info(v2).num_mappings);
	for (size_t i = 0; i < 4; i++)
		EXPECT_EQ(2, m[i * pg()]);
	UNMAP_CLOSE_NO_LEAK(before, want, 4 * pg(), v1, v2);
}

/* The VMAR's first page is usable (it is not below mmap_min_addr). */
TEST(map_at_vmar_base)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(pg(), 0);
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(0u, info.base);
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC, 0, vmo, 0,
				     pg(), &addr));
	EXPECT_EQ(info.base, addr);
	((volatile uint8_t *)addr)[0] = 0x0b;
	EXPECT_EQ(0x0b, vmo_byte(vmo, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	/* Below the base is outside it. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_unmap(root(), info.base - pg(), pg()));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_protect(root(), RD, info.base - pg(), pg()));
	CLOSE_NO_LEAK(before, vmo);
}

static int child_uses_inherited_mapping(void *arg)
{
	volatile uint8_t *m = arg;
	zx_vaddr_t addr = (zx_vaddr_t)arg;

	CHILD_CHECK(m[0] == 0x0c);
	m[1] = 0x0d;
	CHILD_CHECK(m[1] == 0x0d);
	/* Its own root VMAR manages its copy of the mapping. */
	CHILD_CHECK(zx_vmar_protect(zx_vmar_root_self(), RD, addr, pg()) ==
		    ZX_OK);
	CHILD_CHECK(probe_write((void *)addr, 0x0e) == SIGSEGV);
	CHILD_CHECK(zx_vmar_unmap(zx_vmar_root_self(), addr, pg()) == ZX_OK);
	CHILD_CHECK(probe_read((const void *)addr) == SIGSEGV);
	return 0;
}

/* Mappings cross fork() as shared mappings: the child writes the VMO. */
TEST(mapping_inherited_over_fork)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, pg(), 0, RW, &addr);
	m = (volatile uint8_t *)addr;
	m[0] = 0x0c;
	EXPECT_EQ(0, zx_test_in_child(child_uses_inherited_mapping,
				      (void *)addr));
	EXPECT_EQ(0x0d, m[1]);
	EXPECT_EQ(0x0d, vmo_byte(vmo, 1));
	EXPECT_EQ(1u, zx_test_vmo_info(vmo).num_mappings);
	/* The child's protect and unmap left this process's mapping be. */
	m[2] = 0x0f;
	EXPECT_EQ(0x0f, vmo_byte(vmo, 2));
	UNMAP_CLOSE_NO_LEAK(before, addr, pg(), vmo);
}

TEST(map_offset_is_upper_limit)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(pg(), 0);
	uintptr_t range = free_range(16 * pg(), pg());
	const zx_vm_option_t opts = RW | ZX_VM_OFFSET_IS_UPPER_LIMIT;
	size_t limit;
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(0u, range);
	limit = range + 16 * pg() - info.base;
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), opts, limit, vmo, 0, pg(),
				     &addr));
	EXPECT_GE(addr, info.base);
	EXPECT_LE(addr + pg(), info.base + limit);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));

	/* With an alignment as well. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), opts | ZX_VM_ALIGN_64KB, limit,
				     vmo, 0, pg(), &addr));
	EXPECT_EQ(0u, addr % (64 * 1024));
	EXPECT_LE(addr + pg(), info.base + limit);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));

	/* The whole VMAR as the limit. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), opts, info.len, vmo, 0, pg(),
				     &addr));
	EXPECT_LE(addr + pg(), info.base + info.len);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));

	/* A limit beyond the VMAR, or below the length, cannot be met. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(root(), opts, info.len + pg(), vmo, 0, pg(),
			      &addr));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(root(), opts, pg(), vmo, 0, 2 * pg(), &addr));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	CLOSE_NO_LEAK(before, vmo);
}

TEST(map_alignment)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(2 * pg(), 0);
	uintptr_t range;
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	for (uint32_t bits = 10; bits <= 32; bits++) {
		zx_status_t s;

		addr = 0;
		s = map(vmo, RW | (bits << ZX_VM_ALIGN_BASE), 0, 2 * pg(),
			&addr);
		EXPECT_EQ(ZX_OK, s) {
			TH_LOG("alignment 2^%u", bits);
		}
		if (s != ZX_OK)
			continue;
		EXPECT_NE(0u, addr);
		EXPECT_EQ(0u, addr & ((1ULL << bits) - 1));
		((volatile uint8_t *)addr)[pg()] = (uint8_t)bits;
		EXPECT_EQ((int)bits, vmo_byte(vmo, pg()));
		EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	}
	/* Alignments outside 2^10 .. 2^32. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  map(vmo, RW | (9u << ZX_VM_ALIGN_BASE), 0, pg(), &addr));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  map(vmo, RW | (33u << ZX_VM_ALIGN_BASE), 0, pg(), &addr));

	/* SPECIFIC with an alignment the address does not have. */
	range = free_range(128 * 1024, 64 * 1024);
	ASSERT_NE(0u, range);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC | ZX_VM_ALIGN_64KB,
			      range + pg() - info.base, vmo, 0, pg(), &addr));
	ASSERT_EQ(ZX_OK,
		  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC | ZX_VM_ALIGN_64KB,
			      range - info.base, vmo, 0, pg(), &addr));
	EXPECT_EQ(range, addr);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	CLOSE_NO_LEAK(before, vmo);
}

TEST(map_range_prefaults)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 3 * pg() + 9, 0x5c));
	ASSERT_EQ(ZX_OK, map(vmo, RW | ZX_VM_MAP_RANGE, pg(), 3 * pg(),
			     &addr));
	EXPECT_EQ(0x5c, ((volatile uint8_t *)addr)[2 * pg() + 9]);
	((volatile uint8_t *)addr)[0] = 0x5d;
	EXPECT_EQ(0x5d, vmo_byte(vmo, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 3 * pg()));
	/* Not together with SPECIFIC_OVERWRITE. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(root(), RD | ZX_VM_SPECIFIC_OVERWRITE |
			      ZX_VM_MAP_RANGE, addr - root_info().base, vmo, 0,
			      pg(), &addr));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	CLOSE_NO_LEAK(before, vmo);
}

TEST(map_read_if_xom_unsupported_reads)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), 0);
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 17, 0x3e));
	ASSERT_EQ(ZX_OK, map(vmo, ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED, 0, pg(),
			     &addr));
	EXPECT_EQ(0x3e, ((volatile uint8_t *)addr)[17]);
	/* Read-only: a write kills. */
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 1));
	EXPECT_EQ(0x3e, vmo_byte(vmo, 17));
	EXPECT_EQ(0, vmo_byte(vmo, 0));
	UNMAP_CLOSE_NO_LEAK(before, addr, pg(), vmo);
}

/* ------------------------------------------------------ map: errors */

/*
 * Calls that must fail, as tables: one zx_vmar_map() (or unmap/protect)
 * per row, each an EXPECT naming its row when it fails.
 */
struct map_case {
	const char *what;
	zx_status_t expect;
	zx_handle_t vmar;
	zx_vm_option_t options;
	size_t vmar_offset;
	zx_handle_t vmo;
	uint64_t vmo_offset;
	size_t len;
};

static void expect_map_cases(struct __test_metadata *_metadata,
			     const struct map_case *c, size_t n,
			     zx_vaddr_t *addr)
{
	for (size_t i = 0; i < n; i++) {
		EXPECT_EQ(c[i].expect,
			  zx_vmar_map(c[i].vmar, c[i].options,
				      c[i].vmar_offset, c[i].vmo,
				      c[i].vmo_offset, c[i].len, addr))
			TH_LOG("map case %zu: %s", i, c[i].what);
	}
}

struct range_case {
	const char *what;
	zx_status_t expect;
	zx_handle_t vmar;
	zx_vm_option_t options;	/* zx_vmar_protect() only */
	zx_vaddr_t addr;
	size_t len;
};

/* @protect: zx_vmar_protect() with each row's options, else unmap. */
static void expect_range_cases(struct __test_metadata *_metadata,
			       const struct range_case *c, size_t n,
			       bool protect)
{
	for (size_t i = 0; i < n; i++) {
		EXPECT_EQ(c[i].expect,
			  protect ? zx_vmar_protect(c[i].vmar, c[i].options,
						    c[i].addr, c[i].len) :
				    zx_vmar_unmap(c[i].vmar, c[i].addr,
						  c[i].len))
			TH_LOG("%s case %zu: %s", protect ? "protect" : "unmap",
			       i, c[i].what);
	}
}

#define EXPECT_CASES(fn, cases, ...) \
	fn(_metadata, (cases), sizeof(cases) / sizeof((cases)[0]), __VA_ARGS__)

TEST(map_bad_and_wrong_handles)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), 0), ev = zx_test_event();
	zx_handle_t closed = zx_test_vmo(pg(), 0);
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	ASSERT_NE(ZX_HANDLE_INVALID, closed);
	ASSERT_EQ(ZX_OK, zx_handle_close(closed));

	const struct map_case cases[] = {
		{ "invalid VMAR", ZX_ERR_BAD_HANDLE,
		  ZX_HANDLE_INVALID, RW, 0, vmo, 0, pg() },
		{ "closed VMAR", ZX_ERR_BAD_HANDLE,
		  closed, RW, 0, vmo, 0, pg() },
		{ "invalid VMO", ZX_ERR_BAD_HANDLE,
		  root(), RW, 0, ZX_HANDLE_INVALID, 0, pg() },
		{ "closed VMO", ZX_ERR_BAD_HANDLE,
		  root(), RW, 0, closed, 0, pg() },
		{ "event as VMAR", ZX_ERR_WRONG_TYPE,
		  ev, RW, 0, vmo, 0, pg() },
		{ "VMO as VMAR", ZX_ERR_WRONG_TYPE,
		  vmo, RW, 0, vmo, 0, pg() },
		{ "event as VMO", ZX_ERR_WRONG_TYPE,
		  root(), RW, 0, ev, 0, pg() },
		{ "VMAR as VMO", ZX_ERR_WRONG_TYPE,
		  root(), RW, 0, root(), 0, pg() },
	};

	EXPECT_CASES(expect_map_cases, cases, &addr);
	EXPECT_EQ(0u, addr);
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	CLOSE_NO_LEAK(before, vmo, ev);
}

TEST(map_invalid_args)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	uintptr_t spot = free_range(4 * pg(), pg());
	size_t off = spot - info.base;
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(0u, spot);
	const struct map_case cases[] = {
		/* Unknown option bits, and VMAR-only ones. */
		{ "unknown option bit", ZX_ERR_INVALID_ARGS,
		  root(), RW | (1u << 31), 0, vmo, 0, pg() },
		{ "CAN_MAP_EXECUTE", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_CAN_MAP_EXECUTE, 0, vmo, 0, pg() },
		{ "COMPACT", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_COMPACT, 0, vmo, 0, pg() },
		/* An offset without SPECIFIC, SPECIFIC_OVERWRITE or UPPER_LIMIT. */
		{ "offset without placement", ZX_ERR_INVALID_ARGS,
		  root(), RW, off, vmo, 0, pg() },
		/* SPECIFIC together with UPPER_LIMIT. */
		{ "SPECIFIC and UPPER_LIMIT", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_SPECIFIC | ZX_VM_OFFSET_IS_UPPER_LIMIT,
		  off, vmo, 0, pg() },
		{ "SPECIFIC_OVERWRITE and UPPER_LIMIT", ZX_ERR_INVALID_ARGS,
		  root(),
		  RW | ZX_VM_SPECIFIC_OVERWRITE | ZX_VM_OFFSET_IS_UPPER_LIMIT,
		  off, vmo, 0, pg() },
		/* Unaligned offsets. */
		{ "unaligned VMAR offset", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_SPECIFIC, off + 1, vmo, 0, pg() },
		{ "unaligned VMO offset, SPECIFIC", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_SPECIFIC, off, vmo, 1, pg() },
		{ "unaligned VMO offset", ZX_ERR_INVALID_ARGS,
		  root(), RW, 0, vmo, pg() - 1, pg() },
		/* len 0 or unaligned. */
		{ "len 0", ZX_ERR_INVALID_ARGS,
		  root(), RW, 0, vmo, 0, 0 },
		/* (An unaligned length is rounded up, as on Zircon.) */
		{ "len rounds up past 2^64", ZX_ERR_OUT_OF_RANGE,
		  root(), RW, 0, vmo, 0, UINT64_MAX },
		/* WRITE or EXECUTE without READ. */
		{ "WRITE without READ", ZX_ERR_INVALID_ARGS,
		  root(), ZX_VM_PERM_WRITE, 0, vmo, 0, pg() },
		{ "WRITE and EXECUTE without READ", ZX_ERR_INVALID_ARGS,
		  root(), ZX_VM_PERM_WRITE | ZX_VM_PERM_EXECUTE, 0, vmo, 0,
		  pg() },
		/* Outside the VMAR. */
		{ "at the VMAR's end", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_SPECIFIC, info.len, vmo, 0, pg() },
		{ "across the VMAR's end", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_SPECIFIC, info.len - pg(), vmo, 0,
		  2 * pg() },
		{ "overwrite past the VMAR's end", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_SPECIFIC_OVERWRITE, info.len + pg(), vmo,
		  0, pg() },
		{ "longer than the VMAR", ZX_ERR_INVALID_ARGS,
		  root(), RW | ZX_VM_ALLOW_FAULTS, 0, vmo, 0,
		  info.len + pg() },
	};
	EXPECT_CASES(expect_map_cases, cases, &addr);
	EXPECT_EQ(0u, addr);
	/* No place for the address. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, map(vmo, RW, 0, pg(), NULL));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	/* Nothing was mapped at the specific spot. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmar_unmap(root(), spot, 4 * pg()));
	CLOSE_NO_LEAK(before, vmo);
}

static int child_bad_out_pointer(void *arg)
{
	zx_handle_t vmo = zx_test_vmo(pg(), 0);
	void *ro = zx_test_readonly_page();

	CHILD_CHECK(vmo != ZX_HANDLE_INVALID);
	CHILD_CHECK(ro != NULL);
	CHILD_CHECK(zx_vmar_map(root(), RD, 0, vmo, 0, pg(),
				ZX_TEST_BAD_PTR) == ZX_ERR_INVALID_ARGS);
	CHILD_CHECK(zx_vmar_map(root(), RD, 0, vmo, 0, pg(),
				(zx_vaddr_t *)ro) == ZX_ERR_INVALID_ARGS);
	/* And no mapping was left behind. */
	CHILD_CHECK(zx_test_vmo_info(vmo).num_mappings == 0);
	return 0;
}

/* A bad out pointer is an error, not a crash (run in a child: it might). */
TEST(map_bad_out_pointer)
{
	long before = live_start();

	EXPECT_EQ(0, zx_test_in_child(child_bad_out_pointer, NULL));
	EXPECT_NO_LEAK(before);
}

TEST(map_access_denied)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), 0), h, vmar;
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	/* No ZX_RIGHT_MAP. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_MAP, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, map(h, RD, 0, pg(), &addr));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	/* No ZX_RIGHT_READ. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_READ, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, map(h, RD, 0, pg(), &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, map(h, RW, 0, pg(), &addr));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	/* No ZX_RIGHT_WRITE: read-only works, read-write does not. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_WRITE, &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, map(h, RW, 0, pg(), &addr));
	ASSERT_EQ(ZX_OK, map(h, RD, 0, pg(), &addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	/* A ZX_VMO_CHILD_NO_WRITE child maps read-only only. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT |
					     ZX_VMO_CHILD_NO_WRITE, 0, pg(),
					     &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, map(h, RW, 0, pg(), &addr));
	ASSERT_EQ(ZX_OK, map(h, RD, 0, pg(), &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(root(), RW, addr, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	/* A plain VMO has no ZX_RIGHT_EXECUTE. */
	EXPECT_EQ(0u, zx_test_rights(vmo) & ZX_RIGHT_EXECUTE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  map(vmo, RD | ZX_VM_PERM_EXECUTE, 0, pg(), &addr));
	/* The VMAR handle's rights count too. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(root(), ZX_RIGHT_WRITE, &vmar));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(vmar, RD, 0, vmo, 0, pg(), &addr));
	EXPECT_EQ(ZX_OK, zx_handle_close(vmar));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(root(), ZX_RIGHT_READ, &vmar));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(vmar, RW, 0, vmo, 0, pg(), &addr));
	ASSERT_EQ(ZX_OK, zx_vmar_map(vmar, RD, 0, vmo, 0, pg(), &addr));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(vmar, RW, addr, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(vmar, addr, pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(vmar));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	CLOSE_NO_LEAK(before, vmo);
}

TEST(map_resizable_needs_no_allow_faults)
{
	long before = live_start();
	zx_handle_t rs = zx_test_vmo(2 * pg(), ZX_VMO_RESIZABLE);
	zx_handle_t fixed = zx_test_vmo(2 * pg(), 0);
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, rs);
	ASSERT_NE(ZX_HANDLE_INVALID, fixed);
	/* Current Zircon maps a resizable VMO without ALLOW_FAULTS. */
	ASSERT_EQ(ZX_OK, map(rs, RW, 0, 2 * pg(), &addr));
	((volatile uint8_t *)addr)[0] = 0x43;
	EXPECT_EQ(0x43, vmo_byte(rs, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	addr = 0;
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  map(rs, RW | ZX_VM_ALLOW_FAULTS |
		      ZX_VM_REQUIRE_NON_RESIZABLE, 0, 2 * pg(), &addr));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  map(rs, RW | ZX_VM_REQUIRE_NON_RESIZABLE, 0, 2 * pg(),
		      &addr));
	EXPECT_EQ(0u, addr);
	ASSERT_EQ(ZX_OK, map(rs, RW | ZX_VM_ALLOW_FAULTS, 0, 2 * pg(), &addr));
	((volatile uint8_t *)addr)[pg()] = 0x44;
	EXPECT_EQ(0x44, vmo_byte(rs, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	/* A fixed-size VMO may be required. */
	ASSERT_EQ(ZX_OK, map(fixed, RW | ZX_VM_REQUIRE_NON_RESIZABLE, 0,
			     2 * pg(), &addr));
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), rs, fixed);
}

TEST(map_past_end_of_vmo)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(2 * pg(), 0);
	volatile uint8_t *m;
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	/* As on current Zircon, it maps with or without ALLOW_FAULTS. */
	ASSERT_EQ(ZX_OK, map(vmo, RD, 2 * pg(), pg(), &addr));
	EXPECT_EQ(SIGBUS, probe_read((const void *)addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	ASSERT_EQ(ZX_OK, map(vmo, RW, pg(), 2 * pg(), &addr));
	EXPECT_EQ(0, probe_read((const void *)addr));
	EXPECT_EQ(SIGBUS, probe_read((const void *)(addr + pg())));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	/* The part past the end faults. */
	ASSERT_EQ(ZX_OK, map(vmo, RW | ZX_VM_ALLOW_FAULTS, pg(), 3 * pg(),
			     &addr));
	m = (volatile uint8_t *)addr;
	m[5] = 0x15;
	EXPECT_EQ(0x15, vmo_byte(vmo, pg() + 5));
	EXPECT_EQ(SIGBUS, probe_read((const void *)(m + pg())));
	EXPECT_EQ(SIGBUS, probe_write((void *)(m + 2 * pg() + 1), 1));
	EXPECT_EQ(0, probe_read((const void *)(m + pg() - 1)));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 3 * pg()));
	/* Prefaulting stops at the end, it does not fail. */
	ASSERT_EQ(ZX_OK, map(vmo, RW | ZX_VM_ALLOW_FAULTS | ZX_VM_MAP_RANGE, 0,
			     4 * pg(), &addr));
	EXPECT_EQ(0x15, ((volatile uint8_t *)addr)[pg() + 5]);
	EXPECT_EQ(SIGBUS, probe_read((const void *)(addr + 3 * pg())));
	UNMAP_CLOSE_NO_LEAK(before, addr, 4 * pg(), vmo);
}

TEST(map_vmo_offset_overflow)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  map(vmo, RD, UINT64_MAX - pg() + 1, pg(), &addr));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  map(vmo, RD | ZX_VM_ALLOW_FAULTS, UINT64_MAX - pg() + 1,
		      2 * pg(), &addr));
	EXPECT_EQ(0u, addr);
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	/* Far past the end but not overflowing: fine with ALLOW_FAULTS. */
	ASSERT_EQ(ZX_OK, map(vmo, RD | ZX_VM_ALLOW_FAULTS,
			     UINT64_MAX - 2 * pg() + 1, pg(), &addr));
	EXPECT_EQ(SIGBUS, probe_read((const void *)addr));
	UNMAP_CLOSE_NO_LEAK(before, addr, pg(), vmo);
}

/* ---------------------------------------------------------- rights */

TEST(read_only_handle_cannot_gain_write)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), 0), ro;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 3, 0x33));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &ro));
	ASSERT_EQ(ZX_OK, zx_handle_replace(ro, ZX_RIGHT_MAP | ZX_RIGHT_READ,
					   &ro));
	EXPECT_EQ(ZX_RIGHT_MAP | ZX_RIGHT_READ, zx_test_rights(ro));
	ASSERT_EQ(ZX_OK, map(ro, RD, 0, pg(), &addr));
	m = (volatile uint8_t *)addr;
	EXPECT_EQ(0x33, m[3]);
	errno = 0;
	EXPECT_EQ(-1, mprotect((void *)addr, pg(), PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(root(), RW, addr, pg()));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 0x44));
	EXPECT_EQ(0, vmo_byte(vmo, 0));
	/* Closing the handle it was mapped with changes nothing. */
	EXPECT_EQ(ZX_OK, zx_handle_close(ro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(root(), RW, addr, pg()));
	errno = 0;
	EXPECT_EQ(-1, mprotect((void *)addr, pg(), PROT_READ | PROT_WRITE));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 0x44));
	/* Still readable, and still showing the VMO. */
	EXPECT_EQ(ZX_OK, vmo_put(vmo, 3, 0x34));
	EXPECT_EQ(0x34, m[3]);
	UNMAP_CLOSE_NO_LEAK(before, addr, pg(), vmo);
}

/* Not even a forced write (/proc/self/mem, as a debugger writes) gets in. */
TEST(read_only_mapping_refuses_forced_write)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), 0), ro;
	uint8_t b = 0x5a;
	zx_vaddr_t addr, arw;
	int fd;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 0, 0x11));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_MAP | ZX_RIGHT_READ,
					     &ro));
	ASSERT_EQ(ZX_OK, map(ro, RD, 0, pg(), &addr));
	ASSERT_EQ(ZX_OK, map(vmo, RD, 0, pg(), &arw));
	fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		SKIP(goto out, "no /proc/self/mem");
	EXPECT_EQ(-1, pwrite(fd, &b, 1, (off_t)addr));
	EXPECT_EQ(0x11, vmo_byte(vmo, 0));
	/* Mapped read-only from a writable handle: still refused. */
	EXPECT_EQ(-1, pwrite(fd, &b, 1, (off_t)arw));
	EXPECT_EQ(0x11, vmo_byte(vmo, 0));
	/* Reading that way works. */
	b = 0;
	EXPECT_EQ(1, pread(fd, &b, 1, (off_t)addr));
	EXPECT_EQ(0x11, b);
	close(fd);
out:
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	UNMAP_CLOSE_NO_LEAK(before, arw, pg(), ro, vmo);
}

TEST(write_to_read_only_mapping_kills)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(2 * pg(), 0);
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, vmo_put(vmo, pg(), 0x11));
	ASSERT_EQ(ZX_OK, map(vmo, RD, 0, 2 * pg(), &addr));
	EXPECT_EQ(0, probe_read((const void *)addr));
	EXPECT_EQ(0x11, ((volatile uint8_t *)addr)[pg()]);
	/* A page already present, and one never touched. */
	EXPECT_EQ(SIGSEGV, probe_write((void *)(addr + pg()), 0x12));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 0x12));
	EXPECT_EQ(0x11, vmo_byte(vmo, pg()));
	EXPECT_EQ(0, vmo_byte(vmo, 0));
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), vmo);
}

TEST(execute_needs_execute_right)
{
	long before = live_start();
	/* mov eax, 42; ret */
	static const uint8_t code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
	zx_handle_t vmo = zx_test_vmo(pg(), 0), exec = ZX_HANDLE_INVALID;
	int (*fn)(void);
	zx_vaddr_t addr;

	(void)code;
	(void)fn;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	/* Without ZX_RIGHT_EXECUTE: no executable mapping, no raising. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  map(vmo, RD | ZX_VM_PERM_EXECUTE, 0, pg(), &addr));
	ASSERT_EQ(ZX_OK, map(vmo, RD, 0, pg(), &addr));
	errno = 0;
	EXPECT_EQ(-1, mprotect((void *)addr, pg(), PROT_READ | PROT_EXEC));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(root(), RD | ZX_VM_PERM_EXECUTE, addr, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));

	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(vmo, ZX_HANDLE_INVALID,
						      &exec));
	EXPECT_NE(0u, zx_test_rights(exec) & ZX_RIGHT_EXECUTE);
#if defined(__x86_64__) || defined(__i386__)
	ASSERT_EQ(ZX_OK, zx_vmo_write(exec, code, 0, sizeof(code)));
	ASSERT_EQ(ZX_OK, map(exec, RD | ZX_VM_PERM_EXECUTE, 0, pg(), &addr));
	fn = (int (*)(void))addr;
	EXPECT_EQ(42, fn());
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
#else
	ASSERT_EQ(ZX_OK, map(exec, RD | ZX_VM_PERM_EXECUTE, 0, pg(), &addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
#endif
	/* Mapped without EXECUTE, it may be raised to it. */
	ASSERT_EQ(ZX_OK, map(exec, RD, 0, pg(), &addr));
	EXPECT_EQ(ZX_OK, zx_vmar_protect(root(), RD | ZX_VM_PERM_EXECUTE,
					 addr, pg()));
	UNMAP_CLOSE_NO_LEAK(before, addr, pg(), exec);
}

/* ----------------------------------------------------- child VMOs */

TEST(slice_mapping_sees_parent)
{
	long before = live_start();
	zx_handle_t parent = zx_test_vmo(4 * pg(), 0), slice;
	volatile uint8_t *ms, *mp;
	zx_vaddr_t as, ap;

	ASSERT_NE(ZX_HANDLE_INVALID, parent);
	ASSERT_EQ(ZX_OK, vmo_put(parent, pg() + 1, 0x01));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SLICE,
					     pg(), 2 * pg(), &slice));
	ASSERT_EQ(ZX_OK, map(slice, RW, 0, 2 * pg(), &as));
	ASSERT_EQ(ZX_OK, map(parent, RW, 0, 4 * pg(), &ap));
	ms = (volatile uint8_t *)as;
	mp = (volatile uint8_t *)ap;
	EXPECT_EQ(0x01, ms[1]);
	/* parent zx_vmo_write -> slice mapping */
	ASSERT_EQ(ZX_OK, vmo_put(parent, 2 * pg() + 2, 0x02));
	EXPECT_EQ(0x02, ms[pg() + 2]);
	/* slice mapping -> parent read and parent mapping */
	ms[3] = 0x03;
	EXPECT_EQ(0x03, vmo_byte(parent, pg() + 3));
	EXPECT_EQ(0x03, mp[pg() + 3]);
	/* parent mapping -> slice mapping and slice read */
	mp[2 * pg() + 4] = 0x04;
	EXPECT_EQ(0x04, ms[pg() + 4]);
	EXPECT_EQ(0x04, vmo_byte(slice, pg() + 4));
	/* slice zx_vmo_write -> both mappings */
	ASSERT_EQ(ZX_OK, vmo_put(slice, 5, 0x05));
	EXPECT_EQ(0x05, ms[5]);
	EXPECT_EQ(0x05, mp[pg() + 5]);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), as, 2 * pg()));
	UNMAP_CLOSE_NO_LEAK(before, ap, 4 * pg(), slice, parent);
}

TEST(slice_mapping_ends_at_slice_end)
{
	long before = live_start();
	zx_handle_t parent = zx_test_vmo(4 * pg(), 0), slice;
	zx_vaddr_t as;

	ASSERT_NE(ZX_HANDLE_INVALID, parent);
	ASSERT_EQ(ZX_OK, vmo_put(parent, 2 * pg(), 0x0a));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SLICE,
					     pg(), pg(), &slice));
	/* Past the slice's end, with or without ALLOW_FAULTS (Zircon). */
	ASSERT_EQ(ZX_OK, map(slice, RD, 0, 2 * pg(), &as));
	EXPECT_EQ(SIGBUS, probe_read((const void *)(as + pg())));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), as, 2 * pg()));
	ASSERT_EQ(ZX_OK, map(slice, RD | ZX_VM_ALLOW_FAULTS, 0, 2 * pg(),
			     &as));
	EXPECT_EQ(0, probe_read((const void *)as));
	/* The parent has a page there, but the slice does not. */
	EXPECT_EQ(SIGBUS, probe_read((const void *)(as + pg())));
	UNMAP_CLOSE_NO_LEAK(before, as, 2 * pg(), slice, parent);
}

/* Fills pages [0, n) of @vmo with their index + @base. */
static zx_status_t fill_pages(zx_handle_t vmo, size_t n, uint8_t base)
{
	zx_status_t s = ZX_OK;

	for (size_t i = 0; i < n && s == ZX_OK; i++)
		s = vmo_put(vmo, i * pg(), (uint8_t)(base + i));
	return s;
}

/* A fresh VMO of @n pages filled by fill_pages(). */
static zx_handle_t filled_vmo(struct __test_metadata *_metadata, size_t n,
			      uint8_t base)
{
	zx_handle_t vmo = zx_test_vmo(n * pg(), 0);

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, fill_pages(vmo, n, base));
	return vmo;
}

static void snapshot_child_writes_stay_private(
	struct __test_metadata *_metadata, uint32_t kind)
{
	long before = live_start();
	zx_handle_t parent, child;
	volatile uint8_t *mc, *mp;
	zx_vaddr_t ac, ap;

	parent = filled_vmo(_metadata, 3, 0x10);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, kind, 0, 3 * pg(),
					     &child));
	ASSERT_EQ(ZX_OK, map(child, RW, 0, 3 * pg(), &ac));
	ASSERT_EQ(ZX_OK, map(parent, RW, 0, 3 * pg(), &ap));
	mc = (volatile uint8_t *)ac;
	mp = (volatile uint8_t *)ap;
	/* The child starts with the parent's bytes. */
	EXPECT_EQ(0x10, mc[0]);
	EXPECT_EQ(0x11, mc[pg()]);
	EXPECT_EQ(0x12, mc[2 * pg()]);
	/* A page read first (mapped shared), then written. */
	mc[0] = 0xc0;
	/* A page written without reading first. */
	mc[pg() + 1] = 0xc1;
	EXPECT_EQ(0xc0, mc[0]);
	EXPECT_EQ(0xc1, mc[pg() + 1]);
	EXPECT_EQ(0x11, mc[pg()]);
	EXPECT_EQ(0xc0, vmo_byte(child, 0));
	EXPECT_EQ(0xc1, vmo_byte(child, pg() + 1));
	/* None of it reached the parent. */
	EXPECT_EQ(0x10, vmo_byte(parent, 0));
	EXPECT_EQ(0, vmo_byte(parent, pg() + 1));
	EXPECT_EQ(0x10, mp[0]);
	EXPECT_EQ(0, mp[pg() + 1]);
	/* Nor does zx_vmo_write on the child. */
	ASSERT_EQ(ZX_OK, vmo_put(child, 2 * pg(), 0xc2));
	EXPECT_EQ(0xc2, mc[2 * pg()]);
	EXPECT_EQ(0x12, mp[2 * pg()]);
	EXPECT_EQ(0x12, vmo_byte(parent, 2 * pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, 3 * pg()));
	UNMAP_CLOSE_NO_LEAK(before, ap, 3 * pg(), child, parent);
}

TEST(snapshot_child_mapping_writes_stay_private)
{
	snapshot_child_writes_stay_private(_metadata, ZX_VMO_CHILD_SNAPSHOT);
}

TEST(snapshot_at_least_on_write_child_mapping_writes_stay_private)
{
	snapshot_child_writes_stay_private(
		_metadata, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE);
}

TEST(snapshot_parent_mapping_writes_do_not_reach_child)
{
	long before = live_start();
	zx_handle_t parent, child;
	volatile uint8_t *mc, *mp;
	zx_vaddr_t ac, ap;

	parent = filled_vmo(_metadata, 2, 0x20);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * pg(), &child));
	/* Mappings made after the snapshot; the child's pages faulted in. */
	ASSERT_EQ(ZX_OK, map(parent, RW, 0, 2 * pg(), &ap));
	ASSERT_EQ(ZX_OK, map(child, RD, 0, 2 * pg(), &ac));
	mp = (volatile uint8_t *)ap;
	mc = (volatile uint8_t *)ac;
	EXPECT_EQ(0x20, mc[0]);
	EXPECT_EQ(0x20, mp[0]);
	mp[0] = 0xa0;
	mp[pg() + 1] = 0xa1;
	EXPECT_EQ(0xa0, vmo_byte(parent, 0));
	EXPECT_EQ(0x20, mc[0]);
	EXPECT_EQ(0x20, vmo_byte(child, 0));
	EXPECT_EQ(0, mc[pg() + 1]);
	EXPECT_EQ(0, vmo_byte(child, pg() + 1));
	EXPECT_EQ(0x21, mc[pg()]);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, 2 * pg()));
	UNMAP_CLOSE_NO_LEAK(before, ap, 2 * pg(), child, parent);
}

/* Copy-on-write must cover mappings that existed before the snapshot. */
TEST(snapshot_with_existing_parent_mapping)
{
	long before = live_start();
	zx_handle_t parent, child, child2;
	volatile uint8_t *mp, *mc;
	zx_vaddr_t ap, ac;

	parent = vmo_mapped(_metadata, 3 * pg(), 0, RW, &ap);
	mp = (volatile uint8_t *)ap;
	/* Written through the mapping: the entries are writable now. */
	mp[0] = 0x30;
	mp[pg()] = 0x31;
	(void)mp[2 * pg()];
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     3 * pg(), &child));
	mp[0] = 0xb0;
	mp[pg() + 1] = 0xb1;
	mp[2 * pg()] = 0xb2;
	EXPECT_EQ(0xb0, vmo_byte(parent, 0));
	EXPECT_EQ(0xb1, vmo_byte(parent, pg() + 1));
	EXPECT_EQ(0xb2, vmo_byte(parent, 2 * pg()));
	EXPECT_EQ(0x30, vmo_byte(child, 0));
	EXPECT_EQ(0x31, vmo_byte(child, pg()));
	EXPECT_EQ(0, vmo_byte(child, pg() + 1));
	EXPECT_EQ(0, vmo_byte(child, 2 * pg()));
	ASSERT_EQ(ZX_OK, map(child, RD, 0, 3 * pg(), &ac));
	mc = (volatile uint8_t *)ac;
	EXPECT_EQ(0x30, mc[0]);
	EXPECT_EQ(0, mc[pg() + 1]);
	EXPECT_EQ(0, mc[2 * pg()]);

	/* Again, with the parent's entries now those of its second layer. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     3 * pg(), &child2));
	mp[0] = 0xd0;
	EXPECT_EQ(0xb0, vmo_byte(child2, 0));
	EXPECT_EQ(0x30, vmo_byte(child, 0));
	EXPECT_EQ(0x30, mc[0]);
	EXPECT_EQ(0xd0, vmo_byte(parent, 0));

	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, 3 * pg()));
	UNMAP_CLOSE_NO_LEAK(before, ap, 3 * pg(), child2, child, parent);
}

/*
 * Snapshot, write, close the child, snapshot again: the parent's layers
 * are rearranged under a live mapping of it (a hidden layer nobody else
 * sees is folded back), which must keep showing the parent's bytes.
 */
TEST(snapshot_cycles_under_a_mapping)
{
	long before = live_start();
	const size_t n = 4;
	zx_handle_t parent, child;
	volatile uint8_t *mp, *mc;
	zx_vaddr_t ap, ac;

	parent = vmo_mapped(_metadata, n * pg(), 0, RW, &ap);
	mp = (volatile uint8_t *)ap;
	for (size_t i = 0; i < n; i++)
		mp[i * pg()] = (uint8_t)(0x60 + i);
	for (int round = 0; round < 4; round++) {
		uint8_t mark = (uint8_t)(0x80 + 0x10 * round);

		ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent,
						     ZX_VMO_CHILD_SNAPSHOT, 0,
						     n * pg(), &child));
		/*
		 * Read every page through the mapping (shared entries),
		 * then write only some of them.
		 */
		for (size_t i = 0; i < n; i++)
			(void)mp[i * pg()];
		mp[((size_t)round % n) * pg()] = mark;
		ASSERT_EQ(ZX_OK, vmo_put(parent, (((size_t)round + 1) % n) *
					 pg() + 1, mark));
		ASSERT_EQ(ZX_OK, map(child, RD, 0, n * pg(), &ac));
		mc = (volatile uint8_t *)ac;
		EXPECT_NE(mark, mc[((size_t)round % n) * pg()]);
		EXPECT_NE(mark, mc[(((size_t)round + 1) % n) * pg() + 1]);
		EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, n * pg()));
		EXPECT_EQ(ZX_OK, zx_handle_close(child));
		/* The parent's mapping and reads agree on every page. */
		for (size_t i = 0; i < n; i++) {
			EXPECT_EQ(vmo_byte(parent, i * pg()), mp[i * pg()]);
			EXPECT_EQ(vmo_byte(parent, i * pg() + 1),
				  mp[i * pg() + 1]);
		}
		EXPECT_EQ(mark, mp[((size_t)round % n) * pg()]);
		EXPECT_EQ(mark, mp[(((size_t)round + 1) % n) * pg() + 1]);
		/* zx_vmo_write after the child is gone shows up too. */
		ASSERT_EQ(ZX_OK, vmo_put(parent, 2 * pg() + 2, mark));
		EXPECT_EQ(mark, mp[2 * pg() + 2]);
		mp[3 * pg() + 3] = mark;
		EXPECT_EQ(mark, vmo_byte(parent, 3 * pg() + 3));
	}
	/* One more snapshot sees the final state. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     n * pg(), &child));
	for (size_t i = 0; i < n; i++)
		EXPECT_EQ(vmo_byte(parent, i * pg()),
			  vmo_byte(child, i * pg()));
	EXPECT_EQ(0xb0, vmo_byte(child, 3 * pg() + 3));
	mp[3 * pg() + 3] = 0x01;
	EXPECT_EQ(0xb0, vmo_byte(child, 3 * pg() + 3));
	EXPECT_EQ(ZX_OK, zx_handle_close(child));
	EXPECT_EQ(0x01, mp[3 * pg() + 3]);
	UNMAP_CLOSE_NO_LEAK(before, ap, n * pg(), parent);
}

/*
 * The parent goes away while its snapshot child is mapped; a snapshot of
 * the child then folds the layer they shared into the child, under the
 * child's mapping.
 */
TEST(snapshot_of_mapped_child_after_parent_is_gone)
{
	long before = live_start();
	zx_handle_t parent, child, grand;
	volatile uint8_t *mc;
	zx_vaddr_t ac;

	parent = filled_vmo(_metadata, 3, 0xc0);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     3 * pg(), &child));
	ASSERT_EQ(ZX_OK, map(child, RW, 0, 3 * pg(), &ac));
	mc = (volatile uint8_t *)ac;
	/* Page 0 the child's own, pages 1 and 2 shown from the parent. */
	mc[0] = 0xd0;
	EXPECT_EQ(0xc1, mc[pg()]);
	EXPECT_EQ(0xc2, mc[2 * pg()]);
	ASSERT_EQ(ZX_OK, zx_handle_close(parent));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(child, ZX_VMO_CHILD_SNAPSHOT, 0,
					     3 * pg(), &grand));
	EXPECT_EQ(0xd0, mc[0]);
	EXPECT_EQ(0xc1, mc[pg()]);
	EXPECT_EQ(0xc2, mc[2 * pg()]);
	mc[pg()] = 0xd1;
	ASSERT_EQ(ZX_OK, vmo_put(child, 2 * pg(), 0xd2));
	EXPECT_EQ(0xd2, mc[2 * pg()]);
	EXPECT_EQ(0xd0, vmo_byte(grand, 0));
	EXPECT_EQ(0xc1, vmo_byte(grand, pg()));
	EXPECT_EQ(0xc2, vmo_byte(grand, 2 * pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(grand));
	/* And once more, with the grandchild gone as well. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(child, ZX_VMO_CHILD_SNAPSHOT, 0,
					     3 * pg(), &grand));
	mc[0] = 0xe0;
	EXPECT_EQ(0xd0, vmo_byte(grand, 0));
	EXPECT_EQ(0xd1, vmo_byte(grand, pg()));
	EXPECT_EQ(0xd2, vmo_byte(grand, 2 * pg()));
	EXPECT_EQ(0xe0, vmo_byte(child, 0));
	EXPECT_EQ(0xd1, mc[pg()]);
	EXPECT_EQ(ZX_OK, zx_handle_close(grand));
	UNMAP_CLOSE_NO_LEAK(before, ac, 3 * pg(), child);
}

/* A child mapping made before the snapshot was written to shows the write. */
TEST(snapshot_child_vmo_write_shows_in_read_only_mapping)
{
	long before = live_start();
	zx_handle_t parent, child;
	volatile uint8_t *mc;
	zx_vaddr_t ac;

	parent = filled_vmo(_metadata, 2, 0x40);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * pg(), &child));
	ASSERT_EQ(ZX_OK, map(child, RD, 0, 2 * pg(), &ac));
	mc = (volatile uint8_t *)ac;
	/* Faulted in: the entries show the parent's pages. */
	EXPECT_EQ(0x40, mc[0]);
	EXPECT_EQ(0x41, mc[pg()]);
	ASSERT_EQ(ZX_OK, vmo_put(child, 1, 0x4f));
	EXPECT_EQ(0x4f, mc[1]);
	EXPECT_EQ(0x40, mc[0]);
	ASSERT_EQ(ZX_OK, vmo_put(child, pg(), 0x4e));
	EXPECT_EQ(0x4e, mc[pg()]);
	/* Zeroing a whole page the parent has data in. */
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(child, ZX_VMO_OP_ZERO, 0, pg(), NULL,
					 0));
	EXPECT_EQ(0, mc[0]);
	EXPECT_EQ(0, mc[1]);
	EXPECT_EQ(0x4e, mc[pg()]);
	EXPECT_EQ(0x40, vmo_byte(parent, 0));
	EXPECT_EQ(0, vmo_byte(parent, 1));
	EXPECT_EQ(0x41, vmo_byte(parent, pg()));
	UNMAP_CLOSE_NO_LEAK(before, ac, 2 * pg(), child, parent);
}

/* A snapshot child at an offset, and a snapshot of that child. */
TEST(snapshot_at_offset_and_grandchild_mappings)
{
	long before = live_start();
	zx_handle_t parent, child, grand;
	volatile uint8_t *mp, *mc, *mg;
	zx_vaddr_t ap, ac, ag;

	parent = filled_vmo(_metadata, 3, 0x90);
	ASSERT_EQ(ZX_OK, map(parent, RW, 0, 3 * pg(), &ap));
	mp = (volatile uint8_t *)ap;
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT,
					     pg(), 2 * pg(), &child));
	ASSERT_EQ(ZX_OK, map(child, RW, 0, 2 * pg(), &ac));
	mc = (volatile uint8_t *)ac;
	EXPECT_EQ(0x91, mc[0]);
	EXPECT_EQ(0x92, mc[pg()]);
	mp[pg()] = 0x01;
	EXPECT_EQ(0x91, mc[0]);
	mc[pg()] = 0x02;
	EXPECT_EQ(0x92, mp[2 * pg()]);
	/* The child's snapshot, under the child's live mapping. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(child, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * pg(), &grand));
	ASSERT_EQ(ZX_OK, map(grand, RD, 0, 2 * pg(), &ag));
	mg = (volatile uint8_t *)ag;
	EXPECT_EQ(0x91, mg[0]);
	EXPECT_EQ(0x02, mg[pg()]);
	mc[0] = 0x03;
	mc[pg()] = 0x04;
	EXPECT_EQ(0x91, mg[0]);
	EXPECT_EQ(0x02, mg[pg()]);
	EXPECT_EQ(0x91, vmo_byte(grand, 0));
	EXPECT_EQ(0x03, vmo_byte(child, 0));
	EXPECT_EQ(0x01, vmo_byte(parent, pg()));
	EXPECT_EQ(0x92, vmo_byte(parent, 2 * pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ag, 2 * pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, 2 * pg()));
	UNMAP_CLOSE_NO_LEAK(before, ap, 3 * pg(), grand, child, parent);
}

/* A mapped child whose handles are gone is still a child. */
TEST(mapped_child_counts_until_unmapped)
{
	long before = live_start();
	zx_handle_t parent = zx_test_vmo(pg(), 0), child;
	zx_vaddr_t ac;

	ASSERT_NE(ZX_HANDLE_INVALID, parent);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN,
		  zx_test_signals(parent) & ZX_VMO_ZERO_CHILDREN);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT, 0,
					     pg(), &child));
	ASSERT_EQ(ZX_OK, map(child, RW, 0, pg(), &ac));
	ASSERT_EQ(ZX_OK, zx_handle_close(child));
	EXPECT_EQ(0u, zx_test_signals(parent) & ZX_VMO_ZERO_CHILDREN);
	((volatile uint8_t *)ac)[0] = 0x1c;
	EXPECT_EQ(0, vmo_byte(parent, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, pg()));
	EXPECT_EQ(ZX_OK, zx_object_wait_one(parent, ZX_VMO_ZERO_CHILDREN,
					    zx_deadline_after(ZX_SEC(5)),
					    NULL));
	CLOSE_NO_LEAK(before, parent);
}

/* A resizable snapshot child shrunk and grown shows zeros, not the parent. */
TEST(resizable_snapshot_child_regrows_with_zeros)
{
	long before = live_start();
	zx_handle_t parent, child;
	volatile uint8_t *mc;
	zx_vaddr_t ac;

	parent = filled_vmo(_metadata, 2, 0x50);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent, ZX_VMO_CHILD_SNAPSHOT |
					     ZX_VMO_CHILD_RESIZABLE, 0,
					     2 * pg(), &child));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  map(child, RD | ZX_VM_REQUIRE_NON_RESIZABLE, 0, 2 * pg(),
		      &ac));
	ASSERT_EQ(ZX_OK, map(child, RW | ZX_VM_ALLOW_FAULTS, 0, 2 * pg(),
			     &ac));
	mc = (volatile uint8_t *)ac;
	EXPECT_EQ(0x51, mc[pg()]);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(child, pg()));
	EXPECT_EQ(SIGBUS, probe_read((const void *)(mc + pg())));
	EXPECT_EQ(0x50, mc[0]);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(child, 2 * pg()));
	EXPECT_EQ(0, mc[pg()]);
	EXPECT_EQ(0, vmo_byte(child, pg()));
	EXPECT_EQ(0x51, vmo_byte(parent, pg()));
	mc[pg()] = 0x5f;
	EXPECT_EQ(0x51, vmo_byte(parent, pg()));
	UNMAP_CLOSE_NO_LEAK(before, ac, 2 * pg(), child, parent);
}

struct counter_writer {
	volatile uint64_t *p;	/* two counters, a page apart */
	int stop;
	pthread_t thread;
};

static void *counter_writer_main(void *arg)
{
	struct counter_writer *w = arg;
	const size_t stride = pg() / sizeof(uint64_t);
	uint64_t n = 0;

	while (!__atomic_load_n(&w->stop, __ATOMIC_RELAXED)) {
		n++;
		__atomic_store_n(&w->p[0], n, __ATOMIC_RELAXED);
		__atomic_store_n(&w->p[stride], n, __ATOMIC_RELAXED);
	}
	return NULL;
}

/*
 * A thread keeps writing through a mapping of the parent while snapshots
 * are taken: each snapshot must stay frozen at one value of the counter.
 */
TEST(snapshots_while_mapping_is_written)
{
	long before = live_start();
	zx_handle_t parent, child;
	struct counter_writer w = { 0 };
	uint64_t c0, c1, again, now;
	volatile uint64_t *mc;
	zx_vaddr_t ap, ac;
	int frozen_bad = 0, ahead_bad = 0;

	parent = vmo_mapped(_metadata, 2 * pg(), 0, RW, &ap);
	w.p = (volatile uint64_t *)ap;
	ASSERT_EQ(0, pthread_create(&w.thread, NULL, counter_writer_main, &w));
	for (int i = 0; i < 100; i++) {
		ASSERT_EQ(ZX_OK, zx_vmo_create_child(parent,
						     ZX_VMO_CHILD_SNAPSHOT, 0,
						     2 * pg(), &child));
		ASSERT_EQ(ZX_OK, zx_vmo_read(child, &c0, 0, sizeof(c0)));
		ASSERT_EQ(ZX_OK, zx_vmo_read(child, &c1, pg(), sizeof(c1)));
		/* Let the writer run on. */
		for (int y = 0; y < 20; y++)
			sched_yield();
		now = __atomic_load_n(&w.p[0], __ATOMIC_RELAXED);
		if (c0 > now || c1 > now)
			ahead_bad++;
		ASSERT_EQ(ZX_OK, map(child, RD, 0, 2 * pg(), &ac));
		mc = (volatile uint64_t *)ac;
		ASSERT_EQ(ZX_OK, zx_vmo_read(child, &again, 0, sizeof(again)));
		if (again != c0 || mc[0] != c0 ||
		    mc[pg() / sizeof(uint64_t)] != c1)
			frozen_bad++;
		EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), ac, 2 * pg()));
		EXPECT_EQ(ZX_OK, zx_handle_close(child));
	}
	__atomic_store_n(&w.stop, 1, __ATOMIC_RELAXED);
	pthread_join(w.thread, NULL);
	EXPECT_EQ(0, frozen_bad);
	EXPECT_EQ(0, ahead_bad);
	/* The writer's last values are the parent's. */
	ASSERT_EQ(ZX_OK, zx_vmo_read(parent, &c0, 0, sizeof(c0)));
	ASSERT_EQ(ZX_OK, zx_vmo_read(parent, &c1, pg(), sizeof(c1)));
	EXPECT_EQ(w.p[0], c0);
	EXPECT_EQ(w.p[pg() / sizeof(uint64_t)], c1);
	EXPECT_EQ(c0, c1);
	UNMAP_CLOSE_NO_LEAK(before, ap, 2 * pg(), parent);
}

/* --------------------------------------------------- across processes */

#define XP_WAIT_MS	30000

/* One byte from @sock within the time limit; -1 otherwise. */
static int recv_byte(int sock)
{
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	char c;

	if (poll(&pfd, 1, XP_WAIT_MS) != 1)
		return -1;
	if (read(sock, &c, 1) != 1)
		return -1;
	return (unsigned char)c;
}

static int send_byte(int sock, char c)
{
	return write(sock, &c, 1) == 1 ? 0 : -1;
}

static int child_shares_vmo(void *arg)
{
	int sock = *(int *)arg, fd;
	zx_handle_t vmo;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	fd = zx_test_recv_fd(sock);
	CHILD_CHECK(fd >= 0);
	CHILD_CHECK(zx_linux_fd_to_handle(fd, &vmo) == ZX_OK);
	CHILD_CHECK(zx_test_basic(vmo).type == ZX_OBJ_TYPE_VMO);
	CHILD_CHECK(zx_vmar_map(zx_vmar_root_self(), RW, 0, vmo, 0, 2 * pg(),
				&addr) == ZX_OK);
	m = (volatile uint8_t *)addr;
	/* The parent's writes, through its mapping. */
	CHILD_CHECK(m[0] == 0x11);
	CHILD_CHECK(m[pg() + 5] == 0x22);
	m[1] = 0x33;
	m[pg() + 6] = 0x44;
	CHILD_CHECK(send_byte(sock, 'c') == 0);
	CHILD_CHECK(recv_byte(sock) == 'p');
	CHILD_CHECK(m[2] == 0x55);
	CHILD_CHECK(m[pg() + 7] == 0x66);
	/* Exits with the mapping and the handle: the exit drops both. */
	return 0;
}

TEST(two_processes_share_a_vmo)
{
	long before = live_start();
	zx_handle_t vmo, dup;
	volatile uint8_t *m;
	zx_vaddr_t addr;
	int sv[2], fd;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	/* The child exists before the mapping, so it inherits none. */
	pid = zx_test_fork(child_shares_vmo, &sv[1]);
	ASSERT_GE(pid, 0);
	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &addr);
	m = (volatile uint8_t *)addr;
	m[0] = 0x11;
	m[pg() + 5] = 0x22;
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dup));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(dup, ZX_LINUX_FD_CLOEXEC, &fd));
	ASSERT_EQ(0, zx_test_send_fd(sv[0], fd));
	close(fd);
	ASSERT_EQ('c', recv_byte(sv[0]));
	/* The child's writes, through its own mapping. */
	EXPECT_EQ(0x33, m[1]);
	EXPECT_EQ(0x44, m[pg() + 6]);
	EXPECT_EQ(0x44, vmo_byte(vmo, pg() + 6));
	/* Both mappings count. */
	EXPECT_EQ(2u, zx_test_vmo_info(vmo).num_mappings);
	m[2] = 0x55;
	m[pg() + 7] = 0x66;
	ASSERT_EQ(0, send_byte(sv[0], 'p'));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(1u, zx_test_vmo_info(vmo).num_mappings);
	close(sv[0]);
	close(sv[1]);
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), vmo);
}

struct snap_child_arg {
	volatile uint8_t *m;
	int sock;
};

/* Writes 0xa1 through the inherited mapping, waits, then writes 0xa2. */
static int child_writes_around_snapshot(void *p)
{
	struct snap_child_arg *a = p;

	a->m[0] = 0xa1;
	a->m[pg()] = 0xb1;
	CHILD_CHECK(send_byte(a->sock, 'w') == 0);
	CHILD_CHECK(recv_byte(a->sock) == 's');
	a->m[0] = 0xa2;
	a->m[pg()] = 0xb2;
	CHILD_CHECK(send_byte(a->sock, 'x') == 0);
	return 0;
}

/* A snapshot freezes pages another process has mapped writable too. */
TEST(snapshot_covers_other_process_mappings)
{
	long before = live_start();
	zx_handle_t vmo, child;
	struct snap_child_arg a;
	zx_vaddr_t addr;
	int sv[2];
	pid_t pid;

	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &addr);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	a.m = (volatile uint8_t *)addr;
	a.sock = sv[1];
	pid = zx_test_fork(child_writes_around_snapshot, &a);
	ASSERT_GE(pid, 0);
	ASSERT_EQ('w', recv_byte(sv[0]));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * pg(), &child));
	ASSERT_EQ(0, send_byte(sv[0], 's'));
	ASSERT_EQ('x', recv_byte(sv[0]));
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_EQ(0xa2, a.m[0]);
	EXPECT_EQ(0xb2, vmo_byte(vmo, pg()));
	EXPECT_EQ(0xa1, vmo_byte(child, 0));
	EXPECT_EQ(0xb1, vmo_byte(child, pg()));
	close(sv[0]);
	close(sv[1]);
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), child, vmo);
}

/* ------------------------------------------------------------ resizing */

TEST(shrinking_vmo_faults_mapping_past_end)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *m;
	uint8_t buf[8];
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, 3 * pg(), ZX_VMO_RESIZABLE,
			 RW | ZX_VM_ALLOW_FAULTS, &addr);
	m = (volatile uint8_t *)addr;
	m[0] = 0x70;
	m[pg()] = 0x71;
	m[2 * pg() + 8] = 0x72;
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, pg()));
	EXPECT_EQ(SIGBUS, probe_read((const void *)(m + pg())));
	EXPECT_EQ(SIGBUS, probe_write((void *)(m + 2 * pg() + 8), 1));
	EXPECT_EQ(0, probe_read((const void *)(m + pg() - 1)));
	EXPECT_EQ(0x70, m[0]);
	/* Grown again, the pages come back as zeros. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, 3 * pg()));
	EXPECT_EQ(0, m[pg()]);
	EXPECT_EQ(0, m[2 * pg() + 8]);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, buf, 2 * pg() + 4, sizeof(buf)));
	for (size_t i = 0; i < sizeof(buf); i++)
		EXPECT_EQ(0, buf[i]);
	EXPECT_EQ(0x70, m[0]);
	m[pg()] = 0x73;
	EXPECT_EQ(0x73, vmo_byte(vmo, pg()));
	UNMAP_CLOSE_NO_LEAK(before, addr, 3 * pg(), vmo);
}

/* Growing the VMO makes the mapped pages past the old end usable. */
TEST(growing_vmo_extends_mapping)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(pg(), ZX_VMO_RESIZABLE);
	volatile uint8_t *m;
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, map(vmo, RW | ZX_VM_ALLOW_FAULTS, 0, 3 * pg(),
			     &addr));
	m = (volatile uint8_t *)addr;
	EXPECT_EQ(SIGBUS, probe_read((const void *)(m + 2 * pg())));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, 3 * pg()));
	EXPECT_EQ(0, m[2 * pg()]);
	m[2 * pg() + 1] = 0x2a;
	EXPECT_EQ(0x2a, vmo_byte(vmo, 2 * pg() + 1));
	UNMAP_CLOSE_NO_LEAK(before, addr, 3 * pg(), vmo);
}

/* Shrunk and grown again after a snapshot: zeros, not the frozen bytes. */
TEST(shrink_after_snapshot_regrows_zeros)
{
	long before = live_start();
	zx_handle_t vmo, child;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, 2 * pg(), ZX_VMO_RESIZABLE,
			 RW | ZX_VM_ALLOW_FAULTS, &addr);
	m = (volatile uint8_t *)addr;
	m[pg()] = 0x3a;
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * pg(), &child));
	EXPECT_EQ(0x3a, m[pg()]);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, pg()));
	EXPECT_EQ(SIGBUS, probe_read((const void *)(m + pg())));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, 2 * pg()));
	EXPECT_EQ(0, m[pg()]);
	EXPECT_EQ(0, vmo_byte(vmo, pg()));
	EXPECT_EQ(0x3a, vmo_byte(child, pg()));
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), child, vmo);
}

/* ---------------------------------------------------------------- unmap */

TEST(unmap_errors)
{
	long before = live_start();
	zx_handle_t vmo, ev = zx_test_event();
	uintptr_t hole;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &addr);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	hole = free_range(4 * pg(), pg());
	ASSERT_NE(0u, hole);
	const struct range_case cases[] = {
		{ "unaligned address", ZX_ERR_INVALID_ARGS,
		  root(), 0, addr + 1, pg() },
		{ "len 0", ZX_ERR_INVALID_ARGS, root(), 0, addr, 0 },
		/* A length that would round up past the end of the address space. */
		{ "len rounds up past the end", ZX_ERR_INVALID_ARGS,
		  root(), 0, addr, SIZE_MAX - pg() + 2 },
		{ "len SIZE_MAX - page + 1", ZX_ERR_INVALID_ARGS,
		  root(), 0, addr, SIZE_MAX - pg() + 1 },
		{ "event as VMAR", ZX_ERR_WRONG_TYPE, ev, 0, addr, pg() },
		{ "VMO as VMAR", ZX_ERR_WRONG_TYPE, vmo, 0, addr, pg() },
		{ "invalid VMAR", ZX_ERR_BAD_HANDLE,
		  ZX_HANDLE_INVALID, 0, addr, pg() },
	};

	EXPECT_CASES(expect_range_cases, cases, false);
	/* None of that unmapped anything. */
	EXPECT_EQ(1u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(0, probe_read((const void *)(addr + pg())));
	/* Nothing mapped there. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmar_unmap(root(), hole, 4 * pg()));
	/* An unaligned length is rounded up to pages, as on Zircon. */
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr + pg(), pg() - 1));
	EXPECT_EQ(SIGSEGV, probe_read((const void *)(addr + pg())));
	EXPECT_EQ(0, probe_read((const void *)addr));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, 2 * pg()));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmar_unmap(root(), addr, 2 * pg()));
	CLOSE_NO_LEAK(before, vmo, ev);
}

TEST(unmapped_memory_faults)
{
	long before = live_start();
	zx_handle_t vmo;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, pg(), 0, RW, &addr);
	((volatile uint8_t *)addr)[0] = 1;
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(SIGSEGV, probe_read((const void *)addr));
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 2));
	EXPECT_EQ(1, vmo_byte(vmo, 0));
	CLOSE_NO_LEAK(before, vmo);
}

TEST(unmap_part_of_a_mapping)
{
	long before = live_start();
	zx_handle_t vmo = zx_test_vmo(4 * pg(), 0);
	volatile uint8_t *m;
	zx_vaddr_t addr;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, fill_pages(vmo, 4, 0x80));
	ASSERT_EQ(ZX_OK, map(vmo, RW, 0, 4 * pg(), &addr));
	m = (volatile uint8_t *)addr;
	/* From the middle: both ends stay. */
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(root(), addr + pg(), 2 * pg()));
	EXPECT_EQ(0x80, m[0]);
	EXPECT_EQ(0x83, m[3 * pg()]);
	EXPECT_EQ(SIGSEGV, probe_read((const void *)(m + pg())));
	EXPECT_EQ(SIGSEGV, probe_read((const void *)(m + 2 * pg())));
	m[3 * pg() + 1] = 0x8f;
	EXPECT_EQ(0x8f, vmo_byte(vmo, 3 * pg() + 1));
	/* Two mappings now, one on each side of the hole. */
	EXPECT_EQ(2u, zx_test_vmo_info(vmo).num_mappings);
	/* From the left and from the right. */
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(SIGSEGV, probe_read((const void *)m));
	EXPECT_EQ(0x83, m[3 * pg()]);
	ASSERT_EQ(ZX_OK, zx_vmar_unmap(root(), addr + 3 * pg(), pg()));
	EXPECT_EQ(SIGSEGV, probe_read((const void *)(m + 3 * pg())));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	/* The range is free again for a SPECIFIC mapping. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     addr - root_info().base, vmo, 0, 4 * pg(),
				     &addr));
	EXPECT_EQ(0x81, m[pg()]);
	UNMAP_CLOSE_NO_LEAK(before, addr, 4 * pg(), vmo);
}

TEST(unmap_spans_several_mappings_and_gaps)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(2 * pg(), 0);
	uintptr_t base = free_range(8 * pg(), pg());
	zx_vaddr_t a1, a2;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(0u, base);
	/* [gap][m1 m1][gap gap][m2 m2][gap] */
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     base + pg() - info.base, vmo, 0, 2 * pg(),
				     &a1));
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     base + 5 * pg() - info.base, vmo, 0,
				     2 * pg(), &a2));
	EXPECT_EQ(2u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), base, 8 * pg()));
	EXPECT_EQ(0u, zx_test_vmo_info(vmo).num_mappings);
	EXPECT_EQ(SIGSEGV, probe_read((const void *)a1));
	EXPECT_EQ(SIGSEGV, probe_read((const void *)(a2 + pg())));
	CLOSE_NO_LEAK(before, vmo);
}

/* -------------------------------------------------------------- protect */

TEST(protect_lower_and_raise)
{
	long before = live_start();
	zx_handle_t vmo;
	volatile uint8_t *m;
	zx_vaddr_t addr;

	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &addr);
	m = (volatile uint8_t *)addr;
	m[0] = 0x90;
	m[pg()] = 0x91;
	ASSERT_EQ(ZX_OK, zx_vmar_protect(root(), RD, addr, 2 * pg()));
	EXPECT_EQ(0x90, m[0]);
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 0x9f));
	EXPECT_EQ(SIGSEGV, probe_write((void *)(addr + pg()), 0x9f));
	EXPECT_EQ(0x90, vmo_byte(vmo, 0));
	/* zx_vmo_write still changes what the read-only mapping shows. */
	ASSERT_EQ(ZX_OK, vmo_put(vmo, 1, 0x92));
	EXPECT_EQ(0x92, m[1]);
	/* Raised back, within the handle's rights. */
	ASSERT_EQ(ZX_OK, zx_vmar_protect(root(), RW, addr, 2 * pg()));
	EXPECT_EQ(0, probe_write((void *)addr, 0x93));
	EXPECT_EQ(0x93, vmo_byte(vmo, 0));
	m[pg() + 1] = 0x94;
	EXPECT_EQ(0x94, vmo_byte(vmo, pg() + 1));
	/* Only part of it. */
	ASSERT_EQ(ZX_OK, zx_vmar_protect(root(), RD, addr + pg(), pg()));
	EXPECT_EQ(0, probe_write((void *)addr, 0x95));
	EXPECT_EQ(SIGSEGV, probe_write((void *)(addr + pg()), 0x95));
	EXPECT_EQ(0x95, vmo_byte(vmo, 0));
	EXPECT_EQ(0x91, vmo_byte(vmo, pg()));
	/* READ_IF_XOM_UNSUPPORTED alone means read-only here. */
	ASSERT_EQ(ZX_OK, zx_vmar_protect(root(),
					 ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED,
					 addr, pg()));
	EXPECT_EQ(0x95, m[0]);
	EXPECT_EQ(SIGSEGV, probe_write((void *)addr, 0x96));
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), vmo);
}

TEST(protect_errors)
{
	long before = live_start();
	zx_handle_t vmo, ev = zx_test_event(), ro;
	uintptr_t hole;
	zx_vaddr_t addr, aro;

	vmo = vmo_mapped(_metadata, 2 * pg(), 0, RW, &addr);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	hole = free_range(2 * pg(), pg());
	ASSERT_NE(0u, hole);
	const struct range_case cases[] = {
		{ "WRITE without READ", ZX_ERR_INVALID_ARGS,
		  root(), ZX_VM_PERM_WRITE, addr, pg() },
		{ "EXECUTE without READ", ZX_ERR_INVALID_ARGS,
		  root(), ZX_VM_PERM_EXECUTE, addr, pg() },
		{ "unaligned address", ZX_ERR_INVALID_ARGS,
		  root(), RD, addr + 1, pg() },
		{ "len 0", ZX_ERR_INVALID_ARGS, root(), RD, addr, 0 },
		{ "len rounds up past the end", ZX_ERR_INVALID_ARGS,
		  root(), RD, addr, SIZE_MAX - pg() + 2 },
		{ "len SIZE_MAX - page + 1", ZX_ERR_INVALID_ARGS,
		  root(), RD, addr, SIZE_MAX - pg() + 1 },
		{ "SPECIFIC", ZX_ERR_INVALID_ARGS,
		  root(), RD | ZX_VM_SPECIFIC, addr, pg() },
		{ "CAN_MAP_WRITE", ZX_ERR_INVALID_ARGS,
		  root(), RD | ZX_VM_CAN_MAP_WRITE, addr, pg() },
		{ "unknown option bit", ZX_ERR_INVALID_ARGS,
		  root(), RD | (1u << 31), addr, pg() },
		{ "event as VMAR", ZX_ERR_WRONG_TYPE, ev, RD, addr, pg() },
		{ "VMO as VMAR", ZX_ERR_WRONG_TYPE, vmo, RD, addr, pg() },
		{ "invalid VMAR", ZX_ERR_BAD_HANDLE,
		  ZX_HANDLE_INVALID, RD, addr, pg() },
	};

	EXPECT_CASES(expect_range_cases, cases, true);
	/* None of that changed the protection. */
	EXPECT_EQ(0, probe_write((void *)addr, 0xe0));
	EXPECT_EQ(0xe0, vmo_byte(vmo, 0));
	/* Nothing mapped there. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmar_protect(root(), RD, hole, pg()));
	/* Beyond the rights of the VMO handle it was mapped with. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_MAP | ZX_RIGHT_READ,
					     &ro));
	ASSERT_EQ(ZX_OK, map(ro, RD, 0, pg(), &aro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmar_protect(root(), RW, aro, pg()));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(root(), RD | ZX_VM_PERM_EXECUTE, aro, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_protect(root(), RD, aro, pg()));
	EXPECT_EQ(SIGSEGV, probe_write((void *)aro, 0xe1));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), aro, pg()));
	UNMAP_CLOSE_NO_LEAK(before, addr, 2 * pg(), ro, vmo, ev);
}

/* A protect that fails part-way (a gap) changes nothing. */
TEST(protect_over_a_gap_changes_nothing)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(pg(), 0);
	uintptr_t base = free_range(3 * pg(), pg());
	zx_vaddr_t a1, a2;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(0u, base);
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     base - info.base, vmo, 0, pg(), &a1));
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				     base + 2 * pg() - info.base, vmo, 0, pg(),
				     &a2));
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_vmar_protect(root(), RD, base, 3 * pg()));
	EXPECT_EQ(0, probe_write((void *)a1, 0x01));
	EXPECT_EQ(0, probe_write((void *)a2, 0x02));
	EXPECT_EQ(0x02, vmo_byte(vmo, 0));
	UNMAP_CLOSE_NO_LEAK(before, base, 3 * pg(), vmo);
}

/* A protect one of whose mappings refuses it changes none of them. */
TEST(protect_denied_for_one_mapping_changes_nothing)
{
	long before = live_start();
	zx_info_vmar_t info = root_info();
	zx_handle_t vmo = zx_test_vmo(pg(), 0), ro;
	uintptr_t base = free_range(2 * pg(), pg());
	zx_vaddr_t a1, a2;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(0u, base);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_MAP | ZX_RIGHT_READ,
					     &ro));
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RD | ZX_VM_SPECIFIC,
				     base - info.base, vmo, 0, pg(), &a1));
	ASSERT_EQ(ZX_OK, zx_vmar_map(root(), RD | ZX_VM_SPECIFIC,
				     base + pg() - info.base, ro, 0, pg(),
				     &a2));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_protect(root(), RW, base, 2 * pg()));
	/* The first one could have been raised, but was not. */
	EXPECT_EQ(SIGSEGV, probe_write((void *)a1, 0x01));
	EXPECT_EQ(0, vmo_byte(vmo, 0));
	/* On its own it can be. */
	EXPECT_EQ(ZX_OK, zx_vmar_protect(root(), RW, a1, pg()));
	EXPECT_EQ(0, probe_write((void *)a1, 0x01));
	EXPECT_EQ(0x01, vmo_byte(vmo, 0));
	UNMAP_CLOSE_NO_LEAK(before, base, 2 * pg(), ro, vmo);
}

/* ----------------------------------------------------------- odds */

TEST(vmar_handle_is_not_a_vmo)
{
	uint8_t b = 0;
	uint64_t size = 0;

	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_read(root(), &b, 0, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_write(root(), &b, 0, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size(root(), &size));
	/* And the root VMAR survived it. */
	EXPECT_EQ(ZX_OBJ_TYPE_VMAR, zx_test_basic(root()).type);
}

TEST(plain_mmap_of_device_fails)
{
	int fd = zx_linux_device_fd();
	zx_handle_t vmo;
	zx_vaddr_t addr;
	void *p;

	ASSERT_GE(fd, 0);
	errno = 0;
	p = mmap(NULL, pg(), PROT_READ, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, errno);
	errno = 0;
	p = mmap(NULL, pg(), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, errno);
	/* Nor after a zx_vmar_map() has been made. */
	vmo = vmo_mapped(_metadata, pg(), 0, RD, &addr);
	errno = 0;
	p = mmap(NULL, pg(), PROT_READ, MAP_SHARED, fd, 0);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), addr, pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(vmo));
}

ZX_TEST_MAIN(NULL, NULL)
