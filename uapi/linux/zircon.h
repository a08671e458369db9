/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * zircon.ko ioctl ABI: Zircon kernel objects behind /dev/zircon.
 *
 * Every argument struct has fixed-width fields only, user pointers travel
 * as __u64, there is no implicit padding, and every reserved field, option
 * and flag that is not defined here must be zero: the module rejects the
 * call otherwise.  One ABI thus serves 32- and 64-bit callers alike.
 *
 * Return convention of every ioctl on /dev/zircon:
 *   0                 ZX_OK
 *   a positive value  the Zircon status -value (e.g. 11 is ZX_ERR_BAD_HANDLE)
 *   -1 and errno      a Linux-level failure the VFS raised (ENOTTY for an
 *                     unknown request, EPERM when the descriptor belongs to
 *                     another process, ...); libzx translates those.
 * A user pointer the module cannot read or write is reported as a Zircon
 * status (ZX_ERR_INVALID_ARGS unless a syscall documents another), exactly
 * as Zircon reports it.
 */
#ifndef _UAPI_LINUX_ZIRCON_H
#define _UAPI_LINUX_ZIRCON_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/zircon_types.h>

#define ZX_DEVICE_NAME		"zircon"
#define ZX_IOC_MAGIC		0xB7

/*
 * ABI version: a new major breaks old callers, a new minor only adds.
 * 1.2 adds <linux/zircon_types.h>, the word_size name of count_size and
 * ptr_size, ZX_LINUX_FD_CLOEXEC and struct zx_ioc_vmo_replace_as_exec:
 * new names only, every layout and value of 1.1 unchanged.
 * 1.3 adds zx_handle_check_valid(), zx_object_wait_many(), ports with
 * zx_object_wait_async() and a pollable descriptor, and timers
 * (ZX_FEATURE_PORT, ZX_FEATURE_TIMER); nothing of 1.2 changes.
 * 1.4 adds sockets, FIFOs, streams and the VMO stream size; nothing of
 * 1.3 changes.  Request numbers by family (a family adds only inside its
 * own range):
 *   0x00-0x0f handles and objects     0x50-0x5f ports and timers
 *   0x10-0x1f events, event pairs     0x60-0x67 sockets
 *   0x20-0x2f descriptor bridge       0x68-0x6f FIFOs
 *   0x30-0x3f VMOs and VMARs          0x70-0x7f streams
 *   0x40-0x4f channels                0x80-0x9f processes, threads, jobs
 */
#define ZX_ABI_VERSION_MAJOR	1
#define ZX_ABI_VERSION_MINOR	4

struct zx_ioc_version {
	__u32 major;		/* out */
	__u32 minor;		/* out */
	__u64 features;		/* out: ZX_FEATURE_* bits */
};

#define ZX_FEATURE_EVENT	(1ULL << 0)
#define ZX_FEATURE_EVENTPAIR	(1ULL << 1)
#define ZX_FEATURE_FD_BRIDGE	(1ULL << 2)
#define ZX_FEATURE_VMO		(1ULL << 3)
#define ZX_FEATURE_VMAR		(1ULL << 4)
#define ZX_FEATURE_CHANNEL	(1ULL << 5)
#define ZX_FEATURE_PORT		(1ULL << 6)	/* and wait_async, wait_many */
#define ZX_FEATURE_TIMER	(1ULL << 7)
#define ZX_FEATURE_SOCKET	(1ULL << 8)
#define ZX_FEATURE_FIFO		(1ULL << 9)
#define ZX_FEATURE_STREAM	(1ULL << 10)
#define ZX_FEATURE_VMO_STREAM_SIZE (1ULL << 11)	/* get/set_stream_size */
#define ZX_FEATURE_TASK		(1ULL << 12)	/* processes, threads, jobs */

/* zx_handle_close_many(): handles is a user pointer to num_handles u32s. */
struct zx_ioc_handle_close_many {
	__u64 handles;
	__u64 num_handles;
};

/* zx_handle_duplicate() and zx_handle_replace(). */
struct zx_ioc_handle_dup {
	__u32 handle;
	__u32 rights;
	__u64 out;		/* user pointer to a zx_handle_t */
};

