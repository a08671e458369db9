// SPDX-License-Identifier: GPL-2.0
/*
 * VMOs: zx_vmo_create(), read, write, get_size, set_size, op_range,
 * set_cache_policy, replace_as_executable, ZX_INFO_VMO, ZX_PROP_NAME and
 * ZX_PROP_VMO_CONTENT_SIZE; lazy allocation, memory-cgroup limits, racing
 * readers, writers and resizers.  Children are in vmo_child_test.c, mappings
 * in vmar_test.c.
 */
#include <pthread.h>
#include <setjmp.h>
#include <sys/stat.h>

#include "zx_test_util.h"

#define PAGE	4096u

static uint64_t vmo_size(zx_handle_t h)
{
	uint64_t size = UINT64_MAX;

	if (zx_vmo_get_size(h, &size) != ZX_OK)
		return UINT64_MAX;
	return size;
}

static uint64_t content_size(zx_handle_t h)
{
	uint64_t v = UINT64_MAX;

	if (zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v,
				   sizeof(v)) != ZX_OK)
		return UINT64_MAX;
	return v;
}

/* A byte pattern that differs with position and seed. */
static void fill(uint8_t *buf, size_t len, uint64_t base, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((base + i) * 7 + seed + ((base + i) >> 12));
}

static bool check(const uint8_t *buf, size_t len, uint64_t base,
		  uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != (uint8_t)((base + i) * 7 + seed +
					((base + i) >> 12)))
			return false;
	return true;
}

static bool all_bytes(const uint8_t *buf, size_t len, uint8_t v)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != v)
			return false;
	return true;
}

/* A page-aligned region whose last page is unmapped. */
static uint8_t *buffer_with_hole(size_t pages)
{
	uint8_t *p = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p + (pages - 1) * PAGE, PAGE);
	return p;
}

TEST(create_defaults)
{
	zx_handle_t h = zx_test_vmo(1, 0);
	zx_info_handle_basic_t b;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	b = zx_test_basic(h);
	EXPECT_EQ(ZX_OBJ_TYPE_VMO, b.type);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS, b.rights);
	EXPECT_EQ(0xD0EFu, b.rights);
	EXPECT_EQ(0u, b.rights & ZX_RIGHT_RESIZE);
	EXPECT_EQ(ZX_KOID_INVALID, b.related_koid);
	/* Rounded up to a page; the content size keeps what was asked. */
	EXPECT_EQ(PAGE, vmo_size(h));
	EXPECT_EQ(1u, content_size(h));
	/* A new VMO has no children. */
	EXPECT_EQ(ZX_VMO_ZERO_CHILDREN, zx_test_signals(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(create_sizes)
{
	const uint64_t sizes[] = { 0, 1, PAGE - 1, PAGE, PAGE + 1,
				   10 * PAGE + 3, 1ull << 40 };

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		zx_handle_t h = zx_test_vmo(sizes[i], 0);

		ASSERT_NE(ZX_HANDLE_INVALID, h);
		EXPECT_EQ((sizes[i] + PAGE - 1) / PAGE * PAGE, vmo_size(h));
		EXPECT_EQ(sizes[i], content_size(h));
		zx_handle_close(h);
	}
}

TEST(create_resizable_has_resize_right)
{
	zx_handle_t h = zx_test_vmo(PAGE, ZX_VMO_RESIZABLE);
	zx_info_vmo_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_RESIZE, zx_test_rights(h));
	info = zx_test_vmo_info(h);
	EXPECT_NE(0u, info.flags & ZX_INFO_VMO_RESIZABLE);
	zx_handle_close(h);
}

