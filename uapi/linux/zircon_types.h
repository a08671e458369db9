/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The values and records zircon.ko and user space must agree on: status
 * codes, rights, signals, object types, option words, info topics, and the
 * records the module reads from or writes to user memory.
 *
 * Names and numbers are Fuchsia's (a status, right or signal crosses
 * unchanged between code built for Fuchsia and code built against libzx),
 * spelled with <linux/types.h> types so that the module, the selftests and
 * libzx share this one definition.  libzx's <zircon/...> headers include
 * this file for everything below and add the rest of Fuchsia's API; they
 * assert at compile time that their Fuchsia-typed records have exactly the
 * layout of the zx_abi_* records here.
 *
 * The zx_abi_* records have fixed-width fields and no implicit padding.
 * Fuchsia's own records use size_t and pointers; on a 64-bit caller they
 * are identical to these.  A record Fuchsia defines with pointers (the
 * channel iovec and call arguments) has a *32 twin for 4-byte pointers,
 * selected by the word_size field of the ioctl that carries it.  The info
 * records (zx_info_vmo_t's size_t counts, zx_info_vmar_t's base and len)
 * are written in the 64-bit layout only: a 32-bit caller needs 64-bit
 * twins of those records (or a narrowing copy in libzx) first.
 */
#ifndef _UAPI_LINUX_ZIRCON_TYPES_H
#define _UAPI_LINUX_ZIRCON_TYPES_H

#include <linux/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Status codes ---- */

/* ZX_OK or a negative ZX_ERR_* code. */
typedef __s32 zx_status_t;

#define ZX_OK				(0)

/* Failures of the system itself. */
#define ZX_ERR_INTERNAL			(-1)
#define ZX_ERR_NOT_SUPPORTED		(-2)
#define ZX_ERR_NO_RESOURCES		(-3)
#define ZX_ERR_NO_MEMORY		(-4)
/* -5 is retired (it was ZX_ERR_CALL_FAILED). */
/* The call was interrupted and must be restarted; never seen by callers. */
#define ZX_ERR_INTERNAL_INTR_RETRY	(-6)

/* Bad arguments. */
#define ZX_ERR_INVALID_ARGS		(-10)
#define ZX_ERR_BAD_HANDLE		(-11)
#define ZX_ERR_WRONG_TYPE		(-12)
#define ZX_ERR_BAD_SYSCALL		(-13)
#define ZX_ERR_OUT_OF_RANGE		(-14)
#define ZX_ERR_BUFFER_TOO_SMALL		(-15)

/* The object's state does not allow the operation (now). */
#define ZX_ERR_BAD_STATE		(-20)
#define ZX_ERR_TIMED_OUT		(-21)
#define ZX_ERR_SHOULD_WAIT		(-22)
#define ZX_ERR_CANCELED			(-23)
#define ZX_ERR_PEER_CLOSED		(-24)
#define ZX_ERR_NOT_FOUND		(-25)
#define ZX_ERR_ALREADY_EXISTS		(-26)
#define ZX_ERR_ALREADY_BOUND		(-27)
#define ZX_ERR_UNAVAILABLE		(-28)

/* Permission. */
#define ZX_ERR_ACCESS_DENIED		(-30)

/* Input and output. */
#define ZX_ERR_IO			(-40)
#define ZX_ERR_IO_REFUSED		(-41)
#define ZX_ERR_IO_DATA_INTEGRITY	(-42)
#define ZX_ERR_IO_DATA_LOSS		(-43)
#define ZX_ERR_IO_NOT_PRESENT		(-44)
#define ZX_ERR_IO_OVERRUN		(-45)
#define ZX_ERR_IO_MISSED_DEADLINE	(-46)
#define ZX_ERR_IO_INVALID		(-47)

/* File systems. */
#define ZX_ERR_BAD_PATH			(-50)
#define ZX_ERR_NOT_DIR			(-51)
#define ZX_ERR_NOT_FILE			(-52)
#define ZX_ERR_FILE_BIG			(-53)
#define ZX_ERR_NO_SPACE			(-54)
#define ZX_ERR_NOT_EMPTY		(-55)

/*
 * Flow control for callbacks and iterators.  No system call returns
 * these.
 */
#define ZX_ERR_STOP			(-60)
#define ZX_ERR_NEXT			(-61)
#define ZX_ERR_ASYNC			(-62)

/* Networking. */
#define ZX_ERR_PROTOCOL_NOT_SUPPORTED	(-70)
#define ZX_ERR_ADDRESS_UNREACHABLE	(-71)
#define ZX_ERR_ADDRESS_IN_USE		(-72)
#define ZX_ERR_NOT_CONNECTED		(-73)
#define ZX_ERR_CONNECTION_REFUSED	(-74)
#define ZX_ERR_CONNECTION_RESET		(-75)
#define ZX_ERR_CONNECTION_ABORTED	(-76)

/* The thread was killed during the call; never seen by callers. */
#define ZX_ERR_INTERNAL_INTR_KILLED	(-502)

/* ---- Rights ---- */

typedef __u32 zx_rights_t;

#define ZX_RIGHT_NONE			((zx_rights_t)0u)
#define ZX_RIGHT_DUPLICATE		((zx_rights_t)1u << 0)
#define ZX_RIGHT_TRANSFER		((zx_rights_t)1u << 1)
#define ZX_RIGHT_READ			((zx_rights_t)1u << 2)
#define ZX_RIGHT_WRITE			((zx_rights_t)1u << 3)
#define ZX_RIGHT_EXECUTE		((zx_rights_t)1u << 4)
#define ZX_RIGHT_MAP			((zx_rights_t)1u << 5)
#define ZX_RIGHT_GET_PROPERTY		((zx_rights_t)1u << 6)
#define ZX_RIGHT_SET_PROPERTY		((zx_rights_t)1u << 7)
#define ZX_RIGHT_ENUMERATE		((zx_rights_t)1u << 8)
#define ZX_RIGHT_DESTROY		((zx_rights_t)1u << 9)
#define ZX_RIGHT_SET_POLICY		((zx_rights_t)1u << 10)
#define ZX_RIGHT_GET_POLICY		((zx_rights_t)1u << 11)
#define ZX_RIGHT_SIGNAL			((zx_rights_t)1u << 12)
#define ZX_RIGHT_SIGNAL_PEER		((zx_rights_t)1u << 13)
#define ZX_RIGHT_WAIT			((zx_rights_t)1u << 14)
#define ZX_RIGHT_INSPECT		((zx_rights_t)1u << 15)
#define ZX_RIGHT_MANAGE_JOB		((zx_rights_t)1u << 16)
#define ZX_RIGHT_MANAGE_PROCESS		((zx_rights_t)1u << 17)
#define ZX_RIGHT_MANAGE_THREAD		((zx_rights_t)1u << 18)
#define ZX_RIGHT_APPLY_PROFILE		((zx_rights_t)1u << 19)
#define ZX_RIGHT_MANAGE_SOCKET		((zx_rights_t)1u << 20)
#define ZX_RIGHT_OP_CHILDREN		((zx_rights_t)1u << 21)
#define ZX_RIGHT_RESIZE			((zx_rights_t)1u << 22)
#define ZX_RIGHT_ATTACH_VMO		((zx_rights_t)1u << 23)
#define ZX_RIGHT_MANAGE_VMO		((zx_rights_t)1u << 24)
/* Not a right: asks duplicate/replace to keep the source's rights. */
#define ZX_RIGHT_SAME_RIGHTS		((zx_rights_t)1u << 31)

