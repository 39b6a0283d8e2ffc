/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The libnice implementation of GstSecureRtcIceTransport.
 *
 * Full ICE (RFC 8445, libnice's RFC 5245 mode), trickle, and RFC 7675
 * consent freshness (NICE_AGENT_OPTION_CONSENT_FRESHNESS, libnice >= 0.1.19):
 * when the peer stops answering consent checks, libnice moves the component
 * to FAILED and refuses to send, and we report GST_SECURE_RTC_ICE_STATE_FAILED.
 *
 * All agents of the process run on one shared GMainContext thread, so a
 * connection costs no thread of its own. The thread is started with the
 * first transport and stopped with the last one. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gi18n-lib.h>
#include <nice/agent.h>

#include <gst/gst.h>
#include <gst/securertc/gstsecurewipe.h>
#include "gstniceicetransport.h"

GST_DEBUG_CATEGORY_STATIC (nice_transport_debug);
#define GST_CAT_DEFAULT nice_transport_debug

/* ---- the shared context thread ---- */

typedef struct
{
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
} IceContext;

static GMutex ctx_lock;
static guint ctx_users;
static IceContext *shared_ctx;

static gpointer
ctx_thread_func (gpointer data)
{
  IceContext *c = data;

  g_main_context_push_thread_default (c->context);
  g_main_loop_run (c->loop);
  g_main_context_pop_thread_default (c->context);
  return NULL;
}

static IceContext *
ctx_acquire (void)
{
  IceContext *c;

  g_mutex_lock (&ctx_lock);
  if (!shared_ctx) {
    c = g_new0 (IceContext, 1);
    c->context = g_main_context_new ();
    c->loop = g_main_loop_new (c->context, FALSE);
    c->thread = g_thread_new ("securertc-ice", ctx_thread_func, c);
    shared_ctx = c;
  }
  ctx_users++;
  c = shared_ctx;
  g_mutex_unlock (&ctx_lock);
  return c;
}

static void
ctx_release (IceContext * c)
{
  gboolean last;

  g_mutex_lock (&ctx_lock);
  last = --ctx_users == 0;
  if (last)
    shared_ctx = NULL;
  g_mutex_unlock (&ctx_lock);
  if (!last)
    return;
  g_main_loop_quit (c->loop);
  if (g_thread_self () == c->thread) {
    /* Released from its own thread: let it finish by itself. */
    g_thread_unref (c->thread);
    return;
  }
  g_thread_join (c->thread);
  g_main_loop_unref (c->loop);
  g_main_context_unref (c->context);
  g_free (c);
}

/**
 * gst_secure_rtc_peer_context_acquire:
 *
 * The GMainContext of the thread shared by every ICE agent of the process
 * (started on first use); securepeerbin runs its signaller there too.
 *
 * Returns: (transfer none): the context, valid until the matching
 * gst_secure_rtc_peer_context_release()
 */
GMainContext *
gst_secure_rtc_peer_context_acquire (void)
{
  return ctx_acquire ()->context;
}

/**
 * gst_secure_rtc_peer_context_release:
 *
 * Drops a use taken with gst_secure_rtc_peer_context_acquire().
 */
void
gst_secure_rtc_peer_context_release (void)
{
  IceContext *c;

  g_mutex_lock (&ctx_lock);
  c = shared_ctx;
  g_mutex_unlock (&ctx_lock);
  g_return_if_fail (c != NULL);
  ctx_release (c);
}

/**
 * gst_secure_rtc_nice_transport_context_users:
 *
 * Returns: how many transports share the ICE context thread right now
 * (for tests and benchmarks).
 */
guint
gst_secure_rtc_nice_transport_context_users (void)
{
  guint n;

  g_mutex_lock (&ctx_lock);
  n = ctx_users;
  g_mutex_unlock (&ctx_lock);
  return n;
}

/* ---- the transport ---- */

struct _GstSecureRtcNiceTransport
{
  GObject parent;
  gboolean teardown_started;    /* dispose: agent teardown queued or done */

  IceContext *ctx;
  NiceAgent *agent;
  guint stream_id;

  GMutex lock;
  GstSecureRtcIceState state;
  gboolean gathering;
  GstSecureRtcIceReceiveFunc recv_func;
  gpointer recv_data;
  GDestroyNotify recv_notify;
};

static void gst_secure_rtc_nice_transport_iface_init
    (GstSecureRtcIceTransportInterface * iface);

G_DEFINE_TYPE_WITH_CODE (GstSecureRtcNiceTransport,
    gst_secure_rtc_nice_transport, G_TYPE_OBJECT,
    G_IMPLEMENT_INTERFACE (GST_SECURE_RTC_TYPE_ICE_TRANSPORT,
        gst_secure_rtc_nice_transport_iface_init));

static void
set_state (GstSecureRtcNiceTransport * self, GstSecureRtcIceState state)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  /* CLOSED is final; FAILED only leaves for CLOSED. */
  changed = self->state != state
      && self->state != GST_SECURE_RTC_ICE_STATE_CLOSED
      && (self->state != GST_SECURE_RTC_ICE_STATE_FAILED
      || state == GST_SECURE_RTC_ICE_STATE_CLOSED);
  if (changed)
    self->state = state;
  g_mutex_unlock (&self->lock);
  if (changed) {
    GST_INFO_OBJECT (self, "ICE state %d", state);
    g_signal_emit_by_name (self, "state-changed", state);
  }
}

