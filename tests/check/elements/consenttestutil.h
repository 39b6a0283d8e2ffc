/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __CONSENT_TEST_UTIL_H__
#define __CONSENT_TEST_UTIL_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/* A recording device source: a subclass of videotestsrc / audiotestsrc
 * that logs every state change it goes through, so a test can prove the
 * "device" was never opened before a grant. With fail_open it refuses
 * NULL→READY like a camera that cannot be opened. */
GstElement * consent_test_recording_src_new (gboolean video, gboolean fail_open);

/* Number of state changes the recording sources went through since the
 * last reset; and whether one of them was NULL→READY (device opened). */
guint    consent_test_recording_count (void);
gboolean consent_test_recording_opened (void);
void     consent_test_recording_reset (void);

/* The video recorder has an "fd" property like pipewiresrc; -1 if unset. */
gint     consent_test_recording_get_fd (GstElement * src);

G_END_DECLS

#endif
