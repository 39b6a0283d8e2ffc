/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_RTC_CONSENT_STORE_H__
#define __GST_SECURE_RTC_CONSENT_STORE_H__

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * GstSecureRtcConsentGrant:
 * @program: the program that was allowed (e.g. "gst-launch-1.0")
 * @kind: "camera" or "microphone"
 * @device: the device it was allowed to open
 * @granted: when, in seconds since the Unix epoch (0 if unknown)
 *
 * One remembered "always" grant.
 */
typedef struct {
  gchar *program;
  gchar *kind;
  gchar *device;
  gint64 granted;
} GstSecureRtcConsentGrant;

void gst_secure_rtc_consent_grant_free (GstSecureRtcConsentGrant * grant);

#define GST_SECURE_RTC_TYPE_CONSENT_STORE (gst_secure_rtc_consent_store_get_type ())
G_DECLARE_FINAL_TYPE (GstSecureRtcConsentStore, gst_secure_rtc_consent_store,
    GST_SECURE_RTC, CONSENT_STORE, GObject)

/*
 * The remembered-grants store: a GKeyFile at
 * g_get_user_config_dir()/gst-securertc/consent.ini, one group per grant:
 *
 *   [grant-<16 hex digits>]
 *   program=gst-launch-1.0
 *   kind=camera
 *   device=/dev/video0
 *   granted=2026-11-26T09:30:00Z
 *
 * Writes are atomic (write to a temporary file, then rename), so a reader
 * sees either the old or the new file. A file that does not parse is treated
 * as empty and reported with GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT:
 * a broken store can only deny, never grant.
 */

gchar * gst_secure_rtc_consent_store_get_default_path (void);

GstSecureRtcConsentStore * gst_secure_rtc_consent_store_new (const gchar * path);

const gchar * gst_secure_rtc_consent_store_get_path (GstSecureRtcConsentStore * store);

gboolean gst_secure_rtc_consent_store_load (GstSecureRtcConsentStore * store,
    GError ** error);

gboolean gst_secure_rtc_consent_store_lookup (GstSecureRtcConsentStore * store,
    const gchar * program, const gchar * kind, const gchar * device);

gboolean gst_secure_rtc_consent_store_remember (GstSecureRtcConsentStore * store,
    const gchar * program, const gchar * kind, const gchar * device,
    gint64 when, GError ** error);

gint gst_secure_rtc_consent_store_forget (GstSecureRtcConsentStore * store,
    const gchar * program, const gchar * kind, const gchar * device,
    GError ** error);

GPtrArray * gst_secure_rtc_consent_store_list (GstSecureRtcConsentStore * store);

G_END_DECLS

#endif /* __GST_SECURE_RTC_CONSENT_STORE_H__ */
