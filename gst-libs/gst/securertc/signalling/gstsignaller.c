/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:gstsignaller
 * @title: GstSecureRtcSignaller
 * @short_description: WSS client of the GStreamer WebRTC signalling protocol
 *
 * A client of gst-securertc-signalling-server, gst-webrtc-signalling-server
 * and anything else that speaks the webrtcsink/webrtcsrc/gstwebrtc-api
 * protocol (PROTOCOL.md). It connects over wss:// only (plain ws:// needs
 * #GstSecureRtcSignaller:allow-insecure and a loopback host), trusting the
 * system CAs, a CA file (#GstSecureRtcSignaller:ca-file) or exactly one
 * pinned certificate (#GstSecureRtcSignaller:pinned-certificate). Every
 * server message becomes a signal; sending is a method call.
 *
 * Threads: the WebSocket lives in the #GMainContext that is thread-default
 * when gst_secure_rtc_signaller_start() is called; signals are emitted from
 * it. The send methods may be called from any thread (they are handed to
 * that context); start() and stop() are called from the context's thread.
 *
 * Reconnecting: with #GstSecureRtcSignaller:reconnect-attempts not 0, a lost
 * or failed connection is retried after #GstSecureRtcSignaller:reconnect-delay
 * ms, doubling up to 30 s. The server gives a new peer id each time
 * (#GstSecureRtcSignaller:peer-id notifies); the last status given with
 * gst_secure_rtc_signaller_set_peer_status() is registered again.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/gst.h>
#include <libsoup/soup.h>

#include "gstsignaller.h"
#include "gstsecurertc-enumtypes.h"

GST_DEBUG_CATEGORY_STATIC (gst_secure_rtc_signaller_debug);
#define GST_CAT_DEFAULT gst_secure_rtc_signaller_debug

#define DEFAULT_URI NULL
#define DEFAULT_CA_FILE NULL
#define DEFAULT_PINNED_CERTIFICATE NULL
#define DEFAULT_ALLOW_INSECURE FALSE
#define DEFAULT_PROTOCOL_VERSION GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_0
#define DEFAULT_RECONNECT_ATTEMPTS 0
#define DEFAULT_RECONNECT_DELAY 1000
#define DEFAULT_CONNECT_TIMEOUT 10
#define DEFAULT_MAX_MESSAGE_SIZE (1024 * 1024)
#define MAX_RECONNECT_DELAY 30000
#define KEEPALIVE_INTERVAL 30

enum
{
  PROP_0,
  PROP_URI,
  PROP_CA_FILE,
  PROP_PINNED_CERTIFICATE,
  PROP_ALLOW_INSECURE,
  PROP_PROTOCOL_VERSION,
  PROP_RECONNECT_ATTEMPTS,
  PROP_RECONNECT_DELAY,
  PROP_CONNECT_TIMEOUT,
  PROP_PEER_ID,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_WELCOME,
  SIGNAL_PEER_STATUS_CHANGED,
  SIGNAL_PRODUCER_LIST,
  SIGNAL_CONSUMER_LIST,
  SIGNAL_SESSION_STARTED,
  SIGNAL_START_SESSION,
  SIGNAL_SDP,
  SIGNAL_ICE,
  SIGNAL_END_SESSION,
  SIGNAL_SERVER_ERROR,
  SIGNAL_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _GstSecureRtcSignaller
{
  GObject parent;

  GMutex lock;                  /* protects the fields up to context */
  gchar *uri;
  gchar *ca_file;
  gchar *pinned;                /* normalised: upper-case hex with colons */
  gboolean allow_insecure;
  GstSecureRtcSignallingProtocolVersion version;
  gint reconnect_attempts;
  guint reconnect_delay;
  guint connect_timeout;
  gchar *peer_id;
  GstSecureRtcSignallerState state;
  GstSecureRtcSignallingRoles roles;
  JsonNode *meta;
  gboolean have_status;

  /* Only touched from the context's thread. */
  GMainContext *context;
  SoupSession *session;
  SoupWebsocketConnection *ws;
  GCancellable *cancellable;
  GSource *retry_source;
  gint attempts_done;
  gboolean running;
};

G_DEFINE_FINAL_TYPE (GstSecureRtcSignaller, gst_secure_rtc_signaller, G_TYPE_OBJECT);

static void connect_now (GstSecureRtcSignaller * self);

/* ---- helpers ---- */

static void
set_state (GstSecureRtcSignaller * self, GstSecureRtcSignallerState state)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = self->state != state;
  self->state = state;
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_peer_id (GstSecureRtcSignaller * self, const gchar * peer_id)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = g_strcmp0 (self->peer_id, peer_id) != 0;
  g_free (self->peer_id);
  self->peer_id = g_strdup (peer_id);
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_ID]);
}

static void
emit_error (GstSecureRtcSignaller * self, GError * error)
{
  GST_WARNING_OBJECT (self, "%s", error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

/* "sha-256 AB:cd:..." / "AB:CD..." / "abcd..." -> "AB:CD:..." or NULL. */
static gchar *
normalise_fingerprint (const gchar * in)
{
  GString *out = g_string_new (NULL);
  const gchar *p = in;
  guint digits = 0;

  while (g_ascii_isspace (*p))
    p++;
  if (g_ascii_strncasecmp (p, "sha-256", 7) == 0)
    p += 7;
  for (; *p; p++) {
    if (*p == ':' || g_ascii_isspace (*p))
      continue;
    if (!g_ascii_isxdigit (*p)) {
      g_string_free (out, TRUE);
      return NULL;
    }
    if (digits > 0 && digits % 2 == 0)
      g_string_append_c (out, ':');
    g_string_append_c (out, g_ascii_toupper (*p));
    digits++;
  }
  if (digits != 64) {
    g_string_free (out, TRUE);
    return NULL;
  }
  return g_string_free (out, FALSE);
}

static gchar *
certificate_fingerprint (GTlsCertificate * cert)
{
  g_autoptr (GByteArray) der = NULL;
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 md[32];
  gsize md_len = sizeof (md), i;
  GString *s = g_string_new (NULL);

  g_object_get (cert, "certificate", &der, NULL);
  if (der)
    g_checksum_update (sum, der->data, der->len);
  g_checksum_get_digest (sum, md, &md_len);
  for (i = 0; i < md_len; i++)
    g_string_append_printf (s, i ? ":%02X" : "%02X", md[i]);
  return g_string_free (s, FALSE);
}

static gboolean
certificate_matches_pin (GstSecureRtcSignaller * self, GTlsCertificate * cert)
{
  g_autofree gchar *fp = NULL;
  gboolean ok;

  if (cert == NULL)
    return FALSE;
  fp = certificate_fingerprint (cert);
  g_mutex_lock (&self->lock);
  ok = self->pinned && strcmp (fp, self->pinned) == 0;
  g_mutex_unlock (&self->lock);
  GST_INFO_OBJECT (self, "server certificate sha-256 %s %s the pin", fp,
      ok ? "matches" : "does not match");
  return ok;
}

static gboolean
host_is_loopback (const gchar * host)
{
  g_autoptr (GInetAddress) addr = NULL;
  g_autofree gchar *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  bare = g_strdup (host);
  if (bare[0] == '[') {
    gsize n = strlen (bare);

    if (n > 2 && bare[n - 1] == ']') {
      memmove (bare, bare + 1, n - 2);
      bare[n - 2] = '\0';
    }
  }
  addr = g_inet_address_new_from_string (bare);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

/* ---- sending ---- */

typedef struct
{
  GstSecureRtcSignaller *self;
  gchar *text;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *d = data;

  g_object_unref (d->self);
  g_free (d->text);
  g_free (d);
}

static gboolean
send_in_context (gpointer data)
{
  SendData *d = data;
  GstSecureRtcSignaller *self = d->self;

  if (self->ws
      && soup_websocket_connection_get_state (self->ws) == SOUP_WEBSOCKET_STATE_OPEN) {
    GST_LOG_OBJECT (self, "sending %" G_GSIZE_FORMAT " bytes", strlen (d->text));
    soup_websocket_connection_send_text (self->ws, d->text);
  } else {
    GST_DEBUG_OBJECT (self, "not connected, message dropped");
  }
  return G_SOURCE_REMOVE;
}

static void
queue_text (GstSecureRtcSignaller * self, gchar * text)
{
  SendData *d = g_new0 (SendData, 1);
  GMainContext *ctx;

  d->self = g_object_ref (self);
  d->text = text;
  ctx = self->context;
  g_main_context_invoke_full (ctx, G_PRIORITY_DEFAULT, send_in_context, d,
      send_data_free);
}

static gboolean
send_message (GstSecureRtcSignaller * self, const GstSecureRtcSignallingMessage * msg,
    GError ** error)
{
  gboolean connected;

  g_mutex_lock (&self->lock);
  connected = self->state == GST_SECURE_RTC_SIGNALLER_STATE_CONNECTED;
  g_mutex_unlock (&self->lock);
  if (!connected || self->context == NULL) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_NOT_CONNECTED,
        "cannot send '%s': not connected to the signalling server",
        gst_secure_rtc_signalling_message_type_to_string (msg->type));
    return FALSE;
  }
  queue_text (self, gst_secure_rtc_signalling_message_serialize (msg));
  return TRUE;
}

static void
send_status (GstSecureRtcSignaller * self)
{
  GstSecureRtcSignallingMessage msg = {
    .type = GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS,
  };

  g_mutex_lock (&self->lock);
  msg.roles = self->roles;
  msg.meta = self->meta ? json_node_copy (self->meta) : NULL;
  g_mutex_unlock (&self->lock);
  send_message (self, &msg, NULL);
  g_clear_pointer (&msg.meta, json_node_unref);
}

/* ---- receiving ---- */

static void
handle_message (GstSecureRtcSignaller * self, GstSecureRtcSignallingMessage * msg)
{
  switch (msg->type) {
    case GST_SECURE_RTC_SIGNALLING_MSG_WELCOME:{
      gboolean have_status;

      GST_INFO_OBJECT (self, "welcome: our peer id is %s", msg->peer_id);
      self->attempts_done = 0;
      set_peer_id (self, msg->peer_id);
      set_state (self, GST_SECURE_RTC_SIGNALLER_STATE_CONNECTED);
      g_mutex_lock (&self->lock);
      have_status = self->have_status;
      g_mutex_unlock (&self->lock);
      if (have_status)
        send_status (self);
      g_signal_emit (self, signals[SIGNAL_WELCOME], 0, msg->peer_id);
      break;
    }
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED:
      g_signal_emit (self, signals[SIGNAL_PEER_STATUS_CHANGED], 0, msg->peer_id,
          msg->roles, msg->meta);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST:
      g_signal_emit (self, signals[SIGNAL_PRODUCER_LIST], 0, msg->peers);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS:
      g_signal_emit (self, signals[SIGNAL_CONSUMER_LIST], 0, msg->peers);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED:
      g_signal_emit (self, signals[SIGNAL_SESSION_STARTED], 0, msg->peer_id,
          msg->session_id);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION:
      g_signal_emit (self, signals[SIGNAL_START_SESSION], 0, msg->peer_id,
          msg->session_id, msg->offer);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER:
      if (msg->sdp_type)
        g_signal_emit (self, signals[SIGNAL_SDP], 0, msg->session_id,
            msg->sdp_type, msg->sdp);
      else
        g_signal_emit (self, signals[SIGNAL_ICE], 0, msg->session_id,
            msg->candidate, msg->sdp_mline_index);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION:
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1:
      g_signal_emit (self, signals[SIGNAL_END_SESSION], 0, msg->session_id,
          msg->end_error);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_ERROR:
      GST_WARNING_OBJECT (self, "server error: %s", msg->details);
      g_signal_emit (self, signals[SIGNAL_SERVER_ERROR], 0, msg->details);
      break;
    default:
      break;
  }
}

static void
on_ws_message (SoupWebsocketConnection * ws, gint type, GBytes * bytes,
    GstSecureRtcSignaller * self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstSecureRtcSignallingMessage) msg = NULL;
  gsize len;
  const gchar *data = g_bytes_get_data (bytes, &len);

  if (type != SOUP_WEBSOCKET_DATA_TEXT) {
    GST_DEBUG_OBJECT (self, "ignoring a binary frame");
    return;
  }
  msg = gst_secure_rtc_signalling_message_parse (data, len,
      GST_SECURE_RTC_SIGNALLING_TO_PEER, &error);
  if (msg == NULL) {
    if (g_error_matches (error, GST_SECURE_RTC_SIGNALLING_ERROR,
            GST_SECURE_RTC_SIGNALLING_ERROR_UNKNOWN_TYPE)) {
      /* Newer servers may say more: ignore, as the reference peers do. */
      GST_DEBUG_OBJECT (self, "ignoring: %s", error->message);
    } else {
      g_autoptr (GError) perr = g_error_new (GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_PROTOCOL,
          "invalid message from the signalling server: %s", error->message);

      emit_error (self, perr);
    }
    return;
  }
  handle_message (self, msg);
}

static gboolean
on_retry (gpointer data)
{
  GstSecureRtcSignaller *self = data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  if (self->running)
    connect_now (self);
  return G_SOURCE_REMOVE;
}

/* After a failure or a loss: retry per the policy, or give up. */
static void
connection_lost (GstSecureRtcSignaller * self)
{
  gint max;
  guint delay;
  gint i;

  set_peer_id (self, NULL);
  if (!self->running)
    return;

  g_mutex_lock (&self->lock);
  max = self->reconnect_attempts;
  delay = self->reconnect_delay;
  g_mutex_unlock (&self->lock);

  if (max >= 0 && self->attempts_done >= max) {
    GST_INFO_OBJECT (self, "giving up after %d reconnection attempts",
        self->attempts_done);
    self->running = FALSE;
    set_state (self, GST_SECURE_RTC_SIGNALLER_STATE_FAILED);
    return;
  }
  for (i = 0; i < self->attempts_done && delay < MAX_RECONNECT_DELAY; i++)
    delay *= 2;
  delay = MIN (delay, MAX_RECONNECT_DELAY);
  self->attempts_done++;
  GST_INFO_OBJECT (self, "reconnecting in %u ms (attempt %d)", delay,
      self->attempts_done);
  set_state (self, GST_SECURE_RTC_SIGNALLER_STATE_DISCONNECTED);
  self->retry_source = g_timeout_source_new (delay);
  g_source_set_callback (self->retry_source, on_retry, self, NULL);
  g_source_attach (self->retry_source, self->context);
}

static void
on_ws_closed (SoupWebsocketConnection * ws, GstSecureRtcSignaller * self)
{
  gushort code = soup_websocket_connection_get_close_code (ws);
  const gchar *reason = soup_websocket_connection_get_close_data (ws);

  GST_INFO_OBJECT (self, "connection closed (code %u, %s)", code,
      reason ? reason : "");
  g_signal_handlers_disconnect_by_data (ws, self);
  g_clear_object (&self->ws);
  if (self->running) {
    g_autoptr (GError) error = g_error_new (GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_CLOSED,
        "the signalling server closed the connection (code %u%s%s)", code,
        reason && *reason ? ": " : "", reason ? reason : "");

    emit_error (self, error);
  }
  connection_lost (self);
}

static GError *
classify_connect_error (GstSecureRtcSignaller * self, const GError * err)
{
  GstSecureRtcSignallingError code;
  const gchar *what;

  if (err->domain == G_TLS_ERROR) {
    code = GST_SECURE_RTC_SIGNALLING_ERROR_TLS;
    what = "TLS failure (is the server certificate trusted? see ca-file / "
        "pinned-certificate)";
  } else if (g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED)
      || g_error_matches (err, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE)
      || g_error_matches (err, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE)
      || g_error_matches (err, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
      || g_error_matches (err, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND)
      || g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || err->domain == G_RESOLVER_ERROR) {
    code = GST_SECURE_RTC_SIGNALLING_ERROR_UNREACHABLE;
    what = "signalling server unreachable";
  } else {
    code = GST_SECURE_RTC_SIGNALLING_ERROR_PROTOCOL;
    what = "WebSocket handshake with the signalling server failed";
  }
  return g_error_new (GST_SECURE_RTC_SIGNALLING_ERROR, code, "%s: %s (%s)",
      what, err->message, self->uri);
}

static void
on_ws_connected (GObject * source, GAsyncResult * res, gpointer user_data)
{
  GstSecureRtcSignaller *self = user_data;
  SoupMessage *msg = g_object_get_data (G_OBJECT (self), "signaller-last-msg");
  g_autoptr (GError) err = NULL;
  SoupWebsocketConnection *ws;
  gboolean pinned;

  ws = soup_session_websocket_connect_finish (SOUP_SESSION (source), res, &err);
  if (ws == NULL) {
    if (!g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      g_autoptr (GError) e = classify_connect_error (self, err);

      emit_error (self, e);
      connection_lost (self);
    }
    g_object_unref (self);
    return;
  }

  g_mutex_lock (&self->lock);
  pinned = self->pinned != NULL;
  g_mutex_unlock (&self->lock);
  /* A pin is exact: a certificate valid for a CA but not the pinned one is
   * refused too. */
  if (pinned && msg && !certificate_matches_pin (self,
          soup_message_get_tls_peer_certificate (msg))) {
    g_autoptr (GError) e = g_error_new (GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_TLS,
        "TLS failure: the server certificate is not the pinned one (%s)",
        self->uri);

    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
    g_object_unref (ws);
    emit_error (self, e);
    connection_lost (self);
    g_object_unref (self);
    return;
  }

  if (!self->running) {
    soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    g_object_unref (ws);
    g_object_unref (self);
    return;
  }

  GST_INFO_OBJECT (self, "connected to %s, waiting for welcome", self->uri);
  self->ws = ws;
  soup_websocket_connection_set_max_incoming_payload_size (ws, DEFAULT_MAX_MESSAGE_SIZE);
  soup_websocket_connection_set_keepalive_interval (ws, KEEPALIVE_INTERVAL);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), self);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), self);

  if (self->version == GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1) {
    GstSecureRtcSignallingMessage v = {
      .type = GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION,
      .version = GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1,
    };
    g_autofree gchar *text = gst_secure_rtc_signalling_message_serialize (&v);

    soup_websocket_connection_send_text (ws, text);
  }
  g_object_unref (self);
}

