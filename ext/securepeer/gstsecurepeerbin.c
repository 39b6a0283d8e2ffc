/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Internal topology (one BUNDLE transport, rtcp-mux, one ICE component):
 *
 *  sink_0 --[pt map]--+
 *  sink_1 --[pt map]--+-> rtpfunnel -> rtpbin.send_rtp_sink_0
 *                                        rtpbin.send_rtp_src_0 ----+
 *   rtpbin.send_rtcp_src_0 -> rtcpmux ~~(no pad link, chain)~~> srtpencrypt
 *   srtpencrypt -> dtlskeyexchange.srtp_sink
 *             (key event upstream  <---'  , media gated until the peer is verified)
 *   dtlskeyexchange.net_src -> netsink ==> ICE transport (libnice) ==> network
 *
 *   network ==> ICE transport => netsrc -> dtlskeyexchange.net_sink
 *   (netsrc has no thread: the ICE thread pushes, see gstsecurepeernetsrc.c)
 *   dtlskeyexchange.srtp_src (key event first) -> srtpdecrypt -> rtcpdemux
 *   rtcpdemux ~~(same thread, no pad link: see gstsecurepeerrtcpdemux.c)~~>
 *   rtcpdemux_src.rtp_src  -> rtpbin.recv_rtp_sink_0
 *   rtcpdemux_src.rtcp_src -> rtpbin.recv_rtcp_sink_0
 *   rtpbin.recv_rtp_src_0_<ssrc>_<pt> (jitterbuffer) -> src_%u
 *
 * The ICE agents of all bins share a small pool of GMainContext threads
 * (gstniceicetransport.c); a bin's signaller runs on its agent's thread.
 * dtlskeyexchange is held in READY (locked state)
 * until both descriptions are known, so that it starts with the right role
 * and the expected peer fingerprint.
 */

/**
 * SECTION:element-securepeerbin
 * @title: securepeerbin
 * @see_also: dtlskeyexchange, srtpencrypt, srtpdecrypt, rtpbin, webrtcbin
 *
 * One complete secure peer connection, assembled from real parts: libnice
 * (full ICE, RFC 8445, trickle, RFC 7675 consent freshness),
 * dtlskeyexchange (DTLS 1.2 with ECDHE, peer fingerprint verified before
 * any key is used), srtpencrypt/srtpdecrypt, and rtpbin; SDP offer/answer
 * with BUNDLE and rtcp-mux only. There is no way to send media unencrypted.
 *
 * Send streams: request `sink_%u` pads taking payloaded RTP (as webrtcbin).
 * Received streams appear as `src_%u` pads (decrypted RTP, one per SSRC).
 *
 * The application drives offer/answer with action signals much like
 * webrtcbin's: #GstSecurePeerBin::create-offer, ::create-answer,
 * ::set-local-description, ::set-remote-description (all with a
 * #GstPromise, descriptions as #GstWebRTCSessionDescription),
 * ::add-ice-candidate, and the #GstSecurePeerBin::on-ice-candidate signal.
 * Offers need caps on every sink pad: create them once data flows.
 *
 * ## Example
 *
 * Through gst-securertc-signalling-server on loopback (libnice gathers
 * nothing on loopback by itself, hence ice-local-addresses):
 * |[
 * gst-securertc-signalling-server --self-signed /tmp/sig --host 127.0.0.1 --port 8443
 * gst-launch-1.0 securepeerbin name=p role=producer ice-local-addresses=127.0.0.1 \
 *     signaller-uri=wss://127.0.0.1:8443 signaller-ca-file=/tmp/sig/cert.pem \
 *   audiotestsrc is-live=true ! opusenc ! rtpopuspay ! p.
 * gst-launch-1.0 securepeerbin name=c role=consumer ice-local-addresses=127.0.0.1 \
 *     signaller-uri=wss://127.0.0.1:8443 signaller-ca-file=/tmp/sig/cert.pem \
 *   c. ! rtpopusdepay ! opusdec ! autoaudiosink
 * ]|
 * Without signaller-uri, the application drives offer/answer with the
 * action signals (see tests/check/integration/securepeerbin-loopback.c).
 *
 * ## Messages
 * `securepeer-connection-state`: `state` (#GstSecurePeerConnectionState),
 * posted on every change of #GstSecurePeerBin:connection-state.
 *
 * Since: 0.1
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gst/rtp/rtp.h>
#include <gst/webrtc/webrtc.h>

#include <gst/securertc/gstsecurewipe.h>
#include <gst/securertc/peer/gstpeersdp.h>
#include <gst/securertc/peer/gstniceicetransport.h>

#include "gstsecurepeer-enumtypes.h"
#include "gstsecurepeerelements.h"
#include "gstsecurepeernetsink.h"
#include "gstsecurepeernetsrc.h"
#include "gstsecurepeerrtcpdemux.h"
#include "gstsecurepeersignalling.h"
#include "gstsecurepeerbin.h"

GST_DEBUG_CATEGORY_STATIC (gst_secure_peer_bin_debug);
#define GST_CAT_DEFAULT gst_secure_peer_bin_debug

#define DEFAULT_CONNECTION_STATE GST_SECURE_PEER_CONNECTION_STATE_NEW
#define DEFAULT_ICE_LOCAL_ADDRESSES NULL
#define DEFAULT_STUN_SERVER NULL
#define DEFAULT_ICE_TRANSPORT_POLICY GST_SECURE_PEER_ICE_TRANSPORT_POLICY_ALL
#define DEFAULT_LATENCY 200
#define DEFAULT_ROLE GST_SECURE_PEER_ROLE_PRODUCER

enum
{
  PROP_0,
  PROP_CONNECTION_STATE,
  PROP_ICE_LOCAL_ADDRESSES,
  PROP_STUN_SERVER,
  PROP_TURN_SERVER,
  PROP_ICE_TRANSPORT_POLICY,
  PROP_LOCAL_FINGERPRINT,
  PROP_LATENCY,
  PROP_SIGNALLER_URI,
  PROP_ROLE,
  PROP_PEER_ID,
  PROP_SIGNALLER_CA_FILE,
  PROP_ALLOW_INSECURE_SIGNALLING,
  PROP_LOCAL_PEER_ID,
  PROP_META,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CREATE_OFFER,
  SIGNAL_CREATE_ANSWER,
  SIGNAL_SET_LOCAL_DESCRIPTION,
  SIGNAL_SET_REMOTE_DESCRIPTION,
  SIGNAL_ADD_ICE_CANDIDATE,
  SIGNAL_ON_ICE_CANDIDATE,
  SIGNAL_GET_STATS,
  SIGNAL_CLOSE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* A send stream: one request sink pad. */
typedef struct
{
  GstPad *ghost;
  GstPad *funnel_pad;
  gint pt_out;                  /* atomic: -1 as given, -2 drop, else rewrite */
} SinkStream;

#define PT_AS_GIVEN (-1)
#define PT_DROP (-2)

struct _GstSecurePeerBin
{
  GstBin parent;

  /* Children, fixed after constructed(). */
  GstElement *rtpbin, *rtpfunnel, *rtcpmux, *srtpenc, *dtls, *netsink,
      *netsrc, *srtpdec, *rtcpdemux, *rtcpdemux_src;
  gchar *missing;               /* factory not found, if any */

  /* Everything below is protected by the object lock. */
  GPtrArray *sinks;             /* SinkStream */
  guint next_src;
  gchar *ice_local_addresses;
  gchar *stun_server;
  gchar *turn_server;           /* secret (password); write-only */
  GstSecurePeerIceTransportPolicy ice_transport_policy;
  guint latency;
  gchar *cname;
  gchar *msid_stream;

  GstSecureRtcIceTransport *ice;
  GstSecureRtcSdpDescription *created;  /* last offer/answer we made */
  GstSecureRtcSdpDescription *local, *remote;
  gboolean local_is_offer;
  gboolean negotiated;
  GPtrArray *pending_candidates;
  guint64 session_id;

  GstSecureRtcIceState ice_state;
  gint dtls_state;              /* nick index: 0 new .. 4 closed */
  GstSecurePeerConnectionState conn_state;
  gboolean closed;
  gint net_running;             /* atomic: netsrc may take datagrams */
  gboolean dtls_client;         /* our DTLS role, once negotiated */
  gboolean dtls_start_pending;  /* client waits for ICE (see start_dtls) */
  gboolean dtls_started;
  guint64 datagrams_sent;       /* handed to ICE and accepted */
  guint64 datagrams_dropped;    /* not sent: no ICE yet, failed or closed */

  gchar *signaller_uri;
  GstSecurePeerRole role;
  gchar *peer_id;
  gchar *signaller_ca_file;
  gboolean allow_insecure_signalling;
  gchar *local_peer_id;
  GstStructure *meta;
  GstSecurePeerSignalling *signalling; /* only touched in change_state */
  GMainContext *peer_context;   /* ICE thread of this bin (agent, signaller) */
};

#define gst_secure_peer_bin_parent_class parent_class
G_DEFINE_TYPE (GstSecurePeerBin, gst_secure_peer_bin, GST_TYPE_BIN);

static gboolean securepeerbin_element_init (GstPlugin * plugin);
GST_ELEMENT_REGISTER_DEFINE_CUSTOM (securepeerbin, securepeerbin_element_init);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink_%u",
    GST_PAD_SINK, GST_PAD_REQUEST, GST_STATIC_CAPS ("application/x-rtp"));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src_%u",
    GST_PAD_SRC, GST_PAD_SOMETIMES, GST_STATIC_CAPS ("application/x-rtp"));

/* DTLS states of dtlskeyexchange, by nick (we do not link its headers:
 * the securedtls plugin may be built separately). */
enum
{ DTLS_NEW, DTLS_CONNECTING, DTLS_CONNECTED, DTLS_FAILED, DTLS_CLOSED };

/* ---- connection state ---- */

