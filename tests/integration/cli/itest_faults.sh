#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The lab lifecycle under faults and bad input (issue 8). Runs on any
# kernel with namespaces, veth, bridges and multipath (the host included)
# with the reference lab minus its VPN site; where the kernel has IPsec
# (the test VM) the full reference lab too. Checks:
#   - up stopped at every point (BRANCHLAB_FAULT, orchestrator/common/fault.h) by
#     a failure, SIGINT, SIGTERM, SIGHUP (rolled back by up itself) or
#     SIGKILL (then down): nothing is left - no lab namespace, no state
#     file, the root namespace's links and xfrm states/policies as before,
#     no charon of the lab. One line per fault says what was left;
#   - a real SIGTERM from outside while up runs: the same;
#   - the lock: up and down on a lab whose lock is held fail at once and
#     name the holder's pid;
#   - file modes: state dir 0700, keys and logs 0600;
#   - two labs with the same addresses side by side, both reach over ER;
#   - down --all removes both and spares look-alike namespaces and links;
#   - names that could climb out of the state dir are refused;
#   - a fault in a second up leaves the running lab as it was;
#   - a damaged manifest is refused by every command, which touch nothing;
#     damaged keys are renewed with a warning;
#   - down --all racing up: the lab whole or gone, then nothing left.
# Everything runs under a private state root ($BRANCHLAB_STATE_DIR), so
# down --all never meets a lab that this test did not build.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
# The fault hook is only in the test binary (branchlab-test).
BL=${BRANCHLAB_TEST:?set BRANCHLAB_TEST to the branchlab-test binary}
ID=$(($$ % 1000))
LAB=ftha$ID
LAB2=fthb$ID
REF=ftref$ID
WORK=$(mktemp -d)
export BRANCHLAB_STATE_DIR=$WORK/state
FOREIGN=("$LAB-vm1" "$LAB-decoy")
FOREIGN_LINK=${LAB}vm1

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	local l
	for l in "$LAB" "$LAB2" "$REF"; do
		"$BL" down "$l" >/dev/null 2>&1 || true
	done
	for l in "${FOREIGN[@]}"; do
		ip netns del "$l" 2>/dev/null || true
	done
	ip link del "$FOREIGN_LINK" 2>/dev/null || true
	rm -rf "$WORK"
}

check_kernel() {
	need_plumbing
	# Every check passing means IPsec too (the test VM).
	IPSEC=$(python3 -c "import json; print('1' if all(c['ok'] for c in json.load(open('$WORK/doctor.json'))) else '')")
}

# The reference topology renamed; "novpn" also drops the VPN site (and
# the expectations, which name it).
write_topology() {
	python3 - "$SRC/topologies/azure-coexist.yaml" "$1" "$2" "$3" <<-'EOF'
		import re, sys
		text = open(sys.argv[1]).read()
		text = re.sub(r'(?m)^name: .*$', 'name: ' + sys.argv[3], text)
		if sys.argv[4] == 'novpn':
		    text = re.sub(r'(?ms)^vpn_sites:.*?(?=^er_circuits:)', '', text)
		    text = re.sub(r'(?ms)^expect:.*', '', text)
		open(sys.argv[2], 'w').write(text)
	EOF
}

root_links() { ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort; }
xfrm_count() { ip xfrm "$1" list 2>/dev/null | grep -c '^src' || true; }

# charon daemons of a lab: their environment or command line names our
# private state root.
lab_charons() {
	local p
	for p in $(pgrep -x charon || true); do
		if grep -qa "$BRANCHLAB_STATE_DIR" "/proc/$p/environ" "/proc/$p/cmdline" 2>/dev/null; then
			echo "$p"
		fi
	done
}

snapshot() {
	root_links >"$WORK/links.before"
	XFRM_STATES=$(xfrm_count state)
	XFRM_POLICIES=$(xfrm_count policy)
}

