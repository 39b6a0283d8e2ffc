/* gst-securertc
 * Copyright (C) 2026 gst-securertc developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * JSON <-> message for the GStreamer WebRTC signalling protocol.
 * The wire format is the serde representation of gst-plugins-rs'
 * net/webrtc/protocol (camelCase fields, internally tagged by "type"); see
 * PROTOCOL.md. Unknown fields are ignored, as serde does. Field errors name
 * the offending field so that the server can answer with a useful "error".
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsignallingprotocol.h"

G_DEFINE_QUARK (gst-secure-rtc-signalling-error-quark, gst_secure_rtc_signalling_error);

typedef struct
{
  GstSecureRtcSignallingMessageType type;
  const gchar *name;
} TypeName;

static const TypeName type_names[] = {
  {GST_SECURE_RTC_SIGNALLING_MSG_WELCOME, "welcome"},
  {GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED, "peerStatusChanged"},
  {GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS, "setPeerStatus"},
  {GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION, "setProtocolVersion"},
  {GST_SECURE_RTC_SIGNALLING_MSG_LIST, "list"},
  {GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS, "listConsumers"},
  {GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION, "startSession"},
  {GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED, "sessionStarted"},
  {GST_SECURE_RTC_SIGNALLING_MSG_PEER, "peer"},
  {GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION, "endSession"},
  {GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1, "endSessionV1_1"},
  {GST_SECURE_RTC_SIGNALLING_MSG_ERROR, "error"},
};

/* Which types each direction carries. */
static gboolean
type_valid_for_direction (GstSecureRtcSignallingMessageType type,
    GstSecureRtcSignallingDirection dir)
{
  switch (type) {
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS:
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION:
      return dir == GST_SECURE_RTC_SIGNALLING_TO_SERVER;
    case GST_SECURE_RTC_SIGNALLING_MSG_WELCOME:
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED:
    case GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED:
    case GST_SECURE_RTC_SIGNALLING_MSG_ERROR:
      return dir == GST_SECURE_RTC_SIGNALLING_TO_PEER;
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST:
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS:
    case GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION:
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER:
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION:
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1:
      return TRUE;
    default:
      return FALSE;
  }
}

const gchar *
gst_secure_rtc_signalling_message_type_to_string (GstSecureRtcSignallingMessageType type)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (type_names[i].type == type)
      return type_names[i].name;
  return "unknown";
}

static GstSecureRtcSignallingMessageType
type_from_string (const gchar * s)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (type_names); i++)
    if (strcmp (type_names[i].name, s) == 0)
      return type_names[i].type;
  return GST_SECURE_RTC_SIGNALLING_MSG_UNKNOWN;
}

GstSecureRtcSignallingMessage *
gst_secure_rtc_signalling_message_new (GstSecureRtcSignallingMessageType type)
{
  GstSecureRtcSignallingMessage *msg = g_new0 (GstSecureRtcSignallingMessage, 1);

  msg->type = type;
  return msg;
}

void
gst_secure_rtc_signalling_message_free (GstSecureRtcSignallingMessage * msg)
{
  if (msg == NULL)
    return;
  g_free (msg->peer_id);
  g_free (msg->session_id);
  g_clear_pointer (&msg->meta, json_node_unref);
  g_free (msg->offer);
  g_free (msg->sdp_type);
  g_free (msg->sdp);
  g_free (msg->candidate);
  g_free (msg->details);
  g_free (msg->end_error);
  g_clear_pointer (&msg->peers, json_array_unref);
  g_free (msg);
}

/* ---- roles ---- */

static const struct
{
  GstSecureRtcSignallingRoles role;
  const gchar *name;
} role_names[] = {
  /* gstwebrtc-api registers ["listener","producer"]: keep that order. */
  {GST_SECURE_RTC_SIGNALLING_ROLE_LISTENER, "listener"},
  {GST_SECURE_RTC_SIGNALLING_ROLE_PRODUCER, "producer"},
  {GST_SECURE_RTC_SIGNALLING_ROLE_CONSUMER, "consumer"},
};

JsonNode *
gst_secure_rtc_signalling_roles_to_json (GstSecureRtcSignallingRoles roles)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (roles & role_names[i].role)
      json_array_add_string_element (arr, role_names[i].name);
  json_node_take_array (node, arr);
  return node;
}

