/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* securepeerbin's built-in signalling: the GstSecureRtcSignaller client
 * (WSS, the GStreamer WebRTC signalling protocol) drives the bin only
 * through its public action signals, exactly as an application would.
 *
 * Everything here runs on the bin's ICE thread (the context its ICE agent
 * runs on, one of the shared pool), which is also where the signaller emits
 * its signals and where libnice reports local candidates: so ordering is
 * simple. Local candidates
 * are held back until our SDP has been sent (gstwebrtc-api drops a session
 * when a candidate arrives before the SDP). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>

#include <gst/securertc/gstsecurewipe.h>
#include <gst/securertc/peer/gstpeersdp.h>
#include <gst/securertc/peer/gstniceicetransport.h>
#include <gst/securertc/signalling/gstsignaller.h>

#include "gstsecurepeersignalling.h"

GST_DEBUG_CATEGORY_STATIC (securepeer_signalling_debug);
#define GST_CAT_DEFAULT securepeer_signalling_debug

#define RETRY_MS 50
#define MAX_RETRIES 200         /* 10 s for caps to appear on sink pads */

typedef enum
{
  PENDING_NONE,
  PENDING_OFFER,
  PENDING_ANSWER,
} Pending;

struct _GstSecurePeerSignalling
{
  GstElement *bin;              /* not owned: the bin owns us */
  GMainContext *context;
  GstSecureRtcSignaller *signaller;
  GstSecurePeerRole role;
  gchar *peer_id;
  JsonNode *meta;
  void (*on_peer_id) (GstElement * bin, const gchar * id);
  gulong ice_handler;

  /* Touched from the peer thread, and from the bin's on-ice-candidate
   * (same thread); the lock guards against application threads. */
  GMutex lock;
  gchar *session_id;
  gboolean sdp_sent;
  GPtrArray *held_candidates;
  Pending pending;
  GSource *retry;
  guint retries;
  GSource *relist;              /* consumer: ask again for producers */
};

/* ---- helpers on the peer thread ---- */

static GstStructure *
call_with_promise (GstSecurePeerSignalling * sig, const gchar * signal,
    gpointer arg)
{
  GstPromise *p = gst_promise_new ();
  GstStructure *reply = NULL;

  g_signal_emit_by_name (sig->bin, signal, arg, p);
  if (gst_promise_wait (p) == GST_PROMISE_RESULT_REPLIED
      && gst_promise_get_reply (p))
    reply = gst_structure_copy (gst_promise_get_reply (p));
  gst_promise_unref (p);
  return reply;
}

static void
fail_session (GstSecurePeerSignalling * sig, const GError * error)
{
  GST_ELEMENT_ERROR (sig->bin, STREAM, FAILED,
      (_("The secure peer connection could not be negotiated: %s"),
          error->message), ("negotiation through the signalling server failed"));
}

static gboolean
reply_error (GstStructure * reply, GError ** error)
{
  if (reply && gst_structure_has_field (reply, "error")) {
    gst_structure_get (reply, "error", G_TYPE_ERROR, error, NULL);
    return TRUE;
  }
  return FALSE;
}

static void
flush_candidates (GstSecurePeerSignalling * sig)
{
  GPtrArray *held;
  gchar *session;
  guint i;

  g_mutex_lock (&sig->lock);
  sig->sdp_sent = TRUE;
  held = sig->held_candidates;
  sig->held_candidates = g_ptr_array_new_with_free_func (g_free);
  session = g_strdup (sig->session_id);
  g_mutex_unlock (&sig->lock);
  for (i = 0; session && i < held->len; i++)
    gst_secure_rtc_signaller_send_ice (sig->signaller, session,
        g_ptr_array_index (held, i), 0, NULL);
  g_ptr_array_unref (held);
  g_free (session);
}

/* create-offer / create-answer, then set-local-description and send it.
 * Returns FALSE to be retried (no caps on a sink pad yet). */
