// SPDX-License-Identifier: GPL-2.0
/*
 * VMO hardening: rights of zx_vmo_set_size and ZX_VMO_OP_PREFETCH,
 * snapshots taken while a page is pinned for a write still in flight,
 * operations over huge sparse ranges (bounded time, the VMO lock not held
 * for long, killable), and committed pages surviving memory reclaim.
 */
#include <linux/io_uring.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/ioctl.h>

#include "zx_test_util.h"

#define PAGE		4096ULL
#define HUGE_SIZE	(1ULL << 62)

static zx_handle_t dup_rights(zx_handle_t h, zx_rights_t rights)
{
	zx_handle_t d = ZX_HANDLE_INVALID;

	if (zx_handle_duplicate(h, rights, &d) != ZX_OK)
		return ZX_HANDLE_INVALID;
	return d;
}

static uint64_t vmo_size(zx_handle_t h)
{
	uint64_t size = 0;

	if (zx_vmo_get_size(h, &size) != ZX_OK)
		return (uint64_t)-1;
	return size;
}

/* Whether bytes [off, off + len) of h all read as @c. */
static bool vmo_all(zx_handle_t h, uint64_t off, size_t len, int c)
{
	char buf[PAGE];
	size_t i;

	if (len > sizeof(buf) || zx_vmo_read(h, buf, off, len) != ZX_OK)
		return false;
	for (i = 0; i < len; i++)
		if (buf[i] != (char)c)
			return false;
	return true;
}

static bool mem_all(const char *p, size_t len, int c)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (char)c)
			return false;
	return true;
}

/* ---------------------------------------------------------------- rights */

TEST(set_size_needs_resize_right)
{
	zx_handle_t r = zx_test_vmo(4 * PAGE, ZX_VMO_RESIZABLE);
	zx_handle_t fixed = zx_test_vmo(4 * PAGE, 0);
	zx_handle_t wo, nowrite, fwo, c, cwo;

	ASSERT_NE(ZX_HANDLE_INVALID, r);
	ASSERT_NE(ZX_HANDLE_INVALID, fixed);
	wo = dup_rights(r, ZX_DEFAULT_VMO_RIGHTS);
	ASSERT_NE(ZX_HANDLE_INVALID, wo);
	EXPECT_EQ(0u, zx_test_rights(wo) & ZX_RIGHT_RESIZE);
	/* WRITE without RESIZE cannot shrink the owner's VMO. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(wo, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(wo, 8 * PAGE));
	EXPECT_EQ(4 * PAGE, vmo_size(r));
	/* RESIZE without WRITE is not enough either. */
	nowrite = dup_rights(r, ZX_RIGHT_RESIZE | ZX_RIGHT_READ);
	ASSERT_NE(ZX_HANDLE_INVALID, nowrite);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(nowrite, 0));
	/* Both: fine. */
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(r, 2 * PAGE));
	EXPECT_EQ(2 * PAGE, vmo_size(r));
	/* A VMO that is not resizable answers UNAVAILABLE, as on Zircon. */
	fwo = dup_rights(fixed, ZX_RIGHT_WRITE);
	ASSERT_NE(ZX_HANDLE_INVALID, fwo);
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(fwo, PAGE));
	EXPECT_EQ(ZX_ERR_UNAVAILABLE, zx_vmo_set_size(fixed, PAGE));
	/* A resizable snapshot child: the same rule. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(fixed, ZX_VMO_CHILD_SNAPSHOT |
					     ZX_VMO_CHILD_RESIZABLE, 0,
					     PAGE, &c));
	cwo = dup_rights(c, zx_test_rights(c) & ~ZX_RIGHT_RESIZE);
	ASSERT_NE(ZX_HANDLE_INVALID, cwo);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED, zx_vmo_set_size(cwo, 0));
	EXPECT_EQ(PAGE, vmo_size(c));
	EXPECT_EQ(ZX_OK, zx_vmo_set_size(c, 0));
	zx_handle_close(cwo);
	zx_handle_close(c);
	zx_handle_close(fwo);
	zx_handle_close(nowrite);
	zx_handle_close(wo);
	zx_handle_close(fixed);
	zx_handle_close(r);
}

TEST(prefetch_needs_read)
{
	zx_handle_t h = zx_test_vmo(4 * PAGE, 0), wo, ro, none;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	wo = dup_rights(h, ZX_RIGHT_WRITE);
	ro = dup_rights(h, ZX_RIGHT_READ);
	none = dup_rights(h, ZX_RIGHT_DUPLICATE);
	ASSERT_NE(ZX_HANDLE_INVALID, wo);
	ASSERT_NE(ZX_HANDLE_INVALID, ro);
	ASSERT_NE(ZX_HANDLE_INVALID, none);
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(wo, ZX_VMO_OP_PREFETCH, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(none, ZX_VMO_OP_PREFETCH, 0, PAGE, NULL,
				  0));
	EXPECT_EQ(ZX_OK,
		  zx_vmo_op_range(ro, ZX_VMO_OP_PREFETCH, 0, PAGE, NULL, 0));
	EXPECT_EQ(ZX_OK,
		  zx_vmo_op_range(h, ZX_VMO_OP_PREFETCH, 0, PAGE, NULL, 0));
	/* The rights come before the range check, as on Zircon. */
	EXPECT_EQ(ZX_ERR_ACCESS_DENIED,
		  zx_vmo_op_range(wo, ZX_VMO_OP_PREFETCH, 0, 64 * PAGE, NULL,
				  0));
	zx_handle_close(none);
	zx_handle_close(ro);
	zx_handle_close(wo);
	zx_handle_close(h);
}