/* Groups. */
#define ZX_RIGHTS_BASIC \
	(ZX_RIGHT_TRANSFER | ZX_RIGHT_DUPLICATE | ZX_RIGHT_WAIT | \
	 ZX_RIGHT_INSPECT)
#define ZX_RIGHTS_IO			(ZX_RIGHT_READ | ZX_RIGHT_WRITE)
#define ZX_RIGHTS_PROPERTY \
	(ZX_RIGHT_GET_PROPERTY | ZX_RIGHT_SET_PROPERTY)
#define ZX_RIGHTS_POLICY \
	(ZX_RIGHT_GET_POLICY | ZX_RIGHT_SET_POLICY)

/*
 * Rights of the handle(s) a create call returns, per object type.  A
 * channel end cannot be duplicated; a port and a VMAR cannot be waited on.
 */
#define ZX_DEFAULT_CHANNEL_RIGHTS \
	((ZX_RIGHTS_BASIC & ~ZX_RIGHT_DUPLICATE) | ZX_RIGHTS_IO | \
	 ZX_RIGHT_SIGNAL | ZX_RIGHT_SIGNAL_PEER)

#define ZX_DEFAULT_EVENT_RIGHTS		(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_EVENTPAIR_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHT_SIGNAL | ZX_RIGHT_SIGNAL_PEER)

#define ZX_DEFAULT_SYSTEM_EVENT_LOW_MEMORY_RIGHTS \
	(ZX_RIGHT_WAIT | ZX_RIGHT_DUPLICATE | ZX_RIGHT_TRANSFER)

#define ZX_DEFAULT_SYSTEM_MEMORY_STALL_EVENT_RIGHTS \
	(ZX_RIGHT_WAIT | ZX_RIGHT_DUPLICATE | ZX_RIGHT_TRANSFER)

#define ZX_DEFAULT_FIFO_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_SIGNAL | \
	 ZX_RIGHT_SIGNAL_PEER)

#define ZX_DEFAULT_GUEST_RIGHTS \
	(ZX_RIGHT_TRANSFER | ZX_RIGHT_DUPLICATE | ZX_RIGHT_WRITE | \
	 ZX_RIGHT_INSPECT | ZX_RIGHT_MANAGE_THREAD)

#define ZX_DEFAULT_INTERRUPT_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_JOB_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHTS_PROPERTY | \
	 ZX_RIGHTS_POLICY | ZX_RIGHT_ENUMERATE | ZX_RIGHT_DESTROY | \
	 ZX_RIGHT_SIGNAL | ZX_RIGHT_MANAGE_JOB | ZX_RIGHT_MANAGE_PROCESS | \
	 ZX_RIGHT_MANAGE_THREAD)

#define ZX_DEFAULT_LOG_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHT_WRITE | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_MSI_RIGHTS		(ZX_RIGHTS_BASIC)

#define ZX_DEFAULT_PCI_DEVICE_RIGHTS	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO)

#define ZX_DEFAULT_PCI_INTERRUPT_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_PORT_RIGHTS \
	((ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT) | ZX_RIGHTS_IO)

#define ZX_DEFAULT_PROCESS_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHTS_PROPERTY | \
	 ZX_RIGHT_ENUMERATE | ZX_RIGHT_DESTROY | ZX_RIGHT_SIGNAL | \
	 ZX_RIGHT_MANAGE_PROCESS | ZX_RIGHT_MANAGE_THREAD)

#define ZX_DEFAULT_RESOURCE_RIGHTS \
	((ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT) | ZX_RIGHT_WRITE | \
	 ZX_RIGHT_GET_PROPERTY)

#define ZX_DEFAULT_SOCKET_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_GET_PROPERTY | \
	 ZX_RIGHT_SET_PROPERTY | ZX_RIGHT_SIGNAL | ZX_RIGHT_SIGNAL_PEER | \
	 ZX_RIGHT_MANAGE_SOCKET)

#define ZX_DEFAULT_STREAM_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_PROPERTY | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_THREAD_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHTS_PROPERTY | \
	 ZX_RIGHT_DESTROY | ZX_RIGHT_SIGNAL | ZX_RIGHT_MANAGE_THREAD)

#define ZX_DEFAULT_TIMER_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHT_WRITE | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_VCPU_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_EXECUTE | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_VMAR_RIGHTS \
	((ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT) | ZX_RIGHT_OP_CHILDREN)

#define ZX_DEFAULT_VMO_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHTS_PROPERTY | ZX_RIGHT_MAP | \
	 ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_IOMMU_RIGHTS		(ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT)

#define ZX_DEFAULT_BTI_RIGHTS \
	((ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT) | ZX_RIGHTS_IO | \
	 ZX_RIGHTS_PROPERTY | ZX_RIGHT_MAP)

#define ZX_DEFAULT_PROFILE_RIGHTS \
	((ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT) | ZX_RIGHT_APPLY_PROFILE)

#define ZX_DEFAULT_PMT_RIGHTS		(ZX_RIGHT_INSPECT)

#define ZX_DEFAULT_SUSPEND_TOKEN_RIGHTS	(ZX_RIGHT_TRANSFER | ZX_RIGHT_INSPECT)

#define ZX_DEFAULT_PAGER_RIGHTS \
	(ZX_RIGHT_INSPECT | ZX_RIGHT_TRANSFER | ZX_RIGHT_ATTACH_VMO | \
	 ZX_RIGHT_MANAGE_VMO)

#define ZX_DEFAULT_EXCEPTION_RIGHTS \
	(ZX_RIGHT_TRANSFER | ZX_RIGHTS_PROPERTY | ZX_RIGHT_INSPECT)

#define ZX_DEFAULT_CLOCK_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_SIGNAL | ZX_RIGHTS_PROPERTY)

#define ZX_DEFAULT_IOB_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHT_WAIT | ZX_RIGHTS_IO | ZX_RIGHTS_PROPERTY | \
	 ZX_RIGHT_MAP | ZX_RIGHT_SIGNAL | ZX_RIGHT_SIGNAL_PEER)

