/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include <gst/securertc/gstsecurewipe.h>
#include "gstpeersdp.h"

/* SDP texts larger than this are refused before parsing: a browser offer with
 * every codec is ~10 KiB. */
#define MAX_SDP_LEN (256 * 1024)
#define MAX_MEDIA 64

G_DEFINE_QUARK (gst-secure-rtc-sdp-error-quark, gst_secure_rtc_sdp_error);

GST_DEBUG_CATEGORY_STATIC (peer_sdp_debug);
#define GST_CAT_DEFAULT peer_sdp_debug

static void
ensure_debug_category (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (peer_sdp_debug, "securertc-sdp", 0,
        "gst-securertc SDP offer/answer");
    g_once_init_leave (&done, 1);
  }
}

/* Secrets (ICE password, TURN password, SDP text carrying them): wipe,
 * then free. */
static void
wipe_free_str (gchar * str)
{
  if (!str)
    return;
  gst_secure_rtc_wipe_str (str);
  g_free (str);
}

typedef struct
{
  const gchar *kind;
  const gchar *name;
  guint clock_rate;
  guint channels;
  guint default_pt;
  const gchar *fmtp;
} KnownCodec;

/* The codecs we negotiate, with the payload types our offers use. The
 * payload types are unique across kinds so that bundled m-lines can be told
 * apart by PT alone (RFC 8843 §9.2) when no MID header extension is used. */
static const KnownCodec known_codecs[] = {
  {"audio", "OPUS", 48000, 2, 111, "minptime=10;useinbandfec=1"},
  {"audio", "PCMU", 8000, 1, 0, NULL},
  {"video", "VP8", 90000, 0, 96, NULL},
  {"video", "VP9", 90000, 0, 98, NULL},
  {"video", "H264", 90000, 0, 102,
      "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"},
};

static const gchar *video_rtcp_fb[] = { "nack", "nack pli", "ccm fir" };

/* ---- small types ---- */

GstSecureRtcSdpCodec *
gst_secure_rtc_sdp_codec_new (guint pt, const gchar * encoding_name,
    guint clock_rate, guint channels, const gchar * fmtp)
{
  GstSecureRtcSdpCodec *c = g_new0 (GstSecureRtcSdpCodec, 1);

  c->pt = pt;
  c->encoding_name = g_ascii_strup (encoding_name, -1);
  c->clock_rate = clock_rate;
  c->channels = channels;
  c->fmtp = g_strdup (fmtp);
  c->rtcp_fb = g_ptr_array_new_with_free_func (g_free);
  return c;
}

GstSecureRtcSdpCodec *
gst_secure_rtc_sdp_codec_copy (const GstSecureRtcSdpCodec * codec)
{
  GstSecureRtcSdpCodec *c = gst_secure_rtc_sdp_codec_new (codec->pt,
      codec->encoding_name, codec->clock_rate, codec->channels, codec->fmtp);
  guint i;

  for (i = 0; i < codec->rtcp_fb->len; i++)
    g_ptr_array_add (c->rtcp_fb, g_strdup (g_ptr_array_index (codec->rtcp_fb,
                i)));
  return c;
}

void
gst_secure_rtc_sdp_codec_free (GstSecureRtcSdpCodec * codec)
{
  if (!codec)
    return;
  g_free (codec->encoding_name);
  g_free (codec->fmtp);
  g_ptr_array_unref (codec->rtcp_fb);
  g_free (codec);
}

static const KnownCodec *
find_known (const gchar * kind, const gchar * name, guint clock_rate)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (known_codecs); i++) {
    if (kind && g_strcmp0 (known_codecs[i].kind, kind) != 0)
      continue;
    if (g_ascii_strcasecmp (known_codecs[i].name, name) != 0)
      continue;
    if (clock_rate && known_codecs[i].clock_rate != clock_rate)
      continue;
    return &known_codecs[i];
  }
  return NULL;
}

gboolean
gst_secure_rtc_sdp_codec_is_supported (const gchar * kind,
    const gchar * encoding_name)
{
  return encoding_name && find_known (kind, encoding_name, 0) != NULL;
}

static gboolean
codec_is_supported (const gchar * kind, const GstSecureRtcSdpCodec * c)
{
  return find_known (kind, c->encoding_name, c->clock_rate) != NULL;
}

/* ---- a=fmtp parameter lists ("name=value;name=value") ---- */

/* The value of parameter @name, or NULL. Names are compared without regard
 * to case (RFC 4855 §3); the first occurrence counts. */
static gchar *
fmtp_get (const gchar * fmtp, const gchar * name)
{
  gchar **kv;
  gchar *value = NULL;
  guint i;

  if (!fmtp)
    return NULL;
  kv = g_strsplit (fmtp, ";", -1);
  for (i = 0; kv[i] && !value; i++) {
    gchar *eq = strchr (kv[i], '=');
    if (!eq)
      continue;
    *eq = '\0';
    if (g_ascii_strcasecmp (g_strstrip (kv[i]), name) == 0)
      value = g_strdup (g_strstrip (eq + 1));
  }
  g_strfreev (kv);
  return value;
}

/* @fmtp with parameter @name set to @value: replaced where it is, or
 * appended. */
static gchar *
fmtp_set (const gchar * fmtp, const gchar * name, const gchar * value)
{
  gchar **kv = g_strsplit (fmtp ? fmtp : "", ";", -1);
  GString *out = g_string_new (NULL);
  gboolean done = FALSE;
  guint i;

  for (i = 0; kv[i]; i++) {
    gchar *item = g_strstrip (kv[i]);
    gchar *eq = strchr (item, '=');
    gboolean same;

    if (!*item)
      continue;
    same = eq && (gsize) (eq - item) == strlen (name)
        && g_ascii_strncasecmp (item, name, eq - item) == 0;
    if (out->len)
      g_string_append_c (out, ';');
    if (same && !done) {
      g_string_append_printf (out, "%s=%s", name, value);
      done = TRUE;
    } else {
      g_string_append (out, item);
    }
  }
  if (!done)
    g_string_append_printf (out, "%s%s=%s", out->len ? ";" : "", name, value);
  g_strfreev (kv);
  return g_string_free (out, FALSE);
}

/* ---- H264 profile-level-id and packetization-mode ----
 *
 * RFC 6184 §8.1: profile-level-id is three bytes in hex, profile_idc,
 * profile-iop (the constraint_set0..5 flags, most significant bit first)
 * and level_idc. Its profile and the packetization-mode identify an H264
 * configuration; §8.2.2: an answerer keeps both for a payload type or
 * leaves the payload type out, and only the level may differ (lower, or
 * anything with level-asymmetry-allowed=1 on both sides).
 *
 * As in libwebrtc (Chromium), profile_idc plus constraint flags are mapped
 * to the profiles WebRTC negotiates, and two payload types match when their
 * profiles are equal and their packetization-modes are equal. A value that
 * is not 6 hex digits, or whose profile or level is none of those below,
 * makes the payload type unusable: it is left out of answers, as Chromium
 * ignores such a codec. */

typedef enum
{
  H264_PROFILE_CONSTRAINED_BASELINE,
  H264_PROFILE_BASELINE,
  H264_PROFILE_MAIN,
  H264_PROFILE_CONSTRAINED_HIGH,
  H264_PROFILE_HIGH,
  H264_PROFILE_PREDICTIVE_HIGH_444,
} H264Profile;

static const gchar *h264_profile_names[] = {
  "constrained-baseline", "baseline", "main", "constrained-high", "high",
  "predictive-high-444"
};

/* profile-iop bits that must equal @iop_value for @profile_idc to be read
 * as @profile (H.264 A.2): constraint_set1 on Baseline, constraint_set0 on
 * Main, or both on Extended mean the stream decodes with Baseline and Main
 * decoders alike: Constrained Baseline. constraint_set4+5 on High is
 * Constrained High. The low four bits (set4, set5, reserved) must be zero
 * elsewhere; constraint_set3 is free where it may mark level 1b. */
static const struct
{
  guint8 profile_idc;
  guint8 iop_mask;
  guint8 iop_value;
  H264Profile profile;
} h264_profile_patterns[] = {
  {0x42, 0x4f, 0x40, H264_PROFILE_CONSTRAINED_BASELINE},
  {0x4d, 0x8f, 0x80, H264_PROFILE_CONSTRAINED_BASELINE},
  {0x58, 0xcf, 0xc0, H264_PROFILE_CONSTRAINED_BASELINE},
  {0x42, 0x4f, 0x00, H264_PROFILE_BASELINE},
  {0x58, 0xcf, 0x80, H264_PROFILE_BASELINE},
  {0x4d, 0xaf, 0x00, H264_PROFILE_MAIN},
  {0x64, 0xff, 0x00, H264_PROFILE_HIGH},
  {0x64, 0xff, 0x0c, H264_PROFILE_CONSTRAINED_HIGH},
  {0xf4, 0xff, 0x00, H264_PROFILE_PREDICTIVE_HIGH_444},
};

