#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Generated topologies (tests/bench/bench-gen: N sites, a tenth of them ER
# circuits, the rest active-active VPN sites, spokes, a Route Server with
# branch-to-branch) in bird mode, static keys: `diff --wait` exits 0,
# `verify` of every ordered pair of sites' hosts passes, down leaves no
# BIRD. 10 sites always; 50 sites too when BRANCHLAB_FULL=1 (about 3 min
# in the test VM, too long for every CI run). BL_GEN_SITES (sizes) overrides
# both.
#
# Needs IPsec in the kernel: on a host without it, it skips (77) with
# doctor's reason; it runs for real in the test VM.
set -euo pipefail

BL=${BRANCHLAB:?set BRANCHLAB to the branchlab binary}
GEN=${BRANCHLAB_BENCH_GEN:?set BRANCHLAB_BENCH_GEN to tests/bench/bench-gen}
WORK=$(mktemp -d)
LAB=

# shellcheck source=tests/integration/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# shellcheck source=tests/integration/cli/bird_lab.sh
. "$(dirname "${BASH_SOURCE[0]}")/bird_lab.sh"

cleanup() {
	[[ -z $LAB ]] || "$BL" down "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}

SIZES=${BL_GEN_SITES:-10}
[[ -n ${BL_GEN_SITES:-} || ${BRANCHLAB_FULL:-0} != 1 ]] || SIZES="10 50"

need_root
need_bird_lab static
trap cleanup EXIT

for n in $SIZES; do
	LAB=bsgen$n
	"$GEN" "$n" "$LAB" --expect >"$WORK/$LAB.yaml" || fail "bench-gen $n failed"
	# Every pair's ping shares the 2 CPUs of the VM with the BIRDs: 2450
	# pairs at 50 sites took 38 s there.
	bird_lab_check "$WORK/$LAB.yaml" "$LAB" static $((60 + 2 * n)) $((20 + n))
	LAB=
done
echo "ok: generated topologies of $SIZES sites in bird mode"
