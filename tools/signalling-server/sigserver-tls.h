/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __SIGSERVER_TLS_H__
#define __SIGSERVER_TLS_H__

#include <gio/gio.h>

G_BEGIN_DECLS

/* Loads a PEM certificate (chain) and its private key. */
GTlsCertificate *sig_tls_load (const gchar * cert_file, const gchar * key_file,
    GError ** error);

/* Makes sure DIR/cert.pem and DIR/key.pem exist: an ECDSA P-256 self-signed
 * certificate for localhost, 127.0.0.1 and ::1 is generated (key file mode
 * 0600) unless both are already there. Returns the two paths. */
gboolean sig_tls_ensure_self_signed (const gchar * dir, gchar ** cert_file,
    gchar ** key_file, GError ** error);

/* "sha-256 AB:CD:..." of the certificate's DER (RFC 8122 style). */
gchar *sig_tls_fingerprint (GTlsCertificate * cert);

/* base64 (SHA-256 (SubjectPublicKeyInfo)) of the leaf: what Chromium's
 * --ignore-certificate-errors-spki-list wants. */
gchar *sig_tls_spki_sha256 (GTlsCertificate * cert);

G_END_DECLS

#endif /* __SIGSERVER_TLS_H__ */
