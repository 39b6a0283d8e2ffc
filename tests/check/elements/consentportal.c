/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * consent-provider=portal against a fake org.freedesktop.portal.Camera
 * service on a private session bus (GTestDBus: a real dbus-daemon, a fake
 * backend). The fake implements AccessCamera with the Request/Response
 * pattern and answers granted (0), cancelled (1), denied (2), or never.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/consent/gstconsentengine.h>

#include "consenttestutil.h"

#define WAIT_S 5
#define NO_RESPONSE 99

static const gchar portal_xml[] =
    "<node>"
    " <interface name='org.freedesktop.portal.Camera'>"
    "  <method name='AccessCamera'>"
    "   <arg type='a{sv}' name='options' direction='in'/>"
    "   <arg type='o' name='handle' direction='out'/>"
    "  </method>"
    "  <method name='OpenPipeWireRemote'>"
    "   <arg type='a{sv}' name='options' direction='in'/>"
    "   <arg type='h' name='fd' direction='out'/>"
    "  </method>"
    "  <property name='IsCameraPresent' type='b' access='read'/>"
    "  <property name='version' type='u' access='read'/>"
    " </interface>"
    "</node>";

typedef struct
{
  GTestDBus *bus;
  GThread *thread;
  GMainContext *ctx;
  GMainLoop *loop;
  GDBusConnection *conn;
  guint response;               /* what to answer */

  GMutex lock;
  GCond cond;
  gboolean ready;
  guint calls;
  guint pipewire_calls;
  gboolean token_given;
  gboolean path_matches_token;
  gboolean device_opened_before_response;
} FakePortal;

typedef struct
{
  FakePortal *portal;
  gchar *dest;
  gchar *path;
} PendingResponse;

static gboolean
send_response (gpointer data)
{
  PendingResponse *r = data;
  GVariantBuilder results;

  g_mutex_lock (&r->portal->lock);
  r->portal->device_opened_before_response = consent_test_recording_opened ();
  g_mutex_unlock (&r->portal->lock);

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_dbus_connection_emit_signal (r->portal->conn, r->dest, r->path,
      "org.freedesktop.portal.Request", "Response",
      g_variant_new ("(ua{sv})", r->portal->response, &results), NULL);
  g_free (r->dest);
  g_free (r->path);
  g_free (r);
  return G_SOURCE_REMOVE;
}

static void
portal_method (GDBusConnection * conn, const gchar * sender,
    const gchar * path, const gchar * iface, const gchar * method,
    GVariant * params, GDBusMethodInvocation * inv, gpointer user_data)
{
  FakePortal *p = user_data;

  if (g_str_equal (method, "AccessCamera")) {
    GVariant *opts = g_variant_get_child_value (params, 0);
    const gchar *token = NULL;
    gchar *s, *c, *handle;
    PendingResponse *r;
    GSource *src;

    g_variant_lookup (opts, "handle_token", "&s", &token);
    s = g_strdup (sender + 1);
    for (c = s; *c; c++)
      if (*c == '.')
        *c = '_';
    handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s",
        s, token ? token : "t");
    g_mutex_lock (&p->lock);
    p->calls++;
    p->token_given = token != NULL;
    g_mutex_unlock (&p->lock);
    g_dbus_method_invocation_return_value (inv, g_variant_new ("(o)", handle));

    if (p->response != NO_RESPONSE) {
      /* answer a little later, like a person clicking in a dialog */
      r = g_new0 (PendingResponse, 1);
      r->portal = p;
      r->dest = g_strdup (sender);
      r->path = handle;
      src = g_timeout_source_new (200);
      g_source_set_callback (src, send_response, r, NULL);
      g_source_attach (src, p->ctx);
      g_source_unref (src);
    } else {
      g_free (handle);
    }
    g_free (s);
    g_variant_unref (opts);
  } else if (g_str_equal (method, "OpenPipeWireRemote")) {
    /* any fd will do to prove it reaches the device source */
    gint fds[2];
    GUnixFDList *list;

    g_assert (pipe (fds) == 0);
    list = g_unix_fd_list_new_from_array (&fds[0], 1);
    close (fds[1]);
    g_mutex_lock (&p->lock);
    p->pipewire_calls++;
    g_mutex_unlock (&p->lock);
    g_dbus_method_invocation_return_value_with_unix_fd_list (inv,
        g_variant_new ("(h)", 0), list);
    g_object_unref (list);
  } else {
    g_dbus_method_invocation_return_dbus_error (inv,
        "org.freedesktop.DBus.Error.NotSupported", "not in this fake");
  }
}

