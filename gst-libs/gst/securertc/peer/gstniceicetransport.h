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
 * @stun_host: STUN server address (IP), or %NULL
 * @stun_port: its port
 * @turn_host: TURN server address (IP, UDP), or %NULL
 * @turn_port: its port
 * @turn_user: TURN user name
 * @turn_password: TURN password (secret; copied to libnice only)
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
} GstSecureRtcNiceConfig;

#define GST_SECURE_RTC_TYPE_NICE_TRANSPORT (gst_secure_rtc_nice_transport_get_type ())
G_DECLARE_FINAL_TYPE (GstSecureRtcNiceTransport, gst_secure_rtc_nice_transport,
    GST_SECURE_RTC, NICE_TRANSPORT, GObject)

GstSecureRtcIceTransport *gst_secure_rtc_nice_transport_new (const GstSecureRtcNiceConfig * config,
    GError ** error);

guint gst_secure_rtc_nice_transport_context_users (void);
GMainContext *gst_secure_rtc_peer_context_acquire (void);
void gst_secure_rtc_peer_context_release (void);

G_END_DECLS

#endif /* __GST_NICE_ICE_TRANSPORT_H__ */