static GstSecurePeerConnectionState
compute_state_locked (GstSecurePeerBin * self)
{
  if (self->closed)
    return GST_SECURE_PEER_CONNECTION_STATE_CLOSED;
  if (self->ice_state == GST_SECURE_RTC_ICE_STATE_FAILED
      || self->dtls_state == DTLS_FAILED)
    return GST_SECURE_PEER_CONNECTION_STATE_FAILED;
  if (self->dtls_state == DTLS_CLOSED)
    return GST_SECURE_PEER_CONNECTION_STATE_CLOSED;
  if (self->ice_state == GST_SECURE_RTC_ICE_STATE_CONNECTED
      && self->dtls_state == DTLS_CONNECTED)
    return GST_SECURE_PEER_CONNECTION_STATE_CONNECTED;
  if (self->ice_state != GST_SECURE_RTC_ICE_STATE_NEW
      || self->dtls_state != DTLS_NEW || self->negotiated)
    return GST_SECURE_PEER_CONNECTION_STATE_CONNECTING;
  return GST_SECURE_PEER_CONNECTION_STATE_NEW;
}

/* Call without the lock. */
static void
update_state (GstSecurePeerBin * self)
{
  GstSecurePeerConnectionState state;
  gboolean changed;

  GST_OBJECT_LOCK (self);
  state = compute_state_locked (self);
  changed = state != self->conn_state;
  self->conn_state = state;
  GST_OBJECT_UNLOCK (self);
  if (!changed)
    return;
  GST_INFO_OBJECT (self, "connection state %s",
      g_enum_get_value (g_type_class_peek
          (GST_TYPE_SECURE_PEER_CONNECTION_STATE), state)->value_nick);
  if (state == GST_SECURE_PEER_CONNECTION_STATE_FAILED) {
    /* Consent lost or DTLS failed: stop sending at once (RFC 7675 §5.1). */
    g_atomic_int_set (&self->net_running, 0);
  }
  g_object_notify_by_pspec (G_OBJECT (self),
      properties[PROP_CONNECTION_STATE]);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("securepeer-connection-state", "state",
              GST_TYPE_SECURE_PEER_CONNECTION_STATE, state, NULL)));
}

static void
on_dtls_state (GObject * dtls, GParamSpec * pspec, GstSecurePeerBin * self)
{
  gint state = 0;

  g_object_get (dtls, "state", &state, NULL);
  GST_OBJECT_LOCK (self);
  self->dtls_state = state;
  GST_OBJECT_UNLOCK (self);
  update_state (self);
}

/* ---- network glue: ICE <-> netsrc/netsink ---- */

/* The ICE thread this bin's agent and signaller run on (taken on first
 * use, dropped in finalize). */
static GMainContext *
peer_context (GstSecurePeerBin * self)
{
  GMainContext *context;

  GST_OBJECT_LOCK (self);
  if (!self->peer_context)
    self->peer_context = gst_secure_rtc_peer_context_acquire (NULL);
  context = self->peer_context;
  GST_OBJECT_UNLOCK (self);
  return context;
}

/* On the ICE thread: pushes through DTLS and SRTP up to the jitterbuffer. */
static void
on_ice_receive (const guint8 * data, gsize len, gpointer user_data)
{
  GstSecurePeerBin *self = user_data;

  if (!g_atomic_int_get (&self->net_running))
    return;
  gst_secure_peer_net_src_push (GST_SECURE_PEER_NET_SRC (self->netsrc), data,
      len);
}

/* In the sending streaming thread, for each datagram out of dtlskeyexchange.
 * self->ice is only dropped in dispose, when no streaming thread runs. */
static void
on_net_send (const guint8 * data, gsize len, gpointer user_data)
{
  GstSecurePeerBin *self = user_data;
  GstSecureRtcIceTransport *ice;
  gboolean sent;

  ice = g_atomic_int_get (&self->net_running) ?
      g_atomic_pointer_get (&self->ice) : NULL;
  sent = ice && gst_secure_rtc_ice_transport_send (ice, data, len);
  /* Counters read by get-stats. */
  __atomic_fetch_add (sent ? &self->datagrams_sent : &self->datagrams_dropped,
      1, __ATOMIC_RELAXED);
}

static void
on_ice_candidate (GstSecureRtcIceTransport * ice, const gchar * candidate,
    GstSecurePeerBin * self)
{
  g_signal_emit (self, signals[SIGNAL_ON_ICE_CANDIDATE], 0, 0, candidate);
}

static void start_dtls (GstSecurePeerBin * self);

static void
on_ice_state (GstSecureRtcIceTransport * ice, GstSecureRtcIceState state,
    GstSecurePeerBin * self)
{
  gboolean start;

  GST_OBJECT_LOCK (self);
  self->ice_state = state;
  start = state == GST_SECURE_RTC_ICE_STATE_CONNECTED
      && self->dtls_start_pending;
  GST_OBJECT_UNLOCK (self);
  if (start)
    start_dtls (self);
  update_state (self);
}

/* ---- STUN/TURN servers ---- */

/* libnice takes STUN/TURN servers as IP addresses only, so host names are
 * resolved here, once, when the ICE agent is created (ensure_ice(), from
 * the first create-offer, create-answer or set-remote-description). The
 * lookup is synchronous but bounded: it blocks the negotiating thread (the
 * application's, or this bin's ICE thread when the built-in signaller
 * negotiates) for at most RESOLVE_TIMEOUT_MS, before any candidate is
 * gathered. Give IP addresses where even that matters. */
#define RESOLVE_TIMEOUT_MS 5000

typedef struct
{
  GList *addresses;
  GError *error;
  gboolean done;
} ServerLookup;

static void
server_lookup_done (GObject * source, GAsyncResult * res, gpointer user_data)
{
  ServerLookup *l = user_data;

  l->addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER
      (source), res, &l->error);
  l->done = TRUE;
}

static gboolean
server_lookup_timeout (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* The address of @host libnice can use: STUN and TURN requests go out from
 * host candidates of the same family only, so with @family (that of every
 * ice-local-addresses entry) we ask for that family alone; otherwise IPv4
 * is preferred (libnice gathers both when it discovers interfaces). */
static gchar *
resolve_server_host (GstSecurePeerBin * self, const gchar * what,
    const gchar * host, GSocketFamily family, GError ** error)
{
  GResolverNameLookupFlags flags = G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT;
  ServerLookup l = { NULL, NULL, FALSE };
  GMainContext *context;
  GCancellable *cancel;
  GResolver *resolver;
  GSource *timeout;
  GInetAddress *chosen = NULL;
  gchar *ip = NULL;
  gint64 start;
  GList *a;

  if (g_hostname_is_ip_address (host))
    return g_strdup (host);
  if (family == G_SOCKET_FAMILY_IPV4)
    flags = G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY;
  else if (family == G_SOCKET_FAMILY_IPV6)
    flags = G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY;

  /* The async lookup runs on GResolver's worker thread; we wait on a
   * private context so that nothing else is dispatched meanwhile, and a
   * cancelled lookup returns at once (the worker finishes by itself). */
  start = g_get_monotonic_time ();
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  cancel = g_cancellable_new ();
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_with_flags_async (resolver, host, flags, cancel,
      server_lookup_done, &l);
  timeout = g_timeout_source_new (RESOLVE_TIMEOUT_MS);
  g_source_set_callback (timeout, server_lookup_timeout, cancel, NULL);
  g_source_attach (timeout, context);
  while (!l.done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  g_object_unref (resolver);

  if (g_error_matches (l.error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
        _("Could not resolve the %s server host name \"%s\": no answer "
            "within %u s."), what, host, RESOLVE_TIMEOUT_MS / 1000);
  } else if (l.error) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        _("Could not resolve the %s server host name \"%s\": %s"), what,
        host, l.error->message);
  } else {
    for (a = l.addresses; a; a = a->next) {
      GInetAddress *addr = a->data;
      if (!chosen || (g_inet_address_get_family (addr) ==
              G_SOCKET_FAMILY_IPV4
              && g_inet_address_get_family (chosen) != G_SOCKET_FAMILY_IPV4))
        chosen = addr;
    }
    if (chosen) {
      ip = g_inet_address_to_string (chosen);
      GST_INFO_OBJECT (self, "%s server %s is %s (resolved in %"
          G_GINT64_FORMAT " ms)", what, host, ip,
          (g_get_monotonic_time () - start) / 1000);
    } else {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
          _("Could not resolve the %s server host name \"%s\": it has no "
              "address."), what, host);
    }
  }
  g_clear_error (&l.error);
  g_resolver_free_addresses (l.addresses);
  g_object_unref (cancel);
  return ip;
}

/* "turn://user:password@host:3478" -> the server's IP address (host names
 * resolved), port, and for TURN the long-term credentials. Never puts the
 * URI (it carries the password) into an error or a log. */
static gboolean
parse_server_uri (GstSecurePeerBin * self, const gchar * uri,
    const gchar * scheme, GSocketFamily family, gchar ** host, guint * port,
    gchar ** user, gchar ** password, GError ** error)
{
  GUri *u = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD, NULL);
  const gchar *what = g_str_equal (scheme, "turn") ? "TURN" : "STUN";
  const gchar *query = u ? g_uri_get_query (u) : NULL;
  gboolean ok = FALSE;

  if (u && g_str_equal (g_uri_get_scheme (u), "turns")) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        _("turns:// (TURN over TLS) is not supported yet: libnice 0.1.21 "
            "would send it as plain TCP."));
  } else if (!u || !g_str_equal (g_uri_get_scheme (u), scheme)
      || !g_uri_get_host (u) || !*g_uri_get_host (u)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("The %s server must be given as %s<host>:<port>."), what,
        g_str_equal (scheme, "turn") ? "turn://<user>:<password>@" :
        "stun://");
  } else if (query && g_strcmp0 (query, "transport=udp") != 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
        _("The %s server URI may only ask for ?transport=udp: TURN over TCP "
            "is not supported."), what);
  } else if (user && (!g_uri_get_user (u) || !g_uri_get_password (u))) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("The TURN server %s needs a user name and a password "
            "(turn://<user>:<password>@<host>:<port>)."), g_uri_get_host (u));
  } else {
    *host = resolve_server_host (self, what, g_uri_get_host (u), family,
        error);
    ok = *host != NULL;
    *port = g_uri_get_port (u) > 0 ? (guint) g_uri_get_port (u) : 3478;
    if (ok && user)
      *user = g_strdup (g_uri_get_user (u));
    if (ok && password)
      *password = g_strdup (g_uri_get_password (u));
  }
  if (u) {
    /* GUri keeps its own copies of the password: wipe them before they
     * are freed (they are ours to free through g_uri_unref). */
    if (g_uri_get_password (u))
      gst_secure_rtc_wipe_str ((gchar *) g_uri_get_password (u));
    if (g_uri_get_userinfo (u))
      gst_secure_rtc_wipe_str ((gchar *) g_uri_get_userinfo (u));
    g_uri_unref (u);
  }
  return ok;
}

