/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Two securepeerbins in one process, wired together by the test through the
 * action signals (create-offer/answer, set-local/remote-description,
 * add-ice-candidate, on-ice-candidate): real libnice on 127.0.0.1, real
 * DTLS handshake (dtlskeyexchange), real SRTP (srtpencrypt/srtpdecrypt),
 * rtpbin. Opus audio and VP8 video (two bundled m-lines whose payloaders
 * both use payload type 96) flow both ways and are decoded. A relay that rewrites
 * a=fingerprint makes the connection fail with no media. Bounded in time. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/webrtc/webrtc.h>
#include <gst/securertc/peer/gstniceicetransport.h>
#include "securepeertestutil.h"

#define WAIT_US (15 * G_USEC_PER_SEC)

typedef struct
{
  GstElement *pipe;
  GstElement *bin;
  struct Side *other;
  gint decoded;                 /* atomic: decoded audio buffers */
  gint decoded_video;           /* atomic: decoded video frames */
  gint src_pads;                /* atomic */
  gint error_messages;          /* atomic */
} Side;

static GstPadProbeReturn
count_decoded (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Side *s = user_data;

  g_atomic_int_inc (&s->decoded);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
count_decoded_video (GstPad * pad, GstPadProbeInfo * info,
    gpointer user_data)
{
  Side *s = user_data;

  g_atomic_int_inc (&s->decoded_video);
  return GST_PAD_PROBE_OK;
}

static void
on_pad_added (GstElement * bin, GstPad * pad, Side * s)
{
  GstElement *dec;
  GstPad *sink, *src;
  GstElement *opusdec;
  GstCaps *caps;
  gboolean video;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_query_caps (pad, NULL);
  video = g_strcmp0 (gst_structure_get_string (gst_caps_get_structure (caps,
              0), "encoding-name"), "VP8") == 0;
  gst_caps_unref (caps);
  dec = gst_parse_bin_from_description (video ?
      "rtpvp8depay ! vp8dec name=dec ! fakesink sync=false async=false" :
      "rtpopusdepay ! opusdec name=dec ! fakesink sync=false async=false",
      TRUE, NULL);
  fail_unless (dec != NULL);
  gst_bin_add (GST_BIN (s->pipe), dec);
  sink = gst_element_get_static_pad (dec, "sink");
  fail_unless_equals_int (gst_pad_link (pad, sink), GST_PAD_LINK_OK);
  gst_object_unref (sink);
  opusdec = gst_bin_get_by_name (GST_BIN (dec), "dec");
  src = gst_element_get_static_pad (opusdec, "src");
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, video ?
      count_decoded_video : count_decoded, s, NULL);
  gst_object_unref (src);
  gst_object_unref (opusdec);
  gst_element_sync_state_with_parent (dec);
  g_atomic_int_inc (&s->src_pads);
}

static void
on_ice_candidate (GstElement * bin, guint mline, const gchar * cand, Side * s)
{
  Side *other = (Side *) s->other;

  fail_unless (g_str_has_prefix (cand, "candidate:"));
  g_signal_emit_by_name (other->bin, "add-ice-candidate", mline, cand);
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
  }
  /* A sync handler that drops a message owns it. */
  gst_message_unref (msg);
  return GST_BUS_DROP;
}

static void
side_init (Side * s, Side * other)
{
  GError *err = NULL;
  GstBus *bus;

  memset (s, 0, sizeof (*s));
  s->other = (struct Side *) other;
  s->pipe = gst_parse_launch ("audiotestsrc is-live=true ! "
      "audio/x-raw,rate=48000 ! opusenc ! rtpopuspay ! "
      "securepeerbin name=peer ice-local-addresses=127.0.0.1 latency=50 "
      "videotestsrc is-live=true ! video/x-raw,width=160,height=120,"
      "framerate=15/1 ! vp8enc deadline=1 ! rtpvp8pay ! peer.", &err);
  fail_unless (s->pipe != NULL, "%s", err ? err->message : "");
  s->bin = gst_bin_get_by_name (GST_BIN (s->pipe), "peer");
  g_signal_connect (s->bin, "pad-added", G_CALLBACK (on_pad_added), s);
  g_signal_connect (s->bin, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
      s);
  bus = gst_element_get_bus (s->pipe);
  gst_bus_set_sync_handler (bus, bus_sync, s, NULL);
  gst_object_unref (bus);
}

