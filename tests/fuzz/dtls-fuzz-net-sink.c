/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * libFuzzer target for dtlskeyexchange's net_sink input path: the RFC 7983
 * demux (gst_secure_rtc_packet_classify) and the DTLS engine behind it.
 *
 * Input: byte 0 selects the mode.
 *  - even: the rest is a sequence of datagrams (2-byte big-endian length
 *    % 2048, then the bytes) received by a server engine that expects a
 *    fixed peer fingerprint. Invariant: no key is ever exported (nobody
 *    holds the matching private key).
 *  - odd: a genuine handshake between a client and a server engine; each
 *    client datagram is mutated with the next 3 input bytes (offset, xor
 *    value, truncate flag) before the server gets it. Invariants: no crash;
 *    if both sides export keys, the keys agree; the server never exports a
 *    key before the client's certificate was verified.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gst/gst.h>

#include <gst/securertc/gstsecurertc.h>
#include <gst/securertc/gstpacketclass.h>
#include <gst/securertc/dtls/gstdtlsengine.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 * data, size_t size);

static GstSecureRtcDtlsCertificate *client_cert, *server_cert, *other_cert;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gst_init (NULL, NULL);
  gst_secure_rtc_init ();
  /* made once: generating keys per input would dominate the run time */
  client_cert = gst_secure_rtc_dtls_certificate_generate (NULL);
  server_cert = gst_secure_rtc_dtls_certificate_generate (NULL);
  other_cert = gst_secure_rtc_dtls_certificate_generate (NULL);
  if (!client_cert || !server_cert || !other_cert)
    abort ();
  return 0;
}

static GstSecureRtcDtlsEngine *
make_engine (GstSecureRtcDtlsRole role, GstSecureRtcDtlsCertificate * cert,
    GstSecureRtcDtlsCertificate * expect)
{
  GstSecureRtcDtlsConfig cfg = { 0, };
  GstSecureRtcFingerprint fp;
  GstSecureRtcDtlsEngine *e;

  cfg.role = role;
  cfg.certificate = cert;
  e = gst_secure_rtc_dtls_engine_new (&cfg, NULL);
  if (e == NULL)
    abort ();
  gst_secure_rtc_dtls_certificate_get_fingerprint (expect,
      GST_SECURE_RTC_FINGERPRINT_HASH_SHA256, &fp);
  gst_secure_rtc_dtls_engine_set_peer_fingerprint (e, &fp, 0, NULL);
  return e;
}

/* Drains events; returns the local key of a KEYS_READY (ref) if any. */
static GstSecureRtcSrtpKey *
drain_events (GstSecureRtcDtlsEngine * e, GstSecureRtcSrtpKey ** remote)
{
  GstSecureRtcDtlsEvent ev;
  GstSecureRtcSrtpKey *key = NULL;

  while (gst_secure_rtc_dtls_engine_pop_event (e, &ev)) {
    if (ev.type == GST_SECURE_RTC_DTLS_EVENT_KEYS_READY) {
      if (!gst_secure_rtc_dtls_engine_is_verified (e))
        abort ();               /* keys before verification */
      key = gst_secure_rtc_srtp_key_ref (ev.local_key);
      if (remote)
        *remote = gst_secure_rtc_srtp_key_ref (ev.remote_key);
    }
    gst_secure_rtc_dtls_event_clear (&ev);
  }
  return key;
}

static void
drop_datagrams (GstSecureRtcDtlsEngine * e)
{
  GBytes *b;
  while ((b = gst_secure_rtc_dtls_engine_pop_datagram (e)))
    g_bytes_unref (b);
}

