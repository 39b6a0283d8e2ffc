/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * GstSrtpFilter — shared implementation of srtpencrypt and srtpdecrypt.
 *
 * Locking: the object lock protects the engine, the key and the settings.
 * The streaming thread holds it for the duration of one buffer or one buffer
 * list (protecting a packet takes about a microsecond); it is never held
 * while pushing, posting a message or notifying.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gst/securertc/gstsecurewipe.h>
#include <gst/securertc/gstsecurertc-enumtypes.h>

#include "gstsrtpfilter.h"

GST_DEBUG_CATEGORY_STATIC (gst_srtp_filter_debug);
#define GST_CAT_DEFAULT gst_srtp_filter_debug

#define DEFAULT_PROFILE GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80
#define DEFAULT_REPLAY_WINDOW 1024
/* At most one drop warning per this interval. */
#define DROP_WARNING_INTERVAL (GST_SECOND)

enum
{
  PROP_0,
  PROP_PROFILE,
  PROP_KEY,
  PROP_KEY_FILE,
  PROP_REPLAY_WINDOW,
  PROP_STATS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GstPad *sinkpad;
  GstPad *srcpad;

  /* protected by the object lock */
  GstSecureRtcSrtpEngine *engine;
  GstSecureRtcSrtpKey *key;     /* current key, or NULL */
  GstSecureRtcSrtpProfile profile;
  guint replay_window;
  /* key material from the `key` property, kept (wiped on change) until the
   * profile is final, so that `key` and `profile` may be set in any order */
  guint8 prop_key[2 * GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN];
  gsize prop_key_len;
  gboolean have_prop_key;
  GError *pending_error;        /* a bad key set before the element started */
  gboolean started;
  /* rate-limited drop warnings */
  GstClockTime last_warning;
  guint64 dropped_at_last_warning[GST_SECURE_RTC_SRTP_N_RESULTS];
} GstSrtpFilterPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (GstSrtpFilter, gst_srtp_filter,
    GST_TYPE_ELEMENT);

#define PRIV(self) ((GstSrtpFilterPrivate *) gst_srtp_filter_get_instance_private (GST_SRTP_FILTER (self)))

GstSecureRtcSrtpEngine *
gst_srtp_filter_get_engine_locked (GstSrtpFilter * self)
{
  return PRIV (self)->engine;
}

/* ------------------------------------------------------------------------ */
/* Keys */

/* Installs @key (may be NULL) in the engine. Returns FALSE with @error set
 * when libsrtp refused it; the engine then has no key. */
static gboolean
apply_key_locked (GstSrtpFilter * self, GstSecureRtcSrtpKey * key,
    GError ** error)
{
  GstSrtpFilterPrivate *priv = PRIV (self);

  if (priv->key)
    gst_secure_rtc_srtp_key_unref (priv->key);
  priv->key = key ? gst_secure_rtc_srtp_key_ref (key) : NULL;
  if (!gst_secure_rtc_srtp_engine_set_key (priv->engine, key,
          priv->replay_window, error)) {
    g_clear_pointer (&priv->key, gst_secure_rtc_srtp_key_unref);
    return FALSE;
  }
  if (key)
    GST_INFO_OBJECT (self, "using key #%" G_GUINT64_FORMAT " (%s)",
        gst_secure_rtc_srtp_key_get_serial (key),
        gst_secure_rtc_srtp_profile_get_nick
        (gst_secure_rtc_srtp_key_get_profile (key)));
  else
    GST_INFO_OBJECT (self, "no key: dropping every packet");
  return TRUE;
}

/* Builds a key from the `key` property with the current profile and installs
 * it. Called when the element starts and whenever `key`, `profile` or
 * `replay-window` change after that. */
