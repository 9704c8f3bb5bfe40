#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The work of one `trace` does not grow with the lab: the same pair is
# traced in a lab of 2 VPN sites and in one of 6 (active-active, so 4 and
# 12 tunnels), each under strace, and the network namespaces trace opens
# are counted. Both traces must open the same namespaces the same number
# of times, and only the source's and the gateway instances' (whose SA
# counters say which tunnels a path took): no other node's. A trace that
# read the SAs once per tunnel, or visited every site, opens more in the
# bigger lab (at 1000 sites that was 80 s of every trace in the test VM).
# The traces must still name the tunnels they crossed.
#
# Needs root and a kernel with ESP and xfrm interfaces: on the host kernel
# it skips (77) with doctor's reason; it runs for real in the test VM.
set -euo pipefail

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

need_root
command -v strace >/dev/null || fail "strace is needed to count the namespaces trace opens"
if ! "$BL" doctor >"$WORK/doctor.txt" 2>&1; then
	grep -i missing "$WORK/doctor.txt" || true
	skip "this kernel cannot build a lab with tunnels (branchlab doctor above); run in the test VM"
fi

# topology N: N VPN sites of one host each, BGP over both instances.
topology() {
	local n=$1 i
	printf 'name: trscale%s\nroute_server: {branch_to_branch: true}\n' "$n"
	printf 'vpn_gateway: {active_active: true}\n'
	printf 'spokes:\n  - {name: spoke0, subnets: [{name: workload, vms: [{name: vm-spoke0}]}]}\n'
	printf 'vpn_sites:\n'
	for ((i = 0; i < n; i++)); do
		printf '  - {name: s%d, asn: %d, public: 198.18.0.%d, lan: 172.16.%d.0/24, hosts: [{name: h%d}]}\n' \
			"$i" $((4200000000 + i)) $((10 + i)) "$i" "$i"
	done
}

# trace_opens N: up a lab of N sites, trace h0 -> h1 under strace, down;
# leaves "count namespace" lines (lab prefix dropped) in $WORK/opens-N.
trace_opens() {
	local n=$1 lab=trscale$1 rc
	topology "$n" >"$WORK/$lab.yaml"
	"$BL" up "$WORK/$lab.yaml" >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "up $n sites"; }
	UP=$lab
	# Exit 1 (paths differ from the model) is not this test's subject:
	# under TCG a late answer can leave a hop silent.
	rc=0
	strace -f -e trace=openat -o "$WORK/strace-$n" "$BL" trace "$lab" h0 h1 >"$WORK/trace-$n.txt" 2>&1 ||
		rc=$?
	((rc <= 1)) || { cat "$WORK/trace-$n.txt"; fail "trace h0 -> h1 in $n sites: exit $rc"; }
	grep -Eq '^    tunnels: .*s0/[01] site->gateway' "$WORK/trace-$n.txt" ||
		{ cat "$WORK/trace-$n.txt"; fail "trace in $n sites names no tunnel of site s0"; }
	sed -nE "s|.*openat\\(.*\"/run/netns/$lab-([^\"]+)\".*= [0-9]+$|\\1|p" "$WORK/strace-$n" |
		sort | uniq -c | sed 's/^ *//' >"$WORK/opens-$n"
	[[ -s $WORK/opens-$n ]] || fail "strace saw trace open no namespace in $n sites"
	"$BL" down "$lab" >/dev/null || fail "down $n sites"
	UP=
}

trace_opens 2
trace_opens 6

others=$(cut -d' ' -f2 "$WORK/opens-6" | grep -Ev '^(h0|vpngw-in[01])$' || true)
[[ -z $others ]] || fail "trace in 6 sites opened namespaces of other nodes: ${others//$'\n'/ }"
if ! diff -u "$WORK/opens-2" "$WORK/opens-6"; then
	fail "trace opened namespaces more often in 6 sites than in 2 (above: count namespace)"
fi
echo "ok trace h0 -> h1 opens the same namespaces in 2 and 6 sites: $(tr '\n' ' ' <"$WORK/opens-6")"
echo "PASS: trace's namespace work does not grow with the sites"