struct zx_ioc_object_get_info {
	__u32 handle;
	__u32 topic;
	__u64 buffer;		/* user pointer */
	__u64 buffer_size;
	__u64 actual;		/* user pointer to a size_t-sized count, or 0 */
	__u64 avail;		/* user pointer to a size_t-sized count, or 0 */
	union {
		__u32 word_size; /* the caller's sizeof(size_t): 4 or 8 */
		__u32 count_size; /* its name before ABI 1.2 */
	};
	__u32 reserved;		/* must be 0 */
};

/* zx_object_get_property() and zx_object_set_property(). */
struct zx_ioc_object_property {
	__u32 handle;
	__u32 property;
	__u64 value;		/* user pointer */
	__u64 value_size;
};

/* zx_event_create(): one handle out.  zx_eventpair_create(): two. */
struct zx_ioc_create {
	__u32 options;
	__u32 reserved;		/* must be 0 */
	__u64 out0;		/* user pointer to a zx_handle_t */
	__u64 out1;		/* user pointer to a zx_handle_t (pairs only) */
};

/* zx_object_signal() and zx_object_signal_peer(). */
struct zx_ioc_object_signal {
	__u32 handle;
	__u32 clear_mask;
	__u32 set_mask;
	__u32 reserved;		/* must be 0 */
};

struct zx_ioc_object_wait_one {
	__u32 handle;
	__u32 signals;
	__s64 deadline;		/* absolute, CLOCK_MONOTONIC nanoseconds */
	__u64 observed;		/* user pointer to a zx_signals_t, or 0 */
};

/*
 * zx_object_wait_many(): items points to num_items (at most
 * ZX_WAIT_MANY_MAX_ITEMS) struct zx_abi_wait_item, whose pending fields
 * are written back on ZX_OK, ZX_ERR_TIMED_OUT and ZX_ERR_CANCELED.
 */
struct zx_ioc_object_wait_many {
	__u64 items;		/* user pointer */
	__u32 num_items;
	__u32 reserved;		/* must be 0 */
	__s64 deadline;		/* absolute, CLOCK_MONOTONIC nanoseconds */
};

/*
 * The descriptor bridge.  HANDLE_TO_FD consumes the handle (whatever the
 * outcome, once the handle is found valid) and installs a new descriptor
 * that holds the object and the handle's rights; it needs
 * ZX_RIGHT_TRANSFER.  FD_TO_HANDLE takes the object out of such a
 * descriptor into a new handle in the caller's table; the object leaves
 * the descriptor (and every duplicate of it) at that moment, so one
 * descriptor yields at most one handle.  The descriptor itself stays open.
 */
/* ZX_LINUX_FD_CLOEXEC is in <linux/zircon_types.h>; the name before 1.2: */
#define ZX_FD_CLOEXEC		ZX_LINUX_FD_CLOEXEC

struct zx_ioc_handle_to_fd {
	__u32 handle;
	__u32 flags;		/* ZX_LINUX_FD_CLOEXEC */
	__u64 out_fd;		/* user pointer to an int */
};

struct zx_ioc_fd_to_handle {
	__s32 fd;
	__u32 reserved;		/* must be 0 */
	__u64 out;		/* user pointer to a zx_handle_t */
};


/* ---- VMOs and VMARs (request numbers 0x30-0x3f) ---- */

/* zx_vmo_create(). */
struct zx_ioc_vmo_create {
	__u64 size;
	__u32 options;		/* ZX_VMO_RESIZABLE */
	__u32 reserved;		/* must be 0 */
	__u64 out;		/* user pointer to a zx_handle_t */
};

/* zx_vmo_read() and zx_vmo_write(). */
struct zx_ioc_vmo_rw {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
	__u64 buffer;		/* user pointer */
	__u64 offset;
	__u64 length;
};

/*
 * zx_vmo_get_size(), zx_vmo_get_stream_size(): value is a user pointer to
 * a __u64.
 * zx_vmo_set_size(), zx_vmo_set_stream_size(): value is the new size.
 */
struct zx_ioc_vmo_size {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
	__u64 value;
};

/* zx_vmo_op_range(). */
struct zx_ioc_vmo_op_range {
	__u32 handle;
	__u32 op;		/* ZX_VMO_OP_* */
	__u64 offset;
	__u64 size;
	__u64 buffer;		/* user pointer, op-specific */
	__u64 buffer_size;
};

/* zx_vmo_create_child(). */
struct zx_ioc_vmo_create_child {
	__u32 handle;
	__u32 options;		/* ZX_VMO_CHILD_* */
	__u64 offset;
	__u64 size;
	__u64 out;		/* user pointer to a zx_handle_t */
};

