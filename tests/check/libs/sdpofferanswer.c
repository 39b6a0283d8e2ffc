/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Unit tests of the sans-IO SDP offer/answer module (gstpeersdp.h): real
 * offers from Chromium and webrtcbin (fixtures in sdp/, captured from
 * chromium 1xx headless and GStreamer 1.22 webrtcbin), offers and answers
 * made here, and malformed SDP giving errors that name what was wrong. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/gstsecurertc.h>
#include <gst/securertc/peer/gstpeersdp.h>

#define FP "sha-256 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
#define PWD "abcdefghijklmnopqrstuvwxyz012345"

static gchar *
load_fixture (const gchar * name)
{
  const gchar *root = g_getenv ("SECURERTC_SOURCE_ROOT");
  gchar *path, *text = NULL;

  fail_unless (root != NULL);
  path = g_build_filename (root, "tests", "check", "libs", "sdp", name, NULL);
  fail_unless (g_file_get_contents (path, &text, NULL, NULL), "missing %s",
      path);
  g_free (path);
  return text;
}

static GstSecureRtcSdpMedia *
media (GstSecureRtcSdpDescription * d, guint i)
{
  return g_ptr_array_index (d->media, i);
}

static GstSecureRtcSdpMedia *
opus_sender (guint32 ssrc)
{
  GstSecureRtcSdpMedia *s = gst_secure_rtc_sdp_media_new ("audio");
  GstCaps *caps = gst_caps_from_string ("application/x-rtp, media=audio, "
      "encoding-name=OPUS, clock-rate=48000, payload=96, "
      "encoding-params=(string)2");
  GError *err = NULL;
  GstSecureRtcSdpCodec *c = gst_secure_rtc_sdp_codec_from_caps (caps, NULL,
      &err);

  fail_unless (c != NULL, "%s", err ? err->message : "");
  g_ptr_array_add (s->codecs, c);
  s->has_ssrc = TRUE;
  s->ssrc = ssrc;
  s->cname = g_strdup ("test-cname");
  s->msid = g_strdup ("stream track");
  gst_caps_unref (caps);
  return s;
}

static GstSecureRtcSdpDescription *
roundtrip (GstSecureRtcSdpDescription * d)
{
  GstSDPMessage *msg = gst_secure_rtc_sdp_description_to_message (d, 42);
  gchar *text = gst_sdp_message_as_text (msg);
  GError *err = NULL;
  GstSecureRtcSdpDescription *back =
      gst_secure_rtc_sdp_description_parse (text, &err);

  fail_unless (back != NULL, "reparse failed: %s", err ? err->message : "");
  gst_secure_rtc_sdp_message_wipe_free (msg);
  g_free (text);
  return back;
}

