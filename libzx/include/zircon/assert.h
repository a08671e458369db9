/* SPDX-License-Identifier: MIT */
/*
 * <zircon/assert.h>: Fuchsia's assertion macros.  ZX_ASSERT* always
 * check; ZX_DEBUG_ASSERT* check only when ZX_DEBUG_ASSERT_IMPLEMENTED
 * (ZX_DEBUGLEVEL > 1, the default unless NDEBUG is defined), and
 * otherwise still compile their condition without evaluating it.  A
 * failed check calls __zx_panic() (libzx), which writes the message to
 * standard error and aborts.
 */
#ifndef ZIRCON_ASSERT_H_
#define ZIRCON_ASSERT_H_

#include <zircon/compiler.h>

#ifndef ZX_DEBUGLEVEL
#ifdef NDEBUG
#define ZX_DEBUGLEVEL 0
#else
#define ZX_DEBUGLEVEL 2
#endif
#endif

#define ZX_DEBUG_ASSERT_IMPLEMENTED (ZX_DEBUGLEVEL > 1)

__BEGIN_CDECLS
void __zx_panic(const char *format, ...) __NO_RETURN __PRINTFLIKE(1, 2);
__END_CDECLS

#define ZX_PANIC(fmt, ...) __zx_panic((fmt), ##__VA_ARGS__)

#define ZX_ASSERT(x)							\
	do {								\
		if (unlikely(!(x)))					\
			__zx_panic("ASSERT FAILED at (%s:%d): %s\n",	\
				   __FILE__, __LINE__, #x);		\
	} while (0)

#define ZX_ASSERT_MSG(x, msg, ...)					\
	do {								\
		if (unlikely(!(x)))					\
			__zx_panic("ASSERT FAILED at (%s:%d): %s\n" msg "\n", \
				   __FILE__, __LINE__, #x, ##__VA_ARGS__); \
	} while (0)

#define ZX_DEBUG_ASSERT(x)						\
	do {								\
		if (ZX_DEBUG_ASSERT_IMPLEMENTED && unlikely(!(x)))	\
			__zx_panic("DEBUG ASSERT FAILED at (%s:%d): %s\n", \
				   __FILE__, __LINE__, #x);		\
	} while (0)

#define ZX_DEBUG_ASSERT_MSG(x, msg, ...)				\
	do {								\
		if (ZX_DEBUG_ASSERT_IMPLEMENTED && unlikely(!(x)))	\
			__zx_panic("DEBUG ASSERT FAILED at (%s:%d): %s\n" \
				   msg "\n", __FILE__, __LINE__, #x,	\
				   ##__VA_ARGS__);			\
	} while (0)

/* The condition is compiled only where debug assertions are on. */
#if ZX_DEBUG_ASSERT_IMPLEMENTED
#define ZX_DEBUG_ASSERT_COND(x)			ZX_DEBUG_ASSERT(x)
#define ZX_DEBUG_ASSERT_MSG_COND(x, msg, ...)	\
	ZX_DEBUG_ASSERT_MSG(x, msg, ##__VA_ARGS__)
#else
#define ZX_DEBUG_ASSERT_COND(x)			do { } while (0)
#define ZX_DEBUG_ASSERT_MSG_COND(x, msg, ...)	do { } while (0)
#endif

#endif /* ZIRCON_ASSERT_H_ */
