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
  guint i, n;

  if (buffer == NULL || !gst_buffer_is_writable (buffer))
    return;
  /* Memory shared with another buffer is not ours to clear (and mapping it
   * for writing would only clear a private copy). */
  n = gst_buffer_n_memory (buffer);
  for (i = 0; i < n; i++)
    if (!gst_memory_is_writable (gst_buffer_peek_memory (buffer, i)))
      return;
  if (!gst_buffer_map (buffer, &map, GST_MAP_WRITE))
    return;
  gst_secure_rtc_wipe (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
}
