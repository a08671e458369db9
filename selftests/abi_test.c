// SPDX-License-Identifier: GPL-2.0
/*
 * The raw ioctl ABI of <linux/zircon.h>, without libzx in the way: the
 * version call, the return convention, unknown requests, reserved fields,
 * unreadable and kernel-address pointers, count widths.
 *
 * Each test opens /dev/zircon itself, which gives it a handle table of its
 * own (separate from the one libzx opens for the same process).
 */
#include <sys/ioctl.h>

#include <linux/zircon.h>

#include "zx_test_util.h"

/*
 * Compile-time: the shared values of <linux/zircon_types.h> are Fuchsia's
 * numbers, and its records have Fuchsia's x86_64 layout with no implicit
 * padding.  (libzx's headers assert that their Fuchsia-typed records match
 * these field by field.)
 */
#define ABI_EQ(a, b)	_Static_assert((a) == (b), #a " == " #b)
#define ABI_AT(S, f, off) \
	_Static_assert(offsetof(struct S, f) == (off), #S "." #f)

ABI_EQ(ZX_OK, 0);
ABI_EQ(ZX_ERR_INTERNAL, -1);
ABI_EQ(ZX_ERR_NOT_SUPPORTED, -2);
ABI_EQ(ZX_ERR_NO_RESOURCES, -3);
ABI_EQ(ZX_ERR_NO_MEMORY, -4);
ABI_EQ(ZX_ERR_INTERNAL_INTR_RETRY, -6);
ABI_EQ(ZX_ERR_INVALID_ARGS, -10);
ABI_EQ(ZX_ERR_BAD_HANDLE, -11);
ABI_EQ(ZX_ERR_WRONG_TYPE, -12);
ABI_EQ(ZX_ERR_BAD_SYSCALL, -13);
ABI_EQ(ZX_ERR_OUT_OF_RANGE, -14);
ABI_EQ(ZX_ERR_BUFFER_TOO_SMALL, -15);
ABI_EQ(ZX_ERR_BAD_STATE, -20);
ABI_EQ(ZX_ERR_TIMED_OUT, -21);
ABI_EQ(ZX_ERR_SHOULD_WAIT, -22);
ABI_EQ(ZX_ERR_CANCELED, -23);
ABI_EQ(ZX_ERR_PEER_CLOSED, -24);
ABI_EQ(ZX_ERR_NOT_FOUND, -25);
ABI_EQ(ZX_ERR_ALREADY_EXISTS, -26);
ABI_EQ(ZX_ERR_UNAVAILABLE, -28);
ABI_EQ(ZX_ERR_ACCESS_DENIED, -30);
ABI_EQ(ZX_ERR_IO, -40);
ABI_EQ(ZX_RIGHT_DUPLICATE, 0x1);
ABI_EQ(ZX_RIGHT_TRANSFER, 0x2);
ABI_EQ(ZX_RIGHT_READ, 0x4);
ABI_EQ(ZX_RIGHT_WRITE, 0x8);
ABI_EQ(ZX_RIGHT_EXECUTE, 0x10);
ABI_EQ(ZX_RIGHT_MAP, 0x20);
ABI_EQ(ZX_RIGHT_GET_PROPERTY, 0x40);
ABI_EQ(ZX_RIGHT_SET_PROPERTY, 0x80);
ABI_EQ(ZX_RIGHT_SIGNAL, 0x1000);
ABI_EQ(ZX_RIGHT_SIGNAL_PEER, 0x2000);
ABI_EQ(ZX_RIGHT_WAIT, 0x4000);
ABI_EQ(ZX_RIGHT_INSPECT, 0x8000);
ABI_EQ(ZX_RIGHT_RESIZE, 0x400000);
ABI_EQ(ZX_RIGHT_SAME_RIGHTS, 0x80000000u);
ABI_EQ(ZX_DEFAULT_EVENT_RIGHTS, 0xd003);
ABI_EQ(ZX_DEFAULT_EVENTPAIR_RIGHTS, 0xf003);
ABI_EQ(ZX_DEFAULT_CHANNEL_RIGHTS, 0xf00e);
ABI_EQ(ZX_DEFAULT_VMO_RIGHTS, 0xd0ef);
ABI_EQ(ZX_DEFAULT_VMAR_RIGHTS, 0x208003);
ABI_EQ(ZX_CHANNEL_READABLE, 0x1);
ABI_EQ(ZX_CHANNEL_WRITABLE, 0x2);
ABI_EQ(ZX_CHANNEL_PEER_CLOSED, 0x4);
ABI_EQ(ZX_EVENT_SIGNALED, 0x8);
ABI_EQ(ZX_VMO_ZERO_CHILDREN, 0x8);
ABI_EQ(ZX_SIGNAL_HANDLE_CLOSED, 0x800000);
ABI_EQ(ZX_USER_SIGNAL_ALL, 0xff000000u);
ABI_EQ(ZX_OBJ_TYPE_VMO, 3);
ABI_EQ(ZX_OBJ_TYPE_CHANNEL, 4);
ABI_EQ(ZX_OBJ_TYPE_EVENT, 5);
ABI_EQ(ZX_OBJ_TYPE_EVENTPAIR, 16);
ABI_EQ(ZX_OBJ_TYPE_VMAR, 18);
ABI_EQ(ZX_INFO_HANDLE_VALID, 1);
ABI_EQ(ZX_INFO_HANDLE_BASIC, 2);
ABI_EQ(ZX_INFO_VMAR, 7);
ABI_EQ(ZX_INFO_HANDLE_COUNT, 19);
ABI_EQ(ZX_INFO_VMO_V1, 23);
ABI_EQ(ZX_INFO_VMO, 0x30000017);
ABI_EQ(ZX_PROP_NAME, 3);
ABI_EQ(ZX_PROP_VMO_CONTENT_SIZE, 17);
ABI_EQ(ZX_HANDLE_OP_MOVE, 0);
ABI_EQ(ZX_HANDLE_OP_DUPLICATE, 1);
ABI_EQ(ZX_VMO_RESIZABLE, 0x2);
ABI_EQ(ZX_VMO_CHILD_SNAPSHOT, 0x1);
ABI_EQ(ZX_VMO_CHILD_SLICE, 0x8);
ABI_EQ(ZX_VMO_OP_COMMIT, 1);
ABI_EQ(ZX_VMO_OP_ZERO, 10);
ABI_EQ(ZX_VM_PERM_READ, 0x1);
ABI_EQ(ZX_VM_SPECIFIC, 0x10);
ABI_EQ(ZX_VM_MAP_RANGE, 0x400);
ABI_EQ(ZX_VM_ALIGN_4KB, 12u << 24);
ABI_EQ(ZX_CHANNEL_WRITE_USE_IOVEC, 2);
ABI_EQ(ZX_CHANNEL_MAX_MSG_BYTES, 65536);
ABI_EQ(ZX_CHANNEL_MAX_MSG_HANDLES, 64);
ABI_EQ(ZX_ABI_MAX_NAME_LEN, 32);
ABI_EQ(ZX_ABI_TIME_INFINITE, INT64_MAX);
/* The old names of ABI 1.1 are the new ones. */
ABI_EQ(ZX_FD_CLOEXEC, ZX_LINUX_FD_CLOEXEC);
ABI_AT(zx_ioc_object_get_info, count_size,
       offsetof(struct zx_ioc_object_get_info, word_size));
ABI_AT(zx_ioc_channel_write, ptr_size,
       offsetof(struct zx_ioc_channel_write, word_size));
ABI_AT(zx_ioc_channel_call, ptr_size,
       offsetof(struct zx_ioc_channel_call, word_size));
ABI_EQ(sizeof(struct zx_ioc_vmo_replace_as_exec),
       sizeof(struct zx_ioc_handle_dup));
ABI_AT(zx_ioc_vmo_replace_as_exec, vmex,
       offsetof(struct zx_ioc_handle_dup, rights));
/* Records: Fuchsia's layout, no implicit padding. */
ABI_EQ(sizeof(struct zx_abi_handle_info), 16);
ABI_EQ(sizeof(struct zx_abi_handle_disposition), 20);
ABI_AT(zx_abi_handle_disposition, result, 16);
ABI_EQ(sizeof(struct zx_abi_channel_iovec), 16);
ABI_EQ(sizeof(struct zx_abi_channel_iovec32), 12);
ABI_EQ(sizeof(struct zx_abi_channel_call_args), 48);
ABI_AT(zx_abi_channel_call_args, wr_num_bytes, 32);
ABI_EQ(sizeof(struct zx_abi_channel_call_args32), 32);
ABI_AT(zx_abi_channel_call_args32, wr_num_bytes, 16);
ABI_EQ(sizeof(struct zx_abi_info_handle_basic), 32);
ABI_AT(zx_abi_info_handle_basic, related_koid, 16);
ABI_AT(zx_abi_info_handle_basic, props, 24);
ABI_EQ(sizeof(struct zx_abi_info_handle_count), 4);
ABI_EQ(sizeof(struct zx_abi_info_vmar), 16);
ABI_EQ(sizeof(struct zx_abi_info_vmo), 176);
ABI_AT(zx_abi_info_vmo, name, 8);
ABI_AT(zx_abi_info_vmo, flags, 80);
ABI_AT(zx_abi_info_vmo, committed_bytes, 88);
ABI_AT(zx_abi_info_vmo, handle_rights, 96);
ABI_AT(zx_abi_info_vmo, cache_policy, 100);
ABI_AT(zx_abi_info_vmo, metadata_bytes, 104);
ABI_AT(zx_abi_info_vmo, populated_bytes, 120);
ABI_AT(zx_abi_info_vmo, populated_fractional_scaled_bytes, 168);

#define U64(p)		((__u64)(uintptr_t)(p))
#define KADDR		ZX_TEST_KERNEL_ADDR
/* Positive statuses, as the ioctls return them. */
#define R_INVALID_ARGS	(-ZX_ERR_INVALID_ARGS)
#define R_BAD_HANDLE	(-ZX_ERR_BAD_HANDLE)

static int dev_open(void)
{
	return open(ZX_TEST_DEVICE, O_RDWR | O_CLOEXEC);
}

/* An event in @fd's table, or 0. */
static __u32 raw_event(int fd)
{
	__u32 h = 0;
	struct zx_ioc_create c = { .out0 = U64(&h) };

	return ioctl(fd, ZX_IOC_EVENT_CREATE, &c) == 0 ? h : 0;
}

static int raw_valid(int fd, __u32 h)
{
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_VALID, .count_size = 8,
	};

	return ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &a);
}