#define ZX_DEFAULT_COUNTER_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHTS_IO | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_IOB_SHARED_REGION_RIGHTS \
	(ZX_RIGHTS_BASIC | ZX_RIGHT_WAIT | ZX_RIGHTS_PROPERTY | ZX_RIGHT_SIGNAL)

#define ZX_DEFAULT_SAMPLER_RIGHTS	(ZX_RIGHTS_BASIC & ~ZX_RIGHT_WAIT)

/* ---- Handles ---- */

typedef __u32 zx_handle_t;

/*
 * 0 is never a handle.  The two low bits of every valid handle are set;
 * a program may borrow them as long as it sets them again before passing
 * the handle to a call.
 */
#define ZX_HANDLE_INVALID		((zx_handle_t)0)
#define ZX_HANDLE_FIXED_BITS_MASK	((zx_handle_t)0x3)

/* ---- Signals ---- */

typedef __u32 zx_signals_t;

#define ZX_SIGNAL_NONE			((zx_signals_t)0u)
#define ZX_USER_SIGNAL_ALL		((zx_signals_t)0xff000000u)

/*
 * The 24 object signal bits.  Their meaning depends on the object; the
 * names below the generic ones give it.  (The double-underscore names are
 * Zircon's own spelling of the generic bits.)
 */
#define __ZX_OBJECT_SIGNAL_ALL		((zx_signals_t)0x00ffffffu)
#define __ZX_OBJECT_READABLE		((zx_signals_t)1u << 0)
#define __ZX_OBJECT_WRITABLE		((zx_signals_t)1u << 1)
#define __ZX_OBJECT_PEER_CLOSED		((zx_signals_t)1u << 2)
#define __ZX_OBJECT_SIGNALED		((zx_signals_t)1u << 3)
#define __ZX_OBJECT_SIGNAL_4		((zx_signals_t)1u << 4)
#define __ZX_OBJECT_SIGNAL_5		((zx_signals_t)1u << 5)
#define __ZX_OBJECT_SIGNAL_6		((zx_signals_t)1u << 6)
#define __ZX_OBJECT_SIGNAL_7		((zx_signals_t)1u << 7)
#define __ZX_OBJECT_SIGNAL_8		((zx_signals_t)1u << 8)
#define __ZX_OBJECT_SIGNAL_9		((zx_signals_t)1u << 9)
#define __ZX_OBJECT_SIGNAL_10		((zx_signals_t)1u << 10)
#define __ZX_OBJECT_SIGNAL_11		((zx_signals_t)1u << 11)
#define __ZX_OBJECT_SIGNAL_12		((zx_signals_t)1u << 12)
#define __ZX_OBJECT_SIGNAL_13		((zx_signals_t)1u << 13)
#define __ZX_OBJECT_SIGNAL_14		((zx_signals_t)1u << 14)
#define __ZX_OBJECT_SIGNAL_15		((zx_signals_t)1u << 15)
#define __ZX_OBJECT_SIGNAL_16		((zx_signals_t)1u << 16)
#define __ZX_OBJECT_SIGNAL_17		((zx_signals_t)1u << 17)
#define __ZX_OBJECT_SIGNAL_18		((zx_signals_t)1u << 18)
#define __ZX_OBJECT_SIGNAL_19		((zx_signals_t)1u << 19)
#define __ZX_OBJECT_SIGNAL_20		((zx_signals_t)1u << 20)
#define __ZX_OBJECT_SIGNAL_21		((zx_signals_t)1u << 21)
#define __ZX_OBJECT_SIGNAL_22		((zx_signals_t)1u << 22)
#define __ZX_OBJECT_HANDLE_CLOSED	((zx_signals_t)1u << 23)

/* Free for programs: set with zx_object_signal() / _signal_peer(). */
#define ZX_USER_SIGNAL_0		((zx_signals_t)1u << 24)
#define ZX_USER_SIGNAL_1		((zx_signals_t)1u << 25)
#define ZX_USER_SIGNAL_2		((zx_signals_t)1u << 26)
#define ZX_USER_SIGNAL_3		((zx_signals_t)1u << 27)
#define ZX_USER_SIGNAL_4		((zx_signals_t)1u << 28)
#define ZX_USER_SIGNAL_5		((zx_signals_t)1u << 29)
#define ZX_USER_SIGNAL_6		((zx_signals_t)1u << 30)
#define ZX_USER_SIGNAL_7		((zx_signals_t)1u << 31)

/* Reported to a waiter whose handle was closed under it. */
#define ZX_SIGNAL_HANDLE_CLOSED		__ZX_OBJECT_HANDLE_CLOSED

/* Event. */
#define ZX_EVENT_SIGNALED		__ZX_OBJECT_SIGNALED
#define ZX_EVENT_SIGNAL_MASK		(ZX_USER_SIGNAL_ALL | __ZX_OBJECT_SIGNALED)

/* Event pair. */
#define ZX_EVENTPAIR_SIGNALED		__ZX_OBJECT_SIGNALED
#define ZX_EVENTPAIR_PEER_CLOSED	__ZX_OBJECT_PEER_CLOSED
#define ZX_EVENTPAIR_SIGNAL_MASK \
	(ZX_USER_SIGNAL_ALL | __ZX_OBJECT_SIGNALED | __ZX_OBJECT_PEER_CLOSED)

/* Channel. */
#define ZX_CHANNEL_READABLE		__ZX_OBJECT_READABLE
#define ZX_CHANNEL_WRITABLE		__ZX_OBJECT_WRITABLE
#define ZX_CHANNEL_PEER_CLOSED		__ZX_OBJECT_PEER_CLOSED

/* Clock object. */
#define ZX_CLOCK_STARTED		__ZX_OBJECT_SIGNAL_4
#define ZX_CLOCK_UPDATED		__ZX_OBJECT_SIGNAL_5

/* Socket. */
#define ZX_SOCKET_READABLE		__ZX_OBJECT_READABLE
#define ZX_SOCKET_WRITABLE		__ZX_OBJECT_WRITABLE
#define ZX_SOCKET_PEER_CLOSED		__ZX_OBJECT_PEER_CLOSED
#define ZX_SOCKET_PEER_WRITE_DISABLED	__ZX_OBJECT_SIGNAL_4
#define ZX_SOCKET_WRITE_DISABLED	__ZX_OBJECT_SIGNAL_5
#define ZX_SOCKET_READ_THRESHOLD	__ZX_OBJECT_SIGNAL_10
#define ZX_SOCKET_WRITE_THRESHOLD	__ZX_OBJECT_SIGNAL_11

