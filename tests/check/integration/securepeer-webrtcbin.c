/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* securepeerbin <-> GStreamer's webrtcbin (1.22) in one process on
 * 127.0.0.1, with webrtcbin as offerer and as answerer: Opus both ways,
 * decoded on both sides. The test relays SDP and trickled candidates.
 * libnice gathers nothing on loopback by itself, so the test adds 127.0.0.1
 * to webrtcbin's NiceAgent (its ice-agent's "agent" property). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/webrtc/webrtc.h>
#include <nice/agent.h>
#include <gst/securertc/peer/gstniceicetransport.h>
#include "securepeertestutil.h"

#define WAIT_US (20 * G_USEC_PER_SEC)

typedef struct
{
  GstElement *pipe;
  GstElement *bin;
  gboolean is_webrtcbin;
  gpointer other;
  gint decoded;
  gint errors;
} Side;

static void
on_pad_added (GstElement * bin, GstPad * pad, Side * s)
{
  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  sp_test_link_opus_decoder (s->pipe, pad, &s->decoded);
}

static void
on_ice_candidate (GstElement * bin, guint mline, const gchar * cand, Side * s)
{
  Side *other = s->other;

  if (!cand || !*cand)
    return;
  g_signal_emit_by_name (other->bin, "add-ice-candidate", mline, cand);
}

static void
side_init (Side * s, Side * other, gboolean webrtcbin)
{
  GError *err = NULL;
  GstBus *bus;

  memset (s, 0, sizeof (*s));
  s->other = other;
  s->is_webrtcbin = webrtcbin;
  /* webrtcbin 1.22 as answerer pairs the transceiver of a requested sink
   * pad with an offered m-line only when the payload types agree (else it
   * answers recvonly and sends nothing): both payloaders use pt 96. */
  s->pipe = gst_parse_launch (webrtcbin ?
      "audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! opusenc ! "
      "rtpopuspay pt=96 ! webrtcbin name=peer bundle-policy=max-bundle" :
      "audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! opusenc ! "
      "rtpopuspay pt=96 ! securepeerbin name=peer "
      "ice-local-addresses=127.0.0.1 latency=50", &err);
  fail_unless (s->pipe != NULL, "%s", err ? err->message : "");
  s->bin = gst_bin_get_by_name (GST_BIN (s->pipe), "peer");
  if (webrtcbin) {
    GstObject *ice = NULL;
    NiceAgent *agent = NULL;
    NiceAddress addr;

    g_object_get (s->bin, "ice-agent", &ice, NULL);
    fail_unless (ice != NULL);
    g_object_get (ice, "agent", &agent, NULL);
    fail_unless (agent != NULL);
    nice_address_init (&addr);
    nice_address_set_from_string (&addr, "127.0.0.1");
    fail_unless (nice_agent_add_local_address (agent, &addr));
    /* No UPnP: it would bind and search on the machine's other interfaces. */
    g_object_set (agent, "upnp", FALSE, NULL);
    g_object_unref (agent);
    gst_object_unref (ice);
  }
  g_signal_connect (s->bin, "pad-added", G_CALLBACK (on_pad_added), s);
  g_signal_connect (s->bin, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
      s);
  bus = gst_element_get_bus (s->pipe);
  gst_bus_set_sync_handler (bus, sp_test_bus_count_errors, &s->errors,
      NULL);
  gst_object_unref (bus);
}

static void
side_start (Side * s)
{
  sp_test_play_until_caps (s->pipe, s->bin, 1, WAIT_US);
}

static void
side_clear (Side * s)
{
  gst_element_set_state (s->pipe, GST_STATE_NULL);
  gst_object_unref (s->bin);
  gst_object_unref (s->pipe);
}

static GstWebRTCSessionDescription *
make_description (Side * s, const gchar * signal, const gchar * field)
{
  GstPromise *p = gst_promise_new ();
  const GstStructure *reply;
  GstWebRTCSessionDescription *desc = NULL;
  GError *err = NULL;

  g_signal_emit_by_name (s->bin, signal, NULL, p);
  fail_unless_equals_int (gst_promise_wait (p), GST_PROMISE_RESULT_REPLIED);
  reply = gst_promise_get_reply (p);
  fail_unless (reply != NULL, "%s gave no reply", signal);
  if (gst_structure_get (reply, "error", G_TYPE_ERROR, &err, NULL))
    fail ("%s failed: %s", signal, err->message);
  fail_unless (gst_structure_get (reply, field,
          GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &desc, NULL), "%"
      GST_PTR_FORMAT, reply);
  gst_promise_unref (p);
  return desc;
}