static GVariant *
portal_get_property (GDBusConnection * conn, const gchar * sender,
    const gchar * path, const gchar * iface, const gchar * prop,
    GError ** error, gpointer user_data)
{
  if (g_str_equal (prop, "IsCameraPresent"))
    return g_variant_new_boolean (TRUE);
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable vtable = {
  portal_method, portal_get_property, NULL, {0}
};

static gpointer
portal_thread (gpointer data)
{
  FakePortal *p = data;
  GDBusNodeInfo *info;
  GVariant *ret;
  guint reg;

  g_main_context_push_thread_default (p->ctx);
  p->conn = g_dbus_connection_new_for_address_sync
      (g_test_dbus_get_bus_address (p->bus),
      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION, NULL, NULL, NULL);
  g_assert (p->conn);
  info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  reg = g_dbus_connection_register_object (p->conn,
      "/org/freedesktop/portal/desktop", info->interfaces[0], &vtable, p, NULL,
      NULL);
  g_assert (reg);
  ret = g_dbus_connection_call_sync (p->conn, "org.freedesktop.DBus",
      "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
      g_variant_new ("(su)", "org.freedesktop.portal.Desktop", 4),
      G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  g_assert (ret);
  g_variant_unref (ret);

  g_mutex_lock (&p->lock);
  p->ready = TRUE;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);

  g_main_loop_run (p->loop);

  g_dbus_connection_unregister_object (p->conn, reg);
  g_dbus_node_info_unref (info);
  g_dbus_connection_close_sync (p->conn, NULL, NULL);
  g_object_unref (p->conn);
  g_main_context_pop_thread_default (p->ctx);
  return NULL;
}

/* with_portal FALSE: a private bus with no portal on it */
static FakePortal *
fake_portal_start (gboolean with_portal, guint response)
{
  FakePortal *p = g_new0 (FakePortal, 1);
  gint64 end;

  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->response = response;
  p->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (p->bus);      /* sets DBUS_SESSION_BUS_ADDRESS */
  if (!with_portal)
    return p;

  p->ctx = g_main_context_new ();
  p->loop = g_main_loop_new (p->ctx, FALSE);
  p->thread = g_thread_new ("fake-portal", portal_thread, p);
  end = g_get_monotonic_time () + WAIT_S * G_USEC_PER_SEC;
  g_mutex_lock (&p->lock);
  while (!p->ready)
    if (!g_cond_wait_until (&p->cond, &p->lock, end))
      break;
  fail_unless (p->ready, "fake portal did not come up");
  g_mutex_unlock (&p->lock);
  return p;
}

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
fake_portal_stop (FakePortal * p)
{
  if (p->thread) {
    g_main_context_invoke (p->ctx, quit_loop, p->loop);
    g_thread_join (p->thread);
    g_main_loop_unref (p->loop);
    g_main_context_unref (p->ctx);
  }
  g_test_dbus_down (p->bus);
  g_object_unref (p->bus);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
  g_free (p);
}

/* ---- pipeline ---- */

typedef struct
{
  GstElement *pipeline, *src, *device;
  GstBus *bus;
  GMutex lock;
  GCond cond;
  guint buffers;
} Pipe;

static GstPadProbeReturn
count_buffers (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Pipe *p = data;

  g_mutex_lock (&p->lock);
  p->buffers++;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
  return GST_PAD_PROBE_OK;
}

static Pipe *
pipe_new (guint timeout_ms)
{
  Pipe *p = g_new0 (Pipe, 1);
  GstElement *sink;
  GstPad *pad;

  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->pipeline = gst_pipeline_new (NULL);
  p->src = gst_element_factory_make ("consentvideosrc", NULL);
  fail_unless (p->src != NULL);
  p->device = consent_test_recording_src_new (TRUE, FALSE);
  g_object_set (p->src, "device-source", p->device, "consent-timeout",
      timeout_ms, NULL);
  gst_util_set_object_arg (G_OBJECT (p->src), "consent-provider", "portal");
  sink = gst_element_factory_make ("fakesink", NULL);
  gst_bin_add_many (GST_BIN (p->pipeline), p->src, sink, NULL);
  fail_unless (gst_element_link (p->src, sink));
  pad = gst_element_get_static_pad (p->src, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffers, p, NULL);
  gst_object_unref (pad);
  p->bus = gst_element_get_bus (p->pipeline);
  consent_test_recording_reset ();
  return p;
}

static void
pipe_free (Pipe * p)
{
  gst_element_set_state (p->pipeline, GST_STATE_NULL);
  gst_object_unref (p->bus);
  gst_object_unref (p->pipeline);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
  g_free (p);
}

static gboolean
wait_buffers (Pipe * p, guint n, gdouble secs)
{
  gint64 end = g_get_monotonic_time () + (gint64) (secs * G_USEC_PER_SEC);
  gboolean ok;

  g_mutex_lock (&p->lock);
  while (p->buffers < n)
    if (!g_cond_wait_until (&p->cond, &p->lock, end))
      break;
  ok = p->buffers >= n;
  g_mutex_unlock (&p->lock);
  return ok;
}

/* Expects a RESOURCE/NOT_AUTHORIZED error whose debug text has @needle. */
static void
expect_not_authorized (Pipe * p, const gchar * needle)
{
  GstMessage *msg = gst_bus_timed_pop_filtered (p->bus, WAIT_S * GST_SECOND,
      GST_MESSAGE_ERROR);
  GError *err = NULL;
  gchar *dbg = NULL;

  fail_unless (msg != NULL, "no error");
  gst_message_parse_error (msg, &err, &dbg);
  GST_INFO ("error: %s / %s", err->message, dbg);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_AUTHORIZED), "%s", err->message);
  fail_unless (dbg && strstr (dbg, needle) != NULL, "debug text: %s", dbg);
  g_clear_error (&err);
  g_free (dbg);
  gst_message_unref (msg);
}

