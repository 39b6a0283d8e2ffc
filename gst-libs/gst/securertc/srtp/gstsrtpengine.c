/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <srtp2/srtp.h>

#include "gstsrtpengine.h"
#include "../gstpacketclass.h"
#include "../gstsecurewipe.h"

GST_DEBUG_CATEGORY_STATIC (srtp_engine_debug);
#define GST_CAT_DEFAULT srtp_engine_debug

struct _GstSecureRtcSrtpEngine
{
  GstSecureRtcSrtpEngineMode mode;
  srtp_t session;
  GstSecureRtcSrtpProfile profile;
  guint rtp_tag_len;
  guint rtcp_tag_len;
  GstSecureRtcSrtpCounters counters;
};

static GstSecureRtcSrtpKernels active_kernels = GST_SECURE_RTC_SRTP_KERNELS_LIBSRTP;

/* libsrtp's own log lines carry no key material at warning/error level; its
 * debug modules (which can print keys) are never enabled by us. */
static void
srtp_log_cb (srtp_log_level_t level, const char *msg, void *data)
{
  if (level == srtp_log_level_error)
    GST_ERROR ("libsrtp: %s", msg);
  else if (level == srtp_log_level_warning)
    GST_WARNING ("libsrtp: %s", msg);
}

/**
 * gst_secure_rtc_srtp_global_init:
 *
 * Initialises libsrtp2 once per process and installs the OpenSSL kernels
 * (see gstsrtpkernels.c), unless the environment variable
 * GST_SECURERTC_SRTP_KERNELS is set to "libsrtp" (for comparison and
 * diagnosis). Thread-safe and idempotent.
 */
void
gst_secure_rtc_srtp_global_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    const gchar *choice = g_getenv ("GST_SECURERTC_SRTP_KERNELS");
    srtp_err_status_t status;

    GST_DEBUG_CATEGORY_INIT (srtp_engine_debug, "securertc-srtp", 0,
        "gst-securertc SRTP engine");

    status = srtp_init ();
    if (status != srtp_err_status_ok)
      GST_ERROR ("srtp_init failed: %d", status);
    srtp_install_log_handler (srtp_log_cb, NULL);

    if (g_strcmp0 (choice, "libsrtp") == 0) {
      GST_INFO ("using libsrtp2's own crypto kernels (%s)", "by request");
    } else {
      GError *err = NULL;

      if (gst_secure_rtc_srtp_kernels_register_openssl (&err)) {
        active_kernels = GST_SECURE_RTC_SRTP_KERNELS_OPENSSL;
        GST_INFO ("using OpenSSL crypto kernels in %s",
            srtp_get_version_string ());
      } else {
        GST_WARNING ("keeping libsrtp2's own crypto kernels: %s",
            err->message);
        g_clear_error (&err);
      }
    }
    g_once_init_leave (&done, 1);
  }
}

/**
 * gst_secure_rtc_srtp_get_kernels:
 *
 * Returns: which crypto kernels libsrtp2 runs on in this process.
 */
GstSecureRtcSrtpKernels
gst_secure_rtc_srtp_get_kernels (void)
{
  gst_secure_rtc_srtp_global_init ();
  return active_kernels;
}

const gchar *
gst_secure_rtc_srtp_kernels_get_name (GstSecureRtcSrtpKernels kernels)
{
  return kernels == GST_SECURE_RTC_SRTP_KERNELS_OPENSSL ? "openssl" : "libsrtp";
}

const gchar *
gst_secure_rtc_srtp_result_get_name (GstSecureRtcSrtpResult result)
{
  switch (result) {
    case GST_SECURE_RTC_SRTP_RESULT_OK:
      return "ok";
    case GST_SECURE_RTC_SRTP_RESULT_NO_KEY:
      return "no-key";
    case GST_SECURE_RTC_SRTP_RESULT_INVALID:
      return "invalid";
    case GST_SECURE_RTC_SRTP_RESULT_TRUNCATED:
      return "truncated";
    case GST_SECURE_RTC_SRTP_RESULT_AUTH:
      return "auth";
    case GST_SECURE_RTC_SRTP_RESULT_REPLAY:
      return "replay";
    case GST_SECURE_RTC_SRTP_RESULT_ERROR:
      break;
  }
  return "error";
}