static void
on_candidate (NiceAgent * agent, NiceCandidate * cand, gpointer user_data)
{
  GstSecureRtcNiceTransport *self = user_data;
  gchar *sdp = nice_agent_generate_local_candidate_sdp (agent, cand);
  const gchar *c = sdp;

  if (!sdp)
    return;
  if (g_str_has_prefix (c, "a="))
    c += 2;
  GST_DEBUG_OBJECT (self, "local candidate %s", c);
  g_signal_emit_by_name (self, "candidate", c);
  g_free (sdp);
}

static void
on_gathering_done (NiceAgent * agent, guint stream_id, gpointer user_data)
{
  GstSecureRtcNiceTransport *self = user_data;

  GST_DEBUG_OBJECT (self, "gathering done");
  g_signal_emit_by_name (self, "gathering-done");
}

static void
on_component_state (NiceAgent * agent, guint stream_id, guint component_id,
    guint state, gpointer user_data)
{
  GstSecureRtcNiceTransport *self = user_data;

  GST_DEBUG_OBJECT (self, "component state %s",
      nice_component_state_to_string (state));
  switch (state) {
    case NICE_COMPONENT_STATE_GATHERING:
    case NICE_COMPONENT_STATE_CONNECTING:
      set_state (self, GST_SECURE_RTC_ICE_STATE_CHECKING);
      break;
    case NICE_COMPONENT_STATE_CONNECTED:
    case NICE_COMPONENT_STATE_READY:
      set_state (self, GST_SECURE_RTC_ICE_STATE_CONNECTED);
      break;
    case NICE_COMPONENT_STATE_FAILED:
      /* Also what consent freshness reports when the peer goes silent. */
      set_state (self, GST_SECURE_RTC_ICE_STATE_FAILED);
      break;
    default:
      break;
  }
}

static void
on_recv (NiceAgent * agent, guint stream_id, guint component_id, guint len,
    gchar * buf, gpointer user_data)
{
  GstSecureRtcNiceTransport *self = user_data;
  GstSecureRtcIceReceiveFunc func;
  gpointer data;

  g_mutex_lock (&self->lock);
  func = self->recv_func;
  data = self->recv_data;
  g_mutex_unlock (&self->lock);
  if (func)
    func ((const guint8 *) buf, len, data);
}

