/* SPDX-License-Identifier: MIT */
/*
 * VMOs and the root VMAR: zx_vmo_* and zx_vmar_*.
 *
 * zx_vmar_root_self() asks the module once per process for a handle to
 * the address space and keeps it, as Fuchsia's libzircon keeps the one the
 * process was started with; a forked child asks again.
 * zx_vmar_protect() lets the module check the handle, rights and range,
 * then changes the protection with mprotect(2): the mapping's own limits,
 * fixed from the VMO handle's rights when it was mapped, stop any raise.
 */
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>

#include <linux/zircon.h>
#include <zircon/syscalls.h>

#include "zx_private.h"

zx_status_t zx_vmo_create(uint64_t size, uint32_t options, zx_handle_t* out)
{
	struct zx_ioc_vmo_create a = {
		.size = size,
		.options = options,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_VMO_CREATE, (unsigned long)&a);
}

zx_status_t zx_vmo_read(zx_handle_t handle, void* buffer, uint64_t offset,
			size_t buffer_size)
{
	struct zx_ioc_vmo_rw a = {
		.handle = handle,
		.buffer = zx_ptr(buffer),
		.offset = offset,
		.length = buffer_size,
	};

	return zx_dev_ioctl(ZX_IOC_VMO_READ, (unsigned long)&a);
}

zx_status_t zx_vmo_write(zx_handle_t handle, const void* buffer,
			 uint64_t offset, size_t buffer_size)
{
	struct zx_ioc_vmo_rw a = {
		.handle = handle,
		.buffer = zx_ptr(buffer),
		.offset = offset,
		.length = buffer_size,
	};

	return zx_dev_ioctl(ZX_IOC_VMO_WRITE, (unsigned long)&a);
}

/* The four size calls share one argument: a value, or where it goes. */
static zx_status_t zx_vmo_size_ioctl(unsigned long req, zx_handle_t handle,
				     uint64_t value)
{
	struct zx_ioc_vmo_size a = {
		.handle = handle,
		.value = value,
	};

	return zx_dev_ioctl(req, (unsigned long)&a);
}

zx_status_t zx_vmo_get_size(zx_handle_t handle, uint64_t* size)
{
	return zx_vmo_size_ioctl(ZX_IOC_VMO_GET_SIZE, handle, zx_ptr(size));
}

zx_status_t zx_vmo_set_size(zx_handle_t handle, uint64_t size)
{
	return zx_vmo_size_ioctl(ZX_IOC_VMO_SET_SIZE, handle, size);
}

zx_status_t zx_vmo_get_stream_size(zx_handle_t handle, uint64_t* size)
{
	return zx_vmo_size_ioctl(ZX_IOC_VMO_GET_STREAM_SIZE, handle,
				 zx_ptr(size));
}

zx_status_t zx_vmo_set_stream_size(zx_handle_t handle, uint64_t size)
{
	return zx_vmo_size_ioctl(ZX_IOC_VMO_SET_STREAM_SIZE, handle, size);
}

zx_status_t zx_vmo_op_range(zx_handle_t handle, uint32_t op, uint64_t offset,
			    uint64_t size, void* buffer, size_t buffer_size)
{
	struct zx_ioc_vmo_op_range a = {
		.handle = handle,
		.op = op,
		.offset = offset,
		.size = size,
		.buffer = zx_ptr(buffer),
		.buffer_size = buffer_size,
	};

	return zx_dev_ioctl(ZX_IOC_VMO_OP_RANGE, (unsigned long)&a);
}

zx_status_t zx_vmo_create_child(zx_handle_t handle, uint32_t options,
				uint64_t offset, uint64_t size,
				zx_handle_t* out)
{
	struct zx_ioc_vmo_create_child a = {
		.handle = handle,
		.options = options,
		.offset = offset,
		.size = size,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_VMO_CREATE_CHILD, (unsigned long)&a);
}

zx_status_t zx_vmo_set_cache_policy(zx_handle_t handle, uint32_t cache_policy)
{
	struct zx_ioc_vmo_cache_policy a = {
		.handle = handle,
		.policy = cache_policy,
	};

	return zx_dev_ioctl(ZX_IOC_VMO_SET_CACHE_POLICY, (unsigned long)&a);
}

zx_status_t zx_vmo_replace_as_executable(zx_handle_t handle, zx_handle_t vmex,
					 zx_handle_t* out)
{
	struct zx_ioc_vmo_replace_as_exec a = {
		.handle = handle,
		.vmex = vmex,
		.out = zx_ptr(out),
	};

	return zx_dev_ioctl(ZX_IOC_VMO_REPLACE_AS_EXECUTABLE,
			    (unsigned long)&a);
}

static zx_handle_t zx_root_vmar = ZX_HANDLE_INVALID;
static pthread_mutex_t zx_root_vmar_lock = PTHREAD_MUTEX_INITIALIZER;

static void zx_vmar_atfork_child(void)
{
	zx_root_vmar = ZX_HANDLE_INVALID;
	pthread_mutex_init(&zx_root_vmar_lock, NULL);
}

__attribute__((constructor)) static void zx_vmar_init(void)
{
	pthread_atfork(NULL, NULL, zx_vmar_atfork_child);
}

