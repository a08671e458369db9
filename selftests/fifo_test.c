// SPDX-License-Identifier: GPL-2.0
/*
 * FIFOs: zx_fifo_create(), zx_fifo_write() and zx_fifo_read() with every
 * documented error, their signals, waits and asynchronous waits on them,
 * rights, bad handles, bad pointers and hostile sizes, and their charge to
 * the per-user byte quota.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/zircon.h>
#include <zircon/linux.h>

#include "zx_test_util.h"

#define ESZ	16
#define ECOUNT	4

struct elem {
	uint64_t seq;
	uint64_t tag;
};

FIXTURE(fifo) {
	zx_handle_t a, b;
};

FIXTURE_SETUP(fifo)
{
	self->a = self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_fifo_create(ECOUNT, ESZ, 0, &self->a, &self->b));
}

FIXTURE_TEARDOWN(fifo)
{
	zx_handle_close(self->a);
	zx_handle_close(self->b);
}

static struct elem mk(uint64_t seq)
{
	struct elem e = { .seq = seq, .tag = ~seq };

	return e;
}

TEST_F(fifo, create_rights_types_koids_signals)
{
	zx_info_handle_basic_t a = zx_test_basic(self->a);
	zx_info_handle_basic_t b = zx_test_basic(self->b);

	EXPECT_EQ(ZX_OBJ_TYPE_FIFO, a.type);
	EXPECT_EQ(ZX_OBJ_TYPE_FIFO, b.type);
	EXPECT_EQ(ZX_DEFAULT_FIFO_RIGHTS, a.rights);
	EXPECT_EQ(ZX_DEFAULT_FIFO_RIGHTS, b.rights);
	EXPECT_EQ(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_SIGNAL |
		  ZX_RIGHT_SIGNAL_PEER, a.rights);
	EXPECT_NE(a.koid, b.koid);
	EXPECT_EQ(b.koid, a.related_koid);
	EXPECT_EQ(a.koid, b.related_koid);
	EXPECT_EQ(ZX_OBJ_PROP_WAITABLE, a.props);
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->b));
}

TEST(create_sizes)
{
	static const struct { size_t count, size; zx_status_t want; } c[] = {
		{ 0, 16, ZX_ERR_OUT_OF_RANGE },
		{ 16, 0, ZX_ERR_OUT_OF_RANGE },
		{ 0, 0, ZX_ERR_OUT_OF_RANGE },
		{ 1, 1, ZX_OK },
		{ 4096, 1, ZX_OK },
		{ 1, 4096, ZX_OK },
		{ 256, 16, ZX_OK },
		{ 3, 16, ZX_OK },	/* no power of two needed */
		{ 5, 819, ZX_OK },	/* 4095 bytes */
		{ 4097, 1, ZX_ERR_OUT_OF_RANGE },
		{ 1, 4097, ZX_ERR_OUT_OF_RANGE },
		{ 2, 2049, ZX_ERR_OUT_OF_RANGE },
		{ 257, 16, ZX_ERR_OUT_OF_RANGE },
		/* Products that overflow 64 bits stay out of range. */
		{ (size_t)1 << 33, (size_t)1 << 31, ZX_ERR_OUT_OF_RANGE },
		{ SIZE_MAX, SIZE_MAX, ZX_ERR_OUT_OF_RANGE },
		{ SIZE_MAX, 1, ZX_ERR_OUT_OF_RANGE },
		{ 1, SIZE_MAX, ZX_ERR_OUT_OF_RANGE },
		{ ((size_t)1 << 32) + 1, 1, ZX_ERR_OUT_OF_RANGE },
	};
	long before = zx_test_live_objects();

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

		EXPECT_EQ(c[i].want, zx_fifo_create(c[i].count, c[i].size, 0,
						    &a, &b))
			TH_LOG("count %zu size %zu", c[i].count, c[i].size);
		if (c[i].want == ZX_OK) {
			EXPECT_EQ(ZX_OBJ_TYPE_FIFO, zx_test_basic(a).type);
			EXPECT_EQ(ZX_OK, zx_handle_close(a));
			EXPECT_EQ(ZX_OK, zx_handle_close(b));
		} else {
			EXPECT_EQ(ZX_HANDLE_INVALID, a);
			EXPECT_EQ(ZX_HANDLE_INVALID, b);
		}
	}
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(create_options_and_out_pointers)
{
	long before = zx_test_live_objects();
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(4, 16, 1, &a, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_create(4, 16, 0x80000000u, &a, &b));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(4, 16, 0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_create(4, 16, 0, &a, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_create(4, 16, 0, &a, ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_create(4, 16, 0, ZX_TEST_BAD_PTR, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_create(4, 16, 0, &a,
				 (zx_handle_t *)zx_test_readonly_page()));
	if (a != ZX_HANDLE_INVALID)
		EXPECT_FALSE(zx_test_valid(a));
	if (b != ZX_HANDLE_INVALID)
		EXPECT_FALSE(zx_test_valid(b));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST_F(fifo, write_read_in_order_and_signals)
{
	struct elem in[3] = { mk(1), mk(2), mk(3) }, out[ECOUNT];
	size_t actual = 99;

	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, in, 3, &actual));
	EXPECT_EQ(3u, actual);
	EXPECT_EQ(ZX_FIFO_READABLE | ZX_FIFO_WRITABLE,
		  zx_test_signals(self->b));
	/* The writer's own end has nothing to read. */
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->a));
	actual = 99;
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, out, 2, &actual));
	EXPECT_EQ(2u, actual);
	EXPECT_EQ(1u, out[0].seq);
	EXPECT_EQ(2u, out[1].seq);
	EXPECT_EQ(~2ull, out[1].tag);
	/* Asking for more than there is reads what there is. */
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, out, ECOUNT, &actual));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(3u, out[0].seq);
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_fifo_read(self->b, ESZ, out, 1, &actual));
	/* actual may be NULL. */
	EXPECT_EQ(ZX_OK, zx_fifo_write(self->b, ESZ, in, 1, NULL));
	EXPECT_EQ(ZX_OK, zx_fifo_read(self->a, ESZ, out, 1, NULL));
	EXPECT_EQ(1u, out[0].seq);
}

