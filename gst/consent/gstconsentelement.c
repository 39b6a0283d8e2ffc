/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/securertc/gstsecurertc.h>

#include "gstconsentelements.h"

/* One-time initialisation shared by the elements of the plugin. */
void
consent_element_init (GstPlugin * plugin)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    /* binds the translation domain too */
    gst_secure_rtc_init ();
    g_once_init_leave (&done, 1);
  }
}
