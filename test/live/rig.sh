#!/usr/bin/env bash
# The live-mode test rig (issue 8): network namespaces that put `chainsim live` between a LAN host
# and a WAN host, with a real virtual-wire "firewall" (a Linux bridge filtered by nftables) on
# its two service-redirection links.
#
#   sudo test/live/rig.sh up     [PREFIX]   build it (tears a half-built one down first)
#   sudo test/live/rig.sh down   [PREFIX]   remove PREFIX-{lan,wan,app,fw} and what runs in them, even half-built
#   sudo test/live/rig.sh status [PREFIX]   namespaces, links, addresses and firewall counters
#   sudo test/live/rig.sh counters [PREFIX] the firewall's named counters as JSON (nft -j)
#
# Environment: RIG_VLANS (default 100; several: "100 200") the VLAN ids the firewall passes,
# RIG_DENY_PORT (default 9999) the TCP/UDP destination port it drops.
#
#        PREFIX-lan            PREFIX-app (chainsim live)              PREFIX-wan
#   eth0 172.16.10.5/12 ── lan1                    wan1 ── eth0 198.51.100.10/24
#                              fw1   fw2   mgmt 192.0.2.49/30
#                               │     │     │
#                        PREFIX-fw:  p1 ─ br0 ─ p2    (mgmt is a br0 port too; br0 192.0.2.50/30 = probe)
#
# The kernels this runs on have no 802.1Q sub-interfaces and no VLAN-filtering bridges, so the
# firewall matches VLAN ids with nftables (`vlan id`), never with kernel VLAN devices. Device
# names are fixed inside each namespace (veths are created directly in their namespaces), so
# rigs with different prefixes never collide. The probe address sits on br0, reached over the
# `mgmt` veth, which is a third bridge port: an address on a down device still answers when
# routed to from another device, but a down bridge forwards nothing from its ports, so
# `ip -n PREFIX-fw link set br0 down` makes the appliance's probes fail. The nftables policy
# passes nothing between mgmt and the data links.
set -Eeuo pipefail

# Addresses: use case 1's plan (fixtures/configs/default.yaml): the LAN host in 172.16.0.0/12
# (LAN-1's route), the WAN host on the internet side (the default route via WAN-1), the probe
# address of the config's instance.probe.
LAN_ADDR=172.16.10.5
LAN_PLEN=12
WAN_ADDR=198.51.100.10
WAN_PLEN=24
APP_MGMT=192.0.2.49
PROBE_ADDR=192.0.2.50
# The firewall's policy: the sub-interface VLAN of the config, and a port it denies.
VLANS=${RIG_VLANS:-100}
DENY_PORT=${RIG_DENY_PORT:-9999}

usage() {
  echo "usage: $0 up|down|status|counters [PREFIX]   (PREFIX: 1-8 of a-z 0-9, default 'rig')" >&2
  exit 2
}

cmd=${1:-}
prefix=${2:-rig}
[[ "$prefix" =~ ^[a-z0-9]{1,8}$ ]] || usage
NS_LAN=$prefix-lan
NS_WAN=$prefix-wan
NS_APP=$prefix-app
NS_FW=$prefix-fw

need_root() {
  [ "$(id -u)" = 0 ] || { echo "$0: needs root (network namespaces, nftables)" >&2; exit 1; }
  local tool missing=()
  for tool in ip nft ethtool; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ "${#missing[@]}" = 0 ] || { echo "$0: missing ${missing[*]} (Debian: iproute2 nftables ethtool)" >&2; exit 1; }
}

# Every namespace of this prefix, whatever state it is in: deleting a namespace deletes its
# veth ends, which deletes their peers.
down() {
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
    case "$ns" in
      "$prefix"-lan | "$prefix"-wan | "$prefix"-app | "$prefix"-fw)
        # Processes still inside (a tcpdump, a chainsim) would keep the namespace's devices alive.
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
        ;;
    esac
  done
}

# IPv6 off on one device (or all/default) of a namespace; /proc/sys in `ip netns exec` is the
# namespace's own (no dependency on procps' sysctl).
no_ipv6() {
  ip netns exec "$1" sh -c "echo 1 > /proc/sys/net/ipv6/conf/$2/disable_ipv6"
}

# A namespace with loopback up and IPv6 off for everything created in it later (no router
# solicitations, no MLD: only the test's own frames cross the rig).
make_ns() {
  ip netns add "$1"
  no_ipv6 "$1" all
  no_ipv6 "$1" default
  ip -n "$1" link set lo up
}

