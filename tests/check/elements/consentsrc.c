/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * consentvideosrc / consentaudiosrc with the application and store
 * providers: the device (a recording test source) is never opened before a
 * grant, denials and timeouts fail without a buffer, revoke releases the
 * device at once with each on-revoke mode, and the store (and its tool)
 * decide and revoke remembered grants. Every wait is bounded.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/consent/gstconsentengine.h>
#include <gst/securertc/consent/gstconsentstore.h>

#include "consenttestutil.h"

#define WAIT_S 5
#define APP_NAME "consent-check"

enum
{ ON_REVOKE_EOS, ON_REVOKE_ERROR, ON_REVOKE_BLANK };

typedef struct
{
  gboolean video;
  GstElement *pipeline, *src, *device, *filter, *sink;
  GstBus *bus;

  GMutex lock;
  GCond cond;
  guint buffers;
  gboolean revoked;
  guint after_revoke;           /* buffers seen after revoke returned */
  guint device_after_revoke;    /* of which carried device content */
  gboolean monotonic;
  GstClockTime last_pts;
  guint blank;                  /* buffers with blank content */
  gboolean first_blank_discont;
  gboolean caps_changed_after_revoke;
  gboolean eos;
  guint in_use_notifies;
} Fixture;

/* ---- content classification ---- */

static gboolean
buffer_is_blank (Fixture * f, GstBuffer * buf)
{
  GstMapInfo map;
  gboolean blank = TRUE;
  gsize i, n;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return FALSE;
  if (f->video) {
    /* I420: black is Y=16; the device's SMPTE bars are not */
    n = MIN (map.size, 64 * 48);
    for (i = 0; i < n && blank; i++)
      blank = map.data[i] == 16;
  } else {
    for (i = 0; i < map.size && blank; i++)
      blank = map.data[i] == 0;
  }
  gst_buffer_unmap (buf, &map);
  return blank;
}

static GstPadProbeReturn
probe_cb (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Fixture *f = user_data;

  g_mutex_lock (&f->lock);
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER) {
    GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
    GstClockTime pts = GST_BUFFER_PTS (buf);

    f->buffers++;
    if (GST_CLOCK_TIME_IS_VALID (pts)) {
      if (GST_CLOCK_TIME_IS_VALID (f->last_pts) && pts <= f->last_pts)
        f->monotonic = FALSE;
      f->last_pts = pts;
    } else {
      f->monotonic = FALSE;
    }
    if (buffer_is_blank (f, buf)) {
      /* the blank stream may start before revoke() returned */
      if (++f->blank == 1)
        f->first_blank_discont = GST_BUFFER_IS_DISCONT (buf);
    } else if (f->revoked) {
      f->device_after_revoke++;
    }
    if (f->revoked)
      f->after_revoke++;
  } else if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM) {
    GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);
    if (GST_EVENT_TYPE (ev) == GST_EVENT_EOS)
      f->eos = TRUE;
    if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS && f->revoked)
      f->caps_changed_after_revoke = TRUE;
  }
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
  return GST_PAD_PROBE_OK;
}

static void
on_in_use (GObject * obj, GParamSpec * pspec, Fixture * f)
{
  g_mutex_lock (&f->lock);
  f->in_use_notifies++;
  g_mutex_unlock (&f->lock);
}

