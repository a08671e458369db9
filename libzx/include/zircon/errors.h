/* SPDX-License-Identifier: MIT */
/*
 * Status codes (zx_status_t values).  ZX_OK is success; every failure is
 * negative.  The numbers are Zircon's, so a status crosses unchanged
 * between code built for Fuchsia and code built against libzx.
 *
 * The codes themselves are defined once, in <linux/zircon_types.h>, which
 * the kernel module shares.
 */
#ifndef ZIRCON_ERRORS_H_
#define ZIRCON_ERRORS_H_

#include <linux/zircon_types.h>
#endif /* ZIRCON_ERRORS_H_ */
