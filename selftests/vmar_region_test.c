// SPDX-License-Identifier: GPL-2.0
/*
 * VMAR sub-regions: zx_vmar_allocate() (options, alignment, rights, SPECIFIC
 * and overlap), mappings inside a region (placement, CAN_MAP_* limits),
 * zx_vmar_unmap()/zx_vmar_protect() inside it, zx_vmar_destroy() and the
 * BAD_STATE of everything after it, nested regions, ZX_INFO_VMAR, and
 * zx_vmar_op_range(); bad handles, wrong types, missing rights, bad
 * pointers and hostile sizes.  The regression of the first version:
 * memory of the program's own that is anonymous PROT_NONE (a heap's
 * reserved tail, a guard page) inside or next to a region is never
 * replaced or unmapped by the region's calls, only the module's own
 * placeholders are free space, and a forked child has none of them.
 *
 * Accesses that should fault are made in a forked child and judged by the
 * signal that ended it.
 */
#include <sys/resource.h>

#include "zx_test_util.h"

#define RD	ZX_VM_PERM_READ
#define RW	(ZX_VM_PERM_READ | ZX_VM_PERM_WRITE)
#define CAN_RW	(ZX_VM_CAN_MAP_READ | ZX_VM_CAN_MAP_WRITE)
#define CAN_ALL	(CAN_RW | ZX_VM_CAN_MAP_SPECIFIC)

static size_t pg(void)
{
	return (size_t)getpagesize();
}

static zx_handle_t root(void)
{
	return zx_vmar_root_self();
}

/* Live objects, counted after the root VMAR handle exists (libzx keeps it). */
static long live_start(void)
{
	(void)zx_vmar_root_self();
	return zx_test_live_objects();
}

