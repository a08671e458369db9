// SPDX-License-Identifier: GPL-2.0
/*
 * Streams: zx_stream_create(), zx_stream_readv(), _readv_at(),
 * zx_stream_writev(), _writev_at(), zx_stream_seek(), ZX_INFO_STREAM and
 * ZX_PROP_STREAM_MODE_APPEND.  Every error of every call (Zircon's order
 * of checks), the rights a stream gets from its mode, reads stopping at
 * the content size, writes growing the content size and a resizable VMO,
 * appends, bad buffers in and around the iovec array, hostile counts and
 * capacities, the 4-byte word ABI, the content size shared with the VMO,
 * writes and reads racing a resize of the VMO, and concurrent appends.
 */
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/zircon.h>
#include <zircon/linux.h>

#include "zx_test_util.h"

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";

static size_t page(void)
{
	return (size_t)getpagesize();
}

static zx_handle_t stream(uint32_t options, zx_handle_t vmo, zx_off_t seek)
{
	zx_handle_t s = ZX_HANDLE_INVALID;

	if (zx_stream_create(options, vmo, seek, &s) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return s;
}

static uint64_t content_size(zx_handle_t vmo)
{
	uint64_t cs = 45684651u;

	if (zx_object_get_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs,
				   sizeof(cs)) != ZX_OK)
		return UINT64_MAX - 1;
	return cs;
}

static zx_status_t set_content_size(zx_handle_t vmo, uint64_t cs)
{
	return zx_object_set_property(vmo, ZX_PROP_VMO_CONTENT_SIZE, &cs,
				      sizeof(cs));
}

static uint64_t vmo_size(zx_handle_t vmo)
{
	uint64_t size = 839u;

	if (zx_vmo_get_size(vmo, &size) != ZX_OK)
		return UINT64_MAX - 1;
	return size;
}

/* A VMO of @size holding the alphabet, with content size 26. */
static zx_handle_t alphabet_vmo(uint64_t size, uint32_t options)
{
	zx_handle_t vmo = zx_test_vmo(size, options);

	if (vmo == ZX_HANDLE_INVALID)
		return vmo;
	if (zx_vmo_write(vmo, alphabet, 0, 26) != ZX_OK ||
	    set_content_size(vmo, 26) != ZX_OK) {
		zx_handle_close(vmo);
		return ZX_HANDLE_INVALID;
	}
	return vmo;
}

/* The VMO's first page as a string (it holds a NUL somewhere). */
static const char *vmo_text(zx_handle_t vmo)
{
	static char buf[65536];

	memset(buf, 0, sizeof(buf));
	if (zx_vmo_read(vmo, buf, 0, page()) != ZX_OK)
		return "(read failed)";
	buf[page() - 1] = '\0';
	return buf;
}

static zx_info_stream_t stream_info(zx_handle_t s)
{
	zx_info_stream_t info;

	memset(&info, 0xff, sizeof(info));
	if (zx_object_get_info(s, ZX_INFO_STREAM, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		memset(&info, 0xff, sizeof(info));
	return info;
}

static zx_off_t seek_of(zx_handle_t s)
{
	zx_off_t off = 12345;

	if (zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, 0, &off) != ZX_OK)
		return UINT64_MAX - 1;
	return off;
}

/* An address that was mapped and is not any more. */
static void *unmapped_address(void)
{
	void *p = mmap(NULL, page(), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	munmap(p, page());
	return p;
}

/* ------------------------------------------------------------ create */

TEST(feature_bit)
{
	struct zx_ioc_version v;

	memset(&v, 0, sizeof(v));
	ASSERT_EQ(0, ioctl(zx_linux_device_fd(), ZX_IOC_VERSION, &v));
	EXPECT_EQ(ZX_FEATURE_STREAM, v.features & ZX_FEATURE_STREAM);
	EXPECT_EQ(1u, v.major);
	EXPECT_LE(4u, v.minor);
}

TEST(create_errors)
{
	zx_handle_t vmo = zx_test_vmo(4 * page(), 0), ev = zx_test_event();
	zx_handle_t s = ZX_HANDLE_INVALID, dead;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_stream_create(0, ZX_HANDLE_INVALID, 0, &s));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_stream_create(0, ev, 0, &s));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_create((uint32_t)-42, vmo,
							0, &s));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_create(1u << 3, vmo, 0, &s));
	/* Options come first: an unknown one on a bad handle too. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_create(1u << 3, ZX_HANDLE_INVALID, 0, &s));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_create(0, vmo, 0, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_create(0, vmo, 0, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_create(0, vmo, 0,
				   (zx_handle_t *)zx_test_readonly_page()));
	EXPECT_EQ(ZX_HANDLE_INVALID, s);
	/* A closed VMO handle. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_SAME_RIGHTS, &dead));
	ASSERT_EQ(ZX_OK, zx_handle_close(dead));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_stream_create(0, dead, 0, &s));
	/* Any seek, even one no VMO reaches. */
	s = stream(ZX_STREAM_MODE_READ, vmo, UINT64_MAX);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	EXPECT_EQ(UINT64_MAX, seek_of(s));
	zx_handle_close(s);
	zx_handle_close(ev);
	zx_handle_close(vmo);
}

static void check_rights(struct __test_metadata *_metadata, zx_handle_t vmo,
			 uint32_t options, zx_status_t want,
			 zx_rights_t rights)
{
	zx_handle_t s = ZX_HANDLE_INVALID;
	zx_info_handle_basic_t basic;

	ASSERT_EQ(want, zx_stream_create(options, vmo, 0, &s));
	if (want != ZX_OK) {
		EXPECT_EQ(ZX_HANDLE_INVALID, s);
		return;
	}
	basic = zx_test_basic(s);
	EXPECT_EQ(rights, basic.rights);
	EXPECT_EQ(ZX_OBJ_TYPE_STREAM, basic.type);
	EXPECT_EQ(ZX_OBJ_PROP_WAITABLE, basic.props);
	EXPECT_EQ(options & ZX_STREAM_CREATE_MASK, stream_info(s).options);
	zx_handle_close(s);
}

