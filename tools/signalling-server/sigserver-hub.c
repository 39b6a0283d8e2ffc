/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Protocol semantics of gst-plugins-rs' signalling server
 * (net/webrtc/signalling/src/handlers), with two deliberate differences
 * (PROTOCOL.md, DESIGN.md): every frame we cannot honour is answered with an
 * "error" instead of being dropped silently, and a peer can only send into
 * (or end) sessions it belongs to.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/securertc/signalling/gstsignallingprotocol.h>

#include "sigserver-hub.h"

typedef GstSecureRtcSignallingMessage Msg;

struct _SigPeer
{
  gchar *id;
  gpointer conn;
  GstSecureRtcSignallingRoles roles;
  JsonNode *meta;
  gboolean v1_1;
  guint n_valid_messages;
  gboolean status_set;
  GHashTable *sessions;         /* session id -> NULL (set) */
};

typedef struct
{
  gchar *id;
  gchar *producer;
  gchar *consumer;
} SigSession;

struct _SigHub
{
  SigHubLimits limits;
  SigHubCallbacks cb;
  gpointer user_data;
  GHashTable *peers;            /* id -> SigPeer* (owned) */
  GHashTable *sessions;         /* id -> SigSession* (owned) */
};

static void
sig_peer_free (SigPeer * peer)
{
  g_free (peer->id);
  g_clear_pointer (&peer->meta, json_node_unref);
  g_hash_table_unref (peer->sessions);
  g_free (peer);
}

static void
sig_session_free (SigSession * s)
{
  g_free (s->id);
  g_free (s->producer);
  g_free (s->consumer);
  g_free (s);
}

SigHub *
sig_hub_new (const SigHubLimits * limits, const SigHubCallbacks * callbacks,
    gpointer user_data)
{
  SigHub *hub = g_new0 (SigHub, 1);

  hub->limits = *limits;
  hub->cb = *callbacks;
  hub->user_data = user_data;
  hub->peers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) sig_peer_free);
  hub->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
      (GDestroyNotify) sig_session_free);
  return hub;
}

void
sig_hub_free (SigHub * hub)
{
  g_hash_table_unref (hub->sessions);
  g_hash_table_unref (hub->peers);
  g_free (hub);
}

const gchar *
sig_peer_get_id (SigPeer * peer)
{
  return peer->id;
}

guint
sig_hub_get_n_peers (SigHub * hub)
{
  return g_hash_table_size (hub->peers);
}

guint
sig_hub_get_n_sessions (SigHub * hub)
{
  return g_hash_table_size (hub->sessions);
}

static void
send_msg (SigHub * hub, SigPeer * peer, const Msg * msg)
{
  g_autofree gchar *text = gst_secure_rtc_signalling_message_serialize (msg);

  hub->cb.send (peer->conn, text, hub->user_data);
}

void
sig_hub_send_error (SigHub * hub, SigPeer * peer, const gchar * details)
{
  Msg msg = {.type = GST_SECURE_RTC_SIGNALLING_MSG_ERROR,
    .details = (gchar *) details
  };

  g_info ("peer %s: error: %s", peer->id, details);
  send_msg (hub, peer, &msg);
}

static void G_GNUC_PRINTF (3, 4)
send_errorf (SigHub * hub, SigPeer * peer, const gchar * format, ...)
{
  g_autofree gchar *details = NULL;
  va_list args;

  va_start (args, format);
  details = g_strdup_vprintf (format, args);
  va_end (args);
  sig_hub_send_error (hub, peer, details);
}

/* endSession, or endSessionV1_1 to peers that asked for protocol 1.1 only
 * (gstwebrtc-api 3.0 throws on types it does not know). */
static void
send_end_session (SigHub * hub, SigPeer * peer, const gchar * session_id,
    const gchar * error)
{
  Msg msg = {.type = GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION,
    .session_id = (gchar *) session_id
  };

  if (peer->v1_1) {
    msg.type = GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1;
    msg.end_error = (gchar *) error;
  }
  send_msg (hub, peer, &msg);
}

