/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "gstconsentengine.h"
#include "gstconsentstore.h"

GST_DEBUG_CATEGORY_STATIC (consent_store_debug);
#define GST_CAT_DEFAULT consent_store_debug

#define GROUP_PREFIX "grant-"

struct _GstSecureRtcConsentStore
{
  GObject parent;

  gchar *path;
  GKeyFile *keyfile;
};

G_DEFINE_TYPE_WITH_CODE (GstSecureRtcConsentStore, gst_secure_rtc_consent_store,
    G_TYPE_OBJECT, GST_DEBUG_CATEGORY_INIT (consent_store_debug,
        "securertcconsentstore", 0, "gst-securertc remembered consent grants"));

void
gst_secure_rtc_consent_grant_free (GstSecureRtcConsentGrant * grant)
{
  if (!grant)
    return;
  g_free (grant->program);
  g_free (grant->kind);
  g_free (grant->device);
  g_free (grant);
}

static void
gst_secure_rtc_consent_store_finalize (GObject * object)
{
  GstSecureRtcConsentStore *self = GST_SECURE_RTC_CONSENT_STORE (object);

  g_free (self->path);
  g_key_file_unref (self->keyfile);
  G_OBJECT_CLASS (gst_secure_rtc_consent_store_parent_class)->finalize (object);
}

static void
gst_secure_rtc_consent_store_class_init (GstSecureRtcConsentStoreClass * klass)
{
  G_OBJECT_CLASS (klass)->finalize = gst_secure_rtc_consent_store_finalize;
}

static void
gst_secure_rtc_consent_store_init (GstSecureRtcConsentStore * self)
{
  self->keyfile = g_key_file_new ();
}

/**
 * gst_secure_rtc_consent_store_get_default_path:
 *
 * Returns: (transfer full): g_get_user_config_dir()/gst-securertc/consent.ini
 */
gchar *
gst_secure_rtc_consent_store_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "gst-securertc",
      "consent.ini", NULL);
}

/**
 * gst_secure_rtc_consent_store_new:
 * @path: (nullable): the keyfile, or %NULL for the default path
 *
 * Creates a store object; nothing is read until load().
 */
GstSecureRtcConsentStore *
gst_secure_rtc_consent_store_new (const gchar * path)
{
  GstSecureRtcConsentStore *self =
      g_object_new (GST_SECURE_RTC_TYPE_CONSENT_STORE, NULL);

  self->path = path ? g_strdup (path) :
      gst_secure_rtc_consent_store_get_default_path ();
  return self;
}

const gchar *
gst_secure_rtc_consent_store_get_path (GstSecureRtcConsentStore * self)
{
  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_STORE (self), NULL);
  return self->path;
}

/* A group name that depends only on the key and is always a valid keyfile
 * group name, whatever characters the device name holds. */
static gchar *
group_name_for (const gchar * program, const gchar * kind, const gchar * device)
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  gchar *name;

  g_checksum_update (sum, (const guchar *) program, strlen (program) + 1);
  g_checksum_update (sum, (const guchar *) kind, strlen (kind) + 1);
  g_checksum_update (sum, (const guchar *) device, strlen (device) + 1);
  name = g_strdup_printf (GROUP_PREFIX "%.16s", g_checksum_get_string (sum));
  g_checksum_free (sum);
  return name;
}

/**
 * gst_secure_rtc_consent_store_load:
 * @store: the store
 * @error: a corrupt or unreadable file is reported here
 *
 * (Re)reads the file. A missing file is an empty store. A file that cannot
 * be read or parsed leaves the store empty and returns %FALSE with
 * %GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT.
 *
 * Returns: %TRUE if the store was read (or is absent).
 */