TEST(create_bad_options)
{
	const uint32_t bad[] = { 1u, 1u << 5, 1u << 31, 0xffffffffu };
	zx_handle_t h = ZX_HANDLE_INVALID;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, bad[i], &h));
		EXPECT_EQ(ZX_HANDLE_INVALID, h);
	}
	/* Discardable VMOs exist on Fuchsia but not here. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_create(PAGE, ZX_VMO_DISCARDABLE, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
}

TEST(create_too_large)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(UINT64_MAX, 0, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_create(UINT64_MAX - PAGE + 2, 0, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_create(1ull << 63, 0, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
}

TEST(create_bad_out_pointer)
{
	long before = zx_test_live_objects();
	void *ro = zx_test_readonly_page();

	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(PAGE, 0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_create(PAGE, 0, ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(PAGE, 0,
				(zx_handle_t *)(uintptr_t)ZX_TEST_KERNEL_ADDR));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(large_vmo_is_lazy)
{
	const uint64_t size = 1ull << 30;
	zx_handle_t h = zx_test_vmo(size, 0);
	uint8_t buf[PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(0u, zx_test_vmo_info(h).committed_bytes);
	/* Reading a never-written page gives zeros and allocates nothing. */
	memset(buf, 0x5a, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, size - PAGE, PAGE));
	EXPECT_TRUE(all_bytes(buf, PAGE, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, size / 2 + 17, 100));
	EXPECT_TRUE(all_bytes(buf, 100, 0));
	EXPECT_EQ(0u, zx_test_vmo_info(h).committed_bytes);
	/* Writing one byte commits exactly one page. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, "x", size / 2, 1));
	EXPECT_EQ(PAGE, zx_test_vmo_info(h).committed_bytes);
	zx_handle_close(h);
}

TEST(read_write_round_trips_at_page_boundaries)
{
	const uint64_t offs[] = { 0, 1, PAGE - 1, PAGE, PAGE + 1,
				  3 * PAGE - 5 };
	const size_t lens[] = { 0, 1, 2, PAGE - 1, PAGE, PAGE + 1,
				2 * PAGE + 7 };
	static uint8_t in[4 * PAGE], out[4 * PAGE];
	zx_handle_t h = zx_test_vmo(8 * PAGE, 0);
	uint8_t seed = 1;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (size_t i = 0; i < ARRAY_SIZE(offs); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(lens); j++, seed++) {
			fill(in, lens[j], offs[i], seed);
			ASSERT_EQ(ZX_OK, zx_vmo_write(h, in, offs[i], lens[j]));
			memset(out, 0, sizeof(out));
			ASSERT_EQ(ZX_OK, zx_vmo_read(h, out, offs[i], lens[j]));
			EXPECT_TRUE(check(out, lens[j], offs[i], seed));
		}
	}
	/* Bytes never written stay zero. */
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, out, 6 * PAGE, 2 * PAGE));
	EXPECT_TRUE(all_bytes(out, 2 * PAGE, 0));
	zx_handle_close(h);
}

TEST(read_write_whole_and_last_byte)
{
	const size_t size = 5 * PAGE;
	static uint8_t in[5 * PAGE], out[5 * PAGE];
	zx_handle_t h = zx_test_vmo(size, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	fill(in, size, 0, 9);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, in, 0, size));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, out, 0, size));
	EXPECT_EQ(0, memcmp(in, out, size));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, "z", size - 1, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, out, size - 1, 1));
	EXPECT_EQ('z', out[0]);
	zx_handle_close(h);
}

TEST(read_write_out_of_range)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0);
	uint8_t buf[64] = { 1 };

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 2 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 2 * PAGE - 10, 20));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, UINT64_MAX, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_read(h, buf, UINT64_MAX - 10, 20));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 1, SIZE_MAX));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 2 * PAGE + 1, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, buf, 2 * PAGE, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, 2 * PAGE, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, UINT64_MAX, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_write(h, buf, UINT64_MAX - 10, 20));
	/* A write that does not fit changes nothing, not even a prefix. */
	memset(buf, 0xee, sizeof(buf));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_write(h, buf, 2 * PAGE - 10, 20));
	memset(buf, 1, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 2 * PAGE - 10, 10));
	EXPECT_TRUE(all_bytes(buf, 10, 0));
	zx_handle_close(h);
}

