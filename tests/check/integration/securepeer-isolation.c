/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Independent connection security (DESIGN.md rule 4): two producers and
 * two consumers in one process, through gst-securertc-signalling-server
 * (WSS) on 127.0.0.1, consumer A of producer A and consumer B of producer
 * B. Each of the four bins must have its own certificate, and each
 * connection its own SRTP keys.
 *
 * Keys are never read or printed. They are compared by what they do: the
 * key event each consumer's srtpdecrypt received (an opaque object) is
 * replayed into a fresh srtpdecrypt, which is then given SRTP captured at
 * the output of each producer's srtpencrypt. The connection's own packets
 * decrypt; the other connection's packets all fail authentication. The
 * key serials reported in get-stats (which key object is in use) differ
 * too, and every fingerprint is distinct. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/peer/gstniceicetransport.h>
#include "signallingtestutil.h"
#include "securepeertestutil.h"

#define WAIT_US (20 * G_USEC_PER_SEC)
#define N_CAPTURE 40
#define CONNECTED 2

typedef struct
{
  GstElement *pipe;
  GstElement *bin;
  gint decoded;                 /* atomic */
  gint errors;                  /* atomic */
  GMutex lock;
  GPtrArray *captured;          /* producer: SRTP from srtpencrypt */
  GstEvent *key_event;          /* consumer: what srtpdecrypt was given */
} Side;

static void
on_pad_added (GstElement * bin, GstPad * pad, Side * s)
{
  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  sp_test_link_opus_decoder (s->pipe, pad, &s->decoded);
}

static void
capture_one (Side * s, GstBuffer * buf)
{
  g_mutex_lock (&s->lock);
  if (s->captured->len < N_CAPTURE)
    g_ptr_array_add (s->captured, gst_buffer_copy_deep (buf));
  g_mutex_unlock (&s->lock);
}

static gboolean
capture_list_item (GstBuffer ** buf, guint idx, gpointer user_data)
{
  capture_one (user_data, *buf);
  return TRUE;
}

/* producer: the encrypted output of its srtpencrypt */
static GstPadProbeReturn
capture_srtp (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    gst_buffer_list_foreach (GST_PAD_PROBE_INFO_BUFFER_LIST (info),
        capture_list_item, user_data);
  else
    capture_one (user_data, GST_PAD_PROBE_INFO_BUFFER (info));
  return GST_PAD_PROBE_OK;
}

/* consumer: the key event its srtpdecrypt receives from dtlskeyexchange */
static GstPadProbeReturn
capture_key_event (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Side *s = user_data;
  GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);

  if (gst_secure_rtc_srtp_key_event_parse (ev, NULL)) {
    g_mutex_lock (&s->lock);
    gst_event_replace (&s->key_event, ev);
    g_mutex_unlock (&s->lock);
  }
  return GST_PAD_PROBE_OK;
}

