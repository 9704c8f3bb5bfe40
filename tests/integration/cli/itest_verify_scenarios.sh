#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `verify --scenario NAME` and `--all-scenarios` (docs/failures.md) on live
# labs, real namespaces and the real kernel:
#   - ExpressRoute (host and VM): every scenario of an ER-only lab passes,
#     each applied and restored: afterwards no failure is in force and every
#     namespace's routes and links are as before; a scenario whose
#     expectation is wrong fails (exit 1, FAIL with file:line) and the lab is
#     still restored; text, TAP, JSON and JUnit (one testsuite per scenario)
#     say the same; an unknown scenario names the nearest; a lab with
#     failures in force is refused;
#   - every shipped topology with scenarios (VPN: the test VM): up,
#     verify --all-scenarios, down, with the time each took.
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

# Every route and link (administratively up or not: a bridge's operstate
# moves on its own) of the lab's namespaces, one text.
lab_state() {
	local ns
	for ns in $(ip netns list | awk '{print $1}' | grep "^$1-" | sort); do
		echo "== $ns"
		ip -n "$ns" -4 route show | sort
		ip -n "$ns" -o link show | sed -E 's/^[0-9]+: ([^:@]+)[^<]*<([^>]*)>.*/\1 \2/' |
			awk '{print $1, ($2 ~ /(^|,)UP(,|$)/) ? "up" : "down"}' | sort
	done
}

test_er() {
	local lab=itsc$(($$ % 1000)) before after
	cat >"$WORK/$lab.yaml" <<-EOF
		name: $lab
		er_circuits:
		  - {name: b, primary: 192.168.100.128/30, secondary: 192.168.100.132/30}
		expect:
		  - reach: {from: vm1, to: b1}
		scenarios:
		  - name: er-primary-down
		    fail: [er-link:b/primary]
		    expect:
		      - reach: {from: vm1, to: b1}
		      - route: {node: ce-b, prefix: 10.0.0.0/16, next_hops: [192.168.100.134]}
		  - name: er-circuit-down
		    fail: [circuit:b]
		    expect:
		      - reach: {from: vm1, to: b1, ok: false}
		      - route: {node: vm1, prefix: 172.16.0.0/16, present: false}
		  - name: drain
		    why: "F4"
		    fail: [er-maintenance:b/primary]
		    expect:
		      - route: {node: msee-b, prefix: 172.16.0.0/16, next_hops: [192.168.100.133]}
		      - paths: {from: vm1, to: b1, any_of: [vm1 > ergw-in0 > msee-b > ce-b > b1]}
	EOF
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" >/dev/null || fail "up"
	before=$(lab_state "$lab")

	"$BL" verify "$lab" --all-scenarios --junit "$WORK/j.xml" >"$WORK/out" 2>"$WORK/err" ||
		fail "all scenarios: $(cat "$WORK/out" "$WORK/err")"
	grep -q "^verify $lab: 3 of 3 scenarios passed (6 of 6 checks)" "$WORK/out" ||
		fail "summary: $(cat "$WORK/out")"
	[[ $(grep -c "^scenario .*checks passed" "$WORK/out") == 3 ]] || fail "per scenario: $(cat "$WORK/out")"
	grep -q "^restored: links: 4 changed" "$WORK/out" || fail "circuit restore: $(cat "$WORK/out")"
	grep -q "not Azure's timers" "$WORK/out" || fail "the time is not said to be branchlab's"
	[[ ! -e $BRANCHLAB_STATE_DIR/$lab/failures ]] || fail "failures left: $(cat "$BRANCHLAB_STATE_DIR/$lab/failures")"
	after=$(lab_state "$lab")
	[[ $before == "$after" ]] || fail "the lab changed: $(diff <(echo "$before") <(echo "$after"))"
	python3 - "$WORK/j.xml" <<-'EOF' || fail "junit: $(cat "$WORK/j.xml")"
		import sys, xml.etree.ElementTree as ET
		root = ET.parse(sys.argv[1]).getroot()
		assert root.tag == 'testsuites' and root.get('tests') == '6', root.attrib
		suites = root.findall('testsuite')
		assert [s.get('name').split(' scenario ')[1] for s in suites] == \
			['er-primary-down', 'er-circuit-down', 'drain'], [s.get('name') for s in suites]
		assert all(len(s.findall('testcase')) == 2 for s in suites)
	EOF
	echo "ok all scenarios pass, each restored: the lab's routes and links are as before"

	"$BL" verify "$lab" --scenario drain --tap >"$WORK/out" 2>/dev/null || fail "tap: $(cat "$WORK/out")"
	[[ $(head -1 "$WORK/out") == "1..2" ]] || fail "tap plan: $(cat "$WORK/out")"
	grep -q "^ok 2 - paths vm1 -> b1" "$WORK/out" || fail "tap: $(cat "$WORK/out")"
	"$BL" verify "$lab" --all-scenarios --json >"$WORK/out" 2>/dev/null || fail "json"
	python3 - "$WORK/out" <<-'EOF' || fail "json: $(cat "$WORK/out")"
		import json, sys
		d = json.load(open(sys.argv[1]))
		assert [s['scenario'] for s in d['scenarios']] == ['er-primary-down', 'er-circuit-down', 'drain']
		assert d['passed'] == 6 and d['failed'] == 0 and d['scenarios_failed'] == 0
		c = d['scenarios'][1]
		assert c['fail'] == ['circuit:b'] and c['applied']['links'] == 4 and c['restored']['links'] == 4
	EOF
	echo "ok TAP and JSON per scenario"

	# The same lab, one scenario expecting what its failures break.
	sed -i 's/- reach: {from: vm1, to: b1, ok: false}/- reach: {from: vm1, to: b1}/' "$WORK/$lab.yaml"
	"$BL" verify "$WORK/$lab.yaml" --scenario er-circuit-down --timeout 1 >"$WORK/out" 2>&1 &&
		fail "a wrong scenario passed: $(cat "$WORK/out")"
	grep -q "^FAIL  reach vm1 -> b1 ($WORK/$lab.yaml:[0-9]*)" "$WORK/out" || fail "no FAIL: $(cat "$WORK/out")"
	grep -q "scenario er-circuit-down: 1 of 2 checks passed" "$WORK/out" || fail "count: $(cat "$WORK/out")"
	[[ ! -e $BRANCHLAB_STATE_DIR/$lab/failures ]] || fail "a failing scenario left its failures"
	after=$(lab_state "$lab")
	[[ $before == "$after" ]] || fail "the lab changed: $(diff <(echo "$before") <(echo "$after"))"
	echo "ok a scenario that fails says where, and the lab is restored all the same"

	"$BL" verify "$lab" --scenario drian >/dev/null 2>"$WORK/err" && fail "an unknown scenario ran"
	grep -q "no scenario 'drian' (did you mean 'drain'?)" "$WORK/err" || fail "unknown: $(cat "$WORK/err")"
	"$BL" fail "$lab" node:b1 >/dev/null || fail "fail node:b1"
	"$BL" verify "$lab" --scenario drain >/dev/null 2>"$WORK/err" && fail "ran over failures in force"
	grep -q "has failures in force (node:b1)" "$WORK/err" || fail "in force: $(cat "$WORK/err")"
	[[ $(cat "$BRANCHLAB_STATE_DIR/$lab/failures") == "node:b1" ]] || fail "the set changed"
	"$BL" down "$lab" >/dev/null
	echo "ok an unknown scenario names the nearest; failures in force are refused and kept"
}

