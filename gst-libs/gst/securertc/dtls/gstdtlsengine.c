/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A sans-IO DTLS-SRTP endpoint (RFC 5764) on OpenSSL 3.
 *
 * I/O: incoming datagrams are written one at a time into a memory BIO and
 * consumed completely before the next one, so datagram boundaries are kept
 * (a DTLS record never spans datagrams, RFC 6347 §4.1.1). Outgoing data goes
 * through a small write-only BIO that turns each BIO_write() -- OpenSSL
 * writes one datagram per call -- into one queued datagram.
 *
 * Security posture (DESIGN.md rules 2-5):
 *  - DTLS 1.2 only (min = max), ECDHE + AEAD suites only, groups X25519 and
 *    P-256, no tickets, no session cache, no renegotiation.
 *  - use_srtp (RFC 5764 §4.1) offering the configured profiles in order.
 *  - Both sides require a certificate (SSL_VERIFY_PEER |
 *    FAIL_IF_NO_PEER_CERT). The chain is not checked against any CA: the
 *    leaf is pinned by its fingerprint (RFC 8122, RFC 8827 §6.5) inside the
 *    verify callback, so a mismatch aborts the handshake with a fatal
 *    bad_certificate alert before any key exists.
 *  - MTU 1200 by default and a short first retransmission (100 ms) through
 *    DTLS_set_timer_cb() instead of OpenSSL's 1 s.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/srtp.h>
#include <openssl/x509.h>

#include "gstdtlsengine.h"
#include "../gstsecurewipe.h"

GST_DEBUG_CATEGORY_STATIC (dtls_engine_debug);
#define GST_CAT_DEFAULT dtls_engine_debug

/* RFC 5764 §4.2 */
#define EXPORTER_LABEL "EXTRACTOR-dtls_srtp"

/* Only ECDHE key exchange (forward secrecy) with AEAD ciphers. */
#define CIPHER_LIST \
  "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
  "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:" \
  "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
#define GROUPS_LIST "X25519:P-256"

/* The held flight: bounded so that a flood cannot grow memory. */
#define MAX_HELD_DATAGRAMS 64
#define MAX_HELD_BYTES (256 * 1024)
/* Larger than any DTLS record plus header; bigger datagrams are dropped. */
#define MAX_DATAGRAM_SIZE (16384 + 2048 + 13)
#define MIN_MTU 256
#define MAX_MTU 16384

static const GstSecureRtcSrtpProfile default_profiles[] = {
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM,
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
};

struct _GstSecureRtcDtlsEngine
{
  GstSecureRtcDtlsRole role;
  GstSecureRtcDtlsVerify verify;
  GstSecureRtcDtlsState state;
  GstSecureRtcDtlsCertificate *cert;
  guint mtu;
  guint rto_ms;

  SSL_CTX *ctx;
  SSL *ssl;
  BIO *rbio;
  BIO_METHOD *wmethod;

  GQueue out;                   /* GBytes */
  GQueue events;                /* GstSecureRtcDtlsEvent */
  gint64 deadline;

  /* verification */
  gboolean have_expected;
  GstSecureRtcFingerprint expected;
  gboolean verified;
  gboolean mismatch;
  gchar *received_fp;

  /* the peer's flight holding its certificate, while the fingerprint is unknown */
  gboolean holding;
  GQueue held;                  /* GBytes */
  gsize held_bytes;

  gboolean handshake_done;
  gboolean keys_exported;
  GstSecureRtcSrtpProfile profile;
  gchar *cipher;
  gchar *alert_received;
  gchar *alert_sent;
};

void
gst_secure_rtc_dtls_event_clear (GstSecureRtcDtlsEvent * ev)
{
  g_return_if_fail (ev != NULL);
  g_clear_pointer (&ev->cipher_suite, g_free);
  g_clear_pointer (&ev->fingerprint, g_free);
  g_clear_pointer (&ev->local_key, gst_secure_rtc_srtp_key_unref);
  g_clear_pointer (&ev->remote_key, gst_secure_rtc_srtp_key_unref);
  g_clear_error (&ev->error);
  g_clear_pointer (&ev->expected_fingerprint, g_free);
  g_clear_pointer (&ev->received_fingerprint, g_free);
  memset (ev, 0, sizeof (*ev));
}

static void
event_free (gpointer p)
{
  gst_secure_rtc_dtls_event_clear (p);
  g_free (p);
}

static GstSecureRtcDtlsEvent *
push_event (GstSecureRtcDtlsEngine * self, GstSecureRtcDtlsEventType type)
{
  GstSecureRtcDtlsEvent *ev = g_new0 (GstSecureRtcDtlsEvent, 1);

  ev->type = type;
  g_queue_push_tail (&self->events, ev);
  return ev;
}

/* ---- the datagram-preserving write BIO ---- */

static int
out_bio_write (BIO * bio, const char *data, int len)
{
  GstSecureRtcDtlsEngine *self = BIO_get_data (bio);

  if (len <= 0)
    return 0;
  GST_LOG ("sending datagram of %d bytes", len);
  g_queue_push_tail (&self->out, g_bytes_new (data, len));
  return len;
}

