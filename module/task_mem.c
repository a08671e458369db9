// SPDX-License-Identifier: GPL-2.0
/*
 * zx_process_read_memory() and zx_process_write_memory(): the module's half.
 *
 * Linux decides who may reach another process's memory with
 * ptrace_may_access() (credentials, dumpability, CAP_SYS_PTRACE, and the
 * LSMs: Yama's ptrace_scope among them), which is not exported to modules.
 * So the transfer is libzx's: it opens /proc/PID/mem, whose open runs
 * that whole check with the caller's credentials, then preads or
 * pwrites it.  The module only names the process: ZX_IOC_PROCESS_MEMORY
 * checks the handle (type, then ZX_RIGHT_READ | ZX_RIGHT_WRITE to read,
 * ZX_RIGHT_WRITE to write, as Zircon asks) and that the process is alive,
 * and gives its pid as the caller's namespace numbers it.
 *
 * The pid is a number, and numbers are reused.  After the open, libzx asks
 * again with ZX_PROCESS_MEMORY_CONFIRM: the handle's struct pid still has
 * its thread group and still carries that number.  A struct pid gets its
 * numbers once, when it is made, and gives them back only when its last
 * task is detached, after which no task joins it again; so a number it
 * carries at both asks was its own in between, and /proc/PID named this
 * process when libzx opened it.  The descriptor is then bound to that
 * process's mm, whatever happens to the number afterwards.
 *
 * Locks: none of its own; RCU inside zx_process_vnr().
 */
#include <linux/uaccess.h>

#include <linux/zircon.h>

#include "task.h"
#include "syscalls.h"

#define ZX_PROCESS_MEMORY_OPTIONS \
	(ZX_PROCESS_MEMORY_WRITE | ZX_PROCESS_MEMORY_CONFIRM)

/* The process handle's number, with Zircon's type and rights checks. */
static zx_status_t zx_process_memory_pid(struct zx_table *t, zx_handle_t h,
					 bool write, pid_t *nr)
{
	zx_rights_t need = write ? ZX_RIGHT_WRITE :
			   ZX_RIGHT_READ | ZX_RIGHT_WRITE;
	struct zx_object *obj;
	zx_rights_t rights;
	zx_status_t status;

	status = zx_table_get(t, h, &obj, &rights);
	if (status != ZX_OK)
		return status;
	if (!zx_object_is(obj, ZX_OBJ_TYPE_PROCESS))
		status = ZX_ERR_WRONG_TYPE;
	else if ((rights & need) != need)
		status = ZX_ERR_ACCESS_DENIED;
	else
		status = zx_process_vnr(zx_to_task(obj), nr);
	zx_object_put(obj);
	return status;
}

/**
 * zx_ioctl_process_memory() - the pid behind a process handle, for /proc/PID/mem
 * @t: the caller's handle table
 * @arg: the struct zx_ioc_process_memory, copied in
 * @uarg: where it was copied from
 *
 * Return: ZX_OK, ZX_ERR_INVALID_ARGS (unknown options, reserved or (without
 * ZX_PROCESS_MEMORY_CONFIRM) pid not 0, an argument that cannot be read or
 * written), ZX_ERR_BAD_HANDLE, ZX_ERR_WRONG_TYPE, ZX_ERR_ACCESS_DENIED
 * (rights, or no number in the caller's pid namespace) or ZX_ERR_BAD_STATE
 * (the process has exited, or with ZX_PROCESS_MEMORY_CONFIRM, no longer
 * has that number).
 */
zx_status_t zx_ioctl_process_memory(struct zx_table *t, void *arg,
				    void __user *uarg)
{
	struct zx_ioc_process_memory __user *u = uarg;
	struct zx_ioc_process_memory *a = arg;
	zx_status_t status;
	bool confirm;
	pid_t nr;

	confirm = a->options & ZX_PROCESS_MEMORY_CONFIRM;
	if ((a->options & ~ZX_PROCESS_MEMORY_OPTIONS) || a->reserved ||
	    (!confirm && a->pid) || (confirm && a->pid <= 0))
		return ZX_ERR_INVALID_ARGS;
	status = zx_process_memory_pid(t, a->handle,
				       a->options & ZX_PROCESS_MEMORY_WRITE,
				       &nr);
	if (status != ZX_OK)
		return status;
	if (confirm)
		return nr == a->pid ? ZX_OK : ZX_ERR_BAD_STATE;
	if (put_user(nr, &u->pid))
		return ZX_ERR_INVALID_ARGS;
	return ZX_OK;
}
