/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib/gi18n-lib.h>

#include "gstsecurertc.h"
#include "gstsrtpkey.h"

void
gst_secure_rtc_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
#ifdef ENABLE_NLS
    /* GST_SECURERTC_LOCALEDIR lets an uninstalled build (tests, demos) use
     * the catalogues compiled in its build directory. */
    const gchar *localedir = g_getenv ("GST_SECURERTC_LOCALEDIR");

    bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
#endif
    /* Registers the key type and its redacting serialiser, so that printing
     * an event or structure that carries a key never shows its bytes. */
    g_type_ensure (GST_SECURE_RTC_TYPE_SRTP_KEY);
    g_once_init_leave (&done, 1);
  }
}
