/* SPDX-License-Identifier: MIT */
/*
 * Startup handles.  A program started by the launcher (launch.c) finds
 * ZX_LINUX_STARTUP_ENV in its environment: bridge descriptors and the
 * processargs id of each.  Before main() this constructor takes every
 * object out of its descriptor into a handle (which closes the
 * descriptor) and removes the variable, so nothing of it reaches the
 * program's own children.  zx_take_startup_handle() then hands each out
 * once.  A descriptor that cannot be converted (no /dev/zircon) is marked
 * close-on-exec and converted on the first zx_take_startup_handle().
 *
 * The variable is read with secure_getenv(): in a program whose
 * credentials changed at exec (set-uid or set-gid, file capabilities; the
 * kernel's AT_SECURE) it is ignored, and removed, so a caller cannot hand
 * such a program objects of its choosing as its startup handles.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/process.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

struct zx_startup_entry {
	uint32_t id;
	int fd;			/* -1 once converted */
	zx_handle_t handle;	/* ZX_HANDLE_INVALID once taken */
};

static struct zx_startup_entry zx_startup[ZX_LINUX_STARTUP_MAX];
static size_t zx_startup_count;
static pthread_mutex_t zx_startup_lock = PTHREAD_MUTEX_INITIALIZER;

/* Parses "FD:ID[,FD:ID...]"; stops at the first malformed entry. */
static void zx_startup_parse(const char* s)
{
	while (*s && zx_startup_count < ZX_LINUX_STARTUP_MAX) {
		char* end;
		long fd;
		unsigned long id;

		errno = 0;
		fd = strtol(s, &end, 10);
		if (errno || end == s || *end != ':' || fd < 0 || fd > 1 << 30)
			return;
		s = end + 1;
		id = strtoul(s, &end, 0);
		if (errno || end == s || id > UINT32_MAX)
			return;
		zx_startup[zx_startup_count].id = (uint32_t)id;
		zx_startup[zx_startup_count].fd = (int)fd;
		zx_startup[zx_startup_count].handle = ZX_HANDLE_INVALID;
		zx_startup_count++;
		/* The descriptor must not reach this program's children. */
		fcntl((int)fd, F_SETFD, FD_CLOEXEC);
		s = end;
		if (*s != ',')
			return;
		s++;
	}
}

/* Converts the descriptors still pending.  Under zx_startup_lock. */
static void zx_startup_convert(void)
{
	for (size_t i = 0; i < zx_startup_count; i++) {
		struct zx_startup_entry* e = &zx_startup[i];
		zx_handle_t h;

		if (e->fd < 0)
			continue;
		if (zx_linux_fd_to_handle(e->fd, &h) == ZX_OK) {
			e->handle = h;
			e->fd = -1;
		}
	}
}

static void zx_startup_atfork_child(void)
{
	/* The handles belong to the parent's table; the child has none. */
	pthread_mutex_init(&zx_startup_lock, NULL);
	zx_startup_count = 0;
}

__attribute__((constructor)) static void zx_startup_init(void)
{
	const char* s = secure_getenv(ZX_LINUX_STARTUP_ENV);
	int saved = errno;

	pthread_atfork(NULL, NULL, zx_startup_atfork_child);
	if (!s) {
		/* Set but not trusted (AT_SECURE): nor for our children. */
		if (getenv(ZX_LINUX_STARTUP_ENV))
			unsetenv(ZX_LINUX_STARTUP_ENV);
		errno = saved;
		return;
	}
	zx_startup_parse(s);
	unsetenv(ZX_LINUX_STARTUP_ENV);
	zx_startup_convert();
	errno = saved;
}

void zx_startup_link(void)
{
}

zx_handle_t zx_take_startup_handle(uint32_t hnd_info)
{
	zx_handle_t h = ZX_HANDLE_INVALID;
	int saved = errno;

	pthread_mutex_lock(&zx_startup_lock);
	zx_startup_convert();
	for (size_t i = 0; i < zx_startup_count; i++) {
		struct zx_startup_entry* e = &zx_startup[i];

		if (e->id == hnd_info && e->handle != ZX_HANDLE_INVALID) {
			h = e->handle;
			e->handle = ZX_HANDLE_INVALID;
			break;
		}
	}
	pthread_mutex_unlock(&zx_startup_lock);
	errno = saved;
	return h;
}
