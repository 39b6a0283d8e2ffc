/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Unit tests of the SRTP engine, the OpenSSL kernels and the key type:
 * RFC test vectors through the kernels in use, then the engine's protect /
 * unprotect on every profile with no pipeline and no sockets.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <srtp2/srtp.h>
#include <srtp2/cipher.h>
#include <srtp2/auth.h>
#include <openssl/evp.h>

#include <gst/securertc/gstsecurertc.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/srtp/gstsrtpengine.h>
#include <gst/securertc/srtp/gstsrtpkernels.h>

static guint8 *
unhex (const gchar * hex, gsize * len)
{
  gsize n = strlen (hex) / 2, i;
  guint8 *out = g_malloc (n + 64);

  for (i = 0; i < n; i++)
    out[i] = (g_ascii_xdigit_value (hex[2 * i]) << 4) |
        g_ascii_xdigit_value (hex[2 * i + 1]);
  *len = n;
  return out;
}

/* ------------------------------------------------------------------------ */
/* Kernels */

GST_START_TEST (test_openssl_kernels_in_use)
{
  fail_unless_equals_int (gst_secure_rtc_srtp_get_kernels (),
      GST_SECURE_RTC_SRTP_KERNELS_OPENSSL);
}

GST_END_TEST;

/* RFC 3711 Appendix B.2 (AES-CM keystream) and RFC 6188 §7.1 (AES-256-CM),
 * through libsrtp's cipher test driver on the registered kernels. */
GST_START_TEST (test_rfc3711_b2_aes_cm_keystream)
{
  fail_unless_equals_int (srtp_cipher_type_self_test
      (gst_secure_rtc_srtp_kernels_get_cipher_type (SRTP_AES_ICM_128)),
      srtp_err_status_ok);
  fail_unless_equals_int (srtp_cipher_type_self_test
      (gst_secure_rtc_srtp_kernels_get_cipher_type (SRTP_AES_ICM_256)),
      srtp_err_status_ok);
}

GST_END_TEST;

/* RFC 7714 §16.1.1 / §16.2.1: session key, IV (salt "Quid pro quo" XOR
 * SSRC/ROC/SEQ), the RTP header as AAD and "Gallia est omnis divisa in
 * partes tres" through our AES-GCM kernels. */
static void
check_rfc7714_vector (gint id, const gchar * key_hex, const gchar * ct_hex)
{
  static guint8 iv[12] = {
    0x51, 0x75, 0x3c, 0x65, 0x80, 0xc2, 0x72, 0x6f, 0x20, 0x71, 0x84, 0x14
  };
  const gchar *aad_hex = "8040f17b8041f8d35501a0b2";
  const gchar *pt_hex = "47616c6c696120657374206f6d6e69732064697669736120"
      "696e207061727465732074726573";
  gsize key_len, aad_len, pt_len, ct_len;
  guint8 *key = unhex (key_hex, &key_len);
  guint8 *aad = unhex (aad_hex, &aad_len);
  guint8 *pt = unhex (pt_hex, &pt_len);
  guint8 *ct = unhex (ct_hex, &ct_len);
  srtp_cipher_test_case_t tc;

  /* libsrtp's GCM key is key || 12-byte salt; the kernel ignores the salt
   * because the IV is given. */
  memset (key + key_len, 0, 12);
  memset (&tc, 0, sizeof (tc));
  tc.key_length_octets = key_len + 12;
  tc.key = key;
  tc.idx = iv;
  tc.plaintext_length_octets = pt_len;
  tc.plaintext = pt;
  tc.ciphertext_length_octets = ct_len;
  tc.ciphertext = ct;
  tc.aad_length_octets = aad_len;
  tc.aad = aad;
  tc.tag_length_octets = 16;
  fail_unless_equals_int (ct_len, pt_len + 16);
  fail_unless_equals_int (srtp_cipher_type_test
      (gst_secure_rtc_srtp_kernels_get_cipher_type (id), &tc),
      srtp_err_status_ok);
  g_free (key);
  g_free (aad);
  g_free (pt);
  g_free (ct);
}

