// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets: zx_socket_create(), zx_socket_write(), zx_socket_read(),
 * zx_socket_set_disposition(), the threshold properties, ZX_INFO_SOCKET,
 * their signals and every documented error, bad pointers and hostile
 * sizes, the per-user quota and the module parameters.
 */
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/userfaultfd.h>

#include <linux/zircon.h>
#include <zircon/linux.h>

#include "zx_test_util.h"

#define DEFAULT_CAP	257024u

static zx_info_socket_t sock_info(zx_handle_t h)
{
	zx_info_socket_t info;

	memset(&info, 0xa5, sizeof(info));
	if (zx_object_get_info(h, ZX_INFO_SOCKET, &info, sizeof(info), NULL,
			       NULL) != ZX_OK)
		memset(&info, 0, sizeof(info));
	return info;
}

static zx_status_t wr(zx_handle_t h, const void *p, size_t n, size_t *actual)
{
	return zx_socket_write(h, 0, p, n, actual);
}

static zx_status_t rd(zx_handle_t h, void *p, size_t n, size_t *actual)
{
	return zx_socket_read(h, 0, p, n, actual);
}

FIXTURE(stream) {
	zx_handle_t a, b;
};

FIXTURE_SETUP(stream)
{
	self->a = self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_socket_create(ZX_SOCKET_STREAM, &self->a,
					  &self->b));
}

FIXTURE_TEARDOWN(stream)
{
	zx_handle_close(self->a);
	zx_handle_close(self->b);
}

FIXTURE(dgram) {
	zx_handle_t a, b;
};

FIXTURE_SETUP(dgram)
{
	self->a = self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_socket_create(ZX_SOCKET_DATAGRAM, &self->a,
					  &self->b));
}

FIXTURE_TEARDOWN(dgram)
{
	zx_handle_close(self->a);
	zx_handle_close(self->b);
}

TEST_F(stream, create_rights_types_and_koids)
{
	zx_info_handle_basic_t a = zx_test_basic(self->a);
	zx_info_handle_basic_t b = zx_test_basic(self->b);
	zx_info_socket_t info = sock_info(self->a);

	EXPECT_EQ(ZX_OBJ_TYPE_SOCKET, a.type);
	EXPECT_EQ(ZX_OBJ_TYPE_SOCKET, b.type);
	EXPECT_EQ(ZX_DEFAULT_SOCKET_RIGHTS, a.rights);
	EXPECT_EQ(ZX_DEFAULT_SOCKET_RIGHTS, b.rights);
	EXPECT_NE(0u, a.rights & ZX_RIGHT_MANAGE_SOCKET);
	EXPECT_EQ(b.koid, a.related_koid);
	EXPECT_EQ(a.koid, b.related_koid);
	EXPECT_EQ(ZX_OBJ_PROP_WAITABLE, a.props);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(ZX_SOCKET_STREAM, info.options);
	EXPECT_EQ(0u, info.rx_buf_size);
	EXPECT_EQ(info.rx_buf_max, info.tx_buf_max);
	EXPECT_EQ((size_t)zx_test_read_param("max_socket_bytes"),
		  info.rx_buf_max);
}

TEST(create_options_and_pointers)
{
	zx_handle_t a = ZX_HANDLE_INVALID, b = ZX_HANDLE_INVALID;
	long before = zx_test_live_objects();
	void *ro = zx_test_readonly_page();

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(2, &a, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(0x80000001u, &a, &b));
	EXPECT_EQ(ZX_HANDLE_INVALID, a);
	EXPECT_EQ(ZX_HANDLE_INVALID, b);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(0, NULL, &b));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_create(0, &a, ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_create(0, ZX_TEST_BAD_PTR, &b));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 2000));
	ASSERT_EQ(ZX_OK, zx_socket_create(ZX_SOCKET_DATAGRAM, &a, &b));
	EXPECT_EQ(ZX_SOCKET_DATAGRAM, sock_info(b).options);
	EXPECT_EQ(ZX_OK, zx_handle_close(a));
	EXPECT_EQ(ZX_OK, zx_handle_close(b));
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 2000));
	munmap(ro, (size_t)getpagesize());
}