GST_START_TEST (test_portal_granted)
{
  FakePortal *fp = fake_portal_start (TRUE, 0);
  Pipe *p = pipe_new (5000);
  gboolean in_use = FALSE;
  gint fd;

  fail_if (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  fail_unless (wait_buffers (p, 5, WAIT_S));
  g_object_get (p->src, "in-use", &in_use, NULL);
  fail_unless (in_use);
  /* the device source got the portal's PipeWire remote */
  fd = consent_test_recording_get_fd (p->device);
  fail_unless (fd >= 0);
  fail_unless (fcntl (fd, F_GETFD) != -1);
  g_mutex_lock (&fp->lock);
  fail_unless_equals_int (fp->pipewire_calls, 1);
  fail_unless_equals_int (fp->calls, 1);
  fail_unless (fp->token_given);
  fail_if (fp->device_opened_before_response);
  g_mutex_unlock (&fp->lock);
  pipe_free (p);
  fake_portal_stop (fp);
}

GST_END_TEST;

static void
run_refused (guint response, const gchar * needle)
{
  FakePortal *fp = fake_portal_start (TRUE, response);
  Pipe *p = pipe_new (5000);

  fail_if (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  expect_not_authorized (p, needle);
  fail_if (wait_buffers (p, 1, 0.3));
  fail_unless_equals_int (consent_test_recording_count (), 0);
  g_mutex_lock (&fp->lock);
  fail_unless_equals_int (fp->calls, 1);
  g_mutex_unlock (&fp->lock);
  pipe_free (p);
  fake_portal_stop (fp);
}

GST_START_TEST (test_portal_denied)
{
  run_refused (2, "denied by the camera portal");
}

GST_END_TEST;

GST_START_TEST (test_portal_cancelled)
{
  run_refused (1, "cancelled");
}

GST_END_TEST;

GST_START_TEST (test_portal_never_answers)
{
  FakePortal *fp = fake_portal_start (TRUE, NO_RESPONSE);
  Pipe *p = pipe_new (500);

  fail_if (gst_element_set_state (p->pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE);
  expect_not_authorized (p, "timed-out");
  fail_unless_equals_int (consent_test_recording_count (), 0);
  pipe_free (p);
  fake_portal_stop (fp);
}

GST_END_TEST;

GST_START_TEST (test_portal_absent)
{
  FakePortal *fp = fake_portal_start (FALSE, 0);
  Pipe *p = pipe_new (5000);
  GstMessage *msg;
  GError *err = NULL;

  /* known at once: the state change itself fails */
  fail_unless_equals_int (gst_element_set_state (p->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (p->bus, WAIT_S * GST_SECOND,
      GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_NOT_AUTHORIZED));
  fail_unless (strstr (err->message, "portal") != NULL, "%s", err->message);
  g_clear_error (&err);
  gst_message_unref (msg);
  fail_unless_equals_int (consent_test_recording_count (), 0);
  pipe_free (p);
  fake_portal_stop (fp);
}

GST_END_TEST;

GST_START_TEST (test_no_session_bus)
{
  Pipe *p = pipe_new (5000);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  fail_unless_equals_int (gst_element_set_state (p->pipeline,
          GST_STATE_PLAYING), GST_STATE_CHANGE_FAILURE);
  fail_unless_equals_int (consent_test_recording_count (), 0);
  pipe_free (p);
}

GST_END_TEST;

static Suite *
consentportal_suite (void)
{
  Suite *s = suite_create ("consentportal");
  TCase *tc = tcase_create ("portal");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_portal_granted);
  tcase_add_test (tc, test_portal_denied);
  tcase_add_test (tc, test_portal_cancelled);
  tcase_add_test (tc, test_portal_never_answers);
  tcase_add_test (tc, test_portal_absent);
  tcase_add_test (tc, test_no_session_bus);
  return s;
}

int
main (int argc, char **argv)
{
  gchar *tmp = g_dir_make_tmp ("consent-portal-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  gst_check_init (&argc, &argv);
  ret = gst_check_run_suite (consentportal_suite (), "consentportal",
      __FILE__);
  g_rmdir (tmp);
  g_free (tmp);
  return ret;
}