# A veth pair created directly in its two namespaces, with IPv6 off, checksum and segmentation
# offloads off (a capture would otherwise show partial checksums and super-frames) and up.
veth() {
  local ns_a=$1 dev_a=$2 ns_b=$3 dev_b=$4 ns dev
  ip link add "$dev_a" netns "$ns_a" type veth peer name "$dev_b" netns "$ns_b"
  for ns_dev in "$ns_a:$dev_a" "$ns_b:$dev_b"; do
    ns=${ns_dev%%:*}
    dev=${ns_dev#*:}
    no_ipv6 "$ns" "$dev"
    ip netns exec "$ns" ethtool -K "$dev" tx off rx off gro off gso off tso off >/dev/null
    ip -n "$ns" link set "$dev" up
  done
}

firewall_rules() {
  local vset="{ ${VLANS// /, } }"
  ip netns exec "$NS_FW" nft -f - <<EOF
table bridge vwire {
  # What entered the firewall from the appliance (p1 = Interface-1, p2 = Interface-2), what it
  # let through per direction, and what its test rule denied.
  counter in1 {}
  counter in2 {}
  counter fwd12 {}
  counter fwd21 {}
  counter deny12 {}
  counter deny21 {}
  counter other {}
  chain count_in {
    type filter hook prerouting priority 0; policy accept;
    iifname "p1" vlan id $vset counter name "in1"
    iifname "p2" vlan id $vset counter name "in2"
  }
  chain wire {
    type filter hook forward priority 0; policy drop;
    iifname "p1" oifname "p2" vlan id $vset meta l4proto { tcp, udp } th dport $DENY_PORT counter name "deny12" drop
    iifname "p2" oifname "p1" vlan id $vset meta l4proto { tcp, udp } th dport $DENY_PORT counter name "deny21" drop
    iifname "p1" oifname "p2" vlan id $vset counter name "fwd12" accept
    iifname "p2" oifname "p1" vlan id $vset counter name "fwd21" accept
    counter name "other" drop
  }
  # The bridge's own frames (IGMP reports of br0, ARP replies for the probe address) leave
  # through the output hook: they may go to mgmt, never onto the data links.
  chain own {
    type filter hook output priority 0; policy accept;
    oifname { "p1", "p2" } counter name "other" drop
  }
}
EOF
}

up() {
  down
  # A failure half-way leaves nothing behind.
  trap 'echo "$0: up failed; removing $prefix-*" >&2; down' ERR
  make_ns "$NS_LAN"
  make_ns "$NS_WAN"
  make_ns "$NS_APP"
  make_ns "$NS_FW"

  veth "$NS_LAN" eth0 "$NS_APP" lan1
  veth "$NS_WAN" eth0 "$NS_APP" wan1
  veth "$NS_APP" fw1 "$NS_FW" p1
  veth "$NS_APP" fw2 "$NS_FW" p2
  veth "$NS_APP" mgmt "$NS_FW" mgmt

  # The hosts see each other as on-link (chainsim is a bump in the wire: MACs stay, ARP is
  # bridged between the appliance ports). The LAN host's default route points at the WAN host,
  # so a raw-socket source there resolves one neighbour whatever destinations it sends to.
  ip -n "$NS_LAN" addr add "$LAN_ADDR/$LAN_PLEN" dev eth0
  ip -n "$NS_LAN" route add "$WAN_ADDR/32" dev eth0
  ip -n "$NS_LAN" route add default via "$WAN_ADDR" dev eth0 onlink
  ip -n "$NS_WAN" addr add "$WAN_ADDR/$WAN_PLEN" dev eth0
  ip -n "$NS_WAN" route add "172.16.0.0/12" dev eth0

  # The appliance's own routing (probes only): its data ports carry no addresses.
  ip -n "$NS_APP" addr add "$APP_MGMT/30" dev mgmt

  # The firewall: a plain bridge (STP off, no VLAN filtering) over its two links.
  ip -n "$NS_FW" link add br0 type bridge stp_state 0 forward_delay 0
  no_ipv6 "$NS_FW" br0
  ip -n "$NS_FW" link set p1 master br0
  ip -n "$NS_FW" link set p2 master br0
  ip -n "$NS_FW" link set mgmt master br0
  ip -n "$NS_FW" link set br0 up
  ip -n "$NS_FW" addr add "$PROBE_ADDR/30" dev br0
  firewall_rules
  trap - ERR
  echo "rig $prefix up: namespaces $NS_LAN $NS_WAN $NS_APP $NS_FW"
}

status() {
  local ns
  for ns in "$NS_LAN" "$NS_WAN" "$NS_APP" "$NS_FW"; do
    if ! ip netns list | awk '{print $1}' | grep -qx "$ns"; then
      echo "== $ns: absent"
      continue
    fi
    echo "== $ns"
    ip -n "$ns" -br addr
  done
  if ip netns list | awk '{print $1}' | grep -qx "$NS_FW"; then
    echo "== $NS_FW nftables"
    ip netns exec "$NS_FW" nft list table bridge vwire 2>/dev/null || echo "(no table)"
  fi
}

case "$cmd" in
  up) need_root; up ;;
  down) need_root; down ;;
  status) need_root; status ;;
  counters) need_root; ip netns exec "$NS_FW" nft -j list counters table bridge vwire ;;
  *) usage ;;
esac