GST_START_TEST (test_rfc7714_gcm_vectors)
{
  check_rfc7714_vector (SRTP_AES_GCM_128, "000102030405060708090a0b0c0d0e0f",
      "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b"
      "36de3adf8833899d7f27beb16a9152cf765ee4390cce");
  check_rfc7714_vector (SRTP_AES_GCM_256,
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "32b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f"
      "1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13");
  /* and the GCM-spec vectors the kernels are registered with */
  fail_unless_equals_int (srtp_cipher_type_self_test
      (gst_secure_rtc_srtp_kernels_get_cipher_type (SRTP_AES_GCM_128)),
      srtp_err_status_ok);
  fail_unless_equals_int (srtp_cipher_type_self_test
      (gst_secure_rtc_srtp_kernels_get_cipher_type (SRTP_AES_GCM_256)),
      srtp_err_status_ok);
}

GST_END_TEST;

/* The AES-ICM kernel (ECB keystream + XOR) against OpenSSL's own AES-CTR on
 * (salt XOR IV) with full 128-bit increments: lengths that are not block
 * multiples, output split over several calls, more than one keystream chunk,
 * and a counter whose low 16 bits wrap (carry into the upper bits). */
static void
check_icm_against_ctr (gint id, guint key_size, guint16 low, gsize len,
    gsize split)
{
  srtp_cipher_t *c = NULL;
  guint8 key[32 + 14], iv[16], counter[16], *buf, *expect;
  unsigned int n1, n2;
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int outl = 0;
  guint i;

  for (i = 0; i < sizeof (key); i++)
    key[i] = g_random_int_range (0, 256);
  for (i = 0; i < 16; i++)
    iv[i] = g_random_int_range (0, 256);
  /* choose the IV so that (salt||0000) XOR IV ends in `low` */
  iv[14] = low >> 8;
  iv[15] = low & 0xff;
  for (i = 0; i < 16; i++)
    counter[i] = (i < 14 ? key[key_size + i] : 0) ^ iv[i];

  buf = g_malloc0 (len);
  expect = g_malloc0 (len);
  fail_unless (EVP_EncryptInit_ex (ctx, key_size == 16 ? EVP_aes_128_ctr () :
          EVP_aes_256_ctr (), NULL, key, counter));
  fail_unless (EVP_EncryptUpdate (ctx, expect, &outl, expect, (int) len));

  fail_unless_equals_int (srtp_cipher_type_alloc
      (gst_secure_rtc_srtp_kernels_get_cipher_type (id), &c, key_size + 14, 0),
      srtp_err_status_ok);
  fail_unless_equals_int (srtp_cipher_init (c, key), srtp_err_status_ok);
  fail_unless_equals_int (srtp_cipher_set_iv (c, iv, srtp_direction_encrypt),
      srtp_err_status_ok);
  n1 = split;
  n2 = len - split;
  fail_unless_equals_int (srtp_cipher_encrypt (c, buf, &n1), srtp_err_status_ok);
  fail_unless_equals_int (srtp_cipher_encrypt (c, buf + split, &n2),
      srtp_err_status_ok);
  fail_unless (memcmp (buf, expect, len) == 0,
      "keystream differs (key %u, low %04x, len %u, split %u)", key_size, low,
      (guint) len, (guint) split);
  srtp_cipher_dealloc (c);
  EVP_CIPHER_CTX_free (ctx);
  g_free (buf);
  g_free (expect);
}

GST_START_TEST (test_icm_kernel_matches_openssl_ctr)
{
  check_icm_against_ctr (SRTP_AES_ICM_128, 16, 0, 1200, 1200);
  check_icm_against_ctr (SRTP_AES_ICM_128, 16, 0, 1201, 7);
  check_icm_against_ctr (SRTP_AES_ICM_128, 16, 0, 5000, 2049);
  check_icm_against_ctr (SRTP_AES_ICM_256, 16 * 2, 0, 999, 16);
  /* the low 16 bits wrap after one block: the carry must reach byte 13 */
  check_icm_against_ctr (SRTP_AES_ICM_128, 16, 0xffff, 100, 33);
  check_icm_against_ctr (SRTP_AES_ICM_256, 32, 0xfffe, 3000, 100);
}

GST_END_TEST;