static zx_info_vmar_t vmar_info(zx_handle_t h)
{
	zx_info_vmar_t info;

	memset(&info, 0, sizeof(info));
	if (zx_object_get_info(h, ZX_INFO_VMAR, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		memset(&info, 0, sizeof(info));
	return info;
}

static zx_rights_t rights_of(zx_handle_t h)
{
	zx_info_handle_basic_t b;

	if (zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &b, sizeof(b), NULL,
			       NULL) != ZX_OK)
		return 0;
	return b.rights;
}

/* A region of @pages pages in the root, anywhere. */
static zx_status_t region(zx_vm_option_t options, size_t pages,
			  zx_handle_t *h, zx_vaddr_t *addr)
{
	return zx_vmar_allocate(root(), options, 0, pages * pg(), h, addr);
}

static zx_handle_t vmo_of(size_t pages)
{
	zx_handle_t v = ZX_HANDLE_INVALID;

	if (zx_vmo_create(pages * pg(), 0, &v) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return v;
}

/* Whether Linux sees anything at [@addr, @addr + @len). */
static bool linux_taken(zx_vaddr_t addr, size_t len)
{
	void *p = mmap((void *)addr, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return errno == EEXIST;
	munmap(p, len);
	return false;
}

static int probe_child(void *arg)
{
	struct rlimit no_core = { 0, 0 };
	volatile uint8_t *p = arg;

	setrlimit(RLIMIT_CORE, &no_core);
	return *p == 0x5a ? 0 : 1;
}

/* Reads @addr in a child: 0, or the signal that ended it, or -1. */
static int probe_read(zx_vaddr_t addr)
{
	int status;
	pid_t pid = zx_test_fork(probe_child, (void *)addr);

	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(allocate_reserves_and_reports)
{
	long before = live_start();
	zx_handle_t r;
	zx_vaddr_t a = 0;
	zx_info_vmar_t info;

	ASSERT_EQ(ZX_OK, region(CAN_RW, 16, &r, &a));
	EXPECT_NE(0u, a);
	EXPECT_EQ(0u, a % pg());
	info = vmar_info(r);
	EXPECT_EQ(a, info.base);
	EXPECT_EQ(16 * pg(), info.len);
	EXPECT_EQ(ZX_DEFAULT_VMAR_RIGHTS | ZX_RIGHT_READ | ZX_RIGHT_WRITE,
		  rights_of(r));
	/* Reserved: Linux will not place anything there, access faults. */
	EXPECT_TRUE(linux_taken(a, pg()));
	EXPECT_TRUE(linux_taken(a + 15 * pg(), pg()));
	EXPECT_EQ(SIGSEGV, probe_read(a));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_FALSE(linux_taken(a, 16 * pg()));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

TEST(child_rights_follow_can_map)
{
	static const zx_vm_option_t can[] = {
		ZX_VM_CAN_MAP_READ, ZX_VM_CAN_MAP_WRITE,
		ZX_VM_CAN_MAP_EXECUTE,
	};
	static const zx_rights_t right[] = {
		ZX_RIGHT_READ, ZX_RIGHT_WRITE, ZX_RIGHT_EXECUTE,
	};
	unsigned int mask, i;

	for (mask = 0; mask < 8; mask++) {
		zx_vm_option_t o = 0;
		zx_rights_t want = ZX_DEFAULT_VMAR_RIGHTS;
		zx_handle_t r;
		zx_vaddr_t a;

		for (i = 0; i < 3; i++) {
			if (mask & (1u << i)) {
				o |= can[i];
				want |= right[i];
			}
		}
		ASSERT_EQ(ZX_OK, region(o, 1, &r, &a));
		EXPECT_EQ(want, rights_of(r));
		EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
		EXPECT_EQ(ZX_OK, zx_handle_close(r));
	}
}

TEST(alignment)
{
	uint32_t bits;
	zx_handle_t r;
	zx_vaddr_t a;

	for (bits = 10; bits <= 24; bits++) {
		ASSERT_EQ(ZX_OK, zx_vmar_allocate(root(), CAN_RW |
						  (bits << ZX_VM_ALIGN_BASE), 0,
						  pg(), &r, &a));
		EXPECT_EQ(0u, a % (1ULL << bits));
		EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
		EXPECT_EQ(ZX_OK, zx_handle_close(r));
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 9u << ZX_VM_ALIGN_BASE, 0, pg(),
				   &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 33u << ZX_VM_ALIGN_BASE, 0, pg(),
				   &r, &a));
}

TEST(allocate_option_errors)
{
	zx_handle_t r;
	zx_vaddr_t a;

	/* Options of mappings only. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, region(ZX_VM_PERM_READ, 1, &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, region(ZX_VM_MAP_RANGE, 1, &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  region(ZX_VM_SPECIFIC_OVERWRITE, 1, &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, region(1u << 20, 1, &r, &a));
	/* Sizes and offsets. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, region(0, 0, &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, 0, pg() + 1, &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, pg(), pg(), &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), ZX_VM_SPECIFIC |
				   ZX_VM_OFFSET_IS_UPPER_LIMIT, pg(), pg(),
				   &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), ZX_VM_SPECIFIC, pg() + 1, pg(),
				   &r, &a));
	/* Hostile sizes. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, 0, SIZE_MAX & ~(pg() - 1),
				   &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), ZX_VM_SPECIFIC,
				   SIZE_MAX & ~(pg() - 1), pg(), &r, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), ZX_VM_OFFSET_IS_UPPER_LIMIT, pg(),
				   2 * pg(), &r, &a));
	/* COMPACT is a hint. */
	ASSERT_EQ(ZX_OK, region(ZX_VM_COMPACT | CAN_RW, 1, &r, &a));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
}

TEST(specific_in_root_and_overlap)
{
	zx_info_vmar_t ri = vmar_info(root());
	zx_handle_t r, r2;
	zx_vaddr_t a, a2, want;

	/* Find a free spot, give it back, then ask for it by offset. */
	ASSERT_EQ(ZX_OK, region(0, 4, &r, &want));
	ASSERT_EQ(ZX_OK, zx_vmar_destroy(r));
	ASSERT_EQ(ZX_OK, zx_handle_close(r));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(root(), ZX_VM_SPECIFIC | CAN_RW,
					  want - ri.base, 4 * pg(), &r, &a));
	EXPECT_EQ(want, a);
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_allocate(root(), ZX_VM_SPECIFIC, want - ri.base +
				   pg(), pg(), &r2, &a2));
	/* Alignment that the offset does not meet. */
	if (want % (1u << 20))
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmar_allocate(root(), ZX_VM_SPECIFIC |
					   ZX_VM_ALIGN_1MB, want - ri.base,
					   pg(), &r2, &a2));
	/* A mapping of the root cannot land on the region either. */
	{
		zx_handle_t v = vmo_of(1);
		zx_vaddr_t m;

		EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
			  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC,
				      want - ri.base, v, 0, pg(), &m));
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmar_map(root(), RW | ZX_VM_SPECIFIC_OVERWRITE,
				      want - ri.base, v, 0, pg(), &m));
		zx_handle_close(v);
	}
	/* Nor can zx_vmar_protect() of the root change it. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_protect(root(), RW, a, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
}

TEST(map_inside_a_region)
{
	zx_handle_t r, v = vmo_of(4);
	zx_vaddr_t a, m, m2, m3;
	uint8_t b = 0;

	ASSERT_EQ(ZX_OK, region(CAN_ALL, 16, &r, &a));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 4 * pg(), v, 0,
				     4 * pg(), &m));
	EXPECT_EQ(a + 4 * pg(), m);
	*(volatile uint8_t *)m = 0x5a;
	EXPECT_EQ(ZX_OK, zx_vmo_read(v, &b, 0, 1));
	EXPECT_EQ(0x5a, b);
	EXPECT_EQ(0, probe_read(m));
	/* Taken now; a non-specific mapping goes elsewhere in the region. */
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 6 * pg(), v, 0, pg(),
			      &m2));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RD, 0, v, 0, 4 * pg(), &m2));
	EXPECT_TRUE(m2 >= a && m2 + 4 * pg() <= a + 16 * pg());
	EXPECT_TRUE(m2 + 4 * pg() <= m || m2 >= m + 4 * pg());
	/* Upper limit inside the region. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RD | ZX_VM_OFFSET_IS_UPPER_LIMIT,
				     4 * pg(), v, 0, pg(), &m3));
	EXPECT_TRUE(m3 >= a && m3 + pg() <= a + 4 * pg());
	/* Beyond the region, and no room left for 8 pages. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(r, RD | ZX_VM_SPECIFIC, 14 * pg(), v, 0,
			      4 * pg(), &m3));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(r, RD, 0, v, 0, 17 * pg(), &m3));
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  zx_vmar_map(r, RD, 0, v, 0, 8 * pg(), &m3));
	/* Unmap puts the reservation back. */
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(r, m, 4 * pg()));
	EXPECT_EQ(SIGSEGV, probe_read(m));
	EXPECT_TRUE(linux_taken(m, pg()));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmar_unmap(r, m, 4 * pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 4 * pg(), v, 0,
				     4 * pg(), &m));
	EXPECT_EQ(0, probe_read(m));
	/* Overwrite replaces a mapping inside the region. */
	EXPECT_EQ(ZX_OK, zx_vmar_map(r, RD | ZX_VM_SPECIFIC_OVERWRITE,
				     4 * pg(), v, 0, pg(), &m3));
	EXPECT_EQ(m, m3);
	/* Out of the region's range. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_unmap(r, a + 16 * pg(), pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_EQ(SIGSEGV, probe_read(m));
	zx_handle_close(r);
	zx_handle_close(v);
}

TEST(permissions_bounded_by_can_map)
{
	zx_handle_t r, v = vmo_of(1);
	zx_vaddr_t a, m;

	ASSERT_EQ(ZX_OK, region(ZX_VM_CAN_MAP_READ, 4, &r, &a));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmar_map(r, RW, 0, v, 0, pg(), &m));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(r, RD | ZX_VM_PERM_EXECUTE, 0, v, 0, pg(), &m));
	/* No CAN_MAP_SPECIFIC: SPECIFIC and UPPER_LIMIT are refused. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_map(r, RD | ZX_VM_SPECIFIC, 0, v, 0, pg(), &m));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_allocate(r, ZX_VM_SPECIFIC, 0, pg(), &v, &m));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RD, 0, v, 0, pg(), &m));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmar_protect(r, RW, m, pg()));
	/* The mapping itself cannot be made writable through Linux. */
	EXPECT_NE(0, mprotect((void *)m, pg(), PROT_READ | PROT_WRITE));
	/* A child cannot have what its parent lacks. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_allocate(r, ZX_VM_CAN_MAP_WRITE, 0, pg(), &v, &m));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	zx_handle_close(r);
	zx_handle_close(v);
}

TEST(nested_regions)
{
	zx_handle_t p, c, c2, v = vmo_of(4);
	zx_vaddr_t pa, ca, c2a, m;
	zx_info_vmar_t info;

	ASSERT_EQ(ZX_OK, region(CAN_ALL, 64, &p, &pa));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(p, CAN_ALL | ZX_VM_SPECIFIC,
					  8 * pg(), 16 * pg(), &c, &ca));
	EXPECT_EQ(pa + 8 * pg(), ca);
	info = vmar_info(c);
	EXPECT_EQ(ca, info.base);
	EXPECT_EQ(16 * pg(), info.len);
	/* Overlaps the child: taken for the parent. */
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_allocate(p, ZX_VM_SPECIFIC, 16 * pg(), pg(), &c2,
				   &c2a));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(p, RW | ZX_VM_SPECIFIC, 20 * pg(), v, 0, pg(),
			      &m));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_map(p, RW | ZX_VM_SPECIFIC_OVERWRITE, 20 * pg(), v,
			      0, pg(), &m));
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  zx_vmar_allocate(p, 0, 0, 48 * pg(), &c2, &c2a));
	/* Upper limit: below the child. */
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(p, ZX_VM_OFFSET_IS_UPPER_LIMIT |
					  ZX_VM_CAN_MAP_READ, 8 * pg(),
					  8 * pg(), &c2, &c2a));
	EXPECT_EQ(pa, c2a);
	/* A mapping in the grandchild range, through the child. */
	ASSERT_EQ(ZX_OK, zx_vmar_map(c, RW | ZX_VM_SPECIFIC, 0, v, 0, pg(),
				     &m));
	EXPECT_EQ(ca, m);
	/* Unmap in the parent: partly over a child is refused. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_unmap(p, ca, pg()));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_protect(p, RD, ca, pg()));
	/* Wholly: the child is destroyed, its mapping gone. */
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(p, ca, 16 * pg()));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_unmap(c, ca, pg()));
	EXPECT_EQ(SIGSEGV, probe_read(m));
	/* The range is the parent's again. */
	EXPECT_EQ(ZX_OK, zx_vmar_map(p, RW | ZX_VM_SPECIFIC, 20 * pg(), v, 0,
				     pg(), &m));
	/* Destroying the parent kills the other child too. */
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(p));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_destroy(c2));
	EXPECT_FALSE(linux_taken(pa, 64 * pg()));
	zx_handle_close(p);
	zx_handle_close(c);
	zx_handle_close(c2);
	zx_handle_close(v);
}

