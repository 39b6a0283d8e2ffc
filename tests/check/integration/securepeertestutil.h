/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Test helpers shared by the securepeerbin integration tests: a decoding
 * branch for received Opus, a bus handler counting errors, the
 * offer/answer action signals with their promise replies, and the one
 * GStreamer 1.22 rtpsession critical that a test may tolerate. */

#ifndef __SECURE_PEER_TEST_UTIL_H__
#define __SECURE_PEER_TEST_UTIL_H__

#include <gst/check/gstcheck.h>
#include <gst/webrtc/webrtc.h>

G_BEGIN_DECLS

void sp_test_link_opus_decoder (GstElement * pipe, GstPad * pad,
    gint * decoded);
GstBusSyncReply sp_test_bus_count_errors (GstBus * bus, GstMessage * msg,
    gpointer errors);
GError *sp_test_create_description (GstElement * bin, const gchar * signal,
    const gchar * field, GstWebRTCSessionDescription ** desc);
GError *sp_test_set_description (GstElement * bin, const gchar * signal,
    GstWebRTCSessionDescription * desc);
void sp_test_tolerate_rtpsession_race (TCase * tc);
void sp_test_play_until_caps (GstElement * pipe, GstElement * bin,
    guint n_sinks, gint64 wait_us);
GstStructure *sp_test_get_stats (GstElement * bin);

G_END_DECLS

#endif /* __SECURE_PEER_TEST_UTIL_H__ */
