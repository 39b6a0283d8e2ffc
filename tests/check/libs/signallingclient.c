/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* GstSecureRtcSignaller against the real gst-securertc-signalling-server over
 * TLS on loopback: roles, a whole session through the GObject API, trust
 * (CA file, pinned certificate, wrong CA), clear errors, ws:// refusal and
 * reconnection. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/securertc/signalling/gstsignaller.h>

#include "../integration/signallingtestutil.h"

#define T 5000

static SigTestServer *srv;

static void
teardown (void)
{
  sig_test_server_stop (srv);
  srv = NULL;
}

/* Everything a signaller told us, for assertions. */
typedef struct
{
  GstSecureRtcSignaller *sig;
  gboolean welcomed;
  GError *error;
  gboolean got_error;
  gchar *server_error;
  gboolean got_server_error;
  gchar *status_peer;
  GstSecureRtcSignallingRoles status_roles;
  gchar *status_meta_name;
  gboolean got_status;
  JsonArray *list;
  gboolean got_list;
  gchar *session_id;
  gchar *session_peer;
  gchar *offer;
  gboolean got_session;
  gchar *sdp_type, *sdp;
  gboolean got_sdp;
  gchar *candidate;
  guint mline;
  gboolean got_ice;
  gchar *ended;
  gboolean got_end;
  guint n_welcomes;
} Rec;

static void
on_welcome (GstSecureRtcSignaller * s, const gchar * id, Rec * r)
{
  r->welcomed = TRUE;
  r->n_welcomes++;
}

static void
on_error (GstSecureRtcSignaller * s, GError * e, Rec * r)
{
  g_clear_error (&r->error);
  r->error = g_error_copy (e);
  r->got_error = TRUE;
}

static void
on_server_error (GstSecureRtcSignaller * s, const gchar * details, Rec * r)
{
  g_free (r->server_error);
  r->server_error = g_strdup (details);
  r->got_server_error = TRUE;
}

static void
on_status (GstSecureRtcSignaller * s, const gchar * peer,
    GstSecureRtcSignallingRoles roles, JsonNode * meta, Rec * r)
{
  g_free (r->status_peer);
  r->status_peer = g_strdup (peer);
  r->status_roles = roles;
  g_clear_pointer (&r->status_meta_name, g_free);
  if (meta && JSON_NODE_HOLDS_OBJECT (meta))
    r->status_meta_name =
        g_strdup (json_object_get_string_member_with_default (json_node_get_object
            (meta), "name", NULL));
  r->got_status = TRUE;
}

static void
on_list (GstSecureRtcSignaller * s, JsonArray * arr, Rec * r)
{
  g_clear_pointer (&r->list, json_array_unref);
  r->list = json_array_ref (arr);
  r->got_list = TRUE;
}

static void
on_session_started (GstSecureRtcSignaller * s, const gchar * peer,
    const gchar * sid, Rec * r)
{
  g_free (r->session_id);
  g_free (r->session_peer);
  r->session_id = g_strdup (sid);
  r->session_peer = g_strdup (peer);
  r->got_session = TRUE;
}

static void
on_start_session (GstSecureRtcSignaller * s, const gchar * peer,
    const gchar * sid, const gchar * offer, Rec * r)
{
  on_session_started (s, peer, sid, r);
  g_free (r->offer);
  r->offer = g_strdup (offer);
}

static void
on_sdp (GstSecureRtcSignaller * s, const gchar * sid, const gchar * type,
    const gchar * sdp, Rec * r)
{
  g_free (r->sdp_type);
  g_free (r->sdp);
  r->sdp_type = g_strdup (type);
  r->sdp = g_strdup (sdp);
  r->got_sdp = TRUE;
}

static void
on_ice (GstSecureRtcSignaller * s, const gchar * sid, const gchar * cand,
    guint mline, Rec * r)
{
  g_free (r->candidate);
  r->candidate = g_strdup (cand);
  r->mline = mline;
  r->got_ice = TRUE;
}

