/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-dtlskeyexchange
 * @title: dtlskeyexchange
 * @see_also: srtpencrypt, srtpdecrypt
 *
 * Agrees SRTP keys with a peer over DTLS 1.2 (DTLS-SRTP, RFC 5764) and hands
 * them to srtpencrypt (upstream, through `srtp_sink`) and srtpdecrypt
 * (downstream, on `srtp_src`, before the first packet).
 *
 * Unlike the older DTLS elements it only speaks DTLS 1.2 with ECDHE + AEAD
 * suites, makes a fresh ECDSA P-256 certificate per element, and verifies
 * the peer: no key is exported and no media passes until the peer's
 * certificate matches `peer-fingerprint` (RFC 8122 format, "sha-256 AB:..").
 * A wrong certificate is refused with a fatal bad_certificate alert and an
 * element error naming both fingerprints.
 *
 * ```
 *              +------------------------------------------+
 *  network --> | net_sink --(RFC 7983)--> DTLS --> engine  |
 *              |              \--> SRTP ----------> srtp_src --> srtpdecrypt
 *              |                         (key event first) |
 * srtpencrypt  |                                           |
 *   (key event | srtp_sink --(gated until verified)--+     |
 *    upstream) |                        engine DTLS --+--> net_src --> network
 *              +------------------------------------------+
 * ```
 *
 * ## Example: a DTLS-SRTP stream over UDP on loopback
 *
 * Make one certificate per side and read their fingerprints:
 * |[
 * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
 *     -subj /CN=a -days 30 -keyout a.pem -out a.pem
 * openssl x509 -in a.pem -noout -fingerprint -sha256   # same for b.pem
 * ]|
 * Receiver (DTLS server, listens on 5004), with the sender's fingerprint:
 * |[
 * gst-launch-1.0 -m udpsrc address=127.0.0.1 port=5004 \
 *       caps="application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0" ! \
 *     dtlskeyexchange name=d role=server certificate-file=b.pem \
 *       peer-fingerprint="sha-256 <fingerprint of a.pem>" \
 *     d.srtp_src ! srtpdecrypt ! rtppcmudepay ! mulawdec ! autoaudiosink \
 *     d.net_src ! udpsink host=127.0.0.1 port=5006 sync=false async=false
 * ]|
 * Sender (DTLS client, listens on 5006):
 * |[
 * gst-launch-1.0 -m audiotestsrc is-live=true ! mulawenc ! rtppcmupay ! srtpencrypt ! \
 *     d.srtp_sink dtlskeyexchange name=d role=client certificate-file=a.pem \
 *       peer-fingerprint="sha-256 <fingerprint of b.pem>" \
 *     d.net_src ! udpsink host=127.0.0.1 port=5004 sync=false async=false \
 *     udpsrc address=127.0.0.1 port=5006 ! d.net_sink
 * ]|
 * Each side sends to the other's listening port; DTLS does not need
 * symmetric ports. Sinks after net_src should have async=false (net_src is
 * live: it only produces once PLAYING).
 *
 * ## Messages
 * `dtls-local-fingerprint` (at READY): `fingerprint` (string, sha-256),
 * `role` (#GstSecureRtcDtlsRole).
 *
 * `dtls-state` (on every change of #GstDtlsKeyExchange:state): `state`
 * (#GstSecureRtcDtlsState); when connected also `srtp-profile` and
 * `cipher-suite` (strings) and `peer-fingerprint`; when failed `reason`
 * (string) and, on a mismatch, `expected-fingerprint` and
 * `received-fingerprint`.
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>

#include <gst/securertc/gstpacketclass.h>
#include <gst/securertc/gstsecurewipe.h>
#include <gst/securertc/gstsrtpkey.h>
#include <gst/securertc/dtls/gstdtlsengine.h>
#include "gstsecurertc-enumtypes.h"

#include "gstsecuredtlselements.h"
#include "gstdtlskeyexchange.h"

GST_DEBUG_CATEGORY_STATIC (gst_dtls_key_exchange_debug);
#define GST_CAT_DEFAULT gst_dtls_key_exchange_debug

#define DEFAULT_ROLE GST_SECURE_RTC_DTLS_ROLE_SERVER
#define DEFAULT_VERIFY GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT
#define DEFAULT_SRTP_PROFILES "aead-aes-256-gcm,aead-aes-128-gcm,aes-128-cm-hmac-sha1-80"
#define DEFAULT_MTU GST_SECURE_RTC_DTLS_DEFAULT_MTU
#define DEFAULT_RETRANSMIT_TIMEOUT GST_SECURE_RTC_DTLS_DEFAULT_RETRANSMIT_MS
#define MAX_PROFILES 4

enum
{
  PROP_0,
  PROP_ROLE,
  PROP_PEER_FINGERPRINT,
  PROP_VERIFY,
  PROP_CERTIFICATE_FILE,
  PROP_CERTIFICATE_PEM,
  PROP_LOCAL_FINGERPRINT,
  PROP_SRTP_PROFILES,
  PROP_NEGOTIATED_PROFILE,
  PROP_CIPHER_SUITE,
  PROP_MTU,
  PROP_RETRANSMIT_TIMEOUT,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

struct _GstDtlsKeyExchange
{
  GstElement parent;

  GstPad *net_sink, *srtp_src, *srtp_sink, *net_src;

  /* Everything below is protected by the object lock. */
  GstSecureRtcDtlsRole role;
  GstSecureRtcDtlsVerify verify;
  gchar *peer_fingerprint;
  gboolean have_peer_fp;
  GstSecureRtcFingerprint peer_fp;
  gchar *certificate_file;
  GstSecureRtcDtlsCertificate *user_cert;
  GstSecureRtcDtlsCertificate *cert;    /* in use (user's or generated) */
  GError *config_error;         /* reported at NULL->READY */
  gchar *srtp_profiles;
  GstSecureRtcSrtpProfile profiles[MAX_PROFILES];
  guint n_profiles;
  guint mtu;
  guint retransmit_timeout;

  GstSecureRtcDtlsState state;
  gchar *negotiated_profile;
  gchar *cipher_suite;
  gchar *local_fingerprint;

  GstSecureRtcDtlsEngine *engine;
  GstClock *clock;
  GstClockID timer;
  gint64 timer_deadline;
  gboolean playing;
  gboolean start_pending;

  gboolean keys_ready;          /* peer verified, keys exported: media may pass */
  GstSecureRtcSrtpKey *local_key;       /* pending upstream delivery */
  GstSecureRtcSrtpKey *remote_key;      /* pending downstream delivery */
  gboolean srtp_src_started;
  gboolean net_src_started;
  gboolean closed_sent;
  GstCaps *net_caps;
  GstSegment net_segment;
  gboolean have_net_segment;

  guint64 dropped_before_verified;
  guint64 dropped_unknown;
};

#define gst_dtls_key_exchange_parent_class parent_class
G_DEFINE_TYPE (GstDtlsKeyExchange, gst_dtls_key_exchange, GST_TYPE_ELEMENT);

static gboolean dtlskeyexchange_element_init (GstPlugin * plugin);
GST_ELEMENT_REGISTER_DEFINE_CUSTOM (dtlskeyexchange, dtlskeyexchange_element_init);

static GstStaticPadTemplate net_sink_template =
GST_STATIC_PAD_TEMPLATE ("net_sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate net_src_template =
GST_STATIC_PAD_TEMPLATE ("net_src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate srtp_sink_template =
GST_STATIC_PAD_TEMPLATE ("srtp_sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-srtp; application/x-srtcp"));
static GstStaticPadTemplate srtp_src_template =
GST_STATIC_PAD_TEMPLATE ("srtp_src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("application/x-srtp; application/x-srtcp"));

/* ---- what to do once the lock is dropped ---- */

typedef struct
{
  GQueue datagrams;             /* GBytes to push on net_src, in order */
  GQueue events;                /* GstSecureRtcDtlsEvent */
} Output;

static gint64
now_us (GstDtlsKeyExchange * self)
{
  return (gint64) (gst_clock_get_time (self->clock) / GST_USECOND);
}

static gboolean timer_cb (GstClock * clock, GstClockTime t, GstClockID id,
    gpointer user_data);

static void
reschedule_locked (GstDtlsKeyExchange * self, gint64 deadline)
{
  if (deadline == self->timer_deadline && self->timer)
    return;
  if (self->timer) {
    gst_clock_id_unschedule (self->timer);
    gst_clock_id_unref (self->timer);
    self->timer = NULL;
  }
  self->timer_deadline = deadline;
  if (deadline < 0 || !self->playing)
    return;
  GST_LOG_OBJECT (self, "timer in %" G_GINT64_FORMAT " us",
      deadline - now_us (self));
  self->timer = gst_clock_new_single_shot_id (self->clock,
      (GstClockTime) deadline * GST_USECOND);
  gst_clock_id_wait_async (self->timer, timer_cb, gst_object_ref (self),
      gst_object_unref);
}

/* Collects the engine's output; call with the lock held after each engine call. */
static void
collect_locked (GstDtlsKeyExchange * self, Output * out)
{
  GstSecureRtcDtlsEvent ev;
  GBytes *b;

  if (self->engine == NULL)
    return;
  while ((b = gst_secure_rtc_dtls_engine_pop_datagram (self->engine)))
    g_queue_push_tail (&out->datagrams, b);
  while (gst_secure_rtc_dtls_engine_pop_event (self->engine, &ev)) {
    GstSecureRtcDtlsEvent *copy = g_new (GstSecureRtcDtlsEvent, 1);
    *copy = ev;
    g_queue_push_tail (&out->events, copy);
  }
  reschedule_locked (self, gst_secure_rtc_dtls_engine_get_deadline (self->engine));
}

/* We have two sink pads, so gst_pad_create_stream_id() cannot derive ids:
 * make a random one the same way. */
static gchar *
new_stream_id (const gchar * what)
{
  return g_strdup_printf ("%08x%08x%08x%08x/%s", g_random_int (),
      g_random_int (), g_random_int (), g_random_int (), what);
}

static void
ensure_net_src_started (GstDtlsKeyExchange * self)
{
  gboolean start;
  gchar *id;
  GstSegment seg;

  GST_OBJECT_LOCK (self);
  start = !self->net_src_started;
  self->net_src_started = TRUE;
  GST_OBJECT_UNLOCK (self);
  if (!start)
    return;
  id = new_stream_id ("net");
  gst_pad_push_event (self->net_src, gst_event_new_stream_start (id));
  g_free (id);
  gst_pad_push_event (self->net_src,
      gst_event_new_caps (gst_caps_new_empty_simple ("application/x-dtls-srtp")));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  gst_pad_push_event (self->net_src, gst_event_new_segment (&seg));
}

static void
push_datagrams (GstDtlsKeyExchange * self, GQueue * datagrams)
{
  GBytes *b;

  if (datagrams->length == 0)
    return;
  ensure_net_src_started (self);
  while ((b = g_queue_pop_head (datagrams))) {
    GstFlowReturn ret = gst_pad_push (self->net_src, gst_buffer_new_wrapped_bytes (b));

    g_bytes_unref (b);
    if (ret != GST_FLOW_OK)
      GST_DEBUG_OBJECT (self, "pushing a DTLS datagram: %s",
          gst_flow_get_name (ret));
  }
}

/* srtp_src: stream-start, caps, segment, then the sticky key event. Called
 * from the net_sink streaming thread only. */
static void
deliver_remote_key (GstDtlsKeyExchange * self)
{
  GstSecureRtcSrtpKey *key;
  gboolean start;
  GstCaps *caps = NULL;
  GstSegment seg;

  GST_OBJECT_LOCK (self);
  key = self->remote_key;
  self->remote_key = NULL;
  start = key && !self->srtp_src_started;
  if (start) {
    self->srtp_src_started = TRUE;
    if (self->net_caps) {
      GstStructure *s = gst_caps_get_structure (self->net_caps, 0);
      if (gst_structure_has_name (s, "application/x-srtp") ||
          gst_structure_has_name (s, "application/x-srtcp"))
        caps = gst_caps_ref (self->net_caps);
    }
    if (self->have_net_segment)
      seg = self->net_segment;
    else
      gst_segment_init (&seg, GST_FORMAT_TIME);
  }
  GST_OBJECT_UNLOCK (self);
  if (key == NULL)
    return;

  if (start) {
    gchar *id = new_stream_id ("srtp");
    gst_pad_push_event (self->srtp_src, gst_event_new_stream_start (id));
    g_free (id);
    if (caps == NULL)
      caps = gst_caps_new_empty_simple ("application/x-srtp");
    gst_pad_push_event (self->srtp_src, gst_event_new_caps (caps));
    gst_pad_push_event (self->srtp_src, gst_event_new_segment (&seg));
  }
  GST_INFO_OBJECT (self, "sending the remote key #%" G_GUINT64_FORMAT
      " downstream (%s)", gst_secure_rtc_srtp_key_get_serial (key),
      gst_secure_rtc_srtp_profile_get_nick (gst_secure_rtc_srtp_key_get_profile (key)));
  gst_pad_push_event (self->srtp_src,
      gst_secure_rtc_srtp_key_event_new_downstream (key));
  gst_secure_rtc_srtp_key_unref (key);
}

/* Upstream to srtpencrypt; kept and retried if nobody takes it yet. Called
 * from several threads (handshake, srtp_sink events and buffers): the key is
 * taken out while it is pushed, so that each key is delivered once. */
static void
deliver_local_key (GstDtlsKeyExchange * self)
{
  GstSecureRtcSrtpKey *key;

  GST_OBJECT_LOCK (self);
  key = self->local_key;
  self->local_key = NULL;
  GST_OBJECT_UNLOCK (self);
  if (key == NULL)
    return;
  if (gst_pad_push_event (self->srtp_sink,
          gst_secure_rtc_srtp_key_event_new_upstream (key))) {
    GST_INFO_OBJECT (self, "sent the local key #%" G_GUINT64_FORMAT
        " upstream", gst_secure_rtc_srtp_key_get_serial (key));
    gst_secure_rtc_srtp_key_unref (key);
    return;
  }
  GST_DEBUG_OBJECT (self, "nobody upstream took the local key yet");
  GST_OBJECT_LOCK (self);
  if (self->local_key == NULL) {
    /* put back for the next try, unless a newer key came meanwhile */
    self->local_key = key;
    key = NULL;
  }
  GST_OBJECT_UNLOCK (self);
  if (key)
    gst_secure_rtc_srtp_key_unref (key);
}

static gboolean
copy_field (GQuark field, const GValue * value, gpointer user_data)
{
  gst_structure_id_set_value (user_data, field, value);
  return TRUE;
}

static void
set_state_and_post (GstDtlsKeyExchange * self, GstSecureRtcDtlsState state,
    GstStructure * extra)
{
  gboolean changed;
  GstStructure *s;

  GST_OBJECT_LOCK (self);
  changed = self->state != state;
  self->state = state;
  GST_OBJECT_UNLOCK (self);
  if (!changed) {
    if (extra)
      gst_structure_free (extra);
    return;
  }
  GST_INFO_OBJECT (self, "state %s", g_enum_get_value (g_type_class_peek
          (GST_TYPE_SECURE_RTC_DTLS_STATE), state)->value_nick);
  s = gst_structure_new ("dtls-state", "state", GST_TYPE_SECURE_RTC_DTLS_STATE,
      state, NULL);
  if (extra) {
    gst_structure_foreach (extra, copy_field, s);
    gst_structure_free (extra);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self), s));
}

/* Applies the engine's events: keys, state, messages, errors. Without the lock. */
static void
handle_events (GstDtlsKeyExchange * self, GQueue * events, gboolean on_net_thread)
{
  GstSecureRtcDtlsEvent *ev;

  while ((ev = g_queue_pop_head (events))) {
    switch (ev->type) {
      case GST_SECURE_RTC_DTLS_EVENT_HANDSHAKE_DONE:
        GST_OBJECT_LOCK (self);
        g_free (self->negotiated_profile);
        self->negotiated_profile =
            g_strdup (gst_secure_rtc_srtp_profile_get_nick (ev->profile));
        g_free (self->cipher_suite);
        self->cipher_suite = g_strdup (ev->cipher_suite);
        GST_OBJECT_UNLOCK (self);
        GST_INFO_OBJECT (self, "handshake done: %s, SRTP %s", ev->cipher_suite,
            gst_secure_rtc_srtp_profile_get_rfc_name (ev->profile));
        g_object_notify_by_pspec (G_OBJECT (self),
            properties[PROP_NEGOTIATED_PROFILE]);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CIPHER_SUITE]);
        break;
      case GST_SECURE_RTC_DTLS_EVENT_PEER_VERIFIED:
        GST_INFO_OBJECT (self, "peer verified: %s", ev->fingerprint);
        break;
      case GST_SECURE_RTC_DTLS_EVENT_KEYS_READY:{
        gchar *profile, *suite;

        GST_OBJECT_LOCK (self);
        g_clear_pointer (&self->local_key, gst_secure_rtc_srtp_key_unref);
        g_clear_pointer (&self->remote_key, gst_secure_rtc_srtp_key_unref);
        self->local_key = g_steal_pointer (&ev->local_key);
        self->remote_key = g_steal_pointer (&ev->remote_key);
        self->keys_ready = TRUE;
        profile = g_strdup (self->negotiated_profile);
        suite = g_strdup (self->cipher_suite);
        GST_OBJECT_UNLOCK (self);
        deliver_local_key (self);
        if (on_net_thread)
          deliver_remote_key (self);
        set_state_and_post (self, GST_SECURE_RTC_DTLS_STATE_CONNECTED,
            gst_structure_new ("x", "srtp-profile", G_TYPE_STRING, profile,
                "cipher-suite", G_TYPE_STRING, suite, NULL));
        g_free (profile);
        g_free (suite);
        break;
      }
      case GST_SECURE_RTC_DTLS_EVENT_FAILED:{
        GstStructure *extra = gst_structure_new ("x", "reason", G_TYPE_STRING,
            ev->error->message, NULL);

        GST_OBJECT_LOCK (self);
        self->keys_ready = FALSE;
        GST_OBJECT_UNLOCK (self);
        if (ev->expected_fingerprint) {
          gst_structure_set (extra, "expected-fingerprint", G_TYPE_STRING,
              ev->expected_fingerprint, "received-fingerprint", G_TYPE_STRING,
              ev->received_fingerprint, NULL);
        }
        set_state_and_post (self, GST_SECURE_RTC_DTLS_STATE_FAILED, extra);
        if (ev->error->code == GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_MISMATCH) {
          GST_ELEMENT_ERROR (self, RESOURCE, NOT_AUTHORIZED,
              (_("The DTLS peer is not the expected one: its certificate "
                      "fingerprint is %s, but peer-fingerprint is %s. No key "
                      "was exported and no media was sent or accepted."),
                  ev->received_fingerprint ? ev->received_fingerprint : "(none)",
                  ev->expected_fingerprint ? ev->expected_fingerprint : "(none)"),
              ("%s", ev->error->message));
        } else if (ev->error->code == GST_SECURE_RTC_DTLS_ERROR_TIMEOUT) {
          GST_ELEMENT_ERROR (self, RESOURCE, READ,
              (_("The DTLS peer did not answer; check its address and that "
                      "it is running.")), ("%s", ev->error->message));
        } else if (ev->error->code == GST_SECURE_RTC_DTLS_ERROR_PEER_ALERT) {
          GST_ELEMENT_ERROR (self, STREAM, DECRYPT,
              (_("The DTLS peer aborted the connection with a fatal alert. "
                      "If it reports a bad certificate, it expects a different "
                      "fingerprint for us: give it our local-fingerprint.")),
              ("%s", ev->error->message));
        } else if (ev->error->code == GST_SECURE_RTC_DTLS_ERROR_NO_SRTP_PROFILE) {
          GST_ELEMENT_ERROR (self, STREAM, DECRYPT,
              (_("The DTLS peer agreed on none of our SRTP profiles; check "
                      "srtp-profiles on both sides.")),
              ("%s", ev->error->message));
        } else {
          GST_ELEMENT_ERROR (self, STREAM, DECRYPT,
              (_("The DTLS handshake failed. The peer may offer only "
                      "insecure parameters (DTLS 1.2 with ECDHE and AES-GCM "
                      "or ChaCha20-Poly1305, and use_srtp, are required).")),
              ("%s", ev->error->message));
        }
        break;
      }
      case GST_SECURE_RTC_DTLS_EVENT_CLOSED:
        GST_OBJECT_LOCK (self);
        self->keys_ready = FALSE;
        GST_OBJECT_UNLOCK (self);
        set_state_and_post (self, GST_SECURE_RTC_DTLS_STATE_CLOSED, NULL);
        break;
    }
    gst_secure_rtc_dtls_event_clear (ev);
    g_free (ev);
  }
}

/* Pushes and applies what the engine produced. Call with the net_src stream
 * lock held (keeps datagrams in order across threads) but not the object lock. */
static void
flush_output (GstDtlsKeyExchange * self, Output * out, gboolean on_net_thread)
{
  push_datagrams (self, &out->datagrams);
  handle_events (self, &out->events, on_net_thread);
}

static gboolean
timer_cb (GstClock * clock, GstClockTime t, GstClockID id, gpointer user_data)
{
  GstDtlsKeyExchange *self = user_data;
  Output out = { G_QUEUE_INIT, G_QUEUE_INIT };

  GST_PAD_STREAM_LOCK (self->net_src);
  GST_OBJECT_LOCK (self);
  if (self->timer != id || self->engine == NULL) {
    GST_OBJECT_UNLOCK (self);
    GST_PAD_STREAM_UNLOCK (self->net_src);
    return TRUE;
  }
  gst_clock_id_unref (self->timer);
  self->timer = NULL;
  self->timer_deadline = -1;
  if (self->start_pending) {
    self->start_pending = FALSE;
    gst_secure_rtc_dtls_engine_start (self->engine, now_us (self));
  } else {
    gst_secure_rtc_dtls_engine_handle_timeout (self->engine, now_us (self));
  }
  collect_locked (self, &out);
  GST_OBJECT_UNLOCK (self);
  flush_output (self, &out, FALSE);
  GST_PAD_STREAM_UNLOCK (self->net_src);
  return TRUE;
}

/* ---- pads ---- */

static GstFlowReturn
gst_dtls_key_exchange_net_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (parent);
  GstSecureRtcPacketClass klass;
  GstMapInfo map;
  GstFlowReturn ret = GST_FLOW_OK;
  gboolean ready;

  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  klass = gst_secure_rtc_packet_classify (map.data, map.size);

  if (klass == GST_SECURE_RTC_PACKET_DTLS) {
    Output out = { G_QUEUE_INIT, G_QUEUE_INIT };

    GST_PAD_STREAM_LOCK (self->net_src);
    GST_OBJECT_LOCK (self);
    if (self->engine)
      gst_secure_rtc_dtls_engine_handle_datagram (self->engine, map.data,
          map.size, now_us (self));
    collect_locked (self, &out);
    GST_OBJECT_UNLOCK (self);
    gst_buffer_unmap (buf, &map);
    gst_buffer_unref (buf);
    flush_output (self, &out, TRUE);
    GST_PAD_STREAM_UNLOCK (self->net_src);
    deliver_remote_key (self);
    return GST_FLOW_OK;
  }
  gst_buffer_unmap (buf, &map);

  if (klass == GST_SECURE_RTC_PACKET_RTP || klass == GST_SECURE_RTC_PACKET_RTCP) {
    GST_OBJECT_LOCK (self);
    ready = self->keys_ready;
    if (!ready)
      self->dropped_before_verified++;
    GST_OBJECT_UNLOCK (self);
    if (!ready) {
      GST_LOG_OBJECT (self, "dropping SRTP from the network: peer not verified");
      gst_buffer_unref (buf);
      return GST_FLOW_OK;
    }
    deliver_remote_key (self);
    ret = gst_pad_push (self->srtp_src, buf);
    /* Media on one of several outputs: not-linked is not fatal. */
    return ret == GST_FLOW_NOT_LINKED ? GST_FLOW_OK : ret;
  }

  GST_OBJECT_LOCK (self);
  self->dropped_unknown++;
  GST_OBJECT_UNLOCK (self);
  GST_LOG_OBJECT (self, "dropping a datagram of class %d (%u bytes)", klass,
      (guint) gst_buffer_get_size (buf));
  gst_buffer_unref (buf);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_dtls_key_exchange_srtp_chain (GstPad * pad, GstObject * parent,
    GstBuffer * buf)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (parent);
  gboolean ready, key_pending;
  GstFlowReturn ret;

  GST_OBJECT_LOCK (self);
  ready = self->keys_ready;
  key_pending = self->local_key != NULL;
  if (!ready)
    self->dropped_before_verified++;
  GST_OBJECT_UNLOCK (self);

  if (key_pending)
    deliver_local_key (self);
  if (!ready) {
    GST_LOG_OBJECT (self, "dropping outgoing SRTP: peer not verified yet");
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  ensure_net_src_started (self);
  GST_PAD_STREAM_LOCK (self->net_src);
  ret = gst_pad_push (self->net_src, buf);
  GST_PAD_STREAM_UNLOCK (self->net_src);
  return ret;
}

/* close_notify once, on the first EOS (RFC 5246 §7.2.1). */
static void
close_connection (GstDtlsKeyExchange * self)
{
  Output out = { G_QUEUE_INIT, G_QUEUE_INIT };

  GST_PAD_STREAM_LOCK (self->net_src);
  GST_OBJECT_LOCK (self);
  if (self->engine && !self->closed_sent) {
    self->closed_sent = TRUE;
    gst_secure_rtc_dtls_engine_close (self->engine, now_us (self));
    collect_locked (self, &out);
  }
  GST_OBJECT_UNLOCK (self);
  flush_output (self, &out, FALSE);
  GST_PAD_STREAM_UNLOCK (self->net_src);
}

static gboolean
gst_dtls_key_exchange_net_sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:{
      GstCaps *caps;

      gst_event_parse_caps (event, &caps);
      GST_OBJECT_LOCK (self);
      gst_caps_replace (&self->net_caps, caps);
      GST_OBJECT_UNLOCK (self);
      gst_event_unref (event);
      return TRUE;
    }
    case GST_EVENT_SEGMENT:
      GST_OBJECT_LOCK (self);
      gst_event_copy_segment (event, &self->net_segment);
      self->have_net_segment = TRUE;
      GST_OBJECT_UNLOCK (self);
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_STREAM_START:
      gst_event_unref (event);
      return TRUE;
    case GST_EVENT_EOS:{
      gboolean srtp_linked = gst_pad_is_linked (self->srtp_sink), start;

      close_connection (self);
      if (!srtp_linked) {
        ensure_net_src_started (self);
        gst_pad_push_event (self->net_src, gst_event_new_eos ());
      }
      GST_OBJECT_LOCK (self);
      start = !self->srtp_src_started;
      self->srtp_src_started = TRUE;
      GST_OBJECT_UNLOCK (self);
      if (start) {
        /* srtp_src never started (no key): still let downstream finish. */
        GstSegment seg;
        gchar *id = new_stream_id ("srtp");

        gst_pad_push_event (self->srtp_src, gst_event_new_stream_start (id));
        g_free (id);
        gst_pad_push_event (self->srtp_src,
            gst_event_new_caps (gst_caps_new_empty_simple ("application/x-srtp")));
        gst_segment_init (&seg, GST_FORMAT_TIME);
        gst_pad_push_event (self->srtp_src, gst_event_new_segment (&seg));
      }
      return gst_pad_push_event (self->srtp_src, event);
    }
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:
      return gst_pad_push_event (self->srtp_src, event);
    default:
      if (GST_EVENT_IS_SERIALIZED (event) && GST_EVENT_IS_STICKY (event)) {
        gst_event_unref (event);
        return TRUE;
      }
      return gst_pad_push_event (self->srtp_src, event);
  }
}

