/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_ELEMENTS_H__
#define __GST_CONSENT_ELEMENTS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

void consent_element_init (GstPlugin * plugin);

GST_ELEMENT_REGISTER_DECLARE (consentvideosrc);
GST_ELEMENT_REGISTER_DECLARE (consentaudiosrc);

G_END_DECLS

#endif /* __GST_CONSENT_ELEMENTS_H__ */