gchar *
gst_secure_rtc_signalling_roles_to_string (GstSecureRtcSignallingRoles roles)
{
  GString *s = g_string_new ("[");
  guint i;

  for (i = 0; i < G_N_ELEMENTS (role_names); i++) {
    if (roles & role_names[i].role) {
      if (s->len > 1)
        g_string_append_c (s, ',');
      g_string_append (s, role_names[i].name);
    }
  }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* ---- parsing helpers ---- */

/* Nesting depth of a JSON text, skipping strings; fails above the maximum
 * without looking further. Runs before json-glib, whose parser recurses. */
static gboolean
check_depth (const gchar * data, gsize len)
{
  gsize i;
  guint depth = 0;
  gboolean in_string = FALSE;

  for (i = 0; i < len; i++) {
    gchar c = data[i];

    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = FALSE;
      continue;
    }
    switch (c) {
      case '"':
        in_string = TRUE;
        break;
      case '{':
      case '[':
        if (++depth > GST_SECURE_RTC_SIGNALLING_MAX_DEPTH)
          return FALSE;
        break;
      case '}':
      case ']':
        if (depth > 0)
          depth--;
        break;
      default:
        break;
    }
  }
  return TRUE;
}

static gboolean
node_is_string (JsonNode * node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A required string field. */
static gboolean
get_string (JsonObject * obj, const gchar * field, gchar ** out, GError ** error)
{
  JsonNode *node = json_object_get_member (obj, field);

  if (node == NULL) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "missing field '%s'", field);
    return FALSE;
  }
  if (!node_is_string (node)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
        "field '%s' must be a string", field);
    return FALSE;
  }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* An optional string field: absent or null leaves *out NULL. */
static gboolean
get_optional_string (JsonObject * obj, const gchar * field, gchar ** out,
    GError ** error)
{
  JsonNode *node = json_object_get_member (obj, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return get_string (obj, field, out, error);
}

static gboolean
parse_roles (JsonObject * obj, GstSecureRtcSignallingDirection dir,
    GstSecureRtcSignallingRoles * roles, GError ** error)
{
  JsonNode *node = json_object_get_member (obj, "roles");
  JsonArray *arr;
  guint i, j, n;

  *roles = GST_SECURE_RTC_SIGNALLING_ROLE_NONE;
  if (node == NULL) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID, "missing field 'roles'");
    return FALSE;
  }
  if (!JSON_NODE_HOLDS_ARRAY (node)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
        "field 'roles' must be an array of strings");
    return FALSE;
  }
  arr = json_node_get_array (node);
  n = json_array_get_length (arr);
  for (i = 0; i < n; i++) {
    JsonNode *el = json_array_get_element (arr, i);
    const gchar *name;
    gboolean known = FALSE;

    if (!node_is_string (el)) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "field 'roles' must be an array of strings");
      return FALSE;
    }
    name = json_node_get_string (el);
    for (j = 0; j < G_N_ELEMENTS (role_names); j++) {
      if (strcmp (name, role_names[j].name) == 0) {
        *roles |= role_names[j].role;
        known = TRUE;
      }
    }
    /* The reference server does not deserialize a status with an unknown
     * role; we say so. A client ignores roles it does not know. */
    if (!known && dir == GST_SECURE_RTC_SIGNALLING_TO_SERVER) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "unknown role '%.64s' (known: producer, consumer, listener)", name);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
parse_peer_payload (JsonObject * obj, GstSecureRtcSignallingMessage * msg,
    GError ** error)
{
  JsonNode *sdp = json_object_get_member (obj, "sdp");
  JsonNode *ice = json_object_get_member (obj, "ice");

  if ((sdp == NULL) == (ice == NULL)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
        "a 'peer' message needs exactly one of 'sdp' or 'ice'");
    return FALSE;
  }
  if (sdp != NULL) {
    JsonObject *o;

    if (!JSON_NODE_HOLDS_OBJECT (sdp)) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "field 'sdp' must be an object {\"type\",\"sdp\"}");
      return FALSE;
    }
    o = json_node_get_object (sdp);
    if (!get_string (o, "type", &msg->sdp_type, error))
      return FALSE;
    if (strcmp (msg->sdp_type, "offer") != 0
        && strcmp (msg->sdp_type, "answer") != 0) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "field 'sdp.type' must be \"offer\" or \"answer\"");
      return FALSE;
    }
    return get_string (o, "sdp", &msg->sdp, error);
  } else {
    JsonObject *o;
    JsonNode *idx;
    gint64 v;

    if (!JSON_NODE_HOLDS_OBJECT (ice)) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "field 'ice' must be an object {\"candidate\",\"sdpMLineIndex\"}");
      return FALSE;
    }
    o = json_node_get_object (ice);
    if (!get_string (o, "candidate", &msg->candidate, error))
      return FALSE;
    idx = json_object_get_member (o, "sdpMLineIndex");
    if (idx == NULL || !JSON_NODE_HOLDS_VALUE (idx)
        || json_node_get_value_type (idx) != G_TYPE_INT64
        || (v = json_node_get_int (idx)) < 0 || v > G_MAXUINT32) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "field 'ice.sdpMLineIndex' must be a non-negative integer");
      return FALSE;
    }
    msg->sdp_mline_index = (guint) v;
    return TRUE;
  }
}