GST_START_TEST (test_parse_chromium_offer)
{
  gchar *text = load_fixture ("chromium-offer.sdp");
  GError *err = NULL;
  GstSecureRtcSdpDescription *d = gst_secure_rtc_sdp_description_parse (text,
      &err);
  GstSecureRtcSdpMedia *a, *v;
  const GstSecureRtcSdpCodec *c;
  guint i;
  gboolean vp8 = FALSE, vp9 = FALSE, h264 = FALSE;

  fail_unless (d != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (d->media->len, 2);
  fail_unless_equals_int (d->bundle->len, 2);
  fail_unless_equals_string (g_ptr_array_index (d->bundle, 0), "0");
  fail_unless_equals_int (d->setup, GST_SECURE_RTC_SDP_SETUP_ACTPASS);
  fail_unless_equals_string (d->ice_ufrag, "aj/0");
  fail_unless (g_str_has_prefix (d->fingerprint, "sha-256 23:6F:3A:FC"));
  a = media (d, 0);
  v = media (d, 1);
  fail_unless_equals_string (a->kind, "audio");
  fail_unless_equals_string (a->mid, "0");
  fail_unless (a->rtcp_mux);
  fail_unless (!a->rejected);
  fail_unless_equals_int (a->direction, GST_SECURE_RTC_SDP_DIRECTION_SENDRECV);
  c = gst_secure_rtc_sdp_media_find_codec (a, 111);
  fail_unless (c != NULL);
  fail_unless_equals_string (c->encoding_name, "OPUS");
  fail_unless_equals_int (c->clock_rate, 48000);
  fail_unless_equals_int (c->channels, 2);
  fail_unless_equals_string (c->fmtp, "minptime=10;useinbandfec=1");
  fail_unless_equals_string (g_ptr_array_index (c->rtcp_fb, 0),
      "transport-cc");
  fail_unless (a->has_ssrc);
  fail_unless_equals_int64 (a->ssrc, 3662279023u);
  fail_unless_equals_string (a->cname, "QR7GsEJMDGnTbfTT");
  fail_unless (a->msid != NULL);
  c = gst_secure_rtc_sdp_media_find_codec (a, 0);
  fail_unless_equals_string (c->encoding_name, "PCMU");
  fail_unless_equals_string (v->kind, "video");
  for (i = 0; i < v->codecs->len; i++) {
    const GstSecureRtcSdpCodec *vc = g_ptr_array_index (v->codecs, i);
    vp8 |= g_str_equal (vc->encoding_name, "VP8");
    vp9 |= g_str_equal (vc->encoding_name, "VP9");
    h264 |= g_str_equal (vc->encoding_name, "H264");
  }
  fail_unless (vp8 && vp9 && h264);
  c = gst_secure_rtc_sdp_media_find_codec (v, 96);
  fail_unless_equals_string (c->encoding_name, "VP8");
  fail_unless (c->rtcp_fb->len >= 3);
  fail_unless_equals_int (gst_secure_rtc_sdp_description_find_media (d, 96),
      1);
  fail_unless_equals_int (gst_secure_rtc_sdp_description_find_media (d, 111),
      0);
  gst_secure_rtc_sdp_description_free (d);
  g_free (text);
}

GST_END_TEST;

GST_START_TEST (test_parse_webrtcbin_offer)
{
  gchar *text = load_fixture ("webrtcbin-offer.sdp");
  GError *err = NULL;
  GstSecureRtcSdpDescription *d = gst_secure_rtc_sdp_description_parse (text,
      &err);
  GstSecureRtcSdpMedia *v;

  fail_unless (d != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (d->media->len, 2);
  fail_unless_equals_string (media (d, 0)->mid, "audio0");
  v = media (d, 1);
  /* port 0 + a=bundle-only is a bundled section, not a rejected one */
  fail_unless (!v->rejected);
  fail_unless_equals_string (v->mid, "video1");
  fail_unless_equals_string (gst_secure_rtc_sdp_media_find_codec (v,
          96)->encoding_name, "VP8");
  fail_unless_equals_string (gst_secure_rtc_sdp_media_find_codec (media (d,
              0), 97)->encoding_name, "OPUS");
  fail_unless (g_str_has_prefix (d->fingerprint, "sha-256 BB:1B"));
  gst_secure_rtc_sdp_description_free (d);
  g_free (text);
}

GST_END_TEST;

GST_START_TEST (test_answer_chromium_offer)
{
  gchar *text = load_fixture ("chromium-offer.sdp");
  GstSecureRtcSdpDescription *offer, *answer, *back;
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GPtrArray *senders = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_media_free);
  GError *err = NULL;
  GstSecureRtcSdpMedia *a, *v;

  offer = gst_secure_rtc_sdp_description_parse (text, &err);
  fail_unless (offer != NULL);
  g_ptr_array_add (senders, opus_sender (1234));
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (answer->setup, GST_SECURE_RTC_SDP_SETUP_ACTIVE);
  back = roundtrip (answer);
  fail_unless (gst_secure_rtc_sdp_check_answer (offer, back, &err), "%s",
      err ? err->message : "");
  a = media (back, 0);
  v = media (back, 1);
  fail_unless_equals_int (a->direction, GST_SECURE_RTC_SDP_DIRECTION_SENDRECV);
  /* our Opus sender answers with the offerer's payload type */
  fail_unless_equals_int (((GstSecureRtcSdpCodec *) g_ptr_array_index
          (a->codecs, 0))->pt, 111);
  fail_unless (a->has_ssrc);
  fail_unless_equals_int64 (a->ssrc, 1234);
  fail_unless_equals_int (media (answer, 0)->sender, 0);
  fail_unless_equals_int (v->direction, GST_SECURE_RTC_SDP_DIRECTION_RECVONLY);
  fail_unless (gst_secure_rtc_sdp_media_find_codec (v, 96) != NULL);
  /* red, rtx, G722… are not answered */
  fail_unless (gst_secure_rtc_sdp_media_find_codec (a, 63) == NULL);
  fail_unless (gst_secure_rtc_sdp_media_find_codec (v, 97) == NULL);
  fail_unless_equals_int (back->bundle->len, 2);
  fail_unless_equals_string (back->ice_pwd, PWD);
  fail_unless_equals_string (back->fingerprint, FP);
  gst_secure_rtc_sdp_description_free (back);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
  g_free (text);
}

GST_END_TEST;

GST_START_TEST (test_offer_answer_roundtrip)
{
  GstSecureRtcSdpLocal l1 = { "aaaa", PWD, FP };
  GstSecureRtcSdpLocal l2 = { "bbbb", PWD, FP };
  GPtrArray *s1 = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_media_free);
  GError *err = NULL;
  GstSecureRtcSdpDescription *offer, *roffer, *answer, *ranswer;

  g_ptr_array_add (s1, opus_sender (1));
  offer = gst_secure_rtc_sdp_create_offer (&l1, s1, 0, 1, &err);
  fail_unless (offer != NULL);
  roffer = roundtrip (offer);
  fail_unless_equals_int (roffer->media->len, 2);
  fail_unless_equals_int (roffer->setup, GST_SECURE_RTC_SDP_SETUP_ACTPASS);
  fail_unless_equals_int (media (roffer, 1)->direction,
      GST_SECURE_RTC_SDP_DIRECTION_RECVONLY);
  /* The answerer sends nothing: it receives audio, rejects nothing, and
   * leaves the video section inactive (the offerer only receives). */
  answer = gst_secure_rtc_sdp_create_answer (roffer, &l2, NULL, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  ranswer = roundtrip (answer);
  fail_unless (gst_secure_rtc_sdp_check_answer (offer, ranswer, &err));
  fail_unless_equals_int (media (ranswer, 0)->direction,
      GST_SECURE_RTC_SDP_DIRECTION_RECVONLY);
  fail_unless_equals_int (media (ranswer, 1)->direction,
      GST_SECURE_RTC_SDP_DIRECTION_INACTIVE);
  fail_unless_equals_string (ranswer->ice_ufrag, "bbbb");
  gst_secure_rtc_sdp_description_free (offer);
  gst_secure_rtc_sdp_description_free (roffer);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (ranswer);
  g_ptr_array_unref (s1);
}

GST_END_TEST;

GST_START_TEST (test_reject_datachannel_and_unbundled)
{
  /* gstwebrtc-api adds a data channel to its offers: it is rejected. */
  const gchar *text =
      "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
      "a=group:BUNDLE 0 1\r\n"
      "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\nc=IN IP4 0.0.0.0\r\n"
      "a=ice-ufrag:abcd\r\na=ice-pwd:" PWD "\r\na=fingerprint:" FP "\r\n"
      "a=setup:actpass\r\na=mid:0\r\na=rtcp-mux\r\na=sendrecv\r\n"
      "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      "c=IN IP4 0.0.0.0\r\na=mid:1\r\na=sctp-port:5000\r\n";
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GError *err = NULL;
  GstSecureRtcSdpDescription *offer, *answer, *back;

  offer = gst_secure_rtc_sdp_description_parse (text, &err);
  fail_unless (offer != NULL, "%s", err ? err->message : "");
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, NULL, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  back = roundtrip (answer);
  fail_unless (!media (back, 0)->rejected);
  fail_unless_equals_string (((GstSecureRtcSdpCodec *) g_ptr_array_index
          (media (back, 0)->codecs, 0))->encoding_name, "PCMU");
  fail_unless (media (back, 1)->rejected);
  fail_unless_equals_int (back->bundle->len, 1);
  fail_unless (gst_secure_rtc_sdp_check_answer (offer, back, &err));
  gst_secure_rtc_sdp_description_free (back);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
}

GST_END_TEST;

/* Malformed input: each case must give the expected code and a message
 * naming what was wrong. */
typedef struct
{
  const gchar *name;
  const gchar *sdp;
  gint code;
  const gchar *mentions;
} BadCase;

#define HEAD "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
#define MLINE "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
#define ICE "a=ice-ufrag:abcd\r\na=ice-pwd:" PWD "\r\n"
#define TAIL "a=setup:actpass\r\na=mid:0\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"

static const BadCase bad_cases[] = {
  {"empty", "", GST_SECURE_RTC_SDP_ERROR_SYNTAX, "empty"},
  {"garbage", "hello world", GST_SECURE_RTC_SDP_ERROR_SYNTAX, "v="},
  {"bad line", HEAD "this is not sdp\r\n" MLINE,
      GST_SECURE_RTC_SDP_ERROR_SYNTAX, "line 6"},
  {"version", "v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" MLINE ICE
        "a=fingerprint:" FP "\r\n" TAIL, GST_SECURE_RTC_SDP_ERROR_INVALID,
      "v="},
  {"no media", HEAD, GST_SECURE_RTC_SDP_ERROR_MISSING, "m= line"},
  {"no fingerprint", HEAD MLINE ICE TAIL, GST_SECURE_RTC_SDP_ERROR_MISSING,
      "a=fingerprint"},
  {"short fingerprint", HEAD MLINE ICE "a=fingerprint:sha-256 AB:CD\r\n" TAIL,
      GST_SECURE_RTC_SDP_ERROR_INVALID, "a=fingerprint"},
  {"sha-1 fingerprint", HEAD MLINE ICE
        "a=fingerprint:sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01\r\n"
        TAIL, GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED, "sha-1"},
  {"no ufrag", HEAD MLINE "a=ice-pwd:" PWD "\r\na=fingerprint:" FP "\r\n" TAIL,
      GST_SECURE_RTC_SDP_ERROR_MISSING, "a=ice-ufrag"},
  {"short pwd", HEAD MLINE "a=ice-ufrag:abcd\r\na=ice-pwd:short\r\n"
        "a=fingerprint:" FP "\r\n" TAIL, GST_SECURE_RTC_SDP_ERROR_INVALID,
      "a=ice-pwd"},
  {"no setup", HEAD MLINE ICE "a=fingerprint:" FP "\r\na=mid:0\r\n",
      GST_SECURE_RTC_SDP_ERROR_MISSING, "a=setup"},
  {"bad setup", HEAD MLINE ICE "a=fingerprint:" FP "\r\na=setup:both\r\n"
        "a=mid:0\r\n", GST_SECURE_RTC_SDP_ERROR_INVALID, "a=setup"},
  {"plain RTP", HEAD "m=audio 9 RTP/AVP 0\r\n" ICE "a=fingerprint:" FP "\r\n"
        TAIL, GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED, "RTP/AVP"},
  {"bad rtpmap", HEAD MLINE ICE "a=fingerprint:" FP "\r\n"
        "a=setup:actpass\r\na=mid:0\r\na=rtpmap:111 opus\r\n",
      GST_SECURE_RTC_SDP_ERROR_INVALID, "a=rtpmap"},
  {"bad pt", HEAD "m=audio 9 UDP/TLS/RTP/SAVPF 300\r\n" ICE "a=fingerprint:"
        FP "\r\n" TAIL, GST_SECURE_RTC_SDP_ERROR_INVALID, "payload type"},
  {"no mid", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
        "a=group:BUNDLE 0\r\n" MLINE ICE "a=fingerprint:" FP "\r\n"
        "a=setup:actpass\r\n", GST_SECURE_RTC_SDP_ERROR_MISSING, "a=mid"},
};

GST_START_TEST (test_malformed)
{
  const BadCase *bc = &bad_cases[__i__];
  GError *err = NULL;
  GstSecureRtcSdpDescription *d = gst_secure_rtc_sdp_description_parse
      (bc->sdp, &err);

  fail_unless (d == NULL, "case '%s' parsed", bc->name);
  fail_unless (err != NULL, "case '%s': no error", bc->name);
  fail_unless (err->domain == GST_SECURE_RTC_SDP_ERROR);
  fail_unless_equals_int (err->code, bc->code);
  fail_unless (strstr (err->message, bc->mentions) != NULL,
      "case '%s': \"%s\" does not mention \"%s\"", bc->name, err->message,
      bc->mentions);
  /* The ICE password is never quoted. */
  fail_unless (strstr (err->message, PWD) == NULL);
  g_error_free (err);
}

GST_END_TEST;

GST_START_TEST (test_answer_errors)
{
  gchar *text = load_fixture ("chromium-offer.sdp");
  GstSecureRtcSdpDescription *offer, *answer;
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GError *err = NULL;
  GstSecureRtcSdpCodec *c;

  offer = gst_secure_rtc_sdp_description_parse (text, &err);
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, NULL, &err);
  fail_unless (answer != NULL);
  answer->setup = GST_SECURE_RTC_SDP_SETUP_ACTPASS;
  fail_if (gst_secure_rtc_sdp_check_answer (offer, answer, &err));
  fail_unless (strstr (err->message, "actpass") != NULL);
  g_clear_error (&err);
  answer->setup = GST_SECURE_RTC_SDP_SETUP_ACTIVE;
  c = gst_secure_rtc_sdp_codec_new (77, "VP8", 90000, 0, NULL);
  g_ptr_array_add (media (answer, 1)->codecs, c);
  fail_if (gst_secure_rtc_sdp_check_answer (offer, answer, &err));
  fail_unless (strstr (err->message, "77") != NULL, "%s", err->message);
  g_clear_error (&err);
  /* Nothing to offer */
  fail_unless (gst_secure_rtc_sdp_create_offer (&local, NULL, 0, 0,
          &err) == NULL);
  fail_unless_equals_int (err->code, GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE);
  g_clear_error (&err);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_free (text);
}

