/* SPDX-License-Identifier: MIT */
/*
 * <zircon/syscalls/hypervisor.h>: guest trap kinds and VCPU state
 * records, with Zircon's values and layouts.  There are no guests here:
 * zx_guest_create() answers ZX_ERR_NOT_SUPPORTED and the calls that take a
 * guest or VCPU handle answer as for a handle of another type (see
 * Documentation/zircon.rst); the names exist so that Fuchsia code that
 * mentions them (async-loop's bell traps) compiles.
 */
#ifndef ZIRCON_SYSCALLS_HYPERVISOR_H_
#define ZIRCON_SYSCALLS_HYPERVISOR_H_

#include <zircon/compiler.h>
#include <zircon/types.h>

__BEGIN_CDECLS

/* zx_guest_set_trap() kind. */
typedef uint32_t zx_guest_trap_t;
#define ZX_GUEST_TRAP_BELL	((zx_guest_trap_t)0u)
#define ZX_GUEST_TRAP_MEM	((zx_guest_trap_t)1u)
#define ZX_GUEST_TRAP_IO	((zx_guest_trap_t)2u)

/* zx_vcpu_read_state() / zx_vcpu_write_state() topic. */
typedef uint32_t zx_vcpu_state_topic_t;
#define ZX_VCPU_STATE		((zx_vcpu_state_topic_t)0u)
#define ZX_VCPU_IO		((zx_vcpu_state_topic_t)1u)

/* General registers of a VCPU (topic ZX_VCPU_STATE). */
typedef struct zx_vcpu_state {
#if defined(__aarch64__)
	uint64_t x[31];
	uint64_t sp;
	uint32_t cpsr;		/* NZCV only */
	uint8_t padding1[4];
#elif defined(__x86_64__)
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags;	/* the low 32 bits only */
#else
	uint32_t empty;
#endif
} zx_vcpu_state_t;

/* The value of an I/O port access (topic ZX_VCPU_IO). */
typedef struct zx_vcpu_io {
	uint8_t access_size;
	uint8_t padding1[3];
	__extension__ union {
		__extension__ struct {
			uint8_t u8;
			uint8_t padding2[3];
		};
		__extension__ struct {
			uint16_t u16;
			uint8_t padding3[2];
		};
		uint32_t u32;
		uint8_t data[4];
	};
} zx_vcpu_io_t;

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(zx_vcpu_io_t) == 8, "zx_vcpu_io_t");
#if defined(__x86_64__)
_Static_assert(sizeof(zx_vcpu_state_t) == 136, "zx_vcpu_state_t");
#elif defined(__aarch64__)
_Static_assert(sizeof(zx_vcpu_state_t) == 264, "zx_vcpu_state_t");
#endif
#endif

__END_CDECLS

#endif /* ZIRCON_SYSCALLS_HYPERVISOR_H_ */
