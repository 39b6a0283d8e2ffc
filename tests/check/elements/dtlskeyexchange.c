/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* dtlskeyexchange in process: two elements linked through queues (the
 * "network"), with srtpencrypt/srtpdecrypt taking their key events. Checks
 * the handshake, media both ways, gating before verification, wrong / late /
 * missing fingerprints, bad certificates, messages and secrets in logs. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include <openssl/pem.h>

#include <gst/securertc/gstpacketclass.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/dtls/gstdtlscertificate.h>

#define RTP_CAPS "application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0"

/* Each peer runs in its own pipeline; the "network" between them is an
 * appsink -> appsrc bridge (a graph loop inside one bin is not allowed). */
typedef struct
{
  GstElement *pipe[2];
  GstElement *dtls[2];          /* 0: client, 1: server */
  GstElement *src[2];
  GstElement *sink[2];
  GstElement *netin[2];
  gint net_srtp;                /* SRTP/SRTCP datagrams seen on the "network" */
  gint net_dtls;
  gint key_events_down;
  gint key_events_up;
  gboolean saw_fp_msg, saw_connected_msg;
  GMutex lock;
  GPtrArray *keys;              /* GstSecureRtcSrtpKey seen in events */
} Fixture;

static void
count_net (Fixture * f, GstBuffer * buf)
{
  GstMapInfo map;

  if (gst_buffer_map (buf, &map, GST_MAP_READ)) {
    GstSecureRtcPacketClass c = gst_secure_rtc_packet_classify (map.data, map.size);
    if (c == GST_SECURE_RTC_PACKET_RTP || c == GST_SECURE_RTC_PACKET_RTCP)
      g_atomic_int_inc (&f->net_srtp);
    else if (c == GST_SECURE_RTC_PACKET_DTLS)
      g_atomic_int_inc (&f->net_dtls);
    gst_buffer_unmap (buf, &map);
  }
}

typedef struct
{
  Fixture *f;
  guint to;
} Bridge;

static Bridge bridges[2];

static GstFlowReturn
on_net_sample (GstElement * appsink, gpointer user_data)
{
  Bridge *b = user_data;
  GstSample *sample = NULL;
  GstFlowReturn ret;

  g_signal_emit_by_name (appsink, "pull-sample", &sample);
  if (sample == NULL)
    return GST_FLOW_EOS;
  count_net (b->f, gst_sample_get_buffer (sample));
  g_signal_emit_by_name (b->f->netin[b->to], "push-buffer",
      gst_sample_get_buffer (sample), &ret);
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

static GstPadProbeReturn
key_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  Fixture *f = user_data;
  GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);
  GstSecureRtcSrtpKey *key = NULL;

  if (gst_secure_rtc_srtp_key_event_parse (ev, &key)) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_CUSTOM_UPSTREAM)
      g_atomic_int_inc (&f->key_events_up);
    else
      g_atomic_int_inc (&f->key_events_down);
    g_mutex_lock (&f->lock);
    g_ptr_array_add (f->keys, key);
    g_mutex_unlock (&f->lock);
  }
  return GST_PAD_PROBE_OK;
}

