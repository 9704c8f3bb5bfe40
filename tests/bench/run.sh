#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tests/bench/run.sh [N...]   (as root; default N: 10 100 1000)
#
# Benchmarks `branchlab up` and `down` against the iproute2 script that
# builds the same objects (bench-script: one `ip` per object, and an
# `ip -batch` per namespace as the stronger baseline) for generated labs
# of N sites, checks after each build that both made the same objects
# (bench-count), counts syscalls and netlink round trips, profiles `up`
# with perf, times `verify` of all site pairs, and writes
# docs/benchmarks.md. When the host kernel has no ESP it runs the
# measurements inside the test VM (ci/vm-run) and says so in the report.
#
# Environment: BRANCHLAB_BENCH_BIN (a build dir with branchlab and tests/bench/*;
# default: build Release into build-bench/rel), BRANCHLAB_BENCH_VERIFY_N (default 10:
# sites whose all-pairs verify is timed), BRANCHLAB_BENCH_MEM (VM memory, MB),
# BRANCHLAB_BENCH_SCRIPT_MAX / _BATCH_MAX (largest N to run the one-ip-per-
# object script / the ip -batch script for; default 10 / 10).
# Not part of ci/test.sh: a full run takes tens of minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/build-bench/results
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

build() {
	if [[ -n ${BRANCHLAB_BENCH_BIN:-} ]]; then
		return
	fi
	BRANCHLAB_BENCH_BIN=$ROOT/build-bench/rel
	cmake -S "$ROOT" -B "$BRANCHLAB_BENCH_BIN" -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build "$BRANCHLAB_BENCH_BIN" -j 2 --target branchlab bench-gen bench-script bench-count >/dev/null
}

kernel_has_esp() {
	[[ -r /proc/config.gz ]] || return 0 # no config: assume a distro kernel
	zcat /proc/config.gz | grep -Eq '^CONFIG_INET_ESP=(y|m)'
}

# label: run "$@" under /usr/bin/time; appends "label N wall_s maxrss_kb".
measure() {
	local label=$1 n=$2
	shift 2
	if ! /usr/bin/time -f '%e %M' -o "$OUT/time.tmp" "$@" >"$OUT/$label-$n.out" 2>&1; then
		tail -5 "$OUT/$label-$n.out" >&2
		die "$label for $n sites failed (output in $OUT/$label-$n.out)"
	fi
	echo "$label $n $(tail -1 "$OUT/time.tmp")" >>"$OUT/times.txt"
}

# Both ways must have built the same objects in every namespace.
check_counts() {
	local n=$1 way=$2
	"$BRANCHLAB_BENCH_BIN/tests/bench/bench-count" "bench$n-" >"$OUT/count-$way-$n.txt"
	if ! cmp -s "$OUT/count-branchlab-$n.txt" "$OUT/count-$way-$n.txt"; then
		diff "$OUT/count-branchlab-$n.txt" "$OUT/count-$way-$n.txt" | head -20 >&2
		die "$way built other objects than branchlab for $n sites"
	fi
	awk -v n="$n" -v way="$way" '{ ns++; l += $2; a += $3; r += $4; s += $5; p += $6 }
		END { print way, n, ns, l, a, r, s, p }' "$OUT/count-$way-$n.txt" >>"$OUT/objects.txt"
}

# down: one `ip netns del` per namespace, or one `ip -batch` of them.
down_script() {
	local n=$1 batch=$2
	echo '#!/bin/sh -e'
	if [[ $batch ]]; then
		echo "ip -batch - <<'EOF'"
		grep -o "netns add bench$n-[a-z0-9-]*" "$OUT/script-$n.sh" | sed 's/^netns add/netns del/'
		echo EOF
	else
		grep -o "netns add bench$n-[a-z0-9-]*" "$OUT/script-$n.sh" | sed 's/^netns add/ip netns del/'
	fi
}

