/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-srtpencrypt
 * @title: srtpencrypt
 * @see_also: srtpdecrypt, dtlskeyexchange
 *
 * Protects RTP and RTCP with SRTP/SRTCP (RFC 3711; AES-GCM per RFC 7714).
 * One flow may mix RTP and RTCP (RFC 5761 rtcp-mux) and any number of SSRCs.
 *
 * Encryption cannot be switched off: until a key is known — from the `key`
 * property, or from the key event that dtlskeyexchange sends upstream once
 * the peer is verified — every packet is dropped and counted, never sent in
 * the clear. Packets are encrypted in place when the buffer is writable and
 * has room for the tag, so the plaintext is gone once sent; otherwise the
 * output is a new buffer and a plaintext buffer we solely own is wiped.
 *
 * libsrtp2 runs on OpenSSL kernels (AES-NI, see the `kernels` field of
 * `stats`), several times faster than Debian's NSS-based default.
 *
 * ## Example: an SRTP stream over UDP on loopback, with a shared key
 *
 * Receiver (run first):
 * |[
 * gst-launch-1.0 udpsrc address=127.0.0.1 port=5004 caps="application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0" ! \
 *     srtpdecrypt key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d ! \
 *     rtppcmudepay ! mulawdec ! audioconvert ! autoaudiosink
 * ]|
 * Sender:
 * |[
 * gst-launch-1.0 audiotestsrc is-live=true ! mulawenc ! rtppcmupay ! \
 *     srtpencrypt key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d ! \
 *     udpsink host=127.0.0.1 port=5004
 * ]|
 * (Use your own random key, e.g. `openssl rand -hex 30`.)
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/securertc/gstsecurewipe.h>

#include "gstsecuresrtpelements.h"
#include "gstsrtpencrypt.h"

GST_DEBUG_CATEGORY_STATIC (gst_srtp_encrypt_debug);
#define GST_CAT_DEFAULT gst_srtp_encrypt_debug

struct _GstSrtpEncrypt
{
  GstSrtpFilter parent;
};

G_DEFINE_TYPE (GstSrtpEncrypt, gst_srtp_encrypt, GST_TYPE_SRTP_FILTER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (srtpencrypt, "srtpencrypt",
    GST_RANK_NONE, GST_TYPE_SRTP_ENCRYPT, secure_srtp_element_init (plugin));

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtp; application/x-rtcp"));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-srtp; application/x-srtcp"));

/* Encrypts @buffer where it lies when we own it and its single memory has
 * room for the tag after the data: one map, no copy, and the plaintext is
 * gone once sent. gst_memory_map() refuses (rather than copying) memory that
 * is shared. Returns FALSE, leaving @buffer untouched, when that is not
 * possible. */
static gboolean
encrypt_in_place (GstSecureRtcSrtpEngine * engine, GstBuffer * buffer,
    gsize size, guint overhead, GstSecureRtcSrtpResult * result,
    gsize * out_len)
{
  GstMemory *mem;
  GstMapInfo map;
  gsize offset, maxsize;

  if (!gst_buffer_is_writable (buffer) || gst_buffer_n_memory (buffer) != 1)
    return FALSE;
  mem = gst_buffer_peek_memory (buffer, 0);
  gst_memory_get_sizes (mem, &offset, &maxsize);
  if (maxsize - offset - size < overhead ||
      !gst_memory_map (mem, &map, GST_MAP_READWRITE))
    return FALSE;
  *result = gst_secure_rtc_srtp_engine_protect (engine, map.data, size,
      map.maxsize, out_len, NULL);
  if (*result != GST_SECURE_RTC_SRTP_RESULT_OK)
    gst_secure_rtc_wipe (map.data, size);
  gst_memory_unmap (mem, &map);
  /* Growing the one memory we own (into its spare room) grows the buffer:
   * cheaper than gst_buffer_set_size() on this per-packet path. */
  if (*result == GST_SECURE_RTC_SRTP_RESULT_OK)
    gst_memory_resize (mem, 0, *out_len);
  return TRUE;
}