TEST_F(stream, write_read_in_order)
{
	const uint32_t data[] = { 0xdeadbeef, 0xc0ffee };
	uint32_t out[2] = { 0 };
	size_t n = 99;

	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->a, out, sizeof(out), &n));
	EXPECT_EQ(99u, n);
	ASSERT_EQ(ZX_OK, wr(self->a, &data[0], 4, &n));
	EXPECT_EQ(4u, n);
	ASSERT_EQ(ZX_OK, wr(self->a, &data[1], 4, NULL));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE,
		  zx_test_signals(self->b));
	EXPECT_EQ(8u, sock_info(self->b).rx_buf_size);
	EXPECT_EQ(8u, sock_info(self->b).rx_buf_available);
	EXPECT_EQ(8u, sock_info(self->a).tx_buf_size);
	ASSERT_EQ(ZX_OK, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(8u, n);
	EXPECT_EQ(0, memcmp(out, data, sizeof(data)));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
	/* The other direction is independent. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->a, out, 1, NULL));
	ASSERT_EQ(ZX_OK, wr(self->b, "xy", 2, NULL));
	ASSERT_EQ(ZX_OK, rd(self->a, out, 1, &n));
	EXPECT_EQ(1u, n);
	ASSERT_EQ(ZX_OK, rd(self->a, out, 8, &n));
	EXPECT_EQ(1u, n);
	EXPECT_EQ('y', ((char *)out)[0]);
}

TEST_F(stream, peek_leaves_data)
{
	char out[8];
	size_t n;

	EXPECT_EQ(ZX_ERR_SHOULD_WAIT,
		  zx_socket_read(self->b, ZX_SOCKET_PEEK, out, 1, NULL));
	ASSERT_EQ(ZX_OK, wr(self->a, "abcdef", 6, NULL));
	ASSERT_EQ(ZX_OK, zx_socket_read(self->b, ZX_SOCKET_PEEK, out, 4, &n));
	EXPECT_EQ(4u, n);
	EXPECT_EQ(0, memcmp(out, "abcd", 4));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE,
		  zx_test_signals(self->b));
	ASSERT_EQ(ZX_OK, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(6u, n);
	EXPECT_EQ(0, memcmp(out, "abcdef", 6));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
}

TEST_F(stream, zero_size_and_null_query)
{
	size_t n = 99;
	char c;

	/* A NULL buffer of length 0 asks whether there is anything to read. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->b, NULL, 0, &n));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->b, &c, 0, NULL));
	ASSERT_EQ(ZX_OK, wr(self->a, "a", 1, NULL));
	EXPECT_EQ(ZX_OK, rd(self->b, NULL, 0, &n));
	EXPECT_EQ(0u, n);
	EXPECT_EQ(ZX_OK, zx_socket_read(self->b, ZX_SOCKET_PEEK, NULL, 0, &n));
	EXPECT_EQ(ZX_OK, rd(self->b, &c, 0, NULL));
	EXPECT_EQ(1u, sock_info(self->b).rx_buf_size);
	/* A write of nothing succeeds and queues nothing. */
	n = 99;
	EXPECT_EQ(ZX_OK, wr(self->b, NULL, 0, &n));
	EXPECT_EQ(0u, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	/* A NULL buffer with a length is an error. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, rd(self->b, NULL, 1, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->b, NULL, 1, &n));
	zx_handle_close(self->a);
	self->a = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_OK, rd(self->b, NULL, 0, NULL));
	ASSERT_EQ(ZX_OK, rd(self->b, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, rd(self->b, NULL, 0, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, wr(self->b, NULL, 0, NULL));
}

TEST_F(stream, options)
{
	char c = 0;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_write(self->a, 1, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_write(self->a, ZX_SOCKET_PEEK, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_socket_read(self->a, 1, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_read(self->a, ZX_SOCKET_PEEK | 4, &c, 1, NULL));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
}

TEST_F(stream, signals_and_peer_closed)
{
	size_t n;
	char c;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal_peer(self->a, ZX_SOCKET_WRITABLE, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_signal(self->a, 0, ZX_SOCKET_READABLE));
	EXPECT_EQ(ZX_OK, zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_1));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_USER_SIGNAL_1,
		  zx_test_signals(self->b));
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, 0, ZX_USER_SIGNAL_7));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_USER_SIGNAL_7,
		  zx_test_signals(self->a));
	EXPECT_EQ(ZX_OK, zx_object_signal(self->a, ZX_USER_SIGNAL_7, 0));
	ASSERT_EQ(ZX_OK, wr(self->b, "hi", 2, NULL));
	zx_handle_close(self->b);
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_SOCKET_PEER_CLOSED | ZX_SOCKET_READABLE,
		  zx_test_signals(self->a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, wr(self->a, "x", 1, NULL));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED,
		  zx_object_signal_peer(self->a, 0, ZX_USER_SIGNAL_0));
	EXPECT_EQ(0u, sock_info(self->a).tx_buf_max);
	ASSERT_EQ(ZX_OK, rd(self->a, &c, 1, &n));
	ASSERT_EQ(ZX_OK, rd(self->a, &c, 1, &n));
	EXPECT_EQ('i', c);
	EXPECT_EQ(ZX_SOCKET_PEER_CLOSED, zx_test_signals(self->a));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, rd(self->a, &c, 1, &n));
}

TEST_F(stream, short_write_when_nearly_full)
{
	size_t cap = sock_info(self->a).tx_buf_max, n = 0, total = 0;
	char *buf = calloc(1, cap + 1);
	zx_info_socket_t info;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(ZX_OK, wr(self->a, buf, 100, NULL));
	ASSERT_EQ(ZX_OK, wr(self->a, buf, cap + 1, &n));
	EXPECT_EQ(cap - 100, n);
	EXPECT_EQ(ZX_SOCKET_READABLE | ZX_SOCKET_WRITABLE,
		  zx_test_signals(self->b));
	EXPECT_EQ(0u, zx_test_signals(self->a));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, wr(self->a, buf, 1, NULL));
	EXPECT_EQ(ZX_OK, wr(self->a, buf, 0, NULL));
	info = sock_info(self->b);
	EXPECT_EQ(cap, info.rx_buf_size);
	EXPECT_EQ(cap, info.rx_buf_available);
	ASSERT_EQ(ZX_OK, rd(self->b, buf, 10, &n));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	ASSERT_EQ(ZX_OK, wr(self->a, buf, 100, &n));
	EXPECT_EQ(10u, n);
	while (rd(self->b, buf, cap + 1, &n) == ZX_OK)
		total += n;
	EXPECT_EQ(cap, total);
	free(buf);
}

/* Writes and reads of odd sizes across the ring's wrap, bytes checked. */
TEST_F(stream, integrity_across_wrap)
{
	const size_t total = 3u << 20;
	size_t sent = 0, got = 0, n, i;
	static unsigned char wbuf[70000], rbuf[70000];
	unsigned int step = 0;

	while (got < total) {
		size_t w = 1 + (step * 7919u) % 65000, r;

		if (w > total - sent)
			w = total - sent;
		for (i = 0; i < w; i++)
			wbuf[i] = (unsigned char)((sent + i) * 131u >> 3);
		if (w && wr(self->a, wbuf, w, &n) == ZX_OK)
			sent += n;
		r = 1 + (step * 104729u) % 69000;
		if (rd(self->b, rbuf, r, &n) == ZX_OK) {
			for (i = 0; i < n; i++)
				if (rbuf[i] != (unsigned char)((got + i) * 131u >> 3))
					break;
			ASSERT_EQ(n, i);
			got += n;
		}
		step++;
	}
	EXPECT_EQ(total, sent);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
}

TEST_F(dgram, boundaries_truncation_and_available)
{
	unsigned char big[4096], out[4096];
	size_t n, i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)i;
	ASSERT_EQ(ZX_OK, wr(self->a, "12345", 5, &n));
	EXPECT_EQ(5u, n);
	ASSERT_EQ(ZX_OK, wr(self->a, "abcdef", 6, NULL));
	ASSERT_EQ(ZX_OK, wr(self->a, big, sizeof(big), &n));
	EXPECT_EQ(sizeof(big), n);
	EXPECT_EQ(5u, sock_info(self->b).rx_buf_available);
	EXPECT_EQ(5u + 6 + 4096, sock_info(self->b).rx_buf_size);
	/* A short read truncates: the rest of the datagram is gone. */
	ASSERT_EQ(ZX_OK, rd(self->b, out, 4, &n));
	EXPECT_EQ(4u, n);
	EXPECT_EQ(0, memcmp(out, "1234", 4));
	EXPECT_EQ(6u, sock_info(self->b).rx_buf_available);
	ASSERT_EQ(ZX_OK, zx_socket_read(self->b, ZX_SOCKET_PEEK, out, 3, &n));
	EXPECT_EQ(3u, n);
	ASSERT_EQ(ZX_OK, zx_socket_read(self->b, ZX_SOCKET_PEEK, out, 99, &n));
	EXPECT_EQ(6u, n);
	ASSERT_EQ(ZX_OK, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(6u, n);
	EXPECT_EQ(0, memcmp(out, "abcdef", 6));
	ASSERT_EQ(ZX_OK, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(sizeof(big), n);
	EXPECT_EQ(0, memcmp(out, big, sizeof(big)));
	EXPECT_EQ(0u, sock_info(self->b).rx_buf_available);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
}

TEST_F(dgram, zero_length_reads_and_writes)
{
	char c;
	size_t n = 99;

	/* Fuchsia: a zero-length datagram write succeeds and queues nothing. */
	EXPECT_EQ(ZX_OK, wr(self->a, &c, 0, &n));
	EXPECT_EQ(0u, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->b, &c, 0, NULL));
	ASSERT_EQ(ZX_OK, wr(self->a, "a", 1, NULL));
	/* A zero-length read does not consume the datagram. */
	EXPECT_EQ(ZX_OK, rd(self->b, &c, 0, &n));
	EXPECT_EQ(0u, n);
	EXPECT_EQ(ZX_OK, rd(self->b, NULL, 0, NULL));
	ASSERT_EQ(ZX_OK, rd(self->b, &c, 1, &n));
	EXPECT_EQ('a', c);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->b, &c, 1, NULL));
}