TEST(create_rights_follow_the_mode)
{
	const zx_rights_t d = ZX_DEFAULT_STREAM_RIGHTS;
	const uint32_t R = ZX_STREAM_MODE_READ, W = ZX_STREAM_MODE_WRITE;
	const uint32_t A = ZX_STREAM_MODE_APPEND;
	zx_handle_t vmo = zx_test_vmo(page(), 0), ro, wo, none;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(0u, d & (ZX_RIGHT_READ | ZX_RIGHT_WRITE));
	ASSERT_EQ(ZX_RIGHTS_BASIC | ZX_RIGHTS_PROPERTY | ZX_RIGHT_SIGNAL, d);
	check_rights(_metadata, vmo, 0, ZX_OK, d);
	check_rights(_metadata, vmo, R, ZX_OK, d | ZX_RIGHT_READ);
	check_rights(_metadata, vmo, W, ZX_OK, d | ZX_RIGHT_WRITE);
	check_rights(_metadata, vmo, R | W, ZX_OK,
		     d | ZX_RIGHT_READ | ZX_RIGHT_WRITE);
	check_rights(_metadata, vmo, A, ZX_OK, d);
	check_rights(_metadata, vmo, R | A, ZX_OK, d | ZX_RIGHT_READ);
	check_rights(_metadata, vmo, W | A, ZX_OK, d | ZX_RIGHT_WRITE);
	check_rights(_metadata, vmo, R | W | A, ZX_OK,
		     d | ZX_RIGHT_READ | ZX_RIGHT_WRITE);

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_READ, &ro));
	check_rights(_metadata, ro, 0, ZX_OK, d);
	check_rights(_metadata, ro, R, ZX_OK, d | ZX_RIGHT_READ);
	check_rights(_metadata, ro, W, ZX_ERR_ACCESS_DENIED, 0);
	check_rights(_metadata, ro, R | W, ZX_ERR_ACCESS_DENIED, 0);

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, ZX_RIGHT_WRITE, &wo));
	check_rights(_metadata, wo, 0, ZX_OK, d);
	check_rights(_metadata, wo, R, ZX_ERR_ACCESS_DENIED, 0);
	check_rights(_metadata, wo, W, ZX_OK, d | ZX_RIGHT_WRITE);
	check_rights(_metadata, wo, R | W, ZX_ERR_ACCESS_DENIED, 0);

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, 0, &none));
	check_rights(_metadata, none, 0, ZX_OK, d);
	check_rights(_metadata, none, R, ZX_ERR_ACCESS_DENIED, 0);
	check_rights(_metadata, none, W, ZX_ERR_ACCESS_DENIED, 0);
	check_rights(_metadata, none, R | W | A, ZX_ERR_ACCESS_DENIED, 0);
	zx_handle_close(ro);
	zx_handle_close(wo);
	zx_handle_close(none);
	zx_handle_close(vmo);
}

TEST(stream_outlives_its_vmo_handle)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[8] = { 0 };
	zx_iovec_t v = { buf, 5 };
	size_t actual = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	ASSERT_EQ(ZX_OK, zx_handle_close(vmo));
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, &v, 1, &actual));
	EXPECT_EQ(5u, actual);
	EXPECT_STREQ("abcde", buf);
	EXPECT_EQ(26u, stream_info(s).content_size);
	ASSERT_EQ(ZX_OK, zx_handle_close(s));
	/* A closed stream handle. */
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_stream_readv(s, 0, &v, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_stream_writev(s, 0, &v, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_stream_readv_at(s, 0, 0, &v, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_stream_writev_at(s, 0, 0, &v, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0, NULL));
}

/* -------------------------------------------------------------- seek */

TEST(stream_seek)
{
	zx_handle_t vmo = zx_test_vmo(4 * page(), 0), s, ev;
	zx_off_t r = 81;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 42));

	s = stream(0, vmo, 0);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0, &r));
	zx_handle_close(s);
	s = stream(ZX_STREAM_MODE_READ, vmo, 9);
	EXPECT_EQ(9u, seek_of(s));
	zx_handle_close(s);
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 518);
	EXPECT_EQ(518u, seek_of(s));
	zx_handle_close(s);

	s = stream(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_seek(s, 34893, 12, &r));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, -10, &r));
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 12,
					&r));
	EXPECT_EQ(12u, r);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, -21, &r));
	/* A failed seek leaves the offset alone. */
	EXPECT_EQ(12u, seek_of(s));
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, 3,
					&r));
	EXPECT_EQ(15u, r);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, -15,
					&r));
	EXPECT_EQ(0u, r);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT,
					INT64_MAX, &r));
	EXPECT_EQ((zx_off_t)INT64_MAX, r);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, 1038,
					&r));
	EXPECT_EQ((zx_off_t)INT64_MAX + 1038, r);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, INT64_MAX,
				 &r));
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT,
					INT64_MIN, &r));
	EXPECT_EQ((zx_off_t)1037, r);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_CURRENT, INT64_MIN,
				 &r));

	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_END, 0, &r));
	EXPECT_EQ(42u, r);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_END, -11, &r));
	EXPECT_EQ(31u, r);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_END, -42, &r));
	EXPECT_EQ(0u, r);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_END, 24, &r));
	EXPECT_EQ(66u, r);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_END, -1238, &r));
	/* The end follows the VMO's content size. */
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 100));
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_END, 0, &r));
	EXPECT_EQ(100u, r);

	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
					NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
				 ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
				 (zx_off_t *)zx_test_readonly_page()));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_stream_seek(vmo, ZX_STREAM_SEEK_ORIGIN_START, 0, &r));
	ev = zx_test_event();
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_stream_seek(ev, ZX_STREAM_SEEK_ORIGIN_START, 0, &r));
	zx_handle_close(ev);
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(seek_needs_read_or_write)
{
	zx_handle_t vmo = zx_test_vmo(page(), 0), s, d;

	s = stream(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(s, ZX_RIGHT_READ, &d));
	EXPECT_EQ(ZX_OK, zx_stream_seek(d, ZX_STREAM_SEEK_ORIGIN_START, 5,
					NULL));
	zx_handle_close(d);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(s, ZX_RIGHT_WRITE, &d));
	EXPECT_EQ(ZX_OK, zx_stream_seek(d, ZX_STREAM_SEEK_ORIGIN_START, 6,
					NULL));
	zx_handle_close(d);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(s, ZX_RIGHT_DUPLICATE, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_stream_seek(d, ZX_STREAM_SEEK_ORIGIN_START, 7, NULL));
	/* Rights before whence. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_stream_seek(d, 99, 7, NULL));
	zx_handle_close(d);
	/* Handles share the one offset. */
	EXPECT_EQ(6u, seek_of(s));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