static gboolean
gst_dtls_key_exchange_srtp_sink_event (GstPad * pad, GstObject * parent,
    GstEvent * event)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (parent);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:
    case GST_EVENT_SEGMENT:
    case GST_EVENT_STREAM_START:
      /* net_src has its own stream; the SRTP is only one part of it. */
      gst_event_unref (event);
      deliver_local_key (self);
      return TRUE;
    case GST_EVENT_EOS:
      close_connection (self);
      ensure_net_src_started (self);
      return gst_pad_push_event (self->net_src, event);
    case GST_EVENT_FLUSH_START:
    case GST_EVENT_FLUSH_STOP:
      return gst_pad_push_event (self->net_src, event);
    default:
      if (GST_EVENT_IS_SERIALIZED (event) && GST_EVENT_IS_STICKY (event)) {
        gst_event_unref (event);
        return TRUE;
      }
      return gst_pad_push_event (self->net_src, event);
  }
}

static gboolean
gst_dtls_key_exchange_srtp_sink_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_CAPS) {
    GstCaps *filter, *caps = gst_pad_get_pad_template_caps (pad);

    gst_query_parse_caps (query, &filter);
    if (filter) {
      GstCaps *tmp = gst_caps_intersect_full (filter, caps,
          GST_CAPS_INTERSECT_FIRST);
      gst_caps_unref (caps);
      caps = tmp;
    }
    gst_query_set_caps_result (query, caps);
    gst_caps_unref (caps);
    return TRUE;
  }
  if (GST_QUERY_TYPE (query) == GST_QUERY_ACCEPT_CAPS) {
    GstCaps *caps, *tmpl = gst_pad_get_pad_template_caps (pad);

    gst_query_parse_accept_caps (query, &caps);
    gst_query_set_accept_caps_result (query, gst_caps_can_intersect (caps, tmpl));
    gst_caps_unref (tmpl);
    return TRUE;
  }
  return gst_pad_query_default (pad, parent, query);
}

