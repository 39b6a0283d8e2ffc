/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * libFuzzer target for srtpdecrypt's input path.
 *
 * Invariant checked: nothing unauthenticated leaves srtpdecrypt. Every
 * buffer it pushes must be the plaintext of one of the packets srtpencrypt
 * produced (with the same key) for this run, and each at most once (replay
 * protection). Since those genuine packets are also pushed, each must come
 * out exactly once: an unauthenticated packet must not disturb the replay
 * window or ROC state either.
 *
 * Input layout (all optional; short inputs are fine):
 *   byte 0      profile (value % 4)
 *   byte 1      flags: bit 0 push everything as one GstBufferList;
 *               bit 1 split each buffer into two GstMemory;
 *               bit 2 hold an extra ref (input not writable, copy path);
 *               bit 3 replay-window 64 instead of the default
 *   then chunks, each starting with a control byte c:
 *     c bit 0 = 0: c, 2 length bytes (big endian, % 2048), that many bytes:
 *       a packet as it is
 *     c bit 0 = 1: c, d, n, n bytes: the genuine packet number (c >> 1) % 6
 *       with bytes 1..n-1 XORed in from offset byte 0; if c bit 7 is set its
 *       length changes by the signed byte d (truncated or zero-extended)
 *   After each chunk the next genuine packet (in order) is pushed; whatever
 *   is left is pushed at the end.
 *
 * The genuine packets — RTP on two SSRCs across a sequence-number wrap, with
 * CSRC, header extension and padding, plus SRTCP SR and RR — are encrypted
 * once per profile in LLVMFuzzerInitialize by srtpencrypt.
 *
 * SRTP_FUZZ_WRITE_SEEDS=<dir>: write a seed corpus there and exit.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gst/gst.h>
#include <gst/check/gstharness.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 * data, size_t size);

#define N_PROFILES 4
#define N_GENUINE 6
#define MAX_PACKET 2048

typedef struct
{
  const gchar *nick;
  guint key_len;
} FuzzProfile;

static const FuzzProfile fuzz_profiles[N_PROFILES] = {
  {"aes-128-cm-hmac-sha1-80", 30},
  {"aes-128-cm-hmac-sha1-32", 30},
  {"aead-aes-128-gcm", 28},
  {"aead-aes-256-gcm", 44},
};

typedef struct
{
  GBytes *plain;
  GBytes *cipher;
} Genuine;

static Genuine genuine[N_PROFILES][N_GENUINE];
static gchar *key_hex[N_PROFILES];

static void
die (const gchar * what)
{
  fprintf (stderr, "fuzz-srtpdecrypt: %s\n", what);
  abort ();
}

/* ------------------------------------------------------------------------ */
/* Genuine packets */

static GBytes *
make_rtp (guint32 ssrc, guint16 seq, guint csrcs, gboolean ext,
    guint payload, guint padding)
{
  guint8 p[256];
  gsize n = 12, i;

  p[0] = 0x80 | (padding ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs;
  p[1] = 96;
  GST_WRITE_UINT16_BE (p + 2, seq);
  GST_WRITE_UINT32_BE (p + 4, seq * 960u);
  GST_WRITE_UINT32_BE (p + 8, ssrc);
  for (i = 0; i < csrcs; i++, n += 4)
    GST_WRITE_UINT32_BE (p + n, 0xc5c00000u + i);
  if (ext) {
    /* RFC 8285 one-byte header extension, one word */
    GST_WRITE_UINT16_BE (p + n, 0xbede);
    GST_WRITE_UINT16_BE (p + n + 2, 1);
    p[n + 4] = 0x10;
    p[n + 5] = 0x42;
    p[n + 6] = p[n + 7] = 0;
    n += 8;
  }
  for (i = 0; i < payload; i++)
    p[n++] = (guint8) (seq + 7 * i);
  if (padding) {
    for (i = 1; i < padding; i++)
      p[n++] = 0;
    p[n++] = (guint8) padding;
  }
  return g_bytes_new (p, n);
}

static GBytes *
make_rtcp_sr (guint32 ssrc)
{
  guint8 p[28] = { 0x80, 200, 0, 6 };
  guint i;

  GST_WRITE_UINT32_BE (p + 4, ssrc);
  for (i = 8; i < sizeof (p); i++)
    p[i] = (guint8) (i * 13);
  return g_bytes_new (p, sizeof (p));
}

static GBytes *
make_rtcp_rr (guint32 ssrc)
{
  guint8 p[8] = { 0x80, 201, 0, 1 };

  GST_WRITE_UINT32_BE (p + 4, ssrc);
  return g_bytes_new (p, sizeof (p));
}

static GstBuffer *
buffer_from_bytes (GBytes * bytes, gsize room)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GstBuffer *buf = gst_buffer_new_allocate (NULL, len + room, NULL);

  gst_buffer_fill (buf, 0, data, len);
  gst_buffer_set_size (buf, len);
  return buf;
}

