/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_RTC_SIGNALLING_PROTOCOL_H__
#define __GST_SECURE_RTC_SIGNALLING_PROTOCOL_H__

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * The GStreamer WebRTC signalling protocol (gst-plugins-rs webrtcsink/webrtcsrc,
 * gst-webrtc-signalling-server, gstwebrtc-api): one JSON object per WebSocket
 * text frame, tagged by "type". This module turns frames into
 * #GstSecureRtcSignallingMessage and back. It is shared by the signalling
 * server (tools/signalling-server) and the signaller client; it does no I/O.
 */

/**
 * GST_SECURE_RTC_SIGNALLING_ERROR:
 *
 * Error domain of the signalling protocol, server and client.
 */
#define GST_SECURE_RTC_SIGNALLING_ERROR (gst_secure_rtc_signalling_error_quark ())
GQuark gst_secure_rtc_signalling_error_quark (void);

/**
 * GstSecureRtcSignallingError:
 * @GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED: the frame is not a JSON object
 * @GST_SECURE_RTC_SIGNALLING_ERROR_INVALID: a field is missing or has the wrong type or value
 * @GST_SECURE_RTC_SIGNALLING_ERROR_UNKNOWN_TYPE: the "type" is not one this direction knows
 * @GST_SECURE_RTC_SIGNALLING_ERROR_TLS: the TLS handshake or the server certificate check failed
 * @GST_SECURE_RTC_SIGNALLING_ERROR_UNREACHABLE: the server could not be reached
 * @GST_SECURE_RTC_SIGNALLING_ERROR_PROTOCOL: the server misbehaved or reported an error
 * @GST_SECURE_RTC_SIGNALLING_ERROR_INSECURE: a plain ws:// URI was refused
 * @GST_SECURE_RTC_SIGNALLING_ERROR_CLOSED: the connection was closed
 * @GST_SECURE_RTC_SIGNALLING_ERROR_NOT_CONNECTED: no connection to send on
 */
typedef enum
{
  GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED,
  GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
  GST_SECURE_RTC_SIGNALLING_ERROR_UNKNOWN_TYPE,
  GST_SECURE_RTC_SIGNALLING_ERROR_TLS,
  GST_SECURE_RTC_SIGNALLING_ERROR_UNREACHABLE,
  GST_SECURE_RTC_SIGNALLING_ERROR_PROTOCOL,
  GST_SECURE_RTC_SIGNALLING_ERROR_INSECURE,
  GST_SECURE_RTC_SIGNALLING_ERROR_CLOSED,
  GST_SECURE_RTC_SIGNALLING_ERROR_NOT_CONNECTED,
} GstSecureRtcSignallingError;

/**
 * GstSecureRtcSignallingRoles:
 * @GST_SECURE_RTC_SIGNALLING_ROLE_NONE: no role
 * @GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER: "producer": offers a stream
 * @GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER: "consumer": waits for a producer to start a session
 * @GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER: "listener": receives peerStatusChanged
 */
typedef enum /*< flags >*/
{
  GST_SECURE_RTC_SIGNALLING_ROLE_NONE = 0,
  GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER = (1 << 0),
  GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER = (1 << 1),
  GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER = (1 << 2),
} GstSecureRtcSignallingRoles;

/**
 * GstSecureRtcSignallingDirection:
 * @GST_SECURE_RTC_SIGNALLING_TO_SERVER: peer -> server (IncomingMessage)
 * @GST_SECURE_RTC_SIGNALLING_TO_PEER: server -> peer (OutgoingMessage)
 */
typedef enum
{
  GST_SECURE_RTC_SIGNALLING_TO_SERVER,
  GST_SECURE_RTC_SIGNALLING_TO_PEER,
} GstSecureRtcSignallingDirection;

/**
 * GstSecureRtcSignallingMessageType:
 *
 * The "type" tags of both directions.
 */
typedef enum
{
  GST_SECURE_RTC_SIGNALLING_MSG_UNKNOWN,
  GST_SECURE_RTC_SIGNALLING_MSG_WELCOME,
  GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED,
  GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS,
  GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION,
  GST_SECURE_RTC_SIGNALLING_MSG_LIST,
  GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS,
  GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION,
  GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED,
  GST_SECURE_RTC_SIGNALLING_MSG_PEER,
  GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION,
  GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1,
  GST_SECURE_RTC_SIGNALLING_MSG_ERROR,
} GstSecureRtcSignallingMessageType;

/**
 * GstSecureRtcSignallingProtocolVersion:
 * @GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_0: "v1_0", as deployed (default)
 * @GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1: "v1_1": adds endSessionV1_1
 */
typedef enum
{
  GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_0,
  GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1,
} GstSecureRtcSignallingProtocolVersion;

/**
 * GstSecureRtcSignallingMessage:
 * @type: the message type
 * @peer_id: welcome, peerStatusChanged, startSession, sessionStarted
 * @session_id: startSession (to a peer), sessionStarted, peer, endSession*
 * @roles: setPeerStatus, peerStatusChanged
 * @meta: setPeerStatus, peerStatusChanged (%NULL = JSON null / absent)
 * @offer: startSession: the consumer's SDP offer or %NULL
 * @sdp_type: peer: "offer" or "answer" (for an sdp payload)
 * @sdp: peer: the SDP text
 * @candidate: peer: the ICE candidate line (for an ice payload)
 * @sdp_mline_index: peer: the candidate's m-line index
 * @details: error: the text
 * @end_error: endSessionV1_1: the error text or %NULL
 * @version: setProtocolVersion
 * @peers: list / listConsumers: array of {"id","meta"} objects
 *
 * A parsed message. Fields that the type does not use are %NULL / 0.
 */
typedef struct
{
  GstSecureRtcSignallingMessageType type;
  gchar *peer_id;
  gchar *session_id;
  GstSecureRtcSignallingRoles roles;
  JsonNode *meta;
  gchar *offer;
  gchar *sdp_type;
  gchar *sdp;
  gchar *candidate;
  guint sdp_mline_index;
  gchar *details;
  gchar *end_error;
  GstSecureRtcSignallingProtocolVersion version;
  JsonArray *peers;
} GstSecureRtcSignallingMessage;

/* Frames nested deeper than this are refused before they reach the JSON
 * parser, which recurses per level. */
#define GST_SECURE_RTC_SIGNALLING_MAX_DEPTH 64

GstSecureRtcSignallingMessage *gst_secure_rtc_signalling_message_new (GstSecureRtcSignallingMessageType type);

GstSecureRtcSignallingMessage *gst_secure_rtc_signalling_message_parse (const gchar * data,
    gsize len, GstSecureRtcSignallingDirection direction, GError ** error);

gchar *gst_secure_rtc_signalling_message_serialize (const GstSecureRtcSignallingMessage * msg);

void gst_secure_rtc_signalling_message_free (GstSecureRtcSignallingMessage * msg);

const gchar *gst_secure_rtc_signalling_message_type_to_string (GstSecureRtcSignallingMessageType type);

JsonNode *gst_secure_rtc_signalling_roles_to_json (GstSecureRtcSignallingRoles roles);

gchar *gst_secure_rtc_signalling_roles_to_string (GstSecureRtcSignallingRoles roles);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstSecureRtcSignallingMessage, gst_secure_rtc_signalling_message_free)

G_END_DECLS

#endif /* __GST_SECURE_RTC_SIGNALLING_PROTOCOL_H__ */
