/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for differences between kernel versions.  The module is
 * built and tested against Debian's 6.1; nothing here is needed for it yet.
 */
#ifndef ZX_MODULE_COMPAT_H
#define ZX_MODULE_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0)
#error "zircon.ko needs Linux 5.10 or newer"
#endif

#endif /* ZX_MODULE_COMPAT_H */