static void
side_start (Side * s)
{
  sp_test_play_until_caps (s->pipe, s->bin, 2, WAIT_US);
}

static void
side_clear (Side * s)
{
  gst_element_set_state (s->pipe, GST_STATE_NULL);
  gst_object_unref (s->bin);
  gst_object_unref (s->pipe);
}

static GstWebRTCSessionDescription *
make_description (GstElement * bin, const gchar * signal, const gchar * field)
{
  GstWebRTCSessionDescription *desc = NULL;
  GError *err = sp_test_create_description (bin, signal, field, &desc);

  fail_unless (err == NULL, "%s failed: %s", signal, err ? err->message : "");
  return desc;
}

static void
expect_ok (GError * err)
{
  fail_unless (err == NULL, "%s", err ? err->message : "");
}

static gint
conn_state (Side * s)
{
  gint state = 0;

  g_object_get (s->bin, "connection-state", &state, NULL);
  return state;
}

static gboolean
wait_until (gboolean (*cond) (Side * a, Side * b), Side * a, Side * b)
{
  gint64 end = g_get_monotonic_time () + WAIT_US;

  while (g_get_monotonic_time () < end) {
    if (cond (a, b))
      return TRUE;
    g_usleep (10 * 1000);
  }
  return cond (a, b);
}

static gboolean
both_connected (Side * a, Side * b)
{
  return conn_state (a) == 2 && conn_state (b) == 2;
}

static gboolean
both_decoded (Side * a, Side * b)
{
  return g_atomic_int_get (&a->decoded) >= 20
      && g_atomic_int_get (&b->decoded) >= 20
      && g_atomic_int_get (&a->decoded_video) >= 5
      && g_atomic_int_get (&b->decoded_video) >= 5;
}

static gboolean
one_failed (Side * a, Side * b)
{
  return conn_state (a) == 4 || conn_state (b) == 4;
}

static void
negotiate (Side * a, Side * b, gboolean tamper)
{
  GstWebRTCSessionDescription *offer, *answer;

  offer = make_description (a->bin, "create-offer", "offer");
  expect_ok (sp_test_set_description (a->bin, "set-local-description", offer));
  if (tamper) {
    /* A malicious relay swaps the offerer's fingerprint for its own. */
    GstSDPMessage *msg;
    gchar *text = gst_sdp_message_as_text (offer->sdp);
    gchar *fp = strstr (text, "a=fingerprint:sha-256 ");
    fail_unless (fp != NULL);
    fp += strlen ("a=fingerprint:sha-256 ");
    fp[0] = fp[0] == 'A' ? 'B' : 'A';
    gst_webrtc_session_description_free (offer);
    gst_sdp_message_new_from_text (text, &msg);
    offer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER,
        msg);
    g_free (text);
  }
  expect_ok (sp_test_set_description (b->bin, "set-remote-description", offer));
  answer = make_description (b->bin, "create-answer", "answer");
  expect_ok (sp_test_set_description (b->bin, "set-local-description", answer));
  expect_ok (sp_test_set_description (a->bin, "set-remote-description",
          answer));
  gst_webrtc_session_description_free (offer);
  gst_webrtc_session_description_free (answer);
}

/* SRTCP packets @s's srtpencrypt sent (or its srtpdecrypt took). */
static guint64
srtcp_packets (Side * s, const gchar * which)
{
  GstStructure *st = sp_test_get_stats (s->bin);
  const GstStructure *f = NULL;
  guint64 n = 0;

  if (gst_structure_get (st, which, GST_TYPE_STRUCTURE, &f, NULL)) {
    gst_structure_get_uint64 (f, "rtcp-packets", &n);
    gst_structure_free ((GstStructure *) f);
  }
  gst_structure_free (st);
  return n;
}

