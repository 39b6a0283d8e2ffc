/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SRTP_ENCRYPT_H__
#define __GST_SRTP_ENCRYPT_H__

#include "gstsrtpfilter.h"

G_BEGIN_DECLS

#define GST_TYPE_SRTP_ENCRYPT (gst_srtp_encrypt_get_type ())
G_DECLARE_FINAL_TYPE (GstSrtpEncrypt, gst_srtp_encrypt, GST, SRTP_ENCRYPT,
    GstSrtpFilter)

G_END_DECLS

#endif /* __GST_SRTP_ENCRYPT_H__ */
