/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_RTC_H__
#define __GST_SECURE_RTC_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * gst_secure_rtc_init:
 *
 * One-time initialisation of the internal library: debug categories, value
 * tables and the translation domain. Idempotent and thread-safe; every plugin
 * of gst-securertc calls it from its element init.
 */
void gst_secure_rtc_init (void);

G_END_DECLS

#endif /* __GST_SECURE_RTC_H__ */
