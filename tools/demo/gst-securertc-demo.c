/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* gst-securertc-demo: a secure call on this machine, and what it proves.
 *
 *   gst-securertc-signalling-server (child process, wss://127.0.0.1:<any>,
 *   a self-signed certificate in a private temporary folder)
 *        ^                                   ^
 *        | wss (trusts only that certificate) |
 *   producer:                                consumer:
 *   consentvideosrc(videotestsrc)            securepeerbin role=consumer
 *     ! vp8enc ! rtpvp8pay ! p.                src (VP8) ! rtpvp8depay ! vp8dec ! fakesink
 *   audiotestsrc ! opusenc ! rtpopuspay ! p.   src (Opus) ! rtpopusdepay ! opusdec ! fakesink
 *   securepeerbin name=p role=producer
 *
 * The camera needs consent: the demo is the "application" consent provider
 * and grants it (once) when asked. It then checks, and prints:
 *   - TLS signalling: our own TLS connection to the server sees the
 *     certificate whose fingerprint the server printed, and both peers
 *     registered over wss trusting only that certificate;
 *   - consent asked and granted, the camera in-use indicator on;
 *   - both peers connected; the DTLS cipher suite (ECDHE, AEAD) and SRTP
 *     profile, the same on both sides;
 *   - each side expects exactly the other side's certificate fingerprint;
 *   - SRTP packets decrypted (none failed authentication), VP8 frames and
 *     Opus buffers decoded;
 *   - consent revoked: the camera is released (indicator off).
 * It ends by itself (bounded: 20 s), exits 1 if any check failed, and stops
 * the server by its PID. No key, salt or password is ever printed.
 *
 * The plugins of this tree must be found: scripts/demo.sh sets
 * GST_PLUGIN_PATH. The server is looked up next to this program (build
 * tree), then in $GST_SECURERTC_SIGNALLING_SERVER, then in PATH.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#define TOTAL_MS 20000
#define SERVER_NAME "gst-securertc-signalling-server"
#define MIN_VIDEO_FRAMES 60     /* 2 s at 30 fps */
#define MIN_AUDIO_BUFFERS 100   /* 2 s of 20 ms Opus frames */

typedef struct
{
  /* signalling server */
  GSubprocess *server;
  gchar *server_pid;
  gchar *dir;
  gchar *cert_file;
  gchar *server_fingerprint;
  gchar *uri;

  GstElement *producer, *consumer;
  GstElement *pbin, *cbin, *camera;

  gint consent_requests;        /* atomic */
  gint consent_granted;         /* atomic */
  gint in_use_on;               /* atomic: times the indicator went on */
  gint in_use_off;              /* atomic: times it went off */
  gint video_frames;            /* atomic */
  gint audio_buffers;           /* atomic */
  gint video_pads, audio_pads;  /* atomic */
  gint errors;                  /* atomic */
  gboolean interrupted;

  gint64 deadline;
  guint checks, failed;
} Demo;

static void
check (Demo * d, gboolean ok, const gchar * format, ...) G_GNUC_PRINTF (3, 4);

static void
check (Demo * d, gboolean ok, const gchar * format, ...)
{
  va_list args;
  gchar *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("  [%s] %s\n", ok ? " ok " : "FAIL", text);
  g_free (text);
  d->checks++;
  if (!ok)
    d->failed++;
}

static void
info (const gchar * format, ...) G_GNUC_PRINTF (1, 2);

static void
info (const gchar * format, ...)
{
  va_list args;
  gchar *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("         %s\n", text);
  g_free (text);
}

/* "sha-256 AB:CD:...:EF" -> "sha-256 AB:CD:EF:01:..:EF" shortened for
 * reading; fingerprints are public, this is only for line length. */
static gchar *
short_fp (const gchar * fp)
{
  gsize len;

  if (!fp)
    return g_strdup ("(none)");
  len = strlen (fp);
  if (len <= 40)
    return g_strdup (fp);
  return g_strdup_printf ("%.26s...%s", fp, fp + len - 8);
}

