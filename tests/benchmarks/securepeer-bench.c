/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* securepeer-bench: securepeerbin against GStreamer's webrtcbin, same
 * process, same media, 127.0.0.1:
 *   1. offer -> connected and offer -> first decrypted RTP on the receiving
 *      src pad (median over --reps pairs);
 *   2. N concurrent pairs (--pairs, comma-separated), one 50 packets/s Opus
 *      (or --pcmu) stream each way: RSS, threads and CPU per endpoint.
 * The webrtcbin agents get 127.0.0.1 with nice_agent_add_local_address (it
 * gathers nothing on loopback by itself); both use jitterbuffer latency 0. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>
#include <nice/agent.h>

typedef struct
{
  GstElement *pipe, *bin;
  gboolean webrtcbin;
  gpointer other;
  gint64 first_rtp;             /* atomic-ish: monotonic us, 0 = none */
} End;

static GstPadProbeReturn
on_first (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  End *e = data;

  if (!e->first_rtp)
    e->first_rtp = g_get_monotonic_time ();
  return GST_PAD_PROBE_OK;
}

static void
on_pad_added (GstElement * bin, GstPad * pad, End * e)
{
  GstElement *sink;
  GstPad *sinkpad;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add (GST_BIN (e->pipe), sink);
  gst_element_sync_state_with_parent (sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_BUFFER, on_first, e, NULL);
  gst_pad_link (pad, sinkpad);
  gst_object_unref (sinkpad);
}

static void
on_candidate (GstElement * bin, guint mline, const gchar * cand, End * e)
{
  End *o = e->other;

  g_signal_emit_by_name (o->bin, "add-ice-candidate", mline, cand);
}

static GstBusSyncReply
drop_messages (GstBus * bus, GstMessage * msg, gpointer data)
{
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gst_message_parse_error (msg, &err, NULL);
    g_printerr ("error: %s\n", err->message);
    g_clear_error (&err);
  }
  gst_message_unref (msg);
  return GST_BUS_DROP;
}

static gboolean use_pcmu;

static void
end_init (End * e, End * other, gboolean webrtcbin)
{
  GstBus *bus;
  gchar *desc;
  const gchar *media = use_pcmu ?
      "audiotestsrc is-live=true wave=silence samplesperbuffer=160 ! "
      "audio/x-raw,rate=8000 ! mulawenc ! rtppcmupay" :
      "audiotestsrc is-live=true samplesperbuffer=960 ! opusenc ! "
      "rtpopuspay pt=96";

  memset (e, 0, sizeof (*e));
  e->other = other;
  e->webrtcbin = webrtcbin;
  desc = g_strdup_printf ("%s ! %s", media, webrtcbin ?
      "webrtcbin name=peer bundle-policy=max-bundle latency=0" :
      "securepeerbin name=peer ice-local-addresses=127.0.0.1 latency=0");
  e->pipe = gst_parse_launch (desc, NULL);
  g_free (desc);
  g_assert (e->pipe);
  e->bin = gst_bin_get_by_name (GST_BIN (e->pipe), "peer");
  if (webrtcbin) {
    GstObject *ice = NULL;
    NiceAgent *agent = NULL;
    NiceAddress addr;

    g_object_get (e->bin, "ice-agent", &ice, NULL);
    g_object_get (ice, "agent", &agent, NULL);
    nice_address_init (&addr);
    nice_address_set_from_string (&addr, "127.0.0.1");
    nice_agent_add_local_address (agent, &addr);
    g_object_unref (agent);
    gst_object_unref (ice);
  }
  g_signal_connect (e->bin, "pad-added", G_CALLBACK (on_pad_added), e);
  g_signal_connect (e->bin, "on-ice-candidate", G_CALLBACK (on_candidate), e);
  bus = gst_element_get_bus (e->pipe);
  gst_bus_set_sync_handler (bus, drop_messages, NULL, NULL);
  gst_object_unref (bus);
}

