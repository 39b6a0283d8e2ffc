/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* securepeer-bench: securepeerbin against GStreamer's webrtcbin, same
 * process, same media, 127.0.0.1:
 *   1. offer -> connected and offer -> first decrypted RTP on the receiving
 *      src pad (median over --reps pairs);
 *   2. N concurrent pairs (--pairs, comma-separated), one 50 packets/s audio
 *      stream each way: RSS, threads and CPU per endpoint. By default one
 *      feeder thread pushes prebuilt PCMU RTP packets (160-byte payload,
 *      20 ms) into every bin's sink pad, so the figures are those of the
 *      connections themselves; --encoders gives each endpoint its own
 *      audiotestsrc + Opus (or --pcmu) encoder instead (their threads and
 *      CPU are then counted per endpoint too).
 * The webrtcbin agents get 127.0.0.1 with nice_agent_add_local_address (it
 * gathers nothing on loopback by itself); both use jitterbuffer latency 0. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <gst/gst.h>
#include <gst/rtp/rtp.h>
#include <gst/webrtc/webrtc.h>
#include <nice/agent.h>

typedef struct
{
  GstElement *pipe, *bin;
  gboolean webrtcbin;
  gpointer other;
  gint64 first_rtp;             /* atomic-ish: monotonic us, 0 = none */
  gint received;                /* atomic: buffers out of the src pads */
  GstPad *feed;                 /* feeder mode: our pad linked to sink_0 */
  gint feeding;                 /* atomic: the feeder pushes buffers */
  guint16 seq;
  guint32 ssrc, rtp_ts;
} End;

static GstPadProbeReturn
on_first (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  End *e = data;

  if (!e->first_rtp)
    e->first_rtp = g_get_monotonic_time ();
  g_atomic_int_inc (&e->received);
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

static gboolean use_pcmu, use_encoders, no_jitterbuffer;
static guint measure_secs = 5;
static gboolean quiet;

static gboolean
feed_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    gst_query_set_latency (query, TRUE, 0, GST_CLOCK_TIME_NONE);
    return TRUE;
  }
  return gst_pad_query_default (pad, parent, query);
}

/* Feeder mode: a pad of ours linked to the bin's sink_0. */
static void
feed_link (End * e)
{
  GstPad *sink = gst_element_request_pad_simple (e->bin, "sink_%u");

  e->feed = gst_pad_new ("feed", GST_PAD_SRC);
  gst_pad_set_query_function (e->feed, feed_query);
  e->ssrc = g_random_int ();
  e->seq = (guint16) g_random_int ();
  e->rtp_ts = g_random_int ();
  g_assert (gst_pad_link (e->feed, sink) == GST_PAD_LINK_OK);
  gst_object_unref (sink);
}

static void
feed_start (End * e)
{
  GstSegment seg;
  gchar *id = g_strdup_printf ("feed-%p", (gpointer) e);

  gst_pad_set_active (e->feed, TRUE);
  gst_pad_push_event (e->feed, gst_event_new_stream_start (id));
  g_free (id);
  gst_pad_push_event (e->feed, gst_event_new_caps (gst_caps_from_string
          ("application/x-rtp,media=audio,encoding-name=PCMU,"
              "clock-rate=8000,payload=0")));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  gst_pad_push_event (e->feed, gst_event_new_segment (&seg));
}

static void
feed_one (End * e, GstClockTime running)
{
  GstBuffer *buf = gst_rtp_buffer_new_allocate (160, 0, 0);
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  gst_rtp_buffer_map (buf, GST_MAP_WRITE, &rtp);
  gst_rtp_buffer_set_payload_type (&rtp, 0);
  gst_rtp_buffer_set_seq (&rtp, e->seq++);
  gst_rtp_buffer_set_timestamp (&rtp, e->rtp_ts);
  gst_rtp_buffer_set_ssrc (&rtp, e->ssrc);
  memset (gst_rtp_buffer_get_payload (&rtp), 0xff, 160);
  gst_rtp_buffer_unmap (&rtp);
  e->rtp_ts += 160;
  GST_BUFFER_PTS (buf) = running;
  gst_pad_push (e->feed, buf);
}