/* -------------------------------------------------------------- read */

TEST(stream_readv)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[16] = { 0 };
	zx_iovec_t vec = { buf, sizeof(buf) }, multi[7];
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(0, vmo, 0);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_stream_readv(s, 0, &vec, 1, &actual));
	zx_handle_close(s);

	s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	vec.capacity = 7;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, &vec, 1, &actual));
	EXPECT_EQ(7u, actual);
	EXPECT_STREQ("abcdefg", buf);
	memset(buf, 0, sizeof(buf));

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 24098, &vec, 1,
						       &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 1, &vec, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, NULL, 0, &actual));

	vec.capacity = 3;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, &vec, 1, NULL));
	EXPECT_STREQ("hij", buf);
	memset(buf, 0, sizeof(buf));

	/* A NULL buffer is Zircon's NOT_FOUND; the offset does not move. */
	vec.buffer = NULL;
	vec.capacity = 7;
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_stream_readv(s, 0, &vec, 1, &actual));
	EXPECT_EQ(10u, seek_of(s));
	vec.buffer = buf;

	for (size_t i = 0; i < 7; i++) {
		multi[i].buffer = buf;
		multi[i].capacity = INT64_MAX;
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, multi, 7,
						       &actual));

	/* Reads stop at the content size, wherever it is now. */
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 6));
	vec.capacity = 3;
	actual = 42;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, &vec, 1, &actual));
	EXPECT_EQ(0u, actual);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
					NULL));
	vec.capacity = 12;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, &vec, 1, &actual));
	EXPECT_EQ(6u, actual);
	EXPECT_STREQ("abcdef", buf);
	memset(buf, 0, sizeof(buf));

	/*
	 * Many one-byte vectors, in order.  Lowering the content size zeroed
	 * the bytes past it (as Fuchsia's SetContentSize does): write them
	 * again.
	 */
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 26));
	buf[0] = 'x';
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, buf, 6, 1));
	EXPECT_EQ(0, buf[0]);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, alphabet, 0, 26));
	memset(buf, 0, sizeof(buf));
	for (size_t i = 0; i < 7; i++) {
		multi[i].buffer = &buf[i];
		multi[i].capacity = 1;
	}
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
					NULL));
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, multi, 7, &actual));
	EXPECT_EQ(7u, actual);
	EXPECT_STREQ("abcdefg", buf);
	EXPECT_EQ(7u, seek_of(s));

	/* Nothing to read into: ZX_OK, 0, the offset stays. */
	actual = 42;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, multi, 0, &actual));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(7u, seek_of(s));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(stream_readv_at)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[16] = { 0 };
	zx_iovec_t vec = { buf, 7 };
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_readv_at(s, 0, 24, &vec, 1, &actual));
	EXPECT_EQ(2u, actual);
	EXPECT_STREQ("yz", buf);
	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(0u, seek_of(s));
	ASSERT_EQ(ZX_OK, zx_stream_readv_at(s, 0, 36, &vec, 1, &actual));
	EXPECT_EQ(0u, actual);
	ASSERT_EQ(ZX_OK, zx_stream_readv_at(s, 0, UINT64_MAX, &vec, 1,
					    &actual));
	EXPECT_EQ(0u, actual);
	EXPECT_STREQ("", buf);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv_at(s, 1, 0, &vec, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv_at(s, 0, 0, NULL, 1, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_stream_readv_at(vmo, 0, 0, &vec, 1, &actual));
	zx_handle_close(s);
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_stream_readv_at(s, 0, 0, &vec, 1, &actual));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(read_vector_alias)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	zx_iovec_t multi[7];
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	for (size_t i = 0; i < 7; i++) {
		multi[i].buffer = multi;
		multi[i].capacity = sizeof(multi);
	}
	s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, multi, 7, &actual));
	EXPECT_EQ(26u, actual);
	EXPECT_EQ(0, memcmp(multi, alphabet, 26));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

/* ------------------------------------------------------------- write */

