/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * GstConsentSrc: the shared base of consentvideosrc and consentaudiosrc.
 *
 *  +------------------------------------------------------------------+
 *  | consentvideosrc / consentaudiosrc (GstBin)                        |
 *  |                                                                   |
 *  |  device-source ───────────────► device_sink ┐                     |
 *  |  (locked in NULL until granted)             ├─ consentswitch ─► src (ghost)
 *  |  blank source ─► capsfilter ──► blank_sink ┘                      |
 *  |  (only after a revoke with on-revoke=blank)                       |
 *  +------------------------------------------------------------------+
 *
 * The decision itself is made by the sans-IO GstSecureRtcConsentEngine
 * (gst-libs); this file is glue: it feeds the engine (request, answers,
 * revoke, timeouts) and acts on its outputs (ask, open, remember, close,
 * fail). The device source has its state locked and stays in NULL until the
 * engine says OPEN_DEVICE; it goes back to NULL, locked again, on
 * CLOSE_DEVICE, after the switch has closed the gate.
 *
 * Threads and locks:
 * - the object lock protects the fields below; nothing is pushed, posted,
 *   emitted or notified while it is held;
 * - device_lock (recursive) serialises consent decisions and the opening
 *   and closing of the device, so a grant and a revoke racing from two
 *   threads are acted on in the engine's order;
 * - an I/O thread with its own GMainContext runs the providers that wait
 *   (terminal, portal), the consent timeout and the store file monitor;
 *   it is started at NULL→READY and joined at READY→NULL.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <unistd.h>
#include <glib/gi18n-lib.h>

#include <gst/securertc/consent/gstconsentengine.h>
#include <gst/securertc/consent/gstconsentstore.h>
#include "gstsecurertc-enumtypes.h"

#include "gstconsentsrc.h"
#include "gstconsent-enumtypes.h"
#include "gstconsentswitch.h"
#include "gstconsentterminal.h"
#include "gstconsentportal.h"
#include "gstconsentstorewatch.h"

GST_DEBUG_CATEGORY_STATIC (consent_src_debug);
#define GST_CAT_DEFAULT consent_src_debug

#define DEFAULT_CONSENT_PROVIDER GST_CONSENT_PROVIDER_APPLICATION
#define DEFAULT_CONSENT_TIMEOUT  30000
#define DEFAULT_ON_REVOKE        GST_CONSENT_ON_REVOKE_BLANK
#define DEFAULT_APPLICATION_NAME NULL

enum
{
  PROP_0,
  PROP_DEVICE_SOURCE,
  PROP_CONSENT_PROVIDER,
  PROP_CONSENT_TIMEOUT,
  PROP_ON_REVOKE,
  PROP_APPLICATION_NAME,
  PROP_IN_USE,
  PROP_CONSENT_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CONSENT_REQUEST,
  SIGNAL_GRANT,
  SIGNAL_DENY,
  SIGNAL_REVOKE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GstElement *device;
  GstElement *sw;
  GstPad *srcpad;
  GstElement *blank;
  GstElement *blank_filter;

  GRecMutex device_lock;

  /* object lock */
  GstSecureRtcConsentEngine *engine;
  guint session;
  gboolean in_use;
  GstSecureRtcConsentState announced_state;
  GstConsentProvider provider;
  guint timeout_ms;
  GstConsentOnRevoke on_revoke;
  gchar *app_name;
  gchar *program;
  gchar *device_id;
  const gchar *fail_text;       /* translated, set with a provider failure */

  /* device_lock */
  GThread *starting_thread;
  gboolean start_failed;
  gboolean opening;

  /* I/O thread */
  GMainContext *io_ctx;
  GMainLoop *io_loop;
  GThread *io_thread;
  GSource *timeout_source;
  GstConsentTerminal *terminal;
  GstConsentPortal *portal;
  GstConsentStoreWatch *watch;
  gint portal_fd;               /* PipeWire remote from the portal, or -1 */
} GstConsentSrcPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (GstConsentSrc, gst_consent_src, GST_TYPE_BIN,
    G_ADD_PRIVATE (GstConsentSrc);
    GST_DEBUG_CATEGORY_INIT (consent_src_debug, "consentsrc", 0,
        "consent-gated capture sources"));

#define PRIV(self) ((GstConsentSrcPrivate *) gst_consent_src_get_instance_private (GST_CONSENT_SRC (self)))
#define KIND(self) (GST_CONSENT_SRC_GET_CLASS (self)->kind)

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static void process_outputs (GstConsentSrc * self);

static GstClockTime
now_ns (void)
{
  return (GstClockTime) g_get_monotonic_time () * GST_USECOND;
}

static const gchar *
kind_string (GstConsentSrc * self)
{
  return KIND (self) == GST_CONSENT_KIND_CAMERA ? "camera" : "microphone";
}

/* ---- provider callbacks carry a ticket: which element, which session ---- */

typedef struct
{
  GstConsentSrc *self;
  guint session;
} Ticket;

static Ticket *
ticket_new (GstConsentSrc * self)
{
  Ticket *t = g_new0 (Ticket, 1);

  t->self = gst_object_ref (self);
  GST_OBJECT_LOCK (self);
  t->session = PRIV (self)->session;
  GST_OBJECT_UNLOCK (self);
  return t;
}

static void
ticket_free (gpointer data)
{
  Ticket *t = data;

  gst_object_unref (t->self);
  g_free (t);
}

/* ---- messages and notifications (never with the object lock held) ---- */

static void
post_structure (GstConsentSrc * self, GstStructure * s)
{
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

static void
set_in_use (GstConsentSrc * self, gboolean in_use)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  gboolean changed;
  gchar *device, *program;

  GST_OBJECT_LOCK (self);
  changed = priv->in_use != in_use;
  priv->in_use = in_use;
  device = g_strdup (priv->device_id);
  program = g_strdup (priv->program);
  GST_OBJECT_UNLOCK (self);

  if (changed) {
    GST_INFO_OBJECT (self, "%s %s is %s", kind_string (self), device,
        in_use ? "in use" : "released");
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_USE]);
    post_structure (self, gst_structure_new (GST_CONSENT_SRC_MESSAGE_DEVICE,
            "in-use", G_TYPE_BOOLEAN, in_use,
            "device", G_TYPE_STRING, device,
            "kind", G_TYPE_STRING, kind_string (self),
            "application", G_TYPE_STRING, program, NULL));
  }
  g_free (device);
  g_free (program);
}

