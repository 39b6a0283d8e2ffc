/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The consent switch: the one place frames leave a consent bin.
 *
 *   device_sink ──┐
 *                 ├──► src
 *   blank_sink ───┘
 *
 * Only the selected branch passes. The bin closes the gate (NONE) *before*
 * it takes the device to NULL, so a frame the device still had in flight is
 * dropped here and never leaves the element after a revoke.
 *
 * The blank branch carries black video / silence with the caps the device
 * had negotiated; its buffers are re-stamped to continue after the last
 * device frame (or at the current running time, whichever is later), and its
 * stream-start / segment / caps are only forwarded when downstream has not
 * seen one yet, so downstream sees one continuous stream.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstconsentswitch.h"

GST_DEBUG_CATEGORY_STATIC (consent_switch_debug);
#define GST_CAT_DEFAULT consent_switch_debug

struct _GstConsentSwitch
{
  GstElement parent;

  GstPad *device_sink;
  GstPad *blank_sink;
  GstPad *src;

  /* protected by the object lock */
  GstConsentSwitchBranch branch;
  GThread *device_thread;       /* the device's streaming thread, if seen */
  GstCaps *device_caps;
  GstClockTime last_end;
  gboolean blank_first;
  GstClockTime blank_in_base;
  GstClockTime blank_out_base;
};

G_DEFINE_TYPE_WITH_CODE (GstConsentSwitch, gst_consent_switch, GST_TYPE_ELEMENT,
    GST_DEBUG_CATEGORY_INIT (consent_switch_debug, "consentswitch", 0,
        "gate inside the consent sources"));

static GstStaticPadTemplate device_template =
GST_STATIC_PAD_TEMPLATE ("device_sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate blank_template =
GST_STATIC_PAD_TEMPLATE ("blank_sink", GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template =
GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS_ANY);

GstElement *
gst_consent_switch_new (void)
{
  return g_object_new (GST_TYPE_CONSENT_SWITCH, "name", "consentswitch", NULL);
}

static GstFlowReturn
device_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);
  GstClockTime pts, dur;

  GST_OBJECT_LOCK (self);
  if (self->branch != GST_CONSENT_SWITCH_BRANCH_DEVICE) {
    GST_OBJECT_UNLOCK (self);
    GST_LOG_OBJECT (self, "gate closed: dropping a device buffer");
    gst_buffer_unref (buf);
    return GST_FLOW_FLUSHING;
  }
  self->device_thread = g_thread_self ();
  pts = GST_BUFFER_PTS (buf);
  dur = GST_BUFFER_DURATION (buf);
  if (GST_CLOCK_TIME_IS_VALID (pts))
    self->last_end = pts + (GST_CLOCK_TIME_IS_VALID (dur) ? dur : 0);
  GST_OBJECT_UNLOCK (self);

  return gst_pad_push (self->src, buf);
}

static GstFlowReturn
blank_chain (GstPad * pad, GstObject * parent, GstBuffer * buf)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);
  GstClockTime pts;
  gboolean discont = FALSE;

  GST_OBJECT_LOCK (self);
  if (self->branch != GST_CONSENT_SWITCH_BRANCH_BLANK) {
    GST_OBJECT_UNLOCK (self);
    gst_buffer_unref (buf);
    return GST_FLOW_FLUSHING;
  }

  pts = GST_BUFFER_PTS (buf);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    pts = 0;

  if (self->blank_first) {
    GstClockTime start = self->last_end;
    GstClockTime now;

    GST_OBJECT_UNLOCK (self);
    now = gst_element_get_current_running_time (GST_ELEMENT (self));
    GST_OBJECT_LOCK (self);
    if (GST_CLOCK_TIME_IS_VALID (now) &&
        (!GST_CLOCK_TIME_IS_VALID (start) || now > start))
      start = now;
    if (!GST_CLOCK_TIME_IS_VALID (start))
      start = 0;
    self->blank_in_base = pts;
    self->blank_out_base = start;
    self->blank_first = FALSE;
    discont = TRUE;
    GST_DEBUG_OBJECT (self, "blank stream starts at %" GST_TIME_FORMAT,
        GST_TIME_ARGS (start));
  }

  buf = gst_buffer_make_writable (buf);
  GST_BUFFER_PTS (buf) = self->blank_out_base +
      (pts > self->blank_in_base ? pts - self->blank_in_base : 0);
  GST_BUFFER_DTS (buf) = GST_CLOCK_TIME_NONE;
  if (GST_BUFFER_DURATION_IS_VALID (buf))
    self->last_end = GST_BUFFER_PTS (buf) + GST_BUFFER_DURATION (buf);
  else
    self->last_end = GST_BUFFER_PTS (buf);
  GST_OBJECT_UNLOCK (self);

  if (discont)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);

  return gst_pad_push (self->src, buf);
}

