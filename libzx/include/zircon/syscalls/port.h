/* SPDX-License-Identifier: MIT */
/*
 * Port packets and the options of zx_object_wait_async().  Layouts are
 * Zircon's; the calls are in <zircon/syscalls.h>.  The module fills
 * ZX_PKT_TYPE_USER and ZX_PKT_TYPE_SIGNAL_ONE packets only (there are no
 * guests, interrupts or pagers here); the packet union still has every
 * member Zircon's has, so code that names the others compiles unchanged.
 */
#ifndef ZIRCON_SYSCALLS_PORT_H_
#define ZIRCON_SYSCALLS_PORT_H_

#include <zircon/compiler.h>
#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* zx_object_wait_async() options (ONCE is 0 and means nothing now). */
#define ZX_WAIT_ASYNC_ONCE		((uint32_t)0u)
#define ZX_WAIT_ASYNC_TIMESTAMP		((uint32_t)1u)
#define ZX_WAIT_ASYNC_EDGE		((uint32_t)2u)
#define ZX_WAIT_ASYNC_BOOT_TIMESTAMP	((uint32_t)4u)

/* zx_port_create() option. */
#define ZX_PORT_BIND_TO_INTERRUPT	((uint32_t)(0x1u << 0))

/* zx_port_packet_t.type (2 and 8 are unused, 0xffffffff reserved). */
typedef uint32_t zx_packet_type_t;
#define ZX_PKT_TYPE_USER		((zx_packet_type_t)0x00u)
#define ZX_PKT_TYPE_SIGNAL_ONE		((zx_packet_type_t)0x01u)
#define ZX_PKT_TYPE_GUEST_BELL		((zx_packet_type_t)0x03u)
#define ZX_PKT_TYPE_GUEST_MEM		((zx_packet_type_t)0x04u)
#define ZX_PKT_TYPE_GUEST_IO		((zx_packet_type_t)0x05u)
#define ZX_PKT_TYPE_GUEST_VCPU		((zx_packet_type_t)0x06u)
#define ZX_PKT_TYPE_INTERRUPT		((zx_packet_type_t)0x07u)
#define ZX_PKT_TYPE_PAGE_REQUEST	((zx_packet_type_t)0x09u)

#define ZX_PKT_IS_USER(type)		((type) == ZX_PKT_TYPE_USER)
#define ZX_PKT_IS_SIGNAL_ONE(type)	((type) == ZX_PKT_TYPE_SIGNAL_ONE)
#define ZX_PKT_IS_GUEST_BELL(type)	((type) == ZX_PKT_TYPE_GUEST_BELL)
#define ZX_PKT_IS_GUEST_MEM(type)	((type) == ZX_PKT_TYPE_GUEST_MEM)
#define ZX_PKT_IS_GUEST_IO(type)	((type) == ZX_PKT_TYPE_GUEST_IO)
#define ZX_PKT_IS_GUEST_VCPU(type)	((type) == ZX_PKT_TYPE_GUEST_VCPU)
#define ZX_PKT_IS_INTERRUPT(type)	((type) == ZX_PKT_TYPE_INTERRUPT)
#define ZX_PKT_IS_PAGE_REQUEST(type)	((type) == ZX_PKT_TYPE_PAGE_REQUEST)

/* zx_packet_guest_vcpu_t.type */
#define ZX_PKT_GUEST_VCPU_INTERRUPT	((uint32_t)0)
#define ZX_PKT_GUEST_VCPU_STARTUP	((uint32_t)1)

/* zx_packet_page_request_t.command */
#define ZX_PAGER_VMO_READ		((uint16_t)0)
#define ZX_PAGER_VMO_COMPLETE		((uint16_t)1)
#define ZX_PAGER_VMO_DIRTY		((uint16_t)2)

/* Payload of a packet queued with zx_port_queue(). */
typedef union zx_packet_user {
	uint64_t u64[4];
	uint32_t u32[8];
	uint16_t u16[16];
	uint8_t c8[32];
} zx_packet_user_t;

/* Payload of the packet of a zx_object_wait_async() that fired. */
typedef struct zx_packet_signal {
	zx_signals_t trigger;
	zx_signals_t observed;
	uint64_t count;
	zx_time_t timestamp;
	uint64_t reserved1;
} zx_packet_signal_t;

typedef struct zx_packet_guest_bell {
	zx_gpaddr_t addr;
	uint64_t reserved0;
	uint64_t reserved1;
	uint64_t reserved2;
} zx_packet_guest_bell_t;

typedef struct zx_packet_guest_mem {
	zx_gpaddr_t addr;
#if defined(__aarch64__)
	uint8_t access_size;
	bool sign_extend;
	uint8_t xt;
	bool read;
	uint8_t padding1[4];
	uint64_t data;
	uint64_t reserved;
#elif defined(__x86_64__)
	zx_gpaddr_t cr3;
	zx_vaddr_t rip;
	uint8_t instruction_size;
	uint8_t default_operand_size;
	uint8_t reserved[6];
#else
	uint64_t reserved[3];
#endif
} zx_packet_guest_mem_t;

