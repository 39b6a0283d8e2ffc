#!/usr/bin/python3
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""An encrypted RTP round trip on loopback, and what it proves.

A sender (audiotestsrc ! opusenc/mulaw ! rtp payloader ! srtpencrypt !
udpsink) and a receiver (udpsrc ! srtpdecrypt ! depayloader ! decoder) run
with a fresh random key over 127.0.0.1. The demo then checks, and prints:
what went over the wire was encrypted (no plaintext payload on the wire);
the receiver got exactly what was sent; a tampered packet and a replayed
packet sent by a third party to the receiver were dropped, never delivered;
and the key appears in no statistics or caps.

Run it with scripts/demo.sh (which builds the plugins first), or directly
with GST_PLUGIN_PATH pointing at the build's ext/srtp folder.
"""

import os
import secrets
import socket
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gio, Gst  # noqa: E402

PROFILES = ["aes-128-cm-hmac-sha1-80", "aead-aes-128-gcm", "aead-aes-256-gcm"]
KEY_BYTES = {"aes-128-cm-hmac-sha1-80": 30, "aead-aes-128-gcm": 28,
             "aead-aes-256-gcm": 44}
N_PACKETS = 200


def stats(element):
    s = element.get_property("stats")
    return {s.nth_field_name(i): s.get_value(s.nth_field_name(i))
            for i in range(s.n_fields())}


def run_bus(pipeline, timeout_s):
    """Runs until EOS or error; returns the error text or None."""
    bus = pipeline.get_bus()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        msg = bus.timed_pop_filtered(100 * Gst.MSECOND,
                                     Gst.MessageType.EOS | Gst.MessageType.ERROR)
        if msg is None:
            continue
        if msg.type == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            return f"{err.message} ({dbg})"
        return None
    return "timed out"


def demo(profile):
    key = secrets.token_hex(KEY_BYTES[profile])
    print(f"\n== profile {profile}: a fresh random {KEY_BYTES[profile]}-byte "
          f"master key and salt")

    # The receiver's socket: bound to a free loopback port, handed to udpsrc.
    rx_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx_sock.bind(("127.0.0.1", 0))
    port = rx_sock.getsockname()[1]
    gsock = Gio.Socket.new_from_fd(os.dup(rx_sock.fileno()))

    receiver = Gst.parse_launch(
        "udpsrc name=src ! "
        "application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0 ! "
        f"srtpdecrypt name=dec profile={profile} ! "
        "appsink name=sink sync=false emit-signals=false max-buffers=0")
    receiver.get_by_name("src").set_property("socket", gsock)
    dec = receiver.get_by_name("dec")
    dec.set_property("key", key)
    sink = receiver.get_by_name("sink")

    sender = Gst.parse_launch(
        f"audiotestsrc num-buffers={N_PACKETS} samplesperbuffer=160 ! "
        "audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay ! "
        f"srtpencrypt name=enc profile={profile} ! "
        f"udpsink host=127.0.0.1 port={port} sync=false")
    enc = sender.get_by_name("enc")
    enc.set_property("key", key)

    # Watch both sides of srtpencrypt: the plaintext in, the wire out.
    plain, wire = [], []

    def grab(store):
        def probe(pad, info):
            buf = info.get_buffer()
            store.append(buf.extract_dup(0, buf.get_size()))
            return Gst.PadProbeReturn.OK
        return probe

    enc.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, grab(plain))
    enc.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, grab(wire))

    receiver.set_state(Gst.State.PLAYING)
    sender.set_state(Gst.State.PLAYING)
    err = run_bus(sender, 30)
    sender.set_state(Gst.State.NULL)
    if err:
        print(f"FAILED: sender: {err}")
        return False

    received = []
    deadline = time.monotonic() + 5
    while len(received) < len(plain) and time.monotonic() < deadline:
        sample = sink.emit("try-pull-sample", 100 * Gst.MSECOND)
        if sample:
            b = sample.get_buffer()
            received.append(b.extract_dup(0, b.get_size()))

    ok = True
    es, before = stats(enc), stats(dec)
    print(f"sender:   {es['rtp-packets']} RTP packets encrypted with "
          f"{es['profile']} on {es['kernels']} kernels; "
          f"{es['dropped-no-key']} sent without a key (none may be)")
    leaked = sum(1 for p, w in zip(plain, wire) if p[12:] and p[12:] in w)
    print(f"wire:     {len(wire)} packets, {leaked} carry their plaintext "
          f"payload; each is {len(wire[0]) - len(plain[0])} bytes longer "
          f"(authentication tag)")
    same = received == plain
    print(f"receiver: {before['rtp-packets']} packets authenticated and "
          f"decrypted; identical to what was sent: {'yes' if same else 'NO'}")
    ok &= leaked == 0 and same and es["dropped-no-key"] == 0

    # A third party on the network: a tampered copy and a replay.
    attacker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # forged: a captured packet given an unused sequence number (the header
    # is authenticated too), with one payload bit flipped
    tampered = bytearray(wire[-1])
    seq = (int.from_bytes(tampered[2:4], "big") + 1000) & 0xffff
    tampered[2:4] = seq.to_bytes(2, "big")
    tampered[len(tampered) // 2] ^= 0x01
    attacker.sendto(bytes(tampered), ("127.0.0.1", port))
    attacker.sendto(wire[-2], ("127.0.0.1", port))
    attacker.sendto(b"\x16\xfe\xfd not rtp at all", ("127.0.0.1", port))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        after = stats(dec)
        if (after["dropped-auth"] + after["dropped-replay"] +
                after["dropped-invalid"] >= 3):
            break
        time.sleep(0.05)
    leaked_after = sink.emit("try-pull-sample", 200 * Gst.MSECOND)
    print(f"attacks:  forged packet dropped: {after['dropped-auth'] == 1}; "
          f"replayed packet dropped: {after['dropped-replay'] == 1}; "
          f"garbage dropped: {after['dropped-invalid'] == 1}; "
          f"delivered downstream: {'NOTHING' if leaked_after is None else 'SOMETHING'}")
    ok &= (after["dropped-auth"] == 1 and after["dropped-replay"] == 1 and
           after["dropped-invalid"] == 1 and leaked_after is None)

    shown = str(dec.get_property("stats")) + str(
        enc.get_static_pad("src").get_current_caps())
    print(f"secrets:  key in stats or caps: {'YES' if key in shown else 'no'}; "
          f"key readable as a property: "
          f"{'yes' if enc.find_property('key').flags & 1 else 'no'}")
    ok &= key not in shown and not (enc.find_property("key").flags & 1)

    receiver.set_state(Gst.State.NULL)
    rx_sock.close()
    return ok


def main():
    Gst.init(None)
    for name in ("srtpencrypt", "srtpdecrypt"):
        if Gst.ElementFactory.find(name) is None:
            print(f"FAILED: the {name} element is not available "
                  "(set GST_PLUGIN_PATH to the build's ext/srtp folder)")
            return 1
    print("gst-securertc SRTP demo: audio over SRTP on 127.0.0.1, sender and "
          "receiver in real GStreamer pipelines")
    results = [demo(p) for p in PROFILES]
    if all(results):
        print("\nverified: encrypted on the wire, authenticated and decrypted "
              "intact, tampering and replay rejected, key never exposed")
        return 0
    print("\nFAILED: see above")
    return 1


if __name__ == "__main__":
    sys.exit(main())
