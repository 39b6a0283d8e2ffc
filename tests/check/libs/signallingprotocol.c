/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The JSON <-> message layer of the signalling protocol, without sockets:
 * the wire forms of PROTOCOL.md parse, serialise back to the same fields,
 * and every malformed frame is refused with an error naming the problem. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/securertc/signalling/gstsignallingprotocol.h>

#define TO_SERVER GST_SECURE_RTC_SIGNALLING_TO_SERVER
#define TO_PEER GST_SECURE_RTC_SIGNALLING_TO_PEER

static GstSecureRtcSignallingMessage *
parse (const gchar * text, GstSecureRtcSignallingDirection dir)
{
  g_autoptr (GError) error = NULL;
  GstSecureRtcSignallingMessage *m =
      gst_secure_rtc_signalling_message_parse (text, strlen (text), dir, &error);

  fail_unless (m != NULL, "%s: %s", text, error ? error->message : "?");
  return m;
}

/* Parses, serialises and parses again: same message. */
static GstSecureRtcSignallingMessage *
round_trip (const gchar * text, GstSecureRtcSignallingDirection dir)
{
  g_autoptr (GstSecureRtcSignallingMessage) m = parse (text, dir);
  g_autofree gchar *out = gst_secure_rtc_signalling_message_serialize (m);

  return parse (out, dir);
}

GST_START_TEST (test_wire_forms)
{
  GstSecureRtcSignallingMessage *m;

  m = round_trip ("{\"type\":\"welcome\",\"peerId\":\"P\"}", TO_PEER);
  fail_unless_equals_int (m->type, GST_SECURE_RTC_SIGNALLING_MSG_WELCOME);
  fail_unless_equals_string (m->peer_id, "P");
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"setPeerStatus\",\"roles\":[\"listener\",\"producer\"],"
      "\"meta\":{\"name\":\"x\"},\"peerId\":\"ignored\",\"extra\":1}", TO_SERVER);
  fail_unless_equals_int (m->roles, GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER
      | GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER);
  fail_unless_equals_string (json_object_get_string_member (json_node_get_object
          (m->meta), "name"), "x");
  gst_secure_rtc_signalling_message_free (m);

  /* Unknown roles: ignored by a peer, refused by the server. */
  m = parse ("{\"type\":\"peerStatusChanged\",\"peerId\":\"P\",\"roles\":"
      "[\"producer\",\"future\"],\"meta\":null}", TO_PEER);
  fail_unless_equals_int (m->roles, GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER);
  fail_unless (m->meta == NULL);
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"startSession\",\"peerId\":\"P\",\"sessionId\":\"S\","
      "\"offer\":\"v=0\\r\\n\"}", TO_PEER);
  fail_unless_equals_string (m->offer, "v=0\r\n");
  fail_unless_equals_string (m->session_id, "S");
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"startSession\",\"peerId\":\"P\",\"offer\":null}", TO_SERVER);
  fail_unless (m->offer == NULL);
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"peer\",\"sessionId\":\"S\",\"ice\":{\"candidate\":\"c\","
      "\"sdpMid\":\"0\",\"sdpMLineIndex\":3,\"usernameFragment\":\"u\"}}", TO_SERVER);
  fail_unless_equals_string (m->candidate, "c");
  fail_unless_equals_int (m->sdp_mline_index, 3);
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"peer\",\"sessionId\":\"S\",\"sdp\":{\"type\":\"answer\","
      "\"sdp\":\"v=0\\r\\na=x\\r\\n\"}}", TO_PEER);
  fail_unless_equals_string (m->sdp_type, "answer");
  fail_unless_equals_string (m->sdp, "v=0\r\na=x\r\n");
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"endSessionV1_1\",\"sessionId\":\"S\",\"error\":\"e\"}",
      TO_PEER);
  fail_unless_equals_string (m->end_error, "e");
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}", TO_SERVER);
  fail_unless_equals_int (m->version, GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1);
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"list\",\"producers\":[{\"id\":\"A\",\"meta\":null},"
      "{\"id\":\"B\",\"meta\":{\"k\":[1]}}]}", TO_PEER);
  fail_unless_equals_int (json_array_get_length (m->peers), 2);
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"listConsumers\"}", TO_SERVER);
  fail_unless_equals_int (m->type, GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS);
  gst_secure_rtc_signalling_message_free (m);

  m = round_trip ("{\"type\":\"error\",\"details\":\"d\"}", TO_PEER);
  fail_unless_equals_string (m->details, "d");
  gst_secure_rtc_signalling_message_free (m);
}

