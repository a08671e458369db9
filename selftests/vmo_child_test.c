// SPDX-License-Identifier: GPL-2.0
/*
 * VMO children: zx_vmo_create_child() with ZX_VMO_CHILD_SLICE,
 * ZX_VMO_CHILD_SNAPSHOT and ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, with
 * RESIZABLE and NO_WRITE: visibility rules, rights, ZX_VMO_ZERO_CHILDREN,
 * grandchildren, children outliving parents, the cost of a child, and
 * snapshots racing writers.
 */
#include <pthread.h>

#include "zx_test_util.h"

#define PAGE	4096u

static zx_handle_t child(zx_handle_t parent, uint32_t options, uint64_t off,
			 uint64_t size)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	if (zx_vmo_create_child(parent, options, off, size, &h) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return h;
}

/* The byte at @off, or -1 when it cannot be read. */
static int byte_at(zx_handle_t h, uint64_t off)
{
	uint8_t b;

	if (zx_vmo_read(h, &b, off, 1) != ZX_OK)
		return -1;
	return b;
}

static zx_status_t put_byte(zx_handle_t h, uint64_t off, uint8_t b)
{
	return zx_vmo_write(h, &b, off, 1);
}

/* Writes byte (i + 1) at the start of each of the first @pages pages. */
static bool mark_pages(zx_handle_t h, unsigned int pages, uint8_t add)
{
	for (unsigned int i = 0; i < pages; i++)
		if (put_byte(h, (uint64_t)i * PAGE, (uint8_t)(i + 1 + add)) !=
		    ZX_OK)
			return false;
	return true;
}

static const uint32_t snapshot_kinds[] = {
	ZX_VMO_CHILD_SNAPSHOT,
	ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE,
};

TEST(slice_shares_pages_both_ways)
{
	zx_handle_t p = zx_test_vmo(4 * PAGE, 0), s;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 4, 0));
	s = child(p, ZX_VMO_CHILD_SLICE, PAGE, 2 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	EXPECT_EQ(2, byte_at(s, 0));
	EXPECT_EQ(3, byte_at(s, PAGE));
	/* Writes go both ways at once. */
	EXPECT_EQ(ZX_OK, put_byte(s, 5, 0x77));
	EXPECT_EQ(0x77, byte_at(p, PAGE + 5));
	EXPECT_EQ(ZX_OK, put_byte(p, 2 * PAGE + 9, 0x66));
	EXPECT_EQ(0x66, byte_at(s, PAGE + 9));
	/* The slice is a window: nothing beyond it. */
	EXPECT_EQ(-1, byte_at(s, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, put_byte(s, 2 * PAGE, 1));
	/* A slice's zero and decommit act on the parent. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(s, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL,
					 0));
	EXPECT_EQ(0, byte_at(p, PAGE));
	EXPECT_EQ(0, byte_at(p, PAGE + 5));
	EXPECT_EQ(1, byte_at(p, 0));
	zx_handle_close(s);
	zx_handle_close(p);
}

TEST(slice_rights_size_and_info)
{
	zx_handle_t p = zx_test_vmo(4 * PAGE, 0), s, ss;
	zx_info_vmo_t info;
	uint64_t size = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	s = child(p, ZX_VMO_CHILD_SLICE, 0, 3 * PAGE - 1);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	EXPECT_EQ(ZX_OK, zx_vmo_get_size(s, &size));
	EXPECT_EQ(3 * PAGE, size);
	EXPECT_EQ(zx_test_rights(p), zx_test_rights(s));
	info = zx_test_vmo_info(s);
	EXPECT_EQ(zx_test_koid(p), info.parent_koid);
	EXPECT_EQ(0u, info.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(1u, zx_test_vmo_info(p).num_children);
	/* A slice of a slice sees the same bytes. */
	ss = child(s, ZX_VMO_CHILD_SLICE, PAGE, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, ss);
	EXPECT_EQ(ZX_OK, put_byte(ss, 3, 9));
	EXPECT_EQ(9, byte_at(p, PAGE + 3));
	/* Slices cannot be resized. */
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(s, PAGE));
	zx_handle_close(ss);
	zx_handle_close(s);
	zx_handle_close(p);
}

