/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* DTLS handshake time, ours (dtlskeyexchange) vs gst-plugins-bad
 * (dtlssrtpenc/dtlssrtpdec), in the same process and run, over UDP on
 * 127.0.0.1. Each run builds two fresh pipelines (client and server),
 * sets them to PLAYING and measures until both ends report "connected"
 * (ours: keys exported after the peer was verified; plugins-bad:
 * connection-state=connected on both decoders). Our times include making
 * both fresh certificates; plugins-bad makes one RSA certificate per
 * process (in the warm-up run). Medians of --runs (default 21).
 *
 *   dtls-handshake [--runs N] [--timeout-ms T]
 *
 * "handshake" is from the client's first datagram to both ends connected;
 * "total" is from building the fingerprints (ours: making both
 * certificates) through pipeline start to both connected.
 *
 * Run it inside a network namespace with a loss rule to measure under loss
 * (see dtls-handshake-loss.sh). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <gst/gst.h>

#include <gst/securertc/dtls/gstdtlscertificate.h>

static GSocket *
bound_socket (guint16 * port)
{
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
      G_SOCKET_PROTOCOL_UDP, NULL);
  GInetAddress *lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  GSocketAddress *a = g_inet_socket_address_new (lo, 0), *bound;

  if (!g_socket_bind (s, a, FALSE, NULL))
    g_error ("bind failed");
  bound = g_socket_get_local_address (s, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_object_unref (bound);
  g_object_unref (a);
  g_object_unref (lo);
  return s;
}

static void
set_sockets (GstElement * pipe, GSocket * sock)
{
  GstElement *e = gst_bin_get_by_name (GST_BIN (pipe), "udpsrc");
  g_object_set (e, "socket", sock, "close-socket", FALSE, NULL);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (pipe), "udpsink");
  g_object_set (e, "socket", sock, "close-socket", FALSE, NULL);
  gst_object_unref (e);
}

static GstPadProbeReturn
first_datagram_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  gint64 *t = user_data;

  if (g_atomic_pointer_get (t) == 0)
    *t = g_get_monotonic_time ();
  return GST_PAD_PROBE_REMOVE;
}

/* Returns the total time in ms (certificates, start, handshake) or -1 on
 * failure/timeout; @hs_ms gets the handshake alone: from the client's first
 * datagram to both ends connected. */
static gdouble
run_once (gboolean ours, guint timeout_ms, guint n, gdouble * hs_ms)
{
  gint64 first = 0;
  GstElement *d[2];
  guint16 p[2];
  GSocket *s0 = bound_socket (&p[0]), *s1 = bound_socket (&p[1]);
  GstElement *pipe[2];
  gdouble ms = -1;
  gint64 start, end;
  guint i;

  for (i = 0; i < 2; i++) {
    gchar *desc;

    if (ours) {
      desc = g_strdup_printf ("udpsrc name=udpsrc ! dtlskeyexchange name=d role=%s "
          "d.net_src ! udpsink name=udpsink host=127.0.0.1 port=%u sync=false async=false "
          "d.srtp_src ! fakesink sync=false async=false",
          i == 0 ? "client" : "server", p[1 - i]);
    } else {
      desc = g_strdup_printf ("udpsrc name=udpsrc ! dtlssrtpdec name=d connection-id=b%u-%u "
          "d.rtp_src ! fakesink sync=false async=false "
          "dtlssrtpenc name=enc connection-id=b%u-%u is-client=%s "
          "enc.src ! udpsink name=udpsink host=127.0.0.1 port=%u sync=false async=false",
          n, i, n, i, i == 0 ? "true" : "false", p[1 - i]);
    }
    pipe[i] = gst_parse_launch (desc, NULL);
    g_free (desc);
    set_sockets (pipe[i], i == 0 ? s0 : s1);
    d[i] = gst_bin_get_by_name (GST_BIN (pipe[i]), "d");
  }
  {
    GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe[0]), "udpsink");
    GstPad *pad = gst_element_get_static_pad (sink, "sink");
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, first_datagram_probe,
        &first, NULL);
    gst_object_unref (pad);
    gst_object_unref (sink);
  }
  /* timed from here: for ours this includes making both certificates */
  start = g_get_monotonic_time ();
  if (ours) {
    GstElement *d0 = gst_bin_get_by_name (GST_BIN (pipe[0]), "d");
    GstElement *d1 = gst_bin_get_by_name (GST_BIN (pipe[1]), "d");
    gchar *f0 = NULL, *f1 = NULL;

    /* Each element makes its certificate here (fresh per connection,
     * inside the timed part); the exchange of fingerprints stands for the
     * signalling. */
    g_object_get (d0, "local-fingerprint", &f0, NULL);
    g_object_get (d1, "local-fingerprint", &f1, NULL);
    g_object_set (d0, "peer-fingerprint", f1, NULL);
    g_object_set (d1, "peer-fingerprint", f0, NULL);
    g_free (f0);
    g_free (f1);
    gst_object_unref (d0);
    gst_object_unref (d1);
  }

  gst_element_set_state (pipe[1], GST_STATE_PLAYING);   /* server first */
  gst_element_set_state (pipe[0], GST_STATE_PLAYING);
  end = start + (gint64) timeout_ms * 1000;
  while (g_get_monotonic_time () < end) {
    gint a, b;
    if (ours) {
      g_object_get (d[0], "state", &a, NULL);
      g_object_get (d[1], "state", &b, NULL);
      if (a == 2 && b == 2) {
        gint64 now = g_get_monotonic_time ();
        ms = (now - start) / 1000.0;
        *hs_ms = (now - first) / 1000.0;
        break;
      }
      if (a == 3 || b == 3)
        break;
    } else {
      /* GstDtlsConnectionState: 4 = connected, 2 = failed */
      g_object_get (d[0], "connection-state", &a, NULL);
      g_object_get (d[1], "connection-state", &b, NULL);
      if (a == 4 && b == 4) {
        gint64 now = g_get_monotonic_time ();
        ms = (now - start) / 1000.0;
        *hs_ms = (now - first) / 1000.0;
        break;
      }
      if (a == 2 || b == 2)
        break;
    }
    g_usleep (100);
  }
  for (i = 0; i < 2; i++) {
    gst_element_set_state (pipe[i], GST_STATE_NULL);
    gst_object_unref (d[i]);
    gst_object_unref (pipe[i]);
  }
  g_object_unref (s0);
  g_object_unref (s1);
  return ms;
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y;
}

