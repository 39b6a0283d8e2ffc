/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gstsrtpkey.h"
#include "gstsecurewipe.h"

G_DEFINE_QUARK (gst-secure-rtc-error-quark, gst_secure_rtc_error);

struct _GstSecureRtcSrtpKey
{
  gint refcount;
  GstSecureRtcSrtpProfile profile;
  guint64 serial;
  gsize len;
  guint8 material[GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN];
};

typedef struct
{
  GstSecureRtcSrtpProfile profile;
  const gchar *nick;
  const gchar *rfc_name;
  guint key_len, salt_len, rtp_tag_len, rtcp_tag_len;
} ProfileInfo;

/* RFC 3711 §8.2 / RFC 5764 §4.1.2 and RFC 7714 §12/§14.2. */
static const ProfileInfo profiles[] = {
  {GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_80, "aes-128-cm-hmac-sha1-80",
      "SRTP_AES128_CM_SHA1_80", 16, 14, 10, 10},
  {GST_SECURE_RTC_SRTP_PROFILE_AES_128_CM_HMAC_SHA1_32, "aes-128-cm-hmac-sha1-32",
      "SRTP_AES128_CM_SHA1_32", 16, 14, 4, 10},
  {GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, "aead-aes-128-gcm",
      "SRTP_AEAD_AES_128_GCM", 16, 12, 16, 16},
  {GST_SECURE_RTC_SRTP_PROFILE_AEAD_AES_256_GCM, "aead-aes-256-gcm",
      "SRTP_AEAD_AES_256_GCM", 32, 12, 16, 16},
};

static const ProfileInfo *
profile_info (GstSecureRtcSrtpProfile profile)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (profiles); i++)
    if (profiles[i].profile == profile)
      return &profiles[i];
  return NULL;
}

gboolean
gst_secure_rtc_srtp_profile_is_valid (GstSecureRtcSrtpProfile profile)
{
  return profile_info (profile) != NULL;
}

/**
 * gst_secure_rtc_srtp_profile_get_nick:
 *
 * Returns: the property nick, e.g. "aead-aes-128-gcm", or "unknown".
 */
const gchar *
gst_secure_rtc_srtp_profile_get_nick (GstSecureRtcSrtpProfile profile)
{
  const ProfileInfo *info = profile_info (profile);
  return info ? info->nick : "unknown";
}

/**
 * gst_secure_rtc_srtp_profile_get_rfc_name:
 *
 * Returns: the name used by DTLS-SRTP / OpenSSL, e.g. "SRTP_AEAD_AES_128_GCM".
 */
const gchar *
gst_secure_rtc_srtp_profile_get_rfc_name (GstSecureRtcSrtpProfile profile)
{
  const ProfileInfo *info = profile_info (profile);
  return info ? info->rfc_name : "unknown";
}

/**
 * gst_secure_rtc_srtp_profile_from_string:
 * @str: a nick ("aes-128-cm-hmac-sha1-80") or RFC name ("SRTP_AES128_CM_SHA1_80")
 *
 * Returns: %TRUE and sets @profile when @str names a profile.
 */
gboolean
gst_secure_rtc_srtp_profile_from_string (const gchar * str,
    GstSecureRtcSrtpProfile * profile)
{
  guint i;

  g_return_val_if_fail (profile != NULL, FALSE);
  if (str == NULL)
    return FALSE;
  for (i = 0; i < G_N_ELEMENTS (profiles); i++) {
    if (g_ascii_strcasecmp (str, profiles[i].nick) == 0 ||
        g_ascii_strcasecmp (str, profiles[i].rfc_name) == 0) {
      *profile = profiles[i].profile;
      return TRUE;
    }
  }
  return FALSE;
}

#define PROFILE_GETTER(field) \
guint \
gst_secure_rtc_srtp_profile_get_##field (GstSecureRtcSrtpProfile profile) \
{ \
  const ProfileInfo *info = profile_info (profile); \
  return info ? info->field : 0; \
}

PROFILE_GETTER (key_len);
PROFILE_GETTER (salt_len);
PROFILE_GETTER (rtp_tag_len);
PROFILE_GETTER (rtcp_tag_len);

static gchar *
key_value_serialize (const GValue * value)
{
  const GstSecureRtcSrtpKey *key = g_value_get_boxed (value);

  if (key == NULL)
    return g_strdup ("NULL");
  return g_strdup_printf ("\"(redacted %s key #%" G_GUINT64_FORMAT ")\"",
      gst_secure_rtc_srtp_profile_get_nick (key->profile), key->serial);
}

