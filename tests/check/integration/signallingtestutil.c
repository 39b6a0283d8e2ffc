/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gst/check/gstcheck.h>
#include <glib/gstdio.h>

#include "signallingtestutil.h"

gchar *
sig_test_server_path (void)
{
  const gchar *root = g_getenv ("SECURERTC_BUILD_ROOT");

  return g_build_filename (root ? root : SECURERTC_BUILDDIR, "tools",
      "signalling-server", "gst-securertc-signalling-server", NULL);
}

static gboolean
on_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
sig_test_wait_flag (gboolean * flag, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (20, on_wake, NULL);

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return *flag;
}

void
sig_test_spin (guint ms)
{
  gboolean never = FALSE;

  sig_test_wait_flag (&never, ms);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

SigTestServer *
sig_test_server_start_in (const gchar * dir, const gchar * const *extra_args)
{
  SigTestServer *srv = g_new0 (SigTestServer, 1);
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  gint i;

  srv->dir = g_strdup (dir);
  g_ptr_array_add (argv, sig_test_server_path ());
  g_ptr_array_add (argv, g_strdup ("--host"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1"));
  g_ptr_array_add (argv, g_strdup ("--port"));
  g_ptr_array_add (argv, g_strdup ("0"));
  g_ptr_array_add (argv, g_strdup ("--self-signed"));
  g_ptr_array_add (argv, g_strdup (srv->dir));
  for (i = 0; extra_args && extra_args[i]; i++)
    g_ptr_array_add (argv, g_strdup (extra_args[i]));
  g_ptr_array_add (argv, NULL);

  {
    g_autoptr (GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    /* A test killed by its timeout must not leave its server behind. */
    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    srv->proc = g_subprocess_launcher_spawnv (launcher,
        (const gchar * const *) argv->pdata, &error);
  }
  fail_unless (srv->proc != NULL, "cannot start the server: %s",
      error ? error->message : "?");

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (srv->proc));
  /* Bounded by the check timeout: the server prints these at once. */
  for (i = 0; i < 20 && srv->port == 0; i++) {
    g_autofree gchar *line = g_data_input_stream_read_line (out, NULL, NULL, NULL);

    if (line == NULL)
      break;
    if (g_str_has_prefix (line, "certificate "))
      srv->cert_file = g_strdup (line + strlen ("certificate "));
    else if (g_str_has_prefix (line, "fingerprint "))
      srv->fingerprint = g_strdup (line + strlen ("fingerprint "));
    else if (g_str_has_prefix (line, "spki-sha256 "))
      srv->spki = g_strdup (line + strlen ("spki-sha256 "));
    else if (g_str_has_prefix (line, "listening on ")) {
      const gchar *colon = strrchr (line, ':');

      srv->port = colon ? atoi (colon + 1) : 0;
      srv->uri = g_strdup (line + strlen ("listening on "));
    }
  }
  fail_unless (srv->port > 0, "the server did not report its port");
  return srv;
}

SigTestServer *
sig_test_server_start (const gchar * const *extra_args)
{
  g_autofree gchar *dir = g_dir_make_tmp ("sigtest-XXXXXX", NULL);

  return sig_test_server_start_in (dir, extra_args);
}

gboolean
sig_test_server_is_running (SigTestServer * srv)
{
  return g_subprocess_get_identifier (srv->proc) != NULL;
}

static void
on_wait_done (GObject * src, GAsyncResult * res, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (src), res, NULL);
  *(gboolean *) data = TRUE;
}

void
sig_test_server_stop (SigTestServer * srv)
{
  gboolean done = FALSE;
  g_autofree gchar *cert = NULL, *key = NULL;

  if (srv == NULL)
    return;
  if (g_subprocess_get_identifier (srv->proc)) {
    g_subprocess_send_signal (srv->proc, SIGTERM);
    g_subprocess_wait_async (srv->proc, NULL, on_wait_done, &done);
    if (!sig_test_wait_flag (&done, 5000)) {
      g_subprocess_force_exit (srv->proc);
      sig_test_wait_flag (&done, 5000);
    }
  }
  g_object_unref (srv->proc);
  cert = g_build_filename (srv->dir, "cert.pem", NULL);
  key = g_build_filename (srv->dir, "key.pem", NULL);
  g_unlink (cert);
  g_unlink (key);
  g_rmdir (srv->dir);
  g_free (srv->dir);
  g_free (srv->cert_file);
  g_free (srv->fingerprint);
  g_free (srv->spki);
  g_free (srv->uri);
  g_free (srv);
}

/* ---- raw WebSocket clients ---- */

static void
on_message (SoupWebsocketConnection * ws, gint type, GBytes * bytes, SigTestClient * c)
{
  gsize len;
  const gchar *data = g_bytes_get_data (bytes, &len);

  c->last_rx = g_get_monotonic_time ();
  g_queue_push_tail (&c->texts, g_strndup (data, len));
}

static void
on_closed (SoupWebsocketConnection * ws, SigTestClient * c)
{
  c->closed = TRUE;
  c->close_code = soup_websocket_connection_get_close_code (ws);
}

typedef struct
{
  gboolean done;
  SoupWebsocketConnection *ws;
  GError *error;
} ConnectResult;

static void
on_connected (GObject * src, GAsyncResult * res, gpointer data)
{
  ConnectResult *r = data;

  r->ws = soup_session_websocket_connect_finish (SOUP_SESSION (src), res, &r->error);
  r->done = TRUE;
}

SigTestClient *
sig_test_client_connect_uri (const gchar * uri, const gchar * ca_file, GError ** error)
{
  SigTestClient *c = g_new0 (SigTestClient, 1);
  g_autoptr (SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);
  ConnectResult r = { 0 };

  g_queue_init (&c->texts);
  c->session = soup_session_new_with_options ("timeout", 20, "max-conns", 4096,
      "max-conns-per-host", 4096, NULL);
  if (ca_file) {
    g_autoptr (GTlsDatabase) db = g_tls_file_database_new (ca_file, NULL);

    soup_session_set_tls_database (c->session, db);
  }
  soup_session_websocket_connect_async (c->session, msg, NULL, NULL,
      G_PRIORITY_DEFAULT, NULL, on_connected, &r);
  sig_test_wait_flag (&r.done, 30000);
  if (r.ws == NULL) {
    if (r.error)
      g_propagate_error (error, r.error);
    else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "connect timed out");
    g_object_unref (c->session);
    g_free (c);
    return NULL;
  }
  c->ws = r.ws;
  soup_websocket_connection_set_max_incoming_payload_size (c->ws, 16 * 1024 * 1024);
  g_signal_connect (c->ws, "message", G_CALLBACK (on_message), c);
  g_signal_connect (c->ws, "closed", G_CALLBACK (on_closed), c);
  return c;
}

SigTestClient *
sig_test_client_connect (SigTestServer * srv)
{
  g_autoptr (GError) error = NULL;
  SigTestClient *c = sig_test_client_connect_uri (srv->uri, srv->cert_file, &error);
  JsonObject *welcome;

  fail_unless (c != NULL, "cannot connect to %s: %s", srv->uri,
      error ? error->message : "?");
  welcome = sig_test_client_expect (c, "welcome", 5000);
  c->peer_id = g_strdup (json_object_get_string_member (welcome, "peerId"));
  fail_unless (g_uuid_string_is_valid (c->peer_id), "peer id is not a UUID");
  json_object_unref (welcome);
  return c;
}

void
sig_test_client_send (SigTestClient * c, const gchar * text)
{
  soup_websocket_connection_send_text (c->ws, text);
}

void
sig_test_client_sendf (SigTestClient * c, const gchar * format, ...)
{
  g_autofree gchar *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  sig_test_client_send (c, text);
}

static gboolean
has_text (SigTestClient * c)
{
  return !g_queue_is_empty (&c->texts);
}

gchar *
sig_test_client_next_text (SigTestClient * c, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, on_wake, NULL);

  while (!has_text (c) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return g_queue_pop_head (&c->texts);
}

JsonObject *
sig_test_client_expect (SigTestClient * c, const gchar * type, guint timeout_ms)
{
  g_autofree gchar *text = sig_test_client_next_text (c, timeout_ms);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  fail_unless (text != NULL, "no '%s' message within %u ms", type, timeout_ms);
  fail_unless (json_parser_load_from_data (parser, text, -1, NULL),
      "not JSON: %s", text);
  fail_unless (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  obj = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  fail_unless (g_strcmp0 (json_object_get_string_member_with_default (obj,
              "type", ""), type) == 0, "expected '%s', got %s", type, text);
  return obj;
}

gboolean
sig_test_client_silent (SigTestClient * c, guint ms)
{
  g_autofree gchar *text = sig_test_client_next_text (c, ms);

  if (text)
    GST_INFO ("unexpected message: %s", text);
  return text == NULL;
}

gboolean
sig_test_client_wait_closed (SigTestClient * c, guint timeout_ms)
{
  return sig_test_wait_flag (&c->closed, timeout_ms);
}

void
sig_test_client_set_status (SigTestClient * c, const gchar * roles_json,
    const gchar * meta_json)
{
  sig_test_client_sendf (c, "{\"type\":\"setPeerStatus\",\"roles\":%s,\"meta\":%s}",
      roles_json, meta_json);
  if (strstr (roles_json, "listener")) {
    JsonObject *o = sig_test_client_expect (c, "peerStatusChanged", 5000);

    fail_unless_equals_string (json_object_get_string_member (o, "peerId"),
        c->peer_id);
    json_object_unref (o);
  } else {
    /* No echo for non-listeners: a round trip on the same connection makes
     * sure the status is in place before other connections rely on it. */
    sig_test_client_send (c, "{\"type\":\"list\"}");
    json_object_unref (sig_test_client_expect (c, "list", 5000));
  }
}

void
sig_test_client_free (SigTestClient * c)
{
  if (c == NULL)
    return;
  if (c->ws) {
    g_signal_handlers_disconnect_by_data (c->ws, c);
    if (soup_websocket_connection_get_state (c->ws) == SOUP_WEBSOCKET_STATE_OPEN)
      soup_websocket_connection_close (c->ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
    g_object_unref (c->ws);
  }
  g_object_unref (c->session);
  g_queue_clear_full (&c->texts, g_free);
  g_free (c->peer_id);
  g_free (c);
}
