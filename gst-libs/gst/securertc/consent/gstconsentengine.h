/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_RTC_CONSENT_ENGINE_H__
#define __GST_SECURE_RTC_CONSENT_ENGINE_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstSecureRtcConsentState:
 * @GST_SECURE_RTC_CONSENT_STATE_IDLE: nothing asked yet (element below PAUSED)
 * @GST_SECURE_RTC_CONSENT_STATE_PENDING: asked, waiting for an answer
 * @GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE: granted for this session only
 * @GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS: granted and remembered
 * @GST_SECURE_RTC_CONSENT_STATE_DENIED: denied (by the person, or because
 *   nobody could be asked)
 * @GST_SECURE_RTC_CONSENT_STATE_REVOKED: granted, then withdrawn
 * @GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT: nobody answered in time (a denial)
 *
 * Where a consent decision stands. Only the two granted states allow the
 * device to be open.
 */
typedef enum {
  GST_SECURE_RTC_CONSENT_STATE_IDLE,
  GST_SECURE_RTC_CONSENT_STATE_PENDING,
  GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE,
  GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS,
  GST_SECURE_RTC_CONSENT_STATE_DENIED,
  GST_SECURE_RTC_CONSENT_STATE_REVOKED,
  GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT,
} GstSecureRtcConsentState;

/**
 * GstSecureRtcConsentScope:
 * @GST_SECURE_RTC_CONSENT_SCOPE_ONCE: for this session only
 * @GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS: remembered for this program and device
 *
 * How long a grant lasts.
 */
typedef enum {
  GST_SECURE_RTC_CONSENT_SCOPE_ONCE,
  GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS,
} GstSecureRtcConsentScope;

/**
 * GstSecureRtcConsentOutput:
 * @GST_SECURE_RTC_CONSENT_OUTPUT_NONE: nothing (more) to do
 * @GST_SECURE_RTC_CONSENT_OUTPUT_ASK: ask the person (provider-specific)
 * @GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE: consent granted: the device may
 *   be opened now, and not before
 * @GST_SECURE_RTC_CONSENT_OUTPUT_REMEMBER: store the "always" grant
 * @GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE: consent withdrawn: release the
 *   device at once
 * @GST_SECURE_RTC_CONSENT_OUTPUT_FAIL: consent refused (denied, timed out, or
 *   withdrawn while pending): report it, never open the device
 *
 * What the engine asks its driver to do. See gst_secure_rtc_consent_engine_poll_output().
 */
typedef enum {
  GST_SECURE_RTC_CONSENT_OUTPUT_NONE,
  GST_SECURE_RTC_CONSENT_OUTPUT_ASK,
  GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE,
  GST_SECURE_RTC_CONSENT_OUTPUT_REMEMBER,
  GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE,
  GST_SECURE_RTC_CONSENT_OUTPUT_FAIL,
} GstSecureRtcConsentOutput;

/**
 * GST_SECURE_RTC_CONSENT_ERROR:
 *
 * Error domain of the consent engine and store.
 */
#define GST_SECURE_RTC_CONSENT_ERROR (gst_secure_rtc_consent_error_quark ())
GQuark gst_secure_rtc_consent_error_quark (void);

/**
 * GstSecureRtcConsentError:
 * @GST_SECURE_RTC_CONSENT_ERROR_NOT_PENDING: an answer arrived while no
 *   question was open (e.g. a grant after a denial)
 * @GST_SECURE_RTC_CONSENT_ERROR_BUSY: a request is already open or decided
 * @GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT: the grant store could not be
 *   parsed; it was treated as empty
 * @GST_SECURE_RTC_CONSENT_ERROR_STORE_IO: the grant store could not be written
 */
typedef enum {
  GST_SECURE_RTC_CONSENT_ERROR_NOT_PENDING,
  GST_SECURE_RTC_CONSENT_ERROR_BUSY,
  GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT,
  GST_SECURE_RTC_CONSENT_ERROR_STORE_IO,
} GstSecureRtcConsentError;

#define GST_SECURE_RTC_TYPE_CONSENT_ENGINE (gst_secure_rtc_consent_engine_get_type ())
G_DECLARE_FINAL_TYPE (GstSecureRtcConsentEngine, gst_secure_rtc_consent_engine,
    GST_SECURE_RTC, CONSENT_ENGINE, GObject)

/*
 * Contract (sans-IO, in the style of str0m's handle_input/poll_output):
 *
 * The engine owns no thread, clock, timer or file. The driver (an element)
 * feeds it inputs — request(), answer(), revoke(), handle_timeout(),
 * reset() — each with the current monotonic time in nanoseconds, then calls
 * poll_output() until it returns GST_SECURE_RTC_CONSENT_OUTPUT_NONE and acts
 * on each output in order. After every input it re-reads get_deadline() and
 * calls handle_timeout() when that time has come.
 *
 * The engine is not thread-safe: the driver serialises calls.
 */

GstSecureRtcConsentEngine * gst_secure_rtc_consent_engine_new (void);

gboolean gst_secure_rtc_consent_engine_request (GstSecureRtcConsentEngine * engine,
    GstClockTime now, GstClockTime timeout, gboolean remembered, GError ** error);

gboolean gst_secure_rtc_consent_engine_answer (GstSecureRtcConsentEngine * engine,
    GstClockTime now, gboolean granted, GstSecureRtcConsentScope scope,
    const gchar * reason, GError ** error);

gboolean gst_secure_rtc_consent_engine_revoke (GstSecureRtcConsentEngine * engine,
    GstClockTime now, const gchar * reason);

void     gst_secure_rtc_consent_engine_handle_timeout (GstSecureRtcConsentEngine * engine,
    GstClockTime now);

void     gst_secure_rtc_consent_engine_reset (GstSecureRtcConsentEngine * engine);

GstClockTime gst_secure_rtc_consent_engine_get_deadline (GstSecureRtcConsentEngine * engine);

GstSecureRtcConsentOutput gst_secure_rtc_consent_engine_poll_output (GstSecureRtcConsentEngine * engine);

GstSecureRtcConsentState gst_secure_rtc_consent_engine_get_state (GstSecureRtcConsentEngine * engine);

const gchar * gst_secure_rtc_consent_engine_get_reason (GstSecureRtcConsentEngine * engine);

gboolean gst_secure_rtc_consent_state_is_granted (GstSecureRtcConsentState state);

const gchar * gst_secure_rtc_consent_state_get_nick (GstSecureRtcConsentState state);

G_END_DECLS

#endif /* __GST_SECURE_RTC_CONSENT_ENGINE_H__ */
