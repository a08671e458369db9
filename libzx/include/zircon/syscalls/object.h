/* SPDX-License-Identifier: MIT */
/*
 * zx_object_get_info() topics and the records they return, and the
 * property ids of zx_object_get_property() / zx_object_set_property().
 * Topic numbers and record layouts are Zircon's.
 *
 * Also used by the kernel module (see <zircon/types.h>).
 */
#ifndef ZIRCON_SYSCALLS_OBJECT_H_
#define ZIRCON_SYSCALLS_OBJECT_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Info topics ---- */

/* Return codes of a task that was killed rather than exiting. */
#define ZX_TASK_RETCODE_SYSCALL_KILL	((int64_t)-1024)
#define ZX_TASK_RETCODE_OOM_KILL	((int64_t)-1025)
#define ZX_TASK_RETCODE_POLICY_KILL	((int64_t)-1026)
#define ZX_TASK_RETCODE_VDSO_KILL	((int64_t)-1027)
#define ZX_TASK_RETCODE_EXCEPTION_KILL	((int64_t)-1028)
#define ZX_TASK_RETCODE_CRITICAL_PROCESS_KILL ((int64_t)-1029)

/* "No CPU" in the CPU fields of the records below. */
#define ZX_INFO_INVALID_CPU		((uint32_t)0xFFFFFFFFu)

/* ---- ZX_INFO_HANDLE_BASIC, _HANDLE_TABLE, _HANDLE_COUNT ---- */

/*
 * Older Zircon reported in zx_info_handle_basic_t whether the object can
 * be waited on; the field is now reserved.  Both spellings are accepted.
 */
typedef struct zx_info_handle_basic {
	zx_koid_t koid;		/* the object */
	zx_rights_t rights;	/* this handle's rights */
	zx_obj_type_t type;
	zx_koid_t related_koid;	/* peer, parent or similar; else 0 */
	__extension__ union {
		uint32_t reserved;
		zx_obj_props_t props;
	};
	uint8_t padding1[4];
} zx_info_handle_basic_t;

typedef struct zx_info_handle_extended {
	zx_obj_type_t type;
	zx_handle_t handle_value;	/* valid in the inspected process */
	zx_rights_t rights;
	uint32_t reserved;
	zx_koid_t koid;
	zx_koid_t related_koid;
	zx_koid_t peer_owner_koid;	/* not implemented: 0 */
} zx_info_handle_extended_t;

typedef struct zx_info_handle_count {
	uint32_t handle_count;	/* handles to the object, for debugging */
} zx_info_handle_count_t;

/* ---- ZX_INFO_PROCESS_HANDLE_STATS ---- */

typedef struct zx_info_process_handle_stats {
	uint32_t handle_count[ZX_OBJ_TYPE_UPPER_BOUND];	/* by object type */
} zx_info_process_handle_stats_t;

/* ---- ZX_INFO_TASK_STATS, ZX_INFO_THREAD_STATS ---- */

/*
 * mem_fractional_scaled_shared_bytes is UINT64_MAX ("legacy attribution")
 * here: see Documentation/zircon.rst for what Linux can report.
 */
typedef struct zx_info_task_stats {
	size_t mem_mapped_bytes;
	size_t mem_private_bytes;
	size_t mem_shared_bytes;
	size_t mem_scaled_shared_bytes;
	uint64_t mem_fractional_scaled_shared_bytes;
} zx_info_task_stats_t;

typedef struct zx_info_thread_stats {
	zx_duration_t total_runtime;
	uint32_t last_scheduled_cpu;	/* or ZX_INFO_INVALID_CPU */
	uint8_t padding1[4];
} zx_info_thread_stats_t;

/* ---- ZX_INFO_PROCESS, ZX_INFO_JOB ---- */

typedef uint32_t zx_info_process_flags_t;
#define ZX_INFO_PROCESS_FLAG_STARTED	((zx_info_process_flags_t)(1u << 0))
#define ZX_INFO_PROCESS_FLAG_EXITED	((zx_info_process_flags_t)(1u << 1))
#define ZX_INFO_PROCESS_FLAG_DEBUGGER_ATTACHED \
	((zx_info_process_flags_t)(1u << 2))

typedef struct zx_info_process {
	int64_t return_code;		/* valid once EXITED */
	zx_instant_mono_t start_time;	/* valid once STARTED */
	zx_info_process_flags_t flags;
	uint8_t padding1[4];
} zx_info_process_t;

typedef struct zx_info_job {
	int64_t return_code;
	bool exited;
	bool kill_on_oom;
	bool debugger_attached;
	uint8_t padding1[5];
} zx_info_job_t;

