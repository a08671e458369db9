// SPDX-License-Identifier: GPL-2.0
/*
 * A VMO's content ("stream") size as current Fuchsia keeps it:
 * ZX_PROP_VMO_CONTENT_SIZE (any value, also past the size; GET_PROPERTY
 * and SET_PROPERTY rights only; the bytes past it zeroed),
 * zx_vmo_get_stream_size() (no right needed) and zx_vmo_set_stream_size()
 * (WRITE; never past the size; zeros from the lower of the old and the new
 * stream size to the end), and ZX_VMO_UNBOUNDED VMOs (the largest size,
 * the size argument as stream size, never resizable).
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/zircon.h>
#include <zircon/linux.h>

#include "zx_test_util.h"

#define PAGE	4096u
/* The largest VMO here: what a shmem file holds (see zircon.rst). */
#define MAX_VMO	((uint64_t)INT64_MAX & ~(uint64_t)(PAGE - 1))

static uint64_t stream_size(zx_handle_t h)
{
	uint64_t v = UINT64_MAX;

	if (zx_vmo_get_stream_size(h, &v) != ZX_OK)
		return UINT64_MAX;
	return v;
}

static uint64_t prop_size(zx_handle_t h)
{
	uint64_t v = UINT64_MAX;

	if (zx_object_get_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v,
				   sizeof(v)) != ZX_OK)
		return UINT64_MAX;
	return v;
}

static zx_status_t set_prop(zx_handle_t h, uint64_t v)
{
	return zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v,
				      sizeof(v));
}

static uint64_t vmo_size(zx_handle_t h)
{
	uint64_t v = UINT64_MAX;

	if (zx_vmo_get_size(h, &v) != ZX_OK)
		return UINT64_MAX;
	return v;
}

/* Fills the VMO's first @len bytes with 0xab. */
static bool fill(zx_handle_t h, size_t len)
{
	static uint8_t buf[4 * PAGE];

	memset(buf, 0xab, len);
	return zx_vmo_write(h, buf, 0, len) == ZX_OK;
}

/* Whether bytes [from, to) read @v (the range lies in the first 4 pages). */
static bool bytes_are(zx_handle_t h, uint64_t from, uint64_t to, uint8_t v)
{
	static uint8_t buf[4 * PAGE];

	if (zx_vmo_read(h, buf, from, to - from) != ZX_OK)
		return false;
	for (uint64_t i = 0; i < to - from; i++)
		if (buf[i] != v)
			return false;
	return true;
}

/* ---- ZX_PROP_VMO_CONTENT_SIZE ---- */

TEST(prop_initial_is_size_asked_for)
{
	zx_handle_t h = zx_test_vmo(5000, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(5000u, prop_size(h));
	EXPECT_EQ(2 * PAGE, vmo_size(h));
	zx_handle_close(h);
}

TEST(prop_past_size_accepted)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(ZX_OK, set_prop(h, 4 * PAGE + 15643));
	EXPECT_EQ(4 * PAGE + 15643, prop_size(h));
	EXPECT_EQ(4 * PAGE, vmo_size(h));
	EXPECT_EQ(ZX_OK, set_prop(h, UINT64_MAX));
	EXPECT_EQ(UINT64_MAX, prop_size(h));
	EXPECT_EQ(UINT64_MAX, stream_size(h));
	zx_handle_close(h);
}

TEST(prop_zeros_past_content_size)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(fill(h, 4 * PAGE));
	ASSERT_EQ(ZX_OK, set_prop(h, PAGE + 100));
	EXPECT_TRUE(bytes_are(h, 0, PAGE + 100, 0xab));
	EXPECT_TRUE(bytes_are(h, PAGE + 100, 4 * PAGE, 0));
	/* Growing it again zeros nothing and brings nothing back. */
	ASSERT_TRUE(fill(h, PAGE));
	ASSERT_EQ(ZX_OK, set_prop(h, 4 * PAGE));
	EXPECT_TRUE(bytes_are(h, 0, PAGE, 0xab));
	EXPECT_TRUE(bytes_are(h, PAGE + 100, 4 * PAGE, 0));
	zx_handle_close(h);
}

TEST(prop_rights)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), d;
	uint64_t v = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	/* Fuchsia asks for SET_PROPERTY only, not WRITE. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SET_PROPERTY |
					     ZX_RIGHT_GET_PROPERTY, &d));
	EXPECT_EQ(ZX_OK, set_prop(d, 7));
	EXPECT_EQ(7u, prop_size(d));
	zx_handle_close(d);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_READ |
					     ZX_RIGHT_WRITE, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, set_prop(d, 9));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(d, ZX_PROP_VMO_CONTENT_SIZE, &v,
					 sizeof(v)));
	zx_handle_close(d);
	EXPECT_EQ(7u, prop_size(h));
	zx_handle_close(h);
}

TEST(prop_other_types_and_sizes)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), ev = ZX_HANDLE_INVALID;
	zx_handle_t vmar = zx_vmar_root_self();
	uint64_t v = 1;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	/*
	 * No other object here has the property rights (Fuchsia gives them
	 * to sockets, streams, threads...), and the rights are checked
	 * before the type: a VMAR or an event is ACCESS_DENIED.
	 */
	EXPECT_EQ(0u, zx_test_rights(vmar) & ZX_RIGHT_SET_PROPERTY);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, set_prop(vmar, 1));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(vmar, ZX_PROP_VMO_CONTENT_SIZE, &v,
					 sizeof(v)));
	ASSERT_EQ(ZX_OK, zx_event_create(0, &ev));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, set_prop(ev, 1));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, &v, 7));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_set_property(h, ZX_PROP_VMO_CONTENT_SIZE, NULL,
					 sizeof(v)));
	zx_handle_close(ev);
	zx_handle_close(h);
}