TEST(read_write_bad_handles)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), ev = zx_test_event();
	uint8_t buf[8];
	uint64_t size;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(ZX_HANDLE_INVALID, ev);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_read(ev, buf, 0, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_write(ev, buf, 0, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_size(ev, &size));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_size(ev, PAGE));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_vmo_op_range(ev, ZX_VMO_OP_COMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_read(ZX_HANDLE_INVALID, buf, 0, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_read(0x12345673u, buf, 0, 1));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	/* A closed handle. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_read(h, buf, 0, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_write(h, buf, 0, 1));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_size(h, &size));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	zx_handle_close(ev);
}

TEST(read_write_need_rights)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), ro, wo;
	uint8_t buf[8] = { 0 };

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_WRITE, &ro));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_READ, &wo));
	EXPECT_EQ(ZX_OK, zx_vmo_read(ro, buf, 0, 8));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(ro, buf, 0, 8));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_read(wo, buf, 0, 8));
	EXPECT_EQ(ZX_OK, zx_vmo_write(wo, buf, 0, 8));
	/* The rights check comes before the range check. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_write(ro, buf, UINT64_MAX, 8));
	zx_handle_close(ro);
	zx_handle_close(wo);
	zx_handle_close(h);
}

TEST(read_bad_buffers)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);
	/* The read-only page first, so that it cannot land in the hole. */
	void *ro = zx_test_readonly_page();
	uint8_t *hole = buffer_with_hole(2);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(NULL, hole);
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, NULL, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, ZX_TEST_BAD_PTR, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_read(h, (void *)(uintptr_t)ZX_TEST_KERNEL_ADDR, 0,
			      16));
	/* Mapped but not writable. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_read(h, ro, 0, 16));
	/* Runs into an address with nothing mapped. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, hole, 0, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_read(h, hole + PAGE, 0, 1));
	/* An empty read needs no buffer. */
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, NULL, 0, 0));
	munmap(hole, PAGE);
	munmap(ro, PAGE);
	zx_handle_close(h);
}