GST_END_TEST;

GST_START_TEST (test_no_secret_in_summary)
{
  gchar *text = load_fixture ("chromium-offer.sdp");
  GstSecureRtcSdpDescription *d = gst_secure_rtc_sdp_description_parse (text,
      NULL);
  gchar *sum = gst_secure_rtc_sdp_description_summary (d);

  fail_unless (strstr (sum, "sha-256") != NULL);
  fail_unless (strstr (sum, d->ice_pwd) == NULL);
  g_free (sum);
  gst_secure_rtc_sdp_description_free (d);
  g_free (text);
}

GST_END_TEST;

GST_START_TEST (test_codec_caps)
{
  GstCaps *caps = gst_caps_from_string ("application/x-rtp, media=video, "
      "encoding-name=VP8, clock-rate=90000, payload=96");
  GstCaps *bad = gst_caps_from_string ("application/x-rtp, media=video, "
      "encoding-name=THEORA, clock-rate=90000, payload=96");
  GError *err = NULL;
  gchar *kind = NULL;
  GstSecureRtcSdpCodec *c = gst_secure_rtc_sdp_codec_from_caps (caps, &kind,
      &err);
  GstCaps *out;
  GstStructure *s;

  fail_unless (c != NULL);
  fail_unless_equals_string (kind, "video");
  out = gst_secure_rtc_sdp_codec_to_caps (c, kind);
  s = gst_caps_get_structure (out, 0);
  fail_unless_equals_string (gst_structure_get_string (s, "encoding-name"),
      "VP8");
  fail_unless (gst_structure_has_field (s, "rtcp-fb-nack-pli"));
  fail_unless (gst_secure_rtc_sdp_codec_from_caps (bad, NULL, &err) == NULL);
  fail_unless (strstr (err->message, "THEORA") != NULL);
  g_clear_error (&err);
  gst_secure_rtc_sdp_codec_free (c);
  g_free (kind);
  gst_caps_unref (out);
  gst_caps_unref (caps);
  gst_caps_unref (bad);
}