static GBytes *
bytes_from_buffer (GstBuffer * buf)
{
  GstMapInfo map;
  GBytes *bytes;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buf, &map);
  return bytes;
}

static GstHarness *
make_harness (const gchar * factory, guint profile, guint replay_window)
{
  GstElement *e = gst_element_factory_make (factory, NULL);
  GstHarness *h;

  if (e == NULL)
    die ("element not found: is GST_PLUGIN_PATH set to the build's ext/srtp?");
  gst_util_set_object_arg (G_OBJECT (e), "profile",
      fuzz_profiles[profile].nick);
  /* g_object_set copies the string; the element wipes its copy */
  g_object_set (e, "key", key_hex[profile], NULL);
  if (replay_window)
    g_object_set (e, "replay-window", replay_window, NULL);
  h = gst_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  gst_harness_set_src_caps_str (h, g_str_equal (factory, "srtpencrypt") ?
      "application/x-rtp" : "application/x-srtp");
  gst_harness_play (h);
  return h;
}

static void
make_genuine (guint profile)
{
  GstHarness *h = make_harness ("srtpencrypt", profile, 0);
  GBytes *plain[N_GENUINE];
  guint i;

  plain[0] = make_rtp (0x11111111, 65534, 0, FALSE, 40, 0);
  plain[1] = make_rtp (0x11111111, 65535, 1, FALSE, 30, 0);
  plain[2] = make_rtp (0x11111111, 0, 0, TRUE, 25, 0);  /* after the wrap */
  plain[3] = make_rtp (0x22222222, 7, 0, FALSE, 8, 4);
  plain[4] = make_rtcp_sr (0x11111111);
  plain[5] = make_rtcp_rr (0x22222222);

  for (i = 0; i < N_GENUINE; i++) {
    GstBuffer *out;

    if (gst_harness_push (h, buffer_from_bytes (plain[i], 32)) != GST_FLOW_OK)
      die ("srtpencrypt refused a packet");
    out = gst_harness_try_pull (h);
    if (out == NULL)
      die ("srtpencrypt dropped a genuine packet");
    genuine[profile][i].plain = plain[i];
    genuine[profile][i].cipher = bytes_from_buffer (out);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
}

/* ------------------------------------------------------------------------ */
/* One run */

typedef struct
{
  guint profile;
  guint flags;
  GstBufferList *list;          /* when pushing one list */
  GstHarness *h;
  guint next_genuine;
  GPtrArray *extra_refs;
} Run;

static GstBuffer *
make_input (Run * run, const guint8 * data, gsize len)
{
  GstBuffer *buf;

  if (len == 0) {
    buf = gst_buffer_new ();    /* no memory at all */
  } else if ((run->flags & 2) && len >= 2) {
    /* two memories: the element must map (merge) them */
    gsize half = len / 2;
    guint8 *rest = g_memdup2 (data + half, len - half);

    buf = gst_buffer_new_memdup (data, half);
    gst_buffer_append_memory (buf, gst_memory_new_wrapped (0, rest,
            len - half, 0, len - half, rest, g_free));
  } else {
    buf = gst_buffer_new_memdup (data, len);
  }
  return buf;
}

static void
push_one (Run * run, GstBuffer * buf)
{
  if (run->flags & 4) {
    /* Somebody else holds a reference until the push is over: the element
     * must not write into a buffer that is not its own. */
    g_ptr_array_add (run->extra_refs, gst_buffer_ref (buf));
  }
  if (run->list) {
    gst_buffer_list_insert (run->list, -1, buf);
  } else {
    gst_harness_push (run->h, buf);
  }
}

static void
push_bytes (Run * run, const guint8 * data, gsize len)
{
  push_one (run, make_input (run, data, len));
}

static void
push_next_genuine (Run * run)
{
  gsize len;
  const guint8 *data;

  if (run->next_genuine >= N_GENUINE)
    return;
  data = g_bytes_get_data (genuine[run->profile][run->next_genuine++].cipher,
      &len);
  push_bytes (run, data, len);
}

/* Pushes the chunk at @data (at most @avail bytes); returns its length. */
static gsize
push_chunk (Run * run, const guint8 * data, gsize avail)
{
  guint8 pkt[MAX_PACKET];
  guint8 ctl = data[0];
  gsize base_len, out_len, n, off, i;
  const guint8 *base, *x;

  if (avail < 3)
    return avail;
  if (!(ctl & 1)) {
    n = ((gsize) data[1] << 8 | data[2]) % MAX_PACKET;
    n = MIN (n, avail - 3);
    push_bytes (run, data + 3, n);
    return 3 + n;
  }

  n = MIN ((gsize) data[2], avail - 3);
  x = data + 3;
  base = g_bytes_get_data (genuine[run->profile][(ctl >> 1) % N_GENUINE].cipher,
      &base_len);
  out_len = base_len;
  if (ctl & 0x80) {
    gint delta = (gint8) data[1];
    out_len = (gssize) base_len + delta < 0 ? 0 :
        (gsize) ((gssize) base_len + delta);
  }
  out_len = MIN (out_len, sizeof (pkt));
  memset (pkt, 0, out_len);
  memcpy (pkt, base, MIN (base_len, out_len));
  if (n > 0 && out_len > 0) {
    off = x[0] % out_len;
    for (i = 1; i < n && off < out_len; i++, off++)
      pkt[off] ^= x[i];
  }
  push_bytes (run, pkt, out_len);
  return 3 + n;
}

static void
check_outputs (Run * run)
{
  gboolean seen[N_GENUINE] = { FALSE, };
  GstBuffer *out;
  guint i;

  while ((out = gst_harness_try_pull (run->h)) != NULL) {
    GstMapInfo map;
    gboolean found = FALSE;

    gst_buffer_map (out, &map, GST_MAP_READ);
    for (i = 0; i < N_GENUINE && !found; i++) {
      gsize len;
      const guint8 *p = g_bytes_get_data (genuine[run->profile][i].plain, &len);

      if (len == map.size && memcmp (p, map.data, len) == 0) {
        if (seen[i])
          die ("a genuine packet came out twice (replay not detected)");
        seen[i] = found = TRUE;
      }
    }
    gst_buffer_unmap (out, &map);
    gst_buffer_unref (out);
    if (!found)
      die ("srtpdecrypt pushed a buffer that srtpencrypt did not produce");
  }
  for (i = 0; i < N_GENUINE; i++)
    if (!seen[i])
      die ("a genuine packet was lost: forged input disturbed the state");
}

int
LLVMFuzzerTestOneInput (const guint8 * data, size_t size)
{
  Run run = { 0, };
  gsize pos = 2;

  run.profile = size > 0 ? data[0] % N_PROFILES : 0;
  run.flags = size > 1 ? data[1] : 0;
  run.h = make_harness ("srtpdecrypt", run.profile, (run.flags & 8) ? 64 : 0);
  if (run.flags & 1)
    run.list = gst_buffer_list_new ();
  run.extra_refs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_buffer_unref);

  while (pos < size) {
    pos += push_chunk (&run, data + pos, size - pos);
    push_next_genuine (&run);
  }
  while (run.next_genuine < N_GENUINE)
    push_next_genuine (&run);

  if (run.list)
    gst_pad_push_list (run.h->srcpad, run.list);
  g_ptr_array_free (run.extra_refs, TRUE);
  check_outputs (&run);
  gst_harness_teardown (run.h);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Set-up */

static void
write_seed (const gchar * dir, const gchar * name, const guint8 * data,
    gsize len)
{
  gchar *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;

  if (!g_file_set_contents (path, (const gchar *) data, len, &error))
    die (error->message);
  g_free (path);
}

/* Seeds: for each profile and flag set, the genuine packets as raw chunks,
 * and a few near-genuine mutations (flipped tag byte, truncation). */
static void
write_seeds (const gchar * dir)
{
  guint p, f, i, n = 0;

  g_mkdir_with_parents (dir, 0755);
  for (p = 0; p < N_PROFILES; p++) {
    for (f = 0; f < 16; f += 5) {
      GByteArray *a = g_byte_array_new ();
      guint8 hdr[2] = { (guint8) p, (guint8) f };
      gchar name[64];

      g_byte_array_append (a, hdr, 2);
      for (i = 0; i < N_GENUINE; i++) {
        gsize len;
        const guint8 *c = g_bytes_get_data (genuine[p][i].cipher, &len);
        /* as it is */
        guint8 raw[3] = { 0, (guint8) (len >> 8), (guint8) len };
        /* last (tag) byte flipped */
        guint8 flip[5] = { (guint8) (1 | (i << 1)), 0, 2,
          (guint8) (len - 1), 0x01
        };
        /* one byte short */
        guint8 trunc[3] = { (guint8) (0x81 | (i << 1)), 0xff, 0 };

        g_byte_array_append (a, raw, 3);
        g_byte_array_append (a, c, len);
        g_byte_array_append (a, flip, sizeof (flip));
        g_byte_array_append (a, trunc, sizeof (trunc));
      }
      g_snprintf (name, sizeof (name), "seed-%u-%02x", p, f);
      write_seed (dir, name, a->data, a->len);
      g_byte_array_unref (a);
      n++;
    }
  }
  fprintf (stderr, "fuzz-srtpdecrypt: wrote %u seeds to %s\n", n, dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const gchar *seed_dir;
  guint p, i;

  /* Our plugin from this build; scan in-process (the external scanner is
   * not built with the sanitizers) and skip the system plugins. */
  if (!g_getenv ("GST_PLUGIN_PATH_1_0") && !g_getenv ("GST_PLUGIN_PATH"))
    g_setenv ("GST_PLUGIN_PATH_1_0", SECURERTC_BUILDDIR "/ext/srtp", TRUE);
  if (!g_getenv ("GST_PLUGIN_SYSTEM_PATH_1_0"))
    g_setenv ("GST_PLUGIN_SYSTEM_PATH_1_0", "", TRUE);
  if (!g_getenv ("GST_REGISTRY_1_0"))
    g_setenv ("GST_REGISTRY_1_0",
        SECURERTC_BUILDDIR "/tests/fuzz/fuzz-registry.bin", TRUE);
  g_setenv ("GST_REGISTRY_FORK", "no", TRUE);
  gst_init (NULL, NULL);

  for (p = 0; p < N_PROFILES; p++) {
    GString *s = g_string_new (NULL);

    for (i = 0; i < fuzz_profiles[p].key_len; i++)
      g_string_append_printf (s, "%02x", (guint8) (0x5a ^ (i * 7 + p)));
    key_hex[p] = g_string_free (s, FALSE);
    make_genuine (p);
  }

  seed_dir = g_getenv ("SRTP_FUZZ_WRITE_SEEDS");
  if (seed_dir) {
    write_seeds (seed_dir);
    exit (0);
  }
  return 0;
}
