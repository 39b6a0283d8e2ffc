/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstharness.h>
#include "srtptestutil.h"

/* The element in a harness, a bus for its warnings, and a sender engine
 * with the same key that makes genuine SRTP for it. */
typedef struct
{
  GstHarness *h;
  GstBus *bus;
  GstSecureRtcSrtpEngine *tx;
} DecHarness;

static void
dec_harness_init (DecHarness * dh, GstSecureRtcSrtpProfile profile,
    const gchar * key, gboolean set_key)
{
  dh->h = gst_harness_new ("srtpdecrypt");
  dh->bus = gst_bus_new ();
  gst_element_set_bus (dh->h->element, dh->bus);
  g_object_set (dh->h->element, "profile", profile, NULL);
  if (set_key)
    g_object_set (dh->h->element, "key", key, NULL);
  gst_harness_set_src_caps_str (dh->h,
      "application/x-srtp,media=video,clock-rate=90000,payload=96");
  dh->tx = make_engine (GST_SECURE_RTC_SRTP_ENGINE_PROTECT, profile, key);
}

static void
dec_harness_teardown (DecHarness * dh)
{
  gst_secure_rtc_srtp_engine_free (dh->tx);
  gst_element_set_bus (dh->h->element, NULL);
  gst_object_unref (dh->bus);
  gst_harness_teardown (dh->h);
}

static GstBuffer *
protect (DecHarness * dh, GstBuffer * plain)
{
  GstBuffer *out =
      engine_run (dh->tx, GST_SECURE_RTC_SRTP_ENGINE_PROTECT, plain, NULL);

  fail_unless (out != NULL);
  return out;
}

static GstBuffer *
modified (GstBuffer * buf, gsize offset, guint8 xor, gssize new_size)
{
  GstBuffer *copy = gst_buffer_copy_deep (buf);
  GstMapInfo m;

  gst_buffer_map (copy, &m, GST_MAP_WRITE);
  if (offset < m.size)
    m.data[offset] ^= xor;
  gst_buffer_unmap (copy, &m);
  if (new_size >= 0)
    gst_buffer_set_size (copy, new_size);
  return copy;
}

static const GstSecureRtcSrtpProfile profiles[] = {
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM,
};

static const gchar *
key_for (GstSecureRtcSrtpProfile p)
{
  switch (p) {
    case GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM:
      return KEY_GCM128;
    case GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM:
      return KEY_GCM256;
    default:
      return KEY_CM;
  }
}

/* Genuine RTP and RTCP, two SSRCs, across the sequence-number wrap. */
GST_START_TEST (test_decrypts_mixed_flow)
{
  DecHarness dh;
  GstSecureRtcSrtpProfile p = profiles[__i__];
  guint i;

  dec_harness_init (&dh, p, key_for (p), TRUE);
  for (i = 0; i < 30; i++) {
    GstBuffer *plain = i % 7 == 6 ? make_rtcp_buffer (3) :
        make_rtp_buffer (i % 2 ? 3 : 4, (guint16) (65520 + i), 80);
    GstBuffer *out;

    fail_unless_equals_int (gst_harness_push (dh.h, protect (&dh, plain)),
        GST_FLOW_OK);
    out = gst_harness_pull (dh.h);
    fail_unless (buffers_equal (out, plain));
    gst_buffer_unref (out);
    gst_buffer_unref (plain);
  }
  fail_unless_equals_int (stats_get (dh.h->element, "rtp-packets"), 26);
  fail_unless_equals_int (stats_get (dh.h->element, "rtcp-packets"), 4);
  fail_unless_equals_int (count_warnings (dh.bus, NULL), 0);
  dec_harness_teardown (&dh);
}

GST_END_TEST;

