// SPDX-License-Identifier: GPL-2.0
/*
 * Handle values and the copy-out of new handles (Documentation/zircon.rst,
 * "Handle values"):
 *
 *   - within one table a value is never handed out twice: cycling one
 *     handle through zx_handle_replace(), or closing and creating, 200,000
 *     times yields 200,000 distinct values (with 1,024 generations per slot
 *     and slots reused after 64 others, values used to come back after
 *     some 66,000 cycles);
 *   - a new handle is not reachable before its value reached user space,
 *     and a failed copy-out gives back exactly what was taken: a
 *     zx_linux_fd_to_handle() whose output page faults (unmapped,
 *     read-only, PROT_NONE, or stalled by userfaultfd and then unmapped)
 *     leaves the object in its descriptor with the descriptor's rights and
 *     never captures another handle of the table, even when the caller
 *     cycles a read-only handle to another VMO while the copy is stalled.
 */
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/ioctl.h>

#include "zx_test_util.h"

#define CYCLES		200000
#define HANDLE_SLOT(v)	(((v) >> 2) & 0xfffff)

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* How many values of @v[0..n) occur more than once. */
static size_t count_repeats(uint32_t *v, size_t n)
{
	size_t repeats = 0;

	qsort(v, n, sizeof(v[0]), cmp_u32);
	for (size_t i = 1; i < n; i++)
		repeats += v[i] == v[i - 1];
	return repeats;
}

TEST(replace_cycle_never_repeats_a_value)
{
	uint32_t *seen = calloc(CYCLES + 1, sizeof(uint32_t));
	zx_handle_t h, next;

	ASSERT_NE(NULL, seen);
	h = zx_test_event();
	ASSERT_NE(ZX_HANDLE_INVALID, h);
	seen[0] = h;
	for (int i = 1; i <= CYCLES; i++) {
		ASSERT_EQ(ZX_OK, zx_handle_replace(h, ZX_RIGHT_SAME_RIGHTS,
						   &next));
		h = next;
		seen[i] = h;
	}
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
	EXPECT_EQ(0u, count_repeats(seen, CYCLES + 1));
	free(seen);
}

TEST(close_create_cycle_never_repeats_a_value)
{
	uint32_t *seen = calloc(CYCLES, sizeof(uint32_t));
	zx_handle_t keep[8];

	ASSERT_NE(NULL, seen);
	/* A few long-lived handles, as a real program has. */
	for (int i = 0; i < 8; i++)
		ASSERT_NE(ZX_HANDLE_INVALID, keep[i] = zx_test_event());
	for (int i = 0; i < CYCLES; i++) {
		zx_handle_t h = ZX_HANDLE_INVALID;

		ASSERT_EQ(ZX_OK, zx_event_create(0, &h));
		seen[i] = h;
		ASSERT_EQ(ZX_OK, zx_handle_close(h));
	}
	for (int i = 0; i < 8; i++) {
		/* A held value is never handed out either. */
		for (int j = 0; j < CYCLES; j++)
			ASSERT_NE(keep[i], seen[j]);
		EXPECT_EQ(ZX_OK, zx_handle_close(keep[i]));
	}
	EXPECT_EQ(0u, count_repeats(seen, CYCLES));
	free(seen);
}

/* The descriptor still holds the object: it converts back, once. */
static void expect_bridge_intact(struct __test_metadata *_metadata, int fd,
				 zx_koid_t koid, zx_rights_t rights)
{
	zx_handle_t h = ZX_HANDLE_INVALID;

	ASSERT_EQ(ZX_OK, zx_linux_fd_to_handle(fd, &h));
	EXPECT_EQ(koid, zx_test_koid(h));
	EXPECT_EQ(rights, zx_test_rights(h));
	/* The descriptor is gone and no other handle to the object exists. */
	EXPECT_EQ(1u, zx_test_handle_count(h));
	EXPECT_EQ(ZX_OK, zx_handle_close(h));
}

TEST(fd_to_handle_bad_output_keeps_the_object_in_the_descriptor)
{
	size_t page = (size_t)getpagesize();
	zx_handle_t vmo, probe;
	zx_koid_t koid;
	zx_rights_t rights;
	void *targets[4];
	char *ro, *none, *gone;
	int fd;

	ro = zx_test_readonly_page();
	none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	gone = mmap(NULL, page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(NULL, ro);
	ASSERT_NE(MAP_FAILED, none);
	ASSERT_NE(MAP_FAILED, gone);
	ASSERT_EQ(0, munmap(gone, page));
	targets[0] = ZX_TEST_BAD_PTR;
	targets[1] = ro;
	targets[2] = none;
	targets[3] = gone;

	vmo = zx_test_vmo(4096, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	koid = zx_test_koid(vmo);
	rights = zx_test_rights(vmo);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(vmo, 0, &fd));
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(ZX_ERR_INVALID_ARGS,
			  zx_linux_fd_to_handle(fd, targets[i]));
		/* No handle was left behind in the table: the next one
		 * made is the only one. */
		probe = zx_test_event();
		ASSERT_NE(ZX_HANDLE_INVALID, probe);
		EXPECT_EQ(ZX_OK, zx_handle_close(probe));
	}
	expect_bridge_intact(_metadata, fd, koid, rights);
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, zx_eventpair_create(0, (void *)ro,
							   &probe));
	munmap(ro, page);
	munmap(none, page);
}

/* ------------------------------------------- a stalled copy (userfaultfd) */

struct stalled_call {
	int fd;			/* the bridge descriptor */
	zx_handle_t *out;	/* on the userfaultfd page */
	zx_status_t status;
	int done;
};