TEST(stream_writev)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[17] = "0123456789ABCDEF";
	zx_iovec_t vec = { buf, sizeof(buf) }, multi[7];
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_stream_writev(s, 0, &vec, 1, &actual));
	zx_handle_close(s);

	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	vec.capacity = 7;
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(7u, actual);
	EXPECT_STREQ("0123456hijklmnopqrstuvwxyz", vmo_text(vmo));
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, alphabet, 0, 26));

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_writev(s, 24098, &vec, 1,
							&actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_writev(s, 2, &vec, 1,
							&actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_writev(s, 0, NULL, 1,
							&actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_writev(s, 0, NULL, 0,
							&actual));
	vec.capacity = 3;
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, NULL));
	EXPECT_STREQ("abcdefg012klmnopqrstuvwxyz", vmo_text(vmo));
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, alphabet, 0, 26));

	vec.buffer = NULL;
	vec.capacity = 7;
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(10u, seek_of(s));
	vec.buffer = buf;

	for (size_t i = 0; i < 7; i++) {
		multi[i].buffer = buf;
		multi[i].capacity = INT64_MAX;
	}
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, multi, 7, &actual));
	for (size_t i = 0; i < 7; i++) {
		multi[6 - i].buffer = &buf[i];
		multi[6 - i].capacity = 1;
	}
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
					NULL));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, multi, 7, &actual));
	EXPECT_EQ(7u, actual);
	EXPECT_STREQ("6543210hijklmnopqrstuvwxyz", vmo_text(vmo));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_stream_writev(vmo, 0, &vec, 1, &actual));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(write_extends_content_size)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[17] = "0123456789ABCDEF", scratch[17] = { 0 };
	zx_iovec_t vec = { buf, 7 };
	size_t actual = 42, i;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 3));
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(7u, actual);
	EXPECT_EQ(7u, content_size(vmo));
	vec.capacity = 2;
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(9u, content_size(vmo));

	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
					NULL));
	vec.capacity = 10;
	for (i = 1; i * 10 < page(); i++) {
		ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
		ASSERT_EQ(10u, actual);
	}
	EXPECT_EQ(page() - page() % 10, content_size(vmo));
	/* Not resizable: cut short at the VMO's size... */
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START,
					(int64_t)page() - 6, NULL));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(6u, actual);
	EXPECT_EQ(page(), content_size(vmo));
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, page() - 6, 6));
	EXPECT_STREQ("012345", scratch);
	/* ...and nothing fits at its end. */
	actual = 9823;
	EXPECT_EQ(ZX_ERR_NO_SPACE, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(9823u, actual);
	EXPECT_EQ(page(), content_size(vmo));
	EXPECT_EQ(page(), vmo_size(vmo));
	EXPECT_EQ(page(), seek_of(s));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(write_extends_resizable_vmo)
{
	zx_handle_t vmo = zx_test_vmo(page(), ZX_VMO_RESIZABLE), s;
	char buf[17] = "0123456789ABCDEF";
	zx_iovec_t vec = { buf, 10 };
	size_t actual = 42, i;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 0));
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	for (i = 1; i * 10 < page(); i++)
		ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(10u, actual);
	EXPECT_EQ(i * 10, content_size(vmo));
	EXPECT_EQ(2 * page(), vmo_size(vmo));

	vec.capacity = UINT64_MAX;
	actual = 5423;
	EXPECT_EQ(ZX_ERR_FILE_BIG, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(5423u, actual);
	EXPECT_EQ(2 * page(), vmo_size(vmo));
	EXPECT_EQ(i * 10, content_size(vmo));

	/* The rounded-up size overflows: OUT_OF_RANGE, nothing changes. */
	vec.capacity = 4;
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_stream_writev_at(s, 0, 0xfffffffffffffff8ull, &vec, 1,
				      &actual));
	EXPECT_EQ(2 * page(), vmo_size(vmo));
	EXPECT_EQ(i * 10, content_size(vmo));
	/* Past what any VMO can hold. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_stream_writev_at(s, 0, 1ull << 63, &vec, 1, &actual));
	EXPECT_EQ(2 * page(), vmo_size(vmo));
	/* A later resize of the VMO still works, and sets the content. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, 3 * page()));
	EXPECT_EQ(3 * page(), content_size(vmo));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(growing_needs_resize_right)
{
	zx_handle_t vmo = zx_test_vmo(page(), ZX_VMO_RESIZABLE), nr, s, s_nr;
	char buf[] = "012345678";
	zx_iovec_t vec = { buf, sizeof(buf) };
	size_t actual;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_RIGHT_RESIZE, zx_test_rights(vmo) & ZX_RIGHT_RESIZE);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(vmo, zx_test_rights(vmo) &
					     ~ZX_RIGHT_RESIZE, &nr));
	s = stream(ZX_STREAM_MODE_WRITE, vmo, page() - 1);
	s_nr = stream(ZX_STREAM_MODE_WRITE, nr, page() - 1);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	ASSERT_NE(ZX_HANDLE_INVALID, s_nr);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s_nr, 0, &vec, 1, &actual));
	EXPECT_EQ(1u, actual);
	actual = 0;
	EXPECT_EQ(ZX_ERR_NO_SPACE, zx_stream_writev(s_nr, 0, &vec, 1, &actual));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(page(), vmo_size(vmo));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	EXPECT_EQ(sizeof(buf), actual);
	EXPECT_EQ(2 * page(), vmo_size(vmo));
	EXPECT_EQ(page() - 1 + sizeof(buf), content_size(vmo));
	zx_handle_close(s);
	zx_handle_close(s_nr);
	zx_handle_close(nr);
	zx_handle_close(vmo);
}

TEST(stream_writev_at)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s, bad_s;
	char buf[17] = "0123456789ABCDEF";
	zx_iovec_t vec = { buf, 3 }, bad = { NULL, 42 };
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_writev_at(s, 0, 7, &vec, 1, &actual));
	EXPECT_EQ(3u, actual);
	EXPECT_STREQ("abcdefg012klmnopqrstuvwxyz", vmo_text(vmo));
	EXPECT_EQ(0u, seek_of(s));
	vec.capacity = 10;
	EXPECT_EQ(ZX_ERR_NO_SPACE,
		  zx_stream_writev_at(s, 0, page() + 4, &vec, 1, &actual));
	/* writev_at knows no options, not even ZX_STREAM_APPEND. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev_at(s, ZX_STREAM_APPEND, 0, &vec, 1,
				      &actual));
	zx_handle_close(s);
	zx_handle_close(vmo);

	vmo = zx_test_vmo(page(), ZX_VMO_RESIZABLE);
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_writev_at(s, 0, page() - 6, &vec, 1,
					     &actual));
	EXPECT_EQ(10u, actual);
	EXPECT_EQ(page() + 4, content_size(vmo));
	EXPECT_EQ(2 * page(), vmo_size(vmo));
	vec.capacity = UINT64_MAX;
	EXPECT_EQ(ZX_ERR_FILE_BIG,
		  zx_stream_writev_at(s, 0, 5414, &vec, 1, &actual));
	EXPECT_EQ(2 * page(), vmo_size(vmo));
	/* A failed write past the content leaves the content size. */
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_stream_writev_at(s, 0, page() + 100, &bad, 1, &actual));
	EXPECT_EQ(page() + 4, content_size(vmo));
	bad_s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_stream_writev_at(bad_s, 0, 0, &vec, 1, &actual));
	zx_handle_close(bad_s);
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(extend_fills_with_zeros)
{
	const size_t n = 6;
	zx_handle_t vmo = zx_test_vmo(n * page(), 0), s;
	char *scratch = malloc(page()), buf[] = "0123";
	zx_iovec_t vec = { buf, 4 };
	size_t actual = 0, i;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(NULL, scratch);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 0));
	memset(scratch, 'x', page());
	for (i = 0; i < n; i++)
		ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, scratch, i * page(),
					      page()));
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_writev_at(s, 0, 2 * page() - 2, &vec, 1,
					     &actual));
	ASSERT_EQ(4u, actual);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, 0, page()));
	for (i = 0; i < page(); i++)
		ASSERT_EQ(0, scratch[i]);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, page(), page()));
	for (i = 0; i < page() - 2; i++)
		ASSERT_EQ(0, scratch[i]);
	EXPECT_EQ('0', scratch[page() - 2]);
	EXPECT_EQ('1', scratch[page() - 1]);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, 2 * page(), 4));
	EXPECT_EQ(0, memcmp(scratch, "23xx", 4));
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START,
					(int64_t)(5 * page() - 2), NULL));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, 2 * page(), 4));
	EXPECT_EQ(0, memcmp(scratch, "23\0\0", 4));
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, 3 * page(), page()));
	for (i = 0; i < page(); i++)
		ASSERT_EQ(0, scratch[i]);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, scratch, 5 * page(), 4));
	EXPECT_EQ(0, memcmp(scratch, "23xx", 4));
	free(scratch);
	zx_handle_close(s);
	zx_handle_close(vmo);
}

