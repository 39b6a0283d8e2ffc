/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Connections of the signalling server and their limits.
 *
 *   GSocketService --accept--> [pending: deadline timer]
 *        | TLS handshake (GTlsServerConnection, ours, so it can be timed out)
 *        v
 *   SoupServer (soup_server_accept_iostream) --HTTP upgrade--> WebSocket
 *        | deadline cancelled; per-connection limits:
 *        |   message size (libsoup refuses from the frame header, 1009),
 *        |   message rate (token bucket: error + close 1008)
 *        v
 *   SigHub (protocol state, sigserver-hub.c)
 *
 * We accept the sockets ourselves instead of soup_server_listen() because
 * libsoup has no deadline for the TLS handshake or the request headers: a
 * client that connects and says nothing would hold a socket forever.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/stat.h>

#include <gio/gnetworking.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <gst/securertc/signalling/gstsignallingprotocol.h>

#include "sigserver-connection.h"
#include "sigserver-hub.h"

/* WebSocket close codes (RFC 6455 §7.4.1) */
#define CLOSE_GOING_AWAY 1001
#define CLOSE_POLICY_VIOLATION 1008

#define MAX_STATIC_FILE_SIZE (16 * 1024 * 1024)

struct _SigServer
{
  SigServerConfig config;
  GSocketService *service;
  SoupServer *soup;
  SigHub *hub;
  guint port;
  gboolean shutting_down;
  GHashTable *pending;          /* "addr:port" -> Pending (owned) */
  GHashTable *conns;            /* SigConn* set (owned) */
};

/* A TCP connection that has not become a WebSocket yet. */
typedef struct
{
  SigServer *server;
  gchar *addr;
  GSocketConnection *conn;
  GIOStream *stream;            /* the TLS connection, or conn */
  GSocketAddress *local, *remote;
  GCancellable *cancellable;
  guint timeout_id;
} Pending;

/* An accepted WebSocket: one peer. */
typedef struct
{
  SigServer *server;
  SoupWebsocketConnection *ws;
  SigPeer *peer;
  gchar *remote;
  gdouble tokens;
  gint64 last_refill;
  gboolean closing;
} SigConn;

static void
pending_free (Pending * p)
{
  if (p->timeout_id)
    g_source_remove (p->timeout_id);
  g_cancellable_cancel (p->cancellable);
  g_object_unref (p->cancellable);
  g_clear_object (&p->stream);
  g_clear_object (&p->conn);
  g_clear_object (&p->local);
  g_clear_object (&p->remote);
  g_free (p->addr);
  g_free (p);
}

static gchar *
address_string (GSocketAddress * addr)
{
  g_autofree gchar *ip = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (addr))
    return g_strdup ("?");
  ip = g_inet_address_to_string (g_inet_socket_address_get_address
      (G_INET_SOCKET_ADDRESS (addr)));
  return g_strdup_printf ("%s:%u", ip,
      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr)));
}

/* ---- the hub's output ---- */

