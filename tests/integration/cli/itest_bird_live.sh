#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `routes --live` and verify's route check under control_plane: bird, on
# the host (no tunnels): the reference topology minus its VPN site, as
# itest_bird_host.sh builds it, with three checks of its own. Checks:
#   - on the converged lab, for every node running a BIRD, the BGP rows of
#     `routes LAB NODE --live` (BIRD's table over the control socket) are
#     the rows of `routes LAB NODE` (the model), line for line, and the
#     JSON form says the same of ce-b;
#   - verify runs the diff first and passes, then sends its packets;
#   - verify --scenario (the Route Server failed) checks only once BGP has
#     converged under the failure (hold timer, lab hold 6 s), and waits
#     again after the restore;
#   - with the MSEE's BIRD stopped: ce-b's live table lacks the hub's
#     10.0.0.0/16 the model still shows, `routes --live msee-b` names the
#     node and why, and `verify --wait 2` exits 1 printing diff's lines
#     (node and prefix) without sending a packet (no check line);
#   - a static lab: `routes --live` names the node and the static control
#     plane.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
LAB=bclive$(($$ % 1000))
# A short hold time: the scenario below converges by hold timer.
export BRANCHLAB_BGP_HOLD=6
WORK=$(mktemp -d)
TOPO=$WORK/lab.yaml
STATE=${BRANCHLAB_STATE_DIR:-/run/branchlab}/$LAB

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	"$BL" down "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