static void
set_description (Side * s, const gchar * signal,
    GstWebRTCSessionDescription * desc)
{
  GstPromise *p = gst_promise_new ();
  const GstStructure *reply;
  GError *err = NULL;

  g_signal_emit_by_name (s->bin, signal, desc, p);
  fail_unless_equals_int (gst_promise_wait (p), GST_PROMISE_RESULT_REPLIED);
  reply = gst_promise_get_reply (p);
  if (reply && gst_structure_get (reply, "error", G_TYPE_ERROR, &err, NULL))
    fail ("%s on %s failed: %s", signal, s->is_webrtcbin ? "webrtcbin" :
        "securepeerbin", err->message);
  gst_promise_unref (p);
}

static void
negotiate (Side * offerer, Side * answerer)
{
  GstWebRTCSessionDescription *offer, *answer;

  offer = make_description (offerer, "create-offer", "offer");
  set_description (offerer, "set-local-description", offer);
  set_description (answerer, "set-remote-description", offer);
  answer = make_description (answerer, "create-answer", "answer");
  {
    /* Log the media lines and directions only (the SDP carries the ICE
     * password). */
    gchar *text = gst_sdp_message_as_text (answer->sdp);
    gchar **lines = g_strsplit (text, "\r\n", -1);
    guint i;
    for (i = 0; lines[i]; i++)
      if (g_str_has_prefix (lines[i], "m=") || g_str_has_prefix (lines[i],
              "a=send") || g_str_has_prefix (lines[i], "a=recv")
          || g_str_has_prefix (lines[i], "a=rtpmap")
          || g_str_has_prefix (lines[i], "a=ssrc"))
        GST_INFO ("answer: %s", lines[i]);
    g_strfreev (lines);
    g_free (text);
  }
  set_description (answerer, "set-local-description", answer);
  set_description (offerer, "set-remote-description", answer);
  gst_webrtc_session_description_free (offer);
  gst_webrtc_session_description_free (answer);
}

static gboolean
both_decoded (Side * a, Side * b)
{
  gint64 end = g_get_monotonic_time () + WAIT_US;

  while (g_get_monotonic_time () < end) {
    if (g_atomic_int_get (&a->decoded) >= 20
        && g_atomic_int_get (&b->decoded) >= 20)
      return TRUE;
    g_usleep (10 * 1000);
  }
  return FALSE;
}

static void
run_interop (gboolean webrtcbin_offers)
{
  Side w, s;
  gint state = 0;
  gint64 start;

  side_init (&w, &s, TRUE);
  side_init (&s, &w, FALSE);
  side_start (&w);
  side_start (&s);
  start = g_get_monotonic_time ();
  if (webrtcbin_offers)
    negotiate (&w, &s);
  else
    negotiate (&s, &w);
  fail_unless (both_decoded (&w, &s), "decoded: webrtcbin %d, "
      "securepeerbin %d", g_atomic_int_get (&w.decoded),
      g_atomic_int_get (&s.decoded));
  GST_INFO ("offer -> audio decoded both ways in %" G_GINT64_FORMAT " ms",
      (g_get_monotonic_time () - start) / 1000);
  g_object_get (s.bin, "connection-state", &state, NULL);
  fail_unless_equals_int (state, 2);
  fail_unless_equals_int (g_atomic_int_get (&w.errors), 0);
  fail_unless_equals_int (g_atomic_int_get (&s.errors), 0);
  side_clear (&w);
  side_clear (&s);
  /* Every ICE transport of securepeerbin is gone with its bin. */
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 0);
}

GST_START_TEST (test_webrtcbin_offers)
{
  run_interop (TRUE);
}

GST_END_TEST;

GST_START_TEST (test_webrtcbin_answers)
{
  run_interop (FALSE);
}

GST_END_TEST;

static Suite *
interop_suite (void)
{
  Suite *s = suite_create ("securepeer-webrtcbin");
  TCase *tc = tcase_create ("general");

  sp_test_tolerate_rtpsession_race (tc);

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_webrtcbin_offers);
  tcase_add_test (tc, test_webrtcbin_answers);
  return s;
}

GST_CHECK_MAIN (interop);
