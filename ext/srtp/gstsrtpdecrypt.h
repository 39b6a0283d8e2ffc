/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SRTP_DECRYPT_H__
#define __GST_SRTP_DECRYPT_H__

#include "gstsrtpfilter.h"

G_BEGIN_DECLS

#define GST_TYPE_SRTP_DECRYPT (gst_srtp_decrypt_get_type ())
G_DECLARE_FINAL_TYPE (GstSrtpDecrypt, gst_srtp_decrypt, GST, SRTP_DECRYPT,
    GstSrtpFilter)

G_END_DECLS

#endif /* __GST_SRTP_DECRYPT_H__ */