/* The one family of all @addrs, or G_SOCKET_FAMILY_INVALID when mixed or
 * none (see resolve_server_host()). */
static GSocketFamily
local_addresses_family (gchar ** addrs)
{
  GSocketFamily family = G_SOCKET_FAMILY_INVALID;
  guint i;

  for (i = 0; addrs && addrs[i]; i++) {
    GInetAddress *a = g_inet_address_new_from_string (addrs[i]);
    GSocketFamily f;

    if (!a)
      return G_SOCKET_FAMILY_INVALID;
    f = g_inet_address_get_family (a);
    g_object_unref (a);
    if (family != G_SOCKET_FAMILY_INVALID && f != family)
      return G_SOCKET_FAMILY_INVALID;
    family = f;
  }
  return family;
}

static GstSecureRtcIceTransport *
ensure_ice (GstSecurePeerBin * self, GError ** error)
{
  GstSecureRtcNiceConfig config = { NULL };
  GstSecureRtcIceTransport *ice;
  gchar **addrs = NULL, *stun = NULL, *turn = NULL;
  gchar *stun_host = NULL, *turn_host = NULL, *turn_user = NULL,
      *turn_pwd = NULL;
  GSocketFamily family;
  gboolean ok = TRUE;
  guint i;

  GST_OBJECT_LOCK (self);
  if (self->ice) {
    ice = g_object_ref (self->ice);
    GST_OBJECT_UNLOCK (self);
    return ice;
  }
  if (self->ice_local_addresses && *self->ice_local_addresses)
    addrs = g_strsplit (self->ice_local_addresses, ",", -1);
  stun = g_strdup (self->stun_server);
  turn = g_strdup (self->turn_server);
  config.force_relay =
      self->ice_transport_policy == GST_SECURE_PEER_ICE_TRANSPORT_POLICY_RELAY;
  GST_OBJECT_UNLOCK (self);

  for (i = 0; addrs && addrs[i]; i++)
    g_strstrip (addrs[i]);
  /* Host names are resolved here (bounded, see RESOLVE_TIMEOUT_MS). */
  family = local_addresses_family (addrs);
  if (stun && *stun)
    ok = parse_server_uri (self, stun, "stun", family, &stun_host,
        &config.stun_port, NULL, NULL, error);
  if (ok && turn && *turn)
    ok = parse_server_uri (self, turn, "turn", family, &turn_host,
        &config.turn_port, &turn_user, &turn_pwd, error);
  ice = NULL;
  if (ok) {
    config.local_addresses = (const gchar * const *) addrs;
    config.stun_host = stun_host;
    config.turn_host = turn_host;
    config.turn_user = turn_user;
    config.turn_password = turn_pwd;
    config.context = peer_context (self);
    ice = gst_secure_rtc_nice_transport_new (&config, error);
  }
  g_strfreev (addrs);
  g_free (stun);
  wipe_free_str (turn);
  g_free (stun_host);
  g_free (turn_host);
  g_free (turn_user);
  wipe_free_str (turn_pwd);
  if (!ice)
    return NULL;

  g_signal_connect (ice, "candidate", G_CALLBACK (on_ice_candidate), self);
  g_signal_connect (ice, "state-changed", G_CALLBACK (on_ice_state), self);
  gst_secure_rtc_ice_transport_set_receive_func (ice, on_ice_receive, self,
      NULL);
  GST_OBJECT_LOCK (self);
  if (self->ice) {
    /* Lost a race with another thread: use theirs. */
    GstSecureRtcIceTransport *mine = ice;
    ice = g_object_ref (self->ice);
    GST_OBJECT_UNLOCK (self);
    g_signal_handlers_disconnect_by_data (mine, self);
    g_object_unref (mine);
    return ice;
  }
  g_atomic_pointer_set (&self->ice, g_object_ref (ice));
  GST_OBJECT_UNLOCK (self);
  return ice;
}

/* ---- promise helpers ---- */

static void
reply_error (GstPromise * promise, GError * error)
{
  GST_WARNING ("%s", error->message);
  if (promise)
    gst_promise_reply (promise, gst_structure_new ("application/x-gst-promise",
            "error", G_TYPE_ERROR, error, NULL));
  g_error_free (error);
}

static void
reply_ok (GstPromise * promise)
{
  if (promise)
    gst_promise_reply (promise, NULL);
}

static GError *
make_error (const gchar * message)
{
  return g_error_new_literal (GST_SECURE_RTC_SDP_ERROR,
      GST_SECURE_RTC_SDP_ERROR_INCOMPATIBLE, message);
}

/* ---- senders and local transport description ---- */

static GPtrArray *
collect_senders (GstSecurePeerBin * self, GError ** error)
{
  GPtrArray *senders = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_sdp_media_free);
  GPtrArray *pads = g_ptr_array_new_with_free_func (gst_object_unref);
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->sinks->len; i++) {
    SinkStream *s = g_ptr_array_index (self->sinks, i);
    g_ptr_array_add (pads, gst_object_ref (s->ghost));
  }
  GST_OBJECT_UNLOCK (self);

  for (i = 0; i < pads->len; i++) {
    GstPad *pad = g_ptr_array_index (pads, i);
    GstCaps *caps = gst_pad_get_current_caps (pad);
    GstSecureRtcSdpMedia *m;
    GstSecureRtcSdpCodec *codec;
    gchar *kind = NULL;
    guint ssrc;

    if (!caps) {
      g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
          GST_SECURE_RTC_SDP_ERROR_MISSING,
          _("%s has no caps yet: create the offer or answer once data "
              "flows into every sink pad."), GST_PAD_NAME (pad));
      goto fail;
    }
    codec = gst_secure_rtc_sdp_codec_from_caps (caps, &kind, error);
    if (!codec) {
      gst_caps_unref (caps);
      goto fail;
    }
    m = gst_secure_rtc_sdp_media_new (kind);
    g_ptr_array_add (m->codecs, codec);
    if (gst_structure_get_uint (gst_caps_get_structure (caps, 0), "ssrc",
            &ssrc)) {
      m->has_ssrc = TRUE;
      m->ssrc = ssrc;
    }
    GST_OBJECT_LOCK (self);
    m->cname = g_strdup (self->cname);
    m->msid = g_strdup_printf ("%s %s", self->msid_stream, GST_PAD_NAME (pad));
    GST_OBJECT_UNLOCK (self);
    g_ptr_array_add (senders, m);
    g_free (kind);
    gst_caps_unref (caps);
  }
  g_ptr_array_unref (pads);
  return senders;

fail:
  g_ptr_array_unref (pads);
  g_ptr_array_unref (senders);
  return NULL;
}

/* Fills @local; free with clear_local(). */
static gboolean
get_local (GstSecurePeerBin * self, GstSecureRtcSdpLocal * local,
    GError ** error)
{
  GstSecureRtcIceTransport *ice = ensure_ice (self, error);
  gchar *ufrag = NULL, *pwd = NULL, *fp = NULL;

  if (!ice)
    return FALSE;
  gst_secure_rtc_ice_transport_get_local_credentials (ice, &ufrag, &pwd);
  g_object_unref (ice);
  if (self->dtls)
    g_object_get (self->dtls, "local-fingerprint", &fp, NULL);
  if (!fp) {
    g_free (ufrag);
    wipe_free_str (pwd);
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_MISSING,
        _("The DTLS certificate is not ready: set securepeerbin to READY or "
            "higher before negotiating."));
    return FALSE;
  }
  local->ice_ufrag = ufrag;
  local->ice_pwd = pwd;
  local->fingerprint = fp;
  return TRUE;
}

static void
clear_local (GstSecureRtcSdpLocal * local)
{
  g_free ((gchar *) local->ice_ufrag);
  wipe_free_str ((gchar *) local->ice_pwd);
  g_free ((gchar *) local->fingerprint);
}

static GstWebRTCSessionDescription *
to_webrtc (GstSecurePeerBin * self, GstSecureRtcSdpDescription * desc,
    GstWebRTCSDPType type)
{
  guint64 sid;

  GST_OBJECT_LOCK (self);
  sid = self->session_id;
  GST_OBJECT_UNLOCK (self);
  return gst_webrtc_session_description_new (type,
      gst_secure_rtc_sdp_description_to_message (desc, sid));
}

static void
store_created (GstSecurePeerBin * self, GstSecureRtcSdpDescription * desc)
{
  GstSecureRtcSdpDescription *old;

  GST_OBJECT_LOCK (self);
  old = self->created;
  self->created = desc;
  GST_OBJECT_UNLOCK (self);
  gst_secure_rtc_sdp_description_free (old);
}

/* ---- action signals ---- */

static gboolean
check_usable (GstSecurePeerBin * self, GstPromise * promise)
{
  gboolean closed;

  GST_OBJECT_LOCK (self);
  closed = self->closed;
  GST_OBJECT_UNLOCK (self);
  if (self->missing) {
    reply_error (promise, make_error (_("A required GStreamer element is "
                "missing; see the element error.")));
    return FALSE;
  }
  if (closed) {
    reply_error (promise, make_error (_("The connection is closed.")));
    return FALSE;
  }
  return TRUE;
}