static Fixture *
fixture_new (gboolean video, const gchar * provider, gint on_revoke,
    gboolean fail_open)
{
  static const gchar *modes[] = { "eos", "error", "blank" };
  Fixture *f = g_new0 (Fixture, 1);
  GstCaps *caps;
  GstPad *pad;

  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
  f->video = video;
  f->monotonic = TRUE;
  f->last_pts = GST_CLOCK_TIME_NONE;

  f->pipeline = gst_pipeline_new (NULL);
  f->src = gst_element_factory_make (video ? "consentvideosrc" :
      "consentaudiosrc", NULL);
  fail_unless (f->src != NULL);
  f->device = consent_test_recording_src_new (video, fail_open);
  if (!video)
    g_object_set (f->device, "samplesperbuffer", 160, "freq", 440.0, NULL);
  g_object_set (f->src, "device-source", f->device, "application-name",
      APP_NAME, NULL);
  gst_util_set_object_arg (G_OBJECT (f->src), "consent-provider", provider);
  gst_util_set_object_arg (G_OBJECT (f->src), "on-revoke",
      modes[on_revoke]);
  f->filter = gst_element_factory_make ("capsfilter", NULL);
  caps = gst_caps_from_string (video ?
      "video/x-raw,format=I420,width=64,height=48,framerate=30/1" :
      "audio/x-raw,format=S16LE,rate=8000,channels=1,layout=interleaved");
  g_object_set (f->filter, "caps", caps, NULL);
  gst_caps_unref (caps);
  f->sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (f->sink, "sync", TRUE, NULL);
  gst_bin_add_many (GST_BIN (f->pipeline), f->src, f->filter, f->sink, NULL);
  fail_unless (gst_element_link_many (f->src, f->filter, f->sink, NULL));

  pad = gst_element_get_static_pad (f->src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, probe_cb, f, NULL);
  gst_object_unref (pad);
  g_signal_connect (f->src, "notify::in-use", G_CALLBACK (on_in_use), f);

  f->bus = gst_element_get_bus (f->pipeline);
  consent_test_recording_reset ();
  return f;
}

static void
fixture_free (Fixture * f)
{
  gst_element_set_state (f->pipeline, GST_STATE_NULL);
  gst_object_unref (f->bus);
  gst_object_unref (f->pipeline);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  g_free (f);
}

/* Waits (bounded) until @count buffers were seen (after the revoke when
 * @after_revoke). */
static gboolean
wait_buffers (Fixture * f, guint count, gboolean after_revoke, gdouble secs)
{
  gint64 end = g_get_monotonic_time () + (gint64) (secs * G_USEC_PER_SEC);
  gboolean ok;

  g_mutex_lock (&f->lock);
  while (!((after_revoke ? f->after_revoke : f->buffers) >= count))
    if (!g_cond_wait_until (&f->cond, &f->lock, end))
      break;
  ok = (after_revoke ? f->after_revoke : f->buffers) >= count;
  g_mutex_unlock (&f->lock);
  return ok;
}

static gboolean
wait_eos (Fixture * f, gdouble secs)
{
  gint64 end = g_get_monotonic_time () + (gint64) (secs * G_USEC_PER_SEC);
  gboolean ok;

  g_mutex_lock (&f->lock);
  while (!f->eos)
    if (!g_cond_wait_until (&f->cond, &f->lock, end))
      break;
  ok = f->eos;
  g_mutex_unlock (&f->lock);
  return ok;
}

/* Pops (bounded) the first error, or element message named @name. */
static GstMessage *
wait_message (Fixture * f, const gchar * name, GstMessageType type)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;

  for (;;) {
    gint64 left = end - g_get_monotonic_time ();
    GstMessage *msg;

    if (left <= 0)
      return NULL;
    msg = gst_bus_timed_pop_filtered (f->bus, left * GST_USECOND,
        type | GST_MESSAGE_ELEMENT);
    if (!msg)
      return NULL;
    if (GST_MESSAGE_TYPE (msg) == type && type != GST_MESSAGE_ELEMENT)
      return msg;
    if (name && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ELEMENT &&
        gst_message_has_name (msg, name))
      return msg;
    gst_message_unref (msg);
  }
}

static void
assert_not_authorized (GstMessage * msg)
{
  GError *err = NULL;
  gchar *dbg = NULL;

  fail_unless (msg != NULL, "no error message");
  fail_unless_equals_int (GST_MESSAGE_TYPE (msg), GST_MESSAGE_ERROR);
  gst_message_parse_error (msg, &err, &dbg);
  GST_INFO ("error: %s (%s)", err->message, dbg);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_AUTHORIZED), "wrong error: %s", err->message);
  fail_unless (err->message && strlen (err->message) > 10);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
}