/* A value table whose serialiser never prints the bytes: printing a caps,
 * structure or event that holds a key (e.g. at GST_DEBUG=*:9) shows
 * "(redacted ...)". */
static void
register_value_table (GType type)
{
  static GstValueTable table = { 0, };

  table.type = type;
  table.compare = NULL;
  table.serialize = key_value_serialize;
  table.deserialize = NULL;
  gst_value_register (&table);
}

G_DEFINE_BOXED_TYPE_WITH_CODE (GstSecureRtcSrtpKey, gst_secure_rtc_srtp_key,
    gst_secure_rtc_srtp_key_ref, gst_secure_rtc_srtp_key_unref,
    register_value_table (g_define_type_id));

static gint key_serial_counter = 0;

/**
 * gst_secure_rtc_srtp_key_new:
 * @profile: the protection profile
 * @material: (array length=len): master key followed by master salt
 * @len: key length + salt length of @profile
 * @error: a #GError
 *
 * Copies @material into a new key. The caller should wipe its own copy.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with @error set when
 * the profile is unknown or @len does not match it.
 */
GstSecureRtcSrtpKey *
gst_secure_rtc_srtp_key_new (GstSecureRtcSrtpProfile profile,
    const guint8 * material, gsize len, GError ** error)
{
  const ProfileInfo *info = profile_info (profile);
  GstSecureRtcSrtpKey *key;
  gsize expected;

  if (info == NULL) {
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_PROFILE,
        _("Unknown SRTP protection profile %d."), (gint) profile);
    return NULL;
  }
  expected = info->key_len + info->salt_len;
  if (material == NULL || len != expected) {
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_KEY_LENGTH,
        _("The SRTP key is %u bytes long, but profile %s needs %u bytes "
            "(%u-byte master key followed by a %u-byte master salt, "
            "%u hexadecimal digits)."), (guint) len, info->nick,
        (guint) expected, info->key_len, info->salt_len, (guint) expected * 2);
    return NULL;
  }

  key = g_new0 (GstSecureRtcSrtpKey, 1);
  key->refcount = 1;
  key->profile = profile;
  key->serial = (guint64) (guint) g_atomic_int_add (&key_serial_counter, 1) + 1;
  key->len = len;
  memcpy (key->material, material, len);
  return key;
}

/**
 * gst_secure_rtc_srtp_key_new_from_hex:
 * @profile: the protection profile
 * @hex: master key ‖ master salt in hexadecimal (white space and ':' ignored)
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with @error set. The
 * error names the expected length and never contains the key.
 */
GstSecureRtcSrtpKey *
gst_secure_rtc_srtp_key_new_from_hex (GstSecureRtcSrtpProfile profile,
    const gchar * hex, GError ** error)
{
  guint8 bytes[GST_SECURE_RTC_SRTP_MAX_MATERIAL_LEN];
  GstSecureRtcSrtpKey *key = NULL;
  gsize n = 0;

  if (gst_secure_rtc_hex_decode_secret (hex, bytes, sizeof (bytes), &n, error)) {
    /* An over-long key was counted but not stored: report its length. */
    key = gst_secure_rtc_srtp_key_new (profile, bytes, n, error);
  }
  gst_secure_rtc_wipe (bytes, sizeof (bytes));
  return key;
}

/**
 * gst_secure_rtc_hex_decode_secret:
 * @hex: (nullable): hexadecimal digits; white space and ':' are ignored
 * @out: (array length=out_size): where to store the bytes
 * @out_size: room at @out
 * @out_len: (out): the decoded length (may exceed @out_size: the excess is
 *   counted, not stored)
 * @error: a #GError
 *
 * Decodes a secret without copying it anywhere else. Errors name the
 * position of a bad character, never the secret.
 *
 * Returns: %FALSE with @error set on a bad character or an odd digit count.
 */
gboolean
gst_secure_rtc_hex_decode_secret (const gchar * hex, guint8 * out,
    gsize out_size, gsize * out_len, GError ** error)
{
  gsize n = 0, digits = 0;
  gint hi = -1;
  const gchar *p;

  *out_len = 0;
  if (hex == NULL)
    return TRUE;

  for (p = hex; *p; p++) {
    gint v;

    if (g_ascii_isspace (*p) || *p == ':')
      continue;
    v = g_ascii_xdigit_value (*p);
    if (v < 0) {
      g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_KEY_FORMAT,
          _("The SRTP key must be hexadecimal digits only; found an invalid "
              "character at position %u."), (guint) (p - hex) + 1);
      gst_secure_rtc_wipe (out, out_size);
      return FALSE;
    }
    digits++;
    if (hi < 0) {
      hi = v;
    } else {
      if (n < out_size)
        out[n] = (guint8) ((hi << 4) | v);
      n++;
      hi = -1;
    }
  }
  if (hi >= 0) {
    g_set_error (error, GST_SECURE_RTC_ERROR, GST_SECURE_RTC_ERROR_KEY_FORMAT,
        _("The SRTP key has an odd number of hexadecimal digits (%u)."),
        (guint) digits);
    gst_secure_rtc_wipe (out, out_size);
    return FALSE;
  }
  *out_len = n;
  return TRUE;
}

