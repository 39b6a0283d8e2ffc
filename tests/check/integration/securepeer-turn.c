/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* securepeerbin through a real TURN server: coturn's turnserver, started by
 * the test on 127.0.0.1 (a free port, long-term credentials with a fresh
 * random password, no TLS, no CLI, loopback peers allowed, its log in a
 * temporary folder) and stopped by PID.
 *
 * - Two bins wired by the test (action signals, as securepeerbin-loopback)
 *   with ice-transport-policy=relay: only relay candidates are announced
 *   and paired, so media has to go through coturn. One bin names the server
 *   "localhost" (resolved from /etc/hosts by GResolver), the other
 *   127.0.0.1. Both connect, the selected pair is relay, Opus is decrypted
 *   and decoded both ways, coturn's log shows the allocations and channel
 *   bindings, media stops while coturn is stopped (SIGSTOP) and resumes
 *   with it, and the TURN password appears nowhere in a GST_DEBUG=*:9 log
 *   of the whole run (nor in libnice's own debug log). Then the time to
 *   connect through TURN, without the debug log, over 5 runs.
 * - A wrong TURN password: the allocation is refused, the relay-only bin
 *   fails within a bounded time and nothing is sent.
 * - stun-server=stun://localhost:PORT: coturn answers the binding request
 *   of each bin's host candidate (on loopback the server-reflexive address
 *   equals the host one, so libnice drops it as redundant, RFC 8445
 *   §5.1.3); the connection works.
 * - Bad server settings are clear errors that never show the password.
 * - Host names that do not resolve (needs root: a private network and mount
 *   namespace whose resolv.conf points at 127.0.0.53 in that namespace, so
 *   no lookup leaves it): a clear error naming the host, within the 5 s
 *   bound even when the name server never answers. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#ifndef _GNU_SOURCE
#define _GNU_SOURCE             /* unshare () */
#endif
#include <errno.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gst/check/gstcheck.h>
#include <gst/webrtc/webrtc.h>
#include <nice/debug.h>
#include "securepeertestutil.h"

#define WAIT_US (15 * G_USEC_PER_SEC)

/* ---- coturn ---- */

typedef struct
{
  GPid pid;
  gchar *dir;
  gchar *log_path;
  guint port;
  gchar *user;
  gchar *password;
} TurnServer;

static void
turn_child_setup (gpointer user_data)
{
  /* Never outlive the test, whatever happens to it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A port free for both UDP and TCP on 127.0.0.1 (coturn listens on both). */
static guint
free_port (void)
{
  GSocket *udp, *tcp;
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *any = g_inet_socket_address_new (lo, 0), *bound;
  GSocketAddress *same;
  guint port = 0;

  udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
      G_SOCKET_PROTOCOL_TCP, NULL);
  fail_unless (udp && tcp);
  fail_unless (g_socket_bind (udp, any, FALSE, NULL));
  bound = g_socket_get_local_address (udp, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  same = g_inet_socket_address_new (lo, port);
  if (!g_socket_bind (tcp, same, FALSE, NULL))
    port = 0;
  g_object_unref (same);
  g_object_unref (bound);
  g_object_unref (udp);
  g_object_unref (tcp);
  g_object_unref (any);
  g_object_unref (lo);
  return port;
}

/* Sends STUN Binding requests (RFC 5389 §6: type 0x0001, magic cookie) to
 * 127.0.0.1:@port until one is answered, for at most @timeout_us. */
static gboolean
stun_binding_answered (guint port, gint64 timeout_us)
{
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *any = g_inet_socket_address_new (lo, 0);
  GSocketAddress *server = g_inet_socket_address_new (lo, port);
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  gint64 end = g_get_monotonic_time () + timeout_us;
  gboolean answered = FALSE;
  guint8 req[20] = { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42 };
  guint8 resp[1500];
  guint i;

  fail_unless (s && g_socket_bind (s, any, FALSE, NULL));
  for (i = 8; i < 20; i++)
    req[i] = g_random_int_range (0, 256);
  while (!answered && g_get_monotonic_time () < end) {
    gssize n;

    g_socket_send_to (s, server, (const gchar *) req, sizeof (req), NULL,
        NULL);
    g_socket_set_timeout (s, 0);
    if (!g_socket_condition_timed_wait (s, G_IO_IN, 100 * 1000, NULL,
            NULL))
      continue;
    n = g_socket_receive (s, (gchar *) resp, sizeof (resp), NULL, NULL);
    /* Binding success response with our transaction id. */
    answered = n >= 20 && resp[0] == 0x01 && resp[1] == 0x01
        && memcmp (resp + 8, req + 8, 12) == 0;
  }
  g_object_unref (s);
  g_object_unref (server);
  g_object_unref (any);
  g_object_unref (lo);
  return answered;
}

static gchar *
random_hex (guint bytes)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < bytes; i++)
    g_string_append_printf (s, "%02x", g_random_int_range (0, 256));
  return g_string_free (s, FALSE);
}

static void
remove_dir (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);
    g_unlink (path);
    g_free (path);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

/* All temporary files of the run live in one folder, made and removed by
 * the runner process (an unchecked fixture): a failed check ends a forked
 * test with _exit (), and coturn goes with it (PR_SET_PDEATHSIG). */
static gchar *tmp_root;

static void
tmp_root_setup (void)
{
  tmp_root = g_dir_make_tmp ("securepeer-turn-XXXXXX", NULL);
  g_assert (tmp_root != NULL);
}