static gint
remaining_ms (Demo * d)
{
  gint64 left = (d->deadline - g_get_monotonic_time ()) / 1000;

  return left > 0 ? (gint) left : 0;
}

static gboolean
on_wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*DemoCond) (Demo * d);

/* Runs the main context until @cond holds, an error was posted, the demo
 * was interrupted, or @timeout_ms (capped by the demo's deadline) passed. */
static gboolean
wait_for (Demo * d, DemoCond cond, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (20, on_wake, NULL);
  gboolean ok;

  end = MIN (end, d->deadline);
  while (!(ok = cond (d)) && !d->interrupted
      && g_atomic_int_get (&d->errors) == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

/* ---- the signalling server ---- */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gchar *
find_server (void)
{
  gchar *self = g_file_read_link ("/proc/self/exe", NULL);
  gchar *path = NULL;
  const gchar *env;

  if (self) {
    gchar *dir = g_path_get_dirname (self);

    /* build tree: tools/demo/ next to tools/signalling-server/ */
    path = g_build_filename (dir, "..", "signalling-server", SERVER_NAME, NULL);
    if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
      g_clear_pointer (&path, g_free);
    if (!path) {
      /* installed: same bindir */
      path = g_build_filename (dir, SERVER_NAME, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        g_clear_pointer (&path, g_free);
    }
    g_free (dir);
    g_free (self);
  }
  env = g_getenv ("GST_SECURERTC_SIGNALLING_SERVER");
  if (env && *env) {
    g_free (path);
    path = g_strdup (env);
  }
  if (!path)
    path = g_find_program_in_path (SERVER_NAME);
  return path;
}

typedef struct
{
  gchar *line;
  gboolean done;
} LineRead;

static void
on_line (GObject * src, GAsyncResult * res, gpointer data)
{
  LineRead *lr = data;

  lr->line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (src),
      res, NULL, NULL);
  lr->done = TRUE;
}

static gboolean
start_server (Demo * d)
{
  GSubprocessLauncher *launcher;
  GDataInputStream *out;
  GError *error = NULL;
  gchar *path = find_server ();
  gchar *log = NULL;
  gint64 end;

  if (!path) {
    check (d, FALSE, "%s not found (build it, or set "
        "GST_SECURERTC_SIGNALLING_SERVER)", SERVER_NAME);
    return FALSE;
  }
  d->dir = g_dir_make_tmp ("gst-securertc-demo-XXXXXX", &error);
  if (!d->dir) {
    check (d, FALSE, "temporary folder: %s", error->message);
    g_error_free (error);
    g_free (path);
    return FALSE;
  }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* its log (connections coming and going) is shown only if it fails */
  log = g_build_filename (d->dir, "server.log", NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  /* the server never outlives the demo, even if the demo is killed */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL,
      NULL);
  d->server = g_subprocess_launcher_spawn (launcher, &error, path,
      "--self-signed", d->dir, "--host", "127.0.0.1", "--port", "0", NULL);
  g_object_unref (launcher);
  if (!d->server) {
    check (d, FALSE, "cannot start %s: %s", path, error->message);
    g_error_free (error);
    g_free (log);
    g_free (path);
    return FALSE;
  }
  d->server_pid = g_strdup (g_subprocess_get_identifier (d->server));

  /* Read its first lines (certificate, fingerprint, listening on) with a
   * bounded wait. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (d->server));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!d->uri && g_get_monotonic_time () < end) {
    LineRead lr = { NULL, FALSE };
    GCancellable *cancel = g_cancellable_new ();
    guint wake = g_timeout_add (20, on_wake, NULL);

    g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancel,
        on_line, &lr);
    while (!lr.done && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    if (!lr.done) {
      g_cancellable_cancel (cancel);
      while (!lr.done)
        g_main_context_iteration (NULL, TRUE);
    }
    g_source_remove (wake);
    g_object_unref (cancel);
    if (!lr.line)
      break;
    if (g_str_has_prefix (lr.line, "certificate "))
      d->cert_file = g_strdup (lr.line + strlen ("certificate "));
    else if (g_str_has_prefix (lr.line, "fingerprint "))
      d->server_fingerprint = g_strdup (lr.line + strlen ("fingerprint "));
    else if (g_str_has_prefix (lr.line, "listening on "))
      d->uri = g_strdup (lr.line + strlen ("listening on "));
    g_free (lr.line);
  }
  g_object_unref (out);
  check (d, d->uri && d->cert_file && d->server_fingerprint
      && g_str_has_prefix (d->uri, "wss://"),
      "signalling server started (pid %s) on %s with a fresh self-signed "
      "certificate", d->server_pid, d->uri ? d->uri : "(no address)");
  if (d->cert_file)
    info ("server certificate (deleted at the end): %s", d->cert_file);
  if (!d->uri) {
    gchar *text = NULL;

    if (g_file_get_contents (log, &text, NULL, NULL))
      g_print ("%s", text);
    g_free (text);
  }
  g_free (log);
  g_free (path);
  return d->uri != NULL && d->cert_file != NULL
      && d->server_fingerprint != NULL;
}

static void
on_server_exit (GObject * src, GAsyncResult * res, gpointer data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (src), res, NULL);
  *(gboolean *) data = TRUE;
}

static void
stop_server (Demo * d)
{
  gboolean done = FALSE;
  guint wake;
  gint64 end;
  GDir *dir;

  if (d->server && g_subprocess_get_identifier (d->server)) {
    guint i;

    wake = g_timeout_add (20, on_wake, NULL);
    g_subprocess_wait_async (d->server, NULL, on_server_exit, &done);
    g_subprocess_send_signal (d->server, SIGTERM);
    for (i = 0; i < 2 && !done; i++) {
      end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
      while (!done && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, TRUE);
      if (!done)
        g_subprocess_force_exit (d->server);
    }
    g_source_remove (wake);
    g_print ("  signalling server (pid %s) stopped%s\n", d->server_pid,
        done && g_subprocess_get_if_exited (d->server) ? "" : " (killed)");
  }
  g_clear_object (&d->server);
  /* The certificate and its key lived only for this demo. */
  if (d->dir && (dir = g_dir_open (d->dir, 0, NULL))) {
    const gchar *name;

    while ((name = g_dir_read_name (dir))) {
      gchar *f = g_build_filename (d->dir, name, NULL);

      g_unlink (f);
      g_free (f);
    }
    g_dir_close (dir);
    g_rmdir (d->dir);
  }
}

/* ---- TLS signalling: look at the server's certificate ourselves ---- */

static gchar *
der_fingerprint (GTlsCertificate * cert)
{
  GByteArray *der = NULL;
  GChecksum *sum;
  guint8 digest[32];
  gsize len = sizeof (digest);
  GString *s;
  gsize i;

  g_object_get (cert, "certificate", &der, NULL);
  if (!der)
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, der->data, der->len);
  g_checksum_get_digest (sum, digest, &len);
  g_checksum_free (sum);
  g_byte_array_unref (der);
  s = g_string_new ("sha-256 ");
  for (i = 0; i < len; i++)
    g_string_append_printf (s, "%s%02X", i ? ":" : "", digest[i]);
  return g_string_free (s, FALSE);
}

static const gchar *
tls_version_name (GTlsProtocolVersion v)
{
  switch (v) {
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:
      return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:
      return "TLS 1.3";
    default:
      return "TLS (older or unknown version)";
  }
}

static void
check_tls (Demo * d)
{
  const gchar *colon = strrchr (d->uri, ':');
  guint port = colon ? (guint) atoi (colon + 1) : 0;
  GSocketClient *client = g_socket_client_new ();
  GSocketConnection *tcp = NULL;
  GIOStream *tls = NULL;
  GTlsDatabase *db = NULL;
  GSocketConnectable *identity = NULL;
  GError *error = NULL;
  gchar *seen = NULL, *fp_short;

  g_socket_client_set_timeout (client, 5);
  tcp = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL,
      &error);
  if (tcp)
    db = g_tls_file_database_new (d->cert_file, &error);
  if (db) {
    identity = g_network_address_new ("127.0.0.1", port);
    tls = g_tls_client_connection_new (G_IO_STREAM (tcp), identity, &error);
  }
  if (tls) {
    /* Trust exactly the server's certificate (what the bins are given as
     * signaller-ca-file); the default validation checks it and the name. */
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), db);
    if (g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error)) {
      GTlsCertificate *cert =
          g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (tls));
      gchar *suite =
          g_tls_connection_get_ciphersuite_name (G_TLS_CONNECTION (tls));

      seen = cert ? der_fingerprint (cert) : NULL;
      fp_short = short_fp (d->server_fingerprint);
      check (d, seen && g_ascii_strcasecmp (seen, d->server_fingerprint) == 0,
          "TLS signalling: %s, %s; the server's certificate validates "
          "against the trusted file and is the one it printed (%s)",
          tls_version_name (g_tls_connection_get_protocol_version
              (G_TLS_CONNECTION (tls))), suite ? suite : "?", fp_short);
      g_free (fp_short);
      g_free (suite);
      g_io_stream_close (tls, NULL, NULL);
    }
  }
  if (error) {
    check (d, FALSE, "TLS signalling: cannot verify the server: %s",
        error->message);
    g_error_free (error);
  }
  g_free (seen);
  g_clear_object (&tls);
  g_clear_object (&identity);
  g_clear_object (&db);
  g_clear_object (&tcp);
  g_object_unref (client);
}

