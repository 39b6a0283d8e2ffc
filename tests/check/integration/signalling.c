/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Conformance of gst-securertc-signalling-server with the GStreamer WebRTC
 * signalling protocol (PROTOCOL.md): real WebSockets over TLS on loopback,
 * checking the JSON each side sees. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>

#include "signallingtestutil.h"

#define T 5000                  /* ms: generous bound for one message */
#define QUIET 300               /* ms without a message = "nothing sent" */

static SigTestServer *srv;

static void
setup (void)
{
  srv = sig_test_server_start (NULL);
}

static void
teardown (void)
{
  sig_test_server_stop (srv);
  srv = NULL;
}

static gchar *
start_session (SigTestClient * consumer, SigTestClient * producer,
    const gchar * offer_json)
{
  JsonObject *o;
  gchar *sid;

  if (offer_json)
    sig_test_client_sendf (consumer,
        "{\"type\":\"startSession\",\"peerId\":\"%s\",\"offer\":%s}",
        producer->peer_id, offer_json);
  else
    sig_test_client_sendf (consumer,
        "{\"type\":\"startSession\",\"peerId\":\"%s\"}", producer->peer_id);

  o = sig_test_client_expect (consumer, "sessionStarted", T);
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"),
      producer->peer_id);
  sid = g_strdup (json_object_get_string_member (o, "sessionId"));
  fail_unless (g_uuid_string_is_valid (sid));
  json_object_unref (o);

  o = sig_test_client_expect (producer, "startSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"),
      consumer->peer_id);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  if (offer_json == NULL)
    fail_unless (json_object_get_null_member (o, "offer"));
  json_object_unref (o);
  return sid;
}

GST_START_TEST (test_welcome_unique_ids)
{
  SigTestClient *a = sig_test_client_connect (srv);
  SigTestClient *b = sig_test_client_connect (srv);

  fail_if (g_strcmp0 (a->peer_id, b->peer_id) == 0);
  sig_test_client_free (a);
  sig_test_client_free (b);
}

GST_END_TEST;

GST_START_TEST (test_listener_and_list)
{
  SigTestClient *l = sig_test_client_connect (srv);
  SigTestClient *p = sig_test_client_connect (srv);
  JsonObject *o, *meta;
  JsonArray *arr;

  /* The listener gets its own registration (gstwebrtc-api needs it). */
  sig_test_client_set_status (l, "[\"listener\"]", "{\"name\":\"ears\"}");

  sig_test_client_set_status (p, "[\"producer\"]",
      "{\"name\":\"cam\",\"n\":[1,2,{\"x\":null}]}");
  o = sig_test_client_expect (l, "peerStatusChanged", T);
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"), p->peer_id);
  arr = json_object_get_array_member (o, "roles");
  fail_unless_equals_int (json_array_get_length (arr), 1);
  fail_unless_equals_string (json_array_get_string_element (arr, 0), "producer");
  meta = json_object_get_object_member (o, "meta");
  fail_unless_equals_string (json_object_get_string_member (meta, "name"), "cam");
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member (meta,
              "n")), 3);
  json_object_unref (o);
  /* The producer is not a listener: it hears nothing. */
  fail_unless (sig_test_client_silent (p, QUIET));

  /* Same status again: no-op. */
  sig_test_client_send (p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],"
      "\"meta\":{\"name\":\"cam\",\"n\":[1,2,{\"x\":null}]},\"peerId\":\"ignored\"}");
  fail_unless (sig_test_client_silent (l, QUIET));

  sig_test_client_send (l, "{\"type\":\"list\"}");
  o = sig_test_client_expect (l, "list", T);
  arr = json_object_get_array_member (o, "producers");
  fail_unless_equals_int (json_array_get_length (arr), 1);
  fail_unless_equals_string (json_object_get_string_member
      (json_array_get_object_element (arr, 0), "id"), p->peer_id);
  meta = json_object_get_object_member (json_array_get_object_element (arr, 0), "meta");
  fail_unless_equals_string (json_object_get_string_member (meta, "name"), "cam");
  json_object_unref (o);

  sig_test_client_send (l, "{\"type\":\"listConsumers\"}");
  o = sig_test_client_expect (l, "listConsumers", T);
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member (o,
              "consumers")), 0);
  json_object_unref (o);

  /* listener + producer together is fine (gstwebrtc-api producers). */
  sig_test_client_set_status (p, "[\"listener\",\"producer\"]", "null");
  o = sig_test_client_expect (l, "peerStatusChanged", T);
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member (o,
              "roles")), 2);
  fail_unless (json_object_get_null_member (o, "meta"));
  json_object_unref (o);

  sig_test_client_free (l);
  sig_test_client_free (p);
}

