/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Cross-implementation test: our srtpencrypt/srtpdecrypt against
 * gst-plugins-bad's srtpenc/srtpdec (the Debian gstreamer1.0-plugins-bad
 * build, on the system libsrtp2 with its own crypto kernels).
 *
 * For every profile (RFC 3711 AES-CM with HMAC-SHA1-80/-32, RFC 7714
 * AEAD-AES-128/256-GCM):
 *   - srtpencrypt -> srtpdec       (our SRTP/SRTCP decrypts in plugins-bad)
 *   - srtpenc     -> srtpdecrypt   (plugins-bad SRTP/SRTCP decrypts in ours)
 *   - srtpenc with another key -> srtpdecrypt drops everything (dropped-auth)
 *   - srtpenc -> srtpdecrypt reordered across the sequence-number wrap, then
 *     some packets replayed (dropped-replay)
 *   - the same exchange as buffer lists (chain_list of all four elements)
 *   - srtpenc ! srtpdecrypt and srtpencrypt ! srtpdec linked directly, so
 *     that caps negotiate across the implementations (srtpenc puts its key
 *     in caps; nothing of it may come out of srtpdecrypt)
 *
 * Traffic: two SSRCs interleaved, RTP starting at sequence number 65500 so
 * that the sequence number wraps after 36 packets and the rollover counter
 * (RFC 3711 §3.3.1) must go to 1 on both sides, and every tenth round a valid
 * RTCP compound packet (SR or RR with a report block, then SDES CNAME) per
 * SSRC. Every decrypted packet is compared byte for byte with the plaintext
 * that was sent, and the packet counters of both implementations are checked.
 *
 * srtpenc and srtpdec keep RTP and RTCP on separate pads while our elements
 * carry both on one (RFC 5761); the test routes by packet type (second byte
 * 192..223 is RTCP), which is what a demuxer in front of srtpdec would do.
 *
 * Everything runs synchronously in GstHarness: a packet pushed in has been
 * processed when gst_harness_push() returns, so the output is taken with
 * gst_harness_try_pull() — no waiting, no sleeps.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/rtp/gstrtpbuffer.h>
#include <gst/rtp/gstrtcpbuffer.h>

/* ------------------------------------------------------------------------ */
/* Profiles: our nick, the key||salt length, and the plugins-bad names */

typedef struct
{
  const gchar *nick;            /* srtpencrypt/srtpdecrypt `profile` */
  gsize material_len;           /* master key || master salt, bytes */
  const gchar *cipher;          /* srtpenc rtp-cipher/rtcp-cipher, srtpdec srtp(c)-cipher */
  const gchar *rtp_auth;        /* srtpenc rtp-auth, srtpdec srtp-auth */
  const gchar *rtcp_auth;       /* srtpenc rtcp-auth, srtpdec srtcp-auth */
  gsize rtp_overhead;           /* auth tag */
  gsize rtcp_overhead;          /* E flag + SRTCP index + auth tag */
} Profile;

/* RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_32 keeps an 80-bit tag for
 * SRTCP. The AEAD profiles have no separate authentication (RFC 7714 §12),
 * which plugins-bad spells "null" (it then uses the 16-byte GCM tag). */
static const Profile profiles[] = {
  {"aes-128-cm-hmac-sha1-80", 30, "aes-128-icm", "hmac-sha1-80",
      "hmac-sha1-80", 10, 4 + 10},
  {"aes-128-cm-hmac-sha1-32", 30, "aes-128-icm", "hmac-sha1-32",
      "hmac-sha1-80", 4, 4 + 10},
  {"aead-aes-128-gcm", 28, "aes-128-gcm", "null", "null", 16, 4 + 16},
  {"aead-aes-256-gcm", 44, "aes-256-gcm", "null", "null", 16, 4 + 16},
};

/* ------------------------------------------------------------------------ */
/* Traffic */

#define N_ROUNDS 100            /* RTP packets per SSRC */
#define FIRST_SEQ 65500         /* wraps after 36 packets */
#define RTCP_EVERY 10           /* one RTCP compound per SSRC every 10 rounds */
#define N_RTP (2 * N_ROUNDS)
#define N_RTCP (2 * (N_ROUNDS / RTCP_EVERY))
#define PT 96                   /* outside 64..95: srtpdec sees RTP */

static const guint32 ssrcs[2] = { 0x11223344, 0xcafe0001 };

/* An RTP packet. The header varies too, since SRTP authenticates but does
 * not encrypt it, so both sides must agree on where the payload starts:
 * every 7th packet carries two CSRCs, every 5th an RFC 8285 one-byte header
 * extension. (No RTP padding: srtpdec reads the SSRC through
 * gst_rtp_buffer_map(), which takes the last byte of the auth tag for the
 * padding length.) */