static gboolean
on_accept_certificate (SoupMessage * msg, GTlsCertificate * cert,
    GTlsCertificateFlags errors, GstSecureRtcSignaller * self)
{
  /* Only reached when the CA check failed: a pinned self-signed server. */
  return certificate_matches_pin (self, cert);
}

static void
connect_now (GstSecureRtcSignaller * self)
{
  SoupMessage *msg;
  gchar *uri;

  g_mutex_lock (&self->lock);
  uri = g_strdup (self->uri);
  g_mutex_unlock (&self->lock);

  set_state (self, GST_SECURE_RTC_SIGNALLER_STATE_CONNECTING);
  msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_free (uri);
  if (self->pinned)
    g_signal_connect (msg, "accept-certificate",
        G_CALLBACK (on_accept_certificate), self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* The message is kept for the pin check after the handshake. */
  g_object_set_data_full (G_OBJECT (self), "signaller-last-msg",
      g_object_ref (msg), g_object_unref);
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL,
      G_PRIORITY_DEFAULT, self->cancellable, on_ws_connected, g_object_ref (self));
  g_object_unref (msg);
}

/* ---- public API ---- */

/**
 * gst_secure_rtc_signaller_new:
 * @uri: the server, wss://host:port[/path]
 *
 * Returns: (transfer full): a new signaller, not yet connected.
 */