/* Levels are level_idc (ten times the level number), except level 1b. */
#define H264_LEVEL_1B 0
#define H264_CONSTRAINT_SET3 0x10

typedef struct
{
  H264Profile profile;
  guint level;
  guint packetization_mode;
  gboolean has_profile_level_id;
  gboolean level_asymmetry_allowed;
} H264Params;

static gboolean
h264_is_hex6 (const gchar * str)
{
  guint i;

  if (!str || strlen (str) != 6)
    return FALSE;
  for (i = 0; i < 6; i++)
    if (!g_ascii_isxdigit (str[i]))
      return FALSE;
  return TRUE;
}

static gboolean
h264_parse_profile_level_id (const gchar * str, H264Params * p)
{
  guint8 idc, iop, level_idc;
  guint i;
  guint32 v;

  if (!h264_is_hex6 (str))
    return FALSE;
  v = (guint32) g_ascii_strtoull (str, NULL, 16);
  idc = (v >> 16) & 0xff;
  iop = (v >> 8) & 0xff;
  level_idc = v & 0xff;
  switch (level_idc) {
    case 11:
      /* Table A-1 / §8.1: level_idc 11 with constraint_set3 is level 1b
       * (in the profiles that have it: only those patterns leave set3 free) */
      p->level = (iop & H264_CONSTRAINT_SET3) ? H264_LEVEL_1B : 11;
      break;
    case 10:
    case 12:
    case 13:
    case 20:
    case 21:
    case 22:
    case 30:
    case 31:
    case 32:
    case 40:
    case 41:
    case 42:
    case 50:
    case 51:
    case 52:
    case 60:                   /* 6 to 6.2: Table A-1 since H.264's 2016 */
    case 61:                   /* edition; older libwebrtc stops at 5.2 */
    case 62:
      p->level = level_idc;
      break;
    default:
      return FALSE;
  }
  for (i = 0; i < G_N_ELEMENTS (h264_profile_patterns); i++) {
    if (h264_profile_patterns[i].profile_idc == idc
        && (iop & h264_profile_patterns[i].iop_mask) ==
        h264_profile_patterns[i].iop_value) {
      p->profile = h264_profile_patterns[i].profile;
      return TRUE;
    }
  }
  return FALSE;
}

/* Reads the H264 parameters of an a=fmtp list. When @bad is given and the
 * result is FALSE, it names the parameter that was wrong. Defaults
 * (RFC 6184 §8.1): packetization-mode 0; without profile-level-id,
 * constrained-baseline level 3.1, as libwebrtc reads it for the sake of
 * peers that send no parameters at all (the RFC says baseline level 1). */
static gboolean
h264_params_parse (const gchar * fmtp, H264Params * p, const gchar ** bad)
{
  gchar *plid = fmtp_get (fmtp, "profile-level-id");
  gchar *pmode = fmtp_get (fmtp, "packetization-mode");
  gchar *asym = fmtp_get (fmtp, "level-asymmetry-allowed");
  gboolean ok = TRUE;

  memset (p, 0, sizeof (*p));
  p->has_profile_level_id = plid != NULL;
  p->level_asymmetry_allowed = g_strcmp0 (asym, "1") == 0;
  if (!plid) {
    p->profile = H264_PROFILE_CONSTRAINED_BASELINE;
    p->level = 31;
  } else if (!h264_parse_profile_level_id (plid, p)) {
    ok = FALSE;
    if (bad)
      *bad = "profile-level-id";
  }
  if (ok && pmode) {
    if (pmode[0] >= '0' && pmode[0] <= '2' && pmode[1] == '\0') {
      p->packetization_mode = (guint) (pmode[0] - '0');
    } else {
      ok = FALSE;
      if (bad)
        *bad = "packetization-mode";
    }
  }
  g_free (plid);
  g_free (pmode);
  g_free (asym);
  return ok;
}

static gboolean
is_h264 (const GstSecureRtcSdpCodec * c)
{
  return g_ascii_strcasecmp (c->encoding_name, "H264") == 0
      && c->clock_rate == 90000;
}

/* Level 1b sits between 1 and 1.1 (H.264 Table A-1). */
static gboolean
h264_level_lower (guint a, guint b)
{
  if (a == b)
    return FALSE;
  if (a == H264_LEVEL_1B)
    return b != 10;
  if (b == H264_LEVEL_1B)
    return a == 10;
  return a < b;
}

static void
h264_level_format (guint level, gchar buf[8])
{
  if (level == H264_LEVEL_1B)
    g_strlcpy (buf, "1b", 8);
  else
    g_snprintf (buf, 8, "%u.%u", (level / 10) % 10, level % 10);
}

/* The canonical profile-level-id of a profile at a level, as libwebrtc
 * writes it; NULL for level 1b in a profile without it. */
static gchar *
h264_profile_level_id_to_string (H264Profile profile, guint level)
{
  static const gchar *prefix[] = { "42e0", "4200", "4d00", "640c", "6400",
    "f400"
  };

  if (level == H264_LEVEL_1B) {
    switch (profile) {
      case H264_PROFILE_CONSTRAINED_BASELINE:
        return g_strdup ("42f00b");
      case H264_PROFILE_BASELINE:
        return g_strdup ("42100b");
      case H264_PROFILE_MAIN:
        return g_strdup ("4d100b");
      default:
        return NULL;
    }
  }
  return g_strdup_printf ("%s%02x", prefix[profile], level);
}

/* Whether an offered H264 payload type can be received here: a
 * profile-level-id we understand and packetization-mode 0 or 1 (what
 * rtph264depay and browsers handle; 2, interleaved, is not). */
static gboolean
h264_receivable (const GstSecureRtcSdpCodec * oc)
{
  H264Params p;
  const gchar *bad = NULL;

  if (!h264_params_parse (oc->fmtp, &p, &bad)) {
    GST_DEBUG ("H264 payload type %u ignored: invalid %s", oc->pt, bad);
    return FALSE;
  }
  if (p.packetization_mode > 1) {
    GST_DEBUG ("H264 payload type %u ignored: packetization-mode %u",
        oc->pt, p.packetization_mode);
    return FALSE;
  }
  return TRUE;
}

/* The answer's codec for a local H264 sender @sc on offered payload type
 * @oc, or NULL if @oc has another profile or packetization-mode (or one we
 * cannot read). Like libwebrtc's answer: our parameters under the
 * offerer's payload type (RFC 3264 §6.1), with the profile-level-id of our
 * profile at our level if both sides allow level asymmetry, else at the
 * lower of the two levels (RFC 6184 §8.2.2). */
static GstSecureRtcSdpCodec *
h264_answer_codec (const GstSecureRtcSdpCodec * oc,
    const GstSecureRtcSdpCodec * sc)
{
  H264Params local, remote;
  GstSecureRtcSdpCodec *c;
  guint level;

  if (!h264_params_parse (sc->fmtp, &local, NULL))
    return NULL;
  if (!h264_params_parse (oc->fmtp, &remote, NULL)) {
    GST_DEBUG ("offered H264 payload type %u ignored: unreadable fmtp",
        oc->pt);
    return NULL;
  }
  if (remote.packetization_mode != local.packetization_mode
      || remote.profile != local.profile) {
    GST_DEBUG ("offered H264 payload type %u is %s/%u, local stream is %s/%u",
        oc->pt, h264_profile_names[remote.profile],
        remote.packetization_mode, h264_profile_names[local.profile],
        local.packetization_mode);
    return NULL;
  }
  c = gst_secure_rtc_sdp_codec_copy (oc);
  g_free (c->fmtp);
  c->fmtp = g_strdup (sc->fmtp);
  /* Neither side named a profile-level-id: both mean the default, and so
   * does the answer (as libwebrtc does). */
  if (!local.has_profile_level_id && !remote.has_profile_level_id)
    return c;
  if (local.level_asymmetry_allowed && remote.level_asymmetry_allowed)
    level = local.level;
  else
    level = h264_level_lower (remote.level, local.level) ? remote.level :
        local.level;
  if (h264_level_lower (remote.level, local.level)) {
    gchar l[8], r[8];
    h264_level_format (local.level, l);
    h264_level_format (remote.level, r);
    GST_WARNING ("the local H264 stream is level %s but the offer receives "
        "at most level %s on payload type %u: the peer may not decode it",
        l, r, oc->pt);
  }
  {
    gchar *plid = h264_profile_level_id_to_string (local.profile, level);
    gchar *fmtp;
    if (plid) {
      fmtp = fmtp_set (c->fmtp, "profile-level-id", plid);
      g_free (c->fmtp);
      c->fmtp = fmtp;
      g_free (plid);
    }
  }
  GST_DEBUG ("H264 %s/%u answered on payload type %u with fmtp %s",
      h264_profile_names[local.profile], local.packetization_mode, oc->pt,
      c->fmtp);
  return c;
}

