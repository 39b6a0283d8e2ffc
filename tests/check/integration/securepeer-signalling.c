/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Two securepeerbins negotiate by themselves through
 * gst-securertc-signalling-server (WSS, self-signed certificate trusted
 * with signaller-ca-file) on 127.0.0.1: a producer, and a consumer given
 * the producer's local-peer-id. Opus flows both ways and is decoded.
 * Bounded in time; the server is stopped by PID. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/peer/gstniceicetransport.h>
#include "signallingtestutil.h"
#include "securepeertestutil.h"

#define WAIT_US (20 * G_USEC_PER_SEC)

typedef struct
{
  GstElement *pipe;
  GstElement *bin;
  gint decoded;                 /* atomic */
  gint src_pads;                /* atomic */
  gint error_messages;          /* atomic */
  gint eos_messages;            /* atomic: EOS of the whole pipeline */
} Side;

static void
on_pad_added (GstElement * bin, GstPad * pad, Side * s)
{
  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  sp_test_link_opus_decoder (s->pipe, pad, &s->decoded);
  g_atomic_int_inc (&s->src_pads);
}

static GstBusSyncReply
bus_sync (GstBus * bus, GstMessage * msg, gpointer user_data)
{
  Side *s = user_data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gst_message_parse_error (msg, &err, NULL);
    GST_INFO ("error from %s: %s", GST_OBJECT_NAME (msg->src), err->message);
    g_clear_error (&err);
    g_atomic_int_inc (&s->error_messages);
  } else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS
      && GST_MESSAGE_SRC (msg) == GST_OBJECT (s->pipe)) {
    g_atomic_int_inc (&s->eos_messages);
  }
  /* A sync handler that drops a message owns it. */
  gst_message_unref (msg);
  return GST_BUS_DROP;
}

static void
side_init_full (Side * s, SigTestServer * srv, const gchar * role,
    const gchar * peer_id, gboolean trust)
{
  GError *err = NULL;
  GstBus *bus;
  gchar *desc;

  memset (s, 0, sizeof (*s));
  desc = g_strdup_printf ("audiotestsrc is-live=true ! "
      "audio/x-raw,rate=48000 ! opusenc ! rtpopuspay ! "
      "securepeerbin name=peer ice-local-addresses=127.0.0.1 latency=50 "
      "signaller-uri=%s %s%s%s role=%s %s%s", srv->uri,
      trust ? "signaller-ca-file=\"" : "", trust ? srv->cert_file : "",
      trust ? "\"" : "", role, peer_id ? "peer-id=" : "",
      peer_id ? peer_id : "");
  s->pipe = gst_parse_launch (desc, &err);
  g_free (desc);
  fail_unless (s->pipe != NULL, "%s", err ? err->message : "");
  s->bin = gst_bin_get_by_name (GST_BIN (s->pipe), "peer");
  g_signal_connect (s->bin, "pad-added", G_CALLBACK (on_pad_added), s);
  bus = gst_element_get_bus (s->pipe);
  gst_bus_set_sync_handler (bus, bus_sync, s, NULL);
  gst_object_unref (bus);
}

static void
side_init (Side * s, SigTestServer * srv, const gchar * role,
    const gchar * peer_id)
{
  side_init_full (s, srv, role, peer_id, TRUE);
}

static void
side_clear (Side * s)
{
  gst_element_set_state (s->pipe, GST_STATE_NULL);
  gst_object_unref (s->bin);
  gst_object_unref (s->pipe);
}