static gboolean
apply_prop_key_locked (GstSrtpFilter * self, GError ** error)
{
  GstSrtpFilterPrivate *priv = PRIV (self);
  GstSecureRtcSrtpKey *key;
  gboolean ret;

  if (!priv->have_prop_key) {
    if (priv->key == NULL)
      return TRUE;
    /* re-apply an event key (e.g. new replay window) */
    key = gst_secure_rtc_srtp_key_ref (priv->key);
    ret = apply_key_locked (self, key, error);
    gst_secure_rtc_srtp_key_unref (key);
    return ret;
  }

  key = gst_secure_rtc_srtp_key_new (priv->profile, priv->prop_key,
      priv->prop_key_len, error);
  if (key == NULL) {
    apply_key_locked (self, NULL, NULL);
    return FALSE;
  }
  ret = apply_key_locked (self, key, error);
  gst_secure_rtc_srtp_key_unref (key);
  return ret;
}

static void
post_key_error (GstSrtpFilter * self, GError * error)
{
  GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", error->message),
      ("%s: invalid SRTP key or settings; no packet will pass until a valid "
          "key is set", GST_OBJECT_NAME (self)));
}

/* Takes new key material in hexadecimal (from `key` or the contents of
 * `key-file`; NULL or "" forgets the key). Before the element starts, a
 * problem is kept and reported by the state change; while running it is an
 * element error and the element drops everything until a good key comes. */
static void
set_key_material (GstSrtpFilter * self, const gchar * hex,
    GError * read_error)
{
  GstSrtpFilterPrivate *priv = PRIV (self);
  GError *error = read_error;
  gboolean ok = error == NULL, started;

  GST_OBJECT_LOCK (self);
  gst_secure_rtc_wipe (priv->prop_key, sizeof (priv->prop_key));
  priv->prop_key_len = 0;
  priv->have_prop_key = FALSE;
  g_clear_error (&priv->pending_error);
  if (ok && hex != NULL && *hex != '\0') {
    ok = gst_secure_rtc_hex_decode_secret (hex, priv->prop_key,
        sizeof (priv->prop_key), &priv->prop_key_len, &error);
    if (ok && priv->prop_key_len > sizeof (priv->prop_key)) {
      /* Longer than any profile: keep only the length for the error. */
      gst_secure_rtc_wipe (priv->prop_key, sizeof (priv->prop_key));
    }
    priv->have_prop_key = ok;
  }
  started = priv->started;
  if (ok && started)
    ok = apply_prop_key_locked (self, &error);
  else if (!ok && started)
    apply_key_locked (self, NULL, NULL);
  else if (!ok)
    priv->pending_error = g_error_copy (error);
  GST_OBJECT_UNLOCK (self);

  if (!ok) {
    if (started)
      post_key_error (self, error);
    else
      GST_WARNING_OBJECT (self, "%s", error->message);
    g_clear_error (&error);
  }
}

/* `key-file`: read the hex key from a file, a FIFO or /dev/fd/N, so that it
 * appears neither on a command line nor in GStreamer's own parser logs. */
static void
set_key_file (GstSrtpFilter * self, const gchar * path)
{
  gchar *contents = NULL;
  gsize len = 0;
  GError *error = NULL;

  if (path == NULL || *path == '\0') {
    set_key_material (self, NULL, NULL);
    return;
  }
  if (!g_file_get_contents (path, &contents, &len, &error)) {
    GError *e = g_error_new (GST_SECURE_RTC_ERROR,
        GST_SECURE_RTC_ERROR_KEY_FORMAT,
        _("Could not read the SRTP key file \"%s\": %s"), path,
        error->message);
    g_clear_error (&error);
    set_key_material (self, NULL, e);
    return;
  }
  GST_DEBUG_OBJECT (self, "read %" G_GSIZE_FORMAT " bytes from key file %s",
      len, path);
  set_key_material (self, contents, NULL);
  gst_secure_rtc_wipe_free (contents, len);
}

/* The key event: srtpdecrypt gets it downstream (sticky, before the first
 * packet), srtpencrypt upstream. It overrides the property key and profile. */