TEST_F(fifo, full_partial_write_and_writable)
{
	struct elem in[6], out[6];
	size_t actual = 0;

	for (int i = 0; i < 6; i++)
		in[i] = mk(100 + i);
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, in, 6, &actual));
	EXPECT_EQ((size_t)ECOUNT, actual);
	EXPECT_EQ(0u, zx_test_signals(self->a) & ZX_FIFO_WRITABLE);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_fifo_write(self->a, ESZ, in + 4, 2, &actual));
	/* Full, so even a bad pointer gets SHOULD_WAIT (nothing copied). */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_fifo_write(self->a, ESZ, ZX_TEST_BAD_PTR, 1, &actual));
	/* The other direction is independent. */
	EXPECT_EQ(ZX_FIFO_WRITABLE | ZX_FIFO_READABLE,
		  zx_test_signals(self->b));
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, out, 1, &actual));
	EXPECT_EQ(100u, out[0].seq);
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->a));
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, in + 4, 2, &actual));
	EXPECT_EQ(1u, actual);
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, out, 6, &actual));
	EXPECT_EQ((size_t)ECOUNT, actual);
	for (int i = 0; i < ECOUNT; i++)
		EXPECT_EQ(101u + i, out[i].seq);
}

TEST(wraparound_odd_count)
{
	zx_handle_t a, b;
	uint32_t next_w = 0, next_r = 0, buf[7];
	size_t actual;

	/* Three 4-byte elements: every write and read size wraps often. */
	ASSERT_EQ(ZX_OK, zx_fifo_create(3, 4, 0, &a, &b));
	for (int round = 0; round < 2000; round++) {
		size_t n = 1 + round % 5, m = 1 + (round * 7) % 4;

		for (size_t i = 0; i < n; i++)
			buf[i] = next_w + i;
		if (zx_fifo_write(a, 4, buf, n, &actual) == ZX_OK)
			next_w += actual;
		if (zx_fifo_read(b, 4, buf, m, &actual) == ZX_OK) {
			for (size_t i = 0; i < actual; i++)
				ASSERT_EQ(next_r + i, buf[i]);
			next_r += actual;
		}
		ASSERT_LE(next_w - next_r, 3u);
	}
	EXPECT_GT(next_r, 1000u);
	zx_handle_close(a);
	zx_handle_close(b);
}