TEST_F(dgram, too_big_and_no_room)
{
	size_t cap = sock_info(self->a).tx_buf_max, n = 12345;
	char *buf = calloc(1, 2 * cap);

	ASSERT_NE(NULL, buf);
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, wr(self->a, buf, cap + 1, &n));
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, wr(self->a, buf, 2 * cap, &n));
	EXPECT_EQ(12345u, n);
	/* Huge sizes are refused before any byte is touched. */
	EXPECT_EQ(ZX_ERR_OUT_OF_RANGE, wr(self->a, buf, UINT32_MAX, &n));
	ASSERT_EQ(ZX_OK, wr(self->a, buf, cap - 10, &n));
	EXPECT_EQ(cap - 10, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, wr(self->a, buf, 11, &n));
	ASSERT_EQ(ZX_OK, wr(self->a, buf, 10, &n));
	EXPECT_EQ(0u, zx_test_signals(self->a));
	/* Full: even an oversized datagram is told to wait, as on Fuchsia. */
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, wr(self->a, buf, cap + 1, &n));
	ASSERT_EQ(ZX_OK, rd(self->b, buf, 1, &n));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(10u, sock_info(self->b).rx_buf_size);
	free(buf);
}

TEST_F(dgram, reuse_after_truncation)
{
	char buffer[3000];
	size_t n;

	memset(buffer, 0xaa, sizeof(buffer));
	buffer[0] = 'c';
	ASSERT_EQ(ZX_OK, wr(self->a, buffer, sizeof(buffer), &n));
	buffer[0] = 'd';
	ASSERT_EQ(ZX_OK, wr(self->a, buffer, 1, &n));
	ASSERT_EQ(ZX_OK, rd(self->b, buffer, 1, &n));
	EXPECT_EQ('c', buffer[0]);
	ASSERT_EQ(ZX_OK, rd(self->b, buffer, 1, &n));
	EXPECT_EQ('d', buffer[0]);
	EXPECT_EQ(0u, zx_test_signals(self->b) & ZX_SOCKET_READABLE);
}

/* Fuchsia's DatagramSocketBadBufferTest: consume drops, peek keeps. */
static void dgram_bad_buffer(struct __test_metadata *_metadata,
			     zx_handle_t a, zx_handle_t b, bool peek,
			     bool middle)
{
	size_t pg = (size_t)getpagesize(), n;
	char *pkt = malloc(2 * pg), *buf;

	ASSERT_NE(NULL, pkt);
	memset(pkt, 'A', 2 * pg);
	ASSERT_EQ(ZX_OK, wr(a, pkt, 2 * pg, NULL));
	memset(pkt, 'B', 2 * pg);
	ASSERT_EQ(ZX_OK, wr(a, pkt, 2 * pg, NULL));
	buf = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, mprotect(buf + (middle ? pg : 0), pg, PROT_READ));
	n = 77;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_read(b, peek ? ZX_SOCKET_PEEK : 0, buf, 2 * pg,
				 &n));
	EXPECT_EQ(77u, n);
	ASSERT_EQ(0, mprotect(buf, 2 * pg, PROT_READ | PROT_WRITE));
	if (peek) {
		ASSERT_EQ(ZX_OK, rd(b, buf, 2 * pg, &n));
		EXPECT_EQ(2 * pg, n);
		EXPECT_EQ('A', buf[2 * pg - 1]);
	}
	ASSERT_EQ(ZX_OK, rd(b, buf, 2 * pg, &n));
	EXPECT_EQ(2 * pg, n);
	EXPECT_EQ('B', buf[0]);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(b, buf, 1, NULL));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(b));
	munmap(buf, 2 * pg);
	free(pkt);
}

