/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Internal to securepeerbin (not registered): the source of received
 * datagrams. It has no thread and no queue: the ICE thread that received a
 * datagram pushes it downstream itself (DTLS, SRTP authentication and
 * decryption, RTCP and RTP session handling up to rtpbin's jitterbuffer,
 * which has the first thread of the receive path). A connection so costs no
 * receive thread, and a datagram no thread switch before the jitterbuffer.
 *
 * Live source: no preroll, buffers timestamped with the running time of
 * their arrival (for the jitterbuffer). Datagrams that arrive while the pad
 * is not active are dropped. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsecurepeernetsrc.h"

GST_DEBUG_CATEGORY_STATIC (net_src_debug);
#define GST_CAT_DEFAULT net_src_debug

struct _GstSecurePeerNetSrc
{
  GstElement parent;
  GstPad *src;
  GMutex push_lock;             /* one pusher at a time; guards the flag */
  gboolean need_events;         /* stream-start, caps, segment pending */
  guint stream_serial;
};

G_DEFINE_TYPE (GstSecurePeerNetSrc, gst_secure_peer_net_src,
    GST_TYPE_ELEMENT);

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-dtls-srtp"));

static void
push_sticky_events (GstSecurePeerNetSrc * self)
{
  GstSegment segment;
  gchar *id;

  id = gst_pad_create_stream_id_printf (self->src, GST_ELEMENT (self),
      "net-%u", self->stream_serial++);
  gst_pad_push_event (self->src, gst_event_new_stream_start (id));
  g_free (id);
  gst_pad_push_event (self->src,
      gst_event_new_caps (gst_static_pad_template_get_caps (&src_template)));
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_pad_push_event (self->src, gst_event_new_segment (&segment));
}

/**
 * gst_secure_peer_net_src_push:
 * @data: one received datagram
 *
 * Pushes a copy of @data downstream from the calling thread.
 *
 * Returns: %FALSE when it was dropped (pad not active, or downstream
 * refused it)
 */
gboolean
gst_secure_peer_net_src_push (GstSecurePeerNetSrc * self, const guint8 * data,
    gsize len)
{
  GstClock *clock;
  GstClockTime base, ts = GST_CLOCK_TIME_NONE;
  GstBuffer *buf;
  GstFlowReturn ret;

  if (!gst_pad_is_active (self->src))
    return FALSE;
  /* The running time of arrival (the clock is only replaced under this
   * lock, so no reference is needed while it is held). */
  GST_OBJECT_LOCK (self);
  clock = GST_ELEMENT_CLOCK (self);
  base = GST_ELEMENT_CAST (self)->base_time;
  if (clock) {
    GstClockTime now = gst_clock_get_time (clock);
    if (now >= base)
      ts = now - base;
  }
  GST_OBJECT_UNLOCK (self);
  buf = gst_buffer_new_memdup (data, len);
  GST_BUFFER_PTS (buf) = GST_BUFFER_DTS (buf) = ts;

  g_mutex_lock (&self->push_lock);
  if (self->need_events) {
    push_sticky_events (self);
    self->need_events = FALSE;
  }
  ret = gst_pad_push (self->src, buf);
  g_mutex_unlock (&self->push_lock);
  if (ret != GST_FLOW_OK)
    GST_LOG_OBJECT (self, "datagram not taken: %s", gst_flow_get_name (ret));
  return ret == GST_FLOW_OK;
}

/**
 * gst_secure_peer_net_src_push_eos:
 *
 * Ends the received stream: EOS downstream (through DTLS, SRTP and the
 * jitterbuffers to the bin's src pads), after any datagram being pushed.
 */
void
gst_secure_peer_net_src_push_eos (GstSecurePeerNetSrc * self)
{
  if (!gst_pad_is_active (self->src))
    return;
  g_mutex_lock (&self->push_lock);
  if (!self->need_events)
    gst_pad_push_event (self->src, gst_event_new_eos ());
  g_mutex_unlock (&self->push_lock);
}

static gboolean
src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_LATENCY:
      gst_query_set_latency (query, TRUE, 0, GST_CLOCK_TIME_NONE);
      return TRUE;
    case GST_QUERY_SCHEDULING:
      gst_query_set_scheduling (query, GST_SCHEDULING_FLAG_SEQUENTIAL, 1, -1,
          0);
      gst_query_add_scheduling_mode (query, GST_PAD_MODE_PUSH);
      return TRUE;
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

static gboolean
src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  /* Nothing upstream of the network to act on. */
  gst_event_unref (event);
  return TRUE;
}

static GstStateChangeReturn
gst_secure_peer_net_src_change_state (GstElement * element,
    GstStateChange transition)
{
  GstSecurePeerNetSrc *self = GST_SECURE_PEER_NET_SRC (element);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    g_mutex_lock (&self->push_lock);
    self->need_events = TRUE;
    g_mutex_unlock (&self->push_lock);
  }
  ret = GST_ELEMENT_CLASS (gst_secure_peer_net_src_parent_class)->change_state
      (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;
  /* A live source: nothing to preroll. */
  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED
      || transition == GST_STATE_CHANGE_PLAYING_TO_PAUSED)
    ret = GST_STATE_CHANGE_NO_PREROLL;
  return ret;
}

GstElement *
gst_secure_peer_net_src_new (const gchar * name)
{
  return g_object_new (GST_TYPE_SECURE_PEER_NET_SRC, "name", name, NULL);
}

static void
gst_secure_peer_net_src_finalize (GObject * object)
{
  GstSecurePeerNetSrc *self = GST_SECURE_PEER_NET_SRC (object);

  g_mutex_clear (&self->push_lock);
  G_OBJECT_CLASS (gst_secure_peer_net_src_parent_class)->finalize (object);
}

static void
gst_secure_peer_net_src_class_init (GstSecurePeerNetSrcClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gst_secure_peer_net_src_finalize;
  element_class->change_state = gst_secure_peer_net_src_change_state;
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "securepeerbin network source", "Source/Network",
      "Datagrams received by the ICE transport, pushed from the ICE thread "
      "(internal to securepeerbin)", "gst-securertc developers");
  GST_DEBUG_CATEGORY_INIT (net_src_debug, "securepeernetsrc", 0,
      "securepeerbin network source");
}

static void
gst_secure_peer_net_src_init (GstSecurePeerNetSrc * self)
{
  g_mutex_init (&self->push_lock);
  self->src = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_use_fixed_caps (self->src);
  gst_pad_set_query_function (self->src, src_query);
  gst_pad_set_event_function (self->src, src_event);
  gst_element_add_pad (GST_ELEMENT (self), self->src);
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
}