static void
announce_state (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstSecureRtcConsentState state;
  gchar *reason;
  gboolean changed;

  GST_OBJECT_LOCK (self);
  state = gst_secure_rtc_consent_engine_get_state (priv->engine);
  reason = g_strdup (gst_secure_rtc_consent_engine_get_reason (priv->engine));
  changed = state != priv->announced_state;
  priv->announced_state = state;
  GST_OBJECT_UNLOCK (self);

  if (changed) {
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONSENT_STATE]);
    post_structure (self, gst_structure_new (GST_CONSENT_SRC_MESSAGE_STATE,
            "state", G_TYPE_STRING,
            gst_secure_rtc_consent_state_get_nick (state),
            "reason", G_TYPE_STRING, reason ? reason : "", NULL));
  }
  g_free (reason);
}

/* ---- feeding the engine (device_lock held by the callers) ---- */

static gboolean
feed_answer (GstConsentSrc * self, guint session, gboolean check_session,
    gboolean granted, GstSecureRtcConsentScope scope, const gchar * reason,
    const gchar * fail_text)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GError *err = NULL;
  gboolean ok;

  GST_OBJECT_LOCK (self);
  if (check_session && session != priv->session) {
    GST_OBJECT_UNLOCK (self);
    GST_DEBUG_OBJECT (self, "ignoring an answer for an old request");
    return FALSE;
  }
  ok = gst_secure_rtc_consent_engine_answer (priv->engine, now_ns (), granted,
      scope, reason, &err);
  if (ok && !granted && fail_text)
    priv->fail_text = fail_text;
  GST_OBJECT_UNLOCK (self);

  if (!ok) {
    GST_WARNING_OBJECT (self, "%s", err->message);
    g_clear_error (&err);
    return FALSE;
  }
  process_outputs (self);
  return TRUE;
}

static void
on_provider_answer (gboolean granted, GstSecureRtcConsentScope scope,
    const gchar * reason, gpointer user_data)
{
  Ticket *t = user_data;
  GstConsentSrcPrivate *priv = PRIV (t->self);

  g_rec_mutex_lock (&priv->device_lock);
  feed_answer (t->self, t->session, TRUE, granted, scope, reason, NULL);
  g_rec_mutex_unlock (&priv->device_lock);
}

static gboolean
on_timeout (gpointer user_data)
{
  Ticket *t = user_data;
  GstConsentSrc *self = t->self;
  GstConsentSrcPrivate *priv = PRIV (self);

  g_rec_mutex_lock (&priv->device_lock);
  GST_OBJECT_LOCK (self);
  if (t->session == priv->session)
    gst_secure_rtc_consent_engine_handle_timeout (priv->engine, now_ns ());
  GST_OBJECT_UNLOCK (self);
  process_outputs (self);
  g_rec_mutex_unlock (&priv->device_lock);
  return G_SOURCE_REMOVE;
}

static void
rearm_timeout (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstClockTime deadline, now;
  GSource *old, *src = NULL;

  GST_OBJECT_LOCK (self);
  deadline = gst_secure_rtc_consent_engine_get_deadline (priv->engine);
  old = priv->timeout_source;
  priv->timeout_source = NULL;
  GST_OBJECT_UNLOCK (self);

  if (old) {
    g_source_destroy (old);
    g_source_unref (old);
  }
  if (!GST_CLOCK_TIME_IS_VALID (deadline) || !priv->io_ctx)
    return;

  now = now_ns ();
  src = g_timeout_source_new (deadline > now ?
      (guint) ((deadline - now + GST_MSECOND - 1) / GST_MSECOND) : 0);
  g_source_set_callback (src, on_timeout, ticket_new (self), ticket_free);
  g_source_attach (src, priv->io_ctx);
  GST_OBJECT_LOCK (self);
  priv->timeout_source = src;
  GST_OBJECT_UNLOCK (self);
}

/* ---- acting on the engine's outputs ---- */

static void
bring_up (GstConsentSrc * self, GstElement * element)
{
  GstClock *clock;

  /* An element joining a running bin needs the bin's clock and base time
   * to timestamp in the pipeline's running time. */
  GST_OBJECT_LOCK (self);
  clock = GST_ELEMENT_CLOCK (self) ? gst_object_ref (GST_ELEMENT_CLOCK (self))
      : NULL;
  GST_OBJECT_UNLOCK (self);
  if (clock) {
    gst_element_set_clock (element, clock);
    gst_object_unref (clock);
  }
  gst_element_set_base_time (element,
      gst_element_get_base_time (GST_ELEMENT (self)));
  gst_element_set_start_time (element,
      gst_element_get_start_time (GST_ELEMENT (self)));
}

static void
device_to_null_async (GstElement * element, gpointer data)
{
  gst_element_set_state (GST_ELEMENT (data), GST_STATE_NULL);
  set_in_use (GST_CONSENT_SRC (element), FALSE);
}

/* Returns FALSE when the device is stopped asynchronously (then in-use is
 * cleared once it is). */
static gboolean
device_to_null (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);

  /* Gate first: whatever the device still has in flight is dropped. */
  gst_consent_switch_set_branch (GST_CONSENT_SWITCH (priv->sw),
      GST_CONSENT_SWITCH_BRANCH_NONE);
  gst_element_set_locked_state (priv->device, TRUE);
  if (gst_consent_switch_in_device_thread (GST_CONSENT_SWITCH (priv->sw))) {
    /* Revoked from the device's own streaming thread (a pad probe, a
     * handler): stopping it here would wait for ourselves. The gate is
     * already closed, so no frame passes; the device stops right after
     * this thread returns. */
    GST_INFO_OBJECT (self, "revoked from the streaming thread: "
        "the device stops asynchronously");
    gst_element_call_async (GST_ELEMENT (self), device_to_null_async,
        gst_object_ref (priv->device), gst_object_unref);
    return FALSE;
  }
  /* Joins the device's streaming thread: after this no device frame can
   * be on its way. */
  gst_element_set_state (priv->device, GST_STATE_NULL);
  return TRUE;
}