/* Upstream events from srtp_src go to the network side, from net_src to the
 * SRTP sender. */
static gboolean
gst_dtls_key_exchange_src_event (GstPad * pad, GstObject * parent,
    GstEvent * event)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (parent);

  if (pad == self->srtp_src)
    return gst_pad_push_event (self->net_sink, event);
  return gst_pad_push_event (self->srtp_sink, event);
}

static gboolean
gst_dtls_key_exchange_src_query (GstPad * pad, GstObject * parent,
    GstQuery * query)
{
  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS:
    case GST_QUERY_ACCEPT_CAPS:
    case GST_QUERY_ALLOCATION:
      return gst_pad_query_default (pad, NULL, query);
    default:
      return gst_pad_query_default (pad, parent, query);
  }
}

/* ---- state ---- */

static GstSecureRtcDtlsCertificate *
ensure_certificate_locked (GstDtlsKeyExchange * self, GError ** error)
{
  if (self->cert)
    return self->cert;
  if (self->user_cert) {
    self->cert = gst_secure_rtc_dtls_certificate_ref (self->user_cert);
  } else if (self->certificate_file) {
    self->user_cert =
        gst_secure_rtc_dtls_certificate_new_from_file (self->certificate_file,
        error);
    if (self->user_cert == NULL)
      return NULL;
    self->cert = gst_secure_rtc_dtls_certificate_ref (self->user_cert);
  } else {
    self->cert = gst_secure_rtc_dtls_certificate_generate (error);
    if (self->cert == NULL)
      return NULL;
  }
  g_free (self->local_fingerprint);
  self->local_fingerprint =
      gst_secure_rtc_dtls_certificate_get_fingerprint_string (self->cert,
      GST_SECURE_RTC_FINGERPRINT_HASH_SHA256);
  return self->cert;
}

