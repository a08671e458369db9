// SPDX-License-Identifier: GPL-2.0
/*
 * No call copies uninitialised kernel memory to user space.
 *
 * Each call that writes to user memory is made twice, into buffers
 * poisoned with two different patterns.  Then:
 *   - every byte the call should write is the same in both runs, so the
 *     kernel wrote each one (a byte left as it was would differ), and each
 *     run wrote the same thing (stale kernel memory would rarely repeat);
 *   - every byte past that still holds its poison: nothing more is written;
 *   - padding and reserved fields are zero.
 */
#include <stddef.h>
#include <sys/ioctl.h>

#include <linux/zircon.h>

#include "zx_test_util.h"

#define POISON1	0xa5
#define POISON2	0x5a
#define BUF	4096

/* One way to fill @buf (BUF bytes); returns the status of the call. */
typedef zx_status_t (*fill_fn)(void *ctx, uint8_t *buf);

struct run {
	uint8_t a[BUF], b[BUF];
};

/* A range of the buffer the call is to write. */
struct span {
	size_t off, len;
};

static bool in_spans(size_t i, const struct span *w, int n)
{
	for (int k = 0; k < n; k++)
		if (i >= w[k].off && i < w[k].off + w[k].len)
			return true;
	return false;
}

/*
 * Runs @fn into both poisons; checks that the @n spans @w match and that
 * every other byte is untouched.  Returns false (after reporting) on a
 * difference; the first run's bytes stay in r->a.
 */
static bool poisoned_spans(struct __test_metadata *_metadata, struct run *r,
			   fill_fn fn, void *ctx, const struct span *w, int n,
			   zx_status_t expect)
{
	memset(r->a, POISON1, BUF);
	memset(r->b, POISON2, BUF);
	EXPECT_EQ(expect, fn(ctx, r->a));
	EXPECT_EQ(expect, fn(ctx, r->b));
	for (size_t i = 0; i < BUF; i++) {
		if (in_spans(i, w, n) && r->a[i] != r->b[i]) {
			TH_LOG("byte %zu not written (%#x / %#x)", i,
			       r->a[i], r->b[i]);
			return false;
		}
		if (!in_spans(i, w, n) &&
		    (r->a[i] != POISON1 || r->b[i] != POISON2)) {
			TH_LOG("byte %zu written, outside the output", i);
			return false;
		}
	}
	return true;
}

/* The output is the first @want bytes. */
static bool poisoned(struct __test_metadata *_metadata, struct run *r,
		     fill_fn fn, void *ctx, size_t want, zx_status_t expect)
{
	struct span w = { 0, want };

	return poisoned_spans(_metadata, r, fn, ctx, &w, 1, expect);
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* ------------------------------------------------------- the version */

static zx_status_t fill_version(void *ctx, uint8_t *buf)
{
	(void)ctx;
	if (ioctl(zx_linux_device_fd(), ZX_IOC_VERSION, buf) != 0)
		return ZX_ERR_INTERNAL;
	return ZX_OK;
}

TEST(version)
{
	struct run r;

	ASSERT_TRUE(poisoned(_metadata, &r, fill_version, NULL,
			     sizeof(struct zx_ioc_version), ZX_OK));
}

/* ------------------------------------------------------------ get_info */

struct info_ctx {
	zx_handle_t h;
	uint32_t topic;
	size_t size;		/* buffer size passed */
	size_t actual, avail;
};

/* One record at the start of buf. */
static zx_status_t fill_info(void *ctx, uint8_t *buf)
{
	struct info_ctx *c = ctx;

	return zx_object_get_info(c->h, c->topic, buf, c->size, &c->actual,
				  &c->avail);
}

static bool info_clean(struct __test_metadata *_metadata, struct run *r,
		       zx_handle_t h, uint32_t topic, size_t size)
{
	struct info_ctx c = { .h = h, .topic = topic, .size = size };

	if (!poisoned(_metadata, r, fill_info, &c, size, ZX_OK))
		return false;
	EXPECT_EQ(1u, c.actual);
	EXPECT_EQ(1u, c.avail);
	return true;
}

TEST(info_handle_basic)
{
	zx_info_handle_basic_t info;
	zx_handle_t a, b;
	struct run r;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	ASSERT_TRUE(info_clean(_metadata, &r, a, ZX_INFO_HANDLE_BASIC,
			       sizeof(info)));
	memcpy(&info, r.a, sizeof(info));
	/* The reserved word is ZX_OBJ_PROP_WAITABLE or nothing. */
	EXPECT_EQ(0u, info.reserved & ~ZX_OBJ_PROP_WAITABLE);
	EXPECT_TRUE(all_zero(info.padding1, sizeof(info.padding1)));
	EXPECT_EQ(zx_test_koid(b), info.related_koid);
	zx_handle_close(a);
	zx_handle_close(b);
}

TEST(info_handle_count)
{
	zx_handle_t h = zx_test_event();
	struct run r;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(info_clean(_metadata, &r, h, ZX_INFO_HANDLE_COUNT,
			       sizeof(zx_info_handle_count_t)));
	zx_handle_close(h);
}

TEST(info_vmo_every_version)
{
	static const struct {
		uint32_t topic;
		size_t size;
	} v[] = {
		/* Each version ends where the next one's fields begin. */
		{ ZX_INFO_VMO_V1, offsetof(zx_info_vmo_t, metadata_bytes) },
		{ ZX_INFO_VMO_V2, offsetof(zx_info_vmo_t, populated_bytes) },
		{ ZX_INFO_VMO_V3,
		  offsetof(zx_info_vmo_t, committed_private_bytes) },
		{ ZX_INFO_VMO, sizeof(zx_info_vmo_t) },
	};
	zx_handle_t h = zx_test_vmo(65536, ZX_VMO_RESIZABLE), c;
	zx_info_vmo_t info;
	struct run r;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_object_set_property(h, ZX_PROP_NAME, "p", 1));
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(h, ZX_VMO_CHILD_SNAPSHOT, 0,
					     4096, &c));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		ASSERT_TRUE(info_clean(_metadata, &r, c, v[i].topic,
				       v[i].size)) {
			TH_LOG("topic %#x", v[i].topic);
		}
		memset(&info, 0, sizeof(info));
		memcpy(&info, r.a, v[i].size);
		EXPECT_TRUE(all_zero(info.padding1, sizeof(info.padding1)));
		/* The name field is NUL-padded, not left as it was. */
		EXPECT_TRUE(all_zero(info.name + 1, sizeof(info.name) - 1));
	}
	zx_handle_close(c);
	zx_handle_close(h);
}