static zx_signals_t raw_signals(int fd, __u32 h)
{
	zx_signals_t observed = ~0u;
	struct zx_ioc_object_wait_one w = {
		.handle = h,
		.signals = ZX_USER_SIGNAL_ALL,
		.deadline = 0,
		.observed = U64(&observed),
	};
	int r = ioctl(fd, ZX_IOC_OBJECT_WAIT_ONE, &w);

	return (r == 0 || r == -ZX_ERR_TIMED_OUT) ? observed : ~0u;
}

static zx_koid_t raw_koid(int fd, __u32 h)
{
	zx_info_handle_basic_t info;
	struct zx_ioc_object_get_info a = {
		.handle = h, .topic = ZX_INFO_HANDLE_BASIC,
		.buffer = U64(&info), .buffer_size = sizeof(info),
		.count_size = 8,
	};

	return ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &a) == 0 ? info.koid : 0;
}

TEST(version)
{
	struct zx_ioc_version v;
	int fd = dev_open();

	ASSERT_GE(fd, 0);
	memset(&v, 0xff, sizeof(v));
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_VERSION, &v));
	EXPECT_EQ((__u32)ZX_ABI_VERSION_MAJOR, v.major);
	EXPECT_GE(v.minor, (__u32)ZX_ABI_VERSION_MINOR);
	EXPECT_EQ(ZX_FEATURE_EVENT | ZX_FEATURE_EVENTPAIR |
		  ZX_FEATURE_FD_BRIDGE,
		  v.features & (ZX_FEATURE_EVENT | ZX_FEATURE_EVENTPAIR |
				ZX_FEATURE_FD_BRIDGE));
	close(fd);
}

