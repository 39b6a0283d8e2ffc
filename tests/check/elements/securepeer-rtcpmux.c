/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* securepeerbin's internal RTCP mux (ext/securepeer/gstsecurepeerrtcpdemux.c,
 * compiled into this test): RTCP is chained into the pad that also gets the
 * RTP stream, and must never reach it before a segment, whatever the order
 * in which the two streams start. The target here is a plain sink pad that
 * fails the test on a buffer without a segment. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "../../../ext/securepeer/gstsecurepeerrtcpdemux.h"

typedef struct
{
  GstPad *target;               /* stands for srtpencrypt's sink pad */
  GstPad *rtp;                  /* the RTP stream, linked to target */
  GstPad *rtcp;                 /* the RTCP stream, linked to the mux */
  GstElement *mux;
  gint buffers;
  gint without_segment;
} Fixture;

/* srtpencrypt's sink template. */
static GstStaticPadTemplate target_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtp; application/x-rtcp"));

static GstFlowReturn
target_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  Fixture *f = g_object_get_data (G_OBJECT (pad), "fixture");
  GstEvent *seg = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);

  f->buffers++;
  if (seg)
    gst_event_unref (seg);
  else
    f->without_segment++;
  gst_buffer_unref (buf);
  return GST_FLOW_OK;
}

static gboolean
target_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  gst_event_unref (event);
  return TRUE;
}

static void
fixture_init (Fixture * f)
{
  GstPad *mux_sink;

  memset (f, 0, sizeof (*f));
  f->target = gst_pad_new_from_static_template (&target_template, "target");
  g_object_set_data (G_OBJECT (f->target), "fixture", f);
  gst_pad_set_chain_function (f->target, target_chain);
  gst_pad_set_event_function (f->target, target_event);
  f->rtp = gst_pad_new ("rtp", GST_PAD_SRC);
  f->rtcp = gst_pad_new ("rtcp", GST_PAD_SRC);
  f->mux = gst_secure_peer_rtcp_mux_new (f->target);
  gst_object_ref_sink (f->mux);
  mux_sink = gst_element_get_static_pad (f->mux, "sink");
  fail_unless (mux_sink != NULL);
  fail_unless_equals_int (gst_pad_link (f->rtp, f->target), GST_PAD_LINK_OK);
  fail_unless_equals_int (gst_pad_link (f->rtcp, mux_sink), GST_PAD_LINK_OK);
  gst_object_unref (mux_sink);
  gst_pad_set_active (f->target, TRUE);
  gst_pad_set_active (f->rtp, TRUE);
  gst_pad_set_active (f->rtcp, TRUE);
  fail_unless_equals_int (gst_element_set_state (f->mux, GST_STATE_PLAYING),
      GST_STATE_CHANGE_SUCCESS);
}

static void
fixture_clear (Fixture * f)
{
  gst_element_set_state (f->mux, GST_STATE_NULL);
  gst_pad_set_active (f->rtp, FALSE);
  gst_pad_set_active (f->rtcp, FALSE);
  gst_pad_set_active (f->target, FALSE);
  gst_object_unref (f->mux);
  gst_object_unref (f->rtp);
  gst_object_unref (f->rtcp);
  gst_object_unref (f->target);
}

/* Stores the stream's sticky events on @src; pushed with its first buffer. */
static void
start_stream (GstPad * src, const gchar * id, const gchar * caps)
{
  GstSegment seg;

  gst_segment_init (&seg, GST_FORMAT_TIME);
  gst_pad_store_sticky_event (src, gst_event_new_stream_start (id));
  gst_pad_store_sticky_event (src, gst_event_new_caps (gst_caps_from_string
          (caps)));
  gst_pad_store_sticky_event (src, gst_event_new_segment (&seg));
}

static GstBuffer *
packet (guint8 second_byte)
{
  guint8 data[12] = { 0x80, second_byte };

  return gst_buffer_new_memdup (data, sizeof (data));
}

static gchar *
target_caps (Fixture * f)
{
  GstCaps *caps = gst_pad_get_current_caps (f->target);
  gchar *s = caps ? gst_caps_to_string (caps) : g_strdup ("(none)");

  if (caps)
    gst_caps_unref (caps);
  return s;
}