GstSecureRtcSrtpEngine *
gst_secure_rtc_srtp_engine_new (GstSecureRtcSrtpEngineMode mode)
{
  GstSecureRtcSrtpEngine *engine;

  gst_secure_rtc_srtp_global_init ();
  engine = g_new0 (GstSecureRtcSrtpEngine, 1);
  engine->mode = mode;
  return engine;
}

static void
engine_clear_session (GstSecureRtcSrtpEngine * engine)
{
  if (engine->session) {
    /* srtp_dealloc zeroes the derived session keys. */
    srtp_dealloc (engine->session);
    engine->session = NULL;
  }
}

void
gst_secure_rtc_srtp_engine_free (GstSecureRtcSrtpEngine * engine)
{
  if (engine == NULL)
    return;
  engine_clear_session (engine);
  gst_secure_rtc_wipe_free (engine, sizeof (*engine));
}

static void
policy_set_profile (srtp_policy_t * policy, GstSecureRtcSrtpProfile profile)
{
  switch (profile) {
    case GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy->rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy->rtcp);
      break;
    case GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32:
      /* RFC 5764 §4.1.2: SRTCP keeps the 80-bit tag. */
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32 (&policy->rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy->rtcp);
      break;
    case GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM:
      srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy->rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy->rtcp);
      break;
    case GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM:
      srtp_crypto_policy_set_aes_gcm_256_16_auth (&policy->rtp);
      srtp_crypto_policy_set_aes_gcm_256_16_auth (&policy->rtcp);
      break;
  }
}

/**
 * gst_secure_rtc_srtp_engine_set_key:
 * @key: (nullable): the new key, or %NULL to forget the current one
 * @replay_window: replay window in packets (64..32767)
 *
 * Installs a new master key (re-keying discards the old context and its
 * derived keys). The engine does not keep a reference to @key.
 *
 * Returns: %FALSE with @error set if libsrtp refused the key or window; the
 * engine then has no key (it never falls back to an older one).
 */
gboolean
gst_secure_rtc_srtp_engine_set_key (GstSecureRtcSrtpEngine * engine,
    GstSecureRtcSrtpKey * key, guint replay_window, GError ** error)
{
  srtp_policy_t policy;
  srtp_err_status_t status;
  GstSecureRtcSrtpProfile profile;
  gsize len;

  g_return_val_if_fail (engine != NULL, FALSE);

  engine_clear_session (engine);
  if (key == NULL)
    return TRUE;

  if (replay_window < GST_SECURE_RTC_SRTP_MIN_REPLAY_WINDOW ||
      replay_window > GST_SECURE_RTC_SRTP_MAX_REPLAY_WINDOW) {
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_CRYPTO,
        _("The replay window must be between %u and %u packets, not %u."),
        GST_SECURE_RTC_SRTP_MIN_REPLAY_WINDOW,
        GST_SECURE_RTC_SRTP_MAX_REPLAY_WINDOW, replay_window);
    return FALSE;
  }

  profile = gst_secure_rtc_srtp_key_get_profile (key);
  memset (&policy, 0, sizeof (policy));
  policy_set_profile (&policy, profile);
  policy.ssrc.type = engine->mode == GST_SECURE_RTC_SRTP_ENGINE_PROTECT ?
      ssrc_any_outbound : ssrc_any_inbound;
  policy.key = (unsigned char *) gst_secure_rtc_srtp_key_peek_material (key,
      &len);
  policy.window_size = replay_window;
  /* Sending the same sequence number twice would reuse the keystream. */
  policy.allow_repeat_tx = 0;
  policy.next = NULL;

  status = srtp_create (&engine->session, &policy);
  memset (&policy, 0, sizeof (policy));
  if (status != srtp_err_status_ok) {
    engine->session = NULL;
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_CRYPTO,
        _("Could not create the SRTP context for profile %s (libsrtp error %d)."),
        gst_secure_rtc_srtp_profile_get_nick (profile), status);
    return FALSE;
  }

  engine->profile = profile;
  engine->rtp_tag_len = gst_secure_rtc_srtp_profile_get_rtp_tag_len (profile);
  engine->rtcp_tag_len = gst_secure_rtc_srtp_profile_get_rtcp_tag_len (profile);
  GST_DEBUG ("%s context with key #%" G_GUINT64_FORMAT " (%s, %u-byte tag, "
      "window %u)", engine->mode == GST_SECURE_RTC_SRTP_ENGINE_PROTECT ?
      "protect" : "unprotect", gst_secure_rtc_srtp_key_get_serial (key),
      gst_secure_rtc_srtp_profile_get_nick (profile), engine->rtp_tag_len,
      replay_window);
  return TRUE;
}