static gboolean
device_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);
  gboolean pass;

  GST_OBJECT_LOCK (self);
  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *caps;
    gst_event_parse_caps (event, &caps);
    gst_caps_replace (&self->device_caps, caps);
  }
  pass = self->branch == GST_CONSENT_SWITCH_BRANCH_DEVICE;
  GST_OBJECT_UNLOCK (self);

  if (!pass) {
    GST_DEBUG_OBJECT (self, "gate closed: dropping device event %"
        GST_PTR_FORMAT, event);
    gst_event_unref (event);
    return TRUE;
  }
  return gst_pad_push_event (self->src, event);
}

static gboolean
blank_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);
  gboolean pass = FALSE;

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_STREAM_START:
    case GST_EVENT_SEGMENT:{
      /* Only when downstream never saw the device's: one continuous stream */
      GstEvent *have = gst_pad_get_sticky_event (self->src,
          GST_EVENT_TYPE (event), 0);
      pass = (have == NULL);
      if (have)
        gst_event_unref (have);
      break;
    }
    case GST_EVENT_CAPS:{
      GstCaps *caps, *cur = gst_pad_get_current_caps (self->src);
      gst_event_parse_caps (event, &caps);
      pass = (cur == NULL || !gst_caps_is_equal (cur, caps));
      if (cur)
        gst_caps_unref (cur);
      break;
    }
    default:
      /* EOS, flushes, tags of the blank source are private to the bin */
      break;
  }

  GST_OBJECT_LOCK (self);
  pass = pass && self->branch == GST_CONSENT_SWITCH_BRANCH_BLANK;
  GST_OBJECT_UNLOCK (self);

  if (!pass) {
    gst_event_unref (event);
    return TRUE;
  }
  return gst_pad_push_event (self->src, event);
}

static GstPad *
active_sink (GstConsentSwitch * self)
{
  GstPad *pad = NULL;

  GST_OBJECT_LOCK (self);
  if (self->branch == GST_CONSENT_SWITCH_BRANCH_DEVICE)
    pad = gst_object_ref (self->device_sink);
  else if (self->branch == GST_CONSENT_SWITCH_BRANCH_BLANK)
    pad = gst_object_ref (self->blank_sink);
  GST_OBJECT_UNLOCK (self);
  return pad;
}

static gboolean
src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS:{
      GstCaps *caps, *filter;

      GST_OBJECT_LOCK (self);
      caps = self->device_caps ? gst_caps_ref (self->device_caps) : NULL;
      GST_OBJECT_UNLOCK (self);
      if (!caps)
        return gst_pad_peer_query (self->device_sink, query);
      gst_query_parse_caps (query, &filter);
      if (filter) {
        GstCaps *tmp = gst_caps_intersect_full (filter, caps,
            GST_CAPS_INTERSECT_FIRST);
        gst_caps_unref (caps);
        caps = tmp;
      }
      gst_query_set_caps_result (query, caps);
      gst_caps_unref (caps);
      return TRUE;
    }
    case GST_QUERY_LATENCY:{
      GstPad *sink = active_sink (self);
      gboolean ok = FALSE;

      if (sink) {
        ok = gst_pad_peer_query (sink, query);
        gst_object_unref (sink);
      }
      if (!ok)                  /* a capture source: live, nothing known yet */
        gst_query_set_latency (query, TRUE, 0, GST_CLOCK_TIME_NONE);
      return TRUE;
    }
    default:{
      GstPad *sink = active_sink (self);
      gboolean ok = FALSE;

      if (sink) {
        ok = gst_pad_peer_query (sink, query);
        gst_object_unref (sink);
      }
      return ok;
    }
  }
}

static gboolean
src_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);
  GstPad *sink = active_sink (self);
  gboolean ok = TRUE;

  if (sink) {
    ok = gst_pad_push_event (sink, event);
    gst_object_unref (sink);
  } else {
    gst_event_unref (event);
  }
  return ok;
}

static GstIterator *
sink_iterate_internal_links (GstPad * pad, GstObject * parent)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (parent);
  GValue v = G_VALUE_INIT;
  GstIterator *it;

  g_value_init (&v, GST_TYPE_PAD);
  g_value_set_object (&v, self->src);
  it = gst_iterator_new_single (GST_TYPE_PAD, &v);
  g_value_unset (&v);
  return it;
}

