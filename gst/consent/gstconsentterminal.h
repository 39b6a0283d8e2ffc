/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_TERMINAL_H__
#define __GST_CONSENT_TERMINAL_H__

#include "gstconsentprovider.h"

G_BEGIN_DECLS

typedef struct _GstConsentTerminal GstConsentTerminal;

/* Opens the controlling terminal (/dev/tty) and writes @question. Fails at
 * once (NULL + @error) when the process has no controlling terminal. The
 * answer is read from @context (the element's I/O thread) and handed to
 * @func; @notify frees @user_data when the terminal request is freed. */
GstConsentTerminal * gst_consent_terminal_ask (GMainContext * context,
    const gchar * question, GstConsentAnswerFunc func, gpointer user_data,
    GDestroyNotify notify, GError ** error);

/* Withdraws the question (if still open) and frees the request, in
 * @context. Safe from any thread. */
void gst_consent_terminal_cancel (GstConsentTerminal * term);

G_END_DECLS

#endif /* __GST_CONSENT_TERMINAL_H__ */