static void
on_end (GstSecureRtcSignaller * s, const gchar * sid, const gchar * err, Rec * r)
{
  g_free (r->ended);
  r->ended = g_strdup (sid);
  r->got_end = TRUE;
}

static Rec *
rec_new (const gchar * uri)
{
  Rec *r = g_new0 (Rec, 1);

  r->sig = gst_secure_rtc_signaller_new (uri);
  g_signal_connect (r->sig, "welcome", G_CALLBACK (on_welcome), r);
  g_signal_connect (r->sig, "error", G_CALLBACK (on_error), r);
  g_signal_connect (r->sig, "server-error", G_CALLBACK (on_server_error), r);
  g_signal_connect (r->sig, "peer-status-changed", G_CALLBACK (on_status), r);
  g_signal_connect (r->sig, "producer-list", G_CALLBACK (on_list), r);
  g_signal_connect (r->sig, "consumer-list", G_CALLBACK (on_list), r);
  g_signal_connect (r->sig, "session-started", G_CALLBACK (on_session_started), r);
  g_signal_connect (r->sig, "start-session", G_CALLBACK (on_start_session), r);
  g_signal_connect (r->sig, "sdp", G_CALLBACK (on_sdp), r);
  g_signal_connect (r->sig, "ice", G_CALLBACK (on_ice), r);
  g_signal_connect (r->sig, "end-session", G_CALLBACK (on_end), r);
  return r;
}

static void
rec_free (Rec * r)
{
  gst_secure_rtc_signaller_stop (r->sig);
  g_object_unref (r->sig);
  g_clear_error (&r->error);
  g_free (r->server_error);
  g_free (r->status_peer);
  g_free (r->status_meta_name);
  g_clear_pointer (&r->list, json_array_unref);
  g_free (r->session_id);
  g_free (r->session_peer);
  g_free (r->offer);
  g_free (r->sdp_type);
  g_free (r->sdp);
  g_free (r->candidate);
  g_free (r->ended);
  g_free (r);
}

static Rec *
connected_rec (void)
{
  Rec *r = rec_new (srv->uri);

  g_object_set (r->sig, "ca-file", srv->cert_file, NULL);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->welcomed, T), "no welcome: %s",
      r->error ? r->error->message : "-");
  return r;
}

static JsonNode *
meta_named (const gchar * name)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

GST_START_TEST (test_connect_with_ca_file)
{
  Rec *r;
  g_autofree gchar *id = NULL;
  GstSecureRtcSignallerState state;

  srv = sig_test_server_start (NULL);
  r = connected_rec ();
  id = gst_secure_rtc_signaller_dup_peer_id (r->sig);
  fail_unless (g_uuid_string_is_valid (id));
  g_object_get (r->sig, "state", &state, NULL);
  fail_unless_equals_int (state, GST_SECURE_RTC_SIGNALLER_STATE_CONNECTED);
  fail_if (r->got_error);
  rec_free (r);
}

GST_END_TEST;