TEST(write_bad_buffer_changes_nothing)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);
	uint8_t *hole = buffer_with_hole(3);
	static uint8_t before[4 * PAGE], after[4 * PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(NULL, hole);
	fill(before, sizeof(before), 0, 3);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, before, 0, sizeof(before)));
	memset(hole, 0x77, 2 * PAGE);
	/* Two good pages, then a hole: no byte may land. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, hole, 0, 3 * PAGE));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_vmo_write(h, hole + 100, 50,
						 3 * PAGE - 200));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_write(h, NULL, 0, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_write(h, (void *)(uintptr_t)ZX_TEST_KERNEL_ADDR, 0,
			       16));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, after, 0, sizeof(after)));
	EXPECT_EQ(0, memcmp(before, after, sizeof(after)));
	munmap(hole, 2 * PAGE);
	zx_handle_close(h);
}

TEST(write_from_read_only_memory_works)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0);
	void *ro = zx_test_readonly_page();
	uint8_t buf[PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_NE(NULL, ro);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, "abc", 0, 3));
	/* The source only has to be readable: zeros from the page. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, ro, 0, PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, PAGE));
	EXPECT_TRUE(all_bytes(buf, PAGE, 0));
	munmap(ro, PAGE);
	zx_handle_close(h);
}

TEST(get_size_bad_pointer)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0);
	void *ro = zx_test_readonly_page();

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_size(h, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_size(h, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_size(h, ro));
	munmap(ro, PAGE);
	zx_handle_close(h);
}

TEST(set_size_grow_and_shrink)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, ZX_VMO_RESIZABLE);
	static uint8_t buf[4 * PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	memset(buf, 0xab, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, 2 * PAGE));

	/* Shrink: reads past the end fail, what is left is intact. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	EXPECT_EQ(PAGE, vmo_size(h));
	EXPECT_EQ(PAGE, content_size(h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, PAGE, 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, PAGE, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, PAGE));
	EXPECT_TRUE(all_bytes(buf, PAGE, 0xab));

	/* Grow: the discarded page comes back as zeros. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 4 * PAGE));
	EXPECT_EQ(4 * PAGE, vmo_size(h));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, PAGE, 3 * PAGE));
	EXPECT_TRUE(all_bytes(buf, 3 * PAGE, 0));

	/* To zero and back. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 0));
	EXPECT_EQ(0u, vmo_size(h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, 0, 1));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, PAGE));
	EXPECT_TRUE(all_bytes(buf, PAGE, 0));
	EXPECT_EQ(0u, zx_test_vmo_info(h).committed_bytes);
	zx_handle_close(h);
}

TEST(set_size_unaligned_zeroes_the_tail)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, ZX_VMO_RESIZABLE);
	static uint8_t buf[2 * PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	memset(buf, 0xcd, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, 2 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 100));
	EXPECT_EQ(PAGE, vmo_size(h));
	EXPECT_EQ(100u, content_size(h));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, PAGE));
	EXPECT_TRUE(all_bytes(buf, 100, 0xcd));
	EXPECT_TRUE(all_bytes(buf + 100, PAGE - 100, 0));
	zx_handle_close(h);
}

TEST(set_size_errors)
{
	zx_handle_t fixed = zx_test_vmo(PAGE, 0);
	zx_handle_t h = zx_test_vmo(PAGE, ZX_VMO_RESIZABLE), ro;

	ASSERT_NE(ZX_HANDLE_INVALID, fixed);
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(fixed, 2 * PAGE));
	EXPECT_EQ(PAGE, vmo_size(fixed));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(h, UINT64_MAX));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_size(h, 1ull << 63));
	EXPECT_EQ(PAGE, vmo_size(h));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, zx_test_rights(h) &
					     ~ZX_RIGHT_WRITE, &ro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(ro, 2 * PAGE));
	/* The rights check comes first. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(ro, UINT64_MAX));
	EXPECT_EQ(PAGE, vmo_size(h));
	zx_handle_close(ro);
	zx_handle_close(fixed);
	zx_handle_close(h);
}

TEST(commit_and_decommit)
{
	zx_handle_t h = zx_test_vmo(8 * PAGE, 0);
	static uint8_t buf[8 * PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, 4 * PAGE,
					 NULL, 0));
	EXPECT_EQ(4 * PAGE, zx_test_vmo_info(h).committed_bytes);
	/* Commit rounds out to whole pages. */
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 5 * PAGE - 1, 2,
					 NULL, 0));
	EXPECT_EQ(6 * PAGE, zx_test_vmo_info(h).committed_bytes);
	memset(buf, 0x11, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, 8 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 2 * PAGE,
					 2 * PAGE, NULL, 0));
	EXPECT_EQ(6 * PAGE, zx_test_vmo_info(h).committed_bytes);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, 8 * PAGE));
	EXPECT_TRUE(all_bytes(buf, 2 * PAGE, 0x11));
	EXPECT_TRUE(all_bytes(buf + 2 * PAGE, 2 * PAGE, 0));
	EXPECT_TRUE(all_bytes(buf + 4 * PAGE, 4 * PAGE, 0x11));
	/* Decommit wants whole pages. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 1, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, 100, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, 9 * PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, UINT64_MAX - PAGE + 1,
				  2 * PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_op_range(h, ZX_VMO_OP_ZERO, PAGE, UINT64_MAX, NULL,
				  0));
	zx_handle_close(h);
}

TEST(op_zero)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);
	static uint8_t buf[4 * PAGE];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	memset(buf, 0x5c, sizeof(buf));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, buf, 0, sizeof(buf)));
	/* Bytes 100 .. 3 pages + 7: two partial pages and two whole ones. */
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_ZERO, 100,
					 3 * PAGE + 7 - 100, NULL, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 0, sizeof(buf)));
	EXPECT_TRUE(all_bytes(buf, 100, 0x5c));
	EXPECT_TRUE(all_bytes(buf + 100, 3 * PAGE + 7 - 100, 0));
	EXPECT_TRUE(all_bytes(buf + 3 * PAGE + 7, PAGE - 7, 0x5c));
	/* Whole zeroed pages give their memory back. */
	EXPECT_EQ(2 * PAGE, zx_test_vmo_info(h).committed_bytes);
	/* Within one page. */
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_ZERO, 3 * PAGE + 10, 5,
					 NULL, 0));
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, 3 * PAGE, PAGE));
	EXPECT_TRUE(all_bytes(buf, 7, 0));
	EXPECT_TRUE(all_bytes(buf + 7, 3, 0x5c));
	EXPECT_TRUE(all_bytes(buf + 10, 5, 0));
	EXPECT_TRUE(all_bytes(buf + 15, PAGE - 15, 0x5c));
	zx_handle_close(h);
}