/* Otherwise: a new buffer with room for the tag, the plaintext copied once;
 * a plaintext buffer nobody else holds is wiped. */
static GstBuffer *
encrypt_copy (GstSecureRtcSrtpEngine * engine, GstBuffer * buffer,
    gsize size, guint overhead, GstSecureRtcSrtpResult * result,
    gsize * out_len)
{
  GstBuffer *out = gst_buffer_new_allocate (NULL, size + overhead, NULL);
  GstMapInfo map;

  gst_buffer_copy_into (out, buffer, GST_BUFFER_COPY_METADATA, 0, -1);
  if (!gst_buffer_map (out, &map, GST_MAP_READWRITE)) {
    *result = GST_SECURE_RTC_SRTP_RESULT_ERROR;
    gst_buffer_unref (out);
    return NULL;
  }
  gst_buffer_extract (buffer, 0, map.data, size);
  *result = gst_secure_rtc_srtp_engine_protect (engine, map.data, size,
      map.size, out_len, NULL);
  if (*result != GST_SECURE_RTC_SRTP_RESULT_OK)
    gst_secure_rtc_wipe (map.data, map.size);
  gst_buffer_unmap (out, &map);
  gst_secure_rtc_wipe_buffer (buffer);
  if (*result != GST_SECURE_RTC_SRTP_RESULT_OK) {
    gst_buffer_unref (out);
    return NULL;
  }
  return out;
}

static GstBuffer *
gst_srtp_encrypt_process_locked (GstSrtpFilter * filter, GstBuffer * buffer,
    GstSecureRtcSrtpResult * result)
{
  GstSecureRtcSrtpEngine *engine = gst_srtp_filter_get_engine_locked (filter);
  gsize size = gst_buffer_get_size (buffer), out_len = 0;
  guint overhead;
  GstBuffer *out;

  if (!gst_secure_rtc_srtp_engine_has_key (engine)) {
    /* Counted by the engine, which refuses (without reading) when keyless. */
    *result = gst_secure_rtc_srtp_engine_protect (engine, NULL, size, 0,
        &out_len, NULL);
    gst_buffer_unref (buffer);
    return NULL;
  }

  overhead = gst_secure_rtc_srtp_engine_get_max_overhead (engine);
  if (encrypt_in_place (engine, buffer, size, overhead, result, &out_len)) {
    if (*result == GST_SECURE_RTC_SRTP_RESULT_OK)
      return buffer;
    gst_buffer_unref (buffer);
    return NULL;
  }

  out = encrypt_copy (engine, buffer, size, overhead, result, &out_len);
  gst_buffer_unref (buffer);
  if (out)
    gst_buffer_set_size (out, out_len);
  return out;
}

static void
gst_srtp_encrypt_init (GstSrtpEncrypt * self)
{
}

static void
gst_srtp_encrypt_class_init (GstSrtpEncryptClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstSrtpFilterClass *filter_class = GST_SRTP_FILTER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_srtp_encrypt_debug, "srtpencrypt", 0,
      "SRTP/SRTCP encryption");

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "SRTP encryptor",
      "Filter/Network/SRTP/Encoder",
      "Protects RTP and RTCP with SRTP/SRTCP (AES-CM-HMAC-SHA1, AES-GCM); "
      "never sends plaintext", "gst-securertc developers");

  filter_class->mode = GST_SECURE_RTC_SRTP_ENGINE_PROTECT;
  filter_class->sink_rtp_name = "application/x-rtp";
  filter_class->sink_rtcp_name = "application/x-rtcp";
  filter_class->src_rtp_name = "application/x-srtp";
  filter_class->src_rtcp_name = "application/x-srtcp";
  filter_class->key_event_pad = GST_PAD_SRC;
  filter_class->process_locked = gst_srtp_encrypt_process_locked;
}