static void
open_failed (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);

  device_to_null (self);
  if (KIND (self) == GST_CONSENT_KIND_CAMERA)
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        (_("Could not open the camera.")),
        ("device-source %s failed to start", GST_STR_NULL (priv->device_id)));
  else
    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ,
        (_("Could not open the microphone.")),
        ("device-source %s failed to start", GST_STR_NULL (priv->device_id)));
}

static void
on_store_changed (gpointer user_data)
{
  Ticket *t = user_data;
  GstConsentSrc *self = t->self;
  GstConsentSrcPrivate *priv = PRIV (self);
  GstSecureRtcConsentStore *store = gst_secure_rtc_consent_store_new (NULL);
  gchar *program, *device;
  gboolean still, revoked = FALSE;

  gst_secure_rtc_consent_store_load (store, NULL);
  GST_OBJECT_LOCK (self);
  program = g_strdup (priv->program);
  device = g_strdup (priv->device_id);
  GST_OBJECT_UNLOCK (self);
  still = program && device &&
      gst_secure_rtc_consent_store_lookup (store, program, kind_string (self),
      device);
  g_object_unref (store);
  g_free (program);
  g_free (device);
  if (still)
    return;

  g_rec_mutex_lock (&priv->device_lock);
  GST_OBJECT_LOCK (self);
  if (t->session == priv->session &&
      gst_secure_rtc_consent_engine_get_state (priv->engine) ==
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS)
    revoked = gst_secure_rtc_consent_engine_revoke (priv->engine, now_ns (),
        "the grant was removed from the consent store");
  GST_OBJECT_UNLOCK (self);
  if (revoked)
    process_outputs (self);
  g_rec_mutex_unlock (&priv->device_lock);
}

static void
set_portal_fd (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GParamSpec *pspec;
  GError *err = NULL;
  gint fd;

  /* pipewiresrc takes the portal's PipeWire remote as its "fd"; other
   * sources (v4l2src, test sources) open the device themselves. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (priv->device),
      "fd");
  if (!priv->portal || !pspec || pspec->value_type != G_TYPE_INT)
    return;
  fd = gst_consent_portal_open_pipewire_remote (priv->portal, &err);
  if (fd < 0) {
    GST_ELEMENT_WARNING (self, RESOURCE, OPEN_READ,
        (_("The camera portal did not provide access to PipeWire.")),
        ("OpenPipeWireRemote: %s", err->message));
    g_clear_error (&err);
    return;
  }
  /* pipewiresrc duplicates it; we own ours and close it on stop */
  g_object_set (priv->device, "fd", fd, NULL);
  if (priv->portal_fd >= 0)
    close (priv->portal_fd);
  priv->portal_fd = fd;
}

static void
do_open (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  gboolean always;
  gchar *path;

  set_portal_fd (self);
  gst_consent_switch_set_branch (GST_CONSENT_SWITCH (priv->sw),
      GST_CONSENT_SWITCH_BRANCH_DEVICE);
  gst_element_set_locked_state (priv->device, FALSE);

  if (priv->starting_thread == g_thread_self ()) {
    /* Granted during READY→PAUSED: the bin brings the device up with its
     * other children, right after this. */
    priv->opening = TRUE;
  } else {
    bring_up (self, priv->device);
    if (!gst_element_sync_state_with_parent (priv->device)) {
      open_failed (self);
      return;
    }
    set_in_use (self, TRUE);
    /* The pipeline's latency changed: a live source joined. */
    gst_element_post_message (GST_ELEMENT (self),
        gst_message_new_latency (GST_OBJECT (self)));
  }

  GST_OBJECT_LOCK (self);
  always = gst_secure_rtc_consent_engine_get_state (priv->engine) ==
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS && !priv->watch;
  GST_OBJECT_UNLOCK (self);
  if (always && priv->io_ctx) {
    path = gst_secure_rtc_consent_store_get_default_path ();
    priv->watch = gst_consent_store_watch_new (priv->io_ctx, path,
        on_store_changed, ticket_new (self), ticket_free);
    g_free (path);
  }
}

static void
do_remember (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstSecureRtcConsentStore *store = gst_secure_rtc_consent_store_new (NULL);
  GError *err = NULL;
  gchar *program, *device;

  GST_OBJECT_LOCK (self);
  program = g_strdup (priv->program);
  device = g_strdup (priv->device_id);
  GST_OBJECT_UNLOCK (self);

  if (!gst_secure_rtc_consent_store_remember (store, program,
          kind_string (self), device, g_get_real_time () / G_USEC_PER_SEC,
          &err)) {
    GST_ELEMENT_WARNING (self, RESOURCE, WRITE,
        (_("The permission could not be remembered; it applies this time only.")),
        ("%s", err->message));
    g_clear_error (&err);
  } else {
    GST_INFO_OBJECT (self, "remembered: %s may use %s %s", program,
        kind_string (self), device);
  }
  g_object_unref (store);
  g_free (program);
  g_free (device);
}