static long
out_bio_ctrl (BIO * bio, int cmd, long num, void *ptr)
{
  GstSecureRtcDtlsEngine *self = BIO_get_data (bio);

  switch (cmd) {
    case BIO_CTRL_FLUSH:
      return 1;
    case BIO_CTRL_DGRAM_QUERY_MTU:
    case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
      return self ? (long) self->mtu : GST_SECURE_RTC_DTLS_DEFAULT_MTU;
    case BIO_CTRL_WPENDING:
    case BIO_CTRL_PENDING:
    case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
    default:
      return 0;
  }
}

static int
out_bio_create (BIO * bio)
{
  BIO_set_init (bio, 1);
  return 1;
}

/* ---- OpenSSL callbacks ---- */

static GstSecureRtcDtlsEngine *
engine_from_ssl (const SSL * ssl)
{
  return SSL_get_app_data (ssl);
}

/* RFC 6347 §4.2.4.1: double the timer on each retransmission; start at our
 * (short) configured value and cap it so that a dead peer fails in bounded
 * time (OpenSSL gives up after 12 timeouts of one flight). */
static unsigned int
timer_cb (SSL * ssl, unsigned int prev_us)
{
  GstSecureRtcDtlsEngine *self = engine_from_ssl (ssl);
  guint64 next, cap;

  cap = (guint64) MAX (self->rto_ms, GST_SECURE_RTC_DTLS_MAX_RETRANSMIT_MS) * 1000;
  if (prev_us == 0)
    next = (guint64) self->rto_ms * 1000;
  else
    next = MIN ((guint64) prev_us * 2, cap);
  GST_LOG ("retransmission timer %" G_GUINT64_FORMAT " us", next);
  return (unsigned int) next;
}

static void
info_cb (const SSL * ssl, int where, int ret)
{
  GstSecureRtcDtlsEngine *self = engine_from_ssl (ssl);
  gchar *text;

  if (!(where & SSL_CB_ALERT))
    return;
  text = g_strdup_printf ("%s alert \"%s\"", SSL_alert_type_string_long (ret),
      SSL_alert_desc_string_long (ret));
  if (where & SSL_CB_READ) {
    GST_INFO ("received %s", text);
    g_free (self->alert_received);
    self->alert_received = text;
  } else {
    GST_INFO ("sending %s", text);
    g_free (self->alert_sent);
    self->alert_sent = text;
  }
}

static void
compute_peer_fingerprint (GstSecureRtcDtlsEngine * self, X509 * peer,
    GstSecureRtcFingerprint * fp)
{
  GstSecureRtcFingerprintHash hash = self->have_expected ?
      self->expected.hash : GST_SECURE_RTC_FINGERPRINT_HASH_SHA256;
  unsigned char *der = NULL;
  int len = i2d_X509 (peer, &der);

  memset (fp, 0, sizeof (*fp));
  if (len > 0)
    gst_secure_rtc_fingerprint_from_der (hash, der, len, fp);
  OPENSSL_free (der);
  g_free (self->received_fp);
  self->received_fp = gst_secure_rtc_fingerprint_to_string (fp);
}

/* Called by OpenSSL for each certificate of the peer's chain and each
 * problem found (a self-signed certificate is always "untrusted"). We pin
 * the leaf (depth 0) by fingerprint and ignore CA trust entirely. */
static int
verify_cb (int preverify_ok, X509_STORE_CTX * sctx)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (sctx,
      SSL_get_ex_data_X509_STORE_CTX_idx ());
  GstSecureRtcDtlsEngine *self = engine_from_ssl (ssl);
  GstSecureRtcFingerprint fp;
  X509 *peer;

  if (X509_STORE_CTX_get_error_depth (sctx) != 0)
    return 1;
  peer = X509_STORE_CTX_get_current_cert (sctx);
  if (peer == NULL)
    return 0;
  compute_peer_fingerprint (self, peer, &fp);

  if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_NONE) {
    GST_WARNING ("verify=none: accepting peer certificate %s without any "
        "check", self->received_fp);
    return 1;
  }
  if (!self->have_expected) {
    /* Only reachable when the flight was not recognised for holding (e.g.
     * odd record packing): the keys are then held back after the
     * handshake until the fingerprint is known. */
    GST_INFO ("peer certificate %s seen before the expected fingerprint",
        self->received_fp);
    return 1;
  }
  if (gst_secure_rtc_fingerprint_equal (&fp, &self->expected)) {
    GST_INFO ("peer certificate matches the expected fingerprint %s",
        self->received_fp);
    self->verified = TRUE;
    return 1;
  }
  GST_WARNING ("peer certificate fingerprint %s does not match the expected "
      "one", self->received_fp);
  self->mismatch = TRUE;
  X509_STORE_CTX_set_error (sctx, X509_V_ERR_CERT_REJECTED);
  return 0;
}

/* ---- helpers ---- */

static gchar *
expected_fp_string (GstSecureRtcDtlsEngine * self)
{
  return self->have_expected ?
      gst_secure_rtc_fingerprint_to_string (&self->expected) :
      g_strdup ("(none)");
}

