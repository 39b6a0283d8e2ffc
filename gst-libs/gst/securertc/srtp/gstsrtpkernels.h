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

G_END_DECLS

#endif /* __GST_SRTP_KERNELS_H__ */
