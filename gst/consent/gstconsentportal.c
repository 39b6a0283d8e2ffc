/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Portal consent provider: org.freedesktop.portal.Camera over D-Bus.
 *
 * AccessCamera follows the portal Request/Response pattern: the call returns
 * at once with the object path of a Request, and the decision arrives later
 * as that Request's Response(u response, a{sv} results) signal, where 0 is
 * success, 1 cancelled by the user and 2 any other ending (denied). We pass a
 * handle_token so the path is known before the call and subscribe to it
 * first, so a fast portal cannot answer before we listen.
 *
 * Each element uses its own private connection to the session bus (not the
 * process-wide singleton): it can be closed when the element stops, and it
 * follows DBUS_SESSION_BUS_ADDRESS at the time of the request.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gio/gunixfdlist.h>

#include "gstconsentportal.h"

GST_DEBUG_CATEGORY_STATIC (consent_portal_debug);
#define GST_CAT_DEFAULT consent_portal_debug

#define PORTAL_CALL_TIMEOUT_MS 10000

struct _GstConsentPortal
{
  gint ref_count;
  GDBusConnection *conn;
  GCancellable *cancellable;
  GMainContext *context;
  gchar *request_path;
  guint response_sub;
  gboolean answered;

  GstConsentAnswerFunc func;
  gpointer user_data;
  GDestroyNotify notify;
};

static gboolean
portal_name_present (GDBusConnection * conn, GError ** error)
{
  GVariant *ret;
  gboolean has_owner = FALSE;

  ret = g_dbus_connection_call_sync (conn, "org.freedesktop.DBus",
      "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner",
      g_variant_new ("(s)", GST_CONSENT_PORTAL_BUS_NAME), G_VARIANT_TYPE ("(b)"),
      G_DBUS_CALL_FLAGS_NONE, PORTAL_CALL_TIMEOUT_MS, NULL, error);
  if (!ret)
    return FALSE;
  g_variant_get (ret, "(b)", &has_owner);
  g_variant_unref (ret);
  if (has_owner)
    return TRUE;

  /* Not running, but the bus may start it on demand. */
  ret = g_dbus_connection_call_sync (conn, "org.freedesktop.DBus",
      "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListActivatableNames",
      NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE,
      PORTAL_CALL_TIMEOUT_MS, NULL, error);
  if (!ret)
    return FALSE;
  {
    const gchar **names = NULL;
    guint i;

    g_variant_get (ret, "(^a&s)", &names);
    for (i = 0; names && names[i] && !has_owner; i++)
      has_owner = g_str_equal (names[i], GST_CONSENT_PORTAL_BUS_NAME);
    g_free (names);
  }
  g_variant_unref (ret);

  if (!has_owner)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
        "%s is neither running nor activatable on the session bus",
        GST_CONSENT_PORTAL_BUS_NAME);
  return has_owner;
}

GstConsentPortal *
gst_consent_portal_connect (GError ** error)
{
  GstConsentPortal *p;
  GDBusConnection *conn;
  gchar *address;

  if (!consent_portal_debug)
    GST_DEBUG_CATEGORY_INIT (consent_portal_debug, "consentportal", 0,
        "consent asked through xdg-desktop-portal");

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (!address)
    return NULL;
  conn = g_dbus_connection_new_for_address_sync (address,
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, error);
  g_free (address);
  if (!conn)
    return NULL;
  g_dbus_connection_set_exit_on_close (conn, FALSE);

  if (!portal_name_present (conn, error)) {
    g_dbus_connection_close (conn, NULL, NULL, NULL);
    g_object_unref (conn);
    return NULL;
  }

  p = g_new0 (GstConsentPortal, 1);
  p->ref_count = 1;
  p->conn = conn;
  p->cancellable = g_cancellable_new ();
  return p;
}

static void
portal_finish (GstConsentPortal * p, gboolean granted, const gchar * reason)
{
  if (p->answered)
    return;
  p->answered = TRUE;
  if (p->response_sub) {
    g_dbus_connection_signal_unsubscribe (p->conn, p->response_sub);
    p->response_sub = 0;
  }
  GST_INFO ("portal answer: %s (%s)", granted ? "grant" : "deny", reason);
  /* The portal keeps its own permission store; for us a portal grant is
   * "once": we never write it to our store. */
  p->func (granted, GST_SECURE_RTC_CONSENT_SCOPE_ONCE, reason, p->user_data);
}

static void
on_response (GDBusConnection * conn, const gchar * sender, const gchar * path,
    const gchar * iface, const gchar * signal, GVariant * params,
    gpointer user_data)
{
  GstConsentPortal *p = user_data;
  guint32 response = 2;

  if (!g_variant_is_of_type (params, G_VARIANT_TYPE ("(ua{sv})"))) {
    portal_finish (p, FALSE, "the portal sent a malformed Response");
    return;
  }
  g_variant_get (params, "(u@a{sv})", &response, NULL);
  switch (response) {
    case 0:
      portal_finish (p, TRUE, "allowed through the camera portal");
      break;
    case 1:
      portal_finish (p, FALSE, "the request was cancelled in the camera portal");
      break;
    default:
      portal_finish (p, FALSE, "denied by the camera portal");
      break;
  }
}

static GstConsentPortal *
portal_ref (GstConsentPortal * p)
{
  g_atomic_int_inc (&p->ref_count);
  return p;
}

/* The last reference goes when the element cancelled the request and every
 * pending D-Bus callback has run. */
static void
portal_unref (gpointer data)
{
  GstConsentPortal *p = data;

  if (!g_atomic_int_dec_and_test (&p->ref_count))
    return;
  if (p->notify)
    p->notify (p->user_data);
  g_object_unref (p->cancellable);
  g_object_unref (p->conn);
  if (p->context)
    g_main_context_unref (p->context);
  g_free (p->request_path);
  g_free (p);
}

