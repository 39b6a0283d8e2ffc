/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "consenttestutil.h"

static GMutex rec_lock;
static guint rec_count;
static gboolean rec_opened;

static GstElementClass *video_parent, *audio_parent;
static GQuark fail_quark;

static GstStateChangeReturn
recording_change_state (GstElement * element, GstStateChange transition,
    GstElementClass * parent)
{
  g_mutex_lock (&rec_lock);
  rec_count++;
  if (transition == GST_STATE_CHANGE_NULL_TO_READY)
    rec_opened = TRUE;
  g_mutex_unlock (&rec_lock);
  GST_INFO_OBJECT (element, "recorded %s",
      gst_state_change_get_name (transition));

  if (transition == GST_STATE_CHANGE_NULL_TO_READY &&
      g_object_get_qdata (G_OBJECT (element), fail_quark)) {
    GST_ELEMENT_ERROR (element, RESOURCE, OPEN_READ,
        ("Could not open the test device."), ("fail_open is set"));
    return GST_STATE_CHANGE_FAILURE;
  }
  return parent->change_state (element, transition);
}

static GstStateChangeReturn
video_change_state (GstElement * e, GstStateChange t)
{
  return recording_change_state (e, t, video_parent);
}

static GstStateChangeReturn
audio_change_state (GstElement * e, GstStateChange t)
{
  return recording_change_state (e, t, audio_parent);
}

/* Like pipewiresrc, the video recorder takes an "fd" (the portal's PipeWire
 * remote). GObject routes only this class's own property here. */
static void
video_set_property (GObject * obj, guint id, const GValue * v, GParamSpec * ps)
{
  g_object_set_data (obj, "consent-test-fd",
      GINT_TO_POINTER (g_value_get_int (v) + 1));
}

static void
video_get_property (GObject * obj, guint id, GValue * v, GParamSpec * ps)
{
  g_value_set_int (v, consent_test_recording_get_fd (GST_ELEMENT (obj)));
}

static void
video_class_init (gpointer klass, gpointer data)
{
  GObjectClass *oclass = G_OBJECT_CLASS (klass);

  video_parent = g_type_class_peek_parent (klass);
  GST_ELEMENT_CLASS (klass)->change_state = video_change_state;
  oclass->set_property = video_set_property;
  oclass->get_property = video_get_property;
  g_object_class_install_property (oclass, 1, g_param_spec_int ("fd", "fd",
          "PipeWire remote", -1, G_MAXINT, -1, G_PARAM_READWRITE));
}

gint
consent_test_recording_get_fd (GstElement * e)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (e),
          "consent-test-fd")) - 1;
}

static void
audio_class_init (gpointer klass, gpointer data)
{
  audio_parent = g_type_class_peek_parent (klass);
  GST_ELEMENT_CLASS (klass)->change_state = audio_change_state;
}

static GType
register_subclass (const gchar * parent_factory, const gchar * name,
    GClassInitFunc class_init)
{
  GstElementFactory *f = gst_element_factory_find (parent_factory);
  GType parent, type;
  GTypeQuery q;
  GTypeInfo info = { 0, };

  g_assert (f);
  gst_plugin_feature_load (GST_PLUGIN_FEATURE (f));
  gst_object_unref (f);
  f = gst_element_factory_find (parent_factory);
  parent = gst_element_factory_get_element_type (f);
  gst_object_unref (f);
  g_assert (parent != G_TYPE_INVALID);
  g_type_query (parent, &q);
  info.class_size = q.class_size;
  info.class_init = class_init;
  info.instance_size = q.instance_size;
  type = g_type_register_static (parent, name, &info, 0);
  return type;
}

GstElement *
consent_test_recording_src_new (gboolean video, gboolean fail_open)
{
  static GType vtype, atype;
  GstElement *e;

  if (!fail_quark) {
    fail_quark = g_quark_from_static_string ("consent-test-fail-open");
    vtype = register_subclass ("videotestsrc", "ConsentTestVideoSrc",
        video_class_init);
    atype = register_subclass ("audiotestsrc", "ConsentTestAudioSrc",
        audio_class_init);
  }
  e = g_object_new (video ? vtype : atype, "is-live", TRUE, NULL);
  if (fail_open)
    g_object_set_qdata (G_OBJECT (e), fail_quark, GINT_TO_POINTER (1));
  return e;
}

guint
consent_test_recording_count (void)
{
  guint n;

  g_mutex_lock (&rec_lock);
  n = rec_count;
  g_mutex_unlock (&rec_lock);
  return n;
}

gboolean
consent_test_recording_opened (void)
{
  gboolean o;

  g_mutex_lock (&rec_lock);
  o = rec_opened;
  g_mutex_unlock (&rec_lock);
  return o;
}

void
consent_test_recording_reset (void)
{
  g_mutex_lock (&rec_lock);
  rec_count = 0;
  rec_opened = FALSE;
  g_mutex_unlock (&rec_lock);
}