/* ---- pipelines ---- */

static gboolean
on_bus (GstBus * bus, GstMessage * msg, gpointer data)
{
  Demo *d = data;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;

    gst_message_parse_error (msg, &err, NULL);
    g_print ("  [FAIL] error from %s: %s\n", GST_OBJECT_NAME (msg->src),
        err->message);
    g_clear_error (&err);
    g_atomic_int_inc (&d->errors);
  }
  return G_SOURCE_CONTINUE;
}

static void
on_consent_request (GstElement * cam, const gchar * device, const gchar * kind,
    const gchar * application, Demo * d)
{
  gboolean taken = FALSE;

  g_atomic_int_inc (&d->consent_requests);
  g_print ("         consent: \"%s\" asks to use the %s \"%s\" -> the demo "
      "grants it once\n", application, kind, device);
  /* 0 = once: nothing is remembered in the user's consent store */
  g_signal_emit_by_name (cam, "grant", 0, &taken);
  if (taken)
    g_atomic_int_inc (&d->consent_granted);
}

static void
on_in_use (GObject * cam, GParamSpec * pspec, Demo * d)
{
  gboolean in_use = FALSE;

  g_object_get (cam, "in-use", &in_use, NULL);
  g_atomic_int_inc (in_use ? &d->in_use_on : &d->in_use_off);
}