GST_START_TEST (test_session_through_api)
{
  Rec *p, *c, *l;
  g_autoptr (JsonNode) meta = meta_named ("camera-1");
  g_autofree gchar *pid = NULL;
  g_autofree gchar *lid = NULL;

  srv = sig_test_server_start (NULL);
  l = connected_rec ();
  gst_secure_rtc_signaller_set_peer_status (l->sig,
      GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER, NULL);
  fail_unless (sig_test_wait_flag (&l->got_status, T));
  lid = gst_secure_rtc_signaller_dup_peer_id (l->sig);
  fail_unless_equals_string (l->status_peer, lid);
  l->got_status = FALSE;

  /* Status set before connecting is registered at welcome. */
  p = rec_new (srv->uri);
  g_object_set (p->sig, "ca-file", srv->cert_file, NULL);
  gst_secure_rtc_signaller_set_peer_status (p->sig,
      GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER, meta);
  fail_unless (gst_secure_rtc_signaller_start (p->sig, NULL));
  fail_unless (sig_test_wait_flag (&p->welcomed, T));
  pid = gst_secure_rtc_signaller_dup_peer_id (p->sig);

  fail_unless (sig_test_wait_flag (&l->got_status, T));
  fail_unless_equals_string (l->status_peer, pid);
  fail_unless_equals_int (l->status_roles, GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER);
  fail_unless_equals_string (l->status_meta_name, "camera-1");

  c = connected_rec ();
  fail_unless (gst_secure_rtc_signaller_list_producers (c->sig, NULL));
  fail_unless (sig_test_wait_flag (&c->got_list, T));
  fail_unless_equals_int (json_array_get_length (c->list), 1);
  fail_unless_equals_string (json_object_get_string_member
      (json_array_get_object_element (c->list, 0), "id"), pid);

  fail_unless (gst_secure_rtc_signaller_start_session (c->sig, pid, NULL, NULL));
  fail_unless (sig_test_wait_flag (&c->got_session, T));
  fail_unless (sig_test_wait_flag (&p->got_session, T));
  fail_unless_equals_string (c->session_id, p->session_id);
  fail_unless_equals_string (c->session_peer, pid);
  fail_unless (p->offer == NULL);

  fail_unless (gst_secure_rtc_signaller_send_sdp (p->sig, p->session_id, "offer",
          "v=0\r\ns=x\r\n", NULL));
  fail_unless (sig_test_wait_flag (&c->got_sdp, T));
  fail_unless_equals_string (c->sdp_type, "offer");
  fail_unless_equals_string (c->sdp, "v=0\r\ns=x\r\n");
  fail_unless (gst_secure_rtc_signaller_send_sdp (c->sig, c->session_id, "answer",
          "v=0\r\ns=y\r\n", NULL));
  fail_unless (sig_test_wait_flag (&p->got_sdp, T));
  fail_unless_equals_string (p->sdp_type, "answer");

  fail_unless (gst_secure_rtc_signaller_send_ice (c->sig, c->session_id,
          "candidate:1 1 UDP 1 127.0.0.1 4000 typ host", 0, NULL));
  fail_unless (sig_test_wait_flag (&p->got_ice, T));
  fail_unless_equals_string (p->candidate, "candidate:1 1 UDP 1 127.0.0.1 4000 typ host");
  fail_unless (gst_secure_rtc_signaller_send_ice (p->sig, p->session_id,
          "candidate:2 1 UDP 1 127.0.0.1 4001 typ host", 1, NULL));
  fail_unless (sig_test_wait_flag (&c->got_ice, T));
  fail_unless_equals_int (c->mline, 1);

  fail_unless (gst_secure_rtc_signaller_end_session (c->sig, c->session_id, NULL, NULL));
  fail_unless (sig_test_wait_flag (&p->got_end, T));
  fail_unless_equals_string (p->ended, p->session_id);

  /* A refused message comes back as server-error, the connection stays. */
  fail_unless (gst_secure_rtc_signaller_send_ice (c->sig, "no-such-session",
          "candidate:x", 0, NULL));
  fail_unless (sig_test_wait_flag (&c->got_server_error, T));
  fail_unless (strstr (c->server_error, "no session") != NULL);
  fail_if (c->got_error);

  /* The producer leaves: the listener sees roles none. */
  l->got_status = FALSE;
  gst_secure_rtc_signaller_stop (p->sig);
  fail_unless (sig_test_wait_flag (&l->got_status, T));
  fail_unless_equals_string (l->status_peer, pid);
  fail_unless_equals_int (l->status_roles, GST_SECURE_RTC_SIGNALLING_ROLE_NONE);

  rec_free (p);
  rec_free (c);
  rec_free (l);
}

GST_END_TEST;