static void
update_deadline (GstSecureRtcDtlsEngine * self, gint64 now)
{
  struct timeval tv;

  self->deadline = -1;
  if (self->state != GST_SECURE_RTC_DTLS_STATE_CONNECTING &&
      self->state != GST_SECURE_RTC_DTLS_STATE_CONNECTED)
    return;
  /* While the peer's flight is held, the peer evidently has ours: no need to
   * retransmit (and no risk of giving up on it while the answer is late). */
  if (self->holding && self->held.length > 0)
    return;
  if (DTLSv1_get_timeout (self->ssl, &tv) == 1)
    self->deadline = now + (gint64) tv.tv_sec * G_USEC_PER_SEC + tv.tv_usec;
}

static void
set_failed (GstSecureRtcDtlsEngine * self, GError * error)
{
  GstSecureRtcDtlsEvent *ev;

  GST_WARNING ("DTLS failed: %s", error->message);
  self->state = GST_SECURE_RTC_DTLS_STATE_FAILED;
  ev = push_event (self, GST_SECURE_RTC_DTLS_EVENT_FAILED);
  ev->error = error;
  if (self->mismatch || error->code == GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH) {
    ev->expected_fingerprint = expected_fp_string (self);
    ev->received_fingerprint = g_strdup (self->received_fp);
  }
  g_queue_clear_full (&self->held, (GDestroyNotify) g_bytes_unref);
  self->held_bytes = 0;
  self->holding = FALSE;
}

static void
fail_mismatch (GstSecureRtcDtlsEngine * self)
{
  gchar *exp = expected_fp_string (self);

  self->mismatch = TRUE;
  set_failed (self, g_error_new (GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH,
          "peer certificate fingerprint %s does not match the expected %s",
          self->received_fp ? self->received_fp : "(none)", exp));
  g_free (exp);
}

static void
fail_from_openssl (GstSecureRtcDtlsEngine * self, const gchar * what)
{
  unsigned long e;
  gchar buf[256] = "unknown error";

  if (self->mismatch) {
    ERR_clear_error ();
    fail_mismatch (self);
    return;
  }
  e = ERR_peek_last_error ();
  if (e != 0)
    ERR_error_string_n (e, buf, sizeof (buf));
  ERR_clear_error ();

  if (self->alert_received) {
    set_failed (self, g_error_new (GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_PEER_ALERT,
            "%s: the peer sent a %s (%s)", what, self->alert_received, buf));
  } else if (e != 0 && ERR_GET_REASON (e) == SSL_R_READ_TIMEOUT_EXPIRED) {
    set_failed (self, g_error_new (GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_TIMEOUT,
            "%s: the peer stopped answering (retransmissions exhausted)", what));
  } else {
    set_failed (self, g_error_new (GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_HANDSHAKE, "%s: %s%s%s%s", what, buf,
            self->alert_sent ? " (we sent a " : "",
            self->alert_sent ? self->alert_sent : "",
            self->alert_sent ? ")" : ""));
  }
}

/* RFC 5764 §4.2: client_write_SRTP_master_key | server_write_SRTP_master_key
 * | client_write_SRTP_master_salt | server_write_SRTP_master_salt. */
static void
export_keys (GstSecureRtcDtlsEngine * self)
{
  guint8 km[2 * GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN];
  guint8 client[GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN];
  guint8 server[GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN];
  guint kl = gst_secure_rtc_srtp_profile_get_key_len (self->profile);
  guint sl = gst_secure_rtc_srtp_profile_get_salt_len (self->profile);
  GstSecureRtcSrtpKey *ckey, *skey;
  GstSecureRtcDtlsEvent *ev;
  GError *err = NULL;

  g_assert (!self->keys_exported);
  if (SSL_export_keying_material (self->ssl, km, 2 * (kl + sl),
          EXPORTER_LABEL, strlen (EXPORTER_LABEL), NULL, 0, 0) != 1) {
    gst_secure_rtc_wipe (km, sizeof (km));
    fail_from_openssl (self, "exporting the SRTP keys failed");
    return;
  }
  memcpy (client, km, kl);
  memcpy (client + kl, km + 2 * kl, sl);
  memcpy (server, km + kl, kl);
  memcpy (server + kl, km + 2 * kl + sl, sl);
  ckey = gst_secure_rtc_srtp_key_new (self->profile, client, kl + sl, &err);
  skey = ckey ? gst_secure_rtc_srtp_key_new (self->profile, server, kl + sl,
      &err) : NULL;
  gst_secure_rtc_wipe (km, sizeof (km));
  gst_secure_rtc_wipe (client, sizeof (client));
  gst_secure_rtc_wipe (server, sizeof (server));
  if (skey == NULL) {
    if (ckey)
      gst_secure_rtc_srtp_key_unref (ckey);
    set_failed (self, err);
    return;
  }

  self->keys_exported = TRUE;
  self->state = GST_SECURE_RTC_DTLS_STATE_CONNECTED;
  if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT) {
    ev = push_event (self, GST_SECURE_RTC_DTLS_EVENT_PEER_VERIFIED);
    ev->fingerprint = g_strdup (self->received_fp);
  }
  ev = push_event (self, GST_SECURE_RTC_DTLS_EVENT_KEYS_READY);
  ev->profile = self->profile;
  if (self->role == GST_SECURE_RTC_DTLS_ROLE_CLIENT) {
    ev->local_key = ckey;
    ev->remote_key = skey;
  } else {
    ev->local_key = skey;
    ev->remote_key = ckey;
  }
  GST_INFO ("SRTP keys exported: profile %s, %u-byte keys, %u-byte salts, "
      "local key #%" G_GUINT64_FORMAT ", remote key #%" G_GUINT64_FORMAT,
      gst_secure_rtc_srtp_profile_get_rfc_name (self->profile), kl, sl,
      gst_secure_rtc_srtp_key_get_serial (ev->local_key),
      gst_secure_rtc_srtp_key_get_serial (ev->remote_key));
}

