/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* dtlskeyexchange against real OpenSSL peers (`openssl s_server` and
 * `openssl s_client`) over UDP on 127.0.0.1, in both roles:
 *  - the handshake completes with the profile asked for;
 *  - our key events carry exactly the keys OpenSSL exports with
 *    -keymatexport EXTRACTOR-dtls_srtp (RFC 5764 §4.2 split);
 *  - SRTP we send (srtpencrypt keyed by our event) decrypts with the keys
 *    OpenSSL exported, and SRTP made with OpenSSL's keys decrypts through
 *    our element and srtpdecrypt;
 *  - a peer offering only a non-PFS suite, or only DTLS 1.0, is refused.
 * Every child is bounded with `timeout` and killed by PID. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gst/check/gstcheck.h>
#include <gst/net/gstnetaddressmeta.h>

#include <openssl/pem.h>

#include <gst/securertc/gstsecurewipe.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/dtls/gstdtlscertificate.h>

#define RTP_CAPS "application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0"

typedef struct
{
  GSubprocess *proc;
  gchar *out_path;
} Peer;

static gchar *tmpdir;

static gchar *
make_cert_file (const gchar * name, gchar ** fingerprint)
{
  GstSecureRtcDtlsCertificate *c = gst_secure_rtc_dtls_certificate_generate (NULL);
  gchar *path = g_build_filename (tmpdir, name, NULL);
  FILE *fp = fopen (path, "w");

  fail_unless (fp != NULL);
  PEM_write_X509 (fp, gst_secure_rtc_dtls_certificate_peek_x509 (c));
  PEM_write_PrivateKey (fp, gst_secure_rtc_dtls_certificate_peek_pkey (c), NULL,
      NULL, 0, NULL, NULL);
  fclose (fp);
  if (fingerprint)
    *fingerprint = gst_secure_rtc_dtls_certificate_get_fingerprint_string (c, 0);
  gst_secure_rtc_dtls_certificate_unref (c);
  return path;
}

