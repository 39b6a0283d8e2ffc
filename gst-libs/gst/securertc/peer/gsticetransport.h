/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_ICE_TRANSPORT_H__
#define __GST_ICE_TRANSPORT_H__

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SECTION:gsticetransport
 * @title: ICE transport
 *
 * The small interface securepeerbin needs from ICE (RFC 8445): one
 * component (BUNDLE + rtcp-mux), trickled candidates, datagrams in and out.
 * libnice cannot be sans-IO, so it lives behind this interface
 * (#GstSecureRtcNiceTransport is the real implementation).
 *
 * Threading: the signals and the receive callback are called from the
 * transport's own context thread, never with a lock of the caller held;
 * send() may be called from any thread.
 */

/**
 * GstSecureRtcIceState:
 * @GST_SECURE_RTC_ICE_STATE_NEW: nothing started
 * @GST_SECURE_RTC_ICE_STATE_CHECKING: gathering or running connectivity checks
 * @GST_SECURE_RTC_ICE_STATE_CONNECTED: a pair is selected, data can flow
 * @GST_SECURE_RTC_ICE_STATE_FAILED: no pair works, or consent was lost (RFC 7675)
 * @GST_SECURE_RTC_ICE_STATE_CLOSED: closed locally
 */
typedef enum
{
  GST_SECURE_RTC_ICE_STATE_NEW,
  GST_SECURE_RTC_ICE_STATE_CHECKING,
  GST_SECURE_RTC_ICE_STATE_CONNECTED,
  GST_SECURE_RTC_ICE_STATE_FAILED,
  GST_SECURE_RTC_ICE_STATE_CLOSED,
} GstSecureRtcIceState;

/**
 * GstSecureRtcIceReceiveFunc:
 * @data: one datagram
 * @len: its length
 * @user_data: as given
 */
typedef void (*GstSecureRtcIceReceiveFunc) (const guint8 * data, gsize len,
    gpointer user_data);

#define GST_SECURE_RTC_TYPE_ICE_TRANSPORT (gst_secure_rtc_ice_transport_get_type ())
G_DECLARE_INTERFACE (GstSecureRtcIceTransport, gst_secure_rtc_ice_transport,
    GST_SECURE_RTC, ICE_TRANSPORT, GObject)

struct _GstSecureRtcIceTransportInterface
{
  GTypeInterface parent_iface;

  void     (*set_controlling)        (GstSecureRtcIceTransport * self, gboolean controlling);
  gboolean (*gather)                 (GstSecureRtcIceTransport * self, GError ** error);
  void     (*get_local_credentials)  (GstSecureRtcIceTransport * self, gchar ** ufrag,
                                      gchar ** pwd);
  gboolean (*set_remote_credentials) (GstSecureRtcIceTransport * self, const gchar * ufrag,
                                      const gchar * pwd, GError ** error);
  gboolean (*add_remote_candidate)   (GstSecureRtcIceTransport * self, const gchar * candidate,
                                      GError ** error);
  void     (*set_receive_func)       (GstSecureRtcIceTransport * self,
                                      GstSecureRtcIceReceiveFunc func, gpointer user_data,
                                      GDestroyNotify notify);
  gboolean (*send)                   (GstSecureRtcIceTransport * self, const guint8 * data,
                                      gsize len);
  gchar *  (*get_selected_pair)      (GstSecureRtcIceTransport * self);
  void     (*close)                  (GstSecureRtcIceTransport * self);
};

void     gst_secure_rtc_ice_transport_set_controlling (GstSecureRtcIceTransport * self,
    gboolean controlling);
gboolean gst_secure_rtc_ice_transport_gather (GstSecureRtcIceTransport * self,
    GError ** error);
void     gst_secure_rtc_ice_transport_get_local_credentials (GstSecureRtcIceTransport * self,
    gchar ** ufrag, gchar ** pwd);
gboolean gst_secure_rtc_ice_transport_set_remote_credentials (GstSecureRtcIceTransport * self,
    const gchar * ufrag, const gchar * pwd, GError ** error);
gboolean gst_secure_rtc_ice_transport_add_remote_candidate (GstSecureRtcIceTransport * self,
    const gchar * candidate, GError ** error);
void     gst_secure_rtc_ice_transport_set_receive_func (GstSecureRtcIceTransport * self,
    GstSecureRtcIceReceiveFunc func, gpointer user_data, GDestroyNotify notify);
gboolean gst_secure_rtc_ice_transport_send (GstSecureRtcIceTransport * self,
    const guint8 * data, gsize len);
gchar *  gst_secure_rtc_ice_transport_get_selected_pair (GstSecureRtcIceTransport * self);
void     gst_secure_rtc_ice_transport_close (GstSecureRtcIceTransport * self);

G_END_DECLS

#endif /* __GST_ICE_TRANSPORT_H__ */