static void
on_handshake_done (GstSecureRtcDtlsEngine * self)
{
  const SRTP_PROTECTION_PROFILE *p;
  GstSecureRtcDtlsEvent *ev;

  self->handshake_done = TRUE;
  p = SSL_get_selected_srtp_profile (self->ssl);
  if (p == NULL || !gst_secure_rtc_srtp_profile_is_valid (p->id)) {
    set_failed (self, g_error_new (GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_NO_SRTP_PROFILE,
            "the peer did not negotiate use_srtp with any of our SRTP "
            "protection profiles"));
    SSL_shutdown (self->ssl);
    return;
  }
  self->profile = p->id;
  g_free (self->cipher);
  self->cipher = g_strdup (SSL_get_cipher_name (self->ssl));
  GST_INFO ("handshake done: %s, %s, SRTP profile %s",
      SSL_get_version (self->ssl), self->cipher, p->name);
  ev = push_event (self, GST_SECURE_RTC_DTLS_EVENT_HANDSHAKE_DONE);
  ev->profile = self->profile;
  ev->cipher_suite = g_strdup (self->cipher);

  if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_NONE || self->verified)
    export_keys (self);
  else
    GST_INFO ("keys held back until the expected fingerprint is known");
}

/* Runs OpenSSL on whatever is in the read BIO. */
static void
drive (GstSecureRtcDtlsEngine * self)
{
  guint8 buf[2048];
  int r, e;

  if (self->state != GST_SECURE_RTC_DTLS_STATE_CONNECTING &&
      self->state != GST_SECURE_RTC_DTLS_STATE_CONNECTED)
    return;

  if (!self->handshake_done) {
    ERR_clear_error ();
    r = SSL_do_handshake (self->ssl);
    if (r != 1) {
      e = SSL_get_error (self->ssl, r);
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return;
      fail_from_openssl (self, "DTLS handshake failed");
      return;
    }
    on_handshake_done (self);
    if (self->state == GST_SECURE_RTC_DTLS_STATE_FAILED)
      return;
  }

  /* After the handshake: alerts, close_notify, a retransmitted Finished
   * (OpenSSL answers it), or application data, which DTLS-SRTP does not use:
   * read and discard it. */
  for (;;) {
    ERR_clear_error ();
    r = SSL_read (self->ssl, buf, sizeof (buf));
    if (r > 0) {
      GST_LOG ("discarding %d bytes of DTLS application data", r);
      gst_secure_rtc_wipe (buf, r);
      continue;
    }
    e = SSL_get_error (self->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
      return;
    if (e == SSL_ERROR_ZERO_RETURN) {
      GST_INFO ("peer sent close_notify");
      SSL_shutdown (self->ssl);
      self->state = GST_SECURE_RTC_DTLS_STATE_CLOSED;
      push_event (self, GST_SECURE_RTC_DTLS_EVENT_CLOSED);
      return;
    }
    fail_from_openssl (self, "DTLS connection failed");
    return;
  }
}

/* Does this datagram carry (a fragment of) the peer's Certificate message in
 * epoch 0? Record header: type(1) version(2) epoch(2) seq(6) length(2);
 * handshake header: msg_type(1) ... (RFC 6347 §4.1, §4.2.2). */
static gboolean
has_peer_certificate (const guint8 * d, gsize len)
{
  while (len >= 13) {
    guint rlen = ((guint) d[11] << 8) | d[12];

    if (13 + (gsize) rlen > len)
      return FALSE;
    if (d[0] == 22 && d[3] == 0 && d[4] == 0 && rlen >= 12 && d[13] == 11)
      return TRUE;
    d += 13 + rlen;
    len -= 13 + rlen;
  }
  return FALSE;
}

static void
process_datagram (GstSecureRtcDtlsEngine * self, const guint8 * data,
    gsize len)
{
  if (BIO_write (self->rbio, data, (int) len) != (int) len) {
    GST_WARNING ("could not queue a datagram of %u bytes", (guint) len);
    ERR_clear_error ();
    return;
  }
  drive (self);
  /* Never let a datagram's leftover run into the next one. */
  if (BIO_ctrl_pending (self->rbio) > 0)
    (void) BIO_reset (self->rbio);
}

/* ---- public API ---- */

/**
 * gst_secure_rtc_dtls_parse_profiles:
 * @str: a comma- or colon-separated list of SRTP profiles, by nick
 *   ("aead-aes-128-gcm") or RFC name ("SRTP_AEAD_AES_128_GCM")
 * @profiles: (out caller-allocates) (array length=max_profiles): the profiles
 *
 * Returns: %TRUE if @str names 1..@max_profiles known, distinct profiles.
 */
gboolean
gst_secure_rtc_dtls_parse_profiles (const gchar * str,
    GstSecureRtcSrtpProfile * profiles, guint max_profiles, guint * n_profiles,
    GError ** error)
{
  gchar **parts;
  guint i, j, n = 0;
  gboolean ok = TRUE;

  parts = g_strsplit_set (str ? str : "", ",:", -1);
  for (i = 0; parts[i] && ok; i++) {
    GstSecureRtcSrtpProfile p;
    gchar *name = g_strstrip (parts[i]);

    if (*name == '\0')
      continue;
    if (!gst_secure_rtc_srtp_profile_from_string (name, &p)) {
      g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_CONFIG,
          _("Unknown SRTP profile \"%s\" (known: aead-aes-256-gcm, "
              "aead-aes-128-gcm, aes-128-cm-hmac-sha1-80, "
              "aes-128-cm-hmac-sha1-32)."), name);
      ok = FALSE;
      break;
    }
    for (j = 0; j < n; j++) {
      if (profiles[j] == p) {
        g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_CONFIG,
            _("SRTP profile \"%s\" is listed twice."), name);
        ok = FALSE;
      }
    }
    if (ok && n >= max_profiles) {
      g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_CONFIG,
          _("Too many SRTP profiles (at most %u)."), max_profiles);
      ok = FALSE;
    }
    if (ok)
      profiles[n++] = p;
  }
  g_strfreev (parts);
  if (ok && n == 0) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CONFIG, _("No SRTP profile given."));
    ok = FALSE;
  }
  if (ok)
    *n_profiles = n;
  return ok;
}