TEST(op_range_rights_and_ops)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), ro, wo, none;
	const uint32_t cache_read[] = { ZX_VMO_OP_CACHE_SYNC,
					ZX_VMO_OP_CACHE_CLEAN,
					ZX_VMO_OP_CACHE_CLEAN_INVALIDATE };

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_WRITE, &ro));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_READ, &wo));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_DUPLICATE, &none));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(ro, ZX_VMO_OP_COMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(ro, ZX_VMO_OP_DECOMMIT, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(ro, ZX_VMO_OP_ZERO, 0, PAGE, NULL, 0));
	for (size_t i = 0; i < ARRAY_SIZE(cache_read); i++) {
		EXPECT_EQ(ZX_OK, zx_vmo_op_range(ro, cache_read[i], 0, PAGE,
						 NULL, 0));
		EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
			  zx_vmo_op_range(wo, cache_read[i], 0, PAGE, NULL,
					  0));
		/* A cache operation on nothing is an error. */
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_vmo_op_range(h, cache_read[i], 0, 0, NULL, 0));
		EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
			  zx_vmo_op_range(h, cache_read[i], 0, 2 * PAGE, NULL,
					  0));
	}
	/* Invalidation needs Zircon's debugging syscalls. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(h, ZX_VMO_OP_CACHE_INVALIDATE, 0, PAGE, NULL,
				  0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(ro, ZX_VMO_OP_CACHE_INVALIDATE, 0, PAGE,
				  NULL, 0));
	/* Only discardable VMOs can be locked. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(h, ZX_VMO_OP_TRY_LOCK, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_op_range(h, ZX_VMO_OP_UNLOCK, 0, PAGE, NULL, 0));
	/* Hints succeed with either right, and need one. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(ro, ZX_VMO_OP_DONT_NEED, 0, PAGE,
					 NULL, 0));
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(wo, ZX_VMO_OP_ALWAYS_NEED, 0, PAGE,
					 NULL, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(none, ZX_VMO_OP_DONT_NEED, 0, PAGE, NULL,
				  0));
	/* Unknown operations. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, 0, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, 5, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_op_range(h, 1000, 0, PAGE, NULL, 0));
	zx_handle_close(none);
	zx_handle_close(ro);
	zx_handle_close(wo);
	zx_handle_close(h);
}

TEST(cache_policy)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), nomap, child;
	zx_info_vmo_t info;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	info = zx_test_vmo_info(h);
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, info.cache_policy);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_cache_policy(h, 4));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_set_cache_policy(h, 0xffu));
	/* Ordinary memory cannot become uncached here. */
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_UNCACHED));
	EXPECT_EQ(ZX_ERR_NOT_SUPPORTED,
		  zx_vmo_set_cache_policy(h,
					  ZX_CACHE_POLICY_WRITE_COMBINING));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_DEFAULT_VMO_RIGHTS &
					     ~ZX_RIGHT_MAP, &nomap));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_set_cache_policy(nomap, ZX_CACHE_POLICY_CACHED));
	/* Not with children, and not on a child. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
					     &child));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmo_set_cache_policy(h, ZX_CACHE_POLICY_CACHED));
	EXPECT_EQ(ZX_ERR_BAD_STATE,
		  zx_vmo_set_cache_policy(child, ZX_CACHE_POLICY_CACHED));
	zx_handle_close(child);
	zx_handle_close(nomap);
	zx_handle_close(h);
}

TEST(info_vmo)
{
	zx_handle_t h = zx_test_vmo(3 * PAGE + 1, ZX_VMO_RESIZABLE), ev;
	zx_info_vmo_t info;
	size_t actual = 0, avail = 0;
	uint8_t small[16];

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "hello", 5));
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, "x", PAGE, 1));
	ASSERT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO, &info,
					    sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(zx_test_koid(h), info.koid);
	EXPECT_STREQ("hello", info.name);
	EXPECT_EQ(4 * PAGE, info.size_bytes);
	EXPECT_EQ(0u, info.parent_koid);
	EXPECT_EQ(0u, info.num_children);
	EXPECT_EQ(0u, info.num_mappings);
	EXPECT_EQ(ZX_INFO_VMO_TYPE_PAGED | ZX_INFO_VMO_RESIZABLE |
		  ZX_INFO_VMO_VIA_HANDLE, info.flags);
	EXPECT_EQ(PAGE, info.committed_bytes);
	EXPECT_EQ(zx_test_rights(h), info.handle_rights);
	EXPECT_EQ(ZX_CACHE_POLICY_CACHED, info.cache_policy);
	EXPECT_EQ(3 * PAGE + 1, content_size(h));
	/* Too small a buffer: nothing written, the record still counted. */
	memset(small, 0x33, sizeof(small));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_VMO, small, sizeof(small),
				     &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_TRUE(all_bytes(small, sizeof(small), 0x33));
	/* The older, shorter versions of the record. */
	EXPECT_EQ(ZX_OK, zx_object_get_info(h, ZX_INFO_VMO_V1, &info,
					    sizeof(zx_info_vmo_v1_t), NULL,
					    NULL));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(h, ZX_INFO_VMO_V1, &info,
				     sizeof(zx_info_vmo_v1_t) - 1, NULL,
				     NULL));
	ev = zx_test_event();
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(ev, ZX_INFO_VMO, &info, sizeof(info),
				     NULL, NULL));
	zx_handle_close(ev);
	zx_handle_close(h);
}