TEST(slice_errors)
{
	zx_handle_t p = zx_test_vmo(4 * PAGE, 0);
	zx_handle_t r = zx_test_vmo(4 * PAGE, ZX_VMO_RESIZABLE), h;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_NE(ZX_HANDLE_INVALID, r);
	/* Past the parent's end. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SLICE, 2 * PAGE,
				      3 * PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SLICE, 5 * PAGE, PAGE,
				      &h));
	/* Unaligned offset, resizable slice. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SLICE, 1, PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SLICE |
				      ZX_VMO_CHILD_RESIZABLE, 0, PAGE, &h));
	/* A resizable parent can shrink under a slice: refused. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_create_child(r, ZX_VMO_CHILD_SLICE, 0, PAGE, &h));
	zx_handle_close(p);
	zx_handle_close(r);
}

TEST(snapshot_isolates_both_ways)
{
	for (size_t k = 0; k < ARRAY_SIZE(snapshot_kinds); k++) {
		zx_handle_t p = zx_test_vmo(4 * PAGE, 0), c;

		ASSERT_NE(ZX_HANDLE_INVALID, p);
		ASSERT_TRUE(mark_pages(p, 4, 0));
		c = child(p, snapshot_kinds[k], 0, 4 * PAGE);
		ASSERT_NE(ZX_HANDLE_INVALID, c);
		for (unsigned int i = 0; i < 4; i++)
			EXPECT_EQ((int)i + 1, byte_at(c, (uint64_t)i * PAGE));
		/* The child's writes stay in the child. */
		EXPECT_EQ(ZX_OK, put_byte(c, 0, 0xc0));
		EXPECT_EQ(0xc0, byte_at(c, 0));
		EXPECT_EQ(1, byte_at(p, 0));
		/* The parent's writes to pages the child wrote stay put. */
		EXPECT_EQ(ZX_OK, put_byte(p, 0, 0xa0));
		EXPECT_EQ(0xc0, byte_at(c, 0));
		EXPECT_EQ(0xa0, byte_at(p, 0));
		if (snapshot_kinds[k] == ZX_VMO_CHILD_SNAPSHOT) {
			/* A snapshot never sees the parent change. */
			EXPECT_EQ(ZX_OK, put_byte(p, PAGE, 0xa1));
			EXPECT_EQ(2, byte_at(c, PAGE));
			EXPECT_EQ(0xa1, byte_at(p, PAGE));
		}
		zx_handle_close(c);
		zx_handle_close(p);
	}
}

TEST(snapshot_rights_and_info)
{
	zx_handle_t p = zx_test_vmo(PAGE, 0), ro, c, nw, x;
	zx_info_vmo_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	/* A snapshot is writable even from a read-only parent handle. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(p, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_WRITE, &ro));
	c = child(ro, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, zx_test_rights(c));
	EXPECT_EQ(ZX_OK, put_byte(c, 0, 1));
	info = zx_test_vmo_info(c);
	EXPECT_EQ(zx_test_koid(p), info.parent_koid);
	EXPECT_NE(0u, info.flags & ZX_INFO_VMO_IS_COW_CLONE);
	EXPECT_EQ(0u, info.flags & ZX_INFO_VMO_RESIZABLE);
	/* NO_WRITE: no write right, and immutable. */
	nw = child(p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_NO_WRITE, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, nw);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS & ~ZX_RIGHT_WRITE, zx_test_rights(nw));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, put_byte(nw, 0, 1));
	EXPECT_NE(0u, zx_test_vmo_info(nw).flags & ZX_INFO_VMO_IMMUTABLE);
	/* A snapshot drops EXECUTE. */
	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(p, ZX_HANDLE_INVALID,
						      &x));
	zx_handle_close(c);
	c = child(x, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_EQ(0u, zx_test_rights(c) & ZX_RIGHT_EXECUTE);
	/* A slice keeps it. */
	zx_handle_close(nw);
	nw = child(x, ZX_VMO_CHILD_SLICE, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, nw);
	EXPECT_NE(0u, zx_test_rights(nw) & ZX_RIGHT_EXECUTE);
	zx_handle_close(nw);
	zx_handle_close(c);
	zx_handle_close(ro);
	zx_handle_close(x);
}