/* zx_vmo_set_cache_policy(). */
struct zx_ioc_vmo_cache_policy {
	__u32 handle;
	__u32 policy;		/* ZX_CACHE_POLICY_* */
};

/*
 * zx_vmo_replace_as_executable(): the layout of struct zx_ioc_handle_dup,
 * which it used before ABI 1.2 with the vmex handle in its rights field.
 */
struct zx_ioc_vmo_replace_as_exec {
	__u32 handle;
	__u32 vmex;		/* a ZX_RSRC_KIND_VMEX resource, or invalid */
	__u64 out;		/* user pointer to a zx_handle_t */
};

/* zx_vmar_root_self(): a handle to the caller's address space. */
struct zx_ioc_vmar_root {
	__u64 out;		/* user pointer to a zx_handle_t */
};

/* zx_vmar_map(). */
struct zx_ioc_vmar_map {
	__u32 vmar;
	__u32 options;		/* ZX_VM_* */
	__u64 vmar_offset;
	__u32 vmo;
	__u32 reserved;		/* must be 0 */
	__u64 vmo_offset;
	__u64 len;
	__u64 out;		/* user pointer to a zx_vaddr_t (__u64) */
};

/*
 * zx_vmar_unmap() and zx_vmar_protect().  The module unmaps; for protect it
 * checks the handle, rights and arguments and libzx then calls mprotect(2),
 * which the mapping's own limits (set from the VMO handle's rights at map
 * time) still police.
 */
struct zx_ioc_vmar_range {
	__u32 vmar;
	__u32 options;		/* protect: ZX_VM_PERM_*; unmap: 0 */
	__u64 addr;
	__u64 len;
};

/*
 * zx_vmar_allocate(): a sub-region of @parent.  The child's handle goes to
 * the zx_handle_t at @out_vmar, its base address to the __u64 at @out_addr.
 */
struct zx_ioc_vmar_allocate {
	__u32 parent;
	__u32 options;		/* ZX_VM_CAN_MAP_*, SPECIFIC, COMPACT, ALIGN */
	__u64 offset;
	__u64 size;
	__u64 out_vmar;		/* user pointer to a zx_handle_t */
	__u64 out_addr;		/* user pointer to a zx_vaddr_t (__u64) */
};

/* zx_vmar_destroy(). */
struct zx_ioc_vmar_destroy {
	__u32 vmar;
	__u32 reserved;		/* must be 0 */
};

/*
 * zx_vmar_op_range() uses struct zx_ioc_vmo_op_range: handle is the VMAR,
 * offset the address, size the length.
 */

