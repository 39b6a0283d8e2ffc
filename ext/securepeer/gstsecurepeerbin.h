/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_PEER_BIN_H__
#define __GST_SECURE_PEER_BIN_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstSecurePeerConnectionState:
 * @GST_SECURE_PEER_CONNECTION_STATE_NEW: nothing negotiated yet
 * @GST_SECURE_PEER_CONNECTION_STATE_CONNECTING: ICE checks or the DTLS handshake are running
 * @GST_SECURE_PEER_CONNECTION_STATE_CONNECTED: ICE connected and the DTLS peer verified: media flows encrypted
 * @GST_SECURE_PEER_CONNECTION_STATE_DISCONNECTED: reserved (libnice reports lost consent as failed)
 * @GST_SECURE_PEER_CONNECTION_STATE_FAILED: ICE failed or consent was lost (RFC 7675), or DTLS failed (e.g. fingerprint mismatch)
 * @GST_SECURE_PEER_CONNECTION_STATE_CLOSED: closed with the `close` action signal
 */
typedef enum
{
  GST_SECURE_PEER_CONNECTION_STATE_NEW,
  GST_SECURE_PEER_CONNECTION_STATE_CONNECTING,
  GST_SECURE_PEER_CONNECTION_STATE_CONNECTED,
  GST_SECURE_PEER_CONNECTION_STATE_DISCONNECTED,
  GST_SECURE_PEER_CONNECTION_STATE_FAILED,
  GST_SECURE_PEER_CONNECTION_STATE_CLOSED,
} GstSecurePeerConnectionState;

/**
 * GstSecurePeerIceTransportPolicy:
 * @GST_SECURE_PEER_ICE_TRANSPORT_POLICY_ALL: every candidate type (host, server reflexive, relay)
 * @GST_SECURE_PEER_ICE_TRANSPORT_POLICY_RELAY: only relay candidates of our TURN server: all traffic goes through it, and the peer never learns our own addresses
 *
 * Which local ICE candidates may be used (as webrtcbin's
 * #GstWebRTCICETransportPolicy and the W3C iceTransportPolicy).
 */
typedef enum
{
  GST_SECURE_PEER_ICE_TRANSPORT_POLICY_ALL,
  GST_SECURE_PEER_ICE_TRANSPORT_POLICY_RELAY,
} GstSecurePeerIceTransportPolicy;

#define GST_TYPE_SECURE_PEER_BIN (gst_secure_peer_bin_get_type ())
G_DECLARE_FINAL_TYPE (GstSecurePeerBin, gst_secure_peer_bin, GST,
    SECURE_PEER_BIN, GstBin)

G_END_DECLS

#endif /* __GST_SECURE_PEER_BIN_H__ */
