/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Our side of the browser test (run.sh): registers a producer with
 * GstSecureRtcSignaller (like webrtcsink would), and a listener that waits
 * for the page's verdict, which the page reports as the meta of a listener
 * peer: {"browserTestResult": {"ok": true, "sawProducer": ID, ...}}.
 *
 *   signalling-browser-helper URI CA_FILE PRODUCER_NAME TIMEOUT_S
 *
 * Prints "producer-id ID" once registered; exits 0 when the browser saw
 * exactly our producer, 1 otherwise (failure reported, or timeout). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>
#include <gst/securertc/signalling/gstsignaller.h>

typedef struct
{
  GMainLoop *loop;
  gchar *producer_id;
  gint result;
} Helper;

static void
on_error (GstSecureRtcSignaller * sig, GError * error, Helper * h)
{
  g_printerr ("signaller error: %s\n", error->message);
  h->result = 1;
  g_main_loop_quit (h->loop);
}

static void
on_producer_welcome (GstSecureRtcSignaller * sig, const gchar * id, Helper * h)
{
  h->producer_id = g_strdup (id);
  g_print ("producer-id %s\n", id);
}

static void
on_status (GstSecureRtcSignaller * sig, const gchar * peer_id,
    GstSecureRtcSignallingRoles roles, JsonNode * meta, Helper * h)
{
  JsonObject *res;
  g_autofree gchar *text = NULL;

  if (meta == NULL || !JSON_NODE_HOLDS_OBJECT (meta)
      || !json_object_has_member (json_node_get_object (meta), "browserTestResult"))
    return;
  text = json_to_string (meta, FALSE);
  g_print ("browser reported: %s\n", text);
  res = json_object_get_object_member (json_node_get_object (meta), "browserTestResult");
  if (res && json_object_get_boolean_member_with_default (res, "ok", FALSE)
      && g_strcmp0 (json_object_get_string_member_with_default (res, "sawProducer",
              ""), h->producer_id) == 0) {
    g_print ("PASS: Chromium (gstwebrtc-api) saw our producer %s\n", h->producer_id);
    h->result = 0;
  } else {
    g_print ("FAIL: the browser did not see our producer\n");
    h->result = 1;
  }
  g_main_loop_quit (h->loop);
}

static gboolean
on_timeout (gpointer data)
{
  Helper *h = data;

  g_print ("FAIL: no verdict from the browser in time\n");
  h->result = 1;
  g_main_loop_quit (h->loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  Helper h = { 0 };
  GstSecureRtcSignaller *producer, *listener;
  g_autoptr (JsonNode) meta = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *meta_text = NULL;

  if (argc != 5) {
    g_printerr ("usage: %s URI CA_FILE PRODUCER_NAME TIMEOUT_S\n", argv[0]);
    return 2;
  }
  setvbuf (stdout, NULL, _IOLBF, 0);
  gst_init (NULL, NULL);
  h.loop = g_main_loop_new (NULL, FALSE);
  h.result = 1;

  meta_text = g_strdup_printf ("{\"name\":\"%s\"}", argv[3]);
  meta = json_from_string (meta_text, &error);
  g_assert (meta != NULL);

  listener = gst_secure_rtc_signaller_new (argv[1]);
  g_object_set (listener, "ca-file", argv[2], NULL);
  gst_secure_rtc_signaller_set_peer_status (listener,
      GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER, NULL);
  g_signal_connect (listener, "peer-status-changed", G_CALLBACK (on_status), &h);
  g_signal_connect (listener, "error", G_CALLBACK (on_error), &h);

  producer = gst_secure_rtc_signaller_new (argv[1]);
  g_object_set (producer, "ca-file", argv[2], NULL);
  gst_secure_rtc_signaller_set_peer_status (producer,
      GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER, meta);
  g_signal_connect (producer, "welcome", G_CALLBACK (on_producer_welcome), &h);
  g_signal_connect (producer, "error", G_CALLBACK (on_error), &h);

  if (!gst_secure_rtc_signaller_start (listener, &error)
      || !gst_secure_rtc_signaller_start (producer, &error)) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  g_timeout_add_seconds (atoi (argv[4]), on_timeout, &h);
  g_main_loop_run (h.loop);

  gst_secure_rtc_signaller_stop (producer);
  gst_secure_rtc_signaller_stop (listener);
  g_object_unref (producer);
  g_object_unref (listener);
  g_main_loop_unref (h.loop);
  g_free (h.producer_id);
  return h.result;
}