GST_END_TEST;

/* Payloaders all default to payload type 96: bundled m-lines must still get
 * distinct ones (RFC 8843 §9.2). */
GST_START_TEST (test_offer_unique_payload_types)
{
  GstSecureRtcSdpLocal local = { "aaaa", PWD, FP };
  GPtrArray *senders = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_media_free);
  GstSecureRtcSdpMedia *v = gst_secure_rtc_sdp_media_new ("video");
  GstSecureRtcSdpDescription *offer;
  guint pt0, pt1, i;

  g_ptr_array_add (senders, opus_sender (1));
  g_ptr_array_add (v->codecs, gst_secure_rtc_sdp_codec_new (96, "VP8", 90000,
          0, NULL));
  g_ptr_array_add (senders, v);
  offer = gst_secure_rtc_sdp_create_offer (&local, senders, 0, 1, NULL);
  fail_unless (offer != NULL);
  pt0 = ((GstSecureRtcSdpCodec *) g_ptr_array_index (media (offer,
              0)->codecs, 0))->pt;
  pt1 = ((GstSecureRtcSdpCodec *) g_ptr_array_index (media (offer,
              1)->codecs, 0))->pt;
  fail_unless_equals_int (pt0, 96);
  fail_unless (pt1 != 96 && pt1 >= 96 && pt1 < 128);
  /* the receive-only section avoids both */
  for (i = 0; i < media (offer, 2)->codecs->len; i++) {
    guint pt = ((GstSecureRtcSdpCodec *) g_ptr_array_index (media (offer,
                2)->codecs, i))->pt;
    fail_if (pt == pt0 || pt == pt1);
  }
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
}

GST_END_TEST;

/* ---- H264: profile-level-id and packetization-mode (RFC 6184 §8.2.2) ---- */

static GstSecureRtcSdpMedia *
h264_sender (const gchar * plid, const gchar * pmode)
{
  GstSecureRtcSdpMedia *s = gst_secure_rtc_sdp_media_new ("video");
  gchar *str = g_strdup_printf ("application/x-rtp, media=video, "
      "encoding-name=H264, clock-rate=90000, payload=96, "
      "profile-level-id=(string)%s, packetization-mode=(string)%s", plid,
      pmode);
  GstCaps *caps = gst_caps_from_string (str);
  GError *err = NULL;
  GstSecureRtcSdpCodec *c = gst_secure_rtc_sdp_codec_from_caps (caps, NULL,
      &err);

  fail_unless (c != NULL, "%s: %s", str, err ? err->message : "");
  g_ptr_array_add (s->codecs, c);
  s->has_ssrc = TRUE;
  s->ssrc = 5678;
  s->cname = g_strdup ("test-cname");
  s->msid = g_strdup ("stream video");
  gst_caps_unref (caps);
  g_free (str);
  return s;
}

static GPtrArray *
one_sender (GstSecureRtcSdpMedia * s)
{
  GPtrArray *senders = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_media_free);

  g_ptr_array_add (senders, s);
  return senders;
}

typedef struct
{
  guint pt;
  const gchar *fmtp;            /* NULL: no a=fmtp line */
} OfferedH264;

/* A one-section BUNDLE offer of H264 payload types (plus VP8 96 when
 * @with_vp8), sendrecv. */