#define ZX_IOC_VERSION		_IOR(ZX_IOC_MAGIC, 0x00, struct zx_ioc_version)
/* The argument is the handle value itself, not a pointer. */
#define ZX_IOC_HANDLE_CLOSE	_IO(ZX_IOC_MAGIC, 0x01)
#define ZX_IOC_HANDLE_CLOSE_MANY _IOW(ZX_IOC_MAGIC, 0x02, struct zx_ioc_handle_close_many)
#define ZX_IOC_HANDLE_DUPLICATE	_IOW(ZX_IOC_MAGIC, 0x03, struct zx_ioc_handle_dup)
#define ZX_IOC_HANDLE_REPLACE	_IOW(ZX_IOC_MAGIC, 0x04, struct zx_ioc_handle_dup)
#define ZX_IOC_OBJECT_GET_INFO	_IOW(ZX_IOC_MAGIC, 0x05, struct zx_ioc_object_get_info)
#define ZX_IOC_OBJECT_GET_PROPERTY _IOW(ZX_IOC_MAGIC, 0x06, struct zx_ioc_object_property)
#define ZX_IOC_OBJECT_SET_PROPERTY _IOW(ZX_IOC_MAGIC, 0x07, struct zx_ioc_object_property)
#define ZX_IOC_OBJECT_SIGNAL	_IOW(ZX_IOC_MAGIC, 0x08, struct zx_ioc_object_signal)
#define ZX_IOC_OBJECT_SIGNAL_PEER _IOW(ZX_IOC_MAGIC, 0x09, struct zx_ioc_object_signal)
#define ZX_IOC_OBJECT_WAIT_ONE	_IOW(ZX_IOC_MAGIC, 0x0a, struct zx_ioc_object_wait_one)
/* The argument is the handle value itself, not a pointer. */
#define ZX_IOC_HANDLE_CHECK_VALID _IO(ZX_IOC_MAGIC, 0x0b)
#define ZX_IOC_OBJECT_WAIT_MANY	_IOW(ZX_IOC_MAGIC, 0x0c, struct zx_ioc_object_wait_many)
#define ZX_IOC_EVENT_CREATE	_IOW(ZX_IOC_MAGIC, 0x10, struct zx_ioc_create)
#define ZX_IOC_EVENTPAIR_CREATE	_IOW(ZX_IOC_MAGIC, 0x11, struct zx_ioc_create)
#define ZX_IOC_HANDLE_TO_FD	_IOW(ZX_IOC_MAGIC, 0x20, struct zx_ioc_handle_to_fd)
#define ZX_IOC_FD_TO_HANDLE	_IOW(ZX_IOC_MAGIC, 0x21, struct zx_ioc_fd_to_handle)
#define ZX_IOC_VMO_CREATE	_IOW(ZX_IOC_MAGIC, 0x30, struct zx_ioc_vmo_create)
#define ZX_IOC_VMO_READ		_IOW(ZX_IOC_MAGIC, 0x31, struct zx_ioc_vmo_rw)
#define ZX_IOC_VMO_WRITE	_IOW(ZX_IOC_MAGIC, 0x32, struct zx_ioc_vmo_rw)
#define ZX_IOC_VMO_GET_SIZE	_IOW(ZX_IOC_MAGIC, 0x33, struct zx_ioc_vmo_size)
#define ZX_IOC_VMO_SET_SIZE	_IOW(ZX_IOC_MAGIC, 0x34, struct zx_ioc_vmo_size)
#define ZX_IOC_VMO_OP_RANGE	_IOW(ZX_IOC_MAGIC, 0x35, struct zx_ioc_vmo_op_range)
#define ZX_IOC_VMO_CREATE_CHILD	_IOW(ZX_IOC_MAGIC, 0x36, struct zx_ioc_vmo_create_child)
#define ZX_IOC_VMO_SET_CACHE_POLICY _IOW(ZX_IOC_MAGIC, 0x37, struct zx_ioc_vmo_cache_policy)
#define ZX_IOC_VMO_REPLACE_AS_EXECUTABLE _IOW(ZX_IOC_MAGIC, 0x38, struct zx_ioc_vmo_replace_as_exec)
#define ZX_IOC_VMAR_ROOT	_IOW(ZX_IOC_MAGIC, 0x39, struct zx_ioc_vmar_root)
#define ZX_IOC_VMAR_MAP		_IOW(ZX_IOC_MAGIC, 0x3a, struct zx_ioc_vmar_map)
#define ZX_IOC_VMAR_UNMAP	_IOW(ZX_IOC_MAGIC, 0x3b, struct zx_ioc_vmar_range)
#define ZX_IOC_VMAR_PROTECT	_IOW(ZX_IOC_MAGIC, 0x3c, struct zx_ioc_vmar_range)
/* ABI 1.4, ZX_FEATURE_VMO_STREAM_SIZE: as zx_vmo_get_size()/set_size(). */
#define ZX_IOC_VMO_GET_STREAM_SIZE _IOW(ZX_IOC_MAGIC, 0x3d, struct zx_ioc_vmo_size)
#define ZX_IOC_VMO_SET_STREAM_SIZE _IOW(ZX_IOC_MAGIC, 0x3e, struct zx_ioc_vmo_size)
/*
 * VMAR sub-regions (ZX_FEATURE_VMAR; no new bit).  0x3f was the last free
 * number of 0x30-0x3f: destroy and op_range take 0x9e and 0x9f, the top of
 * the 0x80-0x9f block, as the brief of this family allows.
 */
#define ZX_IOC_VMAR_ALLOCATE	_IOW(ZX_IOC_MAGIC, 0x3f, struct zx_ioc_vmar_allocate)
#define ZX_IOC_VMAR_DESTROY	_IOW(ZX_IOC_MAGIC, 0x9e, struct zx_ioc_vmar_destroy)
#define ZX_IOC_VMAR_OP_RANGE	_IOW(ZX_IOC_MAGIC, 0x9f, struct zx_ioc_vmo_op_range)

/* ---- Channels (ioctl numbers 0x40-0x4f) ---- */