static gboolean
make_local_description (GstSecurePeerSignalling * sig, gboolean offer)
{
  GstStructure *reply;
  GstWebRTCSessionDescription *desc = NULL;
  GError *error = NULL;
  gchar *text, *session;

  reply = call_with_promise (sig, offer ? "create-offer" : "create-answer",
      NULL);
  if (reply_error (reply, &error)) {
    gboolean retry = g_error_matches (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_MISSING) && sig->retries < MAX_RETRIES;
    if (!retry)
      fail_session (sig, error);
    g_error_free (error);
    gst_structure_free (reply);
    return !retry;
  }
  if (!reply || !gst_structure_get (reply, offer ? "offer" : "answer",
          GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &desc, NULL)) {
    if (reply)
      gst_structure_free (reply);
    return TRUE;
  }
  gst_structure_free (reply);
  reply = call_with_promise (sig, "set-local-description", desc);
  if (reply_error (reply, &error)) {
    fail_session (sig, error);
    g_error_free (error);
    gst_structure_free (reply);
    gst_webrtc_session_description_free (desc);
    return TRUE;
  }
  if (reply)
    gst_structure_free (reply);
  text = gst_sdp_message_as_text (desc->sdp);
  gst_webrtc_session_description_free (desc);
  g_mutex_lock (&sig->lock);
  session = g_strdup (sig->session_id);
  g_mutex_unlock (&sig->lock);
  if (session)
    gst_secure_rtc_signaller_send_sdp (sig->signaller, session,
        offer ? "offer" : "answer", text, NULL);
  GST_INFO_OBJECT (sig->bin, "sent our %s", offer ? "offer" : "answer");
  gst_secure_rtc_wipe_str (text);
  g_free (text);
  g_free (session);
  flush_candidates (sig);
  return TRUE;
}

static gboolean
retry_cb (gpointer data)
{
  GstSecurePeerSignalling *sig = data;
  gboolean done;

  sig->retries++;
  done = make_local_description (sig, sig->pending == PENDING_OFFER);
  if (!done)
    return G_SOURCE_CONTINUE;
  sig->pending = PENDING_NONE;
  g_source_unref (sig->retry);
  sig->retry = NULL;
  return G_SOURCE_REMOVE;
}

static void
negotiate (GstSecurePeerSignalling * sig, gboolean offer)
{
  sig->retries = 0;
  if (make_local_description (sig, offer))
    return;
  /* No caps yet on a sink pad: try again shortly (bounded). */
  sig->pending = offer ? PENDING_OFFER : PENDING_ANSWER;
  if (!sig->retry) {
    sig->retry = g_timeout_source_new (RETRY_MS);
    g_source_set_callback (sig->retry, retry_cb, sig, NULL);
    g_source_attach (sig->retry, sig->context);
  }
}

static gboolean
set_remote (GstSecurePeerSignalling * sig, const gchar * type,
    const gchar * text)
{
  GstSDPMessage *msg = NULL;
  GstWebRTCSessionDescription *desc;
  GstStructure *reply;
  GError *error = NULL;
  gboolean ok = TRUE;

  if (gst_sdp_message_new_from_text (text, &msg) != GST_SDP_OK) {
    error = g_error_new_literal (GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_SYNTAX, _("The SDP could not be parsed."));
    fail_session (sig, error);
    g_error_free (error);
    return FALSE;
  }
  desc = gst_webrtc_session_description_new (g_str_equal (type, "offer") ?
      GST_WEBRTC_SDP_TYPE_OFFER : GST_WEBRTC_SDP_TYPE_ANSWER, msg);
  reply = call_with_promise (sig, "set-remote-description", desc);
  if (reply_error (reply, &error)) {
    fail_session (sig, error);
    g_error_free (error);
    ok = FALSE;
  }
  if (reply)
    gst_structure_free (reply);
  gst_secure_rtc_sdp_message_wipe (desc->sdp);
  gst_webrtc_session_description_free (desc);
  return ok;
}

static gboolean
is_our_session (GstSecurePeerSignalling * sig, const gchar * session_id)
{
  gboolean ours;

  g_mutex_lock (&sig->lock);
  ours = sig->session_id && g_strcmp0 (sig->session_id, session_id) == 0;
  g_mutex_unlock (&sig->lock);
  return ours;
}

