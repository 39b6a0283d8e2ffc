#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# securepeerbin across an impaired network: three network namespaces,
#
#   producer ns  169.254.10.1 ==veth== 169.254.10.2  router ns  169.254.20.2 ==veth== 169.254.20.1  consumer ns
#   gst-securertc-signalling-server        UDP: delay relay (TPROXY)           consumer (python3-gi)
#   producer (gst-launch-1.0, Opus)         TCP: plain forwarding
#
# (link-local addresses, only inside namespaces this test creates).
# Loss: nftables drops LOSS % of the UDP datagrams arriving at each end
# (numgen random), so each direction loses LOSS %. Delay: this kernel has
# no sch_netem, so every UDP datagram crossing the router is taken by a
# transparent proxy (nftables tproxy + IP_TRANSPARENT, addresses kept) that
# sends it on DELAY ms later. ICE sees the real host addresses.
#
# 1. The consumer finds the producer through the server (WSS, a certificate
#    for 169.254.10.1), connects (ICE + DTLS over the lossy, delayed path)
#    and decodes Opus.
# 2. The producer's host vanishes: its link goes down (so no endSession or
#    TCP close can reach anyone: a peer that is gone without a word) and
#    the producer process is killed by PID. The consumer's connection-state
#    must go to failed within libnice's consent timeout (RFC 7675), and the
#    consumer must stop sending: its get-stats datagrams-sent and an
#    nftables counter on its veth both stay still afterwards.
set -u
. "$(dirname "$0")/testlib.sh"

if [ "$(id -u)" != 0 ]; then
  echo "SKIP: needs root to create network namespaces (not root)"; exit 77
fi
command -v nft >/dev/null || { echo "SKIP: nft is missing"; exit 77; }
LOSS=${SECUREPEER_NETNS_LOSS:-15}
DELAY=${SECUREPEER_NETNS_DELAY_MS:-40}
SERVER="${SECURERTC_BUILD_ROOT}/tools/signalling-server/gst-securertc-signalling-server"
[ -x "$SERVER" ] || { echo "SKIP: $SERVER not built"; exit 77; }

tag="sp$$"
NP="${tag}p"; NR="${tag}r"; NC="${tag}c"
if ! ip netns add "$NP" 2>/dev/null; then
  echo "SKIP: 'ip netns add' is not possible here"; exit 77
