/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the sans-IO DTLS engine: two engines handshake in memory,
 * no sockets, no sleeps. Time is injected: OpenSSL 3.0 reads its DTLS
 * retransmission timer from gettimeofday(), which this program interposes
 * (exported from the executable, see meson.build) so that the simulated
 * clock drives OpenSSL too. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <sys/time.h>
#include <gst/check/gstcheck.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <gst/securertc/gstsecurertc.h>
#include <gst/securertc/dtls/gstdtlsengine.h>

/* ---- simulated time ---- */

static gint64 sim_now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;

int gettimeofday (struct timeval *__restrict tv, void *__restrict tz);

int
gettimeofday (struct timeval *__restrict tv, void *__restrict tz)
{
  tv->tv_sec = sim_now / G_USEC_PER_SEC;
  tv->tv_usec = sim_now % G_USEC_PER_SEC;
  return 0;
}

/* ---- a simulated network between two engines ---- */

typedef struct
{
  guint loss_percent;
  guint reorder_percent;
  guint dup_percent;
  guint32 seed;
} NetProfile;

typedef struct
{
  GstSecureRtcDtlsEngine *e[2];
  GQueue events[2];             /* GstSecureRtcDtlsEvent* */
  GPtrArray *wire[2];           /* datagrams in flight towards e[i] */
  GRand *rand;
  NetProfile net;
  guint max_datagram;
  guint sent[2];
  guint keys[2];
} Pair;

static GstSecureRtcDtlsEngine *
engine_new (GstSecureRtcDtlsRole role, GstSecureRtcDtlsCertificate * cert,
    GstSecureRtcDtlsVerify verify)
{
  GstSecureRtcDtlsConfig cfg = { 0, };
  GstSecureRtcDtlsEngine *e;
  GError *err = NULL;

  cfg.role = role;
  cfg.verify = verify;
  cfg.certificate = cert;
  e = gst_secure_rtc_dtls_engine_new (&cfg, &err);
  fail_unless (e != NULL, "%s", err ? err->message : "?");
  return e;
}

static void
pair_init (Pair * p, const NetProfile * net)
{
  memset (p, 0, sizeof (*p));
  p->wire[0] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  p->wire[1] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_queue_init (&p->events[0]);
  g_queue_init (&p->events[1]);
  if (net)
    p->net = *net;
  p->rand = g_rand_new_with_seed (p->net.seed ? p->net.seed : 42);
}

static void
event_free (gpointer ev)
{
  gst_secure_rtc_dtls_event_clear (ev);
  g_free (ev);
}

static void
pair_clear (Pair * p)
{
  gst_secure_rtc_dtls_engine_free (p->e[0]);
  gst_secure_rtc_dtls_engine_free (p->e[1]);
  g_ptr_array_unref (p->wire[0]);
  g_ptr_array_unref (p->wire[1]);
  g_queue_clear_full (&p->events[0], event_free);
  g_queue_clear_full (&p->events[1], event_free);
  g_rand_free (p->rand);
}

/* Drains engine i: its datagrams go (through the lossy net) to the other. */
static void
pair_drain (Pair * p, guint i)
{
  GstSecureRtcDtlsEvent ev;
  GBytes *b;

  while ((b = gst_secure_rtc_dtls_engine_pop_datagram (p->e[i]))) {
    GPtrArray *w = p->wire[1 - i];
    gsize len = g_bytes_get_size (b);

    p->sent[i]++;
    p->max_datagram = MAX (p->max_datagram, len);
    if (g_rand_int_range (p->rand, 0, 100) < (gint) p->net.loss_percent) {
      g_bytes_unref (b);
      continue;
    }
    if (g_rand_int_range (p->rand, 0, 100) < (gint) p->net.dup_percent)
      g_ptr_array_add (w, g_bytes_ref (b));
    if (w->len > 0 &&
        g_rand_int_range (p->rand, 0, 100) < (gint) p->net.reorder_percent)
      g_ptr_array_insert (w, g_rand_int_range (p->rand, 0, w->len), b);
    else
      g_ptr_array_add (w, b);
  }
  while (gst_secure_rtc_dtls_engine_pop_event (p->e[i], &ev)) {
    GstSecureRtcDtlsEvent *copy = g_new (GstSecureRtcDtlsEvent, 1);
    *copy = ev;
    if (ev.type == GST_SECURE_RTC_DTLS_EVENT_KEYS_READY)
      p->keys[i]++;
    g_queue_push_tail (&p->events[i], copy);
  }
}

static gboolean
pair_done (Pair * p)
{
  guint i;

  for (i = 0; i < 2; i++) {
    GstSecureRtcDtlsState s = gst_secure_rtc_dtls_engine_get_state (p->e[i]);
    if (s == GST_SECURE_RTC_DTLS_STATE_CONNECTING ||
        s == GST_SECURE_RTC_DTLS_STATE_NEW)
      return FALSE;
  }
  return TRUE;
}

/* Runs until both sides are out of CONNECTING or @limit_us of simulated time
 * have passed. Returns the simulated time used. */