TEST(snapshot_past_parent_end_reads_zeros)
{
	zx_handle_t p = zx_test_vmo(2 * PAGE, 0), c, far;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 2, 0));
	/* Starts inside the parent and runs on past its end. */
	c = child(p, ZX_VMO_CHILD_SNAPSHOT, PAGE, 4 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_EQ(2, byte_at(c, 0));
	EXPECT_EQ(0, byte_at(c, PAGE));
	EXPECT_EQ(0, byte_at(c, 3 * PAGE + 5));
	EXPECT_EQ(ZX_OK, put_byte(c, 3 * PAGE, 4));
	EXPECT_EQ(4, byte_at(c, 3 * PAGE));
	/* Starts past the parent's end: all zeros. */
	far = child(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 8 * PAGE,
		    PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, far);
	EXPECT_EQ(0, byte_at(far, 0));
	zx_handle_close(far);
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(resizable_snapshot_grows_with_zeros)
{
	zx_handle_t p = zx_test_vmo(4 * PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 4, 0));
	c = child(p, ZX_VMO_CHILD_SNAPSHOT | ZX_VMO_CHILD_RESIZABLE, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_NE(0u, zx_test_rights(c) & ZX_RIGHT_RESIZE);
	EXPECT_EQ(1, byte_at(c, 0));
	/* Growing does not reveal more of the parent. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 3 * PAGE));
	EXPECT_EQ(0, byte_at(c, PAGE));
	EXPECT_EQ(0, byte_at(c, 2 * PAGE));
	/* Shrinking to nothing and growing again forgets the parent. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(c, PAGE));
	EXPECT_EQ(0, byte_at(c, 0));
	EXPECT_EQ(1, byte_at(p, 0));
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(grandchildren)
{
	zx_handle_t p = zx_test_vmo(3 * PAGE, 0), c, g, gs;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 3, 0));
	c = child(p, ZX_VMO_CHILD_SNAPSHOT, 0, 3 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_EQ(ZX_OK, put_byte(c, PAGE, 0xc1));
	g = child(c, ZX_VMO_CHILD_SNAPSHOT, 0, 3 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, g);
	gs = child(g, ZX_VMO_CHILD_SLICE, PAGE, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, gs);
	EXPECT_EQ(1, byte_at(g, 0));
	EXPECT_EQ(0xc1, byte_at(g, PAGE));
	EXPECT_EQ(0xc1, byte_at(gs, 0));
	/* Each generation writes its own copy. */
	EXPECT_EQ(ZX_OK, put_byte(g, 0, 0x91));
	EXPECT_EQ(ZX_OK, put_byte(c, 2 * PAGE, 0xc2));
	EXPECT_EQ(ZX_OK, put_byte(p, PAGE, 0xa1));
	EXPECT_EQ(1, byte_at(p, 0));
	EXPECT_EQ(1, byte_at(c, 0));
	EXPECT_EQ(0x91, byte_at(g, 0));
	EXPECT_EQ(3, byte_at(g, 2 * PAGE));
	EXPECT_EQ(0xc2, byte_at(c, 2 * PAGE));
	EXPECT_EQ(0xa1, byte_at(p, PAGE));
	EXPECT_EQ(0xc1, byte_at(c, PAGE));
	EXPECT_EQ(0xc1, byte_at(gs, 0));
	EXPECT_EQ(zx_test_koid(c), zx_test_vmo_info(g).parent_koid);
	zx_handle_close(gs);
	zx_handle_close(g);
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(child_outlives_parent)
{
	long before = zx_test_live_objects();
	zx_handle_t p = zx_test_vmo(2 * PAGE, 0), c, s;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 2, 0x10));
	c = child(p, ZX_VMO_CHILD_SNAPSHOT, 0, 2 * PAGE);
	s = child(p, ZX_VMO_CHILD_SLICE, PAGE, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	ASSERT_EQ(ZX_OK, zx_handle_close(p));
	EXPECT_EQ(0x11, byte_at(c, 0));
	EXPECT_EQ(0x12, byte_at(c, PAGE));
	/* The slice keeps the parent's pages reachable and writable. */
	EXPECT_EQ(0x12, byte_at(s, 0));
	EXPECT_EQ(ZX_OK, put_byte(s, 0, 0x55));
	EXPECT_EQ(0x55, byte_at(s, 0));
	EXPECT_EQ(0x12, byte_at(c, PAGE));
	EXPECT_EQ(ZX_OK, put_byte(c, 0, 0x66));
	EXPECT_EQ(0x66, byte_at(c, 0));
	zx_handle_close(c);
	zx_handle_close(s);
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(zero_children_signal)
{
	zx_handle_t p = zx_test_vmo(PAGE, 0), a, b;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, zx_test_signals(p));
	a = child(p, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(0u, zx_test_signals(p));
	b = child(p, ZX_VMO_CHILD_SLICE, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, b);
	EXPECT_EQ(2u, zx_test_vmo_info(p).num_children);
	/* The child itself has no children. */
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, zx_test_signals(a));
	zx_handle_close(a);
	EXPECT_EQ(0u, zx_test_signals(p));
	EXPECT_EQ(1u, zx_test_vmo_info(p).num_children);
	zx_handle_close(b);
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, zx_test_signals(p));
	EXPECT_EQ(0u, zx_test_vmo_info(p).num_children);
	zx_handle_close(p);
}