/* One feeder thread per processor (as sources of real connections would
 * run in threads of their own), each taking every n-th endpoint: a packet
 * each per 20 ms. */
static End *feed_ends;
static guint feed_count, n_feeders;
static gint feed_stop;
static gint feed_pushed;        /* atomic: packets pushed into the bins */

static gpointer
feeder_thread (gpointer data)
{
  guint first = GPOINTER_TO_UINT (data);
  GstClock *clock = gst_system_clock_obtain ();
  GstClockTime start = gst_clock_get_time (clock);
  GstClockType type = GST_CLOCK_TYPE_REALTIME;
  guint64 tick = 0;

  g_object_get (clock, "clock-type", &type, NULL);
  g_assert (type == GST_CLOCK_TYPE_MONOTONIC);

  while (!g_atomic_int_get (&feed_stop)) {
    GstClockTime next;
    struct timespec ts;
    guint i;

    /* The system clock is CLOCK_MONOTONIC: sleep on it directly, which
     * costs this VM about half of what a GstClockID wait does (3.4 vs
     * 5.7 ms/s for two feeders), a cost that is the harness's and went
     * into both implementations' figures alike. */
    tick++;
    next = start + tick * 20 * GST_MSECOND;
    ts.tv_sec = (time_t) (next / GST_SECOND);
    ts.tv_nsec = (long) (next % GST_SECOND);
    while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)
        == EINTR);
    for (i = first; i < feed_count; i += n_feeders) {
      End *e = &feed_ends[i];
      if (g_atomic_int_get (&e->feeding)) {
        feed_one (e, gst_clock_get_time (clock) -
            gst_element_get_base_time (e->pipe));
        g_atomic_int_inc (&feed_pushed);
      }
    }
  }
  gst_object_unref (clock);
  return NULL;
}

/* --no-jitterbuffer (analysis only): securepeerbin's rtpbin gets a
 * pass-through instead of its rtpjitterbuffer, to measure that element's
 * share of the CPU. No reordering, no timestamping: not a configuration
 * the bin offers. */
static GstElement *
pass_through_jitterbuffer (GstElement * rtpbin, guint session, gpointer data)
{
  return gst_element_factory_make ("identity", NULL);
}

/* rtpbin sets the jitterbuffer's properties on the pass-through too. */
static void
drop_identity_warnings (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer data)
{
  if (!strstr (message, "'GstIdentity'"))
    g_log_default_handler (domain, level, message, data);
}

static void
end_init (End * e, End * other, gboolean webrtcbin)
{
  gboolean feeder = !use_encoders && other != NULL && feed_ends != NULL;
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
  desc = g_strdup_printf ("%s%s%s", feeder ? "" : media, feeder ? "" : " ! ",
      webrtcbin ?
      "webrtcbin name=peer bundle-policy=max-bundle latency=0" :
      "securepeerbin name=peer ice-local-addresses=127.0.0.1 latency=0");
  e->pipe = gst_parse_launch (desc, NULL);
  g_free (desc);
  g_assert (e->pipe);
  if (feeder) {
    /* A lone element: put it in a pipeline. */
    e->bin = e->pipe;
    e->pipe = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (e->pipe), gst_object_ref (e->bin));
  } else {
    e->bin = gst_bin_get_by_name (GST_BIN (e->pipe), "peer");
  }
  if (webrtcbin) {
    GstObject *ice = NULL;
    NiceAgent *agent = NULL;
    NiceAddress addr;

    g_object_get (e->bin, "ice-agent", &ice, NULL);
    g_object_get (ice, "agent", &agent, NULL);
    nice_address_init (&addr);
    nice_address_set_from_string (&addr, "127.0.0.1");
    nice_agent_add_local_address (agent, &addr);
    /* No UPnP: it would bind and search on the machine's other interfaces. */
    g_object_set (agent, "upnp", FALSE, NULL);
    g_object_unref (agent);
    gst_object_unref (ice);
  }
  if (!webrtcbin && no_jitterbuffer) {
    GstElement *rtpbin = gst_bin_get_by_name (GST_BIN (e->bin), "rtpbin");
    g_signal_connect (rtpbin, "request-jitterbuffer",
        G_CALLBACK (pass_through_jitterbuffer), NULL);
    gst_object_unref (rtpbin);
  }
  if (feeder)
    feed_link (e);
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
  if (e->feed)
    feed_start (e);
  while (!gst_pad_has_current_caps (pad) && g_get_monotonic_time () < end)
    g_usleep (1000);
  gst_object_unref (pad);
}