GST_END_TEST;

GST_START_TEST (test_full_session)
{
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  const gchar *offer = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=mid:0\\r\\n";
  g_autofree gchar *sid = NULL;
  JsonObject *o, *x;

  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sid = start_session (c, p, NULL);

  /* The producer offers; the SDP text arrives untouched. */
  sig_test_client_sendf (p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"offer\",\"sdp\":\"%s\"}}", sid, offer);
  o = sig_test_client_expect (c, "peer", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  x = json_object_get_object_member (o, "sdp");
  fail_unless_equals_string (json_object_get_string_member (x, "type"), "offer");
  fail_unless_equals_string (json_object_get_string_member (x, "sdp"),
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n");
  json_object_unref (o);

  sig_test_client_sendf (c, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}", sid);
  o = sig_test_client_expect (p, "peer", T);
  fail_unless_equals_string (json_object_get_string_member
      (json_object_get_object_member (o, "sdp"), "type"), "answer");
  json_object_unref (o);

  /* Browser ICE objects carry extra fields: relayed as candidate +
   * sdpMLineIndex. */
  sig_test_client_sendf (c, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"ice\":"
      "{\"candidate\":\"candidate:1 1 UDP 2015363327 127.0.0.1 45011 typ host\","
      "\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"abcd\"}}", sid);
  o = sig_test_client_expect (p, "peer", T);
  x = json_object_get_object_member (o, "ice");
  fail_unless_equals_string (json_object_get_string_member (x, "candidate"),
      "candidate:1 1 UDP 2015363327 127.0.0.1 45011 typ host");
  fail_unless_equals_int (json_object_get_int_member (x, "sdpMLineIndex"), 0);
  fail_if (json_object_has_member (x, "usernameFragment"));
  json_object_unref (o);

  sig_test_client_sendf (p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"ice\":"
      "{\"candidate\":\"candidate:2 1 UDP 1 127.0.0.1 5000 typ host\","
      "\"sdpMLineIndex\":1}}", sid);
  o = sig_test_client_expect (c, "peer", T);
  fail_unless_equals_int (json_object_get_int_member (json_object_get_object_member
          (o, "ice"), "sdpMLineIndex"), 1);
  json_object_unref (o);

  /* Consumer ends: the producer is told. */
  sig_test_client_sendf (c, "{\"type\":\"endSession\",\"sessionId\":\"%s\"}", sid);
  o = sig_test_client_expect (p, "endSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);
  fail_unless (sig_test_client_silent (c, QUIET));

  /* The session is gone. */
  sig_test_client_sendf (p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"ice\":"
      "{\"candidate\":\"x\",\"sdpMLineIndex\":0}}", sid);
  json_object_unref (sig_test_client_expect (p, "error", T));

  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_end_session_by_producer)
{
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  g_autofree gchar *sid = NULL;
  JsonObject *o;

  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sid = start_session (c, p, NULL);
  sig_test_client_sendf (p, "{\"type\":\"endSession\",\"sessionId\":\"%s\"}", sid);
  o = sig_test_client_expect (c, "endSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);
  fail_unless (sig_test_client_silent (p, QUIET));

  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_disconnect_notifications)
{
  SigTestClient *l = sig_test_client_connect (srv);
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  g_autofree gchar *sid = NULL;
  g_autofree gchar *pid = g_strdup (p->peer_id);
  JsonObject *o;

  sig_test_client_set_status (l, "[\"listener\"]", "null");
  sig_test_client_set_status (p, "[\"producer\"]", "{\"name\":\"gone\"}");
  json_object_unref (sig_test_client_expect (l, "peerStatusChanged", T));
  sid = start_session (c, p, NULL);

  sig_test_client_free (p);
  o = sig_test_client_expect (c, "endSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);
  o = sig_test_client_expect (l, "peerStatusChanged", T);
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"), pid);
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member (o,
              "roles")), 0);
  json_object_unref (o);

  sig_test_client_send (l, "{\"type\":\"list\"}");
  o = sig_test_client_expect (l, "list", T);
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member (o,
              "producers")), 0);
  json_object_unref (o);

  sig_test_client_free (l);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_consumer_offer)
{
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  g_autofree gchar *sid = NULL;
  JsonObject *o;

  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sig_test_client_sendf (c, "{\"type\":\"startSession\",\"peerId\":\"%s\","
      "\"offer\":\"v=0\\r\\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\\r\\n\"}",
      p->peer_id);
  o = sig_test_client_expect (c, "sessionStarted", T);
  sid = g_strdup (json_object_get_string_member (o, "sessionId"));
  json_object_unref (o);
  o = sig_test_client_expect (p, "startSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "offer"),
      "v=0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n");
  json_object_unref (o);

  /* The producer answers. */
  sig_test_client_sendf (p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"answer\",\"sdp\":\"v=0\\r\\n\"}}", sid);
  o = sig_test_client_expect (c, "peer", T);
  fail_unless_equals_string (json_object_get_string_member
      (json_object_get_object_member (o, "sdp"), "type"), "answer");
  json_object_unref (o);

  /* An offer from the consumer inside the session is refused. */
  sig_test_client_sendf (c, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}", sid);
  json_object_unref (sig_test_client_expect (c, "error", T));
  fail_unless (sig_test_client_silent (p, QUIET));

  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_producer_started_session)
{
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  g_autofree gchar *sid = NULL;
  JsonObject *o;
  JsonArray *arr;

  sig_test_client_set_status (c, "[\"consumer\"]", "{\"name\":\"screen\"}");
  sig_test_client_set_status (p, "[\"producer\"]", "null");

  sig_test_client_send (p, "{\"type\":\"listConsumers\"}");
  o = sig_test_client_expect (p, "listConsumers", T);
  arr = json_object_get_array_member (o, "consumers");
  fail_unless_equals_int (json_array_get_length (arr), 1);
  fail_unless_equals_string (json_object_get_string_member
      (json_array_get_object_element (arr, 0), "id"), c->peer_id);
  json_object_unref (o);

  /* The producer starts the session with the passive consumer. */
  sig_test_client_sendf (p, "{\"type\":\"startSession\",\"peerId\":\"%s\"}",
      c->peer_id);
  o = sig_test_client_expect (c, "sessionStarted", T);
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"), p->peer_id);
  sid = g_strdup (json_object_get_string_member (o, "sessionId"));
  json_object_unref (o);
  o = sig_test_client_expect (p, "startSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"), c->peer_id);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);

  sig_test_client_sendf (p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":"
      "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}", sid);
  json_object_unref (sig_test_client_expect (c, "peer", T));

  /* A consumer stopping being a consumer ends its sessions. */
  sig_test_client_set_status (c, "[]", "null");
  o = sig_test_client_expect (p, "endSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);

  /* Neither producer nor waiting consumer: refused. */
  sig_test_client_sendf (p, "{\"type\":\"startSession\",\"peerId\":\"%s\"}",
      c->peer_id);
  o = sig_test_client_expect (p, "error", T);
  fail_unless (strstr (json_object_get_string_member (o, "details"),
          "Missing a producer or a consumer") != NULL);
  json_object_unref (o);

  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_producer_status_change_ends_sessions)
{
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  g_autofree gchar *sid = NULL;
  JsonObject *o;

  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sid = start_session (c, p, NULL);
  sig_test_client_set_status (p, "[\"listener\"]", "null");
  o = sig_test_client_expect (c, "endSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);

  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_protocol_v1_1)
{
  SigTestClient *p, *c;
  g_autofree gchar *sid = NULL;
  g_autofree gchar *sid2 = NULL;
  JsonObject *o;

  /* setProtocolVersion may come before welcome is read: send it first. */
  p = sig_test_client_connect (srv);
  sig_test_client_send (p, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
  fail_unless (sig_test_client_silent (p, QUIET));
  c = sig_test_client_connect (srv);
  sig_test_client_set_status (p, "[\"producer\"]", "null");

  /* v1_0 consumer ends: the v1_1 producer gets endSessionV1_1, error null. */
  sid = start_session (c, p, NULL);
  sig_test_client_sendf (c, "{\"type\":\"endSession\",\"sessionId\":\"%s\"}", sid);
  o = sig_test_client_expect (p, "endSessionV1_1", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  fail_unless (json_object_get_null_member (o, "error"));
  json_object_unref (o);

  /* v1_1 producer ends with an error: the v1_0 consumer gets plain
   * endSession (gstwebrtc-api 3.0 does not know endSessionV1_1). */
  sid2 = start_session (c, p, NULL);
  sig_test_client_sendf (p, "{\"type\":\"endSessionV1_1\",\"sessionId\":\"%s\","
      "\"error\":\"encoder died\"}", sid2);
  o = sig_test_client_expect (c, "endSession", T);
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid2);
  json_object_unref (o);

  /* Too late for setProtocolVersion; a v1_0 peer cannot send an error. */
  sig_test_client_send (c, "{\"type\":\"setProtocolVersion\",\"version\":\"v1_1\"}");
  json_object_unref (sig_test_client_expect (c, "error", T));
  sig_test_client_send (c, "{\"type\":\"endSessionV1_1\",\"sessionId\":\"x\","
      "\"error\":\"e\"}");
  json_object_unref (sig_test_client_expect (c, "error", T));

  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

GST_START_TEST (test_graceful_shutdown)
{
  SigTestClient *p = sig_test_client_connect (srv);
  SigTestClient *c = sig_test_client_connect (srv);
  g_autofree gchar *sid = NULL;
  JsonObject *o;

  sig_test_client_set_status (p, "[\"producer\"]", "null");
  sid = start_session (c, p, NULL);
  g_subprocess_send_signal (srv->proc, SIGTERM);
  o = sig_test_client_expect (c, "endSession", T);
  json_object_unref (o);
  o = sig_test_client_expect (p, "endSession", T);
  json_object_unref (o);
  fail_unless (sig_test_client_wait_closed (c, T));
  fail_unless_equals_int (c->close_code, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  sig_test_client_free (p);
  sig_test_client_free (c);
}

GST_END_TEST;

static Suite *
signalling_suite (void)
{
  Suite *s = suite_create ("signalling-conformance");
  TCase *tc = tcase_create ("protocol");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_welcome_unique_ids);
  tcase_add_test (tc, test_listener_and_list);
  tcase_add_test (tc, test_full_session);
  tcase_add_test (tc, test_end_session_by_producer);
  tcase_add_test (tc, test_disconnect_notifications);
  tcase_add_test (tc, test_consumer_offer);
  tcase_add_test (tc, test_producer_started_session);
  tcase_add_test (tc, test_producer_status_change_ends_sessions);
  tcase_add_test (tc, test_protocol_v1_1);
  tcase_add_test (tc, test_graceful_shutdown);
  return s;
}

GST_CHECK_MAIN (signalling);