static void
side_play (Side * s)
{
  fail_if (gst_element_set_state (s->pipe, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
}

static gint
conn_state (Side * s)
{
  gint state = 0;

  g_object_get (s->bin, "connection-state", &state, NULL);
  return state;
}

static gchar *
wait_peer_id (Side * s)
{
  gint64 end = g_get_monotonic_time () + WAIT_US;
  gchar *id = NULL;

  while (!id && g_get_monotonic_time () < end) {
    g_object_get (s->bin, "local-peer-id", &id, NULL);
    if (!id)
      g_usleep (10 * 1000);
  }
  return id;
}

GST_START_TEST (test_producer_consumer)
{
  SigTestServer *srv = sig_test_server_start (NULL);
  Side p, c;
  gchar *pid, *cid;
  gint64 start, end;

  side_init (&p, srv, "producer", NULL);
  {
    GstStructure *meta = gst_structure_from_string ("meta, name=camera1",
        NULL);
    g_object_set (p.bin, "meta", meta, NULL);
    gst_structure_free (meta);
  }
  side_play (&p);
  pid = wait_peer_id (&p);
  fail_unless (pid != NULL, "the producer got no peer id");
  {
    /* Other peers see the producer with its meta. */
    SigTestClient *lister = sig_test_client_connect (srv);
    JsonObject *list;
    JsonArray *producers;
    JsonObject *entry;
    gint64 until = g_get_monotonic_time () + WAIT_US;
    guint n = 0;

    do {
      sig_test_client_send (lister, "{\"type\":\"list\"}");
      list = sig_test_client_expect (lister, "list", 5000);
      producers = json_object_get_array_member (list, "producers");
      n = json_array_get_length (producers);
      if (n == 0) {
        json_object_unref (list);
        g_usleep (20 * 1000);
      }
    } while (n == 0 && g_get_monotonic_time () < until);
    fail_unless_equals_int (n, 1);
    entry = json_array_get_object_element (producers, 0);
    fail_unless_equals_string (json_object_get_string_member (entry, "id"),
        pid);
    fail_unless_equals_string (json_object_get_string_member
        (json_object_get_object_member (entry, "meta"), "name"), "camera1");
    json_object_unref (list);
    sig_test_client_free (lister);
  }
  start = g_get_monotonic_time ();
  side_init (&c, srv, "consumer", pid);
  side_play (&c);
  cid = wait_peer_id (&c);
  fail_unless (cid != NULL && !g_str_equal (cid, pid));

  end = g_get_monotonic_time () + WAIT_US;
  while (g_get_monotonic_time () < end && !(conn_state (&p) == 2
          && conn_state (&c) == 2 && g_atomic_int_get (&p.decoded) >= 20
          && g_atomic_int_get (&c.decoded) >= 20))
    g_usleep (10 * 1000);
  fail_unless_equals_int (conn_state (&p), 2);
  fail_unless_equals_int (conn_state (&c), 2);
  fail_unless (g_atomic_int_get (&p.decoded) >= 20
      && g_atomic_int_get (&c.decoded) >= 20, "decoded %d / %d",
      g_atomic_int_get (&p.decoded), g_atomic_int_get (&c.decoded));
  GST_INFO ("consumer start -> audio decoded both ways in %" G_GINT64_FORMAT
      " ms", (g_get_monotonic_time () - start) / 1000);
  fail_unless_equals_int (g_atomic_int_get (&p.error_messages), 0);
  fail_unless_equals_int (g_atomic_int_get (&c.error_messages), 0);
  fail_unless_equals_int (g_atomic_int_get (&c.eos_messages), 0);

  /* The producer goes away: the server ends the session, the consumer
   * closes, and its received streams end: EOS reaches the application. */
  start = g_get_monotonic_time ();
  side_clear (&p);
  end = g_get_monotonic_time () + WAIT_US;
  while (g_get_monotonic_time () < end && !(conn_state (&c) == 5
          && g_atomic_int_get (&c.eos_messages) > 0))
    g_usleep (10 * 1000);
  fail_unless_equals_int (conn_state (&c), 5);
  fail_unless_equals_int (g_atomic_int_get (&c.eos_messages), 1);
  GST_INFO ("producer gone -> consumer closed and EOS in %" G_GINT64_FORMAT
      " ms", (g_get_monotonic_time () - start) / 1000);
  fail_unless_equals_int (g_atomic_int_get (&c.error_messages), 0);
  side_clear (&c);
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 0);
  g_free (pid);
  g_free (cid);
  sig_test_server_stop (srv);
}

GST_END_TEST;

/* A server whose certificate is not trusted: TLS fails, the bin posts an
 * error and never registers. */
GST_START_TEST (test_untrusted_server)
{
  SigTestServer *srv = sig_test_server_start (NULL);
  Side p;
  gint64 end;
  gchar *id = NULL;

  side_init_full (&p, srv, "producer", NULL, FALSE);
  side_play (&p);
  end = g_get_monotonic_time () + WAIT_US;
  while (g_atomic_int_get (&p.error_messages) == 0
      && g_get_monotonic_time () < end)
    g_usleep (10 * 1000);
  fail_unless (g_atomic_int_get (&p.error_messages) > 0);
  g_object_get (p.bin, "local-peer-id", &id, NULL);
  fail_unless (id == NULL);
  side_clear (&p);
  sig_test_server_stop (srv);
}

GST_END_TEST;

static Suite *
signalling_suite (void)
{
  Suite *s = suite_create ("securepeer-signalling");
  TCase *tc = tcase_create ("general");

  sp_test_tolerate_rtpsession_race (tc);

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_producer_consumer);
  tcase_add_test (tc, test_untrusted_server);
  return s;
}

GST_CHECK_MAIN (signalling);
