/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __SIGSERVER_HUB_H__
#define __SIGSERVER_HUB_H__

#include <glib.h>

G_BEGIN_DECLS

/*
 * The protocol state of the signalling server: peers, their roles and meta,
 * and sessions. It does no I/O: a connection is an opaque pointer, and
 * everything the hub wants to say goes through the callbacks. Text in, text
 * out, so that the semantics can be read (and tested) apart from libsoup.
 */

typedef struct _SigHub SigHub;
typedef struct _SigPeer SigPeer;

typedef struct
{
  /* Send one text frame to a connection. */
  void (*send) (gpointer conn, const gchar * text, gpointer user_data);
} SigHubCallbacks;

typedef struct
{
  guint max_peers;
  guint max_sessions_per_peer;
} SigHubLimits;

SigHub *sig_hub_new (const SigHubLimits * limits, const SigHubCallbacks * callbacks,
    gpointer user_data);
void sig_hub_free (SigHub * hub);

/* A new connection: returns its peer (and sends welcome), or NULL with
 * @error set when the server is full. */
SigPeer *sig_hub_add_peer (SigHub * hub, gpointer conn, GError ** error);

/* One text frame from @peer. Every problem is answered with an error
 * message to @peer only. */
void sig_hub_handle_text (SigHub * hub, SigPeer * peer, const gchar * text, gsize len);

/* Sends {"type":"error","details":...} to @peer. */
void sig_hub_send_error (SigHub * hub, SigPeer * peer, const gchar * details);

/* The connection is gone: ends its sessions and tells the listeners. */
void sig_hub_remove_peer (SigHub * hub, SigPeer * peer);

/* Graceful shutdown: ends every session, telling both sides. */
void sig_hub_end_all_sessions (SigHub * hub);

const gchar *sig_peer_get_id (SigPeer * peer);
guint sig_hub_get_n_peers (SigHub * hub);
guint sig_hub_get_n_sessions (SigHub * hub);

G_END_DECLS

#endif /* __SIGSERVER_HUB_H__ */
