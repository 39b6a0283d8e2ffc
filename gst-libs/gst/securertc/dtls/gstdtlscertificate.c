/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Certificates for DTLS-SRTP and their RFC 8122 fingerprints.
 *
 * DESIGN.md rule 4: every connection makes its own ECDSA P-256 key and
 * self-signed certificate in memory. The serial number is 127 bits from the
 * CSPRNG (RFC 5280 §4.1.2.2 allows up to 20 octets, positive), the validity
 * is short (30 days, starting one day in the past to tolerate clock skew):
 * the certificate only identifies this connection, its fingerprint being
 * what the peer pins. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "gstdtlscertificate.h"
#include "../gstsecurewipe.h"

#define CERT_VALIDITY_SECONDS (30 * 24 * 3600)
#define CERT_BACKDATE_SECONDS (24 * 3600)
#define CERT_MAX_PEM_SIZE (1024 * 1024)

G_DEFINE_QUARK (gst-secure-rtc-dtls-error-quark, gst_secure_rtc_dtls_error);

struct _GstSecureRtcDtlsCertificate
{
  gint refcount;
  X509 *x509;
  EVP_PKEY *pkey;
};

static const struct
{
  GstSecureRtcFingerprintHash hash;
  const gchar *name;
  gsize len;
} hashes[] = {
  {GST_SECURE_RTC_FINGERPRINT_HASH_SHA256, "sha-256", 32},
  {GST_SECURE_RTC_FINGERPRINT_HASH_SHA384, "sha-384", 48},
  {GST_SECURE_RTC_FINGERPRINT_HASH_SHA512, "sha-512", 64},
};

const gchar *
gst_secure_rtc_fingerprint_hash_get_name (GstSecureRtcFingerprintHash hash)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (hashes); i++)
    if (hashes[i].hash == hash)
      return hashes[i].name;
  return "unknown";
}

gsize
gst_secure_rtc_fingerprint_hash_get_len (GstSecureRtcFingerprintHash hash)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (hashes); i++)
    if (hashes[i].hash == hash)
      return hashes[i].len;
  return 0;
}

static const EVP_MD *
hash_md (GstSecureRtcFingerprintHash hash)
{
  switch (hash) {
    case GST_SECURE_RTC_FINGERPRINT_HASH_SHA256:
      return EVP_sha256 ();
    case GST_SECURE_RTC_FINGERPRINT_HASH_SHA384:
      return EVP_sha384 ();
    case GST_SECURE_RTC_FINGERPRINT_HASH_SHA512:
      return EVP_sha512 ();
  }
  return NULL;
}

/**
 * gst_secure_rtc_fingerprint_parse:
 * @str: an RFC 8122 fingerprint, "sha-256 AB:CD:..." (hash name case
 *   insensitive, hex digits of either case, one or more spaces)
 * @fingerprint: (out): the result
 * @error: a #GError
 *
 * Returns: %TRUE on success; %FALSE with an error naming what is wrong
 * (unknown or unsupported hash, bad digit, wrong number of bytes).
 */
