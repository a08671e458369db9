/* SPDX-License-Identifier: MIT */
/*
 * The basic Zircon types and constants: handles, statuses, signals, koids,
 * object types, and the option words of the VMO, VMAR and channel calls.
 * Numbers and layouts are Zircon's, so values pass unchanged between code
 * built for Fuchsia and code built against libzx.
 *
 * What the kernel module shares (statuses, rights, signals, object types,
 * option words, handle operations) is defined once, in
 * <linux/zircon_types.h>, and included here.  The records stay Fuchsia's
 * (with pointers and size_t); the layout checks at the end of this file and
 * of <zircon/syscalls/object.h> assert, field by field, that each has the
 * layout of its zx_abi_* twin there.
 */
#ifndef ZIRCON_TYPES_H_
#define ZIRCON_TYPES_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/zircon_types.h>

#include <zircon/errors.h>
#include <zircon/rights.h>
#include <zircon/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Handles (zx_handle_t, ZX_HANDLE_INVALID), statuses (zx_status_t: ZX_OK
 * or a negative ZX_ERR_* code), signals (zx_signals_t) and object types
 * (zx_obj_type_t) come from <linux/zircon_types.h>.
 */

/* ---- Clocks ---- */

typedef uint32_t zx_clock_t;
#define ZX_CLOCK_MONOTONIC		((zx_clock_t)0)
#define ZX_CLOCK_BOOT			((zx_clock_t)1)

/* ---- Kernel object ids ---- */

/*
 * Koids are unique for the life of the system.  The kernel uses only the
 * low 63 bits; values with the top bit set are free for tools to invent.
 */
typedef uint64_t zx_koid_t;
#define ZX_KOID_INVALID			((uint64_t)0)
#define ZX_KOID_KERNEL			((uint64_t)1)
/* The first koid not reserved (0 to 1023 are). */
#define ZX_KOID_FIRST			((uint64_t)1024)

/* ---- Waiting on several handles ---- */

#define ZX_WAIT_MANY_MAX_ITEMS		((size_t)64)

typedef struct zx_wait_item {
	zx_handle_t handle;
	zx_signals_t waitfor;
	zx_signals_t pending;
} zx_wait_item_t;

/* ---- VMOs ---- */

/* Result buffer of ZX_VMO_OP_LOCK / ZX_VMO_OP_TRY_LOCK. */
typedef struct zx_vmo_lock_state {
	uint64_t offset;
	uint64_t size;
	uint64_t discarded_offset;
	uint64_t discarded_size;
} zx_vmo_lock_state_t;

/* ---- Pagers ---- */

#define ZX_PAGER_OP_FAIL		((uint32_t)1u)
#define ZX_PAGER_OP_DIRTY		((uint32_t)2u)
#define ZX_PAGER_OP_WRITEBACK_BEGIN	((uint32_t)3u)
#define ZX_PAGER_OP_WRITEBACK_END	((uint32_t)4u)

typedef struct zx_pager_vmo_stats {
	uint32_t modified;
} zx_pager_vmo_stats_t;

#define ZX_PAGER_VMO_STATS_MODIFIED	((uint32_t)1u)
#define ZX_PAGER_RESET_VMO_STATS	((uint32_t)1u)

/* ---- VMARs ---- */

/* zx_vmar_op_range() operations; equal to the VMO ones where shared. */
#define ZX_VMAR_OP_COMMIT		((uint32_t)1u)
#define ZX_VMAR_OP_DECOMMIT		((uint32_t)2u)
#define ZX_VMAR_OP_MAP_RANGE		((uint32_t)3u)
#define ZX_VMAR_OP_ZERO			((uint32_t)10u)
#define ZX_VMAR_OP_DONT_NEED		((uint32_t)12u)
#define ZX_VMAR_OP_ALWAYS_NEED		((uint32_t)13u)
#define ZX_VMAR_OP_PREFETCH		((uint32_t)14u)

