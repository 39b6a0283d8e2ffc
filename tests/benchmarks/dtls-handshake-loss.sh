#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# dtls-handshake under random loss: runs the benchmark inside a fresh
# network namespace whose loopback drops LOSS % (default 20) of the UDP
# datagrams (tc netem if the kernel has it, else an nftables numgen rule).
#   dtls-handshake-loss.sh <path to dtls-handshake> [runs] [loss %]
set -u
bench=$1; runs=${2:-21}; loss=${3:-20}
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for a network namespace"; exit 77; }
ns="dtlsbench$$"
ip netns add "$ns" || { echo "SKIP: 'ip netns add' is not possible"; exit 77; }
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link set lo up
if ip netns exec "$ns" tc qdisc add dev lo root netem loss "${loss}%" 2>/dev/null; then
  echo "loss: tc netem ${loss}% on lo"
else
  ip netns exec "$ns" nft add table inet imp &&
  ip netns exec "$ns" nft add chain inet imp in '{ type filter hook input priority 0; }' &&
  ip netns exec "$ns" nft add rule inet imp in meta l4proto udp numgen random mod 100 '<' "$loss" drop ||
  { echo "FAIL: no way to add loss (no netem, no nft)"; exit 1; }
  echo "loss: nftables ${loss}% of UDP datagrams (no netem in this kernel; dropped on input, silently)"
fi
ip netns exec "$ns" "$bench" --runs "$runs" --timeout-ms 60000