TEST(destroy_then_everything_is_bad_state)
{
	zx_handle_t r, c, v = vmo_of(1);
	zx_vaddr_t a, ca, m;

	ASSERT_EQ(ZX_OK, region(CAN_ALL, 8, &r, &a));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(r, CAN_ALL, 0, 2 * pg(), &c, &ca));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, pg(), &m));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_EQ(SIGSEGV, probe_read(m));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_destroy(r));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_map(r, RW, 0, v, 0, pg(), &m));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmar_allocate(r, 0, 0, pg(), &c, &ca));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_unmap(r, a, pg()));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_protect(r, RD, a, pg()));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmar_op_range(r, ZX_VMAR_OP_DECOMMIT, a, pg(), NULL, 0));
	/* The child died with it. */
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_vmar_map(c, RW, 0, v, 0, pg(), &m));
	/* The info stays readable. */
	EXPECT_EQ(a, vmar_info(r).base);
	/* The root is not destroyed. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED, zx_vmar_destroy(root()));
	zx_handle_close(r);
	zx_handle_close(c);
	zx_handle_close(v);
}

TEST(closing_the_handle_keeps_the_region)
{
	long before = live_start();
	zx_handle_t r, v = vmo_of(1);
	zx_vaddr_t a, m;

	ASSERT_EQ(ZX_OK, region(CAN_RW, 4, &r, &a));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, pg(), &m));
	*(volatile uint8_t *)m = 0x5a;
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(0, probe_read(m));
	EXPECT_TRUE(linux_taken(a, 4 * pg()));
	/* The root unmaps it as a whole (it is its child). */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_unmap(root(), a, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(root(), a, 4 * pg()));
	EXPECT_FALSE(linux_taken(a, 4 * pg()));
	zx_handle_close(v);
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