/* Older spellings of the first twelve ZX_VM_* options. */
#define ZX_VM_FLAG_PERM_READ		((uint32_t)1u << 0)
#define ZX_VM_FLAG_PERM_WRITE		((uint32_t)1u << 1)
#define ZX_VM_FLAG_PERM_EXECUTE		((uint32_t)1u << 2)
#define ZX_VM_FLAG_COMPACT		((uint32_t)1u << 3)
#define ZX_VM_FLAG_SPECIFIC		((uint32_t)1u << 4)
#define ZX_VM_FLAG_SPECIFIC_OVERWRITE	((uint32_t)1u << 5)
#define ZX_VM_FLAG_CAN_MAP_SPECIFIC	((uint32_t)1u << 6)
#define ZX_VM_FLAG_CAN_MAP_READ		((uint32_t)1u << 7)
#define ZX_VM_FLAG_CAN_MAP_WRITE	((uint32_t)1u << 8)
#define ZX_VM_FLAG_CAN_MAP_EXECUTE	((uint32_t)1u << 9)
#define ZX_VM_FLAG_MAP_RANGE		((uint32_t)1u << 10)
#define ZX_VM_FLAG_REQUIRE_NON_RESIZABLE ((uint32_t)1u << 11)

/* ---- Addresses, offsets, vectors ---- */

typedef uintptr_t zx_vaddr_t;
typedef uintptr_t zx_paddr_t;
typedef uintptr_t zx_gpaddr_t;	/* guest physical (hypervisor) */
typedef uint64_t zx_off_t;

typedef struct zx_iovec {
	void *buffer;
	size_t capacity;
} zx_iovec_t;

/* ---- Names and small limits ---- */

/* Longest object name, terminating NUL included. */
#define ZX_MAX_NAME_LEN			((size_t)32u)

/* A futex: a 32-bit word user code waits on (zx_futex_wait()). */
typedef int32_t zx_futex_t;

/* A string the system owns: c_str is NUL-terminated, length excludes it. */
typedef struct zx_string_view {
	const char *c_str;
	size_t length;
} zx_string_view_t;

#define ZX_CPRNG_DRAW_MAX_LEN		((size_t)256u)
#define ZX_CPRNG_ADD_ENTROPY_MAX_LEN	((size_t)256u)

/* ---- Interrupts, MSI, BTI ---- */

#define ZX_INTERRUPT_REMAP_IRQ		((uint32_t)0x1u)
#define ZX_INTERRUPT_MODE_DEFAULT	((uint32_t)0u << 1)
#define ZX_INTERRUPT_MODE_EDGE_LOW	((uint32_t)1u << 1)
#define ZX_INTERRUPT_MODE_EDGE_HIGH	((uint32_t)2u << 1)
#define ZX_INTERRUPT_MODE_LEVEL_LOW	((uint32_t)3u << 1)
#define ZX_INTERRUPT_MODE_LEVEL_HIGH	((uint32_t)4u << 1)
#define ZX_INTERRUPT_MODE_EDGE_BOTH	((uint32_t)5u << 1)
#define ZX_INTERRUPT_MODE_MASK		((uint32_t)0xe)
#define ZX_INTERRUPT_VIRTUAL		((uint32_t)0x10)
#define ZX_INTERRUPT_TIMESTAMP_MONO	((uint32_t)1u << 6)
#define ZX_INTERRUPT_BIND		((uint32_t)0x0u)
#define ZX_INTERRUPT_UNBIND		((uint32_t)0x1u)
#define ZX_INTERRUPT_SLOT_USER		((uint32_t)62u)
#define ZX_INTERRUPT_MAX_SLOTS		((uint32_t)62u)

#define ZX_MSI_MODE_MSI_X		((uint32_t)0x1u)

#define ZX_BTI_PERM_READ		((uint32_t)1u << 0)
#define ZX_BTI_PERM_WRITE		((uint32_t)1u << 1)
#define ZX_BTI_PERM_EXECUTE		((uint32_t)1u << 2)
#define ZX_BTI_COMPRESS			((uint32_t)1u << 3)
#define ZX_BTI_CONTIGUOUS		((uint32_t)1u << 4)

/* ---- FIFOs, sockets, streams ---- */

#define ZX_FIFO_MAX_SIZE_BYTES		((uint32_t)4096u)

/* zx_socket_set_disposition() values. */
#define ZX_SOCKET_DISPOSITION_WRITE_DISABLED ((uint32_t)1u << 0)
#define ZX_SOCKET_DISPOSITION_WRITE_ENABLED ((uint32_t)1u << 1)

/* zx_socket_create() options. */
#define ZX_SOCKET_STREAM		((uint32_t)0u)
#define ZX_SOCKET_DATAGRAM		((uint32_t)1u << 0)
#define ZX_SOCKET_CREATE_MASK		(ZX_SOCKET_DATAGRAM)