TEST_F(fifo, out_of_range)
{
	struct elem e = mk(1), big[2];
	size_t actual = 77;

	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(self->a, ESZ, &e, 0,
						     &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(self->a, ESZ - 1, &e, 1,
						     &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(self->a, ESZ + 1, &e, 1,
						     &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(self->a, 0, &e, 1,
						     &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_write(self->a, SIZE_MAX, &e,
						     1, &actual));
	EXPECT_EQ(77u, actual);
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, &e, 1, &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(self->b, ESZ, big, 0,
						    &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(self->b, ESZ * 2, big, 1,
						    &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(self->b, 8, big, 2,
						    &actual));
	/* Nothing was consumed. */
	EXPECT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, big, 1, &actual));
	EXPECT_EQ(1u, big[0].seq);
	/* Empty and the wrong size: the size is checked first. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(self->b, 8, big, 1,
						    &actual));
}

TEST_F(fifo, huge_count_copies_only_what_fits)
{
	struct elem *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct elem *last, out[ECOUNT];
	size_t actual = 0;

	ASSERT_NE(MAP_FAILED, page);
	/* Two elements of room, at the very end of the only page mapped. */
	last = page + 4096 / ESZ - 2;
	last[0] = mk(7);
	last[1] = mk(8);
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, out, 2, &actual));
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, last, SIZE_MAX,
				       &actual));
	EXPECT_EQ(2u, actual);
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, out, ECOUNT, &actual));
	EXPECT_EQ((size_t)ECOUNT, actual);
	EXPECT_EQ(7u, out[2].seq);
	EXPECT_EQ(8u, out[3].seq);
	/* Reading: SIZE_MAX elements asked, one there, one written. */
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, out, 1, &actual));
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, page + 4096 / ESZ - 1,
				      SIZE_MAX, &actual));
	EXPECT_EQ(1u, actual);
	munmap(page, 4096);
}

TEST_F(fifo, bad_data_pointers_move_nothing)
{
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct elem e[2] = { mk(1), mk(2) }, out[2];
	void *ro = zx_test_readonly_page();
	size_t actual = 55;

	ASSERT_NE(MAP_FAILED, two);
	ASSERT_EQ(0, munmap(two + 4096, 4096));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(self->a, ESZ, NULL, 1,
						     &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_write(self->a, ESZ, ZX_TEST_BAD_PTR, 1, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_write(self->a, ESZ,
				(void *)(uintptr_t)ZX_TEST_KERNEL_ADDR, 1,
				&actual));
	/* The first element readable, the second not: neither is written. */
	memcpy(two + 4096 - ESZ, &e[0], ESZ);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_write(self->a, ESZ, two + 4096 - ESZ, 2, &actual));
	EXPECT_EQ(55u, actual);
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, zx_fifo_read(self->b, ESZ, out, 1,
						   &actual));

	/* Reading into memory that is not writable leaves the elements. */
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, e, 2, &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(self->b, ESZ, ro, 1,
						    &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_read(self->b, ESZ, NULL, 1,
						    &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_read(self->b, ESZ,
			       (void *)(uintptr_t)ZX_TEST_KERNEL_ADDR, 1,
			       &actual));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_read(self->b, ESZ, two + 4096 - ESZ, 2, &actual));
	EXPECT_EQ(ZX_FIFO_READABLE | ZX_FIFO_WRITABLE,
		  zx_test_signals(self->b));
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, out, 2, &actual));
	EXPECT_EQ(2u, actual);
	EXPECT_EQ(1u, out[0].seq);
	EXPECT_EQ(2u, out[1].seq);
	munmap(two, 4096);
}