static void
conn_send (gpointer conn, const gchar * text, gpointer user_data)
{
  SigConn *c = conn;

  if (c->ws && soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (c->ws, text);
}

static void
conn_close (SigConn * c, gushort code, const gchar * reason)
{
  if (c->closing)
    return;
  c->closing = TRUE;
  if (soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (c->ws, code, reason);
}

/* ---- WebSocket connections ---- */

/* Token bucket: rate_limit messages/s sustained, rate_burst at once. */
static gboolean
conn_take_token (SigConn * c)
{
  const SigServerConfig *cfg = &c->server->config;
  gint64 now = g_get_monotonic_time ();

  c->tokens += (now - c->last_refill) * (gdouble) cfg->rate_limit / G_USEC_PER_SEC;
  if (c->tokens > cfg->rate_burst)
    c->tokens = cfg->rate_burst;
  c->last_refill = now;
  if (c->tokens < 1.0)
    return FALSE;
  c->tokens -= 1.0;
  return TRUE;
}

static void
on_ws_message (SoupWebsocketConnection * ws, gint type, GBytes * message,
    SigConn * c)
{
  SigServer *server = c->server;
  gsize len;
  const gchar *data;

  if (c->closing || c->peer == NULL)
    return;

  if (!conn_take_token (c)) {
    g_message ("peer %s (%s): more than %u messages/s (burst %u), closing",
        sig_peer_get_id (c->peer), c->remote, server->config.rate_limit,
        server->config.rate_burst);
    sig_hub_send_error (server->hub, c->peer,
        "rate limit exceeded: too many messages, closing");
    conn_close (c, CLOSE_POLICY_VIOLATION, "rate limit exceeded");
    return;
  }

  if (type != SOUP_WEBSOCKET_DATA_TEXT) {
    sig_hub_send_error (server->hub, c->peer,
        "binary frames are not supported: send JSON in text frames");
    return;
  }
  data = g_bytes_get_data (message, &len);
  sig_hub_handle_text (server->hub, c->peer, data, len);
}

static void
on_ws_error (SoupWebsocketConnection * ws, GError * error, SigConn * c)
{
  /* libsoup closes after this (e.g. 1009 for a frame over the size limit,
   * refused from its header before the payload is read). */
  g_message ("connection %s (peer %s): %s", c->remote,
      c->peer ? sig_peer_get_id (c->peer) : "-", error->message);
}

static void
sig_conn_free (SigConn * c)
{
  g_signal_handlers_disconnect_by_data (c->ws, c);
  g_object_unref (c->ws);
  g_free (c->remote);
  g_free (c);
}

static void
on_ws_closed (SoupWebsocketConnection * ws, SigConn * c)
{
  SigServer *server = c->server;

  if (c->peer) {
    SigPeer *peer = c->peer;

    c->peer = NULL;
    sig_hub_remove_peer (server->hub, peer);
  }
  g_hash_table_remove (server->conns, c);
}

static void
on_websocket (SoupServer * soup, SoupServerMessage * msg, const char *path,
    SoupWebsocketConnection * ws, gpointer user_data)
{
  SigServer *server = user_data;
  g_autoptr (GError) error = NULL;
  SigConn *c;

  c = g_new0 (SigConn, 1);
  c->server = server;
  c->ws = g_object_ref (ws);
  c->remote = address_string (soup_server_message_get_remote_address (msg));
  c->tokens = server->config.rate_burst;
  c->last_refill = g_get_monotonic_time ();

  /* Upgraded: the handshake deadline no longer applies. */
  g_hash_table_remove (server->pending, c->remote);

  if (server->config.certificate == NULL)
    g_warning ("insecure ws:// connection from %s (--allow-insecure)", c->remote);

  soup_websocket_connection_set_max_incoming_payload_size (ws,
      server->config.max_message_size);
  soup_websocket_connection_set_keepalive_interval (ws,
      server->config.keepalive_interval);
  g_signal_connect (ws, "message", G_CALLBACK (on_ws_message), c);
  g_signal_connect (ws, "error", G_CALLBACK (on_ws_error), c);
  g_signal_connect (ws, "closed", G_CALLBACK (on_ws_closed), c);
  g_hash_table_add (server->conns, c);

  if (server->shutting_down) {
    conn_close (c, CLOSE_GOING_AWAY, "server shutting down");
    return;
  }
  c->peer = sig_hub_add_peer (server->hub, c, &error);
  if (c->peer == NULL) {
    GstSecureRtcSignallingMessage refusal = {
      .type = GST_SECURE_RTC_SIGNALLING_MSG_ERROR,
      .details = error->message,
    };
    g_autofree gchar *json = gst_secure_rtc_signalling_message_serialize (&refusal);

    g_message ("refusing %s: %s", c->remote, error->message);
    soup_websocket_connection_send_text (ws, json);
    /* 1008: libsoup peers refuse 1013 "try again later" as unknown. */
    conn_close (c, CLOSE_POLICY_VIOLATION, "server full");
  }
}

/* ---- static files (--web-root) ---- */

static void
serve_file (SigServer * server, SoupServerMessage * msg, const char *path)
{
  g_autofree gchar *decoded = g_uri_unescape_string (path, NULL);
  g_auto (GStrv) parts = NULL;
  g_autofree gchar *file = NULL;
  g_autofree gchar *contents = NULL;
  g_autofree gchar *ctype = NULL;
  gsize len = 0;
  GStatBuf st;
  guint i;

  if (decoded == NULL || decoded[0] != '/') {
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
    return;
  }
  parts = g_strsplit (decoded + 1, "/", -1);
  for (i = 0; parts[i]; i++) {
    if (strcmp (parts[i], "..") == 0 || strcmp (parts[i], ".") == 0) {
      soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  }
  file = g_build_filenamev ((gchar *[]) {
      server->config.web_root, decoded + 1, NULL});
  if (g_file_test (file, G_FILE_TEST_IS_DIR)) {
    gchar *index = g_build_filename (file, "index.html", NULL);

    g_free (file);
    file = index;
  }
  /* lstat: a symlink planted in the web root is not followed out of it. */
  if (g_lstat (file, &st) != 0 || !S_ISREG (st.st_mode)
      || st.st_size > MAX_STATIC_FILE_SIZE
      || !g_file_get_contents (file, &contents, &len, NULL)) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    return;
  }

  if (g_str_has_suffix (file, ".js") || g_str_has_suffix (file, ".mjs"))
    ctype = g_strdup ("text/javascript");
  else if (g_str_has_suffix (file, ".html"))
    ctype = g_strdup ("text/html; charset=utf-8");
  else if (g_str_has_suffix (file, ".css"))
    ctype = g_strdup ("text/css");
  else
    ctype = g_strdup ("application/octet-stream");

  soup_message_headers_append (soup_server_message_get_response_headers (msg),
      "X-Content-Type-Options", "nosniff");
  soup_message_headers_append (soup_server_message_get_response_headers (msg),
      "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, ctype, SOUP_MEMORY_TAKE,
      g_steal_pointer (&contents), len);
}

static void
on_http (SoupServer * soup, SoupServerMessage * msg, const char *path,
    GHashTable * query, gpointer user_data)
{
  SigServer *server = user_data;
  const char *method = soup_server_message_get_method (msg);

  /* Upgrade requests go on to the WebSocket handler: leave the status unset. */
  if (soup_message_headers_header_contains (soup_server_message_get_request_headers
          (msg), "Upgrade", "websocket"))
    return;

  if (server->config.web_root == NULL) {
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
        "gst-securertc signalling server: connect with a WebSocket\n", 58);
    return;
  }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD) {
    soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
    return;
  }
  serve_file (server, msg, path);
}