GstSecureRtcSignaller *
gst_secure_rtc_signaller_new (const gchar * uri)
{
  return g_object_new (GST_SECURE_RTC_TYPE_SIGNALLER, "uri", uri, NULL);
}

/**
 * gst_secure_rtc_signaller_start:
 * @self: a signaller
 * @error: where to report a refused URI
 *
 * Checks the URI and starts connecting in the thread-default main context.
 * The outcome comes as #GstSecureRtcSignaller::welcome or
 * #GstSecureRtcSignaller::error.
 *
 * Returns: %FALSE when the URI is invalid or insecure.
 */
gboolean
gst_secure_rtc_signaller_start (GstSecureRtcSignaller * self, GError ** error)
{
  g_autoptr (GUri) guri = NULL;
  g_autoptr (GTlsDatabase) db = NULL;
  g_autoptr (GError) err = NULL;
  g_autofree gchar *uri = NULL;
  g_autofree gchar *ca_file = NULL;
  const gchar *scheme;
  gboolean allow_insecure;
  guint timeout;

  g_return_val_if_fail (GST_SECURE_RTC_IS_SIGNALLER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  g_mutex_lock (&self->lock);
  uri = g_strdup (self->uri);
  ca_file = g_strdup (self->ca_file);
  allow_insecure = self->allow_insecure;
  timeout = self->connect_timeout;
  g_mutex_unlock (&self->lock);

  if (uri == NULL || (guri = g_uri_parse (uri, G_URI_FLAGS_NONE, &err)) == NULL) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
        "invalid signalling server URI '%s'%s%s", uri ? uri : "(none)",
        err ? ": " : "", err ? err->message : "");
    return FALSE;
  }
  scheme = g_uri_get_scheme (guri);
  if (g_ascii_strcasecmp (scheme, "ws") == 0) {
    if (!allow_insecure || !host_is_loopback (g_uri_get_host (guri))) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INSECURE,
          "refusing plain ws:// signalling to '%s': use wss:// (plain ws:// "
          "needs allow-insecure and a loopback address)", uri);
      return FALSE;
    }
    GST_WARNING_OBJECT (self, "INSECURE: plain ws:// signalling to %s "
        "(allow-insecure)", uri);
  } else if (g_ascii_strcasecmp (scheme, "wss") != 0) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
        "signalling server URI '%s' must start with wss://", uri);
    return FALSE;
  }

  if (ca_file) {
    db = g_tls_file_database_new (ca_file, &err);
    if (db == NULL) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_TLS,
          "cannot load the CA file '%s': %s", ca_file, err->message);
      return FALSE;
    }
  }

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_clear_object (&self->session);
  self->session = soup_session_new_with_options ("timeout", timeout,
      "idle-timeout", 0, "max-conns", 4, "max-conns-per-host", 4, NULL);
  if (db)
    soup_session_set_tls_database (self->session, db);

  self->running = TRUE;
  self->attempts_done = 0;
  connect_now (self);
  return TRUE;
}