/* ------------------------------------------------------- pinned pages */

/*
 * A write pinned before a snapshot and landing after it.
 * process_vm_writev() pins the destination pages (FOLL_PIN | FOLL_WRITE),
 * then copies from the source; the source is a userfaultfd page that is
 * missing, so the copy waits, with the pin held, until the test supplies
 * the page.  In between, the test takes the snapshot.
 */
struct pinned_writer {
	void *src;
	void *dst;
	ssize_t ret;
	int err;
};

static void *pinned_writer_main(void *arg)
{
	struct pinned_writer *w = arg;
	struct iovec local = { .iov_base = w->src, .iov_len = PAGE };
	struct iovec remote = { .iov_base = w->dst, .iov_len = PAGE };

	w->ret = process_vm_writev(getpid(), &local, 1, &remote, 1, 0);
	w->err = errno;
	return NULL;
}

static int uffd_open(void *src, size_t len)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = {
		.range = { .start = (uintptr_t)src, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -1;
	if (ioctl(fd, UFFDIO_API, &api) || ioctl(fd, UFFDIO_REGISTER, &reg)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Waits for the fault at @src; true once the writer is stuck in it. */
static bool uffd_wait_fault(int fd, void *src)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	struct uffd_msg msg;

	if (poll(&pfd, 1, 20000) != 1)
		return false;
	if (read(fd, &msg, sizeof(msg)) != sizeof(msg))
		return false;
	return msg.event == UFFD_EVENT_PAGEFAULT &&
	       (msg.arg.pagefault.address & ~(PAGE - 1)) == (uintptr_t)src;
}

static bool uffd_supply(int fd, void *src, int c)
{
	static char page[PAGE] __attribute__((aligned(4096)));
	struct uffdio_copy copy = {
		.dst = (uintptr_t)src,
		.src = (uintptr_t)page,
		.len = PAGE,
	};

	memset(page, c, sizeof(page));
	return ioctl(fd, UFFDIO_COPY, &copy) == 0;
}

/*
 * One round: map @vmo, fill page 0 with 'A', pin it for a write of 'B's,
 * snapshot, (optionally) write through the mapping while the pin is held,
 * let the write land.  Returns the child through *child, or an error text.
 */
static const char *pinned_round(zx_handle_t vmo, bool touch,
				zx_handle_t *child, char **mapping)
{
	struct pinned_writer w = { 0 };
	zx_vaddr_t addr = 0;
	pthread_t thread;
	const char *err = NULL;
	char *p;
	int fd;

	*child = ZX_HANDLE_INVALID;
	if (zx_vmar_map(zx_vmar_root_self(),
			ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo, 0,
			2 * PAGE, &addr) != ZX_OK)
		return "map";
	p = (char *)addr;
	*mapping = p;
	memset(p, 'A', 2 * PAGE);
	w.src = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (w.src == MAP_FAILED)
		return "mmap";
	w.dst = p;
	fd = uffd_open(w.src, PAGE);
	if (fd < 0) {
		munmap(w.src, PAGE);
		return "uffd";
	}
	if (pthread_create(&thread, NULL, pinned_writer_main, &w)) {
		close(fd);
		munmap(w.src, PAGE);
		return "thread";
	}
	if (!uffd_wait_fault(fd, w.src))
		err = "no fault";
	/* The destination page is pinned now, the copy not yet done. */
	if (!err && zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					2 * PAGE, child) != ZX_OK)
		err = "snapshot";
	if (!err && touch)
		p[PAGE - 1] = 'C';
	if (!uffd_supply(fd, w.src, 'B') && !err)
		err = "uffd copy";
	pthread_join(thread, NULL);
	if (!err && w.ret != (ssize_t)PAGE)
		err = "process_vm_writev";
	close(fd);
	munmap(w.src, PAGE);
	return err;
}

static bool uffd_available(void)
{
	void *src = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd;

	if (src == MAP_FAILED)
		return false;
	fd = uffd_open(src, PAGE);
	munmap(src, PAGE);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * process_vm_writev() is the pin these tests hold; kernels built without
 * CONFIG_CROSS_MEMORY_ATTACH (the debug kernel's tinyconfig base) answer
 * ENOSYS, and there snapshots_during_o_direct_reads covers pinned pages.
 */
static bool pvm_available(void)
{
	char byte = 0;
	struct iovec local = { .iov_base = &byte, .iov_len = 1 };
	struct iovec remote = { .iov_base = &byte, .iov_len = 1 };

	return process_vm_writev(getpid(), &local, 1, &remote, 1, 0) == 1;
}

TEST(snapshot_of_page_pinned_for_write)
{
	int round;

	if (!uffd_available())
		SKIP(return, "userfaultfd unavailable");
	if (!pvm_available())
		SKIP(return, "process_vm_writev unavailable (%s)",
		     strerror(errno));
	for (round = 0; round < 4; round++) {
		zx_handle_t vmo = zx_test_vmo(2 * PAGE, 0), child;
		const char *err;
		char *p = NULL;

		ASSERT_NE(ZX_HANDLE_INVALID, vmo);
		err = pinned_round(vmo, false, &child, &p);
		ASSERT_EQ(NULL, err) TH_LOG("round %d: %s", round, err);
		/* The snapshot must never change. */
		EXPECT_TRUE(vmo_all(child, 0, PAGE, 'A'));
		EXPECT_TRUE(vmo_all(child, PAGE, PAGE, 'A'));
		/* The writer's VMO got the bytes, mapped and read. */
		EXPECT_TRUE(mem_all(p, PAGE, 'B'));
		EXPECT_TRUE(vmo_all(vmo, 0, PAGE, 'B'));
		EXPECT_TRUE(mem_all(p + PAGE, PAGE, 'A'));
		/* Later writes of either side stay on that side. */
		p[0] = 'D';
		EXPECT_TRUE(vmo_all(child, 0, 1, 'A'));
		EXPECT_EQ(ZX_OK, zx_vmo_write(child, "E", 0, 1));
		EXPECT_EQ('D', p[0]);
		EXPECT_TRUE(vmo_all(vmo, 0, 1, 'D'));
		zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)p, 2 * PAGE);
		zx_handle_close(child);
		zx_handle_close(vmo);
	}
}

TEST(pinned_page_written_by_both_after_snapshot)
{
	zx_handle_t vmo, child, child2;
	const char *err;
	char *p = NULL;

	if (!uffd_available())
		SKIP(return, "userfaultfd unavailable");
	if (!pvm_available())
		SKIP(return, "process_vm_writev unavailable (%s)",
		     strerror(errno));
	vmo = zx_test_vmo(2 * PAGE, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	/* The owner writes the pinned page before the pinned write lands. */
	err = pinned_round(vmo, true, &child, &p);
	ASSERT_EQ(NULL, err) TH_LOG("%s", err);
	EXPECT_TRUE(vmo_all(child, 0, PAGE, 'A'));
	/* The pinned write went to the page the owner sees. */
	EXPECT_TRUE(mem_all(p, PAGE, 'B'));
	EXPECT_TRUE(vmo_all(vmo, 0, PAGE, 'B'));
	/* A second snapshot sees that, and stays as it is. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * PAGE, &child2));
	EXPECT_TRUE(vmo_all(child2, 0, PAGE, 'B'));
	p[5] = 'F';
	EXPECT_TRUE(vmo_all(child2, 0, PAGE, 'B'));
	EXPECT_TRUE(vmo_all(child, 0, PAGE, 'A'));
	/* Children gone: the layers fold back, the bytes stay. */
	zx_handle_close(child);
	zx_handle_close(child2);
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * PAGE, &child));
	EXPECT_EQ('F', p[5]);
	EXPECT_TRUE(vmo_all(vmo, 0, 5, 'B'));
	EXPECT_TRUE(vmo_all(child, 5, 1, 'F'));
	zx_vmar_unmap(zx_vmar_root_self(), (zx_vaddr_t)p, 2 * PAGE);
	zx_handle_close(child);
	zx_handle_close(vmo);
}

