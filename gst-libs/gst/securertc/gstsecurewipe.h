/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef __GST_SECURE_WIPE_H__
#define __GST_SECURE_WIPE_H__

#include <glib.h>

G_BEGIN_DECLS

/**
 * gst_secure_rtc_wipe:
 * @data: (nullable): memory to clear
 * @len: its length in bytes
 *
 * Overwrites @data with zeros in a way the compiler may not optimise away
 * (explicit_bzero). Use it on keys, salts, passwords and plaintext that is
 * no longer needed (DESIGN.md, security rule 5).
 */
void gst_secure_rtc_wipe (gpointer data, gsize len);

/**
 * gst_secure_rtc_wipe_free:
 * @data: (nullable) (transfer full): g_malloc()ed memory
 * @len: its length in bytes
 *
 * Wipes then frees @data.
 */
void gst_secure_rtc_wipe_free (gpointer data, gsize len);

/**
 * gst_secure_rtc_wipe_str:
 * @str: (nullable): a NUL-terminated string to clear in place
 */
void gst_secure_rtc_wipe_str (gchar * str);

/**
 * gst_secure_rtc_wipe_buffer:
 * @buffer: a writable #GstBuffer
 *
 * Clears every byte of @buffer's memory (used on plaintext that must not
 * outlive its use). Does nothing unless the caller is the buffer's only
 * owner and its memory is not shared.
 */
struct _GstBuffer;
void gst_secure_rtc_wipe_buffer (struct _GstBuffer * buffer);

G_END_DECLS

#endif /* __GST_SECURE_WIPE_H__ */