TEST(set_size_moves_content_size)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, ZX_VMO_RESIZABLE);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(4 * PAGE, prop_size(h));
	ASSERT_EQ(ZX_OK, set_prop(h, 4 * PAGE / 3));
	EXPECT_EQ(4 * PAGE / 3, prop_size(h));
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(h, 5461));
	EXPECT_EQ(5461u, prop_size(h));
	EXPECT_EQ(5461u, stream_size(h));
	EXPECT_EQ(2 * PAGE, vmo_size(h));
	zx_handle_close(h);
}

/* ---- zx_vmo_get_stream_size() / zx_vmo_set_stream_size() ---- */

TEST(stream_size_basics)
{
	zx_handle_t h = zx_test_vmo(5000, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(5000u, stream_size(h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 100));
	EXPECT_EQ(100u, stream_size(h));
	EXPECT_EQ(100u, prop_size(h));
	/* Up to the size, not past it; the VMO does not grow. */
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 2 * PAGE));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_stream_size(h, 2 * PAGE + 1));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_set_stream_size(h, UINT64_MAX));
	EXPECT_EQ(2 * PAGE, stream_size(h));
	EXPECT_EQ(2 * PAGE, vmo_size(h));
	zx_handle_close(h);
}

TEST(stream_size_zeros_from_lower_size)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(fill(h, 4 * PAGE));
	/* Shrinking zeros from the new size to the end. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 100));
	EXPECT_TRUE(bytes_are(h, 0, 100, 0xab));
	EXPECT_TRUE(bytes_are(h, 100, 4 * PAGE, 0));
	/* Growing zeros from the old size: bytes written past it go. */
	ASSERT_TRUE(fill(h, 3 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, PAGE + 7));
	EXPECT_TRUE(bytes_are(h, 0, 100, 0xab));
	EXPECT_TRUE(bytes_are(h, 100, 4 * PAGE, 0));
	zx_handle_close(h);
}

TEST(stream_size_same_value_changes_nothing)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0);

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 100));
	ASSERT_TRUE(fill(h, 2 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 100));
	EXPECT_TRUE(bytes_are(h, 0, 2 * PAGE, 0xab));
	/* Even one past the size is fine when it is the same value. */
	ASSERT_EQ(ZX_OK, set_prop(h, 5 * PAGE));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 5 * PAGE));
	zx_handle_close(h);
}

TEST(stream_size_seen_by_mapping)
{
	zx_handle_t h = zx_test_vmo(2 * PAGE, 0);
	zx_vaddr_t addr = 0;
	volatile uint8_t *p;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, h,
				     0, 2 * PAGE, &addr));
	p = (volatile uint8_t *)addr;
	memset((void *)addr, 0x5a, 2 * PAGE);
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 10));
	EXPECT_EQ(0x5a, p[9]);
	EXPECT_EQ(0, p[10]);
	EXPECT_EQ(0, p[PAGE + 1]);
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE));
	zx_handle_close(h);
}