static void
broadcast_status (SigHub * hub, SigPeer * peer, GstSecureRtcSignallingRoles roles)
{
  Msg msg = {.type = GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED,
    .peer_id = peer->id,
    .roles = roles,
    .meta = peer->meta
  };
  g_autofree gchar *text = gst_secure_rtc_signalling_message_serialize (&msg);
  GHashTableIter it;
  SigPeer *other;

  /* Including @peer itself when it is a listener: gstwebrtc-api becomes
   * ready only when it sees its own registration. */
  g_hash_table_iter_init (&it, hub->peers);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) & other))
    if (other->roles & GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER)
      hub->cb.send (other->conn, text, hub->user_data);
}

static gchar *
new_unique_id (GHashTable * taken)
{
  gchar *id;

  do {
    id = g_uuid_string_random ();
    if (!g_hash_table_contains (taken, id))
      return id;
    g_free (id);
  } while (TRUE);
}

SigPeer *
sig_hub_add_peer (SigHub * hub, gpointer conn, GError ** error)
{
  SigPeer *peer;
  Msg welcome = {.type = GST_SECURE_RTC_SIGNALLING_MSG_WELCOME };

  if (g_hash_table_size (hub->peers) >= hub->limits.max_peers) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_PROTOCOL,
        "server full: %u peers connected (limit --max-peers)", hub->limits.max_peers);
    return NULL;
  }

  peer = g_new0 (SigPeer, 1);
  peer->id = new_unique_id (hub->peers);
  peer->conn = conn;
  peer->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (hub->peers, peer->id, peer);

  welcome.peer_id = peer->id;
  send_msg (hub, peer, &welcome);
  g_info ("peer %s connected (%u peers)", peer->id, g_hash_table_size (hub->peers));
  return peer;
}

/* Removes the session and tells the side(s) other than @ender (NULL: both). */
static void
end_session (SigHub * hub, const gchar * session_id, SigPeer * ender,
    const gchar * error)
{
  SigSession *s = g_hash_table_lookup (hub->sessions, session_id);
  const gchar *sides[2];
  guint i;

  if (s == NULL)
    return;
  sides[0] = s->producer;
  sides[1] = s->consumer;
  g_hash_table_steal (hub->sessions, session_id);

  for (i = 0; i < 2; i++) {
    SigPeer *p = g_hash_table_lookup (hub->peers, sides[i]);

    if (p == NULL)
      continue;
    g_hash_table_remove (p->sessions, s->id);
    if (p != ender)
      send_end_session (hub, p, s->id, error);
  }
  g_info ("session %s ended", s->id);
  sig_session_free (s);
}

/* Ends @peer's sessions where it plays @as (producer or consumer side). */
static void
end_sessions_as (SigHub * hub, SigPeer * peer, gboolean as_producer)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  const gchar *sid;
  guint i;

  g_hash_table_iter_init (&it, peer->sessions);
  while (g_hash_table_iter_next (&it, (gpointer *) & sid, NULL)) {
    SigSession *s = g_hash_table_lookup (hub->sessions, sid);

    if (s && strcmp (as_producer ? s->producer : s->consumer, peer->id) == 0)
      g_ptr_array_add (ids, g_strdup (sid));
  }
  for (i = 0; i < ids->len; i++)
    end_session (hub, g_ptr_array_index (ids, i), peer, NULL);
}

static void
handle_set_peer_status (SigHub * hub, SigPeer * peer, Msg * msg)
{
  GstSecureRtcSignallingRoles old = peer->roles;
  gboolean meta_same;

  if ((msg->roles & GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER)
      && (msg->roles & GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER)) {
    sig_hub_send_error (hub, peer,
        "a peer cannot be both producer and consumer");
    return;
  }

  meta_same = (peer->meta == NULL && msg->meta == NULL)
      || (peer->meta && msg->meta && json_node_equal (peer->meta, msg->meta));
  if (peer->status_set && old == msg->roles && meta_same) {
    g_debug ("peer %s: status unchanged", peer->id);
    return;
  }

  if ((old & GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER)
      && !(msg->roles & GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER))
    end_sessions_as (hub, peer, TRUE);
  if ((old & GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER)
      && !(msg->roles & GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER))
    end_sessions_as (hub, peer, FALSE);

  peer->roles = msg->roles;
  g_clear_pointer (&peer->meta, json_node_unref);
  peer->meta = g_steal_pointer (&msg->meta);
  peer->status_set = TRUE;
  {
    g_autofree gchar *r = gst_secure_rtc_signalling_roles_to_string (peer->roles);
    g_info ("peer %s: roles %s", peer->id, r);
  }
  broadcast_status (hub, peer, peer->roles);
}

