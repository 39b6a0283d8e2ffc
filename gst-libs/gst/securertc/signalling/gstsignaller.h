/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_RTC_SIGNALLER_H__
#define __GST_SECURE_RTC_SIGNALLER_H__

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gstsignallingprotocol.h"

G_BEGIN_DECLS

/**
 * GstSecureRtcSignallerState:
 * @GST_SECURE_RTC_SIGNALLER_STATE_DISCONNECTED: not connected (not started, stopped, or waiting to reconnect)
 * @GST_SECURE_RTC_SIGNALLER_STATE_CONNECTING: WebSocket being opened, or waiting for "welcome"
 * @GST_SECURE_RTC_SIGNALLER_STATE_CONNECTED: "welcome" received: #GstSecureRtcSignaller:peer-id is known
 * @GST_SECURE_RTC_SIGNALLER_STATE_FAILED: gave up (reconnect attempts exhausted)
 */
typedef enum
{
  GST_SECURE_RTC_SIGNALLER_STATE_DISCONNECTED,
  GST_SECURE_RTC_SIGNALLER_STATE_CONNECTING,
  GST_SECURE_RTC_SIGNALLER_STATE_CONNECTED,
  GST_SECURE_RTC_SIGNALLER_STATE_FAILED,
} GstSecureRtcSignallerState;

#define GST_SECURE_RTC_TYPE_SIGNALLER (gst_secure_rtc_signaller_get_type ())
G_DECLARE_FINAL_TYPE (GstSecureRtcSignaller, gst_secure_rtc_signaller, GST_SECURE_RTC,
    SIGNALLER, GObject)

GstSecureRtcSignaller *gst_secure_rtc_signaller_new (const gchar * uri);

gboolean gst_secure_rtc_signaller_start (GstSecureRtcSignaller * self, GError ** error);
void gst_secure_rtc_signaller_stop (GstSecureRtcSignaller * self);

gchar *gst_secure_rtc_signaller_dup_peer_id (GstSecureRtcSignaller * self);
GstSecureRtcSignallerState gst_secure_rtc_signaller_get_state (GstSecureRtcSignaller * self);

void gst_secure_rtc_signaller_set_peer_status (GstSecureRtcSignaller * self,
    GstSecureRtcSignallingRoles roles, JsonNode * meta);

gboolean gst_secure_rtc_signaller_list_producers (GstSecureRtcSignaller * self, GError ** error);
gboolean gst_secure_rtc_signaller_list_consumers (GstSecureRtcSignaller * self, GError ** error);
gboolean gst_secure_rtc_signaller_start_session (GstSecureRtcSignaller * self,
    const gchar * peer_id, const gchar * offer_sdp, GError ** error);
gboolean gst_secure_rtc_signaller_send_sdp (GstSecureRtcSignaller * self,
    const gchar * session_id, const gchar * type, const gchar * sdp, GError ** error);
gboolean gst_secure_rtc_signaller_send_ice (GstSecureRtcSignaller * self,
    const gchar * session_id, const gchar * candidate, guint sdp_mline_index,
    GError ** error);
gboolean gst_secure_rtc_signaller_end_session (GstSecureRtcSignaller * self,
    const gchar * session_id, const gchar * error_text, GError ** error);

G_END_DECLS

#endif /* __GST_SECURE_RTC_SIGNALLER_H__ */
