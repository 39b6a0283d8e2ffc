/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SRTP_FILTER_H__
#define __GST_SRTP_FILTER_H__

#include <gst/gst.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/srtp/gstsrtpengine.h>

G_BEGIN_DECLS

/* GstSrtpFilter: the abstract base of srtpencrypt and srtpdecrypt.
 *
 * Both are a one-in, one-out packet filter around a GstSecureRtcSrtpEngine:
 * same pads, properties, key handling, statistics and drop warnings. The
 * subclasses differ only in direction (protect/unprotect), caps names, the
 * direction the key event travels, and how they make room for the output. */
#define GST_TYPE_SRTP_FILTER (gst_srtp_filter_get_type ())
G_DECLARE_DERIVABLE_TYPE (GstSrtpFilter, gst_srtp_filter, GST, SRTP_FILTER,
    GstElement)

struct _GstSrtpFilterClass
{
  GstElementClass parent_class;

  /* set by subclasses in class_init */
  GstSecureRtcSrtpEngineMode mode;
  const gchar *sink_rtp_name;   /* "application/x-rtp" or "application/x-srtp" */
  const gchar *sink_rtcp_name;
  const gchar *src_rtp_name;
  const gchar *src_rtcp_name;
  /* the pad on which the key event arrives: GST_PAD_SINK (downstream event,
   * srtpdecrypt) or GST_PAD_SRC (upstream event, srtpencrypt) */
  GstPadDirection key_event_pad;

  /* Processes one buffer with the lock held; returns the buffer to push or
   * NULL when dropped (the input is consumed either way). */
  GstBuffer * (*process_locked) (GstSrtpFilter * self, GstBuffer * buffer,
      GstSecureRtcSrtpResult * result);
};

/* For subclasses (called with the object lock held). */
GstSecureRtcSrtpEngine *gst_srtp_filter_get_engine_locked (GstSrtpFilter * self);

G_END_DECLS

#endif /* __GST_SRTP_FILTER_H__ */
