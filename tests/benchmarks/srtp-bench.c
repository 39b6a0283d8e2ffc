/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * srtp-bench: packets per second through srtpencrypt / srtpdecrypt (ours)
 * against gst-plugins-bad srtpenc / srtpdec (the anchor), with identical
 * prebuilt RTP packets and an identical push mechanism.
 *
 * Why one child process per measurement: libsrtp2's kernel replacement
 * (srtp_replace_cipher_type / srtp_replace_auth_type) is process-wide. Once
 * our plugin is loaded, srtpenc in the same process would run on our OpenSSL
 * kernels too, and the comparison would be meaningless. So every run is a
 * fresh child (this program re-executed with --child=...), the anchor child
 * checks that our plugin and library are not mapped into it, and the parent
 * alternates ours / anchor per repetition and reports medians.
 *
 * In a child, all input buffers are built before the clock starts; each is
 * allocated with 32 bytes of room after the packet for the tag. They are
 * pushed from our own src pad linked to the element's sink pad; our sink pad
 * counts what comes out and unrefs it. Encryption: gst_pad_push_list() in
 * lists of --list-size buffers. Decryption: gst_pad_push() one buffer at a
 * time for both, because srtpdec has no chain_list and, fed through the
 * default one (which keeps a reference in the list, so the buffer is not
 * writable), it decrypts a private copy and pushes the still-encrypted
 * input (gst-plugins-bad 1.22). For decryption the input is first encrypted by
 * the same implementation (untimed); only the decryption is timed. A short
 * untimed warm-up checks sizes (encrypt) or contents (decrypt) first.
 * Each run reports packets/s over wall-clock time and over the CPU time of
 * the pushing thread (the latter barely moves when the machine is busy).
 *
 * Usage: srtp-bench [--reps N] [--packets N] [--list-size N]
 *                   [--libsrtp-kernels] [--check]
 * --libsrtp-kernels (or SRTP_BENCH_LIBSRTP_KERNELS=1) adds a column with our
 * elements on libsrtp2's own kernels (GST_SECURERTC_SRTP_KERNELS=libsrtp).
 * --check exits with status 1 if a target of issue 2 is missed.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#define RTP_HEADER_LEN 12
#define TAG_ROOM 32
#define BENCH_SSRC 0x5eb0c0deu
#define BENCH_PT 96
#define FIRST_SEQ 65000         /* so that every run crosses a seq wrap */
#define WARMUP_PACKETS 256

typedef enum
{
  IMPL_OURS,
  IMPL_OURS_LIBSRTP,            /* ours, GST_SECURERTC_SRTP_KERNELS=libsrtp */
  IMPL_ANCHOR,
  N_IMPLS
} Impl;

static const gchar *impl_names[N_IMPLS] = { "ours", "ours-libsrtp", "anchor" };

typedef struct
{
  const gchar *nick;            /* our `profile` nick */
  const gchar *short_name;
  const gchar *cipher;          /* srtpenc/srtpdec cipher and auth nicks */
  const gchar *auth;
  guint key_len;                /* master key || salt, bytes */
  guint tag_len;                /* SRTP (RTP) tag */
  gdouble target;               /* issue 2 target ratio at 1200 bytes */
} ProfileInfo;

static const ProfileInfo profiles[] = {
  {"aes-128-cm-hmac-sha1-80", "AES-CM-80", "aes-128-icm", "hmac-sha1-80",
      30, 10, 4.0},
  {"aead-aes-128-gcm", "AEAD-AES-128-GCM", "aes-128-gcm", "null",
      28, 16, 1.7},
};

static const guint payload_sizes[] = { 160, 1200 };

static const gchar *directions[] = { "encrypt", "decrypt" };

/* ------------------------------------------------------------------------ */
/* Child: one implementation, one configuration, one timed run */

typedef struct
{
  GstElement *element;
  GstPad *srcpad;               /* ours: pushes into the element */
  GstPad *sinkpad;              /* ours: receives from the element */
  GstPad *request_pad;          /* srtpenc's rtp_sink_0, released at the end */
} Rig;

/* Output accounting; one streaming thread (ours), so no atomics needed. */
static guint64 out_packets;
static guint64 out_bytes;
static GPtrArray *collect;      /* when set, outputs are kept, not unreffed */

static GstFlowReturn
sink_chain (GstPad * pad, GstObject * parent, GstBuffer * buffer)
{
  out_packets++;
  if (collect) {
    out_bytes += gst_buffer_get_size (buffer);
    g_ptr_array_add (collect, buffer);
  } else {
    gst_buffer_unref (buffer);
  }
  return GST_FLOW_OK;
}