/*
 * The same with an io_uring fixed buffer, which pins the mapped pages
 * (FOLL_PIN | FOLL_LONGTERM) at registration: a READ_FIXED after the
 * snapshot writes into the pinned pages directly.  Linux 6.1 refuses to
 * register a file mapping other than shmem or hugetlbfs (EOPNOTSUPP), and
 * later kernels refuse long-term writable pins of mappings that track
 * dirtying; the test then skips, and the process_vm_writev() tests above
 * cover the pinned write.
 */
struct uring {
	int fd;
	struct io_uring_params p;
	void *sq, *cq;
	size_t sq_len, cq_len, sqes_len;
	struct io_uring_sqe *sqes;
};

static void uring_exit(struct uring *u)
{
	if (u->sqes && u->sqes != MAP_FAILED)
		munmap(u->sqes, u->sqes_len);
	if (u->cq && u->cq != MAP_FAILED)
		munmap(u->cq, u->cq_len);
	if (u->sq && u->sq != MAP_FAILED)
		munmap(u->sq, u->sq_len);
	if (u->fd >= 0)
		close(u->fd);
}

static int uring_init(struct uring *u)
{
	memset(u, 0, sizeof(*u));
	u->fd = (int)syscall(__NR_io_uring_setup, 4, &u->p);
	if (u->fd < 0)
		return -1;
	u->sq_len = u->p.sq_off.array + u->p.sq_entries * sizeof(unsigned int);
	u->cq_len = u->p.cq_off.cqes +
		    u->p.cq_entries * sizeof(struct io_uring_cqe);
	u->sqes_len = u->p.sq_entries * sizeof(struct io_uring_sqe);
	u->sq = mmap(NULL, u->sq_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		     u->fd, IORING_OFF_SQ_RING);
	u->cq = mmap(NULL, u->cq_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		     u->fd, IORING_OFF_CQ_RING);
	u->sqes = mmap(NULL, u->sqes_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		       u->fd, IORING_OFF_SQES);
	if (u->sq == MAP_FAILED || u->cq == MAP_FAILED ||
	    u->sqes == MAP_FAILED)
		return -1;
	return 0;
}