static gboolean
get_in_use (Fixture * f)
{
  gboolean in_use;

  g_object_get (f->src, "in-use", &in_use, NULL);
  return in_use;
}

static GstSecureRtcConsentState
get_consent_state (Fixture * f)
{
  gint state;

  g_object_get (f->src, "consent-state", &state, NULL);
  return state;
}

static gchar *
store_path (void)
{
  return gst_secure_rtc_consent_store_get_default_path ();
}

static void
clear_store (void)
{
  gchar *p = store_path ();
  g_unlink (p);
  g_free (p);
}

static gboolean
grant (Fixture * f, GstSecureRtcConsentScope scope)
{
  gboolean ok = FALSE;
  g_signal_emit_by_name (f->src, "grant", scope, &ok);
  return ok;
}

static gboolean
deny (Fixture * f)
{
  gboolean ok = FALSE;
  g_signal_emit_by_name (f->src, "deny", &ok);
  return ok;
}

static gboolean
revoke (Fixture * f)
{
  gboolean ok = FALSE;
  g_signal_emit_by_name (f->src, "revoke", &ok);
  return ok;
}

/* Starts, checks the request and that nothing was opened yet. */
static void
start_and_expect_request (Fixture * f)
{
  GstMessage *msg;
  const GstStructure *s;

  fail_if (gst_element_set_state (f->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  msg = wait_message (f, "consent-request", GST_MESSAGE_ELEMENT);
  fail_unless (msg != NULL, "no consent-request message");
  s = gst_message_get_structure (msg);
  fail_unless_equals_string (gst_structure_get_string (s, "kind"),
      f->video ? "camera" : "microphone");
  fail_unless_equals_string (gst_structure_get_string (s, "application"),
      APP_NAME);
  fail_unless (gst_structure_get_string (s, "device") != NULL);
  gst_message_unref (msg);

  /* Asked, not answered: the device has not changed state at all, and
   * nothing comes out, even given time. */
  fail_if (wait_buffers (f, 1, FALSE, 0.3));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fail_unless_equals_int (GST_STATE (f->device), GST_STATE_NULL);
  fail_if (get_in_use (f));
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_PENDING);
}

static void
expect_in_use_message (Fixture * f, gboolean in_use)
{
  GstMessage *msg = wait_message (f, "consent-device", GST_MESSAGE_ELEMENT);
  gboolean v = !in_use;

  fail_unless (msg != NULL, "no consent-device message");
  fail_unless (gst_structure_get_boolean (gst_message_get_structure (msg),
          "in-use", &v));
  fail_unless_equals_int (v, in_use);
  gst_message_unref (msg);
}

/* ---- application provider ---- */

GST_START_TEST (test_grant_once)
{
  Fixture *f = fixture_new (__i__ == 0, "application", ON_REVOKE_EOS, FALSE);
  gchar *path;

  clear_store ();
  start_and_expect_request (f);
  fail_unless (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_unless (get_in_use (f));
  fail_unless (consent_test_recording_opened ());
  expect_in_use_message (f, TRUE);
  fail_unless (wait_buffers (f, 5, FALSE, WAIT_S));
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE);
  fail_unless (f->monotonic);

  /* once: nothing remembered */
  path = store_path ();
  fail_if (g_file_test (path, G_FILE_TEST_EXISTS));
  g_free (path);

  gst_element_set_state (f->pipeline, GST_STATE_NULL);
  fail_if (get_in_use (f));
  fail_unless_equals_int (GST_STATE (f->device), GST_STATE_NULL);
  fail_unless_equals_int (f->in_use_notifies, 2);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_grant_always_then_store)
{
  Fixture *f = fixture_new (__i__ == 0, "application", ON_REVOKE_EOS, FALSE);
  GstSecureRtcConsentStore *store;
  GstMessage *msg;

  clear_store ();
  start_and_expect_request (f);
  fail_unless (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS));
  fail_unless (wait_buffers (f, 3, FALSE, WAIT_S));
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS);
  fixture_free (f);

  store = gst_secure_rtc_consent_store_new (NULL);
  fail_unless (gst_secure_rtc_consent_store_load (store, NULL));
  fail_unless (gst_secure_rtc_consent_store_lookup (store, APP_NAME,
          __i__ == 0 ? "camera" : "microphone",
          __i__ == 0 ? "ConsentTestVideoSrc" : "ConsentTestAudioSrc"));
  g_object_unref (store);

  /* The remembered grant is reused: provider=store, nobody asked */
  f = fixture_new (__i__ == 0, "store", ON_REVOKE_EOS, FALSE);
  fail_if (gst_element_set_state (f->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless (wait_buffers (f, 3, FALSE, WAIT_S));
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS);
  /* no question was asked */
  while ((msg = gst_bus_pop_filtered (f->bus, GST_MESSAGE_ELEMENT))) {
    fail_if (gst_message_has_name (msg, "consent-request"));
    gst_message_unref (msg);
  }
  fixture_free (f);
  clear_store ();
}

