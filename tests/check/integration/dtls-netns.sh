#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Faults: two network namespaces joined by a veth pair; 25 % random loss in
# each direction on the veth plus reordering. The DTLS handshake must
# complete and media must flow, in bounded time.
#
# Loss and reordering: `tc netem` when the kernel has it; otherwise (this
# CI kernel has no sch_netem) loss is a kernel nftables rule
# (numgen random, on the veth only) and reordering is done by a small UDP
# relay in the server's namespace that holds back ~30 % of the datagrams
# until the next one has passed.
set -u

if [ "$(id -u)" != 0 ]; then
  echo "SKIP: needs root to create network namespaces (not root)"; exit 77
fi
tag="dt$$"
NA="${tag}a"; NB="${tag}b"
if ! ip netns add "$NA" 2>/dev/null; then
  echo "SKIP: 'ip netns add' is not possible here"; exit 77
fi
ip netns add "$NB" || { ip netns del "$NA"; echo "SKIP: second netns"; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  ip netns del "$NA" 2>/dev/null
  ip netns del "$NB" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in relay recv send; do echo "--- $f"; tail -30 "$work/$f.log" 2>/dev/null; done; exit 1; }

LOSS=${DTLS_NETNS_LOSS:-25}
ip link add "v${tag}a" netns "$NA" type veth peer name "v${tag}b" netns "$NB" || fail "veth"
ip -n "$NA" addr add 10.77.0.1/24 dev "v${tag}a"
ip -n "$NB" addr add 10.77.0.2/24 dev "v${tag}b"
for ns in "$NA" "$NB"; do ip -n "$ns" link set lo up; done
ip -n "$NA" link set "v${tag}a" up
ip -n "$NB" link set "v${tag}b" up

reorder_relay=0
if ip netns exec "$NA" tc qdisc add dev "v${tag}a" root netem loss ${LOSS}% delay 10ms 5ms reorder 25% 2>/dev/null &&
   ip netns exec "$NB" tc qdisc add dev "v${tag}b" root netem loss ${LOSS}% delay 10ms 5ms reorder 25% 2>/dev/null; then
  echo "impairment: tc netem, loss ${LOSS}% + reordering each way"
else
  command -v nft >/dev/null || fail "neither tc netem nor nft is available for loss"
  for side in a b; do
    ns="${tag}${side}"
    ip netns exec "$ns" nft add table inet imp || fail "nft"
    # dropped on input: a silent loss, as on a real network (an output rule
    # would make the sender's sendto() fail with EPERM instead)
    ip netns exec "$ns" nft add chain inet imp in '{ type filter hook input priority 0; }'
    ip netns exec "$ns" nft add rule inet imp in iifname "v${tag}${side}" meta l4proto udp numgen random mod 100 '<' "$LOSS" drop
  done
  reorder_relay=1
  echo "impairment: nftables loss ${LOSS}% each way (no netem in this kernel) + reordering relay"
fi

free_port() {  # in namespace $1, address $2
  ip netns exec "$1" /usr/bin/python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$2"
}

cd "$work" || exit 1
for side in a b; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=$side" -days 30 -keyout $side.pem -out $side.pem 2>/dev/null || fail "openssl req"
done
fp() { openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^.*Fingerprint=/sha-256 /'; }
FPA=$(fp a.pem); FPB=$(fp b.pem)

# The server listens on 127.0.0.1 behind the relay, or on the veth with netem.
if [ $reorder_relay = 1 ]; then SADDR=127.0.0.1; else SADDR=10.77.0.2; fi
# Fresh namespaces: nothing else can hold these ports.
PS=$(free_port "$NB" $SADDR)
PC=$(free_port "$NA" 10.77.0.1)      # client listens

if [ $reorder_relay = 1 ]; then
  cat > relay.py <<'PY'
import random, select, socket, sys, time
# UDP relay: client <-> (rc) relay (rs) <-> server, holding back ~30% of the
# datagrams until the next one in the same direction has gone (reordering).
server_port = int(sys.argv[1]); random.seed(int(sys.argv[2]))
client_addr = ("10.77.0.1", int(sys.argv[3]))  # where the client listens
rc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); rc.bind(("10.77.0.2", 0))
rs = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); rs.bind(("127.0.0.1", 0))
print(rc.getsockname()[1], rs.getsockname()[1], flush=True)
held = {rc: None, rs: None}; count = {"fwd": 0, "reordered": 0, "delayed": 0}
def send(out, dst):
    try:
        out.sendto(*dst)   # the nftables loss rule answers EPERM: a lost datagram
    except OSError:
        pass