GST_START_TEST (test_rfc2202_hmac_sha1)
{
  fail_unless_equals_int (srtp_auth_type_self_test
      (gst_secure_rtc_srtp_kernels_get_auth_type ()), srtp_err_status_ok);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Whole packets: the RFC 3711 B.3 master key (session keys derived by
 * libsrtp's KDF on our AES-CM kernel), libsrtp's reference SRTP and SRTCP
 * packets. */

#define B3_MASTER "e1f97a0d3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6"
#define REF_RTP "800f1234decafbadcafebabeabababababababababababababababab"
#define REF_SRTP_80 "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402" \
  "b78d6acc99ea179b8dbb"
#define REF_SRTP_32 "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402" \
  "b78d6acc"
#define REF_RTCP "81c8000bcafebabeabababababababababababababababab"
#define REF_SRTCP_80 "81c8000bcafebabe7128035be487b9bdbef89041f977a5a8" \
  "80000001993e08cd54d6c1230798"

static GstSecureRtcSrtpEngine *
engine_with_key (GstSecureRtcSrtpEngineMode mode,
    GstSecureRtcSrtpProfile profile, const gchar * hex)
{
  GstSecureRtcSrtpEngine *engine = gst_secure_rtc_srtp_engine_new (mode);
  GstSecureRtcSrtpKey *key;
  GError *error = NULL;

  key = gst_secure_rtc_srtp_key_new_from_hex (profile, hex, &error);
  fail_unless (key != NULL, "%s", error ? error->message : "");
  fail_unless (gst_secure_rtc_srtp_engine_set_key (engine, key, 1024, &error));
  gst_secure_rtc_srtp_key_unref (key);
  return engine;
}

static void
check_protect_vector (GstSecureRtcSrtpProfile profile, const gchar * in_hex,
    const gchar * out_hex, gboolean rtcp)
{
  GstSecureRtcSrtpEngine *tx, *rx;
  gsize in_len, out_len, len = 0, len2 = 0;
  guint8 *in = unhex (in_hex, &in_len);
  guint8 *out = unhex (out_hex, &out_len);
  guint8 buf[128];
  gboolean is_rtcp = !rtcp;

  tx = engine_with_key (GST_SECURE_RTC_SRTP_ENGINE_PROTECT, profile, B3_MASTER);
  rx = engine_with_key (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, profile,
      B3_MASTER);

  memcpy (buf, in, in_len);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_protect (tx, buf, in_len,
          sizeof (buf), &len, &is_rtcp), GST_SECURE_RTC_SRTP_RESULT_OK);
  fail_unless_equals_int (is_rtcp, rtcp);
  fail_unless_equals_int (len, out_len);
  fail_unless (memcmp (buf, out, out_len) == 0);

  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (rx, buf, len,
          &len2, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  fail_unless_equals_int (len2, in_len);
  fail_unless (memcmp (buf, in, in_len) == 0);

  gst_secure_rtc_srtp_engine_free (tx);
  gst_secure_rtc_srtp_engine_free (rx);
  g_free (in);
  g_free (out);
}

GST_START_TEST (test_reference_packets)
{
  check_protect_vector (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
      REF_RTP, REF_SRTP_80, FALSE);
  check_protect_vector (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32,
      REF_RTP, REF_SRTP_32, FALSE);
  check_protect_vector (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
      REF_RTCP, REF_SRTCP_80, TRUE);
  /* CM-32 keeps the 80-bit tag for SRTCP (RFC 5764 §4.1.2) */
  check_protect_vector (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32,
      REF_RTCP, REF_SRTCP_80, TRUE);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Engine behaviour on every profile */

static const GstSecureRtcSrtpProfile all_profiles[] = {
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
  GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM,
  GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM,
};

static gchar *
random_key_hex (GstSecureRtcSrtpProfile profile)
{
  guint n = gst_secure_rtc_srtp_profile_get_key_len (profile) +
      gst_secure_rtc_srtp_profile_get_salt_len (profile);
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < n; i++)
    g_string_append_printf (s, "%02x", g_random_int_range (0, 256));
  return g_string_free (s, FALSE);
}

static gsize
make_rtp (guint8 * buf, guint32 ssrc, guint16 seq, gsize payload_len)
{
  gsize i;

  buf[0] = 0x80;
  buf[1] = 96;
  GST_WRITE_UINT16_BE (buf + 2, seq);
  GST_WRITE_UINT32_BE (buf + 4, seq * 160u);
  GST_WRITE_UINT32_BE (buf + 8, ssrc);
  for (i = 0; i < payload_len; i++)
    buf[12 + i] = (guint8) (seq + i + ssrc);
  return 12 + payload_len;
}

static gsize
make_rtcp_rr (guint8 * buf, guint32 ssrc)
{
  /* an empty receiver report (RFC 3550 §6.4.2) */
  buf[0] = 0x80;
  buf[1] = 201;
  GST_WRITE_UINT16_BE (buf + 2, 1);
  GST_WRITE_UINT32_BE (buf + 4, ssrc);
  return 8;
}

typedef struct
{
  GstSecureRtcSrtpEngine *tx, *rx;
  GstSecureRtcSrtpProfile profile;
} Pair;

static void
pair_init (Pair * p, GstSecureRtcSrtpProfile profile)
{
  gchar *hex = random_key_hex (profile);

  p->profile = profile;
  p->tx = engine_with_key (GST_SECURE_RTC_SRTP_ENGINE_PROTECT, profile, hex);
  p->rx = engine_with_key (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT, profile, hex);
  g_free (hex);
}

static void
pair_clear (Pair * p)
{
  gst_secure_rtc_srtp_engine_free (p->tx);
  gst_secure_rtc_srtp_engine_free (p->rx);
}

static gsize
protect_ok (Pair * p, guint8 * buf, gsize len)
{
  gsize out = 0;

  fail_unless_equals_int (gst_secure_rtc_srtp_engine_protect (p->tx, buf, len,
          len + 64, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  return out;
}

/* Two SSRCs interleaved, RTP and RTCP mixed, across the sequence-number
 * wrap (the ROC must follow), including one reordered packet at the wrap. */
GST_START_TEST (test_mixed_flow_across_wrap)
{
  Pair p;
  guint8 buf[256], copy[256];
  gint i;

  pair_init (&p, all_profiles[__i__]);
  for (i = 0; i < 40; i++) {
    guint16 seq = (guint16) (65516 + i);
    guint32 ssrc = (i % 2) ? 0x11111111 : 0x22222222;
    gsize len = make_rtp (buf, ssrc, seq, 100), plen, out = 0;

    memcpy (copy, buf, len);
    plen = protect_ok (&p, buf, len);
    fail_if (memcmp (buf + 12, copy + 12, 100) == 0, "payload not encrypted");
    fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
            plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
    fail_unless_equals_int (out, len);
    fail_unless (memcmp (buf, copy, len) == 0);

    if (i % 5 == 0) {
      gboolean is_rtcp = FALSE;
      len = make_rtcp_rr (buf, ssrc);
      memcpy (copy, buf, len);
      plen = protect_ok (&p, buf, len);
      fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
              plen, &out, &is_rtcp), GST_SECURE_RTC_SRTP_RESULT_OK);
      fail_unless (is_rtcp);
      fail_unless (memcmp (buf, copy, len) == 0);
    }
  }
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_get_counters (p.rx)->
      rtp_packets, 40);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_get_counters (p.rx)->
      rtcp_packets, 8);
  pair_clear (&p);
}

