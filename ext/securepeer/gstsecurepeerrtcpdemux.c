/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Internal to securepeerbin (not registered): splits one decrypted rtcp-mux
 * flow into RTP and RTCP for rtpbin, by the RTCP packet types 192-223 of
 * RFC 5761 §4. Anything that is neither is dropped.
 *
 * It is a pair of elements with no pad link between them: the sink half
 * (after srtpdecrypt) pushes, in the same thread, on the src pads of the
 * source half (linked to rtpbin). dtlskeyexchange carries both directions,
 * so linking straight into rtpbin would make a loop in the bin's element
 * graph (rtpbin -> srtpencrypt -> dtls -> srtpdecrypt -> rtpbin), which
 * GstBin cannot order for state changes.
 *
 * The sending side has the mirror image, GstSecurePeerRtcpMux: a sink whose
 * RTCP (from rtpbin's RTCP thread) goes straight into srtpencrypt's sink
 * pad, which rtpbin's RTP output is linked to. gst_pad_chain() takes that
 * pad's stream lock, so RTP and RTCP still enter srtpencrypt one at a time,
 * without a funnel (one pad hop less for every RTP packet sent). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/securertc/gstpacketclass.h>
#include "gstsecurepeerrtcpdemux.h"

GST_DEBUG_CATEGORY_STATIC (rtcp_demux_debug);
#define GST_CAT_DEFAULT rtcp_demux_debug

struct _GstSecurePeerRtcpDemux
{
  GstElement parent;
  GstPad *sink;
  GstSecurePeerRtcpDemuxSrc *src;       /* owned ref */
};

struct _GstSecurePeerRtcpDemuxSrc
{
  GstElement parent;
  GstPad *rtp_src, *rtcp_src;
  GstPad *upstream;             /* the demux sink pad, for queries (ref) */
};

struct _GstSecurePeerRtcpMux
{
  GstElement parent;
  GstPad *sink;
  GstPad *target;               /* srtpencrypt's sink pad (ref) */
};

G_DEFINE_TYPE (GstSecurePeerRtcpMux, gst_secure_peer_rtcp_mux,
    GST_TYPE_ELEMENT);
G_DEFINE_TYPE (GstSecurePeerRtcpDemux, gst_secure_peer_rtcp_demux,
    GST_TYPE_ELEMENT);
G_DEFINE_TYPE (GstSecurePeerRtcpDemuxSrc, gst_secure_peer_rtcp_demux_src,
    GST_TYPE_ELEMENT);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtp; application/x-rtcp"));
static GstStaticPadTemplate mux_sink_template =
GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtcp"));
static GstStaticPadTemplate rtp_src_template =
GST_STATIC_PAD_TEMPLATE ("rtp_src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtp"));
static GstStaticPadTemplate rtcp_src_template =
GST_STATIC_PAD_TEMPLATE ("rtcp_src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-rtcp"));

static GstFlowReturn
demux_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstSecurePeerRtcpDemux *self = GST_SECURE_PEER_RTCP_DEMUX (parent);
  GstMapInfo map;
  GstPad *out = NULL;
  GstFlowReturn ret;

  if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
    switch (gst_secure_rtc_packet_classify (map.data, map.size)) {
      case GST_SECURE_RTC_PACKET_RTP:
        out = self->src->rtp_src;
        break;
      case GST_SECURE_RTC_PACKET_RTCP:
        out = self->src->rtcp_src;
        break;
      default:
        break;
    }
    gst_buffer_unmap (buf, &map);
  }
  if (!out) {
    GST_LOG_OBJECT (self, "dropping a packet that is neither RTP nor RTCP");
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  ret = gst_pad_push (out, buf);
  /* One side not linked must not stop the other. */
  if (ret == GST_FLOW_NOT_LINKED)
    ret = GST_FLOW_OK;
  return ret;
}