/* A finished plain HTTP request: the connection may stay open for the next
 * one, under a fresh deadline. */
static gboolean on_pending_timeout (gpointer data);

static void
on_request_finished (SoupServer * soup, SoupServerMessage * msg, gpointer user_data)
{
  SigServer *server = user_data;
  g_autofree gchar *addr = address_string (soup_server_message_get_remote_address (msg));
  Pending *p = g_hash_table_lookup (server->pending, addr);

  if (p && p->timeout_id) {
    g_source_remove (p->timeout_id);
    p->timeout_id = g_timeout_add_seconds (server->config.handshake_timeout,
        on_pending_timeout, p);
  }
}

/* ---- accepting, TLS, deadline ---- */

static gboolean
on_pending_timeout (gpointer data)
{
  Pending *p = data;
  GSocket *sock = g_socket_connection_get_socket (p->conn);

  p->timeout_id = 0;
  g_message ("dropping %s: no WebSocket upgrade within %u s", p->addr,
      p->server->config.handshake_timeout);
  /* Shut the socket down under whoever reads it (our TLS handshake or
   * libsoup's request parser): they see EOF and clean up normally. */
  g_socket_shutdown (sock, TRUE, TRUE, NULL);
  g_hash_table_remove (p->server->pending, p->addr);
  return G_SOURCE_REMOVE;
}

