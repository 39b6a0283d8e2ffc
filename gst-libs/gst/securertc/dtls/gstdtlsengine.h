/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_DTLS_ENGINE_H__
#define __GST_DTLS_ENGINE_H__

#include <glib.h>
#include "../gstsrtpkey.h"
#include "gstdtlscertificate.h"

G_BEGIN_DECLS

/**
 * GstSecureRtcDtlsRole:
 * @GST_SECURE_RTC_DTLS_ROLE_CLIENT: sends the ClientHello (SDP a=setup:active)
 * @GST_SECURE_RTC_DTLS_ROLE_SERVER: waits for it (SDP a=setup:passive)
 */
typedef enum {
  GST_SECURE_RTC_DTLS_ROLE_CLIENT,
  GST_SECURE_RTC_DTLS_ROLE_SERVER,
} GstSecureRtcDtlsRole;

/**
 * GstSecureRtcDtlsVerify:
 * @GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT: the peer certificate must match the
 *   expected fingerprint before any key is exported (DESIGN.md rule 3)
 * @GST_SECURE_RTC_DTLS_VERIFY_NONE: accept any peer (explicit, loudly logged
 *   opt-out; the connection is then open to a man in the middle)
 */
typedef enum {
  GST_SECURE_RTC_DTLS_VERIFY_FINGERPRINT,
  GST_SECURE_RTC_DTLS_VERIFY_NONE,
} GstSecureRtcDtlsVerify;

/**
 * GstSecureRtcDtlsState:
 * @GST_SECURE_RTC_DTLS_STATE_NEW: not started
 * @GST_SECURE_RTC_DTLS_STATE_CONNECTING: handshake running, or waiting for the
 *   expected fingerprint
 * @GST_SECURE_RTC_DTLS_STATE_CONNECTED: handshake done, peer verified, keys exported
 * @GST_SECURE_RTC_DTLS_STATE_FAILED: fatal error (see the failure reason)
 * @GST_SECURE_RTC_DTLS_STATE_CLOSED: closed by close_notify (either side)
 */
typedef enum {
  GST_SECURE_RTC_DTLS_STATE_NEW,
  GST_SECURE_RTC_DTLS_STATE_CONNECTING,
  GST_SECURE_RTC_DTLS_STATE_CONNECTED,
  GST_SECURE_RTC_DTLS_STATE_FAILED,
  GST_SECURE_RTC_DTLS_STATE_CLOSED,
} GstSecureRtcDtlsState;

/**
 * GstSecureRtcDtlsEventType:
 * @GST_SECURE_RTC_DTLS_EVENT_HANDSHAKE_DONE: the handshake finished; @profile
 *   and @cipher_suite are set
 * @GST_SECURE_RTC_DTLS_EVENT_PEER_VERIFIED: the peer certificate matched
 *   (@fingerprint is the peer's); comes before KEYS_READY
 * @GST_SECURE_RTC_DTLS_EVENT_KEYS_READY: @local_key (we encrypt with it) and
 *   @remote_key (we decrypt with it) are set
 * @GST_SECURE_RTC_DTLS_EVENT_FAILED: fatal; @error says why; on a mismatch
 *   @expected_fingerprint and @received_fingerprint are set
 * @GST_SECURE_RTC_DTLS_EVENT_CLOSED: close_notify sent or received
 */
typedef enum {
  GST_SECURE_RTC_DTLS_EVENT_HANDSHAKE_DONE,
  GST_SECURE_RTC_DTLS_EVENT_PEER_VERIFIED,
  GST_SECURE_RTC_DTLS_EVENT_KEYS_READY,
  GST_SECURE_RTC_DTLS_EVENT_FAILED,
  GST_SECURE_RTC_DTLS_EVENT_CLOSED,
} GstSecureRtcDtlsEventType;

typedef struct {
  GstSecureRtcDtlsEventType type;
  GstSecureRtcSrtpProfile profile;
  gchar *cipher_suite;
  gchar *fingerprint;
  GstSecureRtcSrtpKey *local_key;
  GstSecureRtcSrtpKey *remote_key;
  GError *error;
  gchar *expected_fingerprint;
  gchar *received_fingerprint;
} GstSecureRtcDtlsEvent;

void gst_secure_rtc_dtls_event_clear (GstSecureRtcDtlsEvent * event);

/**
 * GstSecureRtcDtlsConfig:
 * @role: client or server
 * @verify: fingerprint (default) or none
 * @certificate: (nullable): our certificate; %NULL makes a fresh ECDSA P-256 one
 * @profiles: SRTP protection profiles in offer order (%NULL: the default
 *   AEAD_AES_256_GCM, AEAD_AES_128_GCM, AES128_CM_SHA1_80)
 * @n_profiles: number of @profiles
 * @mtu: largest datagram we send (0: 1200)
 * @retransmit_timeout_ms: first retransmission timeout (0: 100 ms); doubled
 *   on each retransmission up to GST_SECURE_RTC_DTLS_MAX_RETRANSMIT_MS
 */
