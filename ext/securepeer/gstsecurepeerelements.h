/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_PEER_ELEMENTS_H__
#define __GST_SECURE_PEER_ELEMENTS_H__

#include <gst/gst.h>

G_BEGIN_DECLS

void secure_peer_element_init (GstPlugin * plugin);

GST_ELEMENT_REGISTER_DECLARE (securepeerbin);

G_END_DECLS

#endif /* __GST_SECURE_PEER_ELEMENTS_H__ */