/*
 * zx_channel_create() uses struct zx_ioc_create (options must be 0).
 *
 * zx_channel_write() and zx_channel_write_etc().  handles points to
 * num_handles zx_handle_t (WRITE) or zx_handle_disposition_t (WRITE_ETC,
 * struct zx_abi_handle_disposition, whose result fields are written back
 * when the call fails).  word_size is the caller's sizeof(void *), 4 or 8:
 * with ZX_CHANNEL_WRITE_USE_IOVEC, bytes points to num_bytes struct
 * zx_abi_channel_iovec (8) or zx_abi_channel_iovec32 (4).
 */
struct zx_ioc_channel_write {
	__u32 handle;
	__u32 options;
	__u64 bytes;		/* user pointer */
	__u64 handles;		/* user pointer */
	__u32 num_bytes;
	__u32 num_handles;
	union {
		__u32 word_size; /* 4 or 8 */
		__u32 ptr_size;	/* its name before ABI 1.2 */
	};
	__u32 reserved;		/* must be 0 */
};

/*
 * zx_channel_read() and zx_channel_read_etc().  handles points to
 * num_handles zx_handle_t (READ) or zx_handle_info_t (READ_ETC, struct
 * zx_abi_handle_info).
 */
struct zx_ioc_channel_read {
	__u32 handle;
	__u32 options;
	__u64 bytes;		/* user pointer */
	__u64 handles;		/* user pointer */
	__u32 num_bytes;
	__u32 num_handles;
	__u64 actual_bytes;	/* user pointer to a __u32, or 0 */
	__u64 actual_handles;	/* user pointer to a __u32, or 0 */
};

/*
 * zx_channel_call() and zx_channel_call_etc().  args points to the
 * caller's zx_channel_call_args_t (CALL) or zx_channel_call_etc_args_t
 * (CALL_ETC): struct zx_abi_channel_call_args when word_size is 8,
 * zx_abi_channel_call_args32 when it is 4.
 * A call interrupted by a Linux signal resumes its wait when the ioctl is
 * restarted with the same argument (the message is not sent again): the
 * module stores a token naming the suspended call in resume (so the
 * argument must be writable memory), reads it back in the restarted ioctl,
 * and clears it when the call ends.  A new call has resume 0 and never
 * resumes another.
 */
struct zx_ioc_channel_call {
	__u32 handle;
	__u32 options;
	__s64 deadline;		/* absolute, CLOCK_MONOTONIC nanoseconds */
	__u64 args;		/* user pointer */
	__u64 actual_bytes;	/* user pointer to a __u32 */
	__u64 actual_handles;	/* user pointer to a __u32 */
	union {
		__u32 word_size; /* 4 or 8 */
		__u32 ptr_size;	/* its name before ABI 1.2 */
	};
	union {
		__u32 resume;	/* 0; the module's token while suspended */
		__u32 reserved;	/* its name before: must be 0 */
	};
};

#define ZX_IOC_CHANNEL_CREATE	_IOW(ZX_IOC_MAGIC, 0x40, struct zx_ioc_create)
#define ZX_IOC_CHANNEL_WRITE	_IOW(ZX_IOC_MAGIC, 0x41, struct zx_ioc_channel_write)
#define ZX_IOC_CHANNEL_WRITE_ETC _IOW(ZX_IOC_MAGIC, 0x42, struct zx_ioc_channel_write)
#define ZX_IOC_CHANNEL_READ	_IOW(ZX_IOC_MAGIC, 0x43, struct zx_ioc_channel_read)
#define ZX_IOC_CHANNEL_READ_ETC	_IOW(ZX_IOC_MAGIC, 0x44, struct zx_ioc_channel_read)
#define ZX_IOC_CHANNEL_CALL	_IOW(ZX_IOC_MAGIC, 0x45, struct zx_ioc_channel_call)
#define ZX_IOC_CHANNEL_CALL_ETC	_IOW(ZX_IOC_MAGIC, 0x46, struct zx_ioc_channel_call)

/* ---- Ports and timers (ioctl numbers 0x50-0x5f) ---- */

/* zx_port_create() uses struct zx_ioc_create (one handle out). */

/* zx_port_queue(): packet points to a struct zx_abi_port_packet. */
struct zx_ioc_port_queue {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
	__u64 packet;		/* user pointer */
};