TEST_F(dgram, bad_buffer_consume_start)
{
	dgram_bad_buffer(_metadata, self->a, self->b, false, false);
}

TEST_F(dgram, bad_buffer_consume_middle)
{
	dgram_bad_buffer(_metadata, self->a, self->b, false, true);
}

TEST_F(dgram, bad_buffer_peek_start)
{
	dgram_bad_buffer(_metadata, self->a, self->b, true, false);
}

TEST_F(dgram, bad_buffer_peek_middle)
{
	dgram_bad_buffer(_metadata, self->a, self->b, true, true);
}

TEST_F(dgram, bad_write_buffer_queues_nothing)
{
	size_t pg = (size_t)getpagesize(), n = 5;
	char *buf = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, munmap(buf + pg, pg));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, buf, 2 * pg, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, ZX_TEST_BAD_PTR, 8, &n));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(0u, sock_info(self->b).rx_buf_size);
	munmap(buf, pg);
}

TEST_F(stream, bad_pointers_lose_and_duplicate_nothing)
{
	size_t pg = (size_t)getpagesize(), n = 5;
	char *buf = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *ro = zx_test_readonly_page();
	char out[16];

	ASSERT_NE(MAP_FAILED, buf);
	memset(buf, 'q', 4 * pg);
	ASSERT_EQ(0, munmap(buf + 3 * pg, pg));
	/* A write that faults part way commits nothing. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, buf, 4 * pg, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, ZX_TEST_BAD_PTR, 1, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  wr(self->a, (void *)(uintptr_t)ZX_TEST_KERNEL_ADDR, 1, &n));
	/* So does one whose count cannot be stored. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, buf, 3, ro));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
	EXPECT_EQ(0u, sock_info(self->b).rx_buf_size);
	/* A huge length faults on the first page that is not there. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, buf, UINT32_MAX, &n));
	EXPECT_EQ(0u, sock_info(self->b).rx_buf_size);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  wr(self->a, buf, (size_t)UINT32_MAX + 1, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, wr(self->a, buf, SIZE_MAX, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, rd(self->b, buf, SIZE_MAX, &n));

	ASSERT_EQ(ZX_OK, wr(self->a, "0123456789", 10, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, rd(self->b, ro, 4, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, rd(self->b, ZX_TEST_BAD_PTR, 4, &n));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, rd(self->b, out, 4, ro));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_read(self->b, ZX_SOCKET_PEEK, ro, 4, &n));
	/* A read into a buffer that ends in a hole consumes nothing. */
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, rd(self->b, buf + 3 * pg - 4, 10, &n));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(10u, sock_info(self->b).rx_buf_size);
	ASSERT_EQ(ZX_OK, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(10u, n);
	EXPECT_EQ(0, memcmp(out, "0123456789", 10));
	munmap(buf, 3 * pg);
	munmap(ro, pg);
}

struct uffd_writer {
	zx_handle_t h;
	void *src;
	size_t len;
	zx_status_t status;
	size_t actual;
};

static void *uffd_write_main(void *p)
{
	struct uffd_writer *w = p;

	w->status = wr(w->h, w->src, w->len, &w->actual);
	return NULL;
}

/*
 * A writer whose source page is stalled (userfaultfd) holds up no one:
 * the other end reads (SHOULD_WAIT) and writes meanwhile; once the page
 * comes, the write completes with its bytes.
 */
TEST_F(stream, stalled_source_page_blocks_nobody)
{
	size_t pg = (size_t)getpagesize(), n;
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { 0 };
	struct uffdio_copy cp = { 0 };
	struct uffd_writer w = { .h = self->a, .len = 100 };
	struct uffd_msg msg;
	char *area, *page, out[128];
	pthread_t th;
	long fd;

	fd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (fd < 0)
		SKIP(return, "no userfaultfd: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(fd, UFFDIO_API, &api));
	area = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	ASSERT_NE(MAP_FAILED, page);
	reg.range.start = (uintptr_t)area;
	reg.range.len = pg;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(fd, UFFDIO_REGISTER, &reg));
	w.src = area;
	ASSERT_EQ(0, pthread_create(&th, NULL, uffd_write_main, &w));
	/* The writer is inside the fault once its event can be read. */
	ASSERT_EQ((ssize_t)sizeof(msg), read(fd, &msg, sizeof(msg)));
	EXPECT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(ZX_OK, wr(self->b, "ok", 2, &n));
	EXPECT_EQ(0u, sock_info(self->b).rx_buf_size);
	memset(page, 'u', pg);
	cp.dst = (uintptr_t)area;
	cp.src = (uintptr_t)page;
	cp.len = pg;
	ASSERT_EQ(0, ioctl(fd, UFFDIO_COPY, &cp));
	pthread_join(th, NULL);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_EQ(100u, w.actual);
	ASSERT_EQ(ZX_OK, rd(self->b, out, sizeof(out), &n));
	EXPECT_EQ(100u, n);
	EXPECT_EQ('u', out[99]);
	close((int)fd);
	munmap(area, pg);
	munmap(page, pg);
}

