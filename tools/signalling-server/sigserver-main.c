/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * gst-securertc-signalling-server: the GStreamer WebRTC signalling protocol
 * (webrtcsink/webrtcsrc, gstwebrtc-api) over TLS.
 *
 *   gst-securertc-signalling-server --self-signed ~/.local/share/securertc-sig
 *   gst-securertc-signalling-server --cert fullchain.pem --key privkey.pem --port 8443
 *   gst-securertc-signalling-server --allow-insecure --host 127.0.0.1 --port 0
 *
 * On start it prints, one per line on stdout, the certificate fingerprint,
 * the SPKI hash and "listening on wss://HOST:PORT" (the port actually bound,
 * so --port 0 can be used by scripts and tests).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "sigserver-connection.h"
#include "sigserver-tls.h"

#define DEFAULT_HOST "0.0.0.0"
#define DEFAULT_PORT 8443
#define DEFAULT_MAX_MESSAGE_SIZE (256 * 1024)
#define DEFAULT_MAX_PEERS 10000
#define DEFAULT_MAX_SESSIONS_PER_PEER 64
#define DEFAULT_RATE_LIMIT 50
#define DEFAULT_RATE_BURST 200
#define DEFAULT_HANDSHAKE_TIMEOUT 10
#define DEFAULT_KEEPALIVE 30
#define SHUTDOWN_GRACE_MS 2000

typedef struct
{
  GMainLoop *loop;
  SigServer *server;
  guint grace_id;
} App;

static gboolean
on_grace_check (gpointer data)
{
  App *app = data;
  static gint64 deadline = 0;

  if (deadline == 0)
    deadline = g_get_monotonic_time () + SHUTDOWN_GRACE_MS * 1000;
  if (sig_server_get_n_connections (app->server) == 0
      || g_get_monotonic_time () > deadline) {
    g_main_loop_quit (app->loop);
    app->grace_id = 0;
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer data)
{
  App *app = data;

  if (app->grace_id)
    return G_SOURCE_CONTINUE;
  g_message ("shutting down: ending sessions and closing connections");
  sig_server_shutdown (app->server);
  app->grace_id = g_timeout_add (50, on_grace_check, app);
  return G_SOURCE_CONTINUE;
}

static void
raise_fd_limit (void)
{
  struct rlimit rl;

  /* One descriptor per peer: 1000 peers do not fit the usual soft 1024. */
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit (RLIMIT_NOFILE, &rl);
  }
}