static GstBuffer *
make_rtp (guint32 ssrc, guint round)
{
  guint16 seq = (guint16) (FIRST_SEQ + round);
  /* payload sizes vary: 1..247 bytes, deliberately not block-aligned */
  guint payload_len = 1 + (round * 37 + (ssrc & 0xff)) % 247;
  guint n_csrc = round % 7 == 3 ? 2 : 0;
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  GstBuffer *buf;
  guint8 *payload;
  guint i;

  buf = gst_rtp_buffer_new_allocate (payload_len, 0, n_csrc);
  fail_unless (gst_rtp_buffer_map (buf, GST_MAP_READWRITE, &rtp));
  gst_rtp_buffer_set_payload_type (&rtp, PT);
  gst_rtp_buffer_set_seq (&rtp, seq);
  gst_rtp_buffer_set_timestamp (&rtp, 0x10000000u + round * 160);
  gst_rtp_buffer_set_ssrc (&rtp, ssrc);
  gst_rtp_buffer_set_marker (&rtp, round % 25 == 0);
  for (i = 0; i < n_csrc; i++)
    gst_rtp_buffer_set_csrc (&rtp, i, 0xc0000000u + round * 2 + i);
  payload = gst_rtp_buffer_get_payload (&rtp);
  for (i = 0; i < payload_len; i++)
    payload[i] = (guint8) (ssrc ^ (seq * 31u) ^ (i * 7u));
  if (round % 5 == 1) {
    guint8 level[1] = { (guint8) (0x80 | (round & 0x7f)) };
    guint8 mid[3] = { 'a', 'b', (guint8) ('0' + round % 10) };

    fail_unless (gst_rtp_buffer_add_extension_onebyte_header (&rtp, 1,
            level, sizeof (level)));
    fail_unless (gst_rtp_buffer_add_extension_onebyte_header (&rtp, 9,
            mid, sizeof (mid)));
  }
  gst_rtp_buffer_unmap (&rtp);
  return buf;
}

/* A compound RTCP packet (RFC 3550 §6.1): SR (or RR) with one report block
 * about the other SSRC, then SDES with a CNAME. */
static GstBuffer *
make_rtcp (guint32 ssrc, guint32 other_ssrc, gboolean sender_report,
    guint round)
{
  GstRTCPBuffer rtcp = GST_RTCP_BUFFER_INIT;
  GstRTCPPacket packet;
  GstBuffer *buf;
  gchar *cname;

  buf = gst_rtcp_buffer_new (1400);
  fail_unless (gst_rtcp_buffer_map (buf, GST_MAP_READWRITE, &rtcp));
  if (sender_report) {
    fail_unless (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_SR,
            &packet));
    gst_rtcp_packet_sr_set_sender_info (&packet, ssrc,
        G_GUINT64_CONSTANT (0xe0000000) + round * 1000,
        0x10000000u + round * 160, round + 1, (round + 1) * 100);
  } else {
    fail_unless (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_RR,
            &packet));
    gst_rtcp_packet_rr_set_ssrc (&packet, ssrc);
  }
  fail_unless (gst_rtcp_packet_add_rb (&packet, other_ssrc, 0, 0,
          FIRST_SEQ + round, 3, 0x1234, 0x5678));
  fail_unless (gst_rtcp_buffer_add_packet (&rtcp, GST_RTCP_TYPE_SDES,
          &packet));
  fail_unless (gst_rtcp_packet_sdes_add_item (&packet, ssrc));
  cname = g_strdup_printf ("user%08x@interop.invalid", ssrc);
  fail_unless (gst_rtcp_packet_sdes_add_entry (&packet, GST_RTCP_SDES_CNAME,
          strlen (cname), (const guint8 *) cname));
  g_free (cname);
  gst_rtcp_buffer_unmap (&rtcp);
  fail_unless (gst_rtcp_buffer_validate (buf));
  return buf;
}

/* The whole exchange, in sending order. */
static GPtrArray *
make_traffic (void)
{
  GPtrArray *traffic = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  guint round, s;

  for (round = 0; round < N_ROUNDS; round++) {
    for (s = 0; s < 2; s++)
      g_ptr_array_add (traffic, make_rtp (ssrcs[s], round));
    if ((round + 1) % RTCP_EVERY == 0) {
      for (s = 0; s < 2; s++)
        g_ptr_array_add (traffic, make_rtcp (ssrcs[s], ssrcs[1 - s], s == 0,
                round));
    }
  }
  fail_unless_equals_int (traffic->len, N_RTP + N_RTCP);
  return traffic;
}

/* RFC 5761 §4: RTCP packet types 192..223 in the second byte. The first
 * eight bytes of SRTCP are not encrypted, so this works on either side. */
static gboolean
is_rtcp (GstBuffer * buf)
{
  guint8 b[2];

  fail_unless_equals_int (gst_buffer_extract (buf, 0, b, 2), 2);
  return b[1] >= 192 && b[1] <= 223;
}

/* The header stays in the clear (RTP: fixed header, CSRCs, extension;
 * RTCP: the first 8 bytes); what follows must not be the plaintext. */