static gint64
pair_run (Pair * p, gint64 limit_us)
{
  gint64 start = sim_now;
  guint i, steps = 0;

  pair_drain (p, 0);
  pair_drain (p, 1);
  while (!pair_done (p) && sim_now - start < limit_us && steps++ < 100000) {
    gboolean delivered = FALSE;

    for (i = 0; i < 2; i++) {
      if (p->wire[i]->len > 0) {
        GBytes *b = g_ptr_array_steal_index (p->wire[i], 0);
        gsize len;
        const guint8 *d = g_bytes_get_data (b, &len);

        sim_now += 50;          /* 50 us per hop */
        gst_secure_rtc_dtls_engine_handle_datagram (p->e[i], d, len, sim_now);
        g_bytes_unref (b);
        pair_drain (p, i);
        delivered = TRUE;
      }
    }
    if (!delivered) {
      gint64 next = G_MAXINT64;

      for (i = 0; i < 2; i++) {
        gint64 d = gst_secure_rtc_dtls_engine_get_deadline (p->e[i]);
        if (d >= 0)
          next = MIN (next, d);
      }
      if (next == G_MAXINT64)
        break;                  /* nothing more can happen */
      sim_now = MAX (sim_now, next);
      for (i = 0; i < 2; i++) {
        gint64 d = gst_secure_rtc_dtls_engine_get_deadline (p->e[i]);
        if (d >= 0 && d <= sim_now) {
          gst_secure_rtc_dtls_engine_handle_timeout (p->e[i], sim_now);
          pair_drain (p, i);
        }
      }
    }
  }
  /* deliver whatever is left (e.g. the last flight) */
  for (i = 0; i < 2; i++) {
    while (p->wire[i]->len > 0) {
      GBytes *b = g_ptr_array_steal_index (p->wire[i], 0);
      gsize len;
      const guint8 *d = g_bytes_get_data (b, &len);

      gst_secure_rtc_dtls_engine_handle_datagram (p->e[i], d, len, sim_now);
      g_bytes_unref (b);
      pair_drain (p, i);
    }
  }
  return sim_now - start;
}

static GstSecureRtcDtlsEvent *
find_event (Pair * p, guint i, GstSecureRtcDtlsEventType type)
{
  GList *l;

  for (l = p->events[i].head; l; l = l->next) {
    GstSecureRtcDtlsEvent *ev = l->data;
    if (ev->type == type)
      return ev;
  }
  return NULL;
}

static void
set_fp (GstSecureRtcDtlsEngine * e, GstSecureRtcDtlsCertificate * peer)
{
  GstSecureRtcFingerprint fp;
  GError *err = NULL;

  gst_secure_rtc_dtls_certificate_get_fingerprint (peer,
      GST_SECURE_RTC_FINGERPRINT_HASH_SHA256, &fp);
  fail_unless (gst_secure_rtc_dtls_engine_set_peer_fingerprint (e, &fp,
          sim_now, &err));
}

static GstSecureRtcDtlsCertificate *
new_cert (void)
{
  GError *err = NULL;
  GstSecureRtcDtlsCertificate *c = gst_secure_rtc_dtls_certificate_generate (&err);

  fail_unless (c != NULL);
  return c;
}