/* Every bad input is dropped and counted by reason; nothing is pushed. */
GST_START_TEST (test_bad_input_never_pushed)
{
  DecHarness dh, other;
  GstSecureRtcSrtpProfile p = profiles[__i__];
  GstBuffer *plain, *good;
  gsize len;
  gchar *text = NULL;

  dec_harness_init (&dh, p, key_for (p), TRUE);
  {
    /* a sender with a different key of the right length */
    gchar *k = g_strdup (key_for (p));
    k[0] = k[0] == 'f' ? '0' : 'f';
    dec_harness_init (&other, p, k, FALSE);
    g_free (k);
  }

  plain = make_rtp_buffer (9, 100, 64);
  good = protect (&dh, plain);
  len = gst_buffer_get_size (good);

  /* flipped payload bit, flipped tag bit */
  gst_harness_push (dh.h, modified (good, 20, 0x01, -1));
  gst_harness_push (dh.h, modified (good, len - 1, 0x80, -1));
  /* wrong key */
  gst_harness_push (dh.h, protect (&other, plain));
  /* truncated: shorter than a header, shorter than header + tag */
  gst_harness_push (dh.h, modified (good, 0, 0, 11));
  gst_harness_push (dh.h, modified (good, 0, 0, 12 + 3));
  /* not RTP */
  gst_harness_push (dh.h, gst_buffer_new_memdup ("\x16\xfe\xfd garbage!!!!",
          16));
  fail_unless_equals_int (gst_harness_buffers_received (dh.h), 0);

  /* the genuine one passes once, its replay does not */
  gst_harness_push (dh.h, gst_buffer_ref (good));
  gst_harness_push (dh.h, gst_buffer_copy_deep (good));
  fail_unless_equals_int (gst_harness_buffers_received (dh.h), 1);

  fail_unless_equals_int (stats_get (dh.h->element, "dropped-auth"), 3);
  fail_unless_equals_int (stats_get (dh.h->element, "dropped-truncated"), 2);
  fail_unless_equals_int (stats_get (dh.h->element, "dropped-invalid"), 1);
  fail_unless_equals_int (stats_get (dh.h->element, "dropped-replay"), 1);
  fail_unless_equals_int (stats_get (dh.h->element, "rtp-packets"), 1);
  /* one warning for the whole burst (at most one per second) */
  fail_unless_equals_int (count_warnings (dh.bus, &text), 1);
  fail_unless (strstr (text, "could not be authenticated") != NULL, "%s", text);
  g_free (text);

  gst_buffer_unref (good);
  gst_buffer_unref (plain);
  dec_harness_teardown (&dh);
  dec_harness_teardown (&other);
}

GST_END_TEST;

/* Packets before any key are dropped, not passed through. */
GST_START_TEST (test_before_key)
{
  DecHarness dh;
  GstBuffer *plain = make_rtp_buffer (1, 1, 30), *out;

  dec_harness_init (&dh, GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
      KEY_CM, FALSE);
  gst_harness_push (dh.h, protect (&dh, plain));
  gst_harness_push (dh.h, gst_buffer_ref (plain));
  fail_unless_equals_int (gst_harness_buffers_received (dh.h), 0);
  fail_unless_equals_int (stats_get (dh.h->element, "dropped-no-key"), 2);

  /* the key arrives, the next packet passes */
  g_object_set (dh.h->element, "key", KEY_CM, NULL);
  gst_buffer_unref (plain);
  plain = make_rtp_buffer (1, 2, 30);
  gst_harness_push (dh.h, protect (&dh, plain));
  out = gst_harness_pull (dh.h);
  fail_unless (buffers_equal (out, plain));
  gst_buffer_unref (out);
  gst_buffer_unref (plain);
  dec_harness_teardown (&dh);
}

GST_END_TEST;

/* The sticky key event from dtlskeyexchange, ahead of the first packet: it
 * is consumed and never travels further downstream. */
GST_START_TEST (test_downstream_key_event)
{
  DecHarness dh;
  GstSecureRtcSrtpKey *key;
  GstBuffer *plain = make_rtp_buffer (1, 1, 30), *out;
  GstEvent *ev;

  dec_harness_init (&dh, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM,
      KEY_GCM128, FALSE);
  g_object_set (dh.h->element, "profile",
      GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, NULL);
  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, KEY_GCM128, NULL);
  fail_unless (gst_harness_push_event (dh.h,
          gst_secure_rtc_srtp_key_event_new_downstream (key)));
  gst_harness_push (dh.h, protect (&dh, plain));
  out = gst_harness_pull (dh.h);
  fail_unless (buffers_equal (out, plain));
  while ((ev = gst_harness_try_pull_event (dh.h))) {
    fail_if (gst_secure_rtc_srtp_key_event_parse (ev, NULL),
        "key event leaked downstream");
    gst_event_unref (ev);
  }
  gst_buffer_unref (out);
  gst_buffer_unref (plain);
  gst_secure_rtc_srtp_key_unref (key);
  dec_harness_teardown (&dh);
}