TEST_F(fifo, bad_actual_pointer_after_the_move)
{
	struct elem e = mk(9), out;

	/* As in Zircon: the elements move, then storing actual fails. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_fifo_write(self->a, ESZ, &e, 1,
						     ZX_TEST_BAD_PTR));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_fifo_read(self->b, ESZ, &out, 1,
			       (size_t *)zx_test_readonly_page()));
	EXPECT_EQ(9u, out.seq);
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->b));
}

TEST_F(fifo, untouched_pages_are_faulted_in)
{
	char *src = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *dst = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t actual;

	ASSERT_NE(MAP_FAILED, src);
	ASSERT_NE(MAP_FAILED, dst);
	/* Straddling two untouched pages, both ways. */
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, src + 4096 - ESZ, 2,
				       &actual));
	EXPECT_EQ(2u, actual);
	memset(dst, 0x5a, 1);	/* only the first page is present */
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, dst + 4096 - ESZ, 2,
				      &actual));
	EXPECT_EQ(2u, actual);
	for (int i = 0; i < 2 * ESZ; i++)
		ASSERT_EQ(0, dst[4096 - ESZ + i]);
	munmap(src, 8192);
	munmap(dst, 8192);
}

TEST_F(fifo, peer_closed)
{
	struct elem in[2] = { mk(1), mk(2) }, out[2];
	size_t actual;

	ASSERT_EQ(ZX_OK, zx_fifo_write(self->b, ESZ, in, 2, &actual));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_FIFO_PEER_CLOSED | ZX_FIFO_READABLE,
		  zx_test_signals(self->a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(self->a, ESZ, in, 1,
						    &actual));
	/* Peer closed comes before the size checks on a write. */
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(self->a, 3, in, 0,
						    &actual));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_signal_peer(self->a, 0,
							    ZX_USER_SIGNAL_0));
	/* What was written before is still there. */
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->a, ESZ, out, 2, &actual));
	EXPECT_EQ(2u, actual);
	EXPECT_EQ(2u, out[1].seq);
	EXPECT_EQ(ZX_FIFO_PEER_CLOSED, zx_test_signals(self->a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_read(self->a, ESZ, out, 1,
						   &actual));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, zx_fifo_read(self->a, 3, out, 1,
						    &actual));
}

TEST_F(fifo, peer_closed_keeps_koid_and_duplicate_keeps_peer)
{
	zx_koid_t bk = zx_test_koid(self->b);
	zx_handle_t dup;
	struct elem e = mk(5);

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->b, ZX_RIGHT_SAME_RIGHTS,
					     &dup));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = dup;
	/* One handle left: not closed. */
	EXPECT_EQ(ZX_FIFO_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, &e, 1, NULL));
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_FIFO_PEER_CLOSED, zx_test_signals(self->a));
	EXPECT_EQ(bk, zx_test_basic(self->a).related_koid);
}

TEST_F(fifo, handles_and_rights)
{
	zx_handle_t ro, wo, ev = zx_test_event();
	struct elem e = mk(1);
	size_t actual;

	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->a, ZX_RIGHT_READ |
					     ZX_RIGHT_WAIT, &ro));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->b, ZX_RIGHT_WRITE, &wo));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(ro, ESZ, &e, 1,
						      &actual));
	EXPECT_EQ(ZX_OK, zx_fifo_write(wo, ESZ, &e, 1, &actual));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_read(wo, ESZ, &e, 1,
						     &actual));
	EXPECT_EQ(ZX_OK, zx_fifo_read(ro, ESZ, &e, 1, &actual));
	/* Rights are checked before the sizes. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_fifo_write(ro, 1, &e, 0, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_fifo_write(ev, ESZ, &e, 1, &actual));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_fifo_read(ev, ESZ, &e, 1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_write(ZX_HANDLE_INVALID, ESZ, &e,
						   1, &actual));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_read(0x12345678, ESZ, &e, 1,
						  &actual));
	ASSERT_EQ(ZX_OK, zx_handle_close(wo));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_write(wo, ESZ, &e, 1, &actual));
	ASSERT_EQ(ZX_OK, zx_handle_close(ro));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_fifo_read(ro, ESZ, &e, 1, &actual));
	/* No SIGNAL right on a duplicate: signal refused. */
	EXPECT_EQ(ZX_OK, zx_handle_duplicate(self->a, ZX_RIGHT_READ, &ro));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_object_signal(ro, 0,
							 ZX_USER_SIGNAL_0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal_peer(ro, 0, ZX_USER_SIGNAL_0));
	zx_handle_close(ro);
	zx_handle_close(ev);
}