/* Two engines with fresh certificates, each knowing the other's fingerprint. */
static void
pair_setup_verified (Pair * p, const NetProfile * net,
    GstSecureRtcDtlsCertificate ** certs_out)
{
  GstSecureRtcDtlsCertificate *cc = new_cert (), *sc = new_cert ();

  pair_init (p, net);
  p->e[0] = engine_new (GST_SECURE_RTC_DTLS_ROLE_CLIENT, cc,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  p->e[1] = engine_new (GST_SECURE_RTC_DTLS_ROLE_SERVER, sc,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  set_fp (p->e[0], sc);
  set_fp (p->e[1], cc);
  if (certs_out) {
    certs_out[0] = cc;
    certs_out[1] = sc;
  } else {
    gst_secure_rtc_dtls_certificate_unref (cc);
    gst_secure_rtc_dtls_certificate_unref (sc);
  }
}

static void
assert_keys_agree (Pair * p)
{
  GstSecureRtcDtlsEvent *kc = find_event (p, 0, GST_SECURE_RTC_DTLS_EVENT_KEYS_READY);
  GstSecureRtcDtlsEvent *ks = find_event (p, 1, GST_SECURE_RTC_DTLS_EVENT_KEYS_READY);
  const guint8 *a, *b;
  gsize la, lb;

  fail_unless (kc != NULL && ks != NULL);
  a = gst_secure_rtc_srtp_key_peek_material (kc->local_key, &la);
  b = gst_secure_rtc_srtp_key_peek_material (ks->remote_key, &lb);
  fail_unless_equals_int (la, lb);
  fail_unless (memcmp (a, b, la) == 0);
  a = gst_secure_rtc_srtp_key_peek_material (kc->remote_key, &la);
  b = gst_secure_rtc_srtp_key_peek_material (ks->local_key, &lb);
  fail_unless_equals_int (la, lb);
  fail_unless (memcmp (a, b, la) == 0);
  /* the two directions have different keys */
  a = gst_secure_rtc_srtp_key_peek_material (kc->local_key, &la);
  b = gst_secure_rtc_srtp_key_peek_material (kc->remote_key, &lb);
  fail_if (memcmp (a, b, la) == 0);
  fail_unless_equals_int (gst_secure_rtc_srtp_key_get_profile (kc->local_key),
      gst_secure_rtc_srtp_key_get_profile (ks->local_key));
}

/* ---- fingerprints and certificates ---- */

GST_START_TEST (test_fingerprint_parse_format)
{
  static const gchar *bad[] = {
    "", "sha-256", "md5 AB:CD", "sha-1 AB:CD:EF", "sha-256 AB:CD",
    "sha-256 GG:00", "sha-256 AB:", "sha-256 A:BC",
    "sha-256 00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13:14:15:16:17:18:19:1A:1B:1C:1D:1E:1F:20",
  };
  GstSecureRtcDtlsCertificate *c = new_cert ();
  GstSecureRtcFingerprint fp, fp2;
  GError *err = NULL;
  gchar *s, *lower;
  guint i;

  for (i = 0; i < 3; i++) {
    gst_secure_rtc_dtls_certificate_get_fingerprint (c, i, &fp);
    fail_unless_equals_int (fp.len, gst_secure_rtc_fingerprint_hash_get_len (i));
    s = gst_secure_rtc_fingerprint_to_string (&fp);
    fail_unless (g_str_has_prefix (s, gst_secure_rtc_fingerprint_hash_get_name (i)));
    fail_unless (gst_secure_rtc_fingerprint_parse (s, &fp2, &err));
    fail_unless (gst_secure_rtc_fingerprint_equal (&fp, &fp2));
    lower = g_ascii_strdown (s, -1);
    fail_unless (gst_secure_rtc_fingerprint_parse (lower, &fp2, &err));
    fail_unless (gst_secure_rtc_fingerprint_equal (&fp, &fp2));
    g_free (lower);
    g_free (s);
  }
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    fail_if (gst_secure_rtc_fingerprint_parse (bad[i], &fp2, &err), "%s", bad[i]);
    fail_unless (g_error_matches (err, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT));
    GST_INFO ("'%s' -> %s", bad[i], err->message);
    g_clear_error (&err);
  }
  /* a sha-256 digest never equals a sha-384 one */
  gst_secure_rtc_dtls_certificate_get_fingerprint (c, 0, &fp);
  gst_secure_rtc_dtls_certificate_get_fingerprint (c, 1, &fp2);
  fail_if (gst_secure_rtc_fingerprint_equal (&fp, &fp2));
  gst_secure_rtc_dtls_certificate_unref (c);
}

GST_END_TEST;

GST_START_TEST (test_certificate_generate)
{
  GstSecureRtcDtlsCertificate *a = new_cert (), *b = new_cert ();
  X509 *xa = gst_secure_rtc_dtls_certificate_peek_x509 (a);
  X509 *xb = gst_secure_rtc_dtls_certificate_peek_x509 (b);
  EVP_PKEY *pk = gst_secure_rtc_dtls_certificate_peek_pkey (a);
  gchar group[64] = { 0, };
  int days = 0, secs = 0;
  gchar *fa, *fb;

  fail_unless (EVP_PKEY_is_a (pk, "EC"));
  fail_unless (EVP_PKEY_get_utf8_string_param (pk, "group", group,
          sizeof (group), NULL));
  fail_unless_equals_string (group, "prime256v1");
  /* CSPRNG serials: distinct, 16 bytes, positive */
  fail_if (ASN1_INTEGER_cmp (X509_get0_serialNumber (xa),
          X509_get0_serialNumber (xb)) == 0);
  fail_unless (ASN1_STRING_length (X509_get0_serialNumber (xa)) >= 15);
  /* short validity */
  fail_unless (ASN1_TIME_diff (&days, &secs, X509_get0_notBefore (xa),
          X509_get0_notAfter (xa)));
  fail_unless (days > 0 && days <= 31, "validity %d days", days);
  fa = gst_secure_rtc_dtls_certificate_get_fingerprint_string (a, 0);
  fb = gst_secure_rtc_dtls_certificate_get_fingerprint_string (b, 0);
  fail_if (g_str_equal (fa, fb));
  g_free (fa);
  g_free (fb);
  gst_secure_rtc_dtls_certificate_unref (a);
  gst_secure_rtc_dtls_certificate_unref (b);
}

GST_END_TEST;

static gchar *
cert_to_pem (X509 * x, EVP_PKEY * pk)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  BUF_MEM *mem;
  gchar *s;

  if (x)
    PEM_write_bio_X509 (bio, x);
  if (pk)
    PEM_write_bio_PrivateKey (bio, pk, NULL, NULL, 0, NULL, NULL);
  BIO_get_mem_ptr (bio, &mem);
  s = g_strndup (mem->data, mem->length);
  BIO_free (bio);
  return s;
}