TEST(version_bad_pointer)
{
	int fd = dev_open();
	void *ro = zx_test_readonly_page();

	ASSERT_GE(fd, 0);
	ASSERT_NE(NULL, ro);
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_VERSION, NULL));
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_VERSION, ro));
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_VERSION, (void *)KADDR));
	close(fd);
}

TEST(unknown_requests)
{
	unsigned long bad[] = {
		_IO(ZX_IOC_MAGIC, 0x7f),
		_IOW(ZX_IOC_MAGIC, 0x30, __u64),
		/* A known number with the wrong size or direction. */
		_IOW(ZX_IOC_MAGIC, 0x08, __u32),
		_IOWR(ZX_IOC_MAGIC, 0x10, struct zx_ioc_create),
		_IO(ZX_IOC_MAGIC, 0x00),
		/* Another driver's magic. */
		_IOR('x', 0x01, int),
	};
	char buf[64];
	int fd = dev_open();

	ASSERT_GE(fd, 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(buf, 0, sizeof(buf));
		errno = 0;
		EXPECT_EQ(-1, ioctl(fd, bad[i], buf));
		EXPECT_EQ(ENOTTY, errno);
	}
	close(fd);
}

/* 0 is ZX_OK, a positive n is status -n, whatever the call. */
TEST(return_convention)
{
	__u32 a = 0, b = 0;
	struct zx_ioc_create pair = { .options = 1, .out0 = U64(&a),
				      .out1 = U64(&b) };
	struct zx_ioc_object_wait_one w = { .signals = ZX_USER_SIGNAL_0 };
	int fd = dev_open();
	__u32 h;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	w.handle = h;
	EXPECT_EQ(-ZX_ERR_TIMED_OUT, ioctl(fd, ZX_IOC_OBJECT_WAIT_ONE, &w));
	EXPECT_EQ(-ZX_ERR_NOT_SUPPORTED,
		  ioctl(fd, ZX_IOC_EVENTPAIR_CREATE, &pair));
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)h));
	EXPECT_EQ(R_BAD_HANDLE, ioctl(fd, ZX_IOC_HANDLE_CLOSE,
				      (unsigned long)h));
	/* ZX_HANDLE_INVALID closes fine at this level too. */
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_CLOSE, 0UL));
	close(fd);
}

