// SPDX-License-Identifier: GPL-2.0
/*
 * Memory attribution in ZX_INFO_VMO, as current Fuchsia reports it:
 * populated_bytes counts every page a VMO can see, a page seen by n VMOs
 * adds PAGE_SIZE / n to each one's populated_scaled_bytes (the remainder in
 * populated_fractional_scaled_bytes, a fraction of 2^63), a page seen by
 * one VMO only is private, and committed_* match (nothing is compressed).
 * The cases of Fuchsia's vmo-clone2 attribution tests, to the byte; and the
 * layout of zx_info_vmo_t.
 */
#include <stddef.h>

#include "zx_test_util.h"

#define PAGE	4096u
#define ONE	(1ull << 63)

_Static_assert(sizeof(zx_info_vmo_t) == 176, "zx_info_vmo_t size");
_Static_assert(offsetof(zx_info_vmo_t, koid) == 0, "koid");
_Static_assert(offsetof(zx_info_vmo_t, name) == 8, "name");
_Static_assert(offsetof(zx_info_vmo_t, size_bytes) == 40, "size_bytes");
_Static_assert(offsetof(zx_info_vmo_t, parent_koid) == 48, "parent_koid");
_Static_assert(offsetof(zx_info_vmo_t, num_children) == 56, "children");
_Static_assert(offsetof(zx_info_vmo_t, num_mappings) == 64, "mappings");
_Static_assert(offsetof(zx_info_vmo_t, share_count) == 72, "share_count");
_Static_assert(offsetof(zx_info_vmo_t, flags) == 80, "flags");
_Static_assert(offsetof(zx_info_vmo_t, committed_bytes) == 88, "committed");
_Static_assert(offsetof(zx_info_vmo_t, handle_rights) == 96, "rights");
_Static_assert(offsetof(zx_info_vmo_t, cache_policy) == 100, "cache");
_Static_assert(offsetof(zx_info_vmo_t, metadata_bytes) == 104, "metadata");
_Static_assert(offsetof(zx_info_vmo_t, committed_change_events) == 112,
	       "committed_change_events");
_Static_assert(offsetof(zx_info_vmo_t, populated_bytes) == 120, "populated");
_Static_assert(offsetof(zx_info_vmo_t, committed_private_bytes) == 128,
	       "committed_private_bytes");
_Static_assert(offsetof(zx_info_vmo_t, populated_private_bytes) == 136,
	       "populated_private_bytes");
_Static_assert(offsetof(zx_info_vmo_t, committed_scaled_bytes) == 144,
	       "committed_scaled_bytes");
_Static_assert(offsetof(zx_info_vmo_t, populated_scaled_bytes) == 152,
	       "populated_scaled_bytes");
_Static_assert(offsetof(zx_info_vmo_t, committed_fractional_scaled_bytes) ==
	       160, "committed_fractional_scaled_bytes");
_Static_assert(offsetof(zx_info_vmo_t, populated_fractional_scaled_bytes) ==
	       168, "populated_fractional_scaled_bytes");

struct attr {
	uint64_t populated, priv, scaled, frac;
};

/* The populated_* fields, checked equal to the committed_* ones. */
static struct attr attr_of(struct __test_metadata *_metadata, zx_handle_t h)
{
	zx_info_vmo_t info = zx_test_vmo_info(h);
	struct attr a = { info.populated_bytes, info.populated_private_bytes,
			  info.populated_scaled_bytes,
			  info.populated_fractional_scaled_bytes };

	EXPECT_EQ(info.populated_bytes, info.committed_bytes);
	EXPECT_EQ(info.populated_private_bytes, info.committed_private_bytes);
	EXPECT_EQ(info.populated_scaled_bytes, info.committed_scaled_bytes);
	EXPECT_EQ(info.populated_fractional_scaled_bytes,
		  info.committed_fractional_scaled_bytes);
	EXPECT_EQ(0u, info.committed_change_events);
	return a;
}