/* FIFO. */
#define ZX_FIFO_READABLE		__ZX_OBJECT_READABLE
#define ZX_FIFO_WRITABLE		__ZX_OBJECT_WRITABLE
#define ZX_FIFO_PEER_CLOSED		__ZX_OBJECT_PEER_CLOSED

/* Tasks: job, process, thread. */
#define ZX_TASK_TERMINATED		__ZX_OBJECT_SIGNALED
#define ZX_JOB_TERMINATED		__ZX_OBJECT_SIGNALED
#define ZX_JOB_NO_JOBS			__ZX_OBJECT_SIGNAL_4
#define ZX_JOB_NO_PROCESSES		__ZX_OBJECT_SIGNAL_5
#define ZX_PROCESS_TERMINATED		__ZX_OBJECT_SIGNALED
#define ZX_THREAD_TERMINATED		__ZX_OBJECT_SIGNALED
#define ZX_THREAD_RUNNING		__ZX_OBJECT_SIGNAL_4
#define ZX_THREAD_SUSPENDED		__ZX_OBJECT_SIGNAL_5

/* Debug log. */
#define ZX_LOG_READABLE			__ZX_OBJECT_READABLE
#define ZX_LOG_WRITABLE			__ZX_OBJECT_WRITABLE

/* Timer. */
#define ZX_TIMER_SIGNALED		__ZX_OBJECT_SIGNALED

/* VMO. */
#define ZX_VMO_ZERO_CHILDREN		__ZX_OBJECT_SIGNALED

/* I/O buffer. */
#define ZX_IOB_PEER_CLOSED		__ZX_OBJECT_PEER_CLOSED

/* Counter. */
#define ZX_COUNTER_SIGNALED		__ZX_OBJECT_SIGNALED
#define ZX_COUNTER_POSITIVE		__ZX_OBJECT_SIGNAL_4
#define ZX_COUNTER_NON_POSITIVE		__ZX_OBJECT_SIGNAL_5

/* Virtual interrupt. */
#define ZX_VIRTUAL_INTERRUPT_UNTRIGGERED __ZX_OBJECT_SIGNAL_4

/* ---- VMOs ---- */

/* zx_vmo_create() options. */
#define ZX_VMO_RESIZABLE		((__u32)1u << 1)
#define ZX_VMO_DISCARDABLE		((__u32)1u << 2)
#define ZX_VMO_TRAP_DIRTY		((__u32)1u << 3)
#define ZX_VMO_UNBOUNDED		((__u32)1u << 4)

/* zx_vmo_op_range() operations (5 is retired). */
#define ZX_VMO_OP_COMMIT		((__u32)1u)
#define ZX_VMO_OP_DECOMMIT		((__u32)2u)
#define ZX_VMO_OP_LOCK			((__u32)3u)
#define ZX_VMO_OP_UNLOCK		((__u32)4u)
#define ZX_VMO_OP_CACHE_SYNC		((__u32)6u)
#define ZX_VMO_OP_CACHE_INVALIDATE	((__u32)7u)
#define ZX_VMO_OP_CACHE_CLEAN		((__u32)8u)
#define ZX_VMO_OP_CACHE_CLEAN_INVALIDATE ((__u32)9u)
#define ZX_VMO_OP_ZERO			((__u32)10u)
#define ZX_VMO_OP_TRY_LOCK		((__u32)11u)
#define ZX_VMO_OP_DONT_NEED		((__u32)12u)
#define ZX_VMO_OP_ALWAYS_NEED		((__u32)13u)
#define ZX_VMO_OP_PREFETCH		((__u32)14u)

/* zx_vmo_create_child() options. */
#define ZX_VMO_CHILD_SNAPSHOT		((__u32)1u << 0)
#define ZX_VMO_CHILD_RESIZABLE		((__u32)1u << 2)
#define ZX_VMO_CHILD_SLICE		((__u32)1u << 3)
#define ZX_VMO_CHILD_SNAPSHOT_AT_LEAST_ON_WRITE ((__u32)1u << 4)
#define ZX_VMO_CHILD_NO_WRITE		((__u32)1u << 5)
#define ZX_VMO_CHILD_REFERENCE		((__u32)1u << 6)
#define ZX_VMO_CHILD_SNAPSHOT_MODIFIED	((__u32)1u << 7)

/* ---- VMARs ---- */

/* Options of zx_vmar_map(), zx_vmar_allocate() and zx_vmar_protect(). */
typedef __u32 zx_vm_option_t;
#define ZX_VM_PERM_READ			((zx_vm_option_t)(1u << 0))
#define ZX_VM_PERM_WRITE		((zx_vm_option_t)(1u << 1))
#define ZX_VM_PERM_EXECUTE		((zx_vm_option_t)(1u << 2))
#define ZX_VM_COMPACT			((zx_vm_option_t)(1u << 3))
#define ZX_VM_SPECIFIC			((zx_vm_option_t)(1u << 4))
#define ZX_VM_SPECIFIC_OVERWRITE	((zx_vm_option_t)(1u << 5))
#define ZX_VM_CAN_MAP_SPECIFIC		((zx_vm_option_t)(1u << 6))
#define ZX_VM_CAN_MAP_READ		((zx_vm_option_t)(1u << 7))
#define ZX_VM_CAN_MAP_WRITE		((zx_vm_option_t)(1u << 8))
#define ZX_VM_CAN_MAP_EXECUTE		((zx_vm_option_t)(1u << 9))
#define ZX_VM_MAP_RANGE			((zx_vm_option_t)(1u << 10))
#define ZX_VM_REQUIRE_NON_RESIZABLE	((zx_vm_option_t)(1u << 11))
#define ZX_VM_ALLOW_FAULTS		((zx_vm_option_t)(1u << 12))
#define ZX_VM_OFFSET_IS_UPPER_LIMIT	((zx_vm_option_t)(1u << 13))
#define ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED ((zx_vm_option_t)(1u << 14))
#define ZX_VM_FAULT_BEYOND_STREAM_SIZE	((zx_vm_option_t)(1u << 15))