gboolean
gst_secure_rtc_fingerprint_parse (const gchar * str,
    GstSecureRtcFingerprint * fingerprint, GError ** error)
{
  const gchar *p, *sp;
  gsize name_len, expected = 0, n = 0;
  GstSecureRtcFingerprint fp = { 0, };
  gboolean found = FALSE;
  guint i;

  g_return_val_if_fail (fingerprint != NULL, FALSE);

  if (str == NULL)
    str = "";
  while (g_ascii_isspace (*str))
    str++;
  sp = str;
  while (*sp && !g_ascii_isspace (*sp))
    sp++;
  name_len = sp - str;
  for (i = 0; i < G_N_ELEMENTS (hashes); i++) {
    if (name_len == strlen (hashes[i].name) &&
        g_ascii_strncasecmp (str, hashes[i].name, name_len) == 0) {
      fp.hash = hashes[i].hash;
      expected = hashes[i].len;
      found = TRUE;
    }
  }
  if (!found) {
    gchar *name = g_strndup (str, MIN (name_len, 32));
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
        _("Unsupported fingerprint hash function \"%s\": expected "
            "\"sha-256\", \"sha-384\" or \"sha-512\" followed by the hex "
            "bytes, e.g. \"sha-256 AB:CD:...\"."), name);
    g_free (name);
    return FALSE;
  }

  p = sp;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0') {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
        _("The %s fingerprint has no hex bytes after the hash name."),
        gst_secure_rtc_fingerprint_hash_get_name (fp.hash));
    return FALSE;
  }
  /* RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX). We also accept lower case. */
  while (*p) {
    gint hi = g_ascii_xdigit_value (p[0]);
    gint lo = hi >= 0 ? g_ascii_xdigit_value (p[1]) : -1;

    if (hi < 0 || lo < 0) {
      g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
          GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
          _("Invalid character in the fingerprint at position %u: expected "
              "two hexadecimal digits per byte separated by ':'."),
          (guint) (p - str) + 1);
      return FALSE;
    }
    if (n < expected)
      fp.digest[n] = (guint8) ((hi << 4) | lo);
    n++;
    p += 2;
    if (*p == ':') {
      p++;
      if (*p == '\0') {
        g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
            _("The fingerprint ends with ':'."));
        return FALSE;
      }
    } else if (*p != '\0') {
      while (g_ascii_isspace (*p))
        p++;
      if (*p != '\0') {
        g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
            GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
            _("Invalid character in the fingerprint at position %u: expected "
                "two hexadecimal digits per byte separated by ':'."),
            (guint) (p - str) + 1);
        return FALSE;
      }
    }
  }
  if (n != expected) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
        _("A %s fingerprint has %u bytes, but %u were given."),
        gst_secure_rtc_fingerprint_hash_get_name (fp.hash), (guint) expected,
        (guint) n);
    return FALSE;
  }
  fp.len = n;
  *fingerprint = fp;
  return TRUE;
}

/**
 * gst_secure_rtc_fingerprint_to_string:
 *
 * Returns: (transfer full): "sha-256 AB:CD:..." (RFC 8122 upper-case hex).
 */
gchar *
gst_secure_rtc_fingerprint_to_string (const GstSecureRtcFingerprint * fp)
{
  GString *s;
  gsize i;

  g_return_val_if_fail (fp != NULL, NULL);
  s = g_string_new (gst_secure_rtc_fingerprint_hash_get_name (fp->hash));
  g_string_append_c (s, ' ');
  for (i = 0; i < fp->len; i++)
    g_string_append_printf (s, i ? ":%02X" : "%02X", fp->digest[i]);
  return g_string_free (s, FALSE);
}

gboolean
gst_secure_rtc_fingerprint_from_der (GstSecureRtcFingerprintHash hash,
    const guint8 * der, gsize len, GstSecureRtcFingerprint * fp)
{
  const EVP_MD *md = hash_md (hash);
  unsigned int mdlen = 0;

  g_return_val_if_fail (fp != NULL, FALSE);
  memset (fp, 0, sizeof (*fp));
  if (md == NULL || der == NULL)
    return FALSE;
  if (!EVP_Digest (der, len, fp->digest, &mdlen, md, NULL))
    return FALSE;
  fp->hash = hash;
  fp->len = mdlen;
  return TRUE;
}

/**
 * gst_secure_rtc_fingerprint_equal:
 *
 * Constant-time comparison of the digests (the hash must match too).
 */
gboolean
gst_secure_rtc_fingerprint_equal (const GstSecureRtcFingerprint * a,
    const GstSecureRtcFingerprint * b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  if (a->hash != b->hash || a->len != b->len || a->len == 0)
    return FALSE;
  return CRYPTO_memcmp (a->digest, b->digest, a->len) == 0;
}

static gchar *
openssl_error_string (void)
{
  unsigned long e = ERR_get_error ();
  gchar buf[256];

  if (e == 0)
    return g_strdup ("no OpenSSL error");
  ERR_error_string_n (e, buf, sizeof (buf));
  ERR_clear_error ();
  return g_strdup (buf);
}

static GstSecureRtcDtlsCertificate *
certificate_new_take (X509 * x509, EVP_PKEY * pkey)
{
  GstSecureRtcDtlsCertificate *cert = g_new0 (GstSecureRtcDtlsCertificate, 1);

  cert->refcount = 1;
  cert->x509 = x509;
  cert->pkey = pkey;
  return cert;
}

/**
 * gst_secure_rtc_dtls_certificate_generate:
 *
 * Makes a fresh ECDSA P-256 key and a self-signed certificate for it.
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL on an
 * OpenSSL failure.
 */