static GstSecureRtcSdpDescription *
h264_offer (const OfferedH264 * pts, guint n, gboolean with_vp8)
{
  GString *fmts = g_string_new (with_vp8 ? "96" : "");
  GString *lines = g_string_new (with_vp8 ? "a=rtpmap:96 VP8/90000\r\n" : "");
  GstSecureRtcSdpDescription *d;
  GError *err = NULL;
  gchar *text;
  guint i;

  for (i = 0; i < n; i++) {
    g_string_append_printf (fmts, "%s%u", fmts->len ? " " : "", pts[i].pt);
    g_string_append_printf (lines, "a=rtpmap:%u H264/90000\r\n"
        "a=rtcp-fb:%u nack pli\r\n", pts[i].pt, pts[i].pt);
    if (pts[i].fmtp)
      g_string_append_printf (lines, "a=fmtp:%u %s\r\n", pts[i].pt,
          pts[i].fmtp);
  }
  text = g_strdup_printf ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n"
      "t=0 0\r\na=group:BUNDLE 0\r\nm=video 9 UDP/TLS/RTP/SAVPF %s\r\n"
      "c=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\na=ice-pwd:" PWD "\r\n"
      "a=fingerprint:" FP "\r\na=setup:actpass\r\na=mid:0\r\na=rtcp-mux\r\n"
      "a=sendrecv\r\n%s", fmts->str, lines->str);
  d = gst_secure_rtc_sdp_description_parse (text, &err);
  fail_unless (d != NULL, "%s", err ? err->message : "");
  g_free (text);
  g_string_free (fmts, TRUE);
  g_string_free (lines, TRUE);
  return d;
}

static const GstSecureRtcSdpCodec *
first_codec (GstSecureRtcSdpDescription * d, guint m)
{
  return g_ptr_array_index (media (d, m)->codecs, 0);
}

/* Chromium's offer has H264 as baseline (42001f) on 102/104, constrained
 * baseline (42e01f) on 108/114 and main (4d001f) on 116/39, each with
 * packetization-mode 1 and 0. A local stream takes the payload type of its
 * own profile and packetization-mode, whatever the constraint flags that
 * spell the profile (42c0, 4de0 and 58c0 are constrained baseline too). */
typedef struct
{
  const gchar *plid;
  const gchar *pmode;
  guint pt;
  const gchar *answer_plid;
} ChromiumH264Case;

static const ChromiumH264Case chromium_h264_cases[] = {
  {"42e01f", "1", 108, "42e01f"},
  {"42e01f", "0", 114, "42e01f"},
  {"42001f", "1", 102, "42001f"},
  {"42001f", "0", 104, "42001f"},
  {"4d001f", "1", 116, "4d001f"},
  {"4d001f", "0", 39, "4d001f"},
  {"42c01f", "1", 108, "42e01f"},
  {"4de01f", "1", 108, "42e01f"},
  {"58c01f", "1", 108, "42e01f"},
};

GST_START_TEST (test_h264_chromium_offer_picks_profile)
{
  const ChromiumH264Case *hc = &chromium_h264_cases[__i__];
  gchar *text = load_fixture ("chromium-offer.sdp");
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GstSecureRtcSdpDescription *offer, *answer, *back;
  GPtrArray *senders;
  GError *err = NULL;
  GstSecureRtcSdpMedia *v;
  gchar *fmtp;
  guint i;

  offer = gst_secure_rtc_sdp_description_parse (text, &err);
  fail_unless (offer != NULL);
  senders = one_sender (h264_sender (hc->plid, hc->pmode));
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (media (answer, 1)->sender, 0);
  back = roundtrip (answer);
  fail_unless (gst_secure_rtc_sdp_check_answer (offer, back, &err), "%s",
      err ? err->message : "");
  v = media (back, 1);
  fail_unless_equals_int (v->direction, GST_SECURE_RTC_SDP_DIRECTION_SENDRECV);
  fail_unless_equals_int (first_codec (back, 1)->pt, hc->pt);
  fail_unless_equals_string (first_codec (back, 1)->encoding_name, "H264");
  /* our parameters, with the profile-level-id of our profile; the offer
   * allows level asymmetry, so at our level */
  fmtp = g_strdup_printf ("level-asymmetry-allowed=1;packetization-mode=%s;"
      "profile-level-id=%s", hc->pmode, hc->answer_plid);
  fail_unless_equals_string (first_codec (back, 1)->fmtp, fmtp);
  g_free (fmtp);
  fail_unless (v->has_ssrc);
  fail_unless_equals_int64 (v->ssrc, 5678);
  /* The other H264 payload types are still received, with the offerer's
   * parameters (a symmetric answer); the audio section only receives. */
  for (i = 0; i < v->codecs->len; i++) {
    const GstSecureRtcSdpCodec *c = g_ptr_array_index (v->codecs, i);
    const GstSecureRtcSdpCodec *oc =
        gst_secure_rtc_sdp_media_find_codec (media (offer, 1), c->pt);
    fail_unless (oc != NULL);
    if (c->pt != hc->pt)
      fail_unless_equals_string (c->fmtp, oc->fmtp);
  }
  fail_unless (gst_secure_rtc_sdp_media_find_codec (v, 102) != NULL);
  fail_unless (gst_secure_rtc_sdp_media_find_codec (v, 39) != NULL);
  fail_unless_equals_int (media (back, 0)->direction,
      GST_SECURE_RTC_SDP_DIRECTION_RECVONLY);
  gst_secure_rtc_sdp_description_free (back);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
  g_free (text);
}

GST_END_TEST;

/* A high-profile stream meets an offer with baseline H264 only: no payload
 * type may carry it, and the answer is a clear error rather than a section
 * that silently does not send. */
GST_START_TEST (test_h264_high_vs_baseline_offer)
{
  static const OfferedH264 baseline_only[] = {
    {102, "level-asymmetry-allowed=1;packetization-mode=1;"
          "profile-level-id=42001f"},
    {108, "level-asymmetry-allowed=1;packetization-mode=1;"
          "profile-level-id=42e01f"},
  };
  gchar *text = load_fixture ("chromium-offer.sdp");
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GstSecureRtcSdpDescription *offer, *answer;
  GPtrArray *senders;
  GError *err = NULL;

  offer = h264_offer (baseline_only, G_N_ELEMENTS (baseline_only), TRUE);
  senders = one_sender (h264_sender ("640028", "1"));
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer == NULL);
  fail_unless (err != NULL);
  fail_unless (err->domain == GST_SECURE_RTC_SDP_ERROR);
  fail_unless_equals_int (err->code, GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE);
  GST_INFO ("%s", err->message);
  fail_unless (strstr (err->message, "H264 high") != NULL, "%s",
      err->message);
  fail_unless (strstr (err->message, "640028") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "102 baseline/1, 108 "
          "constrained-baseline/1") != NULL, "%s", err->message);
  fail_unless (strstr (err->message, PWD) == NULL);
  g_clear_error (&err);
  gst_secure_rtc_sdp_description_free (offer);

  /* Chromium's offer has no high profile either. */
  offer = gst_secure_rtc_sdp_description_parse (text, NULL);
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer == NULL);
  fail_unless_equals_int (err->code, GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE);
  fail_unless (strstr (err->message, "116 main/1") != NULL, "%s",
      err->message);
  g_clear_error (&err);
  g_ptr_array_unref (senders);

  /* Without a local H264 stream the same offer is answered: it can be
   * received. */
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, NULL, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (media (answer, 1)->sender, -1);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_free (text);
}