GST_START_TEST (test_consumer_offer_and_v1_1)
{
  Rec *p, *c;
  g_autofree gchar *pid = NULL;

  srv = sig_test_server_start (NULL);
  p = rec_new (srv->uri);
  g_object_set (p->sig, "ca-file", srv->cert_file, "protocol-version",
      GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1, NULL);
  gst_secure_rtc_signaller_set_peer_status (p->sig,
      GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER, NULL);
  fail_unless (gst_secure_rtc_signaller_start (p->sig, NULL));
  fail_unless (sig_test_wait_flag (&p->welcomed, T));
  pid = gst_secure_rtc_signaller_dup_peer_id (p->sig);
  c = connected_rec ();
  /* The producer's status travels on its own connection: wait (bounded)
   * until the consumer's list shows it. */
  {
    guint tries;

    for (tries = 0; tries < 50; tries++) {
      c->got_list = FALSE;
      fail_unless (gst_secure_rtc_signaller_list_producers (c->sig, NULL));
      fail_unless (sig_test_wait_flag (&c->got_list, T));
      if (json_array_get_length (c->list) == 1)
        break;
      sig_test_spin (100);
    }
    fail_unless_equals_int (json_array_get_length (c->list), 1);
  }

  fail_unless (gst_secure_rtc_signaller_start_session (c->sig, pid, "v=0\r\no=offer\r\n",
          NULL));
  fail_unless (sig_test_wait_flag (&p->got_session, T));
  fail_unless_equals_string (p->offer, "v=0\r\no=offer\r\n");
  fail_unless (sig_test_wait_flag (&c->got_session, T));

  /* The v1_1 producer ends with a reason; no server-error comes back. */
  fail_unless (gst_secure_rtc_signaller_end_session (p->sig, p->session_id,
          "encoder failed", NULL));
  fail_unless (sig_test_wait_flag (&c->got_end, T));
  sig_test_spin (200);
  fail_if (p->got_server_error, "%s", p->server_error);

  rec_free (p);
  rec_free (c);
}

GST_END_TEST;

GST_START_TEST (test_pinned_certificate)
{
  Rec *r;

  srv = sig_test_server_start (NULL);

  /* No CA file: only the pin makes the self-signed server acceptable. */
  r = rec_new (srv->uri);
  g_object_set (r->sig, "pinned-certificate", srv->fingerprint, NULL);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->welcomed, T), "%s",
      r->error ? r->error->message : "-");
  rec_free (r);

  /* A wrong pin is a TLS error. */
  r = rec_new (srv->uri);
  g_object_set (r->sig, "pinned-certificate", "sha-256 "
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF", NULL);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->got_error, T));
  fail_unless (g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_TLS), "%s", r->error->message);
  fail_if (r->welcomed);
  rec_free (r);
}

GST_END_TEST;

GST_START_TEST (test_wrong_ca_is_tls_error)
{
  SigTestServer *other = sig_test_server_start (NULL);
  Rec *r;
  GstSecureRtcSignallerState state;

  srv = sig_test_server_start (NULL);
  r = rec_new (srv->uri);
  /* Trusts another server's certificate, not this one's. */
  g_object_set (r->sig, "ca-file", other->cert_file, NULL);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->got_error, T));
  GST_INFO ("wrong CA: %s", r->error->message);
  fail_unless (g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_TLS), "%s", r->error->message);
  fail_unless (strstr (r->error->message, "TLS") != NULL);
  fail_if (r->welcomed);
  g_object_get (r->sig, "state", &state, NULL);
  fail_unless_equals_int (state, GST_SECURE_RTC_SIGNALLER_STATE_FAILED);
  rec_free (r);

  /* And the system CAs do not trust a self-signed server either. */
  r = rec_new (srv->uri);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->got_error, T));
  fail_unless (g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_TLS), "%s", r->error->message);
  rec_free (r);
  sig_test_server_stop (other);
}

GST_END_TEST;

