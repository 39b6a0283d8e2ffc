/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_TYPES_H__
#define __GST_CONSENT_TYPES_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstConsentProvider:
 * @GST_CONSENT_PROVIDER_APPLICATION: the application answers the
 *   #GstConsentSrc::consent-request signal / bus message with the grant or
 *   deny action signals
 * @GST_CONSENT_PROVIDER_TERMINAL: ask on the controlling terminal (/dev/tty)
 * @GST_CONSENT_PROVIDER_PORTAL: ask the xdg-desktop-portal Camera portal
 *   (video only)
 * @GST_CONSENT_PROVIDER_STORE: only remembered "always" grants decide
 *
 * Who is asked for consent.
 */
typedef enum {
  GST_CONSENT_PROVIDER_APPLICATION,
  GST_CONSENT_PROVIDER_TERMINAL,
  GST_CONSENT_PROVIDER_PORTAL,
  GST_CONSENT_PROVIDER_STORE,
} GstConsentProvider;

/**
 * GstConsentOnRevoke:
 * @GST_CONSENT_ON_REVOKE_EOS: send EOS downstream
 * @GST_CONSENT_ON_REVOKE_ERROR: post a RESOURCE/NOT_AUTHORIZED error
 * @GST_CONSENT_ON_REVOKE_BLANK: keep streaming black video or silence with
 *   the same caps and continuing timestamps
 *
 * What downstream sees once consent is revoked. The device is released at
 * once in every case.
 */
typedef enum {
  GST_CONSENT_ON_REVOKE_EOS,
  GST_CONSENT_ON_REVOKE_ERROR,
  GST_CONSENT_ON_REVOKE_BLANK,
} GstConsentOnRevoke;

/**
 * GstConsentKind:
 * @GST_CONSENT_KIND_CAMERA: a camera (video)
 * @GST_CONSENT_KIND_MICROPHONE: a microphone (audio)
 *
 * What kind of device a consent source guards.
 */
typedef enum {
  GST_CONSENT_KIND_CAMERA,
  GST_CONSENT_KIND_MICROPHONE,
} GstConsentKind;

G_END_DECLS

#endif /* __GST_CONSENT_TYPES_H__ */