GST_END_TEST;

/* The level of the answer (RFC 6184 §8.2.2, as libwebrtc computes it): ours
 * when both sides allow level asymmetry, else the lower of the two. Level
 * 1b (level_idc 11 with constraint_set3) lies between 1 and 1.1. */
typedef struct
{
  const gchar *local_plid;
  const gchar *offer_fmtp;
  const gchar *answer_plid;
} H264LevelCase;

static const H264LevelCase h264_level_cases[] = {
  {"42e01f", "level-asymmetry-allowed=1;packetization-mode=1;"
        "profile-level-id=42e015", "42e01f"},
  {"42e01f", "packetization-mode=1;profile-level-id=42e015", "42e015"},
  {"42e01f", "packetization-mode=1;profile-level-id=42e034", "42e01f"},
  {"42e01f", "packetization-mode=1;profile-level-id=42f00b", "42f00b"},
  {"42e00a", "packetization-mode=1;profile-level-id=42f00b", "42e00a"},
  {"42f00b", "packetization-mode=1;profile-level-id=42e00b", "42f00b"},
  {"4d0032", "packetization-mode=1;profile-level-id=4d001f", "4d001f"},
  {"640c1f", "packetization-mode=1;profile-level-id=640c2a", "640c1f"},
  {"640032", "level-asymmetry-allowed=1;packetization-mode=1;"
        "profile-level-id=64001f", "640032"},
  /* no profile-level-id offered: constrained baseline 3.1, as libwebrtc */
  {"42e028", "packetization-mode=1", "42e01f"},
  /* a constrained-baseline stream written by x264 (42c0) */
  {"42c01e", "level-asymmetry-allowed=1;packetization-mode=1;"
        "profile-level-id=42e01f", "42e01e"},
};

GST_START_TEST (test_h264_level)
{
  const H264LevelCase *lc = &h264_level_cases[__i__];
  OfferedH264 pt = { 100, lc->offer_fmtp };
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GstSecureRtcSdpDescription *offer, *answer, *back;
  GPtrArray *senders;
  GError *err = NULL;
  gchar *fmtp;

  offer = h264_offer (&pt, 1, FALSE);
  senders = one_sender (h264_sender (lc->local_plid, "1"));
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  back = roundtrip (answer);
  fail_unless (gst_secure_rtc_sdp_check_answer (offer, back, &err), "%s",
      err ? err->message : "");
  fail_unless_equals_int (media (answer, 0)->sender, 0);
  fail_unless_equals_int (first_codec (back, 0)->pt, 100);
  fmtp = g_strdup_printf ("level-asymmetry-allowed=1;packetization-mode=1;"
      "profile-level-id=%s", lc->answer_plid);
  fail_unless_equals_string (first_codec (back, 0)->fmtp, fmtp);
  g_free (fmtp);
  gst_secure_rtc_sdp_description_free (back);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
}

GST_END_TEST;

/* Neither side names a profile-level-id: both mean the default and the
 * answer does not name one either (as libwebrtc). */
GST_START_TEST (test_h264_no_profile_level_id)
{
  OfferedH264 pt = { 100, "packetization-mode=1" };
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GstSecureRtcSdpMedia *s = gst_secure_rtc_sdp_media_new ("video");
  GstSecureRtcSdpDescription *offer, *answer;
  GPtrArray *senders = one_sender (s);
  GError *err = NULL;

  g_ptr_array_add (s->codecs, gst_secure_rtc_sdp_codec_new (96, "H264",
          90000, 0, "packetization-mode=1"));
  offer = h264_offer (&pt, 1, FALSE);
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (media (answer, 0)->sender, 0);
  fail_unless_equals_string (first_codec (answer, 0)->fmtp,
      "packetization-mode=1");
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
}

GST_END_TEST;

/* A profile-level-id that is not 6 hex digits, or names no profile or level
 * WebRTC negotiates, makes its payload type unusable: like Chromium, the
 * answer leaves it out (neither sent nor received) instead of failing. */