static guint
free_port (void)
{
  g_autoptr (GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) a = g_inet_socket_address_new (lo, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  fail_unless (g_socket_bind (s, a, TRUE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

GST_START_TEST (test_unreachable)
{
  g_autofree gchar *uri = g_strdup_printf ("wss://127.0.0.1:%u", free_port ());
  Rec *r = rec_new (uri);

  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->got_error, T));
  GST_INFO ("unreachable: %s", r->error->message);
  fail_unless (g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_UNREACHABLE), "%s", r->error->message);
  rec_free (r);
}

GST_END_TEST;

/* A TLS server that is not a WebSocket server (openssl s_server -www answers
 * every request with an HTML page): a PROTOCOL error, not TLS. */
GST_START_TEST (test_not_a_websocket_server)
{
  g_autofree gchar *key = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree gchar *uri = NULL;
  gchar *line;
  Rec *r;

  srv = sig_test_server_start (NULL);
  key = g_build_filename (srv->dir, "key.pem", NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
      | G_SUBPROCESS_FLAGS_STDERR_MERGE, NULL, "openssl", "s_server", "-accept",
      "127.0.0.1:0", "-cert", srv->cert_file, "-key", key, "-www", NULL);
  fail_unless (proc != NULL);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  while (uri == NULL && (line = g_data_input_stream_read_line (out, NULL, NULL, NULL))) {
    if (g_str_has_prefix (line, "ACCEPT "))
      uri = g_strdup_printf ("wss://%s", line + strlen ("ACCEPT "));
    g_free (line);
  }
  fail_unless (uri != NULL);

  r = rec_new (uri);
  g_object_set (r->sig, "ca-file", srv->cert_file, NULL);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->got_error, T));
  GST_INFO ("not a WebSocket server: %s", r->error->message);
  fail_unless (g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_PROTOCOL), "%s", r->error->message);
  rec_free (r);
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
}

GST_END_TEST;

GST_START_TEST (test_insecure_refused)
{
  g_autoptr (GError) error = NULL;
  GstSecureRtcSignaller *sig;
  Rec *r;
  g_autofree gchar *ws_uri = NULL;

  /* ws:// refused by default... */
  sig = gst_secure_rtc_signaller_new ("ws://127.0.0.1:8443");
  fail_if (gst_secure_rtc_signaller_start (sig, &error));
  fail_unless (g_error_matches (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INSECURE));
  g_clear_error (&error);
  /* ...and to a non-loopback host even when allowed. */
  g_object_set (sig, "uri", "ws://192.0.2.1:8443", "allow-insecure", TRUE, NULL);
  fail_if (gst_secure_rtc_signaller_start (sig, &error));
  fail_unless (g_error_matches (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INSECURE));
  g_clear_error (&error);
  g_object_set (sig, "uri", "http://127.0.0.1:8443", NULL);
  fail_if (gst_secure_rtc_signaller_start (sig, &error));
  g_clear_error (&error);
  g_object_unref (sig);

  /* The server refuses plain ws:// without --allow-insecure... */
  {
    g_autofree gchar *path = sig_test_server_path ();
    const gchar *argv[] = { path, "--port", "0", NULL };
    gint status = 0;

    fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
            NULL, NULL, &status, NULL));
    fail_if (g_spawn_check_wait_status (status, NULL));
  }
  /* ...and on a non-loopback address even with it. */
  {
    g_autofree gchar *path = sig_test_server_path ();
    const gchar *argv[] = { path, "--allow-insecure", "--host", "0.0.0.0",
      "--port", "0", NULL
    };
    gint status = 0;

    fail_unless (g_spawn_sync (NULL, (gchar **) argv, NULL,
            G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
            NULL, NULL, &status, NULL));
    fail_if (g_spawn_check_wait_status (status, NULL));
  }

  /* Both sides opted in, on loopback: works (with warnings). Our helper
   * passes --self-signed, which wins over --allow-insecure, so start the
   * server by hand. */
  {
    g_autofree gchar *path = sig_test_server_path ();
    const gchar *argv[] = { path, "--allow-insecure", "--host", "127.0.0.1",
      "--port", "0", NULL
    };
    g_autoptr (GSubprocess) proc = g_subprocess_newv (argv,
        G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
    g_autoptr (GDataInputStream) out =
        g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
    gchar *line;

    while ((line = g_data_input_stream_read_line (out, NULL, NULL, NULL))) {
      if (g_str_has_prefix (line, "listening on ")) {
        ws_uri = g_strdup (line + strlen ("listening on "));
        g_free (line);
        break;
      }
      g_free (line);
    }
    fail_unless (ws_uri && g_str_has_prefix (ws_uri, "ws://127.0.0.1:"));
    r = rec_new (ws_uri);
    g_object_set (r->sig, "allow-insecure", TRUE, NULL);
    fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
    fail_unless (sig_test_wait_flag (&r->welcomed, T));
    rec_free (r);
    g_subprocess_force_exit (proc);
    g_subprocess_wait (proc, NULL, NULL);
  }
}

