/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place for differences between kernel versions.
 *
 * The module uses only stable exported APIs and is built and tested against
 * Debian's 6.1.  Nothing version-specific is needed yet; when a newer kernel
 * renames something the module uses, the shim goes here and nowhere else.
 */
#ifndef ZX_MODULE_COMPAT_H
#define ZX_MODULE_COMPAT_H

#include <linux/version.h>

#endif /* ZX_MODULE_COMPAT_H */