static gboolean
collect_item (GstBuffer ** buffer, guint idx, gpointer user_data)
{
  out_bytes += gst_buffer_get_size (*buffer);
  g_ptr_array_add (collect, *buffer);
  *buffer = NULL;
  return TRUE;
}

static GstFlowReturn
sink_chain_list (GstPad * pad, GstObject * parent, GstBufferList * list)
{
  out_packets += gst_buffer_list_length (list);
  if (collect) {
    list = gst_buffer_list_make_writable (list);
    gst_buffer_list_foreach (list, collect_item, NULL);
  }
  gst_buffer_list_unref (list);
  return GST_FLOW_OK;
}

static gboolean
sink_event (GstPad * pad, GstObject * parent, GstEvent * event)
{
  gst_event_unref (event);
  return TRUE;
}

static GstBuffer *
make_key_buffer (const ProfileInfo * p)
{
  GstBuffer *key = gst_buffer_new_allocate (NULL, p->key_len, NULL);
  GstMapInfo map;
  guint i;

  gst_buffer_map (key, &map, GST_MAP_WRITE);
  for (i = 0; i < p->key_len; i++)
    map.data[i] = (guint8) (0x11 * i + 3);
  gst_buffer_unmap (key, &map);
  return key;
}

static gchar *
make_key_hex (const ProfileInfo * p)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < p->key_len; i++)
    g_string_append_printf (s, "%02x", (guint8) (0x11 * i + 3));
  return g_string_free (s, FALSE);
}

static GstCaps *
on_request_key (GstElement * srtpdec, guint ssrc, gpointer user_data)
{
  const ProfileInfo *p = user_data;
  GstBuffer *key = make_key_buffer (p);
  GstCaps *caps;

  caps = gst_caps_new_simple ("application/x-srtp",
      "srtp-key", GST_TYPE_BUFFER, key,
      "srtp-cipher", G_TYPE_STRING, p->cipher,
      "srtp-auth", G_TYPE_STRING, p->auth,
      "srtcp-cipher", G_TYPE_STRING, p->cipher,
      "srtcp-auth", G_TYPE_STRING, p->auth, NULL);
  gst_buffer_unref (key);
  return caps;
}

static GstElement *
make_element (Impl impl, gboolean encrypt, const ProfileInfo * p,
    GstPad ** sink, GstPad ** src, GstPad ** request_pad)
{
  const gchar *factory;
  GstElement *e;

  if (impl == IMPL_ANCHOR)
    factory = encrypt ? "srtpenc" : "srtpdec";
  else
    factory = encrypt ? "srtpencrypt" : "srtpdecrypt";
  e = gst_element_factory_make (factory, NULL);
  if (e == NULL) {
    g_printerr ("srtp-bench: element %s not found (%s)\n", factory,
        impl == IMPL_ANCHOR ? "install gstreamer1.0-plugins-bad" :
        "is GST_PLUGIN_PATH set to the build's ext/srtp?");
    exit (2);
  }

  /* --replay-window: the same window on both implementations (srtpdec's
   * default is 128 packets, ours 1024; a larger window costs libsrtp more
   * bit-shifting per packet). */
  if (g_getenv ("SRTP_BENCH_REPLAY_WINDOW")) {
    guint w = (guint) g_ascii_strtoull (g_getenv ("SRTP_BENCH_REPLAY_WINDOW"),
        NULL, 10);
    if (w > 0)
      g_object_set (e, impl == IMPL_ANCHOR ? "replay-window-size" :
          "replay-window", w, NULL);
  }

  *request_pad = NULL;
  if (impl != IMPL_ANCHOR) {
    gchar *hex = make_key_hex (p);

    gst_util_set_object_arg (G_OBJECT (e), "profile", p->nick);
    g_object_set (e, "key", hex, NULL);
    g_free (hex);
    *sink = gst_element_get_static_pad (e, "sink");
    *src = gst_element_get_static_pad (e, "src");
  } else if (encrypt) {
    GstBuffer *key = make_key_buffer (p);

    g_object_set (e, "key", key, NULL);
    gst_buffer_unref (key);
    gst_util_set_object_arg (G_OBJECT (e), "rtp-cipher", p->cipher);
    gst_util_set_object_arg (G_OBJECT (e), "rtp-auth", p->auth);
    gst_util_set_object_arg (G_OBJECT (e), "rtcp-cipher", p->cipher);
    gst_util_set_object_arg (G_OBJECT (e), "rtcp-auth", p->auth);
    *request_pad = gst_element_request_pad_simple (e, "rtp_sink_%u");
    *sink = gst_object_ref (*request_pad);
    *src = gst_element_get_static_pad (e, "rtp_src_0");
  } else {
    g_signal_connect (e, "request-key", G_CALLBACK (on_request_key),
        (gpointer) p);
    *sink = gst_element_get_static_pad (e, "rtp_sink");
    *src = gst_element_get_static_pad (e, "rtp_src");
  }
  if (*sink == NULL || *src == NULL) {
    g_printerr ("srtp-bench: %s has no usable pads\n", factory);
    exit (2);
  }
  return e;
}

