/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * The sans-IO consent engine on injected time (no clock, no sleep), and
 * the remembered-grants store on a temporary XDG_CONFIG_HOME.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/securertc/consent/gstconsentengine.h>
#include <gst/securertc/consent/gstconsentstore.h>

#define SEC GST_SECOND

typedef GstSecureRtcConsentEngine Engine;

static void
expect_outputs (Engine * e, const GstSecureRtcConsentOutput * outs, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    fail_unless_equals_int (gst_secure_rtc_consent_engine_poll_output (e),
        outs[i]);
  fail_unless_equals_int (gst_secure_rtc_consent_engine_poll_output (e),
      GST_SECURE_RTC_CONSENT_OUTPUT_NONE);
}

#define EXPECT(e, ...) G_STMT_START { \
  const GstSecureRtcConsentOutput _o[] = { __VA_ARGS__ }; \
  expect_outputs (e, _o, G_N_ELEMENTS (_o)); } G_STMT_END
#define EXPECT_NONE(e) fail_unless_equals_int ( \
    gst_secure_rtc_consent_engine_poll_output (e), \
    GST_SECURE_RTC_CONSENT_OUTPUT_NONE)
#define STATE(e) gst_secure_rtc_consent_engine_get_state (e)

GST_START_TEST (test_grant_once)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();

  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_IDLE);
  EXPECT_NONE (e);
  fail_unless (gst_secure_rtc_consent_engine_request (e, 10 * SEC, 30 * SEC,
          FALSE, NULL));
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_PENDING);
  fail_unless_equals_uint64 (gst_secure_rtc_consent_engine_get_deadline (e),
      40 * SEC);
  fail_unless (gst_secure_rtc_consent_engine_answer (e, 11 * SEC, TRUE,
          GST_SECURE_RTC_CONSENT_SCOPE_ONCE, NULL, NULL));
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_GRANTED_ONCE);
  fail_unless_equals_uint64 (gst_secure_rtc_consent_engine_get_deadline (e),
      GST_CLOCK_TIME_NONE);
  /* a deadline passing after the grant changes nothing */
  gst_secure_rtc_consent_engine_handle_timeout (e, 100 * SEC);
  EXPECT_NONE (e);
  /* stop: the device is closed, the once-grant does not survive */
  gst_secure_rtc_consent_engine_reset (e);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_IDLE);
  g_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_grant_always_remembers)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();

  gst_secure_rtc_consent_engine_request (e, 0, 5 * SEC, FALSE, NULL);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  fail_unless (gst_secure_rtc_consent_engine_answer (e, 1, TRUE,
          GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS, "terminal", NULL));
  /* remembered before the device opens */
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_REMEMBER,
      GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE);
  fail_unless_equals_int (STATE (e),
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS);
  fail_unless_equals_string (gst_secure_rtc_consent_engine_get_reason (e),
      "terminal");
  g_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_remembered_skips_question)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();

  fail_unless (gst_secure_rtc_consent_engine_request (e, 0, 5 * SEC, TRUE,
          NULL));
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE);
  fail_unless_equals_int (STATE (e),
      GST_SECURE_RTC_CONSENT_STATE_GRANTED_ALWAYS);
  g_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_deny_then_late_grant)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();
  GError *err = NULL;

  gst_secure_rtc_consent_engine_request (e, 0, 5 * SEC, FALSE, NULL);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  fail_unless (gst_secure_rtc_consent_engine_answer (e, 1, FALSE,
          GST_SECURE_RTC_CONSENT_SCOPE_ONCE, NULL, NULL));
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_FAIL);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_DENIED);

  /* grant after deny: refused, nothing opens */
  fail_if (gst_secure_rtc_consent_engine_answer (e, 2, TRUE,
          GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS, NULL, &err));
  fail_unless (g_error_matches (err, GST_SECURE_RTC_CONSENT_ERROR,
          GST_SECURE_RTC_CONSENT_ERROR_NOT_PENDING));
  g_clear_error (&err);
  EXPECT_NONE (e);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_DENIED);
  /* nor does a second request without a reset */
  fail_if (gst_secure_rtc_consent_engine_request (e, 3, 5 * SEC, TRUE, &err));
  fail_unless (g_error_matches (err, GST_SECURE_RTC_CONSENT_ERROR,
          GST_SECURE_RTC_CONSENT_ERROR_BUSY));
  g_clear_error (&err);
  EXPECT_NONE (e);
  /* revoke of a denial: nothing to do */
  fail_if (gst_secure_rtc_consent_engine_revoke (e, 4, NULL));
  EXPECT_NONE (e);
  g_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_timeout)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();

  gst_secure_rtc_consent_engine_request (e, 100, 2 * SEC, FALSE, NULL);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  /* early wake-up: nothing */
  gst_secure_rtc_consent_engine_handle_timeout (e, 100 + 2 * SEC - 1);
  EXPECT_NONE (e);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_PENDING);
  gst_secure_rtc_consent_engine_handle_timeout (e, 100 + 2 * SEC);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_FAIL);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_TIMED_OUT);
  fail_if (gst_secure_rtc_consent_engine_answer (e, 3 * SEC, TRUE,
          GST_SECURE_RTC_CONSENT_SCOPE_ONCE, NULL, NULL));
  EXPECT_NONE (e);
  g_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_no_timeout)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();

  gst_secure_rtc_consent_engine_request (e, 0, GST_CLOCK_TIME_NONE, FALSE,
      NULL);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  fail_unless_equals_uint64 (gst_secure_rtc_consent_engine_get_deadline (e),
      GST_CLOCK_TIME_NONE);
  gst_secure_rtc_consent_engine_handle_timeout (e, G_MAXUINT64 - 1);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_PENDING);
  g_object_unref (e);
}