static gboolean
handle_key_event (GstSrtpFilter * self, GstEvent * event)
{
  GstSrtpFilterPrivate *priv = PRIV (self);
  GstSecureRtcSrtpKey *key = NULL;
  GError *error = NULL;
  gboolean ok, profile_changed;

  if (!gst_secure_rtc_srtp_key_event_parse (event, &key))
    return FALSE;

  GST_OBJECT_LOCK (self);
  gst_secure_rtc_wipe (priv->prop_key, sizeof (priv->prop_key));
  priv->have_prop_key = FALSE;
  priv->prop_key_len = 0;
  profile_changed = priv->profile != gst_secure_rtc_srtp_key_get_profile (key);
  priv->profile = gst_secure_rtc_srtp_key_get_profile (key);
  ok = apply_key_locked (self, key, &error);
  GST_OBJECT_UNLOCK (self);
  gst_secure_rtc_srtp_key_unref (key);

  if (profile_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  if (!ok) {
    post_key_error (self, error);
    g_clear_error (&error);
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Statistics and warnings */

static GstStructure *
build_stats_locked (GstSrtpFilter * self)
{
  GstSrtpFilterPrivate *priv = PRIV (self);
  const GstSecureRtcSrtpCounters *c =
      gst_secure_rtc_srtp_engine_get_counters (priv->engine);
  GstStructure *s;

  s = gst_structure_new ("application/x-srtp-stats",
      "profile", G_TYPE_STRING,
      gst_secure_rtc_srtp_profile_get_nick (priv->profile),
      "has-key", G_TYPE_BOOLEAN, priv->key != NULL,
      "key-serial", G_TYPE_UINT64,
      priv->key ? gst_secure_rtc_srtp_key_get_serial (priv->key) : 0,
      "kernels", G_TYPE_STRING,
      gst_secure_rtc_srtp_kernels_get_name (gst_secure_rtc_srtp_get_kernels ()),
      "rtp-packets", G_TYPE_UINT64, c->rtp_packets,
      "rtcp-packets", G_TYPE_UINT64, c->rtcp_packets,
      "bytes-in", G_TYPE_UINT64, c->bytes_in,
      "bytes-out", G_TYPE_UINT64, c->bytes_out,
      "dropped-no-key", G_TYPE_UINT64,
      c->dropped[GST_SECURE_RTC_SRTP_RESULT_NO_KEY],
      "dropped-invalid", G_TYPE_UINT64,
      c->dropped[GST_SECURE_RTC_SRTP_RESULT_INVALID],
      "dropped-truncated", G_TYPE_UINT64,
      c->dropped[GST_SECURE_RTC_SRTP_RESULT_TRUNCATED],
      "dropped-auth", G_TYPE_UINT64,
      c->dropped[GST_SECURE_RTC_SRTP_RESULT_AUTH],
      "dropped-replay", G_TYPE_UINT64,
      c->dropped[GST_SECURE_RTC_SRTP_RESULT_REPLAY],
      "dropped-error", G_TYPE_UINT64,
      c->dropped[GST_SECURE_RTC_SRTP_RESULT_ERROR], NULL);
  return s;
}

typedef struct
{
  gboolean post;
  guint64 delta[GST_SECURE_RTC_SRTP_N_RESULTS];
  guint64 total;
} DropWarning;

/* Decides, with the lock held, whether a drop warning is due: the first drop
 * at once, then at most one per DROP_WARNING_INTERVAL, summing what was
 * dropped since the last one. */
static void
check_drop_warning_locked (GstSrtpFilter * self, DropWarning * w)
{
  GstSrtpFilterPrivate *priv = PRIV (self);
  const GstSecureRtcSrtpCounters *c =
      gst_secure_rtc_srtp_engine_get_counters (priv->engine);
  GstClockTime now;
  guint i;

  w->post = FALSE;
  w->total = 0;
  for (i = 1; i < GST_SECURE_RTC_SRTP_N_RESULTS; i++) {
    w->delta[i] = c->dropped[i] - priv->dropped_at_last_warning[i];
    w->total += w->delta[i];
  }
  if (w->total == 0)
    return;
  now = gst_util_get_timestamp ();
  if (GST_CLOCK_TIME_IS_VALID (priv->last_warning) &&
      now - priv->last_warning < DROP_WARNING_INTERVAL)
    return;
  priv->last_warning = now;
  for (i = 1; i < GST_SECURE_RTC_SRTP_N_RESULTS; i++)
    priv->dropped_at_last_warning[i] = c->dropped[i];
  w->post = TRUE;
}

static void
post_drop_warning (GstSrtpFilter * self, const DropWarning * w)
{
  GstSrtpFilterClass *klass = GST_SRTP_FILTER_GET_CLASS (self);
  GstStructure *details;
  gchar *text;

  if (!w->post)
    return;

  /* %llu rather than G_GUINT64_FORMAT: xgettext must see whole formats. */
  if (klass->mode == GST_SECURE_RTC_SRTP_ENGINE_PROTECT) {
    if (w->delta[GST_SECURE_RTC_SRTP_RESULT_NO_KEY] == w->total)
      text = g_strdup_printf (_("No SRTP key yet: dropped %llu packets "
              "instead of sending them unencrypted."),
          (unsigned long long) w->total);
    else
      text = g_strdup_printf (_("Could not encrypt %llu packets; they were "
              "dropped."), (unsigned long long) w->total);
  } else {
    text = g_strdup_printf (_("Dropped %llu SRTP packets that could not be "
            "authenticated or decrypted (failed authentication: %llu, "
            "replayed: %llu, truncated: %llu, not RTP: %llu, before a key: "
            "%llu)."), (unsigned long long) w->total,
        (unsigned long long) w->delta[GST_SECURE_RTC_SRTP_RESULT_AUTH],
        (unsigned long long) w->delta[GST_SECURE_RTC_SRTP_RESULT_REPLAY],
        (unsigned long long) w->delta[GST_SECURE_RTC_SRTP_RESULT_TRUNCATED],
        (unsigned long long) w->delta[GST_SECURE_RTC_SRTP_RESULT_INVALID],
        (unsigned long long) w->delta[GST_SECURE_RTC_SRTP_RESULT_NO_KEY]);
  }

  details = gst_structure_new ("srtp-drops",
      "dropped", G_TYPE_UINT64, w->total,
      "no-key", G_TYPE_UINT64, w->delta[GST_SECURE_RTC_SRTP_RESULT_NO_KEY],
      "invalid", G_TYPE_UINT64, w->delta[GST_SECURE_RTC_SRTP_RESULT_INVALID],
      "truncated", G_TYPE_UINT64,
      w->delta[GST_SECURE_RTC_SRTP_RESULT_TRUNCATED],
      "auth", G_TYPE_UINT64, w->delta[GST_SECURE_RTC_SRTP_RESULT_AUTH],
      "replay", G_TYPE_UINT64, w->delta[GST_SECURE_RTC_SRTP_RESULT_REPLAY],
      "error", G_TYPE_UINT64, w->delta[GST_SECURE_RTC_SRTP_RESULT_ERROR],
      NULL);
  /* The GST_ELEMENT_WARNING macros cannot take the code as a variable. */
  gst_element_message_full_with_details (GST_ELEMENT (self),
      GST_MESSAGE_WARNING, GST_STREAM_ERROR,
      klass->mode == GST_SECURE_RTC_SRTP_ENGINE_PROTECT ?
      GST_STREAM_ERROR_FAILED : GST_STREAM_ERROR_DECRYPT, text,
      g_strdup ("packets dropped since the last warning (see details)"),
      __FILE__, GST_FUNCTION, __LINE__, details);
}

/* ------------------------------------------------------------------------ */
/* Data flow */

static GstFlowReturn
gst_srtp_filter_chain (GstPad * pad, GstObject * parent, GstBuffer * buffer)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (parent);
  GstSrtpFilterClass *klass = GST_SRTP_FILTER_GET_CLASS (self);
  GstSecureRtcSrtpResult result;
  DropWarning w;

  GST_OBJECT_LOCK (self);
  buffer = klass->process_locked (self, buffer, &result);
  if (buffer == NULL)
    check_drop_warning_locked (self, &w);
  GST_OBJECT_UNLOCK (self);

  if (buffer == NULL) {
    GST_LOG_OBJECT (self, "dropped a packet: %s",
        gst_secure_rtc_srtp_result_get_name (result));
    post_drop_warning (self, &w);
    return GST_FLOW_OK;
  }
  return gst_pad_push (PRIV (self)->srcpad, buffer);
}

typedef struct
{
  GstSrtpFilter *self;
  GstSrtpFilterClass *klass;
  guint dropped;
} ListCtx;

static gboolean
process_list_item (GstBuffer ** buffer, guint idx, gpointer user_data)
{
  ListCtx *ctx = user_data;
  GstSecureRtcSrtpResult result;

  *buffer = ctx->klass->process_locked (ctx->self, *buffer, &result);
  if (*buffer == NULL)
    ctx->dropped++;
  return TRUE;
}

static GstFlowReturn
gst_srtp_filter_chain_list (GstPad * pad, GstObject * parent,
    GstBufferList * list)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (parent);
  ListCtx ctx = { self, GST_SRTP_FILTER_GET_CLASS (self), 0 };
  DropWarning w = { FALSE, };

  list = gst_buffer_list_make_writable (list);
  GST_OBJECT_LOCK (self);
  /* Buffers set to NULL by the callback are removed from the list. */
  gst_buffer_list_foreach (list, process_list_item, &ctx);
  if (ctx.dropped)
    check_drop_warning_locked (self, &w);
  GST_OBJECT_UNLOCK (self);

  if (ctx.dropped) {
    GST_LOG_OBJECT (self, "dropped %u packets of a list", ctx.dropped);
    post_drop_warning (self, &w);
  }
  if (gst_buffer_list_length (list) == 0) {
    gst_buffer_list_unref (list);
    return GST_FLOW_OK;
  }
  return gst_pad_push_list (PRIV (self)->srcpad, list);
}

/* ------------------------------------------------------------------------ */
/* Caps: the same fields under the other media type. SRTP key fields that
 * some elements put in caps (srtp-key, ...) are stripped: keys never travel
 * in caps. */

static const gchar *stripped_fields[] = {
  "srtp-key", "srtp-cipher", "srtp-auth", "srtcp-cipher", "srtcp-auth",
  "mki", "roc",
};

static GstCaps *
transform_caps (GstSrtpFilter * self, GstCaps * caps, GstPadDirection to)
{
  GstSrtpFilterClass *klass = GST_SRTP_FILTER_GET_CLASS (self);
  const gchar *from_rtp, *from_rtcp, *to_rtp, *to_rtcp;
  GstCaps *out;
  guint i, j;

  if (to == GST_PAD_SRC) {
    from_rtp = klass->sink_rtp_name;
    from_rtcp = klass->sink_rtcp_name;
    to_rtp = klass->src_rtp_name;
    to_rtcp = klass->src_rtcp_name;
  } else {
    from_rtp = klass->src_rtp_name;
    from_rtcp = klass->src_rtcp_name;
    to_rtp = klass->sink_rtp_name;
    to_rtcp = klass->sink_rtcp_name;
  }

  out = gst_caps_copy (caps);
  for (i = 0; i < gst_caps_get_size (out); i++) {
    GstStructure *s = gst_caps_get_structure (out, i);

    if (gst_structure_has_name (s, from_rtp))
      gst_structure_set_name (s, to_rtp);
    else if (gst_structure_has_name (s, from_rtcp))
      gst_structure_set_name (s, to_rtcp);
    for (j = 0; j < G_N_ELEMENTS (stripped_fields); j++)
      gst_structure_remove_field (s, stripped_fields[j]);
  }
  return out;
}

static gboolean
gst_srtp_filter_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (parent);
  GstSrtpFilterPrivate *priv = PRIV (self);

  if (GST_QUERY_TYPE (query) == GST_QUERY_CAPS) {
    GstPad *other = pad == priv->sinkpad ? priv->srcpad : priv->sinkpad;
    GstPadDirection other_dir = GST_PAD_DIRECTION (other);
    GstCaps *filter, *peer_filter = NULL, *peer, *result, *templ;

    gst_query_parse_caps (query, &filter);
    if (filter)
      peer_filter = transform_caps (self, filter, other_dir);
    peer = gst_pad_peer_query_caps (other, peer_filter);
    if (peer_filter)
      gst_caps_unref (peer_filter);
    result = transform_caps (self, peer, GST_PAD_DIRECTION (pad));
    gst_caps_unref (peer);
    templ = gst_pad_get_pad_template_caps (pad);
    peer = gst_caps_intersect_full (result, templ, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (result);
    gst_caps_unref (templ);
    if (filter) {
      result = gst_caps_intersect_full (filter, peer, GST_CAPS_INTERSECT_FIRST);
      gst_caps_unref (peer);
      peer = result;
    }
    gst_query_set_caps_result (query, peer);
    gst_caps_unref (peer);
    return TRUE;
  }
  return gst_pad_query_default (pad, parent, query);
}

static gboolean
gst_srtp_filter_sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (parent);
  GstSrtpFilterClass *klass = GST_SRTP_FILTER_GET_CLASS (self);

  if (klass->key_event_pad == GST_PAD_SINK && handle_key_event (self, event)) {
    /* consumed: keys go no further downstream */
    gst_event_unref (event);
    return TRUE;
  }
  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *caps, *out;
    gboolean ret;

    gst_event_parse_caps (event, &caps);
    out = transform_caps (self, caps, GST_PAD_SRC);
    gst_event_unref (event);
    ret = gst_pad_push_event (PRIV (self)->srcpad, gst_event_new_caps (out));
    gst_caps_unref (out);
    return ret;
  }
  return gst_pad_event_default (pad, parent, event);
}