/* "102 baseline/1, 104 baseline/0, 99 unreadable": the H264 payload types
 * of an offered section, for error messages. */
static gchar *
h264_describe_offered (const GstSecureRtcSdpMedia * om)
{
  GString *s = g_string_new (NULL);
  guint k;

  for (k = 0; k < om->codecs->len; k++) {
    const GstSecureRtcSdpCodec *oc = g_ptr_array_index (om->codecs, k);
    H264Params p;
    if (!is_h264 (oc))
      continue;
    if (s->len)
      g_string_append (s, ", ");
    if (h264_params_parse (oc->fmtp, &p, NULL))
      g_string_append_printf (s, "%u %s/%u", oc->pt,
          h264_profile_names[p.profile], p.packetization_mode);
    else
      g_string_append_printf (s, "%u unreadable", oc->pt);
  }
  if (!s->len)
    g_string_append (s, "none");
  return g_string_free (s, FALSE);
}

GstSecureRtcSdpCodec *
gst_secure_rtc_sdp_codec_from_caps (const GstCaps * caps, gchar ** kind,
    GError ** error)
{
  const GstStructure *s;
  const gchar *media, *name, *params;
  gint pt = -1, rate = 0;
  const KnownCodec *known;
  GstSecureRtcSdpCodec *c;
  GString *fmtp;

  if (!caps || gst_caps_get_size (caps) != 1 || !gst_caps_is_fixed (caps)) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INVALID, _("The stream caps are not fixed "
            "application/x-rtp caps."));
    return NULL;
  }
  s = gst_caps_get_structure (caps, 0);
  media = gst_structure_get_string (s, "media");
  name = gst_structure_get_string (s, "encoding-name");
  if (!gst_structure_has_name (s, "application/x-rtp") || !media || !name
      || !gst_structure_get_int (s, "payload", &pt)
      || !gst_structure_get_int (s, "clock-rate", &rate)) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INVALID, _("The stream caps lack one of "
            "media, encoding-name, payload or clock-rate."));
    return NULL;
  }
  known = find_known (media, name, rate);
  if (!known) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        _("Codec %s/%d (%s) is not supported; use VP8, VP9, H264, Opus or "
            "PCMU."), name, rate, media);
    return NULL;
  }
  params = gst_structure_get_string (s, "encoding-params");
  fmtp = g_string_new (NULL);
  if (g_str_equal (known->name, "H264")) {
    const gchar *plid = gst_structure_get_string (s, "profile-level-id");
    const gchar *pmode = gst_structure_get_string (s, "packetization-mode");
    H264Params hp;

    /* Answers match payload types by profile and packetization-mode: the
     * stream's own must be readable (rtph264pay writes both). */
    if (plid && !h264_parse_profile_level_id (plid, &hp)) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR, h264_is_hex6 (plid) ?
          GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED :
          GST_SECURE_RTC_SDP_ERROR_INVALID,
          _("The H264 stream caps have profile-level-id \"%.16s\": expected "
              "6 hex digits naming constrained-baseline, baseline, main, "
              "constrained-high, high or predictive-high-444 at a level from "
              "1 to 6.2."), plid);
      g_string_free (fmtp, TRUE);
      return NULL;
    }
    if (pmode && !g_str_equal (pmode, "0") && !g_str_equal (pmode, "1")) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
          GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
          _("The H264 stream caps have packetization-mode \"%.16s\": only 0 "
              "and 1 are supported."), pmode);
      g_string_free (fmtp, TRUE);
      return NULL;
    }
    g_string_append_printf (fmtp, "level-asymmetry-allowed=1;"
        "packetization-mode=%s;profile-level-id=%s", pmode ? pmode : "1",
        plid ? plid : "42e01f");
  } else if (known->fmtp) {
    g_string_append (fmtp, known->fmtp);
  }
  c = gst_secure_rtc_sdp_codec_new (pt, known->name, rate,
      params ? (guint) g_ascii_strtoull (params, NULL, 10) : known->channels,
      fmtp->len ? fmtp->str : NULL);
  g_string_free (fmtp, TRUE);
  if (g_str_equal (media, "video")) {
    guint i;
    for (i = 0; i < G_N_ELEMENTS (video_rtcp_fb); i++)
      g_ptr_array_add (c->rtcp_fb, g_strdup (video_rtcp_fb[i]));
  }
  if (kind)
    *kind = g_strdup (media);
  return c;
}

GstCaps *
gst_secure_rtc_sdp_codec_to_caps (const GstSecureRtcSdpCodec * codec,
    const gchar * kind)
{
  GstCaps *caps = gst_caps_new_simple ("application/x-rtp",
      "media", G_TYPE_STRING, kind,
      "encoding-name", G_TYPE_STRING, codec->encoding_name,
      "clock-rate", G_TYPE_INT, (gint) codec->clock_rate,
      "payload", G_TYPE_INT, (gint) codec->pt, NULL);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  guint i;

  if (codec->channels > 1) {
    gchar *p = g_strdup_printf ("%u", codec->channels);
    gst_structure_set (s, "encoding-params", G_TYPE_STRING, p, NULL);
    g_free (p);
  }
  if (codec->fmtp) {
    gchar **kv = g_strsplit (codec->fmtp, ";", -1);
    for (i = 0; kv[i]; i++) {
      gchar *eq = strchr (kv[i], '=');
      gchar *key;
      if (!eq)
        continue;
      *eq = '\0';
      key = g_ascii_strdown (g_strstrip (kv[i]), -1);
      /* Field names must be valid GstStructure names; skip anything odd. */
      if (key[0] && g_ascii_isalpha (key[0]) && !gst_structure_has_field (s,
              key))
        gst_structure_set (s, key, G_TYPE_STRING, g_strstrip (eq + 1), NULL);
      g_free (key);
    }
    g_strfreev (kv);
  }
  for (i = 0; i < codec->rtcp_fb->len; i++) {
    const gchar *fb = g_ptr_array_index (codec->rtcp_fb, i);
    gchar *field = g_strdup_printf ("rtcp-fb-%s", fb);
    g_strdelimit (field, " ", '-');
    gst_structure_set (s, field, G_TYPE_BOOLEAN, TRUE, NULL);
    g_free (field);
  }
  return caps;
}

GstSecureRtcSdpMedia *
gst_secure_rtc_sdp_media_new (const gchar * kind)
{
  GstSecureRtcSdpMedia *m = g_new0 (GstSecureRtcSdpMedia, 1);

  m->kind = g_strdup (kind);
  m->codecs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_codec_free);
  m->candidates = g_ptr_array_new_with_free_func (g_free);
  m->sender = -1;
  return m;
}

void
gst_secure_rtc_sdp_media_free (GstSecureRtcSdpMedia * media)
{
  if (!media)
    return;
  g_free (media->kind);
  g_free (media->mid);
  g_free (media->proto);
  g_free (media->cname);
  g_free (media->msid);
  g_ptr_array_unref (media->codecs);
  g_ptr_array_unref (media->candidates);
  g_free (media);
}

const GstSecureRtcSdpCodec *
gst_secure_rtc_sdp_media_find_codec (const GstSecureRtcSdpMedia * media,
    guint pt)
{
  guint i;

  for (i = 0; i < media->codecs->len; i++) {
    const GstSecureRtcSdpCodec *c = g_ptr_array_index (media->codecs, i);
    if (c->pt == pt)
      return c;
  }
  return NULL;
}

GstSecureRtcSdpDescription *
gst_secure_rtc_sdp_description_new (void)
{
  GstSecureRtcSdpDescription *d = g_new0 (GstSecureRtcSdpDescription, 1);

  d->bundle = g_ptr_array_new_with_free_func (g_free);
  d->media = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_media_free);
  return d;
}

void
gst_secure_rtc_sdp_description_free (GstSecureRtcSdpDescription * desc)
{
  if (!desc)
    return;
  g_free (desc->ice_ufrag);
  wipe_free_str (desc->ice_pwd);
  g_free (desc->fingerprint);
  g_ptr_array_unref (desc->bundle);
  g_ptr_array_unref (desc->media);
  g_free (desc);
}

gint
gst_secure_rtc_sdp_description_find_media (const GstSecureRtcSdpDescription *
    desc, guint pt)
{
  guint i;

  for (i = 0; i < desc->media->len; i++) {
    const GstSecureRtcSdpMedia *m = g_ptr_array_index (desc->media, i);
    if (!m->rejected && gst_secure_rtc_sdp_media_find_codec (m, pt))
      return (gint) i;
  }
  return -1;
}