static void
assert_encrypted (GstBuffer * plain, GstBuffer * protected,
    const Profile * p)
{
  gsize plain_size = gst_buffer_get_size (plain);
  gsize clear = 8;
  GstMapInfo pm, em;

  if (!is_rtcp (plain)) {
    GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

    fail_unless (gst_rtp_buffer_map (plain, GST_MAP_READ, &rtp));
    clear = gst_rtp_buffer_get_header_len (&rtp);
    gst_rtp_buffer_unmap (&rtp);
  }

  fail_unless_equals_int (gst_buffer_get_size (protected), plain_size +
      (is_rtcp (plain) ? p->rtcp_overhead : p->rtp_overhead));
  fail_unless (gst_buffer_map (plain, &pm, GST_MAP_READ));
  fail_unless (gst_buffer_map (protected, &em, GST_MAP_READ));
  fail_unless (memcmp (pm.data, em.data, clear) == 0,
      "the clear header changed");
  fail_unless (memcmp (pm.data + clear, em.data + clear,
          plain_size - clear) != 0, "payload sent in the clear");
  gst_buffer_unmap (protected, &em);
  gst_buffer_unmap (plain, &pm);
}

static void
assert_same_bytes (GstBuffer * expected, GstBuffer * got, guint index)
{
  GstMapInfo em, gm;

  fail_unless (got != NULL, "packet %u was not delivered", index);
  fail_unless (gst_buffer_map (expected, &em, GST_MAP_READ));
  fail_unless (gst_buffer_map (got, &gm, GST_MAP_READ));
  fail_unless_equals_int (gm.size, em.size);
  fail_unless (memcmp (em.data, gm.data, em.size) == 0,
      "packet %u decrypted to different bytes", index);
  gst_buffer_unmap (got, &gm);
  gst_buffer_unmap (expected, &em);
}

/* ------------------------------------------------------------------------ */
/* Keys */

/* A deterministic key||salt, distinct per @seed (not a secret: test data). */
static void
make_material (guint8 * material, gsize len, guint seed)
{
  gsize i;

  for (i = 0; i < len; i++)
    material[i] = (guint8) (seed * 0x9d + i * 0x3b + (i >> 2));
}

static gchar *
material_to_hex (const guint8 * material, gsize len)
{
  GString *hex = g_string_sized_new (2 * len);
  gsize i;

  for (i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", material[i]);
  return g_string_free (hex, FALSE);
}

/* srtpencrypt or srtpdecrypt, configured for @p with key @seed */
static GstElement *
make_ours (const gchar * factory, const Profile * p, guint seed)
{
  GstElement *e = gst_element_factory_make (factory, NULL);
  guint8 material[64];
  gchar *hex;

  fail_unless (e != NULL, "%s not found (is the securesrtp plugin built?)",
      factory);
  make_material (material, p->material_len, seed);
  hex = material_to_hex (material, p->material_len);
  gst_util_set_object_arg (G_OBJECT (e), "profile", p->nick);
  g_object_set (e, "key", hex, NULL);
  g_free (hex);
  return e;
}

/* the same, in a harness whose input has @caps */
static GstHarness *
harness_ours (const gchar * factory, const Profile * p, guint seed,
    const gchar * caps)
{
  GstElement *e = make_ours (factory, p, seed);
  GstHarness *h;

  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);         /* the harness holds it */
  gst_harness_set_src_caps_str (h, caps);
  return h;
}

static void
require_plugins_bad (const gchar * factory)
{
  GstElementFactory *f = gst_element_factory_find (factory);

  fail_unless (f != NULL, "gst-plugins-bad element %s not found: install "
      "gstreamer1.0-plugins-bad (scripts/install-deps.sh)", factory);
  gst_object_unref (f);
}

static GstBuffer *
material_buffer (const Profile * p, guint seed)
{
  guint8 material[64];

  make_material (material, p->material_len, seed);
  return gst_buffer_new_memdup (material, p->material_len);
}

/* srtpenc configured for @p with key @seed */
static GstElement *
make_srtpenc (const Profile * p, guint seed)
{
  GstElement *e;
  GstBuffer *key;

  require_plugins_bad ("srtpenc");
  e = gst_element_factory_make ("srtpenc", NULL);
  fail_unless (e != NULL);
  key = material_buffer (p, seed);
  g_object_set (e, "key", key, NULL);
  gst_buffer_unref (key);
  gst_util_set_object_arg (G_OBJECT (e), "rtp-cipher", p->cipher);
  gst_util_set_object_arg (G_OBJECT (e), "rtcp-cipher", p->cipher);
  gst_util_set_object_arg (G_OBJECT (e), "rtp-auth", p->rtp_auth);
  gst_util_set_object_arg (G_OBJECT (e), "rtcp-auth", p->rtcp_auth);
  return e;
}

typedef struct
{
  const Profile *profile;
  guint seed;
  guint calls;
  guint32 ssrc_seen[2];
} KeyRequest;

/* srtpdec's "request-key": called (with srtpdec's object lock held) the
 * first time it meets an SSRC. */
static GstCaps *
on_request_key (GstElement * srtpdec, guint ssrc, KeyRequest * req)
{
  const Profile *p = req->profile;
  GstBuffer *key = material_buffer (p, req->seed);
  GstCaps *caps;

  fail_unless (ssrc == ssrcs[0] || ssrc == ssrcs[1],
      "key requested for unknown SSRC %08x", ssrc);
  if (req->calls < 2)
    req->ssrc_seen[req->calls] = ssrc;
  req->calls++;

  caps = gst_caps_new_simple ("application/x-srtp",
      "srtp-key", GST_TYPE_BUFFER, key,
      "srtp-cipher", G_TYPE_STRING, p->cipher,
      "srtp-auth", G_TYPE_STRING, p->rtp_auth,
      "srtcp-cipher", G_TYPE_STRING, p->cipher,
      "srtcp-auth", G_TYPE_STRING, p->rtcp_auth, NULL);
  gst_buffer_unref (key);
  return caps;
}