static GstPadProbeReturn
count_buffer (GstPad * pad, GstPadProbeInfo * probe, gpointer counter)
{
  if (GST_PAD_PROBE_INFO_TYPE (probe) & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    g_atomic_int_add ((gint *) counter,
        gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (probe)));
  else
    g_atomic_int_inc ((gint *) counter);
  return GST_PAD_PROBE_OK;
}

static void
on_consumer_pad (GstElement * bin, GstPad * pad, Demo * d)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  const gchar *enc = NULL;
  const gchar *desc;
  gint *counter, *pads;
  GstElement *branch, *decoder;
  GstPad *sink, *src;
  GError *error = NULL;

  if (!caps)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps && gst_caps_get_size (caps) > 0)
    enc = gst_structure_get_string (gst_caps_get_structure (caps, 0),
        "encoding-name");
  if (enc && g_ascii_strcasecmp (enc, "VP8") == 0) {
    desc = "rtpvp8depay wait-for-keyframe=true request-keyframe=true ! "
        "vp8dec name=dec ! fakesink sync=false async=false";
    counter = &d->video_frames;
    pads = &d->video_pads;
  } else if (enc && g_ascii_strcasecmp (enc, "OPUS") == 0) {
    desc = "rtpopusdepay ! opusdec name=dec ! fakesink sync=false async=false";
    counter = &d->audio_buffers;
    pads = &d->audio_pads;
  } else {
    desc = "fakesink sync=false async=false";
    counter = NULL;
    pads = NULL;
  }
  if (caps)
    gst_caps_unref (caps);

  branch = gst_parse_bin_from_description (desc, TRUE, &error);
  if (!branch) {
    g_print ("  [FAIL] %s\n", error->message);
    g_error_free (error);
    g_atomic_int_inc (&d->errors);
    return;
  }
  gst_bin_add (GST_BIN (d->consumer), branch);
  sink = gst_element_get_static_pad (branch, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    g_atomic_int_inc (&d->errors);
  gst_object_unref (sink);
  if (counter) {
    decoder = gst_bin_get_by_name (GST_BIN (branch), "dec");
    src = gst_element_get_static_pad (decoder, "src");
    gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER |
        GST_PAD_PROBE_TYPE_BUFFER_LIST, count_buffer, counter, NULL);
    gst_object_unref (src);
    gst_object_unref (decoder);
    g_atomic_int_inc (pads);
  }
  gst_element_sync_state_with_parent (branch);
}