/* Alignment requests: log2 of the alignment in bits 24 and up. */
#define ZX_VM_ALIGN_BASE		24
#define ZX_VM_ALIGN_1KB			((zx_vm_option_t)(10u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_2KB			((zx_vm_option_t)(11u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_4KB			((zx_vm_option_t)(12u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_8KB			((zx_vm_option_t)(13u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_16KB		((zx_vm_option_t)(14u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_32KB		((zx_vm_option_t)(15u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_64KB		((zx_vm_option_t)(16u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_128KB		((zx_vm_option_t)(17u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_256KB		((zx_vm_option_t)(18u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_512KB		((zx_vm_option_t)(19u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_1MB			((zx_vm_option_t)(20u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_2MB			((zx_vm_option_t)(21u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_4MB			((zx_vm_option_t)(22u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_8MB			((zx_vm_option_t)(23u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_16MB		((zx_vm_option_t)(24u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_32MB		((zx_vm_option_t)(25u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_64MB		((zx_vm_option_t)(26u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_128MB		((zx_vm_option_t)(27u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_256MB		((zx_vm_option_t)(28u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_512MB		((zx_vm_option_t)(29u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_1GB			((zx_vm_option_t)(30u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_2GB			((zx_vm_option_t)(31u << ZX_VM_ALIGN_BASE))
#define ZX_VM_ALIGN_4GB			((zx_vm_option_t)(32u << ZX_VM_ALIGN_BASE))

/* ---- Channels ---- */

/* zx_channel_read() option. */
#define ZX_CHANNEL_READ_MAY_DISCARD	((__u32)1u)
/* zx_channel_write() option: the bytes are an array of zx_channel_iovec_t. */
#define ZX_CHANNEL_WRITE_USE_IOVEC	((__u32)2u)

#define ZX_CHANNEL_MAX_MSG_BYTES	((__u32)65536u)
#define ZX_CHANNEL_MAX_MSG_HANDLES	((__u32)64u)
#define ZX_CHANNEL_MAX_MSG_IOVECS	((__u32)8192u)

/* ---- Cache policies ---- */

#define ZX_CACHE_POLICY_CACHED		((__u32)0u)
#define ZX_CACHE_POLICY_UNCACHED	((__u32)1u)
#define ZX_CACHE_POLICY_UNCACHED_DEVICE	((__u32)2u)
#define ZX_CACHE_POLICY_WRITE_COMBINING	((__u32)3u)
#define ZX_CACHE_POLICY_MASK		((__u32)3u)

/* ---- Object types ---- */

typedef __u32 zx_obj_type_t;

#define ZX_OBJ_TYPE_NONE		((zx_obj_type_t)0u)
#define ZX_OBJ_TYPE_PROCESS		((zx_obj_type_t)1u)
#define ZX_OBJ_TYPE_THREAD		((zx_obj_type_t)2u)
#define ZX_OBJ_TYPE_VMO			((zx_obj_type_t)3u)
#define ZX_OBJ_TYPE_CHANNEL		((zx_obj_type_t)4u)
#define ZX_OBJ_TYPE_EVENT		((zx_obj_type_t)5u)
#define ZX_OBJ_TYPE_PORT		((zx_obj_type_t)6u)
#define ZX_OBJ_TYPE_INTERRUPT		((zx_obj_type_t)9u)
#define ZX_OBJ_TYPE_PCI_DEVICE		((zx_obj_type_t)11u)
#define ZX_OBJ_TYPE_DEBUGLOG		((zx_obj_type_t)12u)
#define ZX_OBJ_TYPE_SOCKET		((zx_obj_type_t)14u)
#define ZX_OBJ_TYPE_RESOURCE		((zx_obj_type_t)15u)
#define ZX_OBJ_TYPE_EVENTPAIR		((zx_obj_type_t)16u)
#define ZX_OBJ_TYPE_JOB			((zx_obj_type_t)17u)
#define ZX_OBJ_TYPE_VMAR		((zx_obj_type_t)18u)
#define ZX_OBJ_TYPE_FIFO		((zx_obj_type_t)19u)
#define ZX_OBJ_TYPE_GUEST		((zx_obj_type_t)20u)
#define ZX_OBJ_TYPE_VCPU		((zx_obj_type_t)21u)
#define ZX_OBJ_TYPE_TIMER		((zx_obj_type_t)22u)
#define ZX_OBJ_TYPE_IOMMU		((zx_obj_type_t)23u)
#define ZX_OBJ_TYPE_BTI			((zx_obj_type_t)24u)
#define ZX_OBJ_TYPE_PROFILE		((zx_obj_type_t)25u)
#define ZX_OBJ_TYPE_PMT			((zx_obj_type_t)26u)
#define ZX_OBJ_TYPE_SUSPEND_TOKEN	((zx_obj_type_t)27u)
#define ZX_OBJ_TYPE_PAGER		((zx_obj_type_t)28u)
#define ZX_OBJ_TYPE_EXCEPTION		((zx_obj_type_t)29u)
#define ZX_OBJ_TYPE_CLOCK		((zx_obj_type_t)30u)
#define ZX_OBJ_TYPE_STREAM		((zx_obj_type_t)31u)
#define ZX_OBJ_TYPE_MSI			((zx_obj_type_t)32u)
#define ZX_OBJ_TYPE_IOB			((zx_obj_type_t)33u)
#define ZX_OBJ_TYPE_COUNTER		((zx_obj_type_t)34u)
#define ZX_OBJ_TYPE_IOB_SHARED_REGION	((zx_obj_type_t)35u)
#define ZX_OBJ_TYPE_SAMPLER		((zx_obj_type_t)36u)

/* Older name of the debug log type. */
#define ZX_OBJ_TYPE_LOG			ZX_OBJ_TYPE_DEBUGLOG

/* Object types are promised to stay below 64 (see handle stats). */
#define ZX_OBJ_TYPE_UPPER_BOUND		((zx_obj_type_t)64u)

/* ---- Handles in channel messages ---- */

typedef __u32 zx_handle_op_t;
#define ZX_HANDLE_OP_MOVE		((zx_handle_op_t)0u)
#define ZX_HANDLE_OP_DUPLICATE		((zx_handle_op_t)1u)

/* Transaction id: the first four bytes of a zx_channel_call() message. */
typedef __u32 zx_txid_t;

/* ---- Info topics and properties ---- */

typedef __u32 zx_object_info_topic_t;

/*
 * A topic whose record has changed carries a version in its top four bits;
 * the plain name is always the newest version.
 */
#define __ZX_INFO_TOPIC(t, v) \
	((zx_object_info_topic_t)((t) | ((v) << 28)))

