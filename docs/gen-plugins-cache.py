#!/usr/bin/python3
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the plugin documentation cache (docs/gst_plugins_cache.json).

Introspects the built plugins (paths on the command line) the way hotdoc's
GStreamer scanner does: every element with its metadata, pad templates,
properties (type, flags, default, blurb), signals and enums. The file is
committed, so every interface change shows up as a reviewable diff; the test
`docs/plugins-cache` fails when it is out of date.

usage: gen-plugins-cache.py OUTPUT PLUGIN.so...
"""

import json
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GObject, Gst  # noqa: E402

FLAG_NAMES = [
    (GObject.ParamFlags.READABLE, "readable"),
    (GObject.ParamFlags.WRITABLE, "writable"),
    (GObject.ParamFlags.CONSTRUCT, "construct"),
    (GObject.ParamFlags.CONSTRUCT_ONLY, "construct-only"),
]


def value_str(v):
    if v is None:
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, GObject.GEnum):
        return v.value_nick
    if isinstance(v, GObject.GFlags):
        return int(v)
    return str(v)


def prop_info(pspec, element):
    flags = [name for bit, name in FLAG_NAMES if pspec.flags & bit]
    info = {
        "blurb": pspec.blurb,
        "type": GObject.type_name(pspec.value_type),
        "flags": flags,
        "default": value_str(pspec.default_value) if hasattr(pspec, "default_value") else None,
    }
    for attr in ("minimum", "maximum"):
        if hasattr(pspec, attr):
            info[attr] = value_str(getattr(pspec, attr))
    if GObject.type_is_a(pspec.value_type, GObject.TYPE_ENUM):
        enum_class = pspec.enum_class if hasattr(pspec, "enum_class") else None
        if enum_class is not None:
            info["values"] = [{"name": v.value_name, "nick": v.value_nick, "value": int(k)}
                              for k, v in sorted(enum_class.__enum_values__.items())]
    return info


def element_info(factory):
    element = factory.create(None)
    info = {
        "klass": factory.get_metadata("klass"),
        "long-name": factory.get_metadata("long-name"),
        "description": factory.get_metadata("description"),
        "author": factory.get_metadata("author"),
        "rank": factory.get_rank(),
        "hierarchy": [],
        "pad-templates": {},
        "properties": {},
        "signals": {},
    }
    t = type(element).__gtype__
    while t.name != "invalid":
        info["hierarchy"].append(t.name)
        t = t.parent
    for tmpl in factory.get_static_pad_templates():
        info["pad-templates"][tmpl.name_template] = {
            "direction": tmpl.direction.value_nick,
            "presence": tmpl.presence.value_nick,
            "caps": tmpl.get_caps().to_string(),
        }
    for pspec in element.list_properties():
        if pspec.owner_type in (GObject.Object.__gtype__, Gst.Object.__gtype__,
                                Gst.Element.__gtype__, Gst.Bin.__gtype__,
                                Gst.Pipeline.__gtype__):
            continue
        info["properties"][pspec.name] = prop_info(pspec, element)
    t = type(element).__gtype__
    while t.name not in ("invalid", "GstElement", "GstBin"):
        for sid in GObject.signal_list_ids(t):
            q = GObject.signal_query(sid)
            info["signals"][q.signal_name] = {
                "return-type": GObject.type_name(q.return_type),
                "args": [GObject.type_name(p) for p in q.param_types],
                "action": bool(q.signal_flags & GObject.SignalFlags.ACTION),
            }
        t = t.parent
    return info


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    Gst.init(None)
    cache = {}
    for path in sorted(paths):
        plugin = Gst.Plugin.load_file(path)
        name = plugin.get_name()
        feats = Gst.Registry.get().get_feature_list_by_plugin(name)
        cache[name] = {
            "description": plugin.get_description(),
            "license": plugin.get_license(),
            "source": plugin.get_source(),
            "package": plugin.get_package(),
            "filename": path.rsplit("/", 1)[-1].replace(".so", ""),
            "elements": {f.get_name(): element_info(f) for f in
                         sorted(feats, key=lambda f: f.get_name())
                         if isinstance(f, Gst.ElementFactory)},
        }
    with open(out, "w") as f:
        json.dump(cache, f, indent=4, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