GstSecureRtcSrtpKey *
gst_secure_rtc_srtp_key_ref (GstSecureRtcSrtpKey * key)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_atomic_int_inc (&key->refcount);
  return key;
}

void
gst_secure_rtc_srtp_key_unref (GstSecureRtcSrtpKey * key)
{
  g_return_if_fail (key != NULL);
  if (g_atomic_int_dec_and_test (&key->refcount))
    gst_secure_rtc_wipe_free (key, sizeof (*key));
}

GstSecureRtcSrtpProfile
gst_secure_rtc_srtp_key_get_profile (const GstSecureRtcSrtpKey * key)
{
  g_return_val_if_fail (key != NULL, 0);
  return key->profile;
}

/**
 * gst_secure_rtc_srtp_key_get_serial:
 *
 * Returns: a process-unique number for this key, safe to log (it says which
 * key is in use without saying anything about its bytes).
 */
guint64
gst_secure_rtc_srtp_key_get_serial (const GstSecureRtcSrtpKey * key)
{
  g_return_val_if_fail (key != NULL, 0);
  return key->serial;
}

/**
 * gst_secure_rtc_srtp_key_peek_material:
 * @len: (out): length of the material
 *
 * For the SRTP engine only: the master key followed by the master salt. Never
 * log, copy into long-lived memory, or expose the result.
 */
const guint8 *
gst_secure_rtc_srtp_key_peek_material (const GstSecureRtcSrtpKey * key,
    gsize * len)
{
  g_return_val_if_fail (key != NULL, NULL);
  if (len)
    *len = key->len;
  return key->material;
}

static GstEvent *
key_event_new (GstEventType type, GstSecureRtcSrtpKey * key)
{
  GstStructure *s;

  g_return_val_if_fail (key != NULL, NULL);
  s = gst_structure_new (GST_SECURE_RTC_SRTP_KEY_EVENT,
      "key", GST_SECURE_RTC_TYPE_SRTP_KEY, key, NULL);
  return gst_event_new_custom (type, s);
}

/**
 * gst_secure_rtc_srtp_key_event_new_downstream:
 * @key: (transfer none): the key the receiver decrypts with
 *
 * Returns: (transfer full): a sticky downstream custom event for srtpdecrypt.
 */
GstEvent *
gst_secure_rtc_srtp_key_event_new_downstream (GstSecureRtcSrtpKey * key)
{
  return key_event_new (GST_EVENT_CUSTOM_DOWNSTREAM_STICKY, key);
}

/**
 * gst_secure_rtc_srtp_key_event_new_upstream:
 * @key: (transfer none): the key the sender encrypts with
 *
 * Returns: (transfer full): an upstream custom event for srtpencrypt.
 */
GstEvent *
gst_secure_rtc_srtp_key_event_new_upstream (GstSecureRtcSrtpKey * key)
{
  return key_event_new (GST_EVENT_CUSTOM_UPSTREAM, key);
}

/**
 * gst_secure_rtc_srtp_key_event_parse:
 * @event: any event
 * @key: (out) (transfer full) (optional): the key it carries
 *
 * Returns: %TRUE if @event is a key event.
 */
gboolean
gst_secure_rtc_srtp_key_event_parse (GstEvent * event,
    GstSecureRtcSrtpKey ** key)
{
  const GstStructure *s;
  GstSecureRtcSrtpKey *k = NULL;

  g_return_val_if_fail (GST_IS_EVENT (event), FALSE);
  if (GST_EVENT_TYPE (event) != GST_EVENT_CUSTOM_DOWNSTREAM_STICKY &&
      GST_EVENT_TYPE (event) != GST_EVENT_CUSTOM_UPSTREAM)
    return FALSE;
  s = gst_event_get_structure (event);
  if (s == NULL || !gst_structure_has_name (s, GST_SECURE_RTC_SRTP_KEY_EVENT))
    return FALSE;
  if (!gst_structure_get (s, "key", GST_SECURE_RTC_TYPE_SRTP_KEY, &k, NULL) ||
      k == NULL)
    return FALSE;
  if (key)
    *key = k;
  else
    gst_secure_rtc_srtp_key_unref (k);
  return TRUE;
}
