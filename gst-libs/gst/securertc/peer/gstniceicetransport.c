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
 * The agents of the process run on a small pool of shared GMainContext
 * threads (one per processor by default), so a connection costs no thread
 * of its own. A thread is started with its first transport and stopped with
 * its last one. */

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

/* ---- the shared context threads ---- */

/* A small fixed pool: at most one thread per processor by default
 * (GST_SECURERTC_ICE_THREADS overrides it, 1..MAX_ICE_THREADS), each running
 * the agents given to it; a new user goes to the least used thread, and a
 * further thread is started once that one has ICE_USERS_PER_THREAD users
 * (securepeerbin takes two per connection, for the bin and its agent, and a
 * third with its built-in signaller).
 * So a connection never costs a thread of its own, and the ICE work of many
 * connections (STUN, consent checks, received media) spreads over the
 * cores. A thread starts with its first user and stops with its last. */
#define MAX_ICE_THREADS 16
#define ICE_USERS_PER_THREAD 32

typedef struct
{
  GMainContext *context;
  gint stop;                    /* atomic */
  gint detached;                /* atomic: released from its own thread */
  GThread *thread;
  guint users;                  /* under ctx_lock */
  guint slot;
} IceContext;

static GMutex ctx_lock;
static GCond ctx_cond;          /* signalled when a thread ends */
static IceContext *ctx_pool[MAX_ICE_THREADS];
static guint ctx_running;       /* threads in their loop, under ctx_lock */
static gint ctx_shutdown;       /* atomic: the process is exiting */

static gpointer
ctx_thread_func (gpointer data)
{
  IceContext *c = data;

  /* Not a GMainLoop: a quit that came before the loop started running
   * would be lost, and the thread would never end. */
  g_main_context_push_thread_default (c->context);
  while (!g_atomic_int_get (&c->stop) && !g_atomic_int_get (&ctx_shutdown))
    g_main_context_iteration (c->context, TRUE);
  g_main_context_pop_thread_default (c->context);
  if (g_atomic_int_get (&c->detached)) {
    g_main_context_unref (c->context);
    g_free (c);
  }
  g_mutex_lock (&ctx_lock);
  ctx_running--;
  g_cond_broadcast (&ctx_cond);
  g_mutex_unlock (&ctx_lock);
  return NULL;
}

/* How long process exit waits for an ICE thread to finish the iteration it
 * is in (it may be pushing into a pipeline). */
#define SHUTDOWN_WAIT_US (G_USEC_PER_SEC / 2)

/* At process exit (or when this library is unloaded) an ICE thread may
 * still run: a TURN allocation being deleted after its bin is gone
 * (nice_agent_close_async() in teardown_agent()), or an application that
 * exits without stopping its pipelines. The libraries it calls into (libnice
 * signs STUN messages with GnuTLS) are finalized right after this library,
 * so a thread still running then crashes the exiting process. Stop them all
 * first, waiting a bounded time. The allocations left behind expire on the
 * TURN server. */
#ifdef __GNUC__
static void ctx_pool_shutdown (void) __attribute__ ((destructor));
#endif

static void
ctx_pool_shutdown (void)
{
  gint64 deadline = g_get_monotonic_time () + SHUTDOWN_WAIT_US;
  guint i;

  g_atomic_int_set (&ctx_shutdown, 1);
  g_mutex_lock (&ctx_lock);
  for (i = 0; i < MAX_ICE_THREADS; i++)
    if (ctx_pool[i])
      g_main_context_wakeup (ctx_pool[i]->context);
  while (ctx_running > 0)
    if (!g_cond_wait_until (&ctx_cond, &ctx_lock, deadline))
      break;
  g_mutex_unlock (&ctx_lock);
}