/**
 * gst_secure_rtc_dtls_engine_new:
 *
 * Returns: (transfer full) (nullable): a new engine in state NEW, or %NULL
 * with @error set (bad configuration, OpenSSL failure).
 */
GstSecureRtcDtlsEngine *
gst_secure_rtc_dtls_engine_new (const GstSecureRtcDtlsConfig * config,
    GError ** error)
{
  static gsize cat_done = 0;
  GstSecureRtcDtlsEngine *self;
  const GstSecureRtcSrtpProfile *profiles = default_profiles;
  guint n_profiles = G_N_ELEMENTS (default_profiles), i;
  GString *srtp;
  BIO *wbio;
  const gchar *fail = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (g_once_init_enter (&cat_done)) {
    GST_DEBUG_CATEGORY_INIT (dtls_engine_debug, "dtlsengine", 0,
        "DTLS-SRTP engine");
    g_once_init_leave (&cat_done, 1);
  }

  if (config->profiles && config->n_profiles > 0) {
    profiles = config->profiles;
    n_profiles = config->n_profiles;
  }
  for (i = 0; i < n_profiles; i++) {
    if (!gst_secure_rtc_srtp_profile_is_valid (profiles[i])) {
      g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_CONFIG, _("Unknown SRTP profile %d."),
          (gint) profiles[i]);
      return NULL;
    }
  }
  if (config->mtu != 0 && (config->mtu < MIN_MTU || config->mtu > MAX_MTU)) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CONFIG,
        _("The MTU must be between %u and %u bytes (got %u)."), MIN_MTU,
        MAX_MTU, config->mtu);
    return NULL;
  }

  self = g_new0 (GstSecureRtcDtlsEngine, 1);
  self->role = config->role;
  self->verify = config->verify;
  self->state = GST_SECURE_RTC_DTLS_STATE_NEW;
  self->mtu = config->mtu ? config->mtu : GST_SECURE_RTC_DTLS_DEFAULT_MTU;
  self->rto_ms = config->retransmit_timeout_ms ?
      config->retransmit_timeout_ms : GST_SECURE_RTC_DTLS_DEFAULT_RETRANSMIT_MS;
  self->deadline = -1;
  g_queue_init (&self->out);
  g_queue_init (&self->events);
  g_queue_init (&self->held);

  if (config->certificate) {
    self->cert = gst_secure_rtc_dtls_certificate_ref (config->certificate);
  } else {
    self->cert = gst_secure_rtc_dtls_certificate_generate (error);
    if (self->cert == NULL) {
      gst_secure_rtc_dtls_engine_free (self);
      return NULL;
    }
  }

  ERR_clear_error ();
  self->ctx = SSL_CTX_new (DTLS_method ());
  if (self->ctx == NULL) {
    fail = "SSL_CTX_new";
    goto openssl_fail;
  }
  if (!SSL_CTX_set_min_proto_version (self->ctx, DTLS1_2_VERSION) ||
      !SSL_CTX_set_max_proto_version (self->ctx, DTLS1_2_VERSION)) {
    fail = "setting DTLS 1.2";
    goto openssl_fail;
  }
  SSL_CTX_set_options (self->ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION
      | SSL_OP_NO_QUERY_MTU | SSL_OP_CIPHER_SERVER_PREFERENCE
      | SSL_OP_NO_COMPRESSION | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
  SSL_CTX_set_session_cache_mode (self->ctx, SSL_SESS_CACHE_OFF);
  if (!SSL_CTX_set_cipher_list (self->ctx, CIPHER_LIST)) {
    fail = "setting the cipher list";
    goto openssl_fail;
  }
  if (!SSL_CTX_set1_groups_list (self->ctx, GROUPS_LIST)) {
    fail = "setting the groups";
    goto openssl_fail;
  }
  srtp = g_string_new (NULL);
  for (i = 0; i < n_profiles; i++) {
    if (i)
      g_string_append_c (srtp, ':');
    g_string_append (srtp, gst_secure_rtc_srtp_profile_get_rfc_name (profiles[i]));
  }
  /* Note: returns 0 on success. */
  if (SSL_CTX_set_tlsext_use_srtp (self->ctx, srtp->str) != 0) {
    g_string_free (srtp, TRUE);
    fail = "setting the SRTP profiles";
    goto openssl_fail;
  }
  GST_DEBUG ("offering SRTP profiles %s", srtp->str);
  g_string_free (srtp, TRUE);

  if (SSL_CTX_use_certificate (self->ctx,
          gst_secure_rtc_dtls_certificate_peek_x509 (self->cert)) != 1 ||
      SSL_CTX_use_PrivateKey (self->ctx,
          gst_secure_rtc_dtls_certificate_peek_pkey (self->cert)) != 1 ||
      SSL_CTX_check_private_key (self->ctx) != 1) {
    fail = "installing the certificate";
    goto openssl_fail;
  }
  SSL_CTX_set_verify (self->ctx,
      SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);

  self->ssl = SSL_new (self->ctx);
  if (self->ssl == NULL) {
    fail = "SSL_new";
    goto openssl_fail;
  }
  SSL_set_app_data (self->ssl, self);

  /* Per engine (no global state). No BIO_get_new_index(): that is a
   * process-wide counter which would run out with many connections. */
  self->wmethod = BIO_meth_new (BIO_TYPE_SOURCE_SINK,
      "securertc-dtls-datagrams");
  if (self->wmethod == NULL) {
    fail = "BIO_meth_new";
    goto openssl_fail;
  }
  BIO_meth_set_write (self->wmethod, out_bio_write);
  BIO_meth_set_ctrl (self->wmethod, out_bio_ctrl);
  BIO_meth_set_create (self->wmethod, out_bio_create);
  self->rbio = BIO_new (BIO_s_mem ());
  wbio = BIO_new (self->wmethod);
  if (self->rbio == NULL || wbio == NULL) {
    BIO_free (wbio);
    fail = "BIO_new";
    goto openssl_fail;
  }
  BIO_set_mem_eof_return (self->rbio, -1);
  BIO_set_data (wbio, self);
  SSL_set_bio (self->ssl, self->rbio, wbio);

  SSL_set_mtu (self->ssl, self->mtu);
  DTLS_set_link_mtu (self->ssl, self->mtu);
  DTLS_set_timer_cb (self->ssl, timer_cb);
  SSL_set_info_callback (self->ssl, info_cb);
  if (self->role == GST_SECURE_RTC_DTLS_ROLE_CLIENT)
    SSL_set_connect_state (self->ssl);
  else
    SSL_set_accept_state (self->ssl);

  {
    gchar *fp = gst_secure_rtc_dtls_certificate_get_fingerprint_string (self->cert,
        GST_SECURE_RTC_FINGERPRINT_HASH_SHA256);
    GST_DEBUG ("new %s engine, local certificate %s, mtu %u, first "
        "retransmission after %u ms",
        self->role == GST_SECURE_RTC_DTLS_ROLE_CLIENT ? "client" : "server", fp,
        self->mtu, self->rto_ms);
    g_free (fp);
  }
  if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_NONE)
    GST_WARNING ("verify=none: the peer will NOT be authenticated");
  return self;