gboolean
gst_secure_rtc_srtp_engine_has_key (const GstSecureRtcSrtpEngine * engine)
{
  return engine->session != NULL;
}

/**
 * gst_secure_rtc_srtp_engine_get_max_overhead:
 *
 * Returns: the most bytes protect() adds to a packet with the current key
 * (SRTCP: 4-byte E flag and index plus tag), or the maximum over all
 * profiles when there is no key.
 */
guint
gst_secure_rtc_srtp_engine_get_max_overhead (const GstSecureRtcSrtpEngine *
    engine)
{
  if (engine->session == NULL)
    return GST_SECURE_RTC_SRTP_MAX_OVERHEAD;
  return MAX (engine->rtp_tag_len, engine->rtcp_tag_len + 4);
}

/* Smallest valid RTP header (RFC 3550 §5.1, §5.3.1), or 0 if the header
 * itself does not fit. */
static gsize
rtp_header_len (const guint8 * data, gsize len)
{
  gsize hlen;

  if (len < 12)
    return 0;
  hlen = 12 + 4 * (data[0] & 0x0f);
  if (data[0] & 0x10) {
    if (len < hlen + 4)
      return 0;
    hlen += 4 + 4 * (gsize) ((data[hlen + 2] << 8) | data[hlen + 3]);
  }
  return len >= hlen ? hlen : 0;
}

/* Common validation; returns OK or the reason to drop. */
static GstSecureRtcSrtpResult
check_packet (const GstSecureRtcSrtpEngine * engine, const guint8 * data,
    gsize len, gboolean protected, gboolean * is_rtcp)
{
  if (len < 2 || (data[0] >> 6) != 2)
    return len < 2 ? GST_SECURE_RTC_SRTP_RESULT_TRUNCATED :
        GST_SECURE_RTC_SRTP_RESULT_INVALID;
  if (len > G_MAXINT / 2)
    return GST_SECURE_RTC_SRTP_RESULT_INVALID;

  *is_rtcp = gst_secure_rtc_packet_is_rtcp (data);
  if (*is_rtcp) {
    /* RTCP header, then for SRTCP the E+index word and the tag. */
    gsize min = 8 + (protected ? 4 + engine->rtcp_tag_len : 0);
    if (len < min)
      return GST_SECURE_RTC_SRTP_RESULT_TRUNCATED;
  } else {
    gsize hlen = rtp_header_len (data, len);
    if (hlen == 0 || len < hlen + (protected ? engine->rtp_tag_len : 0))
      return GST_SECURE_RTC_SRTP_RESULT_TRUNCATED;
  }
  return GST_SECURE_RTC_SRTP_RESULT_OK;
}

static GstSecureRtcSrtpResult
map_status (srtp_err_status_t status)
{
  switch (status) {
    case srtp_err_status_ok:
      return GST_SECURE_RTC_SRTP_RESULT_OK;
    case srtp_err_status_auth_fail:
      return GST_SECURE_RTC_SRTP_RESULT_AUTH;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
      return GST_SECURE_RTC_SRTP_RESULT_REPLAY;
    case srtp_err_status_bad_param:
    case srtp_err_status_parse_err:
      return GST_SECURE_RTC_SRTP_RESULT_INVALID;
    default:
      return GST_SECURE_RTC_SRTP_RESULT_ERROR;
  }
}

static inline GstSecureRtcSrtpResult
count_drop (GstSecureRtcSrtpEngine * engine, GstSecureRtcSrtpResult result)
{
  engine->counters.dropped[result]++;
  return result;
}