TEST(protect_inside_a_region)
{
	zx_handle_t r, v = vmo_of(2);
	zx_vaddr_t a, m;

	ASSERT_EQ(ZX_OK, region(CAN_RW, 8, &r, &a));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, 2 * pg(), &m));
	*(volatile uint8_t *)m = 0x5a;
	EXPECT_EQ(ZX_OK, zx_vmar_protect(r, RD, m, 2 * pg()));
	EXPECT_EQ(0, probe_read(m));
	EXPECT_EQ(ZX_OK, zx_vmar_protect(r, RW, m, pg()));
	/* Pages only reserved are not mapped. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_vmar_protect(r, RD, m - pg(), 3 * pg()));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmar_protect(r, RD, m + 1, pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	zx_handle_close(r);
	zx_handle_close(v);
}

TEST(op_range)
{
	zx_handle_t r, ro, v = vmo_of(4), vro;
	zx_vaddr_t a, m, mro;
	uint8_t b = 1;

	ASSERT_EQ(ZX_OK, region(CAN_ALL, 16, &r, &a));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 0, v, 0,
				     4 * pg(), &m));
	*(volatile uint8_t *)(m + pg()) = 0x5a;
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_DECOMMIT, m + pg(),
					  pg(), NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_read(v, &b, pg(), 1));
	EXPECT_EQ(0, b);
	EXPECT_EQ(0, *(volatile uint8_t *)(m + pg()));
	*(volatile uint8_t *)m = 0x5a;
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_ZERO, m, pg(), NULL,
					  0));
	EXPECT_EQ(0, *(volatile uint8_t *)m);
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m, 4 * pg(),
					  NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_MAP_RANGE, m,
					  4 * pg(), NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_DONT_NEED, m,
					  4 * pg(), NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_ALWAYS_NEED, m,
					  4 * pg(), NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_PREFETCH, m, pg(),
					  NULL, 0));
	/* Errors. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(r, 5, m, pg(), NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m, pg(), &b, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m, pg(), NULL, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m, 0, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m + 1, pg(), NULL,
				   0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m, SIZE_MAX, NULL,
				   0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, a + 15 * pg(),
				   2 * pg(), NULL, 0));
	/* Pages that are only reserved. */
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, m, 5 * pg(), NULL,
				   0));
	/* Without WRITE on the VMAR handle. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(r, ZX_DEFAULT_VMAR_RIGHTS |
					     ZX_RIGHT_READ, &ro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_op_range(ro, ZX_VMAR_OP_DECOMMIT, m, pg(), NULL,
				   0));
	EXPECT_EQ(ZX_OK, zx_vmar_op_range(ro, ZX_VMAR_OP_DONT_NEED, m, pg(),
					  NULL, 0));
	/* A mapping made through a VMO handle without WRITE. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(v, ZX_RIGHT_READ | ZX_RIGHT_MAP,
					     &vro));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RD | ZX_VM_SPECIFIC, 8 * pg(), vro, 0,
				     pg(), &mro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_op_range(r, ZX_VMAR_OP_DECOMMIT, mro, pg(), NULL,
				   0));
	/* Memory this module did not map. */
	{
		void *p = mmap(NULL, pg(), PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		ASSERT_NE(MAP_FAILED, p);
		EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
			  zx_vmar_op_range(root(), ZX_VMAR_OP_COMMIT,
					   (zx_vaddr_t)p, pg(), NULL, 0));
		munmap(p, pg());
	}
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	zx_handle_close(r);
	zx_handle_close(ro);
	zx_handle_close(v);
	zx_handle_close(vro);
}