static GstElement *
make_pipeline (Demo * d, const gchar * desc, const gchar * name)
{
  GError *error = NULL;
  GstElement *pipe = gst_parse_launch_full (desc, NULL,
      GST_PARSE_FLAG_FATAL_ERRORS, &error);
  GstBus *bus;

  if (!pipe) {
    check (d, FALSE, "%s pipeline: %s (are the gst-securertc plugins in "
        "GST_PLUGIN_PATH? scripts/demo.sh sets it)", name, error->message);
    g_error_free (error);
    return NULL;
  }
  if (!GST_IS_PIPELINE (pipe)) {
    /* a description of one element gives that element, not a pipeline */
    GstElement *only = pipe;

    pipe = gst_pipeline_new (NULL);
    gst_bin_add (GST_BIN (pipe), only);
  }
  gst_object_set_name (GST_OBJECT (pipe), name);
  bus = gst_element_get_bus (pipe);
  gst_bus_add_watch (bus, on_bus, d);
  gst_object_unref (bus);
  return pipe;
}

static gchar *
get_string (gpointer obj, const gchar * prop)
{
  gchar *s = NULL;

  g_object_get (obj, prop, &s, NULL);
  return s;
}

static const gchar *
enum_nick (gpointer obj, const gchar * prop)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (obj),
      prop);
  GEnumClass *klass;
  GEnumValue *v;
  gint value = 0;

  if (!pspec || !G_IS_PARAM_SPEC_ENUM (pspec))
    return "?";
  g_object_get (obj, prop, &value, NULL);
  klass = G_PARAM_SPEC_ENUM (pspec)->enum_class;
  v = g_enum_get_value (klass, value);
  return v ? v->value_nick : "?";
}

static GstStructure *
get_stats (GstElement * bin)
{
  GstPromise *promise = gst_promise_new ();
  const GstStructure *reply;
  GstStructure *s = NULL;

  g_signal_emit_by_name (bin, "get-stats", promise);
  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED
      && (reply = gst_promise_get_reply (promise)))
    s = gst_structure_copy (reply);
  gst_promise_unref (promise);
  return s;
}

static guint64
sub_u64 (const GstStructure * s, const gchar * sub, const gchar * field)
{
  const GstStructure *inner = NULL;
  const GValue *v;
  guint64 n = 0;

  if (!s || !(v = gst_structure_get_value (s, sub))
      || !GST_VALUE_HOLDS_STRUCTURE (v))
    return 0;
  inner = gst_value_get_structure (v);
  gst_structure_get_uint64 (inner, field, &n);
  return n;
}

static gboolean
producer_registered (Demo * d)
{
  gchar *id = get_string (d->pbin, "local-peer-id");
  gboolean ok = id != NULL;

  g_free (id);
  return ok;
}

