/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_STORE_WATCH_H__
#define __GST_CONSENT_STORE_WATCH_H__

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _GstConsentStoreWatch GstConsentStoreWatch;

/* Called in @context each time the store file may have changed. */
typedef void (*GstConsentStoreChangedFunc) (gpointer user_data);

/* Watches @path (GFileMonitor) from @context, so that a grant removed from
 * the store while the device is open revokes it. */
GstConsentStoreWatch * gst_consent_store_watch_new (GMainContext * context,
    const gchar * path, GstConsentStoreChangedFunc func, gpointer user_data,
    GDestroyNotify notify);

/* Stops watching and frees, in the watch's context. Safe from any thread. */
void gst_consent_store_watch_free (GstConsentStoreWatch * watch);

G_END_DECLS

#endif /* __GST_CONSENT_STORE_WATCH_H__ */