/* zx_port_wait(): packet points to a struct zx_abi_port_packet (out). */
struct zx_ioc_port_wait {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
	__s64 deadline;		/* absolute, CLOCK_MONOTONIC nanoseconds */
	__u64 packet;		/* user pointer */
};

/* zx_port_cancel(). */
struct zx_ioc_port_cancel {
	__u32 handle;
	__u32 source;
	__u64 key;
};

/*
 * zx_port_cancel_key(): ends the port's armed waits with this key, whatever
 * their object, and drops its queued packets with this key.
 */
struct zx_ioc_port_cancel_key {
	__u32 handle;
	__u32 options;		/* must be 0 */
	__u64 key;
};

/* zx_object_wait_async(). */
struct zx_ioc_object_wait_async {
	__u32 handle;
	__u32 port;
	__u64 key;
	__u32 signals;
	__u32 options;		/* ZX_WAIT_ASYNC_* */
};

/*
 * zx_linux_port_fd(): a new descriptor that poll(2), select(2) and epoll
 * report readable (EPOLLIN) while the port holds packets, and EPOLLHUP once
 * the port is destroyed.  It keeps the port alive but is no handle: the
 * port stays in the table, and reading the descriptor is not supported.
 */
struct zx_ioc_port_fd {
	__u32 handle;		/* needs ZX_RIGHT_READ */
	__u32 flags;		/* ZX_LINUX_FD_CLOEXEC */
	__u64 out_fd;		/* user pointer to an int */
};

/* zx_timer_create(). */
struct zx_ioc_timer_create {
	__u32 options;		/* ZX_TIMER_SLACK_* */
	__u32 clock_id;		/* ZX_CLOCK_MONOTONIC or ZX_CLOCK_BOOT */
	__u64 out;		/* user pointer to a zx_handle_t */
};

/* zx_timer_set(). */
struct zx_ioc_timer_set {
	__u32 handle;
	__u32 reserved;		/* must be 0 */
	__s64 deadline;		/* absolute, on the timer's clock */
	__s64 slack;		/* nanoseconds, >= 0 */
};

#define ZX_IOC_PORT_CREATE	_IOW(ZX_IOC_MAGIC, 0x50, struct zx_ioc_create)
#define ZX_IOC_PORT_QUEUE	_IOW(ZX_IOC_MAGIC, 0x51, struct zx_ioc_port_queue)
#define ZX_IOC_PORT_WAIT	_IOW(ZX_IOC_MAGIC, 0x52, struct zx_ioc_port_wait)
#define ZX_IOC_PORT_CANCEL	_IOW(ZX_IOC_MAGIC, 0x53, struct zx_ioc_port_cancel)
#define ZX_IOC_PORT_CANCEL_KEY	_IOW(ZX_IOC_MAGIC, 0x54, struct zx_ioc_port_cancel_key)
#define ZX_IOC_OBJECT_WAIT_ASYNC _IOW(ZX_IOC_MAGIC, 0x55, struct zx_ioc_object_wait_async)
#define ZX_IOC_PORT_FD		_IOW(ZX_IOC_MAGIC, 0x56, struct zx_ioc_port_fd)
#define ZX_IOC_TIMER_CREATE	_IOW(ZX_IOC_MAGIC, 0x58, struct zx_ioc_timer_create)
#define ZX_IOC_TIMER_SET	_IOW(ZX_IOC_MAGIC, 0x59, struct zx_ioc_timer_set)
/* The argument is the handle value itself, not a pointer. */
#define ZX_IOC_TIMER_CANCEL	_IO(ZX_IOC_MAGIC, 0x5a)

/* ---- Sockets (ioctl numbers 0x60-0x67) ---- */

/*
 * zx_socket_create() uses struct zx_ioc_create (options ZX_SOCKET_STREAM
 * or ZX_SOCKET_DATAGRAM).
 *
 * zx_socket_write() and zx_socket_read(): actual is a user pointer to the
 * caller's size_t (word_size bytes, 4 or 8), or 0; it is written only on
 * ZX_OK.
 */
struct zx_ioc_socket_rw {
	__u32 handle;
	__u32 options;		/* write: 0; read: ZX_SOCKET_PEEK */
	__u64 buffer;		/* user pointer */
	__u64 size;
	__u64 actual;		/* user pointer to a size_t, or 0 */
	__u32 word_size;	/* 4 or 8 */
	__u32 reserved;		/* must be 0 */
};