TEST(handle_close_wide_argument)
{
	int fd = dev_open();
	__u32 h;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	/* Handle values are 32 bits: the high bits must not be dropped. */
	EXPECT_EQ(R_BAD_HANDLE, ioctl(fd, ZX_IOC_HANDLE_CLOSE,
				      (1UL << 32) | h));
	EXPECT_EQ(R_BAD_HANDLE, ioctl(fd, ZX_IOC_HANDLE_CLOSE,
				      ~0UL));
	EXPECT_EQ(0, raw_valid(fd, h));
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_CLOSE, (unsigned long)h));
	close(fd);
}

TEST(reserved_fields_rejected)
{
	int fd = dev_open();
	__u32 h, a = 0, b = 0;
	zx_info_handle_basic_t info;
	struct zx_ioc_object_get_info gi;
	struct zx_ioc_create c;
	struct zx_ioc_object_signal s;
	struct zx_ioc_fd_to_handle f;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);

	memset(&gi, 0, sizeof(gi));
	gi.handle = h;
	gi.topic = ZX_INFO_HANDLE_BASIC;
	gi.buffer = U64(&info);
	gi.buffer_size = sizeof(info);
	gi.count_size = 8;
	gi.reserved = 1;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));

	memset(&c, 0, sizeof(c));
	c.out0 = U64(&a);
	c.out1 = U64(&b);
	c.reserved = 0x80000000u;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENTPAIR_CREATE, &c));
	c.out1 = 0;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENT_CREATE, &c));
	EXPECT_EQ(0u, a);
	EXPECT_EQ(0u, b);

	memset(&s, 0, sizeof(s));
	s.handle = h;
	s.set_mask = ZX_USER_SIGNAL_0;
	s.reserved = 1;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_SIGNAL, &s));
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_SIGNAL_PEER, &s));
	EXPECT_EQ(0u, raw_signals(fd, h));

	memset(&f, 0, sizeof(f));
	f.fd = 0;
	f.reserved = 1;
	f.out = U64(&a);
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_FD_TO_HANDLE, &f));
	EXPECT_EQ(0u, a);
	close(fd);
}

/* zx_event_create() has one out pointer; the second must stay 0. */
TEST(event_create_second_out_rejected)
{
	int fd = dev_open();
	__u32 a = 0, b = 0;
	struct zx_ioc_create c = { .out0 = U64(&a), .out1 = U64(&b) };

	ASSERT_GE(fd, 0);
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENT_CREATE, &c));
	EXPECT_EQ(0u, a);
	EXPECT_EQ(0u, b);
	c.options = 1;
	c.out1 = 0;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENT_CREATE, &c));
	close(fd);
}

