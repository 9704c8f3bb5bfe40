#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `fail` and `restore` against a live lab (docs/failures.md), real
# namespaces and the real kernel:
#   - ExpressRoute (host and VM): one link down takes its links down and
#     the routes move to the other link, traffic still flows; the circuit
#     down cuts site b off; maintenance drains a link with links up; a
#     converging up keeps the failures and says so; restore --all brings
#     back links, routes and traffic; an unknown element names the kinds
#     and the nearest element; down forgets the failures;
#   - VPN (IPsec: the test VM): an instance in maintenance takes its
#     tunnels down on both ends, vm1 -> a1 flows over the other instance,
#     restore puts the ECMP route back.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
export BRANCHLAB_STATE_DIR=$WORK/state
LABS=()

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	for lab in "${LABS[@]}"; do "$BL" down "$lab" >/dev/null 2>&1 || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT

# copy_topology SRC_NAME LAB [python expression on text]
copy_topology() {
	python3 - "$SRC/topologies/$1" "$WORK/$2.yaml" "$2" "${3:-text}" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		text = eval(sys.argv[4])
		open(sys.argv[2], 'w').write(text)
	EOF
}

route_of() { ip -n "$1-$2" -4 route show "$3" | tr -s ' \n\t' ' ' | sed 's/ $//'; }
link_up() { ip -n "$1-$2" link show "$3" | head -1 | grep -q '<[^>]*\bUP\b'; }
pings() { "$BL" ping "$1" "$2" "$3" -c 2 >"$WORK/ping.log" 2>&1; }

test_er() {
	local lab=itfe$(($$ % 1000))
	copy_topology azure-coexist.yaml "$lab" \
		"re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)"
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" >/dev/null || fail "up"

	"$BL" fail "$lab" er-link:b/primary >"$WORK/out" || fail "fail er-link: $(cat "$WORK/out")"
	grep -q "failures in force: er-link:b/primary" "$WORK/out" || fail "no set: $(cat "$WORK/out")"
	grep -q "not Azure's timers" "$WORK/out" || fail "the time is not said to be branchlab's"
	link_up "$lab" ce-b msee1 && fail "ce-b msee1 still up"
	link_up "$lab" msee-b ce1 && fail "msee-b ce1 still up"
	[[ $(route_of "$lab" ce-b 10.0.0.0/16) == "10.0.0.0/16 via 192.168.100.134 dev msee2 proto static" ]] ||
		fail "ce-b: $(route_of "$lab" ce-b 10.0.0.0/16)"
	[[ $(route_of "$lab" msee-b 172.16.0.0/16) == "172.16.0.0/16 via 192.168.100.133 dev ce2 proto static" ]] ||
		fail "msee-b: $(route_of "$lab" msee-b 172.16.0.0/16)"
	pings "$lab" vm1 b1 || fail "vm1 -> b1 over the secondary link: $(cat "$WORK/ping.log")"
	echo "ok er-link:b/primary down: the secondary carries, vm1 -> b1 flows"

	"$BL" routes "$lab" ce-b >/dev/null 2>"$WORK/err"
	grep -q "failures in force: er-link:b/primary" "$WORK/err" || fail "routes says nothing"
	"$BL" status "$lab" >/dev/null 2>"$WORK/err" || true
	grep -q "failures in force: er-link:b/primary" "$WORK/err" || fail "status says nothing"

	"$BL" fail "$lab" circuit:b >/dev/null || fail "fail circuit"
	pings "$lab" vm1 b1 && fail "vm1 -> b1 with the circuit down"
	[[ -z $(route_of "$lab" vm1 172.16.0.0/16) ]] || fail "vm1 keeps 172.16.0.0/16"
	"$BL" up "$WORK/$lab.yaml" >/dev/null 2>"$WORK/err" || fail "converging up"
	grep -q "keeps its failures: er-link:b/primary, circuit:b" "$WORK/err" || fail "up: $(cat "$WORK/err")"
	link_up "$lab" ce-b msee2 && fail "up brought msee2 back"
	echo "ok circuit:b down cuts site b off; up keeps the failures and says so"

	"$BL" restore "$lab" --all >"$WORK/out" || fail "restore --all"
	grep -q "no failures in force" "$WORK/out" || fail "restore: $(cat "$WORK/out")"
	link_up "$lab" ce-b msee1 && link_up "$lab" ce-b msee2 || fail "links not back"
	[[ $(route_of "$lab" ce-b 10.0.0.0/16) == *"nexthop via 192.168.100.130"*"nexthop via 192.168.100.134"* ]] ||
		fail "ce-b ECMP not back: $(route_of "$lab" ce-b 10.0.0.0/16)"
	pings "$lab" vm1 b1 || fail "vm1 -> b1 after restore"
	[[ ! -e $BRANCHLAB_STATE_DIR/$lab/failures ]] || fail "failures file left"
	echo "ok restore --all: links, ECMP routes and traffic back"

	"$BL" fail "$lab" er-maintenance:b/primary >/dev/null || fail "fail er-maintenance"
	link_up "$lab" ce-b msee1 || fail "maintenance took a link down"
	[[ $(route_of "$lab" ce-b 10.0.0.0/16) == "10.0.0.0/16 via 192.168.100.134 dev msee2 proto static" ]] ||
		fail "ce-b not drained: $(route_of "$lab" ce-b 10.0.0.0/16)"
	"$BL" routes "$lab" ce-b 2>/dev/null | grep -q "12076 12076 12076 12076 65515" ||
		fail "the drained path is not in ce-b's table"
	echo "ok er-maintenance:b/primary drains by prepending, links up"

	"$BL" fail "$lab" er-lnk:b/primary >/dev/null 2>"$WORK/err" && fail "a typo accepted"
	grep -q "did you mean 'er-link:b/primary'" "$WORK/err" || fail "no nearest: $(cat "$WORK/err")"
	grep -q "instance:NODE, tunnel:SITE/INDEX" "$WORK/err" || fail "no kinds: $(cat "$WORK/err")"
	"$BL" restore "$lab" node:ce-b >/dev/null 2>"$WORK/err" && fail "restore of what is not failed"
	grep -q "'node:ce-b' is not failed" "$WORK/err" || fail "restore: $(cat "$WORK/err")"
	echo "ok an unknown element names the kinds and the nearest one"

	"$BL" down "$lab" >/dev/null
	"$BL" up "$WORK/$lab.yaml" >/dev/null 2>"$WORK/err"
	grep -q "failures" "$WORK/err" && fail "down did not forget the failures"
	"$BL" down "$lab" >/dev/null
	echo "ok down forgets the failures"
}