GstSecureRtcIceTransport *
gst_secure_rtc_nice_transport_new (const GstSecureRtcNiceConfig * config,
    GError ** error)
{
  GstSecureRtcNiceTransport *self;
  guint i;

  self = g_object_new (GST_SECURE_RTC_TYPE_NICE_TRANSPORT, NULL);
  self->ctx = ctx_acquire ();
  self->agent = nice_agent_new_full (self->ctx->context,
      NICE_COMPATIBILITY_RFC5245,
      NICE_AGENT_OPTION_ICE_TRICKLE | NICE_AGENT_OPTION_CONSENT_FRESHNESS);
  g_object_set (self->agent, "ice-tcp", FALSE, "upnp", FALSE, NULL);

  if (config && config->local_addresses) {
    for (i = 0; config->local_addresses[i]; i++) {
      NiceAddress addr;
      nice_address_init (&addr);
      if (!nice_address_set_from_string (&addr, config->local_addresses[i])
          || !nice_agent_add_local_address (self->agent, &addr)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
            _("\"%s\" is not a usable local IP address."),
            config->local_addresses[i]);
        g_object_unref (self);
        return NULL;
      }
    }
  }
  if (config && config->stun_host)
    g_object_set (self->agent, "stun-server", config->stun_host,
        "stun-server-port", config->stun_port, NULL);

  self->stream_id = nice_agent_add_stream (self->agent, 1);
  if (self->stream_id == 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        _("Could not create an ICE stream."));
    g_object_unref (self);
    return NULL;
  }
  if (config && config->turn_host
      && !nice_agent_set_relay_info (self->agent, self->stream_id, 1,
          config->turn_host, config->turn_port, config->turn_user,
          config->turn_password, NICE_RELAY_TYPE_TURN_UDP)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("The TURN server settings were refused."));
    g_object_unref (self);
    return NULL;
  }
  g_signal_connect (self->agent, "new-candidate-full",
      G_CALLBACK (on_candidate), self);
  g_signal_connect (self->agent, "candidate-gathering-done",
      G_CALLBACK (on_gathering_done), self);
  g_signal_connect (self->agent, "component-state-changed",
      G_CALLBACK (on_component_state), self);
  nice_agent_attach_recv (self->agent, self->stream_id, 1,
      self->ctx->context, on_recv, self);
  return GST_SECURE_RTC_ICE_TRANSPORT (self);
}

static void
nice_set_controlling (GstSecureRtcIceTransport * t, gboolean controlling)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);

  g_object_set (self->agent, "controlling-mode", controlling, NULL);
}

static gboolean
nice_gather (GstSecureRtcIceTransport * t, GError ** error)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);
  gboolean start;

  g_mutex_lock (&self->lock);
  start = !self->gathering;
  self->gathering = TRUE;
  g_mutex_unlock (&self->lock);
  if (start && !nice_agent_gather_candidates (self->agent, self->stream_id)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        _("ICE candidate gathering could not start (no usable local "
            "address?)."));
    return FALSE;
  }
  return TRUE;
}

static void
nice_get_local_credentials (GstSecureRtcIceTransport * t, gchar ** ufrag,
    gchar ** pwd)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);

  nice_agent_get_local_credentials (self->agent, self->stream_id, ufrag, pwd);
}

static gboolean
nice_set_remote_credentials (GstSecureRtcIceTransport * t, const gchar * ufrag,
    const gchar * pwd, GError ** error)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);

  if (!nice_agent_set_remote_credentials (self->agent, self->stream_id, ufrag,
          pwd)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("The remote ICE credentials were refused."));
    return FALSE;
  }
  return TRUE;
}