/* The module cannot read the argument struct: ZX_ERR_INVALID_ARGS. */
TEST(unreadable_argument_struct)
{
	const unsigned long reqs[] = {
		ZX_IOC_HANDLE_CLOSE_MANY, ZX_IOC_HANDLE_DUPLICATE,
		ZX_IOC_HANDLE_REPLACE, ZX_IOC_OBJECT_GET_INFO,
		ZX_IOC_OBJECT_GET_PROPERTY, ZX_IOC_OBJECT_SET_PROPERTY,
		ZX_IOC_OBJECT_SIGNAL, ZX_IOC_OBJECT_SIGNAL_PEER,
		ZX_IOC_OBJECT_WAIT_ONE, ZX_IOC_EVENT_CREATE,
		ZX_IOC_EVENTPAIR_CREATE, ZX_IOC_HANDLE_TO_FD,
		ZX_IOC_FD_TO_HANDLE,
	};
	const __u64 ptrs[] = { 0, U64(ZX_TEST_BAD_PTR), KADDR,
			       0xffff800000000000ULL };
	int fd = dev_open(), wrong = 0;
	__u32 h;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	for (size_t i = 0; i < ARRAY_SIZE(reqs); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(ptrs); j++) {
			int r = ioctl(fd, reqs[i], (unsigned long)ptrs[j]);

			if (r != R_INVALID_ARGS) {
				TH_LOG("request %#lx arg %#llx: %d", reqs[i],
				       (unsigned long long)ptrs[j], r);
				wrong++;
			}
		}
	}
	EXPECT_EQ(0, wrong);
	/* In particular replace did not consume a handle it never read. */
	EXPECT_EQ(0, raw_valid(fd, h));
	close(fd);
}

/* Out pointers into the kernel fail cleanly, never a crash. */
TEST(kernel_address_out_pointers)
{
	int fd = dev_open();
	long before = zx_test_live_objects();
	__u32 h, a = 0;
	struct zx_ioc_create c;
	struct zx_ioc_handle_dup d;
	struct zx_ioc_object_get_info gi;
	struct zx_ioc_object_wait_one w;
	struct zx_ioc_handle_to_fd tf;
	size_t n;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);

	memset(&c, 0, sizeof(c));
	c.out0 = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENT_CREATE, &c));
	c.out1 = KADDR + 8;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENTPAIR_CREATE, &c));
	c.out0 = U64(&a);
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_EVENTPAIR_CREATE, &c));
	/* Whatever landed in a is closed again. */
	if (a)
		EXPECT_EQ(R_BAD_HANDLE, raw_valid(fd, a));

	memset(&d, 0, sizeof(d));
	d.handle = h;
	d.rights = ZX_RIGHT_SAME_RIGHTS;
	d.out = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_HANDLE_DUPLICATE, &d));

	memset(&gi, 0, sizeof(gi));
	gi.handle = h;
	gi.topic = ZX_INFO_HANDLE_BASIC;
	gi.buffer = KADDR;
	gi.buffer_size = sizeof(zx_info_handle_basic_t);
	gi.count_size = 8;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));
	gi.buffer = 0;
	gi.buffer_size = 0;
	gi.avail = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));
	gi.avail = U64(&n);
	gi.actual = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));

	memset(&w, 0, sizeof(w));
	w.handle = h;
	w.signals = ZX_USER_SIGNAL_0;
	w.observed = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_OBJECT_WAIT_ONE, &w));

	/* Last, as both consume the handle. */
	memset(&d, 0, sizeof(d));
	d.handle = raw_event(fd);
	d.rights = ZX_RIGHT_SAME_RIGHTS;
	d.out = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_HANDLE_REPLACE, &d));
	EXPECT_EQ(R_BAD_HANDLE, raw_valid(fd, d.handle));
	memset(&tf, 0, sizeof(tf));
	tf.handle = h;
	tf.out_fd = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_HANDLE_TO_FD, &tf));
	EXPECT_EQ(R_BAD_HANDLE, raw_valid(fd, h));

	close(fd);
	/* Nothing half-made survived. */
	if (before >= 0)
		EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(fd_to_handle_kernel_out)
{
	int fd = dev_open(), bfd = -1;
	__u32 h, back = 0;
	struct zx_ioc_handle_to_fd tf;
	struct zx_ioc_fd_to_handle f;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	memset(&tf, 0, sizeof(tf));
	tf.handle = h;
	tf.flags = ZX_FD_CLOEXEC;
	tf.out_fd = U64(&bfd);
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_TO_FD, &tf));
	ASSERT_GE(bfd, 0);
	memset(&f, 0, sizeof(f));
	f.fd = bfd;
	f.out = KADDR;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_FD_TO_HANDLE, &f));
	/* The object went back into the descriptor. */
	f.out = U64(&back);
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_FD_TO_HANDLE, &f));
	EXPECT_EQ(0, raw_valid(fd, back));
	/* The raw call leaves the descriptor open (libzx closes it). */
	EXPECT_TRUE(zx_test_fd_open(bfd));
	close(bfd);
	close(fd);
}