const gchar *
gst_secure_rtc_sdp_setup_to_string (GstSecureRtcSdpSetup setup)
{
  switch (setup) {
    case GST_SECURE_RTC_SDP_SETUP_ACTIVE:
      return "active";
    case GST_SECURE_RTC_SDP_SETUP_PASSIVE:
      return "passive";
    case GST_SECURE_RTC_SDP_SETUP_ACTPASS:
    default:
      return "actpass";
  }
}

const gchar *
gst_secure_rtc_sdp_direction_to_string (GstSecureRtcSdpDirection direction)
{
  static const gchar *names[] = { "sendrecv", "sendonly", "recvonly",
    "inactive"
  };
  return names[direction];
}

void
gst_secure_rtc_sdp_message_wipe_free (GstSDPMessage * msg)
{
  if (!msg)
    return;
  gst_secure_rtc_sdp_message_wipe (msg);
  gst_sdp_message_free (msg);
}

void
gst_secure_rtc_sdp_message_wipe (GstSDPMessage * msg)
{
  guint i, j;

  if (!msg)
    return;
  /* The ICE password may sit in any section: wipe every attribute named
   * ice-pwd in place before the message frees its strings. */
  for (i = 0; i < gst_sdp_message_attributes_len (msg); i++) {
    const GstSDPAttribute *a = gst_sdp_message_get_attribute (msg, i);
    if (a->key && g_str_equal (a->key, "ice-pwd") && a->value)
      gst_secure_rtc_wipe (a->value, strlen (a->value));
  }
  for (i = 0; i < gst_sdp_message_medias_len (msg); i++) {
    const GstSDPMedia *m = gst_sdp_message_get_media (msg, i);
    for (j = 0; j < gst_sdp_media_attributes_len (m); j++) {
      const GstSDPAttribute *a = gst_sdp_media_get_attribute (m, j);
      if (a->key && g_str_equal (a->key, "ice-pwd") && a->value)
        gst_secure_rtc_wipe (a->value, strlen (a->value));
    }
  }
}

/* ---- parsing ---- */

static gboolean
is_ice_chars (const gchar * s)
{
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && *s != '+' && *s != '/')
      return FALSE;
  return TRUE;
}

/* RFC 8122 §5: hash-func SP fingerprint, hex pairs joined by ':'. Only
 * sha-256/384/512 are accepted; the result is normalised. */
static gchar *
parse_fingerprint (const gchar * value, GError ** error)
{
  gchar **parts = g_strsplit (value, " ", 2);
  gchar *hash = NULL, *out = NULL;
  gsize expected = 0, n = 0, i;
  const gchar *p;

  if (!parts[0] || !parts[1])
    goto bad;
  hash = g_ascii_strdown (parts[0], -1);
  if (g_str_equal (hash, "sha-256"))
    expected = 32;
  else if (g_str_equal (hash, "sha-384"))
    expected = 48;
  else if (g_str_equal (hash, "sha-512"))
    expected = 64;
  else {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        _("SDP a=fingerprint uses hash function \"%.16s\"; only sha-256, "
            "sha-384 and sha-512 are accepted."), parts[0]);
    g_strfreev (parts);
    g_free (hash);
    return NULL;
  }
  p = g_strstrip (parts[1]);
  for (i = 0; p[i]; i += 3) {
    if (!g_ascii_isxdigit (p[i]) || !g_ascii_isxdigit (p[i + 1]))
      goto bad;
    n++;
    if (p[i + 2] == '\0')
      break;
    if (p[i + 2] != ':')
      goto bad;
  }
  if (n != expected || p[3 * n - 1] != '\0')
    goto bad;
  {
    gchar *up = g_ascii_strup (p, -1);
    out = g_strdup_printf ("%s %s", hash, up);
    g_free (up);
  }
  g_strfreev (parts);
  g_free (hash);
  return out;

bad:
  g_set_error (error, GST_SECURE_RTC_SDP_ERROR, GST_SECURE_RTC_SDP_ERROR_INVALID,
      _("SDP a=fingerprint is malformed: expected \"sha-256 AB:CD:…\" with "
          "the number of bytes of its hash."));
  g_strfreev (parts);
  g_free (hash);
  return NULL;
}

static const gchar *
attr (const GstSDPMedia * m, const GstSDPMessage * msg, const gchar * key)
{
  const gchar *v = m ? gst_sdp_media_get_attribute_val (m, key) : NULL;

  if (!v && msg)
    v = gst_sdp_message_get_attribute_val (msg, key);
  return v;
}

static gboolean
parse_codecs (const GstSDPMedia * sm, GstSecureRtcSdpMedia * m, guint index,
    GError ** error)
{
  guint i, j;

  for (i = 0; i < gst_sdp_media_formats_len (sm); i++) {
    const gchar *fmt = gst_sdp_media_get_format (sm, i);
    gchar *end = NULL;
    guint64 pt = g_ascii_strtoull (fmt, &end, 10);
    GstSecureRtcSdpCodec *c = NULL;

    if (!end || *end || end == fmt || pt > 127) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
          GST_SECURE_RTC_SDP_ERROR_INVALID,
          _("SDP m-line %u has an invalid payload type \"%.16s\"."), index,
          fmt);
      return FALSE;
    }
    for (j = 0; j < gst_sdp_media_attributes_len (sm); j++) {
      const GstSDPAttribute *a = gst_sdp_media_get_attribute (sm, j);
      gchar *rest;
      guint64 apt;

      if (!a->value || !a->key)
        continue;
      apt = g_ascii_strtoull (a->value, &rest, 10);
      if (rest == a->value || apt != pt || (*rest != ' ' && *rest != '\0'))
        continue;
      while (*rest == ' ')
        rest++;
      if (g_str_equal (a->key, "rtpmap") && !c) {
        gchar **p = g_strsplit (rest, "/", 3);
        guint64 rate = p[0] && p[1] ? g_ascii_strtoull (p[1], NULL, 10) : 0;
        if (!p[0] || !*p[0] || !p[1] || rate == 0 || rate > G_MAXINT) {
          g_strfreev (p);
          g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
              GST_SECURE_RTC_SDP_ERROR_INVALID,
              _("SDP m-line %u: a=rtpmap for payload %u is malformed "
                  "(expected \"%u name/rate[/channels]\")."), index,
              (guint) pt, (guint) pt);
          return FALSE;
        }
        c = gst_secure_rtc_sdp_codec_new ((guint) pt, p[0], (guint) rate,
            p[2] ? (guint) g_ascii_strtoull (p[2], NULL, 10) : 0, NULL);
        g_strfreev (p);
      }
    }
    if (!c) {
      /* Static payload types need no rtpmap (RFC 3551). */
      if (pt == 0)
        c = gst_secure_rtc_sdp_codec_new (0, "PCMU", 8000, 1, NULL);
      else if (pt == 8)
        c = gst_secure_rtc_sdp_codec_new (8, "PCMA", 8000, 1, NULL);
      else if (pt == 9)
        c = gst_secure_rtc_sdp_codec_new (9, "G722", 8000, 1, NULL);
      else
        c = gst_secure_rtc_sdp_codec_new ((guint) pt, "UNKNOWN", 0, 0, NULL);
    }
    for (j = 0; j < gst_sdp_media_attributes_len (sm); j++) {
      const GstSDPAttribute *a = gst_sdp_media_get_attribute (sm, j);
      gchar *rest;
      gboolean star;
      guint64 apt;

      if (!a->value || !a->key)
        continue;
      star = a->value[0] == '*';
      apt = g_ascii_strtoull (a->value, &rest, 10);
      if (star)
        rest = a->value + 1;
      else if (rest == a->value || apt != pt || *rest != ' ')
        continue;
      if (g_str_equal (a->key, "fmtp") && !star && !c->fmtp)
        c->fmtp = g_strstrip (g_strdup (rest));
      else if (g_str_equal (a->key, "rtcp-fb"))
        g_ptr_array_add (c->rtcp_fb, g_strstrip (g_strdup (rest)));
    }
    g_ptr_array_add (m->codecs, c);
  }
  return TRUE;
}

