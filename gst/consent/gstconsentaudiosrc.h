/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_AUDIO_SRC_H__
#define __GST_CONSENT_AUDIO_SRC_H__

#include "gstconsentsrc.h"

G_BEGIN_DECLS

#define GST_TYPE_CONSENT_AUDIO_SRC (gst_consent_audio_src_get_type ())
G_DECLARE_FINAL_TYPE (GstConsentAudioSrc, gst_consent_audio_src, GST,
    CONSENT_AUDIO_SRC, GstConsentSrc)

G_END_DECLS

#endif /* __GST_CONSENT_AUDIO_SRC_H__ */