#define RING_U32(base, off)	((unsigned int *)((char *)(base) + (off)))

/* One READ_FIXED of @len bytes from @fd into @buf; its result. */
static int uring_read_fixed(struct uring *u, int fd, void *buf,
			    unsigned int len)
{
	unsigned int *tail = RING_U32(u->sq, u->p.sq_off.tail);
	unsigned int mask = *RING_U32(u->sq, u->p.sq_off.ring_mask);
	unsigned int *array = RING_U32(u->sq, u->p.sq_off.array);
	unsigned int *chead = RING_U32(u->cq, u->p.cq_off.head);
	unsigned int *ctail = RING_U32(u->cq, u->p.cq_off.tail);
	unsigned int cmask = *RING_U32(u->cq, u->p.cq_off.ring_mask);
	struct io_uring_cqe *cqes =
		(void *)((char *)u->cq + u->p.cq_off.cqes);
	unsigned int t = *tail, h;
	struct io_uring_sqe *sqe = &u->sqes[t & mask];
	int res;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_READ_FIXED;
	sqe->fd = fd;
	sqe->addr = (uintptr_t)buf;
	sqe->len = len;
	sqe->off = (uint64_t)-1;
	sqe->buf_index = 0;
	array[t & mask] = t & mask;
	__atomic_store_n(tail, t + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, u->fd, 1, 1,
		    IORING_ENTER_GETEVENTS, NULL, 0) < 0)
		return -errno;
	h = __atomic_load_n(chead, __ATOMIC_ACQUIRE);
	if (h == __atomic_load_n(ctail, __ATOMIC_ACQUIRE))
		return -EAGAIN;
	res = cqes[h & cmask].res;
	__atomic_store_n(chead, h + 1, __ATOMIC_RELEASE);
	return res;
}