/* zx_socket_read() option. */
#define ZX_SOCKET_PEEK			((uint32_t)1u << 3)

/* zx_stream_create() options. */
#define ZX_STREAM_MODE_READ		((uint32_t)1u << 0)
#define ZX_STREAM_MODE_WRITE		((uint32_t)1u << 1)
#define ZX_STREAM_MODE_APPEND		((uint32_t)1u << 2)
#define ZX_STREAM_CREATE_MASK \
	(ZX_STREAM_MODE_READ | ZX_STREAM_MODE_WRITE | ZX_STREAM_MODE_APPEND)

/* zx_stream_writev() option. */
#define ZX_STREAM_APPEND		((uint32_t)1u << 0)

typedef uint32_t zx_stream_seek_origin_t;
#define ZX_STREAM_SEEK_ORIGIN_START	((zx_stream_seek_origin_t)0u)
#define ZX_STREAM_SEEK_ORIGIN_CURRENT	((zx_stream_seek_origin_t)1u)
#define ZX_STREAM_SEEK_ORIGIN_END	((zx_stream_seek_origin_t)2u)

/* ---- Caches ---- */

/* zx_cache_flush() options. */
#define ZX_CACHE_FLUSH_INSN		((uint32_t)1u << 0)
#define ZX_CACHE_FLUSH_DATA		((uint32_t)1u << 1)
#define ZX_CACHE_FLUSH_INVALIDATE	((uint32_t)1u << 2)

/* ---- Timers, jobs, processes ---- */

#define ZX_TIMER_SLACK_CENTER		((uint32_t)0u)
#define ZX_TIMER_SLACK_EARLY		((uint32_t)1u)
#define ZX_TIMER_SLACK_LATE		((uint32_t)2u)

/* zx_job_set_critical() option. */
#define ZX_JOB_CRITICAL_PROCESS_RETCODE_NONZERO ((uint32_t)1u << 0)

/* zx_process_create() option. */
#define ZX_PROCESS_SHARED		((uint32_t)1u << 0)

/* ---- System events ---- */

typedef uint32_t zx_system_event_type_t;
#define ZX_SYSTEM_EVENT_OUT_OF_MEMORY	((zx_system_event_type_t)1u)
#define ZX_SYSTEM_EVENT_MEMORY_PRESSURE_CRITICAL ((zx_system_event_type_t)2u)
#define ZX_SYSTEM_EVENT_MEMORY_PRESSURE_WARNING ((zx_system_event_type_t)3u)
#define ZX_SYSTEM_EVENT_MEMORY_PRESSURE_NORMAL ((zx_system_event_type_t)4u)
#define ZX_SYSTEM_EVENT_IMMINENT_OUT_OF_MEMORY ((zx_system_event_type_t)5u)

typedef uint32_t zx_system_memory_stall_type_t;
#define ZX_SYSTEM_MEMORY_STALL_SOME	((zx_system_memory_stall_type_t)0u)
#define ZX_SYSTEM_MEMORY_STALL_FULL	((zx_system_memory_stall_type_t)1u)

/* ---- Handles in channel messages ---- */

/* A received handle, from zx_channel_read_etc(). */
typedef struct zx_handle_info {
	zx_handle_t handle;
	zx_obj_type_t type;
	zx_rights_t rights;
	uint32_t unused;
} zx_handle_info_t;

/* A handle to send, for zx_channel_write_etc(); result is filled in. */
typedef struct zx_handle_disposition {
	zx_handle_op_t operation;
	zx_handle_t handle;
	zx_obj_type_t type;
	zx_rights_t rights;
	zx_status_t result;
} zx_handle_disposition_t;

typedef struct zx_channel_call_args {
	const void *wr_bytes;
	const zx_handle_t *wr_handles;
	void *rd_bytes;
	zx_handle_t *rd_handles;
	uint32_t wr_num_bytes;
	uint32_t wr_num_handles;
	uint32_t rd_num_bytes;
	uint32_t rd_num_handles;
} zx_channel_call_args_t;

typedef struct zx_channel_call_etc_args {
	const void *wr_bytes;
	zx_handle_disposition_t *wr_handles;
	void *rd_bytes;
	zx_handle_info_t *rd_handles;
	uint32_t wr_num_bytes;
	uint32_t wr_num_handles;
	uint32_t rd_num_bytes;
	uint32_t rd_num_handles;
} zx_channel_call_etc_args_t;