TEST(bad_handles_types_rights_pointers)
{
	long before = live_start();
	zx_handle_t r, ev, v = vmo_of(1), ro;
	zx_vaddr_t a;

	ASSERT_EQ(ZX_OK, zx_event_create(0, &ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmar_allocate(ZX_HANDLE_INVALID, 0, 0, pg(), &r, &a));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmar_allocate(0x7ffffff3, 0, 0, pg(),
						      &r, &a));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmar_allocate(ev, 0, 0, pg(), &r, &a));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmar_allocate(v, 0, 0, pg(), &r, &a));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmar_destroy(ZX_HANDLE_INVALID));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmar_destroy(ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmar_op_range(ZX_HANDLE_INVALID, ZX_VMAR_OP_COMMIT, 0,
				   pg(), NULL, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmar_op_range(v, ZX_VMAR_OP_COMMIT, 0, pg(), NULL, 0));
	/* Missing rights for the CAN_MAP_* asked for. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(root(), ZX_DEFAULT_VMAR_RIGHTS |
					     ZX_RIGHT_READ, &ro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_allocate(ro, ZX_VM_CAN_MAP_WRITE, 0, pg(), &r, &a));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmar_allocate(ro, ZX_VM_CAN_MAP_EXECUTE, 0, pg(), &r,
				   &a));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(ro, ZX_VM_CAN_MAP_READ, 0, pg(), &r,
					  &a));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	/* Bad pointers: nothing is left behind. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, 0, pg(), NULL, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, 0, pg(), (zx_handle_t *)8, &a));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, 0, pg(), &r, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmar_allocate(root(), 0, 0, pg(), &r,
				   (zx_vaddr_t *)8));
	/* Closed handle. */
	ASSERT_EQ(ZX_OK, region(0, 1, &r, &a));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_EQ(ZX_OK, zx_handle_close(r));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmar_destroy(r));
	zx_handle_close(ro);
	zx_handle_close(ev);
	zx_handle_close(v);
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 3000));
}