TEST(snapshot_of_io_uring_fixed_buffer)
{
	zx_handle_t vmo = zx_test_vmo(2 * PAGE, 0), child;
	static char data[PAGE];
	struct iovec iov;
	zx_vaddr_t addr = 0;
	struct uring u;
	int fds[2], err;
	char *p;

	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo,
				     0, 2 * PAGE, &addr));
	p = (char *)addr;
	memset(p, 'A', 2 * PAGE);
	if (uring_init(&u)) {
		uring_exit(&u);
		SKIP(goto out, "io_uring unavailable (%s)", strerror(errno));
	}
	iov.iov_base = p;
	iov.iov_len = 2 * PAGE;
	if (syscall(__NR_io_uring_register, u.fd, IORING_REGISTER_BUFFERS,
		    &iov, 1) < 0) {
		err = errno;
		uring_exit(&u);
		/*
		 * A VMO mapping's file is the module's view file, not shmem,
		 * so Linux refuses it long-term pins (EOPNOTSUPP; EFAULT on
		 * kernels that report it so): nothing can then write behind
		 * a snapshot's back through io_uring.  Any other answer is
		 * a failure.
		 */
		EXPECT_TRUE(err == EOPNOTSUPP || err == EFAULT)
			TH_LOG("io_uring registration failed with %s",
			       strerror(err));
		goto out;
	}
	ASSERT_EQ(0, pipe(fds));
	memset(data, 'B', sizeof(data));
	ASSERT_EQ((ssize_t)PAGE, write(fds[1], data, PAGE));
	/* The buffer's pages are pinned; the snapshot must not share them. */
	ASSERT_EQ(ZX_OK, zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0,
					     2 * PAGE, &child));
	EXPECT_EQ((int)PAGE, uring_read_fixed(&u, fds[0], p, PAGE));
	EXPECT_TRUE(vmo_all(child, 0, PAGE, 'A'));
	EXPECT_TRUE(mem_all(p, PAGE, 'B'));
	EXPECT_TRUE(vmo_all(vmo, 0, PAGE, 'B'));
	close(fds[0]);
	close(fds[1]);
	zx_handle_close(child);
	uring_exit(&u);
out:
	zx_vmar_unmap(zx_vmar_root_self(), addr, 2 * PAGE);
	zx_handle_close(vmo);
}

/*
 * O_DIRECT reads from a RAM disk into a mapping of the VMO, racing
 * snapshots: the read's pages are held (get_user_pages) while the data is
 * copied in, so a snapshot taken meanwhile must not see it land.  Page 0
 * of /dev/ram0 holds 'B's, page 1 'C's; the reader alternates, and every
 * snapshot must read the same twice, the second time after the reader has
 * moved on.  A race, so a statistical test (it needs brd: VM_MODULES=brd
 * on the stock kernel).
 */
struct odirect {
	int fd;
	char *dst;
	volatile bool stop;
	volatile long reads;
};

static void *odirect_main(void *arg)
{
	struct odirect *o = arg;

	while (!o->stop) {
		if (pread(o->fd, o->dst, PAGE, (o->reads & 1) * PAGE) !=
		    (ssize_t)PAGE) {
			o->stop = true;
			break;
		}
		o->reads++;
	}
	return NULL;
}

TEST(snapshots_during_o_direct_reads)
{
	struct odirect o = { 0 };
	zx_handle_t vmo, child;
	zx_vaddr_t addr = 0;
	char *bounce, a[PAGE], b[PAGE];
	int round, changed = 0;
	pthread_t th;

	o.fd = open("/dev/ram0", O_RDWR | O_DIRECT);
	if (o.fd < 0)
		SKIP(return, "no /dev/ram0 (load brd)");
	bounce = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, bounce);
	memset(bounce, 'B', PAGE);
	memset(bounce + PAGE, 'C', PAGE);
	ASSERT_EQ((ssize_t)(2 * PAGE), pwrite(o.fd, bounce, 2 * PAGE, 0));
	vmo = zx_test_vmo(PAGE, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	ASSERT_EQ(ZX_OK, zx_vmar_map(zx_vmar_root_self(),
				     ZX_VM_PERM_READ | ZX_VM_PERM_WRITE, 0, vmo,
				     0, PAGE, &addr));
	o.dst = (char *)addr;
	memset(o.dst, 'A', PAGE);
	ASSERT_EQ(0, pthread_create(&th, NULL, odirect_main, &o));
	for (round = 0; round < 1500; round++) {
		long seen;

		if (zx_vmo_create_child(vmo, ZX_VMO_CHILD_SNAPSHOT, 0, PAGE,
					&child) != ZX_OK)
			break;
		seen = o.reads;
		if (zx_vmo_read(child, a, 0, PAGE) == ZX_OK) {
			while (o.reads < seen + 2 && !o.stop)
				sched_yield();
			if (zx_vmo_read(child, b, 0, PAGE) == ZX_OK &&
			    memcmp(a, b, PAGE))
				changed++;
		}
		zx_handle_close(child);
	}
	o.stop = true;
	pthread_join(th, NULL);
	TH_LOG("%d snapshots, %ld O_DIRECT reads, %d changed after creation",
	       round, o.reads, changed);
	EXPECT_EQ(1500, round);
	EXPECT_LE(1000, o.reads);
	EXPECT_EQ(0, changed);
	zx_vmar_unmap(zx_vmar_root_self(), addr, PAGE);
	zx_handle_close(vmo);
	munmap(bounce, 2 * PAGE);
	close(o.fd);
}

