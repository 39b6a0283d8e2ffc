/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Test helpers: run gst-securertc-signalling-server on 127.0.0.1 with a
 * self-signed certificate in a temporary folder and any free port, and
 * drive it with raw libsoup WebSocket clients over TLS. Every wait is
 * bounded. */

#ifndef __SIGNALLING_TEST_UTIL_H__
#define __SIGNALLING_TEST_UTIL_H__

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *proc;
  gchar *dir;
  gchar *cert_file;
  gchar *fingerprint;           /* "sha-256 AB:..." as printed */
  gchar *spki;                  /* base64 SPKI hash as printed */
  guint port;
  gchar *uri;                   /* wss://127.0.0.1:PORT */
} SigTestServer;

typedef struct
{
  SoupSession *session;
  SoupWebsocketConnection *ws;
  GQueue texts;                 /* received text frames (gchar*) */
  gboolean closed;
  gushort close_code;
  gchar *peer_id;               /* from welcome */
  gint64 last_rx;               /* monotonic time of the last frame */
} SigTestClient;

gchar *sig_test_server_path (void);

/* NULL-terminated extra options; the server's first lines are read until
 * "listening on". Fails the test if it does not start. */
SigTestServer *sig_test_server_start (const gchar * const *extra_args);
SigTestServer *sig_test_server_start_in (const gchar * dir, const gchar * const *extra_args);
gboolean sig_test_server_is_running (SigTestServer * srv);
void sig_test_server_stop (SigTestServer * srv);

/* Runs the default main context until *flag is TRUE or @timeout_ms passed. */
gboolean sig_test_wait_flag (gboolean * flag, guint timeout_ms);
void sig_test_spin (guint ms);

/* Connects and waits for welcome (the client's peer_id is then set). */
SigTestClient *sig_test_client_connect (SigTestServer * srv);
SigTestClient *sig_test_client_connect_uri (const gchar * uri, const gchar * ca_file,
    GError ** error);
void sig_test_client_send (SigTestClient * c, const gchar * text);
void sig_test_client_sendf (SigTestClient * c, const gchar * format, ...) G_GNUC_PRINTF (2, 3);
/* The next text frame, or NULL after @timeout_ms. */
gchar *sig_test_client_next_text (SigTestClient * c, guint timeout_ms);
/* The next frame, parsed; fails the test unless its "type" is @type. */
JsonObject *sig_test_client_expect (SigTestClient * c, const gchar * type, guint timeout_ms);
/* TRUE if nothing arrives for @ms. */
gboolean sig_test_client_silent (SigTestClient * c, guint ms);
gboolean sig_test_client_wait_closed (SigTestClient * c, guint timeout_ms);
void sig_test_client_free (SigTestClient * c);

/* Registers @roles (JSON array text) with @meta_json (or "null") and waits
 * until the server has handled it (its own peerStatusChanged when listening,
 * else a list round trip). */
void sig_test_client_set_status (SigTestClient * c, const gchar * roles_json,
    const gchar * meta_json);

G_END_DECLS

#endif