static void
rig_setup (Rig * rig, Impl impl, gboolean encrypt, const ProfileInfo * p)
{
  GstPad *esink, *esrc;
  GstCaps *caps;
  GstSegment segment;

  memset (rig, 0, sizeof (*rig));
  rig->element = make_element (impl, encrypt, p, &esink, &esrc,
      &rig->request_pad);

  rig->srcpad = gst_pad_new ("benchsrc", GST_PAD_SRC);
  rig->sinkpad = gst_pad_new ("benchsink", GST_PAD_SINK);
  gst_pad_set_chain_function (rig->sinkpad, sink_chain);
  gst_pad_set_chain_list_function (rig->sinkpad, sink_chain_list);
  gst_pad_set_event_function (rig->sinkpad, sink_event);
  if (gst_pad_link (rig->srcpad, esink) != GST_PAD_LINK_OK ||
      gst_pad_link (esrc, rig->sinkpad) != GST_PAD_LINK_OK) {
    g_printerr ("srtp-bench: cannot link pads\n");
    exit (2);
  }
  gst_object_unref (esink);
  gst_object_unref (esrc);
  gst_pad_set_active (rig->sinkpad, TRUE);
  gst_pad_set_active (rig->srcpad, TRUE);

  if (gst_element_set_state (rig->element, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    g_printerr ("srtp-bench: cannot start %s\n",
        GST_OBJECT_NAME (rig->element));
    exit (2);
  }

  gst_pad_push_event (rig->srcpad, gst_event_new_stream_start ("srtp-bench"));
  caps = gst_caps_new_simple (encrypt ? "application/x-rtp" :
      "application/x-srtp", "media", G_TYPE_STRING, "video",
      "clock-rate", G_TYPE_INT, 90000, "encoding-name", G_TYPE_STRING, "VP8",
      "payload", G_TYPE_INT, BENCH_PT, NULL);
  gst_pad_push_event (rig->srcpad, gst_event_new_caps (caps));
  gst_caps_unref (caps);
  gst_segment_init (&segment, GST_FORMAT_TIME);
  gst_pad_push_event (rig->srcpad, gst_event_new_segment (&segment));
}

static void
rig_teardown (Rig * rig)
{
  gst_element_set_state (rig->element, GST_STATE_NULL);
  gst_pad_set_active (rig->srcpad, FALSE);
  gst_pad_set_active (rig->sinkpad, FALSE);
  if (rig->request_pad) {
    gst_element_release_request_pad (rig->element, rig->request_pad);
    gst_object_unref (rig->request_pad);
  }
  gst_object_unref (rig->srcpad);
  gst_object_unref (rig->sinkpad);
  gst_object_unref (rig->element);
}

static void
fill_packet (guint8 * data, guint payload, guint index)
{
  guint16 seq = (guint16) (FIRST_SEQ + index);
  guint j;

  data[0] = 0x80;
  data[1] = BENCH_PT;
  GST_WRITE_UINT16_BE (data + 2, seq);
  GST_WRITE_UINT32_BE (data + 4, index * 3000u);
  GST_WRITE_UINT32_BE (data + 8, BENCH_SSRC);
  for (j = 0; j < payload; j++)
    data[RTP_HEADER_LEN + j] = (guint8) (index + j);
}

/* A plaintext RTP packet in memory with TAG_ROOM spare bytes after it. */
static GstBuffer *
make_packet (guint payload, guint index)
{
  gsize size = RTP_HEADER_LEN + payload;
  GstBuffer *buf = gst_buffer_new_allocate (NULL, size + TAG_ROOM, NULL);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  fill_packet (map.data, payload, index);
  gst_buffer_unmap (buf, &map);
  gst_buffer_set_size (buf, size);
  return buf;
}

/* Splits buffers [from, to) of @bufs into lists (taking the references). */
static GPtrArray *
make_lists (GstBuffer ** bufs, guint from, guint to, guint list_size)
{
  GPtrArray *lists = g_ptr_array_new ();
  guint i;

  for (i = from; i < to; i += list_size) {
    guint n = MIN (list_size, to - i), k;
    GstBufferList *list = gst_buffer_list_new_sized (n);

    for (k = 0; k < n; k++)
      gst_buffer_list_add (list, bufs[i + k]);
    g_ptr_array_add (lists, list);
  }
  return lists;
}

/* Pushes a batch: the prebuilt lists with gst_pad_push_list(), or, when
 * @lists is NULL, buffers [from, to) of @bufs one by one with gst_pad_push().
 * Ownership of the buffers / lists passes to the element. */
static void
push_batch (Rig * rig, GPtrArray * lists, GstBuffer ** bufs, guint from,
    guint to)
{
  GstFlowReturn ret = GST_FLOW_OK;
  guint i;

  if (lists) {
    for (i = 0; i < lists->len && ret == GST_FLOW_OK; i++)
      ret = gst_pad_push_list (rig->srcpad, g_ptr_array_index (lists, i));
    g_ptr_array_free (lists, TRUE);
  } else {
    for (i = from; i < to && ret == GST_FLOW_OK; i++)
      ret = gst_pad_push (rig->srcpad, bufs[i]);
  }
  if (ret != GST_FLOW_OK) {
    g_printerr ("srtp-bench: push returned %s\n", gst_flow_get_name (ret));
    exit (2);
  }
}

/* Pushes buffers [from, to) untimed, in the run's push mode. */
static void
push_range (Rig * rig, GstBuffer ** bufs, guint from, guint to,
    guint list_size)
{
  push_batch (rig, list_size ? make_lists (bufs, from, to, list_size) : NULL,
      bufs, from, to);
}

/* Our plugin, and the internal library that registers the OpenSSL kernels,
 * must not be in the anchor's process. */
static void
check_anchor_process_clean (void)
{
  GstPlugin *plugin;
  gchar *maps = NULL;

  plugin = gst_registry_find_plugin (gst_registry_get (), "securesrtp");
  if (plugin) {
    gboolean loaded = gst_plugin_is_loaded (plugin);
    gst_object_unref (plugin);
    if (loaded) {
      g_printerr ("srtp-bench: our plugin is loaded in the anchor process\n");
      exit (3);
    }
  }
  if (!g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL)) {
    g_printerr ("srtp-bench: cannot read /proc/self/maps\n");
    exit (3);
  }
  if (strstr (maps, "libgstsecuresrtp") || strstr (maps, "libgstsecurertc")) {
    g_printerr ("srtp-bench: libgstsecuresrtp/libgstsecurertc mapped into the "
        "anchor process: its libsrtp2 would not run on stock kernels\n");
    exit (3);
  }
  g_free (maps);
}