/* ------------------------------------------------------ huge ranges */

struct reader {
	zx_handle_t vmo;
	uint64_t off;
	volatile bool stop;
	volatile long reads;
	int64_t max_gap;	/* ns between two completed reads */
	int64_t last;
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	char buf[16];

	r->last = zx_test_now();
	while (!r->stop) {
		int64_t now;

		zx_vmo_read(r->vmo, buf, r->off, sizeof(buf));
		now = zx_test_now();
		if (now - r->last > r->max_gap)
			r->max_gap = now - r->last;
		r->last = now;
		r->reads++;
	}
	return NULL;
}

#define SECOND		1000000000LL
#define OP_BOUND	(5 * SECOND)

/* Runs op_range, returns its status; *ns gets how long it took. */
static zx_status_t timed_op(zx_handle_t h, uint32_t op, uint64_t off,
			    uint64_t len, int64_t *ns)
{
	int64_t t0 = zx_test_now();
	zx_status_t s = zx_vmo_op_range(h, op, off, len, NULL, 0);

	*ns = zx_test_now() - t0;
	return s;
}

#define TIMED_CHECK(status, expect, ns)					\
	do {								\
		if ((status) != (expect) || (ns) >= OP_BOUND) {		\
			fprintf(stderr, "# %s:%d: status %d (want %d), " \
				"%lld ms\n", __FILE__, __LINE__,	\
				(int)(status), (int)(expect),		\
				(long long)((ns) / 1000000));		\
			return 1;					\
		}							\
	} while (0)