static void
create_offer (GstSecurePeerBin * self, const GstStructure * options,
    GstPromise * promise)
{
  GstSecureRtcSdpLocal local = { NULL };
  GstSecureRtcSdpDescription *desc;
  GstWebRTCSessionDescription *wdesc;
  GPtrArray *senders;
  GError *error = NULL;
  gint recv_audio = 0, recv_video = 0;

  if (!check_usable (self, promise))
    return;
  if (options) {
    gst_structure_get_int (options, "offer-to-receive-audio", &recv_audio);
    gst_structure_get_int (options, "offer-to-receive-video", &recv_video);
  }
  senders = collect_senders (self, &error);
  if (!senders || !get_local (self, &local, &error)) {
    if (senders)
      g_ptr_array_unref (senders);
    reply_error (promise, error);
    return;
  }
  desc = gst_secure_rtc_sdp_create_offer (&local, senders,
      (guint) MAX (recv_audio, 0), (guint) MAX (recv_video, 0), &error);
  clear_local (&local);
  g_ptr_array_unref (senders);
  if (!desc) {
    reply_error (promise, error);
    return;
  }
  wdesc = to_webrtc (self, desc, GST_WEBRTC_SDP_TYPE_OFFER);
  store_created (self, desc);
  if (promise)
    gst_promise_reply (promise, gst_structure_new ("application/x-gst-promise",
            "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, wdesc, NULL));
  gst_webrtc_session_description_free (wdesc);
}

static void
create_answer (GstSecurePeerBin * self, const GstStructure * options,
    GstPromise * promise)
{
  GstSecureRtcSdpLocal local = { NULL };
  GstSecureRtcSdpDescription *desc;
  GstWebRTCSessionDescription *wdesc;
  GPtrArray *senders;
  GError *error = NULL;

  if (!check_usable (self, promise))
    return;
  senders = collect_senders (self, &error);
  if (!senders || !get_local (self, &local, &error)) {
    if (senders)
      g_ptr_array_unref (senders);
    reply_error (promise, error);
    return;
  }
  GST_OBJECT_LOCK (self);
  if (!self->remote || self->local_is_offer) {
    GST_OBJECT_UNLOCK (self);
    clear_local (&local);
    g_ptr_array_unref (senders);
    reply_error (promise, make_error (_("There is no remote offer to "
                "answer: call set-remote-description with an offer first.")));
    return;
  }
  desc = gst_secure_rtc_sdp_create_answer (self->remote, &local, senders,
      &error);
  GST_OBJECT_UNLOCK (self);
  clear_local (&local);
  g_ptr_array_unref (senders);
  if (!desc) {
    reply_error (promise, error);
    return;
  }
  wdesc = to_webrtc (self, desc, GST_WEBRTC_SDP_TYPE_ANSWER);
  store_created (self, desc);
  if (promise)
    gst_promise_reply (promise, gst_structure_new ("application/x-gst-promise",
            "answer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, wdesc, NULL));
  gst_webrtc_session_description_free (wdesc);
}

static GstSecureRtcSdpDescription *
parse_webrtc (const GstWebRTCSessionDescription * wdesc, GError ** error)
{
  GstSecureRtcSdpDescription *desc;
  gchar *text;

  if (!wdesc || !wdesc->sdp || (wdesc->type != GST_WEBRTC_SDP_TYPE_OFFER
          && wdesc->type != GST_WEBRTC_SDP_TYPE_ANSWER)) {
    g_set_error (error, GST_SECURE_RTC_SDP_ERROR,
        GST_SECURE_RTC_SDP_ERROR_UNSUPPORTED,
        _("Only complete offers and answers are supported (no pranswer or "
            "rollback)."));
    return NULL;
  }
  text = gst_sdp_message_as_text (wdesc->sdp);
  desc = gst_secure_rtc_sdp_description_parse (text, error);
  wipe_free_str (text);
  return desc;
}

/* Once both descriptions are known: payload types for the senders, DTLS
 * role and expected fingerprint, and start the handshake. Call without the
 * lock. */
static void
negotiation_done (GstSecurePeerBin * self)
{
  const gchar *role;
  gchar *peer_fp;
  gchar *summary;
  guint i, j;
  GstSecureRtcSdpSetup local_setup;

  GST_OBJECT_LOCK (self);
  if (self->negotiated || !self->local || !self->remote) {
    GST_OBJECT_UNLOCK (self);
    return;
  }
  self->negotiated = TRUE;
  /* Sender payload types, from the m-lines assigned when we created our
   * description. A stream that no m-line took (e.g. a codec the peer did
   * not accept, or more streams than m-lines) is not sent at all: its
   * payload type would mean nothing, or another codec, to the peer. */
  for (i = 0; i < self->sinks->len; i++)
    g_atomic_int_set (&((SinkStream *) g_ptr_array_index (self->sinks,
                i))->pt_out, PT_DROP);
  for (i = 0; self->created && i < self->created->media->len; i++) {
    GstSecureRtcSdpMedia *cm = g_ptr_array_index (self->created->media, i);
    SinkStream *s;
    gint pt = PT_DROP;

    if (cm->sender < 0 || (guint) cm->sender >= self->sinks->len)
      continue;
    s = g_ptr_array_index (self->sinks, cm->sender);
    for (j = 0; j < self->local->media->len; j++) {
      GstSecureRtcSdpMedia *lm = g_ptr_array_index (self->local->media, j);
      GstSecureRtcSdpMedia *rm = j < self->remote->media->len ?
          g_ptr_array_index (self->remote->media, j) : NULL;
      gboolean sending;
      if (g_strcmp0 (lm->mid, cm->mid) != 0 || lm->rejected || !rm
          || rm->rejected)
        continue;
      sending = lm->direction == GST_SECURE_RTC_SDP_DIRECTION_SENDRECV
          || lm->direction == GST_SECURE_RTC_SDP_DIRECTION_SENDONLY;
      if (sending && lm->codecs->len)
        pt = (gint) ((GstSecureRtcSdpCodec *) g_ptr_array_index (lm->codecs,
                0))->pt;
    }
    g_atomic_int_set (&s->pt_out, pt);
  }
  local_setup = self->local->setup;
  if (local_setup == GST_SECURE_RTC_SDP_SETUP_ACTPASS)
    role = self->remote->setup == GST_SECURE_RTC_SDP_SETUP_ACTIVE ?
        "server" : "client";
  else
    role = local_setup == GST_SECURE_RTC_SDP_SETUP_ACTIVE ? "client" :
        "server";
  peer_fp = g_strdup (self->remote->fingerprint);
  summary = gst_secure_rtc_sdp_description_summary (self->remote);
  GST_OBJECT_UNLOCK (self);

  GST_INFO_OBJECT (self, "negotiated: DTLS %s, remote %s", role, summary);
  g_free (summary);
  gst_util_set_object_arg (G_OBJECT (self->dtls), "role", role);
  g_object_set (self->dtls, "peer-fingerprint", peer_fp, NULL);
  g_free (peer_fp);
  GST_OBJECT_LOCK (self);
  self->dtls_client = g_str_equal (role, "client");
  /* The server must listen at once (the client's first flight may arrive
   * before our own ICE state says connected). The client waits for ICE:
   * a ClientHello sent before a pair works is lost and costs a whole
   * retransmission timeout. */
  self->dtls_start_pending = self->dtls_client
      && self->ice_state != GST_SECURE_RTC_ICE_STATE_CONNECTED;
  GST_OBJECT_UNLOCK (self);
  start_dtls (self);
  update_state (self);
}

/* Starts dtlskeyexchange once (call without the lock). */
static void
start_dtls (GstSecurePeerBin * self)
{
  gboolean start;

  GST_OBJECT_LOCK (self);
  start = !self->dtls_started && self->negotiated
      && (!self->dtls_client
      || self->ice_state == GST_SECURE_RTC_ICE_STATE_CONNECTED);
  if (start) {
    self->dtls_started = TRUE;
    self->dtls_start_pending = FALSE;
  }
  GST_OBJECT_UNLOCK (self);
  if (!start)
    return;
  GST_DEBUG_OBJECT (self, "starting the DTLS handshake");
  g_atomic_int_set (&self->net_running, 1);
  gst_element_set_locked_state (self->dtls, FALSE);
  if (!gst_element_sync_state_with_parent (self->dtls))
    GST_ELEMENT_ERROR (self, CORE, STATE_CHANGE,
        (_("Could not start the DTLS handshake.")),
        ("dtlskeyexchange refused the state change"));
}

static void
add_candidates (GstSecurePeerBin * self, GstSecureRtcIceTransport * ice,
    GPtrArray * candidates)
{
  guint i;

  for (i = 0; i < candidates->len; i++) {
    const gchar *c = g_ptr_array_index (candidates, i);
    GError *error = NULL;
    if (!gst_secure_rtc_ice_transport_add_remote_candidate (ice, c, &error)) {
      GST_WARNING_OBJECT (self, "remote candidate ignored: %s",
          error->message);
      g_clear_error (&error);
    }
  }
}

static void
set_local_description (GstSecurePeerBin * self,
    GstWebRTCSessionDescription * wdesc, GstPromise * promise)
{
  GstSecureRtcSdpLocal local = { NULL };
  GstSecureRtcSdpDescription *desc, *old;
  GstSecureRtcIceTransport *ice;
  GError *error = NULL;
  gboolean is_offer, ok = TRUE;

  if (!check_usable (self, promise))
    return;
  desc = parse_webrtc (wdesc, &error);
  if (!desc || !get_local (self, &local, &error)) {
    gst_secure_rtc_sdp_description_free (desc);
    reply_error (promise, error);
    return;
  }
  /* The local description must describe this bin's own transport. */
  if (g_strcmp0 (desc->ice_ufrag, local.ice_ufrag) != 0
      || g_strcmp0 (desc->ice_pwd, local.ice_pwd) != 0
      || g_ascii_strcasecmp (desc->fingerprint, local.fingerprint) != 0) {
    ok = FALSE;
    error = make_error (_("The local description does not carry this "
            "connection's ICE credentials and DTLS fingerprint; use the one "
            "create-offer or create-answer returned."));
  }
  clear_local (&local);
  is_offer = wdesc->type == GST_WEBRTC_SDP_TYPE_OFFER;

  GST_OBJECT_LOCK (self);
  if (ok && self->negotiated) {
    ok = FALSE;
    error = make_error (_("Renegotiation is not supported yet."));
  } else if (ok && !is_offer && (!self->remote || self->local_is_offer)) {
    ok = FALSE;
    error = make_error (_("An answer needs a remote offer first."));
  } else if (ok && !is_offer
      && !gst_secure_rtc_sdp_check_answer (self->remote, desc, &error)) {
    ok = FALSE;
  }
  if (!ok) {
    GST_OBJECT_UNLOCK (self);
    gst_secure_rtc_sdp_description_free (desc);
    reply_error (promise, error);
    return;
  }
  old = self->local;
  self->local = desc;
  self->local_is_offer = is_offer;
  ice = self->ice ? g_object_ref (self->ice) : NULL;
  GST_OBJECT_UNLOCK (self);
  gst_secure_rtc_sdp_description_free (old);

  /* RFC 8445 §6.1.1: the offerer (full ICE on both sides) controls. */
  gst_secure_rtc_ice_transport_set_controlling (ice, is_offer);
  if (!gst_secure_rtc_ice_transport_gather (ice, &error)) {
    g_object_unref (ice);
    reply_error (promise, error);
    return;
  }
  g_object_unref (ice);
  negotiation_done (self);
  reply_ok (promise);
}

static void
set_remote_description (GstSecurePeerBin * self,
    GstWebRTCSessionDescription * wdesc, GstPromise * promise)
{
  GstSecureRtcSdpDescription *desc, *old;
  GstSecureRtcIceTransport *ice;
  GPtrArray *candidates;
  GError *error = NULL;
  gboolean is_offer, ok = TRUE;
  guint i;

  if (!check_usable (self, promise))
    return;
  desc = parse_webrtc (wdesc, &error);
  if (!desc) {
    reply_error (promise, error);
    return;
  }
  is_offer = wdesc->type == GST_WEBRTC_SDP_TYPE_OFFER;
  ice = ensure_ice (self, &error);
  if (!ice) {
    gst_secure_rtc_sdp_description_free (desc);
    reply_error (promise, error);
    return;
  }
  GST_OBJECT_LOCK (self);
  if (self->negotiated || (is_offer && self->local)) {
    ok = FALSE;
    error = make_error (_("Renegotiation is not supported yet."));
  } else if (!is_offer && (!self->local || !self->local_is_offer)) {
    ok = FALSE;
    error = make_error (_("An answer needs a local offer first."));
  } else if (!is_offer
      && !gst_secure_rtc_sdp_check_answer (self->local, desc, &error)) {
    ok = FALSE;
  }
  if (!ok) {
    GST_OBJECT_UNLOCK (self);
    g_object_unref (ice);
    gst_secure_rtc_sdp_description_free (desc);
    reply_error (promise, error);
    return;
  }
  old = self->remote;
  self->remote = desc;
  /* Candidates in the SDP, then those trickled before it. */
  candidates = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < desc->media->len; i++) {
    GstSecureRtcSdpMedia *m = g_ptr_array_index (desc->media, i);
    guint k;
    for (k = 0; k < m->candidates->len; k++)
      g_ptr_array_add (candidates, g_strdup (g_ptr_array_index (m->candidates,
                  k)));
  }
  for (i = 0; i < self->pending_candidates->len; i++)
    g_ptr_array_add (candidates,
        g_strdup (g_ptr_array_index (self->pending_candidates, i)));
  g_ptr_array_set_size (self->pending_candidates, 0);
  GST_OBJECT_UNLOCK (self);
  gst_secure_rtc_sdp_description_free (old);

  if (is_offer)
    gst_secure_rtc_ice_transport_set_controlling (ice, FALSE);
  if (!gst_secure_rtc_ice_transport_set_remote_credentials (ice,
          desc->ice_ufrag, desc->ice_pwd, &error)) {
    g_ptr_array_unref (candidates);
    g_object_unref (ice);
    reply_error (promise, error);
    return;
  }
  add_candidates (self, ice, candidates);
  g_ptr_array_unref (candidates);
  g_object_unref (ice);
  negotiation_done (self);
  reply_ok (promise);
}

static void
add_ice_candidate (GstSecurePeerBin * self, guint mline,
    const gchar * candidate)
{
  GstSecureRtcIceTransport *ice = NULL;
  GError *error = NULL;

  /* An empty candidate is the end-of-candidates marker of browsers. */
  if (!candidate || !*candidate)
    return;
  GST_OBJECT_LOCK (self);
  if (!self->remote || !self->ice) {
    if (self->pending_candidates->len < 256)
      g_ptr_array_add (self->pending_candidates, g_strdup (candidate));
  } else {
    ice = g_object_ref (self->ice);
  }
  GST_OBJECT_UNLOCK (self);
  if (!ice)
    return;
  if (!gst_secure_rtc_ice_transport_add_remote_candidate (ice, candidate,
          &error)) {
    GST_WARNING_OBJECT (self, "remote candidate ignored: %s", error->message);
    g_clear_error (&error);
  }
  g_object_unref (ice);
}

static void
get_stats (GstSecurePeerBin * self, GstPromise * promise)
{
  GstStructure *s, *enc = NULL, *dec = NULL;
  GstSecureRtcIceTransport *ice = NULL;
  gchar *pair = NULL, *suite = NULL, *profile = NULL;
  GstSecurePeerConnectionState state;
  GObject *session = NULL;
  GstStructure *rtp = NULL;
  guint64 sent, dropped;

  GST_OBJECT_LOCK (self);
  if (self->ice)
    ice = g_object_ref (self->ice);
  state = self->conn_state;
  sent = __atomic_load_n (&self->datagrams_sent, __ATOMIC_RELAXED);
  dropped = __atomic_load_n (&self->datagrams_dropped, __ATOMIC_RELAXED);
  GST_OBJECT_UNLOCK (self);
  if (ice) {
    pair = gst_secure_rtc_ice_transport_get_selected_pair (ice);
    g_object_unref (ice);
  }
  if (self->dtls)
    g_object_get (self->dtls, "cipher-suite", &suite, "negotiated-profile",
        &profile, NULL);
  if (self->srtpenc)
    g_object_get (self->srtpenc, "stats", &enc, NULL);
  if (self->srtpdec)
    g_object_get (self->srtpdec, "stats", &dec, NULL);
  if (self->rtpbin)
    g_signal_emit_by_name (self->rtpbin, "get-session", 0, &session);
  if (session) {
    g_object_get (session, "stats", &rtp, NULL);
    g_object_unref (session);
  }
  s = gst_structure_new ("application/x-securepeer-stats",
      "connection-state", GST_TYPE_SECURE_PEER_CONNECTION_STATE, state,
      "selected-candidate-pair", G_TYPE_STRING, pair,
      "dtls-cipher-suite", G_TYPE_STRING, suite,
      "srtp-profile", G_TYPE_STRING, profile,
      "datagrams-sent", G_TYPE_UINT64, sent,
      "datagrams-dropped", G_TYPE_UINT64, dropped, NULL);
  if (enc)
    gst_structure_set (s, "srtp-encrypt", GST_TYPE_STRUCTURE, enc, NULL);
  if (dec)
    gst_structure_set (s, "srtp-decrypt", GST_TYPE_STRUCTURE, dec, NULL);
  if (rtp)
    gst_structure_set (s, "rtp-session", GST_TYPE_STRUCTURE, rtp, NULL);
  g_free (pair);
  g_free (suite);
  g_free (profile);
  if (enc)
    gst_structure_free (enc);
  if (dec)
    gst_structure_free (dec);
  if (rtp)
    gst_structure_free (rtp);
  if (promise)
    gst_promise_reply (promise, s);
  else
    gst_structure_free (s);
}

static void
close_connection (GstSecurePeerBin * self)
{
  GstSecureRtcIceTransport *ice = NULL;

  GST_OBJECT_LOCK (self);
  self->closed = TRUE;
  if (self->ice)
    ice = g_object_ref (self->ice);
  GST_OBJECT_UNLOCK (self);
  /* EOS on the sending side makes dtlskeyexchange send close_notify (and
   * end net_src); then stop the network. */
  if (self->dtls && !gst_element_is_locked_state (self->dtls)) {
    GstPad *pad = gst_element_get_static_pad (self->dtls, "srtp_sink");
    gst_pad_send_event (pad, gst_event_new_eos ());
    gst_object_unref (pad);
  }
  g_atomic_int_set (&self->net_running, 0);
  /* The received streams end too: EOS on every src_%u pad, so that a
   * consumer's pipeline ends (gst-launch-1.0 exits) when the session does. */
  if (self->netsrc)
    gst_secure_peer_net_src_push_eos (GST_SECURE_PEER_NET_SRC (self->netsrc));
  if (ice) {
    gst_secure_rtc_ice_transport_close (ice);
    g_object_unref (ice);
  }
  update_state (self);
}

/* ---- pads ---- */

static GstPadProbeReturn
rewrite_pt_probe (GstPad * pad, GstPadProbeInfo * info, gpointer user_data)
{
  SinkStream *s = user_data;
  gint pt = g_atomic_int_get (&s->pt_out);
  GstBuffer *buf;
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;

  if (pt == PT_AS_GIVEN)
    return GST_PAD_PROBE_OK;
  if (pt == PT_DROP)
    return GST_PAD_PROBE_DROP;
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST) {
    GstBufferList *list = gst_pad_probe_info_get_buffer_list (info);
    guint i, n;
    list = gst_buffer_list_make_writable (list);
    n = gst_buffer_list_length (list);
    for (i = 0; i < n; i++) {
      GstBuffer *b = gst_buffer_list_get_writable (list, i);
      if (gst_rtp_buffer_map (b, GST_MAP_READWRITE, &rtp)) {
        if (gst_rtp_buffer_get_payload_type (&rtp) != pt)
          gst_rtp_buffer_set_payload_type (&rtp, (guint8) pt);
        gst_rtp_buffer_unmap (&rtp);
      }
    }
    GST_PAD_PROBE_INFO_DATA (info) = list;
    return GST_PAD_PROBE_OK;
  }
  buf = gst_pad_probe_info_get_buffer (info);
  if (gst_rtp_buffer_map (buf, GST_MAP_READ, &rtp)) {
    gboolean same = gst_rtp_buffer_get_payload_type (&rtp) == pt;
    gst_rtp_buffer_unmap (&rtp);
    if (same)
      return GST_PAD_PROBE_OK;
  }
  buf = gst_buffer_make_writable (buf);
  if (gst_rtp_buffer_map (buf, GST_MAP_READWRITE, &rtp)) {
    gst_rtp_buffer_set_payload_type (&rtp, (guint8) pt);
    gst_rtp_buffer_unmap (&rtp);
  }
  GST_PAD_PROBE_INFO_DATA (info) = buf;
  return GST_PAD_PROBE_OK;
}

static GstPad *
gst_secure_peer_bin_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * name, const GstCaps * caps)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (element);
  SinkStream *s;
  GstPad *funnel_pad, *ghost;
  gchar *pad_name;
  guint index;

  if (self->missing)
    return NULL;
  GST_OBJECT_LOCK (self);
  if (self->negotiated) {
    GST_OBJECT_UNLOCK (self);
    GST_WARNING_OBJECT (self, "renegotiation is not supported: no new sink "
        "pad after negotiation");
    return NULL;
  }
  index = self->sinks->len;
  GST_OBJECT_UNLOCK (self);

  funnel_pad = gst_element_request_pad_simple (self->rtpfunnel, "sink_%u");
  if (!funnel_pad)
    return NULL;
  pad_name = g_strdup_printf ("sink_%u", index);
  ghost = gst_ghost_pad_new_from_template (pad_name, funnel_pad, templ);
  g_free (pad_name);
  s = g_new0 (SinkStream, 1);
  s->ghost = ghost;
  s->funnel_pad = funnel_pad;
  s->pt_out = PT_AS_GIVEN;
  gst_pad_add_probe (funnel_pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_BUFFER_LIST, rewrite_pt_probe, s, NULL);
  GST_OBJECT_LOCK (self);
  g_ptr_array_add (self->sinks, s);
  GST_OBJECT_UNLOCK (self);
  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (element, ghost);
  return ghost;
}