static gboolean
parse_ssrc (const GstSDPMedia * sm, GstSecureRtcSdpMedia * m)
{
  guint j;

  for (j = 0; j < gst_sdp_media_attributes_len (sm); j++) {
    const GstSDPAttribute *a = gst_sdp_media_get_attribute (sm, j);
    gchar *rest;
    guint64 ssrc;

    if (!a->key || !a->value || !g_str_equal (a->key, "ssrc"))
      continue;
    ssrc = g_ascii_strtoull (a->value, &rest, 10);
    if (rest == a->value || ssrc > G_MAXUINT32)
      continue;
    if (!m->has_ssrc) {
      m->has_ssrc = TRUE;
      m->ssrc = (guint32) ssrc;
    } else if (m->ssrc != ssrc) {
      continue;                 /* rtx/fec SSRCs of a group: keep the first */
    }
    if (g_str_has_prefix (rest, " cname:") && !m->cname)
      m->cname = g_strdup (rest + 7);
  }
  return TRUE;
}

static gboolean
check_lines (const gchar * text, GError ** error)
{
  const gchar *p = text;
  guint line = 1;

  if (strlen (text) > MAX_SDP_LEN) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_SYNTAX,
        _("The SDP is larger than %u bytes."), MAX_SDP_LEN);
    return FALSE;
  }
  if (!g_utf8_validate (text, -1, NULL)) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_SYNTAX, _("The SDP is not valid UTF-8."));
    return FALSE;
  }
  if (!g_str_has_prefix (text, "v=")) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_SYNTAX,
        _("The SDP does not start with a \"v=\" line."));
    return FALSE;
  }
  while (*p) {
    const gchar *eol = strchr (p, '\n');
    gsize len = eol ? (gsize) (eol - p) : strlen (p);

    if (len > 0 && p[len - 1] == '\r')
      len--;
    if (len > 0 && (len < 2 || !g_ascii_islower (p[0]) || p[1] != '=')) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
          GST_SECURE_RTC_SDP_ERROR_SYNTAX,
          _("SDP line %u is not of the form \"<type>=<value>\"."), line);
      return FALSE;
    }
    if (!eol)
      break;
    p = eol + 1;
    line++;
  }
  return TRUE;
}

GstSecureRtcSdpDescription *
gst_secure_rtc_sdp_description_parse (const gchar * text, GError ** error)
{
  GstSDPMessage *msg = NULL;
  GstSecureRtcSdpDescription *desc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!text || !*text) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_SYNTAX, _("The SDP is empty."));
    return NULL;
  }
  if (!check_lines (text, error))
    return NULL;
  if (gst_sdp_message_new_from_text (text, &msg) != GST_SDP_OK || !msg) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_SYNTAX, _("The SDP could not be parsed."));
    return NULL;
  }
  desc = gst_secure_rtc_sdp_description_from_message (msg, error);
  gst_secure_rtc_sdp_message_wipe_free (msg);
  return desc;
}

#define FAIL(code, ...) G_STMT_START { \
  g_set_error (error, GST_SECURE_RTC_SDP_ERROR, code, __VA_ARGS__); \
  goto fail; } G_STMT_END

GstSecureRtcSdpDescription *
gst_secure_rtc_sdp_description_from_message (const GstSDPMessage * msg,
    GError ** error)
{
  GstSecureRtcSdpDescription *desc = gst_secure_rtc_sdp_description_new ();
  const GstSDPMedia *transport = NULL;
  const gchar *v;
  guint i, n;

  if (g_strcmp0 (gst_sdp_message_get_version (msg), "0") != 0)
    FAIL (GST_SECURE_RTC_SDP_ERROR_INVALID,
        _("SDP version (v=) must be 0."));
  if (!gst_sdp_message_get_origin (msg)->sess_id)
    FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING,
        _("The SDP has no valid origin (o=) line."));
  n = gst_sdp_message_medias_len (msg);
  if (n == 0)
    FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING,
        _("The SDP has no media section (m= line)."));
  if (n > MAX_MEDIA)
    FAIL (GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        _("The SDP has %u media sections; at most %u are accepted."), n,
        MAX_MEDIA);

  /* BUNDLE group (RFC 8843): at most one is used; other groups ignored. */
  for (i = 0; i < gst_sdp_message_attributes_len (msg); i++) {
    const GstSDPAttribute *a = gst_sdp_message_get_attribute (msg, i);
    if (a->key && g_str_equal (a->key, "group") && a->value
        && g_str_has_prefix (a->value, "BUNDLE") && desc->bundle->len == 0) {
      gchar **mids = g_strsplit (a->value + 6, " ", -1);
      guint k;
      for (k = 0; mids[k]; k++)
        if (*mids[k])
          g_ptr_array_add (desc->bundle, g_strdup (mids[k]));
      g_strfreev (mids);
    }
  }
  desc->ice_lite = gst_sdp_message_get_attribute_val (msg, "ice-lite") != NULL;

  for (i = 0; i < n; i++) {
    const GstSDPMedia *sm = gst_sdp_message_get_media (msg, i);
    GstSecureRtcSdpMedia *m;
    guint k;

    if (!gst_sdp_media_get_media (sm) || !gst_sdp_media_get_proto (sm))
      FAIL (GST_SECURE_RTC_SDP_ERROR_INVALID,
          _("SDP m-line %u is incomplete (expected \"m=<media> <port> "
              "<proto> <fmt>…\")."), i);
    m = gst_secure_rtc_sdp_media_new (gst_sdp_media_get_media (sm));
    g_ptr_array_add (desc->media, m);
    m->proto = g_strdup (gst_sdp_media_get_proto (sm));
    m->mid = g_strdup (gst_sdp_media_get_attribute_val (sm, "mid"));
    m->rtcp_mux = gst_sdp_media_get_attribute_val (sm, "rtcp-mux") != NULL;
    m->msid = g_strdup (gst_sdp_media_get_attribute_val (sm, "msid"));
    if (gst_sdp_media_get_attribute_val (sm, "sendonly"))
      m->direction = GST_SECURE_RTC_SDP_DIRECTION_SENDONLY;
    else if (gst_sdp_media_get_attribute_val (sm, "recvonly"))
      m->direction = GST_SECURE_RTC_SDP_DIRECTION_RECVONLY;
    else if (gst_sdp_media_get_attribute_val (sm, "inactive"))
      m->direction = GST_SECURE_RTC_SDP_DIRECTION_INACTIVE;
    else
      m->direction = GST_SECURE_RTC_SDP_DIRECTION_SENDRECV;

    if (gst_sdp_media_get_port (sm) == 0
        && !gst_sdp_media_get_attribute_val (sm, "bundle-only"))
      m->rejected = TRUE;
    if (g_str_equal (m->kind, "audio") || g_str_equal (m->kind, "video")) {
      if (!g_str_equal (m->proto, "UDP/TLS/RTP/SAVPF")
          && !g_str_equal (m->proto, "UDP/TLS/RTP/SAVP")) {
        /* Plain RTP/AVP or SDES (RTP/SAVP) would bypass DTLS-SRTP. */
        if (!m->rejected)
          FAIL (GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
              _("SDP m-line %u uses transport \"%.32s\"; only "
                  "UDP/TLS/RTP/SAVPF (DTLS-SRTP) is accepted."), i, m->proto);
      }
      if (!parse_codecs (sm, m, i, error))
        goto fail;
      parse_ssrc (sm, m);
    }
    for (k = 0; k < gst_sdp_media_attributes_len (sm); k++) {
      const GstSDPAttribute *a = gst_sdp_media_get_attribute (sm, k);
      if (a->key && g_str_equal (a->key, "candidate") && a->value)
        g_ptr_array_add (m->candidates, g_strdup_printf ("candidate:%s",
                a->value));
    }
    if (!m->rejected && !m->mid && (desc->bundle->len || n > 1))
      FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING,
          _("SDP m-line %u has no a=mid."), i);
    if (!m->rejected && !transport) {
      gboolean bundled = desc->bundle->len == 0;
      for (k = 0; k < desc->bundle->len; k++)
        if (g_strcmp0 (m->mid, g_ptr_array_index (desc->bundle, k)) == 0)
          bundled = TRUE;
      if (bundled)
        transport = sm;
    }
  }
  if (!transport)
    FAIL (GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        _("The SDP has no usable media section (all are rejected or outside "
            "the BUNDLE group)."));

  /* Transport attributes of the BUNDLE transport: media level first, then
   * session level (RFC 8843 §7, 8839 §5). */
  v = attr (transport, msg, "ice-ufrag");
  if (!v)
    FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING, _("The SDP has no a=ice-ufrag."));
  if (strlen (v) < 4 || strlen (v) > 256 || !is_ice_chars (v))
    FAIL (GST_SECURE_RTC_SDP_ERROR_INVALID,
        _("SDP a=ice-ufrag must be 4 to 256 ICE characters."));
  desc->ice_ufrag = g_strdup (v);
  v = attr (transport, msg, "ice-pwd");
  if (!v)
    FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING, _("The SDP has no a=ice-pwd."));
  /* Never quote the password in the message. */
  if (strlen (v) < 22 || strlen (v) > 256 || !is_ice_chars (v))
    FAIL (GST_SECURE_RTC_SDP_ERROR_INVALID,
        _("SDP a=ice-pwd must be 22 to 256 ICE characters."));
  desc->ice_pwd = g_strdup (v);
  v = attr (transport, msg, "fingerprint");
  if (!v)
    FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING,
        _("The SDP has no a=fingerprint: DTLS-SRTP needs the peer's "
            "certificate fingerprint."));
  desc->fingerprint = parse_fingerprint (v, error);
  if (!desc->fingerprint)
    goto fail;
  v = attr (transport, msg, "setup");
  if (!v)
    FAIL (GST_SECURE_RTC_SDP_ERROR_MISSING, _("The SDP has no a=setup."));
  if (g_str_equal (v, "actpass"))
    desc->setup = GST_SECURE_RTC_SDP_SETUP_ACTPASS;
  else if (g_str_equal (v, "active"))
    desc->setup = GST_SECURE_RTC_SDP_SETUP_ACTIVE;
  else if (g_str_equal (v, "passive"))
    desc->setup = GST_SECURE_RTC_SDP_SETUP_PASSIVE;
  else
    FAIL (GST_SECURE_RTC_SDP_ERROR_INVALID,
        _("SDP a=setup is \"%.16s\"; expected actpass, active or passive."),
        v);
  return desc;