TEST(many_regions_come_and_go)
{
	long before = live_start();
	zx_handle_t h[64];
	zx_vaddr_t a;
	int i;

	for (i = 0; i < 64; i++)
		ASSERT_EQ(ZX_OK, region(CAN_RW, 1 + (i % 3), &h[i], &a));
	for (i = 0; i < 64; i += 2)
		EXPECT_EQ(ZX_OK, zx_vmar_destroy(h[i]));
	for (i = 0; i < 64; i++)
		EXPECT_EQ(ZX_OK, zx_handle_close(h[i]));
	/* Regions whose handles are closed stay until the root goes. */
	EXPECT_EQ(before + 32, zx_test_live_objects());
}

/* The program's own memory at @p: @pages pages of @mark, left PROT_NONE. */
static bool own_memory(zx_vaddr_t p, size_t pages, uint8_t mark, bool fixed)
{
	void *m = mmap((void *)p, pages * pg(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS |
		       (fixed ? MAP_FIXED : MAP_FIXED_NOREPLACE), -1, 0);

	if (m != (void *)p)
		return false;
	memset(m, mark, pages * pg());
	return mprotect(m, pages * pg(), PROT_NONE) == 0;
}

/* Whether the program's memory at @p still holds @mark (and is its own). */
static bool own_memory_intact(zx_vaddr_t p, size_t pages, uint8_t mark)
{
	const uint8_t *b = (const uint8_t *)p;
	size_t i;

	if (mprotect((void *)p, pages * pg(), PROT_READ))
		return false;
	for (i = 0; i < pages * pg(); i += 512)
		if (b[i] != mark)
			return false;
	return mprotect((void *)p, pages * pg(), PROT_NONE) == 0;
}

TEST(own_prot_none_inside_a_region_is_never_free)
{
	zx_handle_t r, sub, v = vmo_of(16);
	zx_vaddr_t a, m, m2, s;

	ASSERT_NE(ZX_HANDLE_INVALID, v);
	ASSERT_EQ(ZX_OK, region(CAN_ALL, 16, &r, &a));
	/* The program puts PROT_NONE memory of its own at pages 4 and 5. */
	ASSERT_TRUE(own_memory(a + 4 * pg(), 2, 0xa5, true));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 4 * pg(), v, 0, pg(),
			      &m));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 3 * pg(), v, 0,
			      2 * pg(), &m));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(r, RW | ZX_VM_SPECIFIC_OVERWRITE, 4 * pg(), v, 0,
			      pg(), &m));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_allocate(r, CAN_RW | ZX_VM_SPECIFIC, 5 * pg(),
				   pg(), &sub, &s));
	/* Free: pages 0-3 and 6-15; 11 pages fit nowhere, 10 only above. */
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  zx_vmar_map(r, RW, 0, v, 0, 11 * pg(), &m));
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, 10 * pg(), &m));
	EXPECT_EQ(a + 6 * pg(), m);
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, 4 * pg(), &m2));
	EXPECT_EQ(a, m2);
	EXPECT_EQ(ZX_ERR_NO_RESOURCES, zx_vmar_map(r, RW, 0, v, 0, pg(), &m));
	/* Not a mapping of the region's: protect and op_range refuse it. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_vmar_protect(r, RD, a + 4 * pg(), pg()));
	EXPECT_NE(ZX_OK, zx_vmar_op_range(r, ZX_VMAR_OP_COMMIT, a + 4 * pg(),
					  pg(), NULL, 0));
	EXPECT_TRUE(own_memory_intact(a + 4 * pg(), 2, 0xa5));
	/* Unmapping the whole region leaves it where it is. */
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(r, a, 16 * pg()));
	EXPECT_TRUE(own_memory_intact(a + 4 * pg(), 2, 0xa5));
	EXPECT_EQ(SIGSEGV, probe_read(a));
	EXPECT_TRUE(linux_taken(a, pg()));
	/* And so does destroying it: only the region's pages go. */
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_TRUE(own_memory_intact(a + 4 * pg(), 2, 0xa5));
	EXPECT_FALSE(linux_taken(a, 4 * pg()));
	EXPECT_FALSE(linux_taken(a + 6 * pg(), 10 * pg()));
	EXPECT_EQ(0, munmap((void *)(a + 4 * pg()), 2 * pg()));
	zx_handle_close(r);
	zx_handle_close(v);
}