static void
start_blank (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstConsentSrcClass *klass = GST_CONSENT_SRC_GET_CLASS (self);
  GstCaps *caps;
  const gchar *raw = KIND (self) == GST_CONSENT_KIND_CAMERA ?
      "video/x-raw" : "audio/x-raw";

  caps = gst_consent_switch_get_device_caps (GST_CONSENT_SWITCH (priv->sw));
  if (caps && (gst_caps_is_empty (caps) || !gst_structure_has_name
          (gst_caps_get_structure (caps, 0), raw))) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        (_("Cannot replace this format with a blank stream; ending the stream instead.")),
        ("on-revoke=blank needs %s, the device produced %" GST_PTR_FORMAT, raw,
            caps));
    gst_caps_unref (caps);
    gst_consent_switch_push_eos (GST_CONSENT_SWITCH (priv->sw));
    return;
  }

  priv->blank = gst_element_factory_make (klass->blank_factory, "blanksrc");
  priv->blank_filter = gst_element_factory_make ("capsfilter", "blankcaps");
  if (!priv->blank || !priv->blank_filter) {
    gst_clear_object (&priv->blank);
    gst_clear_object (&priv->blank_filter);
    GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
        (_("Missing element '%s' for on-revoke=blank; check your GStreamer installation."),
            klass->blank_factory), (NULL));
    if (caps)
      gst_caps_unref (caps);
    return;
  }
  klass->configure_blank (self, priv->blank);
  if (caps) {
    g_object_set (priv->blank_filter, "caps", caps, NULL);
    gst_caps_unref (caps);
  }
  gst_object_ref (priv->blank);
  gst_object_ref (priv->blank_filter);
  gst_bin_add_many (GST_BIN (self), priv->blank, priv->blank_filter, NULL);
  if (!gst_element_link (priv->blank, priv->blank_filter) ||
      !gst_element_link_pads (priv->blank_filter, "src", priv->sw,
          "blank_sink")) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION,
        (_("Could not set up the blank stream after consent was revoked.")),
        ("linking %s failed", klass->blank_factory));
    return;
  }
  gst_consent_switch_set_branch (GST_CONSENT_SWITCH (priv->sw),
      GST_CONSENT_SWITCH_BRANCH_BLANK);
  bring_up (self, priv->blank_filter);
  bring_up (self, priv->blank);
  gst_element_sync_state_with_parent (priv->blank_filter);
  gst_element_sync_state_with_parent (priv->blank);
}

static void
remove_blank (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);

  if (priv->blank) {
    gst_element_set_state (priv->blank, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), priv->blank);
    gst_clear_object (&priv->blank);
  }
  if (priv->blank_filter) {
    gst_element_set_state (priv->blank_filter, GST_STATE_NULL);
    gst_bin_remove (GST_BIN (self), priv->blank_filter);
    gst_clear_object (&priv->blank_filter);
  }
}

static void
do_close (GstConsentSrc * self, gboolean revoked, const gchar * reason)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstConsentOnRevoke on_revoke;
  GstConsentStoreWatch *watch;

  if (device_to_null (self))
    set_in_use (self, FALSE);

  GST_OBJECT_LOCK (self);
  on_revoke = priv->on_revoke;
  watch = priv->watch;
  priv->watch = NULL;
  GST_OBJECT_UNLOCK (self);
  gst_consent_store_watch_free (watch);

  if (!revoked)
    return;

  GST_INFO_OBJECT (self, "consent revoked (%s), on-revoke %d", reason,
      on_revoke);
  switch (on_revoke) {
    case GST_CONSENT_ON_REVOKE_EOS:
      gst_consent_switch_push_eos (GST_CONSENT_SWITCH (priv->sw));
      break;
    case GST_CONSENT_ON_REVOKE_ERROR:
      if (KIND (self) == GST_CONSENT_KIND_CAMERA)
        GST_ELEMENT_ERROR (self, RESOURCE, NOT_AUTHORIZED,
            (_("Permission to use the camera was revoked.")), ("%s", reason));
      else
        GST_ELEMENT_ERROR (self, RESOURCE, NOT_AUTHORIZED,
            (_("Permission to use the microphone was revoked.")), ("%s",
                reason));
      break;
    case GST_CONSENT_ON_REVOKE_BLANK:
      start_blank (self);
      break;
  }
}

static void
do_fail (GstConsentSrc * self, GstSecureRtcConsentState state,
    const gchar * reason)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  const gchar *text;
  gboolean camera = KIND (self) == GST_CONSENT_KIND_CAMERA;

  GST_OBJECT_LOCK (self);
  text = priv->fail_text;
  GST_OBJECT_UNLOCK (self);

  if (!text) {
    if (state == GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT)
      text = camera ?
          _("Nobody answered the request to use the camera in time; access is denied.")
          : _("Nobody answered the request to use the microphone in time; access is denied.");
    else if (state == GST_SECURE_RTC_CONSENT_STATE_REVOKED)
      text = camera ?
          _("The request to use the camera was withdrawn; access is denied.") :
          _("The request to use the microphone was withdrawn; access is denied.");
    else
      text = camera ? _("Permission to use the camera was denied.") :
          _("Permission to use the microphone was denied.");
  }

  GST_ELEMENT_ERROR (self, RESOURCE, NOT_AUTHORIZED, ("%s", text),
      ("%s (consent %s)", GST_STR_NULL (reason),
          gst_secure_rtc_consent_state_get_nick (state)));
  if (priv->starting_thread == g_thread_self ())
    priv->start_failed = TRUE;
}

