/* SPDX-License-Identifier: MIT */
/*
 * Linux-specific parts of libzx: how Zircon objects cross between Linux
 * processes.  Fuchsia hands handles to a new process through its bootstrap
 * channel; Linux has no such thing, so a handle can be turned into an
 * ordinary file descriptor and back.  A descriptor can be inherited over
 * fork() and exec() (without ZX_LINUX_FD_CLOEXEC) or sent over a Unix
 * socket with SCM_RIGHTS, like any other.
 */
#ifndef ZIRCON_LINUX_H_
#define ZIRCON_LINUX_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Option of zx_linux_handle_to_fd(): the new descriptor gets FD_CLOEXEC. */
#define ZX_LINUX_FD_CLOEXEC ((uint32_t)1u)

/*
 * Turns *handle* into a new file descriptor that holds the object and the
 * handle's rights.  The handle is consumed whatever the outcome (unless it
 * is not a valid handle).  Needs ZX_RIGHT_TRANSFER.
 *
 * Errors: ZX_ERR_BAD_HANDLE (not a valid handle), ZX_ERR_ACCESS_DENIED (no
 * ZX_RIGHT_TRANSFER), ZX_ERR_INVALID_ARGS (unknown *options*, or *out_fd*
 * is not a writable pointer), ZX_ERR_NO_RESOURCES (descriptor table full),
 * ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_linux_handle_to_fd(zx_handle_t handle, uint32_t options,
				  int* out_fd);

/*
 * Takes the object out of a descriptor made by zx_linux_handle_to_fd() (in
 * this process or any other) and returns it as a new handle with the rights
 * the descriptor carries.  On success *fd* is closed.  The object leaves the
 * descriptor and every copy of it (dup(), fork(), SCM_RIGHTS) at once: one
 * descriptor yields one handle.  On failure *fd* stays open.
 *
 * Errors: ZX_ERR_BAD_HANDLE (*fd* is not open, or its object was already
 * taken out), ZX_ERR_WRONG_TYPE (*fd* is not a Zircon object descriptor),
 * ZX_ERR_INVALID_ARGS (*out* is not a writable pointer),
 * ZX_ERR_NO_RESOURCES (the handle table is full).
 */
zx_status_t zx_linux_fd_to_handle(int fd, zx_handle_t* out);

/*
 * The descriptor of this process's /dev/zircon handle table, opened on
 * first use; -1 (with errno set) if the device cannot be opened.  A child
 * made by fork() starts with a new, empty table of its own.
 */
int zx_linux_device_fd(void);

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_LINUX_H_ */