static void
add_key_probe (Fixture * f, GstElement * pipe, const gchar * name,
    const gchar * padname, GstPadProbeType type)
{
  GstElement *e = gst_bin_get_by_name (GST_BIN (pipe), name);
  GstPad *pad = gst_element_get_static_pad (e, padname);

  gst_pad_add_probe (pad, type, key_probe, f, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
}

static void
fixture_init (Fixture * f, const gchar * extra0, const gchar * extra1)
{
  GError *err = NULL;
  guint i;

  memset (f, 0, sizeof (*f));
  g_mutex_init (&f->lock);
  f->keys = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_srtp_key_unref);
  for (i = 0; i < 2; i++) {
    gchar *desc = g_strdup_printf (
        "appsrc name=src format=time caps=" RTP_CAPS " ! srtpencrypt name=enc ! d.srtp_sink "
        "dtlskeyexchange name=d role=%s %s "
        "d.net_src ! appsink name=netout sync=false async=false emit-signals=true "
        "appsrc name=netin is-live=true format=time ! d.net_sink "
        "d.srtp_src ! srtpdecrypt name=dec ! appsink name=sink sync=false async=false",
        i == 0 ? "client" : "server", (i == 0 ? extra0 : extra1) ?
        (i == 0 ? extra0 : extra1) : "");
    GstElement *netout;

    f->pipe[i] = gst_parse_launch (desc, &err);
    fail_unless (f->pipe[i] != NULL, "%s", err ? err->message : "");
    g_free (desc);
    f->dtls[i] = gst_bin_get_by_name (GST_BIN (f->pipe[i]), "d");
    f->src[i] = gst_bin_get_by_name (GST_BIN (f->pipe[i]), "src");
    f->sink[i] = gst_bin_get_by_name (GST_BIN (f->pipe[i]), "sink");
    f->netin[i] = gst_bin_get_by_name (GST_BIN (f->pipe[i]), "netin");
    netout = gst_bin_get_by_name (GST_BIN (f->pipe[i]), "netout");
    bridges[i].f = f;
    bridges[i].to = 1 - i;
    g_signal_connect (netout, "new-sample", G_CALLBACK (on_net_sample),
        &bridges[i]);
    gst_object_unref (netout);
    add_key_probe (f, f->pipe[i], "dec", "sink", GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM);
    add_key_probe (f, f->pipe[i], "enc", "src", GST_PAD_PROBE_TYPE_EVENT_UPSTREAM);
  }
}