/* One piece of a ZX_CHANNEL_WRITE_USE_IOVEC message. */
typedef struct zx_channel_iovec {
	const void *buffer;
	uint32_t capacity;
	uint32_t reserved;
} zx_channel_iovec_t;

/* ---- CPU sets ---- */

#define ZX_CPU_SET_MAX_CPUS		512
#define ZX_CPU_SET_BITS_PER_WORD	64

/* CPU n is in the set when bit n % 64 of mask[n / 64] is 1. */
typedef struct zx_cpu_set {
	uint64_t mask[ZX_CPU_SET_MAX_CPUS / ZX_CPU_SET_BITS_PER_WORD];
} zx_cpu_set_t;

/* ---- Layout checks ---- */

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(zx_handle_t) == 4, "zx_handle_t");
_Static_assert(sizeof(zx_status_t) == 4, "zx_status_t");
_Static_assert(sizeof(zx_koid_t) == 8, "zx_koid_t");
_Static_assert(sizeof(zx_wait_item_t) == 12, "zx_wait_item_t");
_Static_assert(sizeof(zx_vmo_lock_state_t) == 32, "zx_vmo_lock_state_t");
_Static_assert(sizeof(zx_handle_info_t) == 16, "zx_handle_info_t");
_Static_assert(sizeof(zx_handle_disposition_t) == 20,
	       "zx_handle_disposition_t");
_Static_assert(sizeof(zx_cpu_set_t) == 64, "zx_cpu_set_t");

/*
 * A Fuchsia record and its <linux/zircon_types.h> twin: the same size, and
 * field f at the same offset with the same width.
 */