GST_END_TEST;

GST_START_TEST (test_reconnect)
{
  g_autofree gchar *dir = g_dir_make_tmp ("sigtest-XXXXXX", NULL);
  g_autofree gchar *port = NULL;
  g_autofree gchar *first_id = NULL;
  g_autofree gchar *second_id = NULL;
  const gchar *args[3] = { "--port", NULL, NULL };
  Rec *r;

  srv = sig_test_server_start_in (dir, NULL);
  r = rec_new (srv->uri);
  g_object_set (r->sig, "ca-file", srv->cert_file, "reconnect-attempts", 20,
      "reconnect-delay", 100, NULL);
  gst_secure_rtc_signaller_set_peer_status (r->sig,
      GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER, NULL);
  fail_unless (gst_secure_rtc_signaller_start (r->sig, NULL));
  fail_unless (sig_test_wait_flag (&r->welcomed, T));
  first_id = gst_secure_rtc_signaller_dup_peer_id (r->sig);

  /* The server goes away (same folder, same certificate, same port next). */
  port = g_strdup_printf ("%u", srv->port);
  g_subprocess_send_signal (srv->proc, SIGKILL);
  fail_unless (sig_test_wait_flag (&r->got_error, T));
  fail_unless (g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_CLOSED)
      || g_error_matches (r->error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_UNREACHABLE), "%s", r->error->message);
  g_object_unref (srv->proc);
  srv->proc = NULL;
  g_free (srv->cert_file);
  g_free (srv->fingerprint);
  g_free (srv->spki);
  g_free (srv->uri);
  g_free (srv->dir);
  g_free (srv);

  /* Command-line order: the helper's own --port 0 comes first, ours wins. */
  args[1] = port;
  srv = sig_test_server_start_in (dir, args);
  fail_unless_equals_int (srv->port, atoi (port));
  r->welcomed = FALSE;
  fail_unless (sig_test_wait_flag (&r->welcomed, 15000), "did not reconnect");
  fail_unless_equals_int (r->n_welcomes, 2);
  second_id = gst_secure_rtc_signaller_dup_peer_id (r->sig);
  fail_if (g_strcmp0 (first_id, second_id) == 0);

  /* The status was registered again (sent right after welcome, on another
   * connection than ours: poll, bounded). */
  {
    SigTestClient *c = sig_test_client_connect (srv);
    guint n = 0, tries;

    for (tries = 0; tries < 50 && n == 0; tries++) {
      JsonObject *o;

      sig_test_client_send (c, "{\"type\":\"list\"}");
      o = sig_test_client_expect (c, "list", T);
      n = json_array_get_length (json_object_get_array_member (o, "producers"));
      json_object_unref (o);
      if (n == 0)
        sig_test_spin (100);
    }
    fail_unless_equals_int (n, 1);
    sig_test_client_free (c);
  }
  rec_free (r);
}

GST_END_TEST;

static Suite *
signallingclient_suite (void)
{
  Suite *s = suite_create ("signalling-client");
  TCase *tc = tcase_create ("client");

  tcase_add_checked_fixture (tc, NULL, teardown);
  tcase_set_timeout (tc, 60);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_connect_with_ca_file);
  tcase_add_test (tc, test_session_through_api);
  tcase_add_test (tc, test_consumer_offer_and_v1_1);
  tcase_add_test (tc, test_pinned_certificate);
  tcase_add_test (tc, test_wrong_ca_is_tls_error);
  tcase_add_test (tc, test_unreachable);
  tcase_add_test (tc, test_not_a_websocket_server);
  tcase_add_test (tc, test_insecure_refused);
  tcase_add_test (tc, test_reconnect);
  return s;
}

GST_CHECK_MAIN (signallingclient);