TEST(create_child_errors)
{
	zx_handle_t p = zx_test_vmo(2 * PAGE, 0), ev = zx_test_event(), h, nodup,
		    noread;
	void *ro = zx_test_readonly_page();

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_NE(NULL, ro);
	/* Exactly one kind of child. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create_child(p, 0, 0, PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_RESIZABLE, 0, PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT |
				      ZX_VMO_CHILD_SLICE, 0, PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT | (1u << 20), 0,
				      PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT |
				      ZX_VMO_CHILD_NO_WRITE |
				      ZX_VMO_CHILD_RESIZABLE, 0, PAGE, &h));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT, 100, PAGE,
				      &h));
	/* Offset plus size must fit in 64 bits. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT,
				      UINT64_MAX - PAGE + 1, 2 * PAGE, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT, 0, UINT64_MAX,
				      &h));
	/* Bad handles and rights. */
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmo_create_child(ev, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE, &h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_create_child(ZX_HANDLE_INVALID, ZX_VMO_CHILD_SNAPSHOT,
				      0, PAGE, &h));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(p, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_DUPLICATE, &nodup));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(p, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_READ, &noread));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_child(nodup, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
				      &h));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_create_child(noread, ZX_VMO_CHILD_SLICE, 0, PAGE,
				      &h));
	/* Reference children need a pager-style kernel. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_REFERENCE, 0, PAGE, &h));
	/* Bad out pointers leave nothing behind. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
				      NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create_child(p, ZX_VMO_CHILD_SLICE, 0, PAGE, ro));
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, zx_test_signals(p));
	EXPECT_EQ(0u, zx_test_vmo_info(p).num_children);
	zx_handle_close(nodup);
	zx_handle_close(noread);
	zx_handle_close(ev);
	zx_handle_close(p);
	munmap(ro, PAGE);
}

TEST(decommit_not_supported_with_snapshots)
{
	zx_handle_t p = zx_test_vmo(2 * PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 2, 0));
	c = child(p, ZX_VMO_CHILD_SNAPSHOT, 0, 2 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(c, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(p, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	/* ZERO works on both and stays private. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(c, ZX_VMO_OP_ZERO, 0, PAGE, NULL, 0));
	EXPECT_EQ(0, byte_at(c, 0));
	EXPECT_EQ(1, byte_at(p, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(p, ZX_VMO_OP_ZERO, PAGE, PAGE, NULL,
					 0));
	EXPECT_EQ(0, byte_at(p, PAGE));
	EXPECT_EQ(2, byte_at(c, PAGE));
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(commit_in_child_copies_the_parent)
{
	zx_handle_t p = zx_test_vmo(2 * PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_TRUE(mark_pages(p, 2, 0));
	c = child(p, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0, 2 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	/* Fuchsia counts the pages it sees, but none are its own yet. */
	EXPECT_EQ(2 * PAGE, zx_test_vmo_info(c).committed_bytes);
	EXPECT_EQ(0u, zx_test_vmo_info(c).committed_private_bytes);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(c, ZX_VMO_OP_COMMIT, 0, 2 * PAGE,
					 NULL, 0));
	EXPECT_EQ(2 * PAGE, zx_test_vmo_info(c).committed_bytes);
	EXPECT_EQ(2 * PAGE, zx_test_vmo_info(c).committed_private_bytes);
	EXPECT_EQ(ZX_OK, put_byte(p, 0, 0x99));
	/* Committed pages are the child's own: the parent's change is not. */
	EXPECT_EQ(1, byte_at(c, 0));
	EXPECT_EQ(2, byte_at(c, PAGE));
	zx_handle_close(c);
	zx_handle_close(p);
}