#define EXPECT_ATTR(h, p, pr, sc, fr)					\
	do {								\
		struct attr _a = attr_of(_metadata, (h));		\
		EXPECT_EQ((uint64_t)(p), _a.populated);			\
		EXPECT_EQ((uint64_t)(pr), _a.priv);			\
		EXPECT_EQ((uint64_t)(sc), _a.scaled);			\
		EXPECT_EQ((uint64_t)(fr), _a.frac);			\
	} while (0)

static void write_page(zx_handle_t h, uint64_t page, uint32_t v)
{
	zx_vmo_write(h, &v, page * PAGE, sizeof(v));
}

static uint32_t read_page(zx_handle_t h, uint64_t page)
{
	uint32_t v = 0xffffffff;

	zx_vmo_read(h, &v, page * PAGE, sizeof(v));
	return v;
}

static zx_handle_t snapshot(zx_handle_t h, uint64_t off, uint64_t size)
{
	zx_handle_t c = ZX_HANDLE_INVALID;

	if (zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, off, size, &c))
		return ZX_HANDLE_INVALID;
	return c;
}

TEST(single_vmo)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);
	zx_info_vmo_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_ATTR(h, 0, 0, 0, 0);
	EXPECT_EQ(0u, zx_test_vmo_info(h).metadata_bytes);
	write_page(h, 0, 1);
	write_page(h, 2, 1);
	EXPECT_ATTR(h, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	info = zx_test_vmo_info(h);
	EXPECT_NE(0u, info.metadata_bytes);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, PAGE,
					 NULL, 0));
	EXPECT_ATTR(h, PAGE, PAGE, PAGE, 0);
	zx_handle_close(h);
}

/* vmo-clone2 ObjMemAccounting. */
TEST(snapshot_splits_shared_pages)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 1);
	write_page(h, 1, 1);
	EXPECT_ATTR(h, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	c = snapshot(h, 0, 2 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	/* Each sees both pages and pays half of each. */
	EXPECT_ATTR(h, 2 * PAGE, 0, PAGE, 0);
	EXPECT_ATTR(c, 2 * PAGE, 0, PAGE, 0);
	/* The original forks page 0: 1 + 1/2 each. */
	write_page(h, 0, 2);
	EXPECT_ATTR(h, 2 * PAGE, PAGE, 3 * PAGE / 2, 0);
	EXPECT_ATTR(c, 2 * PAGE, PAGE, 3 * PAGE / 2, 0);
	/* The clone forks page 1: all private. */
	write_page(c, 1, 2);
	EXPECT_ATTR(h, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	EXPECT_ATTR(c, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	/* Writing to private pages changes nothing. */
	write_page(h, 1, 3);
	write_page(c, 0, 3);
	EXPECT_ATTR(h, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	EXPECT_ATTR(c, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	zx_handle_close(c);
	zx_handle_close(h);
}

/* A page seen by three VMOs: PAGE_SIZE / 3 and a third in the fraction. */
TEST(three_way_share_fraction)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), c1, c2;
	const uint64_t third = ONE / 3;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 7);
	c1 = snapshot(h, 0, PAGE);
	c2 = snapshot(h, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c1);
	ASSERT_NE(ZX_HANDLE_INVALID, c2);
	EXPECT_ATTR(h, PAGE, 0, PAGE / 3, third * (PAGE % 3));
	EXPECT_ATTR(c1, PAGE, 0, PAGE / 3, third * (PAGE % 3));
	EXPECT_ATTR(c2, PAGE, 0, PAGE / 3, third * (PAGE % 3));
	/* One forks: the other two split it. */
	write_page(c1, 0, 8);
	EXPECT_ATTR(c1, PAGE, PAGE, PAGE, 0);
	EXPECT_ATTR(h, PAGE, 0, PAGE / 2, 0);
	EXPECT_ATTR(c2, PAGE, 0, PAGE / 2, 0);
	zx_handle_close(c1);
	zx_handle_close(c2);
	zx_handle_close(h);
}

/* Fractions of several pages add up, and carry into the whole bytes. */
TEST(fractions_carry)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0), c1, c2;
	const uint64_t third = ONE / 3;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (int i = 0; i < 4; i++)
		write_page(h, i, 1);
	c1 = snapshot(h, 0, 4 * PAGE);
	c2 = snapshot(h, 0, 4 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c1);
	ASSERT_NE(ZX_HANDLE_INVALID, c2);
	/* Four thirds: the fraction reaches one and carries a byte. */
	EXPECT_ATTR(h, 4 * PAGE, 0, 4 * (PAGE / 3) + 1, 4 * third - ONE);
	EXPECT_ATTR(c2, 4 * PAGE, 0, 4 * (PAGE / 3) + 1, 4 * third - ONE);
	/* Three thirds and a half: just below one byte, no carry. */
	write_page(c1, 3, 2);
	EXPECT_ATTR(c2, 4 * PAGE, 0, 3 * (PAGE / 3) + PAGE / 2, 3 * third);
	EXPECT_ATTR(c1, 4 * PAGE, PAGE, 3 * (PAGE / 3) + PAGE, 3 * third);
	zx_handle_close(c1);
	zx_handle_close(c2);
	zx_handle_close(h);
}

