/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* signalling-bench: gst-securertc-signalling-server over TLS on loopback.
 *
 * 1. Relay latency: a consumer and a producer (GstSecureRtcSignaller) in one
 *    session; one `peer` ice message at a time goes consumer -> server ->
 *    producer and back; each one-way relay is timed from the send call to
 *    the receiving signal (same process, same monotonic clock). Reports the
 *    median and the 99th percentile. The server's per-connection rate limit
 *    is raised for this part (we measure the relay, not the limiter).
 * 2. Clients held: opens WSS clients (in waves of 50) until --clients are
 *    connected and welcomed, or one fails; then checks each is still served
 *    (a list round trip for all). Reports the count and the server's RSS.
 *
 *   signalling-bench [--messages N] [--clients N]
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <libsoup/soup.h>
#include <gst/securertc/signalling/gstsignaller.h>

#define WAVE 50

typedef struct
{
  GSubprocess *proc;
  gchar *dir;
  gchar *cert;
  gchar *uri;
} Server;

static gboolean
wake (gpointer d)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_flag (gboolean * flag, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint id = g_timeout_add (20, wake, NULL);

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return *flag;
}

static Server *
server_start (const gchar * const *extra)
{
  Server *s = g_new0 (Server, 1);
  const gchar *root = g_getenv ("SECURERTC_BUILD_ROOT");
  g_autofree gchar *path = g_build_filename (root ? root : SECURERTC_BUILDDIR,
      "tools", "signalling-server", "gst-securertc-signalling-server", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  gchar *line;
  guint i;

  s->dir = g_dir_make_tmp ("sigbench-XXXXXX", NULL);
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, (gpointer) "--host");
  g_ptr_array_add (argv, (gpointer) "127.0.0.1");
  g_ptr_array_add (argv, (gpointer) "--port");
  g_ptr_array_add (argv, (gpointer) "0");
  g_ptr_array_add (argv, (gpointer) "--self-signed");
  g_ptr_array_add (argv, s->dir);
  for (i = 0; extra && extra[i]; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  s->proc = g_subprocess_newv ((const gchar * const *) argv->pdata,
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  if (s->proc == NULL)
    g_error ("cannot start %s: %s", path, error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->proc));
  while (s->uri == NULL
      && (line = g_data_input_stream_read_line (out, NULL, NULL, NULL))) {
    if (g_str_has_prefix (line, "certificate "))
      s->cert = g_strdup (line + strlen ("certificate "));
    else if (g_str_has_prefix (line, "listening on "))
      s->uri = g_strdup (line + strlen ("listening on "));
    g_free (line);
  }
  if (s->uri == NULL || s->cert == NULL)
    g_error ("server did not start");
  return s;
}

static gsize
server_rss_kib (Server * s)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/%s/status",
      g_subprocess_get_identifier (s->proc));
  g_autofree gchar *text = NULL;
  const gchar *p;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  p = strstr (text, "VmRSS:");
  return p ? strtoul (p + 6, NULL, 10) : 0;
}

static void
server_stop (Server * s)
{
  g_autofree gchar *key = g_build_filename (s->dir, "key.pem", NULL);

  g_subprocess_send_signal (s->proc, SIGTERM);
  g_subprocess_wait (s->proc, NULL, NULL);
  g_object_unref (s->proc);
  g_unlink (key);
  g_unlink (s->cert);
  g_rmdir (s->dir);
  g_free (s->dir);
  g_free (s->cert);
  g_free (s->uri);
  g_free (s);
}

/* ---- relay latency ---- */

typedef struct
{
  gchar *session_id;
  gboolean got_session;
  gboolean got_ice;
  gboolean welcomed;
  gint64 t_rx;
} Side;

static void
on_welcome (GstSecureRtcSignaller * s, const gchar * id, Side * side)
{
  side->welcomed = TRUE;
}

static void
on_session (GstSecureRtcSignaller * s, const gchar * peer, const gchar * sid, Side * side)
{
  side->session_id = g_strdup (sid);
  side->got_session = TRUE;
}