static void
fuzz_raw (const guint8 * data, size_t size)
{
  GstSecureRtcDtlsEngine *s = make_engine (GST_SECURE_RTC_DTLS_ROLE_SERVER,
      server_cert, other_cert);
  gint64 now = 0;

  gst_secure_rtc_dtls_engine_start (s, now);
  while (size >= 2) {
    gsize len = (((gsize) data[0] << 8) | data[1]) % 2048;
    data += 2;
    size -= 2;
    len = MIN (len, size);
    /* net_sink hands only DTLS to the engine; the rest is fed too, since
     * the engine must drop it on its own */
    if (gst_secure_rtc_packet_classify (data, len) != GST_SECURE_RTC_PACKET_DTLS
        && len > 0 && data[0] >= 20 && data[0] <= 63)
      abort ();                 /* demux and engine disagree on what DTLS is */
    gst_secure_rtc_dtls_engine_handle_datagram (s, data, len, now);
    now += 1000;
    if (gst_secure_rtc_dtls_engine_get_deadline (s) >= 0 &&
        gst_secure_rtc_dtls_engine_get_deadline (s) <= now)
      gst_secure_rtc_dtls_engine_handle_timeout (s, now);
    drop_datagrams (s);
    if (drain_events (s, NULL) != NULL)
      abort ();                 /* a key without the peer's private key */
    data += len;
    size -= len;
  }
  gst_secure_rtc_dtls_engine_close (s, now);
  drop_datagrams (s);
  drain_events (s, NULL);
  gst_secure_rtc_dtls_engine_free (s);
}

static void
fuzz_mutated_handshake (const guint8 * data, size_t size)
{
  GstSecureRtcDtlsEngine *c = make_engine (GST_SECURE_RTC_DTLS_ROLE_CLIENT,
      client_cert, server_cert);
  GstSecureRtcDtlsEngine *s = make_engine (GST_SECURE_RTC_DTLS_ROLE_SERVER,
      server_cert, client_cert);
  GstSecureRtcSrtpKey *ck = NULL, *cr = NULL, *sk = NULL, *sr = NULL, *k, *r;
  guint rounds;
  GBytes *b;

  gst_secure_rtc_dtls_engine_start (c, 0);
  gst_secure_rtc_dtls_engine_start (s, 0);
  for (rounds = 0; rounds < 8; rounds++) {
    gboolean moved = FALSE;

    while ((b = gst_secure_rtc_dtls_engine_pop_datagram (c))) {
      gsize len;
      guint8 *d = g_memdup2 (g_bytes_get_data (b, &len), MAX (len, 1));

      if (size >= 3 && len > 0) {
        gsize off = data[0] % len;
        d[off] ^= data[1];
        if (data[2] & 1)
          len = off;
        data += 3;
        size -= 3;
      }
      gst_secure_rtc_dtls_engine_handle_datagram (s, d, len, 0);
      g_free (d);
      g_bytes_unref (b);
      moved = TRUE;
    }
    while ((b = gst_secure_rtc_dtls_engine_pop_datagram (s))) {
      gsize len;
      const guint8 *d = g_bytes_get_data (b, &len);
      gst_secure_rtc_dtls_engine_handle_datagram (c, d, len, 0);
      g_bytes_unref (b);
      moved = TRUE;
    }
    r = NULL;
    if ((k = drain_events (c, &r))) {
      ck = k;
      cr = r;
    }
    r = NULL;
    if ((k = drain_events (s, &r))) {
      sk = k;
      sr = r;
    }
    if (!moved)
      break;
  }
  if (ck && sk) {
    gsize l1, l2;
    const guint8 *a = gst_secure_rtc_srtp_key_peek_material (ck, &l1);
    const guint8 *bb = gst_secure_rtc_srtp_key_peek_material (sr, &l2);
    if (l1 != l2 || memcmp (a, bb, l1) != 0)
      abort ();                 /* both "connected" with different keys */
  }
  if (ck) {
    gst_secure_rtc_srtp_key_unref (ck);
    gst_secure_rtc_srtp_key_unref (cr);
  }
  if (sk) {
    gst_secure_rtc_srtp_key_unref (sk);
    gst_secure_rtc_srtp_key_unref (sr);
  }
  gst_secure_rtc_dtls_engine_free (c);
  gst_secure_rtc_dtls_engine_free (s);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  if (size < 1)
    return 0;
  if (data[0] & 1)
    fuzz_mutated_handshake (data + 1, size - 1);
  else
    fuzz_raw (data + 1, size - 1);
  return 0;
}