# What a lab left behind, one word per kind; "nothing" when clean.
leftovers() {
	local lab=$1 left=() ns files charons
	ns=$(ip netns list | awk '{print $1}' | grep "^$lab-" | tr '\n' ' ' || true)
	[[ -z $ns ]] || left+=("namespaces: $ns")
	files=$(cd "$BRANCHLAB_STATE_DIR" 2>/dev/null && ls -d "$lab" "$lab".* 2>/dev/null | tr '\n' ' ' || true)
	[[ -z $files ]] || left+=("state: $files")
	root_links >"$WORK/links.after"
	cmp -s "$WORK/links.before" "$WORK/links.after" ||
		left+=("root links: $(comm -13 "$WORK/links.before" "$WORK/links.after" | tr '\n' ' ')")
	[[ $(xfrm_count state) == "$XFRM_STATES" ]] || left+=("root xfrm states")
	[[ $(xfrm_count policy) == "$XFRM_POLICIES" ]] || left+=("root xfrm policies")
	charons=$(lab_charons | tr '\n' ' ')
	[[ -z $charons ]] || left+=("charon pids: $charons")
	if [[ ${#left[@]} -eq 0 ]]; then
		echo nothing
	else
		local IFS=';'
		echo "${left[*]}"
	fi
}

# up with one fault injected; SIGKILL is cleaned by down (after checking
# the modes of what it left, when a 5th argument says so). Prints a line.
inject() {
	local lab=$1 topo=$2 point=$3 action=$4 modes=${5:-} rc=0 want left
	BRANCHLAB_FAULT=$point:$action "$BL" up "$topo" >"$WORK/up.out" 2>&1 || rc=$?
	case $action in
	fail) want=1 ;;
	sigint) want=130 ;;
	sigterm) want=143 ;;
	sighup) want=129 ;;
	sigkill) want=137 ;;
	esac
	[[ $rc == "$want" ]] || fail "$point:$action: up exited $rc, not $want: $(cat "$WORK/up.out")"
	if [[ $action == sig[ith]* ]]; then
		grep -q "up: interrupted, removed what this run created" "$WORK/up.out" ||
			fail "$point:$action: no interruption message: $(cat "$WORK/up.out")"
	fi
	[[ -z $modes ]] || test_modes "$lab"
	if [[ $action == sigkill ]]; then
		"$BL" down "$lab" >"$WORK/down.out" 2>&1 ||
			fail "$point:$action: down after kill -9 failed: $(cat "$WORK/down.out")"
	fi
	left=$(leftovers "$lab")
	printf 'fault %-8s %-12s %-8s exit %-3s left: %s\n' "$lab" "$point" "$action" "$rc" "$left"
	[[ $left == nothing ]] || fail "$point:$action left $left"
}

fault_matrix() {
	local lab=$1 topo=$2 points=$3 actions=$4 p a
	for p in $points; do
		for a in $actions; do
			inject "$lab" "$topo" "$p" "$a"
		done
	done
}

# Signals from outside: up stops itself at a point (sigstop), the test
# sends the signal and SIGCONT. SIGKILL is then cleared by down.
external() {
	local point=$1 sig=$2 want=$3 rc=0 pid left
	BRANCHLAB_FAULT=$point:sigstop "$BL" up "$WORK/a.yaml" >"$WORK/up.out" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		[[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == T ]] && break
		sleep 0.1
	done
	[[ $(awk '{print $3}' "/proc/$pid/stat") == T ]] || fail "up did not stop at $point"
	kill "-$sig" "$pid"
	kill -CONT "$pid" 2>/dev/null || true
	wait "$pid" || rc=$?
	[[ $rc == "$want" ]] || fail "up got SIG$sig at $point, exited $rc: $(cat "$WORK/up.out")"
	if [[ $sig == KILL ]]; then
		"$BL" down "$LAB" >/dev/null || fail "down after an outside kill -9 failed"
	else
		grep -q "interrupted, removed what this run created" "$WORK/up.out" ||
			fail "SIG$sig at $point: no rollback message: $(cat "$WORK/up.out")"
	fi
	left=$(leftovers "$LAB")
	printf 'fault %-8s %-12s %-8s exit %-3s left: %s\n' "$LAB" "$point" "kill -$sig" "$rc" "$left"
	[[ $left == nothing ]] || fail "SIG$sig from outside at $point left $left"
}

