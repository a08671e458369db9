/* SPDX-License-Identifier: MIT */
/*
 * Calls on objects that do not exist here: interrupts, guests and pagers.
 * Fuchsia code (async-loop among it) calls them, so they are real
 * functions; they answer what Zircon answers when no handle can be of the
 * type asked for.  A handle argument is looked at first, as Zircon looks
 * the object up before it reads the other arguments: one that is not
 * valid is ZX_ERR_BAD_HANDLE, a valid one is of some other type,
 * ZX_ERR_WRONG_TYPE.  Creating such an object is ZX_ERR_NOT_SUPPORTED.
 * Also __zx_panic(), which the <zircon/assert.h> macros call.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <zircon/assert.h>
#include <zircon/syscalls.h>

/* What Zircon answers for @handle where an absent type is required. */
static zx_status_t zx_absent_type(zx_handle_t handle)
{
	if (handle == ZX_HANDLE_INVALID ||
	    zx_handle_check_valid(handle) != ZX_OK)
		return ZX_ERR_BAD_HANDLE;
	return ZX_ERR_WRONG_TYPE;
}

zx_status_t zx_interrupt_create(zx_handle_t src_obj, uint32_t src_num,
				uint32_t options, zx_handle_t *out_handle)
{
	(void)src_obj;
	(void)src_num;
	(void)options;
	(void)out_handle;
	return ZX_ERR_NOT_SUPPORTED;
}

zx_status_t zx_interrupt_bind(zx_handle_t handle, zx_handle_t port_handle,
			      uint64_t key, uint32_t options)
{
	(void)port_handle;
	(void)key;
	(void)options;
	return zx_absent_type(handle);
}

zx_status_t zx_interrupt_wait(zx_handle_t handle,
			      zx_instant_boot_t *out_timestamp)
{
	(void)out_timestamp;
	return zx_absent_type(handle);
}

zx_status_t zx_interrupt_destroy(zx_handle_t handle)
{
	return zx_absent_type(handle);
}

zx_status_t zx_interrupt_ack(zx_handle_t handle)
{
	return zx_absent_type(handle);
}

zx_status_t zx_interrupt_trigger(zx_handle_t handle, uint32_t options,
				 zx_instant_boot_t timestamp)
{
	(void)options;
	(void)timestamp;
	return zx_absent_type(handle);
}

zx_status_t zx_guest_create(zx_handle_t resource, uint32_t options,
			    zx_handle_t *guest_handle,
			    zx_handle_t *vmar_handle)
{
	(void)resource;
	(void)options;
	(void)guest_handle;
	(void)vmar_handle;
	return ZX_ERR_NOT_SUPPORTED;
}

zx_status_t zx_guest_set_trap(zx_handle_t handle, uint32_t kind,
			      zx_vaddr_t addr, size_t size,
			      zx_handle_t port_handle, uint64_t key)
{
	(void)kind;
	(void)addr;
	(void)size;
	(void)port_handle;
	(void)key;
	return zx_absent_type(handle);
}

zx_status_t zx_pager_create(uint32_t options, zx_handle_t *out)
{
	(void)out;
	/* Zircon rejects options before anything else. */
	return options ? ZX_ERR_INVALID_ARGS : ZX_ERR_NOT_SUPPORTED;
}

zx_status_t zx_pager_create_vmo(zx_handle_t pager, uint32_t options,
				zx_handle_t port, uint64_t key, uint64_t size,
				zx_handle_t *out)
{
	(void)options;
	(void)port;
	(void)key;
	(void)size;
	(void)out;
	return zx_absent_type(pager);
}

zx_status_t zx_pager_detach_vmo(zx_handle_t pager, zx_handle_t vmo)
{
	(void)vmo;
	return zx_absent_type(pager);
}

void __zx_panic(const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fflush(stderr);
	abort();
}
