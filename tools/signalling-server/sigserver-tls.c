/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * TLS material for the signalling server: PEM files given by the user, or a
 * self-signed ECDSA P-256 certificate made with OpenSSL for local use.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "sigserver-tls.h"

#define CERT_VALIDITY_DAYS 365

GTlsCertificate *
sig_tls_load (const gchar * cert_file, const gchar * key_file, GError ** error)
{
  GTlsCertificate *cert;
  GError *err = NULL;

  cert = g_tls_certificate_new_from_files (cert_file, key_file, &err);
  if (cert == NULL) {
    g_set_error (error, err->domain, err->code,
        "cannot load the TLS certificate '%s' / key '%s': %s", cert_file,
        key_file, err->message);
    g_error_free (err);
  }
  return cert;
}

static void
set_openssl_error (GError ** error, const gchar * what)
{
  gchar buf[256] = "";
  unsigned long e = ERR_get_error ();

  if (e)
    ERR_error_string_n (e, buf, sizeof (buf));
  ERR_clear_error ();
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
      "cannot make a self-signed certificate: %s failed (%s)", what, buf);
}

static gboolean
add_ext (X509 * x, int nid, const char *value)
{
  X509V3_CTX ctx;
  X509_EXTENSION *ext;
  gboolean ok;

  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, x, x, NULL, NULL, 0);
  ext = X509V3_EXT_conf_nid (NULL, &ctx, nid, value);
  if (ext == NULL)
    return FALSE;
  ok = X509_add_ext (x, ext, -1) == 1;
  X509_EXTENSION_free (ext);
  return ok;
}

static gboolean
write_pem (const gchar * path, gboolean private_key, EVP_PKEY * pkey, X509 * x,
    GError ** error)
{
  /* The key is created 0600 and never exists with wider permissions. */
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
      private_key ? 0600 : 0644);
  FILE *f;
  int ok;

  if (fd < 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
        "cannot write '%s': %s", path, g_strerror (errno));
    return FALSE;
  }
  f = fdopen (fd, "w");
  if (f == NULL) {
    close (fd);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write '%s'", path);
    return FALSE;
  }
  if (private_key)
    ok = PEM_write_PrivateKey (f, pkey, NULL, NULL, 0, NULL, NULL);
  else
    ok = PEM_write_X509 (f, x);
  if (fclose (f) != 0)
    ok = 0;
  if (!ok) {
    set_openssl_error (error, "writing PEM");
    return FALSE;
  }
  return TRUE;
}

static gboolean
generate (const gchar * cert_file, const gchar * key_file, GError ** error)
{
  EVP_PKEY *pkey = NULL;
  X509 *x = NULL;
  X509_NAME *name;
  guint8 serial[16];
  BIGNUM *bn = NULL;
  gboolean ok = FALSE;

  pkey = EVP_EC_gen ("P-256");
  if (pkey == NULL) {
    set_openssl_error (error, "EC key generation");
    goto out;
  }
  x = X509_new ();
  if (x == NULL || !X509_set_version (x, 2)) {
    set_openssl_error (error, "X509_new");
    goto out;
  }
  if (RAND_bytes (serial, sizeof (serial)) != 1) {
    set_openssl_error (error, "RAND_bytes");
    goto out;
  }
  serial[0] &= 0x7f;
  bn = BN_bin2bn (serial, sizeof (serial), NULL);
  if (bn == NULL || !BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (x))) {
    set_openssl_error (error, "serial number");
    goto out;
  }
  X509_gmtime_adj (X509_getm_notBefore (x), -3600);
  X509_gmtime_adj (X509_getm_notAfter (x), (long) 60 * 60 * 24 * CERT_VALIDITY_DAYS);
  name = X509_get_subject_name (x);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC,
      (const unsigned char *) "gst-securertc-signalling-server", -1, -1, 0);
  X509_set_issuer_name (x, name);
  if (!X509_set_pubkey (x, pkey)
      || !add_ext (x, NID_subject_alt_name,
          "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1")
      || !add_ext (x, NID_key_usage, "critical,digitalSignature")
      || !add_ext (x, NID_ext_key_usage, "serverAuth")) {
    set_openssl_error (error, "certificate fields");
    goto out;
  }
  if (!X509_sign (x, pkey, EVP_sha256 ())) {
    set_openssl_error (error, "signing");
    goto out;
  }
  ok = write_pem (key_file, TRUE, pkey, NULL, error)
      && write_pem (cert_file, FALSE, NULL, x, error);

out:
  BN_free (bn);
  X509_free (x);
  EVP_PKEY_free (pkey);
  return ok;
}

gboolean
sig_tls_ensure_self_signed (const gchar * dir, gchar ** cert_file,
    gchar ** key_file, GError ** error)
{
  g_autofree gchar *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree gchar *key = g_build_filename (dir, "key.pem", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0) {
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
        "cannot create '%s': %s", dir, g_strerror (errno));
    return FALSE;
  }
  if (!g_file_test (cert, G_FILE_TEST_IS_REGULAR)
      || !g_file_test (key, G_FILE_TEST_IS_REGULAR)) {
    if (!generate (cert, key, error))
      return FALSE;
    g_message ("generated a self-signed ECDSA P-256 certificate in %s", dir);
  }
  *cert_file = g_steal_pointer (&cert);
  *key_file = g_steal_pointer (&key);
  return TRUE;
}

static GByteArray *
cert_der (GTlsCertificate * cert)
{
  GByteArray *der = NULL;

  g_object_get (cert, "certificate", &der, NULL);
  return der;
}

gchar *
sig_tls_fingerprint (GTlsCertificate * cert)
{
  g_autoptr (GByteArray) der = cert_der (cert);
  guint8 md[32];
  gsize md_len = sizeof (md);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  GString *s = g_string_new ("sha-256 ");
  gsize i;

  g_checksum_update (sum, der->data, der->len);
  g_checksum_get_digest (sum, md, &md_len);
  for (i = 0; i < md_len; i++)
    g_string_append_printf (s, i ? ":%02X" : "%02X", md[i]);
  return g_string_free (s, FALSE);
}

gchar *
sig_tls_spki_sha256 (GTlsCertificate * cert)
{
  g_autoptr (GByteArray) der = cert_der (cert);
  const unsigned char *p = der->data;
  X509 *x = d2i_X509 (NULL, &p, der->len);
  unsigned char *spki = NULL;
  int len;
  guint8 md[32];
  gsize md_len = sizeof (md);
  g_autoptr (GChecksum) sum = NULL;

  if (x == NULL)
    return NULL;
  len = i2d_PUBKEY (X509_get0_pubkey (x), &spki);
  X509_free (x);
  if (len <= 0)
    return NULL;
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, spki, len);
  OPENSSL_free (spki);
  g_checksum_get_digest (sum, md, &md_len);
  return g_base64_encode (md, md_len);
}
