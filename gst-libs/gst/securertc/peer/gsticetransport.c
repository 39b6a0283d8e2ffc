/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gsticetransport.h"
#include "gstsecurertc-enumtypes.h"

G_DEFINE_INTERFACE (GstSecureRtcIceTransport, gst_secure_rtc_ice_transport,
    G_TYPE_OBJECT);

static void
gst_secure_rtc_ice_transport_default_init (GstSecureRtcIceTransportInterface *
    iface)
{
  /**
   * GstSecureRtcIceTransport::candidate:
   * @candidate: a local candidate, "candidate:…" (RFC 8839 §5.1)
   *
   * A local candidate was gathered (trickle ICE).
   */
  g_signal_new ("candidate", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * GstSecureRtcIceTransport::gathering-done:
   *
   * No more local candidates will come.
   */
  g_signal_new ("gathering-done", G_TYPE_FROM_INTERFACE (iface),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GstSecureRtcIceTransport::state-changed:
   * @state: the new #GstSecureRtcIceState
   */
  g_signal_new ("state-changed", G_TYPE_FROM_INTERFACE (iface),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
      GST_TYPE_SECURE_RTC_ICE_STATE);
}

#define IFACE(self) GST_SECURE_RTC_ICE_TRANSPORT_GET_IFACE (self)

void
gst_secure_rtc_ice_transport_set_controlling (GstSecureRtcIceTransport * self,
    gboolean controlling)
{
  IFACE (self)->set_controlling (self, controlling);
}

gboolean
gst_secure_rtc_ice_transport_gather (GstSecureRtcIceTransport * self,
    GError ** error)
{
  return IFACE (self)->gather (self, error);
}

void
gst_secure_rtc_ice_transport_get_local_credentials (GstSecureRtcIceTransport *
    self, gchar ** ufrag, gchar ** pwd)
{
  IFACE (self)->get_local_credentials (self, ufrag, pwd);
}

gboolean
gst_secure_rtc_ice_transport_set_remote_credentials (GstSecureRtcIceTransport *
    self, const gchar * ufrag, const gchar * pwd, GError ** error)
{
  return IFACE (self)->set_remote_credentials (self, ufrag, pwd, error);
}

gboolean
gst_secure_rtc_ice_transport_add_remote_candidate (GstSecureRtcIceTransport *
    self, const gchar * candidate, GError ** error)
{
  return IFACE (self)->add_remote_candidate (self, candidate, error);
}

void
gst_secure_rtc_ice_transport_set_receive_func (GstSecureRtcIceTransport * self,
    GstSecureRtcIceReceiveFunc func, gpointer user_data, GDestroyNotify notify)
{
  IFACE (self)->set_receive_func (self, func, user_data, notify);
}

gboolean
gst_secure_rtc_ice_transport_send (GstSecureRtcIceTransport * self,
    const guint8 * data, gsize len)
{
  return IFACE (self)->send (self, data, len);
}

gchar *
gst_secure_rtc_ice_transport_get_selected_pair (GstSecureRtcIceTransport * self)
{
  return IFACE (self)->get_selected_pair (self);
}

void
gst_secure_rtc_ice_transport_close (GstSecureRtcIceTransport * self)
{
  IFACE (self)->close (self);
}
