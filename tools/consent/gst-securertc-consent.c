/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * gst-securertc-consent: shows and revokes the remembered "always" grants of
 * consentvideosrc / consentaudiosrc. A running element whose grant is
 * revoked here releases its device at once (it watches the store).
 *
 *   gst-securertc-consent list
 *   gst-securertc-consent revoke PROGRAM [DEVICE] [--kind=camera|microphone]
 *   gst-securertc-consent revoke --all
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <glib/gi18n-lib.h>

#include <gst/securertc/consent/gstconsentstore.h>

static gboolean opt_all = FALSE;
static gchar *opt_kind = NULL;

static GOptionEntry entries[] = {
  {"all", 0, 0, G_OPTION_ARG_NONE, &opt_all,
      N_("revoke: remove every remembered grant"), NULL},
  {"kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind,
      N_("revoke: only grants of this kind (camera or microphone)"), "KIND"},
  {NULL}
};

static int
do_list (GstSecureRtcConsentStore * store)
{
  GPtrArray *grants = gst_secure_rtc_consent_store_list (store);
  guint i;

  if (grants->len == 0)
    g_print (_("No remembered grants in %s\n"),
        gst_secure_rtc_consent_store_get_path (store));
  for (i = 0; i < grants->len; i++) {
    GstSecureRtcConsentGrant *g = g_ptr_array_index (grants, i);
    gchar *when = NULL;

    if (g->granted > 0) {
      GDateTime *dt = g_date_time_new_from_unix_local (g->granted);
      when = dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : NULL;
      if (dt)
        g_date_time_unref (dt);
    }
    g_print ("%s\t%s\t%s\t%s\n", g->program, g->kind, g->device,
        when ? when : "-");
    g_free (when);
  }
  g_ptr_array_unref (grants);
  return 0;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx;
  GError *err = NULL;
  GstSecureRtcConsentStore *store;
  int ret = 0;

  setlocale (LC_ALL, "");
#ifdef ENABLE_NLS
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
#endif

  ctx = g_option_context_new (_("list | revoke PROGRAM [DEVICE] | revoke --all"));
  g_option_context_set_summary (ctx,
      _("Show and revoke the remembered camera and microphone permissions of "
          "consentvideosrc and consentaudiosrc."));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &err)) {
    g_printerr ("%s\n", err->message);
    g_clear_error (&err);
    g_option_context_free (ctx);
    return 2;
  }

  if (argc < 2 || (g_strcmp0 (argv[1], "list") != 0 &&
          g_strcmp0 (argv[1], "revoke") != 0)) {
    gchar *help = g_option_context_get_help (ctx, TRUE, NULL);
    g_printerr ("%s", help);
    g_free (help);
    g_option_context_free (ctx);
    return 2;
  }
  g_option_context_free (ctx);

  if (opt_kind && g_strcmp0 (opt_kind, "camera") != 0 &&
      g_strcmp0 (opt_kind, "microphone") != 0) {
    g_printerr (_("Unknown kind '%s': use camera or microphone.\n"), opt_kind);
    return 2;
  }

  store = gst_secure_rtc_consent_store_new (NULL);
  if (!gst_secure_rtc_consent_store_load (store, &err)) {
    g_printerr (_("Warning: %s\n"), err->message);
    g_clear_error (&err);
  }

  if (g_str_equal (argv[1], "list")) {
    ret = do_list (store);
  } else {
    const gchar *program = argc > 2 ? argv[2] : NULL;
    const gchar *device = argc > 3 ? argv[3] : NULL;
    gint n;

    if (!program && !opt_all) {
      g_printerr (_("revoke needs a PROGRAM (see 'list'), or --all.\n"));
      g_object_unref (store);
      return 2;
    }
    n = gst_secure_rtc_consent_store_forget (store, opt_all ? NULL : program,
        opt_kind, opt_all ? NULL : device, &err);
    if (n < 0) {
      g_printerr (_("Could not revoke: %s\n"), err->message);
      g_clear_error (&err);
      ret = 1;
    } else if (n == 0) {
      g_printerr (_("No matching remembered grant.\n"));
      ret = 1;
    } else {
      g_print (ngettext ("Revoked %d grant.\n", "Revoked %d grants.\n", n), n);
    }
  }
  g_object_unref (store);
  g_free (opt_kind);
  return ret;
}