TEST(info_vmar)
{
	zx_handle_t root = zx_vmar_root_self();
	struct run r;

	ASSERT_NE(ZX_HANDLE_INVALID, root);
	ASSERT_TRUE(info_clean(_metadata, &r, root, ZX_INFO_VMAR,
			       sizeof(zx_info_vmar_t)));
}

/* ---------------------------------------------------------- properties */

struct prop_ctx {
	zx_handle_t h;
	uint32_t prop;
	size_t size;
};

static zx_status_t fill_prop(void *ctx, uint8_t *buf)
{
	struct prop_ctx *c = ctx;

	return zx_object_get_property(c->h, c->prop, buf, c->size);
}

TEST(property_name_is_nul_padded)
{
	struct prop_ctx c = { .prop = ZX_PROP_NAME, .size = ZX_MAX_NAME_LEN };
	struct run r;

	c.h = zx_test_vmo(4096, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, c.h);
	ASSERT_EQ(ZX_OK, zx_object_set_property(c.h, ZX_PROP_NAME, "ab", 2));
	ASSERT_TRUE(poisoned(_metadata, &r, fill_prop, &c, ZX_MAX_NAME_LEN,
			     ZX_OK));
	EXPECT_EQ(0, memcmp(r.a, "ab", 3));
	EXPECT_TRUE(all_zero(r.a + 2, ZX_MAX_NAME_LEN - 2));
	zx_handle_close(c.h);
}

TEST(property_content_size)
{
	struct prop_ctx c = {
		.prop = ZX_PROP_VMO_CONTENT_SIZE, .size = sizeof(uint64_t),
	};
	struct run r;

	c.h = zx_test_vmo(100, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, c.h);
	ASSERT_TRUE(poisoned(_metadata, &r, fill_prop, &c, sizeof(uint64_t),
			     ZX_OK));
	zx_handle_close(c.h);
}

/* ------------------------------------------------------------- waiting */

static zx_status_t fill_wait(void *ctx, uint8_t *buf)
{
	zx_handle_t h = *(zx_handle_t *)ctx;

	return zx_object_wait_one(h, ZX_USER_SIGNAL_0, 0,
				  (zx_signals_t *)buf);
}

TEST(wait_observed)
{
	zx_handle_t h = zx_test_event();
	struct run r;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(poisoned(_metadata, &r, fill_wait, &h,
			     sizeof(zx_signals_t), ZX_ERR_TIMED_OUT));
	zx_handle_close(h);
}

/* ---------------------------------------------------------------- VMOs */

static zx_status_t fill_vmo_read(void *ctx, uint8_t *buf)
{
	return zx_vmo_read(*(zx_handle_t *)ctx, buf, 100, 1000);
}

/* Never-written pages read as zeros, not as whatever the kernel had. */
TEST(vmo_read_of_unwritten_pages)
{
	zx_handle_t h = zx_test_vmo(1 << 20, 0);
	struct run r;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(poisoned(_metadata, &r, fill_vmo_read, &h, 1000, ZX_OK));
	EXPECT_TRUE(all_zero(r.a, 1000));
	zx_handle_close(h);
}