static gboolean
gst_srtp_filter_src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (parent);
  GstSrtpFilterClass *klass = GST_SRTP_FILTER_GET_CLASS (self);

  if (klass->key_event_pad == GST_PAD_SRC && handle_key_event (self, event)) {
    /* consumed: keys go no further upstream */
    gst_event_unref (event);
    return TRUE;
  }
  return gst_pad_event_default (pad, parent, event);
}

/* ------------------------------------------------------------------------ */
/* State */

static GstStateChangeReturn
gst_srtp_filter_change_state (GstElement * element, GstStateChange transition)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (element);
  GstSrtpFilterPrivate *priv = PRIV (self);
  GstStateChangeReturn ret;

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    GError *error = NULL;
    gboolean ok = TRUE;

    GST_OBJECT_LOCK (self);
    priv->started = TRUE;
    priv->last_warning = GST_CLOCK_TIME_NONE;
    if (priv->pending_error) {
      /* `key` or `key-file` could not even be read or decoded */
      error = g_error_copy (priv->pending_error);
      ok = FALSE;
    } else if (priv->have_prop_key) {
      ok = apply_prop_key_locked (self, &error);
    }
    if (!ok)
      priv->started = FALSE;
    GST_OBJECT_UNLOCK (self);
    if (!ok) {
      post_key_error (self, error);
      g_clear_error (&error);
      return GST_STATE_CHANGE_FAILURE;
    }
  }

  ret = GST_ELEMENT_CLASS (gst_srtp_filter_parent_class)->change_state (element,
      transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY) {
    GST_OBJECT_LOCK (self);
    priv->started = FALSE;
    GST_OBJECT_UNLOCK (self);
  }
  return ret;
}