GstSecureRtcDtlsCertificate *
gst_secure_rtc_dtls_certificate_generate (GError ** error)
{
  EVP_PKEY *pkey = NULL;
  X509 *x509 = NULL;
  X509_NAME *name = NULL;
  BIGNUM *bn = NULL;
  guint8 serial[16];
  gchar *err;

  pkey = EVP_EC_gen ("P-256");
  if (pkey == NULL)
    goto fail;
  x509 = X509_new ();
  if (x509 == NULL || !X509_set_version (x509, 2))
    goto fail;

  /* 127 random bits: positive and never zero in practice. */
  if (RAND_bytes (serial, sizeof (serial)) != 1)
    goto fail;
  serial[0] &= 0x7f;
  serial[0] |= 0x40;
  bn = BN_bin2bn (serial, sizeof (serial), NULL);
  if (bn == NULL || BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (x509)) == NULL)
    goto fail;

  if (!X509_gmtime_adj (X509_getm_notBefore (x509), -CERT_BACKDATE_SECONDS) ||
      !X509_gmtime_adj (X509_getm_notAfter (x509), CERT_VALIDITY_SECONDS))
    goto fail;

  name = X509_NAME_new ();
  if (name == NULL || !X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
          (const unsigned char *) "gst-securertc", -1, -1, 0))
    goto fail;
  if (!X509_set_subject_name (x509, name) || !X509_set_issuer_name (x509, name)
      || !X509_set_pubkey (x509, pkey))
    goto fail;
  if (X509_sign (x509, pkey, EVP_sha256 ()) <= 0)
    goto fail;

  X509_NAME_free (name);
  BN_free (bn);
  return certificate_new_take (x509, pkey);

fail:
  err = openssl_error_string ();
  g_set_error (error, GST_SECURE_RTC_DTLS_ERROR, GST_SECURE_RTC_DTLS_ERROR_CRYPTO,
      _("Could not generate a DTLS certificate: %s"), err);
  g_free (err);
  X509_NAME_free (name);
  BN_free (bn);
  X509_free (x509);
  EVP_PKEY_free (pkey);
  return NULL;
}

static gboolean
key_is_acceptable (EVP_PKEY * pkey, gchar ** why)
{
  if (EVP_PKEY_is_a (pkey, "EC")) {
    gchar group[64] = { 0, };
    size_t glen = 0;

    if (!EVP_PKEY_get_utf8_string_param (pkey, "group", group, sizeof (group),
            &glen) || (strcmp (group, "prime256v1") != 0 &&
            strcmp (group, "secp384r1") != 0)) {
      *why = g_strdup_printf ("EC curve \"%s\" (use P-256 or P-384)", group);
      return FALSE;
    }
    return TRUE;
  }
  if (EVP_PKEY_is_a (pkey, "RSA")) {
    if (EVP_PKEY_get_bits (pkey) < 2048) {
      *why = g_strdup_printf ("RSA key of %d bits (at least 2048 needed)",
          EVP_PKEY_get_bits (pkey));
      return FALSE;
    }
    return TRUE;
  }
  *why = g_strdup_printf ("key type %s (use ECDSA P-256 or RSA)",
      EVP_PKEY_get0_type_name (pkey) ? EVP_PKEY_get0_type_name (pkey) : "?");
  return FALSE;
}

/* Never prompt for a pass phrase (encrypted keys are refused with an error). */
static int
no_password_cb (char *buf, int size, int rwflag, void *u)
{
  return -1;
}

/**
 * gst_secure_rtc_dtls_certificate_new_from_pem:
 * @pem: a PEM certificate followed or preceded by its unencrypted private key
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL with an
 * error saying what is missing or wrong. The error never contains key bytes.
 */
GstSecureRtcDtlsCertificate *
gst_secure_rtc_dtls_certificate_new_from_pem (const gchar * pem, GError ** error)
{
  BIO *bio;
  X509 *x509 = NULL;
  EVP_PKEY *pkey = NULL;
  gchar *why = NULL;
  gsize len;

  if (pem == NULL || *pem == '\0') {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE, _("The PEM text is empty."));
    return NULL;
  }
  len = strlen (pem);
  if (len > CERT_MAX_PEM_SIZE) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("The PEM text is too large (%u bytes, at most %u)."), (guint) len,
        (guint) CERT_MAX_PEM_SIZE);
    return NULL;
  }

  bio = BIO_new_mem_buf (pem, (int) len);
  x509 = PEM_read_bio_X509 (bio, NULL, no_password_cb, NULL);
  BIO_free (bio);
  ERR_clear_error ();
  if (x509 == NULL) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("No valid certificate found in the PEM text: expected a "
            "\"-----BEGIN CERTIFICATE-----\" block."));
    return NULL;
  }

  bio = BIO_new_mem_buf (pem, (int) len);
  pkey = PEM_read_bio_PrivateKey (bio, NULL, no_password_cb, NULL);
  BIO_free (bio);
  ERR_clear_error ();
  if (pkey == NULL) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("No usable private key found in the PEM text: expected an "
            "unencrypted \"-----BEGIN PRIVATE KEY-----\" (or EC/RSA PRIVATE "
            "KEY) block next to the certificate."));
    X509_free (x509);
    return NULL;
  }
  if (!X509_check_private_key (x509, pkey)) {
    ERR_clear_error ();
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("The private key in the PEM text does not belong to its "
            "certificate."));
    goto fail;
  }
  if (!key_is_acceptable (pkey, &why)) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("The certificate key is not acceptable: %s."), why);
    g_free (why);
    goto fail;
  }
  return certificate_new_take (x509, pkey);