static gboolean
prepare (GstDtlsKeyExchange * self)
{
  GError *err = NULL;
  gchar *fp = NULL;
  GstSecureRtcDtlsRole role;

  GST_OBJECT_LOCK (self);
  if (self->config_error) {
    err = g_error_copy (self->config_error);
  } else if (ensure_certificate_locked (self, &err)) {
    fp = g_strdup (self->local_fingerprint);
  }
  role = self->role;
  if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_NONE)
    GST_WARNING_OBJECT (self, "verify=none: the DTLS peer will NOT be "
        "authenticated; anyone on the path can read and inject media");
  GST_OBJECT_UNLOCK (self);

  if (err) {
    if (err->domain == GST_SECURE_RTC_DTLS_ERROR &&
        err->code == GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("The DTLS certificate could not be used: %s"), err->message),
          ("%s", err->message));
    } else {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("Invalid DTLS setting: %s"), err->message), ("%s", err->message));
    }
    g_error_free (err);
    return FALSE;
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_FINGERPRINT]);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("dtls-local-fingerprint", "fingerprint",
              G_TYPE_STRING, fp, "role", GST_TYPE_SECURE_RTC_DTLS_ROLE, role,
              NULL)));
  GST_INFO_OBJECT (self, "local fingerprint %s", fp);
  g_free (fp);
  return TRUE;
}