static void
on_start_session (GstSecureRtcSignaller * s, const gchar * peer, const gchar * sid,
    const gchar * offer, Side * side)
{
  on_session (s, peer, sid, side);
}

static void
on_ice (GstSecureRtcSignaller * s, const gchar * sid, const gchar * cand, guint m,
    Side * side)
{
  side->t_rx = g_get_monotonic_time ();
  side->got_ice = TRUE;
}

static GstSecureRtcSignaller *
make_side (Server * srv, Side * side, GstSecureRtcSignallingRoles roles)
{
  GstSecureRtcSignaller *sig = gst_secure_rtc_signaller_new (srv->uri);

  g_object_set (sig, "ca-file", srv->cert, NULL);
  g_signal_connect (sig, "welcome", G_CALLBACK (on_welcome), side);
  g_signal_connect (sig, "session-started", G_CALLBACK (on_session), side);
  g_signal_connect (sig, "start-session", G_CALLBACK (on_start_session), side);
  g_signal_connect (sig, "ice", G_CALLBACK (on_ice), side);
  if (roles)
    gst_secure_rtc_signaller_set_peer_status (sig, roles, NULL);
  if (!gst_secure_rtc_signaller_start (sig, NULL) || !wait_flag (&side->welcomed, 10000))
    g_error ("cannot connect");
  return sig;
}

static gint
cmp_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
bench_latency (guint n_messages)
{
  const gchar *extra[] = { "--rate-limit", "1000000", "--rate-burst", "1000000", NULL };
  Server *srv = server_start (extra);
  Side ps = { 0 }, cs = { 0 };
  GstSecureRtcSignaller *p, *c;
  g_autofree gchar *pid = NULL;
  gint64 *lat = g_new0 (gint64, n_messages);
  guint i;

  p = make_side (srv, &ps, GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER);
  c = make_side (srv, &cs, 0);
  pid = gst_secure_rtc_signaller_dup_peer_id (p);
  g_usleep (100 * 1000);        /* let the producer's status land first */
  gst_secure_rtc_signaller_start_session (c, pid, NULL, NULL);
  if (!wait_flag (&cs.got_session, 5000) || !wait_flag (&ps.got_session, 5000))
    g_error ("no session");

  for (i = 0; i < n_messages; i++) {
    gboolean to_producer = (i % 2) == 0;
    Side *rx = to_producer ? &ps : &cs;
    gint64 t0;

    rx->got_ice = FALSE;
    t0 = g_get_monotonic_time ();
    gst_secure_rtc_signaller_send_ice (to_producer ? c : p,
        to_producer ? cs.session_id : ps.session_id,
        "candidate:1 1 UDP 2015363327 127.0.0.1 45011 typ host", 0, NULL);
    if (!wait_flag (&rx->got_ice, 5000))
      g_error ("message %u lost", i);
    lat[i] = rx->t_rx - t0;
  }
  qsort (lat, n_messages, sizeof (gint64), cmp_gint64);
  g_print ("relay latency over wss (%u messages, one in flight): median %.1f us, "
      "p99 %.1f us, max %.1f us\n", n_messages, (gdouble) lat[n_messages / 2],
      (gdouble) lat[(n_messages * 99) / 100], (gdouble) lat[n_messages - 1]);

  gst_secure_rtc_signaller_stop (p);
  gst_secure_rtc_signaller_stop (c);
  g_object_unref (p);
  g_object_unref (c);
  g_free (ps.session_id);
  g_free (cs.session_id);
  g_free (lat);
  server_stop (srv);
}

/* ---- clients held ---- */

typedef struct
{
  SoupWebsocketConnection *ws;
  gboolean done, failed, welcomed, listed;
} Held;

static guint n_welcomed, n_listed, n_done;

