#!/usr/bin/env bash
# A laptop with Wi-Fi and LTE, a quicroam gateway and a server, in network namespaces on one Linux machine.
#
#   scripts/netns-lab.sh up      build the topology (root)
#   scripts/netns-lab.sh down    delete it
#   scripts/netns-lab.sh routes  re-add the laptop's routes to the gateway, as a DHCP client would after a link returns
#
#   laptop (qrlab-laptop)                    gateway (qrlab-gw)                  server (qrlab-srv)
#     wlan0 198.18.1.2/24 ----------------- wlan-gw 198.18.1.1/24
#     wwan0 198.18.2.2/24 --(tbf, slower)-- wwan-gw 198.18.2.1/24
#                                            lo 198.18.0.1 (QUIC, UDP 4433)
#                                            qrgw0 (the gateway's TUN egress,  srv-gw 198.19.0.1/24 --- eth0 198.19.0.2/24
#                                                   routes 100.64.0.0/16)
#
# Nothing is added to the root namespace. Addresses come from the benchmarking range 198.18.0.0/15; tunnel
# addresses from 100.64.0.0/10 (RFC 6598). Override the namespace prefix with QRLAB (default qrlab).
set -euo pipefail

lab="${QRLAB:-qrlab}"
laptop="$lab-laptop"
gw="$lab-gw"
srv="$lab-srv"
lte_rate="${QRLAB_LTE_RATE:-40mbit}"

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

routes() {
  # Wi-Fi preferred (metric 100), LTE as a second route (metric 200): each path's socket is pinned to its
  # interface, so both are used; the kernel drops a route when its link goes down, and this puts it back.
  nsx "$laptop" ip route replace 198.18.0.1/32 via 198.18.1.1 dev wlan0 metric 100 2>/dev/null || true
  nsx "$laptop" ip route replace 198.18.0.1/32 via 198.18.2.1 dev wwan0 metric 200 2>/dev/null || true
}

up() {
  [[ $(id -u) == 0 ]] || { echo "netns-lab: run as root (network namespaces and veth pairs need CAP_NET_ADMIN)" >&2; exit 1; }
  down 2>/dev/null || true
  for ns in "$laptop" "$gw" "$srv"; do
    ip netns add "$ns"
    nsx "$ns" ip link set lo up
  done
  # The laptop's two access networks, named like real interfaces (classified through agent.yaml's interfaces:).
  ip link add wlan0 netns "$laptop" type veth peer name wlan-gw netns "$gw"
  ip link add wwan0 netns "$laptop" type veth peer name wwan-gw netns "$gw"
  nsx "$laptop" ip addr add 198.18.1.2/24 dev wlan0
  nsx "$laptop" ip addr add 198.18.2.2/24 dev wwan0
  nsx "$gw" ip addr add 198.18.1.1/24 dev wlan-gw
  nsx "$gw" ip addr add 198.18.2.1/24 dev wwan-gw
  for dev in wlan0 wwan0; do nsx "$laptop" ip link set "$dev" up; done
  for dev in wlan-gw wwan-gw; do nsx "$gw" ip link set "$dev" up; done
  nsx "$gw" ip addr add 198.18.0.1/32 dev lo
  # LTE is slower than Wi-Fi (netem does not exist in this kernel; tbf does).
  nsx "$laptop" tc qdisc add dev wwan0 root tbf rate "$lte_rate" burst 64kb latency 50ms
  nsx "$gw" tc qdisc add dev wwan-gw root tbf rate "$lte_rate" burst 64kb latency 50ms
  routes

  # The server's network behind the gateway; replies to tunnel addresses go back through the gateway (no NAT).
  ip link add srv-gw netns "$gw" type veth peer name eth0 netns "$srv"
  nsx "$gw" ip addr add 198.19.0.1/24 dev srv-gw
  nsx "$srv" ip addr add 198.19.0.2/24 dev eth0
  nsx "$gw" ip link set srv-gw up
  nsx "$srv" ip link set eth0 up
  nsx "$srv" ip route add 100.64.0.0/10 via 198.19.0.1
  nsx "$gw" sysctl -qw net.ipv4.ip_forward=1
  echo "netns-lab: up. Gateway at 198.18.0.1:4433 (namespace $gw), server 198.19.0.2 (namespace $srv), laptop namespace $laptop."
}

down() {
  for ns in "$laptop" "$gw" "$srv"; do
    ip netns del "$ns" 2>/dev/null || true
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  routes) routes ;;
  *) echo "usage: $0 up|down|routes" >&2; exit 2 ;;
esac
