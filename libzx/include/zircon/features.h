/* SPDX-License-Identifier: MIT */
/* Kinds and bits of zx_system_get_features(), with Zircon's values. */
#ifndef ZIRCON_FEATURES_H_
#define ZIRCON_FEATURES_H_

#include <stdint.h>

#define ZX_FEATURE_KIND_CPU			((uint32_t)0)
#define ZX_FEATURE_KIND_HW_BREAKPOINT_COUNT	((uint32_t)1)
#define ZX_FEATURE_KIND_HW_WATCHPOINT_COUNT	((uint32_t)2)
#define ZX_FEATURE_KIND_ADDRESS_TAGGING		((uint32_t)3)
#define ZX_FEATURE_KIND_VM			((uint32_t)4)

/* ZX_FEATURE_KIND_CPU: set when the kind is supported at all. */
#define ZX_HAS_CPU_FEATURES			((uint32_t)(1u << 0))

/* ZX_FEATURE_KIND_VM */
#define ZX_VM_FEATURE_CAN_MAP_XOM		((uint32_t)(1u << 0))

/*
 * x86-64 defines no ZX_FEATURE_KIND_CPU bits (Zircon answers
 * ZX_ERR_NOT_SUPPORTED there: use cpuid) and no address-tagging bits.
 */

#endif /* ZIRCON_FEATURES_H_ */