#define ZX_INFO_NONE			((zx_object_info_topic_t)0u)
#define ZX_INFO_HANDLE_VALID		((zx_object_info_topic_t)1u)
#define ZX_INFO_HANDLE_BASIC		((zx_object_info_topic_t)2u)
#define ZX_INFO_PROCESS			__ZX_INFO_TOPIC(3u, 1u)
#define ZX_INFO_PROCESS_THREADS		((zx_object_info_topic_t)4u)
#define ZX_INFO_VMAR			((zx_object_info_topic_t)7u)
#define ZX_INFO_JOB_CHILDREN		((zx_object_info_topic_t)8u)
#define ZX_INFO_JOB_PROCESSES		((zx_object_info_topic_t)9u)
#define ZX_INFO_THREAD			((zx_object_info_topic_t)10u)
#define ZX_INFO_THREAD_EXCEPTION_REPORT_V1 __ZX_INFO_TOPIC(11u, 0u)
#define ZX_INFO_THREAD_EXCEPTION_REPORT	__ZX_INFO_TOPIC(11u, 1u)
#define ZX_INFO_TASK_STATS_V1		__ZX_INFO_TOPIC(12u, 0u)
#define ZX_INFO_TASK_STATS		__ZX_INFO_TOPIC(12u, 1u)
#define ZX_INFO_PROCESS_MAPS_V1		__ZX_INFO_TOPIC(13u, 0u)
#define ZX_INFO_PROCESS_MAPS_V2		__ZX_INFO_TOPIC(13u, 1u)
#define ZX_INFO_PROCESS_MAPS		__ZX_INFO_TOPIC(13u, 2u)
#define ZX_INFO_PROCESS_VMOS_V1		__ZX_INFO_TOPIC(14u, 0u)
#define ZX_INFO_PROCESS_VMOS_V2		__ZX_INFO_TOPIC(14u, 1u)
#define ZX_INFO_PROCESS_VMOS_V3		__ZX_INFO_TOPIC(14u, 2u)
#define ZX_INFO_PROCESS_VMOS		__ZX_INFO_TOPIC(14u, 3u)
#define ZX_INFO_THREAD_STATS		((zx_object_info_topic_t)15u)
#define ZX_INFO_CPU_STATS		((zx_object_info_topic_t)16u)
#define ZX_INFO_KMEM_STATS_V1		__ZX_INFO_TOPIC(17u, 0u)
#define ZX_INFO_KMEM_STATS		__ZX_INFO_TOPIC(17u, 1u)
#define ZX_INFO_RESOURCE		((zx_object_info_topic_t)18u)
#define ZX_INFO_HANDLE_COUNT		((zx_object_info_topic_t)19u)
#define ZX_INFO_BTI			((zx_object_info_topic_t)20u)
#define ZX_INFO_PROCESS_HANDLE_STATS	((zx_object_info_topic_t)21u)
#define ZX_INFO_SOCKET			((zx_object_info_topic_t)22u)
#define ZX_INFO_VMO_V1			__ZX_INFO_TOPIC(23u, 0u)
#define ZX_INFO_VMO_V2			__ZX_INFO_TOPIC(23u, 1u)
#define ZX_INFO_VMO_V3			__ZX_INFO_TOPIC(23u, 2u)
#define ZX_INFO_VMO			__ZX_INFO_TOPIC(23u, 3u)
#define ZX_INFO_JOB			((zx_object_info_topic_t)24u)
#define ZX_INFO_TIMER			((zx_object_info_topic_t)25u)
#define ZX_INFO_STREAM			((zx_object_info_topic_t)26u)
#define ZX_INFO_HANDLE_TABLE		((zx_object_info_topic_t)27u)
#define ZX_INFO_MSI			((zx_object_info_topic_t)28u)
#define ZX_INFO_GUEST_STATS		((zx_object_info_topic_t)29u)
#define ZX_INFO_TASK_RUNTIME_V1		__ZX_INFO_TOPIC(30u, 0u)
#define ZX_INFO_TASK_RUNTIME		__ZX_INFO_TOPIC(30u, 1u)
#define ZX_INFO_KMEM_STATS_EXTENDED	((zx_object_info_topic_t)31u)
#define ZX_INFO_VCPU			((zx_object_info_topic_t)32u)
#define ZX_INFO_KMEM_STATS_COMPRESSION	((zx_object_info_topic_t)33u)
#define ZX_INFO_IOB			((zx_object_info_topic_t)34u)
#define ZX_INFO_IOB_REGIONS		((zx_object_info_topic_t)35u)
#define ZX_INFO_VMAR_MAPS		((zx_object_info_topic_t)36u)
#define ZX_INFO_POWER_DOMAINS		((zx_object_info_topic_t)37u)
#define ZX_INFO_MEMORY_STALL		((zx_object_info_topic_t)38u)
#define ZX_INFO_INTERRUPT		((zx_object_info_topic_t)39u)
#define ZX_INFO_CLOCK_MAPPED_SIZE	((zx_object_info_topic_t)40u)

typedef __u32 zx_obj_props_t;
#define ZX_OBJ_PROP_NONE		((zx_obj_props_t)0u)
#define ZX_OBJ_PROP_WAITABLE		((zx_obj_props_t)1u)

/* Bits of zx_info_vmo_t.flags. */
#define ZX_INFO_VMO_TYPE_PAGED		(1u << 0)
#define ZX_INFO_VMO_TYPE_PHYSICAL	(0u << 0)
#define ZX_INFO_VMO_TYPE(flags)		((flags) & (1u << 0))
#define ZX_INFO_VMO_RESIZABLE		(1u << 1)
#define ZX_INFO_VMO_IS_COW_CLONE	(1u << 2)
#define ZX_INFO_VMO_VIA_HANDLE		(1u << 3)
#define ZX_INFO_VMO_VIA_MAPPING		(1u << 4)
#define ZX_INFO_VMO_PAGER_BACKED	(1u << 5)
#define ZX_INFO_VMO_CONTIGUOUS		(1u << 6)
#define ZX_INFO_VMO_DISCARDABLE		(1u << 7)
#define ZX_INFO_VMO_IMMUTABLE		(1u << 8)
#define ZX_INFO_VMO_VIA_IOB_HANDLE	(1u << 9)

/* Properties the module implements (zx_object_get/set_property()). */
#define ZX_PROP_NAME			((__u32)3u)
#define ZX_PROP_VMO_CONTENT_SIZE	17u
#define ZX_PROP_STREAM_MODE_APPEND	19u	/* a uint8_t */
/* A size_t; the ABI carries it as a __u64. */
#define ZX_PROP_SOCKET_RX_THRESHOLD	12u
#define ZX_PROP_SOCKET_TX_THRESHOLD	13u

/*
 * Values whose Fuchsia spelling has a 64-bit or size_t type: the kernel's
 * __u64 and libc's uint64_t are different C types, so these have names of
 * their own.  libzx keeps Fuchsia's spellings and asserts they agree; the
 * module defines the Fuchsia names from these.
 */
#define ZX_ABI_MAX_NAME_LEN		32u
#define ZX_ABI_TIME_INFINITE		0x7fffffffffffffffLL
#define ZX_ABI_KOID_INVALID		0ULL

/* ---- Ports, asynchronous waits, timers, wait_many ---- */