static void
gst_secure_peer_bin_release_pad (GstElement * element, GstPad * pad)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (element);
  SinkStream *found = NULL;
  guint i;

  GST_OBJECT_LOCK (self);
  for (i = 0; i < self->sinks->len; i++) {
    SinkStream *s = g_ptr_array_index (self->sinks, i);
    if (s->ghost == pad) {
      found = s;
      /* Keep indices stable for m-line assignment: leave a hole. */
      s->ghost = NULL;
      break;
    }
  }
  GST_OBJECT_UNLOCK (self);
  if (!found)
    return;
  gst_element_remove_pad (element, pad);
  {
    /* During dispose the funnel may already be gone. */
    GstElement *funnel = gst_pad_get_parent_element (found->funnel_pad);
    if (funnel) {
      gst_element_release_request_pad (funnel, found->funnel_pad);
      gst_object_unref (funnel);
    }
  }
  gst_object_unref (found->funnel_pad);
  found->funnel_pad = NULL;
}

static void
on_rtpbin_pad_added (GstElement * rtpbin, GstPad * pad,
    GstSecurePeerBin * self)
{
  GstPad *ghost;
  gchar *name;

  if (!g_str_has_prefix (GST_PAD_NAME (pad), "recv_rtp_src_"))
    return;
  GST_OBJECT_LOCK (self);
  name = g_strdup_printf ("src_%u", self->next_src++);
  GST_OBJECT_UNLOCK (self);
  ghost = gst_ghost_pad_new_from_template (name, pad,
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "src_%u"));
  g_free (name);
  GST_INFO_OBJECT (self, "new received stream %s", GST_PAD_NAME (pad));
  gst_pad_set_active (ghost, TRUE);
  gst_element_add_pad (GST_ELEMENT (self), ghost);
}