/* vmo-clone2 ZeroPageWrite: pages written after the snapshots. */
TEST(zero_page_write)
{
	zx_handle_t v[4] = { zx_test_vmo(PAGE, 0) };

	ASSERT_NE(ZX_HANDLE_INVALID, v[0]);
	v[1] = snapshot(v[0], 0, PAGE);
	v[2] = snapshot(v[0], 0, PAGE);
	v[3] = snapshot(v[1], 0, PAGE);
	for (int i = 1; i < 4; i++)
		ASSERT_NE(ZX_HANDLE_INVALID, v[i]);
	for (unsigned int i = 0; i < 4; i++) {
		write_page(v[i], 0, i + 1);
		for (unsigned int j = 0; j < 4; j++) {
			EXPECT_EQ(j <= i ? j + 1 : 0, read_page(v[j], 0));
			EXPECT_ATTR(v[j], j <= i ? PAGE : 0,
				    j <= i ? PAGE : 0, j <= i ? PAGE : 0, 0);
		}
	}
	for (int i = 0; i < 4; i++)
		zx_handle_close(v[i]);
}

/* vmo-clone2 Offset: a clone of the upper two pages, one page past. */
TEST(offset_clone)
{
	zx_handle_t h = zx_test_vmo(3 * PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (int i = 0; i < 3; i++)
		write_page(h, i, i + 1);
	c = snapshot(h, PAGE, 3 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_ATTR(h, 3 * PAGE, PAGE, 2 * PAGE, 0);
	EXPECT_ATTR(c, 2 * PAGE, 0, PAGE, 0);
	EXPECT_EQ(2u, read_page(c, 0));
	EXPECT_EQ(0u, read_page(c, 2));
	/* The parent gone, the clone alone sees what it saw. */
	zx_handle_close(h);
	EXPECT_ATTR(c, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	EXPECT_EQ(3u, read_page(c, 1));
	zx_handle_close(c);
}

/* vmo-clone2 SplitPageClosure: a chain, each page forked, then closed. */
TEST(split_page_closure)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), c1, c2;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 1);
	c1 = snapshot(h, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c1);
	c2 = snapshot(c1, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c2);
	write_page(c1, 0, 3);
	write_page(c2, 0, 4);
	EXPECT_ATTR(h, PAGE, PAGE, PAGE, 0);
	EXPECT_ATTR(c1, PAGE, PAGE, PAGE, 0);
	EXPECT_ATTR(c2, PAGE, PAGE, PAGE, 0);
	zx_handle_close(h);
	EXPECT_EQ(3u, read_page(c1, 0));
	EXPECT_ATTR(c1, PAGE, PAGE, PAGE, 0);
	EXPECT_ATTR(c2, PAGE, PAGE, PAGE, 0);
	zx_handle_close(c1);
	EXPECT_EQ(4u, read_page(c2, 0));
	EXPECT_ATTR(c2, PAGE, PAGE, PAGE, 0);
	zx_handle_close(c2);
}