static gboolean
host_is_loopback (const gchar * host)
{
  g_autoptr (GInetAddress) addr = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

int
main (int argc, char **argv)
{
  g_autofree gchar *host = NULL;
  gint port = DEFAULT_PORT;
  g_autofree gchar *cert_file = NULL;
  g_autofree gchar *key_file = NULL;
  g_autofree gchar *self_signed = NULL;
  g_autofree gchar *web_root = NULL;
  gboolean allow_insecure = FALSE;
  gint64 max_message_size = DEFAULT_MAX_MESSAGE_SIZE;
  gint max_peers = DEFAULT_MAX_PEERS;
  gint max_sessions = DEFAULT_MAX_SESSIONS_PER_PEER;
  gint rate_limit = DEFAULT_RATE_LIMIT;
  gint rate_burst = DEFAULT_RATE_BURST;
  gint handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT;
  gint keepalive = DEFAULT_KEEPALIVE;
  GOptionEntry entries[] = {
    {"host", 0, 0, G_OPTION_ARG_STRING, &host,
        N_("Address to listen on (default " DEFAULT_HOST ")"), "ADDR"},
    {"port", 'p', 0, G_OPTION_ARG_INT, &port,
        N_("Port to listen on, 0 for any free port (default 8443)"), "PORT"},
    {"cert", 0, 0, G_OPTION_ARG_FILENAME, &cert_file,
        N_("TLS certificate (chain), PEM"), "FILE"},
    {"key", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
        N_("TLS private key, PEM"), "FILE"},
    {"self-signed", 0, 0, G_OPTION_ARG_FILENAME, &self_signed,
        N_("Use DIR/cert.pem and DIR/key.pem, generating a self-signed ECDSA "
              "P-256 certificate there if missing"), "DIR"},
    {"allow-insecure", 0, 0, G_OPTION_ARG_NONE, &allow_insecure,
        N_("Serve plain ws:// without TLS (only on a loopback address)"), NULL},
    {"web-root", 0, 0, G_OPTION_ARG_FILENAME, &web_root,
        N_("Serve the static files of DIR on the same origin"), "DIR"},
    {"max-message-size", 0, 0, G_OPTION_ARG_INT64, &max_message_size,
        N_("Largest WebSocket message in bytes (default 262144)"), "BYTES"},
    {"max-peers", 0, 0, G_OPTION_ARG_INT, &max_peers,
        N_("Most peers connected at once (default 10000)"), "N"},
    {"max-sessions-per-peer", 0, 0, G_OPTION_ARG_INT, &max_sessions,
        N_("Most sessions one peer takes part in (default 64)"), "N"},
    {"rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
        N_("Messages per second a peer may send, sustained (default 50)"), "N"},
    {"rate-burst", 0, 0, G_OPTION_ARG_INT, &rate_burst,
        N_("Messages a peer may send in a burst (default 200)"), "N"},
    {"handshake-timeout", 0, 0, G_OPTION_ARG_INT, &handshake_timeout,
        N_("Seconds a connection has for the TLS handshake and the WebSocket "
              "upgrade (default 10)"), "S"},
    {"keepalive", 0, 0, G_OPTION_ARG_INT, &keepalive,
        N_("Seconds of silence before a WebSocket ping (default 30, 0 = off)"), "S"},
    {NULL}
  };
  g_autoptr (GOptionContext) ctx = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) cert = NULL;
  SigServerConfig config = { 0 };
  App app = { 0 };

  setlocale (LC_ALL, "");
#ifdef ENABLE_NLS
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
#endif
  /* Scripts read our stdout line by line. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  ctx = g_option_context_new (NULL);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx,
      _("GStreamer WebRTC signalling server (webrtcsink/webrtcsrc and "
          "gstwebrtc-api protocol), over TLS."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("%s\n", error->message);
    return 2;
  }
  if (host == NULL)
    host = g_strdup (allow_insecure ? "127.0.0.1" : DEFAULT_HOST);

  if (port < 0 || port > 65535 || max_message_size < 64 || max_peers < 1
      || max_sessions < 1 || rate_limit < 1 || rate_burst < 1
      || handshake_timeout < 1 || handshake_timeout > 30 || keepalive < 0) {
    g_printerr ("%s\n", _("Invalid option value: ports 0-65535, sizes and "
            "limits at least 1, --handshake-timeout 1-30 s."));
    return 2;
  }
  if ((cert_file != NULL) != (key_file != NULL)) {
    g_printerr ("%s\n", _("--cert and --key go together."));
    return 2;
  }
  if (self_signed && cert_file) {
    g_printerr ("%s\n", _("Give either --self-signed or --cert/--key, not both."));
    return 2;
  }

  if (self_signed) {
    if (!sig_tls_ensure_self_signed (self_signed, &cert_file, &key_file, &error)) {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  }
  if (cert_file) {
    g_autofree gchar *fp = NULL;
    g_autofree gchar *spki = NULL;

    if (allow_insecure)
      g_printerr ("%s\n", _("--allow-insecure ignored: a certificate is given, "
              "serving wss://"));
    cert = sig_tls_load (cert_file, key_file, &error);
    if (cert == NULL) {
      g_printerr ("%s\n", error->message);
      return 1;
    }
    fp = sig_tls_fingerprint (cert);
    spki = sig_tls_spki_sha256 (cert);
    g_print ("certificate %s\n", cert_file);
    g_print ("fingerprint %s\n", fp);
    if (spki)
      g_print ("spki-sha256 %s\n", spki);
  } else if (!allow_insecure) {
    g_printerr ("%s\n", _("No TLS certificate: give --cert FILE --key FILE, or "
            "--self-signed DIR. Plain ws:// needs --allow-insecure and a "
            "loopback --host."));
    return 2;
  } else if (!host_is_loopback (host)) {
    g_printerr (_("Refusing plain ws:// on '%s': --allow-insecure works only "
            "on a loopback address (127.0.0.1, ::1).\n"), host);
    return 2;
  } else {
    g_warning ("serving plain ws:// without TLS on %s (--allow-insecure): "
        "signalling is readable and forgeable by anyone on this host", host);
  }

  raise_fd_limit ();

  config.host = host;
  config.port = port;
  config.certificate = cert;
  config.web_root = web_root;
  config.max_message_size = max_message_size;
  config.max_peers = max_peers;
  config.max_sessions_per_peer = max_sessions;
  config.rate_limit = rate_limit;
  config.rate_burst = rate_burst;
  config.handshake_timeout = handshake_timeout;
  config.keepalive_interval = keepalive;

  app.server = sig_server_new (&config, &error);
  if (app.server == NULL) {
    g_printerr (_("Cannot listen on %s:%d: %s\n"), host, port, error->message);
    return 1;
  }
  {
    gboolean v6 = strchr (host, ':') != NULL;

    g_print ("listening on %s://%s%s%s:%u\n", cert ? "wss" : "ws",
        v6 ? "[" : "", host, v6 ? "]" : "", sig_server_get_port (app.server));
  }

  app.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, &app);
  g_unix_signal_add (SIGTERM, on_signal, &app);
  g_main_loop_run (app.loop);

  sig_server_free (app.server);
  g_main_loop_unref (app.loop);
  g_print ("stopped\n");
  return 0;
}