GST_END_TEST;

GST_START_TEST (test_revoke)
{
  Engine *e = gst_secure_rtc_consent_engine_new ();

  /* while granted: close the device */
  gst_secure_rtc_consent_engine_request (e, 0, SEC, TRUE, NULL);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_OPEN_DEVICE);
  fail_unless (gst_secure_rtc_consent_engine_revoke (e, 1, "user"));
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_CLOSE_DEVICE);
  fail_unless_equals_int (STATE (e), GST_SECURE_RTC_CONSENT_STATE_REVOKED);
  fail_if (gst_secure_rtc_consent_engine_revoke (e, 2, "again"));
  fail_if (gst_secure_rtc_consent_engine_answer (e, 3, TRUE,
          GST_SECURE_RTC_CONSENT_SCOPE_ONCE, NULL, NULL));
  EXPECT_NONE (e);
  /* reset after revoke: the device is already closed */
  gst_secure_rtc_consent_engine_reset (e);
  EXPECT_NONE (e);

  /* while pending: the question is closed as refused */
  gst_secure_rtc_consent_engine_request (e, 10, SEC, FALSE, NULL);
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_ASK);
  fail_unless (gst_secure_rtc_consent_engine_revoke (e, 11, NULL));
  EXPECT (e, GST_SECURE_RTC_CONSENT_OUTPUT_FAIL);
  g_object_unref (e);
}

GST_END_TEST;

/* ---- store ---- */

static gchar *tmpdir;

static GstSecureRtcConsentStore *
new_store (const gchar * name)
{
  gchar *p = g_build_filename (tmpdir, name, "consent.ini", NULL);
  GstSecureRtcConsentStore *s = gst_secure_rtc_consent_store_new (p);
  g_free (p);
  return s;
}