TEST_F(stream, bad_handles_types_and_rights)
{
	zx_handle_t ev = zx_test_event(), h;
	size_t v = 0;
	char c = 0;
	zx_info_socket_t info;

	EXPECT_EQ(ZX_ERR_BAD_HANDLE, wr(ZX_HANDLE_INVALID, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, rd(0x7ffffff3u, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_set_disposition(
			  0x7ffffff3u, ZX_SOCKET_DISPOSITION_WRITE_DISABLED, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, wr(ev, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, rd(ev, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE, zx_socket_set_disposition(ev, 0, 0));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_info(ev, ZX_INFO_SOCKET, &info, sizeof(info),
				     NULL, NULL));
	/* An event has no property rights: the rights are checked first. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(ev, ZX_PROP_SOCKET_RX_THRESHOLD, &v,
					 sizeof(v)));
	zx_handle_close(ev);
	ev = zx_test_vmo(4096, 0);
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_get_property(ev, ZX_PROP_SOCKET_RX_THRESHOLD, &v,
					 sizeof(v)));
	EXPECT_EQ(ZX_ERR_WRONG_TYPE,
		  zx_object_set_property(ev, ZX_PROP_SOCKET_TX_THRESHOLD, &v,
					 sizeof(v)));
	zx_handle_close(ev);
	/* Closed handles. */
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->a, ZX_RIGHT_SAME_RIGHTS, &h));
	ASSERT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, wr(h, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, rd(h, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_BAD_HANDLE, zx_socket_set_disposition(h, 0, 0));

#define WITHOUT(right) \
	(zx_handle_duplicate(self->a, ZX_DEFAULT_SOCKET_RIGHTS & ~(right), \
			     &h) == ZX_OK ? h : ZX_HANDLE_INVALID)
	h = WITHOUT(ZX_RIGHT_WRITE);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, wr(h, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, wr(h, &c, 0, NULL));
	zx_handle_close(h);
	ASSERT_EQ(ZX_OK, wr(self->b, "z", 1, NULL));
	h = WITHOUT(ZX_RIGHT_READ);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, rd(h, &c, 1, NULL));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_socket_read(h, ZX_SOCKET_PEEK, &c, 1, NULL));
	zx_handle_close(h);
	h = WITHOUT(ZX_RIGHT_MANAGE_SOCKET);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_set_disposition(
			  h, ZX_SOCKET_DISPOSITION_WRITE_DISABLED, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_socket_set_disposition(
			  h, 0, ZX_SOCKET_DISPOSITION_WRITE_DISABLED));
	zx_handle_close(h);
	h = WITHOUT(ZX_RIGHT_GET_PROPERTY);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_property(h, ZX_PROP_SOCKET_RX_THRESHOLD, &v,
					 sizeof(v)));
	EXPECT_EQ(ZX_OK, zx_object_set_property(
			  h, ZX_PROP_SOCKET_RX_THRESHOLD, &v, sizeof(v)));
	zx_handle_close(h);
	h = WITHOUT(ZX_RIGHT_SET_PROPERTY);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_set_property(h, ZX_PROP_SOCKET_TX_THRESHOLD, &v,
					 sizeof(v)));
	zx_handle_close(h);
	h = WITHOUT(ZX_RIGHT_INSPECT);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_get_info(h, ZX_INFO_SOCKET, &info, sizeof(info),
				     NULL, NULL));
	zx_handle_close(h);
	h = WITHOUT(ZX_RIGHT_SIGNAL_PEER);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_object_signal_peer(h, 0, ZX_USER_SIGNAL_0));
	zx_handle_close(h);
#undef WITHOUT
	/* Nothing above changed the socket. */
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE,
		  zx_test_signals(self->a));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
}

TEST_F(stream, info_record)
{
	zx_info_socket_t info;
	size_t actual = 9, avail = 9;
	void *ro = zx_test_readonly_page();

	ASSERT_EQ(ZX_OK, wr(self->a, "abc", 3, NULL));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL,
		  zx_object_get_info(self->b, ZX_INFO_SOCKET, &info,
				     sizeof(info) - 1, &actual, &avail));
	EXPECT_EQ(0u, actual);
	EXPECT_EQ(1u, avail);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_object_get_info(self->b, ZX_INFO_SOCKET, ro,
				     sizeof(info), NULL, NULL));
	ASSERT_EQ(ZX_OK, zx_object_get_info(self->b, ZX_INFO_SOCKET, &info,
					    sizeof(info), &actual, &avail));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(3u, info.rx_buf_size);
	EXPECT_EQ(3u, info.rx_buf_available);
	EXPECT_EQ(0u, info.tx_buf_size);
	EXPECT_EQ(info.rx_buf_max, info.tx_buf_max);
	EXPECT_EQ(0, info.padding1[0] | info.padding1[1] | info.padding1[2] |
		  info.padding1[3]);
	info = sock_info(self->a);
	EXPECT_EQ(3u, info.tx_buf_size);
	munmap(ro, (size_t)getpagesize());
}

TEST_F(stream, threshold_properties)
{
	size_t v = 0, cap = sock_info(self->a).rx_buf_max;
	uint32_t small = 1;
	void *ro = zx_test_readonly_page();

	EXPECT_EQ(ZX_OK, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &v, sizeof(v)));
	v = 0xefffffff;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_TX_THRESHOLD, &v, sizeof(v)));
	v = cap + 1;
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &v, sizeof(v)));
	v = cap;
	EXPECT_EQ(ZX_OK, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &v, sizeof(v)));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &small, 4));
	EXPECT_EQ(ZX_ERR_BUFFER_TOO_SMALL, zx_object_get_property(
			  self->a, ZX_PROP_SOCKET_TX_THRESHOLD, &small, 4));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, ZX_TEST_BAD_PTR,
			  8));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_object_get_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, ro, 8));
	v = 0;
	ASSERT_EQ(ZX_OK, zx_object_get_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &v, sizeof(v)));
	EXPECT_EQ(cap, v);
	munmap(ro, (size_t)getpagesize());
}