GST_START_TEST (test_malformed_pem)
{
  GstSecureRtcDtlsCertificate *a = new_cert (), *b = new_cert (), *c;
  gchar *cert_only = cert_to_pem (gst_secure_rtc_dtls_certificate_peek_x509 (a), NULL);
  gchar *key_only = cert_to_pem (NULL, gst_secure_rtc_dtls_certificate_peek_pkey (a));
  gchar *good = cert_to_pem (gst_secure_rtc_dtls_certificate_peek_x509 (a),
      gst_secure_rtc_dtls_certificate_peek_pkey (a));
  gchar *wrong_key = cert_to_pem (gst_secure_rtc_dtls_certificate_peek_x509 (a),
      gst_secure_rtc_dtls_certificate_peek_pkey (b));
  gchar *truncated = g_strndup (good, strlen (good) / 2);
  gchar *corrupt = g_strdup (good);
  const gchar *cases[] = { "", "hello", cert_only, key_only, wrong_key,
    truncated, corrupt, "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"
  };
  GError *err = NULL;
  guint i;

  corrupt[40] = '*';
  corrupt[41] = '*';
  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    c = gst_secure_rtc_dtls_certificate_new_from_pem (cases[i], &err);
    fail_unless (c == NULL, "case %u accepted", i);
    fail_unless (g_error_matches (err, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE));
    /* the message never carries key material */
    fail_if (strstr (err->message, "PRIVATE KEY-----\nM") != NULL);
    GST_INFO ("case %u: %s", i, err->message);
    g_clear_error (&err);
  }
  c = gst_secure_rtc_dtls_certificate_new_from_pem (good, &err);
  fail_unless (c != NULL);
  gst_secure_rtc_dtls_certificate_unref (c);
  c = gst_secure_rtc_dtls_certificate_new_from_file ("/nonexistent/x.pem", &err);
  fail_unless (c == NULL && strstr (err->message, "/nonexistent/x.pem"));
  g_clear_error (&err);

  g_free (cert_only);
  g_free (key_only);
  g_free (good);
  g_free (wrong_key);
  g_free (truncated);
  g_free (corrupt);
  gst_secure_rtc_dtls_certificate_unref (a);
  gst_secure_rtc_dtls_certificate_unref (b);
}

GST_END_TEST;

/* ---- handshakes ---- */

GST_START_TEST (test_handshake)
{
  GstSecureRtcDtlsEvent *ev;
  Pair p;

  pair_setup_verified (&p, NULL, NULL);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  gst_secure_rtc_dtls_engine_start (p.e[1], sim_now);
  pair_run (&p, 10 * G_USEC_PER_SEC);

  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[0]),
      GST_SECURE_RTC_DTLS_STATE_CONNECTED);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[1]),
      GST_SECURE_RTC_DTLS_STATE_CONNECTED);
  assert_keys_agree (&p);
  ev = find_event (&p, 0, GST_SECURE_RTC_DTLS_EVENT_HANDSHAKE_DONE);
  fail_unless (ev != NULL);
  fail_unless_equals_int (ev->profile, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM);
  fail_unless (g_str_has_prefix (ev->cipher_suite, "ECDHE-ECDSA-"));
  fail_unless (strstr (ev->cipher_suite, "GCM") != NULL);
  fail_unless (find_event (&p, 0, GST_SECURE_RTC_DTLS_EVENT_PEER_VERIFIED));
  fail_unless (find_event (&p, 1, GST_SECURE_RTC_DTLS_EVENT_PEER_VERIFIED));
  fail_unless (p.max_datagram <= 1200, "datagram of %u bytes", p.max_datagram);
  fail_unless_equals_int (p.keys[0], 1);
  fail_unless_equals_int (p.keys[1], 1);
  fail_unless (gst_secure_rtc_dtls_engine_is_verified (p.e[0]));

  /* close_notify reaches the peer */
  gst_secure_rtc_dtls_engine_close (p.e[0], sim_now);
  pair_drain (&p, 0);
  fail_unless (p.wire[1]->len >= 1);
  pair_run (&p, G_USEC_PER_SEC);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[1]),
      GST_SECURE_RTC_DTLS_STATE_CLOSED);
  fail_unless (find_event (&p, 1, GST_SECURE_RTC_DTLS_EVENT_CLOSED));
  pair_clear (&p);
}

GST_END_TEST;

/* The first retransmission comes after retransmit-timeout (100 ms), then
 * doubles. */
GST_START_TEST (test_retransmit_timer)
{
  GstSecureRtcDtlsEngine *e = engine_new (GST_SECURE_RTC_DTLS_ROLE_CLIENT, NULL,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  gint64 t0 = sim_now, d;
  GBytes *b;
  guint n = 0;

  gst_secure_rtc_dtls_engine_start (e, sim_now);
  while ((b = gst_secure_rtc_dtls_engine_pop_datagram (e))) {
    n++;
    g_bytes_unref (b);
  }
  fail_unless_equals_int (n, 1);        /* the ClientHello */
  d = gst_secure_rtc_dtls_engine_get_deadline (e);
  fail_unless_equals_int64 (d - t0, 100 * 1000);
  /* early: nothing */
  sim_now = t0 + 50 * 1000;
  gst_secure_rtc_dtls_engine_handle_timeout (e, sim_now);
  fail_unless (gst_secure_rtc_dtls_engine_pop_datagram (e) == NULL);
  fail_unless_equals_int64 (gst_secure_rtc_dtls_engine_get_deadline (e), d);
  sim_now = d;
  gst_secure_rtc_dtls_engine_handle_timeout (e, sim_now);
  b = gst_secure_rtc_dtls_engine_pop_datagram (e);
  fail_unless (b != NULL);
  g_bytes_unref (b);
  fail_unless_equals_int64 (gst_secure_rtc_dtls_engine_get_deadline (e) - sim_now,
      200 * 1000);
  /* a dead peer: the handshake fails in bounded time */
  for (n = 0; n < 30 && gst_secure_rtc_dtls_engine_get_state (e) ==
      GST_SECURE_RTC_DTLS_STATE_CONNECTING; n++) {
    sim_now = gst_secure_rtc_dtls_engine_get_deadline (e);
    gst_secure_rtc_dtls_engine_handle_timeout (e, sim_now);
    while ((b = gst_secure_rtc_dtls_engine_pop_datagram (e)))
      g_bytes_unref (b);
  }
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (e),
      GST_SECURE_RTC_DTLS_STATE_FAILED);
  fail_unless (sim_now - t0 < 60 * G_USEC_PER_SEC);
  GST_INFO ("gave up after %" G_GINT64_FORMAT " ms", (sim_now - t0) / 1000);
  {
    GstSecureRtcDtlsEvent ev;
    gboolean found = FALSE;
    while (gst_secure_rtc_dtls_engine_pop_event (e, &ev)) {
      if (ev.type == GST_SECURE_RTC_DTLS_EVENT_FAILED) {
        fail_unless (g_error_matches (ev.error, GST_SECURE_RTC_DTLS_ERROR,
                GST_SECURE_RTC_DTLS_ERROR_TIMEOUT), "%s", ev.error->message);
        found = TRUE;
      }
      gst_secure_rtc_dtls_event_clear (&ev);
    }
    fail_unless (found);
  }
  gst_secure_rtc_dtls_engine_free (e);
}