#define __ZX_ABI_SIZE(T, U) \
	_Static_assert(sizeof(T) == sizeof(struct U), #T " vs " #U)
#define __ZX_ABI_FIELD(T, U, f) \
	_Static_assert(offsetof(T, f) == offsetof(struct U, f) && \
		       sizeof(((T *)0)->f) == sizeof(((struct U *)0)->f), \
		       #T "." #f " vs " #U)

__ZX_ABI_SIZE(zx_handle_info_t, zx_abi_handle_info);
__ZX_ABI_FIELD(zx_handle_info_t, zx_abi_handle_info, handle);
__ZX_ABI_FIELD(zx_handle_info_t, zx_abi_handle_info, type);
__ZX_ABI_FIELD(zx_handle_info_t, zx_abi_handle_info, rights);
__ZX_ABI_FIELD(zx_handle_info_t, zx_abi_handle_info, unused);
__ZX_ABI_SIZE(zx_handle_disposition_t, zx_abi_handle_disposition);
__ZX_ABI_FIELD(zx_handle_disposition_t, zx_abi_handle_disposition, operation);
__ZX_ABI_FIELD(zx_handle_disposition_t, zx_abi_handle_disposition, handle);
__ZX_ABI_FIELD(zx_handle_disposition_t, zx_abi_handle_disposition, type);
__ZX_ABI_FIELD(zx_handle_disposition_t, zx_abi_handle_disposition, rights);
__ZX_ABI_FIELD(zx_handle_disposition_t, zx_abi_handle_disposition, result);
_Static_assert(ZX_MAX_NAME_LEN == ZX_ABI_MAX_NAME_LEN, "ZX_MAX_NAME_LEN");
_Static_assert(ZX_TIME_INFINITE == ZX_ABI_TIME_INFINITE, "ZX_TIME_INFINITE");
_Static_assert(ZX_KOID_INVALID == ZX_ABI_KOID_INVALID, "ZX_KOID_INVALID");
__ZX_ABI_SIZE(zx_wait_item_t, zx_abi_wait_item);
__ZX_ABI_FIELD(zx_wait_item_t, zx_abi_wait_item, handle);
__ZX_ABI_FIELD(zx_wait_item_t, zx_abi_wait_item, waitfor);
__ZX_ABI_FIELD(zx_wait_item_t, zx_abi_wait_item, pending);
_Static_assert(ZX_WAIT_MANY_MAX_ITEMS == ZX_ABI_WAIT_MANY_MAX_ITEMS &&
	       ZX_CLOCK_MONOTONIC == ZX_ABI_CLOCK_MONOTONIC &&
	       ZX_CLOCK_BOOT == ZX_ABI_CLOCK_BOOT &&
	       ZX_TIMER_SLACK_CENTER == ZX_ABI_TIMER_SLACK_CENTER &&
	       ZX_TIMER_SLACK_EARLY == ZX_ABI_TIMER_SLACK_EARLY &&
	       ZX_TIMER_SLACK_LATE == ZX_ABI_TIMER_SLACK_LATE,
	       "wait_many, clock and timer constants");
_Static_assert(ZX_STREAM_MODE_READ == ZX_ABI_STREAM_MODE_READ &&
	       ZX_STREAM_MODE_WRITE == ZX_ABI_STREAM_MODE_WRITE &&
	       ZX_STREAM_MODE_APPEND == ZX_ABI_STREAM_MODE_APPEND &&
	       ZX_STREAM_APPEND == ZX_ABI_STREAM_APPEND &&
	       ZX_STREAM_SEEK_ORIGIN_START == ZX_ABI_STREAM_SEEK_ORIGIN_START &&
	       ZX_STREAM_SEEK_ORIGIN_CURRENT ==
	       ZX_ABI_STREAM_SEEK_ORIGIN_CURRENT &&
	       ZX_STREAM_SEEK_ORIGIN_END == ZX_ABI_STREAM_SEEK_ORIGIN_END,
	       "stream constants");
_Static_assert(ZX_SOCKET_STREAM == ZX_ABI_SOCKET_STREAM &&
	       ZX_SOCKET_DATAGRAM == ZX_ABI_SOCKET_DATAGRAM &&
	       ZX_SOCKET_PEEK == ZX_ABI_SOCKET_PEEK &&
	       ZX_SOCKET_DISPOSITION_WRITE_DISABLED ==
	       ZX_ABI_SOCKET_DISPOSITION_WRITE_DISABLED &&
	       ZX_SOCKET_DISPOSITION_WRITE_ENABLED ==
	       ZX_ABI_SOCKET_DISPOSITION_WRITE_ENABLED,
	       "socket constants");

/* The channel records with pointers: the twin of the caller's width. */
#if defined(__LP64__)
#define __ZX_ABI_PTR(U)	U
#else
#define __ZX_ABI_PTR(U)	U##32
#endif
__ZX_ABI_SIZE(zx_channel_iovec_t, __ZX_ABI_PTR(zx_abi_channel_iovec));
__ZX_ABI_FIELD(zx_channel_iovec_t, __ZX_ABI_PTR(zx_abi_channel_iovec), buffer);
__ZX_ABI_FIELD(zx_channel_iovec_t, __ZX_ABI_PTR(zx_abi_channel_iovec),
	       capacity);
__ZX_ABI_FIELD(zx_channel_iovec_t, __ZX_ABI_PTR(zx_abi_channel_iovec),
	       reserved);
#define __ZX_ABI_CALL_ARGS(T) \
	__ZX_ABI_SIZE(T, __ZX_ABI_PTR(zx_abi_channel_call_args)); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), wr_bytes); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), wr_handles); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), rd_bytes); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), rd_handles); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), \
		       wr_num_bytes); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), \
		       wr_num_handles); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), \
		       rd_num_bytes); \
	__ZX_ABI_FIELD(T, __ZX_ABI_PTR(zx_abi_channel_call_args), \
		       rd_num_handles)
__ZX_ABI_CALL_ARGS(zx_channel_call_args_t);
__ZX_ABI_CALL_ARGS(zx_channel_call_etc_args_t);

#if defined(__LP64__)
_Static_assert(sizeof(zx_iovec_t) == 16, "zx_iovec_t");
__ZX_ABI_SIZE(zx_iovec_t, zx_abi_iovec);
__ZX_ABI_FIELD(zx_iovec_t, zx_abi_iovec, buffer);
__ZX_ABI_FIELD(zx_iovec_t, zx_abi_iovec, capacity);
_Static_assert(sizeof(zx_channel_iovec_t) == 16, "zx_channel_iovec_t");
_Static_assert(sizeof(zx_channel_call_args_t) == 48,
	       "zx_channel_call_args_t");
_Static_assert(sizeof(zx_channel_call_etc_args_t) == 48,
	       "zx_channel_call_etc_args_t");
#endif
#endif

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_TYPES_H_ */