fi
ip netns add "$NR" || { ip netns del "$NP"; echo "SKIP: netns"; exit 77; }
ip netns add "$NC" || { ip netns del "$NP"; ip netns del "$NR"; echo "SKIP: netns"; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  ip netns del "$NP" 2>/dev/null
  ip netns del "$NR" 2>/dev/null
  ip netns del "$NC" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in server producer consumer relay; do echo "--- $f"; tail -25 "$work/$f.log" 2>/dev/null; done
  exit 1
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- the network
ip link add vp netns "$NP" type veth peer name rp netns "$NR" || fail "veth"
ip link add vc netns "$NC" type veth peer name rc netns "$NR" || fail "veth"
for ns in "$NP" "$NR" "$NC"; do ip -n "$ns" link set lo up; done
ip -n "$NP" addr add 169.254.10.1/24 dev vp
ip -n "$NR" addr add 169.254.10.2/24 dev rp
ip -n "$NR" addr add 169.254.20.2/24 dev rc
ip -n "$NC" addr add 169.254.20.1/24 dev vc
ip -n "$NP" link set vp up; ip -n "$NR" link set rp up
ip -n "$NR" link set rc up; ip -n "$NC" link set vc up
ip -n "$NP" route add 169.254.20.0/24 via 169.254.10.2
ip -n "$NC" route add 169.254.10.0/24 via 169.254.20.2
ip netns exec "$NR" sysctl -qw net.ipv4.ip_forward=1 || fail "ip_forward"

# loss: dropped on input at both ends, UDP only (signalling is TCP)
for side in p c; do
  ns="${tag}${side}"
  ip netns exec "$ns" nft add table inet imp || fail "nft"
  ip netns exec "$ns" nft add chain inet imp in '{ type filter hook input priority 0; }'
  ip netns exec "$ns" nft add rule inet imp in iifname "v$side" meta l4proto udp numgen random mod 100 '<' "$LOSS" drop
done
# what the consumer sends: a counter on its veth
ip netns exec "$NC" nft add chain inet imp out '{ type filter hook output priority 0; }'
# by the first payload byte (RFC 7983): STUN 0-3, DTLS 20-63, SRTP/SRTCP 128-191
ip netns exec "$NC" nft add rule inet imp out oifname vc meta l4proto udp @th,64,8 '<' 4 counter comment '"stun"'
ip netns exec "$NC" nft add rule inet imp out oifname vc meta l4proto udp @th,64,8 20-63 counter comment '"dtls"'
ip netns exec "$NC" nft add rule inet imp out oifname vc meta l4proto udp @th,64,8 128-191 counter comment '"srtp"'
ip netns exec "$NC" nft add rule inet imp out oifname vc meta l4proto udp counter comment '"all"'
udp_out() {  # "stun dtls srtp all"
  ip netns exec "$NC" nft list chain inet imp out | sed -n 's/.*counter packets \([0-9]*\) .*comment "\([a-z]*\)".*/\1/p' | tr '\n' ' '
}

# delay: every forwarded UDP datagram goes to the relay (tproxy)
cat > "$work/relay.py" <<'PY'
# Transparent UDP delay relay (IP_TRANSPARENT): each datagram is sent on,
# from its original source to its original destination, DELAY ms later.
import heapq, select, socket, struct, sys, time
SOL_IP, IP_TRANSPARENT, IP_RECVORIGDSTADDR = 0, 19, 20
delay = int(sys.argv[1]) / 1000.0
end = time.monotonic() + float(sys.argv[2])
def tsock(bind):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(SOL_IP, IP_TRANSPARENT, 1)
    s.setsockopt(SOL_IP, IP_RECVORIGDSTADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(bind)
    return s
listener = tsock(("0.0.0.0", 0))
print(listener.getsockname()[1], flush=True)
by_src = {}       # source address -> socket bound (transparently) to it
socks = [listener]
queue, seq, stats = [], 0, {"in": 0, "out": 0}
last = time.monotonic()
while time.monotonic() < end:
    t = time.monotonic()
    timeout = max(0.0, min(0.5, queue[0][0] - t)) if queue else 0.5
    ready, _, _ = select.select(socks, [], [], timeout)
    for s in ready:
        try:
            data, anc, _, src = s.recvmsg(65536, 64)
        except OSError:
            continue
        dst = s.getsockname()
        for level, kind, val in anc:
            if level == SOL_IP and kind == IP_RECVORIGDSTADDR:
                dst = (socket.inet_ntoa(val[4:8]), struct.unpack("!H", val[2:4])[0])
        seq += 1; stats["in"] += 1
        heapq.heappush(queue, (time.monotonic() + delay, seq, src, dst, data))
    t = time.monotonic()
    while queue and queue[0][0] <= t:
        _, _, src, dst, data = heapq.heappop(queue)
        s = by_src.get(src)
        if s is None:
            try:
                s = tsock(src)
            except OSError:
                continue
            by_src[src] = s; socks.append(s)
        try:
            s.sendto(data, dst); stats["out"] += 1
        except OSError:
            pass
    if t - last > 1:
        print(stats, flush=True); last = t
PY
ip -n "$NR" rule add fwmark 1 lookup 100
ip -n "$NR" route add local 0.0.0.0/0 dev lo table 100
ip netns exec "$NR" timeout 110 /usr/bin/python3 -u "$work/relay.py" "$DELAY" 100 > "$work/relay.log" 2>&1 &
pids+=($!)
for i in $(seq 50); do [ -s "$work/relay.log" ] && break; sleep 0.1; done
RP=$(head -1 "$work/relay.log")
[ -n "$RP" ] || fail "relay did not start"
ip netns exec "$NR" nft add table ip relay
ip netns exec "$NR" nft add chain ip relay pre '{ type filter hook prerouting priority mangle; }'
ip netns exec "$NR" nft add rule ip relay pre meta l4proto udp tproxy to :"$RP" meta mark set 1 accept || fail "nft tproxy"
# check the impairment: UDP echoes from the consumer's to the producer's namespace
ip netns exec "$NP" timeout 15 /usr/bin/python3 -u -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("169.254.10.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    d, a = s.recvfrom(2048); s.sendto(d, a)' > "$work/echo.log" 2>&1 &
echo_pid=$!; pids+=($echo_pid)
for i in $(seq 50); do [ -s "$work/echo.log" ] && break; sleep 0.1; done
probe=$(ip netns exec "$NC" timeout 15 /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.4)
rtts = []
for i in range(40):
    t = time.monotonic(); s.sendto(str(i).encode(), ("169.254.10.1", int(sys.argv[1])))
    try:
        while s.recv(64) != str(i).encode():
            pass
        rtts.append((time.monotonic() - t) * 1000)
    except socket.timeout:
        pass
print(len(rtts), int(min(rtts)) if rtts else -1)' "$(head -1 "$work/echo.log")")
kill "$echo_pid" 2>/dev/null
set -- $probe
echo "network: 3 namespaces, ${LOSS}% UDP loss each way, +${DELAY} ms each way (relay), link-local addresses"
echo "  UDP echo probe: $1 of 40 answered (expected ~$(( 40 * (100 - LOSS) * (100 - LOSS) / 10000 ))), min RTT $2 ms"
[ "$1" -ge 10 ] && [ "$1" -le 39 ] || fail "the loss is not as configured ($1 of 40 echoes)"
[ "$2" -ge $((2 * DELAY)) ] || fail "the delay is not there (RTT $2 ms)"

# ---- the signalling server in the producer's namespace, a certificate for its address
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=169.254.10.1" \
  -addext "subjectAltName=IP:169.254.10.1" -days 1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null \
  || fail "openssl req"
ip netns exec "$NP" timeout 110 "$SERVER" --host 169.254.10.1 --port 0 \
  --cert "$work/cert.pem" --key "$work/key.pem" > "$work/server.log" 2>&1 &
pids+=($!)
for i in $(seq 50); do grep -q "^listening on" "$work/server.log" && break; sleep 0.1; done
URI=$(sed -n 's/^listening on //p' "$work/server.log")
[ -n "$URI" ] || fail "server did not start"

# ---- producer: gst-launch-1.0 in its namespace
( exec ip netns exec "$NP" env LD_PRELOAD="${SECURERTC_PRELOAD:-}" \
    ASAN_OPTIONS="${SECURERTC_PRELOAD:+detect_leaks=0:abort_on_error=1}" \
    timeout 100 gst-launch-1.0 -m securepeerbin name=p role=producer \
    ice-local-addresses=169.254.10.1 signaller-uri="$URI" signaller-ca-file="$work/cert.pem" \
    audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! opusenc ! rtpopuspay ! p. ) \
  > "$work/producer.log" 2>&1 &
producer_pid=$!
pids+=($producer_pid)

# ---- consumer: python3-gi in the other namespace (reads get-stats)
cat > "$work/consumer.py" <<'PY'
import sys, time
import gi
gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst
Gst.init(None)
uri, ca, addr, limit = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
t0 = time.monotonic()
def ms():
    return int((time.monotonic() - t0) * 1000)
pipe = Gst.Pipeline.new("consumer")
bin_ = Gst.ElementFactory.make("securepeerbin", "c")
bin_.set_property("role", "consumer")
bin_.set_property("ice-local-addresses", addr)
bin_.set_property("signaller-uri", uri)
bin_.set_property("signaller-ca-file", ca)
bin_.set_property("latency", 100)
pipe.add(bin_)
decoded = [0]
def count(pad, info):
    decoded[0] += 1
    return Gst.PadProbeReturn.OK
def on_pad(b, pad):
    if pad.get_direction() != Gst.PadDirection.SRC:
        return
    branch = Gst.parse_bin_from_description(
        "rtpopusdepay ! opusdec name=dec ! fakesink sync=false async=false", True)
    pipe.add(branch)
    pad.link(branch.get_static_pad("sink"))
    branch.get_by_name("dec").get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, count)
    branch.sync_state_with_parent()
bin_.connect("pad-added", on_pad)
def stats():
    p = Gst.Promise.new()
    bin_.emit("get-stats", p)
    p.wait()
    s = p.get_reply()
    return s.get_value("datagrams-sent"), s.get_value("datagrams-dropped")
state = [None]
failed_at = [None]
def on_bus(bus, msg):
    if msg.type == Gst.MessageType.ERROR:
        err, dbg = msg.parse_error()
        print(f"{ms()} error {err.message}", flush=True)
    return True
pipe.get_bus().add_watch(GLib.PRIORITY_DEFAULT, on_bus)
loop = GLib.MainLoop()
last_report = [0]
def tick():
    st = bin_.get_property("connection-state").value_nick
    if st != state[0]:
        state[0] = st
        sent, dropped = stats()
        print(f"{ms()} state {st} sent {sent} dropped {dropped}", flush=True)
        if st in ("failed", "closed") and failed_at[0] is None:
            failed_at[0] = (time.monotonic(), sent)
    if ms() - last_report[0] >= 500:
        last_report[0] = ms()
        sent, _ = stats()
        print(f"{ms()} decoded {decoded[0]} sent {sent}", flush=True)
    if failed_at[0] and time.monotonic() - failed_at[0][0] > 3:
        sent, _ = stats()
        print(f"{ms()} sent-after-failure {sent - failed_at[0][1]} in 3 s", flush=True)
        loop.quit()
    if time.monotonic() - t0 > limit:
        print(f"{ms()} gave up", flush=True)
        loop.quit()
    return True
GLib.timeout_add(50, tick)
pipe.set_state(Gst.State.PLAYING)
loop.run()
pipe.set_state(Gst.State.NULL)
PY
start=$(now_ms)
( exec ip netns exec "$NC" env LD_PRELOAD="${SECURERTC_PRELOAD:-}" \
    ASAN_OPTIONS="${SECURERTC_PRELOAD:+detect_leaks=0:abort_on_error=1}" \
    timeout 100 /usr/bin/python3 -u "$work/consumer.py" "$URI" "$work/cert.pem" 169.254.20.1 90 ) \
  > "$work/consumer.log" 2>&1 &
consumer_pid=$!
pids+=($consumer_pid)

# ---- 1: connects and plays (bounded)
connected_ms=
for i in $(seq 300); do
  if [ -z "$connected_ms" ] && grep -q " state connected " "$work/consumer.log"; then
    connected_ms=$(( $(now_ms) - start ))
  fi
  n=$(sed -n 's/^[0-9]* decoded \([0-9]*\) .*/\1/p' "$work/consumer.log" | tail -1)
  [ -n "$connected_ms" ] && [ "${n:-0}" -ge 150 ] && break
  grep -q " error \| state failed" "$work/consumer.log" && break
  sleep 0.1
done
[ -n "$connected_ms" ] || fail "the consumer did not connect within 30 s"
echo "consumer connected ${connected_ms} ms after it started (process start, signalling, ICE, DTLS)"
[ "${n:-0}" -ge 150 ] || fail "only ${n:-0} Opus buffers decoded"
echo "consumer decoded $n Opus buffers of 20 ms ($(tail -1 "$work/relay.log") through the relay)"
grep -q " error " "$work/consumer.log" && fail "the consumer reported an error"

# ---- 2: the producer's host vanishes
ip -n "$NP" link set vp down
# $producer_pid is timeout(1) (ip netns exec and env exec); gst-launch-1.0 is its child
gst_pid=$(pgrep -P "$producer_pid" -x gst-launch-1.0)
[ -n "$gst_pid" ] || fail "the producer is not running"
kill -KILL "$gst_pid"
wait "$producer_pid" 2>/dev/null   # (timeout(1) ends with the same signal)
vanished=$(now_ms)
failed_ms=
for i in $(seq 600); do
  if grep -q " state failed " "$work/consumer.log"; then failed_ms=$(( $(now_ms) - vanished )); break; fi
  grep -q " state closed " "$work/consumer.log" && fail "closed instead of failed (an endSession got through?)"
  sleep 0.1
done
[ -n "$failed_ms" ] || fail "the consumer did not fail within 60 s of the peer vanishing"
echo "peer vanished -> consumer connection-state failed after ${failed_ms} ms (RFC 7675 consent lost)"
read -r s1 d1 m1 a1 <<< "$(udp_out)"
for i in $(seq 100); do grep -q "sent-after-failure" "$work/consumer.log" && break; sleep 0.1; done
read -r s2 d2 m2 a2 <<< "$(udp_out)"
after=$(sed -n 's/.* sent-after-failure \([0-9]*\) .*/\1/p' "$work/consumer.log")
[ -n "$after" ] || fail "the consumer did not report what it sent after failing"
echo "before failing, UDP packets out of the consumer: $s1 STUN, $d1 DTLS, $m1 SRTP/SRTCP ($a1 in all)"
echo "after failing: $after datagrams handed to ICE (get-stats); UDP out of the consumer's veth in ~3 s:" \
  "$((s2 - s1)) STUN, $((d2 - d1)) DTLS, $((m2 - m1)) SRTP/SRTCP, $((a2 - a1)) in all"
[ "$after" = 0 ] || fail "the consumer kept sending ($after datagrams)"
[ $((d2 - d1 + m2 - m1)) = 0 ] || fail "DTLS or SRTP left the consumer after it failed"
[ $((a2 - a1)) -le 1 ] || fail "$((a2 - a1)) UDP packets left the consumer after it failed"
wait "$consumer_pid"
echo "PASS"
