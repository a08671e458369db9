// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets between two Linux processes, many threads on each side.  The
 * child gets a channel through the descriptor bridge and a socket end
 * inside a message on it.  A stream carries 16-byte records from several
 * writer threads to several reader threads: each record arrives exactly
 * once and every reader sees each writer's records in order.  Datagrams
 * keep their boundaries and contents.  A writer killed mid-stream leaves
 * a consistent prefix and then PEER_CLOSED, and nothing leaks.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#include <zircon/linux.h>

#include "zx_test_util.h"

#define THREADS		4
#define RECORDS		8000	/* per stream writer */
#define DGRAMS		1500	/* per datagram writer */
#define REC		16

struct rec {
	uint32_t writer;
	uint32_t seq;
	uint32_t check;
	uint32_t pad;
};

static uint32_t rec_check(uint32_t w, uint32_t s)
{
	return (w * 2654435761u) ^ (s * 40503u) ^ 0x5a5a5a5au;
}

/* Waits for @want or PEER_CLOSED; false on PEER_CLOSED or a timeout. */
static bool wait_for(zx_handle_t h, zx_signals_t want)
{
	zx_signals_t seen = 0;

	if (zx_object_wait_one(h, want | ZX_SOCKET_PEER_CLOSED,
			       zx_deadline_after(ZX_SEC(60)), &seen) != ZX_OK)
		return false;
	return seen & want;
}

/* Writes all of @len bytes, waiting while the socket is full. */
static zx_status_t write_all(zx_handle_t h, const void *p, size_t len)
{
	const char *c = p;
	zx_status_t s;
	size_t n;

	while (len) {
		s = zx_socket_write(h, 0, c, len, &n);
		if (s == ZX_ERR_SHOULD_WAIT) {
			if (!wait_for(h, ZX_SOCKET_WRITABLE))
				return ZX_ERR_PEER_CLOSED;
			continue;
		}
		if (s != ZX_OK)
			return s;
		c += n;
		len -= n;
	}
	return ZX_OK;
}

/* The child: fd is a bridge descriptor of a channel end. */
static pid_t start_child(int fd, int (*fn)(zx_handle_t sock))
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		zx_handle_t ch, sock = ZX_HANDLE_INVALID;
		uint32_t nb, nh;

		if (zx_linux_fd_to_handle(fd, &ch) != ZX_OK)
			_exit(20);
		if (!zx_object_wait_one(ch, ZX_CHANNEL_READABLE,
					zx_deadline_after(ZX_SEC(60)), NULL) &&
		    zx_channel_read(ch, 0, NULL, &sock, 0, 1, &nb, &nh) ==
		    ZX_OK && nh == 1)
			_exit(fn(sock));
		_exit(21);
	}
	return pid;
}

/* Sends @theirs to a new child running @fn; returns its pid. */
static pid_t spawn_with(zx_handle_t theirs, int (*fn)(zx_handle_t sock))
{
	zx_handle_t c0, c1;
	pid_t pid;
	int fd;

	if (zx_channel_create(0, &c0, &c1) != ZX_OK ||
	    zx_linux_handle_to_fd(c1, 0, &fd) != ZX_OK)
		return -1;
	pid = start_child(fd, fn);
	close(fd);
	if (zx_channel_write(c0, 0, NULL, 0, &theirs, 1) != ZX_OK) {
		kill(pid, SIGKILL);
		zx_test_wait_child(pid);
		pid = -1;
	}
	zx_handle_close(c0);
	return pid;
}

/* ------------------------------------------------ stream, many threads */

struct swriter {
	zx_handle_t sock;
	uint32_t id;
	int fail;
};

static void *stream_writer(void *p)
{
	struct swriter *w = p;
	struct rec batch[64];
	uint32_t seq = 0, k, i;

	while (seq < RECORDS) {
		k = 1 + (seq * 7 + w->id) % 64;
		if (k > RECORDS - seq)
			k = RECORDS - seq;
		for (i = 0; i < k; i++) {
			batch[i].writer = w->id;
			batch[i].seq = seq + i;
			batch[i].check = rec_check(w->id, seq + i);
			batch[i].pad = 0;
		}
		if (write_all(w->sock, batch, k * sizeof(batch[0])) != ZX_OK) {
			w->fail = 1;
			break;
		}
		seq += k;
	}
	return NULL;
}

static int stream_child(zx_handle_t sock)
{
	struct swriter w[THREADS];
	pthread_t th[THREADS];
	int i, fail = 0;

	for (i = 0; i < THREADS; i++) {
		w[i] = (struct swriter){ .sock = sock, .id = (uint32_t)i };
		if (pthread_create(&th[i], NULL, stream_writer, &w[i]))
			return 30;
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		fail |= w[i].fail;
	}
	return fail ? 31 : 0;
}

struct sreader {
	zx_handle_t sock;
	pthread_mutex_t *lock;
	unsigned char *seen;		/* THREADS * RECORDS */
	long *total;
	int bad;
};

