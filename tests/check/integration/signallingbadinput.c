/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Bad input and limits of gst-securertc-signalling-server: every bad frame
 * gets an error (the connection stays usable) or, for abuse, a close; never
 * silence; and everyone else keeps being served quickly. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "signallingtestutil.h"

#define T 5000
#define QUIET 300

static SigTestServer *srv;

static void
teardown (void)
{
  sig_test_server_stop (srv);
  srv = NULL;
}

/* Sends @text and expects an error whose details contain @needle; then the
 * connection must still answer a list. */
static void
expect_error_and_alive (SigTestClient * c, const gchar * text, const gchar * needle)
{
  JsonObject *o;
  const gchar *details;

  sig_test_client_send (c, text);
  o = sig_test_client_expect (c, "error", T);
  details = json_object_get_string_member (o, "details");
  GST_INFO ("%s -> %s", text, details);
  fail_unless (details && strstr (details, needle) != NULL,
      "error for %s is '%s', expected it to mention '%s'", text, details, needle);
  json_object_unref (o);

  sig_test_client_send (c, "{\"type\":\"list\"}");
  json_object_unref (sig_test_client_expect (c, "list", T));
  fail_if (c->closed);
}

/* Round trip of a list request, in microseconds. */
static gint64
list_rtt (SigTestClient * c)
{
  gint64 t0 = g_get_monotonic_time ();

  sig_test_client_send (c, "{\"type\":\"list\"}");
  json_object_unref (sig_test_client_expect (c, "list", T));
  return g_get_monotonic_time () - t0;
}