/* ------------------------------------------------------------ append */

TEST(stream_append)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[17] = "0123456789ABCDEF";
	zx_iovec_t vec = { buf, 7 };
	zx_info_stream_t info;
	size_t actual = 42, size;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	info = stream_info(s);
	EXPECT_EQ(ZX_STREAM_MODE_WRITE, info.options);
	EXPECT_EQ(0u, info.seek);
	EXPECT_EQ(26u, info.content_size);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1,
					  &actual));
	EXPECT_EQ(7u, actual);
	EXPECT_STREQ("abcdefghijklmnopqrstuvwxyz0123456", vmo_text(vmo));
	info = stream_info(s);
	EXPECT_EQ(33u, info.seek);
	EXPECT_EQ(33u, info.content_size);
	/* An append that tried and failed leaves the offset at the end. */
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 0,
					NULL));
	vec.buffer = NULL;
	EXPECT_EQ(ZX_ERR_NOT_FOUND,
		  zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1, &actual));
	EXPECT_EQ(33u, seek_of(s));
	EXPECT_EQ(33u, content_size(vmo));
	vec.buffer = buf;
	vec.capacity = 26;
	for (size = 33; size + 26 < page(); size += 26)
		ASSERT_EQ(ZX_OK, zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1,
						  &actual));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1,
					  &actual));
	EXPECT_EQ(page() - size, actual);
	/* No room at all: the offset stays where it was. */
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 5,
					NULL));
	EXPECT_EQ(ZX_ERR_NO_SPACE,
		  zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1, &actual));
	EXPECT_EQ(5u, seek_of(s));
	vec.capacity = UINT64_MAX;
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE,
		  zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1, &actual));
	EXPECT_EQ(5u, seek_of(s));
	EXPECT_EQ(page(), content_size(vmo));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(append_mode_and_property)
{
	zx_handle_t vmo = zx_test_vmo(page(), 0), s, d;
	char buf[] = "0123456789ABCDEF";
	zx_iovec_t vec = { buf, 16 };
	zx_info_stream_t info;
	uint8_t mode = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 0));
	s = stream(ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND, vmo, 0);
	EXPECT_EQ(ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND,
		  stream_info(s).options);
	ASSERT_EQ(ZX_OK, zx_object_get_property(s, ZX_PROP_STREAM_MODE_APPEND,
						&mode, 1));
	EXPECT_EQ(1, mode);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, NULL));
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 10,
					NULL));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, NULL));
	EXPECT_STREQ("0123456789ABCDEF0123456789ABCDEF", vmo_text(vmo));

	mode = 0;
	ASSERT_EQ(ZX_OK, zx_object_set_property(s, ZX_PROP_STREAM_MODE_APPEND,
						&mode, 1));
	info = stream_info(s);
	EXPECT_EQ(ZX_STREAM_MODE_WRITE, info.options);
	EXPECT_EQ(32u, info.seek);
	EXPECT_EQ(32u, info.content_size);
	ASSERT_EQ(ZX_OK, zx_stream_seek(s, ZX_STREAM_SEEK_ORIGIN_START, 10,
					NULL));
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, NULL));
	EXPECT_STREQ("01234567890123456789ABCDEFABCDEF", vmo_text(vmo));
	/* Any value but 0 sets the mode. */
	mode = 7;
	ASSERT_EQ(ZX_OK, zx_object_set_property(s, ZX_PROP_STREAM_MODE_APPEND,
						&mode, 1));
	mode = 0;
	ASSERT_EQ(ZX_OK, zx_object_get_property(s, ZX_PROP_STREAM_MODE_APPEND,
						&mode, sizeof(mode)));
	EXPECT_EQ(1, mode);

	/* Errors: size, type, rights, pointers. */
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_property(s, ZX_PROP_STREAM_MODE_APPEND, &mode,
					 0));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_set_property(s, ZX_PROP_STREAM_MODE_APPEND, &mode,
					 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_property(vmo, ZX_PROP_STREAM_MODE_APPEND,
					 &mode, 1));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_set_property(vmo, ZX_PROP_STREAM_MODE_APPEND,
					 &mode, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_property(s, ZX_PROP_STREAM_MODE_APPEND,
					 ZX_TEST_BAD_PTR, 1));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_set_property(s, ZX_PROP_STREAM_MODE_APPEND,
					 ZX_TEST_BAD_PTR, 1));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(s, ZX_RIGHT_GET_PROPERTY, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(d, ZX_PROP_STREAM_MODE_APPEND, &mode,
					 1));
	EXPECT_EQ(ZX_OK, zx_object_get_property(d, ZX_PROP_STREAM_MODE_APPEND,
						&mode, 1));
	zx_handle_close(d);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(s, ZX_RIGHT_SET_PROPERTY, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(d, ZX_PROP_STREAM_MODE_APPEND, &mode,
					 1));
	zx_handle_close(d);
	zx_handle_close(s);
	zx_handle_close(vmo);
}