static gchar *
get_our_kernels (GstElement * element)
{
  GstStructure *stats = NULL;
  gchar *kernels;

  g_object_get (element, "stats", &stats, NULL);
  kernels = g_strdup (stats ? gst_structure_get_string (stats, "kernels") :
      NULL);
  if (stats)
    gst_structure_free (stats);
  return kernels ? kernels : g_strdup ("unknown");
}

/* For profiling only the timed part:
 *   mkfifo /tmp/ctl; SRTP_BENCH_PERF_CTL=/tmp/ctl perf record -D -1 \
 *       --control fifo:/tmp/ctl srtp-bench --child=ours ...
 * perf then samples only between "enable" and "disable". */
static void
perf_control (const gchar * cmd)
{
  const gchar *path = g_getenv ("SRTP_BENCH_PERF_CTL");
  FILE *f;

  if (path == NULL || (f = fopen (path, "w")) == NULL)
    return;
  fprintf (f, "%s\n", cmd);
  fclose (f);
  g_usleep (G_USEC_PER_SEC / 20);       /* let perf act on it; untimed */
}

static int
run_child (Impl impl, gboolean encrypt, const ProfileInfo * p, guint payload,
    guint packets, guint list_size)
{
  const guint encrypt_list_size = 64;   /* for the untimed encryption */
  guint total = WARMUP_PACKETS + packets, i;
  gsize plain_size = RTP_HEADER_LEN + payload;
  GstBuffer **bufs = g_new (GstBuffer *, total);
  guint8 *warmup_plain = NULL;
  gchar *kernels;
  Rig rig;
  gint64 t0, t1;
  gdouble seconds, cpu_seconds;
  struct timespec c0, c1;

  for (i = 0; i < total; i++)
    bufs[i] = make_packet (payload, i);

  if (!encrypt) {
    /* Untimed: encrypt everything with the same implementation. */
    warmup_plain = g_malloc (WARMUP_PACKETS * plain_size);
    for (i = 0; i < WARMUP_PACKETS; i++)
      gst_buffer_extract (bufs[i], 0, warmup_plain + i * plain_size,
          plain_size);
    rig_setup (&rig, impl, TRUE, p);
    collect = g_ptr_array_sized_new (total);
    push_range (&rig, bufs, 0, total, encrypt_list_size);
    rig_teardown (&rig);
    if (collect->len != total) {
      g_printerr ("srtp-bench: encryptor produced %u of %u packets\n",
          collect->len, total);
      return 4;
    }
    memcpy (bufs, collect->pdata, total * sizeof (GstBuffer *));
    g_ptr_array_free (collect, TRUE);
    collect = NULL;
  }

  rig_setup (&rig, impl, encrypt, p);

  /* Untimed warm-up (stream creation, caches) with a correctness check. */
  collect = g_ptr_array_sized_new (WARMUP_PACKETS);
  out_packets = out_bytes = 0;
  push_range (&rig, bufs, 0, WARMUP_PACKETS, list_size);
  if (collect->len != WARMUP_PACKETS) {
    g_printerr ("srtp-bench: warm-up: %u of %u packets came out\n",
        collect->len, WARMUP_PACKETS);
    return 4;
  }
  for (i = 0; i < WARMUP_PACKETS; i++) {
    GstBuffer *out = g_ptr_array_index (collect, i);
    gsize expect = encrypt ? plain_size + p->tag_len : plain_size;

    if (gst_buffer_get_size (out) != expect ||
        (!encrypt && gst_buffer_memcmp (out, 0, warmup_plain + i * plain_size,
                plain_size) != 0)) {
      g_printerr ("srtp-bench: warm-up packet %u is wrong (%" G_GSIZE_FORMAT
          " bytes, expected %" G_GSIZE_FORMAT ")\n", i,
          gst_buffer_get_size (out), expect);
      return 4;
    }
    gst_buffer_unref (out);
  }
  g_ptr_array_free (collect, TRUE);
  collect = NULL;
  g_free (warmup_plain);

  /* The timed run: lists prepared beforehand, output just unreffed. */
  {
    GPtrArray *lists = list_size ?
        make_lists (bufs, WARMUP_PACKETS, total, list_size) : NULL;

    out_packets = 0;
    perf_control ("enable");
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &c0);
    t0 = g_get_monotonic_time ();
    push_batch (&rig, lists, bufs, WARMUP_PACKETS, total);
    t1 = g_get_monotonic_time ();
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &c1);
    perf_control ("disable");
  }
  if (out_packets != packets) {
    g_printerr ("srtp-bench: %" G_GUINT64_FORMAT " of %u packets came out\n",
        out_packets, packets);
    return 4;
  }

  if (impl == IMPL_ANCHOR) {
    check_anchor_process_clean ();
    kernels = g_strdup ("libsrtp2-stock");
  } else {
    kernels = get_our_kernels (rig.element);
  }
  rig_teardown (&rig);
  g_free (bufs);

  seconds = (t1 - t0) / 1e6;
  cpu_seconds = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) / 1e9;
  g_print ("RESULT packets=%u seconds=%.6f pps=%.1f cpu-pps=%.1f kernels=%s\n",
      packets, seconds, packets / seconds, packets / cpu_seconds, kernels);
  g_free (kernels);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Parent */