static void
on_handshake_done (GObject * source, GAsyncResult * res, gpointer user_data)
{
  GTlsConnection *tls = G_TLS_CONNECTION (source);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *addr = user_data;
  SigServer *server;
  Pending *p;

  if (!g_tls_connection_handshake_finish (tls, res, &error)) {
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_message ("TLS handshake with %s failed: %s", addr, error->message);
    server = g_object_get_data (G_OBJECT (tls), "sigserver");
    if (server && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      g_hash_table_remove (server->pending, addr);
    return;
  }
  server = g_object_get_data (G_OBJECT (tls), "sigserver");
  p = g_hash_table_lookup (server->pending, addr);
  if (p == NULL)
    return;                     /* timed out meanwhile */
  if (!soup_server_accept_iostream (server->soup, p->stream, p->local, p->remote,
          &error)) {
    g_message ("cannot serve %s: %s", addr, error->message);
    g_hash_table_remove (server->pending, addr);
  }
}

static gboolean
on_incoming (GSocketService * service, GSocketConnection * conn,
    GObject * source, gpointer user_data)
{
  SigServer *server = user_data;
  g_autoptr (GError) error = NULL;
  GSocket *sock = g_socket_connection_get_socket (conn);
  Pending *p;

  if (server->shutting_down)
    return FALSE;
  /* Connections still in their handshake count against the peer limit too,
   * so that a crowd of silent sockets cannot exhaust our descriptors. */
  if (g_hash_table_size (server->pending) >= server->config.max_peers) {
    g_message ("refusing a connection: %u still in their handshake",
        g_hash_table_size (server->pending));
    g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    return TRUE;
  }

  p = g_new0 (Pending, 1);
  p->server = server;
  p->conn = g_object_ref (conn);
  p->local = g_socket_get_local_address (sock, NULL);
  p->remote = g_socket_get_remote_address (sock, NULL);
  if (p->local == NULL || p->remote == NULL) {
    pending_free (p);
    return TRUE;
  }
  p->addr = address_string (p->remote);
  p->cancellable = g_cancellable_new ();
  g_socket_set_keepalive (sock, TRUE);
  g_socket_set_option (sock, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);

  /* Replaces (and so drops) a stale entry for the same address. */
  g_hash_table_replace (server->pending, p->addr, p);
  p->timeout_id = g_timeout_add_seconds (server->config.handshake_timeout,
      on_pending_timeout, p);

  if (server->config.certificate == NULL) {
    p->stream = G_IO_STREAM (g_object_ref (conn));
    if (!soup_server_accept_iostream (server->soup, p->stream, p->local,
            p->remote, &error)) {
      g_message ("cannot serve %s: %s", p->addr, error->message);
      g_hash_table_remove (server->pending, p->addr);
    }
    return TRUE;
  }

  /* No client certificates are asked for, so no trust database: with the
   * default one, glib-networking loads the whole system CA store into every
   * connection (megabytes each, at a thousand peers). */
  p->stream = g_initable_new (g_tls_backend_get_server_connection_type
      (g_tls_backend_get_default ()), NULL, &error,
      "base-io-stream", conn, "certificate", server->config.certificate,
      "database", NULL, "authentication-mode", G_TLS_AUTHENTICATION_NONE,
      "require-close-notify", FALSE, NULL);
  if (p->stream == NULL) {
    g_message ("TLS setup for %s failed: %s", p->addr, error->message);
    g_hash_table_remove (server->pending, p->addr);
    return TRUE;
  }
  {
    const gchar *alpn[] = { "http/1.1", NULL };
    g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (p->stream), alpn);
  }
  g_object_set_data (G_OBJECT (p->stream), "sigserver", server);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (p->stream),
      G_PRIORITY_DEFAULT, p->cancellable, on_handshake_done, g_strdup (p->addr));
  return TRUE;
}

