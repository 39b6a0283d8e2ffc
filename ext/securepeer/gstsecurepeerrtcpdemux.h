/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_PEER_RTCP_DEMUX_H__
#define __GST_SECURE_PEER_RTCP_DEMUX_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_TYPE_SECURE_PEER_RTCP_DEMUX (gst_secure_peer_rtcp_demux_get_type ())
G_DECLARE_FINAL_TYPE (GstSecurePeerRtcpDemux, gst_secure_peer_rtcp_demux,
    GST, SECURE_PEER_RTCP_DEMUX, GstElement)

#define GST_TYPE_SECURE_PEER_RTCP_DEMUX_SRC (gst_secure_peer_rtcp_demux_src_get_type ())
G_DECLARE_FINAL_TYPE (GstSecurePeerRtcpDemuxSrc, gst_secure_peer_rtcp_demux_src,
    GST, SECURE_PEER_RTCP_DEMUX_SRC, GstElement)

GstElement *gst_secure_peer_rtcp_demux_new (GstElement ** src);

#define GST_TYPE_SECURE_PEER_RTCP_MUX (gst_secure_peer_rtcp_mux_get_type ())
G_DECLARE_FINAL_TYPE (GstSecurePeerRtcpMux, gst_secure_peer_rtcp_mux,
    GST, SECURE_PEER_RTCP_MUX, GstElement)

GstElement *gst_secure_peer_rtcp_mux_new (GstPad * target);

G_END_DECLS

#endif /* __GST_SECURE_PEER_RTCP_DEMUX_H__ */