/* -------------------------------------------------------------- info */

TEST(info_stream)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s, d;
	zx_info_stream_t info;
	size_t actual = 9, avail = 9;

	_Static_assert(sizeof(zx_info_stream_t) == 24, "zx_info_stream_t");
	_Static_assert(offsetof(zx_info_stream_t, seek) == 8, "seek");
	_Static_assert(offsetof(zx_info_stream_t, content_size) == 16, "cs");
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_READ, vmo, 77);
	memset(&info, 0xab, sizeof(info));
	ASSERT_EQ(ZX_OK, zx_object_get_info(s, ZX_INFO_STREAM, &info,
					    sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_STREAM_MODE_READ, info.options);
	EXPECT_EQ(0, info.padding1[0] | info.padding1[1] | info.padding1[2] |
		  info.padding1[3]);
	EXPECT_EQ(77u, info.seek);
	EXPECT_EQ(26u, info.content_size);
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(s, ZX_INFO_STREAM, &info,
				     sizeof(info) - 1, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(vmo, ZX_INFO_STREAM, &info, sizeof(info),
				     NULL, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(s, ZX_INFO_STREAM, ZX_TEST_BAD_PTR,
				     sizeof(info), NULL, NULL));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(s, ZX_RIGHT_READ, &d));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(d, ZX_INFO_STREAM, &info, sizeof(info),
				     NULL, NULL));
	zx_handle_close(d);
	zx_handle_close(s);
	EXPECT_EQ(ZX_ERR_BAD_HANDLE,
		  zx_object_get_info(s, ZX_INFO_STREAM, &info, sizeof(info),
				     NULL, NULL));
	zx_handle_close(vmo);
}

/* ------------------------------------------------ the VMO's own view */

TEST(content_size_shared_with_the_vmo)
{
	zx_handle_t vmo = zx_test_vmo(2 * page(), ZX_VMO_RESIZABLE), s;
	char buf[32] = "hello, stream", out[32] = { 0 };
	zx_iovec_t vec = { buf, 13 };
	size_t actual;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 0));
	s = stream(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, vmo, 0);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, &vec, 1, &actual));
	/* The write is the VMO's bytes and content size. */
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, out, 0, 13));
	EXPECT_STREQ("hello, stream", out);
	EXPECT_EQ(13u, content_size(vmo));
	/* The VMO's writes and content size are the stream's. */
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, "HELLO", 0, 5));
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 5));
	EXPECT_EQ(5u, stream_info(s).content_size);
	memset(out, 0, sizeof(out));
	vec.buffer = out;
	vec.capacity = sizeof(out);
	ASSERT_EQ(ZX_OK, zx_stream_readv_at(s, 0, 0, &vec, 1, &actual));
	EXPECT_EQ(5u, actual);
	EXPECT_STREQ("HELLO", out);
	/* A resize of the VMO is the stream's end, and zeroes the rest. */
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, 3));
	EXPECT_EQ(3u, stream_info(s).content_size);
	ASSERT_EQ(ZX_OK, zx_stream_readv_at(s, 0, 0, &vec, 1, &actual));
	EXPECT_EQ(3u, actual);
	ASSERT_EQ(ZX_OK, zx_vmo_set_size(vmo, page() + 1));
	memset(out, 'q', sizeof(out));
	ASSERT_EQ(ZX_OK, zx_stream_readv_at(s, 0, 0, &vec, 1, &actual));
	EXPECT_EQ(sizeof(out), actual);
	EXPECT_EQ(0, memcmp(out, "HEL\0\0\0", 6));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(stream_on_a_slice)
{
	zx_handle_t vmo = zx_test_vmo(2 * page(), 0), slice, s;
	char out[8] = { 0 }, in[] = "wxyz";
	zx_iovec_t vec = { out, 4 };
	size_t actual;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, "abcd", page(), 4));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SLICE, page(),
					     page(), &slice));
	s = stream(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, slice, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, s);
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, &vec, 1, &actual));
	EXPECT_EQ(4u, actual);
	EXPECT_STREQ("abcd", out);
	vec.buffer = in;
	ASSERT_EQ(ZX_OK, zx_stream_writev_at(s, 0, page() - 2, &vec, 1,
					     &actual));
	/* A slice never grows. */
	EXPECT_EQ(2u, actual);
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, out, 2 * page() - 2, 2));
	EXPECT_EQ(0, memcmp(out, "wx", 2));
	zx_handle_close(s);
	zx_handle_close(slice);
	zx_handle_close(vmo);
}

/* ------------------------------------------------------- bad buffers */

