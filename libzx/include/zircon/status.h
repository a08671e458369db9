/* SPDX-License-Identifier: MIT */
/* Names of status codes. */
#ifndef ZIRCON_STATUS_H_
#define ZIRCON_STATUS_H_

#include <zircon/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The name of *status* as written in <zircon/errors.h>, for example
 * "ZX_ERR_TIMED_OUT", or "(UNKNOWN)" for a value that names no status.
 * The string is static; never free it.
 */
const char *zx_status_get_string(zx_status_t status);

#ifdef __cplusplus
}
#endif

#endif /* ZIRCON_STATUS_H_ */