test_vpn() {
	local lab=itfv$(($$ % 1000))
	copy_topology vpn-only.yaml "$lab"
	LABS+=("$lab")
	if ! "$BL" up "$WORK/$lab.yaml" >/dev/null 2>"$WORK/up.log"; then
		grep -q "cannot run the lab" "$WORK/up.log" || fail "up: $(cat "$WORK/up.log")"
		skip_part "the VPN steps: $(grep -m1 'cannot run' "$WORK/up.log")"
		return
	fi
	"$BL" fail "$lab" instance:vpngw-in0 >/dev/null || fail "fail instance"
	link_up "$lab" rras-a tun-in0 && fail "rras-a tun-in0 still up"
	link_up "$lab" vpngw-in0 tun-s0 && fail "vpngw-in0 tun-s0 still up"
	[[ $(route_of "$lab" vm1 192.168.1.0/24) == "192.168.1.0/24 via 10.0.255.5 dev eth0 proto static" ]] ||
		fail "vm1: $(route_of "$lab" vm1 192.168.1.0/24)"
	pings "$lab" vm1 a1 || fail "vm1 -> a1 over instance 1: $(cat "$WORK/ping.log")"
	pings "$lab" a1 vm1 || fail "a1 -> vm1 over instance 1: $(cat "$WORK/ping.log")"
	echo "ok instance:vpngw-in0 in maintenance: instance 1 carries both ways"
	"$BL" restore "$lab" instance:vpngw-in0 >/dev/null || fail "restore instance"
	[[ $(route_of "$lab" vm1 192.168.1.0/24) == *"nexthop via 10.0.255.4"*"nexthop via 10.0.255.5"* ]] ||
		fail "vm1 ECMP not back: $(route_of "$lab" vm1 192.168.1.0/24)"
	pings "$lab" vm1 a1 || fail "vm1 -> a1 after restore"
	"$BL" fail "$lab" tunnel:a/0 tunnel:a/1 >/dev/null || fail "fail both tunnels"
	pings "$lab" vm1 a1 && fail "vm1 -> a1 with both tunnels down"
	"$BL" down "$lab" >/dev/null
	echo "ok restore brings the ECMP route back; both tunnels down cut site a off"
}

need_plumbing
test_er
test_vpn
echo "PASS: fail and restore take elements down for real and converge to the model"