TEST_F(fifo, user_signals_only)
{
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, 0, ZX_USER_SIGNAL_2));
	EXPECT_EQ(ZX_FIFO_WRITABLE | ZX_USER_SIGNAL_2,
		  zx_test_signals(self->a));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_3));
	EXPECT_EQ(ZX_FIFO_WRITABLE | ZX_USER_SIGNAL_3,
		  zx_test_signals(self->b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, 0, ZX_FIFO_READABLE));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, ZX_FIFO_WRITABLE, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal_peer(self->a, 0, ZX_FIFO_PEER_CLOSED));
	EXPECT_EQ(ZX_FIFO_WRITABLE | ZX_USER_SIGNAL_2,
		  zx_test_signals(self->a));
}

struct waiter_arg {
	zx_handle_t h;
	zx_signals_t want, seen;
	zx_status_t status;
};

static void *waiter(void *p)
{
	struct waiter_arg *w = p;

	w->status = zx_object_wait_one(w->h, w->want,
				       zx_deadline_after(ZX_SEC(60)),
				       &w->seen);
	return NULL;
}

TEST_F(fifo, wait_one_wakes_on_readable_and_writable)
{
	struct waiter_arg w = { .h = self->b, .want = ZX_FIFO_READABLE };
	struct elem e[ECOUNT] = { mk(1) };
	pthread_t th;
	size_t actual;

	ASSERT_EQ(0, pthread_create(&th, NULL, waiter, &w));
	zx_test_sleep_ms(20);
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, e, 1, &actual));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_TRUE(!!(w.seen & ZX_FIFO_READABLE));

	/* Fill it; a waiter for WRITABLE wakes when the reader drains. */
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, e, ECOUNT, &actual));
	ASSERT_EQ((size_t)ECOUNT - 1, actual);
	w = (struct waiter_arg){ .h = self->a, .want = ZX_FIFO_WRITABLE };
	ASSERT_EQ(0, pthread_create(&th, NULL, waiter, &w));
	zx_test_sleep_ms(20);
	ASSERT_EQ(ZX_OK, zx_fifo_read(self->b, ESZ, e, 1, &actual));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_TRUE(!!(w.seen & ZX_FIFO_WRITABLE));

	/* And for PEER_CLOSED when the peer goes. */
	w = (struct waiter_arg){ .h = self->a, .want = ZX_FIFO_PEER_CLOSED };
	ASSERT_EQ(0, pthread_create(&th, NULL, waiter, &w));
	zx_test_sleep_ms(20);
	ASSERT_EQ(ZX_OK, zx_handle_close(self->b));
	self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_TRUE(!!(w.seen & ZX_FIFO_PEER_CLOSED));
	EXPECT_FALSE(!!(w.seen & ZX_FIFO_WRITABLE));
	EXPECT_EQ(ZX_ERR_TIMED_OUT,
		  zx_object_wait_one(self->a, ZX_FIFO_WRITABLE,
				     zx_deadline_after(ZX_MSEC(1)), NULL));
}