typedef struct
{
  gdouble pps;                  /* wall clock */
  gdouble cpu_pps;              /* the pushing thread's CPU time */
  gchar *kernels;
} ChildResult;

static gboolean
spawn_child (const gchar * self_exe, Impl impl, guint dir, guint prof,
    guint payload, guint packets, guint list_size, ChildResult * res)
{
  gchar *argv[9];
  gchar **envp = g_get_environ ();
  gchar *out = NULL, *err = NULL, *line;
  gint status;
  GError *error = NULL;
  gboolean ok = FALSE;
  guint i;

  argv[0] = (gchar *) self_exe;
  argv[1] = g_strdup_printf ("--child=%s", impl_names[impl]);
  argv[2] = g_strdup_printf ("--direction=%s", directions[dir]);
  argv[3] = g_strdup_printf ("--profile=%s", profiles[prof].nick);
  argv[4] = g_strdup_printf ("--payload=%u", payload);
  argv[5] = g_strdup_printf ("--packets=%u", packets);
  argv[6] = g_strdup_printf ("--list-size=%u", list_size);
  argv[7] = NULL;

  if (impl == IMPL_OURS_LIBSRTP)
    envp = g_environ_setenv (envp, "GST_SECURERTC_SRTP_KERNELS", "libsrtp",
        TRUE);
  else if (impl == IMPL_ANCHOR)
    envp = g_environ_unsetenv (envp, "GST_SECURERTC_SRTP_KERNELS");

  if (!g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out,
          &err, &status, &error)) {
    g_printerr ("srtp-bench: cannot run child: %s\n", error->message);
    g_clear_error (&error);
  } else if (!g_spawn_check_wait_status (status, &error)) {
    g_printerr ("srtp-bench: %s child (%s %s %u) failed: %s\n%s",
        impl_names[impl], directions[dir], profiles[prof].nick, payload,
        error->message, err);
    g_clear_error (&error);
  } else if ((line = strstr (out, "RESULT ")) != NULL) {
    gchar kernels[64] = "";
    guint n;
    gdouble seconds, pps, cpu_pps;

    if (sscanf (line, "RESULT packets=%u seconds=%lf pps=%lf cpu-pps=%lf "
            "kernels=%63s", &n, &seconds, &pps, &cpu_pps, kernels) == 5) {
      res->pps = pps;
      res->cpu_pps = cpu_pps;
      res->kernels = g_strdup (kernels);
      ok = TRUE;
    }
  }
  if (!ok && out)
    g_printerr ("%s", out);

  for (i = 1; i < 7; i++)
    g_free (argv[i]);
  g_free (out);
  g_free (err);
  g_strfreev (envp);
  return ok;
}

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return x < y ? -1 : x > y;
}