static gboolean
nice_add_remote_candidate (GstSecureRtcIceTransport * t,
    const gchar * candidate, GError ** error)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);
  NiceCandidate *cand;
  GSList *list;
  gchar *line;
  gint n;

  if (!candidate || strlen (candidate) > 1024) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("The ICE candidate is empty or too long."));
    return FALSE;
  }
  if (g_str_has_prefix (candidate, "a="))
    candidate += 2;
  line = g_strdup_printf ("a=%s", candidate);
  cand = nice_agent_parse_remote_candidate_sdp (self->agent, self->stream_id,
      line);
  g_free (line);
  if (!cand) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("The ICE candidate could not be parsed (expected \"candidate:"
            "<foundation> <component> udp <priority> <address> <port> typ "
            "<type> …\"; mDNS .local addresses are not resolved)."));
    return FALSE;
  }
  if (cand->component_id != 1) {
    /* rtcp-mux: only component 1 exists. */
    nice_candidate_free (cand);
    return TRUE;
  }
  list = g_slist_append (NULL, cand);
  n = nice_agent_set_remote_candidates (self->agent, self->stream_id, 1, list);
  g_slist_free_full (list, (GDestroyNotify) nice_candidate_free);
  if (n < 0) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        _("The ICE candidate was refused."));
    return FALSE;
  }
  return TRUE;
}

static void
nice_set_receive_func (GstSecureRtcIceTransport * t,
    GstSecureRtcIceReceiveFunc func, gpointer user_data, GDestroyNotify notify)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);
  GDestroyNotify old_notify;
  gpointer old_data;

  g_mutex_lock (&self->lock);
  old_notify = self->recv_notify;
  old_data = self->recv_data;
  self->recv_func = func;
  self->recv_data = user_data;
  self->recv_notify = notify;
  g_mutex_unlock (&self->lock);
  if (old_notify)
    old_notify (old_data);
}

static gboolean
nice_send (GstSecureRtcIceTransport * t, const guint8 * data, gsize len)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);

  if (len > G_MAXUINT)
    return FALSE;
  /* libnice refuses to send without a selected pair, and once consent
   * has expired (RFC 7675 §5.1). */
  return nice_agent_send (self->agent, self->stream_id, 1, (guint) len,
      (const gchar *) data) == (gint) len;
}

static gchar *
nice_get_selected_pair (GstSecureRtcIceTransport * t)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);
  NiceCandidate *local = NULL, *remote = NULL;
  gchar l[NICE_ADDRESS_STRING_LEN], r[NICE_ADDRESS_STRING_LEN];

  if (!nice_agent_get_selected_pair (self->agent, self->stream_id, 1, &local,
          &remote) || !local || !remote)
    return NULL;
  nice_address_to_string (&local->addr, l);
  nice_address_to_string (&remote->addr, r);
  return g_strdup_printf ("%s:%u %s <-> %s:%u %s", l,
      nice_address_get_port (&local->addr),
      nice_candidate_type_to_string (local->type), r,
      nice_address_get_port (&remote->addr),
      nice_candidate_type_to_string (remote->type));
}

static void
nice_close (GstSecureRtcIceTransport * t)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (t);

  set_state (self, GST_SECURE_RTC_ICE_STATE_CLOSED);
  nice_set_receive_func (t, NULL, NULL, NULL);
}

static void
gst_secure_rtc_nice_transport_iface_init (GstSecureRtcIceTransportInterface *
    iface)
{
  iface->set_controlling = nice_set_controlling;
  iface->gather = nice_gather;
  iface->get_local_credentials = nice_get_local_credentials;
  iface->set_remote_credentials = nice_set_remote_credentials;
  iface->add_remote_candidate = nice_add_remote_candidate;
  iface->set_receive_func = nice_set_receive_func;
  iface->send = nice_send;
  iface->get_selected_pair = nice_get_selected_pair;
  iface->close = nice_close;
}

/* Bounded wait for the agent teardown in dispose; past it, the teardown
 * finishes on the ICE thread by itself (it holds a reference). */
#define TEARDOWN_WAIT_US (2 * G_USEC_PER_SEC)