static gboolean
parse_peer_list (JsonObject * obj, const gchar * field,
    GstSecureRtcSignallingMessage * msg, GError ** error)
{
  JsonNode *node = json_object_get_member (obj, field);
  JsonArray *arr;
  guint i, n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
        "field '%s' must be an array", field);
    return FALSE;
  }
  arr = json_node_get_array (node);
  n = json_array_get_length (arr);
  for (i = 0; i < n; i++) {
    JsonNode *el = json_array_get_element (arr, i);

    if (!JSON_NODE_HOLDS_OBJECT (el)
        || !node_is_string (json_object_get_member (json_node_get_object (el),
                "id"))) {
      g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
          GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
          "elements of '%s' must be objects with a string 'id'", field);
      return FALSE;
    }
  }
  msg->peers = json_array_ref (arr);
  return TRUE;
}

static gboolean
parse_fields (JsonObject * obj, GstSecureRtcSignallingDirection dir,
    GstSecureRtcSignallingMessage * msg, GError ** error)
{
  gboolean to_server = dir == GST_SECURE_RTC_SIGNALLING_TO_SERVER;
  JsonNode *meta;

  switch (msg->type) {
    case GST_SECURE_RTC_SIGNALLING_MSG_WELCOME:
      return get_string (obj, "peerId", &msg->peer_id, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED:
      if (!get_string (obj, "peerId", &msg->peer_id, error))
        return FALSE;
      /* fall through */
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS:
      if (!parse_roles (obj, dir, &msg->roles, error))
        return FALSE;
      meta = json_object_get_member (obj, "meta");
      if (meta != NULL && !JSON_NODE_HOLDS_NULL (meta))
        msg->meta = json_node_copy (meta);
      return TRUE;
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION:{
      g_autofree gchar *v = NULL;

      if (!get_string (obj, "version", &v, error))
        return FALSE;
      if (strcmp (v, "v1_0") == 0)
        msg->version = GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_0;
      else if (strcmp (v, "v1_1") == 0)
        msg->version = GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1;
      else {
        g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
            GST_SECURE_RTC_SIGNALLING_ERROR_INVALID,
            "unknown protocol version '%.32s' (known: v1_0, v1_1)", v);
        return FALSE;
      }
      return TRUE;
    }
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST:
      return to_server ? TRUE : parse_peer_list (obj, "producers", msg, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS:
      return to_server ? TRUE : parse_peer_list (obj, "consumers", msg, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION:
      if (!get_string (obj, "peerId", &msg->peer_id, error))
        return FALSE;
      if (!to_server && !get_string (obj, "sessionId", &msg->session_id, error))
        return FALSE;
      return get_optional_string (obj, "offer", &msg->offer, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED:
      return get_string (obj, "peerId", &msg->peer_id, error)
          && get_string (obj, "sessionId", &msg->session_id, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER:
      return get_string (obj, "sessionId", &msg->session_id, error)
          && parse_peer_payload (obj, msg, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION:
      return get_string (obj, "sessionId", &msg->session_id, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1:
      return get_string (obj, "sessionId", &msg->session_id, error)
          && get_optional_string (obj, "error", &msg->end_error, error);
    case GST_SECURE_RTC_SIGNALLING_MSG_ERROR:
      return get_string (obj, "details", &msg->details, error);
    default:
      g_assert_not_reached ();
      return FALSE;
  }
}

GstSecureRtcSignallingMessage *
gst_secure_rtc_signalling_message_parse (const gchar * data, gsize len,
    GstSecureRtcSignallingDirection direction, GError ** error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) jerr = NULL;
  g_autoptr (GstSecureRtcSignallingMessage) msg = NULL;
  g_autofree gchar *type = NULL;
  JsonNode *root;
  JsonObject *obj;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len > G_MAXSSIZE) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED, "message too large");
    return NULL;
  }
  if (!check_depth (data, len)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED,
        "malformed JSON: nested deeper than %d levels",
        GST_SECURE_RTC_SIGNALLING_MAX_DEPTH);
    return NULL;
  }
  if (!g_utf8_validate (data, len, NULL)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED,
        "malformed JSON: not valid UTF-8");
    return NULL;
  }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &jerr)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED, "malformed JSON: %s",
        jerr->message);
    return NULL;
  }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_MALFORMED,
        "malformed message: not a JSON object");
    return NULL;
  }
  obj = json_node_get_object (root);

  msg = gst_secure_rtc_signalling_message_new (GST_SECURE_RTC_SIGNALLING_MSG_UNKNOWN);
  if (!get_string (obj, "type", &type, error))
    return NULL;
  msg->type = type_from_string (type);
  if (!type_valid_for_direction (msg->type, direction)) {
    g_set_error (error, GST_SECURE_RTC_SIGNALLING_ERROR,
        GST_SECURE_RTC_SIGNALLING_ERROR_UNKNOWN_TYPE,
        "unknown message type '%.64s'", type);
    return NULL;
  }
  if (!parse_fields (obj, direction, msg, error))
    return NULL;

  return g_steal_pointer (&msg);
}