static gdouble
median (gdouble * v, guint n)
{
  qsort (v, n, sizeof (gdouble), (int (*)(const void *, const void *))
      cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Points children at this build's plugin (unless the caller, e.g. meson's
 * benchmark environment, already did) and at a registry of our own, which a
 * scan child rebuilds first. The scan runs in-process (GST_REGISTRY_FORK=no)
 * because the system plugin scanner cannot load a plugin built with
 * sanitizers; it is a separate process, so the measurement children find an
 * up-to-date registry and load nothing but what they use. */
static gboolean
setup_child_environment (const gchar * self_exe)
{
  const gchar *registry =
      SECURERTC_BUILDDIR "/tests/benchmarks/srtp-bench-registry.bin";
  gchar *argv[3] = { (gchar *) self_exe, (gchar *) "--child=scan", NULL };
  gchar **envp;
  const gchar *asan;
  gchar *asan_opts;
  gint status;
  GError *error = NULL;
  gboolean ok;

  if (g_getenv ("GST_PLUGIN_PATH_1_0") == NULL &&
      g_getenv ("GST_PLUGIN_PATH") == NULL)
    g_setenv ("GST_PLUGIN_PATH_1_0", SECURERTC_BUILDDIR "/ext/srtp", TRUE);
  g_unsetenv ("GST_REGISTRY");
  g_setenv ("GST_REGISTRY_1_0", registry, TRUE);
  g_unlink (registry);

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "GST_REGISTRY_FORK", "no", TRUE);
  /* one-time allocations of every plugin scanned are not our leaks */
  asan = g_getenv ("ASAN_OPTIONS");
  asan_opts = g_strconcat (asan ? asan : "", asan ? ":" : "",
      "detect_leaks=0", NULL);
  envp = g_environ_setenv (envp, "ASAN_OPTIONS", asan_opts, TRUE);
  g_free (asan_opts);
  ok = g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, NULL,
      NULL, &status, &error) && g_spawn_check_wait_status (status, &error);
  if (!ok) {
    g_printerr ("srtp-bench: registry scan failed: %s\n", error->message);
    g_clear_error (&error);
  }
  g_strfreev (envp);
  return ok;
}

/* --child=scan: builds the registry and checks the four elements exist. */
static int
run_scan_child (void)
{
  const gchar *names[] = { "srtpencrypt", "srtpdecrypt", "srtpenc", "srtpdec" };
  guint i;
  int ret = 0;

  gst_init (NULL, NULL);
  for (i = 0; i < G_N_ELEMENTS (names); i++) {
    GstElementFactory *f = gst_element_factory_find (names[i]);

    if (f == NULL) {
      g_printerr ("srtp-bench: element %s not found (%s)\n", names[i],
          i < 2 ? "is GST_PLUGIN_PATH set to the build's ext/srtp?" :
          "install gstreamer1.0-plugins-bad");
      ret = 2;
    } else {
      gst_object_unref (f);
    }
  }
  return ret;
}

#define N_CONFIGS (G_N_ELEMENTS (directions) * G_N_ELEMENTS (profiles) * \
    G_N_ELEMENTS (payload_sizes))