static void
held_message (SoupWebsocketConnection * ws, gint type, GBytes * b, Held * h)
{
  gsize len;
  const gchar *d = g_bytes_get_data (b, &len);

  if (!h->welcomed && g_strstr_len (d, len, "\"welcome\"")) {
    h->welcomed = TRUE;
    n_welcomed++;
  } else if (!h->listed && g_strstr_len (d, len, "\"list\"")) {
    h->listed = TRUE;
    n_listed++;
  }
}

static void
held_connected (GObject * src, GAsyncResult * res, gpointer data)
{
  Held *h = data;

  h->ws = soup_session_websocket_connect_finish (SOUP_SESSION (src), res, NULL);
  h->failed = h->ws == NULL;
  if (h->ws)
    g_signal_connect (h->ws, "message", G_CALLBACK (held_message), h);
  h->done = TRUE;
  n_done++;
}

static void
bench_clients (guint target)
{
  Server *srv = server_start (NULL);
  g_autoptr (GTlsDatabase) db = g_tls_file_database_new (srv->cert, NULL);
  Held *held = g_new0 (Held, target);
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 t0 = g_get_monotonic_time (), t1, t2;
  guint i, held_ok = 0, failed = 0;

  for (i = 0; i < target && failed == 0; i++) {
    g_autoptr (SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, srv->uri);

    if (i % WAVE == 0) {
      SoupSession *s = soup_session_new_with_options ("timeout", 30, "max-conns",
          2 * WAVE, "max-conns-per-host", 2 * WAVE, NULL);

      soup_session_set_tls_database (s, db);
      g_ptr_array_add (sessions, s);
    }
    soup_session_websocket_connect_async (g_ptr_array_index (sessions, i / WAVE), msg,
        NULL, NULL, G_PRIORITY_DEFAULT, NULL, held_connected, &held[i]);
    if ((i + 1) % WAVE == 0 || i + 1 == target) {
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

      while ((n_done < i + 1 || n_welcomed < n_done - failed)
          && g_get_monotonic_time () < deadline) {
        guint id = g_timeout_add (20, wake, NULL);
        guint j;

        g_main_context_iteration (NULL, TRUE);
        g_source_remove (id);
        failed = 0;
        for (j = 0; j <= i; j++)
          failed += held[j].failed;
      }
    }
  }
  t1 = g_get_monotonic_time ();
  for (i = 0; i < target; i++) {
    if (held[i].ws && held[i].welcomed) {
      soup_websocket_connection_send_text (held[i].ws, "{\"type\":\"list\"}");
      held_ok++;
    }
  }
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (n_listed < held_ok && g_get_monotonic_time () < deadline) {
      guint id = g_timeout_add (20, wake, NULL);

      g_main_context_iteration (NULL, TRUE);
      g_source_remove (id);
    }
  }
  t2 = g_get_monotonic_time ();
  g_print ("clients held: %u of %u connected over wss and welcomed in %.1f s "
      "(%u failed); %u answered a list together in %.3f s; server RSS %zu KiB\n",
      held_ok, target, (t1 - t0) / 1e6, failed, n_listed, (t2 - t1) / 1e6,
      server_rss_kib (srv));

  for (i = 0; i < target; i++) {
    if (held[i].ws) {
      g_signal_handlers_disconnect_by_data (held[i].ws, &held[i]);
      g_object_unref (held[i].ws);
    }
  }
  g_free (held);
  g_ptr_array_unref (sessions);
  server_stop (srv);
}

int
main (int argc, char **argv)
{
  gint messages = 2000, clients = 2000;
  GOptionEntry entries[] = {
    {"messages", 0, 0, G_OPTION_ARG_INT, &messages, "Relayed messages to time", "N"},
    {"clients", 0, 0, G_OPTION_ARG_INT, &clients, "Clients to hold", "N"},
    {NULL}
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  struct rlimit rl;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, NULL) || messages < 100
      || clients < 1)
    return 2;
  if (getrlimit (RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    setrlimit (RLIMIT_NOFILE, &rl);
  }
  gst_init (NULL, NULL);
  bench_latency (messages);
  bench_clients (clients);
  return 0;
}
