/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_PEER_SDP_H__
#define __GST_PEER_SDP_H__

#include <gst/gst.h>
#include <gst/sdp/sdp.h>

G_BEGIN_DECLS

/**
 * SECTION:gstpeersdp
 * @title: Peer SDP offer/answer
 *
 * A sans-IO SDP offer/answer module (RFC 3264, 8829/JSEP subset) on
 * #GstSDPMessage for securepeerbin: it turns SDP text into a checked
 * #GstSecureRtcSdpDescription and back, and computes offers and answers.
 * It does no I/O, owns no thread and keeps no state between calls.
 *
 * Only what a secure WebRTC connection needs is accepted: one BUNDLE group
 * (RFC 8843) over one ICE/DTLS transport, rtcp-mux (RFC 5761),
 * UDP/TLS/RTP/SAVPF, a DTLS fingerprint (RFC 8122: sha-256/384/512) and
 * a=setup (RFC 5763). Codecs negotiated: VP8, VP9, H264, Opus, PCMU; other
 * codecs of an offer (red, rtx, ulpfec, G722…) are parsed and left out of
 * answers. Anything malformed or missing is a #GST_SECURE_RTC_SDP_ERROR
 * naming the line or attribute that was wrong.
 *
 * H264 is matched as libwebrtc (Chromium) matches it, after RFC 6184
 * §8.2.2: a local H264 sender takes the first offered H264 payload type
 * with its packetization-mode and its profile (profile_idc and constraint
 * flags read as constrained-baseline, baseline, main, constrained-high, high
 * or predictive-high-444), and is answered with its own parameters and a
 * profile-level-id at its own level if both sides allow level asymmetry,
 * else at the lower level. If the offer has H264 but none of that profile
 * and mode, gst_secure_rtc_sdp_create_answer() fails with
 * %GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE. Offered H264 payload types with
 * a malformed or unknown profile-level-id are left out of answers, as
 * Chromium ignores them; gst_secure_rtc_sdp_check_answer() refuses an
 * answer that changes or garbles the profile or packetization-mode of an
 * offered H264 payload type, and gst_secure_rtc_sdp_codec_from_caps()
 * refuses caps with such a profile-level-id.
 *
 * The ICE password is a secret: it is wiped when a description is freed,
 * and SDP text must never be logged (use
 * gst_secure_rtc_sdp_description_summary()).
 */

#define GST_SECURE_RTC_SDP_ERROR (gst_secure_rtc_sdp_error_quark ())
GQuark gst_secure_rtc_sdp_error_quark (void);

/**
 * GstSecureRtcSdpError:
 * @GST_SECURE_RTC_SDP_ERROR_SYNTAX: not parseable as SDP
 * @GST_SECURE_RTC_SDP_ERROR_MISSING: a required line or attribute is absent
 * @GST_SECURE_RTC_SDP_ERROR_INVALID: a value is malformed
 * @GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED: valid SDP we do not accept (no BUNDLE, no rtcp-mux, insecure profile…)
 * @GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE: an answer does not match its offer, or nothing could be negotiated
 */
typedef enum
{
  GST_SECURE_RTC_SDP_ERROR_SYNTAX,
  GST_SECURE_RTC_SDP_ERROR_MISSING,
  GST_SECURE_RTC_SDP_ERROR_INVALID,
  GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
  GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
} GstSecureRtcSdpError;

/**
 * GstSecureRtcSdpSetup:
 * @GST_SECURE_RTC_SDP_SETUP_ACTPASS: either role (offers)
 * @GST_SECURE_RTC_SDP_SETUP_ACTIVE: DTLS client
 * @GST_SECURE_RTC_SDP_SETUP_PASSIVE: DTLS server
 *
 * The a=setup attribute (RFC 4145, 5763 §5).
 */
typedef enum
{
  GST_SECURE_RTC_SDP_SETUP_ACTPASS,
  GST_SECURE_RTC_SDP_SETUP_ACTIVE,
  GST_SECURE_RTC_SDP_SETUP_PASSIVE,
} GstSecureRtcSdpSetup;

/**
 * GstSecureRtcSdpDirection:
 * @GST_SECURE_RTC_SDP_DIRECTION_SENDRECV: sendrecv
 * @GST_SECURE_RTC_SDP_DIRECTION_SENDONLY: sendonly
 * @GST_SECURE_RTC_SDP_DIRECTION_RECVONLY: recvonly
 * @GST_SECURE_RTC_SDP_DIRECTION_INACTIVE: inactive
 */
typedef enum
{
  GST_SECURE_RTC_SDP_DIRECTION_SENDRECV,
  GST_SECURE_RTC_SDP_DIRECTION_SENDONLY,
  GST_SECURE_RTC_SDP_DIRECTION_RECVONLY,
  GST_SECURE_RTC_SDP_DIRECTION_INACTIVE,
} GstSecureRtcSdpDirection;

/**
 * GstSecureRtcSdpCodec:
 * @pt: RTP payload type (0..127)
 * @encoding_name: upper case ("OPUS", "VP8")
 * @clock_rate: RTP clock rate
 * @channels: audio channels (0 if not given)
 * @fmtp: the a=fmtp parameters (may be %NULL)
 * @rtcp_fb: a=rtcp-fb values for this payload type ("nack pli", …)
 */
typedef struct
{
  guint pt;
  gchar *encoding_name;
  guint clock_rate;
  guint channels;
  gchar *fmtp;
  GPtrArray *rtcp_fb;
} GstSecureRtcSdpCodec;