static guint
ctx_pool_size (void)
{
  static gsize size;

  if (g_once_init_enter (&size)) {
    const gchar *env = g_getenv ("GST_SECURERTC_ICE_THREADS");
    guint64 n = env ? g_ascii_strtoull (env, NULL, 10) : 0;

    if (n == 0)
      n = (guint64) g_get_num_processors ();
    g_once_init_leave (&size, (gsize) CLAMP (n, 1, MAX_ICE_THREADS));
  }
  return (guint) size;
}

/* Takes a use of @context's thread when it is one of ours, else of the
 * least used thread (started if needed). Called with ctx_lock held. */
static IceContext *
ctx_acquire_locked (GMainContext * context)
{
  IceContext *c = NULL;
  guint i, n = ctx_pool_size (), free_slot = n;

  for (i = 0; i < n; i++) {
    IceContext *p = ctx_pool[i];
    if (!p) {
      free_slot = MIN (free_slot, i);
      continue;
    }
    if (context ? p->context == context : (!c || p->users < c->users))
      c = p;
  }
  /* A further thread only once the least used one carries
   * ICE_USERS_PER_THREAD users: fewer, busier threads batch more
   * datagrams per wake-up. */
  if (!context && c && c->users >= ICE_USERS_PER_THREAD && free_slot < n)
    c = NULL;
  if (!c) {
    gchar name[32];

    g_return_val_if_fail (free_slot < n, NULL);
    c = g_new0 (IceContext, 1);
    c->slot = free_slot;
    c->context = g_main_context_new ();
    g_snprintf (name, sizeof (name), "securertc-ice%u", free_slot);
    ctx_running++;
    c->thread = g_thread_new (name, ctx_thread_func, c);
    ctx_pool[free_slot] = c;
  }
  c->users++;
  return c;
}

static IceContext *
ctx_acquire (GMainContext * context)
{
  IceContext *c;

  g_mutex_lock (&ctx_lock);
  c = ctx_acquire_locked (context);
  g_mutex_unlock (&ctx_lock);
  return c;
}

static void
ctx_release (IceContext * c)
{
  gboolean last;

  g_mutex_lock (&ctx_lock);
  last = --c->users == 0;
  if (last)
    ctx_pool[c->slot] = NULL;
  g_mutex_unlock (&ctx_lock);
  if (!last)
    return;
  if (g_thread_self () == c->thread) {
    /* Released from its own thread: it finishes (and frees) by itself. */
    g_atomic_int_set (&c->detached, 1);
    g_atomic_int_set (&c->stop, 1);
    g_thread_unref (c->thread);
    return;
  }
  g_atomic_int_set (&c->stop, 1);
  g_main_context_wakeup (c->context);
  g_thread_join (c->thread);
  g_main_context_unref (c->context);
  g_free (c);
}

/**
 * gst_secure_rtc_peer_context_acquire:
 * @context: (nullable): a context returned by an earlier call, to share its
 *   thread, or %NULL for the least used thread of the pool
 *
 * A GMainContext run by one of the ICE threads of the process (started on
 * first use). securepeerbin runs its signaller and its ICE agent on the same
 * one.
 *
 * Returns: (transfer none): the context, valid until the matching
 * gst_secure_rtc_peer_context_release()
 */
GMainContext *
gst_secure_rtc_peer_context_acquire (GMainContext * context)
{
  IceContext *c = ctx_acquire (context);

  return c ? c->context : NULL;
}

/**
 * gst_secure_rtc_peer_context_release:
 * @context: a context from gst_secure_rtc_peer_context_acquire()
 *
 * Drops a use taken with gst_secure_rtc_peer_context_acquire().
 */
void
gst_secure_rtc_peer_context_release (GMainContext * context)
{
  IceContext *c = NULL;
  guint i;

  g_mutex_lock (&ctx_lock);
  for (i = 0; i < MAX_ICE_THREADS && !c; i++)
    if (ctx_pool[i] && ctx_pool[i]->context == context)
      c = ctx_pool[i];
  g_mutex_unlock (&ctx_lock);
  g_return_if_fail (c != NULL);
  ctx_release (c);
}