/* Prints one table of medians; returns whether every target was met. */
static gboolean
print_table (const gchar * title, gdouble med[][N_IMPLS], gboolean with_libsrtp)
{
  gboolean all_met = TRUE;
  guint c = 0, dir, prof, size;

  g_print ("\n%s\n", title);
  g_print ("%-8s %-17s %7s %12s %12s", "dir", "profile", "payload",
      "ours pkt/s", "anchor pkt/s");
  if (with_libsrtp)
    g_print (" %14s", "ours-libsrtp");
  g_print (" %7s", "ratio");
  if (with_libsrtp)
    g_print (" %13s", "ratio-libsrtp");
  g_print ("  target\n");

  for (dir = 0; dir < G_N_ELEMENTS (directions); dir++) {
    for (prof = 0; prof < G_N_ELEMENTS (profiles); prof++) {
      for (size = 0; size < G_N_ELEMENTS (payload_sizes); size++, c++) {
        gdouble *m = med[c];
        gdouble ratio = m[IMPL_ANCHOR] > 0 ? m[IMPL_OURS] / m[IMPL_ANCHOR] : 0;

        g_print ("%-8s %-17s %7u %12.0f %12.0f", directions[dir],
            profiles[prof].short_name, payload_sizes[size], m[IMPL_OURS],
            m[IMPL_ANCHOR]);
        if (with_libsrtp)
          g_print (" %14.0f", m[IMPL_OURS_LIBSRTP]);
        g_print (" %6.2fx", ratio);
        if (with_libsrtp)
          g_print (" %12.2fx", m[IMPL_ANCHOR] > 0 ?
              m[IMPL_OURS_LIBSRTP] / m[IMPL_ANCHOR] : 0);
        if (payload_sizes[size] == 1200) {
          gboolean met = ratio >= profiles[prof].target;
          g_print ("  >= %.1fx %s", profiles[prof].target,
              met ? "met" : "MISSED");
          all_met &= met;
        }
        g_print ("\n");
      }
    }
  }
  return all_met;
}

static int
run_parent (guint reps, guint packets, guint list_size,
    gboolean with_libsrtp, gboolean check)
{
  gchar *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  Impl impls[N_IMPLS];
  guint n_impls = 0, dir, prof, size, rep, k, c = 0;
  gboolean met_wall, met_cpu, failed = FALSE;
  gchar *our_kernels = NULL;
  gdouble med_wall[N_CONFIGS][N_IMPLS], med_cpu[N_CONFIGS][N_IMPLS];

  if (self_exe == NULL) {
    g_printerr ("srtp-bench: cannot find own executable\n");
    return 2;
  }
  if (!setup_child_environment (self_exe)) {
    g_free (self_exe);
    return 2;
  }
  memset (med_wall, 0, sizeof (med_wall));
  memset (med_cpu, 0, sizeof (med_cpu));

  impls[n_impls++] = IMPL_OURS;
  if (with_libsrtp)
    impls[n_impls++] = IMPL_OURS_LIBSRTP;
  impls[n_impls++] = IMPL_ANCHOR;

  g_print ("srtp-bench: %u packets per run after %u warm-up, median of %u "
      "runs;\neach run in its own process, %s alternating;\n"
      "encrypt: gst_pad_push_list, lists of %u; decrypt: gst_pad_push, one "
      "buffer at a time\n(srtpdec has no chain_list: through the default one "
      "its input is not writable and\nit pushes the still-encrypted buffer)\n",
      packets, WARMUP_PACKETS, reps, with_libsrtp ?
      "ours / ours-libsrtp / anchor" : "ours / anchor", list_size);
  g_print ("anchor = gst-plugins-bad srtpenc/srtpdec on Debian's libsrtp2 "
      "(stock kernels)\n");

  for (dir = 0; dir < G_N_ELEMENTS (directions); dir++) {
    for (prof = 0; prof < G_N_ELEMENTS (profiles); prof++) {
      for (size = 0; size < G_N_ELEMENTS (payload_sizes); size++, c++) {
        gdouble *wall[N_IMPLS], *cpu[N_IMPLS];
        guint payload = payload_sizes[size];

        for (k = 0; k < N_IMPLS; k++) {
          wall[k] = g_new0 (gdouble, reps);
          cpu[k] = g_new0 (gdouble, reps);
        }
        for (rep = 0; rep < reps; rep++) {
          for (k = 0; k < n_impls; k++) {
            /* rotate the order each repetition */
            Impl impl = impls[(k + rep) % n_impls];
            ChildResult res = { 0, 0, NULL };

            if (!spawn_child (self_exe, impl, dir, prof, payload, packets,
                    dir == 0 ? list_size : 0, &res)) {
              failed = TRUE;
              continue;
            }
            wall[impl][rep] = res.pps;
            cpu[impl][rep] = res.cpu_pps;
            if (impl == IMPL_OURS && our_kernels == NULL)
              our_kernels = g_strdup (res.kernels);
            if (impl == IMPL_OURS_LIBSRTP &&
                g_strcmp0 (res.kernels, "libsrtp") != 0) {
              g_printerr ("srtp-bench: ours-libsrtp ran on %s kernels\n",
                  res.kernels);
              failed = TRUE;
            }
            g_free (res.kernels);
          }
        }
        for (k = 0; k < n_impls; k++) {
          med_wall[c][impls[k]] = median (wall[impls[k]], reps);
          med_cpu[c][impls[k]] = median (cpu[impls[k]], reps);
        }
        for (k = 0; k < N_IMPLS; k++) {
          g_free (wall[k]);
          g_free (cpu[k]);
        }
        g_printerr (".");
      }
    }
  }
  g_printerr ("\n");

  met_wall = print_table ("packets/s, wall clock:", med_wall, with_libsrtp);
  met_cpu = print_table ("packets/s, CPU time of the pushing thread "
      "(less sensitive to other load on the machine):", med_cpu, with_libsrtp);
  g_print ("\nours ran on %s kernels%s\n", our_kernels ? our_kernels : "?",
      g_getenv ("GST_SECURERTC_SRTP_KERNELS") ?
      " (GST_SECURERTC_SRTP_KERNELS is set)" : "");
  g_free (our_kernels);
  g_free (self_exe);
  if (failed)
    return 2;
  return check && !(met_wall && met_cpu) ? 1 : 0;
}

