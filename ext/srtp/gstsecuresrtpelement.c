/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/securertc/gstsecurertc.h>
#include <gst/securertc/srtp/gstsrtpengine.h>

#include "gstsecuresrtpelements.h"

/* One-time initialisation shared by srtpencrypt and srtpdecrypt: the
 * internal library (translations, key type) and libsrtp2 with its kernels. */
void
secure_srtp_element_init (GstPlugin * plugin)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    gst_secure_rtc_init ();
    gst_secure_rtc_srtp_global_init ();
    g_once_init_leave (&done, 1);
  }
}