GST_END_TEST;

static const struct
{
  const gchar *text;
  GstSecureRtcSignallingDirection dir;
  gint code;
  const gchar *needle;
} bad[] = {
  {"", TO_SERVER, GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED, "malformed"},
  {"{", TO_SERVER, GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED, "malformed JSON"},
  {"null", TO_SERVER, GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED, "not a JSON object"},
  {"{\"type\":null}", TO_SERVER, GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "'type'"},
  {"{\"type\":\"welcome\",\"peerId\":\"x\"}", TO_SERVER,
      GST_SECURE_RTC_SIGNALLING_ERROR_UNKNOWN_TYPE, "welcome"},
  {"{\"type\":\"setPeerStatus\",\"roles\":[]}", TO_PEER,
      GST_SECURE_RTC_SIGNALLING_ERROR_UNKNOWN_TYPE, "setPeerStatus"},
  {"{\"type\":\"setPeerStatus\",\"roles\":[\"x\"]}", TO_SERVER,
      GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "unknown role"},
  {"{\"type\":\"setPeerStatus\"}", TO_SERVER, GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
      "'roles'"},
  {"{\"type\":\"peer\",\"sessionId\":\"S\",\"sdp\":{\"type\":\"offer\"},"
        "\"ice\":{\"candidate\":\"c\",\"sdpMLineIndex\":0}}", TO_SERVER,
      GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "exactly one"},
  {"{\"type\":\"peer\",\"sessionId\":\"S\",\"sdp\":{\"type\":\"offer\",\"sdp\":1}}",
      TO_SERVER, GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "'sdp'"},
  {"{\"type\":\"peer\",\"sessionId\":\"S\",\"ice\":{\"candidate\":\"c\","
        "\"sdpMLineIndex\":4294967296}}", TO_SERVER,
      GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "sdpMLineIndex"},
  {"{\"type\":\"peer\",\"sessionId\":\"S\",\"ice\":{\"candidate\":\"c\","
        "\"sdpMLineIndex\":\"0\"}}", TO_SERVER,
      GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "sdpMLineIndex"},
  {"{\"type\":\"list\",\"producers\":[{\"meta\":1}]}", TO_PEER,
      GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "'id'"},
  {"{\"type\":\"endSessionV1_1\",\"sessionId\":\"S\",\"error\":5}", TO_SERVER,
      GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "'error'"},
};

GST_START_TEST (test_bad_frames)
{
  g_autoptr (GError) error = NULL;
  GstSecureRtcSignallingMessage *m;

  m = gst_secure_rtc_signalling_message_parse (bad[__i__].text,
      strlen (bad[__i__].text), bad[__i__].dir, &error);
  fail_unless (m == NULL, "accepted: %s", bad[__i__].text);
  fail_unless (g_error_matches (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          bad[__i__].code), "%s: code %d (%s)", bad[__i__].text, error->code,
      error->message);
  fail_unless (strstr (error->message, bad[__i__].needle) != NULL,
      "%s: '%s' does not mention '%s'", bad[__i__].text, error->message,
      bad[__i__].needle);
}

GST_END_TEST;

GST_START_TEST (test_depth_and_strings)
{
  GString *s = g_string_new ("{\"type\":\"list\",\"x\":");
  g_autoptr (GError) error = NULL;
  GstSecureRtcSignallingMessage *m;
  guint i;

  /* Brackets inside strings do not count as nesting. */
  g_string_append (s, "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[\"}");
  m = parse (s->str, TO_SERVER);
  gst_secure_rtc_signalling_message_free (m);

  g_string_assign (s, "{\"type\":\"list\",\"x\":");
  for (i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  m = gst_secure_rtc_signalling_message_parse (s->str, s->len, TO_SERVER, &error);
  fail_unless (m == NULL);
  fail_unless (strstr (error->message, "nested deeper") != NULL);
  g_string_free (s, TRUE);
}

GST_END_TEST;

static Suite *
signallingprotocol_suite (void)
{
  Suite *s = suite_create ("signalling-protocol");
  TCase *tc = tcase_create ("protocol");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_wire_forms);
  tcase_add_loop_test (tc, test_bad_frames, 0, G_N_ELEMENTS (bad));
  tcase_add_test (tc, test_depth_and_strings);
  return s;
}

GST_CHECK_MAIN (signallingprotocol);
