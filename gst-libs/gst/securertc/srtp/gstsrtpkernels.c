/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * OpenSSL crypto kernels for libsrtp2.
 *
 * Debian builds libsrtp2 on NSS, whose AES counter mode and HMAC-SHA1 run at a
 * fraction of OpenSSL's speed on CPUs with AES-NI and SHA extensions. libsrtp2
 * lets an application replace the implementation behind a cipher or auth type
 * id (srtp_replace_cipher_type, srtp_replace_auth_type); libsrtp keeps the
 * protocol — key derivation (RFC 3711 §4.3), replay protection, ROC
 * estimation, packet formats — and only calls the kernels for AES-ICM,
 * AES-GCM and HMAC-SHA1. Before accepting a kernel, libsrtp runs it against
 * the known-answer tests we hand it (below) plus random encrypt/decrypt
 * round trips, so a wrong kernel can never be installed.
 *
 * The replacement is process-wide: any other libsrtp2 user in the same
 * process (e.g. gst-plugins-bad's srtpenc) then also uses these kernels.
 * They are the same algorithms, validated the same way.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

/* The HMAC kernel uses OpenSSL's low-level SHA1_* functions, deprecated
 * (not removed) in OpenSSL 3.0: their SHA_CTX is a plain struct, so the
 * precomputed inner/outer HMAC states are copied with an assignment. The
 * EVP equivalent, EVP_MD_CTX_copy_ex(), allocates and frees a context on
 * every packet in OpenSSL 3.0; measured on 1200-byte packets, HMAC-SHA1
 * runs at 1161k/s this way against 852k/s with EVP_MD_CTX_copy_ex() and
 * 679k/s re-initialising an EVP_MAC_CTX. Both use the same SHA-NI/AVX2
 * assembly. This file alone opts in; everything else builds with
 * OPENSSL_NO_DEPRECATED. */
#undef OPENSSL_NO_DEPRECATED
#undef OPENSSL_API_COMPAT
#define OPENSSL_API_COMPAT 10101
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <srtp2/srtp.h>
#include <srtp2/cipher.h>
#include <srtp2/auth.h>

#include "gstsrtpkernels.h"
#include "../gstsrtpkey.h"
#include "../gstsecurewipe.h"

#define SALT_LEN_ICM 14
#define SALT_LEN_GCM 12
#define SHA1_LEN 20

/* ------------------------------------------------------------------------ */
/* AES-ICM (RFC 3711 §4.1.1): AES in counter mode whose initial counter is
 * the session salt (shifted left by 16 bits) XOR the per-packet IV libsrtp
 * computes; block i of the keystream is AES(k, counter + i).
 *
 * The keystream is made with one AES-ECB call over the packet's counter
 * blocks and XORed in 8-byte words. The ECB context is keyed once per
 * session key and needs no per-packet re-initialisation, which in OpenSSL
 * 3.0 costs more than the XOR pass (measured: 1.18x the packet rate of
 * EVP CTR re-initialised per packet, 1200-byte packets, AES-NI). */

#define ICM_CHUNK_BLOCKS 128

typedef struct
{
  EVP_CIPHER_CTX *ecb;
  guint key_size;
  guint8 offset[16];            /* salt || 0x0000 */
  guint8 counter[16];           /* offset XOR IV; last two bytes: block index */
  guint64 pos;                  /* keystream bytes used since set_iv */
  guint8 keystream[ICM_CHUNK_BLOCKS * 16];
} IcmState;

typedef struct
{
  srtp_cipher_t cipher;
  IcmState state;
} IcmCipher;

static const srtp_cipher_type_t icm_128_type;
static const srtp_cipher_type_t icm_256_type;

static srtp_err_status_t
icm_alloc (srtp_cipher_pointer_t * cp, int key_len, int tag_len)
{
  IcmCipher *c;
  guint key_size;
  const srtp_cipher_type_t *type;

  if (key_len == 16 + SALT_LEN_ICM) {
    key_size = 16;
    type = &icm_128_type;
  } else if (key_len == 32 + SALT_LEN_ICM) {
    key_size = 32;
    type = &icm_256_type;
  } else {
    return srtp_err_status_bad_param;
  }

  c = g_new0 (IcmCipher, 1);
  c->state.ecb = EVP_CIPHER_CTX_new ();
  if (c->state.ecb == NULL) {
    g_free (c);
    return srtp_err_status_alloc_fail;
  }
  c->state.key_size = key_size;
  c->cipher.type = type;
  c->cipher.state = &c->state;
  c->cipher.key_len = key_len;
  c->cipher.algorithm = key_size == 16 ? SRTP_AES_ICM_128 : SRTP_AES_ICM_256;
  *cp = &c->cipher;
  return srtp_err_status_ok;
}

static srtp_err_status_t
icm_dealloc (srtp_cipher_pointer_t cp)
{
  IcmCipher *c = (IcmCipher *) cp;

  if (c == NULL)
    return srtp_err_status_bad_param;
  /* EVP_CIPHER_CTX_free cleanses the key schedule; the wipe covers the
   * salt and the last keystream. */
  EVP_CIPHER_CTX_free (c->state.ecb);
  gst_secure_rtc_wipe_free (c, sizeof (*c));
  return srtp_err_status_ok;
}

static srtp_err_status_t
icm_init (void *state, const guint8 * key)
{
  IcmState *s = state;
  const EVP_CIPHER *evp = s->key_size == 16 ? EVP_aes_128_ecb () :
      EVP_aes_256_ecb ();

  memset (s->offset, 0, sizeof (s->offset));
  memcpy (s->offset, key + s->key_size, SALT_LEN_ICM);
  if (!EVP_EncryptInit_ex (s->ecb, evp, NULL, key, NULL) ||
      !EVP_CIPHER_CTX_set_padding (s->ecb, 0))
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

static srtp_err_status_t
icm_set_iv (void *state, guint8 * iv, srtp_cipher_direction_t direction)
{
  IcmState *s = state;
  guint i;

  for (i = 0; i < 16; i++)
    s->counter[i] = s->offset[i] ^ iv[i];
  s->pos = 0;
  return srtp_err_status_ok;
}

static inline void
xor_bytes (guint8 * dst, const guint8 * ks, gsize n)
{
  gsize i = 0;

  for (; i + 8 <= n; i += 8) {
    guint64 a, b;
    memcpy (&a, dst + i, 8);
    memcpy (&b, ks + i, 8);
    a ^= b;
    memcpy (dst + i, &a, 8);
  }
  for (; i < n; i++)
    dst[i] ^= ks[i];
}

static srtp_err_status_t
icm_encrypt (void *state, guint8 * buf, unsigned int *len)
{
  IcmState *s = state;
  guint32 base = (s->counter[14] << 8) | s->counter[15];
  gsize left = *len;

  /* RFC 3711 §4.1.1: at most 2^16 blocks per IV. */
  if (s->pos + left > (guint64) 0x10000 * 16)
    return srtp_err_status_terminus;

  while (left > 0) {
    guint64 block = s->pos / 16;
    guint skip = s->pos % 16, nblocks, b;
    gsize n;
    int outl = 0;

    nblocks = MIN (ICM_CHUNK_BLOCKS, (skip + left + 15) / 16);
    for (b = 0; b < nblocks; b++) {
      guint8 *blk = s->keystream + 16 * b;
      guint32 ctr = (guint32) (base + block + b);

      memcpy (blk, s->counter, 14);
      /* RFC 3711: block i uses (IV + i) mod 2^128. */
      blk[14] = (guint8) (ctr >> 8);
      blk[15] = (guint8) ctr;
      if (G_UNLIKELY (ctr > 0xffff)) {
        /* carry into the upper 112 bits (never for SRTP, whose IVs end in
         * 16 zero bits) */
        guint carry = ctr >> 16;
        gint k;

        for (k = 13; k >= 0 && carry; k--) {
          guint v = blk[k] + carry;
          blk[k] = (guint8) v;
          carry = v >> 8;
        }
      }
    }
    if (!EVP_EncryptUpdate (s->ecb, s->keystream, &outl, s->keystream,
            (int) nblocks * 16))
      return srtp_err_status_cipher_fail;
    n = MIN (left, (gsize) nblocks * 16 - skip);
    xor_bytes (buf, s->keystream + skip, n);
    buf += n;
    left -= n;
    s->pos += n;
  }
  return srtp_err_status_ok;
}

/* RFC 3711 Appendix B.2: session key, salt and the first keystream blocks
 * (counter F0F1...FD0000 and ...0001), i.e. the encryption of zeros. */
static const guint8 icm_128_key[16 + SALT_LEN_ICM] = {
  0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
  0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
  0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
  0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd
};

static guint8 icm_zero_iv[16];
static const guint8 icm_zeros[32];

static const guint8 icm_128_keystream[32] = {
  0xe0, 0x3e, 0xad, 0x09, 0x35, 0xc9, 0x5e, 0x80,
  0xe1, 0x66, 0xb1, 0x6d, 0xd9, 0x2b, 0x4e, 0xb4,
  0xd2, 0x35, 0x13, 0x16, 0x2b, 0x02, 0xd0, 0xf7,
  0x2a, 0x43, 0xa2, 0xfe, 0x4a, 0x5f, 0x97, 0xab
};

static const srtp_cipher_test_case_t icm_128_test = {
  sizeof (icm_128_key), icm_128_key, icm_zero_iv,
  32, icm_zeros, 32, icm_128_keystream, 0, NULL, 0, NULL
};

/* RFC 6188 §7.1: AES_256_CM keystream. */
static const guint8 icm_256_key[32 + SALT_LEN_ICM] = {
  0x57, 0xf8, 0x2f, 0xe3, 0x61, 0x3f, 0xd1, 0x70,
  0xa8, 0x5e, 0xc9, 0x3c, 0x40, 0xb1, 0xf0, 0x92,
  0x2e, 0xc4, 0xcb, 0x0d, 0xc0, 0x25, 0xb5, 0x82,
  0x72, 0x14, 0x7c, 0xc4, 0x38, 0x94, 0x4a, 0x98,
  0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
  0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd
};

static const guint8 icm_256_keystream[32] = {
  0x92, 0xbd, 0xd2, 0x8a, 0x93, 0xc3, 0xf5, 0x25,
  0x11, 0xc6, 0x77, 0xd0, 0x8b, 0x55, 0x15, 0xa4,
  0x9d, 0xa7, 0x1b, 0x23, 0x78, 0xa8, 0x54, 0xf6,
  0x70, 0x50, 0x75, 0x6d, 0xed, 0x16, 0x5b, 0xac
};

static const srtp_cipher_test_case_t icm_256_test = {
  sizeof (icm_256_key), icm_256_key, icm_zero_iv,
  32, icm_zeros, 32, icm_256_keystream, 0, NULL, 0, NULL
};

static const srtp_cipher_type_t icm_128_type = {
  icm_alloc, icm_dealloc, icm_init, NULL, icm_encrypt, icm_encrypt,
  icm_set_iv, NULL, "AES-128 counter mode (gst-securertc, OpenSSL)",
  &icm_128_test, SRTP_AES_ICM_128
};

static const srtp_cipher_type_t icm_256_type = {
  icm_alloc, icm_dealloc, icm_init, NULL, icm_encrypt, icm_encrypt,
  icm_set_iv, NULL, "AES-256 counter mode (gst-securertc, OpenSSL)",
  &icm_256_test, SRTP_AES_ICM_256
};

/* ------------------------------------------------------------------------ */
/* AES-GCM (RFC 7714). libsrtp builds the 12-byte IV and the AAD; the kernel
 * encrypts in place and hands out the tag, or on decryption checks the tag
 * that follows the ciphertext. */

typedef struct
{
  EVP_CIPHER_CTX *ctx;
  guint key_size;
  guint tag_len;
  srtp_cipher_direction_t dir;
} GcmState;

typedef struct
{
  srtp_cipher_t cipher;
  GcmState state;
} GcmCipher;

static const srtp_cipher_type_t gcm_128_type;
static const srtp_cipher_type_t gcm_256_type;

static srtp_err_status_t
gcm_alloc (srtp_cipher_pointer_t * cp, int key_len, int tag_len)
{
  GcmCipher *c;
  guint key_size;

  if (key_len == 16 + SALT_LEN_GCM)
    key_size = 16;
  else if (key_len == 32 + SALT_LEN_GCM)
    key_size = 32;
  else
    return srtp_err_status_bad_param;
  if (tag_len != 8 && tag_len != 16)
    return srtp_err_status_bad_param;

  c = g_new0 (GcmCipher, 1);
  c->state.ctx = EVP_CIPHER_CTX_new ();
  if (c->state.ctx == NULL) {
    g_free (c);
    return srtp_err_status_alloc_fail;
  }
  c->state.key_size = key_size;
  c->state.tag_len = tag_len;
  c->state.dir = srtp_direction_any;
  c->cipher.type = key_size == 16 ? &gcm_128_type : &gcm_256_type;
  c->cipher.state = &c->state;
  c->cipher.key_len = key_len;
  c->cipher.algorithm = key_size == 16 ? SRTP_AES_GCM_128 : SRTP_AES_GCM_256;
  *cp = &c->cipher;
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_dealloc (srtp_cipher_pointer_t cp)
{
  GcmCipher *c = (GcmCipher *) cp;

  if (c == NULL)
    return srtp_err_status_bad_param;
  EVP_CIPHER_CTX_free (c->state.ctx);
  gst_secure_rtc_wipe_free (c, sizeof (*c));
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_init (void *state, const guint8 * key)
{
  GcmState *s = state;
  const EVP_CIPHER *evp = s->key_size == 16 ? EVP_aes_128_gcm () :
      EVP_aes_256_gcm ();

  s->dir = srtp_direction_any;
  if (!EVP_CIPHER_CTX_reset (s->ctx) ||
      !EVP_CipherInit_ex (s->ctx, evp, NULL, key, NULL, 0))
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_set_iv (void *state, guint8 * iv, srtp_cipher_direction_t direction)
{
  GcmState *s = state;

  if (direction != srtp_direction_encrypt &&
      direction != srtp_direction_decrypt)
    return srtp_err_status_bad_param;
  s->dir = direction;
  if (!EVP_CipherInit_ex (s->ctx, NULL, NULL, NULL, iv,
          direction == srtp_direction_encrypt ? 1 : 0))
    return srtp_err_status_init_fail;
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_set_aad (void *state, const guint8 * aad, uint32_t aad_len)
{
  GcmState *s = state;
  int outl = 0;

  if (aad_len > G_MAXINT)
    return srtp_err_status_bad_param;
  if (!EVP_CipherUpdate (s->ctx, NULL, &outl, aad, (int) aad_len))
    return srtp_err_status_algo_fail;
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_encrypt (void *state, guint8 * buf, unsigned int *len)
{
  GcmState *s = state;
  int outl = 0;

  if (s->dir != srtp_direction_encrypt || *len > G_MAXINT)
    return srtp_err_status_bad_param;
  if (!EVP_CipherUpdate (s->ctx, buf, &outl, buf, (int) *len))
    return srtp_err_status_cipher_fail;
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_get_tag (void *state, guint8 * tag, uint32_t * len)
{
  GcmState *s = state;
  guint8 dummy[16];
  int outl = 0;

  if (!EVP_CipherFinal_ex (s->ctx, dummy, &outl) ||
      !EVP_CIPHER_CTX_ctrl (s->ctx, EVP_CTRL_GCM_GET_TAG, s->tag_len, tag))
    return srtp_err_status_algo_fail;
  *len = s->tag_len;
  return srtp_err_status_ok;
}

static srtp_err_status_t
gcm_decrypt (void *state, guint8 * buf, unsigned int *len)
{
  GcmState *s = state;
  guint8 dummy[16];
  int outl = 0;
  unsigned int clen;

  if (s->dir != srtp_direction_decrypt || *len < s->tag_len || *len > G_MAXINT)
    return srtp_err_status_bad_param;
  clen = *len - s->tag_len;
  if (!EVP_CIPHER_CTX_ctrl (s->ctx, EVP_CTRL_GCM_SET_TAG, s->tag_len,
          buf + clen))
    return srtp_err_status_auth_fail;
  if (!EVP_CipherUpdate (s->ctx, buf, &outl, buf, (int) clen))
    return srtp_err_status_auth_fail;
  if (EVP_CipherFinal_ex (s->ctx, dummy, &outl) <= 0) {
    /* Never leave unauthenticated plaintext behind. */
    gst_secure_rtc_wipe (buf, clen);
    return srtp_err_status_auth_fail;
  }
  *len = clen;
  return srtp_err_status_ok;
}

/* Test Cases 4 and 16 of McGrew & Viega, "The Galois/Counter Mode of
 * Operation (GCM)" (the NIST GCM validation vectors): 60-byte plaintext,
 * 20-byte AAD, 96-bit IV. libsrtp's GCM key is key || 12-byte salt; the salt
 * is not used by the kernel. */
static guint8 gcm_iv[12] = {
  0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88
};

static const guint8 gcm_plaintext[60] = {
  0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5,
  0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26, 0x9a,
  0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda,
  0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31, 0x8a, 0x72,
  0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53,
  0x2f, 0xcf, 0x0e, 0x24, 0x49, 0xa6, 0xb5, 0x25,
  0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57,
  0xba, 0x63, 0x7b, 0x39
};

static const guint8 gcm_aad[20] = {
  0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef,
  0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef,
  0xab, 0xad, 0xda, 0xd2
};

static const guint8 gcm_128_key[16 + SALT_LEN_GCM] = {
  0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
  0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
  0x09, 0x0a, 0x0b, 0x0c
};

static const guint8 gcm_128_ciphertext[60 + 16] = {
  0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24,
  0x4b, 0x72, 0x21, 0xb7, 0x84, 0xd0, 0xd4, 0x9c,
  0xe3, 0xaa, 0x21, 0x2f, 0x2c, 0x02, 0xa4, 0xe0,
  0x35, 0xc1, 0x7e, 0x23, 0x29, 0xac, 0xa1, 0x2e,
  0x21, 0xd5, 0x14, 0xb2, 0x54, 0x66, 0x93, 0x1c,
  0x7d, 0x8f, 0x6a, 0x5a, 0xac, 0x84, 0xaa, 0x05,
  0x1b, 0xa3, 0x0b, 0x39, 0x6a, 0x0a, 0xac, 0x97,
  0x3d, 0x58, 0xe0, 0x91,
  0x5b, 0xc9, 0x4f, 0xbc, 0x32, 0x21, 0xa5, 0xdb,
  0x94, 0xfa, 0xe9, 0x5a, 0xe7, 0x12, 0x1a, 0x47
};

static const srtp_cipher_test_case_t gcm_128_test = {
  sizeof (gcm_128_key), gcm_128_key, gcm_iv,
  60, gcm_plaintext, 76, gcm_128_ciphertext, 20, gcm_aad, 16, NULL
};

static const guint8 gcm_256_key[32 + SALT_LEN_GCM] = {
  0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
  0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
  0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
  0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08,
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
  0x09, 0x0a, 0x0b, 0x0c
};

static const guint8 gcm_256_ciphertext[60 + 16] = {
  0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07,
  0xf4, 0x7f, 0x37, 0xa3, 0x2a, 0x84, 0x42, 0x7d,
  0x64, 0x3a, 0x8c, 0xdc, 0xbf, 0xe5, 0xc0, 0xc9,
  0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55, 0xd1, 0xaa,
  0x8c, 0xb0, 0x8e, 0x48, 0x59, 0x0d, 0xbb, 0x3d,
  0xa7, 0xb0, 0x8b, 0x10, 0x56, 0x82, 0x88, 0x38,
  0xc5, 0xf6, 0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a,
  0xbc, 0xc9, 0xf6, 0x62,
  0x76, 0xfc, 0x6e, 0xce, 0x0f, 0x4e, 0x17, 0x68,
  0xcd, 0xdf, 0x88, 0x53, 0xbb, 0x2d, 0x55, 0x1b
};

static const srtp_cipher_test_case_t gcm_256_test = {
  sizeof (gcm_256_key), gcm_256_key, gcm_iv,
  60, gcm_plaintext, 76, gcm_256_ciphertext, 20, gcm_aad, 16, NULL
};

static const srtp_cipher_type_t gcm_128_type = {
  gcm_alloc, gcm_dealloc, gcm_init, gcm_set_aad, gcm_encrypt, gcm_decrypt,
  gcm_set_iv, gcm_get_tag, "AES-128 GCM (gst-securertc, OpenSSL)",
  &gcm_128_test, SRTP_AES_GCM_128
};

static const srtp_cipher_type_t gcm_256_type = {
  gcm_alloc, gcm_dealloc, gcm_init, gcm_set_aad, gcm_encrypt, gcm_decrypt,
  gcm_set_iv, gcm_get_tag, "AES-256 GCM (gst-securertc, OpenSSL)",
  &gcm_256_test, SRTP_AES_GCM_256
};

/* ------------------------------------------------------------------------ */
/* HMAC-SHA1 (RFC 2104), truncated to the profile's tag length. The inner
 * and outer SHA-1 states after absorbing the padded key (ipad/opad) are
 * computed once per session key; each packet starts from a copy of the
 * inner state and finishes with a copy of the outer one. */

typedef struct
{
  SHA_CTX inner;                /* SHA1 state after (key XOR ipad) */
  SHA_CTX outer;                /* SHA1 state after (key XOR opad) */
  SHA_CTX work;
} HmacState;

typedef struct
{
  srtp_auth_t auth;
  HmacState state;
} HmacAuth;

static const srtp_auth_type_t hmac_type;

static srtp_err_status_t
hmac_alloc (srtp_auth_pointer_t * ap, int key_len, int out_len)
{
  HmacAuth *a;

  if (key_len < 0 || key_len > 64 || out_len < 0 || out_len > SHA1_LEN)
    return srtp_err_status_bad_param;

  a = g_new0 (HmacAuth, 1);
  a->auth.type = &hmac_type;
  a->auth.state = &a->state;
  a->auth.out_len = out_len;
  a->auth.key_len = key_len;
  a->auth.prefix_len = 0;
  *ap = &a->auth;
  return srtp_err_status_ok;
}

static srtp_err_status_t
hmac_dealloc (srtp_auth_pointer_t ap)
{
  HmacAuth *a = (HmacAuth *) ap;

  if (a == NULL)
    return srtp_err_status_bad_param;
  gst_secure_rtc_wipe_free (a, sizeof (*a));
  return srtp_err_status_ok;
}

static srtp_err_status_t
hmac_init (void *state, const guint8 * key, int key_len)
{
  HmacState *s = state;
  guint8 ipad[64], opad[64];
  int i;

  if (key_len < 0 || key_len > 64)
    return srtp_err_status_bad_param;
  memset (ipad, 0x36, sizeof (ipad));
  memset (opad, 0x5c, sizeof (opad));
  for (i = 0; i < key_len; i++) {
    ipad[i] ^= key[i];
    opad[i] ^= key[i];
  }
  SHA1_Init (&s->inner);
  SHA1_Update (&s->inner, ipad, sizeof (ipad));
  SHA1_Init (&s->outer);
  SHA1_Update (&s->outer, opad, sizeof (opad));
  gst_secure_rtc_wipe (ipad, sizeof (ipad));
  gst_secure_rtc_wipe (opad, sizeof (opad));
  return srtp_err_status_ok;
}

static srtp_err_status_t
hmac_start (void *state)
{
  HmacState *s = state;

  s->work = s->inner;
  return srtp_err_status_ok;
}

static srtp_err_status_t
hmac_update (void *state, const guint8 * buf, int len)
{
  HmacState *s = state;

  if (len < 0)
    return srtp_err_status_auth_fail;
  SHA1_Update (&s->work, buf, len);
  return srtp_err_status_ok;
}

static srtp_err_status_t
hmac_compute (void *state, const guint8 * buf, int len, int tag_len,
    guint8 * result)
{
  HmacState *s = state;
  guint8 digest[SHA1_LEN];

  if (tag_len < 0 || tag_len > SHA1_LEN || len < 0)
    return srtp_err_status_bad_param;
  SHA1_Update (&s->work, buf, len);
  SHA1_Final (digest, &s->work);
  s->work = s->outer;
  SHA1_Update (&s->work, digest, SHA1_LEN);
  SHA1_Final (digest, &s->work);
  memcpy (result, digest, tag_len);
  gst_secure_rtc_wipe (digest, sizeof (digest));
  gst_secure_rtc_wipe (&s->work, sizeof (s->work));
  return srtp_err_status_ok;
}

/* RFC 2202 §3, test case 1. */
static const guint8 hmac_test_key[20] = {
  0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
  0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b
};

static const guint8 hmac_test_data[8] = {
  'H', 'i', ' ', 'T', 'h', 'e', 'r', 'e'
};

static const guint8 hmac_test_tag[20] = {
  0xb6, 0x17, 0x31, 0x86, 0x55, 0x05, 0x72, 0x64, 0xe2, 0x8b,
  0xc0, 0xb6, 0xfb, 0x37, 0x8c, 0x8e, 0xf1, 0x46, 0xbe, 0x00
};

static const srtp_auth_test_case_t hmac_test = {
  sizeof (hmac_test_key), hmac_test_key, sizeof (hmac_test_data),
  hmac_test_data, sizeof (hmac_test_tag), hmac_test_tag, NULL
};

static const srtp_auth_type_t hmac_type = {
  hmac_alloc, hmac_dealloc, hmac_init, hmac_compute, hmac_update, hmac_start,
  "HMAC-SHA1 (gst-securertc, OpenSSL)", &hmac_test, SRTP_HMAC_SHA1
};

/* ------------------------------------------------------------------------ */

gconstpointer
gst_secure_rtc_srtp_kernels_get_cipher_type (gint id)
{
  switch (id) {
    case SRTP_AES_ICM_128:
      return &icm_128_type;
    case SRTP_AES_ICM_256:
      return &icm_256_type;
    case SRTP_AES_GCM_128:
      return &gcm_128_type;
    case SRTP_AES_GCM_256:
      return &gcm_256_type;
    default:
      return NULL;
  }
}

gconstpointer
gst_secure_rtc_srtp_kernels_get_auth_type (void)
{
  return &hmac_type;
}

gboolean
gst_secure_rtc_srtp_kernels_register_openssl (GError ** error)
{
  static const struct
  {
    const srtp_cipher_type_t *type;
    srtp_cipher_type_id_t id;
  } ciphers[] = {
    {&icm_128_type, SRTP_AES_ICM_128},
    {&icm_256_type, SRTP_AES_ICM_256},
    {&gcm_128_type, SRTP_AES_GCM_128},
    {&gcm_256_type, SRTP_AES_GCM_256},
  };
  srtp_err_status_t status;
  guint i;

  /* Self-test everything before replacing anything, so that a failure
   * leaves libsrtp entirely on its own kernels. */
  for (i = 0; i < G_N_ELEMENTS (ciphers); i++) {
    status = srtp_cipher_type_self_test (ciphers[i].type);
    if (status != srtp_err_status_ok) {
      g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_CRYPTO,
          "self-test of \"%s\" failed (libsrtp status %d)",
          ciphers[i].type->description, status);
      return FALSE;
    }
  }
  status = srtp_auth_type_self_test (&hmac_type);
  if (status != srtp_err_status_ok) {
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_CRYPTO,
        "self-test of \"%s\" failed (libsrtp status %d)",
        hmac_type.description, status);
    return FALSE;
  }

  for (i = 0; i < G_N_ELEMENTS (ciphers); i++) {
    status = srtp_replace_cipher_type (ciphers[i].type, ciphers[i].id);
    if (status != srtp_err_status_ok) {
      g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_CRYPTO,
          "libsrtp refused \"%s\" (status %d)", ciphers[i].type->description,
          status);
      return FALSE;
    }
  }
  status = srtp_replace_auth_type (&hmac_type, SRTP_HMAC_SHA1);
  if (status != srtp_err_status_ok) {
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_CRYPTO,
        "libsrtp refused \"%s\" (status %d)", hmac_type.description, status);
    return FALSE;
  }
  return TRUE;
}
