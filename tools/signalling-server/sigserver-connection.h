/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __SIGSERVER_CONNECTION_H__
#define __SIGSERVER_CONNECTION_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gchar *host;                  /* address to bind */
  guint port;                   /* 0: any free port */
  GTlsCertificate *certificate; /* NULL: plain ws:// (loopback only, checked by main) */
  gchar *web_root;              /* NULL: no static files */
  guint64 max_message_size;     /* bytes, per WebSocket message */
  guint max_peers;
  guint max_sessions_per_peer;
  guint rate_limit;             /* messages per second, sustained */
  guint rate_burst;             /* messages allowed in a burst */
  guint handshake_timeout;      /* s: TLS handshake + HTTP upgrade must finish by then */
  guint keepalive_interval;     /* s: WebSocket ping after this much silence */
} SigServerConfig;

typedef struct _SigServer SigServer;

/* Binds and starts accepting in the thread-default main context. */
SigServer *sig_server_new (const SigServerConfig * config, GError ** error);

/* The port actually bound. */
guint sig_server_get_port (SigServer * server);

/* Stops accepting, ends every session (both sides get endSession) and closes
 * every WebSocket with 1001 "going away". */
void sig_server_shutdown (SigServer * server);

guint sig_server_get_n_connections (SigServer * server);

void sig_server_free (SigServer * server);

G_END_DECLS

#endif /* __SIGSERVER_CONNECTION_H__ */