static void
end_start (End * e)
{
  GstPad *pad = gst_element_get_static_pad (e->bin, "sink_0");
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gst_element_set_state (e->pipe, GST_STATE_PLAYING);
  while (!gst_pad_has_current_caps (pad) && g_get_monotonic_time () < end)
    g_usleep (1000);
  gst_object_unref (pad);
}

static void
end_clear (End * e)
{
  gst_element_set_state (e->pipe, GST_STATE_NULL);
  gst_object_unref (e->bin);
  gst_object_unref (e->pipe);
}

static GstWebRTCSessionDescription *
make (End * e, const gchar * sig, const gchar * field)
{
  GstPromise *p = gst_promise_new ();
  GstWebRTCSessionDescription *d = NULL;

  g_signal_emit_by_name (e->bin, sig, NULL, p);
  gst_promise_wait (p);
  if (gst_promise_get_reply (p))
    gst_structure_get (gst_promise_get_reply (p), field,
        GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &d, NULL);
  gst_promise_unref (p);
  g_assert (d);
  return d;
}

static void
set (End * e, const gchar * sig, GstWebRTCSessionDescription * d)
{
  GstPromise *p = gst_promise_new ();

  g_signal_emit_by_name (e->bin, sig, d, p);
  gst_promise_wait (p);
  gst_promise_unref (p);
}

static void
negotiate (End * a, End * b)
{
  GstWebRTCSessionDescription *offer = make (a, "create-offer", "offer");
  GstWebRTCSessionDescription *answer;

  set (a, "set-local-description", offer);
  set (b, "set-remote-description", offer);
  answer = make (b, "create-answer", "answer");
  set (b, "set-local-description", answer);
  set (a, "set-remote-description", answer);
  gst_webrtc_session_description_free (offer);
  gst_webrtc_session_description_free (answer);
}

static gint
state (End * e)
{
  gint s = 0;

  g_object_get (e->bin, "connection-state", &s, NULL);
  return s;
}

static gint
cmp_i64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
bench_setup (gboolean webrtcbin, guint reps)
{
  gint64 *conn = g_new0 (gint64, reps), *rtp = g_new0 (gint64, reps);
  guint i, ok = 0;

  for (i = 0; i < reps; i++) {
    End a, b;
    gint64 t0, deadline;

    end_init (&a, &b, webrtcbin);
    end_init (&b, &a, webrtcbin);
    end_start (&a);
    end_start (&b);
    t0 = g_get_monotonic_time ();
    negotiate (&a, &b);
    deadline = t0 + 10 * G_USEC_PER_SEC;
    while (!(state (&a) == 2 && state (&b) == 2)
        && g_get_monotonic_time () < deadline)
      g_usleep (500);
    conn[ok] = g_get_monotonic_time () - t0;
    while (!(a.first_rtp && b.first_rtp) && g_get_monotonic_time () < deadline)
      g_usleep (500);
    if (a.first_rtp && b.first_rtp) {
      rtp[ok] = MAX (a.first_rtp, b.first_rtp) - t0;
      ok++;
    }
    end_clear (&a);
    end_clear (&b);
  }
  qsort (conn, ok, sizeof (gint64), cmp_i64);
  qsort (rtp, ok, sizeof (gint64), cmp_i64);
  if (ok)
    g_print ("%-13s offer->connected median %6.1f ms, offer->first "
        "decrypted RTP (both ways) median %6.1f ms  (%u/%u pairs)\n",
        webrtcbin ? "webrtcbin" : "securepeerbin", conn[ok / 2] / 1000.0,
        rtp[ok / 2] / 1000.0, ok, reps);
  else
    g_print ("%-13s no pair connected\n", webrtcbin ? "webrtcbin" :
        "securepeerbin");
  g_free (conn);
  g_free (rtp);
}

static void
read_status (guint64 * rss_kb, guint * threads)
{
  gchar *text = NULL, *p;

  *rss_kb = 0;
  *threads = 0;
  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return;
  if ((p = strstr (text, "VmRSS:")))
    *rss_kb = g_ascii_strtoull (p + 6, NULL, 10);
  if ((p = strstr (text, "Threads:")))
    *threads = (guint) g_ascii_strtoull (p + 8, NULL, 10);
  g_free (text);
}