/* ---- ZX_INFO_VMAR ---- */

typedef struct zx_info_vmar {
	uintptr_t base;
	size_t len;
} zx_info_vmar_t;

/* ---- ZX_INFO_VMO and ZX_INFO_PROCESS_VMOS ---- */

/* The record of ZX_INFO_VMO (version 4). */
typedef struct zx_info_vmo {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;		/* 0 unless a child */
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;			/* ZX_INFO_VMO_* */
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;		/* ZX_CACHE_POLICY_* */
	uint64_t metadata_bytes;
	uint64_t committed_change_events;
	uint64_t populated_bytes;
	uint64_t committed_private_bytes;
	uint64_t populated_private_bytes;
	uint64_t committed_scaled_bytes;
	uint64_t populated_scaled_bytes;
	uint64_t committed_fractional_scaled_bytes;
	uint64_t populated_fractional_scaled_bytes;
} zx_info_vmo_t;

/* ---- ZX_INFO_PROCESS_MAPS and ZX_INFO_VMAR_MAPS ---- */

typedef uint32_t zx_info_maps_type_t;	/* ZX_INFO_MAPS_TYPE_* */

/* The mapping part of a ZX_INFO_MAPS_TYPE_MAPPING record (version 3). */
typedef struct zx_info_maps_mapping {
	zx_vm_option_t mmu_flags;	/* ZX_VM_PERM_* */
	uint8_t padding1[4];
	zx_koid_t vmo_koid;
	uint64_t vmo_offset;
	uint64_t committed_bytes;
	uint64_t populated_bytes;
	uint64_t committed_private_bytes;
	uint64_t populated_private_bytes;
	uint64_t committed_scaled_bytes;
	uint64_t populated_scaled_bytes;
	uint64_t committed_fractional_scaled_bytes;
	uint64_t populated_fractional_scaled_bytes;
} zx_info_maps_mapping_t;

/* A node of the address space tree, in depth-first pre-order. */
typedef struct zx_info_maps {
	char name[ZX_MAX_NAME_LEN];
	zx_vaddr_t base;
	size_t size;
	size_t depth;
	zx_info_maps_type_t type;
	uint8_t padding1[4];
	union {
		zx_info_maps_mapping_t mapping;
	} u;
} zx_info_maps_t;

/* ZX_INFO_PROCESS_MAPS_V2 */
typedef struct zx_info_maps_mapping_v2 {
	zx_vm_option_t mmu_flags;
	uint8_t padding1[4];
	zx_koid_t vmo_koid;
	uint64_t vmo_offset;
	uint64_t committed_pages;
	uint64_t populated_pages;
} zx_info_maps_mapping_v2_t;

typedef struct zx_info_maps_v2 {
	char name[ZX_MAX_NAME_LEN];
	zx_vaddr_t base;
	size_t size;
	size_t depth;
	zx_info_maps_type_t type;
	uint8_t padding1[4];
	union {
		zx_info_maps_mapping_v2_t mapping;
	} u;
} zx_info_maps_v2_t;

/* ZX_INFO_PROCESS_MAPS_V1 */
typedef struct zx_info_maps_mapping_v1 {
	zx_vm_option_t mmu_flags;
	uint8_t padding1[4];
	zx_koid_t vmo_koid;
	uint64_t vmo_offset;
	uint64_t committed_pages;
} zx_info_maps_mapping_v1_t;

typedef struct zx_info_maps_v1 {
	char name[ZX_MAX_NAME_LEN];
	zx_vaddr_t base;
	size_t size;
	size_t depth;
	zx_info_maps_type_t type;
	uint8_t padding1[4];
	union {
		zx_info_maps_mapping_v1_t mapping;
	} u;
} zx_info_maps_v1_t;

/* ZX_INFO_TIMER */
typedef struct zx_info_timer {
	uint32_t options;		/* ZX_TIMER_SLACK_* */
	zx_clock_t clock_id;
	zx_instant_mono_t deadline;	/* 0 when not armed */
	zx_duration_mono_t slack;
} zx_info_timer_t;

/* ZX_INFO_STREAM */
typedef struct zx_info_stream {
	uint32_t options;		/* ZX_STREAM_MODE_* */
	uint8_t padding1[4];
	zx_off_t seek;
	uint64_t content_size;
} zx_info_stream_t;
/* ZX_INFO_SOCKET */
typedef struct zx_info_socket {
	uint32_t options;		/* ZX_SOCKET_STREAM or _DATAGRAM */
	uint8_t padding1[4];
	size_t rx_buf_max;
	size_t rx_buf_size;
	size_t rx_buf_available;
	size_t tx_buf_max;
	size_t tx_buf_size;
} zx_info_socket_t;

