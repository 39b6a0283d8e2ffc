/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <gst/gst.h>

#include "gstsecurewipe.h"

void
gst_secure_rtc_wipe (gpointer data, gsize len)
{
  if (data == NULL || len == 0)
    return;
  explicit_bzero (data, len);
}

void
gst_secure_rtc_wipe_free (gpointer data, gsize len)
{
  gst_secure_rtc_wipe (data, len);
  g_free (data);
}

void
gst_secure_rtc_wipe_str (gchar * str)
{
  if (str != NULL)
    gst_secure_rtc_wipe (str, strlen (str));
}

void
gst_secure_rtc_wipe_buffer (GstBuffer * buffer)
{
  GstMapInfo map;

  if (buffer == NULL || !gst_buffer_is_writable (buffer))
    return;
  if (!gst_buffer_map (buffer, &map, GST_MAP_WRITE))
    return;
  gst_secure_rtc_wipe (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
}
