/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-srtpdecrypt
 * @title: srtpdecrypt
 * @see_also: srtpencrypt, dtlskeyexchange
 *
 * Authenticates and decrypts SRTP and SRTCP (RFC 3711; AES-GCM per
 * RFC 7714) on one flow that may mix both (RFC 5761) and any number of SSRCs.
 *
 * Only authenticated packets leave this element. Packets that fail
 * authentication, are replayed or older than the `replay-window`, are
 * truncated, are not RTP/RTCP at all, or arrive before a key, are dropped
 * and counted by reason in `stats`; a warning message (at most one per
 * second) tells the application how many were dropped and why.
 *
 * The key comes from the `key` property or from the sticky key event that
 * dtlskeyexchange sends downstream ahead of the first packet.
 *
 * ## Example: receive an SRTP stream sent by srtpencrypt (see there)
 * |[
 * gst-launch-1.0 udpsrc address=127.0.0.1 port=5004 caps="application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0" ! \
 *     srtpdecrypt key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d ! \
 *     rtppcmudepay ! mulawdec ! audioconvert ! autoaudiosink
 * ]|
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsecuresrtpelements.h"
#include "gstsrtpdecrypt.h"

GST_DEBUG_CATEGORY_STATIC (gst_srtp_decrypt_debug);
#define GST_CAT_DEFAULT gst_srtp_decrypt_debug

struct _GstSrtpDecrypt
{
  GstSrtpFilter parent;
};

G_DEFINE_TYPE (GstSrtpDecrypt, gst_srtp_decrypt, GST_TYPE_SRTP_FILTER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (srtpdecrypt, "srtpdecrypt",
    GST_RANK_NONE, GST_TYPE_SRTP_DECRYPT, secure_srtp_element_init (plugin));

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-srtp; application/x-srtcp"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtp; application/x-rtcp"));

static GstBuffer *
gst_srtp_decrypt_process_locked (GstSrtpFilter * filter, GstBuffer * buffer,
    GstSecureRtcSrtpResult * result)
{
  GstSecureRtcSrtpEngine *engine = gst_srtp_filter_get_engine_locked (filter);
  GstMapInfo map;
  gsize out_len = 0;

  if (!gst_secure_rtc_srtp_engine_has_key (engine)) {
    /* Counted by the engine, which refuses (without reading) when keyless. */
    *result = gst_secure_rtc_srtp_engine_unprotect (engine, NULL,
        gst_buffer_get_size (buffer), &out_len, NULL);
    gst_buffer_unref (buffer);
    return NULL;
  }

  /* Decrypt in place: in the buffer's single memory when we own both (one
   * map, the common case), else after copy-on-write. */
  if (gst_buffer_is_writable (buffer) && gst_buffer_n_memory (buffer) == 1 &&
      gst_memory_map (gst_buffer_peek_memory (buffer, 0), &map,
          GST_MAP_READWRITE)) {
    GstMemory *mem = gst_buffer_peek_memory (buffer, 0);

    *result = gst_secure_rtc_srtp_engine_unprotect (engine, map.data,
        map.size, &out_len, NULL);
    gst_memory_unmap (mem, &map);
    if (*result == GST_SECURE_RTC_SRTP_RESULT_OK) {
      /* Shrinking the one memory we own shrinks the buffer: cheaper than
       * gst_buffer_set_size() on this per-packet path. */
      gst_memory_resize (mem, 0, out_len);
      return buffer;
    }
  } else {
    buffer = gst_buffer_make_writable (buffer);
    if (!gst_buffer_map (buffer, &map, GST_MAP_READWRITE)) {
      gst_buffer_unref (buffer);
      *result = GST_SECURE_RTC_SRTP_RESULT_ERROR;
      return NULL;
    }
    *result = gst_secure_rtc_srtp_engine_unprotect (engine, map.data,
        map.size, &out_len, NULL);
    gst_buffer_unmap (buffer, &map);
  }

  if (*result != GST_SECURE_RTC_SRTP_RESULT_OK) {
    /* The engine wiped anything libsrtp had decrypted; drop it. */
    gst_buffer_unref (buffer);
    return NULL;
  }
  gst_buffer_set_size (buffer, out_len);
  return buffer;
}

static void
gst_srtp_decrypt_init (GstSrtpDecrypt * self)
{
}

static void
gst_srtp_decrypt_class_init (GstSrtpDecryptClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstSrtpFilterClass *filter_class = GST_SRTP_FILTER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_srtp_decrypt_debug, "srtpdecrypt", 0,
      "SRTP/SRTCP decryption");

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "SRTP decryptor",
      "Filter/Network/SRTP/Decoder",
      "Authenticates and decrypts SRTP and SRTCP; drops and counts anything "
      "that fails", "gst-securertc developers");

  filter_class->mode = GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT;
  filter_class->sink_rtp_name = "application/x-srtp";
  filter_class->sink_rtcp_name = "application/x-srtcp";
  filter_class->src_rtp_name = "application/x-rtp";
  filter_class->src_rtcp_name = "application/x-rtcp";
  filter_class->key_event_pad = GST_PAD_SINK;
  filter_class->process_locked = gst_srtp_decrypt_process_locked;
}
