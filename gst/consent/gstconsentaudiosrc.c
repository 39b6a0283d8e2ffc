/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-consentaudiosrc
 * @title: consentaudiosrc
 *
 * A microphone source that does not open the microphone until consent is
 * granted; the audio twin of consentvideosrc (same properties, signals and
 * messages, default #GstConsentSrc:device-source autoaudiosrc). With
 * on-revoke=blank it keeps streaming silence in the negotiated format.
 * There is no desktop portal for microphones: consent-provider=portal is a
 * RESOURCE/SETTINGS error.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 consentaudiosrc consent-provider=terminal ! audioconvert ! autoaudiosink
 * ]|
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstconsentelements.h"
#include "gstconsentaudiosrc.h"

struct _GstConsentAudioSrc
{
  GstConsentSrc parent;
};

G_DEFINE_TYPE (GstConsentAudioSrc, gst_consent_audio_src, GST_TYPE_CONSENT_SRC);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (consentaudiosrc, "consentaudiosrc",
    GST_RANK_NONE, GST_TYPE_CONSENT_AUDIO_SRC, consent_element_init (plugin));

static void
configure_silence (GstConsentSrc * self, GstElement * blank)
{
  g_object_set (blank, "is-live", TRUE, NULL);
  gst_util_set_object_arg (G_OBJECT (blank), "wave", "silence");
}

static void
gst_consent_audio_src_class_init (GstConsentAudioSrcClass * klass)
{
  GstConsentSrcClass *src_class = GST_CONSENT_SRC_CLASS (klass);

  src_class->kind = GST_CONSENT_KIND_MICROPHONE;
  src_class->default_device_factory = "autoaudiosrc";
  src_class->blank_factory = "audiotestsrc";
  src_class->configure_blank = configure_silence;

  gst_element_class_set_static_metadata (GST_ELEMENT_CLASS (klass),
      "Consent-gated microphone source", "Source/Audio",
      "Opens the microphone only after consent, releases it when consent is revoked",
      "gst-securertc developers");
}

static void
gst_consent_audio_src_init (GstConsentAudioSrc * self)
{
}