static void *stalled_call_main(void *arg)
{
	struct stalled_call *c = arg;

	c->status = zx_linux_fd_to_handle(c->fd, c->out);
	__atomic_store_n(&c->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Values in the first slots of a young table: the ones a test can hit. */
#define SCAN_SLOTS	512
#define SCAN_GENS	4

static zx_handle_t value_of(uint32_t gen, uint32_t slot)
{
	return ((gen << 20 | slot) << 2) | ZX_HANDLE_FIXED_BITS_MASK;
}

static bool in_list(zx_handle_t v, const zx_handle_t *list, int n)
{
	for (int i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/*
 * The attack of the audit: the output page of zx_linux_fd_to_handle() is
 * stalled with userfaultfd; meanwhile the caller looks for the new handle
 * (closing it if it is reachable) and cycles a read-only handle to another
 * VMO until it sits at the new handle's value; then the page is unmapped
 * so the copy fails.  The bridge must still hold its own VMO, and the
 * read-only handle must stay where it is, read-only.
 */
TEST(stalled_fd_to_handle_never_captures_another_handle)
{
	size_t page = (size_t)getpagesize();
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffdio_range wake;
	struct stalled_call call = { 0 };
	struct uffd_msg msg;
	struct pollfd pfd;
	zx_handle_t known[4], vmo, other, ro, target = ZX_HANDLE_INVALID;
	zx_koid_t koid, other_koid;
	zx_rights_t rights;
	pthread_t thread;
	int uffd, reachable = 0, cycles = 0, fd;
	void *area;

	uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0)
		SKIP(return, "no userfaultfd (%s)", strerror(errno));
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_API, &api));
	area = mmap(NULL, page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, area);
	memset(&reg, 0, sizeof(reg));
	reg.range.start = (uintptr_t)area;
	reg.range.len = page;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	ASSERT_EQ(0, ioctl(uffd, UFFDIO_REGISTER, &reg));

	/* The bridged object: a VMO with every right. */
	vmo = zx_test_vmo(4096, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, vmo);
	koid = zx_test_koid(vmo);
	rights = zx_test_rights(vmo);
	ASSERT_EQ(ZX_OK, zx_linux_handle_to_fd(vmo, 0, &fd));
	/* Another VMO, of which the caller holds only a read-only handle. */
	other = zx_test_vmo(4096, 0);
	ASSERT_NE(ZX_HANDLE_INVALID, other);
	other_koid = zx_test_koid(other);
	ASSERT_EQ(ZX_OK, zx_handle_duplicate(other, ZX_RIGHT_READ |
					     ZX_RIGHT_INSPECT, &ro));
	ASSERT_EQ(ZX_OK, zx_handle_close(other));
	known[0] = ro;

	call.fd = fd;
	call.out = area;
	ASSERT_EQ(0, pthread_create(&thread, NULL, stalled_call_main, &call));
	pfd.fd = uffd;
	pfd.events = POLLIN;
	ASSERT_EQ(1, poll(&pfd, 1, 20000));
	ASSERT_EQ((ssize_t)sizeof(msg), read(uffd, &msg, sizeof(msg)));
	ASSERT_EQ(UFFD_EVENT_PAGEFAULT, msg.event);
	ASSERT_EQ(0, __atomic_load_n(&call.done, __ATOMIC_SEQ_CST));

	/* Stalled.  Is the new handle reachable already? */
	for (uint32_t gen = 0; gen < SCAN_GENS; gen++) {
		for (uint32_t slot = 1; slot < SCAN_SLOTS; slot++) {
			zx_handle_t v = value_of(gen, slot);

			if (in_list(v, known, 1) || !zx_test_valid(v))
				continue;
			reachable++;
			if (target == ZX_HANDLE_INVALID)
				target = v;
		}
	}
	EXPECT_EQ(0, reachable);
	if (target != ZX_HANDLE_INVALID) {
		/* The old behaviour: close it, as the attacker did. */
		EXPECT_EQ(ZX_OK, zx_handle_close(target));
	} else {
		/* Aim at the slot after the read-only handle's. */
		target = value_of(0, HANDLE_SLOT(ro) + 1);
	}
	/* Cycle the read-only handle, hoping to land on the target. */
	while (ro != target && cycles < CYCLES) {
		zx_handle_t next;

		ASSERT_EQ(ZX_OK, zx_handle_replace(ro, ZX_RIGHT_SAME_RIGHTS,
						   &next));
		ro = next;
		cycles++;
	}
	EXPECT_NE(target, ro);
	TH_LOG("%d replace cycles while the copy was stalled", cycles);

	/* Now the copy fails: unmap its page and let it retry. */
	ASSERT_EQ(0, munmap(area, page));
	wake.start = (uintptr_t)area;
	wake.len = page;
	ioctl(uffd, UFFDIO_WAKE, &wake);
	ASSERT_EQ(0, pthread_join(thread, NULL));
	EXPECT_EQ(ZX_ERR_INVALID_ARGS, call.status);

	/* The read-only handle was not captured ... */
	EXPECT_EQ(other_koid, zx_test_koid(ro));
	EXPECT_EQ(ZX_RIGHT_READ | ZX_RIGHT_INSPECT, zx_test_rights(ro));
	/* ... and the descriptor holds its own VMO, with its rights. */
	expect_bridge_intact(_metadata, fd, koid, rights);
	EXPECT_EQ(ZX_OK, zx_handle_close(ro));
	close(uffd);
}

ZX_TEST_MAIN(NULL, NULL)
