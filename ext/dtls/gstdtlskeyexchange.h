/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_DTLS_KEY_EXCHANGE_H__
#define __GST_DTLS_KEY_EXCHANGE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_DTLS_KEY_EXCHANGE (gst_dtls_key_exchange_get_type ())
G_DECLARE_FINAL_TYPE (GstDtlsKeyExchange, gst_dtls_key_exchange, GST,
    DTLS_KEY_EXCHANGE, GstElement);

G_END_DECLS

#endif /* __GST_DTLS_KEY_EXCHANGE_H__ */
