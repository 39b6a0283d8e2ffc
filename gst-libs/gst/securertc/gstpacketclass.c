/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstpacketclass.h"

/**
 * gst_secure_rtc_packet_classify:
 * @data: (array length=len): the datagram
 * @len: its length
 *
 * Classifies a datagram by the first-byte ranges of RFC 7983 §7 and, for the
 * RTP range, by RFC 5761 §4. Too-short datagrams are
 * %GST_SECURE_RTC_PACKET_UNKNOWN.
 */
GstSecureRtcPacketClass
gst_secure_rtc_packet_classify (const guint8 * data, gsize len)
{
  guint8 b;

  if (data == NULL || len == 0)
    return GST_SECURE_RTC_PACKET_UNKNOWN;

  b = data[0];
  if (b <= 3)
    return GST_SECURE_RTC_PACKET_STUN;
  if (b >= 16 && b <= 19)
    return GST_SECURE_RTC_PACKET_ZRTP;
  if (b >= 20 && b <= 63)
    return GST_SECURE_RTC_PACKET_DTLS;
  if (b >= 64 && b <= 79)
    return GST_SECURE_RTC_PACKET_TURN_CHANNEL;
  if (b >= 128 && b <= 191) {
    if (len < 2)
      return GST_SECURE_RTC_PACKET_UNKNOWN;
    return gst_secure_rtc_packet_is_rtcp (data) ?
        GST_SECURE_RTC_PACKET_RTCP : GST_SECURE_RTC_PACKET_RTP;
  }
  return GST_SECURE_RTC_PACKET_UNKNOWN;
}