fail:
  X509_free (x509);
  EVP_PKEY_free (pkey);
  return NULL;
}

/**
 * gst_secure_rtc_dtls_certificate_new_from_file:
 * @filename: a PEM file holding the certificate and its private key
 *
 * Returns: (transfer full) (nullable): the certificate or %NULL with an error
 * naming the file.
 */
GstSecureRtcDtlsCertificate *
gst_secure_rtc_dtls_certificate_new_from_file (const gchar * filename,
    GError ** error)
{
  GstSecureRtcDtlsCertificate *cert;
  GError *err = NULL;
  gchar *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (filename, &contents, &len, &err)) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("Could not read the certificate file \"%s\": %s"), filename,
        err->message);
    g_clear_error (&err);
    return NULL;
  }
  if (memchr (contents, '\0', len) != NULL) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
        _("The certificate file \"%s\" is not a PEM text file."), filename);
    gst_secure_rtc_wipe_free (contents, len);
    return NULL;
  }
  cert = gst_secure_rtc_dtls_certificate_new_from_pem (contents, &err);
  gst_secure_rtc_wipe_free (contents, len);
  if (cert == NULL) {
    g_set_error (error, GST_SECURE_RTC_DTLS_ERROR,
        GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE, "%s (%s)", err->message,
        filename);
    g_clear_error (&err);
  }
  return cert;
}

GstSecureRtcDtlsCertificate *
gst_secure_rtc_dtls_certificate_ref (GstSecureRtcDtlsCertificate * cert)
{
  g_return_val_if_fail (cert != NULL, NULL);
  g_atomic_int_inc (&cert->refcount);
  return cert;
}

void
gst_secure_rtc_dtls_certificate_unref (GstSecureRtcDtlsCertificate * cert)
{
  g_return_if_fail (cert != NULL);
  if (g_atomic_int_dec_and_test (&cert->refcount)) {
    /* EVP_PKEY_free cleanses the private key material. */
    EVP_PKEY_free (cert->pkey);
    X509_free (cert->x509);
    g_free (cert);
  }
}

void
gst_secure_rtc_dtls_certificate_get_fingerprint (GstSecureRtcDtlsCertificate *
    cert, GstSecureRtcFingerprintHash hash, GstSecureRtcFingerprint * fp)
{
  unsigned char *der = NULL;
  int len;

  g_return_if_fail (cert != NULL && fp != NULL);
  memset (fp, 0, sizeof (*fp));
  len = i2d_X509 (cert->x509, &der);
  if (len > 0)
    gst_secure_rtc_fingerprint_from_der (hash, der, len, fp);
  OPENSSL_free (der);
}

/**
 * gst_secure_rtc_dtls_certificate_get_fingerprint_string:
 *
 * Returns: (transfer full): e.g. "sha-256 AB:CD:...".
 */
gchar *
gst_secure_rtc_dtls_certificate_get_fingerprint_string
    (GstSecureRtcDtlsCertificate * cert, GstSecureRtcFingerprintHash hash)
{
  GstSecureRtcFingerprint fp;

  gst_secure_rtc_dtls_certificate_get_fingerprint (cert, hash, &fp);
  return gst_secure_rtc_fingerprint_to_string (&fp);
}

gpointer
gst_secure_rtc_dtls_certificate_peek_x509 (GstSecureRtcDtlsCertificate * cert)
{
  return cert->x509;
}

gpointer
gst_secure_rtc_dtls_certificate_peek_pkey (GstSecureRtcDtlsCertificate * cert)
{
  return cert->pkey;
}