static void
subscribe (GstConsentPortal * p, const gchar * path)
{
  if (p->response_sub)
    g_dbus_connection_signal_unsubscribe (p->conn, p->response_sub);
  g_free (p->request_path);
  p->request_path = g_strdup (path);
  p->response_sub = g_dbus_connection_signal_subscribe (p->conn, NULL,
      GST_CONSENT_PORTAL_REQUEST_IFACE, "Response", path, NULL,
      G_DBUS_SIGNAL_FLAGS_NONE, on_response, portal_ref (p), portal_unref);
}

static void
access_camera_done (GObject * source, GAsyncResult * res, gpointer user_data)
{
  GstConsentPortal *p = user_data;
  GError *err = NULL;
  GVariant *ret;
  const gchar *handle = NULL;

  ret = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), res, &err);
  if (!ret && p->answered) {
    g_clear_error (&err);
  } else if (!ret) {
    if (!g_error_matches (err, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
      gchar *reason;
      gchar *remote = g_dbus_error_get_remote_error (err);
      g_dbus_error_strip_remote_error (err);
      reason = g_strdup_printf ("the camera portal refused the request (%s: %s)",
          remote ? remote : "error", err->message);
      portal_finish (p, FALSE, reason);
      g_free (reason);
      g_free (remote);
    }
    g_clear_error (&err);
  }
  if (!ret) {
    portal_unref (p);
    return;
  }
  g_variant_get (ret, "(&o)", &handle);
  /* Old portals ignore handle_token; follow the path they chose. */
  if (!p->answered && g_strcmp0 (handle, p->request_path) != 0) {
    GST_DEBUG ("portal chose request path %s", handle);
    subscribe (p, handle);
  }
  g_variant_unref (ret);
  portal_unref (p);
}

static gboolean
portal_ask_in_context (gpointer data)
{
  GstConsentPortal *p = data;
  GVariantBuilder opts;
  gchar *token, *sender, *path;
  const gchar *unique = g_dbus_connection_get_unique_name (p->conn);
  gchar *c;

  token = g_strdup_printf ("gstconsent%u", g_random_int ());
  sender = g_strdup (unique[0] == ':' ? unique + 1 : unique);
  for (c = sender; *c; c++)
    if (*c == '.')
      *c = '_';
  path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s",
      sender, token);
  subscribe (p, path);

  g_variant_builder_init (&opts, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&opts, "{sv}", "handle_token",
      g_variant_new_string (token));
  g_dbus_connection_call (p->conn, GST_CONSENT_PORTAL_BUS_NAME,
      GST_CONSENT_PORTAL_OBJECT_PATH, GST_CONSENT_PORTAL_CAMERA_IFACE,
      "AccessCamera", g_variant_new ("(a{sv})", &opts), G_VARIANT_TYPE ("(o)"),
      G_DBUS_CALL_FLAGS_NONE, PORTAL_CALL_TIMEOUT_MS, p->cancellable,
      access_camera_done, portal_ref (p));

  g_free (path);
  g_free (sender);
  g_free (token);
  return G_SOURCE_REMOVE;
}

void
gst_consent_portal_ask (GstConsentPortal * p, GMainContext * context,
    GstConsentAnswerFunc func, gpointer user_data, GDestroyNotify notify)
{
  p->context = g_main_context_ref (context);
  p->func = func;
  p->user_data = user_data;
  p->notify = notify;
  g_main_context_invoke (context, portal_ask_in_context, p);
}

gint
gst_consent_portal_open_pipewire_remote (GstConsentPortal * p, GError ** error)
{
  GUnixFDList *fds = NULL;
  GVariant *ret;
  gint32 idx = -1;
  gint fd;

  ret = g_dbus_connection_call_with_unix_fd_list_sync (p->conn,
      GST_CONSENT_PORTAL_BUS_NAME, GST_CONSENT_PORTAL_OBJECT_PATH,
      GST_CONSENT_PORTAL_CAMERA_IFACE, "OpenPipeWireRemote",
      g_variant_new ("(a{sv})", NULL), G_VARIANT_TYPE ("(h)"),
      G_DBUS_CALL_FLAGS_NONE, PORTAL_CALL_TIMEOUT_MS, NULL, &fds, NULL, error);
  if (!ret)
    return -1;
  g_variant_get (ret, "(h)", &idx);
  g_variant_unref (ret);
  fd = fds ? g_unix_fd_list_get (fds, idx, error) : -1;
  if (!fds)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
        "the portal returned no file descriptor");
  g_clear_object (&fds);
  return fd;
}

static gboolean
portal_cancel_in_context (gpointer data)
{
  GstConsentPortal *p = data;

  p->answered = TRUE;
  g_cancellable_cancel (p->cancellable);
  if (p->response_sub) {
    g_dbus_connection_signal_unsubscribe (p->conn, p->response_sub);
    p->response_sub = 0;
  }
  /* Never blocks: the portal closes a Request (and its dialog) when the
   * connection that made it goes away, and the Close call is best effort. */
  if (p->request_path)
    g_dbus_connection_call (p->conn, GST_CONSENT_PORTAL_BUS_NAME,
        p->request_path, GST_CONSENT_PORTAL_REQUEST_IFACE, "Close", NULL, NULL,
        G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000, NULL, NULL, NULL);
  g_dbus_connection_close (p->conn, NULL, NULL, NULL);
  portal_unref (p);
  return G_SOURCE_REMOVE;
}

void
gst_consent_portal_cancel (GstConsentPortal * p)
{
  if (!p)
    return;
  if (p->context)
    g_main_context_invoke (p->context, portal_cancel_in_context, p);
  else
    portal_cancel_in_context (p);
}
