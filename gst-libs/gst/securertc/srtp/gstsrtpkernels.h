/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SRTP_KERNELS_H__
#define __GST_SRTP_KERNELS_H__

#include <glib.h>

G_BEGIN_DECLS

/**
 * GstSecureRtcSrtpKernels:
 * @GST_SECURE_RTC_SRTP_KERNELS_LIBSRTP: libsrtp2's own crypto (on Debian: NSS)
 * @GST_SECURE_RTC_SRTP_KERNELS_OPENSSL: OpenSSL EVP kernels registered with
 *   libsrtp2 (AES-NI / CLMUL / SHA extensions where the CPU has them)
 */
typedef enum {
  GST_SECURE_RTC_SRTP_KERNELS_LIBSRTP,
  GST_SECURE_RTC_SRTP_KERNELS_OPENSSL,
} GstSecureRtcSrtpKernels;

/* Registers the OpenSSL kernels with libsrtp2 (srtp_replace_cipher_type /
 * srtp_replace_auth_type). libsrtp2 self-tests each kernel against the
 * RFC 3711 / RFC 6188 / GCM / RFC 2202 vectors given here before accepting it.
 * Returns FALSE (and libsrtp keeps its own kernel) on failure. Call once,
 * after srtp_init(). */
gboolean gst_secure_rtc_srtp_kernels_register_openssl (GError ** error);

/* For the unit tests: the kernel registered for a libsrtp cipher id
 * (SRTP_AES_ICM_128, SRTP_AES_ICM_256, SRTP_AES_GCM_128, SRTP_AES_GCM_256) or
 * for HMAC-SHA1, as `const srtp_cipher_type_t *` / `const srtp_auth_type_t *`,
 * or NULL for an id we do not replace. */
gconstpointer gst_secure_rtc_srtp_kernels_get_cipher_type (gint id);
gconstpointer gst_secure_rtc_srtp_kernels_get_auth_type (void);

G_END_DECLS

#endif /* __GST_SRTP_KERNELS_H__ */