/* zx_socket_set_disposition(). */
struct zx_ioc_socket_disposition {
	__u32 handle;
	__u32 disposition;	/* ZX_SOCKET_DISPOSITION_* or 0 */
	__u32 disposition_peer;	/* ZX_SOCKET_DISPOSITION_* or 0 */
	__u32 reserved;		/* must be 0 */
};

#define ZX_IOC_SOCKET_CREATE	_IOW(ZX_IOC_MAGIC, 0x60, struct zx_ioc_create)
#define ZX_IOC_SOCKET_WRITE	_IOW(ZX_IOC_MAGIC, 0x61, struct zx_ioc_socket_rw)
#define ZX_IOC_SOCKET_READ	_IOW(ZX_IOC_MAGIC, 0x62, struct zx_ioc_socket_rw)
#define ZX_IOC_SOCKET_SET_DISPOSITION _IOW(ZX_IOC_MAGIC, 0x63, struct zx_ioc_socket_disposition)

/* ---- FIFOs (request numbers 0x68-0x6f) ---- */

/*
 * zx_fifo_create(): two ends of a pair of FIFOs of elem_count elements of
 * elem_size bytes each (both nonzero, product at most
 * ZX_FIFO_MAX_SIZE_BYTES); options must be 0.
 */
struct zx_ioc_fifo_create {
	__u64 elem_count;
	__u64 elem_size;
	__u32 options;
	__u32 reserved;		/* must be 0 */
	__u64 out0;		/* user pointer to a zx_handle_t */
	__u64 out1;		/* user pointer to a zx_handle_t */
};

/*
 * zx_fifo_write() and zx_fifo_read(): count whole elements of elem_size
 * bytes at data; actual receives the number moved as a word_size-wide
 * count (the caller's sizeof(size_t), 4 or 8) unless it is 0.
 */
struct zx_ioc_fifo_rw {
	__u32 handle;
	__u32 word_size;	/* 4 or 8 */
	__u64 elem_size;
	__u64 data;		/* user pointer */
	__u64 count;
	__u64 actual;		/* user pointer to a size_t, or 0 */
};

#define ZX_IOC_FIFO_CREATE	_IOW(ZX_IOC_MAGIC, 0x68, struct zx_ioc_fifo_create)
#define ZX_IOC_FIFO_WRITE	_IOW(ZX_IOC_MAGIC, 0x69, struct zx_ioc_fifo_rw)
#define ZX_IOC_FIFO_READ	_IOW(ZX_IOC_MAGIC, 0x6a, struct zx_ioc_fifo_rw)
/* ---- Streams (ZX_FEATURE_STREAM) ---- */

/* zx_stream_create(). */
struct zx_ioc_stream_create {
	__u32 options;		/* ZX_STREAM_MODE_* */
	__u32 vmo;		/* handle */
	__u64 seek;		/* the initial seek offset */
	__u64 out;		/* user pointer to a zx_handle_t */
};

/*
 * zx_stream_readv(), _readv_at(), _writev(), _writev_at().  vector points
 * to num_vector zx_iovec_t: struct zx_abi_iovec when word_size is 8,
 * zx_abi_iovec32 when it is 4; actual, when not 0, to a size_t of
 * word_size bytes.  offset is read by the _at calls only (0 otherwise).
 */
struct zx_ioc_stream_io {
	__u32 handle;
	__u32 options;
	__u64 offset;
	__u64 vector;		/* user pointer */
	__u64 num_vector;
	__u64 actual;		/* user pointer, or 0 */
	__u32 word_size;	/* 4 or 8 */
	__u32 reserved;		/* must be 0 */
};

/* zx_stream_seek(). */
struct zx_ioc_stream_seek {
	__u32 handle;
	__u32 whence;		/* ZX_STREAM_SEEK_ORIGIN_* */
	__s64 offset;
	__u64 out_seek;		/* user pointer to a zx_off_t, or 0 */
};

#define ZX_IOC_STREAM_CREATE	_IOW(ZX_IOC_MAGIC, 0x70, struct zx_ioc_stream_create)
#define ZX_IOC_STREAM_READV	_IOW(ZX_IOC_MAGIC, 0x71, struct zx_ioc_stream_io)
#define ZX_IOC_STREAM_READV_AT	_IOW(ZX_IOC_MAGIC, 0x72, struct zx_ioc_stream_io)
#define ZX_IOC_STREAM_WRITEV	_IOW(ZX_IOC_MAGIC, 0x73, struct zx_ioc_stream_io)
#define ZX_IOC_STREAM_WRITEV_AT	_IOW(ZX_IOC_MAGIC, 0x74, struct zx_ioc_stream_io)
#define ZX_IOC_STREAM_SEEK	_IOW(ZX_IOC_MAGIC, 0x75, struct zx_ioc_stream_seek)