static void
on_rtpbin_pad_removed (GstElement * rtpbin, GstPad * pad,
    GstSecurePeerBin * self)
{
  GList *l;
  GstPad *found = NULL;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->srcpads; l; l = l->next) {
    GstPad *target = gst_ghost_pad_get_target (l->data);
    if (target == pad)
      found = gst_object_ref (l->data);
    if (target)
      gst_object_unref (target);
    if (found)
      break;
  }
  GST_OBJECT_UNLOCK (self);
  if (found) {
    gst_element_remove_pad (GST_ELEMENT (self), found);
    gst_object_unref (found);
  }
}

static GstCaps *
on_request_pt_map (GstElement * rtpbin, guint session, guint pt,
    GstSecurePeerBin * self)
{
  GstSecureRtcSdpDescription *descs[2];
  GstCaps *caps = NULL;
  guint d;

  GST_OBJECT_LOCK (self);
  descs[0] = self->remote;
  descs[1] = self->local;
  for (d = 0; d < 2 && !caps; d++) {
    gint idx;
    GstSecureRtcSdpMedia *m;
    if (!descs[d])
      continue;
    idx = gst_secure_rtc_sdp_description_find_media (descs[d], pt);
    if (idx < 0)
      continue;
    m = g_ptr_array_index (descs[d]->media, idx);
    caps = gst_secure_rtc_sdp_codec_to_caps
        (gst_secure_rtc_sdp_media_find_codec (m, pt), m->kind);
  }
  GST_OBJECT_UNLOCK (self);
  GST_DEBUG_OBJECT (self, "pt %u -> %" GST_PTR_FORMAT, pt, caps);
  return caps;
}

/* ---- construction and state ---- */

static GstElement *
make (GstSecurePeerBin * self, const gchar * factory, const gchar * name)
{
  GstElement *e = gst_element_factory_make (factory, name);

  if (!e) {
    if (!self->missing)
      self->missing = g_strdup (factory);
    return NULL;
  }
  gst_bin_add (GST_BIN (self), e);
  return e;
}

static void
gst_secure_peer_bin_constructed (GObject * object)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (object);
  GstPad *pad, *peer;

  G_OBJECT_CLASS (parent_class)->constructed (object);

  self->rtpbin = make (self, "rtpbin", "rtpbin");
  self->rtpfunnel = make (self, "rtpfunnel", "rtpfunnel");
  self->srtpenc = make (self, "srtpencrypt", "srtpencrypt");
  self->dtls = make (self, "dtlskeyexchange", "dtls");
  self->srtpdec = make (self, "srtpdecrypt", "srtpdecrypt");
  if (self->missing)
    return;
  self->netsink = gst_secure_peer_net_sink_new ("netsink", on_net_send, self);
  gst_bin_add (GST_BIN (self), self->netsink);
  self->netsrc = gst_secure_peer_net_src_new ("netsrc");
  gst_bin_add (GST_BIN (self), self->netsrc);
  self->rtcpdemux = gst_secure_peer_rtcp_demux_new (&self->rtcpdemux_src);
  gst_bin_add (GST_BIN (self), self->rtcpdemux);
  gst_bin_add (GST_BIN (self), self->rtcpdemux_src);

  gst_util_set_object_arg (G_OBJECT (self->rtpbin), "rtp-profile", "savpf");
  g_object_set (self->rtpbin, "latency", self->latency, NULL);
  g_signal_connect (self->rtpbin, "pad-added",
      G_CALLBACK (on_rtpbin_pad_added), self);
  g_signal_connect (self->rtpbin, "pad-removed",
      G_CALLBACK (on_rtpbin_pad_removed), self);
  g_signal_connect (self->rtpbin, "request-pt-map",
      G_CALLBACK (on_request_pt_map), self);

  /* send: rtpfunnel -> rtpbin -> srtpencrypt (RTP linked, RTCP through
   * rtcpmux) -> dtls */
  pad = gst_element_request_pad_simple (self->rtpbin, "send_rtp_sink_0");
  peer = gst_element_get_static_pad (self->rtpfunnel, "src");
  gst_pad_link (peer, pad);
  gst_object_unref (peer);
  gst_object_unref (pad);
  gst_element_link_pads (self->rtpbin, "send_rtp_src_0", self->srtpenc, "sink");
  peer = gst_element_get_static_pad (self->srtpenc, "sink");
  self->rtcpmux = gst_secure_peer_rtcp_mux_new (peer);
  gst_object_unref (peer);
  gst_bin_add (GST_BIN (self), self->rtcpmux);
  pad = gst_element_request_pad_simple (self->rtpbin, "send_rtcp_src_0");
  peer = gst_element_get_static_pad (self->rtcpmux, "sink");
  gst_pad_link (pad, peer);
  gst_object_unref (pad);
  gst_object_unref (peer);
  gst_element_link_pads (self->srtpenc, "src", self->dtls, "srtp_sink");
  gst_element_link_pads (self->dtls, "net_src", self->netsink, "sink");

  /* receive: netsrc -> dtls -> srtpdecrypt -> split -> rtpbin */
  gst_element_link_pads (self->netsrc, "src", self->dtls, "net_sink");
  gst_element_link_pads (self->dtls, "srtp_src", self->srtpdec, "sink");
  gst_element_link (self->srtpdec, self->rtcpdemux);
  pad = gst_element_request_pad_simple (self->rtpbin, "recv_rtp_sink_0");
  peer = gst_element_get_static_pad (self->rtcpdemux_src, "rtp_src");
  gst_pad_link (peer, pad);
  gst_object_unref (pad);
  gst_object_unref (peer);
  pad = gst_element_request_pad_simple (self->rtpbin, "recv_rtcp_sink_0");
  peer = gst_element_get_static_pad (self->rtcpdemux_src, "rtcp_src");
  gst_pad_link (peer, pad);
  gst_object_unref (pad);
  gst_object_unref (peer);
  /* Every packet reaching the session passed SRTP authentication, so RTP's
   * probation (two packets in sequence before a new source is trusted,
   * RFC 3550 A.1, meant for stray packets) only delays the first frame. */
  {
    GObject *session = NULL;
    g_signal_emit_by_name (self->rtpbin, "get-internal-session", 0, &session);
    if (session) {
      g_object_set (session, "probation", 0, NULL);
      g_object_unref (session);
    }
  }


  /* Held back until the offer/answer tells its role and the peer's
   * fingerprint (see negotiation_done()). */
  gst_element_set_locked_state (self->dtls, TRUE);
  g_signal_connect (self->dtls, "notify::state", G_CALLBACK (on_dtls_state),
      self);
}