GST_END_TEST;

/* A packet from before the wrap that arrives after it still decrypts: the
 * receiver's index estimate (RFC 3711 §3.3.1) picks the previous ROC. */
GST_START_TEST (test_reordered_at_wrap)
{
  Pair p;
  guint8 a[256], b[256], c[256];
  gsize la, lb, lc, out;

  pair_init (&p, all_profiles[__i__]);
  la = protect_ok (&p, a, make_rtp (a, 7, 65534, 50));
  lb = protect_ok (&p, b, make_rtp (b, 7, 65535, 50));
  lc = protect_ok (&p, c, make_rtp (c, 7, 0, 50));
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, a, la,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, c, lc,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, b, lb,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  pair_clear (&p);
}

GST_END_TEST;

/* Every kind of bad input is dropped with its own reason, and nothing that
 * failed is left decrypted in the buffer. */
GST_START_TEST (test_bad_input)
{
  Pair p, other;
  guint8 buf[256], saved[256];
  gsize len, plen, out = 0;
  const GstSecureRtcSrtpCounters *c;
  GstSecureRtcSrtpEngine *keyless;
  guint tag = gst_secure_rtc_srtp_profile_get_rtp_tag_len (all_profiles[__i__]);

  pair_init (&p, all_profiles[__i__]);
  pair_init (&other, all_profiles[__i__]);

  len = make_rtp (buf, 42, 1, 64);
  plen = protect_ok (&p, buf, len);
  memcpy (saved, buf, plen);

  /* flipped payload bit */
  buf[20] ^= 0x01;
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
          plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_AUTH);
  fail_unless (buf[20] == 0 && buf[40] == 0, "failed packet not wiped");
  /* flipped tag bit */
  memcpy (buf, saved, plen);
  buf[plen - 1] ^= 0x80;
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
          plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_AUTH);
  /* wrong key */
  memcpy (buf, saved, plen);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (other.rx, buf,
          plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_AUTH);
  /* the genuine packet, then its replay */
  memcpy (buf, saved, plen);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
          plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  memcpy (buf, saved, plen);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
          plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_REPLAY);
  /* truncated: shorter than a header, and shorter than header + tag */
  memcpy (buf, saved, plen);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf, 11,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_TRUNCATED);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
          12 + tag - 1, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_TRUNCATED);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf, 1,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_TRUNCATED);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf, 0,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_TRUNCATED);
  /* not RTP at all (version 0, a STUN-like first byte) */
  memset (buf, 0x01, 64);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf, 64,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_INVALID);
  /* an extension header longer than the packet */
  memcpy (buf, saved, plen);
  buf[0] |= 0x10;
  buf[14] = 0xff;
  buf[15] = 0xff;
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (p.rx, buf,
          plen, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_TRUNCATED);

  c = gst_secure_rtc_srtp_engine_get_counters (p.rx);
  fail_unless_equals_int (c->dropped[GST_SECURE_RTC_SRTP_RESULT_AUTH], 2);
  fail_unless_equals_int (c->dropped[GST_SECURE_RTC_SRTP_RESULT_REPLAY], 1);
  fail_unless_equals_int (c->dropped[GST_SECURE_RTC_SRTP_RESULT_TRUNCATED], 5);
  fail_unless_equals_int (c->dropped[GST_SECURE_RTC_SRTP_RESULT_INVALID], 1);
  fail_unless_equals_int (c->rtp_packets, 1);

  /* before any key: refused without even reading the data */
  keyless = gst_secure_rtc_srtp_engine_new (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (keyless, NULL,
          100, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_NO_KEY);
  gst_secure_rtc_srtp_engine_free (keyless);
  keyless = gst_secure_rtc_srtp_engine_new (GST_SECURE_RTC_SRTP_ENGINE_PROTECT);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_protect (keyless, NULL,
          100, 200, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_NO_KEY);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_get_counters (keyless)->
      dropped[GST_SECURE_RTC_SRTP_RESULT_NO_KEY], 1);
  gst_secure_rtc_srtp_engine_free (keyless);

  /* a sender never reuses a sequence number (keystream reuse) */
  len = make_rtp (buf, 42, 1, 64);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_protect (p.tx, buf, len,
          sizeof (buf), &out, NULL), GST_SECURE_RTC_SRTP_RESULT_REPLAY);
  /* and needs room for the tag */
  len = make_rtp (buf, 42, 2, 64);
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_protect (p.tx, buf, len,
          len, &out, NULL), GST_SECURE_RTC_SRTP_RESULT_ERROR);

  pair_clear (&p);
  pair_clear (&other);
}

