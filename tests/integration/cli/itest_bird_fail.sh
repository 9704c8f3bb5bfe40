#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Failures with control_plane: bird (docs/failures.md, docs/bgp.md): fail
# and restore change the data plane only and the daemons converge by
# protocol. Lab hold time 6 s (BRANCHLAB_BGP_HOLD) so a hold-timer
# failure converges inside the test; Azure's is 180 s.
#
# Host part (no ESP: the reference topology minus its VPN site, as
# itest_bird_host.sh), for the first element of `fail --list` of each kind
# instance, er-link, er-maintenance, circuit (every one of them with
# BRANCHLAB_FULL=1), and node:routeserver, node:ergw-in0:
#   - `fail --watch vm1 b1` exits 0: diff reached 0 under the failure; it
#     names the trigger, checked where it is certain (an ER link: interface
#     down; the Route Server: hold timer; maintenance: no session changes,
#     the sessions stay up [D] F4; a restore: session established);
#   - no BGP prefix of a speaker has a branchlab route (proto static) beside
#     BIRD's: branchlab pushed none (the bug of issue 17);
#   - `diff --wait 5` exits 0, and `trace --json` vm1 -> b1 and b1 -> vm1
#     measure what the model predicts (reached or cut);
#   - `restore --watch` exits 0 and diff is 0 again.
# Then BFD on the ER link [D]: dropping its packets (iptables, the link
# stays up) takes the session down with "BFD session down" (BIRD's
# reason: not the 6 s hold time), seen within 5 s.
# VPN part, itest_bird_fail_vpn.sh (this file with BIRD_FAIL_PART=vpn:
# tunnels need ESP, so it runs whole in the test VM only, and the VM does
# not repeat the host part): vpn-only in bird mode, tunnel:a/0 and
# instance:vpngw-in0 (maintenance), the same checks with vm1 <-> a1.
# Each element's convergence times are printed (docs/failures.md).
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
LABS=()
export BRANCHLAB_BGP_HOLD=6

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	local lab
	for lab in "${LABS[@]}"; do
		"$BL" down "$lab" >/dev/null 2>&1 || true
	done
	rm -rf "$WORK"
}

# topology FILE LAB [er-only]: a copy named LAB, without expectations.
topology() {
	python3 - "$SRC/topologies/$1" "$WORK/$2.yaml" "$2" "${3:-}" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		if sys.argv[4] == 'er-only':
		    text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		text = re.sub(r'(?ms)^expect:.*', '', text)
		open(sys.argv[2], 'w').write(text)
	EOF
}

# A branchlab route (proto static) for a prefix BIRD also installed, in
# any namespace of the lab: none may exist in bird mode.
pushed_bgp() {
	local lab=$1 ns pfx
	for ns in $(ip netns list | awk '{print $1}' | grep "^$lab-"); do
		for pfx in $(ip -n "$ns" -4 route show proto bird | awk '$1 != "nexthop" {print $1}'); do
			if ip -n "$ns" -4 route show "$pfx" proto static | grep -q .; then
				echo "$ns $pfx"
			fi
		done
	done
}

# trace_agrees LAB SRC DST: trace's own verdict (matches), or every path
# the packets took (4 flows) is one the model predicts, to the same end
# (ECMP: not every flow need take every predicted path). Prints the
# predicted end.
trace_agrees() {
	"$BL" trace "$1" "$2" "$3" --json -n 4 >"$WORK/trace.json" 2>"$WORK/trace.err" || true
	python3 -c "
import json, sys
t = json.load(open(sys.argv[1]))
want = {(p['end'], tuple(p['path'])) for p in t['predicted']}
have = {(p['end'], tuple(p['path'])) for p in t['measured']}
sys.exit(0 if t['matches'] or (have and have <= want) else 1)" "$WORK/trace.json" 2>/dev/null ||
		fail "$1: $2 -> $3: the packets do not go as the model predicts: $(cat "$WORK/trace.json" "$WORK/trace.err")"
	python3 -c "import json,sys; print(sorted({p['end'] for p in json.load(open(sys.argv[1]))['predicted']})[0])" \
		"$WORK/trace.json"
}