GST_END_TEST;

/* Table: offer orders of client and server -> negotiated profile (the
 * server's preference wins among the common ones; 0 = none in common). */
static const struct
{
  const gchar *client, *server;
  GstSecureRtcSrtpProfile expected;
} profile_cases[] = {
  {NULL, NULL, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM},
  {"aead-aes-128-gcm", NULL, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM},
  {"aes-128-cm-hmac-sha1-80", NULL, GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80},
  {NULL, "SRTP_AES128_CM_SHA1_80,SRTP_AEAD_AES_128_GCM",
      GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80},
  {"aes-128-cm-hmac-sha1-32", "aes-128-cm-hmac-sha1-32",
      GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32},
  {"aead-aes-256-gcm", "aes-128-cm-hmac-sha1-80", 0},
};

GST_START_TEST (test_profiles)
{
  GstSecureRtcDtlsCertificate *cc = new_cert (), *sc = new_cert ();
  GstSecureRtcSrtpProfile cp[4], sp[4];
  GstSecureRtcDtlsConfig cfg = { 0, };
  guint ncp = 0, nsp = 0;
  Pair p;

  pair_init (&p, NULL);
  if (profile_cases[__i__].client)
    fail_unless (gst_secure_rtc_dtls_parse_profiles (profile_cases[__i__].client,
            cp, 4, &ncp, NULL));
  if (profile_cases[__i__].server)
    fail_unless (gst_secure_rtc_dtls_parse_profiles (profile_cases[__i__].server,
            sp, 4, &nsp, NULL));
  cfg.role = GST_SECURE_RTC_DTLS_ROLE_CLIENT;
  cfg.certificate = cc;
  cfg.profiles = cp;
  cfg.n_profiles = ncp;
  p.e[0] = gst_secure_rtc_dtls_engine_new (&cfg, NULL);
  cfg.role = GST_SECURE_RTC_DTLS_ROLE_SERVER;
  cfg.certificate = sc;
  cfg.profiles = sp;
  cfg.n_profiles = nsp;
  p.e[1] = gst_secure_rtc_dtls_engine_new (&cfg, NULL);
  set_fp (p.e[0], sc);
  set_fp (p.e[1], cc);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_run (&p, 10 * G_USEC_PER_SEC);

  if (profile_cases[__i__].expected) {
    assert_keys_agree (&p);
    fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_profile (p.e[0]),
        profile_cases[__i__].expected);
  } else {
    GstSecureRtcDtlsEvent *ev = find_event (&p, 1, GST_SECURE_RTC_DTLS_EVENT_FAILED);
    fail_unless (ev != NULL);
    fail_unless (g_error_matches (ev->error, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_NO_SRTP_PROFILE));
    fail_unless_equals_int (p.keys[0] + p.keys[1], 0);
  }
  pair_clear (&p);
  gst_secure_rtc_dtls_certificate_unref (cc);
  gst_secure_rtc_dtls_certificate_unref (sc);
}

GST_END_TEST;

GST_START_TEST (test_parse_profiles_errors)
{
  static const gchar *bad[] = { "", "rot13", "aead-aes-128-gcm,aead-aes-128-gcm",
    "aead-aes-128-gcm,foo", ",,"
  };
  GstSecureRtcSrtpProfile pr[4];
  GError *err = NULL;
  guint i, n;

  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    fail_if (gst_secure_rtc_dtls_parse_profiles (bad[i], pr, 4, &n, &err));
    GST_INFO ("%s -> %s", bad[i], err->message);
    g_clear_error (&err);
  }
  fail_unless (gst_secure_rtc_dtls_parse_profiles
      ("SRTP_AEAD_AES_256_GCM:aes-128-cm-hmac-sha1-80", pr, 4, &n, &err));
  fail_unless_equals_int (n, 2);
}

GST_END_TEST;

/* Loss, reordering and duplication of datagrams: the handshake still
 * completes, in bounded (simulated) time. */