# Topologies and scripts, on the host (at native speed: the route model
# of 1000 sites takes a while, and it is not what is measured).
prepare() {
	local n=$1
	local yaml=$OUT/bench$n.yaml bin=$BRANCHLAB_BENCH_BIN
	say "$n sites: generating the topology and the scripts"
	"$bin/tests/bench/bench-gen" "$n" "bench$n" >"$yaml"
	"$bin/tests/bench/bench-script" "$yaml" >"$OUT/script-$n.sh"
	"$bin/tests/bench/bench-script" "$yaml" --batch >"$OUT/batch-$n.sh"
	down_script "$n" "" >"$OUT/script-down-$n.sh"
	down_script "$n" 1 >"$OUT/batch-down-$n.sh"
	echo "$n $(grep -c '^ip ' "$OUT/script-$n.sh") $(grep -c '^ip ' "$OUT/batch-$n.sh") $(grep -c 'netns del' "$OUT/script-down-$n.sh")" >>"$OUT/commands.txt"
}

bench_size() {
	local n=$1
	local yaml=$OUT/bench$n.yaml bin=$BRANCHLAB_BENCH_BIN
	say "$n sites: branchlab up/down"
	measure up-branchlab "$n" "$bin/branchlab" -v up "$yaml"
	"$bin/tests/bench/bench-count" "bench$n-" >"$OUT/count-branchlab-$n.txt"
	check_counts "$n" branchlab
	measure down-branchlab "$n" "$bin/branchlab" down "bench$n"
	for way in script batch; do
		# Under TCG each process costs ~0.5 s: beyond these sizes the
		# report extrapolates from the command counts instead.
		[[ $way == script ]] && ((n > ${BRANCHLAB_BENCH_SCRIPT_MAX:-10})) && continue
		[[ $way == batch ]] && ((n > ${BRANCHLAB_BENCH_BATCH_MAX:-10})) && continue
		say "$n sites: $way up/down"
		measure "up-$way" "$n" sh "$OUT/$way-$n.sh"
		check_counts "$n" "$way"
		measure "down-$way" "$n" sh "$OUT/$way-down-$n.sh"
	done
}

# Syscalls behind one branchlab up: netlink sends/receives, processes
# started. (The scripts start one process per line: commands.txt; tracing
# them under TCG would take longer than running them.)
syscalls() {
	local n=$1
	local yaml=$OUT/bench$n.yaml
	local calls=sendmsg,sendto,recvmsg,recvfrom,execve
	say "$n sites: strace"
	strace -f -c -o "$OUT/strace-branchlab-$n.txt" -e trace=$calls \
		"$BRANCHLAB_BENCH_BIN/branchlab" up "$yaml" >/dev/null 2>&1
	"$BRANCHLAB_BENCH_BIN/branchlab" down "bench$n" >/dev/null
}

# Where the time of up goes: perf samples (kernel and user) by symbol.
profile() {
	local n=$1
	local yaml=$OUT/bench$n.yaml
	say "$n sites: perf"
	if perf record -q -F 499 -g -o "$OUT/perf-$n.data" \
		"$BRANCHLAB_BENCH_BIN/branchlab" up "$yaml" >/dev/null 2>"$OUT/perf-$n.err"; then
		perf report -i "$OUT/perf-$n.data" --stdio --no-children --sort dso,symbol \
			2>/dev/null | grep -E '^ +[0-9.]+%' | head -15 >"$OUT/perf-$n.txt"
	else
		echo "perf record failed: $(head -1 "$OUT/perf-$n.err")" >"$OUT/perf-$n.txt"
	fi
	"$BRANCHLAB_BENCH_BIN/branchlab" down "bench$n" >/dev/null
	rm -f "$OUT/perf-$n.data"
}