static zx_status_t fill_vmo_size(void *ctx, uint8_t *buf)
{
	return zx_vmo_get_size(*(zx_handle_t *)ctx, (uint64_t *)buf);
}

TEST(vmo_get_size)
{
	zx_handle_t h = zx_test_vmo(3, 0);
	struct run r;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_TRUE(poisoned(_metadata, &r, fill_vmo_size, &h,
			     sizeof(uint64_t), ZX_OK));
	zx_handle_close(h);
}

/* A mapping of a fresh VMO shows zeros, through every page. */
TEST(mapping_of_fresh_vmo_is_zero)
{
	const size_t len = 16 * 4096;
	zx_handle_t h = zx_test_vmo(len, 0);
	zx_vaddr_t addr = 0;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(), ZX_VM_PERM_READ, 0,
				     h, 0, len, &addr));
	EXPECT_TRUE(all_zero((void *)addr, len));
	EXPECT_EQ(ZX_OK, zx_vmar_unmap(zx_vmar_root_self(), addr, len));
	zx_handle_close(h);
}

/* ------------------------------------------------------------ channels */

struct chan_ctx {
	zx_handle_t w, r;
	bool etc;
};

/*
 * Writes a message of 3 bytes and 2 handles, then reads it into buf:
 * bytes at 0, handles (or handle infos) at 64, actual counts at 512.
 */
static zx_status_t fill_channel_read(void *ctx, uint8_t *buf)
{
	struct chan_ctx *c = ctx;
	zx_handle_t hs[2] = { zx_test_event(), zx_test_event() };
	uint32_t nb, nh;
	zx_status_t s;

	s = zx_channel_write(c->w, 0, "abc", 3, hs, 2);
	if (s != ZX_OK)
		return s;
	if (c->etc)
		s = zx_channel_read_etc(c->r, 0, buf, (void *)(buf + 64), 3,
					2, &nb, &nh);
	else
		s = zx_channel_read(c->r, 0, buf, (void *)(buf + 64), 3, 2,
				    &nb, &nh);
	memcpy(buf + 512, &nb, 4);
	memcpy(buf + 516, &nh, 4);
	if (s == ZX_OK) {
		/* Handle values differ between runs: blank them. */
		for (int i = 0; i < 2; i++) {
			zx_handle_t v;
			size_t off = 64 + i * (c->etc ?
					       sizeof(zx_handle_info_t) : 4);

			memcpy(&v, buf + off, sizeof(v));
			if (zx_handle_close(v) != ZX_OK)
				return ZX_ERR_INTERNAL;
			memset(buf + off, 0, sizeof(v));
		}
	}
	return s;
}

static void channel_read_case(struct __test_metadata *_metadata, bool etc)
{
	struct chan_ctx c = { .etc = etc };
	size_t hsz = etc ? sizeof(zx_handle_info_t) : sizeof(zx_handle_t);
	/* The bytes, the handles, the two counts; nothing else. */
	const struct span w[] = { { 0, 3 }, { 64, 2 * hsz }, { 512, 8 } };
	zx_handle_info_t info[2];
	struct run r;

	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c.w, &c.r));
	ASSERT_TRUE(poisoned_spans(_metadata, &r, fill_channel_read, &c, w, 3,
				   ZX_OK));
	EXPECT_EQ(0, memcmp(r.a, "abc", 3));
	if (etc) {
		memcpy(info, r.a + 64, sizeof(info));
		for (int i = 0; i < 2; i++) {
			EXPECT_EQ(0u, info[i].unused);
			EXPECT_EQ((zx_obj_type_t)ZX_OBJ_TYPE_EVENT,
				  info[i].type);
		}
	}
	zx_handle_close(c.w);
	zx_handle_close(c.r);
}

TEST(channel_read)
{
	channel_read_case(_metadata, false);
}

TEST(channel_read_etc)
{
	channel_read_case(_metadata, true);
}

/* ---------------------------------------------------- handle creation */

static zx_status_t fill_two_handles(void *ctx, uint8_t *buf)
{
	zx_handle_t *out = (zx_handle_t *)buf;
	zx_status_t s;

	(void)ctx;
	s = zx_eventpair_create(0, &out[0], &out[1]);
	if (s != ZX_OK)
		return s;
	/* Both were written, or closing them fails. */
	if (zx_handle_close(out[0]) != ZX_OK ||
	    zx_handle_close(out[1]) != ZX_OK)
		return ZX_ERR_INTERNAL;
	/* Values may differ from run to run: blank them. */
	out[0] = 0;
	out[1] = 0;
	return ZX_OK;
}

/* Only the out parameters are written, nothing around them. */
TEST(create_writes_only_its_outputs)
{
	struct run r;

	ASSERT_TRUE(poisoned(_metadata, &r, fill_two_handles, NULL,
			     2 * sizeof(zx_handle_t), ZX_OK));
}

ZX_TEST_MAIN(NULL, NULL)