/* ------------------------------------------------------------------------ */
/* Statistics */

static guint64
our_stat (GstElement * e, const gchar * field)
{
  GstStructure *s = NULL;
  guint64 v = 0;

  g_object_get (e, "stats", &s, NULL);
  fail_unless (s != NULL);
  fail_unless (gst_structure_get_uint64 (s, field, &v),
      "stats have no guint64 %s: %" GST_PTR_FORMAT, field, s);
  gst_structure_free (s);
  return v;
}

static void
assert_our_stats (GstElement * e, guint64 rtp, guint64 rtcp)
{
  static const gchar *drops[] = {
    "dropped-no-key", "dropped-invalid", "dropped-truncated",
    "dropped-auth", "dropped-replay", "dropped-error",
  };
  guint i;

  fail_unless_equals_uint64 (our_stat (e, "rtp-packets"), rtp);
  fail_unless_equals_uint64 (our_stat (e, "rtcp-packets"), rtcp);
  for (i = 0; i < G_N_ELEMENTS (drops); i++)
    fail_unless_equals_uint64 (our_stat (e, drops[i]), 0);
}

/* srtpdec's stats: recv-count, recv-drop-count, and per stream the ROC. */
static void
assert_srtpdec_stats (GstElement * srtpdec)
{
  GstStructure *s = NULL;
  const GValue *streams;
  guint recv = 0, drop = G_MAXUINT, i, n_found = 0;

  g_object_get (srtpdec, "stats", &s, NULL);
  fail_unless (s != NULL);
  GST_INFO ("srtpdec stats: %" GST_PTR_FORMAT, s);
  fail_unless (gst_structure_get_uint (s, "recv-count", &recv));
  fail_unless (gst_structure_get_uint (s, "recv-drop-count", &drop));
  fail_unless_equals_int (recv, N_RTP + N_RTCP);
  fail_unless_equals_int (drop, 0);

  streams = gst_structure_get_value (s, "streams");
  fail_unless (streams != NULL && GST_VALUE_HOLDS_ARRAY (streams));
  for (i = 0; i < gst_value_array_get_size (streams); i++) {
    const GstStructure *ss =
        gst_value_get_structure (gst_value_array_get_value (streams, i));
    guint ssrc = 0, roc = G_MAXUINT;

    fail_unless (gst_structure_get_uint (ss, "ssrc", &ssrc));
    fail_unless (gst_structure_get_uint (ss, "roc", &roc));
    fail_unless (ssrc == ssrcs[0] || ssrc == ssrcs[1]);
    /* 100 packets from 65500: the sequence number wrapped once */
    fail_unless_equals_int (roc, 1);
    n_found++;
  }
  fail_unless_equals_int (n_found, 2);
  gst_structure_free (s);
}

/* srtpenc's stats list the ROC of the SSRCs it has seen. */
static void
assert_srtpenc_roc (GstElement * srtpenc)
{
  GstStructure *s = NULL;
  const GValue *streams;
  guint i;

  g_object_get (srtpenc, "stats", &s, NULL);
  fail_unless (s != NULL);
  GST_INFO ("srtpenc stats: %" GST_PTR_FORMAT, s);
  streams = gst_structure_get_value (s, "streams");
  fail_unless (streams != NULL && GST_VALUE_HOLDS_ARRAY (streams));
  fail_unless_equals_int (gst_value_array_get_size (streams), 2);
  for (i = 0; i < gst_value_array_get_size (streams); i++) {
    const GstStructure *ss =
        gst_value_get_structure (gst_value_array_get_value (streams, i));
    guint ssrc = 0, roc = G_MAXUINT;

    fail_unless (gst_structure_get_uint (ss, "ssrc", &ssrc));
    fail_unless (ssrc == ssrcs[0] || ssrc == ssrcs[1]);
    fail_unless (gst_structure_get_uint (ss, "roc", &roc));
    fail_unless_equals_int (roc, 1);
  }
  gst_structure_free (s);
}

/* ------------------------------------------------------------------------ */
/* srtpencrypt -> srtpdec */