TEST(properties_name_and_content_size)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0), noprop;
	char name[ZX_MAX_NAME_LEN];
	const char long_name[] = "a-name-much-longer-than-thirty-two-bytes";
	uint64_t v;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, name,
						sizeof(name)));
	EXPECT_STREQ("", name);
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, long_name,
						sizeof(long_name)));
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, ZX_PROP_NAME, name,
						sizeof(name)));
	EXPECT_EQ(ZX_MAX_NAME_LEN - 1, strlen(name));
	EXPECT_EQ(0, strncmp(long_name, name, ZX_MAX_NAME_LEN - 1));

	EXPECT_EQ(2 * PAGE, content_size(h));
	v = 5000;
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE,
						&v, sizeof(v)));
	EXPECT_EQ(5000u, content_size(h));
	/* The size itself does not change. */
	EXPECT_EQ(2 * PAGE, vmo_size(h));
	/* Fuchsia: a content size past the size is accepted as it is. */
	v = 2 * PAGE + 1;
	EXPECT_EQ(ZX_OK,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v,
					 sizeof(v)));
	EXPECT_EQ(2 * PAGE + 1, content_size(h));
	EXPECT_EQ(2 * PAGE, vmo_size(h));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, 4));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, 4));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, NULL,
					 8));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_READ, &noprop));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(noprop, ZX_PROP_VMO_CONTENT_SIZE, &v,
					 sizeof(v)));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(noprop, ZX_PROP_NAME, "x", 1));
	zx_handle_close(noprop);
	zx_handle_close(h);
}

TEST(replace_as_executable)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), x = ZX_HANDLE_INVALID, y;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(0u, zx_test_rights(h) & ZX_RIGHT_EXECUTE);
	ASSERT_EQ(ZX_OK, zx_vmo_replace_as_executable(h, ZX_HANDLE_INVALID,
						      &x));
	EXPECT_FALSE(zx_test_valid(h));
	EXPECT_EQ(ZX_DEFAULT_VMO_RIGHTS | ZX_RIGHT_EXECUTE, zx_test_rights(x));
	/* There is no VMEX resource: any vmex handle is refused. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(x, ZX_RIGHT_SAME_RIGHTS, &y));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_replace_as_executable(y, 0x12345673u, &h));
	/* ... and the handle is gone all the same. */
	EXPECT_FALSE(zx_test_valid(y));
	zx_handle_close(x);
}

/* ---- concurrency ---- */

struct race {
	zx_handle_t vmo;
	volatile bool stop;
	int bad;
};

static void *race_writer(void *arg)
{
	struct race *r = arg;
	uint8_t buf[3 * PAGE];
	unsigned int i = 0;

	while (!r->stop) {
		zx_status_t s;

		memset(buf, (int)(i & 0xff), sizeof(buf));
		s = zx_vmo_write(r->vmo, buf, (i % 7) * PAGE + (i % 3),
				 sizeof(buf) - 5);
		if (s != ZX_OK && s != ZX_ERR_OUT_OF_RANGE)
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		i++;
	}
	return NULL;
}

static void *race_reader(void *arg)
{
	struct race *r = arg;
	uint8_t buf[2 * PAGE + 9];
	unsigned int i = 0;

	while (!r->stop) {
		zx_status_t s = zx_vmo_read(r->vmo, buf, (i % 9) * PAGE + 1,
					    sizeof(buf));

		if (s != ZX_OK && s != ZX_ERR_OUT_OF_RANGE)
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		i++;
	}
	return NULL;
}

static void *race_resizer(void *arg)
{
	struct race *r = arg;
	unsigned int i = 0;

	while (!r->stop) {
		zx_status_t s = zx_vmo_set_size(r->vmo, (i % 12) * PAGE + 3);

		if (s != ZX_OK)
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		s = zx_vmo_op_range(r->vmo, ZX_VMO_OP_ZERO, 0, PAGE, NULL, 0);
		if (s != ZX_OK && s != ZX_ERR_OUT_OF_RANGE)
			__atomic_add_fetch(&r->bad, 1, __ATOMIC_RELAXED);
		i++;
	}
	return NULL;
}

static uint8_t race_in[4 * PAGE], race_out[4 * PAGE];