/**
 * GstSecureRtcSdpMedia:
 * @kind: "audio", "video", "application", …
 * @mid: the a=mid value (may be %NULL in a rejected section)
 * @rejected: port 0, or a section we cannot use
 * @proto: the transport protocol of the m-line
 * @direction: the direction attribute
 * @rtcp_mux: a=rtcp-mux present
 * @codecs: #GstSecureRtcSdpCodec, in preference order
 * @has_ssrc: @ssrc/@cname are set (first a=ssrc of the section)
 * @ssrc: the SSRC the sender will use
 * @cname: its CNAME
 * @msid: "stream-id track-id" (may be %NULL)
 * @candidates: "candidate:…" strings (without "a=")
 * @sender: for answers made here, the index of the local sender assigned
 *   to this section, or -1
 */
typedef struct
{
  gchar *kind;
  gchar *mid;
  gboolean rejected;
  gchar *proto;
  GstSecureRtcSdpDirection direction;
  gboolean rtcp_mux;
  GPtrArray *codecs;
  gboolean has_ssrc;
  guint32 ssrc;
  gchar *cname;
  gchar *msid;
  GPtrArray *candidates;
  gint sender;
} GstSecureRtcSdpMedia;

/**
 * GstSecureRtcSdpDescription:
 * @ice_ufrag: ICE username fragment of the BUNDLE transport
 * @ice_pwd: ICE password (secret; wiped on free)
 * @ice_lite: the peer is an ICE lite implementation
 * @fingerprint: DTLS certificate fingerprint, "sha-256 AB:CD:…" (upper case)
 * @setup: DTLS role attribute
 * @bundle: mids of the BUNDLE group, the first is the tagged one
 * @media: #GstSecureRtcSdpMedia, one per m-line, in order
 */
typedef struct
{
  gchar *ice_ufrag;
  gchar *ice_pwd;
  gboolean ice_lite;
  gchar *fingerprint;
  GstSecureRtcSdpSetup setup;
  GPtrArray *bundle;
  GPtrArray *media;
} GstSecureRtcSdpDescription;

/**
 * GstSecureRtcSdpLocal:
 * @ice_ufrag: our ICE username fragment
 * @ice_pwd: our ICE password
 * @fingerprint: our certificate fingerprint ("sha-256 …")
 *
 * What an offer or answer made here says about our transport.
 */
typedef struct
{
  const gchar *ice_ufrag;
  const gchar *ice_pwd;
  const gchar *fingerprint;
} GstSecureRtcSdpLocal;

GstSecureRtcSdpCodec *gst_secure_rtc_sdp_codec_new (guint pt, const gchar * encoding_name,
    guint clock_rate, guint channels, const gchar * fmtp);
GstSecureRtcSdpCodec *gst_secure_rtc_sdp_codec_copy (const GstSecureRtcSdpCodec * codec);
void gst_secure_rtc_sdp_codec_free (GstSecureRtcSdpCodec * codec);
gboolean gst_secure_rtc_sdp_codec_is_supported (const gchar * kind, const gchar * encoding_name);
GstSecureRtcSdpCodec *gst_secure_rtc_sdp_codec_from_caps (const GstCaps * caps, gchar ** kind,
    GError ** error);
GstCaps *gst_secure_rtc_sdp_codec_to_caps (const GstSecureRtcSdpCodec * codec, const gchar * kind);

GstSecureRtcSdpMedia *gst_secure_rtc_sdp_media_new (const gchar * kind);
void gst_secure_rtc_sdp_media_free (GstSecureRtcSdpMedia * media);
const GstSecureRtcSdpCodec *gst_secure_rtc_sdp_media_find_codec (const GstSecureRtcSdpMedia * media,
    guint pt);

GstSecureRtcSdpDescription *gst_secure_rtc_sdp_description_new (void);
void gst_secure_rtc_sdp_description_free (GstSecureRtcSdpDescription * desc);

GstSecureRtcSdpDescription *gst_secure_rtc_sdp_description_parse (const gchar * text,
    GError ** error);
GstSecureRtcSdpDescription *gst_secure_rtc_sdp_description_from_message (const GstSDPMessage * msg,
    GError ** error);
GstSDPMessage *gst_secure_rtc_sdp_description_to_message (const GstSecureRtcSdpDescription * desc,
    guint64 session_id);
gchar *gst_secure_rtc_sdp_description_summary (const GstSecureRtcSdpDescription * desc);
gint gst_secure_rtc_sdp_description_find_media (const GstSecureRtcSdpDescription * desc,
    guint pt);

GstSecureRtcSdpDescription *gst_secure_rtc_sdp_create_offer (const GstSecureRtcSdpLocal * local,
    GPtrArray * senders, guint recv_audio, guint recv_video, GError ** error);
GstSecureRtcSdpDescription *gst_secure_rtc_sdp_create_answer (const GstSecureRtcSdpDescription * offer,
    const GstSecureRtcSdpLocal * local, GPtrArray * senders, GError ** error);
gboolean gst_secure_rtc_sdp_check_answer (const GstSecureRtcSdpDescription * offer,
    const GstSecureRtcSdpDescription * answer, GError ** error);

void gst_secure_rtc_sdp_message_wipe_free (GstSDPMessage * msg);
void gst_secure_rtc_sdp_message_wipe (GstSDPMessage * msg);

const gchar *gst_secure_rtc_sdp_setup_to_string (GstSecureRtcSdpSetup setup);
const gchar *gst_secure_rtc_sdp_direction_to_string (GstSecureRtcSdpDirection direction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstSecureRtcSdpDescription, gst_secure_rtc_sdp_description_free)

G_END_DECLS

#endif /* __GST_PEER_SDP_H__ */