/* The records of the older versions: each a prefix of the next. */
typedef struct zx_info_vmo_v3 {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
	uint64_t metadata_bytes;
	uint64_t committed_change_events;
	uint64_t populated_bytes;
} zx_info_vmo_v3_t;

typedef struct zx_info_vmo_v2 {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
	uint64_t metadata_bytes;
	uint64_t committed_change_events;
} zx_info_vmo_v2_t;

typedef struct zx_info_vmo_v1 {
	zx_koid_t koid;
	char name[ZX_MAX_NAME_LEN];
	uint64_t size_bytes;
	zx_koid_t parent_koid;
	size_t num_children;
	size_t num_mappings;
	size_t share_count;
	uint32_t flags;
	uint8_t padding1[4];
	uint64_t committed_bytes;
	zx_rights_t handle_rights;
	uint32_t cache_policy;
} zx_info_vmo_v1_t;

/* ---- Properties ---- */

/* char[ZX_MAX_NAME_LEN] */
#if defined(__x86_64__)
/* uintptr_t */
#define ZX_PROP_REGISTER_GS		((uint32_t)2u)
#define ZX_PROP_REGISTER_FS		((uint32_t)4u)
#endif
/* uintptr_t */
#define ZX_PROP_PROCESS_DEBUG_ADDR	((uint32_t)5u)
#define ZX_PROP_PROCESS_VDSO_BASE_ADDRESS ((uint32_t)6u)
#define ZX_PROP_PROCESS_BREAK_ON_LOAD	((uint32_t)7u)
#define ZX_PROP_PROCESS_HW_TRACE_CONTEXT_ID ((uint32_t)8u)
/* size_t */
#define ZX_PROP_SOCKET_RX_THRESHOLD	12u
#define ZX_PROP_SOCKET_TX_THRESHOLD	13u
#define ZX_PROP_JOB_KILL_ON_OOM		15u
#define ZX_PROP_EXCEPTION_STATE		16u
/* uint64_t */
#define ZX_PROP_EXCEPTION_STRATEGY	18u
/* uint8_t */
#define ZX_PROP_STREAM_MODE_APPEND	19u

/* ---- Thread states (zx_info_thread_t.state) ---- */

typedef uint32_t zx_thread_state_t;
#define ZX_THREAD_STATE_NEW		((zx_thread_state_t)0x0000u)
#define ZX_THREAD_STATE_RUNNING		((zx_thread_state_t)0x0001u)
#define ZX_THREAD_STATE_SUSPENDED	((zx_thread_state_t)0x0002u)
#define ZX_THREAD_STATE_BLOCKED		((zx_thread_state_t)0x0003u)
#define ZX_THREAD_STATE_DYING		((zx_thread_state_t)0x0004u)
#define ZX_THREAD_STATE_DEAD		((zx_thread_state_t)0x0005u)
#define ZX_THREAD_STATE_BLOCKED_EXCEPTION ((zx_thread_state_t)0x0103u)
#define ZX_THREAD_STATE_BLOCKED_SLEEPING ((zx_thread_state_t)0x0203u)
#define ZX_THREAD_STATE_BLOCKED_FUTEX	((zx_thread_state_t)0x0303u)
#define ZX_THREAD_STATE_BLOCKED_PORT	((zx_thread_state_t)0x0403u)
#define ZX_THREAD_STATE_BLOCKED_CHANNEL	((zx_thread_state_t)0x0503u)
#define ZX_THREAD_STATE_BLOCKED_WAIT_ONE ((zx_thread_state_t)0x0603u)
#define ZX_THREAD_STATE_BLOCKED_WAIT_MANY ((zx_thread_state_t)0x0703u)
#define ZX_THREAD_STATE_BLOCKED_INTERRUPT ((zx_thread_state_t)0x0803u)
#define ZX_THREAD_STATE_BLOCKED_PAGER	((zx_thread_state_t)0x0903u)
#define ZX_THREAD_STATE_BASIC(n)	((n) & 0xff)

typedef struct zx_info_thread {
	zx_thread_state_t state;	/* ZX_THREAD_STATE_* */
	uint32_t wait_exception_channel_type;
	zx_cpu_set_t cpu_affinity_mask;
} zx_info_thread_t;