/**
 * gst_secure_rtc_signaller_stop:
 * @self: a signaller
 *
 * Closes the connection (code 1000) and stops reconnecting.
 */
void
gst_secure_rtc_signaller_stop (GstSecureRtcSignaller * self)
{
  g_return_if_fail (GST_SECURE_RTC_IS_SIGNALLER (self));

  self->running = FALSE;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  if (self->retry_source) {
    g_source_destroy (self->retry_source);
    g_clear_pointer (&self->retry_source, g_source_unref);
  }
  if (self->ws) {
    SoupWebsocketConnection *ws = g_steal_pointer (&self->ws);

    g_signal_handlers_disconnect_by_data (ws, self);
    if (soup_websocket_connection_get_state (ws) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    g_object_unref (ws);
  }
  set_peer_id (self, NULL);
  set_state (self, GST_SECURE_RTC_SIGNALLER_STATE_DISCONNECTED);
}

/**
 * gst_secure_rtc_signaller_dup_peer_id:
 *
 * Returns: (transfer full) (nullable): the id the server gave us, or %NULL.
 */
gchar *
gst_secure_rtc_signaller_dup_peer_id (GstSecureRtcSignaller * self)
{
  gchar *id;

  g_mutex_lock (&self->lock);
  id = g_strdup (self->peer_id);
  g_mutex_unlock (&self->lock);
  return id;
}

GstSecureRtcSignallerState
gst_secure_rtc_signaller_get_state (GstSecureRtcSignaller * self)
{
  GstSecureRtcSignallerState s;

  g_mutex_lock (&self->lock);
  s = self->state;
  g_mutex_unlock (&self->lock);
  return s;
}

/**
 * gst_secure_rtc_signaller_set_peer_status:
 * @self: a signaller
 * @roles: the roles to register
 * @meta: (nullable): JSON passed through to other peers (e.g. {"name": ...})
 *
 * Registers the roles now if connected, and again after every (re)connection.
 */
void
gst_secure_rtc_signaller_set_peer_status (GstSecureRtcSignaller * self,
    GstSecureRtcSignallingRoles roles, JsonNode * meta)
{
  gboolean connected;

  g_mutex_lock (&self->lock);
  self->roles = roles;
  g_clear_pointer (&self->meta, json_node_unref);
  self->meta = meta ? json_node_copy (meta) : NULL;
  self->have_status = TRUE;
  connected = self->state == GST_SECURE_RTC_SIGNALLER_STATE_CONNECTED;
  g_mutex_unlock (&self->lock);
  if (connected)
    send_status (self);
}

gboolean
gst_secure_rtc_signaller_list_producers (GstSecureRtcSignaller * self, GError ** error)
{
  GstSecureRtcSignallingMessage msg = {.type = GST_SECURE_RTC_SIGNALLING_MSG_LIST };

  return send_message (self, &msg, error);
}

gboolean
gst_secure_rtc_signaller_list_consumers (GstSecureRtcSignaller * self, GError ** error)
{
  GstSecureRtcSignallingMessage msg = {
    .type = GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS
  };

  return send_message (self, &msg, error);
}

/**
 * gst_secure_rtc_signaller_start_session:
 * @peer_id: a producer (we consume), or a waiting consumer (we produce)
 * @offer_sdp: (nullable): our offer, when we are the consumer and offer
 */
gboolean
gst_secure_rtc_signaller_start_session (GstSecureRtcSignaller * self,
    const gchar * peer_id, const gchar * offer_sdp, GError ** error)
{
  GstSecureRtcSignallingMessage msg = {
    .type = GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION,
    .peer_id = (gchar *) peer_id,
    .offer = (gchar *) offer_sdp,
  };

  g_return_val_if_fail (peer_id != NULL, FALSE);
  return send_message (self, &msg, error);
}

gboolean
gst_secure_rtc_signaller_send_sdp (GstSecureRtcSignaller * self,
    const gchar * session_id, const gchar * type, const gchar * sdp, GError ** error)
{
  GstSecureRtcSignallingMessage msg = {
    .type = GST_SECURE_RTC_SIGNALLING_MSG_PEER,
    .session_id = (gchar *) session_id,
    .sdp_type = (gchar *) type,
    .sdp = (gchar *) sdp,
  };

  g_return_val_if_fail (session_id && sdp, FALSE);
  g_return_val_if_fail (g_strcmp0 (type, "offer") == 0
      || g_strcmp0 (type, "answer") == 0, FALSE);
  return send_message (self, &msg, error);
}

gboolean
gst_secure_rtc_signaller_send_ice (GstSecureRtcSignaller * self,
    const gchar * session_id, const gchar * candidate, guint sdp_mline_index,
    GError ** error)
{
  GstSecureRtcSignallingMessage msg = {
    .type = GST_SECURE_RTC_SIGNALLING_MSG_PEER,
    .session_id = (gchar *) session_id,
    .candidate = (gchar *) candidate,
    .sdp_mline_index = sdp_mline_index,
  };

  g_return_val_if_fail (session_id && candidate, FALSE);
  return send_message (self, &msg, error);
}

/**
 * gst_secure_rtc_signaller_end_session:
 * @error_text: (nullable): with protocol v1_1, why the session ends
 */
gboolean
gst_secure_rtc_signaller_end_session (GstSecureRtcSignaller * self,
    const gchar * session_id, const gchar * error_text, GError ** error)
{
  GstSecureRtcSignallingMessage msg = {
    .type = GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION,
    .session_id = (gchar *) session_id,
  };

  g_return_val_if_fail (session_id != NULL, FALSE);
  if (self->version == GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1) {
    msg.type = GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1;
    msg.end_error = (gchar *) error_text;
  }
  return send_message (self, &msg, error);
}

/* ---- GObject ---- */

static void
gst_secure_rtc_signaller_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSecureRtcSignaller *self = GST_SECURE_RTC_SIGNALLER (object);

  g_mutex_lock (&self->lock);
  switch (prop_id) {
    case PROP_URI:
      g_free (self->uri);
      self->uri = g_value_dup_string (value);
      break;
    case PROP_CA_FILE:
      g_free (self->ca_file);
      self->ca_file = g_value_dup_string (value);
      break;
    case PROP_PINNED_CERTIFICATE:{
      const gchar *s = g_value_get_string (value);

      g_free (self->pinned);
      self->pinned = s ? normalise_fingerprint (s) : NULL;
      if (s && self->pinned == NULL)
        g_warning ("pinned-certificate: '%s' is not a SHA-256 fingerprint", s);
      break;
    }
    case PROP_ALLOW_INSECURE:
      self->allow_insecure = g_value_get_boolean (value);
      break;
    case PROP_PROTOCOL_VERSION:
      self->version = g_value_get_enum (value);
      break;
    case PROP_RECONNECT_ATTEMPTS:
      self->reconnect_attempts = g_value_get_int (value);
      break;
    case PROP_RECONNECT_DELAY:
      self->reconnect_delay = g_value_get_uint (value);
      break;
    case PROP_CONNECT_TIMEOUT:
      self->connect_timeout = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  g_mutex_unlock (&self->lock);
}

static void
gst_secure_rtc_signaller_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstSecureRtcSignaller *self = GST_SECURE_RTC_SIGNALLER (object);

  g_mutex_lock (&self->lock);
  switch (prop_id) {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_PINNED_CERTIFICATE:
      if (self->pinned)
        g_value_take_string (value, g_strdup_printf ("sha-256 %s", self->pinned));
      else
        g_value_set_string (value, NULL);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    case PROP_PROTOCOL_VERSION:
      g_value_set_enum (value, self->version);
      break;
    case PROP_RECONNECT_ATTEMPTS:
      g_value_set_int (value, self->reconnect_attempts);
      break;
    case PROP_RECONNECT_DELAY:
      g_value_set_uint (value, self->reconnect_delay);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_PEER_ID:
      g_value_set_string (value, self->peer_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  g_mutex_unlock (&self->lock);
}

static void
gst_secure_rtc_signaller_dispose (GObject * object)
{
  GstSecureRtcSignaller *self = GST_SECURE_RTC_SIGNALLER (object);

  gst_secure_rtc_signaller_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (gst_secure_rtc_signaller_parent_class)->dispose (object);
}

static void
gst_secure_rtc_signaller_finalize (GObject * object)
{
  GstSecureRtcSignaller *self = GST_SECURE_RTC_SIGNALLER (object);

  g_free (self->uri);
  g_free (self->ca_file);
  g_free (self->pinned);
  g_free (self->peer_id);
  g_clear_pointer (&self->meta, json_node_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (gst_secure_rtc_signaller_parent_class)->finalize (object);
}

static void
gst_secure_rtc_signaller_init (GstSecureRtcSignaller * self)
{
  g_mutex_init (&self->lock);
  self->version = DEFAULT_PROTOCOL_VERSION;
  self->reconnect_attempts = DEFAULT_RECONNECT_ATTEMPTS;
  self->reconnect_delay = DEFAULT_RECONNECT_DELAY;
  self->connect_timeout = DEFAULT_CONNECT_TIMEOUT;
  self->state = GST_SECURE_RTC_SIGNALLER_STATE_DISCONNECTED;
}

static void
gst_secure_rtc_signaller_class_init (GstSecureRtcSignallerClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  GST_DEBUG_CATEGORY_INIT (gst_secure_rtc_signaller_debug, "securertcsignaller", 0,
      "gst-securertc signalling client");

  gobject_class->set_property = gst_secure_rtc_signaller_set_property;
  gobject_class->get_property = gst_secure_rtc_signaller_get_property;
  gobject_class->dispose = gst_secure_rtc_signaller_dispose;
  gobject_class->finalize = gst_secure_rtc_signaller_finalize;

  properties[PROP_URI] = g_param_spec_string ("uri", "URI",
      "Signalling server, wss://host:port[/path]", DEFAULT_URI, rw);
  properties[PROP_CA_FILE] = g_param_spec_string ("ca-file", "CA file",
      "PEM file of the CA(s) to trust instead of the system ones (e.g. a "
      "self-signed server's certificate)", DEFAULT_CA_FILE, rw);
  properties[PROP_PINNED_CERTIFICATE] = g_param_spec_string ("pinned-certificate",
      "Pinned certificate", "Accept exactly the server certificate with this "
      "SHA-256 fingerprint (\"sha-256 AB:CD:...\")", DEFAULT_PINNED_CERTIFICATE, rw);
  properties[PROP_ALLOW_INSECURE] = g_param_spec_boolean ("allow-insecure",
      "Allow insecure", "Allow plain ws:// to a loopback address (logged "
      "as a warning)", DEFAULT_ALLOW_INSECURE, rw);
  properties[PROP_PROTOCOL_VERSION] = g_param_spec_enum ("protocol-version",
      "Protocol version", "Protocol version to ask for (v1_1 sends "
      "setProtocolVersion first)", GST_TYPE_SECURE_RTC_SIGNALLING_PROTOCOL_VERSION,
      DEFAULT_PROTOCOL_VERSION, rw);
  properties[PROP_RECONNECT_ATTEMPTS] = g_param_spec_int ("reconnect-attempts",
      "Reconnect attempts", "Reconnections tried after a failure or a loss "
      "(-1 = forever, 0 = none)", -1, G_MAXINT, DEFAULT_RECONNECT_ATTEMPTS, rw);
  properties[PROP_RECONNECT_DELAY] = g_param_spec_uint ("reconnect-delay",
      "Reconnect delay", "First reconnection delay in ms (doubles, up to 30 s)",
      1, MAX_RECONNECT_DELAY, DEFAULT_RECONNECT_DELAY, rw);
  properties[PROP_CONNECT_TIMEOUT] = g_param_spec_uint ("connect-timeout",
      "Connect timeout", "Seconds to wait for the server (0 = no limit)",
      0, 3600, DEFAULT_CONNECT_TIMEOUT, rw);
  properties[PROP_PEER_ID] = g_param_spec_string ("peer-id", "Peer id",
      "The id the server assigned to us (NULL until welcome)", NULL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", "State",
      "Connection state", GST_TYPE_SECURE_RTC_SIGNALLER_STATE,
      GST_SECURE_RTC_SIGNALLER_STATE_DISCONNECTED, ro);
  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  /**
   * GstSecureRtcSignaller::welcome:
   * @peer_id: the id the server gave us
   */
  signals[SIGNAL_WELCOME] = g_signal_new ("welcome", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * GstSecureRtcSignaller::peer-status-changed:
   * @peer_id: the peer
   * @roles: its roles (none: it left)
   * @meta: (nullable): its meta
   */
  signals[SIGNAL_PEER_STATUS_CHANGED] = g_signal_new ("peer-status-changed",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 3, G_TYPE_STRING, GST_TYPE_SECURE_RTC_SIGNALLING_ROLES,
      JSON_TYPE_NODE);
  /**
   * GstSecureRtcSignaller::producer-list:
   * @producers: array of {"id","meta"} objects
   */
  signals[SIGNAL_PRODUCER_LIST] = g_signal_new ("producer-list",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 1, JSON_TYPE_ARRAY);
  /**
   * GstSecureRtcSignaller::consumer-list:
   * @consumers: array of {"id","meta"} objects (peers with role consumer)
   */
  signals[SIGNAL_CONSUMER_LIST] = g_signal_new ("consumer-list",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 1, JSON_TYPE_ARRAY);
  /**
   * GstSecureRtcSignaller::session-started:
   * @peer_id: the producer
   * @session_id: the new session (we are its consumer)
   */
  signals[SIGNAL_SESSION_STARTED] = g_signal_new ("session-started",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstSecureRtcSignaller::start-session:
   * @peer_id: the consumer
   * @session_id: the new session (we are its producer)
   * @offer: (nullable): the consumer's offer, if it sent one
   */
  signals[SIGNAL_START_SESSION] = g_signal_new ("start-session",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstSecureRtcSignaller::sdp:
   * @session_id: the session
   * @type: "offer" or "answer"
   * @sdp: the SDP text, untouched
   */
  signals[SIGNAL_SDP] = g_signal_new ("sdp", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
      G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstSecureRtcSignaller::ice:
   * @session_id: the session
   * @candidate: the candidate line ("" = end of candidates, from browsers)
   * @sdp_mline_index: its m-line
   */
  signals[SIGNAL_ICE] = g_signal_new ("ice", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING,
      G_TYPE_STRING, G_TYPE_UINT);
  /**
   * GstSecureRtcSignaller::end-session:
   * @session_id: the session the other side (or the server) ended
   * @error: (nullable): why (protocol v1_1 only)
   */
  signals[SIGNAL_END_SESSION] = g_signal_new ("end-session",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GstSecureRtcSignaller::server-error:
   * @details: the server's "error" message: our last message was refused
   */
  signals[SIGNAL_SERVER_ERROR] = g_signal_new ("server-error",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * GstSecureRtcSignaller::error:
   * @error: a #GST_SECURE_RTC_SIGNALLING_ERROR: TLS, UNREACHABLE, PROTOCOL
   *   or CLOSED
   *
   * The connection failed or was lost. Reconnection follows if configured.
   */
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}