typedef struct {
  GstSecureRtcDtlsRole role;
  GstSecureRtcDtlsVerify verify;
  GstSecureRtcDtlsCertificate *certificate;
  const GstSecureRtcSrtpProfile *profiles;
  guint n_profiles;
  guint mtu;
  guint retransmit_timeout_ms;
} GstSecureRtcDtlsConfig;

#define GST_SECURE_RTC_DTLS_DEFAULT_MTU 1200
#define GST_SECURE_RTC_DTLS_DEFAULT_RETRANSMIT_MS 100
#define GST_SECURE_RTC_DTLS_MAX_RETRANSMIT_MS 3000

/**
 * GstSecureRtcDtlsEngine:
 *
 * A sans-IO DTLS 1.2 + use_srtp endpoint (RFC 6347, 5764) on OpenSSL. It owns
 * no socket, thread, clock or global state.
 *
 * Contract: the caller feeds it with _start() (both roles; the client sends
 * its ClientHello), _handle_datagram() for each DTLS datagram received,
 * _handle_timeout() once the time returned by _get_deadline() has come,
 * _set_peer_fingerprint() when the expected fingerprint becomes known, and
 * _close() at the end. After EACH of these calls it must drain
 * _pop_datagram() (send them, in order) and _pop_event(), and re-read
 * _get_deadline(). Times are in microseconds on any monotonic clock; the
 * engine assumes it advances like the wall clock (OpenSSL's DTLS timer reads
 * gettimeofday()).
 *
 * Peer verification (DESIGN.md rule 3): with verify=fingerprint the peer
 * certificate is checked before the handshake can finish. When the expected
 * fingerprint is not known yet, the engine holds the peer's flight that
 * carries its certificate (unprocessed, bounded) and stops retransmitting,
 * so the handshake pauses there; the fingerprint releases it. A mismatch
 * makes OpenSSL send a fatal bad_certificate alert; no key is ever derived.
 *
 * Not thread-safe: the caller serialises calls.
 */
typedef struct _GstSecureRtcDtlsEngine GstSecureRtcDtlsEngine;

GstSecureRtcDtlsEngine * gst_secure_rtc_dtls_engine_new (const GstSecureRtcDtlsConfig * config,
                                                         GError ** error);
void     gst_secure_rtc_dtls_engine_free (GstSecureRtcDtlsEngine * engine);

gboolean gst_secure_rtc_dtls_engine_set_peer_fingerprint (GstSecureRtcDtlsEngine * engine,
                                                          const GstSecureRtcFingerprint * fingerprint,
                                                          gint64 now,
                                                          GError ** error);
void     gst_secure_rtc_dtls_engine_start (GstSecureRtcDtlsEngine * engine, gint64 now);
void     gst_secure_rtc_dtls_engine_handle_datagram (GstSecureRtcDtlsEngine * engine,
                                                     const guint8 * data, gsize len,
                                                     gint64 now);
void     gst_secure_rtc_dtls_engine_handle_timeout (GstSecureRtcDtlsEngine * engine,
                                                    gint64 now);
void     gst_secure_rtc_dtls_engine_close (GstSecureRtcDtlsEngine * engine, gint64 now);

GBytes * gst_secure_rtc_dtls_engine_pop_datagram (GstSecureRtcDtlsEngine * engine);
gboolean gst_secure_rtc_dtls_engine_pop_event (GstSecureRtcDtlsEngine * engine,
                                               GstSecureRtcDtlsEvent * event);
gint64   gst_secure_rtc_dtls_engine_get_deadline (GstSecureRtcDtlsEngine * engine);

GstSecureRtcDtlsState gst_secure_rtc_dtls_engine_get_state (GstSecureRtcDtlsEngine * engine);
GstSecureRtcDtlsRole  gst_secure_rtc_dtls_engine_get_role (GstSecureRtcDtlsEngine * engine);
gchar *  gst_secure_rtc_dtls_engine_get_local_fingerprint (GstSecureRtcDtlsEngine * engine,
                                                           GstSecureRtcFingerprintHash hash);
gboolean gst_secure_rtc_dtls_engine_is_verified (GstSecureRtcDtlsEngine * engine);
gboolean gst_secure_rtc_dtls_engine_is_waiting_for_fingerprint (GstSecureRtcDtlsEngine * engine);
GstSecureRtcSrtpProfile gst_secure_rtc_dtls_engine_get_profile (GstSecureRtcDtlsEngine * engine);
const gchar * gst_secure_rtc_dtls_engine_get_cipher_suite (GstSecureRtcDtlsEngine * engine);

gboolean gst_secure_rtc_dtls_parse_profiles (const gchar * str,
                                             GstSecureRtcSrtpProfile * profiles,
                                             guint max_profiles,
                                             guint * n_profiles,
                                             GError ** error);

G_END_DECLS

#endif /* __GST_DTLS_ENGINE_H__ */