static const NetProfile lossy_cases[] = {
  {0, 30, 0, 1}, {0, 0, 30, 2}, {10, 10, 10, 3}, {20, 20, 5, 4},
  {20, 10, 10, 5}, {30, 20, 10, 6}, {30, 30, 30, 7}, {30, 10, 0, 8},
  {25, 25, 5, 9}, {30, 0, 0, 10}, {30, 20, 10, 11}, {30, 20, 10, 12},
};

GST_START_TEST (test_lossy_handshake)
{
  const NetProfile *net = &lossy_cases[__i__];
  gint64 used;
  Pair p;

  pair_setup_verified (&p, net, NULL);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  gst_secure_rtc_dtls_engine_start (p.e[1], sim_now);
  used = pair_run (&p, 60 * G_USEC_PER_SEC);
  GST_INFO ("loss %u%% reorder %u%% dup %u%%: %" G_GINT64_FORMAT " ms, "
      "%u+%u datagrams", net->loss_percent, net->reorder_percent,
      net->dup_percent, used / 1000, p.sent[0], p.sent[1]);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[0]),
      GST_SECURE_RTC_DTLS_STATE_CONNECTED);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[1]),
      GST_SECURE_RTC_DTLS_STATE_CONNECTED);
  assert_keys_agree (&p);
  fail_unless_equals_int (p.keys[0], 1);
  fail_unless_equals_int (p.keys[1], 1);
  pair_clear (&p);
}

GST_END_TEST;

/* A wrong expected fingerprint: a fatal bad_certificate alert, no keys on
 * either side, both fingerprints reported. Loop: 0 = server checks the
 * client, 1 = client checks the server. */
GST_START_TEST (test_fingerprint_mismatch)
{
  GstSecureRtcDtlsCertificate *certs[2], *other = new_cert ();
  guint checker = __i__ == 0 ? 1 : 0;
  GstSecureRtcDtlsEvent *ev;
  gchar *exp_s, *got_s;
  Pair p;

  pair_setup_verified (&p, NULL, certs);
  /* replace the checker's expectation by a wrong one, before the start */
  gst_secure_rtc_dtls_engine_free (p.e[checker]);
  p.e[checker] = engine_new (checker == 0 ? GST_SECURE_RTC_DTLS_ROLE_CLIENT :
      GST_SECURE_RTC_DTLS_ROLE_SERVER, certs[checker],
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  set_fp (p.e[checker], other);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_run (&p, 10 * G_USEC_PER_SEC);

  fail_unless_equals_int (p.keys[0] + p.keys[1], 0);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[checker]),
      GST_SECURE_RTC_DTLS_STATE_FAILED);
  ev = find_event (&p, checker, GST_SECURE_RTC_DTLS_EVENT_FAILED);
  fail_unless (ev != NULL);
  fail_unless (g_error_matches (ev->error, GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH), "%s", ev->error->message);
  exp_s = gst_secure_rtc_dtls_certificate_get_fingerprint_string (other, 0);
  got_s = gst_secure_rtc_dtls_certificate_get_fingerprint_string (certs[1 - checker], 0);
  fail_unless_equals_string (ev->expected_fingerprint, exp_s);
  fail_unless_equals_string (ev->received_fingerprint, got_s);
  fail_unless (strstr (ev->error->message, exp_s) && strstr (ev->error->message, got_s));
  /* the peer got the fatal alert */
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[1 - checker]),
      GST_SECURE_RTC_DTLS_STATE_FAILED);
  ev = find_event (&p, 1 - checker, GST_SECURE_RTC_DTLS_EVENT_FAILED);
  fail_unless (g_error_matches (ev->error, GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_PEER_ALERT), "%s", ev->error->message);
  fail_unless (strstr (ev->error->message, "bad certificate") != NULL, "%s",
      ev->error->message);
  g_free (exp_s);
  g_free (got_s);
  pair_clear (&p);
  gst_secure_rtc_dtls_certificate_unref (certs[0]);
  gst_secure_rtc_dtls_certificate_unref (certs[1]);
  gst_secure_rtc_dtls_certificate_unref (other);
}

GST_END_TEST;

/* The expected fingerprint arrives late (answer in flight). Loop index:
 * bit 0 = which side is late (0 client, 1 server), bit 1 = set a wrong one. */