static void
do_ask (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstConsentProvider provider;
  gchar *program, *device;
  gboolean camera = KIND (self) == GST_CONSENT_KIND_CAMERA;
  guint session;
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  provider = priv->provider;
  program = g_strdup (priv->program);
  device = g_strdup (priv->device_id);
  session = priv->session;
  GST_OBJECT_UNLOCK (self);

  switch (provider) {
    case GST_CONSENT_PROVIDER_APPLICATION:{
      GEnumValue *ev = g_enum_get_value (g_type_class_peek
          (GST_TYPE_CONSENT_PROVIDER), provider);

      post_structure (self, gst_structure_new (GST_CONSENT_SRC_MESSAGE_REQUEST,
              "device", G_TYPE_STRING, device,
              "kind", G_TYPE_STRING, kind_string (self),
              "application", G_TYPE_STRING, program,
              "provider", G_TYPE_STRING, ev ? ev->value_nick : "", NULL));
      g_signal_emit (self, signals[SIGNAL_CONSENT_REQUEST], 0, device,
          kind_string (self), program);
      break;
    }
    case GST_CONSENT_PROVIDER_TERMINAL:{
      gchar *question = camera ?
          g_strdup_printf (_("Allow %s to use the camera %s? "
              "[y]es once / [a]lways / [N]o "), program, device) :
          g_strdup_printf (_("Allow %s to use the microphone %s? "
              "[y]es once / [a]lways / [N]o "), program, device);
      GstConsentTerminal *t = gst_consent_terminal_ask (priv->io_ctx, question,
          on_provider_answer, ticket_new (self), ticket_free, &err);

      g_free (question);
      if (!t) {
        feed_answer (self, session, TRUE, FALSE,
            GST_SECURE_RTC_CONSENT_SCOPE_ONCE, err->message, camera ?
            _("There is no terminal to ask for permission to use the camera, "
                "so access is denied. Run from a terminal or choose another "
                "consent-provider.") :
            _("There is no terminal to ask for permission to use the "
                "microphone, so access is denied. Run from a terminal or "
                "choose another consent-provider."));
        g_clear_error (&err);
        break;
      }
      GST_OBJECT_LOCK (self);
      priv->terminal = t;
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case GST_CONSENT_PROVIDER_PORTAL:{
      GstConsentPortal *p = gst_consent_portal_connect (&err);

      if (!p) {
        feed_answer (self, session, TRUE, FALSE,
            GST_SECURE_RTC_CONSENT_SCOPE_ONCE, err->message,
            _("The camera portal (xdg-desktop-portal) is not available, so "
                "access to the camera is denied."));
        g_clear_error (&err);
        break;
      }
      GST_OBJECT_LOCK (self);
      priv->portal = p;
      GST_OBJECT_UNLOCK (self);
      gst_consent_portal_ask (p, priv->io_ctx, on_provider_answer,
          ticket_new (self), ticket_free);
      break;
    }
    case GST_CONSENT_PROVIDER_STORE:{
      gchar *reason = g_strdup_printf ("no remembered grant for %s to use %s",
          program, device);
      feed_answer (self, session, TRUE, FALSE,
          GST_SECURE_RTC_CONSENT_SCOPE_ONCE, reason, camera ?
          _("No remembered permission allows this program to use the camera. "
              "Grant it once with consent-provider=terminal and answer "
              "\"always\".") :
          _("No remembered permission allows this program to use the "
              "microphone. Grant it once with consent-provider=terminal and "
              "answer \"always\"."));
      g_free (reason);
      break;
    }
  }
  g_free (program);
  g_free (device);
}

/* Acts on everything the engine asked for, in order. device_lock held. */
static void
process_outputs (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);

  for (;;) {
    GstSecureRtcConsentOutput out;
    GstSecureRtcConsentState state;
    gchar *reason;

    GST_OBJECT_LOCK (self);
    out = gst_secure_rtc_consent_engine_poll_output (priv->engine);
    state = gst_secure_rtc_consent_engine_get_state (priv->engine);
    reason = g_strdup (gst_secure_rtc_consent_engine_get_reason (priv->engine));
    GST_OBJECT_UNLOCK (self);

    if (out == GST_SECURE_RTC_CONSENT_OUTPUT_NONE) {
      g_free (reason);
      break;
    }
    announce_state (self);

    switch (out) {
      case GST_SECURE_RTC_CONSENT_OUTPUT_ASK:
        do_ask (self);
        break;
      case GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE:
        do_open (self);
        break;
      case GST_SECURE_RTC_CONSENT_OUTPUT_REMEMBER:
        do_remember (self);
        break;
      case GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE:
        do_close (self, state == GST_SECURE_RTC_CONSENT_STATE_REVOKED, reason);
        break;
      case GST_SECURE_RTC_CONSENT_OUTPUT_FAIL:
        do_fail (self, state, reason);
        break;
      case GST_SECURE_RTC_CONSENT_OUTPUT_NONE:
        break;
    }
    g_free (reason);
  }
  announce_state (self);
  rearm_timeout (self);
}

/* ---- action signals ---- */

static gboolean
gst_consent_src_grant (GstConsentSrc * self, GstSecureRtcConsentScope scope)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  gboolean ok;

  g_rec_mutex_lock (&priv->device_lock);
  ok = feed_answer (self, 0, FALSE, TRUE, scope,
      scope == GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS ?
      "granted always by the application" : "granted once by the application",
      NULL);
  g_rec_mutex_unlock (&priv->device_lock);
  return ok;
}

static gboolean
gst_consent_src_deny (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  gboolean ok;

  g_rec_mutex_lock (&priv->device_lock);
  ok = feed_answer (self, 0, FALSE, FALSE, GST_SECURE_RTC_CONSENT_SCOPE_ONCE,
      "denied by the application", NULL);
  g_rec_mutex_unlock (&priv->device_lock);
  return ok;
}

static gboolean
gst_consent_src_revoke (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  gboolean ok;

  g_rec_mutex_lock (&priv->device_lock);
  GST_OBJECT_LOCK (self);
  ok = gst_secure_rtc_consent_engine_revoke (priv->engine, now_ns (),
      "revoked by the application");
  GST_OBJECT_UNLOCK (self);
  if (ok)
    process_outputs (self);
  g_rec_mutex_unlock (&priv->device_lock);
  return ok;
}

/* ---- the device source ---- */

static void
set_device (GstConsentSrc * self, GstElement * device)
{
  GstConsentSrcPrivate *priv = PRIV (self);

  if (priv->device) {
    gst_element_set_locked_state (priv->device, FALSE);
    gst_bin_remove (GST_BIN (self), priv->device);
    gst_clear_object (&priv->device);
  }
  if (!device)
    return;

  /* Never follows the bin's state on its own: only a grant unlocks it. */
  gst_element_set_locked_state (device, TRUE);
  if (!gst_bin_add (GST_BIN (self), device)) {
    GST_WARNING_OBJECT (self, "could not add %" GST_PTR_FORMAT, device);
    return;
  }
  priv->device = gst_object_ref (device);
  if (!gst_element_link_pads (device, NULL, priv->sw, "device_sink"))
    GST_WARNING_OBJECT (self, "%" GST_PTR_FORMAT " has no usable src pad",
        device);
}

