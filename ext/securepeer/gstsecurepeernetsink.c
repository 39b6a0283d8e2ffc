/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Internal to securepeerbin (not registered): the sink of datagrams to send
 * (after dtlskeyexchange). Each buffer is handed to the send function in the
 * streaming thread that pushed it, with no queue and no clock (what an
 * appsink with sync=false did, minus its sample and its locking). It posts
 * EOS on the bus when it receives EOS, like any sink. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsecurepeernetsink.h"

GST_DEBUG_CATEGORY_STATIC (net_sink_debug);
#define GST_CAT_DEFAULT net_sink_debug

struct _GstSecurePeerNetSink
{
  GstElement parent;
  GstPad *sink;
  GstSecurePeerNetSendFunc func;
  gpointer user_data;
};

G_DEFINE_TYPE (GstSecurePeerNetSink, gst_secure_peer_net_sink,
    GST_TYPE_ELEMENT);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static void
send_buffer (GstSecurePeerNetSink * self, GstBuffer * buf)
{
  GstMapInfo map;

  if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
    self->func (map.data, map.size, self->user_data);
    gst_buffer_unmap (buf, &map);
  }
}

static GstFlowReturn
sink_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstSecurePeerNetSink *self = GST_SECURE_PEER_NET_SINK (parent);

  send_buffer (self, buf);
  gst_buffer_unref (buf);
  return GST_FLOW_OK;
}

static GstFlowReturn
sink_chain_list (GstPad * pad, GstObject * parent, GstBufferList * list)
{
  GstSecurePeerNetSink *self = GST_SECURE_PEER_NET_SINK (parent);
  guint i, n = gst_buffer_list_length (list);

  for (i = 0; i < n; i++)
    send_buffer (self, gst_buffer_list_get (list, i));
  gst_buffer_list_unref (list);
  return GST_FLOW_OK;
}

static gboolean
sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstSecurePeerNetSink *self = GST_SECURE_PEER_NET_SINK (parent);

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS) {
    GstMessage *msg = gst_message_new_eos (GST_OBJECT (self));
    gst_message_set_seqnum (msg, gst_event_get_seqnum (event));
    gst_element_post_message (GST_ELEMENT (self), msg);
  }
  gst_event_unref (event);
  return TRUE;
}

GstElement *
gst_secure_peer_net_sink_new (const gchar * name,
    GstSecurePeerNetSendFunc func, gpointer user_data)
{
  GstSecurePeerNetSink *self = g_object_new (GST_TYPE_SECURE_PEER_NET_SINK,
      "name", name, NULL);

  self->func = func;
  self->user_data = user_data;
  return GST_ELEMENT (self);
}

static void
gst_secure_peer_net_sink_class_init (GstSecurePeerNetSinkClass * klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "securepeerbin network sink", "Sink/Network",
      "Hands datagrams to the ICE transport in the streaming thread "
      "(internal to securepeerbin)", "gst-securertc developers");
  GST_DEBUG_CATEGORY_INIT (net_sink_debug, "securepeernetsink", 0,
      "securepeerbin network sink");
}

static void
gst_secure_peer_net_sink_init (GstSecurePeerNetSink * self)
{
  self->sink = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sink, sink_chain);
  gst_pad_set_chain_list_function (self->sink, sink_chain_list);
  gst_pad_set_event_function (self->sink, sink_event);
  gst_element_add_pad (GST_ELEMENT (self), self->sink);
  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SINK);
}
