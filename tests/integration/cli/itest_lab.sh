#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The lab lifecycle on the running kernel, for each tunnel variant of the
# table below: `up` the reference topology (under a lab name of its own),
# ping from RRAS to each VPN gateway instance through each tunnel and check
# that exactly that tunnel's SA counters grew, `up` again (converges, same
# keys), then `down` and check that nothing of the lab is left while a
# look-alike namespace survives.
#
# Needs root and a kernel with ESP and xfrm interfaces: on the host kernel
# it skips (77) with doctor's reason; run it in the test VM:
#   BRANCHLAB=$PWD/build/branchlab ci/vm-run -- bash tests/integration/cli/itest_lab.sh
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
TOPO=$WORK/lab.yaml
LAB=
DECOY=

# interface  esp  doctor features it needs besides the base
VARIANTS=(
	"xfrmi aes-gcm ESP rfc4106(gcm(aes))|xfrm interface"
	"vti aes-cbc-sha256 ESP cbc(aes)+hmac(sha256)|VTI link"
)

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	if [[ -n $LAB ]]; then
		"$BL" down "$LAB" >/dev/null 2>&1 || true
		ip netns del "$DECOY" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}

# json FILE EXPR: evaluate a Python expression on the parsed JSON `d`.
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# missing FEATURE|FEATURE...: doctor's words for those that are missing.
missing() {
	json "$WORK/doctor.json" \
		"'; '.join(c['feature']+': '+c['detail'] for c in d if not c['ok'] and c['feature'] in '$1'.split('|'))"
}

check_kernel() {
	need_root
	"$BL" doctor --json >"$WORK/doctor.json" || true
	local gaps
	gaps=$(missing "xfrm netlink|ESP rfc4106(gcm(aes))|xfrm interface")
	[[ -z $gaps ]] || skip "branchlab doctor: $gaps"
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

# run_variant INDEX INTERFACE ESP FEATURES: the whole lifecycle once.
run_variant() {
	local gaps
	gaps=$(missing "$4")
	if [[ -n $gaps ]]; then
		skip_part "variant $2/$3: $gaps"
		return
	fi
	LAB=itlab$(($$ % 1000))v$1
	DECOY=$LAB-decoy
	echo "== variant $2 $3 (lab $LAB)"
	sed -e "s/^name: .*/name: $LAB/" \
	    -e "s/{instance: \([0-9]\)}/{instance: \1, interface: $2, esp: $3}/" \
	    "$SRC/topologies/azure-coexist.yaml" >"$TOPO"
	"$BL" show "$TOPO" --json >"$WORK/show.json"
	[[ $(json "$WORK/show.json" "len(d['tunnels'])") == 2 ]] || fail "reference lab should have 2 tunnels"
	[[ $(json "$WORK/show.json" "d['tunnels'][1]['kind']") == "$2" ]] || fail "variant not applied"

	timed "$BL" -v up "$TOPO" || fail "up failed"
	[[ $(stat -c %a "/run/branchlab/$LAB") == 700 ]] || fail "state dir is not 0700"
	[[ $(stat -c %a "/run/branchlab/$LAB/keys") == 600 ]] || fail "keys file is not 0600"
	ping_through 0
	ping_through 1

	"$BL" status "$LAB" --json >"$WORK/converge-before.json"
	timed "$BL" -v up "$TOPO" || fail "second up did not converge"
	"$BL" status "$LAB" --json >"$WORK/converge-after.json"
	# Converging keeps the SAs (same keys, same SPIs): counters survive.
	[[ $(sa_packets "$WORK/converge-after.json" 0) == $(sa_packets "$WORK/converge-before.json" 0) ]] ||
		fail "second up replaced the SAs of tunnel 0"
	ping_through 0

	ip netns add "$DECOY"
	timed "$BL" -v down "$LAB" || fail "down failed"
	grep -q "^$DECOY\b" <(ip netns list) || fail "down removed the unrelated namespace $DECOY"
	if ip netns list | grep "^$LAB-" | grep -v "^$DECOY\b"; then
		fail "namespaces left after down"
	fi
	[[ ! -e /run/branchlab/$LAB ]] || fail "state dir left after down"
	echo "ok: down left nothing of $LAB and kept $DECOY"
	ip netns del "$DECOY"
	LAB=
}

main() {
	trap cleanup EXIT
	check_kernel
	for i in "${!VARIANTS[@]}"; do
		read -r iface esp features <<<"${VARIANTS[$i]}"
		run_variant "$i" "$iface" "$esp" "$features"
	done
}

main "$@"
