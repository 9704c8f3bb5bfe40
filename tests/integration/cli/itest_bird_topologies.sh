#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every shipped topology with `up --control-plane bird` (real BIRD over
# real tunnels): `diff --wait 60` must exit 0 (every BGP speaker's kernel
# routes are the model's, and every VM's too: their gateway routes come
# from the VNet feed, a BIRD per VM fed by the gateways), and down must
# leave no BIRD of the lab. Needs
# IPsec in the kernel: on a host without it, it skips (77) with doctor's
# reason; it runs for real in the test VM.
set -euo pipefail

SRC=${BL_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
WORK=$(mktemp -d)
LAB=

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

cleanup() {
	[[ -z $LAB ]] || "$BL" down "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

# Live (not zombie) BIRD processes of the lab.
lab_birds() {
	local p
	for p in $(pgrep -x bird || true); do
		[[ $(awk '{print $3}' "/proc/$p/stat" 2>/dev/null) != Z ]] || continue
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "/$1/bird/" && echo "$p"
	done
	return 0
}

need_root
[[ -x /usr/sbin/bird ]] || skip "no /usr/sbin/bird: install bird2 (ci/setup.sh does)"
if ! "$BL" doctor >"$WORK/doctor.txt" 2>&1; then
	grep -i missing "$WORK/doctor.txt" || true
	skip "this kernel cannot build a lab with tunnels (branchlab doctor above); run in the test VM"
fi
trap cleanup EXIT

n=0
for topo in "$SRC"/topologies/*.yaml; do
	LAB=$(awk '/^name:/ {print $2; exit}' "$topo")
	start=$SECONDS
	"$BL" up "$topo" --control-plane bird >/dev/null || fail "$(basename "$topo"): up --control-plane bird failed"
	"$BL" diff "$LAB" --wait 60 >"$WORK/diff" ||
		fail "$(basename "$topo"): the kernel is not the model's: $(cat "$WORK/diff")"
	grep -Eq "\(bird control plane\) and [1-9][0-9]* VMs? after" "$WORK/diff" ||
		fail "$(basename "$topo"): diff did not compare the VMs: $(cat "$WORK/diff")"
	"$BL" down "$LAB" >/dev/null || fail "$(basename "$topo"): down failed"
	[[ -z $(lab_birds "$LAB") ]] || fail "$(basename "$topo"): BIRD left after down"
	LAB=
	echo "ok: $(basename "$topo"): diff 0 in bird mode, $((SECONDS - start)) s for up, diff and down"
	n=$((n + 1))
done
echo "ok: $n topologies"