# converged_s OUTPUT: the time the watch printed.
converged_s() { sed -nE 's/^bird: converged by protocol ([0-9.]+) s .*/\1/p' "$1"; }
trigger_of() { sed -nE 's/^bird: [0-9]+ sessions? changed; trigger: (.*)/\1/p' "$1"; }

# fail_restore LAB ELEMENT SRC DST: the checks of one element.
fail_restore() {
	local lab=$1 e=$2 src=$3 dst=$4 want ends1 ends2 t_fail t_restore trig
	"$BL" fail "$lab" "$e" --watch "$src" "$dst" >"$WORK/fail.out" 2>"$WORK/fail.err" ||
		fail "fail $e --watch: $(cat "$WORK/fail.out" "$WORK/fail.err")"
	t_fail=$(converged_s "$WORK/fail.out")
	trig=$(trigger_of "$WORK/fail.out")
	[[ -n $t_fail && -n $trig ]] || fail "fail $e: no convergence line: $(cat "$WORK/fail.out")"
	case $e in
	er-link:*) want="interface down" ;;
	node:routeserver) want="hold timer" ;;
	er-maintenance:*) grep -q "^bird: 0 sessions changed" "$WORK/fail.out" ||
		fail "fail $e: maintenance changed sessions: $(grep '^bird\|^  ' "$WORK/fail.out")"
		want=$trig ;;
	*) want=$trig ;;
	esac
	[[ $trig == "$want" ]] || fail "fail $e: trigger '$trig', want '$want': $(cat "$WORK/fail.out")"
	[[ -z $(pushed_bgp "$lab") ]] || fail "fail $e: branchlab routes beside BIRD's: $(pushed_bgp "$lab")"
	"$BL" diff "$lab" --wait 5 >"$WORK/diff" 2>&1 || fail "diff under $e: $(cat "$WORK/diff")"
	ends1=$(trace_agrees "$lab" "$src" "$dst")
	ends2=$(trace_agrees "$lab" "$dst" "$src")
	"$BL" restore "$lab" "$e" --watch "$src" "$dst" >"$WORK/restore.out" 2>"$WORK/restore.err" ||
		fail "restore $e --watch: $(cat "$WORK/restore.out" "$WORK/restore.err")"
	t_restore=$(converged_s "$WORK/restore.out")
	[[ -n $t_restore ]] || fail "restore $e: no convergence line: $(cat "$WORK/restore.out")"
	# A restore brings sessions back where the failure took some down.
	if ! grep -q "^bird: 0 sessions changed" "$WORK/fail.out"; then
		[[ $(trigger_of "$WORK/restore.out") == "session established" ]] ||
			fail "restore $e: trigger: $(cat "$WORK/restore.out")"
	fi
	"$BL" diff "$lab" --wait 5 >"$WORK/diff" 2>&1 || fail "diff after restoring $e: $(cat "$WORK/diff")"
	echo "ok $e: fail converged in $t_fail s ($trig; $src -> $dst $ends1, back $ends2), restore in $t_restore s"
	grep "^  " "$WORK/fail.out" | sed "s/^/  fail: /" || true
}

# birdc in LAB's NODE namespace.
birdc_of() {
	ip netns exec "$1-$2" birdc -s "${BRANCHLAB_STATE_DIR:-/run/branchlab}/$1/bird/$2.ctl" "${@:3}"
}

