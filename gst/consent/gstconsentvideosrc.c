/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-consentvideosrc
 * @title: consentvideosrc
 *
 * A camera source that does not open the camera until the person in front
 * of it agreed. It wraps a real capture source (#GstConsentSrc:device-source,
 * default autovideosrc) and keeps it in NULL — device closed — until consent
 * is granted by the chosen #GstConsentSrc:consent-provider. A denial (or no
 * answer within #GstConsentSrc:consent-timeout) is a RESOURCE/NOT_AUTHORIZED
 * error and no buffer is ever produced. The #GstConsentSrc::revoke action
 * signal (or removing a remembered grant with `gst-securertc-consent revoke`)
 * releases the camera at once; #GstConsentSrc:on-revoke decides whether
 * downstream then gets EOS, an error, or black frames with the same caps.
 *
 * #GstConsentSrc:in-use tells whether the camera is open, and each opening
 * and release posts a `consent-device` element message (boolean `in-use`,
 * strings `device`, `kind`, `application`).
 *
 * ## Example launch line (asks on the terminal)
 * |[
 * gst-launch-1.0 consentvideosrc consent-provider=terminal ! videoconvert ! autovideosink
 * ]|
 *
 * ## Test source, decided by the remembered grants only
 * |[
 * gst-launch-1.0 -m consentvideosrc consent-provider=store device-source="videotestsrc is-live=true" ! fakesink
 * ]| fails at once with "No remembered permission…" unless an "always"
 * grant for gst-launch-1.0 and videotestsrc was stored before.
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstconsentelements.h"
#include "gstconsentvideosrc.h"

struct _GstConsentVideoSrc
{
  GstConsentSrc parent;
};

G_DEFINE_TYPE (GstConsentVideoSrc, gst_consent_video_src, GST_TYPE_CONSENT_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (consentvideosrc, "consentvideosrc",
    GST_RANK_NONE, GST_TYPE_CONSENT_VIDEO_SRC, consent_element_init (plugin));

static void
configure_black (GstConsentSrc * self, GstElement * blank)
{
  g_object_set (blank, "is-live", TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (blank), "pattern", "black");
}

static void
gst_consent_video_src_class_init (GstConsentVideoSrcClass * klass)
{
  GstConsentSrcClass *src_class = GST_CONSENT_SRC_CLASS (klass);

  src_class->kind = GST_CONSENT_KIND_CAMERA;
  src_class->default_device_factory = "autovideosrc";
  src_class->blank_factory = "videotestsrc";
  src_class->configure_blank = configure_black;

  gst_element_class_set_static_metadata (GST_ELEMENT_CLASS (klass),
      "Consent-gated camera source", "Source/Video",
      "Opens the camera only after consent, releases it when consent is revoked",
      "gst-securertc developers");
}

static void
gst_consent_video_src_init (GstConsentVideoSrc * self)
{
}
