/* SPDX-License-Identifier: MIT */
/*
 * zx_process_read_memory() and zx_process_write_memory().
 *
 * Linux lets a process reach another's memory through /proc/PID/mem, and
 * checks at open() whether the caller may (ptrace's check, with the LSMs'
 * say: Yama's ptrace_scope among them).  The module does not repeat that
 * check, which it cannot call; it names the process: ZX_IOC_PROCESS_MEMORY
 * checks the handle's type and rights and gives the pid, libzx opens
 * /proc/PID/mem, and a second ask (ZX_PROCESS_MEMORY_CONFIRM) makes sure
 * the handle's process held that pid all along, so the file is its memory
 * and not that of a process that got the number after it exited.  The
 * descriptor is opened per call and closed after it: a cached one would
 * keep the mm of a process that exec'd or whose credentials changed.
 *
 * Fuchsia's checks come first in Fuchsia's order: buffer and size
 * (ZX_ERR_INVALID_ARGS), then the handle.  Then one pread()/pwrite().
 * Linux goes on across adjacent mappings and stops at the first address
 * it cannot reach: what it did is *actual.  If it did nothing, the first
 * address was not reachable: ZX_ERR_NOT_FOUND, as current Fuchsia answers
 * for an address without a mapping.  Linux moves a page at a time through
 * a bounce page, and a fault on the caller's side fails the whole call
 * (EFAULT: ZX_ERR_INVALID_ARGS), so a short count is always the target's
 * end, never the caller's buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/zircon.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

/* Zircon's kMaxDebugReadBlock and kMaxDebugWriteBlock. */
#define ZX_PROCESS_MEMORY_MAX	(64u * 1024u * 1024u)

static zx_status_t zx_mem_ask(zx_handle_t handle, uint32_t options,
			      int32_t *pid)
{
	struct zx_ioc_process_memory a = {
		.handle = handle,
		.options = options,
		.pid = *pid,
	};
	zx_status_t status;

	status = zx_dev_ioctl(ZX_IOC_PROCESS_MEMORY, (unsigned long)&a);
	if (status == ZX_OK)
		*pid = a.pid;
	return status;
}

/*
 * Whether the /proc mounted is that of the caller's pid namespace (else
 * the numbers the module gives name other processes there).
 */
static zx_status_t zx_proc_is_ours(void)
{
	char link[24];
	ssize_t n;

	n = readlink("/proc/self", link, sizeof(link) - 1);
	if (n < 0 && errno == ENOMEM)
		return ZX_ERR_NO_MEMORY;
	if (n <= 0)
		return ZX_ERR_NOT_SUPPORTED;	/* no /proc */
	link[n] = '\0';
	if (strtol(link, NULL, 10) != (long)getpid())
		return ZX_ERR_NOT_SUPPORTED;
	return ZX_OK;
}

/*
 * The open's failure, the process being alive with that pid and /proc
 * being ours: a refusal (ENOENT is how hidepid= hides another user's
 * process) or a shortage.
 */
static zx_status_t zx_open_errno(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
	case ENOENT:
		return ZX_ERR_ACCESS_DENIED;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	case EMFILE:
	case ENFILE:
		return ZX_ERR_NO_RESOURCES;
	default:
		return ZX_ERR_BAD_STATE;
	}
}

/* Opens the memory of @handle's process; a descriptor or -status. */
static int zx_mem_open(zx_handle_t handle, uint32_t write)
{
	int32_t pid = 0;
	char path[32];
	zx_status_t status;
	int fd, err;

	status = zx_mem_ask(handle, write, &pid);
	if (status != ZX_OK)
		return status;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	err = errno;
	status = zx_mem_ask(handle, write | ZX_PROCESS_MEMORY_CONFIRM, &pid);
	if (status == ZX_OK)
		status = zx_proc_is_ours();
	if (status != ZX_OK) {
		if (fd >= 0)
			close(fd);
		return status;
	}
	return fd >= 0 ? fd : zx_open_errno(err);
}

static ssize_t zx_mem_io(int fd, uint32_t write, zx_vaddr_t vaddr,
			 void *buffer, size_t size)
{
	ssize_t n;

	do {
		if (write)
			n = pwrite(fd, buffer, size, (off_t)vaddr);
		else
			n = pread(fd, buffer, size, (off_t)vaddr);
	} while (n < 0 && errno == EINTR);
	return n;
}

static zx_status_t zx_mem_errno(int err)
{
	switch (err) {
	case EFAULT:
		return ZX_ERR_INVALID_ARGS;	/* the caller's buffer */
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	case EIO:
	case EINVAL:
	case EOVERFLOW:
		return ZX_ERR_NOT_FOUND;	/* nothing reachable there */
	default:
		return ZX_ERR_BAD_STATE;
	}
}

/* One transfer of up to @size bytes at @vaddr; the count in *@done. */
static zx_status_t zx_mem_transfer(int fd, uint32_t write, zx_vaddr_t vaddr,
				   char *buffer, size_t size, size_t *done)
{
	ssize_t n;

	n = zx_mem_io(fd, write, vaddr, buffer, size);
	if (n < 0)
		return zx_mem_errno(errno);
	if (n == 0)
		return ZX_ERR_BAD_STATE;	/* the address space is gone */
	*done = (size_t)n;
	return ZX_OK;
}

static zx_status_t zx_process_memory(zx_handle_t handle, uint32_t write,
				     zx_vaddr_t vaddr, void *buffer,
				     size_t buffer_size, size_t *actual)
{
	int saved = errno;
	zx_status_t status;
	size_t done = 0;
	int fd;

	if (!buffer || buffer_size == 0 || buffer_size > ZX_PROCESS_MEMORY_MAX)
		return ZX_ERR_INVALID_ARGS;
	fd = zx_mem_open(handle, write);
	if (fd < 0) {
		status = (zx_status_t)fd;
	} else {
		status = zx_mem_transfer(fd, write, vaddr, buffer, buffer_size,
					 &done);
		close(fd);
	}
	errno = saved;
	if (status == ZX_OK && !actual)
		status = ZX_ERR_INVALID_ARGS;
	if (status == ZX_OK)
		*actual = done;
	return status;
}

zx_status_t zx_process_read_memory(zx_handle_t handle, zx_vaddr_t vaddr,
				   void *buffer, size_t buffer_size,
				   size_t *actual)
{
	return zx_process_memory(handle, 0, vaddr, buffer, buffer_size,
				 actual);
}

zx_status_t zx_process_write_memory(zx_handle_t handle, zx_vaddr_t vaddr,
				    const void *buffer, size_t buffer_size,
				    size_t *actual)
{
	return zx_process_memory(handle, ZX_PROCESS_MEMORY_WRITE, vaddr,
				 (void *)buffer, buffer_size, actual);
}