TEST(bad_buffers)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[32] = { 0 };
	/* The read-only page first: it could take the unmapped one's place. */
	void *ro = zx_test_readonly_page(), *gone = unmapped_address();
	zx_iovec_t vec[2] = { { buf, 4 }, { NULL, 4 } };
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_NE(NULL, gone);
	ASSERT_NE(NULL, ro);
	s = stream(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, vmo, 0);

	/* The array itself: unreadable is INVALID_ARGS. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv(s, 0, ZX_TEST_BAD_PTR, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, (zx_iovec_t *)gone, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv(s, 0,
				  (zx_iovec_t *)(uintptr_t)ZX_TEST_KERNEL_ADDR,
				  1, &actual));
	/* A buffer: kernel memory INVALID_ARGS, unmapped NOT_FOUND. */
	vec[0].buffer = (void *)(uintptr_t)ZX_TEST_KERNEL_ADDR;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, vec, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, vec, 1, &actual));
	vec[0].buffer = gone;
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_stream_readv(s, 0, vec, 1, &actual));
	EXPECT_EQ(ZX_ERR_NOT_FOUND, zx_stream_writev(s, 0, vec, 1, &actual));
	vec[0].buffer = ZX_TEST_BAD_PTR;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, vec, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, vec, 1, &actual));
	/* Read into a read-only page: mapped, not writable. */
	vec[0].buffer = ro;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, vec, 1, &actual));
	/* Writing from it is fine. */
	ASSERT_EQ(ZX_OK, zx_stream_writev_at(s, 0, 0, vec, 1, &actual));
	EXPECT_EQ(4u, actual);
	ASSERT_EQ(ZX_OK, zx_vmo_write(vmo, alphabet, 0, 26));
	EXPECT_EQ(0u, seek_of(s));

	/* A bad second vector: the first one's bytes, ZX_OK. */
	vec[0].buffer = buf;
	actual = 42;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, vec, 2, &actual));
	EXPECT_EQ(4u, actual);
	EXPECT_STREQ("abcd", buf);
	EXPECT_EQ(4u, seek_of(s));
	memcpy(buf, "ABCD", 4);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, vec, 2, &actual));
	EXPECT_EQ(4u, actual);
	EXPECT_STREQ("abcdABCDijklmnopqrstuvwxyz", vmo_text(vmo));
	EXPECT_EQ(8u, seek_of(s));

	/* A bad *actual: INVALID_ARGS, yet the bytes moved. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv(s, 0, vec, 1, ZX_TEST_BAD_PTR));
	EXPECT_EQ(12u, seek_of(s));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, vec, 1, (size_t *)ro));
	EXPECT_EQ(16u, seek_of(s));
	EXPECT_STREQ("abcdABCDijklijklqrstuvwxyz", vmo_text(vmo));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

TEST(hostile_counts_and_capacities)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	char buf[32] = { 0 };
	zx_iovec_t vec[4] = { { buf, 0 }, { buf, 0 }, { buf, 3 },
			      { buf, SIZE_MAX } };
	size_t actual = 42;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	s = stream(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE, vmo, 0);
	/* Counts that run past the array, or past the address space. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv(s, 0, vec, SIZE_MAX, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, vec, SIZE_MAX / 16 + 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_readv(s, 0, vec, 1ull << 40, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev_at(s, 0, 0, vec, 1ull << 40, &actual));
	/* Capacities whose sum overflows. */
	vec[2].capacity = 1;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_stream_readv(s, 0, vec, 4, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_stream_writev(s, 0, vec, 4, &actual));
	EXPECT_EQ(0u, seek_of(s));
	/* Empty vectors are skipped; a huge last one is cut to the content. */
	vec[2].capacity = 3;
	vec[3].capacity = INT64_MAX;
	ASSERT_EQ(ZX_OK, zx_stream_readv(s, 0, vec, 4, &actual));
	EXPECT_EQ(26u, actual);
	/* Only empty vectors: ZX_OK, 0, even past the array's end later. */
	actual = 42;
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, 0, vec, 2, &actual));
	EXPECT_EQ(0u, actual);
	ASSERT_EQ(ZX_OK, zx_stream_writev(s, ZX_STREAM_APPEND, vec, 2,
					  &actual));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(26u, content_size(vmo));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

/* The raw ABI: reserved fields, word sizes, 4-byte vectors. */
TEST(abi)
{
	zx_handle_t vmo = alphabet_vmo(page(), 0), s;
	int fd = zx_linux_device_fd();
	struct zx_abi_iovec32 v32[2];
	struct zx_ioc_stream_io a;
	uint32_t actual32 = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_GE(fd, 0);
	s = stream(ZX_STREAM_MODE_READ, vmo, 0);
	memset(&a, 0, sizeof(a));
	a.handle = s;
	a.vector = (uintptr_t)v32;
	a.num_vector = 2;
	a.actual = (uintptr_t)&actual32;
	a.word_size = 4;
	v32[0].buffer = 0;
	v32[1].buffer = 0;
	v32[1].capacity = UINT32_MAX;
	/* 4-byte capacities sum within 32 bits or not at all. */
	v32[0].capacity = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_STREAM_READV, &a));
	v32[1].capacity = 0;
	v32[0].capacity = 0;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_STREAM_READV, &a));
	EXPECT_EQ(0u, actual32);
	a.word_size = 3;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_STREAM_READV, &a));
	a.word_size = 4;
	a.reserved = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_STREAM_READV, &a));
	a.reserved = 0;
	/* Only the _at calls read offset. */
	a.offset = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_STREAM_READV, &a));
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_STREAM_READV_AT, &a));
	zx_handle_close(s);
	zx_handle_close(vmo);
}

/* ------------------------------------------------------------- races */

struct resize_race {
	zx_handle_t vmo, s;
	size_t initial, truncate;
	zx_status_t boundary, start, resize;
	size_t boundary_actual, start_actual;
	int go;
};

static void wait_go(struct resize_race *r)
{
	while (!__atomic_load_n(&r->go, __ATOMIC_ACQUIRE))
		sched_yield();
}

static void *race_boundary(void *arg)
{
	struct resize_race *r = arg;
	char buf[16] = { 1 };
	zx_iovec_t vec = { buf, sizeof(buf) };

	wait_go(r);
	r->boundary = zx_stream_writev_at(r->s, 0, r->initial - sizeof(buf),
					  &vec, 1, &r->boundary_actual);
	return NULL;
}

static void *race_start(void *arg)
{
	struct resize_race *r = arg;
	char buf[16] = { 2 };
	zx_iovec_t vec = { buf, sizeof(buf) };

	wait_go(r);
	r->start = zx_stream_writev_at(r->s, 0, 0, &vec, 1, &r->start_actual);
	return NULL;
}

static void *race_resize(void *arg)
{
	struct resize_race *r = arg;

	wait_go(r);
	r->resize = zx_vmo_set_size(r->vmo, r->truncate);
	return NULL;
}