/* RTCP went both ways (sender and receiver reports share the SRTP
 * transport with the media, rtcp-mux). */
static gboolean
rtcp_both_ways (Side * a, Side * b)
{
  return srtcp_packets (a, "srtp-encrypt") > 0
      && srtcp_packets (a, "srtp-decrypt") > 0
      && srtcp_packets (b, "srtp-encrypt") > 0
      && srtcp_packets (b, "srtp-decrypt") > 0;
}

GST_START_TEST (test_audio_video_both_ways)
{
  Side a, b;
  gint64 start;
  gchar *fa = NULL, *fb = NULL;
  GstStructure *st;
  const GstStructure *dec;
  guint64 rtp_packets = 0;

  side_init (&a, &b);
  side_init (&b, &a);
  side_start (&a);
  side_start (&b);
  g_object_get (a.bin, "local-fingerprint", &fa, NULL);
  g_object_get (b.bin, "local-fingerprint", &fb, NULL);
  fail_unless (fa && fb && g_str_has_prefix (fa, "sha-256 "));
  /* Each connection has its own certificate. */
  fail_if (g_str_equal (fa, fb));

  start = g_get_monotonic_time ();
  negotiate (&a, &b, FALSE);
  fail_unless (wait_until (both_connected, &a, &b), "not connected: %d %d",
      conn_state (&a), conn_state (&b));
  GST_INFO ("offer -> connected in %" G_GINT64_FORMAT " ms",
      (g_get_monotonic_time () - start) / 1000);
  fail_unless (wait_until (both_decoded, &a, &b), "decoded audio %d / %d, "
      "video %d / %d", g_atomic_int_get (&a.decoded),
      g_atomic_int_get (&b.decoded), g_atomic_int_get (&a.decoded_video),
      g_atomic_int_get (&b.decoded_video));

  st = sp_test_get_stats (a.bin);
  GST_INFO ("stats %" GST_PTR_FORMAT, st);
  fail_unless (gst_structure_get_string (st, "srtp-profile") != NULL);
  fail_unless (gst_structure_get_string (st, "dtls-cipher-suite") != NULL);
  fail_unless (strstr (gst_structure_get_string (st,
              "selected-candidate-pair"), "127.0.0.1") != NULL);
  fail_unless (gst_structure_get (st, "srtp-decrypt", GST_TYPE_STRUCTURE,
          &dec, NULL));
  gst_structure_get_uint64 (dec, "rtp-packets", &rtp_packets);
  fail_unless (rtp_packets > 0);
  gst_structure_free ((GstStructure *) dec);
  gst_structure_free (st);
  fail_unless (wait_until (rtcp_both_ways, &a, &b), "SRTCP sent %"
      G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ", taken %" G_GUINT64_FORMAT "/%"
      G_GUINT64_FORMAT, srtcp_packets (&a, "srtp-encrypt"),
      srtcp_packets (&b, "srtp-encrypt"), srtcp_packets (&a, "srtp-decrypt"),
      srtcp_packets (&b, "srtp-decrypt"));
  fail_unless_equals_int (g_atomic_int_get (&a.error_messages), 0);
  fail_unless_equals_int (g_atomic_int_get (&b.error_messages), 0);

  g_signal_emit_by_name (a.bin, "close");
  fail_unless_equals_int (conn_state (&a), 5);

  g_free (fa);
  g_free (fb);
  side_clear (&a);
  side_clear (&b);
  /* Every ICE transport is gone with its bin. */
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 0);
}

GST_END_TEST;

