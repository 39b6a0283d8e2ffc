/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The signalling server's protocol state (tools/signalling-server/
 * sigserver-hub.c) without sockets: connections are queues of the texts the
 * hub sends them. The wire tests (integration/signalling-*) cover the same
 * rules through TLS and libsoup; these pin the semantics and run in
 * milliseconds. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <json-glib/json-glib.h>

#include "../../../tools/signalling-server/sigserver-hub.h"

typedef struct
{
  GQueue texts;
} FakeConn;

static void
fake_send (gpointer conn, const gchar * text, gpointer user_data)
{
  g_queue_push_tail (&((FakeConn *) conn)->texts, g_strdup (text));
}

static SigHub *
new_hub (guint max_peers, guint max_sessions)
{
  SigHubLimits limits = { max_peers, max_sessions };
  SigHubCallbacks cb = { fake_send };

  return sig_hub_new (&limits, &cb, NULL);
}

/* Pops the next text sent to @c and checks its type; returns it parsed. */
static JsonObject *
pop (FakeConn * c, const gchar * type)
{
  g_autofree gchar *text = g_queue_pop_head (&c->texts);
  g_autoptr (JsonParser) p = json_parser_new ();
  JsonObject *o;

  fail_unless (text != NULL, "nothing sent, expected %s", type);
  fail_unless (json_parser_load_from_data (p, text, -1, NULL));
  o = json_object_ref (json_node_get_object (json_parser_get_root (p)));
  fail_unless_equals_string (json_object_get_string_member (o, "type"), type);
  return o;
}

static void
send_text (SigHub * hub, SigPeer * peer, const gchar * text)
{
  sig_hub_handle_text (hub, peer, text, strlen (text));
}

static void
sendf (SigHub * hub, SigPeer * peer, const gchar * format, ...)
{
  g_autofree gchar *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  send_text (hub, peer, text);
}

GST_START_TEST (test_session_lifecycle)
{
  SigHub *hub = new_hub (10, 4);
  FakeConn lc = { G_QUEUE_INIT }, pc = { G_QUEUE_INIT }, cc = { G_QUEUE_INIT };
  SigPeer *l = sig_hub_add_peer (hub, &lc, NULL);
  SigPeer *p = sig_hub_add_peer (hub, &pc, NULL);
  SigPeer *c = sig_hub_add_peer (hub, &cc, NULL);
  g_autofree gchar *sid = NULL;
  g_autofree gchar *pid = g_strdup (sig_peer_get_id (p));
  JsonObject *o;

  json_object_unref (pop (&lc, "welcome"));
  json_object_unref (pop (&pc, "welcome"));
  json_object_unref (pop (&cc, "welcome"));

  send_text (hub, l, "{\"type\":\"setPeerStatus\",\"roles\":[\"listener\"]}");
  o = pop (&lc, "peerStatusChanged");
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"),
      sig_peer_get_id (l));
  json_object_unref (o);

  send_text (hub, p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"],"
      "\"meta\":{\"name\":\"n\"}}");
  json_object_unref (pop (&lc, "peerStatusChanged"));
  fail_unless (g_queue_is_empty (&pc.texts));

  sendf (hub, c, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", pid);
  o = pop (&cc, "sessionStarted");
  sid = g_strdup (json_object_get_string_member (o, "sessionId"));
  json_object_unref (o);
  json_object_unref (pop (&pc, "startSession"));
  fail_unless_equals_int (sig_hub_get_n_sessions (hub), 1);

  /* Relayed one way and the other; the consumer may not offer. */
  sendf (hub, p, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":{\"type\":\"offer\","
      "\"sdp\":\"v=0\"}}", sid);
  json_object_unref (pop (&cc, "peer"));
  sendf (hub, c, "{\"type\":\"peer\",\"sessionId\":\"%s\",\"sdp\":{\"type\":\"offer\","
      "\"sdp\":\"v=0\"}}", sid);
  json_object_unref (pop (&cc, "error"));
  fail_unless (g_queue_is_empty (&pc.texts));

  /* The listener cannot use the session. */
  sendf (hub, l, "{\"type\":\"endSession\",\"sessionId\":\"%s\"}", sid);
  json_object_unref (pop (&lc, "error"));
  fail_unless_equals_int (sig_hub_get_n_sessions (hub), 1);

  /* The producer disconnects: the session ends, the listener is told. */
  sig_hub_remove_peer (hub, p);
  o = pop (&cc, "endSession");
  fail_unless_equals_string (json_object_get_string_member (o, "sessionId"), sid);
  json_object_unref (o);
  o = pop (&lc, "peerStatusChanged");
  fail_unless_equals_string (json_object_get_string_member (o, "peerId"), pid);
  fail_unless_equals_int (json_array_get_length (json_object_get_array_member (o,
              "roles")), 0);
  json_object_unref (o);
  fail_unless_equals_int (sig_hub_get_n_sessions (hub), 0);
  fail_unless_equals_int (sig_hub_get_n_peers (hub), 2);

  sig_hub_remove_peer (hub, c);
  sig_hub_remove_peer (hub, l);
  sig_hub_free (hub);
  g_queue_clear_full (&lc.texts, g_free);
  g_queue_clear_full (&pc.texts, g_free);
  g_queue_clear_full (&cc.texts, g_free);
}

GST_END_TEST;

GST_START_TEST (test_limits_and_shutdown)
{
  SigHub *hub = new_hub (2, 1);
  FakeConn pc = { G_QUEUE_INIT }, cc = { G_QUEUE_INIT }, xc = { G_QUEUE_INIT };
  SigPeer *p = sig_hub_add_peer (hub, &pc, NULL);
  SigPeer *c = sig_hub_add_peer (hub, &cc, NULL);
  g_autoptr (GError) error = NULL;

  /* Full. */
  fail_unless (sig_hub_add_peer (hub, &xc, &error) == NULL);
  fail_unless (strstr (error->message, "full") != NULL);
  fail_unless (g_queue_is_empty (&xc.texts));

  json_object_unref (pop (&pc, "welcome"));
  json_object_unref (pop (&cc, "welcome"));
  send_text (hub, p, "{\"type\":\"setPeerStatus\",\"roles\":[\"producer\"]}");
  sendf (hub, c, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", sig_peer_get_id (p));
  json_object_unref (pop (&cc, "sessionStarted"));
  json_object_unref (pop (&pc, "startSession"));
  /* One session per peer. */
  sendf (hub, c, "{\"type\":\"startSession\",\"peerId\":\"%s\"}", sig_peer_get_id (p));
  json_object_unref (pop (&cc, "error"));

  /* Shutdown ends the session on both sides. */
  sig_hub_end_all_sessions (hub);
  json_object_unref (pop (&cc, "endSession"));
  json_object_unref (pop (&pc, "endSession"));
  fail_unless_equals_int (sig_hub_get_n_sessions (hub), 0);

  sig_hub_remove_peer (hub, p);
  sig_hub_remove_peer (hub, c);
  sig_hub_free (hub);
  g_queue_clear_full (&pc.texts, g_free);
  g_queue_clear_full (&cc.texts, g_free);
}

GST_END_TEST;

static Suite *
signallinghub_suite (void)
{
  Suite *s = suite_create ("signalling-hub");
  TCase *tc = tcase_create ("hub");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_session_lifecycle);
  tcase_add_test (tc, test_limits_and_shutdown);
  return s;
}

GST_CHECK_MAIN (signallinghub);