static GInetAddress *
resolve_host (const gchar * host, GError ** error)
{
  GInetAddress *addr = g_inet_address_new_from_string (host);
  GList *list;

  if (addr)
    return addr;
  list = g_resolver_lookup_by_name (g_resolver_get_default (), host, NULL, error);
  if (list == NULL)
    return NULL;
  addr = g_object_ref (list->data);
  g_resolver_free_addresses (list);
  return addr;
}

SigServer *
sig_server_new (const SigServerConfig * config, GError ** error)
{
  SigServer *server = g_new0 (SigServer, 1);
  SigHubLimits limits = {
    .max_peers = config->max_peers,
    .max_sessions_per_peer = config->max_sessions_per_peer,
  };
  SigHubCallbacks cb = {.send = conn_send };
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) addr = NULL;
  g_autoptr (GSocketAddress) effective = NULL;

  server->config = *config;
  server->config.host = g_strdup (config->host);
  server->config.web_root = g_strdup (config->web_root);
  if (config->certificate)
    g_object_ref (config->certificate);
  server->pending = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) pending_free);
  server->conns = g_hash_table_new_full (NULL, NULL,
      (GDestroyNotify) sig_conn_free, NULL);
  server->hub = sig_hub_new (&limits, &cb, server);

  server->soup = soup_server_new ("server-header", "gst-securertc-signalling-server",
      NULL);
  soup_server_add_handler (server->soup, NULL, on_http, server, NULL);
  soup_server_add_websocket_handler (server->soup, NULL, NULL, NULL,
      on_websocket, server, NULL);
  g_signal_connect (server->soup, "request-finished",
      G_CALLBACK (on_request_finished), server);

  inet = resolve_host (config->host, error);
  if (inet == NULL)
    goto fail;
  addr = g_inet_socket_address_new (inet, config->port);
  server->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (server->service), 1024);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), addr,
          G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    goto fail;
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);
  return server;

fail:
  sig_server_free (server);
  return NULL;
}

guint
sig_server_get_port (SigServer * server)
{
  return server->port;
}

guint
sig_server_get_n_connections (SigServer * server)
{
  return g_hash_table_size (server->conns) + g_hash_table_size (server->pending);
}

void
sig_server_shutdown (SigServer * server)
{
  GHashTableIter it;
  SigConn *c;

  server->shutting_down = TRUE;
  if (server->service) {
    g_socket_service_stop (server->service);
    g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  }
  g_hash_table_remove_all (server->pending);
  sig_hub_end_all_sessions (server->hub);
  g_hash_table_iter_init (&it, server->conns);
  while (g_hash_table_iter_next (&it, (gpointer *) & c, NULL))
    conn_close (c, CLOSE_GOING_AWAY, "server shutting down");
}

void
sig_server_free (SigServer * server)
{
  GHashTableIter it;
  SigConn *c;

  if (server->service) {
    g_socket_service_stop (server->service);
    g_socket_listener_close (G_SOCKET_LISTENER (server->service));
    g_clear_object (&server->service);
  }
  g_hash_table_remove_all (server->pending);
  g_hash_table_iter_init (&it, server->conns);
  while (g_hash_table_iter_next (&it, (gpointer *) & c, NULL)) {
    if (c->peer)
      sig_hub_remove_peer (server->hub, c->peer);
    c->peer = NULL;
  }
  g_hash_table_remove_all (server->conns);
  g_clear_object (&server->soup);
  sig_hub_free (server->hub);
  g_hash_table_unref (server->pending);
  g_hash_table_unref (server->conns);
  g_clear_object (&server->config.certificate);
  g_free (server->config.host);
  g_free (server->config.web_root);
  g_free (server);
}
