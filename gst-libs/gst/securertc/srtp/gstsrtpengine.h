/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SRTP_ENGINE_H__
#define __GST_SRTP_ENGINE_H__

#include <gst/gst.h>
#include "../gstsrtpkey.h"
#include "gstsrtpkernels.h"

G_BEGIN_DECLS

/**
 * GstSecureRtcSrtpResult:
 * @GST_SECURE_RTC_SRTP_RESULT_OK: protected / unprotected in place
 * @GST_SECURE_RTC_SRTP_RESULT_NO_KEY: no key yet: dropped
 * @GST_SECURE_RTC_SRTP_RESULT_INVALID: not an RTP/RTCP packet (version, header)
 * @GST_SECURE_RTC_SRTP_RESULT_TRUNCATED: shorter than its header plus tag
 * @GST_SECURE_RTC_SRTP_RESULT_AUTH: authentication failed (tampered, wrong key)
 * @GST_SECURE_RTC_SRTP_RESULT_REPLAY: replayed, too old for the replay
 *   window, or (when protecting) a sequence number sent twice
 * @GST_SECURE_RTC_SRTP_RESULT_ERROR: any other libsrtp failure
 *
 * The outcome of one packet. Every result except OK means "drop it"; the
 * engine counts each kind.
 */
typedef enum {
  GST_SECURE_RTC_SRTP_RESULT_OK = 0,
  GST_SECURE_RTC_SRTP_RESULT_NO_KEY,
  GST_SECURE_RTC_SRTP_RESULT_INVALID,
  GST_SECURE_RTC_SRTP_RESULT_TRUNCATED,
  GST_SECURE_RTC_SRTP_RESULT_AUTH,
  GST_SECURE_RTC_SRTP_RESULT_REPLAY,
  GST_SECURE_RTC_SRTP_RESULT_ERROR,
} GstSecureRtcSrtpResult;

#define GST_SECURE_RTC_SRTP_N_RESULTS (GST_SECURE_RTC_SRTP_RESULT_ERROR + 1)

/**
 * GstSecureRtcSrtpCounters:
 *
 * Running counters of an engine. `dropped[r]` counts packets whose result was
 * r (dropped[OK] is unused).
 */
typedef struct {
  guint64 rtp_packets;
  guint64 rtcp_packets;
  guint64 bytes_in;
  guint64 bytes_out;
  guint64 dropped[GST_SECURE_RTC_SRTP_N_RESULTS];
} GstSecureRtcSrtpCounters;

/**
 * GstSecureRtcSrtpEngine:
 *
 * One SRTP/SRTCP context (RFC 3711) for one direction, over libsrtp2: any
 * number of SSRCs, RTP and RTCP mixed (RFC 5761), ROC tracking across
 * sequence-number wrap, replay protection. It owns no lock, thread or pad;
 * the caller serialises calls. Contract: after set_key() succeeds, every
 * protect()/unprotect() returns a result and updates the counters; on any
 * result but OK the caller drops the packet (the engine has already wiped
 * unauthenticated plaintext where libsrtp produced some).
 */
typedef struct _GstSecureRtcSrtpEngine GstSecureRtcSrtpEngine;

typedef enum {
  GST_SECURE_RTC_SRTP_ENGINE_PROTECT,
  GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT,
} GstSecureRtcSrtpEngineMode;

#define GST_SECURE_RTC_SRTP_MIN_REPLAY_WINDOW 64
#define GST_SECURE_RTC_SRTP_MAX_REPLAY_WINDOW 0x7fff

void                    gst_secure_rtc_srtp_global_init (void);
GstSecureRtcSrtpKernels gst_secure_rtc_srtp_get_kernels (void);
const gchar *           gst_secure_rtc_srtp_kernels_get_name (GstSecureRtcSrtpKernels kernels);

GstSecureRtcSrtpEngine *gst_secure_rtc_srtp_engine_new (GstSecureRtcSrtpEngineMode mode);
void                    gst_secure_rtc_srtp_engine_free (GstSecureRtcSrtpEngine * engine);

gboolean                gst_secure_rtc_srtp_engine_set_key (GstSecureRtcSrtpEngine * engine,
                                                            GstSecureRtcSrtpKey * key,
                                                            guint replay_window,
                                                            GError ** error);
gboolean                gst_secure_rtc_srtp_engine_has_key (const GstSecureRtcSrtpEngine * engine);
guint                   gst_secure_rtc_srtp_engine_get_max_overhead (const GstSecureRtcSrtpEngine * engine);

GstSecureRtcSrtpResult  gst_secure_rtc_srtp_engine_protect (GstSecureRtcSrtpEngine * engine,
                                                            guint8 * data, gsize len,
                                                            gsize max_len, gsize * out_len,
                                                            gboolean * is_rtcp);
GstSecureRtcSrtpResult  gst_secure_rtc_srtp_engine_unprotect (GstSecureRtcSrtpEngine * engine,
                                                              guint8 * data, gsize len,
                                                              gsize * out_len,
                                                              gboolean * is_rtcp);

const GstSecureRtcSrtpCounters *gst_secure_rtc_srtp_engine_get_counters (const GstSecureRtcSrtpEngine * engine);
const gchar *           gst_secure_rtc_srtp_result_get_name (GstSecureRtcSrtpResult result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstSecureRtcSrtpEngine, gst_secure_rtc_srtp_engine_free)

G_END_DECLS

#endif /* __GST_SRTP_ENGINE_H__ */
