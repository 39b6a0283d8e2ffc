/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Terminal consent provider: asks on the controlling terminal, so that a
 * gst-launch-1.0 user gets a real prompt. We read /dev/tty rather than stdin:
 * stdin may be a pipe carrying data, and only the person at the terminal may
 * answer. Input typed before the question is discarded (tcflush), so a stray
 * "y" typed ahead cannot grant access.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "gstconsentterminal.h"

GST_DEBUG_CATEGORY_STATIC (consent_terminal_debug);
#define GST_CAT_DEFAULT consent_terminal_debug

#define MAX_LINE 256

struct _GstConsentTerminal
{
  GMainContext *context;
  gint fd;
  GSource *source;
  GString *line;
  gboolean answered;

  GstConsentAnswerFunc func;
  gpointer user_data;
  GDestroyNotify notify;
};

static void
terminal_say (GstConsentTerminal * t, const gchar * text)
{
  gsize len = strlen (text), off = 0;

  while (t->fd >= 0 && off < len) {
    gssize n = write (t->fd, text + off, len - off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    off += n;
  }
}

static void
terminal_finish (GstConsentTerminal * t, gboolean granted,
    GstSecureRtcConsentScope scope, const gchar * reason)
{
  if (t->answered)
    return;
  t->answered = TRUE;
  if (t->source) {
    g_source_destroy (t->source);
    g_source_unref (t->source);
    t->source = NULL;
  }
  GST_INFO ("terminal answer: %s (%s)", granted ? "grant" : "deny", reason);
  t->func (granted, scope, reason, t->user_data);
}

static void
terminal_parse_line (GstConsentTerminal * t)
{
  const gchar *s = t->line->str;

  while (*s == ' ' || *s == '\t')
    s++;
  switch (g_ascii_tolower (*s)) {
    case 'y':
      terminal_say (t, _("Access allowed once.\n"));
      terminal_finish (t, TRUE, GST_SECURE_RTC_CONSENT_SCOPE_ONCE,
          "allowed once on the terminal");
      break;
    case 'a':
      terminal_say (t, _("Access allowed, and remembered.\n"));
      terminal_finish (t, TRUE, GST_SECURE_RTC_CONSENT_SCOPE_ALWAYS,
          "allowed always on the terminal");
      break;
    default:
      terminal_say (t, _("Access denied.\n"));
      terminal_finish (t, FALSE, GST_SECURE_RTC_CONSENT_SCOPE_ONCE,
          "denied on the terminal");
      break;
  }
}

static gboolean
terminal_readable (gint fd, GIOCondition cond, gpointer user_data)
{
  GstConsentTerminal *t = user_data;
  gchar buf[64];
  gssize n;

  for (;;) {
    gssize i;

    n = read (fd, buf, sizeof (buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return G_SOURCE_CONTINUE;
    if (n <= 0) {
      terminal_finish (t, FALSE, GST_SECURE_RTC_CONSENT_SCOPE_ONCE,
          "the terminal closed without an answer");
      return G_SOURCE_REMOVE;
    }
    for (i = 0; i < n; i++) {
      if (buf[i] == '\n' || buf[i] == '\r') {
        terminal_parse_line (t);
        return G_SOURCE_REMOVE;
      }
      if (t->line->len < MAX_LINE)
        g_string_append_c (t->line, buf[i]);
    }
  }
}

GstConsentTerminal *
gst_consent_terminal_ask (GMainContext * context, const gchar * question,
    GstConsentAnswerFunc func, gpointer user_data, GDestroyNotify notify,
    GError ** error)
{
  GstConsentTerminal *t;
  gint fd;

  if (!consent_terminal_debug)
    GST_DEBUG_CATEGORY_INIT (consent_terminal_debug, "consentterminal", 0,
        "consent asked on the controlling terminal");

  fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    int e = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (e),
        "no controlling terminal to ask on (/dev/tty: %s)", g_strerror (e));
    return NULL;
  }
  /* Discard anything typed before the question was shown. */
  tcflush (fd, TCIFLUSH);

  t = g_new0 (GstConsentTerminal, 1);
  t->context = g_main_context_ref (context);
  t->fd = fd;
  t->line = g_string_new (NULL);
  t->func = func;
  t->user_data = user_data;
  t->notify = notify;

  terminal_say (t, question);

  t->source = g_unix_fd_source_new (fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (t->source, (GSourceFunc) G_CALLBACK (terminal_readable),
      t, NULL);
  g_source_attach (t->source, context);
  return t;
}

static gboolean
terminal_cancel_in_context (gpointer data)
{
  GstConsentTerminal *t = data;

  if (!t->answered) {
    t->answered = TRUE;
    terminal_say (t, _("\n(The question was withdrawn.)\n"));
  }
  if (t->source) {
    g_source_destroy (t->source);
    g_source_unref (t->source);
  }
  if (t->fd >= 0)
    close (t->fd);
  if (t->notify)
    t->notify (t->user_data);
  g_string_free (t->line, TRUE);
  g_main_context_unref (t->context);
  g_free (t);
  return G_SOURCE_REMOVE;
}

void
gst_consent_terminal_cancel (GstConsentTerminal * t)
{
  if (!t)
    return;
  /* Runs in the I/O context, so it never races the read callback. */
  g_main_context_invoke (t->context, terminal_cancel_in_context, t);
}
