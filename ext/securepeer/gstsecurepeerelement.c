/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/securertc/gstsecurertc.h>

#include "gstsecurepeerelements.h"

/* One-time initialisation of the plugin: the internal library
 * (translations, key type). */
void
secure_peer_element_init (GstPlugin * plugin)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    gst_secure_rtc_init ();
    g_once_init_leave (&done, 1);
  }
}