static gdouble
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
      (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
bench_load (gboolean webrtcbin, guint pairs)
{
  End *ends = g_new0 (End, 2 * pairs);
  guint64 rss0, rss1;
  guint th0, th1, i, connected = 0, receiving = 0;
  gdouble cpu0, cpu1;
  gint64 t0, deadline;

  read_status (&rss0, &th0);
  for (i = 0; i < pairs; i++) {
    end_init (&ends[2 * i], &ends[2 * i + 1], webrtcbin);
    end_init (&ends[2 * i + 1], &ends[2 * i], webrtcbin);
    end_start (&ends[2 * i]);
    end_start (&ends[2 * i + 1]);
    negotiate (&ends[2 * i], &ends[2 * i + 1]);
  }
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline) {
    connected = 0;
    for (i = 0; i < 2 * pairs; i++)
      connected += state (&ends[i]) == 2;
    if (connected == 2 * pairs)
      break;
    g_usleep (50 * 1000);
  }
  g_usleep (2 * G_USEC_PER_SEC);
  t0 = g_get_monotonic_time ();
  cpu0 = cpu_seconds ();
  g_usleep (5 * G_USEC_PER_SEC);
  cpu1 = cpu_seconds ();
  read_status (&rss1, &th1);
  for (i = 0; i < 2 * pairs; i++)
    receiving += ends[i].first_rtp != 0;
  g_print ("%-13s %4u endpoints: %u connected, %u receiving; per endpoint "
      "%.2f MB RSS, %.2f threads, %.2f %% of a core\n",
      webrtcbin ? "webrtcbin" : "securepeerbin", 2 * pairs, connected,
      receiving, (rss1 - rss0) / 1024.0 / (2 * pairs),
      (gdouble) (th1 - th0) / (2 * pairs),
      100.0 * (cpu1 - cpu0) / ((g_get_monotonic_time () - t0) / 1e6) /
      (2 * pairs));
  for (i = 0; i < 2 * pairs; i++)
    end_clear (&ends[i]);
  g_free (ends);
}

int
main (int argc, char **argv)
{
  guint reps = 10;
  gchar *pairs_opt = NULL;
  gchar *which = NULL;
  GOptionEntry entries[] = {
    {"reps", 0, 0, G_OPTION_ARG_INT, &reps, "pairs for the setup timing", NULL},
    {"pairs", 0, 0, G_OPTION_ARG_STRING, &pairs_opt,
        "concurrent pair counts, e.g. 5,50", NULL},
    {"only", 0, 0, G_OPTION_ARG_STRING, &which,
        "securepeerbin or webrtcbin", NULL},
    {"pcmu", 0, 0, G_OPTION_ARG_NONE, &use_pcmu,
        "PCMU (cheap to encode) instead of Opus, for large counts", NULL},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new (NULL);
  gchar **counts;
  guint i, k;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, NULL))
    return 1;
  g_option_context_free (ctx);
  gst_init (&argc, &argv);

  for (k = 0; k < 2 && reps; k++) {
    gboolean w = k == 1;
    if (which && g_strcmp0 (which, w ? "webrtcbin" : "securepeerbin") != 0)
      continue;
    bench_setup (w, reps);
  }
  counts = g_strsplit (pairs_opt ? pairs_opt : "5,50", ",", -1);
  for (i = 0; counts[i]; i++) {
    guint n = (guint) g_ascii_strtoull (counts[i], NULL, 10);
    for (k = 0; k < 2 && n; k++) {
      gboolean w = k == 1;
      if (which && g_strcmp0 (which, w ? "webrtcbin" : "securepeerbin") != 0)
        continue;
      bench_load (w, n);
    }
  }
  g_strfreev (counts);
  g_free (pairs_opt);
  g_free (which);
  return 0;
}