GST_END_TEST;

/* A packet older than the replay window is refused; within it, accepted. */
GST_START_TEST (test_replay_window)
{
  GstSecureRtcSrtpEngine *tx, *rx;
  GstSecureRtcSrtpKey *key;
  guint8 pkts[200][128];
  gsize lens[200], out;
  gchar *hex;
  guint i;

  hex = random_key_hex (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80);
  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, hex, NULL);
  tx = gst_secure_rtc_srtp_engine_new (GST_SECURE_RTC_SRTP_ENGINE_PROTECT);
  rx = gst_secure_rtc_srtp_engine_new (GST_SECURE_RTC_SRTP_ENGINE_UNPROTECT);
  fail_unless (gst_secure_rtc_srtp_engine_set_key (tx, key, 64, NULL));
  fail_unless (gst_secure_rtc_srtp_engine_set_key (rx, key, 64, NULL));
  for (i = 0; i < 200; i++) {
    gsize l = make_rtp (pkts[i], 5, (guint16) (100 + i), 20);
    fail_unless_equals_int (gst_secure_rtc_srtp_engine_protect (tx, pkts[i], l,
            sizeof (pkts[i]), &lens[i], NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  }
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (rx, pkts[199],
          lens[199], &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  /* 150 packets behind: outside a 64-packet window */
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (rx, pkts[49],
          lens[49], &out, NULL), GST_SECURE_RTC_SRTP_RESULT_REPLAY);
  /* 10 behind: inside */
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (rx, pkts[189],
          lens[189], &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  /* out-of-range windows are refused with a clear error */
  {
    GError *error = NULL;
    fail_if (gst_secure_rtc_srtp_engine_set_key (rx, key, 10, &error));
    fail_unless (strstr (error->message, "between 64 and 32767") != NULL);
    g_clear_error (&error);
    fail_if (gst_secure_rtc_srtp_engine_has_key (rx));
  }
  gst_secure_rtc_srtp_key_unref (key);
  gst_secure_rtc_srtp_engine_free (tx);
  gst_secure_rtc_srtp_engine_free (rx);
  g_free (hex);
}

GST_END_TEST;

/* Re-keying: the old key no longer decrypts, the new one does. */
GST_START_TEST (test_rekey)
{
  Pair a, b;
  guint8 buf[128];
  gsize len, out;
  gchar *hex = random_key_hex (all_profiles[__i__]);
  GstSecureRtcSrtpKey *key =
      gst_secure_rtc_srtp_key_new_from_hex (all_profiles[__i__], hex, NULL);

  pair_init (&a, all_profiles[__i__]);
  pair_init (&b, all_profiles[__i__]);
  fail_unless (gst_secure_rtc_srtp_engine_set_key (a.tx, key, 1024, NULL));
  len = protect_ok (&a, buf, make_rtp (buf, 9, 10, 30));
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (a.rx, buf, len,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_AUTH);
  fail_unless (gst_secure_rtc_srtp_engine_set_key (a.rx, key, 1024, NULL));
  len = protect_ok (&a, buf, make_rtp (buf, 9, 11, 30));
  fail_unless_equals_int (gst_secure_rtc_srtp_engine_unprotect (a.rx, buf, len,
          &out, NULL), GST_SECURE_RTC_SRTP_RESULT_OK);
  /* forgetting the key */
  fail_unless (gst_secure_rtc_srtp_engine_set_key (a.rx, NULL, 1024, NULL));
  fail_if (gst_secure_rtc_srtp_engine_has_key (a.rx));
  gst_secure_rtc_srtp_key_unref (key);
  pair_clear (&a);
  pair_clear (&b);
  g_free (hex);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Keys */

GST_START_TEST (test_key_lengths_and_format)
{
  GError *error = NULL;
  GstSecureRtcSrtpKey *key;
  gchar *long_hex;

  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, B3_MASTER, &error);
  fail_unless (key == NULL);
  fail_unless (g_error_matches (error, GST_SECURE_RTC_ERROR,
          GST_SECURE_RTC_ERROR_KEY_LENGTH));
  fail_unless (strstr (error->message, "is 30 bytes long") != NULL,
      "%s", error->message);
  fail_unless (strstr (error->message, "56 hexadecimal digits") != NULL,
      "%s", error->message);
  fail_unless (strstr (error->message, "e1f97a") == NULL);
  g_clear_error (&error);

  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, "e1f9zz", &error);
  fail_unless (key == NULL);
  fail_unless (strstr (error->message, "position 5") != NULL);
  g_clear_error (&error);

  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, "e1f", &error);
  fail_unless (key == NULL);
  fail_unless (strstr (error->message, "odd number") != NULL);
  g_clear_error (&error);

  /* far too long: reported with its length, nothing overflows */
  long_hex = g_strnfill (400, 'a');
  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM, long_hex, &error);
  fail_unless (key == NULL);
  fail_unless (strstr (error->message, "200 bytes") != NULL, "%s",
      error->message);
  fail_unless (strstr (error->message, "88 hexadecimal digits") != NULL);
  g_clear_error (&error);
  g_free (long_hex);

  /* separators are accepted */
  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80,
      "e1:f9:7a:0d 3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6",
      &error);
  fail_unless (key != NULL);
  gst_secure_rtc_srtp_key_unref (key);
}