TEST(stream_size_rights)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), d;
	uint64_t v = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	/* Getting needs no right at all. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, 0, &d));
	EXPECT_EQ(ZX_OK, zx_vmo_get_stream_size(d, &v));
	EXPECT_EQ(PAGE, v);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_stream_size(d, 1));
	zx_handle_close(d);
	/* Setting needs WRITE and nothing else. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_READ, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_stream_size(d, 1));
	zx_handle_close(d);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_WRITE, &d));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(d, 1));
	zx_handle_close(d);
	EXPECT_EQ(1u, stream_size(h));
	zx_handle_close(h);
}

TEST(stream_size_bad_handles_and_pointers)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0), ev = ZX_HANDLE_INVALID, c;
	uint64_t v;
	void *unmapped;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_event_create(0, &ev));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_get_stream_size(ZX_HANDLE_INVALID, &v));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_vmo_set_stream_size(ZX_HANDLE_INVALID, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_get_stream_size(ev, &v));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_vmo_set_stream_size(ev, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_stream_size(h, NULL));
	unmapped = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	ASSERT_NE(MAP_FAILED, unmapped);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_vmo_get_stream_size(h, unmapped));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_get_stream_size(h, (uint64_t *)(uintptr_t)-8));
	munmap(unmapped, PAGE);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(h, ZX_RIGHT_SAME_RIGHTS, &c));
	ASSERT_EQ(ZX_OK, zx_handle_close(c));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_get_stream_size(c, &v));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_vmo_set_stream_size(c, 0));
	zx_handle_close(ev);
	zx_handle_close(h);
}

TEST(stream_size_reserved_rejected)
{
	zx_handle_t h = zx_test_vmo(PAGE, 0);
	uint64_t v = 12345;
	struct zx_ioc_vmo_size a = {
		.handle = h, .reserved = 1, .value = (uintptr_t)&v,
	};

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(zx_linux_device_fd(), ZX_IOC_VMO_GET_STREAM_SIZE, &a));
	EXPECT_EQ(12345u, v);
	a.value = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(zx_linux_device_fd(), ZX_IOC_VMO_SET_STREAM_SIZE, &a));
	EXPECT_EQ(PAGE, stream_size(h));
	a.reserved = 0;
	EXPECT_EQ(0, ioctl(zx_linux_device_fd(), ZX_IOC_VMO_SET_STREAM_SIZE,
			   &a));
	EXPECT_EQ(1u, stream_size(h));
	zx_handle_close(h);
}

TEST(stream_size_of_slice_is_its_own)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0), s = ZX_HANDLE_INVALID;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(fill(h, 4 * PAGE));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SLICE, PAGE,
					     2 * PAGE + 5, &s));
	EXPECT_EQ(2 * PAGE + 5, stream_size(s));
	ASSERT_EQ(ZX_OK, zx_vmo_set_stream_size(s, 10));
	EXPECT_EQ(10u, stream_size(s));
	EXPECT_EQ(4 * PAGE, stream_size(h));
	/* The slice's zeroing reaches the parent's bytes it shows. */
	EXPECT_TRUE(bytes_are(h, 0, PAGE + 10, 0xab));
	EXPECT_TRUE(bytes_are(h, PAGE + 10, 4 * PAGE, 0));
	zx_handle_close(s);
	zx_handle_close(h);
}

/* ---- ZX_VMO_UNBOUNDED ---- */

TEST(unbounded_create_rules)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_vmo_create(0, ZX_VMO_UNBOUNDED | ZX_VMO_RESIZABLE, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_create(UINT64_MAX, ZX_VMO_UNBOUNDED, &h));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_vmo_create(MAX_VMO + 1, ZX_VMO_UNBOUNDED, &h));
	EXPECT_EQ(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmo_create(MAX_VMO, ZX_VMO_UNBOUNDED, &h));
	EXPECT_EQ(MAX_VMO, stream_size(h));
	zx_handle_close(h);
}

TEST(unbounded_sizes_and_info)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	zx_info_vmo_t info;

	ASSERT_EQ(ZX_OK, zx_vmo_create(42, ZX_VMO_UNBOUNDED, &h));
	EXPECT_EQ(42u, prop_size(h));
	EXPECT_EQ(42u, stream_size(h));
	EXPECT_EQ(MAX_VMO, vmo_size(h));
	EXPECT_EQ(0u, zx_test_rights(h) & ZX_RIGHT_RESIZE);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(h, PAGE));
	info = zx_test_vmo_info(h);
	EXPECT_EQ(MAX_VMO, info.size_bytes);
	EXPECT_EQ(0u, info.flags & ZX_INFO_VMO_RESIZABLE);
	EXPECT_EQ(0u, info.populated_bytes);
	/* The stream size moves anywhere up to the size. */
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 1ull << 40));
	EXPECT_EQ(1ull << 40, stream_size(h));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, MAX_VMO));
	EXPECT_EQ(ZX_OK, zx_vmo_set_stream_size(h, 3));
	EXPECT_EQ(MAX_VMO, vmo_size(h));
	zx_handle_close(h);
}

TEST(unbounded_read_write_at_end)
{
	const size_t len = 4 * PAGE;
	static uint8_t buf[4 * PAGE], check[4 * PAGE];
	zx_handle_t h = ZX_HANDLE_INVALID, clone = ZX_HANDLE_INVALID;
	uint64_t size;

	ASSERT_EQ(ZX_OK, zx_vmo_create(42, ZX_VMO_UNBOUNDED, &h));
	size = vmo_size(h);
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, buf, size - len, len));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_read(h, buf, size, len));
	memset(buf, 0x3c, len);
	EXPECT_EQ(ZX_OK, zx_vmo_write(h, buf, size - len, len));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_vmo_write(h, buf, size, len));
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, check, size - len, len));
	EXPECT_EQ(0, memcmp(buf, check, len));
	/* No unbounded clones, but one as large is fine, and not resizable. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0, size,
					     &clone));
	EXPECT_EQ(0u, zx_test_rights(clone) & ZX_RIGHT_RESIZE);
	memset(check, 0, len);
	EXPECT_EQ(ZX_OK, zx_vmo_read(clone, check, size - len, len));
	EXPECT_EQ(0, memcmp(buf, check, len));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(clone, PAGE));
	zx_handle_close(clone);
	zx_handle_close(h);
}

ZX_TEST_MAIN(NULL, NULL)
