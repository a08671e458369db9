/* SPDX-License-Identifier: MIT */
/*
 * Startup handles: the handles a program was started with, each named by
 * a processargs id (PA_HND(type, arg), <zircon/processargs.h>).  On Linux
 * they come from the launcher in <zircon/linux.h> (zx_linux_spawn() or the
 * zx-launch tool); see Documentation/zircon.rst.
 */
#ifndef ZIRCON_PROCESS_H_
#define ZIRCON_PROCESS_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Returns the startup handle with id @hnd_info and forgets it (a second
 * call with the same id returns ZX_HANDLE_INVALID), or ZX_HANDLE_INVALID
 * if the program was started with no such handle.
 */
zx_handle_t zx_take_startup_handle(uint32_t hnd_info);

/*
 * Handles to the calling process (Linux thread group), the calling thread
 * and the process's job, made on first use and kept: the caller must not
 * close them.  ZX_HANDLE_INVALID if /dev/zircon cannot be used.  A process
 * not started into a job by the launcher gets a new job of its own, which
 * the processes it launches join (see Documentation/zircon.rst, "Tasks").
 */
zx_handle_t zx_process_self(void);
zx_handle_t zx_thread_self(void);
zx_handle_t zx_job_default(void);

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_PROCESS_H_ */
