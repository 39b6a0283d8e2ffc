/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_PROVIDER_H__
#define __GST_CONSENT_PROVIDER_H__

#include <gst/gst.h>
#include <gst/securertc/consent/gstconsentengine.h>

G_BEGIN_DECLS

/**
 * GstConsentAnswerFunc:
 * @granted: whether consent was given
 * @scope: once or always (for a grant)
 * @reason: who answered and how, for messages (never %NULL)
 * @user_data: the data given when asking
 *
 * How the terminal and portal providers hand their answer back. Called
 * once at most, in the I/O thread of the element that asked.
 */
typedef void (*GstConsentAnswerFunc) (gboolean granted,
    GstSecureRtcConsentScope scope, const gchar * reason, gpointer user_data);

G_END_DECLS

#endif /* __GST_CONSENT_PROVIDER_H__ */