GST_END_TEST;

GST_START_TEST (test_deny_then_grant_refused)
{
  Fixture *f = fixture_new (__i__ == 0, "application", ON_REVOKE_EOS, FALSE);

  start_and_expect_request (f);
  fail_unless (deny (f));
  assert_not_authorized (wait_message (f, NULL, GST_MESSAGE_ERROR));
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_DENIED);

  /* bad input: a grant after the denial is refused and opens nothing */
  fail_if (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_if (deny (f));
  fail_if (wait_buffers (f, 1, FALSE, 0.3));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fail_if (get_in_use (f));
  fixture_free (f);
}

GST_END_TEST;

static void
deny_in_handler (GstElement * src, const gchar * device, const gchar * kind,
    const gchar * app, gpointer data)
{
  gboolean ok = FALSE;
  g_signal_emit_by_name (src, "deny", &ok);
  fail_unless (ok);
}

GST_START_TEST (test_deny_at_once_fails_state_change)
{
  Fixture *f = fixture_new (__i__ == 0, "application", ON_REVOKE_EOS, FALSE);

  g_signal_connect (f->src, "consent-request", G_CALLBACK (deny_in_handler),
      NULL);
  fail_unless_equals_int (gst_element_set_state (f->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  assert_not_authorized (wait_message (f, NULL, GST_MESSAGE_ERROR));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fail_unless_equals_int (f->buffers, 0);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_timeout_denies)
{
  Fixture *f = fixture_new (__i__ == 0, "application", ON_REVOKE_EOS, FALSE);
  gint64 start;

  g_object_set (f->src, "consent-timeout", 400, NULL);
  start = g_get_monotonic_time ();
  start_and_expect_request (f);
  assert_not_authorized (wait_message (f, NULL, GST_MESSAGE_ERROR));
  fail_unless (g_get_monotonic_time () - start >= 390 * 1000);
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT);
  fail_if (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fail_unless_equals_int (f->buffers, 0);
  fixture_free (f);
}

GST_END_TEST;

/* _i: bit 0 = audio, bits 1.. = on-revoke mode */
GST_START_TEST (test_revoke_while_playing)
{
  gboolean video = (__i__ & 1) == 0;
  gint mode = __i__ >> 1;
  Fixture *f = fixture_new (video, "application", mode, FALSE);
  GstCaps *caps_before, *caps_after;
  GstPad *pad;
  GstClockTime last_device_pts;

  start_and_expect_request (f);
  fail_unless (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_unless (wait_buffers (f, 5, FALSE, WAIT_S));
  expect_in_use_message (f, TRUE);
  pad = gst_element_get_static_pad (f->src, "src");
  caps_before = gst_pad_get_current_caps (pad);

  fail_unless (revoke (f));
  /* Released before revoke returned */
  fail_unless_equals_int (GST_STATE (f->device), GST_STATE_NULL);
  fail_if (get_in_use (f));
  g_mutex_lock (&f->lock);
  f->revoked = TRUE;
  last_device_pts = f->last_pts;
  g_mutex_unlock (&f->lock);
  expect_in_use_message (f, FALSE);
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_REVOKED);
  fail_if (revoke (f));         /* nothing left to revoke */

  switch (mode) {
    case ON_REVOKE_EOS:
      fail_unless (wait_eos (f, WAIT_S));
      fail_if (wait_buffers (f, 1, TRUE, 0.3));
      break;
    case ON_REVOKE_ERROR:
      assert_not_authorized (wait_message (f, NULL, GST_MESSAGE_ERROR));
      fail_if (wait_buffers (f, 1, TRUE, 0.3));
      break;
    case ON_REVOKE_BLANK:
      fail_unless (wait_buffers (f, 10, TRUE, WAIT_S));
      g_mutex_lock (&f->lock);
      fail_unless (f->blank >= 10);
      g_mutex_unlock (&f->lock);
      caps_after = gst_pad_get_current_caps (pad);
      fail_unless (gst_caps_is_equal (caps_before, caps_after));
      gst_caps_unref (caps_after);
      g_mutex_lock (&f->lock);
      fail_if (f->caps_changed_after_revoke);
      fail_unless (f->first_blank_discont);
      fail_unless (f->monotonic, "timestamps went backwards");
      fail_unless (f->last_pts > last_device_pts);
      g_mutex_unlock (&f->lock);
      break;
  }
  g_mutex_lock (&f->lock);
  fail_unless_equals_int (f->device_after_revoke, 0);
  GST_INFO ("mode %d: %u buffers before revoke, %u after (0 from the device)",
      mode, f->buffers - f->after_revoke, f->after_revoke);
  g_mutex_unlock (&f->lock);

  gst_caps_unref (caps_before);
  gst_object_unref (pad);
  fixture_free (f);
}

GST_END_TEST;

static GstPadProbeReturn
revoke_from_probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Fixture *f = data;
  gboolean ok = FALSE;

  g_signal_emit_by_name (f->src, "revoke", &ok);
  fail_unless (ok);
  g_mutex_lock (&f->lock);
  f->revoked = TRUE;
  g_mutex_unlock (&f->lock);
  return GST_PAD_PROBE_REMOVE;
}

/* Regression: a revoke from the device's own streaming thread (a probe)
 * must not wait for that thread to stop, i.e. must not deadlock. */
GST_START_TEST (test_revoke_from_streaming_thread)
{
  Fixture *f = fixture_new (TRUE, "application", ON_REVOKE_EOS, FALSE);
  GstPad *pad;

  start_and_expect_request (f);
  fail_unless (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_unless (wait_buffers (f, 3, FALSE, WAIT_S));
  expect_in_use_message (f, TRUE);
  pad = gst_element_get_static_pad (f->src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, revoke_from_probe, f,
      NULL);
  gst_object_unref (pad);
  fail_unless (wait_eos (f, WAIT_S));
  expect_in_use_message (f, FALSE);
  fail_unless_equals_int (GST_STATE (f->device), GST_STATE_NULL);
  fail_if (wait_buffers (f, 2, TRUE, 0.3));
  g_mutex_lock (&f->lock);
  fail_unless_equals_int (f->device_after_revoke, 0);
  g_mutex_unlock (&f->lock);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_revoke_while_pending)
{
  Fixture *f = fixture_new (TRUE, "application", ON_REVOKE_EOS, FALSE);

  start_and_expect_request (f);
  fail_unless (revoke (f));
  assert_not_authorized (wait_message (f, NULL, GST_MESSAGE_ERROR));
  fail_if (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fixture_free (f);
}

GST_END_TEST;

/* ---- bad input ---- */

GST_START_TEST (test_device_fails_to_open)
{
  Fixture *f = fixture_new (__i__ == 0, "application", ON_REVOKE_EOS, TRUE);
  GstMessage *msg;
  GError *err = NULL;
  gboolean ours = FALSE;

  start_and_expect_request (f);
  fail_unless (grant (f, GST_SECURE_RTC_CONSENT_SCOPE_ONCE));
  fail_if (get_in_use (f));
  /* the device's own error, then ours naming the device */
  while ((msg = wait_message (f, NULL, GST_MESSAGE_ERROR))) {
    gst_message_parse_error (msg, &err, NULL);
    fail_unless (err->domain == GST_RESOURCE_ERROR);
    if (GST_MESSAGE_SRC (msg) == GST_OBJECT (f->src))
      ours = TRUE;
    g_clear_error (&err);
    gst_message_unref (msg);
    if (ours)
      break;
  }
  fail_unless (ours);
  fail_unless_equals_int (GST_STATE (f->device), GST_STATE_NULL);
  fail_unless_equals_int (f->buffers, 0);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_unknown_provider)
{
  GError *err = NULL;
  GstElement *p;

  p = gst_parse_launch_full ("consentvideosrc consent-provider=bogus ! fakesink",
      NULL, GST_PARSE_FLAG_FATAL_ERRORS, &err);
  fail_unless (err != NULL);
  GST_INFO ("parse error: %s", err->message);
  fail_unless (strstr (err->message, "consent-provider") != NULL);
  g_clear_error (&err);
  if (p)
    gst_object_unref (p);
}

GST_END_TEST;

GST_START_TEST (test_portal_has_no_microphone)
{
  Fixture *f = fixture_new (FALSE, "portal", ON_REVOKE_EOS, FALSE);
  GstMessage *msg;
  GError *err = NULL;

  fail_unless_equals_int (gst_element_set_state (f->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  msg = wait_message (f, NULL, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS));
  fail_unless (strstr (err->message, "microphone") != NULL);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fixture_free (f);
}

GST_END_TEST;

/* ---- store provider ---- */

GST_START_TEST (test_store_empty_denies_at_once)
{
  Fixture *f = fixture_new (TRUE, "store", ON_REVOKE_EOS, FALSE);

  clear_store ();
  fail_unless_equals_int (gst_element_set_state (f->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  assert_not_authorized (wait_message (f, NULL, GST_MESSAGE_ERROR));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fixture_free (f);
}

GST_END_TEST;

GST_START_TEST (test_store_corrupt)
{
  Fixture *f;
  gchar *path = store_path (), *dir = g_path_get_dirname (path);
  GstMessage *msg;
  gboolean warned = FALSE;
  GstSecureRtcConsentStore *store;
  GError *err = NULL;

  g_mkdir_with_parents (dir, 0700);
  /* a valid-looking grant inside an unparsable file must not count */
  fail_unless (g_file_set_contents (path,
          "[grant-0000000000000000]\nprogram=" APP_NAME
          "\nkind=camera\ndevice=ConsentTestVideoSrc\n\x01[[[ garbage\n=\n",
          -1, NULL));

  store = gst_secure_rtc_consent_store_new (NULL);
  fail_if (gst_secure_rtc_consent_store_load (store, &err));
  fail_unless (g_error_matches (err, GST_SECURE_RTC_CONSENT_ERROR,
          GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT));
  g_clear_error (&err);
  fail_if (gst_secure_rtc_consent_store_lookup (store, APP_NAME, "camera",
          "ConsentTestVideoSrc"));
  g_object_unref (store);

  f = fixture_new (TRUE, "store", ON_REVOKE_EOS, FALSE);
  fail_unless_equals_int (gst_element_set_state (f->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  while ((msg = gst_bus_pop_filtered (f->bus, GST_MESSAGE_WARNING |
              GST_MESSAGE_ERROR))) {
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      warned = TRUE;
      gst_message_unref (msg);
    } else {
      assert_not_authorized (msg);
      break;
    }
  }
  fail_unless (warned, "no warning about the corrupt store");
  fail_unless_equals_int (consent_test_recording_count (), 0);
  fixture_free (f);
  g_unlink (path);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_store_revoked_by_tool_while_running)
{
  Fixture *f;
  GstSecureRtcConsentStore *store;
  gchar *tool, *out = NULL, *errout = NULL;
  const gchar *root = g_getenv ("SECURERTC_BUILD_ROOT");
  gint status = -1;
  gchar *argv[4];

  fail_unless (root != NULL);
  tool = g_build_filename (root, "tools", "consent", "gst-securertc-consent",
      NULL);

  clear_store ();
  store = gst_secure_rtc_consent_store_new (NULL);
  fail_unless (gst_secure_rtc_consent_store_remember (store, APP_NAME,
          "camera", "ConsentTestVideoSrc", 1700000000, NULL));
  g_object_unref (store);

  f = fixture_new (TRUE, "store", ON_REVOKE_EOS, FALSE);
  fail_if (gst_element_set_state (f->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless (wait_buffers (f, 5, FALSE, WAIT_S));
  expect_in_use_message (f, TRUE);

  argv[0] = tool;
  argv[1] = (gchar *) "list";
  argv[2] = NULL;
  fail_unless (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
          &out, &errout, &status, NULL));
  fail_unless (g_spawn_check_wait_status (status, NULL));
  fail_unless (strstr (out, APP_NAME "\tcamera\tConsentTestVideoSrc") != NULL,
      "list output: %s", out);
  g_free (out);
  g_free (errout);

  argv[1] = (gchar *) "revoke";
  argv[2] = (gchar *) APP_NAME;
  argv[3] = NULL;
  fail_unless (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
          &out, &errout, &status, NULL));
  fail_unless (g_spawn_check_wait_status (status, NULL), "%s", errout);
  g_free (out);
  g_free (errout);

  /* the running element notices (file monitor) and releases the device */
  expect_in_use_message (f, FALSE);
  g_mutex_lock (&f->lock);
  f->revoked = TRUE;
  g_mutex_unlock (&f->lock);
  fail_unless_equals_int (GST_STATE (f->device), GST_STATE_NULL);
  fail_unless_equals_int (get_consent_state (f),
      GST_SECURE_RTC_CONSENT_STATE_REVOKED);
  fail_unless (wait_eos (f, WAIT_S));
  fail_if (wait_buffers (f, 1, TRUE, 0.3));
  fixture_free (f);
  g_free (tool);
  clear_store ();
}

GST_END_TEST;

static Suite *
consentsrc_suite (void)
{
  Suite *s = suite_create ("consentsrc");
  TCase *tc = tcase_create ("application");
  TCase *tb = tcase_create ("badinput");
  TCase *ts = tcase_create ("store");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_grant_once, 0, 2);
  tcase_add_loop_test (tc, test_grant_always_then_store, 0, 2);
  tcase_add_loop_test (tc, test_deny_then_grant_refused, 0, 2);
  tcase_add_loop_test (tc, test_deny_at_once_fails_state_change, 0, 2);
  tcase_add_loop_test (tc, test_timeout_denies, 0, 2);
  tcase_add_loop_test (tc, test_revoke_while_playing, 0, 6);
  tcase_add_test (tc, test_revoke_while_pending);
  tcase_add_test (tc, test_revoke_from_streaming_thread);

  suite_add_tcase (s, tb);
  tcase_add_loop_test (tb, test_device_fails_to_open, 0, 2);
  tcase_add_test (tb, test_unknown_provider);
  tcase_add_test (tb, test_portal_has_no_microphone);

  suite_add_tcase (s, ts);
  tcase_add_test (ts, test_store_empty_denies_at_once);
  tcase_add_test (ts, test_store_corrupt);
  tcase_add_test (ts, test_store_revoked_by_tool_while_running);
  return s;
}

int
main (int argc, char **argv)
{
  gchar *tmp = g_dir_make_tmp ("consent-check-XXXXXX", NULL);
  int ret;
  Suite *s;

  /* Never touch the real user's grants */
  g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  gst_check_init (&argc, &argv);
  s = consentsrc_suite ();
  ret = gst_check_run_suite (s, "consentsrc", __FILE__);
  {
    gchar *p = store_path (), *d = g_path_get_dirname (p);
    g_unlink (p);
    g_rmdir (d);
    g_rmdir (tmp);
    g_free (p);
    g_free (d);
  }
  g_free (tmp);
  return ret;
}
