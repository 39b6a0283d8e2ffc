/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The consent engine: a small state machine with no I/O.
 *
 *            request()                answer(grant)
 *   IDLE ───────────────► PENDING ───────────────────► GRANTED_ONCE/ALWAYS
 *     │  (remembered)        │  │                              │
 *     └──────────────────────┼──┼──────► GRANTED_ALWAYS        │ revoke()
 *                            │  │                              ▼
 *          answer(deny) /    │  └─ deadline ─► TIMED_OUT     REVOKED
 *          revoke()          ▼
 *                          DENIED / REVOKED
 *
 * Every terminal state stays until reset(): a grant arriving after a denial
 * is refused, so a late or replayed answer can never open the device.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstconsentengine.h"

GST_DEBUG_CATEGORY_STATIC (consent_engine_debug);
#define GST_CAT_DEFAULT consent_engine_debug

#define MAX_OUTPUTS 8

struct _GstSecureRtcConsentEngine
{
  GObject parent;

  GstSecureRtcConsentState state;
  GstClockTime deadline;
  gchar *reason;

  /* FIFO of pending outputs; small and bounded: one input yields at most 2 */
  GstSecureRtcConsentOutput outputs[MAX_OUTPUTS];
  guint n_outputs;
};

G_DEFINE_TYPE_WITH_CODE (GstSecureRtcConsentEngine, gst_secure_rtc_consent_engine,
    G_TYPE_OBJECT, GST_DEBUG_CATEGORY_INIT (consent_engine_debug,
        "securertcconsentengine", 0, "gst-securertc consent engine"));

G_DEFINE_QUARK (gst-secure-rtc-consent-error-quark, gst_secure_rtc_consent_error);

static void
gst_secure_rtc_consent_engine_finalize (GObject * object)
{
  GstSecureRtcConsentEngine *self = GST_SECURE_RTC_CONSENT_ENGINE (object);

  g_free (self->reason);
  G_OBJECT_CLASS (gst_secure_rtc_consent_engine_parent_class)->finalize (object);
}

static void
gst_secure_rtc_consent_engine_class_init (GstSecureRtcConsentEngineClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = gst_secure_rtc_consent_engine_finalize;
}

static void
gst_secure_rtc_consent_engine_init (GstSecureRtcConsentEngine * self)
{
  self->state = GST_SECURE_RTC_CONSENT_STATE_IDLE;
  self->deadline = GST_CLOCK_TIME_NONE;
}

/**
 * gst_secure_rtc_consent_engine_new:
 *
 * Returns: (transfer full): a new engine in the idle state.
 */
GstSecureRtcConsentEngine *
gst_secure_rtc_consent_engine_new (void)
{
  return g_object_new (GST_SECURE_RTC_TYPE_CONSENT_ENGINE, NULL);
}

static void
push_output (GstSecureRtcConsentEngine * self, GstSecureRtcConsentOutput out)
{
  g_return_if_fail (self->n_outputs < MAX_OUTPUTS);
  self->outputs[self->n_outputs++] = out;
}

static void
set_state (GstSecureRtcConsentEngine * self, GstSecureRtcConsentState state,
    const gchar * reason)
{
  GST_INFO ("consent %s -> %s (%s)",
      gst_secure_rtc_consent_state_get_nick (self->state),
      gst_secure_rtc_consent_state_get_nick (state), GST_STR_NULL (reason));
  self->state = state;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  if (state != GST_SECURE_RTC_CONSENT_STATE_PENDING)
    self->deadline = GST_CLOCK_TIME_NONE;
}

/**
 * gst_secure_rtc_consent_engine_request:
 * @engine: the engine
 * @now: current monotonic time (ns)
 * @timeout: how long to wait for an answer (ns), or %GST_CLOCK_TIME_NONE for
 *   no limit
 * @remembered: whether a remembered "always" grant already covers this
 *   program and device (then nobody is asked)
 * @error: where to report a request made in the wrong state
 *
 * Opens the question. Outputs: ASK (pending), or OPEN_DEVICE (remembered).
 *
 * Returns: %TRUE if the request was accepted.
 */
