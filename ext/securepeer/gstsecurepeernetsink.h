/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_PEER_NET_SINK_H__
#define __GST_SECURE_PEER_NET_SINK_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SECURE_PEER_NET_SINK (gst_secure_peer_net_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstSecurePeerNetSink, gst_secure_peer_net_sink,
    GST, SECURE_PEER_NET_SINK, GstElement)

/* Called in the streaming thread with each datagram to send. */
typedef void (*GstSecurePeerNetSendFunc) (const guint8 * data, gsize len,
    gpointer user_data);

GstElement *gst_secure_peer_net_sink_new (const gchar * name,
    GstSecurePeerNetSendFunc func, gpointer user_data);

G_END_DECLS

#endif /* __GST_SECURE_PEER_NET_SINK_H__ */