static gdouble
median (GArray * a)
{
  if (a->len == 0)
    return -1;
  g_array_sort (a, cmp_double);
  if (a->len % 2)
    return g_array_index (a, gdouble, a->len / 2);
  return (g_array_index (a, gdouble, a->len / 2 - 1) +
      g_array_index (a, gdouble, a->len / 2)) / 2;
}

int
main (int argc, char **argv)
{
  guint runs = 21, timeout_ms = 30000, i;
  GArray *t[2], *h[2];
  guint failed[2] = { 0, 0 };
  gdouble m[2], hm[2], cert_ms;
  const gchar *names[2] = { "gst-plugins-bad dtlssrtpenc/dec", "dtlskeyexchange" };
  GArray *certs = g_array_new (FALSE, FALSE, sizeof (gdouble));

  for (i = 1; i + 1 < (guint) argc; i++) {
    if (g_str_equal (argv[i], "--runs"))
      runs = (guint) MAX (1, g_ascii_strtoll (argv[i + 1], NULL, 10)), i++;
    else if (g_str_equal (argv[i], "--timeout-ms"))
      timeout_ms = atoi (argv[++i]);
  }
  gst_init (NULL, NULL);
  if (gst_element_factory_find ("dtlssrtpenc") == NULL ||
      gst_element_factory_find ("dtlskeyexchange") == NULL)
    g_error ("dtlssrtpenc (gst-plugins-bad) and dtlskeyexchange are needed");

  /* warm-up (plugins-bad makes its process-wide RSA certificate here) */
  {
    gdouble dummy;
    run_once (FALSE, timeout_ms, 1000, &dummy);
    run_once (TRUE, timeout_ms, 1001, &dummy);
  }

  t[0] = g_array_new (FALSE, FALSE, sizeof (gdouble));
  t[1] = g_array_new (FALSE, FALSE, sizeof (gdouble));
  h[0] = g_array_new (FALSE, FALSE, sizeof (gdouble));
  h[1] = g_array_new (FALSE, FALSE, sizeof (gdouble));
  for (i = 0; i < runs; i++) {
    guint k;
    /* interleaved, so both see the same conditions */
    for (k = 0; k < 2; k++) {
      gdouble hs = -1, ms = run_once (k == 1, timeout_ms, i, &hs);
      if (ms < 0) {
        failed[k]++;
      } else {
        g_array_append_val (t[k], ms);
        g_array_append_val (h[k], hs);
      }
    }
  }
  for (i = 0; i < 50; i++) {
    gint64 s = g_get_monotonic_time ();
    GstSecureRtcDtlsCertificate *c = gst_secure_rtc_dtls_certificate_generate (NULL);
    gdouble ms = (g_get_monotonic_time () - s) / 1000.0;
    gst_secure_rtc_dtls_certificate_unref (c);
    g_array_append_val (certs, ms);
  }
  cert_ms = median (certs);

  for (i = 0; i < 2; i++) {
    gdouble mn = t[i]->len ? g_array_index (t[i], gdouble, 0) : -1, mx = mn;
    guint k;
    for (k = 0; k < t[i]->len; k++) {
      mn = MIN (mn, g_array_index (t[i], gdouble, k));
      mx = MAX (mx, g_array_index (t[i], gdouble, k));
    }
    m[i] = median (t[i]);
    hm[i] = median (h[i]);
    g_print ("%-32s handshake median %8.2f ms | total median %8.2f ms "
        "(min %.2f, max %.2f) | %u ok, %u failed\n", names[i], hm[i], m[i], mn,
        mx, t[i]->len, failed[i]);
  }
  g_print ("ratio ours/plugins-bad: handshake %.3f, total %.3f\n",
      hm[0] > 0 ? hm[1] / hm[0] : -1.0, m[0] > 0 ? m[1] / m[0] : -1.0);
  g_print ("our fresh ECDSA P-256 certificate: median %.3f ms (included in "
      "our times, once per element)\n", cert_ms);
  return 0;
}