/* ------------------------------------------------------------------------ */
/* GObject */

static void
gst_srtp_filter_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (object);
  GstSrtpFilterPrivate *priv = PRIV (self);
  GError *error = NULL;
  gboolean ok = TRUE;

  switch (prop_id) {
    case PROP_KEY:
      /* The string belongs to the caller (GObject may pass it without a
       * copy), so it is not wiped here; every copy we make is. */
      set_key_material (self, g_value_get_string (value), NULL);
      break;
    case PROP_KEY_FILE:
      set_key_file (self, g_value_get_string (value));
      break;
    case PROP_PROFILE:
      GST_OBJECT_LOCK (self);
      priv->profile = g_value_get_enum (value);
      if (priv->started && priv->have_prop_key)
        ok = apply_prop_key_locked (self, &error);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_REPLAY_WINDOW:
      GST_OBJECT_LOCK (self);
      priv->replay_window = g_value_get_uint (value);
      if (priv->started)
        ok = apply_prop_key_locked (self, &error);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  if (!ok) {
    post_key_error (self, error);
    g_clear_error (&error);
  }
}

static void
gst_srtp_filter_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (object);
  GstSrtpFilterPrivate *priv = PRIV (self);

  switch (prop_id) {
    case PROP_PROFILE:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, priv->profile);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_REPLAY_WINDOW:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, priv->replay_window);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_STATS:
      GST_OBJECT_LOCK (self);
      g_value_take_boxed (value, build_stats_locked (self));
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_srtp_filter_finalize (GObject * object)
{
  GstSrtpFilterPrivate *priv = PRIV (object);

  g_clear_pointer (&priv->key, gst_secure_rtc_srtp_key_unref);
  gst_secure_rtc_srtp_engine_free (priv->engine);
  gst_secure_rtc_wipe (priv->prop_key, sizeof (priv->prop_key));
  g_clear_error (&priv->pending_error);
  G_OBJECT_CLASS (gst_srtp_filter_parent_class)->finalize (object);
}