int
main (int argc, char **argv)
{
  gchar *child = NULL, *direction = NULL, *profile = NULL;
  gint reps = 7, packets = 100000, list_size = 64, payload = 1200;
  gint replay_window = 0;
  gboolean with_libsrtp = FALSE, check = FALSE;
  GOptionEntry entries[] = {
    {"reps", 0, 0, G_OPTION_ARG_INT, &reps,
        "Repetitions per implementation and configuration (>= 1)", "N"},
    {"packets", 0, 0, G_OPTION_ARG_INT, &packets,
        "Packets timed per run", "N"},
    {"list-size", 0, 0, G_OPTION_ARG_INT, &list_size,
        "Buffers per GstBufferList when encrypting (0: push one by one)", "N"},
    {"replay-window", 0, 0, G_OPTION_ARG_INT, &replay_window,
        "Replay window for both implementations (0: each element's default, "
          "ours 1024, srtpdec 128)", "N"},
    {"libsrtp-kernels", 0, 0, G_OPTION_ARG_NONE, &with_libsrtp,
        "Also run ours with GST_SECURERTC_SRTP_KERNELS=libsrtp", NULL},
    {"check", 0, 0, G_OPTION_ARG_NONE, &check,
        "Exit with status 1 if a target is missed", NULL},
    {"child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &child, NULL, NULL},
    {"direction", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &direction,
        NULL, NULL},
    {"profile", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &profile, NULL,
        NULL},
    {"payload", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &payload, NULL,
        NULL},
    {NULL}
  };
  GOptionContext *ctx;
  GError *error = NULL;
  int ret;

  ctx = g_option_context_new ("- SRTP elements against srtpenc/srtpdec");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("srtp-bench: %s\n", error->message);
    return 2;
  }
  g_option_context_free (ctx);
  if (reps < 1 || packets < 1 || list_size < 0 || payload < 0 ||
      payload > 8192) {
    g_printerr ("srtp-bench: invalid numeric option\n");
    return 2;
  }
  if (g_strcmp0 (g_getenv ("SRTP_BENCH_LIBSRTP_KERNELS"), "1") == 0)
    with_libsrtp = TRUE;

  if (child == NULL) {
    if (replay_window > 0) {
      gchar *w = g_strdup_printf ("%d", replay_window);
      g_setenv ("SRTP_BENCH_REPLAY_WINDOW", w, TRUE);
      g_free (w);
      g_print ("replay window: %d packets on both implementations\n",
          replay_window);
    } else {
      g_print ("replay window: each element's default (srtpdecrypt 1024, "
          "srtpdec 128)\n");
    }
    return run_parent (reps, packets, list_size, with_libsrtp, check);
  }
  if (g_strcmp0 (child, "scan") == 0) {
    g_free (child);
    return run_scan_child ();
  }

  {
    Impl impl = N_IMPLS;
    const ProfileInfo *p = NULL;
    guint i;

    for (i = 0; i < N_IMPLS; i++)
      if (g_strcmp0 (child, impl_names[i]) == 0)
        impl = i;
    for (i = 0; i < G_N_ELEMENTS (profiles); i++)
      if (g_strcmp0 (profile, profiles[i].nick) == 0)
        p = &profiles[i];
    if (impl == N_IMPLS || p == NULL || (g_strcmp0 (direction, "encrypt") &&
            g_strcmp0 (direction, "decrypt"))) {
      g_printerr ("srtp-bench: bad child arguments\n");
      return 2;
    }
    gst_init (NULL, NULL);
    ret = run_child (impl, g_strcmp0 (direction, "encrypt") == 0, p, payload,
        packets, list_size);
  }
  g_free (child);
  g_free (direction);
  g_free (profile);
  return ret;
}