TEST(count_size)
{
	int fd = dev_open();
	__u32 h, counts[4];
	__u64 actual = ~0ULL, avail = ~0ULL;
	zx_info_handle_basic_t info;
	struct zx_ioc_object_get_info gi;
	const __u32 bad[] = { 0, 1, 2, 3, 5, 16, 0xffffffffu };

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	memset(&gi, 0, sizeof(gi));
	gi.handle = h;
	gi.topic = ZX_INFO_HANDLE_BASIC;
	gi.buffer = U64(&info);
	gi.buffer_size = sizeof(info);
	gi.actual = U64(&counts[0]);
	gi.avail = U64(&counts[2]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		gi.count_size = bad[i];
		EXPECT_EQ(R_INVALID_ARGS,
			  ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));
	}
	/* A 32-bit caller's size_t: exactly four bytes each. */
	for (int i = 0; i < 4; i++)
		counts[i] = 0xdeadbeefu;
	gi.count_size = 4;
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));
	EXPECT_EQ(1u, counts[0]);
	EXPECT_EQ(0xdeadbeefu, counts[1]);
	EXPECT_EQ(1u, counts[2]);
	EXPECT_EQ(0xdeadbeefu, counts[3]);
	EXPECT_EQ(raw_koid(fd, h), info.koid);
	/* And eight for a 64-bit one. */
	gi.actual = U64(&actual);
	gi.avail = U64(&avail);
	gi.count_size = 8;
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_OBJECT_GET_INFO, &gi));
	EXPECT_EQ(1u, actual);
	EXPECT_EQ(1u, avail);
	close(fd);
}

TEST(close_many_count_overflow)
{
	int fd = dev_open();
	__u32 h;
	struct zx_ioc_handle_close_many cm;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	memset(&cm, 0, sizeof(cm));
	cm.handles = U64(&h);
	/* num_handles * 4 would overflow 64 bits. */
	cm.num_handles = 1ULL << 62;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_HANDLE_CLOSE_MANY, &cm));
	cm.num_handles = ~0ULL;
	EXPECT_EQ(R_INVALID_ARGS, ioctl(fd, ZX_IOC_HANDLE_CLOSE_MANY, &cm));
	/* The call rejected the count, so it closed nothing. */
	EXPECT_EQ(0, raw_valid(fd, h));
	cm.num_handles = 1;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_CLOSE_MANY, &cm));
	EXPECT_EQ(R_BAD_HANDLE, raw_valid(fd, h));
	close(fd);
}

/* Each open() is a table of its own: same values, different handles. */
TEST(tables_are_per_open)
{
	int fd1 = dev_open(), fd2;
	struct zx_ioc_object_signal s;
	zx_handle_t lh;
	__u32 r;

	memset(&s, 0, sizeof(s));
	ASSERT_GE(fd1, 0);
	lh = zx_test_event();	/* libzx's table */
	ASSERT_NE(ZX_HANDLE_INVALID, lh);
	/* fd1's table is empty: libzx's value means nothing there. */
	EXPECT_EQ(R_BAD_HANDLE, raw_valid(fd1, lh));
	EXPECT_EQ(R_BAD_HANDLE, ioctl(fd1, ZX_IOC_HANDLE_CLOSE,
				      (unsigned long)lh));
	EXPECT_TRUE(zx_test_valid(lh));

	r = raw_event(fd1);
	ASSERT_NE(0u, r);
	EXPECT_NE(zx_test_koid(lh), raw_koid(fd1, r));
	s.handle = r;
	s.set_mask = ZX_USER_SIGNAL_3;
	EXPECT_EQ(0, ioctl(fd1, ZX_IOC_OBJECT_SIGNAL, &s));
	/* Even if r == lh numerically, libzx's object is untouched. */
	EXPECT_EQ(0u, zx_test_signals(lh));

	fd2 = dev_open();
	ASSERT_GE(fd2, 0);
	EXPECT_EQ(R_BAD_HANDLE, raw_valid(fd2, r));
	close(fd2);
	EXPECT_EQ(0, raw_valid(fd1, r));
	close(fd1);
	EXPECT_EQ(ZX_OK, zx_handle_close(lh));
}