static bool stream_done(struct sreader *r)
{
	bool done;

	pthread_mutex_lock(r->lock);
	done = *r->total >= (long)THREADS * RECORDS || r->bad;
	pthread_mutex_unlock(r->lock);
	return done;
}

/* One reader: whole records only; per writer, strictly increasing. */
static void *stream_reader(void *p)
{
	struct sreader *r = p;
	int64_t last[THREADS];
	struct rec buf[48];
	unsigned int round = 0;
	size_t n, i;
	zx_status_t s;

	for (i = 0; i < THREADS; i++)
		last[i] = -1;
	while (!stream_done(r)) {
		s = zx_socket_read(r->sock, 0, buf,
				   (1 + round++ % 48) * sizeof(buf[0]), &n);
		if (s == ZX_ERR_SHOULD_WAIT) {
			zx_object_wait_one(r->sock, ZX_SOCKET_READABLE |
					   ZX_SOCKET_PEER_CLOSED,
					   zx_deadline_after(ZX_MSEC(50)), NULL);
			continue;
		}
		/* Another reader may have taken the last records. */
		if (s == ZX_ERR_PEER_CLOSED)
			break;
		if (s != ZX_OK || n % REC) {
			r->bad = 1;
			break;
		}
		pthread_mutex_lock(r->lock);
		for (i = 0; i < n / REC; i++) {
			struct rec *x = &buf[i];

			if (x->writer >= THREADS || x->seq >= RECORDS ||
			    x->check != rec_check(x->writer, x->seq) ||
			    (int64_t)x->seq <= last[x->writer] ||
			    r->seen[x->writer * RECORDS + x->seq]++) {
				r->bad = 1;
				break;
			}
			last[x->writer] = x->seq;
			(*r->total)++;
		}
		pthread_mutex_unlock(r->lock);
	}
	return NULL;
}

TEST(stream_many_threads_each_side)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	unsigned char *seen = calloc(THREADS, RECORDS);
	long live = zx_test_live_objects(), total = 0;
	struct sreader r[THREADS];
	pthread_t th[THREADS];
	zx_handle_t mine, theirs;
	int i, bad = 0;
	pid_t pid;

	ASSERT_NE(NULL, seen);
	ASSERT_EQ(ZX_OK, zx_socket_create(0, &mine, &theirs));
	pid = spawn_with(theirs, stream_child);
	ASSERT_LT(0, pid);
	for (i = 0; i < THREADS; i++) {
		r[i] = (struct sreader){ .sock = mine, .lock = &lock,
					 .seen = seen, .total = &total };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, stream_reader,
					    &r[i]));
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		bad |= r[i].bad;
	}
	EXPECT_EQ(0, bad);
	EXPECT_EQ((long)THREADS * RECORDS, total);
	EXPECT_EQ(0, zx_test_wait_child(pid));
	EXPECT_TRUE(wait_for(mine, ZX_SOCKET_PEER_CLOSED) ||
		    (zx_test_signals(mine) & ZX_SOCKET_PEER_CLOSED));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_read(mine, 0, seen, 1, NULL));
	zx_handle_close(mine);
	if (live >= 0)
		EXPECT_EQ(live, zx_test_live_objects_settle(live, 5000));
	free(seen);
}

/* --------------------------------------------- datagrams, many threads */

static size_t dg_len(uint32_t w, uint32_t s)
{
	return 12 + (w * 977u + s * 131u) % 3000;
}

static unsigned char dg_byte(uint32_t w, uint32_t s, size_t i)
{
	return (unsigned char)(w * 31u + s * 7u + i);
}

struct dwriter {
	zx_handle_t sock;
	uint32_t id;
	int fail;
};

static void *dgram_writer(void *p)
{
	struct dwriter *w = p;
	unsigned char buf[3100];
	uint32_t s, hdr[3];
	size_t len, i, n;
	zx_status_t st;

	for (s = 0; s < DGRAMS; s++) {
		len = dg_len(w->id, s);
		hdr[0] = w->id;
		hdr[1] = s;
		hdr[2] = (uint32_t)len;
		memcpy(buf, hdr, sizeof(hdr));
		for (i = sizeof(hdr); i < len; i++)
			buf[i] = dg_byte(w->id, s, i);
		for (;;) {
			st = zx_socket_write(w->sock, 0, buf, len, &n);
			if (st != ZX_ERR_SHOULD_WAIT)
				break;
			if (!wait_for(w->sock, ZX_SOCKET_WRITABLE)) {
				st = ZX_ERR_PEER_CLOSED;
				break;
			}
		}
		if (st != ZX_OK || n != len) {
			w->fail = 1;
			break;
		}
	}
	return NULL;
}

struct dreader {
	zx_handle_t sock;
	pthread_mutex_t *lock;
	long *total;
	int bad;
};