GST_START_TEST (test_late_fingerprint)
{
  guint late = __i__ & 1;
  gboolean wrong = (__i__ & 2) != 0;
  GstSecureRtcDtlsCertificate *cc = new_cert (), *sc = new_cert (), *other = new_cert ();
  Pair p;

  pair_init (&p, NULL);
  p.e[0] = engine_new (GST_SECURE_RTC_DTLS_ROLE_CLIENT, cc,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  p.e[1] = engine_new (GST_SECURE_RTC_DTLS_ROLE_SERVER, sc,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  if (late != 0)
    set_fp (p.e[0], sc);
  if (late != 1)
    set_fp (p.e[1], cc);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  /* the answer is 3 s late (the peer keeps retransmitting for ~24 s) */
  pair_run (&p, 3 * G_USEC_PER_SEC);

  /* paused: no keys anywhere, the late side waits and does not spin */
  fail_unless_equals_int (p.keys[0] + p.keys[1], 0);
  fail_unless (gst_secure_rtc_dtls_engine_is_waiting_for_fingerprint (p.e[late]));
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[late]),
      GST_SECURE_RTC_DTLS_STATE_CONNECTING);
  fail_unless_equals_int64 (gst_secure_rtc_dtls_engine_get_deadline (p.e[late]), -1);

  set_fp (p.e[late], wrong ? other : (late == 0 ? sc : cc));
  pair_drain (&p, late);
  pair_run (&p, 30 * G_USEC_PER_SEC);
  if (!wrong) {
    assert_keys_agree (&p);
    fail_unless_equals_int (p.keys[0], 1);
    fail_unless_equals_int (p.keys[1], 1);
  } else {
    GstSecureRtcDtlsEvent *ev = find_event (&p, late, GST_SECURE_RTC_DTLS_EVENT_FAILED);
    fail_unless_equals_int (p.keys[0] + p.keys[1], 0);
    fail_unless (ev && g_error_matches (ev->error, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH));
    ev = find_event (&p, 1 - late, GST_SECURE_RTC_DTLS_EVENT_FAILED);
    fail_unless (ev && strstr (ev->error->message, "bad certificate"));
  }
  pair_clear (&p);
  gst_secure_rtc_dtls_certificate_unref (cc);
  gst_secure_rtc_dtls_certificate_unref (sc);
  gst_secure_rtc_dtls_certificate_unref (other);
}

GST_END_TEST;

GST_START_TEST (test_verify_none)
{
  Pair p;

  pair_init (&p, NULL);
  p.e[0] = engine_new (GST_SECURE_RTC_DTLS_ROLE_CLIENT, NULL,
      GST_SECURE_RTC_DTLS_VERIFY_NONE);
  p.e[1] = engine_new (GST_SECURE_RTC_DTLS_ROLE_SERVER, NULL,
      GST_SECURE_RTC_DTLS_VERIFY_NONE);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_run (&p, 10 * G_USEC_PER_SEC);
  assert_keys_agree (&p);
  pair_clear (&p);
}

GST_END_TEST;

/* Garbage, truncated and tampered records: dropped, never a crash; the
 * handshake still completes and keys still agree. */
GST_START_TEST (test_garbage_input)
{
  GRand *r = g_rand_new_with_seed (7);
  guint8 buf[1500];
  Pair p;
  guint i, j;

  pair_setup_verified (&p, NULL, NULL);
  for (i = 0; i < 200; i++) {
    gsize len = g_rand_int_range (r, 0, sizeof (buf));
    for (j = 0; j < len; j++)
      buf[j] = g_rand_int (r);
    if (len)
      buf[0] = 20 + g_rand_int_range (r, 0, 44);        /* looks like DTLS */
    if (len > 3 && i % 2) {
      buf[1] = 0xfe;
      buf[2] = 0xfd;
    }
    gst_secure_rtc_dtls_engine_handle_datagram (p.e[1], buf, len, sim_now);
    pair_drain (&p, 1);
    g_ptr_array_set_size (p.wire[0], 0);
  }
  /* the server may have answered nothing and must still be usable */
  fail_unless (gst_secure_rtc_dtls_engine_get_state (p.e[1]) !=
      GST_SECURE_RTC_DTLS_STATE_CONNECTED);
  g_queue_clear_full (&p.events[1], event_free);
  if (gst_secure_rtc_dtls_engine_get_state (p.e[1]) ==
      GST_SECURE_RTC_DTLS_STATE_FAILED) {
    /* a garbage ClientHello may legitimately kill a server; start over */
    pair_clear (&p);
    pair_setup_verified (&p, NULL, NULL);
  }

  /* truncated copies of the real flights are dropped */
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_drain (&p, 0);
  for (i = 0; i < p.wire[1]->len; i++) {
    GBytes *b = g_ptr_array_index (p.wire[1], i);
    gsize len;
    const guint8 *d = g_bytes_get_data (b, &len);
    for (j = 1; j < len; j += 7)
      gst_secure_rtc_dtls_engine_handle_datagram (p.e[1], d, j, sim_now);
  }
  g_ptr_array_set_size (p.wire[0], 0);
  pair_run (&p, 30 * G_USEC_PER_SEC);
  assert_keys_agree (&p);

  /* after the handshake: garbage does not break the connection */
  for (i = 0; i < 100; i++) {
    gsize len = g_rand_int_range (r, 1, sizeof (buf));
    for (j = 0; j < len; j++)
      buf[j] = g_rand_int (r);
    buf[0] = 23;
    buf[1] = 0xfe;
    buf[2] = 0xfd;
    gst_secure_rtc_dtls_engine_handle_datagram (p.e[0], buf, len, sim_now);
  }
  pair_drain (&p, 0);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[0]),
      GST_SECURE_RTC_DTLS_STATE_CONNECTED);
  pair_clear (&p);
  g_rand_free (r);
}

GST_END_TEST;

/* A peer certificate with a very long subject (several kB, so the
 * Certificate message is fragmented over many datagrams): handshake works
 * within the MTU, and a mismatch on it is still caught. */
