/* SPDX-License-Identifier: MIT */
/*
 * zx_cache_flush(): cache maintenance on the caller's own memory, done in
 * user space as Fuchsia's vDSO does it, with no call into the module.
 *
 * The options Fuchsia accepts are INSN, DATA, DATA|INSN, DATA|INVALIDATE
 * and DATA|INVALIDATE|INSN; any other combination (0, INVALIDATE without
 * DATA, unknown bits) is ZX_ERR_INVALID_ARGS.  On x86 every accepted
 * combination writes back and invalidates each data cache line of the
 * range with CLFLUSH, then fences (the instruction cache is coherent with
 * the data cache, so INSN needs nothing more).  The range is not checked,
 * as on Fuchsia: CLFLUSH of a line with nothing mapped faults (SIGSEGV
 * here, Fuchsia's page fault exception there), on hardware at least.
 */
#include <stdint.h>

#include <zircon/syscalls.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/*
 * CLFLUSH's line size (CPUID.1:EBX[15:8], in 8-byte units), or 0 when
 * CPUID.1:EDX bit 19 (CLFSH) says there is no CLFLUSH.
 */
static unsigned int zx_clflush_line(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(edx & (1u << 19)))
		return 0;
	return ((ebx >> 8) & 0xff) * 8;
}
#endif

zx_status_t zx_cache_flush(const void *addr, size_t len, uint32_t options)
{
	switch (options) {
	case ZX_CACHE_FLUSH_INSN:
	case ZX_CACHE_FLUSH_DATA:
	case ZX_CACHE_FLUSH_DATA | ZX_CACHE_FLUSH_INSN:
	case ZX_CACHE_FLUSH_DATA | ZX_CACHE_FLUSH_INVALIDATE:
	case ZX_CACHE_FLUSH_DATA | ZX_CACHE_FLUSH_INVALIDATE |
	     ZX_CACHE_FLUSH_INSN:
		break;
	default:
		return ZX_ERR_INVALID_ARGS;
	}
#if defined(__x86_64__) || defined(__i386__)
	{
		unsigned int line = zx_clflush_line();
		uintptr_t p, end = (uintptr_t)addr + len;

		if (!line)
			return ZX_ERR_NOT_SUPPORTED;
		for (p = (uintptr_t)addr & ~(uintptr_t)(line - 1); p < end;
		     p += line)
			__asm__ volatile("clflush %0" : : "m"(*(const char *)p));
		__asm__ volatile("mfence" : : : "memory");
	}
	return ZX_OK;
#else
	(void)addr;
	(void)len;
	return ZX_ERR_NOT_SUPPORTED;
#endif
}