TEST(readers_writers_and_resizer_race)
{
	struct race r = { .vmo = zx_test_vmo(12 * PAGE, ZX_VMO_RESIZABLE) };
	void *(*fns[])(void *) = { race_writer, race_writer, race_reader,
				   race_reader, race_resizer };
	pthread_t th[ARRAY_SIZE(fns)];
	uint64_t size;

	ASSERT_NE(ZX_HANDLE_INVALID, r.vmo);
	for (size_t i = 0; i < ARRAY_SIZE(fns); i++) {
		ASSERT_EQ(0, pthread_create(&th[i], NULL, fns[i], &r));
	}
	zx_test_sleep_ms(1500);
	r.stop = true;
	for (size_t i = 0; i < ARRAY_SIZE(fns); i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(0, r.bad);
	/* The VMO is still coherent: a full write and read-back work. */
	ASSERT_EQ(ZX_OK, zx_vmo_get_size(r.vmo, &size));
	EXPECT_EQ(0u, size % PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(r.vmo, 4 * PAGE));
	fill(race_in, sizeof(race_in), 0, 42);
	ASSERT_EQ(ZX_OK, zx_vmo_write(r.vmo, race_in, 0, sizeof(race_in)));
	ASSERT_EQ(ZX_OK, zx_vmo_read(r.vmo, race_out, 0, sizeof(race_out)));
	EXPECT_EQ(0, memcmp(race_in, race_out, sizeof(race_in)));
	zx_handle_close(r.vmo);
}

/* ---- across processes ---- */

static int read_in_child(void *arg)
{
	int fd = *(int *)arg;
	zx_handle_t h = ZX_HANDLE_INVALID;
	char buf[16] = { 0 };

	CHILD_CHECK(zx_linux_fd_to_handle(fd, &h) == ZX_OK);
	CHILD_CHECK(zx_vmo_read(h, buf, PAGE + 1, 11) == ZX_OK);
	CHILD_CHECK(memcmp(buf, "from parent", 11) == 0);
	CHILD_CHECK(zx_vmo_write(h, "from child", PAGE * 2, 10) == ZX_OK);
	return 0;
}

TEST(vmo_crosses_processes_by_the_bridge)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0), dup;
	char buf[16] = { 0 };
	int fd = -1;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmo_write(h, "from parent", PAGE + 1, 11));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &dup));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(dup, 0, &fd));
	EXPECT_EQ(0, zx_test_in_child(read_in_child, &fd));
	close(fd);
	ASSERT_EQ(ZX_OK, zx_vmo_read(h, buf, PAGE * 2, 10));
	EXPECT_EQ(0, memcmp(buf, "from child", 10));
	zx_handle_close(h);
}

/* ---- memory cgroup ---- */

#define CG_ROOT	"/sys/fs/cgroup"
#define CG_DIR	CG_ROOT "/zx-vmo-test"

static int fill_in_cgroup(void *arg)
{
	const uint64_t size = 256ull << 20;
	static uint8_t chunk[1 << 20];
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_status_t s = ZX_OK;
	uint64_t off;
	char pid[32];

	(void)arg;
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	CHILD_CHECK(zx_test_write_file(CG_DIR "/cgroup.procs", pid) == 0);
	CHILD_CHECK(zx_vmo_create(size, 0, &h) == ZX_OK);
	memset(chunk, 0x42, sizeof(chunk));
	for (off = 0; off < size; off += sizeof(chunk)) {
		s = zx_vmo_write(h, chunk, off, sizeof(chunk));
		if (s != ZX_OK)
			break;
	}
	/* The cgroup ran out, cleanly, long before 256 MiB. */
	CHILD_CHECK(s == ZX_ERR_NO_MEMORY);
	CHILD_CHECK(off < 64ull << 20);
	/* Nothing of the failed write landed; earlier ones are intact. */
	CHILD_CHECK(zx_vmo_read(h, chunk, off - sizeof(chunk), 1) == ZX_OK);
	CHILD_CHECK(chunk[0] == 0x42);
	/* Giving memory back makes room again. */
	CHILD_CHECK(zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, off, NULL, 0) ==
		    ZX_OK);
	memset(chunk, 0x43, sizeof(chunk));
	CHILD_CHECK(zx_vmo_write(h, chunk, 0, sizeof(chunk)) == ZX_OK);
	CHILD_CHECK(zx_handle_close(h) == ZX_OK);
	return 0;
}

static uint8_t cg_chunk[1 << 20];