GST_START_TEST (test_store_roundtrip)
{
  GstSecureRtcConsentStore *s = new_store ("a"), *s2;
  GPtrArray *list;
  GstSecureRtcConsentGrant *g;
  gchar *path;
  GStatBuf st;

  fail_unless (gst_secure_rtc_consent_store_load (s, NULL));    /* absent */
  fail_if (gst_secure_rtc_consent_store_lookup (s, "p", "camera", "d"));
  fail_unless (gst_secure_rtc_consent_store_remember (s, "prog", "camera",
          "/dev/video0", 1700000000, NULL));
  /* odd characters in names are fine */
  fail_unless (gst_secure_rtc_consent_store_remember (s, "prog [x]",
          "microphone", "hw:0,0\n=[]#", 1700000001, NULL));

  path = g_build_filename (tmpdir, "a", "consent.ini", NULL);
  fail_unless (g_stat (path, &st) == 0);
  fail_unless_equals_int (st.st_mode & 0777, 0600);     /* private */

  s2 = gst_secure_rtc_consent_store_new (path);
  fail_unless (gst_secure_rtc_consent_store_load (s2, NULL));
  fail_unless (gst_secure_rtc_consent_store_lookup (s2, "prog", "camera",
          "/dev/video0"));
  fail_unless (gst_secure_rtc_consent_store_lookup (s2, "prog [x]",
          "microphone", "hw:0,0\n=[]#"));
  /* keyed by program, kind and device: no partial matches */
  fail_if (gst_secure_rtc_consent_store_lookup (s2, "prog", "microphone",
          "/dev/video0"));
  fail_if (gst_secure_rtc_consent_store_lookup (s2, "prog", "camera",
          "/dev/video1"));
  fail_if (gst_secure_rtc_consent_store_lookup (s2, "other", "camera",
          "/dev/video0"));
  list = gst_secure_rtc_consent_store_list (s2);
  fail_unless_equals_int (list->len, 2);
  g = g_ptr_array_index (list, 0);
  fail_unless (g->granted == 1700000000 || g->granted == 1700000001);
  g_ptr_array_unref (list);

  /* remembering twice does not duplicate */
  fail_unless (gst_secure_rtc_consent_store_remember (s2, "prog", "camera",
          "/dev/video0", 1700000005, NULL));
  list = gst_secure_rtc_consent_store_list (s2);
  fail_unless_equals_int (list->len, 2);
  g_ptr_array_unref (list);

  fail_unless_equals_int (gst_secure_rtc_consent_store_forget (s2, "prog",
          NULL, NULL, NULL), 1);
  fail_unless_equals_int (gst_secure_rtc_consent_store_forget (s2, "prog",
          NULL, NULL, NULL), 0);
  fail_unless (gst_secure_rtc_consent_store_load (s, NULL));
  fail_if (gst_secure_rtc_consent_store_lookup (s, "prog", "camera",
          "/dev/video0"));
  fail_unless (gst_secure_rtc_consent_store_lookup (s, "prog [x]",
          "microphone", "hw:0,0\n=[]#"));
  fail_unless_equals_int (gst_secure_rtc_consent_store_forget (s, NULL, NULL,
          NULL, NULL), 1);

  g_object_unref (s);
  g_object_unref (s2);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

static const gchar *corrupt_files[] = {
  "\x01\x02 not a keyfile [[[",
  "[grant-1]\nprogram=a\nkind=camera\ndevice=d\n[unterminated\n",
  "[grant-1]\nprogram=a\nkind=camera\ndevice=d\n\xff\xfe\n",
};

GST_START_TEST (test_store_corrupt_is_empty)
{
  GstSecureRtcConsentStore *s = new_store ("c");
  gchar *dir = g_build_filename (tmpdir, "c", NULL);
  gchar *path = g_build_filename (dir, "consent.ini", NULL);
  GError *err = NULL;
  GPtrArray *list;

  g_mkdir_with_parents (dir, 0700);
  fail_unless (g_file_set_contents (path, corrupt_files[__i__], -1, NULL));
  fail_if (gst_secure_rtc_consent_store_load (s, &err));
  fail_unless (g_error_matches (err, GST_SECURE_RTC_CONSENT_ERROR,
          GST_SECURE_RTC_CONSENT_ERROR_STORE_CORRUPT));
  fail_unless (strstr (err->message, path) != NULL);
  g_clear_error (&err);
  fail_if (gst_secure_rtc_consent_store_lookup (s, "a", "camera", "d"));
  list = gst_secure_rtc_consent_store_list (s);
  fail_unless_equals_int (list->len, 0);
  g_ptr_array_unref (list);

  /* writing a grant replaces the broken file with a clean one */
  fail_unless (gst_secure_rtc_consent_store_remember (s, "a", "camera", "d",
          0, NULL));
  fail_unless (gst_secure_rtc_consent_store_load (s, NULL));
  fail_unless (gst_secure_rtc_consent_store_lookup (s, "a", "camera", "d"));

  g_object_unref (s);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_store_incomplete_group_ignored)
{
  GstSecureRtcConsentStore *s = new_store ("i");
  gchar *dir = g_build_filename (tmpdir, "i", NULL);
  gchar *path = g_build_filename (dir, "consent.ini", NULL);

  g_mkdir_with_parents (dir, 0700);
  fail_unless (g_file_set_contents (path,
          "[grant-1]\nprogram=a\nkind=camera\n"
          "[other]\nprogram=a\nkind=camera\ndevice=d\n", -1, NULL));
  fail_unless (gst_secure_rtc_consent_store_load (s, NULL));
  fail_if (gst_secure_rtc_consent_store_lookup (s, "a", "camera", "d"));
  g_object_unref (s);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

GST_END_TEST;

GST_START_TEST (test_store_default_path)
{
  gchar *p = gst_secure_rtc_consent_store_get_default_path ();
  gchar *expect = g_build_filename (tmpdir, "gst-securertc", "consent.ini",
      NULL);

  fail_unless_equals_string (p, expect);
  g_free (p);
  g_free (expect);
}

GST_END_TEST;

static Suite *
consentengine_suite (void)
{
  Suite *s = suite_create ("consentengine");
  TCase *tc = tcase_create ("engine");
  TCase *ts = tcase_create ("store");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_grant_once);
  tcase_add_test (tc, test_grant_always_remembers);
  tcase_add_test (tc, test_remembered_skips_question);
  tcase_add_test (tc, test_deny_then_late_grant);
  tcase_add_test (tc, test_timeout);
  tcase_add_test (tc, test_no_timeout);
  tcase_add_test (tc, test_revoke);

  suite_add_tcase (s, ts);
  tcase_add_test (ts, test_store_roundtrip);
  tcase_add_loop_test (ts, test_store_corrupt_is_empty, 0,
      G_N_ELEMENTS (corrupt_files));
  tcase_add_test (ts, test_store_incomplete_group_ignored);
  tcase_add_test (ts, test_store_default_path);
  return s;
}

int
main (int argc, char **argv)
{
  int ret;

  tmpdir = g_dir_make_tmp ("consent-libs-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", tmpdir, TRUE);
  gst_check_init (&argc, &argv);
  ret = gst_check_run_suite (consentengine_suite (), "consentengine",
      __FILE__);
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return ret;
}