TEST(closing_device_releases_table)
{
	long before = zx_test_live_objects();
	int fd = dev_open(), fd2;
	__u32 a = 0, b = 0;
	struct zx_ioc_create c = { .out0 = U64(&a), .out1 = U64(&b) };

	if (before < 0)
		SKIP(return, "no live_objects parameter");
	ASSERT_GE(fd, 0);
	for (int i = 0; i < 10; i++)
		ASSERT_NE(0u, raw_event(fd));
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_EVENTPAIR_CREATE, &c));
	EXPECT_EQ(before + 12, zx_test_live_objects());
	/* A dup keeps the table; the last close ends it. */
	fd2 = dup(fd);
	ASSERT_GE(fd2, 0);
	close(fd);
	EXPECT_EQ(before + 12, zx_test_live_objects());
	EXPECT_EQ(0, raw_valid(fd2, a));
	close(fd2);
	EXPECT_EQ(before, zx_test_live_objects_settle(before, 1000));
}

TEST(object_descriptor_has_no_ioctls)
{
	int fd = dev_open(), bfd = -1;
	struct zx_ioc_version v;
	struct zx_ioc_handle_to_fd tf;
	__u32 h;

	ASSERT_GE(fd, 0);
	h = raw_event(fd);
	ASSERT_NE(0u, h);
	memset(&tf, 0, sizeof(tf));
	tf.handle = h;
	tf.out_fd = U64(&bfd);
	ASSERT_EQ(0, ioctl(fd, ZX_IOC_HANDLE_TO_FD, &tf));
	errno = 0;
	EXPECT_EQ(-1, ioctl(bfd, ZX_IOC_VERSION, &v));
	EXPECT_EQ(ENOTTY, errno);
	errno = 0;
	EXPECT_EQ(-1, ioctl(bfd, ZX_IOC_HANDLE_CLOSE, (unsigned long)h));
	EXPECT_EQ(ENOTTY, errno);
	close(bfd);
	close(fd);
}

/*
 * A page below 2 GiB, where a caller with 4-byte pointers keeps its data;
 * the word_size 4 tests point into it with 32-bit fields.
 */
static uint8_t *low_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

#define LOW(p)		((__u32)(uintptr_t)(p))

/* word_size 4: the message is gathered through zx_abi_channel_iovec32. */
TEST(word_size_4_iovecs)
{
	int fd = zx_linux_device_fd();
	uint8_t *low = low_page();
	struct zx_abi_channel_iovec32 *iov;
	struct zx_ioc_channel_write w;
	zx_handle_t a, b;
	char got[16];
	uint32_t ab;

	ASSERT_GE(fd, 0);
	ASSERT_NE(NULL, low);
	ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
	memcpy(low + 256, "abc", 3);
	memcpy(low + 512, "defg", 4);
	iov = (struct zx_abi_channel_iovec32 *)low;
	iov[0] = (struct zx_abi_channel_iovec32){ LOW(low + 256), 3, 0 };
	iov[1] = (struct zx_abi_channel_iovec32){ LOW(low + 512), 4, 0 };
	memset(&w, 0, sizeof(w));
	w.handle = a;
	w.options = ZX_CHANNEL_WRITE_USE_IOVEC;
	w.bytes = U64(iov);
	w.num_bytes = 2;
	w.word_size = 4;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_CHANNEL_WRITE, &w));
	EXPECT_EQ(ZX_OK, zx_channel_read(b, 0, got, NULL, sizeof(got), 0, &ab,
					 NULL));
	EXPECT_EQ(7u, ab);
	EXPECT_EQ(0, memcmp(got, "abcdefg", 7));
	/* Each 12-byte entry's reserved word is checked. */
	iov[1].reserved = 1;
	EXPECT_EQ(-ZX_ERR_INVALID_ARGS, ioctl(fd, ZX_IOC_CHANNEL_WRITE, &w));
	EXPECT_EQ(ZX_CHANNEL_WRITABLE, zx_test_signals(b));
	zx_handle_close(a);
	zx_handle_close(b);
	munmap(low, 4096);
}