static void set_thr(struct __test_metadata *_metadata, zx_handle_t h,
		    uint32_t prop, size_t v)
{
	size_t back = 0;

	ASSERT_EQ(ZX_OK, zx_object_set_property(h, prop, &v, sizeof(v)));
	ASSERT_EQ(ZX_OK, zx_object_get_property(h, prop, &back, sizeof(back)));
	ASSERT_EQ(v, back);
}

/* Fuchsia's SetThreshholdsAndCheckSignals, in C. */
TEST_F(stream, threshold_signals)
{
	const size_t rx = 101;
	size_t tx = sock_info(self->b).tx_buf_max - (rx + 2), n, big;
	zx_handle_t a2, b2;
	char *buf;

	set_thr(_metadata, self->a, ZX_PROP_SOCKET_RX_THRESHOLD, rx);
	set_thr(_metadata, self->b, ZX_PROP_SOCKET_TX_THRESHOLD, tx);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->a, ZX_RIGHT_SAME_RIGHTS, &a2));
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(self->b, ZX_RIGHT_SAME_RIGHTS, &b2));
	ASSERT_EQ(ZX_OK, zx_object_get_property(
			  a2, ZX_PROP_SOCKET_RX_THRESHOLD, &n, sizeof(n)));
	EXPECT_EQ(rx, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(a2));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_WRITE_THRESHOLD,
		  zx_test_signals(b2));
	big = tx;
	buf = calloc(1, big + 20);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(ZX_OK, wr(self->b, buf, rx - 1, &n));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE, zx_test_signals(a2));
	ASSERT_EQ(ZX_OK, wr(self->b, buf, 1, &n));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE |
		  ZX_SOCKET_READ_THRESHOLD, zx_test_signals(a2));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_WRITE_THRESHOLD,
		  zx_test_signals(self->b));
	set_thr(_metadata, self->a, ZX_PROP_SOCKET_RX_THRESHOLD, rx + 50);
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE, zx_test_signals(a2));
	set_thr(_metadata, self->a, ZX_PROP_SOCKET_RX_THRESHOLD, rx);
	EXPECT_NE(0u, zx_test_signals(a2) & ZX_SOCKET_READ_THRESHOLD);
	set_thr(_metadata, self->b, ZX_PROP_SOCKET_TX_THRESHOLD,
		sock_info(self->b).tx_buf_max - 10);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(b2));
	set_thr(_metadata, self->b, ZX_PROP_SOCKET_TX_THRESHOLD, tx);
	EXPECT_NE(0u, zx_test_signals(b2) & ZX_SOCKET_WRITE_THRESHOLD);
	big = tx - (rx + 1);
	ASSERT_EQ(ZX_OK, wr(self->b, buf, big, &n));
	ASSERT_EQ(big, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(b2));
	ASSERT_EQ(ZX_OK, rd(self->a, buf, big + 10, &n));
	EXPECT_EQ(big + 10, n);
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_READABLE, zx_test_signals(a2));
	EXPECT_EQ(ZX_SOCKET_WRITABLE | ZX_SOCKET_WRITE_THRESHOLD,
		  zx_test_signals(b2));
	/* Zero turns a threshold off and its signal with it. */
	set_thr(_metadata, self->b, ZX_PROP_SOCKET_TX_THRESHOLD, 0);
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(b2));
	zx_handle_close(a2);
	zx_handle_close(b2);
	free(buf);
}

TEST_F(stream, tx_threshold_peer_closed)
{
	size_t t = 1;

	ASSERT_EQ(ZX_OK, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_TX_THRESHOLD, &t, sizeof(t)));
	zx_handle_close(self->b);
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_TX_THRESHOLD, &t, sizeof(t)));
	EXPECT_EQ(ZX_OK, zx_object_set_property(
			  self->a, ZX_PROP_SOCKET_RX_THRESHOLD, &t, sizeof(t)));
}

TEST_F(stream, disposition_invalid_args)
{
	const uint32_t both = ZX_SOCKET_DISPOSITION_WRITE_DISABLED |
			      ZX_SOCKET_DISPOSITION_WRITE_ENABLED;
	const uint32_t bad = 1337 & ~both;

	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_set_disposition(self->a, both, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_set_disposition(self->a, 0, both));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_set_disposition(self->a, bad, 0));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS,
		  zx_socket_set_disposition(self->a, 0, bad));
	EXPECT_EQ(ZX_OK, zx_socket_set_disposition(self->a, 0, 0));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->b));
}