openssl_fail:
  {
    unsigned long e = ERR_peek_last_error ();
    gchar buf[256] = "";

    if (e)
      ERR_error_string_n (e, buf, sizeof (buf));
    ERR_clear_error ();
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CRYPTO, _("OpenSSL setup failed (%s): %s"),
        fail, buf);
    gst_secure_rtc_dtls_engine_free (self);
    return NULL;
  }
}

void
gst_secure_rtc_dtls_engine_free (GstSecureRtcDtlsEngine * self)
{
  if (self == NULL)
    return;
  SSL_free (self->ssl);         /* frees both BIOs and cleanses the secrets */
  SSL_CTX_free (self->ctx);
  BIO_meth_free (self->wmethod);
  if (self->cert)
    gst_secure_rtc_dtls_certificate_unref (self->cert);
  g_queue_clear_full (&self->out, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&self->held, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&self->events, event_free);
  g_free (self->received_fp);
  g_free (self->cipher);
  g_free (self->alert_received);
  g_free (self->alert_sent);
  g_free (self);
}

/**
 * gst_secure_rtc_dtls_engine_set_peer_fingerprint:
 *
 * Sets the fingerprint the peer's certificate must have. Settable until the
 * peer is verified (then only the same value is accepted). If the peer's
 * flight was held waiting for it, it is processed now.
 */