# Every shipped topology that has scenarios: up, all scenarios, down.
test_shipped() {
	local f base lab t0 t1 t2 t3
	for f in "$SRC"/topologies/*.yaml; do
		grep -q '^scenarios:' "$f" || continue
		base=$(basename "$f" .yaml)
		lab=its$(($$ % 100))${base:0:4}
		lab=${lab//-/}
		sed "s/^name: .*/name: $lab/" "$f" >"$WORK/$base.yaml"
		LABS+=("$lab")
		t0=$(date +%s.%N)
		if ! "$BL" up "$WORK/$base.yaml" >/dev/null 2>"$WORK/up.log"; then
			grep -q "cannot run the lab" "$WORK/up.log" || fail "up $base: $(cat "$WORK/up.log")"
			skip_part "$base: $(grep -m1 'cannot run' "$WORK/up.log")"
			continue
		fi
		t1=$(date +%s.%N)
		"$BL" verify "$lab" --all-scenarios >"$WORK/out" 2>"$WORK/err" ||
			fail "$base: $(cat "$WORK/out" "$WORK/err")"
		t2=$(date +%s.%N)
		[[ ! -e $BRANCHLAB_STATE_DIR/$lab/failures ]] || fail "$base: failures left"
		"$BL" down "$lab" >/dev/null
		t3=$(date +%s.%N)
		printf 'ok %s: %s; up %.1f s, verify --all-scenarios %.1f s, down %.1f s\n' "$base" \
			"$(tail -1 "$WORK/out")" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" \
			"$(echo "$t3 - $t2" | bc)"
	done
}

need_plumbing
test_er
test_shipped
