#!/usr/bin/env bash
# A laptop with Wi-Fi and LTE, a quicroam gateway and a server, in network namespaces on one Linux machine.
#
#   scripts/netns-lab.sh up      build the topology (root)
#   scripts/netns-lab.sh down    delete it
#   scripts/netns-lab.sh routes  re-add the laptop's routes to the gateway, as a DHCP client would after a link returns
#
#   laptop (qrlab-laptop)                    gateway (qrlab-gw)                  server (qrlab-srv)
#     wlan0 198.18.1.2/24 ----------------- wlan-gw 198.18.1.1/24
#           2001:db8:1::2/64                        2001:db8:1::1/64
#     wwan0 198.18.2.2/24 --(tbf, slower)-- wwan-gw 198.18.2.1/24
#           2001:db8:2::2/64                        2001:db8:2::1/64
#                                            lo 198.18.0.1, 2001:db8::1 (QUIC, UDP 4433)
#                                            qrgw0 (the gateway's TUN egress,  srv-gw 198.19.0.1/24 --- eth0 198.19.0.2/24
#                                                   routes 100.64.0.0/16)
#
# Nothing is added to the root namespace. Addresses come from the benchmarking range 198.18.0.0/15 and the IPv6
# documentation prefix 2001:db8::/32 (the access links and the gateway's outer address); tunnel addresses from
# 100.64.0.0/10 (RFC 6598). Settings (environment):
#   QRLAB            namespace prefix (default qrlab)
#   QRLAB_LTE_RATE   LTE's rate (default 40mbit)
#   QRLAB_WIFI=v6    Wi-Fi is IPv6-only (no IPv4 address on wlan0); LTE is always dual-stack
#   QRLAB_WIFI_MTU, QRLAB_LTE_MTU   the access links' MTU, set on both ends (default 1500)
set -euo pipefail

lab="${QRLAB:-qrlab}"
laptop="$lab-laptop"
gw="$lab-gw"
srv="$lab-srv"
lte_rate="${QRLAB_LTE_RATE:-40mbit}"
wifi="${QRLAB_WIFI:-dual}"
wifi_mtu="${QRLAB_WIFI_MTU:-1500}"
lte_mtu="${QRLAB_LTE_MTU:-1500}"

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

routes() {
  # Wi-Fi preferred (metric 100), LTE as a second route (metric 200): each path's socket is pinned to its
  # interface, so both are used; the kernel drops a route when its link goes down, and this puts it back.
  if [[ $wifi != v6 ]]; then
    nsx "$laptop" ip route replace 198.18.0.1/32 via 198.18.1.1 dev wlan0 metric 100 2>/dev/null || true
  fi
  nsx "$laptop" ip route replace 198.18.0.1/32 via 198.18.2.1 dev wwan0 metric 200 2>/dev/null || true
  nsx "$laptop" ip -6 route replace 2001:db8::1/128 via 2001:db8:1::1 dev wlan0 metric 100 2>/dev/null || true
  nsx "$laptop" ip -6 route replace 2001:db8::1/128 via 2001:db8:2::1 dev wwan0 metric 200 2>/dev/null || true
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
  if [[ $wifi != v6 ]]; then
    nsx "$laptop" ip addr add 198.18.1.2/24 dev wlan0
  fi
  nsx "$laptop" ip addr add 198.18.2.2/24 dev wwan0
  nsx "$gw" ip addr add 198.18.1.1/24 dev wlan-gw
  nsx "$gw" ip addr add 198.18.2.1/24 dev wwan-gw
  # IPv6 on both access links; addresses survive a link going down, as a DHCPv6/SLAAC client would restore them.
  for ns in "$laptop" "$gw"; do nsx "$ns" sysctl -qw net.ipv6.conf.all.keep_addr_on_down=1; done
  nsx "$laptop" ip -6 addr add 2001:db8:1::2/64 dev wlan0 nodad
  nsx "$laptop" ip -6 addr add 2001:db8:2::2/64 dev wwan0 nodad
  nsx "$gw" ip -6 addr add 2001:db8:1::1/64 dev wlan-gw nodad
  nsx "$gw" ip -6 addr add 2001:db8:2::1/64 dev wwan-gw nodad
  nsx "$laptop" ip link set wlan0 mtu "$wifi_mtu"
  nsx "$gw" ip link set wlan-gw mtu "$wifi_mtu"
  nsx "$laptop" ip link set wwan0 mtu "$lte_mtu"
  nsx "$gw" ip link set wwan-gw mtu "$lte_mtu"
  for dev in wlan0 wwan0; do nsx "$laptop" ip link set "$dev" up; done
  for dev in wlan-gw wwan-gw; do nsx "$gw" ip link set "$dev" up; done
  nsx "$gw" ip addr add 198.18.0.1/32 dev lo
  nsx "$gw" ip -6 addr add 2001:db8::1/128 dev lo nodad
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
  echo "netns-lab: up. Gateway at 198.18.0.1:4433 and [2001:db8::1]:4433 (namespace $gw), server 198.19.0.2 (namespace $srv), laptop namespace $laptop."
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