TEST(own_prot_none_next_to_a_region_is_never_touched)
{
	zx_handle_t r, v = vmo_of(8);
	zx_vaddr_t a, m, base;
	zx_info_vmar_t ri = vmar_info(root());
	void *p;

	ASSERT_NE(ZX_HANDLE_INVALID, v);
	/* 3 pages of the program's, 8 for the region, 3 of the program's. */
	p = mmap(NULL, 14 * pg(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		 0);
	ASSERT_NE(MAP_FAILED, p);
	base = (zx_vaddr_t)p;
	ASSERT_EQ(0, munmap((void *)(base + 3 * pg()), 8 * pg()));
	ASSERT_TRUE(own_memory(base, 3, 0x11, true));
	ASSERT_TRUE(own_memory(base + 11 * pg(), 3, 0x22, true));
	/* A region may not take them, in part or at all. */
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_allocate(root(), CAN_ALL | ZX_VM_SPECIFIC,
				   base + 2 * pg() - ri.base, 8 * pg(), &r,
				   &a));
	ASSERT_EQ(ZX_OK, zx_vmar_allocate(root(), CAN_ALL | ZX_VM_SPECIFIC,
					  base + 3 * pg() - ri.base, 8 * pg(),
					  &r, &a));
	EXPECT_EQ(base + 3 * pg(), a);
	ASSERT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, 8 * pg(), &m));
	EXPECT_EQ(a, m);
	memset((void *)m, 0x33, 8 * pg());
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(r, a, 8 * pg()));
	EXPECT_EQ(ZX_OK, zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 0, v, 0,
				     8 * pg(), &m));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_TRUE(own_memory_intact(base, 3, 0x11));
	EXPECT_TRUE(own_memory_intact(base + 11 * pg(), 3, 0x22));
	EXPECT_FALSE(linux_taken(a, 8 * pg()));
	EXPECT_EQ(0, munmap(p, 14 * pg()));
	zx_handle_close(r);
	zx_handle_close(v);
}

