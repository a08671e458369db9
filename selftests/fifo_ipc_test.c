// SPDX-License-Identifier: GPL-2.0
/*
 * FIFOs between Linux processes: one end crosses to a forked child through
 * the descriptor bridge; several threads on each side write and read
 * 16-byte elements both ways at once, and every element arrives exactly
 * once, each writer's in its order; a process killed mid-stream gives its
 * peer every element it wrote and then PEER_CLOSED.
 */
#include <signal.h>
#include <stdatomic.h>

#include <zircon/linux.h>

#include "zx_test_util.h"

#define ESZ		16
#define DEPTH		16	/* elements per ring */
#define WRITERS		3
#define READERS		3
#define PER_WRITER	4000
#define MAX_WRITERS	8

struct elem {
	uint32_t writer;	/* 1-based, with the side in bit 4 */
	uint32_t magic;
	uint64_t seq;
};

#define MAGIC	0x5a17f1f0u

/* What one process's readers share. */
struct rx {
	zx_handle_t h;
	uint32_t side;		/* the writers' side bit */
	atomic_long total;
	atomic_int errors;
	atomic_int peer_closed;
	unsigned char *seen[MAX_WRITERS];	/* [writer][seq] */
};

struct tx {
	zx_handle_t h;
	uint32_t writer;
	long count;
	zx_status_t status;
};

static zx_status_t wait_for(zx_handle_t h, zx_signals_t sig, int64_t ms,
			    zx_signals_t *seen)
{
	return zx_object_wait_one(h, sig | ZX_FIFO_PEER_CLOSED,
				  zx_deadline_after(ZX_MSEC(ms)), seen);
}

/* Writes count elements, in batches of 1 to 5, waiting when full. */
static void *writer(void *p)
{
	struct tx *t = p;
	struct elem batch[5];
	long seq = 0;

	t->status = ZX_OK;
	while (seq < t->count) {
		size_t n = 1 + (size_t)(seq % 5), actual = 0;
		zx_status_t s;

		if ((long)n > t->count - seq)
			n = (size_t)(t->count - seq);
		for (size_t i = 0; i < n; i++)
			batch[i] = (struct elem){ t->writer, MAGIC, seq + i };
		s = zx_fifo_write(t->h, ESZ, batch, n, &actual);
		if (s == ZX_OK) {
			if (actual < 1 || actual > n) {
				t->status = ZX_ERR_INTERNAL;
				return NULL;
			}
			seq += (long)actual;
		} else if (s == ZX_ERR_SHOULD_WAIT) {
			s = wait_for(t->h, ZX_FIFO_WRITABLE, 60000, NULL);
			if (s != ZX_OK) {
				t->status = s;
				return NULL;
			}
		} else {
			t->status = s;
			return NULL;
		}
	}
	return NULL;
}

/* Records one element; a reader's own view of each writer is ordered. */
static void take(struct rx *r, const struct elem *e, long *last)
{
	uint32_t w = e->writer & 0xf;

	if (e->magic != MAGIC || (e->writer & ~0xfu) != r->side || w < 1 ||
	    w > MAX_WRITERS || !r->seen[w - 1] || e->seq >= PER_WRITER ||
	    (long)e->seq <= last[w - 1] || r->seen[w - 1][e->seq]++) {
		atomic_fetch_add(&r->errors, 1);
		return;
	}
	last[w - 1] = (long)e->seq;
	atomic_fetch_add(&r->total, 1);
}

/* Reads until @expect elements arrived in all or the peer is gone. */
static void *reader(void *p)
{
	struct rx *r = p;
	long expect = (long)WRITERS * PER_WRITER, last[MAX_WRITERS];
	struct elem buf[8];

	for (int i = 0; i < MAX_WRITERS; i++)
		last[i] = -1;
	while (atomic_load(&r->total) < expect) {
		size_t actual = 0;
		zx_status_t s = zx_fifo_read(r->h, ESZ, buf, 1 + rand() % 8,
					     &actual);

		if (s == ZX_OK) {
			for (size_t i = 0; i < actual; i++)
				take(r, &buf[i], last);
		} else if (s == ZX_ERR_SHOULD_WAIT) {
			/* Short waits: another reader may take the last. */
			s = wait_for(r->h, ZX_FIFO_READABLE, 100, NULL);
			if (s != ZX_OK && s != ZX_ERR_TIMED_OUT) {
				atomic_fetch_add(&r->errors, 1);
				return NULL;
			}
		} else {
			if (s == ZX_ERR_PEER_CLOSED)
				atomic_store(&r->peer_closed, 1);
			else
				atomic_fetch_add(&r->errors, 1);
			return NULL;
		}
	}
	return NULL;
}

static int rx_init(struct rx *r, zx_handle_t h, uint32_t side)
{
	memset(r, 0, sizeof(*r));
	r->h = h;
	r->side = side;
	for (int i = 0; i < WRITERS; i++) {
		r->seen[i] = calloc(PER_WRITER, 1);
		if (!r->seen[i])
			return -1;
	}
	return 0;
}