gboolean
gst_secure_rtc_consent_store_load (GstSecureRtcConsentStore * self,
    GError ** error)
{
  GError *err = NULL;
  GKeyFile *kf;

  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_STORE (self), FALSE);

  kf = g_key_file_new ();
  g_key_file_unref (self->keyfile);
  self->keyfile = kf;

  if (!g_key_file_load_from_file (kf, self->path, G_KEY_FILE_NONE, &err)) {
    if (g_error_matches (err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
      g_clear_error (&err);
      return TRUE;
    }
    GST_WARNING ("consent store %s is unusable, treating it as empty: %s",
        self->path, err->message);
    g_set_error (error, GST_SECURE_RTC_CONSENT_ERROR,
        GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT,
        "the consent store %s is corrupt and was treated as empty: %s",
        self->path, err->message);
    g_clear_error (&err);
    /* Forget whatever was partially parsed. */
    g_key_file_unref (self->keyfile);
    self->keyfile = g_key_file_new ();
    return FALSE;
  }
  return TRUE;
}

static GstSecureRtcConsentGrant *
grant_from_group (GKeyFile * kf, const gchar * group)
{
  GstSecureRtcConsentGrant *g;
  gchar *when;

  if (!g_str_has_prefix (group, GROUP_PREFIX))
    return NULL;

  g = g_new0 (GstSecureRtcConsentGrant, 1);
  g->program = g_key_file_get_string (kf, group, "program", NULL);
  g->kind = g_key_file_get_string (kf, group, "kind", NULL);
  g->device = g_key_file_get_string (kf, group, "device", NULL);
  if (!g->program || !g->kind || !g->device || !*g->program || !*g->kind) {
    GST_WARNING ("ignoring incomplete grant [%s]", group);
    gst_secure_rtc_consent_grant_free (g);
    return NULL;
  }

  when = g_key_file_get_string (kf, group, "granted", NULL);
  if (when) {
    GDateTime *dt = g_date_time_new_from_iso8601 (when, NULL);
    if (dt) {
      g->granted = g_date_time_to_unix (dt);
      g_date_time_unref (dt);
    }
    g_free (when);
  }
  return g;
}

static gboolean
grant_matches (const GstSecureRtcConsentGrant * g, const gchar * program,
    const gchar * kind, const gchar * device)
{
  return (!program || g_strcmp0 (g->program, program) == 0) &&
      (!kind || g_strcmp0 (g->kind, kind) == 0) &&
      (!device || g_strcmp0 (g->device, device) == 0);
}

/**
 * gst_secure_rtc_consent_store_list:
 * @store: the store
 *
 * Returns: (transfer full) (element-type GstSecureRtcConsentGrant): the
 * grants as last loaded.
 */
GPtrArray *
gst_secure_rtc_consent_store_list (GstSecureRtcConsentStore * self)
{
  GPtrArray *arr;
  gchar **groups;
  guint i;

  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_STORE (self), NULL);

  arr = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_secure_rtc_consent_grant_free);
  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (i = 0; groups[i]; i++) {
    GstSecureRtcConsentGrant *g = grant_from_group (self->keyfile, groups[i]);
    if (g)
      g_ptr_array_add (arr, g);
  }
  g_strfreev (groups);
  return arr;
}

/**
 * gst_secure_rtc_consent_store_lookup:
 * @store: the store
 * @program: the program
 * @kind: "camera" or "microphone"
 * @device: the device
 *
 * Returns: whether an "always" grant for exactly this program, kind and
 * device was loaded.
 */
gboolean
gst_secure_rtc_consent_store_lookup (GstSecureRtcConsentStore * self,
    const gchar * program, const gchar * kind, const gchar * device)
{
  GPtrArray *arr;
  gboolean found = FALSE;
  guint i;

  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_STORE (self), FALSE);
  g_return_val_if_fail (program && kind && device, FALSE);

  arr = gst_secure_rtc_consent_store_list (self);
  for (i = 0; i < arr->len && !found; i++)
    found = grant_matches (g_ptr_array_index (arr, i), program, kind, device);
  g_ptr_array_unref (arr);
  return found;
}