static void
handle_list (SigHub * hub, SigPeer * peer, GstSecureRtcSignallingMessageType type)
{
  GstSecureRtcSignallingRoles want = type == GST_SECURE_RTC_SIGNALLING_MSG_LIST ?
      GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER : GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER;
  Msg reply = {.type = type };
  GHashTableIter it;
  SigPeer *p;

  reply.peers = json_array_new ();
  g_hash_table_iter_init (&it, hub->peers);
  while (g_hash_table_iter_next (&it, NULL, (gpointer *) & p)) {
    JsonObject *o;

    if (!(p->roles & want))
      continue;
    o = json_object_new ();
    json_object_set_string_member (o, "id", p->id);
    if (p->meta)
      json_object_set_member (o, "meta", json_node_copy (p->meta));
    else
      json_object_set_null_member (o, "meta");
    json_array_add_object_element (reply.peers, o);
  }
  send_msg (hub, peer, &reply);
  json_array_unref (reply.peers);
}

static void
handle_start_session (SigHub * hub, SigPeer * peer, Msg * msg)
{
  SigPeer *target = g_hash_table_lookup (hub->peers, msg->peer_id);
  SigPeer *producer, *consumer;
  SigSession *s;
  Msg started = {.type = GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED };
  Msg start = {.type = GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION };

  if (target == NULL) {
    send_errorf (hub, peer, "Peer with ID '%.64s' not found", msg->peer_id);
    return;
  }
  if (target == peer) {
    sig_hub_send_error (hub, peer, "cannot start a session with oneself");
    return;
  }
  if (target->roles & GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER) {
    producer = target;
    consumer = peer;
  } else if ((target->roles & GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER)
      && (peer->roles & GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER)) {
    producer = peer;
    consumer = target;
  } else {
    send_errorf (hub, peer, "Missing a producer or a consumer: peer '%s' is "
        "not a producer, and not a consumer waiting for a producer", target->id);
    return;
  }
  if (g_hash_table_size (peer->sessions) >= hub->limits.max_sessions_per_peer) {
    g_message ("peer %s: session limit (%u) reached", peer->id,
        hub->limits.max_sessions_per_peer);
    send_errorf (hub, peer, "too many sessions: %u (limit --max-sessions-per-peer)",
        hub->limits.max_sessions_per_peer);
    return;
  }
  if (g_hash_table_size (target->sessions) >= hub->limits.max_sessions_per_peer) {
    send_errorf (hub, peer, "peer '%s' has too many sessions", target->id);
    return;
  }

  s = g_new0 (SigSession, 1);
  s->id = new_unique_id (hub->sessions);
  s->producer = g_strdup (producer->id);
  s->consumer = g_strdup (consumer->id);
  g_hash_table_insert (hub->sessions, s->id, s);
  g_hash_table_add (producer->sessions, g_strdup (s->id));
  g_hash_table_add (consumer->sessions, g_strdup (s->id));
  g_info ("session %s: producer %s, consumer %s", s->id, s->producer, s->consumer);

  /* sessionStarted to the consumer before startSession to the producer, as
   * the reference server does. */
  started.peer_id = producer->id;
  started.session_id = s->id;
  send_msg (hub, consumer, &started);

  start.peer_id = consumer->id;
  start.session_id = s->id;
  start.offer = consumer == peer ? msg->offer : NULL;
  send_msg (hub, producer, &start);
}

/* The session @session_id if @peer belongs to it; else an error to @peer.
 * Unknown session and foreign session get the same answer. */