static gboolean
demux_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstSecurePeerRtcpDemux *self = GST_SECURE_PEER_RTCP_DEMUX (parent);
  GstSecurePeerRtcpDemuxSrc *src = self->src;

  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    gst_event_unref (event);
    gst_pad_push_event (src->rtp_src,
        gst_event_new_caps (gst_static_pad_template_get_caps
            (&rtp_src_template)));
    gst_pad_push_event (src->rtcp_src,
        gst_event_new_caps (gst_static_pad_template_get_caps
            (&rtcp_src_template)));
    return TRUE;
  }
  if (GST_EVENT_TYPE (event) == GST_EVENT_STREAM_START) {
    /* Distinct stream ids per output. */
    const gchar *id;
    gchar *rid, *cid;
    gst_event_parse_stream_start (event, &id);
    rid = g_strdup_printf ("%s/rtp", id);
    cid = g_strdup_printf ("%s/rtcp", id);
    gst_pad_push_event (src->rtp_src, gst_event_new_stream_start (rid));
    gst_pad_push_event (src->rtcp_src, gst_event_new_stream_start (cid));
    g_free (rid);
    g_free (cid);
    gst_event_unref (event);
    return TRUE;
  }
  gst_pad_push_event (src->rtp_src, gst_event_ref (event));
  gst_pad_push_event (src->rtcp_src, event);
  return TRUE;
}

static gboolean
src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  GstSecurePeerRtcpDemuxSrc *self = GST_SECURE_PEER_RTCP_DEMUX_SRC (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_LATENCY:
      /* Live network input; our own latency is zero. */
      gst_query_set_latency (query, TRUE, 0, GST_CLOCK_TIME_NONE);
      return TRUE;
    case GST_QUERY_CAPS:
    case GST_QUERY_ACCEPT_CAPS:
      return gst_pad_query_default (pad, parent, query);
    default:
      return self->upstream ? gst_pad_peer_query (self->upstream, query) :
          FALSE;
  }
}

static gboolean
src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  /* Upstream events (QoS, reconfigure, key unit requests) have nothing to
   * act on before the network. */
  gst_event_unref (event);
  return TRUE;
}

GstElement *
gst_secure_peer_rtcp_demux_new (GstElement ** src)
{
  GstSecurePeerRtcpDemux *self = g_object_new (GST_TYPE_SECURE_PEER_RTCP_DEMUX,
      "name", "rtcpdemux", NULL);

  self->src = g_object_new (GST_TYPE_SECURE_PEER_RTCP_DEMUX_SRC, "name",
      "rtcpdemux_src", NULL);
  gst_object_ref_sink (self->src);
  self->src->upstream = gst_object_ref (self->sink);
  *src = GST_ELEMENT (self->src);
  return GST_ELEMENT (self);
}

static void
gst_secure_peer_rtcp_demux_dispose (GObject * object)
{
  GstSecurePeerRtcpDemux *self = GST_SECURE_PEER_RTCP_DEMUX (object);

  if (self->src) {
    gst_clear_object (&self->src->upstream);
    gst_clear_object (&self->src);
  }
  G_OBJECT_CLASS (gst_secure_peer_rtcp_demux_parent_class)->dispose (object);
}

static void
gst_secure_peer_rtcp_demux_class_init (GstSecurePeerRtcpDemuxClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gst_secure_peer_rtcp_demux_dispose;
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "securepeerbin RTP/RTCP splitter", "Demuxer/Network/RTP",
      "Splits rtcp-mux RTP and RTCP (internal to securepeerbin)",
      "gst-securertc developers");
  GST_DEBUG_CATEGORY_INIT (rtcp_demux_debug, "securepeerrtcpdemux", 0,
      "securepeerbin RTP/RTCP splitter");
}

static void
gst_secure_peer_rtcp_demux_init (GstSecurePeerRtcpDemux * self)
{
  self->sink = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sink, demux_chain);
  gst_pad_set_event_function (self->sink, demux_event);
  gst_element_add_pad (GST_ELEMENT (self), self->sink);
}

static void
gst_secure_peer_rtcp_demux_src_class_init (GstSecurePeerRtcpDemuxSrcClass *
    klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gst_element_class_add_static_pad_template (element_class,
      &rtp_src_template);
  gst_element_class_add_static_pad_template (element_class,
      &rtcp_src_template);
  gst_element_class_set_static_metadata (element_class,
      "securepeerbin RTP/RTCP splitter output", "Source/Network/RTP",
      "Output half of the RTP/RTCP splitter (internal to securepeerbin)",
      "gst-securertc developers");
}