/*
 * <zircon/...> gives these Fuchsia's names with Fuchsia's types
 * (ZX_CLOCK_MONOTONIC, ZX_TIMER_SLACK_*, ZX_WAIT_MANY_MAX_ITEMS,
 * ZX_PKT_TYPE_*, ZX_WAIT_ASYNC_*, ZX_PORT_BIND_TO_INTERRUPT).
 */
#define ZX_ABI_CLOCK_MONOTONIC		0u
#define ZX_ABI_CLOCK_BOOT		1u
/* zx_socket_create() options, zx_socket_read() option, dispositions. */
#define ZX_ABI_SOCKET_STREAM		0u
#define ZX_ABI_SOCKET_DATAGRAM		(1u << 0)
#define ZX_ABI_SOCKET_PEEK		(1u << 3)
#define ZX_ABI_SOCKET_DISPOSITION_WRITE_DISABLED (1u << 0)
#define ZX_ABI_SOCKET_DISPOSITION_WRITE_ENABLED (1u << 1)

#define ZX_ABI_TIMER_SLACK_CENTER	0u
#define ZX_ABI_TIMER_SLACK_EARLY	1u
#define ZX_ABI_TIMER_SLACK_LATE		2u
#define ZX_ABI_WAIT_MANY_MAX_ITEMS	64u
#define ZX_ABI_PKT_TYPE_USER		0x00u
#define ZX_ABI_PKT_TYPE_SIGNAL_ONE	0x01u
#define ZX_ABI_WAIT_ASYNC_TIMESTAMP	1u
#define ZX_ABI_WAIT_ASYNC_EDGE		2u
#define ZX_ABI_WAIT_ASYNC_BOOT_TIMESTAMP 4u
#define ZX_ABI_PORT_BIND_TO_INTERRUPT	1u

/* zx_wait_item_t: one handle of zx_object_wait_many(). */
struct zx_abi_wait_item {
	__u32 handle;
	__u32 waitfor;
	__u32 pending;		/* out */
};

/* zx_packet_signal_t: the payload of a ZX_PKT_TYPE_SIGNAL_ONE packet. */
struct zx_abi_packet_signal {
	__u32 trigger;
	__u32 observed;
	__u64 count;
	__s64 timestamp;
	__u64 reserved1;
};

/* zx_port_packet_t: 48 bytes, whatever the caller's word size. */
struct zx_abi_port_packet {
	__u64 key;
	__u32 type;		/* ZX_PKT_TYPE_* */
	__s32 status;
	union {
		__u8 c8[32];	/* ZX_PKT_TYPE_USER: kept byte for byte */
		__u64 u64[4];
		struct zx_abi_packet_signal signal;
	};
};

/*
 * ZX_INFO_SOCKET: zx_info_socket_t; Fuchsia's size_t fields are written
 * 64 bits wide (the 64-bit layout, like ZX_INFO_VMO).
 */
struct zx_abi_info_socket {
	__u32 options;		/* ZX_SOCKET_STREAM or ZX_SOCKET_DATAGRAM */
	__u8 padding1[4];
	__u64 rx_buf_max;
	__u64 rx_buf_size;
	__u64 rx_buf_available;	/* datagram: the first datagram's size */
	__u64 tx_buf_max;	/* 0 once the peer is closed */
	__u64 tx_buf_size;
};

/* ZX_INFO_TIMER: zx_info_timer_t. */
struct zx_abi_info_timer {
	__u32 options;		/* ZX_TIMER_SLACK_* */
	__u32 clock_id;		/* ZX_CLOCK_* */
	__s64 deadline;		/* 0 when not armed */
	__s64 slack;
};

/* ---- Streams ---- */

/*
 * <zircon/types.h> gives these Fuchsia's names (ZX_STREAM_MODE_*,
 * ZX_STREAM_APPEND, ZX_STREAM_SEEK_ORIGIN_*).
 */
#define ZX_ABI_STREAM_MODE_READ		(1u << 0)
#define ZX_ABI_STREAM_MODE_WRITE	(1u << 1)
#define ZX_ABI_STREAM_MODE_APPEND	(1u << 2)
#define ZX_ABI_STREAM_APPEND		(1u << 0)
#define ZX_ABI_STREAM_SEEK_ORIGIN_START	0u
#define ZX_ABI_STREAM_SEEK_ORIGIN_CURRENT 1u
#define ZX_ABI_STREAM_SEEK_ORIGIN_END	2u

/* zx_iovec_t of a caller with 8-byte pointers (word_size 8). */
struct zx_abi_iovec {
	__u64 buffer;
	__u64 capacity;
};

/* zx_iovec_t of a caller with 4-byte pointers (word_size 4). */
struct zx_abi_iovec32 {
	__u32 buffer;
	__u32 capacity;
};

/* ZX_INFO_STREAM: zx_info_stream_t. */
struct zx_abi_info_stream {
	__u32 options;		/* ZX_STREAM_MODE_* */
	__u8 padding1[4];
	__u64 seek;
	__u64 content_size;
};

/* ---- Processes, threads and jobs ---- */

/* ZX_INFO_PROCESS: zx_info_process_t (ZX_INFO_PROCESS_FLAG_* in flags). */
struct zx_abi_info_process {
	__s64 return_code;
	__s64 start_time;	/* ZX_CLOCK_MONOTONIC */
	__u32 flags;
	__u8 padding1[4];
};

/* ZX_INFO_JOB: zx_info_job_t. */
struct zx_abi_info_job {
	__s64 return_code;
	__u8 exited;
	__u8 kill_on_oom;
	__u8 debugger_attached;
	__u8 padding1[5];
};

/* ZX_INFO_THREAD: zx_info_thread_t (ZX_THREAD_STATE_* in state). */
struct zx_abi_info_thread {
	__u32 state;
	__u32 wait_exception_channel_type;
	__u64 cpu_affinity_mask[8];	/* zx_cpu_set_t */
};

/* ---- The descriptor bridge ---- */

/* zx_linux_handle_to_fd() option: the new descriptor gets FD_CLOEXEC. */
#define ZX_LINUX_FD_CLOEXEC		((__u32)1u)

/* ---- Records in channel messages ---- */

/* zx_handle_info_t: a received handle (zx_channel_read_etc()). */
struct zx_abi_handle_info {
	__u32 handle;
	__u32 type;		/* ZX_OBJ_TYPE_* */
	__u32 rights;
	__u32 unused;
};

/* zx_handle_disposition_t: a handle to send (zx_channel_write_etc()). */
struct zx_abi_handle_disposition {
	__u32 operation;	/* ZX_HANDLE_OP_* */
	__u32 handle;
	__u32 type;		/* ZX_OBJ_TYPE_*, or ZX_OBJ_TYPE_NONE */
	__u32 rights;		/* or ZX_RIGHT_SAME_RIGHTS */
	__s32 result;		/* out: this handle's status */
};