/**
 * gst_secure_rtc_nice_transport_context_users:
 *
 * Returns: how many uses the ICE threads have right now, over all threads
 * (for tests and benchmarks).
 */
guint
gst_secure_rtc_nice_transport_context_users (void)
{
  guint i, n = 0;

  g_mutex_lock (&ctx_lock);
  for (i = 0; i < MAX_ICE_THREADS; i++)
    if (ctx_pool[i])
      n += ctx_pool[i]->users;
  g_mutex_unlock (&ctx_lock);
  return n;
}

/**
 * gst_secure_rtc_nice_transport_context_threads:
 *
 * Returns: how many ICE threads run right now (for tests and benchmarks).
 */
guint
gst_secure_rtc_nice_transport_context_threads (void)
{
  guint i, n = 0;

  g_mutex_lock (&ctx_lock);
  for (i = 0; i < MAX_ICE_THREADS; i++)
    n += ctx_pool[i] != NULL;
  g_mutex_unlock (&ctx_lock);
  return n;
}

/* ---- the transport ---- */

#define ICE_TA_MS 5

struct _GstSecureRtcNiceTransport
{
  GObject parent;
  gboolean teardown_started;    /* dispose: agent teardown queued or done */

  IceContext *ctx;
  NiceAgent *agent;
  guint stream_id;

  GMutex lock;
  /* Held while any callback into the user runs (received data, signals),
   * and by set_receive_func(): once that has returned, no callback of the
   * old receiver is still running on the ICE thread. Recursive, so that a
   * callback may call back into the transport. */
  GRecMutex cb_lock;
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
    g_rec_mutex_lock (&self->cb_lock);
    g_signal_emit_by_name (self, "state-changed", state);
    g_rec_mutex_unlock (&self->cb_lock);
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
  g_rec_mutex_lock (&self->cb_lock);
  g_signal_emit_by_name (self, "candidate", c);
  g_rec_mutex_unlock (&self->cb_lock);
  g_free (sdp);
}

static void
on_gathering_done (NiceAgent * agent, guint stream_id, gpointer user_data)
{
  GstSecureRtcNiceTransport *self = user_data;

  GST_DEBUG_OBJECT (self, "gathering done");
  g_rec_mutex_lock (&self->cb_lock);
  g_signal_emit_by_name (self, "gathering-done");
  g_rec_mutex_unlock (&self->cb_lock);
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

  g_rec_mutex_lock (&self->cb_lock);
  g_mutex_lock (&self->lock);
  func = self->recv_func;
  data = self->recv_data;
  g_mutex_unlock (&self->lock);
  if (func)
    func ((const guint8 *) buf, len, data);
  g_rec_mutex_unlock (&self->cb_lock);
}

/* The TURN server of a transport ("IP:port", not secret), as object data
 * so that it goes with the transport. */
#define TURN_SERVER_KEY "securertc-turn-server"

/* Gathering is over: did the TURN server give us a relay candidate? With
 * force-relay libnice pairs only local relay candidates, so after a failed
 * allocation (wrong credentials, no answer) there is nothing to check, and
 * libnice itself would never fail: with trickle ICE it waits for more
 * remote candidates (we never tell it the peer's end-of-candidates). */
static void
on_gathering_done_check_relay (NiceAgent * agent, guint stream_id,
    gpointer user_data)
{
  GstSecureRtcNiceTransport *self = user_data;
  const gchar *turn = g_object_get_data (G_OBJECT (self), TURN_SERVER_KEY);
  gboolean force_relay = FALSE, relayed = FALSE;
  GSList *cands, *l;

  if (!turn)
    return;
  g_object_get (agent, "force-relay", &force_relay, NULL);
  cands = nice_agent_get_local_candidates (agent, stream_id, 1);
  for (l = cands; l; l = l->next)
    relayed |= ((NiceCandidate *) l->data)->type ==
        NICE_CANDIDATE_TYPE_RELAYED;
  g_slist_free_full (cands, (GDestroyNotify) nice_candidate_free);
  if (relayed) {
    GST_DEBUG_OBJECT (self, "relay candidate allocated on TURN server %s",
        turn);
    return;
  }
  GST_WARNING_OBJECT (self, "no relay candidate from TURN server %s "
      "(allocation refused, e.g. wrong user name or password, or no answer)%s",
      turn, force_relay ? ": relay-only ICE cannot connect" : "");
  if (force_relay)
    set_state (self, GST_SECURE_RTC_ICE_STATE_FAILED);
}

