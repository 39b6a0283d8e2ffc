/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Watches the remembered-grants file. The store writes atomically (a new
 * file renamed over the old one), which a file monitor reports as a
 * creation or a change depending on the backend; every event simply means
 * "re-read and check", so the exact kind does not matter.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

#include "gstconsentstorewatch.h"

GST_DEBUG_CATEGORY_STATIC (consent_store_watch_debug);
#define GST_CAT_DEFAULT consent_store_watch_debug

struct _GstConsentStoreWatch
{
  GMainContext *context;
  gchar *path;
  GFileMonitor *monitor;
  gboolean stopped;

  GstConsentStoreChangedFunc func;
  gpointer user_data;
  GDestroyNotify notify;
};

static void
on_changed (GFileMonitor * monitor, GFile * file, GFile * other,
    GFileMonitorEvent event, gpointer user_data)
{
  GstConsentStoreWatch *w = user_data;

  GST_DEBUG ("store event %d on %s", event, w->path);
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;
  if (!w->stopped)
    w->func (w->user_data);
}

static gboolean
watch_start_in_context (gpointer data)
{
  GstConsentStoreWatch *w = data;
  GFile *file;
  GError *err = NULL;

  if (w->stopped)
    return G_SOURCE_REMOVE;

  file = g_file_new_for_path (w->path);
  w->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL,
      &err);
  g_object_unref (file);
  if (!w->monitor) {
    GST_WARNING ("cannot watch the consent store %s: %s", w->path,
        err->message);
    g_clear_error (&err);
    return G_SOURCE_REMOVE;
  }
  g_file_monitor_set_rate_limit (w->monitor, 50);
  g_signal_connect (w->monitor, "changed", G_CALLBACK (on_changed), w);
  /* Anything that changed before we watched is caught by this check. */
  w->func (w->user_data);
  return G_SOURCE_REMOVE;
}

GstConsentStoreWatch *
gst_consent_store_watch_new (GMainContext * context, const gchar * path,
    GstConsentStoreChangedFunc func, gpointer user_data, GDestroyNotify notify)
{
  GstConsentStoreWatch *w;

  if (!consent_store_watch_debug)
    GST_DEBUG_CATEGORY_INIT (consent_store_watch_debug, "consentstorewatch", 0,
        "watch of the remembered consent grants");

  w = g_new0 (GstConsentStoreWatch, 1);
  w->context = g_main_context_ref (context);
  w->path = g_strdup (path);
  w->func = func;
  w->user_data = user_data;
  w->notify = notify;
  /* The monitor delivers to the thread-default context it was created in. */
  g_main_context_invoke (context, watch_start_in_context, w);
  return w;
}

static gboolean
watch_free_in_context (gpointer data)
{
  GstConsentStoreWatch *w = data;

  w->stopped = TRUE;
  if (w->monitor) {
    g_signal_handlers_disconnect_by_data (w->monitor, w);
    g_file_monitor_cancel (w->monitor);
    g_object_unref (w->monitor);
  }
  if (w->notify)
    w->notify (w->user_data);
  g_main_context_unref (w->context);
  g_free (w->path);
  g_free (w);
  return G_SOURCE_REMOVE;
}

void
gst_consent_store_watch_free (GstConsentStoreWatch * w)
{
  if (!w)
    return;
  g_main_context_invoke (w->context, watch_free_in_context, w);
}