static void
gst_secure_peer_rtcp_demux_src_init (GstSecurePeerRtcpDemuxSrc * self)
{
  self->rtp_src = gst_pad_new_from_static_template (&rtp_src_template,
      "rtp_src");
  gst_pad_use_fixed_caps (self->rtp_src);
  gst_pad_set_query_function (self->rtp_src, src_query);
  gst_pad_set_event_function (self->rtp_src, src_event);
  gst_element_add_pad (GST_ELEMENT (self), self->rtp_src);
  self->rtcp_src = gst_pad_new_from_static_template (&rtcp_src_template,
      "rtcp_src");
  gst_pad_use_fixed_caps (self->rtcp_src);
  gst_pad_set_query_function (self->rtcp_src, src_query);
  gst_pad_set_event_function (self->rtcp_src, src_event);
  gst_element_add_pad (GST_ELEMENT (self), self->rtcp_src);
}

/* ---- sending: RTCP into srtpencrypt beside the RTP ---- */

/* Under the target's stream lock (recursive, as gst_pad_chain() and
 * gst_pad_send_event() take it again): when no stream has reached the
 * target yet (a bin that only receives sends RTCP alone, or RTCP comes
 * first), our own stream-start, caps and segment go first. The RTP stream's
 * sticky events arrive one lock at a time, so the check and the chain must
 * be one step: checking on our stream-start instead let an RTCP packet in
 * between the RTP stream's caps and its segment ("data flow before segment
 * event", seen once in a 100-endpoint benchmark run). srtpencrypt tells RTP
 * from RTCP by packet type (RFC 5761), not by caps. */
static GstFlowReturn
mux_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstSecurePeerRtcpMux *self = GST_SECURE_PEER_RTCP_MUX (parent);
  static const GstEventType sticky[] = { GST_EVENT_STREAM_START,
    GST_EVENT_CAPS, GST_EVENT_SEGMENT
  };
  GstEvent *segment;
  GstFlowReturn ret;
  guint i;

  GST_PAD_STREAM_LOCK (self->target);
  segment = gst_pad_get_sticky_event (self->target, GST_EVENT_SEGMENT, 0);
  if (segment) {
    gst_event_unref (segment);
  } else {
    for (i = 0; i < G_N_ELEMENTS (sticky); i++) {
      GstEvent *ev = gst_pad_get_sticky_event (pad, sticky[i], 0);
      if (ev)
        gst_pad_send_event (self->target, ev);
    }
  }
  ret = gst_pad_chain (self->target, buf);
  GST_PAD_STREAM_UNLOCK (self->target);
  return ret;
}

/* stream-start, caps and segment stay on our pad (sticky) for mux_chain();
 * EOS, flushes and the rest belong to the RTP stream, which carries the
 * bin's own (close sends EOS to dtlskeyexchange directly). */
static gboolean
mux_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  gst_event_unref (event);
  return TRUE;
}

GstElement *
gst_secure_peer_rtcp_mux_new (GstPad * target)
{
  GstSecurePeerRtcpMux *self = g_object_new (GST_TYPE_SECURE_PEER_RTCP_MUX,
      "name", "rtcpmux", NULL);

  self->target = gst_object_ref (target);
  return GST_ELEMENT (self);
}

static void
gst_secure_peer_rtcp_mux_dispose (GObject * object)
{
  GstSecurePeerRtcpMux *self = GST_SECURE_PEER_RTCP_MUX (object);

  gst_clear_object (&self->target);
  G_OBJECT_CLASS (gst_secure_peer_rtcp_mux_parent_class)->dispose (object);
}

static void
gst_secure_peer_rtcp_mux_class_init (GstSecurePeerRtcpMuxClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gst_secure_peer_rtcp_mux_dispose;
  gst_element_class_add_static_pad_template (element_class,
      &mux_sink_template);
  gst_element_class_set_static_metadata (element_class,
      "securepeerbin RTCP muxer", "Muxer/Network/RTP",
      "Sends RTCP beside the RTP into srtpencrypt (internal to securepeerbin)",
      "gst-securertc developers");
}

static void
gst_secure_peer_rtcp_mux_init (GstSecurePeerRtcpMux * self)
{
  self->sink = gst_pad_new_from_static_template (&mux_sink_template, "sink");
  gst_pad_set_chain_function (self->sink, mux_chain);
  gst_pad_set_event_function (self->sink, mux_event);
  gst_element_add_pad (GST_ELEMENT (self), self->sink);
}