static inline GstSecureRtcSrtpResult
count_ok (GstSecureRtcSrtpEngine * engine, gboolean rtcp, int n,
    gsize * out_len, gboolean * is_rtcp)
{
  if (rtcp)
    engine->counters.rtcp_packets++;
  else
    engine->counters.rtp_packets++;
  engine->counters.bytes_out += n;
  *out_len = n;
  if (is_rtcp)
    *is_rtcp = rtcp;
  return GST_SECURE_RTC_SRTP_RESULT_OK;
}

/**
 * gst_secure_rtc_srtp_engine_protect:
 * @data: an RTP or RTCP packet, encrypted in place
 * @len: its length
 * @max_len: the room available at @data (must allow for the overhead)
 * @out_len: (out): the SRTP/SRTCP length
 * @is_rtcp: (out) (optional): whether it was RTCP
 */
GstSecureRtcSrtpResult
gst_secure_rtc_srtp_engine_protect (GstSecureRtcSrtpEngine * engine,
    guint8 * data, gsize len, gsize max_len, gsize * out_len,
    gboolean * is_rtcp)
{
  GstSecureRtcSrtpResult res;
  srtp_err_status_t status;
  gboolean rtcp = FALSE;
  int n;

  engine->counters.bytes_in += len;
  if (engine->session == NULL)
    return count_drop (engine, GST_SECURE_RTC_SRTP_RESULT_NO_KEY);

  res = check_packet (engine, data, len, FALSE, &rtcp);
  if (res != GST_SECURE_RTC_SRTP_RESULT_OK)
    return count_drop (engine, res);
  if (max_len < len + gst_secure_rtc_srtp_engine_get_max_overhead (engine))
    return count_drop (engine, GST_SECURE_RTC_SRTP_RESULT_ERROR);

  n = (int) len;
  status = rtcp ? srtp_protect_rtcp (engine->session, data, &n) :
      srtp_protect (engine->session, data, &n);
  res = map_status (status);
  if (res != GST_SECURE_RTC_SRTP_RESULT_OK) {
    GST_LOG ("protect failed: libsrtp status %d", status);
    return count_drop (engine, res);
  }

  return count_ok (engine, rtcp, n, out_len, is_rtcp);
}

/**
 * gst_secure_rtc_srtp_engine_unprotect:
 * @data: an SRTP or SRTCP packet, authenticated and decrypted in place
 * @len: its length
 * @out_len: (out): the RTP/RTCP length
 * @is_rtcp: (out) (optional): whether it was SRTCP
 *
 * On any result but OK, @data must be dropped; if libsrtp had already
 * decrypted part of it (AEAD), that part is wiped.
 */
GstSecureRtcSrtpResult
gst_secure_rtc_srtp_engine_unprotect (GstSecureRtcSrtpEngine * engine,
    guint8 * data, gsize len, gsize * out_len, gboolean * is_rtcp)
{
  GstSecureRtcSrtpResult res;
  srtp_err_status_t status;
  gboolean rtcp = FALSE;
  int n;

  engine->counters.bytes_in += len;
  if (engine->session == NULL)
    return count_drop (engine, GST_SECURE_RTC_SRTP_RESULT_NO_KEY);

  res = check_packet (engine, data, len, TRUE, &rtcp);
  if (res != GST_SECURE_RTC_SRTP_RESULT_OK)
    return count_drop (engine, res);

  n = (int) len;
  status = rtcp ? srtp_unprotect_rtcp (engine->session, data, &n) :
      srtp_unprotect (engine->session, data, &n);
  res = map_status (status);
  if (res != GST_SECURE_RTC_SRTP_RESULT_OK) {
    GST_LOG ("unprotect failed: libsrtp status %d", status);
    gst_secure_rtc_wipe (data, len);
    return count_drop (engine, res);
  }

  return count_ok (engine, rtcp, n, out_len, is_rtcp);
}

const GstSecureRtcSrtpCounters *
gst_secure_rtc_srtp_engine_get_counters (const GstSecureRtcSrtpEngine * engine)
{
  return &engine->counters;
}