fail:
  gst_secure_rtc_sdp_description_free (desc);
  return NULL;
}

#undef FAIL

/* ---- writing ---- */

static void
add_attr (GstSDPMedia * m, const gchar * key, const gchar * value)
{
  gst_sdp_media_add_attribute (m, key, value);
}

GstSDPMessage *
gst_secure_rtc_sdp_description_to_message (const GstSecureRtcSdpDescription *
    desc, guint64 session_id)
{
  GstSDPMessage *msg;
  gchar *sid;
  guint i, j;

  gst_sdp_message_new (&msg);
  gst_sdp_message_set_version (msg, "0");
  sid = g_strdup_printf ("%" G_GUINT64_FORMAT, session_id);
  gst_sdp_message_set_origin (msg, "-", sid, "2", "IN", "IP4", "127.0.0.1");
  g_free (sid);
  gst_sdp_message_set_session_name (msg, "-");
  gst_sdp_message_add_time (msg, "0", "0", NULL);
  if (desc->bundle->len) {
    GString *g = g_string_new ("BUNDLE");
    for (i = 0; i < desc->bundle->len; i++)
      g_string_append_printf (g, " %s", (gchar *) g_ptr_array_index
          (desc->bundle, i));
    gst_sdp_message_add_attribute (msg, "group", g->str);
    g_string_free (g, TRUE);
  }
  gst_sdp_message_add_attribute (msg, "ice-options", "trickle");
  gst_sdp_message_add_attribute (msg, "msid-semantic", " WMS *");

  for (i = 0; i < desc->media->len; i++) {
    const GstSecureRtcSdpMedia *m = g_ptr_array_index (desc->media, i);
    GstSDPMedia *sm;
    gchar *tmp;

    gst_sdp_media_new (&sm);
    gst_sdp_media_set_media (sm, m->kind);
    gst_sdp_media_set_port_info (sm, m->rejected ? 0 : 9, 0);
    gst_sdp_media_set_proto (sm, m->proto ? m->proto : "UDP/TLS/RTP/SAVPF");
    gst_sdp_media_add_connection (sm, "IN", "IP4", "0.0.0.0", 0, 0);
    for (j = 0; j < m->codecs->len; j++) {
      const GstSecureRtcSdpCodec *c = g_ptr_array_index (m->codecs, j);
      tmp = g_strdup_printf ("%u", c->pt);
      gst_sdp_media_add_format (sm, tmp);
      g_free (tmp);
    }
    if (m->codecs->len == 0)
      gst_sdp_media_add_format (sm, g_str_equal (m->kind, "application") ?
          "webrtc-datachannel" : "0");
    if (m->mid)
      add_attr (sm, "mid", m->mid);
    if (m->rejected) {
      gst_sdp_message_add_media (msg, sm);
      gst_sdp_media_free (sm);
      continue;
    }
    add_attr (sm, "rtcp", "9 IN IP4 0.0.0.0");
    add_attr (sm, "ice-ufrag", desc->ice_ufrag);
    add_attr (sm, "ice-pwd", desc->ice_pwd);
    add_attr (sm, "ice-options", "trickle");
    add_attr (sm, "fingerprint", desc->fingerprint);
    add_attr (sm, "setup", gst_secure_rtc_sdp_setup_to_string (desc->setup));
    add_attr (sm, gst_secure_rtc_sdp_direction_to_string (m->direction), "");
    add_attr (sm, "rtcp-mux", "");
    for (j = 0; j < m->codecs->len; j++) {
      const GstSecureRtcSdpCodec *c = g_ptr_array_index (m->codecs, j);
      guint k;

      if (c->channels > 1)
        tmp = g_strdup_printf ("%u %s/%u/%u", c->pt, c->encoding_name,
            c->clock_rate, c->channels);
      else
        tmp = g_strdup_printf ("%u %s/%u", c->pt, c->encoding_name,
            c->clock_rate);
      add_attr (sm, "rtpmap", tmp);
      g_free (tmp);
      for (k = 0; k < c->rtcp_fb->len; k++) {
        tmp = g_strdup_printf ("%u %s", c->pt,
            (gchar *) g_ptr_array_index (c->rtcp_fb, k));
        add_attr (sm, "rtcp-fb", tmp);
        g_free (tmp);
      }
      if (c->fmtp) {
        tmp = g_strdup_printf ("%u %s", c->pt, c->fmtp);
        add_attr (sm, "fmtp", tmp);
        g_free (tmp);
      }
    }
    if (m->msid)
      add_attr (sm, "msid", m->msid);
    if (m->has_ssrc && (m->direction == GST_SECURE_RTC_SDP_DIRECTION_SENDRECV
            || m->direction == GST_SECURE_RTC_SDP_DIRECTION_SENDONLY)) {
      if (m->msid) {
        tmp = g_strdup_printf ("%u msid:%s", m->ssrc, m->msid);
        add_attr (sm, "ssrc", tmp);
        g_free (tmp);
      }
      tmp = g_strdup_printf ("%u cname:%s", m->ssrc,
          m->cname ? m->cname : "securepeer");
      add_attr (sm, "ssrc", tmp);
      g_free (tmp);
    }
    for (j = 0; j < m->candidates->len; j++) {
      const gchar *c = g_ptr_array_index (m->candidates, j);
      if (g_str_has_prefix (c, "candidate:"))
        add_attr (sm, "candidate", c + 10);
    }
    gst_sdp_message_add_media (msg, sm);
    gst_sdp_media_free (sm);
  }
  return msg;
}

gchar *
gst_secure_rtc_sdp_description_summary (const GstSecureRtcSdpDescription *
    desc)
{
  GString *s = g_string_new (NULL);
  guint i;

  g_string_append_printf (s, "setup=%s fingerprint=%s bundle=%u",
      gst_secure_rtc_sdp_setup_to_string (desc->setup),
      desc->fingerprint ? desc->fingerprint : "(none)", desc->bundle->len);
  for (i = 0; i < desc->media->len; i++) {
    const GstSecureRtcSdpMedia *m = g_ptr_array_index (desc->media, i);
    const GstSecureRtcSdpCodec *c = m->codecs->len ?
        g_ptr_array_index (m->codecs, 0) : NULL;
    g_string_append_printf (s, "; m%u %s mid=%s %s%s %s/%u", i, m->kind,
        m->mid ? m->mid : "-", m->rejected ? "rejected " : "",
        gst_secure_rtc_sdp_direction_to_string (m->direction),
        c ? c->encoding_name : "-", c ? c->pt : 0);
  }
  return g_string_free (s, FALSE);
}

/* ---- offer/answer ---- */

static gboolean
check_local (const GstSecureRtcSdpLocal * local, GError ** error)
{
  if (!local || !local->ice_ufrag || !local->ice_pwd || !local->fingerprint) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_MISSING,
        _("The local ICE credentials or DTLS fingerprint are not known yet."));
    return FALSE;
  }
  return TRUE;
}

static void
set_local (GstSecureRtcSdpDescription * d, const GstSecureRtcSdpLocal * local)
{
  d->ice_ufrag = g_strdup (local->ice_ufrag);
  d->ice_pwd = g_strdup (local->ice_pwd);
  d->fingerprint = g_strdup (local->fingerprint);
}