static void
tmp_root_teardown (void)
{
  GDir *d = g_dir_open (tmp_root, 0, NULL);
  const gchar *name;

  while (d && (name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (tmp_root, name, NULL);
    if (g_file_test (path, G_FILE_TEST_IS_DIR))
      remove_dir (path);
    else
      g_unlink (path);
    g_free (path);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (tmp_root);
  g_clear_pointer (&tmp_root, g_free);
}

static void
turn_server_start (TurnServer * t)
{
  gchar *turnserver = g_find_program_in_path ("turnserver");
  guint attempt;

  memset (t, 0, sizeof (*t));
  fail_unless (turnserver != NULL, "turnserver (Debian package coturn) is "
      "missing: run scripts/install-deps.sh");
  t->dir = g_build_filename (tmp_root, "turn-XXXXXX", NULL);
  fail_unless (g_mkdtemp (t->dir) != NULL);
  t->log_path = g_build_filename (t->dir, "turn.log", NULL);
  t->user = random_hex (2);
  t->user[0] = 'u';             /* a letter first */
  t->password = random_hex (12);

  for (attempt = 0; attempt < 3 && !t->pid; attempt++) {
    gchar *port_arg, *user_arg, *log_arg, *db_arg, *pid_arg;
    GError *err = NULL;
    GPid pid;

    t->port = free_port ();
    if (!t->port)
      continue;
    port_arg = g_strdup_printf ("--listening-port=%u", t->port);
    user_arg = g_strdup_printf ("--user=%s:%s", t->user, t->password);
    log_arg = g_strdup_printf ("--log-file=%s", t->log_path);
    db_arg = g_strdup_printf ("--userdb=%s/turndb", t->dir);
    pid_arg = g_strdup_printf ("--pidfile=%s/turn.pid", t->dir);
    {
      /* -n: no configuration file; everything is given here. */
      const gchar *argv[] = { turnserver, "-n", port_arg,
        "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
        "--lt-cred-mech", user_arg, "--realm=securertc.test",
        "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers",
        "--no-rfc5780", "--log-binding", "--simple-log", "--no-stdout-log",
        "--verbose", log_arg, db_arg, pid_arg, NULL
      };
      fail_unless (g_spawn_async (NULL, (gchar **) argv, NULL,
              G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
              G_SPAWN_STDERR_TO_DEV_NULL, turn_child_setup, NULL, &pid,
              &err), "turnserver: %s", err ? err->message : "");
    }
    g_free (port_arg);
    g_free (user_arg);
    g_free (log_arg);
    g_free (db_arg);
    g_free (pid_arg);
    if (stun_binding_answered (t->port, 10 * G_USEC_PER_SEC)) {
      t->pid = pid;
    } else {
      /* Lost the port to someone else? Try another one. */
      kill (pid, SIGKILL);
      waitpid (pid, NULL, 0);
    }
  }
  g_free (turnserver);
  fail_unless (t->pid != 0, "turnserver did not start (see %s)",
      t->log_path);
}

/* The log, once coturn has stopped (or so far while it runs). */
static gchar *
turn_server_log (TurnServer * t)
{
  gchar *text = NULL;

  fail_unless (g_file_get_contents (t->log_path, &text, NULL, NULL));
  return text;
}

static void
turn_server_stop (TurnServer * t)
{
  gint64 end;
  gint status;

  if (t->pid) {
    kill (t->pid, SIGTERM);
    end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (waitpid (t->pid, &status, WNOHANG) == 0) {
      if (g_get_monotonic_time () > end) {
        kill (t->pid, SIGKILL);
        waitpid (t->pid, &status, 0);
        break;
      }
      g_usleep (20 * 1000);
    }
    t->pid = 0;
  }
}

static void
turn_server_clear (TurnServer * t)
{
  turn_server_stop (t);
  remove_dir (t->dir);
  g_free (t->dir);
  g_free (t->log_path);
  g_free (t->user);
  memset (t->password, 0, strlen (t->password));
  g_free (t->password);
}

static gchar *
turn_uri (TurnServer * t, const gchar * host, const gchar * password)
{
  return g_strdup_printf ("turn://%s:%s@%s:%u", t->user,
      password ? password : t->password, host, t->port);
}

/* ---- the debug log: GST_DEBUG=*:9 and libnice's own, in a file ---- */

typedef struct
{
  GMutex lock;
  FILE *file;
  gchar *path;
  guint64 lines;
} DebugLog;

static DebugLog debug_log;

static void
debug_log_gst (GstDebugCategory * category, GstDebugLevel level,
    const gchar * file, const gchar * function, gint line, GObject * object,
    GstDebugMessage * message, gpointer user_data)
{
  gchar *text = gst_debug_log_get_line (category, level, file, function,
      line, object, message);

  g_mutex_lock (&debug_log.lock);
  if (debug_log.file) {
    fputs (text, debug_log.file);
    debug_log.lines++;
  }
  g_mutex_unlock (&debug_log.lock);
  g_free (text);
}

static void
debug_log_glib (const gchar * domain, GLogLevelFlags level,
    const gchar * message, gpointer user_data)
{
  g_mutex_lock (&debug_log.lock);
  if (debug_log.file) {
    fprintf (debug_log.file, "[%s] %s\n", domain ? domain : "", message);
    debug_log.lines++;
  }
  g_mutex_unlock (&debug_log.lock);
}

static void
debug_log_start (void)
{
  gint fd;

  debug_log.path = g_build_filename (tmp_root, "debug-XXXXXX.log", NULL);
  fd = g_mkstemp (debug_log.path);
  fail_unless (fd >= 0);
  debug_log.file = fdopen (fd, "w");
  fail_unless (debug_log.file != NULL);
  debug_log.lines = 0;
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (debug_log_gst, NULL, NULL);
  gst_debug_set_active (TRUE);
  gst_debug_set_threshold_from_string ("*:9", TRUE);
  /* libnice logs through GLib, when asked to (as NICE_DEBUG=all does). */
  g_log_set_handler ("libnice", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
      G_LOG_FLAG_RECURSION, debug_log_glib, NULL);
  g_log_set_handler ("libnice-stun", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
      G_LOG_FLAG_RECURSION, debug_log_glib, NULL);
  nice_debug_enable (TRUE);
}

/* Stops logging; returns the log's text (the file is removed). */
static gchar *
debug_log_finish (guint64 * lines)
{
  gchar *text = NULL;

  gst_debug_set_threshold_from_string ("*:0", TRUE);
  nice_debug_disable (TRUE);
  gst_debug_remove_log_function (debug_log_gst);
  g_mutex_lock (&debug_log.lock);
  fclose (debug_log.file);
  debug_log.file = NULL;
  *lines = debug_log.lines;
  g_mutex_unlock (&debug_log.lock);
  fail_unless (g_file_get_contents (debug_log.path, &text, NULL, NULL));
  g_unlink (debug_log.path);
  g_free (debug_log.path);
  return text;
}

/* ---- two bins wired by the test ---- */

typedef struct Side
{
  GstElement *pipe;
  GstElement *bin;
  struct Side *other;
  gint decoded;                 /* atomic: decoded Opus buffers */
  gint error_messages;          /* atomic */
  GMutex lock;
  GPtrArray *candidates;        /* local candidates announced */
} Side;

static void
on_pad_added (GstElement * bin, GstPad * pad, Side * s)
{
  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  sp_test_link_opus_decoder (s->pipe, pad, &s->decoded);
}

static void
on_ice_candidate (GstElement * bin, guint mline, const gchar * cand, Side * s)
{
  fail_unless (g_str_has_prefix (cand, "candidate:"));
  g_mutex_lock (&s->lock);
  g_ptr_array_add (s->candidates, g_strdup (cand));
  g_mutex_unlock (&s->lock);
  g_signal_emit_by_name (s->other->bin, "add-ice-candidate", mline, cand);
}

/* @turn/@stun: server URIs or NULL. */
static void
side_init (Side * s, Side * other, const gchar * turn, const gchar * stun,
    gboolean relay_only)
{
  GError *err = NULL;
  GstBus *bus;

  memset (s, 0, sizeof (*s));
  s->other = other;
  g_mutex_init (&s->lock);
  s->candidates = g_ptr_array_new_with_free_func (g_free);
  s->pipe = gst_parse_launch ("audiotestsrc is-live=true ! "
      "audio/x-raw,rate=48000 ! opusenc ! rtpopuspay ! "
      "securepeerbin name=peer ice-local-addresses=127.0.0.1 latency=50",
      &err);
  fail_unless (s->pipe != NULL, "%s", err ? err->message : "");
  s->bin = gst_bin_get_by_name (GST_BIN (s->pipe), "peer");
  /* Set as an application would (not in the launch line: gst_parse_launch
   * logs property values at DEBUG level, see docs/securepeer.md). */
  if (turn)
    g_object_set (s->bin, "turn-server", turn, NULL);
  if (stun)
    g_object_set (s->bin, "stun-server", stun, NULL);
  if (relay_only)
    gst_util_set_object_arg (G_OBJECT (s->bin), "ice-transport-policy",
        "relay");
  g_signal_connect (s->bin, "pad-added", G_CALLBACK (on_pad_added), s);
  g_signal_connect (s->bin, "on-ice-candidate", G_CALLBACK (on_ice_candidate),
      s);
  bus = gst_element_get_bus (s->pipe);
  gst_bus_set_sync_handler (bus, sp_test_bus_count_errors,
      &s->error_messages, NULL);
  gst_object_unref (bus);
}

static void
side_start (Side * s)
{
  sp_test_play_until_caps (s->pipe, s->bin, 1, WAIT_US);
}

static void
side_clear (Side * s)
{
  gst_element_set_state (s->pipe, GST_STATE_NULL);
  gst_object_unref (s->bin);
  gst_object_unref (s->pipe);
  g_ptr_array_unref (s->candidates);
  g_mutex_clear (&s->lock);
}

static void
expect_ok (GError * err)
{
  fail_unless (err == NULL, "%s", err ? err->message : "");
}

/* The ICE passwords of both descriptions go to @ice_pwds (to look for them
 * in the debug log too). */
static void
negotiate (Side * a, Side * b, GPtrArray * ice_pwds)
{
  GstWebRTCSessionDescription *offer, *answer;
  GstWebRTCSessionDescription *descs[2];
  guint i, m;

  expect_ok (sp_test_create_description (a->bin, "create-offer",
          "offer", &offer));
  expect_ok (sp_test_set_description (a->bin, "set-local-description", offer));
  expect_ok (sp_test_set_description (b->bin, "set-remote-description", offer));
  expect_ok (sp_test_create_description (b->bin, "create-answer",
          "answer", &answer));
  expect_ok (sp_test_set_description (b->bin, "set-local-description", answer));
  expect_ok (sp_test_set_description (a->bin, "set-remote-description",
          answer));
  descs[0] = offer;
  descs[1] = answer;
  for (i = 0; ice_pwds && i < 2; i++) {
    const gchar *pwd = gst_sdp_message_get_attribute_val (descs[i]->sdp,
        "ice-pwd");
    for (m = 0; !pwd && m < gst_sdp_message_medias_len (descs[i]->sdp); m++)
      pwd = gst_sdp_media_get_attribute_val (gst_sdp_message_get_media
          (descs[i]->sdp, m), "ice-pwd");
    fail_unless (pwd != NULL);
    g_ptr_array_add (ice_pwds, g_strdup (pwd));
  }
  gst_webrtc_session_description_free (offer);
  gst_webrtc_session_description_free (answer);
}

static gint
conn_state (Side * s)
{
  gint state = 0;

  g_object_get (s->bin, "connection-state", &state, NULL);
  return state;
}

#define STATE_CONNECTED 2
#define STATE_FAILED 4

static gboolean
wait_until (gboolean (*cond) (Side * a, Side * b), Side * a, Side * b,
    gint64 timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;

  while (g_get_monotonic_time () < end) {
    if (cond (a, b))
      return TRUE;
    g_usleep (10 * 1000);
  }
  return cond (a, b);
}

static gboolean
both_connected (Side * a, Side * b)
{
  return conn_state (a) == STATE_CONNECTED && conn_state (b) == STATE_CONNECTED;
}

static gboolean
both_decoded (Side * a, Side * b)
{
  return g_atomic_int_get (&a->decoded) >= 50
      && g_atomic_int_get (&b->decoded) >= 50;
}

static gboolean
a_failed (Side * a, Side * b)
{
  return conn_state (a) == STATE_FAILED;
}

static guint64
stats_uint64 (const GstStructure * st, const gchar * sub, const gchar * field)
{
  const GstStructure *inner = st;
  GstStructure *owned = NULL;
  guint64 v = 0;

  if (sub) {
    fail_unless (gst_structure_get (st, sub, GST_TYPE_STRUCTURE, &owned,
            NULL), "no %s in stats", sub);
    inner = owned;
  }
  fail_unless (gst_structure_get_uint64 (inner, field, &v), "no %s", field);
  if (owned)
    gst_structure_free (owned);
  return v;
}

/* "candidate:... udp <prio> <addr> <port> typ <type> ..." -> type */
static gboolean
all_candidates_of_type (Side * s, const gchar * type)
{
  gboolean all = TRUE;
  gchar *typ = g_strdup_printf (" typ %s", type);
  guint i;

  g_mutex_lock (&s->lock);
  for (i = 0; i < s->candidates->len; i++)
    all &= strstr (g_ptr_array_index (s->candidates, i), typ) != NULL;
  g_mutex_unlock (&s->lock);
  g_free (typ);
  return all;
}

static guint
candidate_count (Side * s)
{
  guint n;

  g_mutex_lock (&s->lock);
  n = s->candidates->len;
  g_mutex_unlock (&s->lock);
  return n;
}

/* The port of the first host candidate. */
static guint
host_candidate_port (Side * s)
{
  guint i, port = 0;

  g_mutex_lock (&s->lock);
  for (i = 0; i < s->candidates->len && !port; i++) {
    gchar **f = g_strsplit (g_ptr_array_index (s->candidates, i), " ", -1);
    if (g_strv_length (f) >= 8 && g_str_equal (f[7], "host"))
      port = (guint) g_ascii_strtoull (f[5], NULL, 10);
    g_strfreev (f);
  }
  g_mutex_unlock (&s->lock);
  return port;
}

static guint
count_lines_with (const gchar * text, const gchar * a, const gchar * b)
{
  gchar **lines = g_strsplit (text, "\n", -1);
  guint i, n = 0;

  for (i = 0; lines[i]; i++)
    n += strstr (lines[i], a) && (!b || strstr (lines[i], b));
  g_strfreev (lines);
  return n;
}

/* coturn's log: a binding request from 127.0.0.1:@port was answered. Its
 * first packet opens an endpoint ("New UDP endpoint ... remote addr"), and
 * the answer is logged soon after; coturn's listener threads may log the
 * other candidate's lines in between, so a few lines of slack. */
static gboolean
binding_answered (const gchar * log, guint port)
{
  gchar **lines = g_strsplit (log, "\n", -1);
  gchar *from = g_strdup_printf ("remote addr 127.0.0.1:%u", port);
  gboolean answered = FALSE;
  guint i, j;

  for (i = 0; lines[i] && !answered; i++) {
    if (!g_str_has_suffix (lines[i], from))
      continue;
    for (j = i + 1; lines[j] && j <= i + 8 && !answered; j++)
      answered = strstr (lines[j], "BINDING processed, success") != NULL;
  }
  g_free (from);
  g_strfreev (lines);
  return answered;
}

/* The first line of @text holding @secret, with the secret masked (for a
 * failure message), or NULL when it is nowhere. */
static gchar *
line_with_secret (const gchar * text, const gchar * secret)
{
  const gchar *hit = strstr (text, secret), *begin, *end;
  gchar *line, **parts, *masked;

  if (!hit)
    return NULL;
  for (begin = hit; begin > text && begin[-1] != '\n'; begin--);
  end = strchr (hit, '\n');
  line = g_strndup (begin, end ? (gsize) (end - begin) : strlen (begin));
  parts = g_strsplit (line, secret, -1);
  masked = g_strjoinv ("<secret>", parts);
  g_strfreev (parts);
  g_free (line);
  return masked;
}

static void
expect_no_secret (const gchar * text, const gchar * secret, const gchar * what)
{
  gchar *line = line_with_secret (text, secret);

  fail_unless (line == NULL, "%s in the log: %s", what, line);
}

/* ---- tests ---- */

GST_START_TEST (test_relay_only_through_turn)
{
  TurnServer t;
  Side a, b;
  gchar *uri_a, *uri_b, *log, *text;
  const gchar *pair;
  GstStructure *st;
  GPtrArray *ice_pwds = g_ptr_array_new_with_free_func (g_free);
  gint64 start, connected_ms;
  guint64 lines, nice_lines = 0;
  gint paused_a, paused_b;
  guint i;

  turn_server_start (&t);
  debug_log_start ();
  /* One side names the server by host name (resolved from /etc/hosts),
   * the other by address. */
  uri_a = turn_uri (&t, "localhost", NULL);
  uri_b = turn_uri (&t, "127.0.0.1", NULL);
  side_init (&a, &b, uri_a, NULL, TRUE);
  side_init (&b, &a, uri_b, NULL, TRUE);
  side_start (&a);
  side_start (&b);

  start = g_get_monotonic_time ();
  negotiate (&a, &b, ice_pwds);
  fail_unless (wait_until (both_connected, &a, &b, WAIT_US),
      "not connected through TURN: %d %d", conn_state (&a), conn_state (&b));
  connected_ms = (g_get_monotonic_time () - start) / 1000;
  g_print ("securepeer-turn: offer -> connected through TURN (relay only) "
      "in %" G_GINT64_FORMAT " ms\n", connected_ms);
  /* GST_DEBUG=*:9 slows everything down (7-12 s here under ASan). */
  fail_unless (wait_until (both_decoded, &a, &b, 4 * WAIT_US),
      "decoded %d / %d", g_atomic_int_get (&a.decoded),
      g_atomic_int_get (&b.decoded));
  g_print ("securepeer-turn: offer -> 50 Opus buffers decoded both ways in "
      "%" G_GINT64_FORMAT " ms\n", (g_get_monotonic_time () - start) / 1000);

  /* Relay only: the peer learnt no host address of ours. */
  fail_unless (candidate_count (&a) > 0 && candidate_count (&b) > 0);
  fail_unless (all_candidates_of_type (&a, "relay"));
  fail_unless (all_candidates_of_type (&b, "relay"));

  for (i = 0; i < 2; i++) {
    Side *s = i == 0 ? &a : &b;
    st = sp_test_get_stats (s->bin);
    pair = gst_structure_get_string (st, "selected-candidate-pair");
    fail_unless (pair != NULL);
    g_print ("securepeer-turn: %c: selected pair %s, %s, %s\n", 'A' + i, pair,
        gst_structure_get_string (st, "dtls-cipher-suite"),
        gst_structure_get_string (st, "srtp-profile"));
    /* "<local> relay <-> <remote> relay": both ends are relayed. */
    fail_unless (strstr (pair, " relay <-> ") != NULL, "%s", pair);
    fail_unless (g_str_has_suffix (pair, " relay"), "%s", pair);
    fail_unless (stats_uint64 (st, "srtp-decrypt", "rtp-packets") >= 50);
    fail_unless_equals_uint64 (stats_uint64 (st, "srtp-decrypt",
            "dropped-auth"), 0);
    fail_unless (stats_uint64 (st, "srtp-encrypt", "rtp-packets") >= 50);
    gst_structure_free (st);
  }
  fail_unless_equals_int (g_atomic_int_get (&a.error_messages), 0);
  fail_unless_equals_int (g_atomic_int_get (&b.error_messages), 0);

  /* The media really goes through coturn: stop the server (SIGSTOP) and
   * it stops both ways; let it continue and it flows again. */
  fail_unless (kill (t.pid, SIGSTOP) == 0);
  /* Let what was in flight (sockets, jitterbuffer, decoder) drain: wait
   * until neither count moved for 500 ms (a few seconds at most: slow
   * under ASan with GST_DEBUG=*:9). */
  start = g_get_monotonic_time ();
  paused_a = paused_b = -1;
  while (g_get_monotonic_time () - start < WAIT_US) {
    gint now_a = g_atomic_int_get (&a.decoded);
    gint now_b = g_atomic_int_get (&b.decoded);

    if (now_a == paused_a && now_b == paused_b)
      break;
    paused_a = now_a;
    paused_b = now_b;
    g_usleep (500 * 1000);
  }
  g_usleep (1000 * 1000);
  g_print ("securepeer-turn: coturn stopped for 1 s: %d / %d buffers decoded "
      "meanwhile\n", g_atomic_int_get (&a.decoded) - paused_a,
      g_atomic_int_get (&b.decoded) - paused_b);
  fail_unless_equals_int (g_atomic_int_get (&a.decoded), paused_a);
  fail_unless_equals_int (g_atomic_int_get (&b.decoded), paused_b);
  fail_unless (kill (t.pid, SIGCONT) == 0);
  paused_a += 25;
  paused_b += 25;
  start = g_get_monotonic_time ();
  while ((g_atomic_int_get (&a.decoded) < paused_a
          || g_atomic_int_get (&b.decoded) < paused_b)
      && g_get_monotonic_time () - start < WAIT_US)
    g_usleep (10 * 1000);
  fail_unless (g_atomic_int_get (&a.decoded) >= paused_a
      && g_atomic_int_get (&b.decoded) >= paused_b,
      "media did not resume through coturn");
  fail_unless_equals_int (conn_state (&a), STATE_CONNECTED);
  fail_unless_equals_int (conn_state (&b), STATE_CONNECTED);

  side_clear (&a);
  side_clear (&b);
  /* Both allocations are deleted when the bins go away (a REFRESH with
   * lifetime 0 from each agent, sent before libnice lets the agent go),
   * instead of staying on the server until they expire. */
  {
    gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    guint refreshed = 0;

    do {
      log = turn_server_log (&t);
      refreshed = count_lines_with (log, "REFRESH processed, success", NULL);
      g_free (log);
      if (refreshed < 2)
        g_usleep (20 * 1000);
    } while (refreshed < 2 && g_get_monotonic_time () < until);
    fail_unless (refreshed >= 2, "allocations not deleted: %u refreshes",
        refreshed);
  }
  text = debug_log_finish (&lines);
  turn_server_stop (&t);

  /* The TURN password is nowhere in the debug log (GStreamer *:9 and
   * libnice), nor are the ICE passwords; but the log is not empty and did
   * see the TURN server at work. */
  g_print ("securepeer-turn: %" G_GUINT64_FORMAT " debug log lines, %"
      G_GSIZE_FORMAT " bytes\n", lines, strlen (text));
  fail_unless (lines > 10000, "only %" G_GUINT64_FORMAT " lines", lines);
  fail_unless (strstr (text, "relay") != NULL);
  expect_no_secret (text, t.password, "the TURN password");
  /* The ICE passwords: not in GStreamer's log. (libnice's own debug log,
   * NICE_DEBUG, prints them with every connectivity check: that switch is
   * libnice's, see docs/securepeer.md.) */
  {
    /* Blank libnice's lines, in place (memchr: the log is large, and
     * AddressSanitizer makes repeated strstr () on it quadratic). */
    gchar *p = text, *end = text + strlen (text), *nl;

    while (p < end) {
      nl = memchr (p, '\n', end - p);
      if (!nl)
        nl = end;
      if (g_str_has_prefix (p, "[libnice")) {
        nice_lines++;
        memset (p, ' ', nl - p);
      }
      p = nl + 1;
    }
  }
  g_print ("securepeer-turn: of which %" G_GUINT64_FORMAT " from libnice\n",
      nice_lines);
  fail_unless (nice_lines > 100);
  for (i = 0; i < ice_pwds->len; i++)
    expect_no_secret (text, g_ptr_array_index (ice_pwds, i),
        "an ICE password");
  g_free (text);

  /* coturn: both allocations (after the usual 401 challenge), with our
   * user, permissions and channels for the peer's relayed address. */
  log = turn_server_log (&t);
  fail_unless (count_lines_with (log, "ALLOCATE processed, success", NULL)
      >= 2, "%s", log);
  fail_unless (count_lines_with (log, "CHANNEL_BIND processed, success",
          NULL) >= 2, "%s", log);
  fail_unless (strstr (log, t.user) != NULL);
  fail_unless (strstr (log, t.password) == NULL);
  g_free (log);

  g_free (uri_a);
  g_free (uri_b);
  g_ptr_array_unref (ice_pwds);
  turn_server_clear (&t);
}

GST_END_TEST;

static gint
compare_int64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
both_decoded_one (Side * a, Side * b)
{
  return g_atomic_int_get (&a->decoded) > 0
      && g_atomic_int_get (&b->decoded) > 0;
}

/* How long a relay-only connection takes (no debug log here): offer ->
 * connected, and offer -> first Opus buffer decoded on both sides. */
GST_START_TEST (test_relay_connect_time)
{
  TurnServer t;
  gchar *uri;
  gint64 connected[5], decoded[5];
  guint i, n = G_N_ELEMENTS (connected);

  turn_server_start (&t);
  uri = turn_uri (&t, "127.0.0.1", NULL);
  for (i = 0; i < n; i++) {
    Side a, b;
    gint64 start;

    side_init (&a, &b, uri, NULL, TRUE);
    side_init (&b, &a, uri, NULL, TRUE);
    side_start (&a);
    side_start (&b);
    start = g_get_monotonic_time ();
    negotiate (&a, &b, NULL);
    fail_unless (wait_until (both_connected, &a, &b, WAIT_US));
    connected[i] = (g_get_monotonic_time () - start) / 1000;
    fail_unless (wait_until (both_decoded_one, &a, &b, WAIT_US));
    decoded[i] = (g_get_monotonic_time () - start) / 1000;
    side_clear (&a);
    side_clear (&b);
  }
  qsort (connected, n, sizeof (gint64), compare_int64);
  qsort (decoded, n, sizeof (gint64), compare_int64);
  g_print ("securepeer-turn: relay only, %u runs: offer -> connected %"
      G_GINT64_FORMAT " / %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT
      " ms (min / median / max); offer -> first Opus decoded both ways %"
      G_GINT64_FORMAT " / %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " ms\n",
      n, connected[0], connected[n / 2], connected[n - 1], decoded[0],
      decoded[n / 2], decoded[n - 1]);
  g_free (uri);
  turn_server_clear (&t);
}

GST_END_TEST;

/* Threads of this process named @prefix* (from /proc/self/task). */
static guint
threads_named (const gchar * prefix)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const gchar *tid;
  guint n = 0;

  fail_unless (dir != NULL);
  while ((tid = g_dir_read_name (dir))) {
    gchar *path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
    gchar *comm = NULL;

    if (g_file_get_contents (path, &comm, NULL, NULL))
      n += g_str_has_prefix (comm, prefix);
    g_free (comm);
    g_free (path);
  }
  g_dir_close (dir);
  return n;
}

/* In a child process: a relay-only pair connects, coturn is stopped, the
 * bins are dropped (their agents keep asking coturn to delete the
 * allocations, on the ICE thread), and the process exits right away. */
static void
exit_during_turn_teardown_child (TurnServer * t, const gchar * uri)
{
  Side a, b;

  side_init (&a, &b, uri, NULL, TRUE);
  side_init (&b, &a, uri, NULL, TRUE);
  side_start (&a);
  side_start (&b);
  negotiate (&a, &b, NULL);
  if (!wait_until (both_connected, &a, &b, WAIT_US))
    _exit (3);
  kill (t->pid, SIGSTOP);
  side_clear (&a);
  side_clear (&b);
  /* The deletions are unanswered: the ICE thread still runs. */
  if (threads_named ("securertc-ice") == 0)
    _exit (4);
  exit (0);
}

/* The process exits while an ICE thread is still deleting TURN allocations.
 * The ICE threads are stopped before the libraries they call (libnice signs
 * STUN with GnuTLS) are finalized; before that, an exit at such a moment
 * could abort in GnuTLS ("malloc(): unsorted double linked list
 * corrupted", seen about once in 25 runs of this suite). */
GST_START_TEST (test_exit_during_turn_teardown)
{
  TurnServer t;
  gchar *uri;
  guint i;

  turn_server_start (&t);
  uri = turn_uri (&t, "127.0.0.1", NULL);
  for (i = 0; i < 3; i++) {
    gint status = 0;
    gint64 start;
    pid_t pid, done = 0;

    pid = fork ();
    fail_unless (pid >= 0);
    if (pid == 0)
      exit_during_turn_teardown_child (&t, uri);
    start = g_get_monotonic_time ();
    while ((done = waitpid (pid, &status, WNOHANG)) == 0
        && g_get_monotonic_time () - start < 3 * WAIT_US)
      g_usleep (20 * 1000);
    if (done == 0) {
      kill (pid, SIGKILL);
      waitpid (pid, &status, 0);
    }
    kill (t.pid, SIGCONT);
    fail_unless (done == pid, "the child did not end");
    fail_unless (WIFEXITED (status), "the child died of signal %d",
        WIFSIGNALED (status) ? WTERMSIG (status) : 0);
    fail_unless_equals_int (WEXITSTATUS (status), 0);
    g_print ("securepeer-turn: exit during TURN teardown %u: clean exit in %"
        G_GINT64_FORMAT " ms\n", i + 1, (g_get_monotonic_time () - start) /
        1000);
  }
  g_free (uri);
  turn_server_clear (&t);
}

GST_END_TEST;

GST_START_TEST (test_wrong_turn_password)
{
  TurnServer t;
  Side a, b;
  gchar *uri_a, *uri_b, *wrong, *log;
  gint64 start, failed_ms;
  GstStructure *st;
  guint i;

  turn_server_start (&t);
  wrong = random_hex (12);
  uri_a = turn_uri (&t, "127.0.0.1", wrong);
  uri_b = turn_uri (&t, "127.0.0.1", NULL);
  side_init (&a, &b, uri_a, NULL, TRUE);
  side_init (&b, &a, uri_b, NULL, TRUE);
  side_start (&a);
  side_start (&b);
  start = g_get_monotonic_time ();
  negotiate (&a, &b, NULL);
  fail_unless (wait_until (a_failed, &a, &b, WAIT_US),
      "relay-only bin with a wrong TURN password did not fail: %d",
      conn_state (&a));
  failed_ms = (g_get_monotonic_time () - start) / 1000;
  g_print ("securepeer-turn: wrong TURN password -> failed in %"
      G_GINT64_FORMAT " ms\n", failed_ms);
  /* Give anything a chance to (wrongly) flow. */
  g_usleep (1000 * 1000);
  fail_unless_equals_int (conn_state (&a), STATE_FAILED);
  fail_if (conn_state (&b) == STATE_CONNECTED);
  /* No relay candidate: A announced nothing at all. */
  fail_unless_equals_int (candidate_count (&a), 0);
  for (i = 0; i < 2; i++) {
    Side *s = i == 0 ? &a : &b;
    st = sp_test_get_stats (s->bin);
    /* Nothing went to the network: no DTLS, no SRTP (and never RTP). */
    fail_unless_equals_uint64 (stats_uint64 (st, NULL, "datagrams-sent"), 0);
    fail_unless_equals_uint64 (stats_uint64 (st, "srtp-encrypt",
            "rtp-packets"), 0);
    fail_unless_equals_int (g_atomic_int_get (&s->decoded), 0);
    gst_structure_free (st);
  }
  side_clear (&a);
  side_clear (&b);
  turn_server_stop (&t);
  log = turn_server_log (&t);
  /* coturn refused A's credentials (401) and allocated for B only. */
  fail_unless (count_lines_with (log, "401", NULL) > 0, "%s", log);
  fail_unless_equals_int (count_lines_with (log,
          "ALLOCATE processed, success", NULL), 1);
  g_free (log);
  memset (wrong, 0, strlen (wrong));
  g_free (wrong);
  g_free (uri_a);
  g_free (uri_b);
  turn_server_clear (&t);
}

GST_END_TEST;

GST_START_TEST (test_stun_localhost)
{
  TurnServer t;
  Side a, b;
  gchar *stun, *log;
  guint port_a, port_b;

  turn_server_start (&t);
  stun = g_strdup_printf ("stun://localhost:%u", t.port);
  side_init (&a, &b, NULL, stun, FALSE);
  side_init (&b, &a, NULL, stun, FALSE);
  side_start (&a);
  side_start (&b);
  negotiate (&a, &b, NULL);
  fail_unless (wait_until (both_connected, &a, &b, WAIT_US),
      "not connected: %d %d", conn_state (&a), conn_state (&b));
  fail_unless (wait_until (both_decoded, &a, &b, WAIT_US));
  port_a = host_candidate_port (&a);
  port_b = host_candidate_port (&b);
  fail_unless (port_a && port_b);
  fail_unless (all_candidates_of_type (&a, "host"));
  fail_unless (all_candidates_of_type (&b, "host"));
  side_clear (&a);
  side_clear (&b);
  turn_server_stop (&t);

  /* coturn answered a binding request from each host candidate. On
   * loopback the reflexive address is the host address itself, which
   * libnice drops as redundant: no srflx candidate is announced. */
  log = turn_server_log (&t);
  fail_unless (binding_answered (log, port_a), "%s", log);
  fail_unless (binding_answered (log, port_b), "%s", log);
  g_free (log);
  g_free (stun);
  turn_server_clear (&t);
}

GST_END_TEST;

/* A bare bin in READY: create-offer creates the ICE agent (ensure_ice), so
 * server settings are checked (and host names resolved) there. Returns the
 * error, or NULL. */
static GError *
offer_error (const gchar * turn, const gchar * stun, gboolean relay_only)
{
  GstElement *bin = gst_element_factory_make ("securepeerbin", NULL);
  GstWebRTCSessionDescription *offer = NULL;
  GstStructure *opts;
  GstPromise *p;
  const GstStructure *reply;
  GError *err = NULL;

  fail_unless (bin != NULL);
  g_object_set (bin, "ice-local-addresses", "127.0.0.1", NULL);
  if (turn)
    g_object_set (bin, "turn-server", turn, NULL);
  if (stun)
    g_object_set (bin, "stun-server", stun, NULL);
  if (relay_only)
    gst_util_set_object_arg (G_OBJECT (bin), "ice-transport-policy", "relay");
  fail_if (gst_element_set_state (bin, GST_STATE_READY) ==
      GST_STATE_CHANGE_FAILURE);
  opts = gst_structure_new ("options", "offer-to-receive-audio", G_TYPE_INT,
      1, NULL);
  p = gst_promise_new ();
  g_signal_emit_by_name (bin, "create-offer", opts, p);
  fail_unless_equals_int (gst_promise_wait (p), GST_PROMISE_RESULT_REPLIED);
  reply = gst_promise_get_reply (p);
  if (!gst_structure_get (reply, "error", G_TYPE_ERROR, &err, NULL)) {
    fail_unless (gst_structure_get (reply, "offer",
            GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL));
    gst_webrtc_session_description_free (offer);
  }
  gst_promise_unref (p);
  gst_structure_free (opts);
  gst_element_set_state (bin, GST_STATE_NULL);
  gst_object_unref (bin);
  return err;
}

/* The error exists, says @what, and does not show @secret. */
static void
expect_error (GError * err, const gchar * what, const gchar * secret)
{
  fail_unless (err != NULL, "no error (expected \"%s\")", what);
  g_print ("securepeer-turn: error as expected: %s\n", err->message);
  fail_unless (strstr (err->message, what) != NULL, "\"%s\" is not in: %s",
      what, err->message);
  fail_unless (!secret || strstr (err->message, secret) == NULL,
      "the password is in the error");
  g_error_free (err);
}

GST_START_TEST (test_bad_server_settings)
{
  const gchar *pw = "Pw0123456789secret";
  gchar *uri;

  /* The happy paths first: an IP address, localhost, defaults. */
  uri = g_strdup_printf ("turn://user:%s@localhost:3478", pw);
  expect_ok (offer_error (uri, "stun://localhost:3478", TRUE));
  g_free (uri);
  uri = g_strdup_printf ("turn://user:%s@127.0.0.1?transport=udp", pw);
  expect_ok (offer_error (uri, "stun://127.0.0.1", FALSE));
  g_free (uri);

  uri = g_strdup_printf ("turns://user:%s@127.0.0.1:5349", pw);
  expect_error (offer_error (uri, NULL, FALSE), "turns://", pw);
  g_free (uri);
  uri = g_strdup_printf ("turn://user:%s@127.0.0.1:3478?transport=tcp", pw);
  expect_error (offer_error (uri, NULL, FALSE), "transport=udp", pw);
  g_free (uri);
  uri = g_strdup_printf ("http://user:%s@127.0.0.1:3478", pw);
  expect_error (offer_error (uri, NULL, FALSE), "turn://<user>:<password>@",
      pw);
  g_free (uri);
  uri = g_strdup_printf ("turn:user:%s", pw);
  expect_error (offer_error (uri, NULL, FALSE), "must be given as", pw);
  g_free (uri);
  expect_error (offer_error ("turn://127.0.0.1:3478", NULL, FALSE),
      "needs a user name and a password", NULL);
  expect_error (offer_error (NULL, "stun://", FALSE), "stun://<host>", NULL);
  expect_error (offer_error (NULL, "stun://localhost:3478", TRUE),
      "needs a TURN server", NULL);
}

GST_END_TEST;

/* Needs root: a private network namespace (only its own, down-then-up
 * loopback) and mount namespace whose /etc/resolv.conf points at
 * 127.0.0.53 there. No lookup can leave it. */
static gboolean
private_resolver_namespace (guint timeout_s)
{
  gchar *conf_path, *conf;
  gint fd;

  if (getuid () != 0 || g_strcmp0 (g_getenv ("CK_FORK"), "no") == 0) {
    g_print ("securepeer-turn: SKIP unresolvable host names (needs root "
        "and forked tests)\n");
    return FALSE;
  }
  if (unshare (CLONE_NEWNET | CLONE_NEWNS) != 0) {
    g_print ("securepeer-turn: SKIP unresolvable host names (unshare: %s)\n",
        g_strerror (errno));
    return FALSE;
  }
  fail_unless (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0,
      "mount: %s", g_strerror (errno));
  conf_path = g_build_filename (tmp_root, "resolv-XXXXXX.conf", NULL);
  fd = g_mkstemp (conf_path);
  fail_unless (fd >= 0);
  close (fd);
  conf = g_strdup_printf ("nameserver 127.0.0.53\noptions timeout:%u "
      "attempts:1\n", timeout_s);
  fail_unless (g_file_set_contents (conf_path, conf, -1, NULL));
  fail_unless (mount (conf_path, "/etc/resolv.conf", NULL, MS_BIND, NULL) ==
      0, "bind mount: %s", g_strerror (errno));
  /* The bind mount keeps the file's content; its name can go. */
  g_unlink (conf_path);
  g_free (conf_path);
  g_free (conf);

  /* Loopback up, with one more address: getaddrinfo (AI_ADDRCONFIG, as
   * GResolver asks) does not even try a name server on a host whose only
   * IPv4 address is 127.0.0.1. */
  {
    const gchar *up[] = { "ip", "link", "set", "lo", "up", NULL };
    const gchar *addr[] = { "ip", "address", "add", "127.0.0.53/8", "dev",
      "lo", NULL
    };
    gint status = -1;

    fail_unless (g_spawn_sync (NULL, (gchar **) up, NULL,
            G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL)
        && status == 0, "ip link set lo up");
    fail_unless (g_spawn_sync (NULL, (gchar **) addr, NULL,
            G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL)
        && status == 0, "ip address add");
  }
  return TRUE;
}

GST_START_TEST (test_unresolvable_host)
{
  const gchar *pw = "Pw0123456789secret";
  GInetAddress *lo;
  GSocketAddress *dns;
  GSocket *silent;
  gint64 start, ms;
  gchar *uri;

  /* The name server would answer after 7 s at the earliest: more than
   * the bin waits. */
  if (!private_resolver_namespace (7))
    return;

  /* Nothing listens on 127.0.0.53:53: the lookup fails at once. */
  uri = g_strdup_printf ("turn://user:%s@no-such-turn-server.invalid:3478",
      pw);
  start = g_get_monotonic_time ();
  expect_error (offer_error (uri, NULL, TRUE),
      "\"no-such-turn-server.invalid\"", pw);
  g_print ("securepeer-turn: unresolvable TURN host -> error in %"
      G_GINT64_FORMAT " ms\n", (g_get_monotonic_time () - start) / 1000);
  g_free (uri);

  /* A name server that never answers: the bound (5 s) ends the wait. */
  lo = g_inet_address_new_from_string ("127.0.0.53");
  dns = g_inet_socket_address_new (lo, 53);
  silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  fail_unless (g_socket_bind (silent, dns, FALSE, NULL));
  start = g_get_monotonic_time ();
  expect_error (offer_error (NULL, "stun://silent-dns.invalid:3478", FALSE),
      "\"silent-dns.invalid\"", NULL);
  ms = (g_get_monotonic_time () - start) / 1000;
  g_print ("securepeer-turn: STUN host whose name server never answers -> "
      "error after %" G_GINT64_FORMAT " ms\n", ms);
  fail_unless (ms >= 4900 && ms < 6500, "%" G_GINT64_FORMAT " ms", ms);
  /* Let the resolver's worker thread give up too (7 s) before exiting. */
  g_usleep (2500 * 1000);
  g_object_unref (silent);
  g_object_unref (dns);
  g_object_unref (lo);
}

GST_END_TEST;

static Suite *
securepeer_turn_suite (void)
{
  Suite *s = suite_create ("securepeer-turn");
  TCase *tc = tcase_create ("general");

  sp_test_tolerate_rtpsession_race (tc);

  suite_add_tcase (s, tc);
  tcase_add_unchecked_fixture (tc, tmp_root_setup, tmp_root_teardown);
  tcase_set_timeout (tc, 150);
  tcase_add_test (tc, test_bad_server_settings);
  tcase_add_test (tc, test_relay_only_through_turn);
  tcase_add_test (tc, test_relay_connect_time);
  tcase_add_test (tc, test_wrong_turn_password);
  tcase_add_test (tc, test_exit_during_turn_teardown);
  tcase_add_test (tc, test_stun_localhost);
  /* Last: it moves its (forked) process into namespaces of its own. */
  tcase_add_test (tc, test_unresolvable_host);
  return s;
}

GST_CHECK_MAIN (securepeer_turn);