GST_START_TEST (test_srtpencrypt_to_srtpdec)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  KeyRequest req = { p, 1, 0, {0, 0} };
  GstHarness *enc, *dec_rtp, *dec_rtcp;
  GstElement *srtpdec;
  guint i, n_rtp = 0, n_rtcp = 0;

  GST_INFO ("profile %s", p->nick);
  require_plugins_bad ("srtpdec");

  enc = harness_ours ("srtpencrypt", p, 1, "application/x-rtp");

  dec_rtp = gst_harness_new_with_padnames ("srtpdec", "rtp_sink", "rtp_src");
  srtpdec = dec_rtp->element;
  g_signal_connect (srtpdec, "request-key", G_CALLBACK (on_request_key), &req);
  dec_rtcp = gst_harness_new_with_element (srtpdec, "rtcp_sink", "rtcp_src");
  gst_harness_set_src_caps_str (dec_rtp, "application/x-srtp");
  gst_harness_set_src_caps_str (dec_rtcp, "application/x-srtcp");

  for (i = 0; i < traffic->len; i++) {
    GstBuffer *plain = g_ptr_array_index (traffic, i);
    gboolean rtcp = is_rtcp (plain);
    GstHarness *dec = rtcp ? dec_rtcp : dec_rtp;
    GstBuffer *protected, *out;

    /* a private copy: srtpencrypt encrypts in place */
    fail_unless_equals_int (gst_harness_push (enc,
            gst_buffer_copy_deep (plain)), GST_FLOW_OK);
    protected = gst_harness_try_pull (enc);
    fail_unless (protected != NULL, "srtpencrypt did not output packet %u",
        i);
    assert_encrypted (plain, protected, p);
    fail_unless_equals_int (is_rtcp (protected), rtcp);

    fail_unless_equals_int (gst_harness_push (dec, protected), GST_FLOW_OK);
    out = gst_harness_try_pull (dec);
    assert_same_bytes (plain, out, i);
    gst_buffer_unref (out);
    if (rtcp)
      n_rtcp++;
    else
      n_rtp++;
  }
  fail_unless_equals_int (n_rtp, N_RTP);
  fail_unless_equals_int (n_rtcp, N_RTCP);
  /* nothing else came out of either side */
  fail_unless (gst_harness_try_pull (enc) == NULL);
  fail_unless (gst_harness_try_pull (dec_rtp) == NULL);
  fail_unless (gst_harness_try_pull (dec_rtcp) == NULL);

  /* one key request per SSRC, for the two SSRCs we sent */
  fail_unless_equals_int (req.calls, 2);
  fail_unless (req.ssrc_seen[0] != req.ssrc_seen[1]);

  assert_our_stats (enc->element, N_RTP, N_RTCP);
  assert_srtpdec_stats (srtpdec);

  gst_harness_teardown (dec_rtcp);
  gst_harness_teardown (dec_rtp);
  gst_harness_teardown (enc);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* srtpenc -> srtpdecrypt */

typedef struct
{
  GstElement *srtpenc;
  GstHarness *rtp;
  GstHarness *rtcp;
} SrtpEncHarness;

static void
srtpenc_harness_init (SrtpEncHarness * h, const Profile * p, guint seed)
{
  h->srtpenc = make_srtpenc (p, seed);
  h->rtp = gst_harness_new_with_element (h->srtpenc, "rtp_sink_0",
      "rtp_src_0");
  h->rtcp = gst_harness_new_with_element (h->srtpenc, "rtcp_sink_0",
      "rtcp_src_0");
  gst_harness_set_src_caps_str (h->rtp, "application/x-rtp");
  gst_harness_set_src_caps_str (h->rtcp, "application/x-rtcp");
}

static void
srtpenc_harness_teardown (SrtpEncHarness * h)
{
  gst_harness_teardown (h->rtcp);
  gst_harness_teardown (h->rtp);
  gst_object_unref (h->srtpenc);
}

/* Protects @plain with srtpenc (on the pad for its type). */
static GstBuffer *
srtpenc_protect (SrtpEncHarness * h, GstBuffer * plain, guint index)
{
  GstHarness *in = is_rtcp (plain) ? h->rtcp : h->rtp;
  GstBuffer *protected;

  fail_unless_equals_int (gst_harness_push (in, gst_buffer_copy_deep (plain)),
      GST_FLOW_OK);
  protected = gst_harness_try_pull (in);
  fail_unless (protected != NULL, "srtpenc did not output packet %u", index);
  return protected;
}

GST_START_TEST (test_srtpenc_to_srtpdecrypt)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  SrtpEncHarness enc;
  GstHarness *dec;
  guint i, n_rtp = 0, n_rtcp = 0;

  GST_INFO ("profile %s", p->nick);
  srtpenc_harness_init (&enc, p, 2);
  dec = harness_ours ("srtpdecrypt", p, 2, "application/x-srtp");

  for (i = 0; i < traffic->len; i++) {
    GstBuffer *plain = g_ptr_array_index (traffic, i);
    gboolean rtcp = is_rtcp (plain);
    GstBuffer *protected, *out;

    protected = srtpenc_protect (&enc, plain, i);
    assert_encrypted (plain, protected, p);

    /* one flow into srtpdecrypt, RTP and RTCP mixed (RFC 5761) */
    fail_unless_equals_int (gst_harness_push (dec, protected), GST_FLOW_OK);
    out = gst_harness_try_pull (dec);
    assert_same_bytes (plain, out, i);
    gst_buffer_unref (out);
    if (rtcp)
      n_rtcp++;
    else
      n_rtp++;
  }
  fail_unless_equals_int (n_rtp, N_RTP);
  fail_unless_equals_int (n_rtcp, N_RTCP);
  fail_unless (gst_harness_try_pull (enc.rtp) == NULL);
  fail_unless (gst_harness_try_pull (enc.rtcp) == NULL);
  fail_unless (gst_harness_try_pull (dec) == NULL);

  assert_our_stats (dec->element, N_RTP, N_RTCP);
  assert_srtpenc_roc (enc.srtpenc);

  gst_harness_teardown (dec);
  srtpenc_harness_teardown (&enc);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* srtpenc with another key -> srtpdecrypt drops it all as failed auth */