/* ---- serialising ---- */

static void
add_string_or_null (JsonBuilder * b, const gchar * field, const gchar * value)
{
  json_builder_set_member_name (b, field);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder * b, const gchar * field, const gchar * value)
{
  json_builder_set_member_name (b, field);
  json_builder_add_string_value (b, value ? value : "");
}

/**
 * gst_secure_rtc_signalling_message_serialize:
 * @msg: a message
 *
 * Returns: (transfer full): the JSON text of @msg, as the reference
 * implementations write it. A `peer` ice payload carries only "candidate"
 * and "sdpMLineIndex", like the Rust server re-serialises it.
 */
gchar *
gst_secure_rtc_signalling_message_serialize (const GstSecureRtcSignallingMessage * msg)
{
  g_autoptr (JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_string (b, "type", gst_secure_rtc_signalling_message_type_to_string (msg->type));

  switch (msg->type) {
    case GST_SECURE_RTC_SIGNALLING_MSG_WELCOME:
      add_string (b, "peerId", msg->peer_id);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED:
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PEER_STATUS:
      json_builder_set_member_name (b, "roles");
      json_builder_add_value (b, gst_secure_rtc_signalling_roles_to_json (msg->roles));
      json_builder_set_member_name (b, "meta");
      if (msg->meta)
        json_builder_add_value (b, json_node_copy (msg->meta));
      else
        json_builder_add_null_value (b);
      if (msg->type == GST_SECURE_RTC_SIGNALLING_MSG_PEER_STATUS_CHANGED)
        add_string (b, "peerId", msg->peer_id);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_SET_PROTOCOL_VERSION:
      add_string (b, "version",
          msg->version == GST_SECURE_RTC_SIGNALLING_PROTOCOL_V1_1 ? "v1_1" : "v1_0");
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST:
    case GST_SECURE_RTC_SIGNALLING_MSG_LIST_CONSUMERS:
      if (msg->peers) {
        JsonNode *n = json_node_new (JSON_NODE_ARRAY);

        json_node_set_array (n, msg->peers);
        json_builder_set_member_name (b,
            msg->type == GST_SECURE_RTC_SIGNALLING_MSG_LIST ? "producers" : "consumers");
        json_builder_add_value (b, n);
      }
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_START_SESSION:
      add_string (b, "peerId", msg->peer_id);
      if (msg->session_id)
        add_string (b, "sessionId", msg->session_id);
      add_string_or_null (b, "offer", msg->offer);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_SESSION_STARTED:
      add_string (b, "peerId", msg->peer_id);
      add_string (b, "sessionId", msg->session_id);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_PEER:
      add_string (b, "sessionId", msg->session_id);
      if (msg->sdp_type) {
        json_builder_set_member_name (b, "sdp");
        json_builder_begin_object (b);
        add_string (b, "type", msg->sdp_type);
        add_string (b, "sdp", msg->sdp);
        json_builder_end_object (b);
      } else {
        json_builder_set_member_name (b, "ice");
        json_builder_begin_object (b);
        add_string (b, "candidate", msg->candidate);
        json_builder_set_member_name (b, "sdpMLineIndex");
        json_builder_add_int_value (b, msg->sdp_mline_index);
        json_builder_end_object (b);
      }
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION:
      add_string (b, "sessionId", msg->session_id);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_END_SESSION_V1_1:
      add_string (b, "sessionId", msg->session_id);
      add_string_or_null (b, "error", msg->end_error);
      break;
    case GST_SECURE_RTC_SIGNALLING_MSG_ERROR:
      add_string (b, "details", msg->details);
      break;
    default:
      break;
  }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