GST_START_TEST (test_malformed_frames)
{
  SigTestClient *c;
  GString *deep = g_string_new ("{\"type\":\"setPeerStatus\",\"roles\":[],\"meta\":");
  guint i;

  srv = sig_test_server_start (NULL);
  c = sig_test_client_connect (srv);

  expect_error_and_alive (c, "{\"type\":\"list\"", "malformed JSON");
  expect_error_and_alive (c, "not json at all", "malformed JSON");
  expect_error_and_alive (c, "", "malformed");
  expect_error_and_alive (c, "[1,2,3]", "not a JSON object");
  expect_error_and_alive (c, "\"list\"", "not a JSON object");
  expect_error_and_alive (c, "{}", "'type'");
  expect_error_and_alive (c, "{\"type\":7}", "'type'");
  expect_error_and_alive (c, "{\"type\":\"fly\"}", "unknown message type 'fly'");
  /* Server-to-peer types are unknown in this direction. */
  expect_error_and_alive (c, "{\"type\":\"welcome\",\"peerId\":\"x\"}",
      "unknown message type");
  expect_error_and_alive (c, "{\"type\":\"startSession\",\"peerId\":5}", "'peerId'");
  expect_error_and_alive (c, "{\"type\":\"startSession\"}", "'peerId'");
  expect_error_and_alive (c, "{\"type\":\"startSession\",\"peerId\":\"x\",\"offer\":1}",
      "'offer'");
  expect_error_and_alive (c, "{\"type\":\"setPeerStatus\",\"roles\":\"producer\"}",
      "'roles'");
  expect_error_and_alive (c, "{\"type\":\"setPeerStatus\",\"roles\":[1]}", "'roles'");
  expect_error_and_alive (c, "{\"type\":\"setPeerStatus\",\"roles\":[\"wizard\"]}",
      "unknown role 'wizard'");
  expect_error_and_alive (c,
      "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\",\"consumer\"]}",
      "both producer and consumer");
  expect_error_and_alive (c, "{\"type\":\"setProtocolVersion\",\"version\":\"v9\"}",
      "unknown protocol version");
  expect_error_and_alive (c, "{\"type\":\"peer\",\"sessionId\":\"s\"}", "'sdp' or 'ice'");
  expect_error_and_alive (c, "{\"type\":\"peer\",\"sessionId\":\"s\",\"sdp\":"
      "{\"type\":\"pranswer\",\"sdp\":\"\"}}", "'sdp.type'");
  expect_error_and_alive (c, "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":"
      "{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}", "sdpMLineIndex");
  expect_error_and_alive (c, "{\"type\":\"peer\",\"sessionId\":\"s\",\"ice\":"
      "{\"candidate\":\"c\",\"sdpMLineIndex\":0.5}}", "sdpMLineIndex");
  expect_error_and_alive (c, "{\"type\":\"peer\",\"sessionId\":3,\"ice\":"
      "{\"candidate\":\"c\",\"sdpMLineIndex\":0}}", "'sessionId'");
  expect_error_and_alive (c, "{\"type\":\"endSession\"}", "'sessionId'");
  expect_error_and_alive (c, "{\"type\":\"endSession\",\"sessionId\":\"nope\"}",
      "no session");
  expect_error_and_alive (c, "{\"type\":\"startSession\",\"peerId\":\"nobody\"}",
      "not found");

  /* Deep nesting is refused before the (recursive) JSON parser. */
  for (i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  expect_error_and_alive (c, deep->str, "nested deeper");
  g_string_free (deep, TRUE);

  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_binary_frame_answered)
{
  SigTestClient *c;
  JsonObject *o;
  static const guint8 bin[] = { 1, 2, 3 };

  srv = sig_test_server_start (NULL);
  c = sig_test_client_connect (srv);
  soup_websocket_connection_send_binary (c->ws, bin, sizeof (bin));
  o = sig_test_client_expect (c, "error", T);
  fail_unless (strstr (json_object_get_string_member (o, "details"), "binary"));
  json_object_unref (o);
  /* Not closed: still served. */
  fail_unless (list_rtt (c) < 500 * 1000);
  fail_if (c->closed);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_foreign_session)
{
  SigTestClient *p, *c, *x;
  g_autofree gchar *sid = NULL;
  JsonObject *o;

  srv = sig_test_server_start (NULL);
  p = sig_test_client_connect (srv);
  c = sig_test_client_connect (srv);
  x = sig_test_client_connect (srv);
  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sig_test_client_sendf (c, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", p->peer_id);
  o = sig_test_client_expect (c, "sessionStarted", T);
  sid = g_strdup (json_object_get_string_member (o, "sessionId"));
  json_object_unref (o);
  json_object_unref (sig_test_client_expect (p, "startSession", T));

  /* A third peer that knows the session id still cannot use it. */
  sig_test_client_sendf (x, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\nevil\"}}", sid);
  json_object_unref (sig_test_client_expect (x, "error", T));
  sig_test_client_sendf (x, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"ice\":"
      "{\"candidate\":\"evil\",\"sdpMLineIndex\":0}}", sid);
  json_object_unref (sig_test_client_expect (x, "error", T));
  sig_test_client_sendf (x, "{\"type\":\"endSession\",\"sessionId\":\"%s\"}", sid);
  json_object_unref (sig_test_client_expect (x, "error", T));
  fail_unless (sig_test_client_silent (p, QUIET));
  fail_unless (sig_test_client_silent (c, QUIET));

  /* The session still works for its members. */
  sig_test_client_sendf (p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}", sid);
  json_object_unref (sig_test_client_expect (c, "peer", T));

  /* Starting a session with oneself is refused. */
  sig_test_client_sendf (p, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", p->peer_id);
  json_object_unref (sig_test_client_expect (p, "error", T));

  sig_test_client_free (p);
  sig_test_client_free (c);
  sig_test_client_free (x);
}

GST_END_TEST;

GST_START_TEST (test_oversize_message)
{
  const gchar *args[] = { "--max-message-size", "4096", NULL };
  SigTestClient *big, *other;
  g_autofree gchar *blob = NULL;
  g_autofree gchar *text = NULL;

  srv = sig_test_server_start (args);
  big = sig_test_client_connect (srv);
  other = sig_test_client_connect (srv);

  /* Just under the limit: served. */
  blob = g_strnfill (3000, 'a');
  text = g_strdup_printf ("{\"type\":\"list\",\"pad\":\"%s\"}", blob);
  sig_test_client_send (big, text);
  json_object_unref (sig_test_client_expect (big, "list", T));
  g_free (blob);
  g_free (text);

  /* Over it: closed with 1009 (message too big), refused from the frame
   * header. While the client is still writing the rest of the frame, the
   * close frame may be lost in the TCP reset (close code 0, "abnormal"). */
  blob = g_strnfill (64 * 1024, 'a');
  text = g_strdup_printf ("{\"type\":\"list\",\"pad\":\"%s\"}", blob);
  sig_test_client_send (big, text);
  fail_unless (sig_test_client_wait_closed (big, T));
  GST_INFO ("oversize: close code %u", big->close_code);
  fail_unless (big->close_code == SOUP_WEBSOCKET_CLOSE_TOO_BIG
      || big->close_code == 0, "close code %u", big->close_code);

  /* Everyone else is unaffected. */
  fail_unless (list_rtt (other) < 500 * 1000);
  sig_test_client_free (big);
  sig_test_client_free (other);
}

GST_END_TEST;

GST_START_TEST (test_flood_rate_limit)
{
  const gchar *args[] = { "--rate-limit", "20", "--rate-burst", "40", NULL };
  SigTestClient *flood, *other;
  gint64 worst = 0;
  guint i, errors = 0;
  gchar *text;

  srv = sig_test_server_start (args);
  flood = sig_test_client_connect (srv);
  other = sig_test_client_connect (srv);

  for (i = 0; i < 2000; i++)
    sig_test_client_send (flood, "{\"type\":\"list\"}");

  /* The flooder gets lists, then an error naming the limit, then a close. */
  while ((text = sig_test_client_next_text (flood, T)) != NULL) {
    if (strstr (text, "\"error\"")) {
      fail_unless (strstr (text, "rate limit") != NULL, "%s", text);
      errors++;
    }
    g_free (text);
    if (flood->closed && g_queue_is_empty (&flood->texts))
      break;
  }
  fail_unless_equals_int (errors, 1);
  fail_unless (sig_test_client_wait_closed (flood, T));
  fail_unless_equals_int (flood->close_code, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);

  /* The limit is per connection: the other peer was never limited and is
   * served with low latency. */
  for (i = 0; i < 20; i++)
    worst = MAX (worst, list_rtt (other));
  GST_INFO ("worst list round trip after a flood: %" G_GINT64_FORMAT " us", worst);
  fail_unless (worst < 200 * 1000);
  fail_if (other->closed);
  sig_test_client_free (flood);
  sig_test_client_free (other);
}

GST_END_TEST;

GST_START_TEST (test_max_peers)
{
  const gchar *args[] = { "--max-peers", "2", NULL };
  SigTestClient *a, *b, *c;
  g_autoptr (GError) error = NULL;
  JsonObject *o;

  srv = sig_test_server_start (args);
  a = sig_test_client_connect (srv);
  b = sig_test_client_connect (srv);
  c = sig_test_client_connect_uri (srv->uri, srv->cert_file, &error);
  fail_unless (c != NULL);
  o = sig_test_client_expect (c, "error", T);
  fail_unless (strstr (json_object_get_string_member (o, "details"), "full"));
  json_object_unref (o);
  fail_unless (sig_test_client_wait_closed (c, T));
  fail_unless_equals_int (c->close_code, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  fail_unless (list_rtt (a) < 500 * 1000);
  sig_test_client_free (a);
  sig_test_client_free (b);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_max_sessions_per_peer)
{
  const gchar *args[] = { "--max-sessions-per-peer", "1", NULL };
  SigTestClient *p, *c;
  JsonObject *o;

  srv = sig_test_server_start (args);
  p = sig_test_client_connect (srv);
  c = sig_test_client_connect (srv);
  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sig_test_client_sendf (c, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", p->peer_id);
  json_object_unref (sig_test_client_expect (c, "sessionStarted", T));
  json_object_unref (sig_test_client_expect (p, "startSession", T));
  sig_test_client_sendf (c, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", p->peer_id);
  o = sig_test_client_expect (c, "error", T);
  fail_unless (strstr (json_object_get_string_member (o, "details"), "too many sessions"));
  json_object_unref (o);
  fail_unless (sig_test_client_silent (p, QUIET));
  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

static Suite *
signallingbadinput_suite (void)
{
  Suite *s = suite_create ("signalling-badinput");
  TCase *tc = tcase_create ("badinput");

  tcase_add_checked_fixture (tc, NULL, teardown);
  tcase_set_timeout (tc, 60);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_malformed_frames);
  tcase_add_test (tc, test_binary_frame_answered);
  tcase_add_test (tc, test_foreign_session);
  tcase_add_test (tc, test_oversize_message);
  tcase_add_test (tc, test_flood_rate_limit);
  tcase_add_test (tc, test_max_peers);
  tcase_add_test (tc, test_max_sessions_per_peer);
  return s;
}

GST_CHECK_MAIN (signallingbadinput);