GST_START_TEST (test_fingerprint_rewritten)
{
  Side a, b;

  side_init (&a, &b);
  side_init (&b, &a);
  side_start (&a);
  side_start (&b);
  negotiate (&a, &b, TRUE);
  fail_unless (wait_until (one_failed, &a, &b), "no failure: %d %d",
      conn_state (&a), conn_state (&b));
  /* Give any media a chance to (wrongly) flow. */
  g_usleep (500 * 1000);
  fail_unless_equals_int (g_atomic_int_get (&a.decoded), 0);
  fail_unless_equals_int (g_atomic_int_get (&b.decoded), 0);
  fail_unless_equals_int (g_atomic_int_get (&a.decoded_video), 0);
  fail_unless_equals_int (g_atomic_int_get (&b.decoded_video), 0);
  fail_unless (g_atomic_int_get (&a.error_messages) +
      g_atomic_int_get (&b.error_messages) > 0);
  side_clear (&a);
  side_clear (&b);
}

GST_END_TEST;

GST_START_TEST (test_malformed_remote)
{
  Side a, b;
  GstSDPMessage *msg;
  GstWebRTCSessionDescription *desc;
  GError *err;

  side_init (&a, &b);
  side_init (&b, &a);
  fail_if (gst_element_set_state (a.pipe, GST_STATE_READY) ==
      GST_STATE_CHANGE_FAILURE);
  gst_sdp_message_new_from_text ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
      "t=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
      "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwxyz\r\n"
      "a=setup:actpass\r\na=rtcp-mux\r\n", &msg);
  desc = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, msg);
  err = sp_test_set_description (a.bin, "set-remote-description", desc);
  fail_unless (err != NULL);
  fail_unless (strstr (err->message, "a=fingerprint") != NULL, "%s",
      err->message);
  g_error_free (err);
  gst_webrtc_session_description_free (desc);
  side_clear (&a);
  side_clear (&b);
}

GST_END_TEST;

static gboolean
a_failed (Side * a, Side * b)
{
  return conn_state (a) == 4;
}

static guint64
datagrams_sent (Side * s)
{
  GstStructure *st = sp_test_get_stats (s->bin);
  guint64 n = 0;

  fail_unless (gst_structure_get_uint64 (st, "datagrams-sent", &n));
  gst_structure_free (st);
  return n;
}

/* The peer vanishes without a word: RFC 7675 consent expires, the
 * connection fails and nothing more is sent (bounded by libnice's consent
 * timeout, ~10 s here). */
GST_START_TEST (test_peer_vanishes)
{
  Side a, b;
  gint64 start, end;
  guint64 sent;

  side_init (&a, &b);
  side_init (&b, &a);
  side_start (&a);
  side_start (&b);
  negotiate (&a, &b, FALSE);
  fail_unless (wait_until (both_connected, &a, &b));
  fail_unless (datagrams_sent (&a) > 0);
  /* Gone: B's ICE agent is torn down, no consent responses any more. */
  side_clear (&b);
  start = g_get_monotonic_time ();
  end = start + 45 * G_USEC_PER_SEC;
  while (conn_state (&a) != 4 && g_get_monotonic_time () < end)
    g_usleep (50 * 1000);
  fail_unless (a_failed (&a, NULL), "still %d after 45 s", conn_state (&a));
  GST_INFO ("consent lost -> failed after %" G_GINT64_FORMAT " ms",
      (g_get_monotonic_time () - start) / 1000);
  sent = datagrams_sent (&a);
  g_usleep (500 * 1000);
  fail_unless_equals_int64 (datagrams_sent (&a), sent);
  side_clear (&a);
}

GST_END_TEST;

static Suite *
securepeerbin_suite (void)
{
  Suite *s = suite_create ("securepeerbin-loopback");
  TCase *tc = tcase_create ("general");

  sp_test_tolerate_rtpsession_race (tc);

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 90);
  tcase_add_test (tc, test_malformed_remote);
  tcase_add_test (tc, test_audio_video_both_ways);
  tcase_add_test (tc, test_fingerprint_rewritten);
  tcase_add_test (tc, test_peer_vanishes);
  return s;
}

GST_CHECK_MAIN (securepeerbin);