write_topology() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$TOPO" "$LAB" <<-'EOF2'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		text += """expect:
		  - reach: {from: vm1, to: b1}
		  - route: {node: vm1, prefix: 172.16.0.0/16, next_hops: [10.0.255.6]}
		  - paths: {from: vm1, to: b1, any_of: [vm1 > ergw-in0 > msee-b > ce-b > b1]}
		scenarios:
		  - name: routeserver-down
		    why: "the Route Server's sessions end by hold timer (no interface of theirs goes down)"
		    fail: [node:routeserver]
		    expect:
		      - reach: {from: vm1, to: b1}
		"""
		open(sys.argv[2], 'w').write(text)
	EOF2
}

# The BGP rows of a table (model or live), without the heading and notes.
bgp_rows() { grep -E '^(eBGP|iBGP|VirtualNetworkGateway|BGP) ' || true; }

need_root
need_plumbing
[[ -x /usr/sbin/bird ]] || skip "no /usr/sbin/bird: install bird2 (ci/setup.sh does)"
trap cleanup EXIT
write_topology

"$BL" up "$TOPO" --control-plane bird >/dev/null || fail "up --control-plane bird failed"
"$BL" diff "$LAB" --wait 30 >"$WORK/diff" || fail "diff after up: $(cat "$WORK/diff")"

nodes=(vpngw-in0 vpngw-in1 ergw-in0 routeserver msee-b ce-b vm1)
for node in "${nodes[@]}"; do
	"$BL" routes "$LAB" "$node" | bgp_rows >"$WORK/model.$node"
	"$BL" routes "$LAB" "$node" --live >"$WORK/live.$node" ||
		fail "routes --live $node failed: $(cat "$WORK/live.$node")"
	[[ -s $WORK/model.$node ]] || fail "the model has no BGP row at $node"
	head -n 1 "$WORK/live.$node" | grep -qx "Live BGP routes (BIRD) of $node" ||
		fail "routes --live $node: heading: $(head -n 2 "$WORK/live.$node")"
	bgp_rows <"$WORK/live.$node" | diff -u "$WORK/model.$node" - >"$WORK/delta" ||
		fail "routes --live $node differs from the model: $(cat "$WORK/delta")"
done
echo "ok: routes --live equals the model's BGP rows at ${#nodes[@]} nodes"

"$BL" routes "$LAB" ce-b --live --json >"$WORK/live.json" || fail "routes --live --json failed"
python3 - "$WORK/live.json" <<-'EOF2' || fail "routes --live --json: $(cat "$WORK/live.json")"
	import json, sys
	t = json.load(open(sys.argv[1]))
	hub = sorted(r['next_hops'][0] for r in t['routes'] if r['prefix'] == '10.0.0.0/16')
	assert t['node'] == 'ce-b' and t['live'] is True, t
	assert hub == ['192.168.100.130', '192.168.100.134'], hub
	assert all(r['state'] == 'Active' and r['as_path'] == [12076, 65515] for r in t['routes']), t
	assert {'prefix': '172.16.0.0/16', 'type': 'blackhole', 'protocol': 'st_announce'} in t['other'], t
EOF2
echo "ok: routes --live --json: ce-b's two paths to the hub, its own prefix under other"

"$BL" verify "$LAB" --wait 30 >"$WORK/verify" 2>&1 || fail "verify on the converged lab: $(cat "$WORK/verify")"
grep -q "^lab $LAB: 0 differences " "$WORK/verify" || fail "verify ran no diff: $(cat "$WORK/verify")"
grep -q "^verify $LAB: 3 of 3 checks passed" "$WORK/verify" || fail "verify: $(cat "$WORK/verify")"
echo "ok: verify diffs first (0 differences), then 3 of 3 checks pass"

# A scenario in bird mode: its checks wait for BGP to converge under the
# failure (the Route Server's peers see it go at their hold timer, 6 s
# here), and the restore waits again.
"$BL" verify "$LAB" --scenario routeserver-down >"$WORK/scenario" 2>&1 ||
	fail "verify --scenario: $(cat "$WORK/scenario")"
waited=$(sed -nE 's/^bird: converged by protocol ([0-9.]+) s after the failures were applied .*/\1/p' "$WORK/scenario")
[[ -n $waited ]] || fail "verify --scenario did not wait for BGP: $(cat "$WORK/scenario")"
awk -v w="$waited" 'BEGIN { exit !(w >= 1) }' ||
	fail "verify --scenario: converged after $waited s: at once, not at a hold timer (6 s: its sessions end 4-6 s after the failure): $(cat "$WORK/scenario")"
sed -n '/converged by protocol .* applied/,$p' "$WORK/scenario" | grep -q "^PASS  reach vm1 -> b1" ||
	fail "verify --scenario: no check after convergence: $(cat "$WORK/scenario")"
grep -q "^bird: converged by protocol .* after the failures were restored (diff 0)" "$WORK/scenario" ||
	fail "verify --scenario: no convergence after the restore: $(cat "$WORK/scenario")"
echo "ok: verify --scenario routeserver-down: checks after BGP converged ($waited s, hold timer), and again after the restore"

kill "$(cat "$STATE/bird/msee-b.pid")"
gone=0
for _ in $(seq 20); do
	"$BL" routes "$LAB" ce-b --live | bgp_rows >"$WORK/live.ce-b"
	if ! grep -q " 10.0.0.0/16 " "$WORK/live.ce-b"; then gone=1; break; fi
	sleep 0.5
done
[[ $gone -eq 1 ]] || fail "ce-b's BIRD keeps 10.0.0.0/16 with the MSEE's BIRD stopped: $(cat "$WORK/live.ce-b")"
grep -q " 10.0.0.0/16 " "$WORK/model.ce-b" || fail "the model lost ce-b's 10.0.0.0/16 too"
if "$BL" routes "$LAB" msee-b --live >/dev/null 2>"$WORK/err"; then
	fail "routes --live msee-b exits 0 with its BIRD stopped"
fi
grep -q "the BIRD of 'msee-b' is \(absent\|dead\)" "$WORK/err" || fail "routes --live msee-b: $(cat "$WORK/err")"
echo "ok: with the MSEE's BIRD stopped ce-b's live table lacks the hub, the model keeps it; msee-b's error names it"

start=$SECONDS
if "$BL" verify "$LAB" --wait 2 >"$WORK/verify" 2>"$WORK/verify.err"; then
	fail "verify exits 0 with the MSEE's BIRD stopped: $(cat "$WORK/verify")"
fi
grep -q "^ce-b 10.0.0.0/16: model via 192.168.100.130, 192.168.100.134, kernel absent" "$WORK/verify" ||
	fail "verify does not print ce-b's lost route: $(cat "$WORK/verify" "$WORK/verify.err")"
grep -q "BIRD's routes differ from the model" "$WORK/verify.err" || fail "verify: $(cat "$WORK/verify.err")"
! grep -q "checks passed" "$WORK/verify" || fail "verify sent packets: $(cat "$WORK/verify")"
"$BL" verify "$LAB" --wait 0 --json >"$WORK/verify.json" 2>"$WORK/verify.err" && fail "verify --json exits 0"
[[ ! -s $WORK/verify.json ]] || fail "verify --json wrote to stdout: $(cat "$WORK/verify.json")"
grep -q "^ce-b 10.0.0.0/16: " "$WORK/verify.err" || fail "verify --json: $(cat "$WORK/verify.err")"
echo "ok: verify fails in $((SECONDS - start)) s naming ce-b's lost route, sending no packet (--json: on stderr)"

"$BL" down "$LAB" >/dev/null || fail "down failed"
"$BL" up "$TOPO" --control-plane static >/dev/null || fail "up --control-plane static failed"
if "$BL" routes "$LAB" ce-b --live >/dev/null 2>"$WORK/err"; then
	fail "routes --live exits 0 on a static lab"
fi
grep -q "'ce-b' has no BIRD: lab '$LAB' runs the static control plane" "$WORK/err" ||
	fail "routes --live on a static lab: $(cat "$WORK/err")"
"$BL" verify "$LAB" >"$WORK/verify" 2>&1 || fail "verify on the static lab: $(cat "$WORK/verify")"
! grep -q "differences between the kernel" "$WORK/verify" || fail "verify diffed a static lab"
echo "ok: a static lab: routes --live names the node and the static control plane; verify runs no diff"
"$BL" down "$LAB" >/dev/null || fail "down failed"