/* A bin that only receives: RTCP is the only stream, with its own events. */
GST_START_TEST (test_rtcp_alone)
{
  Fixture f;

  fixture_init (&f);
  start_stream (f.rtcp, "rtcp", "application/x-rtcp");
  fail_unless_equals_int (gst_pad_push (f.rtcp, packet (200)), GST_FLOW_OK);
  fail_unless_equals_int (gst_pad_push (f.rtcp, packet (201)), GST_FLOW_OK);
  fail_unless_equals_int (f.buffers, 2);
  fail_unless_equals_int (f.without_segment, 0);
  fixture_clear (&f);
}

GST_END_TEST;

/* RTP started first: its events stay (RTCP's are not forwarded). */
GST_START_TEST (test_rtp_first)
{
  Fixture f;
  gchar *caps;

  fixture_init (&f);
  start_stream (f.rtp, "rtp", "application/x-rtp");
  start_stream (f.rtcp, "rtcp", "application/x-rtcp");
  fail_unless_equals_int (gst_pad_push (f.rtp, packet (96)), GST_FLOW_OK);
  fail_unless_equals_int (gst_pad_push (f.rtcp, packet (200)), GST_FLOW_OK);
  fail_unless_equals_int (gst_pad_push (f.rtp, packet (96)), GST_FLOW_OK);
  fail_unless_equals_int (f.buffers, 3);
  fail_unless_equals_int (f.without_segment, 0);
  caps = target_caps (&f);
  fail_unless_equals_string (caps, "application/x-rtp");
  g_free (caps);
  fixture_clear (&f);
}

GST_END_TEST;

/* The race seen in the benchmark: the RTP stream's stream-start and caps
 * have reached the target but not yet its segment when RTCP comes. RTCP
 * brings its own segment first. */
GST_START_TEST (test_rtcp_between_rtp_caps_and_segment)
{
  Fixture f;
  GstSegment seg;

  fixture_init (&f);
  start_stream (f.rtcp, "rtcp", "application/x-rtcp");
  fail_unless (gst_pad_push_event (f.rtp,
          gst_event_new_stream_start ("rtp")));
  fail_unless (gst_pad_push_event (f.rtp,
          gst_event_new_caps (gst_caps_from_string ("application/x-rtp"))));
  fail_unless_equals_int (gst_pad_push (f.rtcp, packet (200)), GST_FLOW_OK);
  fail_unless_equals_int (f.without_segment, 0);
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_pad_push_event (f.rtp, gst_event_new_segment (&seg)));
  fail_unless_equals_int (gst_pad_push (f.rtp, packet (96)), GST_FLOW_OK);
  fail_unless_equals_int (gst_pad_push (f.rtcp, packet (200)), GST_FLOW_OK);
  fail_unless_equals_int (f.buffers, 3);
  fail_unless_equals_int (f.without_segment, 0);
  fixture_clear (&f);
}

GST_END_TEST;

/* Both streams start at once from two threads, many times. */
typedef struct
{
  GstPad *src;
  guint8 type;
  const gchar *id, *caps;
  GstFlowReturn ret;
} Starter;

static gpointer
start_and_push (gpointer data)
{
  Starter *s = data;

  start_stream (s->src, s->id, s->caps);
  s->ret = gst_pad_push (s->src, packet (s->type));
  return NULL;
}

GST_START_TEST (test_concurrent_start)
{
  guint i;

  for (i = 0; i < 200; i++) {
    Fixture f;
    Starter rtp, rtcp;
    GThread *a, *b;

    fixture_init (&f);
    rtp = (Starter) {
    f.rtp, 96, "rtp", "application/x-rtp", GST_FLOW_ERROR};
    rtcp = (Starter) {
    f.rtcp, 200, "rtcp", "application/x-rtcp", GST_FLOW_ERROR};
    a = g_thread_new ("rtp", start_and_push, &rtp);
    b = g_thread_new ("rtcp", start_and_push, &rtcp);
    g_thread_join (a);
    g_thread_join (b);
    fail_unless_equals_int (rtp.ret, GST_FLOW_OK);
    fail_unless_equals_int (rtcp.ret, GST_FLOW_OK);
    fail_unless_equals_int (f.buffers, 2);
    fail_unless_equals_int (f.without_segment, 0);
    fixture_clear (&f);
  }
}

GST_END_TEST;

static Suite *
rtcpmux_suite (void)
{
  Suite *s = suite_create ("securepeer-rtcpmux");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_rtcp_alone);
  tcase_add_test (tc, test_rtp_first);
  tcase_add_test (tc, test_rtcp_between_rtp_caps_and_segment);
  tcase_add_test (tc, test_concurrent_start);
  return s;
}

GST_CHECK_MAIN (rtcpmux);