TEST(memory_cgroup_limit_fails_cleanly)
{
	zx_handle_t h;
	struct stat st;
	uint64_t off;

	if (stat(CG_ROOT "/cgroup.subtree_control", &st) != 0) {
		SKIP(return, "no cgroup2 hierarchy at " CG_ROOT);
	}
	if (zx_test_write_file(CG_ROOT "/cgroup.subtree_control", "+memory") != 0) {
		SKIP(return, "cannot enable the memory controller");
	}
	rmdir(CG_DIR);
	ASSERT_EQ(0, mkdir(CG_DIR, 0755));
	ASSERT_EQ(0, zx_test_write_file(CG_DIR "/memory.max", "16777216"));
	/* No swap to escape to, either. */
	zx_test_write_file(CG_DIR "/memory.swap.max", "0");
	EXPECT_EQ(0, zx_test_in_child(fill_in_cgroup, NULL));
	EXPECT_EQ(0, rmdir(CG_DIR));
	/* The rest of the system did not notice: this process still works. */
	h = zx_test_vmo(32ull << 20, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	for (off = 0; off < (32ull << 20); off += sizeof(cg_chunk)) {
		ASSERT_EQ(ZX_OK, zx_vmo_write(h, cg_chunk, off,
					      sizeof(cg_chunk)));
	}
	zx_handle_close(h);
}

#define FAULT_SIZE	(64ull << 20)

static sigjmp_buf fault_jmp;

static void fault_sigbus(int sig)
{
	siglongjmp(fault_jmp, sig);
}

static int fault_in_cgroup(void *arg)
{
	volatile uint8_t *p;
	volatile uint64_t off;
	zx_vaddr_t addr;
	zx_handle_t h;
	char pid[32];

	(void)arg;
	CHILD_CHECK(zx_vmo_create(FAULT_SIZE, 0, &h) == ZX_OK);
	CHILD_CHECK(zx_vmar_map(zx_vmar_root_self(),
				ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, h, 0,
				FAULT_SIZE, &addr) == ZX_OK);
	p = (volatile uint8_t *)addr;
	/*
	 * The page tables first, outside the cgroup (a page-table allocation
	 * at the limit is the OOM killer's business), then the pages go back.
	 */
	for (off = 0; off < FAULT_SIZE; off += 2ull << 20)
		p[off] = 1;
	CHILD_CHECK(zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, FAULT_SIZE,
				    NULL, 0) == ZX_OK);
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	CHILD_CHECK(zx_test_write_file(CG_DIR "/cgroup.procs", pid) == 0);
	signal(SIGBUS, fault_sigbus);
	/* A fault retried for ever never comes back: the alarm ends it. */
	alarm(60);
	if (sigsetjmp(fault_jmp, 1) == 0) {
		for (off = 0; off < FAULT_SIZE; off += PAGE)
			p[off] = 2;
		CHILD_CHECK(!"64 MiB of faults fitted in a 16 MiB cgroup");
	}
	alarm(0);
	/* It stopped at the limit, and what fitted is there. */
	CHILD_CHECK(off > 0 && off < 32ull << 20);
	CHILD_CHECK(p[0] == 2);
	CHILD_CHECK(zx_handle_close(h) == ZX_OK);
	return 0;
}

/*
 * A page fault on a mapping when the cgroup is at memory.max: the module
 * cannot get a page, and the faulting thread gets SIGBUS, as Zircon raises
 * a fatal page-fault exception; the fault is not retried for ever.
 */
TEST(memory_cgroup_fault_past_limit_sigbus)
{
	struct stat st;

	if (stat(CG_ROOT "/cgroup.subtree_control", &st) != 0) {
		SKIP(return, "no cgroup2 hierarchy at " CG_ROOT);
	}
	if (zx_test_write_file(CG_ROOT "/cgroup.subtree_control", "+memory") != 0) {
		SKIP(return, "cannot enable the memory controller");
	}
	rmdir(CG_DIR);
	ASSERT_EQ(0, mkdir(CG_DIR, 0755));
	ASSERT_EQ(0, zx_test_write_file(CG_DIR "/memory.max", "16777216"));
	zx_test_write_file(CG_DIR "/memory.swap.max", "0");
	EXPECT_EQ(0, zx_test_in_child(fault_in_cgroup, NULL));
	EXPECT_EQ(0, rmdir(CG_DIR));
}

TEST(no_leaks)
{
	long before = zx_test_live_objects();
	zx_handle_t h = zx_test_vmo(PAGE, 0), c;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
					     &c));
	zx_handle_close(h);
	zx_handle_close(c);
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

ZX_TEST_MAIN(NULL, NULL)
