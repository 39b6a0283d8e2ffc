/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_NICE_ICE_TRANSPORT_H__
#define __GST_NICE_ICE_TRANSPORT_H__

#include "gsticetransport.h"

G_BEGIN_DECLS

/**
 * GstSecureRtcNiceConfig:
 * @local_addresses: %NULL-terminated IP addresses to gather host candidates
 *   on (libnice then uses only these); %NULL lets libnice discover them
 *   (it skips loopback interfaces, hence this option)
 * @stun_host: STUN server address (an IP address: libnice does not resolve
 *   host names), or %NULL
 * @stun_port: its port
 * @turn_host: TURN server address (IP address, UDP), or %NULL
 * @turn_port: its port
 * @turn_user: TURN user name
 * @turn_password: TURN password (secret; copied to libnice only)
 * @force_relay: use only relay candidates (libnice's force-relay): needs
 *   @turn_host; the transport fails when gathering ends without one
 * @context: (nullable): run the agent on this context from
 *   gst_secure_rtc_peer_context_acquire() (to share the thread of the
 *   caller's other work); %NULL: the least used ICE thread
 */
typedef struct
{
  const gchar * const *local_addresses;
  const gchar *stun_host;
  guint stun_port;
  const gchar *turn_host;
  guint turn_port;
  const gchar *turn_user;
  const gchar *turn_password;
  gboolean force_relay;
  GMainContext *context;
} GstSecureRtcNiceConfig;

#define GST_SECURE_RTC_TYPE_NICE_TRANSPORT (gst_secure_rtc_nice_transport_get_type ())
G_DECLARE_FINAL_TYPE (GstSecureRtcNiceTransport, gst_secure_rtc_nice_transport,
    GST_SECURE_RTC, NICE_TRANSPORT, GObject)

GstSecureRtcIceTransport *gst_secure_rtc_nice_transport_new (const GstSecureRtcNiceConfig * config,
    GError ** error);

guint gst_secure_rtc_nice_transport_context_users (void);
guint gst_secure_rtc_nice_transport_context_threads (void);
GMainContext *gst_secure_rtc_peer_context_acquire (GMainContext * context);
void gst_secure_rtc_peer_context_release (GMainContext * context);

G_END_DECLS

#endif /* __GST_NICE_ICE_TRANSPORT_H__ */
