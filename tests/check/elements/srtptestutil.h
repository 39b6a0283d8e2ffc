/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Small helpers shared by the srtpencrypt and srtpdecrypt tests.
 */

#ifndef __SRTP_TEST_UTIL_H__
#define __SRTP_TEST_UTIL_H__

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/srtp/gstsrtpengine.h>

#define KEY_CM "e1f97a0d3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6"
#define KEY_CM_2 "00112233445566778899aabbccddeeff00112233445566778899aabbccdd"
#define KEY_GCM128 "000102030405060708090a0b0c0d0e0f517569642070726f2071756f"
#define KEY_GCM256 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" \
  "517569642070726f2071756f"

/* An RTP packet (RFC 3550) with a recognisable payload, in a buffer with
 * room for any SRTP tag after it. */
static inline GstBuffer *
make_rtp_buffer (guint32 ssrc, guint16 seq, gsize payload_len)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 12 + payload_len + 32, NULL);
  GstMapInfo map;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  map.data[0] = 0x80;
  map.data[1] = 96;
  GST_WRITE_UINT16_BE (map.data + 2, seq);
  GST_WRITE_UINT32_BE (map.data + 4, seq * 160u);
  GST_WRITE_UINT32_BE (map.data + 8, ssrc);
  for (i = 0; i < payload_len; i++)
    map.data[12 + i] = (guint8) (0x5a ^ (i + seq));
  gst_buffer_unmap (buf, &map);
  gst_buffer_set_size (buf, 12 + payload_len);
  return buf;
}

/* An empty RTCP receiver report (RFC 3550 §6.4.2). */
static inline GstBuffer *
make_rtcp_buffer (guint32 ssrc)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, 8 + 32, NULL);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  map.data[0] = 0x80;
  map.data[1] = 201;
  GST_WRITE_UINT16_BE (map.data + 2, 1);
  GST_WRITE_UINT32_BE (map.data + 4, ssrc);
  gst_buffer_unmap (buf, &map);
  gst_buffer_set_size (buf, 8);
  return buf;
}

static inline GstSecureRtcSrtpEngine *
make_engine (GstSecureRtcSrtpEngineMode mode, GstSecureRtcSrtpProfile profile,
    const gchar * hex)
{
  GstSecureRtcSrtpEngine *engine = gst_secure_rtc_srtp_engine_new (mode);
  GstSecureRtcSrtpKey *key = gst_secure_rtc_srtp_key_new_from_hex (profile,
      hex, NULL);

  fail_unless (key != NULL);
  fail_unless (gst_secure_rtc_srtp_engine_set_key (engine, key, 1024, NULL));
  gst_secure_rtc_srtp_key_unref (key);
  return engine;
}

/* Runs @buf through @engine (protect or unprotect); returns a new buffer, or
 * NULL with @result set when the engine refused it. */
static inline GstBuffer *
engine_run (GstSecureRtcSrtpEngine * engine, GstSecureRtcSrtpEngineMode mode,
    GstBuffer * buf, GstSecureRtcSrtpResult * result)
{
  gsize size = gst_buffer_get_size (buf), out_len = 0;
  guint8 *data = g_malloc (size + 64);
  GstSecureRtcSrtpResult r;

  gst_buffer_extract (buf, 0, data, size);
  if (mode == GST_SECURE_RTC_SRTP_ENGINE_PROTECT)
    r = gst_secure_rtc_srtp_engine_protect (engine, data, size, size + 64,
        &out_len, NULL);
  else
    r = gst_secure_rtc_srtp_engine_unprotect (engine, data, size, &out_len,
        NULL);
  if (result)
    *result = r;
  if (r != GST_SECURE_RTC_SRTP_RESULT_OK) {
    g_free (data);
    return NULL;
  }
  return gst_buffer_new_wrapped (data, out_len);
}

static inline gboolean
buffers_equal (GstBuffer * a, GstBuffer * b)
{
  GstMapInfo ma, mb;
  gboolean eq;

  gst_buffer_map (a, &ma, GST_MAP_READ);
  gst_buffer_map (b, &mb, GST_MAP_READ);
  eq = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return eq;
}

static inline guint64
stats_get (GstElement * element, const gchar * field)
{
  GstStructure *s = NULL;
  guint64 v = G_MAXUINT64;

  g_object_get (element, "stats", &s, NULL);
  fail_unless (s != NULL);
  fail_unless (gst_structure_get_uint64 (s, field, &v), "no field %s", field);
  gst_structure_free (s);
  return v;
}

/* Counts warning messages on @bus (non-blocking). */
static inline guint
count_warnings (GstBus * bus, gchar ** last_text)
{
  GstMessage *msg;
  guint n = 0;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING))) {
    if (last_text) {
      GError *err = NULL;
      g_free (*last_text);
      gst_message_parse_warning (msg, &err, NULL);
      *last_text = g_strdup (err->message);
      g_clear_error (&err);
    }
    gst_message_unref (msg);
    n++;
  }
  return n;
}

#endif /* __SRTP_TEST_UTIL_H__ */
