/* SPDX-License-Identifier: MIT */
/* Handles: close, close_many, duplicate, replace; the descriptor bridge. */
#include <errno.h>
#include <unistd.h>

#include <linux/zircon.h>
#include <zircon/linux.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_handle_close(zx_handle_t handle)
{
	if (handle == ZX_HANDLE_INVALID)
		return ZX_OK;
	return zx_dev_ioctl(ZX_IOC_HANDLE_CLOSE, handle);
}

zx_status_t zx_handle_close_many(const zx_handle_t* handles, size_t num_handles)
{
	struct zx_ioc_handle_close_many a = {
		.handles = zx_ptr(handles),
		.num_handles = num_handles,
	};

	if (num_handles == 0)
		return ZX_OK;
	return zx_dev_ioctl(ZX_IOC_HANDLE_CLOSE_MANY, (unsigned long)&a);
}

zx_status_t zx_handle_duplicate(zx_handle_t handle, zx_rights_t rights,
				zx_handle_t* out)
{
	struct zx_ioc_handle_dup a = {
		.handle = handle,
		.rights = rights,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_HANDLE_DUPLICATE, (unsigned long)&a);
}

zx_status_t zx_handle_replace(zx_handle_t handle, zx_rights_t rights,
			      zx_handle_t* out)
{
	struct zx_ioc_handle_dup a = {
		.handle = handle,
		.rights = rights,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_HANDLE_REPLACE, (unsigned long)&a);
}

zx_status_t zx_linux_handle_to_fd(zx_handle_t handle, uint32_t options,
				  int* out_fd)
{
	struct zx_ioc_handle_to_fd a = {
		.handle = handle,
		.flags = options,
		.out_fd = zx_ptr(out_fd),
	};

	return zx_dev_ioctl(ZX_IOC_HANDLE_TO_FD, (unsigned long)&a);
}

zx_status_t zx_linux_fd_to_handle(int fd, zx_handle_t* out)
{
	struct zx_ioc_fd_to_handle a = {
		.fd = fd,
		.out = zx_ptr(out),
	};
	zx_status_t status;
	int saved;

	status = zx_dev_ioctl(ZX_IOC_FD_TO_HANDLE, (unsigned long)&a);
	if (status == ZX_OK) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return status;
}