gboolean
gst_secure_rtc_dtls_engine_set_peer_fingerprint (GstSecureRtcDtlsEngine * self,
    const GstSecureRtcFingerprint * fp, gint64 now, GError ** error)
{
  g_return_val_if_fail (self != NULL && fp != NULL, FALSE);

  if (self->verified || self->mismatch) {
    if (self->have_expected && gst_secure_rtc_fingerprint_equal (fp,
            &self->expected))
      return TRUE;
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CONFIG,
        _("The peer has already been checked; its fingerprint can no longer "
            "be changed."));
    return FALSE;
  }
  if (fp->len != gst_secure_rtc_fingerprint_hash_get_len (fp->hash)) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
        _("Invalid fingerprint length."));
    return FALSE;
  }
  self->expected = *fp;
  self->have_expected = TRUE;
  {
    gchar *s = gst_secure_rtc_fingerprint_to_string (fp);
    GST_INFO ("expected peer fingerprint %s", s);
    g_free (s);
  }

  if (self->handshake_done && !self->keys_exported &&
      self->state == GST_SECURE_RTC_DTLS_STATE_CONNECTING &&
      self->verify == GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT) {
    /* Late check after a completed handshake (see verify_cb). */
    X509 *peer = SSL_get0_peer_certificate (self->ssl);
    GstSecureRtcFingerprint got;

    if (peer != NULL) {
      compute_peer_fingerprint (self, peer, &got);
      if (gst_secure_rtc_fingerprint_equal (&got, &self->expected)) {
        self->verified = TRUE;
        export_keys (self);
      } else {
        fail_mismatch (self);
        /* The handshake is over: all we can still send is close_notify. */
        SSL_shutdown (self->ssl);
      }
    }
  } else if (self->holding) {
    GQueue held = self->held;

    GST_DEBUG ("releasing %u held datagrams", held.length);
    g_queue_init (&self->held);
    self->held_bytes = 0;
    self->holding = FALSE;
    while (held.length > 0) {
      GBytes *b = g_queue_pop_head (&held);
      gsize len;
      const guint8 *d = g_bytes_get_data (b, &len);

      if (self->state == GST_SECURE_RTC_DTLS_STATE_CONNECTING ||
          self->state == GST_SECURE_RTC_DTLS_STATE_CONNECTED)
        process_datagram (self, d, len);
      g_bytes_unref (b);
    }
  }
  update_deadline (self, now);
  return TRUE;
}

/**
 * gst_secure_rtc_dtls_engine_start:
 *
 * Starts the handshake: a client queues its ClientHello, a server waits for
 * one. Does nothing if already started.
 */
void
gst_secure_rtc_dtls_engine_start (GstSecureRtcDtlsEngine * self, gint64 now)
{
  g_return_if_fail (self != NULL);
  if (self->state != GST_SECURE_RTC_DTLS_STATE_NEW)
    return;
  self->state = GST_SECURE_RTC_DTLS_STATE_CONNECTING;
  GST_INFO ("starting as %s",
      self->role == GST_SECURE_RTC_DTLS_ROLE_CLIENT ? "client" : "server");
  drive (self);
  update_deadline (self, now);
}

/**
 * gst_secure_rtc_dtls_engine_handle_datagram:
 * @data: one received DTLS datagram (first byte 20..63, RFC 7983)
 *
 * Anything else (empty, oversized, not DTLS, or after failure/close) is
 * dropped. Records that fail OpenSSL's checks are dropped by OpenSSL
 * (RFC 6347 §4.1.2.7) unless they are fatal to the handshake.
 */
void
gst_secure_rtc_dtls_engine_handle_datagram (GstSecureRtcDtlsEngine * self,
    const guint8 * data, gsize len, gint64 now)
{
  g_return_if_fail (self != NULL);

  if (data == NULL || len == 0 || len > MAX_DATAGRAM_SIZE || data[0] < 20
      || data[0] > 63) {
    GST_LOG ("dropping a non-DTLS or oversized datagram of %u bytes",
        (guint) len);
    return;
  }
  if (self->state == GST_SECURE_RTC_DTLS_STATE_NEW)
    gst_secure_rtc_dtls_engine_start (self, now);
  if (self->state != GST_SECURE_RTC_DTLS_STATE_CONNECTING &&
      self->state != GST_SECURE_RTC_DTLS_STATE_CONNECTED) {
    GST_LOG ("dropping a datagram in state %d", self->state);
    return;
  }

  if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT &&
      !self->have_expected && !self->handshake_done &&
      (self->holding || has_peer_certificate (data, len))) {
    if (!self->holding)
      GST_INFO ("the peer's certificate arrived before the expected "
          "fingerprint: holding its flight until the fingerprint is set");
    self->holding = TRUE;
    if (self->held.length < MAX_HELD_DATAGRAMS &&
        self->held_bytes + len <= MAX_HELD_BYTES) {
      g_queue_push_tail (&self->held, g_bytes_new (data, len));
      self->held_bytes += len;
    } else {
      GST_LOG ("hold queue full, dropping a datagram of %u bytes", (guint) len);
    }
    update_deadline (self, now);
    return;
  }

  process_datagram (self, data, len);
  update_deadline (self, now);
}

/**
 * gst_secure_rtc_dtls_engine_handle_timeout:
 *
 * Call when the deadline has passed: retransmits the last flight if it is
 * due, or fails the handshake when the retransmissions are exhausted.
 */