static void
end_clear (End * e)
{
  g_atomic_int_set (&e->feeding, 0);
  gst_element_set_state (e->pipe, GST_STATE_NULL);
  if (e->feed) {
    gst_pad_set_active (e->feed, FALSE);
    gst_object_unref (e->feed);
  }
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
  gdouble cpu0, cpu1, secs;
  guint64 got0 = 0, got1 = 0;
  gint64 t0, deadline;
  GThread *feeders[16] = { NULL };
  gint pushed0 = 0, pushed1 = 0;

  if (!use_encoders) {
    feed_ends = ends;
    feed_count = 2 * pairs;
    n_feeders = CLAMP (g_get_num_processors (), 1, 16);
    g_atomic_int_set (&feed_stop, 0);
    for (i = 0; i < n_feeders; i++)
      feeders[i] = g_thread_new ("feeder", feeder_thread,
          GUINT_TO_POINTER (i));
  }
  /* Warm up (plugins loaded, allocator arenas made) with one pair that is
   * connected and torn down before the baseline. */
  {
    End w[2];
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    end_init (&w[0], &w[1], webrtcbin);
    end_init (&w[1], &w[0], webrtcbin);
    end_start (&w[0]);
    end_start (&w[1]);
    negotiate (&w[0], &w[1]);
    while (!(state (&w[0]) == 2 && state (&w[1]) == 2)
        && g_get_monotonic_time () < end)
      g_usleep (1000);
    end_clear (&w[0]);
    end_clear (&w[1]);
  }
  read_status (&rss0, &th0);
  for (i = 0; i < pairs; i++) {
    end_init (&ends[2 * i], &ends[2 * i + 1], webrtcbin);
    end_init (&ends[2 * i + 1], &ends[2 * i], webrtcbin);
    end_start (&ends[2 * i]);
    end_start (&ends[2 * i + 1]);
    negotiate (&ends[2 * i], &ends[2 * i + 1]);
    g_atomic_int_set (&ends[2 * i].feeding, !use_encoders);
    g_atomic_int_set (&ends[2 * i + 1].feeding, !use_encoders);
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
  for (i = 0; i < 2 * pairs; i++)
    got0 += (guint) g_atomic_int_get (&ends[i].received);
  pushed0 = g_atomic_int_get (&feed_pushed);
  t0 = g_get_monotonic_time ();
  cpu0 = cpu_seconds ();
  if (!quiet)
    g_printerr ("measuring for %u s\n", measure_secs);
  g_usleep (measure_secs * G_USEC_PER_SEC);
  cpu1 = cpu_seconds ();
  for (i = 0; i < 2 * pairs; i++)
    got1 += (guint) g_atomic_int_get (&ends[i].received);
  pushed1 = g_atomic_int_get (&feed_pushed);
  secs = (g_get_monotonic_time () - t0) / 1e6;
  read_status (&rss1, &th1);
  for (i = 0; i < 2 * pairs; i++)
    receiving += ends[i].first_rtp != 0;
  /* Last: packets delivered per endpoint and second (50 when keeping up),
   * and CPU time per delivered packet (us). */
  g_print ("LOAD %s %u %u %u %.4f %.3f %.4f %.2f %.2f\n",
      webrtcbin ? "webrtcbin" : "securepeerbin", 2 * pairs, connected,
      receiving, (rss1 - rss0) / 1024.0 / (2 * pairs),
      (gdouble) (th1 - th0) / (2 * pairs),
      100.0 * (cpu1 - cpu0) / secs / (2 * pairs),
      (got1 - got0) / secs / (2 * pairs),
      got1 > got0 ? 1e6 * (cpu1 - cpu0) / (got1 - got0) : 0.0);
  if (!use_encoders && !quiet)
    g_printerr ("feeders pushed %.1f packets/s per endpoint\n",
        (pushed1 - pushed0) / secs / (2 * pairs));
  g_atomic_int_set (&feed_stop, 1);
  for (i = 0; i < G_N_ELEMENTS (feeders) && feeders[i]; i++)
    g_thread_join (feeders[i]);
  for (i = 0; i < 2 * pairs; i++)
    end_clear (&ends[i]);
  feed_ends = NULL;
  feed_count = 0;
  g_free (ends);
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y;
}

static gdouble
median (gdouble * v, guint n)
{
  qsort (v, n, sizeof (gdouble), cmp_double);
  return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

/* One load run in a fresh process (so that neither implementation inherits
 * the other's freed memory), parsed from its LOAD line. */
static gboolean
run_child (const gchar * self_path, gboolean webrtcbin, guint pairs,
    gdouble out[7])
{
  gchar *n = g_strdup_printf ("%u", pairs), *text = NULL, *line;
  gchar *secs = g_strdup_printf ("--measure-secs=%u", measure_secs);
  const gchar *argv[16];
  guint k = 0, endpoints, connected, receiving;
  gint status = 1;
  gboolean ok = FALSE;

  argv[k++] = self_path;
  argv[k++] = "--reps=0";
  argv[k++] = "--runs=0";
  argv[k++] = "--quiet";
  argv[k++] = secs;
  argv[k++] = webrtcbin ? "--only=webrtcbin" : "--only=securepeerbin";
  argv[k++] = "--pairs";
  argv[k++] = n;
  if (use_encoders)
    argv[k++] = "--encoders";
  if (use_pcmu)
    argv[k++] = "--pcmu";
  if (no_jitterbuffer)
    argv[k++] = "--no-jitterbuffer";
  argv[k] = NULL;
  if (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
          &text, NULL, &status, NULL) && !g_spawn_check_wait_status (status,
          NULL))
    g_printerr ("the %s run (%u pairs) did not end cleanly (wait status "
        "0x%x)%s\n", webrtcbin ? "webrtcbin" : "securepeerbin", pairs,
        (guint) status, text && strstr (text, "LOAD ") ?
        ", after its measurement" : "");
  if (text && (line = strstr (text, "LOAD "))) {
    gchar name[32];
    ok = sscanf (line, "LOAD %31s %u %u %u %lf %lf %lf %lf %lf", name,
        &endpoints, &connected, &receiving, &out[2], &out[3], &out[4],
        &out[5], &out[6]) == 9;
    out[0] = connected;
    out[1] = receiving;
  }
  g_free (text);
  g_free (n);
  g_free (secs);
  return ok;
}

static void
bench_load_runs (const gchar * self_path, guint pairs, guint runs)
{
  gdouble *v[2][7];
  gdouble med[2][7];
  guint got[2] = { 0, 0 }, r, k, m;

  for (k = 0; k < 2; k++)
    for (m = 0; m < 7; m++)
      v[k][m] = g_new0 (gdouble, runs);
  /* Alternating, so that both see the same machine. */
  for (r = 0; r < runs; r++) {
    gdouble cpu[2] = { 0, 0 };
    for (k = 0; k < 2; k++) {
      gdouble out[7];
      if (run_child (self_path, k == 1, pairs, out)) {
        for (m = 0; m < 7; m++)
          v[k][m][got[k]] = out[m];
        got[k]++;
        cpu[k] = out[4];
      }
    }
    if (cpu[0] > 0 && cpu[1] > 0)
      g_print ("  run %u/%u, %u endpoints: %.3f vs %.3f %% of a core per "
          "endpoint (%.2fx)\n", r + 1, runs, 2 * pairs, cpu[0], cpu[1],
          cpu[0] / cpu[1]);
  }
  for (k = 0; k < 2; k++) {
    for (m = 0; m < 7; m++)
      med[k][m] = median (v[k][m], got[k]);
    g_print ("%-13s %4u endpoints (median of %u runs): %.0f connected, "
        "%.0f receiving; per endpoint %.2f MB RSS, %.2f threads, %.3f %% of "
        "a core, %.1f packets/s delivered; %.1f us CPU per delivered "
        "packet\n", k ? "webrtcbin" : "securepeerbin", 2 * pairs, got[k],
        med[k][0], med[k][1], med[k][2], med[k][3], med[k][4], med[k][5],
        med[k][6]);
  }
  if (got[0] && got[1] && med[1][2] > 0 && med[1][4] > 0 && med[1][6] > 0)
    g_print ("  ratio securepeerbin/webrtcbin: memory %.2fx, threads %.2fx, "
        "CPU %.2fx, CPU per delivered packet %.2fx\n", med[0][2] / med[1][2],
        med[0][3] / med[1][3], med[0][4] / med[1][4],
        med[0][6] / med[1][6]);
  for (k = 0; k < 2; k++)
    for (m = 0; m < 7; m++)
      g_free (v[k][m]);
}

int
main (int argc, char **argv)
{
  guint reps = 10, runs = 3;
  gchar *pairs_opt = NULL;
  gchar *which = NULL;
  GOptionEntry entries[] = {
    {"reps", 0, 0, G_OPTION_ARG_INT, &reps, "pairs for the setup timing", NULL},
    {"pairs", 0, 0, G_OPTION_ARG_STRING, &pairs_opt,
        "concurrent pair counts, e.g. 5,50", NULL},
    {"runs", 0, 0, G_OPTION_ARG_INT, &runs,
        "load test: runs per implementation, each in its own process "
            "(0: run here, print the raw LOAD line)", NULL},
    {"quiet", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &quiet, NULL, NULL},
    {"measure-secs", 0, 0, G_OPTION_ARG_INT, &measure_secs,
        "load test: length of the measurement window (default 5 s)", NULL},
    {"only", 0, 0, G_OPTION_ARG_STRING, &which,
        "securepeerbin or webrtcbin", NULL},
    {"pcmu", 0, 0, G_OPTION_ARG_NONE, &use_pcmu,
        "with --encoders: PCMU (cheap to encode) instead of Opus", NULL},
    {"encoders", 0, 0, G_OPTION_ARG_NONE, &use_encoders,
        "load test: an audiotestsrc + encoder per endpoint instead of the "
            "shared feeder", NULL},
    {"no-jitterbuffer", 0, 0, G_OPTION_ARG_NONE, &no_jitterbuffer,
        "analysis only: securepeerbin's rtpbin without its jitterbuffer "
            "(a pass-through), to measure the jitterbuffer's share", NULL},
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
  if (no_jitterbuffer)
    g_log_set_handler ("GLib-GObject", G_LOG_LEVEL_WARNING,
        drop_identity_warnings, NULL);

  for (k = 0; k < 2 && reps; k++) {
    gboolean w = k == 1;
    if (which && g_strcmp0 (which, w ? "webrtcbin" : "securepeerbin") != 0)
      continue;
    bench_setup (w, reps);
  }
  counts = g_strsplit (pairs_opt ? pairs_opt : "5,50", ",", -1);
  for (i = 0; counts[i]; i++) {
    guint n = (guint) g_ascii_strtoull (counts[i], NULL, 10);
    if (runs && n) {
      gchar *exe = g_file_read_link ("/proc/self/exe", NULL);
      bench_load_runs (exe ? exe : argv[0], n, runs);
      g_free (exe);
      continue;
    }
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
