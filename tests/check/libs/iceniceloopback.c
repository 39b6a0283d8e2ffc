/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Two real libnice agents (through GstSecureRtcNiceTransport) connect on
 * 127.0.0.1 in one process with trickled candidates, exchange datagrams
 * both ways, and share a single ICE context thread. Bounded in time. */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/gstsecurertc.h>
#include <gst/securertc/peer/gstniceicetransport.h>

#define TIMEOUT_US (10 * G_USEC_PER_SEC)

typedef struct
{
  GstSecureRtcIceTransport *t;
  struct Peer *other;
  GMutex lock;
  GCond cond;
  GstSecureRtcIceState state;
  gboolean gathered;
  guint n_candidates;
  GPtrArray *received;
} Peer;

static void
on_candidate (GstSecureRtcIceTransport * t, const gchar * cand, Peer * p)
{
  Peer *other = (Peer *) p->other;
  GError *err = NULL;

  fail_unless (g_str_has_prefix (cand, "candidate:"), "%s", cand);
  fail_unless (strstr (cand, "127.0.0.1") != NULL, "%s", cand);
  /* trickle: hand it to the other side at once */
  fail_unless (gst_secure_rtc_ice_transport_add_remote_candidate (other->t,
          cand, &err), "%s", err ? err->message : "");
  g_mutex_lock (&p->lock);
  p->n_candidates++;
  g_mutex_unlock (&p->lock);
}

static void
on_gathering_done (GstSecureRtcIceTransport * t, Peer * p)
{
  g_mutex_lock (&p->lock);
  p->gathered = TRUE;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static void
on_state (GstSecureRtcIceTransport * t, GstSecureRtcIceState state, Peer * p)
{
  g_mutex_lock (&p->lock);
  p->state = state;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static void
on_data (const guint8 * data, gsize len, gpointer user_data)
{
  Peer *p = user_data;

  g_mutex_lock (&p->lock);
  g_ptr_array_add (p->received, g_strndup ((const gchar *) data, len));
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static void
peer_init (Peer * p, Peer * other, gboolean controlling)
{
  const gchar *addrs[] = { "127.0.0.1", NULL };
  GstSecureRtcNiceConfig config = { addrs };
  GError *err = NULL;

  memset (p, 0, sizeof (*p));
  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->other = (struct Peer *) other;
  p->received = g_ptr_array_new_with_free_func (g_free);
  p->t = gst_secure_rtc_nice_transport_new (&config, &err);
  fail_unless (p->t != NULL, "%s", err ? err->message : "");
  gst_secure_rtc_ice_transport_set_controlling (p->t, controlling);
  g_signal_connect (p->t, "candidate", G_CALLBACK (on_candidate), p);
  g_signal_connect (p->t, "gathering-done", G_CALLBACK (on_gathering_done),
      p);
  g_signal_connect (p->t, "state-changed", G_CALLBACK (on_state), p);
  gst_secure_rtc_ice_transport_set_receive_func (p->t, on_data, p, NULL);
}

static void
peer_clear (Peer * p)
{
  gst_object_unref (p->t);
  g_ptr_array_unref (p->received);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
}

static void
exchange_credentials (Peer * a, Peer * b)
{
  gchar *ufrag = NULL, *pwd = NULL;
  GError *err = NULL;

  gst_secure_rtc_ice_transport_get_local_credentials (a->t, &ufrag, &pwd);
  fail_unless (ufrag && pwd && strlen (pwd) >= 22);
  fail_unless (gst_secure_rtc_ice_transport_set_remote_credentials (b->t,
          ufrag, pwd, &err));
  g_free (ufrag);
  memset (pwd, 0, strlen (pwd));
  g_free (pwd);
}

static gboolean
wait_for (Peer * p, gboolean (*cond) (Peer * p))
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_US;
  gboolean ok;

  g_mutex_lock (&p->lock);
  while (!(ok = cond (p)))
    if (!g_cond_wait_until (&p->cond, &p->lock, end))
      break;
  ok = cond (p);
  g_mutex_unlock (&p->lock);
  return ok;
}

static gboolean
is_connected (Peer * p)
{
  return p->state == GST_SECURE_RTC_ICE_STATE_CONNECTED;
}

static gboolean
is_gathered (Peer * p)
{
  return p->gathered;
}

static gboolean
has_data (Peer * p)
{
  return p->received->len > 0;
}

GST_START_TEST (test_connect_loopback)
{
  Peer a, b;
  GError *err = NULL;
  gint64 start = g_get_monotonic_time ();
  gchar *pair;

  peer_init (&a, &b, TRUE);
  peer_init (&b, &a, FALSE);
  /* Both agents run on the shared ICE threads. */
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 2);
  /* Credentials first, as SDP carries them before any candidate. */
  exchange_credentials (&a, &b);
  exchange_credentials (&b, &a);
  fail_unless (gst_secure_rtc_ice_transport_gather (a.t, &err));
  fail_unless (gst_secure_rtc_ice_transport_gather (b.t, &err));
  fail_unless (wait_for (&a, is_gathered) && wait_for (&b, is_gathered));
  fail_unless (a.n_candidates >= 1 && b.n_candidates >= 1);
  fail_unless (wait_for (&a, is_connected), "a not connected: %d", a.state);
  fail_unless (wait_for (&b, is_connected), "b not connected: %d", b.state);
  GST_INFO ("connected in %" G_GINT64_FORMAT " us",
      g_get_monotonic_time () - start);

  pair = gst_secure_rtc_ice_transport_get_selected_pair (a.t);
  fail_unless (pair && strstr (pair, "127.0.0.1") != NULL, "%s", pair);
  g_free (pair);

  /* Data both ways (the controlled side may need a moment to nominate). */
  {
    gint64 end = g_get_monotonic_time () + TIMEOUT_US;
    while (g_get_monotonic_time () < end) {
      gst_secure_rtc_ice_transport_send (a.t, (const guint8 *) "ping", 4);
      gst_secure_rtc_ice_transport_send (b.t, (const guint8 *) "pong", 4);
      g_mutex_lock (&a.lock);
      g_mutex_lock (&b.lock);
      if (a.received->len && b.received->len) {
        g_mutex_unlock (&b.lock);
        g_mutex_unlock (&a.lock);
        break;
      }
      g_mutex_unlock (&b.lock);
      g_mutex_unlock (&a.lock);
      g_usleep (20 * 1000);
    }
  }
  fail_unless (wait_for (&a, has_data) && wait_for (&b, has_data));
  fail_unless_equals_string (g_ptr_array_index (b.received, 0), "ping");
  fail_unless_equals_string (g_ptr_array_index (a.received, 0), "pong");

  gst_secure_rtc_ice_transport_close (a.t);
  fail_if (gst_secure_rtc_ice_transport_send (a.t, (const guint8 *) "x",
          1) && FALSE);
  peer_clear (&a);
  peer_clear (&b);
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 0);
}