static gboolean
create_engine (GstDtlsKeyExchange * self)
{
  GstSecureRtcDtlsConfig cfg = { 0, };
  GError *err = NULL;

  GST_OBJECT_LOCK (self);
  cfg.role = self->role;
  cfg.verify = self->verify;
  cfg.certificate = self->cert;
  cfg.profiles = self->profiles;
  cfg.n_profiles = self->n_profiles;
  cfg.mtu = self->mtu;
  cfg.retransmit_timeout_ms = self->retransmit_timeout;
  self->engine = gst_secure_rtc_dtls_engine_new (&cfg, &err);
  if (self->engine && self->have_peer_fp &&
      cfg.verify == GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT)
    gst_secure_rtc_dtls_engine_set_peer_fingerprint (self->engine,
        &self->peer_fp, now_us (self), NULL);
  self->keys_ready = FALSE;
  self->srtp_src_started = FALSE;
  self->net_src_started = FALSE;
  self->closed_sent = FALSE;
  self->have_net_segment = FALSE;
  if (self->engine && cfg.role == GST_SECURE_RTC_DTLS_ROLE_SERVER)
    gst_secure_rtc_dtls_engine_start (self->engine, now_us (self));
  self->start_pending = cfg.role == GST_SECURE_RTC_DTLS_ROLE_CLIENT;
  GST_OBJECT_UNLOCK (self);

  if (err) {
    GST_ELEMENT_ERROR (self, LIBRARY, INIT,
        (_("Could not set up DTLS: %s"), err->message), ("%s", err->message));
    g_error_free (err);
    return FALSE;
  }
  set_state_and_post (self, GST_SECURE_RTC_DTLS_STATE_CONNECTING, NULL);
  return TRUE;
}