static void
on_local_peer_id (GstElement * element, const gchar * id)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (element);

  GST_OBJECT_LOCK (self);
  g_free (self->local_peer_id);
  self->local_peer_id = g_strdup (id);
  GST_OBJECT_UNLOCK (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCAL_PEER_ID]);
}

/* With signaller-uri set, the bin negotiates by itself through the
 * signalling server; started in PLAYING so that data (and caps) flow. */
static gboolean
start_signalling (GstSecurePeerBin * self)
{
  GstSecurePeerSignallingConfig config = { NULL };
  GError *error = NULL;
  gchar *uri, *ca, *peer;
  GstStructure *meta;

  if (self->signalling)
    return TRUE;
  GST_OBJECT_LOCK (self);
  meta = self->meta ? gst_structure_copy (self->meta) : NULL;
  uri = g_strdup (self->signaller_uri);
  ca = g_strdup (self->signaller_ca_file);
  peer = g_strdup (self->peer_id);
  config.role = self->role;
  config.allow_insecure = self->allow_insecure_signalling;
  GST_OBJECT_UNLOCK (self);
  config.context = peer_context (self);
  if (!uri || !*uri) {
    g_free (uri);
    g_free (ca);
    g_free (peer);
    if (meta)
      gst_structure_free (meta);
    return TRUE;
  }
  config.uri = uri;
  config.ca_file = ca;
  config.peer_id = peer;
  config.meta = meta;
  self->signalling = gst_secure_peer_signalling_start (GST_ELEMENT (self),
      &config, on_local_peer_id, &error);
  if (meta)
    gst_structure_free (meta);
  g_free (uri);
  g_free (ca);
  g_free (peer);
  if (!self->signalling) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        (_("Could not start signalling: %s"), error->message),
        ("signaller-uri refused"));
    g_error_free (error);
    return FALSE;
  }
  return TRUE;
}

static GstStateChangeReturn
gst_secure_peer_bin_change_state (GstElement * element,
    GstStateChange transition)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (element);
  GstStateChangeReturn ret;

  switch (transition) {
    case GST_STATE_CHANGE_NULL_TO_READY:
      if (self->missing) {
        GST_ELEMENT_ERROR (self, CORE, MISSING_PLUGIN,
            (_("The GStreamer element \"%s\" is missing; check your "
                    "GStreamer installation (gst-plugins-good, gst-plugins-bad, "
                    "gst-securertc)."), self->missing),
            ("securepeerbin cannot be built without %s", self->missing));
        return GST_STATE_CHANGE_FAILURE;
      }
      /* The certificate (and so our fingerprint) exists from READY. */
      if (gst_element_set_state (self->dtls, GST_STATE_READY) ==
          GST_STATE_CHANGE_FAILURE)
        return GST_STATE_CHANGE_FAILURE;
      break;
    default:
      break;
  }

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret == GST_STATE_CHANGE_FAILURE)
    return ret;

  switch (transition) {
    case GST_STATE_CHANGE_READY_TO_PAUSED:
      /* live: we produce data only in PLAYING */
      ret = GST_STATE_CHANGE_NO_PREROLL;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_PLAYING:
      if (!start_signalling (self))
        return GST_STATE_CHANGE_FAILURE;
      break;
    case GST_STATE_CHANGE_PAUSED_TO_READY:
      gst_secure_peer_signalling_stop (self->signalling);
      self->signalling = NULL;
      g_atomic_int_set (&self->net_running, 0);
      gst_element_set_state (self->dtls, GST_STATE_READY);
      break;
    case GST_STATE_CHANGE_READY_TO_NULL:
      gst_element_set_state (self->dtls, GST_STATE_NULL);
      break;
    default:
      break;
  }
  return ret;
}

static void
gst_secure_peer_bin_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_ICE_LOCAL_ADDRESSES:
      g_free (self->ice_local_addresses);
      self->ice_local_addresses = g_value_dup_string (value);
      break;
    case PROP_STUN_SERVER:
      g_free (self->stun_server);
      self->stun_server = g_value_dup_string (value);
      break;
    case PROP_TURN_SERVER:
      wipe_free_str (self->turn_server);
      self->turn_server = g_value_dup_string (value);
      break;
    case PROP_ICE_TRANSPORT_POLICY:
      self->ice_transport_policy = g_value_get_enum (value);
      break;
    case PROP_LATENCY:
      self->latency = g_value_get_uint (value);
      break;
    case PROP_SIGNALLER_URI:
      g_free (self->signaller_uri);
      self->signaller_uri = g_value_dup_string (value);
      break;
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_PEER_ID:
      g_free (self->peer_id);
      self->peer_id = g_value_dup_string (value);
      break;
    case PROP_SIGNALLER_CA_FILE:
      g_free (self->signaller_ca_file);
      self->signaller_ca_file = g_value_dup_string (value);
      break;
    case PROP_ALLOW_INSECURE_SIGNALLING:
      self->allow_insecure_signalling = g_value_get_boolean (value);
      break;
    case PROP_META:
      if (self->meta)
        gst_structure_free (self->meta);
      self->meta = g_value_dup_boxed (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  /* rtpbin takes our lock (its parent's) when notifying: not under ours. */
  if (prop_id == PROP_LATENCY && self->rtpbin)
    g_object_set (self->rtpbin, "latency", g_value_get_uint (value), NULL);
}

static void
gst_secure_peer_bin_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (object);

  switch (prop_id) {
    case PROP_CONNECTION_STATE:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->conn_state);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ICE_LOCAL_ADDRESSES:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->ice_local_addresses);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_STUN_SERVER:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->stun_server);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ICE_TRANSPORT_POLICY:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->ice_transport_policy);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_LOCAL_FINGERPRINT:
      if (self->dtls)
        g_object_get_property (G_OBJECT (self->dtls), "local-fingerprint",
            value);
      break;
    case PROP_LATENCY:
      GST_OBJECT_LOCK (self);
      g_value_set_uint (value, self->latency);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SIGNALLER_URI:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->signaller_uri);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ROLE:
      GST_OBJECT_LOCK (self);
      g_value_set_enum (value, self->role);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_PEER_ID:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->peer_id);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_SIGNALLER_CA_FILE:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->signaller_ca_file);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_ALLOW_INSECURE_SIGNALLING:
      GST_OBJECT_LOCK (self);
      g_value_set_boolean (value, self->allow_insecure_signalling);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_LOCAL_PEER_ID:
      GST_OBJECT_LOCK (self);
      g_value_set_string (value, self->local_peer_id);
      GST_OBJECT_UNLOCK (self);
      break;
    case PROP_META:
      GST_OBJECT_LOCK (self);
      g_value_set_boxed (value, self->meta);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
sink_stream_free (SinkStream * s)
{
  if (s->funnel_pad)
    gst_object_unref (s->funnel_pad);
  g_free (s);
}

static void
gst_secure_peer_bin_dispose (GObject * object)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (object);
  GstSecureRtcIceTransport *ice;

  g_atomic_int_set (&self->net_running, 0);
  GST_OBJECT_LOCK (self);
  ice = self->ice;
  g_atomic_pointer_set (&self->ice, NULL);
  GST_OBJECT_UNLOCK (self);
  if (ice) {
    /* Tears down on the ICE thread: no callback runs after this. */
    g_signal_handlers_disconnect_by_data (ice, self);
    gst_secure_rtc_ice_transport_set_receive_func (ice, NULL, NULL, NULL);
    g_object_unref (ice);
  }
  G_OBJECT_CLASS (parent_class)->dispose (object);
}