test_external_signals() {
	external namespace@4 INT 130
	external addresses TERM 143
	external links KILL 137
}

# The lock is held (as an up in progress holds it): up and down refuse at
# once and name the holder.
test_lock() {
	local lock=$BRANCHLAB_STATE_DIR/$LAB.lock verb
	mkdir -p "$BRANCHLAB_STATE_DIR"
	exec 9>"$lock"
	flock -n 9 || fail "could not take $lock"
	echo "$BASHPID" >&9
	for verb in up down; do
		local arg=$WORK/a.yaml
		[[ $verb == down ]] && arg=$LAB
		if timeout 10 "$BL" "$verb" "$arg" 2>"$WORK/lock.err"; then
			fail "$verb ran while the lock was held"
		fi
		grep -q "lab '$LAB' is busy: another up or down (pid $BASHPID) holds $lock" "$WORK/lock.err" ||
			fail "$verb: unexpected lock message: $(cat "$WORK/lock.err")"
	done
	[[ -z $(ip netns list | grep "^$LAB-" || true) ]] || fail "up built namespaces without the lock"
	exec 9>&-
	rm -f "$lock"
	echo "ok: up and down refuse a held lock and name pid $BASHPID"
}

mode_of() { stat -c %a "$1"; }

test_modes() {
	local dir=$BRANCHLAB_STATE_DIR/$1 f m
	[[ $(mode_of "$dir") == 700 ]] || fail "state dir $dir is $(mode_of "$dir"), not 700"
	[[ -e $dir/keys ]] || fail "no keys file in $dir"
	while IFS= read -r f; do
		m=$(mode_of "$f")
		if [[ -d $f ]]; then
			[[ $m == 700 ]] || fail "$f is $m, not 700"
		elif [[ $f == */keys || $f == *.log || $f == *psk* || $f == *secret* || $f == */keying ]]; then
			[[ $m == 600 ]] || fail "$f is $m, not 600"
		fi
	done < <(find "$dir" -mindepth 1)
	echo "ok: $1: state dir 700, keys and logs 600 ($(cd "$dir" && find . -mindepth 1 -printf '%P=%m ' ))"
}

# Same addresses, different names: both up at once, both reach over ER.
test_side_by_side() {
	"$BL" up "$WORK/a.yaml" || fail "up $LAB failed"
	"$BL" up "$WORK/b.yaml" || fail "up $LAB2 beside $LAB failed"
	test_modes "$LAB"
	local l
	for l in "$LAB" "$LAB2"; do
		"$BL" exec "$l" vm1 -- ping -q -c 2 -W 2 172.16.0.10 >/dev/null ||
			fail "$l: vm1 cannot reach b1 over ER with the other lab up"
	done
	echo "ok: $LAB and $LAB2 up side by side with the same addresses, both reach b1"
}

# down --all takes both labs and spares a namespace added beside a lab
# that is up, one named like a node of a lab that is down, and a root
# link named like a lab's.
test_down_all() {
	ip netns add "$LAB-decoy"
	ip link add "$FOREIGN_LINK" type veth peer name "${FOREIGN_LINK}p"
	"$BL" down --all || fail "down --all failed"
	ip netns add "$LAB-vm1"
	"$BL" down --all || fail "down --all with no lab failed"
	grep -q "^$LAB-decoy\b" <(ip netns list) || fail "down --all removed $LAB-decoy"
	grep -q "^$LAB-vm1\b" <(ip netns list) || fail "down --all removed $LAB-vm1"
	ip link show "$FOREIGN_LINK" >/dev/null 2>&1 || fail "down --all removed link $FOREIGN_LINK"
	ip netns del "$LAB-decoy"
	ip netns del "$LAB-vm1"
	ip link del "$FOREIGN_LINK"
	local l left
	for l in "$LAB" "$LAB2"; do
		left=$(leftovers "$l")
		[[ $left == nothing ]] || fail "down --all left of $l: $left"
	done
	echo "ok: down --all removed $LAB and $LAB2, spared $LAB-decoy, $LAB-vm1 and link $FOREIGN_LINK"
}

