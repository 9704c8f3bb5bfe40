# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Sourced by the bird-mode tests (itest_bird_topologies*.sh,
# itest_bird_generated.sh): one lab through up in bird mode, diff, verify
# and down. Uses $BL and $WORK, and lib.sh's skip and fail.

# Skips (77) where a lab with tunnels in bird mode and KEYING cannot run.
need_bird_lab() {
	[[ -x /usr/sbin/bird ]] || skip "no /usr/sbin/bird: install bird2 (ci/setup.sh does)"
	if [[ $1 == ikev2 && ! -x /usr/lib/ipsec/charon ]]; then
		skip "needs strongSwan's charon (/usr/lib/ipsec/charon)"
	fi
	if ! "$BL" doctor >"$WORK/doctor.txt" 2>&1; then
		grep -i missing "$WORK/doctor.txt" || true
		skip "this kernel cannot build a lab with tunnels (branchlab doctor above); run in the test VM"
	fi
}

# Live (not zombie) BIRD processes of lab $1.
lab_birds() {
	local p
	for p in $(pgrep -x bird || true); do
		[[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]] || continue
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "/$1/bird/" && echo "$p"
	done
	return 0
}

# The charons of lab $1 from their pid files (read before down removes
# them).
lab_charon_pids() {
	local f
	for f in "${BRANCHLAB_STATE_DIR:-/run/branchlab}/$1"/charon/*.pid; do
		[[ -e $f ]] && cut -d' ' -f1 "$f"
	done
	return 0
}

# Which of the pids on stdin still run (zombies do not count).
still_running() {
	local p
	while read -r p; do
		[[ -n $p && -e /proc/$p && $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]] &&
			echo "$p"
	done
	return 0
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# bird_lab_check FILE LAB KEYING DIFF_WAIT VERIFY_TIMEOUT: up FILE in bird
# mode with KEYING; `diff --wait DIFF_WAIT` must exit 0 having compared the
# VMs too; `verify --timeout VERIFY_TIMEOUT` must pass; down must leave no
# BIRD and no charon of LAB. Prints the time of each step.
bird_lab_check() {
	local topo=$1 lab=$2 keying=$3 name t up_ms diff_ms verify_ms charons
	name=$(basename "$topo")
	t=$(date +%s%N)
	"$BL" up "$topo" --control-plane bird --keying "$keying" >"$WORK/up.log" 2>&1 ||
		{ cat "$WORK/up.log"; fail "$name: up --control-plane bird --keying $keying failed"; }
	up_ms=$(ms_since "$t")
	[[ $keying != ikev2 || -n $(lab_charon_pids "$lab") ]] ||
		fail "$name: up --keying ikev2 started no charon"
	t=$(date +%s%N)
	"$BL" diff "$lab" --wait "$4" >"$WORK/diff" ||
		fail "$name ($keying): the kernel is not the model's: $(cat "$WORK/diff")"
	diff_ms=$(ms_since "$t")
	grep -Eq "\(bird control plane\) and [1-9][0-9]* VMs? after" "$WORK/diff" ||
		fail "$name: diff did not compare the VMs: $(cat "$WORK/diff")"
	t=$(date +%s%N)
	"$BL" verify "$topo" --timeout "$5" >"$WORK/verify.log" 2>&1 ||
		{ grep -v '^PASS' "$WORK/verify.log"; fail "$name ($keying): verify failed in bird mode"; }
	verify_ms=$(ms_since "$t")
	charons=$(lab_charon_pids "$lab")
	"$BL" down "$lab" >/dev/null || fail "$name: down failed"
	[[ -z $(lab_birds "$lab") ]] || fail "$name: BIRD left after down"
	[[ -z $(still_running <<<"$charons") ]] || fail "$name: charon left after down"
	echo "ok: $name ($keying keying): up $up_ms ms, diff 0 after $diff_ms ms," \
		"$(tail -n 1 "$WORK/verify.log" | sed 's/^verify [a-z0-9-]*: //') ($verify_ms ms)"
}
