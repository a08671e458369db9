/* SPDX-License-Identifier: MIT */
/*
 * The process-start message ("processargs"): the header of the message a
 * new Fuchsia process reads from its bootstrap channel, and the ids that
 * say what each handle in that message is for.  Numbers and layout are
 * Zircon's.  Declarations only.
 */
#ifndef ZIRCON_PROCESSARGS_H_
#define ZIRCON_PROCESSARGS_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZX_PROCARGS_PROTOCOL		((uint32_t)0x4150585du)
#define ZX_PROCARGS_VERSION		((uint32_t)0x0001000u)

/*
 * Message header.  The *_off fields are byte offsets from the start of
 * the message.  The handle-info table holds one uint32_t per handle sent
 * with the message; args, environ and names are each a run of *_num
 * NUL-terminated UTF-8 strings.
 */
typedef struct zx_proc_args zx_proc_args_t;

struct zx_proc_args {
	uint32_t protocol;	/* ZX_PROCARGS_PROTOCOL */
	uint32_t version;	/* ZX_PROCARGS_VERSION */
	uint32_t handle_info_off;
	uint32_t args_off;
	uint32_t args_num;
	uint32_t environ_off;
	uint32_t environ_num;
	uint32_t names_off;	/* indexed by PA_HND_ARG of PA_NS_DIR */
	uint32_t names_num;
};

/* Handle info: a type in bits 0-7 and an argument in bits 16-31. */
#define PA_HND(type, arg)	(((type) & 0xFF) | (((arg) & 0xFFFF) << 16))
#define PA_HND_TYPE(n)		((n) & 0xFF)
#define PA_HND_ARG(n)		(((n) >> 16) & 0xFFFF)

/* The process itself, its first thread, a job for children. */
#define PA_PROC_SELF			0x01u
#define PA_THREAD_SELF			0x02u
#define PA_JOB_DEFAULT			0x03u
/* The root VMAR and the VMAR the program was loaded into. */
#define PA_VMAR_ROOT			0x04u
#define PA_VMAR_LOADED			0x05u

/* The shared-library loader service. */
#define PA_LDSVC_LOADER			0x10u
/* VMOs: the vDSO image, the initial stack, the main executable. */
#define PA_VMO_VDSO			0x11u
#define PA_VMO_STACK			0x13u
#define PA_VMO_EXECUTABLE		0x14u
/* VMOs passed during boot. */
#define PA_VMO_BOOTDATA			0x1Au
#define PA_VMO_BOOTFS			0x1Bu
#define PA_VMO_KERNEL_FILE		0x1Cu
/* A component's structured configuration. */
#define PA_VMO_COMPONENT_CONFIG		0x1Du

/* A directory of the namespace; the argument indexes the name table. */
#define PA_NS_DIR			0x20u

/* A file descriptor; the argument is the descriptor number. */
#define PA_FD				0x30u

/* Channel for fuchsia.process.Lifecycle requests. */
#define PA_LIFECYCLE			0x3Au
/* Server end of the process's outgoing directory. */
#define PA_DIRECTORY_REQUEST		0x3Bu
/* A dictionary the process escrowed earlier (experimental in Fuchsia). */
#define PA_ESCROWED_DICTIONARY		0x3Cu
/* The default fuchsia.logger.LogSink channel (newer Fuchsia). */
#define PA_LOG_SINK			0x3Du
#define PA_RESOURCE			0x3Fu

/* The UTC clock. */
#define PA_CLOCK_UTC			0x40u

/* Resources. */
#define PA_MMIO_RESOURCE		0x50u
#define PA_IRQ_RESOURCE			0x51u
#define PA_IOPORT_RESOURCE		0x52u
#define PA_SMC_RESOURCE			0x53u
#define PA_SYSTEM_RESOURCE		0x54u

/* For programs' own use. */
#define PA_USER0			0xF0u
#define PA_USER1			0xF1u
#define PA_USER2			0xF2u

#if !defined(__cplusplus) && defined(__STDC_VERSION__) && \
	__STDC_VERSION__ >= 201112L
_Static_assert(sizeof(zx_proc_args_t) == 36, "zx_proc_args_t");
#endif

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_PROCESSARGS_H_ */
