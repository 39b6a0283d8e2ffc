/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_PEER_NET_SRC_H__
#define __GST_SECURE_PEER_NET_SRC_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SECURE_PEER_NET_SRC (gst_secure_peer_net_src_get_type ())
G_DECLARE_FINAL_TYPE (GstSecurePeerNetSrc, gst_secure_peer_net_src,
    GST, SECURE_PEER_NET_SRC, GstElement)

GstElement *gst_secure_peer_net_src_new (const gchar * name);
gboolean gst_secure_peer_net_src_push (GstSecurePeerNetSrc * self,
    const guint8 * data, gsize len);
void gst_secure_peer_net_src_push_eos (GstSecurePeerNetSrc * self);

G_END_DECLS

#endif /* __GST_SECURE_PEER_NET_SRC_H__ */