/* 0 when every element of every writer arrived exactly once. */
static int rx_complete(struct rx *r)
{
	int missing = 0;

	for (int i = 0; i < WRITERS; i++) {
		for (int s = 0; s < PER_WRITER; s++)
			missing += r->seen[i][s] != 1;
		free(r->seen[i]);
	}
	return missing + atomic_load(&r->errors);
}

/*
 * Both directions at once from @h: WRITERS threads write elements marked
 * @tx_side, READERS threads read the peer's (@rx_side).  0 on success.
 */
static int run_side(zx_handle_t h, uint32_t tx_side, uint32_t rx_side)
{
	pthread_t wt[WRITERS], rt[READERS];
	struct tx t[WRITERS];
	struct rx r;
	int bad = 0;

	if (rx_init(&r, h, rx_side))
		return 100;
	for (int i = 0; i < WRITERS; i++) {
		t[i] = (struct tx){ h, tx_side | (uint32_t)(i + 1),
				    PER_WRITER, ZX_OK };
		if (pthread_create(&wt[i], NULL, writer, &t[i]))
			return 101;
	}
	for (int i = 0; i < READERS; i++) {
		if (pthread_create(&rt[i], NULL, reader, &r))
			return 102;
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(wt[i], NULL);
		if (t[i].status != ZX_OK) {
			fprintf(stderr, "# writer %d: %d\n", i, t[i].status);
			bad++;
		}
	}
	for (int i = 0; i < READERS; i++)
		pthread_join(rt[i], NULL);
	if (atomic_load(&r.total) != (long)WRITERS * PER_WRITER)
		bad++;
	bad += rx_complete(&r);
	return bad ? 1 : 0;
}

static int child_side(int fd)
{
	zx_handle_t h;

	if (zx_linux_fd_to_handle(fd, &h) != ZX_OK)
		return 90;
	close(fd);
	return run_side(h, 0x20, 0x10);
}

TEST(two_processes_threads_both_ways)
{
	zx_handle_t mine, theirs;
	int fd, rc;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_fifo_create(DEPTH, ESZ, 0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, 0, &fd));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(child_side(fd));
	close(fd);
	rc = run_side(mine, 0x10, 0x20);
	EXPECT_EQ(0, rc);
	EXPECT_EQ(0, zx_test_wait_child(pid));
	/* The child is gone, and with it the other end. */
	EXPECT_EQ(ZX_OK, zx_object_wait_one(mine, ZX_FIFO_PEER_CLOSED,
					    zx_deadline_after(ZX_SEC(30)),
					    NULL));
	zx_handle_close(mine);
}

/* The child writes sequence numbers until it is killed. */
static int endless_writer(int fd)
{
	struct elem e = { 0x21, MAGIC, 0 };
	zx_handle_t h;

	if (zx_linux_fd_to_handle(fd, &h) != ZX_OK)
		return 90;
	close(fd);
	for (;;) {
		zx_status_t s = zx_fifo_write(h, ESZ, &e, 1, NULL);

		if (s == ZX_OK)
			e.seq++;
		else if (s == ZX_ERR_SHOULD_WAIT)
			wait_for(h, ZX_FIFO_WRITABLE, 60000, NULL);
		else
			return 91;
	}
}

TEST(killed_mid_stream_gives_peer_closed)
{
	zx_handle_t mine, theirs;
	struct elem buf[DEPTH], e = { 0, MAGIC, 0 };
	uint64_t next = 0;
	zx_status_t s;
	size_t actual;
	int fd;
	pid_t pid;

	ASSERT_EQ(ZX_OK, zx_fifo_create(DEPTH, ESZ, 0, &mine, &theirs));
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(theirs, 0, &fd));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(endless_writer(fd));
	close(fd);
	/* Read a good part of the stream, then kill the writer. */
	while (next < 2000) {
		s = zx_fifo_read(mine, ESZ, buf, DEPTH, &actual);
		if (s == ZX_ERR_SHOULD_WAIT) {
			ASSERT_EQ(ZX_OK, wait_for(mine, ZX_FIFO_READABLE,
						  60000, NULL));
			continue;
		}
		ASSERT_EQ(ZX_OK, s);
		for (size_t i = 0; i < actual; i++)
			ASSERT_EQ(next++, buf[i].seq);
	}
	ASSERT_EQ(0, kill(pid, SIGKILL));
	EXPECT_EQ(128 + SIGKILL, zx_test_wait_child(pid));
	/* What it wrote before dying is all there, in order; then the end. */
	ASSERT_EQ(ZX_OK, wait_for(mine, ZX_FIFO_PEER_CLOSED, 30000, NULL));
	for (;;) {
		s = zx_fifo_read(mine, ESZ, buf, DEPTH, &actual);
		if (s != ZX_OK)
			break;
		for (size_t i = 0; i < actual; i++)
			ASSERT_EQ(next++, buf[i].seq);
	}
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, s);
	EXPECT_EQ(ZX_FIFO_PEER_CLOSED, zx_test_signals(mine));
	EXPECT_EQ(ZX_ERR_PEER_CLOSED, zx_fifo_write(mine, ESZ, &e, 1, NULL));
	zx_handle_close(mine);
}

ZX_TEST_MAIN(NULL, NULL)