/* A child of a large, fully written VMO costs what it writes, not more. */
TEST(child_costs_what_it_writes)
{
	const uint64_t size = 64ull << 20;
	zx_handle_t p = zx_test_vmo(size, 0), c;
	static uint8_t chunk[1 << 20];

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	memset(chunk, 0x3c, sizeof(chunk));
	for (uint64_t off = 0; off < size; off += sizeof(chunk)) {
		ASSERT_EQ(ZX_OK, zx_vmo_write(p, chunk, off, sizeof(chunk)));
	}
	EXPECT_EQ(size, zx_test_vmo_info(p).committed_bytes);
	c = child(p, ZX_VMO_CHILD_SNAPSHOT, 0, size);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	/* It sees every page (Fuchsia counts them) and shares each. */
	EXPECT_EQ(size, zx_test_vmo_info(c).committed_bytes);
	EXPECT_EQ(0u, zx_test_vmo_info(c).committed_private_bytes);
	EXPECT_EQ(size / 2, zx_test_vmo_info(c).committed_scaled_bytes);
	EXPECT_EQ(0x3c, byte_at(c, size - 1));
	EXPECT_EQ(0u, zx_test_vmo_info(c).committed_private_bytes);
	EXPECT_EQ(ZX_OK, put_byte(c, size / 2, 1));
	EXPECT_EQ(PAGE, zx_test_vmo_info(c).committed_private_bytes);
	EXPECT_EQ(size, zx_test_vmo_info(c).committed_bytes);
	EXPECT_EQ((size - PAGE) / 2 + PAGE,
		  zx_test_vmo_info(c).committed_scaled_bytes);
	zx_handle_close(c);
	zx_handle_close(p);
}