/* zx_channel_iovec_t of a caller with 8-byte pointers (word_size 8). */
struct zx_abi_channel_iovec {
	__u64 buffer;		/* user pointer */
	__u32 capacity;
	__u32 reserved;		/* must be 0 */
};

/* zx_channel_iovec_t of a caller with 4-byte pointers (word_size 4). */
struct zx_abi_channel_iovec32 {
	__u32 buffer;
	__u32 capacity;
	__u32 reserved;
};

/*
 * zx_channel_call_args_t and zx_channel_call_etc_args_t (the etc form
 * points wr_handles at dispositions and rd_handles at handle infos).
 */
struct zx_abi_channel_call_args {
	__u64 wr_bytes;		/* user pointers */
	__u64 wr_handles;
	__u64 rd_bytes;
	__u64 rd_handles;
	__u32 wr_num_bytes;
	__u32 wr_num_handles;
	__u32 rd_num_bytes;
	__u32 rd_num_handles;
};

struct zx_abi_channel_call_args32 {
	__u32 wr_bytes;
	__u32 wr_handles;
	__u32 rd_bytes;
	__u32 rd_handles;
	__u32 wr_num_bytes;
	__u32 wr_num_handles;
	__u32 rd_num_bytes;
	__u32 rd_num_handles;
};

/* ---- zx_object_get_info() records the module writes ---- */

/* ZX_INFO_HANDLE_BASIC: zx_info_handle_basic_t. */
struct zx_abi_info_handle_basic {
	__u64 koid;
	__u32 rights;
	__u32 type;		/* ZX_OBJ_TYPE_* */
	__u64 related_koid;
	__u32 props;		/* Fuchsia: union of reserved and props */
	__u8 padding1[4];
};

/* ZX_INFO_HANDLE_COUNT: zx_info_handle_count_t. */
struct zx_abi_info_handle_count {
	__u32 handle_count;
};

/* ZX_INFO_PROCESS_HANDLE_STATS: zx_info_process_handle_stats_t. */
struct zx_abi_info_process_handle_stats {
	__u32 handle_count[ZX_OBJ_TYPE_UPPER_BOUND];
};

/*
 * ZX_INFO_TASK_STATS (version 2): zx_info_task_stats_t; Fuchsia's first
 * four fields are size_t.  Version 1 (ZX_INFO_TASK_STATS_V1) is the
 * prefix without mem_fractional_scaled_shared_bytes.
 */
struct zx_abi_info_task_stats {
	__u64 mem_mapped_bytes;
	__u64 mem_private_bytes;
	__u64 mem_shared_bytes;
	__u64 mem_scaled_shared_bytes;
	__u64 mem_fractional_scaled_shared_bytes;
};

/* ZX_INFO_THREAD_STATS: zx_info_thread_stats_t. */
struct zx_abi_info_thread_stats {
	__s64 total_runtime;		/* zx_duration_t, ns */
	__u32 last_scheduled_cpu;	/* or ZX_INFO_INVALID_CPU */
	__u8 padding1[4];
};

/* ZX_INFO_VMAR: zx_info_vmar_t (Fuchsia: uintptr_t base, size_t len). */
struct zx_abi_info_vmar {
	__u64 base;
	__u64 len;
};

/*
 * ZX_INFO_PROCESS_MAPS and ZX_INFO_VMAR_MAPS (version 3): zx_info_maps_t,
 * a node of the address space tree in depth-first pre-order.  Fuchsia's
 * base is a zx_vaddr_t, size and depth are size_t.  Versions 1 and 2
 * (ZX_INFO_PROCESS_MAPS_V1, _V2) have committed_pages (and, in 2,
 * populated_pages) in place of the byte counts: 96 and 104 bytes.
 */
#define ZX_INFO_MAPS_TYPE_NONE		0u
#define ZX_INFO_MAPS_TYPE_ASPACE	1u
#define ZX_INFO_MAPS_TYPE_VMAR		2u
#define ZX_INFO_MAPS_TYPE_MAPPING	3u

struct zx_abi_info_maps_mapping {
	__u32 mmu_flags;		/* ZX_VM_PERM_* */
	__u8 padding1[4];
	__u64 vmo_koid;
	__u64 vmo_offset;
	__u64 committed_bytes;
	__u64 populated_bytes;
	__u64 committed_private_bytes;
	__u64 populated_private_bytes;
	__u64 committed_scaled_bytes;
	__u64 populated_scaled_bytes;
	__u64 committed_fractional_scaled_bytes;
	__u64 populated_fractional_scaled_bytes;
};

struct zx_abi_info_maps_mapping_v2 {
	__u32 mmu_flags;
	__u8 padding1[4];
	__u64 vmo_koid;
	__u64 vmo_offset;
	__u64 committed_pages;
	__u64 populated_pages;		/* not in version 1 */
};

struct zx_abi_info_maps {
	char name[ZX_ABI_MAX_NAME_LEN];
	__u64 base;
	__u64 size;
	__u64 depth;
	__u32 type;			/* ZX_INFO_MAPS_TYPE_* */
	__u8 padding1[4];
	union {
		struct zx_abi_info_maps_mapping mapping;
	} u;
};

struct zx_abi_info_maps_v2 {
	char name[ZX_ABI_MAX_NAME_LEN];
	__u64 base;
	__u64 size;
	__u64 depth;
	__u32 type;
	__u8 padding1[4];
	union {
		struct zx_abi_info_maps_mapping_v2 mapping;
	} u;
};

/*
 * ZX_INFO_VMO (version 4): zx_info_vmo_t; Fuchsia's num_children,
 * num_mappings and share_count are size_t.  Versions 1 to 3 are prefixes
 * of it, ending after cache_policy, committed_change_events and
 * populated_bytes.
 */
struct zx_abi_info_vmo {
	__u64 koid;
	char name[ZX_ABI_MAX_NAME_LEN];
	__u64 size_bytes;
	__u64 parent_koid;
	__u64 num_children;
	__u64 num_mappings;
	__u64 share_count;
	__u32 flags;		/* ZX_INFO_VMO_* */
	__u8 padding1[4];
	__u64 committed_bytes;
	__u32 handle_rights;
	__u32 cache_policy;	/* ZX_CACHE_POLICY_* */
	__u64 metadata_bytes;
	__u64 committed_change_events;
	__u64 populated_bytes;
	__u64 committed_private_bytes;
	__u64 populated_private_bytes;
	__u64 committed_scaled_bytes;
	__u64 populated_scaled_bytes;
	__u64 committed_fractional_scaled_bytes;
	__u64 populated_fractional_scaled_bytes;
};

#ifdef __cplusplus
}
#endif

#endif /* _UAPI_LINUX_ZIRCON_TYPES_H */