static int huge_ranges_child(void *arg)
{
	zx_handle_t small, c, big, c2;
	struct reader r = { 0 };
	pthread_t thread;
	zx_status_t s;
	int64_t ns;
	char b = 0;

	(void)arg;
	/* A one-page VMO seen by a snapshot child of 2^62 bytes. */
	CHILD_CHECK(zx_vmo_create(PAGE, 0, &small) == ZX_OK);
	CHILD_CHECK(zx_vmo_write(small, "x", 0, 1) == ZX_OK);
	CHILD_CHECK(zx_vmo_create_child(small, ZX_VMO_CHILD_SNAPSHOT, 0,
					HUGE_SIZE, &c) == ZX_OK);
	r.vmo = c;
	CHILD_CHECK(pthread_create(&thread, NULL, reader_main, &r) == 0);
	zx_test_sleep_ms(50);
	s = timed_op(c, ZX_VMO_OP_ZERO, 0, HUGE_SIZE, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	CHILD_CHECK(zx_vmo_read(c, &b, 0, 1) == ZX_OK && b == 0);
	s = zx_vmo_read(small, &b, 0, 1);
	if (s != ZX_OK || b != 'x')
		fprintf(stderr, "# small: status %d byte %d\n", s, b);
	CHILD_CHECK(s == ZX_OK && b == 'x');
	s = timed_op(c, ZX_VMO_OP_ZERO, PAGE + 1, HUGE_SIZE - PAGE - 2, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	s = timed_op(c, ZX_VMO_OP_DECOMMIT, 0, HUGE_SIZE, &ns);
	TIMED_CHECK(s, ZX_ERR_NOT_SUPPORTED, ns);
	/* Bytes near the end of the child. */
	CHILD_CHECK(zx_vmo_write(c, "y", HUGE_SIZE - 1, 1) == ZX_OK);
	CHILD_CHECK(zx_vmo_read(c, &b, HUGE_SIZE - 1, 1) == ZX_OK && b == 'y');
	s = timed_op(c, ZX_VMO_OP_ZERO, 0, HUGE_SIZE, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	CHILD_CHECK(zx_vmo_read(c, &b, HUGE_SIZE - 1, 1) == ZX_OK && b == 0);

	/* A sparse 2^62-byte VMO: DECOMMIT and ZERO of all of it. */
	CHILD_CHECK(zx_vmo_create(HUGE_SIZE, 0, &big) == ZX_OK);
	CHILD_CHECK(zx_vmo_write(big, "u", HUGE_SIZE / 4, 1) == ZX_OK);
	CHILD_CHECK(zx_vmo_write(big, "w", HUGE_SIZE - PAGE, 1) == ZX_OK);
	s = timed_op(big, ZX_VMO_OP_DECOMMIT, 0, HUGE_SIZE, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	CHILD_CHECK(zx_vmo_read(big, &b, HUGE_SIZE / 4, 1) == ZX_OK && b == 0);
	CHILD_CHECK(zx_test_vmo_info(big).committed_bytes == 0);
	CHILD_CHECK(zx_vmo_write(big, "u", HUGE_SIZE / 4, 1) == ZX_OK);
	s = timed_op(big, ZX_VMO_OP_ZERO, PAGE, HUGE_SIZE - PAGE, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	CHILD_CHECK(zx_test_vmo_info(big).committed_bytes == 0);

	/* And a snapshot child seeing all of it. */
	CHILD_CHECK(zx_vmo_write(big, "z", HUGE_SIZE / 2, 1) == ZX_OK);
	CHILD_CHECK(zx_vmo_write(big, "w", HUGE_SIZE - 2 * PAGE, 1) == ZX_OK);
	CHILD_CHECK(zx_vmo_create_child(big, ZX_VMO_CHILD_SNAPSHOT, 0,
					HUGE_SIZE, &c2) == ZX_OK);
	CHILD_CHECK(zx_vmo_write(big, "v", 0, 1) == ZX_OK);
	s = timed_op(c2, ZX_VMO_OP_ZERO, PAGE, HUGE_SIZE - 2 * PAGE, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	CHILD_CHECK(zx_vmo_read(c2, &b, HUGE_SIZE / 2, 1) == ZX_OK && b == 0);
	CHILD_CHECK(zx_vmo_read(c2, &b, HUGE_SIZE - 2 * PAGE, 1) == ZX_OK &&
		    b == 0);
	CHILD_CHECK(zx_vmo_read(big, &b, HUGE_SIZE / 2, 1) == ZX_OK &&
		    b == 'z');
	s = timed_op(big, ZX_VMO_OP_ZERO, 0, HUGE_SIZE, &ns);
	TIMED_CHECK(s, ZX_OK, ns);
	CHILD_CHECK(zx_vmo_read(big, &b, HUGE_SIZE / 2, 1) == ZX_OK && b == 0);
	CHILD_CHECK(zx_vmo_read(c2, &b, 0, 1) == ZX_OK && b == 0);
	/* DECOMMIT of a VMO with a snapshot child: refused, at once. */
	s = timed_op(big, ZX_VMO_OP_DECOMMIT, 0, HUGE_SIZE, &ns);
	TIMED_CHECK(s, ZX_ERR_NOT_SUPPORTED, ns);
	zx_handle_close(c2);

	r.stop = true;
	pthread_join(thread, NULL);
	fprintf(stderr, "# reader: %ld reads, longest gap %lld ms\n",
		(long)r.reads, (long long)(r.max_gap / 1000000));
	CHILD_CHECK(r.reads > 0);
	CHILD_CHECK(r.max_gap < OP_BOUND);
	zx_handle_close(big);
	zx_handle_close(c);
	zx_handle_close(small);
	return 0;
}

/*
 * Waits up to @ms for child @pid; on timeout kills it and reports whether
 * it died within @kill_ms.  Returns the exit code, or -2 (timed out, then
 * died when killed) or -3 (did not even die).
 */
static int wait_or_kill(pid_t pid, int ms, int kill_ms)
{
	int64_t deadline = zx_test_now() + (int64_t)ms * 1000000;
	int status;

	while (zx_test_now() < deadline) {
		pid_t got = waitpid(pid, &status, WNOHANG);

		if (got == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) :
			       128 + WTERMSIG(status);
		zx_test_sleep_ms(20);
	}
	kill(pid, SIGKILL);
	deadline = zx_test_now() + (int64_t)kill_ms * 1000000;
	while (zx_test_now() < deadline) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return -2;
		zx_test_sleep_ms(20);
	}
	return -3;
}

TEST(huge_sparse_ranges_are_quick)
{
	pid_t pid = zx_test_fork(huge_ranges_child, NULL);
	int rc;

	ASSERT_LT(0, pid);
	rc = wait_or_kill(pid, 60000, 10000);
	EXPECT_EQ(0, rc);
	if (rc == -3)
		waitpid(pid, NULL, 0);
}

/*
 * A long COMMIT (many pages) holds the VMO's lock only briefly at a time:
 * a reader of the same VMO keeps going, and a kill ends the process.
 */
#define COMMIT_SIZE	(256ULL << 20)

struct committer {
	zx_handle_t vmo;
	int pipe;
};

static void *committer_main(void *arg)
{
	struct committer *cm = arg;
	char c = 'S';

	if (write(cm->pipe, &c, 1) != 1)
		return NULL;
	zx_vmo_op_range(cm->vmo, ZX_VMO_OP_COMMIT, 0, COMMIT_SIZE, NULL, 0);
	c = 'D';
	if (write(cm->pipe, &c, 1) != 1)
		return NULL;
	return NULL;
}

static int long_commit_child(void *arg)
{
	int *fds = arg;
	struct committer cm = { .pipe = fds[1] };
	pthread_t thread;
	char buf[16], c = 'R';

	CHILD_CHECK(zx_vmo_create(COMMIT_SIZE, 0, &cm.vmo) == ZX_OK);
	CHILD_CHECK(pthread_create(&thread, NULL, committer_main, &cm) == 0);
	for (;;) {
		if (zx_vmo_read(cm.vmo, buf, COMMIT_SIZE - sizeof(buf),
				sizeof(buf)) != ZX_OK)
			c = 'E';
		if (write(fds[1], &c, 1) != 1)
			return 1;
		zx_test_sleep_ms(5);
	}
	return 0;
}

TEST(long_commit_lets_readers_in_and_is_killable)
{
	int fds[2], flags, rc;
	long reads_during = 0, errors = 0;
	bool started = false, done = false;
	int64_t deadline, t0;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(fds));
	pid = zx_test_fork(long_commit_child, fds);
	ASSERT_LT(0, pid);
	close(fds[1]);
	flags = fcntl(fds[0], F_GETFL);
	fcntl(fds[0], F_SETFL, flags | O_NONBLOCK);
	/* Count the reads completed between 'S' and 'D', for up to 3 s. */
	deadline = zx_test_now() + 30 * SECOND;
	while (!done && zx_test_now() < deadline) {
		ssize_t n = read(fds[0], &c, 1);

		if (n != 1) {
			zx_test_sleep_ms(2);
			continue;
		}
		if (c == 'S' && !started) {
			started = true;
			deadline = zx_test_now() + 3 * SECOND;
		} else if (c == 'D') {
			done = true;
		} else if (c == 'E') {
			errors++;
		} else if (started) {
			reads_during++;
		}
	}
	t0 = zx_test_now();
	kill(pid, SIGKILL);
	rc = wait_or_kill(pid, 10000, 10000);
	TH_LOG("reads during commit: %ld, commit %s, died after %lld ms",
	       reads_during, done ? "finished" : "still running",
	       (long long)((zx_test_now() - t0) / 1000000));
	EXPECT_TRUE(started);
	EXPECT_EQ(128 + SIGKILL, rc);
	EXPECT_EQ(0, errors);
	/* The commit must still have run, or the test shows nothing. */
	if (!done) {
		EXPECT_LE(10, reads_during);
	} else {
		TH_LOG("commit finished within the window: reader check moot");
	}
	close(fds[0]);
}

/* --------------------------------------------------- committed pages */

TEST(committed_pages_survive_reclaim)
{
	zx_handle_t h = zx_test_vmo(64 * PAGE, 0);
	zx_info_vmo_t info;
	char b = 1;
	int i;

	ASSERT_NE(ZX_HANDLE_INVALID, h);
	ASSERT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_COMMIT, 0, 64 * PAGE,
					 NULL, 0));
	info = zx_test_vmo_info(h);
	ASSERT_EQ(64 * PAGE, info.committed_bytes);
	if (access("/proc/sys/vm/drop_caches", W_OK))
		SKIP(goto out, "cannot write /proc/sys/vm/drop_caches");
	for (i = 0; i < 3; i++) {
		sync();
		ASSERT_EQ(0, zx_test_write_file("/proc/sys/vm/drop_caches",
						"3"));
		info = zx_test_vmo_info(h);
		EXPECT_EQ(64 * PAGE, info.committed_bytes);
	}
	EXPECT_EQ(ZX_OK, zx_vmo_read(h, &b, 63 * PAGE, 1));
	EXPECT_EQ(0, b);
	/* DECOMMIT still releases them. */
	EXPECT_EQ(ZX_OK, zx_vmo_op_range(h, ZX_VMO_OP_DECOMMIT, 0, 64 * PAGE,
					 NULL, 0));
	EXPECT_EQ(0u, zx_test_vmo_info(h).committed_bytes);
out:
	zx_handle_close(h);
}

ZX_TEST_MAIN(NULL, NULL)
