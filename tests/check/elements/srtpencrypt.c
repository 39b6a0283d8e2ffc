/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <unistd.h>
#include <glib/gstdio.h>
#include <gst/check/gstharness.h>
#include "srtptestutil.h"

/* One fixture per test: the element in a harness, with a bus to catch its
 * warnings and errors. */
typedef struct
{
  GstHarness *h;
  GstBus *bus;
} EncHarness;

static void
enc_harness_init (EncHarness * eh, const gchar * key)
{
  eh->h = gst_harness_new ("srtpencrypt");
  eh->bus = gst_bus_new ();
  gst_element_set_bus (eh->h->element, eh->bus);
  if (key)
    g_object_set (eh->h->element, "key", key, NULL);
  gst_harness_set_src_caps_str (eh->h,
      "application/x-rtp,media=audio,clock-rate=8000,payload=96");
}

static void
enc_harness_teardown (EncHarness * eh)
{
  gst_element_set_bus (eh->h->element, NULL);
  gst_object_unref (eh->bus);
  gst_harness_teardown (eh->h);
}

/* Before a key: nothing is sent, every packet is counted, one warning. */
GST_START_TEST (test_no_key_never_sends_plaintext)
{
  EncHarness eh;
  gchar *text = NULL;
  guint i;

  enc_harness_init (&eh, NULL);
  for (i = 0; i < 20; i++)
    fail_unless_equals_int (gst_harness_push (eh.h, make_rtp_buffer (1, i,
                100)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_received (eh.h), 0);
  fail_unless_equals_int (stats_get (eh.h->element, "dropped-no-key"), 20);
  fail_unless_equals_int (stats_get (eh.h->element, "rtp-packets"), 0);
  /* rate-limited: one warning for the burst */
  fail_unless_equals_int (count_warnings (eh.bus, &text), 1);
  fail_unless (strstr (text, "No SRTP key yet") != NULL, "%s", text);
  g_free (text);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

static void
check_encrypts (GstSecureRtcSrtpProfile profile, const gchar * key)
{
  EncHarness eh;
  GstSecureRtcSrtpEngine *rx;
  GstBuffer *in, *copy, *out, *dec;
  guint tag = gst_secure_rtc_srtp_profile_get_rtp_tag_len (profile);

  enc_harness_init (&eh, NULL);
  g_object_set (eh.h->element, "key", key, "profile", profile, NULL);
  rx = make_engine (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, profile, key);

  in = make_rtp_buffer (0xabcdef, 1000, 160);
  copy = gst_buffer_copy_deep (in);
  fail_unless_equals_int (gst_harness_push (eh.h, in), GST_FLOW_OK);
  out = gst_harness_pull (eh.h);
  fail_unless_equals_int (gst_buffer_get_size (out), 12 + 160 + tag);
  fail_if (buffers_equal (out, copy));
  dec = engine_run (rx, GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, out, NULL);
  fail_unless (dec != NULL);
  fail_unless (buffers_equal (dec, copy));

  gst_buffer_unref (dec);
  gst_buffer_unref (out);
  gst_buffer_unref (copy);
  gst_secure_rtc_srtp_engine_free (rx);
  enc_harness_teardown (&eh);
}

GST_START_TEST (test_encrypts_every_profile)
{
  check_encrypts (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, KEY_CM);
  check_encrypts (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32, KEY_CM);
  check_encrypts (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, KEY_GCM128);
  check_encrypts (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM, KEY_GCM256);
}

GST_END_TEST;

/* `key` before `profile` works: the key is checked against the final
 * profile when the element starts. */
GST_START_TEST (test_key_then_profile_any_order)
{
  GstElement *e = gst_element_factory_make ("srtpencrypt", NULL);

  g_object_set (e, "key", KEY_GCM128, NULL);
  g_object_set (e, "profile", GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM,
      NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless (stats_get (e, "key-serial") > 0);
  gst_element_set_state (e, GST_STATE_NULL);
  gst_object_unref (e);
}

GST_END_TEST;

/* A wrong length fails the state change with an error that names the
 * expected length — and never the key. */
GST_START_TEST (test_wrong_key_length_is_a_clear_error)
{
  GstElement *e = gst_element_factory_make ("srtpencrypt", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *debug = NULL;

  gst_element_set_bus (e, bus);
  g_object_set (e, "key", KEY_CM "00", NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, &debug);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (err->message, "31 bytes") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "60 hexadecimal digits") != NULL);
  fail_unless (strstr (err->message, "e1f97a") == NULL);
  fail_unless (strstr (debug, "e1f97a") == NULL);
  g_clear_error (&err);
  g_free (debug);
  gst_message_unref (msg);

  /* not hexadecimal at all */
  g_object_set (e, "key", "this is not a key", NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "hexadecimal") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  gst_message_unref (msg);

  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
}

GST_END_TEST;

/* The key is write-only: no way to read it back. */
GST_START_TEST (test_key_not_readable)
{
  GstElement *e = gst_element_factory_make ("srtpencrypt", NULL);
  GParamSpec *pspec =
      g_object_class_find_property (G_OBJECT_GET_CLASS (e), "key");

  fail_unless (pspec != NULL);
  fail_if (pspec->flags & G_PARAM_READABLE);
  gst_object_unref (e);
}

GST_END_TEST;

/* key-file: the key is read from a file; a missing file is a clear error. */
GST_START_TEST (test_key_file)
{
  GstElement *e = gst_element_factory_make ("srtpencrypt", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *path = NULL;
  gint fd;

  gst_element_set_bus (e, bus);
  fd = g_file_open_tmp ("srtpkey-XXXXXX", &path, NULL);
  fail_unless (fd >= 0);
  fail_unless (write (fd, KEY_CM "\n", strlen (KEY_CM) + 1) > 0);
  close (fd);
  g_object_set (e, "key-file", path, NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless (stats_get (e, "key-serial") > 0);
  gst_element_set_state (e, GST_STATE_NULL);
  g_unlink (path);

  g_object_set (e, "key-file", path, NULL);
  fail_unless_equals_int (gst_element_set_state (e, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (strstr (err->message, "Could not read the SRTP key file") !=
      NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);

  gst_element_set_state (e, GST_STATE_NULL);
  gst_element_set_bus (e, NULL);
  gst_object_unref (bus);
  gst_object_unref (e);
  g_free (path);
}

GST_END_TEST;

/* The key event from dtlskeyexchange arrives upstream; it is consumed, sets
 * the profile, and is not forwarded further upstream. */
GST_START_TEST (test_upstream_key_event)
{
  EncHarness eh;
  GstSecureRtcSrtpKey *key;
  GstSecureRtcSrtpEngine *rx;
  GstBuffer *in, *copy, *out, *dec;
  GstEvent *ev;
  gint profile = 0;

  enc_harness_init (&eh, NULL);
  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, KEY_GCM128, NULL);
  fail_unless (gst_harness_push_upstream_event (eh.h,
          gst_secure_rtc_srtp_key_event_new_upstream (key)));
  while ((ev = gst_harness_try_pull_upstream_event (eh.h))) {
    fail_if (gst_secure_rtc_srtp_key_event_parse (ev, NULL),
        "key event leaked upstream");
    gst_event_unref (ev);
  }
  g_object_get (eh.h->element, "profile", &profile, NULL);
  fail_unless_equals_int (profile, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM);

  rx = make_engine (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT,
      GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, KEY_GCM128);
  in = make_rtp_buffer (5, 5, 40);
  copy = gst_buffer_copy_deep (in);
  gst_harness_push (eh.h, in);
  out = gst_harness_pull (eh.h);
  dec = engine_run (rx, GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, out, NULL);
  fail_unless (dec && buffers_equal (dec, copy));

  gst_buffer_unref (dec);
  gst_buffer_unref (out);
  gst_buffer_unref (copy);
  gst_secure_rtc_srtp_key_unref (key);
  gst_secure_rtc_srtp_engine_free (rx);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

/* Encrypted in place when the buffer has room; copied when it does not. */
GST_START_TEST (test_in_place_when_room)
{
  EncHarness eh;
  GstBuffer *in, *out;
  GstMapInfo m;
  guint8 *in_data;
  static guint8 tight[12 + 20];

  enc_harness_init (&eh, KEY_CM);
  in = make_rtp_buffer (1, 1, 100);
  gst_buffer_map (in, &m, GST_MAP_READ);
  in_data = m.data;
  gst_buffer_unmap (in, &m);
  gst_harness_push (eh.h, in);
  out = gst_harness_pull (eh.h);
  gst_buffer_map (out, &m, GST_MAP_READ);
  fail_unless (m.data == in_data, "not encrypted in place");
  gst_buffer_unmap (out, &m);
  gst_buffer_unref (out);

  /* no room for the tag: a new buffer */
  tight[0] = 0x80;
  tight[1] = 96;
  tight[3] = 2;
  in = gst_buffer_new_memdup (tight, sizeof (tight));
  gst_harness_push (eh.h, in);
  out = gst_harness_pull (eh.h);
  fail_unless_equals_int (gst_buffer_get_size (out), sizeof (tight) + 10);
  gst_buffer_unref (out);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

/* A shared (read-only) input is not modified: the copy is encrypted. */
GST_START_TEST (test_shared_input_untouched)
{
  EncHarness eh;
  GstBuffer *in, *copy, *out;

  enc_harness_init (&eh, KEY_CM);
  in = make_rtp_buffer (1, 1, 100);
  copy = gst_buffer_copy_deep (in);
  gst_buffer_ref (in);
  gst_harness_push (eh.h, in);
  out = gst_harness_pull (eh.h);
  fail_unless (buffers_equal (in, copy));
  fail_if (buffers_equal (out, copy));
  gst_buffer_unref (in);
  gst_buffer_unref (copy);
  gst_buffer_unref (out);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

/* RTP and RTCP on one pad (RFC 5761), two SSRCs, in a buffer list. */
GST_START_TEST (test_mixed_rtp_rtcp_list)
{
  EncHarness eh;
  GstBufferList *list = gst_buffer_list_new ();
  GstSecureRtcSrtpEngine *rx;
  guint i;

  enc_harness_init (&eh, KEY_CM);
  rx = make_engine (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT,
      GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, KEY_CM);
  for (i = 0; i < 10; i++)
    gst_buffer_list_add (list, make_rtp_buffer (i % 2 ? 11 : 22, 100 + i, 50));
  gst_buffer_list_add (list, make_rtcp_buffer (11));
  /* garbage in the middle is dropped, the rest goes on */
  gst_buffer_list_insert (list, 3, gst_buffer_new_memdup ("\x01\x02\x03\x04\x05", 5));
  fail_unless_equals_int (gst_pad_push_list (eh.h->srcpad, list), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_received (eh.h), 11);
  for (i = 0; i < 11; i++) {
    GstBuffer *out = gst_harness_pull (eh.h), *dec;
    dec = engine_run (rx, GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, out, NULL);
    fail_unless (dec != NULL);
    gst_buffer_unref (dec);
    gst_buffer_unref (out);
  }
  fail_unless_equals_int (stats_get (eh.h->element, "rtp-packets"), 10);
  fail_unless_equals_int (stats_get (eh.h->element, "rtcp-packets"), 1);
  fail_unless_equals_int (stats_get (eh.h->element, "dropped-invalid"), 1);
  gst_secure_rtc_srtp_engine_free (rx);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

/* Re-keying while playing: later packets use the new key. */
GST_START_TEST (test_rekey_while_playing)
{
  EncHarness eh;
  GstSecureRtcSrtpEngine *rx1, *rx2;
  GstBuffer *out, *dec;
  GstSecureRtcSrtpResult r;

  enc_harness_init (&eh, KEY_CM);
  rx1 = make_engine (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT,
      GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, KEY_CM);
  rx2 = make_engine (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT,
      GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, KEY_CM_2);
  gst_harness_push (eh.h, make_rtp_buffer (1, 1, 10));
  out = gst_harness_pull (eh.h);
  dec = engine_run (rx1, GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, out, NULL);
  fail_unless (dec != NULL);
  gst_buffer_unref (dec);
  gst_buffer_unref (out);

  g_object_set (eh.h->element, "key", KEY_CM_2, NULL);
  gst_harness_push (eh.h, make_rtp_buffer (1, 2, 10));
  out = gst_harness_pull (eh.h);
  fail_unless (engine_run (rx1, GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, out,
          &r) == NULL);
  fail_unless_equals_int (r, GST_SECURE_RTC_SRTP_RESULT_AUTH);
  dec = engine_run (rx2, GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, out, NULL);
  fail_unless (dec != NULL);
  gst_buffer_unref (dec);
  gst_buffer_unref (out);

  /* a bad key while playing: an error, and no packet leaves afterwards */
  g_object_set (eh.h->element, "key", "abcd", NULL);
  fail_unless (gst_bus_pop_filtered (eh.bus, GST_MESSAGE_ERROR) != NULL);
  gst_harness_push (eh.h, make_rtp_buffer (1, 3, 10));
  fail_unless_equals_int (gst_harness_buffers_received (eh.h), 2);

  gst_secure_rtc_srtp_engine_free (rx1);
  gst_secure_rtc_srtp_engine_free (rx2);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

/* Caps: x-rtp becomes x-srtp with the same fields. */
GST_START_TEST (test_caps_renamed)
{
  EncHarness eh;
  GstCaps *caps;
  GstStructure *s;

  enc_harness_init (&eh, KEY_CM);
  gst_harness_push (eh.h, make_rtp_buffer (1, 1, 10));
  gst_buffer_unref (gst_harness_pull (eh.h));
  caps = gst_pad_get_current_caps (eh.h->sinkpad);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "application/x-srtp"));
  fail_unless_equals_string (gst_structure_get_string (s, "media"), "audio");
  gst_caps_unref (caps);
  enc_harness_teardown (&eh);
}

GST_END_TEST;

static Suite *
srtpencrypt_suite (void)
{
  Suite *s = suite_create ("srtpencrypt");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_no_key_never_sends_plaintext);
  tcase_add_test (tc, test_encrypts_every_profile);
  tcase_add_test (tc, test_key_then_profile_any_order);
  tcase_add_test (tc, test_wrong_key_length_is_a_clear_error);
  tcase_add_test (tc, test_key_not_readable);
  tcase_add_test (tc, test_key_file);
  tcase_add_test (tc, test_upstream_key_event);
  tcase_add_test (tc, test_in_place_when_room);
  tcase_add_test (tc, test_shared_input_untouched);
  tcase_add_test (tc, test_mixed_rtp_rtcp_list);
  tcase_add_test (tc, test_rekey_while_playing);
  tcase_add_test (tc, test_caps_renamed);
  return s;
}

GST_CHECK_MAIN (srtpencrypt);