static void
gst_secure_peer_bin_finalize (GObject * object)
{
  GstSecurePeerBin *self = GST_SECURE_PEER_BIN (object);

  g_ptr_array_unref (self->sinks);
  g_ptr_array_unref (self->pending_candidates);
  gst_secure_rtc_sdp_description_free (self->created);
  gst_secure_rtc_sdp_description_free (self->local);
  gst_secure_rtc_sdp_description_free (self->remote);
  g_free (self->ice_local_addresses);
  g_free (self->stun_server);
  wipe_free_str (self->turn_server);
  g_free (self->cname);
  g_free (self->msid_stream);
  g_free (self->missing);
  g_free (self->signaller_uri);
  g_free (self->peer_id);
  g_free (self->signaller_ca_file);
  g_free (self->local_peer_id);
  if (self->meta)
    gst_structure_free (self->meta);
  if (self->peer_context)
    gst_secure_rtc_peer_context_release (self->peer_context);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_secure_peer_bin_class_init (GstSecurePeerBinClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->constructed = gst_secure_peer_bin_constructed;
  gobject_class->set_property = gst_secure_peer_bin_set_property;
  gobject_class->get_property = gst_secure_peer_bin_get_property;
  gobject_class->dispose = gst_secure_peer_bin_dispose;
  gobject_class->finalize = gst_secure_peer_bin_finalize;
  element_class->change_state = gst_secure_peer_bin_change_state;
  element_class->request_new_pad = gst_secure_peer_bin_request_new_pad;
  element_class->release_pad = gst_secure_peer_bin_release_pad;

  /**
   * GstSecurePeerBin:connection-state:
   *
   * The state of the whole connection (ICE and DTLS), with notify and a
   * `securepeer-connection-state` element message on every change.
   */
  properties[PROP_CONNECTION_STATE] = g_param_spec_enum ("connection-state",
      "Connection state", "State of the secure peer connection",
      GST_TYPE_SECURE_PEER_CONNECTION_STATE, DEFAULT_CONNECTION_STATE,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstSecurePeerBin:ice-local-addresses:
   *
   * Comma-separated local IP addresses to gather host candidates on; only
   * these are used when set. libnice skips loopback interfaces when it
   * discovers addresses itself, so "127.0.0.1" is needed for loopback.
   */
  properties[PROP_ICE_LOCAL_ADDRESSES] =
      g_param_spec_string ("ice-local-addresses", "ICE local addresses",
      "Comma-separated local IP addresses for ICE host candidates (empty: "
      "discover)", DEFAULT_ICE_LOCAL_ADDRESSES,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:stun-server:
   *
   * STUN server, stun://<host>:<port> (port 3478 when omitted). A host name
   * is resolved when the ICE agent is created (first create-offer,
   * create-answer or set-remote-description), for at most 5 s.
   */
  properties[PROP_STUN_SERVER] = g_param_spec_string ("stun-server",
      "STUN server", "STUN server URI (stun://host:port)", DEFAULT_STUN_SERVER,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:turn-server:
   *
   * TURN server over UDP, turn://user:password@<host>:<port> (long-term
   * credentials; port 3478 when omitted; user and password percent-encoded
   * where needed). A host name is resolved as for
   * #GstSecurePeerBin:stun-server. Write-only (it carries a password).
   * turns:// is refused: libnice 0.1.21 would send it as plain TCP.
   */
  properties[PROP_TURN_SERVER] = g_param_spec_string ("turn-server",
      "TURN server", "TURN server URI (turn://user:password@host:port)", NULL,
      G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:ice-transport-policy:
   *
   * `relay` uses only relay candidates of #GstSecurePeerBin:turn-server
   * (libnice's force-relay): all traffic goes through the TURN server and
   * neither the peer nor its network learns our addresses. A turn-server
   * is then required, and a TURN allocation that fails (e.g. wrong
   * password) makes the connection fail.
   */
  properties[PROP_ICE_TRANSPORT_POLICY] = g_param_spec_enum
      ("ice-transport-policy", "ICE transport policy",
      "Which ICE candidates may be used (all, or relay through the TURN "
      "server only)", GST_TYPE_SECURE_PEER_ICE_TRANSPORT_POLICY,
      DEFAULT_ICE_TRANSPORT_POLICY,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:local-fingerprint:
   *
   * The fingerprint of this connection's own DTLS certificate (fresh ECDSA
   * P-256 per bin), known from READY.
   */
  properties[PROP_LOCAL_FINGERPRINT] = g_param_spec_string
      ("local-fingerprint", "Local fingerprint",
      "Fingerprint of the local DTLS certificate (RFC 8122)", NULL,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | GST_PARAM_DOC_SHOW_DEFAULT);
  /**
   * GstSecurePeerBin:latency:
   *
   * Jitterbuffer latency of the received streams (ms).
   */
  properties[PROP_LATENCY] = g_param_spec_uint ("latency", "Latency",
      "Jitterbuffer latency in ms", 0, G_MAXUINT, DEFAULT_LATENCY,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING);
  /**
   * GstSecurePeerBin:signaller-uri:
   *
   * wss:// URI of a GStreamer WebRTC signalling server (PROTOCOL.md). When
   * set, the bin registers with #GstSecurePeerBin:role and negotiates by
   * itself once PLAYING. ws:// only on loopback with
   * #GstSecurePeerBin:allow-insecure-signalling.
   */
  properties[PROP_SIGNALLER_URI] = g_param_spec_string ("signaller-uri",
      "Signaller URI", "wss:// URI of the signalling server (empty: drive "
      "offer/answer with the action signals)", NULL,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:role:
   *
   * Signalling role: producer (waits for consumers and offers) or consumer
   * (starts a session with #GstSecurePeerBin:peer-id or the first producer).
   */
  properties[PROP_ROLE] = g_param_spec_enum ("role", "Role",
      "Signalling role", GST_TYPE_SECURE_PEER_ROLE, DEFAULT_ROLE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:peer-id:
   *
   * For a consumer: the producer to connect to (empty: the first listed).
   */
  properties[PROP_PEER_ID] = g_param_spec_string ("peer-id", "Peer id",
      "Producer to consume (consumer role; empty: first listed)", NULL,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:signaller-ca-file:
   *
   * PEM file of certificates to trust for the signalling server (e.g. the
   * self-signed certificate of gst-securertc-signalling-server).
   */
  properties[PROP_SIGNALLER_CA_FILE] = g_param_spec_string
      ("signaller-ca-file", "Signaller CA file",
      "PEM certificates to trust for the signalling server", NULL,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:allow-insecure-signalling:
   *
   * Allow plain ws:// to a loopback address (logged as a warning each
   * time). Never for remote addresses.
   */
  properties[PROP_ALLOW_INSECURE_SIGNALLING] = g_param_spec_boolean
      ("allow-insecure-signalling", "Allow insecure signalling",
      "Allow ws:// on loopback only", FALSE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  /**
   * GstSecurePeerBin:local-peer-id:
   *
   * The id the signalling server gave this bin (notify when known), e.g.
   * to hand a producer's id to its consumers.
   */
  properties[PROP_LOCAL_PEER_ID] = g_param_spec_string ("local-peer-id",
      "Local peer id", "Id assigned by the signalling server", NULL,
      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * GstSecurePeerBin:meta:
   *
   * Sent to the signalling server as this peer's "meta" (a JSON object
   * made of the structure's fields), e.g. `meta,name=camera1` so browsers
   * can pick a producer by name.
   */
  properties[PROP_META] = g_param_spec_boxed ("meta", "Meta",
      "Peer meta sent to the signalling server", GST_TYPE_STRUCTURE,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_READY);
  g_object_class_install_properties (gobject_class, N_PROPS, properties);

  /**
   * GstSecurePeerBin::create-offer:
   * @options: (nullable): "offer-to-receive-audio"/"-video" (int): extra
   *   receive-only m-lines
   * @promise: replied with "offer" (#GstWebRTCSessionDescription) or "error"
   */
  signals[SIGNAL_CREATE_OFFER] = g_signal_new_class_handler ("create-offer",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (create_offer), NULL, NULL, NULL, G_TYPE_NONE, 2,
      GST_TYPE_STRUCTURE, GST_TYPE_PROMISE);
  /**
   * GstSecurePeerBin::create-answer:
   * @options: (nullable): unused
   * @promise: replied with "answer" (#GstWebRTCSessionDescription) or "error"
   */
  signals[SIGNAL_CREATE_ANSWER] = g_signal_new_class_handler ("create-answer",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (create_answer), NULL, NULL, NULL, G_TYPE_NONE, 2,
      GST_TYPE_STRUCTURE, GST_TYPE_PROMISE);
  /**
   * GstSecurePeerBin::set-local-description:
   * @desc: the offer or answer this bin made
   * @promise: (nullable): replied with nothing, or "error"
   *
   * Starts ICE gathering; candidates come with ::on-ice-candidate.
   */
  signals[SIGNAL_SET_LOCAL_DESCRIPTION] =
      g_signal_new_class_handler ("set-local-description",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (set_local_description), NULL, NULL, NULL, G_TYPE_NONE, 2,
      GST_TYPE_WEBRTC_SESSION_DESCRIPTION, GST_TYPE_PROMISE);
  /**
   * GstSecurePeerBin::set-remote-description:
   * @desc: the peer's offer or answer
   * @promise: (nullable): replied with nothing, or "error" (malformed SDP
   *   names what was wrong)
   */
  signals[SIGNAL_SET_REMOTE_DESCRIPTION] =
      g_signal_new_class_handler ("set-remote-description",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (set_remote_description), NULL, NULL, NULL, G_TYPE_NONE, 2,
      GST_TYPE_WEBRTC_SESSION_DESCRIPTION, GST_TYPE_PROMISE);
  /**
   * GstSecurePeerBin::add-ice-candidate:
   * @mline: m-line index (all m-lines share the BUNDLE transport)
   * @candidate: "candidate:…"; empty marks the end of candidates
   */
  signals[SIGNAL_ADD_ICE_CANDIDATE] =
      g_signal_new_class_handler ("add-ice-candidate",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (add_ice_candidate), NULL, NULL, NULL, G_TYPE_NONE, 2,
      G_TYPE_UINT, G_TYPE_STRING);
  /**
   * GstSecurePeerBin::on-ice-candidate:
   * @mline: m-line index (always 0: BUNDLE)
   * @candidate: a local candidate, "candidate:…"
   *
   * Emitted from the ICE thread for each gathered local candidate.
   */
  signals[SIGNAL_ON_ICE_CANDIDATE] = g_signal_new ("on-ice-candidate",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
      G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * GstSecurePeerBin::get-stats:
   * @promise: replied with connection state, selected candidate pair, DTLS
   *   cipher suite, SRTP profile, srtpencrypt/srtpdecrypt counters and the
   *   rtpbin session stats
   */
  signals[SIGNAL_GET_STATS] = g_signal_new_class_handler ("get-stats",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (get_stats), NULL, NULL, NULL, G_TYPE_NONE, 1,
      GST_TYPE_PROMISE);
  /**
   * GstSecurePeerBin::close:
   *
   * Sends DTLS close_notify, stops ICE and all sending.
   */
  signals[SIGNAL_CLOSE] = g_signal_new_class_handler ("close",
      G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
      G_CALLBACK (close_connection), NULL, NULL, NULL, G_TYPE_NONE, 0);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Secure peer connection", "Filter/Network/WebRTC",
      "One secure peer connection: ICE (libnice), DTLS-SRTP, RTP, SDP "
      "offer/answer", "gst-securertc developers");
  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_PEER_CONNECTION_STATE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_PEER_ROLE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SECURE_PEER_ICE_TRANSPORT_POLICY, 0);
  GST_DEBUG_CATEGORY_INIT (gst_secure_peer_bin_debug, "securepeerbin", 0,
      "securepeerbin");
}

static void
gst_secure_peer_bin_init (GstSecurePeerBin * self)
{
  self->sinks = g_ptr_array_new_with_free_func ((GDestroyNotify)
      sink_stream_free);
  self->pending_candidates = g_ptr_array_new_with_free_func (g_free);
  self->latency = DEFAULT_LATENCY;
  self->role = DEFAULT_ROLE;
  self->ice_transport_policy = DEFAULT_ICE_TRANSPORT_POLICY;
  self->cname = g_strdup_printf ("securepeer-%08x", g_random_int ());
  self->msid_stream = g_strdup_printf ("%08x-%08x", g_random_int (),
      g_random_int ());
  self->session_id = ((guint64) g_random_int () << 31) ^ g_random_int ();
}

static gboolean
securepeerbin_element_init (GstPlugin * plugin)
{
  secure_peer_element_init (plugin);
  return gst_element_register (plugin, "securepeerbin", GST_RANK_NONE,
      GST_TYPE_SECURE_PEER_BIN);
}
