#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Fuzz the topology loader with libFuzzer for a bounded time (default 60 s),
# seeded with the shipped topologies and the bad fixtures. Exits non-zero on
# any crash, leak, sanitizer report or timeout.
#   ci/fuzz.sh [SECONDS]
set -euo pipefail

seconds=${1:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
out=${BL_FUZZ_DIR:-$src/build-fuzz}
mkdir -p "$out/corpus" "$out/artifacts"
cp "$src"/topologies/*.yaml "$src"/tests/fixtures/bad/*.yaml "$out/corpus/"

flags="-std=c11 -g -O1 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined"
flags+=" -fno-sanitize-recover=all -I$src -I$src/orchestrator"
libs="$(pkg-config --libs libcyaml yaml-0.1)"
# Only the loader and the layer below it (common/): no netlink or vici.
clang $flags -o "$out/fuzz_topology" "$src/tests/fuzz/fuzz_topology.c" \
	"$src"/orchestrator/topology/*.c "$src"/orchestrator/common/*.c \
	$libs

# -timeout: one input taking over 5 s is a hang; -rss_limit_mb bounds memory.
exec "$out/fuzz_topology" -max_total_time="$seconds" -timeout=5 \
	-rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
	-artifact_prefix="$out/artifacts/" "$out/corpus"