GST_END_TEST;

/* Printing a key event (as GST_DEBUG=*:9 does) never shows the key. */
GST_START_TEST (test_key_event_redacted)
{
  GstSecureRtcSrtpKey *key, *parsed = NULL;
  GstEvent *event;
  gchar *str;

  key = gst_secure_rtc_srtp_key_new_from_hex
      (GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, B3_MASTER, NULL);
  event = gst_secure_rtc_srtp_key_event_new_downstream (key);
  fail_unless (GST_EVENT_IS_STICKY (event));
  str = gst_structure_to_string (gst_event_get_structure (event));
  fail_unless (strstr (str, "redacted") != NULL, "%s", str);
  fail_unless (g_strrstr (str, "e1f97a") == NULL);
  fail_unless (g_strrstr (str, "E1F97A") == NULL);
  /* base64 of the first bytes of the key */
  fail_unless (g_strrstr (str, "4fl6DT4Bi+DWT6Ms") == NULL);
  g_free (str);

  fail_unless (gst_secure_rtc_srtp_key_event_parse (event, &parsed));
  fail_unless (parsed == key);
  gst_secure_rtc_srtp_key_unref (parsed);
  gst_event_unref (event);

  event = gst_secure_rtc_srtp_key_event_new_upstream (key);
  fail_unless (GST_EVENT_IS_UPSTREAM (event));
  fail_unless (gst_secure_rtc_srtp_key_event_parse (event, NULL));
  gst_event_unref (event);

  /* other events are not key events */
  event = gst_event_new_eos ();
  fail_if (gst_secure_rtc_srtp_key_event_parse (event, NULL));
  gst_event_unref (event);
  gst_secure_rtc_srtp_key_unref (key);
}