gboolean
gst_secure_rtc_consent_engine_request (GstSecureRtcConsentEngine * self,
    GstClockTime now, GstClockTime timeout, gboolean remembered,
    GError ** error)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self), FALSE);

  if (self->state != GST_SECURE_RTC_CONSENT_STATE_IDLE) {
    g_set_error (error, GST_SECURE_RTC_CONSENT_ERROR,
        GST_SECURE_RTC_CONSENT_ERROR_BUSY,
        "consent was already requested (state %s)",
        gst_secure_rtc_consent_state_get_nick (self->state));
    return FALSE;
  }

  if (remembered) {
    set_state (self, GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS,
        "remembered grant");
    push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE);
    return TRUE;
  }

  set_state (self, GST_SECURE_RTC_CONSENT_STATE_PENDING, "asking");
  if (GST_CLOCK_TIME_IS_VALID (timeout) && GST_CLOCK_TIME_IS_VALID (now))
    self->deadline = now + timeout;
  push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  return TRUE;
}

/**
 * gst_secure_rtc_consent_engine_answer:
 * @engine: the engine
 * @now: current monotonic time (ns)
 * @granted: whether consent is given
 * @scope: for a grant, once or always
 * @reason: (nullable): who answered / why, for logs and messages
 * @error: where to report an answer that came too late or twice
 *
 * Answers the open question. Outputs: OPEN_DEVICE (+ REMEMBER for
 * "always"), or FAIL. An answer while nothing is pending — in particular a
 * grant after a denial or a timeout — is refused and changes nothing.
 *
 * Returns: %TRUE if the answer was taken.
 */
gboolean
gst_secure_rtc_consent_engine_answer (GstSecureRtcConsentEngine * self,
    GstClockTime now, gboolean granted, GstSecureRtcConsentScope scope,
    const gchar * reason, GError ** error)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self), FALSE);

  if (self->state != GST_SECURE_RTC_CONSENT_STATE_PENDING) {
    g_set_error (error, GST_SECURE_RTC_CONSENT_ERROR,
        GST_SECURE_RTC_CONSENT_ERROR_NOT_PENDING,
        "no consent question is open (state %s); the %s is ignored",
        gst_secure_rtc_consent_state_get_nick (self->state),
        granted ? "grant" : "denial");
    return FALSE;
  }

  if (!granted) {
    set_state (self, GST_SECURE_RTC_CONSENT_STATE_DENIED,
        reason ? reason : "denied");
    push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_FAIL);
    return TRUE;
  }

  if (scope == GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS) {
    set_state (self, GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS,
        reason ? reason : "granted always");
    push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_REMEMBER);
  } else {
    set_state (self, GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE,
        reason ? reason : "granted once");
  }
  push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE);
  return TRUE;
}

/**
 * gst_secure_rtc_consent_engine_revoke:
 * @engine: the engine
 * @now: current monotonic time (ns)
 * @reason: (nullable): who revoked
 *
 * Withdraws consent. From a granted state: CLOSE_DEVICE. While pending:
 * FAIL (the question is closed as refused). Otherwise nothing.
 *
 * Returns: %TRUE if the state changed.
 */
gboolean
gst_secure_rtc_consent_engine_revoke (GstSecureRtcConsentEngine * self,
    GstClockTime now, const gchar * reason)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self), FALSE);

  switch (self->state) {
    case GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE:
    case GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS:
      set_state (self, GST_SECURE_RTC_CONSENT_STATE_REVOKED,
          reason ? reason : "revoked");
      push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE);
      return TRUE;
    case GST_SECURE_RTC_CONSENT_STATE_PENDING:
      set_state (self, GST_SECURE_RTC_CONSENT_STATE_REVOKED,
          reason ? reason : "revoked");
      push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_FAIL);
      return TRUE;
    default:
      return FALSE;
  }
}

