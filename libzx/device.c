/* SPDX-License-Identifier: MIT */
/*
 * The process's /dev/zircon descriptor.
 *
 * Opened lazily with O_CLOEXEC.  The module binds a table to the process
 * that opened it, so a child made by fork() must not use the parent's: the
 * fork handler closes the inherited copy in the child (so the parent's
 * handles die with the parent, as Zircon's would) and the child opens a
 * table of its own on its first call.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/zircon.h>
#include <zircon/errors.h>
#include <zircon/linux.h>

#include "zx_private.h"

/* Links startup.c (and its constructor) into every program (zx_private.h). */
__attribute__((used)) static void (*const zx_startup_anchor)(void) =
	zx_startup_link;

static int zx_dev_fd = -1;
static pthread_mutex_t zx_dev_lock = PTHREAD_MUTEX_INITIALIZER;

static void zx_dev_atfork_child(void)
{
	if (zx_dev_fd >= 0)
		close(zx_dev_fd);
	zx_dev_fd = -1;
	pthread_mutex_init(&zx_dev_lock, NULL);
}

__attribute__((constructor)) static void zx_dev_init(void)
{
	pthread_atfork(NULL, NULL, zx_dev_atfork_child);
}

int zx_linux_device_fd(void)
{
	int fd = __atomic_load_n(&zx_dev_fd, __ATOMIC_ACQUIRE);

	if (fd >= 0)
		return fd;
	pthread_mutex_lock(&zx_dev_lock);
	fd = zx_dev_fd;
	if (fd < 0) {
		fd = open("/dev/" ZX_DEVICE_NAME, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			__atomic_store_n(&zx_dev_fd, fd, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&zx_dev_lock);
	return fd;
}

/* Linux-level failures (the VFS's, not the module's) as Zircon statuses. */
static zx_status_t zx_errno_status(int err)
{
	switch (err) {
	case EFAULT:
		return ZX_ERR_INVALID_ARGS;
	case ENOTTY:
	case EINVAL:
		return ZX_ERR_NOT_SUPPORTED;
	case EPERM:
	case EACCES:
		return ZX_ERR_ACCESS_DENIED;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	case EMFILE:
	case ENFILE:
		return ZX_ERR_NO_RESOURCES;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return ZX_ERR_UNAVAILABLE;
	case EBADF:
		return ZX_ERR_BAD_STATE;
	default:
		return ZX_ERR_INTERNAL;
	}
}

zx_status_t zx_dev_ioctl(unsigned long request, unsigned long arg)
{
	int saved = errno;
	zx_status_t status;
	int fd, r;

	fd = zx_linux_device_fd();
	if (fd < 0) {
		status = zx_errno_status(errno);
		errno = saved;
		return status;
	}
	do {
		r = ioctl(fd, request, arg);
	} while (r < 0 && errno == EINTR);
	/* The module returns 0 for ZX_OK and -status for a Zircon error. */
	status = r >= 0 ? (zx_status_t)-r : zx_errno_status(errno);
	errno = saved;
	return status;
}