GstSecureRtcIceTransport *
gst_secure_rtc_nice_transport_new (const GstSecureRtcNiceConfig * config,
    GError ** error)
{
  GstSecureRtcNiceTransport *self;
  guint i;

  if (config && config->force_relay && !config->turn_host) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
        _("Relay-only ICE (ice-transport-policy=relay) needs a TURN "
            "server (turn-server)."));
    return NULL;
  }

  self = g_object_new (GST_SECURE_RTC_TYPE_NICE_TRANSPORT, NULL);
  self->ctx = ctx_acquire (config ? config->context : NULL);
  self->agent = nice_agent_new_full (self->ctx->context,
      NICE_COMPATIBILITY_RFC5245,
      NICE_AGENT_OPTION_ICE_TRICKLE | NICE_AGENT_OPTION_CONSENT_FRESHNESS);
  /* Ta (RFC 8445 §14.2): checks paced 5 ms apart (the smallest value the
   * RFC allows) instead of libnice's 20 ms, so that the first check of a
   * new pair does not wait up to 20 ms for the timer. */
  g_object_set (self->agent, "ice-tcp", FALSE, "upnp", FALSE,
      "stun-pacing-timer", ICE_TA_MS, NULL);
  /* Relay-only: no host or server-reflexive candidate is announced or
   * paired, all traffic goes through the TURN server. */
  g_object_set (self->agent, "force-relay", config && config->force_relay,
      NULL);

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
  if (config && config->turn_host)
    g_object_set_data_full (G_OBJECT (self), TURN_SERVER_KEY,
        g_strdup_printf (strchr (config->turn_host, ':') ? "[%s]:%u" :
            "%s:%u", config->turn_host, config->turn_port), g_free);
  g_signal_connect (self->agent, "new-candidate-full",
      G_CALLBACK (on_candidate), self);
  g_signal_connect (self->agent, "candidate-gathering-done",
      G_CALLBACK (on_gathering_done), self);
  g_signal_connect (self->agent, "candidate-gathering-done",
      G_CALLBACK (on_gathering_done_check_relay), self);
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

  /* Waits for a callback running on another thread to return. */
  g_rec_mutex_lock (&self->cb_lock);
  g_mutex_lock (&self->lock);
  old_notify = self->recv_notify;
  old_data = self->recv_data;
  self->recv_func = func;
  self->recv_data = user_data;
  self->recv_notify = notify;
  g_mutex_unlock (&self->lock);
  g_rec_mutex_unlock (&self->cb_lock);
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

/* The agent's TURN allocations are released (or timed out): drop the use
 * of the thread taken for it (on that thread). */
static void
on_agent_closed (GObject * agent, GAsyncResult * res, gpointer user_data)
{
  ctx_release (user_data);
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
  if (g_object_get_data (G_OBJECT (self), TURN_SERVER_KEY)) {
    /* Removing the stream asked the TURN server to delete the allocation
     * (a refresh with lifetime 0); keep the agent, and its thread, until
     * that is answered or times out, instead of leaving the allocation to
     * expire on the server. */
    IceContext *c;

    g_mutex_lock (&ctx_lock);
    c = self->ctx;
    c->users++;
    g_mutex_unlock (&ctx_lock);
    nice_agent_close_async (self->agent, on_agent_closed, c);
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
  g_rec_mutex_clear (&self->cb_lock);
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
  g_rec_mutex_init (&self->cb_lock);
}
