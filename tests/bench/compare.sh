#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Two branchlab binaries side by side on one bench-gen lab, in one run (as
# root, inside the test VM for labs with tunnels: ci/vm-run -- ...):
#
#   tests/bench/compare.sh N OLD_BIN NEW_BIN [OUT_DIR]
#
# For each binary in turn: static `up`, three `trace h1 h2`, `down`; then
# `up --control-plane bird` and `diff --wait 120`, `down`. Prints each
# time; nothing is asserted (docs/benchmarks.md quotes what it printed).
set -u
N=${1:?usage: compare.sh N OLD_BIN NEW_BIN [OUT_DIR]}
OLD=${2:?old binary}
NEW=${3:?new binary}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${4:-$REPO/build-compare}
GEN=${BRANCHLAB_BENCH_GEN:-$REPO/build-release/tests/bench/bench-gen}
mkdir -p "$OUT"
"$GEN" "$N" "m$N" >"$OUT/m$N.yaml"

# timed CMD...: "S s (rc R)"; the output in $OUT/last.out.
timed() {
	local s e rc
	s=$(date +%s.%N)
	"$@" >"$OUT/last.out" 2>&1
	rc=$?
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" -v rc="$rc" 'BEGIN { printf "%.2f s (rc %d)", e - s, rc }'
}

for v in old new; do
	bin=$OLD
	[[ $v == new ]] && bin=$NEW
	echo "$v static up: $(timed "$bin" up "$OUT/m$N.yaml")"
	for i in 1 2 3; do echo "$v trace h1 h2 #$i: $(timed "$bin" trace "m$N" h1 h2)"; done
	tail -3 "$OUT/last.out"
	echo "$v down: $(timed "$bin" down "m$N")"
done
for v in old new; do
	bin=$OLD
	[[ $v == new ]] && bin=$NEW
	echo "$v bird up: $(timed "$bin" up "$OUT/m$N.yaml" --control-plane bird)"
	echo "$v diff --wait 120: $(timed "$bin" diff "m$N" --wait 120)"
	tail -1 "$OUT/last.out"
	echo "$v down: $(timed "$bin" down "m$N")"
done