/* ZX_PROP_EXCEPTION_STATE values. */
#define ZX_EXCEPTION_STATE_TRY_NEXT	0u
#define ZX_EXCEPTION_STATE_HANDLED	1u
#define ZX_EXCEPTION_STATE_THREAD_EXIT	2u

/* ZX_PROP_EXCEPTION_STRATEGY values. */
#define ZX_EXCEPTION_STRATEGY_FIRST_CHANCE 0u
#define ZX_EXCEPTION_STRATEGY_SECOND_CHANCE 1u

/* ---- Layout checks ---- */

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(zx_info_handle_basic_t) == 32,
	       "zx_info_handle_basic_t");
_Static_assert(sizeof(zx_info_handle_extended_t) == 40,
	       "zx_info_handle_extended_t");
_Static_assert(sizeof(zx_info_handle_count_t) == 4,
	       "zx_info_handle_count_t");
_Static_assert(sizeof(zx_info_process_handle_stats_t) == 256,
	       "zx_info_process_handle_stats_t");
__ZX_ABI_SIZE(zx_info_process_handle_stats_t,
	      zx_abi_info_process_handle_stats);
_Static_assert(sizeof(zx_info_thread_stats_t) == 16,
	       "zx_info_thread_stats_t");
__ZX_ABI_SIZE(zx_info_thread_stats_t, zx_abi_info_thread_stats);
__ZX_ABI_FIELD(zx_info_thread_stats_t, zx_abi_info_thread_stats,
	       total_runtime);
__ZX_ABI_FIELD(zx_info_thread_stats_t, zx_abi_info_thread_stats,
	       last_scheduled_cpu);
_Static_assert(sizeof(zx_info_process_t) == 24, "zx_info_process_t");
_Static_assert(sizeof(zx_info_job_t) == 16, "zx_info_job_t");
__ZX_ABI_SIZE(zx_info_process_t, zx_abi_info_process);
__ZX_ABI_FIELD(zx_info_process_t, zx_abi_info_process, return_code);
__ZX_ABI_FIELD(zx_info_process_t, zx_abi_info_process, start_time);
__ZX_ABI_FIELD(zx_info_process_t, zx_abi_info_process, flags);
__ZX_ABI_SIZE(zx_info_job_t, zx_abi_info_job);
__ZX_ABI_FIELD(zx_info_job_t, zx_abi_info_job, return_code);
__ZX_ABI_FIELD(zx_info_job_t, zx_abi_info_job, exited);
__ZX_ABI_SIZE(zx_info_thread_t, zx_abi_info_thread);
__ZX_ABI_FIELD(zx_info_thread_t, zx_abi_info_thread, state);
__ZX_ABI_FIELD(zx_info_thread_t, zx_abi_info_thread, cpu_affinity_mask);
_Static_assert(sizeof(zx_info_thread_t) == 72, "zx_info_thread_t");
__ZX_ABI_SIZE(zx_info_timer_t, zx_abi_info_timer);
__ZX_ABI_SIZE(zx_info_stream_t, zx_abi_info_stream);
__ZX_ABI_FIELD(zx_info_stream_t, zx_abi_info_stream, options);
__ZX_ABI_FIELD(zx_info_stream_t, zx_abi_info_stream, seek);
__ZX_ABI_FIELD(zx_info_stream_t, zx_abi_info_stream, content_size);
__ZX_ABI_FIELD(zx_info_timer_t, zx_abi_info_timer, options);
__ZX_ABI_FIELD(zx_info_timer_t, zx_abi_info_timer, clock_id);
__ZX_ABI_FIELD(zx_info_timer_t, zx_abi_info_timer, deadline);
__ZX_ABI_FIELD(zx_info_timer_t, zx_abi_info_timer, slack);
__ZX_ABI_SIZE(zx_info_handle_basic_t, zx_abi_info_handle_basic);
__ZX_ABI_FIELD(zx_info_handle_basic_t, zx_abi_info_handle_basic, koid);
__ZX_ABI_FIELD(zx_info_handle_basic_t, zx_abi_info_handle_basic, rights);
__ZX_ABI_FIELD(zx_info_handle_basic_t, zx_abi_info_handle_basic, type);
__ZX_ABI_FIELD(zx_info_handle_basic_t, zx_abi_info_handle_basic,
	       related_koid);
__ZX_ABI_FIELD(zx_info_handle_basic_t, zx_abi_info_handle_basic, props);
__ZX_ABI_FIELD(zx_info_handle_basic_t, zx_abi_info_handle_basic, padding1);
__ZX_ABI_SIZE(zx_info_handle_count_t, zx_abi_info_handle_count);
__ZX_ABI_FIELD(zx_info_handle_count_t, zx_abi_info_handle_count,
	       handle_count);