static void
set_session (GstSecurePeerSignalling * sig, const gchar * session_id)
{
  g_mutex_lock (&sig->lock);
  g_free (sig->session_id);
  sig->session_id = g_strdup (session_id);
  g_mutex_unlock (&sig->lock);
}

/* ---- signaller signals (peer thread) ---- */

static void
on_welcome (GstSecureRtcSignaller * s, const gchar * peer_id,
    GstSecurePeerSignalling * sig)
{
  GST_INFO_OBJECT (sig->bin, "registered with the signalling server as %s",
      peer_id);
  sig->on_peer_id (sig->bin, peer_id);
  if (sig->role == GST_SECURE_PEER_ROLE_PRODUCER) {
    gst_secure_rtc_signaller_set_peer_status (s,
        GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER, sig->meta);
  } else if (sig->peer_id && *sig->peer_id) {
    gst_secure_rtc_signaller_start_session (s, sig->peer_id, NULL, NULL);
  } else {
    gst_secure_rtc_signaller_list_producers (s, NULL);
  }
}

static gboolean
relist_cb (gpointer data)
{
  GstSecurePeerSignalling *sig = data;

  g_source_unref (sig->relist);
  sig->relist = NULL;
  gst_secure_rtc_signaller_list_producers (sig->signaller, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_producer_list (GstSecureRtcSignaller * s, JsonArray * producers,
    GstSecurePeerSignalling * sig)
{
  JsonObject *first;
  gboolean have_session;

  g_mutex_lock (&sig->lock);
  have_session = sig->session_id != NULL;
  g_mutex_unlock (&sig->lock);
  if (sig->role != GST_SECURE_PEER_ROLE_CONSUMER || have_session)
    return;
  if (!producers || json_array_get_length (producers) == 0) {
    /* Nobody produces yet: ask again shortly (we are not a listener). */
    if (!sig->relist) {
      sig->relist = g_timeout_source_new (500);
      g_source_set_callback (sig->relist, relist_cb, sig, NULL);
      g_source_attach (sig->relist, sig->context);
    }
    return;
  }
  first = json_array_get_object_element (producers, 0);
  if (first && json_object_has_member (first, "id"))
    gst_secure_rtc_signaller_start_session (s,
        json_object_get_string_member (first, "id"), NULL, NULL);
}

static void
on_session_started (GstSecureRtcSignaller * s, const gchar * producer,
    const gchar * session_id, GstSecurePeerSignalling * sig)
{
  GST_INFO_OBJECT (sig->bin, "session %s with producer %s", session_id,
      producer);
  set_session (sig, session_id);
}

static void
on_start_session (GstSecureRtcSignaller * s, const gchar * consumer,
    const gchar * session_id, const gchar * offer,
    GstSecurePeerSignalling * sig)
{
  gboolean busy;

  g_mutex_lock (&sig->lock);
  busy = sig->session_id != NULL;
  g_mutex_unlock (&sig->lock);
  if (busy) {
    /* One connection per bin: further consumers need their own bin. */
    gst_secure_rtc_signaller_end_session (s, session_id, NULL, NULL);
    return;
  }
  GST_INFO_OBJECT (sig->bin, "session %s with consumer %s", session_id,
      consumer);
  set_session (sig, session_id);
  if (offer) {
    if (set_remote (sig, "offer", offer))
      negotiate (sig, FALSE);
  } else {
    negotiate (sig, TRUE);
  }
}

static void
on_sdp (GstSecureRtcSignaller * s, const gchar * session_id,
    const gchar * type, const gchar * text, GstSecurePeerSignalling * sig)
{
  if (!is_our_session (sig, session_id))
    return;
  if (!set_remote (sig, type, text))
    return;
  if (g_str_equal (type, "offer"))
    negotiate (sig, FALSE);
}

static void
on_ice (GstSecureRtcSignaller * s, const gchar * session_id,
    const gchar * candidate, guint mline, GstSecurePeerSignalling * sig)
{
  if (is_our_session (sig, session_id))
    g_signal_emit_by_name (sig->bin, "add-ice-candidate", mline, candidate);
}

static void
on_end_session (GstSecureRtcSignaller * s, const gchar * session_id,
    const gchar * error, GstSecurePeerSignalling * sig)
{
  if (!is_our_session (sig, session_id))
    return;
  GST_INFO_OBJECT (sig->bin, "the peer ended the session");
  g_signal_emit_by_name (sig->bin, "close");
}

static void
on_signaller_error (GstSecureRtcSignaller * s, const GError * error,
    GstSecurePeerSignalling * sig)
{
  GST_ELEMENT_ERROR (sig->bin, RESOURCE, OPEN_READ_WRITE,
      (_("Could not talk to the signalling server: %s"), error->message),
      ("signaller error"));
}

static void
on_server_error (GstSecureRtcSignaller * s, const gchar * details,
    GstSecurePeerSignalling * sig)
{
  GST_ELEMENT_WARNING (sig->bin, RESOURCE, WRITE,
      (_("The signalling server refused a message: %s"), details), (NULL));
}

static void
on_local_candidate (GstElement * bin, guint mline, const gchar * candidate,
    GstSecurePeerSignalling * sig)
{
  gchar *session = NULL;

  g_mutex_lock (&sig->lock);
  if (!sig->sdp_sent || !sig->session_id)
    g_ptr_array_add (sig->held_candidates, g_strdup (candidate));
  else
    session = g_strdup (sig->session_id);
  g_mutex_unlock (&sig->lock);
  if (session)
    gst_secure_rtc_signaller_send_ice (sig->signaller, session, candidate,
        mline, NULL);
  g_free (session);
}

/* The "meta" the protocol passes through to other peers (a JSON object),
 * from a GstStructure: strings, numbers and booleans as such, anything else
 * as its GStreamer serialisation. */
static gboolean
meta_field (GQuark field, const GValue * value, gpointer data)
{
  JsonObject *obj = data;
  const gchar *name = g_quark_to_string (field);

  switch (G_VALUE_TYPE (value)) {
    case G_TYPE_STRING:
      json_object_set_string_member (obj, name, g_value_get_string (value));
      break;
    case G_TYPE_INT:
      json_object_set_int_member (obj, name, g_value_get_int (value));
      break;
    case G_TYPE_UINT:
      json_object_set_int_member (obj, name, g_value_get_uint (value));
      break;
    case G_TYPE_INT64:
      json_object_set_int_member (obj, name, g_value_get_int64 (value));
      break;
    case G_TYPE_DOUBLE:
      json_object_set_double_member (obj, name, g_value_get_double (value));
      break;
    case G_TYPE_BOOLEAN:
      json_object_set_boolean_member (obj, name, g_value_get_boolean (value));
      break;
    default:{
      gchar *str = gst_value_serialize (value);
      json_object_set_string_member (obj, name, str ? str : "");
      g_free (str);
      break;
    }
  }
  return TRUE;
}

static JsonNode *
meta_to_json (const GstStructure * meta)
{
  JsonObject *obj;
  JsonNode *node;

  if (!meta)
    return NULL;
  obj = json_object_new ();
  gst_structure_foreach (meta, meta_field, obj);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, obj);
  return node;
}

/* ---- start / stop ---- */

typedef struct
{
  GstSecurePeerSignalling *sig;
  gboolean start;
  GError *error;
  gboolean ok, done;
  GMutex lock;
  GCond cond;
} Call;

static gboolean
call_on_context (gpointer data)
{
  Call *c = data;
  GstSecurePeerSignalling *sig = c->sig;

  if (c->start) {
    c->ok = gst_secure_rtc_signaller_start (sig->signaller, &c->error);
  } else {
    if (sig->retry) {
      g_source_destroy (sig->retry);
      g_source_unref (sig->retry);
      sig->retry = NULL;
    }
    if (sig->relist) {
      g_source_destroy (sig->relist);
      g_source_unref (sig->relist);
      sig->relist = NULL;
    }
    g_signal_handlers_disconnect_by_data (sig->signaller, sig);
    gst_secure_rtc_signaller_stop (sig->signaller);
    g_clear_object (&sig->signaller);
    c->ok = TRUE;
  }
  g_mutex_lock (&c->lock);
  c->done = TRUE;
  g_cond_signal (&c->cond);
  g_mutex_unlock (&c->lock);
  return G_SOURCE_REMOVE;
}

static gboolean
run_on_context (GstSecurePeerSignalling * sig, gboolean start,
    GError ** error)
{
  Call c = { sig, start, NULL, FALSE, FALSE };

  g_mutex_init (&c.lock);
  g_cond_init (&c.cond);
  if (g_main_context_is_owner (sig->context)) {
    call_on_context (&c);
  } else {
    g_main_context_invoke (sig->context, call_on_context, &c);
    g_mutex_lock (&c.lock);
    while (!c.done)
      g_cond_wait (&c.cond, &c.lock);
    g_mutex_unlock (&c.lock);
  }
  g_mutex_clear (&c.lock);
  g_cond_clear (&c.cond);
  if (c.error)
    g_propagate_error (error, c.error);
  return c.ok;
}

GstSecurePeerSignalling *
gst_secure_peer_signalling_start (GstElement * bin,
    const GstSecurePeerSignallingConfig * config,
    void (*on_peer_id) (GstElement * bin, const gchar * id), GError ** error)
{
  GstSecurePeerSignalling *sig;

  if (!securepeer_signalling_debug)
    GST_DEBUG_CATEGORY_INIT (securepeer_signalling_debug,
        "securepeersignalling", 0, "securepeerbin signalling glue");
  sig = g_new0 (GstSecurePeerSignalling, 1);
  sig->bin = bin;
  sig->role = config->role;
  sig->peer_id = g_strdup (config->peer_id);
  sig->meta = meta_to_json (config->meta);
  sig->on_peer_id = on_peer_id;
  sig->held_candidates = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&sig->lock);
  sig->context = gst_secure_rtc_peer_context_acquire (config->context);
  sig->signaller = gst_secure_rtc_signaller_new (config->uri);
  g_object_set (sig->signaller, "allow-insecure", config->allow_insecure,
      NULL);
  if (config->ca_file)
    g_object_set (sig->signaller, "ca-file", config->ca_file, NULL);
  g_signal_connect (sig->signaller, "welcome", G_CALLBACK (on_welcome), sig);
  g_signal_connect (sig->signaller, "producer-list",
      G_CALLBACK (on_producer_list), sig);
  g_signal_connect (sig->signaller, "session-started",
      G_CALLBACK (on_session_started), sig);
  g_signal_connect (sig->signaller, "start-session",
      G_CALLBACK (on_start_session), sig);
  g_signal_connect (sig->signaller, "sdp", G_CALLBACK (on_sdp), sig);
  g_signal_connect (sig->signaller, "ice", G_CALLBACK (on_ice), sig);
  g_signal_connect (sig->signaller, "end-session",
      G_CALLBACK (on_end_session), sig);
  g_signal_connect (sig->signaller, "error", G_CALLBACK (on_signaller_error),
      sig);
  g_signal_connect (sig->signaller, "server-error",
      G_CALLBACK (on_server_error), sig);
  sig->ice_handler = g_signal_connect (bin, "on-ice-candidate",
      G_CALLBACK (on_local_candidate), sig);
  if (!run_on_context (sig, TRUE, error)) {
    gst_secure_peer_signalling_stop (sig);
    return NULL;
  }
  return sig;
}

void
gst_secure_peer_signalling_stop (GstSecurePeerSignalling * sig)
{
  if (!sig)
    return;
  g_signal_handler_disconnect (sig->bin, sig->ice_handler);
  run_on_context (sig, FALSE, NULL);
  gst_secure_rtc_peer_context_release (sig->context);
  g_ptr_array_unref (sig->held_candidates);
  g_free (sig->session_id);
  g_free (sig->peer_id);
  if (sig->meta)
    json_node_unref (sig->meta);
  g_mutex_clear (&sig->lock);
  g_free (sig);
}