/* Fuchsia's disable_write_helper. */
static void disable_write(struct __test_metadata *_metadata, zx_handle_t l,
			  zx_handle_t r, bool dl, bool dr)
{
	zx_signals_t ls = ZX_SOCKET_WRITABLE, rs = ZX_SOCKET_WRITABLE;
	char buf[8];
	size_t n;

	if (dl) {
		ASSERT_EQ(ZX_OK, wr(l, "12345", 5, NULL));
		rs |= ZX_SOCKET_READABLE;
	}
	if (dr) {
		ASSERT_EQ(ZX_OK, wr(r, "abcdef", 6, NULL));
		ls |= ZX_SOCKET_READABLE;
	}
	if (dl) {
		ls = (ls | ZX_SOCKET_WRITE_DISABLED) & ~ZX_SOCKET_WRITABLE;
		rs |= ZX_SOCKET_PEER_WRITE_DISABLED;
	}
	if (dr) {
		rs = (rs | ZX_SOCKET_WRITE_DISABLED) & ~ZX_SOCKET_WRITABLE;
		ls |= ZX_SOCKET_PEER_WRITE_DISABLED;
	}
	ASSERT_EQ(ZX_OK, zx_socket_set_disposition(l,
		  dl ? ZX_SOCKET_DISPOSITION_WRITE_DISABLED : 0,
		  dr ? ZX_SOCKET_DISPOSITION_WRITE_DISABLED : 0));
	EXPECT_EQ(ls, zx_test_signals(l));
	EXPECT_EQ(rs, zx_test_signals(r));
	if (dl) {
		EXPECT_EQ(ZX_ERR_BAD_STATE, wr(l, "x", 1, NULL));
		EXPECT_EQ(ZX_ERR_BAD_STATE, wr(l, "x", 0, NULL));
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(
				  l, ZX_SOCKET_DISPOSITION_WRITE_ENABLED, 0));
	} else {
		ASSERT_EQ(ZX_OK, wr(l, "12345", 5, NULL));
		rs |= ZX_SOCKET_READABLE;
	}
	if (dr) {
		EXPECT_EQ(ZX_ERR_BAD_STATE, wr(r, "x", 1, NULL));
		EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(
				  r, ZX_SOCKET_DISPOSITION_WRITE_ENABLED, 0));
	} else {
		ASSERT_EQ(ZX_OK, wr(r, "abcdef", 6, NULL));
		ls |= ZX_SOCKET_READABLE;
	}
	EXPECT_EQ(ls, zx_test_signals(l));
	EXPECT_EQ(rs, zx_test_signals(r));
	ASSERT_EQ(ZX_OK, rd(l, buf, sizeof(buf), &n));
	EXPECT_EQ(6u, n);
	EXPECT_EQ(dr ? ZX_ERR_BAD_STATE : ZX_ERR_SHOULD_WAIT,
		  rd(l, buf, 1, NULL));
	ASSERT_EQ(ZX_OK, rd(r, buf, sizeof(buf), &n));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(dl ? ZX_ERR_BAD_STATE : ZX_ERR_SHOULD_WAIT,
		  rd(r, buf, 1, NULL));
	EXPECT_EQ(ZX_OK, zx_socket_set_disposition(l,
		  ZX_SOCKET_DISPOSITION_WRITE_ENABLED,
		  ZX_SOCKET_DISPOSITION_WRITE_ENABLED));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(l));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(r));
	ASSERT_EQ(ZX_OK, wr(l, "ab", 2, NULL));
	ASSERT_EQ(ZX_OK, rd(r, buf, sizeof(buf), &n));
	EXPECT_EQ(2u, n);
}

TEST_F(stream, disable_write_local)
{
	disable_write(_metadata, self->a, self->b, true, false);
}

TEST_F(stream, disable_write_peer)
{
	disable_write(_metadata, self->a, self->b, false, true);
}

TEST_F(stream, disable_write_both)
{
	disable_write(_metadata, self->a, self->b, true, true);
}

TEST_F(stream, disposition_closed_peer_with_data)
{
	ASSERT_EQ(ZX_OK, wr(self->b, "12345", 5, NULL));
	EXPECT_EQ(ZX_OK, zx_socket_set_disposition(
			  self->a, 0, ZX_SOCKET_DISPOSITION_WRITE_DISABLED));
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(
			  self->a, 0, ZX_SOCKET_DISPOSITION_WRITE_ENABLED));
	zx_handle_close(self->b);
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_ERR_BAD_STATE, zx_socket_set_disposition(
			  self->a, 0, ZX_SOCKET_DISPOSITION_WRITE_ENABLED));
	EXPECT_EQ(ZX_SOCKET_PEER_CLOSED | ZX_SOCKET_READABLE |
		  ZX_SOCKET_PEER_WRITE_DISABLED, zx_test_signals(self->a));
	/* The data stays readable; then the closed peer wins over BAD_STATE. */
	char buf[8];
	size_t n;

	ASSERT_EQ(ZX_OK, rd(self->a, buf, sizeof(buf), &n));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, rd(self->a, buf, 1, NULL));
}

struct wait_arg {
	zx_handle_t h;
	zx_status_t status;
	zx_signals_t observed;
};

static void *wait_readable(void *p)
{
	struct wait_arg *w = p;

	w->status = zx_object_wait_one(w->h, ZX_SOCKET_READABLE,
				       zx_deadline_after(ZX_SEC(30)),
				       &w->observed);
	return NULL;
}

TEST_F(stream, waits_and_ports)
{
	struct wait_arg w = { .h = self->b };
	zx_port_packet_t pkt;
	zx_handle_t port;
	pthread_t th;

	ASSERT_EQ(0, pthread_create(&th, NULL, wait_readable, &w));
	zx_test_sleep_ms(50);
	ASSERT_EQ(ZX_OK, wr(self->a, "x", 1, NULL));
	pthread_join(th, NULL);
	EXPECT_EQ(ZX_OK, w.status);
	EXPECT_NE(0u, w.observed & ZX_SOCKET_READABLE);

	ASSERT_EQ(ZX_OK, zx_port_create(0, &port));
	ASSERT_EQ(ZX_OK, zx_object_wait_async(self->a, port, 7,
					      ZX_SOCKET_PEER_CLOSED, 0));
	EXPECT_EQ(ZX_ERR_TIMED_OUT, zx_port_wait(port, 0, &pkt));
	zx_handle_close(self->b);
	self->b = ZX_HANDLE_INVALID;
	ASSERT_EQ(ZX_OK, zx_port_wait(port, zx_deadline_after(ZX_SEC(10)),
				      &pkt));
	EXPECT_EQ(7u, pkt.key);
	EXPECT_EQ(ZX_PKT_TYPE_SIGNAL_ONE, pkt.type);
	EXPECT_NE(0u, pkt.signal.observed & ZX_SOCKET_PEER_CLOSED);
	EXPECT_EQ(0u, pkt.signal.observed & ZX_SOCKET_WRITABLE);
	zx_handle_close(port);
}

