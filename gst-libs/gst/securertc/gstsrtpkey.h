/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SRTP_KEY_H__
#define __GST_SRTP_KEY_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstSecureRtcSrtpProfile:
 * @GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80: AES-128 counter mode,
 *   HMAC-SHA1 with an 80-bit tag (RFC 3711, RFC 5764 SRTP_AES128_CM_HMAC_SHA1_80)
 * @GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32: the same with a 32-bit
 *   RTP tag (SRTCP keeps 80 bits)
 * @GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM: AES-128-GCM, 16-byte tag (RFC 7714)
 * @GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM: AES-256-GCM, 16-byte tag (RFC 7714)
 *
 * SRTP protection profiles. The values are the DTLS-SRTP protection profile
 * identifiers of the IANA registry (RFC 5764 §4.1.2, RFC 7714 §14.2).
 */
typedef enum {
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80 = 0x0001,
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32 = 0x0002,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM = 0x0007,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM = 0x0008,
} GstSecureRtcSrtpProfile;

/* Upper bounds over every profile, for stack buffers. */
#define GST_SECURE_RTC_SRTP_MAX_KEY_LEN 32
#define GST_SECURE_RTC_SRTP_MAX_SALT_LEN 14
#define GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN (GST_SECURE_RTC_SRTP_MAX_KEY_LEN + GST_SECURE_RTC_SRTP_MAX_SALT_LEN)
/* SRTCP adds the E flag + 31-bit index (4 bytes) before the tag. */
#define GST_SECURE_RTC_SRTP_MAX_OVERHEAD (16 + 4)

gboolean      gst_secure_rtc_srtp_profile_is_valid (GstSecureRtcSrtpProfile profile);
const gchar * gst_secure_rtc_srtp_profile_get_nick (GstSecureRtcSrtpProfile profile);
const gchar * gst_secure_rtc_srtp_profile_get_rfc_name (GstSecureRtcSrtpProfile profile);
gboolean      gst_secure_rtc_srtp_profile_from_string (const gchar * str, GstSecureRtcSrtpProfile * profile);
guint         gst_secure_rtc_srtp_profile_get_key_len (GstSecureRtcSrtpProfile profile);
guint         gst_secure_rtc_srtp_profile_get_salt_len (GstSecureRtcSrtpProfile profile);
guint         gst_secure_rtc_srtp_profile_get_rtp_tag_len (GstSecureRtcSrtpProfile profile);
guint         gst_secure_rtc_srtp_profile_get_rtcp_tag_len (GstSecureRtcSrtpProfile profile);

/**
 * GstSecureRtcSrtpKey:
 *
 * An opaque, reference-counted SRTP master key and master salt for one
 * direction of one connection, with its protection profile. The bytes can
 * only be read by the SRTP engine (gst_secure_rtc_srtp_key_peek_material());
 * printing a structure or event that holds a key shows `(redacted)`. The
 * bytes are wiped when the last reference goes.
 */
typedef struct _GstSecureRtcSrtpKey GstSecureRtcSrtpKey;

#define GST_SECURE_RTC_TYPE_SRTP_KEY (gst_secure_rtc_srtp_key_get_type ())
GType gst_secure_rtc_srtp_key_get_type (void);

GstSecureRtcSrtpKey * gst_secure_rtc_srtp_key_new (GstSecureRtcSrtpProfile profile,
                                                   const guint8 * material,
                                                   gsize len,
                                                   GError ** error);
GstSecureRtcSrtpKey * gst_secure_rtc_srtp_key_new_from_hex (GstSecureRtcSrtpProfile profile,
                                                            const gchar * hex,
                                                            GError ** error);
gboolean              gst_secure_rtc_hex_decode_secret (const gchar * hex,
                                                        guint8 * out,
                                                        gsize out_size,
                                                        gsize * out_len,
                                                        GError ** error);
GstSecureRtcSrtpKey * gst_secure_rtc_srtp_key_ref (GstSecureRtcSrtpKey * key);
void                  gst_secure_rtc_srtp_key_unref (GstSecureRtcSrtpKey * key);

GstSecureRtcSrtpProfile gst_secure_rtc_srtp_key_get_profile (const GstSecureRtcSrtpKey * key);
guint64       gst_secure_rtc_srtp_key_get_serial (const GstSecureRtcSrtpKey * key);
const guint8 *gst_secure_rtc_srtp_key_peek_material (const GstSecureRtcSrtpKey * key, gsize * len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GstSecureRtcSrtpKey, gst_secure_rtc_srtp_key_unref)

/**
 * GST_SECURE_RTC_SRTP_KEY_EVENT:
 *
 * Name of the structure of the key event: a custom event (sticky downstream,
 * towards srtpdecrypt; plain upstream, towards srtpencrypt) with one field,
 * `key`, of type #GstSecureRtcSrtpKey. srtpencrypt and srtpdecrypt consume it;
 * they never forward it.
 */
#define GST_SECURE_RTC_SRTP_KEY_EVENT "GstSecureRtcSrtpKey"

GstEvent *    gst_secure_rtc_srtp_key_event_new_downstream (GstSecureRtcSrtpKey * key);
GstEvent *    gst_secure_rtc_srtp_key_event_new_upstream (GstSecureRtcSrtpKey * key);
gboolean      gst_secure_rtc_srtp_key_event_parse (GstEvent * event, GstSecureRtcSrtpKey ** key);

/**
 * GST_SECURE_RTC_ERROR:
 *
 * Error domain of the internal library.
 */
#define GST_SECURE_RTC_ERROR (gst_secure_rtc_error_quark ())
GQuark gst_secure_rtc_error_quark (void);

/**
 * GstSecureRtcError:
 * @GST_SECURE_RTC_ERROR_KEY_LENGTH: a key has the wrong length for its profile
 * @GST_SECURE_RTC_ERROR_KEY_FORMAT: a key is not valid hexadecimal
 * @GST_SECURE_RTC_ERROR_PROFILE: an unknown or unsupported profile
 * @GST_SECURE_RTC_ERROR_CRYPTO: the crypto library failed
 */
typedef enum {
  GST_SECURE_RTC_ERROR_KEY_LENGTH,
  GST_SECURE_RTC_ERROR_KEY_FORMAT,
  GST_SECURE_RTC_ERROR_PROFILE,
  GST_SECURE_RTC_ERROR_CRYPTO,
} GstSecureRtcError;

G_END_DECLS

#endif /* __GST_SRTP_KEY_H__ */