/* Answers one request on the channel end *p with its txid and "pong". */
static void *pong_main(void *p)
{
	zx_handle_t h = *(zx_handle_t *)p;
	uint8_t buf[64];
	uint32_t ab;

	if (zx_object_wait_one(h, ZX_CHANNEL_READABLE, ZX_TIME_INFINITE,
			       NULL) != ZX_OK ||
	    zx_channel_read(h, 0, buf, NULL, sizeof(buf), 0, &ab, NULL) !=
	    ZX_OK || ab != 8 || memcmp(buf + 4, "ping", 4))
		return NULL;
	memcpy(buf + 4, "pong", 4);
	zx_channel_write(h, 0, buf, 8, NULL, 0);
	return p;
}

/*
 * zx_channel_call() with the arguments in either layout: the module
 * reads zx_abi_channel_call_args or its *32 twin by word_size.
 */
TEST(word_size_call_args)
{
	int fd = zx_linux_device_fd();
	__u32 ws;

	ASSERT_GE(fd, 0);
	for (ws = 4; ws <= 8; ws += 4) {
		uint8_t *low = low_page();
		struct zx_ioc_channel_call c;
		uint32_t ab = 0, ah = 1;
		pthread_t thread;
		zx_handle_t a, b;
		void *served;

		ASSERT_NE(NULL, low);
		ASSERT_EQ(ZX_OK, zx_channel_create(0, &a, &b));
		memcpy(low + 256 + 4, "ping", 4);
		if (ws == 4) {
			struct zx_abi_channel_call_args32 *ca = (void *)low;

			ca->wr_bytes = LOW(low + 256);
			ca->wr_num_bytes = 8;
			ca->rd_bytes = LOW(low + 512);
			ca->rd_num_bytes = 64;
		} else {
			struct zx_abi_channel_call_args *ca = (void *)low;

			ca->wr_bytes = U64(low + 256);
			ca->wr_num_bytes = 8;
			ca->rd_bytes = U64(low + 512);
			ca->rd_num_bytes = 64;
		}
		ASSERT_EQ(0, pthread_create(&thread, NULL, pong_main, &b));
		memset(&c, 0, sizeof(c));
		c.handle = a;
		c.deadline = ZX_ABI_TIME_INFINITE;
		c.args = U64(low);
		c.actual_bytes = U64(&ab);
		c.actual_handles = U64(&ah);
		c.word_size = ws;
		EXPECT_EQ(0, ioctl(fd, ZX_IOC_CHANNEL_CALL, &c));
		pthread_join(thread, &served);
		EXPECT_EQ(&b, served);
		EXPECT_EQ(8u, ab);
		EXPECT_EQ(0u, ah);
		EXPECT_EQ(0, memcmp(low + 512 + 4, "pong", 4));
		zx_handle_close(a);
		zx_handle_close(b);
		munmap(low, 4096);
	}
}

/*
 * ZX_IOC_VMO_REPLACE_AS_EXECUTABLE's vmex field (1.1's rights field): only
 * "no vmex" is accepted; the VMO handle goes either way.
 */
TEST(replace_as_exec_vmex_field)
{
	int fd = zx_linux_device_fd();
	struct zx_ioc_vmo_replace_as_exec r;
	zx_handle_t vmo, ev = zx_test_event(), out = 0;

	ASSERT_GE(fd, 0);
	ASSERT_EQ(ZX_OK, zx_vmo_create(4096, 0, &vmo));
	memset(&r, 0, sizeof(r));
	r.handle = vmo;
	r.vmex = ev;
	r.out = U64(&out);
	EXPECT_EQ(-ZX_ERR_BAD_HANDLE,
		  ioctl(fd, ZX_IOC_VMO_REPLACE_AS_EXECUTABLE, &r));
	EXPECT_FALSE(zx_test_valid(vmo));
	ASSERT_EQ(ZX_OK, zx_vmo_create(4096, 0, &vmo));
	r.handle = vmo;
	r.vmex = ZX_HANDLE_INVALID;
	EXPECT_EQ(0, ioctl(fd, ZX_IOC_VMO_REPLACE_AS_EXECUTABLE, &r));
	EXPECT_FALSE(zx_test_valid(vmo));
	EXPECT_NE(0u, zx_test_rights(out) & ZX_RIGHT_EXECUTE);
	zx_handle_close(out);
	zx_handle_close(ev);
}

ZX_TEST_MAIN(NULL, NULL)