static void
destroy_engine (GstDtlsKeyExchange * self)
{
  GST_OBJECT_LOCK (self);
  self->playing = FALSE;
  reschedule_locked (self, -1);
  g_clear_pointer (&self->engine, gst_secure_rtc_dtls_engine_free);
  g_clear_pointer (&self->local_key, gst_secure_rtc_srtp_key_unref);
  g_clear_pointer (&self->remote_key, gst_secure_rtc_srtp_key_unref);
  self->keys_ready = FALSE;
  gst_caps_replace (&self->net_caps, NULL);
  g_clear_pointer (&self->negotiated_profile, g_free);
  g_clear_pointer (&self->cipher_suite, g_free);
  self->state = GST_SECURE_RTC_DTLS_STATE_NEW;
  GST_OBJECT_UNLOCK (self);
}

static GstStateChangeReturn
gst_dtls_key_exchange_change_state (GstElement * element,
    GstStateChange transition)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (!prepare (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      if (!create_engine (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      GST_OBJECT_LOCK (self);
      self->playing = FALSE;
      reschedule_locked (self, -1);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      /* Like a live source, net_src produces data only when PLAYING. */
      ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      GST_OBJECT_LOCK (self);
      self->playing = TRUE;
      if (self->engine) {
        gint64 deadline = self->start_pending ? now_us (self) :
            gst_secure_rtc_dtls_engine_get_deadline (self->engine);
        self->timer_deadline = -2;
        reschedule_locked (self, deadline);
      }
      GST_OBJECT_UNLOCK (self);
      break;
    case GST_STATE_CHANGE_PLAYING_TO_PAUSED:
      ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      destroy_engine (self);
      break;
    case GST_STATE_CHANGE_READY_TO_NULL:
      GST_OBJECT_LOCK (self);
      /* A generated certificate belongs to one connection (DESIGN.md rule 4). */
      g_clear_pointer (&self->cert, gst_secure_rtc_dtls_certificate_unref);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      break;
  }
  return ret;
}

/* ---- properties ---- */

static void
set_config_error_locked (GstDtlsKeyExchange * self, GError * err)
{
  g_clear_error (&self->config_error);
  self->config_error = err;
}

static void
set_peer_fingerprint (GstDtlsKeyExchange * self, const gchar * str)
{
  GstSecureRtcFingerprint fp;
  GError *err = NULL;
  Output out = { G_QUEUE_INIT, G_QUEUE_INIT };
  gboolean ok;

  ok = (str == NULL || *str == '\0') ? FALSE :
      gst_secure_rtc_fingerprint_parse (str, &fp, &err);
  if (str != NULL && *str != '\0' && !ok) {
    /* Before READY it fails the state change; later an element error. */
    GST_WARNING_OBJECT (self, "invalid peer-fingerprint: %s", err->message);
    GST_OBJECT_LOCK (self);
    if (self->engine == NULL) {
      set_config_error_locked (self, err);
      GST_OBJECT_UNLOCK (self);
    } else {
      GST_OBJECT_UNLOCK (self);
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          (_("Invalid peer-fingerprint: %s"), err->message), ("%s", str));
      g_error_free (err);
    }
    return;
  }

  GST_PAD_STREAM_LOCK (self->net_src);
  GST_OBJECT_LOCK (self);
  if (self->config_error && self->config_error->domain ==
      GST_SECURE_RTC_DTLS_ERROR && self->config_error->code ==
      GST_SECURE_RTC_DTLS_ERROR_FINGERPRINT_FORMAT)
    g_clear_error (&self->config_error);
  if (ok && self->engine && self->verify == GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT) {
    if (!gst_secure_rtc_dtls_engine_set_peer_fingerprint (self->engine, &fp,
            now_us (self), &err)) {
      /* the peer is already checked: the property keeps the value used */
      GST_WARNING_OBJECT (self, "peer-fingerprint not applied: %s",
          err->message);
      g_clear_error (&err);
      ok = FALSE;
      str = NULL;
    }
    collect_locked (self, &out);
  }
  if (ok || str == NULL || *str == '\0') {
    if (ok || self->engine == NULL) {
      g_free (self->peer_fingerprint);
      self->peer_fingerprint = g_strdup (str);
      self->have_peer_fp = ok;
      if (ok)
        self->peer_fp = fp;
    }
  }
  GST_OBJECT_UNLOCK (self);
  flush_output (self, &out, FALSE);
  GST_PAD_STREAM_UNLOCK (self->net_src);
}

static void
gst_dtls_key_exchange_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (object);

  switch (prop_id) {
    case PROP_ROLE:
      GST_OBJECT_LOCK (self);
      self->role = g_value_get_enum (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PEER_FINGERPRINT:
      set_peer_fingerprint (self, g_value_get_string (value));
      break;
    case PROP_VERIFY:
      GST_OBJECT_LOCK (self);
      self->verify = g_value_get_enum (value);
      if (self->verify == GST_SECURE_RTC_DTLS_VERIFY_NONE)
        GST_WARNING_OBJECT (self, "verify=none requested: the peer will not "
            "be authenticated");
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CERTIFICATE_FILE:
      GST_OBJECT_LOCK (self);
      g_free (self->certificate_file);
      self->certificate_file = g_value_dup_string (value);
      g_clear_pointer (&self->user_cert, gst_secure_rtc_dtls_certificate_unref);
      g_clear_pointer (&self->cert, gst_secure_rtc_dtls_certificate_unref);
      g_clear_pointer (&self->local_fingerprint, g_free);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_CERTIFICATE_PEM:{
      /* Parsed at once so that the PEM text (with its private key) is not
       * kept; only OpenSSL's key object remains. */
      const gchar *pem = g_value_get_string (value);
      GstSecureRtcDtlsCertificate *cert = NULL;
      GError *err = NULL;

      if (pem && *pem)
        cert = gst_secure_rtc_dtls_certificate_new_from_pem (pem, &err);
      GST_OBJECT_LOCK (self);
      g_clear_pointer (&self->user_cert, gst_secure_rtc_dtls_certificate_unref);
      g_clear_pointer (&self->cert, gst_secure_rtc_dtls_certificate_unref);
      g_clear_pointer (&self->local_fingerprint, g_free);
      g_clear_pointer (&self->certificate_file, g_free);
      self->user_cert = cert;
      if (err) {
        GST_WARNING_OBJECT (self, "certificate-pem: %s", err->message);
        set_config_error_locked (self, err);
      } else if (self->config_error && self->config_error->domain ==
          GST_SECURE_RTC_DTLS_ERROR && self->config_error->code ==
          GST_SECURE_RTC_DTLS_ERROR_CERTIFICATE) {
        g_clear_error (&self->config_error);
      }
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_SRTP_PROFILES:{
      GstSecureRtcSrtpProfile profiles[MAX_PROFILES];
      guint n = 0;
      GError *err = NULL;
      const gchar *str = g_value_get_string (value);

      if (str == NULL)
        str = DEFAULT_SRTP_PROFILES;
      GST_OBJECT_LOCK (self);
      if (gst_secure_rtc_dtls_parse_profiles (str, profiles, MAX_PROFILES, &n,
              &err)) {
        memcpy (self->profiles, profiles, sizeof (profiles));
        self->n_profiles = n;
        g_free (self->srtp_profiles);
        self->srtp_profiles = g_strdup (str);
        if (self->config_error && self->config_error->code ==
            GST_SECURE_RTC_DTLS_ERROR_CONFIG)
          g_clear_error (&self->config_error);
      } else {
        GST_WARNING_OBJECT (self, "srtp-profiles: %s", err->message);
        set_config_error_locked (self, err);
      }
      GST_OBJECT_UNLOCK (self);
      break;
    }
    case PROP_MTU:
      GST_OBJECT_LOCK (self);
      self->mtu = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_RETRANSMIT_TIMEOUT:
      GST_OBJECT_LOCK (self);
      self->retransmit_timeout = g_value_get_uint (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_dtls_key_exchange_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_PEER_FINGERPRINT:
      g_value_set_string (value, self->peer_fingerprint);
      break;
    case PROP_VERIFY:
      g_value_set_enum (value, self->verify);
      break;
    case PROP_LOCAL_FINGERPRINT:
      /* Made on demand so that it can be read (e.g. for an SDP offer)
       * before READY; the same certificate is then used. */
      if (self->local_fingerprint == NULL && self->config_error == NULL)
        ensure_certificate_locked (self, NULL);
      g_value_set_string (value, self->local_fingerprint);
      break;
    case PROP_SRTP_PROFILES:
      g_value_set_string (value, self->srtp_profiles);
      break;
    case PROP_NEGOTIATED_PROFILE:
      g_value_set_string (value, self->negotiated_profile);
      break;
    case PROP_CIPHER_SUITE:
      g_value_set_string (value, self->cipher_suite);
      break;
    case PROP_MTU:
      g_value_set_uint (value, self->mtu);
      break;
    case PROP_RETRANSMIT_TIMEOUT:
      g_value_set_uint (value, self->retransmit_timeout);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_dtls_key_exchange_finalize (GObject * object)
{
  GstDtlsKeyExchange *self = GST_DTLS_KEY_EXCHANGE (object);

  g_clear_pointer (&self->engine, gst_secure_rtc_dtls_engine_free);
  g_clear_pointer (&self->local_key, gst_secure_rtc_srtp_key_unref);
  g_clear_pointer (&self->remote_key, gst_secure_rtc_srtp_key_unref);
  g_clear_pointer (&self->user_cert, gst_secure_rtc_dtls_certificate_unref);
  g_clear_pointer (&self->cert, gst_secure_rtc_dtls_certificate_unref);
  g_clear_error (&self->config_error);
  gst_caps_replace (&self->net_caps, NULL);
  g_free (self->peer_fingerprint);
  g_free (self->certificate_file);
  g_free (self->srtp_profiles);
  g_free (self->negotiated_profile);
  g_free (self->cipher_suite);
  g_free (self->local_fingerprint);
  gst_object_unref (self->clock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_dtls_key_exchange_init (GstDtlsKeyExchange * self)
{
  GError *err = NULL;

  self->net_sink = gst_pad_new_from_static_template (&net_sink_template,
      "net_sink");
  gst_pad_set_chain_function (self->net_sink,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_net_chain));
  gst_pad_set_event_function (self->net_sink,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_net_sink_event));
  gst_element_add_pad (GST_ELEMENT (self), self->net_sink);

  self->srtp_src = gst_pad_new_from_static_template (&srtp_src_template,
      "srtp_src");
  gst_pad_set_event_function (self->srtp_src,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_src_event));
  gst_pad_set_query_function (self->srtp_src,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_src_query));
  gst_pad_use_fixed_caps (self->srtp_src);
  gst_element_add_pad (GST_ELEMENT (self), self->srtp_src);

  self->srtp_sink = gst_pad_new_from_static_template (&srtp_sink_template,
      "srtp_sink");
  gst_pad_set_chain_function (self->srtp_sink,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_srtp_chain));
  gst_pad_set_event_function (self->srtp_sink,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_srtp_sink_event));
  gst_pad_set_query_function (self->srtp_sink,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_srtp_sink_query));
  gst_element_add_pad (GST_ELEMENT (self), self->srtp_sink);

  self->net_src = gst_pad_new_from_static_template (&net_src_template,
      "net_src");
  gst_pad_set_event_function (self->net_src,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_src_event));
  gst_pad_set_query_function (self->net_src,
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_src_query));
  gst_pad_use_fixed_caps (self->net_src);
  gst_element_add_pad (GST_ELEMENT (self), self->net_src);

  self->role = DEFAULT_ROLE;
  self->verify = DEFAULT_VERIFY;
  self->srtp_profiles = g_strdup (DEFAULT_SRTP_PROFILES);
  if (!gst_secure_rtc_dtls_parse_profiles (DEFAULT_SRTP_PROFILES,
          self->profiles, MAX_PROFILES, &self->n_profiles, &err))
    g_assert_not_reached ();
  self->mtu = DEFAULT_MTU;
  self->retransmit_timeout = DEFAULT_RETRANSMIT_TIMEOUT;
  self->state = GST_SECURE_RTC_DTLS_STATE_NEW;
  self->timer_deadline = -1;
  self->clock = gst_system_clock_obtain ();
}