/* ---- Processes, threads and jobs (ioctl numbers 0x80-0x9f) ---- */

/*
 * zx_process_self() and zx_thread_self() use struct zx_ioc_create
 * (options 0, one handle out in out0, out1 0): a new handle to the
 * caller's thread group or thread.  libzx asks once per process and per
 * thread and keeps the handle.  zx_job_default() and zx_job_create() use
 * struct zx_ioc_job_create.
 */

/*
 * zx_linux_process_child(): a handle to the thread group whose leader has
 * pid @pid in the caller's pid namespace; it must be a child of the
 * caller not yet reaped.  @job is a job handle with
 * ZX_RIGHT_MANAGE_PROCESS the child joins, or ZX_HANDLE_INVALID for the
 * caller's own job.
 */
struct zx_ioc_process_child {
	__s32 pid;
	__u32 job;
	__u64 out;		/* user pointer to a zx_handle_t */
};

/*
 * zx_job_create(): a child job of @parent (ZX_RIGHT_MANAGE_JOB).
 * zx_job_default(): @parent and options 0: the caller's job.
 */
struct zx_ioc_job_create {
	__u32 parent;
	__u32 options;		/* must be 0 */
	__u64 out;		/* user pointer to a zx_handle_t */
};

/* zx_object_get_child(). */
struct zx_ioc_get_child {
	__u32 handle;
	__u32 rights;
	__u64 koid;
	__u64 out;		/* user pointer to a zx_handle_t */
};

/*
 * zx_process_read_memory() and zx_process_write_memory() are done by libzx
 * through /proc/PID/mem, where Linux applies its ptrace access check with
 * the caller's credentials when the file is opened.  This request gives
 * libzx the pid: with @options 0 (read: the handle needs ZX_RIGHT_READ and
 * ZX_RIGHT_WRITE) or ZX_PROCESS_MEMORY_WRITE (ZX_RIGHT_WRITE), it checks
 * the handle, that the process has not exited and that it has a number in
 * the caller's pid namespace, and stores that number in @pid (which must
 * be 0 on entry).  With ZX_PROCESS_MEMORY_CONFIRM added, after the open,
 * it checks the same again and that the number is still @pid: the process
 * behind the handle held that number all along, so the file opened is its
 * memory and not that of a process that reused the number.
 */
struct zx_ioc_process_memory {
	__u32 handle;
	__u32 options;		/* ZX_PROCESS_MEMORY_* */
	__s32 pid;		/* out, or in with ZX_PROCESS_MEMORY_CONFIRM */
	__u32 reserved;		/* must be 0 */
};

#define ZX_PROCESS_MEMORY_WRITE		(1u << 0)
#define ZX_PROCESS_MEMORY_CONFIRM	(1u << 1)

#define ZX_IOC_PROCESS_SELF	_IOW(ZX_IOC_MAGIC, 0x80, struct zx_ioc_create)
#define ZX_IOC_THREAD_SELF	_IOW(ZX_IOC_MAGIC, 0x81, struct zx_ioc_create)
/* The argument is the handle value itself, not a pointer. */
#define ZX_IOC_TASK_KILL	_IO(ZX_IOC_MAGIC, 0x82)
#define ZX_IOC_PROCESS_CHILD	_IOW(ZX_IOC_MAGIC, 0x83, struct zx_ioc_process_child)
#define ZX_IOC_JOB_DEFAULT	_IOW(ZX_IOC_MAGIC, 0x84, struct zx_ioc_job_create)
#define ZX_IOC_JOB_CREATE	_IOW(ZX_IOC_MAGIC, 0x85, struct zx_ioc_job_create)
#define ZX_IOC_OBJECT_GET_CHILD	_IOW(ZX_IOC_MAGIC, 0x86, struct zx_ioc_get_child)
#define ZX_IOC_PROCESS_MEMORY	_IOWR(ZX_IOC_MAGIC, 0x87, struct zx_ioc_process_memory)

#endif /* _UAPI_LINUX_ZIRCON_H */