typedef struct zx_packet_guest_io {
	uint16_t port;
	uint8_t access_size;
	bool input;
	__extension__ union {
		__extension__ struct {
			uint8_t u8;
			uint8_t padding1[3];
		};
		__extension__ struct {
			uint16_t u16;
			uint8_t padding2[2];
		};
		uint32_t u32;
		uint8_t data[4];
	};
	uint64_t reserved0;
	uint64_t reserved1;
	uint64_t reserved2;
} zx_packet_guest_io_t;

typedef struct zx_packet_guest_vcpu {
	uint32_t type;
	uint8_t padding1[4];
	__extension__ union {
		struct {
			uint64_t mask;
			uint8_t vector;
			uint8_t padding1[7];
		} interrupt;
		struct {
			uint64_t id;
			zx_gpaddr_t entry;
		} startup;
	};
	uint64_t reserved;
} zx_packet_guest_vcpu_t;

typedef struct zx_packet_interrupt {
	zx_instant_boot_t timestamp;
	uint64_t reserved0;
	uint64_t reserved1;
	uint64_t reserved2;
} zx_packet_interrupt_t;

typedef struct zx_packet_page_request {
	uint16_t command;
	uint16_t flags;
	uint32_t reserved0;
	uint64_t offset;
	uint64_t length;
	uint64_t reserved1;
} zx_packet_page_request_t;

/*
 * Processor power level transition request (type 0x0a, which Zircon keeps
 * for this in its next-ABI headers): in the union only, never queued here.
 */
typedef struct {
	uint32_t domain_id;
	uint32_t options;
	uint64_t control_interface;
	uint64_t control_argument;
	uint64_t reserved;
} zx_packet_processor_power_level_transition_request_t;

/* What zx_port_wait() returns: a key, a type, a status, 32 bytes. */
typedef struct zx_port_packet {
	uint64_t key;
	zx_packet_type_t type;
	zx_status_t status;
	__extension__ union {
		zx_packet_user_t user;
		zx_packet_signal_t signal;
		zx_packet_guest_bell_t guest_bell;
		zx_packet_guest_mem_t guest_mem;
		zx_packet_guest_io_t guest_io;
		zx_packet_guest_vcpu_t guest_vcpu;
		zx_packet_interrupt_t interrupt;
		zx_packet_page_request_t page_request;
		zx_packet_processor_power_level_transition_request_t
			processor_power_level_transition;
	};
} zx_port_packet_t;

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(zx_packet_user_t) == 32, "zx_packet_user_t");
_Static_assert(sizeof(zx_packet_signal_t) == 32, "zx_packet_signal_t");
_Static_assert(sizeof(zx_packet_interrupt_t) == 32, "zx_packet_interrupt_t");
_Static_assert(sizeof(zx_packet_page_request_t) == 32,
	       "zx_packet_page_request_t");
_Static_assert(sizeof(zx_packet_guest_bell_t) == 32, "zx_packet_guest_bell_t");
_Static_assert(sizeof(zx_packet_guest_io_t) == 32, "zx_packet_guest_io_t");
_Static_assert(sizeof(zx_packet_guest_vcpu_t) == 32, "zx_packet_guest_vcpu_t");
_Static_assert(sizeof(zx_packet_processor_power_level_transition_request_t) ==
	       32, "zx_packet_processor_power_level_transition_request_t");
_Static_assert(offsetof(zx_port_packet_t, user) == 16 &&
	       offsetof(zx_port_packet_t, type) == 8 &&
	       offsetof(zx_port_packet_t, status) == 12, "zx_port_packet_t");
#if defined(__LP64__)
_Static_assert(sizeof(zx_packet_guest_mem_t) == 32, "zx_packet_guest_mem_t");
_Static_assert(sizeof(zx_port_packet_t) == 48, "zx_port_packet_t");
#endif
_Static_assert(sizeof(zx_port_packet_t) == sizeof(struct zx_abi_port_packet),
	       "zx_port_packet_t vs zx_abi_port_packet");
_Static_assert(offsetof(zx_port_packet_t, signal.count) ==
	       offsetof(struct zx_abi_port_packet, signal.count),
	       "zx_packet_signal_t.count");
_Static_assert(offsetof(zx_port_packet_t, signal.timestamp) ==
	       offsetof(struct zx_abi_port_packet, signal.timestamp),
	       "zx_packet_signal_t.timestamp");
_Static_assert(ZX_PKT_TYPE_USER == ZX_ABI_PKT_TYPE_USER &&
	       ZX_PKT_TYPE_SIGNAL_ONE == ZX_ABI_PKT_TYPE_SIGNAL_ONE &&
	       ZX_WAIT_ASYNC_TIMESTAMP == ZX_ABI_WAIT_ASYNC_TIMESTAMP &&
	       ZX_WAIT_ASYNC_EDGE == ZX_ABI_WAIT_ASYNC_EDGE &&
	       ZX_WAIT_ASYNC_BOOT_TIMESTAMP ==
	       ZX_ABI_WAIT_ASYNC_BOOT_TIMESTAMP &&
	       ZX_PORT_BIND_TO_INTERRUPT == ZX_ABI_PORT_BIND_TO_INTERRUPT,
	       "port constants");
#endif

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_SYSCALLS_PORT_H_ */