GST_START_TEST (test_h264_malformed_profile_level_id)
{
  static const OfferedH264 offered[] = {
    {100, "packetization-mode=1;profile-level-id=42e01"},
    {101, "packetization-mode=1;profile-level-id=zz001f"},
    {103, "packetization-mode=1;profile-level-id=42e01f0"},
    {104, "packetization-mode=1;profile-level-id=ab001f"},
    {105, "packetization-mode=1;profile-level-id=42e0ff"},
    {106, "packetization-mode=1;profile-level-id=6e001f"},
    {107, "packetization-mode=x;profile-level-id=42e01f"},
    {109, "packetization-mode=2;profile-level-id=42e01f"},
    {110, "packetization-mode=1;profile-level-id="},
    {111, "packetization-mode=1;profile-level-id=42e01f"},
  };
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  GstSecureRtcSdpDescription *offer, *answer, *back;
  GPtrArray *senders = one_sender (h264_sender ("42e01f", "1"));
  GError *err = NULL;
  guint i;

  /* The sender skips the unusable ones and takes 111; the unusable ones
   * are not received either. */
  offer = h264_offer (offered, G_N_ELEMENTS (offered), FALSE);
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  back = roundtrip (answer);
  fail_unless (gst_secure_rtc_sdp_check_answer (offer, back, &err), "%s",
      err ? err->message : "");
  fail_unless_equals_int (media (back, 0)->codecs->len, 1);
  fail_unless_equals_int (first_codec (back, 0)->pt, 111);
  gst_secure_rtc_sdp_description_free (back);
  gst_secure_rtc_sdp_description_free (answer);

  /* Received: 111 alone. */
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, NULL, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (media (answer, 0)->codecs->len, 1);
  fail_unless_equals_int (first_codec (answer, 0)->pt, 111);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  /* Without 111 nothing is left to receive: the section is rejected like
   * any section without a common codec, and an offer with no other
   * section fails. */
  offer = h264_offer (offered, G_N_ELEMENTS (offered) - 1, FALSE);
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, NULL, &err);
  fail_unless (answer == NULL);
  fail_unless_equals_int (err->code, GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE);
  g_clear_error (&err);
  /* With our H264 stream it is the clear error of a missing profile. */
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, senders, &err);
  fail_unless (answer == NULL);
  fail_unless_equals_int (err->code, GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE);
  fail_unless (strstr (err->message, "100 unreadable") != NULL, "%s",
      err->message);
  fail_unless (strstr (err->message, "malformed profile-level-id") != NULL,
      "%s", err->message);
  g_clear_error (&err);
  /* With VP8 beside them, the section is answered with VP8 alone. */
  gst_secure_rtc_sdp_description_free (offer);
  offer = h264_offer (offered, G_N_ELEMENTS (offered) - 1, TRUE);
  answer = gst_secure_rtc_sdp_create_answer (offer, &local, NULL, &err);
  fail_unless (answer != NULL, "%s", err ? err->message : "");
  fail_unless_equals_int (media (answer, 0)->codecs->len, 1);
  fail_unless_equals_string (first_codec (answer, 0)->encoding_name, "VP8");
  for (i = 0; i < G_N_ELEMENTS (offered); i++)
    fail_unless (gst_secure_rtc_sdp_media_find_codec (media (answer, 0),
            offered[i].pt) == NULL);
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
}

GST_END_TEST;

/* Answers to our own offers: an answered H264 payload type must keep the
 * offered profile and packetization-mode (RFC 6184 §8.2.2); the level may
 * change. What cannot be read is an error naming the parameter and the
 * payload type, since we would send on it. */
typedef struct
{
  const gchar *answer_fmtp;
  gboolean ok;
  gint code;
  const gchar *mentions;
} H264AnswerCase;

static const H264AnswerCase h264_answer_cases[] = {
  {"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
      TRUE, 0, NULL},
  {"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e034",
      TRUE, 0, NULL},
  {"packetization-mode=1;profile-level-id=42c015", TRUE, 0, NULL},
  {"packetization-mode=1", TRUE, 0, NULL},
  {"packetization-mode=1;profile-level-id=42e0", FALSE,
      GST_SECURE_RTC_SDP_ERROR_INVALID, "profile-level-id \"42e0\" of H264 "
        "payload type 102"},
  {"packetization-mode=1;profile-level-id=ab001f", FALSE,
      GST_SECURE_RTC_SDP_ERROR_INVALID, "payload type 102"},
  {"packetization-mode=0;profile-level-id=42e01f", FALSE,
      GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE, "packetization-mode 0"},
  {"profile-level-id=42e01f", FALSE, GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE,
      "packetization-mode 0"},
  {"packetization-mode=1;profile-level-id=42001f", FALSE,
      GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE, "profile baseline"},
  {"packetization-mode=1;profile-level-id=640c1f", FALSE,
      GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE, "constrained-high"},
};

GST_START_TEST (test_h264_check_answer)
{
  const H264AnswerCase *ac = &h264_answer_cases[__i__];
  GstSecureRtcSdpLocal l1 = { "aaaa", PWD, FP };
  GPtrArray *senders = one_sender (h264_sender ("42e01f", "1"));
  GstSecureRtcSdpDescription *offer, *answer;
  GstSecureRtcSdpMedia *am;
  GError *err = NULL;
  gboolean ok;

  offer = gst_secure_rtc_sdp_create_offer (&l1, senders, 0, 0, &err);
  fail_unless (offer != NULL, "%s", err ? err->message : "");
  /* payloaders say 96; the offer keeps it */
  ((GstSecureRtcSdpCodec *) first_codec (offer, 0))->pt = 102;
  answer = gst_secure_rtc_sdp_description_new ();
  answer->setup = GST_SECURE_RTC_SDP_SETUP_ACTIVE;
  am = gst_secure_rtc_sdp_media_new ("video");
  am->mid = g_strdup (media (offer, 0)->mid);
  am->rtcp_mux = TRUE;
  g_ptr_array_add (am->codecs, gst_secure_rtc_sdp_codec_new (102, "H264",
          90000, 0, ac->answer_fmtp));
  g_ptr_array_add (answer->media, am);
  ok = gst_secure_rtc_sdp_check_answer (offer, answer, &err);
  if (ac->ok) {
    fail_unless (ok, "%s: %s", ac->answer_fmtp, err ? err->message : "");
  } else {
    fail_if (ok, "%s accepted", ac->answer_fmtp);
    fail_unless (err != NULL && err->domain == GST_SECURE_RTC_SDP_ERROR);
    fail_unless_equals_int (err->code, ac->code);
    fail_unless (strstr (err->message, ac->mentions) != NULL,
        "\"%s\" does not mention \"%s\"", err->message, ac->mentions);
    g_clear_error (&err);
  }
  gst_secure_rtc_sdp_description_free (answer);
  gst_secure_rtc_sdp_description_free (offer);
  g_ptr_array_unref (senders);
}

GST_END_TEST;

/* The local stream's own profile-level-id must be usable: the caps of a
 * payloader with a malformed or unknown one are an error naming it. */
