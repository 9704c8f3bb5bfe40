#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every shipped topology, built for real: `up`, `verify` (all its
# expectations against the live lab), `down`. Then the lab is broken
# behind branchlab's back (a route deleted, an SA removed) and `verify`
# must fail, naming the broken check.
#
# BL_KEYING (static or ikev2; unset: each file's own) is given to every
# `up` as --keying; BL_TOPOLOGIES (file names, default every shipped one) limits
# the set (itest_verify_ikev2.sh uses both).
#
# Needs root and a kernel with ESP and xfrm interfaces: on the host kernel
# it skips (77) with doctor's reason; it runs for real in the test VM.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
UP=
KEYING=${BL_KEYING:-}
KEYING_ARGS=(${KEYING:+--keying "$KEYING"})

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	[[ -n $UP ]] && "$BL" down "$UP" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

need_root
if ! "$BL" doctor >"$WORK/doctor.txt" 2>&1; then
	grep -i missing "$WORK/doctor.txt" || true
	skip "this kernel cannot build a lab with tunnels (branchlab doctor above); run in the test VM"
fi

lab_of() { sed -n 's/^name:[[:space:]]*\([a-z0-9-]*\).*/\1/p' "$1" | head -n 1; }

verify_topology() {
	local topo=$1 lab start
	lab=$(lab_of "$topo")
	start=$(date +%s%N)
	"$BL" up "$topo" "${KEYING_ARGS[@]}" >"$WORK/up.log" 2>&1 ||
		{ cat "$WORK/up.log"; fail "up $topo ${KEYING_ARGS[*]}"; }
	UP=$lab
	if ! "$BL" verify "$topo" --timeout 20 >"$WORK/verify.log" 2>&1; then
		cat "$WORK/verify.log"
		fail "verify $topo"
	fi
	tail -n 1 "$WORK/verify.log"
	"$BL" down "$lab" >/dev/null || fail "down $topo"
	UP=
	grep -q "^$lab-" <(ip netns list) && fail "namespaces of $lab left after down"
	echo "ok $(basename "$topo") (${KEYING:-own} keying): up + verify + down in $((($(date +%s%N) - start) / 1000000)) ms"
}

for topo in "$SRC"/topologies/*.yaml; do
	[[ -z ${BL_TOPOLOGIES:-} || " $BL_TOPOLOGIES " == *" $(basename "$topo") "* ]] || continue
	verify_topology "$topo"
done

# Broken behind branchlab's back: verify must fail and name what broke.
REF=$SRC/topologies/azure-coexist.yaml
LAB=$(lab_of "$REF")
"$BL" up "$REF" "${KEYING_ARGS[@]}" >/dev/null
UP=$LAB
"$BL" verify "$REF" --timeout 20 >/dev/null || fail "reference lab does not verify before breaking it"

ip -n "$LAB-vm1" route del 192.168.1.0/24
if "$BL" verify "$REF" --timeout 2 >"$WORK/broken.log" 2>&1; then
	fail "verify passed with vm1's route to site A deleted"
fi
grep -q '^FAIL  route 192.168.1.0/24 at vm1' "$WORK/broken.log" ||
	{ cat "$WORK/broken.log"; fail "verify did not name the deleted route"; }
echo "ok deleted route: $(grep -c '^FAIL' "$WORK/broken.log") checks fail, the route check among them"

"$BL" up "$REF" >/dev/null   # converges: puts the route back
"$BL" verify "$REF" --timeout 20 >/dev/null || fail "up did not repair the deleted route"
echo "ok up repaired the deleted route"

ip -n "$LAB-vpngw-in1" xfrm state flush
if "$BL" verify "$REF" --timeout 2 >"$WORK/nosa.log" 2>&1; then
	fail "verify passed with instance 1's SAs removed"
fi
grep -q '^FAIL  tunnel a/1' "$WORK/nosa.log" ||
	{ cat "$WORK/nosa.log"; fail "verify did not name tunnel a/1"; }
echo "ok removed SAs: $(grep -c '^FAIL' "$WORK/nosa.log") checks fail, tunnel a/1 among them"

"$BL" down "$LAB" >/dev/null
UP=
echo "PASS: every ${BL_TOPOLOGIES:+listed }shipped topology verifies with ${KEYING:-its own} keying; broken labs fail by name"