bfd_part() {
	local lab=$1 t0 down=0
	if ! ip netns exec "$lab-ce-b" iptables -A OUTPUT -o msee1 -j DROP 2>"$WORK/ipt"; then
		skip_part "BFD: iptables in a namespace: $(cat "$WORK/ipt")"
		return
	fi
	ip netns exec "$lab-ce-b" iptables -A INPUT -i msee1 -j DROP
	t0=$(date +%s.%N)
	for _ in $(seq 50); do
		if birdc_of "$lab" msee-b show protocols e_ce_b_1 | grep -q "BFD session down"; then
			down=1
			break
		fi
		sleep 0.1
	done
	local took
	took=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)")
	ip netns exec "$lab-ce-b" iptables -F
	[[ $down -eq 1 ]] || fail "BFD: msee-b e_ce_b_1 not down 5 s after the link went silent: $(birdc_of "$lab" msee-b show protocols)"
	birdc_of "$lab" msee-b show bfd sessions | grep -q "0.300" ||
		fail "BFD: no 300 ms session at msee-b: $(birdc_of "$lab" msee-b show bfd sessions)"
	"$BL" diff "$lab" --wait 30 >"$WORK/diff" 2>&1 || fail "diff after BFD: $(cat "$WORK/diff")"
	echo "ok BFD: a silent ER link (carrier up) took its session down in $took s (hold time 6 s); back after"
}

host_part() {
	local lab=bfh$(($$ % 1000)) e n=0 want
	topology azure-coexist.yaml "$lab" er-only
	LABS+=("$lab")
	"$BL" up "$WORK/$lab.yaml" --control-plane bird >/dev/null || fail "up --control-plane bird failed"
	"$BL" diff "$lab" --wait 30 >"$WORK/diff" || fail "diff after up: $(cat "$WORK/diff")"
	"$BL" fail "$lab" --list >"$WORK/elements"
	grep -E '^(instance|er-link|er-maintenance|circuit):|^node:(routeserver|ergw-in0)$' \
		"$WORK/elements" >"$WORK/chosen"
	# One per kind unless BRANCHLAB_FULL: the test VM runs this part too.
	if [[ -z ${BRANCHLAB_FULL:-} ]]; then
		awk -F: '!seen[$1 ($1 == "node" ? $2 : "")]++' "$WORK/chosen" >"$WORK/one"
		mv "$WORK/one" "$WORK/chosen"
	fi
	mapfile -t chosen <"$WORK/chosen"
	for e in "${chosen[@]}"; do
		fail_restore "$lab" "$e" vm1 b1
		n=$((n + 1))
	done
	want=$([[ -n ${BRANCHLAB_FULL:-} ]] && echo 9 || echo 6)
	[[ $n -eq $want ]] || fail "$n elements checked, want $want: $(cat "$WORK/elements")"
	bfd_part "$lab"
	"$BL" down "$lab" >/dev/null
}

vpn_part() {
	local lab=bfv$(($$ % 1000)) e
	topology vpn-only.yaml "$lab"
	LABS+=("$lab")
	if ! "$BL" up "$WORK/$lab.yaml" --control-plane bird >/dev/null 2>"$WORK/up.log"; then
		grep -q "cannot run the lab" "$WORK/up.log" || fail "up: $(cat "$WORK/up.log")"
		skip_part "the VPN elements: $(grep -m1 'cannot run' "$WORK/up.log")"
		return
	fi
	"$BL" diff "$lab" --wait 60 >"$WORK/diff" || fail "diff after up: $(cat "$WORK/diff")"
	for e in tunnel:a/0 instance:vpngw-in0; do
		grep -qx "$e" <("$BL" fail "$lab" --list) || fail "$lab has no $e"
		fail_restore "$lab" "$e" vm1 a1
	done
	"$BL" down "$lab" >/dev/null
}

need_root
need_plumbing
[[ -x /usr/sbin/bird ]] || skip "no /usr/sbin/bird: install bird2 (ci/setup.sh does)"
trap cleanup EXIT
start=$SECONDS
case ${BIRD_FAIL_PART:-host} in
host) host_part ;;
vpn) vpn_part ;;
*) fail "BIRD_FAIL_PART: host or vpn, not '$BIRD_FAIL_PART'" ;;
esac
echo "ok bird failures (${BIRD_FAIL_PART:-host} part) in $((SECONDS - start)) s"