static gboolean
camera_on (Demo * d)
{
  return g_atomic_int_get (&d->in_use_on) > 0;
}

static gboolean
both_connected (Demo * d)
{
  return g_str_equal (enum_nick (d->pbin, "connection-state"), "connected")
      && g_str_equal (enum_nick (d->cbin, "connection-state"), "connected");
}

static gboolean
enough_media (Demo * d)
{
  return g_atomic_int_get (&d->video_frames) >= MIN_VIDEO_FRAMES
      && g_atomic_int_get (&d->audio_buffers) >= MIN_AUDIO_BUFFERS;
}

static gboolean
camera_off (Demo * d)
{
  return g_atomic_int_get (&d->in_use_off) > 0;
}

static gboolean
on_interrupt (gpointer data)
{
  Demo *d = data;

  d->interrupted = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
check_security (Demo * d)
{
  GstElement *pdtls = gst_bin_get_by_name (GST_BIN (d->pbin), "dtls");
  GstElement *cdtls = gst_bin_get_by_name (GST_BIN (d->cbin), "dtls");
  GstStructure *ps = get_stats (d->pbin), *cs = get_stats (d->cbin);
  const gchar *psuite = ps ? gst_structure_get_string (ps,
      "dtls-cipher-suite") : NULL;
  const gchar *csuite = cs ? gst_structure_get_string (cs,
      "dtls-cipher-suite") : NULL;
  const gchar *pprof = ps ? gst_structure_get_string (ps, "srtp-profile") :
      NULL;
  const gchar *cprof = cs ? gst_structure_get_string (cs, "srtp-profile") :
      NULL;
  gchar *p_local = get_string (d->pbin, "local-fingerprint");
  gchar *c_local = get_string (d->cbin, "local-fingerprint");
  gchar *p_expects = pdtls ? get_string (pdtls, "peer-fingerprint") : NULL;
  gchar *c_expects = cdtls ? get_string (cdtls, "peer-fingerprint") : NULL;
  gchar *a, *b;
  guint64 dec_pkts, dec_auth, dec_replay, enc_pkts, enc_nokey, enc_serial;

  check (d, psuite && csuite && g_str_equal (psuite, csuite)
      && strstr (psuite, "ECDHE") != NULL
      && (strstr (psuite, "GCM") || strstr (psuite, "CHACHA20")),
      "DTLS 1.2 handshake: cipher suite %s on both sides (ECDHE: forward "
      "secrecy; AEAD)", psuite ? psuite : "(none)");
  check (d, pprof && cprof && g_str_equal (pprof, cprof),
      "SRTP profile %s negotiated with use_srtp, the same on both sides",
      pprof ? pprof : "(none)");

  a = short_fp (p_local);
  b = short_fp (c_local);
  check (d, p_local && c_expects && g_ascii_strcasecmp (p_local,
          c_expects) == 0 && g_str_equal (enum_nick (cdtls, "state"),
          "connected"), "consumer verified the producer's certificate: "
      "expected %s (from the SDP) = the producer's own", a);
  check (d, c_local && p_expects && g_ascii_strcasecmp (c_local,
          p_expects) == 0 && g_str_equal (enum_nick (pdtls, "state"),
          "connected"), "producer verified the consumer's certificate: "
      "expected %s (from the SDP) = the consumer's own", b);
  check (d, p_local && c_local && g_ascii_strcasecmp (p_local, c_local) != 0,
      "each peer has its own fresh ECDSA P-256 certificate (fingerprints "
      "differ)");
  g_free (a);
  g_free (b);

  enc_pkts = sub_u64 (ps, "srtp-encrypt", "rtp-packets");
  enc_nokey = sub_u64 (ps, "srtp-encrypt", "dropped-no-key");
  enc_serial = sub_u64 (ps, "srtp-encrypt", "key-serial");
  dec_pkts = sub_u64 (cs, "srtp-decrypt", "rtp-packets");
  dec_auth = sub_u64 (cs, "srtp-decrypt", "dropped-auth");
  dec_replay = sub_u64 (cs, "srtp-decrypt", "dropped-replay");
  check (d, enc_pkts > 0 && enc_serial > 0,
      "producer encrypted %" G_GUINT64_FORMAT " RTP packets with the "
      "DTLS-exported key (%" G_GUINT64_FORMAT " made before the key existed "
      "were dropped, never sent in clear)", enc_pkts, enc_nokey);
  check (d, dec_pkts > 0 && dec_auth == 0,
      "consumer authenticated and decrypted %" G_GUINT64_FORMAT " SRTP "
      "packets (%" G_GUINT64_FORMAT " failed authentication, %"
      G_GUINT64_FORMAT " replays)", dec_pkts, dec_auth, dec_replay);
  if (ps && gst_structure_get_string (ps, "selected-candidate-pair"))
    info ("ICE pair: %s", gst_structure_get_string (ps,
            "selected-candidate-pair"));

  g_free (p_local);
  g_free (c_local);
  g_free (p_expects);
  g_free (c_expects);
  if (ps)
    gst_structure_free (ps);
  if (cs)
    gst_structure_free (cs);
  if (pdtls)
    gst_object_unref (pdtls);
  if (cdtls)
    gst_object_unref (cdtls);
}

static void
run (Demo * d)
{
  gchar *desc, *pid;
  GstElement *testsrc;
  gint64 t0;

  g_print ("== signalling over TLS\n");
  if (!start_server (d))
    return;
  check_tls (d);

  g_print ("== producer: camera (consent-gated) + microphone -> VP8 + Opus\n");
  desc = g_strdup_printf ("securepeerbin name=peer role=producer "
      "ice-local-addresses=127.0.0.1 signaller-uri=%s signaller-ca-file=\"%s\" "
      "meta=\"meta,name=gst-securertc-demo\" "
      "consentvideosrc name=camera consent-provider=application "
      "consent-timeout=10000 ! video/x-raw,width=320,height=240,framerate=30/1 "
      "! videoconvert ! vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay ! "
      "peer. audiotestsrc is-live=true wave=ticks ! audioconvert ! "
      "audioresample ! opusenc ! rtpopuspay ! peer.", d->uri, d->cert_file);
  d->producer = make_pipeline (d, desc, "producer");
  g_free (desc);
  if (!d->producer)
    return;
  d->pbin = gst_bin_get_by_name (GST_BIN (d->producer), "peer");
  d->camera = gst_bin_get_by_name (GST_BIN (d->producer), "camera");
  testsrc = gst_element_factory_make ("videotestsrc", NULL);
  if (!testsrc) {
    check (d, FALSE, "videotestsrc is missing");
    return;
  }
  g_object_set (testsrc, "is-live", TRUE, "pattern", 18 /* ball */ , NULL);
  g_object_set (d->camera, "device-source", testsrc, NULL);
  g_signal_connect (d->camera, "consent-request",
      G_CALLBACK (on_consent_request), d);
  g_signal_connect (d->camera, "notify::in-use", G_CALLBACK (on_in_use), d);
  if (gst_element_set_state (d->producer, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    check (d, FALSE, "the producer did not start");
    return;
  }
  wait_for (d, camera_on, 5000);
  check (d, g_atomic_int_get (&d->consent_requests) == 1
      && g_atomic_int_get (&d->consent_granted) == 1 && camera_on (d),
      "consent was asked (%d time) and granted; camera state %s, in-use "
      "indicator ON", g_atomic_int_get (&d->consent_requests),
      enum_nick (d->camera, "consent-state"));
  wait_for (d, producer_registered, 5000);
  pid = get_string (d->pbin, "local-peer-id");
  check (d, pid != NULL, "producer registered over wss as %s",
      pid ? pid : "(nothing: TLS or signalling failed)");
  if (!pid)
    return;

  g_print ("== consumer: connects to the producer through the server\n");
  desc = g_strdup_printf ("securepeerbin name=peer role=consumer "
      "ice-local-addresses=127.0.0.1 signaller-uri=%s signaller-ca-file=\"%s\" "
      "peer-id=%s latency=100", d->uri, d->cert_file, pid);
  g_free (pid);
  d->consumer = make_pipeline (d, desc, "consumer");
  g_free (desc);
  if (!d->consumer)
    return;
  d->cbin = gst_bin_get_by_name (GST_BIN (d->consumer), "peer");
  g_signal_connect (d->cbin, "pad-added", G_CALLBACK (on_consumer_pad), d);
  t0 = g_get_monotonic_time ();
  if (gst_element_set_state (d->consumer, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    check (d, FALSE, "the consumer did not start");
    return;
  }
  wait_for (d, both_connected, 10000);
  check (d, both_connected (d), "both peers connected (ICE + DTLS, peer "
      "verified) %" G_GINT64_FORMAT " ms after the consumer started",
      (g_get_monotonic_time () - t0) / 1000);
  if (!both_connected (d))
    return;

  g_print ("== what the connection is made of\n");
  wait_for (d, enough_media, 8000);
  check_security (d);
  check (d, enough_media (d) && g_atomic_int_get (&d->video_pads) == 1
      && g_atomic_int_get (&d->audio_pads) == 1, "media decrypted and "
      "decoded by the consumer: %d VP8 video frames, %d Opus audio buffers "
      "(in %" G_GINT64_FORMAT " ms)", g_atomic_int_get (&d->video_frames),
      g_atomic_int_get (&d->audio_buffers),
      (g_get_monotonic_time () - t0) / 1000);

  g_print ("== the person withdraws consent\n");
  {
    gboolean taken = FALSE;

    t0 = g_get_monotonic_time ();
    g_signal_emit_by_name (d->camera, "revoke", &taken);
    wait_for (d, camera_off, 2000);
    check (d, taken && camera_off (d),
        "consent revoked: camera released, in-use indicator OFF after %"
        G_GINT64_FORMAT " ms (state %s)", (g_get_monotonic_time () - t0) /
        1000, enum_nick (d->camera, "consent-state"));
  }
}

int
main (int argc, char **argv)
{
  Demo d = { 0, };
  guint sigint, sigterm;

  gst_init (&argc, &argv);
  d.deadline = g_get_monotonic_time () + (gint64) TOTAL_MS * 1000;
  sigint = g_unix_signal_add (SIGINT, on_interrupt, &d);
  sigterm = g_unix_signal_add (SIGTERM, on_interrupt, &d);

  g_print ("gst-securertc secure call demo: a producer and a consumer on "
      "this machine,\nthrough gst-securertc-signalling-server. Nothing "
      "secret is printed.\n\n");
  run (&d);

  if (g_atomic_int_get (&d.errors) > 0)
    check (&d, FALSE, "%d error message(s) were posted",
        g_atomic_int_get (&d.errors));
  if (d.interrupted)
    check (&d, FALSE, "interrupted");
  if (remaining_ms (&d) == 0)
    check (&d, FALSE, "not done within %d s", TOTAL_MS / 1000);

  g_print ("== shutting down\n");
  if (d.consumer)
    gst_element_set_state (d.consumer, GST_STATE_NULL);
  if (d.producer)
    gst_element_set_state (d.producer, GST_STATE_NULL);
  stop_server (&d);

  if (d.producer)
    gst_bus_remove_watch (GST_ELEMENT_BUS (d.producer));
  if (d.consumer)
    gst_bus_remove_watch (GST_ELEMENT_BUS (d.consumer));
  g_clear_object (&d.camera);
  g_clear_object (&d.pbin);
  g_clear_object (&d.cbin);
  g_clear_object (&d.producer);
  g_clear_object (&d.consumer);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  g_print ("\n%s: %u of %u checks passed\n", d.failed ? "FAILED" : "PASS",
      d.checks - d.failed, d.checks);
  g_free (d.server_pid);
  g_free (d.dir);
  g_free (d.cert_file);
  g_free (d.server_fingerprint);
  g_free (d.uri);
  return d.failed || d.checks == 0 ? 1 : 0;
}