static guint16
free_udp_port (void)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *a = g_inet_socket_address_new (lo, 0), *bound;
  guint16 port;

  fail_unless (g_socket_bind (s, a, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_object_unref (bound);
  g_object_unref (a);
  g_object_unref (lo);
  g_object_unref (s);           /* released: s_server binds it next */
  return port;
}

static GSocket *
bound_socket (guint16 * port)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *a = g_inet_socket_address_new (lo, 0), *bound;

  fail_unless (g_socket_bind (s, a, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_object_unref (bound);
  g_object_unref (a);
  g_object_unref (lo);
  return s;
}

/* Starts `timeout 20 openssl ...` with stdin kept open (s_server/s_client
 * quit on end of input) and output into a file. */
static void
peer_start (Peer * p, const gchar * const *args)
{
  GSubprocessLauncher *l = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
  GPtrArray *argv = g_ptr_array_new ();
  GError *err = NULL;
  static guint n = 0;
  guint i;

  p->out_path = g_strdup_printf ("%s/openssl-%d-%u.out", tmpdir, (gint) getpid (),
      n++);
  g_subprocess_launcher_set_stdout_file_path (l, p->out_path);
  g_subprocess_launcher_set_stderr_file_path (l, NULL);
  g_subprocess_launcher_take_stderr_fd (l, -1);
  g_ptr_array_add (argv, (gpointer) "timeout");
  g_ptr_array_add (argv, (gpointer) "20");
  g_ptr_array_add (argv, (gpointer) "openssl");
  for (i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  p->proc = g_subprocess_launcher_spawnv (l, (const gchar * const *) argv->pdata,
      &err);
  fail_unless (p->proc != NULL, "%s", err ? err->message : "");
  g_ptr_array_free (argv, TRUE);
  g_object_unref (l);
}

static gchar *
peer_output (Peer * p)
{
  gchar *s = NULL;
  g_file_get_contents (p->out_path, &s, NULL, NULL);
  return s ? s : g_strdup ("");
}

static void
peer_stop (Peer * p)
{
  if (p->proc) {
    const gchar *pid = g_subprocess_get_identifier (p->proc);
    if (pid)
      kill ((pid_t) atoi (pid), SIGTERM);
    g_subprocess_wait (p->proc, NULL, NULL);
    g_clear_object (&p->proc);
  }
  g_unlink (p->out_path);
  g_free (p->out_path);
}

/* Waits (bounded) for "Keying material: HEX" and returns the bytes. */
static GBytes *
peer_wait_keymat (Peer * p, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < end) {
    gchar *out = peer_output (p);
    gchar *k = strstr (out, "Keying material: ");
    if (k) {
      GByteArray *a = g_byte_array_new ();
      k += strlen ("Keying material: ");
      while (g_ascii_isxdigit (k[0]) && g_ascii_isxdigit (k[1])) {
        guint8 b = (g_ascii_xdigit_value (k[0]) << 4) | g_ascii_xdigit_value (k[1]);
        g_byte_array_append (a, &b, 1);
        k += 2;
      }
      g_free (out);
      return g_byte_array_free_to_bytes (a);
    }
    g_free (out);
    g_usleep (20000);           /* polling an external process' output */
  }
  return NULL;
}

typedef struct
{
  GstElement *pipe, *d, *src, *sink, *udpsink;
  GMutex lock;
  GstSecureRtcSrtpKey *local_key, *remote_key;
  GPtrArray *sent_srtp;         /* SRTP buffers we sent to the network */
  gboolean peer_address_set;
} Ours;

static GstPadProbeReturn
upstream_key_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Ours *o = user_data;
  GstSecureRtcSrtpKey *key;

  if (gst_secure_rtc_srtp_key_event_parse (GST_PAD_PROBE_INFO_EVENT (info), &key)) {
    g_mutex_lock (&o->lock);
    if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_CUSTOM_UPSTREAM) {
      g_clear_pointer (&o->local_key, gst_secure_rtc_srtp_key_unref);
      o->local_key = key;
    } else {
      g_clear_pointer (&o->remote_key, gst_secure_rtc_srtp_key_unref);
      o->remote_key = key;
    }
    g_mutex_unlock (&o->lock);
  }
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
net_out_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Ours *o = user_data;
  GstBuffer *b = GST_PAD_PROBE_INFO_BUFFER (info);
  guint8 first = 0;

  gst_buffer_extract (b, 0, &first, 1);
  if (first >= 128 && first <= 191) {
    g_mutex_lock (&o->lock);
    g_ptr_array_add (o->sent_srtp, gst_buffer_copy (b));
    g_mutex_unlock (&o->lock);
  }
  return GST_PAD_PROBE_OK;
}

/* When we are the server, answer to wherever the first datagram came from. */
static GstPadProbeReturn
first_packet_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Ours *o = user_data;
  GstNetAddressMeta *meta =
      gst_buffer_get_net_address_meta (GST_PAD_PROBE_INFO_BUFFER (info));

  if (meta && !o->peer_address_set) {
    GInetSocketAddress *a = G_INET_SOCKET_ADDRESS (meta->addr);
    gchar *host = g_inet_address_to_string (g_inet_socket_address_get_address (a));
    g_object_set (o->udpsink, "host", host, "port",
        (gint) g_inet_socket_address_get_port (a), NULL);
    o->peer_address_set = TRUE;
    g_free (host);
  }
  return GST_PAD_PROBE_OK;
}