static SigSession *
lookup_own_session (SigHub * hub, SigPeer * peer, const gchar * session_id)
{
  SigSession *s = NULL;

  if (g_hash_table_contains (peer->sessions, session_id))
    s = g_hash_table_lookup (hub->sessions, session_id);
  if (s == NULL)
    send_errorf (hub, peer, "no session '%.64s' for this peer", session_id);
  return s;
}

static void
handle_peer (SigHub * hub, SigPeer * peer, Msg * msg)
{
  SigSession *s = lookup_own_session (hub, peer, msg->session_id);
  gboolean is_consumer;
  SigPeer *other;

  if (s == NULL)
    return;
  is_consumer = strcmp (s->consumer, peer->id) == 0;
  if (msg->sdp_type && strcmp (msg->sdp_type, "offer") == 0 && is_consumer) {
    send_errorf (hub, peer, "cannot forward an offer from the consumer of "
        "session '%s': only its producer offers", s->id);
    return;
  }
  other = g_hash_table_lookup (hub->peers, is_consumer ? s->producer : s->consumer);
  if (other == NULL)
    return;
  /* Re-serialised: the ice object keeps only candidate and sdpMLineIndex,
   * the SDP text is passed through untouched. */
  send_msg (hub, other, msg);
}

static void
handle_end_session (SigHub * hub, SigPeer * peer, Msg * msg)
{
  if (msg->end_error && !peer->v1_1) {
    sig_hub_send_error (hub, peer,
        "endSessionV1_1 with an 'error' needs protocol version v1_1");
    return;
  }
  if (lookup_own_session (hub, peer, msg->session_id) == NULL)
    return;
  end_session (hub, msg->session_id, peer, msg->end_error);
}

void
sig_hub_handle_text (SigHub * hub, SigPeer * peer, const gchar * text, gsize len)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstSecureRtcSignallingMessage) msg = NULL;

  msg = gst_secure_rtc_signalling_message_parse (text, len,
      GST_SECURE_RTC_SIGNALLING_TO_SERVER, &error);
  if (msg == NULL) {
    sig_hub_send_error (hub, peer, error->message);
    return;
  }

  if (msg->type == GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION) {
    if (peer->n_valid_messages > 0) {
      sig_hub_send_error (hub, peer,
          "setProtocolVersion must be the first message");
      return;
    }
    peer->v1_1 = msg->version == GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1;
    peer->n_valid_messages++;
    return;
  }
  peer->n_valid_messages++;

  switch (msg->type) {
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS:
      handle_set_peer_status (hub, peer, msg);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST:
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS:
      handle_list (hub, peer, msg->type);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION:
      handle_start_session (hub, peer, msg);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER:
      handle_peer (hub, peer, msg);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION:
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1:
      handle_end_session (hub, peer, msg);
      break;
    default:
      g_assert_not_reached ();
      break;
  }
}

void
sig_hub_remove_peer (SigHub * hub, SigPeer * peer)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  const gchar *sid;
  guint i;

  g_hash_table_iter_init (&it, peer->sessions);
  while (g_hash_table_iter_next (&it, (gpointer *) & sid, NULL))
    g_ptr_array_add (ids, g_strdup (sid));
  for (i = 0; i < ids->len; i++)
    end_session (hub, g_ptr_array_index (ids, i), peer, "peer disconnected");

  g_hash_table_steal (hub->peers, peer->id);
  g_info ("peer %s disconnected (%u peers)", peer->id, g_hash_table_size (hub->peers));
  /* Every listener learns that the peer is gone: roles []. */
  if (peer->status_set)
    broadcast_status (hub, peer, GST_SECURE_RTC_SIGNALLING_ROLE_NONE);
  sig_peer_free (peer);
}

void
sig_hub_end_all_sessions (SigHub * hub)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter it;
  const gchar *sid;
  guint i;

  g_hash_table_iter_init (&it, hub->sessions);
  while (g_hash_table_iter_next (&it, (gpointer *) & sid, NULL))
    g_ptr_array_add (ids, g_strdup (sid));
  for (i = 0; i < ids->len; i++)
    end_session (hub, g_ptr_array_index (ids, i), NULL, "server shutting down");
}
