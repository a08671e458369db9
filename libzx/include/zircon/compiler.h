/* SPDX-License-Identifier: MIT */
/*
 * The few compiler macros Fuchsia's public headers and libraries use
 * (<zircon/compiler.h>): C linkage brackets and attribute spellings.
 */
#ifndef ZIRCON_COMPILER_H_
#define ZIRCON_COMPILER_H_

#ifdef __cplusplus
#define __BEGIN_CDECLS	extern "C" {
#define __END_CDECLS	}
#else
#define __BEGIN_CDECLS
#define __END_CDECLS
#endif

#ifndef __NO_RETURN
#define __NO_RETURN		__attribute__((__noreturn__))
#endif
#ifndef __PRINTFLIKE
#define __PRINTFLIKE(fmt, first) \
	__attribute__((__format__(__printf__, fmt, first)))
#endif
#ifndef __WARN_UNUSED_RESULT
#define __WARN_UNUSED_RESULT	__attribute__((__warn_unused_result__))
#endif
#ifndef __UNUSED
#define __UNUSED		__attribute__((__unused__))
#endif
#ifndef __PACKED
#define __PACKED		__attribute__((__packed__))
#endif
#ifndef __ALIGNED
#define __ALIGNED(x)		__attribute__((__aligned__(x)))
#endif
#ifndef __EXPORT
#define __EXPORT		__attribute__((__visibility__("default")))
#endif
#ifndef __LOCAL
#define __LOCAL			__attribute__((__visibility__("hidden")))
#endif
#ifndef likely
#define likely(x)		__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)		__builtin_expect(!!(x), 0)
#endif

#endif /* ZIRCON_COMPILER_H_ */