# A fault in a second up of a lab that is up: the lab survives as it was
# (this run created nothing, so the rollback removes nothing).
test_second_up_fault() {
	local before rc=0
	"$BL" up "$WORK/a.yaml" >/dev/null 2>&1 || fail "up for the second-up test failed"
	before=$(ip netns list | awk '{print $1}' | grep "^$LAB-" | sort)
	BRANCHLAB_FAULT=routes:fail "$BL" up "$WORK/a.yaml" >"$WORK/up.out" 2>&1 || rc=$?
	[[ $rc == 1 ]] || fail "second up with a fault exited $rc: $(cat "$WORK/up.out")"
	[[ $(ip netns list | awk '{print $1}' | grep "^$LAB-" | sort) == "$before" ]] ||
		fail "a fault in the second up changed the lab's namespaces"
	[[ -s $BRANCHLAB_STATE_DIR/$LAB/manifest ]] || fail "a fault in the second up removed the manifest"
	"$BL" exec "$LAB" b1 -- ping -q -c 1 -W 2 10.0.1.4 >/dev/null ||
		fail "the lab does not work after a fault in its second up"
	echo "ok: a fault in a second up leaves the running lab as it was"
}

# A damaged manifest: every command says so with what to do by hand, and
# touches nothing (down cannot tell the lab's namespaces from look-alikes);
# damaged keys: up warns, makes new keys and converges.
test_damaged_state() {
	local m=$BRANCHLAB_STATE_DIR/$LAB/manifest cmd rc before
	before=$(ip netns list | awk '{print $1}' | grep "^$LAB-" | sort)
	cp "$m" "$WORK/manifest.good"
	for damage in "garbage" "lab $LAB
topology $WORK/a.yaml
netns other-vm1"; do
		printf '%s\n' "$damage" >"$m"
		for cmd in "status $LAB" "down $LAB" "up $WORK/a.yaml" "verify $LAB" "exec $LAB vm1 -- true"; do
			rc=0
			# shellcheck disable=SC2086 # the words of the command
			"$BL" $cmd >"$WORK/out" 2>&1 || rc=$?
			[[ $rc == 1 ]] || fail "$cmd with a damaged manifest exited $rc: $(cat "$WORK/out")"
			grep -q "the manifest of lab '$LAB' ($m) is damaged" "$WORK/out" ||
				fail "$cmd with a damaged manifest said: $(cat "$WORK/out")"
		done
		[[ $(ip netns list | awk '{print $1}' | grep "^$LAB-" | sort) == "$before" ]] ||
			fail "a command touched the namespaces of a lab whose manifest is damaged"
	done
	cp "$WORK/manifest.good" "$m"
	echo garbage >"$BRANCHLAB_STATE_DIR/$LAB/keys"
	"$BL" up "$WORK/a.yaml" >"$WORK/out" 2>&1 || fail "up with damaged keys failed: $(cat "$WORK/out")"
	grep -q "keys: 1 line(s) could not be read" "$WORK/out" || fail "no warning about damaged keys: $(cat "$WORK/out")"
	echo "ok: a damaged manifest refused by status, down, up, verify, exec (lab untouched); damaged keys renewed with a warning"
}