static gboolean
save (GstSecureRtcConsentStore * self, GError ** error)
{
  gchar *dir, *data;
  gsize len;
  GError *err = NULL;
  gboolean ok;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0) {
    int e = errno;
    g_set_error (error, GST_SECURE_RTC_CONSENT_ERROR,
        GST_SECURE_RTC_CONSENT_ERROR_STORE_IO,
        "cannot create the consent store folder %s: %s", dir, g_strerror (e));
    g_free (dir);
    return FALSE;
  }
  g_free (dir);

  data = g_key_file_to_data (self->keyfile, &len, NULL);
  ok = g_file_set_contents_full (self->path, data, len,
      G_FILE_SET_CONTENTS_CONSISTENT, 0600, &err);
  g_free (data);
  if (!ok) {
    g_set_error (error, GST_SECURE_RTC_CONSENT_ERROR,
        GST_SECURE_RTC_CONSENT_ERROR_STORE_IO,
        "cannot write the consent store: %s", err->message);
    g_clear_error (&err);
  }
  return ok;
}

/**
 * gst_secure_rtc_consent_store_remember:
 * @store: the store
 * @program: the program
 * @kind: "camera" or "microphone"
 * @device: the device
 * @when: seconds since the Unix epoch
 * @error: where to report a failed write
 *
 * Re-reads the file, adds (or refreshes) the grant and writes the file back
 * atomically, with mode 0600.
 */
gboolean
gst_secure_rtc_consent_store_remember (GstSecureRtcConsentStore * self,
    const gchar * program, const gchar * kind, const gchar * device,
    gint64 when, GError ** error)
{
  gchar *group, *iso = NULL;
  GDateTime *dt;

  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_STORE (self), FALSE);
  g_return_val_if_fail (program && kind && device, FALSE);

  /* A corrupt file is replaced by a clean one holding this grant. */
  gst_secure_rtc_consent_store_load (self, NULL);

  group = group_name_for (program, kind, device);
  g_key_file_set_string (self->keyfile, group, "program", program);
  g_key_file_set_string (self->keyfile, group, "kind", kind);
  g_key_file_set_string (self->keyfile, group, "device", device);
  dt = g_date_time_new_from_unix_utc (when);
  if (dt) {
    iso = g_date_time_format_iso8601 (dt);
    g_date_time_unref (dt);
  }
  g_key_file_set_string (self->keyfile, group, "granted", iso ? iso : "");
  g_free (iso);
  g_free (group);
  return save (self, error);
}

/**
 * gst_secure_rtc_consent_store_forget:
 * @store: the store
 * @program: (nullable): only grants of this program (%NULL: any)
 * @kind: (nullable): only this kind (%NULL: any)
 * @device: (nullable): only this device (%NULL: any)
 * @error: where to report a failed write
 *
 * Re-reads the file and removes every matching grant.
 *
 * Returns: the number of grants removed, or -1 on a write error.
 */
gint
gst_secure_rtc_consent_store_forget (GstSecureRtcConsentStore * self,
    const gchar * program, const gchar * kind, const gchar * device,
    GError ** error)
{
  gchar **groups;
  gint removed = 0;
  guint i;

  g_return_val_if_fail (GST_SECURE_RTC_IS_CONSENT_STORE (self), -1);

  gst_secure_rtc_consent_store_load (self, NULL);
  groups = g_key_file_get_groups (self->keyfile, NULL);
  for (i = 0; groups[i]; i++) {
    GstSecureRtcConsentGrant *g = grant_from_group (self->keyfile, groups[i]);
    if (g && grant_matches (g, program, kind, device)) {
      g_key_file_remove_group (self->keyfile, groups[i], NULL);
      removed++;
    }
    gst_secure_rtc_consent_grant_free (g);
  }
  g_strfreev (groups);

  if (removed > 0 && !save (self, error))
    return -1;
  return removed;
}