GST_END_TEST;

GST_START_TEST (test_bad_candidate)
{
  Peer a, b;
  GError *err = NULL;

  peer_init (&a, &b, TRUE);
  peer_init (&b, &a, FALSE);
  fail_if (gst_secure_rtc_ice_transport_add_remote_candidate (a.t,
          "candidate:garbage", &err));
  fail_unless (err != NULL && strstr (err->message, "candidate") != NULL);
  g_clear_error (&err);
  fail_if (gst_secure_rtc_ice_transport_add_remote_candidate (a.t, "",
          &err));
  g_clear_error (&err);
  peer_clear (&a);
  peer_clear (&b);
}

GST_END_TEST;

/* The pool: at most one thread per processor (at most 16), a further
 * thread once the least used one has 32 users, new users to the least used
 * thread, a context handed back is shared, and every thread stops with its
 * last user. */
GST_START_TEST (test_context_pool)
{
  guint size = CLAMP (g_get_num_processors (), 1, 16), i, n;
  GMainContext **ctx;
  GHashTable *uses = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key, value;
  GMainContext *again;

  if (g_getenv ("GST_SECURERTC_ICE_THREADS"))
    size = CLAMP (g_ascii_strtoull (g_getenv ("GST_SECURERTC_ICE_THREADS"),
            NULL, 10), 1, 16);
  n = 32 * size;
  ctx = g_new0 (GMainContext *, n + 1);
  /* 32 users share the first thread. */
  for (i = 0; i < MIN (32, n); i++)
    ctx[i] = gst_secure_rtc_peer_context_acquire (NULL);
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_threads (),
      1);
  for (i = 0; i < MIN (32, n); i++)
    gst_secure_rtc_peer_context_release (ctx[i]);
  for (i = 0; i < n; i++) {
    ctx[i] = gst_secure_rtc_peer_context_acquire (NULL);
    fail_unless (ctx[i] != NULL);
    g_hash_table_insert (uses, ctx[i], GUINT_TO_POINTER (GPOINTER_TO_UINT
            (g_hash_table_lookup (uses, ctx[i])) + 1));
  }
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_threads (),
      size);
  fail_unless_equals_int (g_hash_table_size (uses), size);
  g_hash_table_iter_init (&iter, uses);
  while (g_hash_table_iter_next (&iter, &key, &value))
    fail_unless_equals_int (GPOINTER_TO_UINT (value), 32);
  again = gst_secure_rtc_peer_context_acquire (ctx[0]);
  fail_unless (again == ctx[0]);
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (),
      n + 1);
  gst_secure_rtc_peer_context_release (again);
  for (i = 0; i < n; i++)
    gst_secure_rtc_peer_context_release (ctx[i]);
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_users (), 0);
  fail_unless_equals_int (gst_secure_rtc_nice_transport_context_threads (),
      0);
  g_hash_table_unref (uses);
  g_free (ctx);
}

GST_END_TEST;

static Suite *
ice_suite (void)
{
  Suite *s = suite_create ("iceniceloopback");
  TCase *tc = tcase_create ("general");

  gst_secure_rtc_init ();
  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 30);
  tcase_add_test (tc, test_connect_loopback);
  tcase_add_test (tc, test_bad_candidate);
  tcase_add_test (tc, test_context_pool);
  return s;
}

GST_CHECK_MAIN (ice);