TEST_F(stream, through_channel_and_descriptor)
{
	zx_handle_t c0, c1, moved = ZX_HANDLE_INVALID, back;
	uint32_t nb, nh;
	char buf[8];
	size_t n;
	int fd = -1;

	ASSERT_EQ(ZX_OK, wr(self->a, "abc", 3, NULL));
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &c0, &c1));
	ASSERT_EQ(ZX_OK, zx_channel_write(c0, 0, NULL, 0, &self->b, 1));
	self->b = ZX_HANDLE_INVALID;
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	ASSERT_EQ(ZX_OK, zx_channel_read(c1, 0, NULL, &moved, 0, 1, &nb, &nh));
	ASSERT_EQ(1u, nh);
	EXPECT_EQ(ZX_OBJ_TYPE_SOCKET, zx_test_basic(moved).type);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(moved, 0, &fd));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(self->a));
	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &back));
	close(fd);
	ASSERT_EQ(ZX_OK, rd(back, buf, sizeof(buf), &n));
	EXPECT_EQ(3u, n);
	EXPECT_EQ(0, memcmp(buf, "abc", 3));
	EXPECT_EQ(ZX_DEFAULT_SOCKET_RIGHTS, zx_test_rights(back));
	zx_handle_close(back);
	EXPECT_EQ(ZX_SOCKET_PEER_CLOSED, zx_test_signals(self->a));
	zx_handle_close(c0);
	zx_handle_close(c1);
}

/* A fresh user whose quota is three pages; a socket charges pages. */
static int quota_child(void *arg)
{
	size_t pg = (size_t)getpagesize(), n = 0;
	char *buf = calloc(1, 8 * pg);
	zx_handle_t a, b;

	(void)arg;
	if (!buf || zx_test_become(54321))
		return 90;
	CHILD_CHECK(zx_socket_create(0, &a, &b) == ZX_OK);
	/* The pages the quota allows are filled: a short write. */
	CHILD_CHECK(wr(a, buf, 8 * pg, &n) == ZX_OK);
	CHILD_CHECK(n == 3 * pg);
	CHILD_CHECK(wr(a, buf, 1, &n) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(zx_test_signals(a) & ZX_SOCKET_WRITABLE);
	/* A datagram that needs a page more is refused whole. */
	CHILD_CHECK(zx_socket_create(ZX_SOCKET_DATAGRAM, &a, &b) == ZX_OK);
	CHILD_CHECK(wr(a, buf, 1, &n) == ZX_ERR_NO_RESOURCES);
	CHILD_CHECK(rd(b, buf, 1, &n) == ZX_ERR_SHOULD_WAIT);
	return 0;
}

TEST(per_user_quota)
{
	long saved = zx_test_read_param("max_queued_bytes_per_user");

	if (geteuid() != 0)
		SKIP(return, "needs root");
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user",
					 3 * getpagesize()));
	EXPECT_EQ(0, zx_test_in_child(quota_child, NULL));
	ASSERT_EQ(0, zx_test_write_param("max_queued_bytes_per_user", saved));
}

TEST(param_buffer_size_and_datagram_count)
{
	long bytes = zx_test_read_param("max_socket_bytes");
	long dgrams = zx_test_read_param("max_socket_datagrams");
	zx_handle_t a, b;
	size_t n;
	int i;

	if (geteuid() != 0)
		SKIP(return, "needs root");
	EXPECT_EQ(DEFAULT_CAP, (unsigned long)bytes);
	ASSERT_EQ(0, zx_test_write_param("max_socket_bytes", 8192));
	ASSERT_EQ(0, zx_test_write_param("max_socket_datagrams", 16));
	ASSERT_EQ(ZX_OK, zx_socket_create(ZX_SOCKET_DATAGRAM, &a, &b));
	zx_test_write_param("max_socket_bytes", bytes);
	zx_test_write_param("max_socket_datagrams", dgrams);
	EXPECT_EQ(8192u, sock_info(a).rx_buf_max);
	for (i = 0; i < 16; i++)
		ASSERT_EQ(ZX_OK, wr(a, "d", 1, NULL));
	EXPECT_EQ(0u, zx_test_signals(a) & ZX_SOCKET_WRITABLE);
	EXPECT_EQ(ZX_ERR_SHOULD_WAIT, wr(a, "d", 1, NULL));
	ASSERT_EQ(ZX_OK, rd(b, &i, 1, &n));
	EXPECT_EQ(ZX_SOCKET_WRITABLE, zx_test_signals(a));
	ASSERT_EQ(ZX_OK, wr(a, "d", 1, NULL));
	EXPECT_EQ(16u, sock_info(b).rx_buf_size);
	zx_handle_close(a);
	zx_handle_close(b);
}

TEST(raw_abi_reserved_and_word_size)
{
	int fd = zx_linux_device_fd();
	zx_handle_t a, b;
	char c = 'c';
	uint32_t n32 = 7;
	struct zx_ioc_socket_rw rw;
	struct zx_ioc_socket_disposition d = { 0 };
	struct zx_ioc_create cr = { 0 };

	ASSERT_LE(0, fd);
	ASSERT_EQ(ZX_OK, zx_socket_create(0, &a, &b));
	memset(&rw, 0, sizeof(rw));
	rw.handle = a;
	rw.buffer = (uintptr_t)&c;
	rw.size = 1;
	rw.word_size = 8;
	rw.reserved = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_SOCKET_WRITE, &rw));
	rw.reserved = 0;
	rw.word_size = 3;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_SOCKET_WRITE, &rw));
	rw.word_size = 4;
	rw.actual = (uintptr_t)&n32;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_SOCKET_WRITE, &rw));
	EXPECT_EQ(1u, n32);
	rw.handle = b;
	n32 = 7;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_SOCKET_READ, &rw));
	EXPECT_EQ(1u, n32);
	d.handle = a;
	d.reserved = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS,
		  ioctl(fd, ZX_IOC_SOCKET_SET_DISPOSITION, &d));
	cr.reserved = 1;
	cr.out0 = (uintptr_t)&a;
	cr.out1 = (uintptr_t)&b;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_SOCKET_CREATE, &cr));
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_SOCKET_READ, NULL));
	zx_handle_close(rw.handle);
	zx_handle_close(a);
}

ZX_TEST_MAIN(NULL, NULL)