GST_START_TEST (test_h264_caps)
{
  static const struct
  {
    const gchar *fields;
    gint code;
    const gchar *mentions;
  } bad[] = {
    {"profile-level-id=(string)42e01", GST_SECURE_RTC_SDP_ERROR_INVALID,
        "profile-level-id \"42e01\""},
    {"profile-level-id=(string)42g01f", GST_SECURE_RTC_SDP_ERROR_INVALID,
        "profile-level-id"},
    {"profile-level-id=(string)7a001f", GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        "7a001f"},
    {"profile-level-id=(string)42e01f, packetization-mode=(string)2",
        GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED, "packetization-mode \"2\""},
  };
  GstCaps *caps = gst_caps_from_string ("application/x-rtp, media=video, "
      "encoding-name=H264, clock-rate=90000, payload=96");
  GError *err = NULL;
  GstSecureRtcSdpCodec *c;
  guint i;

  /* Nothing said: constrained baseline 3.1, packetization-mode 1 */
  c = gst_secure_rtc_sdp_codec_from_caps (caps, NULL, &err);
  fail_unless (c != NULL, "%s", err ? err->message : "");
  fail_unless_equals_string (c->fmtp, "level-asymmetry-allowed=1;"
      "packetization-mode=1;profile-level-id=42e01f");
  gst_secure_rtc_sdp_codec_free (c);
  gst_caps_unref (caps);
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    gchar *str = g_strdup_printf ("application/x-rtp, media=video, "
        "encoding-name=H264, clock-rate=90000, payload=96, %s",
        bad[i].fields);
    caps = gst_caps_from_string (str);
    fail_unless (caps != NULL, "%s", str);
    c = gst_secure_rtc_sdp_codec_from_caps (caps, NULL, &err);
    fail_unless (c == NULL, "%s accepted", str);
    fail_unless_equals_int (err->code, bad[i].code);
    fail_unless (strstr (err->message, bad[i].mentions) != NULL,
        "\"%s\" does not mention \"%s\"", err->message, bad[i].mentions);
    g_clear_error (&err);
    gst_caps_unref (caps);
    g_free (str);
  }
}

GST_END_TEST;

/* Robustness: 3000 deterministic mutations (byte flips, truncation, line
 * duplication) of the real offers never crash or hang; whatever parses can
 * be answered and written back. Run under ASan in CI. */
GST_START_TEST (test_mutations)
{
  const gchar *fixtures[] = { "chromium-offer.sdp", "webrtcbin-offer.sdp" };
  GRand *rand = g_rand_new_with_seed (0x5ec0de);
  GstSecureRtcSdpLocal local = { "locl", PWD, FP };
  guint i, parsed = 0;

  for (i = 0; i < 3000; i++) {
    gchar *orig = load_fixture (fixtures[i % 2]);
    GString *m = g_string_new (orig);
    GstSecureRtcSdpDescription *d;
    GError *err = NULL;
    guint k, n = g_rand_int_range (rand, 1, 8);

    for (k = 0; k < n && m->len > 0; k++) {
      guint pos = g_rand_int_range (rand, 0, m->len);
      guint span = g_rand_int_range (rand, 1, 64);
      switch (g_rand_int_range (rand, 0, 4)) {
        case 0:                /* flip a byte */
          m->str[pos] = (gchar) g_rand_int_range (rand, 1, 256);
          break;
        case 1:                /* truncate */
          g_string_truncate (m, pos);
          break;
        case 2:{               /* duplicate a slice */
          guint l = MIN (m->len - pos, span);
          gchar *slice = g_strndup (m->str + pos, l);
          g_string_insert (m, g_rand_int_range (rand, 0, m->len), slice);
          g_free (slice);
          break;
        }
        default:               /* delete a slice */
          g_string_erase (m, pos, MIN (m->len - pos, span));
          break;
      }
    }
    d = gst_secure_rtc_sdp_description_parse (m->str, &err);
    if (d) {
      GstSecureRtcSdpDescription *answer;
      parsed++;
      answer = gst_secure_rtc_sdp_create_answer (d, &local, NULL, NULL);
      if (answer) {
        GstSDPMessage *msg =
            gst_secure_rtc_sdp_description_to_message (answer, 1);
        gchar *text = gst_sdp_message_as_text (msg);
        g_free (text);
        gst_secure_rtc_sdp_message_wipe_free (msg);
        gst_secure_rtc_sdp_description_free (answer);
      }
      gst_secure_rtc_sdp_description_free (d);
    } else {
      fail_unless (err != NULL && err->message && *err->message);
      g_error_free (err);
    }
    g_string_free (m, TRUE);
    g_free (orig);
  }
  GST_INFO ("%u of 3000 mutated offers still parsed", parsed);
  g_rand_free (rand);
}

GST_END_TEST;

static Suite *
sdp_suite (void)
{
  Suite *s = suite_create ("sdpofferanswer");
  TCase *tc = tcase_create ("general");

  gst_secure_rtc_init ();
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_parse_chromium_offer);
  tcase_add_test (tc, test_parse_webrtcbin_offer);
  tcase_add_test (tc, test_answer_chromium_offer);
  tcase_add_test (tc, test_offer_answer_roundtrip);
  tcase_add_test (tc, test_reject_datachannel_and_unbundled);
  tcase_add_loop_test (tc, test_malformed, 0, G_N_ELEMENTS (bad_cases));
  tcase_add_test (tc, test_answer_errors);
  tcase_add_test (tc, test_no_secret_in_summary);
  tcase_add_test (tc, test_codec_caps);
  tcase_add_test (tc, test_offer_unique_payload_types);
  tcase_add_loop_test (tc, test_h264_chromium_offer_picks_profile, 0,
      G_N_ELEMENTS (chromium_h264_cases));
  tcase_add_test (tc, test_h264_high_vs_baseline_offer);
  tcase_add_loop_test (tc, test_h264_level, 0,
      G_N_ELEMENTS (h264_level_cases));
  tcase_add_test (tc, test_h264_no_profile_level_id);
  tcase_add_test (tc, test_h264_malformed_profile_level_id);
  tcase_add_loop_test (tc, test_h264_check_answer, 0,
      G_N_ELEMENTS (h264_answer_cases));
  tcase_add_test (tc, test_h264_caps);
  tcase_add_test (tc, test_mutations);
  return s;
}

GST_CHECK_MAIN (sdp);