TEST(own_memory_in_a_hole_of_a_region)
{
	zx_handle_t r, v = vmo_of(8);
	zx_vaddr_t a, m;

	ASSERT_NE(ZX_HANDLE_INVALID, v);
	ASSERT_EQ(ZX_OK, region(CAN_ALL, 8, &r, &a));
	/* munmap(2) of a placeholder leaves a hole: taken, not free. */
	ASSERT_EQ(0, munmap((void *)(a + 2 * pg()), pg()));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 2 * pg(), v, 0, pg(),
			      &m));
	/* As malloc() would: anonymous PROT_NONE memory lands in the hole. */
	ASSERT_TRUE(own_memory(a + 2 * pg(), 1, 0x77, false));
	EXPECT_EQ(ZX_ERR_ALREADY_EXISTS,
		  zx_vmar_map(r, RW | ZX_VM_SPECIFIC, 2 * pg(), v, 0, pg(),
			      &m));
	/* Free: pages 0-1 and 3-7. */
	EXPECT_EQ(ZX_ERR_NO_RESOURCES,
		  zx_vmar_map(r, RW, 0, v, 0, 6 * pg(), &m));
	EXPECT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, 5 * pg(), &m));
	EXPECT_EQ(a + 3 * pg(), m);
	EXPECT_EQ(ZX_OK, zx_vmar_map(r, RW, 0, v, 0, 2 * pg(), &m));
	EXPECT_EQ(a, m);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(r, a, 8 * pg()));
	EXPECT_TRUE(own_memory_intact(a + 2 * pg(), 1, 0x77));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	EXPECT_TRUE(own_memory_intact(a + 2 * pg(), 1, 0x77));
	EXPECT_EQ(0, munmap((void *)(a + 2 * pg()), pg()));
	zx_handle_close(r);
	zx_handle_close(v);
}

TEST(placeholders_cannot_be_opened_or_moved)
{
	zx_handle_t r;
	zx_vaddr_t a;
	void *p;

	ASSERT_EQ(ZX_OK, region(CAN_ALL, 4, &r, &a));
	/* No access can be added to a placeholder, and it stays put. */
	EXPECT_NE(0, mprotect((void *)a, pg(), PROT_READ));
	EXPECT_NE(0, mprotect((void *)a, pg(), PROT_READ | PROT_WRITE));
	p = mremap((void *)a, pg(), 2 * pg(), MREMAP_MAYMOVE);
	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(SIGSEGV, probe_read(a));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(r));
	zx_handle_close(r);
}

struct fork_arg {
	zx_handle_t r;
	zx_handle_t v;
	zx_vaddr_t a;
};

static int fork_child(void *arg)
{
	struct fork_arg *f = arg;
	zx_vaddr_t m;
	zx_status_t s;

	/* The child inherits no placeholder: the range is free to Linux. */
	CHILD_CHECK(!linux_taken(f->a, 4 * pg()));
	CHILD_CHECK(own_memory(f->a, 4, 0x5c, false));
	/* The parent's region never maps or destroys over the child's. */
	s = zx_vmar_map(f->r, RW | ZX_VM_SPECIFIC, 0, f->v, 0, pg(), &m);
	CHILD_CHECK(s != ZX_OK);
	s = zx_vmar_map(f->r, RW, 0, f->v, 0, pg(), &m);
	CHILD_CHECK(s != ZX_OK);
	CHILD_CHECK(zx_vmar_destroy(f->r) != ZX_OK);
	CHILD_CHECK(own_memory_intact(f->a, 4, 0x5c));
	return 0;
}

TEST(forked_child_has_no_placeholders)
{
	struct fork_arg f = { .v = vmo_of(1) };
	zx_vaddr_t m;

	ASSERT_NE(ZX_HANDLE_INVALID, f.v);
	ASSERT_EQ(ZX_OK, region(CAN_ALL, 4, &f.r, &f.a));
	EXPECT_EQ(0, zx_test_in_child(fork_child, &f));
	/* The parent's region is as it was. */
	EXPECT_EQ(SIGSEGV, probe_read(f.a));
	EXPECT_EQ(ZX_OK, zx_vmar_map(f.r, RW | ZX_VM_SPECIFIC, 0, f.v, 0,
				     pg(), &m));
	EXPECT_EQ(ZX_OK, zx_vmar_destroy(f.r));
	zx_handle_close(f.r);
	zx_handle_close(f.v);
}

ZX_TEST_MAIN(NULL, NULL)