static void
ours_start (Ours * o, const gchar * role, const gchar * profile,
    const gchar * cert, const gchar * peer_fp, GSocket * sock, guint16 peer_port)
{
  gchar *desc;
  GstElement *e;
  GstPad *pad;
  GError *err = NULL;

  memset (o, 0, sizeof (*o));
  g_mutex_init (&o->lock);
  o->sent_srtp = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  desc = g_strdup_printf ("udpsrc name=udpsrc ! "
      "dtlskeyexchange name=d role=%s srtp-profiles=%s certificate-file=%s "
      "  peer-fingerprint=\"%s\" "
      "d.net_src ! udpsink name=udpsink host=127.0.0.1 port=%u sync=false async=false "
      "appsrc name=src format=time caps=" RTP_CAPS " ! srtpencrypt name=enc ! d.srtp_sink "
      "d.srtp_src ! srtpdecrypt name=dec ! appsink name=sink sync=false async=false",
      role, profile, cert, peer_fp, peer_port ? peer_port : 9);
  o->pipe = gst_parse_launch (desc, &err);
  fail_unless (o->pipe != NULL, "%s", err ? err->message : "");
  g_free (desc);
  e = gst_bin_get_by_name (GST_BIN (o->pipe), "udpsrc");
  g_object_set (e, "socket", sock, "close-socket", FALSE, NULL);
  pad = gst_element_get_static_pad (e, "src");
  if (peer_port == 0)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, first_packet_probe, o, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
  o->udpsink = gst_bin_get_by_name (GST_BIN (o->pipe), "udpsink");
  g_object_set (o->udpsink, "socket", sock, "close-socket", FALSE, NULL);
  o->d = gst_bin_get_by_name (GST_BIN (o->pipe), "d");
  pad = gst_element_get_static_pad (o->d, "net_src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, net_out_probe, o, NULL);
  gst_object_unref (pad);
  o->src = gst_bin_get_by_name (GST_BIN (o->pipe), "src");
  o->sink = gst_bin_get_by_name (GST_BIN (o->pipe), "sink");
  e = gst_bin_get_by_name (GST_BIN (o->pipe), "enc");
  pad = gst_element_get_static_pad (e, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, upstream_key_probe, o, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (o->pipe), "dec");
  pad = gst_element_get_static_pad (e, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, upstream_key_probe, o, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
  fail_unless (gst_element_set_state (o->pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
}

static void
ours_stop (Ours * o)
{
  gst_element_set_state (o->pipe, GST_STATE_NULL);
  gst_object_unref (o->d);
  gst_object_unref (o->src);
  gst_object_unref (o->sink);
  gst_object_unref (o->udpsink);
  gst_object_unref (o->pipe);
  g_clear_pointer (&o->local_key, gst_secure_rtc_srtp_key_unref);
  g_clear_pointer (&o->remote_key, gst_secure_rtc_srtp_key_unref);
  g_ptr_array_unref (o->sent_srtp);
  g_mutex_clear (&o->lock);
}

static gint
ours_state (Ours * o)
{
  gint s;
  g_object_get (o->d, "state", &s, NULL);
  return s;
}

/* Waits for connected (2) or failed (3); returns the error message if any. */
static gchar *
ours_wait (Ours * o, guint timeout_ms)
{
  GstBus *bus = gst_element_get_bus (o->pipe);
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  gchar *msg = NULL;

  while (g_get_monotonic_time () < end) {
    GstMessage *m = gst_bus_timed_pop_filtered (bus, 20 * GST_MSECOND,
        GST_MESSAGE_ERROR);
    if (m) {
      GError *e = NULL;
      gchar *dbg = NULL;
      gst_message_parse_error (m, &e, &dbg);
      msg = g_strdup_printf ("%s | %s", e->message, dbg);
      g_error_free (e);
      g_free (dbg);
      gst_message_unref (m);
      break;
    }
    if (ours_state (o) == 2)
      break;
  }
  gst_object_unref (bus);
  return msg;
}

static GstBuffer *
make_rtp (guint16 seq, guint8 fill)
{
  guint8 pkt[12 + 100];

  memset (pkt, fill, sizeof (pkt));
  pkt[0] = 0x80;
  pkt[1] = 0;
  pkt[2] = seq >> 8;
  pkt[3] = seq & 0xff;
  pkt[8] = 0x11;
  pkt[9] = 0x22;
  pkt[10] = 0x33;
  pkt[11] = fill;
  return gst_buffer_new_memdup (pkt, sizeof (pkt));
}

static gchar *
to_hex (const guint8 * d, gsize n)
{
  GString *s = g_string_new (NULL);
  gsize i;
  for (i = 0; i < n; i++)
    g_string_append_printf (s, "%02x", d[i]);
  return g_string_free (s, FALSE);
}

/* Runs @bufs through "appsrc ! srtpdecrypt key=.. profile=.. ! appsink" and
 * counts the packets that decrypt to @fill payloads. */
static guint
decrypt_count (GPtrArray * bufs, const gchar * profile, const gchar * keyhex,
    guint8 fill)
{
  gchar *desc = g_strdup_printf ("appsrc name=src format=time caps=application/x-srtp ! "
      "srtpdecrypt profile=%s key=%s ! appsink name=sink sync=false async=false",
      profile, keyhex);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  guint i, good = 0;

  gst_element_set_state (pipe, GST_STATE_PLAYING);
  for (i = 0; i < bufs->len; i++) {
    GstFlowReturn ret;
    g_signal_emit_by_name (src, "push-buffer", g_ptr_array_index (bufs, i), &ret);
  }
  for (;;) {
    GstSample *s = NULL;
    GstMapInfo map;

    g_signal_emit_by_name (sink, "try-pull-sample", 500 * GST_MSECOND, &s);
    if (s == NULL)
      break;
    gst_buffer_map (gst_sample_get_buffer (s), &map, GST_MAP_READ);
    if (map.size == 112 && map.data[50] == fill)
      good++;
    gst_buffer_unmap (gst_sample_get_buffer (s), &map);
    gst_sample_unref (s);
  }
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipe);
  g_free (desc);
  return good;
}

/* Sends @n RTP packets encrypted with @keyhex to 127.0.0.1:@port. */
static void
encrypt_send (const gchar * profile, const gchar * keyhex, guint16 port,
    guint n, guint8 fill)
{
  gchar *desc = g_strdup_printf ("appsrc name=src format=time caps=" RTP_CAPS " ! "
      "srtpencrypt profile=%s key=%s ! udpsink host=127.0.0.1 port=%u sync=false async=false",
      profile, keyhex, port);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *m;
  guint i;

  gst_element_set_state (pipe, GST_STATE_PLAYING);
  for (i = 0; i < n; i++) {
    GstFlowReturn ret;
    GstBuffer *b = make_rtp (i + 1, fill);
    g_signal_emit_by_name (src, "push-buffer", b, &ret);
    gst_buffer_unref (b);
  }
  {
    GstFlowReturn ret;
    g_signal_emit_by_name (src, "end-of-stream", &ret);
  }
  m = gst_bus_timed_pop_filtered (bus, 5 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (m)
    gst_message_unref (m);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (pipe);
  g_free (desc);
}

static const struct
{
  const gchar *our_role;        /* the other side is the other role */
  const gchar *profile_rfc;
  const gchar *profile_nick;
  guint key_len, salt_len;
} interop_cases[] = {
  {"client", "SRTP_AEAD_AES_128_GCM", "aead-aes-128-gcm", 16, 12},
  {"server", "SRTP_AEAD_AES_128_GCM", "aead-aes-128-gcm", 16, 12},
  {"client", "SRTP_AES128_CM_SHA1_80", "aes-128-cm-hmac-sha1-80", 16, 14},
  {"server", "SRTP_AES128_CM_SHA1_80", "aes-128-cm-hmac-sha1-80", 16, 14},
  {"client", "SRTP_AEAD_AES_256_GCM", "aead-aes-256-gcm", 32, 12},
  {"server", "SRTP_AEAD_AES_256_GCM", "aead-aes-256-gcm", 32, 12},
};

GST_START_TEST (test_openssl_interop)
{
  gboolean we_client = g_str_equal (interop_cases[__i__].our_role, "client");
  guint kl = interop_cases[__i__].key_len, sl = interop_cases[__i__].salt_len;
  gchar *our_fp, *their_fp, *our_cert, *their_cert, *lenstr, *err, *portstr;
  gchar *ckey_hex, *skey_hex, *out;
  guint8 client_mat[46], server_mat[46];
  const guint8 *km, *mat;
  guint16 our_port, their_port = 0;
  GSocket *sock;
  GBytes *keymat = NULL;
  gsize len;
  guint attempt, i;
  Ours o;
  Peer p = { 0, };

  our_cert = make_cert_file ("ours.pem", &our_fp);
  their_cert = make_cert_file ("theirs.pem", &their_fp);
  lenstr = g_strdup_printf ("%u", 2 * (kl + sl));
  sock = bound_socket (&our_port);

  for (attempt = 0; attempt < 3 && keymat == NULL; attempt++) {
    if (we_client) {
      /* s_server cannot bind port 0: take a free one, release it, retry on a race */
      their_port = free_udp_port ();
      portstr = g_strdup_printf ("127.0.0.1:%u", their_port);
      {
        const gchar *args[] = { "s_server", "-dtls1_2", "-accept", portstr,
          "-naccept", "1", "-cert", their_cert, "-key", their_cert, "-verify", "1",
          "-use_srtp", interop_cases[__i__].profile_rfc, "-keymatexport",
          "EXTRACTOR-dtls_srtp", "-keymatexportlen", lenstr, NULL
        };
        peer_start (&p, args);
      }
      g_usleep (300 * 1000);    /* let s_server bind before our first flight */
      ours_start (&o, "client", interop_cases[__i__].profile_nick, our_cert,
          their_fp, sock, their_port);
    } else {
      ours_start (&o, "server", interop_cases[__i__].profile_nick, our_cert,
          their_fp, sock, 0);
      portstr = g_strdup_printf ("127.0.0.1:%u", our_port);
      {
        const gchar *args[] = { "s_client", "-dtls1_2", "-connect", portstr,
          "-cert", their_cert, "-key", their_cert,
          "-use_srtp", interop_cases[__i__].profile_rfc, "-keymatexport",
          "EXTRACTOR-dtls_srtp", "-keymatexportlen", lenstr, NULL
        };
        peer_start (&p, args);
      }
    }
    g_free (portstr);
    err = ours_wait (&o, 10000);
    keymat = peer_wait_keymat (&p, 3000);
    if (keymat == NULL || err) {
      out = peer_output (&p);
      GST_WARNING ("attempt %u failed: %s; openssl said:\n%s", attempt, err, out);
      g_free (out);
      g_clear_pointer (&keymat, g_bytes_unref);
      ours_stop (&o);
      peer_stop (&p);
      fail_if (err && we_client == FALSE, "%s", err);
      g_free (err);
    }
  }
  fail_unless (keymat != NULL, "no handshake with openssl");
  fail_unless_equals_int (ours_state (&o), 2);
  out = peer_output (&p);
  fail_unless (strstr (out, interop_cases[__i__].profile_rfc) != NULL);
  g_free (out);
  {
    gchar *neg = NULL;
    g_object_get (o.d, "negotiated-profile", &neg, NULL);
    fail_unless_equals_string (neg, interop_cases[__i__].profile_nick);
    g_free (neg);
  }

  /* RFC 5764 §4.2: client key | server key | client salt | server salt */
  km = g_bytes_get_data (keymat, &len);
  fail_unless_equals_int (len, 2 * (kl + sl));
  memcpy (client_mat, km, kl);
  memcpy (client_mat + kl, km + 2 * kl, sl);
  memcpy (server_mat, km + kl, kl);
  memcpy (server_mat + kl, km + 2 * kl + sl, sl);
  {
    gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < end) {
      gboolean have;
      g_mutex_lock (&o.lock);
      have = o.local_key != NULL;
      g_mutex_unlock (&o.lock);
      if (have)
        break;
      g_usleep (10000);
    }
  }
  g_mutex_lock (&o.lock);
  fail_unless (o.local_key != NULL);
  mat = gst_secure_rtc_srtp_key_peek_material (o.local_key, &len);
  fail_unless_equals_int (len, kl + sl);
  fail_unless (memcmp (mat, we_client ? client_mat : server_mat, len) == 0,
      "our local key differs from what openssl exported");
  g_mutex_unlock (&o.lock);

  ckey_hex = to_hex (client_mat, kl + sl);
  skey_hex = to_hex (server_mat, kl + sl);

  /* SRTP we send decrypts with OpenSSL's keys */
  for (i = 0; i < 10; i++) {
    GstFlowReturn ret;
    GstBuffer *b = make_rtp (i + 1, 0x5a);
    g_signal_emit_by_name (o.src, "push-buffer", b, &ret);
    gst_buffer_unref (b);
  }
  {
    gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    guint n = 0;
    while (g_get_monotonic_time () < end && n < 10) {
      g_mutex_lock (&o.lock);
      n = o.sent_srtp->len;
      g_mutex_unlock (&o.lock);
      g_usleep (10000);
    }
  }
  g_mutex_lock (&o.lock);
  fail_unless_equals_int (o.sent_srtp->len, 10);
  fail_unless_equals_int (decrypt_count (o.sent_srtp,
          interop_cases[__i__].profile_nick, we_client ? ckey_hex : skey_hex,
          0x5a), 10);
  /* and not with the other direction's key */
  fail_unless_equals_int (decrypt_count (o.sent_srtp,
          interop_cases[__i__].profile_nick, we_client ? skey_hex : ckey_hex,
          0x5a), 0);
  g_mutex_unlock (&o.lock);

  /* SRTP made with OpenSSL's key for the peer's direction decrypts through us */
  encrypt_send (interop_cases[__i__].profile_nick, we_client ? skey_hex : ckey_hex,
      our_port, 10, 0xa5);
  {
    guint got = 0;
    for (;;) {
      GstSample *s = NULL;
      GstMapInfo map;
      g_signal_emit_by_name (o.sink, "try-pull-sample", 1000 * GST_MSECOND, &s);
      if (s == NULL)
        break;
      gst_buffer_map (gst_sample_get_buffer (s), &map, GST_MAP_READ);
      if (map.size == 112 && map.data[50] == 0xa5)
        got++;
      gst_buffer_unmap (gst_sample_get_buffer (s), &map);
      gst_sample_unref (s);
    }
    fail_unless_equals_int (got, 10);
  }

  gst_secure_rtc_wipe (client_mat, sizeof (client_mat));
  gst_secure_rtc_wipe (server_mat, sizeof (server_mat));
  g_free (ckey_hex);
  g_free (skey_hex);
  g_bytes_unref (keymat);
  ours_stop (&o);
  peer_stop (&p);
  g_object_unref (sock);
  g_unlink (our_cert);
  g_unlink (their_cert);
  g_free (our_cert);
  g_free (their_cert);
  g_free (our_fp);
  g_free (their_fp);
  g_free (lenstr);
}

GST_END_TEST;

/* Peers we must refuse: only non-PFS suites, or only DTLS 1.0. Loop:
 * 0/1: s_client (we are server), 2: s_server with only a non-PFS suite. */
static const struct
{
  gboolean we_client;
  const gchar *extra1, *extra2;
  const gchar *reason;
} refuse_cases[] = {
  {FALSE, "-dtls1_2", "AES128-SHA:@SECLEVEL=0", "no shared cipher"},
  {FALSE, "-dtls1", "DEFAULT:@SECLEVEL=0", "unsupported protocol"},
  {TRUE, "-dtls1_2", "AES128-GCM-SHA256:AES256-GCM-SHA384:@SECLEVEL=0",
      "handshake failure"},
};

GST_START_TEST (test_openssl_refused)
{
  gchar *our_fp, *their_fp, *our_cert, *their_cert, *portstr, *err, *out;
  guint16 our_port, their_port = 0;
  GSocket *sock;
  Ours o;
  Peer p = { 0, };

  our_cert = make_cert_file ("ours.pem", &our_fp);
  their_cert = make_cert_file ("theirs.pem", &their_fp);
  sock = bound_socket (&our_port);
  if (refuse_cases[__i__].we_client) {
    their_port = free_udp_port ();
    portstr = g_strdup_printf ("127.0.0.1:%u", their_port);
    {
      const gchar *args[] = { "s_server", refuse_cases[__i__].extra1, "-accept",
        portstr, "-naccept", "1", "-cert", their_cert, "-key", their_cert,
        "-cipher", refuse_cases[__i__].extra2, "-use_srtp",
        "SRTP_AES128_CM_SHA1_80", NULL
      };
      peer_start (&p, args);
    }
    g_usleep (300 * 1000);
    ours_start (&o, "client", "aes-128-cm-hmac-sha1-80", our_cert, their_fp,
        sock, their_port);
  } else {
    ours_start (&o, "server", "aes-128-cm-hmac-sha1-80", our_cert, their_fp,
        sock, 0);
    portstr = g_strdup_printf ("127.0.0.1:%u", our_port);
    {
      const gchar *args[] = { "s_client", refuse_cases[__i__].extra1,
        "-connect", portstr, "-cert", their_cert, "-key", their_cert,
        "-cipher", refuse_cases[__i__].extra2, "-use_srtp",
        "SRTP_AES128_CM_SHA1_80", NULL
      };
      peer_start (&p, args);
    }
  }
  err = ours_wait (&o, 8000);
  out = peer_output (&p);
  GST_INFO ("our error: %s\nopenssl:\n%s", err, out);
  fail_unless (err != NULL, "the handshake was not refused");
  fail_unless (strstr (err, refuse_cases[__i__].reason) != NULL, "%s", err);
  fail_unless_equals_int (ours_state (&o), 3);
  fail_unless (o.local_key == NULL && o.remote_key == NULL);
  fail_if (strstr (out, "Keying material: ") != NULL);
  /* the peer really tried (we saw its hello), so it was a refusal */
  fail_unless (o.peer_address_set || refuse_cases[__i__].we_client);
  g_free (out);
  g_free (err);
  ours_stop (&o);
  peer_stop (&p);
  g_object_unref (sock);
  g_free (portstr);
  g_unlink (our_cert);
  g_unlink (their_cert);
  g_free (our_cert);
  g_free (their_cert);
  g_free (our_fp);
  g_free (their_fp);
}

GST_END_TEST;

static Suite *
dtls_openssl_suite (void)
{
  Suite *s = suite_create ("dtls-openssl");
  TCase *tc = tcase_create ("general");
  gchar *openssl = g_find_program_in_path ("openssl");

  tmpdir = g_dir_make_tmp ("dtls-openssl-XXXXXX", NULL);
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  /* No silent skip: without the openssl tool this test fails. */
  if (openssl == NULL)
    g_error ("the openssl command line tool is needed for this test");
  g_free (openssl);
  tcase_add_loop_test (tc, test_openssl_interop, 0, G_N_ELEMENTS (interop_cases));
  tcase_add_loop_test (tc, test_openssl_refused, 0, G_N_ELEMENTS (refuse_cases));
  return s;
}

GST_CHECK_MAIN (dtls_openssl);