TEST(writes_race_a_resize)
{
	for (int i = 0; i < 40; i++) {
		struct resize_race r = {
			.initial = page() + 8, .truncate = page(),
		};
		pthread_t t[3];
		uint64_t cs;

		r.vmo = zx_test_vmo(r.initial, ZX_VMO_RESIZABLE);
		ASSERT_NE(ZX_HANDLE_INVALID, r.vmo);
		r.s = stream(ZX_STREAM_MODE_WRITE, r.vmo, 0);
		ASSERT_NE(ZX_HANDLE_INVALID, r.s);
		ASSERT_EQ(0, pthread_create(&t[0], NULL, race_boundary, &r));
		ASSERT_EQ(0, pthread_create(&t[1], NULL, race_start, &r));
		ASSERT_EQ(0, pthread_create(&t[2], NULL, race_resize, &r));
		__atomic_store_n(&r.go, 1, __ATOMIC_RELEASE);
		for (int j = 0; j < 3; j++)
			pthread_join(t[j], NULL);
		EXPECT_EQ(ZX_OK, r.boundary);
		EXPECT_EQ(16u, r.boundary_actual);
		EXPECT_EQ(ZX_OK, r.start);
		EXPECT_EQ(16u, r.start_actual);
		EXPECT_EQ(ZX_OK, r.resize);
		cs = content_size(r.vmo);
		EXPECT_TRUE(cs == r.initial || cs == r.truncate);
		EXPECT_LE(cs, vmo_size(r.vmo));
		zx_handle_close(r.s);
		zx_handle_close(r.vmo);
	}
}

static void *race_read(void *arg)
{
	struct resize_race *r = arg;
	char buf[16];
	zx_iovec_t vec = { buf, sizeof(buf) };

	wait_go(r);
	r->start = zx_stream_readv(r->s, 0, &vec, 1, &r->start_actual);
	return NULL;
}

TEST(reads_race_a_shrink)
{
	for (int i = 0; i < 40; i++) {
		struct resize_race r = { .initial = 80, .truncate = 0 };
		pthread_t t[2];
		size_t actual = 42;
		char buf[16];
		zx_iovec_t vec = { buf, sizeof(buf) };

		r.vmo = zx_test_vmo(r.initial, ZX_VMO_RESIZABLE);
		ASSERT_NE(ZX_HANDLE_INVALID, r.vmo);
		r.s = stream(ZX_STREAM_MODE_READ, r.vmo, 0);
		ASSERT_NE(ZX_HANDLE_INVALID, r.s);
		ASSERT_EQ(0, pthread_create(&t[0], NULL, race_read, &r));
		ASSERT_EQ(0, pthread_create(&t[1], NULL, race_resize, &r));
		__atomic_store_n(&r.go, 1, __ATOMIC_RELEASE);
		pthread_join(t[0], NULL);
		pthread_join(t[1], NULL);
		/* Before the shrink or after it, never half. */
		EXPECT_EQ(ZX_OK, r.start);
		EXPECT_TRUE(r.start_actual == 0 || r.start_actual == 16);
		EXPECT_EQ(ZX_OK, r.resize);
		EXPECT_EQ(0u, content_size(r.vmo));
		ASSERT_EQ(ZX_OK, zx_stream_readv(r.s, 0, &vec, 1, &actual));
		EXPECT_EQ(0u, actual);
		zx_handle_close(r.s);
		zx_handle_close(r.vmo);
	}
}

#define APPENDERS	4
#define APPEND_BYTES	256

struct appender {
	zx_handle_t vmo, shared;
	const uint8_t *bytes;
	int index;
	bool own_stream;
	zx_status_t status;
};

static void *append_main(void *arg)
{
	struct appender *a = arg;
	const int per = APPEND_BYTES / APPENDERS;
	zx_handle_t s = a->shared;

	a->status = ZX_OK;
	if (a->own_stream)
		s = stream(ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND, a->vmo,
			   0);
	for (int i = 0; i < per && a->status == ZX_OK; i++) {
		zx_iovec_t vec = {
			(void *)&a->bytes[a->index * per + i], 1,
		};
		size_t actual = 0;

		a->status = a->own_stream ?
			zx_stream_writev(s, 0, &vec, 1, &actual) :
			zx_stream_writev(s, ZX_STREAM_APPEND, &vec, 1,
					 &actual);
		if (a->status == ZX_OK && actual != 1)
			a->status = ZX_ERR_INTERNAL;
	}
	if (a->own_stream)
		zx_handle_close(s);
	return NULL;
}

static int cmp_u8(const void *x, const void *y)
{
	return *(const uint8_t *)x - *(const uint8_t *)y;
}

static void concurrent_appends(struct __test_metadata *_metadata,
			       bool own_streams, uint32_t vmo_options)
{
	struct appender a[APPENDERS];
	uint8_t bytes[APPEND_BYTES], got[APPEND_BYTES];
	pthread_t t[APPENDERS];
	zx_handle_t vmo = zx_test_vmo(own_streams ? page() : 0, vmo_options);
	zx_handle_t shared;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, set_content_size(vmo, 0));
	shared = stream(ZX_STREAM_MODE_WRITE, vmo, 0);
	for (int i = 0; i < APPEND_BYTES; i++)
		bytes[i] = (uint8_t)i;
	for (int i = 0; i < APPENDERS; i++) {
		a[i] = (struct appender){ vmo, shared, bytes, i, own_streams,
					  1 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, append_main, &a[i]));
	}
	for (int i = 0; i < APPENDERS; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(ZX_OK, a[i].status);
	}
	EXPECT_EQ((uint64_t)APPEND_BYTES, content_size(vmo));
	ASSERT_EQ(ZX_OK, zx_vmo_read(vmo, got, 0, sizeof(got)));
	qsort(got, sizeof(got), 1, cmp_u8);
	EXPECT_EQ(0, memcmp(bytes, got, sizeof(got)));
	if (!own_streams)
		EXPECT_EQ((uint64_t)APPEND_BYTES, seek_of(shared));
	zx_handle_close(shared);
	zx_handle_close(vmo);
}

TEST(concurrent_appends_own_streams)
{
	concurrent_appends(_metadata, true, 0);
}

TEST(concurrent_appends_one_stream_growing_vmo)
{
	concurrent_appends(_metadata, false, ZX_VMO_RESIZABLE);
}

ZX_TEST_MAIN(NULL, NULL)