# verify of every site pair (reach expectations, one ping each).
verify_pairs() {
	local n=$1
	local yaml=$OUT/verify$n.yaml
	say "$n sites: verify of all pairs"
	"$BRANCHLAB_BENCH_BIN/branchlab" up "$yaml" >/dev/null
	/usr/bin/time -f '%e %M' -o "$OUT/time.tmp" \
		"$BRANCHLAB_BENCH_BIN/branchlab" verify "$yaml" >"$OUT/verify-$n.out" 2>&1 || true
	echo "verify $n $(tail -1 "$OUT/time.tmp") $(grep -c . "$OUT/verify-$n.out")" >>"$OUT/times.txt"
	"$BRANCHLAB_BENCH_BIN/branchlab" down "bench$n" >/dev/null
}

# Issue 4: phases and round trips of up for the reference lab and a
# generated 50-site lab.
reference_labs() {
	local yaml=$OUT/bench50.yaml
	say "round trips: reference lab and 50 sites"
	"$BRANCHLAB_BENCH_BIN/branchlab" -v up "$ROOT/topologies/azure-coexist.yaml" \
		>"$OUT/up-reference.out" 2>&1
	"$BRANCHLAB_BENCH_BIN/branchlab" down coexist >/dev/null
	"$BRANCHLAB_BENCH_BIN/tests/bench/bench-gen" 50 bench50 >"$yaml"
	"$BRANCHLAB_BENCH_BIN/branchlab" -v up "$yaml" >"$OUT/up-sites50.out" 2>&1
	"$BRANCHLAB_BENCH_BIN/branchlab" down bench50 >/dev/null
}

inner() {
	[[ $(id -u) -eq 0 ]] || die "must run as root"
	# up keeps a namespace fd and two netlink sockets open per namespace:
	# 1000 sites (3157 namespaces) exceed the default limit of 1024.
	ulimit -n 65536
	: >"$OUT/times.txt"
	: >"$OUT/objects.txt"
	{ uname -r; [[ -n ${BRANCHLAB_IN_VM:-} ]] && echo "QEMU TCG guest" || echo host; } >"$OUT/kernel.txt"
	grep MemTotal /proc/meminfo >>"$OUT/kernel.txt"
	# The largest sizes last: their figures are the ones that may not fit.
	bench_size "$1"
	[[ $# -lt 2 ]] || bench_size "$2"
	reference_labs
	syscalls "$1"
	profile "${BRANCHLAB_BENCH_PROFILE_N:-${2:-$1}}"
	verify_pairs "${BRANCHLAB_BENCH_VERIFY_N:-10}"
	for n in "${@:3}"; do
		bench_size "$n"
	done
	say "measurements done"
}

main() {
	local sizes=("$@") max=0
	[[ ${#sizes[@]} -gt 0 ]] || sizes=(10 100 1000)
	if [[ ${1:-} == --inner ]]; then
		shift
		inner "$@"
		return
	fi
	build
	rm -rf "$OUT"
	mkdir -p "$OUT"
	export BRANCHLAB_BENCH_BIN
	: >"$OUT/commands.txt"
	for n in "${sizes[@]}"; do prepare "$n"; done
	"$BRANCHLAB_BENCH_BIN/tests/bench/bench-gen" "${BRANCHLAB_BENCH_VERIFY_N:-10}" \
		"bench${BRANCHLAB_BENCH_VERIFY_N:-10}" --expect >"$OUT/verify${BRANCHLAB_BENCH_VERIFY_N:-10}.yaml"
	for n in "${sizes[@]}"; do ((n > max)) && max=$n; done
	if kernel_has_esp; then
		inner "${sizes[@]}"
	else
		say "the host kernel has no ESP: measuring inside the test VM"
		"$ROOT/ci/vm-run" --mem "${BRANCHLAB_BENCH_MEM:-$((max > 100 ? 8192 : 2048))}" \
			--timeout 3600 -- "$ROOT/tests/bench/run.sh" --inner "${sizes[@]}"
	fi
	python3 "$ROOT/tests/bench/report.py" "$OUT" "$ROOT/docs/benchmarks.md"
	say "wrote docs/benchmarks.md"
}

main "$@"
