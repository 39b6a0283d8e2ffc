/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_PACKET_CLASS_H__
#define __GST_PACKET_CLASS_H__

#include <glib.h>

G_BEGIN_DECLS

/**
 * GstSecureRtcPacketClass:
 * @GST_SECURE_RTC_PACKET_UNKNOWN: none of the below (dropped by demuxers)
 * @GST_SECURE_RTC_PACKET_STUN: STUN (first byte 0..3)
 * @GST_SECURE_RTC_PACKET_ZRTP: ZRTP (16..19)
 * @GST_SECURE_RTC_PACKET_DTLS: DTLS record (20..63)
 * @GST_SECURE_RTC_PACKET_TURN_CHANNEL: TURN channel data (64..79)
 * @GST_SECURE_RTC_PACKET_RTP: RTP or SRTP (128..191, payload type not 64..95)
 * @GST_SECURE_RTC_PACKET_RTCP: RTCP or SRTCP (128..191, packet type 192..223)
 *
 * What a datagram on a multiplexed flow is, by RFC 7983 §7 (first byte) and
 * RFC 5761 §4 (RTP/RTCP by the second byte).
 */
typedef enum {
  GST_SECURE_RTC_PACKET_UNKNOWN = 0,
  GST_SECURE_RTC_PACKET_STUN,
  GST_SECURE_RTC_PACKET_ZRTP,
  GST_SECURE_RTC_PACKET_DTLS,
  GST_SECURE_RTC_PACKET_TURN_CHANNEL,
  GST_SECURE_RTC_PACKET_RTP,
  GST_SECURE_RTC_PACKET_RTCP,
} GstSecureRtcPacketClass;

GstSecureRtcPacketClass gst_secure_rtc_packet_classify (const guint8 * data, gsize len);

/**
 * gst_secure_rtc_packet_is_rtcp:
 * @data: an RTP or RTCP packet of at least two bytes
 *
 * RFC 5761 §4: with rtcp-mux, a packet whose second byte is 192..223 is RTCP
 * (these values would be RTP payload types 64..95 with the marker bit set,
 * which must not be used on a multiplexed flow).
 */
static inline gboolean
gst_secure_rtc_packet_is_rtcp (const guint8 * data)
{
  return data[1] >= 192 && data[1] <= 223;
}

G_END_DECLS

#endif /* __GST_PACKET_CLASS_H__ */
