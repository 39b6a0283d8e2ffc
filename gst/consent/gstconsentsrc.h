/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_SRC_H__
#define __GST_CONSENT_SRC_H__

#include <gst/gst.h>
#include "gstconsenttypes.h"

G_BEGIN_DECLS

#define GST_TYPE_CONSENT_SRC (gst_consent_src_get_type ())
G_DECLARE_DERIVABLE_TYPE (GstConsentSrc, gst_consent_src, GST, CONSENT_SRC,
    GstBin)

/**
 * GstConsentSrcClass:
 * @kind: camera or microphone
 * @default_device_factory: the source used when device-source is not set
 * @blank_factory: the source of black video / silence for on-revoke=blank
 * @configure_blank: makes a @blank_factory element produce black / silence
 *
 * The shared base of consentvideosrc and consentaudiosrc: everything but
 * the kind of device lives here.
 */
struct _GstConsentSrcClass
{
  GstBinClass parent_class;

  GstConsentKind kind;
  const gchar *default_device_factory;
  const gchar *blank_factory;
  void (*configure_blank) (GstConsentSrc * self, GstElement * blank);
};

/**
 * GST_CONSENT_SRC_MESSAGE_REQUEST:
 *
 * Name of the element message posted when consent is asked for, with the
 * string fields `device`, `kind` ("camera" / "microphone"), `application`
 * (the program asking) and `provider`.
 */
#define GST_CONSENT_SRC_MESSAGE_REQUEST "consent-request"

/**
 * GST_CONSENT_SRC_MESSAGE_DEVICE:
 *
 * Name of the element message posted each time the device is opened or
 * released: boolean `in-use`, strings `device`, `kind`, `application`.
 */
#define GST_CONSENT_SRC_MESSAGE_DEVICE "consent-device"

/**
 * GST_CONSENT_SRC_MESSAGE_STATE:
 *
 * Name of the element message posted on every consent state change:
 * strings `state` (nick of #GstSecureRtcConsentState) and `reason`.
 */
#define GST_CONSENT_SRC_MESSAGE_STATE "consent-state"

G_END_DECLS

#endif /* __GST_CONSENT_SRC_H__ */