GST_END_TEST;

/* Keys never travel in caps: fields such as srtp-key are stripped. */
GST_START_TEST (test_caps_strip_keys)
{
  DecHarness dh;
  GstBuffer *plain = make_rtp_buffer (1, 1, 30);
  GstCaps *caps;
  GstStructure *s;

  dec_harness_init (&dh, GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
      KEY_CM, TRUE);
  gst_harness_set_src_caps_str (dh.h, "application/x-srtp,media=audio,"
      "payload=0,srtp-cipher=aes-128-icm,srtp-auth=hmac-sha1-80,"
      "srtp-key=(buffer)00112233");
  gst_harness_push (dh.h, protect (&dh, plain));
  gst_buffer_unref (gst_harness_pull (dh.h));
  caps = gst_pad_get_current_caps (dh.h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "application/x-rtp"));
  fail_if (gst_structure_has_field (s, "srtp-key"));
  fail_if (gst_structure_has_field (s, "srtp-cipher"));
  fail_unless (gst_structure_has_field (s, "media"));
  gst_caps_unref (caps);
  gst_buffer_unref (plain);
  dec_harness_teardown (&dh);
}

GST_END_TEST;

/* A buffer list with good and bad packets: only the good ones come out. */
GST_START_TEST (test_list_filters_bad)
{
  DecHarness dh;
  GstBufferList *list = gst_buffer_list_new ();
  guint i;

  dec_harness_init (&dh, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM,
      key_for (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM), TRUE);
  for (i = 0; i < 8; i++) {
    GstBuffer *plain = make_rtp_buffer (7, i, 20), *enc = protect (&dh, plain);
    gst_buffer_list_add (list, i % 2 ? modified (enc, 15, 0xff, -1) :
        gst_buffer_ref (enc));
    gst_buffer_unref (enc);
    gst_buffer_unref (plain);
  }
  gst_pad_push_list (dh.h->srcpad, list);
  fail_unless_equals_int (gst_harness_buffers_received (dh.h), 4);
  fail_unless_equals_int (stats_get (dh.h->element, "dropped-auth"), 4);
  dec_harness_teardown (&dh);
}

GST_END_TEST;

/* replay-window: a packet older than the window is refused. */
GST_START_TEST (test_replay_window_property)
{
  DecHarness dh;
  GstBuffer *old = NULL;
  guint i;

  dec_harness_init (&dh, GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
      KEY_CM, TRUE);
  g_object_set (dh.h->element, "replay-window", 64, NULL);
  for (i = 0; i < 100; i++) {
    GstBuffer *plain = make_rtp_buffer (7, i, 20), *enc = protect (&dh, plain);
    if (i == 10)
      old = enc;
    else
      gst_harness_push (dh.h, enc);
    gst_buffer_unref (plain);
  }
  gst_harness_push (dh.h, old);
  fail_unless_equals_int (gst_harness_buffers_received (dh.h), 99);
  fail_unless_equals_int (stats_get (dh.h->element, "dropped-replay"), 1);
  dec_harness_teardown (&dh);
}

GST_END_TEST;

static Suite *
srtpdecrypt_suite (void)
{
  Suite *s = suite_create ("srtpdecrypt");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_decrypts_mixed_flow, 0, G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_bad_input_never_pushed, 0,
      G_N_ELEMENTS (profiles));
  tcase_add_test (tc, test_before_key);
  tcase_add_test (tc, test_downstream_key_event);
  tcase_add_test (tc, test_caps_strip_keys);
  tcase_add_test (tc, test_list_filters_bad);
  tcase_add_test (tc, test_replay_window_property);
  return s;
}

GST_CHECK_MAIN (srtpdecrypt);
