/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_VIDEO_SRC_H__
#define __GST_CONSENT_VIDEO_SRC_H__

#include "gstconsentsrc.h"

G_BEGIN_DECLS

#define GST_TYPE_CONSENT_VIDEO_SRC (gst_consent_video_src_get_type ())
G_DECLARE_FINAL_TYPE (GstConsentVideoSrc, gst_consent_video_src, GST,
    CONSENT_VIDEO_SRC, GstConsentSrc)

G_END_DECLS

#endif /* __GST_CONSENT_VIDEO_SRC_H__ */