static void
gst_srtp_filter_constructed (GObject * object)
{
  GstSrtpFilter *self = GST_SRTP_FILTER (object);
  GstSrtpFilterClass *klass = GST_SRTP_FILTER_GET_CLASS (self);
  GstElementClass *eklass = GST_ELEMENT_CLASS (klass);
  GstSrtpFilterPrivate *priv = PRIV (self);

  G_OBJECT_CLASS (gst_srtp_filter_parent_class)->constructed (object);

  priv->engine = gst_secure_rtc_srtp_engine_new (klass->mode);

  priv->sinkpad =
      gst_pad_new_from_template (gst_element_class_get_pad_template (eklass,
          "sink"), "sink");
  gst_pad_set_chain_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_srtp_filter_chain));
  gst_pad_set_chain_list_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_srtp_filter_chain_list));
  gst_pad_set_event_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_srtp_filter_sink_event));
  gst_pad_set_query_function (priv->sinkpad,
      GST_DEBUG_FUNCPTR (gst_srtp_filter_query));
  GST_PAD_SET_PROXY_ALLOCATION (priv->sinkpad);
  gst_element_add_pad (GST_ELEMENT (self), priv->sinkpad);

  priv->srcpad =
      gst_pad_new_from_template (gst_element_class_get_pad_template (eklass,
          "src"), "src");
  gst_pad_set_event_function (priv->srcpad,
      GST_DEBUG_FUNCPTR (gst_srtp_filter_src_event));
  gst_pad_set_query_function (priv->srcpad,
      GST_DEBUG_FUNCPTR (gst_srtp_filter_query));
  gst_element_add_pad (GST_ELEMENT (self), priv->srcpad);
}

