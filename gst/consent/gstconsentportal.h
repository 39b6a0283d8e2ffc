/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_PORTAL_H__
#define __GST_CONSENT_PORTAL_H__

#include <gio/gio.h>
#include "gstconsentprovider.h"

G_BEGIN_DECLS

#define GST_CONSENT_PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define GST_CONSENT_PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define GST_CONSENT_PORTAL_CAMERA_IFACE "org.freedesktop.portal.Camera"
#define GST_CONSENT_PORTAL_REQUEST_IFACE "org.freedesktop.portal.Request"

typedef struct _GstConsentPortal GstConsentPortal;

/* Connects to the session bus (a private connection, closed on cancel) and
 * checks that the portal is there, synchronously: a missing bus or portal
 * is known at once and fails with a clear @error. */
GstConsentPortal * gst_consent_portal_connect (GError ** error);

/* Calls Camera.AccessCamera (Request/Response pattern) from @context; the
 * Response is handed to @func in @context. */
void gst_consent_portal_ask (GstConsentPortal * portal, GMainContext * context,
    GstConsentAnswerFunc func, gpointer user_data, GDestroyNotify notify);

/* After a grant: Camera.OpenPipeWireRemote, returns a new fd (caller owns)
 * for pipewiresrc's "fd" property, or -1 with @error. Blocking. */
gint gst_consent_portal_open_pipewire_remote (GstConsentPortal * portal,
    GError ** error);

/* Closes the open Request (if any), the connection, and frees @portal in
 * the context it was asked from. Safe from any thread. */
void gst_consent_portal_cancel (GstConsentPortal * portal);

G_END_DECLS

#endif /* __GST_CONSENT_PORTAL_H__ */