GST_START_TEST (test_srtpenc_wrong_key_dropped_auth)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  SrtpEncHarness enc;
  GstHarness *dec;
  guint i, n_rtp = 0, n_rtcp = 0;

  GST_INFO ("profile %s", p->nick);
  srtpenc_harness_init (&enc, p, 3);
  /* same profile, different key||salt */
  dec = harness_ours ("srtpdecrypt", p, 4, "application/x-srtp");

  for (i = 0; i < traffic->len; i++) {
    GstBuffer *plain = g_ptr_array_index (traffic, i);

    if (is_rtcp (plain))
      n_rtcp++;
    else
      n_rtp++;
    fail_unless_equals_int (gst_harness_push (dec, srtpenc_protect (&enc,
                plain, i)), GST_FLOW_OK);
    fail_unless (gst_harness_try_pull (dec) == NULL,
        "packet %u protected with another key was let through", i);
  }

  fail_unless_equals_uint64 (our_stat (dec->element, "dropped-auth"),
      n_rtp + n_rtcp);
  fail_unless_equals_uint64 (our_stat (dec->element, "rtp-packets"), 0);
  fail_unless_equals_uint64 (our_stat (dec->element, "rtcp-packets"), 0);
  fail_unless_equals_uint64 (our_stat (dec->element, "dropped-replay"), 0);
  fail_unless_equals_uint64 (our_stat (dec->element, "dropped-invalid"), 0);
  fail_unless_equals_uint64 (our_stat (dec->element, "dropped-truncated"), 0);

  gst_harness_teardown (dec);
  srtpenc_harness_teardown (&enc);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* srtpenc -> srtpdecrypt, reordered across the wrap, then replayed */

/* Delivery order: blocks of 8 packets, each block reversed. The wrap sits
 * inside a block (traffic index 78 is the first packet with sequence number
 * 0), so packets of ROC 1 arrive before the last ones of ROC 0 and the
 * receiver has to estimate the index backwards (RFC 3711 §3.3.1). */
#define REORDER_BLOCK 8

static guint
reordered_index (guint i, guint n)
{
  guint block = i - i % REORDER_BLOCK;
  guint len = MIN (REORDER_BLOCK, n - block);

  return block + (len - 1 - i % REORDER_BLOCK);
}

GST_START_TEST (test_srtpenc_reordered_across_wrap_to_srtpdecrypt)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  GPtrArray *protected = g_ptr_array_new_with_free_func (
      (GDestroyNotify) gst_buffer_unref);
  /* first RTP of each SSRC, the first packets after the wrap, an RTCP */
  static const guint replayed[] = { 0, 1, 78, 79, 20 };
  SrtpEncHarness enc;
  GstHarness *dec;
  guint i;

  GST_INFO ("profile %s", p->nick);
  srtpenc_harness_init (&enc, p, 5);
  dec = harness_ours ("srtpdecrypt", p, 5, "application/x-srtp");

  /* the wrap is where the comment above says */
  {
    GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

    fail_unless (gst_rtp_buffer_map (g_ptr_array_index (traffic, 78),
            GST_MAP_READ, &rtp));
    fail_unless_equals_int (gst_rtp_buffer_get_seq (&rtp), 0);
    gst_rtp_buffer_unmap (&rtp);
    fail_unless (is_rtcp (g_ptr_array_index (traffic, 20)));
  }

  for (i = 0; i < traffic->len; i++)
    g_ptr_array_add (protected, srtpenc_protect (&enc,
            g_ptr_array_index (traffic, i), i));

  for (i = 0; i < traffic->len; i++) {
    guint j = reordered_index (i, traffic->len);
    GstBuffer *out;

    /* keep our reference for the replay below */
    fail_unless_equals_int (gst_harness_push (dec,
            gst_buffer_ref (g_ptr_array_index (protected, j))), GST_FLOW_OK);
    out = gst_harness_try_pull (dec);
    assert_same_bytes (g_ptr_array_index (traffic, j), out, j);
    gst_buffer_unref (out);
  }
  assert_our_stats (dec->element, N_RTP, N_RTCP);

  /* RFC 3711 §3.3.2: a replayed packet is dropped */
  for (i = 0; i < G_N_ELEMENTS (replayed); i++) {
    fail_unless_equals_int (gst_harness_push (dec,
            gst_buffer_ref (g_ptr_array_index (protected, replayed[i]))),
        GST_FLOW_OK);
    fail_unless (gst_harness_try_pull (dec) == NULL,
        "replayed packet %u was let through", replayed[i]);
  }
  fail_unless_equals_uint64 (our_stat (dec->element, "dropped-replay"),
      G_N_ELEMENTS (replayed));
  fail_unless_equals_uint64 (our_stat (dec->element, "dropped-auth"), 0);
  fail_unless_equals_uint64 (our_stat (dec->element, "rtp-packets"), N_RTP);
  fail_unless_equals_uint64 (our_stat (dec->element, "rtcp-packets"),
      N_RTCP);

  gst_harness_teardown (dec);
  srtpenc_harness_teardown (&enc);
  g_ptr_array_unref (protected);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Buffer lists: the chain_list paths of all four elements */