end = time.time() + 120
while time.time() < end:
    r, _, _ = select.select([rc, rs], [], [], 0.15)
    if not r:  # flush what is held after a quiet period
        for s in (rc, rs):
            if held[s]:
                out, dst = held[s]; send(out, dst); held[s] = None; count["delayed"] += 1
        print(count, flush=True)
        continue
    for s in r:
        data, addr = s.recvfrom(65536)
        if s is rc:
            out, dst = rs, (data, ("127.0.0.1", server_port))
        else:
            out, dst = rc, (data, client_addr)
        if held[s] is None and random.random() < 0.3:
            held[s] = (out, dst); continue
        send(out, dst); count["fwd"] += 1
        if held[s]:
            o, d = held[s]; send(o, d); held[s] = None; count["reordered"] += 1
        if count["fwd"] % 50 == 0:
            print(count, flush=True)
PY
  ip netns exec "$NB" timeout 100 /usr/bin/python3 -u relay.py "$PS" $$ "$PC" > relay.log 2>&1 &
  pids+=($!)
  for i in $(seq 50); do [ -s relay.log ] && break; sleep 0.1; done
  read -r RC RS < relay.log || fail "relay did not start"
  CLIENT_DST="10.77.0.2 $RC"; SERVER_DST="127.0.0.1 $RS"
else
  CLIENT_DST="10.77.0.2 $PS"; SERVER_DST="10.77.0.1 $PC"
fi
set -- $CLIENT_DST; CH=$1; CP=$2
set -- $SERVER_DST; SH=$1; SP=$2

CAPS="application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0"
touch send.log recv.log
start=$(date +%s%N)
ip netns exec "$NB" timeout 60 gst-launch-1.0 -m -v \
  udpsrc address=$SADDR port=$PS caps="$CAPS" ! \
  dtlskeyexchange name=d role=server certificate-file=b.pem peer-fingerprint="$FPA" \
  d.srtp_src ! srtpdecrypt ! rtppcmudepay ! mulawdec ! fakesink name=out silent=false \
  d.net_src ! udpsink host=$SH port=$SP sync=false async=false > recv.log 2>&1 &
recv_pid=$!; pids+=($recv_pid)
sleep 0.5
ip netns exec "$NA" timeout 60 gst-launch-1.0 -m \
  audiotestsrc is-live=true samplesperbuffer=160 num-buffers=250 ! mulawenc ! rtppcmupay ! srtpencrypt ! \
  d.srtp_sink dtlskeyexchange name=d role=client certificate-file=a.pem peer-fingerprint="$FPB" \
  d.net_src ! udpsink host=$CH port=$CP sync=false async=false \
  udpsrc address=10.77.0.1 port=$PC ! d.net_sink > send.log 2>&1 &
send_pid=$!; pids+=($send_pid)

# bounded wait for both sides to connect
connected_ms=
for i in $(seq 300); do
  if grep -q "dtls-state.*connected" send.log && grep -q "dtls-state.*connected" recv.log; then
    connected_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    break
  fi
  grep -q "ERROR" send.log recv.log && break
  sleep 0.1
done
[ -n "$connected_ms" ] || fail "no connection within 30 s"
echo "connected after ${connected_ms} ms (both sides, incl. process start)"
wait $send_pid; send_rc=$?
sleep 1
kill $recv_pid 2>/dev/null; wait $recv_pid 2>/dev/null
[ "$send_rc" = 0 ] || fail "sender exited with $send_rc"
grep -q "ERROR" send.log recv.log && fail "an error was reported"
chains=$(grep -c "last-message = chain" recv.log)
echo "receiver decoded $chains of 250 buffers of 20 ms (${LOSS}% loss each way)"
[ $reorder_relay = 1 ] && echo "relay: $(tail -1 relay.log)"
[ "$chains" -ge 80 ] || fail "too few decoded buffers: $chains"
echo "PASS"