static GstSecureRtcDtlsCertificate *
long_subject_cert (void)
{
  EVP_PKEY *pk = EVP_EC_gen ("P-256");
  X509 *x = X509_new ();
  X509_NAME *name = X509_NAME_new ();
  GstSecureRtcDtlsCertificate *c;
  gchar *pem, *ou;
  guint i;

  ou = g_strnfill (60, 'x');
  X509_set_version (x, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (x), 12345);
  X509_gmtime_adj (X509_getm_notBefore (x), 0);
  X509_gmtime_adj (X509_getm_notAfter (x), 3600);
  for (i = 0; i < 80; i++)
    X509_NAME_add_entry_by_txt (name, "OU", MBSTRING_UTF8,
        (const unsigned char *) ou, -1, -1, 0);
  X509_set_subject_name (x, name);
  X509_set_issuer_name (x, name);
  X509_set_pubkey (x, pk);
  X509_sign (x, pk, EVP_sha256 ());
  pem = cert_to_pem (x, pk);
  c = gst_secure_rtc_dtls_certificate_new_from_pem (pem, NULL);
  fail_unless (c != NULL);
  g_free (pem);
  g_free (ou);
  X509_NAME_free (name);
  X509_free (x);
  EVP_PKEY_free (pk);
  return c;
}

GST_START_TEST (test_long_subject)
{
  GstSecureRtcDtlsCertificate *big = long_subject_cert (), *sc = new_cert (),
      *other = new_cert ();
  Pair p;

  pair_init (&p, NULL);
  p.e[0] = engine_new (GST_SECURE_RTC_DTLS_ROLE_CLIENT, big,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  p.e[1] = engine_new (GST_SECURE_RTC_DTLS_ROLE_SERVER, sc,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  set_fp (p.e[0], sc);
  set_fp (p.e[1], big);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_run (&p, 10 * G_USEC_PER_SEC);
  assert_keys_agree (&p);
  fail_unless (p.max_datagram <= 1200, "%u", p.max_datagram);
  pair_clear (&p);

  /* the same, but the server expects another certificate; and late */
  pair_init (&p, NULL);
  p.e[0] = engine_new (GST_SECURE_RTC_DTLS_ROLE_CLIENT, big,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  p.e[1] = engine_new (GST_SECURE_RTC_DTLS_ROLE_SERVER, sc,
      GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT);
  set_fp (p.e[0], sc);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_run (&p, 5 * G_USEC_PER_SEC);
  fail_unless (gst_secure_rtc_dtls_engine_is_waiting_for_fingerprint (p.e[1]));
  set_fp (p.e[1], other);
  pair_drain (&p, 1);
  pair_run (&p, 10 * G_USEC_PER_SEC);
  fail_unless_equals_int (p.keys[0] + p.keys[1], 0);
  fail_unless_equals_int (gst_secure_rtc_dtls_engine_get_state (p.e[1]),
      GST_SECURE_RTC_DTLS_STATE_FAILED);
  pair_clear (&p);
  gst_secure_rtc_dtls_certificate_unref (big);
  gst_secure_rtc_dtls_certificate_unref (sc);
  gst_secure_rtc_dtls_certificate_unref (other);
}

GST_END_TEST;

/* The fingerprint cannot be changed once the peer is verified. */
GST_START_TEST (test_fingerprint_frozen)
{
  GstSecureRtcDtlsCertificate *certs[2], *other = new_cert ();
  GstSecureRtcFingerprint fp;
  GError *err = NULL;
  Pair p;

  pair_setup_verified (&p, NULL, certs);
  gst_secure_rtc_dtls_engine_start (p.e[0], sim_now);
  pair_run (&p, 10 * G_USEC_PER_SEC);
  assert_keys_agree (&p);
  gst_secure_rtc_dtls_certificate_get_fingerprint (other, 0, &fp);
  fail_if (gst_secure_rtc_dtls_engine_set_peer_fingerprint (p.e[0], &fp,
          sim_now, &err));
  g_clear_error (&err);
  gst_secure_rtc_dtls_certificate_get_fingerprint (certs[1], 0, &fp);
  fail_unless (gst_secure_rtc_dtls_engine_set_peer_fingerprint (p.e[0], &fp,
          sim_now, &err));
  pair_clear (&p);
  gst_secure_rtc_dtls_certificate_unref (certs[0]);
  gst_secure_rtc_dtls_certificate_unref (certs[1]);
  gst_secure_rtc_dtls_certificate_unref (other);
}

GST_END_TEST;

static Suite *
dtlsengine_suite (void)
{
  Suite *s = suite_create ("dtlsengine");
  TCase *tc = tcase_create ("general");

  gst_secure_rtc_init ();
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_fingerprint_parse_format);
  tcase_add_test (tc, test_certificate_generate);
  tcase_add_test (tc, test_malformed_pem);
  tcase_add_test (tc, test_handshake);
  tcase_add_test (tc, test_retransmit_timer);
  tcase_add_loop_test (tc, test_profiles, 0, G_N_ELEMENTS (profile_cases));
  tcase_add_test (tc, test_parse_profiles_errors);
  tcase_add_loop_test (tc, test_lossy_handshake, 0, G_N_ELEMENTS (lossy_cases));
  tcase_add_loop_test (tc, test_fingerprint_mismatch, 0, 2);
  tcase_add_loop_test (tc, test_late_fingerprint, 0, 4);
  tcase_add_test (tc, test_verify_none);
  tcase_add_test (tc, test_garbage_input);
  tcase_add_test (tc, test_long_subject);
  tcase_add_test (tc, test_fingerprint_frozen);
  return s;
}

GST_CHECK_MAIN (dtlsengine);
