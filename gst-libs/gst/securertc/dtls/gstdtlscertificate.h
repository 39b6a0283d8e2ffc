/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_DTLS_CERTIFICATE_H__
#define __GST_DTLS_CERTIFICATE_H__

#include <glib.h>

G_BEGIN_DECLS

/**
 * GstSecureRtcFingerprintHash:
 * @GST_SECURE_RTC_FINGERPRINT_HASH_SHA256: "sha-256"
 * @GST_SECURE_RTC_FINGERPRINT_HASH_SHA384: "sha-384"
 * @GST_SECURE_RTC_FINGERPRINT_HASH_SHA512: "sha-512"
 *
 * The hash functions we accept for certificate fingerprints (RFC 8122 §5,
 * without the deprecated md5/sha-1 and the never-used sha-224).
 */
typedef enum {
  GST_SECURE_RTC_FINGERPRINT_HASH_SHA256,
  GST_SECURE_RTC_FINGERPRINT_HASH_SHA384,
  GST_SECURE_RTC_FINGERPRINT_HASH_SHA512,
} GstSecureRtcFingerprintHash;

#define GST_SECURE_RTC_FINGERPRINT_MAX_LEN 64

/**
 * GstSecureRtcFingerprint:
 * @hash: the hash function
 * @len: length of @digest in bytes (32, 48 or 64)
 * @digest: the hash of the DER encoding of the certificate
 *
 * A certificate fingerprint (RFC 8122 §5). Plain data, may be copied.
 */
typedef struct {
  GstSecureRtcFingerprintHash hash;
  gsize len;
  guint8 digest[GST_SECURE_RTC_FINGERPRINT_MAX_LEN];
} GstSecureRtcFingerprint;

/**
 * GST_SECURE_RTC_DTLS_ERROR:
 *
 * Error domain of the DTLS engine, certificates and fingerprints.
 */
#define GST_SECURE_RTC_DTLS_ERROR (gst_secure_rtc_dtls_error_quark ())
GQuark gst_secure_rtc_dtls_error_quark (void);

/**
 * GstSecureRtcDtlsError:
 * @GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT: a fingerprint string is malformed
 * @GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE: a certificate or key is malformed or unusable
 * @GST_SECURE_RTC_DTLS_ERROR_CONFIG: an invalid engine setting
 * @GST_SECURE_RTC_DTLS_ERROR_HANDSHAKE: the handshake failed (local error or refused parameters)
 * @GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH: the peer certificate does not
 *   match the expected fingerprint
 * @GST_SECURE_RTC_DTLS_ERROR_NO_SRTP_PROFILE: the peer did not agree on an SRTP profile
 * @GST_SECURE_RTC_DTLS_ERROR_PEER_ALERT: the peer sent a fatal alert
 * @GST_SECURE_RTC_DTLS_ERROR_TIMEOUT: the peer stopped answering during the handshake
 * @GST_SECURE_RTC_DTLS_ERROR_CRYPTO: OpenSSL failed
 */
typedef enum {
  GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT,
  GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE,
  GST_SECURE_RTC_DTLS_ERROR_CONFIG,
  GST_SECURE_RTC_DTLS_ERROR_HANDSHAKE,
  GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH,
  GST_SECURE_RTC_DTLS_ERROR_NO_SRTP_PROFILE,
  GST_SECURE_RTC_DTLS_ERROR_PEER_ALERT,
  GST_SECURE_RTC_DTLS_ERROR_TIMEOUT,
  GST_SECURE_RTC_DTLS_ERROR_CRYPTO,
} GstSecureRtcDtlsError;

const gchar * gst_secure_rtc_fingerprint_hash_get_name (GstSecureRtcFingerprintHash hash);
gsize         gst_secure_rtc_fingerprint_hash_get_len (GstSecureRtcFingerprintHash hash);

gboolean gst_secure_rtc_fingerprint_parse (const gchar * str,
                                           GstSecureRtcFingerprint * fingerprint,
                                           GError ** error);
gchar *  gst_secure_rtc_fingerprint_to_string (const GstSecureRtcFingerprint * fingerprint);
gboolean gst_secure_rtc_fingerprint_from_der (GstSecureRtcFingerprintHash hash,
                                              const guint8 * der, gsize len,
                                              GstSecureRtcFingerprint * fingerprint);
gboolean gst_secure_rtc_fingerprint_equal (const GstSecureRtcFingerprint * a,
                                           const GstSecureRtcFingerprint * b);

/**
 * GstSecureRtcDtlsCertificate:
 *
 * A certificate and its private key, reference counted. The private key never
 * leaves the object; it is freed (and cleansed by OpenSSL) with the last
 * reference. Nothing is written to disk.
 */
typedef struct _GstSecureRtcDtlsCertificate GstSecureRtcDtlsCertificate;

GstSecureRtcDtlsCertificate * gst_secure_rtc_dtls_certificate_generate (GError ** error);
GstSecureRtcDtlsCertificate * gst_secure_rtc_dtls_certificate_new_from_pem (const gchar * pem,
                                                                            GError ** error);
GstSecureRtcDtlsCertificate * gst_secure_rtc_dtls_certificate_new_from_file (const gchar * filename,
                                                                             GError ** error);
GstSecureRtcDtlsCertificate * gst_secure_rtc_dtls_certificate_ref (GstSecureRtcDtlsCertificate * cert);
void     gst_secure_rtc_dtls_certificate_unref (GstSecureRtcDtlsCertificate * cert);
void     gst_secure_rtc_dtls_certificate_get_fingerprint (GstSecureRtcDtlsCertificate * cert,
                                                          GstSecureRtcFingerprintHash hash,
                                                          GstSecureRtcFingerprint * fingerprint);
gchar *  gst_secure_rtc_dtls_certificate_get_fingerprint_string (GstSecureRtcDtlsCertificate * cert,
                                                                 GstSecureRtcFingerprintHash hash);
/* For the engine: the OpenSSL X509 and EVP_PKEY (borrowed). */
gpointer gst_secure_rtc_dtls_certificate_peek_x509 (GstSecureRtcDtlsCertificate * cert);
gpointer gst_secure_rtc_dtls_certificate_peek_pkey (GstSecureRtcDtlsCertificate * cert);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstSecureRtcDtlsCertificate, gst_secure_rtc_dtls_certificate_unref)

G_END_DECLS

#endif /* __GST_DTLS_CERTIFICATE_H__ */