typedef struct
{
  GstSecureRtcNiceTransport *self;      /* a reference, dropped when done */
  GMutex lock;
  GCond cond;
  gboolean done;
  gint refs;                    /* the waiter and the callback */
} Teardown;

static void
teardown_unref (Teardown * td)
{
  if (g_atomic_int_dec_and_test (&td->refs)) {
    g_mutex_clear (&td->lock);
    g_cond_clear (&td->cond);
    g_free (td);
  }
}

static void
teardown_agent (GstSecureRtcNiceTransport * self)
{
  g_signal_handlers_disconnect_by_data (self->agent, self);
  if (self->stream_id) {
    nice_agent_attach_recv (self->agent, self->stream_id, 1,
        self->ctx->context, NULL, NULL);
    nice_agent_remove_stream (self->agent, self->stream_id);
  }
  g_clear_object (&self->agent);
}

/* Runs on the context thread, so that no libnice callback of this agent is
 * running while (or after) it is torn down. */
static gboolean
teardown_on_context (gpointer data)
{
  Teardown *td = data;

  teardown_agent (td->self);
  /* Drop our reference before waking the waiter, so that a dispose that is
   * still waiting finalizes the transport synchronously as before; if it
   * stopped waiting, this is the last reference and the transport is
   * finalized here, on the ICE thread. */
  g_object_unref (td->self);
  g_mutex_lock (&td->lock);
  td->done = TRUE;
  g_cond_signal (&td->cond);
  g_mutex_unlock (&td->lock);
  teardown_unref (td);
  return G_SOURCE_REMOVE;
}

static void
gst_secure_rtc_nice_transport_dispose (GObject * object)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (object);

  if (self->agent && !self->teardown_started) {
    self->teardown_started = TRUE;
    if (g_main_context_is_owner (self->ctx->context)) {
      teardown_agent (self);
    } else {
      /* The callback keeps the transport alive (GObject allows taking a
       * reference in dispose) until the agent is gone, so the wait can be
       * bounded: a context thread that is busy (e.g. pushing into a pipeline
       * that is shutting down) never blocks the thread releasing us. */
      Teardown *td = g_new0 (Teardown, 1);
      gint64 deadline = g_get_monotonic_time () + TEARDOWN_WAIT_US;

      td->self = g_object_ref (self);
      td->refs = 2;
      g_mutex_init (&td->lock);
      g_cond_init (&td->cond);
      g_main_context_invoke (self->ctx->context, teardown_on_context, td);
      g_mutex_lock (&td->lock);
      while (!td->done) {
        if (!g_cond_wait_until (&td->cond, &td->lock, deadline))
          break;
      }
      if (!td->done)
        GST_WARNING_OBJECT (self, "ICE agent teardown still pending after "
            "2 s; it completes on the ICE thread");
      g_mutex_unlock (&td->lock);
      teardown_unref (td);
    }
  }
  G_OBJECT_CLASS (gst_secure_rtc_nice_transport_parent_class)->dispose
      (object);
}

static void
gst_secure_rtc_nice_transport_finalize (GObject * object)
{
  GstSecureRtcNiceTransport *self = GST_SECURE_RTC_NICE_TRANSPORT (object);

  if (self->recv_notify)
    self->recv_notify (self->recv_data);
  if (self->ctx)
    ctx_release (self->ctx);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (gst_secure_rtc_nice_transport_parent_class)->finalize
      (object);
}

static void
gst_secure_rtc_nice_transport_class_init (GstSecureRtcNiceTransportClass *
    klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->dispose = gst_secure_rtc_nice_transport_dispose;
  gobject_class->finalize = gst_secure_rtc_nice_transport_finalize;
  GST_DEBUG_CATEGORY_INIT (nice_transport_debug, "niceicetransport", 0,
      "securepeer ICE transport on libnice");
}

static void
gst_secure_rtc_nice_transport_init (GstSecureRtcNiceTransport * self)
{
  g_mutex_init (&self->lock);
}