TEST_F(fifo, wait_async_and_wait_many)
{
	zx_port_packet_t pk;
	zx_handle_t port;
	struct elem e = mk(3);
	zx_wait_item_t items[2] = {
		{ .handle = self->a, .waitfor = ZX_FIFO_READABLE },
		{ .handle = self->b, .waitfor = ZX_FIFO_READABLE },
	};

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(self->b, port, 42,
					      ZX_FIFO_READABLE, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pk));
	ASSERT_EQ(ZX_OK, zx_fifo_write(self->a, ESZ, &e, 1, NULL));
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(ZX_SEC(10)),
				      &pk));
	EXPECT_EQ(42u, pk.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pk.type);
	EXPECT_TRUE(!!(pk.signal.observed & ZX_FIFO_READABLE));
	EXPECT_EQ(ZX_OK, zx_object_wait_many(items, 2, 0));
	EXPECT_EQ(ZX_FIFO_WRITABLE, items[0].pending);
	EXPECT_EQ(ZX_FIFO_WRITABLE | ZX_FIFO_READABLE, items[1].pending);
	zx_handle_close(port);
}

/* struct zx_ioc_fifo_rw straight: a 32-bit caller's actual is 4 bytes. */
TEST_F(fifo, raw_word_size)
{
	int fd = zx_linux_device_fd();
	struct elem e[2] = { mk(1), mk(2) };
	uint64_t actual = ~0ull;
	struct zx_ioc_fifo_rw a = {
		.handle = self->a, .word_size = 4, .elem_size = ESZ,
		.data = (uintptr_t)e, .count = 2, .actual = (uintptr_t)&actual,
	};

	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_FIFO_WRITE, &a));
	EXPECT_EQ(0xffffffff00000002ull, actual);
	a.word_size = 3;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_FIFO_WRITE, &a));
	a.word_size = 0;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_FIFO_READ, &a));
	/* The argument itself unreadable. */
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_FIFO_READ, ZX_TEST_BAD_PTR));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_FIFO_CREATE, ZX_TEST_BAD_PTR));
}

TEST(raw_create_reserved)
{
	int fd = zx_linux_device_fd();
	zx_handle_t h0 = 0, h1 = 0;
	struct zx_ioc_fifo_create c = {
		.elem_count = 4, .elem_size = 4, .reserved = 1,
		.out0 = (uintptr_t)&h0, .out1 = (uintptr_t)&h1,
	};

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_FIFO_CREATE, &c));
	c.reserved = 0;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_FIFO_CREATE, &c));
	EXPECT_EQ(ZX_OK, zx_handle_close(h0));
	EXPECT_EQ(ZX_OK, zx_handle_close(h1));
}

TEST(version_feature)
{
	struct zx_ioc_version v;

	ASSERT_EQ(0, ioctl(zx_linux_device_fd(), ZX_IOC_VERSION, &v));
	EXPECT_TRUE(!!(v.features & ZX_FEATURE_FIFO));
}

/* The rings count against max_queued_bytes_per_user while they exist. */
TEST(byte_quota)
{
	long saved = zx_test_read_param("max_queued_bytes_per_user");
	long before = zx_test_live_objects();
	zx_handle_t a[4], b[4];
	int made = 0;
	zx_status_t s = ZX_OK;

	if (geteuid() != 0 || saved < 0)
		SKIP(return, "needs root and max_queued_bytes_per_user");
	/* Room for some 2.5 pairs of 4 KiB rings over what is in use. */
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 20480));
	for (made = 0; made < 4; made++) {
		s = zx_fifo_create(256, 16, 0, &a[made], &b[made]);
		if (s != ZX_OK)
			break;
	}
	EXPECT_EQ(ZX_ERR_NO_RESOURCES, s);
	EXPECT_LE(made, 2);
	for (int i = 0; i < made; i++) {
		zx_handle_close(a[i]);
		zx_handle_close(b[i]);
	}
	/* Freed rings give the bytes back. */
	if (made > 0) {
		EXPECT_EQ(ZX_OK, zx_fifo_create(256, 16, 0, &a[0], &b[0]));
		zx_handle_close(a[0]);
		zx_handle_close(b[0]);
	}
	EXPECT_EQ(0, zx_test_write_param("max_queued_bytes_per_user", saved));
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

ZX_TEST_MAIN(NULL, NULL)