static GstBufferList *
list_of (GPtrArray * traffic, gint want_rtcp)
{
  GstBufferList *list = gst_buffer_list_new ();
  guint i;

  for (i = 0; i < traffic->len; i++) {
    GstBuffer *buf = g_ptr_array_index (traffic, i);

    if (want_rtcp < 0 || is_rtcp (buf) == want_rtcp)
      gst_buffer_list_add (list, gst_buffer_copy_deep (buf));
  }
  return list;
}

GST_START_TEST (test_buffer_lists_both_ways)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  KeyRequest req = { p, 6, 0, {0, 0} };
  GstHarness *enc, *dec_rtp, *dec_rtcp, *dec;
  GstBufferList *list;
  SrtpEncHarness benc;
  GQueue rtp_out = G_QUEUE_INIT, rtcp_out = G_QUEUE_INIT;
  GstBuffer *buf;
  guint i;

  GST_INFO ("profile %s", p->nick);

  /* srtpencrypt gets everything, RTP and RTCP mixed, as one list */
  enc = harness_ours ("srtpencrypt", p, 6, "application/x-rtp");
  dec_rtp = gst_harness_new_with_padnames ("srtpdec", "rtp_sink", "rtp_src");
  g_signal_connect (dec_rtp->element, "request-key",
      G_CALLBACK (on_request_key), &req);
  dec_rtcp = gst_harness_new_with_element (dec_rtp->element, "rtcp_sink",
      "rtcp_src");
  gst_harness_set_src_caps_str (dec_rtp, "application/x-srtp");
  gst_harness_set_src_caps_str (dec_rtcp, "application/x-srtcp");

  fail_unless_equals_int (gst_pad_push_list (enc->srcpad, list_of (traffic,
              -1)), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (enc), traffic->len);
  for (i = 0; i < traffic->len; i++) {
    GstBuffer *plain = g_ptr_array_index (traffic, i);
    GstHarness *d = is_rtcp (plain) ? dec_rtcp : dec_rtp;
    GstBuffer *out;

    buf = gst_harness_try_pull (enc);
    fail_unless (buf != NULL);
    assert_encrypted (plain, buf, p);
    fail_unless_equals_int (gst_harness_push (d, buf), GST_FLOW_OK);
    out = gst_harness_try_pull (d);
    assert_same_bytes (plain, out, i);
    gst_buffer_unref (out);
  }
  assert_our_stats (enc->element, N_RTP, N_RTCP);
  assert_srtpdec_stats (dec_rtp->element);
  gst_harness_teardown (dec_rtcp);
  gst_harness_teardown (dec_rtp);
  gst_harness_teardown (enc);

  /* srtpenc gets one list per pad; srtpdecrypt the mixed flow as one list */
  srtpenc_harness_init (&benc, p, 7);
  dec = harness_ours ("srtpdecrypt", p, 7, "application/x-srtp");
  fail_unless_equals_int (gst_pad_push_list (benc.rtp->srcpad,
          list_of (traffic, FALSE)), GST_FLOW_OK);
  fail_unless_equals_int (gst_pad_push_list (benc.rtcp->srcpad,
          list_of (traffic, TRUE)), GST_FLOW_OK);
  while ((buf = gst_harness_try_pull (benc.rtp)))
    g_queue_push_tail (&rtp_out, buf);
  while ((buf = gst_harness_try_pull (benc.rtcp)))
    g_queue_push_tail (&rtcp_out, buf);
  fail_unless_equals_int (rtp_out.length, N_RTP);
  fail_unless_equals_int (rtcp_out.length, N_RTCP);

  list = gst_buffer_list_new ();
  for (i = 0; i < traffic->len; i++) {
    GstBuffer *plain = g_ptr_array_index (traffic, i);

    buf = g_queue_pop_head (is_rtcp (plain) ? &rtcp_out : &rtp_out);
    assert_encrypted (plain, buf, p);
    gst_buffer_list_add (list, buf);
  }
  fail_unless_equals_int (gst_pad_push_list (dec->srcpad, list), GST_FLOW_OK);
  fail_unless_equals_int (gst_harness_buffers_in_queue (dec), traffic->len);
  for (i = 0; i < traffic->len; i++) {
    GstBuffer *out = gst_harness_try_pull (dec);

    assert_same_bytes (g_ptr_array_index (traffic, i), out, i);
    gst_buffer_unref (out);
  }
  assert_our_stats (dec->element, N_RTP, N_RTCP);
  gst_harness_teardown (dec);
  srtpenc_harness_teardown (&benc);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

/* ------------------------------------------------------------------------ */
/* Linked directly (caps negotiation across implementations) */