zx_handle_t zx_vmar_root_self(void)
{
	zx_handle_t h = __atomic_load_n(&zx_root_vmar, __ATOMIC_ACQUIRE);
	struct zx_ioc_vmar_root a;

	if (h != ZX_HANDLE_INVALID)
		return h;
	pthread_mutex_lock(&zx_root_vmar_lock);
	h = zx_root_vmar;
	if (h == ZX_HANDLE_INVALID) {
		a.out = zx_ptr(&h);
		if (zx_dev_ioctl(ZX_IOC_VMAR_ROOT, (unsigned long)&a) != ZX_OK)
			h = ZX_HANDLE_INVALID;
		__atomic_store_n(&zx_root_vmar, h, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&zx_root_vmar_lock);
	return h;
}

zx_status_t zx_vmar_map(zx_handle_t handle, zx_vm_option_t options,
			size_t vmar_offset, zx_handle_t vmo,
			uint64_t vmo_offset, size_t len,
			zx_vaddr_t* mapped_addr)
{
	uint64_t addr = 0;
	struct zx_ioc_vmar_map a = {
		.vmar = handle,
		.options = options,
		.vmar_offset = vmar_offset,
		.vmo = vmo,
		.vmo_offset = vmo_offset,
		.len = len,
		.out = zx_ptr(mapped_addr),
	};
	zx_status_t status;

	/*
	 * The module stores the address straight into the caller's variable
	 * (so a bad pointer is its ZX_ERR_INVALID_ARGS, not a crash here);
	 * where zx_vaddr_t is narrower than its __u64, through a local.
	 */
	if (sizeof(zx_vaddr_t) != sizeof(uint64_t) && mapped_addr)
		a.out = zx_ptr(&addr);
	status = zx_dev_ioctl(ZX_IOC_VMAR_MAP, (unsigned long)&a);
	if (status == ZX_OK && a.out == zx_ptr(&addr))
		*mapped_addr = (zx_vaddr_t)addr;
	return status;
}

zx_status_t zx_vmar_unmap(zx_handle_t handle, zx_vaddr_t addr, size_t len)
{
	struct zx_ioc_vmar_range a = {
		.vmar = handle,
		.addr = addr,
		.len = len,
	};

	return zx_dev_ioctl(ZX_IOC_VMAR_UNMAP, (unsigned long)&a);
}

zx_status_t zx_vmar_protect(zx_handle_t handle, zx_vm_option_t options,
			    zx_vaddr_t addr, size_t len)
{
	struct zx_ioc_vmar_range a = {
		.vmar = handle,
		.options = options,
		.addr = addr,
		.len = len,
	};
	int prot = PROT_NONE, saved = errno;
	zx_status_t status;

	status = zx_dev_ioctl(ZX_IOC_VMAR_PROTECT, (unsigned long)&a);
	if (status != ZX_OK)
		return status;
	if (options & (ZX_VM_PERM_READ | ZX_VM_PERM_READ_IF_XOM_UNSUPPORTED))
		prot |= PROT_READ;
	if (options & ZX_VM_PERM_WRITE)
		prot |= PROT_WRITE;
	if (options & ZX_VM_PERM_EXECUTE)
		prot |= PROT_EXEC;
	if (mprotect((void*)addr, len, prot) != 0) {
		/*
		 * ENOMEM is either a hole in the range (unmapped since the
		 * module checked it) or no memory to split a mapping: ask
		 * the module again which.
		 */
		if (errno == EACCES)
			status = ZX_ERR_ACCESS_DENIED;
		else if (errno != ENOMEM)
			status = ZX_ERR_INVALID_ARGS;
		else if (zx_dev_ioctl(ZX_IOC_VMAR_PROTECT, (unsigned long)&a) ==
			 ZX_ERR_NOT_FOUND)
			status = ZX_ERR_NOT_FOUND;
		else
			status = ZX_ERR_NO_MEMORY;
		errno = saved;
	}
	return status;
}

zx_status_t zx_vmar_allocate(zx_handle_t parent_vmar, zx_vm_option_t options,
			     size_t offset, size_t size,
			     zx_handle_t *child_vmar, zx_vaddr_t *child_addr)
{
	uint64_t addr = 0;
	struct zx_ioc_vmar_allocate a = {
		.parent = parent_vmar,
		.options = options,
		.offset = offset,
		.size = size,
		.out_vmar = zx_ptr(child_vmar),
		.out_addr = zx_ptr(child_addr),
	};
	zx_status_t status;

	/* As zx_vmar_map(): the module stores into the caller's variables. */
	if (sizeof(zx_vaddr_t) != sizeof(uint64_t) && child_addr)
		a.out_addr = zx_ptr(&addr);
	status = zx_dev_ioctl(ZX_IOC_VMAR_ALLOCATE, (unsigned long)&a);
	if (status == ZX_OK && a.out_addr == zx_ptr(&addr))
		*child_addr = (zx_vaddr_t)addr;
	return status;
}

zx_status_t zx_vmar_destroy(zx_handle_t handle)
{
	struct zx_ioc_vmar_destroy a = { .vmar = handle };

	return zx_dev_ioctl(ZX_IOC_VMAR_DESTROY, (unsigned long)&a);
}

zx_status_t zx_vmar_op_range(zx_handle_t handle, uint32_t op,
			     zx_vaddr_t address, size_t size, void *buffer,
			     size_t buffer_size)
{
	struct zx_ioc_vmo_op_range a = {
		.handle = handle,
		.op = op,
		.offset = address,
		.size = size,
		.buffer = zx_ptr(buffer),
		.buffer_size = buffer_size,
	};

	return zx_dev_ioctl(ZX_IOC_VMAR_OP_RANGE, (unsigned long)&a);
}