static gchar *
describe_device (GstElement * device)
{
  GParamSpec *pspec;
  GstElementFactory *f;
  gchar *name = NULL;

  /* A real capture source names its device (v4l2src, alsasrc, pulsesrc…) */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (device), "device");
  if (pspec && pspec->value_type == G_TYPE_STRING)
    g_object_get (device, "device", &name, NULL);
  if (name && *name)
    return name;
  g_free (name);
  f = gst_element_get_factory (device);
  return g_strdup (f ? GST_OBJECT_NAME (f) : G_OBJECT_TYPE_NAME (device));
}

/* ---- I/O thread ---- */

static gpointer
io_thread_func (gpointer data)
{
  GstConsentSrcPrivate *priv = data;

  g_main_context_push_thread_default (priv->io_ctx);
  g_main_loop_run (priv->io_loop);
  g_main_context_pop_thread_default (priv->io_ctx);
  return NULL;
}

static void
io_start (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);

  priv->io_ctx = g_main_context_new ();
  priv->io_loop = g_main_loop_new (priv->io_ctx, FALSE);
  priv->io_thread = g_thread_new ("consent-io", io_thread_func, priv);
}

static gboolean
io_quit (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
io_stop (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GSource *idle;
  guint i;

  if (!priv->io_thread)
    return;
  /* Quit from inside the loop (a quit before it runs would be lost). */
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_LOW);
  g_source_set_callback (idle, io_quit, priv->io_loop, NULL);
  g_source_attach (idle, priv->io_ctx);
  g_source_unref (idle);
  g_thread_join (priv->io_thread);
  priv->io_thread = NULL;

  /* Run what was queued behind the quit (provider clean-ups), here;
   * bounded, clean-ups do not queue more than a few sources. */
  g_main_context_push_thread_default (priv->io_ctx);
  for (i = 0; i < 1000 && g_main_context_iteration (priv->io_ctx, FALSE); i++);
  g_main_context_pop_thread_default (priv->io_ctx);

  g_main_loop_unref (priv->io_loop);
  priv->io_loop = NULL;
  g_main_context_unref (priv->io_ctx);
  priv->io_ctx = NULL;
}

/* ---- state changes ---- */

static gboolean
prepare (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstConsentSrcClass *klass = GST_CONSENT_SRC_GET_CLASS (self);
  GstConsentProvider provider;
  GstConsentOnRevoke on_revoke;

  GST_OBJECT_LOCK (self);
  provider = priv->provider;
  on_revoke = priv->on_revoke;
  GST_OBJECT_UNLOCK (self);

  if (provider == GST_CONSENT_PROVIDER_PORTAL &&
      KIND (self) == GST_CONSENT_KIND_MICROPHONE) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Desktops have no portal for microphones; choose another "
                "consent-provider (application, terminal or store).")),
        ("consent-provider=portal on %s", G_OBJECT_TYPE_NAME (self)));
    return FALSE;
  }

  if (!priv->device) {
    GstElement *dev = gst_element_factory_make (klass->default_device_factory,
        NULL);
    if (!dev) {
      GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
          (_("Missing element '%s'; check your GStreamer installation, or "
                  "set device-source."), klass->default_device_factory),
          (NULL));
      return FALSE;
    }
    set_device (self, dev);
  }
  if (!priv->device) {
    GST_ELEMENT_ERROR (self, CORE, FAILED,
        (_("The device source could not be used.")), (NULL));
    return FALSE;
  }

  if (on_revoke == GST_CONSENT_ON_REVOKE_BLANK) {
    GstElementFactory *f = gst_element_factory_find (klass->blank_factory);
    if (!f) {
      GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
          (_("Missing element '%s' for on-revoke=blank; check your GStreamer "
                  "installation."), klass->blank_factory), (NULL));
      return FALSE;
    }
    gst_object_unref (f);
  }

  io_start (self);
  return TRUE;
}

static void
consent_start (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstSecureRtcConsentStore *store;
  GError *err = NULL;
  gchar *program, *device;
  gboolean remembered;
  guint timeout_ms;

  program = g_strdup (priv->app_name ? priv->app_name :
      g_get_application_name ());
  if (!program)
    program = g_strdup ("unknown program");
  device = describe_device (priv->device);

  store = gst_secure_rtc_consent_store_new (NULL);
  if (!gst_secure_rtc_consent_store_load (store, &err)) {
    GST_ELEMENT_WARNING (self, RESOURCE, READ,
        (_("The remembered permissions could not be read and were ignored.")),
        ("%s", err->message));
    g_clear_error (&err);
  }
  remembered = gst_secure_rtc_consent_store_lookup (store, program,
      kind_string (self), device);
  g_object_unref (store);

  GST_OBJECT_LOCK (self);
  priv->session++;
  g_free (priv->program);
  priv->program = program;
  g_free (priv->device_id);
  priv->device_id = device;
  priv->fail_text = NULL;
  timeout_ms = priv->timeout_ms;
  gst_secure_rtc_consent_engine_request (priv->engine, now_ns (),
      timeout_ms ? timeout_ms * GST_MSECOND : GST_CLOCK_TIME_NONE, remembered,
      NULL);
  GST_OBJECT_UNLOCK (self);

  GST_INFO_OBJECT (self, "asking whether %s may use %s %s (remembered: %d)",
      program, kind_string (self), device, remembered);
  process_outputs (self);
}