/**
 * gst_consent_switch_set_branch:
 * @sw: the switch
 * @branch: which branch passes from now on
 *
 * Takes effect for the next buffer: a buffer already past the gate finishes
 * its push. The bin makes the device NULL right after closing the gate, and
 * that waits for the device's streaming thread to stop.
 */
void
gst_consent_switch_set_branch (GstConsentSwitch * self,
    GstConsentSwitchBranch branch)
{
  GST_OBJECT_LOCK (self);
  GST_INFO_OBJECT (self, "branch %d -> %d", self->branch, branch);
  if (branch == GST_CONSENT_SWITCH_BRANCH_BLANK &&
      self->branch != GST_CONSENT_SWITCH_BRANCH_BLANK)
    self->blank_first = TRUE;
  self->branch = branch;
  GST_OBJECT_UNLOCK (self);
}

/**
 * gst_consent_switch_get_device_caps:
 * @sw: the switch
 *
 * Returns: (transfer full) (nullable): the last caps the device sent.
 */
GstCaps *
gst_consent_switch_get_device_caps (GstConsentSwitch * self)
{
  GstCaps *caps;

  GST_OBJECT_LOCK (self);
  caps = self->device_caps ? gst_caps_ref (self->device_caps) : NULL;
  GST_OBJECT_UNLOCK (self);
  return caps;
}

/**
 * gst_consent_switch_in_device_thread:
 * @sw: the switch
 *
 * Returns: whether the caller runs in the device's streaming thread (e.g.
 * a revoke from a pad probe), where the device cannot be stopped
 * synchronously without waiting for itself.
 */
gboolean
gst_consent_switch_in_device_thread (GstConsentSwitch * self)
{
  gboolean ret;

  GST_OBJECT_LOCK (self);
  ret = self->device_thread == g_thread_self ();
  GST_OBJECT_UNLOCK (self);
  return ret;
}

gboolean
gst_consent_switch_push_eos (GstConsentSwitch * self)
{
  return gst_pad_push_event (self->src, gst_event_new_eos ());
}

/* Forget the previous session (element stopped). */
void
gst_consent_switch_reset (GstConsentSwitch * self)
{
  GST_OBJECT_LOCK (self);
  self->branch = GST_CONSENT_SWITCH_BRANCH_NONE;
  self->device_thread = NULL;
  gst_caps_replace (&self->device_caps, NULL);
  self->last_end = GST_CLOCK_TIME_NONE;
  self->blank_first = TRUE;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_consent_switch_finalize (GObject * object)
{
  GstConsentSwitch *self = GST_CONSENT_SWITCH (object);

  gst_caps_replace (&self->device_caps, NULL);
  G_OBJECT_CLASS (gst_consent_switch_parent_class)->finalize (object);
}

static void
gst_consent_switch_class_init (GstConsentSwitchClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  gobject_class->finalize = gst_consent_switch_finalize;
  gst_element_class_add_static_pad_template (element_class, &device_template);
  gst_element_class_add_static_pad_template (element_class, &blank_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Consent switch",
      "Generic", "Internal gate of the consent sources",
      "gst-securertc developers");
}

static void
gst_consent_switch_init (GstConsentSwitch * self)
{
  self->device_sink =
      gst_pad_new_from_static_template (&device_template, "device_sink");
  gst_pad_set_chain_function (self->device_sink, device_chain);
  gst_pad_set_event_function (self->device_sink, device_event);
  gst_pad_set_iterate_internal_links_function (self->device_sink,
      sink_iterate_internal_links);
  /* caps and allocation queries of either source see downstream */
  GST_PAD_SET_PROXY_CAPS (self->device_sink);
  GST_PAD_SET_PROXY_ALLOCATION (self->device_sink);
  gst_element_add_pad (GST_ELEMENT (self), self->device_sink);

  self->blank_sink =
      gst_pad_new_from_static_template (&blank_template, "blank_sink");
  gst_pad_set_chain_function (self->blank_sink, blank_chain);
  gst_pad_set_event_function (self->blank_sink, blank_event);
  gst_pad_set_iterate_internal_links_function (self->blank_sink,
      sink_iterate_internal_links);
  GST_PAD_SET_PROXY_CAPS (self->blank_sink);
  GST_PAD_SET_PROXY_ALLOCATION (self->blank_sink);
  gst_element_add_pad (GST_ELEMENT (self), self->blank_sink);

  self->src = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_query_function (self->src, src_query);
  gst_pad_set_event_function (self->src, src_event);
  gst_element_add_pad (GST_ELEMENT (self), self->src);

  self->branch = GST_CONSENT_SWITCH_BRANCH_NONE;
  self->last_end = GST_CLOCK_TIME_NONE;
  self->blank_first = TRUE;
}