static void
fixture_play (Fixture * f)
{
  fail_unless (gst_element_set_state (f->pipe[0], GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_set_state (f->pipe[1], GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
}

static void
fixture_clear (Fixture * f)
{
  guint i;

  for (i = 0; i < 2; i++)
    gst_element_set_state (f->pipe[i], GST_STATE_NULL);
  for (i = 0; i < 2; i++) {
    gst_object_unref (f->dtls[i]);
    gst_object_unref (f->src[i]);
    gst_object_unref (f->sink[i]);
    gst_object_unref (f->netin[i]);
    gst_object_unref (f->pipe[i]);
  }
  g_ptr_array_unref (f->keys);
  g_mutex_clear (&f->lock);
}

static gchar *
get_str (GstElement * e, const gchar * prop)
{
  gchar *s = NULL;
  g_object_get (e, prop, &s, NULL);
  return s;
}

static void
exchange_fingerprints (Fixture * f)
{
  gchar *a = get_str (f->dtls[0], "local-fingerprint");
  gchar *b = get_str (f->dtls[1], "local-fingerprint");

  fail_unless (g_str_has_prefix (a, "sha-256 "));
  g_object_set (f->dtls[1], "peer-fingerprint", a, NULL);
  g_object_set (f->dtls[0], "peer-fingerprint", b, NULL);
  g_free (a);
  g_free (b);
}

static gint
get_state (GstElement * e)
{
  gint s;
  g_object_get (e, "state", &s, NULL);
  return s;
}

/* Pops what is queued on @pipe's bus (waiting up to 5 ms for the first
 * message), recording the element messages in the fixture and keeping the
 * first error in @err. */
static void
pop_messages (Fixture * f, GstElement * pipe, GstMessage ** err)
{
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *m;

  while ((m = gst_bus_timed_pop (bus, 5 * GST_MSECOND))) {
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR && *err == NULL) {
      *err = m;
      continue;
    }
    if (GST_MESSAGE_TYPE (m) == GST_MESSAGE_ELEMENT) {
      const GstStructure *s = gst_message_get_structure (m);
      if (gst_structure_has_name (s, "dtls-local-fingerprint"))
        f->saw_fp_msg = TRUE;
      if (gst_structure_has_name (s, "dtls-state") &&
          gst_structure_has_field (s, "srtp-profile") &&
          gst_structure_has_field (s, "cipher-suite"))
        f->saw_connected_msg = TRUE;
    }
    gst_message_unref (m);
  }
  gst_object_unref (bus);
}

/* Waits (bounded) until both elements are in @state or an error comes;
 * returns the first error (from the server's pipeline first when both
 * failed). Element messages are recorded in the fixture. */
static GstMessage *
wait_for_states (Fixture * f, gint state, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  GstMessage *err[2] = { NULL, NULL }, *ret;
  guint i;

  while (g_get_monotonic_time () < end && !err[0] && !err[1]) {
    for (i = 0; i < 2; i++)
      pop_messages (f, f->pipe[i], &err[i]);
    if (get_state (f->dtls[0]) == state && get_state (f->dtls[1]) == state)
      break;
  }
  if (err[0] || err[1]) {
    /* give the other side a moment to report too */
    GstBus *bus = gst_element_get_bus (f->pipe[1]);
    if (err[1] == NULL)
      err[1] = gst_bus_timed_pop_filtered (bus, 500 * GST_MSECOND,
          GST_MESSAGE_ERROR);
    gst_object_unref (bus);
  }
  ret = err[1] ? err[1] : err[0];
  if (err[0] && err[1])
    gst_message_unref (err[0]);
  return ret;
}

/* The state property changes on the streaming thread before the bus
 * message for it is posted, so a test that saw the state may still have
 * the messages ahead of it: waits (bounded) for both kinds. */
static void
wait_for_element_messages (Fixture * f, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;
  GstMessage *err[2] = { NULL, NULL };
  guint i;

  while (!(f->saw_fp_msg && f->saw_connected_msg) &&
      g_get_monotonic_time () < end) {
    for (i = 0; i < 2; i++)
      pop_messages (f, f->pipe[i], &err[i]);
  }
  for (i = 0; i < 2; i++) {
    fail_unless (err[i] == NULL);
  }
}

static GstBuffer *
make_rtp (guint16 seq, guint32 ssrc, guint8 fill)
{
  guint8 pkt[12 + 160];

  memset (pkt, fill, sizeof (pkt));
  pkt[0] = 0x80;
  pkt[1] = 0;
  pkt[2] = seq >> 8;
  pkt[3] = seq & 0xff;
  memset (pkt + 4, 0, 4);
  pkt[8] = ssrc >> 24;
  pkt[9] = ssrc >> 16;
  pkt[10] = ssrc >> 8;
  pkt[11] = ssrc;
  return gst_buffer_new_memdup (pkt, sizeof (pkt));
}

static void
push_rtp (GstElement * src, guint n, guint8 fill)
{
  guint i;

  for (i = 0; i < n; i++) {
    GstFlowReturn ret;
    GstBuffer *b = make_rtp (i + 1, 0x1234 + fill, fill);
    GST_BUFFER_PTS (b) = i * 20 * GST_MSECOND;
    g_signal_emit_by_name (src, "push-buffer", b, &ret);
    gst_buffer_unref (b);
  }
}

static guint
pull_rtp (GstElement * sink, guint n, guint8 fill, guint timeout_ms)
{
  guint got = 0;

  while (got < n) {
    GstSample *s = NULL;
    GstBuffer *b;
    GstMapInfo map;

    g_signal_emit_by_name (sink, "try-pull-sample",
        (GstClockTime) timeout_ms * GST_MSECOND, &s);
    if (s == NULL)
      break;
    b = gst_sample_get_buffer (s);
    gst_buffer_map (b, &map, GST_MAP_READ);
    fail_unless_equals_int (map.size, 12 + 160);
    fail_unless_equals_int (map.data[20], fill);
    gst_buffer_unmap (b, &map);
    gst_sample_unref (s);
    got++;
  }
  return got;
}

static guint
count_samples (GstElement * sink, guint timeout_ms)
{
  guint n = 0;
  GstSample *s;

  for (;;) {
    s = NULL;
    g_signal_emit_by_name (sink, "try-pull-sample",
        (GstClockTime) timeout_ms * GST_MSECOND, &s);
    if (s == NULL)
      return n;
    gst_sample_unref (s);
    n++;
  }
}

GST_START_TEST (test_handshake_and_media)
{
  Fixture f;
  GstMessage *err;
  gchar *profile, *suite;

  fixture_init (&f, NULL, NULL);
  exchange_fingerprints (&f);
  fixture_play (&f);
  err = wait_for_states (&f, 2, 10000);
  fail_unless (err == NULL);
  fail_unless_equals_int (get_state (f.dtls[0]), 2);

  profile = get_str (f.dtls[0], "negotiated-profile");
  suite = get_str (f.dtls[1], "cipher-suite");
  fail_unless_equals_string (profile, "aead-aes-256-gcm");
  fail_unless (g_str_has_prefix (suite, "ECDHE-ECDSA-"));
  g_free (profile);
  g_free (suite);

  push_rtp (f.src[0], 20, 0xaa);
  push_rtp (f.src[1], 20, 0xbb);
  fail_unless_equals_int (pull_rtp (f.sink[1], 20, 0xaa, 5000), 20);
  fail_unless_equals_int (pull_rtp (f.sink[0], 20, 0xbb, 5000), 20);
  fail_unless (g_atomic_int_get (&f.net_srtp) >= 40);
  fail_unless_equals_int (g_atomic_int_get (&f.key_events_up), 2);
  fail_unless_equals_int (g_atomic_int_get (&f.key_events_down), 2);

  wait_for_element_messages (&f, 5000);
  fail_unless (f.saw_fp_msg && f.saw_connected_msg);
  fixture_clear (&f);
}

GST_END_TEST;

/* Table of profile choices on both sides -> negotiated profile (the server
 * chooses among the client's offers). */
static const struct
{
  const gchar *client, *server, *expected;
} profile_cases[] = {
  {"aead-aes-128-gcm", NULL, "aead-aes-128-gcm"},
  {"aes-128-cm-hmac-sha1-80", NULL, "aes-128-cm-hmac-sha1-80"},
  {NULL, "aes-128-cm-hmac-sha1-80,aead-aes-256-gcm", "aes-128-cm-hmac-sha1-80"},
};

GST_START_TEST (test_profiles_media)
{
  gchar *e0 = profile_cases[__i__].client ?
      g_strdup_printf ("srtp-profiles=%s", profile_cases[__i__].client) : NULL;
  gchar *e1 = profile_cases[__i__].server ?
      g_strdup_printf ("srtp-profiles=%s", profile_cases[__i__].server) : NULL;
  gchar *profile;
  Fixture f;

  fixture_init (&f, e0, e1);
  exchange_fingerprints (&f);
  fixture_play (&f);
  fail_unless (wait_for_states (&f, 2, 10000) == NULL);
  profile = get_str (f.dtls[1], "negotiated-profile");
  fail_unless_equals_string (profile, profile_cases[__i__].expected);
  push_rtp (f.src[0], 5, 0x11);
  fail_unless_equals_int (pull_rtp (f.sink[1], 5, 0x11, 5000), 5);
  push_rtp (f.src[1], 5, 0x22);
  fail_unless_equals_int (pull_rtp (f.sink[0], 5, 0x22, 5000), 5);
  g_free (profile);
  g_free (e0);
  g_free (e1);
  fixture_clear (&f);
}

GST_END_TEST;

/* Wrong fingerprint: element error naming both, zero keys, zero media. */
GST_START_TEST (test_wrong_fingerprint)
{
  GstSecureRtcDtlsCertificate *other = gst_secure_rtc_dtls_certificate_generate (NULL);
  gchar *other_fp = gst_secure_rtc_dtls_certificate_get_fingerprint_string (other, 0);
  gchar *client_fp, *b, *dbg = NULL;
  GError *gerr = NULL;
  GstMessage *err;
  Fixture f;

  fixture_init (&f, NULL, NULL);
  exchange_fingerprints (&f);
  client_fp = get_str (f.dtls[0], "local-fingerprint");
  g_object_set (f.dtls[1], "peer-fingerprint", other_fp, NULL);
  fixture_play (&f);
  push_rtp (f.src[0], 10, 0x33);
  push_rtp (f.src[1], 10, 0x44);
  err = wait_for_states (&f, 2, 5000);
  fail_unless (err != NULL);
  fail_unless (GST_MESSAGE_SRC (err) == GST_OBJECT (f.dtls[1]));
  gst_message_parse_error (err, &gerr, &dbg);
  fail_unless (g_error_matches (gerr, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_AUTHORIZED));
  fail_unless (strstr (gerr->message, other_fp) != NULL, "%s", gerr->message);
  fail_unless (strstr (gerr->message, client_fp) != NULL, "%s", gerr->message);
  /* the client got the fatal alert */
  {
    gint64 end = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
    while (get_state (f.dtls[0]) != 3 && g_get_monotonic_time () < end)
      g_usleep (10000);         /* bounded wait on a real-time handshake */
  }
  fail_unless_equals_int (get_state (f.dtls[0]), 3);
  fail_unless_equals_int (get_state (f.dtls[1]), 3);
  push_rtp (f.src[0], 10, 0x33);
  fail_unless_equals_int (count_samples (f.sink[0], 200), 0);
  fail_unless_equals_int (count_samples (f.sink[1], 10), 0);
  fail_unless_equals_int (g_atomic_int_get (&f.net_srtp), 0);
  fail_unless_equals_int (g_atomic_int_get (&f.key_events_up) +
      g_atomic_int_get (&f.key_events_down), 0);
  b = get_str (f.dtls[1], "negotiated-profile");
  fail_unless (b == NULL);
  g_clear_error (&gerr);
  g_free (dbg);
  gst_message_unref (err);
  g_free (client_fp);
  g_free (other_fp);
  gst_secure_rtc_dtls_certificate_unref (other);
  fixture_clear (&f);
}

GST_END_TEST;

/* The server learns the client's fingerprint late: nothing passes before,
 * media flows after. Loop 1: never given at all. */
GST_START_TEST (test_late_fingerprint)
{
  gchar *a;
  Fixture f;

  fixture_init (&f, NULL, NULL);
  a = get_str (f.dtls[1], "local-fingerprint");
  g_object_set (f.dtls[0], "peer-fingerprint", a, NULL);
  g_free (a);
  fixture_play (&f);
  fail_unless (wait_for_states (&f, 2, 700) == NULL);
  fail_unless_equals_int (get_state (f.dtls[1]), 1);
  fail_unless_equals_int (get_state (f.dtls[0]), 1);
  push_rtp (f.src[0], 10, 0x55);
  push_rtp (f.src[1], 10, 0x66);
  fail_unless_equals_int (count_samples (f.sink[1], 100), 0);
  fail_unless_equals_int (count_samples (f.sink[0], 10), 0);
  fail_unless_equals_int (g_atomic_int_get (&f.net_srtp), 0);
  fail_unless_equals_int (g_atomic_int_get (&f.key_events_up) +
      g_atomic_int_get (&f.key_events_down), 0);

  if (__i__ == 0) {
    a = get_str (f.dtls[0], "local-fingerprint");
    g_object_set (f.dtls[1], "peer-fingerprint", a, NULL);
    g_free (a);
    fail_unless (wait_for_states (&f, 2, 10000) == NULL);
    fail_unless_equals_int (get_state (f.dtls[1]), 2);
    push_rtp (f.src[0], 10, 0x55);
    fail_unless_equals_int (pull_rtp (f.sink[1], 10, 0x55, 5000), 10);
    push_rtp (f.src[1], 10, 0x66);
    fail_unless_equals_int (pull_rtp (f.sink[0], 10, 0x66, 5000), 10);
  } else {
    fail_unless (wait_for_states (&f, 2, 1500) == NULL);
    fail_unless_equals_int (get_state (f.dtls[1]), 1);
    fail_unless_equals_int (g_atomic_int_get (&f.key_events_up) +
        g_atomic_int_get (&f.key_events_down), 0);
  }
  fixture_clear (&f);
}

GST_END_TEST;

/* Bad certificate settings and fingerprints: a clear error, no crash. */
GST_START_TEST (test_bad_settings)
{
  static const struct
  {
    const gchar *prop, *value, *expect;
  } cases[] = {
    {"certificate-pem", "not a pem", "No valid certificate"},
    {"certificate-pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "No valid certificate"},
    {"certificate-file", "/nonexistent/cert.pem", "/nonexistent/cert.pem"},
    {"peer-fingerprint", "md5 AB:CD", "md5"},
    {"peer-fingerprint", "sha-256 AB:CD", "32 bytes"},
    {"srtp-profiles", "aes-256-cbc", "aes-256-cbc"},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstElement *e = gst_element_factory_make ("dtlskeyexchange", NULL);
    GstBus *bus = gst_bus_new ();
    GstMessage *m;
    GError *err = NULL;

    gst_element_set_bus (e, bus);
    g_object_set (e, cases[i].prop, cases[i].value, NULL);
    fail_unless_equals_int (gst_element_set_state (e, GST_STATE_READY),
        GST_STATE_CHANGE_FAILURE);
    m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    fail_unless (m != NULL, "case %u", i);
    gst_message_parse_error (m, &err, NULL);
    fail_unless (strstr (err->message, cases[i].expect) != NULL, "%u: %s", i,
        err->message);
    GST_INFO ("%s=%s -> %s", cases[i].prop, cases[i].value, err->message);
    g_error_free (err);
    gst_message_unref (m);
    gst_element_set_state (e, GST_STATE_NULL);
    gst_object_unref (bus);
    gst_object_unref (e);
  }
}

GST_END_TEST;

static gchar *
write_cert_file (GstSecureRtcDtlsCertificate * c)
{
  gchar *path = NULL;
  gint fd = g_file_open_tmp ("dtlstest-XXXXXX.pem", &path, NULL);
  FILE *fp = fdopen (fd, "w");

  PEM_write_X509 (fp, gst_secure_rtc_dtls_certificate_peek_x509 (c));
  PEM_write_PrivateKey (fp, gst_secure_rtc_dtls_certificate_peek_pkey (c), NULL,
      NULL, 0, NULL, NULL);
  fclose (fp);
  return path;
}

/* certificate-file and certificate-pem: our fingerprint is that of the file. */
GST_START_TEST (test_certificate_file)
{
  GstSecureRtcDtlsCertificate *c0 = gst_secure_rtc_dtls_certificate_generate (NULL);
  GstSecureRtcDtlsCertificate *c1 = gst_secure_rtc_dtls_certificate_generate (NULL);
  gchar *p0 = write_cert_file (c0), *p1 = write_cert_file (c1);
  gchar *fp0 = gst_secure_rtc_dtls_certificate_get_fingerprint_string (c0, 0);
  gchar *fp1 = gst_secure_rtc_dtls_certificate_get_fingerprint_string (c1, 0);
  gchar *pem1 = NULL, *e0, *got;
  Fixture f;

  g_file_get_contents (p1, &pem1, NULL, NULL);
  e0 = g_strdup_printf ("certificate-file=%s", p0);
  fixture_init (&f, e0, NULL);
  g_object_set (f.dtls[1], "certificate-pem", pem1, NULL);
  got = get_str (f.dtls[0], "local-fingerprint");
  fail_unless_equals_string (got, fp0);
  g_free (got);
  got = get_str (f.dtls[1], "local-fingerprint");
  fail_unless_equals_string (got, fp1);
  g_free (got);
  g_object_set (f.dtls[0], "peer-fingerprint", fp1, NULL);
  g_object_set (f.dtls[1], "peer-fingerprint", fp0, NULL);
  fixture_play (&f);
  fail_unless (wait_for_states (&f, 2, 10000) == NULL);
  push_rtp (f.src[0], 3, 0x77);
  fail_unless_equals_int (pull_rtp (f.sink[1], 3, 0x77, 5000), 3);
  fixture_clear (&f);
  g_unlink (p0);
  g_unlink (p1);
  g_free (p0);
  g_free (p1);
  g_free (fp0);
  g_free (fp1);
  g_free (e0);
  g_free (pem1);
  gst_secure_rtc_dtls_certificate_unref (c0);
  gst_secure_rtc_dtls_certificate_unref (c1);
}

GST_END_TEST;

/* Secrets never appear in the debug log at the highest level, nor in a
 * .dot dump of the running pipeline. */
static GString *log_text;
static GMutex log_lock;

static void
capture_log (GstDebugCategory * cat, GstDebugLevel level, const gchar * file,
    const gchar * function, gint line, GObject * object, GstDebugMessage * msg,
    gpointer user_data)
{
  const gchar *s = gst_debug_message_get (msg);

  g_mutex_lock (&log_lock);
  if (s)
    g_string_append (log_text, s);
  g_string_append_c (log_text, '\n');
  g_mutex_unlock (&log_lock);
}

static gboolean
text_contains_key (const gchar * text, GstSecureRtcSrtpKey * key)
{
  gsize len, i;
  const guint8 *m = gst_secure_rtc_srtp_key_peek_material (key, &len);
  GString *lower = g_string_new (NULL), *upper = g_string_new (NULL);
  gchar *b64 = g_base64_encode (m, len);
  gboolean found;

  /* any 8-byte window of the key, in hex (both cases) or base64 */
  for (i = 0; i < len; i++) {
    g_string_append_printf (lower, "%02x", m[i]);
    g_string_append_printf (upper, "%02X", m[i]);
  }
  found = FALSE;
  for (i = 0; i + 16 <= lower->len && !found; i += 2) {
    gchar *a = g_strndup (lower->str + i, 16), *b = g_strndup (upper->str + i, 16);
    found = strstr (text, a) || strstr (text, b);
    g_free (a);
    g_free (b);
  }
  if (!found) {
    gchar *part = g_strndup (b64, 12);
    found = strstr (text, part) != NULL;
    g_free (part);
  }
  g_free (b64);
  g_string_free (lower, TRUE);
  g_string_free (upper, TRUE);
  return found;
}

GST_START_TEST (test_secrets_not_logged)
{
  GstDebugLevel old = gst_debug_get_default_threshold ();
  gchar *dot;
  Fixture f;
  guint i;

  log_text = g_string_new (NULL);
  gst_debug_remove_log_function (gst_debug_log_default);
  gst_debug_add_log_function (capture_log, NULL, NULL);
  gst_debug_set_default_threshold (GST_LEVEL_MEMDUMP);

  fixture_init (&f, NULL, NULL);
  exchange_fingerprints (&f);
  fixture_play (&f);
  fail_unless (wait_for_states (&f, 2, 10000) == NULL);
  push_rtp (f.src[0], 3, 0x12);
  fail_unless_equals_int (pull_rtp (f.sink[1], 3, 0x12, 5000), 3);
  dot = gst_debug_bin_to_dot_data (GST_BIN (f.pipe[0]), GST_DEBUG_GRAPH_SHOW_ALL);

  gst_debug_set_default_threshold (old);
  gst_debug_remove_log_function (capture_log);
  gst_debug_add_log_function (gst_debug_log_default, NULL, NULL);

  fail_unless (f.keys->len >= 4);
  g_mutex_lock (&log_lock);
  fail_unless (log_text->len > 10000);  /* we really logged */
  fail_unless (strstr (log_text->str, "redacted") != NULL ||
      strstr (log_text->str, "key #") != NULL);
  for (i = 0; i < f.keys->len; i++) {
    fail_if (text_contains_key (log_text->str, g_ptr_array_index (f.keys, i)),
        "key %u found in the debug log", i);
    fail_if (text_contains_key (dot, g_ptr_array_index (f.keys, i)),
        "key %u found in the dot dump", i);
  }
  fail_if (strstr (log_text->str, "PRIVATE KEY") != NULL);
  fail_if (strstr (dot, "PRIVATE KEY") != NULL);
  g_mutex_unlock (&log_lock);
  g_free (dot);
  fixture_clear (&f);
  g_string_free (log_text, TRUE);
}

GST_END_TEST;

/* Garbage on net_sink (all classes, truncated DTLS) before and after the
 * handshake: no crash, no media, the connection survives. */
GST_START_TEST (test_garbage_net_input)
{
  GstHarness *h = gst_harness_new_with_padnames ("dtlskeyexchange", "net_sink",
      "srtp_src");
  GRand *r = g_rand_new_with_seed (3);
  guint i, j;

  gst_harness_set_src_caps_str (h, "application/x-srtp");
  for (i = 0; i < 500; i++) {
    guint8 buf[300];
    gsize len = g_rand_int_range (r, 0, sizeof (buf));
    for (j = 0; j < len; j++)
      buf[j] = g_rand_int (r);
    gst_harness_push (h, gst_buffer_new_memdup (buf, len));
  }
  fail_unless_equals_int (gst_harness_buffers_received (h), 0);
  gst_harness_teardown (h);
  g_rand_free (r);
}

GST_END_TEST;

static Suite *
dtlskeyexchange_suite (void)
{
  Suite *s = suite_create ("dtlskeyexchange");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_handshake_and_media);
  tcase_add_loop_test (tc, test_profiles_media, 0, G_N_ELEMENTS (profile_cases));
  tcase_add_test (tc, test_wrong_fingerprint);
  tcase_add_loop_test (tc, test_late_fingerprint, 0, 2);
  tcase_add_test (tc, test_bad_settings);
  tcase_add_test (tc, test_certificate_file);
  tcase_add_test (tc, test_secrets_not_logged);
  tcase_add_test (tc, test_garbage_net_input);
  return s;
}

GST_CHECK_MAIN (dtlskeyexchange);