static void
gst_srtp_filter_init (GstSrtpFilter * self)
{
  GstSrtpFilterPrivate *priv = PRIV (self);

  priv->profile = DEFAULT_PROFILE;
  priv->replay_window = DEFAULT_REPLAY_WINDOW;
  priv->last_warning = GST_CLOCK_TIME_NONE;
}

static void
gst_srtp_filter_class_init (GstSrtpFilterClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_srtp_filter_debug, "srtpfilter", 0,
      "gst-securertc SRTP element base");

  gobject_class->constructed = gst_srtp_filter_constructed;
  gobject_class->set_property = gst_srtp_filter_set_property;
  gobject_class->get_property = gst_srtp_filter_get_property;
  gobject_class->finalize = gst_srtp_filter_finalize;
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_srtp_filter_change_state);

  /**
   * GstSrtpFilter:profile:
   *
   * The SRTP protection profile used with a key from the `key` property. A
   * key event from dtlskeyexchange carries its own profile, which then
   * replaces this value.
   */
  properties[PROP_PROFILE] = g_param_spec_enum ("profile", "Profile",
      "SRTP protection profile (RFC 3711, RFC 7714)",
      GST_TYPE_SECURE_RTC_SRTP_PROFILE, DEFAULT_PROFILE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING);

  /**
   * GstSrtpFilter:key:
   *
   * Master key followed by master salt, in hexadecimal (white space and ':'
   * are ignored): 60 digits for the AES-CM profiles, 56 for
   * aead-aes-128-gcm, 88 for aead-aes-256-gcm. Write-only: it cannot be
   * read back, and the element wipes its copies when the key is replaced
   * and on disposal. An empty string forgets the key. Setting it while
   * playing re-keys at once.
   */
  properties[PROP_KEY] = g_param_spec_string ("key", "Key",
      "Master key || master salt in hexadecimal (write-only)",
      NULL, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING);

  /**
   * GstSrtpFilter:key-file:
   *
   * Reads the `key` (same format) from this file when set. Use it to keep the
   * key off the command line, which other users can see in the process list
   * and which GStreamer's pipeline parser logs at debug level — for example
   * `key-file=/dev/fd/3 3<keyfile` or bash's `key-file=<(pass show srtp)`.
   * The contents are wiped from memory once decoded. Write-only.
   */
  properties[PROP_KEY_FILE] = g_param_spec_string ("key-file", "Key file",
      "Read the hexadecimal key from this file (write-only)", NULL,
      G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * GstSrtpFilter:replay-window:
   *
   * Size of the replay window, in packets (RFC 3711 §3.3.2). Packets older
   * than the window, or seen before, are dropped by srtpdecrypt.
   */
  properties[PROP_REPLAY_WINDOW] = g_param_spec_uint ("replay-window",
      "Replay window", "Replay protection window in packets",
      GST_SECURE_RTC_SRTP_MIN_REPLAY_WINDOW,
      GST_SECURE_RTC_SRTP_MAX_REPLAY_WINDOW, DEFAULT_REPLAY_WINDOW,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);

  /**
   * GstSrtpFilter:stats:
   *
   * A `application/x-srtp-stats` structure: `profile` (string), `has-key`
   * (boolean), `key-serial` (guint64, which key is in use — never its bytes),
   * `kernels` ("openssl" or "libsrtp"), `rtp-packets`, `rtcp-packets`,
   * `bytes-in`, `bytes-out`, and the drop counters `dropped-no-key`,
   * `dropped-invalid`, `dropped-truncated`, `dropped-auth`,
   * `dropped-replay`, `dropped-error` (all guint64).
   */
  properties[PROP_STATS] = g_param_spec_boxed ("stats", "Statistics",
      "Packet, byte and per-reason drop counters", GST_TYPE_STRUCTURE,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  gst_type_mark_as_plugin_api (GST_TYPE_SRTP_FILTER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_RTC_SRTP_PROFILE, 0);
}
