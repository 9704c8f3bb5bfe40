#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `watch` and `fail|restore --watch` (docs/failures.md) on live labs, real
# namespaces and the real kernel:
#   - ExpressRoute (host and VM): a clean stream loses nothing, over 4 flows
#     with 4 source ports; er-link:b/primary down under --watch counts lost
#     probes per flow and keeps reach (every probe after the routes
#     converged arrives); circuit:b down loses every probe after it; the
#     report says when the routes converged and that the time is
#     branchlab's, not Azure's;
#   - VPN (IPsec: the test VM): single-tunnel, instance 0 in maintenance
#     under --watch cuts vm1 -> a1 off; restore --watch brings it back;
#     vpn-only (two tunnels), instance 0 in maintenance under --watch:
#     every probe after the routes converged arrives (instance 1 carries
#     them) and the probes lost are reported, and restore likewise.
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

# after FILE kept|cut: the intervals that start after the routes converged
# (the report's "routes converged at Y s") deliver everything, or nothing;
# prints the lost count in all.
after() {
	python3 - "$1" "$2" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		conv = float(re.search(r'routes converged at ([0-9.]+) s', text).group(1))
		rows = [(float(a), int(s), int(d)) for a, s, d in
		    re.findall(r'(?m)^([0-9.]+)-[0-9.]+ +([0-9]+) +([0-9]+) ', text)]
		late = [r for r in rows if r[0] >= conv + 0.25 and r[1]]
		assert len(late) >= 3, rows
		if sys.argv[2] == 'kept':
		    assert all(d == s for _, s, d in late), late
		else:
		    assert all(d == 0 for _, s, d in late), late
		flows = re.findall(r'(?m)^flow [0-9]+ \(source port ([0-9]+)\): ([0-9]+) sent, ([0-9]+) delivered, ([0-9]+) lost', text)
		assert len(flows) == 4 and len({p for p, *_ in flows}) == 4, flows
		lost = int(re.search(r'(?m)^in all: [0-9]+ sent, [0-9]+ delivered, ([0-9]+) lost', text).group(1))
		assert lost == sum(int(l) for *_, l in flows)
		print(lost)
	EOF
}

test_er() {
	local lab=itwa$(($$ % 1000)) lost
	cat >"$WORK/$lab.yaml" <<-EOF
		name: $lab
		er_circuits: [{name: b}]
	EOF
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" >/dev/null || fail "up"

	"$BL" watch "$lab" vm1 b1 --rate 200 --duration 2 --json >"$WORK/out" || fail "watch: $(cat "$WORK/out")"
	python3 - "$WORK/out" <<-'EOF' || fail "watch json: $(cat "$WORK/out")"
		import json, sys
		d = json.load(open(sys.argv[1]))
		assert 380 <= d['sent'] <= 402 and d['lost'] == 0, (d['sent'], d['lost'])
		assert len({f['source_port'] for f in d['flows']}) == 4
		assert sum(i['sent'] for i in d['intervals']) == d['sent']
		assert "not Azure's timers" in d['note']
	EOF
	echo "ok watch: a clean stream loses nothing, 4 flows on 4 source ports"

	"$BL" fail "$lab" er-link:b/primary --watch vm1 b1 >"$WORK/out" 2>"$WORK/err" ||
		fail "fail --watch: $(cat "$WORK/out" "$WORK/err")"
	grep -q "failures in force: er-link:b/primary" "$WORK/out" || fail "no change: $(cat "$WORK/out")"
	grep -q "not Azure's timers" "$WORK/out" || fail "the time is not said to be branchlab's"
	lost=$(after "$WORK/out" kept) || fail "er-link: $(cat "$WORK/out")"
	echo "ok er-link:b/primary down under --watch: $lost probes lost, reach kept after convergence"

	"$BL" fail "$lab" circuit:b --watch vm1 b1 >"$WORK/out" 2>"$WORK/err" ||
		fail "fail circuit --watch: $(cat "$WORK/out" "$WORK/err")"
	lost=$(after "$WORK/out" cut) || fail "circuit: $(cat "$WORK/out")"
	(( lost > 0 )) || fail "circuit down lost nothing"
	"$BL" restore "$lab" --all --watch vm1 b1 >"$WORK/out" 2>"$WORK/err" || fail "restore --watch"
	grep -q "^restore --all at [0-9.]* s; routes converged at" "$WORK/out" || fail "restore: $(cat "$WORK/out")"
	after "$WORK/out" kept >/dev/null || fail "restore: $(cat "$WORK/out")"
	echo "ok circuit:b down under --watch loses every probe after it ($lost); restore brings them back"

	"$BL" watch "$lab" vm1 172.16.0.99 --duration 1 >/dev/null 2>"$WORK/err" && fail "an address for DST"
	grep -q "no node of lab" "$WORK/err" || fail "dst: $(cat "$WORK/err")"
	"$BL" down "$lab" >/dev/null
}

test_vpn() {
	local lab=itwv$(($$ % 1000)) lost
	sed "s/^name: .*/name: $lab/" "$SRC/topologies/single-tunnel.yaml" >"$WORK/$lab.yaml"
	LABS+=("$lab")
	if ! "$BL" up "$WORK/$lab.yaml" >/dev/null 2>"$WORK/up.log"; then
		grep -q "cannot run the lab" "$WORK/up.log" || fail "up: $(cat "$WORK/up.log")"
		skip_part "the VPN steps: $(grep -m1 'cannot run' "$WORK/up.log")"
		return
	fi
	"$BL" fail "$lab" instance:vpngw-in0 --watch vm1 a1 >"$WORK/out" 2>"$WORK/err" ||
		fail "fail instance --watch: $(cat "$WORK/out" "$WORK/err")"
	after "$WORK/out" cut >/dev/null || fail "instance: $(cat "$WORK/out")"
	"$BL" restore "$lab" --all --watch vm1 a1 >"$WORK/out" 2>"$WORK/err" || fail "restore --watch"
	after "$WORK/out" kept >/dev/null || fail "restore instance: $(cat "$WORK/out")"
	"$BL" down "$lab" >/dev/null
	echo "ok single-tunnel: instance 0 in maintenance cuts vm1 -> a1 off under --watch; restore brings it back"

	lab=itwt$(($$ % 1000))
	sed "s/^name: .*/name: $lab/" "$SRC/topologies/vpn-only.yaml" >"$WORK/$lab.yaml"
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" >/dev/null 2>"$WORK/up.log" || fail "up two-tunnel: $(cat "$WORK/up.log")"
	"$BL" fail "$lab" instance:vpngw-in0 --watch vm1 a1 >"$WORK/out" 2>"$WORK/err" ||
		fail "two-tunnel fail instance --watch: $(cat "$WORK/out" "$WORK/err")"
	lost=$(after "$WORK/out" kept) || fail "two-tunnel instance: $(cat "$WORK/out")"
	grep "^in all:" "$WORK/out"
	"$BL" restore "$lab" --all --watch vm1 a1 >"$WORK/out" 2>"$WORK/err" || fail "two-tunnel restore --watch"
	after "$WORK/out" kept >/dev/null || fail "two-tunnel restore: $(cat "$WORK/out")"
	grep "^in all:" "$WORK/out"
	"$BL" down "$lab" >/dev/null
	echo "ok vpn-only (two tunnels): instance 0 in maintenance under --watch loses $lost probes, instance 1 carries every flow after the routes converged; restore loses none after"
}

need_plumbing
test_er
test_vpn