void
gst_secure_rtc_dtls_engine_handle_timeout (GstSecureRtcDtlsEngine * self,
    gint64 now)
{
  g_return_if_fail (self != NULL);

  if ((self->state == GST_SECURE_RTC_DTLS_STATE_CONNECTING ||
          self->state == GST_SECURE_RTC_DTLS_STATE_CONNECTED) &&
      !(self->holding && self->held.length > 0)) {
    int r;

    ERR_clear_error ();
    r = DTLSv1_handle_timeout (self->ssl);
    if (r < 0)
      fail_from_openssl (self, "DTLS handshake timed out");
    else if (r > 0)
      GST_DEBUG ("retransmitted the last flight");
  }
  update_deadline (self, now);
}

/**
 * gst_secure_rtc_dtls_engine_close:
 *
 * Sends close_notify if the handshake is done (RFC 5246 §7.2.1) and moves to
 * CLOSED. Keys already handed out stay valid for the caller to discard.
 */
void
gst_secure_rtc_dtls_engine_close (GstSecureRtcDtlsEngine * self, gint64 now)
{
  g_return_if_fail (self != NULL);

  if (self->state == GST_SECURE_RTC_DTLS_STATE_CLOSED ||
      self->state == GST_SECURE_RTC_DTLS_STATE_FAILED)
    return;
  if (self->handshake_done) {
    ERR_clear_error ();
    SSL_shutdown (self->ssl);
    ERR_clear_error ();
    GST_INFO ("sent close_notify");
  }
  self->state = GST_SECURE_RTC_DTLS_STATE_CLOSED;
  push_event (self, GST_SECURE_RTC_DTLS_EVENT_CLOSED);
  g_queue_clear_full (&self->held, (GDestroyNotify) g_bytes_unref);
  self->held_bytes = 0;
  self->deadline = -1;
}

/**
 * gst_secure_rtc_dtls_engine_pop_datagram:
 *
 * Returns: (transfer full) (nullable): the next datagram to send, or %NULL.
 */
GBytes *
gst_secure_rtc_dtls_engine_pop_datagram (GstSecureRtcDtlsEngine * self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_queue_pop_head (&self->out);
}

/**
 * gst_secure_rtc_dtls_engine_pop_event:
 * @event: (out caller-allocates): filled in; clear it with
 *   gst_secure_rtc_dtls_event_clear()
 *
 * Returns: %TRUE if an event was returned.
 */
gboolean
gst_secure_rtc_dtls_engine_pop_event (GstSecureRtcDtlsEngine * self,
    GstSecureRtcDtlsEvent * event)
{
  GstSecureRtcDtlsEvent *ev;

  g_return_val_if_fail (self != NULL && event != NULL, FALSE);
  ev = g_queue_pop_head (&self->events);
  if (ev == NULL)
    return FALSE;
  *event = *ev;
  g_free (ev);
  return TRUE;
}

/**
 * gst_secure_rtc_dtls_engine_get_deadline:
 *
 * Returns: when gst_secure_rtc_dtls_engine_handle_timeout() is due (same time
 * base as the `now` arguments), or -1 for never.
 */
gint64
gst_secure_rtc_dtls_engine_get_deadline (GstSecureRtcDtlsEngine * self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->deadline;
}

GstSecureRtcDtlsState
gst_secure_rtc_dtls_engine_get_state (GstSecureRtcDtlsEngine * self)
{
  return self->state;
}

GstSecureRtcDtlsRole
gst_secure_rtc_dtls_engine_get_role (GstSecureRtcDtlsEngine * self)
{
  return self->role;
}

gchar *
gst_secure_rtc_dtls_engine_get_local_fingerprint (GstSecureRtcDtlsEngine * self,
    GstSecureRtcFingerprintHash hash)
{
  return gst_secure_rtc_dtls_certificate_get_fingerprint_string (self->cert,
      hash);
}

gboolean
gst_secure_rtc_dtls_engine_is_verified (GstSecureRtcDtlsEngine * self)
{
  return self->verified;
}

/**
 * gst_secure_rtc_dtls_engine_is_waiting_for_fingerprint:
 *
 * Returns: %TRUE while the handshake is paused (or keys held back) because
 * the expected fingerprint is unknown.
 */
gboolean
gst_secure_rtc_dtls_engine_is_waiting_for_fingerprint (GstSecureRtcDtlsEngine *
    self)
{
  return self->holding || (self->handshake_done && !self->keys_exported &&
      self->state == GST_SECURE_RTC_DTLS_STATE_CONNECTING);
}

/**
 * gst_secure_rtc_dtls_engine_get_profile:
 *
 * Returns: the negotiated SRTP profile, or 0 before the handshake is done.
 */
GstSecureRtcSrtpProfile
gst_secure_rtc_dtls_engine_get_profile (GstSecureRtcDtlsEngine * self)
{
  return self->handshake_done ? self->profile : 0;
}

/**
 * gst_secure_rtc_dtls_engine_get_cipher_suite:
 *
 * Returns: (nullable): the OpenSSL name of the negotiated suite, e.g.
 * "ECDHE-ECDSA-AES128-GCM-SHA256".
 */
const gchar *
gst_secure_rtc_dtls_engine_get_cipher_suite (GstSecureRtcDtlsEngine * self)
{
  return self->cipher;
}