static void
consent_stop (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstConsentTerminal *term;
  GstConsentPortal *portal;
  GstConsentStoreWatch *watch;
  GSource *timeout;

  GST_OBJECT_LOCK (self);
  priv->session++;
  gst_secure_rtc_consent_engine_reset (priv->engine);
  term = priv->terminal;
  priv->terminal = NULL;
  portal = priv->portal;
  priv->portal = NULL;
  watch = priv->watch;
  priv->watch = NULL;
  timeout = priv->timeout_source;
  priv->timeout_source = NULL;
  GST_OBJECT_UNLOCK (self);

  gst_consent_terminal_cancel (term);
  gst_consent_portal_cancel (portal);
  gst_consent_store_watch_free (watch);
  if (timeout) {
    g_source_destroy (timeout);
    g_source_unref (timeout);
  }

  /* CLOSE_DEVICE if it was open (no on-revoke: this is a normal stop). */
  process_outputs (self);
  if (priv->device && GST_STATE (priv->device) != GST_STATE_NULL)
    device_to_null (self);
  set_in_use (self, FALSE);
  remove_blank (self);
  gst_consent_switch_reset (GST_CONSENT_SWITCH (priv->sw));
  if (priv->portal_fd >= 0) {
    close (priv->portal_fd);
    priv->portal_fd = -1;
  }
}

