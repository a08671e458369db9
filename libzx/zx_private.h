/* SPDX-License-Identifier: MIT */
/* libzx internals: the device descriptor and the ioctl call path. */
#ifndef LIBZX_PRIVATE_H_
#define LIBZX_PRIVATE_H_

#include <stdint.h>

#include <zircon/types.h>

/* Issues one ioctl on this process's /dev/zircon; returns a zx status. */
zx_status_t zx_dev_ioctl(unsigned long request, unsigned long arg);

/*
 * startup.c: referenced from device.c so that every program using libzx,
 * even statically linked and never calling zx_take_startup_handle(), runs
 * the startup constructor and so clears the launcher's environment variable.
 */
void zx_startup_link(void);

static inline uint64_t zx_ptr(const void* p)
{
	return (uint64_t)(uintptr_t)p;
}

#endif /* LIBZX_PRIVATE_H_ */