/*
 * The module writes the 64-bit layouts of the records with size_t or
 * uintptr_t fields; a 32-bit caller's are narrower (see the uapi header).
 */
#if defined(__LP64__)
_Static_assert(sizeof(zx_info_task_stats_t) == 40, "zx_info_task_stats_t");
__ZX_ABI_SIZE(zx_info_task_stats_t, zx_abi_info_task_stats);
__ZX_ABI_FIELD(zx_info_task_stats_t, zx_abi_info_task_stats,
	       mem_private_bytes);
__ZX_ABI_FIELD(zx_info_task_stats_t, zx_abi_info_task_stats,
	       mem_fractional_scaled_shared_bytes);
#define __ZX_ABI_VMO(f) __ZX_ABI_FIELD(zx_info_vmo_t, zx_abi_info_vmo, f)
__ZX_ABI_SIZE(zx_info_vmo_t, zx_abi_info_vmo);
__ZX_ABI_VMO(koid);
__ZX_ABI_VMO(name);
__ZX_ABI_VMO(size_bytes);
__ZX_ABI_VMO(parent_koid);
__ZX_ABI_VMO(num_children);
__ZX_ABI_VMO(num_mappings);
__ZX_ABI_VMO(share_count);
__ZX_ABI_VMO(flags);
__ZX_ABI_VMO(padding1);
__ZX_ABI_VMO(committed_bytes);
__ZX_ABI_VMO(handle_rights);
__ZX_ABI_VMO(cache_policy);
__ZX_ABI_VMO(metadata_bytes);
__ZX_ABI_VMO(committed_change_events);
__ZX_ABI_VMO(populated_bytes);
__ZX_ABI_VMO(committed_private_bytes);
__ZX_ABI_VMO(populated_private_bytes);
__ZX_ABI_VMO(committed_scaled_bytes);
__ZX_ABI_VMO(populated_scaled_bytes);
__ZX_ABI_VMO(committed_fractional_scaled_bytes);
__ZX_ABI_VMO(populated_fractional_scaled_bytes);
__ZX_ABI_SIZE(zx_info_socket_t, zx_abi_info_socket);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, options);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, padding1);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, rx_buf_max);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, rx_buf_size);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, rx_buf_available);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, tx_buf_max);
__ZX_ABI_FIELD(zx_info_socket_t, zx_abi_info_socket, tx_buf_size);
_Static_assert(sizeof(zx_info_socket_t) == 48, "zx_info_socket_t");
__ZX_ABI_SIZE(zx_info_vmar_t, zx_abi_info_vmar);
__ZX_ABI_FIELD(zx_info_vmar_t, zx_abi_info_vmar, base);
__ZX_ABI_FIELD(zx_info_vmar_t, zx_abi_info_vmar, len);
_Static_assert(sizeof(zx_info_vmar_t) == 16, "zx_info_vmar_t");
_Static_assert(sizeof(zx_info_vmo_v1_t) == 104, "zx_info_vmo_v1_t");
_Static_assert(sizeof(zx_info_vmo_v2_t) == 120, "zx_info_vmo_v2_t");
_Static_assert(sizeof(zx_info_vmo_v3_t) == 128, "zx_info_vmo_v3_t");
_Static_assert(sizeof(zx_info_vmo_t) == 176, "zx_info_vmo_t");
__ZX_ABI_SIZE(zx_info_maps_t, zx_abi_info_maps);
__ZX_ABI_FIELD(zx_info_maps_t, zx_abi_info_maps, depth);
__ZX_ABI_FIELD(zx_info_maps_t, zx_abi_info_maps, type);
__ZX_ABI_FIELD(zx_info_maps_t, zx_abi_info_maps, u.mapping.vmo_koid);
__ZX_ABI_FIELD(zx_info_maps_t, zx_abi_info_maps,
	       u.mapping.populated_fractional_scaled_bytes);
__ZX_ABI_SIZE(zx_info_maps_v2_t, zx_abi_info_maps_v2);
__ZX_ABI_FIELD(zx_info_maps_v2_t, zx_abi_info_maps_v2,
	       u.mapping.populated_pages);
_Static_assert(sizeof(zx_info_maps_t) == 152, "zx_info_maps_t");
_Static_assert(sizeof(zx_info_maps_v2_t) == 104, "zx_info_maps_v2_t");
_Static_assert(sizeof(zx_info_maps_v1_t) == 96, "zx_info_maps_v1_t");
#endif
#endif

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_SYSCALLS_OBJECT_H_ */