static GstSecureRtcSdpMedia *
media_from_sender (const GstSecureRtcSdpMedia * sender, const gchar * mid)
{
  GstSecureRtcSdpMedia *m = gst_secure_rtc_sdp_media_new (sender->kind);
  guint i;

  m->mid = g_strdup (mid);
  m->rtcp_mux = TRUE;
  m->has_ssrc = sender->has_ssrc;
  m->ssrc = sender->ssrc;
  m->cname = g_strdup (sender->cname);
  m->msid = g_strdup (sender->msid);
  for (i = 0; i < sender->codecs->len; i++)
    g_ptr_array_add (m->codecs,
        gst_secure_rtc_sdp_codec_copy (g_ptr_array_index (sender->codecs, i)));
  return m;
}

static void
add_supported_codecs (GstSecureRtcSdpMedia * m)
{
  guint i, k;

  for (i = 0; i < G_N_ELEMENTS (known_codecs); i++) {
    const KnownCodec *kc = &known_codecs[i];
    GstSecureRtcSdpCodec *c;
    if (!g_str_equal (kc->kind, m->kind))
      continue;
    c = gst_secure_rtc_sdp_codec_new (kc->default_pt, kc->name,
        kc->clock_rate, kc->channels, kc->fmtp);
    if (g_str_equal (kc->kind, "video"))
      for (k = 0; k < G_N_ELEMENTS (video_rtcp_fb); k++)
        g_ptr_array_add (c->rtcp_fb, g_strdup (video_rtcp_fb[k]));
    g_ptr_array_add (m->codecs, c);
  }
}

GstSecureRtcSdpDescription *
gst_secure_rtc_sdp_create_offer (const GstSecureRtcSdpLocal * local,
    GPtrArray * senders, guint recv_audio, guint recv_video, GError ** error)
{
  GstSecureRtcSdpDescription *d;
  guint i, n = senders ? senders->len : 0;
  gboolean used_pt[128];

  if (!check_local (local, error))
    return NULL;
  if (n + recv_audio + recv_video == 0) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
        _("Nothing to offer: request a sink pad, or ask to receive audio or "
            "video."));
    return NULL;
  }
  d = gst_secure_rtc_sdp_description_new ();
  set_local (d, local);
  d->setup = GST_SECURE_RTC_SDP_SETUP_ACTPASS;
  memset (used_pt, 0, sizeof (used_pt));
  for (i = 0; i < n + recv_audio + recv_video; i++) {
    gchar *mid = g_strdup_printf ("%u", i);
    GstSecureRtcSdpMedia *m;

    if (i < n) {
      GstSecureRtcSdpCodec *c;
      m = media_from_sender (g_ptr_array_index (senders, i), mid);
      m->direction = GST_SECURE_RTC_SDP_DIRECTION_SENDRECV;
      m->sender = (gint) i;
      /* Bundled m-lines must not share a payload type (RFC 8843 §9.2):
       * payloaders all default to 96, so give later ones a free one (the
       * bin rewrites the packets). */
      c = m->codecs->len ? g_ptr_array_index (m->codecs, 0) : NULL;
      if (c && used_pt[c->pt & 127]) {
        guint pt;
        for (pt = 96; pt < 128 && used_pt[pt]; pt++);
        if (pt == 128)
          for (pt = 35; pt < 64 && used_pt[pt]; pt++);
        c->pt = pt;
      }
      if (c)
        used_pt[c->pt & 127] = TRUE;
    } else {
      m = gst_secure_rtc_sdp_media_new (i < n + recv_audio ? "audio" :
          "video");
      m->mid = g_strdup (mid);
      m->rtcp_mux = TRUE;
      m->direction = GST_SECURE_RTC_SDP_DIRECTION_RECVONLY;
      add_supported_codecs (m);
      {
        guint k = 0;
        while (k < m->codecs->len) {
          GstSecureRtcSdpCodec *c = g_ptr_array_index (m->codecs, k);
          if (used_pt[c->pt & 127]) {
            g_ptr_array_remove_index (m->codecs, k);
          } else {
            used_pt[c->pt & 127] = TRUE;
            k++;
          }
        }
      }
    }
    g_ptr_array_add (d->media, m);
    g_ptr_array_add (d->bundle, mid);
  }
  return d;
}

static GstSecureRtcSdpDirection
answer_direction (GstSecureRtcSdpDirection offered, gboolean have_sender)
{
  gboolean peer_sends = offered == GST_SECURE_RTC_SDP_DIRECTION_SENDRECV
      || offered == GST_SECURE_RTC_SDP_DIRECTION_SENDONLY;
  gboolean peer_recvs = offered == GST_SECURE_RTC_SDP_DIRECTION_SENDRECV
      || offered == GST_SECURE_RTC_SDP_DIRECTION_RECVONLY;
  gboolean we_send = have_sender && peer_recvs;

  if (we_send && peer_sends)
    return GST_SECURE_RTC_SDP_DIRECTION_SENDRECV;
  if (we_send)
    return GST_SECURE_RTC_SDP_DIRECTION_SENDONLY;
  if (peer_sends)
    return GST_SECURE_RTC_SDP_DIRECTION_RECVONLY;
  return GST_SECURE_RTC_SDP_DIRECTION_INACTIVE;
}

static gboolean
in_bundle (const GstSecureRtcSdpDescription * d, const gchar * mid)
{
  guint i;

  if (d->bundle->len == 0)
    return d->media->len == 1;
  for (i = 0; i < d->bundle->len; i++)
    if (g_strcmp0 (mid, g_ptr_array_index (d->bundle, i)) == 0)
      return TRUE;
  return FALSE;
}

/* The answer's codec for local sender codec @sc on offered codec @oc, or
 * NULL if they do not fit. The offerer's payload type is kept (RFC 3264
 * §6.1). */
static GstSecureRtcSdpCodec *
answer_codec_for_sender (const GstSecureRtcSdpCodec * oc,
    const GstSecureRtcSdpCodec * sc)
{
  if (g_ascii_strcasecmp (oc->encoding_name, sc->encoding_name) != 0
      || oc->clock_rate != sc->clock_rate)
    return NULL;
  if (is_h264 (sc))
    return h264_answer_codec (oc, sc);
  return gst_secure_rtc_sdp_codec_copy (oc);
}

static GstSecureRtcSdpMedia *
reject_media (const GstSecureRtcSdpMedia * om)
{
  GstSecureRtcSdpMedia *m = gst_secure_rtc_sdp_media_new (om->kind);
  guint i;

  m->mid = g_strdup (om->mid);
  m->proto = g_strdup (om->proto);
  m->rejected = TRUE;
  m->direction = GST_SECURE_RTC_SDP_DIRECTION_INACTIVE;
  /* Keep the first format so that the m-line stays well formed. */
  for (i = 0; i < om->codecs->len && i < 1; i++)
    g_ptr_array_add (m->codecs,
        gst_secure_rtc_sdp_codec_copy (g_ptr_array_index (om->codecs, i)));
  return m;
}

