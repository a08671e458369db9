/* SPDX-License-Identifier: MIT */
/*
 * Handle rights (zx_rights_t), their usual groupings, and the rights a new
 * handle to each kind of object starts with.  Bit positions are Zircon's.
 *
 * The rights are defined once, in <linux/zircon_types.h>, which the
 * kernel module shares.
 */
#ifndef ZIRCON_RIGHTS_H_
#define ZIRCON_RIGHTS_H_

#include <linux/zircon_types.h>

#endif /* ZIRCON_RIGHTS_H_ */
