#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `up` pushes routes incrementally (lab_routes.c): it touches only the
# routes that differ from the plan + route model, counted by `up -v`
# ("routes: N added, N replaced, N removed in N namespaces").
#
#   up, up again: the second touches 0 routes;
#   hand edits: a stale route of branchlab's protocol is removed, a changed
#       one replaced, a route added by hand with another protocol left alone;
#   (tunnels only) `routes LAB NODE` reads the topology from the manifest;
#       the copy is edited so site a advertises only 192.168.1.254/32, and
#       up removes exactly the six 192.168.1.0/24 routes the model dropped;
#       vm1 lost it, verify fails the checks on site A and passes those on
#       site B; restored, up adds the six back and verify passes.
# The lab is a copy of topologies/azure-coexist.yaml; on a kernel without
# tunnels (up says so) the copy loses its VPN site and the tunnel-only
# steps are skipped with up's reason: they run in the test VM.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
UP=

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	[[ -n $UP ]] && "$BL" down "$UP" >/dev/null 2>&1
	rm -rf "$WORK"
}
trap cleanup EXIT

# A copy of the reference topology named $2, filtered by the python
# expression $3 (text -> text).
copy_reference() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$1" "$2" "$3" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		open(sys.argv[2], 'w').write(eval(sys.argv[4]))
	EOF
}

# `up -v FILE`; its route counts as "added replaced removed" on stdout.
# Fails (status 1, log in $WORK/up.log) when up does.
up_counts() {
	"$BL" -v up "$1" >"$WORK/up.log" 2>&1 || return 1
	sed -n 's/^up: routes: \([0-9]*\) added, \([0-9]*\) replaced, \([0-9]*\) removed in .*/\1 \2 \3/p' \
		"$WORK/up.log"
}

expect_counts() {
	local got
	got=$(up_counts "$1") || { cat "$WORK/up.log"; fail "up $1"; }
	[[ $got == "$2" ]] || { cat "$WORK/up.log"; fail "$3: routes added/replaced/removed '$got', expected '$2'"; }
	echo "ok $3: $(grep '^up: routes:' "$WORK/up.log" | sed 's/^up: routes: //') (at ${SECONDS}s)"
}

# Routes edited behind branchlab's back in vm1 (present in both labs).
test_hand_edits() {
	local lab=$1 topo=$2
	ip -n "$lab-vm1" route add 10.98.0.0/16 via 10.0.1.1         # proto boot: the user's
	ip -n "$lab-vm1" route add 10.99.0.0/16 via 10.0.1.1 proto static
	ip -n "$lab-vm1" route replace 172.16.0.0/16 via 10.0.1.1 proto static
	expect_counts "$topo" "0 1 1" "up after hand edits"
	ip -n "$lab-vm1" route show 10.98.0.0/16 | grep -q . || fail "up removed a route of another protocol"
	[[ -z $(ip -n "$lab-vm1" route show 10.99.0.0/16) ]] || fail "up left a stale static route"
	ip -n "$lab-vm1" route show 172.16.0.0/16 | grep -q 'via 10.0.255.6' ||
		fail "up did not put back the ER route"
	ip -n "$lab-vm1" route del 10.98.0.0/16
}

vm1_route() { ip -n "$UP-vm1" route show 192.168.1.0/24; }

# The reference lab's own expectations after site a narrowed its
# advertisement: site A's checks fail, site B's pass.
verify_narrowed() {
	if "$BL" verify "$1" --timeout 2 >"$WORK/verify.log" 2>&1; then
		fail "verify passed with site A's LAN no longer advertised"
	fi
	local want
	for want in '^FAIL  route 192.168.1.0/24 at vm1' '^FAIL  reach vm1 -> a1' \
		    '^PASS  reach vm1 -> b1' '^PASS  route 172.16.0.0/16 at vm1'; do
		grep -q "$want" "$WORK/verify.log" || { cat "$WORK/verify.log"; fail "verify: no line $want"; }
	done
	echo "ok narrowed: verify $(grep -c '^FAIL' "$WORK/verify.log") checks fail, site B's pass (at ${SECONDS}s)"
}

# First up of the copy: CAN_RUN=no when this kernel cannot run it.
first_up() {
	local got
	CAN_RUN=yes
	if ! got=$(up_counts "$1"); then
		grep -q 'cannot run the lab' "$WORK/up.log" || { cat "$WORK/up.log"; fail "up $1"; }
		CAN_RUN=no
		return 0
	fi
	UP=$2
	echo "ok first up: $(grep '^up: routes:' "$WORK/up.log" | sed 's/^up: routes: //') (at ${SECONDS}s)"
	[[ ${got%% *} -gt 0 && ${got#* } == "0 0" ]] || fail "first up: '$got'"
}

test_advertise_edit() {
	local lab=$1 topo=$2
	"$BL" routes "$lab" vm1 >"$WORK/routes.txt" || fail "routes $lab vm1"
	grep -q 'Active *192.168.1.0/24 .*10.0.255.4,10.0.255.5' "$WORK/routes.txt" ||
		{ cat "$WORK/routes.txt"; fail "routes LAB vm1: no ECMP route to site A"; }

	# vm1, both VPN instances, the ER gateway, the MSEE and the CE each
	# drop 192.168.1.0/24; the /32 goes nowhere (R3, R12).
	copy_reference "$topo" "$lab" "text.replace('advertise: [192.168.1.0/24]', 'advertise: [192.168.1.254/32]')"
	expect_counts "$topo" "0 0 6" "narrowed advertisement"
	[[ -z $(vm1_route) ]] || fail "vm1 still routes 192.168.1.0/24: $(vm1_route)"
	ip -n "$lab-ce-b" route show 192.168.1.0/24 | grep -q . && fail "ce-b still routes site A"
	"$BL" routes "$lab" vm1 | grep -q '192.168.1.0/24' && fail "routes LAB vm1 still lists site A"
	verify_narrowed "$topo"

	copy_reference "$topo" "$lab" text
	expect_counts "$topo" "6 0 0" "restored advertisement"
	[[ $(vm1_route) == *nexthop* ]] || fail "vm1's route to site A is not back as ECMP"
	"$BL" verify "$topo" --timeout 20 >"$WORK/verify.log" 2>&1 ||
		{ cat "$WORK/verify.log"; fail "verify after restoring"; }
	echo "ok restored: verify passes (at ${SECONDS}s)"
}

main() {
	local lab=itpush$(($$ % 1000)) topo=$WORK/lab.yaml tunnels=yes
	need_root
	copy_reference "$topo" "$lab" text
	first_up "$topo" "$lab"
	if [[ $CAN_RUN == no ]]; then
		tunnels="no: $(grep -m1 'cannot run the lab' "$WORK/up.log")"
		copy_reference "$topo" "$lab" \
			"re.sub(r'(?ms)^expect:.*', '', re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text))"
		first_up "$topo" "$lab"
		[[ $CAN_RUN == yes ]] || skip "$(grep -m1 'cannot run' "$WORK/up.log")"
	fi
	expect_counts "$topo" "0 0 0" "second up"
	test_hand_edits "$lab" "$topo"
	if [[ $tunnels == yes ]]; then
		test_advertise_edit "$lab" "$topo"
	else
		skip_part "the tunnel steps: $tunnels"
	fi
	"$BL" down "$lab" >/dev/null
	UP=
	echo "PASS: up touches only the routes the model changed"
}

main "$@"