GST_END_TEST;

GST_START_TEST (test_profile_names)
{
  GstSecureRtcSrtpProfile p;

  fail_unless (gst_secure_rtc_srtp_profile_from_string ("SRTP_AEAD_AES_256_GCM",
          &p));
  fail_unless_equals_int (p, GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM);
  fail_unless (gst_secure_rtc_srtp_profile_from_string
      ("aes-128-cm-hmac-sha1-32", &p));
  fail_unless_equals_int (p, GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32);
  fail_if (gst_secure_rtc_srtp_profile_from_string ("NULL_CIPHER", &p));
  fail_unless_equals_int (gst_secure_rtc_srtp_profile_get_key_len
      (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM), 32);
  fail_unless_equals_int (gst_secure_rtc_srtp_profile_get_salt_len
      (GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM), 12);
}

GST_END_TEST;

static Suite *
srtpengine_suite (void)
{
  Suite *s = suite_create ("srtpengine");
  TCase *tc = tcase_create ("general");

  gst_secure_rtc_init ();
  gst_secure_rtc_srtp_global_init ();

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_openssl_kernels_in_use);
  tcase_add_test (tc, test_rfc3711_b2_aes_cm_keystream);
  tcase_add_test (tc, test_rfc7714_gcm_vectors);
  tcase_add_test (tc, test_icm_kernel_matches_openssl_ctr);
  tcase_add_test (tc, test_rfc2202_hmac_sha1);
  tcase_add_test (tc, test_reference_packets);
  tcase_add_loop_test (tc, test_mixed_flow_across_wrap, 0,
      G_N_ELEMENTS (all_profiles));
  tcase_add_loop_test (tc, test_reordered_at_wrap, 0,
      G_N_ELEMENTS (all_profiles));
  tcase_add_loop_test (tc, test_bad_input, 0, G_N_ELEMENTS (all_profiles));
  tcase_add_test (tc, test_replay_window);
  tcase_add_loop_test (tc, test_rekey, 0, G_N_ELEMENTS (all_profiles));
  tcase_add_test (tc, test_key_lengths_and_format);
  tcase_add_test (tc, test_key_event_redacted);
  tcase_add_test (tc, test_profile_names);
  return s;
}

GST_CHECK_MAIN (srtpengine);
