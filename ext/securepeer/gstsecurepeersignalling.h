/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_PEER_SIGNALLING_H__
#define __GST_SECURE_PEER_SIGNALLING_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstSecurePeerRole:
 * @GST_SECURE_PEER_ROLE_PRODUCER: registers as "producer" and offers to
 *   each consumer that starts a session (or answers its offer)
 * @GST_SECURE_PEER_ROLE_CONSUMER: starts a session with #GstSecurePeerBin:peer-id
 *   (or the first producer listed) and answers the producer's offer
 */
typedef enum
{
  GST_SECURE_PEER_ROLE_PRODUCER,
  GST_SECURE_PEER_ROLE_CONSUMER,
} GstSecurePeerRole;

typedef struct
{
  const gchar *uri;
  const gchar *ca_file;
  gboolean allow_insecure;
  GstSecurePeerRole role;
  const gchar *peer_id;
  const GstStructure *meta;
  GMainContext *context;        /* ICE thread to run on (NULL: any) */
} GstSecurePeerSignallingConfig;

typedef struct _GstSecurePeerSignalling GstSecurePeerSignalling;

/* Drives @bin's offer/answer action signals from the GStreamer WebRTC
 * signalling protocol (the signaller client, on the bin's ICE thread).
 * @on_peer_id is called (from that thread) with the id the server gave. */
GstSecurePeerSignalling *gst_secure_peer_signalling_start (GstElement * bin,
    const GstSecurePeerSignallingConfig * config,
    void (*on_peer_id) (GstElement * bin, const gchar * id), GError ** error);
void gst_secure_peer_signalling_stop (GstSecurePeerSignalling * sig);

G_END_DECLS

#endif /* __GST_SECURE_PEER_SIGNALLING_H__ */
