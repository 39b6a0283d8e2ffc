/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_CONSENT_SWITCH_H__
#define __GST_CONSENT_SWITCH_H__

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * GstConsentSwitchBranch:
 * @GST_CONSENT_SWITCH_BRANCH_NONE: nothing passes
 * @GST_CONSENT_SWITCH_BRANCH_DEVICE: frames from the device pass
 * @GST_CONSENT_SWITCH_BRANCH_BLANK: frames from the blank source pass, with
 *   timestamps continuing where the device stopped
 */
typedef enum {
  GST_CONSENT_SWITCH_BRANCH_NONE,
  GST_CONSENT_SWITCH_BRANCH_DEVICE,
  GST_CONSENT_SWITCH_BRANCH_BLANK,
} GstConsentSwitchBranch;

#define GST_TYPE_CONSENT_SWITCH (gst_consent_switch_get_type ())
G_DECLARE_FINAL_TYPE (GstConsentSwitch, gst_consent_switch, GST, CONSENT_SWITCH,
    GstElement)

/* The gate inside the consent bins: an internal element (not registered as
 * a factory) with sink pads "device_sink" and "blank_sink" and one "src". */
GstElement * gst_consent_switch_new (void);

void gst_consent_switch_set_branch (GstConsentSwitch * sw,
    GstConsentSwitchBranch branch);

GstCaps * gst_consent_switch_get_device_caps (GstConsentSwitch * sw);

gboolean gst_consent_switch_push_eos (GstConsentSwitch * sw);

gboolean gst_consent_switch_in_device_thread (GstConsentSwitch * sw);

void gst_consent_switch_reset (GstConsentSwitch * sw);

G_END_DECLS

#endif /* __GST_CONSENT_SWITCH_H__ */