/**
 * gst_secure_rtc_consent_engine_handle_timeout:
 * @engine: the engine
 * @now: current monotonic time (ns)
 *
 * Call when get_deadline() has passed. An unanswered question becomes
 * TIMED_OUT and outputs FAIL: silence is never consent.
 */
void
gst_secure_rtc_consent_engine_handle_timeout (GstSecureRtcConsentEngine * self,
    GstClockTime now)
{
  g_return_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self));

  if (self->state != GST_SECURE_RTC_CONSENT_STATE_PENDING ||
      !GST_CLOCK_TIME_IS_VALID (self->deadline) || now < self->deadline)
    return;

  set_state (self, GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT,
      "nobody answered in time");
  push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_FAIL);
}

/**
 * gst_secure_rtc_consent_engine_reset:
 * @engine: the engine
 *
 * Back to idle (the element stopped). A granted device is closed first:
 * outputs CLOSE_DEVICE in that case. A "once" grant does not survive this.
 */
void
gst_secure_rtc_consent_engine_reset (GstSecureRtcConsentEngine * self)
{
  g_return_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self));

  self->n_outputs = 0;
  if (gst_secure_rtc_consent_state_is_granted (self->state))
    push_output (self, GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE);
  set_state (self, GST_SECURE_RTC_CONSENT_STATE_IDLE, NULL);
}

/**
 * gst_secure_rtc_consent_engine_get_deadline:
 * @engine: the engine
 *
 * Returns: when handle_timeout() must be called, or %GST_CLOCK_TIME_NONE.
 */
GstClockTime
gst_secure_rtc_consent_engine_get_deadline (GstSecureRtcConsentEngine * self)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self),
      GST_CLOCK_TIME_NONE);
  return self->deadline;
}

/**
 * gst_secure_rtc_consent_engine_poll_output:
 * @engine: the engine
 *
 * Returns: the next thing to do, or %GST_SECURE_RTC_CONSENT_OUTPUT_NONE.
 */
GstSecureRtcConsentOutput
gst_secure_rtc_consent_engine_poll_output (GstSecureRtcConsentEngine * self)
{
  GstSecureRtcConsentOutput out;

  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self),
      GST_SECURE_RTC_CONSENT_OUTPUT_NONE);

  if (self->n_outputs == 0)
    return GST_SECURE_RTC_CONSENT_OUTPUT_NONE;

  out = self->outputs[0];
  self->n_outputs--;
  memmove (&self->outputs[0], &self->outputs[1],
      self->n_outputs * sizeof (self->outputs[0]));
  return out;
}

GstSecureRtcConsentState
gst_secure_rtc_consent_engine_get_state (GstSecureRtcConsentEngine * self)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self),
      GST_SECURE_RTC_CONSENT_STATE_IDLE);
  return self->state;
}

/**
 * gst_secure_rtc_consent_engine_get_reason:
 * @engine: the engine
 *
 * Returns: (nullable): why the engine is in its current state.
 */
const gchar *
gst_secure_rtc_consent_engine_get_reason (GstSecureRtcConsentEngine * self)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_ENGINE (self), NULL);
  return self->reason;
}

gboolean
gst_secure_rtc_consent_state_is_granted (GstSecureRtcConsentState state)
{
  return state == GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE ||
      state == GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS;
}

const gchar *
gst_secure_rtc_consent_state_get_nick (GstSecureRtcConsentState state)
{
  switch (state) {
    case GST_SECURE_RTC_CONSENT_STATE_IDLE:
      return "idle";
    case GST_SECURE_RTC_CONSENT_STATE_PENDING:
      return "pending";
    case GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE:
      return "granted-once";
    case GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS:
      return "granted-always";
    case GST_SECURE_RTC_CONSENT_STATE_DENIED:
      return "denied";
    case GST_SECURE_RTC_CONSENT_STATE_REVOKED:
      return "revoked";
    case GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT:
      return "timed-out";
  }
  return "unknown";
}