static GstStateChangeReturn
gst_consent_src_change_state (GstElement * element, GstStateChange transition)
{
  GstConsentSrc *self = GST_CONSENT_SRC (element);
  GstConsentSrcPrivate *priv = PRIV (self);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (!prepare (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      g_rec_mutex_lock (&priv->device_lock);
      priv->starting_thread = g_thread_self ();
      priv->start_failed = FALSE;
      priv->opening = FALSE;
      consent_start (self);
      priv->starting_thread = NULL;
      if (priv->start_failed) {
        /* A denial known at once fails the state change itself, so that
         * gst-launch-1.0 exits instead of waiting for a message. */
        g_rec_mutex_unlock (&priv->device_lock);
        return GST_STATE_CHANGE_FAILURE;
      }
      ret = GST_ELEMENT_CLASS (gst_consent_src_parent_class)->change_state
          (element, transition);
      if (priv->opening) {
        priv->opening = FALSE;
        if (ret == GST_STATE_CHANGE_FAILURE)
          open_failed (self);
        else
          set_in_use (self, TRUE);
      }
      g_rec_mutex_unlock (&priv->device_lock);
      if (ret == GST_STATE_CHANGE_SUCCESS)
        ret = GST_STATE_CHANGE_NO_PREROLL;
      return ret;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      g_rec_mutex_lock (&priv->device_lock);
      consent_stop (self);
      g_rec_mutex_unlock (&priv->device_lock);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (gst_consent_src_parent_class)->change_state
      (element, transition);

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_NULL:
      io_stop (self);
      break;
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (ret == GST_STATE_CHANGE_FAILURE)
        io_stop (self);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      if (ret == GST_STATE_CHANGE_SUCCESS)
        ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    default:
      break;
  }
  return ret;
}

/* ---- GObject ---- */

static void
gst_consent_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstConsentSrc *self = GST_CONSENT_SRC (object);
  GstConsentSrcPrivate *priv = PRIV (self);

  switch (prop_id) {
    case PROP_DEVICE_SOURCE:
      if (GST_STATE (self) > GST_STATE_READY) {
        g_warning ("%s: device-source can only be changed in NULL or READY",
            GST_OBJECT_NAME (self));
        break;
      }
      set_device (self, g_value_get_object (value));
      break;
    case PROP_CONSENT_PROVIDER:
      GST_OBJECT_LOCK (self);
      priv->provider = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CONSENT_TIMEOUT:
      GST_OBJECT_LOCK (self);
      priv->timeout_ms = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ON_REVOKE:
      GST_OBJECT_LOCK (self);
      priv->on_revoke = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_APPLICATION_NAME:
      GST_OBJECT_LOCK (self);
      g_free (priv->app_name);
      priv->app_name = g_value_dup_string (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_consent_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstConsentSrc *self = GST_CONSENT_SRC (object);
  GstConsentSrcPrivate *priv = PRIV (self);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DEVICE_SOURCE:
      g_value_set_object (value, priv->device);
      break;
    case PROP_CONSENT_PROVIDER:
      g_value_set_enum (value, priv->provider);
      break;
    case PROP_CONSENT_TIMEOUT:
      g_value_set_uint (value, priv->timeout_ms);
      break;
    case PROP_ON_REVOKE:
      g_value_set_enum (value, priv->on_revoke);
      break;
    case PROP_APPLICATION_NAME:
      g_value_set_string (value, priv->app_name);
      break;
    case PROP_IN_USE:
      g_value_set_boolean (value, priv->in_use);
      break;
    case PROP_CONSENT_STATE:
      g_value_set_enum (value,
          gst_secure_rtc_consent_engine_get_state (priv->engine));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_consent_src_dispose (GObject * object)
{
  GstConsentSrcPrivate *priv = PRIV (object);

  gst_clear_object (&priv->device);
  gst_clear_object (&priv->blank);
  gst_clear_object (&priv->blank_filter);
  G_OBJECT_CLASS (gst_consent_src_parent_class)->dispose (object);
}

static void
gst_consent_src_finalize (GObject * object)
{
  GstConsentSrcPrivate *priv = PRIV (object);

  g_clear_object (&priv->engine);
  g_free (priv->app_name);
  g_free (priv->program);
  g_free (priv->device_id);
  g_rec_mutex_clear (&priv->device_lock);
  G_OBJECT_CLASS (gst_consent_src_parent_class)->finalize (object);
}

static void
gst_consent_src_class_init (GstConsentSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_consent_src_set_property;
  gobject_class->get_property = gst_consent_src_get_property;
  gobject_class->dispose = gst_consent_src_dispose;
  gobject_class->finalize = gst_consent_src_finalize;
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_consent_src_change_state);

  gst_element_class_add_static_pad_template (element_class, &src_template);

  /**
   * GstConsentSrc:device-source:
   *
   * The real capture source, kept in NULL (device closed) until consent is
   * granted. Default: autovideosrc / autoaudiosrc, created when the element
   * goes to READY. Settable in NULL and READY only.
   */
  properties[PROP_DEVICE_SOURCE] = g_param_spec_object ("device-source",
      "Device source", "The capture source that consent guards",
      GST_TYPE_ELEMENT, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY);

  /**
   * GstConsentSrc:consent-provider:
   *
   * Who is asked: the application (signal + bus message), the terminal,
   * the desktop's camera portal, or only the remembered grants.
   * A remembered "always" grant is honoured by every provider.
   */
  properties[PROP_CONSENT_PROVIDER] = g_param_spec_enum ("consent-provider",
      "Consent provider", "Who is asked for consent",
      GST_TYPE_CONSENT_PROVIDER, DEFAULT_CONSENT_PROVIDER,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);

  /**
   * GstConsentSrc:consent-timeout:
   *
   * Milliseconds to wait for an answer; unanswered means denied.
   * 0 waits forever.
   */
  properties[PROP_CONSENT_TIMEOUT] = g_param_spec_uint ("consent-timeout",
      "Consent timeout",
      "Milliseconds to wait for an answer before denying (0 = wait forever)",
      0, G_MAXUINT, DEFAULT_CONSENT_TIMEOUT,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);

  /**
   * GstConsentSrc:on-revoke:
   *
   * What downstream sees after a revoke. The device is released at once
   * in every case.
   */
  properties[PROP_ON_REVOKE] = g_param_spec_enum ("on-revoke", "On revoke",
      "What downstream sees once consent is revoked",
      GST_TYPE_CONSENT_ON_REVOKE, DEFAULT_ON_REVOKE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * GstConsentSrc:application-name:
   *
   * The program named in questions and remembered grants. Default (NULL):
   * g_get_application_name(), e.g. "gst-launch-1.0".
   */
  properties[PROP_APPLICATION_NAME] = g_param_spec_string ("application-name",
      "Application name", "Who asks (default: the program name)",
      DEFAULT_APPLICATION_NAME,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);

  /**
   * GstConsentSrc:in-use:
   *
   * Whether the device is open. Notified on every change, together with a
   * "consent-device" element message.
   */
  properties[PROP_IN_USE] = g_param_spec_boolean ("in-use", "In use",
      "Whether the capture device is open", FALSE,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GstConsentSrc:consent-state:
   *
   * Where the consent decision stands, with notify.
   */
  properties[PROP_CONSENT_STATE] = g_param_spec_enum ("consent-state",
      "Consent state", "Where the consent decision stands",
      gst_secure_rtc_consent_state_get_type (),
      GST_SECURE_RTC_CONSENT_STATE_IDLE,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  /**
   * GstConsentSrc::consent-request:
   * @self: the element
   * @device: the device to be opened
   * @kind: "camera" or "microphone"
   * @application: the program asking
   *
   * With consent-provider=application: consent is needed. Answer (now, or
   * later from any thread) with the #GstConsentSrc::grant or
   * #GstConsentSrc::deny action signals. A "consent-request" element message
   * with the same fields is posted on the bus first.
   */
  signals[SIGNAL_CONSENT_REQUEST] = g_signal_new ("consent-request",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * GstConsentSrc::grant:
   * @self: the element
   * @scope: once, or always (remembered for this program and device)
   *
   * Grants the open request.
   *
   * Returns: %TRUE if taken; %FALSE when no request is open (e.g. after a
   * denial or a timeout: a late grant never opens the device).
   */
  signals[SIGNAL_GRANT] = g_signal_new_class_handler ("grant",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_consent_src_grant), NULL, NULL, NULL, G_TYPE_BOOLEAN, 1,
      gst_secure_rtc_consent_scope_get_type ());

  /**
   * GstConsentSrc::deny:
   * @self: the element
   *
   * Denies the open request: RESOURCE/NOT_AUTHORIZED error, no buffer.
   *
   * Returns: %TRUE if taken.
   */
  signals[SIGNAL_DENY] = g_signal_new_class_handler ("deny",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_consent_src_deny), NULL, NULL, NULL, G_TYPE_BOOLEAN, 0);

  /**
   * GstConsentSrc::revoke:
   * @self: the element
   *
   * Withdraws consent: the device goes to NULL before this returns, no
   * further device frame leaves the element, and #GstConsentSrc:on-revoke
   * decides what downstream sees. While a request is pending, it is denied.
   *
   * Returns: %TRUE if there was something to revoke.
   */
  signals[SIGNAL_REVOKE] = g_signal_new_class_handler ("revoke",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (gst_consent_src_revoke), NULL, NULL, NULL, G_TYPE_BOOLEAN, 0);

  gst_type_mark_as_plugin_api (GST_TYPE_CONSENT_SRC, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_CONSENT_PROVIDER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_CONSENT_ON_REVOKE, 0);
  gst_type_mark_as_plugin_api (gst_secure_rtc_consent_scope_get_type (), 0);
  gst_type_mark_as_plugin_api (gst_secure_rtc_consent_state_get_type (), 0);
}

static void
gst_consent_src_init (GstConsentSrc * self)
{
  GstConsentSrcPrivate *priv = PRIV (self);
  GstPad *target;

  g_rec_mutex_init (&priv->device_lock);
  priv->engine = gst_secure_rtc_consent_engine_new ();
  priv->announced_state = GST_SECURE_RTC_CONSENT_STATE_IDLE;
  priv->provider = DEFAULT_CONSENT_PROVIDER;
  priv->timeout_ms = DEFAULT_CONSENT_TIMEOUT;
  priv->on_revoke = DEFAULT_ON_REVOKE;
  priv->portal_fd = -1;

  priv->sw = gst_consent_switch_new ();
  gst_bin_add (GST_BIN (self), priv->sw);

  target = gst_element_get_static_pad (priv->sw, "src");
  priv->srcpad = gst_ghost_pad_new_from_template ("src", target,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self), "src"));
  gst_object_unref (target);
  gst_element_add_pad (GST_ELEMENT (self), priv->srcpad);

  GST_OBJECT_FLAG_SET (self, GST_ELEMENT_FLAG_SOURCE);
}