GstSecureRtcSdpDescription *
gst_secure_rtc_sdp_create_answer (const GstSecureRtcSdpDescription * offer,
    const GstSecureRtcSdpLocal * local, GPtrArray * senders, GError ** error)
{
  GstSecureRtcSdpDescription *d;
  guint n_senders = senders ? senders->len : 0;
  gboolean *used = g_new0 (gboolean, n_senders + 1);
  /* per sender: the section where its H264 found no payload type of its
   * profile and packetization-mode, or -1 */
  gint *h264_miss = g_new (gint, n_senders + 1);
  guint i, j, k, accepted = 0;

  ensure_debug_category ();
  for (j = 0; j <= n_senders; j++)
    h264_miss[j] = -1;
  if (!check_local (local, error))
    goto fail_early;
  if (offer->bundle->len == 0 && offer->media->len > 1) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        _("The offer has %u media sections but no BUNDLE group; only "
            "BUNDLE (one transport) is supported."), offer->media->len);
    goto fail_early;
  }

  d = gst_secure_rtc_sdp_description_new ();
  set_local (d, local);
  /* RFC 5763 §5: the answerer picks; we take the client role, which
   * saves a round trip (RFC 8842 §5.3 recommends active). */
  d->setup = offer->setup == GST_SECURE_RTC_SDP_SETUP_ACTIVE ?
      GST_SECURE_RTC_SDP_SETUP_PASSIVE : GST_SECURE_RTC_SDP_SETUP_ACTIVE;

  for (i = 0; i < offer->media->len; i++) {
    const GstSecureRtcSdpMedia *om = g_ptr_array_index (offer->media, i);
    GstSecureRtcSdpMedia *m = NULL;
    gint sender = -1;

    if (om->rejected || !in_bundle (offer, om->mid) || !om->rtcp_mux
        || !om->proto || !g_str_has_prefix (om->proto, "UDP/TLS/RTP/SAVP")
        || (!g_str_equal (om->kind, "audio") && !g_str_equal (om->kind,
                "video"))) {
      g_ptr_array_add (d->media, reject_media (om));
      continue;
    }
    /* A local sender of the same kind whose codec the peer offered. */
    if (om->direction == GST_SECURE_RTC_SDP_DIRECTION_SENDRECV
        || om->direction == GST_SECURE_RTC_SDP_DIRECTION_RECVONLY) {
      for (j = 0; j < n_senders && sender < 0; j++) {
        const GstSecureRtcSdpMedia *s = g_ptr_array_index (senders, j);
        const GstSecureRtcSdpCodec *sc;
        if (used[j] || !g_str_equal (s->kind, om->kind) || !s->codecs->len)
          continue;
        sc = g_ptr_array_index (s->codecs, 0);
        /* The first offered payload type that fits, in the offer's order
         * (as libwebrtc picks it): with several H264 ones, the one of our
         * profile and packetization-mode. */
        for (k = 0; k < om->codecs->len; k++) {
          const GstSecureRtcSdpCodec *oc = g_ptr_array_index (om->codecs, k);
          GstSecureRtcSdpCodec *ac = answer_codec_for_sender (oc, sc);
          if (ac) {
            sender = (gint) j;
            m = media_from_sender (s, om->mid);
            g_ptr_array_set_size (m->codecs, 0);
            g_ptr_array_add (m->codecs, ac);
            break;
          }
          if (is_h264 (sc) && is_h264 (oc) && h264_miss[j] < 0)
            h264_miss[j] = (gint) i;
        }
      }
    }
    if (!m) {
      m = gst_secure_rtc_sdp_media_new (om->kind);
      m->mid = g_strdup (om->mid);
      m->rtcp_mux = TRUE;
    }
    /* Every other supported codec of the offer can be received, with the
     * offerer's parameters (for H264 a symmetric answer, RFC 6184 §8.2.2);
     * H264 payload types we cannot read are left out. */
    for (k = 0; k < om->codecs->len; k++) {
      const GstSecureRtcSdpCodec *oc = g_ptr_array_index (om->codecs, k);
      if (codec_is_supported (om->kind, oc)
          && (!is_h264 (oc) || h264_receivable (oc))
          && !gst_secure_rtc_sdp_media_find_codec (m, oc->pt))
        g_ptr_array_add (m->codecs, gst_secure_rtc_sdp_codec_copy (oc));
    }
    if (m->codecs->len == 0) {
      gst_secure_rtc_sdp_media_free (m);
      g_ptr_array_add (d->media, reject_media (om));
      continue;
    }
    if (sender >= 0)
      used[sender] = TRUE;
    m->sender = sender;
    m->direction = answer_direction (om->direction, sender >= 0);
    g_ptr_array_add (d->media, m);
    g_ptr_array_add (d->bundle, g_strdup (om->mid));
    accepted++;
  }
  /* An H264 stream that found H264 in a section it could send on, but not
   * in its profile and packetization-mode, and went nowhere else: say so,
   * rather than answer as if it did not exist. */
  for (j = 0; j < n_senders; j++) {
    const GstSecureRtcSdpMedia *s, *om;
    const GstSecureRtcSdpCodec *sc;
    const gchar *track;
    H264Params hp;
    gchar *plid, *offered, *name;

    if (used[j] || h264_miss[j] < 0)
      continue;
    s = g_ptr_array_index (senders, j);
    sc = g_ptr_array_index (s->codecs, 0);
    om = g_ptr_array_index (offer->media, h264_miss[j]);
    if (!h264_params_parse (sc->fmtp, &hp, NULL))
      continue;
    /* the track id of its msid names it (securepeerbin: the sink pad) */
    track = s->msid ? strchr (s->msid, ' ') : NULL;
    name = track && track[1] ? g_strdup (track + 1) :
        g_strdup_printf ("#%u", j);
    plid = fmtp_get (sc->fmtp, "profile-level-id");
    offered = h264_describe_offered (om);
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
        _("Local stream \"%s\" sends H264 %s (profile-level-id %s, "
            "packetization-mode %u), but media section %d (mid %s) of the "
            "offer has no H264 payload type with that profile and "
            "packetization-mode (offered: %s; payload types with an unknown "
            "or malformed profile-level-id are ignored). Encode a profile "
            "the peer offers, e.g. with caps "
            "video/x-h264,profile=constrained-baseline after the encoder."),
        name,
        h264_profile_names[hp.profile], plid ? plid : "(default)",
        hp.packetization_mode, h264_miss[j], om->mid ? om->mid : "-",
        offered);
    g_free (name);
    g_free (plid);
    g_free (offered);
    gst_secure_rtc_sdp_description_free (d);
    goto fail_early;
  }
  g_free (used);
  g_free (h264_miss);
  if (accepted == 0) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
        _("No media section of the offer could be accepted: none offers "
            "VP8, VP9, H264, Opus or PCMU over UDP/TLS/RTP/SAVPF with "
            "rtcp-mux in the BUNDLE group."));
    gst_secure_rtc_sdp_description_free (d);
    return NULL;
  }
  return d;

fail_early:
  g_free (used);
  g_free (h264_miss);
  return NULL;
}

/* RFC 6184 §8.2.2: an answered H264 payload type keeps the offered profile
 * and packetization-mode (only the level may change). An answer is the
 * peer's reply to our own offer, so what cannot be read is an error here,
 * not a payload type to skip: we would send on it. */
static gboolean
check_h264_answer (guint index, const GstSecureRtcSdpCodec * oc,
    const GstSecureRtcSdpCodec * ac, GError ** error)
{
  H264Params op, ap;
  const gchar *bad = NULL;

  if (!h264_params_parse (oc->fmtp, &op, NULL))
    return TRUE;                /* not our offer's: nothing to hold it to */
  if (!h264_params_parse (ac->fmtp, &ap, &bad)) {
    gchar *value = fmtp_get (ac->fmtp, bad);
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INVALID,
        _("Media section %u of the answer: the %s \"%.16s\" of H264 payload "
            "type %u is malformed or not a profile WebRTC negotiates."),
        index, bad, value ? value : "", ac->pt);
    g_free (value);
    return FALSE;
  }
  if (ap.packetization_mode != op.packetization_mode) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
        _("Media section %u of the answer: H264 payload type %u has "
            "packetization-mode %u but was offered with %u."), index, ac->pt,
        ap.packetization_mode, op.packetization_mode);
    return FALSE;
  }
  if (ap.profile != op.profile) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
        _("Media section %u of the answer: the profile-level-id of H264 "
            "payload type %u names profile %s but %s was offered."), index,
        ac->pt, h264_profile_names[ap.profile], h264_profile_names[op.profile]);
    return FALSE;
  }
  return TRUE;
}

gboolean
gst_secure_rtc_sdp_check_answer (const GstSecureRtcSdpDescription * offer,
    const GstSecureRtcSdpDescription * answer, GError ** error)
{
  guint i, k;

  if (answer->setup == GST_SECURE_RTC_SDP_SETUP_ACTPASS) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INVALID,
        _("The answer has a=setup:actpass; an answer must pick active or "
            "passive (RFC 5763 §5)."));
    return FALSE;
  }
  if (answer->media->len != offer->media->len) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
        _("The answer has %u media sections but the offer has %u."),
        answer->media->len, offer->media->len);
    return FALSE;
  }
  for (i = 0; i < answer->media->len; i++) {
    const GstSecureRtcSdpMedia *am = g_ptr_array_index (answer->media, i);
    const GstSecureRtcSdpMedia *om = g_ptr_array_index (offer->media, i);

    if (am->rejected)
      continue;
    if (g_strcmp0 (am->kind, om->kind) != 0
        || g_strcmp0 (am->mid, om->mid) != 0) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
          GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
          _("Media section %u of the answer (%s, mid %s) does not match the "
              "offer (%s, mid %s)."), i, am->kind, am->mid ? am->mid : "-",
          om->kind, om->mid ? om->mid : "-");
      return FALSE;
    }
    if (!am->rtcp_mux) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
          GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
          _("Media section %u of the answer has no a=rtcp-mux."), i);
      return FALSE;
    }
    for (k = 0; k < am->codecs->len; k++) {
      const GstSecureRtcSdpCodec *ac = g_ptr_array_index (am->codecs, k);
      const GstSecureRtcSdpCodec *oc =
          gst_secure_rtc_sdp_media_find_codec (om, ac->pt);
      if (!oc) {
        g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
            GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
            _("Media section %u of the answer uses payload type %u, which "
                "was not offered."), i, ac->pt);
        return FALSE;
      }
      if (is_h264 (ac) && is_h264 (oc)
          && !check_h264_answer (i, oc, ac, error))
        return FALSE;
    }
  }
  return TRUE;
}
