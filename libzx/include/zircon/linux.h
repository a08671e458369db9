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

/*
 * Option of zx_linux_handle_to_fd(): the new descriptor gets FD_CLOEXEC.
 * ZX_LINUX_FD_CLOEXEC comes from <linux/zircon_types.h>, as the flag the
 * module takes.
 */

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

/*
 * A descriptor for driving *port* from a Linux event loop: poll(2),
 * select(2) and epoll report it readable (POLLIN) while the port holds at
 * least one packet, and POLLHUP once the port is destroyed.  The port stays
 * in the handle table; the descriptor keeps the port alive but is not a
 * handle, and packets are still taken with zx_port_wait().  *options* is 0
 * or ZX_LINUX_FD_CLOEXEC.  Needs ZX_RIGHT_READ.
 *
 * Errors: ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE (not a port),
 * ZX_ERR_ACCESS_DENIED (no ZX_RIGHT_READ), ZX_ERR_INVALID_ARGS (unknown
 * *options*, or *out_fd* not writable), ZX_ERR_NO_RESOURCES (descriptor
 * table full), ZX_ERR_NO_MEMORY.
 */
zx_status_t zx_linux_port_fd(zx_handle_t port, uint32_t options, int *out_fd);

/* ---- The launcher ---- */

/*
 * The environment variable that carries startup handles into a new
 * program: "FD:ID[,FD:ID...]", each FD a bridge descriptor (decimal) and
 * each ID its processargs id (hexadecimal with 0x, or decimal).  libzx
 * takes the handles out of the descriptors and removes the variable before
 * main() runs (in any program that links zx_take_startup_handle()).
 */
#define ZX_LINUX_STARTUP_ENV "ZX_LINUX_STARTUP_HANDLES"

/* Most startup handles one program can be given. */
#define ZX_LINUX_STARTUP_MAX 64

typedef struct zx_linux_startup_handle {
	uint32_t id;		/* PA_HND(type, arg) */
	zx_handle_t handle;	/* consumed; needs ZX_RIGHT_TRANSFER */
} zx_linux_startup_handle_t;

/*
 * Starts @path (looked up in PATH when it has no '/') with @argv and this
 * process's environment, giving it @handles as startup handles, which the
 * new program gets with zx_take_startup_handle(id).  Every handle is
 * consumed, whatever the outcome.  On success the child's pid is stored in
 * *@out_pid (if not NULL); the caller reaps it with waitpid().
 *
 * Errors: ZX_ERR_INVALID_ARGS (@path or @argv NULL, @handles NULL with
 * @num_handles > 0, two handles with one id), ZX_ERR_OUT_OF_RANGE (more
 * than ZX_LINUX_STARTUP_MAX handles), ZX_ERR_BAD_HANDLE,
 * ZX_ERR_ACCESS_DENIED (a handle without ZX_RIGHT_TRANSFER),
 * ZX_ERR_NOT_FOUND (no such program), ZX_ERR_ACCESS_DENIED (not
 * executable), ZX_ERR_NO_RESOURCES, ZX_ERR_NO_MEMORY, ZX_ERR_IO (the exec
 * failed otherwise).
 */
zx_status_t zx_linux_spawn(const char* path, char* const argv[],
			   const zx_linux_startup_handle_t* handles,
			   size_t num_handles, int* out_pid);

/*
 * zx_linux_spawn() with a job and a process handle: the child joins @job
 * (a job handle with ZX_RIGHT_MANAGE_PROCESS, not consumed, or
 * ZX_HANDLE_INVALID for the caller's job, zx_job_default()) before it
 * executes @path, and on success *@out_process (if not NULL) receives a
 * handle to it with Fuchsia's default process rights: wait for
 * ZX_PROCESS_TERMINATED and read ZX_INFO_PROCESS, zx_task_kill().  The
 * caller still reaps the child with waitpid().  zx_linux_spawn() is this
 * with ZX_HANDLE_INVALID and NULL.
 *
 * Errors: those of zx_linux_spawn(), and for @job: ZX_ERR_BAD_HANDLE,
 * ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED, ZX_ERR_BAD_STATE (the job was
 * killed); the child is then killed and reaped.
 */
zx_status_t zx_linux_spawn_etc(zx_handle_t job, const char* path,
			       char* const argv[],
			       const zx_linux_startup_handle_t* handles,
			       size_t num_handles, int* out_pid,
			       zx_handle_t* out_process);

/*
 * A handle to the caller's child process @pid, not yet reaped, placed in
 * @job (as in zx_linux_spawn_etc()) if it is in no job yet.
 *
 * Errors: ZX_ERR_NOT_FOUND (no such unreaped child), ZX_ERR_INVALID_ARGS,
 * and the job errors of zx_linux_spawn_etc().
 */
zx_status_t zx_linux_process_child(int pid, zx_handle_t job,
				   zx_handle_t* out);

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_LINUX_H_ */