# down --all while an up runs: the lock keeps them apart; afterwards the
# lab is either whole or gone, and a final down leaves nothing.
test_down_all_races_up() {
	local up_pid
	"$BL" down "$LAB" >/dev/null 2>&1 || true
	"$BL" up "$WORK/a.yaml" >"$WORK/race-up.out" 2>&1 &
	up_pid=$!
	"$BL" down --all >"$WORK/race-down.out" 2>&1 || true
	wait "$up_pid" || true
	if [[ -s $BRANCHLAB_STATE_DIR/$LAB/manifest ]]; then
		"$BL" exec "$LAB" b1 -- ping -q -c 1 -W 2 10.0.1.4 >/dev/null ||
			fail "after down --all raced up the lab is half there: $(cat "$WORK/race-up.out" "$WORK/race-down.out")"
	fi
	"$BL" down --all >/dev/null 2>&1 || fail "down --all after the race failed"
	local left
	left=$(leftovers "$LAB")
	[[ $left == nothing ]] || fail "down --all racing up left $left"
	echo "ok: down --all racing up: the lab whole or gone, then nothing left"
}

test_bad_names() {
	local arg verb
	for arg in ../../etc .. "$LAB/../.." "a b"; do
		for verb in down status; do
			if "$BL" "$verb" "$arg" 2>"$WORK/name.err"; then
				fail "$verb accepted '$arg'"
			fi
			grep -q "'$arg' is n" "$WORK/name.err" ||
				fail "$verb '$arg': unclear message: $(cat "$WORK/name.err")"
		done
	done
	"$BL" exec ../x vm1 -- true 2>/dev/null && fail "exec accepted lab '../x'"
	[[ -e /etc/passwd ]] || fail "/etc/passwd vanished"
	echo "ok: down/status/exec refuse ../../etc, .., $LAB/../.. and 'a b'"
}

# The host kernel (no IPsec) gets the whole matrix on the lab without VPN;
# a kernel with IPsec (the test VM, slow under TCG: 5-15 s per up) gets
# every point and action once on the reference lab, with its tunnels
# (signals from outside take the same path as raised ones: host only).
# BL_FAULTS_FULL=1 runs both in full.
host_matrix() {
	fault_matrix "$LAB" "$WORK/a.yaml" "manifest namespace@6 links addresses routes" \
		"fail sigint sigterm sigkill"
	inject "$LAB" "$WORK/a.yaml" namespace@1 sigkill
	inject "$LAB" "$WORK/a.yaml" sysctls fail
	inject "$LAB" "$WORK/a.yaml" tunnels sigint
	inject "$LAB" "$WORK/a.yaml" links sighup
	external namespace@4 INT 130
	external addresses TERM 143
	external links KILL 137
}

ipsec_matrix() {
	write_topology "$WORK/ref.yaml" "$REF" full
	inject "$REF" "$WORK/ref.yaml" manifest sigkill
	inject "$REF" "$WORK/ref.yaml" namespace@7 sigint
	inject "$REF" "$WORK/ref.yaml" links fail
	inject "$REF" "$WORK/ref.yaml" tunnels sigterm
	inject "$REF" "$WORK/ref.yaml" routes sigkill modes
	echo "ok: reference lab with IPsec: faults, modes, down after kill -9"
}

main() {
	trap cleanup EXIT
	check_kernel
	write_topology "$WORK/a.yaml" "$LAB" novpn
	write_topology "$WORK/b.yaml" "$LAB2" novpn
	snapshot
	test_bad_names
	test_lock
	if [[ -z $IPSEC || -n ${BL_FAULTS_FULL:-} ]]; then
		host_matrix
	fi
	if [[ -n $IPSEC ]]; then
		ipsec_matrix
	else
		skip_part "the reference lab's faults: the kernel lacks IPsec (branchlab doctor)"
	fi
	test_second_up_fault
	test_damaged_state
	"$BL" down "$LAB" >/dev/null || fail "down after the damaged-state test failed"
	test_down_all_races_up
	test_side_by_side
	test_down_all
}

main "$@"