TEST(snapshot_generations_are_limited)
{
	long before = zx_test_live_objects();
	zx_handle_t p = zx_test_vmo(PAGE, 0), kids[200];
	unsigned int n = 0;
	zx_status_t s = ZX_OK;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	/* Each snapshot of a written VMO stacks one more generation. */
	while (n < ARRAY_SIZE(kids)) {
		ASSERT_EQ(ZX_OK, put_byte(p, 0, (uint8_t)n));
		s = zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
					&kids[n]);
		if (s != ZX_OK)
			break;
		n++;
	}
	EXPECT_EQ(ZX_ERR_NO_RESOURCES, s);
	EXPECT_GE(n, 32u);
	/* Every generation kept its own view. */
	for (unsigned int i = 0; i < n; i++)
		EXPECT_EQ((int)(i & 0xff), byte_at(kids[i], 0));
	for (unsigned int i = 0; i < n; i++)
		zx_handle_close(kids[i]);
	/* Snapshots of an unwritten VMO stack nothing. */
	zx_handle_close(p);
	p = zx_test_vmo(PAGE, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, p);
	for (n = 0; n < ARRAY_SIZE(kids); n++) {
		ASSERT_EQ(ZX_OK, zx_vmo_create_child(p, ZX_VMO_CHILD_SNAPSHOT,
						     0, PAGE, &kids[n]));
	}
	for (n = 0; n < ARRAY_SIZE(kids); n++)
		zx_handle_close(kids[n]);
	zx_handle_close(p);
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

/* ---- snapshots racing a writer: no torn pages ---- */

struct race {
	zx_handle_t vmo;
	volatile bool stop;
	int bad;
};

static void *race_writer(void *arg)
{
	struct race *r = arg;
	static uint8_t page[PAGE];
	unsigned int i = 0;

	while (!r->stop) {
		memset(page, (int)(i & 0xff), sizeof(page));
		if (zx_vmo_write(r->vmo, page, (i % 4) * PAGE, PAGE) != ZX_OK)
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		i++;
	}
	return NULL;
}

TEST(snapshots_race_a_writer)
{
	struct race r = { .vmo = zx_test_vmo(4 * PAGE, 0) };
	static uint8_t page[PAGE];
	pthread_t th;
	int torn = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, r.vmo);
	ASSERT_EQ(0, pthread_create(&th, NULL, race_writer, &r));
	for (int i = 0; i < 300; i++) {
		zx_handle_t c = child(r.vmo, snapshot_kinds[i & 1], 0,
				      4 * PAGE);

		if (c == ZX_HANDLE_INVALID) {
			torn++;
			continue;
		}
		/* A page is written whole before or after a snapshot. */
		for (unsigned int p = 0; p < 4; p++) {
			if (zx_vmo_read(c, page, (uint64_t)p * PAGE, PAGE) !=
			    ZX_OK)
				torn++;
			for (unsigned int b = 1; b < PAGE; b++)
				if (page[b] != page[0]) {
					torn++;
					break;
				}
		}
		zx_handle_close(c);
	}
	r.stop = true;
	pthread_join(th, NULL);
	EXPECT_EQ(0, torn);
	EXPECT_EQ(0, r.bad);
	zx_handle_close(r.vmo);
}

/* ---- across processes ---- */

static int child_reads(void *arg)
{
	int fd = *(int *)arg;
	zx_handle_t h = ZX_HANDLE_INVALID;

	CHILD_CHECK(zx_linux_fd_to_handle(fd, &h) == ZX_OK);
	CHILD_CHECK(byte_at(h, 0) == 1);
	CHILD_CHECK(put_byte(h, 0, 0x42) == ZX_OK);
	CHILD_CHECK(byte_at(h, 0) == 0x42);
	return 0;
}

TEST(snapshot_crosses_processes)
{
	zx_handle_t p = zx_test_vmo(PAGE, 0), c;
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, p);
	ASSERT_EQ(ZX_OK, put_byte(p, 0, 1));
	c = child(p, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(c, 0, &fd));
	EXPECT_EQ(0, zx_test_in_child(child_reads, &fd));
	close(fd);
	EXPECT_EQ(1, byte_at(p, 0));
	zx_handle_close(p);
}

ZX_TEST_MAIN(NULL, NULL)
