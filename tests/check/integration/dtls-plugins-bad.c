/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* dtlskeyexchange (+ srtpencrypt/srtpdecrypt) against gst-plugins-bad's
 * dtlssrtpenc/dtlssrtpdec over UDP on 127.0.0.1, in both roles: the
 * handshake completes (we pin plugins-bad's certificate; it sees ours) and
 * media flows both ways. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gio/gio.h>
#include <gst/check/gstcheck.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <gst/securertc/dtls/gstdtlscertificate.h>

#define RTP_CAPS "application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0,ssrc=(uint)%u"

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

/* sha-256 fingerprint of the first certificate in @pem */
static gchar *
pem_fingerprint (const gchar * pem)
{
  BIO *bio = BIO_new_mem_buf (pem, -1);
  X509 *x = PEM_read_bio_X509 (bio, NULL, NULL, NULL);
  unsigned char *der = NULL;
  int len;
  GstSecureRtcFingerprint fp;

  fail_unless (x != NULL);
  len = i2d_X509 (x, &der);
  fail_unless (gst_secure_rtc_fingerprint_from_der
      (GST_SECURE_RTC_FINGERPRINT_HASH_SHA256, der, len, &fp));
  OPENSSL_free (der);
  X509_free (x);
  BIO_free (bio);
  return gst_secure_rtc_fingerprint_to_string (&fp);
}

static GstBuffer *
make_rtp (guint16 seq, guint32 ssrc, guint8 fill)
{
  guint8 pkt[12 + 100];

  memset (pkt, fill, sizeof (pkt));
  pkt[0] = 0x80;
  pkt[1] = 0;
  pkt[2] = seq >> 8;
  pkt[3] = seq & 0xff;
  memset (pkt + 4, 0, 4);
  pkt[8] = ssrc >> 24;
  pkt[9] = ssrc >> 16;
  pkt[10] = ssrc >> 8;
  pkt[11] = ssrc;
  return gst_buffer_new_memdup (pkt, sizeof (pkt));
}

static void
push_rtp (GstElement * src, guint32 ssrc, guint n, guint8 fill)
{
  guint i;

  for (i = 0; i < n; i++) {
    GstFlowReturn ret;
    GstBuffer *b = make_rtp (i + 1, ssrc, fill);
    GST_BUFFER_PTS (b) = i * 20 * GST_MSECOND;
    g_signal_emit_by_name (src, "push-buffer", b, &ret);
    gst_buffer_unref (b);
  }
}

static guint
count_rtp (GstElement * sink, guint8 fill, guint timeout_ms)
{
  guint got = 0;

  for (;;) {
    GstSample *s = NULL;
    GstMapInfo map;

    g_signal_emit_by_name (sink, "try-pull-sample",
        (GstClockTime) timeout_ms * GST_MSECOND, &s);
    if (s == NULL)
      break;
    gst_buffer_map (gst_sample_get_buffer (s), &map, GST_MAP_READ);
    if (map.size == 112 && map.data[50] == fill)
      got++;
    gst_buffer_unmap (gst_sample_get_buffer (s), &map);
    gst_sample_unref (s);
  }
  return got;
}

static gboolean
pipeline_error (GstElement * pipe, gchar ** text)
{
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  gst_object_unref (bus);
  if (m == NULL)
    return FALSE;
  if (text) {
    GError *e = NULL;
    gchar *dbg = NULL;
    gst_message_parse_error (m, &e, &dbg);
    *text = g_strdup_printf ("%s: %s | %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (m)),
        e->message, dbg);
    g_error_free (e);
    g_free (dbg);
  }
  gst_message_unref (m);
  return TRUE;
}

GST_START_TEST (test_plugins_bad_interop)
{
  gboolean we_client = __i__ == 0;
  guint16 our_port, their_port;
  GSocket *our_sock = bound_socket (&our_port);
  GSocket *their_sock = bound_socket (&their_port);
  GstElement *ours, *theirs, *e, *our_src, *our_sink, *their_src, *their_sink,
      *d, *bad_dec;
  gchar *desc, *their_pem = NULL, *their_fp, *our_fp = NULL, *peer_pem = NULL,
      *peer_fp, *err_text = NULL, *profile = NULL, *conn;
  gint state = 0;
  gint64 end;

  conn = g_strdup_printf ("pbad-%u", __i__);
  desc = g_strdup_printf ("udpsrc name=udpsrc ! dtlssrtpdec name=dec connection-id=%s "
      "dec.rtp_src ! appsink name=sink sync=false async=false "
      "appsrc name=src format=time is-live=true caps=\"" RTP_CAPS "\" ! enc.rtp_sink_0 "
      "dtlssrtpenc name=enc connection-id=%s is-client=%s "
      "enc.src ! udpsink name=udpsink host=127.0.0.1 port=%u sync=false async=false",
      conn, 0xbadu, conn, we_client ? "false" : "true", our_port);
  theirs = gst_parse_launch (desc, NULL);
  fail_unless (theirs != NULL);
  g_free (desc);
  e = gst_bin_get_by_name (GST_BIN (theirs), "udpsrc");
  g_object_set (e, "socket", their_sock, "close-socket", FALSE, NULL);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (theirs), "udpsink");
  g_object_set (e, "socket", their_sock, "close-socket", FALSE, NULL);
  gst_object_unref (e);
  bad_dec = gst_bin_get_by_name (GST_BIN (theirs), "dec");
  g_object_get (bad_dec, "pem", &their_pem, NULL);
  their_fp = pem_fingerprint (their_pem);
  their_src = gst_bin_get_by_name (GST_BIN (theirs), "src");
  their_sink = gst_bin_get_by_name (GST_BIN (theirs), "sink");

  desc = g_strdup_printf ("udpsrc name=udpsrc ! "
      "dtlskeyexchange name=d role=%s peer-fingerprint=\"%s\" "
      "d.net_src ! udpsink name=udpsink host=127.0.0.1 port=%u sync=false async=false "
      "appsrc name=src format=time is-live=true caps=\"" RTP_CAPS "\" ! srtpencrypt ! d.srtp_sink "
      "d.srtp_src ! srtpdecrypt ! appsink name=sink sync=false async=false",
      we_client ? "client" : "server", their_fp, their_port, 0x600du);
  ours = gst_parse_launch (desc, NULL);
  fail_unless (ours != NULL);
  g_free (desc);
  e = gst_bin_get_by_name (GST_BIN (ours), "udpsrc");
  g_object_set (e, "socket", our_sock, "close-socket", FALSE, NULL);
  gst_object_unref (e);
  e = gst_bin_get_by_name (GST_BIN (ours), "udpsink");
  g_object_set (e, "socket", our_sock, "close-socket", FALSE, NULL);
  gst_object_unref (e);
  d = gst_bin_get_by_name (GST_BIN (ours), "d");
  our_src = gst_bin_get_by_name (GST_BIN (ours), "src");
  our_sink = gst_bin_get_by_name (GST_BIN (ours), "sink");
  g_object_get (d, "local-fingerprint", &our_fp, NULL);

  /* the server first, so that the client's first flight finds it */
  if (we_client) {
    gst_element_set_state (theirs, GST_STATE_PLAYING);
    gst_element_set_state (ours, GST_STATE_PLAYING);
  } else {
    gst_element_set_state (ours, GST_STATE_PLAYING);
    gst_element_set_state (theirs, GST_STATE_PLAYING);
  }

  end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end) {
    g_object_get (d, "state", &state, NULL);
    if (state == 2 || state == 3)
      break;
    if (pipeline_error (ours, &err_text) || pipeline_error (theirs, &err_text))
      break;
    g_usleep (10000);           /* waiting on a real network handshake */
  }
  fail_unless (state == 2, "state %d: %s", state, err_text ? err_text : "timeout");
  g_object_get (d, "negotiated-profile", &profile, NULL);
  fail_unless_equals_string (profile, "aes-128-cm-hmac-sha1-80");

  /* plugins-bad saw our certificate */
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (peer_pem == NULL && g_get_monotonic_time () < end) {
    g_object_get (bad_dec, "peer-pem", &peer_pem, NULL);
    if (peer_pem == NULL)
      g_usleep (10000);
  }
  fail_unless (peer_pem != NULL);
  peer_fp = pem_fingerprint (peer_pem);
  fail_unless_equals_string (peer_fp, our_fp);

  /* media both ways (a few rounds: plugins-bad's srtpenc gets its key
   * asynchronously and drops until then) */
  {
    guint round, got_theirs = 0, got_ours = 0;
    for (round = 0; round < 10 && (got_theirs < 10 || got_ours < 10); round++) {
      push_rtp (our_src, 0x600d, 10, 0x3c);
      push_rtp (their_src, 0xbad, 10, 0xc3);
      got_theirs += count_rtp (their_sink, 0x3c, 300);
      got_ours += count_rtp (our_sink, 0xc3, 300);
    }
    GST_INFO ("received: plugins-bad %u, ours %u", got_theirs, got_ours);
    fail_unless (got_theirs >= 10, "plugins-bad received %u", got_theirs);
    fail_unless (got_ours >= 10, "we received %u", got_ours);
  }
  fail_if (pipeline_error (ours, &err_text), "%s", err_text);

  gst_element_set_state (ours, GST_STATE_NULL);
  gst_element_set_state (theirs, GST_STATE_NULL);
  gst_object_unref (d);
  gst_object_unref (bad_dec);
  gst_object_unref (our_src);
  gst_object_unref (our_sink);
  gst_object_unref (their_src);
  gst_object_unref (their_sink);
  gst_object_unref (ours);
  gst_object_unref (theirs);
  g_object_unref (our_sock);
  g_object_unref (their_sock);
  g_free (their_pem);
  g_free (their_fp);
  g_free (our_fp);
  g_free (peer_pem);
  g_free (peer_fp);
  g_free (profile);
  g_free (err_text);
  g_free (conn);
}

GST_END_TEST;

static Suite *
dtls_plugins_bad_suite (void)
{
  Suite *s = suite_create ("dtls-plugins-bad");
  TCase *tc = tcase_create ("general");
  GstElementFactory *f = gst_element_factory_find ("dtlssrtpenc");

  /* No silent skip: gst-plugins-bad's dtls plugin is a test dependency. */
  if (f == NULL)
    g_error ("gst-plugins-bad's dtlssrtpenc is needed for this test");
  gst_object_unref (f);
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_plugins_bad_interop, 0, 2);
  return s;
}

GST_CHECK_MAIN (dtls_plugins_bad);