/* A bin "@up ! @down" with ghost pads "sink" and "src" */
static GstElement *
make_pair_bin (GstElement * up, const gchar * up_sink, const gchar * up_src,
    GstElement * down, const gchar * down_sink, const gchar * down_src)
{
  GstElement *bin = gst_bin_new (NULL);
  GstPad *sink, *src, *a, *b;

  gst_bin_add_many (GST_BIN (bin), up, down, NULL);
  /* srtpenc's pads are request pads */
  sink = gst_element_get_static_pad (up, up_sink);
  if (sink == NULL)
    sink = gst_element_request_pad_simple (up, up_sink);
  fail_unless (sink != NULL);
  a = gst_element_get_static_pad (up, up_src);
  b = gst_element_get_static_pad (down, down_sink);
  fail_unless (a != NULL && b != NULL);
  fail_unless_equals_int (gst_pad_link (a, b), GST_PAD_LINK_OK);
  src = gst_element_get_static_pad (down, down_src);
  fail_unless (src != NULL);
  fail_unless (gst_element_add_pad (bin, gst_ghost_pad_new ("sink", sink)));
  fail_unless (gst_element_add_pad (bin, gst_ghost_pad_new ("src", src)));
  gst_object_unref (sink);
  gst_object_unref (src);
  gst_object_unref (a);
  gst_object_unref (b);
  return bin;
}

#define RTP_CAPS "application/x-rtp, media=(string)audio, " \
    "clock-rate=(int)48000, encoding-name=(string)OPUS, payload=(int)96"

/* Sends the RTP of the traffic through @h and checks bytes and caps. */
static void
check_rtp_through (GstHarness * h, GPtrArray * traffic)
{
  GstCaps *caps;
  GstStructure *s;
  guint i, n = 0;

  for (i = 0; i < traffic->len; i++) {
    GstBuffer *plain = g_ptr_array_index (traffic, i);
    GstBuffer *out;

    if (is_rtcp (plain))
      continue;
    fail_unless_equals_int (gst_harness_push (h, gst_buffer_copy_deep (plain)),
        GST_FLOW_OK);
    out = gst_harness_try_pull (h);
    assert_same_bytes (plain, out, i);
    gst_buffer_unref (out);
    n++;
  }
  fail_unless_equals_int (n, N_RTP);
  fail_unless (gst_harness_try_pull (h) == NULL);

  /* what comes out is plain RTP caps with the stream's fields, no SRTP
   * parameters and certainly no key */
  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (caps != NULL);
  GST_INFO ("output caps: %" GST_PTR_FORMAT, caps);
  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "application/x-rtp"));
  fail_unless_equals_string (gst_structure_get_string (s, "encoding-name"),
      "OPUS");
  fail_unless (!gst_structure_has_field (s, "srtp-key"));
  fail_unless (!gst_structure_has_field (s, "srtp-cipher"));
  gst_caps_unref (caps);
}

GST_START_TEST (test_srtpenc_linked_to_srtpdecrypt)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  GstElement *bin;
  GstHarness *h;

  GST_INFO ("profile %s", p->nick);
  bin = make_pair_bin (make_srtpenc (p, 8), "rtp_sink_0", "rtp_src_0",
      make_ours ("srtpdecrypt", p, 8), "sink", "src");
  h = gst_harness_new_with_element (bin, "sink", "src");
  gst_object_unref (bin);
  gst_harness_set_src_caps_str (h, RTP_CAPS);

  check_rtp_through (h, traffic);

  gst_harness_teardown (h);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

GST_START_TEST (test_srtpencrypt_linked_to_srtpdec)
{
  const Profile *p = &profiles[__i__];
  GPtrArray *traffic = make_traffic ();
  KeyRequest req = { p, 9, 0, {0, 0} };
  GstElement *bin, *srtpdec;
  GstHarness *h;

  GST_INFO ("profile %s", p->nick);
  require_plugins_bad ("srtpdec");
  srtpdec = gst_element_factory_make ("srtpdec", NULL);
  g_signal_connect (srtpdec, "request-key", G_CALLBACK (on_request_key), &req);
  bin = make_pair_bin (make_ours ("srtpencrypt", p, 9), "sink", "src",
      srtpdec, "rtp_sink", "rtp_src");
  h = gst_harness_new_with_element (bin, "sink", "src");
  gst_object_unref (bin);
  gst_harness_set_src_caps_str (h, RTP_CAPS);

  check_rtp_through (h, traffic);
  fail_unless_equals_int (req.calls, 2);

  gst_harness_teardown (h);
  g_ptr_array_unref (traffic);
}

GST_END_TEST;

static Suite *
srtp_interop_suite (void)
{
  Suite *s = suite_create ("srtp-interop");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_srtpencrypt_to_srtpdec, 0,
      G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_srtpenc_to_srtpdecrypt, 0,
      G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_srtpenc_wrong_key_dropped_auth, 0,
      G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_srtpenc_reordered_across_wrap_to_srtpdecrypt,
      0, G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_buffer_lists_both_ways, 0,
      G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_srtpenc_linked_to_srtpdecrypt, 0,
      G_N_ELEMENTS (profiles));
  tcase_add_loop_test (tc, test_srtpencrypt_linked_to_srtpdec, 0,
      G_N_ELEMENTS (profiles));
  return s;
}

GST_CHECK_MAIN (srtp_interop);