static void
side_init (Side * s, SigTestServer * srv, gboolean producer,
    const gchar * peer_id)
{
  GError *err = NULL;
  GstElement *child;
  GstPad *pad;
  GstBus *bus;
  gchar *desc;

  memset (s, 0, sizeof (*s));
  g_mutex_init (&s->lock);
  s->captured = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);
  desc = g_strdup_printf ("%s securepeerbin name=peer "
      "ice-local-addresses=127.0.0.1 latency=50 signaller-uri=%s "
      "signaller-ca-file=\"%s\" role=%s %s%s",
      producer ? "audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! "
      "opusenc ! rtpopuspay ! " : "", srv->uri, srv->cert_file,
      producer ? "producer" : "consumer", peer_id ? "peer-id=" : "",
      peer_id ? peer_id : "");
  s->pipe = gst_parse_launch (desc, &err);
  g_free (desc);
  fail_unless (s->pipe != NULL, "%s", err ? err->message : "");
  if (!GST_IS_PIPELINE (s->pipe)) {
    GstElement *only = s->pipe;

    s->pipe = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (s->pipe), only);
  }
  s->bin = gst_bin_get_by_name (GST_BIN (s->pipe), "peer");
  g_signal_connect (s->bin, "pad-added", G_CALLBACK (on_pad_added), s);

  child = gst_bin_get_by_name (GST_BIN (s->bin), producer ? "srtpencrypt" :
      "srtpdecrypt");
  fail_unless (child != NULL);
  if (producer) {
    pad = gst_element_get_static_pad (child, "src");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
        GST_PAD_PROBE_TYPE_BUFFER_LIST, capture_srtp, s, NULL);
  } else {
    pad = gst_element_get_static_pad (child, "sink");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
        capture_key_event, s, NULL);
  }
  gst_object_unref (pad);
  gst_object_unref (child);

  bus = gst_element_get_bus (s->pipe);
  gst_bus_set_sync_handler (bus, sp_test_bus_count_errors, &s->errors,
      NULL);
  gst_object_unref (bus);
  fail_if (gst_element_set_state (s->pipe, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
}

static void
side_clear (Side * s)
{
  gst_element_set_state (s->pipe, GST_STATE_NULL);
  gst_object_unref (s->bin);
  gst_object_unref (s->pipe);
  g_ptr_array_unref (s->captured);
  gst_event_replace (&s->key_event, NULL);
  g_mutex_clear (&s->lock);
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

static gchar *
fingerprint (Side * s)
{
  gchar *fp = NULL;

  g_object_get (s->bin, "local-fingerprint", &fp, NULL);
  fail_unless (fp != NULL && g_str_has_prefix (fp, "sha-256 "));
  return fp;
}

/* The serial of the key in use by a bin's srtpencrypt or srtpdecrypt
 * ("srtp-encrypt" / "srtp-decrypt" in get-stats): which key object, never
 * its bytes. 0 = no key. */
static guint64
key_serial (const GstStructure * st, const gchar * which)
{
  GstStructure *sub = NULL;
  guint64 serial = 0;
  gboolean has_key = FALSE;

  fail_unless (gst_structure_get (st, which, GST_TYPE_STRUCTURE, &sub, NULL));
  fail_unless (gst_structure_get (sub, "has-key", G_TYPE_BOOLEAN, &has_key,
          "key-serial", G_TYPE_UINT64, &serial, NULL));
  fail_unless (has_key);
  gst_structure_free (sub);
  return serial;
}

/* A fresh srtpdecrypt given @key_event, then @packets: how many decrypted
 * (RTP + RTCP) and how many failed authentication. */
static void
replay_into_decryptor (GstEvent * key_event, GPtrArray * packets,
    guint64 * decrypted, guint64 * auth_failed)
{
  GstHarness *h = gst_harness_new ("srtpdecrypt");
  GstStructure *st = NULL;
  guint64 rtp = 0, rtcp = 0;
  guint i;

  gst_harness_set_src_caps_str (h, "application/x-srtp,media=audio,"
      "clock-rate=48000,encoding-name=OPUS,payload=96");
  fail_unless (gst_harness_push_event (h, gst_event_ref (key_event)));
  for (i = 0; i < packets->len; i++)
    gst_harness_push (h, gst_buffer_ref (g_ptr_array_index (packets, i)));
  g_object_get (h->element, "stats", &st, NULL);
  fail_unless (gst_structure_get (st, "rtp-packets", G_TYPE_UINT64, &rtp,
          "rtcp-packets", G_TYPE_UINT64, &rtcp, "dropped-auth", G_TYPE_UINT64,
          auth_failed, NULL));
  *decrypted = rtp + rtcp;
  gst_structure_free (st);
  gst_harness_teardown (h);
}

GST_START_TEST (test_two_connections_independent)
{
  SigTestServer *srv = sig_test_server_start (NULL);
  Side prod[2], cons[2];
  gchar *fp[4], *pid[2];
  GstStructure *st[4];
  guint64 serial[8];
  gint64 end;
  guint i, j, k;

  for (i = 0; i < 2; i++) {
    side_init (&prod[i], srv, TRUE, NULL);
    pid[i] = wait_peer_id (&prod[i]);
    fail_unless (pid[i] != NULL, "producer %u got no peer id", i);
  }
  for (i = 0; i < 2; i++)
    side_init (&cons[i], srv, FALSE, pid[i]);

  end = g_get_monotonic_time () + WAIT_US;
  for (;;) {
    gboolean done = TRUE;

    for (i = 0; i < 2; i++) {
      done &= conn_state (&prod[i]) == CONNECTED
          && conn_state (&cons[i]) == CONNECTED
          && g_atomic_int_get (&cons[i].decoded) >= 20;
      g_mutex_lock (&prod[i].lock);
      done &= prod[i].captured->len >= N_CAPTURE;
      g_mutex_unlock (&prod[i].lock);
      g_mutex_lock (&cons[i].lock);
      done &= cons[i].key_event != NULL;
      g_mutex_unlock (&cons[i].lock);
    }
    if (done || g_get_monotonic_time () > end)
      break;
    g_usleep (10 * 1000);
  }
  for (i = 0; i < 2; i++) {
    fail_unless_equals_int (conn_state (&prod[i]), CONNECTED);
    fail_unless_equals_int (conn_state (&cons[i]), CONNECTED);
    fail_unless (g_atomic_int_get (&cons[i].decoded) >= 20,
        "consumer %u decoded %d", i, g_atomic_int_get (&cons[i].decoded));
    fail_unless (cons[i].key_event != NULL);
    fail_unless_equals_int (prod[i].captured->len, N_CAPTURE);
  }

  /* Four bins, four certificates. */
  fp[0] = fingerprint (&prod[0]);
  fp[1] = fingerprint (&prod[1]);
  fp[2] = fingerprint (&cons[0]);
  fp[3] = fingerprint (&cons[1]);
  for (i = 0; i < 4; i++)
    for (j = i + 1; j < 4; j++)
      fail_if (g_str_equal (fp[i], fp[j]), "bins %u and %u share a "
          "certificate", i, j);

  /* Eight key objects in use (encrypt + decrypt per bin), all distinct,
   * and the same profile everywhere. */
  st[0] = sp_test_get_stats (prod[0].bin);
  st[1] = sp_test_get_stats (prod[1].bin);
  st[2] = sp_test_get_stats (cons[0].bin);
  st[3] = sp_test_get_stats (cons[1].bin);
  for (i = 0; i < 4; i++) {
    const gchar *profile = gst_structure_get_string (st[i], "srtp-profile");

    fail_unless (profile != NULL);
    fail_unless_equals_string (profile, gst_structure_get_string (st[0],
            "srtp-profile"));
    serial[2 * i] = key_serial (st[i], "srtp-encrypt");
    serial[2 * i + 1] = key_serial (st[i], "srtp-decrypt");
  }
  for (i = 0; i < 8; i++)
    for (j = i + 1; j < 8; j++)
      fail_if (serial[i] == serial[j], "key serial %u == %u", i, j);

  /* What the keys do: consumer i's receive key decrypts producer i's SRTP
   * and nothing of producer j's. */
  for (i = 0; i < 2; i++) {
    for (k = 0; k < 2; k++) {
      guint64 decrypted = 0, auth_failed = 0;

      replay_into_decryptor (cons[i].key_event, prod[k].captured, &decrypted,
          &auth_failed);
      g_print ("consumer %u's key on producer %u's SRTP: %" G_GUINT64_FORMAT
          " decrypted, %" G_GUINT64_FORMAT " failed authentication\n", i, k,
          decrypted, auth_failed);
      if (i == k) {
        fail_unless_equals_int (decrypted, N_CAPTURE);
        fail_unless_equals_int (auth_failed, 0);
      } else {
        fail_unless_equals_int (decrypted, 0);
        fail_unless_equals_int (auth_failed, N_CAPTURE);
      }
    }
  }

  for (i = 0; i < 2; i++) {
    fail_unless_equals_int (g_atomic_int_get (&prod[i].errors), 0);
    fail_unless_equals_int (g_atomic_int_get (&cons[i].errors), 0);
  }
  for (i = 0; i < 4; i++) {
    gst_structure_free (st[i]);
    g_free (fp[i]);
  }
  for (i = 0; i < 2; i++) {
    side_clear (&cons[i]);
    side_clear (&prod[i]);
    g_free (pid[i]);
  }
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 0);
  sig_test_server_stop (srv);
}

GST_END_TEST;

static Suite *
isolation_suite (void)
{
  Suite *s = suite_create ("securepeer-isolation");
  TCase *tc = tcase_create ("general");

  sp_test_tolerate_rtpsession_race (tc);

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_two_connections_independent);
  return s;
}

GST_CHECK_MAIN (isolation);