static void
gst_dtls_key_exchange_class_init (GstDtlsKeyExchangeClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->set_property = gst_dtls_key_exchange_set_property;
  gobject_class->get_property = gst_dtls_key_exchange_get_property;
  gobject_class->finalize = gst_dtls_key_exchange_finalize;
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_dtls_key_exchange_change_state);

  /**
   * GstDtlsKeyExchange:role:
   *
   * client sends the ClientHello (SDP a=setup:active), server waits for it.
   */
  properties[PROP_ROLE] = g_param_spec_enum ("role", "Role",
      "DTLS role: client (a=setup:active) or server (a=setup:passive)",
      GST_TYPE_SECURE_RTC_DTLS_ROLE, DEFAULT_ROLE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:peer-fingerprint:
   *
   * The expected fingerprint of the peer's certificate (RFC 8122 form,
   * "sha-256 AB:CD:...", also sha-384/sha-512). May be set late (the
   * handshake waits for it before the peer can be verified); settable until
   * the peer is verified.
   */
  properties[PROP_PEER_FINGERPRINT] = g_param_spec_string ("peer-fingerprint",
      "Peer fingerprint",
      "Expected fingerprint of the peer certificate, e.g. \"sha-256 AB:CD:...\"",
      NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstDtlsKeyExchange:verify:
   *
   * fingerprint (default): no key before the peer matches peer-fingerprint.
   * none: accept any peer — an explicit, loudly logged opt-out that leaves
   * the connection open to a man in the middle.
   */
  properties[PROP_VERIFY] = g_param_spec_enum ("verify", "Verify",
      "How the peer is authenticated (none is an insecure opt-out)",
      GST_TYPE_SECURE_RTC_DTLS_VERIFY, DEFAULT_VERIFY,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:certificate-file:
   *
   * A PEM file with our certificate and its unencrypted private key. Default:
   * a fresh ECDSA P-256 self-signed certificate made for this element.
   */
  properties[PROP_CERTIFICATE_FILE] = g_param_spec_string ("certificate-file",
      "Certificate file",
      "PEM file with the certificate and private key (default: a fresh one)",
      NULL, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:certificate-pem:
   *
   * Our certificate and private key as PEM text. Write-only; parsed at once
   * and not kept as text.
   */
  properties[PROP_CERTIFICATE_PEM] = g_param_spec_string ("certificate-pem",
      "Certificate PEM",
      "PEM text with the certificate and private key (write-only)",
      NULL, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:local-fingerprint:
   *
   * The sha-256 fingerprint of our certificate, for the peer (SDP
   * a=fingerprint). Also posted on the bus at READY.
   */
  properties[PROP_LOCAL_FINGERPRINT] = g_param_spec_string ("local-fingerprint",
      "Local fingerprint", "sha-256 fingerprint of our certificate", NULL,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_DOC_SHOW_DEFAULT);
  /**
   * GstDtlsKeyExchange:srtp-profiles:
   *
   * SRTP protection profiles offered (client) or accepted (server), in order
   * of preference, comma separated.
   */
  properties[PROP_SRTP_PROFILES] = g_param_spec_string ("srtp-profiles",
      "SRTP profiles", "SRTP profiles in order of preference, comma separated",
      DEFAULT_SRTP_PROFILES, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:negotiated-profile:
   *
   * The SRTP profile agreed in the handshake (NULL before).
   */
  properties[PROP_NEGOTIATED_PROFILE] =
      g_param_spec_string ("negotiated-profile", "Negotiated profile",
      "SRTP profile agreed in the handshake", NULL,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstDtlsKeyExchange:cipher-suite:
   *
   * The DTLS cipher suite agreed in the handshake (OpenSSL name).
   */
  properties[PROP_CIPHER_SUITE] = g_param_spec_string ("cipher-suite",
      "Cipher suite", "DTLS cipher suite agreed in the handshake", NULL,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstDtlsKeyExchange:mtu:
   *
   * Largest DTLS datagram sent (handshake messages are fragmented to fit).
   */
  properties[PROP_MTU] = g_param_spec_uint ("mtu", "MTU",
      "Largest DTLS datagram to send, in bytes", 256, 16384, DEFAULT_MTU,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:retransmit-timeout:
   *
   * First handshake retransmission timeout in milliseconds, doubled after
   * each retransmission (up to 3 s).
   */
  properties[PROP_RETRANSMIT_TIMEOUT] = g_param_spec_uint ("retransmit-timeout",
      "Retransmit timeout", "First handshake retransmission timeout (ms)",
      10, 10000, DEFAULT_RETRANSMIT_TIMEOUT,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstDtlsKeyExchange:state:
   *
   * new, connecting, connected (peer verified, keys delivered), failed or
   * closed. Notified on change.
   */
  properties[PROP_STATE] = g_param_spec_enum ("state", "State",
      "Connection state", GST_TYPE_SECURE_RTC_DTLS_STATE,
      GST_SECURE_RTC_DTLS_STATE_NEW, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  gst_element_class_add_static_pad_template (element_class, &net_sink_template);
  gst_element_class_add_static_pad_template (element_class, &srtp_src_template);
  gst_element_class_add_static_pad_template (element_class, &srtp_sink_template);
  gst_element_class_add_static_pad_template (element_class, &net_src_template);
  gst_element_class_set_static_metadata (element_class,
      "DTLS-SRTP key exchange", "Filter/Network/DTLS/SRTP",
      "Agrees SRTP keys with a verified peer over DTLS 1.2 and hands them to "
      "srtpencrypt/srtpdecrypt", "gst-securertc developers");

  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_RTC_DTLS_ROLE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_RTC_DTLS_VERIFY, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_RTC_DTLS_STATE, 0);

  GST_DEBUG_CATEGORY_INIT (gst_dtls_key_exchange_debug, "dtlskeyexchange", 0,
      "DTLS-SRTP key exchange");
}

static gboolean
dtlskeyexchange_element_init (GstPlugin * plugin)
{
  secure_dtls_element_init (plugin);
  return gst_element_register (plugin, "dtlskeyexchange", GST_RANK_NONE,
      GST_TYPE_DTLS_KEY_EXCHANGE);
}
