#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The lab lifecycle on the running kernel: `up` the reference topology
# (under a lab name of its own), ping from RRAS to each VPN gateway
# instance through each tunnel and check that exactly that tunnel's SA
# counters grew, `up` again (converges, same keys), then `down` and check
# that nothing of the lab is left while a look-alike namespace survives.
#
# Needs root and a kernel with ESP and xfrm interfaces: on the host kernel
# it skips (77) with doctor's reason; run it in the test VM:
#   BRANCHLAB=$PWD/build/branchlab ci/vm-run -- bash tests/integration/itest_lab.sh
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
LAB=itlab$(($$ % 10000))
WORK=$(mktemp -d)
TOPO=$WORK/lab.yaml
DECOY=$LAB-decoy

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

cleanup() {
	"$BL" down "$LAB" >/dev/null 2>&1 || true
	ip netns del "$DECOY" 2>/dev/null || true
	rm -rf "$WORK"
}

# json FILE EXPR: evaluate a Python expression on the parsed JSON `d`.
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

check_kernel() {
	[[ $(id -u) == 0 ]] || skip "needs root (network namespaces)"
	"$BL" doctor --json >"$WORK/doctor.json" || true
	local missing
	missing=$(json "$WORK/doctor.json" \
		"'; '.join(c['feature']+': '+c['detail'] for c in d if not c['ok'] and c['feature'] in ('ESP rfc4106(gcm(aes))', 'xfrm interface', 'xfrm netlink'))")
	[[ -z $missing ]] || skip "branchlab doctor: $missing"
}

# sa_packets STATUS_JSON TUNNEL: packets over every SA of tunnel TUNNEL.
sa_packets() {
	json "$1" "sum(sa['packets'] for sa in d['tunnels'][$2]['sas'])"
}

ping_through() {
	local t=$1 iface inner before after other_before other_after other=$((1 - $1))
	iface=$(json "$WORK/show.json" "d['tunnels'][$t]['site']['interface']")
	inner=$(json "$WORK/show.json" "d['tunnels'][$t]['gateway']['inner'].split('/')[0]")
	"$BL" status "$LAB" --json >"$WORK/before.json"
	"$BL" exec "$LAB" rras-a -- ping -q -c 3 -W 2 -I "$iface" "$inner" >/dev/null ||
		fail "ping from rras-a over $iface to $inner failed"
	"$BL" status "$LAB" --json >"$WORK/after.json"
	before=$(sa_packets "$WORK/before.json" "$t")
	after=$(sa_packets "$WORK/after.json" "$t")
	other_before=$(sa_packets "$WORK/before.json" "$other")
	other_after=$(sa_packets "$WORK/after.json" "$other")
	# 3 echo requests + 3 replies, each counted by the sender's and the
	# receiver's SA: 12 on the tunnel used, nothing on the other.
	(( after - before >= 12 )) || fail "tunnel $t SA counters grew by $((after - before)), want >= 12"
	(( other_after == other_before )) || fail "tunnel $other carried traffic meant for tunnel $t"
	echo "ok: tunnel $t ($iface -> $inner): SA packets +$((after - before)), other tunnel +0"
}

timed() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@"
	t1=$(date +%s.%N)
	echo "time: $(python3 -c "print(f'{$t1 - $t0:.2f}')") s for ${*:2:2}"
}

main() {
	trap cleanup EXIT
	check_kernel
	sed "s/^name: .*/name: $LAB/" "$SRC/topologies/azure-coexist.yaml" >"$TOPO"
	"$BL" show "$TOPO" --json >"$WORK/show.json"
	[[ $(json "$WORK/show.json" "len(d['tunnels'])") == 2 ]] || fail "reference lab should have 2 tunnels"

	timed "$BL" -v up "$TOPO" || fail "up failed"
	[[ $(stat -c %a "/run/branchlab/$LAB") == 700 ]] || fail "state dir is not 0700"
	[[ $(stat -c %a "/run/branchlab/$LAB/keys") == 600 ]] || fail "keys file is not 0600"
	ping_through 0
	ping_through 1

	timed "$BL" -v up "$TOPO" || fail "second up did not converge"
	ping_through 0

	ip netns add "$DECOY"
	timed "$BL" -v down "$LAB" || fail "down failed"
	ip netns list | grep -q "^$DECOY\b" || fail "down removed the unrelated namespace $DECOY"
	if ip netns list | grep "^$LAB-" | grep -v "^$DECOY\b"; then
		fail "namespaces left after down"
	fi
	[[ ! -e /run/branchlab/$LAB ]] || fail "state dir left after down"
	echo "ok: down left nothing of $LAB and kept $DECOY"
}

main "$@"