static void *dgram_reader(void *p)
{
	struct dreader *r = p;
	int64_t last[THREADS] = { -1, -1, -1, -1 };
	unsigned char buf[3100];
	uint32_t hdr[3];
	size_t n, i;
	zx_status_t s;

	for (;;) {
		pthread_mutex_lock(r->lock);
		i = *r->total >= (long)THREADS * DGRAMS;
		pthread_mutex_unlock(r->lock);
		if (i)
			break;
		s = zx_socket_read(r->sock, 0, buf, sizeof(buf), &n);
		if (s == ZX_ERR_SHOULD_WAIT) {
			zx_object_wait_one(r->sock, ZX_SOCKET_READABLE |
					   ZX_SOCKET_PEER_CLOSED,
					   zx_deadline_after(ZX_MSEC(50)), NULL);
			continue;
		}
		/* Another reader may have taken the last datagrams. */
		if (s == ZX_ERR_PEER_CLOSED)
			break;
		if (s != ZX_OK || n < sizeof(hdr))
			return r->bad = 1, NULL;
		memcpy(hdr, buf, sizeof(hdr));
		if (hdr[0] >= THREADS || hdr[2] != n ||
		    n != dg_len(hdr[0], hdr[1]) ||
		    (int64_t)hdr[1] <= last[hdr[0]])
			return r->bad = 2, NULL;
		for (i = sizeof(hdr); i < n; i++)
			if (buf[i] != dg_byte(hdr[0], hdr[1], i))
				return r->bad = 3, NULL;
		last[hdr[0]] = hdr[1];
		pthread_mutex_lock(r->lock);
		(*r->total)++;
		pthread_mutex_unlock(r->lock);
	}
	return NULL;
}

static int dgram_child(zx_handle_t sock)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct dreader r[THREADS];
	pthread_t th[THREADS];
	long total = 0;
	int i, bad = 0;

	for (i = 0; i < THREADS; i++) {
		r[i] = (struct dreader){ .sock = sock, .lock = &lock,
					 .total = &total };
		if (pthread_create(&th[i], NULL, dgram_reader, &r[i]))
			return 40;
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		bad |= r[i].bad;
	}
	if (bad)
		return 40 + bad;
	return total == (long)THREADS * DGRAMS ? 0 : 45;
}

TEST(datagrams_many_threads_each_side)
{
	struct dwriter w[THREADS];
	pthread_t th[THREADS];
	zx_handle_t mine, theirs;
	int i, fail = 0;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_socket_create(ZX_SOCKET_DATAGRAM, &mine, &theirs));
	pid = spawn_with(theirs, dgram_child);
	ASSERT_LT(0, pid);
	for (i = 0; i < THREADS; i++) {
		w[i] = (struct dwriter){ .sock = mine, .id = (uint32_t)i };
		ASSERT_EQ(0, pthread_create(&th[i], NULL, dgram_writer, &w[i]));
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		fail |= w[i].fail;
	}
	EXPECT_EQ(0, fail);
	/* The data stays readable after the writer's end is gone. */
	zx_handle_close(mine);
	EXPECT_EQ(0, zx_test_wait_child(pid));
}

/* ------------------------------------------------ killed mid-stream */

static unsigned char pat(uint64_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

static int endless_writer(zx_handle_t sock)
{
	static unsigned char buf[65536];
	uint64_t pos = 0;
	size_t i, n;
	zx_status_t s;

	for (;;) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = pat(pos + i);
		s = zx_socket_write(sock, 0, buf, sizeof(buf), &n);
		if (s == ZX_ERR_SHOULD_WAIT) {
			wait_for(sock, ZX_SOCKET_WRITABLE);
			continue;
		}
		if (s != ZX_OK)
			return 50;
		pos += n;
	}
}

TEST(writer_killed_mid_stream)
{
	long live = zx_test_live_objects();
	static unsigned char buf[32768];
	zx_handle_t mine, theirs;
	uint64_t got = 0;
	zx_status_t s;
	size_t n, i;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_socket_create(0, &mine, &theirs));
	pid = spawn_with(theirs, endless_writer);
	ASSERT_LT(0, pid);
	while (got < (1u << 20)) {
		ASSERT_TRUE(wait_for(mine, ZX_SOCKET_READABLE));
		ASSERT_EQ(ZX_OK, zx_socket_read(mine, 0, buf, 1000 + got % 30000,
						&n));
		for (i = 0; i < n; i++)
			ASSERT_EQ(pat(got + i), buf[i]);
		got += n;
	}
	ASSERT_EQ(0, kill(pid, SIGKILL));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	/* What was written stays readable, in order, then PEER_CLOSED. */
	for (;;) {
		s = zx_socket_read(mine, 0, buf, sizeof(buf), &n);
		if (s != ZX_OK)
			break;
		for (i = 0; i < n; i++)
			ASSERT_EQ(pat(got + i), buf[i]);
		got += n;
	}
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, s);
	EXPECT_EQ(ZX_SOCKET_PEER_CLOSED, zx_test_signals(mine));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_socket_write(mine, 0, "x", 1, NULL));
	zx_handle_close(mine);
	if (live >= 0)
		EXPECT_EQ(live, zx_test_live_objects_settle(live, 5000));
}

ZX_TEST_MAIN(NULL, NULL)