/* A chain of snapshots: the grandchild shares with child and original. */
TEST(grandchild_share)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), c1, c2;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 1);
	c1 = snapshot(h, 0, PAGE);
	c2 = snapshot(c1, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c2);
	EXPECT_ATTR(h, PAGE, 0, PAGE / 3, (ONE / 3) * (PAGE % 3));
	EXPECT_ATTR(c1, PAGE, 0, PAGE / 3, (ONE / 3) * (PAGE % 3));
	EXPECT_ATTR(c2, PAGE, 0, PAGE / 3, (ONE / 3) * (PAGE % 3));
	write_page(h, 0, 2);
	EXPECT_ATTR(h, PAGE, PAGE, PAGE, 0);
	EXPECT_ATTR(c1, PAGE, 0, PAGE / 2, 0);
	EXPECT_ATTR(c2, PAGE, 0, PAGE / 2, 0);
	zx_handle_close(c2);
	EXPECT_ATTR(c1, PAGE, PAGE, PAGE, 0);
	zx_handle_close(c1);
	zx_handle_close(h);
}

/* SNAPSHOT_AT_LEAST_ON_WRITE shares as SNAPSHOT does here. */
TEST(at_least_on_write)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0), c = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 1);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(
			 h, ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE, 0,
			 2 * PAGE, &c));
	EXPECT_ATTR(h, PAGE, 0, PAGE / 2, 0);
	EXPECT_ATTR(c, PAGE, 0, PAGE / 2, 0);
	write_page(c, 1, 1);
	EXPECT_ATTR(c, 2 * PAGE, PAGE, PAGE + PAGE / 2, 0);
	EXPECT_ATTR(h, PAGE, 0, PAGE / 2, 0);
	zx_handle_close(c);
	zx_handle_close(h);
}

/* A clone smaller than its parent sees, and shares, only its pages. */
TEST(smaller_clone)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (int i = 0; i < 4; i++)
		write_page(h, i, 1);
	c = snapshot(h, 0, PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	EXPECT_ATTR(h, 4 * PAGE, 3 * PAGE, 3 * PAGE + PAGE / 2, 0);
	EXPECT_ATTR(c, PAGE, 0, PAGE / 2, 0);
	zx_handle_close(c);
	EXPECT_ATTR(h, 4 * PAGE, 4 * PAGE, 4 * PAGE, 0);
	zx_handle_close(h);
}

/* Slices: their pages are their target's; nothing is counted twice. */
TEST(slice_reports_nothing)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0), s = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 1);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, 0,
					     2 * PAGE, &s));
	write_page(s, 1, 1);
	EXPECT_ATTR(s, 0, 0, 0, 0);
	EXPECT_EQ(0u, zx_test_vmo_info(s).metadata_bytes);
	EXPECT_ATTR(h, 2 * PAGE, 2 * PAGE, 2 * PAGE, 0);
	zx_handle_close(s);
	zx_handle_close(h);
}

/* Shrinking the parent hides pages from it; the clone keeps them. */
TEST(resize_parent)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, ZX_VMO_RESIZABLE), c;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	write_page(h, 0, 1);
	write_page(h, 1, 1);
	c = snapshot(h, 0, 2 * PAGE);
	ASSERT_NE(ZX_HANDLE_INVALID, c);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_ATTR(h, PAGE, 0, PAGE / 2, 0);
	EXPECT_ATTR(c, 2 * PAGE, PAGE, PAGE + PAGE / 2, 0);
	zx_handle_close(c);
	zx_handle_close(h);
}

ZX_TEST_MAIN(NULL, NULL)
