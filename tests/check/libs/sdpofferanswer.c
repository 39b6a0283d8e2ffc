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
  tcase_add_test (tc, test_mutations);
  return s;
}

GST_CHECK_MAIN (sdp);
